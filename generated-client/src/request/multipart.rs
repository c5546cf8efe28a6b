//! [`Multipart`]: a `multipart/form-data` body, built part by part.

use serde::Serialize;

use crate::error::{Error, ErrorKind};

/// A `multipart/form-data` request body, built part by part.
///
/// ```
/// use fluxer_client::request::Multipart;
///
/// let form = Multipart::new()
///     .text("name", "party parrot")
///     .file("file", "parrot.png", "image/png", vec![0x89, b'P', b'N', b'G']);
/// assert_eq!(form.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

impl Multipart {
    /// An empty form.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    #[must_use]
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: value.into().into_bytes(),
        });
        self
    }

    /// Adds a field holding `value` as JSON (such as Discord's `payload_json`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when `value` cannot be serialised.
    pub fn json<V: Serialize + ?Sized>(
        mut self,
        name: impl Into<String>,
        value: &V,
    ) -> Result<Self, Error> {
        let data = serde_json::to_vec(value).map_err(|error| {
            Error::new(ErrorKind::Encode {
                message: format!("a multipart JSON field cannot be serialised: {error}"),
            })
        })?;
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: Some("application/json".to_owned()),
            data,
        });
        Ok(self)
    }

    /// Adds a file.
    #[must_use]
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    /// How many parts the form has.
    #[must_use]
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether the form has no parts.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The `Content-Type` (with its boundary) and the encoded body. The
    /// boundary is chosen so that it occurs in no part.
    pub(crate) fn encode(&self) -> (String, Vec<u8>) {
        let contains =
            |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
        let mut counter = 0_u32;
        let boundary = loop {
            let candidate = format!("fluxer-client-boundary-{counter:08x}");
            let clash = self.parts.iter().any(|part| {
                contains(&part.data, candidate.as_bytes())
                    || part.name.contains(&candidate)
                    || part
                        .filename
                        .as_ref()
                        .is_some_and(|f| f.contains(&candidate))
            });
            if !clash {
                break candidate;
            }
            counter = counter.wrapping_add(1);
        };
        // Quotes and line breaks cannot appear inside the quoted header values.
        let quote = |text: &str| text.replace(['"', '\r', '\n'], "_");
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!(
                "Content-Disposition: form-data; name=\"{}\"",
                quote(&part.name)
            );
            if let Some(filename) = &part.filename {
                disposition.push_str(&format!("; filename=\"{}\"", quote(filename)));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(
                    format!("Content-Type: {}\r\n", quote(content_type)).as_bytes(),
                );
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_encoding() {
        let form = Multipart::new().text("name", "parrot").file(
            "file",
            "a\"b.png",
            "image/png",
            b"fluxer-client-boundary-00000000".to_vec(),
        );
        let (content_type, body) = form.encode();
        // The first boundary occurs in the data, so the next one is used.
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=fluxer-client-boundary-00000001"
        );
        let text = String::from_utf8(body).unwrap();
        assert_eq!(
            text,
            "--fluxer-client-boundary-00000001\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nparrot\r\n\
             --fluxer-client-boundary-00000001\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a_b.png\"\r\nContent-Type: image/png\r\n\r\nfluxer-client-boundary-00000000\r\n\
             --fluxer-client-boundary-00000001--\r\n"
        );
    }
}
