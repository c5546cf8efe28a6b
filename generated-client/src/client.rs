//! [`Client`], [`ClientBuilder`] and [`Response`]: sending requests and
//! decoding what comes back.

#![deny(missing_docs)]

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use jiff::Timestamp;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, DATE, HeaderMap, HeaderValue, RETRY_AFTER, USER_AGENT,
};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument as _;

use crate::api_error::{ApiErrorBody, RateLimitBody};
use crate::auth::Credentials;
use crate::error::{Error, ErrorKind, WaitBound};
use crate::rate_limit::{
    Limiter, Observed, Outcome, RateLimitConfig, RateLimitInfo, Refusal, parse_http_date,
    parse_seconds,
};
use crate::request::{
    BucketKey, OperationInfo, PreparedRequest, RequestSpec, Server, check_path, major_parameter,
};
use crate::retry::{Jitter, RetryConfig, is_retryable_status};
use crate::text::{bounded_text, millis, seconds};

/// The API of the official Fluxer instance.
const DEFAULT_BASE_URL: &str = "https://api.fluxer.app/v1";
/// How long one attempt may take, from connecting to the end of the body.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one call may take in all: waits, retries and transfers.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// The largest success body read by default.
const DEFAULT_MAX_BODY_SIZE: usize = 8 * 1024 * 1024;
/// The most of an error body (any status but `2xx`) that is read.
const ERROR_BODY_LIMIT: usize = 64 * 1024;
/// The `User-Agent` sent unless another is configured.
const DEFAULT_USER_AGENT: &str = concat!("fluxer-client/", env!("CARGO_PKG_VERSION"));
/// How much of an error body [`ErrorKind::Api`] keeps.
const RAW_LIMIT: usize = 4 * 1024;
/// How much of a body [`ErrorKind::Decode`] keeps.
const SNIPPET_LIMIT: usize = 512;
/// The wait reported for a 429 that gives no hint at all.
const FALLBACK_RETRY_AFTER: Duration = Duration::from_secs(1);

/// A Fluxer API client.
///
/// Cheap to clone (the clones share one connection pool and one rate
/// limiter) and safe to share between tasks. Every operation of the API is a
/// method, such as [`create_channel_invite`](Client::create_channel_invite);
/// each validates its arguments before sending anything.
///
/// By default the client keeps within Fluxer's rate limits on its own (see
/// [`RateLimitConfig`]): it waits for a used-up bucket to reset rather than
/// sending a request that would be refused, and sends a request answered
/// `429` again after the server's `retry_after`. Requests for
/// [idempotent](OperationInfo::idempotent) operations are also retried, with
/// backoff, after a transport error or a `5xx` (see [`RetryConfig`]); others,
/// such as creating a group DM, are never sent twice by the client.
///
/// Each request is traced as a `fluxer_request` span (at `DEBUG`) with the
/// method, route template and major parameter, and once it ends the number
/// of attempts, the status and the time waited for rate limits; each attempt
/// is a `fluxer_attempt` span inside it (its number and status). No token is
/// ever logged. Each call is bounded by the builder's
/// [`deadline`](ClientBuilder::deadline), each attempt by its
/// [`timeout`](ClientBuilder::timeout), each body by
/// [`max_body_size`](ClientBuilder::max_body_size). Dropping the future of a
/// request cancels it.
///
/// ```no_run
/// use fluxer_client::{Client, Credentials};
///
/// # fn run() -> Result<(), fluxer_client::Error> {
/// let client = Client::builder()
///     .credentials(Credentials::bot(std::env::var("FLUXER_TOKEN").unwrap_or_default()))
///     .build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Without a trailing slash.
    base_url: String,
    credentials: Credentials,
    /// Marked sensitive.
    authorization: HeaderValue,
    user_agent: HeaderValue,
    timeout: Duration,
    deadline: Duration,
    max_body_size: usize,
    rate_limits: RateLimitConfig,
    retries: RetryConfig,
    limiter: Limiter,
    jitter: Jitter,
    /// The last `Date` header read, and its time: it changes once a second.
    last_date: std::sync::Mutex<Option<(HeaderValue, Timestamp)>>,
}

/// A response as it came off the wire, after retries.
struct Exchange {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    rate_limit: Option<RateLimitInfo>,
    attempts: u32,
    waited: Duration,
}

impl Exchange {
    /// The answer as a [`Response`] (its body decoded by `decode`) or an [`Error`].
    fn interpret<T>(
        self,
        decode: impl FnOnce(u16, &[u8]) -> Result<T, Error>,
    ) -> Result<Response<T>, Error> {
        interpret_with(
            self.status,
            &self.headers,
            &self.body,
            self.rate_limit,
            decode,
        )
        .map(|response| Response {
            attempts: self.attempts,
            rate_limit_wait: self.waited,
            ..response
        })
        .map_err(|error| error.with_attempts(self.attempts))
    }
}

impl Client {
    /// Starts configuring a client.
    #[must_use]
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client for the official instance with the default settings.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Builder`] when the token cannot be sent in a header.
    pub fn new(credentials: Credentials) -> Result<Self, Error> {
        Self::builder().credentials(credentials).build()
    }

    /// The base URL paths are appended to, without a trailing slash. An
    /// operation whose schema names another server
    /// ([`OperationInfo::server`]) goes to that server instead: a
    /// [`Relative`](crate::request::Server::Relative) one is resolved against
    /// this URL, an [`Absolute`](crate::request::Server::Absolute) one is used
    /// as it is.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Turns a request into method, URL, headers and body without sending it,
    /// to inspect it or to send it with another HTTP stack.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when the path has an empty, `.` or `..` segment or
    /// the URL cannot be built.
    pub fn prepare<T>(&self, request: &RequestSpec<T>) -> Result<PreparedRequest, Error> {
        let url = self.inner.url_for(request)?;
        let text = |value: &HeaderValue| String::from_utf8_lossy(value.as_bytes()).into_owned();
        let mut headers = vec![
            ("authorization".to_owned(), text(&self.inner.authorization)),
            ("user-agent".to_owned(), text(&self.inner.user_agent)),
            ("accept".to_owned(), "application/json".to_owned()),
        ];
        if let Some(content_type) = request.content_type() {
            headers.push(("content-type".to_owned(), content_type.to_owned()));
        }
        for (name, value) in request.header_pairs() {
            headers.push((name.to_ascii_lowercase(), value.clone()));
        }
        Ok(PreparedRequest {
            operation: request.operation(),
            method: request.operation().method,
            url: url.into(),
            headers,
            body: request.body().map(<[u8]>::to_vec),
        })
    }

    /// Sends a request and decodes the success body as `T`, returning it with
    /// the response's status, rate-limit headers, attempts and waits.
    ///
    /// Every operation's method (such as `create_channel_invite`) is this
    /// call with the operation's request, keeping only the body; call it
    /// yourself with the function of the same name in
    /// [`operations`](crate::operations) for the [`Response`]:
    ///
    /// ```no_run
    /// use fluxer_client::models::CreateChannelInviteRequest;
    /// use fluxer_client::ids::ChannelId;
    /// use fluxer_client::{Client, operations};
    ///
    /// # async fn run(client: Client) -> Result<(), fluxer_client::Error> {
    /// let request = CreateChannelInviteRequest::default();
    /// let response = client
    ///     .execute(operations::create_channel_invite(ChannelId::new(1), &request)?)
    ///     .await?;
    /// println!("{} attempts, {:?} waited", response.attempts(), response.rate_limit_wait());
    /// let invite = response.into_data();
    /// # let _ = invite;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// An empty success body decodes as JSON `null`, so `T = ()` fits a
    /// `204 No Content`.
    ///
    /// Waits as the rate limits require and retries as the client's
    /// [`RateLimitConfig`] and [`RetryConfig`] allow, all within the client's
    /// [`deadline`](ClientBuilder::deadline); dropping the returned future
    /// cancels the request, wherever it is.
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::Encode`] when the URL cannot be built;
    /// - [`ErrorKind::GaveUpWaiting`] when the rate limits would have kept the
    ///   call waiting past `max_wait` or the deadline (nothing more was sent);
    /// - [`ErrorKind::Connect`] when no connection could be made, so the
    ///   request was not sent, after any retries;
    /// - [`ErrorKind::OutcomeUnknown`] when the request was sent but no
    ///   complete answer came back (dropped connection, timeout): the API
    ///   may have carried it out;
    /// - [`ErrorKind::RateLimited`] on `429 Too Many Requests` once no retry
    ///   is left;
    /// - [`ErrorKind::Api`] on any other status outside `2xx`;
    /// - [`ErrorKind::BodyTooLarge`] when the success body is larger than
    ///   [`max_body_size`](ClientBuilder::max_body_size);
    /// - [`ErrorKind::Decode`] when a success body is not a `T`.
    pub async fn execute<T: DeserializeOwned>(
        &self,
        request: RequestSpec<T>,
    ) -> Result<Response<T>, Error> {
        let exchange = self.inner.exchange(request).await?;
        exchange.interpret(decode)
    }

    /// Sends a request whose success body is not JSON (an image, a CSV file)
    /// and returns the body's bytes as they came.
    ///
    /// # Errors
    ///
    /// As for [`execute`](Self::execute), but a success body is never a decode error.
    pub async fn execute_bytes(
        &self,
        request: RequestSpec<Vec<u8>>,
    ) -> Result<Response<Vec<u8>>, Error> {
        let exchange = self.inner.exchange(request).await?;
        exchange.interpret(|_, body| Ok(body.to_vec()))
    }

    /// Forgets what the client learned about rate limits from the server:
    /// every bucket's limit and reset, waits after 429s and a global pause,
    /// and the estimate of the server's clock. Calls waiting in the limiter
    /// move on; requests in flight still count until they end. For when the
    /// server's answers were wrong (a reset far ahead, a clock that was off)
    /// without rebuilding the client; clones share what is forgotten.
    pub fn forget_rate_limits(&self) {
        self.inner.limiter.forget();
    }
}

/// One call as it goes through its attempts.
struct Call<'a> {
    operation: &'static OperationInfo,
    url: &'a reqwest::Url,
    key: &'a BucketKey,
    outgoing: &'a Outgoing,
    span: &'a tracing::Span,
    /// When the call must have ended.
    deadline_at: Instant,
}

impl Call<'_> {
    /// Whether waiting `wait` from now still ends before the deadline.
    fn fits(&self, wait: Duration) -> bool {
        Instant::now()
            .checked_add(wait)
            .is_some_and(|end| end < self.deadline_at)
    }
}

/// What one attempt got: the status and headers, and the body unless it
/// could not be read whole (cut off, or larger than the limit).
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Result<Bytes, Error>,
    received: Timestamp,
}

/// The private machinery behind [`Client`]'s methods. It lives on `Inner`, not on
/// `Client`, so that the inherent methods of `Client` are exactly its public
/// surface (generated code adds one per operation; see `reserved_methods.txt`).
impl Inner {
    /// Sends a request (waiting, retrying) and returns the final answer, not yet interpreted.
    async fn exchange<T>(&self, request: RequestSpec<T>) -> Result<Exchange, Error> {
        let started = Instant::now();
        let url = self.url_for(&request)?;
        let operation = request.operation();
        let major = major_parameter(operation.path_template, request.path());
        let span = tracing::debug_span!(
            "fluxer_request",
            method = operation.method.as_str(),
            route = operation.path_template,
            major = major.unwrap_or(""),
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            rate_limit_wait_ms = tracing::field::Empty,
        );
        let key = BucketKey::new(operation.path_template, major).on(operation.server);
        let outgoing = Outgoing::new(operation, request)?;
        let call = Call {
            operation,
            url: &url,
            key: &key,
            outgoing: &outgoing,
            span: &span,
            deadline_at: later(started, self.deadline),
        };
        // Without a subscriber the span is disabled, and the future need not
        // be wrapped (and moved) at all.
        if span.is_disabled() {
            self.send(&call).await
        } else {
            self.send(&call).instrument(span.clone()).await
        }
    }

    /// Sends a request until it gets an answer to return: waits for the rate
    /// limiter, retries 429s and, for idempotent operations, failures; all
    /// within the call's deadline.
    async fn send(&self, call: &Call<'_>) -> Result<Exchange, Error> {
        let limits = &self.rate_limits;
        let retries = &self.retries;
        let operation = call.operation;
        let mut attempt: u32 = 0;
        let mut rate_limit_retries: u32 = 0;
        let mut failure_retries: u32 = 0;
        // Time spent waiting for rate limits: proactive waits and 429s.
        let mut waited = Duration::ZERO;
        // Records the call's outcome on its span, once.
        let end = |result: Result<Exchange, Error>, attempt: u32, waited: Duration| {
            if !call.span.is_disabled() {
                call.span.record("attempts", attempt);
                call.span.record("rate_limit_wait_ms", millis(waited));
                let status = match &result {
                    Ok(exchange) => Some(exchange.status),
                    Err(error) => error.status(),
                };
                if let Some(status) = status {
                    call.span.record("status", status);
                }
            }
            result
        };
        loop {
            // The limiter may hold the call until `max_wait` (all rate-limit
            // waits together) or the deadline runs out, whichever is first.
            let now = Instant::now();
            let max_wait_end = later(now, limits.max_wait.saturating_sub(waited));
            let (until, bound) = if max_wait_end <= call.deadline_at {
                (max_wait_end, WaitBound::MaxWait(limits.max_wait))
            } else {
                (call.deadline_at, WaitBound::Deadline(self.deadline))
            };
            let (permit, wait) = match self.limiter.acquire(call.key, until).await {
                Ok(acquired) => acquired,
                Err(refusal) => {
                    waited = waited.saturating_add(refusal.waited);
                    tracing::debug!(
                        waited_ms = millis(waited),
                        needed_ms = refusal.needed.map(millis),
                        global = refusal.global,
                        "not sent: the client gave up waiting for the rate limit"
                    );
                    let error = gave_up(refusal, waited, bound).with_attempts(attempt);
                    return end(Err(error), attempt, waited);
                }
            };
            waited = waited.saturating_add(wait);
            let left = call.deadline_at.saturating_duration_since(Instant::now());
            if left.is_zero() {
                drop(permit);
                let refusal = Refusal {
                    waited: Duration::ZERO,
                    needed: None,
                    global: false,
                    info: None,
                };
                let error = gave_up(refusal, waited, WaitBound::Deadline(self.deadline));
                return end(Err(error.with_attempts(attempt)), attempt, waited);
            }
            attempt = attempt.saturating_add(1);
            let (timeout, by_deadline) = if left < self.timeout {
                (left, true)
            } else {
                (self.timeout, false)
            };
            let attempt_span = if call.span.is_disabled() {
                tracing::Span::none()
            } else {
                tracing::debug_span!(
                    parent: call.span,
                    "fluxer_attempt",
                    attempt,
                    status = tracing::field::Empty
                )
            };
            let sent = Timestamp::now();
            let result = if attempt_span.is_disabled() {
                self.send_once(call, timeout, by_deadline).await
            } else {
                attempt_span.in_scope(|| tracing::trace!("sending"));
                self.send_once(call, timeout, by_deadline)
                    .instrument(attempt_span.clone())
                    .await
            };
            let _entered = attempt_span.enter();
            let answer = match result {
                Ok(answer) => answer,
                Err(error) => {
                    permit.finish(&Outcome::Failed);
                    let retryable = matches!(
                        error.kind(),
                        ErrorKind::Connect { .. } | ErrorKind::OutcomeUnknown { .. }
                    );
                    if retryable && operation.idempotent && failure_retries < retries.max_retries {
                        let backoff = retries.backoff(failure_retries + 1, &self.jitter);
                        if call.fits(backoff) {
                            failure_retries += 1;
                            tracing::debug!(
                                backoff_ms = millis(backoff),
                                %error,
                                "no response; retrying the idempotent request"
                            );
                            drop(_entered);
                            tokio::time::sleep(backoff).await;
                            continue;
                        }
                    }
                    tracing::debug!(%error, "no response");
                    return end(Err(error.with_attempts(attempt)), attempt, waited);
                }
            };
            let status = answer.status;
            attempt_span.record("status", status);
            let rate_limit = RateLimitInfo::from_headers(&answer.headers);
            let date = answer.headers.get(DATE).and_then(|value| self.date(value));
            let observed = Observed {
                info: rate_limit.as_ref(),
                date,
                sent,
                received: answer.received,
            };
            if status == 429 {
                let body = answer.body.as_deref().unwrap_or_default();
                let server_now = date.unwrap_or_else(|| self.limiter.server_time(Timestamp::now()));
                let error = rate_limited(&answer.headers, body, rate_limit.clone(), server_now);
                let (retry_after, global) = match error.kind() {
                    ErrorKind::RateLimited {
                        retry_after,
                        global,
                        ..
                    } => (*retry_after, *global),
                    _ => (FALLBACK_RETRY_AFTER, false),
                };
                permit.finish(&Outcome::RateLimited {
                    observed,
                    retry_after,
                    global,
                });
                // A second 429 in a row that asks for (almost) no wait gets
                // a growing one, so the client does not hammer the server.
                let wait = if rate_limit_retries == 0 {
                    retry_after
                } else {
                    retry_after.max(retries.backoff(rate_limit_retries, &self.jitter))
                };
                if rate_limit_retries < limits.max_retries
                    && waited.saturating_add(wait) <= limits.max_wait
                    && call.fits(wait)
                {
                    rate_limit_retries += 1;
                    tracing::debug!(
                        wait_ms = millis(wait),
                        global,
                        "rate limited (429); retrying after the wait"
                    );
                    drop(_entered);
                    tokio::time::sleep(wait).await;
                    waited = waited.saturating_add(wait);
                    continue;
                }
                tracing::debug!(
                    retry_after_ms = millis(retry_after),
                    global,
                    "rate limited (429); no retry left"
                );
                return end(Err(error.with_attempts(attempt)), attempt, waited);
            }
            permit.finish(&Outcome::Response(observed));
            let body = match answer.body {
                Ok(body) => body,
                Err(error) => {
                    let cut_off = matches!(error.kind(), ErrorKind::OutcomeUnknown { .. });
                    if cut_off && operation.idempotent && failure_retries < retries.max_retries {
                        let backoff = retries.backoff(failure_retries + 1, &self.jitter);
                        if call.fits(backoff) {
                            failure_retries += 1;
                            tracing::debug!(
                                backoff_ms = millis(backoff),
                                %error,
                                "answer cut off; retrying the idempotent request"
                            );
                            drop(_entered);
                            tokio::time::sleep(backoff).await;
                            continue;
                        }
                    }
                    tracing::debug!(%error, "no complete answer");
                    return end(Err(error.with_attempts(attempt)), attempt, waited);
                }
            };
            if is_retryable_status(status)
                && operation.idempotent
                && failure_retries < retries.max_retries
            {
                let asked = answer
                    .headers
                    .get(RETRY_AFTER)
                    .and_then(|value| value.to_str().ok())
                    .and_then(|text| parse_seconds(text.trim()))
                    .unwrap_or_default();
                let backoff = retries
                    .backoff(failure_retries + 1, &self.jitter)
                    .max(asked.min(retries.max_backoff));
                if call.fits(backoff) {
                    failure_retries += 1;
                    tracing::debug!(
                        status,
                        backoff_ms = millis(backoff),
                        "server error; retrying the idempotent request"
                    );
                    drop(_entered);
                    tokio::time::sleep(backoff).await;
                    continue;
                }
            }
            tracing::debug!(
                status,
                remaining = rate_limit.as_ref().and_then(|info| info.remaining),
                "response"
            );
            let exchange = Exchange {
                status,
                headers: answer.headers,
                body,
                rate_limit,
                attempts: attempt,
                waited,
            };
            return end(Ok(exchange), attempt, waited);
        }
    }

    /// Sends a request once and reads the response, the body up to its limit.
    async fn send_once(
        &self,
        call: &Call<'_>,
        timeout: Duration,
        by_deadline: bool,
    ) -> Result<Answer, Error> {
        let operation = call.operation;
        let mut headers = call.outgoing.headers.clone();
        headers.insert(AUTHORIZATION, self.authorization.clone());
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut builder = self
            .http
            .request(operation.method.to_reqwest(), call.url.clone())
            .timeout(timeout);
        if let Some(body) = &call.outgoing.body {
            builder = builder.body(body.clone());
        }
        // `headers` replaces (rather than adds to) anything set before, and
        // the pool's default headers only fill in names not set here, so
        // `Authorization` is sent exactly once.
        let builder = builder.headers(headers);

        let mut response = builder.send().await.map_err(|error| {
            self.transport_error(operation, &error, timeout, by_deadline, None)
                .with_cause(error)
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
            return Ok(Answer {
                status,
                headers,
                body: Err(too_large()),
                received,
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
                        .with_cause(error));
                }
            }
        };
        Ok(Answer {
            status,
            headers,
            body,
            received,
        })
    }

    /// The time a `Date` header names; parsed once per distinct value.
    fn date(&self, value: &HeaderValue) -> Option<Timestamp> {
        let mut last = self
            .last_date
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((seen, at)) = &*last
            && seen == value
        {
            return Some(*at);
        }
        let at = value.to_str().ok().and_then(parse_http_date)?;
        *last = Some((value.clone(), at));
        Some(at)
    }

    /// The full URL of a request, checked: its server (the base URL, a
    /// reference resolved against it, or an absolute URL), the path and the
    /// query.
    fn url_for<T>(&self, request: &RequestSpec<T>) -> Result<reqwest::Url, Error> {
        check_path(request.path())?;
        let operation = request.operation();
        let server = match operation.server {
            Server::Base => Ok(std::borrow::Cow::Borrowed(self.base_url.as_str())),
            Server::Relative(reference) => self.relative_server(reference).map(Into::into),
            Server::Absolute(url) => checked_http_url(url, "the server URL").map(Into::into),
        }
        .map_err(|why| {
            Error::new(ErrorKind::Encode {
                message: format!(
                    "the server of `{}` cannot be used: {why}",
                    operation.operation_id
                ),
            })
        })?;
        let mut url = format!("{server}{}", request.path());
        // The pairs are percent-encoded already, each as its style requires.
        let query = request.query_string();
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        reqwest::Url::parse(&url).map_err(|error| {
            Error::with_source(
                ErrorKind::Encode {
                    message: format!("the URL for `{}` cannot be built", operation.operation_id),
                },
                error,
            )
        })
    }

    /// A relative reference resolved against the base URL taken as a
    /// directory (RFC 3986 §5), without a trailing slash; it must keep the
    /// base URL's origin, so the token only goes where the base URL does.
    fn relative_server(&self, reference: &str) -> Result<String, String> {
        let base = reqwest::Url::parse(&format!("{}/", self.base_url))
            .map_err(|_| "the base URL is not a valid URL".to_owned())?;
        let joined = base
            .join(reference)
            .map_err(|error| format!("the reference is not a valid URL ({error})"))?;
        if joined.origin() != base.origin() {
            return Err("the reference leads away from the base URL's origin".to_owned());
        }
        if joined.query().is_some() || joined.fragment().is_some() {
            return Err("the reference has a query (`?`) or fragment (`#`)".to_owned());
        }
        Ok(joined.as_str().trim_end_matches('/').to_owned())
    }

    /// The error for a request that got no (complete) answer, in words of
    /// its own: the cause is the error's source, not repeated here.
    fn transport_error(
        &self,
        operation: &OperationInfo,
        error: &reqwest::Error,
        timeout: Duration,
        by_deadline: bool,
        status: Option<u16>,
    ) -> Error {
        let route = format!("{} {}", operation.method, operation.path_template);
        let io_kind = io_error_kind(error);
        let timed_out = error.is_timeout() || io_kind == Some(std::io::ErrorKind::TimedOut);
        let timing = if by_deadline {
            format!("the call's deadline of {} passed", seconds(self.deadline))
        } else {
            format!("it timed out after {}", seconds(timeout))
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

/// `wait` after `now`, or far ahead when that is past what an `Instant` holds.
fn later(now: Instant, wait: Duration) -> Instant {
    now.checked_add(wait)
        .or_else(|| now.checked_add(Duration::from_secs(100 * 365 * 24 * 60 * 60)))
        .unwrap_or(now)
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("max_body_size", &self.inner.max_body_size)
            .field("rate_limits", &self.inner.rate_limits)
            .field("retries", &self.inner.retries)
            .finish_non_exhaustive()
    }
}

/// What is sent on every attempt: the body and the headers beyond the client's own.
#[derive(Clone)]
struct Outgoing {
    body: Option<Bytes>,
    /// `Content-Type` and the operation's header parameters, checked.
    headers: HeaderMap,
}

impl Outgoing {
    fn new<T>(operation: &OperationInfo, request: RequestSpec<T>) -> Result<Self, Error> {
        let (body, content_type, extra) = request.into_payload();
        let mut headers = HeaderMap::new();
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
        Ok(Self {
            body: body.map(Bytes::from),
            headers,
        })
    }
}

/// Turns a status, headers and body into a [`Response`] or an [`Error`].
#[cfg(test)]
pub(crate) fn interpret<T: DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response<T>, Error> {
    interpret_with(
        status,
        headers,
        body,
        RateLimitInfo::from_headers(headers),
        decode,
    )
}

/// [`interpret`] with the rate-limit headers already read.
fn interpret_with<T>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    rate_limit: Option<RateLimitInfo>,
    decode: impl FnOnce(u16, &[u8]) -> Result<T, Error>,
) -> Result<Response<T>, Error> {
    if (200..300).contains(&status) {
        let data = decode(status, body)?;
        return Ok(Response {
            status,
            rate_limit,
            data,
            attempts: 1,
            rate_limit_wait: Duration::ZERO,
        });
    }
    if status == 429 {
        let now = headers
            .get(DATE)
            .and_then(|value| value.to_str().ok())
            .and_then(parse_http_date)
            .unwrap_or_else(Timestamp::now);
        return Err(rate_limited(headers, body, rate_limit, now));
    }
    Err(Error::new(ErrorKind::Api {
        status,
        body: ApiErrorBody::from_json(body),
        raw: bounded_text(body, RAW_LIMIT),
        rate_limit,
    }))
}

fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    let json: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    // The kind holds serde's message; the error has no source to repeat it.
    let fail = |path: String, error: serde_json::Error| {
        Error::new(ErrorKind::Decode {
            status,
            path,
            message: error.to_string(),
            snippet: bounded_text(body, SNIPPET_LIMIT),
        })
    };
    // The fast path; only a failure is decoded again to find where it failed.
    if let Ok(data) = serde_json::from_slice::<T>(json) {
        return Ok(data);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let data: T = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| fail(error.path().to_string(), error.into_inner()))?;
    deserializer
        .end()
        .map_err(|error| fail(".".to_owned(), error))?;
    Ok(data)
}

/// The error for a 429. `server_now` is the server's time when it answered
/// (its `Date`, else the estimate), against which a `Retry-After` date is read.
fn rate_limited(
    headers: &HeaderMap,
    body: &[u8],
    rate_limit: Option<RateLimitInfo>,
    server_now: Timestamp,
) -> Error {
    let body = RateLimitBody::from_json(body);
    let header = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim);
    let retry_after_header = header.and_then(|text| text.parse::<u64>().ok());
    let from_header = header.and_then(|text| {
        parse_seconds(text).or_else(|| {
            let at = parse_http_date(text)?;
            let ahead = at.as_nanosecond() - server_now.as_nanosecond();
            Some(Duration::from_nanos(
                u64::try_from(ahead.max(0)).unwrap_or(u64::MAX),
            ))
        })
    });
    let retry_after = body
        .as_ref()
        .and_then(|body| body.retry_after)
        .and_then(seconds_to_duration)
        .or(from_header)
        .or_else(|| rate_limit.as_ref().and_then(|info| info.reset_after))
        .unwrap_or(FALLBACK_RETRY_AFTER);
    // Global when either the body or the header says so.
    let global = body.as_ref().and_then(|body| body.global) == Some(true)
        || rate_limit.as_ref().and_then(|info| info.global) == Some(true);
    Error::new(ErrorKind::RateLimited {
        retry_after,
        global,
        body,
        rate_limit,
        retry_after_header,
    })
}

/// The error for a call the limiter did not let through: waiting longer
/// would have gone past `bound`, after `waited` in all.
fn gave_up(refusal: Refusal, waited: Duration, bound: WaitBound) -> Error {
    Error::new(ErrorKind::GaveUpWaiting {
        waited,
        needed: refusal.needed,
        global: refusal.global,
        bound,
        rate_limit: refusal.info,
    })
}

/// Seconds as sent in a body (`2.347`), to the microsecond; `None` for
/// negative or non-finite values.
fn seconds_to_duration(seconds: f64) -> Option<Duration> {
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    // `as` saturates, so absurdly large values cannot overflow.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let micros = (seconds * 1_000_000.0).round() as u64;
    Some(Duration::from_micros(micros))
}

/// A successful response: the status, the rate-limit headers and the decoded
/// body, and how many attempts and how much waiting it took.
#[derive(Clone, Debug, PartialEq)]
pub struct Response<T> {
    status: u16,
    rate_limit: Option<RateLimitInfo>,
    data: T,
    attempts: u32,
    rate_limit_wait: Duration,
}

impl<T> Response<T> {
    /// The HTTP status code (`2xx`).
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The rate-limit headers of the response, if it had any.
    #[must_use]
    pub fn rate_limit(&self) -> Option<&RateLimitInfo> {
        self.rate_limit.as_ref()
    }

    /// How many times the request was sent: 1, or more after retries.
    #[must_use]
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// How long the request waited for rate limits: for a bucket or the
    /// global limit to reset, and for the `retry_after` of 429s.
    #[must_use]
    pub fn rate_limit_wait(&self) -> Duration {
        self.rate_limit_wait
    }

    /// The decoded body.
    #[must_use]
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The decoded body, by value.
    #[must_use]
    pub fn into_data(self) -> T {
        self.data
    }
}

/// Configures a [`Client`]; made by [`Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use fluxer_client::{Client, RateLimitConfig, RetryConfig};
///
/// let client = Client::builder()
///     .bot_token("my-token")
///     .base_url("https://fluxer.example.org/api/v1/")
///     .timeout(Duration::from_secs(10))
///     .rate_limits(RateLimitConfig::default().max_retries(5))
///     .retries(RetryConfig::disabled())
///     .build()?;
/// assert_eq!(client.base_url(), "https://fluxer.example.org/api/v1");
/// # Ok::<(), fluxer_client::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Option<Credentials>,
    user_agent: String,
    timeout: Duration,
    deadline: Duration,
    max_body_size: usize,
    http: Option<reqwest::Client>,
    rate_limits: RateLimitConfig,
    retries: RetryConfig,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// The default settings, without credentials.
    #[must_use]
    pub fn new() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            http: None,
            rate_limits: RateLimitConfig::default(),
            retries: RetryConfig::default(),
        }
    }

    /// The API's base URL, `https://api.fluxer.app/v1` by default. Use it for
    /// a self-hosted instance. A trailing slash is ignored. It stands for the
    /// schema's first top-level server: operations the schema sends to a
    /// path below it (or beside it, on the same host) follow it, those sent
    /// to another host do not (see [`Server`](crate::request::Server)).
    #[must_use]
    pub fn base_url(mut self, base_url: impl AsRef<str>) -> Self {
        base_url.as_ref().clone_into(&mut self.base_url);
        self
    }

    /// The credentials to authenticate with. Required.
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Shorthand for `.credentials(Credentials::bot(token))`.
    #[must_use]
    pub fn bot_token(self, token: impl Into<String>) -> Self {
        self.credentials(Credentials::bot(token))
    }

    /// The `User-Agent` header, `fluxer-client/<version>` by default.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How long one attempt may take, from connecting until the whole
    /// response body has arrived. 30 seconds by default. A call may make
    /// several attempts; [`deadline`](Self::deadline) bounds the whole call.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long one call may take in all: waiting in the rate limiter,
    /// every attempt and the waits between retries. 60 seconds by default.
    ///
    /// A call that would have to wait past it for a rate limit fails at once
    /// with [`ErrorKind::GaveUpWaiting`]; a retry whose wait would end past
    /// it is not made (the last attempt's error is returned); the last
    /// attempt gets what is left of it as its timeout. So a call never takes
    /// much longer than its deadline, however many calls wait for the same
    /// bucket, and [`RateLimitConfig::max_wait`] only matters when shorter.
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The largest success body read, in bytes: 8 MiB by default. A larger
    /// one fails the call with [`ErrorKind::BodyTooLarge`] as soon as it is
    /// known (from `Content-Length`, or once that many bytes have come),
    /// without reading the rest. Error bodies are read up to 64 KiB (or
    /// this, when smaller) and the rest ignored.
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Sends requests through this `reqwest` client (to share its connection
    /// pool, or to configure proxies or TLS). By default the client gets its
    /// own pool that does not follow redirects.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How the client keeps within the rate limits and retries 429s;
    /// [`RateLimitConfig::default`] unless set. Use
    /// `RateLimitConfig::default().proactive(false)` behind a proxy that does
    /// the limiting, or [`RateLimitConfig::disabled`] to handle every 429
    /// yourself.
    #[must_use]
    pub fn rate_limits(mut self, config: RateLimitConfig) -> Self {
        self.rate_limits = config;
        self
    }

    /// When requests for idempotent operations are retried after a transport
    /// error or a `5xx`; [`RetryConfig::default`] unless set.
    #[must_use]
    pub fn retries(mut self, config: RetryConfig) -> Self {
        self.retries = config;
        self
    }

    /// Checks the settings and makes the client.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Builder`] when no credentials were given, the token or
    /// user agent cannot be sent in a header, the base URL is not an
    /// `http`/`https` URL, the timeout or deadline is zero, the largest body
    /// size is zero bytes, the global rate limit is zero
    /// requests or a zero window, or the HTTP client cannot be initialised.
    /// The message never contains the token.
    pub fn build(self) -> Result<Client, Error> {
        let builder_error = |message: &str| {
            Error::new(ErrorKind::Builder {
                message: message.to_owned(),
            })
        };
        let credentials = self.credentials.ok_or_else(|| {
            builder_error("no credentials: call `credentials(..)` or `bot_token(..)`")
        })?;
        let authorization = credentials.header_value()?;
        if !self
            .user_agent
            .bytes()
            .all(|b| b == b' ' || b.is_ascii_graphic())
        {
            return Err(builder_error(
                "the user agent may only contain visible ASCII characters and spaces",
            ));
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| builder_error("the user agent cannot be sent in an HTTP header"))?;
        if self.timeout.is_zero() {
            return Err(builder_error("the timeout must be longer than zero"));
        }
        if self.deadline.is_zero() {
            return Err(builder_error("the deadline must be longer than zero"));
        }
        if self.max_body_size == 0 {
            return Err(builder_error(
                "the largest body size must be at least one byte",
            ));
        }
        if self.rate_limits.global_limit == Some(0) || self.rate_limits.global_window.is_zero() {
            return Err(builder_error(
                "the global rate limit must allow at least one request in a window longer than zero \
                 (use `global_limit(None)` for no global limit)",
            ));
        }
        let base_url = normalize_base_url(&self.base_url)?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|error| {
                    Error::with_source(
                        ErrorKind::Builder {
                            message: "the HTTP client cannot be initialised".to_owned(),
                        },
                        error,
                    )
                })?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                authorization,
                user_agent,
                timeout: self.timeout,
                deadline: self.deadline,
                max_body_size: self.max_body_size,
                limiter: Limiter::new(&self.rate_limits),
                rate_limits: self.rate_limits,
                retries: self.retries,
                jitter: Jitter::new(),
                last_date: std::sync::Mutex::new(None),
            }),
        })
    }
}

/// Checks that `text` is an `http`/`https` URL without credentials, query or
/// fragment, and drops trailing slashes.
fn normalize_base_url(text: &str) -> Result<String, Error> {
    checked_http_url(text, "the base URL")
        .map_err(|message| Error::new(ErrorKind::Builder { message }))
}

/// `text` without trailing slashes if it is an `http`/`https` URL with a
/// host and without credentials, query or fragment, or why not (a sentence
/// that starts with `what` and does not echo the URL, which might carry a
/// password).
fn checked_http_url(text: &str, what: &str) -> Result<String, String> {
    let url = match reqwest::Url::parse(text) {
        Ok(url) => url,
        Err(error) => return Err(format!("{what} is not a valid URL: {error}")),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "{what} must start with `https://` or `http://`, not `{}:`",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{what} has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "{what} must not contain a user name or password; use `credentials(..)`"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "{what} must not have a query (`?`) or fragment (`#`)"
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "tkn-Zq9-unit-test-secret";

    fn client() -> Client {
        Client::builder().bot_token(TOKEN).build().unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn base_url_is_normalised_and_checked() {
        assert_eq!(client().base_url(), "https://api.fluxer.app/v1");
        for (input, expected) in [
            ("https://api.fluxer.app/v1/", "https://api.fluxer.app/v1"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://127.0.0.1:8080///", "http://127.0.0.1:8080"),
            ("HTTPS://Example.ORG/api", "https://example.org/api"),
        ] {
            let client = Client::builder()
                .bot_token(TOKEN)
                .base_url(input)
                .build()
                .unwrap();
            assert_eq!(client.base_url(), expected);
        }
        for bad in [
            "",
            "api.fluxer.app",
            "ftp://api.fluxer.app",
            "https://user:hunter2@api.fluxer.app",
            "https://api.fluxer.app/v1?x=1",
            "https://api.fluxer.app/v1#x",
            "file:///etc/passwd",
            "https://",
        ] {
            let error = Client::builder()
                .bot_token(TOKEN)
                .base_url(bad)
                .build()
                .unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Builder { .. }), "{bad}");
            assert!(!error.to_string().contains("hunter2"));
        }
    }

    #[test]
    fn builder_rejects_bad_settings() {
        let no_credentials = Client::builder().build().unwrap_err();
        assert!(no_credentials.to_string().contains("no credentials"));
        let bad_agent = Client::builder()
            .bot_token(TOKEN)
            .user_agent("bot\r\nX: y")
            .build()
            .unwrap_err();
        assert!(matches!(bad_agent.kind(), ErrorKind::Builder { .. }));
        for builder in [
            Client::builder().timeout(Duration::ZERO),
            Client::builder().deadline(Duration::ZERO),
            Client::builder().max_body_size(0),
        ] {
            let zero = builder.bot_token(TOKEN).build().unwrap_err();
            assert!(matches!(zero.kind(), ErrorKind::Builder { .. }), "{zero}");
        }
        for limits in [
            RateLimitConfig::default().global_limit(Some(0)),
            RateLimitConfig::default().global_window(Duration::ZERO),
        ] {
            let error = Client::builder()
                .bot_token(TOKEN)
                .rate_limits(limits)
                .build()
                .unwrap_err();
            assert!(error.to_string().contains("global rate limit"), "{error}");
        }
        assert!(
            Client::builder()
                .bot_token(TOKEN)
                .rate_limits(RateLimitConfig::default().global_limit(None))
                .retries(RetryConfig::disabled())
                .build()
                .is_ok()
        );
        let bad_token = Client::builder()
            .bot_token(format!("{TOKEN}\n"))
            .build()
            .unwrap_err();
        assert!(!format!("{bad_token} {bad_token:?}").contains(TOKEN));
    }

    #[test]
    fn debug_hides_the_token() {
        let client = client();
        let shown = format!(
            "{client:?} {client:#?} {:?}",
            Client::builder().bot_token(TOKEN)
        );
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("Credentials::Bot(<redacted>)"));
    }

    #[test]
    fn client_is_send_sync_and_cheap_to_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Client>();
        let a = client();
        let b = a.clone();
        assert!(Arc::ptr_eq(&a.inner, &b.inner));
    }

    #[test]
    fn empty_success_body_is_null() {
        let response: Response<()> = interpret(204, &HeaderMap::new(), b"").unwrap();
        assert_eq!(response.status(), 204);
        let response: Response<Option<u8>> = interpret(200, &HeaderMap::new(), b" \n").unwrap();
        assert_eq!(response.into_data(), None);
    }

    #[test]
    fn trailing_garbage_is_a_decode_error() {
        let error = interpret::<u8>(200, &HeaderMap::new(), b"1 2").unwrap_err();
        match error.kind() {
            ErrorKind::Decode { path, .. } => assert_eq!(path, "."),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn snippets_are_bounded() {
        let body = "é".repeat(10_000);
        let error = interpret::<u8>(200, &HeaderMap::new(), body.as_bytes()).unwrap_err();
        let ErrorKind::Decode { snippet, .. } = error.kind() else {
            panic!("{error:?}")
        };
        assert!(snippet.len() <= SNIPPET_LIMIT && snippet.len() >= SNIPPET_LIMIT - 2);
        let error = interpret::<u8>(500, &HeaderMap::new(), body.as_bytes()).unwrap_err();
        let ErrorKind::Api { raw, body, .. } = error.kind() else {
            panic!("{error:?}")
        };
        assert!(raw.len() <= RAW_LIMIT && raw.len() >= RAW_LIMIT - 2);
        assert!(body.is_none());
        assert_eq!(
            error.to_string(),
            "Fluxer API error 500 Internal Server Error"
        );
    }

    #[test]
    fn rate_limit_fallbacks() {
        // Header only, fractional.
        let error = interpret::<()>(429, &headers(&[("retry-after", "1.5")]), b"").unwrap_err();
        let ErrorKind::RateLimited {
            retry_after,
            retry_after_header,
            global,
            ..
        } = error.kind()
        else {
            panic!("{error:?}")
        };
        assert_eq!(*retry_after, Duration::from_millis(1500));
        assert_eq!(*retry_after_header, None);
        assert!(!global);
        // Reset-after and the global header.
        let error = interpret::<()>(
            429,
            &headers(&[
                ("x-ratelimit-reset-after", "0.25"),
                ("x-ratelimit-global", "true"),
            ]),
            b"<html>",
        )
        .unwrap_err();
        assert_eq!(error.retry_after(), Some(Duration::from_millis(250)));
        assert!(matches!(
            error.kind(),
            ErrorKind::RateLimited { global: true, .. }
        ));
        assert_eq!(error.status(), Some(429));
        // Nothing at all.
        let error = interpret::<()>(429, &HeaderMap::new(), b"").unwrap_err();
        assert_eq!(error.retry_after(), Some(FALLBACK_RETRY_AFTER));
        // A negative body value is ignored in favour of the header.
        let error = interpret::<()>(
            429,
            &headers(&[("retry-after", "4")]),
            br#"{"code":"RATE_LIMITED","message":"m","global":false,"retry_after":-1}"#,
        )
        .unwrap_err();
        assert_eq!(error.retry_after(), Some(Duration::from_secs(4)));
    }

    #[test]
    fn seconds_conversion() {
        assert_eq!(
            seconds_to_duration(2.347),
            Some(Duration::from_millis(2347))
        );
        assert_eq!(seconds_to_duration(0.0), Some(Duration::ZERO));
        assert_eq!(seconds_to_duration(-0.5), None);
        assert_eq!(seconds_to_duration(f64::NAN), None);
        assert_eq!(seconds_to_duration(f64::INFINITY), None);
        assert!(seconds_to_duration(1e300).is_some());
    }
}
