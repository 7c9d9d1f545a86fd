//! The checker's findings as diagnostics: one function words each group of finding kinds
//! (names, types and units, rules and citations, matches, caps and spreads, constants,
//! purposes, the header and items), and the words for types and names they share.

use super::{diag, label, primary};
use crate::check::error::*;
use crate::messages::{Lang, Msg, fill, join, text};
use crate::source::Span;
use miette::{LabeledSpan, MietteDiagnostic};

/// A finding of the checker as a diagnostic.
pub fn check_diagnostic(e: &CheckError, lang: Lang) -> MietteDiagnostic {
    use CheckErrorKind as K;
    let worded = match &e.kind {
        K::UnknownName { .. }
        | K::NotInScope { .. }
        | K::DuplicateName { .. }
        | K::UnknownType { .. }
        | K::UnknownEvidence { .. }
        | K::UnknownEnumValue { .. }
        | K::ReservedName { .. }
        | K::Unused { .. } => names(e, lang),
        K::UnitMismatch { .. }
        | K::TypeMismatch { .. }
        | K::OptionalValue { .. }
        | K::NeedlessOtherwise { .. }
        | K::AlwaysGiven { .. }
        | K::CreditUnitMismatch { .. }
        | K::FieldAttribute { .. }
        | K::ContradictoryBounds { .. }
        | K::NotACategory { .. }
        | K::Arity { .. } => types_and_units(e, lang),
        K::MissingRule { .. }
        | K::DuplicateRule { .. }
        | K::RequirementNotComparison
        | K::MissingCitation { .. }
        | K::Misplaced => rules_and_citations(e, lang),
        K::NonExhaustiveMatch { .. }
        | K::UselessElse
        | K::RepeatedValue { .. }
        | K::UnreachableArm { .. } => matches(e, lang),
        K::ContradictoryCap { .. }
        | K::UnreachableCap { .. }
        | K::SpreadLosesHours { .. }
        | K::SpreadNeverSplits { .. } => caps_and_spreads(e, lang),
        K::NotConstant | K::ConstantFails { .. } | K::ConstantCycle { .. } => constants(e, lang),
        K::StatusOrder { .. } | K::QuantifierWithoutTest => purposes(e, lang),
        K::Header { .. } | K::MissingItem { .. } => header_and_items(e, lang),
    };
    // Every kind is routed above to the group that words it; the code stands in for a
    // message only if a kind were routed to the wrong group.
    let Worded {
        message,
        help,
        labels,
    } = worded.unwrap_or_else(|| Worded::new(e.kind.code().to_string(), None));
    let labels = labels.unwrap_or_else(|| vec![primary(e.span, None)]);
    diag(e.kind.code(), e.kind.severity(), message, labels, help)
}

/// What a finding says: its message, its help line, and its labels when they are not the
/// default (the finding's span, unlabelled).
struct Worded {
    message: String,
    help: Option<String>,
    labels: Option<Vec<LabeledSpan>>,
}

impl Worded {
    fn new(message: String, help: Option<String>) -> Self {
        Worded {
            message,
            help,
            labels: None,
        }
    }

    fn labelled(self, labels: Vec<LabeledSpan>) -> Self {
        Worded {
            labels: Some(labels),
            ..self
        }
    }
}

/// The labels of a finding that repeats something: "here" on the finding, `first` on the
/// place the thing first stands.
fn here_and_first(
    e: &CheckError,
    lang: Lang,
    first: Span,
    first_label: String,
) -> Vec<LabeledSpan> {
    vec![
        primary(e.span, Some(text(lang, Msg::Here).to_string())),
        label(first, Some(first_label)),
    ]
}

/// Names unknown, out of scope, declared twice, reserved or unused.
fn names(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::UnknownName {
            name,
            what,
            suggestion,
        } => Worded::new(
            fill(
                lang,
                Msg::CheckUnknownName,
                &[("what", &what.word(lang)), ("name", name)],
            ),
            did_you_mean(lang, suggestion),
        ),
        K::NotInScope { name, reason } => Worded::new(
            fill(lang, Msg::CheckNotInScope, &[("name", name)]),
            Some(t(match reason {
                ScopeReason::YearFigureInRange => Msg::ScopeYearFigureInRange,
                ScopeReason::YearFigureOutsideYear => Msg::ScopeYearFigureOutsideYear,
                ScopeReason::CompliantInYearBlock => Msg::ScopeCompliantInYearBlock,
                ScopeReason::JudgedYearOutsidePurpose => Msg::ScopeJudgedYear,
                ScopeReason::FieldInConstant => Msg::ScopeFieldInConstant,
                ScopeReason::SumOutsideYear => Msg::ScopeSumOutsideYear,
                ScopeReason::QuantifierOutsideStatus => Msg::ScopeQuantifier,
                ScopeReason::WindowOutsideStatus => Msg::ScopeWindow,
                ScopeReason::FigureBeforeDefinition => Msg::ScopeFigureBeforeDefinition,
                ScopeReason::LocalInConstraint => Msg::ScopeLocalInConstraint,
            })),
        ),
        K::DuplicateName { name, what, first } => Worded::new(
            fill(
                lang,
                Msg::CheckDuplicateName,
                &[("what", &what.word(lang)), ("name", name)],
            ),
            None,
        )
        .labelled(vec![
            primary(e.span, Some(t(Msg::LabelDeclaredAgain))),
            label(*first, Some(t(Msg::LabelFirstDeclared))),
        ]),
        K::UnknownType { name, suggestion } => Worded::new(
            fill(lang, Msg::CheckUnknownType, &[("name", name)]),
            did_you_mean(lang, suggestion).or_else(|| Some(t(Msg::HelpTypes))),
        ),
        K::UnknownEvidence { name, suggestion } => Worded::new(
            fill(lang, Msg::CheckUnknownEvidence, &[("name", name)]),
            did_you_mean(lang, suggestion)
                .or_else(|| Some(fill(lang, Msg::HelpDeclareEvidence, &[("name", name)]))),
        ),
        K::UnknownEnumValue {
            value,
            allowed,
            suggestion,
        } => Worded::new(
            fill(
                lang,
                Msg::CheckUnknownValue,
                &[
                    ("value", value),
                    ("allowed", &join(lang, &quoted(allowed), Msg::Or)),
                ],
            ),
            did_you_mean(lang, suggestion),
        ),
        K::ReservedName { name } => Worded::new(
            fill(lang, Msg::CheckReservedName, &[("name", name)]),
            Some(t(Msg::HelpReservedName)),
        ),
        K::Unused { name, what } => Worded::new(
            fill(
                lang,
                Msg::CheckUnused,
                &[("what", &what.word(lang)), ("name", name)],
            ),
            None,
        ),
        _ => return None,
    };
    Some(worded)
}

/// Values of the wrong type or unit, and fields, attributes and calls that do not fit.
fn types_and_units(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::UnitMismatch {
            op,
            left,
            right,
            left_span,
            right_span,
        } => {
            let worded = Worded::new(
                fill(
                    lang,
                    Msg::CheckUnitMismatch,
                    &[
                        ("op", op),
                        ("left", &type_name(&TypeName::Number(left.clone()), lang)),
                        ("right", &type_name(&TypeName::Number(right.clone()), lang)),
                    ],
                ),
                Some(t(Msg::HelpUnitMismatch)),
            );
            if left_span != right_span {
                worded.labelled(vec![
                    label(*left_span, Some(left.clone())),
                    label(*right_span, Some(right.clone())),
                ])
            } else {
                worded
            }
        }
        K::TypeMismatch { expected, found } => Worded::new(
            fill(
                lang,
                Msg::CheckTypeMismatch,
                &[
                    ("expected", &type_name(expected, lang)),
                    ("found", &type_name(found, lang)),
                ],
            ),
            None,
        ),
        K::OptionalValue { name } => Worded::new(
            fill(lang, Msg::CheckOptionalValue, &[("name", name)]),
            Some(fill(lang, Msg::HelpOptionalValue, &[("name", name)])),
        ),
        K::NeedlessOtherwise { name } => Worded::new(
            fill(lang, Msg::CheckNeedlessOtherwise, &[("name", name)]),
            None,
        ),
        K::AlwaysGiven { name } => Worded::new(
            fill(lang, Msg::CheckAlwaysGiven, &[("name", name)]),
            Some(text(lang, Msg::HelpAlwaysGiven).to_string()),
        ),
        K::CreditUnitMismatch {
            found,
            expected,
            first,
        } => Worded::new(
            fill(
                lang,
                Msg::CheckCreditUnit,
                &[
                    ("found", &type_name(&TypeName::Number(found.clone()), lang)),
                    (
                        "expected",
                        &type_name(&TypeName::Number(expected.clone()), lang),
                    ),
                ],
            ),
            None,
        )
        .labelled(here_and_first(
            e,
            lang,
            *first,
            fill(lang, Msg::LabelCreditUnit, &[("expected", expected)]),
        )),
        K::FieldAttribute { attribute, ty } => Worded::new(
            fill(
                lang,
                Msg::CheckFieldAttribute,
                &[("attribute", attribute), ("ty", &type_name(ty, lang))],
            ),
            None,
        ),
        K::ContradictoryBounds { least, most } => Worded::new(
            fill(
                lang,
                Msg::CheckContradictoryBounds,
                &[("least", least), ("most", most)],
            ),
            None,
        ),
        K::NotACategory { field, values } => Worded::new(
            fill(
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
            None,
        ),
        K::Arity {
            function,
            expected,
            found,
        } => Worded::new(
            fill(
                lang,
                Msg::CheckArity,
                &[
                    ("function", function),
                    ("expected", expected),
                    ("found", found),
                ],
            ),
            None,
        ),
        _ => return None,
    };
    Some(worded)
}

/// Rules missing, given twice, misplaced or without a citation.
fn rules_and_citations(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::MissingRule { rule, block } => Worded::new(
            fill(
                lang,
                Msg::CheckMissingRule,
                &[("block", block), ("rule", &rule.keyword())],
            ),
            match rule {
                RuleKind::Credit => Some(t(Msg::HelpMissingCredit)),
                RuleKind::CountsIn => Some(t(Msg::HelpMissingCountsIn)),
                RuleKind::CountsAs => Some(t(Msg::HelpMissingCountsAs)),
                RuleKind::Window => Some(t(Msg::HelpMissingWindow)),
                RuleKind::Covers => Some(t(Msg::HelpMissingCovers)),
                _ => None,
            },
        ),
        K::DuplicateRule { rule, first } => Worded::new(
            fill(lang, Msg::CheckDuplicateRule, &[("rule", &rule.keyword())]),
            None,
        )
        .labelled(here_and_first(e, lang, *first, t(Msg::LabelFirstGiven))),
        K::RequirementNotComparison => Worded::new(
            t(Msg::CheckRequirementNotComparison),
            Some(t(Msg::HelpRequirement)),
        ),
        K::MissingCitation { what } => Worded::new(
            fill(
                lang,
                Msg::CheckMissingCitation,
                &[(
                    "what",
                    &match what {
                        Cited::Constant(n) => fill(lang, Msg::CitedConstant, &[("name", n)]),
                        Cited::Purpose(n) => fill(lang, Msg::CitedPurpose, &[("name", n)]),
                        Cited::Rule(k) => fill(lang, Msg::CitedRule, &[("name", k)]),
                    },
                )],
            ),
            Some(t(Msg::HelpMissingCitation)),
        ),
        K::Misplaced => Worded::new(t(Msg::CheckMisplaced), None),
        _ => return None,
    };
    Some(worded)
}

/// `match` expressions and `one of` lists: values forgotten, repeated or never reached.
fn matches(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::NonExhaustiveMatch { missing } => Worded::new(
            fill(
                lang,
                Msg::CheckNonExhaustive,
                &[("missing", &join(lang, &quoted(missing), Msg::And))],
            ),
            Some(t(Msg::HelpNonExhaustive)),
        ),
        K::UselessElse => Worded::new(t(Msg::CheckUselessElse), None),
        K::RepeatedValue { value, first } => Worded::new(
            fill(lang, Msg::CheckRepeatedValue, &[("value", value)]),
            None,
        )
        .labelled(here_and_first(e, lang, *first, t(Msg::LabelFirstListed))),
        K::UnreachableArm { value, first } => Worded::new(
            fill(lang, Msg::CheckUnreachableArm, &[("value", value)]),
            None,
        )
        .labelled(here_and_first(e, lang, *first, t(Msg::LabelFirstMatched))),
        _ => return None,
    };
    Some(worded)
}

/// Caps that credit nothing or never apply, and spreads that lose hours or split nothing.
fn caps_and_spreads(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let worded = match &e.kind {
        K::ContradictoryCap { cap } => Worded::new(
            fill(lang, Msg::CheckContradictoryCap, &[("cap", cap)]),
            None,
        ),
        K::UnreachableCap {
            cap,
            bound,
            bound_span,
        } => Worded::new(fill(lang, Msg::CheckUnreachableCap, &[("cap", cap)]), None).labelled(
            here_and_first(
                e,
                lang,
                *bound_span,
                fill(lang, Msg::LabelBoundFirst, &[("bound", bound)]),
            ),
        ),
        K::SpreadLosesHours {
            years,
            per_year,
            placed,
            cap,
        } => {
            let message = match cap {
                Some(cap) => fill(
                    lang,
                    Msg::CheckSpreadLoses,
                    &[
                        ("years", years),
                        ("per_year", per_year),
                        ("placed", placed),
                        ("cap", cap),
                    ],
                ),
                None => fill(
                    lang,
                    Msg::CheckSpreadLosesNoCap,
                    &[("years", years), ("per_year", per_year), ("placed", placed)],
                ),
            };
            Worded::new(
                message,
                Some(fill(lang, Msg::HelpSpreadLoses, &[("placed", placed)])),
            )
        }
        K::SpreadNeverSplits { per_year, cap } => Worded::new(
            fill(
                lang,
                Msg::CheckSpreadNeverSplits,
                &[("per_year", per_year), ("cap", cap)],
            ),
            None,
        ),
        _ => return None,
    };
    Some(worded)
}

/// Constants that are not constant, cannot be computed, or are defined by each other.
fn constants(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::NotConstant => Worded::new(t(Msg::CheckNotConstant), None),
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
            Worded::new(
                fill(lang, Msg::CheckConstantFails, &[("reason", &reason)]),
                None,
            )
        }
        K::ConstantCycle { name } => {
            Worded::new(fill(lang, Msg::CheckConstantCycle, &[("name", name)]), None)
        }
        _ => return None,
    };
    Some(worded)
}

/// Purposes whose statuses are out of order, or that ask about years they do not test.
fn purposes(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::StatusOrder { problem, purpose } => match problem {
            StatusProblem::None => Worded::new(
                fill(lang, Msg::CheckStatusNone, &[("purpose", purpose)]),
                Some(t(Msg::HelpStatusOtherwise)),
            ),
            StatusProblem::NoOtherwise => Worded::new(
                fill(lang, Msg::CheckStatusNoOtherwise, &[("purpose", purpose)]),
                Some(t(Msg::HelpStatusOtherwise)),
            ),
            StatusProblem::AfterOtherwise => Worded::new(t(Msg::CheckStatusAfterOtherwise), None),
        },
        K::QuantifierWithoutTest => Worded::new(
            t(Msg::CheckQuantifierWithoutTest),
            Some(t(Msg::HelpQuantifierWithoutTest)),
        ),
        _ => return None,
    };
    Some(worded)
}

/// The policy header's entries, and the items a policy must have.
fn header_and_items(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::Header { problem } => match problem {
            HeaderProblem::Missing => {
                Worded::new(t(Msg::CheckHeaderMissing), Some(t(Msg::HelpHeaderMissing)))
            }
            HeaderProblem::MissingEntry(key) => Worded::new(
                fill(lang, Msg::CheckHeaderMissingEntry, &[("key", key)]),
                None,
            ),
            HeaderProblem::UnknownEntry { key, suggestion } => Worded::new(
                fill(lang, Msg::CheckHeaderUnknownEntry, &[("key", key)]),
                did_you_mean(lang, suggestion).or_else(|| Some(t(Msg::HelpHeaderEntries))),
            ),
            HeaderProblem::WrongValue { key, expected } => Worded::new(
                fill(
                    lang,
                    Msg::CheckHeaderWrongValue,
                    &[("key", key), ("expected", &type_name(expected, lang))],
                ),
                None,
            ),
        },
        K::MissingItem { item } => Worded::new(
            fill(lang, Msg::CheckMissingItem, &[("item", item)]),
            Some(t(if *item == "year" {
                Msg::HelpMissingYear
            } else {
                Msg::HelpMissingPurpose
            })),
        ),
        _ => return None,
    };
    Some(worded)
}

/// The name of a type, for a message.
pub(crate) fn type_name(t: &TypeName, lang: Lang) -> String {
    match t {
        TypeName::Number(unit) if unit.is_empty() => text(lang, Msg::TypeNumber).to_string(),
        TypeName::AnyNumber => text(lang, Msg::TypeAnyNumber).to_string(),
        TypeName::AnyList => text(lang, Msg::TypeAnyList).to_string(),
        TypeName::Number(unit) => fill(lang, Msg::TypeNumberIn, &[("unit", unit)]),
        TypeName::Bool => text(lang, Msg::TypeBool).to_string(),
        TypeName::Date => text(lang, Msg::TypeDate).to_string(),
        TypeName::Year => text(lang, Msg::TypeYear).to_string(),
        TypeName::Text => text(lang, Msg::TypeText).to_string(),
        TypeName::OneOf(values) if values.is_empty() => text(lang, Msg::TypeAnyOneOf).to_string(),
        TypeName::OneOf(values) => {
            let values = quoted(values);
            fill(
                lang,
                Msg::TypeOneOf,
                &[("values", &join(lang, &values, Msg::Or))],
            )
        }
        TypeName::List(item) => fill(lang, Msg::TypeList, &[("item", &type_name(item, lang))]),
        TypeName::Maybe(item) => fill(lang, Msg::TypeMaybe, &[("item", &type_name(item, lang))]),
        TypeName::Category => text(lang, Msg::TypeCategory).to_string(),
    }
}

fn quoted(values: &[String]) -> Vec<String> {
    values.iter().map(|v| format!("`{v}`")).collect()
}

fn did_you_mean(lang: Lang, suggestion: &Option<String>) -> Option<String> {
    suggestion
        .as_ref()
        .map(|s| fill(lang, Msg::HelpDidYouMean, &[("suggestion", s)]))
}
