//! Enums and unions: the Rust `enum` and one call of the runtime macro that
//! writes its conversions and serde impls (`wire::int_enum!`,
//! `wire::string_enum!`, `wire::tagged_union!`, `wire::untagged_union!`),
//! plus the `From` impls and `Validate` impl `resolve` decided on.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::validation::{FieldName, validate_impl, value_checks};
use super::{Scope, docs, ident, ty_tokens};
use crate::ir::{
    Guard, GuardCheck, IntVariant, StringVariant, TagValues, TyKind, TypeDef, Union, UnionKind,
};

/// An enum variant's docs: its description, then its wire value.
fn enum_variant_docs(lines: &[String], wire: &str) -> TokenStream {
    let mut all = lines.to_vec();
    if !all.is_empty() {
        all.push(String::new());
    }
    all.push(format!("`{wire}` on the wire."));
    docs(&all)
}

pub(super) fn int_enum(
    def: &TypeDef,
    name: &Ident,
    doc: &TokenStream,
    variants: &[IntVariant],
    fallback: &Ident,
) -> TokenStream {
    let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let values = variants.iter().map(|v| Literal::i64_unsuffixed(v.value));
    let variant_docs = variants
        .iter()
        .map(|v| enum_variant_docs(&v.docs, &v.value.to_string()));
    let validate = validate_impl(def, name, TokenStream::new());
    quote! {
        #doc
        ///
        /// Values this version of the client does not know are kept in the last variant.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #names, )*
            /// A value this version of the client does not know.
            #fallback(i64),
        }
        crate::wire::int_enum! {
            #name;
            #( #names = #values; )*
            ..#fallback;
        }
        #validate
    }
}

pub(super) fn string_enum(
    def: &TypeDef,
    name: &Ident,
    doc: &TokenStream,
    variants: &[StringVariant],
    fallback: &Ident,
) -> TokenStream {
    let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let values = variants.iter().map(|v| v.value.as_str());
    let variant_docs = variants
        .iter()
        .map(|v| enum_variant_docs(&v.docs, &format!("{:?}", v.value)));
    let validate = validate_impl(def, name, TokenStream::new());
    quote! {
        #doc
        ///
        /// Values this version of the client does not know are kept in the last variant.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #names, )*
            /// A value this version of the client does not know.
            #fallback(String),
        }
        crate::wire::string_enum! {
            #name;
            #( #names = #values; )*
            ..#fallback;
        }
        #validate
    }
}

pub(super) fn union_def(
    def: &TypeDef,
    name: &Ident,
    doc: &TokenStream,
    union: &Union,
) -> TokenStream {
    let variants = &union.variants;
    let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let tys: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let ty = ty_tokens(&v.ty, Scope::Models);
            if v.boxed { quote!(Box<#ty>) } else { ty }
        })
        .collect();
    let variant_docs = variants.iter().map(|v| docs(&v.docs));
    let froms = union.from_impls.then(|| {
        quote! {
            #(
                impl From<#tys> for #name {
                    fn from(value: #tys) -> Self { Self::#names(value) }
                }
            )*
        }
    });
    let value = format_ident!("value");
    let tag = match &union.kind {
        UnionKind::Tagged(tag) => Some(tag),
        UnionKind::Untagged { .. } => None,
    };
    let checks = def.validated.then(|| {
        let arms = variants.iter().zip(&names).map(|(variant, variant_name)| {
            if !variant.ty.checked {
                return quote! { Self::#variant_name(_) => {} };
            }
            if let TyKind::Named(_) = variant.ty.kind {
                return quote! { Self::#variant_name(#value) => crate::Validate::validate(#value)?, };
            }
            let checks = value_checks(&variant.ty, &value, &FieldName::text(""), 0);
            quote! { Self::#variant_name(#value) => { #checks } }
        });
        let fallback_arm = tag.map(|tag| {
            let fallback = ident(&tag.fallback);
            quote! { Self::#fallback(_) => {} }
        });
        quote! { match self { #(#arms)* #fallback_arm } }
    });
    let validate = validate_impl(def, name, checks.unwrap_or_default());
    let Some(tag) = tag else {
        // Untagged: the members in the order they are tried.
        let try_order = match &union.kind {
            UnionKind::Untagged { try_order } => try_order.as_slice(),
            UnionKind::Tagged(_) => &[],
        };
        let tried = try_order.iter().map(|&index| {
            let name = &names[index];
            let guards = &variants[index].guards;
            if guards.is_empty() {
                return quote!(#name);
            }
            let guards = guards.iter().map(guard_tokens);
            quote!(#name if #(#guards)*)
        });
        return quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            pub enum #name {
                #( #variant_docs #names(#tys), )*
            }
            crate::wire::untagged_union! {
                #name;
                #( #tried; )*
            }
            #froms
            #validate
        };
    };
    // Tagged: decoded by the tag, so members with overlapping shapes cannot be
    // confused, and an unknown tag is kept rather than failing.
    let property = &tag.property;
    let fallback = ident(&tag.fallback);
    let (kind, patterns): (Ident, Vec<TokenStream>) = match &tag.values {
        TagValues::Int(sets) => (
            format_ident!("i64"),
            sets.iter()
                .map(|set| {
                    let values = set.iter().map(|n| Literal::i64_unsuffixed(*n));
                    quote!(#(#values)|*)
                })
                .collect(),
        ),
        TagValues::Str(sets) => (
            format_ident!("str"),
            sets.iter().map(|set| quote!(#(#set)|*)).collect(),
        ),
    };
    let tag_docs = format!(
        " Told apart by the `{property}` member; a value this client does not know is kept in `{}`.",
        tag.fallback
    );
    quote! {
        #doc
        ///
        #[doc = #tag_docs]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #names(#tys), )*
            /// A member with a tag this version of the client does not know, as it came.
            #fallback(serde_json::Value),
        }
        crate::wire::tagged_union! {
            #name by #property: #kind;
            #( #names = #patterns; )*
            ..#fallback;
        }
        #froms
        #validate
    }
}

/// One guard of an `untagged_union!` variant: `(. ~ "pattern")`, `("id"
/// uuid)`, `(. in "a" | "b")`.
fn guard_tokens(guard: &Guard) -> TokenStream {
    let place = match &guard.member {
        Some(member) => quote!(#member),
        None => quote!(.),
    };
    let check = match &guard.check {
        GuardCheck::Pattern(pattern) => quote!(~ #pattern),
        GuardCheck::Uuid => quote!(uuid),
        GuardCheck::OneOf(values) => quote!(in #(#values)|*),
    };
    quote!((#place #check))
}
