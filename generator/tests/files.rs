//! Documents written in several files, and `$ref`s a reader sees through: a
//! `$ref` to another file is read relative to the file it is written in, a
//! diagnostic names the file it is about, and a `$ref` that cannot be
//! followed is a warning, never a stop.

use std::collections::BTreeMap;

use generator::{Diagnostic, Generated, Input, generate};

const ROOT: &str = "api/openapi.yaml";

/// Generates the document whose root is `files[ROOT]`; the other files are
/// read from `files`.
fn generated(files: &[(&str, &str)]) -> Generated {
    let files: BTreeMap<String, String> = files
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect();
    generate(&Input {
        schema_path: ROOT,
        schema_text: &files[ROOT],
        files: &files,
    })
    .unwrap_or_else(|diagnostics| panic!("the document should generate:\n{diagnostics}"))
}

fn models(generated: &Generated) -> &str {
    &generated
        .files
        .iter()
        .find(|file| file.path == "models.rs")
        .expect("models.rs")
        .contents
}

fn operation<'g>(generated: &'g Generated, name: &str) -> &'g str {
    let path = format!("operations/{name}.rs");
    &generated
        .files
        .iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("{path} is generated"))
        .contents
}

fn only_warning(generated: &Generated) -> &Diagnostic {
    assert_eq!(generated.warnings.len(), 1, "{}", generated.warnings);
    generated.warnings.iter().next().expect("one warning")
}

const HEADER: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

#[test]
fn a_warning_names_the_file_and_the_pointer_in_it() {
    let root = format!("{HEADER}paths:\n  /invites:\n    $ref: paths/invites.yaml\n");
    let out = generated(&[
        (ROOT, &root),
        (
            "api/paths/invites.yaml",
            r"post:
  operationId: createInvite
  requestBody:
    content:
      application/json:
        schema:
          type: object
          properties:
            uses:
              type: string
              minimum: 1
  responses:
    '204':
      description: ok
",
        ),
    ]);
    let warning = only_warning(&out);
    assert_eq!(
        warning.to_string(),
        "api/paths/invites.yaml:11:15: warning at /post/requestBody/content/application~1json/schema/properties/uses/minimum: `minimum` only applies to `type: integer`; it is ignored here"
    );
}

#[test]
fn a_ref_is_relative_to_the_file_it_is_written_in() {
    let root = format!(
        "{HEADER}paths:\n  /a:\n    $ref: 'paths/a/item.yaml#/item'\ncomponents:\n  schemas:\n    Thing:\n      $ref: './models/thing.yaml'\n"
    );
    let out = generated(&[
        (ROOT, &root),
        (
            "api/paths/a/item.yaml",
            r"item:
  get:
    operationId: getA
    responses:
      '200':
        description: ok
        content:
          application/json:
            schema:
              $ref: '../../models/thing.yaml'
",
        ),
        (
            "api/models/thing.yaml",
            r"type: object
properties:
  kind:
    $ref: './kinds.json#/Kind'
",
        ),
        (
            "api/models/kinds.json",
            r#"{"Kind": {"type": "string", "enum": ["a", "b"]}}"#,
        ),
    ]);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    // The root's component keeps its key; the other file's schema is named
    // from its key there; the same file reached twice is one type.
    assert!(models.contains("pub struct Thing {"), "{models}");
    assert!(models.contains("pub kind: Option<Kind>,"), "{models}");
    assert!(models.contains("pub enum Kind {"), "{models}");
    assert!(
        operation(&out, "get_a").contains("models::Thing"),
        "{}",
        operation(&out, "get_a")
    );
}

#[test]
fn schemas_of_other_files_named_like_the_roots_are_numbered() {
    let root = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    Error:\n      type: object\n      properties:\n        a:\n          type: string\n        b:\n          $ref: 'other.yaml#/Error'\n"
    );
    let out = generated(&[
        (ROOT, &root),
        (
            "api/other.yaml",
            "Error:\n  type: object\n  properties:\n    c:\n      type: integer\n",
        ),
    ]);
    let models = models(&out);
    assert!(models.contains("pub b: Option<Error2>,"), "{models}");
    assert!(models.contains("pub struct Error2 {"), "{models}");
}

#[test]
fn cycles_across_files_end_where_they_started() {
    let root =
        format!("{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    Node:\n      $ref: node.yaml\n");
    let out = generated(&[
        (ROOT, &root),
        (
            "api/node.yaml",
            "type: object\nproperties:\n  edge:\n    $ref: edge.yaml\n",
        ),
        (
            "api/edge.yaml",
            "type: object\nproperties:\n  to:\n    $ref: node.yaml\n  from:\n    $ref: '#/properties/to'\n",
        ),
    ]);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    assert!(models.contains("pub edge: Option<Box<Edge>>,"), "{models}");
    assert!(models.contains("pub to: Option<Box<Node>>,"), "{models}");
    // A local `$ref` in another file names a node of that file.
    assert!(models.contains("pub from: Option<Box<Node>>,"), "{models}");
}

#[test]
fn a_path_item_that_leads_back_to_itself_is_left_out_with_a_warning() {
    let root = format!("{HEADER}paths:\n  /a:\n    $ref: a.yaml\n");
    let out = generated(&[
        (ROOT, &root),
        ("api/a.yaml", "$ref: openapi.yaml#/paths/~1a\n"),
    ]);
    assert!(
        out.warnings
            .iter()
            .next()
            .is_some_and(|warning| warning.message.contains("leads back to itself")),
        "{}",
        out.warnings
    );
}

#[test]
fn a_file_that_cannot_be_read_or_parsed_is_a_warning_and_any_json() {
    let root = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        broken:\n          $ref: broken.yaml\n        missing:\n          $ref: '../elsewhere/missing.yaml#/M'\n"
    );
    let out = generated(&[(ROOT, &root), ("api/broken.yaml", "a: [1\n")]);
    let messages: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].starts_with("api/openapi.yaml:10:11: warning at /components/schemas/A/properties/broken/$ref: the `$ref` `broken.yaml` names a file that cannot be read (api/broken.yaml:"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("`../elsewhere/missing.yaml#/M` names a file that cannot be read"),
        "{messages:#?}"
    );
    let models = models(&out);
    assert!(
        models.contains("pub broken: Option<serde_json::Value>,"),
        "{models}"
    );
}

/// B5: a `$ref` that names nothing (a typo, a schema never published, a
/// generic name such as `Page<User>` percent-encoded) is any JSON value.
#[test]
fn a_ref_that_names_nothing_is_any_json_and_the_rest_generates() {
    let root = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - $ref: '#/components/parameters/Missing'\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Page%3CUser%3E'\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Typo'\n"
    );
    let out = generated(&[(ROOT, &root)]);
    let messages: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].contains("at /paths/~1a/get/parameters/0/$ref: the `$ref` `#/components/parameters/Missing` names nothing in this document; it is left out"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("`#/components/schemas/Page%3CUser%3E` names nothing"),
        "{messages:#?}"
    );
    assert!(
        messages[2].contains("`#/components/schemas/Typo`"),
        "{messages:#?}"
    );
    assert!(
        operation(&out, "get_a").contains("serde_json::Value"),
        "{}",
        operation(&out, "get_a")
    );
}

/// B7: `summary`, `description` and `operationId` written as a `$ref` to a
/// string of another file.
#[test]
fn text_written_as_a_ref_is_read_from_where_it_points() {
    let root = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      operationId:\n        $ref: 'texts.yaml#/get/operationId'\n      summary:\n        $ref: 'texts.yaml#/get/summary'\n      description:\n        $ref: 'texts.yaml#/get'\n      responses:\n        '204':\n          description: ok\n"
    );
    let out = generated(&[
        (ROOT, &root),
        (
            "api/texts.yaml",
            "get:\n  operationId: fetchTheA\n  summary: Fetches the A.\n",
        ),
    ]);
    let warning = only_warning(&out);
    assert_eq!(warning.pointer, "/paths/~1a/get/description/$ref");
    assert!(warning.message.contains("names no string"), "{warning}");
    let operation = operation(&out, "fetch_the_a");
    assert!(operation.contains("/// Fetches the A."), "{operation}");
}

/// B7: a path item that is a `$ref` into the root itself.
#[test]
fn a_path_item_may_be_a_ref_into_the_document() {
    let root = format!(
        "{HEADER}paths:\n  /a:\n    $ref: '#/components/pathItems/A'\ncomponents:\n  pathItems:\n    A:\n      get:\n        operationId: getA\n        responses:\n          '204':\n            description: ok\n"
    );
    let out = generated(&[(ROOT, &root)]);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    operation(&out, "get_a");
}

/// B1: a `$ref` to a node that exists as written, inside a component that
/// `normalize` merges (`Base` is an `allOf`).
#[test]
fn a_ref_into_a_merged_all_of_member_resolves() {
    let root = format!(
        r"{HEADER}paths: {{}}
components:
  schemas:
    Id:
      type: object
      properties:
        id:
          type: string
    Base:
      allOf:
        - $ref: '#/components/schemas/Id'
        - type: object
          properties:
            owner:
              oneOf:
                - type: string
                - type: object
                  properties:
                    name:
                      type: string
                      maxLength: 8
    Thing:
      type: object
      properties:
        owner:
          $ref: '#/components/schemas/Base/allOf/1/properties/owner/oneOf/1'
"
    );
    let out = generated(&[(ROOT, &root)]);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    // The one type the member became, where it was merged.
    assert!(
        models.contains("pub owner: Option<BaseOwnerObject>,"),
        "{models}"
    );
    assert_eq!(models.matches("pub struct BaseOwnerObject").count(), 1);
}

#[test]
fn refs_that_pass_through_themselves_end() {
    for components in [
        "  schemas:\n    $ref: '#/components/schemas/A'\n",
        "  schemas:\n    $ref: 'other.yaml'\n",
        "  schemas:\n    A:\n      $ref: '#/components/schemas/A/properties/b'\n",
    ] {
        let root = format!("{HEADER}paths: {{}}\ncomponents:\n{components}");
        let files = BTreeMap::from([
            (ROOT.to_owned(), root.clone()),
            (
                "api/other.yaml".to_owned(),
                "$ref: 'openapi.yaml#/components/schemas/A'\n".to_owned(),
            ),
        ]);
        // Generates, or reports; never hangs or overflows.
        let _ = generate(&Input {
            schema_path: ROOT,
            schema_text: &root,
            files: &files,
        });
    }
}

#[test]
fn a_discriminator_maps_values_to_schemas_of_other_files() {
    let root = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    Event:\n      $ref: events/event.yaml\n"
    );
    let variant = "type: object\nrequired: [type]\nproperties:\n  type:\n    type: string\n";
    let out = generated(&[
        (ROOT, &root),
        (
            "api/events/event.yaml",
            r"oneOf:
  - $ref: ./created.yaml
  - $ref: './more.yaml#/Deleted'
discriminator:
  propertyName: type
  mapping:
    created: ./created.yaml
    deleted: 'more.yaml#/Deleted'
",
        ),
        ("api/events/created.yaml", variant),
        (
            "api/events/more.yaml",
            &format!("Deleted:\n  {}", variant.replace('\n', "\n  ").trim_end()),
        ),
    ]);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    assert!(models.contains("Created = \"created\";"), "{models}");
    assert!(models.contains("Deleted = \"deleted\";"), "{models}");
}
