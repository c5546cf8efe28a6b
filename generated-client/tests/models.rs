//! Decoding and encoding of the generated models against the API's examples.

use fluxer_client::ids::{ChannelId, GuildId, UserId};
use fluxer_client::models::{
    Channel, CreateChannelInviteRequest, CreateDmRequest, CreateGroupDmRequest,
    CreatePrivateChannelRequest, ErrorResponse, GroupDmInvite, GroupDmInviteType, GuildInvite,
    GuildInviteType, Invite, PermissionOverwriteType, RateLimitErrorResponse,
};
use fluxer_client::{Constraint, Snowflake, Timestamp, Validate};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

const INVITE: &str = include_str!("fixtures/invite.json");
const INVITE_PLACEHOLDER: &str = include_str!("fixtures/invite_placeholder.json");
const INVITE_GROUP_DM: &str = include_str!("fixtures/invite_group_dm.json");
const CHANNEL: &str = include_str!("fixtures/channel.json");
const CHANNEL_PLACEHOLDER: &str = include_str!("fixtures/channel_placeholder.json");
const ERROR_BODY: &str = include_str!("fixtures/error_invalid_form_body.json");

/// Decodes with the field path in the error, as the client does.
fn decode<T: DeserializeOwned>(json: &str) -> Result<T, (String, String)> {
    let deserializer = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(deserializer)
        .map_err(|error| (error.path().to_string(), error.inner().to_string()))
}

fn round_trips<T: DeserializeOwned + serde::Serialize>(json: &str) -> T {
    let value: T = decode(json).unwrap_or_else(|e| panic!("decode failed at {}: {}", e.0, e.1));
    let original: Value = serde_json::from_str(json).unwrap();
    let encoded = serde_json::to_value(&value).unwrap();
    assert_eq!(encoded, original, "re-encoding changed the document");
    value
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

#[test]
fn invite_example_round_trips() {
    let invite = guild_invite(round_trips(INVITE));
    assert_eq!(invite, round_trips::<GuildInvite>(INVITE));
    assert_eq!(invite.code, "fxR7kQ2a");
    assert_eq!(invite.r#type, GuildInviteType::Guild);
    let guild = &invite.guild;
    assert_eq!(guild.id, GuildId::new(1_183_436_478_421_147_650));
    assert_eq!(guild.features, ["INVITE_SPLASH", "BANNER"]);
    assert_eq!(guild.banner_width, Some(1920));
    assert_eq!(invite.channel.id, ChannelId::new(1_183_436_478_421_147_648));
    assert_eq!(
        invite.channel.recipients.as_ref().unwrap()[0].username,
        "ferris"
    );
    assert_eq!(invite.presence_count, 318);
    assert_eq!(invite.max_age, 302_400);
    assert_eq!(
        invite.created_at,
        "2024-03-14T15:09:26Z".parse::<Timestamp>().unwrap()
    );
    let inviter = invite.inviter.as_ref().unwrap();
    assert_eq!(inviter.global_name.as_deref(), Some("Ferris the Crab"));
    assert_eq!(inviter.bot, Some(false));
    assert!(invite.expires_at.is_some());
}

#[test]
fn channel_example_round_trips() {
    let channel: Channel = round_trips(CHANNEL);
    assert_eq!(channel.id, ChannelId::new(1_183_436_478_421_147_700));
    assert_eq!(channel.r#type, 3);
    assert_eq!(
        channel.owner_id,
        Some(UserId::new(1_183_436_478_421_147_651))
    );
    let overwrite = &channel.permission_overwrites.as_ref().unwrap()[0];
    assert_eq!(overwrite.r#type, PermissionOverwriteType::Role);
    assert_eq!(overwrite.allow, "1024");
    let recipient = &channel.recipients.as_ref().unwrap()[0];
    assert_eq!(recipient.username, "corro");
    assert_eq!(recipient.avatar_color, Some(16_750_848));
    assert_eq!(
        channel
            .nicks
            .as_ref()
            .unwrap()
            .get("1183436478421147652")
            .map(String::as_str),
        Some("Corro")
    );
    assert_eq!(
        channel.last_pin_timestamp,
        Some("2024-03-14T16:20:00Z".parse().unwrap())
    );
}

#[test]
fn placeholder_examples_fail_naming_the_field() {
    let (path, message) = decode::<GuildInvite>(INVITE_PLACEHOLDER).unwrap_err();
    assert_eq!(path, "guild.id");
    // A typed id's message names its kind.
    assert!(message.contains("invalid guild id"), "{message}");
    // Through the `Invite` union (tagged `type: 0`) the member's message is
    // kept; its path is not, the member being decoded from a buffered value.
    let (_, message) = decode::<Invite>(INVITE_PLACEHOLDER).unwrap_err();
    assert!(message.contains("invalid guild id"), "{message}");

    let (path, message) = decode::<Channel>(CHANNEL_PLACEHOLDER).unwrap_err();
    assert_eq!(path, "id");
    assert!(message.contains("\"<string>\""), "{message}");
}

#[test]
fn placeholder_examples_fail_deeper_once_ids_are_fixed() {
    // With the ids fixed, the next placeholder the decoder meets is named.
    let mut invite: Value = serde_json::from_str(INVITE_PLACEHOLDER).unwrap();
    invite["guild"]["id"] = json!("1");
    let (path, _) = decode::<GuildInvite>(&invite.to_string()).unwrap_err();
    assert_eq!(path, "channel.id");
    invite["channel"]["id"] = json!("2");
    let (path, _) = decode::<GuildInvite>(&invite.to_string()).unwrap_err();
    assert_eq!(path, "inviter.id");

    let mut channel: Value = serde_json::from_str(CHANNEL_PLACEHOLDER).unwrap();
    for field in ["id", "guild_id", "owner_id", "parent_id", "last_message_id"] {
        channel[field] = json!("3");
    }
    let (path, _) = decode::<Channel>(&channel.to_string()).unwrap_err();
    assert_eq!(path, "permission_overwrites[0].id");
}

#[test]
fn group_dm_invite_decodes() {
    let invite = group_dm_invite(decode(INVITE_GROUP_DM).unwrap());
    assert_eq!(invite, decode::<GroupDmInvite>(INVITE_GROUP_DM).unwrap());
    assert_eq!(invite.r#type, GroupDmInviteType::GroupDm);
    assert_eq!(invite.channel.r#type, 3);
    assert_eq!(invite.channel.name, None);
    let names: Vec<&str> = invite
        .channel
        .recipients
        .iter()
        .flatten()
        .map(|r| r.username.as_str())
        .collect();
    assert_eq!(names, ["ferris", "corro"]);
    assert_eq!(invite.expires_at, None);
    let inviter = invite.inviter.unwrap();
    assert_eq!(inviter.global_name, None);
    assert_eq!(inviter.bot, None);
    assert_eq!(
        invite.created_at,
        "2024-03-14T15:09:26.512Z".parse::<Timestamp>().unwrap()
    );
}

#[test]
fn unknown_invite_type_is_kept() {
    let mut json: Value = serde_json::from_str(INVITE_GROUP_DM).unwrap();
    json["type"] = json!(7);
    json["brand_new_field"] = json!({"nested": [1, 2, 3]});
    let invite: Invite = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(invite, Invite::Unknown(json.clone()));
    assert_eq!(serde_json::to_value(&invite).unwrap(), json);

    // The tag values of the known kinds.
    assert_eq!(GuildInviteType::from(0), GuildInviteType::Guild);
    assert_eq!(GroupDmInviteType::from(1), GroupDmInviteType::GroupDm);
    assert_eq!(i64::from(GroupDmInviteType::GroupDm), 1);
    assert_eq!(GuildInviteType::from(7), GuildInviteType::Unknown(7));
}

#[test]
fn invite_kinds_encode_as_they_decode() {
    let guild: Invite = decode(INVITE).unwrap();
    let encoded = serde_json::to_value(&guild).unwrap();
    assert_eq!(encoded["type"], json!(0));
    assert_eq!(serde_json::from_value::<Invite>(encoded).unwrap(), guild);
    let group_dm: Invite = decode(INVITE_GROUP_DM).unwrap();
    let encoded = serde_json::to_value(&group_dm).unwrap();
    assert_eq!(encoded["type"], json!(1));
    assert!(encoded.get("max_age").is_none());
    assert_eq!(serde_json::from_value::<Invite>(encoded).unwrap(), group_dm);
}

#[test]
fn unknown_fields_are_ignored() {
    let mut json: Value = serde_json::from_str(INVITE).unwrap();
    json["brand_new_field"] = json!({"nested": [1, 2, 3]});
    json["guild"]["vanity_url_code"] = json!("rust");
    json["inviter"]["pronouns"] = json!("it/its");
    let invite = guild_invite(serde_json::from_value(json).unwrap());
    assert_eq!(invite.code, "fxR7kQ2a");
}

#[test]
fn snowflakes_as_integers_decode() {
    let mut json: Value = serde_json::from_str(CHANNEL).unwrap();
    json["id"] = json!(1_183_436_478_421_147_700_u64);
    json["recipients"][0]["id"] = json!(u64::MAX);
    let channel: Channel = serde_json::from_value(json).unwrap();
    assert_eq!(channel.id, ChannelId::new(1_183_436_478_421_147_700));
    assert_eq!(channel.recipients.unwrap()[0].id, UserId::new(u64::MAX));
    // Encoding always uses strings.
    assert_eq!(serde_json::to_value(Snowflake::new(5)).unwrap(), json!("5"));
}

#[test]
fn bad_snowflakes_are_rejected_with_a_path() {
    for bad in [
        json!(-1),
        json!("12a"),
        json!("18446744073709551616"),
        json!(1.5),
    ] {
        let mut json: Value = serde_json::from_str(CHANNEL).unwrap();
        json["owner_id"] = bad.clone();
        let (path, message) = decode::<Channel>(&json.to_string()).unwrap_err();
        assert_eq!(path, "owner_id", "{bad}");
        assert!(message.contains("invalid user id"), "{bad}: {message}");
    }
    // A snowflake without a kind (a permission overwrite's role or user id).
    let mut json: Value = serde_json::from_str(CHANNEL).unwrap();
    json["permission_overwrites"] = json!([{"id": "x", "type": 0, "allow": "0", "deny": "0"}]);
    let (path, message) = decode::<Channel>(&json.to_string()).unwrap_err();
    assert_eq!(path, "permission_overwrites[0].id");
    assert!(message.contains("invalid snowflake"), "{message}");
}

/// The schema's `x-fluxer-id` annotations, as the generated types have them:
/// each id field has the kind the schema gives it, the `ids` module has one
/// marker per kind, and ids without a kind stay `Snowflake`.
#[test]
fn generated_ids_have_the_schema_kinds() {
    use fluxer_client::id::Marker;
    use fluxer_client::ids::{ChannelMarker, GuildMarker, MessageId, MessageMarker, UserMarker};
    use fluxer_client::models::{InviteChannel, InviteGuild, PermissionOverwrite, UserPartial};

    assert_eq!(ChannelMarker::NAME, "channel");
    assert_eq!(GuildMarker::NAME, "guild");
    assert_eq!(MessageMarker::NAME, "message");
    assert_eq!(UserMarker::NAME, "user");

    // The field types, spelled out: a wrong kind would not compile.
    fn kinds(
        channel: &Channel,
        guild: &InviteGuild,
        invite_channel: &InviteChannel,
        user: &UserPartial,
        overwrite: &PermissionOverwrite,
        dm: &CreateDmRequest,
        group: &CreateGroupDmRequest,
    ) -> [u64; 10] {
        let channel_id: ChannelId = channel.id;
        let guild_id: Option<GuildId> = channel.guild_id;
        let owner_id: Option<UserId> = channel.owner_id;
        let parent_id: Option<ChannelId> = channel.parent_id;
        let last_message_id: Option<MessageId> = channel.last_message_id;
        let invite_guild_id: GuildId = guild.id;
        let invite_channel_id: ChannelId = invite_channel.id;
        let user_id: UserId = user.id;
        let overwrite_id: Snowflake = overwrite.id;
        let recipient_id: UserId = dm.recipient_id;
        let recipients: &[UserId] = &group.recipients;
        assert!(guild_id.is_some() && owner_id.is_some() && parent_id.is_some());
        assert!(last_message_id.is_some() && !recipients.is_empty());
        [
            channel_id.get(),
            guild_id.map_or(0, u64::from),
            owner_id.map_or(0, u64::from),
            parent_id.map_or(0, u64::from),
            last_message_id.map_or(0, u64::from),
            invite_guild_id.get(),
            invite_channel_id.get(),
            user_id.get(),
            overwrite_id.get(),
            recipient_id.get() + recipients[0].get(),
        ]
    }
    let channel: Channel = serde_json::from_value(json!({
        "id": "1", "type": 0, "guild_id": "2", "owner_id": "3", "parent_id": "4",
        "last_message_id": "5",
    }))
    .unwrap();
    let guild: InviteGuild =
        serde_json::from_value(json!({"id": "6", "name": "g", "features": []})).unwrap();
    let invite_channel: InviteChannel =
        serde_json::from_value(json!({"id": "7", "type": 0})).unwrap();
    let user: UserPartial = serde_json::from_value(json!({
        "id": "8", "username": "u", "discriminator": "0001", "global_name": null,
        "avatar": null, "avatar_color": null, "flags": 0,
    }))
    .unwrap();
    let overwrite: PermissionOverwrite =
        serde_json::from_value(json!({"id": "9", "type": 1, "allow": "0", "deny": "0"})).unwrap();
    let dm = CreateDmRequest {
        recipient_id: UserId::new(10),
    };
    let group = CreateGroupDmRequest {
        recipients: vec![UserId::new(1)],
    };
    assert_eq!(
        kinds(
            &channel,
            &guild,
            &invite_channel,
            &user,
            &overwrite,
            &dm,
            &group
        ),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]
    );
    // On the wire a typed id is a snowflake: a string.
    assert_eq!(
        serde_json::to_value(&dm).unwrap(),
        json!({"recipient_id": "10"})
    );
}

#[test]
fn missing_required_field_is_named() {
    let mut json: Value = serde_json::from_str(INVITE).unwrap();
    json["inviter"].as_object_mut().unwrap().remove("username");
    let (path, message) = decode::<GuildInvite>(&json.to_string()).unwrap_err();
    assert_eq!(path, "inviter");
    assert!(message.contains("missing field `username`"), "{message}");
}

#[test]
fn private_channel_request_bodies() {
    let dm = CreatePrivateChannelRequest::Dm(CreateDmRequest {
        recipient_id: UserId::new(123),
    });
    assert_eq!(
        serde_json::to_string(&dm).unwrap(),
        r#"{"recipient_id":"123"}"#
    );

    let group: CreatePrivateChannelRequest = CreateGroupDmRequest {
        recipients: vec![UserId::new(1), UserId::new(2)],
    }
    .into();
    assert_eq!(
        serde_json::to_string(&group).unwrap(),
        r#"{"recipients":["1","2"]}"#
    );
    assert!(group.validate().is_ok());

    let too_many: CreatePrivateChannelRequest = CreateGroupDmRequest {
        recipients: (1..=10).map(UserId::new).collect(),
    }
    .into();
    let problem = too_many.validate().unwrap_err();
    assert_eq!(problem.field(), "recipients");
    assert_eq!(problem.constraint(), Constraint::MaxItems(9));
    assert_eq!(problem.value(), "10");
    assert_eq!(
        problem.to_string(),
        "`recipients` must have at most 9 items, got 10"
    );

    // Decoding tries each form on the value and reports when none fits.
    let decoded: CreatePrivateChannelRequest =
        serde_json::from_str(r#"{"recipients":["1","2"]}"#).unwrap();
    assert_eq!(decoded, group);
    let decoded: CreatePrivateChannelRequest =
        serde_json::from_str(r#"{"recipient_id":"123"}"#).unwrap();
    assert_eq!(decoded, dm);
    let error = serde_json::from_str::<CreatePrivateChannelRequest>(r#"{"nobody":1}"#)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("the value matches none of the forms of `CreatePrivateChannelRequest`"),
        "{error}"
    );
}

#[test]
fn invite_request_bodies() {
    assert_eq!(
        serde_json::to_string(&CreateChannelInviteRequest::default()).unwrap(),
        "{}"
    );
    let full = CreateChannelInviteRequest {
        max_uses: 50.into(),
        max_age: 302_400.into(),
        unique: true.into(),
        temporary: true.into(),
    };
    assert_eq!(
        serde_json::to_string(&full).unwrap(),
        r#"{"max_uses":50,"max_age":302400,"unique":true,"temporary":true}"#
    );
    assert!(full.validate().is_ok());

    let edge = CreateChannelInviteRequest {
        max_uses: 100.into(),
        max_age: 604_800.into(),
        ..Default::default()
    };
    assert!(edge.validate().is_ok());

    let problem = CreateChannelInviteRequest {
        max_uses: 150.into(),
        ..Default::default()
    }
    .validate()
    .unwrap_err();
    assert_eq!(
        problem.to_string(),
        "`max_uses` must be at most 100, got 150"
    );

    let problem = CreateChannelInviteRequest {
        max_age: 604_801.into(),
        ..Default::default()
    }
    .validate()
    .unwrap_err();
    assert_eq!(problem.field(), "max_age");
    assert_eq!(problem.constraint(), Constraint::Maximum(604_800));
    assert_eq!(problem.value(), "604801");
}

#[test]
fn error_bodies_decode_and_keep_extra_members() {
    let error: ErrorResponse = decode(ERROR_BODY).unwrap();
    assert_eq!(error.code, "INVALID_FORM_BODY");
    let detail = &error.errors.as_ref().unwrap()[0];
    assert_eq!(detail.path, "max_uses");
    assert_eq!(detail.code.as_deref(), Some("NUMBER_TOO_LARGE"));
    assert!(error.extra.is_empty());

    let with_extra: ErrorResponse =
        decode(r#"{"code":"UNKNOWN_CHANNEL","message":"Unknown Channel","trace_id":"abc"}"#)
            .unwrap();
    assert_eq!(with_extra.errors, None);
    assert_eq!(with_extra.extra.get("trace_id"), Some(&json!("abc")));
    assert_eq!(
        serde_json::to_value(&with_extra).unwrap(),
        json!({"code":"UNKNOWN_CHANNEL","message":"Unknown Channel","trace_id":"abc"})
    );

    let limited: RateLimitErrorResponse = decode(
        r#"{"code":"RATE_LIMITED","message":"You are being rate limited.","global":false,"retry_after":2.347}"#,
    )
    .unwrap();
    assert!(!limited.global);
    assert!((limited.retry_after - 2.347).abs() < f64::EPSILON);
}
