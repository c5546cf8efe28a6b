//! The defects that came from the generator's old shape, each pinned: a
//! constraint behind a nullable item is checked, generated code cannot
//! collide with or be shadowed by the hand-written `Client` or an argument,
//! placeholder names never reach the public API, and a constraint the client
//! cannot check on a query parameter is said.

use generator::{Input, lower};

mod support;

use support::{V31, file, generated};

/// A request body whose items are a nullable `$ref` to a type with a bound.
fn nullable_items(nullable: &str) -> String {
    format!(
        r#"{V31}paths:
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
            files: &generator::NoFiles,
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
    let mut schema = format!("{V31}paths:\n");
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
        r#"{V31}paths:
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
        files: &generator::NoFiles,
    })
    .expect("lowers");
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    assert_eq!(names, ["CreateThing", "Created", "ThingsItem"]);
}

#[test]
fn unchecked_constraints_on_query_parameters_are_said() {
    let schema = format!(
        r#"{V31}paths:
  /scores:
    get:
      operationId: listScores
      parameters:
        - name: code
          in: query
          schema:
            type: string
            pattern: "(unclosed"
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
        "the parameter `code` is sent in requests and must match the pattern `(unclosed`, which the client does not check"
    );
}

#[test]
fn operations_without_an_operation_id_are_named_after_method_and_path() {
    let long = "/a".repeat(60);
    let schema = format!(
        "{V31}paths:\n  /users/{{id}}/posts:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '204':\n          description: ok\n  {long}:\n    head:\n      responses:\n        '204':\n          description: ok\n    get:\n      responses:\n        '204':\n          description: ok\n"
    );
    let api = lower(&Input {
        schema_path: "schema/test.yaml",
        schema_text: &schema,
        files: &generator::NoFiles,
    })
    .expect("lowers");
    let names: Vec<&str> = api.operations.keys().map(String::as_str).collect();
    // A name is a file name too: a long path gives its first words.
    let short = format!("get{}", "_a".repeat(30));
    let head = format!("head{}", "_a".repeat(29));
    assert_eq!(names, [short.as_str(), "get_users_id_posts", head.as_str()]);
    assert_eq!(api.operations[&head].method, generator::ir::Method::Head);
    assert_eq!(
        api.operations["get_users_id_posts"].operation_id,
        "get_users_id_posts"
    );
}

/// `x-fluxer-id` in every form (the `ids` fixture): a property, array items,
/// map values, path, query and header parameters, next to a `$ref`, next to
/// a nullable `anyOf`, behind an `allOf` of one `$ref`, on a component, and
/// overridden where a component that is a typed id is used. Snowflakes
/// without it stay `Snowflake`.
#[test]
fn typed_ids_in_every_form() {
    use generator::ir::{IdKind, TyKind, TypeKind};

    let fixture = include_str!("fixtures/ids.yaml");
    let api = lower(&Input {
        schema_path: "ids.yaml",
        schema_text: fixture,
        files: &generator::NoFiles,
    })
    .unwrap();
    let kinds: Vec<(&str, &str, &str)> = api
        .ids
        .values()
        .map(
            |IdKind {
                 kind,
                 marker,
                 alias,
             }| (kind.as_str(), marker.as_str(), alias.as_str()),
        )
        .collect();
    assert_eq!(
        kinds,
        [
            ("audit_log_entry", "AuditLogEntryMarker", "AuditLogEntryId"),
            ("channel", "ChannelMarker", "ChannelId"),
            ("guild", "GuildMarker", "GuildId"),
            ("message", "MessageMarker", "MessageId"),
            ("user", "UserMarker", "UserId"),
        ]
    );
    let id = |alias: &str| TyKind::Id(alias.to_owned());
    let TypeKind::Struct(message) = &api.types["Message"].kind else {
        panic!("Message is a struct")
    };
    let field = |name: &str| {
        let field = message.fields.iter().find(|f| f.name == name).unwrap();
        (field.ty.kind.clone(), field.nullable)
    };
    // A `$ref` sibling, written out, a nullable type list, `allOf: [$ref]`.
    assert_eq!(field("id"), (id("MessageId"), false));
    assert_eq!(field("channel_id"), (id("ChannelId"), false));
    assert_eq!(field("guild_id"), (id("GuildId"), true));
    assert_eq!(field("thread_id").0, id("ChannelId"));
    // Items (nullable ones) and map values.
    let (TyKind::Array(item), _) = field("mention_ids") else {
        panic!("mention_ids is a list")
    };
    assert_eq!(item.kind, TyKind::Nullable(Box::new(plain(id("UserId")))));
    let (TyKind::Map { values, .. }, _) = field("reactions_by_user") else {
        panic!("reactions_by_user is a map")
    };
    assert_eq!(values.kind, id("UserId"));
    // A component that is a typed id itself; a snowflake without the extension.
    assert_eq!(field("audit_log_entry_id").0, id("AuditLogEntryId"));
    assert_eq!(field("webhook_id").0, TyKind::Snowflake);

    // Parameters: path, query (a list's items too), header.
    let list = &api.operations["list_messages"];
    let param = |name: &str| {
        let all = list
            .path_params
            .iter()
            .chain(&list.query_params)
            .chain(&list.header_params);
        all.clone()
            .find(|p| p.wire_name == name)
            .unwrap()
            .ty
            .kind
            .clone()
    };
    assert_eq!(param("guild_id"), id("GuildId"));
    assert_eq!(param("channel_id"), id("ChannelId"));
    assert_eq!(param("before"), id("MessageId"));
    assert!(matches!(param("authors"), TyKind::Array(item) if item.kind == id("UserId")));
    assert_eq!(param("X-Audit-Log-Entry"), id("AuditLogEntryId"));
    assert_eq!(param("nonce"), TyKind::Snowflake);
    // Inline request bodies: items and a nullable `anyOf` with the extension next to it.
    let TypeKind::Struct(body) = &api.types["CreateMessageRequest"].kind else {
        panic!("the body is a struct")
    };
    let reply_to = body.fields.iter().find(|f| f.name == "reply_to").unwrap();
    assert_eq!(
        (reply_to.ty.kind.clone(), reply_to.nullable),
        (id("MessageId"), true)
    );

    // Where a typed-id component is used, the use may name another kind.
    let schema = format!(
        "{V31}paths: {{}}\ncomponents:\n  schemas:\n    EntryId:\n      type: string\n      format: snowflake\n      x-fluxer-id: entry\n    A:\n      type: object\n      properties:\n        plain:\n          $ref: '#/components/schemas/EntryId'\n        other:\n          $ref: '#/components/schemas/EntryId'\n          x-fluxer-id: channel\n"
    );
    let api = lower(&Input {
        schema_path: "schema/test.yaml",
        schema_text: &schema,
        files: &generator::NoFiles,
    })
    .unwrap();
    let TypeKind::Struct(a) = &api.types["A"].kind else {
        panic!("A is a struct")
    };
    assert_eq!(a.fields[0].ty.kind, id("EntryId"));
    assert_eq!(a.fields[1].ty.kind, id("ChannelId"));
}

fn plain(kind: generator::ir::TyKind) -> generator::ir::Ty {
    generator::ir::Ty::new(kind, Default::default())
}

/// Every document gets an `ids.rs` (the runtime re-exports it): with a marker,
/// its `Marker` impl and an alias per kind, sorted by kind, or only its docs.
#[test]
fn the_ids_module_exists_for_every_document() {
    let none = generated(&format!(
        "{V31}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        id:\n          type: string\n          format: snowflake\n"
    ));
    let ids = file(&none, "ids.rs");
    assert!(ids.contains("//! The kinds of typed id"), "{ids}");
    assert!(!ids.contains("pub "), "{ids}");
    assert!(file(&none, "mod.rs").contains("pub mod ids;"));
    assert!(file(&none, "models.rs").contains("pub id: Option<crate::Snowflake>,"));

    let some = generated(&format!(
        "{V31}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        user:\n          type: string\n          format: snowflake\n          x-fluxer-id: user\n        channel:\n          type: string\n          format: snowflake\n          x-fluxer-id: channel\n"
    ));
    let ids = file(&some, "ids.rs");
    let channel = ids
        .find("pub enum ChannelMarker {}")
        .expect("a channel marker");
    let user = ids.find("pub enum UserMarker {}").expect("a user marker");
    assert!(channel < user, "sorted by kind:\n{ids}");
    assert!(ids.contains(
        "impl crate::id::Marker for ChannelMarker {\n    const NAME: &'static str = \"channel\";\n}"
    ));
    assert!(ids.contains("pub type ChannelId = crate::Id<ChannelMarker>;"));
    assert!(ids.contains("pub type UserId = crate::Id<UserMarker>;"));
    let models = file(&some, "models.rs");
    assert!(models.contains("pub user: Option<UserId>,"), "{models}");
}
