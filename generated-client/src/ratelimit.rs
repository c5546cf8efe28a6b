//! [`RateLimitInfo`]: the rate-limit headers of a response, and
//! [`RateLimitConfig`]: how the client keeps within the limits.

#![deny(missing_docs)]

use std::time::Duration;

use jiff::Timestamp;
#[cfg(feature = "client")]
use reqwest::header::HeaderMap;

/// The rate-limit state the API reported with a response.
///
/// Read liberally: a header that is missing or cannot be understood leaves its
/// field `None`; it is never an error.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitInfo {
    /// `X-RateLimit-Limit`: how many requests the bucket allows per window.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`: how many requests are left in this window.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`: when the window resets (Unix seconds, possibly
    /// with a fraction, on the wire).
    pub reset: Option<Timestamp>,
    /// `X-RateLimit-Reset-After`: how long until the window resets.
    pub reset_after: Option<Duration>,
    /// `X-RateLimit-Bucket`: an opaque id of the bucket.
    pub bucket: Option<String>,
    /// `X-RateLimit-Global`: whether the limit applies to all routes.
    pub global: Option<bool>,
}

#[cfg(feature = "client")]
impl RateLimitInfo {
    /// Reads the rate-limit headers; `None` when the response has none of them.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
        };
        let info = Self {
            limit: text("x-ratelimit-limit").and_then(|v| v.parse().ok()),
            remaining: text("x-ratelimit-remaining").and_then(|v| v.parse().ok()),
            reset: text("x-ratelimit-reset").and_then(parse_unix_seconds),
            reset_after: text("x-ratelimit-reset-after").and_then(parse_seconds),
            bucket: text("x-ratelimit-bucket")
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
            global: text("x-ratelimit-global").and_then(parse_bool),
        };
        let any = info.limit.is_some()
            || info.remaining.is_some()
            || info.reset.is_some()
            || info.reset_after.is_some()
            || info.bucket.is_some()
            || info.global.is_some();
        any.then_some(info)
    }
}

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
#[cfg(feature = "client")]
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

#[cfg(feature = "client")]
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

#[cfg(feature = "client")]
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

/// `true`/`false` in any case; anything else is not understood.
#[cfg(feature = "client")]
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Splits `123.456` into whole seconds and nanoseconds; digits only.
#[cfg(feature = "client")]
fn split_seconds(text: &str) -> Option<(u64, u32)> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let seconds: u64 = whole.parse().ok()?;
    // Nanoseconds from the first nine fraction digits, padded with zeros.
    let mut nanos: u32 = 0;
    for position in 0..9 {
        let digit = fraction.as_bytes().get(position).map_or(0, |b| b - b'0');
        nanos = nanos * 10 + u32::from(digit);
    }
    Some((seconds, nanos))
}

/// A duration in seconds such as `1`, `2.347`.
#[cfg(feature = "client")]
pub(crate) fn parse_seconds(text: &str) -> Option<Duration> {
    let (seconds, nanos) = split_seconds(text)?;
    Some(Duration::new(seconds, nanos))
}

/// An HTTP date (`Date`, `Retry-After`) in its preferred form,
/// `Sun, 06 Nov 1994 08:49:37 GMT` (other RFC 2822 spellings too); the
/// obsolete RFC 850 and asctime forms are not understood.
#[cfg(feature = "client")]
pub(crate) fn parse_http_date(text: &str) -> Option<Timestamp> {
    static PARSER: jiff::fmt::rfc2822::DateTimeParser = jiff::fmt::rfc2822::DateTimeParser::new();
    PARSER.parse_timestamp(text.trim()).ok()
}

/// A Unix time in seconds such as `1700000000` or `1700000000.250`.
#[cfg(feature = "client")]
fn parse_unix_seconds(text: &str) -> Option<Timestamp> {
    let (seconds, nanos) = split_seconds(text)?;
    let seconds = i64::try_from(seconds).ok()?;
    let nanos = i32::try_from(nanos).ok()?;
    Timestamp::new(seconds, nanos).ok()
}

#[cfg(all(test, feature = "client"))]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn reads_all_headers() {
        let info = RateLimitInfo::from_headers(&headers(&[
            ("x-ratelimit-limit", "5"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "1700000000.25"),
            ("x-ratelimit-reset-after", "2.347"),
            ("x-ratelimit-bucket", "abc"),
            ("x-ratelimit-global", "False"),
        ]))
        .unwrap();
        assert_eq!(info.limit, Some(5));
        assert_eq!(info.remaining, Some(0));
        assert_eq!(
            info.reset,
            Some(Timestamp::new(1_700_000_000, 250_000_000).unwrap())
        );
        assert_eq!(info.reset_after, Some(Duration::from_millis(2347)));
        assert_eq!(info.bucket.as_deref(), Some("abc"));
        assert_eq!(info.global, Some(false));
    }

    #[test]
    fn garbled_headers_are_none() {
        assert_eq!(RateLimitInfo::from_headers(&HeaderMap::new()), None);
        let info = RateLimitInfo::from_headers(&headers(&[
            ("x-ratelimit-limit", "five"),
            ("x-ratelimit-remaining", "-1"),
            ("x-ratelimit-reset", "99999999999999999999999"),
            ("x-ratelimit-reset-after", "1e3"),
            ("x-ratelimit-global", "yes"),
            ("x-ratelimit-bucket", "b"),
        ]))
        .unwrap();
        assert_eq!(info.limit, None);
        assert_eq!(info.remaining, None);
        assert_eq!(info.reset, None);
        assert_eq!(info.reset_after, None);
        assert_eq!(info.global, None);
        for garbage in ["", ".", "1.", ".5", "1.2.3", "+1", " ", "１"] {
            let parsed = parse_seconds(garbage);
            assert!(
                parsed.is_none() || garbage == "1.",
                "{garbage:?} gave {parsed:?}"
            );
        }
        assert_eq!(parse_seconds("1."), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_seconds("0.1234567891"),
            Some(Duration::new(0, 123_456_789))
        );
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Timestamp::from_second(784_111_777).unwrap())
        );
        assert_eq!(
            parse_http_date(" Thu, 01 Jan 1970 00:00:01 GMT "),
            Some(Timestamp::from_second(1).unwrap())
        );
        for garbage in ["", "3", "tomorrow", "Sun, 06 Nov 1994 25:49:37 GMT"] {
            assert_eq!(parse_http_date(garbage), None, "{garbage:?}");
        }
    }

    #[test]
    fn non_utf8_header_is_ignored() {
        let mut map = HeaderMap::new();
        map.insert(
            "x-ratelimit-limit",
            HeaderValue::from_bytes(b"\xff5").unwrap(),
        );
        assert_eq!(RateLimitInfo::from_headers(&map), None);
    }
}
