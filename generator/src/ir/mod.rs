//! Stage 3: the intermediate representation.
//!
//! Plain Rust data describing what to generate: types and operations with final
//! Rust names, in a fixed order. No YAML, no tokens. `resolve` builds it and has
//! already checked everything; `emit` turns it into code and cannot fail.
//!
//! `values` holds value types ([`Ty`]) and their constraints, `types`
//! the named types ([`TypeDef`]), `operations` the operations ([`Operation`]);
//! all are re-exported here.

use std::collections::BTreeMap;

mod operations;
mod types;
mod values;

pub use operations::*;
pub use types::*;
pub use values::*;

/// Everything generated from one schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// Named types keyed by Rust name (so iteration order is by name).
    pub types: BTreeMap<String, TypeDef>,
    /// Operations keyed by Rust function name.
    pub operations: BTreeMap<String, Operation>,
    /// The kinds of typed id the schema names (`x-fluxer-id`), keyed by the
    /// kind (`channel`), so iteration order is by kind.
    pub ids: BTreeMap<String, IdKind>,
    /// The responses besides success that every operation documents alike
    /// (said once, in the `operations` module's docs); empty with fewer than
    /// two operations.
    pub common_errors: Vec<DocumentedResponse>,
    /// What `models.rs` uses from the other generated modules.
    pub models_uses: Uses,
    /// The security schemes the client can apply, keyed by their key in
    /// `components/securitySchemes`.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
}

/// A kind of typed id: one `x-fluxer-id` value, with the Rust names of its
/// marker and alias in the generated `ids` module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdKind {
    /// The kind as the schema writes it, a lowercase word (`channel`); the
    /// marker's `NAME`.
    pub kind: String,
    /// The marker type (`ChannelMarker`).
    pub marker: String,
    /// The alias of `crate::Id<marker>` (`ChannelId`).
    pub alias: String,
}
