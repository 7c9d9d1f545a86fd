//! Texts and numbers typed by a field's type: resident IDs, dates, enumeration values,
//! years and numbers (within the bounds of a record), each with its error when it is not
//! one. The tree's decoding and the fast way share them.

use super::Decoder;
use crate::number::{Number, NumberSyntaxError};
use crate::policy::FieldType;
use crate::policy::expr::{Value, YEAR_RANGE};
use crate::record::RecordErrorKind;
use crate::record::resident_id;
use chrono::NaiveDate;

/// The largest magnitude a number in a record may have.
pub(crate) const MAX_MAGNITUDE: i64 = 1_000_000_000_000_000;
/// The most decimal places a number in a record may have.
pub(crate) const MAX_DECIMALS: usize = 12;

impl Decoder<'_> {
    /// The value of the string `t` for a field of type `ty` ([`Value::Absent`] after an
    /// error); `None` when the type takes no string.
    pub(super) fn text_value(&mut self, ty: &FieldType, t: &str, offset: usize) -> Option<Value> {
        Some(match ty {
            FieldType::Text => Value::Text(t.into()),
            FieldType::ResidentId => match resident_id::validate(t) {
                Ok(()) => Value::Text(t.into()),
                Err(problem) => {
                    self.error(RecordErrorKind::BadResidentId(problem), offset);
                    Value::Absent
                }
            },
            FieldType::Date => match parse_date(t) {
                Some(d) => Value::Date(d),
                None => {
                    self.error(
                        RecordErrorKind::BadDate {
                            value: t.to_string(),
                        },
                        offset,
                    );
                    Value::Absent
                }
            },
            FieldType::Enum(id) => {
                let Some(e) = self.policy.enums.get(usize::from(*id)) else {
                    return Some(Value::Absent);
                };
                match e.index.get(t) {
                    Some(&i) => Value::Enum(i),
                    None => {
                        let suggestion =
                            crate::suggest::closest(t, e.values.iter().map(String::as_str));
                        self.error(
                            RecordErrorKind::UnknownValue {
                                value: t.to_string(),
                                allowed: e.values.clone(),
                                suggestion,
                            },
                            offset,
                        );
                        Value::Absent
                    }
                }
            }
            _ => return None,
        })
    }

    /// The value of the number written `text` for a field of type `ty` ([`Value::Absent`]
    /// after an error); `None` when the type takes no number.
    pub(super) fn number_value(
        &mut self,
        ty: &FieldType,
        text: &str,
        offset: usize,
    ) -> Option<Value> {
        Some(match ty {
            FieldType::Year => {
                let year = Number::parse_decimal(text)
                    .ok()
                    .and_then(|n| n.to_i64())
                    .and_then(|n| i32::try_from(n).ok())
                    .filter(|y| YEAR_RANGE.contains(y));
                match year {
                    Some(y) => Value::Year(y),
                    None => {
                        self.error(
                            RecordErrorKind::BadYear {
                                value: text.to_string(),
                            },
                            offset,
                        );
                        Value::Absent
                    }
                }
            }
            FieldType::Number { integer, .. } => match self.number(text, offset) {
                Some(n) if *integer && !n.is_integer() => {
                    self.error(
                        RecordErrorKind::NotWhole {
                            value: text.to_string(),
                        },
                        offset,
                    );
                    Value::Absent
                }
                Some(n) => Value::Number(n),
                None => Value::Absent,
            },
            _ => return None,
        })
    }

    /// The number written `text`, when it is one within the bounds of a record (else
    /// reported).
    fn number(&mut self, text: &str, offset: usize) -> Option<Number> {
        let too_large = |d: &mut Self| {
            d.error(
                RecordErrorKind::NumberTooLarge {
                    value: text.to_string(),
                },
                offset,
            );
            None
        };
        match Number::parse_decimal(text) {
            Ok(n) => {
                let limit = Number::from_int(MAX_MAGNITUDE);
                // At most MAX_DECIMALS places: the reduced denominator divides 10^MAX_DECIMALS.
                let decimals_ok =
                    n.denom() == 1 || 10i128.pow(MAX_DECIMALS as u32) % n.denom() == 0;
                if n > limit || n < Number::from_int(-MAX_MAGNITUDE) || !decimals_ok {
                    return too_large(self);
                }
                Some(n)
            }
            Err(NumberSyntaxError::TooLarge) => too_large(self),
            Err(NumberSyntaxError::Malformed) => {
                self.error(
                    RecordErrorKind::NotANumber {
                        value: text.to_string(),
                    },
                    offset,
                );
                None
            }
        }
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
