//! Parsing: policy text → [`PolicyFile`]. Only the `syntax` folder knows pest exists.
//!
//! The parser reads one top-level item at a time. When an item does not parse, the error is
//! recorded and reading resumes at the next line that starts with an item keyword, so one
//! run reports the mistakes of every item.

use super::ast::{Comment, PolicyFile};
use super::grammar::{PolicyParser, Rule, span_of};
use super::limits::too_deep;
use super::lower::Lower;
use super::recover::recover;
use crate::source::Span;
use pest::Parser;

use super::error::{ParseError, ParseErrorKind};
use super::limits::MAX_POLICY_BYTES;

/// Parses a whole policy file. Returns what could be read and every error found; the
/// file is usable only when the error list is empty.
pub fn parse_policy(text: &str) -> (PolicyFile, Vec<ParseError>) {
    crate::stack::with_big_stack(|| parse_on_this_stack(text))
}

fn parse_on_this_stack(text: &str) -> (PolicyFile, Vec<ParseError>) {
    // Limits first: the parser and the checker recurse over nesting.
    let limit = if text.len() > MAX_POLICY_BYTES {
        Some((ParseErrorKind::TooLarge, Span::new(0, 0)))
    } else {
        too_deep(text).map(|at| (ParseErrorKind::TooDeep, Span::new(at, at + 1)))
    };
    if let Some((kind, span)) = limit {
        return (PolicyFile::default(), vec![ParseError { kind, span }]);
    }
    let lower = Lower::new();
    let mut file = PolicyFile::default();
    let mut offset = 0;
    while offset <= text.len() {
        let rest = &text[offset..];
        match PolicyParser::parse(Rule::next_item, rest) {
            Ok(mut pairs) => {
                let Some(next) = pairs.next() else { break };
                let end = next.as_span().end();
                let mut at_end = false;
                for pair in next.clone().into_inner().flatten() {
                    if pair.as_rule() == Rule::COMMENT {
                        file.comments.push(Comment {
                            text: pair.as_str().trim_end().to_string(),
                            span: span_of(&pair, offset),
                        });
                    }
                }
                lower.start_item(offset);
                for pair in next.into_inner() {
                    match pair.as_rule() {
                        Rule::COMMENT => {}
                        Rule::end_of_file => at_end = true,
                        _ => {
                            if let Some(item) = lower.item(pair, offset) {
                                file.items.push(item);
                            }
                        }
                    }
                }
                if at_end || end == 0 {
                    break;
                }
                offset += end;
            }
            Err(error) => {
                let (error, resume) = recover(text, offset, &error);
                lower.push(error);
                match resume {
                    Some(next) => offset = next,
                    None => break,
                }
            }
        }
    }
    (file, lower.into_errors())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::*;

    fn parse_ok(text: &str) -> PolicyFile {
        let (file, errors) = parse_policy(text);
        assert!(errors.is_empty(), "{errors:#?}");
        file
    }

    fn expr_of(text: &str) -> ExprKind {
        let file = parse_ok(&format!("const x = {text}"));
        match &file.items[0].node {
            Item::Const(c) => c.value.node.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn units_attach_to_numbers() {
        match expr_of("8 hours/day * days(start, end)") {
            ExprKind::Binary {
                op: BinaryOp::Mul,
                lhs,
                rhs,
            } => {
                match &lhs.node {
                    ExprKind::Number { unit: Some(u), .. } => {
                        assert_eq!(u.numer.node, "hours");
                        assert_eq!(u.denoms[0].node, "day");
                    }
                    other => panic!("{other:?}"),
                }
                assert!(matches!(rhs.node, ExprKind::Call { .. }));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_exponent_is_part_of_the_number() {
        match expr_of("1.5e2 hours") {
            ExprKind::Number { value, text, unit } => {
                assert_eq!(value, crate::number::Number::from_int(150));
                assert_eq!(text, "1.5e2");
                assert_eq!(unit.unwrap().node.numer.node, "hours");
            }
            other => panic!("{other:?}"),
        }
        let (_, errors) = parse_policy("const x = 1e400 hours");
        assert!(
            matches!(&errors[0].kind, crate::syntax::ParseErrorKind::NumberOutOfRange(n) if n == "1e400"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_rate_in_words_divides_by_its_count() {
        match expr_of("1 credit per 3 hours/day") {
            ExprKind::Number {
                value,
                text,
                unit: Some(u),
            } => {
                assert_eq!(value, crate::number::Number::ratio(1, 3).unwrap());
                assert_eq!(text, "1");
                assert_eq!(u.numer.node, "credit");
                assert_eq!(u.denoms[0].node, "hours");
                assert_eq!(u.denoms[1].node, "day");
                assert_eq!(u.per_count.as_ref().unwrap().node.text, "3");
            }
            other => panic!("{other:?}"),
        }
        // `per` without a count is a plain denominator.
        match expr_of("60 hours per month") {
            ExprKind::Number { unit: Some(u), .. } => assert!(u.per_count.is_none()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_rate_per_zero_units_is_an_error() {
        let (_, errors) = parse_policy("const r = 1 credit per 0 hours");
        assert!(
            matches!(&errors[..], [e] if matches!(e.kind, ParseErrorKind::ZeroRateCount(_))),
            "{errors:?}"
        );
    }

    #[test]
    fn an_operation_spans_its_bracketed_operands() {
        let text = "const x = (a + b) / (c - 1)";
        let file = parse_ok(text);
        let Item::Const(c) = &file.items[0].node else {
            panic!()
        };
        assert_eq!(
            &text[c.value.span.start..c.value.span.end],
            "(a + b) / (c - 1)"
        );
        let text = "const x = -(a) * 2";
        let file = parse_ok(text);
        let Item::Const(c) = &file.items[0].node else {
            panic!()
        };
        assert_eq!(&text[c.value.span.start..c.value.span.end], "-(a) * 2");
    }

    #[test]
    fn is_given_binds_above_comparisons_and_below_otherwise() {
        // `not a is given` is `not (a is given)`.
        match expr_of("not a is given") {
            ExprKind::Unary {
                op: UnaryOp::Not,
                operand,
            } => assert!(matches!(
                operand.node,
                ExprKind::Unary {
                    op: UnaryOp::IsGiven,
                    ..
                }
            )),
            other => panic!("{other:?}"),
        }
        // `a otherwise b is not given` tests `a otherwise b`.
        match expr_of("a otherwise b is not given") {
            ExprKind::Unary {
                op: UnaryOp::IsNotGiven,
                operand,
            } => assert!(matches!(
                operand.node,
                ExprKind::Binary {
                    op: BinaryOp::Otherwise,
                    ..
                }
            )),
            other => panic!("{other:?}"),
        }
        // `x == a is given` compares `x` with `a is given`.
        match expr_of("x == a is given") {
            ExprKind::Binary {
                op: BinaryOp::Eq,
                rhs,
                ..
            } => assert!(matches!(rhs.node, ExprKind::Unary { .. })),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn fraction_is_a_division() {
        assert!(matches!(
            expr_of("2/3"),
            ExprKind::Binary {
                op: BinaryOp::Div,
                ..
            }
        ));
    }

    #[test]
    fn precedence_follows_the_table() {
        // a or b and not c == d + e * f  ≡  a or (b and (not (c == (d + (e * f)))))
        let ExprKind::Binary { op, rhs, .. } = expr_of("a or b and not c == d + e * f") else {
            panic!()
        };
        assert_eq!(op, BinaryOp::Or);
        let ExprKind::Binary { op, rhs, .. } = &rhs.node else {
            panic!()
        };
        assert_eq!(*op, BinaryOp::And);
        let ExprKind::Unary { op, operand } = &rhs.node else {
            panic!()
        };
        assert_eq!(*op, UnaryOp::Not);
        assert!(matches!(
            operand.node,
            ExprKind::Binary {
                op: BinaryOp::Eq,
                ..
            }
        ));
    }

    #[test]
    fn a_unit_does_not_swallow_the_next_line() {
        let file = parse_ok("const a = 90\nunit hour, hours \"学时\"\n");
        assert_eq!(file.items.len(), 2);
    }

    #[test]
    fn keywords_need_a_word_boundary() {
        let (_, errors) = parse_policy("kindtraining { }");
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn errors_in_several_items_are_all_reported() {
        let text = "const a = = 1\nconst b = 2\nkind k { credit }\nconst c = 3\n";
        let (file, errors) = parse_policy(text);
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!(file.items.len(), 2);
    }

    #[test]
    fn comments_are_collected() {
        let file = parse_ok("# top\nconst a = 1 # trailing\n# end\n");
        let texts: Vec<_> = file.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["# top", "# trailing", "# end"]);
    }

    #[test]
    fn impossible_dates_are_errors() {
        let (_, errors) = parse_policy("policy \"p\" { effective 2022-02-30 }");
        assert!(matches!(errors[0].kind, ParseErrorKind::InvalidDate(_)));
    }

    #[test]
    fn a_category_may_cap_its_credits_each_year() {
        let text = "category self_study \"自学\" at most 20 hours each year cite \"2\"";
        let file = parse_ok(text);
        let Item::Category(c) = &file.items[0].node else {
            panic!("{:?}", file.items[0])
        };
        let cap = c.cap.as_ref().unwrap();
        assert_eq!(&text[cap.node.span.start..cap.node.span.end], "20 hours");
        assert_eq!(
            &text[cap.span.start..cap.span.end],
            "at most 20 hours each year"
        );
        assert!(c.meta.cite.is_some());
        let plain = parse_ok("category general");
        let Item::Category(c) = &plain.items[0].node else {
            panic!()
        };
        assert!(c.cap.is_none());
    }

    #[test]
    fn counts_as_may_name_several_categories() {
        let text = "kind k { counts as level, class_i cite \"1\" }";
        let file = parse_ok(text);
        let Item::Kind(k) = &file.items[0].node else {
            panic!()
        };
        let Stmt::CountsAs {
            category,
            also,
            meta,
        } = &k.body[0].node
        else {
            panic!("{:?}", k.body)
        };
        assert!(matches!(&category.node, ExprKind::Name(n) if n == "level"));
        assert!(matches!(&also[..], [e] if matches!(&e.node, ExprKind::Name(n) if n == "class_i")));
        assert!(meta.cite.is_some());
        let span = k.body[0].span;
        assert_eq!(&text[span.start..span.end], "counts as level, class_i");
    }

    #[test]
    fn a_category_cap_without_each_year_is_a_located_error() {
        let text = "category self_study at most 20 hours\nunit hour";
        let (_, errors) = parse_policy(text);
        assert!(!errors.is_empty());
        // The error is placed where `each year` should stand, and asks for it.
        assert_eq!(
            errors[0].span.start,
            text.find("unit").unwrap(),
            "{errors:?}"
        );
        assert!(
            errors[0].to_string().contains("expected `each`"),
            "{errors:?}"
        );
    }

    #[test]
    fn chinese_identifiers_and_strings() {
        let file = parse_ok("const 年度学时 = 90 学时\nevidence \"培训证\", \"结业证\"\n");
        assert_eq!(file.items.len(), 2);
    }
}
#[cfg(test)]
mod shipped_policy {
    #[test]
    fn shipped_policy_parses() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policies/notice-2022.policy"
        ))
        .unwrap();
        let (file, errors) = super::parse_policy(&text);
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(file.items.len() > 20, "{}", file.items.len());
    }
}
