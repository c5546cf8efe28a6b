//! [`ClientBuilder`]: the settings of a [`Client`], checked once when it is
//! built.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::url::checked_http_url;
use super::{Client, Inner};
use crate::auth::Credentials;
use crate::error::{Error, ErrorKind};
use crate::rate_limit::{Limiter, RateLimitConfig};
use crate::retry::{Jitter, RetryConfig};

/// The API of the official Fluxer instance.
const DEFAULT_BASE_URL: &str = "https://api.fluxer.app/v1";
/// How long one attempt may take, from connecting to the end of the body.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one call may take in all: waits, retries and transfers. Longer
/// than the default `max_wait` (60 s) by an attempt's timeout (30 s), so a
/// call that waits the longest a rate limit may hold it is still sent, with
/// a whole attempt's time left.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(90);
/// The largest success body read by default.
const DEFAULT_MAX_BODY_SIZE: usize = 8 * 1024 * 1024;
/// The `User-Agent` sent unless another is configured.
const DEFAULT_USER_AGENT: &str = concat!("fluxer-client/", env!("CARGO_PKG_VERSION"));

/// Configures a [`Client`]; made by [`Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use fluxer_client::{Client, RateLimitConfig, RetryConfig};
///
/// let client = Client::builder()
///     .bot_token("my-token")
///     .base_url("https://fluxer.example.org/api/v1/")
///     .timeout(Duration::from_secs(10))
///     .rate_limits(RateLimitConfig::default().max_retries(5))
///     .retries(RetryConfig::disabled())
///     .build()?;
/// assert_eq!(client.base_url(), "https://fluxer.example.org/api/v1");
/// # Ok::<(), fluxer_client::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Option<Credentials>,
    user_agent: String,
    timeout: Duration,
    deadline: Duration,
    max_body_size: usize,
    http: Option<reqwest::Client>,
    rate_limits: RateLimitConfig,
    retries: RetryConfig,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// The default settings, without credentials.
    #[must_use]
    pub fn new() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            http: None,
            rate_limits: RateLimitConfig::default(),
            retries: RetryConfig::default(),
        }
    }

    /// The API's base URL, `https://api.fluxer.app/v1` by default. Use it for
    /// a self-hosted instance. A trailing slash is ignored. It stands for the
    /// schema's first top-level server: operations the schema sends to a
    /// path below it (or beside it, on the same host) follow it, those sent
    /// to another host do not (see [`Server`](crate::request::Server)).
    #[must_use]
    pub fn base_url(mut self, base_url: impl AsRef<str>) -> Self {
        base_url.as_ref().clone_into(&mut self.base_url);
        self
    }

    /// The credentials to authenticate with. Required: an API without
    /// security takes [`Credentials::none`]. Each call sends those its
    /// operation accepts ([`Client::set_credentials`] replaces them later).
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Shorthand for `.credentials(Credentials::bot(token))`.
    #[must_use]
    pub fn bot_token(self, token: impl Into<String>) -> Self {
        self.credentials(Credentials::bot(token))
    }

    /// The `User-Agent` header, `fluxer-client/<version>` by default.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How long one attempt may take, from connecting until the whole
    /// response body has arrived. 30 seconds by default. A call may make
    /// several attempts; [`deadline`](Self::deadline) bounds the whole call.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long one call may take in all: waiting in the rate limiter,
    /// every attempt and the waits between retries. 90 seconds by default:
    /// the default [`RateLimitConfig::max_wait`] (60 s) plus the default
    /// [`timeout`](Self::timeout) (30 s), so a call that waits as long as a
    /// rate limit may hold it still has a whole attempt's time to be sent.
    ///
    /// A call that would have to wait past it for a rate limit fails at once
    /// with [`ErrorKind::GaveUpWaiting`]; a retry whose wait would end past
    /// it is not made (the last attempt's error is returned); the last
    /// attempt gets what is left of it as its timeout. So a call never takes
    /// much longer than its deadline, however many calls wait for the same
    /// bucket, and [`RateLimitConfig::max_wait`] only matters when shorter.
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The largest success body read, in bytes: 8 MiB by default. A larger
    /// one fails the call with [`ErrorKind::BodyTooLarge`] as soon as it is
    /// known (from `Content-Length`, or once that many bytes have come),
    /// without reading the rest. Error bodies are read up to 64 KiB (or
    /// this, when smaller) and the rest ignored.
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Sends requests through this `reqwest` client (to share its connection
    /// pool, or to configure proxies or TLS). By default the client gets its
    /// own pool that does not follow redirects.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How the client keeps within the rate limits and retries 429s;
    /// [`RateLimitConfig::default`] unless set. Use
    /// `RateLimitConfig::default().proactive(false)` behind a proxy that does
    /// the limiting, or [`RateLimitConfig::disabled`] to handle every 429
    /// yourself.
    #[must_use]
    pub fn rate_limits(mut self, config: RateLimitConfig) -> Self {
        self.rate_limits = config;
        self
    }

    /// When requests for idempotent operations are retried after a transport
    /// error or a `5xx`; [`RetryConfig::default`] unless set.
    #[must_use]
    pub fn retries(mut self, config: RetryConfig) -> Self {
        self.retries = config;
        self
    }

    /// Checks the settings and makes the client.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Builder`] when no credentials were given, the token or
    /// user agent cannot be sent in a header, the base URL is not an
    /// `http`/`https` URL, the timeout or deadline is zero, the largest body
    /// size is zero bytes, the global rate limit is zero
    /// requests or a zero window, or the HTTP client cannot be initialised.
    /// The message never contains the token.
    pub fn build(self) -> Result<Client, Error> {
        let builder_error = |message: &str| {
            Error::new(ErrorKind::Builder {
                message: message.to_owned(),
            })
        };
        let credentials = self.credentials.ok_or_else(|| {
            builder_error("no credentials: call `credentials(..)` or `bot_token(..)` (`Credentials::none()` for none)")
        })?;
        credentials.check()?;
        if !self
            .user_agent
            .bytes()
            .all(|b| b == b' ' || b.is_ascii_graphic())
        {
            return Err(builder_error(
                "the user agent may only contain visible ASCII characters and spaces",
            ));
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| builder_error("the user agent cannot be sent in an HTTP header"))?;
        if self.timeout.is_zero() {
            return Err(builder_error("the timeout must be longer than zero"));
        }
        if self.deadline.is_zero() {
            return Err(builder_error("the deadline must be longer than zero"));
        }
        if self.max_body_size == 0 {
            return Err(builder_error(
                "the largest body size must be at least one byte",
            ));
        }
        if self.rate_limits.global_limit == Some(0) || self.rate_limits.global_window.is_zero() {
            return Err(builder_error(
                "the global rate limit must allow at least one request in a window longer than zero \
                 (use `global_limit(None)` for no global limit)",
            ));
        }
        let base_url = normalize_base_url(&self.base_url)?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|error| {
                    Error::with_source(
                        ErrorKind::Builder {
                            message: "the HTTP client cannot be initialised".to_owned(),
                        },
                        error,
                    )
                })?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials: std::sync::RwLock::new(Arc::new(credentials)),
                user_agent,
                timeout: self.timeout,
                deadline: self.deadline,
                max_body_size: self.max_body_size,
                limiter: Limiter::new(&self.rate_limits),
                rate_limits: self.rate_limits,
                retries: self.retries,
                jitter: Jitter::new(),
                last_date: std::sync::Mutex::new(None),
            }),
        })
    }
}

/// Checks that `text` is an `http`/`https` URL without credentials, query or
/// fragment, and drops trailing slashes.
fn normalize_base_url(text: &str) -> Result<String, Error> {
    checked_http_url(text, "the base URL")
        .map_err(|message| Error::new(ErrorKind::Builder { message }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "tkn-Zq9-unit-test-secret";

    fn client() -> Client {
        Client::builder().bot_token(TOKEN).build().unwrap()
    }

    #[test]
    fn base_url_is_normalised_and_checked() {
        assert_eq!(client().base_url(), "https://api.fluxer.app/v1");
        for (input, expected) in [
            ("https://api.fluxer.app/v1/", "https://api.fluxer.app/v1"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://127.0.0.1:8080///", "http://127.0.0.1:8080"),
            ("HTTPS://Example.ORG/api", "https://example.org/api"),
        ] {
            let client = Client::builder()
                .bot_token(TOKEN)
                .base_url(input)
                .build()
                .unwrap();
            assert_eq!(client.base_url(), expected);
        }
        for bad in [
            "",
            "api.fluxer.app",
            "ftp://api.fluxer.app",
            "https://user:hunter2@api.fluxer.app",
            "https://api.fluxer.app/v1?x=1",
            "https://api.fluxer.app/v1#x",
            "file:///etc/passwd",
            "https://",
        ] {
            let error = Client::builder()
                .bot_token(TOKEN)
                .base_url(bad)
                .build()
                .unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Builder { .. }), "{bad}");
            assert!(!error.to_string().contains("hunter2"));
        }
    }

    #[test]
    fn builder_rejects_bad_settings() {
        let no_credentials = Client::builder().build().unwrap_err();
        assert!(no_credentials.to_string().contains("no credentials"));
        let bad_agent = Client::builder()
            .bot_token(TOKEN)
            .user_agent("bot\r\nX: y")
            .build()
            .unwrap_err();
        assert!(matches!(bad_agent.kind(), ErrorKind::Builder { .. }));
        for builder in [
            Client::builder().timeout(Duration::ZERO),
            Client::builder().deadline(Duration::ZERO),
            Client::builder().max_body_size(0),
        ] {
            let zero = builder.bot_token(TOKEN).build().unwrap_err();
            assert!(matches!(zero.kind(), ErrorKind::Builder { .. }), "{zero}");
        }
        for limits in [
            RateLimitConfig::default().global_limit(Some(0)),
            RateLimitConfig::default().global_window(Duration::ZERO),
        ] {
            let error = Client::builder()
                .bot_token(TOKEN)
                .rate_limits(limits)
                .build()
                .unwrap_err();
            assert!(error.to_string().contains("global rate limit"), "{error}");
        }
        assert!(
            Client::builder()
                .bot_token(TOKEN)
                .rate_limits(RateLimitConfig::default().global_limit(None))
                .retries(RetryConfig::disabled())
                .build()
                .is_ok()
        );
        let bad_token = Client::builder()
            .bot_token(format!("{TOKEN}\n"))
            .build()
            .unwrap_err();
        assert!(!format!("{bad_token} {bad_token:?}").contains(TOKEN));
    }
}
