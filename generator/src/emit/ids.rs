//! `ids.rs`: one marker type and one alias per kind of typed id the schema
//! names with `x-fluxer-id`, in the order of [`Api::ids`] (by kind). The file
//! exists for every document, with only its docs when no schema has the
//! extension, so the runtime can always re-export it.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Api, IdKind};

pub(super) fn ids_file(api: &Api) -> Vec<TokenStream> {
    let head = quote! {
        #![doc = " The kinds of typed id the API schema names (`x-fluxer-id`): for each, a"]
        #![doc = " marker type for [`Id`](crate::Id) and an alias of the id type."]
    };
    std::iter::once(head)
        .chain(api.ids.values().map(id_kind))
        .collect()
}

fn id_kind(id: &IdKind) -> TokenStream {
    let IdKind {
        kind,
        marker,
        alias,
    } = id;
    let marker_doc = format!(
        " The marker of [`Id`](crate::Id)s of kind `{kind}` (`x-fluxer-id: {kind}` in the schema)."
    );
    let alias_doc = format!(" An id of kind `{kind}`: an [`Id`](crate::Id) marked [`{marker}`].");
    let marker = ident(marker);
    let alias = ident(alias);
    quote! {
        #[doc = #marker_doc]
        #[derive(Debug)]
        pub enum #marker {}

        impl crate::id::Marker for #marker {
            const NAME: &'static str = #kind;
        }

        #[doc = #alias_doc]
        pub type #alias = crate::Id<#marker>;
    }
}
