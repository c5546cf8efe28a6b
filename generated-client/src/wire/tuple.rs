//! Tuple structs: the `tuple!` macro, the [`Tuple`] trait its expansion
//! implements, and the reader and writer of their items.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};

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
