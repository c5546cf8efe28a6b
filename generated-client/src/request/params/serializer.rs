//! The serde `Serializer` for parameter values: a value becomes a [`Node`],
//! a small tree that keeps the order serde produced (a struct's fields in
//! declaration order, a `BTreeMap` sorted) and nests containers at most two
//! levels deep. The styles in `params/mod.rs` lay it out.

use std::fmt;

use serde::Serialize;
use serde::ser;

/// Serialises `value` into a [`Node`].
pub(super) fn to_node<V: Serialize + ?Sized>(value: &V) -> Result<Node, NodeError> {
    value.serialize(NodeSerializer { depth: 0 })
}

/// A serialised value, in the order serde produced it. Containers hold at
/// most one more level of containers ([`MAX_DEPTH`]): no style goes deeper.
#[derive(Debug, PartialEq)]
pub(super) enum Node {
    /// `None`, `()`, a unit struct.
    Null,
    /// A string, number, boolean, `char` or unit enum variant, as text.
    Text(String),
    /// A sequence or tuple.
    List(Vec<Node>),
    /// A map or struct (or an enum variant with data, as `{variant: data}`,
    /// like serde_json).
    Map(Vec<(String, Node)>),
}

/// How deep containers may nest in a [`Node`].
const MAX_DEPTH: u8 = 2;

/// The error of [`NodeSerializer`]: a message.
#[derive(Debug)]
pub(super) struct NodeError(String);

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NodeError {}

impl ser::Error for NodeError {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Self(message.to_string())
    }
}

/// Serialises into a [`Node`].
#[derive(Clone, Copy)]
struct NodeSerializer {
    /// How many containers enclose the value.
    depth: u8,
}

impl NodeSerializer {
    /// The depth of a container's contents, unless containers may not go deeper.
    fn enter(self) -> Result<Self, NodeError> {
        if self.depth >= MAX_DEPTH {
            return Err(NodeError(
                "it nests lists or objects more than two levels deep".to_owned(),
            ));
        }
        Ok(Self {
            depth: self.depth + 1,
        })
    }
}

/// serde_json's `arbitrary_precision` numbers serialise as a struct of this
/// name with one field of this name holding the digits.
pub(super) const JSON_NUMBER: &str = "$serde_json::private::Number";

fn text(value: impl ToString) -> Result<Node, NodeError> {
    Ok(Node::Text(value.to_string()))
}

/// A float as JSON writes it (`1.0`, `0.1`); NaN and infinities have no text.
fn float<F: Serialize + Copy>(value: F, finite: bool) -> Result<Node, NodeError> {
    if !finite {
        return Err(NodeError(
            "NaN and infinite numbers cannot be sent".to_owned(),
        ));
    }
    serde_json::to_string(&value)
        .map(Node::Text)
        .map_err(|error| NodeError(error.to_string()))
}

impl ser::Serializer for NodeSerializer {
    type Ok = Node;
    type Error = NodeError;
    type SerializeSeq = ListBuilder;
    type SerializeTuple = ListBuilder;
    type SerializeTupleStruct = ListBuilder;
    type SerializeTupleVariant = Variant<ListBuilder>;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = Variant<MapBuilder>;

    fn serialize_bool(self, v: bool) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Node, NodeError> {
        float(v, v.is_finite())
    }
    fn serialize_f64(self, v: f64) -> Result<Node, NodeError> {
        float(v, v.is_finite())
    }
    fn serialize_char(self, v: char) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_str(self, v: &str) -> Result<Node, NodeError> {
        text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Node, NodeError> {
        Err(NodeError(
            "raw bytes have no text; encode them (base64, say) first".to_owned(),
        ))
    }
    fn serialize_none(self) -> Result<Node, NodeError> {
        Ok(Node::Null)
    }
    fn serialize_some<V: Serialize + ?Sized>(self, value: &V) -> Result<Node, NodeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node, NodeError> {
        Ok(Node::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, NodeError> {
        Ok(Node::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Node, NodeError> {
        text(variant)
    }
    fn serialize_newtype_struct<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &V,
    ) -> Result<Node, NodeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &V,
    ) -> Result<Node, NodeError> {
        let inner = value.serialize(self.enter()?)?;
        Ok(Node::Map(vec![(variant.to_owned(), inner)]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<ListBuilder, NodeError> {
        Ok(ListBuilder {
            items: Vec::with_capacity(len.unwrap_or(0).min(64)),
            inner: self.enter()?,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<ListBuilder, NodeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<ListBuilder, NodeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<ListBuilder>, NodeError> {
        Ok(Variant {
            variant,
            inner: self.enter()?.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder, NodeError> {
        Ok(MapBuilder {
            members: Vec::with_capacity(len.unwrap_or(0).min(64)),
            key: None,
            inner: self.enter()?,
            number: false,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<MapBuilder, NodeError> {
        let mut map = self.serialize_map(Some(len))?;
        map.number = name == JSON_NUMBER;
        Ok(map)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<MapBuilder>, NodeError> {
        Ok(Variant {
            variant,
            inner: self.enter()?.serialize_map(Some(len))?,
        })
    }
}

/// Builds a [`Node::List`].
struct ListBuilder {
    items: Vec<Node>,
    /// The serializer for the items.
    inner: NodeSerializer,
}

impl ListBuilder {
    fn push<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        self.items.push(value.serialize(self.inner)?);
        Ok(())
    }
}

impl ser::SerializeSeq for ListBuilder {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_element<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        self.push(value)
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::List(self.items))
    }
}

impl ser::SerializeTuple for ListBuilder {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_element<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        self.push(value)
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::List(self.items))
    }
}

impl ser::SerializeTupleStruct for ListBuilder {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_field<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        self.push(value)
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::List(self.items))
    }
}

/// Builds a [`Node::Map`].
struct MapBuilder {
    members: Vec<(String, Node)>,
    /// The key whose value comes next.
    key: Option<String>,
    /// The serializer for the values.
    inner: NodeSerializer,
    /// Whether this is serde_json's [`JSON_NUMBER`] struct.
    number: bool,
}

impl MapBuilder {
    fn end_node(mut self) -> Node {
        if self.number
            && let [(_, Node::Text(digits))] = self.members.as_mut_slice()
        {
            return Node::Text(std::mem::take(digits));
        }
        Node::Map(self.members)
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), NodeError> {
        // Keys are scalars: no containers allowed inside them.
        let key = key.serialize(NodeSerializer { depth: MAX_DEPTH });
        match key {
            Ok(Node::Text(key)) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(NodeError(
                "a map key must be a string, number, boolean or unit variant".to_owned(),
            )),
        }
    }
    fn serialize_value<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| NodeError("a map value came without its key".to_owned()))?;
        self.members.push((key, value.serialize(self.inner)?));
        Ok(())
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(self.end_node())
    }
}

impl ser::SerializeStruct for MapBuilder {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_field<V: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), NodeError> {
        self.members
            .push((key.to_owned(), value.serialize(self.inner)?));
        Ok(())
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(self.end_node())
    }
}

/// An enum variant with data: `{variant: data}`, as serde_json writes it.
struct Variant<B> {
    variant: &'static str,
    inner: B,
}

impl ser::SerializeTupleVariant for Variant<ListBuilder> {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_field<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), NodeError> {
        self.inner.push(value)
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::Map(vec![(
            self.variant.to_owned(),
            Node::List(self.inner.items),
        )]))
    }
}

impl ser::SerializeStructVariant for Variant<MapBuilder> {
    type Ok = Node;
    type Error = NodeError;
    fn serialize_field<V: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), NodeError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result<Node, NodeError> {
        Ok(Node::Map(vec![(
            self.variant.to_owned(),
            self.inner.end_node(),
        )]))
    }
}
