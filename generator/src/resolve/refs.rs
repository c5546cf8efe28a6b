//! Following `$ref`s: the one place that turns a reference into the node it
//! names.
//!
//! A reference is a JSON pointer into this document (`#/components/schemas/A`,
//! `#/components/schemas/A/properties/b`, `#/$defs/x`, …). References to
//! other documents cannot be read by a pure generator and are errors.

use serde_json::{Map, Value};

use super::Resolver;
use crate::vocab::pointer::{child, unescape_token};

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
        let written = percent_decode(reference.strip_prefix('#')?);
        let rewritten = self.document.origins.rewritten(&written)?;
        target(&self.document.root, &format!("#{rewritten}")).ok()
    }

    /// The object schema a union member stands for, following `$ref`s
    /// without reporting (the member itself is resolved, and reported, elsewhere).
    pub(super) fn member_object(&self, member: &'a Value) -> Option<&'a Map<String, Value>> {
        let mut member = member;
        for _ in 0..MAX_CHAIN {
            match member.get("$ref").and_then(Value::as_str) {
                Some(reference) => member = target(&self.document.root, reference).ok()?.0,
                None => return member.as_object(),
            }
        }
        None
    }
}

/// The node a reference names in `root`, and its (escaped) JSON pointer.
/// `normalize` follows `allOf` members with it too.
pub(crate) fn target<'v>(root: &'v Value, reference: &str) -> Result<(&'v Value, String), String> {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Err(format!(
            "the `$ref` `{reference}` names another document, which the generator cannot read; only references into this document (`#/…`) are supported"
        ));
    };
    // A fragment is percent-encoded in a URI (`#/paths/~1a%7Bb%7D`).
    let pointer = percent_decode(pointer);
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(format!(
            "the `$ref` `{reference}` is not a JSON pointer (anchors are not supported)"
        ));
    }
    let mut node = root;
    for token in pointer.split('/').skip(1) {
        let token = unescape_token(token);
        let next = match node {
            Value::Object(map) => map.get(&token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        node =
            next.ok_or_else(|| format!("the `$ref` `{reference}` names nothing in this document"))?;
    }
    Ok((node, pointer))
}

/// `%7B` → `{`; text that is not a valid escape stays as it is.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_any_node_of_the_document() {
        let root = serde_json::json!({
            "components": {"schemas": {"A": {"properties": {"b": {"type": "string"}}}}},
            "$defs": {"x/y": {"type": "integer"}},
            "list": [{"type": "boolean"}]
        });
        let (node, pointer) = target(&root, "#/components/schemas/A/properties/b").unwrap();
        assert_eq!(node["type"], "string");
        assert_eq!(pointer, "/components/schemas/A/properties/b");
        assert_eq!(target(&root, "#/$defs/x~1y").unwrap().0["type"], "integer");
        assert_eq!(target(&root, "#/list/0").unwrap().0["type"], "boolean");
        assert_eq!(target(&root, "#/%24defs/x~1y").unwrap().1, "/$defs/x~1y");
        assert!(target(&root, "#/components/schemas/B").is_err());
        assert!(target(&root, "other.yaml#/A").is_err());
        assert!(target(&root, "#anchor").is_err());
    }
}
