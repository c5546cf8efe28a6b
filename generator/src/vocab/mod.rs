//! The vocabulary of OpenAPI and JSON Schema that more than one stage reads:
//! pure functions and constants over [`serde_json::Value`], with no stage's
//! logic in them. `parse`, `normalize` and `resolve` import from here; this
//! module imports from none of them.
//!
//! - [`keywords`]: the keys of each kind of OpenAPI object and of a schema,
//!   the keywords that only annotate, and vendor extensions.
//! - [`pointer`]: JSON pointers (RFC 6901): escaping a token, building a
//!   child's pointer.
//! - [`refs`]: `$ref`s: the pointer and the node a reference names, and
//!   whether keywords next to one apply.
//! - [`types`]: JSON Schema types: a value's, and whether a `type` next to a
//!   `$ref` only restates the target or adds `null` to it.

pub(crate) mod keywords;
pub(crate) mod pointer;
pub(crate) mod refs;
pub(crate) mod types;
