//! [`Multipart`]: a `multipart/form-data` body, built part by part; the
//! [`File`]s sent in it; and [`MultipartForm`], which the generated structs
//! of multipart bodies implement.

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

/// A file sent as one part of a multipart body: its bytes, the file name
/// the server sees and its content type.
///
/// ```
/// use fluxer_client::request::File;
///
/// let file = File::new("parrot.png", vec![0x89, b'P', b'N', b'G']).content_type("image/png");
/// assert_eq!(file.name(), "parrot.png");
/// assert_eq!(format!("{file:?}"), r#"File { name: "parrot.png", content_type: Some("image/png"), len: 4 }"#);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    name: String,
    content_type: Option<String>,
    data: Vec<u8>,
}

impl File {
    /// A file of `data` named `name`; its content type is the one the
    /// schema's `encoding` gives, else `application/octet-stream`, unless
    /// [`content_type`](Self::content_type) sets it.
    #[must_use]
    pub fn new(name: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        Self {
            name: name.into(),
            content_type: None,
            data: data.into(),
        }
    }

    /// Sets the content type (`image/png`).
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name the server sees.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The bytes.
    #[must_use]
    pub fn data(&self) -> &[u8] {
        &self.data
    }
}

impl std::fmt::Debug for File {
    /// The name, content type and length; not the bytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

impl crate::Validate for File {}

/// A struct sent as a `multipart/form-data` body: the generated struct of
/// each multipart request body implements it, one part per member (text,
/// JSON, files) as the schema says.
pub trait MultipartForm {
    /// The parts of the form.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when a JSON part cannot be serialised.
    fn to_multipart(&self) -> Result<Multipart, Error>;
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

    /// Adds a text part, with a `Content-Type` when one is given.
    pub fn push_text(&mut self, name: &str, text: String, content_type: Option<&str>) {
        self.parts.push(Part {
            name: name.to_owned(),
            filename: None,
            content_type: content_type.map(str::to_owned),
            data: text.into_bytes(),
        });
    }

    /// Adds a part holding `value` as JSON, of the given `Content-Type`
    /// (`application/json`, or what the schema's `encoding` says).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Encode`] when `value` cannot be serialised.
    pub fn push_json<V: Serialize + ?Sized>(
        &mut self,
        name: &str,
        content_type: &str,
        value: &V,
    ) -> Result<(), Error> {
        let data = serde_json::to_vec(value).map_err(|error| {
            Error::new(ErrorKind::Encode {
                message: format!("the multipart JSON part `{name}` cannot be serialised: {error}"),
            })
        })?;
        self.parts.push(Part {
            name: name.to_owned(),
            filename: None,
            content_type: Some(content_type.to_owned()),
            data,
        });
        Ok(())
    }

    /// Adds a file part: the file's own content type, else `content_type`
    /// (the schema's `encoding`), else `application/octet-stream`.
    pub fn push_file(&mut self, name: &str, file: &File, content_type: Option<&str>) {
        let content_type = file
            .content_type
            .as_deref()
            .or(content_type)
            .unwrap_or("application/octet-stream");
        self.parts.push(Part {
            name: name.to_owned(),
            filename: Some(file.name.clone()),
            content_type: Some(content_type.to_owned()),
            data: file.data.clone(),
        });
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
