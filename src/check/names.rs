//! Declaring names: a name or rule given twice is reported once, pointing at the first; names
//! the language reserves are refused; locals and item fields may not take the name of a
//! constant or person field; and declarations nothing uses are reported as warnings.

use super::constants::ConstState;
use super::error::{CheckError, CheckErrorKind, NameKind, RuleKind};
use super::{Checker, YEAR_WORDS};
use crate::source::Span;
use crate::syntax::ast;

/// Whether anything uses each of a table's declarations, by the declaration's index.
#[derive(Default)]
pub(super) struct Uses(Vec<bool>);

impl Uses {
    /// Adds an unused declaration at the end of the table.
    pub(super) fn declare(&mut self) {
        self.0.push(false);
    }

    /// Marks declaration `id` as used.
    pub(super) fn mark(&mut self, id: u16) {
        if let Some(used) = self.0.get_mut(usize::from(id)) {
            *used = true;
        }
    }

    /// Whether declaration `id` is used.
    pub(super) fn used(&self, id: u16) -> bool {
        self.0.get(usize::from(id)).copied().unwrap_or(false)
    }
}

impl Checker<'_> {
    /// Reports the `what` called `name` (written at `span`) as declared twice when `first`
    /// is where it was declared before; returns whether it was.
    pub(super) fn defined_twice(
        &mut self,
        what: NameKind,
        name: &str,
        span: Span,
        first: Option<Span>,
    ) -> bool {
        let Some(first) = first else {
            return false;
        };
        self.error(
            CheckErrorKind::DuplicateName {
                name: name.to_string(),
                what,
                first,
            },
            span,
        );
        true
    }

    /// Reports `rule` (written at `span`) as given twice when `first` is where it was given
    /// before; returns whether it was.
    pub(super) fn given_twice(&mut self, rule: RuleKind, span: Span, first: Option<Span>) -> bool {
        let Some(first) = first else {
            return false;
        };
        self.error(CheckErrorKind::DuplicateRule { rule, first }, span);
        true
    }

    /// Refuses a name the language gives a meaning in purposes; returns whether it is one.
    pub(super) fn reserved(&mut self, name: &ast::Ident) -> bool {
        if YEAR_WORDS.contains(&name.node.as_str()) {
            self.error(
                CheckErrorKind::ReservedName {
                    name: name.node.clone(),
                },
                name.span,
            );
            return true;
        }
        false
    }

    /// Where the constant or person field called `name` is declared, if there is one: the
    /// two share one namespace with locals, item fields and figures.
    fn value_declared(&self, name: &str) -> Option<Span> {
        self.const_ids
            .get(name)
            .and_then(|&id| self.consts.get(usize::from(id)))
            .map(|c| c.decl.name.span)
            .or_else(|| {
                self.person
                    .schema
                    .slots
                    .get(name)
                    .and_then(|&s| self.person.schema.fields.get(usize::from(s)))
                    .map(|f| f.span)
            })
    }

    /// Reports a local or item field that takes the name of a constant or person field.
    pub(super) fn clash(&mut self, name: &str, span: Span) {
        let first = self.value_declared(name);
        self.defined_twice(NameKind::Value, name, span, first);
    }

    /// Reports each person field that takes the name of a constant.
    pub(super) fn constants_clash_with_person(&mut self) {
        let clashes: Vec<(String, Span, Span)> = self
            .person
            .schema
            .fields
            .iter()
            .filter_map(|f| {
                let constant = self.const_ids.get(&f.name)?;
                let first = self.consts.get(usize::from(*constant))?.decl.name.span;
                Some((f.name.clone(), first, f.span))
            })
            .collect();
        for (name, first, span) in clashes {
            self.defined_twice(NameKind::Value, &name, span, Some(first));
        }
    }

    /// Warns of constants, units, categories and evidence nothing uses, unless the policy
    /// misspells a use of one (then the unknown name is the finding).
    pub(super) fn unused_warnings(&mut self) {
        let mut found = Vec::new();
        for c in &self.consts {
            if !c.used && matches!(c.state, ConstState::Done(..)) {
                found.push((
                    c.decl.name.node.clone(),
                    NameKind::Constant,
                    c.decl.name.span,
                ));
            }
        }
        for ((span, used), unit) in self.unit_decls.iter().zip(&self.units) {
            if !used {
                found.push((unit.singular.clone(), NameKind::Unit, *span));
            }
        }
        for (name, (id, span)) in &self.category_ids {
            if !self.category_used.used(*id) {
                found.push((name.clone(), NameKind::Category, *span));
            }
        }
        for (name, (id, span)) in &self.evidence_ids {
            if !self.evidence_used.used(*id) {
                found.push((name.clone(), NameKind::Evidence, *span));
            }
        }
        // An unused declaration is often the echo of a misspelt use, already reported as
        // unknown: then it is not reported again.
        let echoes = |what: NameKind, diags: &[CheckError]| {
            diags.iter().any(|d| match &d.kind {
                CheckErrorKind::UnknownName { what: w, .. } => {
                    *w == what || (what == NameKind::Constant && *w == NameKind::Value)
                }
                CheckErrorKind::NotACategory { .. } => what == NameKind::Category,
                CheckErrorKind::UnknownEvidence { .. } => what == NameKind::Evidence,
                _ => false,
            })
        };
        for (name, what, span) in found {
            if !echoes(what, &self.diags) {
                self.error(CheckErrorKind::Unused { name, what }, span);
            }
        }
    }
}
