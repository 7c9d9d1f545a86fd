//! The exemption: a record of the person's `exemptions` list, with its own fields, `let`
//! values and rules, and the list of years it `covers`.

use super::Checker;
use super::error::{CheckErrorKind, RuleKind};
use super::origin::{block_origin, origin_of, text_of};
use crate::policy::types::Ty;
use crate::policy::{Exemptions, Rule};
use crate::source::Span;
use crate::syntax::ast::{self, Stmt};

impl Checker<'_> {
    /// The exemption: its fields, locals, rules and the years it `covers`; `None` when
    /// `covers` is missing or wrong (reported).
    pub(super) fn exemption(
        &mut self,
        decl: &ast::ExemptionDecl,
        span: Span,
    ) -> Option<Exemptions> {
        let (block_cite, block_reading) = self.block_meta(&decl.body);
        let block = block_cite.as_ref();
        let mut item = self.item_scope(&decl.body, &[]);
        let locals = self.locals(&mut item, &decl.body, block);
        let mut constraints = Vec::new();
        let mut rejections = Vec::new();
        let mut covers: Option<Rule> = None;
        for stmt in &decl.body {
            match &stmt.node {
                Stmt::Invalid { .. } => {
                    if let Some(c) = self.constraint(&item, stmt, block) {
                        constraints.push(c);
                    }
                }
                Stmt::Reject { .. } => {
                    if let Some(r) = self.rejection(&item, stmt, block) {
                        rejections.push(r);
                    }
                }
                Stmt::Covers { years, meta } => {
                    let first = covers.as_ref().map(|c| c.origin.span);
                    if self.given_twice(RuleKind::Covers, stmt.span, first) {
                        continue;
                    }
                    let c = self.item_expr(&item, years);
                    let c = self.present(c);
                    let c = self.expect(c, &Ty::List(Box::new(Ty::Year)));
                    covers = Some(Rule {
                        expr: c,
                        origin: origin_of(stmt.span, meta, block),
                    });
                }
                Stmt::Cite(_) | Stmt::Reading(_) | Stmt::Fields(_) | Stmt::Let { .. } => {}
                _ => self.error(CheckErrorKind::Misplaced, stmt.span),
            }
        }
        if covers.is_none() {
            self.error(
                CheckErrorKind::MissingRule {
                    rule: RuleKind::Covers,
                    block: "exemption".into(),
                },
                span,
            );
        }
        self.unused_locals(&item);
        Some(Exemptions {
            label: decl.label.as_ref().map(text_of),
            origin: block_origin(span, block, block_reading),
            schema: item.schema,
            locals,
            constraints,
            rejections,
            covers: covers?,
        })
    }
}
