//! [`ValidationError`]: a request value that breaks a constraint of the
//! schema, naming the field, the bound and the value.

use std::error::Error as StdError;
use std::fmt;

use super::Constraint;

/// A request value that breaks a constraint of the schema.
///
/// ```
/// use fluxer_client::{Constraint, ValidationError};
///
/// let problem = ValidationError::new("max_uses", Constraint::Maximum(100), 150);
/// assert_eq!(problem.to_string(), "`max_uses` must be at most 100, got 150");
/// let nested = ValidationError::new("[3]", Constraint::MaxLength(32), 40).within("nicks");
/// assert_eq!(nested.field(), "nicks[3]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValidationError {
    field: String,
    /// The map key that breaks the constraint (`propertyNames`), when it is
    /// a key rather than a value.
    key: Option<String>,
    /// Read by `Constraint`'s key checks, which reuse a value check's error.
    pub(super) constraint: Constraint,
    pub(super) value: String,
}

impl ValidationError {
    /// A violation of `constraint` by the field at path `field` (its wire
    /// name, such as `max_uses` or `recipients`), whose offending value, length
    /// or item count is `value`.
    pub fn new(field: impl Into<String>, constraint: Constraint, value: impl ToString) -> Self {
        Self {
            field: field.into(),
            key: None,
            constraint,
            value: value.to_string(),
        }
    }

    /// A violation of `constraint` (a `propertyNames` bound) by the key `key`
    /// of the map at path `field`; `value` is the key's length, or the key.
    ///
    /// ```
    /// use fluxer_client::{Constraint, ValidationError};
    ///
    /// let problem = ValidationError::for_key("labels", "release-notes", Constraint::MaxLength(8), 13);
    /// assert_eq!(
    ///     problem.to_string(),
    ///     "the key \"release-notes\" of `labels` must be at most 8 characters long, got 13"
    /// );
    /// assert_eq!(problem.key(), Some("release-notes"));
    /// ```
    pub fn for_key(
        field: impl Into<String>,
        key: impl Into<String>,
        constraint: Constraint,
        value: impl ToString,
    ) -> Self {
        Self {
            key: Some(key.into()),
            ..Self::new(field, constraint, value)
        }
    }

    /// Puts the field path inside `prefix`: `within("invite")` turns `max_uses`
    /// into `invite.max_uses`, and `[2]` into `invite[2]`.
    #[must_use]
    pub fn within(mut self, prefix: &str) -> Self {
        if prefix.is_empty() {
            return self;
        }
        self.field = if self.field.is_empty() {
            prefix.to_owned()
        } else if self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            format!("{prefix}.{}", self.field)
        };
        self
    }

    /// The path of the offending field, such as `recipients` or `guild.name`.
    #[must_use]
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The offending key of the map at [`field`](Self::field), when a key
    /// (not a value) breaks the constraint (`propertyNames`).
    #[must_use]
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The violated bound.
    #[must_use]
    pub fn constraint(&self) -> Constraint {
        self.constraint
    }

    /// The offending value, length or item count, as text.
    #[must_use]
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.key, self.field.is_empty()) {
            (None, true) => f.write_str("the value")?,
            (None, false) => write!(f, "`{}`", self.field)?,
            (Some(key), true) => write!(f, "the key {key:?}")?,
            (Some(key), false) => write!(f, "the key {key:?} of `{}`", self.field)?,
        }
        write!(f, " {}, got {}", self.constraint, self.value)
    }
}

impl StdError for ValidationError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_messages() {
        let e = ValidationError::new("max_uses", Constraint::Maximum(100), 150_u8);
        assert_eq!(e.to_string(), "`max_uses` must be at most 100, got 150");
        let e = ValidationError::new("recipients", Constraint::MaxItems(9), 10_usize);
        assert_eq!(
            e.to_string(),
            "`recipients` must have at most 9 items, got 10"
        );
        let e = ValidationError::new("", Constraint::MinLength(1), 0);
        assert_eq!(
            e.to_string(),
            "the value must be at least 1 characters long, got 0"
        );
        assert_eq!(
            Constraint::Minimum(-3).to_string(),
            "must be at least -3".to_owned()
        );
        assert_eq!(
            Constraint::MinItems(2).to_string(),
            "must have at least 2 items"
        );
        assert_eq!(
            Constraint::MaxLength(2).to_string(),
            "must be at most 2 characters long"
        );
    }

    #[test]
    fn within_prefixes_paths() {
        let leaf = ValidationError::new("name", Constraint::MaxLength(2), 3);
        assert_eq!(leaf.clone().within("guild").field(), "guild.name");
        assert_eq!(
            leaf.clone().within("[3]").within("items").field(),
            "items[3].name"
        );
        assert_eq!(leaf.clone().within("").field(), "name");
        let root = ValidationError::new("", Constraint::MaxItems(9), 10);
        assert_eq!(root.within("recipients").field(), "recipients");
        // Its conversion into an `Error` is tested in error.rs, which may
        // depend on this module (not the other way round).
    }
}
