//! `Validate` implementations and the checks generated code runs on
//! arguments before a request is built. Which types are validated was
//! decided by `resolve` ([`TypeDef::validated`](crate::ir::TypeDef::validated)).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, BoundKind, Constraints, Decimal, FloatType, Ty, TyKind};

/// Statements that check `value` (a reference) against `ty`, returning a
/// `ValidationError` naming `field` on the first violation.
pub(super) fn value_checks(
    api: &Api,
    ty: &Ty,
    value: &Ident,
    field: &TokenStream,
    depth: usize,
) -> TokenStream {
    let mut out = TokenStream::new();
    let c = &ty.constraints;
    for (bound, constraint) in [(c.minimum, "Minimum"), (c.maximum, "Maximum")] {
        let Some(bound) = bound else { continue };
        let bound = Literal::i64_unsuffixed(bound);
        let constraint = format_ident!("{}", constraint);
        out.extend(if let TyKind::Float(float) = ty.kind {
            // An `f64` is passed as it is (clippy finds `f64::from` of one useless).
            let number = match float {
                FloatType::F32 => quote!(f64::from(*#value)),
                FloatType::F64 => quote!(*#value),
            };
            quote! { crate::Constraint::#constraint(#bound).check_number(#field, #number)?; }
        } else {
            quote! { crate::Constraint::#constraint(#bound).check(#field, *#value)?; }
        });
    }
    let decimal_checks = c
        .number_bounds
        .iter()
        .map(|bound| {
            let variant = match bound.kind {
                BoundKind::Minimum => "DecimalMinimum",
                BoundKind::Maximum => "DecimalMaximum",
                BoundKind::ExclusiveMinimum => "ExclusiveMinimum",
                BoundKind::ExclusiveMaximum => "ExclusiveMaximum",
            };
            (variant, bound.value)
        })
        .chain(c.multiple_of.map(|step| ("MultipleOf", step)));
    for (variant, decimal) in decimal_checks {
        let constraint = format_ident!("{}", variant);
        let decimal = decimal_tokens(decimal);
        let check = match ty.kind {
            TyKind::Float(FloatType::F32) => quote!(check_f32),
            TyKind::Float(FloatType::F64) => quote!(check_number),
            _ => quote!(check),
        };
        out.extend(quote! { crate::Constraint::#constraint(#decimal).#check(#field, *#value)?; });
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
        // Compiled once, on first use, in a `static` of its own.
        out.extend(quote! {
            {
                static PATTERN: crate::Pattern = crate::Pattern::new(#pattern);
                crate::Constraint::check_pattern(#field, #value, &PATTERN)?;
            }
        });
    }
    if c.unique_items {
        out.extend(quote! { crate::Constraint::check_unique(#field, #value)?; });
    }
    match &ty.kind {
        TyKind::Nullable(inner) if api.needs_check(inner) => {
            let element = format_ident!("inner{}", depth);
            let inner = value_checks(api, inner, &element, field, depth + 1);
            out.extend(quote! {
                if let ::std::option::Option::Some(#element) = #value { #inner }
            });
        }
        TyKind::Named(name) if api.types.get(name).is_some_and(|def| def.validated) => {
            out.extend(quote! {
                crate::Validate::validate(#value).map_err(|error| error.within(#field))?;
            });
        }
        TyKind::Array(item) if api.needs_check(item) => {
            let index = format_ident!("index{}", depth);
            let element = format_ident!("item{}", depth);
            let nested_field =
                quote!([#field, "[", #index.to_string().as_str(), "]"].concat().as_str());
            let inner = value_checks(api, item, &element, &nested_field, depth + 1);
            out.extend(quote! {
                for (#index, #element) in #value.iter().enumerate() { #inner }
            });
        }
        TyKind::Tuple(items) => {
            for (index, item) in items.iter().enumerate() {
                if !api.needs_check(item) {
                    continue;
                }
                let element = format_ident!("item{}_{}", depth, index);
                let position = Literal::usize_unsuffixed(index);
                let nested_field = tuple_item_field(field, index);
                let inner = value_checks(api, item, &element, &nested_field, depth + 1);
                out.extend(quote! {
                    { let #element = &#value.#position; #inner }
                });
            }
        }
        TyKind::Map { keys, values } if api.needs_check(values) => {
            let key = format_ident!("key{}", depth);
            let element = format_ident!("item{}", depth);
            let key_checks = key_checks(&keys.constraints, &key, field);
            let nested_field = quote!([#field, ".", #key.as_str()].concat().as_str());
            let inner = value_checks(api, values, &element, &nested_field, depth + 1);
            out.extend(quote! {
                for (#key, #element) in #value { #key_checks #inner }
            });
        }
        TyKind::Map { keys, .. } if !keys.constraints.is_empty() => {
            let key = format_ident!("key{}", depth);
            let key_checks = key_checks(&keys.constraints, &key, field);
            out.extend(quote! {
                for #key in #value.keys() { #key_checks }
            });
        }
        _ => {}
    }
    out
}

/// Statements that check a map's key `key` against its `propertyNames`
/// constraints (always string ones), naming the map `field` and the key.
fn key_checks(c: &Constraints, key: &Ident, field: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    for (bound, constraint) in [(c.min_length, "MinLength"), (c.max_length, "MaxLength")] {
        let Some(bound) = bound else { continue };
        let bound = Literal::u64_unsuffixed(bound);
        let constraint = format_ident!("{}", constraint);
        out.extend(quote! { crate::Constraint::#constraint(#bound).check_key(#field, #key)?; });
    }
    if let Some(pattern) = &c.pattern {
        out.extend(quote! {
            {
                static PATTERN: crate::Pattern = crate::Pattern::new(#pattern);
                crate::Constraint::check_key_pattern(#field, #key, &PATTERN)?;
            }
        });
    }
    if let Some(allowed) = &c.allowed {
        out.extend(quote! { crate::Constraint::Enum(&[#(#allowed),*]).check_key(#field, #key)?; });
    }
    out
}

/// `crate::Decimal::new(mantissa, exponent)`.
fn decimal_tokens(decimal: Decimal) -> TokenStream {
    let mantissa = Literal::i64_unsuffixed(decimal.mantissa);
    let exponent = Literal::i16_unsuffixed(decimal.exponent);
    quote!(crate::Decimal::new(#mantissa, #exponent))
}

/// The name of a tuple's item in a `ValidationError`: `field[1]`, one
/// literal when `field` is one.
fn tuple_item_field(field: &TokenStream, index: usize) -> TokenStream {
    let suffix = format!("[{index}]");
    match syn::parse2::<syn::LitStr>(field.clone()) {
        Ok(literal) => {
            let whole = format!("{}{suffix}", literal.value());
            quote!(#whole)
        }
        Err(_) => quote!([#field, #suffix].concat().as_str()),
    }
}

pub(super) fn validate_impl(name: &Ident, body: Option<TokenStream>) -> TokenStream {
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
