//! Security: the schemes of `components/securitySchemes` the client can
//! apply, and which of them each operation accepts (its `security`, else
//! the document's): alternatives, each a set of schemes sent together.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::Resolver;
use crate::docs::doc_lines;
use crate::ir::{ApiKeyLocation, SchemeKind, SecurityScheme};
use crate::naming::{numbered, scheme_static_name};
use crate::vocab::keywords::SECURITY_SCHEME;
use crate::vocab::pointer::{child, escape_token};

/// The extension giving the text an `apiKey` sends before the secret.
const TOKEN_PREFIX: &str = "x-token-prefix";

/// Every scheme of the document by key: `None` for one the client cannot
/// apply (already warned about).
pub(super) type Schemes = BTreeMap<String, Option<SecurityScheme>>;

impl<'a> Resolver<'a> {
    /// The schemes of `components/securitySchemes`, each with the name of
    /// its `static` (numbered on collision, in document order).
    pub(super) fn security_schemes(&mut self, root: &'a Map<String, Value>) -> Schemes {
        let mut schemes = Schemes::new();
        let Some(Value::Object(declared)) = root
            .get("components")
            .and_then(|components| components.get("securitySchemes"))
        else {
            return schemes;
        };
        let mut taken: Vec<String> = Vec::new();
        for (key, scheme) in declared {
            let pointer = format!("/components/securitySchemes/{}", escape_token(key));
            let kind = self.scheme_kind(scheme, &pointer);
            let resolved = kind.map(|(kind, docs)| {
                let base = scheme_static_name(key);
                let name = numbered(&base, "_", |candidate| taken.iter().any(|t| t == candidate));
                taken.push(name.clone());
                SecurityScheme {
                    key: key.clone(),
                    static_name: name,
                    kind,
                    docs,
                }
            });
            schemes.insert(key.clone(), resolved);
        }
        schemes
    }

    /// How one scheme sends its secret, with its docs; `None`, with a
    /// warning, when the client cannot apply it.
    fn scheme_kind(
        &mut self,
        scheme: &'a Value,
        pointer: &str,
    ) -> Option<(SchemeKind, Vec<String>)> {
        let (scheme, pointer) = self.deref(scheme, pointer)?;
        let map = self.object_or_ignored(scheme, &pointer, "a security scheme")?;
        self.check_keys(map, &pointer, &SECURITY_SCHEME);
        let docs = map
            .get("description")
            .and_then(Value::as_str)
            .map(doc_lines)
            .unwrap_or_default();
        let unusable = |this: &mut Self, why: String| {
            this.warn(
                &pointer,
                format!("{why}; operations that require this scheme are generated without it"),
            );
            None
        };
        let text = |key: &str| {
            map.get(key)
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
        };
        let kind = match text("type") {
            Some("apiKey") => {
                let location = match text("in") {
                    Some("header") => ApiKeyLocation::Header,
                    Some("query") => ApiKeyLocation::Query,
                    Some("cookie") => ApiKeyLocation::Cookie,
                    _ => {
                        return unusable(
                            self,
                            "an `apiKey` scheme needs `in`: `header`, `query` or `cookie`"
                                .to_owned(),
                        );
                    }
                };
                let Some(name) = text("name").filter(|name| is_token(name)) else {
                    return unusable(
                        self,
                        "an `apiKey` scheme needs a `name` that is a valid header, query or cookie name"
                            .to_owned(),
                    );
                };
                SchemeKind::ApiKey {
                    location,
                    name: name.to_owned(),
                    prefix: self.token_prefix(map, &pointer),
                }
            }
            Some("http") => match text("scheme") {
                Some(scheme) if is_token(scheme) => SchemeKind::Http {
                    scheme: registered_spelling(scheme).to_owned(),
                },
                _ => {
                    return unusable(
                        self,
                        "an `http` scheme needs a `scheme` that is an RFC 7235 scheme name (`basic`, `bearer`)"
                            .to_owned(),
                    );
                }
            },
            Some("oauth2") => SchemeKind::OAuth2,
            Some("openIdConnect") => SchemeKind::OpenIdConnect,
            Some("mutualTLS") => SchemeKind::MutualTls,
            Some(other) => {
                return unusable(
                    self,
                    format!("the security scheme type `{other}` is not supported"),
                );
            }
            None => return unusable(self, "a security scheme needs a `type`".to_owned()),
        };
        if !matches!(kind, SchemeKind::ApiKey { .. }) && map.contains_key(TOKEN_PREFIX) {
            self.warn(
                &child(&pointer, TOKEN_PREFIX),
                format!("`{TOKEN_PREFIX}` only applies to `apiKey` schemes; it is ignored"),
            );
        }
        Some((kind, docs))
    }

    /// An `apiKey` scheme's `x-token-prefix`: the text sent before the
    /// secret (Fluxer's `Bot ` in `Authorization: Bot <token>`), which
    /// OpenAPI can only say in a description. Empty without one; one that
    /// is not a string of visible ASCII and spaces is warned about and
    /// ignored.
    fn token_prefix(&mut self, map: &Map<String, Value>, pointer: &str) -> String {
        match map.get(TOKEN_PREFIX) {
            None => String::new(),
            Some(Value::String(prefix))
                if prefix.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) =>
            {
                prefix.clone()
            }
            Some(_) => {
                self.warn(
                    &child(pointer, TOKEN_PREFIX),
                    format!(
                        "`{TOKEN_PREFIX}` must be a string of visible ASCII characters and spaces; it is ignored"
                    ),
                );
                String::new()
            }
        }
    }

    /// A `security` list (the document's or an operation's): the `static`
    /// names of each alternative's schemes. An alternative naming a scheme
    /// that is not declared, or that the client cannot apply, is left out,
    /// with a warning.
    pub(super) fn security_requirements(
        &mut self,
        value: &'a Value,
        pointer: &str,
        schemes: &Schemes,
    ) -> Vec<Vec<String>> {
        let Value::Array(alternatives) = value else {
            self.warn(
                pointer,
                "`security` must be a list of security requirements; it is ignored",
            );
            return Vec::new();
        };
        let mut requirements = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let at = child(pointer, &index.to_string());
            let Some(alternative) =
                self.object_or_ignored(alternative, &at, "a security requirement")
            else {
                continue;
            };
            let mut names = Vec::new();
            let mut usable = true;
            for key in alternative.keys() {
                match schemes.get(key) {
                    Some(Some(scheme)) => names.push(scheme.static_name.clone()),
                    Some(None) => usable = false,
                    None => {
                        self.warn(
                            &child(&at, key),
                            format!(
                                "the security scheme `{key}` is not declared in `components/securitySchemes`; \
                                 this alternative is left out"
                            ),
                        );
                        usable = false;
                    }
                }
            }
            if usable && !requirements.contains(&names) {
                requirements.push(names);
            }
        }
        requirements
    }
}

/// Whether `text` is an HTTP token (RFC 9110 §5.6.2): a header name, an
/// authentication scheme; also fine as a query parameter or cookie name.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The docs line saying which credentials an operation accepts.
pub(super) fn security_docs(requirements: &[Vec<String>], schemes: &Schemes) -> Vec<String> {
    let key_of = |name: &String| {
        schemes
            .values()
            .flatten()
            .find(|scheme| &scheme.static_name == name)
            .map_or_else(|| name.clone(), |scheme| format!("`{}`", scheme.key))
    };
    let alternatives: Vec<String> = requirements
        .iter()
        .map(|alternative| {
            if alternative.is_empty() {
                "none".to_owned()
            } else {
                alternative
                    .iter()
                    .map(key_of)
                    .collect::<Vec<_>>()
                    .join(" and ")
            }
        })
        .collect();
    let line = if alternatives.is_empty() {
        "Sends no credentials.".to_owned()
    } else {
        format!(
            "Credentials: {} (see [`security`](crate::security)).",
            alternatives.join(", or ")
        )
    };
    vec![String::new(), line]
}

/// An HTTP authentication scheme in the spelling of its IANA registration
/// (`bearer` → `Bearer`). Scheme names are case-insensitive (RFC 9110,
/// section 11.1), but servers that compare them as written expect that
/// spelling; an unregistered scheme (`Bot`) keeps the document's. The
/// runtime sends the scheme as the generated `static` spells it.
fn registered_spelling(scheme: &str) -> &str {
    const REGISTERED: [&str; 10] = [
        "Basic",
        "Bearer",
        "Concealed",
        "Digest",
        "DPoP",
        "HOBA",
        "Mutual",
        "Negotiate",
        "PrivateToken",
        "SCRAM-SHA-256",
    ];
    REGISTERED
        .into_iter()
        .find(|registered| registered.eq_ignore_ascii_case(scheme))
        .unwrap_or(scheme)
}
