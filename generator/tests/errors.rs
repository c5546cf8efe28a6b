//! Bad schemas give errors with the file, line, column and JSON pointer of the
//! problem, list every problem found, and never panic.

use generator::{Diagnostic, Input, generate};

fn errors(schema: &str) -> Vec<Diagnostic> {
    match generate(&Input {
        schema_path: "schema/test.yaml",
        schema_text: schema,
    }) {
        Ok(_) => panic!("the schema should have been rejected"),
        Err(diagnostics) => diagnostics.0,
    }
}

/// Finds the diagnostic at `pointer`, failing with the full list if there is none.
fn at<'a>(diagnostics: &'a [Diagnostic], pointer: &str) -> &'a Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.pointer == pointer)
        .unwrap_or_else(|| panic!("no diagnostic at {pointer}; got:\n{diagnostics:#?}"))
}

const HEADER: &str = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\n";

#[test]
fn invalid_yaml_names_the_position() {
    let diagnostics = errors("openapi: 3.1.0\npaths:\n  /a: [1, 2\n  /b: {}\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d.file, "schema/test.yaml");
    assert!(d.message.starts_with("invalid YAML:"), "{d}");
    assert!(d.line >= 3, "{d}");
    assert!(d.to_string().starts_with("schema/test.yaml:"), "{d}");
}

#[test]
fn invalid_json_names_the_position() {
    // A document starting with `{` is read as strict JSON: no trailing commas.
    let diagnostics = errors("{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {\"/a\": {},}\n}\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0].to_string(),
        "schema/test.yaml:3:22: error at /paths: invalid JSON: expected a string key in double quotes, found `}`"
    );
    let diagnostics = errors("{\"openapi\": \"3.1.0\",\n \"openapi\": \"3.0.3\"}");
    assert_eq!(
        diagnostics[0].to_string(),
        "schema/test.yaml:2:2: error at /openapi: duplicate key `openapi`"
    );
}

#[test]
fn json_documents_are_located_like_yaml_ones() {
    let schema = r##"{"openapi": "3.1.0", "info": {"title": "t \ud83d\udc4d", "version": "1"},
 "paths": {},
 "components": {"schemas": {"A": {"type": "object", "properties": {
   "b": {"$ref": "#/components/schemas/Missing"}}}}}}"##;
    let diagnostics = errors(schema);
    let d = at(&diagnostics, "/components/schemas/A/properties/b/$ref");
    assert_eq!((d.line, d.column), (4, 10), "{d}");
}

#[test]
fn unknown_ref_points_at_the_ref() {
    let schema = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Missing'\n"
    );
    let diagnostics = errors(&schema);
    let d = at(&diagnostics, "/components/schemas/A/properties/b/$ref");
    assert_eq!(d.line, 12);
    assert_eq!(d.column, 11);
    assert_eq!(
        d.message,
        "unknown `$ref` `#/components/schemas/Missing`: there is no such component"
    );
    assert_eq!(
        d.to_string(),
        "schema/test.yaml:12:11: error at /components/schemas/A/properties/b/$ref: unknown `$ref` `#/components/schemas/Missing`: there is no such component"
    );
}

#[test]
fn unsupported_constructs_are_named_not_dropped() {
    let schema = format!(
        "{HEADER}paths:\n  /a:\n    post:\n      operationId: postA\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/B'\n      responses:\n        '204':\n          description: ok\ncomponents:\n  schemas:\n    A:\n      not:\n        type: object\n    B:\n      type: object\n      properties:\n        c:\n          type: string\n          pattern: '^(?=a)[a-z]+$'\n"
    );
    let diagnostics = errors(&schema);
    let d = at(&diagnostics, "/components/schemas/A/not");
    assert_eq!(d.line, 20);
    assert_eq!(d.message, "unsupported schema keyword `not`");
    // A pattern the runtime's regex engine cannot run (a lookahead) is documented
    // on responses, but requests are strict.
    let d = at(&diagnostics, "/components/schemas/B/properties/c");
    assert_eq!(d.line, 25);
    assert_eq!(
        d.message,
        "`c` is sent in requests and must match the pattern `^(?=a)[a-z]+$`, which the client cannot check yet"
    );
}

#[test]
fn all_of_that_cannot_be_merged_is_reported() {
    let schema = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      allOf:\n        - type: string\n        - maxLength: 3\n"
    );
    let diagnostics = errors(&schema);
    let d = at(&diagnostics, "/components/schemas/A/allOf");
    assert_eq!(d.line, 9);
    assert!(
        d.message.starts_with("unsupported schema keyword `allOf`"),
        "{d}"
    );
}

#[test]
fn duplicate_operation_ids_name_both_places() {
    let schema = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      operationId: getThing\n      responses:\n        '204':\n          description: ok\n  /b:\n    get:\n      operationId: getThing\n      responses:\n        '204':\n          description: ok\n"
    );
    let diagnostics = errors(&schema);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = at(&diagnostics, "/paths/~1b/get/operationId");
    assert_eq!(d.line, 14);
    assert_eq!(
        d.message,
        "duplicate operationId `getThing` (first used at line 8)"
    );
}

#[test]
fn names_that_cannot_be_identifiers() {
    // Digits, punctuation, other scripts and collisions are renamed (see the
    // `models` fixture); `Self` and a name with nothing in it cannot be.
    let schema = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    self:\n      type: object\n      properties:\n        a:\n          type: string\n    B:\n      type: object\n      properties:\n        '  ':\n          type: string\n"
    );
    let diagnostics = errors(&schema);
    let d = at(&diagnostics, "/components/schemas/self");
    assert_eq!(d.line, 8);
    assert_eq!(d.message, "the name `self` is a Rust keyword");
    let d = at(&diagnostics, "/components/schemas/B/properties/  ");
    assert_eq!(d.line, 16);
    assert!(
        d.message.contains("`  ` cannot become a Rust identifier"),
        "{d}"
    );
}

#[test]
fn path_parameters_must_match_the_path() {
    let schema = format!(
        "{HEADER}paths:\n  /channels/{{channel_id}}:\n    get:\n      operationId: getChannel\n      parameters:\n        - name: chanel_id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: ok\n"
    );
    let diagnostics = errors(&schema);
    let d = at(
        &diagnostics,
        "/paths/~1channels~1{channel_id}/get/parameters/0/name",
    );
    assert_eq!(d.line, 10);
    assert_eq!(
        d.message,
        "path parameter `chanel_id` is missing from the path `/channels/{channel_id}`"
    );
    let d = at(&diagnostics, "/paths/~1channels~1{channel_id}/get");
    assert_eq!(d.line, 7);
    assert_eq!(
        d.message,
        "the path has `{channel_id}` but no path parameter declares it"
    );
}

#[test]
fn every_problem_is_listed_in_document_order() {
    let schema = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      parameters:\n        - name: session\n          in: cookie\n          schema:\n            type: string\n      responses:\n        '200':\n          description: ok\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        x:\n          type: integer\n          format: int128\n        y:\n          $ref: 'other.yaml#/Y'\n"
    );
    let diagnostics = errors(&schema);
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(diagnostics.len(), 4, "{messages:#?}");
    assert!(
        messages[0].contains("missing `operationId`"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("`in: cookie` parameters are not supported yet"),
        "{messages:#?}"
    );
    assert!(
        messages[2].contains("unsupported integer format `int128`"),
        "{messages:#?}"
    );
    assert!(
        messages[3].contains("unsupported `$ref` `other.yaml#/Y`"),
        "{messages:#?}"
    );
    let lines: Vec<usize> = diagnostics.iter().map(|d| d.line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

#[test]
fn operation_names_must_not_shadow_the_client() {
    let schema = format!(
        "{HEADER}paths:\n  /a:\n    post:\n      operationId: execute\n      responses:\n        '204':\n          description: ok\n"
    );
    let diagnostics = errors(&schema);
    let d = at(&diagnostics, "/paths/~1a/post/operationId");
    assert!(
        d.message.contains("the hand-written `Client` already uses"),
        "{d}"
    );
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "null",
        "[]",
        "openapi: 3.1.0\npaths: 7\n",
        "openapi: 2.0\n",
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: 5\n",
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/A'\n    B:\n      type: object\n      properties:\n        a:\n          $ref: '#/components/schemas/A'\n",
        "a: &x [*x]\n",
        "{\"openapi\": \"3.1.0\", \"paths\": {\"/{\": {}}}",
    ] {
        let result = generate(&Input {
            schema_path: "s.yaml",
            schema_text: text,
        });
        assert!(result.is_err(), "{text:?} should be rejected");
    }
}

#[test]
fn a_property_both_read_only_and_write_only_is_an_error() {
    let schema = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          type: string\n          readOnly: true\n          writeOnly: true\n"
    );
    let diagnostics = errors(&schema);
    let d = at(&diagnostics, "/components/schemas/A/properties/b/writeOnly");
    assert_eq!((d.line, d.column), (14, 11), "{d}");
    assert_eq!(
        d.message,
        "a property cannot be both `readOnly` and `writeOnly`"
    );
}
