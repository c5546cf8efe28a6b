//! The client used the way a bot would use it, public API only, against a
//! local server standing in for Fluxer.

use std::time::Duration;

use fluxer_client::ids::{ChannelId, UserId};
use fluxer_client::models::{
    Channel, CreateChannelInviteRequest, CreateDmRequest, CreateGroupDmRequest, Invite,
};
use fluxer_client::{Client, Credentials, Error, ErrorKind};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "downstream-bot-token-7f3a";

async fn fake_fluxer() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/channels/1183436478421147648/invites"))
        .and(header("authorization", format!("Bot {TOKEN}").as_str()))
        .and(body_json(
            serde_json::json!({"max_uses": 10, "max_age": 86400, "unique": true}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(include_str!("fixtures/invite.json"), "application/json"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/users/@me/channels"))
        .and(body_json(
            serde_json::json!({"recipient_id": "1183436478421147652"}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(include_str!("fixtures/channel.json"), "application/json"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/channels/404/invites"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(
            r#"{"code":"UNKNOWN_CHANNEL","message":"Unknown Channel"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    server
}

/// What a bot does: create an invite, then open a DM.
async fn run(
    client: &Client,
    channel_id: ChannelId,
    user_id: UserId,
) -> Result<(Invite, Channel), Error> {
    let invite = client
        .create_channel_invite(
            channel_id,
            &CreateChannelInviteRequest {
                max_uses: 10.into(),
                max_age: 86_400.into(),
                unique: true.into(),
                ..Default::default()
            },
        )
        .await?;
    let dm = client
        .create_private_channel(
            &CreateDmRequest {
                recipient_id: user_id,
            }
            .into(),
        )
        .await?;
    Ok((invite, dm))
}

fn describe(error: &Error) -> String {
    match error.kind() {
        ErrorKind::Validation(problem) => format!("not sent: {problem}"),
        ErrorKind::RateLimited { retry_after, .. } => format!("retry in {retry_after:?}"),
        ErrorKind::Api { status: 404, .. } => format!("not found: {error}"),
        ErrorKind::Api { status, .. } => format!("API said {status}: {error}"),
        _ => error.to_string(),
    }
}

#[tokio::test]
async fn a_bot_creates_an_invite_and_opens_a_dm() {
    let server = fake_fluxer().await;
    let client = Client::builder()
        .credentials(Credentials::bot(TOKEN))
        .base_url(server.uri())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();

    let (invite, dm) = run(
        &client,
        "1183436478421147648".parse().unwrap(),
        UserId::new(1_183_436_478_421_147_652),
    )
    .await
    .unwrap();
    let Invite::Guild(invite) = invite else {
        panic!("not a guild invite: {invite:?}")
    };
    assert_eq!(invite.guild.name, "Rust Hangout");
    assert_eq!(invite.presence_count, 318);
    assert_eq!(dm.id.to_string(), "1183436478421147700");
}

#[tokio::test]
async fn a_bot_shares_the_client_between_tasks() {
    let server = fake_fluxer().await;
    let client = Client::builder()
        .bot_token(TOKEN)
        .base_url(server.uri())
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                run(
                    &client,
                    ChannelId::new(1_183_436_478_421_147_648),
                    UserId::new(1_183_436_478_421_147_652),
                )
                .await
                .map(|(invite, _)| match invite {
                    Invite::Guild(invite) => invite.code,
                    Invite::GroupDm(invite) => invite.code,
                    other => format!("{other:?}"),
                })
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), "fxR7kQ2a");
    }
}

#[tokio::test]
async fn a_bot_reports_errors() {
    let server = fake_fluxer().await;
    let client = Client::builder()
        .bot_token(TOKEN)
        .base_url(server.uri())
        .build()
        .unwrap();

    let error = run(&client, ChannelId::new(404), UserId::new(1))
        .await
        .unwrap_err();
    assert_eq!(
        describe(&error),
        "not found: Fluxer API error 404 UNKNOWN_CHANNEL: Unknown Channel"
    );

    let error = client
        .create_private_channel(
            &CreateGroupDmRequest {
                recipients: (1..=12).map(UserId::new).collect(),
            }
            .into(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        describe(&error),
        "not sent: `recipients` must have at most 9 items, got 12"
    );
    let logged = format!("{error} {error:?} {client:?}");
    assert!(!logged.contains(TOKEN));
}
