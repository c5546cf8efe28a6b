//! Security schemes as the schema declares them ([`SecurityScheme`]) and
//! which of them an operation accepts ([`Security`]). The generated
//! `security` module has one `static` per scheme of the document's
//! `components/securitySchemes`; each operation's
//! [`OperationInfo::security`](super::OperationInfo::security) lists the
//! alternatives it accepts. [`Credentials`](crate::Credentials) holds the
//! secrets, and the client applies them as the scheme says.

use std::fmt;

/// One security scheme of the schema (`components/securitySchemes`): its
/// key and how a secret is sent with it.
///
/// ```
/// use fluxer_client::request::{ApiKeyLocation, SchemeKind, SecurityScheme};
///
/// static API_KEY: SecurityScheme = SecurityScheme {
///     key: "apiKey",
///     kind: SchemeKind::ApiKey { location: ApiKeyLocation::Header, name: "X-Api-Key", prefix: "" },
/// };
/// assert_eq!(API_KEY.to_string(), "`apiKey` (the `X-Api-Key` header)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SecurityScheme {
    /// The scheme's key in `components/securitySchemes` (`botToken`).
    pub key: &'static str,
    /// How a secret is sent with it.
    pub kind: SchemeKind,
}

/// How a security scheme sends its secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SchemeKind {
    /// `type: apiKey`: the secret as it is, in a header, a query parameter
    /// or a cookie of this name.
    ApiKey {
        /// Where it goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
        /// Text sent before the secret, empty for none: the schema's
        /// `x-token-prefix` (Fluxer's `Bot ` in `Authorization: Bot <token>`,
        /// which OpenAPI can only say in a description).
        prefix: &'static str,
    },
    /// `type: http`: `Authorization: <scheme> <token>` (`Bearer`, or any
    /// other scheme of RFC 7235 such as Fluxer's `Bot`), or for `basic` a
    /// user name and password, `Authorization: Basic <base64(user:password)>`.
    Http {
        /// The scheme as the schema writes it (`basic`, `bearer`, `Bot`).
        scheme: &'static str,
    },
    /// `type: oauth2`: an access token, sent as `Authorization: Bearer <token>`
    /// (getting and refreshing it is up to the caller).
    OAuth2,
    /// `type: openIdConnect`: an access or ID token, sent as
    /// `Authorization: Bearer <token>`.
    OpenIdConnect,
    /// `type: mutualTLS`: a client certificate, configured on the HTTP client
    /// ([`ClientBuilder::http_client`](crate::ClientBuilder::http_client));
    /// nothing is sent with the request, so it needs no credentials.
    MutualTls,
}

/// Where an `apiKey` scheme puts its secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie (in the request's one `Cookie` header).
    Cookie,
}

impl SecurityScheme {
    /// Whether the scheme is `http` with this scheme name (RFC 7235: names
    /// are case-insensitive).
    #[must_use]
    pub fn is_http(&self, name: &str) -> bool {
        matches!(self.kind, SchemeKind::Http { scheme } if scheme.eq_ignore_ascii_case(name))
    }

    /// Whether the scheme is an `apiKey` in the `Authorization` header sent
    /// after exactly this prefix (`Bot `; `` for the raw token).
    #[must_use]
    pub fn is_authorization_with(&self, prefix: &str) -> bool {
        matches!(
            self.kind,
            SchemeKind::ApiKey { location: ApiKeyLocation::Header, name, prefix: own }
                if name.eq_ignore_ascii_case("authorization") && own.eq_ignore_ascii_case(prefix)
        )
    }

    /// Whether a bearer token is what the scheme sends: `http` `bearer`,
    /// `oauth2` and `openIdConnect`.
    #[must_use]
    pub fn takes_bearer_token(&self) -> bool {
        self.is_http("bearer")
            || matches!(self.kind, SchemeKind::OAuth2 | SchemeKind::OpenIdConnect)
    }
}

impl fmt::Display for SecurityScheme {
    /// The scheme's key and how it is sent, for messages:
    /// `` `botToken` (`Authorization: Bot <token>`) ``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.key;
        match self.kind {
            SchemeKind::ApiKey {
                location: ApiKeyLocation::Header,
                name,
                prefix,
            } if !prefix.is_empty() => write!(f, "`{key}` (`{name}: {prefix}<token>`)"),
            SchemeKind::ApiKey { location, name, .. } => {
                let place = match location {
                    ApiKeyLocation::Header => "header",
                    ApiKeyLocation::Query => "query parameter",
                    ApiKeyLocation::Cookie => "cookie",
                };
                write!(f, "`{key}` (the `{name}` {place})")
            }
            SchemeKind::Http { scheme } if scheme.eq_ignore_ascii_case("basic") => {
                write!(f, "`{key}` (HTTP basic)")
            }
            SchemeKind::Http { scheme } => {
                write!(f, "`{key}` (`Authorization: {scheme} <token>`)")
            }
            SchemeKind::OAuth2 => write!(f, "`{key}` (an OAuth2 bearer token)"),
            SchemeKind::OpenIdConnect => write!(f, "`{key}` (an OpenID Connect bearer token)"),
            SchemeKind::MutualTls => write!(f, "`{key}` (a TLS client certificate)"),
        }
    }
}

/// Which credentials an operation accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Security {
    /// The schema's security requirements: any one of the alternatives
    /// (each one requirement object), an alternative being every scheme it
    /// lists. An empty alternative (`{}`) needs no credentials; no
    /// alternative at all (`security: []`, or no `security` in the
    /// document) sends none.
    Requirements(&'static [&'static [&'static SecurityScheme]]),
    /// Every credential the client holds, each sent as it says: for an
    /// operation built by hand with [`OperationInfo::new`](super::OperationInfo::new).
    Client,
}

impl Security {
    /// No credentials: `security: []`.
    pub const NONE: Self = Self::Requirements(&[]);
}

impl fmt::Display for Security {
    /// The alternatives, for messages: `` `a` or `b` and `c` ``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self::Requirements(alternatives) = self else {
            return f.write_str("the client's credentials");
        };
        if alternatives.is_empty() {
            return f.write_str("no credentials");
        }
        for (index, alternative) in alternatives.iter().enumerate() {
            if index > 0 {
                f.write_str(" or ")?;
            }
            if alternative.is_empty() {
                f.write_str("none")?;
            }
            for (position, scheme) in alternative.iter().enumerate() {
                if position > 0 {
                    f.write_str(" and ")?;
                }
                write!(f, "{scheme}")?;
            }
        }
        Ok(())
    }
}
