//! `shortfall = least credits in C that make the year compliant`: the category named, and
//! the requirements the hours to make up are solved from. A strict requirement (`>`, `<`)
//! that the added hours change has no least amount that meets it with exact numbers
//! (`check::strict-make-up`); a requirement they do not change at all can never be met by
//! making up hours (`check::make-up-unreachable`, a warning: a year that fails it gets an
//! evaluation error, not a made-up figure).

use super::Checker;
use super::error::CheckErrorKind;
use crate::policy::expr::{CExpr, CmpOp, Op};
use crate::policy::{CategoryId, Figure, MakeUp, Origin, Requirement};
use crate::syntax::ast;

impl Checker<'_> {
    /// The `least credits in C …` rule: its category resolved (an unknown one is reported,
    /// with the closest name); `None` when it names no category.
    pub(super) fn make_up(&mut self, category: &ast::Ident, origin: Origin) -> Option<MakeUp> {
        self.cited(&origin, "shortfall");
        let category = self.category_id(category)?;
        Some(MakeUp { category, origin })
    }

    /// Checks the requirements against the make-up rule: each must change with the hours
    /// added, and none that does may be strict.
    pub(super) fn make_up_requirements(
        &mut self,
        make_up: &MakeUp,
        figures: &[Figure],
        requirements: &[Requirement],
    ) {
        let deps = figure_dependencies(figures, make_up.category);
        for r in requirements {
            let moves = depends(&r.lhs, make_up.category, &deps)
                || depends(&r.rhs, make_up.category, &deps);
            if !moves {
                self.error(
                    CheckErrorKind::MakeUpUnreachable {
                        category: self.category_name(make_up.category),
                        make_up: make_up.origin.span,
                    },
                    r.origin.span,
                );
            } else if matches!(r.op, CmpOp::Gt | CmpOp::Lt) {
                self.error(
                    CheckErrorKind::StrictMakeUp {
                        make_up: make_up.origin.span,
                    },
                    r.origin.span,
                );
            }
        }
    }

    /// The name a category is declared with.
    fn category_name(&self, id: CategoryId) -> String {
        self.category_ids
            .iter()
            .find(|(_, (c, _))| *c == id)
            .map(|(name, _)| name.clone())
            .unwrap_or_default()
    }
}

/// For each figure, whether hours added in `category` change it (through `sum of credits`,
/// `sum of credits in category` or a figure above that does).
pub(crate) fn figure_dependencies(figures: &[Figure], category: CategoryId) -> Vec<bool> {
    let mut deps = Vec::with_capacity(figures.len());
    for f in figures {
        let d = depends(&f.rule.expr, category, &deps);
        deps.push(d);
    }
    deps
}

/// Whether hours added in `category` change the value of `e`, given which figures they
/// change. Another year's figures (`total in Y - 1`) and figures over a window are not the
/// year's own.
pub(crate) fn depends(e: &CExpr, category: CategoryId, figures: &[bool]) -> bool {
    match &e.op {
        Op::Sum(None) => true,
        Op::Sum(Some(c)) => *c == category,
        Op::Figure(i) => figures.get(usize::from(*i)).copied().unwrap_or(false),
        Op::YearAt { .. } | Op::Window { .. } => false,
        _ => {
            let mut any = false;
            e.for_each_child(&mut |child| any |= depends(child, category, figures));
            any
        }
    }
}
