//! Merging the members of an `allOf` into one schema: objects (properties
//! and `required` in order, each property's origin kept) or scalars (the
//! tighter of each bound), and whether the result allows `null`.

use super::*;

/// Whether merged `allOf` members allow `null`: the node says so (`allOf:
/// [A, B]` next to `nullable: true`, OpenAPI 3.0's idiom), or a member says so
/// and every other schema allows it too (`[{type: string, nullable: true},
/// {nullable: false}]` does not: all must hold).
pub(super) fn merged_nullable(
    map: &Map<String, Value>,
    members: &[Value],
    written: &Value,
) -> bool {
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

/// A merged schema and, per top-level keyword or property (`properties/a`),
/// the pointer where it was written.
pub(super) type Merged = (Map<String, Value>, BTreeMap<String, String>);

/// The properties and `required` names of object schemas being merged, and
/// where each property was written.
#[derive(Default)]
pub(super) struct Object {
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

    /// Whether merging `other` before this object would add nothing: this
    /// one declares each of `other`'s properties (its own schema for them
    /// wins a merge), requires each name `other` requires, and `other` has
    /// no `additionalProperties`.
    pub(super) fn covers(&self, other: &Object) -> bool {
        other.additional.is_none()
            && other
                .properties
                .keys()
                .all(|name| self.properties.contains_key(name))
            && other
                .required
                .iter()
                .all(|name| self.required.contains(name))
    }

    /// Adds the object schema `member` (written at `at`) stands for,
    /// following `$ref`s and nested `allOf`; `None` when it is not an object.
    pub(super) fn add(
        &mut self,
        member: &Value,
        at: &str,
        written: &Value,
        depth: usize,
    ) -> Option<()> {
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
pub(super) fn merge_objects(
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
    for key in ["description", "title", "deprecated", "example", "examples"] {
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
pub(super) const SCALAR_KEYWORDS: &[&str] = &[
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
pub(super) fn merge_scalars(
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
pub(super) fn scalar_schema<'v>(
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
pub(super) fn tighter(key: &str, old: &Value, new: &Value) -> Option<Value> {
    let (a, b) = (old.as_f64()?, new.as_f64()?);
    let larger = match key {
        "minLength" | "minimum" | "exclusiveMinimum" | "minItems" => true,
        "maxLength" | "maximum" | "exclusiveMaximum" | "maxItems" => false,
        _ => return None,
    };
    let keep_new = if larger { b > a } else { b < a };
    Some(if keep_new { new.clone() } else { old.clone() })
}
