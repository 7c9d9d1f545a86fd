//! The year: the figures a `year` block defines (named before anything is checked, visible
//! below their line), its requirements and its shortfall; one `year` block per policy.

use super::error::{CheckErrorKind, NameKind, RuleKind};
use super::expr::{JUDGED_YEAR, Scope, YearAccess};
use super::origin::{block_origin, origin_of, text_of};
use super::{Checker, YEAR_WORDS};
use crate::policy::expr::{CmpOp, Op};
use crate::policy::types::Ty;
use crate::policy::{Figure, MakeUp, Origin, Requirement, Rule, YearRules};
use crate::source::Span;
use crate::syntax::ast::{self, ExprKind, Item, PolicyFile, Stmt};

/// Names the output of a ruling uses, which figures may not take.
const OUTPUT_FIELDS: &[&str] = &[
    "id",
    "name",
    "purpose",
    "year",
    "years",
    "status",
    "shortfall",
    "credits",
    "rejected",
    "exemptions",
    "requirements",
    "policy",
    "errors",
    "position",
    "passes",
    "exempt",
    "compliant",
    "decided_by",
    "through",
    "lacking",
];

/// The `year` blocks of a policy (one is allowed), with their places.
pub(super) fn year_blocks(file: &PolicyFile) -> Vec<(&ast::YearDecl, Span)> {
    file.items
        .iter()
        .filter_map(|item| match &item.node {
            Item::Year(y) => Some((y, item.span)),
            _ => None,
        })
        .collect()
}

impl Checker<'_> {
    /// Names the figures of the first year block before anything is checked, so that a kind
    /// that uses `total` hears that it is a figure of the year, not an unknown name.
    pub(super) fn name_figures(&mut self, year_blocks: &[(&ast::YearDecl, Span)]) {
        if let Some((y, _)) = year_blocks.first() {
            for stmt in &y.body {
                if let Stmt::Value { name, .. } = &stmt.node
                    && !YEAR_WORDS.contains(&name.node.as_str())
                {
                    self.figure_names.push(name.node.clone());
                }
            }
        }
    }

    /// The rules of the year, from the one `year` block; `None` when there is none
    /// (reported).
    pub(super) fn year(&mut self, year_blocks: &[(&ast::YearDecl, Span)]) -> Option<YearRules> {
        match year_blocks {
            [] => {
                self.error(
                    CheckErrorKind::MissingItem { item: "year" },
                    Span::new(0, 0),
                );
                None
            }
            [(first, span), rest @ ..] => {
                for (_, other) in rest {
                    self.given_twice(RuleKind::YearBlock, *other, Some(*span));
                }
                Some(self.year_block(first, *span))
            }
        }
    }

    /// The type of credits: a number in the unit the kinds credit (an error type when no
    /// credit formula set it).
    pub(crate) fn credit_ty(&self) -> Ty {
        match &self.credit_dim {
            Some((d, _)) => Ty::Number(d.clone()),
            None => Ty::Error,
        }
    }

    /// The `year` block: its figures in order, its requirements and its shortfall.
    fn year_block(&mut self, decl: &ast::YearDecl, span: Span) -> YearRules {
        let (block_cite, block_reading) = self.block_meta(&decl.body);
        let block = block_cite.as_ref();
        let mut figures: Vec<Figure> = Vec::new();
        let mut requirements = Vec::new();
        let mut shortfall: Option<Rule> = None;
        let mut make_up: Option<MakeUp> = None;
        // Where the first `shortfall =` stands, whichever its form.
        let mut shortfall_at: Option<Span> = None;
        let credit_ty = self.credit_ty();
        let scope = |n: usize| Scope {
            item: None,
            person: true,
            year: YearAccess::Block(n),
            judged_year: false,
            quantifiers: None,
            locals: false,
        };
        // Figures not yet defined are not visible; names are collected by `name_figures`.
        let mut defined = 0usize;
        for stmt in &decl.body {
            match &stmt.node {
                Stmt::Value {
                    name,
                    label,
                    value,
                    meta,
                } => {
                    let index = figures.len();
                    let reserved =
                        OUTPUT_FIELDS.contains(&name.node.as_str()) || name.node == JUDGED_YEAR;
                    if reserved {
                        self.error(
                            CheckErrorKind::ReservedName {
                                name: name.node.clone(),
                            },
                            name.span,
                        );
                    }
                    let first = figures
                        .iter()
                        .find(|f| f.name == name.node)
                        .map(|f| f.rule.origin.span);
                    self.defined_twice(NameKind::Value, &name.node, name.span, first);
                    self.clash(&name.node, name.span);
                    let c = self.expr(value, &scope(defined));
                    let c = self.present(c);
                    if !matches!(c.ty, Ty::Number(_) | Ty::Error) {
                        self.mismatch_number(&c);
                    }
                    if self.figure_tys.len() <= index {
                        self.figure_tys.resize(index + 1, Ty::Error);
                    }
                    if let Some(t) = self.figure_tys.get_mut(index) {
                        *t = c.ty.clone();
                    }
                    figures.push(Figure {
                        name: name.node.clone(),
                        label: label.as_ref().map(text_of),
                        rule: Rule {
                            expr: c,
                            origin: origin_of(stmt.span, meta, block),
                        },
                    });
                    defined = figures.len();
                }
                Stmt::Require { condition, meta } => {
                    let origin = origin_of(stmt.span, meta, block);
                    if let Some(r) = self.requirement(condition, origin, &scope(defined)) {
                        requirements.push(r);
                    }
                }
                Stmt::Shortfall { value, meta } => {
                    if self.given_twice(RuleKind::Shortfall, stmt.span, shortfall_at) {
                        continue;
                    }
                    shortfall_at = Some(stmt.span);
                    let c = self.expr(value, &scope(defined));
                    let c = self.present(c);
                    let c = self.expect(c, &credit_ty);
                    let origin = origin_of(stmt.span, meta, block);
                    self.cited(&origin, "shortfall");
                    shortfall = Some(Rule { expr: c, origin });
                }
                Stmt::MakeUp { category, meta } => {
                    if self.given_twice(RuleKind::Shortfall, stmt.span, shortfall_at) {
                        continue;
                    }
                    shortfall_at = Some(stmt.span);
                    make_up = self.make_up(category, origin_of(stmt.span, meta, block));
                }
                Stmt::Cite(_) | Stmt::Reading(_) => {}
                _ => self.error(CheckErrorKind::Misplaced, stmt.span),
            }
        }
        if let Some(m) = &make_up {
            self.make_up_requirements(m, &figures, &requirements);
        }
        let carries_over = figures.iter().any(|f| f.rule.expr.reads_previous());
        YearRules {
            origin: block_origin(span, block, block_reading),
            carries_over,
            figures,
            requirements,
            shortfall,
            make_up,
        }
    }

    /// A `require` rule: a comparison of two amounts, the left one usually a figure.
    fn requirement(
        &mut self,
        condition: &ast::Expr,
        origin: Origin,
        scope: &Scope,
    ) -> Option<Requirement> {
        self.cited(&origin, "require");
        let ExprKind::Binary { op, lhs, rhs } = &condition.node else {
            self.error(CheckErrorKind::RequirementNotComparison, condition.span);
            return None;
        };
        let op = match op {
            ast::BinaryOp::Ge => CmpOp::Ge,
            ast::BinaryOp::Gt => CmpOp::Gt,
            ast::BinaryOp::Le => CmpOp::Le,
            ast::BinaryOp::Lt => CmpOp::Lt,
            ast::BinaryOp::Eq => CmpOp::Eq,
            _ => {
                self.error(CheckErrorKind::RequirementNotComparison, condition.span);
                return None;
            }
        };
        let a = self.expr(lhs, scope);
        let a = self.present(a);
        let b = self.expr(rhs, scope);
        let b = self.present(b);
        let (a, b, ty) = self.unify(a, b, op.symbol());
        if !matches!(ty, Ty::Number(_) | Ty::Error) {
            self.mismatch_number(&a);
        }
        let figure = match &a.op {
            Op::Figure(i) => Some(*i),
            _ => None,
        };
        Some(Requirement {
            lhs: a,
            op,
            rhs: b,
            figure,
            origin,
        })
    }
}
