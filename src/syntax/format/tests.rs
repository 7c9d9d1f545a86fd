//! Tests of the canonical format: layout, parentheses, comments, idempotence.

use super::*;
use crate::syntax::parse_policy;

fn fmt(text: &str) -> String {
    let (file, errors) = parse_policy(text);
    assert!(errors.is_empty(), "{errors:?}");
    format_policy(&file, text)
}

#[test]
fn layout_is_canonical() {
    let text =
        "const   a=1+2*3 # sum\n\n\n\nconst b = (1 + 2) * 3\nkind k{credit a cite \"c\" \"q\"}";
    assert_eq!(
        fmt(text),
        "const a = 1 + 2 * 3 # sum\n\nconst b = (1 + 2) * 3\n\nkind k {\n  credit a\n    cite \"c\" \"q\"\n}\n"
    );
}

#[test]
fn parentheses_follow_precedence_and_associativity() {
    for (input, output) in [
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("not (a and b)", "not (a and b)"),
        // A reader would group `not a == b` as `(not a) == b`.
        ("not a == b", "not (a == b)"),
        (
            "not (passed otherwise false)",
            "not (passed otherwise false)",
        ),
        ("hours / (2 hours/credit)", "hours / (2 hours/credit)"),
        ("x * (1 credit per 3 hours)", "x * (1 credit per 3 hours)"),
        ("8 hours/day * days(a, b)", "8 hours/day * days(a, b)"),
        ("a or (b and c)", "a or (b and c)"),
        ("(a and b) or c", "(a and b) or c"),
        ("a and (b or c)", "a and (b or c)"),
        ("a otherwise (b + 1)", "a otherwise (b + 1)"),
        ("(not a) == b", "(not a) == b"),
        ("-(a + b)", "-(a + b)"),
        ("(a otherwise b) otherwise c", "(a otherwise b) otherwise c"),
        ("a otherwise (b otherwise c)", "a otherwise b otherwise c"),
        ("(8 hours) / x", "(8 hours) / x"),
        ("(-8 hours) / x", "(-8 hours) / x"),
        ("(a * 8 hours) / x", "(a * 8 hours) / x"),
        ("(-sum of credits) in x", "(-sum of credits) in x"),
        ("x * 1 credit per 3 hours", "x * (1 credit per 3 hours)"),
        ("1 credit per 3 hours * x", "1 credit per 3 hours * x"),
        ("passed  is   given", "passed is given"),
        (
            "sum  of credits in  x over  years",
            "sum of credits in x over years",
        ),
        ("max of total over years - 1", "max of total over years - 1"),
        (
            "count of years where (exempt or compliant)",
            "count of years where (exempt or compliant)",
        ),
        ("total in Y - 1 >= 2", "(total in Y - 1) >= 2"),
        ("not (a is not given)", "not (a is not given)"),
        ("(a == b) is given", "(a == b) is given"),
        ("(a is given) == b", "(a is given) == b"),
        ("(a otherwise b) is given", "a otherwise b is given"),
        (
            "x * 1 credit  per   2.5 hours / day",
            "x * (1 credit per 2.5 hours/day)",
        ),
        ("(if a then 1 else 2) + 3", "(if a then 1 else 2) + 3"),
    ] {
        assert_eq!(
            fmt(&format!("const x = {input}")),
            format!("const x = {output}\n"),
            "{input}"
        );
    }
}

#[test]
fn comments_are_kept() {
    let text = "# head\n\nconst a = 1 # one\n# between\nconst b = 2\n# tail\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn formatting_twice_changes_nothing() {
    let text = "kind k \"x\" {\n# c\n  fields { a: decimal hours, required, at least 0 }\n  let r = match a_level { \"x\" or \"y\" => 1 else => 2 }\n  credit r * a }";
    let once = fmt(text);
    assert_eq!(fmt(&once), once);
}

#[test]
fn strings_are_escaped() {
    assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
}
