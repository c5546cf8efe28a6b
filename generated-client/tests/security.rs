//! Security schemes on the wire (issue 19): the generator's `security`
//! fixture's schemes (its checked-in snapshot, compiled here), applied by the
//! client to requests a wiremock server on 127.0.0.1 receives. Each scheme
//! sends exactly what it says and nothing else, `security: []` sends nothing,
//! a missing credential fails before sending, and no secret is ever shown.

use fluxer_client::request::{self, Method, OperationInfo, RequestSpec, Security};
use fluxer_client::{Client, Credentials, ErrorKind};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The schemes the generator writes for `generator/tests/fixtures/security.yaml`
/// (they name `crate::request`, which the `use` above provides).
#[rustfmt::skip]
#[path = "../../generator/tests/snapshots/security/security.rs"]
mod security;

const SECRET: &str = "s3cr3t-7Hq2-token";

/// An operation of the fixture: its path, and what it accepts as the
/// fixture's `security` says (the generated `OperationInfo`s hold the same).
macro_rules! operation {
    ($name:ident, $path:literal, $security:expr) => {
        static $name: OperationInfo = OperationInfo::new(stringify!($name), Method::Get, $path)
            .with_security(Security::Requirements($security));
    };
}

operation!(HEADER, "/header", &[&[&security::HEADER_KEY]]);
operation!(QUERY, "/query", &[&[&security::QUERY_KEY]]);
operation!(COOKIE, "/cookie", &[&[&security::COOKIE_KEY]]);
operation!(BASIC, "/basic", &[&[&security::BASIC_AUTH]]);
operation!(BEARER, "/bearer", &[&[&security::BEARER_AUTH]]);
operation!(BOT, "/bot", &[&[&security::BOT_TOKEN]]);
operation!(OAUTH_OP, "/oauth", &[&[&security::OAUTH]]);
operation!(OIDC_OP, "/oidc", &[&[&security::OIDC]]);
operation!(TLS_OP, "/tls", &[&[&security::TLS]]);
operation!(PREFIXED, "/prefixed", &[&[&security::PREFIXED_KEY]]);
operation!(PUBLIC, "/public", &[]);
operation!(OPTIONAL, "/optional", &[&[], &[&security::BEARER_AUTH]]);
operation!(
    EITHER,
    "/either",
    &[&[&security::HEADER_KEY], &[&security::BEARER_AUTH]]
);
operation!(
    BOTH,
    "/both",
    &[&[&security::HEADER_KEY, &security::QUERY_KEY]]
);

fn client(server: &MockServer, credentials: Credentials) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(credentials)
        .build()
        .expect("client builds")
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// What a request carried that could hold a credential: `Authorization`,
/// `X-Api-Key`, `Cookie` and the query.
fn credentials_sent(request: &Request) -> Vec<String> {
    let mut sent = Vec::new();
    for name in ["authorization", "x-api-key", "cookie"] {
        for value in request.headers.get_all(name) {
            sent.push(format!("{name}: {}", value.to_str().unwrap()));
        }
    }
    if let Some(query) = request.url.query() {
        sent.push(format!("?{query}"));
    }
    sent
}

/// Sends a request for `operation` with `credentials` and returns what the
/// server saw, or the error (checked to hold no secret).
async fn send(
    operation: &'static OperationInfo,
    credentials: Credentials,
) -> Result<Vec<String>, fluxer_client::Error> {
    let server = server().await;
    let result = client(&server, credentials)
        .execute(RequestSpec::<()>::new(operation, operation.path_template))
        .await;
    let requests = server.received_requests().await.unwrap();
    match result {
        Ok(_) => {
            assert_eq!(requests.len(), 1);
            Ok(credentials_sent(&requests[0]))
        }
        Err(error) => {
            assert!(requests.is_empty(), "sent despite {error}");
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains(SECRET), "{shown}");
            Err(error)
        }
    }
}

#[tokio::test]
async fn each_scheme_sends_exactly_what_it_says() {
    use security::*;
    let cases: Vec<(&'static OperationInfo, Credentials, Vec<String>)> = vec![
        (
            &HEADER,
            Credentials::token(&HEADER_KEY, SECRET),
            vec![format!("x-api-key: {SECRET}")],
        ),
        (
            &QUERY,
            Credentials::token(&QUERY_KEY, "a b&c"),
            vec!["?api_key=a+b%26c".to_owned()],
        ),
        (
            &COOKIE,
            Credentials::token(&COOKIE_KEY, SECRET),
            vec![format!("cookie: session_id={SECRET}")],
        ),
        (
            &BASIC,
            Credentials::basic(&BASIC_AUTH, "Aladdin", "open sesame"),
            vec!["authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".to_owned()],
        ),
        (
            &BEARER,
            Credentials::token(&BEARER_AUTH, SECRET),
            vec![format!("authorization: Bearer {SECRET}")],
        ),
        (
            &BEARER,
            Credentials::bearer(SECRET),
            vec![format!("authorization: Bearer {SECRET}")],
        ),
        (
            &BOT,
            Credentials::bot(SECRET),
            vec![format!("authorization: Bot {SECRET}")],
        ),
        (
            &OAUTH_OP,
            Credentials::token(&security::OAUTH, SECRET),
            vec![format!("authorization: Bearer {SECRET}")],
        ),
        (
            &OIDC_OP,
            Credentials::bearer(SECRET),
            vec![format!("authorization: Bearer {SECRET}")],
        ),
        (&TLS_OP, Credentials::none(), vec![]),
        (
            &PREFIXED,
            Credentials::token(&PREFIXED_KEY, SECRET),
            vec![format!("authorization: Key {SECRET}")],
        ),
    ];
    for (operation, credentials, expected) in cases {
        // Every other credential is held too: only the operation's is sent.
        let all = Credentials::token(&HEADER_KEY, "other-h")
            .and(Credentials::token(&QUERY_KEY, "other-q"))
            .and(Credentials::token(&COOKIE_KEY, "other-c"))
            .and(Credentials::bot("other-b"));
        let credentials = match operation.operation_id {
            "HEADER" | "QUERY" | "COOKIE" | "BOT" | "PREFIXED" => credentials,
            _ => all.and(credentials),
        };
        let sent = send(operation, credentials).await.unwrap();
        assert_eq!(sent, expected, "{}", operation.operation_id);
    }
}

#[tokio::test]
async fn alternatives_combinations_and_no_security() {
    use security::*;
    let header = || Credentials::token(&HEADER_KEY, "h");
    let query = || Credentials::token(&QUERY_KEY, "q");
    // `security: []`: nothing, whatever the client holds.
    let sent = send(&PUBLIC, header().and(query()).and(Credentials::bot(SECRET))).await;
    assert_eq!(sent.unwrap(), Vec::<String>::new());
    // Optional: nothing without, the bearer token with.
    assert!(
        send(&OPTIONAL, Credentials::none())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        send(&OPTIONAL, Credentials::bearer("b")).await.unwrap(),
        ["authorization: Bearer b"]
    );
    // Either alternative, the first one covered.
    assert_eq!(send(&EITHER, header()).await.unwrap(), ["x-api-key: h"]);
    assert_eq!(
        send(&EITHER, Credentials::bearer("b")).await.unwrap(),
        ["authorization: Bearer b"]
    );
    // Both schemes of a combination, together.
    assert_eq!(
        send(&BOTH, header().and(query())).await.unwrap(),
        ["x-api-key: h", "?api_key=q"]
    );
}

#[tokio::test]
async fn a_missing_credential_fails_before_sending() {
    use security::*;
    for (operation, credentials) in [
        (&HEADER, Credentials::none()),
        (&BOTH, Credentials::token(&HEADER_KEY, SECRET)),
        (&BOT, Credentials::bearer(SECRET)),
        (&BASIC, Credentials::token(&HEADER_KEY, SECRET)),
        (&EITHER, Credentials::session(SECRET)),
    ] {
        let error = send(operation, credentials).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Credentials { .. }),
            "{error:?}"
        );
        assert!(
            error.to_string().starts_with(&format!(
                "request not sent: `{}` accepts `",
                operation.operation_id
            )),
            "{error}"
        );
    }
}

/// An `apiKey` in the query is never shown: not in a transport error (whose
/// source names the URL), not in a prepared request's `Debug`.
#[tokio::test]
async fn a_secret_in_the_url_is_never_shown() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .base_url(&base_url)
        .credentials(Credentials::token(&security::QUERY_KEY, SECRET))
        .build()
        .unwrap();
    let request = RequestSpec::<()>::new(&QUERY, "/query");
    let prepared = client.prepare(&request).unwrap();
    assert!(prepared.url().contains(SECRET));
    assert!(!format!("{prepared:?}").contains(SECRET), "{prepared:?}");
    let error = client.execute(request).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Connect { .. }), "{error}");
    let mut shown = format!("{error} {error:?}");
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        shown.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    assert!(!shown.contains(SECRET), "{shown}");

    let cookie = Client::builder()
        .base_url(&base_url)
        .credentials(Credentials::token(&security::COOKIE_KEY, SECRET))
        .build()
        .unwrap();
    let prepared = cookie
        .prepare(&RequestSpec::<()>::new(&COOKIE, "/cookie"))
        .unwrap();
    assert_eq!(
        prepared.header("cookie"),
        Some(format!("session_id={SECRET}").as_str())
    );
    assert!(!format!("{prepared:?}").contains(SECRET), "{prepared:?}");
}

/// `set_credentials` swaps the credentials of a running client and all its
/// clones; a bad secret is refused and the old credentials stay.
#[tokio::test]
async fn set_credentials_is_shared_by_clones() {
    let server = server().await;
    let client = client(&server, Credentials::bot("first"));
    let clone = client.clone();
    let request = || RequestSpec::<()>::new(&BOT, "/bot");
    clone.execute(request()).await.unwrap();
    client.set_credentials(Credentials::bot("second")).unwrap();
    clone.execute(request()).await.unwrap();
    let error = client
        .set_credentials(Credentials::bot(format!("{SECRET}\r\nX: y")))
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Builder { .. }));
    assert!(!format!("{error} {error:?}").contains(SECRET));
    clone.execute(request()).await.unwrap();
    client.set_credentials(Credentials::none()).unwrap();
    let error = clone.execute(request()).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Credentials { .. }));
    let seen: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .flat_map(credentials_sent)
        .collect();
    assert_eq!(
        seen,
        [
            "authorization: Bot first",
            "authorization: Bot second",
            "authorization: Bot second"
        ]
    );
}

/// A hand-built operation ([`OperationInfo::new`]) sends every credential
/// the client holds, as before.
#[tokio::test]
async fn hand_built_operations_send_the_clients_credentials() {
    static THING: OperationInfo = OperationInfo::new("thing", Method::Get, "/thing");
    let sent = send(&THING, Credentials::bot(SECRET)).await.unwrap();
    assert_eq!(sent, [format!("authorization: Bot {SECRET}")]);
    let _ = request::Security::NONE;
}
