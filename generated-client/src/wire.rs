//! The serde plumbing the generated models call.
//!
//! The generator does not derive models' `Serialize` and `Deserialize`: for a
//! struct it writes a call of [`object!`] listing the members, one per line,
//! and for an enum a call of [`string_enum!`] or [`int_enum!`]. The expansions
//! are a few lines per member calling the small generic helpers here, where
//! serde's derive expands every struct into a field-identifier enum, three
//! identifier visitors, a sequence visitor and a map visitor. For Discord's
//! whole API (about 480 structs, 242 operations) `cargo check` of the
//! generated crate took 17.4 s with the derives and takes about 8.2 s with
//! these. Decoding and encoding are as fast as the derives'
//! (`benches/decode.rs`).
//!
//! The behaviour is the derives' for JSON objects, with two differences: a
//! member sent twice keeps its last value instead of failing ("responses
//! liberal"), and a JSON array is not read as a struct (the derives accept
//! one, member by member, which no JSON API means).
//!
//! Nothing here is public API; only the generated code calls it.

// Which helpers and macros a generated client uses depends on its schema.
#![allow(dead_code, unused_macros, unused_imports)]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

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
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Object>(
    deserializer: D,
) -> Result<T, D::Error> {
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

/// Writes a struct's `Serialize`, `Deserialize` and [`Object`] impls from a
/// list of its members, one line each; the generated models call it.
///
/// ```text
/// crate::wire::object! {
///     Invite;
///     required code = "code";        // must be sent
///     nullable guild = "guild";      // must be sent, may be null: an Option
///     optional max_age = "max_age";  // may be absent: an Option, left out when None
///     ..extra;                       // the map of the members not listed, if any
/// }
/// ```
///
/// The locals the expansion declares (`map`, `key`, `object`) cannot clash with
/// member names: macro hygiene keeps them apart.
macro_rules! object {
    ($name:ident; $($kind:ident $field:ident = $wire:literal;)* $(..$extra:ident;)?) => {
        impl ::serde::Serialize for $name {
            #[allow(unused_mut)]
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let mut object = $crate::wire::Writer::begin(serializer)?;
                $($crate::wire::$kind::write(&mut object, $wire, &self.$field);)*
                $(object.extras(&self.$extra);)?
                object.end()
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::wire::deserialize(deserializer)
            }
        }
        impl $crate::wire::Object for $name {
            const EXPECTING: &'static str = concat!("a JSON object (", stringify!($name), ")");
            #[allow(clippy::match_single_binding)]
            fn visit<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                $(let mut $extra = ::std::collections::BTreeMap::new();)?
                while let ::std::option::Option::Some(key) = $crate::wire::next_key(&mut map)? {
                    match key.as_str() {
                        $($wire => $crate::wire::$kind::read(&mut map, &mut $field),)*
                        _ => $crate::wire::object!(@other map key $($extra)?),
                    }?;
                }
                ::std::result::Result::Ok(Self {
                    $($field: $crate::wire::object!(@take $kind $field $wire),)*
                    $($extra,)?
                })
            }
        }
    };
    (@other $map:ident $key:ident) => {
        $crate::wire::skip(&mut $map)
    };
    (@other $map:ident $key:ident $extra:ident) => {
        $crate::wire::extra(&mut $map, &mut $extra, $key)
    };
    (@take required $field:ident $wire:literal) => {
        match $field {
            ::std::option::Option::Some(value) => value,
            ::std::option::Option::None => {
                return ::std::result::Result::Err(::serde::de::Error::missing_field($wire));
            }
        }
    };
    (@take $kind:ident $field:ident $wire:literal) => {
        $field
    };
}
pub(crate) use object;

/// A member of an `object!` model that must be sent.
pub(crate) mod required {
    use super::{Deserialize, MapAccess, Serialize, SerializeMap, Writer};

    /// Reads the member's value into its slot.
    pub(crate) fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        *slot = Some(map.next_value()?);
        Ok(())
    }

    /// Writes the member.
    pub(crate) fn write<M: SerializeMap, T: Serialize>(
        object: &mut Writer<M>,
        name: &str,
        value: &T,
    ) {
        object.member(name, value);
    }
}

/// A member of an `object!` model that may be absent: an `Option`, left out
/// when `None`.
pub(crate) mod optional {
    use super::{Deserialize, MapAccess, Serialize, SerializeMap, Writer};

    /// Reads the member's value (`null` is `None`) into its slot.
    pub(crate) fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        *slot = map.next_value()?;
        Ok(())
    }

    /// Writes the member, or nothing when it is `None`.
    pub(crate) fn write<M: SerializeMap, T: Serialize>(
        object: &mut Writer<M>,
        name: &str,
        value: &Option<T>,
    ) {
        object.present(name, value);
    }
}

/// A member of an `object!` model that must be sent but may be `null`: an
/// `Option` read like an optional member and written like a required one
/// (`null` when `None`).
pub(crate) mod nullable {
    pub(crate) use super::optional::read;
    pub(crate) use super::required::write;
}

/// A tuple model decoded from a JSON array: the generated code implements
/// `visit`, reading the items in order through a [`TupleReader`].
pub(crate) trait Tuple: Sized {
    /// What the model is called in "expected ..." errors.
    const EXPECTING: &'static str;

    /// Reads the array's items from `seq` and builds the model.
    fn visit<'de, A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error>;
}

/// Decodes the tuple model `T` from an array; the body of each generated
/// `Deserialize::deserialize`.
pub(crate) fn deserialize_tuple<'de, D: Deserializer<'de>, T: Tuple>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_seq(TupleVisitor(PhantomData))
}

struct TupleVisitor<T>(PhantomData<T>);

impl<'de, T: Tuple> Visitor<'de> for TupleVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(T::EXPECTING)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::visit(seq)
    }
}

/// Reads a tuple model's items in order: the required ones must be there,
/// the optional ones may be missing from the end, and the rest (when the
/// model has one) takes whatever follows.
pub(crate) struct TupleReader<A> {
    seq: A,
    index: usize,
    ended: bool,
    expecting: &'static str,
}

impl<'de, A: SeqAccess<'de>> TupleReader<A> {
    /// Starts reading the items of `seq`.
    pub(crate) fn new(seq: A, expecting: &'static str) -> Self {
        Self {
            seq,
            index: 0,
            ended: false,
            expecting,
        }
    }

    /// The next item, which must be there.
    pub(crate) fn required<T: Deserialize<'de>>(&mut self) -> Result<T, A::Error> {
        if !self.ended
            && let Some(value) = self.seq.next_element()?
        {
            self.index += 1;
            return Ok(value);
        }
        Err(de::Error::invalid_length(self.index, &self.expecting))
    }

    /// The next item, or `None` when the array has ended (or the item is `null`).
    pub(crate) fn optional<T: Deserialize<'de>>(&mut self) -> Result<Option<T>, A::Error> {
        if self.ended {
            return Ok(None);
        }
        match self.seq.next_element::<Option<T>>()? {
            Some(value) => {
                self.index += 1;
                Ok(value)
            }
            None => {
                self.ended = true;
                Ok(None)
            }
        }
    }

    /// The items after the prefix, all of them.
    pub(crate) fn rest<T: Deserialize<'de>>(&mut self) -> Result<Vec<T>, A::Error> {
        let mut rest = Vec::new();
        if !self.ended {
            while let Some(value) = self.seq.next_element()? {
                rest.push(value);
            }
        }
        self.ended = true;
        Ok(rest)
    }

    /// Ends a tuple without a rest: an item after the prefix is an error,
    /// as the schema forbids one.
    pub(crate) fn end(mut self) -> Result<(), A::Error> {
        if !self.ended && self.seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(self.index + 1, &self.expecting));
        }
        Ok(())
    }
}

/// A tuple model being encoded as an array. The items are written up to the
/// last one given (all of them when the rest is not empty); like [`Writer`],
/// the first error is kept and returned by [`TupleWriter::end`].
pub(crate) struct TupleWriter<S: SerializeSeq> {
    seq: S,
    name: &'static str,
    len: usize,
    position: usize,
    error: Option<S::Error>,
}

impl<S: SerializeSeq> TupleWriter<S> {
    /// Starts encoding a tuple model whose prefix items are `present` (an
    /// optional item that is `None` is not) and whose rest has `rest` items.
    pub(crate) fn begin<Z: Serializer<SerializeSeq = S, Error = S::Error>>(
        serializer: Z,
        name: &'static str,
        present: &[bool],
        rest: usize,
    ) -> Result<Self, S::Error> {
        let len = if rest > 0 {
            present.len()
        } else {
            present
                .iter()
                .rposition(|present| *present)
                .map_or(0, |last| last + 1)
        };
        Ok(Self {
            seq: serializer.serialize_seq(Some(len + rest))?,
            name,
            len,
            position: 0,
            error: None,
        })
    }

    /// Writes one item.
    pub(crate) fn element<T: Serialize + ?Sized>(&mut self, value: &T) {
        if self.error.is_none()
            && let Err(error) = self.seq.serialize_element(value)
        {
            self.error = Some(error);
        }
    }

    /// Writes an optional prefix item: nothing after the last item given;
    /// before it, a `None` is `null` when `nullable`, and else an error (an
    /// array cannot skip a position).
    pub(crate) fn optional<T: Serialize>(&mut self, value: &Option<T>, nullable: bool) {
        let position = self.position;
        self.position += 1;
        if position >= self.len {
            return;
        }
        match value {
            Some(value) => self.element(value),
            None if nullable => self.element(&Option::<()>::None),
            None => {
                if self.error.is_none() {
                    self.error = Some(serde::ser::Error::custom(format_args!(
                        "item {position} of `{}` is `None` but a later item is given, and a JSON array cannot skip a position",
                        self.name
                    )));
                }
            }
        }
    }

    /// Writes a required prefix item.
    pub(crate) fn required<T: Serialize + ?Sized>(&mut self, value: &T) {
        self.position += 1;
        self.element(value);
    }

    /// Writes the items after the prefix.
    pub(crate) fn rest<T: Serialize>(&mut self, rest: &[T]) {
        for value in rest {
            self.element(value);
        }
    }

    /// Finishes the array, or returns the first error.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.seq.end(),
        }
    }
}

/// Writes a tuple struct's `Serialize`, `Deserialize` and [`Tuple`] impls
/// from a list of its items, one line each; the generated models call it.
///
/// ```text
/// crate::wire::tuple! {
///     Position;
///     required 0;           // must be there
///     nullable 1;           // must be there, may be null: an Option
///     optional 2;           // may be missing from the end: an Option
///     optional_nullable 3;  // may be missing, or null: an Option
///     ..4;                  // the `Vec` of the items after the prefix, if any
/// }
/// ```
macro_rules! tuple {
    ($name:ident; $($kind:ident $index:tt;)* $(..$rest:tt;)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let present = [$($crate::wire::item::$kind::present(&self.$index)),*];
                let rest = 0 $(+ self.$rest.len())?;
                let mut tuple =
                    $crate::wire::TupleWriter::begin(serializer, stringify!($name), &present, rest)?;
                $($crate::wire::item::$kind::write(&mut tuple, &self.$index);)*
                $(tuple.rest(&self.$rest);)?
                tuple.end()
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::wire::deserialize_tuple(deserializer)
            }
        }
        impl $crate::wire::Tuple for $name {
            const EXPECTING: &'static str = concat!("a JSON array (", stringify!($name), ")");
            fn visit<'de, A: ::serde::de::SeqAccess<'de>>(
                seq: A,
            ) -> ::std::result::Result<Self, A::Error> {
                let mut tuple = $crate::wire::TupleReader::new(seq, Self::EXPECTING);
                // Fields are evaluated in the order written: the items' order.
                let value = Self {
                    $($index: $crate::wire::item::$kind::read(&mut tuple)?,)*
                    $($rest: tuple.rest()?,)?
                };
                $crate::wire::tuple!(@end tuple $($rest)?);
                ::std::result::Result::Ok(value)
            }
        }
    };
    (@end $tuple:ident) => {
        $tuple.end()?
    };
    (@end $tuple:ident $rest:tt) => {
        ()
    };
}
pub(crate) use tuple;

/// The kinds of item of a [`tuple!`] model: how each is told present, read
/// and written.
pub(crate) mod item {
    /// An item that must be there.
    pub(crate) mod required {
        use super::super::{Deserialize, SeqAccess, SerializeSeq, TupleReader, TupleWriter};
        use serde::Serialize;

        /// Always written.
        pub(crate) fn present<T>(_: &T) -> bool {
            true
        }

        /// Reads the item.
        pub(crate) fn read<'de, A: SeqAccess<'de>, T: Deserialize<'de>>(
            tuple: &mut TupleReader<A>,
        ) -> Result<T, A::Error> {
            tuple.required()
        }

        /// Writes the item.
        pub(crate) fn write<S: SerializeSeq, T: Serialize>(tuple: &mut TupleWriter<S>, value: &T) {
            tuple.required(value);
        }
    }

    /// An item that must be there but may be `null`: an `Option`, `null` when `None`.
    pub(crate) mod nullable {
        pub(crate) use super::required::{present, read, write};
    }

    /// An item the array may end before: an `Option`.
    pub(crate) mod optional {
        use super::super::{Deserialize, SeqAccess, SerializeSeq, TupleReader, TupleWriter};
        use serde::Serialize;

        /// Whether the item is given.
        pub(crate) fn present<T>(value: &Option<T>) -> bool {
            value.is_some()
        }

        /// Reads the item, `None` when the array has ended.
        pub(crate) fn read<'de, A: SeqAccess<'de>, T: Deserialize<'de>>(
            tuple: &mut TupleReader<A>,
        ) -> Result<Option<T>, A::Error> {
            tuple.optional()
        }

        /// Writes the item, when a later one is given too or it is.
        pub(crate) fn write<S: SerializeSeq, T: Serialize>(
            tuple: &mut TupleWriter<S>,
            value: &Option<T>,
        ) {
            tuple.optional(value, false);
        }
    }

    /// An item the array may end before, and that may be `null`: an
    /// `Option`, `null` when `None` and a later item is given.
    pub(crate) mod optional_nullable {
        use super::super::{SerializeSeq, TupleWriter};
        use serde::Serialize;

        pub(crate) use super::optional::{present, read};

        /// Writes the item, when a later one is given too or it is.
        pub(crate) fn write<S: SerializeSeq, T: Serialize>(
            tuple: &mut TupleWriter<S>,
            value: &Option<T>,
        ) {
            tuple.optional(value, true);
        }
    }
}

/// A generated string enum's `Serialize` (its `as_str`) and `Deserialize`
/// (through `From<String>`, which keeps values the enum does not know).
macro_rules! string_enum {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::wire::string(deserializer).map(Self::from)
            }
        }
    };
}
pub(crate) use string_enum;

/// A generated integer enum's `Serialize` and `Deserialize` (through
/// `From<i64>`, which keeps values the enum does not know).
macro_rules! int_enum {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(i64::from(*self))
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::wire::integer(deserializer).map(Self::from)
            }
        }
    };
}
pub(crate) use int_enum;

/// Decodes a tagged union's member from the value its tag chose, keeping
/// the path inside the member in the message (`guild.id: invalid type …`).
pub(crate) fn member<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: serde_json::Value,
) -> Result<T, E> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        if path == "." {
            E::custom(error.into_inner())
        } else {
            E::custom(format_args!("{path}: {}", error.into_inner()))
        }
    })
}

/// Decodes a string, for string enums (which keep values they do not know).
pub(crate) fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer)
}

/// Decodes an integer, for integer enums (which keep values they do not know).
pub(crate) fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    i64::deserialize(deserializer)
}

/// The models the generator writes for its `tuples` fixture (its checked-in
/// snapshot), compiled against this runtime so the tests below decode and
/// encode the generated tuple types themselves. The file is the generator's
/// to format, not rustfmt's.
#[cfg(test)]
#[rustfmt::skip]
#[path = "../../generator/tests/snapshots/tuples/models.rs"]
mod tuples_fixture;

#[cfg(test)]
mod fixture_tests {
    use super::tuples_fixture::{
        Place, PlaceExtra, PlaceHours, Position, PutSettingResponse, Tree,
    };
    use crate::Validate;
    use crate::error::Constraint;

    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> T {
        let value: T = serde_json::from_str(json).unwrap_or_else(|error| panic!("{json}: {error}"));
        let original: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_value(&value).unwrap(), original, "{json}");
        value
    }

    #[test]
    fn an_open_tuple_keeps_the_items_after_its_prefix() {
        let position: Position = round_trip("[2.35,48.85]");
        assert_eq!(position, Position(2.35, 48.85, vec![]));
        let with_altitude: Position = round_trip("[2.35,48.85,35.0,1.0]");
        assert_eq!(with_altitude.2, [35.0, 1.0]);
        let error = serde_json::from_str::<Position>("[2.35]").unwrap_err();
        assert!(error.to_string().contains("invalid length 1"), "{error}");
    }

    #[test]
    fn a_place_with_every_kind_of_tuple_round_trips() {
        let place: Place = round_trip(
            r#"{"name":"Louvre","location":[2.3376,48.8606],"outline":[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]],
                "bbox":[2.33,48.85,2.34,48.87],"hours":[9],"label":["museum",{"kind":"art"}],
                "extra":["tag",1,{"a":true}]}"#,
        );
        assert_eq!(place.bbox, Some((2.33, 48.85, 2.34, 48.87)));
        assert_eq!(place.hours, Some(PlaceHours(9, None)));
        assert_eq!(
            place.label.as_ref().map(|label| label.1.kind.as_str()),
            Some("art")
        );
        let extra = place.extra.clone().unwrap();
        assert_eq!(extra.0.as_deref(), Some("tag"));
        assert_eq!(extra.1.len(), 2);
        assert_eq!(round_trip::<PlaceExtra>("[]"), PlaceExtra::default());
        assert!(place.validate().is_ok());
    }

    #[test]
    fn closed_tuples_refuse_more_items_than_the_schema_allows() {
        assert!(serde_json::from_str::<PlaceHours>("[9,17]").is_ok());
        assert!(serde_json::from_str::<PlaceHours>("[9,17,20]").is_err());
        let bbox = r#"{"name":"n","location":[0,0],"bbox":[1,2,3]}"#;
        assert!(serde_json::from_str::<Place>(bbox).is_err());
    }

    #[test]
    fn constraints_inside_items_are_checked() {
        let place = Place {
            name: "n".into(),
            location: Position(200.0, 0.0, vec![]),
            outline: None,
            bbox: None,
            hours: Some(PlaceHours(9, Some(24))),
            label: None,
            extra: None,
        };
        let error = place.validate().unwrap_err();
        assert_eq!(error.field(), "location[0]");
        assert_eq!(error.constraint(), Constraint::Maximum(180));
        let place = Place {
            location: Position(2.0, 48.0, vec![]),
            ..place
        };
        let error = place.validate().unwrap_err();
        assert_eq!(error.field(), "hours[1]");
        assert_eq!(error.constraint(), Constraint::Maximum(23));
    }

    #[test]
    fn recursive_and_nested_tuples_round_trip() {
        let tree: Tree = round_trip(r#"["root",["a"],["b",["c"]]]"#);
        assert_eq!(tree.1.as_ref().map(|a| a.0.as_str()), Some("a"));
        assert!(
            tree.2
                .as_ref()
                .is_some_and(|b| b.1.is_some() && b.2.is_none())
        );
        let history: PutSettingResponse = round_trip(r#"[["a",1],["b",null],["c",3]]"#);
        assert_eq!(history.0, ("a".to_owned(), Some(1)));
        assert_eq!(
            history.1,
            [("b".to_owned(), None), ("c".to_owned(), Some(3))]
        );
        assert!(serde_json::from_str::<PutSettingResponse>("[]").is_err());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model as the generator writes it.
    #[derive(Debug, PartialEq)]
    struct Sample {
        id: u64,
        name: Option<String>,
        note: Option<String>,
        extra: BTreeMap<String, serde_json::Value>,
    }

    crate::wire::object! {
        Sample;
        required id = "id";
        nullable name = "name";
        optional note = "note";
        ..extra;
    }

    /// Members named like the expansion's own locals, a keyword, and no extras.
    #[derive(Debug, PartialEq)]
    struct Clashing {
        map: u8,
        key: Option<u8>,
        object: u8,
        r#type: u8,
    }

    crate::wire::object! {
        Clashing;
        required map = "map";
        optional key = "key";
        required object = "object";
        required r#type = "type";
    }

    /// No members at all.
    #[derive(Debug, PartialEq)]
    struct Empty {}

    crate::wire::object! {
        Empty;
    }

    /// An open tuple as the generator writes it: `prefixItems: [string,
    /// integer, number, [string, null]]`, `minItems: 1`, rest of strings.
    #[derive(Debug, PartialEq)]
    struct Open(
        String,
        Option<i64>,
        Option<f64>,
        Option<String>,
        Vec<String>,
    );

    crate::wire::tuple! {
        Open;
        required 0;
        optional 1;
        optional 2;
        optional_nullable 3;
        ..4;
    }

    /// A tuple without a rest (`items: false`) and a nullable required item.
    #[derive(Debug, PartialEq)]
    struct Closed(Option<u8>, Option<u8>);

    crate::wire::tuple! {
        Closed;
        nullable 0;
        optional 1;
    }

    #[test]
    fn open_tuples_read_short_arrays_and_keep_extra_items() {
        let short: Open = serde_json::from_str(r#"["a"]"#).unwrap();
        assert_eq!(short, Open("a".into(), None, None, None, vec![]));
        let long: Open = serde_json::from_str(r#"["a",1,2.5,null,"x","y"]"#).unwrap();
        assert_eq!(
            long,
            Open(
                "a".into(),
                Some(1),
                Some(2.5),
                None,
                vec!["x".into(), "y".into()]
            )
        );
        assert_eq!(
            serde_json::to_string(&long).unwrap(),
            r#"["a",1,2.5,null,"x","y"]"#
        );
        assert_eq!(serde_json::to_string(&short).unwrap(), r#"["a"]"#);
        let error = serde_json::from_str::<Open>("[]").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("invalid length 0, expected a JSON array (Open)"),
            "{error}"
        );
        let error = serde_json::from_str::<Open>(r#"{"a":1}"#).unwrap_err();
        assert!(
            error.to_string().contains("expected a JSON array (Open)"),
            "{error}"
        );
        let value = serde_json::json!(["a", 1, 2.0, "d", "e"]);
        assert_eq!(
            serde_json::from_value::<Open>(value).unwrap().4,
            ["e".to_owned()]
        );
    }

    #[test]
    fn a_tuple_cannot_skip_a_position() {
        let gap = Open("a".into(), None, Some(1.0), None, vec![]);
        let error = serde_json::to_string(&gap).unwrap_err();
        assert!(
            error.to_string().contains("item 1 of `Open` is `None`"),
            "{error}"
        );
        let rest_after_gap = Open("a".into(), Some(1), Some(2.0), None, vec!["x".into()]);
        assert_eq!(
            serde_json::to_string(&rest_after_gap).unwrap(),
            r#"["a",1,2.0,null,"x"]"#,
            "a nullable item is written null before a later one"
        );
    }

    #[test]
    fn closed_tuples_refuse_extra_items() {
        let value: Closed = serde_json::from_str("[null]").unwrap();
        assert_eq!(value, Closed(None, None));
        assert_eq!(serde_json::to_string(&value).unwrap(), "[null]");
        assert_eq!(
            serde_json::to_string(&Closed(Some(1), Some(2))).unwrap(),
            "[1,2]"
        );
        let error = serde_json::from_str::<Closed>("[1,2,3]").unwrap_err();
        assert!(error.to_string().contains("invalid length 3"), "{error}");
        assert!(serde_json::from_str::<Closed>("[]").is_err());
    }

    /// What the generator relies on for tuples of fixed length: serde reads
    /// a Rust tuple from an array of exactly its length.
    #[test]
    fn rust_tuples_are_arrays_of_their_length() {
        let pair: (String, i64) = serde_json::from_str(r#"["a",1]"#).unwrap();
        assert_eq!(serde_json::to_string(&pair).unwrap(), r#"["a",1]"#);
        assert!(serde_json::from_str::<(String, i64)>(r#"["a"]"#).is_err());
        assert!(serde_json::from_str::<(String, i64)>(r#"["a",1,2]"#).is_err());
        let value = serde_json::json!(["a", 1, 2]);
        assert!(serde_json::from_value::<(String, i64)>(value).is_err());
    }

    #[test]
    fn member_names_cannot_clash_with_the_expansion() {
        let json = r#"{"map":1,"key":2,"object":3,"type":4,"other":5}"#;
        let value: Clashing = serde_json::from_str(json).unwrap();
        assert_eq!(
            value,
            Clashing {
                map: 1,
                key: Some(2),
                object: 3,
                r#type: 4
            }
        );
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"map":1,"key":2,"object":3,"type":4}"#
        );
        let empty: Empty = serde_json::from_str(r#"{"a":1}"#).unwrap();
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
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
