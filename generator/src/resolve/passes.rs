//! Whole-API passes over the finished types, run by [`super::Resolver::api`]
//! in this order:
//!
//! 1. [`box_recursive_fields`]: a field or variant through which a type
//!    contains itself is boxed.
//! 2. [`mark_usage`]: which types are sent and which received.
//! 3. [`apply_access`]: `readOnly`/`writeOnly` members kept, dropped or made
//!    optional by that usage.
//! 4. [`mark_three_state`]: which optional nullable members are a
//!    `crate::Nullable` (those of sent types other than forms).
//! 5. [`mark_validated`]: which types implement `Validate` (those with
//!    something to check).
//! 6. [`mark_checked`]: which value types, and which operations' arguments,
//!    have something to check.
//! 7. [`order_untagged`]: the order an untagged union tries its members in.
//!
//! Before them, `forms::make_forms` makes each multipart body's struct a form.
//!
//! Then the passes of [`super::output`] decide what the files show besides
//! the types (derives, `From` impls, imports, the errors every operation
//! documents).
//!
//! [`unchecked_request_warnings`] then reports constraints on sent types that
//! the client cannot check. Every pass looks through arrays, maps,
//! nullables and tuples with the one walk over types, [`Ty::walk`].

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostic;
use crate::ir::{Access, Api, BodyKind, Operation, Ty, TyKind, TypeDef, TypeKind, UnionKind};
use crate::parse::Document;
use crate::vocab::pointer::escape_token;

/// Boxes every field and union variant through which a type contains itself
/// without a list or map in between, so recursive types have a finite size.
pub(super) fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    // `reaches(a, b)`: b is contained in a without indirection.
    let reaches = |from: &str, target: &str| -> bool {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if name == target {
                return true;
            }
            if !seen.insert(name) {
                continue;
            }
            if let Some(def) = types.get(name) {
                stack.extend(def.members().iter().flat_map(|(ty, _)| ty.direct_named()));
            }
        }
        false
    };
    let mut to_box: Vec<(String, usize)> = Vec::new();
    for (name, def) in types.iter() {
        // A tuple's rest is a `Vec`: only its prefix items can need a box.
        let targets: Vec<Vec<&str>> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty.direct_named()).collect(),
            TypeKind::Union(union) => union.variants.iter().map(|v| v.ty.direct_named()).collect(),
            TypeKind::Tuple(tuple) => tuple.items.iter().map(|i| i.ty.direct_named()).collect(),
            _ => Vec::new(),
        };
        for (index, targets) in targets.into_iter().enumerate() {
            if targets.into_iter().any(|target| reaches(target, name)) {
                to_box.push((name.clone(), index));
            }
        }
    }
    for (name, index) in to_box {
        match types.get_mut(&name).map(|def| &mut def.kind) {
            Some(TypeKind::Struct(s)) => s.fields[index].boxed = true,
            Some(TypeKind::Union(union)) => union.variants[index].boxed = true,
            Some(TypeKind::Tuple(tuple)) => tuple.items[index].boxed = true,
            _ => {}
        }
    }
}

/// Marks which types are sent and which received.
///
/// A type is sent when it is reachable from a request body or parameter
/// without passing through a read-only member, and received when it is
/// reachable from a success response without passing through a write-only one.
pub(super) fn mark_usage(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &BTreeMap<String, Operation>,
) {
    let sent = reachable(
        types,
        operations.values().flat_map(|operation| {
            operation
                .body
                .iter()
                .filter_map(|body| body.kind.ty())
                .chain(operation.path_params.iter().map(|param| &param.ty))
                .chain(operation.query_params.iter().map(|param| &param.ty))
                .chain(operation.header_params.iter().map(|param| &param.ty))
                .chain(operation.cookie_params.iter().map(|param| &param.ty))
        }),
        Access::ReadOnly,
    );
    let received = reachable(
        types,
        operations
            .values()
            .filter_map(|operation| operation.response.ty()),
        Access::WriteOnly,
    );
    for (name, def) in types.iter_mut() {
        def.usage.sent = sent.contains(name);
        def.usage.received = received.contains(name);
    }
}

/// Applies `readOnly`/`writeOnly` by usage. A read-only member is left out of
/// a type that is only sent (the server ignores it); a write-only member out
/// of one that is only received (it never comes). In a type that travels both
/// ways (or neither: a component no operation uses), such a member is kept
/// but optional, even when `required`: the client need not send what the
/// server sets, and the server does not return what it only accepts.
pub(super) fn apply_access(types: &mut BTreeMap<String, TypeDef>) {
    for def in types.values_mut() {
        let usage = def.usage;
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        let both_ways = usage.sent == usage.received;
        s.fields.retain(|field| match field.access {
            Access::ReadWrite => true,
            Access::ReadOnly => both_ways || usage.received,
            Access::WriteOnly => both_ways || usage.sent,
        });
        if both_ways {
            for field in &mut s.fields {
                if field.access != Access::ReadWrite {
                    field.optional = true;
                }
            }
        }
    }
}

/// Makes the members that are optional and nullable in a type that is sent
/// three-state (`crate::Nullable`): in a request, leaving such a member out
/// and sending `null` mean different things (keep the field, clear it). In
/// a type only received both mean "no value", so the member stays an
/// `Option`. A form (multipart or `application/x-www-form-urlencoded`) has
/// no `null`, so its members stay `Option`s too. Runs after `apply_access`,
/// which decides which members are optional.
pub(super) fn mark_three_state(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &BTreeMap<String, Operation>,
) {
    let url_encoded: BTreeSet<&str> = operations
        .values()
        .filter_map(|operation| match &operation.body.as_ref()?.kind {
            BodyKind::Form(ty) => match &ty.kind {
                TyKind::Named(name) => Some(name.as_str()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    for (name, def) in types.iter_mut() {
        let sent = def.usage.sent;
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        let form = s.form.is_some() || url_encoded.contains(name.as_str());
        for field in &mut s.fields {
            field.three_state = sent && !form && field.optional && field.nullable;
        }
    }
}

/// Decides each type's `Validate` implementation: types never sent have
/// none; sent types holding a constraint, or a validated type, at any depth
/// (through arrays, maps and nullables alike) get one that checks; other
/// sent types an empty one. Iterates to a fixed point so nesting through
/// other named types counts.
pub(super) fn mark_validated(types: &mut BTreeMap<String, TypeDef>) {
    let mut validated: BTreeSet<String> = BTreeSet::new();
    let holds_check = |ty: &Ty, validated: &BTreeSet<String>| {
        let mut found = false;
        ty.walk(&mut |ty| {
            found |= !ty.constraints.is_empty()
                || matches!(&ty.kind, TyKind::Named(name) if validated.contains(name));
            !found
        });
        found
    };
    loop {
        let before = validated.len();
        for (name, def) in types.iter() {
            if def.usage.sent
                && !validated.contains(name)
                && (def.has_own_checks()
                    || def
                        .members()
                        .iter()
                        .any(|(ty, _)| holds_check(ty, &validated)))
            {
                validated.insert(name.clone());
            }
        }
        if validated.len() == before {
            break;
        }
    }
    for (name, def) in types.iter_mut() {
        def.validated = validated.contains(name);
    }
}

/// Sets [`Ty::checked`] on every value type of the API, and
/// [`Operation::checked`]: a type is checked when it has a constraint, is a
/// validated named type, or holds a checked type; an operation when one of
/// its parameters or its body is.
pub(super) fn mark_checked(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &mut BTreeMap<String, Operation>,
) {
    let validated: BTreeSet<String> = types
        .values()
        .filter(|def| def.validated)
        .map(|def| def.name.clone())
        .collect();
    for def in types.values_mut() {
        for ty in def.members_mut() {
            mark_checked_ty(ty, &validated);
        }
    }
    for operation in operations.values_mut() {
        let mut checked = false;
        for param in operation
            .path_params
            .iter_mut()
            .chain(&mut operation.query_params)
            .chain(&mut operation.header_params)
            .chain(&mut operation.cookie_params)
        {
            checked |= mark_checked_ty(&mut param.ty, &validated);
        }
        if let Some(ty) = operation.body.as_mut().and_then(|body| body.kind.ty_mut()) {
            checked |= mark_checked_ty(ty, &validated);
        }
        if let Some(ty) = operation.response.ty_mut() {
            mark_checked_ty(ty, &validated);
        }
        operation.checked = checked;
    }
}

/// Sets `checked` on `ty` and every type inside it; returns `ty.checked`.
fn mark_checked_ty(ty: &mut Ty, validated: &BTreeSet<String>) -> bool {
    let mut checked = !ty.constraints.is_empty()
        || matches!(&ty.kind, TyKind::Named(name) if validated.contains(name));
    for child in ty.children_mut() {
        checked |= mark_checked_ty(child, validated);
    }
    ty.checked = checked;
    checked
}

/// Sets each untagged union's `try_order`: structs with more required members
/// first, free-form JSON last, ties in declaration order. Runs after
/// [`apply_access`], which decides which members are required.
pub(super) fn order_untagged(types: &mut BTreeMap<String, TypeDef>) {
    let required_members = |ty: &Ty| match &ty.kind {
        TyKind::Named(name) => match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().filter(|f| !f.is_option()).count(),
            _ => 0,
        },
        _ => 0,
    };
    let orders: Vec<(String, Vec<usize>)> = types
        .iter()
        .filter_map(|(name, def)| match &def.kind {
            TypeKind::Union(union) if matches!(union.kind, UnionKind::Untagged { .. }) => {
                let mut order: Vec<usize> = (0..union.variants.len()).collect();
                // A stable sort: ties keep declaration order.
                order.sort_by_key(|&index| {
                    let ty = &union.variants[index].ty;
                    (
                        matches!(ty.kind, TyKind::Json),
                        std::cmp::Reverse(required_members(ty)),
                    )
                });
                Some((name.clone(), order))
            }
            _ => None,
        })
        .collect();
    for (name, order) in orders {
        if let Some(TypeKind::Union(union)) = types.get_mut(&name).map(|def| &mut def.kind)
            && let UnionKind::Untagged { try_order } = &mut union.kind
        {
            *try_order = order;
        }
    }
}

/// The names of the types reachable from `roots`, not counting members whose
/// access is `skip`.
fn reachable<'t>(
    types: &'t BTreeMap<String, TypeDef>,
    roots: impl Iterator<Item = &'t Ty>,
    skip: Access,
) -> BTreeSet<String> {
    let mut stack: Vec<&str> = roots.flat_map(Ty::named).collect();
    let mut reached = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !reached.insert(name.to_owned()) {
            continue;
        }
        if let Some(def) = types.get(name) {
            for (ty, access) in def.members() {
                if access != skip {
                    stack.extend(ty.named());
                }
            }
        }
    }
    reached
}

/// Constraints the client cannot check are documented on every type, and on
/// members of sent types also reported: requests are strict, so a request the
/// server may refuse is worth a warning.
pub(super) fn unchecked_request_warnings(
    api: &Api,
    origins: &BTreeMap<String, String>,
    document: &Document,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for def in api.types.values().filter(|def| def.usage.sent) {
        let origin = origins.get(&def.name).map(String::as_str).unwrap_or("");
        if let TypeKind::Tuple(tuple) = &def.kind {
            let tys = tuple.items.iter().map(|item| &item.ty);
            let tys = tys.chain(tuple.rest.iter().map(|rest| &rest.ty));
            for note in tys.flat_map(unchecked_notes) {
                warnings.push(document.warning(
                    origin,
                    format!("an item of `{}` is sent in requests and {note}, which the client does not check", def.name),
                ));
            }
            continue;
        }
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for field in &s.fields {
            let pointer = format!("{origin}/properties/{}", escape_token(field.wire_name()));
            for note in unchecked_notes(&field.ty) {
                warnings.push(document.warning(
                    &pointer,
                    format!(
                        "`{}` is sent in requests and {note}, which the client does not check",
                        field.wire_name()
                    ),
                ));
            }
        }
    }
    warnings
}

/// What the client does not check in values of `ty`, at any depth.
pub(super) fn unchecked_notes(ty: &Ty) -> Vec<String> {
    let mut notes = Vec::new();
    ty.walk(&mut |ty| {
        notes.extend(ty.constraints.unchecked.iter().map(ToString::to_string));
        true
    });
    notes
}
