//! A typed client for the [Fluxer](https://fluxer.app) HTTP API.
//!
//! The models in [`models`] and the operations in [`operations`] (plus one
//! [`Client`] method per operation) are generated from the OpenAPI schema in
//! `schema/fluxer.yaml`; the rest of the crate is hand-written: the [`Client`],
//! [`Credentials`], [`Error`]s, [`Snowflake`] ids and [`RateLimitInfo`].
//!
//! ```no_run
//! use fluxer_client::models::CreateChannelInviteRequest;
//! use fluxer_client::{Client, Credentials, Snowflake};
//!
//! # async fn run() -> Result<(), fluxer_client::Error> {
//! let client = Client::builder()
//!     .credentials(Credentials::bot(std::env::var("FLUXER_TOKEN").unwrap_or_default()))
//!     .build()?;
//! let request = CreateChannelInviteRequest {
//!     max_uses: Some(10),
//!     ..Default::default()
//! };
//! let invite = client
//!     .create_channel_invite(Snowflake::new(1_183_436_478_421_147_648), &request)
//!     .await?;
//! println!("invite code: {}", invite.code);
//! # Ok(())
//! # }
//! ```
//!
//! # Behaviour
//!
//! - **Requests are strict.** Every operation validates its arguments against
//!   the schema's constraints first; a violation is an
//!   [`ErrorKind::Validation`] and nothing is sent.
//! - **Responses are liberal.** Unknown fields are ignored, unknown enum
//!   values are kept (`Unknown(..)`), missing optional fields are `None`, and
//!   snowflakes are accepted as strings or integers.
//! - **No retries.** A `429` is an [`ErrorKind::RateLimited`] saying how long
//!   to wait; [`request::OperationInfo::idempotent`] says whether a retry is safe.
//! - **No tokens in output.** The token never appears in `Debug`, `Display`
//!   or errors.
//! - **No panics on bad input.** Malformed responses are
//!   [`ErrorKind::Decode`] errors naming the field.

// Hand-written modules deny `missing_docs` themselves; the generated ones
// document whatever the schema describes.

mod auth;
mod client;
mod error;
mod ratelimit;
pub mod request;
mod snowflake;
mod validate;

#[rustfmt::skip]
mod generated;
pub use generated::{models, operations};

pub use auth::Credentials;
pub use client::{Client, ClientBuilder, Response};
pub use error::{Constraint, Error, ErrorKind, ValidationError};
pub use jiff::Timestamp;
pub use ratelimit::RateLimitInfo;
pub use snowflake::{ParseSnowflakeError, Snowflake};
pub use validate::Validate;

/// The README's examples, compiled and run as doctests so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
