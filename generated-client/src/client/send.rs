//! The loop of attempts of one call, under its deadline: wait for the rate
//! limiter, make an attempt, learn from its reply, and send again after a
//! 429 or, for an idempotent operation, a failure, until a reply or an error
//! ends the call.

use std::ops::ControlFlow;
use std::time::Duration;

use jiff::Timestamp;
use reqwest::header::{DATE, HeaderMap, HeaderValue, RETRY_AFTER};
use tokio::time::Instant;
use tracing::Instrument as _;

use super::Inner;
use super::answer::{FALLBACK_RETRY_AFTER, FinalReply, rate_limited};
use super::attempt::{Outgoing, Reply};
use crate::error::{Error, ErrorKind, WaitBound};
use crate::rate_limit::{
    Observed, Outcome, Permit, RateLimitInfo, Refusal, parse_http_date, parse_seconds,
};
use crate::request::{BucketKey, RequestSpec, major_parameter};
use crate::retry::Failure;
use crate::text::millis;

/// One call as it goes through its attempts: what each attempt sends, the
/// bucket it counts against, its trace span, its deadline and the settings
/// it has (the client's, or its `CallOptions`').
struct Call {
    outgoing: Outgoing,
    key: BucketKey,
    span: tracing::Span,
    /// When the call must have ended.
    deadline_at: Instant,
    /// The call's deadline, as a length (for messages).
    deadline: Duration,
    /// How long each attempt may take.
    timeout: Duration,
    /// Whether a failed attempt may be sent again.
    idempotent: bool,
    /// At most this many retries after a failure (besides the client's bound).
    max_failure_retries: Option<u32>,
    /// At most this many retries after a 429.
    max_rate_limit_retries: u32,
    /// Whether the call fails at once rather than wait for a rate limit.
    fail_fast: bool,
}

impl Call {
    /// How long is left before the deadline.
    fn time_left(&self) -> Duration {
        self.deadline_at.saturating_duration_since(Instant::now())
    }

    /// Ends the call with `result`, counting its attempts in an error, and
    /// records on its span the attempts, the time waited and the status.
    fn end(&self, result: Result<FinalReply, Error>, tally: &Tally) -> Result<FinalReply, Error> {
        let result = result.map_err(|error| error.with_attempts(tally.attempts));
        if !self.span.is_disabled() {
            self.span.record("attempts", tally.attempts);
            self.span.record("rate_limit_wait_ms", millis(tally.waited));
            let status = match &result {
                Ok(reply) => Some(reply.status),
                Err(error) => error.status(),
            };
            if let Some(status) = status {
                self.span.record("status", status);
            }
        }
        result
    }
}

/// What a call has counted so far.
#[derive(Debug, Default)]
struct Tally {
    /// Attempts made: how many times the request was sent.
    attempts: u32,
    /// Attempts made again after a 429.
    rate_limit_retries: u32,
    /// Attempts made again after a failure (a transport error or a `5xx`).
    failure_retries: u32,
    /// Time spent waiting for rate limits: the limiter's waits and 429s'.
    waited: Duration,
}

/// What the loop does after an attempt: send again after a [`Retry`]'s
/// wait, or end the call with its result.
type Next = ControlFlow<Result<FinalReply, Error>, Retry>;

/// Sending a call again.
struct Retry {
    /// How long to wait first.
    wait: Duration,
    /// Whether the wait is a 429's, which counts as waiting for rate limits.
    rate_limit: bool,
}

impl Retry {
    /// Sending again after a failure's backoff.
    fn after_backoff(wait: Duration) -> Next {
        ControlFlow::Continue(Self {
            wait,
            rate_limit: false,
        })
    }
}

impl Inner {
    /// Sends a request (waiting, retrying) and returns the reply the call
    /// ends with, not yet interpreted.
    pub(super) async fn call<T>(
        &self,
        request: RequestSpec<T>,
        stream_answer: bool,
    ) -> Result<FinalReply, Error> {
        let started = Instant::now();
        let operation = request.operation();
        // Before anything else: a call the operation has no credentials for
        // is not sent at all.
        let applied = self
            .credentials()
            .apply(operation.operation_id, &operation.security)?;
        let mut url = self.url_for(&request)?;
        super::add_query(&mut url, &applied.query);
        let options = request.call_options();
        let deadline = options.deadline.unwrap_or(self.deadline);
        let timeout = options.timeout.unwrap_or(self.timeout);
        if deadline.is_zero() || timeout.is_zero() {
            return Err(Error::new(ErrorKind::Builder {
                message: "a call's timeout and deadline must be longer than zero".to_owned(),
            }));
        }
        let idempotent = options.idempotent.unwrap_or(operation.idempotent);
        let max_failure_retries = options.max_retries;
        let max_rate_limit_retries = options
            .max_retries
            .map_or(self.rate_limits.max_retries, |cap| {
                cap.min(self.rate_limits.max_retries)
            });
        let fail_fast = options.fail_fast;
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
        let mut outgoing = Outgoing::new(operation, url, request, applied)?;
        outgoing.stream_answer = stream_answer;
        let call = Call {
            outgoing,
            key,
            span,
            deadline_at: later(started, deadline),
            deadline,
            timeout,
            idempotent,
            max_failure_retries,
            max_rate_limit_retries,
            fail_fast,
        };
        // Without a subscriber the span is disabled, and the future need not
        // be wrapped (and moved) at all.
        if call.span.is_disabled() {
            self.send(&call).await
        } else {
            self.send(&call).instrument(call.span.clone()).await
        }
    }

    /// Sends a request until an answer or an error ends the call: waits for
    /// the rate limiter, makes an attempt, and sends again after a 429 or,
    /// for idempotent operations, a failure; all within the call's deadline.
    async fn send(&self, call: &Call) -> Result<FinalReply, Error> {
        let mut tally = Tally::default();
        loop {
            let (permit, left) = match self.take_turn(call, &mut tally).await {
                Ok(turn) => turn,
                Err(error) => return call.end(Err(error), &tally),
            };
            tally.attempts = tally.attempts.saturating_add(1);
            let attempt = tally.attempts;
            let (timeout, by_deadline) = if left < call.timeout {
                (left, Some(call.deadline))
            } else {
                (call.timeout, None)
            };
            let attempt_span = if call.span.is_disabled() {
                tracing::Span::none()
            } else {
                tracing::debug_span!(
                    parent: &call.span,
                    "fluxer_attempt",
                    attempt,
                    status = tracing::field::Empty
                )
            };
            let sent = Timestamp::now();
            let result = if attempt_span.is_disabled() {
                self.attempt(&call.outgoing, timeout, by_deadline).await
            } else {
                attempt_span.in_scope(|| tracing::trace!("sending"));
                self.attempt(&call.outgoing, timeout, by_deadline)
                    .instrument(attempt_span.clone())
                    .await
            };
            let next = {
                let _entered = attempt_span.enter();
                self.after_attempt(call, result, permit, sent, &attempt_span, &mut tally)
            };
            match next {
                ControlFlow::Break(result) => return call.end(result, &tally),
                ControlFlow::Continue(Retry { wait, rate_limit }) => {
                    tokio::time::sleep(wait).await;
                    if rate_limit {
                        tally.waited = tally.waited.saturating_add(wait);
                    }
                }
            }
        }
    }

    /// Waits for the limiter's permit to make the next attempt, and returns
    /// it with the time left before the deadline; an error when the rate
    /// limits would keep the call waiting past `max_wait` (all its waits for
    /// rate limits together) or the deadline.
    async fn take_turn<'a>(
        &'a self,
        call: &'a Call,
        tally: &mut Tally,
    ) -> Result<(Permit<'a>, Duration), Error> {
        let limits = &self.rate_limits;
        // The limiter may hold the call until `max_wait` or the deadline
        // runs out, whichever is first.
        let now = Instant::now();
        // A call that fails fast waits for nothing.
        let max_wait = if call.fail_fast {
            Duration::ZERO
        } else {
            limits.max_wait
        };
        let max_wait_end = later(now, max_wait.saturating_sub(tally.waited));
        let (until, bound) = if max_wait_end <= call.deadline_at {
            (max_wait_end, WaitBound::MaxWait(max_wait))
        } else {
            (call.deadline_at, WaitBound::Deadline(call.deadline))
        };
        let (permit, wait) = match self.limiter.acquire(&call.key, until).await {
            Ok(acquired) => acquired,
            Err(refusal) => {
                tally.waited = tally.waited.saturating_add(refusal.waited);
                tracing::debug!(
                    waited_ms = millis(tally.waited),
                    needed_ms = refusal.needed.map(millis),
                    global = refusal.global,
                    "not sent: the client gave up waiting for the rate limit"
                );
                return Err(gave_up(refusal, tally.waited, bound));
            }
        };
        tally.waited = tally.waited.saturating_add(wait);
        let left = call.time_left();
        if left.is_zero() {
            drop(permit);
            let refusal = Refusal {
                waited: Duration::ZERO,
                needed: None,
                global: false,
                info: None,
            };
            return Err(gave_up(
                refusal,
                tally.waited,
                WaitBound::Deadline(call.deadline),
            ));
        }
        Ok((permit, left))
    }

    /// What follows an attempt: the limiter learns how it ended, and the
    /// call either ends or is sent again (after a 429, or after a failure
    /// that `RetryConfig::after_failure` allows to retry).
    fn after_attempt(
        &self,
        call: &Call,
        result: Result<Reply, Error>,
        permit: Permit<'_>,
        sent: Timestamp,
        attempt_span: &tracing::Span,
        tally: &mut Tally,
    ) -> Next {
        let reply = match result {
            Ok(reply) => reply,
            Err(error) => {
                permit.finish(&Outcome::Failed);
                if let Some(backoff) = self.retry_failure(call, Failure::of(&error), tally) {
                    tracing::debug!(
                        backoff_ms = millis(backoff),
                        %error,
                        "no response; retrying the idempotent request"
                    );
                    return Retry::after_backoff(backoff);
                }
                tracing::debug!(%error, "no response");
                return ControlFlow::Break(Err(error));
            }
        };
        let status = reply.status;
        attempt_span.record("status", status);
        let rate_limit = RateLimitInfo::from_headers(&reply.headers);
        let date = reply.headers.get(DATE).and_then(|value| self.date(value));
        let observed = Observed {
            info: rate_limit.as_ref(),
            date,
            sent,
            received: reply.received,
        };
        if status == 429 {
            return self.after_429(call, &reply, observed, permit, tally);
        }
        permit.finish(&Outcome::Response(observed));
        let body = match reply.body {
            Ok(body) => body,
            Err(error) => {
                if let Some(backoff) = self.retry_failure(call, Failure::of(&error), tally) {
                    tracing::debug!(
                        backoff_ms = millis(backoff),
                        %error,
                        "answer cut off; retrying the idempotent request"
                    );
                    return Retry::after_backoff(backoff);
                }
                tracing::debug!(%error, "no complete answer");
                return ControlFlow::Break(Err(error));
            }
        };
        // A success is no failure; an error status may be one a retry fixes.
        let failure = (!(200..300).contains(&status)).then(|| Failure::Status {
            status,
            asked: asked_wait(&reply.headers),
        });
        if let Some(backoff) = self.retry_failure(call, failure, tally) {
            tracing::debug!(
                status,
                backoff_ms = millis(backoff),
                "server error; retrying the idempotent request"
            );
            return Retry::after_backoff(backoff);
        }
        tracing::debug!(
            status,
            remaining = rate_limit.as_ref().and_then(|info| info.remaining),
            "response"
        );
        ControlFlow::Break(Ok(FinalReply {
            status,
            headers: reply.headers,
            body,
            rate_limit,
            attempts: tally.attempts,
            waited: tally.waited,
            stream: reply.stream,
        }))
    }

    /// The wait before sending the call again after `failure` (none: no
    /// failure), counting the retry; `None` when the call ends with it. The
    /// decision is `RetryConfig::after_failure`'s.
    fn retry_failure(
        &self,
        call: &Call,
        failure: Option<Failure>,
        tally: &mut Tally,
    ) -> Option<Duration> {
        // A streamed body was read as it was sent: there is nothing to send again.
        if call.outgoing.is_streamed()
            || call
                .max_failure_retries
                .is_some_and(|cap| tally.failure_retries >= cap)
        {
            return None;
        }
        let backoff = self.retries.after_failure(
            failure?,
            call.idempotent,
            tally.failure_retries,
            call.time_left(),
            &self.jitter,
        )?;
        tally.failure_retries += 1;
        Some(backoff)
    }

    /// What follows a 429: the limiter learns of it, and the call waits the
    /// server's `retry_after` and is sent again, unless that would pass the
    /// 429 retries allowed, `max_wait` or the deadline.
    fn after_429(
        &self,
        call: &Call,
        reply: &Reply,
        observed: Observed<'_>,
        permit: Permit<'_>,
        tally: &mut Tally,
    ) -> Next {
        let limits = &self.rate_limits;
        let body = reply.body.as_deref().unwrap_or_default();
        let server_now = observed
            .date
            .unwrap_or_else(|| self.limiter.server_time(Timestamp::now()));
        let error = rate_limited(&reply.headers, body, observed.info.cloned(), server_now);
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
        // A second 429 in a row that asks for (almost) no wait gets a
        // growing one, so the client does not hammer the server.
        let wait = if tally.rate_limit_retries == 0 {
            retry_after
        } else {
            retry_after.max(self.retries.backoff(tally.rate_limit_retries, &self.jitter))
        };
        if !call.fail_fast
            && !call.outgoing.is_streamed()
            && tally.rate_limit_retries < call.max_rate_limit_retries
            && tally.waited.saturating_add(wait) <= limits.max_wait
            && wait < call.time_left()
        {
            tally.rate_limit_retries += 1;
            tracing::debug!(
                wait_ms = millis(wait),
                global,
                "rate limited (429); retrying after the wait"
            );
            return ControlFlow::Continue(Retry {
                wait,
                rate_limit: true,
            });
        }
        tracing::debug!(
            retry_after_ms = millis(retry_after),
            global,
            "rate limited (429); no retry left"
        );
        ControlFlow::Break(Err(error))
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
}

/// `wait` after `now`, or far ahead when that is past what an `Instant` holds.
fn later(now: Instant, wait: Duration) -> Instant {
    now.checked_add(wait)
        .or_else(|| now.checked_add(Duration::from_secs(100 * 365 * 24 * 60 * 60)))
        .unwrap_or(now)
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

/// The wait a failed answer asks for in its `Retry-After` header, in
/// seconds; zero when it asks for none (or for a date).
fn asked_wait(headers: &HeaderMap) -> Duration {
    headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| parse_seconds(text.trim()))
        .unwrap_or_default()
}
