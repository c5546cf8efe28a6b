//! The defects that came from the generator's old shape, each pinned: a
//! constraint behind a nullable item is checked, generated code cannot
//! collide with or be shadowed by the hand-written `Client` or an argument,
//! placeholder names never reach the public API, and a constraint the client
//! cannot check on a query parameter is said.

use generator::{Input, generate, lower};

const HEADER: &str = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\n";

fn generated(schema: &str) -> generator::Generated {
    generate(&Input {
        schema_path: "schema/test.yaml",
        schema_text: schema,
    })
    .unwrap_or_else(|diagnostics| panic!("should generate:\n{diagnostics}"))
}

fn file<'g>(generated: &'g generator::Generated, path: &str) -> &'g str {
    &generated
        .files
        .iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

/// A request body whose items are a nullable `$ref` to a type with a bound.
fn nullable_items(nullable: &str) -> String {
    format!(
        r#"{HEADER}paths:
  /tags:
    post:
      operationId: putTags
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                tags:
                  type: array
                  items: {nullable}
      responses:
        '204':
          description: ok
components:
  schemas:
    Tag:
      type: object
      required: [name]
      properties:
        name:
          type: string
          maxLength: 3
"#
    )
}

#[test]
fn constraints_behind_nullable_items_are_checked() {
    for items in [
        "{$ref: '#/components/schemas/Tag'}",
        "{anyOf: [{$ref: '#/components/schemas/Tag'}, {type: 'null'}]}",
        "{type: [object, 'null'], allOf: [{$ref: '#/components/schemas/Tag'}]}",
    ] {
        let schema = nullable_items(items);
        let api = lower(&Input {
            schema_path: "schema/test.yaml",
            schema_text: &schema,
        })
        .expect("lowers");
        assert!(api.types["Tag"].usage.sent, "{items}");
        assert!(api.types["Tag"].validated, "{items}: Tag is not validated");
        let models = file(&generated(&schema), "models.rs").to_owned();
        assert!(
            models.contains("crate::Constraint::MaxLength(3).check_len(\"name\""),
            "{items}:\n{models}"
        );
        assert!(
            !models.contains("impl crate::Validate for Tag {}"),
            "{items}"
        );
    }
}

#[test]
fn generated_methods_never_collide_with_the_client_or_shadow_themselves() {
    let mut schema = format!("{HEADER}paths:\n");
    // `send`, `exchange` and `urlFor` were private helpers of `Client` once:
    // now only its public methods (and its traits') are taken.
    for name in [
        "send",
        "new",
        "executeBytes",
        "exchange",
        "urlFor",
        "prepare",
        "forgetRateLimits",
    ] {
        schema.push_str(&format!(
            "  /{name}:\n    get:\n      operationId: {name}\n      responses:\n        '204':\n          description: ok\n"
        ));
    }
    schema.push_str(
        "  /search:\n    get:\n      operationId: search\n      parameters:\n        - name: search\n          in: query\n          required: true\n          schema: {type: string}\n      responses:\n        '204':\n          description: ok\n",
    );
    let generated = generated(&schema);
    let index = file(&generated, "operations/mod.rs");
    for renamed in [
        "send",
        "new_2",
        "execute_bytes_2",
        "exchange",
        "url_for",
        "prepare_2",
        "forget_rate_limits_2",
    ] {
        assert!(index.contains(&format!("mod {renamed};")), "{index}");
    }
    assert_eq!(generated.warnings.len(), 4, "{}", generated.warnings);
    // The method calls the module's function, which an argument cannot shadow.
    let search = file(&generated, "operations/search.rs");
    assert!(search.contains("self::search(search)?"), "{search}");
}

#[test]
fn inline_types_are_named_after_where_they_are_written() {
    let schema = format!(
        r#"{HEADER}paths:
  /things:
    post:
      operationId: postThings
      requestBody:
        $ref: '#/components/requestBodies/CreateThing'
      responses:
        '200':
          $ref: '#/components/responses/Created'
components:
  schemas:
    Things:
      type: array
      items:
        type: object
        properties:
          id: {{type: string}}
  requestBodies:
    CreateThing:
      content:
        application/json:
          schema:
            type: object
            properties:
              name: {{type: string}}
  responses:
    Created:
      description: Created.
      content:
        application/json:
          schema:
            type: object
            properties:
              id: {{type: string}}
"#
    );
    let api = lower(&Input {
        schema_path: "schema/test.yaml",
        schema_text: &schema,
    })
    .expect("lowers");
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    assert_eq!(names, ["CreateThing", "Created", "ThingsItem"]);
}

#[test]
fn fractional_bounds_on_query_parameters_are_said() {
    let schema = format!(
        r#"{HEADER}paths:
  /scores:
    get:
      operationId: listScores
      parameters:
        - name: min
          in: query
          schema:
            type: number
            minimum: 0.5
      responses:
        '204':
          description: ok
"#
    );
    let generated = generated(&schema);
    let warning = generated
        .warnings
        .iter()
        .find(|w| w.pointer == "/paths/~1scores/get/parameters/0/schema")
        .unwrap_or_else(|| panic!("no warning: {}", generated.warnings));
    assert_eq!(warning.line, 12);
    assert_eq!(
        warning.message,
        "the parameter `min` is sent in requests and must be at least 0.5, which the client does not check"
    );
}

#[test]
fn operations_without_an_operation_id_are_named_after_method_and_path() {
    let long = "/a".repeat(60);
    let schema = format!(
        "{HEADER}paths:\n  /users/{{id}}/posts:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '204':\n          description: ok\n  {long}:\n    head:\n      responses:\n        '204':\n          description: ok\n    get:\n      responses:\n        '204':\n          description: ok\n"
    );
    let api = lower(&Input {
        schema_path: "schema/test.yaml",
        schema_text: &schema,
    })
    .expect("lowers");
    let names: Vec<&str> = api.operations.keys().map(String::as_str).collect();
    // A name is a file name too: a long path gives its first words.
    let short = format!("get{}", "_a".repeat(30));
    assert_eq!(names, [short.as_str(), "get_users_id_posts"]);
    assert_eq!(
        api.operations["get_users_id_posts"].operation_id,
        "get_users_id_posts"
    );
}
