//! Lowering the top-level items, and the parts they share with statements: citations,
//! readings, labels, fields and types.

use super::{Lower, parts};
use crate::syntax::ast::*;
use crate::syntax::grammar::{Rule, span_of};
use pest::iterators::Pair;

impl Lower {
    /// A top-level item; `None` for a pair that is not one.
    pub(in crate::syntax) fn item(&self, pair: Pair<Rule>, base: usize) -> Option<Spanned<Item>> {
        let span = span_of(&pair, base);
        let rule = pair.as_rule();
        let p = parts(pair);
        let item = match rule {
            Rule::header => {
                let (first, rest) = p.split_first()?;
                let name = self.string(first, base);
                let entries = rest
                    .iter()
                    .filter_map(|e| self.header_entry(e.clone(), base))
                    .collect();
                Item::Header(Header { name, entries })
            }
            Rule::unit_decl => {
                let (first, rest) = p.split_first()?;
                let singular = self.ident(first, base);
                let mut plural = None;
                let mut label = None;
                for q in rest {
                    match q.as_rule() {
                        Rule::ident => plural = Some(self.ident(q, base)),
                        Rule::label => label = Some(self.label(q.clone(), base)),
                        _ => {}
                    }
                }
                Item::Unit(UnitDecl {
                    singular,
                    plural,
                    label,
                })
            }
            Rule::const_decl => Item::Const(ConstDecl {
                name: self.ident(p.first()?, base),
                value: self.expr(p.get(1)?.clone(), base),
                meta: self.meta(p.get(2)?.clone(), base),
            }),
            Rule::category_decl => {
                let (first, rest) = p.split_first()?;
                let name = self.ident(first, base);
                let mut label = None;
                let mut cap = None;
                let mut meta = Meta::default();
                for q in rest {
                    match q.as_rule() {
                        Rule::label => label = Some(self.label(q.clone(), base)),
                        Rule::category_cap => {
                            let span = span_of(q, base);
                            if let Some(limit) = parts(q.clone()).first() {
                                let limit = self.expr(limit.clone(), base);
                                cap = Some(Spanned::new(limit, span));
                            }
                        }
                        Rule::meta => meta = self.meta(q.clone(), base),
                        _ => {}
                    }
                }
                Item::Category(CategoryDecl {
                    name,
                    label,
                    cap,
                    meta,
                })
            }
            Rule::evidence_decl => {
                let mut names = Vec::new();
                let mut meta = Meta::default();
                for q in p {
                    match q.as_rule() {
                        Rule::string => names.push(self.string(&q, base)),
                        Rule::meta => meta = self.meta(q, base),
                        _ => {}
                    }
                }
                Item::Evidence(EvidenceDecl { names, meta })
            }
            Rule::person_decl => Item::Person(PersonDecl {
                fields: p.into_iter().map(|f| self.field(f, base)).collect(),
            }),
            Rule::kind_decl => {
                let (first, rest) = p.split_first()?;
                let name = self.ident(first, base);
                let (label, body) = self.labelled_body(rest, base);
                Item::Kind(KindDecl { name, label, body })
            }
            Rule::exemption_decl => {
                let (label, body) = self.labelled_body(&p, base);
                Item::Exemption(ExemptionDecl { label, body })
            }
            Rule::year_decl => Item::Year(YearDecl {
                body: p.into_iter().filter_map(|s| self.stmt(s, base)).collect(),
            }),
            Rule::purpose_decl => {
                let (first, rest) = p.split_first()?;
                let name = self.ident(first, base);
                let (label, body) = self.labelled_body(rest, base);
                Item::Purpose(PurposeDecl { name, label, body })
            }
            Rule::form_decl => {
                let (first, rest) = p.split_first()?;
                let name = self.ident(first, base);
                let (label, body) = self.labelled_body(rest, base);
                Item::Form(FormDecl { name, label, body })
            }
            _ => return None,
        };
        Some(Spanned::new(item, span))
    }

    fn labelled_body(&self, p: &[Pair<Rule>], base: usize) -> (Option<Label>, Vec<Spanned<Stmt>>) {
        let mut label = None;
        let mut body = Vec::new();
        for q in p {
            if q.as_rule() == Rule::label {
                label = Some(self.label(q.clone(), base));
            } else if let Some(stmt) = self.stmt(q.clone(), base) {
                body.push(stmt);
            }
        }
        (label, body)
    }

    fn header_entry(&self, pair: Pair<Rule>, base: usize) -> Option<HeaderEntry> {
        let p = parts(pair);
        let key = self.ident(p.first()?, base);
        let v = p.get(1)?;
        let value = match v.as_rule() {
            Rule::date => HeaderValue::Date(self.date(v, base)),
            _ => HeaderValue::Text(self.string(v, base).node),
        };
        Some(HeaderEntry {
            key,
            value: Spanned::new(value, span_of(v, base)),
        })
    }

    /// The citation and reading that follow a rule.
    pub(super) fn meta(&self, pair: Pair<Rule>, base: usize) -> Meta {
        let mut meta = Meta::default();
        for q in parts(pair) {
            match q.as_rule() {
                Rule::citation => meta.cite = Some(self.citation(q, base)),
                Rule::reading => meta.reading = Some(self.reading(q, base)),
                _ => {}
            }
        }
        meta
    }

    /// A `cite` and the clause it names, with the sentence quoted if any.
    pub(super) fn citation(&self, pair: Pair<Rule>, base: usize) -> Spanned<Citation> {
        let span = span_of(&pair, base);
        let p = parts(pair);
        let clause = p
            .first()
            .map(|c| self.string(c, base))
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let quote = p.get(1).map(|q| self.string(q, base));
        Spanned::new(Citation { clause, quote }, span)
    }

    /// A `reading`: how an ambiguous sentence is read.
    pub(super) fn reading(&self, pair: Pair<Rule>, base: usize) -> Label {
        let span = span_of(&pair, base);
        match parts(pair).into_iter().next() {
            Some(label) => self.label(label, base),
            None => Label {
                text: Spanned::new(String::new(), span),
                en: None,
            },
        }
    }

    /// A display text and its optional English variant.
    pub(super) fn label(&self, pair: Pair<Rule>, base: usize) -> Label {
        let span = span_of(&pair, base);
        let p = parts(pair);
        let text = p
            .first()
            .map(|s| self.string(s, base))
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let en = p.get(1).map(|s| self.string(s, base));
        Label { text, en }
    }

    /// A field of a record: its name, type and attributes.
    pub(super) fn field(&self, pair: Pair<Rule>, base: usize) -> Spanned<FieldDecl> {
        let span = span_of(&pair, base);
        let p = parts(pair);
        let name = p
            .first()
            .map(|n| self.ident(n, base))
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let ty = p
            .get(1)
            .map(|t| self.type_expr(t.clone(), base))
            .unwrap_or_else(|| {
                Spanned::new(
                    TypeExpr::Named {
                        name: Spanned::new(String::new(), span),
                        unit: None,
                    },
                    span,
                )
            });
        let attrs = p
            .iter()
            .skip(2)
            .map(|a| {
                let aspan = span_of(a, base);
                let attr = match a.as_rule() {
                    Rule::attr_required => FieldAttr::Required,
                    Rule::attr_nonempty => FieldAttr::NonEmpty,
                    Rule::attr_identity => FieldAttr::Identity(
                        if a.clone().into_inner().any(|w| w.as_rule() == Rule::k_name) {
                            Identity::Name
                        } else {
                            Identity::Id
                        },
                    ),
                    Rule::attr_at_least => match parts(a.clone()).into_iter().next() {
                        Some(e) => FieldAttr::AtLeast(self.expr(e, base)),
                        None => FieldAttr::Required,
                    },
                    _ => match parts(a.clone()).into_iter().next() {
                        Some(e) => FieldAttr::AtMost(self.expr(e, base)),
                        None => FieldAttr::Required,
                    },
                };
                Spanned::new(attr, aspan)
            })
            .collect();
        Spanned::new(FieldDecl { name, ty, attrs }, span)
    }

    fn type_expr(&self, pair: Pair<Rule>, base: usize) -> Spanned<TypeExpr> {
        let span = span_of(&pair, base);
        let rule = pair.as_rule();
        let p = parts(pair);
        let ty = match rule {
            Rule::list_type => match p.into_iter().next() {
                Some(inner) => TypeExpr::List(Box::new(self.type_expr(inner, base))),
                None => TypeExpr::OneOf(Vec::new()),
            },
            Rule::enum_type => TypeExpr::OneOf(p.iter().map(|s| self.string(s, base)).collect()),
            _ => TypeExpr::Named {
                name: p
                    .first()
                    .map(|n| self.ident(n, base))
                    .unwrap_or_else(|| Spanned::new(String::new(), span)),
                unit: p.get(1).map(|u| self.ident(u, base)),
            },
        };
        Spanned::new(ty, span)
    }
}
