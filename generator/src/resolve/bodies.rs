//! Request bodies and responses: media types, the success type and the
//! documented errors.

use serde_json::{Map, Value};

use super::schema::{nullable_ty, plain};
use super::{Resolved, Resolver};
use crate::docs::doc_lines;
use crate::ir::{Body, BodyKind, DocumentedResponse, Response, TyKind, TypeKind};
use crate::vocab::keywords::{MEDIA_TYPE, REQUEST_BODY, RESPONSE};
use crate::vocab::pointer::child;

impl<'a> Resolver<'a> {
    pub(super) fn request_body(
        &mut self,
        body: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Option<Body> {
        let (body, pointer) = self.deref(body, pointer)?;
        let map = self.object(body, &pointer, "a request body")?;
        self.check_keys(map, &pointer, &REQUEST_BODY);
        let required = self.boolean(map, "required", &pointer).unwrap_or(false);
        let content_pointer = child(&pointer, "content");
        let Some(content) = map.get("content") else {
            self.error(&pointer, "a request body needs `content`");
            return None;
        };
        let content = self.object(content, &content_pointer, "`content`")?;
        // JSON when offered; otherwise a form, multipart, text or bytes, in
        // that order. A multipart body with files comes first: only it can
        // carry them (Discord's messages offer JSON, and multipart for
        // attachments).
        let uploads = content.iter().any(|(media, media_type)| {
            is_multipart(media) && self.has_files(media_type, &child(&content_pointer, media))
        });
        let rank = |media: &str| {
            let essence = media.split(';').next().unwrap_or("").trim();
            if uploads && essence == "multipart/form-data" {
                -1
            } else if is_json(media) {
                0
            } else if essence == "application/x-www-form-urlencoded" {
                1
            } else if essence == "multipart/form-data" {
                2
            } else if essence.starts_with("text/") {
                3
            } else {
                4
            }
        };
        let Some((media, media_type)) = content.iter().min_by_key(|(media, _)| rank(media)) else {
            self.error(
                &content_pointer,
                "a request body needs at least one media type",
            );
            return None;
        };
        let essence = media.split(';').next().unwrap_or("").trim().to_owned();
        let media_pointer = child(&content_pointer, media);
        // The parts, text or bytes are given as they are; the schema documents them.
        let kind = match rank(media) {
            // A body that may be `null` (`type: [array, "null"]`) can be sent as `null`.
            0 => BodyKind::Json(nullable_ty(self.media_schema(
                media_type,
                &media_pointer,
                hint,
            )?)),
            1 => BodyKind::Form(self.media_schema(media_type, &media_pointer, hint)?.ty),
            -1 | 2 => {
                let resolved = self.media_schema(media_type, &media_pointer, hint)?;
                match &resolved.ty.kind {
                    TyKind::Named(name)
                        if matches!(
                            self.types.get(name).map(|def| &def.kind),
                            Some(TypeKind::Struct(_))
                        ) =>
                    {
                        let name = name.clone();
                        self.note_form(&name, media_type, &media_pointer);
                        BodyKind::Multipart(Some(resolved.ty))
                    }
                    // No object described: parts the caller adds one by one.
                    _ => BodyKind::Multipart(None),
                }
            }
            3 => BodyKind::Text(essence),
            _ => BodyKind::Binary(essence),
        };
        Some(Body { required, kind })
    }

    pub(super) fn media_schema(
        &mut self,
        media_type: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Option<Resolved> {
        let map = self.object(media_type, pointer, "a media type")?;
        self.check_keys(map, pointer, &MEDIA_TYPE);
        match map.get("schema") {
            Some(schema) => self.resolve_schema(schema, &child(pointer, "schema"), hint),
            // Without a schema, any value of the media type.
            None => Some(Resolved {
                ty: plain(TyKind::Json),
                nullable: false,
            }),
        }
    }

    /// Resolves what a response carries, and its description.
    pub(super) fn response_body(
        &mut self,
        response: &'a Value,
        pointer: &str,
        hint: &str,
    ) -> Option<(Response, String)> {
        let (response, pointer) = self.deref(response, pointer)?;
        let map = self.object(response, &pointer, "a response")?;
        self.check_keys(map, &pointer, &RESPONSE);
        let description = map
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        if let Some(headers) = map.get("headers") {
            let headers_pointer = child(&pointer, "headers");
            if let Some(headers) = self.object(headers, &headers_pointer, "`headers`") {
                for (name, header) in headers {
                    self.header(header, &child(&headers_pointer, name));
                }
            }
        }
        let Some(content) = map.get("content") else {
            return Some((Response::Empty, description));
        };
        let content_pointer = child(&pointer, "content");
        let content = self.object(content, &content_pointer, "`content`")?;
        if content.is_empty() {
            return Some((Response::Empty, description));
        }
        let Some((media, media_type)) = content.iter().find(|(media, _)| is_json(media)) else {
            // Not JSON (an image, a CSV file): the bytes as they come.
            return Some((Response::Bytes, description));
        };
        let resolved = self.media_schema(media_type, &child(&content_pointer, media), hint)?;
        Some((Response::Json(nullable_ty(resolved)), description))
    }

    /// What a success response carries, and the other responses documented.
    pub(super) fn responses(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &str,
        pascal: &str,
    ) -> (Option<Response>, Vec<DocumentedResponse>) {
        let responses_pointer = child(pointer, "responses");
        // OpenAPI 3.1: `responses` may be left out; any JSON body is accepted.
        let responses = match map.get("responses") {
            None => None,
            Some(responses) => match self.object(responses, &responses_pointer, "`responses`") {
                Some(responses) => Some(responses),
                None => return (None, Vec::new()),
            },
        };
        let mut success: Option<(String, Response)> = None;
        let mut errors = Vec::new();
        for (status, response) in responses.into_iter().flatten() {
            let at = child(&responses_pointer, status);
            let is_success = status.len() == 3
                && status.starts_with('2')
                && (status[1..].bytes().all(|b| b.is_ascii_digit())
                    || status[1..].eq_ignore_ascii_case("XX"));
            let is_error = status == "default"
                || (status.len() == 3
                    && matches!(status.as_bytes()[0], b'1' | b'3' | b'4' | b'5')
                    && (status[1..].bytes().all(|b| b.is_ascii_digit())
                        || status[1..].eq_ignore_ascii_case("XX")));
            if is_success {
                let Some((ty, _)) = self.response_body(response, &at, &format!("{pascal}Response"))
                else {
                    continue;
                };
                if let Some((first, first_ty)) = &mut success {
                    match (first_ty.clone(), ty) {
                        (a, b) if a == b => {}
                        // One status with a body, one without (such as `200` and `204`).
                        (Response::Json(body), Response::Empty)
                        | (Response::Empty, Response::Json(body)) => {
                            *first_ty = Response::Json(match body.kind {
                                TyKind::Nullable(_) => body,
                                _ => plain(TyKind::Nullable(Box::new(body))),
                            });
                        }
                        // Bytes and anything else: the bytes, whatever they are.
                        (Response::Bytes, _) | (_, Response::Bytes) => {
                            *first_ty = Response::Bytes;
                        }
                        (Response::Empty, Response::Empty) => {}
                        (Response::Json(a), Response::Json(b)) => {
                            // Different bodies: an untagged union of them.
                            // The first name no component or other type has.
                            let name = ["Response", "Reply", "Outcome"]
                                .iter()
                                .map(|suffix| format!("{pascal}{suffix}"))
                                .find(|name| {
                                    (self.response_unions.contains(name)
                                        && matches!(&a.kind, TyKind::Named(n) if n == name))
                                        || (!self.types.contains_key(name)
                                            && !self.component_names.values().any(|c| c == name))
                                })
                                .unwrap_or_else(|| format!("{pascal}SuccessBody"));
                            if let Some(union) =
                                self.response_union(&name, first, a, status, b, &at)
                            {
                                *first_ty = Response::Json(union);
                            }
                        }
                    }
                    continue;
                }
                success = Some((status.clone(), ty));
            } else if status.starts_with('1') || status.starts_with('3') {
                // Informational and redirect responses are documented, not decoded.
                let description = response
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                errors.push(DocumentedResponse {
                    status: status.clone(),
                    description: doc_lines(description).join(" "),
                });
            } else if is_error {
                if let Some((_, description)) =
                    self.response_body(response, &at, &format!("{pascal}Error{status}"))
                {
                    errors.push(DocumentedResponse {
                        status: status.clone(),
                        description: doc_lines(&description).join(" "),
                    });
                }
            } else if !status.starts_with("x-") {
                self.warn(
                    &at,
                    format!("`{status}` is not a response status (`200`, `4XX` or `default`); it is ignored"),
                );
            }
        }
        match success {
            Some((_, ty)) => (Some(ty), errors),
            // No `2XX`: a `default` response describes success too; with nothing
            // documented, any JSON body is accepted.
            None => match responses.and_then(|responses| responses.get("default")) {
                Some(response) => {
                    let at = child(&responses_pointer, "default");
                    let body = self.response_body(response, &at, &format!("{pascal}Response"));
                    (body.map(|(ty, _)| ty), errors)
                }
                None => (Some(Response::Json(plain(TyKind::Json))), errors),
            },
        }
    }
}

/// Whether a media type is `multipart/form-data`.
fn is_multipart(media: &str) -> bool {
    media.split(';').next().unwrap_or("").trim() == "multipart/form-data"
}

/// Whether a media type is JSON (`application/json`, `application/problem+json`, …).
pub(super) fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}
