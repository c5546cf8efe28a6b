//! Percent-encoding for URLs (one set of kept characters, RFC 3986's
//! unreserved ones, for path segments, query names and values), and the
//! check that a path keeps its shape once a URL parser reads it.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

#[cfg(feature = "client")]
use crate::error::{Error, ErrorKind};

/// Characters kept as they are in a path segment: RFC 3986 unreserved.
pub(super) const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` for use as one path segment: everything but the
/// RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, so `/`,
/// `?`, `#` and `%` cannot change the shape of the URL.
///
/// A value of `.` or `..` would still be read as a dot segment; sending such a
/// path fails with [`ErrorKind::Encode`] rather than reaching another endpoint.
///
/// This is [`path_param`](crate::request::path_param) with `style: simple`
/// for a string; `path_param` also takes lists, objects and the `label` and
/// `matrix` styles.
///
/// ```
/// use fluxer_client::request::encode_path_segment;
///
/// assert_eq!(encode_path_segment("a/b c?%"), "a%2Fb%20c%3F%25");
/// assert_eq!(encode_path_segment("1183436478421147648"), "1183436478421147648");
/// ```
#[must_use]
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// Encodes a query name or value (the same set: only unreserved kept).
pub(crate) fn encode_query_component(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// Checks that `path` starts with `/` and has no empty or dot segments, which
/// a URL parser would collapse into a different path. An empty segment the
/// `template` writes itself (`/`, `/auth/account/`) is the document's, and
/// kept.
#[cfg(feature = "client")]
pub(crate) fn check_path(path: &str, template: &str) -> Result<(), Error> {
    let fail = |message: String| Err(Error::new(ErrorKind::Encode { message }));
    let Some(rest) = path.strip_prefix('/') else {
        return fail(format!("the path {path:?} does not start with `/`"));
    };
    let written: Vec<&str> = template
        .strip_prefix('/')
        .unwrap_or(template)
        .split('/')
        .collect();
    for (index, segment) in rest.split('/').enumerate() {
        if segment.is_empty() && written.get(index) == Some(&"") {
            continue;
        }
        // `.` and `..`, possibly percent-encoded, are at most six bytes long.
        let dots = segment.len() <= 6 && {
            let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
            decoded == "." || decoded == ".."
        };
        if segment.is_empty() || dots {
            return fail(format!(
                "the path {path:?} has an empty, `.` or `..` segment \
                 (is a path parameter empty or a dot?)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_path_segments() {
        assert_eq!(encode_path_segment("a/b c?%"), "a%2Fb%20c%3F%25");
        assert_eq!(encode_path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(
            encode_path_segment("#&=+@:;,!*'()$"),
            "%23%26%3D%2B%40%3A%3B%2C%21%2A%27%28%29%24"
        );
        assert_eq!(encode_path_segment("é"), "%C3%A9");
        assert_eq!(encode_path_segment(""), "");
        assert_eq!(encode_path_segment("\r\n"), "%0D%0A");
    }

    #[cfg(feature = "client")]
    #[test]
    fn rejects_dot_and_empty_segments() {
        let template = "/things/{id}/{what}";
        assert!(check_path("/things/1/invites", template).is_ok());
        assert!(check_path("/users/@me/channels", "/users/@me/channels").is_ok());
        assert!(check_path("/things/.../x", template).is_ok());
        for bad in [
            "things",
            "/things//invites",
            "/things/./x",
            "/things/../x",
            "/things/%2E%2e/x",
            "/things/.%2E",
            "/things/",
        ] {
            let error = check_path(bad, template).unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Encode { .. }), "{bad}");
        }
    }

    #[cfg(feature = "client")]
    #[test]
    fn keeps_empty_segments_the_template_writes() {
        assert!(check_path("/", "/").is_ok());
        assert!(check_path("/auth/account/", "/auth/account/").is_ok());
        // A parameter that is empty is still refused.
        assert!(check_path("/users/", "/users/{id}").is_err());
        assert!(check_path("/users//x/", "/users/{id}/x/").is_err());
    }
}
