//! A small HTTP/1.1 server on 127.0.0.1 standing in for Fluxer: it records
//! every request, answers through a handler, and can enforce fixed-window
//! rate limits with Fluxer's headers.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use fluxer_client::request::{Method, OperationInfo, RequestSpec};

/// An idempotent operation with a major parameter, for tests of retries and
/// buckets that need no generated operation.
pub static GET_THING: OperationInfo =
    OperationInfo::new("getThing", Method::Get, "/channels/{channel_id}/thing");

/// A `GET_THING` request for `channel`.
pub fn get_thing(channel: u64) -> RequestSpec<serde_json::Value> {
    RequestSpec::new(&GET_THING, format!("/channels/{channel}/thing"))
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Hit {
    pub method: String,
    pub path: String,
    /// The query string, without `?` (empty when there is none).
    pub query: String,
    pub at: Instant,
    pub authorization: Option<String>,
    pub body: Vec<u8>,
}

/// What the handler tells the server to do.
#[derive(Clone, Debug)]
pub enum Reply {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Close the connection without answering.
    Close,
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self::Respond {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        if let Self::Respond { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.into()));
        }
        self
    }
}

type Handler = dyn Fn(&Hit) -> Reply + Send + Sync;

pub struct TestServer {
    pub base_url: String,
    pub addr: SocketAddr,
    hits: Arc<Mutex<Vec<Hit>>>,
    task: JoinHandle<()>,
}

impl TestServer {
    /// Starts a server answering every request with `handler`.
    pub async fn start(handler: impl Fn(&Hit) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let hits = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let task = tokio::spawn({
            let hits = Arc::clone(&hits);
            async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    let hits = Arc::clone(&hits);
                    let handler = Arc::clone(&handler);
                    tokio::spawn(async move {
                        let service = service_fn(move |request| {
                            let hits = Arc::clone(&hits);
                            let handler = Arc::clone(&handler);
                            async move { serve(request, &hits, &*handler).await }
                        });
                        // A closed connection ends this task; nothing to report.
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            }
        });
        Self {
            base_url: format!("http://{addr}"),
            addr,
            hits,
            task,
        }
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.hits.lock().unwrap().len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    request: hyper::Request<Incoming>,
    hits: &Mutex<Vec<Hit>>,
    handler: &Handler,
) -> Result<hyper::Response<Full<Bytes>>, std::io::Error> {
    let at = Instant::now();
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let authorization = request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = request
        .into_body()
        .collect()
        .await
        .map(|body| body.to_bytes().to_vec())
        .unwrap_or_default();
    let hit = Hit {
        method,
        path,
        query,
        at,
        authorization,
        body,
    };
    let reply = handler(&hit);
    hits.lock().unwrap().push(hit);
    match reply {
        Reply::Respond {
            status,
            headers,
            body,
        } => {
            let mut response = hyper::Response::builder()
                .status(status)
                .header("content-type", "application/json");
            for (name, value) in headers {
                response = response.header(name, value);
            }
            Ok(response
                .body(Full::new(Bytes::from(body)))
                .expect("a valid response"))
        }
        // An error from the service makes hyper close the connection
        // without writing a response.
        Reply::Close => Err(std::io::Error::other("closing without an answer")),
    }
}

/// The body Fluxer sends with a 429.
pub fn rate_limit_body(retry_after: Duration, global: bool) -> String {
    format!(
        r#"{{"code":"RATE_LIMITED","message":"You are being rate limited.","global":{global},"retry_after":{:.3}}}"#,
        ceil_millis(retry_after) as f64 / 1000.0
    )
}

/// Whole milliseconds, rounded up.
pub fn ceil_millis(duration: Duration) -> u128 {
    duration.as_nanos().div_ceil(1_000_000)
}

/// Unix seconds with three decimals, rounded up to the millisecond.
pub fn unix_seconds(time: SystemTime) -> String {
    let millis = ceil_millis(time.duration_since(UNIX_EPOCH).unwrap_or_default());
    format!("{}.{:03}", millis / 1000, millis % 1000)
}

/// A 429 as Fluxer sends it: `Retry-After` in whole seconds rounded up, the
/// precise value in the body.
pub fn too_many_requests(retry_after: Duration, global: bool) -> Reply {
    let whole = retry_after.as_nanos().div_ceil(1_000_000_000);
    Reply::json(429, rate_limit_body(retry_after, global))
        .header("retry-after", whole.to_string())
        .header("x-ratelimit-global", global.to_string())
}

/// Fixed-window limits the way a server keeps them: a window starts with the
/// first request after the previous one ended and allows `limit` requests.
/// Windows are kept by wall-clock time, the clock of the reset header.
pub struct FixedWindows {
    limit: u64,
    window: Duration,
    windows: Mutex<BTreeMap<String, (SystemTime, u64)>>,
    allowed: AtomicU64,
    refused: AtomicU64,
}

/// The decision for one request.
pub struct Decision {
    pub allowed: bool,
    pub limit: u64,
    pub remaining: u64,
    /// The end of the window, rounded up to the millisecond.
    pub reset: SystemTime,
}

impl Decision {
    /// The response headers: `X-RateLimit-Limit`, `-Remaining`, `-Reset`.
    pub fn headers(&self, reply: Reply) -> Reply {
        reply
            .header("x-ratelimit-limit", self.limit.to_string())
            .header("x-ratelimit-remaining", self.remaining.to_string())
            .header("x-ratelimit-reset", unix_seconds(self.reset))
    }

    /// A 429 for a refused request, with every header.
    pub fn refusal(&self, global: bool) -> Reply {
        let retry_after = self
            .reset
            .duration_since(SystemTime::now())
            .unwrap_or_default();
        self.headers(too_many_requests(retry_after, global))
    }
}

impl FixedWindows {
    pub fn new(limit: u64, window: Duration) -> Self {
        Self {
            limit,
            window,
            windows: Mutex::new(BTreeMap::new()),
            allowed: AtomicU64::new(0),
            refused: AtomicU64::new(0),
        }
    }

    /// Counts a request against the window of `key`.
    pub fn check(&self, key: &str) -> Decision {
        let now = SystemTime::now();
        let mut windows = self.windows.lock().unwrap();
        let entry = windows
            .entry(key.to_owned())
            .or_insert((SystemTime::UNIX_EPOCH, 0));
        if now >= entry.0 {
            // A new window, its end rounded up to the millisecond as reported.
            let end = now + self.window;
            let millis = ceil_millis(end.duration_since(UNIX_EPOCH).unwrap_or_default());
            let end = UNIX_EPOCH + Duration::from_millis(u64::try_from(millis).unwrap());
            *entry = (end, 0);
        }
        let allowed = entry.1 < self.limit;
        if allowed {
            entry.1 += 1;
            self.allowed.fetch_add(1, Ordering::SeqCst);
        } else {
            self.refused.fetch_add(1, Ordering::SeqCst);
        }
        Decision {
            allowed,
            limit: self.limit,
            remaining: self.limit - entry.1,
            reset: entry.0,
        }
    }

    pub fn allowed(&self) -> u64 {
        self.allowed.load(Ordering::SeqCst)
    }

    /// Requests that arrived when their window was full.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::SeqCst)
    }
}

/// A minimal invite, as `create_channel_invite` returns it.
pub const INVITE: &str = include_str!("../fixtures/invite.json");
/// A minimal channel, as `create_private_channel` returns it.
pub const CHANNEL: &str = include_str!("../fixtures/channel.json");
