//! Compiled expressions: what the checker makes of every expression of a policy.
//!
//! Names are resolved to slots (a field of the person, of the activity, a local, a figure
//! of the year), enum values to indices, constants to their values, so that evaluation
//! (`crate::eval::interp`) does no look-up by name and no type check. The run-time values
//! ([`Value`]) and the ways an evaluation can fail ([`EvalErrorKind`]) belong to the
//! language, and are declared here beside the expressions.

use super::types::Ty;
use crate::number::Number;
use crate::source::Span;
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::sync::Arc;

/// A value at run time.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An optional field the record does not give.
    Absent,
    /// `true` or `false`.
    Bool(bool),
    /// An exact number (the unit is in the expression's type).
    Number(Number),
    /// A calendar date.
    Date(NaiveDate),
    /// A calendar year.
    Year(i32),
    /// Text.
    Text(Arc<str>),
    /// The index of a value of an enumeration.
    Enum(u16),
    /// A list.
    List(Arc<[Value]>),
}

impl Value {
    /// The number, if this is one.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The year, if this is one.
    pub fn as_year(&self) -> Option<i32> {
        match self {
            Value::Year(y) => Some(*y),
            _ => None,
        }
    }
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
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
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The operator as a mathematician writes it.
    pub fn math_symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "≠",
            CmpOp::Lt => "<",
            CmpOp::Le => "≤",
            CmpOp::Gt => ">",
            CmpOp::Ge => "≥",
        }
    }

    /// Whether two values so ordered stand in this relation.
    pub fn holds(self, ord: Ordering) -> bool {
        match self {
            CmpOp::Eq => ord == Ordering::Equal,
            CmpOp::Ne => ord != Ordering::Equal,
            CmpOp::Lt => ord == Ordering::Less,
            CmpOp::Le => ord != Ordering::Greater,
            CmpOp::Gt => ord == Ordering::Greater,
            CmpOp::Ge => ord != Ordering::Less,
        }
    }
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl ArithOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }

    /// The operator as a mathematician writes it.
    pub fn math_symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "−",
            ArithOp::Mul => "×",
            ArithOp::Div => "÷",
        }
    }
}

/// Built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// `days(start, end)`: calendar days from `start` to `end`, both included.
    Days,
    /// `year_of(date)`: the calendar year of a date.
    YearOf,
    /// `anniversary_year(date, start)`: the year counted from `start`'s anniversaries that
    /// `date` falls in, named by the calendar year it begins in (a licence year).
    AnniversaryYear,
    /// `min(a, b, …)`
    Min,
    /// `max(a, b, …)`
    Max,
    /// `count(list)`: the number of elements.
    Count,
}

impl Builtin {
    /// Every built-in function.
    pub const ALL: [Builtin; 6] = [
        Builtin::Days,
        Builtin::YearOf,
        Builtin::AnniversaryYear,
        Builtin::Min,
        Builtin::Max,
        Builtin::Count,
    ];

    /// The function's name.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Days => "days",
            Builtin::YearOf => "year_of",
            Builtin::AnniversaryYear => "anniversary_year",
            Builtin::Min => "min",
            Builtin::Max => "max",
            Builtin::Count => "count",
        }
    }
}

/// Which record a field slot belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldScope {
    /// A field of the person.
    Person,
    /// A field of the activity or exemption being evaluated.
    Item,
}

/// A compiled expression: an operation, the span it was written at, and its static type.
#[derive(Debug, Clone, PartialEq)]
pub struct CExpr {
    /// What it computes.
    pub op: Op,
    /// Where the policy writes it.
    pub span: Span,
    /// Its type (and unit).
    pub ty: Ty,
}

/// The operations of compiled expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A literal value.
    Value(Value),
    /// A named constant of the policy, with its value.
    Constant {
        /// The constant's index in [`crate::policy::Policy::constants`].
        id: u16,
        /// Its value.
        value: Value,
    },
    /// A field of the person or of the current item.
    Field {
        /// Person or item.
        scope: FieldScope,
        /// The slot.
        slot: u16,
    },
    /// A `let` of the current kind or exemption.
    Local(u16),
    /// A figure of the year being judged (`total`, `specialty`…).
    Figure(u16),
    /// `sum of credits [in category]` for the year being judged.
    Sum(Option<u16>),
    /// Whether an exemption covers the year being judged.
    Exempt,
    /// Whether the year being judged meets every requirement.
    Compliant,
    /// The hours the year being judged must make up.
    Shortfall,
    /// `Y`, the year the ruling is asked for.
    JudgedYear,
    /// `every year passes` (true) or `some year passes` (false).
    Quantifier(bool),
    /// `not x`
    Not(Box<CExpr>),
    /// `-x`
    Neg(Box<CExpr>),
    /// `a and b` (the right side is not evaluated when the left is false).
    And(Box<CExpr>, Box<CExpr>),
    /// `a or b` (the right side is not evaluated when the left is true).
    Or(Box<CExpr>, Box<CExpr>),
    /// A comparison.
    Compare(CmpOp, Box<CExpr>, Box<CExpr>),
    /// `a in list`, `a not in list`.
    In {
        /// The value looked for.
        needle: Box<CExpr>,
        /// The list.
        haystack: Box<CExpr>,
        /// `not in`.
        negate: bool,
    },
    /// `a otherwise b`
    Otherwise(Box<CExpr>, Box<CExpr>),
    /// A figure over a purpose's years: `body` read in each year of the window, combined.
    Window {
        /// How the years' values are combined.
        op: WindowOp,
        /// What is read of each year.
        body: Box<CExpr>,
    },
    /// `total in previous year`: `body` read in the year (or period) judged just before the
    /// one being judged; absent for the first of a window.
    Previous(Box<CExpr>),
    /// `total in Y - 1`: `body` read in one year of the window.
    YearAt {
        /// What is read of the year.
        body: Box<CExpr>,
        /// The year.
        year: Box<CExpr>,
    },
    /// `a is given` (`negate` false), `a is not given` (`negate` true).
    Given {
        /// The value tested, which may be absent.
        operand: Box<CExpr>,
        /// `is not given`.
        negate: bool,
    },
    /// Arithmetic on numbers, or a year plus or minus a whole number.
    Arith(ArithOp, Box<CExpr>, Box<CExpr>),
    /// `if c then a else b`
    If(Box<CExpr>, Box<CExpr>, Box<CExpr>),
    /// `match` on an enumeration: `table[value]` is the index of the arm taken.
    Match {
        /// The value matched.
        scrutinee: Box<CExpr>,
        /// For each value of the enumeration, the arm it takes.
        table: Vec<u16>,
        /// The arms, in the order written.
        arms: Vec<Arm>,
    },
    /// A built-in function.
    Call(Builtin, Vec<CExpr>),
    /// A list literal.
    List(Vec<CExpr>),
}

/// One arm of a compiled `match`: its value, and where its pattern is written (which
/// coverage names it by, and an evaluation that records the arms it takes records).
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    /// The arm's value.
    pub value: CExpr,
    /// Where the pattern is written: `"a" or "b"`, or the word `else`.
    pub pattern: Span,
}

/// How a figure over a purpose's years combines the years' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowOp {
    /// The sum (zero over no years).
    Sum,
    /// The least (zero over no years).
    Min,
    /// The greatest (zero over no years).
    Max,
    /// How many years the condition holds in.
    Count,
}

/// What went wrong in an evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalErrorKind {
    /// A result too large to hold exactly.
    Overflow,
    /// Division by zero.
    DivisionByZero,
    /// `days(start, end)` with `end` before `start`.
    EndBeforeStart {
        /// The first date.
        start: NaiveDate,
        /// The second date.
        end: NaiveDate,
    },
    /// A year outside 1–9999.
    BadYear,
    /// A year plus or minus a number that is not whole.
    YearFraction,
    /// A credit formula, cap or spread limit that comes out below zero.
    Negative,
    /// `total in Y - 1` for a year the purpose does not examine.
    YearOutsideWindow {
        /// The year asked for.
        year: i32,
    },
    /// A value the checker's types rule out (a defect of xueshi, reported, not a panic).
    Internal(&'static str),
    /// `shortfall = least credits in C that make the year compliant`, and a requirement (the
    /// error's place) that no hours added in `C` make hold.
    NoMakeUp {
        /// The category's name.
        category: String,
    },
    /// The least hours that make the year compliant were not found in `steps` evaluations
    /// (the place is the `shortfall` rule): a strict requirement met only above the amount,
    /// or requirements too far from linear in the hours added.
    MakeUpNotFound {
        /// The evaluations the search may take.
        steps: u32,
    },
}

impl CExpr {
    /// A literal.
    pub(crate) fn value(value: Value, span: Span, ty: Ty) -> CExpr {
        CExpr {
            op: Op::Value(value),
            span,
            ty,
        }
    }

    /// The value when it is known without a record (a literal or a constant).
    pub(crate) fn constant_value(&self) -> Option<&Value> {
        match &self.op {
            Op::Value(v) | Op::Constant { value: v, .. } => Some(v),
            _ => None,
        }
    }

    /// Whether the expression reads nothing from a record or a year.
    pub(crate) fn is_constant(&self) -> bool {
        match &self.op {
            Op::Value(_) | Op::Constant { .. } => true,
            Op::Field { .. }
            | Op::Local(_)
            | Op::Figure(_)
            | Op::Sum(_)
            | Op::Exempt
            | Op::Compliant
            | Op::Shortfall
            | Op::JudgedYear
            | Op::Quantifier(_) => false,
            Op::Not(a) | Op::Neg(a) => a.is_constant(),
            Op::Given { operand, .. } => operand.is_constant(),
            Op::Window { .. } | Op::YearAt { .. } | Op::Previous(_) => false,
            Op::And(a, b)
            | Op::Or(a, b)
            | Op::Compare(_, a, b)
            | Op::Otherwise(a, b)
            | Op::Arith(_, a, b) => a.is_constant() && b.is_constant(),
            Op::In {
                needle, haystack, ..
            } => needle.is_constant() && haystack.is_constant(),
            Op::If(a, b, c) => a.is_constant() && b.is_constant() && c.is_constant(),
            Op::Match {
                scrutinee, arms, ..
            } => scrutinee.is_constant() && arms.iter().all(|a| a.value.is_constant()),
            Op::Call(_, args) | Op::List(args) => args.iter().all(CExpr::is_constant),
        }
    }

    /// Whether the expression reads a figure of an earlier year (`… in previous year`).
    pub(crate) fn reads_previous(&self) -> bool {
        if let Op::Previous(_) = self.op {
            return true;
        }
        let mut found = false;
        self.for_each_child(&mut |child| found = found || child.reads_previous());
        found
    }

    /// The locals the expression reads, in the order met (without repeats).
    pub(crate) fn locals_read(&self) -> Vec<u16> {
        fn walk(e: &CExpr, out: &mut Vec<u16>) {
            if let Op::Local(i) = &e.op
                && !out.contains(i)
            {
                out.push(*i);
            }
            e.for_each_child(&mut |child| walk(child, out));
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }

    /// Calls `f` on each expression this one is made of directly, in the order written.
    pub(crate) fn for_each_child(&self, f: &mut dyn FnMut(&CExpr)) {
        match &self.op {
            Op::Not(a) | Op::Neg(a) => f(a),
            Op::Given { operand, .. } => f(operand),
            Op::Window { body, .. } | Op::Previous(body) => f(body),
            Op::YearAt { body, year } => {
                f(body);
                f(year);
            }
            Op::And(a, b)
            | Op::Or(a, b)
            | Op::Compare(_, a, b)
            | Op::Otherwise(a, b)
            | Op::Arith(_, a, b) => {
                f(a);
                f(b);
            }
            Op::In {
                needle, haystack, ..
            } => {
                f(needle);
                f(haystack);
            }
            Op::If(a, b, c) => {
                f(a);
                f(b);
                f(c);
            }
            Op::Match {
                scrutinee, arms, ..
            } => {
                f(scrutinee);
                arms.iter().for_each(|a| f(&a.value));
            }
            Op::Call(_, args) | Op::List(args) => args.iter().for_each(f),
            Op::Value(_)
            | Op::Constant { .. }
            | Op::Field { .. }
            | Op::Local(_)
            | Op::Figure(_)
            | Op::Sum(_)
            | Op::Exempt
            | Op::Compliant
            | Op::Shortfall
            | Op::JudgedYear
            | Op::Quantifier(_) => {}
        }
    }
}

/// The earliest and latest years a year value may take.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1..=9999;
