//! Typed reading of the JSON value tree: the value at a key as an object, a
//! string, a flag or a count, with a located problem when it is something else.

use serde_json::{Map, Value};

use super::Resolver;
use crate::vocab::pointer::child;

impl<'a> Resolver<'a> {
    pub(super) fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let diagnostic = self.document.error(pointer, message);
        self.errors.push(diagnostic);
    }

    /// The value as an object, or an error saying what it should have been.
    pub(super) fn object(
        &mut self,
        value: &'a Value,
        pointer: &str,
        what: &str,
    ) -> Option<&'a Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            _ => {
                self.error(pointer, format!("{what} must be an object"));
                None
            }
        }
    }

    /// The value as an object, or a warning that it is ignored: for parts
    /// of the document no client method depends on (webhooks, callbacks).
    pub(super) fn object_or_ignored(
        &mut self,
        value: &'a Value,
        pointer: &str,
        what: &str,
    ) -> Option<&'a Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            _ => {
                self.warn(pointer, format!("{what} must be an object; it is ignored"));
                None
            }
        }
    }

    pub(super) fn string(
        &mut self,
        map: &'a Map<String, Value>,
        key: &str,
        pointer: &str,
    ) -> Option<&'a str> {
        match map.get(key) {
            None => None,
            Some(Value::String(text)) => Some(text),
            Some(_) => {
                self.error(&child(pointer, key), format!("`{key}` must be a string"));
                None
            }
        }
    }

    pub(super) fn boolean(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        pointer: &str,
    ) -> Option<bool> {
        match map.get(key) {
            None => None,
            Some(Value::Bool(value)) => Some(*value),
            Some(_) => {
                self.error(
                    &child(pointer, key),
                    format!("`{key}` must be true or false"),
                );
                None
            }
        }
    }

    pub(super) fn unsigned(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        pointer: &str,
    ) -> Option<u64> {
        match map.get(key) {
            None => None,
            Some(value) => match value.as_u64() {
                Some(number) => Some(number),
                None => {
                    self.error(
                        &child(pointer, key),
                        format!("`{key}` must be a non-negative integer"),
                    );
                    None
                }
            },
        }
    }

    /// Reports every key not in `known` (extensions `x-…` are always allowed).
    /// A warning: something the generator ignores or weakens.
    pub(super) fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let diagnostic = self.document.warning(pointer, message);
        self.warnings.push(diagnostic);
    }

    /// Warns about every key of an object that is not in `known` (extensions
    /// `x-…` are always allowed): the generator ignores them.
    pub(super) fn check_keys(&mut self, map: &Map<String, Value>, pointer: &str, known: &Keys) {
        for key in map.keys() {
            if !is_extension(key) && !known.keys.contains(&key.as_str()) {
                self.warn(
                    &child(pointer, key),
                    format!("unknown {} keyword `{key}` is ignored", known.what),
                );
            }
        }
    }

    /// Warns about every keyword of a schema the generator does not read.
    pub(super) fn check_schema_keys(&mut self, map: &Map<String, Value>, pointer: &str) {
        for key in map.keys() {
            if is_extension(key)
                || ANNOTATIONS.contains(&key.as_str())
                || SCHEMA_KEYWORDS.contains(&key.as_str())
            {
                continue;
            }
            let message = match key.as_str() {
                "allOf" => "`allOf` whose members are not all objects is not merged; it is ignored"
                    .to_owned(),
                _ => format!("the schema keyword `{key}` is not supported; it is ignored"),
            };
            self.warn(&child(pointer, key), message);
        }
    }
}

/// The keys one kind of OpenAPI object may have, and what to call the object
/// in a warning.
pub(super) struct Keys {
    pub(super) what: &'static str,
    pub(super) keys: &'static [&'static str],
}

/// The OpenAPI object at the root of the document.
pub(super) const DOCUMENT: Keys = Keys {
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
pub(super) const COMPONENTS: Keys = Keys {
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
    ],
};

/// A path item.
pub(super) const PATH_ITEM: Keys = Keys {
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
pub(super) const OPERATION: Keys = Keys {
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

/// A server (on a path item or an operation).
pub(super) const SERVER: Keys = Keys {
    what: "server",
    keys: &["url", "description", "variables"],
};

/// A server variable.
pub(super) const SERVER_VARIABLE: Keys = Keys {
    what: "server variable",
    keys: &["enum", "default", "description"],
};

/// A parameter.
pub(super) const PARAMETER: Keys = Keys {
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
pub(super) const REQUEST_BODY: Keys = Keys {
    what: "request body",
    keys: &["description", "content", "required"],
};

/// A media type.
pub(super) const MEDIA_TYPE: Keys = Keys {
    what: "media type",
    keys: &["schema", "example", "examples", "encoding"],
};

/// A response. `type` is a Swagger 2 leftover seen in real documents; without
/// `content` a response has no body, whatever it says.
pub(super) const RESPONSE: Keys = Keys {
    what: "response",
    keys: &["description", "headers", "content", "links", "type"],
};

/// A header.
pub(super) const HEADER: Keys = Keys {
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
pub(super) const SCHEMA_KEYWORDS: &[&str] = &[
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

/// The vendor extension saying which kind of entity a snowflake identifies
/// (`x-fluxer-id: channel`), read by `schema.rs`.
pub(super) const ID_EXTENSION: &str = "x-fluxer-id";

pub(crate) fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}
