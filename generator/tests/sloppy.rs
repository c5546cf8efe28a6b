//! Documents with mistakes a reader sees through: each is read the obvious
//! way, with a located warning, instead of stopping generation.

mod support;

use generator::Diagnostic;
use support::{V30, V31, file, generated};

/// The warning at `pointer`, failing with all of them if there is none.
fn warning_at<'a>(warnings: &'a [Diagnostic], pointer: &str) -> &'a Diagnostic {
    warnings
        .iter()
        .find(|d| d.pointer == pointer)
        .unwrap_or_else(|| panic!("no warning at {pointer}; got:\n{warnings:#?}"))
}

#[test]
fn a_member_named_nothing_is_the_field_empty() {
    let schema = format!(
        r#"{V31}paths: {{}}
components:
  schemas:
    Row:
      type: object
      required: [""]
      properties:
        "":
          type: string
        empty:
          type: integer
        " ":
          type: boolean
"#
    );
    let generated = generated(&schema);
    let models = file(&generated, "models.rs");
    assert!(models.contains("pub empty: String,"), "{models}");
    assert!(models.contains("pub empty_2: Option<i64>,"), "{models}");
    assert!(models.contains("pub empty_3: Option<bool>,"), "{models}");
    assert!(models.contains(r#"required empty = "";"#), "{models}");
    assert!(
        models.contains(r#"optional empty_2 = "empty";"#),
        "{models}"
    );
    let warnings = &generated.warnings.0;
    let d = warning_at(warnings, "/components/schemas/Row/properties/");
    assert_eq!((d.line, d.column), (12, 9));
    assert_eq!(
        d.message,
        "the member name `` has nothing to name a field after; the field is `empty`"
    );
    warning_at(warnings, "/components/schemas/Row/properties/ ");
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    let _ = V30;
}

#[test]
fn an_enum_value_listed_twice_is_one_variant() {
    let schema = format!(
        r#"{V31}paths: {{}}
components:
  schemas:
    Code:
      type: string
      enum: [abc, def, null, abc]
    Level:
      type: integer
      enum: [1, 2, 1]
"#
    );
    let generated = generated(&schema);
    let models = file(&generated, "models.rs");
    assert_eq!(models.matches("Abc = \"abc\";").count(), 1, "{models}");
    assert_eq!(models.matches("Value1 = 1;").count(), 1, "{models}");
    assert!(
        !models.contains("Abc2") && !models.contains("Value12"),
        "{models}"
    );
    let warnings = &generated.warnings.0;
    let d = warning_at(warnings, "/components/schemas/Code/enum/3");
    assert_eq!(
        d.message,
        "the enum lists `\"abc\"` again; the repetition is ignored"
    );
    warning_at(warnings, "/components/schemas/Level/enum/2");
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
}

#[test]
fn a_path_parameter_no_one_declares_is_a_required_string() {
    let schema = format!(
        r#"{V31}paths:
  /export/{{job_id}}:
    get:
      operationId: getExport
      responses:
        '204':
          description: done
"#
    );
    let generated = generated(&schema);
    let operation = file(&generated, "operations/get_export.rs");
    assert!(
        operation.contains("pub fn get_export(job_id: &str)"),
        "{operation}"
    );
    assert!(
        operation.contains(r#"request::path_param("job_id", job_id, PathStyle::SIMPLE)?"#),
        "{operation}"
    );
    let d = warning_at(&generated.warnings.0, "/paths/~1export~1{job_id}/get");
    assert_eq!(
        d.message,
        "the path has `{job_id}` but no path parameter declares it; it is a required string"
    );
}

#[test]
fn a_path_parameter_written_twice_is_one_argument() {
    let schema = format!(
        r#"{V31}paths:
  /orgs/{{org_id}}/maps/{{map_id}}/orgs/{{org_id}}:
    get:
      operationId: getMap
      parameters:
        - {{name: map_id, in: path, required: true, schema: {{type: integer}}}}
        - {{name: org_id, in: path, required: true, schema: {{type: string}}}}
      responses:
        '204':
          description: done
"#
    );
    let generated = generated(&schema);
    let operation = file(&generated, "operations/get_map.rs");
    assert!(
        operation.contains("pub fn get_map(org_id: &str, map_id: i64)"),
        "{operation}"
    );
    assert!(
        operation.contains("request::RequestSpec::with_path_params(&GET_MAP, [org_id, map_id])"),
        "{operation}"
    );
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
}

#[test]
fn a_path_key_with_a_fragment_or_a_query_sends_the_path() {
    let schema = format!(
        r#"{V30}paths:
  /v1/chat#stream:
    post:
      operationId: chatStream
      responses:
        '204':
          description: done
  /v1/things/{{id}}?kind=a%20b&flag:
    get:
      operationId: getThing
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
        - {{name: unused, in: path, required: true, schema: {{type: string}}}}
      responses:
        '204':
          description: done
"#
    );
    let generated = generated(&schema);
    let stream = file(&generated, "operations/chat_stream.rs");
    assert!(stream.contains(r#"path_template: "/v1/chat","#), "{stream}");
    assert!(
        stream.contains(r#"request::RequestSpec::new(&CHAT_STREAM, "/v1/chat")"#),
        "{stream}"
    );
    let thing = file(&generated, "operations/get_thing.rs");
    assert!(
        thing.contains(r#"path_template: "/v1/things/{id}","#),
        "{thing}"
    );
    assert!(thing.contains(r#".query("kind", "a b")"#), "{thing}");
    assert!(thing.contains(r#".query("flag", "")"#), "{thing}");
    let warnings = &generated.warnings.0;
    let d = warning_at(warnings, "/paths/~1v1~1chat#stream");
    assert_eq!(
        d.message,
        "the path has a fragment `#stream`, which is never sent; requests go to `/v1/chat`"
    );
    let d = warning_at(warnings, "/paths/~1v1~1things~1{id}?kind=a%20b&flag");
    assert_eq!(
        d.message,
        "the path has a query `?kind=a%20b&flag`; it is sent with every request"
    );
    warning_at(
        warnings,
        "/paths/~1v1~1things~1{id}?kind=a%20b&flag/get/parameters/1/name",
    );
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
}

#[test]
fn a_type_other_than_object_wins_over_properties() {
    let schema = format!(
        r#"{V30}paths: {{}}
components:
  schemas:
    Status:
      type: string
      description: The state of a job.
      properties:
        queued:
          type: string
        done:
          type: string
    Job:
      type: object
      required: [status]
      properties:
        status:
          $ref: '#/components/schemas/Status'
        count:
          type: integer
          properties:
            value: {{type: integer}}
"#
    );
    let generated = generated(&schema);
    let models = file(&generated, "models.rs");
    // A scalar component is written where it is used.
    assert!(models.contains("pub status: String,"), "{models}");
    assert!(!models.contains("struct Status"), "{models}");
    assert!(models.contains("pub count: Option<i64>,"), "{models}");
    assert!(!models.contains("JobCount"), "{models}");
    let warnings = &generated.warnings.0;
    let d = warning_at(warnings, "/components/schemas/Status/properties");
    assert_eq!(
        d.message,
        "`properties` only applies to `type: object`; it is ignored here"
    );
    warning_at(
        warnings,
        "/components/schemas/Job/properties/count/properties",
    );
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
}

#[test]
fn a_nullable_request_body_can_be_sent_as_null() {
    let schema = format!(
        r#"{V30}paths:
  /tags:
    put:
      operationId: putTags
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: array
              nullable: true
              items: {{type: string, maxLength: 3}}
      responses:
        '204': {{description: ok}}
  /note:
    put:
      operationId: putNote
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Note'
      responses:
        '204': {{description: ok}}
components:
  schemas:
    Note:
      type: object
      nullable: true
      properties:
        text: {{type: string, maxLength: 5}}
"#
    );
    let generated = generated(&schema);
    let tags = file(&generated, "operations/put_tags.rs");
    // `None` is sent as `null`; the items are checked when there are some.
    assert!(
        tags.contains("put_tags(body: &Option<Vec<String>>)"),
        "{tags}"
    );
    assert!(tags.contains("if let Some(inner0) = body {"), "{tags}");
    let note = file(&generated, "operations/put_note.rs");
    assert!(
        note.contains("put_note(body: &Option<models::Note>)"),
        "{note}"
    );
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
}

#[test]
fn required_next_to_all_of_survives_the_merge() {
    let schema = format!(
        r#"{V30}paths: {{}}
components:
  schemas:
    Base:
      type: object
      properties:
        id: {{type: string}}
        name: {{type: string}}
    One:
      nullable: true
      required: [id, name]
      allOf:
        - $ref: '#/components/schemas/Base'
    Two:
      type: object
      nullable: true
      required: [id, extra]
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            extra: {{type: integer}}
    Three:
      required: [name]
      allOf:
        - $ref: '#/components/schemas/Base'
        - nullable: true
    Holder:
      type: object
      properties:
        one: {{$ref: '#/components/schemas/One'}}
        three: {{$ref: '#/components/schemas/Three'}}
        two: {{$ref: '#/components/schemas/Two'}}
"#
    );
    let generated = generated(&schema);
    let models = file(&generated, "models.rs");
    let one = models
        .split("pub struct One {")
        .nth(1)
        .expect("a struct One");
    let one = one.split('}').next().unwrap_or_default();
    assert!(one.contains("pub id: String,"), "{models}");
    assert!(one.contains("pub name: String,"), "{models}");
    let two = models
        .split("pub struct Two {")
        .nth(1)
        .expect("a struct Two");
    let two = two.split('}').next().unwrap_or_default();
    assert!(two.contains("pub id: String,"), "{models}");
    assert!(two.contains("pub name: Option<String>,"), "{models}");
    assert!(two.contains("pub extra: i64,"), "{models}");
    assert!(models.contains("pub one: Option<One>,"), "{models}");
    let three = models
        .split("pub struct Three {")
        .nth(1)
        .expect("a struct Three");
    let three = three.split('}').next().unwrap_or_default();
    assert!(three.contains("pub name: String,"), "{models}");
}

#[test]
fn properties_beside_a_union_apply_to_every_variant() {
    let schema = format!(
        r#"{V31}paths:
  /steps:
    post:
      operationId: addStep
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Step'}}
      responses:
        '204': {{description: ok}}
components:
  schemas:
    Step:
      type: object
      required: [name]
      properties:
        name: {{type: string, maxLength: 10}}
        actions: {{type: array, maxItems: 2, items: {{type: string}}}}
      oneOf:
        - title: Done
          required: [status, output]
          properties:
            status: {{const: completed}}
            output: {{type: string}}
        - title: Pending
          required: [status]
          properties:
            status: {{const: pending}}
    Event:
      type: object
      required: [kind]
      properties:
        kind: {{type: string}}
      discriminator:
        propertyName: kind
      oneOf:
        - $ref: '#/components/schemas/Created'
        - $ref: '#/components/schemas/Deleted'
    Created:
      type: object
      required: [kind, id]
      properties:
        kind: {{const: created}}
        id: {{type: string}}
    Deleted:
      type: object
      properties:
        kind: {{const: deleted}}
"#
    );
    let generated = generated(&schema);
    let models = file(&generated, "models.rs");
    let done = models
        .split("pub struct StepDone {")
        .nth(1)
        .expect("a struct Done");
    let done = done.split('}').next().unwrap_or_default();
    assert!(done.contains("pub name: String,"), "{models}");
    assert!(
        done.contains("pub actions: Option<Vec<String>>,"),
        "{models}"
    );
    assert!(done.contains("pub output: String,"), "{models}");
    let pending = models
        .split("pub struct StepPending {")
        .nth(1)
        .expect("a struct Pending");
    let pending = pending.split('}').next().unwrap_or_default();
    assert!(pending.contains("pub name: String,"), "{models}");
    // `Created` says all `Event` says: its named type is the variant; `kind`
    // is required in the variant made from `Deleted`.
    assert!(models.contains("Created(Created)"), "{models}");
    assert!(!models.contains("struct Created2"), "{models}");
    assert!(
        models.contains(
            "pub struct EventDeleted {\n    /// The `kind` member.\n    pub kind: EventDeletedKind,"
        ),
        "{models}"
    );
    let validation = models
        .split("impl crate::Validate for StepDone")
        .nth(1)
        .expect("Done is checked");
    assert!(validation.contains("MaxLength(10)"), "{models}");
    assert!(validation.contains("MaxItems(2)"), "{models}");
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
}

#[test]
fn untagged_variants_are_guarded_by_what_tells_them_apart() {
    let schema = format!(
        r#"{V31}paths: {{}}
components:
  schemas:
    Target:
      anyOf:
        - title: ById
          type: object
          required: [id]
          properties:
            id: {{type: string, format: uuid}}
            at: {{type: string, format: date-time, pattern: '^2'}}
        - title: ByName
          type: object
          required: [id]
          properties:
            id: {{type: string, pattern: '^[a-z]+$'}}
            kind: {{type: string, enum: [user, bot]}}
        - title: Broken
          type: string
          pattern: '('
"#
    );
    let generated = generated(&schema);
    let models = file(&generated, "models.rs");
    // A timestamp is checked by decoding it, and a pattern that does not
    // compile guards nothing.
    assert!(models.contains(r#"    ById if ("id" uuid);"#), "{models}");
    assert!(
        models.contains(r#"    ByName if ("id" ~ "^[a-z]+$") ("kind" in "user" | "bot");"#),
        "{models}"
    );
    assert!(models.contains("    Broken;\n"), "{models}");
}

/// `enum`, `type` and `format` beside an `allOf` of one `$ref` narrow and
/// restate it (Discord's component `type`); they are no reason to merge, so
/// the union the property tells apart stays tagged by it.
#[test]
fn an_enum_and_format_beside_all_of_narrow_the_ref() {
    let schema = format!(
        r#"{V31}paths: {{}}
components:
  schemas:
    Kind:
      type: integer
      format: int32
      oneOf:
        - {{title: Button, const: 2}}
        - {{title: Select, const: 3}}
    Button:
      type: object
      required: [type]
      properties:
        type: {{type: integer, format: int32, enum: [2], allOf: [{{$ref: '#/components/schemas/Kind'}}]}}
        label: {{type: string}}
    Select:
      type: object
      required: [type]
      properties:
        type: {{type: integer, format: int32, enum: [3], allOf: [{{$ref: '#/components/schemas/Kind'}}]}}
        options: {{type: array, items: {{type: string}}}}
    Component:
      oneOf:
        - $ref: '#/components/schemas/Button'
        - $ref: '#/components/schemas/Select'
"#
    );
    let generated = generated(&schema);
    let models = file(&generated, "models.rs");
    assert!(models.contains("pub r#type: Kind,"), "{models}");
    assert!(
        models.contains("tagged_union! {\n    Component by \"type\": i64;"),
        "{models}"
    );
}
