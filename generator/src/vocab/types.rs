//! JSON Schema types: the type of a JSON value, and what a `type` written
//! next to a `$ref` says about the schema the `$ref` names.

use serde_json::Value;

/// The JSON Schema type of a JSON value (`integer` for whole numbers).
pub(crate) fn json_type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether a JSON value has the JSON Schema type `name`.
pub(crate) fn json_type_is(value: &Value, name: &str) -> bool {
    match name {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => false,
    }
}

/// Whether `sibling`, the `type` written next to a `$ref`, only restates the
/// type of `target`, the schema the `$ref` names (Mastodon writes `type:
/// string` next to a `$ref` to a string enum): ignoring it loses nothing.
pub(crate) fn type_restates(sibling: &Value, target: &Value) -> bool {
    match target.get("type") {
        Some(ty) => ty == sibling,
        None => match (sibling.as_str(), target.get("enum")) {
            (Some(name), Some(Value::Array(values))) => {
                !values.is_empty() && values.iter().all(|value| json_type_is(value, name))
            }
            (Some("object"), None) => target.get("properties").is_some(),
            _ => false,
        },
    }
}

/// Whether `sibling`, the `type` next to a `$ref`, is the type of `target`
/// and `"null"` (`[string, "null"]` next to a string): the writer means the
/// target, nullable, and it is read so.
pub(crate) fn type_adds_null(sibling: &Value, target: &Value) -> bool {
    let Value::Array(types) = sibling else {
        return false;
    };
    let others: Vec<&Value> = types.iter().filter(|ty| *ty != "null").collect();
    match others.as_slice() {
        [only] => types.len() == 2 && type_restates(only, target),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_type_next_to_a_reference_restates_its_target_or_adds_null() {
        let string_enum = json!({"enum": ["a", "b"]});
        assert!(type_restates(&json!("string"), &string_enum));
        assert!(type_restates(&json!("object"), &json!({"properties": {}})));
        assert!(type_restates(
            &json!("integer"),
            &json!({"type": "integer"})
        ));
        assert!(!type_restates(&json!("integer"), &string_enum));
        assert!(type_adds_null(&json!(["string", "null"]), &string_enum));
        assert!(!type_adds_null(&json!(["string", "integer"]), &string_enum));
        assert!(!type_adds_null(&json!("string"), &string_enum));
    }

    #[test]
    fn whole_numbers_are_integers_and_numbers() {
        assert_eq!(json_type_of(&json!(1)), "integer");
        assert_eq!(json_type_of(&json!(1.5)), "number");
        assert!(json_type_is(&json!(1), "number"));
        assert!(!json_type_is(&json!(1.5), "integer"));
        assert!(!json_type_is(&json!("a"), "text"));
    }
}
