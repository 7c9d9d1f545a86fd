//! The words of each finding: the one-line message that says what is wrong, in either
//! language, from the catalogues of `crate::messages`, so that [`CheckError`]'s `Display`
//! says in English what the diagnostics say. Labels and help lines are the diagnostics'.
//!
//! [`CheckError`]: super::error::CheckError

use super::error::{
    CheckErrorKind, Cited, ConstantFailure, HeaderProblem, NameKind, PeriodProblem, StatusProblem,
    TypeName,
};
use crate::messages::{Lang, Msg, fill, join, text};

impl TypeName {
    /// The type in words, in `lang`: "a number of hours", "a list of text".
    pub fn words(&self, lang: Lang) -> String {
        match self {
            TypeName::Number(unit) if unit.is_empty() => text(lang, Msg::TypeNumber).to_string(),
            TypeName::AnyNumber => text(lang, Msg::TypeAnyNumber).to_string(),
            TypeName::AnyList => text(lang, Msg::TypeAnyList).to_string(),
            TypeName::Number(unit) => fill(lang, Msg::TypeNumberIn, &[("unit", unit)]),
            TypeName::Bool => text(lang, Msg::TypeBool).to_string(),
            TypeName::Date => text(lang, Msg::TypeDate).to_string(),
            TypeName::Year => text(lang, Msg::TypeYear).to_string(),
            TypeName::Text => text(lang, Msg::TypeText).to_string(),
            TypeName::OneOf(values) if values.is_empty() => {
                text(lang, Msg::TypeAnyOneOf).to_string()
            }
            TypeName::OneOf(values) => fill(
                lang,
                Msg::TypeOneOf,
                &[("values", &join(lang, &quoted(values), Msg::Or))],
            ),
            TypeName::List(item) => fill(lang, Msg::TypeList, &[("item", &item.words(lang))]),
            TypeName::Maybe(item) => fill(lang, Msg::TypeMaybe, &[("item", &item.words(lang))]),
            TypeName::Category => text(lang, Msg::TypeCategory).to_string(),
        }
    }
}

impl NameKind {
    /// What the name names, in words, in `lang`: "constant", "unit".
    pub fn word(self, lang: Lang) -> &'static str {
        text(
            lang,
            match self {
                NameKind::Value => Msg::NameValue,
                NameKind::Constant => Msg::NameConstant,
                NameKind::Local => Msg::NameLocal,
                NameKind::Unit => Msg::NameUnit,
                NameKind::Type => Msg::NameType,
                NameKind::Category => Msg::NameCategory,
                NameKind::Kind => Msg::NameKind,
                NameKind::Purpose => Msg::NamePurpose,
                NameKind::Field => Msg::NameField,
                NameKind::Function => Msg::NameFunction,
                NameKind::HeaderEntry => Msg::NameHeaderEntry,
                NameKind::Evidence => Msg::NameEvidence,
                NameKind::Status => Msg::NameStatus,
                NameKind::Form => Msg::NameForm,
            },
        )
    }
}

/// Values in backticks, for a list in a message.
fn quoted(values: &[String]) -> Vec<String> {
    values.iter().map(|v| format!("`{v}`")).collect()
}

/// A number in a unit (plain when the unit is empty), in words.
fn number_in(unit: &str, lang: Lang) -> String {
    TypeName::Number(unit.to_string()).words(lang)
}

impl CheckErrorKind {
    /// The message that says what is wrong, in `lang`: ``unknown name `dayz` ``.
    pub fn message(&self, lang: Lang) -> String {
        use CheckErrorKind as K;
        let t = |m: Msg| text(lang, m).to_string();
        match self {
            K::UnknownName { name, what, .. } => fill(
                lang,
                Msg::CheckUnknownName,
                &[("what", &what.word(lang)), ("name", name)],
            ),
            K::NotInScope { name, .. } => fill(lang, Msg::CheckNotInScope, &[("name", name)]),
            K::DuplicateName { name, what, .. } => fill(
                lang,
                Msg::CheckDuplicateName,
                &[("what", &what.word(lang)), ("name", name)],
            ),
            K::UnknownType { name, .. } => fill(lang, Msg::CheckUnknownType, &[("name", name)]),
            K::UnknownEvidence { name, .. } => {
                fill(lang, Msg::CheckUnknownEvidence, &[("name", name)])
            }
            K::UnknownEnumValue { value, allowed, .. } => fill(
                lang,
                Msg::CheckUnknownValue,
                &[
                    ("value", value),
                    ("allowed", &join(lang, &quoted(allowed), Msg::Or)),
                ],
            ),
            K::UnitMismatch {
                op, left, right, ..
            } => fill(
                lang,
                Msg::CheckUnitMismatch,
                &[
                    ("op", op),
                    ("left", &number_in(left, lang)),
                    ("right", &number_in(right, lang)),
                ],
            ),
            K::TypeMismatch { expected, found } => fill(
                lang,
                Msg::CheckTypeMismatch,
                &[
                    ("expected", &expected.words(lang)),
                    ("found", &found.words(lang)),
                ],
            ),
            K::OptionalValue {
                name,
                earlier: false,
            } => fill(lang, Msg::CheckOptionalValue, &[("name", name)]),
            K::OptionalValue {
                name,
                earlier: true,
            } => fill(lang, Msg::CheckOptionalPrevious, &[("name", name)]),
            K::NeedlessOtherwise { name } => {
                fill(lang, Msg::CheckNeedlessOtherwise, &[("name", name)])
            }
            K::AlwaysGiven { name } => fill(lang, Msg::CheckAlwaysGiven, &[("name", name)]),
            K::MissingRule { rule, block } => fill(
                lang,
                Msg::CheckMissingRule,
                &[("block", block), ("rule", &rule.keyword())],
            ),
            K::DuplicateRule { rule, .. } => {
                fill(lang, Msg::CheckDuplicateRule, &[("rule", &rule.keyword())])
            }
            K::NonExhaustiveMatch { missing } => fill(
                lang,
                Msg::CheckNonExhaustive,
                &[("missing", &join(lang, &quoted(missing), Msg::And))],
            ),
            K::UselessElse => t(Msg::CheckUselessElse),
            K::RepeatedValue { value, .. } => {
                fill(lang, Msg::CheckRepeatedValue, &[("value", value)])
            }
            K::UnreachableArm { value, .. } => {
                fill(lang, Msg::CheckUnreachableArm, &[("value", value)])
            }
            K::ContradictoryCap {
                cap,
                category: None,
            } => fill(lang, Msg::CheckContradictoryCap, &[("cap", cap)]),
            K::ContradictoryCap {
                cap,
                category: Some(category),
            } => fill(
                lang,
                Msg::CheckContradictoryCategoryCap,
                &[("cap", cap), ("category", category)],
            ),
            K::UnreachableCap { cap, .. } => fill(lang, Msg::CheckUnreachableCap, &[("cap", cap)]),
            K::SpreadLosesHours {
                years,
                per_year,
                placed,
                cap: Some(cap),
            } => fill(
                lang,
                Msg::CheckSpreadLoses,
                &[
                    ("years", years),
                    ("per_year", per_year),
                    ("placed", placed),
                    ("cap", cap),
                ],
            ),
            K::SpreadLosesHours {
                years,
                per_year,
                placed,
                cap: None,
            } => fill(
                lang,
                Msg::CheckSpreadLosesNoCap,
                &[("years", years), ("per_year", per_year), ("placed", placed)],
            ),
            K::SpreadNeverSplits { per_year, cap } => fill(
                lang,
                Msg::CheckSpreadNeverSplits,
                &[("per_year", per_year), ("cap", cap)],
            ),
            K::NotConstant => t(Msg::CheckNotConstant),
            K::ConstantFails { reason } => {
                let reason = match reason {
                    ConstantFailure::Overflow => t(Msg::ReasonOverflow),
                    ConstantFailure::DivisionByZero => t(Msg::ReasonDivisionByZero),
                    ConstantFailure::BadYear => t(Msg::ReasonBadYear),
                    ConstantFailure::YearFraction => t(Msg::ReasonYearFraction),
                    ConstantFailure::SpreadYears(v) => {
                        fill(lang, Msg::ReasonSpreadYears, &[("value", v)])
                    }
                };
                fill(lang, Msg::CheckConstantFails, &[("reason", &reason)])
            }
            K::ConstantCycle { name } => fill(lang, Msg::CheckConstantCycle, &[("name", name)]),
            K::BidiControl { code_point, name } => fill(
                lang,
                Msg::CheckBidiControl,
                &[("code_point", code_point), ("name", name)],
            ),
            K::NotAUnit { name, what } => fill(
                lang,
                Msg::CheckNotAUnit,
                &[("name", name), ("what", &what.word(lang))],
            ),
            K::DivisionByZero { divisor, .. } => {
                fill(lang, Msg::CheckDivisionByZero, &[("divisor", divisor)])
            }
            K::RequirementNotComparison => t(Msg::CheckRequirementNotComparison),
            K::StrictMakeUp { .. } => t(Msg::CheckStrictMakeUp),
            K::MakeUpUnreachable { category, .. } => {
                fill(lang, Msg::CheckMakeUpUnreachable, &[("category", category)])
            }
            K::StatusOrder { problem, purpose } => match problem {
                StatusProblem::None => fill(lang, Msg::CheckStatusNone, &[("purpose", purpose)]),
                StatusProblem::NoOtherwise => {
                    fill(lang, Msg::CheckStatusNoOtherwise, &[("purpose", purpose)])
                }
                StatusProblem::AfterOtherwise => t(Msg::CheckStatusAfterOtherwise),
            },
            K::QuantifierWithoutTest => t(Msg::CheckQuantifierWithoutTest),
            K::Periods { problem, years } => match problem {
                PeriodProblem::OneYear { purpose } => fill(
                    lang,
                    Msg::CheckPeriodsOneYear,
                    &[("years", years), ("purpose", purpose)],
                ),
                PeriodProblem::Length => fill(lang, Msg::CheckPeriodsLength, &[("years", years)]),
            },
            K::NothingCarried { purpose, figure } => fill(
                lang,
                Msg::CheckNothingCarried,
                &[("purpose", purpose), ("figure", figure)],
            ),
            K::FieldAttribute { attribute, ty } => fill(
                lang,
                Msg::CheckFieldAttribute,
                &[("attribute", attribute), ("ty", &ty.words(lang))],
            ),
            K::ContradictoryBounds { least, most } => fill(
                lang,
                Msg::CheckContradictoryBounds,
                &[("least", least), ("most", most)],
            ),
            K::NotACategory { field, values } => fill(
                lang,
                if values.len() == 1 {
                    Msg::CheckNotACategoryOne
                } else {
                    Msg::CheckNotACategory
                },
                &[
                    ("field", field),
                    ("values", &join(lang, &quoted(values), Msg::And)),
                ],
            ),
            K::CreditUnitMismatch {
                found, expected, ..
            } => fill(
                lang,
                Msg::CheckCreditUnit,
                &[
                    ("found", &number_in(found, lang)),
                    ("expected", &number_in(expected, lang)),
                ],
            ),
            K::ReservedName { name } => fill(lang, Msg::CheckReservedName, &[("name", name)]),
            K::Header { problem } => match problem {
                HeaderProblem::Missing => t(Msg::CheckHeaderMissing),
                HeaderProblem::MissingEntry(key) => {
                    fill(lang, Msg::CheckHeaderMissingEntry, &[("key", key)])
                }
                HeaderProblem::UnknownEntry { key, .. } => {
                    fill(lang, Msg::CheckHeaderUnknownEntry, &[("key", key)])
                }
                HeaderProblem::WrongValue { key, expected } => fill(
                    lang,
                    Msg::CheckHeaderWrongValue,
                    &[("key", key), ("expected", &expected.words(lang))],
                ),
            },
            K::MissingItem { item } => fill(lang, Msg::CheckMissingItem, &[("item", item)]),
            K::Arity {
                function,
                expected,
                found,
            } => fill(
                lang,
                Msg::CheckArity,
                &[
                    ("function", function),
                    ("expected", expected),
                    ("found", found),
                ],
            ),
            K::Misplaced => t(Msg::CheckMisplaced),
            K::MissingCitation { what } => {
                let what = match what {
                    Cited::Constant(n) => fill(lang, Msg::CitedConstant, &[("name", n)]),
                    Cited::Purpose(n) => fill(lang, Msg::CitedPurpose, &[("name", n)]),
                    Cited::Rule(k) => fill(lang, Msg::CitedRule, &[("name", k)]),
                };
                fill(lang, Msg::CheckMissingCitation, &[("what", &what)])
            }
            K::Unused { name, what } => fill(
                lang,
                Msg::CheckUnused,
                &[("what", &what.word(lang)), ("name", name)],
            ),
        }
    }
}
