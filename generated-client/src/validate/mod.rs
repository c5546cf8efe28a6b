//! Validation of request values before anything is sent: the [`Validate`]
//! trait and its implementations for containers, tuples and primitives, so
//! that generated checks can recurse uniformly. What a check is made of lives
//! beside it: the bounds ([`Constraint`], in `constraint.rs`), the `pattern`s
//! ([`Pattern`], in `pattern.rs`) and what a failed check reports
//! ([`ValidationError`], in `validation_error.rs`).

#![deny(missing_docs)]

mod constraint;
mod pattern;
mod validation_error;

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::snowflake::Snowflake;

pub use constraint::Constraint;
pub use pattern::Pattern;
pub use validation_error::ValidationError;

/// Checks a value against the constraints of the schema (`minimum`,
/// `maxItems`, `maxLength`, …).
///
/// The generated models that have something to check implement it: request
/// types holding a constraint at any depth. The operation functions call it
/// on their arguments before building a request, so an invalid request is
/// never sent. Models with nothing to check, and models only received
/// (responses are read liberally), have no implementation.
///
/// ```
/// use fluxer_client::models::CreateChannelInviteRequest;
/// use fluxer_client::{Constraint, Validate};
///
/// let request = CreateChannelInviteRequest { max_uses: 150.into(), ..Default::default() };
/// let problem = request.validate().unwrap_err();
/// assert_eq!(problem.field(), "max_uses");
/// assert_eq!(problem.constraint(), Constraint::Maximum(100));
/// ```
pub trait Validate {
    /// Returns the first violated constraint, if any.
    ///
    /// # Errors
    ///
    /// The [`ValidationError`] names the field path, the bound and the value.
    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self) -> Result<(), ValidationError> {
        (**self).validate()
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        (**self).validate()
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate> Validate for [T] {
    /// Validates every item, naming the first failing one by index (`[3].name`).
    fn validate(&self) -> Result<(), ValidationError> {
        for (index, item) in self.iter().enumerate() {
            item.validate()
                .map_err(|error| error.within(&format!("[{index}]")))?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        self.as_slice().validate()
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    /// Validates every value, naming the first failing one by key (`key.name`).
    fn validate(&self) -> Result<(), ValidationError> {
        for (key, value) in self {
            value.validate().map_err(|error| error.within(key))?;
        }
        Ok(())
    }
}

macro_rules! always_valid {
    ($($ty:ty),* $(,)?) => {
        $( impl Validate for $ty {} )*
    };
}

/// Tuples validate every item, naming the first failing one by index
/// (`[1].name`), as lists do.
macro_rules! tuples {
    ($(($($index:tt $name:ident),+))*) => {
        $(
            impl<$($name: Validate),+> Validate for ($($name,)+) {
                fn validate(&self) -> Result<(), ValidationError> {
                    $(
                        self.$index
                            .validate()
                            .map_err(|error| error.within(concat!("[", stringify!($index), "]")))?;
                    )+
                    Ok(())
                }
            }
        )*
    };
}

tuples! {
    (0 A)
    (0 A, 1 B)
    (0 A, 1 B, 2 C)
    (0 A, 1 B, 2 C, 3 D)
    (0 A, 1 B, 2 C, 3 D, 4 E)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K, 11 L)
}

always_valid!(
    (),
    bool,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    f32,
    f64,
    char,
    str,
    String,
    Snowflake,
    Timestamp,
    serde_json::Value,
);

#[cfg(test)]
mod tests {
    use super::*;

    struct Short(&'static str);

    impl Validate for Short {
        fn validate(&self) -> Result<(), ValidationError> {
            let length = self.0.chars().count();
            if length > 3 {
                return Err(ValidationError::new(
                    "name",
                    Constraint::MaxLength(3),
                    length,
                ));
            }
            Ok(())
        }
    }

    #[test]
    fn containers_delegate_and_prefix() {
        assert!(vec![Short("a"), Short("abc")].validate().is_ok());
        let error = vec![Short("a"), Short("abcd")].validate().unwrap_err();
        assert_eq!(error.field(), "[1].name");
        assert_eq!(error.clone().within("items").field(), "items[1].name");
        assert_eq!(error.value(), "4");

        assert!(None::<Short>.validate().is_ok());
        assert!(Some(Short("abcd")).validate().is_err());
        assert!(Box::new(Short("abcd")).validate().is_err());

        let mut map = BTreeMap::new();
        map.insert("b".to_owned(), Short("ok"));
        map.insert("a".to_owned(), Short("long!"));
        assert_eq!(map.validate().unwrap_err().field(), "a.name");

        let nested = vec![Some(vec![Short("ok"), Short("toolong")])];
        assert_eq!(nested.validate().unwrap_err().field(), "[0][1].name");

        assert!((Short("a"), 1_u8).validate().is_ok());
        let pair = (1_u8, Some(Short("long!")));
        assert_eq!(pair.validate().unwrap_err().field(), "[1].name");
    }

    #[test]
    fn scalars_are_valid() {
        assert!(Snowflake::new(1).validate().is_ok());
        assert!(String::new().validate().is_ok());
        assert!(serde_json::Value::Null.validate().is_ok());
        assert!(Timestamp::UNIX_EPOCH.validate().is_ok());
        assert!(1.5_f64.validate().is_ok());
        assert!(true.validate().is_ok());
    }
}
