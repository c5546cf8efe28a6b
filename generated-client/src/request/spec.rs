//! [`RequestSpec`]: a validated request, not yet sent, as the functions in
//! [`operations`](crate::operations) build it: its operation, path, query,
//! headers and body. The parameter styles add to it in `params/`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;

use super::encoding::encode_query_component;
use super::multipart::Multipart;
use super::operation::OperationInfo;
use super::options::CallOptions;
use super::params;
use crate::error::{Error, ErrorKind};
use crate::text::bounded_text;

/// A request's body, its media type and its extra headers.
#[cfg(feature = "client")]
pub(crate) struct Payload {
    pub(crate) body: Option<Vec<u8>>,
    /// A body read as it is sent, instead of `body`.
    pub(crate) stream: Option<super::OnceBody>,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: Vec<(&'static str, String)>,
}

/// A validated request that has not been sent, whose success body decodes as `T`.
///
/// Built by the functions in [`operations`](crate::operations); send it with
/// [`Client::execute`](crate::Client::execute).
pub struct RequestSpec<T> {
    operation: &'static OperationInfo,
    path: String,
    /// Names and values percent-encoded, as they appear in the URL.
    pub(super) query: Vec<(Cow<'static, str>, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    /// A body read as it is sent (then `body` is `None`), shared by clones:
    /// whichever sends first takes it.
    #[cfg(feature = "client")]
    stream: Option<super::OnceBody>,
    content_type: Option<String>,
    /// What this call overrides of the client's settings.
    options: CallOptions,
    response: PhantomData<fn() -> T>,
}

impl<T> RequestSpec<T> {
    /// A request for `operation` at `path` (below its server, starting with
    /// `/`, its parameters already percent-encoded with
    /// [`encode_path_segment`](crate::request::encode_path_segment) or
    /// [`path_param`](crate::request::path_param)).
    #[must_use]
    pub fn new(operation: &'static OperationInfo, path: impl Into<String>) -> Self {
        Self {
            operation,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            #[cfg(feature = "client")]
            stream: None,
            content_type: None,
            options: CallOptions::default(),
            response: PhantomData,
        }
    }

    /// A request for `operation` at its
    /// [`path_template`](OperationInfo::path_template) with each `{…}`
    /// replaced by the text of the parameter it names: `params` are the
    /// parameters' texts, already percent-encoded in their style by
    /// [`path_param`](crate::request::path_param), in the order their names
    /// first appear, and a name written again (`/orgs/{org}/maps/{org}`)
    /// gets the same text. A `{…}` left without a text stays as it is
    /// written.
    ///
    /// ```
    /// use fluxer_client::request::{Method, OperationInfo, PathStyle, RequestSpec, path_param};
    ///
    /// static GET_MESSAGE: OperationInfo =
    ///     OperationInfo::new("getMessage", Method::Get, "/channels/{channel_id}/messages/{id}");
    /// let channel_id = path_param("channel_id", &7, PathStyle::SIMPLE)?;
    /// let id = path_param("id", &"a/b", PathStyle::SIMPLE)?;
    /// let request: RequestSpec<()> = RequestSpec::with_path_params(&GET_MESSAGE, [channel_id, id]);
    /// assert_eq!(request.path(), "/channels/7/messages/a%2Fb");
    /// # Ok::<(), fluxer_client::Error>(())
    /// ```
    #[must_use]
    pub fn with_path_params<const N: usize>(
        operation: &'static OperationInfo,
        params: [String; N],
    ) -> Self {
        let template = operation.path_template;
        let mut path =
            String::with_capacity(template.len() + params.iter().map(String::len).sum::<usize>());
        let mut params = params.into_iter();
        // The names met so far and their texts, in order.
        let mut named: Vec<(&str, String)> = Vec::with_capacity(N);
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}').map(|end| start + end) else {
                break;
            };
            path.push_str(&rest[..start]);
            let name = template_name(&rest[start + 1..end]);
            if let Some((_, text)) = named.iter().find(|(seen, _)| *seen == name) {
                path.push_str(text);
            } else if let Some(text) = params.next() {
                path.push_str(&text);
                named.push((name, text));
            } else {
                path.push_str(&rest[start..=end]);
            }
            rest = &rest[end + 1..];
        }
        path.push_str(rest);
        Self::new(operation, path)
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
    /// let spec = RequestSpec::<()>::new(&OP, "/example")
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
    pub(super) fn push_header(&mut self, name: &'static str, value: String) {
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

    /// Sets a body read from `stream` as it is sent, of the given media type,
    /// in place of any body set before (such as the bytes an operation's
    /// function was given). A streamed body is sent once: the client never
    /// retries such a request, and a clone of it shares the one stream.
    #[cfg(feature = "client")]
    #[must_use]
    pub fn stream_body(mut self, content_type: &str, stream: super::BodyStream) -> Self {
        self.body = None;
        self.stream = Some(super::OnceBody::new(stream));
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

    /// Sends this request with `options` overriding the client's settings
    /// (its timeout, deadline, retries, waiting for rate limits) and adding
    /// headers; see [`CallOptions`]. The last options given apply.
    #[must_use]
    pub fn with(mut self, options: CallOptions) -> Self {
        self.options = options;
        self
    }

    /// What this call overrides of the client's settings.
    #[must_use]
    pub fn call_options(&self) -> &CallOptions {
        &self.options
    }

    /// The body, its media type and the extra headers, by value.
    #[cfg(feature = "client")]
    pub(crate) fn into_payload(self) -> Payload {
        Payload {
            body: self.body,
            stream: self.stream,
            content_type: self.content_type,
            headers: self.headers,
        }
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
            #[cfg(feature = "client")]
            stream: self.stream.clone(),
            content_type: self.content_type.clone(),
            options: self.options.clone(),
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
pub(super) struct BodyDebug<'a>(pub(super) &'a [u8]);

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

/// The parameter a path template's `{…}` names: `name`, or RFC 6570's
/// `.name`, `;name`, `name*`, as the generator reads them.
fn template_name(expression: &str) -> &str {
    expression
        .trim_start_matches(['.', ';', '+', '#', '/', '?', '&'])
        .trim_end_matches('*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Method;
    #[cfg(feature = "client")]
    use crate::request::PreparedRequest;

    static OP: OperationInfo = OperationInfo::new("test_op", Method::Post, "/things/{id}");

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

    #[test]
    fn a_parameter_written_twice_gets_its_text_in_both_places() {
        static OP: OperationInfo =
            OperationInfo::new("op", Method::Get, "/orgs/{org}/maps/{map}/orgs/{.org}/{x}");
        let spec = RequestSpec::<()>::with_path_params(&OP, ["o%2F1".to_owned(), "m".to_owned()]);
        assert_eq!(spec.path(), "/orgs/o%2F1/maps/m/orgs/o%2F1/{x}");
    }

    #[test]
    fn form_bodies() {
        static OP: OperationInfo = OperationInfo::new("op", Method::Post, "/x");
        let spec = RequestSpec::<()>::new(&OP, "/x")
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
            RequestSpec::<()>::new(&OP, "/x")
                .form_body(&[1, 2])
                .is_err()
        );
    }
}
