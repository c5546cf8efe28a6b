//! [`Credentials`]: the secrets the client holds, one per security scheme,
//! and how they are applied to a request as its operation's `security`
//! says (`Credentials::apply`).

#![deny(missing_docs)]

use std::fmt;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::error::{Error, ErrorKind};
use crate::request::{ApiKeyLocation, SchemeKind, Security, SecurityScheme};

/// The secrets the client authenticates with: for each security scheme of
/// the schema (the generated [`security`](crate::security) module has one
/// `static` per scheme), a token, or a user name and password for HTTP
/// basic. A call sends those its operation accepts (its `security`); when
/// the operation accepts none of them, the call fails before anything is
/// sent, with [`ErrorKind::Credentials`].
///
/// The shorthands [`bot`](Self::bot), [`bearer`](Self::bearer) and
/// [`session`](Self::session) fit any scheme that sends the token that way.
/// Combine credentials with [`and`](Self::and).
///
/// No secret is ever shown: `Debug` prints the kinds only, and no error
/// message of this crate contains a secret.
///
/// ```
/// use fluxer_client::{Credentials, security};
///
/// let credentials = Credentials::bot("my-secret-token")
///     .and(Credentials::token(&security::ADMIN_API_KEY, "admin-secret"));
/// let shown = format!("{credentials:?}");
/// assert_eq!(shown, "Credentials[Bot(<redacted>), adminApiKey(<redacted>)]");
/// ```
#[derive(Clone, Default)]
pub struct Credentials {
    entries: Vec<Entry>,
}

/// One secret and the schemes it is for.
#[derive(Clone)]
struct Entry {
    target: Target,
    secret: Secret,
}

/// Which schemes a secret is for.
#[derive(Clone, Copy)]
enum Target {
    /// Exactly this scheme of the schema.
    Scheme(&'static SecurityScheme),
    /// Any `http` scheme named `Bot`.
    Bot,
    /// Any scheme that takes a bearer token (`http` `bearer`, `oauth2`,
    /// `openIdConnect`).
    Bearer,
    /// Any `apiKey` scheme in the `Authorization` header: the raw token.
    Session,
}

#[derive(Clone)]
enum Secret {
    Token(String),
    Basic { user: String, password: String },
}

/// What credentials add to one request: headers (marked sensitive), query
/// pairs (percent-encoded) and cookies (`name=value`).
#[derive(Default)]
pub(crate) struct Applied {
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) cookies: Vec<String>,
}

impl Credentials {
    /// No credentials: only operations that need none can be called.
    #[must_use]
    pub fn none() -> Self {
        Self::default()
    }

    /// A bot token, sent as `Authorization: Bot <token>`, for every scheme
    /// that sends it so: an `http` scheme `Bot`, or an `apiKey` in the
    /// `Authorization` header with the `x-token-prefix` `Bot ` (Fluxer's
    /// `botToken`). This is what bots use.
    pub fn bot(token: impl Into<String>) -> Self {
        Self::one(Target::Bot, Secret::Token(token.into()))
    }

    /// A bearer token (an OAuth2 access token), sent as
    /// `Authorization: Bearer <token>`, for every scheme that takes one:
    /// `http` `bearer`, `oauth2` and `openIdConnect`.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::one(Target::Bearer, Secret::Token(token.into()))
    }

    /// A user session token, sent as the raw `Authorization: <token>`, for
    /// every `apiKey` scheme in the `Authorization` header without a prefix
    /// (Fluxer's `sessionToken`).
    pub fn session(token: impl Into<String>) -> Self {
        Self::one(Target::Session, Secret::Token(token.into()))
    }

    /// A token for one scheme of the schema, sent as the scheme says: an
    /// `apiKey` as it is (header, query parameter or cookie), `http` as
    /// `Authorization: <scheme> <token>` (for `basic`, the token is the
    /// already encoded `base64(user:password)`), `oauth2` and
    /// `openIdConnect` as `Authorization: Bearer <token>`.
    pub fn token(scheme: &'static SecurityScheme, token: impl Into<String>) -> Self {
        Self::one(Target::Scheme(scheme), Secret::Token(token.into()))
    }

    /// A user name and password for an `http` `basic` scheme, sent as
    /// `Authorization: Basic <base64(user:password)>`.
    pub fn basic(
        scheme: &'static SecurityScheme,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self::one(
            Target::Scheme(scheme),
            Secret::Basic {
                user: user.into(),
                password: password.into(),
            },
        )
    }

    /// These credentials and `other`'s; for a scheme both have, `other`'s.
    #[must_use]
    pub fn and(mut self, other: Credentials) -> Self {
        for entry in other.entries {
            self.entries
                .retain(|existing| !existing.target.same(&entry.target));
            self.entries.push(entry);
        }
        self
    }

    fn one(target: Target, secret: Secret) -> Self {
        Self {
            entries: vec![Entry { target, secret }],
        }
    }

    /// Checks that every secret can be sent where it goes.
    ///
    /// Fails with [`ErrorKind::Builder`] when one is empty or holds a
    /// character that cannot be sent there; the message names the problem
    /// and its position, never the secret.
    pub(crate) fn check(&self) -> Result<(), Error> {
        for entry in &self.entries {
            entry.applied(entry.target.kind())?;
        }
        Ok(())
    }

    /// What the credentials add to a request for the operation
    /// `operation_id`, which accepts `security`.
    ///
    /// Of the operation's alternatives, the first that the credentials
    /// fully cover is sent (an empty one, needing nothing, only when none
    /// is covered); with no alternative at all, nothing is sent.
    pub(crate) fn apply(&self, operation_id: &str, security: &Security) -> Result<Applied, Error> {
        let mut applied = Applied::default();
        let alternatives = match security {
            Security::Client => {
                for entry in &self.entries {
                    applied.add(entry.applied(entry.target.kind())?);
                }
                return Ok(applied);
            }
            Security::Requirements(alternatives) => alternatives,
        };
        if alternatives.is_empty() {
            return Ok(applied);
        }
        let covered = alternatives
            .iter()
            .filter(|alternative| !alternative.is_empty())
            .find_map(|alternative| {
                alternative
                    .iter()
                    .map(|scheme| self.for_scheme(scheme).map(|entry| (*scheme, entry)))
                    .collect::<Option<Vec<_>>>()
            });
        match covered {
            Some(entries) => {
                for (scheme, entry) in entries {
                    if let Some(entry) = entry {
                        applied.add(entry.applied(SchemeOrShorthand::Scheme(scheme))?);
                    }
                }
                Ok(applied)
            }
            None if alternatives
                .iter()
                .any(|alternative| alternative.is_empty()) =>
            {
                Ok(applied)
            }
            None => {
                let held: Vec<&str> = self.entries.iter().map(|e| e.target.name()).collect();
                let held = if held.is_empty() {
                    "none".to_owned()
                } else {
                    held.join(", ")
                };
                Err(Error::new(ErrorKind::Credentials {
                    message: format!(
                        "`{operation_id}` accepts {security}, and the client's credentials are \
                         for none of them (it has: {held})"
                    ),
                }))
            }
        }
    }

    /// The entry that covers `scheme` (`Some(None)` for a scheme that needs
    /// no secret from the client), or `None`. An entry for the scheme
    /// itself comes before a shorthand.
    fn for_scheme(&self, scheme: &SecurityScheme) -> Option<Option<&Entry>> {
        if scheme.kind == SchemeKind::MutualTls {
            return Some(None);
        }
        let exact = self.entries.iter().find(|entry| {
            matches!(entry.target, Target::Scheme(own) if own.key == scheme.key && own.kind == scheme.kind)
        });
        let shorthand = || {
            self.entries.iter().find(|entry| match entry.target {
                Target::Scheme(_) => false,
                Target::Bot => scheme.is_http("bot") || scheme.is_authorization_with("Bot "),
                Target::Bearer => {
                    scheme.takes_bearer_token() || scheme.is_authorization_with("Bearer ")
                }
                Target::Session => scheme.is_authorization_with(""),
            })
        };
        exact.or_else(shorthand).map(Some)
    }
}

/// How a secret is sent: as a scheme of the schema says, or as a shorthand.
#[derive(Clone, Copy)]
enum SchemeOrShorthand {
    Scheme(&'static SecurityScheme),
    /// `Authorization: <prefix><token>`.
    Authorization(&'static str),
}

impl Target {
    fn kind(self) -> SchemeOrShorthand {
        match self {
            Target::Scheme(scheme) => SchemeOrShorthand::Scheme(scheme),
            Target::Bot => SchemeOrShorthand::Authorization("Bot "),
            Target::Bearer => SchemeOrShorthand::Authorization("Bearer "),
            Target::Session => SchemeOrShorthand::Authorization(""),
        }
    }

    fn same(&self, other: &Target) -> bool {
        match (self, other) {
            (Target::Scheme(a), Target::Scheme(b)) => a.key == b.key,
            (Target::Bot, Target::Bot)
            | (Target::Bearer, Target::Bearer)
            | (Target::Session, Target::Session) => true,
            _ => false,
        }
    }

    /// What the kind is called in messages and `Debug`.
    fn name(self) -> &'static str {
        match self {
            Target::Scheme(scheme) => scheme.key,
            Target::Bot => "Bot",
            Target::Bearer => "Bearer",
            Target::Session => "Session",
        }
    }
}

impl Entry {
    /// What this secret adds to a request when sent as `how` says.
    fn applied(&self, how: SchemeOrShorthand) -> Result<Applied, Error> {
        let what = self.target.name();
        let mut applied = Applied::default();
        let (location, name, prefix) = match how {
            SchemeOrShorthand::Authorization(prefix) => {
                (ApiKeyLocation::Header, "Authorization", prefix.to_owned())
            }
            SchemeOrShorthand::Scheme(scheme) => match scheme.kind {
                SchemeKind::ApiKey {
                    location,
                    name,
                    prefix,
                } => (location, name, prefix.to_owned()),
                SchemeKind::Http { scheme: basic } if basic.eq_ignore_ascii_case("basic") => {
                    if let Secret::Basic { user, password } = &self.secret {
                        check_basic(what, user, password)?;
                        let encoded = base64(format!("{user}:{password}").as_bytes());
                        applied
                            .headers
                            .push((AUTHORIZATION, sensitive(what, format!("Basic {encoded}"))?));
                        return Ok(applied);
                    }
                    (ApiKeyLocation::Header, "Authorization", "Basic ".to_owned())
                }
                SchemeKind::Http { scheme } => (
                    ApiKeyLocation::Header,
                    "Authorization",
                    format!("{scheme} "),
                ),
                SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => (
                    ApiKeyLocation::Header,
                    "Authorization",
                    "Bearer ".to_owned(),
                ),
                SchemeKind::MutualTls => return Ok(applied),
            },
        };
        let token = match &self.secret {
            Secret::Token(token) => token,
            Secret::Basic { .. } => {
                return Err(builder_error(format!(
                    "a user name and password are given for {what}, which is not an HTTP basic scheme"
                )));
            }
        };
        check_token(what, token, location)?;
        match location {
            ApiKeyLocation::Header => {
                let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    builder_error(format!(
                        "the header name of {what} is not a valid header name"
                    ))
                })?;
                applied
                    .headers
                    .push((header, sensitive(what, format!("{prefix}{token}"))?));
            }
            ApiKeyLocation::Query => applied.query.push((name.to_owned(), token.clone())),
            ApiKeyLocation::Cookie => applied.cookies.push(format!("{name}={token}")),
        }
        Ok(applied)
    }
}

impl Applied {
    fn add(&mut self, other: Applied) {
        self.headers.extend(other.headers);
        self.query.extend(other.query);
        self.cookies.extend(other.cookies);
    }

    /// Whether a secret goes into the URL (so the URL is never shown).
    pub(crate) fn in_url(&self) -> bool {
        !self.query.is_empty()
    }
}

fn builder_error(message: String) -> Error {
    Error::new(ErrorKind::Builder { message })
}

/// Checks a token sent in a header (visible ASCII), a query parameter (any
/// text without control characters: it is percent-encoded) or a cookie
/// (RFC 6265's cookie-octets).
fn check_token(what: &str, token: &str, location: ApiKeyLocation) -> Result<(), Error> {
    if token.is_empty() {
        return Err(builder_error(format!("the {what} token is empty")));
    }
    let bad = match location {
        ApiKeyLocation::Header => token.bytes().position(|b| !b.is_ascii_graphic()),
        ApiKeyLocation::Query => token.chars().position(char::is_control),
        ApiKeyLocation::Cookie => token
            .bytes()
            .position(|b| !b.is_ascii_graphic() || matches!(b, b'"' | b',' | b';' | b'\\')),
    };
    if let Some(position) = bad {
        let place = match location {
            ApiKeyLocation::Header => {
                "in an HTTP header (whitespace, a control character or non-ASCII)"
            }
            ApiKeyLocation::Query => "in a query parameter (a control character)",
            ApiKeyLocation::Cookie => {
                "in a cookie (whitespace, a control character, non-ASCII, or one of `\",;\\`)"
            }
        };
        return Err(builder_error(format!(
            "the {what} token contains a character that cannot be sent {place} at position {position}"
        )));
    }
    Ok(())
}

/// Checks a basic user name (no `:`, no control characters) and password
/// (no control characters).
fn check_basic(what: &str, user: &str, password: &str) -> Result<(), Error> {
    if user.contains(':') || user.chars().any(char::is_control) {
        return Err(builder_error(format!(
            "the {what} user name contains `:` or a control character"
        )));
    }
    if password.chars().any(char::is_control) {
        return Err(builder_error(format!(
            "the {what} password contains a control character"
        )));
    }
    Ok(())
}

/// A header value marked sensitive (kept out of HTTP/2 header compression
/// tables and `Debug`).
fn sensitive(what: &str, text: String) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&text)
        .map_err(|_| builder_error(format!("the {what} token cannot be sent in an HTTP header")))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Standard base64 with padding (RFC 4648 §4), for HTTP basic.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (index, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials[")?;
        for (index, entry) in self.entries.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}(<redacted>)", entry.target.name())?;
        }
        f.write_str("]")
    }
}

#[cfg(test)]
mod tests;
