//! Requests before they are sent: [`OperationInfo`], [`RequestSpec`] and
//! [`PreparedRequest`].
//!
//! The functions in [`operations`](crate::operations) validate their arguments
//! and return a [`RequestSpec`]; [`Client::execute`](crate::Client::execute)
//! sends it, and [`Client::prepare`](crate::Client::prepare) turns it into a
//! [`PreparedRequest`] (method, URL, headers, body) to inspect or to send with
//! another HTTP stack.

#![deny(missing_docs)]

mod params;

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::text::bounded_text;

pub use params::{PathStyle, QueryStyle, path_param};

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
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
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
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
            Self::Trace => "TRACE",
        }
    }

    #[cfg(feature = "client")]
    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Post => reqwest::Method::POST,
            Self::Put => reqwest::Method::PUT,
            Self::Patch => reqwest::Method::PATCH,
            Self::Delete => reqwest::Method::DELETE,
            Self::Head => reqwest::Method::HEAD,
            Self::Options => reqwest::Method::OPTIONS,
            Self::Trace => reqwest::Method::TRACE,
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
///
/// Outside this crate, build one with [`new`](Self::new) (fields may be
/// added):
///
/// ```
/// use fluxer_client::request::{Method, OperationInfo, Server};
///
/// static UPLOAD: OperationInfo = OperationInfo::new("uploadFile", Method::Post, "/files/content")
///     .with_server(Server::Absolute("https://upload.example.org/api/2.0"));
/// assert!(!UPLOAD.idempotent);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct OperationInfo {
    /// The schema's `operationId`.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path below the [`server`](Self::server), with `{name}` placeholders.
    pub path_template: &'static str,
    /// Whether sending the request twice has the same effect as sending it
    /// once, so that it is safe to retry (the schema's `x-idempotent`). The
    /// client retries transport errors and `5xx` only for such operations
    /// (see [`RetryConfig`](crate::RetryConfig)); `429`s are retried for all.
    pub idempotent: bool,
    /// Where the request goes: the client's base URL unless the schema's
    /// `servers` say otherwise.
    pub server: Server,
}

impl OperationInfo {
    /// An operation sent to the client's base URL, idempotent when its method
    /// is by HTTP's definition (RFC 9110 §9.2.2: `GET`, `PUT`, `DELETE`,
    /// `HEAD`, `OPTIONS`, `TRACE`).
    #[must_use]
    pub const fn new(
        operation_id: &'static str,
        method: Method,
        path_template: &'static str,
    ) -> Self {
        Self {
            operation_id,
            method,
            path_template,
            idempotent: matches!(
                method,
                Method::Get
                    | Method::Put
                    | Method::Delete
                    | Method::Head
                    | Method::Options
                    | Method::Trace
            ),
            server: Server::Base,
        }
    }

    /// The same operation, [idempotent](Self::idempotent) or not.
    #[must_use]
    pub const fn with_idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// The same operation, sent to `server`.
    #[must_use]
    pub const fn with_server(mut self, server: Server) -> Self {
        self.server = server;
        self
    }
}

/// Where an operation's requests go: the URL its path is appended to.
///
/// The generator decides it from the operation's `servers` (or its path
/// item's) and the document's first top-level server, which the client's
/// [base URL](crate::ClientBuilder::base_url) stands for.
///
/// The `Authorization` header goes with every request: the client's base
/// URL and a [`Relative`](Self::Relative) server share its origin (the
/// client refuses a reference that would leave it), and an
/// [`Absolute`](Self::Absolute) server is a URL written in the schema, never
/// one a response or an argument supplies.
///
/// ```
/// # #[cfg(feature = "client")] {
/// use fluxer_client::Client;
/// use fluxer_client::request::{Method, OperationInfo, RequestSpec, Server};
///
/// static LIST: OperationInfo = OperationInfo::new("list", Method::Get, "/things");
/// static LIST_V2: OperationInfo = LIST.with_server(Server::Relative("../v2"));
/// static UPLOAD: OperationInfo = OperationInfo::new("upload", Method::Post, "/things")
///     .with_server(Server::Absolute("https://upload.example.org/api"));
///
/// let client = Client::builder()
///     .bot_token("token")
///     .base_url("https://self-hosted.example.org/api/v1")
///     .build()?;
/// let url = |op| client.prepare(&RequestSpec::<()>::new(op, "/things".into())).map(|r| r.url().to_owned());
/// assert_eq!(url(&LIST)?, "https://self-hosted.example.org/api/v1/things");
/// assert_eq!(url(&LIST_V2)?, "https://self-hosted.example.org/api/v2/things");
/// assert_eq!(url(&UPLOAD)?, "https://upload.example.org/api/things");
/// # }
/// # Ok::<(), fluxer_client::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Server {
    /// The client's base URL.
    Base,
    /// A relative reference (RFC 3986: `uploads`, `../v2`, `/v2`) resolved
    /// against the client's base URL taken as a directory (with a trailing
    /// `/`), so it follows a self-hosted base URL: with the base URL
    /// `https://example.org/api/v1`, `uploads` is
    /// `https://example.org/api/v1/uploads` and `../v2` is
    /// `https://example.org/api/v2`. It must stay on the base URL's origin
    /// (scheme, host and port) and have no query or fragment.
    Relative(&'static str),
    /// An absolute `http` or `https` URL (`https://upload.box.com/api/2.0`),
    /// for an API that serves some operations from another host; the client's
    /// base URL does not change it. No user name, query or fragment.
    Absolute(&'static str),
}

/// A request's body, its media type and its extra headers.
#[cfg(feature = "client")]
pub(crate) type Payload = (Option<Vec<u8>>, Option<String>, Vec<(&'static str, String)>);

/// A validated request that has not been sent, whose success body decodes as `T`.
///
/// Built by the functions in [`operations`](crate::operations); send it with
/// [`Client::execute`](crate::Client::execute).
pub struct RequestSpec<T> {
    operation: &'static OperationInfo,
    path: String,
    /// Names and values percent-encoded, as they appear in the URL.
    query: Vec<(Cow<'static, str>, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    content_type: Option<String>,
    response: PhantomData<fn() -> T>,
}

impl<T> RequestSpec<T> {
    /// A request for `operation` at `path` (below its server, starting with
    /// `/`, its parameters already percent-encoded with [`encode_path_segment`]
    /// or [`path_param`]).
    #[must_use]
    pub fn new(operation: &'static OperationInfo, path: String) -> Self {
        Self {
            operation,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: None,
            response: PhantomData,
        }
    }

    /// Adds a query parameter; call it again with the same name for a list.
    /// The name and the value's text are percent-encoded as in
    /// [`query_param`](Self::query_param) (only `A-Z a-z 0-9 - . _ ~` are kept).
    #[must_use]
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((
            params::encode_static(name),
            params::encode(&value.to_string()).into_owned(),
        ));
        self
    }

    /// Adds a query parameter from any serialisable value: strings, numbers and
    /// booleans as text, each item of a list as a repeated parameter, and
    /// nothing for `null` (and `null` items). This is
    /// [`query_param`](Self::query_param) with `style: form, explode: true`,
    /// except that objects are refused.
    ///
    /// ```
    /// use fluxer_client::request::{Method, OperationInfo, RequestSpec};
    ///
    /// static OP: OperationInfo = OperationInfo::new("example", Method::Get, "/example");
    /// let spec = RequestSpec::<()>::new(&OP, "/example".into())
    ///     .query_serialized("ids", &vec![Some(1), None, Some(2)])
    ///     .unwrap();
    /// assert_eq!(spec.query_string(), "ids=1&ids=2");
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when the value is (or contains) an object, or
    /// cannot be serialised.
    pub fn query_serialized<V: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
    ) -> Result<Self, Error> {
        params::add_serialized(&mut self.query, name, value)?;
        Ok(self)
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
        self.content_type = Some("application/json".to_owned());
        Ok(self)
    }

    /// Adds a request header from a header parameter of the operation, its
    /// value as it is. The value is checked when the request is sent. A
    /// `Cookie` header is joined to the cookies already added (`a=1; b=2`):
    /// a request has at most one.
    #[must_use]
    pub fn header(mut self, name: &'static str, value: impl ToString) -> Self {
        self.push_header(name, value.to_string());
        self
    }

    /// Adds a header, joining every `Cookie` into one, separated by `; `
    /// (RFC 6265 §5.4: a client sends at most one `Cookie` header).
    fn push_header(&mut self, name: &'static str, value: String) {
        if name.eq_ignore_ascii_case("cookie")
            && let Some((_, cookies)) = self
                .headers
                .iter_mut()
                .find(|(existing, _)| existing.eq_ignore_ascii_case("cookie"))
        {
            cookies.push_str("; ");
            cookies.push_str(&value);
            return;
        }
        self.headers.push((name, value));
    }

    /// Sets a body that is not JSON: raw bytes of the given media type.
    #[must_use]
    pub fn raw_body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self.content_type = Some(content_type.to_owned());
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body from a value that
    /// serialises as an object of scalars (lists repeat their key; `null`s are left out).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when the value is not such an object.
    pub fn form_body<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        let encode_error = |message: String| Error::new(ErrorKind::Encode { message });
        let value = serde_json::to_value(body).map_err(|error| encode_error(error.to_string()))?;
        let serde_json::Value::Object(members) = value else {
            return Err(encode_error("a form body must be an object".to_owned()));
        };
        let mut pairs = Vec::new();
        for (name, value) in members {
            let items = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            for item in items {
                let text = match item {
                    serde_json::Value::Null => continue,
                    serde_json::Value::String(text) => text,
                    serde_json::Value::Bool(_) | serde_json::Value::Number(_) => item.to_string(),
                    _ => {
                        return Err(encode_error(format!(
                            "the form field `{name}` must be a scalar or a list of scalars"
                        )));
                    }
                };
                pairs.push(format!(
                    "{}={}",
                    encode_query_component(&name),
                    encode_query_component(&text)
                ));
            }
        }
        self.body = Some(pairs.join("&").into_bytes());
        self.content_type = Some("application/x-www-form-urlencoded".to_owned());
        Ok(self)
    }

    /// Sets a `multipart/form-data` body.
    #[must_use]
    pub fn multipart_body(mut self, form: &Multipart) -> Self {
        let (content_type, body) = form.encode();
        self.body = Some(body);
        self.content_type = Some(content_type);
        self
    }

    /// The extra headers from the operation's header and cookie parameters,
    /// in the order they were added, values as they will be sent; all
    /// cookies are in one `Cookie` entry (`a=1; b=2`).
    #[must_use]
    pub fn header_pairs(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The media type of the body, if there is one.
    #[must_use]
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The operation this request is for.
    #[must_use]
    pub fn operation(&self) -> &'static OperationInfo {
        self.operation
    }

    /// The path below the operation's server, parameters percent-encoded.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters as `(name, value)` pairs, in the order they were
    /// added, both already percent-encoded exactly as they appear in the URL
    /// (`("tag", "a%20b")`). One parameter can give several pairs (an exploded
    /// list or object) or none (`null`); a `deepObject` member's name is
    /// `name%5Bkey%5D`. Joined by `=` and `&` they are
    /// [`query_string`](Self::query_string).
    #[must_use]
    pub fn query_pairs(&self) -> &[(Cow<'static, str>, String)] {
        &self.query
    }

    /// The query string as sent, without the leading `?`: every pair of
    /// [`query_pairs`](Self::query_pairs) as `name=value`, joined by `&`.
    /// Empty when there are no query parameters.
    #[must_use]
    pub fn query_string(&self) -> String {
        let mut text = String::new();
        for (index, (name, value)) in self.query.iter().enumerate() {
            if index > 0 {
                text.push('&');
            }
            text.push_str(name);
            text.push('=');
            text.push_str(value);
        }
        text
    }

    /// The JSON body, if any.
    #[must_use]
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The body, its media type and the extra headers, by value.
    #[cfg(feature = "client")]
    pub(crate) fn into_payload(self) -> Payload {
        (self.body, self.content_type, self.headers)
    }
}

impl<T> Clone for RequestSpec<T> {
    fn clone(&self) -> Self {
        Self {
            operation: self.operation,
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            content_type: self.content_type.clone(),
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
/// This is [`path_param`] with `style: simple` for a string; `path_param` also
/// takes lists, objects and the `label` and `matrix` styles.
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
#[cfg(feature = "client")]
pub(crate) fn check_path(path: &str) -> Result<(), Error> {
    let fail = |message: String| Err(Error::new(ErrorKind::Encode { message }));
    let Some(rest) = path.strip_prefix('/') else {
        return fail(format!("the path {path:?} does not start with `/`"));
    };
    for segment in rest.split('/') {
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

/// A request ready to send: method, full URL, headers and body.
///
/// Made by [`Client::prepare`](crate::Client::prepare). Its `Debug` output
/// redacts the `Authorization` header; [`headers`](Self::headers) and
/// [`header`](Self::header) do not, so treat what they return as a secret.
#[cfg(feature = "client")]
#[derive(Clone)]
pub struct PreparedRequest {
    pub(crate) operation: &'static OperationInfo,
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
}

#[cfg(feature = "client")]
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

#[cfg(feature = "client")]
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

    static OP: OperationInfo = OperationInfo::new("test_op", Method::Post, "/things/{id}");

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
            &[
                ("limit".into(), "5".to_owned()),
                ("tag".into(), "a%20b".to_owned())
            ]
        );
        assert_eq!(spec.query_string(), "limit=5&tag=a%20b");
        assert_eq!(spec.body(), Some(&br#"{"x":1}"#[..]));
        let shown = format!("{:?}", spec.clone());
        assert!(
            shown.contains("test_op") && shown.contains(r#"{\"x\":1}"#),
            "{shown}"
        );
        assert_eq!(Method::Patch.as_str(), "PATCH");
        assert_eq!(Method::Delete.to_string(), "DELETE");
        for (method, name) in [
            (Method::Head, "HEAD"),
            (Method::Options, "OPTIONS"),
            (Method::Trace, "TRACE"),
        ] {
            assert_eq!(method.as_str(), name);
            #[cfg(feature = "client")]
            assert_eq!(method.to_reqwest().as_str(), name);
        }
    }

    #[test]
    fn request_spec_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        #[allow(dead_code)]
        struct NotSync(std::cell::Cell<u8>);
        check::<RequestSpec<NotSync>>();
        #[cfg(feature = "client")]
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

/// A `multipart/form-data` request body, built part by part.
///
/// ```
/// use fluxer_client::request::Multipart;
///
/// let form = Multipart::new()
///     .text("name", "party parrot")
///     .file("file", "parrot.png", "image/png", vec![0x89, b'P', b'N', b'G']);
/// assert_eq!(form.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

impl Multipart {
    /// An empty form.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    #[must_use]
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: value.into().into_bytes(),
        });
        self
    }

    /// Adds a field holding `value` as JSON (such as Discord's `payload_json`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when `value` cannot be serialised.
    pub fn json<V: Serialize + ?Sized>(
        mut self,
        name: impl Into<String>,
        value: &V,
    ) -> Result<Self, Error> {
        let data = serde_json::to_vec(value).map_err(|error| {
            Error::new(ErrorKind::Encode {
                message: format!("a multipart JSON field cannot be serialised: {error}"),
            })
        })?;
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: Some("application/json".to_owned()),
            data,
        });
        Ok(self)
    }

    /// Adds a file.
    #[must_use]
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    /// How many parts the form has.
    #[must_use]
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether the form has no parts.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The `Content-Type` (with its boundary) and the encoded body. The
    /// boundary is chosen so that it occurs in no part.
    pub(crate) fn encode(&self) -> (String, Vec<u8>) {
        let contains =
            |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
        let mut counter = 0_u32;
        let boundary = loop {
            let candidate = format!("fluxer-client-boundary-{counter:08x}");
            let clash = self.parts.iter().any(|part| {
                contains(&part.data, candidate.as_bytes())
                    || part.name.contains(&candidate)
                    || part
                        .filename
                        .as_ref()
                        .is_some_and(|f| f.contains(&candidate))
            });
            if !clash {
                break candidate;
            }
            counter = counter.wrapping_add(1);
        };
        // Quotes and line breaks cannot appear inside the quoted header values.
        let quote = |text: &str| text.replace(['"', '\r', '\n'], "_");
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!(
                "Content-Disposition: form-data; name=\"{}\"",
                quote(&part.name)
            );
            if let Some(filename) = &part.filename {
                disposition.push_str(&format!("; filename=\"{}\"", quote(filename)));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(
                    format!("Content-Type: {}\r\n", quote(content_type)).as_bytes(),
                );
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

#[cfg(test)]
mod multipart_tests {
    use super::*;

    #[test]
    fn multipart_encoding() {
        let form = Multipart::new().text("name", "parrot").file(
            "file",
            "a\"b.png",
            "image/png",
            b"fluxer-client-boundary-00000000".to_vec(),
        );
        let (content_type, body) = form.encode();
        // The first boundary occurs in the data, so the next one is used.
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=fluxer-client-boundary-00000001"
        );
        let text = String::from_utf8(body).unwrap();
        assert_eq!(
            text,
            "--fluxer-client-boundary-00000001\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nparrot\r\n\
             --fluxer-client-boundary-00000001\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a_b.png\"\r\nContent-Type: image/png\r\n\r\nfluxer-client-boundary-00000000\r\n\
             --fluxer-client-boundary-00000001--\r\n"
        );
    }

    #[test]
    fn form_bodies() {
        static OP: OperationInfo = OperationInfo::new("op", Method::Post, "/x");
        let spec = RequestSpec::<()>::new(&OP, "/x".into())
            .form_body(&serde_json::json!({"a": "b c", "n": 1, "list": [1, 2], "none": null}))
            .unwrap();
        // Field order follows serde_json's map order, which features can change.
        let body = std::str::from_utf8(spec.body().unwrap()).unwrap();
        let mut pairs: Vec<&str> = body.split('&').collect();
        pairs.sort_unstable();
        assert_eq!(pairs, ["a=b%20c", "list=1", "list=2", "n=1"]);
        assert_eq!(
            spec.content_type(),
            Some("application/x-www-form-urlencoded")
        );
        assert!(
            RequestSpec::<()>::new(&OP, "/x".into())
                .form_body(&[1, 2])
                .is_err()
        );
    }
}
