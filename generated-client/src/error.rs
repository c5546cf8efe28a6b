//! [`Error`], what went wrong ([`ErrorKind`]), and [`ValidationError`].

#![deny(missing_docs)]

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::ratelimit::RateLimitInfo;

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
    /// The request did not get a response: connection failure, timeout, TLS or
    /// I/O error. The [`source`](StdError::source) is the underlying error.
    Transport {
        /// What happened.
        message: String,
    },
    /// The API answered with an error status other than 429.
    Api {
        /// The HTTP status code.
        status: u16,
        /// The decoded Fluxer error body, when the body was one.
        body: Option<ApiErrorBody>,
        /// The start of the raw body (at most 4 KiB), for logging.
        raw: String,
        /// The rate-limit headers of the response.
        rate_limit: Option<RateLimitInfo>,
    },
    /// The API answered 429 Too Many Requests, and the client did not retry
    /// (any more): the [`RateLimitConfig`](crate::RateLimitConfig) allows no
    /// further retry, or waiting `retry_after` would go past its `max_wait`.
    ///
    /// Also the error when the client's own limiter would have had to wait
    /// longer than `max_wait` before sending: then nothing was sent
    /// ([`Error::attempts`] counts only what was), `body` is `None`, and
    /// `rate_limit` is what the limiter knows of the bucket.
    RateLimited {
        /// How long to wait: the body's precise `retry_after` when present,
        /// else the `Retry-After` header, else `X-RateLimit-Reset-After`,
        /// else one second.
        retry_after: Duration,
        /// Whether the global limit (all routes) was hit: the body's `global`,
        /// else the `X-RateLimit-Global` header, else `false`.
        global: bool,
        /// The decoded 429 body, when the body was one.
        body: Option<RateLimitBody>,
        /// The rate-limit headers of the response.
        rate_limit: Option<RateLimitInfo>,
        /// The `Retry-After` header in whole seconds, when present and numeric.
        retry_after_header: Option<u64>,
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

    /// Whether the API answered 429 Too Many Requests.
    #[must_use]
    pub fn is_rate_limited(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::RateLimited { .. })
    }

    /// The HTTP status of the response, when there was one.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match &self.inner.kind {
            ErrorKind::Api { status, .. } | ErrorKind::Decode { status, .. } => Some(*status),
            ErrorKind::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// How long to wait before retrying, when the API answered 429.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.inner.kind {
            ErrorKind::RateLimited { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::Validation(problem) => write!(f, "invalid request, not sent: {problem}"),
            ErrorKind::Builder { message } => write!(f, "invalid client configuration: {message}"),
            ErrorKind::Encode { message } => write!(f, "could not encode the request: {message}"),
            ErrorKind::Transport { message } => {
                write!(f, "could not reach the Fluxer API: {message}")
            }
            ErrorKind::Api { status, body, .. } => {
                write!(f, "Fluxer API error {status}")?;
                match body {
                    Some(body) => {
                        write!(f, " {}: {}", body.code, body.message)?;
                        for detail in body.errors.iter().flatten() {
                            write!(f, "; {}: {}", detail.path, detail.message)?;
                        }
                        Ok(())
                    }
                    None => match canonical_reason(*status) {
                        Some(reason) => write!(f, " {reason}"),
                        None => Ok(()),
                    },
                }
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
                if let Some(body) = body {
                    write!(f, " {}: {}", body.code, body.message)?;
                }
                write!(f, "; retry after {:.3}s", retry_after.as_secs_f64())
            }
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

/// The JSON body of an API error, as the runtime reads it for any status:
/// `{"code": "UNKNOWN_CHANNEL", "message": "…", "errors": [{"path": "…", "message": "…"}]}`.
///
/// Read liberally: a numeric `code` becomes its decimal text, missing members
/// are empty, and members it does not name are kept in `extra`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ApiErrorBody {
    /// The machine-readable error code, such as `UNKNOWN_CHANNEL`.
    #[serde(default, deserialize_with = "text_or_number")]
    pub code: String,
    /// The human-readable message.
    #[serde(default)]
    pub message: String,
    /// Problems with single fields of the request, if the API listed any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ApiFieldError>>,
    /// Other top-level members (such as `max_recipients`), as they came.
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
}

/// One field's problem in an [`ApiErrorBody`].
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ApiFieldError {
    /// The path of the field, such as `max_uses`.
    #[serde(default)]
    pub path: String,
    /// What is wrong with it.
    #[serde(default)]
    pub message: String,
    /// A machine-readable code for the problem, if given.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_text_or_number"
    )]
    pub code: Option<String>,
}

/// The JSON body of a `429 Too Many Requests`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct RateLimitBody {
    /// The error code, such as `RATE_LIMITED`.
    #[serde(default, deserialize_with = "text_or_number")]
    pub code: String,
    /// The human-readable message.
    #[serde(default)]
    pub message: String,
    /// Whether the limit applies to every route, if the body says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global: Option<bool>,
    /// Seconds to wait before retrying (with a fraction), if the body says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<f64>,
    /// Other members, as they came.
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
}

fn text_or_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(optional_text_or_number(deserializer)?.unwrap_or_default())
}

fn optional_text_or_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(
        match <serde_json::Value as serde::Deserialize>::deserialize(deserializer)? {
            serde_json::Value::String(text) => Some(text),
            serde_json::Value::Number(number) => Some(number.to_string()),
            _ => None,
        },
    )
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
            constraint,
            value: value.to_string(),
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
        if self.field.is_empty() {
            f.write_str("the value")?;
        } else {
            write!(f, "`{}`", self.field)?;
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
}

impl Constraint {
    /// Checks a number, or a length or item count, against this bound.
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
            Self::UniqueItems | Self::Pattern(_) => true,
        };
        if within {
            Ok(())
        } else {
            Err(ValidationError::new(field, self, value))
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

    /// [`check`](Self::check) for a floating-point number against a whole-number bound.
    ///
    /// # Errors
    ///
    /// As for [`check`](Self::check); `NaN` is outside every bound.
    #[allow(clippy::cast_precision_loss)]
    pub fn check_number(self, field: &str, value: f64) -> Result<(), ValidationError> {
        let within = match self {
            Self::Minimum(bound) => value >= bound as f64,
            Self::Maximum(bound) => value <= bound as f64,
            _ => true,
        };
        if within {
            Ok(())
        } else {
            Err(ValidationError::new(field, self, value))
        }
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
    fn error_is_small() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }
}
