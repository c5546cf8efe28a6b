//! Everything logged while the client works, captured at TRACE level from
//! every crate (and `log` records too): spans carry what the issue asks for,
//! and the token never appears.

mod support;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fluxer_client::ids::ChannelId;
use fluxer_client::request::{
    ApiKeyLocation, Method, OperationInfo, RequestSpec, SchemeKind, SecurityScheme,
};
use fluxer_client::{Client, Credentials, RateLimitConfig, RetryConfig};
use serde_json::Value;
use support::{FixedWindows, INVITE, Reply, TestServer, too_many_requests};
use tracing_subscriber::fmt::format::FmtSpan;

/// Distinctive, so that finding any part of it is unambiguous.
const TOKEN: &str = "TRACE.c2VjcmV0LXRva2Vu.never-log-me";
const TOKEN_PARTS: [&str; 3] = ["c2VjcmV0LXRva2Vu", "never-log-me", "TRACE.c2Vj"];

/// A scheme of each kind that puts a secret somewhere else than `Authorization`.
static IN_QUERY: SecurityScheme = SecurityScheme {
    key: "inQuery",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Query,
        name: "key",
        prefix: "",
    },
};
static IN_COOKIE: SecurityScheme = SecurityScheme {
    key: "inCookie",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Cookie,
        name: "key",
        prefix: "",
    },
};
static IN_HEADER: SecurityScheme = SecurityScheme {
    key: "inHeader",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Header,
        name: "X-Key",
        prefix: "",
    },
};
static BASIC: SecurityScheme = SecurityScheme {
    key: "basic",
    kind: SchemeKind::Http { scheme: "basic" },
};

static GET_THING: OperationInfo =
    OperationInfo::new("getThing", Method::Get, "/channels/{channel_id}/thing");

#[derive(Clone)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_logged_contains_the_token() {
    let captured = Captured(Arc::new(Mutex::new(Vec::new())));
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_writer({
            let captured = captured.clone();
            move || captured.clone()
        })
        .try_init()
        .expect("the only subscriber of this test binary");

    // 429 (retried), 503 (retried), then the limit of the bucket is learned.
    let windows = Arc::new(FixedWindows::new(100, Duration::from_secs(10)));
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start({
        let calls = Arc::clone(&calls);
        move |hit| {
            assert_eq!(hit.authorization.as_deref(), Some(&*format!("Bot {TOKEN}")));
            match calls.fetch_add(1, Ordering::SeqCst) {
                0 => too_many_requests(Duration::from_millis(20), false),
                1 => Reply::json(503, "{}"),
                2 => windows.check(&hit.path).headers(Reply::json(200, INVITE)),
                _ => Reply::json(500, r#"{"code":"INTERNAL","message":"boom"}"#),
            }
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .credentials(Credentials::bot(TOKEN))
        .retries(RetryConfig::default().initial_backoff(Duration::from_millis(5)))
        .build()
        .unwrap();
    let spec = RequestSpec::<Value>::new(&GET_THING, "/channels/42/thing".to_owned());
    let response = client.execute(spec.clone()).await.unwrap();
    assert_eq!(response.attempts(), 3);
    tracing::info!(?response, "a bot logs the response");

    // Errors of every kind, logged the way a bot would.
    let api = client
        .create_channel_invite(ChannelId::new(42), &Default::default())
        .await
        .unwrap_err();
    let refused = Client::builder()
        .base_url("http://127.0.0.1:9")
        .bot_token(TOKEN)
        .rate_limits(RateLimitConfig::default().max_retries(0))
        .retries(RetryConfig::disabled())
        .build()
        .unwrap()
        .execute(spec)
        .await
        .unwrap_err();
    let builder = Client::builder()
        .bot_token(format!("{TOKEN}\n"))
        .build()
        .unwrap_err();
    // Every other kind of secret (a hand-built operation sends them all).
    let every_kind = Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials(
            Credentials::token(&IN_QUERY, TOKEN)
                .and(Credentials::token(&IN_COOKIE, TOKEN))
                .and(Credentials::token(&IN_HEADER, TOKEN))
                .and(Credentials::basic(&BASIC, "user", TOKEN))
                .and(Credentials::bearer(TOKEN))
                .and(Credentials::session(TOKEN)),
        )
        .rate_limits(RateLimitConfig::default().max_retries(0))
        .retries(RetryConfig::disabled())
        .build()
        .unwrap();
    let thing = RequestSpec::<Value>::new(&GET_THING, "/channels/42/thing".to_owned());
    let prepared = every_kind.prepare(&thing).unwrap();
    tracing::debug!(
        ?prepared,
        ?every_kind,
        "a bot logs the prepared request and client"
    );
    let every_kind = every_kind.execute(thing).await.unwrap_err();
    for error in [&api, &refused, &builder, &every_kind] {
        tracing::error!(%error, ?error, "a bot logs the error");
    }
    tracing::debug!(?client, "a bot logs the client");

    let output = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    if std::env::var_os("SHOW_TRACE").is_some() {
        println!("{output}");
    }
    for part in std::iter::once(TOKEN).chain(TOKEN_PARTS) {
        assert!(!output.contains(part), "`{part}` was logged:\n{output}");
    }
    // Each span records each of its fields once: a call's span its
    // outcome, each attempt's span its own number and status.
    for line in output.lines() {
        let mut rest = line;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let fields = &rest[open + 1..open + close];
            let mut names: Vec<&str> = fields
                .split(' ')
                .filter_map(|field| field.split_once('=').map(|(name, _)| name))
                .collect();
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(
                names.len(),
                count,
                "a field recorded twice in {{{fields}}}:\n{line}"
            );
            rest = &rest[open + close..];
        }
    }
    assert!(
        output.contains("fluxer_attempt{attempt=1 status=429}"),
        "{output}"
    );
    assert!(
        output.contains("fluxer_attempt{attempt=2 status=503}"),
        "{output}"
    );
    // The spans carry the method, route, major parameter, attempt, status
    // and rate-limit wait.
    for expected in [
        "fluxer_request",
        "method=\"GET\"",
        "route=\"/channels/{channel_id}/thing\"",
        "major=\"42\"",
        "attempt=3",
        "attempts=3",
        "status=200",
        "status=429",
        "rate_limit_wait_ms=",
        "retrying",
        "method=\"POST\"",
        "status=500",
    ] {
        assert!(output.contains(expected), "no `{expected}` in:\n{output}");
    }
}
