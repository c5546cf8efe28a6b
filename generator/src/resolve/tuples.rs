//! Tuples: `prefixItems: [A, B]` (JSON Schema 2020-12, OpenAPI 3.1) and its
//! draft-4 spelling `items: [A, B]` (OpenAPI 3.0), with the schema of the
//! items after the prefix in `items` (or `additionalItems`) and the length
//! bounded by `minItems` and `maxItems`.
//!
//! A tuple of fixed length (no more items allowed, `minItems` its length) is
//! a Rust tuple `(A, B)`, [`TyKind::Tuple`]: serde reads it from an array of
//! exactly that many items and rejects a shorter or longer one, which the
//! schema forbids. Any other tuple (or one of more than 12 items, the most a
//! Rust tuple implements the standard traits for) is a named tuple struct,
//! [`TypeKind::Tuple`]:
//! the items from `minItems` on are `Option`s (an array shorter than the
//! prefix is valid unless `minItems` says otherwise) and, when the schema
//! allows more items, a last `Vec` field keeps them, so every valid array
//! decodes (responses are liberal).

use serde_json::{Map, Value};

use super::Resolver;
use super::schema::{nullable_ty, plain, schema_docs, type_is};
use crate::docs::doc_lines;
use crate::ir::{Constraints, Tuple, TupleItem, TupleRest, TyKind, TypeKind};
use crate::vocab::pointer::child;

/// How a tuple schema lays out its items, read from the schema alone (so
/// [`super::schema::is_named_shape`] can tell an open tuple from a closed one).
pub(super) struct Layout<'a> {
    /// The prefix item schemas (all of them, even those `maxItems` cuts off).
    pub(super) prefix: &'a [Value],
    /// The keyword holding them: `prefixItems`, or `items` in its draft-4 form.
    pub(super) prefix_key: &'static str,
    /// The keyword holding the schema of the later items: `items`, or
    /// `additionalItems` after a draft-4 list of `items`.
    pub(super) rest_key: &'static str,
    /// How many prefix items can be present (`maxItems` may cut the prefix).
    pub(super) len: usize,
    /// How many prefix items must be present (`minItems`, at most `len`).
    pub(super) required: usize,
    /// Whether items after the prefix are allowed.
    pub(super) open: bool,
    /// `minItems`, when given.
    pub(super) min_items: Option<u64>,
    /// `maxItems`, when given.
    pub(super) max_items: Option<u64>,
}

/// The most items a Rust tuple of the generated code may have: the standard
/// library implements `Clone`, `Debug`, `PartialEq` and `Default` for
/// tuples of up to 12 items (and the runtime's `Validate` as many). A longer
/// tuple of fixed length is a tuple struct whose items are all required.
const MAX_RUST_TUPLE: usize = 12;

impl Layout<'_> {
    /// Whether the tuple always has exactly `len` items, and few enough to
    /// be a Rust tuple.
    pub(super) fn is_fixed(&self) -> bool {
        !self.open && self.required == self.len && self.len <= MAX_RUST_TUPLE
    }
}

/// The layout of an array schema with a non-empty `prefixItems` (or a
/// draft-4 list of `items`); `None` for any other schema.
pub(super) fn layout(map: &Map<String, Value>) -> Option<Layout<'_>> {
    if !type_is(map, "array") {
        return None;
    }
    let (prefix, prefix_key, rest_key) = match (map.get("prefixItems"), map.get("items")) {
        (Some(Value::Array(prefix)), _) => (prefix, "prefixItems", "items"),
        (None, Some(Value::Array(prefix))) => (prefix, "items", "additionalItems"),
        _ => return None,
    };
    if prefix.is_empty() {
        return None;
    }
    let min_items = map.get("minItems").and_then(Value::as_u64);
    let max_items = map.get("maxItems").and_then(Value::as_u64);
    let len = match max_items {
        Some(max) => prefix.len().min(usize::try_from(max).unwrap_or(usize::MAX)),
        None => prefix.len(),
    };
    let rest_forbidden = map.get(rest_key) == Some(&Value::Bool(false));
    let open = !rest_forbidden && max_items.is_none_or(|max| max > prefix.len() as u64);
    let required = match min_items {
        Some(min) => len.min(usize::try_from(min).unwrap_or(usize::MAX)),
        None => 0,
    };
    Some(Layout {
        prefix,
        prefix_key,
        rest_key,
        len,
        required,
        open,
        min_items,
        max_items,
    })
}

impl<'a> Resolver<'a> {
    /// A tuple of fixed length: `(A, B)`. Its length bounds are the type's
    /// own. One that can have no item (`maxItems: 0`) is an empty list: a
    /// `Vec` of any JSON value with `maxItems` 0 in `constraints` (`()`
    /// would be `null` on the wire).
    pub(super) fn fixed_tuple(
        &mut self,
        map: &'a Map<String, Value>,
        layout: &Layout<'a>,
        pointer: &str,
        hint: &str,
        constraints: &mut Constraints,
    ) -> Option<TyKind> {
        self.tuple_warnings(map, layout, pointer);
        if layout.len == 0 {
            constraints.max_items = Some(0);
            return Some(TyKind::Array(Box::new(plain(TyKind::Json))));
        }
        let prefix_at = child(pointer, layout.prefix_key);
        let mut items = Vec::new();
        for (index, schema) in layout.prefix[..layout.len].iter().enumerate() {
            let at = child(&prefix_at, &index.to_string());
            let resolved = self.resolve_schema(schema, &at, &format!("{hint}Item{index}"))?;
            self.item_access(schema, &at);
            items.push(nullable_ty(resolved));
        }
        Some(TyKind::Tuple(items))
    }

    /// A tuple whose length is not fixed, as the named tuple struct `name`.
    pub(super) fn tuple_struct(
        &mut self,
        name: &str,
        map: &'a Map<String, Value>,
        pointer: &str,
    ) -> Option<TypeKind> {
        self.check_schema_keys(map, pointer);
        let layout = layout(map)?;
        self.tuple_warnings(map, &layout, pointer);
        let prefix_at = child(pointer, layout.prefix_key);
        let mut items = Vec::new();
        for (index, schema) in layout.prefix[..layout.len].iter().enumerate() {
            let at = child(&prefix_at, &index.to_string());
            let resolved = self.resolve_schema(schema, &at, &format!("{name}Item{index}"))?;
            self.item_access(schema, &at);
            let mut docs = match schema {
                Value::Object(item) => schema_docs(item),
                _ => Vec::new(),
            };
            if docs.is_empty() {
                docs.push(format!("Item {index} of the array."));
            }
            if index >= layout.required {
                docs.push(String::new());
                docs.push("The array may end before it (`None`).".to_owned());
            }
            for note in &resolved.ty.constraints.unchecked {
                docs.push(String::new());
                docs.push(
                    doc_lines(&format!(
                        "The API says the value {note}; the client does not check this."
                    ))
                    .join(" "),
                );
            }
            items.push(TupleItem {
                ty: resolved.ty,
                optional: index >= layout.required,
                nullable: resolved.nullable,
                boxed: false,
                docs,
            });
        }
        let rest = if layout.open {
            let ty = match map.get(layout.rest_key) {
                None => plain(TyKind::Json),
                Some(schema) => nullable_ty(self.resolve_schema(
                    schema,
                    &child(pointer, layout.rest_key),
                    &format!("{name}Item"),
                )?),
            };
            let prefix = layout.prefix.len() as u64;
            Some(TupleRest {
                ty,
                min_items: layout.min_items.filter(|min| *min > prefix),
                max_items: layout.max_items,
            })
        } else {
            None
        };
        Some(TypeKind::Tuple(Tuple {
            items,
            rest,
            derive_default: false,
        }))
    }

    /// What a tuple's keywords say that its Rust type does not keep.
    fn tuple_warnings(&mut self, map: &Map<String, Value>, layout: &Layout<'_>, pointer: &str) {
        // Read again to report a bound that is not a count.
        self.unsigned(map, "minItems", pointer);
        self.unsigned(map, "maxItems", pointer);
        if layout.len < layout.prefix.len() {
            self.warn(
                &child(pointer, "maxItems"),
                format!(
                    "`maxItems` is {}, so the items of `{}` after it can never be present; they are ignored",
                    layout.len, layout.prefix_key
                ),
            );
        }
        if !layout.open && layout.min_items.is_some_and(|min| min > layout.len as u64) {
            self.warn(
                &child(pointer, "minItems"),
                format!(
                    "`minItems` asks for more items than the tuple allows ({}): no array is valid; the tuple is read as {} items",
                    layout.len, layout.len
                ),
            );
        }
        if map.get("uniqueItems") == Some(&Value::Bool(true)) {
            self.warn(
                &child(pointer, "uniqueItems"),
                "`uniqueItems` on a tuple is not checked; it is ignored",
            );
        }
        if layout.prefix_key == "prefixItems" && map.contains_key("additionalItems") {
            self.warn(
                &child(pointer, "additionalItems"),
                "`additionalItems` does nothing next to `prefixItems` (JSON Schema 2020-12 reads `items`); it is ignored",
            );
        }
    }

    /// `readOnly` / `writeOnly` on a tuple item: a position cannot be left
    /// out of an array, so they are ignored, and said to be.
    fn item_access(&mut self, schema: &Value, pointer: &str) {
        for key in ["readOnly", "writeOnly"] {
            if schema.get(key) == Some(&Value::Bool(true)) {
                self.warn(
                    &child(pointer, key),
                    format!(
                        "`{key}` on a tuple item is ignored: an array cannot leave out a position"
                    ),
                );
            }
        }
    }
}
