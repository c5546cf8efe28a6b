//! Typed ids used from outside the crate, as a bot (or the generated models)
//! would: markers of its own, ids in its own types, on the wire as
//! snowflakes. Runs in models-only builds too.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, RandomState};

use fluxer_client::id::Marker;
use fluxer_client::{Id, Snowflake, Validate};
use serde::{Deserialize, Serialize};
use serde_json::json;

enum ChannelMarker {}
impl Marker for ChannelMarker {
    const NAME: &'static str = "channel";
}
type ChannelId = Id<ChannelMarker>;

enum UserMarker {}
impl Marker for UserMarker {
    const NAME: &'static str = "user";
}
type UserId = Id<UserMarker>;

/// A type of the bot's own, holding ids of two kinds.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Seen {
    channel_id: ChannelId,
    author_id: UserId,
    mentions: Vec<UserId>,
    reply_to: Option<ChannelId>,
}

#[test]
fn ids_decode_from_strings_or_integers_and_encode_as_strings() {
    let seen: Seen = serde_json::from_value(json!({
        "channel_id": "1183436478421147650",
        "author_id": 1_183_436_478_421_147_649_u64,
        "mentions": ["1", 2, "18446744073709551615"],
        "reply_to": null,
    }))
    .unwrap();
    assert_eq!(seen.channel_id, ChannelId::new(1_183_436_478_421_147_650));
    assert_eq!(seen.author_id.get(), 1_183_436_478_421_147_649);
    assert_eq!(
        seen.mentions,
        [UserId::new(1), UserId::new(2), UserId::new(u64::MAX)]
    );
    assert_eq!(
        serde_json::to_value(&seen).unwrap(),
        json!({
            "channel_id": "1183436478421147650",
            "author_id": "1183436478421147649",
            "mentions": ["1", "2", "18446744073709551615"],
            "reply_to": null,
        })
    );
}

#[test]
fn a_bad_id_is_an_error_naming_the_field_and_the_kind() {
    let text = r#"{"channel_id": "1", "author_id": "-4", "mentions": []}"#;
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let error = serde_path_to_error::deserialize::<_, Seen>(deserializer).unwrap_err();
    assert_eq!(error.path().to_string(), "author_id");
    assert!(
        error
            .inner()
            .to_string()
            .starts_with("invalid user id: only the decimal digits 0-9 are allowed, got \"-4\""),
        "{error}"
    );
    let error = "12a".parse::<ChannelId>().unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid channel id: only the decimal digits 0-9 are allowed"
    );
}

#[test]
fn ids_are_keys_and_values_like_numbers() {
    // Hashed as the number (a hash map key as good as a `u64`).
    let state = RandomState::new();
    let parsed: ChannelId = "2".parse().unwrap();
    assert_eq!(state.hash_one(parsed), state.hash_one(ChannelId::new(2)));
    assert_eq!(state.hash_one(parsed), state.hash_one(2_u64));

    let ordered: BTreeMap<UserId, u32> = [(UserId::new(9), 1), (UserId::new(3), 2)].into();
    let keys: Vec<String> = ordered.keys().map(ToString::to_string).collect();
    assert_eq!(keys, ["3", "9"]);

    // Copy: used after being passed by value.
    let id = ChannelId::new(5);
    let copy = id;
    assert_eq!(id, copy);
    assert_eq!(format!("{id} {id:?}"), "5 Id<channel>(5)");
}

#[test]
fn conversions_are_spelled_out() {
    let snowflake = Snowflake::new(1_183_436_478_421_147_648);
    let channel = ChannelId::from_snowflake(snowflake);
    assert_eq!(Snowflake::from(channel), snowflake);
    assert_eq!(channel.snowflake(), snowflake);
    assert_eq!(u64::from(channel), snowflake.get());
    // Another kind only through `cast`.
    let as_user: UserId = channel.cast();
    assert_eq!(as_user.get(), channel.get());
    assert_eq!(format!("{as_user:?}"), "Id<user>(1183436478421147648)");
}

#[test]
fn ids_are_free_and_thread_safe() {
    fn shareable<T: Send + Sync + Copy + 'static>() {}
    shareable::<ChannelId>();
    assert_eq!(size_of::<ChannelId>(), size_of::<u64>());
    assert_eq!(size_of::<[UserId; 4]>(), 32);
}

#[test]
fn ids_validate_like_every_generated_member() {
    assert!(ChannelId::new(0).validate().is_ok());
    assert!(vec![UserId::new(1), UserId::new(2)].validate().is_ok());
    assert!(Some(ChannelId::new(3)).validate().is_ok());
}
