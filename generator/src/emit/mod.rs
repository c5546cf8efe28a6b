//! Stage 4: the IR → token streams, one per generated file.
//!
//! Everything here is infallible and decides nothing: `resolve` has checked
//! the names and shapes and made every decision (which types are validated,
//! how unions decode). Emit only renders, one module per kind of output:
//! [`ids`] (a marker per kind of typed id), [`models`] (structs, enums,
//! unions and their serde impls), [`validation`]
//! (`Validate` impls and the checks of arguments) and [`operations`] (one
//! file per operation).
//!
//! Generated code is hygienic: it uses absolute paths (`::serde::Serialize`,
//! `crate::Snowflake`) and `self::`-qualified calls, and binds no local that
//! an argument's name could shadow, so it does not depend on what is in scope.

mod ids;
mod models;
mod operations;
mod validation;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, FloatType, Operation, Ty, TyKind, TypeDef};

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
            #![doc = " Code generated from the OpenAPI schema: typed-id markers, models and operations."]
            pub mod ids;
            pub mod models;
            pub mod operations;
        }],
        Piece::Ids => ids::ids_file(api),
        // The generated code uses deprecated types itself; only users are warned.
        Piece::ModelsHead => vec![quote! {
            #![doc = " Request and response types of the API."]
            #![allow(deprecated)]
        }],
        Piece::Model(def) => vec![models::type_def(api, def)],
        Piece::OperationsIndex => {
            let modules = api.operations.values().map(|op| ident(&op.fn_name));
            vec![quote! {
                #![doc = " One module per API operation: its metadata, a function that builds the"]
                #![doc = " request without sending it, and the [`Client`](crate::Client) method that sends it."]
                #(
                    mod #modules;
                    pub use #modules::*;
                )*
            }]
        }
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

/// The tokens of a value type. Inside `models.rs` named types are written bare.
pub(super) fn ty_tokens(ty: &Ty, in_models: bool) -> TokenStream {
    match &ty.kind {
        TyKind::Bool => quote!(bool),
        TyKind::Int(int) => {
            let name = format_ident!("{}", int.name());
            quote!(#name)
        }
        TyKind::Float(FloatType::F32) => quote!(f32),
        TyKind::Float(FloatType::F64) => quote!(f64),
        TyKind::String => quote!(::std::string::String),
        TyKind::Snowflake => quote!(crate::Snowflake),
        TyKind::Id(marker) => {
            let marker = ident(marker);
            quote!(crate::Id<crate::ids::#marker>)
        }
        TyKind::Timestamp => quote!(crate::Timestamp),
        TyKind::Json => quote!(::serde_json::Value),
        TyKind::Named(name) => {
            let name = ident(name);
            if in_models {
                quote!(#name)
            } else {
                quote!(crate::models::#name)
            }
        }
        TyKind::Array(item) => {
            let item = ty_tokens(item, in_models);
            quote!(::std::vec::Vec<#item>)
        }
        TyKind::Map { values, .. } => {
            let value = ty_tokens(values, in_models);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TyKind::Nullable(inner) => {
            let inner = ty_tokens(inner, in_models);
            quote!(::std::option::Option<#inner>)
        }
        TyKind::Tuple(items) => {
            let items: Vec<TokenStream> = items
                .iter()
                .map(|item| ty_tokens(item, in_models))
                .collect();
            // A one-item tuple needs its comma: `(A,)`.
            match items.as_slice() {
                [one] => quote!((#one,)),
                _ => quote!((#(#items),*)),
            }
        }
    }
}
