//! The explanation of an invalid record: each error, with a snippet of the record where it
//! is and of the rule it breaks.

use super::{Explainer, INDENT};
use crate::eval::Outcome;
use crate::messages::{Msg, fill};
use crate::render::{format_name, record_error_message};
use crate::source::SourceFile;
use std::fmt::Write;

impl Explainer<'_> {
    /// An invalid record: each error, with snippets of the record and of the rule.
    pub(super) fn explain_invalid(
        &self,
        out: &mut String,
        outcome: &Outcome,
        errors: &[crate::record::RecordError],
        record: Option<&SourceFile>,
    ) {
        let format = format_name(&outcome.position.file);
        let count = crate::diagnostics::count(
            self.lang,
            errors.len(),
            Msg::CountErrorOne,
            Msg::CountErrorMany,
        );
        let _ = writeln!(
            out,
            "{}",
            fill(self.lang, Msg::ExplainInvalid, &[("errors", &count)])
        );
        for e in errors {
            // Masked with the whole explanation (Explainer::explain).
            let message = record_error_message(e, self.policy, self.lang, format);
            let at = e.at.map(|a| format!(" [{a}]")).unwrap_or_default();
            if e.path.is_empty() {
                let _ = writeln!(out, "{INDENT}{message}{at}");
            } else {
                let _ = writeln!(out, "{INDENT}{}: {message}{at}", e.path);
            }
            let label = fill(
                self.lang,
                Msg::ExplainErrorAt,
                &[("path", &e.path), ("message", &message)],
            );
            out.push_str(&self.record_snippet(record, e.at, label, INDENT));
            if let crate::record::RecordErrorKind::Constraint { span, .. } = &e.kind {
                out.push_str(&self.snippet(
                    &self.policy.source,
                    *span,
                    self.t(Msg::ExplainRuleAt).to_string(),
                    INDENT,
                    false,
                ));
            }
        }
    }
}
