//! xueshi (学时, "class hours"): an interpreter for a small declarative language of
//! continuing-education policies.
//!
//! A policy file states the rules of a notice — activity kinds, conversion rates, caps,
//! required evidence, exemptions, yearly requirements and the purposes a ruling can be asked
//! for — each rule citing the clause it comes from. xueshi checks the policy, compiles it
//! once, and evaluates person records against it, explaining every ruling.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`syntax`] (text → spanned AST, and back with the formatter) → [`check`] (names, types,
//! units → a compiled [`policy::Policy`]) → [`record`], [`input`] and [`tabular`] (record
//! files → typed records) → [`eval`] (records → [`ruling::Ruling`]s) → [`render`] (rulings → table, JSON,
//! CSV). [`report`] draws diagnostics; [`messages`] holds every sentence in English and
//! Chinese.
//!
//! ```
//! let policy = xueshi::load_policy("policies/notice-2022.policy").unwrap();
//! let record = r#"{"id": "11010519491231002X", "name": "张三", "activities": [
//!     {"kind": "conference", "level": "national", "start": "2023-05-10",
//!      "end": "2023-05-12", "evidence": ["参会证明"]}]}"#;
//! let outcome = xueshi::evaluate_json(&policy, "annual", 2023, record).unwrap();
//! let evaluated = outcome.result.unwrap();
//! let year = &evaluated.ruling.years[0];
//! assert_eq!(year.total.to_string(), "36"); // 3 days × 12 hours/day
//! assert_eq!(year.shortfall.to_string(), "54"); // 90 − 36
//! ```

pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod eval;
pub mod input;
pub mod messages;
pub mod number;
pub mod policy;
pub mod record;
pub mod render;
pub mod revise;
pub mod source;
pub mod stack;
pub mod suggest;
pub mod syntax;

use diagnostics::PolicyReport;
use policy::Policy;
use source::SourceFile;
use std::sync::Arc;

/// Parses and checks a policy. The policy is `Some` when there is no error; the report
/// holds every error and warning found.
pub fn compile_policy(source: Arc<SourceFile>) -> (Option<Policy>, PolicyReport) {
    let (file, parse) = syntax::parse_policy(source.text());
    if !parse.is_empty() {
        let report = PolicyReport {
            source,
            parse,
            check: Vec::new(),
        };
        return (None, report);
    }
    let outcome = check::check(&file, source.clone());
    let report = PolicyReport {
        source,
        parse: Vec::new(),
        check: outcome.findings,
    };
    (outcome.policy, report)
}

/// Why a policy file could not be loaded.
#[derive(Debug)]
pub enum PolicyError {
    /// The file could not be read.
    Io {
        /// The path.
        path: String,
        /// The error.
        error: std::io::Error,
    },
    /// The policy has errors (the report holds them, and any warnings).
    Invalid(Box<PolicyReport>),
}

impl std::fmt::Display for PolicyError {
    /// The diagnostics, drawn without colour, in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PolicyError::Io { path, error } => write!(f, "cannot read `{path}`: {error}"),
            PolicyError::Invalid(report) => {
                let lang = messages::Lang::En;
                for d in report.diagnostics(lang) {
                    f.write_str(&diagnostics::render(
                        d,
                        &report.source,
                        diagnostics::Style::default(),
                    ))?;
                }
                f.write_str(&report.summary(lang))
            }
        }
    }
}

impl std::error::Error for PolicyError {}

/// Reads, parses and checks a policy file.
pub fn load_policy(path: impl AsRef<std::path::Path>) -> Result<Policy, PolicyError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| PolicyError::Io {
        path: name.clone(),
        error,
    })?;
    match compile_policy(SourceFile::new(name, text)) {
        (Some(policy), _) => Ok(policy),
        (None, report) => Err(PolicyError::Invalid(Box::new(report))),
    }
}

/// Evaluates one person record given as JSON text, for the purpose called `purpose` and
/// the year `year`. `None` when the policy has no such purpose.
pub fn evaluate_json(
    policy: &Policy,
    purpose: &str,
    year: i32,
    json: &str,
) -> Option<eval::Outcome> {
    let (purpose, _) = policy.purpose(purpose)?;
    let job = eval::Job {
        policy,
        purpose,
        year,
        detail: eval::Detail {
            traces: eval::Traces::All,
            form: None,
        },
    };
    let source = SourceFile::new("<record>", json);
    let content = match input::json::read_document(json) {
        Ok(node) => input::Content::Tree(node.into_owned()),
        Err(p) => input::Content::Malformed(input::Malformed {
            message: p.message,
            at: Some(source.line_col(p.offset)),
        }),
    };
    Some(job.run(input::RawRecord {
        position: input::Position {
            file: "<record>".into(),
            record: 1,
            line: Some(1),
        },
        content,
        locator: input::Locator::File(source),
    }))
}
