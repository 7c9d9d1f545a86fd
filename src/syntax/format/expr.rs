//! Expressions in the canonical format: operators by precedence, with the parentheses that
//! precedence needs and those a reader needs (`not (a == b)`, `a otherwise (b + 1)`), and long
//! lists of constants one element per line.

use super::{Printer, WIDTH, quote};
use crate::syntax::ast::*;

impl Printer<'_> {
    /// An expression that may be broken over lines: a long list, one element per line.
    pub(super) fn expr_wrapped(&mut self, e: &Expr, column: usize) -> String {
        let flat = self.expr(e, 0);
        if let ExprKind::List(items) = &e.node
            && (column + self.indent * 2 + unicode_width::UnicodeWidthStr::width(flat.as_str())
                > WIDTH
                || flat.contains('\n'))
            && !items.is_empty()
        {
            self.indent += 1;
            let pad = self.pad();
            let mut out = "[\n".to_string();
            for item in items {
                let text = self.expr(item, 0);
                out.push_str(&format!("{pad}{text},\n"));
            }
            self.indent -= 1;
            out.push_str(&self.pad());
            out.push(']');
            return out;
        }
        flat
    }

    /// An expression as text; parenthesised when its precedence is below `min`.
    pub(super) fn expr(&mut self, e: &Expr, min: u8) -> String {
        let (text, prec) = match &e.node {
            ExprKind::Number { text, unit, .. } => (
                match unit {
                    Some(u) => format!("{text} {}", unit_text(u)),
                    None => text.clone(),
                },
                ATOM,
            ),
            ExprKind::Date(d) => (d.format("%Y-%m-%d").to_string(), ATOM),
            ExprKind::Text(s) => (quote(s), ATOM),
            ExprKind::Bool(b) => (b.to_string(), ATOM),
            ExprKind::List(items) => {
                let items: Vec<String> = items.iter().map(|i| self.expr(i, 0)).collect();
                (format!("[{}]", items.join(", ")), ATOM)
            }
            ExprKind::Name(n) => (n.clone(), ATOM),
            ExprKind::Call { func, args } => {
                let args: Vec<String> = args.iter().map(|a| self.expr(a, 0)).collect();
                (format!("{}({})", func.node, args.join(", ")), ATOM)
            }
            ExprKind::Unary { op, operand } => match op {
                // `not a == b` reads as `(not a) == b` though it is `not (a == b)`: an
                // operand built with an operator keeps its parentheses.
                UnaryOp::Not => (
                    format!(
                        "not {}",
                        self.expr(
                            operand,
                            if groups_for_reader(operand) {
                                ATOM
                            } else {
                                NOT_PRECEDENCE
                            }
                        )
                    ),
                    NOT_PRECEDENCE,
                ),
                UnaryOp::Neg => (
                    format!("-{}", self.expr(operand, NEG_PRECEDENCE)),
                    NEG_PRECEDENCE,
                ),
                UnaryOp::IsGiven | UnaryOp::IsNotGiven => (
                    format!(
                        "{} {}",
                        self.expr(operand, GIVEN_PRECEDENCE + 1),
                        if *op == UnaryOp::IsGiven {
                            "is given"
                        } else {
                            "is not given"
                        }
                    ),
                    GIVEN_PRECEDENCE,
                ),
            },
            ExprKind::Binary { op, lhs, rhs } => {
                let p = op.precedence();
                let comparison = p == 4;
                let right_assoc = *op == BinaryOp::Otherwise;
                let lmin = if comparison || right_assoc { p + 1 } else { p };
                let rmin = if right_assoc { p } else { p + 1 };
                let mut left = self.expr(lhs, lmin);
                // `8 hours / x` would read `hours/x` as a unit.
                // (Also `-8 hours / x` and `a * 8 hours / x`: the text that ends the left
                // side is what would run on.)
                let unit_before_div = *op == BinaryOp::Div
                    && matches!(&rightmost(lhs).node, ExprKind::Number { unit: Some(_), .. });
                // `sum of credits in x` would read `in x` as the category.
                let sum_before_in = *op == BinaryOp::In
                    && matches!(
                        &rightmost(lhs).node,
                        ExprKind::SumCredits { category: None }
                    );
                if (unit_before_div || sum_before_in) && !left.ends_with(')') {
                    left = format!("({left})");
                }
                // Parentheses a reader needs though precedence does not: `a or (b and c)`,
                // `a otherwise (b + 1)`, `hours / (2 hours/credit)`.
                let for_reader = |side: &Expr| match (op, &side.node) {
                    (BinaryOp::Or, ExprKind::Binary { op: inner, .. }) => *inner == BinaryOp::And,
                    (BinaryOp::Otherwise, ExprKind::Binary { op: inner, .. }) => {
                        *inner != BinaryOp::Otherwise
                    }
                    _ => false,
                };
                if for_reader(lhs) && !left.starts_with('(') {
                    left = format!("({left})");
                }
                let mut right = self.expr(rhs, rmin);
                let compound_unit = matches!(&rhs.node, ExprKind::Number { unit: Some(u), .. }
                    if !u.node.denoms.is_empty());
                if (for_reader(rhs)
                    || (matches!(op, BinaryOp::Mul | BinaryOp::Div) && compound_unit))
                    && !right.starts_with('(')
                {
                    right = format!("({right})");
                }
                // A fraction of two whole numbers is written as one: `2/3`.
                let whole = |e: &Expr| matches!(&e.node, ExprKind::Number { unit: None, text, .. } if !text.contains('.'));
                if *op == BinaryOp::Div && whole(lhs) && whole(rhs) {
                    (format!("{left}/{right}"), p)
                } else {
                    (format!("{left} {} {right}", op.symbol()), p)
                }
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => (
                format!(
                    "if {} then {} else {}",
                    self.expr(cond, 0),
                    self.expr(then, 0),
                    self.expr(otherwise, 0)
                ),
                0,
            ),
            ExprKind::Match { scrutinee, arms } => {
                let head = format!("match {} {{", self.expr(scrutinee, 0));
                self.indent += 1;
                let mut out = head;
                out.push('\n');
                for arm in arms {
                    // Comments between arms are printed after the statement (they are kept,
                    // not placed).
                    let pattern = match &arm.patterns {
                        Some(ps) => ps.iter().map(|p| quote(p)).collect::<Vec<_>>().join(" or "),
                        None => "else".to_string(),
                    };
                    let value = self.expr(&arm.value, 0);
                    out.push_str(&format!("{}{pattern} => {value}\n", self.pad()));
                }
                self.indent -= 1;
                out.push_str(&self.pad());
                out.push('}');
                (out, ATOM)
            }
            ExprKind::SumCredits { category } => (
                match category {
                    Some(c) => format!("sum of credits in {}", c.node),
                    None => "sum of credits".to_string(),
                },
                ATOM,
            ),
            ExprKind::Window { agg, of } => {
                let of_text = match &of.node {
                    ExprKind::SumCredits { category: None } => "credits".to_string(),
                    ExprKind::SumCredits { category: Some(c) } => format!("credits in {}", c.node),
                    _ => self.expr(of, ATOM),
                };
                (
                    match agg {
                        WindowAgg::Count => format!("count of years where {of_text}"),
                        _ => format!("{} of {of_text} over years", agg.word()),
                    },
                    ATOM,
                )
            }
            ExprKind::Quantifier { every } => (
                if *every {
                    "every year passes".to_string()
                } else {
                    "some year passes".to_string()
                },
                ATOM,
            ),
            ExprKind::Previous { period } => (
                if *period {
                    "previous period".to_string()
                } else {
                    "previous year".to_string()
                },
                ATOM,
            ),
        };
        if prec < min {
            format!("({text})")
        } else {
            text
        }
    }
}

/// Precedence of expressions that never need parentheses.
const ATOM: u8 = 10;

/// The expression whose text ends the text of `e` when `e` is printed without parentheses:
/// the operand of a prefix operator, the right side of an infix one.
fn rightmost(e: &Expr) -> &Expr {
    match &e.node {
        ExprKind::Unary {
            op: UnaryOp::Neg | UnaryOp::Not,
            operand,
        } => rightmost(operand),
        ExprKind::Binary { rhs, .. } => rightmost(rhs),
        _ => e,
    }
}

/// Whether `e` is built with an infix or postfix operator, which a reader of `not e` would
/// otherwise group wrongly.
fn groups_for_reader(e: &Expr) -> bool {
    matches!(
        &e.node,
        ExprKind::Binary { .. }
            | ExprKind::Unary {
                op: UnaryOp::IsGiven | UnaryOp::IsNotGiven,
                ..
            }
    )
}

fn unit_text(u: &UnitExpr) -> String {
    let mut s = u.numer.node.clone();
    for (i, d) in u.denoms.iter().enumerate() {
        match &u.per_count {
            // A rate in words keeps its words: `credit per 3 hours`.
            Some(count) if i == 0 => {
                s.push_str(" per ");
                s.push_str(&count.node.text);
                s.push(' ');
            }
            _ => s.push('/'),
        }
        s.push_str(&d.node);
    }
    s
}
