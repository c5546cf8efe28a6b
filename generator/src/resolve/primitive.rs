//! Schemas that are not objects, enums or unions: scalars (their Rust type
//! and constraints), arrays, tuples and maps, and which keywords apply to
//! which type.

use serde_json::{Map, Value};

use super::schema::{nullable_ty, plain};
use super::tuples::layout;
use super::{Resolved, Resolver};
use crate::ir::{Constraints, FloatType, IntType, Ty, TyKind, Unchecked};
use crate::vocab::pointer::child;

impl<'a> Resolver<'a> {
    /// The schema of a map's values and its pointer (its names are read by
    /// [`Self::map_keys`]): `additionalProperties`,
    /// or the one schema of `patternProperties` (which names match is not
    /// checked, and said; several patterns give any JSON values).
    fn map_values(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &str,
    ) -> Option<(&'a Value, String)> {
        if let Some(values) = map.get("additionalProperties") {
            return Some((values, child(pointer, "additionalProperties")));
        }
        let patterns = map.get("patternProperties")?.as_object()?;
        let at = child(pointer, "patternProperties");
        let mut entries = patterns.iter();
        match (entries.next(), entries.next()) {
            (None, _) => None,
            (Some((pattern, values)), None) => {
                self.warn(&at, "which names match the pattern is not checked");
                Some((values, child(&at, pattern)))
            }
            (Some(_), Some(_)) => {
                self.warn(
                    &at,
                    "a map with several name patterns is read as any JSON value",
                );
                Some((&Value::Bool(true), at))
            }
        }
    }

    /// An array that is not a tuple: `Vec<T>`, with its length bounds.
    fn array(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &str,
        hint: &str,
        constraints: &mut Constraints,
    ) -> Option<TyKind> {
        constraints.min_items = self.unsigned(map, "minItems", pointer);
        constraints.max_items = self.unsigned(map, "maxItems", pointer);
        constraints.unique_items = self.boolean(map, "uniqueItems", pointer).unwrap_or(false);
        if map.contains_key("additionalItems") && !matches!(map.get("items"), Some(Value::Array(_)))
        {
            self.warn(
                &child(pointer, "additionalItems"),
                "`additionalItems` only applies after a list of `items`; it is ignored",
            );
        }
        let item = match map.get("items") {
            Some(items) => {
                self.resolve_schema(items, &child(pointer, "items"), &format!("{hint}Item"))?
            }
            None => Resolved {
                ty: plain(TyKind::Json),
                nullable: false,
            },
        };
        Some(TyKind::Array(Box::new(nullable_ty(item))))
    }

    /// A schema that is not an object, enum or union: a scalar, array, map or free-form value.
    pub(super) fn primitive(
        &mut self,
        map: &'a Map<String, Value>,
        pointer: &str,
        hint: &str,
    ) -> Option<Ty> {
        let ty = match map.get("type") {
            // `items` applies to arrays only, so without a `type` it says
            // which values the schema describes.
            None if map.contains_key("items") => Some("array"),
            None => None,
            Some(Value::String(ty)) => Some(ty.as_str()),
            Some(Value::Array(types)) => {
                let non_null: Vec<&str> = types
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
                match non_null.as_slice() {
                    [one] => Some(*one),
                    [] => Some("null"),
                    _ => {
                        self.warn(
                            &child(pointer, "type"),
                            "a list of several non-null types is read as any JSON value",
                        );
                        Some("any")
                    }
                }
            }
            Some(_) => {
                self.warn(
                    &child(pointer, "type"),
                    "`type` must be a string or a list of strings; it is ignored",
                );
                Some("any")
            }
        };
        let format = map.get("format").and_then(Value::as_str);
        let mut constraints = Constraints::default();
        let kind = match ty {
            Some("boolean") => TyKind::Bool,
            Some("string") => {
                constraints.min_length = self.unsigned(map, "minLength", pointer);
                constraints.max_length = self.unsigned(map, "maxLength", pointer);
                let kind = match format {
                    Some("snowflake") => TyKind::Snowflake,
                    Some("date-time") => TyKind::Timestamp,
                    None => TyKind::String,
                    // Formats are an open set; the others describe the text
                    // (`binary` too: JSON can only carry it as text).
                    Some(format) => {
                        constraints.format = Some(format.to_owned());
                        TyKind::String
                    }
                };
                if matches!(kind, TyKind::Snowflake | TyKind::Timestamp) {
                    // The text is held parsed: its length is not checked.
                    for (key, bound) in [
                        ("minLength", constraints.min_length.take()),
                        ("maxLength", constraints.max_length.take()),
                    ] {
                        if let Some(bound) = bound {
                            constraints
                                .unchecked
                                .push(Unchecked::TextLength(key, bound));
                        }
                    }
                }
                if let Some(pattern) = map.get("pattern").and_then(Value::as_str) {
                    // ECMA-262, as JSON Schema says; checked before sending
                    // when it compiles (the runtime uses the same engine).
                    let compiles = pattern_compiles(pattern);
                    match kind {
                        // A snowflake's pattern only restates its range.
                        TyKind::Snowflake => {}
                        TyKind::String if compiles => {
                            constraints.pattern = Some(pattern.to_owned());
                        }
                        // Text held parsed, or a pattern that does not compile.
                        _ => constraints
                            .unchecked
                            .push(Unchecked::Pattern(pattern.to_owned())),
                    }
                }
                kind
            }
            Some("integer") => {
                let minimum = integer_bound(map, "minimum", "exclusiveMinimum", 1);
                let maximum = integer_bound(map, "maximum", "exclusiveMaximum", -1);
                let int = match integer_type(format, minimum, maximum) {
                    Ok(int) => int,
                    Err(message) => {
                        self.warn(
                            pointer,
                            format!("{message}; the bounds are checked on a 64-bit integer"),
                        );
                        integer_type(None, minimum, maximum).unwrap_or(IntType::I64)
                    }
                };
                let (low, high) = int.range();
                // An unsigned type chosen for a signed format (`int32` with
                // `minimum: 0` is a `u32`) holds more than the format allows:
                // the format's top is checked as the maximum.
                let maximum = maximum
                    .or_else(|| signed_format_high(format).filter(|top| i128::from(*top) < high));
                constraints.minimum = minimum.filter(|m| i128::from(*m) > low);
                constraints.maximum = maximum.filter(|m| i128::from(*m) < high);
                constraints.multiple_of = self.multiple_of(map, pointer, true);
                TyKind::Int(int)
            }
            Some("number") => {
                // Checked exactly: whole bounds as integers, the others as decimals.
                self.number_bounds(map, pointer, &mut constraints);
                constraints.multiple_of = self.multiple_of(map, pointer, false);
                match format {
                    Some("float") => TyKind::Float(FloatType::F32),
                    // Formats are an open set: `double`, `decimal`, vendor ones.
                    _ => TyKind::Float(FloatType::F64),
                }
            }
            Some("array") => match layout(map) {
                // A tuple of fixed length; the others are named tuple structs.
                Some(layout) if layout.is_fixed() => {
                    self.fixed_tuple(map, &layout, pointer, hint, &mut constraints)?
                }
                _ => self.array(map, pointer, hint, &mut constraints)?,
            },
            Some("object") | None => match self.map_values(map, pointer) {
                None | Some((Value::Bool(_), _)) => {
                    // A free-form object: its entry counts and names cannot be checked on `Value`.
                    for key in ["minProperties", "maxProperties"] {
                        if let Some(bound) = map.get(key).and_then(Value::as_u64) {
                            constraints
                                .unchecked
                                .push(Unchecked::EntryCount(key, bound));
                        }
                    }
                    if map.contains_key("propertyNames") {
                        self.warn(
                            &child(pointer, "propertyNames"),
                            "the names of a free-form object are not checked; `propertyNames` is ignored",
                        );
                    }
                    TyKind::Json
                }
                Some((values, values_pointer)) => {
                    let keys = self.map_keys(map, pointer);
                    let value =
                        self.resolve_schema(values, &values_pointer, &format!("{hint}Value"))?;
                    constraints.min_properties = self.unsigned(map, "minProperties", pointer);
                    constraints.max_properties = self.unsigned(map, "maxProperties", pointer);
                    TyKind::Map {
                        keys: Box::new(keys),
                        values: Box::new(nullable_ty(value)),
                    }
                }
            },
            // Always `null` (a flag whose presence is what matters): any JSON value.
            Some("null" | "any") => TyKind::Json,
            Some(other) => {
                self.warn(
                    &child(pointer, "type"),
                    format!("unknown type `{other}`; any JSON value is accepted"),
                );
                TyKind::Json
            }
        };
        // Keywords apply only to their own type (JSON Schema): elsewhere they
        // are ignored, and said to be.
        let misplaced: &[(&str, &str)] = &[
            ("minItems", "array"),
            ("maxItems", "array"),
            ("items", "array"),
            ("prefixItems", "array"),
            ("additionalItems", "array"),
            ("minLength", "string"),
            ("maxLength", "string"),
            ("pattern", "string"),
            ("uniqueItems", "array"),
            ("minimum", "integer"),
            ("maximum", "integer"),
            ("exclusiveMinimum", "integer"),
            ("exclusiveMaximum", "integer"),
            ("properties", "object"),
            ("additionalProperties", "object"),
            ("patternProperties", "object"),
            ("minProperties", "object"),
            ("maxProperties", "object"),
            ("multipleOf", "integer"),
        ];
        for (key, owner) in misplaced {
            // Without a `type`, a schema read as a map is an object.
            let fits = ty == Some(*owner)
                || (*owner == "integer" && ty == Some("number"))
                || (*owner == "object" && ty.is_none());
            if map.contains_key(*key) && !fits {
                self.warn(
                    &child(pointer, key),
                    format!("`{key}` only applies to `type: {owner}`; it is ignored here"),
                );
            }
        }
        Some(Ty::new(kind, constraints))
    }
}

/// An integer's inclusive bound from `minimum` (`step` 1) or `maximum`
/// (`step` -1) and its exclusive form, the tighter of the two. Bounds may be
/// written as floats (`100.0`, or `0.5`, rounded inward), in OpenAPI 3.0's
/// boolean form (`exclusiveMinimum: true` makes `minimum` exclusive), or
/// beyond 64 bits (then they bound nothing a Rust integer can hold).
fn integer_bound(map: &Map<String, Value>, key: &str, exclusive: &str, step: i64) -> Option<i64> {
    let whole = |value: &Value| -> Option<i64> {
        if let Some(number) = value.as_i64() {
            return Some(number);
        }
        let float = value.as_f64()?;
        let rounded = if step > 0 {
            float.ceil()
        } else {
            float.floor()
        };
        // Beyond `i64` the bound excludes nothing an `i64` (or `u64` by its format) holds.
        (rounded.abs() < 9.2e18).then_some(rounded as i64)
    };
    let boolean_exclusive = map.get(exclusive) == Some(&Value::Bool(true));
    let inclusive = map.get(key).and_then(whole).map(|bound| {
        if boolean_exclusive {
            bound.saturating_add(step)
        } else {
            bound
        }
    });
    let exclusive = map
        .get(exclusive)
        .filter(|value| value.is_number())
        .and_then(whole)
        .and_then(|bound| bound.checked_add(step));
    match (inclusive, exclusive) {
        (Some(a), Some(b)) => Some(if step > 0 { a.max(b) } else { a.min(b) }),
        (a, b) => a.or(b),
    }
}

/// The largest value a signed integer `format` allows (`int32`: `i32::MAX`).
fn signed_format_high(format: Option<&str>) -> Option<i64> {
    match format {
        Some("int8") => Some(i64::from(i8::MAX)),
        Some("int16") => Some(i64::from(i16::MAX)),
        Some("int32") => Some(i64::from(i32::MAX)),
        Some("int64") => Some(i64::MAX),
        _ => None,
    }
}

/// Picks the Rust integer that holds the declared range, within the declared format.
pub(super) fn integer_type(
    format: Option<&str>,
    minimum: Option<i64>,
    maximum: Option<i64>,
) -> Result<IntType, String> {
    let unsigned_format = match format {
        Some("uint8") => Some(IntType::U8),
        Some("uint16") => Some(IntType::U16),
        Some("uint32") => Some(IntType::U32),
        Some("uint64" | "uint") => Some(IntType::U64),
        _ => None,
    };
    if let Some(int) = unsigned_format {
        let (low, high) = int.range();
        if minimum.is_some_and(|m| i128::from(m) < low)
            || maximum.is_some_and(|m| i128::from(m) > high)
        {
            return Err(format!(
                "the range does not fit the integer format `{}`",
                format.unwrap_or_default()
            ));
        }
        return Ok(int);
    }
    let widest_signed = match format {
        Some("int32") => IntType::I32,
        Some("int8") => IntType::I8,
        Some("int16") => IntType::I16,
        // Formats are an open set (`int64`, `unixtime`, `date-time`, vendor
        // ones): the others are 64-bit integers.
        _ => IntType::I64,
    };
    if let (Some(min), Some(max)) = (minimum, maximum)
        && min > max
    {
        return Err(format!("`minimum` {min} is greater than `maximum` {max}"));
    }
    let (_, widest_high) = widest_signed.range();
    let (widest_low, _) = widest_signed.range();
    if minimum.is_some_and(|m| i128::from(m) < widest_low)
        || maximum.is_some_and(|m| i128::from(m) > widest_high)
    {
        return Err(format!(
            "the range does not fit the integer format `{}`",
            format.unwrap_or("int64")
        ));
    }
    let unsigned = minimum.is_some_and(|m| m >= 0);
    let candidates: &[IntType] = if unsigned {
        &[IntType::U8, IntType::U16, IntType::U32, IntType::U64]
    } else {
        &[IntType::I8, IntType::I16, IntType::I32, IntType::I64]
    };
    let (low, high) = (
        minimum.map_or(widest_low, i128::from),
        maximum.map_or(widest_high, i128::from),
    );
    let low = if unsigned { low.max(0) } else { low };
    for candidate in candidates {
        let (c_low, c_high) = candidate.range();
        let within_format = candidate_bits(*candidate) <= candidate_bits(widest_signed);
        if within_format && c_low <= low && high <= c_high {
            // Without a declared maximum, keep the format's width rather than shrink.
            if maximum.is_none() && candidate_bits(*candidate) < candidate_bits(widest_signed) {
                continue;
            }
            return Ok(*candidate);
        }
    }
    Ok(widest_signed)
}

pub(super) fn candidate_bits(int: IntType) -> u32 {
    match int {
        IntType::U8 | IntType::I8 => 8,
        IntType::U16 | IntType::I16 => 16,
        IntType::U32 | IntType::I32 => 32,
        IntType::U64 | IntType::I64 => 64,
    }
}

/// Whether the runtime can compile `pattern`: ECMA-262 with Unicode
/// semantics, or without when it is only valid that way (`\_`).
pub(super) fn pattern_compiles(pattern: &str) -> bool {
    regress::Regex::with_flags(pattern, "u").is_ok() || regress::Regex::new(pattern).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_types_fit_the_range() {
        assert_eq!(
            integer_type(Some("int32"), Some(0), Some(100)),
            Ok(IntType::U8)
        );
        assert_eq!(
            integer_type(Some("int32"), Some(0), Some(604_800)),
            Ok(IntType::U32)
        );
        assert_eq!(
            integer_type(Some("int32"), Some(0), Some(2_147_483_647)),
            Ok(IntType::U32)
        );
        assert_eq!(integer_type(Some("int32"), None, None), Ok(IntType::I32));
        assert_eq!(integer_type(Some("int32"), Some(0), None), Ok(IntType::U32));
        assert_eq!(integer_type(None, None, None), Ok(IntType::I64));
        assert_eq!(
            integer_type(Some("int64"), Some(-5), Some(5)),
            Ok(IntType::I8)
        );
        assert!(integer_type(Some("int32"), Some(0), Some(5_000_000_000)).is_err());
        assert!(integer_type(Some("int32"), Some(5), Some(1)).is_err());
    }
}
