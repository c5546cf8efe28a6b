//! Stage 1½: rewrites equivalent spellings of a schema into the core subset
//! that `resolve` reads, so `resolve` has one way to see each construct.
//!
//! - `const: v` → `enum: [v]`.
//! - An enum written as `oneOf`/`anyOf` of `{const: v, title, description}`
//!   members → `enum` with `x-enum-varnames` (the titles) and
//!   `x-enum-descriptions`.
//! - `allOf: [{$ref: X}]` (Discord writes discriminator fields this way, next to
//!   `type` and an `enum` of the values this member allows) → `$ref: X`, with
//!   those values kept as `x-narrow` (they can tag a union member).
//! - `allOf` of several object schemas (inline or `$ref`s to any node of the
//!   document) → one object with the properties and `required` lists merged
//!   in order.
//! - `allOf` of one scalar schema (`{type: string, maxLength: 3}`) next to
//!   annotations → that schema with the annotations.
//! - `oneOf`/`anyOf` of several members and `{type: "null"}` → a nullable
//!   union of the others: `anyOf: [{oneOf: [...]}, {type: "null"}]`.
//!
//! Rewritten nodes keep their JSON pointer, so errors still point at the schema
//! the maintainer wrote. Anything that cannot be rewritten is left alone and
//! reported by `resolve` as unsupported.

use serde_json::{Map, Value};

use crate::parse::{Document, escape_token};

/// Rewrites `document.root` in place.
pub(crate) fn normalize(document: &mut Document) {
    let original = document.root.clone();
    let mut pointer = String::new();
    walk(&mut document.root, &mut pointer, Place::Schema, &original);
}

/// What a node is, as far as rewriting is concerned.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    /// A schema, or anything else that may hold schemas.
    Schema,
    /// A map of schemas by name (`properties`, `patternProperties`, `$defs`,
    /// `definitions`, `components/schemas`): its members are schemas whatever
    /// they are called, and it is no schema itself.
    Properties,
    /// Below `example`, `examples` and `x-…` members: data, left as it is.
    Data,
}

/// The keys whose value is a map from names to schemas.
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
];

/// Rewrites `node` (at `pointer`) if it is a spelling to rewrite, then its
/// members, depth first.
fn walk(node: &mut Value, pointer: &mut String, place: Place, original: &Value) {
    // A map of schemas is no schema: a property or component named `const`
    // or `allOf` is a member, not a keyword.
    if place == Place::Schema
        && let Value::Object(map) = node
        && let Some(replacement) = rewrite(map, original, pointer)
    {
        *node = replacement;
    }
    let length = pointer.len();
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_place = match place {
                    Place::Data => Place::Data,
                    Place::Properties => Place::Schema,
                    Place::Schema
                        if key == "example" || key == "examples" || key.starts_with("x-") =>
                    {
                        Place::Data
                    }
                    Place::Schema if SCHEMA_MAPS.contains(&key.as_str()) => Place::Properties,
                    Place::Schema => Place::Schema,
                };
                pointer.push('/');
                pointer.push_str(&escape_token(key));
                walk(child, pointer, child_place, original);
                pointer.truncate(length);
            }
        }
        Value::Array(items) => {
            let child_place = if place == Place::Data {
                Place::Data
            } else {
                Place::Schema
            };
            for (index, child) in items.iter_mut().enumerate() {
                pointer.push('/');
                pointer.push_str(&index.to_string());
                walk(child, pointer, child_place, original);
                pointer.truncate(length);
            }
        }
        _ => {}
    }
}

/// `oneOf: [A, B, {type: "null"}]` → `anyOf: [{oneOf: [A, B]}, {type: "null"}]`:
/// a nullable union of the other members (which may then be tagged), in the
/// `[X, null]` form `resolve` reads as `Option<X>`. The union keeps its
/// `discriminator`, `title` and `description`.
fn nullable_union(map: &Map<String, Value>, key: &str, members: &[Value]) -> Option<Value> {
    let is_null = |member: &Value| member.get("type") == Some(&Value::from("null"));
    let nulls = members.iter().filter(|member| is_null(member)).count();
    let others: Vec<Value> = members
        .iter()
        .filter(|member| !is_null(member))
        .cloned()
        .collect();
    if nulls == 0 || others.len() < 2 {
        return None;
    }
    let mut union = map.clone();
    union.insert(key.to_owned(), Value::Array(others));
    Some(or_null(union, map))
}

/// `anyOf: [inner, {type: "null"}]`, the nullable form `resolve` reads as
/// `Option<inner>`, carrying `original`'s description, title and deprecation.
fn or_null(inner: Map<String, Value>, original: &Map<String, Value>) -> Value {
    let mut wrapper = Map::new();
    for annotation in ["description", "title", "deprecated"] {
        if let Some(value) = original.get(annotation) {
            wrapper.insert(annotation.to_owned(), value.clone());
        }
    }
    wrapper.insert(
        "anyOf".to_owned(),
        Value::Array(vec![
            Value::Object(inner),
            serde_json::json!({"type": "null"}),
        ]),
    );
    Value::Object(wrapper)
}

/// The node that replaces `map`, if it is a spelling to rewrite.
fn rewrite(map: &Map<String, Value>, root: &Value, pointer: &str) -> Option<Value> {
    if let Some(value) = map.get("const") {
        if map.contains_key("enum") {
            return None;
        }
        let mut out = map.clone();
        out.remove("const");
        out.insert("enum".to_owned(), Value::Array(vec![value.clone()]));
        return Some(Value::Object(out));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get(key)
            && let Some(out) = const_union(map, key, members)
        {
            return Some(out);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get(key)
            && let Some(out) = nullable_union(map, key, members)
        {
            return Some(out);
        }
    }
    let Some(Value::Array(all_members)) = map.get("allOf") else {
        return None;
    };
    // Members that only annotate (`{description: …}`, `{nullable: true}`)
    // constrain nothing: they are folded into the node itself.
    let (annotations, members): (Vec<&Value>, Vec<&Value>) = all_members
        .iter()
        .partition(|member| is_annotation_only(member));
    if !annotations.is_empty() {
        let mut out = map.clone();
        for annotation in &annotations {
            if let Value::Object(annotation) = annotation {
                for (key, value) in annotation {
                    out.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
        }
        match members.as_slice() {
            [] => {
                out.remove("allOf");
            }
            _ => {
                out.insert(
                    "allOf".to_owned(),
                    Value::Array(members.iter().map(|m| (*m).clone()).collect()),
                );
            }
        }
        return Some(rewrite(&out, root, pointer).unwrap_or(Value::Object(out)));
    }
    let members = all_members;
    if let [only] = members.as_slice()
        && let Some(reference) = only.get("$ref")
    {
        // `allOf: [$ref]` next to `type`/`format`/a narrowing `enum`: the ref
        // says it all; keep the annotations.
        let mut out = Map::new();
        out.insert("$ref".to_owned(), reference.clone());
        for key in [
            "description",
            "title",
            "deprecated",
            "default",
            "example",
            "x-fluxer-id",
        ] {
            if let Some(value) = map.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        // A narrowing `enum` (Discord's channel `type`: the `ChannelTypes`
        // this member can have) is what tags a union member: keep its values.
        if let Some(Value::Array(values)) = map.get("enum")
            && !values.is_empty()
        {
            out.insert("x-narrow".to_owned(), Value::Array(values.clone()));
        }
        let nullable_type = matches!(map.get("type"), Some(Value::Array(types)) if types.iter().any(|t| t == "null"));
        if nullable_type || map.get("nullable") == Some(&Value::Bool(true)) {
            // Keep nullability: `anyOf: [$ref, null]`.
            return Some(or_null(out, map));
        }
        return Some(Value::Object(out));
    }
    // Merging a component into itself (directly or through copies of other
    // components) would grow the tree forever: such an `allOf` stays as it is,
    // and `resolve` reports it. The depth bound is a backstop for the same.
    let inside = |reference: &str| {
        reference
            .strip_prefix('#')
            .is_some_and(|target| pointer == target || pointer.starts_with(&format!("{target}/")))
    };
    let recursive = members
        .iter()
        .filter_map(|m| m.get("$ref").and_then(Value::as_str))
        .any(inside);
    if recursive || pointer.matches('/').count() > 128 {
        return None;
    }
    merge_all_of(map, members, root).or_else(|| merge_single(map, members, root, pointer))
}

/// `allOf` of one inline schema that is not an object (`{type: string,
/// maxLength: 3}`, left after annotations are folded in) whose keywords the
/// node does not have, or has with the same value, or only documents with
/// (its `description` wins), or `nullable` (both must allow `null`): the
/// node with those keywords, which is the same schema.
fn merge_single(
    map: &Map<String, Value>,
    members: &[Value],
    root: &Value,
    pointer: &str,
) -> Option<Value> {
    let [Value::Object(only)] = members else {
        return None;
    };
    const DOCUMENTING: [&str; 5] = ["description", "title", "example", "examples", "default"];
    let compatible = only.iter().all(|(key, value)| match map.get(key) {
        None => true,
        Some(own) => own == value || DOCUMENTING.contains(&key.as_str()) || key == "nullable",
    });
    if only.contains_key("$ref") || only.contains_key("allOf") || !compatible {
        return None;
    }
    let mut out = map.clone();
    out.remove("allOf");
    for (key, value) in only {
        out.entry(key.clone()).or_insert_with(|| value.clone());
    }
    // Both must hold: `null` is allowed only if both allow it.
    if let (Some(Value::Bool(own)), Some(Value::Bool(other))) =
        (map.get("nullable"), only.get("nullable"))
    {
        out.insert("nullable".to_owned(), Value::Bool(*own && *other));
    }
    Some(rewrite(&out, root, pointer).unwrap_or(Value::Object(out)))
}

/// Whether a schema only annotates: every keyword documents (`description`,
/// `title`, `example`, …) or allows `null` (`nullable: true`).
fn is_annotation_only(member: &Value) -> bool {
    const ANNOTATING: [&str; 9] = [
        "description",
        "title",
        "example",
        "examples",
        "default",
        "deprecated",
        "nullable",
        "readOnly",
        "writeOnly",
    ];
    match member {
        Value::Object(map) => map
            .keys()
            .all(|key| ANNOTATING.contains(&key.as_str()) || key.starts_with("x-")),
        _ => false,
    }
}

/// `oneOf: [{const: 1, title: "A"}, …]` → `enum: [1, …]` with names and docs.
fn const_union(map: &Map<String, Value>, key: &str, members: &[Value]) -> Option<Value> {
    if members.is_empty() {
        return None;
    }
    let mut values = Vec::new();
    let mut names = Vec::new();
    let mut descriptions = Vec::new();
    for member in members {
        let member = member.as_object()?;
        let value = match (member.get("const"), member.get("enum")) {
            (Some(value), None) => value.clone(),
            (None, Some(Value::Array(single))) if single.len() == 1 => single[0].clone(),
            _ => return None,
        };
        let allowed = [
            "const",
            "enum",
            "title",
            "description",
            "type",
            "format",
            "deprecated",
        ];
        if member
            .keys()
            .any(|k| !allowed.contains(&k.as_str()) && !k.starts_with("x-"))
        {
            return None;
        }
        values.push(value);
        names.push(member.get("title").cloned().unwrap_or(Value::Null));
        descriptions.push(
            member
                .get("description")
                .cloned()
                .unwrap_or_else(|| Value::String(String::new())),
        );
    }
    let mut out = map.clone();
    out.remove(key);
    out.insert("enum".to_owned(), Value::Array(values));
    if names.iter().all(Value::is_string) && !map.contains_key("x-enum-varnames") {
        out.insert("x-enum-varnames".to_owned(), Value::Array(names));
    }
    out.insert("x-enum-descriptions".to_owned(), Value::Array(descriptions));
    Some(Value::Object(out))
}

/// Merges `allOf` members that are all objects into one object schema.
fn merge_all_of(map: &Map<String, Value>, members: &[Value], root: &Value) -> Option<Value> {
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    let mut additional = None;
    for member in members {
        // Not all objects: left alone, and `resolve` reports `allOf` if the schema is used.
        let object = object_of(member, root, 0)?;
        absorb(&object, &mut properties, &mut required);
        if let Some(extra) = object.get("additionalProperties") {
            additional = Some(extra.clone());
        }
    }
    // The node's own properties count too.
    absorb(map, &mut properties, &mut required);
    let mut out = Map::new();
    for key in ["description", "title", "deprecated", "example", "examples"] {
        if let Some(value) = map.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    out.insert("type".to_owned(), Value::from("object"));
    out.insert("properties".to_owned(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".to_owned(), Value::Array(required));
    }
    if let Some(extra) = additional.or_else(|| map.get("additionalProperties").cloned()) {
        out.insert("additionalProperties".to_owned(), extra);
    }
    Some(Value::Object(out))
}

/// The object schema a member stands for, following `$ref`s and nested `allOf`.
fn object_of(member: &Value, root: &Value, depth: usize) -> Option<Map<String, Value>> {
    if depth > 16 {
        return None;
    }
    let map = member.as_object()?;
    if let Some(Value::String(reference)) = map.get("$ref") {
        // Any node of the document: a component, `#/components/schemas/A/properties/b`, ….
        let (target, _) = crate::resolve::refs::target(root, reference).ok()?;
        return object_of(target, root, depth + 1);
    }
    if let Some(Value::Array(members)) = map.get("allOf") {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for member in members {
            absorb(
                &object_of(member, root, depth + 1)?,
                &mut properties,
                &mut required,
            );
        }
        absorb(map, &mut properties, &mut required);
        let mut merged = Map::new();
        merged.insert("properties".to_owned(), Value::Object(properties));
        merged.insert("required".to_owned(), Value::Array(required));
        return Some(merged);
    }
    let is_object = map.get("type").is_none_or(|t| t == "object")
        && !map.contains_key("oneOf")
        && !map.contains_key("anyOf")
        && !map.contains_key("enum");
    is_object.then(|| map.clone())
}

/// Adds an object schema's `properties` (later ones win) and `required` names
/// (each once) to those being merged.
fn absorb(
    object: &Map<String, Value>,
    properties: &mut Map<String, Value>,
    required: &mut Vec<Value>,
) {
    if let Some(Value::Object(more)) = object.get("properties") {
        for (name, schema) in more {
            properties.insert(name.clone(), schema.clone());
        }
    }
    if let Some(Value::Array(names)) = object.get("required") {
        for name in names {
            if !required.contains(name) {
                required.push(name.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(yaml: &str) -> Value {
        let mut document = crate::parse::parse("test.yaml", yaml).expect("parses");
        normalize(&mut document);
        document.root
    }

    #[test]
    fn examples_and_extensions_are_data_but_properties_of_those_names_are_schemas() {
        let root = normalized(
            "properties:\n  example: {const: 1}\n  x-tag: {const: a}\nexample: {const: 2}\nx-note: {const: 3}\n",
        );
        assert_eq!(
            root["properties"]["example"],
            serde_json::json!({"enum": [1]})
        );
        assert_eq!(
            root["properties"]["x-tag"],
            serde_json::json!({"enum": ["a"]})
        );
        assert_eq!(root["example"], serde_json::json!({"const": 2}));
        assert_eq!(root["x-note"], serde_json::json!({"const": 3}));
    }

    #[test]
    fn a_union_with_a_null_member_becomes_a_nullable_union_of_the_others() {
        let root = normalized(
            "oneOf:\n  - $ref: '#/a'\n  - type: 'null'\n  - $ref: '#/b'\ndescription: d\ndiscriminator: {propertyName: t}\n",
        );
        assert_eq!(
            root,
            serde_json::json!({
                "description": "d",
                "anyOf": [
                    {
                        "oneOf": [{"$ref": "#/a"}, {"$ref": "#/b"}],
                        "description": "d",
                        "discriminator": {"propertyName": "t"}
                    },
                    {"type": "null"}
                ]
            })
        );
        // `[X, null]` is already the nullable form.
        let root = normalized("anyOf:\n  - type: string\n  - type: 'null'\n");
        assert_eq!(root["anyOf"][0], serde_json::json!({"type": "string"}));
    }

    #[test]
    fn a_nullable_single_ref_all_of_keeps_its_annotations_on_the_wrapper() {
        let root = normalized(
            "allOf:\n  - $ref: '#/a'\nnullable: true\ndeprecated: true\ndescription: d\n",
        );
        assert_eq!(root["deprecated"], serde_json::json!(true));
        assert_eq!(root["description"], serde_json::json!("d"));
        assert_eq!(root["anyOf"][0]["$ref"], serde_json::json!("#/a"));
        assert_eq!(root["anyOf"][1], serde_json::json!({"type": "null"}));
    }

    #[test]
    fn annotation_only_members_of_all_of_annotate_the_node() {
        let root = normalized("allOf:\n  - $ref: '#/a'\n  - description: d\n  - nullable: true\n");
        assert_eq!(root["description"], serde_json::json!("d"));
        assert_eq!(root["anyOf"][0]["$ref"], serde_json::json!("#/a"));
        assert_eq!(root["anyOf"][1], serde_json::json!({"type": "null"}));
        let root = normalized("type: string\nallOf:\n  - title: t\n");
        assert_eq!(root, serde_json::json!({"type": "string", "title": "t"}));
    }

    #[test]
    fn properties_named_like_keywords_are_members() {
        for map in ["properties", "$defs", "schemas"] {
            let root = normalized(&format!(
                "{map}:\n  const: {{type: string}}\n  allOf: {{type: integer}}\n"
            ));
            assert_eq!(
                root[map],
                serde_json::json!({"const": {"type": "string"}, "allOf": {"type": "integer"}}),
                "{map}"
            );
        }
    }

    #[test]
    fn nodes_below_a_rewritten_node_are_rewritten_too() {
        let root = normalized(
            "items:\n  - oneOf:\n      - {const: a, title: A}\n      - {const: b, title: B}\n",
        );
        assert_eq!(root["items"][0]["enum"], serde_json::json!(["a", "b"]));
    }
}
