//! [`CallOptions`]: what one call overrides of the client's settings (its
//! timeout and deadline, retries, waiting for rate limits) and the headers
//! it adds (an audit-log reason, an idempotency key).
//!
//! The headers are checked when a call is sent, so without the `client`
//! feature (models only) the checks have no caller.
#![cfg_attr(not(feature = "client"), allow(dead_code))]

use std::time::Duration;

/// The header Fluxer (like Discord) reads an audit-log reason from.
pub const AUDIT_LOG_REASON: &str = "X-Audit-Log-Reason";

/// The header an idempotency key is sent in.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// Headers a call may not set: the credentials' and the ones the client
/// writes itself from the request.
const FORBIDDEN: [&str; 6] = [
    "authorization",
    "content-type",
    "content-length",
    "host",
    "transfer-encoding",
    "connection",
];

/// Settings for one call, overriding the client's: attach them to a request
/// with [`RequestSpec::with`](super::RequestSpec::with) and send it with
/// [`Client::execute`](crate::Client::execute). Everything not set is the
/// client's.
///
#[cfg_attr(feature = "client", doc = "```no_run")]
#[cfg_attr(not(feature = "client"), doc = "```ignore")]
/// use std::time::Duration;
/// use fluxer_client::ids::ChannelId;
/// use fluxer_client::models::CreateChannelInviteRequest;
/// use fluxer_client::request::CallOptions;
/// use fluxer_client::{Client, operations};
///
/// # async fn run(client: Client) -> Result<(), fluxer_client::Error> {
/// let request = CreateChannelInviteRequest::default();
/// let invite = client
///     .execute(
///         operations::create_channel_invite(ChannelId::new(1), &request)?.with(
///             CallOptions::new()
///                 .audit_log_reason("Invite for the spring event — 🌸")
///                 .deadline(Duration::from_secs(5))
///                 .fail_fast_on_rate_limit(),
///         ),
///     )
///     .await?
///     .into_data();
/// # let _ = invite;
/// # Ok(())
/// # }
/// ```
///
/// Header names and values are checked when the call is sent: a name that is
/// not an HTTP token, a value with a control character (a CR or LF could
/// inject a header) or non-ASCII, or one of the headers the client writes
/// itself (`Authorization`, `Content-Type`, `Content-Length`, `Host`,
/// `Transfer-Encoding`, `Connection`) fails the call with
/// [`ErrorKind::Encode`](crate::ErrorKind::Encode) before anything is sent.
/// An [`X-Audit-Log-Reason`](AUDIT_LOG_REASON) holding non-ASCII text is
/// percent-encoded (UTF-8), as Fluxer and Discord expect.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) idempotent: Option<bool>,
    pub(crate) fail_fast: bool,
}

impl CallOptions {
    /// No overrides: the client's settings.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// How long each attempt of this call may take (instead of the client's
    /// [`timeout`](crate::ClientBuilder::timeout)).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long this call may take in all, waits and retries included
    /// (instead of the client's [`deadline`](crate::ClientBuilder::deadline)).
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Adds a header to this call (checked when it is sent).
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The reason the action is recorded with in the guild's audit log
    /// ([`X-Audit-Log-Reason`](AUDIT_LOG_REASON)), percent-encoded when it
    /// holds non-ASCII text.
    #[must_use]
    pub fn audit_log_reason(self, reason: impl Into<String>) -> Self {
        self.header(AUDIT_LOG_REASON, reason)
    }

    /// An [`Idempotency-Key`](IDEMPOTENCY_KEY) header, for servers that
    /// carry out a request with the same key only once. The client does not
    /// retry the call more for it: say so with
    /// [`idempotent(true)`](Self::idempotent).
    #[must_use]
    pub fn idempotency_key(self, key: impl Into<String>) -> Self {
        self.header(IDEMPOTENCY_KEY, key)
    }

    /// At most this many retries for this call, of each kind: after a
    /// failure (for idempotent operations) and after a 429. Never more than
    /// the client's [`RetryConfig`](crate::RetryConfig) and
    /// [`RateLimitConfig`](crate::RateLimitConfig) allow; `0` sends the
    /// request once.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Whether this call may be sent again after a transport error or a
    /// `5xx`, instead of what the schema says of its operation (for
    /// example `true` for a `POST` with an idempotency key the server
    /// honours).
    #[must_use]
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// Fails this call at once rather than wait for a rate limit: when the
    /// limiter would hold it, with
    /// [`ErrorKind::GaveUpWaiting`](crate::ErrorKind::GaveUpWaiting) (not
    /// sent); when the server answers 429, with
    /// [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited) (not sent
    /// again). Both say how long to wait.
    #[must_use]
    pub fn fail_fast_on_rate_limit(mut self) -> Self {
        self.fail_fast = true;
        self
    }

    /// The headers as they are sent: each name checked, each value checked
    /// (an audit-log reason percent-encoded first), or why not. The message
    /// names the header, never its value.
    pub(crate) fn checked_headers(&self) -> Result<Vec<(&str, String)>, String> {
        self.headers
            .iter()
            .map(|(name, value)| {
                if !is_token(name) {
                    return Err(format!(
                        "the header name `{}` is not an HTTP token",
                        name.escape_debug()
                    ));
                }
                if FORBIDDEN.iter().any(|f| f.eq_ignore_ascii_case(name)) {
                    return Err(format!(
                        "the header `{name}` is written by the client and cannot be set for a call"
                    ));
                }
                let value = if name.eq_ignore_ascii_case(AUDIT_LOG_REASON) && !value.is_ascii() {
                    percent_encode_non_ascii(value)
                } else {
                    value.clone()
                };
                if let Some(position) = value
                    .bytes()
                    .position(|b| !(b == b' ' || b == b'\t' || b.is_ascii_graphic()))
                {
                    return Err(format!(
                        "the value of the header `{name}` has a control character or non-ASCII \
                         at byte {position}"
                    ));
                }
                Ok((name.as_str(), value))
            })
            .collect()
    }
}

/// Whether `text` is an HTTP token (RFC 9110 §5.6.2), as a header name must be.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `text` with every non-ASCII byte and `%` percent-encoded (UTF-8), so the
/// server decodes exactly `text`; ASCII control characters stay, and are
/// refused after.
fn percent_encode_non_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii() && byte != b'%' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_checked_and_reasons_encoded() {
        let options = CallOptions::new()
            .audit_log_reason("Spring event — 🌸 50%")
            .idempotency_key("key-1")
            .header("X-Custom", "a b\tc");
        assert_eq!(
            options.checked_headers().unwrap(),
            [
                (
                    AUDIT_LOG_REASON,
                    "Spring event %E2%80%94 %F0%9F%8C%B8 50%25".to_owned()
                ),
                (IDEMPOTENCY_KEY, "key-1".to_owned()),
                ("X-Custom", "a b\tc".to_owned()),
            ]
        );
        // An ASCII reason is sent as it is.
        let ascii = CallOptions::new().audit_log_reason("spam, 100%");
        assert_eq!(ascii.checked_headers().unwrap()[0].1, "spam, 100%");
        for bad in [
            CallOptions::new().header("X-A", "v\r\nX-Injected: 1"),
            CallOptions::new().header("X-A", "v\n"),
            CallOptions::new().header("X-A", "é"),
            CallOptions::new().header("X-A\r\nX-B", "v"),
            CallOptions::new().header("X A", "v"),
            CallOptions::new().header("", "v"),
            CallOptions::new().header("Authorization", "Bot other"),
            CallOptions::new().header("content-length", "1"),
            CallOptions::new().audit_log_reason("é\r\nX-Injected: 1"),
        ] {
            let message = bad.checked_headers().unwrap_err();
            assert!(!message.contains("Injected"), "{message}");
            assert!(!message.contains("other"), "{message}");
        }
    }
}
