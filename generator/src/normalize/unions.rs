//! Rewrites that make or reshape unions and enums: a `type` list or an
//! `enum` of several types → a union per type; `oneOf` of `const`s → an
//! enum; a union with a `null` member → a nullable union of the others.

use super::*;

/// `type: [string, integer, …]` (several non-null types), or an `enum` of
/// values of several types (`[1, "two"]`), → `oneOf` of one schema per type,
/// each with the keywords and `enum` values of its type; nullable when the
/// list has `"null"`. Keywords that apply to none of the types go to the
/// first branch, where `resolve` says they are ignored.
pub(super) fn type_list_union(
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
        return Some(or_null(union, map, pointer, context));
    }
    Some(Value::Object(union))
}

/// `oneOf: [A, B, {type: "null"}]` → `anyOf: [{oneOf: [A, B]}, {type: "null"}]`:
/// a nullable union of the other members (which may then be tagged), in the
/// `[X, null]` form `resolve` reads as `Option<X>`. The union keeps its
/// `discriminator`, `title` and `description`.
pub(super) fn nullable_union(
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
    Some(or_null(union, map, pointer, context))
}

/// `oneOf: [{const: 1, title: "A"}, …]` → `enum: [1, …]`, with the titles and
/// descriptions as the variants' names and docs in the [`Findings`].
pub(super) fn const_union(
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
            .any(|k| !allowed.contains(&k.as_str()) && !is_extension(k))
        {
            return None;
        }
        values.push(value);
        names.push(
            member
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_owned),
        );
        descriptions.push(
            member
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
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
    // Names the node writes itself (`x-enum-varnames`), or that an earlier
    // union of the node gave, are kept.
    if let Some(names) = names.into_iter().collect::<Option<Vec<String>>>()
        && !map.contains_key("x-enum-varnames")
    {
        context
            .findings
            .enum_names
            .entry(pointer.to_owned())
            .or_insert(names);
    }
    context
        .findings
        .enum_descriptions
        .insert(pointer.to_owned(), descriptions);
    Some(Value::Object(out))
}
