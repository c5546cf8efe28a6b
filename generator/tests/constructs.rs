//! Each construct of real-world OpenAPI 3.0 and 3.1 documents that the
//! generator accepts, in the order of the issue that listed them: what it
//! becomes in the generated Rust, and what the generator says (the exact
//! warning, with its line, column and pointer) where it ignores or weakens
//! something. The `openapi30` and `openapi31` fixtures hold the same
//! constructs side by side, and their output is compiled.

use generator::{Generated, Input, Severity, generate};

mod support;

use support::{FILE, V30, V31, file, generated};

/// The generated item that starts with the line `start` (`pub struct A {`),
/// up to its closing brace.
fn item<'m>(text: &'m str, start: &str) -> &'m str {
    let begin = text
        .find(&format!("\n{start}"))
        .unwrap_or_else(|| panic!("no `{start}` in:\n{text}"));
    let rest = &text[begin + 1..];
    let end = rest.find("\n}\n").map_or(rest.len(), |end| end + 2);
    &rest[..end]
}

/// Asserts that the struct `name` of `models.rs` has the member `field`
/// (written on one line, as `pub n: Option<i64>,`).
#[track_caller]
fn has_field(generated: &Generated, name: &str, field: &str) {
    let models = file(generated, "models.rs");
    let body = item(models, &format!("pub struct {name} {{"));
    assert!(
        one_line(body).contains(&format!("\n{field}\n")),
        "`{field}` not in:\n{body}"
    );
}

/// An item with each member on one line, as `prettyplease` would write it
/// if lines had no limit.
fn one_line(body: &str) -> String {
    let mut out = String::new();
    for line in body.lines() {
        let line = line.trim();
        let continues = out.ends_with('<') || line.starts_with('>') || line.starts_with("::");
        if !continues {
            out.push('\n');
        }
        out.push_str(line);
    }
    out.push('\n');
    out.replace(",>", ">")
}

/// The warnings, one `file:line:col: warning at /pointer: message` each.
fn warnings(generated: &Generated) -> Vec<String> {
    generated.warnings.iter().map(ToString::to_string).collect()
}

/// The warning expected where `needle` starts: on the first line that
/// starts with it (after indentation), else the first that contains it.
fn warning_at(schema: &str, needle: &str, pointer: &str, message: &str) -> String {
    let lines = || schema.lines().enumerate();
    let (line, column) = lines()
        .find(|(_, text)| text.trim_start().starts_with(needle))
        .or_else(|| lines().find(|(_, text)| text.contains(needle)))
        .map(|(index, text)| (index + 1, text.find(needle).unwrap_or_default() + 1))
        .unwrap_or_else(|| panic!("no `{needle}` in the schema"));
    format!("{FILE}:{line}:{column}: warning at {pointer}: {message}")
}

/// A document with no paths and these schema components.
fn components(header: &str, schemas: &str) -> String {
    format!("{header}paths: {{}}\ncomponents:\n  schemas:\n{schemas}")
}

/// A document with these schema components, `A` sent as a request body (so
/// its constraints are checked).
fn sent(header: &str, schemas: &str) -> String {
    format!(
        "{header}paths:\n  /a:\n    post:\n      operationId: postA\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/A'\n      responses:\n        '204':\n          description: ok\ncomponents:\n  schemas:\n{schemas}"
    )
}

// 1. Errors and warnings.

#[test]
fn unknown_keywords_are_ignored_with_a_located_warning() {
    let schema = components(
        V31,
        r#"    A:
      $schema: 'https://json-schema.org/draft/2020-12/schema'
      type: object
      unevaluatedProperties: false
      properties:
        n:
          type: array
          contains: {type: string}
"#,
    );
    let generated = generated(&schema);
    let unsupported =
        |key: &str| format!("the schema keyword `{key}` is not supported; it is ignored");
    assert_eq!(
        warnings(&generated),
        [
            warning_at(
                &schema,
                "$schema",
                "/components/schemas/A/$schema",
                &unsupported("$schema")
            ),
            warning_at(
                &schema,
                "unevaluatedProperties",
                "/components/schemas/A/unevaluatedProperties",
                &unsupported("unevaluatedProperties"),
            ),
            warning_at(
                &schema,
                "contains",
                "/components/schemas/A/properties/n/contains",
                &unsupported("contains"),
            ),
        ]
    );
    has_field(&generated, "A", "pub n: Option<Vec<serde_json::Value>>,");
}

/// JSON Schema applies each keyword to values of its type only: elsewhere it
/// is ignored, and said, and the type is what `type` says.
#[test]
fn keywords_of_another_type_are_ignored_with_a_warning() {
    let schema = components(
        V31,
        r#"    A:
      type: object
      properties:
        text:
          type: string
          minimum: 1
          exclusiveMaximum: 9
          uniqueItems: true
          additionalProperties: {type: string}
        count:
          type: integer
          maxLength: 3
          pattern: '^1'
          minProperties: 1
        list:
          type: array
          items: {type: boolean}
          maxProperties: 2
          minLength: 1
"#,
    );
    let generated = generated(&schema);
    let applies = |key: &str, owner: &str| {
        format!("`{key}` only applies to `type: {owner}`; it is ignored here")
    };
    let at = |property: &str, key: &str, owner: &str| {
        warning_at(
            &schema,
            &format!("{key}:"),
            &format!("/components/schemas/A/properties/{property}/{key}"),
            &applies(key, owner),
        )
    };
    assert_eq!(
        warnings(&generated),
        [
            at("text", "minimum", "integer"),
            at("text", "exclusiveMaximum", "integer"),
            at("text", "uniqueItems", "array"),
            at("text", "additionalProperties", "object"),
            at("count", "maxLength", "string"),
            at("count", "pattern", "string"),
            at("count", "minProperties", "object"),
            at("list", "maxProperties", "object"),
            at("list", "minLength", "string"),
        ]
    );
    has_field(&generated, "A", "pub text: Option<String>,");
    has_field(&generated, "A", "pub count: Option<i64>,");
    has_field(&generated, "A", "pub list: Option<Vec<bool>>,");
    // Nothing of the ignored keywords is checked.
    assert!(!file(&generated, "models.rs").contains("fn validate"));
}

/// A callback or webhook no one can read costs no client method: it is a
/// warning, and the rest of the document generates.
#[test]
fn unreadable_callbacks_and_webhooks_are_warnings() {
    let schema = format!(
        r#"{V31}paths:
  /a:
    get:
      operationId: getA
      callbacks:
        broken: 7
        listed: [1]
      responses:
        '204':
          description: ok
webhooks:
  hook: nothing
"#
    );
    let generated = generated(&schema);
    assert_eq!(
        warnings(&generated),
        [
            warning_at(
                &schema,
                "broken:",
                "/paths/~1a/get/callbacks/broken",
                "a callback must be an object; it is ignored"
            ),
            warning_at(
                &schema,
                "listed:",
                "/paths/~1a/get/callbacks/listed",
                "a callback must be an object; it is ignored"
            ),
            warning_at(
                &schema,
                "hook:",
                "/webhooks/hook",
                "a path item must be an object; it is ignored"
            ),
        ]
    );
    assert!(file(&generated, "operations/mod.rs").contains("mod get_a;"));
}

#[test]
fn a_parameter_without_a_name_is_an_error() {
    let schema = format!(
        "{V31}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - in: query\n          schema: {{type: string}}\n      responses:\n        '204':\n          description: ok\n"
    );
    let errors = generate(&Input {
        schema_path: FILE,
        schema_text: &schema,
        files: &generator::NoFiles,
    })
    .expect_err("a parameter without a name has no reading");
    assert_eq!(errors.len(), 1, "{errors}");
    assert_eq!(errors.0[0].pointer, "/paths/~1a/get/parameters/0");
    assert_eq!(errors.0[0].severity, Severity::Error);
}

// 2. Schemas.

/// OpenAPI 3.0's `nullable`, on a type and next to a `$ref`: `Option`, and a
/// required nullable member is sent as `null` rather than left out.
#[test]
fn nullable_of_openapi_30_also_next_to_a_ref() {
    let schema = components(
        V30,
        r#"    B:
      type: object
      properties:
        x: {type: string}
    A:
      type: object
      required: [name, parent]
      properties:
        name:
          type: string
          nullable: true
        parent:
          $ref: '#/components/schemas/B'
          nullable: true
        level:
          type: string
          enum: [low, high, null]
          nullable: true
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "A", "pub name: Option<String>,");
    has_field(&generated, "A", "pub parent: Option<B>,");
    has_field(&generated, "A", "pub level: Option<ALevel>,");
    let object = item(
        file(&generated, "models.rs"),
        "crate::wire::object! {\n    A;",
    );
    assert!(object.contains("nullable name;"), "{object}");
    assert!(object.contains("nullable parent;"), "{object}");
}

/// `exclusiveMinimum: true` makes `minimum` exclusive (OpenAPI 3.0); the
/// integer type and the checks follow the range it leaves.
#[test]
fn boolean_exclusive_bounds_of_openapi_30() {
    let schema = sent(
        V30,
        r#"    A:
      type: object
      properties:
        n:
          type: integer
          minimum: 0
          exclusiveMinimum: true
          maximum: 300
          exclusiveMaximum: true
"#,
    );
    let generated = generated(&schema);
    has_field(&generated, "A", "pub n: Option<u16>,");
    let models = file(&generated, "models.rs");
    assert!(
        models.contains("crate::Constraint::Minimum(1).check(\"n\", *value)?;"),
        "{models}"
    );
    assert!(
        models.contains("crate::Constraint::Maximum(299).check(\"n\", *value)?;"),
        "{models}"
    );
}

/// On a `number`, a boolean-exclusive bound is checked as the exclusive
/// bound it is, never weakened to an inclusive one.
#[test]
fn boolean_exclusive_bounds_on_numbers_are_not_weakened() {
    let schema = sent(
        V30,
        r#"    A:
      type: object
      properties:
        n:
          type: number
          minimum: 0
          exclusiveMinimum: true
          maximum: 1
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    let models = file(&generated, "models.rs");
    assert!(!models.contains("Constraint::Minimum(0)"), "{models}");
    assert!(
        models.contains("crate::Constraint::ExclusiveMinimum(crate::Decimal::new(0, 0))"),
        "{models}"
    );
    assert!(
        models.contains("crate::Constraint::Maximum(1).check_number(\"n\""),
        "{models}"
    );
}

#[test]
fn ref_siblings_other_than_annotations_are_ignored_in_openapi_30() {
    let schema = components(
        V30,
        r#"    B:
      type: string
    A:
      type: object
      properties:
        b:
          $ref: '#/components/schemas/B'
          description: Documents this use.
          maxLength: 3
"#,
    );
    let generated = generated(&schema);
    assert_eq!(
        warnings(&generated),
        [warning_at(
            &schema,
            "maxLength",
            "/components/schemas/A/properties/b/maxLength",
            "`maxLength` next to `$ref` is ignored (OpenAPI 3.0 reads only annotations such as `description` and `nullable` there)"
        )]
    );
    has_field(&generated, "A", "pub b: Option<String>,");
    assert!(file(&generated, "models.rs").contains("/// Documents this use."));
}

/// `const` of a string, an integer and a boolean (3.1).
#[test]
fn const_of_each_kind() {
    let schema = components(
        V31,
        r#"    A:
      type: object
      required: [kind, version, on]
      properties:
        kind: {const: created}
        version: {const: 2}
        on: {const: true}
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "A", "pub kind: AKind,");
    has_field(&generated, "A", "pub version: AVersion,");
    has_field(&generated, "A", "pub on: AOn,");
    let models = file(&generated, "models.rs");
    assert!(models.contains("Created = \"created\";"), "{models}");
    assert!(models.contains("Value2 = 2;"), "{models}");
    assert!(models.contains("pub type AOn = bool;"), "{models}");
}

/// `$defs` holds schemas that `$ref`s name: followed, and no warning.
#[test]
fn defs_are_followed_without_a_warning() {
    let schema = components(
        V31,
        r#"    A:
      type: object
      properties:
        size:
          $ref: '#/components/schemas/A/$defs/Size'
        point:
          $ref: '#/components/schemas/A/definitions/Point'
      $defs:
        Size:
          type: integer
          format: int32
      definitions:
        Point:
          type: object
          properties:
            x: {type: number}
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "A", "pub size: Option<i32>,");
    has_field(&generated, "A", "pub point: Option<APoint>,");
    has_field(&generated, "APoint", "pub x: Option<f64>,");
}

/// Formats are an open set, on every type: the unknown ones give the base type.
#[test]
fn formats_on_every_type_map_to_the_base_type() {
    let schema = components(
        V31,
        r#"    A:
      type: object
      properties:
        unix: {type: integer, format: unixtime}
        stamp: {type: integer, format: date-time}
        at: {type: string, format: date-time}
        account: {type: string, format: vendor-account}
        raw: {type: string, format: binary}
        encoded: {type: string, format: byte}
        amount: {type: number, format: decimal}
        ratio: {type: number, format: float}
        on: {type: boolean, format: vendor-flag}
        list: {type: array, format: vendor-list, items: {type: string, format: uuid}}
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    for field in [
        "pub unix: Option<i64>,",
        "pub stamp: Option<i64>,",
        "pub at: Option<crate::Timestamp>,",
        "pub account: Option<String>,",
        "pub raw: Option<String>,",
        "pub encoded: Option<String>,",
        "pub amount: Option<f64>,",
        "pub ratio: Option<f32>,",
        "pub on: Option<bool>,",
        "pub list: Option<Vec<String>>,",
    ] {
        has_field(&generated, "A", field);
    }
}

/// Enums of booleans are `bool`; of mixed types a union of one enum per
/// type; with `null`, nullable.
#[test]
fn enums_of_booleans_of_mixed_types_and_with_null() {
    let schema = components(
        V31,
        r#"    A:
      type: object
      required: [flag, mixed, maybe, size]
      properties:
        flag: {enum: [true, false]}
        mixed: {enum: [1, one, true]}
        maybe: {type: [string, 'null'], enum: [a, b, null]}
        size: {type: [integer, 'null'], enum: [1, 2, null]}
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "A", "pub flag: AFlag,");
    has_field(&generated, "A", "pub mixed: AMixed,");
    has_field(&generated, "A", "pub maybe: Option<AMaybe>,");
    has_field(&generated, "A", "pub size: Option<ASize>,");
    let models = file(&generated, "models.rs");
    assert!(models.contains("pub type AFlag = bool;"), "{models}");
    // One variant per type of value: `1`, `"one"`, `true`.
    let mixed = &models[models.find("pub enum AMixed {").expect("a union")..];
    let mixed = &mixed[..mixed.find("\n}\n").expect("its end")];
    assert_eq!(mixed.matches("(").count(), 3, "{mixed}");
    assert!(
        !models.contains("pub type AMixed = serde_json::Value;"),
        "{models}"
    );
    assert!(
        models.contains("crate::wire::int_enum! {\n    ASize;"),
        "{models}"
    );
}

/// Integer bounds written as floats count as the integers they are; bounds
/// beyond 64 bits bound nothing a Rust integer holds.
#[test]
fn integer_bounds_as_floats_and_beyond_64_bits() {
    let schema = sent(
        V31,
        r#"    A:
      type: object
      properties:
        small: {type: integer, minimum: 1.0, maximum: 200.0}
        huge: {type: integer, minimum: -1.0e40, maximum: 1.0e40}
        positive: {type: integer, format: int64, minimum: 0, maximum: 1.0e30}
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "A", "pub small: Option<u8>,");
    has_field(&generated, "A", "pub huge: Option<i64>,");
    has_field(&generated, "A", "pub positive: Option<u64>,");
    let models = file(&generated, "models.rs");
    assert!(
        models.contains("crate::Constraint::Minimum(1).check(\"small\", *value)?;"),
        "{models}"
    );
    assert!(
        models.contains("crate::Constraint::Maximum(200).check(\"small\", *value)?;"),
        "{models}"
    );
    assert!(
        !models.contains("check(\"huge\""),
        "no check on `huge`:\n{models}"
    );
}

#[test]
fn pattern_properties_is_a_map_and_additional_properties_false_keeps_nothing_else() {
    let schema = components(
        V31,
        r#"    A:
      type: object
      additionalProperties: false
      properties:
        labels:
          type: object
          patternProperties:
            '^[a-z]+$': {type: integer, format: int32}
    Empty:
      type: object
      additionalProperties: false
"#,
    );
    let generated = generated(&schema);
    assert_eq!(
        warnings(&generated),
        [warning_at(
            &schema,
            "patternProperties",
            "/components/schemas/A/properties/labels/patternProperties",
            "which names match the pattern is not checked"
        )]
    );
    let models = file(&generated, "models.rs");
    has_field(
        &generated,
        "A",
        "pub labels: Option<BTreeMap<String, i32>>,",
    );
    assert!(
        !item(models, "pub struct A {").contains("extra"),
        "{models}"
    );
    assert!(models.contains("pub struct Empty {}"), "{models}");
}

/// `allOf` of a `$ref` to an object and more properties, with members that
/// only annotate (`{description}`, `{nullable: true}`).
#[test]
fn all_of_a_ref_plus_properties_and_annotation_only_members() {
    let schema = components(
        V30,
        r#"    Base:
      type: object
      required: [id]
      properties:
        id: {type: string}
    Derived:
      allOf:
        - $ref: '#/components/schemas/Base'
        - description: Only annotates.
        - type: object
          required: [name]
          properties:
            name: {type: string}
    Holder:
      type: object
      required: [base]
      properties:
        base:
          allOf:
            - $ref: '#/components/schemas/Base'
            - nullable: true
            - description: The base, or null.
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "Derived", "pub id: String,");
    has_field(&generated, "Derived", "pub name: String,");
    has_field(&generated, "Holder", "pub base: Option<Base>,");
    let models = file(&generated, "models.rs");
    assert!(
        item(models, "pub struct Holder {").contains("/// The base, or null."),
        "{models}"
    );
    assert!(models.contains("/// Only annotates."), "{models}");
}

/// `allOf` of a scalar and annotations is that scalar, with its constraints
/// (Box writes `[{type: string, nullable: true, description}, {nullable:
/// false}]`: both must hold, so `null` is not allowed; and `[{enum,
/// description}, {description}]`).
#[test]
fn all_of_a_scalar_plus_annotations() {
    let schema = format!(
        r#"{V30}paths:
  /a:
    post:
      operationId: postA
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [note, sequence, kind]
              properties:
                note:
                  allOf:
                    - type: string
                      maxLength: 3
                    - nullable: true
                    - description: A short note.
                sequence:
                  allOf:
                    - type: string
                      nullable: true
                      description: The sequence.
                    - nullable: false
                kind:
                  allOf:
                    - type: string
                      enum: [a, b]
                      description: The kind, in full.
                    - description: The kind.
      responses:
        '204':
          description: ok
"#
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "PostARequest", "pub note: Option<String>,");
    has_field(&generated, "PostARequest", "pub sequence: String,");
    has_field(&generated, "PostARequest", "pub kind: PostARequestKind,");
    let models = file(&generated, "models.rs");
    assert!(models.contains("/// A short note."), "{models}");
    assert!(models.contains("/// The kind.\n"), "{models}");
    assert!(
        models.contains("crate::Constraint::MaxLength(3).check_len(\"note\""),
        "{models}"
    );
}

/// A `$ref` in `allOf` may name any object in the document, not only a component.
#[test]
fn all_of_a_ref_into_a_schema() {
    let schema = components(
        V31,
        r#"    A:
      type: object
      properties:
        b:
          type: object
          required: [x]
          properties:
            x: {type: string}
    C:
      allOf:
        - $ref: '#/components/schemas/A/properties/b'
        - type: object
          properties:
            y: {type: boolean}
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "C", "pub x: String,");
    has_field(&generated, "C", "pub y: Option<bool>,");
}

/// Members of a `oneOf` that allow `null` make the union nullable.
#[test]
fn nullable_members_of_one_of() {
    let schema = components(
        V31,
        r#"    A:
      type: object
      required: [value]
      properties:
        value:
          oneOf:
            - type: [string, 'null']
            - type: integer
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "A", "pub value: AValue,");
    let models = file(&generated, "models.rs");
    let union = item(models, "pub enum AValue {");
    assert!(union.contains("String(Option<String>),"), "{union}");
    assert!(union.contains("Integer(i64),"), "{union}");
}

/// A `$ref` may name any node of the document: a property of a component,
/// the schema of a parameter component.
#[test]
fn refs_to_any_pointer_in_the_document() {
    let schema = format!(
        r#"{V30}paths:
  /a/{{id}}:
    get:
      operationId: getA
      parameters:
        - name: id
          in: path
          required: true
          schema:
            $ref: '#/components/parameters/Id/schema'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/A/properties/b'
components:
  parameters:
    Id:
      name: id
      in: query
      schema:
        type: integer
        format: int32
  schemas:
    A:
      type: object
      properties:
        b:
          type: object
          properties:
            x: {{type: string}}
        c:
          $ref: '#/components/schemas/A/properties/b/properties/x'
"#
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "A", "pub c: Option<String>,");
    let operation = file(&generated, "operations/get_a.rs");
    assert!(operation.contains("pub fn get_a(id: i32)"), "{operation}");
    assert!(
        operation.contains("request::RequestSpec<models::Ab>"),
        "{operation}"
    );
}

/// `items` and `properties` apply to one type each: without a `type` they imply it.
#[test]
fn items_and_properties_without_a_type_imply_it() {
    let schema = components(
        V31,
        r#"    A:
      properties:
        tags:
          items: {type: string}
          maxItems: 3
        inner:
          properties:
            x: {type: boolean}
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "A", "pub tags: Option<Vec<String>>,");
    has_field(&generated, "A", "pub inner: Option<AInner>,");
    has_field(&generated, "AInner", "pub x: Option<bool>,");
}

/// A property or a component may be named like a keyword (`const`, `allOf`).
#[test]
fn members_named_like_keywords_are_members() {
    let schema = components(
        V31,
        r#"    const:
      type: object
      properties:
        const: {type: string}
        allOf: {type: integer, format: int32}
        enum: {type: boolean}
"#,
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(&generated, "Const", "pub r#const: Option<String>,");
    has_field(&generated, "Const", "pub all_of: Option<i32>,");
    has_field(&generated, "Const", "pub r#enum: Option<bool>,");
}

/// A JSON document is read as JSON: UTF-16 surrogate-pair escapes are one
/// character, and warnings have the JSON text's lines and columns.
#[test]
fn json_documents_with_surrogate_pairs_and_positions() {
    let schema = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
 "components": {"schemas": {"Reaction": {
   "type": "object",
   "description": "A reaction such as \ud83d\udc4d.",
   "properties": {
     "emoji": {"type": "string", "enum": ["\ud83d\udc4d", "\u00e9"]},
     "count": {"type": "integer", "maxLength": 2}}}}}}
"#;
    let generated = generated(schema);
    assert_eq!(
        warnings(&generated),
        [format!(
            "{FILE}:7:35: warning at /components/schemas/Reaction/properties/count/maxLength: `maxLength` only applies to `type: string`; it is ignored here"
        )]
    );
    let models = file(&generated, "models.rs");
    assert!(
        models.contains("/// A reaction such as \u{1f44d}."),
        "{models}"
    );
    assert!(models.contains(" = \"\u{1f44d}\";"), "{models}");
    assert!(models.contains(" = \"\u{e9}\";"), "{models}");
}

// 3. Parameters, operations, documents. The styles of OpenAPI's table are in
// the `parameters` fixture (its snapshot) and on the wire in
// `generated-client/tests/params.rs`.

/// A header parameter that is an object is sent in the `simple` style;
/// optional query, header and cookie parameters are fields of a parameters
/// struct with `Default`, never positional arguments.
#[test]
fn optional_parameters_are_a_params_struct_and_objects_go_in_headers() {
    let schema = format!(
        r#"{V30}paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: q
          in: query
          required: true
          schema: {{type: string}}
        - name: limit
          in: query
          schema: {{type: integer, format: int32}}
        - name: X-Point
          in: header
          explode: true
          schema:
            $ref: '#/components/schemas/Point'
        - name: session
          in: cookie
          schema: {{type: string}}
      responses:
        '204':
          description: ok
components:
  schemas:
    Point:
      type: object
      properties:
        x: {{type: integer}}
"#
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    let operation = file(&generated, "operations/get_a.rs");
    let params = item(operation, "pub struct GetAParams<'a> {");
    let params = one_line(params);
    for field in [
        "pub limit: Option<i32>,",
        "pub x_point: Option<models::Point>,",
        "pub session: Option<&'a str>,",
    ] {
        assert!(
            params.contains(&format!("\n{field}\n")),
            "`{field}` not in:\n{params}"
        );
    }
    assert!(
        operation.contains("#[derive(Clone, Debug, Default, PartialEq)]"),
        "{operation}"
    );
    assert!(
        operation.contains("pub fn get_a(\n    q: &str,\n    params: &GetAParams<'_>,\n)"),
        "{operation}"
    );
    assert!(
        operation.contains(".header_param(\"X-Point\", &params.x_point, true)?"),
        "{operation}"
    );
    assert!(
        operation.contains(".cookie_param(\"session\", &params.session, true)?"),
        "{operation}"
    );
}

/// OpenAPI 3.1 may leave `responses` out; `2XX` is a success; a media type
/// without a schema is any JSON value.
#[test]
fn optional_responses_status_ranges_and_media_types_without_a_schema() {
    let schema = format!(
        r#"{V31}paths:
  /none:
    post:
      operationId: noResponses
      requestBody:
        required: true
        content:
          application/json: {{}}
  /range:
    get:
      operationId: inRange
      responses:
        2XX:
          description: ok
          content:
            application/json:
              schema: {{type: integer, format: int32}}
        4XX:
          description: bad
"#
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    let none = file(&generated, "operations/no_responses.rs");
    assert!(none.contains("body: &serde_json::Value,"), "{none}");
    assert!(
        none.contains("request::RequestSpec<serde_json::Value>"),
        "{none}"
    );
    let range = file(&generated, "operations/in_range.rs");
    assert!(range.contains("request::RequestSpec<i32>"), "{range}");
    assert!(range.contains("/// - `4XX`: bad"), "{range}");
}

/// Response headers with `style`/`explode` are read (their schemas too) and
/// documented nowhere else; `links` document; neither is warned about.
#[test]
fn response_headers_and_links_are_accepted() {
    let schema = format!(
        r#"{V30}paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          headers:
            X-Rate-Limit:
              style: simple
              explode: false
              schema:
                type: array
                items: {{type: integer}}
            X-Odd:
              schema: {{type: string}}
              allowEmptyValue: true
          links:
            self:
              operationId: getA
          content:
            application/json:
              schema: {{type: string}}
"#
    );
    let generated = generated(&schema);
    assert_eq!(
        warnings(&generated),
        [warning_at(
            &schema,
            "allowEmptyValue",
            "/paths/~1a/get/responses/200/headers/X-Odd/allowEmptyValue",
            "unknown header keyword `allowEmptyValue` is ignored"
        )]
    );
    assert!(file(&generated, "operations/get_a.rs").contains("RequestSpec<String>"));
}

/// The payloads of webhooks (3.1) and callbacks become models; no client
/// method is made for them.
#[test]
fn webhooks_and_callbacks_give_models_and_no_methods() {
    let schema = format!(
        r#"{V31}paths:
  /subscribe:
    post:
      operationId: subscribe
      callbacks:
        onEvent:
          '{{$request.body#/url}}':
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        event: {{type: string}}
              responses:
                '204':
                  description: ok
      responses:
        '204':
          description: ok
webhooks:
  userCreated:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id]
              properties:
                id: {{type: string}}
"#
    );
    let generated = generated(&schema);
    assert_eq!(warnings(&generated), Vec::<String>::new());
    has_field(
        &generated,
        "SubscribeOnEventCallbackPayload",
        "pub event: Option<String>,",
    );
    has_field(&generated, "UserCreatedWebhookPayload", "pub id: String,");
    let operations: Vec<&str> = generated
        .files
        .iter()
        .filter(|file| file.path.starts_with("operations/") && file.path != "operations/mod.rs")
        .map(|file| file.path.as_str())
        .collect();
    assert_eq!(operations, ["operations/subscribe.rs"]);
}
