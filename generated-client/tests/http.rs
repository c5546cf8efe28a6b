//! The client against a real HTTP server on 127.0.0.1 (wiremock).

use std::fmt::{Debug, Display};
use std::time::Duration;

use fluxer_client::ids::{ChannelId, UserId};
use fluxer_client::models::{
    CreateChannelInviteRequest, CreateDmRequest, CreateGroupDmRequest, CreatePrivateChannelRequest,
    GuildInvite, GuildInviteType, Invite,
};
use fluxer_client::request::{Method, OperationInfo, RequestSpec, encode_path_segment};
use fluxer_client::{
    Client, Constraint, Credentials, Error, ErrorKind, Nullable, RateLimitConfig, Snowflake,
    operations,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Distinctive, so that finding it anywhere in output is unambiguous.
const TOKEN: &str = "FLX.tok3n-Qm9yZWFs.DO-NOT-LEAK";
const INVITE: &str = include_str!("fixtures/invite.json");
const INVITE_PLACEHOLDER: &str = include_str!("fixtures/invite_placeholder.json");
const CHANNEL: &str = include_str!("fixtures/channel.json");
const ERROR_BODY: &str = include_str!("fixtures/error_invalid_form_body.json");
const CHANNEL_ID: ChannelId = ChannelId::new(1_183_436_478_421_147_648);

fn client_for(server: &MockServer, credentials: Credentials) -> Client {
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(credentials)
        .build()
        .expect("client builds");
    assert_no_token(&client);
    client
}

fn bot_client(server: &MockServer) -> Client {
    client_for(server, Credentials::bot(TOKEN))
}

/// A client that hands every 429 to the caller (the retrying paths are
/// tested in `ratelimit.rs`).
fn no_retry_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bot_token(TOKEN)
        .rate_limits(RateLimitConfig::disabled())
        .build()
        .expect("client builds")
}

fn assert_no_token(value: &impl Debug) {
    let shown = format!("{value:?} {value:#?}");
    assert!(!shown.contains(TOKEN), "token leaked: {shown}");
    assert!(
        !shown.contains("Qm9yZWFs"),
        "part of the token leaked: {shown}"
    );
}

/// Checks an error's `Display` and `Debug` (and its sources) for the token.
fn checked(error: Error) -> Error {
    let display = error.to_string();
    assert!(!display.contains(TOKEN), "token leaked: {display}");
    assert_no_token(&error);
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        assert!(!cause.to_string().contains(TOKEN));
        assert_no_token(&cause);
        source = cause.source();
    }
    error
}

fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'a>(request: &'a Request, name: &str) -> Vec<&'a str> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().expect("ASCII header"))
        .collect()
}

fn body_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

fn full_invite_request() -> CreateChannelInviteRequest {
    CreateChannelInviteRequest {
        max_uses: 50.into(),
        max_age: 302_400.into(),
        unique: true.into(),
        temporary: true.into(),
    }
}

#[tokio::test]
async fn create_channel_invite_sends_the_documented_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/channels/1183436478421147648/invites"))
        .respond_with(json_response(200, INVITE))
        .expect(1)
        .mount(&server)
        .await;
    let client = bot_client(&server);

    let invite = client
        .create_channel_invite(CHANNEL_ID, &full_invite_request())
        .await
        .expect("the invite decodes");
    let Invite::Guild(invite) = invite else {
        panic!("not a guild invite: {invite:?}")
    };
    assert_eq!(invite.code, "fxR7kQ2a");
    assert_eq!(invite.r#type, GuildInviteType::Guild);
    assert_eq!(invite.max_uses, 50);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/channels/1183436478421147648/invites");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(request, "authorization"), [format!("Bot {TOKEN}")]);
    assert_eq!(header(request, "content-type"), ["application/json"]);
    assert_eq!(header(request, "accept"), ["application/json, */*;q=0.1"]);
    assert_eq!(
        header(request, "user-agent"),
        [format!("fluxer-client/{}", env!("CARGO_PKG_VERSION"))]
    );
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        r#"{"max_uses":50,"max_age":302400,"unique":true,"temporary":true}"#
    );
}

#[tokio::test]
async fn empty_invite_request_sends_an_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, INVITE))
        .mount(&server)
        .await;
    bot_client(&server)
        .create_channel_invite(ChannelId::new(7), &CreateChannelInviteRequest::default())
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests[0].url.path(), "/channels/7/invites");
    assert_eq!(requests[0].body, b"{}");
}

/// An optional nullable member has three states, and each reaches the server
/// as written: absent is left out, `Nullable::Null` is `null`, a value is the
/// value. Only a value is validated (`invalid_invite_is_not_sent`): `null`
/// has nothing to check.
#[tokio::test]
async fn absent_null_and_a_value_each_reach_the_server_as_written() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, INVITE))
        .mount(&server)
        .await;
    let client = bot_client(&server);
    let bodies = [
        (
            CreateChannelInviteRequest {
                max_uses: Nullable::Null,
                max_age: 0.into(),
                ..Default::default()
            },
            r#"{"max_uses":null,"max_age":0}"#,
        ),
        (
            CreateChannelInviteRequest {
                max_uses: Some(10).into(),
                max_age: None.into(),
                unique: Nullable::Null,
                temporary: false.into(),
            },
            r#"{"max_uses":10,"unique":null,"temporary":false}"#,
        ),
        (
            CreateChannelInviteRequest {
                max_uses: Nullable::Null,
                max_age: Nullable::Null,
                unique: Nullable::Null,
                temporary: Nullable::Null,
            },
            r#"{"max_uses":null,"max_age":null,"unique":null,"temporary":null}"#,
        ),
    ];
    for (request, _) in &bodies {
        client
            .create_channel_invite(CHANNEL_ID, request)
            .await
            .unwrap();
    }
    let requests = received(&server).await;
    let sent: Vec<&str> = requests
        .iter()
        .map(|request| std::str::from_utf8(&request.body).unwrap())
        .collect();
    let expected: Vec<&str> = bodies.iter().map(|(_, body)| *body).collect();
    assert_eq!(sent, expected);
    // The server's view of the same bodies: each member absent, null or set.
    let first = body_json(&requests[0]);
    assert_eq!(first.get("max_uses"), Some(&Value::Null));
    assert_eq!(first.get("unique"), None);
    // A decoded request keeps the three states apart too.
    let decoded: CreateChannelInviteRequest = serde_json::from_str(expected[1]).unwrap();
    assert_eq!(decoded, bodies[1].0);
}

#[tokio::test]
async fn create_private_channel_sends_dm_and_group_dm_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/@me/channels"))
        .respond_with(json_response(200, CHANNEL))
        .expect(2)
        .mount(&server)
        .await;
    let client = bot_client(&server);

    let dm = client
        .create_private_channel(&CreatePrivateChannelRequest::Dm(CreateDmRequest {
            recipient_id: UserId::new(1_183_436_478_421_147_652),
        }))
        .await
        .unwrap();
    assert_eq!(dm.id, ChannelId::new(1_183_436_478_421_147_700));
    assert_eq!(dm.r#type, 3);

    let group = client
        .create_private_channel(
            &CreateGroupDmRequest {
                recipients: vec![UserId::new(1), UserId::new(2)],
            }
            .into(),
        )
        .await
        .unwrap();
    assert_eq!(group.recipients.unwrap().len(), 1);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.url.path(), "/users/@me/channels");
        assert_eq!(header(request, "authorization"), [format!("Bot {TOKEN}")]);
        assert_eq!(header(request, "content-type"), ["application/json"]);
    }
    assert_eq!(
        std::str::from_utf8(&requests[0].body).unwrap(),
        r#"{"recipient_id":"1183436478421147652"}"#
    );
    assert_eq!(body_json(&requests[1]), json!({"recipients": ["1", "2"]}));
}

/// The two Fluxer operations accept a bot token only (the seed pages'
/// `Authorization: Bot <token>`): with a bearer or session token the call
/// fails before anything is sent, saying what the operation accepts.
#[tokio::test]
async fn the_fluxer_operations_accept_bot_tokens_only() {
    for (credentials, expected) in [
        (Credentials::bearer(TOKEN), None),
        (Credentials::session(TOKEN), None),
        (Credentials::bot(TOKEN), Some(format!("Bot {TOKEN}"))),
    ] {
        assert_no_token(&credentials);
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(json_response(200, CHANNEL))
            .mount(&server)
            .await;
        let result = client_for(&server, credentials)
            .create_private_channel(
                &CreateDmRequest {
                    recipient_id: UserId::new(9),
                }
                .into(),
            )
            .await;
        let requests = received(&server).await;
        match expected {
            Some(expected) => {
                result.unwrap();
                assert_eq!(header(&requests[0], "authorization"), [expected]);
            }
            None => {
                let error = checked(result.unwrap_err());
                assert!(
                    matches!(error.kind(), ErrorKind::Credentials { .. }),
                    "{error}"
                );
                assert!(error.to_string().contains("`botToken`"), "{error}");
                assert!(requests.is_empty());
            }
        }
    }
}

#[tokio::test]
async fn authorization_is_sent_once_even_with_a_custom_http_client() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, CHANNEL))
        .mount(&server)
        .await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("authorization", "Bot someone-else".parse().unwrap());
    defaults.insert("x-custom", "kept".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .unwrap();
    let client = Client::builder()
        .base_url(format!("{}/", server.uri()))
        .bot_token(TOKEN)
        .user_agent("my-bot/1.0 (+https://example.org)")
        .http_client(http)
        .build()
        .unwrap();
    client
        .create_private_channel(
            &CreateDmRequest {
                recipient_id: UserId::new(9),
            }
            .into(),
        )
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(requests[0].url.path(), "/users/@me/channels");
    assert_eq!(
        header(&requests[0], "authorization"),
        [format!("Bot {TOKEN}")]
    );
    assert_eq!(header(&requests[0], "x-custom"), ["kept"]);
    assert_eq!(
        header(&requests[0], "user-agent"),
        ["my-bot/1.0 (+https://example.org)"]
    );
}

#[tokio::test]
async fn api_errors_carry_status_code_and_details() {
    for status in [400_u16, 401, 403, 404, 500] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(json_response(status, ERROR_BODY))
            .mount(&server)
            .await;
        let error = checked(
            bot_client(&server)
                .create_channel_invite(CHANNEL_ID, &full_invite_request())
                .await
                .unwrap_err(),
        );
        assert_eq!(error.status(), Some(status));
        assert!(!error.is_validation());
        match error.kind() {
            ErrorKind::Api {
                status: got,
                body,
                raw,
                ..
            } => {
                assert_eq!(*got, status);
                let body = body.as_ref().expect("a Fluxer error body");
                assert_eq!(body.code, "INVALID_FORM_BODY");
                assert_eq!(body.errors.as_ref().unwrap()[0].path, "max_uses");
                assert_eq!(raw, ERROR_BODY);
            }
            other => panic!("{status}: unexpected {other:?}"),
        }
        assert_eq!(
            error.to_string(),
            format!(
                "Fluxer API error {status} INVALID_FORM_BODY: Input Form Body; \
                 max_uses: Value must be less than or equal to 100"
            )
        );
    }
}

#[tokio::test]
async fn not_found_error_displays_code_and_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            json_response(
                404,
                r#"{"code":"UNKNOWN_CHANNEL","message":"Unknown Channel"}"#,
            )
            .insert_header("x-ratelimit-limit", "5")
            .insert_header("x-ratelimit-remaining", "4"),
        )
        .mount(&server)
        .await;
    let error = checked(
        bot_client(&server)
            .create_channel_invite(CHANNEL_ID, &CreateChannelInviteRequest::default())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        error.to_string(),
        "Fluxer API error 404 UNKNOWN_CHANNEL: Unknown Channel"
    );
    let ErrorKind::Api { rate_limit, .. } = error.kind() else {
        panic!("{error:?}")
    };
    let rate_limit = rate_limit.as_ref().unwrap();
    assert_eq!(rate_limit.limit, Some(5));
    assert_eq!(rate_limit.remaining, Some(4));
}

#[tokio::test]
async fn api_error_without_a_fluxer_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let error = checked(
        bot_client(&server)
            .create_channel_invite(CHANNEL_ID, &CreateChannelInviteRequest::default())
            .await
            .unwrap_err(),
    );
    let ErrorKind::Api { body, raw, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert!(body.is_none());
    assert_eq!(raw, "<html>Bad Gateway</html>");
    assert_eq!(error.to_string(), "Fluxer API error 502 Bad Gateway");
}

#[tokio::test]
async fn rate_limited_prefers_the_precise_body_value() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            json_response(
                429,
                r#"{"code":"RATE_LIMITED","message":"You are being rate limited.","global":false,"retry_after":2.347}"#,
            )
            .insert_header("retry-after", "3")
            .insert_header("x-ratelimit-global", "false")
            .insert_header("x-ratelimit-limit", "5")
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("x-ratelimit-reset", "1700000003.347"),
        )
        .mount(&server)
        .await;
    let error = checked(
        no_retry_client(&server)
            .create_private_channel(
                &CreateDmRequest {
                    recipient_id: UserId::new(1),
                }
                .into(),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(error.status(), Some(429));
    assert!(error.is_rate_limited());
    assert_eq!(error.attempts(), 1);
    assert_eq!(received(&server).await.len(), 1);
    match error.kind() {
        ErrorKind::RateLimited {
            retry_after,
            global,
            body,
            rate_limit,
            retry_after_header,
        } => {
            assert_eq!(*retry_after, Duration::from_millis(2347));
            assert!(!global);
            assert_eq!(body.as_ref().unwrap().code, "RATE_LIMITED");
            assert_eq!(*retry_after_header, Some(3));
            let rate_limit = rate_limit.as_ref().unwrap();
            assert_eq!(rate_limit.remaining, Some(0));
            assert_eq!(rate_limit.global, Some(false));
            assert_eq!(
                rate_limit.reset,
                Some(fluxer_client::Timestamp::new(1_700_000_003, 347_000_000).unwrap())
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "rate limited by the Fluxer API: RATE_LIMITED: You are being rate limited; retry after 2.347s"
    );
}

#[tokio::test]
async fn rate_limited_with_only_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "3")
                .insert_header("x-ratelimit-global", "true"),
        )
        .mount(&server)
        .await;
    let error = checked(
        no_retry_client(&server)
            .create_private_channel(
                &CreateDmRequest {
                    recipient_id: UserId::new(1),
                }
                .into(),
            )
            .await
            .unwrap_err(),
    );
    match error.kind() {
        ErrorKind::RateLimited {
            retry_after,
            global,
            body,
            retry_after_header,
            ..
        } => {
            assert_eq!(*retry_after, Duration::from_secs(3));
            assert!(*global);
            assert!(body.is_none());
            assert_eq!(*retry_after_header, Some(3));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
}

async fn decode_error_for(status: u16, body: &[u8]) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_vec(), "application/json"))
        .mount(&server)
        .await;
    // Read as the guild invite these bodies pretend to be: the `Invite` union
    // keeps a body without a known `type` as `Invite::Unknown`, and reports
    // its members' errors without their path (tests/invites.rs).
    let spec = RequestSpec::<GuildInvite>::new(
        &operations::CREATE_CHANNEL_INVITE,
        format!("/channels/{CHANNEL_ID}/invites"),
    )
    .json_body(&CreateChannelInviteRequest::default())
    .unwrap();
    checked(bot_client(&server).execute(spec).await.unwrap_err())
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let error = decode_error_for(200, br#"{"code": "abc", "type": 0,"#).await;
    let ErrorKind::Decode {
        status,
        message,
        snippet,
        ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 200);
    assert!(message.contains("EOF"), "{message}");
    assert_eq!(snippet, r#"{"code": "abc", "type": 0,"#);
    // serde's message is in the kind and in `Display`, so not a source too.
    assert!(std::error::Error::source(&error).is_none());
}

#[tokio::test]
async fn html_body_is_a_decode_error() {
    let html = format!(
        "<!doctype html><html><body>{}</body></html>",
        "é".repeat(2000)
    );
    let error = decode_error_for(200, html.as_bytes()).await;
    let ErrorKind::Decode { path, snippet, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(path, ".");
    assert!(snippet.len() <= 512, "{}", snippet.len());
    assert!(snippet.starts_with("<!doctype html>"));
    assert!(html.starts_with(snippet.as_str()));
    assert!(
        error
            .to_string()
            .contains("the body starts with \"<!doctype html>")
    );
}

#[tokio::test]
async fn empty_body_on_200_is_a_decode_error() {
    let error = decode_error_for(200, b"").await;
    let ErrorKind::Decode {
        message, snippet, ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert!(message.contains("invalid type: null"), "{message}");
    assert!(snippet.is_empty());
    assert!(error.to_string().ends_with("; the body is empty"));
}

#[tokio::test]
async fn placeholder_body_names_the_field() {
    let error = decode_error_for(200, INVITE_PLACEHOLDER.as_bytes()).await;
    let ErrorKind::Decode { path, message, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(path, "guild.id");
    assert!(message.contains("invalid guild id"), "{message}");
    assert!(error.to_string().contains("at `guild.id`"), "{error}");
}

#[tokio::test]
async fn invalid_utf8_body_does_not_panic() {
    let error = decode_error_for(200, &[0xff, 0xfe, b'{', 0xc3]).await;
    assert!(matches!(error.kind(), ErrorKind::Decode { .. }));
    let error = decode_error_for(503, &[0xff, 0xfe, b'{', 0xc3]).await;
    let ErrorKind::Api { raw, body, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert!(body.is_none());
    assert!(raw.contains('\u{fffd}'));
}

#[tokio::test]
async fn invalid_invite_is_not_sent() {
    let server = MockServer::start().await;
    let client = bot_client(&server);
    let request = CreateChannelInviteRequest {
        max_uses: 101.into(),
        ..Default::default()
    };
    let error = checked(
        client
            .create_channel_invite(CHANNEL_ID, &request)
            .await
            .unwrap_err(),
    );
    assert!(error.is_validation());
    assert_eq!(error.status(), None);
    let ErrorKind::Validation(problem) = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(problem.field(), "max_uses");
    assert_eq!(problem.constraint(), Constraint::Maximum(100));
    assert_eq!(problem.value(), "101");
    assert_eq!(
        error.to_string(),
        "invalid request, not sent: `max_uses` must be at most 100, got 101"
    );
    // The free function rejects it too, before there is anything to send.
    assert!(operations::create_channel_invite(CHANNEL_ID, &request).is_err());
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn too_many_recipients_are_not_sent() {
    let server = MockServer::start().await;
    let client = bot_client(&server);
    let request: CreatePrivateChannelRequest = CreateGroupDmRequest {
        recipients: (1..=10).map(UserId::new).collect(),
    }
    .into();
    let error = checked(client.create_private_channel(&request).await.unwrap_err());
    let ErrorKind::Validation(problem) = error.into_kind() else {
        panic!("not a validation error")
    };
    assert_eq!(problem.field(), "recipients");
    assert_eq!(problem.constraint(), Constraint::MaxItems(9));
    assert_eq!(problem.value(), "10");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn prepare_builds_without_sending() {
    let server = MockServer::start().await;
    let client = bot_client(&server);
    let spec = operations::create_channel_invite(CHANNEL_ID, &full_invite_request()).unwrap();
    assert_eq!(spec.operation().operation_id, "createChannelInvite");
    assert!(!spec.operation().idempotent);
    assert_eq!(spec.path(), "/channels/1183436478421147648/invites");
    let prepared = client.prepare(&spec).unwrap();
    assert_eq!(prepared.method(), Method::Post);
    assert_eq!(
        prepared.url(),
        format!("{}/channels/1183436478421147648/invites", server.uri())
    );
    assert_eq!(
        prepared.header("Authorization"),
        Some(format!("Bot {TOKEN}").as_str())
    );
    assert_eq!(prepared.header("content-type"), Some("application/json"));
    assert_eq!(
        prepared.header("accept"),
        Some("application/json, */*;q=0.1")
    );
    assert_eq!(
        prepared.header("user-agent"),
        Some(concat!("fluxer-client/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(
        prepared
            .headers()
            .iter()
            .filter(|(name, _)| name == "authorization")
            .count(),
        1
    );
    assert_eq!(
        prepared.body(),
        Some(&br#"{"max_uses":50,"max_age":302400,"unique":true,"temporary":true}"#[..])
    );
    let shown = format!("{prepared:?}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert!(shown.contains("createChannelInvite"));
    assert_no_token(&prepared);
    assert_no_token(&spec);

    let dm = operations::create_private_channel(
        &CreateDmRequest {
            recipient_id: UserId::new(5),
        }
        .into(),
    )
    .unwrap();
    let prepared = client.prepare(&dm).unwrap();
    assert_eq!(
        prepared.url(),
        format!("{}/users/@me/channels", server.uri())
    );
    assert_eq!(prepared.body(), Some(&br#"{"recipient_id":"5"}"#[..]));
    assert_eq!(operations::CREATE_PRIVATE_CHANNEL.method, Method::Post);
    assert_eq!(
        operations::CREATE_PRIVATE_CHANNEL.path_template,
        "/users/@me/channels"
    );

    assert!(received(&server).await.is_empty());
}

static LOOKUP: OperationInfo = OperationInfo::new("lookup_thing", Method::Get, "/things/{name}");

static DELETE: OperationInfo = OperationInfo::new("delete_thing", Method::Delete, "/things/{name}");

#[tokio::test]
async fn path_parameters_and_query_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/a%2Fb%20c%3F%25"))
        .and(query_param("q", "x&y=z é"))
        .and(query_param("limit", "5"))
        .respond_with(json_response(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = bot_client(&server);
    let spec = RequestSpec::<Value>::new(
        &LOOKUP,
        format!("/things/{}", encode_path_segment("a/b c?%")),
    )
    .query("q", "x&y=z é")
    .query("limit", 5);
    let prepared = client.prepare(&spec).unwrap();
    assert_eq!(
        prepared.url(),
        format!(
            "{}/things/a%2Fb%20c%3F%25?q=x%26y%3Dz%20%C3%A9&limit=5",
            server.uri()
        )
    );
    assert_eq!(prepared.header("content-type"), None);
    let response = client.execute(spec).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.data(), &json!({"ok": true}));
    let requests = received(&server).await;
    assert_eq!(requests[0].method.as_str(), "GET");
    assert!(requests[0].body.is_empty());
    assert!(header(&requests[0], "content-type").is_empty());
    assert_eq!(header(&requests[0], "authorization").len(), 1);
}

#[tokio::test]
async fn dot_segments_are_refused() {
    let server = MockServer::start().await;
    let client = bot_client(&server);
    for name in ["..", ".", ""] {
        let spec =
            RequestSpec::<()>::new(&DELETE, format!("/things/{}", encode_path_segment(name)));
        let error = checked(client.execute(spec).await.unwrap_err());
        assert!(matches!(error.kind(), ErrorKind::Encode { .. }), "{name:?}");
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn no_content_decodes_as_unit_and_rate_limit_headers_are_read() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/things/x"))
        .respond_with(
            ResponseTemplate::new(204)
                .insert_header("x-ratelimit-limit", "10")
                .insert_header("x-ratelimit-remaining", "9")
                .insert_header("x-ratelimit-reset", "garbage"),
        )
        .mount(&server)
        .await;
    let response = bot_client(&server)
        .execute(RequestSpec::<()>::new(&DELETE, "/things/x".to_owned()))
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let rate_limit = response.rate_limit().unwrap();
    assert_eq!(rate_limit.limit, Some(10));
    assert_eq!(rate_limit.remaining, Some(9));
    assert_eq!(rate_limit.reset, None);
    let () = response.into_data();
}

#[tokio::test]
async fn success_response_exposes_status_and_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(201, INVITE).insert_header("x-ratelimit-remaining", "2"))
        .mount(&server)
        .await;
    let client = bot_client(&server);
    let spec = operations::create_channel_invite(CHANNEL_ID, &full_invite_request()).unwrap();
    let response = client.execute(spec).await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.rate_limit().unwrap().remaining, Some(2));
    assert!(matches!(response.data(), Invite::Guild(invite) if invite.code == "fxR7kQ2a"));
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "http://127.0.0.1:9/"))
        .mount(&server)
        .await;
    let error = checked(
        bot_client(&server)
            .create_channel_invite(CHANNEL_ID, &CreateChannelInviteRequest::default())
            .await
            .unwrap_err(),
    );
    assert_eq!(error.status(), Some(307));
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Reserve a free port, then close it so nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .bot_token(TOKEN)
        .build()
        .unwrap();
    let error = checked(
        client
            .create_channel_invite(CHANNEL_ID, &CreateChannelInviteRequest::default())
            .await
            .unwrap_err(),
    );
    let ErrorKind::Connect { message, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(
        message,
        "POST /channels/{channel_id}/invites: could not connect (the connection was refused)"
    );
    assert!(
        error.to_string().starts_with("request not sent: "),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(error.status(), None);
}

#[tokio::test]
async fn slow_server_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, INVITE).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bot_token(TOKEN)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = checked(
        client
            .create_channel_invite(CHANNEL_ID, &CreateChannelInviteRequest::default())
            .await
            .unwrap_err(),
    );
    assert!(started.elapsed() < Duration::from_secs(4));
    // Sent, so the invite may have been created: the error says so.
    let ErrorKind::OutcomeUnknown {
        message,
        idempotent,
        ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert!(message.contains("timed out after 0.200s"), "{message}");
    assert!(!idempotent);
    assert!(
        error
            .to_string()
            .contains("the API may have carried it out"),
        "{error}"
    );
}

#[test]
fn encode_path_segment_encodes_everything_but_unreserved() {
    assert_eq!(encode_path_segment("a/b c?%"), "a%2Fb%20c%3F%25");
    assert_eq!(encode_path_segment("#frag"), "%23frag");
    assert_eq!(encode_path_segment("@me"), "%40me");
    assert_eq!(encode_path_segment("Az09-._~"), "Az09-._~");
    assert_eq!(encode_path_segment("ü"), "%C3%BC");
}

#[test]
fn errors_and_debug_output_never_contain_the_token() {
    let client = Client::builder().bot_token(TOKEN).build().unwrap();
    assert_no_token(&client);
    assert_no_token(&Client::builder().bot_token(TOKEN));
    let error = Client::builder()
        .bot_token(format!("{TOKEN}\r\n"))
        .build()
        .unwrap_err();
    let error = checked(error);
    assert!(matches!(error.kind(), ErrorKind::Builder { .. }));
    assert_eq!(
        format!("{:?}", Credentials::session(TOKEN)),
        "Credentials[Session(<redacted>)]"
    );
}

/// `Display` is implemented for every type a bot developer logs.
#[test]
fn display_types() {
    fn is_display<T: Display>() {}
    is_display::<Error>();
    is_display::<Snowflake>();
    is_display::<fluxer_client::ValidationError>();
    is_display::<Method>();
}
