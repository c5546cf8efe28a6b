//! The serde plumbing the generated models call.
//!
//! The generator does not derive models' `Serialize` and `Deserialize`: for a
//! struct it writes a call of [`object!`] listing the members, one per line,
//! for a tuple struct [`tuple!`], for an enum [`string_enum!`] or
//! [`int_enum!`] listing its values, and for a union [`tagged_union!`] or
//! [`untagged_union!`] listing its variants. The expansions
//! are a few lines per member calling the small generic helpers here, where
//! serde's derive expands every struct into a field-identifier enum, three
//! identifier visitors, a sequence visitor and a map visitor. For Discord's
//! whole API (about 480 structs, 242 operations) `cargo check` of the
//! generated crate took 17.4 s with the derives and takes about 8.2 s with
//! these. Decoding and encoding are as fast as the derives'
//! (`benches/decode.rs`).
//!
//! The behaviour is the derives' for JSON objects, with two differences: a
//! member sent twice keeps its last value instead of failing ("responses
//! liberal"), and a JSON array is not read as a struct (the derives accept
//! one, member by member, which no JSON API means).
//!
//! Nothing here is public API; only the generated code calls it.

// Which helpers and macros a generated client uses depends on its schema.
#![allow(dead_code, unused_macros, unused_imports)]

mod enums;
mod object;
mod tuple;
mod unions;

pub(crate) use enums::*;
pub(crate) use object::*;
pub(crate) use tuple::*;
pub(crate) use unions::*;

/// The models the generator writes for its `tuples` fixture (its checked-in
/// snapshot), compiled against this runtime so the tests below decode and
/// encode the generated tuple types themselves. The file is the generator's
/// to format, not rustfmt's.
#[cfg(test)]
#[rustfmt::skip]
#[path = "../../../generator/tests/snapshots/tuples/models.rs"]
mod tuples_fixture;

/// The models of the generator's `sloppy` fixture (its checked-in
/// snapshot): unions whose members overlap, a member named `""`, numbers.
#[cfg(test)]
#[rustfmt::skip]
#[path = "../../../generator/tests/snapshots/sloppy/models.rs"]
mod sloppy_fixture;

/// The models of the generator's `nulls` fixture (optional nullable request
/// members), compiled against this runtime in the same way.
#[cfg(test)]
#[rustfmt::skip]
#[path = "../../../generator/tests/snapshots/nulls/models.rs"]
mod nulls_fixture;

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod sloppy_tests;
#[cfg(test)]
mod tests;
