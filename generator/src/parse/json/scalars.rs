//! The JSON reader's scalars: strings with their escapes, numbers and the
//! literals `true`, `false` and `null` (see the parent module for the rules).

use serde_json::{Number, Value};

use super::Reader;
use crate::diagnostics::Diagnostic;

impl Reader<'_> {
    /// Reads the string whose opening quote is at `self.pos`, up to and
    /// including its closing quote.
    pub(super) fn string(&mut self) -> Result<String, Diagnostic> {
        let open = self.pos;
        let bytes = self.bytes;
        let mut i = open + 1;
        // The common case, no escapes: one slice.
        loop {
            match bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(self.text[open + 1..i].to_owned());
                }
                Some(b'\\') => break,
                Some(&byte) if byte < 0x20 => return Err(self.control_character(i, byte)),
                Some(_) => i += 1,
                None => return Err(self.syntax(open, "unterminated string")),
            }
        }
        let mut out = String::with_capacity(i - open + 16);
        let mut run = open + 1;
        loop {
            match bytes.get(i) {
                Some(b'"') => {
                    out.push_str(&self.text[run..i]);
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..i]);
                    i = self.escape(i, open, &mut out)?;
                    run = i;
                }
                Some(&byte) if byte < 0x20 => return Err(self.control_character(i, byte)),
                Some(_) => i += 1,
                None => return Err(self.syntax(open, "unterminated string")),
            }
        }
    }

    /// Decodes the escape whose backslash is at `at` (in the string opened at
    /// `open`) onto `out`, returning the offset after it.
    fn escape(&self, at: usize, open: usize, out: &mut String) -> Result<usize, Diagnostic> {
        let decoded = match self.bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let (decoded, next) = self.unicode_escape(at)?;
                out.push(decoded);
                return Ok(next);
            }
            Some(_) => {
                let escape: String = self.text[at..].chars().take(2).collect();
                return Err(self.syntax(at, format!("invalid escape `{escape}` in a string")));
            }
            None => return Err(self.syntax(open, "unterminated string")),
        };
        out.push(decoded);
        Ok(at + 2)
    }

    /// Decodes the `\uXXXX` escape at `at`, with the low surrogate that must
    /// follow a high one, returning the character and the offset after it.
    fn unicode_escape(&self, at: usize) -> Result<(char, usize), Diagnostic> {
        let unit = self.hex4(at)?;
        let code = match unit {
            0xD800..=0xDBFF => match self.bytes.get(at + 6..at + 8) {
                Some(b"\\u") => {
                    let low = self.hex4(at + 6)?;
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return Err(self.lone_surrogate(at));
                    }
                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                _ => return Err(self.lone_surrogate(at)),
            },
            0xDC00..=0xDFFF => return Err(self.lone_surrogate(at)),
            _ => unit,
        };
        let next = if code > 0xFFFF { at + 12 } else { at + 6 };
        match char::from_u32(code) {
            Some(decoded) => Ok((decoded, next)),
            None => Err(self.lone_surrogate(at)),
        }
    }

    /// The four hex digits of the `\u` escape at `at`.
    fn hex4(&self, at: usize) -> Result<u32, Diagnostic> {
        if let Some(digits) = self.text.get(at + 2..at + 6)
            && digits.bytes().all(|byte| byte.is_ascii_hexdigit())
            && let Ok(unit) = u32::from_str_radix(digits, 16)
        {
            return Ok(unit);
        }
        let digits: String = self.text[at + 2..]
            .chars()
            .take(4)
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        Err(self.syntax(
            at,
            format!("invalid Unicode escape `\\u{digits}`: `\\u` needs four hex digits"),
        ))
    }

    fn lone_surrogate(&self, at: usize) -> Diagnostic {
        let escape = &self.text[at..at + 6];
        self.syntax(
            at,
            format!(
                "lone UTF-16 surrogate `{escape}` in a string (a surrogate must be half of a \
                 `\\uD8xx\\uDCxx` pair; a Rust string cannot hold one alone)"
            ),
        )
    }

    fn control_character(&self, at: usize, byte: u8) -> Diagnostic {
        let message = format!(
            "unescaped control character U+{byte:04X} in a string (write it as `\\u{byte:04x}`)"
        );
        self.syntax(at, message)
    }

    /// Reads the number at `self.pos`.
    pub(super) fn number(&mut self) -> Result<Value, Diagnostic> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        let mut i = start + usize::from(negative);
        match self.bytes.get(i) {
            Some(b'0') => {
                i += 1;
                if self.bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    return Err(self.syntax(start, "a number cannot have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => i = self.digits(i),
            _ => return Err(self.expected(i, "a digit in a number")),
        }
        let mut integer = true;
        if self.bytes.get(i) == Some(&b'.') {
            integer = false;
            i = self.required_digits(i + 1, "a digit after the decimal point")?;
        }
        if let Some(b'e' | b'E') = self.bytes.get(i) {
            integer = false;
            i += 1;
            if let Some(b'+' | b'-') = self.bytes.get(i) {
                i += 1;
            }
            i = self.required_digits(i, "a digit in the exponent")?;
        }
        self.pos = i;
        let text = &self.text[start..i];
        if integer {
            if negative {
                // `-0` is a float, as serde_json reads it.
                if let Ok(value) = text.parse::<i64>()
                    && value != 0
                {
                    return Ok(Value::from(value));
                }
            } else if let Ok(value) = text.parse::<u64>() {
                return Ok(Value::from(value));
            }
        }
        match text.parse::<f64>().ok().and_then(Number::from_f64) {
            Some(number) => Ok(Value::Number(number)),
            None => Err(self.syntax(
                start,
                format!("the number `{text}` is out of range (beyond a 64-bit float)"),
            )),
        }
    }

    /// The offset after the ASCII digits starting at `i`.
    fn digits(&self, mut i: usize) -> usize {
        while self.bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    }

    /// Like [`Self::digits`], but at least one digit must be there.
    fn required_digits(&self, i: usize, what: &str) -> Result<usize, Diagnostic> {
        if self.bytes.get(i).is_some_and(u8::is_ascii_digit) {
            Ok(self.digits(i))
        } else {
            Err(self.expected(i, what))
        }
    }

    /// Reads `true`, `false` or `null` (whose first letter is at `self.pos`).
    pub(super) fn literal(&mut self, word: &str, value: Value) -> Result<Value, Diagnostic> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let matching = rest
            .iter()
            .zip(word.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        if matching == word.len() {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.expected(self.pos + matching, &format!("`{word}`")))
        }
    }
}
