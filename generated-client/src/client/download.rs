//! [`ByteStream`]: a success body read chunk by chunk as it arrives, for
//! answers too large to hold whole (a file download), with the client's
//! `max_body_size` enforced on the bytes read so far.

use std::fmt;

use bytes::Bytes;

use crate::error::{Error, ErrorKind};
use crate::request::OperationInfo;

/// The body of a success answer, read chunk by chunk as it arrives
/// ([`Client::execute_stream`](crate::Client::execute_stream)).
///
/// The client holds no more than the chunk it is reading: a body of any size
/// can be written to a file as it comes. The body is still bounded by the
/// client's [`max_body_size`](crate::ClientBuilder::max_body_size): a chunk
/// that would take the bytes read past it ends the stream with
/// [`ErrorKind::BodyTooLarge`] (and an answer whose `Content-Length` says
/// more fails before the stream is handed over). The attempt's
/// [`timeout`](crate::ClientBuilder::timeout) covers reading the body, so a
/// stream must be read within it.
pub struct ByteStream {
    response: Option<reqwest::Response>,
    operation: &'static OperationInfo,
    status: u16,
    limit: u64,
    read: u64,
}

impl ByteStream {
    pub(super) fn new(
        response: Option<reqwest::Response>,
        operation: &'static OperationInfo,
        status: u16,
        limit: usize,
    ) -> Self {
        Self {
            response,
            operation,
            status,
            limit: u64::try_from(limit).unwrap_or(u64::MAX),
            read: 0,
        }
    }

    /// The next chunk of the body as it arrived, or `None` at its end.
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::BodyTooLarge`] when the chunk would take the body past
    ///   `max_body_size` (the chunk is dropped, and the stream ends);
    /// - [`ErrorKind::OutcomeUnknown`] when the body was cut off (the
    ///   connection closed or the attempt's timeout passed).
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, Error> {
        let Some(response) = &mut self.response else {
            return Ok(None);
        };
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let read = self
                    .read
                    .saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
                if read > self.limit {
                    self.response = None;
                    return Err(Error::new(ErrorKind::BodyTooLarge {
                        status: self.status,
                        limit: self.limit,
                    }));
                }
                self.read = read;
                Ok(Some(chunk))
            }
            Ok(None) => {
                self.response = None;
                Ok(None)
            }
            Err(error) => {
                self.response = None;
                let operation = self.operation;
                let why = if error.is_timeout() {
                    "the attempt timed out"
                } else {
                    "the connection was closed"
                };
                Err(Error::with_source(
                    ErrorKind::OutcomeUnknown {
                        message: format!(
                            "{} {}: the answer (HTTP {}) was cut off after {} bytes ({why})",
                            operation.method, operation.path_template, self.status, self.read
                        ),
                        idempotent: operation.idempotent,
                    },
                    error,
                ))
            }
        }
    }

    /// How many bytes of the body have been handed out so far.
    #[must_use]
    pub fn bytes_read(&self) -> u64 {
        self.read
    }

    /// The rest of the body, whole (still under `max_body_size`).
    ///
    /// # Errors
    ///
    /// As for [`next_chunk`](Self::next_chunk).
    pub async fn collect(mut self) -> Result<Vec<u8>, Error> {
        let mut body = Vec::new();
        while let Some(chunk) = self.next_chunk().await? {
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("operation", &self.operation.operation_id)
            .field("status", &self.status)
            .field("read", &self.read)
            .field("limit", &self.limit)
            .field("done", &self.response.is_none())
            .finish()
    }
}
