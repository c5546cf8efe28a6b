//! The YAML reader: YAML text → a [`Document`], from `saphyr-parser` events.
//!
//! Scalars are typed by the YAML 1.2 core schema. The tree is built iteratively
//! from the events, so deeply nested input cannot overflow the stack.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Number, Value};

use super::{Document, Location, empty_file};
use crate::diagnostics::{Diagnostic, Severity};
use crate::vocab::pointer::child;

/// A container being filled while events stream in.
enum Frame {
    Sequence {
        pointer: String,
        items: Vec<Value>,
        anchor: usize,
    },
    Mapping {
        pointer: String,
        entries: Map<String, Value>,
        /// The key whose value comes next, with its location.
        pending_key: Option<(String, Location)>,
        anchor: usize,
    },
}

fn location_of(span: &Span) -> Location {
    Location {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// Parses YAML text (JSON is YAML too) into a [`Document`].
pub(super) fn parse(file: &str, text: &str) -> Result<Document, Diagnostic> {
    let mut builder = Builder {
        file,
        locations: BTreeMap::new(),
        anchors: BTreeMap::new(),
        stack: Vec::new(),
        root: None,
        documents: 0,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|error| Diagnostic {
            severity: Severity::Error,
            file: file.to_owned(),
            line: error.marker().line(),
            column: error.marker().col() + 1,
            pointer: String::new(),
            message: format!("invalid YAML: {}", error.info()),
        })?;
        builder.event(event, &span)?;
    }
    let root = builder.root.take().ok_or_else(|| empty_file(file))?;
    Ok(Document {
        file: file.to_owned(),
        root,
        locations: builder.locations,
        origins: super::Origins::default(),
        sources: super::Sources::default(),
    })
}

struct Builder<'a> {
    file: &'a str,
    locations: BTreeMap<String, Location>,
    anchors: BTreeMap<usize, Value>,
    stack: Vec<Frame>,
    root: Option<Value>,
    documents: usize,
}

impl Builder<'_> {
    fn error(&self, span: &Span, message: impl Into<String>) -> Diagnostic {
        let location = location_of(span);
        Diagnostic {
            severity: Severity::Error,
            file: self.file.to_owned(),
            line: location.line,
            column: location.column,
            pointer: self.current_pointer(),
            message: message.into(),
        }
    }

    /// The pointer of the node the next event starts.
    fn current_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Frame::Sequence { pointer, items, .. }) => format!("{pointer}/{}", items.len()),
            Some(Frame::Mapping {
                pointer,
                pending_key: Some((key, _)),
                ..
            }) => child(pointer, key),
            Some(Frame::Mapping { pointer, .. }) => pointer.clone(),
        }
    }

    /// Whether the next scalar is a mapping key.
    fn expecting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Mapping {
                pending_key: None,
                ..
            })
        )
    }

    fn event(&mut self, event: Event<'_>, span: &Span) -> Result<(), Diagnostic> {
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(
                        self.error(span, "the schema file must hold a single YAML document")
                    );
                }
                Ok(())
            }
            Event::Alias(id) => {
                if self.expecting_key() {
                    return Err(self.error(span, "aliases are not supported as mapping keys"));
                }
                let value = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| self.error(span, "alias to an unknown anchor"))?;
                self.push_value(value, span)
            }
            Event::Scalar(text, style, anchor, tag) => {
                if self.expecting_key() {
                    let key = text.into_owned();
                    let location = location_of(span);
                    if let Some(Frame::Mapping {
                        pointer,
                        entries,
                        pending_key,
                        ..
                    }) = self.stack.last_mut()
                    {
                        if entries.contains_key(&key) {
                            return Err(Diagnostic {
                                severity: Severity::Error,
                                file: self.file.to_owned(),
                                line: location.line,
                                column: location.column,
                                pointer: child(pointer, &key),
                                message: format!("duplicate key `{key}`"),
                            });
                        }
                        *pending_key = Some((key, location));
                    }
                    return Ok(());
                }
                let tag = tag.map(|tag| format!("{}{}", tag.handle, tag.suffix));
                let value = scalar(&text, style, tag.as_deref())
                    .map_err(|message| self.error(span, message))?;
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                self.push_value(value, span)
            }
            Event::SequenceStart(anchor, _) => {
                let pointer = self.open_container(span)?;
                self.stack.push(Frame::Sequence {
                    pointer,
                    items: Vec::new(),
                    anchor,
                });
                Ok(())
            }
            Event::MappingStart(anchor, _) => {
                let pointer = self.open_container(span)?;
                self.stack.push(Frame::Mapping {
                    pointer,
                    entries: Map::new(),
                    pending_key: None,
                    anchor,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor) = match self.stack.pop() {
                    Some(Frame::Sequence { items, anchor, .. }) => (Value::Array(items), anchor),
                    Some(Frame::Mapping {
                        entries, anchor, ..
                    }) => (Value::Object(entries), anchor),
                    None => return Err(self.error(span, "unbalanced YAML structure")),
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                self.attach(value);
                Ok(())
            }
        }
    }

    /// Checks that a sequence or mapping may start here, records its location
    /// and returns its pointer. A container that is a mapping value is located
    /// at its key, which is where a reader looks.
    fn open_container(&mut self, span: &Span) -> Result<String, Diagnostic> {
        if self.expecting_key() {
            return Err(self.error(span, "only scalar mapping keys are supported"));
        }
        let pointer = self.current_pointer();
        let location = self
            .pending_key_location()
            .unwrap_or_else(|| location_of(span));
        self.locations.insert(pointer.clone(), location);
        Ok(pointer)
    }

    fn pending_key_location(&self) -> Option<Location> {
        match self.stack.last() {
            Some(Frame::Mapping {
                pending_key: Some((_, location)),
                ..
            }) => Some(*location),
            _ => None,
        }
    }

    /// Records a scalar or alias value's location and attaches it to its parent.
    fn push_value(&mut self, value: Value, span: &Span) -> Result<(), Diagnostic> {
        let pointer = self.current_pointer();
        let location = self
            .pending_key_location()
            .unwrap_or_else(|| location_of(span));
        self.locations.insert(pointer, location);
        self.attach(value);
        Ok(())
    }

    /// Attaches a finished value to the container on top of the stack (or makes it the root).
    fn attach(&mut self, value: Value) {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Sequence { items, .. }) => items.push(value),
            Some(Frame::Mapping {
                entries,
                pending_key,
                ..
            }) => {
                if let Some((key, _)) = pending_key.take() {
                    entries.insert(key, value);
                }
            }
        }
    }
}

/// Types a scalar by the YAML 1.2 core schema (quoted scalars are always strings).
fn scalar(text: &str, style: ScalarStyle, tag: Option<&str>) -> Result<Value, String> {
    match tag {
        None => {}
        Some("tag:yaml.org,2002:str") => return Ok(Value::String(text.to_owned())),
        Some(other) => return Err(format!("unsupported YAML tag `{other}`")),
    }
    if style != ScalarStyle::Plain {
        return Ok(Value::String(text.to_owned()));
    }
    Ok(match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => number(text).unwrap_or_else(|| Value::String(text.to_owned())),
    })
}

fn number(text: &str) -> Option<Value> {
    let bytes = text.as_bytes();
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() {
        return None;
    }
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(value) = text.parse::<i64>() {
            return Some(Value::Number(value.into()));
        }
        if let Ok(value) = text.trim_start_matches('+').parse::<u64>() {
            return Some(Value::Number(value.into()));
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16)
            .ok()
            .map(|v| Value::Number(v.into()));
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return i64::from_str_radix(octal, 8)
            .ok()
            .map(|v| Value::Number(v.into()));
    }
    let looks_numeric = bytes
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.');
    if looks_numeric {
        // Infinities and NaN have no JSON form; they stay strings and fail later if used as numbers.
        return text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_locations() {
        let text = "openapi: 3.1.0\npaths:\n  /a/{b}:\n    get:\n      responses:\n        '200':\n          description: ok\nlist:\n  - 1\n  - x\n";
        let document = parse("s.yaml", text).expect("parses");
        assert_eq!(document.root["openapi"], Value::String("3.1.0".into()));
        assert_eq!(document.root["list"][0], Value::from(1));
        let location = document.location("/paths/~1a~1{b}/get/responses/200");
        assert_eq!(location, Location { line: 6, column: 9 });
        let location = document.location("/list/1");
        assert_eq!(location.line, 10);
        // A pointer below a known node falls back to its nearest ancestor.
        assert_eq!(document.location("/paths/~1a~1{b}/get/nothing").line, 4);
    }

    #[test]
    fn core_schema_scalars() {
        let document = parse(
            "s.yaml",
            "a: ~\nb: 'true'\nc: true\nd: 1.5\ne: 0x1F\nf: 1e3\ng: 12abc\n",
        )
        .expect("parses");
        let root = &document.root;
        assert_eq!(root["a"], Value::Null);
        assert_eq!(root["b"], Value::String("true".into()));
        assert_eq!(root["c"], Value::Bool(true));
        assert_eq!(root["d"], serde_json::json!(1.5));
        assert_eq!(root["e"], Value::from(31));
        assert_eq!(root["f"], serde_json::json!(1000.0));
        assert_eq!(root["g"], Value::String("12abc".into()));
    }

    #[test]
    fn invalid_yaml_has_a_position() {
        let error = parse("s.yaml", "a: [1, 2\nb: 3\n").expect_err("invalid");
        assert!(error.message.starts_with("invalid YAML"), "{error}");
        assert!(error.line >= 1);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let error = parse("s.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n").expect_err("duplicate");
        assert_eq!(error.line, 4);
        assert_eq!(error.pointer, "/b/c");
        assert!(error.message.contains("duplicate key `c`"), "{error}");
    }

    #[test]
    fn json_is_yaml() {
        let document = parse("s.json", "{\"a\": {\"b\": [1, \"2\"]}}").expect("parses");
        assert_eq!(document.root["a"]["b"][1], Value::String("2".into()));
    }

    #[test]
    fn anchors_and_aliases() {
        let document = parse("s.yaml", "a: &x {b: 1}\nc: *x\n").expect("parses");
        assert_eq!(document.root["c"]["b"], Value::from(1));
    }
}
