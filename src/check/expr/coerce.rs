//! Conversions the language makes where a type is expected: whole constants to years (in
//! each branch of an `if` or a `match`, in lists), and text literals to enumeration values.

use crate::check::Checker;
use crate::check::error::CheckErrorKind;
use crate::eval::interp::Env;
use crate::policy::expr::{Arm, CExpr, Op, Value, YEAR_RANGE};
use crate::policy::types::Ty;
use crate::source::Span;

impl Checker<'_> {
    /// A plain number where a year is expected: a whole constant becomes a year; in an
    /// `if` or a `match`, each branch does.
    pub(super) fn coerce_year(&mut self, e: CExpr) -> CExpr {
        let CExpr { op, span, ty } = e;
        match op {
            Op::If(c, t, o) => {
                let t = self.coerce_year(*t);
                let o = self.coerce_year(*o);
                CExpr {
                    op: Op::If(c, Box::new(t), Box::new(o)),
                    span,
                    ty: Ty::Year,
                }
            }
            Op::Match {
                scrutinee,
                table,
                arms,
            } => {
                let arms = arms
                    .into_iter()
                    .map(|a| Arm {
                        value: self.coerce_year(a.value),
                        pattern: a.pattern,
                    })
                    .collect();
                CExpr {
                    op: Op::Match {
                        scrutinee,
                        table,
                        arms,
                    },
                    span,
                    ty: Ty::Year,
                }
            }
            op => self.number_to_year(CExpr { op, span, ty }),
        }
    }

    /// A constant whole number in the range of years, as a year; otherwise a mismatch.
    fn number_to_year(&mut self, e: CExpr) -> CExpr {
        let year = if e.is_constant() {
            e.eval(&Env::constant()).ok().as_ref().and_then(year_of)
        } else {
            None
        };
        match year {
            Some(y) => {
                let op = match e.op {
                    Op::Constant { id, .. } => Op::Constant {
                        id,
                        value: Value::Year(y),
                    },
                    _ => Op::Value(Value::Year(y)),
                };
                CExpr {
                    op,
                    span: e.span,
                    ty: Ty::Year,
                }
            }
            None => {
                self.mismatch(&Ty::Year, &e);
                CExpr { ty: Ty::Error, ..e }
            }
        }
    }

    /// A list of whole numbers as a list of years, each converted as by `number_to_year`.
    pub(super) fn list_to_years(&mut self, e: CExpr) -> CExpr {
        match &e.op {
            Op::List(items) => {
                let items = items
                    .iter()
                    .cloned()
                    .map(|i| self.number_to_year(i))
                    .collect();
                CExpr {
                    op: Op::List(items),
                    span: e.span,
                    ty: Ty::List(Box::new(Ty::Year)),
                }
            }
            _ => match e.constant_value() {
                Some(Value::List(values)) => {
                    let years: Option<Vec<Value>> =
                        values.iter().map(|v| year_of(v).map(Value::Year)).collect();
                    match years {
                        Some(y) => CExpr::value(
                            Value::List(y.into()),
                            e.span,
                            Ty::List(Box::new(Ty::Year)),
                        ),
                        None => {
                            self.mismatch(&Ty::List(Box::new(Ty::Year)), &e);
                            CExpr { ty: Ty::Error, ..e }
                        }
                    }
                }
                _ => {
                    self.mismatch(&Ty::List(Box::new(Ty::Year)), &e);
                    CExpr { ty: Ty::Error, ..e }
                }
            },
        }
    }

    /// Turns text literals (or a constant list of them) into values of enumeration `id`.
    pub(super) fn text_to_enum(&mut self, e: CExpr, id: u16) -> CExpr {
        let values = self
            .enums
            .get(usize::from(id))
            .map(|t| t.values.clone())
            .unwrap_or_default();
        let convert = |this: &mut Self, text: &str, span: Span| -> Option<Value> {
            match values.iter().position(|v| v == text) {
                Some(i) => Some(Value::Enum(i as u16)),
                None => {
                    let suggestion =
                        crate::suggest::closest(text, values.iter().map(String::as_str));
                    this.error(
                        CheckErrorKind::UnknownEnumValue {
                            value: text.to_string(),
                            allowed: values.clone(),
                            suggestion,
                        },
                        span,
                    );
                    None
                }
            }
        };
        match e.constant_value() {
            Some(Value::Text(t)) => {
                let t = t.clone();
                match convert(self, &t, e.span) {
                    Some(v) => CExpr::value(v, e.span, Ty::Enum(id)),
                    None => CExpr { ty: Ty::Error, ..e },
                }
            }
            Some(Value::List(items)) => {
                let items = items.clone();
                // Point each unknown value at its own literal when the list is written inline.
                let spans: Vec<Span> = match &e.op {
                    Op::Value(_) => self.list_item_spans(e.span, items.len()),
                    _ => vec![e.span; items.len()],
                };
                let mut out = Vec::new();
                let mut ok = true;
                for (item, span) in items.iter().zip(spans) {
                    match item {
                        Value::Text(t) => match convert(self, t, span) {
                            Some(v) => out.push(v),
                            None => ok = false,
                        },
                        _ => ok = false,
                    }
                }
                if ok {
                    CExpr::value(
                        Value::List(out.into()),
                        e.span,
                        Ty::List(Box::new(Ty::Enum(id))),
                    )
                } else {
                    CExpr { ty: Ty::Error, ..e }
                }
            }
            _ => {
                self.mismatch(&Ty::Enum(id), &e);
                CExpr { ty: Ty::Error, ..e }
            }
        }
    }

    /// Spans of the string literals of a list written inline (`["a", "b"]`), best effort.
    fn list_item_spans(&self, list: Span, n: usize) -> Vec<Span> {
        let text = self.source.slice(list);
        let mut spans = Vec::new();
        let mut in_string = false;
        let mut start = 0;
        let mut escaped = false;
        for (i, c) in text.char_indices() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                    spans.push(Span::new(list.start + start, list.start + i + 1));
                }
            } else if c == '"' {
                in_string = true;
                start = i;
            }
        }
        if spans.len() == n {
            spans
        } else {
            vec![list; n]
        }
    }
}

/// The year a value names: a whole number in the range of years.
fn year_of(v: &Value) -> Option<i32> {
    v.as_number()
        .and_then(|n| n.to_i64())
        .and_then(|n| i32::try_from(n).ok())
        .filter(|y| YEAR_RANGE.contains(y))
}
