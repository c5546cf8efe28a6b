//! Requests before they are sent: [`OperationInfo`], [`RequestSpec`] and
//! [`PreparedRequest`].
//!
//! The functions in [`operations`](crate::operations) validate their arguments
//! and return a [`RequestSpec`]; [`Client::execute`](crate::Client::execute)
//! sends it, and [`Client::prepare`](crate::Client::prepare) turns it into a
//! [`PreparedRequest`] (method, URL, headers, body) to inspect or to send with
//! another HTTP stack.

#![deny(missing_docs)]

use std::fmt;
use std::marker::PhantomData;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::error::{Error, ErrorKind, bounded_text};

/// An HTTP method used by the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name as sent: `GET`, `POST`, …
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Post => reqwest::Method::POST,
            Self::Put => reqwest::Method::PUT,
            Self::Patch => reqwest::Method::PATCH,
            Self::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the schema says about one operation. The generated code has one
/// `static` per operation, such as
/// [`CREATE_CHANNEL_INVITE`](crate::operations::CREATE_CHANNEL_INVITE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OperationInfo {
    /// The schema's `operationId`.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path below the base URL, with `{name}` placeholders.
    pub path_template: &'static str,
    /// Whether sending the request twice has the same effect as sending it
    /// once, so that it is safe to retry. This client never retries by itself;
    /// the flag is for your retry policy.
    pub idempotent: bool,
}

/// A validated request that has not been sent, whose success body decodes as `T`.
///
/// Built by the functions in [`operations`](crate::operations); send it with
/// [`Client::execute`](crate::Client::execute).
pub struct RequestSpec<T> {
    operation: &'static OperationInfo,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    response: PhantomData<fn() -> T>,
}

impl<T> RequestSpec<T> {
    /// A request for `operation` at `path` (below the base URL, starting with
    /// `/`, its parameters already percent-encoded with [`encode_path_segment`]).
    #[must_use]
    pub fn new(operation: &'static OperationInfo, path: String) -> Self {
        Self {
            operation,
            path,
            query: Vec::new(),
            body: None,
            response: PhantomData,
        }
    }

    /// Adds a query parameter; call it again with the same name for a list.
    /// Names and values are percent-encoded when the URL is built.
    #[must_use]
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    /// Sets the JSON body.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when `body` cannot be serialised as JSON.
    pub fn json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|error| {
            Error::with_source(
                ErrorKind::Encode {
                    message: format!("the JSON body cannot be serialised: {error}"),
                },
                error,
            )
        })?;
        self.body = Some(bytes);
        Ok(self)
    }

    /// The operation this request is for.
    #[must_use]
    pub fn operation(&self) -> &'static OperationInfo {
        self.operation
    }

    /// The path below the base URL, parameters percent-encoded.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters in the order they were added, not yet encoded.
    #[must_use]
    pub fn query_pairs(&self) -> &[(&'static str, String)] {
        &self.query
    }

    /// The JSON body, if any.
    #[must_use]
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The JSON body, by value.
    pub(crate) fn into_body(self) -> Option<Vec<u8>> {
        self.body
    }
}

impl<T> Clone for RequestSpec<T> {
    fn clone(&self) -> Self {
        Self {
            operation: self.operation,
            path: self.path.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
            response: PhantomData,
        }
    }
}

impl<T> fmt::Debug for RequestSpec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestSpec")
            .field("operation", &self.operation.operation_id)
            .field("method", &self.operation.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body", &self.body.as_deref().map(BodyDebug))
            .finish()
    }
}

/// Shows a body as (bounded) text rather than a list of bytes.
struct BodyDebug<'a>(&'a [u8]);

impl fmt::Debug for BodyDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX: usize = 1024;
        let text = bounded_text(self.0, MAX);
        if text.len() < self.0.len() {
            write!(f, "{text:?}… ({} bytes)", self.0.len())
        } else {
            write!(f, "{text:?}")
        }
    }
}

/// Characters kept as they are in a path segment: RFC 3986 unreserved.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
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
/// a URL parser would collapse into a different path.
pub(crate) fn check_path(path: &str) -> Result<(), Error> {
    let fail = |message: String| Err(Error::new(ErrorKind::Encode { message }));
    let Some(rest) = path.strip_prefix('/') else {
        return fail(format!("the path {path:?} does not start with `/`"));
    };
    for segment in rest.split('/') {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        if segment.is_empty() || decoded == "." || decoded == ".." {
            return fail(format!(
                "the path {path:?} has an empty, `.` or `..` segment \
                 (is a path parameter empty or a dot?)"
            ));
        }
    }
    Ok(())
}

/// A request ready to send: method, full URL, headers and body.
///
/// Made by [`Client::prepare`](crate::Client::prepare). Its `Debug` output
/// redacts the `Authorization` header; [`headers`](Self::headers) and
/// [`header`](Self::header) do not, so treat what they return as a secret.
#[derive(Clone)]
pub struct PreparedRequest {
    pub(crate) operation: &'static OperationInfo,
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
}

impl PreparedRequest {
    /// The operation this request is for.
    #[must_use]
    pub fn operation(&self) -> &'static OperationInfo {
        self.operation
    }

    /// The HTTP method.
    #[must_use]
    pub fn method(&self) -> Method {
        self.method
    }

    /// The full URL, query included.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every header to send, names in lower case.
    ///
    /// **Sensitive:** includes `authorization`, which contains the token.
    #[must_use]
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The value of the header `name` (case-insensitive), if set.
    ///
    /// **Sensitive:** `header("authorization")` returns the token.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The JSON body, if any.
    #[must_use]
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The JSON body, by value.
    #[must_use]
    pub fn into_body(self) -> Option<Vec<u8>> {
        self.body
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(String, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(name, value)| {
                        let shown = if name.eq_ignore_ascii_case("authorization") {
                            "<redacted>"
                        } else {
                            value.as_str()
                        };
                        (name, shown)
                    }))
                    .finish()
            }
        }
        f.debug_struct("PreparedRequest")
            .field("operation", &self.operation.operation_id)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &Headers(&self.headers))
            .field("body", &self.body.as_deref().map(BodyDebug))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: OperationInfo = OperationInfo {
        operation_id: "test_op",
        method: Method::Post,
        path_template: "/things/{id}",
        idempotent: false,
    };

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

    #[test]
    fn rejects_dot_and_empty_segments() {
        assert!(check_path("/things/1/invites").is_ok());
        assert!(check_path("/users/@me/channels").is_ok());
        assert!(check_path("/things/.../x").is_ok());
        for bad in [
            "things",
            "/things//invites",
            "/things/./x",
            "/things/../x",
            "/things/%2E%2e/x",
            "/things/.%2E",
            "/things/",
        ] {
            let error = check_path(bad).unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Encode { .. }), "{bad}");
        }
    }

    #[test]
    fn request_spec_accessors() {
        let spec = RequestSpec::<()>::new(&OP, "/things/1".to_owned())
            .query("limit", 5)
            .query("tag", "a b")
            .json_body(&serde_json::json!({"x": 1}))
            .unwrap();
        assert_eq!(spec.operation().operation_id, "test_op");
        assert_eq!(spec.path(), "/things/1");
        assert_eq!(
            spec.query_pairs(),
            &[("limit", "5".to_owned()), ("tag", "a b".to_owned())]
        );
        assert_eq!(spec.body(), Some(&br#"{"x":1}"#[..]));
        let shown = format!("{:?}", spec.clone());
        assert!(
            shown.contains("test_op") && shown.contains(r#"{\"x\":1}"#),
            "{shown}"
        );
        assert_eq!(Method::Patch.as_str(), "PATCH");
        assert_eq!(Method::Delete.to_string(), "DELETE");
    }

    #[test]
    fn request_spec_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        #[allow(dead_code)]
        struct NotSync(std::cell::Cell<u8>);
        check::<RequestSpec<NotSync>>();
        check::<PreparedRequest>();
    }

    #[test]
    fn json_body_reports_serialisation_errors() {
        struct Failing;
        impl Serialize for Failing {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("nope"))
            }
        }
        let error = RequestSpec::<()>::new(&OP, "/x".to_owned())
            .json_body(&Failing)
            .unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Encode { .. }));
        assert!(error.to_string().contains("nope"));
    }
}
