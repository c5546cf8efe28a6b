//! The client's overhead per request: the same GET against a loopback server,
//! once through `fluxer_client::Client` (rate limiter, retries, tracing span,
//! checked decoding) and once with bare `reqwest` (same headers, same JSON
//! decoding), with 1 and with 64 tasks sending at once.
//!
//! `cargo bench -p fluxer-client --bench overhead`. The time reported per
//! iteration is the time per request (wall clock divided by the requests
//! sent, so with 64 tasks it is the inverse of the throughput).
//!
//! The server runs on a thread of its own and the clients on a
//! single-threaded runtime, so that both clients see the same scheduling
//! (a multi-threaded runtime places connection tasks by chance, which moves
//! the latency far more than the client does).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use criterion::{BenchmarkId, Criterion, criterion_group};
use fluxer_client::request::{Method, OperationInfo, RequestSpec};
use fluxer_client::{Client, RateLimitConfig};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;

const TOKEN: &str = "bench-token";
const BODY: &str = r#"{"id":"1183436478421147648","name":"general","type":0,"position":3}"#;

static GET_CHANNEL: OperationInfo =
    OperationInfo::new("getChannel", Method::Get, "/channels/{channel_id}");

/// Starts [`serve`] on a thread of its own; returns its base URL.
fn start_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("non-blocking");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            serve(TcpListener::from_std(listener).expect("a listener")).await;
        });
    });
    format!("http://{address}")
}

/// Answers every request with `BODY` and the rate-limit headers of a bucket
/// that never runs out, so the client's limiter does all its work.
async fn serve(listener: TcpListener) {
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
        + 3600;
    let reset: Arc<str> = reset.to_string().into();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let _ = stream.set_nodelay(true);
        let reset = Arc::clone(&reset);
        tokio::spawn(async move {
            let service = service_fn(move |_request| {
                let response = hyper::Response::builder()
                    .header("content-type", "application/json")
                    .header("x-ratelimit-limit", "1000000000")
                    .header("x-ratelimit-remaining", "999999999")
                    .header("x-ratelimit-reset", &*reset)
                    .body(Full::new(Bytes::from_static(BODY.as_bytes())))
                    .expect("a valid response");
                async move { Ok::<_, Infallible>(response) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Something that sends the benchmark's request.
trait Sender: Clone + Send + Sync + 'static {
    fn send(&self) -> impl Future<Output = ()> + Send + 'static;
}

/// The request through `fluxer_client`.
#[derive(Clone)]
struct Fluxer(Client);

impl Sender for Fluxer {
    fn send(&self) -> impl Future<Output = ()> + Send + 'static {
        let client = self.0.clone();
        async move {
            let spec = RequestSpec::<Value>::new(&GET_CHANNEL, "/channels/1183436478421147648");
            let response = client.execute(spec).await.expect("a response");
            std::hint::black_box(response);
        }
    }
}

/// The same request with bare `reqwest`: same headers, same decoding.
#[derive(Clone)]
struct Bare {
    client: reqwest::Client,
    url: Arc<str>,
}

impl Sender for Bare {
    fn send(&self) -> impl Future<Output = ()> + Send + 'static {
        let client = self.client.clone();
        let url = Arc::clone(&self.url);
        async move {
            let response = client
                .get(&*url)
                .header("authorization", format!("Bot {TOKEN}"))
                .header("user-agent", "fluxer-client/bench")
                .header("accept", "application/json")
                .timeout(Duration::from_secs(30))
                .send()
                .await
                .expect("a response");
            let status = response.status();
            let body = response.bytes().await.expect("a body");
            let data: Value = serde_json::from_slice(&body).expect("JSON");
            std::hint::black_box((status, data));
        }
    }
}

/// Both clients for the server at `base_url`, each with its own pool.
fn senders(base_url: &str) -> (Fluxer, Bare) {
    let fluxer = Client::builder()
        .base_url(base_url)
        .bot_token(TOKEN)
        // Fluxer's 50 requests per second would measure the wait, not the
        // overhead; the limiter still tracks the bucket and the global log.
        .rate_limits(RateLimitConfig::default().global_limit(Some(u32::MAX)))
        .build()
        .expect("client");
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client");
    let url = format!("{base_url}/channels/1183436478421147648").into();
    (Fluxer(fluxer), Bare { client: bare, url })
}

/// Sends `total` requests with `sender`, spread over `tasks` tasks; returns
/// the wall-clock time.
async fn run(tasks: u64, total: u64, sender: impl Sender) -> Duration {
    let started = Instant::now();
    let handles: Vec<_> = (0..tasks)
        .map(|task| {
            let sender = sender.clone();
            let count = total / tasks + u64::from(task < total % tasks);
            tokio::spawn(async move {
                for _ in 0..count {
                    sender.send().await;
                }
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("no panic");
    }
    started.elapsed()
}

fn overhead(c: &mut Criterion) {
    let base_url = start_server();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    let (fluxer_send, bare_send) = senders(&base_url);

    let mut group = c.benchmark_group("overhead");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for tasks in [1_u64, 64] {
        group.bench_function(BenchmarkId::new("reqwest", tasks), |b| {
            b.iter_custom(|iters| runtime.block_on(run(tasks, iters, bare_send.clone())));
        });
        group.bench_function(BenchmarkId::new("fluxer_client", tasks), |b| {
            b.iter_custom(|iters| runtime.block_on(run(tasks, iters, fluxer_send.clone())));
        });
    }
    group.finish();
}

/// Machines that run other work make consecutive measurements drift apart, so
/// besides criterion's numbers the ratio is also measured in pairs: rounds of
/// `REQUESTS` requests through each client, back to back in alternating
/// order, and the median of the per-round ratios.
fn paired_ratios() {
    const ROUNDS: usize = 41;
    const REQUESTS: u64 = 1_000;
    let base_url = start_server();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (fluxer_send, bare_send) = senders(&base_url);
    println!("\npaired rounds ({ROUNDS} x {REQUESTS} requests per client and task count):");
    for tasks in [1_u64, 64] {
        let mut ratios = Vec::new();
        let mut fluxer_times = Vec::new();
        let mut bare_times = Vec::new();
        // A round of each to warm up the pools.
        runtime.block_on(run(tasks, REQUESTS, bare_send.clone()));
        runtime.block_on(run(tasks, REQUESTS, fluxer_send.clone()));
        for round in 0..ROUNDS {
            let (bare, fluxer) = if round % 2 == 0 {
                let bare = runtime.block_on(run(tasks, REQUESTS, bare_send.clone()));
                (
                    bare,
                    runtime.block_on(run(tasks, REQUESTS, fluxer_send.clone())),
                )
            } else {
                let fluxer = runtime.block_on(run(tasks, REQUESTS, fluxer_send.clone()));
                (
                    runtime.block_on(run(tasks, REQUESTS, bare_send.clone())),
                    fluxer,
                )
            };
            ratios.push(fluxer.as_secs_f64() / bare.as_secs_f64());
            fluxer_times.push(fluxer.as_secs_f64() / REQUESTS as f64 * 1e6);
            bare_times.push(bare.as_secs_f64() / REQUESTS as f64 * 1e6);
        }
        let median = |values: &mut Vec<f64>| {
            values.sort_by(f64::total_cmp);
            (
                values[values.len() / 4],
                values[values.len() / 2],
                values[values.len() * 3 / 4],
            )
        };
        let (low, ratio, high) = median(&mut ratios);
        let (_, fluxer, _) = median(&mut fluxer_times);
        let (_, bare, _) = median(&mut bare_times);
        println!(
            "  {tasks:>2} task(s): fluxer_client {fluxer:.2} µs/request, reqwest {bare:.2} µs/request, \
             ratio {ratio:.3} (quartiles {low:.3}..{high:.3})"
        );
    }
}

criterion_group!(benches, overhead);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Only under `cargo bench` (which passes `--bench`), not `cargo test --benches`.
    if std::env::args().any(|arg| arg == "--bench") {
        paired_ratios();
    }
}
