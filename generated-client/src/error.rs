//! [`Error`], what went wrong ([`ErrorKind`]), and [`ValidationError`].

#![deny(missing_docs)]

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::decimal::{Decimal, Exact};
use crate::ratelimit::RateLimitInfo;
use crate::snowflake::ParseSnowflakeError;

/// The boxed cause of an [`Error`], if any.
type Source = Box<dyn StdError + Send + Sync + 'static>;

/// An error of this crate: inspect [`kind`](Error::kind) to react to it, log it
/// with `Display`.
///
/// No error ever contains the token: not in `Display`, not in `Debug`, not in
/// its [`source`](StdError::source) chain.
///
/// ```no_run
/// # #[cfg(feature = "client")]
/// # async fn run(client: fluxer_client::Client) {
/// use fluxer_client::ErrorKind;
/// use fluxer_client::ids::ChannelId;
/// use fluxer_client::models::CreateChannelInviteRequest;
///
/// let request = CreateChannelInviteRequest::default();
/// match client.create_channel_invite(ChannelId::new(1), &request).await {
///     Ok(invite) => println!("invite: {invite:?}"),
///     Err(error) => match error.kind() {
///         ErrorKind::RateLimited { retry_after, .. } => {
///             eprintln!("slow down, retry in {retry_after:?}")
///         }
///         ErrorKind::Api { status: 403, .. } => eprintln!("missing permissions: {error}"),
///         _ => eprintln!("{error}"),
///     },
/// }
/// # }
/// ```
pub struct Error {
    // Boxed so that `Result<T, Error>` stays one pointer wide.
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    source: Option<Source>,
    /// How many times the request was sent.
    attempts: u32,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request breaks a constraint of the schema and was not sent.
    Validation(ValidationError),
    /// A text that should be a [`Snowflake`](crate::Snowflake) is not one
    /// (from `text.parse::<Snowflake>()?` in a function returning [`Error`]).
    InvalidSnowflake(ParseSnowflakeError),
    /// The client is misconfigured: an invalid base URL, user agent or token
    /// (the message never contains the token).
    Builder {
        /// What is wrong.
        message: String,
    },
    /// The request could not be encoded: its body failed to serialise, or a
    /// path parameter would change the meaning of the path (`.` or `..`).
    Encode {
        /// What is wrong.
        message: String,
    },
    /// No connection could be made (the name did not resolve, the connection
    /// was refused or timed out, TLS failed), so **the request was not sent**:
    /// sending it again cannot do anything twice. The
    /// [`source`](StdError::source) is the underlying error.
    #[non_exhaustive]
    Connect {
        /// The route and what happened, such as
        /// `POST /channels/{channel_id}/invites: could not connect (the connection was refused)`.
        message: String,
    },
    /// The request was sent (or may have been), but no complete answer came
    /// back: the connection dropped, the answer was cut off, or the attempt
    /// timed out. **The API may have carried the request out.** The client
    /// retries this only for idempotent operations; for others (creating a
    /// group DM) resending is the caller's decision, after checking whether
    /// it took effect (for a group DM, by listing the user's channels). The
    /// [`source`](StdError::source) is the underlying error.
    #[non_exhaustive]
    OutcomeUnknown {
        /// The route and what happened.
        message: String,
        /// Whether the operation is idempotent (safe to send again).
        idempotent: bool,
    },
    /// The API answered with an error status other than 429.
    Api {
        /// The HTTP status code.
        status: u16,
        /// The Fluxer error body, when the body was a JSON object; read member
        /// by member, so one odd member does not lose the others.
        body: Option<ApiErrorBody>,
        /// The start of the raw body (at most 4 KiB), for logging.
        raw: String,
        /// The rate-limit headers of the response.
        rate_limit: Option<RateLimitInfo>,
    },
    /// The API answered 429 Too Many Requests, and the client did not retry
    /// (any more): the [`RateLimitConfig`](crate::RateLimitConfig) allows no
    /// further retry, or waiting `retry_after` would go past its `max_wait`
    /// or the call's deadline.
    RateLimited {
        /// How long to wait, as the server asked: the body's precise
        /// `retry_after` when present, else the `Retry-After` header (seconds
        /// or an HTTP date, read against the response's `Date`), else
        /// `X-RateLimit-Reset-After`, else one second.
        retry_after: Duration,
        /// Whether the global limit (all routes) was hit: the body's `global`
        /// or the `X-RateLimit-Global` header is `true`.
        global: bool,
        /// The decoded 429 body, when the body was a JSON object.
        body: Option<RateLimitBody>,
        /// The rate-limit headers of the response.
        rate_limit: Option<RateLimitInfo>,
        /// The `Retry-After` header in whole seconds, when present and numeric.
        retry_after_header: Option<u64>,
    },
    /// The client's own rate limiter gave up waiting before sending (again):
    /// the rate limits would have kept the call waiting past `max_wait` or
    /// the call's deadline. **Nothing was sent** for this attempt
    /// ([`Error::attempts`] counts what was sent before); the API did not
    /// refuse anything.
    #[non_exhaustive]
    GaveUpWaiting {
        /// How long the call waited for rate limits in all.
        waited: Duration,
        /// How much longer it would have had to wait at least, when known
        /// (a bucket's reset, a 429's wait, the global pause).
        needed: Option<Duration>,
        /// Whether the wait was for the global limit or pause.
        global: bool,
        /// The limit that would have been passed.
        bound: WaitBound,
        /// What the limiter knows of the bucket, when the wait was for one.
        rate_limit: Option<RateLimitInfo>,
    },
    /// A success response whose body is larger than
    /// [`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size);
    /// the client stopped reading it. The API did carry out the request.
    #[non_exhaustive]
    BodyTooLarge {
        /// The HTTP status code.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A success response whose body is not what the schema describes.
    Decode {
        /// The HTTP status code.
        status: u16,
        /// Where in the body decoding failed, as a serde path such as
        /// `guild.id` or `recipients[2].username` (`.` for the whole body).
        path: String,
        /// What was wrong there.
        message: String,
        /// The start of the body (at most 512 bytes), for logging.
        snippet: String,
    },
}

/// The limit on waiting that made the client give up
/// ([`ErrorKind::GaveUpWaiting`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitBound {
    /// [`RateLimitConfig::max_wait`](crate::RateLimitConfig::max_wait), the
    /// longest a call waits for rate limits in all.
    MaxWait(Duration),
    /// [`ClientBuilder::deadline`](crate::ClientBuilder::deadline), the
    /// longest a call takes in all.
    Deadline(Duration),
}

impl fmt::Display for WaitBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MaxWait(wait) => write!(f, "max_wait of {}", seconds(*wait)),
            Self::Deadline(deadline) => write!(f, "deadline of {}", seconds(*deadline)),
        }
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                source: None,
                attempts: 0,
            }),
        }
    }

    pub(crate) fn with_source(kind: ErrorKind, source: impl Into<Source>) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                source: Some(source.into()),
                attempts: 0,
            }),
        }
    }

    /// Sets the underlying error, which `Display` does not repeat.
    #[cfg(feature = "client")]
    #[must_use]
    pub(crate) fn with_cause(mut self, source: impl Into<Source>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    /// Records how many times the request was sent.
    #[cfg(feature = "client")]
    #[must_use]
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    /// How many times the request was sent before this error, retries
    /// included: 0 when nothing was sent (a [`Validation`](ErrorKind::Validation)
    /// or [`Encode`](ErrorKind::Encode) error, or a
    /// [`RateLimited`](ErrorKind::RateLimited) error from the client's own
    /// limiter when the wait would have been longer than
    /// [`RateLimitConfig::max_wait`](crate::RateLimitConfig::max_wait)).
    #[must_use]
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// What went wrong, by value.
    #[must_use]
    pub fn into_kind(self) -> ErrorKind {
        self.inner.kind
    }

    /// The kind and the underlying error, by value.
    #[must_use]
    pub fn into_parts(self) -> (ErrorKind, Option<Box<dyn StdError + Send + Sync>>) {
        let Inner { kind, source, .. } = *self.inner;
        (kind, source)
    }

    /// Whether the request was rejected before it was sent because it breaks
    /// the schema's constraints.
    #[must_use]
    pub fn is_validation(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Validation(_))
    }

    /// Whether the API answered 429 Too Many Requests (not the client's own
    /// limiter: that is [`ErrorKind::GaveUpWaiting`]).
    #[must_use]
    pub fn is_rate_limited(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::RateLimited { .. })
    }

    /// The HTTP status of the response, when there was one.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match &self.inner.kind {
            ErrorKind::Api { status, .. }
            | ErrorKind::Decode { status, .. }
            | ErrorKind::BodyTooLarge { status, .. } => Some(*status),
            ErrorKind::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// How long to wait before retrying: what a 429 asked for, or what the
    /// client's limiter knew it would need when it gave up waiting.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.inner.kind {
            ErrorKind::RateLimited { retry_after, .. } => Some(*retry_after),
            ErrorKind::GaveUpWaiting { needed, .. } => *needed,
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    /// One sentence about what went wrong at this level; the
    /// [`source`](StdError::source), if any, is not repeated.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::Validation(problem) => write!(f, "invalid request, not sent: {problem}"),
            ErrorKind::InvalidSnowflake(problem) => write!(f, "{problem}"),
            ErrorKind::Builder { message } => write!(f, "invalid client configuration: {message}"),
            ErrorKind::Encode { message } => write!(f, "could not encode the request: {message}"),
            ErrorKind::Connect { message } => write!(f, "request not sent: {message}"),
            ErrorKind::OutcomeUnknown {
                message,
                idempotent,
            } => {
                write!(
                    f,
                    "no complete answer from the Fluxer API: {message}; the request was sent, \
                     so the API may have carried it out"
                )?;
                if !idempotent {
                    f.write_str(
                        " (the operation is not idempotent, so the client did not send it \
                         again: check whether it took effect before sending it again)",
                    )?;
                }
                Ok(())
            }
            ErrorKind::Api { status, body, .. } => {
                write!(f, "Fluxer API error {status}")?;
                let head = body
                    .as_ref()
                    .map(|body| joined(&[&body.code, &body.message]))
                    .unwrap_or_default();
                if head.is_empty() {
                    if let Some(reason) = canonical_reason(*status) {
                        write!(f, " {reason}")?;
                    }
                } else {
                    write!(f, " {head}")?;
                }
                for detail in body.iter().flat_map(|body| body.errors.iter().flatten()) {
                    let detail = joined(&[&detail.path, &detail.message]);
                    if !detail.is_empty() {
                        write!(f, "; {detail}")?;
                    }
                }
                Ok(())
            }
            ErrorKind::RateLimited {
                retry_after,
                global,
                body,
                ..
            } => {
                f.write_str("rate limited by the Fluxer API")?;
                if *global {
                    f.write_str(" (global limit)")?;
                }
                let said = body
                    .as_ref()
                    .map(|body| joined(&[&body.code, &body.message]))
                    .unwrap_or_default();
                if !said.is_empty() {
                    write!(f, ": {said}")?;
                }
                write!(f, "; retry after {}", seconds(*retry_after))
            }
            ErrorKind::GaveUpWaiting {
                waited,
                needed,
                global,
                bound,
                ..
            } => {
                let what = if *global {
                    "the global rate limit"
                } else {
                    "the route's rate limit"
                };
                write!(
                    f,
                    "not sent: the client gave up waiting for {what} after {}",
                    seconds(*waited)
                )?;
                match needed {
                    Some(needed) => write!(
                        f,
                        ", as it would have had to wait at least {} more, past the call's {bound}",
                        seconds(*needed)
                    ),
                    None => write!(f, ", when the call's {bound} ran out"),
                }
            }
            ErrorKind::BodyTooLarge { status, limit } => write!(
                f,
                "the Fluxer API's answer (HTTP {status}) has a body larger than the limit of \
                 {limit} bytes, so the client stopped reading it"
            ),
            ErrorKind::Decode {
                status,
                path,
                message,
                snippet,
            } => {
                write!(
                    f,
                    "could not decode the Fluxer API response (HTTP {status}) at `{path}`: {message}"
                )?;
                if snippet.is_empty() {
                    f.write_str("; the body is empty")
                } else {
                    write!(f, "; the body starts with {snippet:?}")
                }
            }
        }
    }
}

/// The non-empty parts, trimmed and without a final full stop, joined by `: `.
fn joined(parts: &[&str]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|part| part.trim().trim_end_matches('.').trim_end())
        .filter(|part| !part.is_empty())
        .collect();
    parts.join(": ")
}

/// A duration as seconds for messages: `2.347s`, `60s`.
pub(crate) fn seconds(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis.is_multiple_of(1000) {
        format!("{}s", millis / 1000)
    } else {
        format!("{}.{:03}s", millis / 1000, millis % 1000)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Error");
        debug.field("kind", &self.inner.kind);
        if let Some(source) = &self.inner.source {
            debug.field("source", source);
        }
        if self.inner.attempts > 0 {
            debug.field("attempts", &self.inner.attempts);
        }
        debug.finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|source| &**source as &(dyn StdError + 'static))
    }
}

impl From<ValidationError> for Error {
    fn from(problem: ValidationError) -> Self {
        Self::new(ErrorKind::Validation(problem))
    }
}

/// So that `text.parse::<Snowflake>()?` works in a function returning [`Error`].
impl From<ParseSnowflakeError> for Error {
    fn from(problem: ParseSnowflakeError) -> Self {
        Self::new(ErrorKind::InvalidSnowflake(problem))
    }
}

/// The JSON body of an API error, as the runtime reads it for any status:
/// `{"code": "UNKNOWN_CHANNEL", "message": "…", "errors": [{"path": "…", "message": "…"}]}`.
///
/// Read member by member, so that one odd member loses nothing else: a
/// numeric `code` or `message` becomes its text (any other JSON its JSON
/// text); `errors` may be a list of `{path, message, code}` (a `path` given as
/// a list, such as `["recipients", 2]`, reads `recipients[2]`) or an object
/// of nested fields with `_errors` lists, as Discord sends it; members it
/// does not name are kept as JSON in `extra`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct ApiErrorBody {
    /// The machine-readable error code, such as `UNKNOWN_CHANNEL`.
    pub code: String,
    /// The human-readable message.
    pub message: String,
    /// Problems with single fields of the request, if the API listed any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ApiFieldError>>,
    /// Other top-level members (such as `max_recipients`), as they came.
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
}

impl ApiErrorBody {
    /// Reads `bytes` if they are a JSON object; `None` otherwise.
    #[cfg(feature = "client")]
    pub(crate) fn from_json(bytes: &[u8]) -> Option<Self> {
        Self::from_value(serde_json::from_slice(bytes).ok()?)
    }

    fn from_value(value: serde_json::Value) -> Option<Self> {
        let serde_json::Value::Object(mut members) = value else {
            return None;
        };
        let code = members.remove("code").map(text).unwrap_or_default();
        let message = members.remove("message").map(text).unwrap_or_default();
        let errors = members.remove("errors").and_then(field_errors);
        Some(Self {
            code,
            message,
            errors,
            extra: members.into_iter().collect(),
        })
    }
}

impl<'de> serde::Deserialize<'de> for ApiErrorBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        Self::from_value(value)
            .ok_or_else(|| serde::de::Error::custom("an API error body must be a JSON object"))
    }
}

/// One field's problem in an [`ApiErrorBody`].
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct ApiFieldError {
    /// The path of the field, such as `max_uses` or `recipients[2]`.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
    /// A machine-readable code for the problem, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A JSON value as text: strings as they are, `null` as nothing, anything
/// else as its JSON.
fn text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A field path given as text, a number or a list of segments.
fn path_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(segments) => {
            let mut path = String::new();
            for segment in segments {
                match segment {
                    serde_json::Value::Number(index) => path.push_str(&format!("[{index}]")),
                    other => join_path(&mut path, &text(other)),
                }
            }
            path
        }
        other => text(other),
    }
}

/// Appends a member name to a field path.
fn join_path(path: &mut String, name: &str) {
    if name.is_empty() {
        return;
    }
    if name.bytes().all(|b| b.is_ascii_digit()) {
        path.push_str(&format!("[{name}]"));
    } else {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(name);
    }
}

/// One problem from an object such as `{"path": "max_uses", "message": "…", "code": "…"}`.
fn field_error(path: &str, value: serde_json::Value) -> ApiFieldError {
    match value {
        serde_json::Value::Object(mut members) => ApiFieldError {
            path: members
                .remove("path")
                .map(path_text)
                .unwrap_or_else(|| path.to_owned()),
            message: members.remove("message").map(text).unwrap_or_default(),
            code: members
                .remove("code")
                .map(text)
                .filter(|code| !code.is_empty()),
        },
        other => ApiFieldError {
            path: path.to_owned(),
            message: text(other),
            code: None,
        },
    }
}

/// The `errors` member, whatever its shape.
fn field_errors(value: serde_json::Value) -> Option<Vec<ApiFieldError>> {
    let mut found = Vec::new();
    match value {
        serde_json::Value::Null => return None,
        serde_json::Value::Array(items) => {
            found.extend(items.into_iter().map(|item| field_error("", item)));
        }
        serde_json::Value::Object(_) => nested_errors(String::new(), value, &mut found),
        other => found.push(field_error("", other)),
    }
    Some(found)
}

/// Discord's nested form: `{"recipients": {"2": {"_errors": [{"code", "message"}]}}}`.
fn nested_errors(path: String, value: serde_json::Value, found: &mut Vec<ApiFieldError>) {
    match value {
        serde_json::Value::Object(mut members) => {
            if members.contains_key("message") && !members.contains_key("_errors") {
                found.push(field_error(&path, serde_json::Value::Object(members)));
                return;
            }
            if let Some(serde_json::Value::Array(items)) = members.remove("_errors") {
                found.extend(items.into_iter().map(|item| field_error(&path, item)));
            }
            for (name, inner) in members {
                let mut inner_path = path.clone();
                join_path(&mut inner_path, &name);
                nested_errors(inner_path, inner, found);
            }
        }
        serde_json::Value::Array(items) => {
            found.extend(items.into_iter().map(|item| field_error(&path, item)));
        }
        other => found.push(field_error(&path, other)),
    }
}

/// The JSON body of a `429 Too Many Requests`, read member by member like
/// [`ApiErrorBody`]: `global` may also be `"true"`/`"false"`, `retry_after`
/// a number in a string.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct RateLimitBody {
    /// The error code, such as `RATE_LIMITED`.
    pub code: String,
    /// The human-readable message.
    pub message: String,
    /// Whether the limit applies to every route, if the body says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global: Option<bool>,
    /// Seconds to wait before retrying (with a fraction), if the body says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<f64>,
    /// Other members, as they came.
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
}

impl RateLimitBody {
    /// Reads `bytes` if they are a JSON object; `None` otherwise.
    #[cfg(feature = "client")]
    pub(crate) fn from_json(bytes: &[u8]) -> Option<Self> {
        Self::from_value(serde_json::from_slice(bytes).ok()?)
    }

    fn from_value(value: serde_json::Value) -> Option<Self> {
        let serde_json::Value::Object(mut members) = value else {
            return None;
        };
        let code = members.remove("code").map(text).unwrap_or_default();
        let message = members.remove("message").map(text).unwrap_or_default();
        let global = members.remove("global").and_then(|value| match value {
            serde_json::Value::Bool(flag) => Some(flag),
            serde_json::Value::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
            serde_json::Value::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        });
        let retry_after = members.remove("retry_after").and_then(|value| match value {
            serde_json::Value::Number(number) => number.as_f64(),
            serde_json::Value::String(text) => text.trim().parse().ok(),
            _ => None,
        });
        Some(Self {
            code,
            message,
            global,
            retry_after,
            extra: members.into_iter().collect(),
        })
    }
}

impl<'de> serde::Deserialize<'de> for RateLimitBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        Self::from_value(value)
            .ok_or_else(|| serde::de::Error::custom("a 429 body must be a JSON object"))
    }
}

/// A request value that breaks a constraint of the schema.
///
/// ```
/// use fluxer_client::{Constraint, ValidationError};
///
/// let problem = ValidationError::new("max_uses", Constraint::Maximum(100), 150);
/// assert_eq!(problem.to_string(), "`max_uses` must be at most 100, got 150");
/// let nested = ValidationError::new("[3]", Constraint::MaxLength(32), 40).within("nicks");
/// assert_eq!(nested.field(), "nicks[3]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValidationError {
    field: String,
    /// The map key that breaks the constraint (`propertyNames`), when it is
    /// a key rather than a value.
    key: Option<String>,
    constraint: Constraint,
    value: String,
}

impl ValidationError {
    /// A violation of `constraint` by the field at path `field` (its wire
    /// name, such as `max_uses` or `recipients`), whose offending value, length
    /// or item count is `value`.
    pub fn new(field: impl Into<String>, constraint: Constraint, value: impl ToString) -> Self {
        Self {
            field: field.into(),
            key: None,
            constraint,
            value: value.to_string(),
        }
    }

    /// A violation of `constraint` (a `propertyNames` bound) by the key `key`
    /// of the map at path `field`; `value` is the key's length, or the key.
    ///
    /// ```
    /// use fluxer_client::{Constraint, ValidationError};
    ///
    /// let problem = ValidationError::for_key("labels", "release-notes", Constraint::MaxLength(8), 13);
    /// assert_eq!(
    ///     problem.to_string(),
    ///     "the key \"release-notes\" of `labels` must be at most 8 characters long, got 13"
    /// );
    /// assert_eq!(problem.key(), Some("release-notes"));
    /// ```
    pub fn for_key(
        field: impl Into<String>,
        key: impl Into<String>,
        constraint: Constraint,
        value: impl ToString,
    ) -> Self {
        Self {
            key: Some(key.into()),
            ..Self::new(field, constraint, value)
        }
    }

    /// Puts the field path inside `prefix`: `within("invite")` turns `max_uses`
    /// into `invite.max_uses`, and `[2]` into `invite[2]`.
    #[must_use]
    pub fn within(mut self, prefix: &str) -> Self {
        if prefix.is_empty() {
            return self;
        }
        self.field = if self.field.is_empty() {
            prefix.to_owned()
        } else if self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            format!("{prefix}.{}", self.field)
        };
        self
    }

    /// The path of the offending field, such as `recipients` or `guild.name`.
    #[must_use]
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The offending key of the map at [`field`](Self::field), when a key
    /// (not a value) breaks the constraint (`propertyNames`).
    #[must_use]
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The violated bound.
    #[must_use]
    pub fn constraint(&self) -> Constraint {
        self.constraint
    }

    /// The offending value, length or item count, as text.
    #[must_use]
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.key, self.field.is_empty()) {
            (None, true) => f.write_str("the value")?,
            (None, false) => write!(f, "`{}`", self.field)?,
            (Some(key), true) => write!(f, "the key {key:?}")?,
            (Some(key), false) => write!(f, "the key {key:?} of `{}`", self.field)?,
        }
        write!(f, " {}, got {}", self.constraint, self.value)
    }
}

impl StdError for ValidationError {}

/// A bound from the schema that a request value must respect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Constraint {
    /// The number must be at least this (`minimum`).
    Minimum(i64),
    /// The number must be at most this (`maximum`).
    Maximum(i64),
    /// The list must have at least this many items (`minItems`).
    MinItems(u64),
    /// The list must have at most this many items (`maxItems`).
    MaxItems(u64),
    /// The text must have at least this many characters (`minLength`).
    MinLength(u64),
    /// The text must have at most this many characters (`maxLength`).
    MaxLength(u64),
    /// The map must have at least this many entries (`minProperties`).
    MinProperties(u64),
    /// The map must have at most this many entries (`maxProperties`).
    MaxProperties(u64),
    /// No two items of the list may be equal (`uniqueItems`); the value is the
    /// index of the first repeated item.
    UniqueItems,
    /// The text must match this regular expression (`pattern`).
    Pattern(&'static str),
    /// The number must be at least this (`minimum` that is not a whole
    /// number), compared exactly (see [`Decimal`]).
    DecimalMinimum(Decimal),
    /// The number must be at most this (`maximum` that is not a whole number).
    DecimalMaximum(Decimal),
    /// The number must be greater than this (`exclusiveMinimum`).
    ExclusiveMinimum(Decimal),
    /// The number must be less than this (`exclusiveMaximum`).
    ExclusiveMaximum(Decimal),
    /// The number must be a whole multiple of this positive step
    /// (`multipleOf`), checked exactly: `19.99` is a multiple of `0.01`.
    MultipleOf(Decimal),
    /// The text must be one of these (a map's `propertyNames` with `enum`
    /// or `const`).
    Enum(&'static [&'static str]),
}

impl Constraint {
    /// Checks an integer, or a length or item count, against this bound
    /// (decimal bounds and `multipleOf` steps exactly, see [`Decimal`]).
    ///
    /// Generated `Validate` implementations call this once per bound.
    ///
    /// ```
    /// use fluxer_client::Constraint;
    ///
    /// assert!(Constraint::Maximum(100).check("max_uses", 100_u8).is_ok());
    /// let problem = Constraint::Maximum(100).check("max_uses", 101_u8).unwrap_err();
    /// assert_eq!(problem.to_string(), "`max_uses` must be at most 100, got 101");
    /// ```
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `field`, this bound and `value` when `value`
    /// is outside the bound.
    pub fn check(self, field: &str, value: impl Into<i128>) -> Result<(), ValidationError> {
        let value = value.into();
        let within = match self {
            Self::Minimum(bound) => value >= i128::from(bound),
            Self::Maximum(bound) => value <= i128::from(bound),
            Self::MinItems(bound) | Self::MinLength(bound) | Self::MinProperties(bound) => {
                value >= i128::from(bound)
            }
            Self::MaxItems(bound) | Self::MaxLength(bound) | Self::MaxProperties(bound) => {
                value <= i128::from(bound)
            }
            Self::UniqueItems | Self::Pattern(_) | Self::Enum(_) => true,
            Self::DecimalMinimum(_)
            | Self::DecimalMaximum(_)
            | Self::ExclusiveMinimum(_)
            | Self::ExclusiveMaximum(_)
            | Self::MultipleOf(_) => self.admits(Exact::int(value)),
        };
        if within {
            Ok(())
        } else {
            Err(ValidationError::new(field, self, value))
        }
    }

    /// Whether the exact number `value` satisfies a decimal bound or step
    /// (every other constraint admits it).
    fn admits(self, value: Exact) -> bool {
        match self {
            Self::DecimalMinimum(bound) => value.compare(Exact::decimal(bound)).is_ge(),
            Self::DecimalMaximum(bound) => value.compare(Exact::decimal(bound)).is_le(),
            Self::ExclusiveMinimum(bound) => value.compare(Exact::decimal(bound)).is_gt(),
            Self::ExclusiveMaximum(bound) => value.compare(Exact::decimal(bound)).is_lt(),
            Self::MultipleOf(step) => value.is_multiple_of(step),
            _ => true,
        }
    }

    /// Checks that no two items of `items` are equal (`uniqueItems`).
    ///
    /// ```
    /// use fluxer_client::Constraint;
    ///
    /// assert!(Constraint::check_unique("ids", &[1, 2, 3]).is_ok());
    /// let problem = Constraint::check_unique("ids", &[1, 2, 1]).unwrap_err();
    /// assert_eq!(problem.to_string(), "`ids` must not repeat an item, got 2");
    /// ```
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `field` and the index of the first repeat.
    pub fn check_unique<T: PartialEq>(field: &str, items: &[T]) -> Result<(), ValidationError> {
        for (index, item) in items.iter().enumerate() {
            if items[..index].contains(item) {
                return Err(ValidationError::new(field, Self::UniqueItems, index));
            }
        }
        Ok(())
    }

    /// Checks that `value` matches `pattern` (`pattern` in the schema, an
    /// ECMA-262 regular expression compiled once; see [`Pattern`](crate::Pattern)).
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `field` when `value` does not match.
    pub fn check_pattern(
        field: &str,
        value: &str,
        pattern: &'static crate::Pattern,
    ) -> Result<(), ValidationError> {
        if pattern.is_match(value) {
            Ok(())
        } else {
            Err(ValidationError::new(
                field,
                Self::Pattern(pattern.source()),
                format!("{value:?}"),
            ))
        }
    }

    /// [`check`](Self::check) for a floating-point number: against a
    /// whole-number bound, or exactly (as its shortest decimal, see
    /// [`Decimal`]) against a decimal bound or `multipleOf` step.
    ///
    /// ```
    /// use fluxer_client::{Constraint, Decimal};
    ///
    /// let cents = Constraint::MultipleOf(Decimal::new(1, -2));
    /// assert!(cents.check_number("price", 19.99).is_ok());
    /// let problem = cents.check_number("price", 19.995).unwrap_err();
    /// assert_eq!(problem.to_string(), "`price` must be a multiple of 0.01, got 19.995");
    /// let positive = Constraint::ExclusiveMinimum(Decimal::new(0, 0));
    /// assert!(positive.check_number("ratio", 0.0).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`check`](Self::check). `NaN` is outside every bound; the
    /// infinities are outside the whole-number bound on their side and
    /// break every decimal bound and step (they have no decimal form, and
    /// JSON has no way to send them).
    #[allow(clippy::cast_precision_loss)]
    pub fn check_number(self, field: &str, value: f64) -> Result<(), ValidationError> {
        let within = match self {
            Self::Minimum(bound) => value >= bound as f64,
            Self::Maximum(bound) => value <= bound as f64,
            _ => Decimal::from_f64(value).is_some_and(|exact| self.admits(Exact::decimal(exact))),
        };
        if within {
            Ok(())
        } else {
            Err(ValidationError::new(field, self, value))
        }
    }

    /// [`check_number`](Self::check_number) for an `f32`, read as the
    /// `f32`'s own shortest decimal (`0.1_f32` is `0.1`, as it is sent).
    ///
    /// # Errors
    ///
    /// As for [`check_number`](Self::check_number).
    pub fn check_f32(self, field: &str, value: f32) -> Result<(), ValidationError> {
        let within = match self {
            Self::Minimum(_) | Self::Maximum(_) => {
                return self.check_number(field, f64::from(value));
            }
            _ => Decimal::from_f32(value).is_some_and(|exact| self.admits(Exact::decimal(exact))),
        };
        if within {
            Ok(())
        } else {
            Err(ValidationError::new(field, self, value))
        }
    }

    /// Checks a key of the map at `field` (`propertyNames`): its length in
    /// characters against `MinLength`/`MaxLength`, or its presence in `Enum`.
    ///
    /// ```
    /// use fluxer_client::Constraint;
    ///
    /// let timelines = Constraint::Enum(&["home", "notifications"]);
    /// assert!(timelines.check_key("markers", "home").is_ok());
    /// let problem = timelines.check_key("markers", "public").unwrap_err();
    /// assert_eq!(
    ///     problem.to_string(),
    ///     "the key \"public\" of `markers` must be one of \"home\", \"notifications\", got \"public\""
    /// );
    /// ```
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `field` and the key.
    pub fn check_key(self, field: &str, key: &str) -> Result<(), ValidationError> {
        match self {
            Self::MinLength(_) | Self::MaxLength(_) => self
                .check_len(field, key.chars().count())
                .map_err(|error| ValidationError::for_key(field, key, self, error.value)),
            Self::Enum(allowed) if !allowed.contains(&key) => Err(ValidationError::for_key(
                field,
                key,
                self,
                format!("{key:?}"),
            )),
            _ => Ok(()),
        }
    }

    /// Checks that a key of the map at `field` matches `pattern`
    /// (`propertyNames` with a `pattern`).
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `field` and the key.
    pub fn check_key_pattern(
        field: &str,
        key: &str,
        pattern: &'static crate::Pattern,
    ) -> Result<(), ValidationError> {
        Self::check_pattern(field, key, pattern)
            .map_err(|error| ValidationError::for_key(field, key, error.constraint, error.value))
    }

    /// [`check`](Self::check) for a length or item count.
    ///
    /// # Errors
    ///
    /// As for [`check`](Self::check).
    pub fn check_len(self, field: &str, len: usize) -> Result<(), ValidationError> {
        self.check(field, u64::try_from(len).unwrap_or(u64::MAX))
    }
}

impl fmt::Display for Constraint {
    /// Writes the bound as the end of a sentence: `must be at most 100`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Minimum(bound) => write!(f, "must be at least {bound}"),
            Self::Maximum(bound) => write!(f, "must be at most {bound}"),
            Self::MinItems(bound) => write!(f, "must have at least {bound} items"),
            Self::MaxItems(bound) => write!(f, "must have at most {bound} items"),
            Self::MinLength(bound) => write!(f, "must be at least {bound} characters long"),
            Self::MaxLength(bound) => write!(f, "must be at most {bound} characters long"),
            Self::MinProperties(bound) => write!(f, "must have at least {bound} entries"),
            Self::MaxProperties(bound) => write!(f, "must have at most {bound} entries"),
            Self::UniqueItems => write!(f, "must not repeat an item"),
            Self::Pattern(pattern) => write!(f, "must match the pattern `{pattern}`"),
            Self::DecimalMinimum(bound) => write!(f, "must be at least {bound}"),
            Self::DecimalMaximum(bound) => write!(f, "must be at most {bound}"),
            Self::ExclusiveMinimum(bound) => write!(f, "must be greater than {bound}"),
            Self::ExclusiveMaximum(bound) => write!(f, "must be less than {bound}"),
            Self::MultipleOf(step) => write!(f, "must be a multiple of {step}"),
            Self::Enum([]) => write!(f, "must not be used (no name is allowed)"),
            Self::Enum(allowed) => {
                f.write_str("must be one of ")?;
                for (index, text) in allowed.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{text:?}")?;
                }
                Ok(())
            }
        }
    }
}

/// The standard reason phrase of a redirect or error status (the same as
/// `http::StatusCode::canonical_reason`, without depending on `http`).
fn canonical_reason(status: u16) -> Option<&'static str> {
    Some(match status {
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// The first `max` bytes of `bytes` as text, cut at a character boundary.
/// Invalid UTF-8 is replaced, never a reason to fail.
pub(crate) fn bounded_text(bytes: &[u8], max: usize) -> String {
    // Look a few bytes past `max` so a character straddling the cut is decoded
    // whole (and then dropped) rather than turned into a replacement character.
    let window = bytes.get(..max.saturating_add(4)).unwrap_or(bytes);
    let mut text = String::from_utf8_lossy(window).into_owned();
    if text.len() > max {
        let mut cut = max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_messages() {
        let e = ValidationError::new("max_uses", Constraint::Maximum(100), 150_u8);
        assert_eq!(e.to_string(), "`max_uses` must be at most 100, got 150");
        let e = ValidationError::new("recipients", Constraint::MaxItems(9), 10_usize);
        assert_eq!(
            e.to_string(),
            "`recipients` must have at most 9 items, got 10"
        );
        let e = ValidationError::new("", Constraint::MinLength(1), 0);
        assert_eq!(
            e.to_string(),
            "the value must be at least 1 characters long, got 0"
        );
        assert_eq!(
            Constraint::Minimum(-3).to_string(),
            "must be at least -3".to_owned()
        );
        assert_eq!(
            Constraint::MinItems(2).to_string(),
            "must have at least 2 items"
        );
        assert_eq!(
            Constraint::MaxLength(2).to_string(),
            "must be at most 2 characters long"
        );
    }

    #[test]
    fn within_prefixes_paths() {
        let leaf = ValidationError::new("name", Constraint::MaxLength(2), 3);
        assert_eq!(leaf.clone().within("guild").field(), "guild.name");
        assert_eq!(
            leaf.clone().within("[3]").within("items").field(),
            "items[3].name"
        );
        assert_eq!(leaf.clone().within("").field(), "name");
        let root = ValidationError::new("", Constraint::MaxItems(9), 10);
        assert_eq!(root.within("recipients").field(), "recipients");
        let error = Error::from(leaf);
        assert!(error.is_validation());
        assert_eq!(error.status(), None);
    }

    #[test]
    fn bounded_text_respects_char_boundaries() {
        assert_eq!(bounded_text(b"hello", 10), "hello");
        assert_eq!(bounded_text(b"hello", 3), "hel");
        assert_eq!(bounded_text("aé".as_bytes(), 2), "a");
        assert_eq!(bounded_text("ééé".as_bytes(), 4), "éé");
        assert_eq!(bounded_text(&[b'a', 0xff, b'b'], 10), "a\u{fffd}b");
        assert_eq!(bounded_text(&[0xff; 100], 5).len(), 3);
        assert_eq!(bounded_text(b"", 5), "");
    }

    #[test]
    fn reason_phrases() {
        assert_eq!(canonical_reason(404), Some("Not Found"));
        assert_eq!(canonical_reason(503), Some("Service Unavailable"));
        assert_eq!(canonical_reason(599), None);
        let error = Error::new(ErrorKind::Api {
            status: 403,
            body: None,
            raw: String::new(),
            rate_limit: None,
        });
        assert_eq!(error.to_string(), "Fluxer API error 403 Forbidden");
    }

    #[test]
    fn a_bad_snowflake_converts_with_the_question_mark() {
        fn parse(text: &str) -> Result<crate::Snowflake, Error> {
            Ok(text.parse()?)
        }
        assert_eq!(parse("42").unwrap(), crate::Snowflake::new(42));
        let error = parse("4x2").unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::InvalidSnowflake(_)));
        assert_eq!(
            error.to_string(),
            "invalid snowflake: only the decimal digits 0-9 are allowed"
        );
        assert!(StdError::source(&error).is_none());
    }

    #[test]
    fn error_is_small() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }
}
