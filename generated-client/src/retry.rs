//! [`RetryConfig`]: when a failed request is sent again, and how long the
//! client waits before it does. The decision is made in one place,
//! [`RetryConfig::after_failure`], for every kind of [`Failure`].

#![deny(missing_docs)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::error::{Error, ErrorKind};

/// When a request that failed without a usable answer is sent again; set it
/// with [`ClientBuilder::retries`](crate::ClientBuilder::retries).
///
/// Only requests for [idempotent](crate::request::OperationInfo::idempotent)
/// operations are retried, and only after a transport error (no connection,
/// connection dropped, timeout) or a `500`, `502`, `503` or `504`: the server
/// may have done the work already, so sending a `POST` such as creating a
/// group DM again could do it twice. The waits grow exponentially from
/// [`initial_backoff`](Self::initial_backoff) up to
/// [`max_backoff`](Self::max_backoff), with random jitter so that many clients
/// do not retry in step; a `Retry-After` header on the failure is honoured when
/// it asks for longer.
///
/// `429 Too Many Requests` is different (the server did nothing, so every
/// operation is retried): see [`RateLimitConfig`](crate::RateLimitConfig).
/// From a call's second 429 on, though, the wait before the next attempt is
/// at least this backoff, so a server answering `retry_after: 0` again and
/// again is not hammered. No retry is made whose wait would end past the
/// call's [`deadline`](crate::ClientBuilder::deadline).
///
/// ```
/// use std::time::Duration;
/// use fluxer_client::{Client, RetryConfig};
///
/// let retries = RetryConfig::default()
///     .max_retries(4)
///     .initial_backoff(Duration::from_millis(50));
/// let client = Client::builder().bot_token("token").retries(retries).build()?;
/// # Ok::<(), fluxer_client::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// How many times a failed idempotent request is sent again. 2 by
    /// default; 0 turns these retries off.
    pub max_retries: u32,
    /// The wait before the first retry (before jitter), doubled for each
    /// further one. 200 ms by default.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts. 5 seconds by default.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryConfig {
    /// Never retry a failed request (429s are configured separately).
    #[must_use]
    pub fn disabled() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets [`max_retries`](Self::max_retries).
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Sets [`initial_backoff`](Self::initial_backoff).
    #[must_use]
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets [`max_backoff`](Self::max_backoff).
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The wait before retry number `retry` (1 for the first): half of the
    /// exponential step plus a random part of the other half.
    pub(crate) fn backoff(&self, retry: u32, jitter: &Jitter) -> Duration {
        let factor = 1_u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let step = self
            .initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff);
        let half = step / 2;
        let half_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let random = jitter.next() % half_nanos.saturating_add(1);
        half.saturating_add(Duration::from_nanos(random))
            .min(self.max_backoff)
    }
}

/// A failed attempt, as the retry decision sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No connection could be made ([`ErrorKind::Connect`]): nothing was sent.
    NotSent,
    /// The request was sent but no complete answer came back
    /// ([`ErrorKind::OutcomeUnknown`]): the connection dropped, the answer
    /// was cut off, or the attempt timed out.
    NoAnswer,
    /// The server answered with an error `status`, asking in `Retry-After`
    /// for `asked` (zero when it asked for nothing).
    Status { status: u16, asked: Duration },
}

impl Failure {
    /// The transport failure `error` reports, if it is one:
    /// [`Connect`](ErrorKind::Connect) or
    /// [`OutcomeUnknown`](ErrorKind::OutcomeUnknown). Other errors (a body
    /// larger than the limit, a request that cannot be built) are no failure
    /// a retry can fix.
    pub(crate) fn of(error: &Error) -> Option<Self> {
        match error.kind() {
            ErrorKind::Connect { .. } => Some(Self::NotSent),
            ErrorKind::OutcomeUnknown { .. } => Some(Self::NoAnswer),
            _ => None,
        }
    }
}

impl RetryConfig {
    /// Whether a call is sent again after `failure`, and after how long: the
    /// one rule for transport failures and server errors alike (429s are
    /// the rate limits' business, see [`RateLimitConfig`](crate::RateLimitConfig)).
    ///
    /// A retry is made only for an operation that is `idempotent`, only
    /// after a failure a retry can fix (no connection, no complete answer,
    /// or a `500`, `502`, `503` or `504`), at most
    /// [`max_retries`](Self::max_retries) times (`retries` were made so far),
    /// and only when its wait ends before the call's deadline, `left` from
    /// now. The wait is the [`backoff`](Self::backoff) of the next retry, or
    /// what the server asked for in `Retry-After` (up to
    /// [`max_backoff`](Self::max_backoff)) when that is longer.
    pub(crate) fn after_failure(
        &self,
        failure: Failure,
        idempotent: bool,
        retries: u32,
        left: Duration,
        jitter: &Jitter,
    ) -> Option<Duration> {
        let asked = match failure {
            Failure::NotSent | Failure::NoAnswer => Duration::ZERO,
            Failure::Status { status, asked } if is_retryable_status(status) => asked,
            Failure::Status { .. } => return None,
        };
        if !idempotent || retries >= self.max_retries {
            return None;
        }
        let wait = self
            .backoff(retries + 1, jitter)
            .max(asked.min(self.max_backoff));
        (wait < left).then_some(wait)
    }
}

/// Whether a status is a server failure worth retrying for an idempotent
/// operation.
fn is_retryable_status(status: u16) -> bool {
    matches!(status, 500 | 502 | 503 | 504)
}

/// A tiny xorshift64* generator for backoff jitter; not for anything secret.
#[derive(Debug)]
pub(crate) struct Jitter {
    state: AtomicU64,
}

impl Jitter {
    /// Seeded from the clock and an address, so clients and processes differ.
    pub(crate) fn new() -> Self {
        let clock = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| {
                u64::from(elapsed.subsec_nanos()) ^ elapsed.as_secs()
            })
            ^ u64::from(std::process::id()).rotate_left(17);
        let marker = 0_u8;
        let address = std::ptr::from_ref(&marker) as usize as u64;
        Self::seeded(clock ^ address.rotate_left(32))
    }

    pub(crate) fn seeded(seed: u64) -> Self {
        Self {
            // Zero is a fixed point of xorshift.
            state: AtomicU64::new(if seed == 0 {
                0x9E37_79B9_7F4A_7C15
            } else {
                seed
            }),
        }
    }

    /// The next pseudo-random number.
    pub(crate) fn next(&self) -> u64 {
        let step = |mut x: u64| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            x
        };
        let previous = self
            .state
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |x| Some(step(x)))
            .unwrap_or_else(|x| x);
        step(previous).wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_jittered_and_bounded() {
        let config = RetryConfig::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(1));
        let jitter = Jitter::seeded(7);
        for _ in 0..100 {
            let first = config.backoff(1, &jitter);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = config.backoff(3, &jitter);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            for retry in [10, 31, 32, 1000, u32::MAX] {
                let late = config.backoff(retry, &jitter);
                assert!(late >= Duration::from_millis(500) && late <= Duration::from_secs(1));
            }
        }
        let huge = RetryConfig::default()
            .initial_backoff(Duration::MAX)
            .max_backoff(Duration::MAX);
        assert!(huge.backoff(5, &jitter) >= Duration::MAX / 2);
        let zero = RetryConfig::default().initial_backoff(Duration::ZERO);
        assert_eq!(zero.backoff(3, &jitter), Duration::ZERO);
    }

    #[test]
    fn jitter_varies() {
        let jitter = Jitter::new();
        let values: std::collections::BTreeSet<u64> = (0..64).map(|_| jitter.next()).collect();
        assert!(values.len() > 60);
        assert_ne!(Jitter::seeded(0).next(), 0);
    }

    #[test]
    fn retryable_statuses() {
        for status in [500, 502, 503, 504] {
            assert!(is_retryable_status(status));
        }
        for status in [200, 400, 404, 429, 501, 505] {
            assert!(!is_retryable_status(status));
        }
    }

    /// Plenty of time before the deadline.
    const LEFT: Duration = Duration::from_secs(60);

    fn config() -> RetryConfig {
        RetryConfig::default()
            .max_retries(2)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(1))
    }

    fn status(status: u16) -> Failure {
        Failure::Status {
            status,
            asked: Duration::ZERO,
        }
    }

    #[test]
    fn transport_failures_and_server_errors_are_retried_alike() {
        let jitter = Jitter::seeded(11);
        for failure in [
            Failure::NotSent,
            Failure::NoAnswer,
            status(500),
            status(502),
            status(503),
            status(504),
        ] {
            let first = config().after_failure(failure, true, 0, LEFT, &jitter);
            assert!(
                first
                    .is_some_and(|wait| wait >= Duration::from_millis(50)
                        && wait <= Duration::from_millis(100)),
                "{failure:?}: {first:?}"
            );
            let second = config().after_failure(failure, true, 1, LEFT, &jitter);
            assert!(
                second
                    .is_some_and(|wait| wait >= Duration::from_millis(100)
                        && wait <= Duration::from_millis(200)),
                "{failure:?}: {second:?}"
            );
        }
    }

    #[test]
    fn only_idempotent_operations_are_retried() {
        let jitter = Jitter::seeded(12);
        for failure in [Failure::NotSent, Failure::NoAnswer, status(503)] {
            assert_eq!(
                config().after_failure(failure, false, 0, LEFT, &jitter),
                None,
                "{failure:?}"
            );
        }
    }

    #[test]
    fn other_statuses_are_not_retried() {
        let jitter = Jitter::seeded(13);
        for code in [200, 204, 400, 401, 403, 404, 409, 429, 501, 505, 599] {
            assert_eq!(
                config().after_failure(status(code), true, 0, LEFT, &jitter),
                None,
                "{code}"
            );
        }
    }

    #[test]
    fn retries_stop_at_max_retries() {
        let jitter = Jitter::seeded(14);
        assert!(
            config()
                .after_failure(Failure::NoAnswer, true, 1, LEFT, &jitter)
                .is_some()
        );
        assert_eq!(
            config().after_failure(Failure::NoAnswer, true, 2, LEFT, &jitter),
            None
        );
        assert_eq!(
            config().after_failure(Failure::NoAnswer, true, u32::MAX, LEFT, &jitter),
            None
        );
        assert_eq!(
            RetryConfig::disabled().after_failure(Failure::NotSent, true, 0, LEFT, &jitter),
            None
        );
    }

    #[test]
    fn the_wait_must_end_before_the_deadline() {
        let jitter = Jitter::seeded(15);
        // The first backoff is between 50 and 100 ms.
        for _ in 0..50 {
            let past = Duration::from_millis(50);
            assert_eq!(
                config().after_failure(Failure::NoAnswer, true, 0, past, &jitter),
                None
            );
            let room = Duration::from_millis(101);
            assert!(
                config()
                    .after_failure(Failure::NoAnswer, true, 0, room, &jitter)
                    .is_some()
            );
        }
        assert_eq!(
            config().after_failure(Failure::NotSent, true, 0, Duration::ZERO, &jitter),
            None
        );
        // A wait of zero still needs some time left.
        let instant = config().initial_backoff(Duration::ZERO);
        assert_eq!(
            instant.after_failure(Failure::NotSent, true, 0, Duration::ZERO, &jitter),
            None
        );
        assert_eq!(
            instant.after_failure(Failure::NotSent, true, 0, Duration::from_nanos(1), &jitter),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn a_longer_retry_after_is_honoured_up_to_max_backoff() {
        let jitter = Jitter::seeded(16);
        let asked = |seconds: f64| Failure::Status {
            status: 503,
            asked: Duration::from_secs_f64(seconds),
        };
        assert_eq!(
            config().after_failure(asked(0.5), true, 0, LEFT, &jitter),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            config().after_failure(asked(30.0), true, 0, LEFT, &jitter),
            Some(Duration::from_secs(1))
        );
        // Shorter than the backoff: the backoff.
        let wait = config()
            .after_failure(asked(0.001), true, 0, LEFT, &jitter)
            .unwrap();
        assert!(wait >= Duration::from_millis(50), "{wait:?}");
        // Asked for, but past the deadline: no retry.
        assert_eq!(
            config().after_failure(asked(0.5), true, 0, Duration::from_millis(400), &jitter),
            None
        );
    }

    #[test]
    fn transport_errors_are_failures_and_other_errors_are_not() {
        let connect = Error::new(ErrorKind::Connect {
            message: "m".to_owned(),
        });
        assert_eq!(Failure::of(&connect), Some(Failure::NotSent));
        let unknown = Error::new(ErrorKind::OutcomeUnknown {
            message: "m".to_owned(),
            idempotent: true,
        });
        assert_eq!(Failure::of(&unknown), Some(Failure::NoAnswer));
        let too_large = Error::new(ErrorKind::BodyTooLarge {
            status: 200,
            limit: 1,
        });
        assert_eq!(Failure::of(&too_large), None);
        let encode = Error::new(ErrorKind::Encode {
            message: "m".to_owned(),
        });
        assert_eq!(Failure::of(&encode), None);
    }
}
