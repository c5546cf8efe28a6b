//! `Validate` implementations and the checks generated code runs on
//! arguments before a request is built. Which types implement `Validate`,
//! and which values have something to check, `resolve` decided
//! ([`TypeDef::validate`](crate::ir::TypeDef::validate),
//! [`Ty::checked`](crate::ir::Ty::checked)).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use crate::ir::{BoundKind, Constraints, Decimal, FloatType, Ty, TyKind, TypeDef};

/// How generated code names a checked value in a `ValidationError`.
pub(super) enum FieldName {
    /// A name known when generating (`max_uses`, `location[0]`).
    Text(String),
    /// An expression of type `&str` built when checking (`recipients[3]`).
    Expr(TokenStream),
}

impl FieldName {
    pub(super) fn text(name: &str) -> FieldName {
        FieldName::Text(name.to_owned())
    }

    /// The name of item `index` of a tuple: `field[1]`.
    fn tuple_item(&self, index: usize) -> FieldName {
        match self {
            FieldName::Text(text) => FieldName::Text(format!("{text}[{index}]")),
            FieldName::Expr(expr) => {
                let suffix = format!("[{index}]");
                FieldName::Expr(quote!([#expr, #suffix].concat().as_str()))
            }
        }
    }
}

impl ToTokens for FieldName {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            FieldName::Text(text) => text.to_tokens(tokens),
            FieldName::Expr(expr) => expr.to_tokens(tokens),
        }
    }
}

/// Statements that check `value` (a reference) against `ty`, returning a
/// `ValidationError` naming `field` on the first violation.
pub(super) fn value_checks(ty: &Ty, value: &Ident, field: &FieldName, depth: usize) -> TokenStream {
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
        TyKind::Nullable(inner) if inner.checked => {
            let element = format_ident!("inner{}", depth);
            let inner = value_checks(inner, &element, field, depth + 1);
            out.extend(quote! {
                if let Some(#element) = #value { #inner }
            });
        }
        TyKind::Named(_) if ty.checked => {
            out.extend(quote! {
                crate::Validate::validate(#value).map_err(|error| error.within(#field))?;
            });
        }
        TyKind::Array(item) if item.checked => {
            let index = format_ident!("index{}", depth);
            let element = format_ident!("item{}", depth);
            let nested_field = FieldName::Expr(
                quote!([#field, "[", #index.to_string().as_str(), "]"].concat().as_str()),
            );
            let inner = value_checks(item, &element, &nested_field, depth + 1);
            out.extend(quote! {
                for (#index, #element) in #value.iter().enumerate() { #inner }
            });
        }
        TyKind::Tuple(items) => {
            for (index, item) in items.iter().enumerate() {
                if !item.checked {
                    continue;
                }
                let element = format_ident!("item{}_{}", depth, index);
                let position = Literal::usize_unsuffixed(index);
                let nested_field = field.tuple_item(index);
                let inner = value_checks(item, &element, &nested_field, depth + 1);
                out.extend(quote! {
                    { let #element = &#value.#position; #inner }
                });
            }
        }
        TyKind::Map { keys, values } if values.checked => {
            let key = format_ident!("key{}", depth);
            let element = format_ident!("item{}", depth);
            let key_checks = key_checks(&keys.constraints, &key, field);
            let nested_field =
                FieldName::Expr(quote!([#field, ".", #key.as_str()].concat().as_str()));
            let inner = value_checks(values, &element, &nested_field, depth + 1);
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
fn key_checks(c: &Constraints, key: &Ident, field: &FieldName) -> TokenStream {
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

/// A validated type's `Validate` impl, running `checks` (statements ending
/// in `?`); nothing for a type with nothing to check.
pub(super) fn validate_impl(def: &TypeDef, name: &Ident, checks: TokenStream) -> TokenStream {
    if !def.validated {
        return TokenStream::new();
    }
    quote! {
        impl crate::Validate for #name {
            fn validate(&self) -> Result<(), crate::ValidationError> {
                #checks
                Ok(())
            }
        }
    }
}
