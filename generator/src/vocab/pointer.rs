//! JSON pointers (RFC 6901), the way every stage names a node of the tree:
//! `/paths/~1users~1{id}/get`. One token is escaped here and nowhere else.

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
}
