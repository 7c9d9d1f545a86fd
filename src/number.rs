//! Exact numbers. Every quantity xueshi computes (hours, days, rates, thresholds) is an exact
//! rational, so `12.5 + 0.1` is `12.6` and `2/3 × 90` is `60`. Arithmetic is checked: a result
//! too large to hold is an [`ArithmeticError`], never a wrap-around or a panic.

use num_integer::Integer;
use num_rational::Ratio;
use num_traits::{CheckedAdd, CheckedDiv, CheckedMul, CheckedSub, Signed, Zero};
use std::cmp::Ordering;
use std::fmt;

/// Digits after the point shown for a value whose decimal expansion does not end (`100/3`).
pub const REPEATING_DIGITS: u32 = 6;

/// Most significant digits accepted when reading a decimal.
const MAX_DIGITS: usize = 30;

/// An exact rational number.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Number(Ratio<i128>);

/// Why an arithmetic operation has no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithmeticError {
    /// The result is too large to hold exactly.
    Overflow,
    /// Division by zero.
    DivisionByZero,
}

/// Why a text is not a decimal number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberSyntaxError {
    /// Not of the form `-12.5`, `3`, `1.5e2`.
    Malformed,
    /// More digits or a larger exponent than xueshi holds exactly.
    TooLarge,
}

impl Number {
    /// Zero.
    pub const ZERO: Number = Number(Ratio::new_raw(0, 1));
    /// One.
    pub const ONE: Number = Number(Ratio::new_raw(1, 1));

    /// The integer `n`.
    pub fn from_int(n: i64) -> Number {
        Number(Ratio::from_integer(i128::from(n)))
    }

    /// `numer / denom`; `None` when `denom` is zero or the fraction in lowest terms does not
    /// fit (`i128::MIN` over an odd negative denominator: its numerator would be 2^127).
    pub fn ratio(numer: i128, denom: i128) -> Option<Number> {
        reduced(numer, denom).map(Number)
    }

    /// Reads a decimal such as `12.5`, `-3`, `0.125` or `1.5e2` (the JSON number syntax; `_`
    /// digit separators as TOML writes them are accepted).
    pub fn parse_decimal(text: &str) -> Result<Number, NumberSyntaxError> {
        if let Some(n) = Self::parse_plain(text.as_bytes()) {
            return Ok(n);
        }
        let text = text.trim();
        let (negative, body) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(i) => {
                let exp: i32 = body[i + 1..]
                    .parse()
                    .map_err(|_| NumberSyntaxError::Malformed)?;
                (&body[..i], exp)
            }
            None => (body, 0),
        };
        let (int_part, frac_part) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || b == b'_');
        if int_part.is_empty()
            || !digits_ok(int_part)
            || !digits_ok(frac_part)
            || (mantissa.contains('.') && frac_part.is_empty())
        {
            return Err(NumberSyntaxError::Malformed);
        }
        let digits: String = int_part
            .chars()
            .chain(frac_part.chars())
            .filter(|c| *c != '_')
            .collect();
        // Zeros before the first significant digit and after the last one say nothing of the
        // value: `0.000…0` is 0 and `1.5000000000000` is 1.5, however many zeros are written.
        let significant = digits.trim_start_matches('0');
        if significant.is_empty() {
            return Ok(Number::ZERO);
        }
        let trimmed = significant.trim_end_matches('0');
        let trailing = (significant.len() - trimmed.len()) as i32;
        if trimmed.len() > MAX_DIGITS || exponent.unsigned_abs() > MAX_DIGITS as u32 {
            return Err(NumberSyntaxError::TooLarge);
        }
        let mut numer: i128 = trimmed.parse().unwrap_or(0);
        let frac_len = frac_part.chars().filter(|c| *c != '_').count() as i32;
        let scale = exponent - frac_len + trailing;
        let pow = 10i128
            .checked_pow(scale.unsigned_abs())
            .ok_or(NumberSyntaxError::TooLarge)?;
        let value = if scale >= 0 {
            numer = numer.checked_mul(pow).ok_or(NumberSyntaxError::TooLarge)?;
            Ratio::from_integer(numer)
        } else {
            reduced(numer, pow).ok_or(NumberSyntaxError::TooLarge)?
        };
        Ok(Number(if negative { -value } else { value }))
    }

    /// The common shapes, `12` and `12.5` (at most 19 characters, no sign, exponent or
    /// separator), read without allocating; `None` for anything else, which
    /// [`Number::parse_decimal`] then reads in full.
    fn parse_plain(bytes: &[u8]) -> Option<Number> {
        if bytes.is_empty() || bytes.len() > 19 {
            return None;
        }
        let mut numer: i128 = 0;
        let mut frac_len: Option<u32> = None;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'0'..=b'9' => {
                    numer = numer * 10 + i128::from(b - b'0');
                    if let Some(n) = frac_len.as_mut() {
                        *n += 1;
                    }
                }
                b'.' if frac_len.is_none() && i > 0 && i + 1 < bytes.len() => frac_len = Some(0),
                _ => return None,
            }
        }
        Some(match frac_len {
            None | Some(0) => Number(Ratio::from_integer(numer)),
            Some(places) => Number(reduced(numer, 10i128.pow(places))?),
        })
    }

    /// The numerator of the reduced fraction.
    pub fn numer(&self) -> i128 {
        *self.0.numer()
    }

    /// The denominator of the reduced fraction (always positive).
    pub fn denom(&self) -> i128 {
        *self.0.denom()
    }

    /// Whether the value is a whole number.
    pub fn is_integer(&self) -> bool {
        self.0.is_integer()
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// The value as an `i64` when it is a whole number that fits.
    pub fn to_i64(&self) -> Option<i64> {
        if self.is_integer() {
            i64::try_from(self.numer()).ok()
        } else {
            None
        }
    }

    /// `self + other`.
    pub fn checked_add(self, other: Number) -> Result<Number, ArithmeticError> {
        self.additive(other, i128::checked_add, Ratio::checked_add)
    }

    /// `self - other`.
    pub fn checked_sub(self, other: Number) -> Result<Number, ArithmeticError> {
        self.additive(other, i128::checked_sub, Ratio::checked_sub)
    }

    /// `self` and `other` added or subtracted: `word` on the numerators over a common
    /// denominator (the same one, or by cross products), `Ratio`'s own `whole` way only when
    /// a word overflows.
    #[inline]
    fn additive(
        self,
        other: Number,
        word: fn(i128, i128) -> Option<i128>,
        whole: fn(&Ratio<i128>, &Ratio<i128>) -> Option<Ratio<i128>>,
    ) -> Result<Number, ArithmeticError> {
        let ((an, ad), (bn, bd)) = (self.parts(), other.parts());
        let result = if ad == bd {
            word(an, bn).and_then(|n| reduced(n, ad))
        } else {
            cross(an, bd, bn, ad, word)
                .zip(ad.checked_mul(bd))
                .and_then(|(n, d)| reduced(n, d))
        };
        result
            .or_else(|| whole(&self.0, &other.0))
            .map(Number)
            .ok_or(ArithmeticError::Overflow)
    }

    /// `self × other`.
    pub fn checked_mul(self, other: Number) -> Result<Number, ArithmeticError> {
        let ((an, ad), (bn, bd)) = (self.parts(), other.parts());
        let product = match (an.checked_mul(bn), ad.checked_mul(bd)) {
            (Some(n), Some(d)) => reduced(n, d),
            _ => None,
        };
        product
            .or_else(|| self.0.checked_mul(&other.0))
            .map(Number)
            .ok_or(ArithmeticError::Overflow)
    }

    /// `self ÷ other`.
    pub fn checked_div(self, other: Number) -> Result<Number, ArithmeticError> {
        if other.is_zero() {
            return Err(ArithmeticError::DivisionByZero);
        }
        let ((an, ad), (bn, bd)) = (self.parts(), other.parts());
        // a/b ÷ c/d = ad/bc; `reduced` makes the denominator positive.
        let quotient = match (an.checked_mul(bd), ad.checked_mul(bn)) {
            (Some(n), Some(d)) => reduced(n, d),
            _ => None,
        };
        quotient
            .or_else(|| self.0.checked_div(&other.0))
            .map(Number)
            .ok_or(ArithmeticError::Overflow)
    }

    /// The numerator and the (positive) denominator.
    #[inline]
    fn parts(&self) -> (i128, i128) {
        (*self.0.numer(), *self.0.denom())
    }

    /// `-self`.
    pub fn checked_neg(self) -> Result<Number, ArithmeticError> {
        self.numer()
            .checked_neg()
            .map(|n| Number(Ratio::new_raw(n, self.denom())))
            .ok_or(ArithmeticError::Overflow)
    }

    /// The smaller of two numbers.
    pub fn min(self, other: Number) -> Number {
        if other < self { other } else { self }
    }

    /// The larger of two numbers.
    pub fn max(self, other: Number) -> Number {
        if other > self { other } else { self }
    }

    /// Whether the decimal expansion ends (the denominator has no prime factor but 2 and 5).
    pub fn is_terminating(&self) -> bool {
        let mut d = self.denom();
        while d % 2 == 0 {
            d /= 2;
        }
        while d % 5 == 0 {
            d /= 5;
        }
        d == 1
    }
}

/// `numer / denom` in lowest terms with a positive denominator; `None` when `denom` is zero
/// or the result does not fit (`i128::MIN` over an odd negative denominator, whose sign
/// would move to a numerator of 2^127: `Ratio::new` would overflow there, so the arithmetic
/// falls back to `Ratio`'s checked operations, which refuse it). Both fit in 64 bits in the
/// common case, whose common divisor is found and divided out on machine words.
#[inline]
fn reduced(numer: i128, denom: i128) -> Option<Ratio<i128>> {
    if denom == 1 {
        return Some(Ratio::new_raw(numer, 1));
    }
    if let (Ok(n), Ok(d)) = (i64::try_from(numer), i64::try_from(denom))
        && d > 0
        && let Ok(g) = i64::try_from(n.unsigned_abs().gcd(&d.unsigned_abs()))
    {
        // `g` divides both and is at least 1 (`d` is positive) and at most `d`.
        return Some(Ratio::new_raw(i128::from(n / g), i128::from(d / g)));
    }
    reduced_wide(numer, denom)
}

/// [`reduced`] of a fraction beyond 64 bits or with a negative denominator, on 128 bits.
#[cold]
#[inline(never)]
fn reduced_wide(numer: i128, denom: i128) -> Option<Ratio<i128>> {
    if denom == 0 {
        return None;
    }
    if numer == 0 {
        return Some(Ratio::new_raw(0, 1));
    }
    // Not both `i128::MIN` (their gcd, 2^127, does not fit), so the gcd is at least 1.
    if numer == denom {
        return Some(Ratio::new_raw(1, 1));
    }
    let g = numer.gcd(&denom);
    let (n, d) = (numer / g, denom / g);
    if d < 0 {
        Some(Ratio::new_raw(n.checked_neg()?, d.checked_neg()?))
    } else {
        Some(Ratio::new_raw(n, d))
    }
}

/// `op(a × b, c × d)` when the products and the result fit.
#[inline]
fn cross(a: i128, b: i128, c: i128, d: i128, op: fn(i128, i128) -> Option<i128>) -> Option<i128> {
    op(a.checked_mul(b)?, c.checked_mul(d)?)
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (&self.0, &other.0);
        if a.denom() == b.denom() {
            return a.numer().cmp(b.numer());
        }
        // Denominators are positive: compare the cross products when they fit, which is
        // cheaper than the divisions `Ratio` makes.
        match (
            i128::checked_mul(*a.numer(), *b.denom()),
            i128::checked_mul(*b.numer(), *a.denom()),
        ) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => a.cmp(b),
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Decimal text: exact when the expansion ends (`12.5`, `0.125`), otherwise rounded half away
/// from zero to [`REPEATING_DIGITS`] places (`33.333333`).
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (numer, denom) = (self.numer(), self.denom());
        if denom == 1 {
            return f.write_str(itoa::Buffer::new().format(numer));
        }
        let negative = numer < 0;
        let numer = numer.unsigned_abs();
        let denom = denom.unsigned_abs();
        let (digits, scale) = if self.is_terminating() {
            // Smallest power of ten that the denominator divides.
            let mut scale = 0u32;
            let mut pow = 1u128;
            while pow % denom != 0 {
                pow = pow.saturating_mul(10);
                scale += 1;
            }
            match numer.checked_mul(pow / denom) {
                Some(v) => (v, scale),
                None => return write!(f, "{}", self.rounded(REPEATING_DIGITS)),
            }
        } else {
            return write!(f, "{}", self.rounded(REPEATING_DIGITS));
        };
        write_scaled(f, negative, digits, scale)
    }
}

impl Number {
    /// The value rounded half away from zero to `places` decimal places, as text with
    /// trailing zeros removed.
    pub fn rounded(&self, places: u32) -> String {
        let negative = self.numer() < 0;
        let numer = self.numer().unsigned_abs();
        let denom = self.denom().unsigned_abs();
        let pow = 10u128.pow(places);
        let (q, r) = numer.div_rem(&denom);
        // Fractional digits: r × 10^places / denom, rounded.
        let scaled = r
            .checked_mul(pow)
            .map(|x| {
                let (fq, fr) = x.div_rem(&denom);
                if fr.saturating_mul(2) >= denom {
                    fq + 1
                } else {
                    fq
                }
            })
            .unwrap_or(0);
        let (q, scaled) = if scaled >= pow {
            (q + 1, scaled - pow)
        } else {
            (q, scaled)
        };
        let mut text = String::new();
        let _ = write_scaled(
            &mut text,
            negative && (q != 0 || scaled != 0),
            q.saturating_mul(pow).saturating_add(scaled),
            places,
        );
        text
    }
}

fn write_scaled(
    out: &mut impl fmt::Write,
    negative: bool,
    digits: u128,
    scale: u32,
) -> fmt::Result {
    if negative {
        out.write_char('-')?;
    }
    let mut buffer = itoa::Buffer::new();
    if scale == 0 {
        return out.write_str(buffer.format(digits));
    }
    let pow = 10u128.pow(scale);
    out.write_str(buffer.format(digits / pow))?;
    let mut frac = digits % pow;
    if frac == 0 {
        return Ok(());
    }
    // The fraction's digits, zero-padded to `scale`, without trailing zeros.
    let mut width = scale as usize;
    while frac % 10 == 0 {
        frac /= 10;
        width -= 1;
    }
    let text = buffer.format(frac);
    out.write_char('.')?;
    for _ in text.len()..width {
        out.write_char('0')?;
    }
    out.write_str(text)
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_terminating() {
            write!(f, "{self}")
        } else {
            write!(f, "{}/{}", self.numer(), self.denom())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A numerator or denominator: small ones (the common case, reduced on machine words)
    /// and ones near the ends of 64 and 128 bits (reduced, or overflowing, on 128 bits).
    fn part() -> impl proptest::strategy::Strategy<Value = i128> {
        use proptest::prelude::*;
        prop_oneof![
            -1000i128..1000,
            any::<i64>().prop_map(i128::from),
            any::<i128>(),
            (0u32..4).prop_map(|k| 10i128.pow(k * 6)),
            // Powers of two, `i128::MIN` among them: products that land on 2^127 exactly.
            (0u32..128, any::<bool>()).prop_map(|(k, negative)| {
                let p = 1i128 << k;
                if negative { p.wrapping_neg() } else { p }
            }),
        ]
    }

    #[test]
    fn a_quotient_of_2_to_the_127_is_an_overflow_not_a_wrapped_sign() {
        // -2^100 ÷ (-3/2^27) = 2^127/3: its numerator is one past i128::MAX.
        let a = Number::ratio(-(1i128 << 100), 1).unwrap();
        let b = Number::ratio(-3, 1i128 << 27).unwrap();
        assert_eq!(a.checked_div(b), Err(ArithmeticError::Overflow));
        assert_eq!(
            a.checked_div(Number::ratio(3, 1i128 << 27).unwrap()),
            Ok(Number::ratio(i128::MIN, 3).unwrap())
        );
        assert_eq!(Number::ratio(i128::MIN, -3), None);
        assert_eq!(Number::ratio(i128::MIN, -1), None);
        assert_eq!(Number::ratio(i128::MIN, -2), Number::ratio(1i128 << 126, 1));
        assert_eq!(Number::ratio(i128::MIN, i128::MIN), Number::ratio(1, 1));
        assert_eq!(Number::ratio(7, 0), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, failure_persistence: None, ..Default::default() })]

        /// The arithmetic agrees with `Ratio`'s own: the same value, or both overflow.
        #[test]
        fn arithmetic_agrees_with_ratio(an in part(), ad in part(), bn in part(), bd in part()) {
            proptest::prop_assume!(ad != 0 && bd != 0);
            let (Some(a), Some(b)) = (Number::ratio(an, ad), Number::ratio(bn, bd)) else {
                return Ok(());
            };
            proptest::prop_assert_eq!(a.0, Ratio::new(an, ad));
            let (ra, rb) = (a.0, b.0);
            proptest::prop_assert_eq!(a.checked_add(b).ok().map(|n| n.0), ra.checked_add(&rb));
            proptest::prop_assert_eq!(a.checked_sub(b).ok().map(|n| n.0), ra.checked_sub(&rb));
            proptest::prop_assert_eq!(a.checked_mul(b).ok().map(|n| n.0), ra.checked_mul(&rb));
            if !b.is_zero() {
                proptest::prop_assert_eq!(a.checked_div(b).ok().map(|n| n.0), ra.checked_div(&rb));
            }
        }
    }

    fn n(s: &str) -> Number {
        Number::parse_decimal(s).unwrap()
    }

    #[test]
    fn order_is_that_of_the_values() {
        let n = |t: &str| Number::parse_decimal(t).unwrap();
        let values = [
            "-3",
            "-2.5",
            "-0.000000000001",
            "0",
            "0.1",
            "0.125",
            "1",
            "1.5",
            "2",
            "2.0001",
            "999999999999999.5",
            "1000000000000000",
        ];
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                assert_eq!(n(a).cmp(&n(b)), i.cmp(&j), "{a} {b}");
            }
        }
        // Cross products too large for i128 fall back to Ratio's order.
        let huge = Number(Ratio::new(i128::MAX / 3, 7));
        let other = Number(Ratio::new(i128::MAX / 5, 11));
        assert_eq!(huge.cmp(&other), huge.0.cmp(&other.0));
        assert_eq!(other.cmp(&huge), other.0.cmp(&huge.0));
    }

    #[test]
    fn decimal_sums_are_exact() {
        assert_eq!(n("12.5").checked_add(n("0.1")).unwrap(), n("12.6"));
        assert_eq!(n("0.1").checked_add(n("0.2")).unwrap().to_string(), "0.3");
    }

    #[test]
    fn two_thirds_of_ninety_is_sixty() {
        let two_thirds = Number::ratio(2, 3).unwrap();
        assert_eq!(
            two_thirds.checked_mul(Number::from_int(90)).unwrap(),
            n("60")
        );
    }

    #[test]
    fn parses_json_number_forms() {
        assert_eq!(n("-3").to_string(), "-3");
        assert_eq!(n("1.5e2").to_string(), "150");
        assert_eq!(n("125e-3").to_string(), "0.125");
        assert_eq!(n("1_000").to_string(), "1000");
        assert_eq!(n("2.50").to_string(), "2.5");
        for bad in ["", "-", "1.", ".5", "1e", "abc", "1.2.3", "NaN", "inf"] {
            assert_eq!(
                Number::parse_decimal(bad),
                Err(NumberSyntaxError::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn zeros_written_around_the_value_do_not_count() {
        let zero = format!("0.{}", "0".repeat(41));
        assert_eq!(Number::parse_decimal(&zero), Ok(Number::ZERO));
        assert_eq!(n(&format!("1.{}", "0".repeat(31))), Number::ONE);
        assert_eq!(n("00012.5000"), n("12.5"));
        assert_eq!(n("1200e-2"), Number::from_int(12));
    }

    #[test]
    fn huge_numbers_are_errors_not_panics() {
        assert_eq!(
            Number::parse_decimal("1e400"),
            Err(NumberSyntaxError::TooLarge)
        );
        assert_eq!(
            Number::parse_decimal(&"9".repeat(60)),
            Err(NumberSyntaxError::TooLarge)
        );
        let big = n(&"9".repeat(30));
        assert_eq!(big.checked_mul(big), Err(ArithmeticError::Overflow));
        assert_eq!(
            n("1").checked_div(n("0")),
            Err(ArithmeticError::DivisionByZero)
        );
    }

    #[test]
    fn repeating_decimals_are_rounded_for_display() {
        assert_eq!(Number::ratio(100, 3).unwrap().to_string(), "33.333333");
        assert_eq!(Number::ratio(2, 3).unwrap().to_string(), "0.666667");
        assert_eq!(Number::ratio(-1, 3).unwrap().to_string(), "-0.333333");
        assert_eq!(Number::ratio(1, 8).unwrap().to_string(), "0.125");
    }

    #[test]
    fn ordering_is_numeric() {
        assert!(n("9.5") < n("10"));
        assert_eq!(n("3").max(n("2.5")), n("3"));
        assert_eq!(n("3").min(n("2.5")), n("2.5"));
    }
}
