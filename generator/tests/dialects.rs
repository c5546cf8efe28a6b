//! JSON Schema 2020-12 (OpenAPI 3.1) and OpenAPI 3.0 spellings that
//! `normalize` rewrites: `type` lists and mixed enums become unions, keywords
//! next to a `$ref` apply in 3.1 (and are ignored, as 3.0 says, in 3.0),
//! `allOf` keeps named types and merges scalars — and every warning about a
//! rewritten node still points at the node as written.

use generator::Generated;

mod support;

use support::{V30, V31, file, generated};

fn models(generated: &Generated) -> &str {
    file(generated, "models.rs")
}

/// One operation sending and receiving `Thing`, plus the components given.
fn document(header: &str, components: &str) -> String {
    format!(
        r#"{}paths:
  /things:
    post:
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
{components}"#,
        header
    )
}

/// Every warning's pointer names a node of `schema` as written.
fn assert_pointers_exist(schema: &str, generated: &Generated) {
    let written = generator::parse_value("schema/test.yaml", schema).expect("parses");
    for warning in generated.warnings.iter() {
        assert!(
            written.pointer(&warning.pointer).is_some(),
            "{warning} points at nothing in the document"
        );
    }
}

/// The text of the item `pub enum {name}` / `pub struct {name}` up to its end.
fn item<'a>(models: &'a str, keyword: &str, name: &str) -> &'a str {
    let start = models
        .find(&format!("pub {keyword} {name} "))
        .unwrap_or_else(|| panic!("no {keyword} {name} in:\n{models}"));
    let end = models[start..]
        .find("\n}\n")
        .map_or(models.len(), |end| start + end + 3);
    &models[start..end]
}

#[test]
fn a_type_list_of_several_types_is_a_union_with_each_keyword_on_its_type() {
    let schema = document(
        V31,
        r#"    Thing:
      type: object
      properties:
        value:
          description: A name or a count.
          type: [string, integer, 'null']
          minLength: 1
          maximum: 10
"#,
    );
    let out = generated(&schema);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    // Sent, optional and nullable: absent, `null` or a value.
    assert!(
        models.contains("pub value: crate::Nullable<ThingValue>"),
        "{models}"
    );
    let union = item(models, "enum", "ThingValue");
    assert!(union.contains("String(String)"), "{union}");
    assert!(union.contains("Integer(i64)"), "{union}");
    // Each bound is checked on its own branch before sending.
    let checks = &models[models
        .find("impl crate::Validate for ThingValue")
        .expect("checked")..];
    assert!(checks.contains("MinLength(1)"), "{checks}");
    assert!(checks.contains("Maximum(10)"), "{checks}");
}

#[test]
fn an_enum_of_several_types_is_a_union_of_one_enum_per_type() {
    let schema = document(
        V31,
        r#"    Thing:
      type: object
      required: [level]
      properties:
        level:
          enum: [1, 2, low, high, null]
"#,
    );
    let out = generated(&schema);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    assert!(models.contains("pub level: Option<ThingLevel>"), "{models}");
    let union = item(models, "enum", "ThingLevel");
    assert!(!union.contains("serde_json::Value"), "{union}");
    // One enum of the integers, one of the strings, each keeping unknown values.
    assert!(models.contains("`\"low\"` on the wire"), "{models}");
    assert!(models.contains("`2` on the wire"), "{models}");
}

#[test]
fn keywords_next_to_a_ref_apply_in_openapi_3_1() {
    let components = r#"    Base:
      type: object
      required: [id]
      properties:
        id:
          type: string
    Name:
      type: string
      maxLength: 20
    Color:
      type: string
      enum: [red, green]
    Thing:
      type: object
      properties:
        extended:
          $ref: '#/components/schemas/Base'
          description: The base, and a label.
          properties:
            label:
              type: string
        short:
          $ref: '#/components/schemas/Name'
          maxLength: 5
        color:
          $ref: '#/components/schemas/Color'
          type: string
"#;
    let schema = document(V31, components);
    let out = generated(&schema);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    // Properties next to the `$ref` are merged into an object of its own.
    let extended = item(models, "struct", "ThingExtended");
    assert!(extended.contains("pub id: String"), "{extended}");
    assert!(extended.contains("pub label:"), "{extended}");
    // A bound next to a `$ref` to a string is the tighter bound.
    assert!(models.contains("MaxLength(5)"), "{models}");
    // A `type` that restates the target's changes nothing: the enum is kept.
    assert!(models.contains("pub color: Option<Color>"), "{models}");

    // OpenAPI 3.0 ignores them, and says so, except the restated `type`.
    let schema = document(V30, components);
    let out = generated(&schema);
    let warnings: Vec<_> = out.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        warnings,
        [
            "/components/schemas/Thing/properties/extended/properties",
            "/components/schemas/Thing/properties/short/maxLength",
        ],
        "{}",
        out.warnings
    );
    assert!(
        out.warnings
            .iter()
            .all(|w| w.message.contains("OpenAPI 3.0 reads only annotations")),
        "{}",
        out.warnings
    );
    assert_pointers_exist(&schema, &out);
}

#[test]
fn all_of_that_restates_a_ref_keeps_the_named_type_and_scalars_merge() {
    let schema = document(
        V30,
        r#"    Color:
      type: string
      enum: [red, green]
    Name:
      type: string
      minLength: 2
      maxLength: 20
    Thing:
      type: object
      properties:
        color:
          allOf:
            - $ref: '#/components/schemas/Color'
            - type: string
              description: The colour.
        name:
          allOf:
            - $ref: '#/components/schemas/Name'
            - maxLength: 8
              minLength: 1
"#,
    );
    let out = generated(&schema);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    assert!(models.contains("pub color: Option<Color>"), "{models}");
    assert!(models.contains("MinLength(2)"), "{models}");
    assert!(models.contains("MaxLength(8)"), "{models}");
    assert!(!models.contains("MaxLength(20)"), "{models}");
}

#[test]
fn warnings_about_rewritten_nodes_point_where_they_are_written_once() {
    let schema = document(
        V31,
        r#"    Base:
      type: object
      properties:
        size:
          type: integer
          maxLength: 3
    Thing:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            flag:
              type: [integer, boolean]
              pattern: '^a'
            choice:
              oneOf:
                - type: 'null'
                - type: string
                  maxItems: 2
                - type: integer
"#,
    );
    let out = generated(&schema);
    let pointers: Vec<_> = out.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            // Merged into `Thing` too, but written, and reported, once.
            "/components/schemas/Base/properties/size/maxLength",
            // The branch of the `type` list it landed in is not in the file.
            "/components/schemas/Thing/allOf/1/properties/flag/pattern",
            // The union lost its `null` member: the index is the written one.
            "/components/schemas/Thing/allOf/1/properties/choice/oneOf/1/maxItems",
        ],
        "{}",
        out.warnings
    );
    assert_pointers_exist(&schema, &out);
}

#[test]
fn a_ref_to_a_property_of_a_merged_object_still_resolves() {
    let schema = document(
        V31,
        r#"    Base:
      type: object
      properties:
        id:
          type: string
    Tagged:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            tag:
              type: string
              maxLength: 4
    Thing:
      type: object
      properties:
        tag:
          $ref: '#/components/schemas/Tagged/allOf/1/properties/tag'
"#,
    );
    let out = generated(&schema);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    assert!(models(&out).contains("MaxLength(4)"), "{}", models(&out));
}

#[test]
fn all_of_a_union_and_an_object_is_each_variant_with_the_object() {
    let schema = document(
        V31,
        r#"    Created:
      type: object
      required: [type, id]
      properties:
        type:
          type: string
        id:
          type: string
    Deleted:
      type: object
      required: [type]
      properties:
        type:
          type: string
    Event:
      oneOf:
        - $ref: '#/components/schemas/Created'
        - $ref: '#/components/schemas/Deleted'
      discriminator:
        propertyName: type
        mapping:
          created: '#/components/schemas/Created'
          deleted: '#/components/schemas/Deleted'
    Thing:
      description: An event of a stream.
      allOf:
        - $ref: '#/components/schemas/Event'
        - type: object
          properties:
            stream_id:
              type: string
              maxLength: 8
"#,
    );
    let out = generated(&schema);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    let union = item(models, "enum", "Thing");
    // Told apart by the discriminator's mapping, as `Event` is; each variant
    // named as in `Event`.
    assert!(union.contains("Created("), "{union}");
    assert!(union.contains("Deleted("), "{union}");
    let tagged: Vec<&str> = models
        .split("crate::wire::tagged_union! {")
        .skip(1)
        .map(|block| &block[..block.find("\n}").unwrap_or(block.len())])
        .collect();
    assert_eq!(tagged.len(), 2, "{models}");
    for block in tagged {
        assert!(block.contains("Created = \"created\";"), "{block}");
        assert!(block.contains("Deleted = \"deleted\";"), "{block}");
    }
    // Every variant has the added member, checked before sending.
    assert_eq!(models.matches("pub stream_id:").count(), 2, "{models}");
    assert_eq!(models.matches("MaxLength(8)").count(), 2, "{models}");
    assert_pointers_exist(&schema, &out);
}

#[test]
fn what_normalize_finds_is_read_wherever_a_ref_or_a_null_leads() {
    let schema = document(
        V31,
        r#"    ChannelTypes:
      type: integer
      enum: [0, 1, 2]
    Text~Chan:
      type: object
      required: [type]
      properties:
        type:
          allOf: [{$ref: '#/components/schemas/ChannelTypes'}]
          enum: [0, 1]
    Voice:
      type: object
      required: [type]
      properties:
        type:
          allOf: [{$ref: '#/components/schemas/ChannelTypes'}]
          enum: [2]
    Kind:
      oneOf:
        - {const: a, title: Alpha, description: The first kind.}
        - {const: b, title: Beta}
    Thing:
      type: object
      properties:
        channel:
          oneOf:
            # `~` unescaped: the pointer is `Text~0Chan`, spelled another way.
            - $ref: '#/components/schemas/Text~Chan'
            - $ref: '#/components/schemas/Voice'
        kind:
          $ref: '#/components/schemas/Kind'
        maybe_kind:
          oneOf:
            - {const: c, title: Gamma}
            - {const: d, title: Delta}
            - {type: 'null'}
"#,
    );
    let out = generated(&schema);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    // The narrowing `enum`s tag the members the `$ref`s lead to.
    let start = models
        .find("crate::wire::tagged_union! {\n    ThingChannel by \"type\": i64;")
        .unwrap_or_else(|| panic!("{models}"));
    let decode = &models[start..];
    let decode = &decode[..decode.find("\n}\n").unwrap_or(decode.len())];
    assert!(decode.contains(" = 0 | 1;"), "{decode}");
    assert!(decode.contains(" = 2;"), "{decode}");
    // The titles name the variants of the component and of the enum behind
    // `null`; the descriptions document them.
    let kind = item(models, "enum", "Kind");
    assert!(kind.contains("/// The first kind.\n    ///"), "{kind}");
    assert!(kind.contains("    Alpha,"), "{kind}");
    assert!(kind.contains("    Beta,"), "{kind}");
    let maybe = item(models, "enum", "ThingMaybeKind");
    assert!(
        maybe.contains("    Gamma,") && maybe.contains("    Delta,"),
        "{maybe}"
    );
}

#[test]
fn a_type_list_of_the_target_and_null_next_to_a_ref_is_a_nullable_use() {
    let schema = document(
        V31,
        r#"    Color:
      type: string
      enum: [red, green]
    Thing:
      type: object
      required: [color]
      properties:
        color:
          $ref: '#/components/schemas/Color'
          type: [string, 'null']
"#,
    );
    let out = generated(&schema);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    assert!(models.contains("pub color: Option<Color>"), "{models}");
}

#[test]
fn recursive_and_dynamic_references_name_their_anchor() {
    let schema = document(
        V31,
        r#"    Comparison:
      type: object
      required: [key]
      properties:
        key:
          type: string
    Thing:
      $recursiveAnchor: true
      type: object
      required: [filters]
      properties:
        filters:
          type: array
          items:
            anyOf:
              - $ref: '#/components/schemas/Comparison'
              - $recursiveRef: '#'
    Tree:
      $dynamicAnchor: node
      type: object
      properties:
        children:
          type: array
          items:
            $dynamicRef: '#node'
"#,
    );
    let out = generated(&schema);
    assert!(out.warnings.is_empty(), "{}", out.warnings);
    let models = models(&out);
    // The recursion is typed, and boxed where it closes.
    let filters = item(models, "enum", "ThingFiltersItem");
    assert!(filters.contains("(Comparison)"), "{filters}");
    assert!(filters.contains("Thing"), "{filters}");
    let tree = item(models, "struct", "Tree");
    assert!(tree.contains("Vec<Tree>"), "{tree}");
}
