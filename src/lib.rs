//! xueshi (学时, "class hours"): an interpreter for a small declarative language of
//! continuing-education policies.
//!
//! A policy file states the rules of a notice — activity kinds, conversion rates, caps,
//! required evidence, exemptions, yearly requirements and the purposes a ruling can be asked
//! for — each rule citing the clause it comes from. xueshi checks the policy, compiles it
//! once, and evaluates person records against it, explaining every ruling.
//!
//! # The pipeline
//!
//! One folder per stage, data flowing one way:
//!
//! ```text
//! policy text ──syntax──▶ AST ──check──▶ Policy
//!                                          │
//! record file ──input──▶ RawRecord ──record──▶ Person ──eval──▶ Ruling ──render──▶ JSON, table,
//!                                                                                CSV, XLSX,
//!                                                                                explanation
//! src/
//! ├── syntax/       policy text → spanned AST (parse_policy), and back (format_policy)
//! ├── check/        AST → compiled Policy, or every finding: names, types, units (internal)
//! ├── policy/       the compiled policy as data: kinds, rules, requirements, purposes
//! ├── input/        record files (JSON, JSONL, TOML, CSV, XLSX) → raw records, in order
//! ├── record/       raw record → typed Person, every error with its path and place
//! ├── eval/         Person × Policy → Ruling: credits, caps, requirements, status
//! ├── render/       outcomes → JSON (the output contract), table, CSV, XLSX, explanations
//! ├── diagnostics/  parse errors and the checker's findings → drawn diagnostics
//! ├── revise/       policy test files, diffs between revisions, the revision in force
//! ├── cli/          the `xueshi` command over all of the above
//! └── number.rs, source.rs, messages/: exact numbers, spans and lines, every sentence in
//!                   English and Chinese
//! ```
//!
//! [`load_policy`] (or [`compile_policy`], which also gives the [`diagnostics::PolicyReport`])
//! runs [`syntax`] and the checker; [`eval::Job`] decodes and rules one
//! [`input::RawRecord`] (as [`input::read_records`] reads them; [`eval::Job::run_reusing`]
//! into an [`eval::Workspace`] kept from one record to the next, without allocating each
//! record's structures anew), [`eval::evaluate_stream`] a whole file on every core; the
//! renderers of [`render`] turn each [`eval::Outcome`] into
//! output.
//!
//! # Example
//!
//! A policy loaded once, a person's record evaluated for the annual review of 2023, the
//! ruling rendered as JSON and explained:
//!
//! ```
//! use xueshi::messages::Lang;
//! use xueshi::render::{Explainer, JsonRenderer};
//!
//! // Parse and check the policy; the compiled policy rules any number of records.
//! let policy = xueshi::load_policy("policies/notice-2022.policy")?;
//!
//! // One record: a three-day national conference.
//! let record = r#"{"id": "11010519491231002X", "name": "张三", "activities": [
//!     {"kind": "conference", "level": "national", "start": "2023-05-10",
//!      "end": "2023-05-12", "evidence": ["参会证明"]}]}"#;
//! let outcome = xueshi::evaluate_json(&policy, "annual", 2023, record).ok_or("no purpose")?;
//!
//! // The ruling is data.
//! let Ok(evaluated) = &outcome.result else {
//!     return Err("the record is invalid".into());
//! };
//! let year = evaluated.ruling.years.first().ok_or("no year")?;
//! assert_eq!(year.total.to_string(), "36"); // 3 days × 12 hours/day
//! assert_eq!(year.shortfall.to_string(), "54"); // 90 − 36
//!
//! // Rendered as the output contract's JSON…
//! let (purpose, _) = policy.purpose("annual").ok_or("no purpose")?;
//! let renderer = JsonRenderer {
//!     policy: &policy,
//!     purpose,
//!     year: 2023,
//!     lang: Lang::En,
//!     redact: true,
//! };
//! let mut json = Vec::new();
//! renderer.write(&outcome, &mut json)?;
//! let json = String::from_utf8(json)?;
//! assert!(json.starts_with(r#"{"id":"110105********002X","name":"张三","purpose":"annual""#));
//! assert!(json.contains(r#""computation":"12 hours/day × 3 days = 36 hours""#));
//!
//! // …and explained, rule by rule.
//! let explainer = Explainer {
//!     policy: &policy,
//!     purpose,
//!     year: 2023,
//!     lang: Lang::En,
//!     redact: true,
//!     snippets: None,
//! };
//! let explanation = explainer.explain(&outcome, None);
//! assert!(explanation.starts_with("张三 (110105********002X)\nannual 2023: shortfall\n"));
//! assert!(explanation.contains("total ≥ annual_minimum: 36 hours ≥ 90 hours — not met"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod check;
pub mod cli;
pub mod diagnostics;
pub mod eval;
pub mod input;
pub mod lsp;
pub mod messages;
pub mod number;
pub mod policy;
pub mod printable;
pub mod record;
pub(crate) mod recycle;
pub mod render;
pub mod revise;
pub mod serve;
pub mod source;
pub(crate) mod stack;
pub(crate) mod suggest;
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
    let io = |error| PolicyError::Io {
        path: name.clone(),
        error,
    };
    let text = std::fs::File::open(path)
        .and_then(syntax::read_policy_text)
        .map_err(io)?
        .map_err(|valid| {
            io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 text (byte {valid})"),
            ))
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
            arms: false,
        },
    };
    Some(job.run(input::RawRecord::from_json(json)))
}
