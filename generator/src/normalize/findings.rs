//! What `normalize` learns about nodes that the rewritten tree cannot say in
//! the document's own words, handed to `resolve` as typed data.

use std::collections::BTreeMap;

use serde_json::Value;

/// What `normalize` found while rewriting, for `resolve` to read beside the
/// tree. Each table is keyed by the JSON pointer of a node of the rewritten
/// tree, spelled as [`crate::vocab::pointer::child`] spells it.
///
/// A finding describes the node at its pointer: further rewrites of that
/// node keep it, and wrapping the node as nullable (`anyOf: [node, {type:
/// "null"}]`) moves it, with the node, to `…/anyOf/0`. A node `normalize`
/// copies (a property merged from another component, the variants of a
/// union an `allOf` is distributed over) is copied from the document as
/// written and rewritten where it lands, so its findings are made there.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// The `enum` values of an `allOf: [$ref]` that became the plain `$ref`
    /// (Discord's channel `type`: the `ChannelTypes` this member can have);
    /// they can tag a union member.
    pub(crate) narrowed: BTreeMap<String, Vec<Value>>,
    /// The `$ref` a union variant was before an `allOf` over the union was
    /// distributed over its variants, so a `discriminator`'s `mapping` still
    /// finds the variant.
    pub(crate) variant_refs: BTreeMap<String, String>,
    /// The variant names of an enum written as a `oneOf` of `{const,
    /// title}`: the titles, when every member has one and the node does not
    /// say `x-enum-varnames` itself.
    pub(crate) enum_names: BTreeMap<String, Vec<String>>,
    /// The variant docs of such an enum: each member's `description`, or
    /// `""`, in the order of the members.
    pub(crate) enum_descriptions: BTreeMap<String, Vec<String>>,
}

impl Findings {
    /// Moves what was found about the node at `from` to `to`, where a rewrite
    /// has put that node.
    pub(super) fn moved(&mut self, from: &str, to: &str) {
        move_entry(&mut self.narrowed, from, to);
        move_entry(&mut self.variant_refs, from, to);
        move_entry(&mut self.enum_names, from, to);
        move_entry(&mut self.enum_descriptions, from, to);
    }
}

fn move_entry<T>(table: &mut BTreeMap<String, T>, from: &str, to: &str) {
    if let Some(found) = table.remove(from) {
        table.insert(to.to_owned(), found);
    }
}
