//! Keywords next to a `$ref`: applied in OpenAPI 3.1 (as `allOf`), and a
//! `type` that only restates the target (or adds `null` to it) read as such.

use super::*;

/// OpenAPI 3.1: `{$ref: X, more…}` → `allOf: [{$ref: X}, {more…}]`, kept
/// only when [`all_of`] can merge it; annotations stay on the node and a
/// `type` that restates the target's is dropped. Otherwise (OpenAPI 3.0, or
/// siblings that cannot be merged) the node is left for `resolve`, which
/// says which siblings it ignores.
pub(super) fn reference_siblings(
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

/// `$recursiveRef: "#"` (JSON Schema 2019-09) and `$dynamicRef: "#name"`
/// (2020-12) → a `$ref` to the nearest enclosing schema that declares the
/// anchor (`$recursiveAnchor: true`, `$dynamicAnchor: name`): within one
/// document that is the schema they name (OpenAI's `CompoundFilter` lists
/// filters that are comparisons or compound filters again). Without such an
/// anchor they are left for `resolve`, which says they are ignored.
pub(super) fn recursive_reference(
    map: &Map<String, Value>,
    pointer: &str,
    context: &Context<'_>,
) -> Option<Value> {
    let (key, anchor, wanted) = match (map.get("$recursiveRef"), map.get("$dynamicRef")) {
        (Some(Value::String(reference)), _) if reference == "#" => {
            ("$recursiveRef", "$recursiveAnchor", Value::Bool(true))
        }
        (_, Some(Value::String(reference))) => match reference.strip_prefix('#') {
            Some(name) if !name.is_empty() && !name.contains('/') => {
                ("$dynamicRef", "$dynamicAnchor", Value::from(name))
            }
            _ => return None,
        },
        _ => return None,
    };
    let written = context.origins.written(pointer);
    let mut prefix = written.as_str();
    let target = loop {
        let node = context.written.pointer(prefix)?;
        if node.get(anchor) == Some(&wanted) {
            break prefix;
        }
        prefix = &prefix[..prefix.rfind('/')?];
    };
    let mut out = map.clone();
    out.remove(key);
    out.insert("$ref".to_owned(), Value::from(format!("#{target}")));
    Some(Value::Object(out))
}
