//! The generator's `uploads` fixture (its checked-in snapshot) compiled
//! against this runtime: its multipart structs are encoded part by part and
//! sent through a real `Client` to a server on 127.0.0.1, which must
//! receive exactly the bytes written here.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::uploads_fixture::{CreateEmojiRequest, EmojiKind, MessagePayload, MessageUpload};
use super::{File, Method, MultipartForm, OperationInfo, RequestSpec};
use crate::{Client, Constraint, RateLimitConfig, RetryConfig, Validate};

/// The most a test request may be (head and body).
const MAX_REQUEST: usize = 1 << 20;
const TIMEOUT: Duration = Duration::from_secs(10);

static UPLOAD: OperationInfo = OperationInfo::new("upload", Method::Post, "/upload");

/// Reads one request (its head, then `Content-Length` bytes of body, all
/// bounded), answers `204`, and returns the head and the body.
async fn read_one(listener: TcpListener) -> (String, Vec<u8>) {
    let (mut stream, _) = listener.accept().await.unwrap();
    let mut bytes = Vec::new();
    let mut chunk = [0_u8; 8192];
    let head_end = loop {
        if let Some(end) = bytes.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
        assert!(bytes.len() < MAX_REQUEST, "no end of the head");
        let read = stream.read(&mut chunk).await.unwrap();
        assert!(read > 0, "the connection closed in the head");
        bytes.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8(bytes[..head_end].to_vec()).unwrap();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().unwrap())
        })
        .expect("a Content-Length");
    assert!(length < MAX_REQUEST);
    while bytes.len() < head_end + length {
        let read = stream.read(&mut chunk).await.unwrap();
        assert!(read > 0, "the connection closed in the body");
        bytes.extend_from_slice(&chunk[..read]);
    }
    stream
        .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    (head, bytes[head_end..].to_vec())
}

/// Sends `form` as the body of a `POST` and returns the request's head and
/// body as the server received them.
async fn send(form: &impl MultipartForm) -> (String, Vec<u8>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(read_one(listener));
    let client = Client::builder()
        .base_url(base)
        .bot_token("uploads-test-token")
        .rate_limits(RateLimitConfig::disabled())
        .retries(RetryConfig::disabled())
        .build()
        .unwrap();
    let request: RequestSpec<()> =
        RequestSpec::new(&UPLOAD, "/upload").multipart_body(&form.to_multipart().unwrap());
    tokio::time::timeout(TIMEOUT, client.execute(request))
        .await
        .unwrap()
        .unwrap();
    tokio::time::timeout(TIMEOUT, server)
        .await
        .unwrap()
        .unwrap()
}

fn content_type(head: &str) -> &str {
    head.lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-type")
                .then(|| value.trim())
        })
        .unwrap()
}

#[tokio::test]
async fn text_a_json_part_and_indexed_files_arrive_as_written() {
    let upload = MessageUpload {
        content: Some("hello ✓".to_owned()),
        note: Some("a note".to_owned()),
        payload_json: Some(MessagePayload {
            content: Some("embedded".to_owned()),
            tts: Some(false),
        }),
        files: Some(vec![
            File::new("a.png", b"PNG-A".to_vec()),
            File::new("b.txt", b"text B".to_vec()).content_type("text/plain"),
        ]),
    };
    let (head, body) = send(&upload).await;
    assert!(head.starts_with("POST /upload HTTP/1.1\r\n"), "{head}");
    let boundary = "fluxer-client-boundary-00000000";
    assert_eq!(
        content_type(&head),
        format!("multipart/form-data; boundary={boundary}")
    );
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nhello ✓\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\na note\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{{\"content\":\"embedded\",\"tts\":false}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNG-A\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"files[1]\"; filename=\"b.txt\"\r\nContent-Type: text/plain\r\n\r\ntext B\r\n\
         --{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8(body).unwrap(), expected);
}

#[tokio::test]
async fn numbers_booleans_enums_lists_and_files_arrive_as_text_and_parts() {
    let emoji = CreateEmojiRequest {
        name: "parrot".to_owned(),
        image: File::new("parrot.gif", vec![0x47, 0x49, 0x46, 0x00, 0xff]),
        roles: Some(vec!["1".to_owned(), "2".to_owned()]),
        animated: Some(true),
        size: Some(128),
        kind: Some(EmojiKind::Sticker),
        thumbnail: None,
        attachments: Some(vec![
            File::new("x.bin", vec![1, 2]),
            File::new("y.bin", vec![3]),
        ]),
    };
    emoji.validate().unwrap();
    let (_, body) = send(&emoji).await;
    let boundary = "fluxer-client-boundary-00000000";
    let part = |name: &str, value: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
    };
    let file = |name: &str, file_name: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
    };
    let mut expected = part("name", "parrot").into_bytes();
    expected.extend(file("image", "parrot.gif").bytes());
    expected.extend([0x47, 0x49, 0x46, 0x00, 0xff]);
    expected.extend(b"\r\n");
    for text in [
        part("roles", "1"),
        part("roles", "2"),
        part("animated", "true"),
        part("size", "128"),
        part("kind", "sticker"),
        file("attachments", "x.bin"),
    ] {
        expected.extend(text.bytes());
    }
    expected.extend([1, 2]);
    expected.extend(b"\r\n");
    expected.extend(file("attachments", "y.bin").bytes());
    expected.extend([3]);
    expected.extend(format!("\r\n--{boundary}--\r\n").bytes());
    assert_eq!(body, expected);
}

#[test]
fn constraints_are_checked_before_sending() {
    let mut emoji = CreateEmojiRequest {
        name: "p".to_owned(),
        image: File::new("p.png", Vec::new()),
        roles: None,
        animated: None,
        size: None,
        kind: None,
        thumbnail: None,
        attachments: None,
    };
    let problem = emoji.validate().unwrap_err();
    assert_eq!(
        (problem.field(), problem.constraint()),
        ("name", Constraint::MinLength(2))
    );
    emoji.name = "parrot".to_owned();
    emoji.attachments = Some(vec![File::new("f", Vec::new()); 4]);
    let problem = emoji.validate().unwrap_err();
    assert_eq!(
        (problem.field(), problem.constraint()),
        ("attachments", Constraint::MaxItems(3))
    );
    let upload = MessageUpload {
        files: Some(vec![File::new("f", Vec::new()); 4]),
        ..Default::default()
    };
    assert_eq!(upload.validate().unwrap_err().field(), "files");
}
