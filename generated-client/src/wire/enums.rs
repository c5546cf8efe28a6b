//! Enums: the `int_enum!` and `string_enum!` macros, which write an enum's
//! conversions from and to its wire value, its `Display` and its serde
//! impls from the list of its values.

use serde::{Deserialize, Deserializer};

/// Writes an integer enum's conversions (`From<i64>`, which keeps values
/// the enum does not know in its fallback variant, and `From<Enum> for
/// i64`), its `Display` (the number) and its `Serialize` and `Deserialize`
/// (the number on the wire), from the list of its values, one per line.
///
/// ```text
/// crate::wire::int_enum! {
///     PermissionOverwriteType;
///     Role = 0;
///     Member = 1;
///     ..Unknown;    // the variant keeping values the enum does not know
/// }
/// ```
macro_rules! int_enum {
    ($name:ident; $($variant:ident = $value:literal;)* ..$fallback:ident;) => {
        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$fallback(other),
                }
            }
        }
        impl ::std::convert::From<$name> for i64 {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => $value,)*
                    $name::$fallback(other) => other,
                }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&i64::from(*self), f)
            }
        }
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

/// Writes a string enum's `as_str` (its wire value), its conversions
/// (`From<String>`, which keeps values the enum does not know in its
/// fallback variant, and `From<Enum> for String`), its `Display` and its
/// `Serialize` and `Deserialize`, from the list of its values, one per line.
///
/// ```text
/// crate::wire::string_enum! {
///     Status;
///     Online = "online";
///     DoNotDisturb = "dnd";
///     ..Unknown;    // the variant keeping values the enum does not know
/// }
/// ```
macro_rules! string_enum {
    ($name:ident; $($variant:ident = $value:literal;)* ..$fallback:ident;) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$fallback(other) => other,
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::$fallback(value),
                }
            }
        }
        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(value: $name) -> Self {
                match value {
                    $name::$fallback(other) => other,
                    known => known.as_str().to_owned(),
                }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
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

/// Decodes a string, for string enums (which keep values they do not know).
pub(crate) fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer)
}

/// Decodes an integer, for integer enums (which keep values they do not know).
pub(crate) fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    i64::deserialize(deserializer)
}
