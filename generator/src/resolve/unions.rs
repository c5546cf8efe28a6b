//! `oneOf`/`anyOf` → unions: variant names, and the property that tags them, if any.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::Resolver;
use super::enums::fallback_name;
use super::primitive::pattern_compiles;
use super::schema::{nullable_ty, plain};
use crate::docs::doc_lines;
use crate::ir::{
    Guard, GuardCheck, TagValues, Ty, TyKind, TypeDef, TypeKind, Union, UnionKind, UnionTag,
    UnionVariant, Usage,
};
use crate::naming::{numbered, type_name};
use crate::vocab::pointer::{child, unescape_token};
use crate::vocab::refs::target;

impl<'a> Resolver<'a> {
    pub(super) fn union(
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
            let variant = variant.unwrap_or_else(|_| format!("Variant{index}"));
            // Two members named alike (same `title`, say): the later one is numbered.
            let variant = numbered(&variant, "", |candidate| names.contains(candidate));
            names.insert(variant.clone());
            let hint = format!("{name}{variant}");
            let Some(resolved) = self.resolve_schema(member, &member_pointer, &hint) else {
                continue;
            };
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
                // A member that allows `null` decodes it as `None`.
                ty: nullable_ty(resolved),
                boxed: false,
                docs,
                guards: self.guards(member),
            });
        }
        let tag = if variants.len() == members.len() {
            self.union_tag(union_map, members, pointer)
                .map(|(property, values)| UnionTag {
                    property,
                    values,
                    fallback: fallback_name(variants.iter().map(|v| v.name.as_str())),
                })
        } else {
            None
        };
        let kind = match tag {
            Some(tag) => UnionKind::Tagged(tag),
            // Declaration order until `passes::order_untagged` sees every type.
            None => UnionKind::Untagged {
                try_order: (0..variants.len()).collect(),
            },
        };
        Some(TypeKind::Union(Union {
            variants,
            kind,
            from_impls: false,
        }))
    }

    /// The guards of a union member (see [`Guard`]): the `pattern`, `format:
    /// uuid` and string `enum` of the member itself and of each of its
    /// properties, `$ref`s followed (the tagged unions never use them).
    fn guards(&self, member: &Value) -> Vec<Guard> {
        let root = &self.document.root;
        let mut guards = Vec::new();
        let Some(map) = followed(root, member) else {
            return guards;
        };
        guards.extend(text_checks(map).map(|check| Guard {
            member: None,
            check,
        }));
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, property) in properties {
                let Some(property) = followed(root, property) else {
                    continue;
                };
                guards.extend(text_checks(property).map(|check| Guard {
                    member: Some(name.clone()),
                    check,
                }));
            }
        }
        guards
    }

    /// Defines `name` as an untagged union of two success bodies (or adds a
    /// variant when it exists already) and returns its type.
    pub(super) fn response_union(
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
            Some(TypeKind::Union(union)) if self.response_unions.contains(name) => {
                union.variants.clone()
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
                guards: Vec::new(),
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
            guards: Vec::new(),
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
                usage: Usage::default(),
                validated: false,
                kind: TypeKind::Union(Union {
                    kind: UnionKind::Untagged {
                        try_order: (0..variants.len()).collect(),
                    },
                    variants,
                    from_impls: false,
                }),
            },
        );
        Some(plain(TyKind::Named(name.to_owned())))
    }

    /// The property whose one value tells every member apart, and each member's value:
    /// from `discriminator` when given, else the first required one-value property
    /// (`const`, a one-value `enum`, or Discord's `enum` next to `allOf: [$ref]`).
    /// `pointer` is the members' (`…/oneOf`).
    pub(super) fn union_tag(
        &self,
        union_map: &Map<String, Value>,
        members: &'a [Value],
        pointer: &str,
    ) -> Option<(String, TagValues)> {
        let objects: Vec<(&Map<String, Value>, String)> = members
            .iter()
            .enumerate()
            .map(|(index, m)| self.member_object(m, format!("{pointer}/{index}")))
            .collect::<Option<_>>()?;
        // The values a member's property may take: its `enum` (or the narrowing
        // `enum` next to a `$ref`, which `normalize` found).
        let value_set =
            |object: &Map<String, Value>, at: &str, property: &str| -> Option<Vec<TagValue>> {
                let schema = object.get("properties")?.get(property)?;
                let values = match schema.get("enum") {
                    Some(Value::Array(values)) => values,
                    Some(_) => return None,
                    None => {
                        let at = child(&child(at, "properties"), property);
                        self.found(&self.findings.narrowed, &at)?
                    }
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
                .0
                .get("properties")?
                .as_object()?
                .keys()
                .cloned()
                .collect(),
        };
        'candidates: for property in candidates {
            let mut values = Vec::new();
            for (index, (member, (object, at))) in members.iter().zip(&objects).enumerate() {
                let required = object
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|n| n == property.as_str()));
                let mapped = discriminator
                    .and_then(|d| d.get("mapping"))
                    .and_then(Value::as_object)
                    .and_then(|mapping| {
                        // A variant `normalize` distributed an `allOf` over
                        // names the `$ref` it was.
                        let variant_ref;
                        let reference = match member.get("$ref") {
                            Some(reference) => reference,
                            None => {
                                let at = format!("{pointer}/{index}");
                                variant_ref = Value::from(
                                    self.found(&self.findings.variant_refs, &at)?.as_str(),
                                );
                                &variant_ref
                            }
                        };
                        mapping
                            .iter()
                            .find(|(_, target)| *target == reference)
                            .map(|(key, _)| key.clone())
                    });
                let set = match (value_set(object, at, &property), mapped) {
                    (Some(set), _) => set,
                    (None, Some(key)) if discriminator.is_some() => vec![TagValue::Str(key)],
                    _ => continue 'candidates,
                };
                if !required && discriminator.is_none() {
                    continue 'candidates;
                }
                values.push(set);
            }
            // No value may tag two members (nor appear twice in one).
            let flat: Vec<&TagValue> = values.iter().flatten().collect();
            if !flat.iter().enumerate().all(|(i, v)| !flat[..i].contains(v)) {
                continue;
            }
            let ints: Option<Vec<Vec<i64>>> = values
                .iter()
                .map(|set| set.iter().map(TagValue::int).collect())
                .collect();
            let strs: Option<Vec<Vec<String>>> = values
                .iter()
                .map(|set| set.iter().map(TagValue::text).collect())
                .collect();
            match (ints, strs) {
                (Some(ints), _) => return Some((property, TagValues::Int(ints))),
                (None, Some(strs)) => return Some((property, TagValues::Str(strs))),
                (None, None) => {}
            }
        }
        None
    }
}

/// A variant name for an untitled, inline union member: its tag value when it
/// has a one-value `type`-like property, else its JSON type (`String`, `Array`, …).
pub(super) fn kind_variant_name(member: &Value, index: usize) -> String {
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

/// One tag value as read from the schema, before all of a union's are known
/// to be of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
enum TagValue {
    Int(i64),
    Str(String),
}

impl TagValue {
    fn int(&self) -> Option<i64> {
        match self {
            TagValue::Int(value) => Some(*value),
            TagValue::Str(_) => None,
        }
    }

    fn text(&self) -> Option<String> {
        match self {
            TagValue::Str(value) => Some(value.clone()),
            TagValue::Int(_) => None,
        }
    }
}

/// The schema `schema` stands for, its `$ref`s followed (a few at most).
fn followed<'v>(root: &'v Value, schema: &'v Value) -> Option<&'v Map<String, Value>> {
    let mut schema = schema;
    for _ in 0..8 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => schema = target(root, reference).ok()?.0,
            None => return schema.as_object(),
        }
    }
    None
}

/// What a schema asks of a text: its `pattern` (when it compiles), `format:
/// uuid`, the values of an `enum` of strings. A text the client holds parsed
/// (a snowflake, a timestamp) is checked by decoding it, so it has none.
fn text_checks(map: &Map<String, Value>) -> impl Iterator<Item = GuardCheck> {
    let parsed = matches!(
        map.get("format").and_then(Value::as_str),
        Some("snowflake" | "date-time")
    );
    let pattern = map
        .get("pattern")
        .and_then(Value::as_str)
        .filter(|pattern| !parsed && pattern_compiles(pattern))
        .map(|pattern| GuardCheck::Pattern(pattern.to_owned()));
    let uuid =
        (map.get("format").and_then(Value::as_str) == Some("uuid")).then_some(GuardCheck::Uuid);
    let values = match map.get("enum") {
        Some(Value::Array(values)) => {
            let texts: Option<Vec<String>> = values
                .iter()
                .filter(|value| !value.is_null())
                .map(|value| value.as_str().map(str::to_owned))
                .collect();
            texts
                .filter(|texts| !texts.is_empty())
                .map(GuardCheck::OneOf)
        }
        _ => None,
    };
    [pattern, uuid, values].into_iter().flatten()
}
