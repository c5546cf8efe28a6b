//! Rate limits, retries and cancellation against a real server on 127.0.0.1
//! that enforces fixed-window limits and sends Fluxer's headers.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fluxer_client::ids::{ChannelId, UserId};
use fluxer_client::models::{
    CreateChannelInviteRequest, CreateGroupDmRequest, CreatePrivateChannelRequest,
};
use fluxer_client::request::RequestSpec;
use fluxer_client::{Client, ErrorKind, RateLimitConfig, RetryConfig, WaitBound};
use serde_json::Value;
use support::{
    CHANNEL, FixedWindows, GET_THING, INVITE, Reply, TestServer, get_thing, too_many_requests,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOKEN: &str = "ratelimit-test-token-5d1c";

fn client(server: &TestServer, rate_limits: RateLimitConfig) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .bot_token(TOKEN)
        .rate_limits(rate_limits)
        .retries(
            RetryConfig::default()
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_millis(50)),
        )
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

fn invite() -> CreateChannelInviteRequest {
    CreateChannelInviteRequest::default()
}

fn group_dm() -> CreatePrivateChannelRequest {
    CreateGroupDmRequest {
        recipients: vec![UserId::new(1), UserId::new(2)],
    }
    .into()
}

/// A server whose every path is a bucket of `limit` requests per `window`.
async fn limited_server(limit: u64, window: Duration) -> (TestServer, Arc<FixedWindows>) {
    let windows = Arc::new(FixedWindows::new(limit, window));
    let server = TestServer::start({
        let windows = Arc::clone(&windows);
        move |hit| {
            let decision = windows.check(&hit.path);
            if decision.allowed {
                decision.headers(Reply::json(200, INVITE))
            } else {
                decision.refusal(false)
            }
        }
    })
    .await;
    (server, windows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proactive_limiting_sends_nothing_over_the_limit() {
    let (server, windows) = limited_server(5, Duration::from_millis(100)).await;
    // No 429 retries: a single refused request fails the test.
    let client = client(&server, RateLimitConfig::default().max_retries(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..6_u64)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                for _ in 0..5 {
                    // Two channels, so two buckets filled by three tasks each.
                    let channel = ChannelId::new(100 + task % 2);
                    client.create_channel_invite(channel, &invite()).await?;
                }
                Ok::<_, fluxer_client::Error>(())
            })
        })
        .collect();
    for task in tasks {
        task.await
            .expect("no panic")
            .expect("every request succeeds");
    }
    assert_eq!(windows.refused(), 0, "requests beyond the server's limit");
    assert_eq!(windows.allowed(), 30);
    assert_eq!(server.count(), 30);
    // 15 requests per bucket at 5 per window: the client waited for two resets.
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn global_limit_keeps_all_routes_under_the_server_global_limit() {
    // The client allows 8 requests per 200 ms; the server refuses a 9th within
    // 100 ms of a window's first. The half window left over absorbs how much
    // later one request can arrive than the next on a loaded machine, so the
    // test proves the client's pacing, not the scheduler's.
    let global = Arc::new(FixedWindows::new(8, Duration::from_millis(100)));
    let server = TestServer::start({
        let global = Arc::clone(&global);
        move |_| {
            let decision = global.check("global");
            if decision.allowed {
                Reply::json(200, "{}")
            } else {
                decision.refusal(true)
            }
        }
    })
    .await;
    let client = client(
        &server,
        RateLimitConfig::default()
            .global_limit(Some(8))
            .global_window(Duration::from_millis(200))
            .max_retries(0),
    );
    let started = Instant::now();
    let tasks: Vec<_> = (0..4_u64)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                for index in 0..6 {
                    // Every request in a bucket of its own.
                    client.execute(get_thing(task * 100 + index)).await?;
                }
                Ok::<_, fluxer_client::Error>(())
            })
        })
        .collect();
    for task in tasks {
        task.await
            .expect("no panic")
            .expect("every request succeeds");
    }
    assert_eq!(global.refused(), 0, "requests beyond the global limit");
    assert_eq!(server.count(), 24);
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_proactive_limiting_429s_are_retried_until_all_succeed() {
    let (server, windows) = limited_server(5, Duration::from_millis(100)).await;
    let client = client(
        &server,
        RateLimitConfig::default()
            .proactive(false)
            .max_retries(100)
            .max_wait(Duration::from_secs(20)),
    );
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut retried = 0;
                for _ in 0..5 {
                    let response = client
                        .execute(fluxer_client::operations::create_channel_invite(
                            ChannelId::new(7),
                            &invite(),
                        )?)
                        .await?;
                    assert_eq!(response.status(), 200);
                    retried += response.attempts() - 1;
                }
                Ok::<_, fluxer_client::Error>(retried)
            })
        })
        .collect();
    let mut retried = 0;
    for task in tasks {
        retried += task
            .await
            .expect("no panic")
            .expect("every request succeeds");
    }
    assert_eq!(windows.allowed(), 20);
    assert!(windows.refused() > 0, "the server never refused anything");
    assert_eq!(u64::from(retried), windows.refused());
}

/// A server answering every request with `reply`, counting them.
async fn answering(reply: Reply) -> TestServer {
    TestServer::start(move |_| reply.clone()).await
}

#[tokio::test]
async fn a_post_answered_500_is_not_sent_again() {
    let server = answering(Reply::json(500, r#"{"code":"INTERNAL","message":"oops"}"#)).await;
    let client = client(&server, RateLimitConfig::default());
    let error = client
        .create_channel_invite(ChannelId::new(1), &invite())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.attempts(), 1);
    let error = client
        .create_private_channel(&group_dm())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.count(), 2, "a non-idempotent request was sent again");
}

#[tokio::test]
async fn a_post_whose_connection_drops_is_not_sent_again() {
    let server = answering(Reply::Close).await;
    let client = client(&server, RateLimitConfig::default());
    let error = client
        .create_private_channel(&group_dm())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::OutcomeUnknown {
                idempotent: false,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 1);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.count(), 1, "the group DM was created twice");
    let hit = &server.hits()[0];
    assert_eq!(
        (hit.method.as_str(), hit.path.as_str()),
        ("POST", "/users/@me/channels")
    );
}

#[tokio::test]
async fn an_idempotent_request_is_retried_after_500s_and_dropped_connections() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start({
        let calls = Arc::clone(&calls);
        move |_| match calls.fetch_add(1, Ordering::SeqCst) {
            0 => Reply::json(503, "{}").header("retry-after", "0"),
            1 => Reply::Close,
            _ => Reply::json(200, r#"{"ok":true}"#),
        }
    })
    .await;
    let client = client(&server, RateLimitConfig::default());
    let response = client.execute(get_thing(1)).await.unwrap();
    assert_eq!(response.attempts(), 3);
    assert_eq!(response.data(), &serde_json::json!({"ok": true}));
    assert_eq!(server.count(), 3);
    // Retries are bounded: an idempotent request that always fails is sent
    // 1 + max_retries times.
    let server = answering(Reply::json(500, "{}")).await;
    let client = self::client(&server, RateLimitConfig::default());
    let error = client.execute(get_thing(1)).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.attempts(), 3);
    assert_eq!(server.count(), 3);
    // And not at all when retries are off.
    let client = Client::builder()
        .base_url(&server.base_url)
        .bot_token(TOKEN)
        .retries(RetryConfig::disabled())
        .build()
        .unwrap();
    client.execute(get_thing(1)).await.unwrap_err();
    assert_eq!(server.count(), 4);
}

/// A server that answers the first request with `first` and the rest 200;
/// returns the gap between the first two requests.
async fn gap_after(first: Reply) -> (Duration, fluxer_client::Response<Value>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start({
        let calls = Arc::clone(&calls);
        move |_| {
            if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                first.clone()
            } else {
                Reply::json(200, "{}")
            }
        }
    })
    .await;
    let response = client(&server, RateLimitConfig::default())
        .execute(RequestSpec::<Value>::new(
            &GET_THING,
            "/channels/5/thing".to_owned(),
        ))
        .await
        .expect("the retry succeeds");
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    (hits[1].at - hits[0].at, response)
}

#[tokio::test]
async fn the_body_retry_after_is_honoured_to_the_millisecond() {
    // `Retry-After: 1` (rounded up) and the precise 0.25 s in the body.
    let (gap, response) = gap_after(too_many_requests(Duration::from_millis(250), false)).await;
    assert!(gap >= Duration::from_millis(250), "{gap:?}");
    // Well short of the header's whole second, even on a loaded machine.
    assert!(
        gap < Duration::from_millis(600),
        "{gap:?}: not the body's value"
    );
    assert_eq!(response.attempts(), 2);
    assert!(response.rate_limit_wait() >= Duration::from_millis(250));
}

#[tokio::test]
async fn the_retry_after_header_is_honoured_without_a_body() {
    let (gap, _) =
        gap_after(Reply::json(429, "<html>slow down</html>").header("retry-after", "1")).await;
    assert!(gap >= Duration::from_secs(1), "{gap:?}");
    assert!(gap < Duration::from_millis(1500), "{gap:?}");
}

#[tokio::test]
async fn a_global_429_pauses_every_route() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start({
        let calls = Arc::clone(&calls);
        move |_| {
            if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                too_many_requests(Duration::from_millis(300), true)
            } else {
                Reply::json(200, "{}")
            }
        }
    })
    .await;
    // No 429 retries, so that the 429 has certainly been read when the
    // first call returns.
    let client = client(&server, RateLimitConfig::default().max_retries(0));
    let error = client.execute(get_thing(1)).await.unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::RateLimited { global: true, .. }
    ));
    // Another bucket and the same one, concurrently: both wait for the pause.
    let (other, same) = tokio::join!(client.execute(get_thing(2)), client.execute(get_thing(1)));
    for response in [other.unwrap(), same.unwrap()] {
        assert_eq!(response.attempts(), 1);
        assert!(response.rate_limit_wait() > Duration::ZERO);
    }
    let hits = server.hits();
    assert_eq!(hits.len(), 3);
    let paused_at = hits[0].at;
    for hit in &hits[1..] {
        assert!(
            hit.at - paused_at >= Duration::from_millis(300),
            "{} sent during the global pause",
            hit.path
        );
    }
}

#[tokio::test]
async fn rate_limit_retries_are_bounded_by_count_and_wait() {
    let server = answering(
        too_many_requests(Duration::from_millis(20), false)
            .header("x-ratelimit-limit", "5")
            .header("x-ratelimit-remaining", "0"),
    )
    .await;
    let error = client(&server, RateLimitConfig::default().max_retries(2))
        .create_private_channel(&group_dm())
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 3);
    assert_eq!(server.count(), 3);
    let ErrorKind::RateLimited {
        retry_after,
        global,
        body,
        rate_limit,
        retry_after_header,
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert_eq!(*retry_after, Duration::from_millis(20));
    assert!(!global);
    assert_eq!(body.as_ref().unwrap().code, "RATE_LIMITED");
    assert_eq!(rate_limit.as_ref().unwrap().limit, Some(5));
    assert_eq!(*retry_after_header, Some(1));

    // A retry_after longer than max_wait is not waited for at all.
    let server = answering(too_many_requests(Duration::from_secs(5), false)).await;
    let started = Instant::now();
    let error = client(
        &server,
        RateLimitConfig::default().max_wait(Duration::from_secs(1)),
    )
    .execute(get_thing(1))
    .await
    .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "it waited");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(5)));
    assert_eq!(server.count(), 1);
}

/// A used-up bucket whose reset is further ahead than the call may wait
/// (here its deadline, shorter than the 30 s window cut to `max_wait`) is
/// not waited for at all, and the error says the client gave up.
#[tokio::test]
async fn a_proactive_wait_longer_than_the_call_may_wait_sends_nothing() {
    let (server, windows) = limited_server(1, Duration::from_secs(30)).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .bot_token(TOKEN)
        .rate_limits(RateLimitConfig::default().max_wait(Duration::from_secs(5)))
        .deadline(Duration::from_secs(1))
        .build()
        .unwrap();
    let response = client.execute(get_thing(9)).await.unwrap();
    assert_eq!(response.rate_limit().unwrap().remaining, Some(0));
    let error = client.execute(get_thing(9)).await.unwrap_err();
    assert_eq!(error.attempts(), 0, "nothing was sent");
    let ErrorKind::GaveUpWaiting {
        waited,
        needed,
        global,
        bound,
        rate_limit,
        ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert_eq!(*waited, Duration::ZERO, "it waited");
    assert!(needed.unwrap() > Duration::from_secs(3), "{needed:?}");
    assert!(!global);
    assert_eq!(*bound, WaitBound::Deadline(Duration::from_secs(1)));
    assert_eq!(rate_limit.as_ref().unwrap().remaining, Some(0));
    assert!(!error.is_rate_limited(), "the API refused nothing");
    let shown = error.to_string();
    assert!(
        shown.starts_with("not sent: the client gave up waiting for the route's rate limit after 0s, as it would have had to wait at least "),
        "{shown}"
    );
    assert!(
        shown.ends_with(" more, past the call's deadline of 1s"),
        "{shown}"
    );
    // Another channel is another bucket.
    client.execute(get_thing(10)).await.unwrap();
    assert_eq!(server.count(), 2);
    assert_eq!(windows.refused(), 0);
}

/// Reads one HTTP request (headers and a `content-length` body) from `stream`.
async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut chunk = [0_u8; 4096];
    loop {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&chunk[..read]);
        let text = String::from_utf8_lossy(&data).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return Some(text);
            }
        }
    }
}

#[tokio::test]
async fn dropping_a_request_closes_its_connection_and_frees_the_limiter() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let (received_tx, received_rx) = tokio::sync::oneshot::channel();
    let (closed_tx, closed_rx) = tokio::sync::oneshot::channel();
    let server = tokio::spawn(async move {
        // The first request is never answered; the server waits for the
        // client to hang up.
        let (mut stream, _) = listener.accept().await.unwrap();
        read_request(&mut stream).await.expect("a request");
        received_tx.send(()).unwrap();
        let mut rest = [0_u8; 64];
        let closed = matches!(stream.read(&mut rest).await, Ok(0) | Err(_));
        closed_tx.send(closed).unwrap();
        // The next one is.
        let (mut stream, _) = listener.accept().await.unwrap();
        read_request(&mut stream).await.expect("a request");
        stream
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
            )
            .await
            .unwrap();
        stream
    });
    let client = Client::builder()
        .base_url(&base_url)
        .bot_token(TOKEN)
        .build()
        .unwrap();
    let pending = tokio::spawn({
        let client = client.clone();
        async move {
            client
                .create_channel_invite(ChannelId::new(3), &invite())
                .await
        }
    });
    tokio::time::timeout(Duration::from_secs(5), received_rx)
        .await
        .expect("the request reached the server")
        .unwrap();
    pending.abort();
    assert!(pending.await.unwrap_err().is_cancelled());
    let closed = tokio::time::timeout(Duration::from_secs(5), closed_rx)
        .await
        .expect("the connection was closed")
        .unwrap();
    assert!(closed);
    // The bucket was still learning its limit when the request was dropped:
    // had the permit leaked, this would wait (up to max_wait) for an answer
    // that never comes.
    let next = tokio::time::timeout(
        Duration::from_secs(2),
        client.create_channel_invite(ChannelId::new(3), &invite()),
    )
    .await
    .expect("the limiter let the next request through");
    // `{}` is an answer, whether or not it decodes (the `Invite` union keeps a
    // body without a known `type` as `Invite::Unknown`).
    if let Err(error) = next {
        assert!(matches!(error.kind(), ErrorKind::Decode { .. }), "{error}");
    }
    drop(server.await.unwrap());
}

#[tokio::test]
async fn a_dropped_future_is_a_cancelled_request() {
    let server = TestServer::start(|_| Reply::json(200, CHANNEL)).await;
    let client = client(&server, RateLimitConfig::default());
    // Dropped while waiting for the global pause: nothing is sent.
    let blocked = TestServer::start(|_| too_many_requests(Duration::from_millis(500), true)).await;
    let paused = client_for_url(&blocked.base_url);
    paused.execute(get_thing(1)).await.unwrap_err();
    let waiting = tokio::time::timeout(Duration::from_millis(50), paused.execute(get_thing(2)));
    assert!(waiting.await.is_err());
    assert_eq!(blocked.count(), 1);
    // The client is unharmed.
    client.create_private_channel(&group_dm()).await.unwrap();
    assert_eq!(server.count(), 1);
}

fn client_for_url(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bot_token(TOKEN)
        .rate_limits(RateLimitConfig::default().max_retries(0))
        .build()
        .unwrap()
}
