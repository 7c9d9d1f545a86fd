//! Whether a purpose can be ruled for a judged year at all: a window whose bounds read only
//! `Y` (such as `years Y - 2 to Y - 1`) falls, for some `--year`, outside the years xueshi
//! rules (1 to 9999) or spans more than [`MAX_WINDOW`] years, and then every record would
//! fail. That is the argument's fault, found before any record is read.

use super::interp::Env;
use super::purpose::MAX_WINDOW;
use crate::messages::{Lang, Msg, fill};
use crate::policy::expr::{CExpr, Op, YEAR_RANGE};
use crate::policy::{Policy, PurposeId, Window};
use std::fmt;

/// A judged year for which a purpose's window cannot be ruled, whatever the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearOutOfReach {
    /// The purpose.
    pub purpose: String,
    /// Its window as the policy writes it (`Y - 2 to Y - 1`).
    pub window: String,
    /// The judged year asked for.
    pub year: i32,
    /// Whether the window's years are there but too many (more than [`MAX_WINDOW`]), rather
    /// than outside the years xueshi rules.
    pub too_wide: bool,
    /// The judged years the window can be ruled for, when there are any.
    pub allowed: Option<(i32, i32)>,
}

impl YearOutOfReach {
    /// The error in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let msg = if self.too_wide {
            Msg::ErrorYearWindowTooWide
        } else {
            Msg::ErrorYearOutOfReach
        };
        let mut s = fill(
            lang,
            msg,
            &[
                ("year", &self.year),
                ("purpose", &self.purpose),
                ("window", &self.window),
                ("min", YEAR_RANGE.start()),
                ("max", YEAR_RANGE.end()),
                ("span", &MAX_WINDOW),
            ],
        );
        match self.allowed {
            Some((from, to)) => s.push_str(&fill(
                lang,
                Msg::ErrorYearAllowed,
                &[("from", &from), ("to", &to)],
            )),
            None => s.push_str(&fill(lang, Msg::ErrorYearNoneAllowed, &[])),
        }
        s
    }
}

/// The English message.
impl fmt::Display for YearOutOfReach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for YearOutOfReach {}

/// Checks that `purpose` can be ruled for `year`: the bounds of its window that read only
/// `Y` and constants must be years xueshi rules, and the window no wider than
/// [`MAX_WINDOW`] when both do. Bounds that read a person's fields are left to each record.
pub fn check_judged_year(
    policy: &Policy,
    purpose: PurposeId,
    year: i32,
) -> Result<(), YearOutOfReach> {
    let rules = policy.purpose_rules(purpose);
    let (from, to, span) = match &rules.window {
        Window::Single(rule) => (&rule.expr, &rule.expr, rule.expr.span),
        Window::Range { from, to, .. } => (from, to, from.span.join(to.span)),
    };
    let too_wide = match reach(from, to, year) {
        Reach::Yes => return Ok(()),
        Reach::OutOfRange => false,
        Reach::TooWide => true,
    };
    let mut allowed: Option<(i32, i32)> = None;
    for y in YEAR_RANGE {
        if reach(from, to, y) == Reach::Yes {
            allowed = Some(allowed.map_or((y, y), |(a, _)| (a, y)));
        }
    }
    Err(YearOutOfReach {
        purpose: rules.name.clone(),
        window: policy.source.slice(span).to_string(),
        year,
        too_wide,
        allowed,
    })
}

/// Whether a window can be ruled for a judged year, as far as its bounds read only `Y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// It can (or depends on the record).
    Yes,
    /// A bound falls outside the years xueshi rules.
    OutOfRange,
    /// Both bounds are years, but too far apart.
    TooWide,
}

/// Whether the window `from`…`to` can be ruled for `year`.
fn reach(from: &CExpr, to: &CExpr, year: i32) -> Reach {
    let bound = |e: &CExpr| -> Option<Option<i32>> {
        if !reads_only_judged_year(e) {
            return Some(None);
        }
        let y = e.eval_year(&Env::of_person(&[], year)).ok()?;
        YEAR_RANGE.contains(&y).then_some(Some(y))
    };
    match (bound(from), bound(to)) {
        (Some(Some(a)), Some(Some(b))) if i64::from(b) - i64::from(a) >= MAX_WINDOW => {
            Reach::TooWide
        }
        (Some(_), Some(_)) => Reach::Yes,
        _ => Reach::OutOfRange,
    }
}

/// Whether `e` reads nothing but `Y`, literals and constants.
fn reads_only_judged_year(e: &CExpr) -> bool {
    let all = |es: &[CExpr]| es.iter().all(reads_only_judged_year);
    match &e.op {
        Op::Value(_) | Op::Constant { .. } | Op::JudgedYear => true,
        Op::Field { .. }
        | Op::Local(_)
        | Op::Figure(_)
        | Op::Sum(_)
        | Op::Exempt
        | Op::Compliant
        | Op::Shortfall
        | Op::Quantifier(_)
        | Op::Window { .. }
        | Op::YearAt { .. }
        | Op::Previous(_) => false,
        Op::Not(a) | Op::Neg(a) | Op::Given { operand: a, .. } => reads_only_judged_year(a),
        Op::And(a, b)
        | Op::Or(a, b)
        | Op::Compare(_, a, b)
        | Op::Otherwise(a, b)
        | Op::Arith(_, a, b)
        | Op::In {
            needle: a,
            haystack: b,
            ..
        } => reads_only_judged_year(a) && reads_only_judged_year(b),
        Op::If(c, a, b) => {
            reads_only_judged_year(c) && reads_only_judged_year(a) && reads_only_judged_year(b)
        }
        Op::Match {
            scrutinee, arms, ..
        } => {
            reads_only_judged_year(scrutinee)
                && arms.iter().all(|a| reads_only_judged_year(&a.value))
        }
        Op::Call(_, args) | Op::List(args) => all(args),
    }
}
