//! Stage 1: YAML or JSON text → a JSON value tree plus the source location of
//! every node, keyed by JSON pointer.
//!
//! The YAML reader is [`yaml`]; JSON is read as YAML.

mod yaml;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::Diagnostic;

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

    /// A diagnostic about the node at `pointer`.
    pub(crate) fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        let location = self.location(pointer);
        Diagnostic {
            file: self.file.clone(),
            line: location.line,
            column: location.column,
            pointer: pointer.to_owned(),
            message: message.into(),
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

/// Parses YAML or JSON text into a [`Document`].
pub(crate) fn parse(file: &str, text: &str) -> Result<Document, Diagnostic> {
    yaml::parse(file, text)
}

/// The error for a document with no value in it.
fn empty_file(file: &str) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        line: 1,
        column: 1,
        pointer: String::new(),
        message: "the schema file is empty".to_owned(),
    }
}
