//! Stage 1½: rewrites equivalent spellings of a schema into the core subset
//! that `resolve` reads, so `resolve` has one way to see each construct.
//!
//! - `const: v` → `enum: [v]`.
//! - An enum written as `oneOf`/`anyOf` of `{const: v, title, description}`
//!   members → `enum` with `x-enum-varnames` (the titles) and
//!   `x-enum-descriptions`.
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
//!   values this member allows) → `$ref: X`, with those values kept as
//!   `x-narrow` (they can tag a union member); members that only restate
//!   what one `$ref` member says → that `$ref`, so its named type is kept;
//!   several object schemas (inline or `$ref`s) → one object with the
//!   properties and `required` lists merged in order; several scalar or
//!   array schemas → one schema with the tighter of their bounds.
//!
//! Rewritten nodes keep their JSON pointer, and where a rewrite moves a node
//! (a property merged from another component, a branch of a `type` list) it
//! records where the node was written in the document's [`Origins`], so
//! problems still point at what the maintainer wrote. Anything that cannot
//! be rewritten is left alone and reported by `resolve`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::parse::{Document, Origins, escape_token};
use crate::resolve::read::{ANNOTATIONS, is_extension};
use crate::resolve::refs::target;

/// Rewrites `document.root` in place and records where moved nodes came from.
pub(crate) fn normalize(document: &mut Document) {
    let written = document.root.clone();
    let mut context = Context {
        written: &written,
        siblings_apply: siblings_apply(&written),
        origins: Origins::default(),
    };
    let mut pointer = String::new();
    walk(
        &mut document.root,
        &mut pointer,
        Place::Schema,
        &mut context,
    );
    document.origins = context.origins;
}

/// Whether keywords next to a `$ref` apply: from OpenAPI 3.1 on (JSON Schema
/// 2020-12); OpenAPI 3.0 ignores them.
pub(crate) fn siblings_apply(root: &Value) -> bool {
    root.get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|version| !version.starts_with("3.0") && !version.starts_with('2'))
}

/// Whether `sibling`, the `type` written next to a `$ref`, only restates the
/// type of `target`, the schema the `$ref` names (Mastodon writes `type:
/// string` next to a `$ref` to a string enum): ignoring it loses nothing.
pub(crate) fn type_restates(sibling: &Value, target: &Value) -> bool {
    match target.get("type") {
        Some(ty) => ty == sibling,
        None => match (sibling.as_str(), target.get("enum")) {
            (Some(name), Some(Value::Array(values))) => {
                !values.is_empty() && values.iter().all(|value| json_type_is(value, name))
            }
            (Some("object"), None) => target.get("properties").is_some(),
            _ => false,
        },
    }
}

/// Whether `sibling`, the `type` next to a `$ref`, is the type of `target`
/// and `"null"` (`[string, "null"]` next to a string): the writer means the
/// target, nullable, and it is read so.
pub(crate) fn type_adds_null(sibling: &Value, target: &Value) -> bool {
    let Value::Array(types) = sibling else {
        return false;
    };
    let others: Vec<&Value> = types.iter().filter(|ty| *ty != "null").collect();
    match others.as_slice() {
        [only] => types.len() == 2 && type_restates(only, target),
        _ => false,
    }
}

/// What the rewrites read besides the node: the document as written (where
/// `$ref`s are followed), its dialect, and the origins recorded so far.
struct Context<'a> {
    written: &'a Value,
    siblings_apply: bool,
    origins: Origins,
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
    if let Some(out) = type_list_union(map, pointer, context) {
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

/// The JSON Schema type of a JSON value (`integer` for whole numbers).
fn json_type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether a JSON value has the JSON Schema type `name`.
fn json_type_is(value: &Value, name: &str) -> bool {
    match name {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => false,
    }
}

/// The keywords that apply to instances of one JSON type (JSON Schema's
/// validation vocabulary); `format` and `enum` are handled apart.
fn applies_to(key: &str, name: &str) -> bool {
    const STRING: &[&str] = &[
        "minLength",
        "maxLength",
        "pattern",
        "contentEncoding",
        "contentMediaType",
    ];
    const NUMBER: &[&str] = &[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ];
    const ARRAY: &[&str] = &[
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
        "minContains",
        "maxContains",
        "additionalItems",
    ];
    const OBJECT: &[&str] = &[
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "dependentSchemas",
        "discriminator",
    ];
    let keys = match name {
        "string" => STRING,
        "integer" | "number" => NUMBER,
        "array" => ARRAY,
        "object" => OBJECT,
        _ => &[],
    };
    keys.contains(&key)
}

/// `type: [string, integer, …]` (several non-null types), or an `enum` of
/// values of several types (`[1, "two"]`), → `oneOf` of one schema per type,
/// each with the keywords and `enum` values of its type; nullable when the
/// list has `"null"`. Keywords that apply to none of the types go to the
/// first branch, where `resolve` says they are ignored.
fn type_list_union(
    map: &Map<String, Value>,
    pointer: &str,
    context: &mut Context<'_>,
) -> Option<Value> {
    let combined = ["oneOf", "anyOf", "allOf", "$ref"];
    if combined.iter().any(|key| map.contains_key(*key)) {
        return None;
    }
    // Each type, and where it is written.
    let mut names: Vec<(&str, String)> = Vec::new();
    match (map.get("type"), map.get("enum")) {
        (Some(Value::Array(types)), _) => {
            for (index, name) in types.iter().enumerate() {
                if let Some(name) = name.as_str().filter(|name| *name != "null") {
                    names.push((name, format!("{pointer}/type/{index}")));
                }
            }
        }
        (None, Some(Value::Array(values))) => {
            for (index, value) in values.iter().enumerate() {
                let name = json_type_of(value);
                if name != "null" && !names.iter().any(|(known, _)| *known == name) {
                    names.push((name, format!("{pointer}/enum/{index}")));
                }
            }
        }
        _ => {}
    }
    if names.len() < 2 {
        return None;
    }
    let values = match map.get("enum") {
        Some(Value::Array(values)) => Some(values),
        _ => None,
    };
    let nullable =
        is_nullable(map) || values.is_some_and(|values| values.iter().any(Value::is_null));
    let union_pointer = if nullable {
        format!("{pointer}/anyOf/0")
    } else {
        pointer.to_owned()
    };
    let mut branches = Vec::new();
    for (name, type_pointer) in &names {
        let mut branch = Map::new();
        branch.insert("type".to_owned(), Value::from(*name));
        let at = format!("{union_pointer}/oneOf/{}", branches.len());
        if let Some(values) = values {
            let mut own = Vec::new();
            for (value_index, value) in values.iter().enumerate() {
                if json_type_is(value, name) {
                    context.origins.record(
                        format!("{at}/enum/{}", own.len()),
                        &format!("{pointer}/enum/{value_index}"),
                    );
                    own.push(value.clone());
                }
            }
            if own.is_empty() {
                continue;
            }
            branch.insert("enum".to_owned(), Value::Array(own));
        }
        for (key, value) in map {
            let first = branches.is_empty();
            let lost = !is_annotation(key)
                && !names.iter().any(|(name, _)| applies_to(key, name))
                && !matches!(key.as_str(), "type" | "enum" | "format" | "nullable");
            if key == "format" || applies_to(key, name) || (first && lost) {
                branch.insert(key.clone(), value.clone());
            }
        }
        context.origins.record(at.clone(), pointer);
        context.origins.record(format!("{at}/type"), type_pointer);
        branches.push(Value::Object(branch));
    }
    let mut union = Map::new();
    for (key, value) in map {
        if is_annotation(key) && key != "nullable" {
            union.insert(key.clone(), value.clone());
        }
    }
    union.insert("oneOf".to_owned(), Value::Array(branches));
    if nullable {
        context.origins.record(union_pointer, pointer);
        context
            .origins
            .record(format!("{pointer}/anyOf/1"), &format!("{pointer}/type"));
        return Some(or_null(union, map));
    }
    Some(Value::Object(union))
}

/// OpenAPI 3.1: `{$ref: X, more…}` → `allOf: [{$ref: X}, {more…}]`, kept
/// only when [`all_of`] can merge it; annotations stay on the node and a
/// `type` that restates the target's is dropped. Otherwise (OpenAPI 3.0, or
/// siblings that cannot be merged) the node is left for `resolve`, which
/// says which siblings it ignores.
fn reference_siblings(
    map: &Map<String, Value>,
    pointer: &str,
    context: &mut Context<'_>,
) -> Option<Value> {
    if !context.siblings_apply {
        return None;
    }
    let reference = map.get("$ref")?;
    let target = follow(context.written, reference.as_str()?).map(|(target, _)| target);
    let mut node = Map::new();
    let mut more = Map::new();
    for (key, value) in map {
        if key == "$ref" || is_annotation(key) {
            node.insert(key.clone(), value.clone());
        } else if key == "type" && target.is_some_and(|target| type_restates(value, target)) {
            // Says what the target says: dropped, so the `$ref` stays plain.
        } else if key == "type" && target.is_some_and(|target| type_adds_null(value, target)) {
            // The target's type or `null` (Mastodon's `type: [string, null]`
            // next to a `$ref` to a string enum): a nullable use of it.
            node.insert("nullable".to_owned(), Value::Bool(true));
        } else {
            more.insert(key.clone(), value.clone());
        }
    }
    if more.is_empty() {
        return (node.len() < map.len()).then_some(Value::Object(node));
    }
    let reference_only = Map::from_iter([("$ref".to_owned(), reference.clone())]);
    node.remove("$ref");
    let members = vec![Value::Object(reference_only), Value::Object(more)];
    context
        .origins
        .record(format!("{pointer}/allOf/0"), pointer);
    context
        .origins
        .record(format!("{pointer}/allOf/1"), pointer);
    all_of(&node, &members, pointer, context)
}

/// `allOf: members` on `map` (at `pointer`), in the first form that fits:
/// annotation-only members folded in; one `$ref` member; members that only
/// restate one `$ref` member; objects merged; scalars or arrays merged.
/// `None` leaves the node for `resolve`, which says it is not merged.
fn all_of(
    map: &Map<String, Value>,
    members: &[Value],
    pointer: &str,
    context: &mut Context<'_>,
) -> Option<Value> {
    // Members that only annotate (`{description: …}`, `{nullable: true}`)
    // constrain nothing: they are folded into the node itself.
    if members.iter().any(is_annotation_only) {
        let mut out = map.clone();
        let mut kept = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let Value::Object(annotation) = member else {
                continue;
            };
            if !is_annotation_only(member) {
                context.origins.record(
                    format!("{pointer}/allOf/{}", kept.len()),
                    &format!("{pointer}/allOf/{index}"),
                );
                kept.push(member.clone());
                continue;
            }
            for (key, value) in annotation {
                if !out.contains_key(key) {
                    context.origins.record(
                        format!("{pointer}/{}", escape_token(key)),
                        &format!("{pointer}/allOf/{index}/{}", escape_token(key)),
                    );
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if kept.is_empty() {
            out.remove("allOf");
        } else {
            out.insert("allOf".to_owned(), Value::Array(kept));
        }
        return Some(Value::Object(out));
    }
    if let [only] = members
        && let Some(reference) = only.get("$ref")
    {
        return Some(single_reference(map, reference, pointer, context));
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
    if let Some(reference) = restated_reference(members, context.written) {
        return Some(single_reference(map, reference, pointer, context));
    }
    let written: Vec<String> = (0..members.len())
        .map(|index| context.origins.written(&format!("{pointer}/allOf/{index}")))
        .collect();
    let own = context.origins.written(pointer);
    let Some(merged) = merge_objects(map, members, &written, &own, context.written)
        .or_else(|| merge_scalars(map, members, &written, &own, context.written))
    else {
        return distribute_union(map, members, pointer, context);
    };
    let (out, origins) = merged;
    let nullable = merged_nullable(map, members, context.written);
    let base = if nullable {
        format!("{pointer}/anyOf/0")
    } else {
        pointer.to_owned()
    };
    for (key, from) in origins {
        context
            .origins
            .record_written(format!("{base}/{key}"), from);
    }
    if nullable {
        context.origins.record(base, pointer);
        return Some(or_null(out, map));
    }
    Some(Value::Object(out))
}

/// The extension on a variant [`distribute_union`] made, naming the `$ref`
/// the variant was, so a `discriminator`'s `mapping` still finds it.
pub(crate) const VARIANT_REF: &str = "x-variant-ref";

/// `allOf: [U, O…]` where `U` is a union (`oneOf`/`anyOf`, inline or behind a
/// `$ref`) and the other members are objects (OpenAI adds a `stream_id` to
/// every event of a union this way) → the union of `allOf: [Uᵢ, O…]` for each
/// variant `Uᵢ`, which is the same set of values; the union keeps its
/// `discriminator`, and each variant its name (its `title`, or the
/// component its `$ref` names).
fn distribute_union(
    map: &Map<String, Value>,
    members: &[Value],
    pointer: &str,
    context: &mut Context<'_>,
) -> Option<Value> {
    let written = context.written;
    let union_of = |member: &Value| -> Option<(Map<String, Value>, String)> {
        let member = member.as_object()?;
        let (union, at) = match member.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let (target, at) = follow(written, reference)?;
                (target.as_object()?, at)
            }
            None => (member, String::new()),
        };
        ["oneOf", "anyOf"]
            .iter()
            .any(|key| union.contains_key(*key))
            .then(|| (union.clone(), at))
    };
    let mut unions = members
        .iter()
        .enumerate()
        .filter_map(|(index, member)| Some((index, union_of(member)?)));
    let (union_index, (union, union_at)) = unions.next()?;
    if unions.next().is_some() {
        return None;
    }
    let union_at = if union_at.is_empty() {
        context
            .origins
            .written(&format!("{pointer}/allOf/{union_index}"))
    } else {
        union_at
    };
    let key = if union.contains_key("oneOf") {
        "oneOf"
    } else {
        "anyOf"
    };
    let Some(Value::Array(variants)) = union.get(key) else {
        return None;
    };
    // The other members, and the node's own properties, must be objects.
    let mut others: Vec<(Value, String)> = Vec::new();
    for (index, member) in members.iter().enumerate() {
        if index == union_index {
            continue;
        }
        let at = context.origins.written(&format!("{pointer}/allOf/{index}"));
        Object::default().add(member, &at, context.written, 0)?;
        others.push((member.clone(), at));
    }
    if map.contains_key("properties") || map.contains_key("required") {
        let own: Map<String, Value> = ["properties", "required"]
            .iter()
            .filter_map(|key| Some(((*key).to_owned(), map.get(*key)?.clone())))
            .collect();
        others.push((Value::Object(own), context.origins.written(pointer)));
    }
    let mut distributed = Vec::new();
    for (index, variant) in variants.iter().enumerate() {
        let at = format!("{pointer}/{key}/{index}");
        let mut parts = vec![variant.clone()];
        context
            .origins
            .record_written(format!("{at}/allOf/0"), format!("{union_at}/{key}/{index}"));
        for (other, other_at) in &others {
            context
                .origins
                .record_written(format!("{at}/allOf/{}", parts.len()), other_at.clone());
            parts.push(other.clone());
        }
        context
            .origins
            .record_written(at, format!("{union_at}/{key}/{index}"));
        let mut wrapper = Map::new();
        let title = variant.get("title").cloned().or_else(|| {
            let reference = variant.get("$ref")?.as_str()?;
            let name = reference.strip_prefix("#/components/schemas/")?;
            (!name.contains('/')).then(|| Value::from(crate::parse::unescape_token(name)))
        });
        if let Some(title) = title {
            wrapper.insert("title".to_owned(), title);
        }
        if let Some(reference) = variant.get("$ref") {
            wrapper.insert(VARIANT_REF.to_owned(), reference.clone());
        }
        wrapper.insert("allOf".to_owned(), Value::Array(parts));
        distributed.push(Value::Object(wrapper));
    }
    let mut out = Map::new();
    for (key, value) in map {
        if is_annotation(key) {
            out.insert(key.clone(), value.clone());
        }
    }
    if let Some(discriminator) = union.get("discriminator") {
        out.insert("discriminator".to_owned(), discriminator.clone());
    }
    out.insert(key.to_owned(), Value::Array(distributed));
    Some(Value::Object(out))
}

/// Whether merged `allOf` members allow `null`: the node says so (`allOf:
/// [A, B]` next to `nullable: true`, OpenAPI 3.0's idiom), or a member says so
/// and every other schema allows it too (`[{type: string, nullable: true},
/// {nullable: false}]` does not: all must hold).
fn merged_nullable(map: &Map<String, Value>, members: &[Value], written: &Value) -> bool {
    if is_nullable(map) {
        return true;
    }
    let admits_null = |schema: &Map<String, Value>| {
        let schema = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => match follow(written, reference).and_then(|(t, _)| t.as_object()) {
                Some(target) => return is_nullable(target),
                None => return false,
            },
            None => schema,
        };
        is_nullable(schema)
            || (!schema.contains_key("type")
                && !schema.contains_key("enum")
                && schema.get("nullable") != Some(&Value::Bool(false)))
    };
    let members: Vec<&Map<String, Value>> = members.iter().filter_map(Value::as_object).collect();
    members.iter().any(|member| is_nullable(member))
        && admits_null(map)
        && members.iter().all(|member| admits_null(member))
}

/// `allOf: [{$ref: X}]` (or members that only restate `X`) → `$ref: X`, with
/// the node's annotations; a narrowing `enum` (Discord's channel `type`: the
/// `ChannelTypes` this member can have) is kept as `x-narrow`, since it is
/// what tags a union member; nullability is kept as `anyOf: [$ref, null]`.
fn single_reference(
    map: &Map<String, Value>,
    reference: &Value,
    pointer: &str,
    context: &mut Context<'_>,
) -> Value {
    let mut out = Map::new();
    out.insert("$ref".to_owned(), reference.clone());
    for (key, value) in map {
        if is_annotation(key) && key != "nullable" {
            out.insert(key.clone(), value.clone());
        }
    }
    if let Some(Value::Array(values)) = map.get("enum")
        && !values.is_empty()
    {
        out.insert("x-narrow".to_owned(), Value::Array(values.clone()));
    }
    if is_nullable(map) {
        context
            .origins
            .record(format!("{pointer}/anyOf/0"), pointer);
        return or_null(out, map);
    }
    Value::Object(out)
}

/// The `$ref` of the one member every other member only restates: each of
/// their keywords is an annotation or says what the target says
/// (`allOf: [{$ref: Thing}, {type: object}]`), so the named type is kept.
fn restated_reference<'v>(members: &'v [Value], written: &Value) -> Option<&'v Value> {
    let mut references = members.iter().filter_map(|member| member.get("$ref"));
    let reference = references.next()?;
    if references.next().is_some() {
        return None;
    }
    let (target, _) = follow(written, reference.as_str()?)?;
    let restates = |member: &Value| match member {
        Value::Object(map) if map.get("$ref").is_none() => map.iter().all(|(key, value)| {
            is_annotation(key)
                || target.get(key) == Some(value)
                || (key == "type" && type_restates(value, target))
        }),
        _ => member.get("$ref").is_some(),
    };
    members.iter().all(restates).then_some(reference)
}

/// Whether a schema only annotates: every keyword documents (`description`,
/// `title`, `example`, …) or allows `null` (`nullable: true`).
fn is_annotation_only(member: &Value) -> bool {
    match member {
        Value::Object(map) => map.keys().all(|key| is_annotation(key)),
        _ => false,
    }
}

/// `oneOf: [A, B, {type: "null"}]` → `anyOf: [{oneOf: [A, B]}, {type: "null"}]`:
/// a nullable union of the other members (which may then be tagged), in the
/// `[X, null]` form `resolve` reads as `Option<X>`. The union keeps its
/// `discriminator`, `title` and `description`.
fn nullable_union(
    map: &Map<String, Value>,
    key: &str,
    members: &[Value],
    pointer: &str,
    context: &mut Context<'_>,
) -> Option<Value> {
    let is_null = |member: &Value| member.get("type") == Some(&Value::from("null"));
    let nulls = members.iter().filter(|member| is_null(member)).count();
    if nulls == 0 || members.len() - nulls < 2 {
        return None;
    }
    let mut others = Vec::new();
    for (index, member) in members.iter().enumerate() {
        if is_null(member) {
            context.origins.record(
                format!("{pointer}/anyOf/1"),
                &format!("{pointer}/{key}/{index}"),
            );
        } else {
            context.origins.record(
                format!("{pointer}/anyOf/0/{key}/{}", others.len()),
                &format!("{pointer}/{key}/{index}"),
            );
            others.push(member.clone());
        }
    }
    context
        .origins
        .record(format!("{pointer}/anyOf/0"), pointer);
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

/// `oneOf: [{const: 1, title: "A"}, …]` → `enum: [1, …]` with names and docs.
fn const_union(
    map: &Map<String, Value>,
    key: &str,
    members: &[Value],
    pointer: &str,
    context: &mut Context<'_>,
) -> Option<Value> {
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
    // Values of several types are a union of one enum per type
    // ([`type_list_union`]), not one enum.
    let first = values.iter().map(json_type_of).find(|name| *name != "null");
    if values
        .iter()
        .any(|value| !value.is_null() && Some(json_type_of(value)) != first)
    {
        return None;
    }
    for index in 0..values.len() {
        context.origins.record(
            format!("{pointer}/enum/{index}"),
            &format!("{pointer}/{key}/{index}"),
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

/// A merged schema and, per top-level keyword or property (`properties/a`),
/// the pointer where it was written.
type Merged = (Map<String, Value>, BTreeMap<String, String>);

/// The properties and `required` names of object schemas being merged, and
/// where each property was written.
#[derive(Default)]
struct Object {
    properties: Map<String, Value>,
    written: BTreeMap<String, String>,
    required: Vec<Value>,
    additional: Option<(Value, String)>,
}

impl Object {
    /// Adds an object schema written at `at`: its `properties` (later ones
    /// win) and `required` names (each once).
    fn absorb(&mut self, object: &Map<String, Value>, at: &str) {
        if let Some(Value::Object(more)) = object.get("properties") {
            for (name, schema) in more {
                self.properties.insert(name.clone(), schema.clone());
                self.written.insert(
                    name.clone(),
                    format!("{at}/properties/{}", escape_token(name)),
                );
            }
        }
        if let Some(Value::Array(names)) = object.get("required") {
            for name in names {
                if !self.required.contains(name) {
                    self.required.push(name.clone());
                }
            }
        }
        if let Some(extra) = object.get("additionalProperties") {
            self.additional = Some((extra.clone(), format!("{at}/additionalProperties")));
        }
    }

    /// Adds the object schema `member` (written at `at`) stands for,
    /// following `$ref`s and nested `allOf`; `None` when it is not an object.
    fn add(&mut self, member: &Value, at: &str, written: &Value, depth: usize) -> Option<()> {
        if depth > 16 {
            return None;
        }
        let map = member.as_object()?;
        if let Some(Value::String(reference)) = map.get("$ref") {
            let (target, target_at) = follow(written, reference)?;
            return self.add(target, &target_at, written, depth + 1);
        }
        if let Some(Value::Array(members)) = map.get("allOf") {
            for (index, member) in members.iter().enumerate() {
                self.add(member, &format!("{at}/allOf/{index}"), written, depth + 1)?;
            }
            self.absorb(map, at);
            return Some(());
        }
        let is_object = map.get("type").is_none_or(|t| t == "object")
            && !map.contains_key("oneOf")
            && !map.contains_key("anyOf")
            && !map.contains_key("enum");
        if !is_object {
            return None;
        }
        self.absorb(map, at);
        Some(())
    }
}

/// Merges `allOf` members that are all objects into one object schema: the
/// members' properties, then the node's own (written at `own`).
fn merge_objects(
    map: &Map<String, Value>,
    members: &[Value],
    written_at: &[String],
    own: &str,
    written: &Value,
) -> Option<Merged> {
    let mut object = Object::default();
    for (member, at) in members.iter().zip(written_at) {
        object.add(member, at, written, 0)?;
    }
    let members_additional = object.additional.take();
    object.absorb(map, own);
    let additional = members_additional.or(object.additional.take());
    let mut out = Map::new();
    let mut origins = BTreeMap::new();
    for key in [
        "description",
        "title",
        "deprecated",
        "example",
        "examples",
        VARIANT_REF,
    ] {
        if let Some(value) = map.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    out.insert("type".to_owned(), Value::from("object"));
    for (name, at) in object.written {
        origins.insert(format!("properties/{}", escape_token(&name)), at);
    }
    out.insert("properties".to_owned(), Value::Object(object.properties));
    if !object.required.is_empty() {
        out.insert("required".to_owned(), Value::Array(object.required));
    }
    if let Some((extra, at)) = additional {
        origins.insert("additionalProperties".to_owned(), at);
        out.insert("additionalProperties".to_owned(), extra);
    }
    Some((out, origins))
}

/// Keywords of scalar and array schemas that [`merge_scalars`] combines.
const SCALAR_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "enum",
    "pattern",
    "items",
    "multipleOf",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// Merges `allOf` members that are all scalar or array schemas (`{$ref:
/// Name}` and `{maxLength: 20}`) into one: for each bound the tighter one;
/// other keywords must agree (two different `pattern`s, say, are not merged).
fn merge_scalars(
    map: &Map<String, Value>,
    members: &[Value],
    written_at: &[String],
    own: &str,
    written: &Value,
) -> Option<Merged> {
    let mut out = Map::new();
    let mut origins = BTreeMap::new();
    let mut add = |schema: &Map<String, Value>, at: &str| -> Option<()> {
        for (key, value) in schema {
            if is_annotation(key) {
                continue;
            }
            if !SCALAR_KEYWORDS.contains(&key.as_str()) {
                return None;
            }
            let value = match out.get(key) {
                None => value.clone(),
                Some(old) if old == value => continue,
                Some(old) => tighter(key, old, value)?,
            };
            if out.get(key) != Some(&value) {
                origins.insert(escape_token(key), format!("{at}/{}", escape_token(key)));
                out.insert(key.clone(), value);
            }
        }
        Some(())
    };
    for (member, at) in members.iter().zip(written_at) {
        let (schema, at) = scalar_schema(member, at, written)?;
        add(schema, &at)?;
    }
    let own_keys: Map<String, Value> = map
        .iter()
        .filter(|(key, _)| key.as_str() != "allOf" && key.as_str() != "nullable")
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    add(&own_keys, own)?;
    if out.get("type").is_some_and(|ty| ty == "object") {
        return None;
    }
    for (key, value) in map {
        if is_annotation(key) && key != "nullable" {
            out.insert(key.clone(), value.clone());
        }
    }
    Some((out, origins))
}

/// The schema a scalar `allOf` member stands for (one `$ref` followed) and
/// where it was written.
fn scalar_schema<'v>(
    member: &'v Value,
    at: &str,
    written: &'v Value,
) -> Option<(&'v Map<String, Value>, String)> {
    let map = member.as_object()?;
    match map.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let (target, target_at) = follow(written, reference)?;
            let target = target.as_object()?;
            (!target.contains_key("$ref")).then_some((target, target_at))
        }
        None => Some((map, at.to_owned())),
    }
}

/// The tighter of two values of the bound `key`, or `None` when the two
/// cannot both hold in one schema this way.
fn tighter(key: &str, old: &Value, new: &Value) -> Option<Value> {
    let (a, b) = (old.as_f64()?, new.as_f64()?);
    let larger = match key {
        "minLength" | "minimum" | "exclusiveMinimum" | "minItems" => true,
        "maxLength" | "maximum" | "exclusiveMaximum" | "maxItems" => false,
        _ => return None,
    };
    let keep_new = if larger { b > a } else { b < a };
    Some(if keep_new { new.clone() } else { old.clone() })
}

/// The node a `$ref` names in the document as written, and its pointer.
fn follow<'v>(written: &'v Value, reference: &str) -> Option<(&'v Value, String)> {
    target(written, reference).ok()
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
