//! [`Decimal`]: a number from the schema held exactly, and the exact
//! comparisons and `multipleOf` checks of request values against it.
//!
//! Floating-point division gets `multipleOf` wrong (`0.3 / 0.1` is
//! `2.9999999999999996`), so values are compared as decimals instead: an
//! integer as it is, a float as its shortest round-trip decimal (the digits
//! Rust prints for it, and the digits `serde_json` sends), `19.99` as 1999 ×
//! 10⁻². Every integer up to 128 bits and every finite float is handled
//! exactly; the arithmetic is on `u128` with checked operations, so no value
//! can overflow it or panic.

#![deny(missing_docs)]

use std::cmp::Ordering;
use std::fmt;

/// A number as the schema writes it, held exactly: `mantissa × 10^exponent`,
/// so `0.01` is 1 × 10⁻² and not the float nearest to it.
///
/// The generator writes the schema's bounds and `multipleOf` steps as
/// `Decimal`s in [`Constraint`](crate::Constraint)s; request values are
/// checked against them exactly.
///
/// ```
/// use fluxer_client::Decimal;
///
/// let cent = Decimal::new(1, -2);
/// assert_eq!(cent.to_string(), "0.01");
/// assert_eq!(Decimal::from_f64(0.01), Some(cent));
/// // The same number however it is written.
/// assert_eq!(Decimal::new(100, -4), cent);
/// assert_eq!(Decimal::from_f64(f64::NAN), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// Without trailing zeros (they are moved into the exponent), or 0 with
    /// exponent 0, so equal numbers are equal values.
    mantissa: i64,
    exponent: i16,
}

impl Decimal {
    /// `mantissa × 10^exponent`.
    #[must_use]
    pub const fn new(mantissa: i64, exponent: i16) -> Self {
        if mantissa == 0 {
            return Self {
                mantissa: 0,
                exponent: 0,
            };
        }
        let (mut mantissa, mut exponent) = (mantissa, exponent);
        while mantissa % 10 == 0 && exponent < i16::MAX {
            mantissa /= 10;
            exponent += 1;
        }
        Self { mantissa, exponent }
    }

    /// The digits, without trailing zeros (`1` for `0.01`).
    #[must_use]
    pub const fn mantissa(self) -> i64 {
        self.mantissa
    }

    /// The power of ten the digits are multiplied by (`-2` for `0.01`).
    #[must_use]
    pub const fn exponent(self) -> i16 {
        self.exponent
    }

    /// The shortest decimal that reads back as `value` (what Rust prints
    /// and `serde_json` sends for it: `0.1`, not
    /// `0.1000000000000000055511151231257827`); `None` for `NaN` and the
    /// infinities, which have no decimal (and no JSON) form.
    #[must_use]
    pub fn from_f64(value: f64) -> Option<Self> {
        if !value.is_finite() {
            return None;
        }
        let mut text = Buffer::default();
        fmt::write(&mut text, format_args!("{value:e}")).ok()?;
        parse_exponential(text.as_str())
    }

    /// [`from_f64`](Self::from_f64) for an `f32`, with the `f32`'s own
    /// shortest decimal (`0.1_f32` is `0.1`, as `serde_json` sends it).
    #[must_use]
    pub fn from_f32(value: f32) -> Option<Self> {
        if !value.is_finite() {
            return None;
        }
        let mut text = Buffer::default();
        fmt::write(&mut text, format_args!("{value:e}")).ok()?;
        parse_exponential(text.as_str())
    }
}

impl fmt::Display for Decimal {
    /// Plain decimal notation (`0.01`, `-3.5`, `100`); scientific (`1e300`)
    /// only when that would take more than 40 zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mantissa < 0 {
            f.write_str("-")?;
        }
        let mut digits = Buffer::default();
        fmt::write(
            &mut digits,
            format_args!("{}", self.mantissa.unsigned_abs()),
        )?;
        let digits = digits.as_str();
        let exponent = i32::from(self.exponent);
        let count = i32::try_from(digits.len()).unwrap_or(i32::MAX);
        // Where the decimal point goes, counted from the first digit.
        let point = count + exponent;
        if (0..=40).contains(&exponent) {
            f.write_str(digits)?;
            (0..exponent).try_for_each(|_| f.write_str("0"))
        } else if exponent < 0 && point > 0 {
            let (whole, fraction) = digits.split_at(usize::try_from(point).unwrap_or(0));
            write!(f, "{whole}.{fraction}")
        } else if exponent < 0 && point > -40 {
            f.write_str("0.")?;
            (0..-point).try_for_each(|_| f.write_str("0"))?;
            f.write_str(digits)
        } else {
            let (first, rest) = digits.split_at(1);
            f.write_str(first)?;
            if !rest.is_empty() {
                write!(f, ".{rest}")?;
            }
            write!(f, "e{}", point - 1)
        }
    }
}

/// Reads Rust's `{:e}` form of a finite float (`-1.9995e1`, `0e0`).
fn parse_exponential(text: &str) -> Option<Decimal> {
    let (digits, exponent) = text.split_once('e')?;
    let exponent: i32 = exponent.parse().ok()?;
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, digits),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut mantissa: i64 = 0;
    for digit in whole.bytes().chain(fraction.bytes()) {
        mantissa = mantissa
            .checked_mul(10)?
            .checked_add(i64::from(digit.checked_sub(b'0')?))?;
    }
    if negative {
        mantissa = -mantissa;
    }
    let exponent = exponent.checked_sub(i32::try_from(fraction.len()).ok()?)?;
    Some(Decimal::new(mantissa, i16::try_from(exponent).ok()?))
}

/// A small text buffer on the stack: the longest float in `{:e}` form
/// (`-2.2250738585072014e-308`) and the longest `u64` fit with room to spare.
struct Buffer {
    bytes: [u8; 48],
    len: usize,
}

impl Default for Buffer {
    fn default() -> Self {
        Self {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl Buffer {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for Buffer {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len.checked_add(text.len()).ok_or(fmt::Error)?;
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A request value or a bound as an exact decimal: `±magnitude × 10^exponent`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Exact {
    negative: bool,
    magnitude: u128,
    exponent: i32,
}

impl Exact {
    pub(crate) fn int(value: i128) -> Self {
        Self {
            negative: value < 0,
            magnitude: value.unsigned_abs(),
            exponent: 0,
        }
    }

    pub(crate) fn decimal(value: Decimal) -> Self {
        Self {
            negative: value.mantissa < 0,
            magnitude: value.mantissa.unsigned_abs().into(),
            exponent: value.exponent.into(),
        }
    }

    fn sign(self) -> i8 {
        match (self.magnitude, self.negative) {
            (0, _) => 0,
            (_, true) => -1,
            (_, false) => 1,
        }
    }

    /// The exact order of two numbers.
    pub(crate) fn compare(self, other: Self) -> Ordering {
        let (sign, other_sign) = (self.sign(), other.sign());
        if sign != other_sign || sign == 0 {
            return sign.cmp(&other_sign);
        }
        let order = compare_magnitudes(self, other);
        if sign < 0 { order.reverse() } else { order }
    }

    /// Whether `self` is a whole multiple of `step` (`multipleOf`); a step
    /// that is not positive has no multiples but 0.
    pub(crate) fn is_multiple_of(self, step: Decimal) -> bool {
        if self.magnitude == 0 {
            return true;
        }
        if step.mantissa <= 0 {
            return false;
        }
        let step_digits = u128::from(step.mantissa.unsigned_abs());
        let shift = i64::from(self.exponent) - i64::from(step.exponent);
        if shift >= 0 {
            // self / step = (magnitude × 10^shift) / step_digits: whole when
            // step_digits divides magnitude × 10^shift, computed modulo
            // step_digits (below 2^63, so every product fits a u128).
            let remainder = self.magnitude % step_digits;
            let power = power_of_ten_modulo(shift, step_digits);
            (remainder * power).is_multiple_of(step_digits)
        } else {
            // self / step = magnitude / (step_digits × 10^-shift); a divisor
            // beyond u128 is larger than the (non-zero) magnitude.
            u32::try_from(-shift)
                .ok()
                .and_then(|shift| 10_u128.checked_pow(shift))
                .and_then(|power| power.checked_mul(step_digits))
                .is_some_and(|divisor| self.magnitude.is_multiple_of(divisor))
        }
    }
}

/// The order of the magnitudes of two non-zero numbers.
fn compare_magnitudes(a: Exact, b: Exact) -> Ordering {
    // Where the leading digit is: the larger one is the larger number.
    let lead = |x: Exact| i64::from(x.magnitude.ilog10()) + i64::from(x.exponent);
    match lead(a).cmp(&lead(b)) {
        Ordering::Equal => {}
        order => return order,
    }
    // The same leading position: the exponents differ by less than the
    // digits of a u128, so aligning them is a small power of ten; scaled
    // beyond u128, a number is larger than the other.
    let scale = |x: Exact, by: i64| {
        u32::try_from(by)
            .ok()
            .and_then(|by| 10_u128.checked_pow(by))
            .and_then(|power| power.checked_mul(x.magnitude))
    };
    match a.exponent.cmp(&b.exponent) {
        Ordering::Equal => a.magnitude.cmp(&b.magnitude),
        Ordering::Greater => match scale(a, i64::from(a.exponent) - i64::from(b.exponent)) {
            Some(a) => a.cmp(&b.magnitude),
            None => Ordering::Greater,
        },
        Ordering::Less => match scale(b, i64::from(b.exponent) - i64::from(a.exponent)) {
            Some(b) => a.magnitude.cmp(&b),
            None => Ordering::Less,
        },
    }
}

/// `10^power mod modulus` by squaring, for `modulus` below 2^64.
fn power_of_ten_modulo(power: i64, modulus: u128) -> u128 {
    let mut result = 1 % modulus;
    let mut base = 10 % modulus;
    let mut power = power;
    while power > 0 {
        if power & 1 == 1 {
            result = result * base % modulus;
        }
        base = base * base % modulus;
        power >>= 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(value: f64) -> Exact {
        Exact::decimal(Decimal::from_f64(value).unwrap())
    }

    #[test]
    fn floats_become_their_shortest_decimal() {
        assert_eq!(Decimal::from_f64(0.01), Some(Decimal::new(1, -2)));
        assert_eq!(Decimal::from_f64(19.995), Some(Decimal::new(19995, -3)));
        assert_eq!(Decimal::from_f64(-0.3), Some(Decimal::new(-3, -1)));
        assert_eq!(Decimal::from_f64(1500.0), Some(Decimal::new(15, 2)));
        assert_eq!(Decimal::from_f64(-0.0), Some(Decimal::new(0, 0)));
        assert_eq!(Decimal::from_f64(1e300), Some(Decimal::new(1, 300)));
        assert_eq!(Decimal::from_f64(5e-324), Some(Decimal::new(5, -324)));
        assert_eq!(
            Decimal::from_f64(f64::MAX),
            Some(Decimal::new(17_976_931_348_623_157, 292))
        );
        assert_eq!(Decimal::from_f32(0.1), Some(Decimal::new(1, -1)));
        assert_eq!(
            Decimal::from_f64(f64::from(0.1_f32)),
            Some(Decimal::new(10_000_000_149_011_612, -17))
        );
        for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(Decimal::from_f64(value), None);
        }
        assert_eq!(Decimal::from_f32(f32::NAN), None);
    }

    #[test]
    fn display_is_plain_decimal() {
        assert_eq!(Decimal::new(1, -2).to_string(), "0.01");
        assert_eq!(Decimal::new(-19995, -3).to_string(), "-19.995");
        assert_eq!(Decimal::new(15, 2).to_string(), "1500");
        assert_eq!(Decimal::new(0, 5).to_string(), "0");
        assert_eq!(Decimal::new(1, 300).to_string(), "1e300");
        assert_eq!(Decimal::new(-25, -301).to_string(), "-2.5e-300");
        assert_eq!(Decimal::new(i64::MIN, 0).to_string(), i64::MIN.to_string());
    }

    #[test]
    fn comparisons_are_exact() {
        assert_eq!(f(0.1).compare(f(0.10)), Ordering::Equal);
        assert_eq!(f(99.99).compare(f(99.989_999)), Ordering::Greater);
        assert_eq!(f(-0.5).compare(f(-0.25)), Ordering::Less);
        assert_eq!(f(-0.5).compare(Exact::int(0)), Ordering::Less);
        assert_eq!(Exact::int(0).compare(f(-0.0)), Ordering::Equal);
        assert_eq!(Exact::int(100).compare(f(99.5)), Ordering::Greater);
        assert_eq!(f(1e300).compare(Exact::int(i128::MAX)), Ordering::Greater);
        assert_eq!(f(-1e300).compare(Exact::int(i128::MIN)), Ordering::Less);
        assert_eq!(f(5e-324).compare(Exact::int(0)), Ordering::Greater);
        assert_eq!(f(1e-300).compare(f(1e-301)), Ordering::Greater);
        // Same leading digit, far-apart exponents: 1.7e38 next to i128::MAX.
        let bound = Exact::decimal(Decimal::new(17, 37));
        assert_eq!(Exact::int(i128::MAX).compare(bound), Ordering::Greater);
        let bound = Exact::decimal(Decimal::new(18, 37));
        assert_eq!(Exact::int(i128::MAX).compare(bound), Ordering::Less);
        // 9e38 is beyond u128 once aligned: larger than any i128.
        let bound = Exact::decimal(Decimal::new(9, 38));
        assert_eq!(Exact::int(i128::MAX).compare(bound), Ordering::Less);
        assert_eq!(Exact::int(i128::MIN).compare(bound), Ordering::Less);
        let bound = Exact::decimal(Decimal::new(1_701_411_834_604_692, 23));
        assert_eq!(Exact::int(i128::MAX).compare(bound), Ordering::Greater);
    }

    #[test]
    fn multiples_are_exact() {
        let tenth = Decimal::new(1, -1);
        let cent = Decimal::new(1, -2);
        // Float division says no to both.
        assert!((0.3_f64 / 0.1).fract() != 0.0);
        assert!(f(0.3).is_multiple_of(tenth));
        assert!(f(19.99).is_multiple_of(cent));
        assert!(!f(19.995).is_multiple_of(cent));
        assert!(f(-19.99).is_multiple_of(cent));
        assert!(f(0.0).is_multiple_of(cent));
        assert!(Exact::int(15).is_multiple_of(Decimal::new(5, 0)));
        assert!(!Exact::int(-16).is_multiple_of(Decimal::new(5, 0)));
        assert!(Exact::int(7).is_multiple_of(Decimal::new(5, -1)));
        assert!(Exact::int(3000).is_multiple_of(Decimal::new(15, 2)));
        assert!(!Exact::int(3050).is_multiple_of(Decimal::new(15, 2)));
        assert!(f(7.5).is_multiple_of(Decimal::new(25, -1)));
        assert!(!f(7.4).is_multiple_of(Decimal::new(25, -1)));
        // Huge values: 1e300 is a multiple of 7 only if 7 divides 10^300.
        assert!(f(1e300).is_multiple_of(cent));
        assert!(f(1e300).is_multiple_of(Decimal::new(4, 0)));
        assert!(!f(1e300).is_multiple_of(Decimal::new(7, 0)));
        assert!(f(7e300).is_multiple_of(Decimal::new(7, 0)));
        assert!(Exact::int(i128::MIN).is_multiple_of(Decimal::new(2, 0)));
        assert!(!Exact::int(i128::MAX).is_multiple_of(Decimal::new(2, 0)));
        assert!(!Exact::int(i128::MAX).is_multiple_of(Decimal::new(1, 39)));
        // Tiny values against a large step, and a step that is not positive.
        assert!(!f(5e-324).is_multiple_of(cent));
        assert!(!Exact::int(5).is_multiple_of(Decimal::new(1, 200)));
        assert!(!Exact::int(5).is_multiple_of(Decimal::new(-5, 0)));
        assert!(Exact::int(0).is_multiple_of(Decimal::new(0, 0)));
    }
}
