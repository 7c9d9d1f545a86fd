//! The expressions of the syntax tree: operators, their precedence, units written after
//! numbers, and `match` arms.

use super::{Expr, Ident, Spanned, Str};
use crate::number::Number;
use chrono::NaiveDate;

/// A unit as written after a number: `hours`, `hours/day`, `credit per 3 hours`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitExpr {
    /// The unit counted.
    pub numer: Ident,
    /// The units it is divided by (`/day`, `per month`).
    pub denoms: Vec<Ident>,
    /// The count written before the first denominator of a rate in words: the `3` of
    /// `1 credit per 3 hours`. The number's value is already divided by it.
    pub per_count: Option<Spanned<RateCount>>,
}

/// The count of a rate in words (`per 3 hours`): its value and its digits as written.
#[derive(Debug, Clone, PartialEq)]
pub struct RateCount {
    /// The exact value (never zero once parsed).
    pub value: Number,
    /// The digits as written.
    pub text: String,
}

/// Prefix operators, and the postfix presence tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `not`
    Not,
    /// `-`
    Neg,
    /// `x is given`: whether an optional value is present.
    IsGiven,
    /// `x is not given`: whether an optional value is absent.
    IsNotGiven,
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `otherwise`: the left side when present, else the right side.
    Otherwise,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl BinaryOp {
    /// The operator as the canonical format writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
            BinaryOp::Otherwise => "otherwise",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }

    /// Binding strength: higher binds tighter. Prefix `not` sits between `and` and the
    /// comparisons; prefix `-` above `*`.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::In
            | BinaryOp::NotIn => 4,
            BinaryOp::Otherwise => 5,
            BinaryOp::Add | BinaryOp::Sub => 6,
            BinaryOp::Mul | BinaryOp::Div => 7,
        }
    }
}

/// Binding strength of prefix `not` (see [`BinaryOp::precedence`]).
pub const NOT_PRECEDENCE: u8 = 3;
/// Binding strength of the postfix presence tests (`is given`): above the comparisons, below
/// `otherwise`, so that `a otherwise b is given` tests `a otherwise b`.
pub const GIVEN_PRECEDENCE: u8 = 4;
/// Binding strength of prefix `-`.
pub const NEG_PRECEDENCE: u8 = 8;

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number, with its unit if one is written: `8 hours/day`, `2`, `12.5`.
    Number {
        /// The exact value.
        value: Number,
        /// The digits as written.
        text: String,
        /// The unit.
        unit: Option<Spanned<UnitExpr>>,
    },
    /// A date: `2022-07-01`.
    Date(NaiveDate),
    /// A string: `"培训证"`.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
    /// `[a, b, c]`
    List(Vec<Expr>),
    /// A name: a field, a constant, a local, a figure of the year…
    Name(String),
    /// A call of a built-in function: `days(start, end)`.
    Call {
        /// The function.
        func: Ident,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `not x`, `-x`
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `a + b`, `a and b`…
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left side.
        lhs: Box<Expr>,
        /// Right side.
        rhs: Box<Expr>,
    },
    /// `if c then a else b`
    If {
        /// The condition.
        cond: Box<Expr>,
        /// Value when true.
        then: Box<Expr>,
        /// Value when false.
        otherwise: Box<Expr>,
    },
    /// `match level { "national" => 12 hours/day, … }`
    Match {
        /// The value matched.
        scrutinee: Box<Expr>,
        /// The arms, in order.
        arms: Vec<Spanned<MatchArm>>,
    },
    /// `sum of credits` or `sum of credits in specialty`
    SumCredits {
        /// The category summed; `None` for all.
        category: Option<Ident>,
    },
    /// A figure over a purpose's years: `sum of total over years`, `count of years where
    /// compliant`.
    Window {
        /// How the years' values are combined.
        agg: WindowAgg,
        /// What is taken of each year.
        of: Box<Expr>,
    },
    /// `every year passes` (`every` true) or `some year passes`.
    Quantifier {
        /// Whether every year must pass.
        every: bool,
    },
    /// `previous year` or `previous period`: the year (or period) judged just before the
    /// one being judged, read as `total in previous year`.
    Previous {
        /// Whether it is written `previous period`.
        period: bool,
    },
}

/// How a figure over a purpose's years combines the years' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowAgg {
    /// `sum of x over years`
    Sum,
    /// `min of x over years`
    Min,
    /// `max of x over years`
    Max,
    /// `count of years where c`
    Count,
}

impl WindowAgg {
    /// The word the language writes it with.
    pub fn word(self) -> &'static str {
        match self {
            WindowAgg::Sum => "sum",
            WindowAgg::Min => "min",
            WindowAgg::Max => "max",
            WindowAgg::Count => "count",
        }
    }
}

/// One arm of a `match`.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchArm {
    /// The values this arm takes (`"a" or "b"`); `None` for `else`.
    pub patterns: Option<Vec<Str>>,
    /// The arm's value.
    pub value: Expr,
}
