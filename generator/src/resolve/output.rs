//! Passes that decide what the generated files show besides the types
//! themselves, run after [`super::passes`]: which derives and `From` impls a
//! model gets, what each file imports, and which documented errors are said
//! once for every operation. Emit renders these decisions as they are.

use std::collections::BTreeSet;

use crate::ir::{
    Api, DocumentedResponse, Field, Operation, ParamStyle, Ty, TyKind, TypeKind, Uses,
};

/// A struct or tuple struct whose members are all `Option`s derives
/// `Default`; a union whose variants all hold different types gets a `From`
/// impl per variant. Runs after `apply_access`, which decides which members
/// are optional.
pub(super) fn mark_derives(api: &mut Api) {
    for def in api.types.values_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => s.derive_default = s.fields.iter().all(Field::is_option),
            TypeKind::Tuple(tuple) => {
                tuple.derive_default = tuple.items.iter().all(|item| item.is_option());
            }
            TypeKind::Union(union) => {
                let mut seen = BTreeSet::new();
                union.from_impls = union
                    .variants
                    .iter()
                    .all(|variant| seen.insert(format!("{:?}", variant.ty.kind)));
            }
            _ => {}
        }
    }
}

/// What `models.rs` and each operation's file use from the other generated
/// modules and `std`, so each imports exactly that.
pub(super) fn mark_uses(api: &mut Api) {
    let mut models = Uses::default();
    for def in api.types.values() {
        for (ty, _) in def.members() {
            add_uses(&mut models, ty);
        }
        models.deprecated |= def.deprecated;
        if let TypeKind::Struct(s) = &def.kind {
            models.maps |= s.extra.is_some();
            models.deprecated |= s.fields.iter().any(|field| field.deprecated);
        }
    }
    // Models name one another bare, not through `crate::models`.
    models.models = false;
    api.models_uses = models;
    let deprecated_types: BTreeSet<&str> = api
        .types
        .values()
        .filter(|def| def.deprecated)
        .map(|def| def.name.as_str())
        .collect();
    let mut decided = Vec::new();
    for (name, operation) in &api.operations {
        let mut uses = Uses {
            deprecated: operation.deprecated,
            path_styles: !operation.path_params.is_empty(),
            query_styles: operation
                .query_params
                .iter()
                .any(|param| param.style != ParamStyle::Json),
            ..Uses::default()
        };
        for ty in operation_tys(operation) {
            add_uses(&mut uses, ty);
            uses.deprecated |= ty
                .named()
                .iter()
                .any(|named| deprecated_types.contains(named));
        }
        decided.push((name.clone(), uses));
    }
    for (name, uses) in decided {
        if let Some(operation) = api.operations.get_mut(&name) {
            operation.uses = uses;
        }
    }
}

/// The value types an operation's file names: its parameters, its body and
/// its answer.
fn operation_tys(operation: &Operation) -> impl Iterator<Item = &Ty> {
    operation
        .path_params
        .iter()
        .chain(&operation.query_params)
        .chain(&operation.header_params)
        .chain(&operation.cookie_params)
        .map(|param| &param.ty)
        .chain(operation.body.iter().filter_map(|body| body.kind.ty()))
        .chain(operation.response.ty())
}

/// Adds what `ty` names to `uses`.
fn add_uses(uses: &mut Uses, ty: &Ty) {
    ty.walk(&mut |ty| {
        match &ty.kind {
            TyKind::Id(alias) => {
                if let Err(at) = uses.ids.binary_search(alias) {
                    uses.ids.insert(at, alias.clone());
                }
            }
            TyKind::Named(_) => uses.models = true,
            TyKind::Map { .. } => uses.maps = true,
            _ => {}
        }
        true
    });
}

/// The responses every operation documents alike (the same status with the
/// same description) move from each operation's list to
/// [`Api::common_errors`], to be said once. With fewer than two operations
/// nothing is common.
pub(super) fn common_errors(api: &mut Api) {
    if api.operations.len() < 2 {
        return;
    }
    let mut operations = api.operations.values();
    let Some(first) = operations.next() else {
        return;
    };
    let mut common: Vec<DocumentedResponse> = first.errors.clone();
    for operation in operations {
        common.retain(|response| operation.errors.contains(response));
    }
    for operation in api.operations.values_mut() {
        operation
            .errors
            .retain(|response| !common.contains(response));
    }
    api.common_errors = common;
}
