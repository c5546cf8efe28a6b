//! The proactive rate limiter that all clones of a [`Client`](crate::Client)
//! share: one bucket per server, route template and major parameter, plus a
//! global limit and the global pause after a global 429 (both over the
//! requests to every server).
//!
//! Fluxer sends no bucket id, so a bucket is what the client can see: the
//! route template (`/channels/{channel_id}/invites`) and the value of its
//! major parameter. Each bucket learns `X-RateLimit-Limit`, `-Remaining` and
//! `-Reset` from responses and counts the requests it lets through itself, so
//! that concurrent tasks never send more than the server allows:
//!
//! - a bucket never seen lets one request through and holds the others until
//!   its response tells the limit (a response without rate-limit headers marks
//!   the bucket unlimited; a 429 without them leaves it unknown);
//! - a known bucket lets through as many requests as remain, each taking one;
//!   when none remain it waits for the reset, then refills to the limit minus
//!   the requests still in flight (which may land in the new window);
//! - a response lowers the count to what the server says remains, minus the
//!   requests still in flight, and never raises it within a window; a
//!   response from a new window sets it.
//!
//! **Arrival order.** Calls that cannot go at once wait in a queue per bucket,
//! and calls that have their bucket's permission wait in one global queue;
//! only the first of a queue may take a free place, so waiters are served
//! first come, first served, and the longest wait is about the queue's
//! length divided by the rate.
//!
//! **Distrust.** A reset comes from `X-RateLimit-Reset-After` when the
//! response has it; otherwise `X-RateLimit-Reset` is read against the
//! server's clock, estimated from its `Date` headers (see `skew.rs`). Every
//! wait the limiter stores (a reset, a 429's `retry_after`, a global pause)
//! is cut to `max_wait`; a bucket whose reset was cut asks the server again
//! (one request at a time) once the cut wait is over.
//!
//! The global limit is a sliding log that cannot be outrun by the network: a
//! request counts from when it is sent until `global_window` after its
//! response arrived (the latest it can have reached the server), so however
//! the server aligns its windows, no window sees more than `limit` requests.
//!
//! One job per file: `headers.rs` reads what a response says
//! ([`RateLimitInfo`]), `config.rs` is how the client is told to behave
//! ([`RateLimitConfig`]); the limiter (`limiter.rs`: taking and giving back
//! the right to send) keeps its buckets in `bucket.rs` (what one route's
//! bucket knows and allows), the server's clock in `skew.rs`, and its
//! waiting calls in `queue.rs`; `tests.rs` drives it in paused time.

#[cfg(feature = "client")]
mod bucket;
#[cfg(feature = "client")]
mod config;
mod headers;
#[cfg(feature = "client")]
mod limiter;
#[cfg(feature = "client")]
mod queue;
#[cfg(feature = "client")]
mod skew;
#[cfg(all(test, feature = "client"))]
mod tests;

#[cfg(feature = "client")]
use std::time::Duration;

#[cfg(feature = "client")]
use tokio::time::Instant;

#[cfg(feature = "client")]
pub use config::RateLimitConfig;
pub use headers::RateLimitInfo;
#[cfg(feature = "client")]
pub(crate) use headers::{parse_http_date, parse_seconds};
#[cfg(feature = "client")]
pub(crate) use limiter::{Limiter, Observed, Outcome, Permit, Refusal};

/// Instants are kept within this of now, whatever the settings, so that
/// `Instant` arithmetic cannot overflow.
#[cfg(feature = "client")]
const HORIZON: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// `wait` from `now`, kept within [`HORIZON`].
#[cfg(feature = "client")]
fn later(now: Instant, wait: Duration) -> Instant {
    now.checked_add(wait.min(HORIZON))
        .or_else(|| now.checked_add(Duration::from_secs(24 * 60 * 60)))
        .unwrap_or(now)
}
