//! Texts and numbers typed by a field's type: resident IDs, dates, enumeration values,
//! years and numbers (within the bounds of a record), each with its error when it is not
//! one. The tree's decoding and the fast way share them.

use super::Decoder;
use crate::number::{Number, NumberSyntaxError};
use crate::policy::expr::{Value, YEAR_RANGE};
use crate::policy::{FieldType, Policy};
use crate::record::RecordErrorKind;
use crate::record::resident_id;
use chrono::NaiveDate;

/// The largest magnitude a number in a record may have.
pub(crate) const MAX_MAGNITUDE: i64 = 1_000_000_000_000_000;
/// The most decimal places a number in a record may have.
pub(crate) const MAX_DECIMALS: usize = 12;

/// Why a text or a number is not a value of a field's type: the tree's decoding reports it
/// (with the text as written, see [`Decoder::report`]), the fast way gives up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Problem {
    /// Not a valid resident ID.
    BadResidentId(resident_id::IdProblem),
    /// Not a date written `YYYY-MM-DD`.
    BadDate,
    /// Not a value of the enumeration with this id.
    UnknownValue(u16),
    /// Not a year.
    BadYear,
    /// Not a number.
    NotANumber,
    /// A number beyond the bounds of a record.
    TooLarge,
    /// A number with a fraction where a whole number is asked for.
    NotWhole,
}

/// Writes the value of the string `t` for a field of type `ty` of `policy` into `out`
/// (left as it was after a problem); `None` when the type takes no string. (One function
/// for both ways of decoding, inlined into the fast one so that the value is built in its
/// slot, not in a temporary copied there.)
#[inline(always)]
pub(super) fn type_text_into(
    policy: &Policy,
    ty: &FieldType,
    t: &str,
    out: &mut Value,
) -> Option<Result<(), Problem>> {
    match ty {
        FieldType::Text => *out = Value::Text(t.into()),
        FieldType::ResidentId => match resident_id::validate(t) {
            Ok(()) => *out = Value::Text(t.into()),
            Err(problem) => return Some(Err(Problem::BadResidentId(problem))),
        },
        FieldType::Date => match parse_date(t) {
            Some(d) => *out = Value::Date(d),
            None => return Some(Err(Problem::BadDate)),
        },
        FieldType::Enum(id) => match policy.enums.get(usize::from(*id)) {
            Some(e) => match e.index.get(t) {
                Some(&i) => *out = Value::Enum(i),
                None => return Some(Err(Problem::UnknownValue(*id))),
            },
            None => *out = Value::Absent,
        },
        _ => return None,
    }
    Some(Ok(()))
}

/// Writes the value of the number written `text` for a field of type `ty` into `out` (left
/// as it was after a problem); `None` when the type takes no number.
#[inline(always)]
pub(super) fn type_number_into(
    ty: &FieldType,
    text: &str,
    out: &mut Value,
) -> Option<Result<(), Problem>> {
    match ty {
        FieldType::Year => {
            let year = Number::parse_decimal(text)
                .ok()
                .and_then(|n| n.to_i64())
                .and_then(|n| i32::try_from(n).ok())
                .filter(|y| YEAR_RANGE.contains(y));
            match year {
                Some(y) => *out = Value::Year(y),
                None => return Some(Err(Problem::BadYear)),
            }
        }
        FieldType::Number { integer, .. } => match record_number(text) {
            Ok(n) if *integer && !n.is_integer() => return Some(Err(Problem::NotWhole)),
            Ok(n) => *out = Value::Number(n),
            Err(problem) => return Some(Err(problem)),
        },
        _ => return None,
    }
    Some(Ok(()))
}

/// The number written `text`, when it is one within the bounds of a record.
#[inline(always)]
fn record_number(text: &str) -> Result<Number, Problem> {
    match Number::parse_decimal(text) {
        Ok(n) => {
            // At most MAX_DECIMALS places: the reduced denominator divides 10^MAX_DECIMALS
            // (a division of machine words: such a denominator is far below 2^64).
            let places = 10u64.pow(MAX_DECIMALS as u32);
            let decimals_ok = n.denom() == 1
                || u64::try_from(n.denom()).is_ok_and(|d| d <= places && places % d == 0);
            let limit = Number::from_int(MAX_MAGNITUDE);
            if !decimals_ok || n > limit || n < Number::from_int(-MAX_MAGNITUDE) {
                return Err(Problem::TooLarge);
            }
            Ok(n)
        }
        Err(NumberSyntaxError::TooLarge) => Err(Problem::TooLarge),
        Err(NumberSyntaxError::Malformed) => Err(Problem::NotANumber),
    }
}

impl Decoder<'_> {
    /// The value of the string `t` for a field of type `ty` ([`Value::Absent`] after an
    /// error, reported); `None` when the type takes no string.
    pub(super) fn text_value(&mut self, ty: &FieldType, t: &str, offset: usize) -> Option<Value> {
        let mut value = Value::Absent;
        let typed = type_text_into(self.policy, ty, t, &mut value)?;
        Some(self.reported(typed.map(|()| value), t, offset))
    }

    /// The value of the number written `text` for a field of type `ty` ([`Value::Absent`]
    /// after an error, reported); `None` when the type takes no number.
    pub(super) fn number_value(
        &mut self,
        ty: &FieldType,
        text: &str,
        offset: usize,
    ) -> Option<Value> {
        let mut value = Value::Absent;
        let typed = type_number_into(ty, text, &mut value)?;
        Some(self.reported(typed.map(|()| value), text, offset))
    }

    /// The value typed, or [`Value::Absent`] after its problem is reported.
    fn reported(&mut self, typed: Result<Value, Problem>, text: &str, offset: usize) -> Value {
        typed.unwrap_or_else(|problem| {
            self.report(problem, text, offset);
            Value::Absent
        })
    }

    /// Reports `problem` of the value written `text`, placed at `offset` of the record.
    #[cold]
    fn report(&mut self, problem: Problem, text: &str, offset: usize) {
        let value = text.to_string();
        let kind = match problem {
            Problem::BadResidentId(problem) => RecordErrorKind::BadResidentId(problem),
            Problem::BadDate => RecordErrorKind::BadDate { value },
            Problem::UnknownValue(id) => {
                let Some(e) = self.policy.enums.get(usize::from(id)) else {
                    return;
                };
                let suggestion = crate::suggest::closest(text, e.values.iter().map(String::as_str));
                RecordErrorKind::UnknownValue {
                    value,
                    allowed: e.values.clone(),
                    suggestion,
                }
            }
            Problem::BadYear => RecordErrorKind::BadYear { value },
            Problem::NotANumber => RecordErrorKind::NotANumber { value },
            Problem::TooLarge => RecordErrorKind::NumberTooLarge { value },
            Problem::NotWhole => RecordErrorKind::NotWhole { value },
        };
        self.error(kind, offset);
    }
}

/// Reads a date written strictly `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] =
        <&[u8; 10]>::try_from(text.as_bytes()).ok()?
    else {
        return None;
    };
    let digits = |ds: &[u8]| {
        ds.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    // Years run from 1 to 9999, in dates as in year fields: `0000-01-01` is no date.
    let year = i32::try_from(digits(&[y0, y1, y2, y3])?)
        .ok()
        .filter(|y| *y >= 1)?;
    NaiveDate::from_ymd_opt(year, digits(&[m0, m1])?, digits(&[d0, d1])?)
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2023-05-10").is_some());
        for bad in [
            "2023-5-10",
            "2023-02-30",
            "20230510",
            "2023/05/10",
            "2023-05-10T00:00",
            "0000-01-01",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }
}
