//! [`Error`], what went wrong ([`ErrorKind`]), the limit that made the
//! client give up waiting ([`WaitBound`]), and how each is written out.
//!
//! What an error holds is defined where it comes from: the API's error
//! bodies in `api_error.rs`, [`ValidationError`] beside
//! [`Validate`](crate::Validate), [`RateLimitInfo`] with the rate-limit
//! headers. This module depends on those, never the other way round.

#![deny(missing_docs)]

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::api_error::{ApiErrorBody, RateLimitBody};
use crate::rate_limit::RateLimitInfo;
use crate::snowflake::ParseSnowflakeError;
use crate::text::seconds;
use crate::validate::ValidationError;

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
    /// The operation accepts none of the credentials the client holds (its
    /// schema's `security` names other schemes), so the request was not
    /// sent. The message names the schemes it accepts and the kinds of
    /// credential the client has, never a secret.
    Credentials {
        /// What the operation accepts and what the client has.
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
    /// included: 0 when nothing was sent (a [`Validation`](ErrorKind::Validation),
    /// [`Credentials`](ErrorKind::Credentials) or [`Encode`](ErrorKind::Encode) error, or a
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
            ErrorKind::Credentials { message } => write!(f, "request not sent: {message}"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_error_converts_into_an_error() {
        let leaf = ValidationError::new("name", crate::Constraint::MaxLength(2), 3);
        let error = Error::from(leaf);
        assert!(error.is_validation());
        assert_eq!(error.status(), None);
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
