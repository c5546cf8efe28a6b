//! Models: structs, enums and unions, with their serde and `Validate` impls.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::validation::{validate_impl, value_checks};
use super::{docs, ident, ty_tokens};
use crate::ir::{
    Api, Field, IntVariant, StringVariant, Struct, TagValues, Tuple, TupleItem, TyKind, TypeDef,
    TypeKind, Union, UnionKind,
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

pub(super) fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let doc = docs(&def.docs);
    let doc = if def.deprecated {
        quote! { #doc #[deprecated = "deprecated in the API"] }
    } else {
        doc
    };
    let name = ident(&def.name);
    let validated = def.validated;
    match &def.kind {
        TypeKind::Struct(s) => struct_def(api, &name, &doc, s, validated),
        TypeKind::IntEnum { variants, fallback } => {
            int_enum(&name, &doc, variants, &ident(fallback))
        }
        TypeKind::StringEnum { variants, fallback } => {
            string_enum(&name, &doc, variants, &ident(fallback))
        }
        TypeKind::Union(union) => union_def(api, &name, &doc, union, validated),
        TypeKind::Tuple(tuple) => tuple_def(api, &name, &doc, tuple, validated),
        TypeKind::Alias(ty) => {
            let ty = ty_tokens(ty, true);
            quote! { #doc pub type #name = #ty; }
        }
    }
}

fn field_tokens(field: &Field) -> TokenStream {
    let doc = docs(&field.docs);
    let doc = if field.deprecated {
        quote! { #doc #[deprecated = "deprecated in the API"] }
    } else {
        doc
    };
    let name = ident(&field.name);
    let ty = ty_tokens(&field.ty, true);
    let ty = if field.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    };
    let ty = if field.is_option() {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    };
    quote! { #doc pub #name: #ty, }
}

fn struct_def(
    api: &Api,
    name: &Ident,
    doc: &TokenStream,
    s: &Struct,
    validated: bool,
) -> TokenStream {
    let fields = s.fields.iter().map(field_tokens);
    let extra = s.extra.as_ref().map(|(extra_name, ty)| {
        let extra_name = ident(extra_name);
        let ty = ty_tokens(ty, true);
        quote! {
            #[doc = " Members the schema does not name, kept as they came."]
            pub #extra_name: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let all_optional = s.fields.iter().all(Field::is_option);
    let default = all_optional.then(|| quote!(::std::default::Default,));
    let mut checks = TokenStream::new();
    let value = format_ident!("value");
    for field in s.fields.iter().filter(|_| validated) {
        if !api.needs_check(&field.ty) {
            continue;
        }
        let wire = field.wire_name();
        let field_name = ident(&field.name);
        let inner = value_checks(api, &field.ty, &value, &quote!(#wire), 0);
        if field.is_option() {
            checks.extend(quote! {
                if let ::std::option::Option::Some(#value) = &self.#field_name { #inner }
            });
        } else {
            checks.extend(quote! {
                { let #value = &self.#field_name; #inner }
            });
        }
    }
    let validate = validate_impl(
        name,
        (!checks.is_empty()).then(|| quote! { #checks ::std::result::Result::Ok(()) }),
    );
    let serde = struct_serde(name, s);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #serde
        #validate
    }
}

/// A struct's `Serialize` and `Deserialize`: one line per member in a call of
/// the runtime's `wire::object!`, which expands to impls that call small
/// helpers rather than serde's derive, whose expansion takes `cargo check`
/// several times longer (see `generated-client/src/wire.rs`).
fn struct_serde(name: &Ident, s: &Struct) -> TokenStream {
    let members = s.fields.iter().map(|field| {
        let kind = if field.optional {
            format_ident!("optional")
        } else if field.nullable {
            format_ident!("nullable")
        } else {
            format_ident!("required")
        };
        let field_name = ident(&field.name);
        let wire = field.wire_name();
        quote!(#kind #field_name = #wire;)
    });
    let extra = s.extra.as_ref().map(|(extra_name, _)| {
        let extra_name = ident(extra_name);
        quote!(..#extra_name;)
    });
    quote! {
        crate::wire::object! {
            #name;
            #(#members)*
            #extra
        }
    }
}

/// A tuple struct: one positional field per prefix item, then the `Vec` of
/// the items after them when the schema allows any; its serde impls come
/// from the runtime's `wire::tuple!`.
fn tuple_def(
    api: &Api,
    name: &Ident,
    doc: &TokenStream,
    tuple: &Tuple,
    validated: bool,
) -> TokenStream {
    let items = tuple.items.iter().map(|item| {
        let doc = docs(&item.docs);
        let ty = tuple_item_ty(item);
        quote! { #doc pub #ty, }
    });
    let rest = tuple.rest.as_ref().map(|rest| {
        let ty = ty_tokens(&rest.ty, true);
        quote! {
            #[doc = " The items after the prefix, as they came."]
            pub ::std::vec::Vec<#ty>,
        }
    });
    let layout_doc = if tuple.rest.is_some() {
        " A JSON array: the fields in order, then the items of the last field."
    } else {
        " A JSON array: the fields in order, and no more items."
    };
    let default = tuple
        .items
        .iter()
        .all(TupleItem::is_option)
        .then(|| quote!(::std::default::Default,));
    let prefix = tuple.items.len();
    let value = format_ident!("value");
    let mut checks = TokenStream::new();
    for (index, item) in tuple.items.iter().enumerate() {
        if !validated || !api.needs_check(&item.ty) {
            continue;
        }
        let position = Literal::usize_unsuffixed(index);
        let field = format!("[{index}]");
        let inner = value_checks(api, &item.ty, &value, &quote!(#field), 0);
        checks.extend(if item.is_option() {
            quote! { if let ::std::option::Option::Some(#value) = &self.#position { #inner } }
        } else {
            quote! { { let #value = &self.#position; #inner } }
        });
    }
    if let Some(rest) = tuple.rest.as_ref().filter(|_| validated) {
        let position = Literal::usize_unsuffixed(prefix);
        let prefix_len = Literal::usize_unsuffixed(prefix);
        for (bound, constraint) in [(rest.min_items, "MinItems"), (rest.max_items, "MaxItems")] {
            let Some(bound) = bound else { continue };
            let bound = Literal::u64_unsuffixed(bound);
            let constraint = format_ident!("{}", constraint);
            checks.extend(quote! {
                crate::Constraint::#constraint(#bound).check_len("", #prefix_len + self.#position.len())?;
            });
        }
        if api.needs_check(&rest.ty) {
            let index = format_ident!("index");
            let field =
                quote!(["[", (#index + #prefix_len).to_string().as_str(), "]"].concat().as_str());
            let inner = value_checks(api, &rest.ty, &value, &field, 0);
            checks.extend(quote! {
                for (#index, #value) in self.#position.iter().enumerate() { #inner }
            });
        }
    }
    let validate = validate_impl(
        name,
        (!checks.is_empty()).then(|| quote! { #checks ::std::result::Result::Ok(()) }),
    );
    let kinds = tuple.items.iter().enumerate().map(|(index, item)| {
        let kind = match (item.optional, item.nullable) {
            (false, false) => format_ident!("required"),
            (false, true) => format_ident!("nullable"),
            (true, false) => format_ident!("optional"),
            (true, true) => format_ident!("optional_nullable"),
        };
        let position = Literal::usize_unsuffixed(index);
        quote!(#kind #position;)
    });
    let rest_line = tuple.rest.as_ref().map(|_| {
        let position = Literal::usize_unsuffixed(prefix);
        quote!(..#position;)
    });
    quote! {
        #doc
        ///
        #[doc = #layout_doc]
        #[derive(Clone, Debug, PartialEq, #default)]
        pub struct #name(
            #(#items)*
            #rest
        );
        crate::wire::tuple! {
            #name;
            #(#kinds)*
            #rest_line
        }
        #validate
    }
}

/// A tuple item's field type: an `Option` when it may be missing or `null`.
fn tuple_item_ty(item: &TupleItem) -> TokenStream {
    let ty = ty_tokens(&item.ty, true);
    let ty = if item.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    };
    if item.is_option() {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}

fn int_enum(
    name: &Ident,
    doc: &TokenStream,
    variants: &[IntVariant],
    fallback: &Ident,
) -> TokenStream {
    let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<Literal> = variants
        .iter()
        .map(|v| Literal::i64_unsuffixed(v.value))
        .collect();
    let variant_docs = variants
        .iter()
        .map(|v| enum_variant_docs(&v.docs, &v.value.to_string()));
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
        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => Self::#names, )*
                    other => Self::#fallback(other),
                }
            }
        }
        impl ::std::convert::From<#name> for i64 {
            fn from(value: #name) -> Self {
                match value {
                    #( #name::#names => #values, )*
                    #name::#fallback(other) => other,
                }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&i64::from(*self), f)
            }
        }
        crate::wire::int_enum!(#name);
        impl crate::Validate for #name {}
    }
}

fn string_enum(
    name: &Ident,
    doc: &TokenStream,
    variants: &[StringVariant],
    fallback: &Ident,
) -> TokenStream {
    let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = variants
        .iter()
        .map(|v| enum_variant_docs(&v.docs, &format!("{:?}", v.value)));
    quote! {
        #doc
        ///
        /// Values this version of the client does not know are kept in the last variant.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #names, )*
            /// A value this version of the client does not know.
            #fallback(::std::string::String),
        }
        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#names => #values, )*
                    Self::#fallback(other) => other,
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #values => Self::#names, )*
                    _ => Self::#fallback(value),
                }
            }
        }
        impl ::std::convert::From<#name> for ::std::string::String {
            fn from(value: #name) -> Self {
                match value {
                    #name::#fallback(other) => other,
                    known => known.as_str().to_owned(),
                }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        crate::wire::string_enum!(#name);
        impl crate::Validate for #name {}
    }
}

fn union_def(
    api: &Api,
    name: &Ident,
    doc: &TokenStream,
    union: &Union,
    validated: bool,
) -> TokenStream {
    let variants = &union.variants;
    let tag = match &union.kind {
        UnionKind::Tagged(tag) => Some(tag),
        UnionKind::Untagged { .. } => None,
    };
    let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let tys: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let ty = ty_tokens(&v.ty, true);
            if v.boxed {
                quote!(::std::boxed::Box<#ty>)
            } else {
                ty
            }
        })
        .collect();
    let variant_docs = variants.iter().map(|v| docs(&v.docs));
    // `From` impls read well when every variant wraps a different type.
    let distinct = {
        let mut seen: Vec<&TyKind> = Vec::new();
        variants.iter().all(|v| {
            let fresh = !seen.contains(&&v.ty.kind);
            seen.push(&v.ty.kind);
            fresh
        })
    };
    let froms = distinct.then(|| {
        quote! {
            #(
                impl ::std::convert::From<#tys> for #name {
                    fn from(value: #tys) -> Self { Self::#names(value) }
                }
            )*
        }
    });
    let value = format_ident!("value");
    let any_checks = validated && variants.iter().any(|v| api.needs_check(&v.ty));
    let arms = variants.iter().zip(&names).map(|(variant, variant_name)| {
        if let TyKind::Named(_) = variant.ty.kind {
            return quote! { Self::#variant_name(#value) => crate::Validate::validate(#value), };
        }
        let checks = value_checks(api, &variant.ty, &value, &quote!(""), 0);
        if checks.is_empty() {
            return quote! { Self::#variant_name(_) => ::std::result::Result::Ok(()), };
        }
        quote! { Self::#variant_name(#value) => { #checks ::std::result::Result::Ok(()) } }
    });
    let fallback_arm = tag.map(|tag| {
        let fallback = ident(&tag.fallback);
        quote! { Self::#fallback(_) => ::std::result::Result::Ok(()), }
    });
    let validate = validate_impl(
        name,
        any_checks.then(|| quote! { match self { #(#arms)* #fallback_arm } }),
    );
    let Some(tag) = tag else {
        let try_order = match &union.kind {
            UnionKind::Untagged { try_order } => try_order.as_slice(),
            UnionKind::Tagged(_) => &[],
        };
        // Untagged: each member is tried in turn, in `try_order` (structs with
        // more required members first), on the value read once.
        let tried_names = try_order.iter().map(|&index| &names[index]);
        let tried_tys = try_order.iter().map(|&index| &tys[index]);
        let no_match = format!("the value matches none of the forms of `{name}`");
        return quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            pub enum #name {
                #( #variant_docs #names(#tys), )*
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    #(
                        if let ::std::result::Result::Ok(member) = <#tried_tys as ::serde::Deserialize>::deserialize(&value) {
                            return ::std::result::Result::Ok(Self::#tried_names(member));
                        }
                    )*
                    ::std::result::Result::Err(::serde::de::Error::custom(#no_match))
                }
            }
            #froms
            #validate
        };
    };
    // Tagged: decoded by the tag, so members with overlapping shapes cannot be
    // confused, and an unknown tag is kept rather than failing.
    let property = &tag.property;
    let fallback = ident(&tag.fallback);
    let (reader, patterns): (TokenStream, Vec<TokenStream>) = match &tag.values {
        TagValues::Int(sets) => (
            quote!(::serde_json::Value::as_i64),
            sets.iter()
                .map(|set| {
                    let values = set.iter().map(|n| Literal::i64_unsuffixed(*n));
                    quote!(#(#values)|*)
                })
                .collect(),
        ),
        TagValues::Str(sets) => (
            quote!(::serde_json::Value::as_str),
            sets.iter().map(|set| quote!(#(#set)|*)).collect(),
        ),
    };
    let missing_tag = format!("expected an object with a `{property}` member");
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
            #fallback(::serde_json::Value),
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #( Self::#names(value) => ::serde::Serialize::serialize(value, serializer), )*
                    Self::#fallback(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let ::std::option::Option::Some(tag) = value.get(#property) else {
                    return ::std::result::Result::Err(::serde::de::Error::custom(#missing_tag));
                };
                match #reader(tag) {
                    #(
                        ::std::option::Option::Some(#patterns) => crate::wire::member(value).map(Self::#names),
                    )*
                    _ => ::std::result::Result::Ok(Self::#fallback(value)),
                }
            }
        }
        #froms
        #validate
    }
}
