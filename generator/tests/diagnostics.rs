//! Bad schemas give errors, and what the generator ignores or weakens gives
//! warnings, each with the file, line, column and JSON pointer of the
//! problem; every problem is listed and nothing panics.

use generator::{Diagnostic, Input, Severity, generate};

/// The errors of a schema that must be rejected.
fn errors(schema: &str) -> Vec<Diagnostic> {
    match generate(&Input {
        schema_path: "schema/test.yaml",
        schema_text: schema,
        files: &generator::NoFiles,
    }) {
        Ok(_) => panic!("the schema should have been rejected"),
        Err(diagnostics) => {
            assert!(diagnostics.iter().all(|d| d.severity == Severity::Error));
            diagnostics.0
        }
    }
}

/// The warnings of a schema that must generate.
fn warnings(schema: &str) -> Vec<Diagnostic> {
    match generate(&Input {
        schema_path: "schema/test.yaml",
        schema_text: schema,
        files: &generator::NoFiles,
    }) {
        Ok(generated) => {
            assert!(
                generated
                    .warnings
                    .iter()
                    .all(|d| d.severity == Severity::Warning)
            );
            generated.warnings.0
        }
        Err(diagnostics) => panic!("the schema should have generated:\n{diagnostics}"),
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
    let diagnostics = warnings(schema);
    let d = at(&diagnostics, "/components/schemas/A/properties/b/$ref");
    assert_eq!((d.line, d.column), (4, 10), "{d}");
}

#[test]
fn unknown_ref_points_at_the_ref() {
    let schema = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Missing'\n"
    );
    // The one schema it names is any JSON value; the rest generates.
    let diagnostics = warnings(&schema);
    let d = at(&diagnostics, "/components/schemas/A/properties/b/$ref");
    assert_eq!(d.line, 12);
    assert_eq!(d.column, 11);
    assert_eq!(
        d.message,
        "the `$ref` `#/components/schemas/Missing` names nothing in this document; it is read as any JSON value"
    );
    assert_eq!(
        d.to_string(),
        "schema/test.yaml:12:11: warning at /components/schemas/A/properties/b/$ref: the `$ref` `#/components/schemas/Missing` names nothing in this document; it is read as any JSON value"
    );
}

#[test]
fn what_is_ignored_or_weakened_is_a_located_warning() {
    let schema = format!(
        "{HEADER}paths:\n  /a:\n    post:\n      operationId: postA\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/B'\n      responses:\n        '204':\n          description: ok\ncomponents:\n  schemas:\n    A:\n      not:\n        type: object\n    B:\n      type: object\n      properties:\n        c:\n          type: string\n          pattern: '^[z-a]$'\n"
    );
    let diagnostics = warnings(&schema);
    let d = at(&diagnostics, "/components/schemas/A/not");
    assert_eq!(d.line, 20);
    assert_eq!(
        d.message,
        "the schema keyword `not` is not supported; it is ignored"
    );
    assert!(
        d.to_string()
            .starts_with("schema/test.yaml:20:7: warning at /components/schemas/A/not: "),
        "{d}"
    );
    // A pattern the runtime's regex engine cannot run (a lookahead) is
    // documented on the field, and said, since requests are strict.
    let d = at(&diagnostics, "/components/schemas/B/properties/c");
    assert_eq!(d.line, 25);
    assert_eq!(
        d.message,
        "`c` is sent in requests and must match the pattern `^[z-a]$`, which the client does not check"
    );
}

#[test]
fn all_of_that_cannot_be_merged_is_a_warning() {
    let schema = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      allOf:\n        - type: string\n        - type: integer\n"
    );
    // A string that is an integer too: no value is both, and nothing is merged.
    let diagnostics = warnings(&schema);
    let d = at(&diagnostics, "/components/schemas/A/allOf");
    assert_eq!(d.line, 9);
    assert!(d.message.contains("`allOf`"), "{d}");
}

#[test]
fn duplicate_operation_ids_are_numbered() {
    let schema = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      operationId: getThing\n      responses:\n        '204':\n          description: ok\n  /b:\n    get:\n      operationId: getThing\n      responses:\n        '204':\n          description: ok\n"
    );
    let diagnostics = warnings(&schema);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = at(&diagnostics, "/paths/~1b/get/operationId");
    assert_eq!(d.line, 14);
    assert_eq!(
        d.message,
        "operationId `getThing` would give the method `get_thing`, but the operation `getThing` has that name; it is `get_thing_2`"
    );
}

#[test]
fn names_that_cannot_be_identifiers() {
    // Digits, punctuation, other scripts and collisions are renamed (see the
    // `models` fixture); `Self` and a type name with nothing in it cannot be
    // (a member's can: `tests/sloppy.rs`).
    let schema = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    self:\n      type: object\n      properties:\n        a:\n          type: string\n    B:\n      type: object\n      properties:\n        c:\n          type: string\n    '  ':\n      type: object\n      properties:\n        d:\n          type: string\n"
    );
    let diagnostics = errors(&schema);
    let d = at(&diagnostics, "/components/schemas/self");
    assert_eq!(d.line, 8);
    assert_eq!(d.message, "the name `self` is a Rust keyword");
    let d = at(&diagnostics, "/components/schemas/  ");
    assert_eq!(d.line, 18);
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
    // The template's `{channel_id}` is read as a reader would, a required
    // string. The misspelt parameter names nothing in the path: ignored.
    // Both are said.
    let diagnostics = warnings(&schema);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    let d = at(&diagnostics, "/paths/~1channels~1{channel_id}/get");
    assert_eq!(d.line, 7);
    assert_eq!(
        d.message,
        "the path has `{channel_id}` but no path parameter declares it; it is a required string"
    );
    let d = at(
        &diagnostics,
        "/paths/~1channels~1{channel_id}/get/parameters/0/name",
    );
    assert_eq!(
        d.message,
        "the path `/channels/{channel_id}` has no `{chanel_id}`; the parameter is ignored"
    );
}

#[test]
fn every_warning_is_listed_in_document_order() {
    let schema = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      parameters:\n        - name: session\n          in: cookie\n          schema:\n            type: string\n            maximum: 3\n      responses:\n        '200':\n          description: ok\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        x:\n          type: integer\n          format: int128\n        y:\n          $ref: 'other.yaml#/Y'\n"
    );
    // A missing operationId, a cookie parameter and the unknown format
    // `int128` are fine; a keyword of another type is ignored, and said.
    let diagnostics = warnings(&schema.replace(
        "$ref: 'other.yaml#/Y'",
        "type: string\n          $comment: c\n          minItems: 2",
    ));
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(diagnostics.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains("`maximum` only applies to `type: integer`"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("`minItems` only applies to `type: array`"),
        "{messages:#?}"
    );
    let lines: Vec<usize> = diagnostics.iter().map(|d| d.line).collect();
    assert!(lines[0] < lines[1], "{messages:#?}");
    // A reference into a file that was not given: any JSON value, and said
    // in document order with the others.
    let diagnostics = warnings(&schema);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert!(
        diagnostics[1]
            .message
            .contains("names a file that cannot be read"),
        "{diagnostics:#?}"
    );
}

#[test]
fn operation_names_never_shadow_the_client() {
    for name in [
        "execute",
        "new",
        "executeBytes",
        "prepare",
        "baseUrl",
        "clone",
        "into",
    ] {
        let schema = format!(
            "{HEADER}paths:\n  /a:\n    post:\n      operationId: {name}\n      responses:\n        '204':\n          description: ok\n"
        );
        let diagnostics = warnings(&schema);
        let d = at(&diagnostics, "/paths/~1a/post/operationId");
        assert!(
            d.message
                .contains("the hand-written `Client` has a method of that name"),
            "{d}"
        );
        assert!(d.message.ends_with("_2`"), "{d}");
    }
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "null",
        "[]",
        "openapi: 3.1.0\npaths: 7\n",
        "openapi: 2.0\n",
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/A'\n    B:\n      type: object\n      properties:\n        a:\n          $ref: '#/components/schemas/A'\n",
        "a: &x [*x]\n",
        "{\"openapi\": \"3.1.0\", \"paths\": {\"/{\": {}}}",
    ] {
        let result = generate(&Input {
            schema_path: "s.yaml",
            schema_text: text,
            files: &generator::NoFiles,
        });
        assert!(result.is_err(), "{text:?} should be rejected");
    }
}

#[test]
fn a_property_both_read_only_and_write_only_is_a_warning() {
    let schema = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          type: string\n          readOnly: true\n          writeOnly: true\n"
    );
    let diagnostics = warnings(&schema);
    let d = at(&diagnostics, "/components/schemas/A/properties/b/writeOnly");
    assert_eq!((d.line, d.column), (14, 11), "{d}");
    assert_eq!(
        d.message,
        "a property cannot be both `readOnly` and `writeOnly`; both are ignored"
    );
}

/// `x-fluxer-id` where it cannot make a typed id: on what is not a snowflake,
/// or with a value that is not a lowercase word. Each is a warning at the
/// extension, and the schema's type is kept as if it were not there.
#[test]
fn x_fluxer_id_that_cannot_apply_is_a_located_warning() {
    use generator::ir::{TyKind, TypeKind};

    let schema = format!(
        r#"{HEADER}paths:
  /a/{{id}}:
    get:
      operationId: getA
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
            x-fluxer-id: channel
      responses:
        '204':
          description: ok
components:
  schemas:
    Snowflake:
      type: string
      format: snowflake
    A:
      type: object
      x-fluxer-id: user
      properties:
        count:
          type: integer
          x-fluxer-id: user
        parent:
          $ref: '#/components/schemas/A'
          x-fluxer-id: user
        list:
          type: array
          x-fluxer-id: user
          items:
            $ref: '#/components/schemas/Snowflake'
        capital:
          $ref: '#/components/schemas/Snowflake'
          x-fluxer-id: Channel
        spaced:
          $ref: '#/components/schemas/Snowflake'
          x-fluxer-id: channel id
        number:
          $ref: '#/components/schemas/Snowflake'
          x-fluxer-id: 7
        good:
          $ref: '#/components/schemas/Snowflake'
          x-fluxer-id: channel
"#
    );
    // The `n`th `x-fluxer-id` line (from 0), as (line, column) of its key.
    let extension = |n: usize| {
        let (index, text) = schema
            .lines()
            .enumerate()
            .filter(|(_, text)| text.trim_start().starts_with("x-fluxer-id:"))
            .nth(n)
            .unwrap();
        (index + 1, text.len() - text.trim_start().len() + 1)
    };
    let not_a_snowflake = "`x-fluxer-id` only applies to a snowflake (`format: snowflake`, or a `$ref` to one); it is ignored here";
    let diagnostics = warnings(&schema);
    let cases = [
        (0, "/paths/~1a~1{id}/get/parameters/0/schema/x-fluxer-id", not_a_snowflake.to_owned()),
        (1, "/components/schemas/A/x-fluxer-id", not_a_snowflake.to_owned()),
        (2, "/components/schemas/A/properties/count/x-fluxer-id", not_a_snowflake.to_owned()),
        (3, "/components/schemas/A/properties/parent/x-fluxer-id", not_a_snowflake.to_owned()),
        (4, "/components/schemas/A/properties/list/x-fluxer-id", not_a_snowflake.to_owned()),
        (
            5,
            "/components/schemas/A/properties/capital/x-fluxer-id",
            "the kind of id `Channel` is not a lowercase word such as `channel` (letters and digits, parts joined by `_`); it is ignored".to_owned(),
        ),
        (
            6,
            "/components/schemas/A/properties/spaced/x-fluxer-id",
            "the kind of id `channel id` is not a lowercase word such as `channel` (letters and digits, parts joined by `_`); it is ignored".to_owned(),
        ),
        (
            7,
            "/components/schemas/A/properties/number/x-fluxer-id",
            "`x-fluxer-id` must be a string naming a kind of id, such as `channel`; it is ignored".to_owned(),
        ),
    ];
    for (n, pointer, message) in &cases {
        let d = at(&diagnostics, pointer);
        assert_eq!((d.line, d.column), extension(*n), "{d}");
        assert_eq!(&d.message, message, "{d}");
        assert_eq!(d.severity, Severity::Warning);
    }
    // One warning each (the component `A` is reached twice), the good one none.
    assert_eq!(diagnostics.len(), cases.len(), "{diagnostics:#?}");

    // Ignored means the type is what it would be without the extension.
    let api = generator::lower(&Input {
        schema_path: "schema/test.yaml",
        schema_text: &schema,
        files: &generator::NoFiles,
    })
    .unwrap();
    assert_eq!(
        api.operations["get_a"].path_params[0].ty.kind,
        TyKind::String
    );
    let TypeKind::Struct(a) = &api.types["A"].kind else {
        panic!("A is a struct")
    };
    let kind = |name: &str| {
        let field = a.fields.iter().find(|field| field.name == name).unwrap();
        field.ty.kind.clone()
    };
    assert!(matches!(kind("count"), TyKind::Int(_)));
    assert_eq!(kind("parent"), TyKind::Named("A".to_owned()));
    assert!(matches!(kind("list"), TyKind::Array(item) if item.kind == TyKind::Snowflake));
    for name in ["capital", "spaced", "number"] {
        assert_eq!(kind(name), TyKind::Snowflake, "{name}");
    }
    assert_eq!(kind("good"), TyKind::Id("ChannelId".to_owned()));
    assert_eq!(api.ids.keys().collect::<Vec<_>>(), ["channel"]);
}

#[test]
fn a_multipart_body_warns_that_members_it_does_not_name_are_not_sent() {
    let schema = format!(
        "{HEADER}paths:
  /upload:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file:
                  type: string
                  format: binary
              additionalProperties:
                type: string
      responses:
        '204':
          description: Stored.
"
    );
    let diagnostics = warnings(&schema);
    let d = at(
        &diagnostics,
        "/paths/~1upload/post/requestBody/content/multipart~1form-data/schema",
    );
    assert!(
        d.message.contains("`additionalProperties` is ignored"),
        "{d}"
    );
    assert_eq!((d.line, d.column), (11, 13), "{d}");
}

#[test]
fn a_multipart_body_whose_schema_is_also_json_is_built_by_hand_and_warns() {
    let schema = format!(
        "{HEADER}paths:
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema:
              $ref: '#/components/schemas/Thing'
      responses:
        '200':
          description: The thing as stored.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  schemas:
    Thing:
      type: object
      properties:
        name:
          type: string
        file:
          type: string
          format: binary
"
    );
    let diagnostics = warnings(&schema);
    let d = at(
        &diagnostics,
        "/paths/~1upload/post/requestBody/content/multipart~1form-data/schema",
    );
    assert!(d.message.contains("also sent or received as JSON"), "{d}");
    let generated = generate(&Input {
        schema_path: "schema/test.yaml",
        schema_text: &schema,
        files: &generator::NoFiles,
    })
    .unwrap();
    let upload = generated
        .files
        .iter()
        .find(|file| file.path == "operations/upload.rs")
        .unwrap();
    assert!(
        upload
            .contents
            .contains("body: Option<&request::Multipart>"),
        "{}",
        upload.contents
    );
}
