//! Fairness under load: 256 tasks make 4 calls each, one after the other,
//! over 3 channels whose buckets allow 5 requests per second (a real
//! fixed-window server on 127.0.0.1 with Fluxer's headers). Waiting calls are
//! served first come, first served, so no call should wait much longer than
//! the queue of its channel divided by the rate: with 256 tasks over 3
//! channels, 86 calls per channel at 5 per second, about 17 s.
//!
//! `cargo bench -p fluxer-client --bench fairness` (about 70 s) prints the
//! requests the server saw, those over its limit (429s), the calls that
//! failed, and p50/p99/max latency next to that bound. Without `--bench`
//! (`cargo test --benches`) it runs a small version as a smoke test.

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use fluxer_client::request::{Method, OperationInfo, RequestSpec};
use fluxer_client::{Client, RateLimitConfig};
use serde_json::Value;
use support::{FixedWindows, Reply, TestServer};

static GET_CHANNEL: OperationInfo =
    OperationInfo::new("getChannel", Method::Get, "/channels/{channel_id}");

struct Scenario {
    tasks: usize,
    calls_per_task: usize,
    channels: usize,
    limit: u64,
    window: Duration,
}

async fn run(scenario: &Scenario) {
    let windows = Arc::new(FixedWindows::new(scenario.limit, scenario.window));
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
    // The defaults (max_wait 60 s, deadline 60 s, 3 retries of 429s), with
    // the global limit left at Fluxer's 50 per second.
    let client = Client::builder()
        .base_url(&server.base_url)
        .bot_token("fairness-bench-token")
        .rate_limits(RateLimitConfig::default())
        .build()
        .expect("a client");
    let started = Instant::now();
    let tasks: Vec<_> = (0..scenario.tasks)
        .map(|task| {
            let client = client.clone();
            let (calls, channels) = (scenario.calls_per_task, scenario.channels);
            tokio::spawn(async move {
                let mut results = Vec::new();
                for call in 0..calls {
                    let channel = (task + call) % channels;
                    let spec =
                        RequestSpec::<Value>::new(&GET_CHANNEL, format!("/channels/{channel}"));
                    let began = Instant::now();
                    let ok = client.execute(spec).await.is_ok();
                    results.push((began.elapsed(), ok));
                }
                results
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for task in tasks {
        for (latency, ok) in task.await.expect("no panic") {
            latencies.push(latency);
            failures += usize::from(!ok);
        }
    }
    let total = started.elapsed();
    latencies.sort();
    let at = |quantile: f64| {
        let index = ((latencies.len() as f64 - 1.0) * quantile).round() as usize;
        latencies[index].as_secs_f64()
    };
    let per_channel = scenario.tasks.div_ceil(scenario.channels) as f64;
    let rate = scenario.limit as f64 / scenario.window.as_secs_f64();
    println!(
        "{} tasks x {} calls over {} channels at {} requests per {:?}:",
        scenario.tasks, scenario.calls_per_task, scenario.channels, scenario.limit, scenario.window
    );
    println!(
        "  requests seen {}, over the limit {}, failed calls {} of {}, run {:.1} s",
        server.count(),
        windows.refused(),
        failures,
        latencies.len(),
        total.as_secs_f64()
    );
    println!(
        "  latency p50 {:.2} s, p99 {:.2} s, max {:.2} s; first-come-first-served bound {:.1} s \
         ({per_channel} queued calls per channel / {rate} per s)",
        at(0.5),
        at(0.99),
        at(1.0),
        per_channel / rate
    );
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let scenario = if full {
        Scenario {
            tasks: 256,
            calls_per_task: 4,
            channels: 3,
            limit: 5,
            window: Duration::from_secs(1),
        }
    } else {
        Scenario {
            tasks: 12,
            calls_per_task: 2,
            channels: 3,
            limit: 5,
            window: Duration::from_millis(100),
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(run(&scenario));
}
