//! Stage 4: the IR → token streams, one per generated file.
//!
//! Everything here is infallible: `resolve` has already checked the names and
//! shapes. Generated code uses absolute paths (`::serde::Serialize`,
//! `crate::Snowflake`) so it does not depend on what is in scope.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{
    Api, BodyEncoding, Field, FloatType, IntVariant, Operation, Param, PathPart, StringVariant,
    Struct, TagValue, Ty, TyKind, TypeDef, TypeKind, UnionTag, UnionVariant,
};

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
    /// `mod.rs`: the module's docs and its two submodules.
    Root,
    /// The head of `models.rs`: its inner attributes.
    ModelsHead,
    /// One model and its impls.
    Model(&'a TypeDef),
    /// `operations/mod.rs`: one `mod` and `pub use` per operation.
    OperationsIndex,
    /// One operation's file.
    Operation(&'a Operation),
}

/// What every piece may consult besides the IR: which types have constraints
/// to check (computed once for the whole API).
pub(crate) struct Context<'a> {
    api: &'a Api,
    needs: BTreeMap<String, bool>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(api: &'a Api) -> Self {
        Self {
            api,
            needs: needs_validation(api),
        }
    }
}

/// Every generated file and its pieces, in a fixed order.
pub(crate) fn plan(api: &Api) -> Vec<FilePlan<'_>> {
    let mut files = vec![
        FilePlan {
            path: "mod.rs".to_owned(),
            pieces: vec![Piece::Root],
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
pub(crate) fn emit_piece(context: &Context<'_>, piece: Piece<'_>) -> Vec<TokenStream> {
    match piece {
        Piece::Root => vec![quote! {
            #![doc = " Code generated from the OpenAPI schema: models and operations."]
            pub mod models;
            pub mod operations;
        }],
        // The generated code uses deprecated types itself; only users are warned.
        Piece::ModelsHead => vec![quote! {
            #![doc = " Request and response types of the API."]
            #![allow(deprecated)]
        }],
        Piece::Model(def) => vec![type_def(def, &context.needs)],
        Piece::OperationsIndex => {
            let modules = context.api.operations.values().map(|op| ident(&op.fn_name));
            vec![quote! {
                #![doc = " One module per API operation: its metadata, a function that builds the"]
                #![doc = " request without sending it, and the [`Client`](crate::Client) method that sends it."]
                #(
                    mod #modules;
                    pub use #modules::*;
                )*
            }]
        }
        Piece::Operation(operation) => operation_file(operation, &context.needs),
    }
}

/// Makes an identifier, raw when the name is written `r#…`.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

fn docs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// An enum variant's docs: its description, then its wire value.
fn enum_variant_docs(lines: &[String], wire: &str) -> TokenStream {
    let mut all = lines.to_vec();
    if !all.is_empty() {
        all.push(String::new());
    }
    all.push(format!("`{wire}` on the wire."));
    docs(&all)
}

/// The tokens of a value type. Inside `models.rs` named types are written bare.
fn ty_tokens(ty: &Ty, in_models: bool) -> TokenStream {
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
        TyKind::Map(value) => {
            let value = ty_tokens(value, in_models);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TyKind::Nullable(inner) => {
            let inner = ty_tokens(inner, in_models);
            quote!(::std::option::Option<#inner>)
        }
        TyKind::Bytes => quote!(::std::vec::Vec<u8>),
    }
}

/// Which named types have something to validate, directly or inside.
fn needs_validation(api: &Api) -> BTreeMap<String, bool> {
    let mut needs: BTreeMap<String, bool> = api.types.keys().map(|k| (k.clone(), false)).collect();
    // Iterate to a fixed point so that nesting through other named types counts.
    loop {
        let mut changed = false;
        for (name, def) in &api.types {
            if !def.in_requests || needs.get(name).copied().unwrap_or(false) {
                continue;
            }
            let value = match &def.kind {
                TypeKind::Struct(s) => {
                    s.fields.iter().any(|f| ty_needs(&f.ty, &needs))
                        || s.extra.as_ref().is_some_and(|(_, ty)| ty_needs(ty, &needs))
                }
                TypeKind::Union { variants, .. } => {
                    variants.iter().any(|v| ty_needs(&v.ty, &needs))
                }
                TypeKind::Alias(ty) => ty_needs(ty, &needs),
                TypeKind::IntEnum { .. } | TypeKind::StringEnum { .. } => false,
            };
            if value {
                needs.insert(name.clone(), true);
                changed = true;
            }
        }
        if !changed {
            return needs;
        }
    }
}

fn ty_needs(ty: &Ty, needs: &BTreeMap<String, bool>) -> bool {
    !ty.constraints.is_empty()
        || match &ty.kind {
            TyKind::Named(name) => needs.get(name).copied().unwrap_or(false),
            TyKind::Array(item) | TyKind::Map(item) | TyKind::Nullable(item) => {
                ty_needs(item, needs)
            }
            _ => false,
        }
}

/// Statements that check `value` (a reference) against `ty`, returning a
/// `ValidationError` naming `field` on the first violation.
fn value_checks(
    ty: &Ty,
    value: &Ident,
    field: &TokenStream,
    depth: usize,
    needs: &BTreeMap<String, bool>,
) -> TokenStream {
    let mut out = TokenStream::new();
    let c = &ty.constraints;
    for (bound, constraint) in [(c.minimum, "Minimum"), (c.maximum, "Maximum")] {
        let Some(bound) = bound else { continue };
        let bound = Literal::i64_unsuffixed(bound);
        let constraint = format_ident!("{}", constraint);
        out.extend(if let TyKind::Float(_) = ty.kind {
            quote! { crate::Constraint::#constraint(#bound).check_number(#field, f64::from(*#value))?; }
        } else {
            quote! { crate::Constraint::#constraint(#bound).check(#field, *#value)?; }
        });
    }
    for (bound, constraint, length) in [
        (c.min_items, "MinItems", quote!(#value.len())),
        (c.max_items, "MaxItems", quote!(#value.len())),
        (c.min_properties, "MinProperties", quote!(#value.len())),
        (c.max_properties, "MaxProperties", quote!(#value.len())),
        (c.min_length, "MinLength", quote!(#value.chars().count())),
        (c.max_length, "MaxLength", quote!(#value.chars().count())),
    ] {
        let Some(bound) = bound else { continue };
        let bound = Literal::u64_unsuffixed(bound);
        let constraint = format_ident!("{}", constraint);
        out.extend(quote! { crate::Constraint::#constraint(#bound).check_len(#field, #length)?; });
    }
    if let Some(pattern) = &c.pattern {
        out.extend(quote! { crate::Constraint::check_pattern(#field, #value, #pattern)?; });
    }
    if c.unique_items {
        out.extend(quote! { crate::Constraint::check_unique(#field, #value)?; });
    }
    match &ty.kind {
        TyKind::Nullable(inner) if ty_needs(inner, needs) => {
            let element = format_ident!("inner{}", depth);
            let inner = value_checks(inner, &element, field, depth + 1, needs);
            out.extend(quote! {
                if let ::std::option::Option::Some(#element) = #value { #inner }
            });
        }
        TyKind::Named(name) if needs.get(name).copied().unwrap_or(false) => {
            out.extend(quote! {
                crate::Validate::validate(#value).map_err(|error| error.within(#field))?;
            });
        }
        TyKind::Array(item) if ty_needs(item, needs) => {
            let index = format_ident!("index{}", depth);
            let element = format_ident!("item{}", depth);
            let nested_field =
                quote!([#field, "[", #index.to_string().as_str(), "]"].concat().as_str());
            let inner = value_checks(item, &element, &nested_field, depth + 1, needs);
            out.extend(quote! {
                for (#index, #element) in #value.iter().enumerate() { #inner }
            });
        }
        TyKind::Map(item) if ty_needs(item, needs) => {
            let key = format_ident!("key{}", depth);
            let element = format_ident!("item{}", depth);
            let nested_field = quote!([#field, ".", #key.as_str()].concat().as_str());
            let inner = value_checks(item, &element, &nested_field, depth + 1, needs);
            out.extend(quote! {
                for (#key, #element) in #value { #inner }
            });
        }
        _ => {}
    }
    out
}

fn validate_impl(name: &Ident, body: Option<TokenStream>) -> TokenStream {
    match body {
        None => quote! { impl crate::Validate for #name {} },
        Some(body) => quote! {
            impl crate::Validate for #name {
                fn validate(&self) -> ::std::result::Result<(), crate::ValidationError> {
                    #body
                }
            }
        },
    }
}

fn type_def(def: &TypeDef, needs: &BTreeMap<String, bool>) -> TokenStream {
    let doc = docs(&def.docs);
    let doc = if def.deprecated {
        quote! { #doc #[deprecated = "deprecated in the API"] }
    } else {
        doc
    };
    let name = ident(&def.name);
    let validated = needs.get(&def.name).copied().unwrap_or(false);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&name, &doc, s, validated, needs),
        TypeKind::IntEnum { variants, fallback } => {
            int_enum(&name, &doc, variants, &ident(fallback))
        }
        TypeKind::StringEnum { variants, fallback } => {
            string_enum(&name, &doc, variants, &ident(fallback))
        }
        TypeKind::Union {
            variants,
            tag,
            try_order,
        } => union(
            &name,
            &doc,
            variants,
            tag.as_ref(),
            try_order,
            validated,
            needs,
        ),
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
    name: &Ident,
    doc: &TokenStream,
    s: &Struct,
    validated: bool,
    needs: &BTreeMap<String, bool>,
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
        if !ty_needs(&field.ty, needs) {
            continue;
        }
        let wire = field.wire_name();
        let field_name = ident(&field.name);
        let inner = value_checks(&field.ty, &value, &quote!(#wire), 0, needs);
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

fn union(
    name: &Ident,
    doc: &TokenStream,
    variants: &[UnionVariant],
    tag: Option<&UnionTag>,
    try_order: &[usize],
    validated: bool,
    needs: &BTreeMap<String, bool>,
) -> TokenStream {
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
    let any_checks = validated && variants.iter().any(|v| ty_needs(&v.ty, needs));
    let arms = variants.iter().zip(&names).map(|(variant, variant_name)| {
        if let TyKind::Named(_) = variant.ty.kind {
            return quote! { Self::#variant_name(#value) => crate::Validate::validate(#value), };
        }
        let checks = value_checks(&variant.ty, &value, &quote!(""), 0, needs);
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
    let integers = matches!(
        tag.values.first().and_then(|set| set.first()),
        Some(TagValue::Int(_))
    );
    let reader = if integers {
        quote!(::serde_json::Value::as_i64)
    } else {
        quote!(::serde_json::Value::as_str)
    };
    // `resolve` makes every value of a tag the same kind; the other arm of each
    // match only keeps this total.
    let patterns: Vec<TokenStream> = tag
        .values
        .iter()
        .map(|set| {
            let values = set.iter().map(|value| match (value, integers) {
                (TagValue::Int(n), true) => {
                    let n = Literal::i64_unsuffixed(*n);
                    quote!(#n)
                }
                (TagValue::Int(n), false) => {
                    let n = n.to_string();
                    quote!(#n)
                }
                (TagValue::Str(text), _) => quote!(#text),
            });
            quote!(#(#values)|*)
        })
        .collect();
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
                match value.get(#property).and_then(#reader) {
                    #(
                        ::std::option::Option::Some(#patterns) => ::serde_json::from_value(value)
                            .map(Self::#names)
                            .map_err(::serde::de::Error::custom),
                    )*
                    _ => ::std::result::Result::Ok(Self::#fallback(value)),
                }
            }
        }
        #froms
        #validate
    }
}

/// The crate the generated modules live in, as doc examples name it.
const CLIENT_CRATE: &str = "fluxer_client";

/// Type tokens as text for a doc example: paths into the client crate, short std names.
fn type_text(tokens: &TokenStream) -> String {
    tokens
        .to_string()
        .replace(' ', "")
        .replace("::std::option::Option", "Option")
        .replace("::std::vec::Vec", "Vec")
        .replace("::std::string::String", "String")
        .replace("::std::collections::BTreeMap", "std::collections::BTreeMap")
        .replace("::serde_json::", "serde_json::")
        .replace("crate::", &format!("{CLIENT_CRATE}::"))
}

/// The method's docs followed by an example that compiles (`no_run`): the
/// arguments are parameters of a hidden function, so any argument type works.
fn method_doc_lines(
    op: &Operation,
    args: &[TokenStream],
    arg_names: &[Ident],
    response: &TokenStream,
) -> Vec<String> {
    let mut lines = op.docs.clone();
    let params: Vec<String> = args
        .iter()
        .map(|arg| {
            let text = type_text(arg);
            text.replacen(':', ": ", 1)
        })
        .collect();
    let names: Vec<String> = arg_names.iter().map(ToString::to_string).collect();
    let result = type_text(response);
    lines.extend([
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        format!(
            "# async fn example(client: &{CLIENT_CRATE}::Client{}{}) -> Result<(), {CLIENT_CRATE}::Error> {{",
            if params.is_empty() { "" } else { ", " },
            params.join(", ")
        ),
        format!(
            "let answer: {result} = client.{}({}).await?;",
            op.fn_name,
            names.join(", ")
        ),
        "# let _ = answer;".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    lines
}

/// The argument type of a parameter: strings and lists are borrowed.
fn param_ty(param: &Param) -> TokenStream {
    let ty = match &param.ty.kind {
        TyKind::String => quote!(&str),
        TyKind::Array(item) => {
            let item = ty_tokens(item, false);
            quote!(&[#item])
        }
        _ => ty_tokens(&param.ty, false),
    };
    if param.required {
        ty
    } else {
        quote!(::std::option::Option<#ty>)
    }
}

fn operation_file(op: &Operation, needs: &BTreeMap<String, bool>) -> Vec<TokenStream> {
    let static_name = ident(&op.static_name);
    let fn_name = ident(&op.fn_name);
    let operation_id = &op.operation_id;
    let method = format_ident!("{}", op.method.variant());
    let path_template = &op.path_template;
    let idempotent = op.idempotent;
    let response = match &op.response {
        Some(ty) => ty_tokens(ty, false),
        None => quote!(()),
    };

    // Arguments: path parameters, then the body, then query parameters.
    let mut args: Vec<TokenStream> = Vec::new();
    let mut arg_names: Vec<Ident> = Vec::new();
    for param in &op.path_params {
        let name = ident(&param.name);
        let ty = param_ty(param);
        args.push(quote!(#name: #ty));
        arg_names.push(name);
    }
    let body_ident = format_ident!("body");
    if let Some(body) = &op.body {
        let ty = match &body.encoding {
            BodyEncoding::Json | BodyEncoding::Form => {
                let ty = ty_tokens(&body.ty, false);
                quote!(&#ty)
            }
            BodyEncoding::Multipart => quote!(&crate::request::Multipart),
            BodyEncoding::Text(_) => quote!(&str),
            BodyEncoding::Binary(_) => quote!(&[u8]),
        };
        args.push(if body.required {
            quote!(body: #ty)
        } else {
            quote!(body: ::std::option::Option<#ty>)
        });
        arg_names.push(body_ident.clone());
    }
    for param in op.query_params.iter().chain(&op.header_params) {
        let name = ident(&param.name);
        let ty = param_ty(param);
        args.push(quote!(#name: #ty));
        arg_names.push(name);
    }
    let many_args = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    // Checks on parameters, then on the body.
    let mut checks = TokenStream::new();
    let value = format_ident!("value");
    for param in op
        .path_params
        .iter()
        .chain(&op.query_params)
        .chain(&op.header_params)
    {
        if !ty_needs(&param.ty, needs) {
            continue;
        }
        let name = ident(&param.name);
        let wire = &param.wire_name;
        let inner = value_checks(&param.ty, &value, &quote!(#wire), 0, needs);
        let bind = if matches!(param.ty.kind, TyKind::String | TyKind::Array(_)) {
            quote!(#name)
        } else {
            quote!(&#name)
        };
        checks.extend(if param.required {
            quote! { { let #value = #bind; #inner } }
        } else {
            quote! { if let ::std::option::Option::Some(#value) = &#name { #inner } }
        });
    }
    if let Some(body) = op
        .body
        .as_ref()
        .filter(|b| matches!(b.encoding, BodyEncoding::Json | BodyEncoding::Form))
    {
        checks.extend(if body.required {
            quote! { crate::Validate::validate(body)?; }
        } else {
            quote! {
                if let ::std::option::Option::Some(body) = body { crate::Validate::validate(body)?; }
            }
        });
    }

    // The path, with each parameter percent-encoded.
    let pieces: Vec<TokenStream> = op
        .path
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(index) => {
                let name = ident(&op.path_params[*index].name);
                quote!(crate::request::encode_path_segment(&#name.to_string()).as_str())
            }
        })
        .collect();
    let path = match pieces.as_slice() {
        [single] if op.path_params.is_empty() => quote!(::std::string::String::from(#single)),
        _ => quote!([#(#pieces),*].concat()),
    };

    let mut build = TokenStream::new();
    for param in &op.query_params {
        let name = ident(&param.name);
        let wire = &param.wire_name;
        let add = match (&param.ty.kind, param.required, param.serialized) {
            (_, true, true) => quote! { request = request.query_serialized(#wire, &#name)?; },
            (_, false, true) => quote! {
                if let ::std::option::Option::Some(item) = #name {
                    request = request.query_serialized(#wire, &item)?;
                }
            },
            (TyKind::Array(_), true, false) => {
                quote! { for item in #name { request = request.query(#wire, item); } }
            }
            (TyKind::Array(_), false, false) => quote! {
                if let ::std::option::Option::Some(items) = #name {
                    for item in items { request = request.query(#wire, item); }
                }
            },
            (_, true, false) => quote! { request = request.query(#wire, #name); },
            (_, false, false) => quote! {
                if let ::std::option::Option::Some(item) = #name { request = request.query(#wire, item); }
            },
        };
        build.extend(add);
    }
    for param in &op.header_params {
        let name = ident(&param.name);
        let wire = &param.wire_name;
        build.extend(if param.required {
            quote! { request = request.header(#wire, #name); }
        } else {
            quote! {
                if let ::std::option::Option::Some(item) = #name { request = request.header(#wire, item); }
            }
        });
    }
    let attach = |body: TokenStream| match op.body.as_ref().map(|b| &b.encoding) {
        Some(BodyEncoding::Json) => quote! { request.json_body(#body) },
        Some(BodyEncoding::Form) => quote! { request.form_body(#body) },
        Some(BodyEncoding::Multipart) => {
            quote! { ::std::result::Result::Ok(request.multipart_body(#body)) }
        }
        Some(BodyEncoding::Text(media)) => {
            quote! { ::std::result::Result::Ok(request.raw_body(#media, #body.as_bytes().to_vec())) }
        }
        Some(BodyEncoding::Binary(media)) => {
            quote! { ::std::result::Result::Ok(request.raw_body(#media, #body.to_vec())) }
        }
        None => quote! { ::std::result::Result::Ok(request) },
    };
    let finish = match &op.body {
        Some(body) if body.required => attach(quote!(body)),
        Some(_) => {
            let some = attach(quote!(body));
            quote! {
                match body {
                    ::std::option::Option::Some(body) => #some,
                    ::std::option::Option::None => ::std::result::Result::Ok(request),
                }
            }
        }
        None => quote! { ::std::result::Result::Ok(request) },
    };
    let request_binding = if op.query_params.is_empty() && op.header_params.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };

    let execute = match op.response.as_ref().map(|ty| &ty.kind) {
        Some(TyKind::Bytes) => format_ident!("execute_bytes"),
        _ => format_ident!("execute"),
    };
    let method_docs = docs(&method_doc_lines(op, &args, &arg_names, &response));
    let build_docs = docs(&[
        format!(
            "Builds the `{} {}` request without sending it; [`Client::{}`](crate::Client::{}) sends it.",
            op.method.as_str(),
            op.path_template,
            op.fn_name,
            op.fn_name
        ),
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        "Fails with [`ErrorKind::Validation`](crate::ErrorKind::Validation) when the arguments break the schema's constraints.".to_owned(),
    ]);
    let static_docs = docs(&[format!(
        "The `{operation_id}` operation: `{} {}`.",
        op.method.as_str(),
        op.path_template
    )]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    vec![
        quote! {
            #![allow(deprecated)]
        },
        quote! {
            #static_docs
            pub static #static_name: crate::request::OperationInfo = crate::request::OperationInfo {
                operation_id: #operation_id,
                method: crate::request::Method::#method,
                path_template: #path_template,
                idempotent: #idempotent,
            };
        },
        quote! {
            #build_docs
            #many_args
            #deprecated
            pub fn #fn_name(#(#args),*) -> ::std::result::Result<crate::request::RequestSpec<#response>, crate::Error> {
                #checks
                #request_binding = crate::request::RequestSpec::new(&#static_name, #path);
                #build
                #finish
            }
        },
        quote! {
            #[cfg(feature = "client")]
            impl crate::Client {
                #method_docs
                #many_args
                #deprecated
                pub async fn #fn_name(&self, #(#args),*) -> ::std::result::Result<#response, crate::Error> {
                    let request = #fn_name(#(#arg_names),*)?;
                    ::std::result::Result::Ok(self.#execute(request).await?.into_data())
                }
            }
        },
    ]
}
