//! Which route a request is on, as the rate limits see it: the major
//! parameter of its path ([`major_parameter`]) and the bucket it counts
//! against ([`BucketKey`]: its server, route template and major parameter).
//! The limiter keys its buckets by it, and each request's trace names it.

use super::Server;

/// The path parameters that split a route into several buckets, in order of
/// preference.
const MAJOR_PARAMETERS: [&str; 3] = ["channel_id", "guild_id", "webhook_id"];

/// The value of the first major parameter (`channel_id`, `guild_id`,
/// `webhook_id`) in `path`, found by matching it segment by segment against
/// `template`; `None` when the route has none or the path does not fit the
/// template.
pub(crate) fn major_parameter<'a>(template: &str, path: &'a str) -> Option<&'a str> {
    let mut found = None;
    let mut templates = template.split('/');
    let mut segments = path.split('/');
    loop {
        match (templates.next(), segments.next()) {
            (Some(pattern), Some(segment)) => {
                if found.is_none()
                    && pattern
                        .strip_prefix('{')
                        .and_then(|name| name.strip_suffix('}'))
                        .is_some_and(|name| MAJOR_PARAMETERS.contains(&name))
                {
                    found = Some(segment);
                }
            }
            (None, None) => return found,
            _ => return None,
        }
    }
}

/// What a bucket is known by: the operation's server, the route template
/// and its major parameter (empty when the route has none). The same route
/// on two servers (the base URL and `https://upload.example.org`) is two
/// buckets.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct BucketKey {
    /// Empty for the client's base URL, else the server as the schema gives it.
    server: &'static str,
    route: &'static str,
    major: Box<str>,
}

impl BucketKey {
    /// The bucket of a route on the client's base URL.
    pub(crate) fn new(route: &'static str, major: Option<&str>) -> Self {
        Self {
            server: "",
            route,
            major: major.unwrap_or_default().into(),
        }
    }

    /// The same route on another server: a [`Relative`](Server::Relative)
    /// reference or an [`Absolute`](Server::Absolute) URL (one never reads as
    /// the other: only an absolute URL has a scheme, and the client refuses a
    /// relative reference that leaves the base URL's origin).
    pub(crate) fn on(mut self, server: Server) -> Self {
        self.server = match server {
            Server::Base => "",
            Server::Relative(text) | Server::Absolute(text) => text,
        };
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_parameters() {
        let cases = [
            (
                "/channels/{channel_id}/invites",
                "/channels/123/invites",
                Some("123"),
            ),
            (
                "/guilds/{guild_id}/members/{user_id}",
                "/guilds/9/members/8",
                Some("9"),
            ),
            (
                "/webhooks/{webhook_id}/{token}",
                "/webhooks/5/secret",
                Some("5"),
            ),
            ("/users/@me/channels", "/users/@me/channels", None),
            ("/users/{user_id}", "/users/1", None),
            ("/channels/{channel_id}/invites", "/channels/123", None),
            ("/channels/{channel_id}", "/channels/1/extra", None),
            ("/a/{channel_id}/{guild_id}", "/a/x%2Fy/2", Some("x%2Fy")),
            ("", "", None),
            ("{channel_id}", "", Some("")),
        ];
        for (template, path, expected) in cases {
            assert_eq!(
                major_parameter(template, path),
                expected,
                "{template} {path}"
            );
        }
    }
}
