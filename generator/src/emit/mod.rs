//! Stage 4: the IR → token streams, one per generated file.
//!
//! Everything here is infallible and decides nothing: `resolve` has checked
//! the names and shapes and made every decision (which types are validated,
//! how unions decode, which derives and impls a model gets, each
//! operation's arguments, what each file imports). Emit only renders, one
//! module per kind of output: [`ids`] (a marker per kind of typed id),
//! [`security`] (a `static` per security scheme),
//! [`models`] (structs, tuple structs and aliases), [`enums`] (enums and
//! unions), [`validation`] (`Validate` impls and the checks of arguments)
//! and [`operations`] (one file per operation).
//!
//! Generated code reads as written by hand, and no schema name can break
//! it: `resolve` keeps model names off the prelude's and the imported
//! names (`Option`, `BTreeMap`, the id aliases), operation files name
//! models through `models::` and the runtime through `request::`, and the
//! request is built as one expression, so no argument shadows what it
//! calls.

mod enums;
mod ids;
mod models;
mod operations;
mod security;
mod validation;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};

use crate::ir::{Api, FloatType, Operation, Ty, TyKind, TypeDef, Uses};

/// One file to write: its path under `generated/` and the pieces it is made of,
/// in order. Pieces are emitted (and formatted) independently, so `generate`
/// can spread them over threads and still join them in this fixed order.
pub(crate) struct FilePlan<'a> {
    pub(crate) path: String,
    pub(crate) pieces: Vec<Piece<'a>>,
}

/// A part of a generated file that becomes one or more top-level items.
#[derive(Clone, Copy)]
pub(crate) enum Piece<'a> {
    /// `mod.rs`: the module's docs and its submodules.
    Root,
    /// `ids.rs`: the marker and alias of every kind of typed id.
    Ids,
    /// `security.rs`: the security schemes.
    Security,
    /// The head of `models.rs`: its inner attributes.
    ModelsHead,
    /// One model and its impls.
    Model(&'a TypeDef),
    /// `operations/mod.rs`: one `mod` and `pub use` per operation.
    OperationsIndex,
    /// One operation's file.
    Operation(&'a Operation),
}

/// Every generated file and its pieces, in a fixed order.
pub(crate) fn plan(api: &Api) -> Vec<FilePlan<'_>> {
    let mut files = vec![
        FilePlan {
            path: "mod.rs".to_owned(),
            pieces: vec![Piece::Root],
        },
        FilePlan {
            path: "ids.rs".to_owned(),
            pieces: vec![Piece::Ids],
        },
        FilePlan {
            path: "security.rs".to_owned(),
            pieces: vec![Piece::Security],
        },
        FilePlan {
            path: "models.rs".to_owned(),
            pieces: std::iter::once(Piece::ModelsHead)
                .chain(api.types.values().map(Piece::Model))
                .collect(),
        },
        FilePlan {
            path: "operations/mod.rs".to_owned(),
            pieces: vec![Piece::OperationsIndex],
        },
    ];
    files.extend(api.operations.values().map(|operation| FilePlan {
        path: format!("operations/{}.rs", operation.fn_name),
        pieces: vec![Piece::Operation(operation)],
    }));
    files
}

/// The top-level items of one piece; each is formatted on its own.
pub(crate) fn emit_piece(api: &Api, piece: Piece<'_>) -> Vec<TokenStream> {
    match piece {
        Piece::Root => vec![quote! {
            #![doc = " Code generated from the OpenAPI schema: typed-id markers, models, operations and security schemes."]
            pub mod ids;
            pub mod models;
            pub mod operations;
            pub mod security;
        }],
        Piece::Ids => ids::ids_file(api),
        Piece::Security => security::security_file(api),
        Piece::ModelsHead => {
            let uses = use_items(&api.models_uses, &[]);
            vec![quote! {
                #![doc = " Request and response types of the API."]
                #uses
            }]
        }
        Piece::Model(def) => vec![models::type_def(def)],
        Piece::OperationsIndex => operations::index(api),
        Piece::Operation(operation) => operations::operation_file(api, operation),
    }
}

/// Makes an identifier, raw when the name is written `r#…`.
pub(super) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

pub(super) fn docs(lines: &[String]) -> TokenStream {
    // Every doc line, whatever made it, shows text-direction controls as
    // code points (rustc refuses them in comments).
    let lines = lines.iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {}", crate::docs::visible_direction(line))
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// Where a type is written, which decides how other types are named there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// In `models.rs`: models by their names.
    Models,
    /// In an operation's file: models through `models::`.
    Operations,
    /// In a doc example, outside the crate: `fluxer_client::models::…`.
    Docs,
}

/// The crate the generated modules live in, as doc examples name it.
pub(super) const CLIENT_CRATE: &str = "fluxer_client";

/// The inner attributes and `use` items of a file that uses `uses`, and
/// the crate's `always` items (`Error`, `request`). The generated code uses
/// deprecated items itself; only users are warned.
pub(super) fn use_items(uses: &Uses, always: &[&str]) -> TokenStream {
    let deprecated = uses.deprecated.then(|| quote!(#![allow(deprecated)]));
    let maps = uses.maps.then(|| {
        quote!(
            use std::collections::BTreeMap;
        )
    });
    let mut from_crate: Vec<TokenStream> = Vec::new();
    let (upper, lower): (Vec<&str>, Vec<&str>) = always
        .iter()
        .partition(|name| name.starts_with(|c: char| c.is_ascii_uppercase()));
    from_crate.extend(
        upper
            .into_iter()
            .map(|name| ident(name).into_token_stream()),
    );
    match uses.ids.as_slice() {
        [] => {}
        [one] => {
            let one = ident(one);
            from_crate.push(quote!(ids::#one));
        }
        many => {
            let many = many.iter().map(|alias| ident(alias));
            from_crate.push(quote!(ids::{#(#many),*}));
        }
    }
    if uses.models {
        from_crate.push(quote!(models));
    }
    let styles: Vec<TokenStream> = [
        (uses.path_styles, "PathStyle"),
        (uses.query_styles, "QueryStyle"),
    ]
    .into_iter()
    .filter(|(used, _)| *used)
    .map(|(_, name)| ident(name).into_token_stream())
    .collect();
    from_crate.extend(lower.into_iter().map(|name| match name {
        "request" if !styles.is_empty() => quote!(request::{self, #(#styles),*}),
        _ => ident(name).into_token_stream(),
    }));
    let from_crate = match from_crate.as_slice() {
        [] => None,
        [one] => Some(quote!(use crate::#one;)),
        many => Some(quote!(use crate::{#(#many),*};)),
    };
    quote! { #deprecated #maps #from_crate }
}

/// The tokens of a value type written in `scope`.
pub(super) fn ty_tokens(ty: &Ty, scope: Scope) -> TokenStream {
    let crate_path = match scope {
        Scope::Docs => {
            let name = format_ident!("{}", CLIENT_CRATE);
            quote!(#name)
        }
        _ => quote!(crate),
    };
    match &ty.kind {
        TyKind::Bool => quote!(bool),
        TyKind::Int(int) => {
            let name = format_ident!("{}", int.name());
            quote!(#name)
        }
        TyKind::Float(FloatType::F32) => quote!(f32),
        TyKind::Float(FloatType::F64) => quote!(f64),
        TyKind::String => quote!(String),
        TyKind::Snowflake => quote!(#crate_path::Snowflake),
        TyKind::Id(alias) => {
            let alias = ident(alias);
            match scope {
                Scope::Docs => quote!(#crate_path::ids::#alias),
                _ => quote!(#alias),
            }
        }
        TyKind::Timestamp => quote!(#crate_path::Timestamp),
        TyKind::Json => quote!(serde_json::Value),
        TyKind::File => quote!(#crate_path::request::File),
        TyKind::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Models => quote!(#name),
                Scope::Operations => quote!(models::#name),
                Scope::Docs => quote!(#crate_path::models::#name),
            }
        }
        TyKind::Array(item) => {
            let item = ty_tokens(item, scope);
            quote!(Vec<#item>)
        }
        TyKind::Map { values, .. } => {
            let value = ty_tokens(values, scope);
            match scope {
                Scope::Docs => quote!(std::collections::BTreeMap<String, #value>),
                _ => quote!(BTreeMap<String, #value>),
            }
        }
        TyKind::Nullable(inner) => {
            let inner = ty_tokens(inner, scope);
            quote!(Option<#inner>)
        }
        TyKind::Tuple(items) => {
            let items: Vec<TokenStream> = items.iter().map(|item| ty_tokens(item, scope)).collect();
            // A one-item tuple needs its comma: `(A,)`.
            match items.as_slice() {
                [one] => quote!((#one,)),
                _ => quote!((#(#items),*)),
            }
        }
    }
}

/// A type's tokens as text for a doc line: no spaces but after a comma or
/// between two words (`Option<Vec<u8>>`, `&'a str`, `(A, B)`).
pub(super) fn type_text(tokens: TokenStream) -> String {
    use proc_macro2::TokenTree;
    let mut out = String::new();
    let mut after_word = false;
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                    proc_macro2::Delimiter::Bracket => ("[", "]"),
                    proc_macro2::Delimiter::Brace => ("{", "}"),
                    proc_macro2::Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push_str(&type_text(group.stream()));
                out.push_str(close);
                after_word = false;
            }
            TokenTree::Ident(word) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&word.to_string());
                after_word = true;
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                if punct.as_char() == ',' {
                    out.push(' ');
                }
                // A lifetime's quote joins its name; nothing else does.
                after_word = false;
            }
            TokenTree::Literal(literal) => {
                out.push_str(&literal.to_string());
                after_word = true;
            }
        }
    }
    out
}
