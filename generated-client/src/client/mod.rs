//! [`Client`] and [`Response`]: sending requests and what comes back.
//!
//! # One request's path
//!
//! 1. A generated function in [`operations`](crate::operations) validates
//!    its arguments and builds a [`RequestSpec`]: the operation, the path,
//!    the query, the headers and the body, not yet sent.
//! 2. [`Client::execute`] hands it to `Inner::call` (`send.rs`). It becomes
//!    the `Outgoing` request (`attempt.rs`: the URL from `url.rs`, the body,
//!    the checked headers; the same for every attempt) inside a `Call`
//!    (`send.rs`: the `Outgoing`, the rate-limit bucket from
//!    [`request`](crate::request)'s route, the trace span and the deadline).
//! 3. `Inner::send` (`send.rs`) loops under the call's deadline: it waits
//!    for the limiter's permit, makes an attempt (`Inner::attempt`,
//!    `attempt.rs`: the `Outgoing` sent once), which gives a `Reply` (the
//!    status, the headers and the body read up to its limit) or a transport
//!    error. It sends again after a 429 (within the rate-limit settings), or
//!    after a failure when `RetryConfig::after_failure` (`retry.rs`, the one
//!    place that decides it) allows it.
//! 4. The call ends with a `FinalReply` (`answer.rs`: the last `Reply`, its
//!    body whole, with the attempts and the time waited) or an [`Error`].
//! 5. `FinalReply::interpret` (`answer.rs`) gives the caller a
//!    [`Response`] (the body decoded as `T`) or an [`Error`] (the error
//!    status, its body and rate-limit headers).
//!
//! [`Client::prepare`] takes a side road: it turns a [`RequestSpec`] into a
//! [`PreparedRequest`] (method, URL, headers and body) without sending it.
//! [`ClientBuilder`] (`builder.rs`) makes the [`Client`].

#![deny(missing_docs)]

mod answer;
mod attempt;
mod builder;
mod download;
mod send;
mod url;

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use jiff::Timestamp;
use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;

use crate::auth::Credentials;
use crate::error::Error;
#[cfg(doc)]
use crate::error::ErrorKind;
use crate::rate_limit::{Limiter, RateLimitConfig, RateLimitInfo};
use crate::request::{PreparedRequest, RequestSpec};
use crate::retry::{Jitter, RetryConfig};

/// The `Accept` header of every request: JSON first, and anything else
/// (an image, a CSV file an operation documents) rather than a
/// `406 Not Acceptable` from a server that negotiates.
pub(crate) const ACCEPT: &str = "application/json, */*;q=0.1";

pub use builder::ClientBuilder;
pub use download::ByteStream;

/// A Fluxer API client.
///
/// Cheap to clone (the clones share one connection pool and one rate
/// limiter) and safe to share between tasks. Every operation of the API is a
/// method, such as [`create_channel_invite`](Client::create_channel_invite);
/// each validates its arguments before sending anything.
///
/// By default the client keeps within Fluxer's rate limits on its own (see
/// [`RateLimitConfig`]): it waits for a used-up bucket to reset rather than
/// sending a request that would be refused, and sends a request answered
/// `429` again after the server's `retry_after`. Requests for
/// [idempotent](crate::request::OperationInfo::idempotent) operations are
/// also retried, with backoff, after a transport error or a `5xx` (see
/// [`RetryConfig`]); others, such as creating a group DM, are never sent
/// twice by the client.
///
/// Each request is traced as a `fluxer_request` span (at `DEBUG`) with the
/// method, route template and major parameter, and once it ends the number
/// of attempts, the status and the time waited for rate limits; each attempt
/// is a `fluxer_attempt` span inside it (its number and status). No token is
/// ever logged. Each call is bounded by the builder's
/// [`deadline`](ClientBuilder::deadline), each attempt by its
/// [`timeout`](ClientBuilder::timeout), each body by
/// [`max_body_size`](ClientBuilder::max_body_size). Dropping the future of a
/// request cancels it.
///
/// ```no_run
/// use fluxer_client::{Client, Credentials};
///
/// # fn run() -> Result<(), fluxer_client::Error> {
/// let client = Client::builder()
///     .credentials(Credentials::bot(std::env::var("FLUXER_TOKEN").unwrap_or_default()))
///     .build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl Client {
    /// Starts configuring a client.
    #[must_use]
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client for the official instance with the default settings.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Builder`] when a secret cannot be sent where its scheme
    /// puts it.
    pub fn new(credentials: Credentials) -> Result<Self, Error> {
        Self::builder().credentials(credentials).build()
    }

    /// The base URL paths are appended to, without a trailing slash. An
    /// operation whose schema names another server
    /// ([`OperationInfo::server`](crate::request::OperationInfo::server))
    /// goes to that server instead: a
    /// [`Relative`](crate::request::Server::Relative) one is resolved against
    /// this URL, an [`Absolute`](crate::request::Server::Absolute) one is used
    /// as it is.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Turns a request into method, URL, headers and body without sending it,
    /// to inspect it or to send it with another HTTP stack.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Credentials`] when the operation accepts none of the
    /// client's credentials; [`ErrorKind::Encode`] when the path has an
    /// empty, `.` or `..` segment, the URL cannot be built or a header of the
    /// call's options is invalid.
    pub fn prepare<T>(&self, request: &RequestSpec<T>) -> Result<PreparedRequest, Error> {
        let operation = request.operation();
        let applied = self
            .inner
            .credentials()
            .apply(operation.operation_id, &operation.security)?;
        let mut url = self.inner.url_for(request)?;
        add_query(&mut url, &applied.query);
        let secret_in_url = applied.in_url();
        let text = |value: &HeaderValue| String::from_utf8_lossy(value.as_bytes()).into_owned();
        let mut headers: Vec<(String, String)> = applied
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), text(value)))
            .collect();
        let mut secret_headers: Vec<String> =
            headers.iter().map(|(name, _)| name.clone()).collect();
        headers.push(("user-agent".to_owned(), text(&self.inner.user_agent)));
        headers.push(("accept".to_owned(), ACCEPT.to_owned()));
        if let Some(content_type) = request.content_type() {
            headers.push(("content-type".to_owned(), content_type.to_owned()));
        }
        let added = request
            .call_options()
            .checked_headers()
            .map_err(|message| {
                Error::new(crate::error::ErrorKind::Encode {
                    message: format!("`{}`: {message}", operation.operation_id),
                })
            })?;
        let mut cookies: Vec<String> = Vec::new();
        for (name, value) in request
            .header_pairs()
            .iter()
            .map(|(name, value)| (*name, value.clone()))
            .chain(added)
        {
            if name.eq_ignore_ascii_case("cookie") {
                cookies.push(value);
            } else {
                headers.push((name.to_ascii_lowercase(), value));
            }
        }
        if !applied.cookies.is_empty() {
            secret_headers.push("cookie".to_owned());
        }
        cookies.extend(applied.cookies);
        if !cookies.is_empty() {
            headers.push(("cookie".to_owned(), cookies.join("; ")));
        }
        Ok(PreparedRequest {
            operation,
            method: operation.method,
            url: url.into(),
            headers,
            body: request.body().map(<[u8]>::to_vec),
            secret_headers,
            secret_in_url,
        })
    }

    /// Sends a request and decodes the success body as `T`, returning it with
    /// the response's status, rate-limit headers, attempts and waits.
    ///
    /// Every operation's method (such as `create_channel_invite`) is this
    /// call with the operation's request, keeping only the body; call it
    /// yourself with the function of the same name in
    /// [`operations`](crate::operations) for the [`Response`]:
    ///
    /// ```no_run
    /// use fluxer_client::models::CreateChannelInviteRequest;
    /// use fluxer_client::ids::ChannelId;
    /// use fluxer_client::{Client, operations};
    ///
    /// # async fn run(client: Client) -> Result<(), fluxer_client::Error> {
    /// let request = CreateChannelInviteRequest::default();
    /// let response = client
    ///     .execute(operations::create_channel_invite(ChannelId::new(1), &request)?)
    ///     .await?;
    /// println!("{} attempts, {:?} waited", response.attempts(), response.rate_limit_wait());
    /// let invite = response.into_data();
    /// # let _ = invite;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// An empty success body decodes as JSON `null`, so `T = ()` fits a
    /// `204 No Content`.
    ///
    /// Waits as the rate limits require and retries as the client's
    /// [`RateLimitConfig`] and [`RetryConfig`] allow, all within the client's
    /// [`deadline`](ClientBuilder::deadline); dropping the returned future
    /// cancels the request, wherever it is.
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::Credentials`] when the operation accepts none of the
    ///   client's credentials (nothing was sent);
    /// - [`ErrorKind::Encode`] when the URL cannot be built, or a header of
    ///   the call's [`CallOptions`](crate::request::CallOptions) is invalid;
    /// - [`ErrorKind::GaveUpWaiting`] when the rate limits would have kept the
    ///   call waiting past `max_wait` or the deadline (nothing more was sent);
    /// - [`ErrorKind::Connect`] when no connection could be made, so the
    ///   request was not sent, after any retries;
    /// - [`ErrorKind::OutcomeUnknown`] when the request was sent but no
    ///   complete answer came back (dropped connection, timeout): the API
    ///   may have carried it out;
    /// - [`ErrorKind::RateLimited`] on `429 Too Many Requests` once no retry
    ///   is left;
    /// - [`ErrorKind::Api`] on any other status outside `2xx`;
    /// - [`ErrorKind::BodyTooLarge`] when the success body is larger than
    ///   [`max_body_size`](ClientBuilder::max_body_size);
    /// - [`ErrorKind::Decode`] when a success body is not a `T`.
    pub async fn execute<T: DeserializeOwned>(
        &self,
        request: RequestSpec<T>,
    ) -> Result<Response<T>, Error> {
        let reply = self.inner.call(request, false).await?;
        reply.interpret(answer::decode)
    }

    /// Sends a request whose success body is not JSON (an image, a CSV file)
    /// and returns the body's bytes as they came.
    ///
    /// # Errors
    ///
    /// As for [`execute`](Self::execute), but a success body is never a decode error.
    pub async fn execute_bytes(
        &self,
        request: RequestSpec<Vec<u8>>,
    ) -> Result<Response<Vec<u8>>, Error> {
        let reply = self.inner.call(request, false).await?;
        reply.interpret(|_, body| Ok(body.to_vec()))
    }

    /// Sends a request whose success body is not JSON and returns the body
    /// as a [`ByteStream`], read chunk by chunk as it arrives instead of
    /// whole: a download of any size costs the memory of one chunk. The
    /// body is still bounded by [`max_body_size`](ClientBuilder::max_body_size),
    /// checked on the bytes read so far. Error bodies are read whole (up to
    /// 64 KiB) and returned as errors, as by [`execute`](Self::execute).
    ///
    /// ```no_run
    /// # async fn run(client: fluxer_client::Client, request: fluxer_client::request::RequestSpec<Vec<u8>>) -> Result<(), fluxer_client::Error> {
    /// let mut body = client.execute_stream(request).await?.into_data();
    /// while let Some(chunk) = body.next_chunk().await? {
    ///     // Write `chunk` to a file.
    ///     # let _ = chunk;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`execute_bytes`](Self::execute_bytes); reading the stream
    /// has its own errors ([`ByteStream::next_chunk`]).
    pub async fn execute_stream(
        &self,
        request: RequestSpec<Vec<u8>>,
    ) -> Result<Response<ByteStream>, Error> {
        let operation = request.operation();
        let mut reply = self.inner.call(request, true).await?;
        let stream = reply.stream.take();
        let limit = self.inner.max_body_size;
        // Every success answer of a streamed call is handed over unread.
        reply.interpret(|status, _| Ok(ByteStream::new(stream, operation, status, limit)))
    }

    /// Forgets what the client learned about rate limits from the server:
    /// every bucket's limit and reset, waits after 429s and a global pause,
    /// and the estimate of the server's clock. Calls waiting in the limiter
    /// move on; requests in flight still count until they end. For when the
    /// server's answers were wrong (a reset far ahead, a clock that was off)
    /// without rebuilding the client; clones share what is forgotten.
    pub fn forget_rate_limits(&self) {
        self.inner.limiter.forget();
    }

    /// Replaces the client's credentials, for this client and all its
    /// clones; calls already under way keep the ones they started with. For
    /// a token that was renewed or revoked, without rebuilding the client
    /// (its rate limits and connections are kept).
    ///
    /// ```
    /// use fluxer_client::{Client, Credentials};
    ///
    /// let client = Client::builder().bot_token("old-token").build()?;
    /// let clone = client.clone();
    /// client.set_credentials(Credentials::bot("new-token"))?;
    /// assert_eq!(format!("{clone:?}").matches("Bot(<redacted>)").count(), 1);
    /// # Ok::<(), fluxer_client::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Builder`] when a secret cannot be sent where its scheme
    /// puts it; the credentials are then left as they were. The message
    /// never contains a secret.
    pub fn set_credentials(&self, credentials: Credentials) -> Result<(), Error> {
        credentials.check()?;
        *self
            .inner
            .credentials
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(credentials);
        Ok(())
    }
}

/// Adds `pairs` (not yet encoded) to the query of `url`.
fn add_query(url: &mut reqwest::Url, pairs: &[(String, String)]) {
    if !pairs.is_empty() {
        let mut query = url.query_pairs_mut();
        for (name, value) in pairs {
            query.append_pair(name, value);
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &*self.inner.credentials())
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("max_body_size", &self.inner.max_body_size)
            .field("rate_limits", &self.inner.rate_limits)
            .field("retries", &self.inner.retries)
            .finish_non_exhaustive()
    }
}

/// A successful response: the status, the rate-limit headers and the decoded
/// body, and how many attempts and how much waiting it took.
#[derive(Clone, Debug, PartialEq)]
pub struct Response<T> {
    status: u16,
    rate_limit: Option<RateLimitInfo>,
    data: T,
    attempts: u32,
    rate_limit_wait: Duration,
}

impl<T> Response<T> {
    /// The HTTP status code (`2xx`).
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The rate-limit headers of the response, if it had any.
    #[must_use]
    pub fn rate_limit(&self) -> Option<&RateLimitInfo> {
        self.rate_limit.as_ref()
    }

    /// How many times the request was sent: 1, or more after retries.
    #[must_use]
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// How long the request waited for rate limits: for a bucket or the
    /// global limit to reset, and for the `retry_after` of 429s.
    #[must_use]
    pub fn rate_limit_wait(&self) -> Duration {
        self.rate_limit_wait
    }

    /// The decoded body.
    #[must_use]
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The decoded body, by value.
    #[must_use]
    pub fn into_data(self) -> T {
        self.data
    }
}

/// What all clones of a [`Client`] share: its settings, connection pool and
/// rate limiter. The private machinery behind [`Client`]'s methods lives on
/// `Inner`, not on `Client`, so that the inherent methods of `Client` are
/// exactly its public surface (generated code adds one per operation; see
/// `reserved_methods.txt`): sending in `send.rs` and `attempt.rs`, URLs in
/// `url.rs`.
struct Inner {
    http: reqwest::Client,
    /// Without a trailing slash.
    base_url: String,
    /// Swapped whole by [`Client::set_credentials`]; each call takes the
    /// ones current when it starts.
    credentials: RwLock<Arc<Credentials>>,
    user_agent: HeaderValue,
    timeout: Duration,
    deadline: Duration,
    max_body_size: usize,
    rate_limits: RateLimitConfig,
    retries: RetryConfig,
    limiter: Limiter,
    jitter: Jitter,
    /// The last `Date` header read, and its time: it changes once a second.
    last_date: std::sync::Mutex<Option<(HeaderValue, Timestamp)>>,
}

impl Inner {
    /// The credentials now.
    fn credentials(&self) -> Arc<Credentials> {
        Arc::clone(
            &self
                .credentials
                .read()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "tkn-Zq9-unit-test-secret";

    fn client() -> Client {
        Client::builder().bot_token(TOKEN).build().unwrap()
    }

    #[test]
    fn debug_hides_the_token() {
        let client = client();
        let shown = format!(
            "{client:?} {client:#?} {:?}",
            Client::builder().bot_token(TOKEN)
        );
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("Credentials[Bot(<redacted>)]"), "{shown}");
    }

    #[test]
    fn client_is_send_sync_and_cheap_to_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Client>();
        let a = client();
        let b = a.clone();
        assert!(Arc::ptr_eq(&a.inner, &b.inner));
    }
}
