//! The [`Limiter`] that all clones of a [`Client`](crate::Client) share: a
//! call takes a [`Permit`] before each attempt ([`Limiter::acquire`], which
//! waits in arrival order, first for the call's bucket and then for the
//! global limit and pause) and reports how the attempt ended when it gives
//! the permit back ([`Permit::finish`]), so that the buckets, the global
//! limit and the estimate of the server's clock learn from every answer.
//! See the [module documentation](super) for the rules.

#![deny(missing_docs)]

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::bucket::{Bucket, Known};
use super::config::RateLimitConfig;
use super::headers::RateLimitInfo;
use super::later;
use super::queue::{Admission, Waiter, leave, wake_first};
use super::skew::Skew;
use crate::request::BucketKey;

/// Above this many buckets, idle ones are forgotten.
const SWEEP_ABOVE: usize = 4096;

/// What the limiter knows and which calls wait, behind its lock.
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

/// What [`Limiter::acquire`] holds while it waits; dropping it (a refusal,
/// a cancelled call) leaves the queues and gives back what it took.
struct Hold<'a> {
    limiter: &'a Limiter,
    key: &'a BucketKey,
    bucket: Admission,
    global: Admission,
}

impl Drop for Hold<'_> {
    fn drop(&mut self) {
        let bucket = std::mem::replace(&mut self.bucket, Admission::Outside);
        let global = std::mem::replace(&mut self.global, Admission::Outside);
        if matches!((&bucket, &global), (Admission::Outside, Admission::Outside)) {
            return;
        }
        let mut state = self.limiter.lock();
        if let Some(entry) = state.buckets.get_mut(self.key) {
            match bucket {
                Admission::Queued(id, _) => leave(&mut entry.queue, id),
                Admission::Holding => {
                    entry.untake();
                    wake_first(&entry.queue);
                }
                Admission::Outside => {}
            }
        }
        match global {
            Admission::Queued(id, _) => leave(&mut state.global_queue, id),
            Admission::Holding => {
                state.global_in_flight = state.global_in_flight.saturating_sub(1);
                wake_first(&state.global_queue);
            }
            Admission::Outside => {}
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
            bucket: Admission::Outside,
            global: Admission::Outside,
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
                        key: matches!(hold.bucket, Admission::Holding).then_some(key),
                        global: matches!(hold.global, Admission::Holding),
                    };
                    hold.bucket = Admission::Outside;
                    hold.global = Admission::Outside;
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
            && !matches!(hold.bucket, Admission::Holding)
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
        if matches!(hold.bucket, Admission::Outside) {
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
                hold.bucket = Admission::Holding;
                return None;
            }
            let (id, notify) = state.waiter();
            if let Some(bucket) = state.buckets.get_mut(key) {
                bucket.queue.push_back(Waiter {
                    id,
                    notify: Arc::clone(&notify),
                });
            }
            hold.bucket = Admission::Queued(id, notify);
        }
        let Admission::Queued(id, notify) = &hold.bucket else {
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
            hold.bucket = Admission::Holding;
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
        admission: &mut Admission,
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
        let take = |state: &mut State, admission: &mut Admission| {
            if counted.is_some() {
                state.global_in_flight = state.global_in_flight.saturating_add(1);
                *admission = Admission::Holding;
            } else {
                *admission = Admission::Outside;
            }
            Step::Go
        };
        if matches!(admission, Admission::Outside) {
            if state.global_queue.is_empty() && has_room(state) {
                return take(state, admission);
            }
            let (id, notify) = state.waiter();
            state.global_queue.push_back(Waiter {
                id,
                notify: Arc::clone(&notify),
            });
            *admission = Admission::Queued(id, notify);
        }
        let Admission::Queued(id, notify) = &*admission else {
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
            let step = take(state, admission);
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
            bucket.forget();
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
            known = observed
                .info
                .and_then(|info| Known::read(info, server_now, self.max_wait));
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
                let block = (!global).then(|| retry_after.min(self.max_wait));
                bucket.observe_429(known, block, now);
            }
            Outcome::Failed => {}
        }
        wake_first(&bucket.queue);
    }

    /// How many requests of bucket `key` hold a place.
    #[cfg(test)]
    pub(super) fn in_flight(&self, key: &BucketKey) -> u64 {
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
