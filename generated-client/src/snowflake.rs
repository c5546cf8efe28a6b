//! [`Snowflake`]: the 64-bit ids Fluxer gives users, channels, guilds and messages.

#![deny(missing_docs)]

use std::error::Error as StdError;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// A Fluxer id: an unsigned 64-bit integer that travels as a decimal string.
///
/// On the wire a snowflake is a JSON string such as `"1183436478421147648"`
/// (JSON numbers lose precision above 2⁵³ in many languages). This type
/// serialises as such a string and, being liberal in what it accepts, also
/// deserialises from a JSON integer.
///
/// ```
/// use fluxer_client::Snowflake;
///
/// let id: Snowflake = "1183436478421147648".parse()?;
/// assert_eq!(id, Snowflake::new(1_183_436_478_421_147_648));
/// assert_eq!(id.to_string(), "1183436478421147648");
/// assert_eq!(serde_json::to_string(&id)?, r#""1183436478421147648""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Snowflake(u64);

impl Snowflake {
    /// Wraps a raw id.
    #[must_use]
    pub const fn new(id: u64) -> Self {
        Self(id)
    }

    /// The raw id.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Snowflake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Snowflake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Snowflake({})", self.0)
    }
}

impl From<u64> for Snowflake {
    fn from(id: u64) -> Self {
        Self(id)
    }
}

impl From<Snowflake> for u64 {
    fn from(id: Snowflake) -> Self {
        id.0
    }
}

/// Why a text is not a [`Snowflake`]; for a typed id, the message names its
/// kind (`invalid channel id: …`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseSnowflakeError {
    reason: ParseReason,
    what: What,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ParseReason {
    Empty,
    NotADigit,
    Overflow,
}

/// What a text or value was to be, for messages: a snowflake, or the id of a
/// kind of entity (a typed id's marker name: `channel id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct What(Option<&'static str>);

impl fmt::Display for What {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("snowflake"),
            Some(kind) => write!(f, "{kind} id"),
        }
    }
}

impl fmt::Display for ParseSnowflakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.reason {
            ParseReason::Empty => "the text is empty",
            ParseReason::NotADigit => "only the decimal digits 0-9 are allowed",
            ParseReason::Overflow => "the number does not fit in 64 bits",
        };
        write!(f, "invalid {}: {why}", self.what)
    }
}

impl StdError for ParseSnowflakeError {}

impl FromStr for Snowflake {
    type Err = ParseSnowflakeError;

    /// Parses decimal digits only: no sign, no spaces, no other base.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse(text, None)
    }
}

/// Parses decimal digits only; errors name the `kind` of id, if given
/// (`invalid channel id: …`), else a snowflake.
pub(crate) fn parse(
    text: &str,
    kind: Option<&'static str>,
) -> Result<Snowflake, ParseSnowflakeError> {
    let what = What(kind);
    let error = |reason| ParseSnowflakeError { reason, what };
    if text.is_empty() {
        return Err(error(ParseReason::Empty));
    }
    let mut id: u64 = 0;
    for byte in text.bytes() {
        if !byte.is_ascii_digit() {
            return Err(error(ParseReason::NotADigit));
        }
        id = id
            .checked_mul(10)
            .and_then(|id| id.checked_add(u64::from(byte - b'0')))
            .ok_or(error(ParseReason::Overflow))?;
    }
    Ok(Snowflake(id))
}

impl Serialize for Snowflake {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Snowflake {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer, None)
    }
}

/// Reads a snowflake from a string of digits or a non-negative integer;
/// errors name the `kind` of id, if given, else a snowflake.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
    kind: Option<&'static str>,
) -> Result<Snowflake, D::Error> {
    deserializer.deserialize_any(SnowflakeVisitor(What(kind)))
}

struct SnowflakeVisitor(What);

impl Visitor<'_> for SnowflakeVisitor {
    type Value = Snowflake;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a snowflake")?;
        if let Some(kind) = self.0.0 {
            write!(f, " ({kind} id)")?;
        }
        f.write_str(": a string of decimal digits or a non-negative integer")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Snowflake, E> {
        parse(text, self.0.0).map_err(|error| {
            // serde_json quotes nothing of the value, so name it (it is an id,
            // never a secret), bounded in case a server sends something huge.
            let shown: String = text.chars().take(40).collect();
            let more = if shown.len() < text.len() { "…" } else { "" };
            E::custom(format_args!("{error}, got {shown:?}{more}"))
        })
    }

    fn visit_u64<E: de::Error>(self, id: u64) -> Result<Snowflake, E> {
        Ok(Snowflake(id))
    }

    fn visit_i64<E: de::Error>(self, id: i64) -> Result<Snowflake, E> {
        let what = self.0;
        u64::try_from(id)
            .map(Snowflake)
            .map_err(|_| E::custom(format_args!("invalid {what}: negative number {id}")))
    }

    fn visit_u128<E: de::Error>(self, id: u128) -> Result<Snowflake, E> {
        let what = self.0;
        u64::try_from(id)
            .map(Snowflake)
            .map_err(|_| E::custom(format_args!("invalid {what}: {id} does not fit in 64 bits")))
    }

    fn visit_i128<E: de::Error>(self, id: i128) -> Result<Snowflake, E> {
        let what = self.0;
        u64::try_from(id).map(Snowflake).map_err(|_| {
            E::custom(format_args!(
                "invalid {what}: {id} is negative or does not fit in 64 bits"
            ))
        })
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Snowflake, E> {
        let what = self.0;
        // JSON integers outside the 64-bit range arrive as floats; printing
        // one would show it rounded (2^64 as 18446744073709552000), so only
        // fractions are echoed.
        if number.fract() != 0.0 {
            Err(E::custom(format_args!(
                "invalid {what}: {number} is not an integer"
            )))
        } else if number < 0.0 {
            Err(E::custom(format_args!(
                "invalid {what}: the number is negative"
            )))
        } else {
            Err(E::custom(format_args!(
                "invalid {what}: the number does not fit in 64 bits"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_digits_only() {
        assert_eq!("0".parse(), Ok(Snowflake::new(0)));
        assert_eq!("18446744073709551615".parse(), Ok(Snowflake::new(u64::MAX)));
        for bad in ["", "+1", "-1", " 1", "1 ", "0x10", "1.0", "١٢"] {
            assert!(bad.parse::<Snowflake>().is_err(), "{bad:?} parsed");
        }
        let overflow = "18446744073709551616".parse::<Snowflake>();
        assert_eq!(
            overflow.map_err(|e| e.to_string()),
            Err("invalid snowflake: the number does not fit in 64 bits".to_owned())
        );
    }

    #[test]
    fn serde_round_trip() {
        let id = Snowflake::new(u64::MAX);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"18446744073709551615\"");
        assert_eq!(serde_json::from_str::<Snowflake>(&json).unwrap(), id);
        assert_eq!(
            serde_json::from_str::<Snowflake>("18446744073709551615").unwrap(),
            id
        );
        assert_eq!(
            serde_json::from_str::<Snowflake>("42").unwrap(),
            Snowflake::new(42)
        );
    }

    #[test]
    fn rejects_bad_json_with_a_clear_message() {
        let cases = [
            ("-5", "negative number -5"),
            ("\"-5\"", "only the decimal digits"),
            ("\"abc\"", "got \"abc\""),
            ("\"18446744073709551616\"", "does not fit in 64 bits"),
            ("18446744073709551616", "the number does not fit in 64 bits"),
            ("-18446744073709551616", "the number is negative"),
            ("1.5", "1.5 is not an integer"),
            ("true", "a snowflake"),
            ("null", "a snowflake"),
        ];
        for (json, expected) in cases {
            let error = serde_json::from_str::<Snowflake>(json).unwrap_err();
            assert!(
                error.to_string().contains(expected),
                "{json}: {error} does not contain {expected:?}"
            );
            // No float-rounded echo of an integer out of range.
            assert!(!error.to_string().contains("552000"), "{error}");
        }
    }

    #[test]
    fn display_and_debug() {
        let id = Snowflake::from(123_u64);
        assert_eq!(id.to_string(), "123");
        assert_eq!(format!("{id:?}"), "Snowflake(123)");
        assert_eq!(u64::from(id), 123);
        assert_eq!(id.get(), 123);
    }
}
