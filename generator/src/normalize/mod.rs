//! Stage 1½: rewrites equivalent spellings of a schema into the core subset
//! that `resolve` reads, so `resolve` has one way to see each construct.
//!
//! - `const: v` → `enum: [v]`.
//! - An enum written as `oneOf`/`anyOf` of `{const: v, title, description}`
//!   members → `enum`, with the titles and descriptions as the variants'
//!   names and docs in the [`Findings`].
//! - `oneOf`/`anyOf` of several members and `{type: "null"}` → a nullable
//!   union of the others: `anyOf: [{oneOf: [...]}, {type: "null"}]`.
//! - A `type` list of several non-null types (JSON Schema 2020-12) → a
//!   `oneOf` of one schema per type, each with the keywords that apply to
//!   its type (`minLength` to the string, `minimum` to the number), nullable
//!   when the list has `"null"`.
//! - In OpenAPI 3.1, keywords next to a `$ref` apply too: `{$ref: X, …}` is
//!   `allOf: [{$ref: X}, {…}]`, rewritten as below when it can be merged (a
//!   `type` that restates the target's is dropped). In OpenAPI 3.0 they are
//!   left for `resolve`, which ignores them, as 3.0 says.
//! - `allOf`: members that only annotate (`{description}`, `{nullable:
//!   true}`) are folded into the node; `allOf: [{$ref: X}]` (Discord writes
//!   discriminator fields this way, next to `type` and an `enum` of the
//!   values this member allows) → `$ref: X`, with those values kept in the
//!   [`Findings`] (they can tag a union member); members that only restate
//!   what one `$ref` member says → that `$ref`, so its named type is kept;
//!   several object schemas (inline or `$ref`s) → one object with the
//!   properties and `required` lists merged in order; several scalar or
//!   array schemas → one schema with the tighter of their bounds; a union
//!   and objects → the union of each variant merged with the objects (the
//!   variant's `$ref` kept in the [`Findings`] for the `discriminator`'s
//!   `mapping`).
//!
//! Rewritten nodes keep their JSON pointer, and where a rewrite moves a node
//! (a property merged from another component, a branch of a `type` list) it
//! records where the node was written in the document's [`Origins`], so
//! problems still point at what the maintainer wrote. What the rewritten
//! tree cannot say in the document's own keywords (the names and docs of an
//! enum's variants, the values an `allOf` narrows a `$ref` to, the `$ref` a
//! variant was) is returned as [`Findings`], keyed by pointer; no keyword is
//! invented in the tree.
//! Anything that cannot be rewritten is left alone and reported by `resolve`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::parse::{Document, Origins};
use crate::vocab::keywords::{ANNOTATIONS, SCHEMA_MAPS, applies_to, is_extension};
use crate::vocab::pointer::{escape_token, push_token, unescape_token};
use crate::vocab::refs::{siblings_apply, target};
use crate::vocab::types::{json_type_is, json_type_of, type_adds_null, type_restates};

mod all_of;
mod findings;
mod merge;
mod references;
mod unions;

use all_of::{all_of, union_beside_members};
pub(crate) use findings::Findings;
use merge::{Object, merge_objects, merge_scalars, merged_nullable};
use references::{recursive_reference, reference_siblings};
use unions::{const_union, nullable_union, type_list_union};

/// Rewrites `document.root` in place, records where moved nodes came from,
/// and returns what it found about the rewritten nodes.
pub(crate) fn normalize(document: &mut Document) -> Findings {
    let written = document.root.clone();
    let mut context = Context {
        written: &written,
        siblings_apply: siblings_apply(&written),
        origins: Origins::default(),
        findings: Findings::default(),
    };
    let mut pointer = String::new();
    walk(
        &mut document.root,
        &mut pointer,
        Place::Schema,
        &mut context,
    );
    document.origins = context.origins;
    context.findings
}

/// What the rewrites read besides the node: the document as written (where
/// `$ref`s are followed), its dialect, and the origins recorded and the
/// findings made so far.
struct Context<'a> {
    written: &'a Value,
    siblings_apply: bool,
    origins: Origins,
    findings: Findings,
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

/// How many times one node may be rewritten: each rewrite removes the
/// spelling it matched, so a handful is plenty; the bound is a backstop.
const MAX_REWRITES: usize = 8;

/// Rewrites `node` (at `pointer`) while it is a spelling to rewrite, then its
/// members, depth first.
fn walk(node: &mut Value, pointer: &mut String, place: Place, context: &mut Context<'_>) {
    // A map of schemas is no schema: a property or component named `const`
    // or `allOf` is a member, not a keyword.
    if place == Place::Schema {
        for _ in 0..MAX_REWRITES {
            let Value::Object(map) = node else { break };
            let Some(replacement) = rewrite(map, pointer, context) else {
                break;
            };
            *node = replacement;
        }
    }
    let length = pointer.len();
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_place = match place {
                    Place::Data => Place::Data,
                    Place::Properties => Place::Schema,
                    Place::Schema if key == "example" || key == "examples" || is_extension(key) => {
                        Place::Data
                    }
                    Place::Schema if SCHEMA_MAPS.contains(&key.as_str()) => Place::Properties,
                    Place::Schema => Place::Schema,
                };
                push_token(pointer, key);
                walk(child, pointer, child_place, context);
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
                walk(child, pointer, child_place, context);
                pointer.truncate(length);
            }
        }
        _ => {}
    }
}

/// The node that replaces `map` (at `pointer`), if it is a spelling to rewrite.
fn rewrite(map: &Map<String, Value>, pointer: &str, context: &mut Context<'_>) -> Option<Value> {
    if let Some(value) = map.get("const") {
        if map.contains_key("enum") {
            return None;
        }
        let mut out = map.clone();
        out.remove("const");
        out.insert("enum".to_owned(), Value::Array(vec![value.clone()]));
        context
            .origins
            .record(format!("{pointer}/enum/0"), &format!("{pointer}/const"));
        return Some(Value::Object(out));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get(key)
            && let Some(out) = const_union(map, key, members, pointer, context)
        {
            return Some(out);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get(key)
            && let Some(out) = nullable_union(map, key, members, pointer, context)
        {
            return Some(out);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get(key)
            && let Some(out) = union_beside_members(map, key, members, pointer, context)
        {
            return Some(out);
        }
    }
    if let Some(out) = type_list_union(map, pointer, context) {
        return Some(out);
    }
    if let Some(out) = recursive_reference(map, pointer, context) {
        return Some(out);
    }
    if map.contains_key("$ref") {
        return reference_siblings(map, pointer, context);
    }
    let Some(Value::Array(members)) = map.get("allOf") else {
        return None;
    };
    all_of(map, members, pointer, context)
}

/// Whether `key` only documents a schema (or, `nullable`, allows `null`).
fn is_annotation(key: &str) -> bool {
    key == "nullable" || ANNOTATIONS.contains(&key) || is_extension(key)
}

/// Whether a schema is nullable by OpenAPI 3.0's flag or a `type` list with `"null"`.
fn is_nullable(map: &Map<String, Value>) -> bool {
    map.get("nullable") == Some(&Value::Bool(true))
        || matches!(map.get("type"), Some(Value::Array(types)) if types.iter().any(|t| t == "null"))
}

/// `anyOf: [inner, {type: "null"}]`, the nullable form `resolve` reads as
/// `Option<inner>`, carrying `original`'s description, title and deprecation.
/// `inner` is the node at `pointer` one level down: what was found about that
/// node moves with it.
fn or_null(
    inner: Map<String, Value>,
    original: &Map<String, Value>,
    pointer: &str,
    context: &mut Context<'_>,
) -> Value {
    context
        .findings
        .moved(pointer, &format!("{pointer}/anyOf/0"));
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

/// The node a `$ref` names in the document as written, and its pointer.
fn follow<'v>(written: &'v Value, reference: &str) -> Option<(&'v Value, String)> {
    target(written, reference).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(yaml: &str) -> Value {
        normalized_and_found(yaml).0
    }

    fn normalized_and_found(yaml: &str) -> (Value, Findings) {
        let mut document = crate::parse::parse("test.yaml", yaml).expect("parses");
        let findings = normalize(&mut document);
        (document.root, findings)
    }

    /// Whether any object of the tree has a key starting with `x-`.
    fn has_extension(value: &Value) -> bool {
        match value {
            Value::Object(map) => map
                .iter()
                .any(|(key, value)| is_extension(key) || has_extension(value)),
            Value::Array(items) => items.iter().any(has_extension),
            _ => false,
        }
    }

    #[test]
    fn a_narrowing_enum_is_found_beside_the_plain_ref_and_moves_with_it_when_nullable() {
        let (root, findings) = normalized_and_found(
            "properties:\n  a:\n    allOf: [{$ref: '#/t'}]\n    enum: [1, 2]\n  b:\n    allOf: [{$ref: '#/t'}]\n    enum: [3]\n    nullable: true\n",
        );
        assert_eq!(root["properties"]["a"], serde_json::json!({"$ref": "#/t"}));
        assert_eq!(
            root["properties"]["b"]["anyOf"][0],
            serde_json::json!({"$ref": "#/t"})
        );
        assert!(!has_extension(&root), "{root}");
        let narrowed: Vec<(&str, &Vec<Value>)> = findings
            .narrowed
            .iter()
            .map(|(pointer, values)| (pointer.as_str(), values))
            .collect();
        assert_eq!(
            narrowed,
            [
                ("/properties/a", &vec![Value::from(1), Value::from(2)]),
                ("/properties/b/anyOf/0", &vec![Value::from(3)]),
            ]
        );
    }

    #[test]
    fn the_titles_of_a_const_union_are_found_and_names_written_on_the_node_win() {
        let (root, findings) = normalized_and_found(
            "properties:\n  a:\n    oneOf:\n      - {const: x, title: Ex, description: The x.}\n      - {const: y, title: Why}\n  b:\n    x-enum-varnames: [X, Y]\n    oneOf:\n      - {const: x, title: Ex}\n      - {const: y, title: Why}\n  c:\n    oneOf:\n      - {const: x, title: Ex}\n      - {const: y}\n",
        );
        assert_eq!(
            root["properties"]["a"],
            serde_json::json!({"enum": ["x", "y"]})
        );
        assert_eq!(
            findings.enum_names.get("/properties/a"),
            Some(&vec!["Ex".to_owned(), "Why".to_owned()])
        );
        assert_eq!(
            findings.enum_descriptions.get("/properties/a"),
            Some(&vec!["The x.".to_owned(), String::new()])
        );
        // Written names stay in the tree and are read there.
        assert_eq!(
            root["properties"]["b"]["x-enum-varnames"],
            serde_json::json!(["X", "Y"])
        );
        assert!(!findings.enum_names.contains_key("/properties/b"));
        // Without a title for every member there are no names.
        assert!(!findings.enum_names.contains_key("/properties/c"));
        assert!(findings.enum_descriptions.contains_key("/properties/c"));
    }

    #[test]
    fn each_variant_of_a_distributed_union_is_found_with_the_ref_it_was() {
        let (root, findings) = normalized_and_found(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    U:\n      oneOf: [{$ref: '#/components/schemas/A'}, {title: B, type: object}]\n    A: {type: object}\n    S:\n      allOf:\n        - $ref: '#/components/schemas/U'\n        - {type: object, properties: {n: {type: integer}}}\n",
        );
        let variants = &root["components"]["schemas"]["S"]["oneOf"];
        assert_eq!(variants[0]["title"], "A");
        assert!(!has_extension(&root), "{root}");
        let variant_refs: Vec<(&str, &str)> = findings
            .variant_refs
            .iter()
            .map(|(pointer, reference)| (pointer.as_str(), reference.as_str()))
            .collect();
        assert_eq!(
            variant_refs,
            [("/components/schemas/S/oneOf/0", "#/components/schemas/A")]
        );
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
