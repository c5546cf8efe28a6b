//! Path items and operations: the names, the path template, the body, the
//! responses and the method's docs. Parameters are read in [`super::params`],
//! servers in [`super::servers`].

use serde_json::Value;

use super::Resolver;
use super::paths::{fixed_query, path_key, path_template_names};
use super::security::security_docs;
use super::signature::{self, Inputs};
use crate::docs::doc_lines;
use crate::ir::{Method, Operation, Server, Uses};
use crate::naming::{function_name, static_name, type_name};
use crate::vocab::keywords::{OPERATION, PATH_ITEM};
use crate::vocab::pointer::child;

/// The methods of a path item, as OpenAPI names them.
const METHODS: [(&str, Method); 8] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("patch", Method::Patch),
    ("head", Method::Head),
    ("options", Method::Options),
    ("trace", Method::Trace),
];

/// The longest function name made from a method and path, in bytes.
const MAX_MADE_NAME: usize = 64;

/// What the operations of one path item share.
struct Item<'a, 'p> {
    /// The key of `paths`, which names operations without an `operationId`.
    path: &'p str,
    /// What is sent: the key before any `?` or `#`.
    template: &'p str,
    /// The query the key fixes, sent with every request.
    query: Vec<(String, String)>,
    /// The path item's `parameters`.
    shared: Option<&'a Value>,
    pointer: &'p str,
    /// The path item's server, if it names one that can be used.
    server: Option<Server>,
}

/// An operation's names: the `operationId` (or one made from the method and
/// path), the Rust function name and the PascalCase stem of its types' names.
struct Names {
    operation_id: String,
    fn_name: String,
    pascal: String,
}

impl<'a> Resolver<'a> {
    /// The operations of one path item, each with its pointer.
    pub(super) fn path_item(
        &mut self,
        path: &str,
        item: &'a Value,
        pointer: &str,
    ) -> Vec<(Operation, String)> {
        let mut operations = Vec::new();
        if !path.starts_with('/') {
            self.warn(
                pointer,
                "a path must start with `/`; it is read as if it did",
            );
        }
        let key = path_key(path);
        if let Some(fragment) = key.fragment {
            self.warn(
                pointer,
                format!(
                    "the path has a fragment `#{fragment}`, which is never sent; requests go to `{}`",
                    key.template
                ),
            );
        }
        if let Some(query) = key.query {
            self.warn(
                pointer,
                format!("the path has a query `?{query}`; it is sent with every request"),
            );
        }
        if let Err(message) = path_template_names(key.template) {
            self.error(pointer, message);
            return operations;
        }
        let Some((item, pointer)) = self.deref(item, pointer) else {
            return operations;
        };
        let Some(map) = self.object(item, &pointer, "a path item") else {
            return operations;
        };
        self.check_keys(map, &pointer, &PATH_ITEM);
        let item = Item {
            path,
            template: key.template,
            query: key.query.map(fixed_query).unwrap_or_default(),
            shared: map.get("parameters"),
            pointer: &pointer,
            server: self.servers(map, &pointer),
        };
        for (key, method) in METHODS {
            if let Some(operation) = map.get(key) {
                let operation_pointer = child(&pointer, key);
                if let Some(operation) =
                    self.operation(&item, method, operation, &operation_pointer)
                {
                    operations.push((operation, operation_pointer));
                }
            }
        }
        operations
    }

    fn operation(
        &mut self,
        item: &Item<'a, '_>,
        method: Method,
        operation: &'a Value,
        pointer: &str,
    ) -> Option<Operation> {
        let Item {
            path,
            template,
            shared,
            pointer: path_pointer,
            ..
        } = *item;
        let map = self.object(operation, pointer, "an operation")?;
        self.check_keys(map, pointer, &OPERATION);
        // OpenAPI: the operation's servers override the path item's, which
        // override the document's (the client's base URL).
        let server = self
            .servers(map, pointer)
            .or_else(|| item.server.clone())
            .unwrap_or(Server::Base);
        let names = self.operation_names(map, method, path, pointer);
        let params =
            self.parameters(template, map, shared, pointer, path_pointer, &names.pascal)?;
        let body = match map.get("requestBody") {
            None => None,
            Some(body) => self.request_body(
                body,
                &child(pointer, "requestBody"),
                &format!("{}Request", names.pascal),
            ),
        };
        let (response, errors) = self.responses(map, pointer, &names.pascal);
        if let Some(callbacks) = map.get("callbacks") {
            self.callbacks(callbacks, &child(pointer, "callbacks"), &names.pascal);
        }
        let idempotent = match map.get("x-idempotent") {
            None => is_idempotent(method),
            Some(Value::Bool(value)) => *value,
            Some(_) => {
                self.warn(
                    &child(pointer, "x-idempotent"),
                    "`x-idempotent` must be true or false; it is ignored",
                );
                is_idempotent(method)
            }
        };
        let security = match map.get("security") {
            Some(security) => {
                let schemes = self.schemes.clone();
                self.security_requirements(security, &child(pointer, "security"), &schemes)
            }
            None => self.root_security.clone(),
        };
        let mut docs = operation_docs(map, method, path);
        docs.extend(server_docs(&server));
        if !self.schemes.is_empty() {
            docs.extend(security_docs(&security, &self.schemes));
        }
        let inputs = Inputs {
            path: &params.path,
            query: &params.query,
            header: &params.header,
            cookie: &params.cookie,
            body: body.as_ref(),
        };
        let arguments = signature::arguments(&inputs);
        let options = signature::options_struct(&inputs, &names.fn_name);
        Some(Operation {
            operation_id: names.operation_id,
            static_name: static_name(&names.fn_name),
            fn_name: names.fn_name,
            method,
            path_template: template.to_owned(),
            fixed_query: item.query.clone(),
            path_params: params.path,
            query_params: params.query,
            header_params: params.header,
            cookie_params: params.cookie,
            options,
            many_arguments: signature::many_arguments(&arguments),
            example_client: signature::example_client(&arguments),
            arguments,
            body,
            response: response?,
            idempotent,
            docs,
            errors,
            // Decided by the passes, once every type is known.
            checked: false,
            uses: Uses::default(),
            deprecated: map.get("deprecated") == Some(&Value::Bool(true)),
            server,
            security,
        })
    }

    /// The operation's names. Without a usable `operationId` they are made
    /// from the method and the path (`get /users/{id}/posts` →
    /// `get_users_id_posts`), so every operation has a method.
    fn operation_names(
        &mut self,
        map: &'a serde_json::Map<String, Value>,
        method: Method,
        path: &str,
        pointer: &str,
    ) -> Names {
        let id_pointer = child(pointer, "operationId");
        let given = self.string(map, "operationId", pointer);
        let from_id = given.and_then(|id| match function_name(id) {
            Ok(name) => Some((id.to_owned(), name)),
            Err(message) => {
                self.warn(
                    &id_pointer,
                    format!("{message}; the function is named after the method and path"),
                );
                None
            }
        });
        let (operation_id, fn_name) = from_id.unwrap_or_else(|| {
            let words: Vec<&str> = std::iter::once(method.as_str())
                .chain(
                    path.split(['/', '{', '}', '.', '-'])
                        .filter(|w| !w.is_empty()),
                )
                .collect();
            let mut made = words.join("_").to_ascii_lowercase();
            // A name is also a file name: long paths give the first words
            // (collisions are numbered like any others).
            if made.len() > MAX_MADE_NAME {
                let cut = made[..MAX_MADE_NAME].rfind('_').unwrap_or(MAX_MADE_NAME);
                made.truncate(cut);
            }
            let name = function_name(&made).unwrap_or_else(|_| format!("{made}_"));
            (name.clone(), name)
        });
        let pascal =
            type_name(&operation_id).unwrap_or_else(|_| type_name(&fn_name).unwrap_or_default());
        Names {
            operation_id,
            fn_name,
            pascal,
        }
    }
}

/// Whether a method is idempotent by HTTP's definition (RFC 9110 §9.2.2).
fn is_idempotent(method: Method) -> bool {
    matches!(
        method,
        Method::Get | Method::Put | Method::Delete | Method::Head | Method::Options | Method::Trace
    )
}

/// The method's docs: summary, description and the method and path.
fn operation_docs(map: &serde_json::Map<String, Value>, method: Method, path: &str) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(summary) = map.get("summary").and_then(Value::as_str) {
        docs.extend(doc_lines(summary));
    }
    if let Some(description) = map.get("description").and_then(Value::as_str) {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.extend(doc_lines(description));
    }
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(format!("`{} {path}`", method.as_str()));
    docs
}

/// Where the requests go, when not to the client's base URL: a paragraph.
fn server_docs(server: &Server) -> Vec<String> {
    let line = match server {
        Server::Base => return Vec::new(),
        Server::Relative(reference) => format!(
            "Sent to `{reference}` relative to the client's base URL, as the schema's `servers` say."
        ),
        Server::Absolute(url) => {
            format!("Sent to `{url}`, not to the client's base URL, as the schema's `servers` say.")
        }
    };
    vec![String::new(), line]
}
