//! [`RetryConfig`]: when a failed request is sent again, and how long the
//! client waits before it does.

#![deny(missing_docs)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

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

/// Whether a status is a server failure worth retrying for an idempotent
/// operation.
pub(crate) fn is_retryable_status(status: u16) -> bool {
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
}
