//! Value types ([`Ty`]: what a field, item, parameter or body holds), their
//! constraints, and the one walk over them.

/// A value type with the constraints requests must satisfy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ty {
    /// What the value is.
    pub kind: TyKind,
    /// Bounds checked before a request is sent.
    pub constraints: Constraints,
    /// Whether a value of this type has something to check before it is
    /// sent: a constraint, or a validated named type, here or at any depth
    /// inside. Set by `resolve`'s `mark_checked` pass (false before it).
    pub checked: bool,
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
    /// A typed id, `crate::Id<marker>`: a snowflake the schema says
    /// identifies one kind of entity (`x-fluxer-id`). Holds the name of its
    /// alias in the generated `ids` module (`ChannelId`), an
    /// [`IdKind::alias`](super::IdKind::alias) of [`Api::ids`](super::Api::ids).
    Id(String),
    /// `crate::Timestamp`.
    Timestamp,
    /// `serde_json::Value`: free-form JSON.
    Json,
    /// `crate::request::File`: a file sent as a part of a `multipart/form-data`
    /// body (`format: binary`), with its file name and content type.
    File,
    /// A named type from [`Api::types`](super::Api::types).
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
    /// A type with constraints, not yet marked [`checked`](Self::checked).
    pub fn new(kind: TyKind, constraints: Constraints) -> Ty {
        Ty {
            kind,
            constraints,
            checked: false,
        }
    }

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

    /// [`Self::children`], to change.
    pub fn children_mut(&mut self) -> Vec<&mut Ty> {
        match &mut self.kind {
            TyKind::Array(inner) | TyKind::Nullable(inner) => vec![inner],
            TyKind::Map { keys, values } => vec![keys, values],
            TyKind::Tuple(items) => items.iter_mut().collect(),
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
    /// The schema's `format` of a string held as text (`uuid`, `email`,
    /// `date`): an annotation the client does not check, kept so tools
    /// that make values for the schema (the conformance sampler) can.
    pub format: Option<String>,
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
            format: None,
            ..self.clone()
        } == Constraints::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(kind: TyKind) -> Ty {
        Ty::new(kind, Constraints::default())
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
