//! Typed reading of the JSON value tree: the value at a key as an object, a
//! string, a flag or a count, with a located problem when it is something else.

use serde_json::{Map, Value};

use super::Resolver;
use crate::vocab::keywords::{ANNOTATIONS, Keys, SCHEMA_KEYWORDS, is_extension};
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
