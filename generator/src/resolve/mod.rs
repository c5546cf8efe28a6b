//! Stage 2: the normalized value tree → the IR.
//!
//! Reads the OpenAPI document, follows `$ref`s, checks what the generator
//! supports and gives everything its final Rust name; then runs the
//! whole-API passes of [`passes`] over the finished types. It never stops at
//! the first problem: every problem found becomes a [`Diagnostic`] with the
//! file, line and JSON pointer of the node it is about.
//!
//! One module per job:
//!
//! - [`read`]: typed reading of the value tree (an object, a string, a flag,
//!   a count at a key), checked against the keyword lists of
//!   [`crate::vocab::keywords`].
//! - [`refs`]: the one way to follow a `$ref`.
//! - [`schema`]: a schema used as a value → a [`Ty`]; [`primitive`]: the
//!   scalars, arrays and maps among them; named types for objects ([`structs`]), enums ([`enums`]), unions ([`unions`]) and
//!   tuples ([`tuples`]); [`numbers`]: numeric bounds and `multipleOf` held
//!   exactly, and a map's `propertyNames`.
//! - [`operation`]: path items and operations, their parameters and path;
//!   [`servers`]: where their requests go; [`security`]: the security
//!   schemes and which each operation accepts;
//!   [`bodies`]: request bodies and responses.
//! - [`passes`]: whole-API passes, in the order [`resolve`] runs them.
//!
//! Names come from [`crate::naming`]: a type is named after where it is
//! written (a component's key, its parent and field, an operation), and
//! collisions are numbered in document order.

mod bodies;
mod enums;
mod forms;
mod numbers;
mod operation;
mod output;
mod params;
mod passes;
mod paths;
mod primitive;
mod read;
mod refs;
mod schema;
mod security;
mod servers;
mod signature;
mod structs;
mod tuples;
mod unions;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::ir::{Api, IdKind, Operation, Ty, TypeDef, Uses};
use crate::naming::{
    free_name, is_reserved_method, is_reserved_type, numbered, options_name, static_name, type_name,
};
use crate::normalize::Findings;
use crate::parse::Document;
use crate::vocab::keywords::{COMPONENTS, DOCUMENT, HEADER};
use crate::vocab::pointer::{child, escape_token};
use schema::is_named_shape;

/// What resolving a document gives: the IR and the warnings about what was
/// ignored or weakened.
pub(crate) struct Resolution {
    pub(crate) api: Api,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Resolves a parsed and normalized document into the IR, reading what
/// `normalize` found beside it, or returns every error found (with the
/// warnings, which come first in document order too).
pub(crate) fn resolve(
    document: &Document,
    findings: &Findings,
) -> Result<Resolution, Vec<Diagnostic>> {
    let mut resolver = Resolver {
        document,
        findings,
        errors: Vec::new(),
        warnings: Vec::new(),
        types: BTreeMap::new(),
        type_origins: BTreeMap::new(),
        names_by_pointer: BTreeMap::new(),
        response_unions: BTreeSet::new(),
        component_names: BTreeMap::new(),
        inlining: BTreeSet::new(),
        ids: BTreeMap::new(),
        id_aliases: schema::id_aliases(&document.root),
        top_server: servers::top_server(&Map::new()),
        schemes: security::Schemes::new(),
        root_security: Vec::new(),
        forms: BTreeMap::new(),
    };
    let api = resolver.api();
    let mut errors = resolver.errors;
    let mut warnings = resolver.warnings;
    if let Some(api) = &api {
        warnings.extend(passes::unchecked_request_warnings(
            api,
            &resolver.type_origins,
            document,
        ));
    }
    warnings.sort();
    warnings.dedup();
    match api {
        Some(api) if errors.is_empty() => Ok(Resolution { api, warnings }),
        _ => {
            errors.sort();
            errors.dedup();
            Err(errors)
        }
    }
}

struct Resolver<'a> {
    document: &'a Document,
    /// What `normalize` found about nodes of `document.root`, by pointer.
    findings: &'a Findings,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    types: BTreeMap<String, TypeDef>,
    /// Where each named type was defined, to report name collisions and recursion.
    type_origins: BTreeMap<String, String>,
    /// The reverse: the name given to the schema at each pointer, so one schema is one type.
    names_by_pointer: BTreeMap<String, String>,
    /// Unions made of an operation's several success bodies.
    response_unions: BTreeSet<String>,
    /// `components/schemas` key → Rust type name, for components that become named types.
    component_names: BTreeMap<String, String>,
    /// Components being inlined right now, to catch `$ref` cycles between inlined schemas.
    inlining: BTreeSet<String>,
    /// The kinds of typed id met so far (`x-fluxer-id`), by kind.
    ids: BTreeMap<String, IdKind>,
    /// The aliases of every kind of typed id the document names, which no
    /// model may take.
    id_aliases: BTreeSet<String>,
    /// The document's first top-level server, which the client's base URL
    /// stands for.
    top_server: servers::Location,
    /// The document's security schemes by key (`None`: one the client
    /// cannot apply).
    schemes: security::Schemes,
    /// The document's `security`: what operations without their own accept.
    root_security: Vec<Vec<String>>,
    /// What each multipart body's schema says beyond its members' types, by
    /// the name of the struct it became.
    forms: BTreeMap<String, forms::FormSource>,
}

/// A schema resolved to a value type, plus whether `null` is allowed.
struct Resolved {
    ty: Ty,
    nullable: bool,
}

impl<'a> Resolver<'a> {
    fn api(&mut self) -> Option<Api> {
        let root = self.object(&self.document.root, "", "the document")?;
        self.check_keys(root, "", &DOCUMENT);
        match root.get("openapi") {
            Some(Value::String(version))
                if version.starts_with("3.1.") || version.starts_with("3.0.") => {}
            Some(_) => self.error(
                "/openapi",
                "only OpenAPI 3.0.x and 3.1.x documents are supported",
            ),
            None => self.error("", "missing `openapi` version field"),
        }

        self.top_server = servers::top_server(root);
        self.name_components(root);
        self.schemes = self.security_schemes(root);
        if let Some(security) = root.get("security") {
            let schemes = self.schemes.clone();
            self.root_security = self.security_requirements(security, "/security", &schemes);
        }
        if let Some(Value::Object(schemas)) = root.get("components").and_then(|c| c.get("schemas"))
        {
            for (key, schema) in schemas {
                let pointer = format!("/components/schemas/{}", escape_token(key));
                if let Some(name) = self.component_names.get(key).cloned() {
                    self.define_named(&name, schema, &pointer);
                } else if !is_named_shape(schema) {
                    // Inlined components are checked once, where they are
                    // written; what they define is named after their key.
                    let hint = type_name(key).unwrap_or_default();
                    self.resolve_schema(schema, &pointer, &hint);
                }
            }
        }
        self.check_component_sections(root);

        let mut operations = BTreeMap::new();
        if let Some(paths) = root.get("paths")
            && let Some(paths) = self.object(paths, "/paths", "`paths`")
        {
            for (path, item) in paths {
                let pointer = child("/paths", path);
                for (operation, pointer) in self.path_item(path, item, &pointer) {
                    self.add_operation(&mut operations, operation, &pointer);
                }
            }
        }
        // Webhooks (3.1) are requests the API sends: their payloads are models
        // a user receives, with no client method.
        if let Some(webhooks) = root.get("webhooks")
            && let Some(webhooks) = self.object_or_ignored(webhooks, "/webhooks", "`webhooks`")
        {
            for (name, item) in webhooks {
                let hint = format!("{}Webhook", type_name(name).unwrap_or_default());
                self.payloads(item, &child("/webhooks", name), &hint);
            }
        }
        let mut types = std::mem::take(&mut self.types);
        for (pointer, message) in forms::make_forms(&mut types, &self.forms, &mut operations) {
            self.warn(&pointer, message);
        }
        passes::box_recursive_fields(&mut types);
        passes::mark_usage(&mut types, &operations);
        passes::apply_access(&mut types);
        passes::mark_three_state(&mut types, &operations);
        passes::mark_validated(&mut types);
        passes::mark_checked(&mut types, &mut operations);
        passes::order_untagged(&mut types);
        let ids = std::mem::take(&mut self.ids);
        let mut api = Api {
            types,
            operations,
            ids,
            common_errors: Vec::new(),
            models_uses: Uses::default(),
            security_schemes: std::mem::take(&mut self.schemes)
                .into_values()
                .flatten()
                .map(|scheme| (scheme.key.clone(), scheme))
                .collect(),
        };
        output::mark_derives(&mut api);
        output::mark_uses(&mut api);
        output::common_errors(&mut api);
        Some(api)
    }

    /// Adds an operation under its function name. A name the hand-written
    /// `Client` already has, or another operation took, is numbered
    /// (`send` → `send_2`), with a warning.
    fn add_operation(
        &mut self,
        operations: &mut BTreeMap<String, Operation>,
        mut operation: Operation,
        pointer: &str,
    ) {
        let taken = |name: &str| is_reserved_method(name) || operations.contains_key(name);
        if taken(&operation.fn_name) {
            let name = free_name(&operation.fn_name, taken);
            let why = match operations.get(&operation.fn_name) {
                Some(other) => format!("the operation `{}` has that name", other.operation_id),
                None => "the hand-written `Client` has a method of that name".to_owned(),
            };
            self.warn(
                &child(pointer, "operationId"),
                format!(
                    "operationId `{}` would give the method `{}`, but {why}; it is `{name}`",
                    operation.operation_id, operation.fn_name
                ),
            );
            operation.static_name = static_name(&name);
            if let Some(options) = &mut operation.options {
                options.name = options_name(&name);
            }
            operation.fn_name = name;
        }
        operations.insert(operation.fn_name.clone(), operation);
    }

    /// The request bodies of a path item that the API sends (a webhook or a
    /// callback) become models named `{hint}` (+ `Payload`); they get no
    /// client method.
    pub(super) fn payloads(&mut self, item: &'a Value, pointer: &str, hint: &str) {
        let Some((item, pointer)) = self.deref(item, pointer) else {
            return;
        };
        let Some(map) = self.object_or_ignored(item, &pointer, "a path item") else {
            return;
        };
        for (method, operation) in map {
            if !matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace"
            ) {
                continue;
            }
            if let Some(body) = operation.get("requestBody") {
                let at = child(&child(&pointer, method), "requestBody");
                self.request_body(body, &at, &format!("{hint}Payload"));
            }
        }
    }

    /// An operation's `callbacks`: their payloads become models.
    pub(super) fn callbacks(&mut self, callbacks: &'a Value, pointer: &str, pascal: &str) {
        let Some(callbacks) = self.object_or_ignored(callbacks, pointer, "`callbacks`") else {
            return;
        };
        for (name, callback) in callbacks {
            let at = child(pointer, name);
            let Some((callback, at)) = self.deref(callback, &at) else {
                continue;
            };
            let Some(expressions) = self.object_or_ignored(callback, &at, "a callback") else {
                continue;
            };
            let hint = format!("{pascal}{}Callback", type_name(name).unwrap_or_default());
            for (expression, item) in expressions {
                self.payloads(item, &child(&at, expression), &hint);
            }
        }
    }

    /// Names every schema component that becomes a named Rust type.
    fn name_components(&mut self, root: &'a Map<String, Value>) {
        let Some(components) = root.get("components") else {
            return;
        };
        let Some(components) = self.object(components, "/components", "`components`") else {
            return;
        };
        self.check_keys(components, "/components", &COMPONENTS);
        let Some(schemas) = components.get("schemas") else {
            return;
        };
        let Some(schemas) = self.object(schemas, "/components/schemas", "`components/schemas`")
        else {
            return;
        };
        let mut taken = BTreeSet::new();
        for (key, schema) in schemas {
            let pointer = format!("/components/schemas/{}", escape_token(key));
            if !is_named_shape(schema) {
                continue;
            }
            match type_name(key) {
                Ok(name) => {
                    // `user_partial` and `UserPartial`: the later one, in
                    // document order, is `UserPartial2`.
                    let name = numbered(&name, "", |candidate| {
                        taken.contains(candidate) || self.is_reserved_type(candidate)
                    });
                    taken.insert(name.clone());
                    self.component_names.insert(key.clone(), name);
                }
                Err(message) => self.error(&pointer, message),
            }
        }
    }

    /// Whether no model may take the name `candidate`: the prelude's and
    /// the imported names `models.rs` uses bare, and the typed-id aliases.
    fn is_reserved_type(&self, candidate: &str) -> bool {
        is_reserved_type(candidate) || self.id_aliases.contains(candidate)
    }

    /// Checks that every component outside `schemas` is well-formed where the
    /// generator relies on it.
    fn check_component_sections(&mut self, root: &'a Map<String, Value>) {
        let Some(Value::Object(components)) = root.get("components") else {
            return;
        };
        if let Some(Value::Object(responses)) = components.get("responses") {
            for (key, response) in responses {
                let pointer = format!("/components/responses/{}", escape_token(key));
                // Named after the key wherever it is used, like a schema component.
                let hint = type_name(key).unwrap_or_default();
                self.response_body(response, &pointer, &hint);
            }
        }
        if let Some(Value::Object(bodies)) = components.get("requestBodies") {
            for (key, body) in bodies {
                let pointer = format!("/components/requestBodies/{}", escape_token(key));
                let hint = type_name(key).unwrap_or_default();
                self.request_body(body, &pointer, &hint);
            }
        }
        if let Some(Value::Object(headers)) = components.get("headers") {
            for (key, header) in headers {
                let pointer = format!("/components/headers/{}", escape_token(key));
                self.header(header, &pointer);
            }
        }
    }

    pub(super) fn header(&mut self, header: &'a Value, pointer: &str) {
        let Some((header, pointer)) = self.deref(header, pointer) else {
            return;
        };
        let Some(map) = self.object(header, &pointer, "a header") else {
            return;
        };
        self.check_keys(map, &pointer, &HEADER);
        if let Some(schema) = map.get("schema") {
            self.resolve_schema(schema, &child(&pointer, "schema"), "Header");
        }
    }
}
