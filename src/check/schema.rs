//! Record fields: the person's, and the `fields` blocks of kinds and exemptions. Each field
//! is declared once, with a known type (a `one of` list becomes an enumeration) and
//! attributes that fit it (`nonempty`, `at least`, `at most` with constant bounds; `the id`
//! and `the name` on a text field of the person, once each).

use super::error::{CheckErrorKind, ConstantFailure, NameKind, RuleKind, TypeName};
use super::expr::Scope;
use super::{Checker, YEAR_WORDS};
use crate::eval::interp::Env;
use crate::input::keys;
use crate::number::Number;
use crate::policy::types::{Dim, Ty};
use crate::policy::{EnumType, Field, FieldType, NameMap, Schema};
use crate::syntax::ast::{self, Spanned};

/// Keys a person record uses for its lists, which person fields may not take.
pub(super) const PERSON_LIST_KEYS: [&str; 2] = [keys::ACTIVITIES, keys::EXEMPTIONS];
/// Keys every activity has, which kind fields may not take.
pub(super) const ACTIVITY_KEYS: [&str; 2] = [keys::KIND, keys::EVIDENCE];

impl Checker<'_> {
    /// Declares the person's fields.
    pub(super) fn declare_person(&mut self, p: &ast::PersonDecl) {
        let (schema, tys) = self.schema(&p.fields, &PERSON_LIST_KEYS, true);
        self.person.schema = schema;
        self.person.field_tys = tys;
    }

    /// The fields of a block, each name once and none `reserved`, with the type each has in
    /// expressions (optional unless `required`). `person`: the person's block, the only one
    /// whose fields may be marked `the id` and `the name`.
    pub(super) fn schema(
        &mut self,
        fields: &[Spanned<ast::FieldDecl>],
        reserved: &[&str],
        person: bool,
    ) -> (Schema, Vec<Ty>) {
        let mut schema = Schema::default();
        let mut tys = Vec::new();
        // Where `the id` and `the name` were first given.
        let (mut id_span, mut name_span) = (None, None);
        for decl in fields {
            let name = &decl.name;
            if reserved.contains(&name.node.as_str()) || YEAR_WORDS.contains(&name.node.as_str()) {
                self.error(
                    CheckErrorKind::ReservedName {
                        name: name.node.clone(),
                    },
                    name.span,
                );
                continue;
            }
            let first = schema
                .slots
                .get(&name.node)
                .and_then(|&slot| schema.fields.get(usize::from(slot)))
                .map(|f| f.span);
            if self.defined_twice(NameKind::Field, &name.node, name.span, first) {
                continue;
            }
            // A field whose type is unknown is kept with an error type, so that its uses
            // are not reported again as unknown names.
            let known = self.field_type(&decl.ty);
            let field_type = known.clone().unwrap_or(FieldType::Text);
            let mut field = Field {
                name: name.node.clone(),
                ty: field_type.clone(),
                required: false,
                nonempty: false,
                at_least: None,
                at_most: None,
                span: name.span,
            };
            for attr in &decl.attrs {
                match &attr.node {
                    ast::FieldAttr::Required => field.required = true,
                    ast::FieldAttr::Identity(_) if !person => {
                        self.error(CheckErrorKind::Misplaced, attr.span);
                    }
                    ast::FieldAttr::Identity(role) => {
                        let text_like =
                            matches!(field_type, FieldType::Text | FieldType::ResidentId);
                        if !text_like {
                            let ty = self.type_name(&field_type.ty());
                            let attribute = role.written();
                            self.error(CheckErrorKind::FieldAttribute { attribute, ty }, attr.span);
                            continue;
                        }
                        let (marked, first) = match role {
                            ast::Identity::Id => (&mut schema.id_field, &mut id_span),
                            ast::Identity::Name => (&mut schema.name_field, &mut name_span),
                        };
                        if marked.is_some() {
                            self.given_twice(RuleKind::Identity(*role), attr.span, *first);
                        } else {
                            *marked = Some(name.node.clone());
                            *first = Some(attr.span);
                        }
                    }
                    ast::FieldAttr::NonEmpty => match field_type {
                        FieldType::Text | FieldType::List(_) | FieldType::ResidentId => {
                            field.nonempty = true
                        }
                        _ => {
                            let ty = self.type_name(&field_type.ty());
                            self.error(
                                CheckErrorKind::FieldAttribute {
                                    attribute: "nonempty",
                                    ty,
                                },
                                attr.span,
                            );
                        }
                    },
                    ast::FieldAttr::AtLeast(e) | ast::FieldAttr::AtMost(e) => {
                        let least = matches!(attr.node, ast::FieldAttr::AtLeast(_));
                        let attribute = if least { "at least" } else { "at most" };
                        let FieldType::Number { dim, .. } = &field_type else {
                            let ty = self.type_name(&field_type.ty());
                            self.error(CheckErrorKind::FieldAttribute { attribute, ty }, attr.span);
                            continue;
                        };
                        // Bounds are read in the scope of constants, so they are known
                        // without a record.
                        let bound = self.expr(e, &Scope::constant());
                        let bound = self.expect(bound, &Ty::Number(dim.clone()));
                        if bound.ty.is_error() {
                            continue;
                        }
                        let value = match bound.eval(&Env::constant()) {
                            Ok(v) => v.as_number(),
                            Err(_) => {
                                self.error(
                                    CheckErrorKind::ConstantFails {
                                        reason: ConstantFailure::Overflow,
                                    },
                                    bound.span,
                                );
                                continue;
                            }
                        };
                        if least {
                            field.at_least = value;
                        } else {
                            field.at_most = value;
                        }
                    }
                }
            }
            if let (Some(least), Some(most)) = (field.at_least, field.at_most)
                && least > most
            {
                let unit = match &field_type {
                    FieldType::Number { dim, .. } => self.dim_name(dim),
                    _ => String::new(),
                };
                let shown = |n: Number| format!("{n} {unit}").trim_end().to_string();
                self.error(
                    CheckErrorKind::ContradictoryBounds {
                        least: shown(least),
                        most: shown(most),
                    },
                    decl.span,
                );
            }
            let slot = schema.fields.len() as u16;
            schema.slots.insert(name.node.clone(), slot);
            let ty = if known.is_some() {
                field_type.ty()
            } else {
                Ty::Error
            };
            tys.push(if field.required || ty.is_error() {
                ty
            } else {
                Ty::Maybe(Box::new(ty))
            });
            schema.fields.push(field);
        }
        (schema, tys)
    }

    /// A field's type; `None` (reported) when it names no type or misplaces a unit.
    fn field_type(&mut self, ty: &Spanned<ast::TypeExpr>) -> Option<FieldType> {
        match &ty.node {
            ast::TypeExpr::List(inner) => Some(FieldType::List(Box::new(self.field_type(inner)?))),
            ast::TypeExpr::OneOf(values) => {
                let mut index = NameMap::default();
                let mut list = Vec::new();
                for v in values {
                    if index.contains_key(&v.node) {
                        let first = values
                            .iter()
                            .find(|w| w.node == v.node)
                            .map_or(ty.span, |w| w.span);
                        self.error(
                            CheckErrorKind::RepeatedValue {
                                value: v.node.clone(),
                                first,
                            },
                            v.span,
                        );
                        continue;
                    }
                    index.insert(v.node.clone(), list.len() as u16);
                    list.push(v.node.clone());
                }
                let id = self.enums.len() as u16;
                self.enums.push(EnumType {
                    values: list,
                    index,
                });
                Some(FieldType::Enum(id))
            }
            ast::TypeExpr::Named { name, unit } => {
                const TYPES: [&str; 7] = [
                    "text",
                    "integer",
                    "decimal",
                    "bool",
                    "date",
                    "year",
                    "resident_id",
                ];
                let numeric = matches!(name.node.as_str(), "integer" | "decimal");
                if let Some(u) = unit
                    && !numeric
                {
                    let ty_name = match name.node.as_str() {
                        "date" => TypeName::Date,
                        "year" => TypeName::Year,
                        "bool" => TypeName::Bool,
                        _ => TypeName::Text,
                    };
                    self.error(
                        CheckErrorKind::FieldAttribute {
                            attribute: "unit",
                            ty: ty_name,
                        },
                        u.span,
                    );
                    return None;
                }
                Some(match name.node.as_str() {
                    "text" => FieldType::Text,
                    "bool" => FieldType::Bool,
                    "date" => FieldType::Date,
                    "year" => FieldType::Year,
                    "resident_id" => FieldType::ResidentId,
                    "integer" | "decimal" => {
                        let dim = match unit {
                            Some(u) => Dim::unit(self.unit_id(u)?),
                            None => Dim::none(),
                        };
                        FieldType::Number {
                            integer: name.node == "integer",
                            dim,
                        }
                    }
                    other => {
                        self.error(
                            CheckErrorKind::UnknownType {
                                name: other.to_string(),
                                suggestion: crate::suggest::closest(other, TYPES),
                            },
                            name.span,
                        );
                        return None;
                    }
                })
            }
        }
    }
}
