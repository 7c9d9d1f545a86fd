//! Evaluation: a decoded person and a compiled policy give a [`Ruling`].
//!
//! The machine, in order:
//! 1. each activity: its `let` values, the year it counts in, its category, the credit
//!    formula, the caps (applied in order, the smallest binding), the spread over years, and
//!    the evidence and `reject when` rules that make it credit nothing;
//! 2. each exemption: the years it covers, and the first `reject when` rule that holds;
//! 3. the purpose's window of years; for each year, the credited hours by category, the
//!    year block's figures, its requirements, whether it is exempt or compliant, the hours to
//!    make up, and the purpose's test of the year;
//! 4. the purpose's status rules, first match wins.
//!
//! Nothing here looks a name up: every rule is a compiled expression over slots.

mod activity;
pub(crate) mod arms;
mod error;
pub(crate) mod interp;
mod job;
mod make_up;
mod purpose;
mod reuse;
mod ruling;
mod stream;
pub(crate) mod trace;
mod typed;
#[cfg(test)]
mod typed_agrees;
pub(crate) mod validate;
mod window;
mod year;

pub use error::EvalError;
pub use job::{DecodedRecord, Evaluated, Job, Outcome, decode_record};
pub use purpose::{MAX_WINDOW, evaluate};
pub use reuse::Workspace;
pub use ruling::{
    ActivityOutcome, CategoryCut, ExemptionOutcome, Parts, RejectionReason, RequirementOutcome,
    Ruling, YearRuling, YearStatus,
};
pub use stream::{BATCH, BATCH_BYTES, Collect, Encode, Tally, evaluate_stream};
pub use trace::{Detail, Traces};
pub use window::{YearOutOfReach, check_judged_year};
