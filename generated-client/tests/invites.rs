//! Invites as Fluxer sends them, through the client against a server on
//! 127.0.0.1 (wiremock): a guild invite, a group-DM invite (no `guild`,
//! `presence_count` or `max_age`), `inviter: null`, and invite types this
//! client does not know, kept as they came.

use fluxer_client::ids::{ChannelId, GuildId, UserId};
use fluxer_client::models::{
    CreateChannelInviteRequest, GroupDmInvite, GroupDmInviteType, GuildInvite, GuildInviteType,
    Invite,
};
use fluxer_client::{Client, Error, ErrorKind, Timestamp};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GUILD_INVITE: &str = include_str!("fixtures/invite.json");
const GROUP_DM_INVITE: &str = include_str!("fixtures/invite_group_dm.json");
const CHANNEL_ID: ChannelId = ChannelId::new(1_183_436_478_421_147_648);

/// Serves `body` as the answer to creating an invite to [`CHANNEL_ID`], asks
/// for one through the client, and returns what the client made of it.
async fn create_invite_answered_with(body: &str) -> Result<Invite, Error> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/channels/1183436478421147648/invites"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bot_token("invites-test-token")
        .build()
        .expect("the client builds");
    client
        .create_channel_invite(
            CHANNEL_ID,
            &CreateChannelInviteRequest {
                max_uses: 10.into(),
                ..Default::default()
            },
        )
        .await
}

fn guild_invite(invite: Invite) -> GuildInvite {
    match invite {
        Invite::Guild(invite) => invite,
        other => panic!("not a guild invite: {other:?}"),
    }
}

fn group_dm_invite(invite: Invite) -> GroupDmInvite {
    match invite {
        Invite::GroupDm(invite) => invite,
        other => panic!("not a group-DM invite: {other:?}"),
    }
}

fn with(body: &str, change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let mut json: Value = serde_json::from_str(body).unwrap();
    change(json.as_object_mut().unwrap());
    json.to_string()
}

#[tokio::test]
async fn a_guild_invite_has_the_reference_pages_fields() {
    let invite = guild_invite(create_invite_answered_with(GUILD_INVITE).await.unwrap());
    assert_eq!(invite.code, "fxR7kQ2a");
    assert_eq!(invite.r#type, GuildInviteType::Guild);
    // Required on a guild invite, so plain fields rather than `Option`s.
    assert_eq!(invite.guild.name, "Rust Hangout");
    assert_eq!(invite.guild.id, GuildId::new(1_183_436_478_421_147_650));
    assert_eq!(invite.presence_count, 318);
    assert_eq!(invite.max_age, 302_400);
    assert_eq!(invite.member_count, 1542);
    assert_eq!(invite.channel.id, CHANNEL_ID);
    assert_eq!(invite.channel.name.as_deref(), Some("general"));
    assert_eq!((invite.uses, invite.max_uses), (3, 50));
    assert!(!invite.temporary);
    assert_eq!(
        invite.created_at,
        "2024-03-14T15:09:26Z".parse::<Timestamp>().unwrap()
    );
    assert_eq!(
        invite.expires_at,
        Some("2024-03-18T03:09:26Z".parse().unwrap())
    );
    assert_eq!(invite.inviter.unwrap().username, "ferris");
}

#[tokio::test]
async fn a_group_dm_invite_without_max_age_decodes() {
    // As the API sends it: no `guild`, no `presence_count`, no `max_age`.
    let sent: Value = serde_json::from_str(GROUP_DM_INVITE).unwrap();
    for absent in ["guild", "presence_count", "max_age"] {
        assert!(sent.get(absent).is_none(), "the fixture has `{absent}`");
    }

    let invite = group_dm_invite(create_invite_answered_with(GROUP_DM_INVITE).await.unwrap());
    assert_eq!(invite.code, "gdm4Xy9");
    assert_eq!(invite.r#type, GroupDmInviteType::GroupDm);
    assert_eq!(invite.channel.id, ChannelId::new(1_183_436_478_421_147_700));
    assert_eq!(invite.channel.r#type, 3);
    assert_eq!(invite.channel.name, None);
    let recipients: Vec<&str> = invite
        .channel
        .recipients
        .iter()
        .flatten()
        .map(|recipient| recipient.username.as_str())
        .collect();
    assert_eq!(recipients, ["ferris", "corro"]);
    assert_eq!(invite.member_count, 2);
    assert_eq!((invite.uses, invite.max_uses), (0, 0));
    assert!(!invite.temporary);
    assert_eq!(
        invite.created_at,
        "2024-03-14T15:09:26.512Z".parse::<Timestamp>().unwrap()
    );
    assert_eq!(invite.expires_at, None);
    let inviter = invite.inviter.as_ref().unwrap();
    assert_eq!(inviter.id, UserId::new(1_183_436_478_421_147_651));
    assert_eq!(inviter.global_name, None);

    // Encoded again, it reads back the same, still without the guild's fields.
    let encoded = serde_json::to_value(&invite).unwrap();
    for absent in ["guild", "presence_count", "max_age"] {
        assert!(encoded.get(absent).is_none(), "encoded with `{absent}`");
    }
    let again: Invite = serde_json::from_value(encoded).unwrap();
    assert_eq!(again, Invite::GroupDm(invite));
}

#[tokio::test]
async fn a_group_dm_invite_with_guild_fields_ignores_them() {
    // Responses are read liberally: members a group-DM invite does not have
    // are ignored like any unknown member, they do not make it a guild invite.
    let body = with(GROUP_DM_INVITE, |invite| {
        invite.insert("max_age".to_owned(), json!(86_400));
        invite.insert("presence_count".to_owned(), json!(1));
    });
    let invite = group_dm_invite(create_invite_answered_with(&body).await.unwrap());
    assert_eq!(invite.code, "gdm4Xy9");
}

#[tokio::test]
async fn an_inviter_of_null_is_none_on_both_kinds() {
    let guild = with(GUILD_INVITE, |invite| {
        invite.insert("inviter".to_owned(), Value::Null);
    });
    let invite = guild_invite(create_invite_answered_with(&guild).await.unwrap());
    assert_eq!(invite.inviter, None);
    assert_eq!(invite.guild.name, "Rust Hangout");

    let group_dm = with(GROUP_DM_INVITE, |invite| {
        invite.insert("inviter".to_owned(), Value::Null);
    });
    let invite = group_dm_invite(create_invite_answered_with(&group_dm).await.unwrap());
    assert_eq!(invite.inviter, None);

    // Absent is the same as null.
    let absent = with(GROUP_DM_INVITE, |invite| {
        invite.remove("inviter");
        invite.remove("expires_at");
    });
    let invite = group_dm_invite(create_invite_answered_with(&absent).await.unwrap());
    assert_eq!((invite.inviter, invite.expires_at), (None, None));
}

#[tokio::test]
async fn unknown_invite_types_are_kept_as_they_came() {
    // Pack invites (types 2 and 3) have a `pack` and no `channel`; a type
    // from the future may have anything.
    let emoji_pack = json!({
        "code": "emj5Pk2",
        "type": 2,
        "pack": {
            "id": "1183436478421147800",
            "name": "Crabs",
            "description": null,
            "emojis": [{"id": "1183436478421147801", "name": "ferris"}]
        },
        "inviter": null,
        "created_at": "2024-03-14T15:09:26Z",
        "uses": 0,
        "max_uses": 0,
        "expires_at": null,
        "brand_new_member": {"nested": [1, 2, 3]}
    });
    let sticker_pack = json!({
        "code": "stk9Pk1",
        "type": 3,
        "pack": {"id": "1183436478421147900", "name": "Ferris stickers"}
    });
    let from_the_future = json!({
        "code": "fut0re",
        "type": 4_000_000_000_u64,
        "channel": "not even an object",
        "guild": 7
    });
    for sent in [emoji_pack, sticker_pack, from_the_future] {
        let invite = create_invite_answered_with(&sent.to_string())
            .await
            .unwrap_or_else(|error| panic!("{sent}: {error}"));
        let Invite::Unknown(kept) = &invite else {
            panic!("{sent} decoded as {invite:?}")
        };
        assert_eq!(*kept, sent, "not kept as it came");
        // And sent on as it came.
        assert_eq!(serde_json::to_value(&invite).unwrap(), sent);
    }
}

#[tokio::test]
async fn a_known_type_without_its_required_fields_is_a_decode_error() {
    // Type 0 promises the reference page's fields: a guild invite without a
    // `guild` is not one, and not an unknown kind either.
    let no_guild = with(GUILD_INVITE, |invite| {
        invite.remove("guild");
    });
    // A group-DM invite without its channel.
    let no_channel = with(GROUP_DM_INVITE, |invite| {
        invite.remove("channel");
    });
    for (body, missing) in [(no_guild, "guild"), (no_channel, "channel")] {
        let error = create_invite_answered_with(&body).await.unwrap_err();
        let ErrorKind::Decode {
            status, message, ..
        } = error.kind()
        else {
            panic!("{error:?}")
        };
        assert_eq!(*status, 200);
        assert!(
            message.contains(&format!("missing field `{missing}`")),
            "{message}"
        );
    }
}

#[tokio::test]
async fn a_body_without_a_type_is_a_decode_error_not_an_unknown_kind() {
    // Only an object with a tag this client does not know is an unknown kind;
    // an object without `type`, a non-object or an empty body is no invite.
    for body in ["{}", r#"{"code": "x"}"#, "[]", "null", ""] {
        let error = create_invite_answered_with(body).await.unwrap_err();
        let ErrorKind::Decode { message, .. } = error.kind() else {
            panic!("{body:?}: {error:?}")
        };
        assert!(
            message.contains("expected an object with a `type` member"),
            "{body:?}: {message}"
        );
    }
}

#[tokio::test]
async fn a_decode_error_inside_a_kind_names_the_member() {
    let bad_guild_id = with(GUILD_INVITE, |invite| {
        invite["guild"]["id"] = json!(true);
    });
    let error = create_invite_answered_with(&bad_guild_id)
        .await
        .unwrap_err();
    let ErrorKind::Decode { path, message, .. } = error.kind() else {
        panic!("{error:?}")
    };
    // The path goes on inside the union's member; the message is the cause.
    assert_eq!(path, "guild.id");
    assert!(message.starts_with("invalid type: boolean"), "{message}");
    assert!(
        error.to_string().contains("guild.id"),
        "the error says where: {error}"
    );
}

#[test]
fn a_bot_matches_on_the_kind() {
    // What the README shows, on the three kinds.
    fn describe(invite: &Invite) -> String {
        match invite {
            Invite::Guild(invite) => format!(
                "{} to {} ({} online), for {} s",
                invite.code, invite.guild.name, invite.presence_count, invite.max_age
            ),
            Invite::GroupDm(invite) => {
                format!("{} to a group DM of {}", invite.code, invite.member_count)
            }
            Invite::Unknown(json) => format!("an invite of type {}", json["type"]),
            _ => "a kind this bot was written before".to_owned(),
        }
    }
    let guild: Invite = serde_json::from_str(GUILD_INVITE).unwrap();
    assert_eq!(
        describe(&guild),
        "fxR7kQ2a to Rust Hangout (318 online), for 302400 s"
    );
    let group_dm: Invite = serde_json::from_str(GROUP_DM_INVITE).unwrap();
    assert_eq!(describe(&group_dm), "gdm4Xy9 to a group DM of 2");
    let pack: Invite = serde_json::from_value(json!({"type": 2, "code": "x"})).unwrap();
    assert_eq!(describe(&pack), "an invite of type 2");
}
