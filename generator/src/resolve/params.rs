//! An operation's parameters: path-level and operation-level lists merged,
//! each read into a typed argument by where it goes (path, query, header).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::Resolver;
use super::bodies::is_json;
use super::passes::unchecked_notes;
use super::paths::path_template_names;
use super::schema::plain;
use crate::docs::doc_lines;
use crate::ir::{Param, ParamStyle, Passing, TyKind};
use crate::naming::{field_name, free_name, type_name};
use crate::vocab::keywords::PARAMETER;
use crate::vocab::pointer::child;

/// An operation's parameters by where they go.
#[derive(Default)]
pub(super) struct Params {
    /// In the order the path template names them.
    pub(super) path: Vec<Param>,
    pub(super) query: Vec<Param>,
    pub(super) header: Vec<Param>,
    pub(super) cookie: Vec<Param>,
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
        // The body argument is `body` and the optional parameters are
        // `params`; no parameter takes those names, nor `default` (a setter
        // of that name would hide `Default::default` of the options struct).
        let mut used_names = BTreeSet::from(["body", "params", "default"].map(str::to_owned));
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
                self.undeclared_path_parameter(name, pointer, &mut used_names, &mut params);
            }
        }
        params
            .path
            .sort_by_key(|p| template_names.iter().position(|n| *n == p.wire_name));
        Some(params)
    }

    /// A `{name}` of the path that no parameter declares: a required string
    /// argument, as a reader takes it, with a warning.
    fn undeclared_path_parameter(
        &mut self,
        name: &str,
        pointer: &str,
        used_names: &mut BTreeSet<String>,
        params: &mut Params,
    ) {
        let ident = match field_name(name) {
            Ok((ident, _)) => ident,
            Err(message) => {
                self.error(pointer, format!("the path's `{{{name}}}`: {message}"));
                return;
            }
        };
        self.warn(
            pointer,
            format!("the path has `{{{name}}}` but no path parameter declares it; it is a required string"),
        );
        let ident = free_name(&ident, |candidate| used_names.contains(candidate));
        used_names.insert(ident.clone());
        params.path.push(Param {
            name: ident,
            wire_name: name.to_owned(),
            ty: plain(TyKind::String),
            required: true,
            style: ParamStyle::Simple { explode: false },
            passing: Passing::Str,
            docs: vec![format!(
                "The path's `{{{name}}}`, which the schema does not describe."
            )],
        });
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
        if !matches!(location, "path" | "query" | "header" | "cookie") {
            self.warn(
                &child(at, "in"),
                format!("unknown parameter location `{location}`; the parameter is ignored"),
            );
            return;
        }
        let Some((schema, schema_at, json)) = self.parameter_schema(parameter, at) else {
            return;
        };
        let style = if json {
            ParamStyle::Json
        } else if parameter.contains_key("content") {
            default_style(location)
        } else {
            self.param_style(parameter, at, location)
        };
        // `user_id` in the path and `userId` in the query: the later one, in
        // declaration order, is `user_id_2` (its wire name is kept).
        let ident = free_name(&ident, |candidate| used_names.contains(candidate));
        used_names.insert(ident.clone());
        let hint = format!("{pascal}{}", type_name(name).unwrap_or_default());
        let Some(resolved) = self.resolve_schema(schema, &schema_at, &hint) else {
            return;
        };
        // Arguments are always sent: what the client cannot check is said.
        for note in unchecked_notes(&resolved.ty) {
            self.warn(
                &schema_at,
                format!("the parameter `{name}` is sent in requests and {note}, which the client does not check"),
            );
        }
        let docs = parameter
            .get("description")
            .and_then(Value::as_str)
            .map(doc_lines)
            .unwrap_or_default();
        let (list, required) = match location {
            "path" => {
                if !required {
                    self.warn(
                        &child(at, "required"),
                        "a path parameter is always required (`required: true`)",
                    );
                }
                (&mut params.path, true)
            }
            "query" => (&mut params.query, required),
            "header" => (&mut params.header, required),
            _ => (&mut params.cookie, required),
        };
        // Strings and lists are borrowed, so a caller need not allocate.
        let passing = match resolved.ty.kind {
            TyKind::String => Passing::Str,
            TyKind::Array(_) => Passing::Slice,
            _ => Passing::Value,
        };
        list.push(Param {
            name: ident,
            wire_name: name.to_owned(),
            ty: resolved.ty,
            required,
            style,
            passing,
            docs,
        });
    }

    /// A parameter's schema and its pointer: `schema`, or the schema of a
    /// JSON media type in `content` (then the value is sent as JSON text).
    fn parameter_schema(
        &mut self,
        parameter: &'a Map<String, Value>,
        at: &str,
    ) -> Option<(&'a Value, String, bool)> {
        if let Some(schema) = parameter.get("schema") {
            return Some((schema, child(at, "schema"), false));
        }
        let Some(Value::Object(content)) = parameter.get("content") else {
            self.warn(at, "a parameter without a `schema` or `content` is ignored");
            return None;
        };
        let content_at = child(at, "content");
        let Some((media, media_type)) = content.iter().next() else {
            self.warn(
                &content_at,
                "a parameter with an empty `content` is ignored",
            );
            return None;
        };
        let media_at = child(&content_at, media);
        // JSON is sent as its text; another media type (`text/plain`) as the
        // value's own text, in the location's default style.
        let json = is_json(media);
        match media_type.get("schema") {
            Some(schema) => Some((schema, child(&media_at, "schema"), json)),
            None => Some((&Value::Bool(true), media_at, json)),
        }
    }

    /// The parameter's `style` and `explode`, with OpenAPI's defaults for its
    /// location; a style the location does not allow is warned about and
    /// replaced by the default.
    fn param_style(
        &mut self,
        parameter: &Map<String, Value>,
        at: &str,
        location: &str,
    ) -> ParamStyle {
        let default = match location {
            "query" | "cookie" => "form",
            _ => "simple",
        };
        let style = match parameter.get("style") {
            None => default,
            Some(Value::String(style)) => style.as_str(),
            Some(_) => {
                self.warn(
                    &child(at, "style"),
                    "`style` must be a string; the default is used",
                );
                default
            }
        };
        let explode = match parameter.get("explode") {
            Some(Value::Bool(explode)) => *explode,
            // `form` explodes by default, the others do not.
            _ => style == "form",
        };
        let allowed: &[&str] = match location {
            "path" => &["simple", "label", "matrix"],
            "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
            "header" => &["simple"],
            _ => &["form"],
        };
        let style = if allowed.contains(&style) {
            style
        } else {
            self.warn(
                &child(at, "style"),
                format!("`style: {style}` does not apply to `in: {location}` parameters; `{default}` is used"),
            );
            default
        };
        match style {
            "label" => ParamStyle::Label { explode },
            "matrix" => ParamStyle::Matrix { explode },
            "form" => ParamStyle::Form { explode },
            "spaceDelimited" => ParamStyle::SpaceDelimited,
            "pipeDelimited" => ParamStyle::PipeDelimited,
            "deepObject" => ParamStyle::DeepObject,
            _ => ParamStyle::Simple { explode },
        }
    }
}

/// The style of a location when the parameter does not say (`content`).
fn default_style(location: &str) -> ParamStyle {
    match location {
        "query" | "cookie" => ParamStyle::Form { explode: true },
        _ => ParamStyle::Simple { explode: false },
    }
}
