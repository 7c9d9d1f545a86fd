//! Renderings of outcomes: JSON and JSONL (the output contract), the table and CSV for
//! people, and the words shared by all of them (record errors, rejection reasons).

mod csv;
pub(crate) mod diff;
pub mod doc;
mod explain;
pub(crate) mod form;
mod formula;
mod json;
mod rows;
mod sink;
pub(crate) mod summary;
mod table;
mod xlsx;

pub use explain::Explainer;
pub use json::{JsonRenderer, PreparedJson};
pub use sink::{Encoder, Format, Settings, Sink};
pub use table::TableRenderer;
pub use xlsx::{MAX_ROWS, Sheets, XCell, XlsxRows};

use crate::eval::{ActivityOutcome, RejectionReason};
use crate::input::tree::TypeWord;
use crate::messages::{Lang, Msg, fill, join, text};
use crate::number::Number;
use crate::policy::expr::EvalErrorKind;
use crate::policy::{Policy, Text};
use crate::record::resident_id::IdProblem;
use crate::record::{Expected, RecordError, RecordErrorKind};

/// A text as an output shows it: with `--redact`, every run shaped like a resident ID in it
/// masked ([`resident_id::mask_in`](crate::record::resident_id::mask_in)). Each renderer
/// passes what it writes through this (or [`redacted`]) in one place: every cell, every
/// string, the whole of an explanation or a form.
pub(crate) fn masked(text: &str, redact: bool) -> std::borrow::Cow<'_, str> {
    if redact {
        crate::record::resident_id::mask_in(text, None)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// [`masked`] for a text owned: the same text when it has nothing to mask.
pub(crate) fn redacted(text: String, redact: bool) -> String {
    match masked(&text, redact) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(masked) => masked,
    }
}

/// A policy text in the reader's language: its English variant for English readers when
/// the policy gives one, else as written.
/// The word headers give the policy's credited amounts in `lang`: the credit unit's plural
/// (`hours`, `credits`), in Chinese its label where the policy gives one (`学时`, `学分`);
/// a neutral word when the credit is not one declared unit.
pub(crate) fn amount_word(policy: &Policy, lang: Lang) -> &str {
    match (policy.credit_unit(), lang) {
        (Some(unit), Lang::Zh) => unit.label.as_deref().unwrap_or(&unit.plural),
        (Some(unit), Lang::En) => &unit.plural,
        (None, _) => text(lang, Msg::AmountWord),
    }
}

/// A header naming the credited amount (`Msg::ColumnComputed`, `Msg::SheetActivities`…),
/// with the policy's [`amount_word`].
pub(crate) fn amount_header(policy: &Policy, lang: Lang, message: Msg) -> String {
    fill(lang, message, &[("unit", &amount_word(policy, lang))])
}

pub(crate) fn localized(t: &Text, lang: Lang) -> &str {
    match (lang, &t.en) {
        (Lang::En, Some(en)) => en,
        _ => &t.text,
    }
}

/// Writes a number's decimal text, exactly as its `Display` writes it, by `push`ing its parts,
/// worked out in 64-bit arithmetic (no 128-bit division, no formatting machinery). Returns
/// `false`, having pushed nothing, when it cannot be so (a numerator, denominator or scaled
/// value beyond 64 bits, an expansion that does not end): then `Display` is the way.
pub(crate) fn write_decimal(n: Number, mut push: impl FnMut(&str)) -> bool {
    let mut digits = itoa::Buffer::new();
    // Whole numbers first: most hours are.
    if let Some(whole) = n.to_i64() {
        push(digits.format(whole));
        return true;
    }
    let negative = n.numer() < 0;
    let (Ok(numer), Ok(denom)) = (
        u64::try_from(n.numer().unsigned_abs()),
        u64::try_from(n.denom()),
    ) else {
        return false;
    };
    // The expansion ends when the denominator is 2^twos · 5^fives; then 10^max(twos, fives)
    // is the smallest power of ten it divides.
    let twos = denom.trailing_zeros();
    let mut rest = denom >> twos;
    let mut fives = 0;
    while rest % 5 == 0 {
        rest /= 5;
        fives += 1;
    }
    if rest != 1 {
        return false;
    }
    let scale = twos.max(fives);
    let Some(scaled) = 10u64
        .checked_pow(scale)
        .and_then(|pow| Some((pow, numer.checked_mul(pow / denom)?)))
    else {
        return false;
    };
    let (pow, scaled) = scaled;
    if negative {
        push("-");
    }
    push(digits.format(scaled / pow));
    let mut frac = scaled % pow;
    if frac == 0 {
        return true;
    }
    // The fraction's digits, zero-padded to `scale`, without trailing zeros.
    let mut width = scale as usize;
    while frac % 10 == 0 {
        frac /= 10;
        width -= 1;
    }
    let frac = digits.format(frac);
    push(".");
    for _ in frac.len()..width {
        push("0");
    }
    push(frac);
    true
}

/// The name of a record file's format, from its extension, for "not valid JSON".
pub(crate) fn format_name(file: &str) -> &'static str {
    match std::path::Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
    {
        Some("toml") => "TOML",
        Some("csv") => "CSV",
        Some("xlsx") => "XLSX",
        _ => "JSON",
    }
}

fn expected_word(e: Expected, lang: Lang) -> &'static str {
    text(
        lang,
        match e {
            Expected::Text => Msg::WordString,
            Expected::Number => Msg::WordNumber,
            Expected::Integer => Msg::WordInteger,
            Expected::Bool => Msg::WordBool,
            Expected::Date => Msg::WordDateText,
            Expected::Year => Msg::WordYearNumber,
            Expected::Array => Msg::WordArray,
            Expected::Object => Msg::WordObject,
        },
    )
}

fn found_word(t: TypeWord, lang: Lang) -> &'static str {
    text(
        lang,
        match t {
            TypeWord::Null => Msg::WordNull,
            TypeWord::Bool => Msg::WordBool,
            TypeWord::Number => Msg::WordNumber,
            TypeWord::Text => Msg::WordString,
            TypeWord::Date => Msg::WordDate,
            TypeWord::Array => Msg::WordArray,
            TypeWord::Object => Msg::WordObject,
        },
    )
}

fn quoted(values: &[String]) -> Vec<String> {
    values.iter().map(|v| format!("`{v}`")).collect()
}

/// Why a formula could not be computed, in words.
pub(crate) fn eval_reason(error: &EvalErrorKind, lang: Lang) -> String {
    error.message(lang)
}

/// A record error in words (without its path and position).
pub(crate) fn record_error_message(
    e: &RecordError,
    policy: &Policy,
    lang: Lang,
    format: &str,
) -> String {
    let did_you_mean = |s: &Option<String>| crate::messages::did_you_mean(lang, s.as_deref());
    match &e.kind {
        RecordErrorKind::Malformed { problem } => fill(
            lang,
            Msg::RecordMalformed,
            &[("format", &format), ("message", &problem.message(lang))],
        ),
        RecordErrorKind::UnknownField { suggestion } => {
            format!(
                "{}{}",
                text(lang, Msg::RecordUnknownField),
                did_you_mean(suggestion)
            )
        }
        RecordErrorKind::MissingField => text(lang, Msg::RecordMissingField).to_string(),
        RecordErrorKind::DuplicateKey => text(lang, Msg::RecordDuplicateKey).to_string(),
        RecordErrorKind::WrongType { expected, found } => fill(
            lang,
            Msg::RecordWrongType,
            &[
                ("expected", &expected_word(*expected, lang)),
                ("found", &found_word(*found, lang)),
            ],
        ),
        RecordErrorKind::UnknownKind { kind, suggestion } => {
            let mut s = fill(lang, Msg::RecordUnknownKind, &[("kind", kind)]);
            if suggestion.is_some() {
                s.push_str(&did_you_mean(suggestion));
            } else {
                let kinds: Vec<String> = policy
                    .kinds
                    .iter()
                    .map(|k| format!("`{}`", k.name))
                    .collect();
                s.push_str(&fill(
                    lang,
                    Msg::Aside,
                    &[(
                        "text",
                        &fill(
                            lang,
                            Msg::RecordKnownKinds,
                            &[("kinds", &join(lang, &kinds, Msg::And))],
                        ),
                    )],
                ));
            }
            s
        }
        RecordErrorKind::UnknownValue {
            value,
            allowed,
            suggestion,
        } => format!(
            "{}{}",
            fill(
                lang,
                Msg::RecordUnknownValue,
                &[
                    ("value", value),
                    ("allowed", &join(lang, &quoted(allowed), Msg::Or))
                ],
            ),
            did_you_mean(suggestion)
        ),
        RecordErrorKind::NotWhole { value } => fill(lang, Msg::RecordNotWhole, &[("value", value)]),
        RecordErrorKind::NumberTooLarge { value } => {
            fill(lang, Msg::RecordNumberTooLarge, &[("value", value)])
        }
        RecordErrorKind::NotANumber { value } => {
            fill(lang, Msg::RecordNotANumber, &[("value", value)])
        }
        RecordErrorKind::NotABool { value } => fill(lang, Msg::RecordNotABool, &[("value", value)]),
        RecordErrorKind::BadDate { value } => fill(lang, Msg::RecordBadDate, &[("value", value)]),
        RecordErrorKind::BadYear { value } => fill(lang, Msg::RecordBadYear, &[("value", value)]),
        RecordErrorKind::BadResidentId(problem) => match problem {
            IdProblem::Length(n) => fill(lang, Msg::RecordIdLength, &[("n", n)]),
            IdProblem::Character { position, found } => fill(
                lang,
                Msg::RecordIdCharacter,
                &[("position", position), ("found", found)],
            ),
            IdProblem::Checksum { expected, found } => fill(
                lang,
                Msg::RecordIdChecksum,
                &[("expected", expected), ("found", found)],
            ),
        },
        RecordErrorKind::Empty => text(lang, Msg::RecordEmpty).to_string(),
        RecordErrorKind::BelowMinimum { value, min } => fill(
            lang,
            Msg::RecordBelowMinimum,
            &[("value", value), ("min", min)],
        ),
        RecordErrorKind::AboveMaximum { value, max } => fill(
            lang,
            Msg::RecordAboveMaximum,
            &[("value", value), ("max", max)],
        ),
        RecordErrorKind::Constraint { message, cite, .. } => {
            let mut s = fill(
                lang,
                Msg::RecordConstraint,
                &[("message", &localized(message, lang))],
            );
            if let Some(c) = cite {
                s.push_str(&fill(lang, Msg::Aside, &[("text", &c.clause)]));
            }
            s
        }
        RecordErrorKind::Evaluation { error, span } => fill(
            lang,
            Msg::RecordEvaluation,
            &[
                (
                    "place",
                    &format!(
                        "{}:{}",
                        policy.source.name(),
                        policy.source.line_col(span.start)
                    ),
                ),
                ("rule", &policy.source.slice(*span)),
                ("reason", &eval_reason(error, lang)),
            ],
        ),
        RecordErrorKind::NoExemptions => text(lang, Msg::RecordNoExemptions).to_string(),
        RecordErrorKind::WindowTooLarge { from, to } => fill(
            lang,
            Msg::RecordWindowTooLarge,
            &[("from", from), ("to", to)],
        ),
    }
}

/// One reason an activity credits nothing, in words, with the clause of the rule.
pub(crate) struct RejectionText {
    /// `missing-evidence` or `rule`.
    pub(crate) code: &'static str,
    /// The reason.
    pub(crate) reason: String,
    /// The clause cited by the rule.
    pub(crate) clause: Option<String>,
    /// For evidence, the names missing.
    pub(crate) missing: Vec<String>,
}

/// The reasons an activity credits nothing.
pub(crate) fn rejection_texts(
    policy: &Policy,
    outcome: &ActivityOutcome,
    lang: Lang,
) -> Vec<RejectionText> {
    let kind = policy.kind(outcome.kind);
    // The rule indices are the evaluator's, into the kind's own rules.
    outcome
        .rejections
        .iter()
        .filter_map(|r| match r {
            RejectionReason::Evidence { rule, missing } => {
                let rule = kind.evidence.get(*rule)?;
                let names: Vec<String> = missing
                    .iter()
                    .filter_map(|id| policy.evidence.get(usize::from(*id)).cloned())
                    .collect();
                let listed = join(lang, &names, if rule.all { Msg::And } else { Msg::Or });
                let reason = fill(
                    lang,
                    // "One of" a single name is simply that name.
                    if rule.all || names.len() == 1 {
                        Msg::ReasonMissingAllOf
                    } else {
                        Msg::ReasonMissingOneOf
                    },
                    &[("names", &listed)],
                );
                Some(RejectionText {
                    code: "missing-evidence",
                    reason,
                    clause: rule.origin.cite.as_ref().map(|c| c.clause.clone()),
                    missing: names,
                })
            }
            RejectionReason::Rule { rule } => {
                let rule = kind.rejections.get(*rule)?;
                Some(RejectionText {
                    code: "rule",
                    reason: localized(&rule.reason, lang).to_string(),
                    clause: rule.rule.origin.cite.as_ref().map(|c| c.clause.clone()),
                    missing: Vec::new(),
                })
            }
        })
        .collect()
}

/// The shipped notice policy, compiled, and its annual purpose: what the renderers' unit
/// tests render with.
#[cfg(test)]
pub(crate) fn shipped_annual() -> (Policy, crate::policy::PurposeId) {
    let text = include_str!("../../policies/notice-2022.policy");
    let source = crate::source::SourceFile::new("notice-2022.policy", text);
    let policy = crate::compile_policy(source)
        .0
        .expect("the shipped policy compiles");
    let (purpose, _) = policy.purpose("annual").expect("it has an annual purpose");
    (policy, purpose)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agrees(n: Number) -> bool {
        let mut text = String::new();
        let written = write_decimal(n, |part| text.push_str(part));
        if written {
            assert_eq!(text, n.to_string(), "{n:?}");
        } else {
            assert_eq!(text, "", "{n:?}");
        }
        written
    }

    #[test]
    fn decimal_is_display_for_the_numbers_of_rulings() {
        for numer in -2000..2000 {
            for denom in [
                1, 2, 3, 4, 5, 8, 10, 16, 20, 25, 40, 64, 100, 125, 1000, 1024,
            ] {
                let n = Number::ratio(numer, denom).unwrap();
                assert_eq!(agrees(n), n.is_terminating(), "{n:?}");
            }
        }
    }

    #[test]
    fn decimal_gives_way_beyond_64_bits() {
        for n in [
            Number::ratio(i128::from(u64::MAX) + 1, 1),
            Number::ratio(i128::MIN + 1, 1),
            Number::ratio(i128::from(u64::MAX), 2),
            Number::ratio(1, 1 << 62),
            Number::ratio(3, 5i128.pow(27)),
        ]
        .into_iter()
        .flatten()
        {
            agrees(n);
        }
        assert!(agrees(Number::ratio(i128::from(u64::MAX), 1).unwrap()));
        assert!(agrees(Number::ratio(-i128::from(u64::MAX), 1).unwrap()));
    }

    proptest::proptest! {
        #[test]
        fn decimal_is_display(
            numer in proptest::num::i64::ANY,
            twos in 0u32..64,
            fives in 0u32..28,
            other in proptest::sample::select(vec![1i128, 1, 1, 3, 7]),
        ) {
            let denom = (1i128 << twos).saturating_mul(5i128.pow(fives)).saturating_mul(other);
            if let Some(n) = Number::ratio(i128::from(numer), denom) {
                agrees(n);
            }
        }
    }
}
