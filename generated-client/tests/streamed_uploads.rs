//! Request bodies streamed from a reader to a server on 127.0.0.1: the
//! exact bytes arrive, with `Content-Length` when the length is known and
//! chunked otherwise; a streamed body is sent once, never retried; an
//! upload cut off part-way is an `OutcomeUnknown`.

use std::time::Duration;

use fluxer_client::request::{BodyStream, Method, OperationInfo, RequestSpec};
use fluxer_client::{Client, ErrorKind, RateLimitConfig, RetryConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// `PUT` is idempotent: a failure would be retried if the body were bytes.
static UPLOAD: OperationInfo = OperationInfo::new("upload", Method::Put, "/file");

const MIB: usize = 1024 * 1024;
/// The most a test server reads.
const MAX_READ: usize = 16 * MIB;

fn content(size: usize) -> Vec<u8> {
    (0..size).map(|at| (at % 253) as u8).collect()
}

/// Reads a request head; `None` when the connection closes first.
async fn read_head(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    let mut chunk = [0_u8; 8192];
    loop {
        if let Some(end) = bytes.windows(4).position(|window| window == b"\r\n\r\n") {
            let head = String::from_utf8(bytes[..end + 4].to_vec()).unwrap();
            return Some((head.to_ascii_lowercase(), bytes[end + 4..].to_vec()));
        }
        assert!(bytes.len() < 64 * 1024);
        let read = stream.read(&mut chunk).await.unwrap();
        if read == 0 {
            return None;
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
}

/// Reads until `done` says the body is complete (bounded by `MAX_READ`).
async fn read_until(
    stream: &mut TcpStream,
    mut bytes: Vec<u8>,
    done: impl Fn(&[u8]) -> bool,
) -> Vec<u8> {
    let mut chunk = vec![0_u8; 64 * 1024];
    while !done(&bytes) && bytes.len() < MAX_READ {
        let read = stream.read(&mut chunk).await.unwrap();
        if read == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
    bytes
}

/// Decodes a chunked body.
fn unchunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line = bytes.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&bytes[..line]).unwrap(), 16).unwrap();
        bytes = &bytes[line + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&bytes[..size]);
        bytes = &bytes[size + 2..];
    }
}

fn client(base: String, retries: RetryConfig) -> Client {
    Client::builder()
        .base_url(base)
        .bot_token("upload-test-token")
        .rate_limits(RateLimitConfig::default().proactive(false))
        .retries(retries)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Sends `stream` to a server that reads the whole request and answers 204;
/// returns the head (lower case) and the body as received.
async fn upload(stream: BodyStream) -> (String, Vec<u8>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let (head, start) = read_head(&mut stream).await.unwrap();
        let body = if head.contains("transfer-encoding: chunked") {
            let raw = read_until(&mut stream, start, |bytes| bytes.ends_with(b"0\r\n\r\n")).await;
            unchunk(&raw)
        } else {
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length: "))
                .unwrap()
                .parse()
                .unwrap();
            read_until(&mut stream, start, |bytes| bytes.len() >= length).await
        };
        stream
            .write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
            .await
            .unwrap();
        (head, body)
    });
    let request =
        RequestSpec::<()>::new(&UPLOAD, "/file").stream_body("application/octet-stream", stream);
    client(base, RetryConfig::default())
        .execute(request)
        .await
        .unwrap();
    server.await.unwrap()
}

#[tokio::test]
async fn a_stream_of_known_length_arrives_exactly_with_its_content_length() {
    let data = content(5 * MIB + 7);
    let (head, body) =
        upload(BodyStream::new(std::io::Cursor::new(data.clone())).length(data.len() as u64)).await;
    assert!(head.starts_with("put /file http/1.1\r\n"), "{head}");
    assert!(
        head.contains(&format!("content-length: {}\r\n", data.len())),
        "{head}"
    );
    assert!(
        head.contains("content-type: application/octet-stream\r\n"),
        "{head}"
    );
    assert!(body == data, "{} bytes received", body.len());
}

#[tokio::test]
async fn a_stream_of_unknown_length_is_sent_chunked() {
    let data = content(300_000);
    let (head, body) = upload(BodyStream::new(std::io::Cursor::new(data.clone()))).await;
    assert!(head.contains("transfer-encoding: chunked\r\n"), "{head}");
    assert!(!head.contains("content-length"), "{head}");
    assert!(body == data, "{} bytes received", body.len());
}

/// The server reads the head and part of the body, then drops the
/// connection. The operation is idempotent and retries are on, yet the
/// stream is not sent again (the server would see a second connection).
#[tokio::test]
async fn an_upload_cut_off_part_way_is_an_outcome_unknown_and_not_retried() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let (_, start) = read_head(&mut stream).await.unwrap();
        read_until(&mut stream, start, |bytes| bytes.len() >= 100 * 1024).await;
        drop(stream);
        listener
    });
    let data = content(64 * MIB);
    let request = RequestSpec::<()>::new(&UPLOAD, "/file").stream_body(
        "application/octet-stream",
        BodyStream::new(std::io::Cursor::new(data)).length(64 * MIB as u64),
    );
    let error = client(base, RetryConfig::default().max_retries(3))
        .execute(request)
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::OutcomeUnknown { .. }),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 1, "{error}");
    // A retry would have connected again before the call ended: no
    // connection is waiting (an accept that is ready is polled first).
    let listener = server.await.unwrap();
    let again = tokio::time::timeout(Duration::ZERO, listener.accept()).await;
    assert!(again.is_err(), "the stream was sent again");
}

/// A 429 is retried for a body of bytes; a stream has been read, so the
/// call ends with the 429.
#[tokio::test]
async fn a_streamed_upload_is_not_retried_after_a_429() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let (_, start) = read_head(&mut stream).await.unwrap();
        read_until(&mut stream, start, |bytes| bytes.len() >= 10).await;
        let body = r#"{"message":"slow down","retry_after":0,"global":false}"#;
        let answer = format!(
            "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(answer.as_bytes()).await.unwrap();
    });
    let request = RequestSpec::<()>::new(&UPLOAD, "/file").stream_body(
        "application/octet-stream",
        BodyStream::new(std::io::Cursor::new(content(10))).length(10),
    );
    let error = client(base, RetryConfig::default())
        .execute(request)
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 1);
    server.await.unwrap();
}
