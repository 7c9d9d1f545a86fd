//! Activity kinds: the credit formula first (it sets the unit of credits, which caps and
//! spreads are typed against), then the kind's other rules (`counts in`, `counts as`,
//! caps, the spread, required evidence, `invalid when`, `reject when`), then what is
//! missing and what the caps say (`caps`).

use super::Checker;
use super::error::{CheckErrorKind, RuleKind};
use super::item::ItemScope;
use super::origin::{block_origin, origin_of, text_of};
use super::schema::ACTIVITY_KEYS;
use crate::policy::types::Ty;
use crate::policy::{
    CategoryRule, Cite, Constraint, EvidenceRule, Kind, Origin, Rejection, Rule, Spread,
};
use crate::source::Span;
use crate::syntax::ast::{self, Spanned, Stmt};

/// The rules of a kind other than its credit and locals, as its body gives them.
#[derive(Default)]
struct KindRules {
    constraints: Vec<Constraint>,
    rejections: Vec<Rejection>,
    year: Option<Rule>,
    category: Option<CategoryRule>,
    /// The further categories of `counts as a, b`.
    also: Vec<CategoryRule>,
    /// Whether the body has a `counts as` rule (`category` is `None` when it is wrong).
    category_given: bool,
    caps: Vec<Rule>,
    spread: Option<(Spread, Span)>,
    evidence: Vec<EvidenceRule>,
}

impl Checker<'_> {
    /// An activity kind; `None` when a rule it needs is missing or wrong (reported).
    pub(super) fn kind(&mut self, decl: &ast::KindDecl, span: Span) -> Option<Kind> {
        let (block_cite, block_reading) = self.block_meta(&decl.body);
        let block = block_cite.as_ref();
        let mut item = self.item_scope(&decl.body, &ACTIVITY_KEYS);
        let locals = self.locals(&mut item, &decl.body, block);

        // The credit first: caps and spreads are typed against its unit.
        let credit_given = decl
            .body
            .iter()
            .any(|s| matches!(s.node, Stmt::Credit { .. }));
        let year_given = decl
            .body
            .iter()
            .any(|s| matches!(s.node, Stmt::CountsIn { .. }));
        let credit = self.credit(&item, &decl.body, block);
        // A credit in another unit than the policy's credits is reported at the credit; its
        // caps and spread are then not typed against it, which would report the same mistake
        // again at rules that are right.
        let credit_ty = match credit.as_ref().map(|c| &c.expr.ty) {
            Some(Ty::Number(d))
                if self
                    .credit_dim
                    .as_ref()
                    .is_none_or(|(expected, _)| expected == d) =>
            {
                Ty::Number(d.clone())
            }
            _ => Ty::Error,
        };
        let rules = self.kind_rules(&item, &decl.body, block, &credit_ty);

        let name = decl.name.node.clone();
        for (present, rule) in [
            (credit_given, RuleKind::Credit),
            (year_given, RuleKind::CountsIn),
            (rules.category_given, RuleKind::CountsAs),
        ] {
            if !present {
                self.error(
                    CheckErrorKind::MissingRule {
                        rule,
                        block: name.clone(),
                    },
                    decl.name.span,
                );
            }
        }
        // Caps are compared with a credit only in the policy's unit of credits.
        if let Some(credit) = credit.as_ref().filter(|_| !credit_ty.is_error()) {
            self.cap_analysis(credit, &rules.caps, rules.spread.as_ref().map(|(s, _)| s));
        }
        self.unused_locals(&item);
        let year = rules.year;
        Some(Kind {
            name,
            label: decl.label.as_ref().map(text_of),
            origin: block_origin(span, block, block_reading),
            schema: item.schema,
            locals,
            constraints: rules.constraints,
            year_reads_locals: year
                .as_ref()
                .is_some_and(|y| !y.expr.locals_read().is_empty()),
            year: year?,
            category: rules.category?,
            also: rules.also,
            credit: credit?,
            caps: rules.caps,
            spread: rules.spread.map(|(s, _)| s),
            evidence: rules.evidence,
            rejections: rules.rejections,
        })
    }

    /// The kind's `credit` formula, given once: a number, in the unit every kind credits.
    fn credit(
        &mut self,
        item: &ItemScope,
        body: &[Spanned<Stmt>],
        block: Option<&Cite>,
    ) -> Option<Rule> {
        let mut credit: Option<Rule> = None;
        for stmt in body {
            if let Stmt::Credit { formula, meta } = &stmt.node {
                let first = credit.as_ref().map(|c| c.origin.span);
                if self.given_twice(RuleKind::Credit, stmt.span, first) {
                    continue;
                }
                let c = self.item_expr(item, formula);
                let c = self.present(c);
                match &c.ty {
                    Ty::Number(d) => match &self.credit_dim {
                        None => self.credit_dim = Some((d.clone(), c.span)),
                        Some((expected, first)) if expected != d => {
                            let kind = CheckErrorKind::CreditUnitMismatch {
                                found: self.dim_name(d),
                                expected: self.dim_name(expected),
                                first: *first,
                            };
                            self.error(kind, c.span);
                        }
                        Some(_) => {}
                    },
                    Ty::Error => {}
                    _ => self.mismatch_number(&c),
                }
                let origin = origin_of(stmt.span, meta, block);
                self.cited(&origin, "credit");
                credit = Some(Rule { expr: c, origin });
            }
        }
        credit
    }

    /// The kind's other rules, in the order the body gives them; `credit_ty` is the type of
    /// its credit, which caps and the spread's yearly limit must have.
    fn kind_rules(
        &mut self,
        item: &ItemScope,
        body: &[Spanned<Stmt>],
        block: Option<&Cite>,
        credit_ty: &Ty,
    ) -> KindRules {
        let mut rules = KindRules::default();
        for stmt in body {
            match &stmt.node {
                Stmt::Invalid { .. } => {
                    if let Some(c) = self.constraint(item, stmt, block) {
                        rules.constraints.push(c);
                    }
                }
                Stmt::Reject { .. } => {
                    if let Some(r) = self.rejection(item, stmt, block) {
                        rules.rejections.push(r);
                    }
                }
                Stmt::CountsIn { year: e, meta } => {
                    let first = rules.year.as_ref().map(|y| y.origin.span);
                    if self.given_twice(RuleKind::CountsIn, stmt.span, first) {
                        continue;
                    }
                    let c = self.item_expr(item, e);
                    let c = self.present(c);
                    let c = self.expect(c, &Ty::Year);
                    rules.year = Some(Rule {
                        expr: c,
                        origin: origin_of(stmt.span, meta, block),
                    });
                }
                Stmt::CountsAs {
                    category: e,
                    also,
                    meta,
                } => {
                    let first = match &rules.category {
                        Some(
                            CategoryRule::Fixed(_, o) | CategoryRule::FromField { origin: o, .. },
                        ) if rules.category_given => Some(o.span),
                        _ => None,
                    };
                    if self.given_twice(RuleKind::CountsAs, stmt.span, first) {
                        continue;
                    }
                    let origin = origin_of(stmt.span, meta, block);
                    rules.category_given = true;
                    rules.category = self.category_rule(item, e, origin.clone());
                    rules.also = self.further_categories(item, e, also, &origin);
                }
                Stmt::Cap { limit, meta } => {
                    let cap = self.cap(item, limit, credit_ty, origin_of(stmt.span, meta, block));
                    rules.caps.push(cap);
                }
                Stmt::Spread {
                    over,
                    per_year,
                    meta,
                } => {
                    let first = rules.spread.as_ref().map(|(_, first)| *first);
                    if self.given_twice(RuleKind::Spread, stmt.span, first) {
                        continue;
                    }
                    let origin = origin_of(stmt.span, meta, block);
                    if let Some(spread) = self.spread(item, over, per_year, credit_ty, origin) {
                        rules.spread = Some((spread, stmt.span));
                    }
                }
                Stmt::Requires { mode, names, meta } => {
                    let origin = origin_of(stmt.span, meta, block);
                    let rule = self.requires(*mode, names, origin);
                    rules.evidence.push(rule);
                }
                Stmt::Cite(_)
                | Stmt::Reading(_)
                | Stmt::Fields(_)
                | Stmt::Let { .. }
                | Stmt::Credit { .. } => {}
                _ => self.error(CheckErrorKind::Misplaced, stmt.span),
            }
        }
        rules
    }

    /// A `requires one of` / `requires all of` rule: the evidence it names, each declared.
    fn requires(
        &mut self,
        mode: ast::EvidenceMode,
        names: &[ast::Ident],
        origin: Origin,
    ) -> EvidenceRule {
        let ids = names.iter().filter_map(|n| self.evidence_id(n)).collect();
        self.cited(&origin, "requires");
        EvidenceRule {
            all: mode == ast::EvidenceMode::AllOf,
            names: ids,
            origin,
        }
    }
}
