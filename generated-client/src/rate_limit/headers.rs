//! [`RateLimitInfo`]: the rate-limit headers of a response, and the parsers
//! for the seconds and HTTP dates that rate-limit headers carry.

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
