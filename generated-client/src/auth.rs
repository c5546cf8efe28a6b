//! [`Credentials`]: the token sent in the `Authorization` header.

#![deny(missing_docs)]

use std::fmt;

use reqwest::header::HeaderValue;

use crate::error::{Error, ErrorKind};

/// How the client authenticates: a token and the scheme it is sent with.
///
/// The token is never shown: `Debug` prints `Credentials::Bot(<redacted>)`,
/// and no error message of this crate contains it.
///
/// ```
/// use fluxer_client::Credentials;
///
/// let credentials = Credentials::bot("my-secret-token");
/// assert_eq!(format!("{credentials:?}"), "Credentials::Bot(<redacted>)");
/// ```
#[derive(Clone)]
pub struct Credentials {
    scheme: Scheme,
    token: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    Bot,
    Bearer,
    Session,
}

impl Credentials {
    /// A bot token, sent as `Authorization: Bot <token>`. This is what bots use.
    pub fn bot(token: impl Into<String>) -> Self {
        Self {
            scheme: Scheme::Bot,
            token: token.into(),
        }
    }

    /// An OAuth2 access token, sent as `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self {
            scheme: Scheme::Bearer,
            token: token.into(),
        }
    }

    /// A user session token, sent as the raw `Authorization: <token>`.
    pub fn session(token: impl Into<String>) -> Self {
        Self {
            scheme: Scheme::Session,
            token: token.into(),
        }
    }

    fn scheme_name(&self) -> &'static str {
        match self.scheme {
            Scheme::Bot => "Bot",
            Scheme::Bearer => "Bearer",
            Scheme::Session => "Session",
        }
    }

    /// The `Authorization` header value, marked sensitive.
    ///
    /// Fails with [`ErrorKind::Builder`] when the token is empty or contains a
    /// character other than visible ASCII; the message names the problem and
    /// its position, never the token.
    pub(crate) fn header_value(&self) -> Result<HeaderValue, Error> {
        let what = match self.scheme {
            Scheme::Bot => "bot token",
            Scheme::Bearer => "bearer token",
            Scheme::Session => "session token",
        };
        if self.token.is_empty() {
            return Err(Error::new(ErrorKind::Builder {
                message: format!("the {what} is empty"),
            }));
        }
        if let Some(position) = self.token.bytes().position(|b| !b.is_ascii_graphic()) {
            return Err(Error::new(ErrorKind::Builder {
                message: format!(
                    "the {what} contains a character that cannot be sent in an HTTP header \
                     (whitespace, a control character or non-ASCII) at byte {position}"
                ),
            }));
        }
        let text = match self.scheme {
            Scheme::Bot => format!("Bot {}", self.token),
            Scheme::Bearer => format!("Bearer {}", self.token),
            Scheme::Session => self.token.clone(),
        };
        // Cannot fail after the check above, but an error is still better than a panic.
        let mut value = HeaderValue::from_str(&text).map_err(|_| {
            Error::new(ErrorKind::Builder {
                message: format!("the {what} cannot be sent in an HTTP header"),
            })
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credentials::{}(<redacted>)", self.scheme_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "MTE4MzQzNjQ3ODQyMTE0NzY0OA.secret-token";

    #[test]
    fn header_values() {
        let bot = Credentials::bot(TOKEN).header_value().unwrap();
        assert_eq!(bot.to_str().unwrap(), format!("Bot {TOKEN}"));
        assert!(bot.is_sensitive());
        let bearer = Credentials::bearer(TOKEN).header_value().unwrap();
        assert_eq!(bearer.to_str().unwrap(), format!("Bearer {TOKEN}"));
        let session = Credentials::session(TOKEN).header_value().unwrap();
        assert_eq!(session.to_str().unwrap(), TOKEN);
    }

    #[test]
    fn debug_is_redacted() {
        for (credentials, name) in [
            (Credentials::bot(TOKEN), "Bot"),
            (Credentials::bearer(TOKEN), "Bearer"),
            (Credentials::session(TOKEN), "Session"),
        ] {
            let shown = format!("{credentials:?} {credentials:#?}");
            assert!(!shown.contains(TOKEN));
            assert!(shown.contains(&format!("Credentials::{name}(<redacted>)")));
        }
    }

    #[test]
    fn rejects_bad_tokens_without_echoing_them() {
        for token in [
            "xyzzy\r\nX-Injected: 1",
            "xyzzy\nline",
            "xyz zy",
            "xyzzy\t",
            "xyzzé",
            "xyzzy\u{7f}",
            "",
        ] {
            let error = Credentials::bot(token).header_value().unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::Builder { .. }));
            let shown = format!("{error} {error:?}");
            if !token.is_empty() {
                assert!(!shown.contains("xyz"), "{shown}");
            }
        }
    }
}
