//! The proactive rate limiter that all clones of a [`Client`](crate::Client)
//! share: one bucket per route template and major parameter, plus a global
//! limit and the global pause after a global 429.
//!
//! Fluxer sends no bucket id, so a bucket is what the client can see: the
//! route template (`/channels/{channel_id}/invites`) and the value of its
//! major parameter. Each bucket learns `X-RateLimit-Limit`, `-Remaining` and
//! `-Reset` from responses and counts the requests it lets through itself, so
//! that concurrent tasks never send more than the server allows:
//!
//! - a bucket never seen lets one request through and holds the others until
//!   its response tells the limit (a response without rate-limit headers marks
//!   the bucket unlimited);
//! - a known bucket lets through as many requests as remain, each taking one;
//!   when none remain it waits for the reset, then refills to the limit minus
//!   the requests still in flight (which may land in the new window);
//! - a response lowers the count to what the server says remains, minus the
//!   requests still in flight, and never raises it within a window.
//!
//! The global limit is a sliding log that cannot be outrun by the network: a
//! request counts from when it is sent until `global_window` after its
//! response arrived (the latest it can have reached the server), so however
//! the server aligns its windows, no window sees more than `limit` requests.

#![deny(missing_docs)]

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::Notify;
use tokio::sync::futures::OwnedNotified;
use tokio::time::Instant;

use crate::ratelimit::{RateLimitConfig, RateLimitInfo};

/// The path parameters that split a route into several buckets, in order of
/// preference.
const MAJOR_PARAMETERS: [&str; 3] = ["channel_id", "guild_id", "webhook_id"];
/// Resets this close together are the same window (they may be computed from
/// `X-RateLimit-Reset-After` and the local clock).
const SAME_WINDOW: Duration = Duration::from_millis(10);
/// A reset further ahead than this is read as this (the wait is then refused
/// by the caller's budget anyway); keeps `Instant` arithmetic from overflowing.
const MAX_RESET_AHEAD: Duration = Duration::from_secs(24 * 60 * 60);
/// Above this many buckets, idle ones are forgotten.
const SWEEP_ABOVE: usize = 4096;

/// The value of the first major parameter (`channel_id`, `guild_id`,
/// `webhook_id`) in `path`, found by matching it segment by segment against
/// `template`; `None` when the route has none or the path does not fit the
/// template.
pub(crate) fn major_parameter<'a>(template: &str, path: &'a str) -> Option<&'a str> {
    let mut found = None;
    let mut templates = template.split('/');
    let mut segments = path.split('/');
    loop {
        match (templates.next(), segments.next()) {
            (Some(pattern), Some(segment)) => {
                if found.is_none()
                    && pattern
                        .strip_prefix('{')
                        .and_then(|name| name.strip_suffix('}'))
                        .is_some_and(|name| MAJOR_PARAMETERS.contains(&name))
                {
                    found = Some(segment);
                }
            }
            (None, None) => return found,
            _ => return None,
        }
    }
}

/// What a bucket is known by: the route template and its major parameter
/// (empty when the route has none).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct BucketKey {
    route: &'static str,
    major: Box<str>,
}

impl BucketKey {
    pub(crate) fn new(route: &'static str, major: Option<&str>) -> Self {
        Self {
            route,
            major: major.unwrap_or_default().into(),
        }
    }
}

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
    /// Requests sent and not yet answered.
    in_flight: u64,
    /// Woken whenever a request of this bucket finishes.
    notify: Arc<Notify>,
}

impl Bucket {
    fn new() -> Self {
        Self {
            mode: Mode::Unknown,
            remaining: 0,
            reset_at: None,
            window: None,
            in_flight: 0,
            notify: Arc::new(Notify::new()),
        }
    }

    /// Refills the bucket when its window has ended.
    fn refresh(&mut self, now: Instant) {
        if self.reset_at.is_some_and(|reset| reset <= now) {
            self.reset_at = None;
            if let Mode::Limited { limit } = self.mode {
                self.remaining = limit.saturating_sub(self.in_flight);
            }
        }
    }

    /// Learns from the rate-limit headers of a response (this request no
    /// longer counted in `in_flight`).
    fn observe(&mut self, info: Option<&RateLimitInfo>, now: Instant, wall: Timestamp) {
        let known = info.and_then(|info| {
            let reset = info.reset.or_else(|| {
                info.reset_after
                    .and_then(|after| jiff::SignedDuration::try_from(after).ok())
                    .and_then(|after| wall.checked_add(after).ok())
            })?;
            Some((info.limit, info.remaining?, reset))
        });
        let Some((limit, remaining, reset)) = known else {
            if self.mode == Mode::Unknown {
                self.mode = Mode::Unlimited;
            }
            return;
        };
        let limit = limit
            .or(match self.mode {
                Mode::Limited { limit } => Some(limit),
                _ => None,
            })
            .unwrap_or_else(|| remaining.saturating_add(1));
        // What the server has left once the requests still in flight land.
        let server_left = remaining.saturating_sub(self.in_flight);
        let was_limited = matches!(self.mode, Mode::Limited { .. });
        let local_left = if was_limited {
            self.remaining
        } else {
            u64::MAX
        };
        let tolerance = jiff::SignedDuration::try_from(SAME_WINDOW).unwrap_or_default();
        match self.window {
            Some(window) if reset < window.checked_sub(tolerance).unwrap_or(window) => {
                // A response from a window that has ended.
            }
            Some(window) if reset <= window.checked_add(tolerance).unwrap_or(window) => {
                if was_limited && self.reset_at.is_none() {
                    // The local window has ended and the bucket was refilled:
                    // this is a late response from the old one.
                    return;
                }
                self.mode = Mode::Limited { limit };
                self.remaining = local_left.min(server_left);
                if self.reset_at.is_none() {
                    self.reset_at = Some(instant_at(reset, now, wall));
                }
            }
            _ => {
                self.mode = Mode::Limited { limit };
                self.window = Some(reset);
                self.reset_at = Some(instant_at(reset, now, wall));
                self.remaining = local_left.min(server_left);
            }
        }
    }

    /// What the caller is told when the wait for this bucket is too long.
    fn info(&self, wait: Duration) -> RateLimitInfo {
        RateLimitInfo {
            limit: match self.mode {
                Mode::Limited { limit } => Some(limit),
                _ => None,
            },
            remaining: Some(self.remaining),
            reset: self.window,
            reset_after: Some(wait),
            bucket: None,
            global: Some(false),
        }
    }
}

/// The local instant of the wall-clock time `reset`.
fn instant_at(reset: Timestamp, now: Instant, wall: Timestamp) -> Instant {
    let ahead = reset.as_nanosecond().saturating_sub(wall.as_nanosecond());
    let ahead = if ahead <= 0 {
        Duration::ZERO
    } else {
        Duration::from_nanos(u64::try_from(ahead).unwrap_or(u64::MAX))
    };
    now.checked_add(ahead.min(MAX_RESET_AHEAD)).unwrap_or(now)
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
    buckets: BTreeMap<BucketKey, Bucket>,
}

/// The limiter of one client.
#[derive(Debug)]
pub(crate) struct Limiter {
    proactive: bool,
    global: Option<(usize, Duration)>,
    /// Woken whenever a request counted by the global limit finishes.
    global_notify: Arc<Notify>,
    state: Mutex<State>,
}

/// Why [`Limiter::acquire`] did not let a request through: the wait it would
/// need goes past the caller's budget.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// How long the request would have had to wait.
    pub(crate) wait: Duration,
    /// Whether the wait is for the global limit or pause.
    pub(crate) global: bool,
    /// The bucket's state, when the wait is for a bucket.
    pub(crate) info: Option<RateLimitInfo>,
}

/// How a request that held a [`Permit`] ended.
#[derive(Debug)]
pub(crate) enum Outcome<'a> {
    /// A response other than 429, with its rate-limit headers.
    Response(Option<&'a RateLimitInfo>),
    /// A 429.
    RateLimited {
        info: Option<&'a RateLimitInfo>,
        retry_after: Duration,
        global: bool,
    },
    /// No response (transport error, cancelled).
    Failed,
}

enum Step {
    Go,
    Sleep {
        until: Instant,
        global: bool,
        info: Option<RateLimitInfo>,
    },
    Wait(OwnedNotified),
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
            global_notify: Arc::new(Notify::new()),
            state: Mutex::new(State {
                paused_until: None,
                done: VecDeque::new(),
                global_in_flight: 0,
                buckets: BTreeMap::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock; if something did, the state
        // is still consistent enough to go on with.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until a request of bucket `key` may be sent, at most `budget`
    /// in total, and returns the permit to send it with and how long it
    /// waited. A wait for a bucket reset or the global limit that would go
    /// past `budget` is not started. Waiting for the first response of a new
    /// bucket is cut short at `budget`, and the request is then sent anyway.
    ///
    /// Dropping the future while it waits takes nothing; dropping the permit
    /// releases it.
    pub(crate) async fn acquire<'a>(
        &'a self,
        key: &'a BucketKey,
        budget: Duration,
    ) -> Result<(Permit<'a>, Duration), Refusal> {
        let started = Instant::now();
        let mut force = false;
        loop {
            match self.step(key, force) {
                Step::Go => {
                    let permit = Permit {
                        limiter: self,
                        key: self.proactive.then_some(key),
                        global: self.proactive && self.global.is_some(),
                    };
                    return Ok((permit, started.elapsed()));
                }
                Step::Sleep {
                    until,
                    global,
                    info,
                } => {
                    let now = Instant::now();
                    let wait = until.saturating_duration_since(now);
                    if now.saturating_duration_since(started).saturating_add(wait) > budget {
                        return Err(Refusal { wait, global, info });
                    }
                    tracing::debug!(
                        wait_ms = millis(wait),
                        global,
                        "waiting for the rate limit to reset"
                    );
                    tokio::time::sleep_until(until).await;
                }
                Step::Wait(notified) => {
                    let left = budget.saturating_sub(started.elapsed());
                    tracing::trace!("waiting for a request in flight to finish");
                    if tokio::time::timeout(left, notified).await.is_err() {
                        force = true;
                    }
                }
            }
        }
    }

    fn step(&self, key: &BucketKey, force: bool) -> Step {
        let mut guard = self.lock();
        let State {
            paused_until,
            done,
            global_in_flight,
            buckets,
        } = &mut *guard;
        let now = Instant::now();
        if let Some(until) = *paused_until {
            if until > now {
                return Step::Sleep {
                    until,
                    global: true,
                    info: None,
                };
            }
            *paused_until = None;
        }
        if !self.proactive {
            return Step::Go;
        }
        if let Some((limit, window)) = self.global {
            while done
                .front()
                .is_some_and(|first| now.saturating_duration_since(*first) >= window)
            {
                done.pop_front();
            }
            if done.len().saturating_add(*global_in_flight) >= limit {
                if let Some(first) = done.front() {
                    // A window too long for `Instant` is as good as endless:
                    // a wait the caller's budget refuses.
                    let endless = now.checked_add(MAX_RESET_AHEAD).unwrap_or(now);
                    return Step::Sleep {
                        until: first.checked_add(window).unwrap_or(endless),
                        global: true,
                        info: None,
                    };
                }
                if !force {
                    return Step::Wait(Arc::clone(&self.global_notify).notified_owned());
                }
            }
        }
        if buckets.len() >= SWEEP_ABOVE && !buckets.contains_key(key) {
            buckets.retain(|_, bucket| {
                bucket.in_flight > 0 || bucket.reset_at.is_some_and(|reset| reset > now)
            });
        }
        if !buckets.contains_key(key) {
            buckets.insert(key.clone(), Bucket::new());
        }
        let Some(bucket) = buckets.get_mut(key) else {
            return Step::Go;
        };
        bucket.refresh(now);
        let take = match bucket.mode {
            Mode::Unknown => bucket.in_flight == 0 || force,
            Mode::Unlimited => true,
            Mode::Limited { .. } => {
                if bucket.remaining > 0 {
                    bucket.remaining -= 1;
                    true
                } else if let Some(until) = bucket.reset_at {
                    let wait = until.saturating_duration_since(now);
                    return Step::Sleep {
                        until,
                        global: false,
                        info: Some(bucket.info(wait)),
                    };
                } else {
                    bucket.in_flight == 0 || force
                }
            }
        };
        if !take {
            return Step::Wait(Arc::clone(&bucket.notify).notified_owned());
        }
        bucket.in_flight = bucket.in_flight.saturating_add(1);
        if self.global.is_some() {
            *global_in_flight = global_in_flight.saturating_add(1);
        }
        Step::Go
    }

    /// Pauses every request until `wait` from now (a global 429).
    pub(crate) fn pause_all(&self, wait: Duration) {
        let now = Instant::now();
        let until = now.checked_add(wait.min(MAX_RESET_AHEAD)).unwrap_or(now);
        let mut state = self.lock();
        if state.paused_until.is_none_or(|paused| paused < until) {
            state.paused_until = Some(until);
        }
    }

    fn release(&self, key: Option<&BucketKey>, global: bool, outcome: &Outcome<'_>) {
        let now = Instant::now();
        let wall = Timestamp::now();
        let mut state = self.lock();
        if global {
            state.global_in_flight = state.global_in_flight.saturating_sub(1);
            state.done.push_back(now);
            self.global_notify.notify_waiters();
        }
        let Some(bucket) = key.and_then(|key| state.buckets.get_mut(key)) else {
            return;
        };
        bucket.in_flight = bucket.in_flight.saturating_sub(1);
        match *outcome {
            Outcome::Response(info) => bucket.observe(info, now, wall),
            Outcome::RateLimited {
                info,
                retry_after,
                global,
            } => {
                bucket.observe(info, now, wall);
                if !global {
                    // The server refused: nothing more until `retry_after`.
                    if bucket.mode == Mode::Unknown || bucket.mode == Mode::Unlimited {
                        let limit = info.and_then(|info| info.limit).unwrap_or(1);
                        bucket.mode = Mode::Limited { limit };
                    }
                    bucket.remaining = 0;
                    let until = now
                        .checked_add(retry_after.min(MAX_RESET_AHEAD))
                        .unwrap_or(now);
                    if bucket.reset_at.is_none_or(|reset| reset < until) {
                        bucket.reset_at = Some(until);
                    }
                }
            }
            Outcome::Failed => {}
        }
        bucket.notify.notify_waiters();
    }

    #[cfg(test)]
    fn in_flight(&self, key: &BucketKey) -> u64 {
        self.lock()
            .buckets
            .get(key)
            .map_or(0, |bucket| bucket.in_flight)
    }
}

/// Whole milliseconds, for logs.
pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The right to send one request; dropping it without
/// [`finish`](Permit::finish) (a cancelled request) frees it.
#[derive(Debug)]
pub(crate) struct Permit<'a> {
    limiter: &'a Limiter,
    /// `None` when the limiter does not track buckets (or once released).
    key: Option<&'a BucketKey>,
    /// Whether the global limit counts this request (until released).
    global: bool,
}

impl Permit<'_> {
    /// Reports how the request ended and frees the permit.
    pub(crate) fn finish(mut self, outcome: &Outcome<'_>) {
        if let Outcome::RateLimited {
            retry_after,
            global: true,
            ..
        } = *outcome
        {
            self.limiter.pause_all(retry_after);
        }
        self.release(outcome);
    }

    fn release(&mut self, outcome: &Outcome<'_>) {
        let key = self.key.take();
        let global = std::mem::take(&mut self.global);
        if key.is_some() || global {
            self.limiter.release(key, global, outcome);
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.release(&Outcome::Failed);
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

    const BUDGET: Duration = Duration::from_secs(60);

    #[test]
    fn major_parameters() {
        let cases = [
            (
                "/channels/{channel_id}/invites",
                "/channels/123/invites",
                Some("123"),
            ),
            (
                "/guilds/{guild_id}/members/{user_id}",
                "/guilds/9/members/8",
                Some("9"),
            ),
            (
                "/webhooks/{webhook_id}/{token}",
                "/webhooks/5/secret",
                Some("5"),
            ),
            ("/users/@me/channels", "/users/@me/channels", None),
            ("/users/{user_id}", "/users/1", None),
            ("/channels/{channel_id}/invites", "/channels/123", None),
            ("/channels/{channel_id}", "/channels/1/extra", None),
            ("/a/{channel_id}/{guild_id}", "/a/x%2Fy/2", Some("x%2Fy")),
            ("", "", None),
            ("{channel_id}", "", Some("")),
        ];
        for (template, path, expected) in cases {
            assert_eq!(
                major_parameter(template, path),
                expected,
                "{template} {path}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn unknown_bucket_lets_one_through_then_learns() {
        let limiter = limiter();
        let key = BucketKey::new("/r/{channel_id}", Some("1"));
        let (first, waited) = limiter.acquire(&key, BUDGET).await.unwrap();
        assert_eq!(waited, Duration::ZERO);
        // A second request waits for the first response.
        let second = tokio::time::timeout(Duration::from_millis(5), limiter.acquire(&key, BUDGET));
        assert!(second.await.is_err());
        let reset = Timestamp::now() + jiff::SignedDuration::from_secs(1);
        first.finish(&Outcome::Response(Some(&info(3, 2, reset))));
        let (a, _) = limiter.acquire(&key, BUDGET).await.unwrap();
        let (b, _) = limiter.acquire(&key, BUDGET).await.unwrap();
        assert_eq!(limiter.in_flight(&key), 2);
        // Used up: the next one is refused when the budget is shorter than
        // the reset, and waits for the reset otherwise.
        let refusal = limiter
            .acquire(&key, Duration::from_millis(100))
            .await
            .unwrap_err();
        assert!(!refusal.global);
        assert!(refusal.wait > Duration::from_millis(900), "{refusal:?}");
        assert_eq!(refusal.info.as_ref().unwrap().remaining, Some(0));
        drop((a, b));
        let started = Instant::now();
        let (c, waited) = limiter.acquire(&key, BUDGET).await.unwrap();
        assert!(started.elapsed() >= Duration::from_millis(900));
        assert!(waited >= Duration::from_millis(900));
        c.finish(&Outcome::Failed);
        assert_eq!(limiter.in_flight(&key), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn in_flight_requests_count_against_the_server_remaining() {
        let limiter = limiter();
        let key = BucketKey::new("/r", None);
        let (probe, _) = limiter.acquire(&key, BUDGET).await.unwrap();
        let reset = Timestamp::now() + jiff::SignedDuration::from_secs(10);
        probe.finish(&Outcome::Response(Some(&info(5, 4, reset))));
        let mut permits = Vec::new();
        for _ in 0..4 {
            permits.push(limiter.acquire(&key, BUDGET).await.unwrap().0);
        }
        // Out of order: a late response saying 3 remain does not raise the count.
        permits
            .pop()
            .unwrap()
            .finish(&Outcome::Response(Some(&info(5, 3, reset))));
        assert!(
            limiter
                .acquire(&key, Duration::from_millis(1))
                .await
                .is_err()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn bucket_without_headers_is_unlimited() {
        let limiter = limiter();
        let key = BucketKey::new("/r", None);
        let (probe, _) = limiter.acquire(&key, BUDGET).await.unwrap();
        probe.finish(&Outcome::Response(None));
        let mut permits = Vec::new();
        for _ in 0..100 {
            permits.push(limiter.acquire(&key, BUDGET).await.unwrap().0);
        }
        assert_eq!(limiter.in_flight(&key), 100);
        drop(permits);
        assert_eq!(limiter.in_flight(&key), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_permit_releases_the_bucket() {
        let limiter = limiter();
        let key = BucketKey::new("/r", None);
        let (probe, _) = limiter.acquire(&key, BUDGET).await.unwrap();
        drop(probe);
        // Still unknown, but the next request may go.
        let (next, waited) = limiter.acquire(&key, BUDGET).await.unwrap();
        assert_eq!(waited, Duration::ZERO);
        drop(next);
    }

    #[tokio::test(start_paused = true)]
    async fn a_global_429_pauses_every_bucket() {
        let limiter = limiter();
        let key = BucketKey::new("/a", None);
        let other = BucketKey::new("/b", None);
        let (permit, _) = limiter.acquire(&key, BUDGET).await.unwrap();
        permit.finish(&Outcome::RateLimited {
            info: None,
            retry_after: Duration::from_millis(250),
            global: true,
        });
        let refusal = limiter
            .acquire(&other, Duration::from_millis(100))
            .await
            .unwrap_err();
        assert!(refusal.global);
        let started = Instant::now();
        let (permit, waited) = limiter.acquire(&other, BUDGET).await.unwrap();
        assert_eq!(started.elapsed(), Duration::from_millis(250));
        assert_eq!(waited, Duration::from_millis(250));
        drop(permit);
    }

    #[tokio::test(start_paused = true)]
    async fn a_bucket_429_holds_that_bucket_only() {
        let limiter = limiter();
        let key = BucketKey::new("/a/{channel_id}", Some("1"));
        let other = BucketKey::new("/a/{channel_id}", Some("2"));
        let (permit, _) = limiter.acquire(&key, BUDGET).await.unwrap();
        permit.finish(&Outcome::RateLimited {
            info: None,
            retry_after: Duration::from_millis(300),
            global: false,
        });
        let (permit, waited) = limiter.acquire(&other, BUDGET).await.unwrap();
        assert_eq!(waited, Duration::ZERO);
        drop(permit);
        let (permit, waited) = limiter.acquire(&key, BUDGET).await.unwrap();
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
            let (permit, _) = limiter.acquire(&key, BUDGET).await.unwrap();
            permit.finish(&Outcome::Response(None));
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
        let (first, _) = limiter.acquire(&keys[0], BUDGET).await.unwrap();
        let (second, _) = limiter.acquire(&keys[1], BUDGET).await.unwrap();
        // Both in flight: the third waits for an answer, then for the window.
        let third = limiter.acquire(&keys[2], BUDGET);
        tokio::pin!(third);
        assert!(
            tokio::time::timeout(Duration::from_millis(500), &mut third)
                .await
                .is_err()
        );
        let answered = Instant::now();
        first.finish(&Outcome::Response(None));
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
        let (permit, _) = endless.acquire(&key, Duration::MAX).await.unwrap();
        drop(permit);
        let refusal = endless
            .acquire(&key, Duration::from_secs(3600))
            .await
            .unwrap_err();
        assert!(refusal.global && refusal.wait >= Duration::from_secs(3600));
        // With no budget, a request behind a bucket's first request is sent
        // anyway rather than waiting.
        let limiter = limiter();
        let (first, _) = limiter.acquire(&key, Duration::ZERO).await.unwrap();
        let (second, waited) = limiter.acquire(&key, Duration::ZERO).await.unwrap();
        assert_eq!(waited, Duration::ZERO);
        assert_eq!(limiter.in_flight(&key), 2);
        drop((first, second));
    }

    #[tokio::test(start_paused = true)]
    async fn off_means_no_tracking() {
        let limiter = Limiter::new(&RateLimitConfig::default().proactive(false));
        let key = BucketKey::new("/r", None);
        let mut permits = Vec::new();
        for _ in 0..100 {
            permits.push(limiter.acquire(&key, BUDGET).await.unwrap().0);
        }
        assert_eq!(limiter.in_flight(&key), 0);
    }

    #[test]
    fn old_and_new_windows() {
        let now = Instant::now();
        let wall = Timestamp::now();
        let reset = wall + jiff::SignedDuration::from_secs(1);
        let later = wall + jiff::SignedDuration::from_secs(2);
        let mut bucket = Bucket::new();
        bucket.observe(Some(&info(10, 9, reset)), now, wall);
        assert_eq!(bucket.mode, Mode::Limited { limit: 10 });
        assert_eq!(bucket.remaining, 9);
        // An older window is ignored.
        bucket.observe(
            Some(&info(10, 0, wall - jiff::SignedDuration::from_secs(1))),
            now,
            wall,
        );
        assert_eq!(bucket.remaining, 9);
        // The same window only lowers the count.
        bucket.observe(Some(&info(10, 7, reset)), now, wall);
        assert_eq!(bucket.remaining, 7);
        bucket.remaining = 2;
        bucket.observe(Some(&info(10, 8, reset)), now, wall);
        assert_eq!(bucket.remaining, 2);
        // A new window replaces the reset.
        bucket.in_flight = 1;
        bucket.observe(Some(&info(10, 5, later)), now, wall);
        assert_eq!(bucket.window, Some(later));
        assert_eq!(bucket.remaining, 2);
        // Refilled after the reset, minus what is in flight.
        bucket.refresh(now + Duration::from_secs(3));
        assert_eq!(bucket.remaining, 9);
        assert_eq!(bucket.reset_at, None);
        // A late response of the ended window changes nothing.
        bucket.observe(Some(&info(10, 0, later)), now, wall);
        assert_eq!(bucket.remaining, 9);
        // Reset-after instead of reset; absurd resets are capped.
        let mut bucket = Bucket::new();
        let mut relative = info(4, 3, reset);
        relative.reset = None;
        relative.reset_after = Some(Duration::from_millis(500));
        bucket.observe(Some(&relative), now, wall);
        assert_eq!(bucket.reset_at, Some(now + Duration::from_millis(500)));
        let mut bucket = Bucket::new();
        bucket.observe(Some(&info(4, 3, Timestamp::MAX)), now, wall);
        assert_eq!(bucket.reset_at, Some(now + MAX_RESET_AHEAD));
        let mut bucket = Bucket::new();
        bucket.observe(Some(&info(4, 3, Timestamp::MIN)), now, wall);
        assert_eq!(bucket.reset_at, Some(now));
    }
}
