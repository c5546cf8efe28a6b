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
    /// Where the nodes `normalize` rewrote were written.
    pub(crate) origins: Origins,
    /// The other files of a document written in several, and which nodes of
    /// `root` were read from them (filled by `load`).
    pub(crate) sources: Sources,
}

/// The files a document was read from besides its root, and where their
/// nodes were placed in the one tree the later stages read: `load` copies a
/// path item, a parameter or a schema of another file into the root's tree,
/// and a problem found there must still name that file and the pointer
/// into it.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    /// The other files, by id: file `id` is `files[id - 1]` (id 0 is the root).
    files: Vec<SourceFile>,
    /// A pointer of the tree → the file id and the pointer in that file of the
    /// node placed there; a pointer below an entry maps to the same path
    /// below that node.
    placed: BTreeMap<String, (usize, String)>,
}

/// One file besides the root: its name as diagnostics print it, and where
/// each of its nodes is.
#[derive(Debug)]
struct SourceFile {
    name: String,
    locations: BTreeMap<String, Location>,
}

impl Sources {
    /// Adds a parsed file (its tree is the caller's) and returns its id.
    pub(crate) fn add_file(&mut self, document: Document) -> usize {
        self.files.push(SourceFile {
            name: document.file,
            locations: document.locations,
        });
        self.files.len()
    }

    /// Adds a file that could not be read or parsed (so ids stay in step)
    /// and returns its id.
    pub(crate) fn add_unreadable(&mut self, name: &str) -> usize {
        self.files.push(SourceFile {
            name: name.to_owned(),
            locations: BTreeMap::new(),
        });
        self.files.len()
    }

    /// The id of the file the node at exactly `at` of the tree was copied
    /// from, if it was.
    pub(crate) fn file_at(&self, at: &str) -> Option<usize> {
        self.placed.get(at).map(|(file, _)| *file)
    }

    /// Records that the node at `at` of the tree is the node at `pointer` of
    /// file `file`.
    pub(crate) fn place(&mut self, at: String, file: usize, pointer: String) {
        self.placed.insert(at, (file, pointer));
    }

    /// The file id and the pointer in that file of the node at `pointer` of
    /// the tree: the longest placed prefix is replaced; the root's own nodes
    /// keep their pointer.
    pub(crate) fn written(&self, pointer: &str) -> (usize, String) {
        if self.placed.is_empty() {
            return (0, pointer.to_owned());
        }
        let mut end = pointer.len();
        loop {
            let prefix = &pointer[..end];
            if let Some((file, written)) = self.placed.get(prefix) {
                return (*file, format!("{written}{}", &pointer[end..]));
            }
            match prefix.rfind('/') {
                Some(index) => end = index,
                None => return (0, pointer.to_owned()),
            }
        }
    }
}

/// Where rewritten nodes were written: `normalize` moves nodes (the members
/// of a merged `allOf`, the branches of a `type` list), and a problem found
/// in the rewritten tree must still point into the document as written.
///
/// Each entry maps a pointer in the rewritten tree to the pointer of the
/// node it was made from; a pointer below an entry maps to the same path
/// below that node.
#[derive(Debug, Default)]
pub(crate) struct Origins(BTreeMap<String, String>);

impl Origins {
    /// Records that the node at `rewritten` comes from the node at `from`, a
    /// pointer in the tree as it was before this rewrite (itself mapped
    /// through the entries so far, so entries always name written nodes).
    pub(crate) fn record(&mut self, rewritten: String, from: &str) {
        let written = self.written(from);
        self.record_written(rewritten, written);
    }

    /// Records that the node at `rewritten` comes from the node at
    /// `written`, a pointer into the document as written.
    pub(crate) fn record_written(&mut self, rewritten: String, written: String) {
        if rewritten == written {
            self.0.remove(&rewritten);
        } else {
            self.0.insert(rewritten, written);
        }
    }

    /// The pointer, in the document as written, of the node at `pointer` of
    /// the rewritten tree: the longest recorded prefix is replaced.
    pub(crate) fn written(&self, pointer: &str) -> String {
        let mut end = pointer.len();
        loop {
            let prefix = &pointer[..end];
            if let Some(written) = self.0.get(prefix) {
                return format!("{written}{}", &pointer[end..]);
            }
            match prefix.rfind('/') {
                Some(index) => end = index,
                None => return pointer.to_owned(),
            }
        }
    }

    /// The pointers of the rewritten tree whose node was written at
    /// `written`, or lies below a node that was (a `$ref` may name a node by
    /// where it was written: `…/allOf/1/properties/owner/oneOf/1` is
    /// `…/properties/owner/oneOf/1` once the `allOf` is merged), the
    /// closest first.
    pub(crate) fn rewritten(&self, written: &str) -> Vec<String> {
        let mut found: Vec<(usize, String)> = self
            .0
            .iter()
            .filter_map(|(rewritten, from)| {
                let rest = written.strip_prefix(from.as_str())?;
                (rest.is_empty() || rest.starts_with('/'))
                    .then(|| (from.len(), format!("{rewritten}{rest}")))
            })
            .collect();
        // The longest written prefix is the closest; ties keep map order.
        found.sort_by_key(|(length, _)| std::cmp::Reverse(*length));
        found.into_iter().map(|(_, pointer)| pointer).collect()
    }
}

impl Document {
    /// The location of the node at `pointer`, or of its nearest ancestor
    /// that has one, in the root file as written.
    #[cfg(test)]
    pub(crate) fn location(&self, pointer: &str) -> Location {
        nearest_location(&self.locations, pointer)
    }

    /// An error about the node at `pointer`.
    pub(crate) fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Error, pointer, message.into())
    }

    /// A warning about the node at `pointer`.
    pub(crate) fn warning(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Warning, pointer, message.into())
    }

    /// The file (as diagnostics name it), the pointer into that file and the
    /// location of the node, as written, that the node at `pointer` of the
    /// rewritten tree comes from, or of its nearest ancestor that exists as
    /// written: every pointer a diagnostic prints names a node of the file
    /// it names.
    pub(crate) fn written_place(&self, pointer: &str) -> (&str, String, Location) {
        let (file, mut written) = self.sources.written(&self.origins.written(pointer));
        let (name, locations) = match file
            .checked_sub(1)
            .and_then(|index| self.sources.files.get(index))
        {
            Some(source) => (source.name.as_str(), &source.locations),
            None => (self.file.as_str(), &self.locations),
        };
        while !written.is_empty() && !locations.contains_key(&written) {
            match written.rfind('/') {
                Some(index) => written.truncate(index),
                None => written.clear(),
            }
        }
        let location = nearest_location(locations, &written);
        (name, written, location)
    }

    fn diagnostic(&self, severity: Severity, pointer: &str, message: String) -> Diagnostic {
        let (file, pointer, location) = self.written_place(pointer);
        Diagnostic {
            severity,
            file: file.to_owned(),
            line: location.line,
            column: location.column,
            pointer,
            message,
        }
    }
}

/// The location of the node at `pointer`, or of its nearest ancestor that has one.
fn nearest_location(locations: &BTreeMap<String, Location>, pointer: &str) -> Location {
    let mut pointer = pointer;
    loop {
        if let Some(location) = locations.get(pointer) {
            return *location;
        }
        match pointer.rfind('/') {
            Some(index) => pointer = &pointer[..index],
            None => return Location { line: 1, column: 1 },
        }
    }
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
