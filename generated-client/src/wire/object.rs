//! Structs: the `object!` macro, the [`Object`] trait its expansion
//! implements, and the helpers it calls to read and write members.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A model decoded from a JSON object: the generated code implements
/// `visit` with one `match` arm per member.
pub(crate) trait Object: Sized {
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
        write!(formatter, "a JSON object ({})", model_name::<T>())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// The name of the model `T` (`Invite`), for messages: its type's name
/// without its module path. Read at run time, so each model's expansion
/// spends nothing on it.
pub(crate) fn model_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    name.rsplit("::").next().unwrap_or(name)
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
///     required code;                 // must be sent
///     nullable guild;                // must be sent, may be null: an Option
///     optional max_age;              // may be absent: an Option, left out when None
///     optional_nullable topic;       // may be absent or null: a Nullable, left out when Absent
///     required r#type = "type";      // the member's name when it is not the field's
///     ..extra;                       // the map of the members not listed, if any
/// }
/// ```
///
/// The locals the expansion declares (`map`, `key`, `object`) cannot clash with
/// member names: macro hygiene keeps them apart.
macro_rules! object {
    ($name:ident; $($kind:ident $field:ident $(= $wire:literal)?;)* $(..$extra:ident;)?) => {
        impl ::serde::Serialize for $name {
            #[allow(unused_mut)]
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let mut object = $crate::wire::Writer::begin(serializer)?;
                $($crate::wire::$kind::write(
                    &mut object,
                    $crate::wire::object!(@wire $field $($wire)?),
                    &self.$field,
                );)*
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
            #[allow(clippy::match_single_binding)]
            fn visit<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                $(let mut $extra = ::std::collections::BTreeMap::new();)?
                while let ::std::option::Option::Some(key) = $crate::wire::next_key(&mut map)? {
                    match key.as_str() {
                        $($crate::wire::object!(@wire $field $($wire)?) => {
                            $crate::wire::$kind::read(&mut map, &mut $field)
                        })*
                        _ => $crate::wire::object!(@other map key $($extra)?),
                    }?;
                }
                ::std::result::Result::Ok(Self {
                    $($field: $crate::wire::object!(@take $kind $field $($wire)?),)*
                    $($extra,)?
                })
            }
        }
    };
    (@wire $field:ident $wire:literal) => {
        $wire
    };
    (@wire $field:ident) => {
        stringify!($field)
    };
    (@other $map:ident $key:ident) => {
        $crate::wire::skip(&mut $map)
    };
    (@other $map:ident $key:ident $extra:ident) => {
        $crate::wire::extra(&mut $map, &mut $extra, $key)
    };
    (@take required $field:ident $($wire:literal)?) => {
        match $field {
            ::std::option::Option::Some(value) => value,
            ::std::option::Option::None => {
                return ::std::result::Result::Err(::serde::de::Error::missing_field(
                    $crate::wire::object!(@wire $field $($wire)?),
                ));
            }
        }
    };
    (@take optional_nullable $field:ident $($wire:literal)?) => {
        $field.unwrap_or_default()
    };
    (@take $kind:ident $field:ident $($wire:literal)?) => {
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

/// A member of an `object!` model that may be absent and may be `null`, where
/// the two differ (a request's optional nullable member): a
/// [`Nullable`](crate::Nullable), left out when absent, `null` when null.
pub(crate) mod optional_nullable {
    use super::{Deserialize, MapAccess, Serialize, SerializeMap, Writer};
    use crate::Nullable;

    /// Reads the member's value (`null` is [`Nullable::Null`]) into its slot;
    /// a member that never comes stays absent.
    pub(crate) fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<Nullable<T>>,
    ) -> Result<(), A::Error> {
        *slot = Some(map.next_value()?);
        Ok(())
    }

    /// Writes the member (`null` when null), or nothing when it is absent.
    pub(crate) fn write<M: SerializeMap, T: Serialize>(
        object: &mut Writer<M>,
        name: &str,
        value: &Nullable<T>,
    ) {
        if !value.is_absent() {
            object.member(name, value);
        }
    }
}
