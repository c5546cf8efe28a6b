//! Operations whose schema names another server than the client's base URL
//! (`servers` on a path or an operation), against two wiremock servers on
//! 127.0.0.1: the client's (the base URL) and another host's.

use std::time::Duration;

use fluxer_client::request::{Method, OperationInfo, RequestSpec, Server};
use fluxer_client::{Client, ErrorKind};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "srv-tok3n-DO-NOT-LEAK";

/// The path below the base URL on the client's server.
const PREFIX: &str = "/api/v1";

fn client(base: &MockServer) -> Client {
    Client::builder()
        .bot_token(TOKEN)
        .base_url(format!("{}{PREFIX}", base.uri()))
        .deadline(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// `GET /things` on `server`; the URL of a test server is known only at run
/// time, so the `static` the runtime asks for is leaked.
fn get_things(server: Server) -> RequestSpec<serde_json::Value> {
    let info = OperationInfo::new("getThings", Method::Get, "/things").with_server(server);
    RequestSpec::new(Box::leak(Box::new(info)), "/things".to_owned())
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

async fn answering(paths: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    for at in paths {
        Mock::given(method("GET"))
            .and(path(*at))
            .respond_with(ResponseTemplate::new(200).set_body_string(format!(r#""{at}""#)))
            .mount(&server)
            .await;
    }
    server
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

fn authorization(request: &Request) -> Option<&str> {
    request
        .headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
}

#[tokio::test]
async fn an_absolute_server_gets_the_request_and_the_token() {
    let base = answering(&["/api/v1/things"]).await;
    let upload = answering(&["/upload/api/things"]).await;
    let client = client(&base);
    let server = Server::Absolute(leak(format!("{}/upload/api", upload.uri())));

    let answer = client.execute(get_things(server)).await.unwrap();
    assert_eq!(answer.into_data(), "/upload/api/things");
    let hits = received(&upload).await;
    assert_eq!(hits.len(), 1);
    assert_eq!(
        authorization(&hits[0]),
        Some(format!("Bot {TOKEN}").as_str())
    );
    assert!(received(&base).await.is_empty());
}

#[tokio::test]
async fn a_relative_server_is_joined_onto_the_base_url() {
    let base = answering(&["/api/v1/uploads/things", "/api/v2/things", "/v3/things"]).await;
    let client = client(&base);
    for (reference, expected) in [
        ("uploads", "/api/v1/uploads/things"),
        ("../v2", "/api/v2/things"),
        ("/v3", "/v3/things"),
    ] {
        let answer = client
            .execute(get_things(Server::Relative(reference)))
            .await
            .unwrap();
        assert_eq!(answer.into_data(), expected, "{reference}");
    }
    let hits = received(&base).await;
    assert_eq!(hits.len(), 3);
    assert!(
        hits.iter()
            .all(|hit| authorization(hit) == Some(&format!("Bot {TOKEN}")))
    );
}

#[tokio::test]
async fn a_base_url_operation_is_unchanged() {
    let base = answering(&["/api/v1/things"]).await;
    let client = client(&base);
    let answer = client.execute(get_things(Server::Base)).await.unwrap();
    assert_eq!(answer.into_data(), "/api/v1/things");
    assert_eq!(received(&base).await.len(), 1);
}

/// A relative reference that would take the token to another origin is
/// refused before anything is sent.
#[tokio::test]
async fn a_relative_server_never_leaves_the_base_url_origin() {
    let base = answering(&[]).await;
    let other = answering(&["/things"]).await;
    let client = client(&base);
    let port = other.address().port();
    for reference in [
        leak(format!("//127.0.0.1:{port}")),
        leak(format!("http://127.0.0.1:{port}/")),
        leak(format!("http://localhost:{}/", base.address().port())),
    ] {
        let error = client
            .execute(get_things(Server::Relative(reference)))
            .await
            .unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Encode { .. }), "{error}");
        assert!(error.to_string().contains("origin"), "{error}");
        let prepared = client.prepare(&get_things(Server::Relative(reference)));
        assert!(prepared.is_err(), "{reference}");
    }
    for reference in ["things?a=1", "#top"] {
        let error = client
            .execute(get_things(Server::Relative(reference)))
            .await
            .unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Encode { .. }), "{error}");
    }
    assert!(received(&other).await.is_empty());
    assert!(received(&base).await.is_empty());
}

#[tokio::test]
async fn an_absolute_server_must_be_a_plain_http_url() {
    let base = answering(&[]).await;
    let client = client(&base);
    for url in [
        "ftp://127.0.0.1/x",
        "http://user:hunter2@127.0.0.1/x",
        "http://127.0.0.1/x?a=1",
        "not a url",
    ] {
        let error = client
            .execute(get_things(Server::Absolute(url)))
            .await
            .unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Encode { .. }), "{error}");
        assert!(!format!("{error} {error:?}").contains("hunter2"), "{error}");
    }
    assert!(received(&base).await.is_empty());
}

#[tokio::test]
async fn prepare_shows_the_server_url() {
    let base = answering(&[]).await;
    let client = client(&base);
    let url = |server| {
        client
            .prepare(&get_things(server))
            .unwrap()
            .url()
            .to_owned()
    };
    assert_eq!(url(Server::Base), format!("{}/api/v1/things", base.uri()));
    assert_eq!(
        url(Server::Relative("../")),
        format!("{}/api/things", base.uri())
    );
    assert_eq!(
        url(Server::Absolute("https://upload.example.org/api/2.0/")),
        "https://upload.example.org/api/2.0/things"
    );
}

/// The same route on two servers is two rate-limit buckets: a bucket used up
/// on the base URL does not hold requests to the other host.
#[tokio::test]
async fn the_same_route_on_another_server_is_another_bucket() {
    let base = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{}")
                .insert_header("x-ratelimit-limit", "1")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset-after", "600"),
        )
        .mount(&base)
        .await;
    let upload = answering(&["/things"]).await;
    let client = client(&base);
    let elsewhere = Server::Absolute(leak(upload.uri()));

    client.execute(get_things(Server::Base)).await.unwrap();
    // The base URL's bucket is used up for longer than the call's deadline.
    let error = client.execute(get_things(Server::Base)).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::GaveUpWaiting { .. }),
        "{error}"
    );
    // The other host's bucket of the same route is untouched.
    client.execute(get_things(elsewhere)).await.unwrap();
    assert_eq!(received(&base).await.len(), 1);
    assert_eq!(received(&upload).await.len(), 1);
}
