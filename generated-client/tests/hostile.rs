//! The client under hostile conditions (issue 11), against real servers on
//! 127.0.0.1: absurd and skewed rate-limit headers, odd error bodies,
//! fairness between waiting calls. Waits are short by construction (small
//! windows, small `max_wait`); assertions are about what was sent and what
//! came back, and only ever put lower bounds on elapsed time.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fluxer_client::request::RequestSpec;
use fluxer_client::{Client, ErrorKind, RateLimitConfig, RetryConfig, WaitBound};
use support::{
    FixedWindows, GET_THING, Reply, TestServer, get_thing, rate_limit_body, unix_seconds,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const TOKEN: &str = "hostile-test-token-81b2";

fn client(server: &TestServer, rate_limits: RateLimitConfig) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .bot_token(TOKEN)
        .rate_limits(rate_limits)
        .retries(
            RetryConfig::default()
                .initial_backoff(Duration::from_millis(40))
                .max_backoff(Duration::from_millis(200)),
        )
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

/// An HTTP date (`Date`, `Retry-After`) for `time`.
fn http_date(time: SystemTime) -> String {
    let seconds = time.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let timestamp = fluxer_client::Timestamp::from_second(i64::try_from(seconds).unwrap()).unwrap();
    jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&timestamp)
        .unwrap()
}

/// Calls that wait for a used-up bucket reach the server in the order they
/// were made: none is overtaken by more than the calls of two windows
/// (those of one window are sent together and may arrive in any order).
#[tokio::test]
async fn calls_waiting_for_a_bucket_are_served_in_arrival_order() {
    const TASKS: usize = 12;
    const CALLS_PER_TASK: usize = 4;
    const LIMIT: u64 = 3;
    let windows = Arc::new(FixedWindows::new(LIMIT, Duration::from_millis(100)));
    let server = TestServer::start({
        let windows = Arc::clone(&windows);
        move |hit| {
            let decision = windows.check(&hit.path);
            if decision.allowed {
                decision.headers(Reply::json(200, "{}"))
            } else {
                decision.refusal(false)
            }
        }
    })
    .await;
    // No 429 retries: a request over the limit fails its call.
    let client = client(&server, RateLimitConfig::default().max_retries(0));
    // The number of each call, in the order the calls reach the limiter: on
    // this single-threaded runtime nothing runs between taking the number
    // and the call's first step into the limiter.
    let arrivals = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = client.clone();
            let arrivals = Arc::clone(&arrivals);
            tokio::spawn(async move {
                for _ in 0..CALLS_PER_TASK {
                    let call = arrivals.fetch_add(1, Ordering::SeqCst);
                    client.execute(get_thing(5).query("call", call)).await?;
                }
                Ok::<_, fluxer_client::Error>(())
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("no panic").expect("every call succeeds");
    }
    assert_eq!(windows.refused(), 0);
    let order: Vec<usize> = server
        .hits()
        .iter()
        .map(|hit| hit.query.trim_start_matches("call=").parse().unwrap())
        .collect();
    assert_eq!(order.len(), TASKS * CALLS_PER_TASK);
    for (position, call) in order.iter().enumerate() {
        assert!(
            position.abs_diff(*call) < 2 * LIMIT as usize,
            "call {call} reached the server in position {position}: {order:?}"
        );
    }
}

/// A server that answers the first request with `first` and every later one
/// with 200 `{}`.
async fn first_then_ok(first: Reply) -> TestServer {
    let calls = Arc::new(AtomicUsize::new(0));
    TestServer::start(move |_| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            first.clone()
        } else {
            Reply::json(200, "{}")
        }
    })
    .await
}

/// An absurd wait from one 429 holds the bucket (or, when global, the
/// client) for `max_wait` at most: later calls wait, then ask the server
/// again, instead of being refused for a day.
#[tokio::test]
async fn absurd_waits_hold_the_client_for_max_wait_at_most() {
    let absurd = [
        Reply::json(429, "").header("retry-after", "999999"),
        Reply::json(429, "")
            .header("retry-after", "999999")
            .header("x-ratelimit-global", "true"),
        Reply::json(
            429,
            r#"{"code":"RATE_LIMITED","message":"slow","global":true,"retry_after":1e300}"#,
        ),
        Reply::json(200, "{}")
            .header("x-ratelimit-limit", "1")
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", "4102444800"),
    ];
    for first in absurd {
        let shown = format!("{first:?}");
        let server = first_then_ok(first).await;
        let client = client(
            &server,
            RateLimitConfig::default()
                .max_retries(0)
                .max_wait(Duration::from_millis(300)),
        );
        // The first call gets the absurd answer (a 429 is returned: no retries).
        let _ = client.execute(get_thing(1)).await;
        // The same bucket and another one: both are sent once the wait,
        // cut to max_wait, is over.
        for channel in [1, 2] {
            let response = client.execute(get_thing(channel)).await;
            assert!(
                response.is_ok(),
                "after {shown}: channel {channel}: {:?}",
                response.unwrap_err()
            );
        }
        assert_eq!(server.count(), 3, "{shown}");
    }
}

/// A server clock 120 s ahead: its `X-RateLimit-Reset` is read against its
/// `Date`, so a used-up bucket waits for the real reset, not two minutes.
#[tokio::test]
async fn a_skewed_server_clock_is_corrected_with_its_date_header() {
    const SKEW: Duration = Duration::from_secs(120);
    const WINDOW: Duration = Duration::from_millis(300);
    let first_at = Arc::new(Mutex::new(None::<Instant>));
    let server = TestServer::start({
        let first_at = Arc::clone(&first_at);
        move |hit| {
            let now = SystemTime::now() + SKEW;
            let mut first = first_at.lock().unwrap();
            let reply = match *first {
                None => {
                    *first = Some(hit.at);
                    Reply::json(200, "{}")
                        .header("x-ratelimit-limit", "1")
                        .header("x-ratelimit-remaining", "0")
                        .header("x-ratelimit-reset", unix_seconds(now + WINDOW))
                }
                // Sent before the window ended: refused.
                Some(at) if hit.at.duration_since(at) < WINDOW => {
                    Reply::json(429, rate_limit_body(WINDOW, false))
                }
                Some(_) => Reply::json(200, "{}"),
            };
            reply.header("date", http_date(now))
        }
    })
    .await;
    let client = client(
        &server,
        RateLimitConfig::default()
            .max_retries(0)
            .max_wait(Duration::from_secs(5)),
    );
    client.execute(get_thing(1)).await.unwrap();
    let second = client.execute(get_thing(1)).await;
    assert!(second.is_ok(), "{:?}", second.unwrap_err());
    assert_eq!(server.count(), 2);
}

/// A bucket whose first answer is a 429 without rate-limit headers learns
/// the limit from the next answer, and uses what it says remains.
#[tokio::test]
async fn a_bare_429_as_first_answer_does_not_hide_the_remaining_count() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start({
        let calls = Arc::clone(&calls);
        move |_| {
            let call = calls.fetch_add(1, Ordering::SeqCst);
            if call == 0 {
                return Reply::json(429, rate_limit_body(Duration::from_millis(50), false));
            }
            // Then a window of 5 that lasts 10 s: 4 left after the retry.
            let reset = SystemTime::now() + Duration::from_secs(10);
            Reply::json(200, "{}")
                .header("x-ratelimit-limit", "5")
                .header("x-ratelimit-remaining", (5 - call.min(5)).to_string())
                .header("x-ratelimit-reset", unix_seconds(reset))
        }
    })
    .await;
    let client = client(
        &server,
        RateLimitConfig::default().max_wait(Duration::from_secs(2)),
    );
    let first = client.execute(get_thing(3)).await.unwrap();
    assert_eq!(first.attempts(), 2);
    assert_eq!(first.rate_limit().unwrap().remaining, Some(4));
    for call in 0..4 {
        let response = client.execute(get_thing(3)).await;
        assert!(
            response.is_ok(),
            "call {call} of the 4 remaining: {:?}",
            response.unwrap_err()
        );
    }
    assert_eq!(server.count(), 6);
}

/// `X-RateLimit-Global: true` makes a 429 global even when the body says
/// `"global": false`.
#[tokio::test]
async fn a_global_header_is_not_overridden_by_the_body() {
    let server = first_then_ok(
        Reply::json(429, rate_limit_body(Duration::from_millis(100), false))
            .header("x-ratelimit-global", "true"),
    )
    .await;
    let client = client(&server, RateLimitConfig::default().max_retries(0));
    let error = client.execute(get_thing(1)).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { global: true, .. }),
        "{error:?}"
    );
}

/// `Retry-After` as an HTTP date is read against the response's `Date`.
#[tokio::test]
async fn retry_after_as_an_http_date() {
    let date = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let server = first_then_ok(
        Reply::json(429, "")
            .header("date", http_date(date))
            .header("retry-after", http_date(date + Duration::from_secs(7))),
    )
    .await;
    let client = client(&server, RateLimitConfig::default().max_retries(0));
    let error = client.execute(get_thing(1)).await.unwrap_err();
    assert_eq!(
        error.retry_after(),
        Some(Duration::from_secs(7)),
        "{error:?}"
    );
}

/// Repeated 429s with `retry_after: 0` back off between attempts instead of
/// hammering the server.
#[tokio::test]
async fn repeated_zero_retry_afters_back_off() {
    let server = TestServer::start(|_| {
        Reply::json(429, rate_limit_body(Duration::ZERO, false)).header("retry-after", "0")
    })
    .await;
    let client = client(&server, RateLimitConfig::default().max_retries(3));
    let error = client.execute(get_thing(1)).await.unwrap_err();
    assert_eq!(error.attempts(), 4);
    let hits = server.hits();
    assert_eq!(hits.len(), 4);
    // The first retry may follow at once; later ones wait at least half of
    // the initial backoff (40 ms), doubling.
    for (index, pair) in hits.windows(2).enumerate().skip(1) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(20),
            "retry {} followed after {gap:?}",
            index + 1
        );
    }
}

/// Accepts connections on 127.0.0.1 and answers each request (once read
/// whole) with `answer`, which writes to the stream; returns the base URL.
async fn raw_server<F, Fut>(answer: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let answer = Arc::clone(&answer);
            tokio::spawn(async move {
                if read_head(&mut stream).await {
                    answer(stream).await;
                }
            });
        }
    });
    base_url
}

/// Reads up to the end of a request's head (these tests send no body).
async fn read_head(stream: &mut TcpStream) -> bool {
    let mut data = Vec::new();
    let mut chunk = [0_u8; 4096];
    while !data.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(read) => data.extend_from_slice(&chunk[..read]),
        }
    }
    true
}

fn client_for(base_url: &str) -> fluxer_client::ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .bot_token(TOKEN)
        .retries(RetryConfig::disabled())
}

/// A 200 with an endless chunked body is cut off at `max_body_size`, with an
/// error naming the limit, and the client stops reading: the server's
/// writes fail long before it has written all it would.
#[tokio::test]
async fn an_endless_body_is_cut_off_at_the_limit() {
    const LIMIT: usize = 1024 * 1024;
    const WOULD_WRITE: usize = 256 * 1024 * 1024;
    let written = Arc::new(AtomicUsize::new(0));
    let finished = Arc::new(AtomicUsize::new(0));
    let base_url = raw_server({
        let (written, finished) = (Arc::clone(&written), Arc::clone(&finished));
        move |mut stream| {
            let (written, finished) = (Arc::clone(&written), Arc::clone(&finished));
            async move {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                            transfer-encoding: chunked\r\n\r\n";
                let chunk = format!("10000\r\n\"{}\r\n", "a".repeat(0xffff));
                let mut ok = stream.write_all(head.as_bytes()).await.is_ok();
                while ok && written.load(Ordering::SeqCst) < WOULD_WRITE {
                    ok = stream.write_all(chunk.as_bytes()).await.is_ok();
                    written.fetch_add(0x10000, Ordering::SeqCst);
                }
                if ok {
                    finished.fetch_add(1, Ordering::SeqCst);
                }
            }
        }
    })
    .await;
    let client = client_for(&base_url).max_body_size(LIMIT).build().unwrap();
    let error = client.execute(get_thing(1)).await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::BodyTooLarge {
                status: 200,
                limit: 1_048_576,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(200));
    assert_eq!(
        error.to_string(),
        "the Fluxer API's answer (HTTP 200) has a body larger than the limit of 1048576 bytes, \
         so the client stopped reading it"
    );
    // The connection is closed, so the server's writes soon fail.
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline && written.load(Ordering::SeqCst) < WOULD_WRITE {
        let before = written.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        if written.load(Ordering::SeqCst) == before {
            break;
        }
    }
    assert_eq!(
        finished.load(Ordering::SeqCst),
        0,
        "the whole body was read"
    );
    assert!(written.load(Ordering::SeqCst) < WOULD_WRITE / 4);
}

/// A declared `Content-Length` over the limit fails at once; an error
/// status with an endless body still returns the status, its body cut.
#[tokio::test]
async fn large_declared_bodies_and_endless_error_bodies() {
    let base_url = raw_server(|mut stream| async move {
        let _ = stream
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                  content-length: 10000000000\r\n\r\n[",
            )
            .await;
        // Never sends the rest.
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let error = client_for(&base_url)
        .build()
        .unwrap()
        .execute(get_thing(1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::BodyTooLarge {
                limit: 8_388_608,
                ..
            }
        ),
        "{error:?}"
    );
    let base_url = raw_server(|mut stream| async move {
        let head = "HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\n\r\n";
        let chunk = format!("1000\r\n{}\r\n", "x".repeat(0x1000));
        let mut ok = stream.write_all(head.as_bytes()).await.is_ok();
        let mut left = 100_000;
        while ok && left > 0 {
            ok = stream.write_all(chunk.as_bytes()).await.is_ok();
            left -= 1;
        }
    })
    .await;
    let error = client_for(&base_url)
        .build()
        .unwrap()
        .execute(get_thing(1))
        .await
        .unwrap_err();
    let ErrorKind::Api { status, raw, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 500);
    assert_eq!(raw.len(), 4096);
}

/// With a hung server, calls that wait for a bucket's first answer each end
/// by the deadline (here in paused time: the clock only moves to timers),
/// rather than one per timeout after the other.
#[tokio::test(start_paused = true)]
async fn the_deadline_bounds_every_call_behind_a_hung_server() {
    const DEADLINE: Duration = Duration::from_secs(3);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        // Accepts and keeps every connection, answering nothing.
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    let client = client_for(&base_url)
        .timeout(Duration::from_secs(2))
        .deadline(DEADLINE)
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let result = client.execute(get_thing(1)).await;
                (result, started.elapsed())
            })
        })
        .collect();
    let mut gave_up = 0;
    for call in calls {
        let (result, took) = call.await.unwrap();
        let error = result.unwrap_err();
        assert!(
            took <= DEADLINE + Duration::from_millis(5),
            "{took:?}: {error}"
        );
        if let ErrorKind::GaveUpWaiting { waited, needed, .. } = error.kind() {
            // Queued behind the first request, until the deadline.
            gave_up += 1;
            assert!(*waited >= DEADLINE - Duration::from_millis(5), "{error}");
            assert_eq!(*needed, None);
            assert!(
                error
                    .to_string()
                    .ends_with("when the call's deadline of 3s ran out"),
                "{error}"
            );
        }
        assert!(
            matches!(
                error.kind(),
                ErrorKind::Connect { .. }
                    | ErrorKind::OutcomeUnknown { .. }
                    | ErrorKind::GaveUpWaiting {
                        bound: WaitBound::Deadline(DEADLINE),
                        ..
                    }
            ),
            "{error:?}"
        );
    }
    assert!(gave_up >= 5, "{gave_up} calls gave up waiting");
}

/// A dropped connection after the request was read: the error says the
/// request was sent and may have been carried out, and for a POST that the
/// client did not send it again. A refused connection: not sent.
#[tokio::test]
async fn errors_tell_not_sent_from_outcome_unknown() {
    let base_url = raw_server(|stream| async move { drop(stream) }).await;
    let client = client_for(&base_url).build().unwrap();
    let group_dm = fluxer_client::models::CreateGroupDmRequest {
        recipients: vec![fluxer_client::ids::UserId::new(1)],
    };
    let error = client
        .create_private_channel(&group_dm.into())
        .await
        .unwrap_err();
    let ErrorKind::OutcomeUnknown {
        message,
        idempotent,
        ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert!(!idempotent);
    assert_eq!(
        message,
        "POST /users/@me/channels: the connection was closed before an answer arrived"
    );
    assert_eq!(
        error.to_string(),
        "no complete answer from the Fluxer API: POST /users/@me/channels: the connection was \
         closed before an answer arrived; the request was sent, so the API may have carried it \
         out (the operation is not idempotent, so the client did not send it again: check \
         whether it took effect before sending it again)"
    );
    assert_eq!(error.attempts(), 1);

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = client_for(&closed)
        .build()
        .unwrap()
        .execute(get_thing(1))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Connect { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "request not sent: GET /channels/{channel_id}/thing: could not connect (the connection \
         was refused)"
    );
}

/// No error's `Display` repeats its sources (as `anyhow`'s `{:#}` would
/// print every cause twice).
#[tokio::test]
async fn display_never_repeats_the_source() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let refused = client_for(&closed)
        .build()
        .unwrap()
        .execute(get_thing(1))
        .await
        .unwrap_err();
    let timed_out = client_for(
        &raw_server(|stream| async move {
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(stream);
        })
        .await,
    )
    .timeout(Duration::from_millis(100))
    .build()
    .unwrap()
    .execute(get_thing(1))
    .await
    .unwrap_err();
    let server = TestServer::start(|_| Reply::json(200, r#"{"id": 5"#)).await;
    let decode = client(&server, RateLimitConfig::default())
        .execute(RequestSpec::<u8>::new(&GET_THING, "/channels/1/thing"))
        .await
        .unwrap_err();
    let errors = [refused, timed_out, decode];
    let mut with_sources = 0;
    for error in &errors {
        let shown = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            with_sources += 1;
            let cause_shown = cause.to_string();
            assert!(
                !shown.contains(&cause_shown),
                "{shown:?} repeats its source {cause_shown:?}"
            );
            source = cause.source();
        }
        assert!(!shown.contains(": :") && !shown.contains("; ;") && !shown.ends_with(": "));
    }
    assert!(with_sources >= 2, "{errors:?}");
}

/// Error bodies are read member by member: an odd member keeps the others.
#[tokio::test]
async fn odd_error_bodies_keep_their_code_and_message() {
    let cases = [
        (
            r#"{"code":"INVALID_FORM_BODY","message":"Invalid Form Body","errors":{"recipients":{"2":{"_errors":[{"code":"SNOWFLAKE","message":"Not a snowflake"}]}}}}"#,
            "Fluxer API error 400 INVALID_FORM_BODY: Invalid Form Body; recipients[2]: Not a snowflake",
        ),
        (
            r#"{"code":"INVALID_FORM_BODY","message":"Input Form Body.","errors":[{"path":["recipients",2],"message":"Too many."}]}"#,
            "Fluxer API error 400 INVALID_FORM_BODY: Input Form Body; recipients[2]: Too many",
        ),
        (
            r#"{"code":50035,"message":1234,"max_recipients":9}"#,
            "Fluxer API error 400 50035: 1234",
        ),
        (r#"{"code":"BAD","message":""}"#, "Fluxer API error 400 BAD"),
        (
            r#"{"code":"","message":"","errors":[{"path":"","message":"bad"},{"path":"x","message":""}]}"#,
            "Fluxer API error 400 Bad Request; bad; x",
        ),
    ];
    for (body, shown) in cases {
        let server = TestServer::start(move |_| Reply::json(400, body)).await;
        let error = client(&server, RateLimitConfig::default())
            .execute(get_thing(1))
            .await
            .unwrap_err();
        let ErrorKind::Api { body: parsed, .. } = error.kind() else {
            panic!("{error:?}")
        };
        assert!(parsed.is_some(), "{body} was not read");
        assert_eq!(error.to_string(), shown, "{body}");
    }
    let server = TestServer::start(|_| {
        Reply::json(400, r#"{"code":50035,"message":1234,"max_recipients":9}"#)
    })
    .await;
    let error = client(&server, RateLimitConfig::default())
        .execute(get_thing(1))
        .await
        .unwrap_err();
    let ErrorKind::Api {
        body: Some(body), ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        (body.code.as_str(), body.message.as_str()),
        ("50035", "1234")
    );
    assert_eq!(body.extra["max_recipients"], 9);
}

/// A call whose bucket cannot let it through before its deadline gives up
/// at once, saying so; nothing is sent for it. Forgetting what the client
/// learned lets the next call through.
#[tokio::test]
async fn a_call_that_cannot_go_before_its_deadline_gives_up_at_once() {
    let (server, _) = {
        let windows = Arc::new(FixedWindows::new(1, Duration::from_secs(30)));
        let server = TestServer::start({
            let windows = Arc::clone(&windows);
            move |hit| windows.check(&hit.path).headers(Reply::json(200, "{}"))
        })
        .await;
        (server, windows)
    };
    // max_wait is long, the deadline short: the 30 s reset is cut to
    // max_wait (5 s), still past the deadline.
    let client = client_for(&server.base_url)
        .rate_limits(RateLimitConfig::default().max_wait(Duration::from_secs(5)))
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    client.execute(get_thing(1)).await.unwrap();
    let error = client.execute(get_thing(1)).await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::GaveUpWaiting {
                waited: Duration::ZERO,
                bound: WaitBound::Deadline(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(!error.to_string().contains("rate limited by the Fluxer API"));
    assert_eq!(server.count(), 1);
    // The client forgets the used-up window and sends the next request
    // (which this server answers without room left).
    client.forget_rate_limits();
    let after = client.execute(get_thing(1)).await;
    assert_eq!(server.count(), 2, "{after:?}");
}

/// The README's section on rate limits shows how to get the `Response` of a
/// typed call (its example is compiled as a doctest).
#[test]
fn the_readme_shows_how_to_get_the_response_metadata() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("## Rate limits and retries")
        .expect("the section exists");
    let section = &readme[start..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    for expected in [
        "client\n    .execute(operations::create_channel_invite(",
        ".attempts()",
        ".rate_limit_wait()",
        ".rate_limit()",
        ".into_data()",
        "forget_rate_limits",
        "deadline",
        "max_body_size",
    ] {
        assert!(section.contains(expected), "the section lacks {expected:?}");
    }
}

/// The default settings agree: a call held by a rate limit for the longest
/// it may wait (`max_wait`, 60 s, to which an absurd reset is cut) still has
/// time left before its deadline (90 s) and is sent (in paused time: the
/// clock only moves to timers).
#[tokio::test(start_paused = true)]
async fn with_the_defaults_a_call_that_waits_max_wait_is_still_sent() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start({
        let calls = Arc::clone(&calls);
        move |_| {
            let reply = Reply::json(200, "{}")
                .header("x-ratelimit-limit", "1")
                .header("x-ratelimit-remaining", "0");
            if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                // A reset a day away: the client holds the bucket for max_wait.
                reply.header("x-ratelimit-reset-after", "86400")
            } else {
                reply.header("x-ratelimit-reset-after", "1")
            }
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .bot_token(TOKEN)
        .build()
        .unwrap();
    client.execute(get_thing(1)).await.unwrap();
    let started = tokio::time::Instant::now();
    let response = client.execute(get_thing(1)).await.unwrap();
    assert_eq!(server.count(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    assert!(
        response.rate_limit_wait() >= Duration::from_secs(59),
        "{:?}",
        response.rate_limit_wait()
    );
}
