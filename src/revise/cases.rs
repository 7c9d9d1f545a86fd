//! Policy tests: TOML files of cases, each a person record (inline or from a file), a
//! purpose and a year, and the parts of the ruling it expects. Only what a case states is
//! compared, so a case says exactly what it is about.
//!
//! ```toml
//! policy = "../notice-2022.policy"    # relative to this file; `--policy` overrides it
//!
//! [[case]]
//! name = "a national conference of 3 days is 36 hours"
//! purpose = "annual"
//! year = 2023
//! record = { id = "11010519491231002X", name = "张三", activities = [
//!   { kind = "conference", level = "national", start = "2023-05-10", end = "2023-05-12", evidence = ["参会证明"] },
//! ] }
//! expect = { status = "shortfall", total = 36, shortfall = 54 }
//! ```

use crate::eval::{Evaluated, Job, Outcome, YearRuling};
use crate::input::tree::Node;
use crate::input::{Locator, Position, RawRecord};
use crate::number::Number;
use crate::policy::{Policy, Window};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A test file, read.
#[derive(Debug)]
pub struct TestFile {
    /// The file's text.
    pub source: Arc<SourceFile>,
    /// The policy it names (already resolved against the file's folder).
    pub policy: Option<PathBuf>,
    /// Its cases.
    pub cases: Vec<Case>,
}

/// One case.
#[derive(Debug)]
pub struct Case {
    /// Its name.
    pub name: String,
    /// The line it starts on.
    pub line: usize,
    /// The purpose asked for.
    pub purpose: String,
    /// `Y`.
    pub year: i32,
    /// The record.
    pub record: CaseRecord,
    /// What the ruling must say.
    pub expect: Expect,
}

/// Where a case's record comes from.
#[derive(Debug)]
pub enum CaseRecord {
    /// Written in the case (offsets within the test file).
    Inline(Node<'static>),
    /// A record file and the 1-based number of the record in it.
    File {
        /// The file (resolved against the test file's folder).
        path: PathBuf,
        /// Which record.
        number: usize,
    },
}

/// What a case expects; `None` and empty lists are not compared.
#[derive(Debug, Default)]
pub struct Expect {
    /// The status (`invalid` for an invalid record).
    pub status: Option<String>,
    /// Figures of the year (`total`, `specialty`…, and `shortfall`).
    pub figures: Vec<FigureExpect>,
    /// Activities.
    pub activities: Vec<ActivityExpect>,
    /// Errors of an invalid record.
    pub errors: Vec<ErrorExpect>,
    /// Years of a purpose over several years.
    pub years: Vec<YearExpect>,
}

/// What one activity must give.
#[derive(Debug, Default)]
pub struct ActivityExpect {
    /// The activity's index in the record.
    pub index: usize,
    /// The amount it credits in the year judged, under the policy's credit key (`hours`,
    /// `credits`: [`Policy::credit_key`]). Read under any other key too, which
    /// [`check_expectations`](super::expectations::check_expectations) reports once the policy
    /// is known.
    pub amounts: Vec<FigureExpect>,
    /// Whether it is rejected.
    pub rejected: Option<bool>,
    /// The kind of rejection: `missing-evidence` or `rule`.
    pub reason: Option<String>,
}

/// An error an invalid record must have.
#[derive(Debug, Default)]
pub struct ErrorExpect {
    /// Its field path.
    pub path: Option<String>,
    /// Its code.
    pub code: Option<String>,
}

/// What one year of a purpose over several years must say.
#[derive(Debug, Default)]
pub struct YearExpect {
    /// The year.
    pub year: i32,
    /// `exempt`, `compliant` or `shortfall`.
    pub status: Option<String>,
    /// Whether it passes the purpose's test.
    pub passes: Option<bool>,
    /// Figures and `shortfall`.
    pub figures: Vec<FigureExpect>,
}

/// A figure a case expects: any key of `expect` (or of a year) that is not one of its fixed
/// keys. Whether the policy has such a figure is known only with the policy, so it is
/// checked by [`check_expectations`](super::expectations::check_expectations).
#[derive(Debug, Clone, PartialEq)]
pub struct FigureExpect {
    /// The key: `total`, `shortfall`, or a misspelling such as `statsu`.
    pub name: String,
    /// Its value; `None` when it is not a number.
    pub value: Option<Number>,
    /// The line of the key.
    pub line: usize,
}

impl Expect {
    /// Whether the case expects nothing at all (a test that cannot fail).
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.figures.is_empty()
            && self.activities.is_empty()
            && self.errors.is_empty()
            && self.years.is_empty()
    }
}

/// Something wrong with a test file.
#[derive(Debug, Clone, PartialEq)]
pub struct TestFileError {
    /// What.
    pub message: String,
    /// Where (1-based line).
    pub line: usize,
}

/// A difference between what a case expects and what the ruling says.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// What is compared: `status`, `total`, `activities[2].hours`, `years[2022].passes`…
    pub what: String,
    /// The expected value.
    pub expected: String,
    /// The value the ruling gives.
    pub got: String,
}

struct Reader<'a> {
    source: &'a SourceFile,
    errors: Vec<TestFileError>,
}

impl Reader<'_> {
    fn fail(&mut self, message: impl Into<String>, offset: usize) {
        self.errors.push(TestFileError {
            message: message.into(),
            line: self.source.line_col(offset).line,
        });
    }

    fn text(&mut self, v: &Spanned<DeValue>, what: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.fail(format!("`{what}` must be a string"), v.span().start);
                None
            }
        }
    }

    fn number(&mut self, v: &Spanned<DeValue>, what: &str) -> Option<Number> {
        let text = match v.get_ref() {
            DeValue::Integer(i) => i.as_str().to_string(),
            DeValue::Float(f) => f.as_str().to_string(),
            DeValue::String(s) => s.to_string(),
            _ => String::new(),
        };
        match Number::parse_decimal(&text) {
            Ok(n) => Some(n),
            Err(_) => {
                self.fail(format!("`{what}` must be a number"), v.span().start);
                None
            }
        }
    }

    /// A figure's expectation: its value is read without complaint, since the key may be
    /// a misspelling that [`check_expectations`](super::expectations::check_expectations) reports better once the policy is known.
    fn figure(
        &mut self,
        name: &str,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        v: &Spanned<DeValue>,
    ) -> FigureExpect {
        let text = match v.get_ref() {
            DeValue::Integer(i) => Some(i.as_str()),
            DeValue::Float(f) => Some(f.as_str()),
            DeValue::String(s) => Some(s.as_ref()),
            _ => None,
        };
        FigureExpect {
            name: name.to_string(),
            value: text.and_then(|t| Number::parse_decimal(t).ok()),
            line: self.source.line_col(key.span().start).line,
        }
    }

    fn integer(&mut self, v: &Spanned<DeValue>, what: &str) -> Option<i64> {
        match self.number(v, what).and_then(|n| n.to_i64()) {
            Some(n) => Some(n),
            None => {
                self.fail(format!("`{what}` must be a whole number"), v.span().start);
                None
            }
        }
    }

    fn boolean(&mut self, v: &Spanned<DeValue>, what: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.fail(format!("`{what}` must be true or false"), v.span().start);
                None
            }
        }
    }

    fn table<'t>(&mut self, v: &'t Spanned<DeValue<'t>>, what: &str) -> Option<&'t DeTable<'t>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.fail(format!("`{what}` must be a table"), v.span().start);
                None
            }
        }
    }

    fn tables<'t>(
        &mut self,
        v: &'t Spanned<DeValue<'t>>,
        what: &str,
    ) -> Vec<(&'t DeTable<'t>, usize)> {
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|i| self.table(i, what).map(|t| (t, i.span().start)))
                .collect(),
            _ => {
                self.fail(format!("`{what}` must be a list of tables"), v.span().start);
                Vec::new()
            }
        }
    }
}

/// Reads a test file. `path` locates the policy and record files it names.
pub fn read_test_file(path: &Path, text: String) -> Result<TestFile, Vec<TestFileError>> {
    let source = SourceFile::new(path.display().to_string(), text);
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut r = Reader {
        source: &source,
        errors: Vec::new(),
    };
    let root = match DeTable::parse(source.text()) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            r.fail(e.message().trim().to_string(), offset);
            return Err(r.errors);
        }
    };
    let mut policy = None;
    let mut cases = Vec::new();
    for (key, value) in root.get_ref().iter() {
        match key.get_ref().as_ref() {
            "policy" => policy = r.text(value, "policy").map(|p| base.join(p)),
            "case" => {
                for (table, offset) in r.tables(value, "case") {
                    if let Some(case) = read_case(&mut r, table, offset, &base) {
                        cases.push(case);
                    }
                }
            }
            other => r.fail(
                format!("unknown key `{other}`: a test file has `policy` and `[[case]]` tables"),
                key.span().start,
            ),
        }
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    Ok(TestFile {
        source,
        policy,
        cases,
    })
}

fn read_case(r: &mut Reader, table: &DeTable, offset: usize, base: &Path) -> Option<Case> {
    let line = r.source.line_col(offset).line;
    let mut name = None;
    let mut purpose = None;
    let mut year = None;
    let mut record = None;
    let mut record_file = None;
    let mut record_number = 1;
    let mut expect = Expect::default();
    let before = r.errors.len();
    for (key, value) in table.iter() {
        match key.get_ref().as_ref() {
            "name" => name = r.text(value, "name"),
            "purpose" => purpose = r.text(value, "purpose"),
            "year" => year = r.integer(value, "year").and_then(|y| i32::try_from(y).ok()),
            "record" => {
                if r.table(value, "record").is_some() {
                    record = Some(crate::input::toml::convert(value));
                }
            }
            "record_file" => record_file = r.text(value, "record_file").map(|p| base.join(p)),
            "record_number" => {
                record_number = r
                    .integer(value, "record_number")
                    .and_then(|n| usize::try_from(n).ok())
                    .unwrap_or(1)
            }
            "expect" => {
                if let Some(t) = r.table(value, "expect") {
                    expect = read_expect(r, t);
                }
            }
            other => r.fail(
                format!(
                    "unknown key `{other}` in a case: it takes `name`, `purpose`, `year`, `record` or `record_file` (and `record_number`), and `expect`"
                ),
                key.span().start,
            ),
        }
    }
    let record = match (record, record_file) {
        (Some(node), None) => Some(CaseRecord::Inline(node)),
        (None, Some(path)) => Some(CaseRecord::File {
            path,
            number: record_number,
        }),
        _ => {
            r.fail("a case needs either `record` or `record_file`", offset);
            None
        }
    };
    for (present, key) in [(purpose.is_some(), "purpose"), (year.is_some(), "year")] {
        if !present {
            r.fail(format!("a case needs `{key}`"), offset);
        }
    }
    if r.errors.len() > before {
        return None;
    }
    Some(Case {
        name: name.unwrap_or_else(|| format!("case at line {line}")),
        line,
        purpose: purpose?,
        year: year?,
        record: record?,
        expect,
    })
}

fn read_expect(r: &mut Reader, table: &DeTable) -> Expect {
    let mut e = Expect::default();
    for (key, value) in table.iter() {
        let k = key.get_ref().as_ref();
        match k {
            "status" => e.status = r.text(value, "status"),
            "activities" => {
                for (t, _) in r.tables(value, "activities") {
                    let mut a = ActivityExpect::default();
                    for (key, value) in t.iter() {
                        match key.get_ref().as_ref() {
                            "index" => {
                                a.index = r
                                    .integer(value, "index")
                                    .and_then(|i| usize::try_from(i).ok())
                                    .unwrap_or(0)
                            }
                            "rejected" => a.rejected = r.boolean(value, "rejected"),
                            "reason" => a.reason = r.text(value, "reason"),
                            other => a.amounts.push(r.figure(other, key, value)),
                        }
                    }
                    e.activities.push(a);
                }
            }
            "errors" => {
                for (t, _) in r.tables(value, "errors") {
                    let mut x = ErrorExpect::default();
                    for (key, value) in t.iter() {
                        match key.get_ref().as_ref() {
                            "path" => x.path = r.text(value, "path"),
                            "code" => x.code = r.text(value, "code"),
                            other => r.fail(
                                format!(
                                    "unknown key `{other}` for an error: it takes `path` and `code`"
                                ),
                                key.span().start,
                            ),
                        }
                    }
                    e.errors.push(x);
                }
            }
            "years" => {
                for (t, _) in r.tables(value, "years") {
                    let mut y = YearExpect::default();
                    for (key, value) in t.iter() {
                        match key.get_ref().as_ref() {
                            "year" => {
                                y.year = r
                                    .integer(value, "year")
                                    .and_then(|y| i32::try_from(y).ok())
                                    .unwrap_or(0)
                            }
                            "status" => y.status = r.text(value, "status"),
                            "passes" => y.passes = r.boolean(value, "passes"),
                            figure => y.figures.push(r.figure(figure, key, value)),
                        }
                    }
                    e.years.push(y);
                }
            }
            figure => e.figures.push(r.figure(figure, key, value)),
        }
    }
    e
}

/// Evaluates a case's record (reading its record file when it names one).
pub fn run_case(policy: &Policy, file: &TestFile, case: &Case) -> Result<Outcome, String> {
    run_case_within(policy, file, case, &crate::input::Limits::default(), false)
}

/// [`run_case`], a record file read within `limits`, the `match` arms the evaluation takes
/// recorded when `arms` (for coverage: [`Outcome::arms_taken`]).
pub fn run_case_within(
    policy: &Policy,
    file: &TestFile,
    case: &Case,
    limits: &crate::input::Limits,
    arms: bool,
) -> Result<Outcome, String> {
    let (purpose, rules) = policy.purpose(&case.purpose).ok_or_else(|| {
        let names: Vec<&str> = policy.purposes.iter().map(|p| p.name.as_str()).collect();
        format!(
            "the policy has no purpose `{}`; it declares {}{}",
            case.purpose,
            names.join(", "),
            did_you_mean(&case.purpose, &names)
        )
    })?;
    // A status the purpose cannot give (a typo) would only ever fail: it is an error of the
    // case, with the statuses there are.
    if let Some(status) = &case.expect.status {
        let mut labels: Vec<&str> = rules.statuses.iter().map(|s| s.label.as_str()).collect();
        labels.push("invalid");
        if !labels.contains(&status.as_str()) {
            return Err(format!(
                "purpose `{}` has no status `{status}`; its statuses are {}{}",
                case.purpose,
                labels.join(", "),
                did_you_mean(status, &labels)
            ));
        }
    }
    let job = Job {
        policy,
        purpose,
        year: case.year,
        detail: crate::eval::Detail {
            traces: crate::eval::Traces::All,
            form: None,
            arms,
        },
    };
    let raw = match &case.record {
        CaseRecord::Inline(node) => RawRecord {
            position: Position {
                file: file.source.name().into(),
                record: 1,
                line: Some(file.source.line_col(node.offset).line),
            },
            content: crate::input::Content::Tree(node.clone()),
            locator: Locator::File(file.source.clone()),
        },
        CaseRecord::File { path, number } => {
            let columns = crate::input::table::Columns::of(policy);
            let records =
                crate::input::read_records_within(&path.display().to_string(), &columns, limits)
                    .map_err(|e| e.to_string())?;
            records
                .into_iter()
                .nth(number.saturating_sub(1))
                .ok_or_else(|| format!("`{}` has no record number {number}", path.display()))?
        }
    };
    Ok(job.run(raw))
}

/// ` (did you mean `x`?)` when one of `names` is close to `name`; empty otherwise (in
/// English, as the rest of a case's errors).
fn did_you_mean(name: &str, names: &[&str]) -> String {
    let suggestion = crate::suggest::closest(name, names.iter().copied());
    crate::messages::did_you_mean(crate::messages::Lang::En, suggestion.as_deref())
}

fn decimal(n: Number) -> String {
    n.to_string()
}

/// Compares an outcome with what a case expects.
pub fn compare(policy: &Policy, case: &Case, outcome: &Outcome) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let mut check = |what: String, expected: String, got: String| {
        if expected != got {
            out.push(Mismatch {
                what,
                expected,
                got,
            });
        }
    };
    let expect = &case.expect;
    let evaluated = match &outcome.result {
        Err(errors) => {
            if let Some(s) = &expect.status {
                check("status".into(), s.clone(), "invalid".into());
            }
            for (i, e) in expect.errors.iter().enumerate() {
                let found = errors.iter().any(|got| {
                    e.path.as_ref().is_none_or(|p| *p == got.path)
                        && e.code.as_ref().is_none_or(|c| c == got.kind.code())
                });
                if !found {
                    let wanted = format!(
                        "{} {}",
                        e.path.as_deref().unwrap_or("*"),
                        e.code.as_deref().unwrap_or("*")
                    );
                    let got: Vec<String> = errors
                        .iter()
                        .map(|g| format!("{} {}", g.path, g.kind.code()))
                        .collect();
                    check(format!("errors[{i}]"), wanted, got.join("; "));
                }
            }
            return out;
        }
        Ok(e) => e,
    };
    let purpose = policy.purpose_rules(evaluated.ruling.purpose);
    if let Some(s) = &expect.status {
        check(
            "status".into(),
            s.clone(),
            purpose.status(evaluated.ruling.status).label.clone(),
        );
    }
    if !expect.errors.is_empty() {
        check("status".into(), "invalid".into(), "a ruling".into());
    }
    let single = matches!(purpose.window, Window::Single(_));
    if let Some(year) = evaluated.ruling.years.first().filter(|_| single) {
        for f in &expect.figures {
            if let Some(n) = f.value {
                check(f.name.clone(), decimal(n), figure(policy, year, &f.name));
            }
        }
        for a in &expect.activities {
            activity(policy, evaluated, year.year, a, &mut check);
        }
    } else if !expect.figures.is_empty() || !expect.activities.is_empty() {
        check(
            "figures".into(),
            "a purpose over one year".into(),
            "a purpose over several years: state them under `years`".into(),
        );
    }
    for y in &expect.years {
        // A period is found by any of its years (its first, as outputs name it).
        let judged = |r: &&YearRuling| (r.year..=r.through).contains(&y.year);
        let Some(year) = evaluated.ruling.years.iter().find(judged) else {
            check(
                format!("years[{}]", y.year),
                "examined".into(),
                "not in the purpose's years".into(),
            );
            continue;
        };
        if let Some(s) = &y.status {
            check(
                format!("years[{}].status", y.year),
                s.clone(),
                year.status.as_str().into(),
            );
        }
        if let Some(p) = y.passes {
            check(
                format!("years[{}].passes", y.year),
                p.to_string(),
                year.passes.map_or("—".into(), |b| b.to_string()),
            );
        }
        for f in &y.figures {
            if let Some(n) = f.value {
                check(
                    format!("years[{}].{}", y.year, f.name),
                    decimal(n),
                    figure(policy, year, &f.name),
                );
            }
        }
    }
    out
}

fn figure(policy: &Policy, year: &crate::eval::YearRuling, name: &str) -> String {
    if name == "shortfall" {
        return decimal(year.shortfall);
    }
    match policy.year.figures.iter().position(|f| f.name == name) {
        Some(i) => year.figures.get(i).map_or("—".into(), |n| decimal(*n)),
        None => format!("no figure `{name}`"),
    }
}

fn activity(
    policy: &Policy,
    evaluated: &Evaluated,
    year: i32,
    a: &ActivityExpect,
    check: &mut impl FnMut(String, String, String),
) {
    let what = |field: &str| format!("activities[{}].{field}", a.index);
    let Some(outcome) = evaluated.ruling.activities.get(a.index) else {
        check(what("index"), "an activity".into(), "none".into());
        return;
    };
    for amount in a.amounts.iter().filter(|f| f.name == policy.credit_key()) {
        let Some(h) = amount.value else { continue };
        // What the year counts: after any cut by the category's yearly cap.
        let counted = evaluated
            .ruling
            .years
            .iter()
            .find(|y| y.year == year)
            .and_then(|y| y.credits.iter().find(|(i, _)| *i == a.index))
            .map(|(_, h)| *h);
        let got = if outcome.credited() {
            counted.unwrap_or_else(|| outcome.hours_in(year).unwrap_or(Number::ZERO))
        } else {
            Number::ZERO
        };
        check(what(&amount.name), decimal(h), decimal(got));
    }
    if let Some(r) = a.rejected {
        check(
            what("rejected"),
            r.to_string(),
            (!outcome.credited()).to_string(),
        );
    }
    if let Some(reason) = &a.reason {
        let codes: Vec<&str> = outcome
            .rejections
            .iter()
            .map(|r| match r {
                crate::eval::RejectionReason::Evidence { .. } => "missing-evidence",
                crate::eval::RejectionReason::Rule { .. } => "rule",
            })
            .collect();
        if !codes.contains(&reason.as_str()) {
            check(what("reason"), reason.clone(), codes.join(", "));
        }
    }
}
