//! [`Bucket`]: what the limiter knows about one route's bucket (its limit,
//! what is left of the window, when it resets, a block after a 429) and
//! whether it lets a request through now; [`Known`]: what a response says
//! about the bucket's window.

use std::collections::VecDeque;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::time::Instant;

use super::headers::RateLimitInfo;
use super::later;
use super::queue::Waiter;

/// Resets this close together are the same window (they may be computed from
/// `X-RateLimit-Reset-After` and the local clock).
const SAME_WINDOW: Duration = Duration::from_millis(10);

/// What the limiter knows about a bucket's limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// No response yet: one request at a time until one tells.
    Unknown,
    /// The last response had no rate-limit headers: no limit.
    Unlimited,
    /// `limit` requests per window.
    Limited { limit: u64 },
}

/// One bucket of the limiter.
#[derive(Debug)]
pub(super) struct Bucket {
    mode: Mode,
    /// Requests that may still be sent in the current window (when `Limited`).
    pub(super) remaining: u64,
    /// When the current window ends; `None` once it has ended (and the bucket
    /// was refilled) until a response names the next one.
    reset_at: Option<Instant>,
    /// The server's `X-RateLimit-Reset` of the latest window seen, to tell
    /// responses of an old window from those of a new one.
    window: Option<Timestamp>,
    /// The server named a reset further ahead than `max_wait`, and `reset_at`
    /// is cut to it: when it passes, the bucket is unknown again.
    reprobe: bool,
    /// Nothing is sent before this (after a 429 of this bucket).
    pub(super) blocked_until: Option<Instant>,
    /// Requests that hold a place of this bucket: sent and not yet answered,
    /// or about to be sent.
    pub(super) in_flight: u64,
    /// Calls waiting for a place, in arrival order.
    pub(super) queue: VecDeque<Waiter>,
}

/// What a response says about its bucket's window, read and clamped.
#[derive(Clone, Copy, Debug)]
pub(super) struct Known {
    pub(super) limit: Option<u64>,
    pub(super) remaining: u64,
    /// The window's reset as the server names it (its identity).
    pub(super) window: Timestamp,
    /// How long until the reset, at most `max_wait`.
    pub(super) wait: Duration,
    /// Whether `wait` was cut to `max_wait`.
    pub(super) cut: bool,
}

impl Known {
    /// What a response's rate-limit headers say, the reset read against the
    /// server's clock (`server_now`) and cut to `max_wait`.
    pub(super) fn read(
        info: &RateLimitInfo,
        server_now: Timestamp,
        max_wait: Duration,
    ) -> Option<Self> {
        let remaining = info.remaining?;
        let (window, wait) = match (info.reset_after, info.reset) {
            (Some(after), reset) => {
                let window = reset.unwrap_or_else(|| {
                    SignedDuration::try_from(after)
                        .ok()
                        .and_then(|after| server_now.checked_add(after).ok())
                        .unwrap_or(Timestamp::MAX)
                });
                (window, after)
            }
            (None, Some(reset)) => {
                let ahead = reset.as_nanosecond() - server_now.as_nanosecond();
                let wait = if ahead <= 0 {
                    Duration::ZERO
                } else {
                    Duration::from_nanos(u64::try_from(ahead).unwrap_or(u64::MAX))
                };
                (reset, wait)
            }
            (None, None) => return None,
        };
        Some(Self {
            limit: info.limit,
            remaining,
            window,
            wait: wait.min(max_wait),
            cut: wait > max_wait,
        })
    }
}

impl Bucket {
    pub(super) fn new() -> Self {
        Self {
            mode: Mode::Unknown,
            remaining: 0,
            reset_at: None,
            window: None,
            reprobe: false,
            blocked_until: None,
            in_flight: 0,
            queue: VecDeque::new(),
        }
    }

    /// Ends a block and a window that are over, refilling the bucket.
    pub(super) fn refresh(&mut self, now: Instant) {
        if self.blocked_until.is_some_and(|until| until <= now) {
            self.blocked_until = None;
        }
        if self.reset_at.is_some_and(|reset| reset <= now) {
            self.reset_at = None;
            if std::mem::take(&mut self.reprobe) {
                // The reset named was further ahead than the client waits:
                // ask the server again, one request at a time.
                self.mode = Mode::Unknown;
                self.window = None;
                self.remaining = 0;
            } else if let Mode::Limited { limit } = self.mode {
                self.remaining = limit.saturating_sub(self.in_flight);
            }
        }
    }

    /// Whether a request may be sent now (after [`refresh`](Self::refresh)).
    pub(super) fn has_room(&self) -> bool {
        if self.blocked_until.is_some() {
            return false;
        }
        match self.mode {
            Mode::Unknown => self.in_flight == 0,
            Mode::Unlimited => true,
            Mode::Limited { .. } => {
                self.remaining > 0 || (self.reset_at.is_none() && self.in_flight == 0)
            }
        }
    }

    pub(super) fn take(&mut self) {
        self.in_flight = self.in_flight.saturating_add(1);
        if let Mode::Limited { .. } = self.mode {
            self.remaining = self.remaining.saturating_sub(1);
        }
    }

    /// Gives back a place that was taken but not used (nothing was sent).
    pub(super) fn untake(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if let Mode::Limited { limit } = self.mode {
            self.remaining = self.remaining.saturating_add(1).min(limit);
        }
    }

    /// When time alone may make room; `None` when only a response can.
    pub(super) fn earliest(&self) -> Option<Instant> {
        let reset = match self.mode {
            Mode::Limited { .. } if self.remaining == 0 => self.reset_at,
            _ => None,
        };
        match (self.blocked_until, reset) {
            (Some(block), Some(reset)) => Some(block.max(reset)),
            (block, reset) => block.or(reset),
        }
    }

    /// Whether nothing needs this bucket's state any more.
    pub(super) fn idle(&self, now: Instant) -> bool {
        self.in_flight == 0
            && self.queue.is_empty()
            && self.reset_at.is_none_or(|reset| reset <= now)
            && self.blocked_until.is_none_or(|until| until <= now)
    }

    /// Learns from the rate-limit headers of a response (this request no
    /// longer counted in `in_flight`); `None` for a response without them.
    pub(super) fn observe(&mut self, known: Option<Known>, now: Instant) {
        let Some(known) = known else {
            if self.mode == Mode::Unknown {
                self.mode = Mode::Unlimited;
            }
            return;
        };
        let limit = known
            .limit
            .or(match self.mode {
                Mode::Limited { limit } => Some(limit),
                _ => None,
            })
            .unwrap_or_else(|| known.remaining.saturating_add(1));
        // What the server has left once the requests still in flight land.
        let server_left = known.remaining.saturating_sub(self.in_flight);
        let was_limited = matches!(self.mode, Mode::Limited { .. });
        let tolerance = SignedDuration::try_from(SAME_WINDOW).unwrap_or_default();
        match self.window {
            Some(window) if known.window < window.checked_sub(tolerance).unwrap_or(window) => {
                // A response from a window that has ended.
            }
            Some(window) if known.window <= window.checked_add(tolerance).unwrap_or(window) => {
                if was_limited && self.reset_at.is_none() {
                    // The local window has ended and the bucket was refilled:
                    // this is a late response from the old one.
                    return;
                }
                self.remaining = if was_limited {
                    self.remaining.min(server_left)
                } else {
                    server_left
                };
                self.mode = Mode::Limited { limit };
                if self.reset_at.is_none() {
                    self.reset_at = Some(later(now, known.wait));
                    self.reprobe = known.cut;
                }
            }
            _ => {
                // A new window. The local count says something about it
                // only if it was refilled for it (the old window ended here
                // first); otherwise the server's count is the one to use.
                let refilled = was_limited && self.reset_at.is_none();
                self.remaining = if refilled {
                    self.remaining.min(server_left)
                } else {
                    server_left
                };
                self.mode = Mode::Limited { limit };
                self.window = Some(known.window);
                self.reset_at = Some(later(now, known.wait));
                self.reprobe = known.cut;
            }
        }
    }

    /// Learns from a 429 (this request no longer counted in `in_flight`):
    /// from its rate-limit headers when it had them, and, for a 429 of this
    /// bucket (not of the global limit), `block`: how long nothing more is
    /// sent (its `retry_after`, cut to `max_wait`).
    pub(super) fn observe_429(
        &mut self,
        known: Option<Known>,
        block: Option<Duration>,
        now: Instant,
    ) {
        if known.is_some() {
            self.observe(known, now);
        } else if self.mode == Mode::Unlimited {
            // Limited after all, by a limit the server did not tell.
            self.mode = Mode::Unknown;
        }
        if let Some(block) = block {
            // The server refused: nothing more until `retry_after`.
            if let Mode::Limited { .. } = self.mode {
                self.remaining = 0;
            }
            let until = later(now, block);
            if self.blocked_until.is_none_or(|blocked| blocked < until) {
                self.blocked_until = Some(until);
            }
        }
    }

    /// Forgets what the server said: the limit, the window and any block.
    /// The requests in flight and the calls waiting stay.
    pub(super) fn forget(&mut self) {
        self.mode = Mode::Unknown;
        self.remaining = 0;
        self.reset_at = None;
        self.window = None;
        self.reprobe = false;
        self.blocked_until = None;
    }

    /// What the caller is told when the wait for this bucket is too long.
    pub(super) fn info(&self, wait: Option<Duration>) -> RateLimitInfo {
        RateLimitInfo {
            limit: match self.mode {
                Mode::Limited { limit } => Some(limit),
                _ => None,
            },
            remaining: Some(self.remaining),
            reset: self.window,
            reset_after: wait,
            bucket: None,
            global: Some(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rate_limit::RateLimitConfig;
    use crate::rate_limit::tests::info;

    fn known(info: &RateLimitInfo, wall: Timestamp) -> Option<Known> {
        Known::read(info, wall, RateLimitConfig::default().max_wait)
    }

    #[test]
    fn old_and_new_windows() {
        let now = Instant::now();
        let wall = Timestamp::now();
        let reset = wall + jiff::SignedDuration::from_secs(1);
        let later = wall + jiff::SignedDuration::from_secs(2);
        let observe = |bucket: &mut Bucket, info: &RateLimitInfo| {
            bucket.observe(known(info, wall), now);
        };
        let mut bucket = Bucket::new();
        observe(&mut bucket, &info(10, 9, reset));
        assert_eq!(bucket.mode, Mode::Limited { limit: 10 });
        assert_eq!(bucket.remaining, 9);
        // An older window is ignored.
        observe(
            &mut bucket,
            &info(10, 0, wall - jiff::SignedDuration::from_secs(1)),
        );
        assert_eq!(bucket.remaining, 9);
        // The same window only lowers the count.
        observe(&mut bucket, &info(10, 7, reset));
        assert_eq!(bucket.remaining, 7);
        bucket.remaining = 2;
        observe(&mut bucket, &info(10, 8, reset));
        assert_eq!(bucket.remaining, 2);
        // A new window the server started before the local one ended: its
        // count (minus what is in flight) replaces the old window's.
        bucket.in_flight = 1;
        observe(&mut bucket, &info(10, 5, later));
        assert_eq!(bucket.window, Some(later));
        assert_eq!(bucket.remaining, 4);
        // Refilled after the reset, minus what is in flight.
        bucket.refresh(now + Duration::from_secs(3));
        assert_eq!(bucket.remaining, 9);
        assert_eq!(bucket.reset_at, None);
        // A late response of the ended window changes nothing.
        observe(&mut bucket, &info(10, 0, later));
        assert_eq!(bucket.remaining, 9);
        // A refilled bucket only lowers its count for the next window.
        observe(
            &mut bucket,
            &info(10, 9, wall + jiff::SignedDuration::from_secs(3)),
        );
        assert_eq!(bucket.remaining, 8);
        // Reset-after instead of reset.
        let mut bucket = Bucket::new();
        let mut relative = info(4, 3, reset);
        relative.reset = None;
        relative.reset_after = Some(Duration::from_millis(500));
        observe(&mut bucket, &relative);
        assert_eq!(bucket.reset_at, Some(now + Duration::from_millis(500)));
        // Absurd resets are cut to max_wait (60 s), and the bucket asks the
        // server again afterwards; past resets are now.
        let mut bucket = Bucket::new();
        observe(&mut bucket, &info(4, 0, Timestamp::MAX));
        assert_eq!(bucket.reset_at, Some(now + Duration::from_secs(60)));
        assert!(bucket.reprobe);
        bucket.refresh(now + Duration::from_secs(60));
        assert_eq!(bucket.mode, Mode::Unknown);
        let mut bucket = Bucket::new();
        observe(&mut bucket, &info(4, 3, Timestamp::MIN));
        assert_eq!(bucket.reset_at, Some(now));
    }
}
