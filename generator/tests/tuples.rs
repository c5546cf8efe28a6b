//! Tuples: `prefixItems` (JSON Schema 2020-12, OpenAPI 3.1) and the draft-4
//! `items: [A, B]` with `additionalItems` (OpenAPI 3.0). A tuple of fixed
//! length is a Rust tuple; any other is a tuple struct with `Option`s from
//! `minItems` on and a `Vec` of the items after the prefix, so every valid
//! array decodes. Each test pins one decision, with the warnings it gives.

use generator::{Diagnostic, Input, generate};

/// The models, the operation files joined, and the warnings of a document
/// whose `Thing` has the member `value: <schema>` and is sent and received
/// by `putThing`. `version` is `3.1.0` or `3.0.3`.
struct Output {
    models: String,
    operations: String,
    warnings: Vec<Diagnostic>,
}

fn thing(version: &str, value: &str) -> Output {
    let value = value.trim_end().replace('\n', "\n          ");
    document(&format!(
        r#"openapi: {version}
info:
  title: t
  version: '1'
paths:
  /things:
    put:
      operationId: putThing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Thing'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  schemas:
    Thing:
      type: object
      required: [value]
      properties:
        value:
          {value}
"#
    ))
}

fn document(text: &str) -> Output {
    let generated = generate(&Input {
        schema_path: "schema/test.yaml",
        schema_text: text,
        files: &generator::NoFiles,
    })
    .unwrap_or_else(|diagnostics| panic!("should generate:\n{diagnostics}\n{text}"));
    let file = |path: &str| {
        generated
            .files
            .iter()
            .find(|file| file.path == path)
            .map(|file| file.contents.clone())
            .unwrap_or_else(|| panic!("no {path}"))
    };
    let operations = generated
        .files
        .iter()
        .filter(|file| file.path.starts_with("operations/"))
        .map(|file| file.contents.as_str())
        .collect();
    Output {
        models: file("models.rs"),
        operations,
        warnings: generated.warnings.0,
    }
}

/// The one warning at `pointer`, failing with all of them when there is none.
fn warning_at<'a>(warnings: &'a [Diagnostic], pointer: &str) -> &'a Diagnostic {
    warnings
        .iter()
        .find(|d| d.pointer == pointer)
        .unwrap_or_else(|| panic!("no warning at {pointer}; got:\n{warnings:#?}"))
}

/// Whether `text` holds `code`, whatever the line breaks and indentation.
fn has(text: &str, code: &str) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    squash(text).contains(&squash(code))
}

fn assert_no_warnings(output: &Output) {
    assert!(output.warnings.is_empty(), "{:#?}", output.warnings);
}

#[test]
fn a_closed_tuple_is_a_rust_tuple() {
    // `items: false` and `minItems` the prefix's length.
    let closed = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: string}, {type: integer}], items: false, minItems: 2}"#,
    );
    assert_no_warnings(&closed);
    assert!(
        closed.models.contains("pub value: (String, i64),"),
        "{}",
        closed.models
    );
    // `maxItems` the prefix's length closes it too; a nullable item is an `Option`.
    let bounded = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: string}, {type: [integer, "null"]}], minItems: 2, maxItems: 2}"#,
    );
    assert_no_warnings(&bounded);
    assert!(
        bounded.models.contains("pub value: (String, Option<i64>),"),
        "{}",
        bounded.models
    );
    // One item keeps its comma.
    let single = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: boolean}], items: false, minItems: 1}"#,
    );
    assert!(
        single.models.contains("pub value: (bool,),"),
        "{}",
        single.models
    );
}

#[test]
fn an_open_tuple_is_a_tuple_struct_that_keeps_the_items_after_its_prefix() {
    let open = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: number, description: Longitude.}, {type: number}], items: {type: string}, minItems: 2}"#,
    );
    assert_no_warnings(&open);
    let models = &open.models;
    assert!(models.contains("pub value: ThingValue,"), "{models}");
    assert!(models.contains("pub struct ThingValue(\n"), "{models}");
    assert!(
        models.contains("    /// Longitude.\n    pub f64,\n"),
        "{models}"
    );
    assert!(models.contains("    pub Vec<String>,\n);"), "{models}");
    assert!(
        models.contains(
            "crate::wire::tuple! {\n    ThingValue;\n    required 0;\n    required 1;\n    ..2;\n}"
        ),
        "{models}"
    );
    // Without `items`, any items may follow: they are kept as JSON.
    let any_rest = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: string}], minItems: 1}"#,
    );
    assert!(
        any_rest.models.contains("pub Vec<serde_json::Value>,"),
        "{}",
        any_rest.models
    );
}

#[test]
fn items_from_min_items_on_are_optional() {
    // Without `minItems` an empty array is valid: every item is an `Option`,
    // and the struct has a `Default`.
    let output = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: string}, {type: [integer, "null"]}], items: false}"#,
    );
    assert_no_warnings(&output);
    let models = &output.models;
    assert!(
        models.contains("#[derive(Clone, Debug, Default, PartialEq)]\npub struct ThingValue("),
        "{models}"
    );
    assert!(models.contains("pub Option<String>,"), "{models}");
    assert!(
        models.contains("    optional 0;\n    optional_nullable 1;\n}"),
        "{models}"
    );
    assert!(
        models.contains("and no more items"),
        "closed: no rest field\n{models}"
    );
    // With `minItems: 1` the first item must be there.
    let output = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: string}, {type: integer}], items: false, minItems: 1}"#,
    );
    assert!(
        output
            .models
            .contains("    required 0;\n    optional 1;\n}"),
        "{}",
        output.models
    );
}

#[test]
fn the_draft_4_list_of_items_is_the_same_tuple() {
    let closed = thing(
        "3.0.3",
        r#"{type: array, items: [{type: string}, {type: integer, nullable: true}], additionalItems: false, minItems: 2}"#,
    );
    assert_no_warnings(&closed);
    assert!(
        closed.models.contains("pub value: (String, Option<i64>),"),
        "{}",
        closed.models
    );
    let open = thing(
        "3.0.3",
        r#"{type: array, items: [{type: string}], additionalItems: {type: integer}, minItems: 1}"#,
    );
    assert_no_warnings(&open);
    assert!(open.models.contains("pub Vec<i64>,\n);"), "{}", open.models);
}

#[test]
fn constraints_inside_items_are_checked_before_sending() {
    let closed = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: string, maxLength: 3}, {type: integer, minimum: 1, maximum: 9}], items: false, minItems: 2}"#,
    );
    let models = &closed.models;
    assert!(
        has(models, "let item0_0 = &value.0;")
            && has(
                models,
                r#"crate::Constraint::MaxLength(3).check_len("value[0]", item0_0.chars().count())?;"#
            ),
        "{models}"
    );
    assert!(
        has(
            models,
            r#"crate::Constraint::Maximum(9).check("value[1]", *item0_1)?;"#
        ),
        "{models}"
    );
    // An open tuple checks its items, the items after them and its length.
    let open = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: string, maxLength: 3}], items: {type: integer, maximum: 9}, minItems: 2, maxItems: 4}"#,
    );
    let models = &open.models;
    assert!(
        has(
            models,
            r#"crate::Constraint::MaxLength(3).check_len("[0]", value.chars().count())?;"#
        ),
        "{models}"
    );
    assert!(
        has(
            models,
            r#"crate::Constraint::MinItems(2).check_len("", 1 + self.1.len())?;"#
        ) && has(
            models,
            r#"crate::Constraint::MaxItems(4).check_len("", 1 + self.1.len())?;"#
        ),
        "{models}"
    );
    assert!(
        has(models, "for (index, value) in self.1.iter().enumerate() {")
            && has(models, r#"["[", (index + 1).to_string().as_str(), "]"]"#),
        "{models}"
    );
    // Thing's own check names the member: `value[0]`.
    assert!(
        has(
            models,
            r#"crate::Validate::validate(value).map_err(|error| error.within("value"))?;"#
        ),
        "{models}"
    );
}

#[test]
fn objects_inside_items_are_named_after_their_position() {
    let output = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: string}, {type: object, properties: {kind: {type: string}}}], items: false, minItems: 2}"#,
    );
    assert_no_warnings(&output);
    assert!(
        output
            .models
            .contains("pub value: (String, ThingValueItem1),"),
        "{}",
        output.models
    );
    assert!(output.models.contains("pub struct ThingValueItem1 {"));
    // Inside a tuple struct, the items after the prefix are `{name}Item`.
    let output = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: object, properties: {a: {type: string}}}], items: {type: object, properties: {b: {type: string}}}}"#,
    );
    assert!(
        output.models.contains("pub struct ThingValueItem0 {"),
        "{}",
        output.models
    );
    assert!(
        output.models.contains("pub struct ThingValueItem {"),
        "{}",
        output.models
    );
    assert!(
        output.models.contains("pub Vec<ThingValueItem>,"),
        "{}",
        output.models
    );
}

#[test]
fn tuples_are_query_parameters_and_bodies() {
    let output = document(
        r#"openapi: 3.1.0
info:
  title: t
  version: '1'
paths:
  /places:
    post:
      operationId: findPlaces
      parameters:
        - name: near
          in: query
          required: true
          style: form
          explode: false
          schema:
            type: array
            prefixItems: [{type: number}, {type: number}]
            items: false
            minItems: 2
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: array
              prefixItems: [{type: string, minLength: 1}, {type: integer}]
              items: false
              minItems: 2
      responses:
        '204':
          description: ok
"#,
    );
    assert_no_warnings(&output);
    let operations = &output.operations;
    assert!(has(operations, "near: (f64, f64),"), "{operations}");
    assert!(has(operations, "body: &(String, i64),"), "{operations}");
    assert!(
        has(
            operations,
            r#"crate::Constraint::MinLength(1).check_len("[0]", item0_0.chars().count())?;"#
        ),
        "{operations}"
    );
    assert!(has(operations, "QueryStyle::FORM)?"), "{operations}");
}

#[test]
fn a_tuple_containing_itself_is_boxed() {
    let output = document(
        r#"openapi: 3.1.0
info:
  title: t
  version: '1'
paths: {}
components:
  schemas:
    Tree:
      type: array
      prefixItems:
        - type: string
        - $ref: '#/components/schemas/Tree'
      items: false
      minItems: 1
    Node:
      type: object
      required: [pair]
      properties:
        pair:
          type: array
          prefixItems: [{type: string}, {$ref: '#/components/schemas/Node'}]
          items: false
          minItems: 2
"#,
    );
    assert_no_warnings(&output);
    assert!(
        output.models.contains("pub Option<Box<Tree>>,"),
        "{}",
        output.models
    );
    assert!(
        output.models.contains("pub pair: Box<(String, Node)>,"),
        "a Rust tuple holds its items directly\n{}",
        output.models
    );
}

#[test]
fn a_tuple_that_can_have_no_item_is_an_empty_list() {
    // `()` would be `null` on the wire.
    let output = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: string}], maxItems: 0}"#,
    );
    assert!(
        output.models.contains("pub value: Vec<serde_json::Value>,"),
        "{}",
        output.models
    );
    assert!(
        has(
            &output.models,
            r#"crate::Constraint::MaxItems(0).check_len("value", value.len())?;"#
        ),
        "{}",
        output.models
    );
    let cut = warning_at(
        &output.warnings,
        "/components/schemas/Thing/properties/value/maxItems",
    );
    assert!(cut.message.contains("can never be present"), "{cut}");
}

#[test]
fn a_fixed_tuple_longer_than_twelve_items_is_a_tuple_struct() {
    let items = vec!["{type: integer}"; 13].join(", ");
    let output = thing(
        "3.1.0",
        &format!("{{type: array, prefixItems: [{items}], items: false, minItems: 13}}"),
    );
    assert_no_warnings(&output);
    assert!(
        output.models.contains("pub struct ThingValue("),
        "{}",
        output.models
    );
    assert!(
        output.models.contains("    required 12;\n}"),
        "{}",
        output.models
    );
}

#[test]
fn what_a_tuple_cannot_keep_is_a_located_warning() {
    let output = thing(
        "3.1.0",
        r#"{type: array, prefixItems: [{type: string, readOnly: true}, {type: integer}, {type: integer}], additionalItems: false, uniqueItems: true, maxItems: 2, minItems: 2}"#,
    );
    let value = "/components/schemas/Thing/properties/value";
    let cut = warning_at(&output.warnings, &format!("{value}/maxItems"));
    assert!(cut.message.contains("can never be present"), "{cut}");
    let unique = warning_at(&output.warnings, &format!("{value}/uniqueItems"));
    assert!(unique.message.contains("not checked"), "{unique}");
    let additional = warning_at(&output.warnings, &format!("{value}/additionalItems"));
    assert!(
        additional.message.contains("next to `prefixItems`"),
        "{additional}"
    );
    let read_only = warning_at(&output.warnings, &format!("{value}/prefixItems/0/readOnly"));
    assert!(read_only.message.contains("tuple item"), "{read_only}");
    assert_eq!(output.warnings.len(), 4, "{:#?}", output.warnings);
    // Cut to two items, both required: a Rust tuple.
    assert!(
        output.models.contains("pub value: (String, i64),"),
        "{}",
        output.models
    );
    // `additionalItems` after a schema (not a list) of `items` does nothing.
    let output = thing(
        "3.0.3",
        r#"{type: array, items: {type: string}, additionalItems: false}"#,
    );
    let warning = warning_at(&output.warnings, &format!("{value}/additionalItems"));
    assert!(
        warning.message.contains("only applies after a list"),
        "{warning}"
    );
    // `prefixItems` on something that is not an array.
    let output = thing("3.1.0", r#"{type: string, prefixItems: [{type: string}]}"#);
    let warning = warning_at(&output.warnings, &format!("{value}/prefixItems"));
    assert!(
        warning.message.contains("only applies to `type: array`"),
        "{warning}"
    );
}

#[test]
fn a_tuple_component_used_twice_is_one_type() {
    let output = document(
        r#"openapi: 3.1.0
info:
  title: t
  version: '1'
paths: {}
components:
  schemas:
    Position:
      type: array
      prefixItems: [{type: number}, {type: number}]
      items: {type: number}
      minItems: 2
    Line:
      type: object
      required: [from, to]
      properties:
        from: {$ref: '#/components/schemas/Position'}
        to: {$ref: '#/components/schemas/Position'}
"#,
    );
    assert_no_warnings(&output);
    assert_eq!(output.models.matches("pub struct Position(").count(), 1);
    assert!(
        output.models.contains("pub from: Position,"),
        "{}",
        output.models
    );
    assert!(
        output.models.contains("pub to: Position,"),
        "{}",
        output.models
    );
}
