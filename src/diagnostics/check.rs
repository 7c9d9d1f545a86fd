//! The checker's findings as diagnostics. The headline is the finding's own wording,
//! `CheckErrorKind::message` (one copy of each sentence, shared with `Display`); one function
//! per group of finding kinds (names, types and units, rules and citations, matches, caps and
//! spreads, constants, text and units, purposes, the header and items) adds the help line and
//! the labels.

use super::{diag, label, primary};
use crate::check::error::*;
use crate::messages::{Lang, Msg, fill, text};
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
        | K::StrictMakeUp { .. }
        | K::MakeUpUnreachable { .. }
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
        K::NotConstant
        | K::ConstantFails { .. }
        | K::ConstantCycle { .. }
        | K::DivisionByZero { .. } => constants(e, lang),
        K::NotAUnit { .. } | K::BidiControl { .. } => text_and_units(e, lang),
        K::StatusOrder { .. }
        | K::QuantifierWithoutTest
        | K::Periods { .. }
        | K::NothingCarried { .. } => purposes(e, lang),
        K::Header { .. } | K::MissingItem { .. } => header_and_items(e, lang),
    };
    // Every kind is routed above to the group that adds its help and labels; a kind routed
    // to the wrong group would keep its headline and lose only those.
    let Worded { help, labels } = worded.unwrap_or_else(|| Worded::new(None));
    let labels = labels.unwrap_or_else(|| vec![primary(e.span, None)]);
    diag(
        e.kind.code(),
        e.kind.severity(),
        e.kind.message(lang),
        labels,
        help,
    )
}

/// What a finding's diagnostic adds to its headline (which is `CheckErrorKind::message`,
/// the one wording of each finding): its help line, and its labels when they are not the
/// default (the finding's span, unlabelled).
struct Worded {
    help: Option<String>,
    labels: Option<Vec<LabeledSpan>>,
}

impl Worded {
    fn new(help: Option<String>) -> Self {
        Worded { help, labels: None }
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
        K::UnknownName { suggestion, .. } => Worded::new(did_you_mean(lang, suggestion)),
        K::NotInScope { reason, .. } => Worded::new(Some(t(match reason {
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
            ScopeReason::PreviousOutsideYear => Msg::ScopePreviousOutsideYear,
            ScopeReason::PreviousAlone => Msg::ScopePreviousAlone,
        }))),
        K::DuplicateName { first, .. } => Worded::new(None).labelled(vec![
            primary(e.span, Some(t(Msg::LabelDeclaredAgain))),
            label(*first, Some(t(Msg::LabelFirstDeclared))),
        ]),
        K::UnknownType { suggestion, .. } => {
            Worded::new(did_you_mean(lang, suggestion).or_else(|| Some(t(Msg::HelpTypes))))
        }
        K::UnknownEvidence { name, suggestion } => Worded::new(
            did_you_mean(lang, suggestion)
                .or_else(|| Some(fill(lang, Msg::HelpDeclareEvidence, &[("name", name)]))),
        ),
        K::UnknownEnumValue { suggestion, .. } => Worded::new(did_you_mean(lang, suggestion)),
        K::ReservedName { .. } => Worded::new(Some(t(Msg::HelpReservedName))),
        K::Unused { .. } => Worded::new(None),
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
            left,
            right,
            left_span,
            right_span,
            ..
        } => {
            let worded = Worded::new(Some(t(Msg::HelpUnitMismatch)));
            if left_span != right_span {
                worded.labelled(vec![
                    label(*left_span, Some(left.clone())),
                    label(*right_span, Some(right.clone())),
                ])
            } else {
                worded
            }
        }
        K::TypeMismatch { .. } => Worded::new(None),
        K::OptionalValue { name, .. } => {
            Worded::new(Some(fill(lang, Msg::HelpOptionalValue, &[("name", name)])))
        }
        K::NeedlessOtherwise { .. } => Worded::new(None),
        K::AlwaysGiven { .. } => Worded::new(Some(text(lang, Msg::HelpAlwaysGiven).to_string())),
        K::CreditUnitMismatch {
            expected, first, ..
        } => Worded::new(None).labelled(here_and_first(
            e,
            lang,
            *first,
            fill(lang, Msg::LabelCreditUnit, &[("expected", expected)]),
        )),
        K::FieldAttribute { .. } => Worded::new(None),
        K::ContradictoryBounds { .. } => Worded::new(None),
        K::NotACategory { .. } => Worded::new(None),
        K::Arity { .. } => Worded::new(None),
        _ => return None,
    };
    Some(worded)
}

/// Rules missing, given twice, misplaced or without a citation.
fn rules_and_citations(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::MissingRule { rule, .. } => Worded::new(match rule {
            RuleKind::Credit => Some(t(Msg::HelpMissingCredit)),
            RuleKind::CountsIn => Some(t(Msg::HelpMissingCountsIn)),
            RuleKind::CountsAs => Some(t(Msg::HelpMissingCountsAs)),
            RuleKind::Window => Some(t(Msg::HelpMissingWindow)),
            RuleKind::Covers => Some(t(Msg::HelpMissingCovers)),
            _ => None,
        }),
        K::DuplicateRule { first, .. } => {
            Worded::new(None).labelled(here_and_first(e, lang, *first, t(Msg::LabelFirstGiven)))
        }
        K::RequirementNotComparison => Worded::new(Some(t(Msg::HelpRequirement))),
        K::StrictMakeUp { make_up } => Worded::new(Some(t(Msg::HelpStrictMakeUp))).labelled(vec![
            primary(e.span, Some(t(Msg::Here))),
            label(*make_up, Some(t(Msg::LabelMakeUpRule))),
        ]),
        K::MakeUpUnreachable { category, make_up } => Worded::new(Some(fill(
            lang,
            Msg::HelpMakeUpUnreachable,
            &[("category", category)],
        )))
        .labelled(vec![
            primary(e.span, Some(t(Msg::Here))),
            label(*make_up, Some(t(Msg::LabelMakeUpRule))),
        ]),
        K::MissingCitation { .. } => Worded::new(Some(t(Msg::HelpMissingCitation))),
        K::Misplaced => Worded::new(None),
        _ => return None,
    };
    Some(worded)
}

/// `match` expressions and `one of` lists: values forgotten, repeated or never reached.
fn matches(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::NonExhaustiveMatch { .. } => Worded::new(Some(t(Msg::HelpNonExhaustive))),
        K::UselessElse => Worded::new(None),
        K::RepeatedValue { first, .. } => {
            Worded::new(None).labelled(here_and_first(e, lang, *first, t(Msg::LabelFirstListed)))
        }
        K::UnreachableArm { first, .. } => {
            Worded::new(None).labelled(here_and_first(e, lang, *first, t(Msg::LabelFirstMatched)))
        }
        _ => return None,
    };
    Some(worded)
}

/// Caps that credit nothing or never apply, and spreads that lose hours or split nothing.
fn caps_and_spreads(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let worded = match &e.kind {
        K::ContradictoryCap { .. } => Worded::new(None),
        K::UnreachableCap {
            bound, bound_span, ..
        } => Worded::new(None).labelled(here_and_first(
            e,
            lang,
            *bound_span,
            fill(lang, Msg::LabelBoundFirst, &[("bound", bound)]),
        )),
        K::SpreadLosesHours {
            years,
            per_year,
            placed,
            cap,
        } => {
            let _message = match cap {
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
            Worded::new(Some(fill(
                lang,
                Msg::HelpSpreadLoses,
                &[("placed", placed)],
            )))
        }
        K::SpreadNeverSplits { .. } => Worded::new(None),
        _ => return None,
    };
    Some(worded)
}

/// Constants that are not constant, cannot be computed, or are defined by each other.
fn constants(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::NotConstant => Worded::new(None),
        K::ConstantFails { .. } => Worded::new(None),
        K::ConstantCycle { .. } => Worded::new(None),
        K::DivisionByZero { divisor_span, .. } => Worded {
            labels: Some(vec![primary(*divisor_span, Some(t(Msg::LabelAlwaysZero)))]),
            ..Worded::new(Some(t(Msg::HelpDivisionByZero)))
        },
        _ => return None,
    };
    Some(worded)
}

/// A name read as a unit that names something else; a bidirectional control in the text.
fn text_and_units(e: &CheckError, lang: Lang) -> Option<Worded> {
    let worded = match &e.kind {
        CheckErrorKind::NotAUnit { name, .. } => {
            Worded::new(Some(fill(lang, Msg::HelpNotAUnit, &[("name", name)])))
        }
        CheckErrorKind::BidiControl { code_point, .. } => Worded::new(Some(fill(
            lang,
            Msg::HelpBidiControl,
            &[(
                "escape",
                &format!("\\u{{{}}}", code_point.trim_start_matches("U+")),
            )],
        ))),
        _ => return None,
    };
    Some(worded)
}

/// Purposes whose statuses are out of order, or that ask about years they do not test.
fn purposes(e: &CheckError, lang: Lang) -> Option<Worded> {
    use CheckErrorKind as K;
    let t = |m: Msg| text(lang, m).to_string();
    let worded = match &e.kind {
        K::StatusOrder { problem, .. } => match problem {
            StatusProblem::None | StatusProblem::NoOtherwise => {
                Worded::new(Some(t(Msg::HelpStatusOtherwise)))
            }
            StatusProblem::AfterOtherwise => Worded::new(None),
        },
        K::QuantifierWithoutTest => Worded::new(Some(t(Msg::HelpQuantifierWithoutTest))),
        K::Periods { problem, .. } => Worded::new(Some(t(match problem {
            PeriodProblem::OneYear { .. } => Msg::HelpPeriodsOneYear,
            PeriodProblem::Length => Msg::HelpPeriodsLength,
        }))),
        K::NothingCarried { .. } => Worded::new(Some(t(Msg::HelpNothingCarried))),
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
            HeaderProblem::Missing => Worded::new(Some(t(Msg::HelpHeaderMissing))),
            HeaderProblem::MissingEntry(_) => Worded::new(None),
            HeaderProblem::UnknownEntry { suggestion, .. } => Worded::new(
                did_you_mean(lang, suggestion).or_else(|| Some(t(Msg::HelpHeaderEntries))),
            ),
            HeaderProblem::WrongValue { .. } => Worded::new(None),
        },
        K::MissingItem { item } => Worded::new(Some(t(if *item == "year" {
            Msg::HelpMissingYear
        } else {
            Msg::HelpMissingPurpose
        }))),
        _ => return None,
    };
    Some(worded)
}

fn did_you_mean(lang: Lang, suggestion: &Option<String>) -> Option<String> {
    suggestion
        .as_ref()
        .map(|s| fill(lang, Msg::HelpDidYouMean, &[("suggestion", s)]))
}
