//! Constants: declared once each, computed in the order they depend on each other (a cycle
//! is reported), their values known before any record is read.

use super::Checker;
use super::error::{CheckError, CheckErrorKind, Cited, ConstantFailure, NameKind};
use super::expr::Scope;
use super::origin::origin_of;
use crate::eval::interp::Env;
use crate::policy::expr::{CExpr, EvalErrorKind, Value};
use crate::policy::types::Ty;
use crate::policy::{Constant, Rule};
use crate::syntax::ast;

/// How far a constant's value is known.
pub(super) enum ConstState {
    /// Not computed yet.
    Pending,
    /// Being computed: a reference to it now is a cycle.
    Resolving,
    /// Computed.
    Done(Value, Ty),
    /// Cannot be computed (reported).
    Failed,
}

/// A declared constant.
pub(super) struct ConstEntry<'a> {
    /// Its declaration.
    pub decl: &'a ast::ConstDecl,
    /// Its value, as far as known.
    pub state: ConstState,
    /// Whether anything refers to it.
    pub used: bool,
}

impl<'a> Checker<'a> {
    /// Declares a constant (computed later, by [`Checker::resolve_constants`]).
    pub(super) fn declare_constant(&mut self, c: &'a ast::ConstDecl) {
        if self.reserved(&c.name) {
            return;
        }
        let first = self
            .const_ids
            .get(&c.name.node)
            .and_then(|&id| self.consts.get(usize::from(id)))
            .map(|entry| entry.decl.name.span);
        if self.defined_twice(NameKind::Value, &c.name.node, c.name.span, first) {
            return;
        }
        self.const_ids
            .insert(c.name.node.clone(), self.consts.len() as u16);
        self.consts.push(ConstEntry {
            decl: c,
            state: ConstState::Pending,
            used: false,
        });
    }

    /// Computes every constant, each after those it refers to.
    pub(super) fn resolve_constants(&mut self) {
        for id in 0..self.consts.len() {
            self.resolve_constant(id as u16);
        }
    }

    /// The value and type of constant `id`, for a reference to it.
    pub(crate) fn constant(&mut self, id: u16) -> Option<(Value, Ty)> {
        self.consts.get_mut(usize::from(id))?.used = true;
        self.resolve_constant(id)
    }

    /// Sets the state of constant `id`.
    fn set_constant(&mut self, id: u16, state: ConstState) {
        if let Some(c) = self.consts.get_mut(usize::from(id)) {
            c.state = state;
        }
    }

    /// The value and type of constant `id`, computing it (and what it depends on) first.
    fn resolve_constant(&mut self, id: u16) -> Option<(Value, Ty)> {
        let entry = self.consts.get(usize::from(id))?;
        let decl = entry.decl;
        match &entry.state {
            ConstState::Done(v, t) => return Some((v.clone(), t.clone())),
            ConstState::Failed => return None,
            ConstState::Resolving => {
                let name = decl.name.clone();
                self.error(CheckErrorKind::ConstantCycle { name: name.node }, name.span);
                self.set_constant(id, ConstState::Failed);
                return None;
            }
            ConstState::Pending => {}
        }
        self.set_constant(id, ConstState::Resolving);
        let compiled = self.expr(&decl.value, &Scope::constant());
        let compiled = self.present(compiled);
        if compiled.ty.is_error() {
            self.set_constant(id, ConstState::Failed);
            return None;
        }
        if matches!(
            self.consts.get(usize::from(id)).map(|c| &c.state),
            Some(ConstState::Failed)
        ) {
            return None;
        }
        match compiled.eval(&Env::constant()) {
            Ok(value) => {
                let ty = compiled.ty.clone();
                self.set_constant(id, ConstState::Done(value.clone(), ty.clone()));
                Some((value, ty))
            }
            Err(e) => {
                let reason = match e.kind {
                    EvalErrorKind::DivisionByZero => ConstantFailure::DivisionByZero,
                    EvalErrorKind::BadYear => ConstantFailure::BadYear,
                    EvalErrorKind::YearFraction => ConstantFailure::YearFraction,
                    _ => ConstantFailure::Overflow,
                };
                self.error(CheckErrorKind::ConstantFails { reason }, e.span);
                self.set_constant(id, ConstState::Failed);
                None
            }
        }
    }

    /// The constants whose values are known, as the compiled policy holds them.
    pub(super) fn compiled_constants(&self) -> Vec<Constant> {
        self.consts
            .iter()
            .filter_map(|c| match &c.state {
                ConstState::Done(value, ty) => Some(Constant {
                    name: c.decl.name.node.clone(),
                    rule: Rule {
                        expr: CExpr::value(value.clone(), c.decl.value.span, ty.clone()),
                        origin: origin_of(
                            c.decl.name.span.join(c.decl.value.span),
                            &c.decl.meta,
                            None,
                        ),
                    },
                }),
                _ => None,
            })
            .collect()
    }

    /// Warns of constants that cite no clause of the notice.
    pub(super) fn citation_warnings(&mut self) {
        for c in &self.consts {
            if c.decl.meta.cite.is_none() {
                let span = c.decl.name.span;
                let what = Cited::Constant(c.decl.name.node.clone());
                self.diags.push(CheckError {
                    kind: CheckErrorKind::MissingCitation { what },
                    span,
                });
            }
        }
    }
}
