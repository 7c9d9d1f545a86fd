//! Units: declared by their singular and plural names (`day` and `year` are built in), and
//! resolved where a field's type or a number names them.

use super::Checker;
use super::error::{CheckErrorKind, NameKind};
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
        match self.unit_ids.get(&name.node) {
            Some(&id) => {
                if let Some(d) = self.unit_decls.get_mut(usize::from(id)) {
                    d.1 = true;
                }
                Some(id)
            }
            None => {
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

    /// Resolves a unit written after a number.
    pub(crate) fn unit_dim(&mut self, unit: &Spanned<UnitExpr>) -> Option<Dim> {
        let mut dim = self.unit_id(&unit.numer).map(Dim::unit)?;
        for d in &unit.denoms {
            dim = dim.div(&Dim::unit(self.unit_id(d)?));
        }
        Some(dim)
    }
}
