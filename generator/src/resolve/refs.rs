//! Following `$ref`s while resolving: through chains, to nodes `normalize`
//! moved, and with every broken reference reported. How a reference names a
//! node is [`crate::vocab::refs`]; a reference to another document is an
//! error.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::Resolver;
use crate::vocab::pointer::{child, find};
use crate::vocab::refs::{reference_pointer, target};

/// How many `$ref`s a chain may pass through before it is taken for a cycle.
const MAX_CHAIN: usize = 32;

impl<'a> Resolver<'a> {
    /// The node `value` stands for, following `$ref`s (through chains of
    /// them), and its pointer. Reports a broken reference and returns `None`.
    pub(super) fn deref(&mut self, value: &'a Value, pointer: &str) -> Option<(&'a Value, String)> {
        let mut value = value;
        let mut pointer = pointer.to_owned();
        for _ in 0..MAX_CHAIN {
            let Some(reference) = value.get("$ref") else {
                return Some((value, pointer));
            };
            (value, pointer) = self.reference_target(reference, &child(&pointer, "$ref"))?;
        }
        self.error(&pointer, "`$ref` chain is too long (is it a cycle?)");
        None
    }

    /// The node one `$ref` names and its pointer; `pointer` is the `$ref`'s own.
    pub(super) fn reference_target(
        &mut self,
        reference: &Value,
        pointer: &str,
    ) -> Option<(&'a Value, String)> {
        let Value::String(reference) = reference else {
            self.error(pointer, "`$ref` must be a string");
            return None;
        };
        match target(&self.document.root, reference) {
            Ok(found) => Some(found),
            // A node `normalize` moved (a property merged into another
            // object) is still found by where it was written.
            Err(message) => match self.moved_target(reference) {
                Some(found) => Some(found),
                None => {
                    self.error(pointer, message);
                    None
                }
            },
        }
    }

    /// The node of the rewritten tree made from the node `reference` names in
    /// the document as written.
    fn moved_target(&self, reference: &str) -> Option<(&'a Value, String)> {
        let written = reference_pointer(reference).ok()?;
        self.document
            .origins
            .rewritten(&written)
            .into_iter()
            .find_map(|rewritten| find(&self.document.root, &rewritten))
    }

    /// The object schema a union member (at `pointer`) stands for, and its
    /// pointer, following `$ref`s without reporting (the member itself is
    /// resolved, and reported, elsewhere).
    pub(super) fn member_object(
        &self,
        mut member: &'a Value,
        mut pointer: String,
    ) -> Option<(&'a Map<String, Value>, String)> {
        for _ in 0..MAX_CHAIN {
            match member.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    (member, pointer) = target(&self.document.root, reference).ok()?
                }
                None => return Some((member.as_object()?, pointer)),
            }
        }
        None
    }

    /// What `table` of the [`crate::normalize::Findings`] says about the node
    /// at `pointer`, however a `$ref` on the way spelled the pointer.
    pub(super) fn found<T>(&self, table: &'a BTreeMap<String, T>, pointer: &str) -> Option<&'a T> {
        if table.is_empty() {
            return None;
        }
        table.get(pointer).or_else(|| {
            let (_, spelled) = find(&self.document.root, pointer)?;
            table.get(&spelled)
        })
    }
}
