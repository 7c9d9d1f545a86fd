//! Units: declared by their singular and plural names (`day` and `year` are built in), and
//! resolved where a field's type or a number names them.

use super::Checker;
use super::error::{CheckErrorKind, NameKind};
use super::expr::Scope;
use crate::policy::types::{Dim, UnitId, UnitInfo, YEAR};
use crate::syntax::ast::{self, Spanned, UnitExpr};

impl Checker<'_> {
    /// Declares a unit by its singular and plural names; `day` and `year` are built in.
    pub(super) fn unit_decl(&mut self, u: &ast::UnitDecl) {
        let id = self.units.len() as UnitId;
        let names: Vec<&ast::Ident> = std::iter::once(&u.singular).chain(&u.plural).collect();
        for name in &names {
            if let Some(&existing) = self.unit_ids.get(&name.node) {
                let (first, built_in) = self
                    .unit_decls
                    .get(usize::from(existing))
                    .map_or((name.span, false), |&(span, built_in)| (span, built_in));
                if built_in && existing <= YEAR {
                    self.error(
                        CheckErrorKind::ReservedName {
                            name: name.node.clone(),
                        },
                        name.span,
                    );
                } else {
                    self.defined_twice(NameKind::Unit, &name.node, name.span, Some(first));
                }
                return;
            }
        }
        for name in names {
            self.unit_ids.insert(name.node.clone(), id);
        }
        self.units.push(UnitInfo {
            singular: u.singular.node.clone(),
            plural: u
                .plural
                .as_ref()
                .map_or_else(|| u.singular.node.clone(), |p| p.node.clone()),
            label: u.label.as_ref().map(|l| l.text.node.clone()),
        });
        self.unit_decls.push((u.singular.span, false));
    }

    /// The unit called `name`, marked as used; an unknown one is reported.
    pub(crate) fn unit_id(&mut self, name: &ast::Ident) -> Option<UnitId> {
        self.unit_id_in(name, None)
    }

    /// The unit called `name` where an expression in `scope` writes it: a name that is not a
    /// unit but a constant, a field, a `let` value or a figure is reported as such.
    fn unit_id_in(&mut self, name: &ast::Ident, scope: Option<&Scope>) -> Option<UnitId> {
        match self.unit_ids.get(&name.node) {
            Some(&id) => {
                if let Some(d) = self.unit_decls.get_mut(usize::from(id)) {
                    d.1 = true;
                }
                Some(id)
            }
            None => {
                if let Some(what) = self.other_name(&name.node, scope) {
                    let kind = CheckErrorKind::NotAUnit {
                        name: name.node.clone(),
                        what,
                    };
                    self.error(kind, name.span);
                    return None;
                }
                let suggestion =
                    crate::suggest::closest(&name.node, self.unit_ids.keys().map(String::as_str));
                self.error(
                    CheckErrorKind::UnknownName {
                        name: name.node.clone(),
                        what: NameKind::Unit,
                        suggestion,
                    },
                    name.span,
                );
                None
            }
        }
    }

    /// What else `name` names, where an expression in `scope` reads it (a constant so
    /// named is marked as used: the mistake is in how it is written, not that it is unused).
    fn other_name(&mut self, name: &str, scope: Option<&Scope>) -> Option<NameKind> {
        if let Some(&id) = self.const_ids.get(name) {
            if let Some(c) = self.consts.get_mut(usize::from(id)) {
                c.used = true;
            }
            return Some(NameKind::Constant);
        }
        if let Some(item) = scope.and_then(|s| s.item) {
            if let Some(local) = item.locals.iter().find(|l| l.name == name) {
                local.used.set(true);
                return Some(NameKind::Local);
            }
            if item.schema.slots.get(name).is_some() {
                return Some(NameKind::Field);
            }
        }
        if self.person.schema.slots.get(name).is_some() {
            return Some(NameKind::Field);
        }
        self.figure_names
            .iter()
            .any(|f| f == name)
            .then_some(NameKind::Value)
    }

    /// Resolves a unit written after a number in an expression of `scope`.
    pub(crate) fn unit_dim(&mut self, unit: &Spanned<UnitExpr>, scope: &Scope) -> Option<Dim> {
        let mut dim = self.unit_id_in(&unit.numer, Some(scope)).map(Dim::unit)?;
        for d in &unit.denoms {
            dim = dim.div(&Dim::unit(self.unit_id_in(d, Some(scope))?));
        }
        Some(dim)
    }
}
