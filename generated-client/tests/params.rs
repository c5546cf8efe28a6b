//! Parameter styles on the wire: requests built with `query_param`,
//! `path_param`, `header_param` and `cookie_param` are sent through the real
//! `Client` to a raw TCP server on 127.0.0.1 that records the request line and
//! headers byte for byte, so the assertions see exactly what a server sees.

use std::collections::BTreeMap;
use std::time::Duration;

use fluxer_client::request::{
    Method, OperationInfo, PathStyle, QueryStyle, RequestSpec, path_param,
};
use fluxer_client::{Client, ErrorKind, RateLimitConfig, RetryConfig};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The most a request head may be; the server stops reading there.
const MAX_HEAD: usize = 64 * 1024;
/// How long one exchange may take.
const TIMEOUT: Duration = Duration::from_secs(10);

static GET: OperationInfo = OperationInfo::new("params_get", Method::Get, "/colors/{color}");

/// A request as it arrived: the request line and the headers, names in
/// lower case, in the order sent.
#[derive(Debug)]
struct Seen {
    line: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    /// The request target: path and query, as sent.
    fn target(&self) -> &str {
        self.line.split(' ').nth(1).expect("a request target")
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }
}

/// Reads one request head from `stream` (bounded), answers `204`, and
/// returns what arrived.
async fn read_one(listener: TcpListener) -> Seen {
    let (mut stream, _) = listener.accept().await.expect("a connection");
    let mut head = Vec::new();
    let mut chunk = [0_u8; 4096];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") && head.len() < MAX_HEAD {
        let read = stream.read(&mut chunk).await.expect("readable");
        if read == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..read]);
    }
    stream
        .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
        .await
        .expect("writable");
    stream.shutdown().await.ok();
    let text = String::from_utf8(head).expect("an ASCII request head");
    let mut lines = text.split("\r\n");
    let line = lines.next().expect("a request line").to_owned();
    let headers = lines
        .take_while(|line| !line.is_empty())
        .map(|line| {
            let (name, value) = line.split_once(':').expect("a header line");
            (name.to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    Seen { line, headers }
}

/// Sends `request` through a real client to a one-request server and
/// returns what the server saw.
async fn send(request: RequestSpec<()>) -> Seen {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let server = tokio::spawn(read_one(listener));
    let client = Client::builder()
        .base_url(base)
        .bot_token("params-test-token")
        .rate_limits(RateLimitConfig::disabled())
        .retries(RetryConfig::disabled())
        .build()
        .expect("a client");
    tokio::time::timeout(TIMEOUT, client.execute(request))
        .await
        .expect("answered in time")
        .expect("a 204");
    tokio::time::timeout(TIMEOUT, server)
        .await
        .expect("recorded in time")
        .expect("the server task")
}

fn request(path: &str) -> RequestSpec<()> {
    RequestSpec::new(&GET, path.to_owned())
}

#[derive(Serialize)]
struct Rgb {
    #[serde(rename = "R")]
    r: u8,
    #[serde(rename = "G")]
    g: u8,
    #[serde(rename = "B")]
    b: u8,
}

const COLOR: Rgb = Rgb {
    r: 100,
    g: 200,
    b: 150,
};
const LIST: [&str; 3] = ["blue", "black", "brown"];

/// Each defined query cell of the Style Examples table, as a request target.
#[tokio::test]
async fn query_styles_on_the_wire() {
    let form = QueryStyle::Form { explode: false };
    let form_explode = QueryStyle::Form { explode: true };
    let space = QueryStyle::SpaceDelimited { explode: false };
    let pipe = QueryStyle::PipeDelimited { explode: false };
    let cases: Vec<(RequestSpec<()>, &str)> = vec![
        (
            request("/q").query_param("color", "blue", form).unwrap(),
            "/q?color=blue",
        ),
        (
            request("/q").query_param("color", &LIST, form).unwrap(),
            "/q?color=blue,black,brown",
        ),
        (
            request("/q").query_param("color", &COLOR, form).unwrap(),
            "/q?color=R,100,G,200,B,150",
        ),
        (
            request("/q")
                .query_param("color", "blue", form_explode)
                .unwrap(),
            "/q?color=blue",
        ),
        (
            request("/q")
                .query_param("color", &LIST, form_explode)
                .unwrap(),
            "/q?color=blue&color=black&color=brown",
        ),
        (
            request("/q")
                .query_param("color", &COLOR, form_explode)
                .unwrap(),
            "/q?R=100&G=200&B=150",
        ),
        (
            request("/q").query_param("color", &LIST, space).unwrap(),
            "/q?color=blue%20black%20brown",
        ),
        (
            request("/q").query_param("color", &COLOR, space).unwrap(),
            "/q?color=R%20100%20G%20200%20B%20150",
        ),
        (
            request("/q").query_param("color", &LIST, pipe).unwrap(),
            "/q?color=blue%7Cblack%7Cbrown",
        ),
        (
            request("/q").query_param("color", &COLOR, pipe).unwrap(),
            "/q?color=R%7C100%7CG%7C200%7CB%7C150",
        ),
        (
            request("/q")
                .query_param("color", &COLOR, QueryStyle::DeepObject)
                .unwrap(),
            "/q?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
        ),
        // Undefined values add nothing; an empty string is `name=`.
        (
            request("/q")
                .query_param("color", &None::<u8>, form_explode)
                .unwrap(),
            "/q",
        ),
        (
            request("/q").query_param("color", "", form).unwrap(),
            "/q?color=",
        ),
    ];
    for (request, expected) in cases {
        let seen = send(request).await;
        assert_eq!(seen.line, format!("GET {expected} HTTP/1.1"));
    }
}

/// Reserved characters inside values are percent-encoded, separators are
/// not, and several parameters share one query string in order.
#[tokio::test]
async fn query_percent_encoding_on_the_wire() {
    let reserved = ["a,b", "a b", "a/b", "ü", "&", "=", "#", "%", "+", "?"];
    let request = request("/q")
        .query_param("list", &reserved, QueryStyle::Form { explode: false })
        .unwrap()
        .query_param("each", &reserved[..3], QueryStyle::Form { explode: true })
        .unwrap()
        .query_param(
            "pipe",
            &["a,b", "c d"],
            QueryStyle::PipeDelimited { explode: false },
        )
        .unwrap()
        .query_param(
            "deep",
            &BTreeMap::from([("a b", "c&d"), ("ü", "=")]),
            QueryStyle::DeepObject,
        )
        .unwrap()
        .query_json("filter", &serde_json::json!({"q": "x y"}))
        .unwrap()
        .query("plain", "1 + 1 = 2")
        .query_serialized("ids", &[1, 2])
        .unwrap();
    let expected = "/q?list=a%2Cb,a%20b,a%2Fb,%C3%BC,%26,%3D,%23,%25,%2B,%3F\
                    &each=a%2Cb&each=a%20b&each=a%2Fb\
                    &pipe=a%2Cb%7Cc%20d\
                    &deep%5Ba%20b%5D=c%26d&deep%5B%C3%BC%5D=%3D\
                    &filter=%7B%22q%22%3A%22x%20y%22%7D\
                    &plain=1%20%2B%201%20%3D%202\
                    &ids=1&ids=2";
    assert_eq!(request.query_string(), &expected[3..]);
    let seen = send(request).await;
    assert_eq!(seen.target(), expected);
}

/// Each path cell of the Style Examples table, in a real path.
#[tokio::test]
async fn path_styles_on_the_wire() {
    let simple = PathStyle::Simple { explode: false };
    let simple_explode = PathStyle::Simple { explode: true };
    let label = PathStyle::Label { explode: false };
    let label_explode = PathStyle::Label { explode: true };
    let matrix = PathStyle::Matrix { explode: false };
    let matrix_explode = PathStyle::Matrix { explode: true };
    let cases: Vec<(String, &str)> = vec![
        (path_param("color", "blue", simple).unwrap(), "blue"),
        (
            path_param("color", &LIST, simple).unwrap(),
            "blue,black,brown",
        ),
        (
            path_param("color", &COLOR, simple).unwrap(),
            "R,100,G,200,B,150",
        ),
        (
            path_param("color", &COLOR, simple_explode).unwrap(),
            "R=100,G=200,B=150",
        ),
        (path_param("color", "blue", label).unwrap(), ".blue"),
        (
            path_param("color", &LIST, label).unwrap(),
            ".blue,black,brown",
        ),
        (
            path_param("color", &LIST, label_explode).unwrap(),
            ".blue.black.brown",
        ),
        (
            path_param("color", &COLOR, label_explode).unwrap(),
            ".R=100.G=200.B=150",
        ),
        (path_param("color", "blue", matrix).unwrap(), ";color=blue"),
        (
            path_param("color", &LIST, matrix).unwrap(),
            ";color=blue,black,brown",
        ),
        (
            path_param("color", &LIST, matrix_explode).unwrap(),
            ";color=blue;color=black;color=brown",
        ),
        (
            path_param("color", &COLOR, matrix_explode).unwrap(),
            ";R=100;G=200;B=150",
        ),
        // A `/` (or `?`, `#`, `%`) in a value never changes the path's shape.
        (
            path_param("color", &["a/b", "c?d#e%"], simple).unwrap(),
            "a%2Fb,c%3Fd%23e%25",
        ),
        (
            path_param("color", "x/../y", matrix).unwrap(),
            ";color=x%2F..%2Fy",
        ),
    ];
    for (segment, expected) in cases {
        assert_eq!(segment, expected);
        let seen = send(request(&format!("/colors/{segment}/shade"))).await;
        assert_eq!(seen.line, format!("GET /colors/{expected}/shade HTTP/1.1"));
    }
}

/// Header parameters arrive unchanged; every cookie parameter arrives in one
/// `Cookie` header.
/// What the generator writes for `/orgs/{org_id}/maps/{map_id}/orgs/{org_id}`
/// (one argument written in both places) and for a path key that fixes a
/// query (`/maps?kind=a b`): the path and query as a server sees them.
#[tokio::test]
async fn a_parameter_written_twice_and_a_fixed_query_on_the_wire() {
    static GET_MAP: OperationInfo = OperationInfo::new(
        "getMap",
        Method::Get,
        "/orgs/{org_id}/maps/{map_id}/orgs/{org_id}",
    );
    let simple = PathStyle::Simple { explode: false };
    let org_id = path_param("org_id", "a/b", simple).unwrap();
    let map_id = path_param("map_id", &7, simple).unwrap();
    let request = RequestSpec::with_path_params(&GET_MAP, [org_id, map_id]).query("kind", "a b");
    let seen = send(request).await;
    assert_eq!(seen.target(), "/orgs/a%2Fb/maps/7/orgs/a%2Fb?kind=a%20b");
}

#[tokio::test]
async fn headers_and_cookies_on_the_wire() {
    let request = request("/h")
        .header_param("X-List", &LIST, false)
        .unwrap()
        .header_param("X-Object", &COLOR, false)
        .unwrap()
        .header_param("X-Exploded", &COLOR, true)
        .unwrap()
        .header_param("X-Raw", "W/\"a b,c\"", false)
        .unwrap()
        .header_param("X-Absent", &None::<u8>, false)
        .unwrap()
        .cookie_param("session", "abc.def", false)
        .unwrap()
        .cookie_param("greeting", "Hello, world!", false)
        .unwrap()
        .cookie_param("color", &LIST, true)
        .unwrap()
        .cookie_param("rgb", &COLOR, true)
        .unwrap()
        .cookie_param("absent", &None::<u8>, true)
        .unwrap();
    let seen = send(request).await;
    assert_eq!(seen.all("x-list"), ["blue,black,brown"]);
    assert_eq!(seen.all("x-object"), ["R,100,G,200,B,150"]);
    assert_eq!(seen.all("x-exploded"), ["R=100,G=200,B=150"]);
    assert_eq!(seen.all("x-raw"), ["W/\"a b,c\""]);
    assert_eq!(seen.all("x-absent"), Vec::<&str>::new());
    assert_eq!(
        seen.all("cookie"),
        ["session=abc.def; greeting=Hello%2C%20world%21; \
             color=blue; color=black; color=brown; R=100; G=200; B=150"]
    );
    assert_eq!(seen.target(), "/h");
}

/// `Client::prepare` describes the same request: the encoded query in the
/// URL and the one `Cookie` header.
#[tokio::test]
async fn prepare_shows_what_is_sent() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .bot_token("params-test-token")
        .build()
        .unwrap();
    let segment = path_param("color", &LIST, PathStyle::Label { explode: true }).unwrap();
    let request = request(&format!("/colors/{segment}"))
        .query_param("q", &["a b", "c"], QueryStyle::Form { explode: false })
        .unwrap()
        .cookie_param("a", &1, false)
        .unwrap()
        .cookie_param("b", "x y", false)
        .unwrap()
        .header_param("X-Ids", &[1, 2], false)
        .unwrap();
    let prepared = client.prepare(&request).unwrap();
    assert_eq!(
        prepared.url(),
        "http://127.0.0.1:9/colors/.blue.black.brown?q=a%20b,c"
    );
    assert_eq!(prepared.header("cookie"), Some("a=1; b=x%20y"));
    assert_eq!(prepared.header("x-ids"), Some("1,2"));
    let cookies = prepared
        .headers()
        .iter()
        .filter(|(name, _)| name == "cookie")
        .count();
    assert_eq!(cookies, 1);
}

/// A parameter that cannot be serialised fails before anything is sent.
#[test]
fn bad_parameters_fail_while_building() {
    let deep_list = request("/q").query_param("c", &LIST, QueryStyle::DeepObject);
    let nested = request("/q").query_param("c", &[[1]], QueryStyle::Form { explode: true });
    let split_header = request("/q").header_param("X-A", "a\r\nX-B: b", false);
    let bad_cookie = request("/q").cookie_param("a b", "v", false);
    let nested_path = path_param("c", &[[1]], PathStyle::Simple { explode: false });
    for error in [
        deep_list.unwrap_err(),
        nested.unwrap_err(),
        split_header.unwrap_err(),
        bad_cookie.unwrap_err(),
        nested_path.unwrap_err(),
    ] {
        assert!(
            matches!(error.kind(), ErrorKind::Encode { .. }),
            "{error:?}"
        );
    }
}

/// The methods added for OpenAPI's `head`, `options` and `trace` operations
/// go on the wire by name.
#[tokio::test]
async fn head_options_and_trace_on_the_wire() {
    static HEAD: OperationInfo = OperationInfo::new("params_head", Method::Head, "/m");
    static OPTIONS: OperationInfo = OperationInfo::new("params_options", Method::Options, "/m");
    static TRACE: OperationInfo = OperationInfo::new("params_trace", Method::Trace, "/m");
    for (operation, name) in [(&HEAD, "HEAD"), (&OPTIONS, "OPTIONS"), (&TRACE, "TRACE")] {
        let seen = send(RequestSpec::new(operation, "/m".to_owned())).await;
        assert_eq!(seen.line, format!("{name} /m HTTP/1.1"));
    }
}
