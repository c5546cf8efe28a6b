//! Schemas used as values: a field, an item, a parameter, a body → a [`Ty`],
//! defining named types for objects, enums and unions on the way.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::tuples::layout;
use super::{Resolved, Resolver};
use crate::docs::doc_lines;
use crate::ir::{Constraints, IdKind, Ty, TyKind, TypeDef, TypeKind, Usage};
use crate::naming::{id_names, numbered, type_name};
use crate::vocab::keywords::{ANNOTATIONS, ID_EXTENSION, is_extension};
use crate::vocab::pointer::{child, unescape_token};
use crate::vocab::refs::siblings_apply;
use crate::vocab::types::{type_adds_null, type_restates};

impl<'a> Resolver<'a> {
    /// Defines a named type for a component or an inline object, enum or union.
    pub(super) fn define_named(&mut self, name: &str, schema: &'a Value, pointer: &str) {
        if let Some(origin) = self.type_origins.get(name) {
            if origin != pointer {
                let (file, origin, location) = self.document.written_place(origin);
                let line = location.line;
                let file = if file == self.document.file {
                    String::new()
                } else {
                    format!("{file} ")
                };
                let message = format!(
                    "two types would be named `{name}`: this one and the one at {origin} ({file}line {line})"
                );
                self.error(pointer, message);
            }
            return;
        }
        self.type_origins
            .insert(name.to_owned(), pointer.to_owned());
        self.names_by_pointer
            .insert(pointer.to_owned(), name.to_owned());
        let Some(map) = self.object(schema, pointer, "a schema") else {
            return;
        };
        let (map, _) = peel_nullable(map);
        let mut docs = schema_docs(map);
        if docs.is_empty() {
            // Every public item is documented, even when the schema says nothing.
            docs.push(format!("`{name}`, as the API schema defines it."));
        }
        let deprecated = self.boolean(map, "deprecated", pointer).unwrap_or(false);
        if map.contains_key(ID_EXTENSION) && is_named_shape(schema) {
            // An alias is resolved as a value below, which reads the extension.
            self.warn(&child(pointer, ID_EXTENSION), not_a_snowflake());
        }
        let kind = if map.contains_key("enum") {
            self.enumeration(map, pointer)
        } else if let Some(members) = union_members(map) {
            self.union(name, map, members.0, &child(pointer, members.1))
        } else if has_properties(map)
            || type_is(map, "object")
                && map.get("additionalProperties") == Some(&Value::Bool(false))
        {
            self.structure(name, map, pointer)
        } else if layout(map).is_some_and(|layout| !layout.is_fixed()) {
            self.tuple_struct(name, map, pointer)
        } else {
            self.resolve_schema(schema, pointer, name)
                .map(|resolved| TypeKind::Alias(resolved.ty))
        };
        if let Some(kind) = kind {
            self.types.insert(
                name.to_owned(),
                TypeDef {
                    name: name.to_owned(),
                    docs,
                    deprecated,
                    usage: Usage::default(),
                    validated: false,
                    kind,
                },
            );
        }
    }

    /// Resolves a schema used as a value: a field, an item, a parameter, a body.
    /// Objects, enums and unions become named types called `hint`; a
    /// snowflake with `x-fluxer-id` becomes a typed id.
    pub(super) fn resolve_schema(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Option<Resolved> {
        let resolved = self.resolve_value(schema, pointer, hint)?;
        match schema.get(ID_EXTENSION) {
            Some(kind) => Some(self.typed_id(kind, resolved, &child(pointer, ID_EXTENSION))),
            None => Some(resolved),
        }
    }

    /// `x-fluxer-id: channel` on a schema resolved to `resolved`: a typed id
    /// when it is a snowflake (written out, behind a `$ref`, nullable; a kind
    /// given where a typed id is used overrides the one of the schema it
    /// refers to) and the kind is a lowercase word; else a warning, and the
    /// extension is ignored.
    fn typed_id(&mut self, kind: &Value, mut resolved: Resolved, pointer: &str) -> Resolved {
        let names = match kind.as_str() {
            Some(kind) => id_names(kind).map(|names| (kind, names)),
            None => Err(format!(
                "`{ID_EXTENSION}` must be a string naming a kind of id, such as `channel`"
            )),
        };
        let (kind, (marker, alias)) = match names {
            Ok(names) => names,
            Err(message) => {
                self.warn(pointer, format!("{message}; it is ignored"));
                return resolved;
            }
        };
        if !matches!(resolved.ty.kind, TyKind::Snowflake | TyKind::Id(_)) {
            self.warn(pointer, not_a_snowflake());
            return resolved;
        }
        resolved.ty.kind = TyKind::Id(alias.clone());
        self.ids.entry(kind.to_owned()).or_insert_with(|| IdKind {
            kind: kind.to_owned(),
            marker,
            alias,
        });
        resolved
    }

    /// [`Self::resolve_schema`] without `x-fluxer-id`.
    fn resolve_value(&mut self, schema: &'a Value, pointer: &str, hint: &str) -> Option<Resolved> {
        let map = match schema {
            Value::Bool(true) => {
                return Some(Resolved {
                    ty: plain(TyKind::Json),
                    nullable: false,
                });
            }
            Value::Object(map) => map,
            // `false` admits nothing and anything else is not a schema: read
            // as any JSON value, and said.
            _ => {
                let what = match schema {
                    Value::Bool(false) => "the schema `false` (no value is valid)",
                    Value::Array(_) => "a list of schemas (the draft-4 tuple form of `items`)",
                    _ => "a schema that is not an object",
                };
                self.warn(pointer, format!("{what} is read as any JSON value"));
                return Some(Resolved {
                    ty: plain(TyKind::Json),
                    nullable: false,
                });
            }
        };
        if let Some(reference) = map.get("$ref") {
            let (target, target_pointer) =
                self.reference_target(reference, &child(pointer, "$ref"))?;
            // Next to a `$ref`, annotations document the use and `nullable:
            // true` (OpenAPI 3.0's spelling) allows `null`. Other keywords are
            // ignored, as OpenAPI 3.0 says (in 3.1 `normalize` has merged
            // those that can be), unless they only restate the target.
            let mut nullable = false;
            for (key, value) in map {
                if (key == "nullable" && value == &Value::Bool(true))
                    || (key == "type" && type_adds_null(value, target))
                {
                    nullable = true;
                } else if key != "$ref"
                    && key != "nullable"
                    && !is_extension(key)
                    && !ANNOTATIONS.contains(&key.as_str())
                    && !(key == "type" && type_restates(value, target))
                {
                    let why = if siblings_apply(&self.document.root) {
                        "it cannot be merged with the schema the `$ref` names"
                    } else {
                        "OpenAPI 3.0 reads only annotations such as `description` and `nullable` there"
                    };
                    self.warn(
                        &child(pointer, key),
                        format!("`{key}` next to `$ref` is ignored ({why})"),
                    );
                }
            }
            let component = target_pointer
                .strip_prefix("/components/schemas/")
                .filter(|key| !key.contains('/'))
                .map(unescape_token);
            if let Some(name) = component.and_then(|key| self.component_names.get(&key)) {
                let target_nullable = target.as_object().is_some_and(|map| peel_nullable(map).1);
                return Some(Resolved {
                    ty: plain(TyKind::Named(name.clone())),
                    nullable: nullable || target_nullable,
                });
            }
            // Any other node is resolved where it is written, once.
            if !self.inlining.insert(target_pointer.clone()) {
                self.error(pointer, format!("`$ref` cycle through `{target_pointer}`"));
                return None;
            }
            let resolved = self.resolve_schema(target, &target_pointer, hint);
            self.inlining.remove(&target_pointer);
            return resolved.map(|resolved| Resolved {
                nullable: resolved.nullable || nullable,
                ty: resolved.ty,
            });
        }
        self.check_schema_keys(map, pointer);
        let (inner, nullable) = peel_nullable(map);
        if let Some((inner_schema, token)) = nullable_wrapper(map) {
            // `anyOf: [X, {type: "null"}]`: X, nullable.
            let at = format!("{pointer}/{token}");
            return self
                .resolve_schema(inner_schema, &at, hint)
                .map(|resolved| Resolved {
                    ty: resolved.ty,
                    nullable: true,
                });
        }
        if is_named_shape(schema) {
            if let Some(name) = self.names_by_pointer.get(pointer) {
                let ty = plain(TyKind::Named(name.clone()));
                return Some(Resolved { ty, nullable });
            }
            let name = match type_name(hint) {
                Ok(name) => name,
                Err(message) => {
                    self.error(pointer, message);
                    return None;
                }
            };
            // Two inline schemas named alike (or one named like a component):
            // the later one, in document order, gets the first free `2`, `3`, ….
            let name = numbered(&name, "", |candidate| {
                self.type_origins.contains_key(candidate)
                    || self.is_reserved_type(candidate)
                    || self
                        .component_names
                        .values()
                        .any(|component| component == candidate)
            });
            self.define_named(&name, schema, pointer);
            return Some(Resolved {
                ty: plain(TyKind::Named(name)),
                nullable,
            });
        }
        let ty = self.primitive(inner, pointer, hint)?;
        Some(Resolved { ty, nullable })
    }
}

/// The warning about `x-fluxer-id` on a schema that is not a snowflake (one
/// text, so the same schema reached twice gives one warning).
fn not_a_snowflake() -> String {
    format!(
        "`{ID_EXTENSION}` only applies to a snowflake (`format: snowflake`, or a `$ref` to one); it is ignored here"
    )
}

/// A resolved item, value or body type, wrapped in `Nullable` when `null` is allowed.
/// The typed-id aliases (`ChannelId`) of every `x-fluxer-id` written in the
/// document, known before any type is named so no model takes one of them
/// (`models.rs` imports the aliases it uses).
pub(super) fn id_aliases(root: &Value) -> BTreeSet<String> {
    let mut aliases = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(kind)) = map.get(ID_EXTENSION)
                    && let Ok((_, alias)) = id_names(kind)
                {
                    aliases.insert(alias);
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    aliases
}

pub(super) fn nullable_ty(resolved: Resolved) -> Ty {
    if resolved.nullable {
        plain(TyKind::Nullable(Box::new(resolved.ty)))
    } else {
        resolved.ty
    }
}

pub(super) fn plain(kind: TyKind) -> Ty {
    Ty::new(kind, Constraints::default())
}

pub(super) fn type_is(map: &Map<String, Value>, name: &str) -> bool {
    match map.get("type") {
        Some(Value::String(ty)) => ty == name,
        Some(ty) => type_list_is(ty, name),
        None => false,
    }
}

pub(super) fn type_list_is(ty: &Value, name: &str) -> bool {
    matches!(ty, Value::Array(types) if types.iter().any(|t| t == name))
}

/// `anyOf`/`oneOf` with exactly one non-null member and a `{type: "null"}` member.
pub(super) fn nullable_wrapper(map: &Map<String, Value>) -> Option<(&Value, String)> {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = map.get(key) else {
            continue;
        };
        if members.len() != 2 {
            continue;
        }
        let is_null = |v: &Value| v.get("type") == Some(&Value::from("null"));
        match (is_null(&members[0]), is_null(&members[1])) {
            (false, true) => return Some((&members[0], format!("{key}/0"))),
            (true, false) => return Some((&members[1], format!("{key}/1"))),
            _ => {}
        }
    }
    None
}

/// The members of a non-nullable `oneOf`/`anyOf` union and the keyword holding them.
pub(super) fn union_members(map: &Map<String, Value>) -> Option<(&[Value], &'static str)> {
    if nullable_wrapper(map).is_some() {
        return None;
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get(key) {
            return Some((members.as_slice(), key));
        }
    }
    None
}

/// Removes `null` from a schema's `type` list; says whether it was nullable.
pub(super) fn peel_nullable(map: &Map<String, Value>) -> (&Map<String, Value>, bool) {
    let in_type = type_list_is(map.get("type").unwrap_or(&Value::Null), "null");
    let flag = map.get("nullable") == Some(&Value::Bool(true));
    let in_enum =
        matches!(map.get("enum"), Some(Value::Array(values)) if values.iter().any(Value::is_null));
    (map, in_type || flag || in_enum)
}

/// Whether a schema becomes a named Rust type (struct, enum, union or alias of one)
/// rather than an inline type such as `String` or `Vec<T>`.
pub(super) fn is_named_shape(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    if map.contains_key("$ref") || nullable_wrapper(map).is_some() {
        return false;
    }
    let has_values = matches!(map.get("enum"), Some(Value::Array(values)) if values.iter().any(|v| !v.is_null()));
    has_properties(map)
        || has_values
        || union_members(map).is_some()
        || (type_is(map, "object") && map.get("additionalProperties") == Some(&Value::Bool(false)))
        || layout(map).is_some_and(|layout| !layout.is_fixed())
}

/// Whether a schema's `properties` make it a struct: JSON Schema applies
/// them only to objects, so next to another `type` (`type: string` with the
/// properties documenting its values) the type wins and they are ignored
/// (`primitive` says so).
pub(super) fn has_properties(map: &Map<String, Value>) -> bool {
    map.contains_key("properties")
        && match map.get("type") {
            None => true,
            Some(Value::String(ty)) => ty == "object",
            Some(ty) => type_list_is(ty, "object"),
        }
}

pub(super) fn schema_docs(map: &Map<String, Value>) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(title) = map.get("title").and_then(Value::as_str)
        && map.get("description").is_none()
    {
        docs.extend(doc_lines(title));
    }
    if let Some(description) = map.get("description").and_then(Value::as_str) {
        docs.extend(doc_lines(description));
    }
    docs
}
