//! `servers`: where an operation's requests go.
//!
//! The client's base URL stands for the document's first top-level server.
//! An operation's `servers`, else its path item's, override it (OpenAPI:
//! operation over path item over document). The first usable entry is read,
//! its variables replaced by their `default`s, and resolved against the
//! top-level server (RFC 3986). What the client does with it
//! ([`Server`]) follows from how the two relate:
//!
//! - the same URL → [`Server::Base`];
//! - the same origin → [`Server::Relative`], the path from the top-level
//!   server's to this one (`uploads`, `../v2`), applied to the client's base
//!   URL, so a self-hosted base URL still works;
//! - another origin → [`Server::Absolute`].
//!
//! Entries after the first usable one are alternatives the client does not
//! offer; an entry that cannot be used (a variable without a `default`, a
//! `{name}` not declared, a query, another scheme than `http`/`https`) is a
//! warning and the next one is tried.

use serde_json::{Map, Value};

use super::Resolver;
use crate::ir::Server;
use crate::vocab::keywords::{SERVER, SERVER_VARIABLE};
use crate::vocab::pointer::child;

/// A server URL, its variables replaced, split for comparing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Location {
    /// The lower-case scheme and authority (`https`, `upload.box.com`; a
    /// default port dropped), or `None` for a relative URL.
    origin: Option<(String, String)>,
    /// For an absolute URL or a relative one starting with `/`, whether the
    /// path is absolute; a relative one without it is relative to the
    /// top-level server.
    rooted: bool,
    /// The path's non-empty segments, as written (percent-encoding kept).
    segments: Vec<String>,
}

/// The document's first top-level server, its variables replaced by their
/// defaults. Nothing is said about it: the client's base URL is the
/// builder's, and the top-level server only tells how other servers relate
/// to it. Without a usable one it is OpenAPI's default, `/`.
pub(super) fn top_server(root: &Map<String, Value>) -> Location {
    let first = root
        .get("servers")
        .and_then(Value::as_array)
        .and_then(|servers| servers.first())
        .and_then(Value::as_object);
    first
        .and_then(|server| {
            let url = server.get("url")?.as_str()?;
            let variables = server.get("variables").and_then(Value::as_object);
            let text = substitute(url, variables, "").ok()?;
            parse(&text).ok()
        })
        .unwrap_or(Location {
            origin: None,
            rooted: true,
            segments: Vec::new(),
        })
}

impl<'a> Resolver<'a> {
    /// The server of a path item or an operation (`map` holds its
    /// `servers`), or `None` when it names none that can be used.
    pub(super) fn servers(&mut self, map: &'a Map<String, Value>, pointer: &str) -> Option<Server> {
        let value = map.get("servers")?;
        let pointer = child(pointer, "servers");
        let Value::Array(servers) = value else {
            self.warn(&pointer, "`servers` must be a list; it is ignored");
            return None;
        };
        servers.iter().enumerate().find_map(|(index, server)| {
            let location = self.server(server, &child(&pointer, &index.to_string()))?;
            Some(relate(&self.top_server, &location))
        })
    }

    /// One Server Object, or `None` (with a warning) when it cannot be used.
    fn server(&mut self, server: &'a Value, pointer: &str) -> Option<Location> {
        let Value::Object(map) = server else {
            self.warn(pointer, "a server must be an object; it is ignored");
            return None;
        };
        self.check_keys(map, pointer, &SERVER);
        let Some(Value::String(url)) = map.get("url") else {
            self.warn(
                pointer,
                "a server needs a `url` that is a string; it is ignored",
            );
            return None;
        };
        let variables = match map.get("variables") {
            None => None,
            Some(Value::Object(variables)) => {
                for (name, variable) in variables {
                    if let Value::Object(variable) = variable {
                        let at = child(&child(pointer, "variables"), name);
                        self.check_keys(variable, &at, &SERVER_VARIABLE);
                    }
                }
                Some(variables)
            }
            Some(_) => {
                self.warn(
                    &child(pointer, "variables"),
                    "`variables` must be an object; the server is ignored",
                );
                return None;
            }
        };
        let text = substitute(url, variables, pointer)
            .map_err(|(at, message)| self.warn(&at, format!("{message}; the server is ignored")))
            .ok()?;
        parse(&text)
            .map_err(|message| {
                self.warn(
                    &child(pointer, "url"),
                    format!("the server URL `{text}` {message}; the server is ignored"),
                );
            })
            .ok()
    }
}

/// The URL with each `{name}` replaced by its variable's `default`, or the
/// pointer and text of what stops that.
fn substitute(
    url: &str,
    variables: Option<&Map<String, Value>>,
    pointer: &str,
) -> Result<String, (String, String)> {
    let url_pointer = child(pointer, "url");
    let mut text = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(start) = rest.find('{') {
        text.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}').map(|end| start + end) else {
            return Err((
                url_pointer,
                format!("unclosed `{{` in the server URL `{url}`"),
            ));
        };
        let name = &rest[start + 1..end];
        let Some(variable) = variables.and_then(|variables| variables.get(name)) else {
            return Err((
                url_pointer,
                format!(
                    "the server URL `{url}` names `{{{name}}}`, which `variables` does not declare"
                ),
            ));
        };
        let at = child(&child(pointer, "variables"), name);
        match variable.get("default") {
            Some(Value::String(default)) => text.push_str(default),
            Some(_) => {
                return Err((
                    child(&at, "default"),
                    format!("the default of the server variable `{name}` must be a string"),
                ));
            }
            None => {
                return Err((at, format!("the server variable `{name}` has no `default`")));
            }
        }
        rest = &rest[end + 1..];
    }
    text.push_str(rest);
    Ok(text)
}

/// A server URL split into origin and path, or the end of a sentence
/// ("the server URL `…` …") saying why the client cannot use it.
fn parse(text: &str) -> Result<Location, &'static str> {
    if text
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || "\"<>\\^`{|}".contains(c))
    {
        return Err("has characters a URL cannot hold");
    }
    if text.contains(['?', '#']) {
        return Err("has a query or fragment, which the client cannot add to its requests");
    }
    if text.starts_with("//") {
        return Err("has a host but no scheme");
    }
    let Some((scheme, rest)) = split_scheme(text) else {
        return Ok(Location {
            origin: None,
            rooted: text.starts_with('/'),
            segments: segments(text),
        });
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err("is not an `http` or `https` URL");
    }
    let Some(rest) = rest.strip_prefix("//") else {
        return Err("has a scheme but no host");
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.contains('@') {
        return Err("has a user name or password");
    }
    let mut authority = authority.to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    if authority.ends_with(default_port) {
        authority.truncate(authority.len() - default_port.len());
    }
    if authority.is_empty() || authority.starts_with(':') {
        return Err("has no host");
    }
    // The port: after the host, which may be an IPv6 literal in brackets.
    let host_end = if authority.starts_with('[') {
        authority.find(']').map_or(authority.len(), |end| end + 1)
    } else {
        authority.find(':').unwrap_or(authority.len())
    };
    let port = &authority[host_end..];
    if !port.is_empty()
        && port
            .strip_prefix(':')
            .is_none_or(|port| port.parse::<u16>().is_err())
    {
        return Err("has a port that is not a number from 0 to 65535");
    }
    Ok(Location {
        origin: Some((scheme, authority)),
        rooted: true,
        segments: segments(path),
    })
}

/// The scheme (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`)
/// and what follows its `:`, if the text starts with one.
fn split_scheme(text: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some((scheme, rest))
}

/// A path's non-empty segments.
fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(str::to_owned)
        .collect()
}

/// How a server relates to the top-level one.
fn relate(top: &Location, server: &Location) -> Server {
    match &server.origin {
        Some(_) if server.origin != top.origin => Server::Absolute(absolute_text(server)),
        _ => {
            let target = resolve_path(top, server);
            match reference(&top.segments, &target) {
                None => Server::Base,
                Some(reference) => Server::Relative(reference),
            }
        }
    }
}

/// An absolute URL as the generated code holds it: lower-case scheme and
/// host, no default port, no trailing slash.
fn absolute_text(location: &Location) -> String {
    let (scheme, authority) = location.origin.as_ref().map_or(("", ""), |(s, a)| (s, a));
    let mut text = format!("{scheme}://{authority}");
    for segment in &location.segments {
        text.push('/');
        text.push_str(segment);
    }
    text
}

/// The server's path resolved against the top-level server's, taken as a
/// directory (RFC 3986 §5.2, with its dot segments removed).
fn resolve_path(top: &Location, server: &Location) -> Vec<String> {
    let mut path: Vec<String> = if server.rooted {
        Vec::new()
    } else {
        top.segments.clone()
    };
    for segment in &server.segments {
        match segment.as_str() {
            "." => {}
            ".." => {
                path.pop();
            }
            _ => path.push(segment.clone()),
        }
    }
    path
}

/// The relative reference from the directory `from` to `to` (`uploads`,
/// `../v2`, `../`), or `None` when they are the same.
fn reference(from: &[String], to: &[String]) -> Option<String> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() && common == to.len() {
        return None;
    }
    let mut text = "../".repeat(from.len() - common);
    let rest = to[common..].join("/");
    // A first segment with a `:` would read as a scheme.
    if text.is_empty() && rest.split('/').next().is_some_and(|s| s.contains(':')) {
        text.push_str("./");
    }
    text.push_str(&rest);
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(top: &str, server: &str) -> Server {
        relate(&parse(top).unwrap(), &parse(server).unwrap())
    }

    #[test]
    fn relations() {
        let relative = |text: &str| Server::Relative(text.to_owned());
        let absolute = |text: &str| Server::Absolute(text.to_owned());
        for (top, server, expected) in [
            ("https://x/v1", "https://x/v1/", Server::Base),
            ("https://x/v1", "HTTPS://X:443/v1", Server::Base),
            ("https://x/v1", "https://x/v1/uploads", relative("uploads")),
            ("https://x/v1", "https://x/v2", relative("../v2")),
            ("https://x/v1", "https://x", relative("../")),
            ("https://x/v1", "/v2", relative("../v2")),
            ("https://x/v1", "uploads", relative("uploads")),
            ("https://x/v1", "./a/../b", relative("b")),
            ("https://x/v1", "/v1", Server::Base),
            ("https://x/v1", "/a:b", relative("../a:b")),
            ("https://x", "/a:b", relative("./a:b")),
            ("https://x/v1", "http://x/v1", absolute("http://x/v1")),
            (
                "https://x/v1",
                "https://x:8443/v1",
                absolute("https://x:8443/v1"),
            ),
            (
                "https://x/v1",
                "https://Up.X/api/",
                absolute("https://up.x/api"),
            ),
            ("/api/v1", "/api/v1/up", relative("up")),
            ("/api/v1", "https://x/api/v1", absolute("https://x/api/v1")),
        ] {
            assert_eq!(relation(top, server), expected, "{top} → {server}");
        }
    }

    #[test]
    fn unusable_urls() {
        for url in [
            "https://x/v1?a=1",
            "https://x/#a",
            "ftp://x",
            "https://user@x",
            "https://",
            "https://:80/a",
            "//x/v1",
            "https:x",
            "https://x/a b",
            "https://x:abc/v1",
            "https://x:70000",
            "https://[::1]x",
        ] {
            assert!(parse(url).is_err(), "{url}");
        }
    }
}
