//! Named types: structs, enums, unions and tuple structs, and what the
//! passes decided about them (usage, validation).

use super::*;

/// A named Rust type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust type name (PascalCase, a valid identifier).
    pub name: String,
    /// Documentation lines, already made safe for rustdoc.
    pub docs: Vec<String>,
    /// Whether the schema marks it `deprecated`.
    pub deprecated: bool,
    /// Which way values of this type travel, decided by `resolve`'s passes.
    pub usage: Usage,
    /// Whether the type implements `Validate`, decided by `resolve`'s passes:
    /// it is sent and holds a constraint, directly or inside (requests are
    /// strict, responses liberal). A type with nothing to check has no
    /// `Validate` impl, and nothing calls one.
    pub validated: bool,
    /// The shape of the type.
    pub kind: TypeKind,
}

/// Which way values of a type travel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a request body or parameter (not through a read-only member).
    pub sent: bool,
    /// Reachable from a success response (not through a write-only member).
    pub received: bool,
}

impl TypeDef {
    /// Every value type the type holds directly (fields, the extra map, union
    /// variants, the aliased type), with the access of the member holding it.
    pub fn members(&self) -> Vec<(&Ty, Access)> {
        match &self.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|field| (&field.ty, field.access))
                .chain(s.extra.iter().map(|(_, ty)| (ty, Access::ReadWrite)))
                .collect(),
            TypeKind::Union(union) => union
                .variants
                .iter()
                .map(|variant| (&variant.ty, Access::ReadWrite))
                .collect(),
            TypeKind::Tuple(tuple) => tuple
                .items
                .iter()
                .map(|item| &item.ty)
                .chain(tuple.rest.iter().map(|rest| &rest.ty))
                .map(|ty| (ty, Access::ReadWrite))
                .collect(),
            TypeKind::Alias(ty) => vec![(ty, Access::ReadWrite)],
            TypeKind::IntEnum { .. } | TypeKind::StringEnum { .. } => Vec::new(),
        }
    }
}

impl TypeDef {
    /// The value types of [`Self::members`], to change.
    pub fn members_mut(&mut self) -> Vec<&mut Ty> {
        match &mut self.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .map(|field| &mut field.ty)
                .chain(s.extra.iter_mut().map(|(_, ty)| ty))
                .collect(),
            TypeKind::Union(union) => union
                .variants
                .iter_mut()
                .map(|variant| &mut variant.ty)
                .collect(),
            TypeKind::Tuple(tuple) => tuple
                .items
                .iter_mut()
                .map(|item| &mut item.ty)
                .chain(tuple.rest.iter_mut().map(|rest| &mut rest.ty))
                .collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::IntEnum { .. } | TypeKind::StringEnum { .. } => Vec::new(),
        }
    }

    /// Whether the type has a check of its own, not one of a member's type:
    /// a tuple's bounds on its whole length.
    pub fn has_own_checks(&self) -> bool {
        matches!(&self.kind, TypeKind::Tuple(Tuple { rest: Some(rest), .. })
            if rest.min_items.is_some() || rest.max_items.is_some())
    }
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// An integer enum that keeps unknown values in the `fallback` variant.
    IntEnum {
        /// The known values.
        variants: Vec<IntVariant>,
        /// The variant holding values the client does not know (`Unknown`,
        /// unless a known value has that name).
        fallback: String,
    },
    /// A string enum that keeps unknown values in the `fallback` variant.
    StringEnum {
        /// The known values.
        variants: Vec<StringVariant>,
        /// The variant holding values the client does not know.
        fallback: String,
    },
    /// A union (`oneOf`/`anyOf` of distinct shapes).
    Union(Union),
    /// A tuple whose length is not fixed (`prefixItems` with optional items
    /// or more items allowed after them): a tuple struct. A tuple of fixed
    /// length is a Rust tuple, [`TyKind::Tuple`].
    Tuple(Tuple),
    /// A type alias for a map or array.
    Alias(Ty),
}

/// A struct's fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// The fields in schema order.
    pub fields: Vec<Field>,
    /// `additionalProperties` next to `properties`: extra members are kept in a map
    /// field with this Rust name and value type.
    pub extra: Option<(String, Ty)>,
    /// Whether the struct derives `Default`: every field is an `Option`.
    pub derive_default: bool,
    /// When the struct is a `multipart/form-data` body: how each field
    /// (in the order of `fields`) becomes parts. Such a struct is sent as a
    /// form, not as JSON (it implements `crate::request::MultipartForm`,
    /// not serde's traits).
    pub form: Option<Vec<FormPart>>,
}

/// How one field of a multipart body becomes parts, decided by `resolve`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormPart {
    /// What the parts are.
    pub kind: PartKind,
    /// The part's `Content-Type` from the media type's `encoding`
    /// (`contentType`), if it names one: a JSON part's type (else
    /// `application/json`), a text part's, or a file's when the `File`
    /// does not say.
    pub content_type: Option<String>,
}

/// What parts a field of a multipart body is sent as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// One text part: a string, or a number, boolean, enum or id as its text.
    Text,
    /// One text part per item of a list of scalars, each with the field's name.
    TextList,
    /// One part holding the value as JSON (an object, a list of objects,
    /// free-form JSON; Discord's and Fluxer's `payload_json`).
    Json,
    /// One file part (`format: binary`).
    File,
    /// One file part per item of a list of files, each with the field's name.
    Files,
    /// One file part per item, named after the field with its index
    /// (`files[0]`, `files[1]`, …): the schema lists the members `files[0]`
    /// to `files[N]` one by one, and they are one list here.
    IndexedFiles,
}

/// A tuple struct: `prefixItems: [A, B]` (or OpenAPI 3.0's `items: [A,
/// B]`) whose length is not fixed. One positional field per item that can be
/// present, then, when the schema allows more items, a `Vec` of them.
///
/// An item is optional from `minItems` on: an array shorter than the prefix
/// is valid unless `minItems` says otherwise. Optional items are written
/// until the last one given; a `None` before a given item is written `null`
/// when the item may be `null`, and is an encoding error otherwise (a JSON
/// array cannot skip a position).
#[derive(Clone, Debug, PartialEq)]
pub struct Tuple {
    /// The prefix items, in order (only those `maxItems` lets be present).
    pub items: Vec<TupleItem>,
    /// The items after the prefix, when the schema allows any.
    pub rest: Option<TupleRest>,
    /// Whether the tuple struct derives `Default`: every item is an `Option`.
    pub derive_default: bool,
}

/// One item of a [`Tuple`].
#[derive(Clone, Debug, PartialEq)]
pub struct TupleItem {
    /// The value type, without the `Option` that `optional` or `nullable` add.
    pub ty: Ty,
    /// Whether the array may end before this item (its index is at least `minItems`).
    pub optional: bool,
    /// Whether the item may be `null`.
    pub nullable: bool,
    /// Whether the value is boxed because the type contains itself through it.
    pub boxed: bool,
    /// Documentation lines.
    pub docs: Vec<String>,
}

impl TupleItem {
    /// Whether the Rust type is wrapped in `Option`.
    pub fn is_option(&self) -> bool {
        self.optional || self.nullable
    }
}

/// The items of a [`Tuple`] after its prefix (`items` in JSON Schema 2020-12,
/// `additionalItems` next to OpenAPI 3.0's list of `items`).
#[derive(Clone, Debug, PartialEq)]
pub struct TupleRest {
    /// The type of each of them.
    pub ty: Ty,
    /// `minItems` when it is more than the prefix (then every prefix item and
    /// some of these must be present): the fewest items of the whole array.
    pub min_items: Option<u64>,
    /// `maxItems` (always more than the prefix, or there would be no rest):
    /// the most items of the whole array.
    pub max_items: Option<u64>,
}

/// One struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Rust identifier (may be a raw identifier such as `r#type`).
    pub name: String,
    /// The JSON member name when it differs from the Rust name.
    pub rename: Option<String>,
    /// The value type, without the `Option` that `optional` or `nullable` add.
    pub ty: Ty,
    /// Whether the member may be absent (not in `required`).
    pub optional: bool,
    /// Whether the member may be `null`.
    pub nullable: bool,
    /// Whether absent and `null` are two different things to say: the
    /// member is optional and nullable in a type that is sent, so it is a
    /// `crate::Nullable` (absent, `null` or a value) instead of an `Option`.
    /// Decided by `resolve`'s `mark_three_state` pass (false before it).
    pub three_state: bool,
    /// Whether the value is boxed because the type contains itself through it.
    pub boxed: bool,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Whether the schema marks it `deprecated`.
    pub deprecated: bool,
    /// Which direction the member travels in (`readOnly`/`writeOnly`).
    pub access: Access,
}

/// Which direction a member travels in, from `readOnly` / `writeOnly`.
///
/// After resolving, a read-only member is left out of types that are only
/// sent, a write-only one out of types that are only received, and either is
/// an `Option` in types that travel both ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Access {
    /// Sent and received.
    #[default]
    ReadWrite,
    /// Set by the server: received, ignored when sent (`readOnly: true`).
    ReadOnly,
    /// Only sent, never returned (`writeOnly: true`).
    WriteOnly,
}

impl Field {
    /// The JSON member name.
    pub fn wire_name(&self) -> &str {
        self.rename
            .as_deref()
            .unwrap_or_else(|| self.name.trim_start_matches("r#"))
    }

    /// Whether the Rust type is wrapped in `Option` (or, when
    /// [`three_state`](Self::three_state), in `crate::Nullable`).
    pub fn is_option(&self) -> bool {
        self.optional || self.nullable
    }
}

/// A variant of an integer enum.
#[derive(Clone, Debug, PartialEq)]
pub struct IntVariant {
    /// Rust variant name.
    pub name: String,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// The integer on the wire.
    pub value: i64,
}

/// A variant of a string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct StringVariant {
    /// Rust variant name.
    pub name: String,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// The string on the wire.
    pub value: String,
}

/// A union's members and how a decoded value picks one.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// The members.
    pub variants: Vec<UnionVariant>,
    /// How members are told apart.
    pub kind: UnionKind,
    /// Whether each variant gets a `From` impl of its value: only when no
    /// two variants hold the same type.
    pub from_impls: bool,
}

/// How a union's members are told apart when decoding.
#[derive(Clone, Debug, PartialEq)]
pub enum UnionKind {
    /// By the value of one property that every member has.
    Tagged(UnionTag),
    /// By trying the members in turn.
    Untagged {
        /// The order members are tried in (indices into `variants`): structs
        /// with more required members first, so one whose required members
        /// include another's is not shadowed by it; free-form JSON last; ties
        /// in declaration order.
        try_order: Vec<usize>,
    },
}

/// The property that tells a union's members apart.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionTag {
    /// The JSON member holding the tag, such as `type`.
    pub property: String,
    /// The tag values of each variant, in variant order.
    pub values: TagValues,
    /// The variant that keeps members with a tag this client does not know.
    pub fallback: String,
}

/// The tag values of each variant of a tagged union, in variant order (one or
/// more each; no value belongs to two variants). All of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagValues {
    /// Integer tags, such as Fluxer's `"type": 1`.
    Int(Vec<Vec<i64>>),
    /// String tags.
    Str(Vec<Vec<String>>),
}

/// A variant of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The variant's single field.
    pub ty: Ty,
    /// Whether the value is boxed because the union contains itself through it.
    pub boxed: bool,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// What tells the variant of an untagged union apart when decoding: a
    /// value failing one of these is read as another variant that fits.
    pub guards: Vec<Guard>,
}

/// A check an untagged union's variant puts on a JSON value before it is
/// read as that variant (the schema's `pattern`, `format: uuid`, `enum`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guard {
    /// The member checked (`id`), or the value itself.
    pub member: Option<String>,
    /// What the text must be.
    pub check: GuardCheck,
}

/// What a [`Guard`] asks of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GuardCheck {
    /// To match this pattern (one that compiles).
    Pattern(String),
    /// To be a UUID.
    Uuid,
    /// To be one of these values.
    OneOf(Vec<String>),
}
