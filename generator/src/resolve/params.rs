//! An operation's parameters: path-level and operation-level lists merged,
//! each read into a typed argument by where it goes (path, query, header).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Resolver;
use super::operation::path_template_names;
use super::passes::unchecked_notes;
use super::read::{PARAMETER, child};
use crate::docs::doc_lines;
use crate::ir::{Param, TyKind, TypeDef, TypeKind};
use crate::naming::{field_name, free_name, type_name};

/// An operation's parameters by where they go.
#[derive(Default)]
pub(super) struct Params {
    /// In the order the path template names them.
    pub(super) path: Vec<Param>,
    pub(super) query: Vec<Param>,
    pub(super) header: Vec<Param>,
}

/// Headers the client sets itself. OpenAPI says parameters named like the
/// first three "SHALL be ignored".
const IGNORED_HEADERS: [&str; 3] = ["authorization", "accept", "content-type"];
const CLIENT_HEADERS: [&str; 3] = ["user-agent", "content-length", "host"];

impl<'a> Resolver<'a> {
    /// The parameters of an operation: path-level first, then
    /// operation-level ones, which override by name and place.
    pub(super) fn parameters(
        &mut self,
        path: &str,
        map: &'a Map<String, Value>,
        shared: Option<&'a Value>,
        pointer: &str,
        path_pointer: &str,
        pascal: &str,
    ) -> Option<Params> {
        let mut listed: Vec<(&'a Map<String, Value>, String)> = Vec::new();
        for (list, list_pointer) in [
            (shared, child(path_pointer, "parameters")),
            (map.get("parameters"), child(pointer, "parameters")),
        ] {
            let Some(list) = list else { continue };
            let Value::Array(list) = list else {
                self.warn(&list_pointer, "`parameters` must be a list; it is ignored");
                continue;
            };
            for (index, parameter) in list.iter().enumerate() {
                let at = format!("{list_pointer}/{index}");
                let Some((parameter, at)) = self.deref(parameter, &at) else {
                    continue;
                };
                let Some(parameter) = self.object(parameter, &at, "a parameter") else {
                    continue;
                };
                let key = |p: &Map<String, Value>| (p.get("name").cloned(), p.get("in").cloned());
                listed.retain(|(existing, _)| key(existing) != key(parameter));
                listed.push((parameter, at));
            }
        }
        let template_names = match path_template_names(path) {
            Ok(names) => names,
            Err(message) => {
                self.error(path_pointer, message);
                return None;
            }
        };
        let mut params = Params::default();
        // The body argument is `body`; arguments never take its name.
        let mut used_names = BTreeSet::from(["body".to_owned()]);
        for (parameter, at) in listed {
            self.parameter(
                parameter,
                &at,
                &template_names,
                path,
                pascal,
                &mut used_names,
                &mut params,
            );
        }
        for name in &template_names {
            if !params.path.iter().any(|p| &p.wire_name == name) {
                self.error(
                    pointer,
                    format!("the path has `{{{name}}}` but no path parameter declares it"),
                );
            }
        }
        params
            .path
            .sort_by_key(|p| template_names.iter().position(|n| *n == p.wire_name));
        Some(params)
    }

    #[allow(clippy::too_many_arguments)]
    fn parameter(
        &mut self,
        parameter: &'a Map<String, Value>,
        at: &str,
        template_names: &[String],
        path: &str,
        pascal: &str,
        used_names: &mut BTreeSet<String>,
        params: &mut Params,
    ) {
        self.check_keys(parameter, at, &PARAMETER);
        let Some(name) = self.string(parameter, "name", at) else {
            self.error(at, "a parameter needs a `name`");
            return;
        };
        let location = self.string(parameter, "in", at).unwrap_or("");
        let required = self.boolean(parameter, "required", at).unwrap_or(false);
        let ident = match field_name(name) {
            Ok((ident, _)) => ident,
            Err(message) => {
                self.error(&child(at, "name"), message);
                return;
            }
        };
        if location == "header" {
            let lower = name.to_ascii_lowercase();
            if IGNORED_HEADERS.contains(&lower.as_str()) {
                return;
            }
            if CLIENT_HEADERS.contains(&lower.as_str()) {
                self.warn(
                    &child(at, "name"),
                    format!("the client sets the `{name}` header itself; the parameter is ignored"),
                );
                return;
            }
        }
        if location == "path" && !template_names.iter().any(|n| n == name) {
            self.warn(
                &child(at, "name"),
                format!("the path `{path}` has no `{{{name}}}`; the parameter is ignored"),
            );
            return;
        }
        if !matches!(location, "path" | "query" | "header") {
            let message = match location {
                "cookie" => "`in: cookie` parameters are not sent yet; it is ignored".to_owned(),
                other => format!("unknown parameter location `{other}`; it is ignored"),
            };
            self.warn(&child(at, "in"), message);
            return;
        }
        let Some(schema) = parameter.get("schema") else {
            let message = if parameter.contains_key("content") {
                "parameters described by `content` are not sent yet; it is ignored"
            } else {
                "a parameter without a `schema` is ignored"
            };
            self.warn(at, message);
            return;
        };
        for (key, default) in [("style", default_style(location)), ("explode", "")] {
            let explode_default = Value::Bool(location == "query");
            let is_default = match (key, parameter.get(key)) {
                (_, None) => true,
                ("style", Some(value)) => value == default,
                (_, Some(value)) => *value == explode_default,
            };
            if !is_default {
                self.warn(
                    &child(at, key),
                    format!("only the default `{key}` is sent yet; the parameter is sent in the default style"),
                );
            }
        }
        // `user_id` in the path and `userId` in the query: the later one, in
        // declaration order, is `user_id_2` (its wire name is kept).
        let ident = free_name(&ident, |candidate| used_names.contains(candidate));
        used_names.insert(ident.clone());
        let hint = format!("{pascal}{}", type_name(name).unwrap_or_default());
        let Some(resolved) = self.resolve_schema(schema, &child(at, "schema"), &hint) else {
            return;
        };
        let docs = parameter
            .get("description")
            .and_then(Value::as_str)
            .map(doc_lines)
            .unwrap_or_default();
        let schema_at = child(at, "schema");
        // Arguments are always sent: what the client cannot check is said.
        for note in unchecked_notes(&resolved.ty) {
            self.warn(
                &schema_at,
                format!("the parameter `{name}` is sent in requests and {note}, which the client does not check"),
            );
        }
        let (list, serialized, required) = match location {
            "path" => {
                if !required {
                    self.warn(
                        &child(at, "required"),
                        "a path parameter is always required (`required: true`)",
                    );
                }
                if !is_scalar(&resolved.ty.kind, &self.types) {
                    self.error(
                        &schema_at,
                        "a path parameter must be a scalar (string, integer, boolean, snowflake or enum)",
                    );
                    return;
                }
                (&mut params.path, false, true)
            }
            "query" => {
                let (allowed, serialized) = query_shape(&resolved.ty.kind, &self.types);
                if !allowed {
                    self.error(
                        &schema_at,
                        "a query parameter must be a scalar, an enum, a union of those, or a list of them",
                    );
                    return;
                }
                (&mut params.query, serialized, required)
            }
            _ => {
                if !is_scalar(&resolved.ty.kind, &self.types)
                    && !matches!(resolved.ty.kind, TyKind::Float(_))
                {
                    self.error(&schema_at, "a header parameter must be a scalar or an enum");
                    return;
                }
                (&mut params.header, false, required)
            }
        };
        list.push(Param {
            name: ident,
            wire_name: name.to_owned(),
            ty: resolved.ty,
            required,
            serialized,
            docs,
        });
    }
}

/// OpenAPI's default `style` for a parameter location.
fn default_style(location: &str) -> &'static str {
    match location {
        "query" | "cookie" => "form",
        _ => "simple",
    }
}

pub(super) fn is_scalar(kind: &TyKind, types: &BTreeMap<String, TypeDef>) -> bool {
    match kind {
        TyKind::Bool | TyKind::Int(_) | TyKind::String | TyKind::Snowflake | TyKind::Timestamp => {
            true
        }
        // Enums are scalars; a named type defined later is assumed to be one only if it is an enum.
        TyKind::Named(name) => types.get(name).is_none_or(|def| {
            matches!(
                def.kind,
                TypeKind::IntEnum { .. } | TypeKind::StringEnum { .. }
            )
        }),
        _ => false,
    }
}

/// Whether a query parameter of this kind can be sent, and whether it must go
/// through serde (unions, nullable values) rather than `Display`.
fn query_shape(kind: &TyKind, types: &BTreeMap<String, TypeDef>) -> (bool, bool) {
    match kind {
        TyKind::Array(item) => match query_shape(&item.kind, types) {
            (true, serialized) if !matches!(item.kind, TyKind::Array(_)) => (true, serialized),
            _ => (false, false),
        },
        TyKind::Nullable(inner) => (query_shape(&inner.kind, types).0, true),
        TyKind::Float(_) => (true, false),
        TyKind::Named(name) => match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::IntEnum { .. } | TypeKind::StringEnum { .. }) => (true, false),
            Some(TypeKind::Union(_) | TypeKind::Alias(_)) | None => (true, true),
            Some(TypeKind::Struct(_)) => (false, false),
        },
        other => (is_scalar(other, types), false),
    }
}
