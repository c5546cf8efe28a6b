//! Models: structs, tuple structs and aliases, with their serde and
//! `Validate` impls; enums and unions are in [`super::enums`].

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::enums::{int_enum, string_enum, union_def};
use super::validation::{FieldName, validate_impl, value_checks};
use super::{Scope, docs, ident, ty_tokens};
use crate::ir::{Field, FormPart, PartKind, Struct, Tuple, TupleItem, TypeDef, TypeKind};

pub(super) fn type_def(def: &TypeDef) -> TokenStream {
    let doc = docs(&def.docs);
    let doc = if def.deprecated {
        quote! { #doc #[deprecated = "deprecated in the API"] }
    } else {
        doc
    };
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(def, &name, &doc, s),
        TypeKind::IntEnum { variants, fallback } => {
            int_enum(def, &name, &doc, variants, &ident(fallback))
        }
        TypeKind::StringEnum { variants, fallback } => {
            string_enum(def, &name, &doc, variants, &ident(fallback))
        }
        TypeKind::Union(union) => union_def(def, &name, &doc, union),
        TypeKind::Tuple(tuple) => tuple_def(def, &name, &doc, tuple),
        TypeKind::Alias(ty) => {
            let ty = ty_tokens(ty, Scope::Models);
            quote! { #doc pub type #name = #ty; }
        }
    }
}

/// A member's type: boxed when the type holds itself through it, an
/// `Option` when it may be absent or `null`.
fn member_ty(ty: TokenStream, boxed: bool, option: bool) -> TokenStream {
    let ty = if boxed { quote!(Box<#ty>) } else { ty };
    if option { quote!(Option<#ty>) } else { ty }
}

/// A field's type: a `crate::Nullable` when it is three-state, else as
/// [`member_ty`] says.
fn field_ty(field: &Field) -> TokenStream {
    let ty = ty_tokens(&field.ty, Scope::Models);
    if field.three_state {
        let ty = member_ty(ty, field.boxed, false);
        quote!(crate::Nullable<#ty>)
    } else {
        member_ty(ty, field.boxed, field.is_option())
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
    let ty = field_ty(field);
    quote! { #doc pub #name: #ty, }
}

fn struct_def(def: &TypeDef, name: &Ident, doc: &TokenStream, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(field_tokens);
    let extra = s.extra.as_ref().map(|(extra_name, ty)| {
        let extra_name = ident(extra_name);
        let ty = ty_tokens(ty, Scope::Models);
        quote! {
            #[doc = " Members the schema does not name, kept as they came."]
            pub #extra_name: BTreeMap<String, #ty>,
        }
    });
    let default = s.derive_default.then(|| quote!(Default,));
    let value = format_ident!("value");
    let checks: TokenStream = s
        .fields
        .iter()
        .filter(|field| def.validated && field.ty.checked)
        .map(|field| {
            let field_name = ident(&field.name);
            let inner = value_checks(&field.ty, &value, &FieldName::text(field.wire_name()), 0);
            if field.three_state {
                quote! { if let crate::Nullable::Value(#value) = &self.#field_name { #inner } }
            } else if field.is_option() {
                quote! { if let Some(#value) = &self.#field_name { #inner } }
            } else {
                quote! { { let #value = &self.#field_name; #inner } }
            }
        })
        .collect();
    let validate = validate_impl(def, name, checks);
    let serde = match &s.form {
        Some(parts) => form_impl(name, s, parts),
        None => struct_serde(name, s),
    };
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq)]
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
/// several times longer (see `generated-client/src/wire.rs`). A member whose
/// wire name is its field's name says it once.
fn struct_serde(name: &Ident, s: &Struct) -> TokenStream {
    let members = s.fields.iter().map(|field| {
        let kind = if field.three_state {
            format_ident!("optional_nullable")
        } else if field.optional {
            format_ident!("optional")
        } else if field.nullable {
            format_ident!("nullable")
        } else {
            format_ident!("required")
        };
        let field_name = ident(&field.name);
        match &field.rename {
            None if !field.name.starts_with("r#") => quote!(#kind #field_name;),
            _ => {
                let wire = field.wire_name();
                quote!(#kind #field_name = #wire;)
            }
        }
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

/// A multipart body's `crate::request::MultipartForm` impl: the parts of
/// each field in order, as `resolve` decided (`Struct::form`); an absent
/// optional field adds none.
fn form_impl(name: &Ident, s: &Struct, parts: &[FormPart]) -> TokenStream {
    let value = format_ident!("value");
    let form = format_ident!("form");
    let statements = s.fields.iter().zip(parts).map(|(field, part)| {
        let wire = field.wire_name();
        let content_type = match &part.content_type {
            Some(content_type) => quote!(Some(#content_type)),
            None => quote!(None),
        };
        let add = match part.kind {
            PartKind::Text => quote! { #form.push_text(#wire, #value.to_string(), #content_type); },
            PartKind::TextList => quote! {
                for #value in #value { #form.push_text(#wire, #value.to_string(), #content_type); }
            },
            PartKind::Json => {
                let content_type = part.content_type.as_deref().unwrap_or("application/json");
                quote! { #form.push_json(#wire, #content_type, #value)?; }
            }
            PartKind::File => quote! { #form.push_file(#wire, #value, #content_type); },
            PartKind::Files => quote! {
                for #value in #value { #form.push_file(#wire, #value, #content_type); }
            },
            PartKind::IndexedFiles => quote! {
                for (index, #value) in #value.iter().enumerate() {
                    #form.push_file(&[#wire, "[", &index.to_string(), "]"].concat(), #value, #content_type);
                }
            },
        };
        let field_name = ident(&field.name);
        if field.is_option() {
            quote! { if let Some(#value) = &self.#field_name { #add } }
        } else {
            quote! { { let #value = &self.#field_name; #add } }
        }
    });
    quote! {
        impl crate::request::MultipartForm for #name {
            fn to_multipart(&self) -> Result<crate::request::Multipart, crate::Error> {
                let mut #form = crate::request::Multipart::new();
                #(#statements)*
                Ok(#form)
            }
        }
    }
}

/// A tuple struct: one positional field per prefix item, then the `Vec` of
/// the items after them when the schema allows any; its serde impls come
/// from the runtime's `wire::tuple!`.
fn tuple_def(def: &TypeDef, name: &Ident, doc: &TokenStream, tuple: &Tuple) -> TokenStream {
    let items = tuple.items.iter().map(|item| {
        let doc = docs(&item.docs);
        let ty = member_ty(
            ty_tokens(&item.ty, Scope::Models),
            item.boxed,
            item.is_option(),
        );
        quote! { #doc pub #ty, }
    });
    let rest = tuple.rest.as_ref().map(|rest| {
        let ty = ty_tokens(&rest.ty, Scope::Models);
        quote! {
            #[doc = " The items after the prefix, as they came."]
            pub Vec<#ty>,
        }
    });
    let layout_doc = if tuple.rest.is_some() {
        " A JSON array: the fields in order, then the items of the last field."
    } else {
        " A JSON array: the fields in order, and no more items."
    };
    let default = tuple.derive_default.then(|| quote!(Default,));
    let validate = validate_impl(
        def,
        name,
        if def.validated {
            tuple_checks(tuple)
        } else {
            TokenStream::new()
        },
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
        let position = Literal::usize_unsuffixed(tuple.items.len());
        quote!(..#position;)
    });
    quote! {
        #doc
        ///
        #[doc = #layout_doc]
        #[derive(Clone, Debug, #default PartialEq)]
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

/// The checks of a validated tuple struct: each checked item, then the
/// bounds of the whole array's length and the items after the prefix.
fn tuple_checks(tuple: &Tuple) -> TokenStream {
    let prefix = tuple.items.len();
    let value = format_ident!("value");
    let mut checks = TokenStream::new();
    for (index, item) in tuple.items.iter().enumerate() {
        if !item.ty.checked {
            continue;
        }
        let position = Literal::usize_unsuffixed(index);
        let inner = value_checks(&item.ty, &value, &FieldName::text(&format!("[{index}]")), 0);
        checks.extend(if TupleItem::is_option(item) {
            quote! { if let Some(#value) = &self.#position { #inner } }
        } else {
            quote! { { let #value = &self.#position; #inner } }
        });
    }
    let Some(rest) = &tuple.rest else {
        return checks;
    };
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
    if rest.ty.checked {
        let index = format_ident!("index");
        let field = FieldName::Expr(
            quote!(["[", (#index + #prefix_len).to_string().as_str(), "]"].concat().as_str()),
        );
        let inner = value_checks(&rest.ty, &value, &field, 0);
        checks.extend(quote! {
            for (#index, #value) in self.#position.iter().enumerate() { #inner }
        });
    }
    checks
}
