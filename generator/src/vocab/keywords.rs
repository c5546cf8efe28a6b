//! The keywords of each kind of OpenAPI object and of a schema: which keys
//! the generator reads, which only document, and the vendor extensions.

/// The keys one kind of OpenAPI object may have, and what to call the object
/// in a warning.
pub(crate) struct Keys {
    pub(crate) what: &'static str,
    pub(crate) keys: &'static [&'static str],
}

/// The OpenAPI object at the root of the document.
pub(crate) const DOCUMENT: Keys = Keys {
    what: "top-level",
    keys: &[
        "openapi",
        "info",
        // The client's base URL is the builder's (`ClientBuilder::base_url`);
        // the first server is what the `servers` of paths and operations are
        // related to (see `servers.rs`).
        "servers",
        "paths",
        // Their payloads are models; no client method is made for them.
        "webhooks",
        "components",
        "security",
        "tags",
        "externalDocs",
        "jsonSchemaDialect",
    ],
};

/// `components`.
pub(crate) const COMPONENTS: Keys = Keys {
    what: "components",
    keys: &[
        "schemas",
        "parameters",
        "requestBodies",
        "responses",
        "headers",
        "securitySchemes",
        "examples",
        "links",
        "callbacks",
        // OpenAPI 3.1: path items a `$ref` in `paths` or `webhooks` names.
        "pathItems",
    ],
};

/// A path item.
pub(crate) const PATH_ITEM: Keys = Keys {
    what: "path item",
    keys: &[
        "summary",
        "description",
        "parameters",
        "get",
        "put",
        "post",
        "delete",
        "patch",
        "head",
        "options",
        "trace",
        "$ref",
        "servers",
    ],
};

/// An operation.
pub(crate) const OPERATION: Keys = Keys {
    what: "operation",
    keys: &[
        "operationId",
        "summary",
        "description",
        "tags",
        "parameters",
        "requestBody",
        "responses",
        "security",
        "deprecated",
        "externalDocs",
        // Their payloads are models; no client method is made for them.
        "callbacks",
        "servers",
    ],
};

/// A security scheme (`components/securitySchemes`). `flows` and
/// `openIdConnectUrl` only document how a token is obtained, which is the
/// caller's business; the client sends the token.
pub(crate) const SECURITY_SCHEME: Keys = Keys {
    what: "security scheme",
    keys: &[
        "type",
        "description",
        "name",
        "in",
        "scheme",
        "bearerFormat",
        "flows",
        "openIdConnectUrl",
    ],
};

/// A server (on a path item or an operation).
pub(crate) const SERVER: Keys = Keys {
    what: "server",
    keys: &["url", "description", "variables"],
};

/// A server variable.
pub(crate) const SERVER_VARIABLE: Keys = Keys {
    what: "server variable",
    keys: &["enum", "default", "description"],
};

/// A parameter.
pub(crate) const PARAMETER: Keys = Keys {
    what: "parameter",
    keys: &[
        "name",
        "in",
        "description",
        "required",
        "deprecated",
        "schema",
        "example",
        "examples",
        "style",
        "explode",
        "allowEmptyValue",
        "allowReserved",
        "content",
    ],
};

/// A request body.
pub(crate) const REQUEST_BODY: Keys = Keys {
    what: "request body",
    keys: &["description", "content", "required"],
};

/// A media type.
pub(crate) const MEDIA_TYPE: Keys = Keys {
    what: "media type",
    keys: &["schema", "example", "examples", "encoding"],
};

/// A response. `type` is a Swagger 2 leftover seen in real documents; without
/// `content` a response has no body, whatever it says.
pub(crate) const RESPONSE: Keys = Keys {
    what: "response",
    keys: &["description", "headers", "content", "links", "type"],
};

/// A header.
pub(crate) const HEADER: Keys = Keys {
    what: "header",
    keys: &[
        "description",
        "required",
        "deprecated",
        "schema",
        "example",
        "examples",
        "style",
        "explode",
        "content",
    ],
};

/// Keywords of a schema object that only document it.
pub(crate) const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "$comment",
    "summary",
    "contentEncoding",
    "contentMediaType",
    // How a value is written as XML: this client speaks JSON.
    "xml",
];

/// Keywords the generator reads from a schema object.
pub(crate) const SCHEMA_KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "format",
    "nullable",
    "enum",
    "x-enum-varnames",
    "x-enumNames",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "additionalItems",
    "oneOf",
    "anyOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "pattern",
    "discriminator",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "patternProperties",
    "propertyNames",
    // Containers of schemas that `$ref`s name (2020-12's and draft 7's
    // spelling); each is resolved where it is referenced.
    "$defs",
    "definitions",
    // Anchors a `$recursiveRef`/`$dynamicRef` names (`normalize` follows
    // those); alone they only label a schema.
    "$recursiveAnchor",
    "$dynamicAnchor",
    "$anchor",
];

/// The keys whose value is a map from names to schemas (`properties`,
/// `$defs`, `components/schemas`, …): no schema itself, whatever its members
/// are called.
pub(crate) const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
];

/// The keywords that apply to instances of one JSON type (JSON Schema's
/// validation vocabulary); `format` and `enum` are handled apart.
pub(crate) fn applies_to(key: &str, name: &str) -> bool {
    const STRING: &[&str] = &[
        "minLength",
        "maxLength",
        "pattern",
        "contentEncoding",
        "contentMediaType",
    ];
    const NUMBER: &[&str] = &[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ];
    const ARRAY: &[&str] = &[
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
        "minContains",
        "maxContains",
        "additionalItems",
    ];
    const OBJECT: &[&str] = &[
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "dependentSchemas",
        "discriminator",
    ];
    let keys = match name {
        "string" => STRING,
        "integer" | "number" => NUMBER,
        "array" => ARRAY,
        "object" => OBJECT,
        _ => &[],
    };
    keys.contains(&key)
}

/// The vendor extension saying which kind of entity a snowflake identifies
/// (`x-fluxer-id: channel`), read by `resolve/schema.rs`.
pub(crate) const ID_EXTENSION: &str = "x-fluxer-id";

/// Whether `key` is a vendor extension (`x-…`), which any OpenAPI object may have.
pub(crate) fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}
