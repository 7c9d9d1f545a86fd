//! Purposes: the years a purpose judges (one year or a range), its test of each year, and
//! its statuses in order, the last one `otherwise`.

use super::Checker;
use super::error::{CheckErrorKind, Cited, PeriodProblem, RuleKind, StatusProblem};
use super::expr::{Scope, YearAccess};
use super::origin::{block_origin, origin_of, text_of};
use crate::eval::MAX_WINDOW;
use crate::policy::types::Ty;
use crate::policy::{Cite, Periods, Purpose, Rule, StatusRule, Window, YearRules};
use crate::source::Span;
use crate::syntax::ast::{self, Spanned, Stmt};

impl Checker<'_> {
    /// A purpose; `None` when its window is missing or wrong (reported).
    pub(super) fn purpose(&mut self, decl: &ast::PurposeDecl, span: Span) -> Option<Purpose> {
        let (block_cite, block_reading) = self.block_meta(&decl.body);
        let block = block_cite.as_ref();
        let (window, passes) = self.window_and_test(&decl.body, block);
        // Without a window (reported below), statuses are read as for one year, so that the
        // missing window is the only finding.
        let single = !matches!(window, Some(Window::Range { .. }));
        let status_scope = Scope {
            quantifiers: Some(passes.is_some()),
            ..Scope::purpose(if single {
                YearAccess::Purpose
            } else {
                YearAccess::Range
            })
        };
        let (statuses, after_otherwise) =
            self.statuses(&decl.name.node, &decl.body, block, &status_scope);
        let name = decl.name.node.clone();
        if window.is_none() {
            self.error(
                CheckErrorKind::MissingRule {
                    rule: RuleKind::Window,
                    block: name.clone(),
                },
                decl.name.span,
            );
        }
        if statuses.is_empty() {
            self.error(
                CheckErrorKind::StatusOrder {
                    problem: StatusProblem::None,
                    purpose: name.clone(),
                },
                decl.name.span,
            );
        } else if !after_otherwise && statuses.last().is_some_and(|s| s.when.is_some()) {
            let at = statuses.last().map_or(span, |s| s.origin.span);
            self.error(
                CheckErrorKind::StatusOrder {
                    problem: StatusProblem::NoOtherwise,
                    purpose: name.clone(),
                },
                at,
            );
        }
        let one_year = matches!(window, Some(Window::Single(_)));
        let periods = self.periods(&decl.body, block, &name, one_year);
        let origin = block_origin(span, block, block_reading);
        let any_cite = decl
            .body
            .iter()
            .any(|s| s.node.meta().is_some_and(|m| m.cite.is_some()));
        if origin.cite.is_none() && !any_cite {
            self.error(
                CheckErrorKind::MissingCitation {
                    what: Cited::Purpose(decl.name.node.clone()),
                },
                decl.name.span,
            );
        }
        Some(Purpose {
            name,
            label: decl.label.as_ref().map(text_of),
            origin,
            window: window?,
            periods,
            passes,
            statuses,
        })
    }

    /// The purpose's window (`year …` or `years … to …`) and its test of each year (`each
    /// year passes when`), each given at most once.
    fn window_and_test(
        &mut self,
        body: &[Spanned<Stmt>],
        block: Option<&Cite>,
    ) -> (Option<Window>, Option<Rule>) {
        let window_scope = Scope::purpose(YearAccess::None);
        let mut window: Option<Window> = None;
        let mut passes: Option<Rule> = None;
        for stmt in body {
            match &stmt.node {
                Stmt::Year { year, meta }
                | Stmt::Years {
                    from: year, meta, ..
                } => {
                    let first = window.as_ref().map(|w| match w {
                        Window::Single(r) => r.origin.span,
                        Window::Range { origin, .. } => origin.span,
                    });
                    if self.given_twice(RuleKind::Window, stmt.span, first) {
                        continue;
                    }
                    let origin = origin_of(stmt.span, meta, block);
                    let from = self.expr(year, &window_scope);
                    let from = self.present(from);
                    let from = self.expect(from, &Ty::Year);
                    window = Some(match &stmt.node {
                        Stmt::Years { to, .. } => {
                            let to = self.expr(to, &window_scope);
                            let to = self.present(to);
                            let to = self.expect(to, &Ty::Year);
                            Window::Range { from, to, origin }
                        }
                        _ => Window::Single(Rule { expr: from, origin }),
                    });
                }
                Stmt::Passes { when, meta } => {
                    let first = passes.as_ref().map(|p| p.origin.span);
                    if self.given_twice(RuleKind::Passes, stmt.span, first) {
                        continue;
                    }
                    let c = self.expr(when, &Scope::purpose(YearAccess::Purpose));
                    let c = self.present(c);
                    let c = self.expect(c, &Ty::Bool);
                    passes = Some(Rule {
                        expr: c,
                        origin: origin_of(stmt.span, meta, block),
                    });
                }
                _ => {}
            }
        }
        (window, passes)
    }

    /// Warns of each purpose of one year when a figure of the year block reads the year
    /// before (`… in previous year`): with one year examined there is none, and the figure
    /// always takes its `otherwise` value there.
    pub(super) fn nothing_carried(&mut self, year: &YearRules, purposes: &[Purpose]) {
        let Some(figure) = year.figures.iter().find(|f| f.rule.expr.reads_previous()) else {
            return;
        };
        for purpose in purposes {
            if let Window::Single(rule) = &purpose.window {
                self.error(
                    CheckErrorKind::NothingCarried {
                        purpose: purpose.name.clone(),
                        figure: figure.name.clone(),
                    },
                    rule.origin.span,
                );
            }
        }
    }

    /// The purpose's `periods of N years`, given at most once, only with a range of years
    /// (`single` says the window is one year), N a whole number of years a window can hold.
    fn periods(
        &mut self,
        body: &[Spanned<Stmt>],
        block: Option<&Cite>,
        purpose: &str,
        single: bool,
    ) -> Option<Periods> {
        let mut periods: Option<Periods> = None;
        for stmt in body {
            let Stmt::Periods { years, meta } = &stmt.node else {
                continue;
            };
            let first = periods.as_ref().map(|p| p.origin.span);
            if self.given_twice(RuleKind::Periods, stmt.span, first) {
                continue;
            }
            let problem = |problem| CheckErrorKind::Periods {
                problem,
                years: years.node.clone(),
            };
            let length = years
                .node
                .parse::<u16>()
                .ok()
                .filter(|n| (1..=MAX_WINDOW).contains(&i64::from(*n)));
            let Some(length) = length else {
                self.error(problem(PeriodProblem::Length), years.span);
                continue;
            };
            if single {
                self.error(
                    problem(PeriodProblem::OneYear {
                        purpose: purpose.to_string(),
                    }),
                    stmt.span,
                );
                continue;
            }
            periods = Some(Periods {
                years: length,
                origin: origin_of(stmt.span, meta, block),
            });
        }
        periods
    }

    /// The statuses of purpose `name`, in order, and whether an `otherwise` ends them.
    fn statuses(
        &mut self,
        name: &str,
        body: &[Spanned<Stmt>],
        block: Option<&Cite>,
        status_scope: &Scope,
    ) -> (Vec<StatusRule>, bool) {
        let mut statuses: Vec<StatusRule> = Vec::new();
        let mut after_otherwise = false;
        for stmt in body {
            match &stmt.node {
                Stmt::Status {
                    label,
                    display,
                    when,
                    meta,
                } => {
                    if label.node == "invalid" {
                        self.error(
                            CheckErrorKind::ReservedName {
                                name: label.node.clone(),
                            },
                            label.span,
                        );
                    }
                    if after_otherwise {
                        self.error(
                            CheckErrorKind::StatusOrder {
                                problem: StatusProblem::AfterOtherwise,
                                purpose: name.to_string(),
                            },
                            stmt.span,
                        );
                    }
                    let origin = origin_of(stmt.span, meta, block);
                    let when = match when {
                        Some(w) => {
                            let c = self.expr(w, status_scope);
                            let c = self.present(c);
                            Some(self.expect(c, &Ty::Bool))
                        }
                        None => {
                            after_otherwise = true;
                            None
                        }
                    };
                    // The same status may be reported for several conditions: a label given
                    // twice is no finding (a repeated `otherwise` is the order check's).
                    statuses.push(StatusRule {
                        label: label.node.clone(),
                        display: display.as_ref().map(text_of),
                        when,
                        origin,
                    });
                }
                Stmt::Cite(_)
                | Stmt::Reading(_)
                | Stmt::Year { .. }
                | Stmt::Years { .. }
                | Stmt::Periods { .. }
                | Stmt::Passes { .. } => {}
                _ => self.error(CheckErrorKind::Misplaced, stmt.span),
            }
        }
        (statuses, after_otherwise)
    }
}
