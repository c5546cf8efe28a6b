//! `security.rs`: one `static` `request::SecurityScheme` per scheme of
//! `components/securitySchemes` the client can apply, in the order of
//! [`Api::security_schemes`] (by key). The file exists for every document,
//! with only its docs when there is none, so the runtime can always
//! re-export it. Each operation's `OperationInfo::security` points at them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{Api, ApiKeyLocation, SchemeKind, SecurityScheme};

pub(super) fn security_file(api: &Api) -> Vec<TokenStream> {
    let head = quote! {
        #![doc = " The security schemes of the API schema (`components/securitySchemes`): pass"]
        #![doc = " one to [`Credentials::token`](crate::Credentials::token) or"]
        #![doc = " [`Credentials::basic`](crate::Credentials::basic). Each operation's"]
        #![doc = " [`OperationInfo::security`](crate::request::OperationInfo::security) says"]
        #![doc = " which it accepts."]
    };
    std::iter::once(head)
        .chain(api.security_schemes.values().map(scheme))
        .collect()
}

fn scheme(scheme: &SecurityScheme) -> TokenStream {
    let SecurityScheme {
        key,
        static_name,
        kind,
        docs: lines,
    } = scheme;
    let how = match kind {
        SchemeKind::ApiKey {
            location,
            name,
            prefix,
        } => match location {
            ApiKeyLocation::Header if !prefix.is_empty() => format!("`{name}: {prefix}<token>`"),
            ApiKeyLocation::Header => format!("the `{name}` header"),
            ApiKeyLocation::Query => format!("the `{name}` query parameter"),
            ApiKeyLocation::Cookie => format!("the `{name}` cookie"),
        },
        SchemeKind::Http { scheme } if scheme.eq_ignore_ascii_case("basic") => {
            "HTTP basic: `Authorization: Basic <base64(user:password)>`".to_owned()
        }
        SchemeKind::Http { scheme } => format!("`Authorization: {scheme} <token>`"),
        SchemeKind::OAuth2 => "OAuth2: `Authorization: Bearer <token>`".to_owned(),
        SchemeKind::OpenIdConnect => "OpenID Connect: `Authorization: Bearer <token>`".to_owned(),
        SchemeKind::MutualTls => {
            "a TLS client certificate, configured on the HTTP client".to_owned()
        }
    };
    let mut all = vec![format!("The `{key}` security scheme: {how}.")];
    if !lines.is_empty() {
        all.push(String::new());
        all.extend(lines.iter().cloned());
    }
    let doc = docs(&all);
    let name = ident(static_name);
    let kind = match kind {
        SchemeKind::ApiKey {
            location,
            name,
            prefix,
        } => {
            let location = match location {
                ApiKeyLocation::Header => quote!(Header),
                ApiKeyLocation::Query => quote!(Query),
                ApiKeyLocation::Cookie => quote!(Cookie),
            };
            quote! {
                crate::request::SchemeKind::ApiKey {
                    location: crate::request::ApiKeyLocation::#location,
                    name: #name,
                    prefix: #prefix,
                }
            }
        }
        SchemeKind::Http { scheme } => quote! {
            crate::request::SchemeKind::Http { scheme: #scheme }
        },
        SchemeKind::OAuth2 => quote!(crate::request::SchemeKind::OAuth2),
        SchemeKind::OpenIdConnect => quote!(crate::request::SchemeKind::OpenIdConnect),
        SchemeKind::MutualTls => quote!(crate::request::SchemeKind::MutualTls),
    };
    quote! {
        #doc
        pub static #name: crate::request::SecurityScheme = crate::request::SecurityScheme {
            key: #key,
            kind: #kind,
        };
    }
}
