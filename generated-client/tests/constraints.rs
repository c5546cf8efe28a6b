//! The checks the generator writes for `multipleOf`, fractional and
//! exclusive bounds and `propertyNames` (see the `constraints` fixture and its
//! snapshot in `generator/tests/`), run against the real runtime: exact
//! decimals, not float division.

use std::collections::BTreeMap;

use fluxer_client::{Constraint, Decimal, Pattern, Validate, ValidationError};

/// The fixture's `Order`, with its generated `Validate` body.
#[derive(Default)]
struct Order {
    price: f64,
    quantity: u16,
    ratio: Option<f32>,
    labels: Option<BTreeMap<String, String>>,
    markers: Option<BTreeMap<String, u64>>,
}

impl Validate for Order {
    fn validate(&self) -> Result<(), ValidationError> {
        {
            let value = &self.price;
            Constraint::ExclusiveMinimum(Decimal::new(0, 0)).check_number("price", *value)?;
            Constraint::DecimalMaximum(Decimal::new(9_999_999, -2))
                .check_number("price", *value)?;
            Constraint::MultipleOf(Decimal::new(1, -2)).check_number("price", *value)?;
        }
        {
            let value = &self.quantity;
            Constraint::Minimum(1).check("quantity", *value)?;
            Constraint::Maximum(1000).check("quantity", *value)?;
            Constraint::MultipleOf(Decimal::new(5, 0)).check("quantity", *value)?;
        }
        if let Some(value) = &self.ratio {
            Constraint::DecimalMinimum(Decimal::new(5, -1)).check_f32("ratio", *value)?;
            Constraint::DecimalMaximum(Decimal::new(15, -1)).check_f32("ratio", *value)?;
        }
        if let Some(value) = &self.labels {
            for key0 in value.keys() {
                Constraint::MinLength(1).check_key("labels", key0)?;
                Constraint::MaxLength(16).check_key("labels", key0)?;
                {
                    static PATTERN: Pattern = Pattern::new("^[a-z][a-z0-9-]*$");
                    Constraint::check_key_pattern("labels", key0, &PATTERN)?;
                }
            }
        }
        if let Some(value) = &self.markers {
            for key0 in value.keys() {
                Constraint::Enum(&["home", "notifications"]).check_key("markers", key0)?;
            }
        }
        Ok(())
    }
}

fn order(price: f64) -> Order {
    Order {
        price,
        quantity: 5,
        ..Order::default()
    }
}

fn problem(order: &Order) -> String {
    order.validate().unwrap_err().to_string()
}

#[test]
fn prices_are_checked_to_the_cent() {
    for price in [19.99, 0.01, 0.3, 99_999.99, 1234.5, 0.07] {
        assert!(order(price).validate().is_ok(), "{price}");
    }
    assert_eq!(
        problem(&order(19.995)),
        "`price` must be a multiple of 0.01, got 19.995"
    );
    assert_eq!(
        problem(&order(0.0)),
        "`price` must be greater than 0, got 0"
    );
    assert_eq!(
        problem(&order(-0.01)),
        "`price` must be greater than 0, got -0.01"
    );
    assert_eq!(
        problem(&order(100_000.0)),
        "`price` must be at most 99999.99, got 100000"
    );
    let error = order(0.001).validate().unwrap_err();
    assert_eq!(error.field(), "price");
    assert_eq!(
        error.constraint(),
        Constraint::MultipleOf(Decimal::new(1, -2))
    );
    assert_eq!(error.key(), None);
}

#[test]
fn float_division_would_get_these_wrong() {
    // 0.3 / 0.1 = 2.9999999999999996 and 19.99 / 0.01 = 1998.9999999999998.
    assert_ne!((0.3_f64 / 0.1).fract(), 0.0);
    assert_ne!((19.99_f64 / 0.01).fract(), 0.0);
    let tenth = Constraint::MultipleOf(Decimal::new(1, -1));
    assert!(tenth.check_number("x", 0.3).is_ok());
    assert!(tenth.check_number("x", -0.3).is_ok());
    assert!(tenth.check_number("x", 0.35).is_err());
    assert!(tenth.check_f32("x", 0.3).is_ok());
    let cent = Constraint::MultipleOf(Decimal::new(1, -2));
    assert!(cent.check_number("x", 19.99).is_ok());
    assert!(cent.check_number("x", -19.99).is_ok());
}

#[test]
fn integers_and_huge_values_are_exact() {
    let five = Constraint::MultipleOf(Decimal::new(5, 0));
    assert!(five.check("n", 1_000_u16).is_ok());
    assert!(five.check("n", -15_i64).is_ok());
    assert!(
        five.check("n", u64::MAX).is_ok(),
        "18446744073709551615 ends in 5"
    );
    assert!(five.check("n", i64::MAX).is_err());
    assert!(five.check_number("n", 1e300).is_ok());
    // 10^300 leaves 1 when divided by 3; f64::MAX (…57 × 10^292) is a multiple of 5.
    let three = Constraint::MultipleOf(Decimal::new(3, 0));
    assert!(three.check_number("n", 1e300).is_err());
    assert!(three.check_number("n", 3e300).is_ok());
    assert!(five.check_number("n", f64::MAX).is_ok());
    let below = Constraint::ExclusiveMaximum(Decimal::new(5, 300));
    assert!(below.check_number("n", 4.999_999_999_999_999e300).is_ok());
    assert!(below.check_number("n", 5e300).is_err());
    assert!(below.check("n", i64::MAX).is_ok());
    let above = Constraint::DecimalMinimum(Decimal::new(-25, -1));
    assert!(above.check("n", -2_i8).is_ok());
    assert!(above.check("n", -3_i8).is_err());
    assert!(above.check_number("n", -2.5).is_ok());
    assert!(above.check_number("n", -2.500_000_000_000_001).is_err());
}

#[test]
fn nan_and_infinities_break_every_decimal_constraint() {
    for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        for constraint in [
            Constraint::MultipleOf(Decimal::new(1, 0)),
            Constraint::DecimalMinimum(Decimal::new(-1, 300)),
            Constraint::DecimalMaximum(Decimal::new(1, 300)),
            Constraint::ExclusiveMinimum(Decimal::new(-1, 300)),
            Constraint::ExclusiveMaximum(Decimal::new(1, 300)),
        ] {
            assert!(
                constraint.check_number("x", value).is_err(),
                "{constraint} {value}"
            );
        }
    }
    assert!(
        Constraint::MultipleOf(Decimal::new(1, 0))
            .check_f32("x", f32::NAN)
            .is_err()
    );
    // Whole-number bounds keep their float comparison: NaN fails both sides.
    assert!(Constraint::Minimum(0).check_number("x", f64::NAN).is_err());
    assert!(
        Constraint::Minimum(0)
            .check_number("x", f64::INFINITY)
            .is_ok()
    );
}

#[test]
fn f32_values_are_checked_as_sent() {
    let mut ratio = order(1.0);
    ratio.ratio = Some(1.5);
    assert!(ratio.validate().is_ok());
    ratio.ratio = Some(1.500_001);
    assert_eq!(problem(&ratio), "`ratio` must be at most 1.5, got 1.500001");
    ratio.ratio = Some(0.49);
    assert_eq!(problem(&ratio), "`ratio` must be at least 0.5, got 0.49");
}

#[test]
fn map_keys_are_checked_and_named() {
    let mut labels = order(1.0);
    labels.labels = Some(BTreeMap::from([
        ("release-2".to_owned(), "fine".to_owned()),
        ("Release".to_owned(), "capital".to_owned()),
    ]));
    let error = labels.validate().unwrap_err();
    assert_eq!(error.field(), "labels");
    assert_eq!(error.key(), Some("Release"));
    assert_eq!(
        error.to_string(),
        "the key \"Release\" of `labels` must match the pattern `^[a-z][a-z0-9-]*$`, got \"Release\""
    );
    assert_eq!(
        error.within("orders[2]").to_string(),
        "the key \"Release\" of `orders[2].labels` must match the pattern `^[a-z][a-z0-9-]*$`, got \"Release\""
    );
    labels.labels = Some(BTreeMap::from([(
        "a-very-long-label-name".to_owned(),
        String::new(),
    )]));
    assert_eq!(
        problem(&labels),
        "the key \"a-very-long-label-name\" of `labels` must be at most 16 characters long, got 22"
    );
    labels.labels = Some(BTreeMap::from([(String::new(), String::new())]));
    assert_eq!(
        problem(&labels),
        "the key \"\" of `labels` must be at least 1 characters long, got 0"
    );

    let mut markers = order(1.0);
    markers.markers = Some(BTreeMap::from([
        ("home".to_owned(), 3),
        ("notifications".to_owned(), 1),
    ]));
    assert!(markers.validate().is_ok());
    markers.markers = Some(BTreeMap::from([("public".to_owned(), 3)]));
    let error = markers.validate().unwrap_err();
    assert_eq!(
        error.constraint(),
        Constraint::Enum(&["home", "notifications"])
    );
    assert_eq!(
        error.to_string(),
        "the key \"public\" of `markers` must be one of \"home\", \"notifications\", got \"public\""
    );
    // `propertyNames: false`: no key at all.
    let none = Constraint::Enum(&[]).check_key("", "x").unwrap_err();
    assert_eq!(
        none.to_string(),
        "the key \"x\" must not be used (no name is allowed), got \"x\""
    );
}

#[test]
fn decimals_are_copy_eq_hash_constraints() {
    use std::collections::BTreeSet;
    use std::hash::{DefaultHasher, Hash, Hasher};
    let hash = |constraint: Constraint| {
        let mut hasher = DefaultHasher::new();
        constraint.hash(&mut hasher);
        hasher.finish()
    };
    // The same number however written: equal, and hashed alike.
    let a = Constraint::MultipleOf(Decimal::new(10, -3));
    let b = Constraint::MultipleOf(Decimal::new(1, -2));
    assert_eq!(a, b);
    assert_eq!(hash(a), hash(b));
    let copied = a;
    assert_eq!(copied, a);
    let names: BTreeSet<String> = [a, Constraint::ExclusiveMinimum(Decimal::new(0, 0))]
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "must be a multiple of 0.01".to_owned(),
            "must be greater than 0".to_owned()
        ])
    );
}
