//! Peak memory under endless bodies: a server on 127.0.0.1 answers `200`
//! with a chunked body that never ends, and the client reads it until its
//! `max_body_size`. Reports the process's peak RSS (`VmHWM`, reset between
//! runs through `/proc/self/clear_refs`) above the baseline, for one call
//! and for 16 at once, with the default limit (8 MiB) and with 1 MiB.
//!
//! `cargo bench -p fluxer-client --bench endless_body` (Linux; a few
//! seconds). Without `--bench` (`cargo test --benches`) it makes one call.

use std::time::Instant;

use fluxer_client::request::{Method, OperationInfo, RequestSpec};
use fluxer_client::{Client, ErrorKind, RetryConfig};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

static GET_CHANNEL: OperationInfo =
    OperationInfo::new("getChannel", Method::Get, "/channels/{channel_id}");

/// A server whose every answer is a 200 with an endless chunked body.
async fn endless_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base_url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let chunk: &'static [u8] = Box::leak(
            format!("10000\r\n{}\r\n", "a".repeat(0x10000))
                .into_bytes()
                .into_boxed_slice(),
        );
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0_u8; 4096];
                while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => head.extend_from_slice(&buffer[..read]),
                    }
                }
                let start = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                              transfer-encoding: chunked\r\n\r\n";
                if stream.write_all(start).await.is_err() {
                    return;
                }
                // Until the client hangs up.
                while stream.write_all(chunk).await.is_ok() {}
            });
        }
    });
    base_url
}

/// A field of `/proc/self/status` in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak RSS to the current RSS.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

async fn measure(base_url: &str, limit: Option<usize>, calls: usize) {
    let mut builder = Client::builder()
        .base_url(base_url)
        .bot_token("endless-bench-token")
        .retries(RetryConfig::disabled());
    if let Some(limit) = limit {
        builder = builder.max_body_size(limit);
    }
    let client = builder.build().expect("a client");
    let reset = reset_peak();
    let before = status_kib("VmRSS:").unwrap_or(0);
    let started = Instant::now();
    let tasks: Vec<_> = (0..calls)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let spec = RequestSpec::<Value>::new(&GET_CHANNEL, "/channels/1");
                client.execute(spec).await
            })
        })
        .collect();
    let mut too_large = 0;
    for task in tasks {
        let error = task
            .await
            .expect("no panic")
            .expect_err("an endless body cannot succeed");
        too_large += usize::from(matches!(error.kind(), ErrorKind::BodyTooLarge { .. }));
    }
    let peak = status_kib("VmHWM:").unwrap_or(0);
    println!(
        "  max_body_size {:>9} bytes, {calls:>2} call(s): {too_large} BodyTooLarge in {:.2} s; \
         peak RSS {:.1} MiB above the {:.1} MiB before{}",
        limit.unwrap_or(8 * 1024 * 1024),
        started.elapsed().as_secs_f64(),
        peak.saturating_sub(before) as f64 / 1024.0,
        before as f64 / 1024.0,
        if reset {
            ""
        } else {
            " (peak not reset: since start)"
        }
    );
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let base_url = endless_server().await;
        println!("endless chunked bodies:");
        if !full {
            measure(&base_url, Some(256 * 1024), 1).await;
            return;
        }
        // Smallest first: memory freed by one run stays with the process and
        // would hide the next run's growth.
        for (limit, calls) in [
            (Some(1024 * 1024), 1),
            (Some(1024 * 1024), 16),
            (None, 1),
            (None, 16),
        ] {
            measure(&base_url, limit, calls).await;
        }
    });
}
