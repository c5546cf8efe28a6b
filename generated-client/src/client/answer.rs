//! What a reply means: a success body decoded into the caller's type (an
//! empty one as `null`, a failure with the path where decoding failed and a
//! snippet of the body), or an error status turned into an [`Error`] with
//! the API's error body, or a 429's wait read from its body and headers.

use std::time::Duration;

use bytes::Bytes;
use jiff::Timestamp;
use reqwest::header::{DATE, HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;

use super::Response;
use crate::api_error::{ApiErrorBody, RateLimitBody};
use crate::error::{Error, ErrorKind};
use crate::rate_limit::{RateLimitInfo, parse_http_date, parse_seconds};
use crate::text::bounded_text;

/// How much of an error body [`ErrorKind::Api`] keeps.
const RAW_LIMIT: usize = 4 * 1024;
/// How much of a body [`ErrorKind::Decode`] keeps.
const SNIPPET_LIMIT: usize = 512;
/// The wait reported for a 429 that gives no hint at all.
pub(super) const FALLBACK_RETRY_AFTER: Duration = Duration::from_secs(1);

/// The reply a call ends with (the last attempt's, not retried), its body
/// read whole, with how many attempts and how much waiting it took; not yet
/// interpreted.
pub(super) struct FinalReply {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    pub(super) rate_limit: Option<RateLimitInfo>,
    pub(super) attempts: u32,
    pub(super) waited: Duration,
    /// A success answer whose body is not read yet, when the call streams it.
    pub(super) stream: Option<reqwest::Response>,
}

impl FinalReply {
    /// The reply as a [`Response`] (its body decoded by `decode`) or an [`Error`].
    pub(super) fn interpret<T>(
        self,
        decode: impl FnOnce(u16, &[u8]) -> Result<T, Error>,
    ) -> Result<Response<T>, Error> {
        interpret_with(
            self.status,
            &self.headers,
            &self.body,
            self.rate_limit,
            decode,
        )
        .map(|response| Response {
            attempts: self.attempts,
            rate_limit_wait: self.waited,
            ..response
        })
        .map_err(|error| error.with_attempts(self.attempts))
    }
}

/// Turns a status, headers and body into a [`Response`] or an [`Error`].
#[cfg(test)]
fn interpret<T: DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response<T>, Error> {
    interpret_with(
        status,
        headers,
        body,
        RateLimitInfo::from_headers(headers),
        decode,
    )
}

/// [`interpret`] with the rate-limit headers already read.
fn interpret_with<T>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    rate_limit: Option<RateLimitInfo>,
    decode: impl FnOnce(u16, &[u8]) -> Result<T, Error>,
) -> Result<Response<T>, Error> {
    if (200..300).contains(&status) {
        let data = decode(status, body)?;
        return Ok(Response {
            status,
            rate_limit,
            data,
            attempts: 1,
            rate_limit_wait: Duration::ZERO,
        });
    }
    if status == 429 {
        let now = headers
            .get(DATE)
            .and_then(|value| value.to_str().ok())
            .and_then(parse_http_date)
            .unwrap_or_else(Timestamp::now);
        return Err(rate_limited(headers, body, rate_limit, now));
    }
    Err(Error::new(ErrorKind::Api {
        status,
        body: ApiErrorBody::from_json(body),
        raw: bounded_text(body, RAW_LIMIT),
        rate_limit,
    }))
}

/// Decodes a success body as JSON; an empty one is `null`.
pub(super) fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    let json: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    // The kind holds serde's message; the error has no source to repeat it.
    let fail = |path: String, message: String| {
        Error::new(ErrorKind::Decode {
            status,
            path,
            message,
            snippet: bounded_text(body, SNIPPET_LIMIT),
        })
    };
    // The fast path; only a failure is decoded again to find where it failed.
    if let Ok(data) = serde_json::from_slice::<T>(json) {
        return Ok(data);
    }
    crate::wire::forget_member_failure();
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let data: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner().to_string();
        // A failure inside a tagged union's member: serde's path stops at the
        // union, the member's own path continues it.
        match crate::wire::take_member_failure(&message) {
            Some((inner, cause)) => fail(crate::wire::join_paths(&path, &inner), cause),
            None => fail(path, message),
        }
    })?;
    deserializer
        .end()
        .map_err(|error| fail(".".to_owned(), error.to_string()))?;
    Ok(data)
}

/// The error for a 429. `server_now` is the server's time when it answered
/// (its `Date`, else the estimate), against which a `Retry-After` date is read.
pub(super) fn rate_limited(
    headers: &HeaderMap,
    body: &[u8],
    rate_limit: Option<RateLimitInfo>,
    server_now: Timestamp,
) -> Error {
    let body = RateLimitBody::from_json(body);
    let header = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim);
    let retry_after_header = header.and_then(|text| text.parse::<u64>().ok());
    let from_header = header.and_then(|text| {
        parse_seconds(text).or_else(|| {
            let at = parse_http_date(text)?;
            let ahead = at.as_nanosecond() - server_now.as_nanosecond();
            Some(Duration::from_nanos(
                u64::try_from(ahead.max(0)).unwrap_or(u64::MAX),
            ))
        })
    });
    let retry_after = body
        .as_ref()
        .and_then(|body| body.retry_after)
        .and_then(seconds_to_duration)
        .or(from_header)
        .or_else(|| rate_limit.as_ref().and_then(|info| info.reset_after))
        .unwrap_or(FALLBACK_RETRY_AFTER);
    // Global when either the body or the header says so.
    let global = body.as_ref().and_then(|body| body.global) == Some(true)
        || rate_limit.as_ref().and_then(|info| info.global) == Some(true);
    Error::new(ErrorKind::RateLimited {
        retry_after,
        global,
        body,
        rate_limit,
        retry_after_header,
    })
}

/// Seconds as sent in a body (`2.347`), to the microsecond; `None` for
/// negative or non-finite values.
fn seconds_to_duration(seconds: f64) -> Option<Duration> {
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    // `as` saturates, so absurdly large values cannot overflow.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let micros = (seconds * 1_000_000.0).round() as u64;
    Some(Duration::from_micros(micros))
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn empty_success_body_is_null() {
        let response: Response<()> = interpret(204, &HeaderMap::new(), b"").unwrap();
        assert_eq!(response.status(), 204);
        let response: Response<Option<u8>> = interpret(200, &HeaderMap::new(), b" \n").unwrap();
        assert_eq!(response.into_data(), None);
    }

    #[test]
    fn trailing_garbage_is_a_decode_error() {
        let error = interpret::<u8>(200, &HeaderMap::new(), b"1 2").unwrap_err();
        match error.kind() {
            ErrorKind::Decode { path, .. } => assert_eq!(path, "."),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn snippets_are_bounded() {
        let body = "é".repeat(10_000);
        let error = interpret::<u8>(200, &HeaderMap::new(), body.as_bytes()).unwrap_err();
        let ErrorKind::Decode { snippet, .. } = error.kind() else {
            panic!("{error:?}")
        };
        assert!(snippet.len() <= SNIPPET_LIMIT && snippet.len() >= SNIPPET_LIMIT - 2);
        let error = interpret::<u8>(500, &HeaderMap::new(), body.as_bytes()).unwrap_err();
        let ErrorKind::Api { raw, body, .. } = error.kind() else {
            panic!("{error:?}")
        };
        assert!(raw.len() <= RAW_LIMIT && raw.len() >= RAW_LIMIT - 2);
        assert!(body.is_none());
        assert_eq!(
            error.to_string(),
            "Fluxer API error 500 Internal Server Error"
        );
    }

    #[test]
    fn rate_limit_fallbacks() {
        // Header only, fractional.
        let error = interpret::<()>(429, &headers(&[("retry-after", "1.5")]), b"").unwrap_err();
        let ErrorKind::RateLimited {
            retry_after,
            retry_after_header,
            global,
            ..
        } = error.kind()
        else {
            panic!("{error:?}")
        };
        assert_eq!(*retry_after, Duration::from_millis(1500));
        assert_eq!(*retry_after_header, None);
        assert!(!global);
        // Reset-after and the global header.
        let error = interpret::<()>(
            429,
            &headers(&[
                ("x-ratelimit-reset-after", "0.25"),
                ("x-ratelimit-global", "true"),
            ]),
            b"<html>",
        )
        .unwrap_err();
        assert_eq!(error.retry_after(), Some(Duration::from_millis(250)));
        assert!(matches!(
            error.kind(),
            ErrorKind::RateLimited { global: true, .. }
        ));
        assert_eq!(error.status(), Some(429));
        // Nothing at all.
        let error = interpret::<()>(429, &HeaderMap::new(), b"").unwrap_err();
        assert_eq!(error.retry_after(), Some(FALLBACK_RETRY_AFTER));
        // A negative body value is ignored in favour of the header.
        let error = interpret::<()>(
            429,
            &headers(&[("retry-after", "4")]),
            br#"{"code":"RATE_LIMITED","message":"m","global":false,"retry_after":-1}"#,
        )
        .unwrap_err();
        assert_eq!(error.retry_after(), Some(Duration::from_secs(4)));
    }

    #[test]
    fn seconds_conversion() {
        assert_eq!(
            seconds_to_duration(2.347),
            Some(Duration::from_millis(2347))
        );
        assert_eq!(seconds_to_duration(0.0), Some(Duration::ZERO));
        assert_eq!(seconds_to_duration(-0.5), None);
        assert_eq!(seconds_to_duration(f64::NAN), None);
        assert_eq!(seconds_to_duration(f64::INFINITY), None);
        assert!(seconds_to_duration(1e300).is_some());
    }
}
