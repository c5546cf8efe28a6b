//! Object schemas → structs: fields, `required`, `readOnly`/`writeOnly` and the map of other members.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Resolver;
use super::schema::{plain, schema_docs};
use crate::docs::doc_lines;
use crate::ir::{Access, Field, Struct, TyKind, TypeKind};
use crate::naming::{claim_field, empty_member_name, field_name, free_name, type_name};
use crate::vocab::pointer::child;

impl<'a> Resolver<'a> {
    pub(super) fn structure(
        &mut self,
        name: &str,
        map: &'a Map<String, Value>,
        pointer: &str,
    ) -> Option<TypeKind> {
        self.check_schema_keys(map, pointer);
        for key in ["patternProperties", "propertyNames"] {
            if map.contains_key(key) {
                self.warn(
                    &child(pointer, key),
                    format!("`{key}` next to `properties` is not read; it is ignored"),
                );
            }
        }
        let mut required = BTreeSet::new();
        let mut undeclared: Vec<&str> = Vec::new();
        if let Some(list) = map.get("required") {
            match list {
                Value::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        match item {
                            Value::String(key) => {
                                if map.get("properties").is_none_or(|p| p.get(key).is_none()) {
                                    // Valid JSON Schema: the member must be there, with any value.
                                    undeclared.push(key.as_str());
                                }
                                required.insert(key.as_str());
                            }
                            _ => self.warn(
                                &format!("{pointer}/required/{index}"),
                                "`required` items must be strings; this one is ignored",
                            ),
                        }
                    }
                }
                _ => self.warn(
                    &child(pointer, "required"),
                    "`required` must be a list of property names; it is ignored",
                ),
            }
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let properties_pointer = child(pointer, "properties");
        let properties = match map.get("properties") {
            Some(properties) => self.object(properties, &properties_pointer, "`properties`"),
            None => None,
        };
        for (key, schema) in properties.into_iter().flatten() {
            let field_pointer = child(&properties_pointer, key);
            let (ident, rename) = match field_name(key) {
                Ok(names) => claim_field(&mut seen, names, key),
                Err(message) => {
                    let Some(names) = empty_member_name(key) else {
                        self.error(&field_pointer, message);
                        continue;
                    };
                    let names = claim_field(&mut seen, names, key);
                    self.warn(
                        &field_pointer,
                        format!(
                            "the member name `{key}` has nothing to name a field after; the field is `{}`",
                            names.0
                        ),
                    );
                    names
                }
            };
            let hint = format!(
                "{name}{}",
                type_name(key).unwrap_or_else(|_| type_name(&ident).unwrap_or_default())
            );
            let Some(resolved) = self.resolve_schema(schema, &field_pointer, &hint) else {
                continue;
            };
            let (docs, deprecated, access) = match schema {
                Value::Object(field_map) => {
                    let mut docs = schema_docs(field_map);
                    if let Some(default) = field_map.get("default") {
                        if !docs.is_empty() {
                            docs.push(String::new());
                        }
                        docs.push(format!("Defaults to `{default}`."));
                    }
                    (
                        docs,
                        field_map.get("deprecated") == Some(&Value::Bool(true)),
                        self.access(field_map, &field_pointer),
                    )
                }
                _ => (Vec::new(), false, Access::ReadWrite),
            };
            let mut docs = docs;
            if docs.is_empty() {
                docs.push(if key.trim().is_empty() {
                    format!("The member named {key:?}.")
                } else {
                    format!("The `{key}` member.")
                });
            }
            let access_note = match access {
                Access::ReadWrite => None,
                Access::ReadOnly => {
                    Some("Read-only: the server sets it and ignores it in requests.")
                }
                Access::WriteOnly => Some("Write-only: sent in requests, never returned."),
            };
            if let Some(note) = access_note {
                docs.push(String::new());
                docs.push(note.to_owned());
            }
            for note in &resolved.ty.constraints.unchecked {
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                docs.push(
                    doc_lines(&format!(
                        "The API says the value {note}; the client does not check this."
                    ))
                    .join(" "),
                );
            }
            fields.push(Field {
                name: ident,
                rename,
                ty: resolved.ty,
                optional: !required.contains(key.as_str()),
                nullable: resolved.nullable,
                three_state: false,
                boxed: false,
                docs,
                deprecated,
                access,
            });
        }
        for key in undeclared {
            // Listed twice in `required`.
            if seen.values().any(|seen_key| seen_key == key) {
                continue;
            }
            let Some(names) = field_name(key).ok().or_else(|| empty_member_name(key)) else {
                self.error(
                    &child(pointer, "required"),
                    format!("the required name `{key}` cannot become a Rust field"),
                );
                continue;
            };
            let (ident, rename) = claim_field(&mut seen, names, key);
            fields.push(Field {
                name: ident,
                rename,
                ty: plain(TyKind::Json),
                optional: false,
                nullable: false,
                three_state: false,
                boxed: false,
                docs: vec!["Required by the schema, which does not describe its value.".to_owned()],
                deprecated: false,
                access: Access::ReadWrite,
            });
        }
        let extra = match map.get("additionalProperties") {
            None | Some(Value::Bool(false)) => None,
            Some(Value::Bool(true)) => Some(plain(TyKind::Json)),
            Some(schema) => {
                let hint = format!("{name}Extra");
                self.resolve_schema(schema, &child(pointer, "additionalProperties"), &hint)
                    .map(|resolved| resolved.ty)
            }
        };
        let extra = extra.map(|ty| {
            (
                free_name("extra", |candidate| seen.contains_key(candidate)),
                ty,
            )
        });
        Some(TypeKind::Struct(Struct {
            fields,
            extra,
            derive_default: false,
            form: None,
        }))
    }

    /// A property's `readOnly` / `writeOnly`; both at once is an error.
    pub(super) fn access(&mut self, map: &Map<String, Value>, pointer: &str) -> Access {
        let flag = |key: &str| map.get(key) == Some(&Value::Bool(true));
        match (flag("readOnly"), flag("writeOnly")) {
            (true, true) => {
                self.warn(
                    &child(pointer, "writeOnly"),
                    "a property cannot be both `readOnly` and `writeOnly`; both are ignored",
                );
                Access::ReadWrite
            }
            (true, false) => Access::ReadOnly,
            (false, true) => Access::WriteOnly,
            (false, false) => Access::ReadWrite,
        }
    }
}
