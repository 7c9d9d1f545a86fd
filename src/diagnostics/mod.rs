//! Rendering findings about a policy as diagnostics: the message in the chosen language, a
//! stable code, labelled spans and a help line, drawn by miette with a snippet of the file.
//! Detection happens elsewhere (`syntax`, `check`); this module only words and draws.

use crate::check::error::*;
use crate::messages::{Lang, Msg, fill, join, text};
use crate::source::{SourceFile, Span};
use crate::syntax::{ParseError, ParseErrorKind};
use miette::{LabeledSpan, MietteDiagnostic};
use std::sync::Arc;

/// Everything found about one policy file: parse errors, then the checker's findings.
#[derive(Debug)]
pub struct PolicyReport {
    /// The file.
    pub source: Arc<SourceFile>,
    /// Syntax errors (when there are any, the file was not checked).
    pub parse: Vec<ParseError>,
    /// Errors and warnings of the checker.
    pub check: Vec<CheckError>,
}

impl PolicyReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.parse.len()
            + self
                .check
                .iter()
                .filter(|c| c.kind.severity() == Severity::Error)
                .count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.check
            .iter()
            .filter(|c| c.kind.severity() == Severity::Warning)
            .count()
    }

    /// Every finding as a diagnostic, in source order.
    pub fn diagnostics(&self, lang: Lang) -> Vec<MietteDiagnostic> {
        let mut spans: Vec<(Span, MietteDiagnostic)> = self
            .parse
            .iter()
            .map(|p| (p.span, parse_diagnostic(p, lang)))
            .chain(
                self.check
                    .iter()
                    .map(|c| (c.span, check_diagnostic(c, lang))),
            )
            .collect();
        spans.sort_by_key(|(s, _)| (s.start, s.end));
        spans.into_iter().map(|(_, d)| d).collect()
    }

    /// The closing line: `file has 2 errors and 1 warning`, or that it is valid.
    pub fn summary(&self, lang: Lang) -> String {
        let file = self.source.name();
        let (errors, warnings) = (self.errors(), self.warnings());
        let errors_text = count(lang, errors, Msg::CountErrorOne, Msg::CountErrorMany);
        let warnings_text = count(lang, warnings, Msg::CountWarningOne, Msg::CountWarningMany);
        if errors > 0 && warnings == 0 {
            fill(
                lang,
                Msg::SummaryCheckErrors,
                &[("file", &file), ("errors", &errors_text)],
            )
        } else if errors > 0 {
            fill(
                lang,
                Msg::SummaryCheckFailed,
                &[
                    ("file", &file),
                    ("errors", &errors_text),
                    ("warnings", &warnings_text),
                ],
            )
        } else if warnings > 0 {
            fill(
                lang,
                Msg::SummaryCheckWarnings,
                &[("file", &file), ("warnings", &warnings_text)],
            )
        } else {
            fill(lang, Msg::SummaryCheckClean, &[("file", &file)])
        }
    }
}

/// `1 error`, `3 warnings`.
pub fn count(lang: Lang, n: usize, one: Msg, many: Msg) -> String {
    fill(lang, if n == 1 { one } else { many }, &[("n", &n)])
}

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Colours (only on a terminal).
    pub color: bool,
    /// Unicode box drawing (else ASCII).
    pub unicode: bool,
    /// Width to wrap at.
    pub width: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            unicode: true,
            width: 100,
        }
    }
}

/// The most diagnostics of one file drawn in full; the rest are counted. (Drawing one costs
/// time in proportion to the file, so ten thousand of them would take minutes.)
pub const MAX_DRAWN: usize = 200;

/// Draws the diagnostics of a report on `source`: the first [`MAX_DRAWN`], then a line
/// counting those left out.
pub fn render_report(
    report: &PolicyReport,
    source: &SourceFile,
    style: Style,
    lang: Lang,
) -> String {
    let diagnostics = report.diagnostics(lang);
    let total = diagnostics.len();
    let mut out = String::new();
    for diagnostic in diagnostics.into_iter().take(MAX_DRAWN) {
        out.push_str(&render(diagnostic, source, style));
    }
    if total > MAX_DRAWN {
        out.push_str(&fill(
            lang,
            Msg::DiagnosticsNotDrawn,
            &[("n", &(total - MAX_DRAWN))],
        ));
        out.push('\n');
    }
    out
}

/// Draws a diagnostic with a snippet of `source`.
pub fn render(diagnostic: MietteDiagnostic, source: &SourceFile, style: Style) -> String {
    let theme = match (style.unicode, style.color) {
        (true, true) => miette::GraphicalTheme::unicode(),
        (true, false) => miette::GraphicalTheme::unicode_nocolor(),
        (false, _) => miette::GraphicalTheme::none(),
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let report = miette::Report::new(diagnostic).with_source_code(source.named_source());
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{report:?}");
    }
    out
}

fn label(span: Span, text: Option<String>) -> LabeledSpan {
    LabeledSpan::new(text, span.start, span.len())
}

fn primary(span: Span, text: Option<String>) -> LabeledSpan {
    LabeledSpan::new_primary_with_span(text, miette::SourceSpan::from(span))
}

fn diag(
    code: &str,
    severity: Severity,
    message: String,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
) -> MietteDiagnostic {
    let mut d = MietteDiagnostic::new(message)
        .with_code(code)
        .with_severity(match severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_labels(labels);
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d
}

/// A syntax error as a diagnostic.
pub fn parse_diagnostic(e: &ParseError, lang: Lang) -> MietteDiagnostic {
    let (code, message, help) = match &e.kind {
        ParseErrorKind::Syntax { expected, found } => {
            let expected = join(lang, expected, Msg::Or);
            let message = match found {
                Some(f) if expected.is_empty() => fill(lang, Msg::ParseUnexpected, &[("found", f)]),
                Some(f) => fill(
                    lang,
                    Msg::ParseExpected,
                    &[("expected", &expected), ("found", f)],
                ),
                None => fill(lang, Msg::ParseExpectedAtEnd, &[("expected", &expected)]),
            };
            ("parse::syntax", message, None)
        }
        ParseErrorKind::InvalidDate(d) => (
            "parse::invalid-date",
            fill(lang, Msg::ParseInvalidDate, &[("date", d)]),
            Some(text(lang, Msg::ParseInvalidDateHelp).to_string()),
        ),
        ParseErrorKind::NumberTooLarge(n) => (
            "parse::number-too-large",
            fill(lang, Msg::ParseNumberTooLarge, &[("number", n)]),
            Some(text(lang, Msg::ParseNumberTooLargeHelp).to_string()),
        ),
        ParseErrorKind::InvalidEscape(x) => (
            "parse::invalid-escape",
            fill(lang, Msg::ParseInvalidEscape, &[("escape", x)]),
            None,
        ),
        ParseErrorKind::TooDeep => (
            "parse::too-deep",
            fill(
                lang,
                Msg::ParseTooDeep,
                &[("max", &crate::syntax::parse::MAX_NESTING)],
            ),
            None,
        ),
        ParseErrorKind::TooManyOperators => (
            "parse::too-many-operators",
            fill(
                lang,
                Msg::ParseTooManyOperators,
                &[("max", &crate::syntax::parse::MAX_OPERATORS)],
            ),
            Some(t_help(lang)),
        ),
        ParseErrorKind::TooLarge => (
            "parse::too-large",
            fill(
                lang,
                Msg::ParseTooLarge,
                &[("max", &crate::syntax::parse::MAX_POLICY_BYTES)],
            ),
            None,
        ),
    };
    let span = if e.span.is_empty() {
        Span::new(e.span.start, e.span.start)
    } else {
        e.span
    };
    diag(
        code,
        Severity::Error,
        message,
        vec![primary(span, Some(text(lang, Msg::Here).to_string()))],
        help,
    )
}

fn t_help(lang: Lang) -> String {
    text(lang, Msg::HelpTooManyOperators).to_string()
}

/// The name of a type, for a message.
pub fn type_name(t: &TypeName, lang: Lang) -> String {
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

fn name_kind(what: NameKind, lang: Lang) -> &'static str {
    text(
        lang,
        match what {
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

fn did_you_mean(lang: Lang, suggestion: &Option<String>) -> Option<String> {
    suggestion
        .as_ref()
        .map(|s| fill(lang, Msg::HelpDidYouMean, &[("suggestion", s)]))
}

/// A finding of the checker as a diagnostic.
pub fn check_diagnostic(e: &CheckError, lang: Lang) -> MietteDiagnostic {
    use CheckErrorKind as K;
    let here = Some(text(lang, Msg::Here).to_string());
    let t = |m: Msg| text(lang, m).to_string();
    let mut labels = vec![primary(e.span, None)];
    let (message, help) = match &e.kind {
        K::UnknownName {
            name,
            what,
            suggestion,
        } => (
            fill(
                lang,
                Msg::CheckUnknownName,
                &[("what", &name_kind(*what, lang)), ("name", name)],
            ),
            did_you_mean(lang, suggestion),
        ),
        K::NotInScope { name, reason } => (
            fill(lang, Msg::CheckNotInScope, &[("name", name)]),
            Some(t(match reason {
                ScopeReason::YearFigureInRange => Msg::ScopeYearFigureInRange,
                ScopeReason::YearFigureOutsideYear => Msg::ScopeYearFigureOutsideYear,
                ScopeReason::CompliantInYearBlock => Msg::ScopeCompliantInYearBlock,
                ScopeReason::JudgedYearOutsidePurpose => Msg::ScopeJudgedYear,
                ScopeReason::FieldInConstant => Msg::ScopeFieldInConstant,
                ScopeReason::SumOutsideYear => Msg::ScopeSumOutsideYear,
                ScopeReason::QuantifierOutsideStatus => Msg::ScopeQuantifier,
                ScopeReason::FigureBeforeDefinition => Msg::ScopeFigureBeforeDefinition,
                ScopeReason::LocalInConstraint => Msg::ScopeLocalInConstraint,
            })),
        ),
        K::DuplicateName { name, what, first } => {
            labels = vec![
                primary(e.span, Some(t(Msg::LabelDeclaredAgain))),
                label(*first, Some(t(Msg::LabelFirstDeclared))),
            ];
            (
                fill(
                    lang,
                    Msg::CheckDuplicateName,
                    &[("what", &name_kind(*what, lang)), ("name", name)],
                ),
                None,
            )
        }
        K::UnknownType { name, suggestion } => (
            fill(lang, Msg::CheckUnknownType, &[("name", name)]),
            did_you_mean(lang, suggestion).or_else(|| Some(t(Msg::HelpTypes))),
        ),
        K::UnknownEvidence { name, suggestion } => (
            fill(lang, Msg::CheckUnknownEvidence, &[("name", name)]),
            did_you_mean(lang, suggestion)
                .or_else(|| Some(fill(lang, Msg::HelpDeclareEvidence, &[("name", name)]))),
        ),
        K::UnknownEnumValue {
            value,
            allowed,
            suggestion,
        } => (
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
        K::UnitMismatch {
            op,
            left,
            right,
            left_span,
            right_span,
        } => {
            if left_span != right_span {
                labels = vec![
                    label(*left_span, Some(left.clone())),
                    label(*right_span, Some(right.clone())),
                ];
            }
            (
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
            )
        }
        K::TypeMismatch { expected, found } => (
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
        K::OptionalValue { name } => (
            fill(lang, Msg::CheckOptionalValue, &[("name", name)]),
            Some(fill(lang, Msg::HelpOptionalValue, &[("name", name)])),
        ),
        K::NeedlessOtherwise { name } => (
            fill(lang, Msg::CheckNeedlessOtherwise, &[("name", name)]),
            None,
        ),
        K::MissingRule { rule, block } => (
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
        K::DuplicateRule { rule, first } => {
            labels = vec![
                primary(e.span, here.clone()),
                label(*first, Some(t(Msg::LabelFirstGiven))),
            ];
            (
                fill(lang, Msg::CheckDuplicateRule, &[("rule", &rule.keyword())]),
                None,
            )
        }
        K::NonExhaustiveMatch { missing } => (
            fill(
                lang,
                Msg::CheckNonExhaustive,
                &[("missing", &join(lang, &quoted(missing), Msg::And))],
            ),
            Some(t(Msg::HelpNonExhaustive)),
        ),
        K::UselessElse => (t(Msg::CheckUselessElse), None),
        K::RepeatedValue { value, first } => {
            labels = vec![
                primary(e.span, here.clone()),
                label(*first, Some(t(Msg::LabelFirstListed))),
            ];
            (
                fill(lang, Msg::CheckRepeatedValue, &[("value", value)]),
                None,
            )
        }
        K::UnreachableArm { value, first } => {
            labels = vec![
                primary(e.span, here.clone()),
                label(*first, Some(t(Msg::LabelFirstMatched))),
            ];
            (
                fill(lang, Msg::CheckUnreachableArm, &[("value", value)]),
                None,
            )
        }
        K::ContradictoryCap { cap } => (
            fill(lang, Msg::CheckContradictoryCap, &[("cap", cap)]),
            None,
        ),
        K::UnreachableCap {
            cap,
            bound,
            bound_span,
        } => {
            labels = vec![
                primary(e.span, here.clone()),
                label(
                    *bound_span,
                    Some(fill(lang, Msg::LabelBoundFirst, &[("bound", bound)])),
                ),
            ];
            (fill(lang, Msg::CheckUnreachableCap, &[("cap", cap)]), None)
        }
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
            (
                message,
                Some(fill(lang, Msg::HelpSpreadLoses, &[("placed", placed)])),
            )
        }
        K::SpreadNeverSplits { per_year, cap } => (
            fill(
                lang,
                Msg::CheckSpreadNeverSplits,
                &[("per_year", per_year), ("cap", cap)],
            ),
            None,
        ),
        K::NotConstant => (t(Msg::CheckNotConstant), None),
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
            (
                fill(lang, Msg::CheckConstantFails, &[("reason", &reason)]),
                None,
            )
        }
        K::ConstantCycle { name } => (fill(lang, Msg::CheckConstantCycle, &[("name", name)]), None),
        K::RequirementNotComparison => (
            t(Msg::CheckRequirementNotComparison),
            Some(t(Msg::HelpRequirement)),
        ),
        K::StatusOrder { problem, purpose } => match problem {
            StatusProblem::None => (
                fill(lang, Msg::CheckStatusNone, &[("purpose", purpose)]),
                Some(t(Msg::HelpStatusOtherwise)),
            ),
            StatusProblem::NoOtherwise => (
                fill(lang, Msg::CheckStatusNoOtherwise, &[("purpose", purpose)]),
                Some(t(Msg::HelpStatusOtherwise)),
            ),
            StatusProblem::AfterOtherwise => (t(Msg::CheckStatusAfterOtherwise), None),
        },
        K::QuantifierWithoutTest => (
            t(Msg::CheckQuantifierWithoutTest),
            Some(t(Msg::HelpQuantifierWithoutTest)),
        ),
        K::FieldAttribute { attribute, ty } => (
            fill(
                lang,
                Msg::CheckFieldAttribute,
                &[("attribute", attribute), ("ty", &type_name(ty, lang))],
            ),
            None,
        ),
        K::ContradictoryBounds { least, most } => (
            fill(
                lang,
                Msg::CheckContradictoryBounds,
                &[("least", least), ("most", most)],
            ),
            None,
        ),
        K::NotACategory { field, values } => (
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
        K::CreditUnitMismatch {
            found,
            expected,
            first,
        } => {
            labels = vec![
                primary(e.span, here.clone()),
                label(
                    *first,
                    Some(fill(lang, Msg::LabelCreditUnit, &[("expected", expected)])),
                ),
            ];
            (
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
        }
        K::ReservedName { name } => (
            fill(lang, Msg::CheckReservedName, &[("name", name)]),
            Some(t(Msg::HelpReservedName)),
        ),
        K::Header { problem } => match problem {
            HeaderProblem::Missing => (t(Msg::CheckHeaderMissing), Some(t(Msg::HelpHeaderMissing))),
            HeaderProblem::MissingEntry(key) => (
                fill(lang, Msg::CheckHeaderMissingEntry, &[("key", key)]),
                None,
            ),
            HeaderProblem::UnknownEntry { key, suggestion } => (
                fill(lang, Msg::CheckHeaderUnknownEntry, &[("key", key)]),
                did_you_mean(lang, suggestion).or_else(|| Some(t(Msg::HelpHeaderEntries))),
            ),
            HeaderProblem::WrongValue { key, expected } => (
                fill(
                    lang,
                    Msg::CheckHeaderWrongValue,
                    &[("key", key), ("expected", &type_name(expected, lang))],
                ),
                None,
            ),
        },
        K::MissingItem { item } => (
            fill(lang, Msg::CheckMissingItem, &[("item", item)]),
            Some(t(if *item == "year" {
                Msg::HelpMissingYear
            } else {
                Msg::HelpMissingPurpose
            })),
        ),
        K::Arity {
            function,
            expected,
            found,
        } => (
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
        K::Misplaced => (t(Msg::CheckMisplaced), None),
        K::MissingCitation { what } => (
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
        K::Unused { name, what } => (
            fill(
                lang,
                Msg::CheckUnused,
                &[("what", &name_kind(*what, lang)), ("name", name)],
            ),
            None,
        ),
    };
    diag(e.kind.code(), e.kind.severity(), message, labels, help)
}
