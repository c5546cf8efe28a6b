//! Numeric constraints checked exactly (`multipleOf`, fractional and
//! exclusive bounds) and a map's `propertyNames` checked on its keys: the
//! checks generated for them and the warnings for what stays unchecked.

use generator::{Diagnostic, Generated};

mod support;

use support::{V30, V31, generated};

/// A document sending one body, `Thing`, with these properties (indented
/// for `properties:`), and these other components.
fn sending(header: &str, properties: &str, components: &str) -> String {
    format!(
        r#"{header}paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Thing'
      responses:
        '204':
          description: ok
components:
  schemas:
{components}    Thing:
      type: object
      properties:
{properties}"#
    )
}

/// The generated file at `path` with all whitespace removed, so checks can
/// be looked for whatever the line breaks.
fn compact(generated: &Generated, path: &str) -> String {
    generated
        .files
        .iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
        .split_whitespace()
        .collect()
}

fn assert_has(text: &str, expected: &str) {
    let expected: String = expected.split_whitespace().collect();
    assert!(text.contains(&expected), "no `{expected}` in:\n{text}");
}

fn warning_at<'g>(generated: &'g Generated, pointer: &str) -> &'g Diagnostic {
    generated
        .warnings
        .iter()
        .find(|w| w.pointer == pointer)
        .unwrap_or_else(|| panic!("no warning at {pointer}: {}", generated.warnings))
}

#[test]
fn multiple_of_and_fractional_bounds_are_checked_exactly() {
    let schema = sending(
        V31,
        r#"        price: {type: number, multipleOf: 0.01, exclusiveMinimum: 0, maximum: 99.99}
        weight: {type: number, format: float, minimum: 0.5, exclusiveMaximum: 1.5e3}
        quantity: {type: integer, multipleOf: 5, minimum: 0, maximum: 1000}
        whole: {type: number, minimum: -3, maximum: 10}
        any_integer: {type: integer, multipleOf: 0.25}
"#,
        "",
    );
    let generated = generated(&schema);
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
    let models = compact(&generated, "models.rs");
    assert_has(
        &models,
        r#"crate::Constraint::ExclusiveMinimum(crate::Decimal::new(0, 0)).check_number("price", *value)?;"#,
    );
    assert_has(
        &models,
        r#"crate::Constraint::DecimalMaximum(crate::Decimal::new(9999, -2)).check_number("price", *value)?;"#,
    );
    assert_has(
        &models,
        r#"crate::Constraint::MultipleOf(crate::Decimal::new(1, -2)).check_number("price", *value)?;"#,
    );
    // An `f32` is checked as the `f32` it is (and is sent as).
    assert_has(
        &models,
        r#"crate::Constraint::DecimalMinimum(crate::Decimal::new(5, -1)).check_f32("weight", *value)?;"#,
    );
    assert_has(
        &models,
        r#"crate::Constraint::ExclusiveMaximum(crate::Decimal::new(15, 2)).check_f32("weight", *value)?;"#,
    );
    // Integers: exactly too; whole bounds on numbers stay as they were.
    assert_has(
        &models,
        r#"crate::Constraint::MultipleOf(crate::Decimal::new(5, 0)).check("quantity", *value)?;"#,
    );
    assert_has(
        &models,
        r#"crate::Constraint::Minimum(-3).check_number("whole", *value)?;"#,
    );
    // Every integer is a multiple of 0.25: nothing to check.
    assert!(!models.contains(r#"check("any_integer""#), "{models}");
}

#[test]
fn fractional_bounds_on_query_parameters_are_checked() {
    let schema = format!(
        r#"{V31}paths:
  /scores:
    get:
      operationId: listScores
      parameters:
        - name: min
          in: query
          schema:
            type: number
            minimum: 0.5
            multipleOf: 0.5
      responses:
        '204':
          description: ok
"#
    );
    let generated = generated(&schema);
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
    let operation = compact(&generated, "operations/list_scores.rs");
    assert_has(
        &operation,
        r#"crate::Constraint::DecimalMinimum(crate::Decimal::new(5, -1)).check_number("min","#,
    );
    assert_has(
        &operation,
        r#"crate::Constraint::MultipleOf(crate::Decimal::new(5, -1)).check_number("min","#,
    );
}

#[test]
fn openapi_3_0_boolean_exclusive_bounds_are_strict() {
    let schema = sending(
        V30,
        r#"        ratio: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: false}
        share: {type: number, maximum: 0.75, exclusiveMaximum: true}
"#,
        "",
    );
    let generated = generated(&schema);
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
    let models = compact(&generated, "models.rs");
    assert_has(
        &models,
        r#"crate::Constraint::ExclusiveMinimum(crate::Decimal::new(0, 0)).check_number("ratio", *value)?;"#,
    );
    assert_has(
        &models,
        r#"crate::Constraint::Maximum(1).check_number("ratio", *value)?;"#,
    );
    assert_has(
        &models,
        r#"crate::Constraint::ExclusiveMaximum(crate::Decimal::new(75, -2)).check_number("share", *value)?;"#,
    );
    assert!(!models.contains("Minimum(0)"), "{models}");
}

#[test]
fn multiple_of_that_cannot_be_checked_is_said() {
    let schema = sending(
        V31,
        r#"        zero: {type: number, multipleOf: 0}
        negative: {type: integer, multipleOf: -2}
        text: {type: number, multipleOf: "0.5"}
        name: {type: string, multipleOf: 2}
        low: {type: number, minimum: "1"}
"#,
        "",
    );
    let generated = generated(&schema);
    let at = |field: &str, key: &str| {
        warning_at(
            &generated,
            &format!("/components/schemas/Thing/properties/{field}/{key}"),
        )
        .message
        .clone()
    };
    let not_positive = "`multipleOf` must be a number greater than 0; it is ignored";
    assert_eq!(at("zero", "multipleOf"), not_positive);
    assert_eq!(at("negative", "multipleOf"), not_positive);
    assert_eq!(at("text", "multipleOf"), not_positive);
    assert_eq!(
        at("name", "multipleOf"),
        "`multipleOf` only applies to `type: integer`; it is ignored here"
    );
    assert_eq!(
        at("low", "minimum"),
        "`minimum` must be a number; it is ignored"
    );
    let line = warning_at(
        &generated,
        "/components/schemas/Thing/properties/zero/multipleOf",
    )
    .line;
    assert_eq!(line, 23);
    assert_eq!(generated.warnings.len(), 5, "{}", generated.warnings);
    assert!(!compact(&generated, "models.rs").contains("MultipleOf"));
}

#[test]
fn property_names_are_checked_on_every_key() {
    let schema = sending(
        V31,
        r#"        labels:
          type: object
          propertyNames: {$ref: '#/components/schemas/Label'}
          additionalProperties: {type: string}
        markers:
          type: object
          propertyNames: {enum: [home, notifications]}
          additionalProperties: {type: integer, maximum: 5}
        slugs:
          type: object
          propertyNames: {type: string, pattern: '^[a-z]+$', minLength: 1}
          patternProperties:
            '^[a-z]+$': {type: boolean}
        plain:
          type: object
          additionalProperties: {type: string}
"#,
        r#"    Label:
      type: string
      maxLength: 8
"#,
    );
    let generated = generated(&schema);
    let messages: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["which names match the pattern is not checked"],
        "{}",
        generated.warnings
    );
    let models = compact(&generated, "models.rs");
    // A map with only key constraints is still validated.
    assert_has(
        &models,
        r#"for key0 in value.keys() { crate::Constraint::MaxLength(8).check_key("labels", key0)?; }"#,
    );
    // Keys and values in one loop.
    assert_has(
        &models,
        r#"for (key0, item0) in value { crate::Constraint::Enum(&["home", "notifications"]).check_key("markers", key0)?;"#,
    );
    assert_has(
        &models,
        r#"crate::Constraint::MinLength(1).check_key("slugs", key0)?;"#,
    );
    assert_has(
        &models,
        r#"static PATTERN: crate::Pattern = crate::Pattern::new("^[a-z]+$"); crate::Constraint::check_key_pattern("slugs", key0, &PATTERN)?;"#,
    );
    assert!(!models.contains(r#"check_key("plain""#), "{models}");
}

#[test]
fn property_names_that_cannot_be_checked_are_said() {
    let schema = sending(
        V31,
        r#"        free:
          type: object
          propertyNames: {maxLength: 3}
        odd:
          type: object
          propertyNames: {maxLength: 3, not: {const: x}, pattern: '(', type: integer}
          additionalProperties: {type: string}
        never:
          type: object
          propertyNames: false
          additionalProperties: {type: string}
"#,
        "",
    );
    let generated = generated(&schema);
    let at = |pointer: &str| {
        warning_at(
            &generated,
            &format!("/components/schemas/Thing/properties/{pointer}"),
        )
        .message
        .clone()
    };
    assert_eq!(
        at("free/propertyNames"),
        "the names of a free-form object are not checked; `propertyNames` is ignored"
    );
    assert_eq!(
        at("odd/propertyNames/not"),
        "`not` in the schema of a map's names is not checked; it is ignored"
    );
    assert_eq!(
        at("odd/propertyNames/pattern"),
        "the pattern of a map's names must be a regular expression the client can compile; it is not checked"
    );
    assert_eq!(
        at("odd/propertyNames/type"),
        "`type` in the schema of a map's names is not checked; it is ignored"
    );
    assert_eq!(generated.warnings.len(), 4, "{}", generated.warnings);
    // What can be checked still is; `false` allows no name at all.
    let models = compact(&generated, "models.rs");
    assert_has(
        &models,
        r#"crate::Constraint::MaxLength(3).check_key("odd", key0)?;"#,
    );
    assert_has(
        &models,
        r#"crate::Constraint::Enum(&[]).check_key("never", key0)?;"#,
    );
}
