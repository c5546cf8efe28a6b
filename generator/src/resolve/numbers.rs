//! Numbers in schemas held exactly ([`Decimal`]): a `number` schema's bounds
//! and the `multipleOf` step of `integer` and `number` schemas, and the keys
//! of maps (`propertyNames`).

use serde_json::{Map, Value};

use super::Resolver;
use super::primitive::pattern_compiles;
use super::schema::plain;
use crate::ir::{BoundKind, Constraints, Decimal, NumberBound, Ty, TyKind};
use crate::vocab::keywords::{ANNOTATIONS, is_extension};
use crate::vocab::pointer::child;

/// Whole bounds below this magnitude stay `Constraint::Minimum(i64)` /
/// `Maximum(i64)` (checked on an `f64`, which holds them exactly).
const EXACT_IN_F64: i64 = 1 << 53;

impl<'a> Resolver<'a> {
    /// A `number` schema's bounds: whole inclusive ones (below 2^53) as
    /// `minimum`/`maximum`, the others (fractional, exclusive in either
    /// OpenAPI 3.0's boolean or 3.1's numeric form) as exact [`NumberBound`]s.
    pub(super) fn number_bounds(
        &mut self,
        map: &Map<String, Value>,
        pointer: &str,
        constraints: &mut Constraints,
    ) {
        let sides = [
            (
                "minimum",
                "exclusiveMinimum",
                BoundKind::Minimum,
                BoundKind::ExclusiveMinimum,
            ),
            (
                "maximum",
                "exclusiveMaximum",
                BoundKind::Maximum,
                BoundKind::ExclusiveMaximum,
            ),
        ];
        for (key, exclusive_key, inclusive, exclusive) in sides {
            // OpenAPI 3.0: `exclusiveMinimum: true` makes `minimum` exclusive.
            let boolean_exclusive = map.get(exclusive_key) == Some(&Value::Bool(true));
            if let Some(bound) = self.number_at(map, key, pointer) {
                let kind = if boolean_exclusive {
                    exclusive
                } else {
                    inclusive
                };
                match (kind, whole_in_f64(bound)) {
                    (BoundKind::Minimum, Some(whole)) => constraints.minimum = Some(whole),
                    (BoundKind::Maximum, Some(whole)) => constraints.maximum = Some(whole),
                    (kind, _) => constraints
                        .number_bounds
                        .push(NumberBound { kind, value: bound }),
                }
            }
            if map.get(exclusive_key).is_some_and(Value::is_number)
                && let Some(bound) = self.number_at(map, exclusive_key, pointer)
            {
                constraints.number_bounds.push(NumberBound {
                    kind: exclusive,
                    value: bound,
                });
            }
        }
    }

    /// The `multipleOf` step of an `integer` (`integer: true`) or `number`
    /// schema. One that is not a positive number is ignored, with a warning;
    /// one every integer satisfies (`1`, `0.5`) is not kept for integers.
    pub(super) fn multiple_of(
        &mut self,
        map: &Map<String, Value>,
        pointer: &str,
        integer: bool,
    ) -> Option<Decimal> {
        let value = map.get("multipleOf")?;
        let at = child(pointer, "multipleOf");
        if !value.as_f64().is_some_and(|step| step > 0.0) {
            self.warn(
                &at,
                "`multipleOf` must be a number greater than 0; it is ignored",
            );
            return None;
        }
        let Some(step) = decimal_of(value) else {
            self.warn(&at, too_precise("multipleOf", value));
            return None;
        };
        (!integer || !divides_one(step)).then_some(step)
    }

    /// The number at `key`, exactly; a warning when it is something else
    /// (OpenAPI 3.0's boolean exclusive flags are read by the caller).
    fn number_at(&mut self, map: &Map<String, Value>, key: &str, pointer: &str) -> Option<Decimal> {
        let value = map.get(key)?;
        if !value.is_number() {
            if !(value.is_boolean() && key.starts_with("exclusive")) {
                self.warn(
                    &child(pointer, key),
                    format!("`{key}` must be a number; it is ignored"),
                );
            }
            return None;
        }
        let decimal = decimal_of(value);
        if decimal.is_none() {
            self.warn(&child(pointer, key), too_precise(key, value));
        }
        decimal
    }

    /// The keys of a map: text with the string constraints of its
    /// `propertyNames` (written out or behind a `$ref`): `minLength`,
    /// `maxLength`, `pattern`, and `enum`/`const` as the allowed names (none
    /// for `false`).
    /// Anything else there is warned about and not checked.
    pub(super) fn map_keys(&mut self, map: &'a Map<String, Value>, pointer: &str) -> Ty {
        let mut keys = plain(TyKind::String);
        let Some(names) = map.get("propertyNames") else {
            return keys;
        };
        let Some((names, at)) = self.deref(names, &child(pointer, "propertyNames")) else {
            return keys;
        };
        let names = match names {
            Value::Bool(true) => return keys,
            // No name is valid: the map must be empty.
            Value::Bool(false) => {
                keys.constraints.allowed = Some(Vec::new());
                return keys;
            }
            Value::Object(names) => names,
            _ => {
                self.warn(
                    &at,
                    "the names of a map are checked only against a schema object; this one is ignored",
                );
                return keys;
            }
        };
        let constraints = &mut keys.constraints;
        let mut ignored: Vec<(String, String)> = Vec::new();
        for (key, value) in names {
            let key_at = child(&at, key);
            match key.as_str() {
                "minLength" | "maxLength" => match value.as_u64() {
                    Some(bound) if key == "minLength" => constraints.min_length = Some(bound),
                    Some(bound) => constraints.max_length = Some(bound),
                    None => ignored.push((
                        key_at,
                        format!("`{key}` must be a non-negative integer; it is ignored"),
                    )),
                },
                "pattern" => match value.as_str() {
                    Some(pattern) if pattern_compiles(pattern) => {
                        constraints.pattern = Some(pattern.to_owned());
                    }
                    _ => ignored.push((
                        key_at,
                        "the pattern of a map's names must be a regular expression the client can compile; it is not checked".to_owned(),
                    )),
                },
                // Names are strings: other values never match one.
                "enum" | "const" => {
                    let values = match value {
                        Value::Array(values) => values.as_slice(),
                        one => std::slice::from_ref(one),
                    };
                    constraints.allowed = Some(
                        values
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                    );
                }
                "type" if value == "string" => {}
                // Formats are an open set and describe the text; other
                // string formats are not checked either.
                "format" | "x-enum-varnames" | "x-enumNames" => {}
                _ if is_extension(key) || ANNOTATIONS.contains(&key.as_str()) => {}
                _ => ignored.push((
                    key_at,
                    format!("`{key}` in the schema of a map's names is not checked; it is ignored"),
                )),
            }
        }
        for (at, message) in ignored {
            self.warn(&at, message);
        }
        keys
    }
}

/// The exact number a JSON number stands for: an integer as it is, a float
/// as its shortest round-trip decimal (the number as the schema writes it,
/// for every number written with at most 15 significant digits). `None` for
/// an integer beyond `i64` with more than 18 significant digits.
pub(super) fn decimal_of(value: &Value) -> Option<Decimal> {
    if let Some(integer) = value.as_i64() {
        return Some(Decimal::new(integer, 0));
    }
    if let Some(mut integer) = value.as_u64() {
        let mut exponent = 0;
        while integer % 10 == 0 && integer > 0 {
            integer /= 10;
            exponent += 1;
        }
        return Some(Decimal::new(i64::try_from(integer).ok()?, exponent));
    }
    let float = value.as_f64().filter(|float| float.is_finite())?;
    // `{:e}` writes the shortest decimal that reads back as the float.
    let text = format!("{float:e}");
    let (digits, exponent) = text.split_once('e')?;
    let exponent: i64 = exponent.parse().ok()?;
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, digits),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mantissa: i64 = format!("{whole}{fraction}").parse().ok()?;
    let exponent = exponent - i64::try_from(fraction.len()).ok()?;
    let mantissa = if negative { -mantissa } else { mantissa };
    Some(Decimal::new(mantissa, i16::try_from(exponent).ok()?))
}

/// The bound as an `i64` when it is whole and an `f64` holds it exactly.
fn whole_in_f64(bound: Decimal) -> Option<i64> {
    let exponent = u32::try_from(bound.exponent).ok()?;
    let whole = 10_i64.checked_pow(exponent)?.checked_mul(bound.mantissa)?;
    (whole.abs() < EXACT_IN_F64).then_some(whole)
}

/// Whether 1 is a multiple of `step` (so every integer is): `step` is 1/n.
fn divides_one(step: Decimal) -> bool {
    if step.exponent > 0 || step.mantissa <= 0 {
        return false;
    }
    // 1 / (m × 10^e) = 10^-e / m: whole when m divides 10^-e.
    let modulus = u128::from(step.mantissa.unsigned_abs());
    let mut power = 1 % modulus;
    for _ in 0..-i32::from(step.exponent) {
        power = power * 10 % modulus;
    }
    power == 0
}

fn too_precise(key: &str, value: &Value) -> String {
    format!(
        "`{key}` {value} has more significant digits than the client holds exactly; it is not checked"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_exactly() {
        let decimal = |text: &str| decimal_of(&serde_json::from_str(text).unwrap());
        assert_eq!(decimal("0.01"), Some(Decimal::new(1, -2)));
        assert_eq!(decimal("19.995"), Some(Decimal::new(19995, -3)));
        assert_eq!(decimal("-0.5"), Some(Decimal::new(-5, -1)));
        assert_eq!(decimal("100.0"), Some(Decimal::new(1, 2)));
        assert_eq!(decimal("1e-7"), Some(Decimal::new(1, -7)));
        assert_eq!(
            decimal("18446744073709551610"),
            Some(Decimal::new(1_844_674_407_370_955_161, 1))
        );
        assert_eq!(decimal("18446744073709551615"), None);
        assert_eq!(whole_in_f64(Decimal::new(15, 2)), Some(1500));
        assert_eq!(whole_in_f64(Decimal::new(1, 16)), None);
        assert_eq!(whole_in_f64(Decimal::new(5, -1)), None);
        assert!(divides_one(Decimal::new(1, 0)));
        assert!(divides_one(Decimal::new(25, -2)));
        assert!(!divides_one(Decimal::new(3, -1)));
        assert!(!divides_one(Decimal::new(2, 0)));
    }
}
