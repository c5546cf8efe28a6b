//! A typed client for the [Fluxer](https://fluxer.app) HTTP API.
//!
//! The models in [`models`], the operations in [`operations`] (plus one
//! [`Client`] method per operation) and the kinds of id in [`ids`] are
//! generated from the OpenAPI schema in `schema/fluxer.yaml`; the rest of the
//! crate is hand-written: the [`Client`], [`Credentials`], [`Error`]s,
//! [`Snowflake`]s and typed [`Id`]s, and [`RateLimitInfo`].
//!
//! ```no_run
//! # #[cfg(feature = "client")] {
//! use fluxer_client::ids::ChannelId;
//! use fluxer_client::models::{CreateChannelInviteRequest, Invite};
//! use fluxer_client::{Client, Credentials};
//!
//! # async fn run() -> Result<(), fluxer_client::Error> {
//! let client = Client::builder()
//!     .credentials(Credentials::bot(std::env::var("FLUXER_TOKEN").unwrap_or_default()))
//!     .build()?;
//! let request = CreateChannelInviteRequest {
//!     max_uses: 10.into(),
//!     ..Default::default()
//! };
//! let invite = client
//!     .create_channel_invite(ChannelId::new(1_183_436_478_421_147_648), &request)
//!     .await?;
//! match invite {
//!     Invite::Guild(invite) => println!("invite {} to {}", invite.code, invite.guild.name),
//!     Invite::GroupDm(invite) => println!("invite {} to a group DM", invite.code),
//!     other => println!("an invite of a kind this client does not know: {other:?}"),
//! }
//! # Ok(())
//! # }
//! # }
//! ```
//!
//! # Typed ids
//!
//! Where the schema says which entity a snowflake identifies
//! (`x-fluxer-id: channel`), the generated fields and arguments are typed ids
//! ([`ids::ChannelId`], [`ids::UserId`], …: an [`Id`] of one kind), so an id
//! of one kind cannot be passed where another is expected:
//!
//! ```compile_fail,E0308
//! use fluxer_client::ids::UserId;
//! use fluxer_client::models::CreateChannelInviteRequest;
//!
//! let user_id = UserId::new(1_183_436_478_421_147_649);
//! // error[E0308]: expected `Id<ChannelMarker>`, found `Id<UserMarker>`
//! let request = fluxer_client::operations::create_channel_invite(
//!     user_id,
//!     &CreateChannelInviteRequest::default(),
//! );
//! ```
//!
//! The same call with a channel id compiles; converting between kinds is
//! written out ([`Id::cast`], [`Id::new`] from a number):
//!
//! ```
//! use fluxer_client::ids::{ChannelId, UserId};
//! use fluxer_client::models::CreateChannelInviteRequest;
//!
//! let channel_id = ChannelId::new(1_183_436_478_421_147_648);
//! let request = fluxer_client::operations::create_channel_invite(
//!     channel_id,
//!     &CreateChannelInviteRequest::default(),
//! )?;
//! assert_eq!(request.path(), "/channels/1183436478421147648/invites");
//! let user_id: UserId = channel_id.cast();
//! assert_eq!(user_id.get(), channel_id.get());
//! # Ok::<(), fluxer_client::Error>(())
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
//! - **Rate limits are kept.** The client tracks Fluxer's rate-limit headers
//!   per bucket and globally, waits instead of sending a request that would
//!   be refused (waiting calls are served in arrival order), and retries a
//!   `429` after its `retry_after`, within bounds ([`RateLimitConfig`]).
//!   Every wait it stores is cut to `max_wait`. Clones of a [`Client`] share
//!   the limiter.
//! - **Retries are safe.** Connection failures, dropped connections, timeouts
//!   and `5xx` are retried, with jittered exponential backoff, only for
//!   operations the schema marks
//!   [idempotent](request::OperationInfo::idempotent) ([`RetryConfig`]); a
//!   `POST` such as creating a group DM is never sent twice by the client,
//!   and an error says whether the request may have been carried out
//!   ([`ErrorKind::OutcomeUnknown`]) or was not sent ([`ErrorKind::Connect`]).
//! - **Bounded.** Each attempt has a timeout and each call a deadline that
//!   covers its waits and retries; response bodies are read up to a limit
//!   ([`ClientBuilder::max_body_size`]).
//! - **Traced.** Each request is a `fluxer_request` [`tracing`](https://docs.rs/tracing)
//!   span (method, route, major parameter, attempt, status, time waited).
//! - **No tokens in output.** The token never appears in `Debug`, `Display`,
//!   errors or logs.
//! - **No panics on bad input.** Malformed responses are
//!   [`ErrorKind::Decode`] errors naming the field.

#![deny(missing_docs)]
// Models-only builds (no `client` feature) keep the docs' links to `Client`
// and its relatives, which then have nothing to point to.
#![cfg_attr(not(feature = "client"), allow(rustdoc::broken_intra_doc_links))]

mod api_error;
#[cfg(feature = "client")]
mod auth;
#[cfg(feature = "client")]
mod client;
mod decimal;
mod error;
pub mod id;
mod nullable;
mod rate_limit;
pub mod request;
#[cfg(feature = "client")]
mod retry;
mod snowflake;
mod text;
mod validate;
mod wire;

#[rustfmt::skip]
// A tagged union holds its members unboxed (`Invite::Guild` is ~500 bytes);
// the generator does not mark its unions for clippy yet.
#[allow(clippy::large_enum_variant)]
mod generated;
pub use generated::{ids, models, operations, security};

pub use api_error::{ApiErrorBody, ApiFieldError, RateLimitBody};
#[cfg(feature = "client")]
pub use auth::Credentials;
#[cfg(feature = "client")]
pub use client::{ByteStream, Client, ClientBuilder, Response};
pub use decimal::Decimal;
pub use error::{Error, ErrorKind, WaitBound};
pub use id::Id;
pub use jiff::Timestamp;
pub use nullable::Nullable;
#[cfg(feature = "client")]
pub use rate_limit::RateLimitConfig;
pub use rate_limit::RateLimitInfo;
#[cfg(feature = "client")]
pub use retry::RetryConfig;
pub use snowflake::{ParseSnowflakeError, Snowflake};
pub use validate::{Constraint, Pattern, Validate, ValidationError};

/// The README's examples, compiled and run as doctests so they cannot go stale.
#[cfg(all(doctest, feature = "client"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
