//! Binary answers streamed chunk by chunk from a server on 127.0.0.1: a
//! 100 MiB download never has more than one chunk in the client's hands,
//! the size cap is enforced while streaming, and a body cut off is an
//! `OutcomeUnknown`.

use fluxer_client::request::{Method, OperationInfo, RequestSpec};
use fluxer_client::{Client, ErrorKind, RateLimitConfig, RetryConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

static DOWNLOAD: OperationInfo = OperationInfo::new("download", Method::Get, "/file");

const MIB: usize = 1024 * 1024;
/// The size of each write of the server.
const WRITE: usize = 64 * 1024;

/// How the server answers.
#[derive(Clone, Copy)]
enum Answer {
    /// `Content-Length: size`, then `sent` bytes (fewer than `size`: cut off).
    Sized { size: usize, sent: usize },
    /// Chunked transfer encoding, `size` bytes, no length said up front.
    Chunked { size: usize },
}

/// The byte at `position` of every body: a pattern the client checks.
fn byte_at(position: usize) -> u8 {
    (position % 251) as u8
}

async fn read_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0_u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        if stream.read(&mut byte).await.unwrap() == 0 {
            return;
        }
        head.push(byte[0]);
    }
}

/// Serves one request with `answer`, writing `WRITE` bytes at a time.
async fn serve(listener: TcpListener, answer: Answer) {
    let (mut stream, _) = listener.accept().await.unwrap();
    read_head(&mut stream).await;
    let (head, size, sent, chunked) = match answer {
        Answer::Sized { size, sent } => (
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {size}\r\n\r\n"),
            size,
            sent,
            false,
        ),
        Answer::Chunked { size } => (
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n".to_owned(),
            size,
            size,
            true,
        ),
    };
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let mut written = 0;
    let mut buffer = vec![0_u8; WRITE];
    while written < sent {
        let length = WRITE.min(sent - written);
        for (offset, byte) in buffer[..length].iter_mut().enumerate() {
            *byte = byte_at(written + offset);
        }
        let result = if chunked {
            let mut frame = format!("{length:x}\r\n").into_bytes();
            frame.extend_from_slice(&buffer[..length]);
            frame.extend_from_slice(b"\r\n");
            stream.write_all(&frame).await
        } else {
            stream.write_all(&buffer[..length]).await
        };
        // The client stopped reading (its cap): the download ends here.
        if result.is_err() {
            return;
        }
        written += length;
    }
    if chunked && size == sent {
        stream.write_all(b"0\r\n\r\n").await.ok();
    }
    stream.shutdown().await.ok();
}

/// A client for a one-request server answering with `answer`, and the
/// server's task.
async fn client_for(answer: Answer, cap: usize) -> (Client, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(serve(listener, answer));
    let client = Client::builder()
        .base_url(base)
        .bot_token("download-test-token")
        .rate_limits(RateLimitConfig::disabled())
        .retries(RetryConfig::disabled())
        .max_body_size(cap)
        .build()
        .unwrap();
    (client, server)
}

fn request() -> RequestSpec<Vec<u8>> {
    RequestSpec::new(&DOWNLOAD, "/file")
}

#[tokio::test]
async fn a_100_mib_download_streams_without_holding_more_than_a_chunk() {
    let size = 100 * MIB;
    // The cap is the download's size: the whole body is allowed, but the
    // client never holds more than a sliver of it.
    let (client, server) = client_for(Answer::Sized { size, sent: size }, size).await;
    let response = client.execute_stream(request()).await.unwrap();
    assert_eq!(response.status(), 200);
    let mut body = response.into_data();
    let mut total = 0_usize;
    let mut largest = 0_usize;
    let mut chunks = 0_usize;
    while let Some(chunk) = body.next_chunk().await.unwrap() {
        // Every byte is the one the server wrote at its position.
        for (offset, byte) in chunk.iter().enumerate() {
            assert_eq!(*byte, byte_at(total + offset), "at {}", total + offset);
        }
        total += chunk.len();
        largest = largest.max(chunk.len());
        chunks += 1;
        assert_eq!(body.bytes_read(), total as u64);
    }
    assert_eq!(total, size);
    eprintln!("{total} bytes in {chunks} chunks, the largest {largest} bytes");
    // What the client held at once: one chunk, at most 1 MiB, a hundredth
    // of the body and of the cap.
    assert!(largest <= MIB, "a chunk of {largest} bytes");
    assert!(chunks >= 100, "{chunks} chunks");
    server.await.unwrap();
}

#[tokio::test]
async fn the_cap_is_enforced_while_streaming_a_body_of_unknown_length() {
    let cap = 8 * MIB;
    let (client, server) = client_for(Answer::Chunked { size: 100 * MIB }, cap).await;
    let mut body = client.execute_stream(request()).await.unwrap().into_data();
    let error = loop {
        match body.next_chunk().await {
            Ok(Some(_)) => assert!(body.bytes_read() <= cap as u64),
            Ok(None) => panic!("the body ended under the cap"),
            Err(error) => break error,
        }
    };
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { status: 200, limit, .. } if *limit == cap as u64),
        "{error:?}"
    );
    // The stream ends there: nothing more is read.
    assert!(body.next_chunk().await.unwrap().is_none());
    assert!(body.bytes_read() <= cap as u64);
    drop(body);
    server.await.unwrap();
}

#[tokio::test]
async fn a_length_over_the_cap_fails_before_streaming() {
    let (client, server) = client_for(
        Answer::Sized {
            size: 100 * MIB,
            sent: 0,
        },
        MIB,
    )
    .await;
    let error = client.execute_stream(request()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { .. }),
        "{error:?}"
    );
    server.await.unwrap();
}

#[tokio::test]
async fn a_body_cut_off_is_an_outcome_unknown() {
    let (client, server) = client_for(
        Answer::Sized {
            size: 4 * MIB,
            sent: MIB,
        },
        8 * MIB,
    )
    .await;
    let mut body = client.execute_stream(request()).await.unwrap().into_data();
    let error = loop {
        match body.next_chunk().await {
            Ok(Some(_)) => {}
            Ok(None) => panic!("a cut-off body ended cleanly"),
            Err(error) => break error,
        }
    };
    assert!(
        matches!(error.kind(), ErrorKind::OutcomeUnknown { .. }),
        "{error:?}"
    );
    assert_eq!(body.bytes_read(), MIB as u64);
    assert!(
        error.to_string().contains("cut off after 1048576 bytes"),
        "{error}"
    );
    server.await.unwrap();
}

#[tokio::test]
async fn a_small_body_can_be_collected_whole() {
    let (client, server) = client_for(Answer::Chunked { size: 300_000 }, MIB).await;
    let body = client
        .execute_stream(request())
        .await
        .unwrap()
        .into_data()
        .collect()
        .await
        .unwrap();
    assert_eq!(body.len(), 300_000);
    assert!(
        body.iter()
            .enumerate()
            .all(|(at, byte)| *byte == byte_at(at))
    );
    server.await.unwrap();
}
