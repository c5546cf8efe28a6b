//! [`BodyStream`]: a request body read from an `AsyncRead` (a file, a pipe)
//! as it is sent, instead of held whole in memory. A stream can be read only
//! once, so a request with one is sent once: never retried.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};

/// The most of a streamed body read (and held) at once.
const CHUNK: usize = 64 * 1024;

/// A request body read from an [`AsyncRead`] while it is sent
/// ([`RequestSpec::stream_body`](super::RequestSpec::stream_body)), 64 KiB at
/// a time.
///
/// It can be read only once, so a request with a streamed body is sent
/// once: the client never retries it, not after a dropped connection, a
/// `5xx` or a `429`, whatever the operation. An upload that fails part-way
/// is an [`ErrorKind::OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown) (the
/// server may have received it), one that could not connect an
/// [`ErrorKind::Connect`](crate::ErrorKind::Connect) (nothing was sent).
///
/// With a [`length`](Self::length), the request says `Content-Length` and a
/// reader that ends early or goes on longer fails the upload; without one, it
/// is sent with chunked transfer encoding.
pub struct BodyStream {
    reader: Pin<Box<dyn AsyncRead + Send + Sync>>,
    length: Option<u64>,
}

impl BodyStream {
    /// A body read from `reader` (such as a `tokio::fs::File`) to its end.
    pub fn new(reader: impl AsyncRead + Send + Sync + 'static) -> Self {
        Self {
            reader: Box::pin(reader),
            length: None,
        }
    }

    /// Says how many bytes the reader holds, sent as `Content-Length`.
    #[must_use]
    pub fn length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// The reqwest body that reads this stream as it is sent.
    pub(crate) fn into_reqwest(self) -> reqwest::Body {
        reqwest::Body::wrap(ReaderBody {
            stream: self,
            sent: 0,
        })
    }
}

impl fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyStream")
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}

/// A [`BodyStream`] that a request and its clones share: the first attempt
/// to send it takes it, and nothing can send it again.
#[derive(Clone, Debug)]
pub(crate) struct OnceBody(Arc<Mutex<Option<BodyStream>>>);

impl OnceBody {
    pub(crate) fn new(stream: BodyStream) -> Self {
        Self(Arc::new(Mutex::new(Some(stream))))
    }

    /// The stream, unless it was taken (sent) before.
    pub(crate) fn take(&self) -> Option<BodyStream> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

/// The `http_body::Body` reading a [`BodyStream`].
struct ReaderBody {
    stream: BodyStream,
    sent: u64,
}

impl Body for ReaderBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        let mut data = vec![0_u8; CHUNK];
        let mut buffer = ReadBuf::new(&mut data);
        match this.stream.reader.as_mut().poll_read(cx, &mut buffer) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(error)) => Poll::Ready(Some(Err(error))),
            Poll::Ready(Ok(())) => {
                let read = buffer.filled().len();
                if read == 0 {
                    return Poll::Ready(match this.stream.length {
                        Some(length) if this.sent < length => Some(Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            format!(
                                "the body stream ended after {} of its {length} bytes",
                                this.sent
                            ),
                        ))),
                        _ => None,
                    });
                }
                this.sent = this.sent.saturating_add(read as u64);
                if let Some(length) = this.stream.length
                    && this.sent > length
                {
                    return Poll::Ready(Some(Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("the body stream holds more than the {length} bytes it said"),
                    ))));
                }
                data.truncate(read);
                Poll::Ready(Some(Ok(Frame::data(Bytes::from(data)))))
            }
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self.stream.length {
            Some(length) => SizeHint::with_exact(length),
            None => SizeHint::default(),
        }
    }
}
