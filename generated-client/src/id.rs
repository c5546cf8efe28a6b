//! Typed ids: [`Id<M>`], a [`Snowflake`] that knows which kind of entity it
//! identifies, so that a user id cannot be passed where a channel id is
//! expected.
//!
//! The kind is a [`Marker`] type parameter. The generated models name one
//! marker per kind of entity the schema annotates (`ChannelMarker`,
//! `UserMarker`, …, each with a `ChannelId`-style alias); a marker is an empty
//! `enum`, never a value, and costs nothing at run time.
//!
//! ```
//! use fluxer_client::Id;
//! use fluxer_client::id::Marker;
//!
//! enum ChannelMarker {}
//! impl Marker for ChannelMarker {
//!     const NAME: &'static str = "channel";
//! }
//! type ChannelId = Id<ChannelMarker>;
//!
//! let id: ChannelId = "1183436478421147648".parse()?;
//! assert_eq!(id, ChannelId::new(1_183_436_478_421_147_648));
//! assert_eq!(id.to_string(), "1183436478421147648");
//! assert_eq!(format!("{id:?}"), "Id<channel>(1183436478421147648)");
//! assert_eq!(serde_json::to_string(&id)?, r#""1183436478421147648""#);
//! assert_eq!(serde_json::from_str::<ChannelId>("1183436478421147648")?, id);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::snowflake::{self, ParseSnowflakeError, Snowflake};
use crate::validate::{Validate, ValidationError};

/// A kind of entity that ids identify: the type parameter of [`Id`].
///
/// A marker is a type with no values (`enum ChannelMarker {}`) that names the
/// kind in [`NAME`](Marker::NAME). The generated models define one per kind
/// the schema's `x-fluxer-id` annotations name (`x-fluxer-id: channel` →
/// `ChannelMarker` with `NAME = "channel"`).
///
/// The trait is **not sealed**, on purpose: the generated code implements
/// it, and so may you, for a kind of entity the schema does not annotate yet
/// or for ids of your own (a test, a cache key). A marker only names a kind;
/// nothing in the client trusts a marker to check anything, so an outside
/// implementation cannot break an invariant.
pub trait Marker {
    /// The kind of entity, in lower case (`"channel"`, `"user"`): shown by
    /// `Debug` (`Id<channel>(123)`) and in parse and decode errors
    /// (`invalid channel id: …`).
    const NAME: &'static str;
}

/// The id of one kind of entity: a [`Snowflake`] whose kind is part of its
/// type, so that ids of different kinds cannot be mixed up.
///
/// - **Free.** Exactly a `u64` in memory (`size_of::<Id<M>>() == 8`); the
///   marker is a zero-sized `PhantomData<fn() -> M>`, so `Id<M>` is `Copy`,
///   `Eq`, `Ord`, `Hash`, `Send` and `Sync` whatever `M` is. Ids order and
///   hash as their numbers.
/// - **On the wire exactly a [`Snowflake`].** Serialised as a decimal string,
///   deserialised from a string of digits or a non-negative integer; errors
///   name the kind (`invalid channel id: negative number -5`).
/// - **Text.** `Display` writes the number, [`FromStr`] reads decimal digits
///   only (as [`Snowflake`] does); `Debug` shows the kind, `Id<channel>(123)`.
/// - **Explicit conversions.** Making an id of a kind is always written out:
///   [`Id::new`] from a `u64`, [`Id::from_snowflake`] from a [`Snowflake`],
///   [`Id::cast`] from an id of another kind. There is deliberately no
///   `From<u64>` or `From<Snowflake>` for `Id<M>`: `.into()` would pick the
///   kind from the context without the reader seeing it, which is exactly
///   the mix-up typed ids exist to prevent. Forgetting the kind loses nothing,
///   so [`Id::get`], [`Id::snowflake`], `u64::from(id)` and
///   `Snowflake::from(id)` are all there.
/// - Fluxer documents no snowflake epoch, so an id tells no creation time.
///
/// An id of one kind is not an id of another:
///
/// ```compile_fail,E0308
/// use fluxer_client::Id;
/// use fluxer_client::id::Marker;
///
/// enum ChannelMarker {}
/// impl Marker for ChannelMarker {
///     const NAME: &'static str = "channel";
/// }
/// enum UserMarker {}
/// impl Marker for UserMarker {
///     const NAME: &'static str = "user";
/// }
///
/// fn create_invite(channel_id: Id<ChannelMarker>) -> u64 {
///     channel_id.get()
/// }
///
/// let user_id: Id<UserMarker> = Id::new(1_183_436_478_421_147_649);
/// create_invite(user_id); // error: expected `Id<ChannelMarker>`, found `Id<UserMarker>`
/// ```
///
/// Unless it is cast explicitly (when the API really uses one entity's id as
/// another's):
///
/// ```
/// # use fluxer_client::Id;
/// # use fluxer_client::id::Marker;
/// # enum ChannelMarker {}
/// # impl Marker for ChannelMarker {
/// #     const NAME: &'static str = "channel";
/// # }
/// # enum UserMarker {}
/// # impl Marker for UserMarker {
/// #     const NAME: &'static str = "user";
/// # }
/// # fn create_invite(channel_id: Id<ChannelMarker>) -> u64 {
/// #     channel_id.get()
/// # }
/// let user_id: Id<UserMarker> = Id::new(1_183_436_478_421_147_649);
/// assert_eq!(create_invite(user_id.cast()), 1_183_436_478_421_147_649);
/// ```
pub struct Id<M> {
    value: Snowflake,
    // `fn() -> M`: no `M` is ever held, so the auto traits (`Send`, `Sync`,
    // `Unpin`, …) never depend on `M`.
    marker: PhantomData<fn() -> M>,
}

impl<M> Id<M> {
    /// The id with this number.
    #[must_use]
    pub const fn new(id: u64) -> Self {
        Self::from_snowflake(Snowflake::new(id))
    }

    /// The id that is this snowflake.
    #[must_use]
    pub const fn from_snowflake(id: Snowflake) -> Self {
        Self {
            value: id,
            marker: PhantomData,
        }
    }

    /// The number.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.value.get()
    }

    /// The same number as a plain [`Snowflake`], which has no kind.
    #[must_use]
    pub const fn snowflake(self) -> Snowflake {
        self.value
    }

    /// The same number as an id of another kind, for the places where the
    /// API uses one entity's id as another's (say, a guild's id as the id of
    /// its default channel).
    #[must_use]
    pub const fn cast<N>(self) -> Id<N> {
        Id::from_snowflake(self.value)
    }
}

impl<M> Clone for Id<M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M> Copy for Id<M> {}

impl<M> PartialEq for Id<M> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<M> Eq for Id<M> {}

impl<M> PartialOrd for Id<M> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<M> Ord for Id<M> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<M> Hash for Id<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<M> fmt::Display for Id<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

impl<M: Marker> fmt::Debug for Id<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id<{}>({})", M::NAME, self.value)
    }
}

impl<M: Marker> FromStr for Id<M> {
    type Err = ParseSnowflakeError;

    /// Parses decimal digits only, as [`Snowflake`] does; the error names the
    /// kind (`invalid channel id: the text is empty`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        snowflake::parse(text, Some(M::NAME)).map(Self::from_snowflake)
    }
}

impl<M> From<Id<M>> for Snowflake {
    fn from(id: Id<M>) -> Self {
        id.value
    }
}

impl<M> From<Id<M>> for u64 {
    fn from(id: Id<M>) -> Self {
        id.get()
    }
}

impl<M> Serialize for Id<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, M: Marker> Deserialize<'de> for Id<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        snowflake::deserialize(deserializer, Some(M::NAME)).map(Self::from_snowflake)
    }
}

impl<M> Validate for Id<M> {
    /// Every `u64` is an id: nothing to check.
    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::hash::{BuildHasher, DefaultHasher, RandomState};

    use super::*;

    enum ChannelMarker {}
    impl Marker for ChannelMarker {
        const NAME: &'static str = "channel";
    }
    type ChannelId = Id<ChannelMarker>;

    enum UserMarker {}
    impl Marker for UserMarker {
        const NAME: &'static str = "user";
    }

    /// A marker that is neither `Send` nor `Sync` nor `Clone`; the id still is.
    #[allow(dead_code)]
    struct Awkward(*const ());
    impl Marker for Awkward {
        const NAME: &'static str = "awkward";
    }

    fn assert_traits<T: Copy + Ord + Hash + Send + Sync + Unpin + 'static>() {}

    #[test]
    fn costs_nothing_over_a_u64() {
        assert_eq!(size_of::<ChannelId>(), 8);
        assert_eq!(align_of::<ChannelId>(), align_of::<u64>());
        assert_eq!(size_of::<Id<Awkward>>(), 8);
        assert_traits::<ChannelId>();
        assert_traits::<Id<Awkward>>();
    }

    #[test]
    fn conversions_are_explicit_and_lossless() {
        const ID: ChannelId = Id::new(u64::MAX);
        assert_eq!(ID.get(), u64::MAX);
        assert_eq!(u64::from(ID), u64::MAX);
        assert_eq!(Snowflake::from(ID), Snowflake::new(u64::MAX));
        assert_eq!(ID.snowflake(), Snowflake::new(u64::MAX));
        assert_eq!(ChannelId::from_snowflake(Snowflake::new(7)), Id::new(7));
        let user: Id<UserMarker> = ID.cast();
        assert_eq!(user.get(), u64::MAX);
        assert_eq!(user.cast::<ChannelMarker>(), ID);
        assert_eq!(ChannelId::new(0).get(), 0);
    }

    #[test]
    fn orders_compares_and_hashes_as_the_number() {
        let ids: BTreeSet<ChannelId> = [3, 1, 2, 1].into_iter().map(Id::new).collect();
        assert_eq!(ids.into_iter().map(Id::get).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(ChannelId::new(1) < ChannelId::new(2));
        assert_eq!(ChannelId::new(1).cmp(&ChannelId::new(1)), Ordering::Equal);
        let hash = |value: &dyn Fn(&mut DefaultHasher)| {
            let mut hasher = DefaultHasher::new();
            value(&mut hasher);
            hasher.finish()
        };
        assert_eq!(
            hash(&|h| ChannelId::new(42).hash(h)),
            hash(&|h| Snowflake::new(42).hash(h))
        );
        let state = RandomState::new();
        assert_eq!(
            state.hash_one(Id::<Awkward>::new(5)),
            state.hash_one(Id::<Awkward>::new(5))
        );
        assert_ne!(
            state.hash_one(Id::<Awkward>::new(5)),
            state.hash_one(Id::<Awkward>::new(6))
        );
    }

    #[test]
    fn displays_parses_and_debugs() {
        let id = ChannelId::new(123);
        assert_eq!(id.to_string(), "123");
        assert_eq!(format!("{id:?}"), "Id<channel>(123)");
        assert_eq!(format!("{:?}", Id::<UserMarker>::new(0)), "Id<user>(0)");
        assert_eq!("123".parse::<ChannelId>(), Ok(id));
        assert_eq!(
            "18446744073709551615".parse::<ChannelId>(),
            Ok(Id::new(u64::MAX))
        );
        for (bad, message) in [
            ("", "invalid channel id: the text is empty"),
            (
                "+1",
                "invalid channel id: only the decimal digits 0-9 are allowed",
            ),
            (
                " 1",
                "invalid channel id: only the decimal digits 0-9 are allowed",
            ),
            (
                "0x10",
                "invalid channel id: only the decimal digits 0-9 are allowed",
            ),
            (
                "18446744073709551616",
                "invalid channel id: the number does not fit in 64 bits",
            ),
        ] {
            let error = bad.parse::<ChannelId>().unwrap_err();
            assert_eq!(error.to_string(), message, "{bad:?}");
            // The same rules as a snowflake's, only the kind differs.
            let plain = bad.parse::<Snowflake>().unwrap_err().to_string();
            assert_eq!(plain.replace("snowflake", "channel id"), message);
        }
    }

    #[test]
    fn travels_exactly_as_a_snowflake() {
        for number in [0, 42, 1_183_436_478_421_147_648, u64::MAX] {
            let id = ChannelId::new(number);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(
                json,
                serde_json::to_string(&Snowflake::new(number)).unwrap()
            );
            assert_eq!(json, format!("\"{number}\""));
            assert_eq!(serde_json::from_str::<ChannelId>(&json).unwrap(), id);
            assert_eq!(
                serde_json::from_str::<ChannelId>(&number.to_string()).unwrap(),
                id
            );
        }
    }

    #[test]
    fn rejects_what_a_snowflake_rejects_naming_the_kind() {
        for json in [
            "-5",
            "\"-5\"",
            "\"abc\"",
            "\"\"",
            "\"18446744073709551616\"",
            "18446744073709551616",
            "1.5",
            "true",
            "null",
            "{}",
        ] {
            let id = serde_json::from_str::<ChannelId>(json)
                .unwrap_err()
                .to_string();
            let plain = serde_json::from_str::<Snowflake>(json)
                .unwrap_err()
                .to_string();
            assert!(
                id.contains("channel id"),
                "{json}: {id} does not name the kind"
            );
            assert_eq!(
                id.replace("snowflake (channel id)", "snowflake")
                    .replace("channel id", "snowflake"),
                plain,
                "{json}"
            );
        }
    }

    #[test]
    fn validates_as_nothing_to_check() {
        assert!(ChannelId::new(u64::MAX).validate().is_ok());
        assert!(Some(ChannelId::new(1)).validate().is_ok());
        assert!(vec![ChannelId::new(1)].validate().is_ok());
    }
}
