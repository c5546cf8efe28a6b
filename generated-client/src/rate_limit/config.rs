//! [`RateLimitConfig`]: how the client keeps within the limits.

use std::time::Duration;

/// How a [`Client`](crate::Client) keeps within Fluxer's rate limits; set it
/// with [`ClientBuilder::rate_limits`](crate::ClientBuilder::rate_limits).
///
/// - **Proactive limiting** (on by default): the client remembers the
///   `X-RateLimit-Limit`, `-Remaining` and `-Reset` headers of every bucket (a
///   route template plus its major parameter: the `channel_id`, `guild_id` or
///   `webhook_id` in the path) and, when a bucket is used up, waits for its
///   reset instead of sending a request the server would refuse. It also keeps
///   every route together under a global limit, 50 requests per second by
///   default. Clones of a client share this state.
///   Waiting calls are served in arrival order.
/// - **429 retries**: a request answered `429 Too Many Requests` is sent again
///   after the server's `retry_after` (the body's precise value, else the
///   `Retry-After` header), whatever the operation: the server did nothing. A
///   global 429 pauses every request of the client.
/// - **Bounds**: at most [`max_retries`](Self::max_retries) such retries and
///   [`max_wait`](Self::max_wait) of waiting in total per request; a 429 past
///   either fails the request with
///   [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited), a proactive
///   wait past `max_wait` (or the call's deadline) with
///   [`ErrorKind::GaveUpWaiting`](crate::ErrorKind::GaveUpWaiting). Every
///   wait the client stores from a server's answer is cut to `max_wait`.
///
/// ```
/// use std::time::Duration;
/// use fluxer_client::{Client, RateLimitConfig};
///
/// // Behind a proxy that does the limiting: no proactive waits, but 429s
/// // are still retried (twice at most, waiting 10 seconds at most).
/// let config = RateLimitConfig::default()
///     .proactive(false)
///     .max_retries(2)
///     .max_wait(Duration::from_secs(10));
/// let client = Client::builder().bot_token("token").rate_limits(config).build()?;
/// # Ok::<(), fluxer_client::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitConfig {
    /// Whether to track buckets and the global limit and wait before sending
    /// a request that would be refused. `true` by default.
    pub proactive: bool,
    /// The global limit applied when [`proactive`](Self::proactive): at most
    /// this many requests per [`global_window`](Self::global_window), all
    /// routes together; `None` for none. `Some(50)` by default, Fluxer's limit
    /// per token.
    pub global_limit: Option<u32>,
    /// The window of [`global_limit`](Self::global_limit): one second by default.
    pub global_window: Duration,
    /// How many times a request answered 429 is sent again. 3 by default;
    /// 0 turns 429 retries off.
    pub max_retries: u32,
    /// The longest one request waits for rate limits in total (proactive waits
    /// and 429 `retry_after`s). A wait that would go past it is not started:
    /// the request fails at once, with
    /// [`ErrorKind::GaveUpWaiting`](crate::ErrorKind::GaveUpWaiting) for a
    /// proactive wait and [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited)
    /// for a 429's. It also bounds what the limiter stores: a reset, a 429's
    /// wait or a global pause further ahead than this holds the bucket (or
    /// the client) for this long only, then the server is asked again.
    /// 60 seconds by default.
    pub max_wait: Duration,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            proactive: true,
            global_limit: Some(50),
            global_window: Duration::from_secs(1),
            max_retries: 3,
            max_wait: Duration::from_secs(60),
        }
    }
}

impl RateLimitConfig {
    /// No proactive limiting and no 429 retries: every 429 is returned to the
    /// caller as [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited).
    /// Global 429s still pause the client for their `retry_after`.
    #[must_use]
    pub fn disabled() -> Self {
        Self {
            proactive: false,
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets [`proactive`](Self::proactive).
    #[must_use]
    pub fn proactive(mut self, proactive: bool) -> Self {
        self.proactive = proactive;
        self
    }

    /// Sets [`global_limit`](Self::global_limit) (`None`: no global limit).
    #[must_use]
    pub fn global_limit(mut self, requests: Option<u32>) -> Self {
        self.global_limit = requests;
        self
    }

    /// Sets [`global_window`](Self::global_window).
    #[must_use]
    pub fn global_window(mut self, window: Duration) -> Self {
        self.global_window = window;
        self
    }

    /// Sets [`max_retries`](Self::max_retries).
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Sets [`max_wait`](Self::max_wait).
    #[must_use]
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }
}
