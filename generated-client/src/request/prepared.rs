//! [`PreparedRequest`]: a request as it would be sent (method, full URL,
//! headers and body), made by [`Client::prepare`](crate::Client::prepare).

use std::fmt;

use super::operation::{Method, OperationInfo};
use super::spec::BodyDebug;

/// A request ready to send: method, full URL, headers and body.
///
/// Made by [`Client::prepare`](crate::Client::prepare). Its `Debug` output
/// redacts every header holding a credential (`Authorization`, an `apiKey`
/// header, the `Cookie` header with an `apiKey` cookie) and a query holding
/// one; [`url`](Self::url), [`headers`](Self::headers) and
/// [`header`](Self::header) do not, so treat what they return as a secret.
#[cfg(feature = "client")]
#[derive(Clone)]
pub struct PreparedRequest {
    pub(crate) operation: &'static OperationInfo,
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    /// The headers (lower case) whose values hold a secret.
    pub(crate) secret_headers: Vec<String>,
    /// Whether the URL's query holds a secret (an `apiKey` in the query).
    pub(crate) secret_in_url: bool,
}

#[cfg(feature = "client")]
impl PreparedRequest {
    /// The operation this request is for.
    #[must_use]
    pub fn operation(&self) -> &'static OperationInfo {
        self.operation
    }

    /// The HTTP method.
    #[must_use]
    pub fn method(&self) -> Method {
        self.method
    }

    /// The full URL, query included.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every header to send, names in lower case.
    ///
    /// **Sensitive:** includes `authorization`, which contains the token.
    #[must_use]
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The value of the header `name` (case-insensitive), if set.
    ///
    /// **Sensitive:** `header("authorization")` returns the token.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The JSON body, if any.
    #[must_use]
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The JSON body, by value.
    #[must_use]
    pub fn into_body(self) -> Option<Vec<u8>> {
        self.body
    }
}

#[cfg(feature = "client")]
impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(String, String)], &'a [String]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(name, value)| {
                        let shown = if name.eq_ignore_ascii_case("authorization")
                            || self
                                .1
                                .iter()
                                .any(|secret| secret.eq_ignore_ascii_case(name))
                        {
                            "<redacted>"
                        } else {
                            value.as_str()
                        };
                        (name, shown)
                    }))
                    .finish()
            }
        }
        let url = match self.url.split_once('?') {
            Some((before, _)) if self.secret_in_url => format!("{before}?<redacted>"),
            _ => self.url.clone(),
        };
        f.debug_struct("PreparedRequest")
            .field("operation", &self.operation.operation_id)
            .field("method", &self.method)
            .field("url", &url)
            .field("headers", &Headers(&self.headers, &self.secret_headers))
            .field("body", &self.body.as_deref().map(BodyDebug))
            .finish()
    }
}
