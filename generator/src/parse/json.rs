//! The JSON reader: RFC 8259 text → a [`Document`], with the values and the
//! locations the YAML reader gives for the same text (see the parent module).
//!
//! - Strict: what RFC 8259 does not allow is an error `invalid JSON: …` at the
//!   line and column where reading stopped, with the pointer of the node being
//!   read. That includes comments, trailing commas, single quotes and unquoted
//!   keys, which the YAML reader would partly accept: a document that starts
//!   with `{` or `[` is meant as JSON, and a JSON error names the real problem
//!   where a YAML one would not. (A document that wants comments can be YAML.)
//! - Strings: every escape, UTF-16 surrogate pairs (`\ud83d\udc4d` is 👍)
//!   included. A lone surrogate is an error at its escape: the grammar allows
//!   it, but a Rust `String` cannot hold it, and replacing it with U+FFFD would
//!   silently change a name, a pattern or an enum value (serde_json rejects it
//!   too).
//! - Numbers as `serde_json` reads them: an integer is a `u64` or, when
//!   negative, an `i64` if it fits; anything else (a fraction, an exponent, an
//!   integer beyond 64 bits, `-0`) is the nearest `f64`. A number that is not
//!   finite as an `f64` (`1e400`) is an error.
//! - A duplicate key is an error at the key, as in YAML.
//! - Arrays and objects nest at most [`MAX_DEPTH`] deep, the limit the YAML
//!   reader has for flow collections: the reader itself keeps an explicit
//!   stack, but later stages walk (and drop) the value tree recursively.
//! - A byte-order mark at the start is skipped and not counted as a column.
//!
//! It is one pass over the bytes: a string without escapes is copied as one
//! slice, the pointer of the current node grows and shrinks in one `String`,
//! and lines and columns are counted incrementally up to each node's start.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::{Document, Location, empty_file};
use crate::diagnostics::{Diagnostic, Severity};
use crate::vocab::pointer::push_token;

mod scalars;

#[cfg(test)]
mod corpus;
#[cfg(test)]
mod tests;

/// How deep arrays and objects may nest (the YAML reader's flow-level limit).
const MAX_DEPTH: usize = 255;

/// Parses JSON text into a [`Document`].
pub(super) fn parse(file: &str, text: &str) -> Result<Document, Diagnostic> {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut reader = Reader {
        file,
        text,
        bytes: text.as_bytes(),
        pos: start,
        start,
        cursor: Cursor::at(start),
        pointer: String::new(),
        locations: Vec::new(),
        stack: Vec::new(),
    };
    let root = reader.document()?;
    // Pointers are unique, so an unstable sort is exact, and it is two or three
    // times faster than the stable one `collect` would do on unsorted input.
    let mut locations = reader.locations;
    locations.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    Ok(Document {
        file: file.to_owned(),
        root,
        locations: locations.into_iter().collect::<BTreeMap<_, _>>(),
        origins: super::Origins::default(),
        sources: super::Sources::default(),
    })
}

/// An array or object being filled.
enum Frame {
    Array {
        items: Vec<Value>,
        /// The length of the array's own pointer in [`Reader::pointer`].
        pointer_len: usize,
    },
    Object {
        entries: Map<String, Value>,
        /// The key whose value is being read.
        key: String,
        /// The length of the object's own pointer in [`Reader::pointer`].
        pointer_len: usize,
    },
}

impl Frame {
    /// Adds a finished child; returns whether this is an array.
    fn attach(&mut self, value: Value) -> bool {
        match self {
            Self::Array { items, .. } => {
                items.push(value);
                true
            }
            Self::Object { entries, key, .. } => {
                entries.insert(std::mem::take(key), value);
                false
            }
        }
    }

    fn pointer_len(&self) -> usize {
        match self {
            Self::Array { pointer_len, .. } | Self::Object { pointer_len, .. } => *pointer_len,
        }
    }

    fn into_value(self) -> Value {
        match self {
            Self::Array { items, .. } => Value::Array(items),
            Self::Object { entries, .. } => Value::Object(entries),
        }
    }
}

/// What starting a value gave.
enum Step {
    /// A whole value (a scalar or an empty container).
    Value(Value),
    /// A non-empty container was opened; its first child starts at the
    /// position (the item or the key) with this location.
    Opened(Location),
}

/// A byte offset with its line and column, where counting resumes.
#[derive(Clone, Copy)]
struct Cursor {
    offset: usize,
    line: usize,
    column: usize,
}

impl Cursor {
    fn at(offset: usize) -> Self {
        Self {
            offset,
            line: 1,
            column: 1,
        }
    }

    fn location(self) -> Location {
        Location {
            line: self.line,
            column: self.column,
        }
    }
}

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    bytes: &'a [u8],
    /// The next byte to read.
    pos: usize,
    /// Where the text starts after a byte-order mark.
    start: usize,
    cursor: Cursor,
    /// The pointer of the node being read (or of the container, between its children).
    pointer: String,
    locations: Vec<(String, Location)>,
    stack: Vec<Frame>,
}

impl Reader<'_> {
    /// Reads the whole text: one value and nothing after it but whitespace.
    fn document(&mut self) -> Result<Value, Diagnostic> {
        self.skip_whitespace();
        if self.pos == self.bytes.len() {
            return Err(empty_file(self.file));
        }
        let mut here = self.location(self.pos);
        'values: loop {
            let mut value = match self.begin_value(here)? {
                Step::Opened(child) => {
                    here = child;
                    continue;
                }
                Step::Value(value) => value,
            };
            // Attach the finished value, then read what follows it: another
            // child (back to the outer loop) or the end of its container (which
            // finishes that container).
            loop {
                let Some(mut frame) = self.stack.pop() else {
                    return self.end(value);
                };
                let in_array = frame.attach(value);
                self.pointer.truncate(frame.pointer_len());
                self.skip_whitespace();
                match (self.peek(), in_array) {
                    (Some(b','), _) => {
                        self.pos += 1;
                        self.skip_whitespace();
                        if let Frame::Array { items, .. } = &frame {
                            let _ = write!(self.pointer, "/{}", items.len());
                        }
                        self.stack.push(frame);
                        here = if in_array {
                            self.location(self.pos)
                        } else {
                            self.member()?
                        };
                        continue 'values;
                    }
                    (Some(b']'), true) | (Some(b'}'), false) => {
                        self.pos += 1;
                        value = frame.into_value();
                    }
                    (_, true) => {
                        return Err(self.expected(self.pos, "`,` or `]` after an array item"));
                    }
                    (_, false) => {
                        return Err(self.expected(self.pos, "`,` or `}` after an object member"));
                    }
                }
            }
        }
    }

    /// Finishes after the root value: only whitespace may follow.
    fn end(&mut self, root: Value) -> Result<Value, Diagnostic> {
        self.pointer.clear();
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            let found = self.found(self.pos);
            return Err(self.syntax(self.pos, format!("unexpected {found} after the document")));
        }
        Ok(root)
    }

    /// Starts the value at `self.pos`, whose pointer is [`Self::pointer`] and
    /// which is located at `location` (its key's, in an object).
    fn begin_value(&mut self, location: Location) -> Result<Step, Diagnostic> {
        let value = match self.peek() {
            Some(open @ (b'[' | b'{')) => {
                if self.stack.len() >= MAX_DEPTH {
                    let message = format!("more than {MAX_DEPTH} nested arrays and objects");
                    return Err(self.syntax(self.pos, message));
                }
                self.locations.push((self.pointer.clone(), location));
                self.pos += 1;
                self.skip_whitespace();
                let pointer_len = self.pointer.len();
                return Ok(if open == b'[' {
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Step::Value(Value::Array(Vec::new()))
                    } else {
                        self.stack.push(Frame::Array {
                            items: Vec::new(),
                            pointer_len,
                        });
                        self.pointer.push_str("/0");
                        Step::Opened(self.location(self.pos))
                    }
                } else if self.peek() == Some(b'}') {
                    self.pos += 1;
                    Step::Value(Value::Object(Map::new()))
                } else {
                    self.stack.push(Frame::Object {
                        entries: Map::new(),
                        key: String::new(),
                        pointer_len,
                    });
                    Step::Opened(self.member()?)
                });
            }
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            _ => return Err(self.expected(self.pos, "a value")),
        };
        self.locations.push((self.pointer.clone(), location));
        Ok(Step::Value(value))
    }

    /// Reads an object member's key and colon (the object is on top of the
    /// stack and `self.pointer` is its pointer), extends the pointer with the
    /// key and returns the key's location.
    fn member(&mut self) -> Result<Location, Diagnostic> {
        if self.peek() != Some(b'"') {
            return Err(self.expected(self.pos, "a string key in double quotes"));
        }
        let key_start = self.pos;
        let location = self.location(key_start);
        let key = self.string()?;
        push_token(&mut self.pointer, &key);
        let Some(Frame::Object {
            entries,
            key: pending,
            ..
        }) = self.stack.last_mut()
        else {
            return Err(self.syntax(key_start, "an object key outside an object"));
        };
        if entries.contains_key(&key) {
            return Err(Diagnostic {
                severity: Severity::Error,
                file: self.file.to_owned(),
                line: location.line,
                column: location.column,
                pointer: self.pointer.clone(),
                message: format!("duplicate key `{key}`"),
            });
        }
        *pending = key;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.expected(self.pos, "`:` after an object key"));
        }
        self.pos += 1;
        self.skip_whitespace();
        Ok(location)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The line and column of byte `at`, counted on from the last one asked
    /// for (errors, which may be before it, count on a copy: see [`Self::syntax`]).
    fn location(&mut self, at: usize) -> Location {
        self.cursor = advance(self.bytes, self.cursor, self.start, at);
        self.cursor.location()
    }

    /// An error `expected {what}, found …` at byte `at`.
    fn expected(&self, at: usize, what: &str) -> Diagnostic {
        let found = self.found(at);
        self.syntax(at, format!("expected {what}, found {found}"))
    }

    /// The character at byte `at`, for a message.
    fn found(&self, at: usize) -> String {
        match self.text.get(at..).and_then(|rest| rest.chars().next()) {
            None => "the end of the input".to_owned(),
            Some(c) if c.is_control() || c.is_whitespace() || c == '\u{feff}' => {
                format!("U+{:04X}", u32::from(c))
            }
            Some(c) => format!("`{c}`"),
        }
    }

    /// An `invalid JSON` error at byte `at`, about the node being read.
    fn syntax(&self, at: usize, message: impl std::fmt::Display) -> Diagnostic {
        let location = advance(self.bytes, self.cursor, self.start, at).location();
        Diagnostic {
            severity: Severity::Error,
            file: self.file.to_owned(),
            line: location.line,
            column: location.column,
            pointer: self.pointer.clone(),
            message: format!("invalid JSON: {message}"),
        }
    }
}

/// `cursor` moved on to byte `at` (from `start`, the text's first byte, if
/// `at` is before it). Columns count characters; `\n`, `\r\n` and a lone `\r`
/// end a line.
fn advance(bytes: &[u8], mut cursor: Cursor, start: usize, at: usize) -> Cursor {
    if at < cursor.offset {
        cursor = Cursor::at(start);
    }
    let end = at.min(bytes.len());
    while cursor.offset < end {
        match bytes[cursor.offset] {
            b'\n' if cursor.offset > 0 && bytes[cursor.offset - 1] == b'\r' => {}
            b'\n' | b'\r' => {
                cursor.line += 1;
                cursor.column = 1;
            }
            // Not a UTF-8 continuation byte: a character starts here.
            byte if byte & 0xC0 != 0x80 => cursor.column += 1,
            _ => {}
        }
        cursor.offset += 1;
    }
    cursor
}
