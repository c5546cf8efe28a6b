//! The serde plumbing the generated models call.
//!
//! The generator writes each model's `Serialize` and `Deserialize` out instead
//! of deriving them: a struct's impls are one line per member and call the
//! small generic helpers here. `#[derive]` would expand every struct into a
//! field-identifier enum, three identifier visitors, a sequence visitor and a
//! map visitor; for Discord's whole API (about 480 structs) `cargo check` of
//! the generated crate took 17.4 s with the derives and takes 7.7 s with these.
//! Decoding and encoding are as fast as the derives' (`benches/decode.rs`).
//!
//! The behaviour is the derives' for JSON objects, with two differences: a
//! member sent twice keeps its last value instead of failing ("responses
//! liberal"), and a JSON array is not read as a struct (the derives accept
//! one, member by member, which no JSON API means).
//!
//! Nothing here is public API; only the generated code calls it.

// Which helpers a generated client calls depends on its schema.
#![allow(dead_code)]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A model decoded from a JSON object: the generated code implements
/// `visit` with one `match` arm per member.
pub(crate) trait Object: Sized {
    /// What the model is called in "expected ..." errors.
    const EXPECTING: &'static str;

    /// Reads the object's members from `map` and builds the model.
    fn visit<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes the model `T` from an object; the body of each generated
/// `Deserialize::deserialize`.
pub(crate) fn object<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// A member name, borrowed from the input when the input allows it.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The member name.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

/// The next member name, or `None` at the end of the object.
pub(crate) fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
    map.next_key()
}

/// Reads the value of a required member into its slot.
pub(crate) fn required<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of a member whose Rust type is an `Option` (absent, or
/// `null`, is `None`).
pub(crate) fn optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Keeps a member the schema does not name in the model's map of extras.
pub(crate) fn extra<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    extras: &mut BTreeMap<String, T>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    extras.insert(key.0.into_owned(), value);
    Ok(())
}

/// Skips the value of a member the model does not know.
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The error for a required member that was not sent.
pub(crate) fn missing<E: de::Error>(name: &'static str) -> E {
    E::missing_field(name)
}

/// A model being encoded as an object. The generated `serialize` calls one
/// method per member without checking each result: after the first error the
/// writer ignores the rest, and [`Writer::end`] returns that error.
pub(crate) struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    /// Starts encoding a model as an object.
    pub(crate) fn begin<S: Serializer<SerializeMap = M, Error = M::Error>>(
        serializer: S,
    ) -> Result<Self, M::Error> {
        Ok(Self {
            map: serializer.serialize_map(None)?,
            error: None,
        })
    }

    /// Writes one member.
    pub(crate) fn member<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if self.error.is_none()
            && let Err(error) = self.map.serialize_entry(name, value)
        {
            self.error = Some(error);
        }
    }

    /// Writes an optional member, leaving it out when it is `None`.
    pub(crate) fn present<T: Serialize>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.member(name, value);
        }
    }

    /// Writes the members the schema does not name.
    pub(crate) fn extras<T: Serialize>(&mut self, extras: &BTreeMap<String, T>) {
        for (name, value) in extras {
            self.member(name, value);
        }
    }

    /// Finishes the object, or returns the first error.
    pub(crate) fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// Decodes a string, for string enums (which keep values they do not know).
pub(crate) fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer)
}

/// Decodes an integer, for integer enums (which keep values they do not know).
pub(crate) fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    i64::deserialize(deserializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-written model in the shape the generator writes.
    #[derive(Debug, PartialEq)]
    struct Sample {
        id: u64,
        name: Option<String>,
        note: Option<String>,
        extra: BTreeMap<String, serde_json::Value>,
    }

    impl Object for Sample {
        const EXPECTING: &'static str = "a JSON object (Sample)";

        fn visit<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut id = None;
            let mut name = None;
            let mut note = None;
            let mut rest = BTreeMap::new();
            while let Some(key) = next_key(&mut map)? {
                match key.as_str() {
                    "id" => required(&mut map, &mut id),
                    "name" => optional(&mut map, &mut name),
                    "note" => optional(&mut map, &mut note),
                    _ => extra(&mut map, &mut rest, key),
                }?;
            }
            let Some(id) = id else {
                return Err(missing("id"));
            };
            Ok(Self {
                id,
                name,
                note,
                extra: rest,
            })
        }
    }

    impl<'de> Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    impl Serialize for Sample {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = Writer::begin(serializer)?;
            object.member("id", &self.id);
            object.member("name", &self.name);
            object.present("note", &self.note);
            object.extras(&self.extra);
            object.end()
        }
    }

    #[test]
    fn decodes_members_extras_and_absent_optionals() {
        let sample: Sample =
            serde_json::from_str(r#"{"x":[1],"id":7,"name":null,"a\"b":true}"#).unwrap();
        assert_eq!(sample.id, 7);
        assert_eq!(sample.name, None);
        assert_eq!(sample.note, None);
        assert_eq!(
            sample.extra.keys().collect::<Vec<_>>(),
            ["a\"b", "x"],
            "escaped names are decoded, not borrowed"
        );
    }

    #[test]
    fn a_repeated_member_keeps_its_last_value() {
        let sample: Sample = serde_json::from_str(r#"{"id":1,"id":2}"#).unwrap();
        assert_eq!(sample.id, 2);
    }

    #[test]
    fn errors_name_the_member_and_the_model() {
        let error = serde_json::from_str::<Sample>(r#"{"name":"n"}"#).unwrap_err();
        assert!(error.to_string().contains("missing field `id`"), "{error}");
        let error = serde_json::from_str::<Sample>("[1]").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("expected a JSON object (Sample)"),
            "{error}"
        );
        let mut decoder = serde_json::Deserializer::from_str(r#"{"id":"seven"}"#);
        let error = serde_path_to_error::deserialize::<_, Sample>(&mut decoder).unwrap_err();
        assert_eq!(error.path().to_string(), "id");
    }

    #[test]
    fn encodes_nulls_only_where_the_member_is_required() {
        let sample = Sample {
            id: 1,
            name: None,
            note: None,
            extra: BTreeMap::from([("z".to_owned(), serde_json::json!(0))]),
        };
        assert_eq!(
            serde_json::to_string(&sample).unwrap(),
            r#"{"id":1,"name":null,"z":0}"#
        );
    }
}
