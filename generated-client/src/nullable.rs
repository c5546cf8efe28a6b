//! [`Nullable`]: a request member that may be absent, `null` or a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::validate::{Validate, ValidationError};

/// A member of a request that is both optional and nullable, where leaving
/// it out and sending `null` mean different things: on an update route,
/// absent leaves the field as it is, `null` clears it, and a value sets it.
///
/// Generated models use it only for such members of the types they send;
/// members that are only optional or only nullable, and every member of a
/// type only received, stay `Option`s (there absent and `null` mean the same).
///
/// `Default` is [`Nullable::Absent`], so `..Default::default()` leaves every
/// member out. A value converts with `into()`: `10.into()` and `Some(10).into()`
/// are [`Nullable::Value`]. **`None.into()` is [`Nullable::Absent`]**, as a
/// `None` of an `Option` member always was (left out): clearing a field is
/// never done by accident, only by writing [`Nullable::Null`].
///
/// ```
/// use fluxer_client::Nullable;
///
/// let max_uses: Nullable<u32> = 10.into();
/// assert_eq!(max_uses, Nullable::Value(10));
/// assert_eq!(Nullable::<u32>::from(None), Nullable::Absent);
/// assert_eq!(serde_json::to_string(&Nullable::<u32>::Null).unwrap(), "null");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Nullable<T> {
    /// Left out of the request: the server keeps what it has.
    #[default]
    Absent,
    /// Sent as `null`: the server clears the field.
    Null,
    /// Sent as the value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, if there is one (`None` when absent or `null`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one, taking it out.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Whether the member is left out of the request.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the member is sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// A reference to the value, in the same state.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// The value changed by `f`, in the same state.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    /// A value: [`Nullable::Value`].
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some` is [`Nullable::Value`]; `None` is [`Nullable::Absent`] (left out,
    /// as a `None` member is), never `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Absent, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// The value, or `null`. A model leaves an absent member out; anywhere
    /// else, absent is written `null` too, the only other way to say "no value".
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// `null` is [`Nullable::Null`], anything else the value. A model reads a
    /// member that is not there as [`Nullable::Absent`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Nullable::Null, Nullable::Value))
    }
}

impl<T: Validate> Validate for Nullable<T> {
    /// Checks the value; absent and `null` have nothing to check.
    fn validate(&self) -> Result<(), ValidationError> {
        self.value().map_or(Ok(()), Validate::validate)
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[test]
    fn conversions_read_like_the_option_they_replace() {
        let value: Nullable<u32> = 10.into();
        assert_eq!(value, Nullable::Value(10));
        let some: Nullable<u32> = Some(10).into();
        assert_eq!(some, Nullable::Value(10));
        let none: Nullable<u32> = None.into();
        assert_eq!(none, Nullable::Absent);
        let text: Nullable<String> = String::from("topic").into();
        assert_eq!(text.value().map(String::as_str), Some("topic"));
    }

    #[test]
    fn null_and_values_decode_and_encode() {
        let null: Nullable<u32> = serde_json::from_str("null").unwrap();
        assert!(null.is_null());
        let value: Nullable<u32> = serde_json::from_str("7").unwrap();
        assert_eq!(value.into_value(), Some(7));
        assert_eq!(serde_json::to_string(&Nullable::Value(7)).unwrap(), "7");
        assert_eq!(
            serde_json::to_string(&Nullable::<u32>::Null).unwrap(),
            "null"
        );
    }
}
