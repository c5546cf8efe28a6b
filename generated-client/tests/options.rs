//! Per-call options (issue 19): each overrides the client's setting for one
//! call only, against servers on 127.0.0.1; waits in paused time.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use fluxer_client::ids::ChannelId;
use fluxer_client::models::CreateChannelInviteRequest;
use fluxer_client::request::{CallOptions, Method, OperationInfo, RequestSpec};
use fluxer_client::{Client, ErrorKind, RetryConfig, WaitBound, operations};
use support::{INVITE, Reply, TestServer, get_thing, too_many_requests};
use tokio::net::TcpListener;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "options-test-token-5c1e";

/// A `POST` the schema does not call idempotent.
static CREATE_THING: OperationInfo =
    OperationInfo::new("createThing", Method::Post, "/channels/{channel_id}/things");

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bot_token(TOKEN)
        .retries(
            RetryConfig::default()
                .initial_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(20)),
        )
        .build()
        .expect("client builds")
}

/// The call's headers reach the server: the audit-log reason
/// (percent-encoded, being non-ASCII), the idempotency key and any other;
/// the plain call sends none of them.
#[tokio::test]
async fn headers_reach_the_server() -> Result<(), fluxer_client::Error> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(INVITE))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let request = CreateChannelInviteRequest::default();
    let options = CallOptions::new()
        .audit_log_reason("Spring event — 🌸")
        .idempotency_key("invite-42")
        .header("X-Trace", "t-1");
    client
        .execute(operations::create_channel_invite(ChannelId::new(1), &request)?.with(options))
        .await?;
    client
        .create_channel_invite(ChannelId::new(1), &request)
        .await?;
    let requests = server.received_requests().await.unwrap();
    let header = |index: usize, name: &str| {
        requests[index]
            .headers
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    assert_eq!(
        header(0, "x-audit-log-reason").as_deref(),
        Some("Spring event %E2%80%94 %F0%9F%8C%B8")
    );
    assert_eq!(header(0, "idempotency-key").as_deref(), Some("invite-42"));
    assert_eq!(header(0, "x-trace").as_deref(), Some("t-1"));
    assert_eq!(header(0, "authorization"), Some(format!("Bot {TOKEN}")));
    for name in ["x-audit-log-reason", "idempotency-key", "x-trace"] {
        assert_eq!(header(1, name), None);
    }
    Ok(())
}

/// A header that would inject another (CR/LF), or one the client writes
/// itself, fails the call before anything is sent.
#[tokio::test]
async fn bad_headers_are_refused_before_sending() {
    let server = TestServer::start(|_| Reply::json(200, "{}")).await;
    let client = client(&server.base_url);
    for options in [
        CallOptions::new().header("X-Reason", "ok\r\nX-Injected: 1"),
        CallOptions::new().audit_log_reason("é\nX-Injected: 1"),
        CallOptions::new().header("Bad Name", "v"),
        CallOptions::new().header("Authorization", "Bearer other"),
    ] {
        let error = client
            .execute(get_thing(1).with(options))
            .await
            .unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Encode { .. }), "{error}");
        assert!(!error.to_string().contains("Injected"), "{error}");
        let prepared = client.prepare(&get_thing(1).with(CallOptions::new().header("X", "a\rb")));
        assert!(prepared.is_err());
    }
    assert_eq!(server.count(), 0);
}

/// A listener on 127.0.0.1 that accepts connections and never answers.
async fn hung_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    base_url
}

/// A call's timeout bounds each of its attempts (the client's is 30 s),
/// in paused time.
#[tokio::test(start_paused = true)]
async fn the_call_timeout_is_honoured() {
    let client = client(&hung_server().await);
    let started = tokio::time::Instant::now();
    let error = client
        .execute(
            get_thing(1).with(
                CallOptions::new()
                    .timeout(Duration::from_secs(2))
                    .max_retries(0),
            ),
        )
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(3),
        "{took:?}: {error}"
    );
    assert!(error.to_string().contains("timed out after 2s"), "{error}");
}

/// A call's deadline bounds the whole call, retries included (the client's
/// is 90 s), in paused time.
#[tokio::test(start_paused = true)]
async fn the_call_deadline_is_honoured() {
    let client = client(&hung_server().await);
    let started = tokio::time::Instant::now();
    let error = client
        .execute(get_thing(1).with(CallOptions::new().deadline(Duration::from_secs(3))))
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(3) && took < Duration::from_secs(4),
        "{took:?}: {error}"
    );
    assert!(
        error
            .to_string()
            .contains("the call's deadline of 3s passed"),
        "{error}"
    );
    // A zero deadline is refused, not sent.
    let zero = client
        .execute(get_thing(1).with(CallOptions::new().deadline(Duration::ZERO)))
        .await
        .unwrap_err();
    assert!(matches!(zero.kind(), ErrorKind::Builder { .. }), "{zero}");
}

/// A server answering `503` once, then `200`.
async fn flaky() -> TestServer {
    let calls = Arc::new(AtomicUsize::new(0));
    TestServer::start(move |_| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::json(503, "{}")
        } else {
            Reply::json(200, "{}")
        }
    })
    .await
}

/// Retries: off for one call, on for a `POST` declared idempotent for one
/// call (the client retries idempotent operations after a 503).
#[tokio::test]
async fn retries_per_call() {
    // By default the idempotent GET is retried after the 503.
    let server = flaky().await;
    let response = client(&server.base_url)
        .execute(get_thing(1))
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    // Retries off: the 503 is the answer.
    let server = flaky().await;
    let error = client(&server.base_url)
        .execute(get_thing(1).with(CallOptions::new().max_retries(0)))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503), "{error}");
    assert_eq!(server.count(), 1);
    // A POST is not retried, unless the call says it is idempotent.
    let post = || RequestSpec::<serde_json::Value>::new(&CREATE_THING, "/channels/1/things");
    let server = flaky().await;
    let error = client(&server.base_url).execute(post()).await.unwrap_err();
    assert_eq!(error.status(), Some(503), "{error}");
    assert_eq!(server.count(), 1);
    let server = flaky().await;
    let response = client(&server.base_url)
        .execute(post().with(CallOptions::new().idempotent(true).idempotency_key("k")))
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(server.count(), 2);
    // A 429 is not retried either with `max_retries(0)`.
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start(move |_| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            too_many_requests(Duration::from_millis(10), false)
        } else {
            Reply::json(200, "{}")
        }
    })
    .await;
    let error = client(&server.base_url)
        .execute(get_thing(1).with(CallOptions::new().max_retries(0)))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { .. }),
        "{error}"
    );
    assert_eq!(server.count(), 1);
}

/// Failing fast on a rate limit: a used-up bucket fails the call at once
/// without sending it, and a 429 is returned rather than waited out, while
/// other calls still wait (in paused time).
#[tokio::test(start_paused = true)]
async fn fail_fast_on_a_rate_limit() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start({
        let calls = Arc::clone(&calls);
        move |_| {
            let reply = Reply::json(200, "{}")
                .header("x-ratelimit-limit", "1")
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset-after", "10");
            match calls.fetch_add(1, Ordering::SeqCst) {
                0 | 1 => reply,
                _ => too_many_requests(Duration::from_secs(5), false),
            }
        }
    })
    .await;
    let client = client(&server.base_url);
    client.execute(get_thing(1)).await.unwrap();
    let fast = || CallOptions::new().fail_fast_on_rate_limit();
    let started = tokio::time::Instant::now();
    let error = client.execute(get_thing(1).with(fast())).await.unwrap_err();
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert!(
        matches!(
            error.kind(),
            ErrorKind::GaveUpWaiting {
                waited: Duration::ZERO,
                bound: WaitBound::MaxWait(Duration::ZERO),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.count(), 1);
    // Without the option the call waits for the reset, and is sent.
    client.execute(get_thing(1)).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(9));
    assert_eq!(server.count(), 2);
    // A 429 on another bucket: returned at once with its wait.
    let error = client.execute(get_thing(2).with(fast())).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { retry_after, .. } if *retry_after == Duration::from_secs(5)),
        "{error:?}"
    );
    assert_eq!(server.count(), 3);
}
