//! `--coverage` and `--min-coverage N` of `test` and `eval`: the report of which rules the
//! rulings reached ([`crate::revise::coverage`] counts them), and the threshold.

use super::Context;
use crate::messages::{Msg, fill, text};
use crate::policy::Policy;
use crate::revise::coverage::{Coverage, RuleWhat};

/// The coverage options, flattened into `test` and `eval`.
#[derive(clap::Args, Debug, Clone, Copy)]
pub(crate) struct CoverageArgs {
    /// Report, per rule (credit, cap, requires, reject/invalid when, exemption, status, match
    /// arm), how many records reached it and which rules none did
    #[arg(long)]
    pub(crate) coverage: bool,

    /// Exit 1 when fewer than N percent of the rules were reached (implies --coverage)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub(crate) min_coverage: Option<u32>,
}

impl CoverageArgs {
    /// Whether coverage is counted.
    pub(crate) fn wanted(self) -> bool {
        self.coverage || self.min_coverage.is_some()
    }

    /// Whether `coverage` meets `--min-coverage`; prints an error when it does not.
    pub(crate) fn met(self, coverage: &Coverage, context: &Context) -> bool {
        match self.min_coverage {
            Some(min) if !coverage.at_least(min) => {
                super::print_error(
                    context,
                    &fill(
                        context.lang,
                        Msg::ToolsCoverageBelow,
                        &[("percent", &percent(coverage)), ("min", &min)],
                    ),
                );
                false
            }
            _ => true,
        }
    }
}

/// `80.6`: the share of rules reached, rounded down to a tenth.
fn percent(coverage: &Coverage) -> String {
    let m = coverage.per_mille();
    format!("{}.{}", m / 10, m % 10)
}

/// The rule in words: `conference: cap`, `annual: status shortfall`,
/// `conference: let rate, match "region"`.
fn rule_words(what: &RuleWhat, context: &Context) -> String {
    match what {
        RuleWhat::Credit { kind } => format!("{kind}: credit"),
        RuleWhat::Cap { kind } => format!("{kind}: cap"),
        RuleWhat::Requires { kind } => format!("{kind}: requires"),
        RuleWhat::Reject { kind } => format!("{kind}: reject when"),
        RuleWhat::Invalid { kind } => format!("{kind}: invalid when"),
        RuleWhat::ExemptionApplies => {
            text(context.lang, Msg::ToolsCoverageExemptionApplies).to_string()
        }
        RuleWhat::ExemptionReject => "exemption: reject when".to_string(),
        RuleWhat::ExemptionInvalid => "exemption: invalid when".to_string(),
        RuleWhat::Status { purpose, status } => format!("{purpose}: status {status}"),
        // A pattern written over several lines is shown on one.
        RuleWhat::Arm { within, pattern } => {
            let pattern = pattern.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("{within}, match {}", crate::printable::printable(&pattern))
        }
    }
}

/// The report: a heading line, then one line per rule with its line in the policy and the
/// records that reached it.
pub(crate) fn report(coverage: &Coverage, policy: &Policy, context: &Context) -> String {
    let source = &policy.source;
    let mut out = fill(
        context.lang,
        Msg::ToolsCoverageHeader,
        &[
            ("file", &source.name()),
            ("reached", &coverage.reached()),
            ("total", &coverage.rules.len()),
            ("records", &coverage.records),
            ("percent", &percent(coverage)),
        ],
    );
    out.push('\n');
    let columns: Vec<&str> = text(context.lang, Msg::ToolsCoverageColumns)
        .split('|')
        .collect();
    let mut rules: Vec<_> = coverage.rules.iter().collect();
    rules.sort_by_key(|r| r.span.start);
    let rows: Vec<(String, String, String)> = rules
        .iter()
        .map(|r| {
            let hits = if r.hits == 0 {
                format!("0  {}", text(context.lang, Msg::ToolsCoverageNever))
            } else {
                r.hits.to_string()
            };
            (
                source.line_of(r.span.start).to_string(),
                rule_words(&r.what, context),
                hits,
            )
        })
        .collect();
    let width = |i: usize, head: &str| {
        rows.iter()
            .map(|r| {
                let cell = match i {
                    0 => &r.0,
                    1 => &r.1,
                    _ => &r.2,
                };
                unicode_width::UnicodeWidthStr::width(cell.as_str())
            })
            .chain([unicode_width::UnicodeWidthStr::width(head)])
            .max()
            .unwrap_or(0)
    };
    let head = |i: usize| columns.get(i).copied().unwrap_or_default();
    let (w0, w1) = (width(0, head(0)), width(1, head(1)));
    let pad = |s: &str, w: usize| {
        let n = w.saturating_sub(unicode_width::UnicodeWidthStr::width(s));
        format!("{s}{}", " ".repeat(n))
    };
    out.push_str(&format!(
        "  {}  {}  {}\n",
        pad(head(0), w0),
        pad(head(1), w1),
        head(2)
    ));
    for (line, rule, hits) in &rows {
        let line = format!("{}{line}", " ".repeat(w0.saturating_sub(line.len())));
        out.push_str(&format!("  {line}  {}  {hits}\n", pad(rule, w1)));
    }
    out
}
