//! Stage 1: YAML or JSON text → a JSON value tree plus the source location of
//! every node, keyed by JSON pointer.
//!
//! [`parse`] picks the reader by the first character that is not whitespace
//! (after an optional byte-order mark): `{` or `[` means JSON, read strictly by
//! [`json`]; anything else is YAML, read by [`yaml`]. Both give the same
//! [`Document`] for the same JSON text, with the same location conventions:
//! a mapping value (container or scalar) is located at its key, an array item
//! at the item itself, the root at its first character. Lines and columns are
//! one-based and count characters, not bytes; `\n`, `\r\n` and a lone `\r` each
//! end a line; a leading byte-order mark is not counted.

mod json;
mod yaml;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Severity};

/// A one-based line and column in the schema file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Location {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// The parsed document: its value tree and where each node came from.
#[derive(Debug)]
pub(crate) struct Document {
    pub(crate) file: String,
    pub(crate) root: Value,
    locations: BTreeMap<String, Location>,
}

impl Document {
    /// The location of the node at `pointer`, or of its nearest ancestor that has one.
    pub(crate) fn location(&self, pointer: &str) -> Location {
        let mut pointer = pointer;
        loop {
            if let Some(location) = self.locations.get(pointer) {
                return *location;
            }
            match pointer.rfind('/') {
                Some(index) => pointer = &pointer[..index],
                None => return Location { line: 1, column: 1 },
            }
        }
    }

    /// An error about the node at `pointer`.
    pub(crate) fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Error, pointer, message.into())
    }

    /// A warning about the node at `pointer`.
    pub(crate) fn warning(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Warning, pointer, message.into())
    }

    fn diagnostic(&self, severity: Severity, pointer: &str, message: String) -> Diagnostic {
        let location = self.location(pointer);
        Diagnostic {
            severity,
            file: self.file.clone(),
            line: location.line,
            column: location.column,
            pointer: pointer.to_owned(),
            message,
        }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_token`].
pub(crate) fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Parses YAML or JSON text into a [`Document`] (see the module docs for which).
pub(crate) fn parse(file: &str, text: &str) -> Result<Document, Diagnostic> {
    if looks_like_json(text) {
        json::parse(file, text)
    } else {
        yaml::parse(file, text)
    }
}

/// Whether the first character after an optional byte-order mark and JSON
/// whitespace opens a JSON object or array.
fn looks_like_json(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    matches!(
        text.trim_start_matches([' ', '\t', '\n', '\r'])
            .as_bytes()
            .first(),
        Some(b'{' | b'[')
    )
}

/// The error for a document with no value in it.
fn empty_file(file: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_owned(),
        line: 1,
        column: 1,
        pointer: String::new(),
        message: "the schema file is empty".to_owned(),
    }
}
