//! `allOf`, in the first form that fits: annotation-only members folded in;
//! one `$ref`; members that restate one `$ref`; merged objects or scalars
//! (see [`super::merge`]); a union distributed over its variants.

use super::*;

/// `allOf: members` on `map` (at `pointer`), in the first form that fits:
/// annotation-only members folded in; one `$ref` member; members that only
/// restate one `$ref` member; objects merged; scalars or arrays merged.
/// `None` leaves the node for `resolve`, which says it is not merged.
pub(super) fn all_of(
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
    // Keywords next to the `allOf` that constrain (`required: [id]`,
    // `maxLength: 8`) must survive: then the members are merged with them
    // below, not replaced by the one `$ref`. An `enum` narrows the `$ref`
    // (Discord's `type: {allOf: [$ref: MessageComponentTypes], enum: [1]}`,
    // read through normalize's findings), and `type` and `format` restate it.
    let constrains = map.keys().any(|key| {
        !matches!(key.as_str(), "allOf" | "enum" | "type" | "format") && !is_annotation(key)
    });
    if !constrains
        && let [only] = members
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
    if !constrains && let Some(reference) = restated_reference(members, context.written) {
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
        return Some(or_null(out, map, pointer, context));
    }
    Some(Value::Object(out))
}

/// `allOf: [U, O…]` where `U` is a union (`oneOf`/`anyOf`, inline or behind a
/// `$ref`) and the other members are objects (OpenAI adds a `stream_id` to
/// every event of a union this way) → the union of `allOf: [Uᵢ, O…]` for each
/// variant `Uᵢ`, which is the same set of values; the union keeps its
/// `discriminator`, and each variant its name (its `title`, or the
/// component its `$ref` names) and, in the [`Findings`], the `$ref` it was,
/// which the `discriminator`'s `mapping` names.
pub(super) fn distribute_union(
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
            .record_written(at.clone(), format!("{union_at}/{key}/{index}"));
        let mut wrapper = Map::new();
        let title = variant.get("title").cloned().or_else(|| {
            let reference = variant.get("$ref")?.as_str()?;
            let name = reference.strip_prefix("#/components/schemas/")?;
            (!name.contains('/')).then(|| Value::from(unescape_token(name)))
        });
        if let Some(title) = title {
            wrapper.insert("title".to_owned(), title);
        }
        if let Some(reference) = variant.get("$ref").and_then(Value::as_str) {
            context
                .findings
                .variant_refs
                .insert(at, reference.to_owned());
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

/// The keywords of an object schema that apply to every variant of a union
/// written beside them.
const OBJECT_KEYWORDS: [&str; 5] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];

/// `properties` and `required` written beside `oneOf`/`anyOf` (`{properties:
/// {name}, required: [name], oneOf: [{…status: completed…}, {…}]}`) apply to
/// every variant: → the union of `allOf: [own, Vᵢ]` for each variant `Vᵢ`,
/// as [`distribute_union`] does for an `allOf` over a union, the union's
/// `discriminator` and each variant's name kept. A variant that already says
/// all the node's own keywords say (a `$ref` to an object with those
/// properties, all required) is kept as it is, so it keeps its named type.
/// Only unions of objects are distributed; `None` leaves the node as it is.
pub(super) fn union_beside_members(
    map: &Map<String, Value>,
    key: &str,
    variants: &[Value],
    pointer: &str,
    context: &mut Context<'_>,
) -> Option<Value> {
    if map.contains_key("allOf")
        || !(map.contains_key("properties") || map.contains_key("required"))
    {
        return None;
    }
    let own: Map<String, Value> = OBJECT_KEYWORDS
        .iter()
        .filter_map(|keyword| Some(((*keyword).to_owned(), map.get(*keyword)?.clone())))
        .collect();
    let own_at = context.origins.written(pointer);
    let mut own_object = Object::default();
    own_object.add(&Value::Object(own.clone()), &own_at, context.written, 0)?;
    let mut distributed = Vec::new();
    for (index, variant) in variants.iter().enumerate() {
        let at = format!("{pointer}/{key}/{index}");
        let variant_at = context.origins.written(&at);
        let mut object = Object::default();
        object.add(variant, &variant_at, context.written, 0)?;
        if object.covers(&own_object) {
            distributed.push(variant.clone());
            continue;
        }
        context
            .origins
            .record_written(format!("{at}/allOf/0"), own_at.clone());
        context
            .origins
            .record_written(format!("{at}/allOf/1"), variant_at);
        let mut wrapper = Map::new();
        let title = variant.get("title").cloned().or_else(|| {
            let reference = variant.get("$ref")?.as_str()?;
            let name = reference.strip_prefix("#/components/schemas/")?;
            (!name.contains('/')).then(|| Value::from(unescape_token(name)))
        });
        if let Some(title) = title {
            wrapper.insert("title".to_owned(), title);
        }
        if let Some(reference) = variant.get("$ref").and_then(Value::as_str) {
            context
                .findings
                .variant_refs
                .insert(at, reference.to_owned());
        }
        let mut own_part = own.clone();
        own_part.insert("type".to_owned(), Value::from("object"));
        wrapper.insert(
            "allOf".to_owned(),
            Value::Array(vec![Value::Object(own_part), variant.clone()]),
        );
        distributed.push(Value::Object(wrapper));
    }
    let mut out: Map<String, Value> = map
        .iter()
        .filter(|(keyword, _)| !OBJECT_KEYWORDS.contains(&keyword.as_str()))
        .map(|(keyword, value)| (keyword.clone(), value.clone()))
        .collect();
    out.insert(key.to_owned(), Value::Array(distributed));
    Some(Value::Object(out))
}

/// `allOf: [{$ref: X}]` (or members that only restate `X`) → `$ref: X`, with
/// the node's annotations; a narrowing `enum` (Discord's channel `type`: the
/// `ChannelTypes` this member can have) is kept in the [`Findings`], since it
/// is what tags a union member; nullability is kept as `anyOf: [$ref, null]`.
pub(super) fn single_reference(
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
        context
            .findings
            .narrowed
            .insert(pointer.to_owned(), values.clone());
    }
    if is_nullable(map) {
        context
            .origins
            .record(format!("{pointer}/anyOf/0"), pointer);
        return or_null(out, map, pointer, context);
    }
    Value::Object(out)
}

/// The `$ref` of the one member every other member only restates: each of
/// their keywords is an annotation or says what the target says
/// (`allOf: [{$ref: Thing}, {type: object}]`), so the named type is kept.
pub(super) fn restated_reference<'v>(members: &'v [Value], written: &Value) -> Option<&'v Value> {
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
pub(super) fn is_annotation_only(member: &Value) -> bool {
    match member {
        Value::Object(map) => map.keys().all(|key| is_annotation(key)),
        _ => false,
    }
}
