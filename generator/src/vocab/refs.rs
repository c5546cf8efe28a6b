//! `$ref`s: how a reference becomes a JSON pointer into this document and
//! the node it names, and whether keywords next to one apply.
//!
//! A reference is a JSON pointer into this document (`#/components/schemas/A`,
//! `#/components/schemas/A/properties/b`, `#/$defs/x`, …), percent-encoded
//! as a URI fragment. References to other files are read by `load`, which
//! rewrites them into this form; one it left (in data) is not followed.

use serde_json::Value;

use super::pointer::find;

/// The JSON pointer a reference names in this document (`#/a%7Bb%7D` →
/// `/a{b}`), or why it names none.
pub(crate) fn reference_pointer(reference: &str) -> Result<String, String> {
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
    Ok(pointer)
}

/// The node a reference names in `root`, and its (escaped) JSON pointer.
pub(crate) fn target<'v>(root: &'v Value, reference: &str) -> Result<(&'v Value, String), String> {
    let pointer = reference_pointer(reference)?;
    match find(root, &pointer) {
        Some((node, _)) => Ok((node, pointer)),
        None => Err(format!(
            "the `$ref` `{reference}` names nothing in this document"
        )),
    }
}

/// `%7B` → `{`; text that is not a valid escape stays as it is.
pub(crate) fn percent_decode(text: &str) -> String {
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

/// Whether keywords next to a `$ref` apply: from OpenAPI 3.1 on (JSON Schema
/// 2020-12); OpenAPI 3.0 ignores them.
pub(crate) fn siblings_apply(root: &Value) -> bool {
    root.get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|version| !version.starts_with("3.0") && !version.starts_with('2'))
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

    #[test]
    fn a_reference_names_a_pointer_once_its_fragment_is_decoded() {
        assert_eq!(
            reference_pointer("#/paths/~1a%7Bb%7D").unwrap(),
            "/paths/~1a{b}"
        );
        assert_eq!(reference_pointer("#").unwrap(), "");
        assert!(reference_pointer("other.yaml#/A").is_err());
        assert!(reference_pointer("#anchor").is_err());
    }

    #[test]
    fn keywords_next_to_a_reference_apply_from_openapi_3_1_on() {
        assert!(siblings_apply(&serde_json::json!({"openapi": "3.1.0"})));
        assert!(!siblings_apply(&serde_json::json!({"openapi": "3.0.3"})));
        assert!(!siblings_apply(&serde_json::json!({"swagger": "2.0"})));
    }
}
