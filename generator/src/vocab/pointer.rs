//! JSON pointers (RFC 6901), the way every stage names a node of the tree:
//! `/paths/~1users~1{id}/get`. One token is escaped here and nowhere else,
//! and a pointer is followed to its node here.

use serde_json::Value;

/// Appends `/token` to a JSON pointer, escaping `~` and `/`.
pub(crate) fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    push_escaped(pointer, token);
}

/// The pointer of the member `token` of the node at `pointer`.
pub(crate) fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push_token(&mut out, token);
    out
}

/// One reference token, escaped (`a/b` → `a~1b`), for a pointer built
/// around it.
pub(crate) fn escape_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

/// Appends `token` with `~` as `~0` and `/` as `~1`.
fn push_escaped(out: &mut String, token: &str) {
    if token.contains(['~', '/']) {
        for c in token.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                _ => out.push(c),
            }
        }
    } else {
        out.push_str(token);
    }
}

/// Undoes [`escape_token`].
pub(crate) fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The node `pointer` names in `root`, and the pointer spelled the way
/// [`child`] spells it: a `$ref` may spell one its own way (`/a~b` for the
/// member `a~b`, `/01` for the item 1), and tables keyed by pointer hold
/// this spelling. `None` when the pointer names nothing.
pub(crate) fn find<'v>(root: &'v Value, pointer: &str) -> Option<(&'v Value, String)> {
    let mut node = root;
    let mut spelled = String::with_capacity(pointer.len());
    for token in pointer.split('/').skip(1) {
        let token = unescape_token(token);
        node = match node {
            Value::Object(map) => {
                push_token(&mut spelled, &token);
                map.get(&token)?
            }
            Value::Array(items) => {
                let index = token.parse::<usize>().ok()?;
                push_token(&mut spelled, &index.to_string());
                items.get(index)?
            }
            _ => return None,
        };
    }
    Some((node, spelled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_escape_tilde_and_slash_and_unescape_back() {
        assert_eq!(child("/paths", "/users/{id}"), "/paths/~1users~1{id}");
        assert_eq!(child("", "a~b"), "/a~0b");
        assert_eq!(escape_token("~1/"), "~01~1");
        assert_eq!(unescape_token("~01~1"), "~1/");
        assert_eq!(escape_token("plain"), "plain");
    }

    #[test]
    fn a_pointer_names_its_node_and_is_spelled_one_way() {
        let root = serde_json::json!({"a~b": {"c/d": [true, false]}});
        let (node, spelled) = find(&root, "/a~b/c~1d/01").unwrap();
        assert_eq!(node, &Value::Bool(false));
        assert_eq!(spelled, "/a~0b/c~1d/1");
        assert_eq!(find(&root, "").unwrap().1, "");
        assert!(find(&root, "/a~0b/missing").is_none());
        assert!(find(&root, "/a~0b/c~1d/2").is_none());
    }
}
