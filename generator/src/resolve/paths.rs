//! Path keys: the template a request is sent to, the query a key fixes
//! (`/things?kind=a`), and the names of the template's parameters.

use crate::vocab::refs::percent_decode;

/// A key of `paths` read as a reader would: the template before any `?` or
/// `#` written outside `{…}`, the fixed query after `?` (sent with every
/// request), and the fragment after `#` (never sent).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct PathKey<'p> {
    /// What is sent, with its `{…}` parameters.
    pub(super) template: &'p str,
    /// The query written in the key, as it is written (`kind=a&x`).
    pub(super) query: Option<&'p str>,
    /// The fragment written in the key (`stream`).
    pub(super) fragment: Option<&'p str>,
}

/// Splits a key of `paths` (see [`PathKey`]).
pub(super) fn path_key(key: &str) -> PathKey<'_> {
    let mut depth = 0usize;
    let mut query_at = None;
    let mut fragment_at = None;
    for (index, c) in key.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '?' if depth == 0 && query_at.is_none() => query_at = Some(index),
            '#' if depth == 0 => {
                fragment_at = Some(index);
                break;
            }
            _ => {}
        }
    }
    let before_fragment = fragment_at.map_or(key, |at| &key[..at]);
    let template = query_at.map_or(before_fragment, |at| &key[..at]);
    PathKey {
        template,
        query: query_at.map(|at| &before_fragment[at + 1..]),
        fragment: fragment_at.map(|at| &key[at + 1..]),
    }
}

/// The fixed query of a path key as name and value pairs, percent-decoded
/// (the runtime encodes them again when it sends them); empty pairs are
/// left out and a name without `=` has the empty value.
pub(super) fn fixed_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// The parameter a template expression names: `name`, or RFC 6570's
/// `.name`, `;name`, `name*` (seen in real documents; the parameter's own
/// `style` and `explode` say how it is written).
fn template_name(expression: &str) -> &str {
    expression
        .trim_start_matches(['.', ';', '+', '#', '/', '?', '&'])
        .trim_end_matches('*')
}

/// The names of a path template's `{…}`, each once, in the order they first
/// appear (a name written twice is one parameter, written in both places).
pub(super) fn path_template_names(path: &str) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            return Err(format!("unclosed `{{` in the path `{path}`"));
        };
        let name = template_name(&rest[start + 1..start + end]);
        if name.is_empty() {
            return Err(format!("empty parameter `{{}}` in the path `{path}`"));
        }
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
        rest = &rest[start + end + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unmatched `}}` in the path `{path}`"));
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates() {
        assert_eq!(
            path_template_names("/a/{b}/c/{d}"),
            Ok(vec!["b".to_owned(), "d".to_owned()])
        );
        assert!(path_template_names("/a/{b").is_err());
        assert!(path_template_names("/a/{}").is_err());
        assert_eq!(
            path_template_names("/a/{b}/{c}/{b}"),
            Ok(vec!["b".to_owned(), "c".to_owned()])
        );
        assert_eq!(
            path_template_names("/a/{.b}/{;c*}/{d*}"),
            Ok(vec!["b".to_owned(), "c".to_owned(), "d".to_owned()])
        );
    }

    #[test]
    fn path_keys() {
        let key = path_key("/v1/chat#stream");
        assert_eq!(
            key,
            PathKey {
                template: "/v1/chat",
                query: None,
                fragment: Some("stream"),
            }
        );
        let key = path_key("/things{?kind}?a=b%20c&flag#x?y");
        assert_eq!(key.template, "/things{?kind}");
        assert_eq!(key.query, Some("a=b%20c&flag"));
        assert_eq!(key.fragment, Some("x?y"));
        assert_eq!(
            fixed_query(key.query.unwrap_or_default()),
            [
                ("a".to_owned(), "b c".to_owned()),
                ("flag".to_owned(), String::new())
            ]
        );
        assert_eq!(path_key("/a/{b}").template, "/a/{b}");
    }
}
