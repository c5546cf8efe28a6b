//! Stage 2: the parsed value tree → the IR.
//!
//! Reads the OpenAPI document, follows `$ref`s, checks that only the supported
//! subset is used, and gives everything its final Rust name. It never stops at
//! the first problem: every problem found becomes a [`Diagnostic`] with the
//! file, line and JSON pointer of the node it is about.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::docs::doc_lines;
use crate::ir::{
    Access, Api, Body, BodyEncoding, Constraints, Field, FloatType, IntType, IntVariant, Method,
    Operation, Param, PathPart, StringVariant, Struct, TagValue, Ty, TyKind, TypeDef, TypeKind,
    UnionTag, UnionVariant,
};
use crate::naming::{field_name, function_name, static_name, type_name};
use crate::parse::{Document, escape_token, unescape_token};

/// Resolves a parsed document into the IR, or returns every problem found.
pub(crate) fn resolve(document: &Document, schema_path: &str) -> Result<Api, Vec<Diagnostic>> {
    let mut resolver = Resolver {
        document,
        errors: Vec::new(),
        types: BTreeMap::new(),
        type_origins: BTreeMap::new(),
        names_by_pointer: BTreeMap::new(),
        response_unions: BTreeSet::new(),
        component_names: BTreeMap::new(),
        inlining: BTreeSet::new(),
    };
    let api = resolver.api(schema_path);
    let mut errors = resolver.errors;
    if let Some(api) = &api {
        errors.extend(unchecked_request_errors(
            api,
            &resolver.type_origins,
            document,
        ));
    }
    match api {
        Some(api) if errors.is_empty() => Ok(api),
        _ => {
            errors.sort();
            errors.dedup();
            Err(errors)
        }
    }
}

/// Keywords of a schema object that only document it.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "$comment",
    "summary",
    "contentEncoding",
    "contentMediaType",
];

/// Keywords the generator reads from a schema object.
const SCHEMA_KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "format",
    "nullable",
    "enum",
    "x-enum-varnames",
    "x-enumNames",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "oneOf",
    "anyOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "pattern",
    "discriminator",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Methods of the hand-written `Client`; generated methods must not reuse them.
const RESERVED_METHODS: &[&str] = &[
    "builder",
    "execute",
    "prepare",
    "base_url",
    "user_agent",
    "credentials",
    "timeout",
    "clone",
    "fmt",
];

/// String formats that map to `String` (they only describe the text).
const TEXT_FORMATS: &[&str] = &[
    "uri",
    "uri-reference",
    "url",
    "email",
    "uuid",
    "hostname",
    "ipv4",
    "ipv6",
    "date",
    "time",
    "password",
    "byte",
];

struct Resolver<'a> {
    document: &'a Document,
    errors: Vec<Diagnostic>,
    types: BTreeMap<String, TypeDef>,
    /// Where each named type was defined, to report name collisions and recursion.
    type_origins: BTreeMap<String, String>,
    /// The reverse: the name given to the schema at each pointer, so one schema is one type.
    names_by_pointer: BTreeMap<String, String>,
    /// Unions made of an operation's several success bodies.
    response_unions: BTreeSet<String>,
    /// `components/schemas` key → Rust type name, for components that become named types.
    component_names: BTreeMap<String, String>,
    /// Components being inlined right now, to catch `$ref` cycles between inlined schemas.
    inlining: BTreeSet<String>,
}

/// A schema resolved to a value type, plus whether `null` is allowed.
struct Resolved {
    ty: Ty,
    nullable: bool,
}

fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

impl<'a> Resolver<'a> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let diagnostic = self.document.error(pointer, message);
        self.errors.push(diagnostic);
    }

    /// The value as an object, or an error saying what it should have been.
    fn object(
        &mut self,
        value: &'a Value,
        pointer: &str,
        what: &str,
    ) -> Option<&'a Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            _ => {
                self.error(pointer, format!("{what} must be an object"));
                None
            }
        }
    }

    fn string(&mut self, map: &'a Map<String, Value>, key: &str, pointer: &str) -> Option<&'a str> {
        match map.get(key) {
            None => None,
            Some(Value::String(text)) => Some(text),
            Some(_) => {
                self.error(&child(pointer, key), format!("`{key}` must be a string"));
                None
            }
        }
    }

    fn boolean(&mut self, map: &Map<String, Value>, key: &str, pointer: &str) -> Option<bool> {
        match map.get(key) {
            None => None,
            Some(Value::Bool(value)) => Some(*value),
            Some(_) => {
                self.error(
                    &child(pointer, key),
                    format!("`{key}` must be true or false"),
                );
                None
            }
        }
    }

    fn unsigned(&mut self, map: &Map<String, Value>, key: &str, pointer: &str) -> Option<u64> {
        match map.get(key) {
            None => None,
            Some(value) => match value.as_u64() {
                Some(number) => Some(number),
                None => {
                    self.error(
                        &child(pointer, key),
                        format!("`{key}` must be a non-negative integer"),
                    );
                    None
                }
            },
        }
    }

    /// Reports every key not in `known` (extensions `x-…` are always allowed).
    fn check_keys(&mut self, map: &Map<String, Value>, pointer: &str, what: &str, known: &[&str]) {
        for key in map.keys() {
            if !is_extension(key) && !known.contains(&key.as_str()) {
                self.error(
                    &child(pointer, key),
                    format!("unsupported {what} keyword `{key}`"),
                );
            }
        }
    }

    /// Follows a `$ref` to `#/components/<section>/<name>`, through chains of refs.
    fn deref(
        &mut self,
        value: &'a Value,
        pointer: &str,
        section: &str,
    ) -> Option<(&'a Value, String)> {
        let mut value = value;
        let mut pointer = pointer.to_owned();
        for _ in 0..32 {
            let Some(reference) = value.get("$ref") else {
                return Some((value, pointer));
            };
            let target = self.reference_target(reference, &child(&pointer, "$ref"), section)?;
            value = target.0;
            pointer = target.1;
        }
        self.error(&pointer, "`$ref` chain is too long (is it a cycle?)");
        None
    }

    /// The node a `$ref` names, which must be in `#/components/<section>/`.
    fn reference_target(
        &mut self,
        reference: &Value,
        pointer: &str,
        section: &str,
    ) -> Option<(&'a Value, String)> {
        let Value::String(reference) = reference else {
            self.error(pointer, "`$ref` must be a string");
            return None;
        };
        let prefix = format!("#/components/{section}/");
        let Some(name) = reference.strip_prefix(&prefix) else {
            self.error(
                pointer,
                format!("unsupported `$ref` `{reference}`: only references to `{prefix}…` in this document are supported here"),
            );
            return None;
        };
        let name = unescape_token(name);
        let target = self
            .document
            .root
            .get("components")
            .and_then(|components| components.get(section))
            .and_then(|section| section.get(&name));
        match target {
            Some(target) => Some((
                target,
                format!("/components/{section}/{}", escape_token(&name)),
            )),
            None => {
                self.error(
                    pointer,
                    format!("unknown `$ref` `{reference}`: there is no such component"),
                );
                None
            }
        }
    }

    fn api(&mut self, schema_path: &str) -> Option<Api> {
        let root = self.object(&self.document.root, "", "the document")?;
        self.check_keys(
            root,
            "",
            "top-level",
            &[
                "openapi",
                "info",
                "servers",
                "paths",
                "components",
                "security",
                "tags",
                "externalDocs",
                "jsonSchemaDialect",
            ],
        );
        match root.get("openapi") {
            Some(Value::String(version))
                if version.starts_with("3.1.") || version.starts_with("3.0.") => {}
            Some(_) => self.error(
                "/openapi",
                "only OpenAPI 3.0.x and 3.1.x documents are supported",
            ),
            None => self.error("", "missing `openapi` version field"),
        }

        self.name_components(root);
        if let Some(Value::Object(schemas)) = root.get("components").and_then(|c| c.get("schemas"))
        {
            for (key, schema) in schemas {
                let pointer = format!("/components/schemas/{}", escape_token(key));
                if let Some(name) = self.component_names.get(key).cloned() {
                    self.define_named(&name, schema, &pointer);
                } else {
                    // Inlined components are still checked once, where they are written.
                    self.resolve_schema(schema, &pointer, "Unused");
                }
            }
        }
        self.check_component_sections(root);

        let mut operations = BTreeMap::new();
        let mut operation_ids: BTreeMap<String, String> = BTreeMap::new();
        match root.get("paths") {
            None => {}
            Some(paths) => {
                if let Some(paths) = self.object(paths, "/paths", "`paths`") {
                    for (path, item) in paths {
                        let pointer = child("/paths", path);
                        for operation in self.path_item(path, item, &pointer) {
                            let pointer = operation.1;
                            let operation = operation.0;
                            if let Some(first) = operation_ids.get(&operation.operation_id) {
                                let line = self.document.location(first).line;
                                self.error(
                                    &child(&pointer, "operationId"),
                                    format!(
                                        "duplicate operationId `{}` (first used at line {line})",
                                        operation.operation_id
                                    ),
                                );
                                continue;
                            }
                            if let Some(other) = operations.get(&operation.fn_name) {
                                let other: &Operation = other;
                                let message = format!(
                                    "operationId `{}` gives the function name `{}`, as `{}` does",
                                    operation.operation_id, operation.fn_name, other.operation_id
                                );
                                self.error(&child(&pointer, "operationId"), message);
                                continue;
                            }
                            operation_ids.insert(
                                operation.operation_id.clone(),
                                child(&pointer, "operationId"),
                            );
                            operations.insert(operation.fn_name.clone(), operation);
                        }
                    }
                }
            }
        }

        let mut types = std::mem::take(&mut self.types);
        box_recursive_fields(&mut types);
        apply_access(&mut types, &operations);
        order_untagged(&mut types);
        Some(Api {
            schema_path: schema_path.to_owned(),
            types,
            operations,
        })
    }

    /// Names every schema component that becomes a named Rust type.
    fn name_components(&mut self, root: &'a Map<String, Value>) {
        let Some(components) = root.get("components") else {
            return;
        };
        let Some(components) = self.object(components, "/components", "`components`") else {
            return;
        };
        self.check_keys(
            components,
            "/components",
            "components",
            &[
                "schemas",
                "parameters",
                "requestBodies",
                "responses",
                "headers",
                "securitySchemes",
                "examples",
            ],
        );
        let Some(schemas) = components.get("schemas") else {
            return;
        };
        let Some(schemas) = self.object(schemas, "/components/schemas", "`components/schemas`")
        else {
            return;
        };
        let mut taken = BTreeSet::new();
        for (key, schema) in schemas {
            let pointer = format!("/components/schemas/{}", escape_token(key));
            if !is_named_shape(schema) {
                continue;
            }
            match type_name(key) {
                Ok(name) => {
                    // `user_partial` and `UserPartial`: the later one, in
                    // document order, is `UserPartial2`.
                    let name = numbered(&name, "", |candidate| taken.contains(candidate));
                    taken.insert(name.clone());
                    self.component_names.insert(key.clone(), name);
                }
                Err(message) => self.error(&pointer, message),
            }
        }
    }

    /// Checks that every component outside `schemas` is well-formed where the
    /// generator relies on it.
    fn check_component_sections(&mut self, root: &'a Map<String, Value>) {
        let Some(Value::Object(components)) = root.get("components") else {
            return;
        };
        if let Some(Value::Object(responses)) = components.get("responses") {
            for (key, response) in responses {
                let pointer = format!("/components/responses/{}", escape_token(key));
                self.response_body(response, &pointer, "Unused");
            }
        }
        if let Some(Value::Object(bodies)) = components.get("requestBodies") {
            for (key, body) in bodies {
                let pointer = format!("/components/requestBodies/{}", escape_token(key));
                self.request_body(body, &pointer, "Unused");
            }
        }
        if let Some(Value::Object(headers)) = components.get("headers") {
            for (key, header) in headers {
                let pointer = format!("/components/headers/{}", escape_token(key));
                self.header(header, &pointer);
            }
        }
    }

    fn header(&mut self, header: &'a Value, pointer: &str) {
        let Some((header, pointer)) = self.deref(header, pointer, "headers") else {
            return;
        };
        let Some(map) = self.object(header, &pointer, "a header") else {
            return;
        };
        self.check_keys(
            map,
            &pointer,
            "header",
            &[
                "description",
                "required",
                "deprecated",
                "schema",
                "example",
                "examples",
            ],
        );
        if let Some(schema) = map.get("schema") {
            self.resolve_schema(schema, &child(&pointer, "schema"), "Header");
        }
    }

    /// Defines a named type for a component or an inline object, enum or union.
    fn define_named(&mut self, name: &str, schema: &'a Value, pointer: &str) {
        if let Some(origin) = self.type_origins.get(name) {
            if origin != pointer {
                let line = self.document.location(origin).line;
                let message = format!(
                    "two types would be named `{name}`: this one and the one at {origin} (line {line})"
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
        let kind = if map.contains_key("enum") {
            self.enumeration(map, pointer)
        } else if let Some(members) = union_members(map) {
            self.union(name, map, members.0, &child(pointer, members.1))
        } else if map.contains_key("properties")
            || type_is(map, "object")
                && map.get("additionalProperties") == Some(&Value::Bool(false))
        {
            self.structure(name, map, pointer)
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
                    in_requests: false,
                    kind,
                },
            );
        }
    }

    fn structure(
        &mut self,
        name: &str,
        map: &'a Map<String, Value>,
        pointer: &str,
    ) -> Option<TypeKind> {
        self.check_schema_keys(map, pointer);
        if let Some(ty) = map.get("type")
            && !matches!(ty, Value::String(t) if t == "object")
            && !type_list_is(ty, "object")
        {
            self.error(
                &child(pointer, "type"),
                "an object schema with `properties` must have `type: object`",
            );
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
                            _ => self.error(
                                &format!("{pointer}/required/{index}"),
                                "`required` items must be strings",
                            ),
                        }
                    }
                }
                _ => self.error(
                    &child(pointer, "required"),
                    "`required` must be a list of property names",
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
                    self.error(&field_pointer, message);
                    continue;
                }
            };
            let hint = format!("{name}{}", type_name(key).unwrap_or_default());
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
                docs.push(format!("The `{key}` member."));
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
            let Ok(names) = field_name(key) else {
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
                boxed: false,
                docs: vec!["Required by the schema, which does not describe its value.".to_owned()],
                deprecated: false,
                access: Access::ReadWrite,
            });
        }
        let extra = match map.get("additionalProperties") {
            None | Some(Value::Bool(false)) => None,
            Some(Value::Bool(true)) => Some(Ty {
                kind: TyKind::Json,
                constraints: Constraints::default(),
            }),
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
        Some(TypeKind::Struct(Struct { fields, extra }))
    }

    /// A property's `readOnly` / `writeOnly`; both at once is an error.
    fn access(&mut self, map: &Map<String, Value>, pointer: &str) -> Access {
        let flag = |key: &str| map.get(key) == Some(&Value::Bool(true));
        match (flag("readOnly"), flag("writeOnly")) {
            (true, true) => {
                self.error(
                    &child(pointer, "writeOnly"),
                    "a property cannot be both `readOnly` and `writeOnly`",
                );
                Access::ReadWrite
            }
            (true, false) => Access::ReadOnly,
            (false, true) => Access::WriteOnly,
            (false, false) => Access::ReadWrite,
        }
    }

    fn enumeration(&mut self, map: &'a Map<String, Value>, pointer: &str) -> Option<TypeKind> {
        self.check_schema_keys(map, pointer);
        let enum_pointer = child(pointer, "enum");
        let Some(Value::Array(values)) = map.get("enum") else {
            self.error(&enum_pointer, "`enum` must be a list of values");
            return None;
        };
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if values.is_empty() {
            self.error(
                &enum_pointer,
                "`enum` must list at least one non-null value",
            );
            return None;
        }
        let names_key = ["x-enum-varnames", "x-enumNames"]
            .into_iter()
            .find(|k| map.contains_key(*k));
        let given_names: Option<Vec<String>> = match names_key.map(|key| (key, &map[key])) {
            None => None,
            Some((_, Value::Array(names)))
                if names.len() == values.len() && names.iter().all(Value::is_string) =>
            {
                Some(
                    names
                        .iter()
                        .filter_map(|n| n.as_str().map(str::to_owned))
                        .collect(),
                )
            }
            Some((key, _)) => {
                self.error(
                    &child(pointer, key),
                    format!("`{key}` must list one name per enum value"),
                );
                return None;
            }
        };
        let mut names = BTreeMap::new();
        let mut check_name = |resolver: &mut Self, raw: &str, index: usize| -> Option<String> {
            let at = format!("{enum_pointer}/{index}");
            // Values such as `1080p` or `+1` still get a variant: `V1080p`, `Plus1`;
            // values that give no name at all are `Value<index>`.
            let name = if raw.starts_with(|c: char| c.is_ascii_digit()) {
                type_name(&format!("V{raw}"))
            } else {
                type_name(raw)
            }
            .or_else(|_| type_name(&format!("Value{index}")));
            match name {
                Ok(name) => {
                    // `a-b` and `a_b` (or `a` and `A`): the later one is `AB2`.
                    let name = numbered(&name, "", |candidate| names.contains_key(candidate));
                    names.insert(name.clone(), raw.to_owned());
                    Some(name)
                }
                Err(message) => {
                    resolver.error(&at, message);
                    None
                }
            }
        };
        if values.iter().all(|v| v.is_i64()) {
            let mut variants = Vec::new();
            for (index, value) in values.iter().enumerate() {
                let number = value.as_i64().unwrap_or_default();
                let raw = match &given_names {
                    Some(names) => names[index].clone(),
                    None => format!("Value{}", number.to_string().replace('-', "Minus")),
                };
                if let Some(name) = check_name(self, &raw, index) {
                    variants.push(IntVariant {
                        name,
                        docs: variant_docs(map, index),
                        value: number,
                    });
                }
            }
            let fallback = fallback_name(variants.iter().map(|v| v.name.as_str()));
            Some(TypeKind::IntEnum { variants, fallback })
        } else if values.iter().all(|v| v.is_string()) {
            let mut variants = Vec::new();
            for (index, value) in values.iter().enumerate() {
                let text = value.as_str().unwrap_or_default();
                let raw = match &given_names {
                    Some(names) => names[index].clone(),
                    None => text.to_owned(),
                };
                if let Some(name) = check_name(self, &raw, index) {
                    variants.push(StringVariant {
                        name,
                        docs: variant_docs(map, index),
                        value: text.to_owned(),
                    });
                }
            }
            let fallback = fallback_name(variants.iter().map(|v| v.name.as_str()));
            Some(TypeKind::StringEnum { variants, fallback })
        } else {
            self.error(
                &enum_pointer,
                "enum values must be all integers or all strings",
            );
            None
        }
    }

    fn union(
        &mut self,
        name: &str,
        union_map: &'a Map<String, Value>,
        members: &'a [Value],
        pointer: &str,
    ) -> Option<TypeKind> {
        let mut variants = Vec::new();
        let mut names = BTreeSet::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/{index}");
            let title = member.get("title").and_then(Value::as_str);
            let variant = match (title, member.get("$ref").and_then(Value::as_str)) {
                (Some(title), _) => type_name(title),
                (None, Some(reference)) => {
                    let key = reference.rsplit('/').next().unwrap_or_default();
                    type_name(&unescape_token(key))
                }
                (None, None) => Ok(kind_variant_name(member, index)),
            };
            let variant = match variant {
                Ok(variant) => variant,
                Err(message) => {
                    self.error(&member_pointer, message);
                    continue;
                }
            };
            // Two members named alike (same `title`, say): the later one is numbered.
            let variant = numbered(&variant, "", |candidate| names.contains(candidate));
            names.insert(variant.clone());
            let hint = format!("{name}{variant}");
            let Some(resolved) = self.resolve_schema(member, &member_pointer, &hint) else {
                continue;
            };
            if resolved.nullable {
                self.error(
                    &member_pointer,
                    "a nullable member inside a union is not supported",
                );
                continue;
            }
            let mut docs: Vec<String> = member
                .get("description")
                .and_then(Value::as_str)
                .map(doc_lines)
                .unwrap_or_default();
            if docs.is_empty() {
                docs.push(format!("The `{variant}` form."));
            }
            variants.push(UnionVariant {
                name: variant,
                ty: resolved.ty,
                boxed: false,
                docs,
            });
        }
        let tag = if variants.len() == members.len() {
            self.union_tag(union_map, members)
                .map(|(property, values)| UnionTag {
                    property,
                    values,
                    fallback: fallback_name(variants.iter().map(|v| v.name.as_str())),
                })
        } else {
            None
        };
        // Declaration order until `order_untagged` sees every type.
        let try_order = (0..variants.len()).collect();
        Some(TypeKind::Union {
            variants,
            tag,
            try_order,
        })
    }

    /// Defines `name` as an untagged union of two success bodies (or adds a
    /// variant when it exists already) and returns its type.
    fn response_union(
        &mut self,
        name: &str,
        first: &str,
        a: Ty,
        status: &str,
        b: Ty,
        pointer: &str,
    ) -> Option<Ty> {
        let variant_name = |ty: &Ty, status: &str| match &ty.kind {
            TyKind::Named(named) if named != name => named.clone(),
            _ => format!("Status{status}"),
        };
        let mut variants = match self.types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Union { variants, .. }) if self.response_unions.contains(name) => {
                variants.clone()
            }
            Some(_) => {
                self.error(pointer, format!("the response type name `{name}` is taken"));
                return None;
            }
            None => vec![UnionVariant {
                name: variant_name(&a, first),
                ty: a,
                boxed: false,
                docs: vec![format!("The body of a `{first}` response.")],
            }],
        };
        let new_name = numbered(&variant_name(&b, status), "", |candidate| {
            variants.iter().any(|v| v.name == candidate)
        });
        variants.push(UnionVariant {
            name: new_name,
            ty: b,
            boxed: false,
            docs: vec![format!("The body of a `{status}` response.")],
        });
        self.type_origins
            .entry(name.to_owned())
            .or_insert_with(|| pointer.to_owned());
        self.response_unions.insert(name.to_owned());
        self.types.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                docs: vec!["The success bodies this operation can answer with.".to_owned()],
                deprecated: false,
                in_requests: false,
                kind: TypeKind::Union {
                    try_order: (0..variants.len()).collect(),
                    variants,
                    tag: None,
                },
            },
        );
        Some(plain(TyKind::Named(name.to_owned())))
    }

    /// The object schema a union member stands for, following `$ref`s.
    fn member_object(&self, member: &'a Value) -> Option<&'a Map<String, Value>> {
        let mut member = member;
        for _ in 0..16 {
            match member.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let key = unescape_token(reference.strip_prefix("#/components/schemas/")?);
                    member = self
                        .document
                        .root
                        .get("components")?
                        .get("schemas")?
                        .get(&key)?;
                }
                None => return member.as_object(),
            }
        }
        None
    }

    /// The property whose one value tells every member apart, and each member's value:
    /// from `discriminator` when given, else the first required one-value property
    /// (`const`, a one-value `enum`, or Discord's `enum` next to `allOf: [$ref]`).
    fn union_tag(
        &self,
        union_map: &Map<String, Value>,
        members: &'a [Value],
    ) -> Option<(String, Vec<Vec<TagValue>>)> {
        let objects: Vec<&Map<String, Value>> = members
            .iter()
            .map(|m| self.member_object(m))
            .collect::<Option<_>>()?;
        // The values a member's property may take: its `enum` (or the narrowing
        // `enum` next to a `$ref`, kept by `normalize` as `x-narrow`).
        let value_set = |object: &Map<String, Value>, property: &str| -> Option<Vec<TagValue>> {
            let schema = object.get("properties")?.get(property)?;
            let Some(Value::Array(values)) = schema.get("enum").or_else(|| schema.get("x-narrow"))
            else {
                return None;
            };
            if values.is_empty() {
                return None;
            }
            values
                .iter()
                .map(|value| match value {
                    Value::String(text) => Some(TagValue::Str(text.clone())),
                    Value::Number(number) => number.as_i64().map(TagValue::Int),
                    _ => None,
                })
                .collect()
        };
        let discriminator = union_map.get("discriminator");
        let candidates: Vec<String> = match discriminator
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
        {
            Some(property) => vec![property.to_owned()],
            None => objects
                .first()?
                .get("properties")?
                .as_object()?
                .keys()
                .cloned()
                .collect(),
        };
        'candidates: for property in candidates {
            let mut values = Vec::new();
            for (member, object) in members.iter().zip(&objects) {
                let required = object
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|n| n == property.as_str()));
                let mapped = discriminator
                    .and_then(|d| d.get("mapping"))
                    .and_then(Value::as_object)
                    .and_then(|mapping| {
                        let reference = member.get("$ref")?;
                        mapping
                            .iter()
                            .find(|(_, target)| *target == reference)
                            .map(|(key, _)| key.clone())
                    });
                let set = match (value_set(object, &property), mapped) {
                    (Some(set), _) => set,
                    (None, Some(key)) if discriminator.is_some() => vec![TagValue::Str(key)],
                    _ => continue 'candidates,
                };
                if !required && discriminator.is_none() {
                    continue 'candidates;
                }
                values.push(set);
            }
            let all = || values.iter().flatten();
            let all_int = all().all(|v| matches!(v, TagValue::Int(_)));
            let all_str = all().all(|v| matches!(v, TagValue::Str(_)));
            // No value may tag two members (nor appear twice in one).
            let flat: Vec<&TagValue> = all().collect();
            let distinct = flat.iter().enumerate().all(|(i, v)| !flat[..i].contains(v));
            if (all_int || all_str) && distinct {
                return Some((property, values));
            }
        }
        None
    }

    fn check_schema_keys(&mut self, map: &Map<String, Value>, pointer: &str) {
        for key in map.keys() {
            if is_extension(key)
                || ANNOTATIONS.contains(&key.as_str())
                || SCHEMA_KEYWORDS.contains(&key.as_str())
            {
                continue;
            }
            let hint = match key.as_str() {
                "allOf" => " (`allOf` is not supported yet; write the merged object out)",
                "const" => " (`const` is not supported yet; use a one-value `enum`)",
                _ => "",
            };
            self.error(
                &child(pointer, key),
                format!("unsupported schema keyword `{key}`{hint}"),
            );
        }
    }

    /// Resolves a schema used as a value: a field, an item, a parameter, a body.
    /// Objects, enums and unions become named types called `hint`.
    fn resolve_schema(&mut self, schema: &'a Value, pointer: &str, hint: &str) -> Option<Resolved> {
        let map = match schema {
            Value::Bool(true) => {
                return Some(Resolved {
                    ty: plain(TyKind::Json),
                    nullable: false,
                });
            }
            Value::Object(map) => map,
            _ => {
                self.error(pointer, "a schema must be an object");
                return None;
            }
        };
        if let Some(reference) = map.get("$ref") {
            for key in map.keys() {
                if key != "$ref" && !is_extension(key) && !ANNOTATIONS.contains(&key.as_str()) {
                    self.error(&child(pointer, key), format!("`{key}` next to `$ref` is not supported (only annotations such as `description` are)"));
                }
            }
            let (_, target_pointer) =
                self.reference_target(reference, &child(pointer, "$ref"), "schemas")?;
            let key = unescape_token(target_pointer.rsplit('/').next().unwrap_or_default());
            if let Some(name) = self.component_names.get(&key) {
                return Some(Resolved {
                    ty: plain(TyKind::Named(name.clone())),
                    nullable: target_map_nullable(&self.document.root, &key),
                });
            }
            if !self.inlining.insert(key.clone()) {
                self.error(pointer, format!("`$ref` cycle through `{key}`"));
                return None;
            }
            let target = self.document.root["components"]["schemas"].get(&key)?;
            let resolved = self.resolve_schema(target, &target_pointer, hint);
            self.inlining.remove(&key);
            return resolved;
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

    /// A schema that is not an object, enum or union: a scalar, array, map or free-form value.
    fn primitive(&mut self, map: &'a Map<String, Value>, pointer: &str, hint: &str) -> Option<Ty> {
        let ty = match map.get("type") {
            None => None,
            Some(Value::String(ty)) => Some(ty.as_str()),
            Some(Value::Array(types)) => {
                let non_null: Vec<&str> = types
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
                match non_null.as_slice() {
                    [one] => Some(*one),
                    [] => Some("null"),
                    _ => {
                        self.error(
                            &child(pointer, "type"),
                            "a list of several non-null types is not supported; use `oneOf`",
                        );
                        return None;
                    }
                }
            }
            Some(_) => {
                self.error(
                    &child(pointer, "type"),
                    "`type` must be a string or a list of strings",
                );
                return None;
            }
        };
        let format = self.string(map, "format", pointer);
        let mut constraints = Constraints::default();
        let kind = match ty {
            Some("boolean") => TyKind::Bool,
            Some("string") => {
                constraints.min_length = self.unsigned(map, "minLength", pointer);
                constraints.max_length = self.unsigned(map, "maxLength", pointer);
                let kind = match format {
                    Some("snowflake") => TyKind::Snowflake,
                    Some("date-time") => TyKind::Timestamp,
                    None => TyKind::String,
                    Some(format) if TEXT_FORMATS.contains(&format) => TyKind::String,
                    Some("binary") => {
                        self.error(&child(pointer, "format"), "`format: binary` is not supported yet (it needs multipart or raw bodies)");
                        return None;
                    }
                    // Formats are an open set; one without a mapping is text.
                    Some(_) => TyKind::String,
                };
                if let Some(pattern) = map.get("pattern").and_then(Value::as_str)
                    && kind != TyKind::Snowflake
                {
                    // Checked before sending when the runtime's regex engine reads it.
                    if regex_lite::Regex::new(pattern).is_ok() {
                        constraints.pattern = Some(pattern.to_owned());
                    } else {
                        constraints
                            .unchecked
                            .push(format!("must match the pattern `{pattern}`"));
                    }
                }
                kind
            }
            Some("integer") => {
                let minimum = self.integer_bound(map, "minimum", "exclusiveMinimum", pointer, 1);
                let maximum = self.integer_bound(map, "maximum", "exclusiveMaximum", pointer, -1);
                let int = match integer_type(format, minimum, maximum) {
                    Ok(int) => int,
                    Err(message) => {
                        self.error(pointer, message);
                        return None;
                    }
                };
                let (low, high) = int.range();
                constraints.minimum = minimum.filter(|m| i128::from(*m) > low);
                constraints.maximum = maximum.filter(|m| i128::from(*m) < high);
                TyKind::Int(int)
            }
            Some("number") => {
                // Whole-number bounds are checked; fractional ones only documented.
                for (key, words) in [
                    ("minimum", "at least"),
                    ("maximum", "at most"),
                    ("exclusiveMinimum", "more than"),
                    ("exclusiveMaximum", "less than"),
                ] {
                    let Some(bound) = map.get(key).filter(|b| b.is_number()) else {
                        continue;
                    };
                    let whole = bound.as_i64().or_else(|| {
                        bound
                            .as_f64()
                            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                            .map(|f| f as i64)
                    });
                    match (key, whole) {
                        ("minimum", Some(whole)) => constraints.minimum = Some(whole),
                        ("maximum", Some(whole)) => constraints.maximum = Some(whole),
                        _ => constraints
                            .unchecked
                            .push(format!("must be {words} {bound}")),
                    }
                }
                match format {
                    Some("float") => TyKind::Float(FloatType::F32),
                    Some("double") | None => TyKind::Float(FloatType::F64),
                    Some(format) => {
                        self.error(
                            &child(pointer, "format"),
                            format!("unsupported number format `{format}`"),
                        );
                        return None;
                    }
                }
            }
            Some("array") => {
                constraints.min_items = self.unsigned(map, "minItems", pointer);
                constraints.max_items = self.unsigned(map, "maxItems", pointer);
                constraints.unique_items =
                    self.boolean(map, "uniqueItems", pointer).unwrap_or(false);
                let item = match map.get("items") {
                    Some(items) => self.resolve_schema(
                        items,
                        &child(pointer, "items"),
                        &format!("{hint}Item"),
                    )?,
                    None => Resolved {
                        ty: plain(TyKind::Json),
                        nullable: false,
                    },
                };
                TyKind::Array(Box::new(nullable_ty(item)))
            }
            Some("object") | None => match map.get("additionalProperties") {
                None | Some(Value::Bool(_)) => {
                    // A free-form object: its entry counts cannot be checked on `Value`.
                    for (key, words) in
                        [("minProperties", "at least"), ("maxProperties", "at most")]
                    {
                        if let Some(bound) = map.get(key) {
                            constraints
                                .unchecked
                                .push(format!("must have {words} {bound} entries"));
                        }
                    }
                    TyKind::Json
                }
                Some(values) => {
                    let value = self.resolve_schema(
                        values,
                        &child(pointer, "additionalProperties"),
                        &format!("{hint}Value"),
                    )?;
                    constraints.min_properties = self.unsigned(map, "minProperties", pointer);
                    constraints.max_properties = self.unsigned(map, "maxProperties", pointer);
                    TyKind::Map(Box::new(nullable_ty(value)))
                }
            },
            // Always `null` (a flag whose presence is what matters): any JSON value.
            Some("null") => TyKind::Json,
            Some(other) => {
                self.error(&child(pointer, "type"), format!("unknown type `{other}`"));
                return None;
            }
        };
        // Keywords that only make sense on another type are mistakes, not silently ignored.
        let misplaced: &[(&str, &str)] = &[
            ("minItems", "array"),
            ("maxItems", "array"),
            ("items", "array"),
            ("minLength", "string"),
            ("maxLength", "string"),
            ("pattern", "string"),
            ("minimum", "integer"),
            ("maximum", "integer"),
        ];
        for (key, owner) in misplaced {
            let fits = ty == Some(*owner) || (*owner == "integer" && ty == Some("number"));
            if map.contains_key(*key) && !fits {
                self.error(
                    &child(pointer, key),
                    format!("`{key}` only applies to `type: {owner}`"),
                );
            }
        }
        Some(Ty { kind, constraints })
    }

    fn integer_bound(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        exclusive: &str,
        pointer: &str,
        step: i64,
    ) -> Option<i64> {
        let inclusive = match map.get(key) {
            None => None,
            Some(value) => match value.as_i64() {
                Some(number) => Some(number),
                None => {
                    self.error(&child(pointer, key), format!("`{key}` must be an integer"));
                    None
                }
            },
        };
        let exclusive = match map.get(exclusive) {
            None => None,
            Some(value) => match value.as_i64() {
                Some(number) => number.checked_add(step),
                None => {
                    self.error(&child(pointer, exclusive), format!("`{exclusive}` must be an integer (the OpenAPI 3.0 boolean form is not supported)"));
                    None
                }
            },
        };
        match (inclusive, exclusive) {
            (Some(a), Some(b)) => Some(if step > 0 { a.max(b) } else { a.min(b) }),
            (a, b) => a.or(b),
        }
    }

    /// The operations of one path item.
    fn path_item(
        &mut self,
        path: &str,
        item: &'a Value,
        pointer: &str,
    ) -> Vec<(Operation, String)> {
        let mut operations = Vec::new();
        if !path.starts_with('/') {
            self.error(pointer, "a path must start with `/`");
            return operations;
        }
        if let Err(message) = path_template_names(path) {
            self.error(pointer, message);
            return operations;
        }
        let Some(map) = self.object(item, pointer, "a path item") else {
            return operations;
        };
        self.check_keys(
            map,
            pointer,
            "path item",
            &[
                "summary",
                "description",
                "parameters",
                "get",
                "put",
                "post",
                "delete",
                "patch",
            ],
        );
        let shared = map.get("parameters");
        for (key, method) in [
            ("get", Method::Get),
            ("put", Method::Put),
            ("post", Method::Post),
            ("delete", Method::Delete),
            ("patch", Method::Patch),
        ] {
            if let Some(operation) = map.get(key) {
                let operation_pointer = child(pointer, key);
                if let Some(operation) =
                    self.operation(path, method, operation, shared, &operation_pointer, pointer)
                {
                    operations.push((operation, operation_pointer));
                }
            }
        }
        operations
    }

    fn operation(
        &mut self,
        path: &str,
        method: Method,
        operation: &'a Value,
        shared: Option<&'a Value>,
        pointer: &str,
        path_pointer: &str,
    ) -> Option<Operation> {
        let map = self.object(operation, pointer, "an operation")?;
        self.check_keys(
            map,
            pointer,
            "operation",
            &[
                "operationId",
                "summary",
                "description",
                "tags",
                "parameters",
                "requestBody",
                "responses",
                "security",
                "deprecated",
                "externalDocs",
            ],
        );
        let operation_id = self.string(map, "operationId", pointer);
        if operation_id.is_none() && !map.contains_key("operationId") {
            self.error(
                pointer,
                "missing `operationId`; every operation needs one to name its Rust function",
            );
        }
        // Without a usable name the rest is still checked, so every problem is reported at once.
        let id_pointer = child(pointer, "operationId");
        let fn_name = match operation_id.map(function_name) {
            Some(Ok(name)) if RESERVED_METHODS.contains(&name.as_str()) => {
                self.error(
                    &id_pointer,
                    format!("operationId `{}` gives `{name}`, which the hand-written `Client` already uses", operation_id.unwrap_or_default()),
                );
                None
            }
            Some(Ok(name)) => Some(name),
            Some(Err(message)) => {
                self.error(&id_pointer, message);
                None
            }
            None => None,
        };
        let pascal = operation_id
            .and_then(|id| type_name(id).ok())
            .unwrap_or_else(|| format!("Unnamed{}", method.variant()));

        // Parameters: path-level first, then operation-level (which override by name and place).
        let mut params: Vec<(&'a Map<String, Value>, String)> = Vec::new();
        for (list, list_pointer) in [
            (shared, child(path_pointer, "parameters")),
            (map.get("parameters"), child(pointer, "parameters")),
        ] {
            let Some(list) = list else { continue };
            let Value::Array(list) = list else {
                self.error(&list_pointer, "`parameters` must be a list");
                continue;
            };
            for (index, parameter) in list.iter().enumerate() {
                let at = format!("{list_pointer}/{index}");
                let Some((parameter, at)) = self.deref(parameter, &at, "parameters") else {
                    continue;
                };
                let Some(parameter) = self.object(parameter, &at, "a parameter") else {
                    continue;
                };
                let key = |p: &Map<String, Value>| (p.get("name").cloned(), p.get("in").cloned());
                params.retain(|(existing, _)| key(existing) != key(parameter));
                params.push((parameter, at));
            }
        }

        let template_names = match path_template_names(path) {
            Ok(names) => names,
            Err(message) => {
                self.error(path_pointer, message);
                return None;
            }
        };
        let mut path_params: Vec<Param> = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params = Vec::new();
        let mut used_names = BTreeSet::from(["body".to_owned()]);
        for (parameter, at) in params {
            self.check_keys(
                parameter,
                &at,
                "parameter",
                &[
                    "name",
                    "in",
                    "description",
                    "required",
                    "deprecated",
                    "schema",
                    "example",
                    "examples",
                    "style",
                    "explode",
                ],
            );
            let Some(name) = self.string(parameter, "name", &at) else {
                self.error(&at, "a parameter needs a `name`");
                continue;
            };
            let location = self.string(parameter, "in", &at).unwrap_or("");
            let required = self.boolean(parameter, "required", &at).unwrap_or(false);
            let (ident, _) = match field_name(name) {
                Ok(names) => names,
                Err(message) => {
                    self.error(&child(&at, "name"), message);
                    continue;
                }
            };
            // Arguments are positional, so one that would shadow a local of the
            // generated function gets a trailing underscore.
            let ident = if ["request", "item", "items", "value", "body", "self_"]
                .contains(&ident.as_str())
            {
                format!("{ident}_")
            } else {
                ident
            };
            // `user_id` in the path and `userId` in the query: the later one,
            // in declaration order, is `user_id_2` (its wire name is kept).
            let ident = free_name(&ident, |candidate| used_names.contains(candidate));
            used_names.insert(ident.clone());
            let Some(schema) = parameter.get("schema") else {
                self.error(&at, "a parameter needs a `schema`");
                continue;
            };
            let hint = format!("{pascal}{}", type_name(name).unwrap_or_default());
            let Some(resolved) = self.resolve_schema(schema, &child(&at, "schema"), &hint) else {
                continue;
            };
            let docs = parameter
                .get("description")
                .and_then(Value::as_str)
                .map(doc_lines)
                .unwrap_or_default();
            match location {
                "path" => {
                    if !required {
                        self.error(
                            &child(&at, "required"),
                            "a path parameter must have `required: true`",
                        );
                    }
                    if !template_names.iter().any(|n| n == name) {
                        self.error(
                            &child(&at, "name"),
                            format!("path parameter `{name}` is missing from the path `{path}`"),
                        );
                        continue;
                    }
                    if !is_scalar(&resolved.ty.kind, &self.types) {
                        self.error(&child(&at, "schema"), "a path parameter must be a scalar (string, integer, boolean, snowflake or enum)");
                        continue;
                    }
                    path_params.push(Param {
                        name: ident,
                        wire_name: name.to_owned(),
                        ty: resolved.ty,
                        required: true,
                        serialized: false,
                        docs,
                    });
                }
                "query" => {
                    let (allowed, serialized) = query_shape(&resolved.ty.kind, &self.types);
                    if !allowed {
                        self.error(
                            &child(&at, "schema"),
                            "a query parameter must be a scalar, an enum, a union of those, or a list of them",
                        );
                        continue;
                    }
                    for key in ["style", "explode"] {
                        let default = if key == "style" {
                            Value::from("form")
                        } else {
                            Value::Bool(true)
                        };
                        if parameter.get(key).is_some_and(|v| *v != default) {
                            self.error(
                                &child(&at, key),
                                format!(
                                    "only the default `{key}` is supported for query parameters"
                                ),
                            );
                        }
                    }
                    query_params.push(Param {
                        name: ident,
                        wire_name: name.to_owned(),
                        ty: resolved.ty,
                        required,
                        serialized,
                        docs,
                    });
                }
                "header" => {
                    let lower = name.to_ascii_lowercase();
                    // OpenAPI: these three "SHALL be ignored"; the client sets them.
                    if ["authorization", "accept", "content-type"].contains(&lower.as_str()) {
                        continue;
                    }
                    if ["user-agent", "content-length", "host"].contains(&lower.as_str()) {
                        self.error(
                            &child(&at, "name"),
                            format!("the client sets the `{name}` header itself"),
                        );
                        continue;
                    }
                    if !is_scalar(&resolved.ty.kind, &self.types)
                        && !matches!(resolved.ty.kind, TyKind::Float(_))
                    {
                        self.error(
                            &child(&at, "schema"),
                            "a header parameter must be a scalar or an enum",
                        );
                        continue;
                    }
                    header_params.push(Param {
                        name: ident,
                        wire_name: name.to_owned(),
                        ty: resolved.ty,
                        required,
                        serialized: false,
                        docs,
                    });
                }
                "cookie" => {
                    self.error(
                        &child(&at, "in"),
                        "`in: cookie` parameters are not supported yet",
                    );
                }
                other => {
                    self.error(
                        &child(&at, "in"),
                        format!("unknown parameter location `{other}`"),
                    );
                }
            }
        }
        for name in &template_names {
            if !path_params.iter().any(|p| &p.wire_name == name) {
                self.error(
                    pointer,
                    format!("the path has `{{{name}}}` but no path parameter declares it"),
                );
            }
        }
        // Path parameters in the order the template names them.
        path_params.sort_by_key(|p| template_names.iter().position(|n| *n == p.wire_name));
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            if start > 0 {
                parts.push(PathPart::Literal(rest[..start].to_owned()));
            }
            let end = rest[start..].find('}').map_or(rest.len(), |e| start + e);
            let name = &rest[start + 1..end];
            if let Some(index) = path_params.iter().position(|p| p.wire_name == name) {
                parts.push(PathPart::Param(index));
            }
            rest = rest.get(end + 1..).unwrap_or("");
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }

        let body = match map.get("requestBody") {
            None => None,
            Some(body) => self.request_body(
                body,
                &child(pointer, "requestBody"),
                &format!("{pascal}Request"),
            ),
        };
        let (response, errors) = self.responses(map, pointer, &pascal);

        let idempotent = match map.get("x-idempotent") {
            None => matches!(method, Method::Get | Method::Put | Method::Delete),
            Some(Value::Bool(value)) => *value,
            Some(_) => {
                self.error(
                    &child(pointer, "x-idempotent"),
                    "`x-idempotent` must be true or false",
                );
                false
            }
        };

        let mut docs = Vec::new();
        if let Some(summary) = map.get("summary").and_then(Value::as_str) {
            docs.extend(doc_lines(summary));
        }
        if let Some(description) = map.get("description").and_then(Value::as_str) {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.extend(doc_lines(description));
        }
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!("`{} {path}`", method.as_str()));
        let (operation_id, fn_name) = (operation_id?, fn_name?);
        Some(Operation {
            operation_id: operation_id.to_owned(),
            static_name: static_name(&fn_name),
            fn_name,
            method,
            path_template: path.to_owned(),
            path: parts,
            path_params,
            query_params,
            header_params,
            body,
            response: response?,
            idempotent,
            docs: [docs, errors].concat(),
            deprecated: map.get("deprecated") == Some(&Value::Bool(true)),
        })
    }

    fn request_body(&mut self, body: &'a Value, pointer: &str, hint: &str) -> Option<Body> {
        let (body, pointer) = self.deref(body, pointer, "requestBodies")?;
        let map = self.object(body, &pointer, "a request body")?;
        self.check_keys(
            map,
            &pointer,
            "request body",
            &["description", "content", "required"],
        );
        let required = self.boolean(map, "required", &pointer).unwrap_or(false);
        let content_pointer = child(&pointer, "content");
        let Some(content) = map.get("content") else {
            self.error(&pointer, "a request body needs `content`");
            return None;
        };
        let content = self.object(content, &content_pointer, "`content`")?;
        // JSON when offered; otherwise a form, multipart, text or bytes, in that order.
        let rank = |media: &str| {
            let essence = media.split(';').next().unwrap_or("").trim();
            if is_json(media) {
                0
            } else if essence == "application/x-www-form-urlencoded" {
                1
            } else if essence == "multipart/form-data" {
                2
            } else if essence.starts_with("text/") {
                3
            } else {
                4
            }
        };
        let Some((media, media_type)) = content.iter().min_by_key(|(media, _)| rank(media)) else {
            self.error(
                &content_pointer,
                "a request body needs at least one media type",
            );
            return None;
        };
        let essence = media.split(';').next().unwrap_or("").trim().to_owned();
        let encoding = match rank(media) {
            0 => BodyEncoding::Json,
            1 => BodyEncoding::Form,
            2 => BodyEncoding::Multipart,
            3 => BodyEncoding::Text(essence),
            _ => BodyEncoding::Binary(essence),
        };
        let resolved = match encoding {
            BodyEncoding::Json | BodyEncoding::Form => {
                self.media_schema(media_type, &child(&content_pointer, media), hint)?
            }
            // The parts, text or bytes are given as they are; the schema documents them.
            _ => Resolved {
                ty: plain(TyKind::Bytes),
                nullable: false,
            },
        };
        Some(Body {
            ty: resolved.ty,
            required,
            encoding,
        })
    }

    fn media_schema(
        &mut self,
        media_type: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Option<Resolved> {
        let map = self.object(media_type, pointer, "a media type")?;
        self.check_keys(
            map,
            pointer,
            "media type",
            &["schema", "example", "examples"],
        );
        match map.get("schema") {
            Some(schema) => self.resolve_schema(schema, &child(pointer, "schema"), hint),
            None => {
                self.error(pointer, "a media type needs a `schema`");
                None
            }
        }
    }

    /// Resolves a response's JSON body; `Some(None)` means an empty body.
    fn response_body(
        &mut self,
        response: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Option<(Option<Ty>, String)> {
        let (response, pointer) = self.deref(response, pointer, "responses")?;
        let map = self.object(response, &pointer, "a response")?;
        self.check_keys(
            map,
            &pointer,
            "response",
            // `type` is a Swagger 2 leftover seen in real documents; without
            // `content` a response has no body, whatever it says.
            &["description", "headers", "content", "links", "type"],
        );
        let description = map
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        if let Some(headers) = map.get("headers") {
            let headers_pointer = child(&pointer, "headers");
            if let Some(headers) = self.object(headers, &headers_pointer, "`headers`") {
                for (name, header) in headers {
                    self.header(header, &child(&headers_pointer, name));
                }
            }
        }
        let Some(content) = map.get("content") else {
            return Some((None, description));
        };
        let content_pointer = child(&pointer, "content");
        let content = self.object(content, &content_pointer, "`content`")?;
        let Some((media, media_type)) = content.iter().find(|(media, _)| is_json(media)) else {
            // Not JSON (an image, a CSV file): the bytes as they come.
            return Some((Some(plain(TyKind::Bytes)), description));
        };
        let resolved = self.media_schema(media_type, &child(&content_pointer, media), hint)?;
        let ty = Some(nullable_ty(resolved));
        Some((ty, description))
    }

    /// The success response type (`None` inside for an empty body) and doc lines on errors.
    fn responses(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &str,
        pascal: &str,
    ) -> (Option<Option<Ty>>, Vec<String>) {
        let responses_pointer = child(pointer, "responses");
        let Some(responses) = map.get("responses") else {
            self.error(pointer, "an operation needs `responses`");
            return (None, Vec::new());
        };
        let Some(responses) = self.object(responses, &responses_pointer, "`responses`") else {
            return (None, Vec::new());
        };
        let mut success: Option<(String, Option<Ty>)> = None;
        let mut errors = Vec::new();
        for (status, response) in responses {
            let at = child(&responses_pointer, status);
            let is_success = status.len() == 3
                && status.starts_with('2')
                && status.bytes().all(|b| b.is_ascii_digit());
            let is_error = status == "default"
                || (status.len() == 3
                    && matches!(status.as_bytes()[0], b'1' | b'3' | b'4' | b'5')
                    && (status[1..].bytes().all(|b| b.is_ascii_digit()) || &status[1..] == "XX"));
            if is_success {
                let Some((ty, _)) = self.response_body(response, &at, &format!("{pascal}Response"))
                else {
                    continue;
                };
                if let Some((first, first_ty)) = &mut success {
                    match (first_ty.clone(), ty) {
                        (a, b) if a == b => {}
                        // One status with a body, one without (such as `200` and `204`).
                        (Some(body), None) | (None, Some(body)) => {
                            *first_ty = Some(match body.kind {
                                TyKind::Nullable(_) => body,
                                _ => plain(TyKind::Nullable(Box::new(body))),
                            });
                        }
                        (Some(a), Some(b)) => {
                            // Different bodies: an untagged union of them.
                            // The first name no component or other type has.
                            let name = ["Response", "Reply", "Outcome"]
                                .iter()
                                .map(|suffix| format!("{pascal}{suffix}"))
                                .find(|name| {
                                    (self.response_unions.contains(name)
                                        && matches!(&a.kind, TyKind::Named(n) if n == name))
                                        || (!self.types.contains_key(name)
                                            && !self.component_names.values().any(|c| c == name))
                                })
                                .unwrap_or_else(|| format!("{pascal}SuccessBody"));
                            let union = self.response_union(&name, first, a, status, b, &at);
                            *first_ty = union;
                        }
                        (None, None) => {}
                    }
                    continue;
                }
                success = Some((status.clone(), ty));
            } else if status.starts_with('1') || status.starts_with('3') {
                // Informational and redirect responses are documented, not decoded.
                let description = response
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                errors.push(format!(
                    "- `{status}`: {}",
                    doc_lines(description).join(" ")
                ));
            } else if is_error {
                if let Some((_, description)) =
                    self.response_body(response, &at, &format!("{pascal}Error{status}"))
                {
                    let description = doc_lines(&description).join(" ");
                    errors.push(format!("- `{status}`: {description}"));
                }
            } else {
                self.error(
                    &at,
                    format!("`{status}` is not a response status (use `200`, `4XX` or `default`)"),
                );
            }
        }
        let mut docs = vec![String::new(), "# Errors".to_owned(), String::new()];
        docs.push("Fails with [`ErrorKind::Validation`](crate::ErrorKind::Validation) before anything is sent when the arguments break the schema's constraints, and with a transport, decode, rate-limit or API error otherwise.".to_owned());
        if !errors.is_empty() {
            docs.push(String::new());
            docs.push("The API documents these error responses:".to_owned());
            docs.push(String::new());
            docs.extend(errors);
        }
        match success {
            Some((_, ty)) => (Some(ty), docs),
            // No `2XX`: a `default` response describes success too; with nothing
            // documented, any JSON body is accepted.
            None => match responses.get("default") {
                Some(response) => {
                    let at = child(&responses_pointer, "default");
                    let body = self.response_body(response, &at, &format!("{pascal}Response"));
                    (body.map(|(ty, _)| ty), docs)
                }
                None => (Some(Some(plain(TyKind::Json))), docs),
            },
        }
    }
}

/// The name of the variant that keeps unknown values: `Unknown`, unless a
/// known value already has that name.
fn fallback_name<'n>(names: impl Iterator<Item = &'n str> + Clone) -> String {
    ["Unknown", "Unrecognized", "UnknownValue"]
        .into_iter()
        .find(|candidate| !names.clone().any(|n| n == *candidate))
        .unwrap_or("Other")
        .to_owned()
}

/// The docs of enum value `index` from `x-enum-descriptions`, if given.
fn variant_docs(map: &Map<String, Value>, index: usize) -> Vec<String> {
    map.get("x-enum-descriptions")
        .and_then(|d| d.get(index))
        .and_then(Value::as_str)
        .map(doc_lines)
        .unwrap_or_default()
}

/// Applies `readOnly`/`writeOnly` and marks the types sent in requests.
///
/// A type is sent when it is reachable from a request body or parameter without
/// passing through a read-only member, and received when it is reachable from a
/// success response without passing through a write-only one. A read-only
/// member is left out of a type that is only sent (the server ignores it); a
/// write-only member out of one that is only received (it never comes). In a
/// type that travels both ways (or neither: a component no operation uses),
/// such a member is kept but optional, even when `required`: the client need
/// not send what the server sets, and the server does not return what it only
/// accepts.
fn apply_access(types: &mut BTreeMap<String, TypeDef>, operations: &BTreeMap<String, Operation>) {
    let sent = reachable(
        types,
        operations.values().flat_map(|operation| {
            operation
                .body
                .iter()
                .map(|body| &body.ty)
                .chain(operation.path_params.iter().map(|param| &param.ty))
                .chain(operation.query_params.iter().map(|param| &param.ty))
                .chain(operation.header_params.iter().map(|param| &param.ty))
        }),
        Access::ReadOnly,
    );
    let received = reachable(
        types,
        operations
            .values()
            .filter_map(|operation| operation.response.as_ref()),
        Access::WriteOnly,
    );
    for (name, def) in types.iter_mut() {
        let is_sent = sent.contains(name);
        let is_received = received.contains(name);
        def.in_requests = is_sent;
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        // A component no operation uses is treated as travelling both ways.
        let both_ways = is_sent == is_received;
        s.fields.retain(|field| match field.access {
            Access::ReadWrite => true,
            Access::ReadOnly => both_ways || is_received,
            Access::WriteOnly => both_ways || is_sent,
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

/// Sets each union's `try_order` (see [`TypeKind::Union`]). Runs after
/// [`apply_access`], which decides which members are required.
fn order_untagged(types: &mut BTreeMap<String, TypeDef>) {
    let required_members = |ty: &Ty, types: &BTreeMap<String, TypeDef>| match &ty.kind {
        TyKind::Named(name) => match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().filter(|f| !f.is_option()).count(),
            _ => 0,
        },
        _ => 0,
    };
    let orders: Vec<(String, Vec<usize>)> = types
        .iter()
        .filter_map(|(name, def)| match &def.kind {
            TypeKind::Union { variants, .. } => {
                let mut order: Vec<usize> = (0..variants.len()).collect();
                // A stable sort: ties keep declaration order.
                order.sort_by_key(|&index| {
                    let ty = &variants[index].ty;
                    (
                        matches!(ty.kind, TyKind::Json),
                        std::cmp::Reverse(required_members(ty, types)),
                    )
                });
                Some((name.clone(), order))
            }
            _ => None,
        })
        .collect();
    for (name, order) in orders {
        if let Some(TypeDef {
            kind: TypeKind::Union { try_order, .. },
            ..
        }) = types.get_mut(&name)
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
    fn push_named<'t>(ty: &'t Ty, stack: &mut Vec<&'t str>) {
        match &ty.kind {
            TyKind::Named(name) => stack.push(name),
            TyKind::Array(item) | TyKind::Map(item) => push_named(item, stack),
            _ => {}
        }
    }
    let mut stack: Vec<&str> = Vec::new();
    for root in roots {
        push_named(root, &mut stack);
    }
    let mut reached = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !reached.insert(name.to_owned()) {
            continue;
        }
        let Some(def) = types.get(name) else { continue };
        match &def.kind {
            TypeKind::Struct(s) => {
                for field in s.fields.iter().filter(|field| field.access != skip) {
                    push_named(&field.ty, &mut stack);
                }
                if let Some((_, ty)) = &s.extra {
                    push_named(ty, &mut stack);
                }
            }
            TypeKind::Union { variants, .. } => {
                for variant in variants {
                    push_named(&variant.ty, &mut stack);
                }
            }
            TypeKind::Alias(ty) => push_named(ty, &mut stack),
            TypeKind::IntEnum { .. } | TypeKind::StringEnum { .. } => {}
        }
    }
    reached
}

/// Records a struct field's Rust name in `seen` (Rust name → member name) and
/// returns it with its rename. Names that collide (`fooBar` and `foo_bar`)
/// keep document order: the later one gets the first free `_2`, `_3`, … and
/// always keeps its member name as the rename.
fn claim_field(
    seen: &mut BTreeMap<String, String>,
    (ident, rename): (String, Option<String>),
    key: &str,
) -> (String, Option<String>) {
    let (ident, rename) = if seen.contains_key(&ident) {
        (
            free_name(&ident, |candidate| seen.contains_key(candidate)),
            Some(key.to_owned()),
        )
    } else {
        (ident, rename)
    };
    seen.insert(ident.clone(), key.to_owned());
    (ident, rename)
}

/// `name` when `taken` says it is free, else the first free `name_2`,
/// `name_3`, … (a raw identifier loses its `r#`: `type_2` is not a keyword).
fn free_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    numbered(name, "_", taken)
}

/// `name` when free, else the first free `{name}{separator}{n}` from 2 up.
fn numbered(name: &str, separator: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_owned();
    }
    let base = name.trim_start_matches("r#");
    (2..)
        .map(|n| format!("{base}{separator}{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| base.to_owned())
}

/// Whether the component schema `key` allows `null` itself.
fn target_map_nullable(root: &Value, key: &str) -> bool {
    match root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(|s| s.get(key))
    {
        Some(Value::Object(map)) => peel_nullable(map).1,
        _ => false,
    }
}

/// Whether a media type is JSON (`application/json`, `application/problem+json`, …).
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A resolved item, value or body type, wrapped in `Nullable` when `null` is allowed.
fn nullable_ty(resolved: Resolved) -> Ty {
    if resolved.nullable {
        plain(TyKind::Nullable(Box::new(resolved.ty)))
    } else {
        resolved.ty
    }
}

fn plain(kind: TyKind) -> Ty {
    Ty {
        kind,
        constraints: Constraints::default(),
    }
}

fn type_is(map: &Map<String, Value>, name: &str) -> bool {
    match map.get("type") {
        Some(Value::String(ty)) => ty == name,
        Some(ty) => type_list_is(ty, name),
        None => false,
    }
}

fn type_list_is(ty: &Value, name: &str) -> bool {
    matches!(ty, Value::Array(types) if types.iter().any(|t| t == name))
}

/// `anyOf`/`oneOf` with exactly one non-null member and a `{type: "null"}` member.
fn nullable_wrapper(map: &Map<String, Value>) -> Option<(&Value, String)> {
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
fn union_members(map: &Map<String, Value>) -> Option<(&[Value], &'static str)> {
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
fn peel_nullable(map: &Map<String, Value>) -> (&Map<String, Value>, bool) {
    let in_type = type_list_is(map.get("type").unwrap_or(&Value::Null), "null");
    let flag = map.get("nullable") == Some(&Value::Bool(true));
    let in_enum =
        matches!(map.get("enum"), Some(Value::Array(values)) if values.iter().any(Value::is_null));
    (map, in_type || flag || in_enum)
}

/// Whether a schema becomes a named Rust type (struct, enum, union or alias of one)
/// rather than an inline type such as `String` or `Vec<T>`.
fn is_named_shape(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    if map.contains_key("$ref") || nullable_wrapper(map).is_some() {
        return false;
    }
    let has_values = matches!(map.get("enum"), Some(Value::Array(values)) if values.iter().any(|v| !v.is_null()));
    map.contains_key("properties")
        || has_values
        || union_members(map).is_some()
        || (type_is(map, "object") && map.get("additionalProperties") == Some(&Value::Bool(false)))
}

fn is_scalar(kind: &TyKind, types: &BTreeMap<String, TypeDef>) -> bool {
    match kind {
        TyKind::Bool | TyKind::Int(_) | TyKind::String | TyKind::Snowflake | TyKind::Timestamp => {
            true
        }
        // Enums are scalars; a named type defined later is assumed to be one only if it is an enum.
        TyKind::Named(name) => types.get(name).is_none_or(|def| {
            matches!(
                def.kind,
                TypeKind::IntEnum { .. } | TypeKind::StringEnum { .. }
            )
        }),
        _ => false,
    }
}

/// A variant name for an untitled, inline union member: its tag value when it
/// has a one-value `type`-like property, else its JSON type (`String`, `Array`, …).
fn kind_variant_name(member: &Value, index: usize) -> String {
    if let Some(Value::Object(properties)) = member.get("properties") {
        for (_, property) in properties {
            if let Some(Value::Array(values)) = property.get("enum")
                && let [Value::String(tag)] = values.as_slice()
                && let Ok(name) = type_name(tag)
            {
                return name;
            }
        }
    }
    let ty = match member.get("type") {
        Some(Value::String(ty)) => ty.as_str(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("value"),
        _ if member.get("properties").is_some() => "object",
        _ => "value",
    };
    match ty {
        "string" | "integer" | "number" | "boolean" | "array" | "object" => {
            type_name(ty).unwrap_or_else(|_| format!("Variant{index}"))
        }
        _ => format!("Variant{index}"),
    }
}

/// Whether a query parameter of this kind can be sent, and whether it must go
/// through serde (unions, nullable values) rather than `Display`.
fn query_shape(kind: &TyKind, types: &BTreeMap<String, TypeDef>) -> (bool, bool) {
    match kind {
        TyKind::Array(item) => match query_shape(&item.kind, types) {
            (true, serialized) if !matches!(item.kind, TyKind::Array(_)) => (true, serialized),
            _ => (false, false),
        },
        TyKind::Nullable(inner) => (query_shape(&inner.kind, types).0, true),
        TyKind::Float(_) => (true, false),
        TyKind::Named(name) => match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::IntEnum { .. } | TypeKind::StringEnum { .. }) => (true, false),
            Some(TypeKind::Union { .. } | TypeKind::Alias(_)) | None => (true, true),
            Some(TypeKind::Struct(_)) => (false, false),
        },
        other => (is_scalar(other, types), false),
    }
}

/// The `{name}`s of a path template, in order.
fn path_template_names(path: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            return Err(format!("unclosed `{{` in the path `{path}`"));
        };
        let name = &rest[start + 1..start + end];
        if name.is_empty() || names.iter().any(|n| n == name) {
            return Err(format!(
                "empty or repeated parameter `{{{name}}}` in the path `{path}`"
            ));
        }
        names.push(name.to_owned());
        rest = &rest[start + end + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unmatched `}}` in the path `{path}`"));
    }
    Ok(names)
}

/// Picks the Rust integer that holds the declared range, within the declared format.
fn integer_type(
    format: Option<&str>,
    minimum: Option<i64>,
    maximum: Option<i64>,
) -> Result<IntType, String> {
    let unsigned_format = match format {
        Some("uint8") => Some(IntType::U8),
        Some("uint16") => Some(IntType::U16),
        Some("uint32") => Some(IntType::U32),
        Some("uint64" | "uint") => Some(IntType::U64),
        _ => None,
    };
    if let Some(int) = unsigned_format {
        let (low, high) = int.range();
        if minimum.is_some_and(|m| i128::from(m) < low)
            || maximum.is_some_and(|m| i128::from(m) > high)
        {
            return Err(format!(
                "the range does not fit the integer format `{}`",
                format.unwrap_or_default()
            ));
        }
        return Ok(int);
    }
    let widest_signed = match format {
        Some("int32") => IntType::I32,
        Some("int64") | None => IntType::I64,
        Some("int8") => IntType::I8,
        Some("int16") => IntType::I16,
        Some(other) => return Err(format!("unsupported integer format `{other}`")),
    };
    if let (Some(min), Some(max)) = (minimum, maximum)
        && min > max
    {
        return Err(format!("`minimum` {min} is greater than `maximum` {max}"));
    }
    let (_, widest_high) = widest_signed.range();
    let (widest_low, _) = widest_signed.range();
    if minimum.is_some_and(|m| i128::from(m) < widest_low)
        || maximum.is_some_and(|m| i128::from(m) > widest_high)
    {
        return Err(format!(
            "the range does not fit the integer format `{}`",
            format.unwrap_or("int64")
        ));
    }
    let unsigned = minimum.is_some_and(|m| m >= 0);
    let candidates: &[IntType] = if unsigned {
        &[IntType::U8, IntType::U16, IntType::U32, IntType::U64]
    } else {
        &[IntType::I8, IntType::I16, IntType::I32, IntType::I64]
    };
    let (low, high) = (
        minimum.map_or(widest_low, i128::from),
        maximum.map_or(widest_high, i128::from),
    );
    let low = if unsigned { low.max(0) } else { low };
    for candidate in candidates {
        let (c_low, c_high) = candidate.range();
        let within_format = candidate_bits(*candidate) <= candidate_bits(widest_signed);
        if within_format && c_low <= low && high <= c_high {
            // Without a declared maximum, keep the format's width rather than shrink.
            if maximum.is_none() && candidate_bits(*candidate) < candidate_bits(widest_signed) {
                continue;
            }
            return Ok(*candidate);
        }
    }
    Ok(widest_signed)
}

fn candidate_bits(int: IntType) -> u32 {
    match int {
        IntType::U8 | IntType::I8 => 8,
        IntType::U16 | IntType::I16 => 16,
        IntType::U32 | IntType::I32 => 32,
        IntType::U64 | IntType::I64 => 64,
    }
}

fn schema_docs(map: &Map<String, Value>) -> Vec<String> {
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

/// Constraints the client cannot check yet are fine on responses (documented)
/// but an error on anything sent in a request: requests are strict.
fn unchecked_request_errors(
    api: &Api,
    origins: &BTreeMap<String, String>,
    document: &Document,
) -> Vec<Diagnostic> {
    fn notes(ty: &Ty, out: &mut Vec<String>) {
        out.extend(ty.constraints.unchecked.iter().cloned());
        if let TyKind::Array(inner) | TyKind::Map(inner) | TyKind::Nullable(inner) = &ty.kind {
            notes(inner, out);
        }
    }
    let mut errors = Vec::new();
    for def in api.types.values().filter(|def| def.in_requests) {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        let origin = origins.get(&def.name).map(String::as_str).unwrap_or("");
        for field in &s.fields {
            let mut found = Vec::new();
            notes(&field.ty, &mut found);
            for note in found {
                let pointer = format!("{origin}/properties/{}", escape_token(field.wire_name()));
                errors.push(document.error(
                    &pointer,
                    format!(
                        "`{}` is sent in requests and {note}, which the client cannot check yet",
                        field.wire_name()
                    ),
                ));
            }
        }
    }
    errors
}

/// Boxes every field and union variant through which a type contains itself
/// without a list or map in between, so recursive types have a finite size.
fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    fn direct(ty: &Ty) -> Option<&str> {
        match &ty.kind {
            TyKind::Named(name) => Some(name),
            TyKind::Nullable(inner) => direct(inner),
            _ => None,
        }
    }
    fn edges(def: &TypeDef) -> Vec<&str> {
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
            TypeKind::Union { variants, .. } => {
                variants.iter().filter_map(|v| direct(&v.ty)).collect()
            }
            TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
            _ => Vec::new(),
        }
    }
    // `reaches(a, b)`: b is contained in a without indirection.
    let reaches = |from: &str, target: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if name == target {
                return true;
            }
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(def) = types.get(&name) {
                stack.extend(edges(def).into_iter().map(str::to_owned));
            }
        }
        false
    };
    let mut to_box: Vec<(String, usize)> = Vec::new();
    for (name, def) in types.iter() {
        let targets: Vec<Option<&str>> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| direct(&f.ty)).collect(),
            TypeKind::Union { variants, .. } => variants.iter().map(|v| direct(&v.ty)).collect(),
            _ => Vec::new(),
        };
        for (index, target) in targets.into_iter().enumerate() {
            if let Some(target) = target
                && reaches(target, name)
            {
                to_box.push((name.clone(), index));
            }
        }
    }
    for (name, index) in to_box {
        match types.get_mut(&name).map(|def| &mut def.kind) {
            Some(TypeKind::Struct(s)) => s.fields[index].boxed = true,
            Some(TypeKind::Union { variants, .. }) => variants[index].boxed = true,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_types_fit_the_range() {
        assert_eq!(
            integer_type(Some("int32"), Some(0), Some(100)),
            Ok(IntType::U8)
        );
        assert_eq!(
            integer_type(Some("int32"), Some(0), Some(604_800)),
            Ok(IntType::U32)
        );
        assert_eq!(
            integer_type(Some("int32"), Some(0), Some(2_147_483_647)),
            Ok(IntType::U32)
        );
        assert_eq!(integer_type(Some("int32"), None, None), Ok(IntType::I32));
        assert_eq!(integer_type(Some("int32"), Some(0), None), Ok(IntType::U32));
        assert_eq!(integer_type(None, None, None), Ok(IntType::I64));
        assert_eq!(
            integer_type(Some("int64"), Some(-5), Some(5)),
            Ok(IntType::I8)
        );
        assert!(integer_type(Some("int32"), Some(0), Some(5_000_000_000)).is_err());
        assert!(integer_type(Some("int32"), Some(5), Some(1)).is_err());
    }

    #[test]
    fn path_templates() {
        assert_eq!(
            path_template_names("/a/{b}/c/{d}"),
            Ok(vec!["b".to_owned(), "d".to_owned()])
        );
        assert!(path_template_names("/a/{b").is_err());
        assert!(path_template_names("/a/{b}/{b}").is_err());
    }
}
