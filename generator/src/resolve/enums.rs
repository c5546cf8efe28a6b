//! `enum` schemas → integer and string enums that keep values the client does not know.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Resolver;
use super::schema::plain;
use crate::docs::doc_lines;
use crate::ir::{IntVariant, StringVariant, TyKind, TypeKind};
use crate::naming::{numbered, type_name};
use crate::vocab::pointer::child;

impl<'a> Resolver<'a> {
    pub(super) fn enumeration(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &str,
    ) -> Option<TypeKind> {
        self.check_schema_keys(map, pointer);
        let enum_pointer = child(pointer, "enum");
        let Some(Value::Array(values)) = map.get("enum") else {
            self.error(&enum_pointer, "`enum` must be a list of values");
            return None;
        };
        // A value listed again names no other value: it gets no variant of
        // its own (two would make a `match` with an unreachable arm).
        let mut listed = BTreeSet::new();
        let mut repeated = Vec::new();
        for (index, value) in values.iter().enumerate() {
            if value.is_null() {
                continue;
            }
            let again = !listed.insert(value.to_string());
            if again {
                self.warn(
                    &format!("{enum_pointer}/{index}"),
                    format!("the enum lists `{value}` again; the repetition is ignored"),
                );
            }
            repeated.push(again);
        }
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if values.is_empty() {
            self.error(
                &enum_pointer,
                "`enum` must list at least one non-null value",
            );
            return None;
        }
        // The titles of a `oneOf` of `const`s (which `normalize` found) name
        // the variants, else the extensions do; the titles are checked as
        // `x-enum-varnames` would be.
        let titles = self.found(&self.findings.enum_names, pointer);
        let given: Option<(&str, Option<Vec<String>>)> = match titles {
            Some(titles) => Some(("x-enum-varnames", Some(titles.clone()))),
            None => ["x-enum-varnames", "x-enumNames"]
                .into_iter()
                .find(|key| map.contains_key(*key))
                .map(|key| (key, string_list(&map[key]))),
        };
        let given_names: Option<Vec<String>> = match given {
            None => None,
            Some((_, Some(names))) if names.len() == values.len() => Some(names),
            Some((key, _)) => {
                self.warn(
                    &child(pointer, key),
                    format!("`{key}` must list one name per enum value; it is ignored"),
                );
                None
            }
        };
        let descriptions = self.found(&self.findings.enum_descriptions, pointer);
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
                if repeated[index] {
                    continue;
                }
                let number = value.as_i64().unwrap_or_default();
                let raw = match &given_names {
                    Some(names) => names[index].clone(),
                    None => format!("Value{}", number.to_string().replace('-', "Minus")),
                };
                if let Some(name) = check_name(self, &raw, index) {
                    variants.push(IntVariant {
                        name,
                        docs: variant_docs(descriptions, map, index),
                        value: number,
                    });
                }
            }
            let fallback = fallback_name(variants.iter().map(|v| v.name.as_str()));
            Some(TypeKind::IntEnum { variants, fallback })
        } else if values.iter().all(|v| v.is_string()) {
            let mut variants = Vec::new();
            for (index, value) in values.iter().enumerate() {
                if repeated[index] {
                    continue;
                }
                let text = value.as_str().unwrap_or_default();
                let raw = match &given_names {
                    Some(names) => names[index].clone(),
                    None => text.to_owned(),
                };
                if let Some(name) = check_name(self, &raw, index) {
                    variants.push(StringVariant {
                        name,
                        docs: variant_docs(descriptions, map, index),
                        value: text.to_owned(),
                    });
                }
            }
            let fallback = fallback_name(variants.iter().map(|v| v.name.as_str()));
            Some(TypeKind::StringEnum { variants, fallback })
        } else if values.iter().all(|v| v.is_boolean()) {
            // `enum: [true]`: a flag; the values are in the docs.
            Some(TypeKind::Alias(plain(TyKind::Bool)))
        } else {
            self.warn(
                &enum_pointer,
                "an enum whose values are not all integers or all strings is read as any JSON value",
            );
            Some(TypeKind::Alias(plain(TyKind::Json)))
        }
    }
}

/// The name of the variant that keeps unknown values: `Unknown`, unless a
/// known value already has that name.
pub(super) fn fallback_name<'n>(names: impl Iterator<Item = &'n str> + Clone) -> String {
    ["Unknown", "Unrecognized", "UnknownValue"]
        .into_iter()
        .find(|candidate| !names.clone().any(|n| n == *candidate))
        .unwrap_or("Other")
        .to_owned()
}

/// The docs of enum value `index`: from the descriptions of a `oneOf` of
/// `const`s (`found` by `normalize`), else from `x-enum-descriptions`.
fn variant_docs(
    found: Option<&Vec<String>>,
    map: &Map<String, Value>,
    index: usize,
) -> Vec<String> {
    let text = match found {
        Some(descriptions) => descriptions.get(index).map(String::as_str),
        None => map
            .get("x-enum-descriptions")
            .and_then(|d| d.get(index))
            .and_then(Value::as_str),
    };
    text.map(doc_lines).unwrap_or_default()
}

/// A list of strings, or `None` when `value` is something else.
fn string_list(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|name| name.as_str().map(str::to_owned))
        .collect()
}
