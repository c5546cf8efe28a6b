//! `multipart/form-data` bodies: what the schema says about each member
//! beyond its value type (which members are files, the `encoding` of each
//! part), read where the body is resolved, and the pass that makes the
//! body's struct a form: files typed `crate::request::File`, a run of
//! members `files[0]` … `files[N]` one list, and each field's parts decided.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Resolver;
use crate::ir::{
    BodyKind, Constraints, Field, FormPart, Operation, PartKind, Ty, TyKind, TypeDef, TypeKind,
};
use crate::naming::field_name;
use crate::vocab::pointer::child;

/// What the schema of one multipart body says about its members, by wire name.
#[derive(Clone, Debug, Default)]
pub(super) struct FormSource {
    /// The members that are files: `true` for a list of files.
    files: BTreeMap<String, bool>,
    /// The `contentType` of each member's `encoding`.
    content_types: BTreeMap<String, String>,
    /// The pointer of the body's schema, for warnings.
    pointer: String,
}

impl<'a> Resolver<'a> {
    /// Whether the schema of the multipart media type `media_type` (at
    /// `pointer`) has a file member.
    pub(super) fn has_files(&mut self, media_type: &'a Value, pointer: &str) -> bool {
        let Some(schema) = media_type.get("schema") else {
            return false;
        };
        let Some((schema, at)) = self.deref(schema, &child(pointer, "schema")) else {
            return false;
        };
        let Some(Value::Object(properties)) = schema.get("properties") else {
            return false;
        };
        let at = child(&at, "properties");
        properties.iter().any(|(name, property)| {
            let Some((property, at)) = self.deref(property, &child(&at, name)) else {
                return false;
            };
            is_binary(property)
                || property
                    .get("items")
                    .and_then(|items| self.deref(items, &child(&at, "items")))
                    .is_some_and(|(items, _)| is_binary(items))
        })
    }

    /// Records what the multipart media type `media_type` says about the
    /// members of its schema, for the struct `name` the schema became.
    pub(super) fn note_form(&mut self, name: &str, media_type: &'a Value, pointer: &str) {
        let mut source = self.forms.remove(name).unwrap_or_default();
        if source.pointer.is_empty() {
            source.pointer = child(pointer, "schema");
        }
        if let Some(schema) = media_type.get("schema")
            && let Some((schema, at)) = self.deref(schema, &child(pointer, "schema"))
            && let Some(Value::Object(properties)) = schema.get("properties")
        {
            let at = child(&at, "properties");
            for (wire, property) in properties {
                let Some((property, at)) = self.deref(property, &child(&at, wire)) else {
                    continue;
                };
                if is_binary(property) {
                    source.files.insert(wire.clone(), false);
                } else if let Some(items) = property.get("items")
                    && let Some((items, _)) = self.deref(items, &child(&at, "items"))
                    && is_binary(items)
                {
                    source.files.insert(wire.clone(), true);
                }
            }
        }
        if let Some(Value::Object(encoding)) = media_type.get("encoding") {
            for (wire, part) in encoding {
                if let Some(content_type) = part.get("contentType").and_then(Value::as_str) {
                    source
                        .content_types
                        .insert(wire.clone(), content_type.to_owned());
                }
            }
        }
        self.forms.insert(name.to_owned(), source);
    }
}

/// Whether a schema is a file: a string of `format: binary`, of
/// `contentEncoding: binary` (as Discord's document writes it), or (OpenAPI
/// 3.1) of a `contentMediaType` without a `contentEncoding` (raw bytes).
fn is_binary(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    let string = |map: &Map<String, Value>| match map.get("type") {
        Some(Value::String(ty)) => ty == "string",
        Some(Value::Array(types)) => types.iter().any(|ty| ty == "string"),
        None => true,
        _ => false,
    };
    string(map)
        && (map.get("format").and_then(Value::as_str) == Some("binary")
            || map.get("contentEncoding").and_then(Value::as_str) == Some("binary")
            || (map.contains_key("contentMediaType") && !map.contains_key("contentEncoding")))
}

/// The named types used other than as a multipart body: held by a type, or
/// a JSON or form body, a response or a parameter. Such a type cannot also
/// be a form: it keeps its JSON shape.
fn used_elsewhere<'t>(
    types: &'t BTreeMap<String, TypeDef>,
    operations: &'t BTreeMap<String, Operation>,
) -> BTreeSet<&'t str> {
    let mut used = BTreeSet::new();
    for def in types.values() {
        for (ty, _) in def.members() {
            used.extend(ty.named());
        }
    }
    for operation in operations.values() {
        let body = operation.body.as_ref().and_then(|body| match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) => Some(ty),
            _ => None,
        });
        let params = operation
            .path_params
            .iter()
            .chain(&operation.query_params)
            .chain(&operation.header_params)
            .chain(&operation.cookie_params)
            .map(|param| &param.ty);
        for ty in body
            .into_iter()
            .chain(operation.response.ty())
            .chain(params)
        {
            used.extend(ty.named());
        }
    }
    used
}

/// Makes each multipart body's struct a form: its file members
/// `crate::request::File` (a list of them a `Vec`), a run of members
/// `name[0]` … `name[N]` that are all files one `Vec` sent as `name[0]`,
/// `name[1]`, …, and each field's parts decided (`Struct::form`). Returns
/// a warning (pointer and message) for each form whose schema allows
/// members it does not name: a form sends only those it names; and for
/// each whose type is used elsewhere too (as JSON), which is then sent as
/// a `Multipart` the caller builds.
pub(super) fn make_forms(
    types: &mut BTreeMap<String, TypeDef>,
    forms: &BTreeMap<String, FormSource>,
    operations: &mut BTreeMap<String, Operation>,
) -> Vec<(String, String)> {
    let mut warnings = Vec::new();
    let shared: BTreeSet<String> = used_elsewhere(types, operations)
        .into_iter()
        .filter(|name| forms.contains_key(*name))
        .map(str::to_owned)
        .collect();
    for operation in operations.values_mut() {
        if let Some(body) = &mut operation.body
            && let BodyKind::Multipart(Some(ty)) = &body.kind
            && let TyKind::Named(name) = &ty.kind
            && shared.contains(name)
        {
            body.kind = BodyKind::Multipart(None);
        }
    }
    for name in &shared {
        warnings.push((
            forms[name].pointer.clone(),
            format!(
                "the multipart body's schema `{name}` is also sent or received as JSON; \
                 the body is a `Multipart` whose parts the caller adds"
            ),
        ));
    }
    let kinds: BTreeMap<String, bool> = types
        .iter()
        .map(|(name, def)| {
            let scalar = matches!(
                def.kind,
                TypeKind::IntEnum { .. } | TypeKind::StringEnum { .. }
            );
            (name.clone(), scalar)
        })
        .collect();
    for (name, source) in forms {
        if shared.contains(name) {
            continue;
        }
        let Some(TypeDef {
            kind: TypeKind::Struct(s),
            ..
        }) = types.get_mut(name)
        else {
            continue;
        };
        if s.form.is_some() {
            continue;
        }
        if s.extra.take().is_some() {
            warnings.push((
                source.pointer.clone(),
                "a multipart body sends only the members its schema names; \
                 `additionalProperties` is ignored"
                    .to_owned(),
            ));
        }
        let fields = std::mem::take(&mut s.fields);
        let mut parts = Vec::new();
        let mut out: Vec<Field> = Vec::new();
        let taken: Vec<String> = fields.iter().map(|field| field.name.clone()).collect();
        let mut index = 0;
        while index < fields.len() {
            let field = &fields[index];
            let content_type = source.content_types.get(field.wire_name()).cloned();
            // `files[0]`, `files[1]`, …: one list when the run starts at 0,
            // is all files and its name is free.
            if let Some((base, 0)) = indexed(field.wire_name())
                && source.files.get(field.wire_name()) == Some(&false)
                && let Ok((rust, rename)) = field_name(base)
                && !taken.contains(&rust)
            {
                let run = fields[index..]
                    .iter()
                    .enumerate()
                    .take_while(|(offset, member)| {
                        indexed(member.wire_name()) == Some((base, *offset))
                            && source.files.get(member.wire_name()) == Some(&false)
                    })
                    .count();
                let members = &fields[index..index + run];
                let required = members.iter().rposition(|member| !member.optional);
                let mut constraints = Constraints {
                    max_items: Some(run as u64),
                    ..Constraints::default()
                };
                constraints.min_items = required.map(|last| last as u64 + 1);
                out.push(Field {
                    name: rust,
                    rename,
                    ty: Ty::new(TyKind::Array(Box::new(file())), constraints),
                    optional: required.is_none(),
                    nullable: false,
                    three_state: false,
                    boxed: false,
                    docs: vec![format!(
                        "The files sent as `{base}[0]` to `{base}[{}]`, in order.",
                        run - 1
                    )],
                    deprecated: members.iter().all(|member| member.deprecated),
                    access: field.access,
                });
                parts.push(FormPart {
                    kind: PartKind::IndexedFiles,
                    content_type,
                });
                index += run;
                continue;
            }
            let mut field = field.clone();
            let kind = match source.files.get(field.wire_name()) {
                Some(false) => {
                    field.ty = file();
                    PartKind::File
                }
                Some(true) => {
                    let constraints = match &field.ty.kind {
                        TyKind::Array(_) => field.ty.constraints.clone(),
                        _ => Constraints::default(),
                    };
                    field.ty = Ty::new(TyKind::Array(Box::new(file())), constraints);
                    PartKind::Files
                }
                None => match &field.ty.kind {
                    TyKind::Array(item) if is_scalar(item, &kinds) => PartKind::TextList,
                    _ if is_scalar(&field.ty, &kinds) => PartKind::Text,
                    _ => PartKind::Json,
                },
            };
            out.push(field);
            parts.push(FormPart { kind, content_type });
            index += 1;
        }
        s.fields = out;
        s.form = Some(parts);
    }
    warnings
}

fn file() -> Ty {
    Ty::new(TyKind::File, Constraints::default())
}

/// `files[3]` → `("files", 3)`.
fn indexed(wire: &str) -> Option<(&str, usize)> {
    let (base, rest) = wire.split_once('[')?;
    let index = rest.strip_suffix(']')?;
    if base.is_empty() || index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((base, index.parse().ok()?))
}

/// Whether a value is sent as one text part: a string, number, boolean,
/// id, timestamp or enum.
fn is_scalar(ty: &Ty, kinds: &BTreeMap<String, bool>) -> bool {
    match &ty.kind {
        TyKind::Bool
        | TyKind::Int(_)
        | TyKind::Float(_)
        | TyKind::String
        | TyKind::Snowflake
        | TyKind::Id(_)
        | TyKind::Timestamp => true,
        TyKind::Named(name) => kinds.get(name).copied().unwrap_or(false),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::indexed;

    #[test]
    fn indexed_names() {
        assert_eq!(indexed("files[0]"), Some(("files", 0)));
        assert_eq!(indexed("files[12]"), Some(("files", 12)));
        assert_eq!(indexed("files[]"), None);
        assert_eq!(indexed("[0]"), None);
        assert_eq!(indexed("files[a]"), None);
    }
}
