//! Stage 3: the intermediate representation.
//!
//! Plain Rust data describing what to generate: types and operations with final
//! Rust names, in a fixed order. No YAML, no tokens. `resolve` builds it and has
//! already checked everything; `emit` turns it into code and cannot fail.

use std::collections::BTreeMap;

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
    /// Whether the type's `Validate` implementation checks something: it is
    /// sent and holds a constraint, directly or inside (requests are strict,
    /// responses liberal).
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

    /// Whether the Rust type is wrapped in `Option`.
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
}

/// A value type with the constraints requests must satisfy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ty {
    /// What the value is.
    pub kind: TyKind,
    /// Bounds checked before a request is sent.
    pub constraints: Constraints,
}

/// What a value is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TyKind {
    /// `bool`.
    Bool,
    /// A Rust integer type.
    Int(IntType),
    /// `f32` or `f64`.
    Float(FloatType),
    /// `String`.
    String,
    /// `crate::Snowflake`.
    Snowflake,
    /// `crate::Id<crate::ids::{marker}>`: a snowflake the schema says
    /// identifies one kind of entity (`x-fluxer-id`); holds the marker's
    /// name, an [`IdKind::marker`] of [`Api::ids`].
    Id(String),
    /// `crate::Timestamp`.
    Timestamp,
    /// `serde_json::Value`: free-form JSON.
    Json,
    /// A named type from [`Api::types`].
    Named(String),
    /// `Vec<T>`.
    Array(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map {
        /// The keys: always [`TyKind::String`], with the string constraints
        /// of the schema's `propertyNames` (none without one).
        keys: Box<Ty>,
        /// The values.
        values: Box<Ty>,
    },
    /// `Option<T>` where `null` is allowed but the position cannot be absent:
    /// array items, map values and response bodies.
    Nullable(Box<Ty>),
    /// `(A, B)`: a tuple of fixed length (`prefixItems` with `minItems` its
    /// length and no more items allowed), a JSON array of exactly these items.
    Tuple(Vec<Ty>),
}

impl Ty {
    /// The types one level inside this one: an array's items, a map's keys
    /// and values, a nullable's value, a tuple's items.
    pub fn children(&self) -> Vec<&Ty> {
        match &self.kind {
            TyKind::Array(inner) | TyKind::Nullable(inner) => vec![inner],
            TyKind::Map { keys, values } => vec![keys, values],
            TyKind::Tuple(items) => items.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The one walk over value types: calls `visit` on this type and, when
    /// `visit` returns true, on the types inside it, depth first, outermost
    /// first (a map's keys before its values, a tuple's items in order).
    /// Every pass that looks through arrays, maps, nullables and tuples uses it.
    pub fn walk<'t>(&'t self, visit: &mut impl FnMut(&'t Ty) -> bool) {
        let mut stack = vec![self];
        while let Some(ty) = stack.pop() {
            if visit(ty) {
                stack.extend(ty.children().into_iter().rev());
            }
        }
    }

    /// The named types this type holds, through arrays, maps, nullables and tuples.
    pub fn named(&self) -> Vec<&str> {
        let mut names = Vec::new();
        self.walk(&mut |ty| {
            if let TyKind::Named(name) = &ty.kind {
                names.push(name.as_str());
            }
            true
        });
        names
    }

    /// The named types this type holds without a list or map in between
    /// (through nullables and tuples), so a type containing itself this way
    /// has no finite size.
    pub fn direct_named(&self) -> Vec<&str> {
        let mut direct = Vec::new();
        self.walk(&mut |ty| match &ty.kind {
            TyKind::Named(name) => {
                direct.push(name.as_str());
                false
            }
            TyKind::Nullable(_) | TyKind::Tuple(_) => true,
            _ => false,
        });
        direct
    }
}

impl Api {
    /// Whether a value of type `ty` has something to check before it is sent:
    /// a constraint, or a validated named type, at any depth.
    pub fn needs_check(&self, ty: &Ty) -> bool {
        let mut needs = false;
        ty.walk(&mut |ty| {
            needs |= !ty.constraints.is_empty()
                || matches!(&ty.kind, TyKind::Named(name)
                    if self.types.get(name).is_some_and(|def| def.validated));
            !needs
        });
        needs
    }
}

/// A Rust integer type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum IntType {
    U8,
    U16,
    U32,
    U64,
    I8,
    I16,
    I32,
    I64,
}

impl IntType {
    /// The Rust type name.
    pub fn name(self) -> &'static str {
        match self {
            IntType::U8 => "u8",
            IntType::U16 => "u16",
            IntType::U32 => "u32",
            IntType::U64 => "u64",
            IntType::I8 => "i8",
            IntType::I16 => "i16",
            IntType::I32 => "i32",
            IntType::I64 => "i64",
        }
    }

    /// The smallest and largest value of the type, as `i128`.
    pub fn range(self) -> (i128, i128) {
        match self {
            IntType::U8 => (0, u8::MAX.into()),
            IntType::U16 => (0, u16::MAX.into()),
            IntType::U32 => (0, u32::MAX.into()),
            IntType::U64 => (0, u64::MAX.into()),
            IntType::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntType::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntType::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntType::I64 => (i64::MIN.into(), i64::MAX.into()),
        }
    }
}

/// A Rust float type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum FloatType {
    F32,
    F64,
}

/// Bounds a request value must satisfy. Only bounds the Rust type does not
/// already guarantee are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Inclusive lower bound of an integer, or a whole one of a number.
    pub minimum: Option<i64>,
    /// Inclusive upper bound of an integer, or a whole one of a number.
    pub maximum: Option<i64>,
    /// Fewest array items.
    pub min_items: Option<u64>,
    /// Most array items.
    pub max_items: Option<u64>,
    /// Fewest characters of a string.
    pub min_length: Option<u64>,
    /// Most characters of a string.
    pub max_length: Option<u64>,
    /// Fewest entries of a map.
    pub min_properties: Option<u64>,
    /// Most entries of a map.
    pub max_properties: Option<u64>,
    /// No two array items may be equal.
    pub unique_items: bool,
    /// A regular expression the whole text must match (checked to compile).
    pub pattern: Option<String>,
    /// The texts allowed (a map's `propertyNames` with `enum` or `const`).
    pub allowed: Option<Vec<String>>,
    /// Bounds of a number that [`Self::minimum`] and [`Self::maximum`] do
    /// not hold: fractional ones, exclusive ones, and whole ones beyond
    /// 2^53, all checked exactly.
    pub number_bounds: Vec<NumberBound>,
    /// `multipleOf`: a positive step every value must be a whole multiple
    /// of (kept only when the Rust type does not already guarantee it).
    pub multiple_of: Option<Decimal>,
    /// Constraints the generated code does not check, kept for the docs and
    /// for `resolve`'s report on types sent in requests.
    pub unchecked: Vec<Unchecked>,
}

/// A number as the schema writes it, held exactly: `mantissa ×
/// 10^exponent` (the schema's `0.01` is 1 × 10⁻²; the runtime's `Decimal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    /// The digits, without trailing zeros (0 for zero, with exponent 0).
    pub mantissa: i64,
    /// The power of ten the digits are multiplied by.
    pub exponent: i16,
}

impl Decimal {
    /// `mantissa × 10^exponent`, with trailing zeros moved into the exponent.
    pub fn new(mantissa: i64, exponent: i16) -> Decimal {
        if mantissa == 0 {
            return Decimal {
                mantissa: 0,
                exponent: 0,
            };
        }
        let (mut mantissa, mut exponent) = (mantissa, exponent);
        while mantissa % 10 == 0 && exponent < i16::MAX {
            mantissa /= 10;
            exponent += 1;
        }
        Decimal { mantissa, exponent }
    }
}

/// A bound of a number checked exactly against a [`Decimal`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberBound {
    /// Which side, and whether the bound itself is allowed.
    pub kind: BoundKind,
    /// The bound.
    pub value: Decimal,
}

/// The side of a [`NumberBound`] (the runtime's `Constraint` variant).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundKind {
    /// At least the bound (`minimum`): `Constraint::DecimalMinimum`.
    Minimum,
    /// At most the bound (`maximum`): `Constraint::DecimalMaximum`.
    Maximum,
    /// Greater than the bound (`exclusiveMinimum`).
    ExclusiveMinimum,
    /// Less than the bound (`exclusiveMaximum`).
    ExclusiveMaximum,
}

/// A constraint of the schema that the generated code does not check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unchecked {
    /// A `pattern` the regular-expression engine cannot compile.
    Pattern(String),
    /// `minProperties` / `maxProperties` on a free-form object: the keyword and the bound.
    EntryCount(&'static str, u64),
    /// `minLength` / `maxLength` on text the client holds parsed (a
    /// timestamp, a snowflake): the keyword and the bound.
    TextLength(&'static str, u64),
}

impl std::fmt::Display for Unchecked {
    /// Ends the sentence "the value …": `must match the pattern `^a$``.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = |keyword: &str| match keyword {
            "minProperties" | "minLength" => "at least",
            _ => "at most",
        };
        match self {
            Unchecked::Pattern(pattern) => write!(f, "must match the pattern `{pattern}`"),
            Unchecked::EntryCount(keyword, bound) => {
                write!(f, "must have {} {bound} entries", words(keyword))
            }
            Unchecked::TextLength(keyword, bound) => {
                write!(f, "must be {} {bound} characters long", words(keyword))
            }
        }
    }
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        Constraints {
            unchecked: Vec::new(),
            ..self.clone()
        } == Constraints::default()
    }
}

/// One API operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The schema's `operationId`.
    pub operation_id: String,
    /// The Rust function and method name (snake_case).
    pub fn_name: String,
    /// The `static` holding the operation's metadata (SCREAMING_SNAKE_CASE).
    pub static_name: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template, for example `/channels/{channel_id}/invites`.
    pub path_template: String,
    /// The path split into literal text and parameters (indices into `path_params`).
    pub path: Vec<PathPart>,
    /// Path parameters in the order they appear in the path.
    pub path_params: Vec<Param>,
    /// Query parameters in schema order.
    pub query_params: Vec<Param>,
    /// Header parameters in schema order.
    pub header_params: Vec<Param>,
    /// Cookie parameters in schema order (sent in one `Cookie` header).
    pub cookie_params: Vec<Param>,
    /// The name of the struct holding the optional query, header and cookie
    /// parameters, when there are any: they are never positional arguments,
    /// so adding one to the schema breaks no caller.
    pub options: Option<String>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// What a success response carries.
    pub response: Response,
    /// Whether sending the request twice has the same effect as once.
    pub idempotent: bool,
    /// Documentation lines for the method (summary, description, errors).
    pub docs: Vec<String>,
    /// Whether the schema marks it `deprecated`.
    pub deprecated: bool,
    /// Where its requests go: the operation's or path item's `servers`,
    /// related to the document's first top-level server.
    pub server: Server,
}

/// Where an operation's requests go, decided from its `servers` (or its path
/// item's) and the document's first top-level server, which the client's
/// base URL stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Server {
    /// The client's base URL: no `servers` override, or one naming the
    /// top-level server again.
    Base,
    /// A relative reference (RFC 3986), resolved against the client's base
    /// URL taken as a directory (`uploads`, `../v2`, `/v2`), so a
    /// self-hosted base URL still works. Never empty, never with a host
    /// (`//host`), a query or a fragment.
    Relative(String),
    /// An absolute `http`/`https` URL on another origin than the top-level
    /// server (`https://upload.box.com/api/2.0`), without a trailing slash,
    /// user name, query or fragment.
    Absolute(String),
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl Method {
    /// The upper-case HTTP name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }

    /// The `crate::request::Method` variant name.
    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
            Method::Head => "Head",
            Method::Options => "Options",
            Method::Trace => "Trace",
        }
    }
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    /// Text copied as is.
    Literal(String),
    /// The path parameter at this index of [`Operation::path_params`].
    Param(usize),
}

/// A path or query parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Rust identifier of the function argument.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// The value type.
    pub ty: Ty,
    /// Whether the parameter must be given (otherwise the argument is an `Option`).
    pub required: bool,
    /// How the value is written (OpenAPI's `style` and `explode`, or
    /// `content`), always one its location allows.
    pub style: ParamStyle,
    /// Documentation lines.
    pub docs: Vec<String>,
}

/// How a parameter's value is written, as OpenAPI's `style` and `explode`
/// say (the runtime's `request::PathStyle` and `request::QueryStyle`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple` (path and header parameters).
    Simple {
        /// Whether objects are written `k=v`.
        explode: bool,
    },
    /// `label` (path): `.a.b`.
    Label {
        /// Whether items are separated by `.` rather than `,`.
        explode: bool,
    },
    /// `matrix` (path): `;name=a,b`.
    Matrix {
        /// Whether each item gets its own `;name=`.
        explode: bool,
    },
    /// `form` (query and cookie).
    Form {
        /// Whether lists and objects become separate pairs.
        explode: bool,
    },
    /// `spaceDelimited` (query).
    SpaceDelimited,
    /// `pipeDelimited` (query).
    PipeDelimited,
    /// `deepObject` (query).
    DeepObject,
    /// Described by `content: application/json`: the JSON text.
    Json,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// Whether the body must be given (otherwise the argument is an `Option`).
    pub required: bool,
    /// What it is and how it is sent.
    pub kind: BodyKind,
}

/// What a request body is and how it is sent. Only JSON and form bodies
/// carry a type; the others are given as they are.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyKind {
    /// `application/json` (or another `+json` type): the typed value as JSON.
    Json(Ty),
    /// `application/x-www-form-urlencoded`: the typed value as a form.
    Form(Ty),
    /// `multipart/form-data`: a `crate::request::Multipart` the caller builds.
    Multipart,
    /// A `text/*` type (the media type): a `&str`.
    Text(String),
    /// Any other media type: bytes.
    Binary(String),
}

impl BodyKind {
    /// The typed value of a JSON or form body.
    pub fn ty(&self) -> Option<&Ty> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form(ty) => Some(ty),
            _ => None,
        }
    }
}

/// What a success response carries.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // Plain data, built once per operation.
pub enum Response {
    /// Nothing (`204`, or no content documented): `()`.
    Empty,
    /// A JSON body of this type (`Nullable` when some success statuses have none).
    Json(Ty),
    /// A body that is not JSON, as bytes.
    Bytes,
}

impl Response {
    /// The JSON body's type, if the response has one.
    pub fn ty(&self) -> Option<&Ty> {
        match self {
            Response::Json(ty) => Some(ty),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(kind: TyKind) -> Ty {
        Ty {
            kind,
            constraints: Constraints::default(),
        }
    }

    fn named(name: &str) -> Ty {
        ty(TyKind::Named(name.to_owned()))
    }

    #[test]
    fn the_walk_visits_every_tuple_item_in_order() {
        // `(A, Vec<B>, Option<C>)`
        let tuple = ty(TyKind::Tuple(vec![
            named("A"),
            ty(TyKind::Array(Box::new(named("B")))),
            ty(TyKind::Nullable(Box::new(named("C")))),
        ]));
        assert_eq!(tuple.named(), ["A", "B", "C"]);
        // A tuple holds its items directly; a list does not.
        assert_eq!(tuple.direct_named(), ["A", "C"]);
        // A visit that returns false skips what is inside, not the siblings.
        let mut seen = Vec::new();
        tuple.walk(&mut |ty| {
            seen.push(ty.kind.clone());
            !matches!(ty.kind, TyKind::Array(_))
        });
        assert_eq!(seen.len(), 5, "{seen:?}");
        assert!(!seen.contains(&TyKind::Named("B".to_owned())));
    }
}
