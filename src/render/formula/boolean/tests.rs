//! The rendering of boolean formulas, rule by rule, in both languages.

use super::super::Filler;
use crate::eval::interp::Env;
use crate::eval::trace::OwnedTrace;
use crate::messages::Lang;
use crate::number::Number;
use crate::policy::Policy;
use crate::policy::expr::Value;
use crate::source::SourceFile;

const POLICY: &str = r#"
policy "booleans" {
  version "1"
  effective 2022-01-01
}

unit hour, hours "学时"

category general "一般科目"
  cite "第1条"

const levels = ["national", "regional"]
const base = 3 hours

kind course "课程" {
  cite "第1条" "按学时认定"
  fields {
    date: date, required
    hours: decimal hours, required, at least 0
    role: one of ["attendee", "speaker"], required
    level: one of ["national", "regional", "local"], required
    passed: bool
    extra: decimal hours
  }
  counts in year_of(date)
  counts as general
  reject when role == "attendee" and not passed otherwise false "r0"
  reject when level not in levels or hours * 2 > 40 hours "r1"
  reject when not (level == "local" or hours < 1 hour) "r2"
  reject when passed is not given "r3"
  reject when level in ["local", "regional"] and (hours > 10 hours or passed otherwise false) "r4"
  reject when role == "speaker" and hours > 1 hour and level == "local" "r5"
  reject when extra otherwise base > 2 hours "r6"
  reject when role == "speaker" and 10 hours / hours > 1 "r7"
  credit hours
}

year {
  cite "第5条" "每年不少于10学时"
  total = sum of credits
  require total >= 10 hours
}

purpose annual "年度" {
  cite "第5条" "每年不少于10学时"
  year Y
  status compliant when compliant
  status shortfall otherwise
}
"#;

fn policy() -> Policy {
    let (policy, diagnostics) =
        crate::compile_policy(SourceFile::new("booleans.policy", POLICY.to_string()));
    policy.unwrap_or_else(|| panic!("the test policy compiles: {diagnostics:?}"))
}

/// A course's fields, in the order declared.
struct Course {
    hours: i64,
    role: u16,
    level: u16,
    passed: Option<bool>,
    extra: Option<i64>,
}

const ATTENDEE: u16 = 0;
const SPEAKER: u16 = 1;
const NATIONAL: u16 = 0;
const REGIONAL: u16 = 1;
const LOCAL: u16 = 2;

fn course(hours: i64, role: u16, level: u16) -> Course {
    Course {
        hours,
        role,
        level,
        passed: None,
        extra: None,
    }
}

/// The `reject when` rule `rule` of the course, filled in for `c` in `lang`.
fn render(policy: &Policy, rule: usize, c: &Course, lang: Lang) -> String {
    let kind = policy.kind(*policy.kind_ids.get("course").unwrap());
    let expr = &kind.rejections[rule].rule.expr;
    let date = chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    let fields = vec![
        Value::Date(date),
        Value::Number(Number::from_int(c.hours)),
        Value::Enum(c.role),
        Value::Enum(c.level),
        c.passed.map_or(Value::Absent, Value::Bool),
        c.extra
            .map_or(Value::Absent, |n| Value::Number(Number::from_int(n))),
    ];
    let env = Env::of_item(&[], &fields, &[], 2023);
    let trace = OwnedTrace::of(expr, &env);
    let filled = Filler { policy, lang }.fill(expr, trace.trace());
    assert!(filled.boolean);
    assert_eq!(filled.line(), filled.computation());
    filled.computation()
}

#[track_caller]
fn check(policy: &Policy, rule: usize, c: &Course, en: &str, zh: &str) {
    assert_eq!(render(policy, rule, c, Lang::En), en, "en");
    assert_eq!(render(policy, rule, c, Lang::Zh), zh, "zh");
}

#[test]
fn a_comparison_shows_its_operands_and_value() {
    let p = policy();
    check(
        &p,
        5,
        &course(8, SPEAKER, NATIONAL),
        r#"[role ("speaker") == "speaker" → true] and [hours (8 hours) > 1 hour → true] and [level ("national") == "local" → false] → false"#,
        r#"[role ("speaker") == "speaker" → true] and [hours (8 学时) > 1 学时 → true] and [level ("national") == "local" → false] → false"#,
    );
}

#[test]
fn and_with_otherwise_absent_and_given() {
    let p = policy();
    let absent = course(8, ATTENDEE, NATIONAL);
    check(
        &p,
        0,
        &absent,
        r#"[role ("attendee") == "attendee" → true] and [not passed (not given → false) → true] → true"#,
        r#"[role ("attendee") == "attendee" → true] and [not passed (未给出 → false) → true] → true"#,
    );
    let given = Course {
        passed: Some(true),
        ..course(8, ATTENDEE, NATIONAL)
    };
    check(
        &p,
        0,
        &given,
        r#"[role ("attendee") == "attendee" → true] and [not passed (given: true) → false] → false"#,
        r#"[role ("attendee") == "attendee" → true] and [not passed (已给出：true) → false] → false"#,
    );
}

#[test]
fn a_short_circuited_and_says_which_operand_decided() {
    let p = policy();
    check(
        &p,
        0,
        &course(8, SPEAKER, NATIONAL),
        r#"[role ("speaker") == "attendee" → false] and [not passed otherwise false (not evaluated)] → false (decided by operand 1)"#,
        r#"[role ("speaker") == "attendee" → false] and [not passed otherwise false (未求值)] → false (由第 1 项决定)"#,
    );
    // A chain of three: the second and third are not evaluated.
    check(
        &p,
        5,
        &course(8, ATTENDEE, LOCAL),
        r#"[role ("attendee") == "speaker" → false] and [hours > 1 hour (not evaluated)] and [level == "local" (not evaluated)] → false (decided by operand 1)"#,
        r#"[role ("attendee") == "speaker" → false] and [hours > 1 hour (未求值)] and [level == "local" (未求值)] → false (由第 1 项决定)"#,
    );
    // Decided by the second.
    check(
        &p,
        5,
        &course(1, SPEAKER, LOCAL),
        r#"[role ("speaker") == "speaker" → true] and [hours (1 hour) > 1 hour → false] and [level == "local" (not evaluated)] → false (decided by operand 2)"#,
        r#"[role ("speaker") == "speaker" → true] and [hours (1 学时) > 1 学时 → false] and [level == "local" (未求值)] → false (由第 2 项决定)"#,
    );
}

#[test]
fn or_and_in_with_a_named_list_and_arithmetic() {
    let p = policy();
    check(
        &p,
        1,
        &course(6, SPEAKER, LOCAL),
        r#"[level ("local") not in levels (["national", "regional"]) → true] or [hours * 2 > 40 hours (not evaluated)] → true (decided by operand 1)"#,
        r#"[level ("local") not in levels (["national", "regional"]) → true] or [hours * 2 > 40 hours (未求值)] → true (由第 1 项决定)"#,
    );
    check(
        &p,
        1,
        &course(30, SPEAKER, NATIONAL),
        r#"[level ("national") not in levels (["national", "regional"]) → false] or [hours * 2 (30 hours × 2 = 60 hours) > 40 hours → true] → true"#,
        r#"[level ("national") not in levels (["national", "regional"]) → false] or [hours * 2 (30 学时 × 2 = 60 学时) > 40 学时 → true] → true"#,
    );
}

#[test]
fn not_of_an_or_and_an_or_inside_an_and() {
    let p = policy();
    check(
        &p,
        2,
        &course(8, SPEAKER, NATIONAL),
        r#"not [[level ("national") == "local" → false] or [hours (8 hours) < 1 hour → false] → false] → true"#,
        r#"not [[level ("national") == "local" → false] or [hours (8 学时) < 1 学时 → false] → false] → true"#,
    );
    check(
        &p,
        4,
        &course(8, SPEAKER, REGIONAL),
        r#"[level ("regional") in ["local", "regional"] → true] and [[hours (8 hours) > 10 hours → false] or passed (not given → false) → false] → false"#,
        r#"[level ("regional") in ["local", "regional"] → true] and [[hours (8 学时) > 10 学时 → false] or passed (未给出 → false) → false] → false"#,
    );
}

#[test]
fn is_not_given_and_otherwise_with_a_named_fallback() {
    let p = policy();
    check(
        &p,
        3,
        &course(8, SPEAKER, NATIONAL),
        "passed (not given) is not given → true",
        "passed (未给出) is not given → true",
    );
    check(
        &p,
        6,
        &course(8, SPEAKER, NATIONAL),
        "extra (not given → base (3 hours)) > 2 hours → true",
        "extra (未给出 → base (3 学时)) > 2 学时 → true",
    );
    let given = Course {
        extra: Some(1),
        ..course(8, SPEAKER, NATIONAL)
    };
    check(
        &p,
        6,
        &given,
        "extra (given: 1 hour) > 2 hours → false",
        "extra (已给出：1 学时) > 2 学时 → false",
    );
}

#[test]
fn an_operand_not_evaluated_is_not_traced() {
    let p = policy();
    // `10 hours / hours` fails for 0 hours: evaluated, the trace would hold a missing value.
    let c = course(0, ATTENDEE, NATIONAL);
    let kind = p.kind(*p.kind_ids.get("course").unwrap());
    let expr = &kind.rejections[7].rule.expr;
    let date = chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    let fields = vec![
        Value::Date(date),
        Value::Number(Number::ZERO),
        Value::Enum(c.role),
        Value::Enum(c.level),
    ];
    let env = Env::of_item(&[], &fields, &[], 2023);
    let trace = OwnedTrace::of(expr, &env);
    // `role`, the comparison, the `and`.
    assert_eq!(
        trace.trace().parts,
        &[
            Some(Value::Enum(ATTENDEE)),
            Some(Value::Bool(false)),
            Some(Value::Bool(false))
        ]
    );
    assert_eq!(
        render(&p, 7, &c, Lang::En),
        r#"[role ("attendee") == "speaker" → false] and [10 hours / hours > 1 (not evaluated)] → false (decided by operand 1)"#
    );
}
