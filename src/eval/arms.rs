//! The `match` arms an evaluation took, recorded for coverage only: an evaluation given no
//! recorder ([`super::interp::Env`]'s `arms` is `None`) records nothing.

/// The `match` arms an evaluation took, for coverage: the start of each arm's pattern in
/// the policy, in the order taken, with repeats. Filled only by an evaluation given one
/// ([`super::interp::Env::taking`]); the evaluation of a summary is given none and records nothing.
#[derive(Default)]
pub(crate) struct ArmsTaken(std::cell::Cell<Vec<usize>>);

impl std::fmt::Debug for ArmsTaken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ArmsTaken")
    }
}

impl ArmsTaken {
    /// Records that the arm whose pattern starts at `pattern` was taken.
    pub(crate) fn push(&self, pattern: usize) {
        let mut arms = self.0.take();
        arms.push(pattern);
        self.0.set(arms);
    }

    /// The arms taken, each once, in the policy's order.
    pub(crate) fn into_taken(self) -> Vec<usize> {
        let mut arms = self.0.into_inner();
        arms.sort_unstable();
        arms.dedup();
        arms
    }
}
