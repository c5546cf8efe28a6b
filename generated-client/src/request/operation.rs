//! Which operation a request is for: [`OperationInfo`], its [`Method`] and
//! the [`Server`] its requests go to.

use std::fmt;

use super::security::Security;

/// An HTTP method used by the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method's name as sent: `GET`, `POST`, …
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
            Self::Trace => "TRACE",
        }
    }

    #[cfg(feature = "client")]
    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Post => reqwest::Method::POST,
            Self::Put => reqwest::Method::PUT,
            Self::Patch => reqwest::Method::PATCH,
            Self::Delete => reqwest::Method::DELETE,
            Self::Head => reqwest::Method::HEAD,
            Self::Options => reqwest::Method::OPTIONS,
            Self::Trace => reqwest::Method::TRACE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the schema says about one operation. The generated code has one
/// `static` per operation, such as
/// [`CREATE_CHANNEL_INVITE`](crate::operations::CREATE_CHANNEL_INVITE).
///
/// Outside this crate, build one with [`new`](Self::new) (fields may be
/// added):
///
/// ```
/// use fluxer_client::request::{Method, OperationInfo, Server};
///
/// static UPLOAD: OperationInfo = OperationInfo::new("uploadFile", Method::Post, "/files/content")
///     .with_server(Server::Absolute("https://upload.example.org/api/2.0"));
/// assert!(!UPLOAD.idempotent);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct OperationInfo {
    /// The schema's `operationId`.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path below the [`server`](Self::server), with `{name}` placeholders.
    pub path_template: &'static str,
    /// Whether sending the request twice has the same effect as sending it
    /// once, so that it is safe to retry (the schema's `x-idempotent`). The
    /// client retries transport errors and `5xx` only for such operations
    /// (see [`RetryConfig`](crate::RetryConfig)); `429`s are retried for all.
    pub idempotent: bool,
    /// Where the request goes: the client's base URL unless the schema's
    /// `servers` say otherwise.
    pub server: Server,
    /// Which credentials it accepts (the schema's `security`, the
    /// operation's or else the document's).
    pub security: Security,
}

impl OperationInfo {
    /// An operation sent to the client's base URL with every credential the
    /// client holds, idempotent when its method
    /// is by HTTP's definition (RFC 9110 §9.2.2: `GET`, `PUT`, `DELETE`,
    /// `HEAD`, `OPTIONS`, `TRACE`).
    #[must_use]
    pub const fn new(
        operation_id: &'static str,
        method: Method,
        path_template: &'static str,
    ) -> Self {
        Self {
            operation_id,
            method,
            path_template,
            idempotent: matches!(
                method,
                Method::Get
                    | Method::Put
                    | Method::Delete
                    | Method::Head
                    | Method::Options
                    | Method::Trace
            ),
            server: Server::Base,
            security: Security::Client,
        }
    }

    /// The same operation, [idempotent](Self::idempotent) or not.
    #[must_use]
    pub const fn with_idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// The same operation, accepting `security` (by default it sends every
    /// credential the client holds: [`Security::Client`]).
    #[must_use]
    pub const fn with_security(mut self, security: Security) -> Self {
        self.security = security;
        self
    }

    /// The same operation, sent to `server`.
    #[must_use]
    pub const fn with_server(mut self, server: Server) -> Self {
        self.server = server;
        self
    }
}

/// Where an operation's requests go: the URL its path is appended to.
///
/// The generator decides it from the operation's `servers` (or its path
/// item's) and the document's first top-level server, which the client's
/// [base URL](crate::ClientBuilder::base_url) stands for.
///
/// The credentials the operation accepts go with its requests wherever they
/// go: the client's base URL and a [`Relative`](Self::Relative) server share
/// its origin (the client refuses a reference that would leave it), and an
/// [`Absolute`](Self::Absolute) server is a URL written in the schema, never
/// one a response or an argument supplies.
///
/// ```
/// # #[cfg(feature = "client")] {
/// use fluxer_client::Client;
/// use fluxer_client::request::{Method, OperationInfo, RequestSpec, Server};
///
/// static LIST: OperationInfo = OperationInfo::new("list", Method::Get, "/things");
/// static LIST_V2: OperationInfo = LIST.with_server(Server::Relative("../v2"));
/// static UPLOAD: OperationInfo = OperationInfo::new("upload", Method::Post, "/things")
///     .with_server(Server::Absolute("https://upload.example.org/api"));
///
/// let client = Client::builder()
///     .bot_token("token")
///     .base_url("https://self-hosted.example.org/api/v1")
///     .build()?;
/// let url = |op| client.prepare(&RequestSpec::<()>::new(op, "/things")).map(|r| r.url().to_owned());
/// assert_eq!(url(&LIST)?, "https://self-hosted.example.org/api/v1/things");
/// assert_eq!(url(&LIST_V2)?, "https://self-hosted.example.org/api/v2/things");
/// assert_eq!(url(&UPLOAD)?, "https://upload.example.org/api/things");
/// # }
/// # Ok::<(), fluxer_client::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Server {
    /// The client's base URL.
    Base,
    /// A relative reference (RFC 3986: `uploads`, `../v2`, `/v2`) resolved
    /// against the client's base URL taken as a directory (with a trailing
    /// `/`), so it follows a self-hosted base URL: with the base URL
    /// `https://example.org/api/v1`, `uploads` is
    /// `https://example.org/api/v1/uploads` and `../v2` is
    /// `https://example.org/api/v2`. It must stay on the base URL's origin
    /// (scheme, host and port) and have no query or fragment.
    Relative(&'static str),
    /// An absolute `http` or `https` URL (`https://upload.box.com/api/2.0`),
    /// for an API that serves some operations from another host; the client's
    /// base URL does not change it. No user name, query or fragment.
    Absolute(&'static str),
}
