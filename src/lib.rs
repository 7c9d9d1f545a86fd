//! xueshi: an interpreter for a small declarative language of continuing-education policies.

pub mod batch;
pub mod check;
pub mod eval;
pub mod input;
pub mod messages;
pub mod number;
pub mod policy;
pub mod record;
pub mod render;
pub mod report;
pub mod ruling;
pub mod source;
pub mod suggest;
pub mod syntax;

use policy::Policy;
use report::PolicyReport;
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
