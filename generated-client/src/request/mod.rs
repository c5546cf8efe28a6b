//! Requests before they are sent: [`OperationInfo`], [`RequestSpec`] and
//! [`PreparedRequest`].
//!
//! The functions in [`operations`](crate::operations) validate their arguments
//! and return a [`RequestSpec`]; [`Client::execute`](crate::Client::execute)
//! sends it, and [`Client::prepare`](crate::Client::prepare) turns it into a
//! [`PreparedRequest`] (method, URL, headers, body) to inspect or to send with
//! another HTTP stack.

#![deny(missing_docs)]

// One job per file: which operation a request is for (`operation.rs`), which
// rate-limit route it is on (`route.rs`), the request as built (`spec.rs`),
// its parameters in their OpenAPI styles (`params/`, with the serde
// serializer that reads their values in `params/serializer.rs`), multipart
// bodies (`multipart.rs`), what one call overrides (`options.rs`), security schemes and which an operation accepts
// (`security.rs`), percent-encoding and the path check
// (`encoding.rs`), and the request as it would be sent (`prepared.rs`).
mod encoding;
mod multipart;
mod operation;
mod options;
mod params;
#[cfg(feature = "client")]
mod prepared;
#[cfg(feature = "client")]
mod route;
mod security;
mod spec;
#[cfg(feature = "client")]
mod stream;

/// The models of the generator's `uploads` fixture (multipart bodies),
/// compiled against this runtime. The file is the generator's to format.
#[cfg(all(test, feature = "client"))]
#[rustfmt::skip]
#[allow(dead_code)]
#[path = "../../../generator/tests/snapshots/uploads/models.rs"]
mod uploads_fixture;
#[cfg(all(test, feature = "client"))]
mod form_tests;

#[cfg(feature = "client")]
pub(crate) use encoding::check_path;
pub use encoding::encode_path_segment;
pub use multipart::{File, Multipart, MultipartForm};
pub use operation::{Method, OperationInfo, Server};
pub use options::{AUDIT_LOG_REASON, CallOptions, IDEMPOTENCY_KEY};
pub use params::{PathStyle, QueryStyle, path_param};
#[cfg(feature = "client")]
pub use prepared::PreparedRequest;
#[cfg(feature = "client")]
pub(crate) use route::{BucketKey, major_parameter};
pub use security::{ApiKeyLocation, SchemeKind, Security, SecurityScheme};
pub use spec::RequestSpec;
#[cfg(feature = "client")]
pub use stream::BodyStream;
#[cfg(feature = "client")]
pub(crate) use stream::OnceBody;
