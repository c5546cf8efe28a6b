//! The limiter's behaviour through `acquire` and `finish`, in tokio's paused
//! time: buckets learning their limits, 429s, the global limit and pause,
//! arrival order and cancellation.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use tokio::time::Instant;

use super::{Limiter, Observed, Outcome, RateLimitConfig, RateLimitInfo};
use crate::request::BucketKey;

/// The headers of a known window: `limit` requests, `remaining` left, the
/// reset at `reset`.
pub(super) fn info(limit: u64, remaining: u64, reset: Timestamp) -> RateLimitInfo {
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
