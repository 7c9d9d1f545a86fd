//! Lowering the statements inside blocks (`credit`, `cap`, `requires`, `status` …). A
//! rule's span stops before its citation.

use super::{Lower, parts};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::grammar::{Rule, span_of};
use pest::iterators::Pair;

impl Lower {
    /// A statement inside a block; `None` for a pair that is not one.
    pub(super) fn stmt(&self, pair: Pair<Rule>, base: usize) -> Option<Spanned<Stmt>> {
        let rule = pair.as_rule();
        let whole = span_of(&pair, base);
        let p = parts(pair);
        // A rule's span stops before its citation: diagnostics point at the rule itself.
        let span = match p.iter().rev().find(|q| q.as_rule() != Rule::meta) {
            Some(last) if rule != Rule::cite_stmt && rule != Rule::reading_stmt => {
                Span::new(whole.start, span_of(last, base).end)
            }
            _ => whole,
        };
        let meta_at = |i: usize| -> Meta {
            p.get(i)
                .filter(|m| m.as_rule() == Rule::meta)
                .map(|m| self.meta(m.clone(), base))
                .unwrap_or_default()
        };
        let stmt = match rule {
            Rule::cite_stmt => Stmt::Cite(self.citation(p.first()?.clone(), base)),
            Rule::reading_stmt => Stmt::Reading(self.reading(p.first()?.clone(), base)),
            Rule::fields_block => {
                Stmt::Fields(p.into_iter().map(|f| self.field(f, base)).collect())
            }
            Rule::let_stmt => Stmt::Let {
                name: self.ident(p.first()?, base),
                value: self.expr(p.get(1)?.clone(), base),
                meta: meta_at(2),
            },
            Rule::counts_in_stmt => Stmt::CountsIn {
                year: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::counts_as_stmt => {
                let mut exprs = p
                    .iter()
                    .filter(|q| q.as_rule() == Rule::expr)
                    .map(|q| self.expr(q.clone(), base));
                let category = exprs.next()?;
                let also: Vec<Expr> = exprs.collect();
                Stmt::CountsAs {
                    category,
                    meta: meta_at(1 + also.len()),
                    also,
                }
            }
            Rule::credit_stmt => Stmt::Credit {
                formula: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::cap_stmt => Stmt::Cap {
                limit: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::spread_stmt => Stmt::Spread {
                over: self.expr(p.first()?.clone(), base),
                per_year: self.expr(p.get(1)?.clone(), base),
                meta: meta_at(2),
            },
            Rule::requires_stmt => {
                let mode_pair = parts(p.first()?.clone());
                let mode = match mode_pair.first().map(|m| m.as_rule()) {
                    Some(Rule::mode_all_of) => EvidenceMode::AllOf,
                    _ => EvidenceMode::OneOf,
                };
                let names = p
                    .iter()
                    .filter(|q| q.as_rule() == Rule::string)
                    .map(|q| self.string(q, base))
                    .collect();
                let meta = p
                    .iter()
                    .find(|q| q.as_rule() == Rule::meta)
                    .map(|m| self.meta(m.clone(), base))
                    .unwrap_or_default();
                Stmt::Requires { mode, names, meta }
            }
            Rule::reject_stmt => Stmt::Reject {
                when: self.expr(p.first()?.clone(), base),
                reason: self.label(p.get(1)?.clone(), base),
                meta: meta_at(2),
            },
            Rule::invalid_stmt => {
                let when = self.expr(p.first()?.clone(), base);
                let message = self.label(p.get(1)?.clone(), base);
                let mut at = None;
                let mut meta = Meta::default();
                for q in p.iter().skip(2) {
                    match q.as_rule() {
                        Rule::ident => at = Some(self.ident(q, base)),
                        Rule::meta => meta = self.meta(q.clone(), base),
                        _ => {}
                    }
                }
                Stmt::Invalid {
                    when,
                    message,
                    at,
                    meta,
                }
            }
            Rule::covers_stmt => Stmt::Covers {
                years: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::value_stmt => {
                let labelled = p.get(1).is_some_and(|q| q.as_rule() == Rule::label);
                let at = usize::from(labelled);
                Stmt::Value {
                    name: self.ident(p.first()?, base),
                    label: labelled
                        .then(|| p.get(1).map(|l| self.label(l.clone(), base)))
                        .flatten(),
                    value: self.expr(p.get(1 + at)?.clone(), base),
                    meta: meta_at(2 + at),
                }
            }
            Rule::require_stmt => Stmt::Require {
                condition: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::shortfall_stmt => match p.first()? {
                q if q.as_rule() == Rule::make_up => Stmt::MakeUp {
                    category: self.ident(parts(q.clone()).first()?, base),
                    meta: meta_at(1),
                },
                q => Stmt::Shortfall {
                    value: self.expr(q.clone(), base),
                    meta: meta_at(1),
                },
            },
            Rule::window_single => Stmt::Year {
                year: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::window_range => Stmt::Years {
                from: self.expr(p.first()?.clone(), base),
                to: self.expr(p.get(1)?.clone(), base),
                meta: meta_at(2),
            },
            Rule::periods_stmt => {
                let digits = p.first()?;
                Stmt::Periods {
                    years: Spanned::new(digits.as_str().to_string(), span_of(digits, base)),
                    meta: meta_at(2),
                }
            }
            Rule::passes_stmt => Stmt::Passes {
                when: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::form_field => Stmt::FormField {
                label: self.string(p.first()?, base),
                value: self.expr(p.get(1)?.clone(), base),
                meta: meta_at(2),
            },
            Rule::status_stmt => {
                let label = self.ident(p.first()?, base);
                let labelled = p.get(1).is_some_and(|q| q.as_rule() == Rule::label);
                let at = usize::from(labelled);
                let display = labelled
                    .then(|| p.get(1).map(|l| self.label(l.clone(), base)))
                    .flatten();
                let condition = p.get(1 + at)?;
                let when = match condition.as_rule() {
                    Rule::status_when => {
                        let inner = parts(condition.clone());
                        Some(self.expr(inner.first()?.clone(), base))
                    }
                    _ => None,
                };
                Stmt::Status {
                    label,
                    display,
                    when,
                    meta: meta_at(2 + at),
                }
            }
            _ => return None,
        };
        Some(Spanned::new(stmt, span))
    }
}
