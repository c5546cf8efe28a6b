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
//! server's clock, estimated from its `Date` headers (see [`Skew`]). Every
//! wait the limiter stores (a reset, a 429's `retry_after`, a global pause)
//! is cut to `max_wait`; a bucket whose reset was cut asks the server again
//! (one request at a time) once the cut wait is over.
//!
//! The global limit is a sliding log that cannot be outrun by the network: a
//! request counts from when it is sent until `global_window` after its
//! response arrived (the latest it can have reached the server), so however
//! the server aligns its windows, no window sees more than `limit` requests.

#![deny(missing_docs)]

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::ratelimit::{RateLimitConfig, RateLimitInfo};
use crate::request::BucketKey;

/// Resets this close together are the same window (they may be computed from
/// `X-RateLimit-Reset-After` and the local clock).
const SAME_WINDOW: Duration = Duration::from_millis(10);
/// Instants are kept within this of now, whatever the settings, so that
/// `Instant` arithmetic cannot overflow.
const HORIZON: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);
/// Above this many buckets, idle ones are forgotten.
const SWEEP_ABOVE: usize = 4096;
/// An HTTP date has whole seconds: the server's clock read somewhere in the
/// second it names.
const DATE_RESOLUTION_NANOS: i128 = 1_000_000_000;

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

/// A call waiting in a queue, woken (`notify_one`) when it may move on.
#[derive(Debug)]
struct Waiter {
    id: u64,
    notify: Arc<Notify>,
}

/// Wakes the first waiter of `queue`, if any.
fn wake_first(queue: &VecDeque<Waiter>) {
    if let Some(first) = queue.front() {
        first.notify.notify_one();
    }
}

/// Removes the waiter `id` from `queue`; wakes the next one when it was first.
fn leave(queue: &mut VecDeque<Waiter>, id: u64) {
    if let Some(position) = queue.iter().position(|waiter| waiter.id == id) {
        queue.remove(position);
        if position == 0 {
            wake_first(queue);
        }
    }
}

/// `wait` from `now`, kept within [`HORIZON`].
fn later(now: Instant, wait: Duration) -> Instant {
    now.checked_add(wait.min(HORIZON))
        .or_else(|| now.checked_add(Duration::from_secs(24 * 60 * 60)))
        .unwrap_or(now)
}

#[derive(Debug)]
struct Bucket {
    mode: Mode,
    /// Requests that may still be sent in the current window (when `Limited`).
    remaining: u64,
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
    blocked_until: Option<Instant>,
    /// Requests that hold a place of this bucket: sent and not yet answered,
    /// or about to be sent.
    in_flight: u64,
    /// Calls waiting for a place, in arrival order.
    queue: VecDeque<Waiter>,
}

/// What a response says about its bucket's window, read and clamped.
#[derive(Clone, Copy, Debug)]
struct Known {
    limit: Option<u64>,
    remaining: u64,
    /// The window's reset as the server names it (its identity).
    window: Timestamp,
    /// How long until the reset, at most `max_wait`.
    wait: Duration,
    /// Whether `wait` was cut to `max_wait`.
    cut: bool,
}

impl Bucket {
    fn new() -> Self {
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
    fn refresh(&mut self, now: Instant) {
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
    fn has_room(&self) -> bool {
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

    fn take(&mut self) {
        self.in_flight = self.in_flight.saturating_add(1);
        if let Mode::Limited { .. } = self.mode {
            self.remaining = self.remaining.saturating_sub(1);
        }
    }

    /// Gives back a place that was taken but not used (nothing was sent).
    fn untake(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if let Mode::Limited { limit } = self.mode {
            self.remaining = self.remaining.saturating_add(1).min(limit);
        }
    }

    /// When time alone may make room; `None` when only a response can.
    fn earliest(&self) -> Option<Instant> {
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
    fn idle(&self, now: Instant) -> bool {
        self.in_flight == 0
            && self.queue.is_empty()
            && self.reset_at.is_none_or(|reset| reset <= now)
            && self.blocked_until.is_none_or(|until| until <= now)
    }

    /// Learns from the rate-limit headers of a response (this request no
    /// longer counted in `in_flight`); `None` for a response without them.
    fn observe(&mut self, known: Option<Known>, now: Instant) {
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

    /// What the caller is told when the wait for this bucket is too long.
    fn info(&self, wait: Option<Duration>) -> RateLimitInfo {
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

/// The offset of the server's clock from the local one, narrowed down by
/// the `Date` headers of responses.
///
/// A response whose `Date` says `D` (whole seconds) was written when the
/// server's clock read between `D` and `D + 1 s`, after the request was sent
/// and before its answer arrived; so the offset lies in
/// `[D - received, D + 1 s - sent]`. Successive answers narrow the range
/// (one that does not fit, after a clock step, starts it anew). The estimate
/// is zero, trusting the local clock, while zero is in the range, and the
/// nearest end of the range otherwise: a server clock two minutes ahead is
/// corrected to within the range's width (at most a second).
#[derive(Debug, Default)]
struct Skew {
    /// Nanoseconds, server minus local.
    range: Option<(i128, i128)>,
}

impl Skew {
    fn sample(&mut self, date: Timestamp, sent: Timestamp, received: Timestamp) {
        let low = date.as_nanosecond() - received.as_nanosecond();
        let high = date.as_nanosecond() + DATE_RESOLUTION_NANOS - sent.as_nanosecond();
        if low > high {
            return;
        }
        self.range = Some(match self.range {
            Some((a, b)) if low.max(a) <= high.min(b) => (low.max(a), high.min(b)),
            _ => (low, high),
        });
    }

    fn offset(&self) -> i128 {
        self.range.map_or(0, |(low, high)| 0.clamp(low, high))
    }

    /// The server's time at local time `wall`.
    fn server_time(&self, wall: Timestamp) -> Timestamp {
        Timestamp::from_nanosecond(wall.as_nanosecond().saturating_add(self.offset()))
            .unwrap_or(wall)
    }
}

#[derive(Debug)]
struct State {
    /// No request may be sent before this (after a global 429).
    paused_until: Option<Instant>,
    /// When the answers to the requests of the last global window arrived,
    /// oldest first.
    done: VecDeque<Instant>,
    /// Requests counted by the global limit and not yet answered.
    global_in_flight: usize,
    /// Calls that have their bucket's place and wait for the global limit or
    /// pause, in arrival order.
    global_queue: VecDeque<Waiter>,
    buckets: BTreeMap<BucketKey, Bucket>,
    next_id: u64,
    skew: Skew,
}

impl State {
    fn waiter(&mut self) -> (u64, Arc<Notify>) {
        self.next_id = self.next_id.wrapping_add(1);
        (self.next_id, Arc::new(Notify::new()))
    }
}

/// The limiter of one client.
#[derive(Debug)]
pub(crate) struct Limiter {
    proactive: bool,
    global: Option<(usize, Duration)>,
    /// The longest wait the limiter stores.
    max_wait: Duration,
    state: Mutex<State>,
}

/// Why [`Limiter::acquire`] did not let a request through: waiting for it
/// would go past the caller's limit.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// How long the call waited in the limiter before giving up.
    pub(crate) waited: Duration,
    /// How much longer it would have had to wait at least, when known.
    pub(crate) needed: Option<Duration>,
    /// Whether the wait is for the global limit or pause.
    pub(crate) global: bool,
    /// The bucket's state, when the wait is for a bucket.
    pub(crate) info: Option<RateLimitInfo>,
}

/// The response a request got, as the limiter learns from it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Observed<'a> {
    /// The rate-limit headers.
    pub(crate) info: Option<&'a RateLimitInfo>,
    /// The `Date` header.
    pub(crate) date: Option<Timestamp>,
    /// When the request was sent and its answer arrived, by the local clock.
    pub(crate) sent: Timestamp,
    pub(crate) received: Timestamp,
}

/// How a request that held a [`Permit`] ended.
#[derive(Debug)]
pub(crate) enum Outcome<'a> {
    /// A response other than 429.
    Response(Observed<'a>),
    /// A 429.
    RateLimited {
        observed: Observed<'a>,
        retry_after: Duration,
        global: bool,
    },
    /// No response (transport error, cancelled).
    Failed,
}

/// Where a waiting call is in one of the limiter's two stages.
#[derive(Debug)]
enum Place {
    /// Not in the queue, holding nothing.
    Outside,
    /// In the queue.
    Queued(u64, Arc<Notify>),
    /// Holding a place (of the bucket, or counted by the global limit).
    Holding,
}

/// What [`Limiter::acquire`] holds while it waits; dropping it (a refusal,
/// a cancelled call) leaves the queues and gives back what it took.
struct Hold<'a> {
    limiter: &'a Limiter,
    key: &'a BucketKey,
    bucket: Place,
    global: Place,
}

impl Drop for Hold<'_> {
    fn drop(&mut self) {
        let bucket = std::mem::replace(&mut self.bucket, Place::Outside);
        let global = std::mem::replace(&mut self.global, Place::Outside);
        if matches!((&bucket, &global), (Place::Outside, Place::Outside)) {
            return;
        }
        let mut state = self.limiter.lock();
        if let Some(entry) = state.buckets.get_mut(self.key) {
            match bucket {
                Place::Queued(id, _) => leave(&mut entry.queue, id),
                Place::Holding => {
                    entry.untake();
                    wake_first(&entry.queue);
                }
                Place::Outside => {}
            }
        }
        match global {
            Place::Queued(id, _) => leave(&mut state.global_queue, id),
            Place::Holding => {
                state.global_in_flight = state.global_in_flight.saturating_sub(1);
                wake_first(&state.global_queue);
            }
            Place::Outside => {}
        }
    }
}

enum Step {
    /// Both stages passed.
    Go,
    /// Wait until the instant or until woken, then step again.
    Wait(Instant, Arc<Notify>),
    /// The wait would go past the caller's limit.
    Refuse {
        needed: Option<Duration>,
        global: bool,
        info: Option<RateLimitInfo>,
    },
}

impl Limiter {
    pub(crate) fn new(config: &RateLimitConfig) -> Self {
        Self {
            proactive: config.proactive,
            global: config.global_limit.map(|limit| {
                (
                    usize::try_from(limit).unwrap_or(usize::MAX),
                    config.global_window,
                )
            }),
            max_wait: config.max_wait,
            state: Mutex::new(State {
                paused_until: None,
                done: VecDeque::new(),
                global_in_flight: 0,
                global_queue: VecDeque::new(),
                buckets: BTreeMap::new(),
                next_id: 0,
                skew: Skew::default(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock; if something did, the state
        // is still consistent enough to go on with.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until a request of bucket `key` may be sent, until `until` at
    /// the latest, and returns the permit to send it with and how long it
    /// waited. Calls are served in arrival order, per bucket and then
    /// globally. A wait that certainly goes past `until` (a reset, block or
    /// pause later than that) is not started.
    ///
    /// Dropping the future while it waits takes nothing; dropping the permit
    /// releases it.
    pub(crate) async fn acquire<'a>(
        &'a self,
        key: &'a BucketKey,
        until: Instant,
    ) -> Result<(Permit<'a>, Duration), Refusal> {
        // Only time spent waiting counts (not taking the lock).
        let mut started = None;
        let waited = |started: Option<Instant>| started.map_or(Duration::ZERO, |at| at.elapsed());
        let mut hold = Hold {
            limiter: self,
            key,
            bucket: Place::Outside,
            global: Place::Outside,
        };
        loop {
            let step = {
                let mut state = self.lock();
                self.step(&mut state, &mut hold, Instant::now(), until)
            };
            match step {
                Step::Go => {
                    let permit = Permit {
                        limiter: self,
                        key: matches!(hold.bucket, Place::Holding).then_some(key),
                        global: matches!(hold.global, Place::Holding),
                    };
                    hold.bucket = Place::Outside;
                    hold.global = Place::Outside;
                    return Ok((permit, waited(started)));
                }
                Step::Wait(deadline, notify) => {
                    tracing::trace!("waiting for the rate limit");
                    started.get_or_insert_with(Instant::now);
                    // Woken or timed out, the next step tells what changed.
                    let _ = tokio::time::timeout_at(deadline, notify.notified()).await;
                }
                Step::Refuse {
                    needed,
                    global,
                    info,
                } => {
                    return Err(Refusal {
                        waited: waited(started),
                        needed,
                        global,
                        info,
                    });
                }
            }
        }
    }

    fn step(&self, state: &mut State, hold: &mut Hold<'_>, now: Instant, until: Instant) -> Step {
        if self.proactive
            && !matches!(hold.bucket, Place::Holding)
            && let Some(step) = self.bucket_step(state, hold, now, until)
        {
            return step;
        }
        self.global_step(state, &mut hold.global, now, until)
    }

    /// The bucket stage: `None` once the call holds a place of its bucket.
    fn bucket_step(
        &self,
        state: &mut State,
        hold: &mut Hold<'_>,
        now: Instant,
        until: Instant,
    ) -> Option<Step> {
        let key = hold.key;
        if matches!(hold.bucket, Place::Outside) {
            // The common case in one lookup: a known bucket with room and no queue.
            let fresh = match state.buckets.get_mut(key) {
                Some(bucket) => {
                    bucket.refresh(now);
                    let fresh = bucket.queue.is_empty() && bucket.has_room();
                    if fresh {
                        bucket.take();
                    }
                    fresh
                }
                None => {
                    if state.buckets.len() >= SWEEP_ABOVE {
                        state.buckets.retain(|_, bucket| !bucket.idle(now));
                    }
                    // A bucket never seen: this request finds out its limit.
                    let mut bucket = Bucket::new();
                    bucket.take();
                    state.buckets.insert(key.clone(), bucket);
                    true
                }
            };
            if fresh {
                hold.bucket = Place::Holding;
                return None;
            }
            let (id, notify) = state.waiter();
            if let Some(bucket) = state.buckets.get_mut(key) {
                bucket.queue.push_back(Waiter {
                    id,
                    notify: Arc::clone(&notify),
                });
            }
            hold.bucket = Place::Queued(id, notify);
        }
        let Place::Queued(id, notify) = &hold.bucket else {
            return None;
        };
        let (id, notify) = (*id, Arc::clone(notify));
        let bucket = state.buckets.get_mut(key)?;
        bucket.refresh(now);
        let position = bucket
            .queue
            .iter()
            .position(|waiter| waiter.id == id)
            .unwrap_or(0);
        if position == 0 && bucket.has_room() {
            bucket.queue.pop_front();
            bucket.take();
            if bucket.has_room() {
                wake_first(&bucket.queue);
            }
            hold.bucket = Place::Holding;
            return None;
        }
        let earliest = bucket.earliest();
        // Behind `remaining` others (or first), this call needs at least the
        // reset or block; a wait known to go past `until` is not started.
        let bound = earliest.filter(|_| {
            position == 0
                || bucket.blocked_until.is_some()
                || u64::try_from(position).unwrap_or(u64::MAX) >= bucket.remaining
        });
        if let Some(at) = bound.filter(|at| *at > until) {
            let needed = at.saturating_duration_since(now);
            return Some(Step::Refuse {
                needed: Some(needed),
                global: false,
                info: Some(bucket.info(Some(needed))),
            });
        }
        if now >= until {
            return Some(Step::Refuse {
                needed: None,
                global: false,
                info: Some(bucket.info(None)),
            });
        }
        let wake = match earliest {
            Some(at) if position == 0 => at.min(until),
            _ => until,
        };
        Some(Step::Wait(wake, notify))
    }

    /// The global stage: the global pause and, when proactive, the global limit.
    fn global_step(
        &self,
        state: &mut State,
        place: &mut Place,
        now: Instant,
        until: Instant,
    ) -> Step {
        let counted = if self.proactive { self.global } else { None };
        if state.paused_until.is_some_and(|paused| paused <= now) {
            state.paused_until = None;
        }
        if let Some((_, window)) = counted {
            while state
                .done
                .front()
                .is_some_and(|first| now.saturating_duration_since(*first) >= window)
            {
                state.done.pop_front();
            }
        }
        let has_room = |state: &State| {
            state.paused_until.is_none()
                && counted.is_none_or(|(limit, _)| {
                    state.done.len().saturating_add(state.global_in_flight) < limit
                })
        };
        let take = |state: &mut State, place: &mut Place| {
            if counted.is_some() {
                state.global_in_flight = state.global_in_flight.saturating_add(1);
                *place = Place::Holding;
            } else {
                *place = Place::Outside;
            }
            Step::Go
        };
        if matches!(place, Place::Outside) {
            if state.global_queue.is_empty() && has_room(state) {
                return take(state, place);
            }
            let (id, notify) = state.waiter();
            state.global_queue.push_back(Waiter {
                id,
                notify: Arc::clone(&notify),
            });
            *place = Place::Queued(id, notify);
        }
        let Place::Queued(id, notify) = &*place else {
            return Step::Go;
        };
        let (id, notify) = (*id, Arc::clone(notify));
        let position = state
            .global_queue
            .iter()
            .position(|waiter| waiter.id == id)
            .unwrap_or(0);
        if position == 0 && has_room(state) {
            state.global_queue.pop_front();
            let step = take(state, place);
            if has_room(state) {
                wake_first(&state.global_queue);
            }
            return step;
        }
        // When time alone makes room for the first waiter: the pause ends,
        // or enough answers leave the window for one more request.
        let mut never = false;
        let earliest = if let Some(paused) = state.paused_until {
            Some(paused)
        } else if let Some((limit, window)) = counted {
            let excess = state
                .done
                .len()
                .saturating_add(state.global_in_flight)
                .saturating_add(1)
                .saturating_sub(limit);
            match excess
                .checked_sub(1)
                .and_then(|index| state.done.get(index))
            {
                Some(answered) => {
                    let at = answered.checked_add(window);
                    never = at.is_none();
                    at
                }
                // Only answers to requests in flight can make room.
                None => None,
            }
        } else {
            None
        };
        if never && position == 0 {
            return Step::Refuse {
                needed: Some(Duration::MAX),
                global: true,
                info: None,
            };
        }
        let bound = if position == 0 {
            earliest
        } else {
            state.paused_until
        };
        if let Some(at) = bound.filter(|at| *at > until) {
            return Step::Refuse {
                needed: Some(at.saturating_duration_since(now)),
                global: true,
                info: None,
            };
        }
        if now >= until {
            return Step::Refuse {
                needed: None,
                global: true,
                info: None,
            };
        }
        let wake = match earliest {
            Some(at) if position == 0 => at.min(until),
            _ => until,
        };
        Step::Wait(wake, notify)
    }

    /// What a response's rate-limit headers say, the reset read against the
    /// server's clock (`server_now`) and cut to `max_wait`.
    fn known(&self, info: &RateLimitInfo, server_now: Timestamp) -> Option<Known> {
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
        Some(Known {
            limit: info.limit,
            remaining,
            window,
            wait: wait.min(self.max_wait),
            cut: wait > self.max_wait,
        })
    }

    /// The server's time now, by the local clock and the `Date` headers seen.
    pub(crate) fn server_time(&self, wall: Timestamp) -> Timestamp {
        self.lock().skew.server_time(wall)
    }

    /// Forgets everything learned from the server: bucket limits, blocks,
    /// the global pause and the clock offset. Requests in flight still count.
    pub(crate) fn forget(&self) {
        let now = Instant::now();
        let mut state = self.lock();
        state.paused_until = None;
        state.skew = Skew::default();
        state.buckets.retain(|_, bucket| !bucket.idle(now));
        for bucket in state.buckets.values_mut() {
            bucket.mode = Mode::Unknown;
            bucket.remaining = 0;
            bucket.reset_at = None;
            bucket.window = None;
            bucket.reprobe = false;
            bucket.blocked_until = None;
            wake_first(&bucket.queue);
        }
        wake_first(&state.global_queue);
    }

    fn release(&self, key: Option<&BucketKey>, global: bool, outcome: &Outcome<'_>) {
        let now = Instant::now();
        let mut state = self.lock();
        let observed = match outcome {
            Outcome::Response(observed) | Outcome::RateLimited { observed, .. } => Some(*observed),
            Outcome::Failed => None,
        };
        let mut known = None;
        if let Some(observed) = observed {
            if let Some(date) = observed.date {
                state.skew.sample(date, observed.sent, observed.received);
            }
            let server_now = state.skew.server_time(observed.received);
            known = observed.info.and_then(|info| self.known(info, server_now));
        }
        if let Outcome::RateLimited {
            retry_after,
            global: true,
            ..
        } = *outcome
        {
            let until = later(now, retry_after.min(self.max_wait));
            if state.paused_until.is_none_or(|paused| paused < until) {
                state.paused_until = Some(until);
            }
            wake_first(&state.global_queue);
        }
        if global {
            state.global_in_flight = state.global_in_flight.saturating_sub(1);
            state.done.push_back(now);
            wake_first(&state.global_queue);
        }
        let Some(bucket) = key.and_then(|key| state.buckets.get_mut(key)) else {
            return;
        };
        bucket.in_flight = bucket.in_flight.saturating_sub(1);
        match *outcome {
            Outcome::Response(_) => bucket.observe(known, now),
            Outcome::RateLimited {
                retry_after,
                global,
                ..
            } => {
                if known.is_some() {
                    bucket.observe(known, now);
                } else if bucket.mode == Mode::Unlimited {
                    // Limited after all, by a limit the server did not tell.
                    bucket.mode = Mode::Unknown;
                }
                if !global {
                    // The server refused: nothing more until `retry_after`.
                    if let Mode::Limited { .. } = bucket.mode {
                        bucket.remaining = 0;
                    }
                    let until = later(now, retry_after.min(self.max_wait));
                    if bucket.blocked_until.is_none_or(|blocked| blocked < until) {
                        bucket.blocked_until = Some(until);
                    }
                }
            }
            Outcome::Failed => {}
        }
        wake_first(&bucket.queue);
    }

    #[cfg(test)]
    fn in_flight(&self, key: &BucketKey) -> u64 {
        self.lock()
            .buckets
            .get(key)
            .map_or(0, |bucket| bucket.in_flight)
    }
}

/// The right to send one request; dropping it without
/// [`finish`](Permit::finish) (a cancelled request) frees it.
#[derive(Debug)]
pub(crate) struct Permit<'a> {
    limiter: &'a Limiter,
    /// `None` when the limiter does not track buckets.
    key: Option<&'a BucketKey>,
    /// Whether the global limit counts this request.
    global: bool,
}

impl Permit<'_> {
    /// Reports how the request ended and frees the permit.
    pub(crate) fn finish(mut self, outcome: &Outcome<'_>) {
        let key = self.key.take();
        let global = std::mem::take(&mut self.global);
        // A global 429 pauses the client even when nothing is tracked.
        if key.is_some() || global || matches!(outcome, Outcome::RateLimited { global: true, .. }) {
            self.limiter.release(key, global, outcome);
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let key = self.key.take();
        let global = std::mem::take(&mut self.global);
        if key.is_some() || global {
            self.limiter.release(key, global, &Outcome::Failed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(limit: u64, remaining: u64, reset: Timestamp) -> RateLimitInfo {
        RateLimitInfo {
            limit: Some(limit),
            remaining: Some(remaining),
            reset: Some(reset),
            reset_after: None,
            bucket: None,
            global: None,
        }
    }

    fn limiter() -> Limiter {
        Limiter::new(&RateLimitConfig::default().global_limit(None))
    }

    fn seen(info: Option<&RateLimitInfo>) -> Observed<'_> {
        let now = Timestamp::now();
        Observed {
            info,
            date: None,
            sent: now,
            received: now,
        }
    }

    fn response(info: &RateLimitInfo) -> Outcome<'_> {
        Outcome::Response(seen(Some(info)))
    }

    fn known(info: &RateLimitInfo, wall: Timestamp) -> Option<Known> {
        limiter().known(info, wall)
    }

    fn within(wait: Duration) -> Instant {
        Instant::now() + wait
    }

    const BUDGET: Duration = Duration::from_secs(60);

    #[tokio::test(start_paused = true)]
    async fn unknown_bucket_lets_one_through_then_learns() {
        let limiter = limiter();
        let key = BucketKey::new("/r/{channel_id}", Some("1"));
        let (first, waited) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        assert_eq!(waited, Duration::ZERO);
        // A second request waits for the first response.
        let second = tokio::time::timeout(
            Duration::from_millis(5),
            limiter.acquire(&key, within(BUDGET)),
        );
        assert!(second.await.is_err());
        let reset = Timestamp::now() + jiff::SignedDuration::from_secs(1);
        first.finish(&response(&info(3, 2, reset)));
        let (a, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        let (b, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        assert_eq!(limiter.in_flight(&key), 2);
        // Used up: the next one is refused when the budget is shorter than
        // the reset, and waits for the reset otherwise.
        let refusal = limiter
            .acquire(&key, within(Duration::from_millis(100)))
            .await
            .unwrap_err();
        assert!(!refusal.global);
        assert!(
            refusal.needed.unwrap() > Duration::from_millis(900),
            "{refusal:?}"
        );
        assert_eq!(refusal.info.as_ref().unwrap().remaining, Some(0));
        drop((a, b));
        let started = Instant::now();
        let (c, waited) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        assert!(started.elapsed() >= Duration::from_millis(900));
        assert!(waited >= Duration::from_millis(900));
        c.finish(&Outcome::Failed);
        assert_eq!(limiter.in_flight(&key), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn in_flight_requests_count_against_the_server_remaining() {
        let limiter = limiter();
        let key = BucketKey::new("/r", None);
        let (probe, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        let reset = Timestamp::now() + jiff::SignedDuration::from_secs(10);
        probe.finish(&response(&info(5, 4, reset)));
        let mut permits = Vec::new();
        for _ in 0..4 {
            permits.push(limiter.acquire(&key, within(BUDGET)).await.unwrap().0);
        }
        // Out of order: a late response saying 3 remain does not raise the count.
        permits.pop().unwrap().finish(&response(&info(5, 3, reset)));
        assert!(
            limiter
                .acquire(&key, within(Duration::from_millis(1)))
                .await
                .is_err()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn bucket_without_headers_is_unlimited() {
        let limiter = limiter();
        let key = BucketKey::new("/r", None);
        let (probe, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        probe.finish(&Outcome::Response(seen(None)));
        let mut permits = Vec::new();
        for _ in 0..100 {
            permits.push(limiter.acquire(&key, within(BUDGET)).await.unwrap().0);
        }
        assert_eq!(limiter.in_flight(&key), 100);
        drop(permits);
        assert_eq!(limiter.in_flight(&key), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_permit_releases_the_bucket() {
        let limiter = limiter();
        let key = BucketKey::new("/r", None);
        let (probe, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        drop(probe);
        // Still unknown, but the next request may go.
        let (next, waited) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        assert_eq!(waited, Duration::ZERO);
        drop(next);
    }

    #[tokio::test(start_paused = true)]
    async fn a_global_429_pauses_every_bucket() {
        let limiter = limiter();
        let key = BucketKey::new("/a", None);
        let other = BucketKey::new("/b", None);
        let (permit, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        permit.finish(&Outcome::RateLimited {
            observed: seen(None),
            retry_after: Duration::from_millis(250),
            global: true,
        });
        let refusal = limiter
            .acquire(&other, within(Duration::from_millis(100)))
            .await
            .unwrap_err();
        assert!(refusal.global);
        let started = Instant::now();
        let (permit, waited) = limiter.acquire(&other, within(BUDGET)).await.unwrap();
        assert_eq!(started.elapsed(), Duration::from_millis(250));
        assert_eq!(waited, Duration::from_millis(250));
        drop(permit);
    }

    #[tokio::test(start_paused = true)]
    async fn a_bucket_429_holds_that_bucket_only() {
        let limiter = limiter();
        let key = BucketKey::new("/a/{channel_id}", Some("1"));
        let other = BucketKey::new("/a/{channel_id}", Some("2"));
        let (permit, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        permit.finish(&Outcome::RateLimited {
            observed: seen(None),
            retry_after: Duration::from_millis(300),
            global: false,
        });
        let (permit, waited) = limiter.acquire(&other, within(BUDGET)).await.unwrap();
        assert_eq!(waited, Duration::ZERO);
        drop(permit);
        let (permit, waited) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        assert_eq!(waited, Duration::from_millis(300));
        drop(permit);
    }

    #[tokio::test(start_paused = true)]
    async fn global_limit_is_a_sliding_window() {
        let limiter = Limiter::new(
            &RateLimitConfig::default()
                .global_limit(Some(3))
                .global_window(Duration::from_millis(100)),
        );
        let started = Instant::now();
        let mut sent = Vec::new();
        for index in 0..9_u64 {
            let key = BucketKey::new("/r/{channel_id}", Some(&index.to_string()));
            let (permit, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
            permit.finish(&Outcome::Response(seen(None)));
            sent.push(started.elapsed());
        }
        for window in sent.windows(4) {
            assert!(
                window[3] - window[0] >= Duration::from_millis(100),
                "{sent:?}"
            );
        }
        assert_eq!(sent[8], Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn global_limit_counts_requests_until_answered() {
        let limiter = Limiter::new(
            &RateLimitConfig::default()
                .global_limit(Some(2))
                .global_window(Duration::from_millis(100)),
        );
        let keys: Vec<BucketKey> = (0..3_u8)
            .map(|index| BucketKey::new("/r/{channel_id}", Some(&index.to_string())))
            .collect();
        let (first, _) = limiter.acquire(&keys[0], within(BUDGET)).await.unwrap();
        let (second, _) = limiter.acquire(&keys[1], within(BUDGET)).await.unwrap();
        // Both in flight: the third waits for an answer, then for the window.
        let third = limiter.acquire(&keys[2], within(BUDGET));
        tokio::pin!(third);
        assert!(
            tokio::time::timeout(Duration::from_millis(500), &mut third)
                .await
                .is_err()
        );
        let answered = Instant::now();
        first.finish(&Outcome::Response(seen(None)));
        let (permit, _) = third.await.unwrap();
        assert_eq!(answered.elapsed(), Duration::from_millis(100));
        drop((second, permit));
    }

    #[tokio::test(start_paused = true)]
    async fn absurd_settings_do_not_spin_or_panic() {
        let key = BucketKey::new("/r", None);
        let endless = Limiter::new(
            &RateLimitConfig::default()
                .global_limit(Some(1))
                .global_window(Duration::MAX),
        );
        let (permit, _) = endless
            .acquire(&key, within(Duration::from_secs(3600 * 24 * 365)))
            .await
            .unwrap();
        drop(permit);
        let refusal = endless
            .acquire(&key, within(Duration::from_secs(3600)))
            .await
            .unwrap_err();
        assert!(refusal.global && refusal.needed.unwrap() >= Duration::from_secs(3600));
        // With no time left, a request behind a bucket's first request is
        // refused rather than waiting (or sent over the limit).
        let limiter = limiter();
        let (first, _) = limiter.acquire(&key, within(Duration::ZERO)).await.unwrap();
        let refusal = limiter
            .acquire(&key, within(Duration::ZERO))
            .await
            .unwrap_err();
        assert!(!refusal.global && refusal.needed.is_none());
        assert_eq!(limiter.in_flight(&key), 1);
        drop(first);
        assert_eq!(limiter.in_flight(&key), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn off_means_no_tracking() {
        let limiter = Limiter::new(&RateLimitConfig::default().proactive(false));
        let key = BucketKey::new("/r", None);
        let mut permits = Vec::new();
        for _ in 0..100 {
            permits.push(limiter.acquire(&key, within(BUDGET)).await.unwrap().0);
        }
        assert_eq!(limiter.in_flight(&key), 0);
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

    #[tokio::test(start_paused = true)]
    async fn waiters_are_served_in_arrival_order() {
        let limiter = Arc::new(limiter());
        let key = BucketKey::new("/r/{channel_id}", Some("1"));
        let (probe, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        let reset = Timestamp::now() + jiff::SignedDuration::from_millis(100);
        probe.finish(&response(&info(2, 0, reset)));
        let served = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for index in 0..8_u32 {
            let (limiter, key, served) = (Arc::clone(&limiter), key.clone(), Arc::clone(&served));
            tasks.push(tokio::spawn(async move {
                let (permit, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
                served.lock().unwrap().push(index);
                drop(permit);
            }));
            // Let it reach the queue before the next one starts.
            tokio::task::yield_now().await;
        }
        // A late comer does not jump the queue, even when there is room.
        tokio::time::sleep(Duration::from_millis(150)).await;
        let (late, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        served.lock().unwrap().push(99);
        drop(late);
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(*served.lock().unwrap(), [0, 1, 2, 3, 4, 5, 6, 7, 99]);
    }

    #[tokio::test(start_paused = true)]
    async fn the_global_queue_is_served_in_arrival_order() {
        let limiter = Arc::new(Limiter::new(
            &RateLimitConfig::default()
                .global_limit(Some(2))
                .global_window(Duration::from_millis(100)),
        ));
        let served = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for index in 0..10_u32 {
            let (limiter, served) = (Arc::clone(&limiter), Arc::clone(&served));
            tasks.push(tokio::spawn(async move {
                // Every call in a bucket of its own.
                let key = BucketKey::new("/r/{channel_id}", Some(&index.to_string()));
                let (permit, waited) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
                served.lock().unwrap().push((index, waited));
                permit.finish(&Outcome::Response(seen(None)));
            }));
            tokio::task::yield_now().await;
        }
        for task in tasks {
            task.await.unwrap();
        }
        let served = served.lock().unwrap();
        let order: Vec<u32> = served.iter().map(|(index, _)| *index).collect();
        assert_eq!(order, (0..10).collect::<Vec<_>>());
        // Two per 100 ms: the last waits four windows.
        assert_eq!(served[9].1, Duration::from_millis(400));
    }

    #[tokio::test(start_paused = true)]
    async fn stored_waits_are_cut_to_max_wait() {
        let limiter = Limiter::new(
            &RateLimitConfig::default()
                .global_limit(None)
                .max_wait(Duration::from_secs(2)),
        );
        let key = BucketKey::new("/a", None);
        let other = BucketKey::new("/b", None);
        for global in [false, true] {
            let (permit, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
            permit.finish(&Outcome::RateLimited {
                observed: seen(None),
                retry_after: Duration::from_secs(999_999),
                global,
            });
            let (permit, waited) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
            assert_eq!(waited, Duration::from_secs(2), "global: {global}");
            drop(permit);
            let (permit, _) = limiter.acquire(&other, within(BUDGET)).await.unwrap();
            drop(permit);
        }
        // A call that may wait less is refused at once, knowing how long.
        let (permit, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        permit.finish(&Outcome::RateLimited {
            observed: seen(None),
            retry_after: Duration::from_secs(999_999),
            global: false,
        });
        let refusal = limiter
            .acquire(&key, within(Duration::from_secs(1)))
            .await
            .unwrap_err();
        assert_eq!(refusal.needed, Some(Duration::from_secs(2)));
        assert_eq!(refusal.waited, Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_bare_429_leaves_the_bucket_unknown() {
        let limiter = limiter();
        let key = BucketKey::new("/a", None);
        let (permit, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        permit.finish(&Outcome::RateLimited {
            observed: seen(None),
            retry_after: Duration::from_millis(100),
            global: false,
        });
        let (probe, waited) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        assert_eq!(waited, Duration::from_millis(100));
        // Still one at a time until an answer tells the limit...
        assert!(
            limiter
                .acquire(&key, within(Duration::from_millis(5)))
                .await
                .is_err()
        );
        let reset = Timestamp::now() + jiff::SignedDuration::from_secs(10);
        probe.finish(&response(&info(5, 4, reset)));
        // ...and then what it says remains.
        let mut permits = Vec::new();
        for _ in 0..4 {
            let (permit, waited) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
            assert_eq!(waited, Duration::ZERO);
            permits.push(permit);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn forgetting_clears_what_was_learned() {
        let limiter = limiter();
        let key = BucketKey::new("/a", None);
        let (permit, _) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        let reset = Timestamp::now() + jiff::SignedDuration::from_secs(50);
        permit.finish(&response(&info(1, 0, reset)));
        assert!(
            limiter
                .acquire(&key, within(Duration::from_secs(1)))
                .await
                .is_err()
        );
        limiter.forget();
        let (permit, waited) = limiter.acquire(&key, within(BUDGET)).await.unwrap();
        assert_eq!(waited, Duration::ZERO);
        drop(permit);
    }

    #[test]
    fn the_server_clock_is_estimated_from_date_headers() {
        let wall = Timestamp::from_second(1_800_000_000).unwrap();
        let at = |seconds: f64| wall + jiff::SignedDuration::from_secs_f64(seconds);
        let mut skew = Skew::default();
        // No sample: the local clock.
        assert_eq!(skew.server_time(wall), wall);
        // Clocks in step: a Date within the round trip's second changes nothing.
        skew.sample(at(0.0), at(0.2), at(0.3));
        assert_eq!(skew.server_time(wall), wall);
        // A server 120.5 s ahead: its Date is 120 s ahead of the request
        // sent at 0.2 and answered at 0.3.
        let mut skew = Skew::default();
        skew.sample(at(120.0), at(0.2), at(0.3));
        let offset = skew.server_time(wall).as_nanosecond() - wall.as_nanosecond();
        assert!(
            (119_700_000_000..=120_500_000_000).contains(&offset),
            "{offset}"
        );
        // A second answer 0.6 s later, whose Date ticked to 121 s: the range
        // narrows to [120.4, 120.8] (server minus local).
        skew.sample(at(121.0), at(0.6), at(0.6));
        let offset = skew.server_time(wall).as_nanosecond() - wall.as_nanosecond();
        assert_eq!(offset, 120_400_000_000);
        // A sample that does not fit (the server's clock was stepped) starts anew.
        skew.sample(at(10.0), at(1.0), at(1.0));
        let offset = skew.server_time(wall).as_nanosecond() - wall.as_nanosecond();
        assert_eq!(offset, 9_000_000_000);
        // And with a skewed clock, a reset is read against the server's time.
        let limiter = limiter();
        let info = info(1, 0, at(130.0));
        let known = limiter.known(&info, skew.server_time(wall)).unwrap();
        assert!(known.cut, "120 s is more than max_wait");
        let mut skew = Skew::default();
        skew.sample(at(120.0), at(0.0), at(0.0));
        let known = limiter.known(&info, skew.server_time(wall)).unwrap();
        assert_eq!(known.wait, Duration::from_secs(10));
    }
}
