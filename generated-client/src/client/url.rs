//! A request's URL: its server (the client's base URL, a reference resolved
//! against it, or an absolute URL from the schema), its path and its query,
//! checked so that the token only goes where the base URL does.

use super::Inner;
use crate::error::{Error, ErrorKind};
use crate::request::{RequestSpec, Server, check_path};

impl Inner {
    /// The full URL of a request, checked: its server (the base URL, a
    /// reference resolved against it, or an absolute URL), the path and the
    /// query.
    pub(super) fn url_for<T>(&self, request: &RequestSpec<T>) -> Result<reqwest::Url, Error> {
        check_path(request.path(), request.operation().path_template)?;
        let operation = request.operation();
        let server = match operation.server {
            Server::Base => Ok(std::borrow::Cow::Borrowed(self.base_url.as_str())),
            Server::Relative(reference) => self.relative_server(reference).map(Into::into),
            Server::Absolute(url) => checked_http_url(url, "the server URL").map(Into::into),
        }
        .map_err(|why| {
            Error::new(ErrorKind::Encode {
                message: format!(
                    "the server of `{}` cannot be used: {why}",
                    operation.operation_id
                ),
            })
        })?;
        let mut url = format!("{server}{}", request.path());
        // The pairs are percent-encoded already, each as its style requires.
        let query = request.query_string();
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        reqwest::Url::parse(&url).map_err(|error| {
            Error::with_source(
                ErrorKind::Encode {
                    message: format!("the URL for `{}` cannot be built", operation.operation_id),
                },
                error,
            )
        })
    }

    /// A relative reference resolved against the base URL taken as a
    /// directory (RFC 3986 §5), without a trailing slash; it must keep the
    /// base URL's origin, so the token only goes where the base URL does.
    fn relative_server(&self, reference: &str) -> Result<String, String> {
        let base = reqwest::Url::parse(&format!("{}/", self.base_url))
            .map_err(|_| "the base URL is not a valid URL".to_owned())?;
        let joined = base
            .join(reference)
            .map_err(|error| format!("the reference is not a valid URL ({error})"))?;
        if joined.origin() != base.origin() {
            return Err("the reference leads away from the base URL's origin".to_owned());
        }
        if joined.query().is_some() || joined.fragment().is_some() {
            return Err("the reference has a query (`?`) or fragment (`#`)".to_owned());
        }
        Ok(joined.as_str().trim_end_matches('/').to_owned())
    }
}

/// `text` without trailing slashes if it is an `http`/`https` URL with a
/// host and without credentials, query or fragment, or why not (a sentence
/// that starts with `what` and does not echo the URL, which might carry a
/// password).
pub(super) fn checked_http_url(text: &str, what: &str) -> Result<String, String> {
    let url = match reqwest::Url::parse(text) {
        Ok(url) => url,
        Err(error) => return Err(format!("{what} is not a valid URL: {error}")),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "{what} must start with `https://` or `http://`, not `{}:`",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{what} has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "{what} must not contain a user name or password; use `credentials(..)`"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "{what} must not have a query (`?`) or fragment (`#`)"
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}
