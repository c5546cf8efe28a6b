//! The loop of attempts of one call, under its deadline: wait for the rate
//! limiter, make an attempt, learn from its reply, and send again after a
//! 429 or, for an idempotent operation, a failure, until a reply or an error
//! ends the call.

use std::time::Duration;

use jiff::Timestamp;
use reqwest::header::{DATE, HeaderValue, RETRY_AFTER};
use tokio::time::Instant;
use tracing::Instrument as _;

use super::Inner;
use super::answer::{FALLBACK_RETRY_AFTER, FinalReply, rate_limited};
use super::attempt::Outgoing;
use crate::error::{Error, ErrorKind, WaitBound};
use crate::rate_limit::{
    Observed, Outcome, RateLimitInfo, Refusal, parse_http_date, parse_seconds,
};
use crate::request::{BucketKey, RequestSpec, major_parameter};
use crate::retry::is_retryable_status;
use crate::text::millis;

/// One call as it goes through its attempts: what each attempt sends, the
/// bucket it counts against, its trace span and its deadline.
struct Call {
    outgoing: Outgoing,
    key: BucketKey,
    span: tracing::Span,
    /// When the call must have ended.
    deadline_at: Instant,
}

impl Call {
    /// Whether waiting `wait` from now still ends before the deadline.
    fn fits(&self, wait: Duration) -> bool {
        Instant::now()
            .checked_add(wait)
            .is_some_and(|end| end < self.deadline_at)
    }
}

impl Inner {
    /// Sends a request (waiting, retrying) and returns the reply the call
    /// ends with, not yet interpreted.
    pub(super) async fn call<T>(&self, request: RequestSpec<T>) -> Result<FinalReply, Error> {
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
        let call = Call {
            outgoing: Outgoing::new(operation, url, request)?,
            key,
            span,
            deadline_at: later(started, self.deadline),
        };
        // Without a subscriber the span is disabled, and the future need not
        // be wrapped (and moved) at all.
        if call.span.is_disabled() {
            self.send(&call).await
        } else {
            self.send(&call).instrument(call.span.clone()).await
        }
    }

    /// Sends a request until it gets an answer to return: waits for the rate
    /// limiter, retries 429s and, for idempotent operations, failures; all
    /// within the call's deadline.
    async fn send(&self, call: &Call) -> Result<FinalReply, Error> {
        let limits = &self.rate_limits;
        let retries = &self.retries;
        let operation = call.outgoing.operation;
        let mut attempt: u32 = 0;
        let mut rate_limit_retries: u32 = 0;
        let mut failure_retries: u32 = 0;
        // Time spent waiting for rate limits: proactive waits and 429s.
        let mut waited = Duration::ZERO;
        // Records the call's outcome on its span, once.
        let end = |result: Result<FinalReply, Error>, attempt: u32, waited: Duration| {
            if !call.span.is_disabled() {
                call.span.record("attempts", attempt);
                call.span.record("rate_limit_wait_ms", millis(waited));
                let status = match &result {
                    Ok(reply) => Some(reply.status),
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
            let (permit, wait) = match self.limiter.acquire(&call.key, until).await {
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
            let _entered = attempt_span.enter();
            let reply = match result {
                Ok(reply) => reply,
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
                let body = reply.body.as_deref().unwrap_or_default();
                let server_now = date.unwrap_or_else(|| self.limiter.server_time(Timestamp::now()));
                let error = rate_limited(&reply.headers, body, rate_limit.clone(), server_now);
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
            let body = match reply.body {
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
                let asked = reply
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
            let reply = FinalReply {
                status,
                headers: reply.headers,
                body,
                rate_limit,
                attempts: attempt,
                waited,
            };
            return end(Ok(reply), attempt, waited);
        }
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
