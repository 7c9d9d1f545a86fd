//! The line that ends a run of `xueshi eval` on a terminal: how many records, how fast, and
//! how many of each status.

use crate::eval::Tally;
use crate::messages::Lang;

/// `2000 records in 0.4 s (5000/s): 1200 compliant, 790 shortfall, 10 invalid`, in
/// the reader's language: the counts by the purpose's status labels (statuses that share a
/// label counted together), invalid records last.
pub(crate) fn run_summary(
    policy: &crate::policy::Policy,
    purpose: crate::policy::PurposeId,
    tally: &Tally,
    elapsed: std::time::Duration,
    lang: Lang,
) -> String {
    let statuses = &policy.purpose_rules(purpose).statuses;
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (i, n) in tally.by_status.iter().enumerate() {
        let Some(rule) = statuses.get(i) else {
            continue;
        };
        if *n == 0 {
            continue;
        }
        match counts.iter_mut().find(|(l, _)| *l == rule.label) {
            Some(c) => c.1 += n,
            None => counts.push((rule.label.clone(), *n)),
        }
    }
    let mut parts: Vec<String> = counts.iter().map(|(l, n)| format!("{n} {l}")).collect();
    if tally.invalid > 0 {
        parts.push(format!(
            "{} {}",
            tally.invalid,
            crate::messages::text(lang, crate::messages::Msg::StatusInvalid)
        ));
    }
    let seconds = elapsed.as_secs_f64().max(0.001);
    crate::messages::fill(
        lang,
        crate::messages::Msg::EvalSummary,
        &[
            ("records", &tally.records),
            ("seconds", &format!("{seconds:.1}")),
            ("rate", &format!("{:.0}", tally.records as f64 / seconds)),
            ("counts", &parts.join(", ")),
        ],
    )
}
