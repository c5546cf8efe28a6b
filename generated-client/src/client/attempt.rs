//! One attempt: the [`Outgoing`] request sent once with the client's own
//! headers, and its [`Reply`] read with the body bounded (a success body up
//! to `max_body_size`, an error body up to 64 KiB); a failure to get one is
//! told apart into [`ErrorKind::Connect`] (not sent) and
//! [`ErrorKind::OutcomeUnknown`] (sent, no complete answer).

use std::time::Duration;

use bytes::Bytes;
use jiff::Timestamp;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, HeaderMap, HeaderValue, USER_AGENT};

use super::Inner;
use crate::auth::Applied;
use crate::error::{Error, ErrorKind};
use crate::request::{OnceBody, OperationInfo, RequestSpec};
use crate::text::seconds;

/// The most of an error body (any status but `2xx`) that is read.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// What every attempt of a call sends: the operation, its URL, the body and
/// the headers beyond the client's own (the credentials, `Content-Type` and
/// the operation's header parameters, checked).
pub(super) struct Outgoing {
    pub(super) operation: &'static OperationInfo,
    pub(super) url: reqwest::Url,
    body: Option<Bytes>,
    /// A body read as it is sent, which only the first attempt can take.
    stream: Option<OnceBody>,
    headers: HeaderMap,
    /// Whether the URL holds a secret, so errors must not show it.
    secret_in_url: bool,
    /// Whether a success body is handed over unread, to be streamed
    /// ([`Client::execute_stream`](crate::Client::execute_stream)).
    pub(super) stream_answer: bool,
}

impl Outgoing {
    /// The request `request` for `operation`, to be sent to `url`.
    pub(super) fn new<T>(
        operation: &'static OperationInfo,
        url: reqwest::Url,
        request: RequestSpec<T>,
        applied: Applied,
    ) -> Result<Self, Error> {
        let invalid_option = |message: String| {
            Error::new(ErrorKind::Encode {
                message: format!("`{}`: {message}", operation.operation_id),
            })
        };
        let added: Vec<(String, String)> = request
            .call_options()
            .checked_headers()
            .map_err(invalid_option)?
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        let payload = request.into_payload();
        let (body, content_type, extra) = (payload.body, payload.content_type, payload.headers);
        let secret_in_url = applied.in_url();
        let mut headers = HeaderMap::new();
        for (name, value) in applied.headers {
            headers.append(name, value);
        }
        let invalid = |name: &str| {
            Error::new(ErrorKind::Encode {
                message: format!(
                    "the header `{name}` of `{}` is not a valid HTTP header",
                    operation.operation_id
                ),
            })
        };
        for (name, value) in extra {
            let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(name))?;
            let value = HeaderValue::from_str(&value).map_err(|_| invalid(name))?;
            headers.append(header, value);
        }
        if let Some(content_type) = content_type {
            let value =
                HeaderValue::from_str(&content_type).map_err(|_| invalid("content-type"))?;
            headers.insert(CONTENT_TYPE, value);
        }
        // The call's own headers (checked above), after the operation's.
        for (name, value) in &added {
            let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(name))?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid(name))?;
            headers.append(header, value);
        }
        if !applied.cookies.is_empty() {
            // One `Cookie` header: the operation's cookies, then the
            // credentials' (checked when the credentials were set).
            let mut cookies: Vec<String> = headers
                .get(COOKIE)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
                .into_iter()
                .collect();
            cookies.extend(applied.cookies);
            let mut value =
                HeaderValue::from_str(&cookies.join("; ")).map_err(|_| invalid("cookie"))?;
            value.set_sensitive(true);
            headers.insert(COOKIE, value);
        }
        Ok(Self {
            operation,
            url,
            body: body.map(Bytes::from),
            stream: payload.stream,
            headers,
            secret_in_url,
            stream_answer: false,
        })
    }

    /// Whether the body is a stream, which is sent once: never retried.
    pub(super) fn is_streamed(&self) -> bool {
        self.stream.is_some()
    }
}

/// What one attempt got back: the status and headers, and the body unless it
/// could not be read whole (cut off, or larger than the limit).
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Result<Bytes, Error>,
    /// When the status and headers arrived, by the local clock.
    pub(super) received: Timestamp,
    /// A success answer whose body is not read yet, when the call streams it.
    pub(super) stream: Option<reqwest::Response>,
}

impl Inner {
    /// Sends `outgoing` once and reads the reply, the body up to its limit;
    /// `timeout` bounds the attempt (what is left of the call's deadline,
    /// `by_deadline`, when that is shorter).
    pub(super) async fn attempt(
        &self,
        outgoing: &Outgoing,
        timeout: Duration,
        by_deadline: Option<Duration>,
    ) -> Result<Reply, Error> {
        let operation = outgoing.operation;
        let mut headers = outgoing.headers.clone();
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static(super::ACCEPT));
        let mut builder = self
            .http
            .request(operation.method.to_reqwest(), outgoing.url.clone())
            .timeout(timeout);
        if let Some(body) = &outgoing.body {
            builder = builder.body(body.clone());
        }
        if let Some(stream) = &outgoing.stream {
            let Some(stream) = stream.take() else {
                return Err(Error::new(ErrorKind::Encode {
                    message: format!(
                        "the streamed body of `{}` was sent before; a stream is sent once",
                        operation.operation_id
                    ),
                }));
            };
            builder = builder.body(stream.into_reqwest());
        }
        // `headers` replaces (rather than adds to) anything set before, and
        // the pool's default headers only fill in names not set here, so
        // the credentials' headers are sent exactly once.
        let builder = builder.headers(headers);

        // A URL holding a secret (an `apiKey` in the query) is never shown:
        // `reqwest`'s errors name their URL.
        let hide = |error: reqwest::Error| {
            if outgoing.secret_in_url {
                error.without_url()
            } else {
                error
            }
        };
        let mut response = builder.send().await.map_err(|error| {
            self.transport_error(operation, &error, timeout, by_deadline, None)
                .with_cause(hide(error))
        })?;
        let received = Timestamp::now();
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let success = (200..300).contains(&status);
        // An error body is only read as far as it is useful.
        let limit = if success {
            self.max_body_size
        } else {
            self.max_body_size.min(ERROR_BODY_LIMIT)
        };
        let too_large = || {
            Error::new(ErrorKind::BodyTooLarge {
                status,
                limit: u64::try_from(limit).unwrap_or(u64::MAX),
            })
        };
        if success
            && response
                .content_length()
                .is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX))
        {
            return Ok(Reply {
                status,
                headers,
                body: Err(too_large()),
                received,
                stream: None,
            });
        }
        if success && outgoing.stream_answer {
            // The caller reads the body chunk by chunk, under the same limit.
            return Ok(Reply {
                status,
                headers,
                body: Ok(Bytes::new()),
                received,
                stream: Some(response),
            });
        }
        // Read chunk by chunk, never holding more than `limit` bytes; a body
        // that comes in one chunk is kept without copying.
        let mut first: Option<Bytes> = None;
        let mut rest: Vec<u8> = Vec::new();
        let mut length: usize = 0;
        let body = loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if length.saturating_add(chunk.len()) > limit {
                        if success {
                            break Err(too_large());
                        }
                        // Enough of an error body: keep what fits.
                        let fits = limit - length;
                        if let Some(first) = first.take() {
                            rest.extend_from_slice(&first);
                        }
                        rest.extend_from_slice(&chunk[..fits]);
                        break Ok(Bytes::from(rest));
                    }
                    length += chunk.len();
                    match first.take() {
                        None if rest.is_empty() => first = Some(chunk),
                        previous => {
                            if let Some(previous) = previous {
                                rest.reserve(previous.len() + chunk.len());
                                rest.extend_from_slice(&previous);
                            }
                            rest.extend_from_slice(&chunk);
                        }
                    }
                }
                Ok(None) => break Ok(first.take().unwrap_or_else(|| Bytes::from(rest))),
                Err(error) => {
                    break Err(self
                        .transport_error(operation, &error, timeout, by_deadline, Some(status))
                        .with_cause(hide(error)));
                }
            }
        };
        Ok(Reply {
            status,
            headers,
            body,
            received,
            stream: None,
        })
    }

    /// The error for a request that got no (complete) answer, in words of
    /// its own: the cause is the error's source, not repeated here.
    fn transport_error(
        &self,
        operation: &OperationInfo,
        error: &reqwest::Error,
        timeout: Duration,
        by_deadline: Option<Duration>,
        status: Option<u16>,
    ) -> Error {
        let route = format!("{} {}", operation.method, operation.path_template);
        let io_kind = io_error_kind(error);
        let timed_out = error.is_timeout() || io_kind == Some(std::io::ErrorKind::TimedOut);
        let timing = match by_deadline {
            Some(deadline) => format!("the call's deadline of {} passed", seconds(deadline)),
            None => format!("it timed out after {}", seconds(timeout)),
        };
        if error.is_connect() {
            let why = match io_kind {
                _ if timed_out => timing,
                Some(std::io::ErrorKind::ConnectionRefused) => {
                    "the connection was refused".to_owned()
                }
                _ => "no connection could be made".to_owned(),
            };
            return Error::new(ErrorKind::Connect {
                message: format!("{route}: could not connect ({why})"),
            });
        }
        if error.is_builder() {
            return Error::new(ErrorKind::Encode {
                message: format!(
                    "the request for `{}` cannot be built",
                    operation.operation_id
                ),
            });
        }
        let why = if timed_out {
            format!("{timing} before a complete answer arrived")
        } else if let Some(status) = status {
            format!("the answer (HTTP {status}) was cut off")
        } else if io_kind == Some(std::io::ErrorKind::ConnectionReset) {
            "the connection was reset before an answer arrived".to_owned()
        } else {
            "the connection was closed before an answer arrived".to_owned()
        };
        Error::new(ErrorKind::OutcomeUnknown {
            message: format!("{route}: {why}"),
            idempotent: operation.idempotent,
        })
    }
}

/// The kind of the first I/O error among the causes of `error`.
fn io_error_kind(error: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        cause = current.source();
    }
    None
}
