//! Unions: the `tagged_union!` and `untagged_union!` macros, and how a
//! failure inside a tagged union's member keeps its path.
//!
//! A union is decoded from a `serde_json::Value` read once (the tag may
//! come after the other members), so serde's path of a failure stops at the
//! union. [`member`] decodes the member with its own path and records the
//! rest of the path; the client's decoder joins the two
//! ([`take_member_failure`]), so an error names `channel.id`, not `.`.

use std::cell::RefCell;

/// Writes a tagged union's `Serialize` (the variant's value as it is) and
/// `Deserialize` (the variant whose tag values hold the value of the tag
/// member; any other tag is kept in the fallback variant, as it came).
///
/// ```text
/// crate::wire::tagged_union! {
///     Invite by "type": i64;    // the tag member, and `i64` or `str`
///     Guild = 0;
///     GroupDm = 1 | 5;          // a variant may have several tag values
///     ..Unknown;                // keeps members with another tag
/// }
/// ```
macro_rules! tagged_union {
    (
        $name:ident by $tag:literal: i64;
        $($variant:ident = $($value:literal)|+;)*
        ..$fallback:ident;
    ) => {
        $crate::wire::tagged_union!(
            @impl $name by $tag: ::serde_json::Value::as_i64;
            $($variant = $($value)|+;)* ..$fallback;
        );
    };
    (
        $name:ident by $tag:literal: str;
        $($variant:ident = $($value:literal)|+;)*
        ..$fallback:ident;
    ) => {
        $crate::wire::tagged_union!(
            @impl $name by $tag: ::serde_json::Value::as_str;
            $($variant = $($value)|+;)* ..$fallback;
        );
    };
    (
        @impl $name:ident by $tag:literal: $read:path;
        $($variant:ident = $($value:literal)|+;)*
        ..$fallback:ident;
    ) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                    Self::$fallback(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let ::std::option::Option::Some(tag) = value.get($tag) else {
                    return ::std::result::Result::Err($crate::wire::missing_tag($tag));
                };
                match $read(tag) {
                    $(::std::option::Option::Some($($value)|+) => {
                        $crate::wire::member(value).map(Self::$variant)
                    })*
                    _ => ::std::result::Result::Ok(Self::$fallback(value)),
                }
            }
        }
    };
}
pub(crate) use tagged_union;

/// Writes an untagged union's `Serialize` (the variant's value as it is)
/// and `Deserialize`: the variants are tried in the order listed, each only
/// when the value passes its guards (the constraints that tell it apart:
/// a `pattern`, `format: uuid`, the values of an enum, on the value itself
/// (`.`) or on one of its members). The first variant that decodes and,
/// written back, gives the whole value is taken; when none keeps all of it,
/// the one that keeps the most of its members is (the first of those), so a
/// value is never read as a variant that drops members another one knows.
/// When no variant passes its guards and decodes, they are tried again
/// without guards.
///
/// ```text
/// crate::wire::untagged_union! {
///     Network;
///     V4 if (. ~ "^[0-9.]+/[0-9]+$");   // guards, all of which must pass
///     Id if ("id" uuid);                 // a member's guard
///     Kind if (. in "a" | "b");
///     Other;                             // no guard
/// }
/// ```
macro_rules! untagged_union {
    ($name:ident; $($variant:ident $(if $(($($guard:tt)*))+)?;)*) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let mut best: ::std::option::Option<(Self, usize)> = ::std::option::Option::None;
                // First with the guards; when no variant passes them and
                // decodes, without (responses liberal: a value the schema
                // did not foresee is still read).
                for guarded in [true, false] {
                    $(
                        if !guarded || (true $($(&& $crate::wire::union_guard!(&value; $($guard)*))+)?) {
                            if let ::std::result::Result::Ok(member) =
                                ::serde::Deserialize::deserialize(&value)
                            {
                                let candidate = Self::$variant(member);
                                match $crate::wire::kept(&value, &candidate) {
                                    $crate::wire::Kept::All => {
                                        $crate::wire::forget_member_failure();
                                        return ::std::result::Result::Ok(candidate);
                                    }
                                    $crate::wire::Kept::Members(kept) => {
                                        if best.as_ref().is_none_or(|(_, most)| kept > *most) {
                                            best = ::std::option::Option::Some((candidate, kept));
                                        }
                                    }
                                }
                            }
                        }
                    )*
                    if best.is_some() {
                        break;
                    }
                }
                // The failure is the union's own, at its own path.
                $crate::wire::forget_member_failure();
                match best {
                    ::std::option::Option::Some((candidate, _)) => {
                        ::std::result::Result::Ok(candidate)
                    }
                    ::std::option::Option::None => {
                        ::std::result::Result::Err($crate::wire::no_variant::<Self, D::Error>())
                    }
                }
            }
        }
    };
}
pub(crate) use untagged_union;

/// One guard of an [`untagged_union!`] variant on a JSON value: `. ~
/// "pattern"`, `. uuid`, `. in "a" | "b"`, or the same on a member
/// (`"id" uuid`). A member that is absent or `null`, or a value that is not
/// text, passes (decoding decides about it).
macro_rules! union_guard {
    ($value:expr; . $($check:tt)*) => {
        $crate::wire::union_guard!(@check ::std::option::Option::Some($value); $($check)*)
    };
    ($value:expr; $member:literal $($check:tt)*) => {
        $crate::wire::union_guard!(@check $value.get($member); $($check)*)
    };
    (@check $text:expr; ~ $pattern:literal) => {{
        static PATTERN: $crate::Pattern = $crate::Pattern::new($pattern);
        $crate::wire::text_passes($text, |text| PATTERN.is_match(text))
    }};
    (@check $text:expr; uuid) => {
        $crate::wire::text_passes($text, $crate::wire::is_uuid)
    };
    (@check $text:expr; in $($allowed:literal)|+) => {
        $crate::wire::text_passes($text, |text| matches!(text, $($allowed)|+))
    };
}
pub(crate) use union_guard;

/// Whether `value` passes `check`: it does when it is absent, or not text.
pub(crate) fn text_passes(
    value: Option<&serde_json::Value>,
    check: impl FnOnce(&str) -> bool,
) -> bool {
    match value {
        Some(serde_json::Value::String(text)) => check(text),
        _ => true,
    }
}

/// Whether `text` is a UUID as RFC 9562 writes one (`8-4-4-4-12` hex
/// digits, either case).
pub(crate) fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// How much of a JSON value a decoded variant keeps, written back.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Kept {
    /// All of it.
    All,
    /// Not all: how many of an object's members come back as they were (for
    /// anything else, none).
    Members(usize),
}

/// How much of `value` `decoded` keeps (see [`Kept`]).
pub(crate) fn kept(value: &serde_json::Value, decoded: &impl serde::Serialize) -> Kept {
    let Ok(written) = serde_json::to_value(decoded) else {
        return Kept::Members(0);
    };
    if same(value, &written) {
        return Kept::All;
    }
    match (value, &written) {
        (serde_json::Value::Object(members), serde_json::Value::Object(back)) => Kept::Members(
            members
                .iter()
                .filter(|(key, member)| back.get(*key).is_some_and(|back| same(member, back)))
                .count(),
        ),
        _ => Kept::Members(0),
    }
}

/// Whether two JSON values are the same, numbers compared by value (`1` and
/// `1.0` are the same number written back by an `f64`).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => {
            a == b || a.as_f64().is_some_and(|a| b.as_f64() == Some(a))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| same(a, b)))
        }
        _ => a == b,
    }
}

/// The error for a tagged union's value without its tag member.
pub(crate) fn missing_tag<E: serde::de::Error>(tag: &str) -> E {
    E::custom(format_args!("expected an object with a `{tag}` member"))
}

/// The error for an untagged union `U`'s value that none of its variants
/// decodes.
pub(crate) fn no_variant<U, E: serde::de::Error>() -> E {
    E::custom(format_args!(
        "the value matches none of the forms of `{}`",
        super::model_name::<U>()
    ))
}

/// Where decoding a tagged union's member failed, below the union.
struct MemberFailure {
    /// The message [`member`] failed with (the path, then the cause).
    message: String,
    /// The path inside the member (`channel.id`).
    path: String,
    /// The cause, without the path.
    cause: String,
}

thread_local! {
    /// The last failure of a tagged union's member on this thread, until a
    /// union completes another way. Decoding is synchronous, so the client's
    /// decoder reads it on the thread that failed.
    static MEMBER_FAILURE: RefCell<Option<MemberFailure>> = const { RefCell::new(None) };
}

/// Decodes a tagged union's member from the value its tag chose. A failure
/// keeps the path inside the member in its message (`guild.id: invalid type
/// …`) and is recorded for [`take_member_failure`].
pub(crate) fn member<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: serde_json::Value,
) -> Result<T, E> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let mut path = error.path().to_string();
        let mut cause = error.into_inner().to_string();
        // A tagged union inside this member failed: its path continues ours.
        if let Some((inner, inner_cause)) = take_member_failure(&cause) {
            path = join_paths(&path, &inner);
            cause = inner_cause;
        }
        let message = if path == "." {
            cause.clone()
        } else {
            format!("{path}: {cause}")
        };
        MEMBER_FAILURE.with(|failure| {
            *failure.borrow_mut() = Some(MemberFailure {
                message: message.clone(),
                path,
                cause,
            });
        });
        E::custom(message)
    })
}

/// Forgets the recorded failure: an untagged union that completed (either
/// way) swallowed the failures of the members it tried.
pub(crate) fn forget_member_failure() {
    MEMBER_FAILURE.with(|failure| failure.borrow_mut().take());
}

/// The path inside a tagged union's member and the cause of the failure
/// whose message `text` is (or begins with, as `serde_json` adds the line
/// and column), if [`member`] recorded it; forgets it either way.
pub(crate) fn take_member_failure(text: &str) -> Option<(String, String)> {
    let failure = MEMBER_FAILURE.with(|failure| failure.borrow_mut().take())?;
    text.starts_with(&failure.message)
        .then_some((failure.path, failure.cause))
}

/// `outer` then `inner`, both as `serde_path_to_error` writes paths (`.`
/// for none, `a.b[0]`).
pub(crate) fn join_paths(outer: &str, inner: &str) -> String {
    match (outer, inner) {
        (".", _) => inner.to_owned(),
        (_, ".") => outer.to_owned(),
        (_, inner) if inner.starts_with('[') => format!("{outer}{inner}"),
        _ => format!("{outer}.{inner}"),
    }
}
