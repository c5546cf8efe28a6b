//! [`Constraint`]: a bound from the schema, and the checks generated
//! `Validate` implementations run against it.

use std::fmt;

use super::{Pattern, ValidationError};
use crate::decimal::{Decimal, Exact};

/// A bound from the schema that a request value must respect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Constraint {
    /// The number must be at least this (`minimum`).
    Minimum(i64),
    /// The number must be at most this (`maximum`).
    Maximum(i64),
    /// The list must have at least this many items (`minItems`).
    MinItems(u64),
    /// The list must have at most this many items (`maxItems`).
    MaxItems(u64),
    /// The text must have at least this many characters (`minLength`).
    MinLength(u64),
    /// The text must have at most this many characters (`maxLength`).
    MaxLength(u64),
    /// The map must have at least this many entries (`minProperties`).
    MinProperties(u64),
    /// The map must have at most this many entries (`maxProperties`).
    MaxProperties(u64),
    /// No two items of the list may be equal (`uniqueItems`); the value is the
    /// index of the first repeated item.
    UniqueItems,
    /// The text must match this regular expression (`pattern`).
    Pattern(&'static str),
    /// The number must be at least this (`minimum` that is not a whole
    /// number), compared exactly (see [`Decimal`]).
    DecimalMinimum(Decimal),
    /// The number must be at most this (`maximum` that is not a whole number).
    DecimalMaximum(Decimal),
    /// The number must be greater than this (`exclusiveMinimum`).
    ExclusiveMinimum(Decimal),
    /// The number must be less than this (`exclusiveMaximum`).
    ExclusiveMaximum(Decimal),
    /// The number must be a whole multiple of this positive step
    /// (`multipleOf`), checked exactly: `19.99` is a multiple of `0.01`.
    MultipleOf(Decimal),
    /// The text must be one of these (a map's `propertyNames` with `enum`
    /// or `const`).
    Enum(&'static [&'static str]),
}

impl Constraint {
    /// Checks an integer, or a length or item count, against this bound
    /// (decimal bounds and `multipleOf` steps exactly, see [`Decimal`]).
    ///
    /// Generated `Validate` implementations call this once per bound.
    ///
    /// ```
    /// use fluxer_client::Constraint;
    ///
    /// assert!(Constraint::Maximum(100).check("max_uses", 100_u8).is_ok());
    /// let problem = Constraint::Maximum(100).check("max_uses", 101_u8).unwrap_err();
    /// assert_eq!(problem.to_string(), "`max_uses` must be at most 100, got 101");
    /// ```
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `field`, this bound and `value` when `value`
    /// is outside the bound.
    pub fn check(self, field: &str, value: impl Into<i128>) -> Result<(), ValidationError> {
        let value = value.into();
        let within = match self {
            Self::Minimum(bound) => value >= i128::from(bound),
            Self::Maximum(bound) => value <= i128::from(bound),
            Self::MinItems(bound) | Self::MinLength(bound) | Self::MinProperties(bound) => {
                value >= i128::from(bound)
            }
            Self::MaxItems(bound) | Self::MaxLength(bound) | Self::MaxProperties(bound) => {
                value <= i128::from(bound)
            }
            Self::UniqueItems | Self::Pattern(_) | Self::Enum(_) => true,
            Self::DecimalMinimum(_)
            | Self::DecimalMaximum(_)
            | Self::ExclusiveMinimum(_)
            | Self::ExclusiveMaximum(_)
            | Self::MultipleOf(_) => self.admits(Exact::int(value)),
        };
        if within {
            Ok(())
        } else {
            Err(ValidationError::new(field, self, value))
        }
    }

    /// Whether the exact number `value` satisfies a decimal bound or step
    /// (every other constraint admits it).
    fn admits(self, value: Exact) -> bool {
        match self {
            Self::DecimalMinimum(bound) => value.compare(Exact::decimal(bound)).is_ge(),
            Self::DecimalMaximum(bound) => value.compare(Exact::decimal(bound)).is_le(),
            Self::ExclusiveMinimum(bound) => value.compare(Exact::decimal(bound)).is_gt(),
            Self::ExclusiveMaximum(bound) => value.compare(Exact::decimal(bound)).is_lt(),
            Self::MultipleOf(step) => value.is_multiple_of(step),
            _ => true,
        }
    }

    /// Checks that no two items of `items` are equal (`uniqueItems`).
    ///
    /// ```
    /// use fluxer_client::Constraint;
    ///
    /// assert!(Constraint::check_unique("ids", &[1, 2, 3]).is_ok());
    /// let problem = Constraint::check_unique("ids", &[1, 2, 1]).unwrap_err();
    /// assert_eq!(problem.to_string(), "`ids` must not repeat an item, got 2");
    /// ```
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `field` and the index of the first repeat.
    pub fn check_unique<T: PartialEq>(field: &str, items: &[T]) -> Result<(), ValidationError> {
        for (index, item) in items.iter().enumerate() {
            if items[..index].contains(item) {
                return Err(ValidationError::new(field, Self::UniqueItems, index));
            }
        }
        Ok(())
    }

    /// Checks that `value` matches `pattern` (`pattern` in the schema, an
    /// ECMA-262 regular expression compiled once; see [`Pattern`](crate::Pattern)).
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `field` when `value` does not match.
    pub fn check_pattern(
        field: &str,
        value: &str,
        pattern: &'static Pattern,
    ) -> Result<(), ValidationError> {
        if pattern.is_match(value) {
            Ok(())
        } else {
            Err(ValidationError::new(
                field,
                Self::Pattern(pattern.source()),
                format!("{value:?}"),
            ))
        }
    }

    /// [`check`](Self::check) for a floating-point number: against a
    /// whole-number bound, or exactly (as its shortest decimal, see
    /// [`Decimal`]) against a decimal bound or `multipleOf` step.
    ///
    /// ```
    /// use fluxer_client::{Constraint, Decimal};
    ///
    /// let cents = Constraint::MultipleOf(Decimal::new(1, -2));
    /// assert!(cents.check_number("price", 19.99).is_ok());
    /// let problem = cents.check_number("price", 19.995).unwrap_err();
    /// assert_eq!(problem.to_string(), "`price` must be a multiple of 0.01, got 19.995");
    /// let positive = Constraint::ExclusiveMinimum(Decimal::new(0, 0));
    /// assert!(positive.check_number("ratio", 0.0).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`check`](Self::check). `NaN` is outside every bound; the
    /// infinities are outside the whole-number bound on their side and
    /// break every decimal bound and step (they have no decimal form, and
    /// JSON has no way to send them).
    #[allow(clippy::cast_precision_loss)]
    pub fn check_number(self, field: &str, value: f64) -> Result<(), ValidationError> {
        let within = match self {
            Self::Minimum(bound) => value >= bound as f64,
            Self::Maximum(bound) => value <= bound as f64,
            _ => Decimal::from_f64(value).is_some_and(|exact| self.admits(Exact::decimal(exact))),
        };
        if within {
            Ok(())
        } else {
            Err(ValidationError::new(field, self, value))
        }
    }

    /// [`check_number`](Self::check_number) for an `f32`, read as the
    /// `f32`'s own shortest decimal (`0.1_f32` is `0.1`, as it is sent).
    ///
    /// # Errors
    ///
    /// As for [`check_number`](Self::check_number).
    pub fn check_f32(self, field: &str, value: f32) -> Result<(), ValidationError> {
        let within = match self {
            Self::Minimum(_) | Self::Maximum(_) => {
                return self.check_number(field, f64::from(value));
            }
            _ => Decimal::from_f32(value).is_some_and(|exact| self.admits(Exact::decimal(exact))),
        };
        if within {
            Ok(())
        } else {
            Err(ValidationError::new(field, self, value))
        }
    }

    /// Checks a key of the map at `field` (`propertyNames`): its length in
    /// characters against `MinLength`/`MaxLength`, or its presence in `Enum`.
    ///
    /// ```
    /// use fluxer_client::Constraint;
    ///
    /// let timelines = Constraint::Enum(&["home", "notifications"]);
    /// assert!(timelines.check_key("markers", "home").is_ok());
    /// let problem = timelines.check_key("markers", "public").unwrap_err();
    /// assert_eq!(
    ///     problem.to_string(),
    ///     "the key \"public\" of `markers` must be one of \"home\", \"notifications\", got \"public\""
    /// );
    /// ```
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `field` and the key.
    pub fn check_key(self, field: &str, key: &str) -> Result<(), ValidationError> {
        match self {
            Self::MinLength(_) | Self::MaxLength(_) => self
                .check_len(field, key.chars().count())
                .map_err(|error| ValidationError::for_key(field, key, self, error.value)),
            Self::Enum(allowed) if !allowed.contains(&key) => Err(ValidationError::for_key(
                field,
                key,
                self,
                format!("{key:?}"),
            )),
            _ => Ok(()),
        }
    }

    /// Checks that a key of the map at `field` matches `pattern`
    /// (`propertyNames` with a `pattern`).
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `field` and the key.
    pub fn check_key_pattern(
        field: &str,
        key: &str,
        pattern: &'static Pattern,
    ) -> Result<(), ValidationError> {
        Self::check_pattern(field, key, pattern)
            .map_err(|error| ValidationError::for_key(field, key, error.constraint, error.value))
    }

    /// [`check`](Self::check) for a length or item count.
    ///
    /// # Errors
    ///
    /// As for [`check`](Self::check).
    pub fn check_len(self, field: &str, len: usize) -> Result<(), ValidationError> {
        self.check(field, u64::try_from(len).unwrap_or(u64::MAX))
    }
}

impl fmt::Display for Constraint {
    /// Writes the bound as the end of a sentence: `must be at most 100`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Minimum(bound) => write!(f, "must be at least {bound}"),
            Self::Maximum(bound) => write!(f, "must be at most {bound}"),
            Self::MinItems(bound) => write!(f, "must have at least {bound} items"),
            Self::MaxItems(bound) => write!(f, "must have at most {bound} items"),
            Self::MinLength(bound) => write!(f, "must be at least {bound} characters long"),
            Self::MaxLength(bound) => write!(f, "must be at most {bound} characters long"),
            Self::MinProperties(bound) => write!(f, "must have at least {bound} entries"),
            Self::MaxProperties(bound) => write!(f, "must have at most {bound} entries"),
            Self::UniqueItems => write!(f, "must not repeat an item"),
            Self::Pattern(pattern) => write!(f, "must match the pattern `{pattern}`"),
            Self::DecimalMinimum(bound) => write!(f, "must be at least {bound}"),
            Self::DecimalMaximum(bound) => write!(f, "must be at most {bound}"),
            Self::ExclusiveMinimum(bound) => write!(f, "must be greater than {bound}"),
            Self::ExclusiveMaximum(bound) => write!(f, "must be less than {bound}"),
            Self::MultipleOf(step) => write!(f, "must be a multiple of {step}"),
            Self::Enum([]) => write!(f, "must not be used (no name is allowed)"),
            Self::Enum(allowed) => {
                f.write_str("must be one of ")?;
                for (index, text) in allowed.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{text:?}")?;
                }
                Ok(())
            }
        }
    }
}
