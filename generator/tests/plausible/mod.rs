//! Plausible OpenAPI documents for property tests: objects with properties of
//! random types, `$ref`s between components, integer and string enums,
//! `oneOf` unions with titles, nullable variants, arrays, tuples, maps,
//! awkward names.
//! Shared by `generator/tests/robustness.rs` (never panic, output parses) and
//! `xtask/tests/robustness_compile.rs` (a sample compiles against the runtime).

#![allow(dead_code)]

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};

/// A strategy for the names in a document (components, properties, enum
/// values, titles, operation ids).
pub type Names = BoxedStrategy<String>;

/// Names that are valid identifiers once cased, including groups that collide
/// once cased (`foo_bar`, `fooBar`, `FooBar`, `FOO_BAR`, `foo-bar`) and a few
/// keywords that can be raw identifiers. A document whose names are all tame is
/// likely to generate, so the later stages get exercised.
pub fn tame_name() -> Names {
    prop_oneof![
        4 => "[a-z][a-z0-9]{0,6}(_[a-z0-9]{1,4}){0,2}",
        2 => "[A-Z][a-zA-Z0-9]{0,8}",
        2 => prop::sample::select(vec![
            "type", "match", "ref", "fn", "foo_bar", "fooBar", "FooBar", "FOO_BAR", "foo-bar",
            "foo.bar", "Foo_Bar", "foo__bar", "id", "Id", "ID", "value", "Value", "Option",
            "Result", "String", "Vec", "Box", "Default", "Error", "Unknown", "None", "Some",
            "serde", "std", "core", "models", "x-foo", "foo[]", "$ref", "a b",
        ])
        .prop_map(str::to_owned),
    ]
    .boxed()
}

/// Names that are awkward or impossible as Rust identifiers: keywords, leading
/// digits, punctuation only, non-ASCII, empty, plus the tame ones.
pub fn awkward_name() -> Names {
    prop_oneof![
        3 => tame_name(),
        2 => prop::sample::select(vec![
            "self", "Self", "super", "crate", "async", "await", "dyn", "try", "gen", "union",
            "box", "r#type", "true", "null", "Client", "operations", "validate", "_", "__", "",
            " ", "-", "0", "1st", "123", "2fa", "café", "ÄÖÜ", "名前", "a/b", "a~b", "@type",
            "+1", "-1",
        ])
        .prop_map(str::to_owned),
        1 => "[ -~]{0,10}",
        1 => "[0-9][a-z_]{0,6}",
    ]
    .boxed()
}

/// A JSON pointer to a component schema (RFC 6901 escaping).
pub fn schema_ref(name: &str) -> Value {
    let escaped = name.replace('~', "~0").replace('/', "~1");
    json!({ "$ref": format!("#/components/schemas/{escaped}") })
}

/// A schema that is not an object, array, map or union, possibly a reference to
/// one of the `names` (chosen by `Index`, as the names are only known later).
#[derive(Clone, Debug)]
pub enum Leaf {
    Schema(Value),
    Ref(Index),
}

pub fn leaf(names: Names) -> impl Strategy<Value = Leaf> {
    prop_oneof![
        3 => scalar(names.clone()).prop_map(Leaf::Schema),
        2 => any::<Index>().prop_map(Leaf::Ref),
    ]
}

/// A scalar schema (no reference): a primitive, an enum or a free-form value.
pub fn scalar(names: Names) -> impl Strategy<Value = Value> {
    let integer = (
        prop::option::of(prop::sample::select(vec![
            "int32", "int64", "uint8", "int8", "uint64", "weird",
        ])),
        prop::option::of(-1_000_i64..1_000),
        prop::option::of(-1_000_i64..100_000),
    )
        .prop_map(|(format, minimum, maximum)| {
            let mut schema = json!({ "type": "integer" });
            if let Some(format) = format {
                schema["format"] = json!(format);
            }
            if let Some(minimum) = minimum {
                schema["minimum"] = json!(minimum);
            }
            if let Some(maximum) = maximum {
                schema["maximum"] = json!(maximum);
            }
            schema
        });
    let string = (
        prop::option::of(prop::sample::select(vec![
            "date-time",
            "snowflake",
            "uri",
            "email",
            "uuid",
            "date",
            "byte",
            "binary",
        ])),
        prop::option::of(0_u64..50),
    )
        .prop_map(|(format, max_length)| {
            let mut schema = json!({ "type": "string" });
            if let Some(format) = format {
                schema["format"] = json!(format);
            }
            if let Some(max_length) = max_length {
                schema["maxLength"] = json!(max_length);
            }
            schema
        });
    let string_enum = prop::collection::vec(names.clone(), 1..5)
        .prop_map(|values| json!({ "type": "string", "enum": values }));
    let integer_enum = prop::collection::vec(-3_i64..300, 1..5)
        .prop_flat_map({
            let names = names.clone();
            move |values| {
                let count = values.len();
                (
                    Just(values),
                    prop::option::of(prop::collection::vec(names.clone(), count)),
                )
            }
        })
        .prop_map(|(values, names)| {
            let mut schema = json!({ "type": "integer", "format": "int32", "enum": values });
            if let Some(names) = names {
                schema["x-enum-varnames"] = json!(names);
            }
            schema
        });
    prop_oneof![
        3 => string,
        2 => integer,
        1 => Just(json!({ "type": "number", "format": "double" })),
        1 => Just(json!({ "type": "number", "format": "float" })),
        2 => Just(json!({ "type": "boolean" })),
        1 => Just(json!({})),
        1 => Just(json!({ "type": "object" })),
        2 => string_enum,
        2 => integer_enum,
        1 => Just(json!({ "const": "fixed" })),
    ]
}

/// An object's properties: name, schema, whether required.
pub type Properties = Vec<(String, Shape, bool)>;

/// A schema tree whose references are still indices.
#[derive(Clone, Debug)]
pub enum Shape {
    Leaf(Leaf),
    Object {
        properties: Properties,
        additional: Option<Option<Box<Shape>>>,
    },
    Array(Box<Shape>, Option<u64>),
    Map(Box<Shape>),
    Union {
        keyword: &'static str,
        variants: Vec<(Option<String>, Shape)>,
    },
    /// `type: [T, "null"]`, `anyOf: [T, {type: null}]` or `nullable: true`.
    Nullable(Box<Shape>, u8),
    /// A `oneOf` of objects told apart by a `const` (string or integer) `tag`
    /// property, with or without a `discriminator`.
    Tagged {
        tag: String,
        integer: bool,
        discriminator: bool,
        variants: Vec<(Option<String>, Properties)>,
    },
    /// Annotations: description, `deprecated`, `readOnly`/`writeOnly`, `default`.
    Decorated(Box<Shape>, Decor),
    /// `prefixItems` (or, `draft4`, a list of `items` with `additionalItems`),
    /// with `minItems`, `maxItems` and the later items: none said, `false`,
    /// or a schema.
    Tuple {
        items: Vec<Shape>,
        min: Option<u64>,
        max: Option<u64>,
        rest: Option<Option<Box<Shape>>>,
        draft4: bool,
    },
}

#[derive(Clone, Debug)]
pub struct Decor {
    description: Option<&'static str>,
    deprecated: bool,
    access: Option<&'static str>,
    default: Option<Value>,
}

/// Descriptions that are awkward as rustdoc: code fences, HTML, brackets,
/// comment terminators, backslashes, quotes, bare URLs.
pub fn description() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "A plain sentence.",
        "",
        "Line one.\n\nLine two.",
        "```\nfn main() { panic!() }\n```",
        "```rust\nassert!(false);\n```",
        "    indented code block",
        "<b>bold</b> <token> </div> <!-- comment",
        "[link] [text](https://example.com) [[double]] [^note]",
        "*/ /* // #[doc = \"x\"] \\ \" ' `",
        "https://example.com/path?query=1&b=<2>",
        "# Heading\n- list\n1. item\n> quote",
        "Ünïcödé ✓ 名前 \u{202e}",
        "trailing backslash \\",
        "\r\n windows \t tabs",
    ])
}

pub fn decor() -> impl Strategy<Value = Decor> {
    (
        prop::option::of(description()),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec!["readOnly", "writeOnly"])),
        prop::option::of(prop_oneof![
            Just(json!(null)),
            Just(json!(0)),
            Just(json!(-1)),
            Just(json!(1.5)),
            Just(json!(true)),
            Just(json!("text")),
            Just(json!([])),
            Just(json!({})),
        ]),
    )
        .prop_map(|(description, deprecated, access, default)| Decor {
            description,
            deprecated,
            access,
            default,
        })
}

pub fn shape(names: Names) -> impl Strategy<Value = Shape> {
    leaf(names.clone())
        .prop_map(Shape::Leaf)
        .prop_recursive(4, 24, 5, move |inner| {
            prop_oneof![
                3 => (
                    prop::collection::vec((names.clone(), inner.clone(), any::<bool>()), 0..5),
                    prop::option::of(prop::option::of(inner.clone().prop_map(Box::new))),
                )
                    .prop_map(|(properties, additional)| Shape::Object {
                        properties,
                        additional,
                    }),
                2 => (inner.clone(), prop::option::of(0_u64..10))
                    .prop_map(|(items, max)| Shape::Array(Box::new(items), max)),
                1 => inner.clone().prop_map(|values| Shape::Map(Box::new(values))),
                2 => (
                    prop::sample::select(vec!["oneOf", "anyOf", "allOf"]),
                    prop::collection::vec(
                        (prop::option::of(names.clone()), inner.clone()),
                        1..4,
                    ),
                )
                    .prop_map(|(keyword, variants)| Shape::Union { keyword, variants }),
                2 => (inner.clone(), 0_u8..3)
                    .prop_map(|(shape, how)| Shape::Nullable(Box::new(shape), how)),
                1 => (
                    names.clone(),
                    any::<bool>(),
                    any::<bool>(),
                    prop::collection::vec(
                        (
                            prop::option::of(names.clone()),
                            prop::collection::vec(
                                (names.clone(), inner.clone(), any::<bool>()),
                                0..3,
                            ),
                        ),
                        1..4,
                    ),
                )
                    .prop_map(|(tag, integer, discriminator, variants)| Shape::Tagged {
                        tag,
                        integer,
                        discriminator,
                        variants,
                    }),
                1 => (
                    prop::collection::vec(inner.clone(), 1..4),
                    prop::option::of(0_u64..5),
                    prop::option::of(0_u64..6),
                    prop::option::of(prop::option::of(inner.clone().prop_map(Box::new))),
                    any::<bool>(),
                )
                    .prop_map(|(items, min, max, rest, draft4)| Shape::Tuple {
                        items,
                        min,
                        max,
                        rest,
                        draft4,
                    }),
                2 => (inner, decor()).prop_map(|(shape, decor)| Shape::Decorated(Box::new(shape), decor)),
            ]
        })
}

impl Shape {
    pub fn to_value(&self, names: &[String]) -> Value {
        match self {
            Self::Leaf(Leaf::Schema(schema)) => schema.clone(),
            Self::Leaf(Leaf::Ref(index)) => schema_ref(index.get::<String>(names)),
            Self::Object {
                properties,
                additional,
            } => {
                let mut schema = object(properties, names);
                match additional {
                    None => {}
                    Some(None) => schema["additionalProperties"] = json!(true),
                    Some(Some(shape)) => schema["additionalProperties"] = shape.to_value(names),
                }
                schema
            }
            Self::Array(items, max) => {
                let mut schema = json!({ "type": "array", "items": items.to_value(names) });
                if let Some(max) = max {
                    schema["maxItems"] = json!(max);
                }
                schema
            }
            Self::Map(values) => {
                json!({ "type": "object", "additionalProperties": values.to_value(names) })
            }
            Self::Tuple {
                items,
                min,
                max,
                rest,
                draft4,
            } => {
                let items: Vec<Value> = items.iter().map(|item| item.to_value(names)).collect();
                let (prefix_key, rest_key) = if *draft4 {
                    ("items", "additionalItems")
                } else {
                    ("prefixItems", "items")
                };
                let mut schema = json!({ "type": "array", prefix_key: items });
                match rest {
                    None => {}
                    Some(None) => schema[rest_key] = json!(false),
                    Some(Some(shape)) => schema[rest_key] = shape.to_value(names),
                }
                if let Some(min) = min {
                    schema["minItems"] = json!(min);
                }
                if let Some(max) = max {
                    schema["maxItems"] = json!(max);
                }
                schema
            }
            Self::Union { keyword, variants } => {
                let variants: Vec<Value> = variants
                    .iter()
                    .map(|(title, shape)| {
                        let mut variant = shape.to_value(names);
                        if let (Some(title), Some(object)) = (title, variant.as_object_mut()) {
                            object.insert("title".to_owned(), json!(title));
                        }
                        variant
                    })
                    .collect();
                let mut schema = Map::new();
                schema.insert((*keyword).to_owned(), Value::Array(variants));
                Value::Object(schema)
            }
            Self::Tagged {
                tag,
                integer,
                discriminator,
                variants,
            } => {
                let variants: Vec<Value> = variants
                    .iter()
                    .enumerate()
                    .map(|(index, (title, properties))| {
                        let mut variant = object(properties, names);
                        let value = if *integer {
                            json!({ "type": "integer", "const": index })
                        } else {
                            json!({ "type": "string", "enum": [format!("kind{index}")] })
                        };
                        variant["properties"][tag.as_str()] = value;
                        let mut required = variant
                            .get("required")
                            .cloned()
                            .unwrap_or_else(|| json!([]));
                        if let Some(required) = required.as_array_mut() {
                            required.push(json!(tag));
                        }
                        variant["required"] = required;
                        if let Some(title) = title {
                            variant["title"] = json!(title);
                        }
                        variant
                    })
                    .collect();
                let mut schema = json!({ "oneOf": variants });
                if *discriminator {
                    schema["discriminator"] = json!({ "propertyName": tag });
                }
                schema
            }
            Self::Decorated(inner, decor) => {
                let mut schema = inner.to_value(names);
                if let Some(object) = schema.as_object_mut() {
                    if let Some(description) = decor.description {
                        object.insert("description".to_owned(), json!(description));
                    }
                    if decor.deprecated {
                        object.insert("deprecated".to_owned(), json!(true));
                    }
                    if let Some(access) = decor.access {
                        object.insert(access.to_owned(), json!(true));
                    }
                    if let Some(default) = &decor.default {
                        object.insert("default".to_owned(), default.clone());
                    }
                }
                schema
            }
            Self::Nullable(inner, how) => {
                let mut schema = inner.to_value(names);
                match how {
                    0 => match schema.get("type").cloned() {
                        Some(Value::String(ty)) => schema["type"] = json!([ty, "null"]),
                        _ => return json!({ "anyOf": [schema, { "type": "null" }] }),
                    },
                    1 => return json!({ "anyOf": [schema, { "type": "null" }] }),
                    _ => {
                        if let Some(object) = schema.as_object_mut() {
                            object.insert("nullable".to_owned(), json!(true));
                        }
                    }
                }
                schema
            }
        }
    }
}

/// `{type: object, properties, required}` from `(name, shape, required)` triples.
pub fn object(properties: &[(String, Shape, bool)], names: &[String]) -> Value {
    let mut members = Map::new();
    let mut required = Vec::new();
    for (name, shape, is_required) in properties {
        members.insert(name.clone(), shape.to_value(names));
        if *is_required {
            required.push(json!(name));
        }
    }
    let mut schema = json!({ "type": "object", "properties": members });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    schema
}

/// An operation using the components: a path parameter, a query parameter, an
/// optional JSON body and a JSON response.
#[derive(Clone, Debug)]
pub struct Operation {
    id: String,
    method: &'static str,
    segment: String,
    /// A query or header parameter: where, name, schema.
    parameter: Option<(&'static str, String, Shape)>,
    body: Option<Shape>,
    response: Option<Shape>,
    deprecated: bool,
}

pub fn operation(names: Names) -> impl Strategy<Value = Operation> {
    (
        names.clone(),
        prop::sample::select(vec!["get", "put", "post", "patch", "delete"]),
        "[a-z]{1,6}",
        prop::option::of((
            prop::sample::select(vec!["query", "query", "header"]),
            names.clone(),
            scalar(names.clone()).prop_map(|schema| Shape::Leaf(Leaf::Schema(schema))),
        )),
        prop::option::of(shape(names.clone())),
        prop::option::of(shape(names.clone())),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(id, method, segment, parameter, body, response, deprecated)| Operation {
                id,
                method,
                segment,
                parameter,
                body,
                response,
                deprecated,
            },
        )
}

#[derive(Clone, Debug)]
pub struct Document {
    version: &'static str,
    components: Vec<(String, Shape)>,
    operations: Vec<Operation>,
}

pub fn document(names: Names) -> impl Strategy<Value = Document> {
    (
        prop::sample::select(vec!["3.1.0", "3.0.3"]),
        prop::collection::vec((names.clone(), shape(names.clone())), 1..6),
        prop::collection::vec(operation(names.clone()), 0..3),
    )
        .prop_map(|(version, components, operations)| Document {
            version,
            components,
            operations,
        })
}

impl Document {
    pub fn to_value(&self) -> Value {
        let names: Vec<String> = self
            .components
            .iter()
            .map(|(name, _)| name.clone())
            .collect();
        let mut schemas = Map::new();
        for (name, shape) in &self.components {
            schemas.insert(name.clone(), shape.to_value(&names));
        }
        let mut paths = Map::new();
        for operation in &self.operations {
            let mut parameters = vec![json!({
                "name": "id",
                "in": "path",
                "required": true,
                "schema": { "type": "string", "format": "snowflake" },
            })];
            if let Some((location, name, shape)) = &operation.parameter {
                parameters.push(json!({
                    "name": name,
                    "in": location,
                    "schema": shape.to_value(&names),
                }));
            }
            let mut op = json!({
                "operationId": operation.id,
                "parameters": parameters,
                "responses": { "204": { "description": "Nothing." } },
            });
            if operation.deprecated {
                op["deprecated"] = json!(true);
            }
            if let Some(body) = &operation.body {
                op["requestBody"] = json!({
                    "required": true,
                    "content": { "application/json": { "schema": body.to_value(&names) } },
                });
            }
            if let Some(response) = &operation.response {
                op["responses"] = json!({
                    "200": {
                        "description": "OK.",
                        "content": { "application/json": { "schema": response.to_value(&names) } },
                    }
                });
            }
            let path = format!("/{}/{{id}}", operation.segment);
            let item = paths.entry(path).or_insert_with(|| json!({}));
            item[operation.method] = op;
        }
        json!({
            "openapi": self.version,
            "info": { "title": "Property test", "version": "1" },
            "paths": paths,
            "components": { "schemas": schemas },
        })
    }
}
