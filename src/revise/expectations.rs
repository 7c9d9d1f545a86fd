//! A test file's expectations against the policy it runs with: the figures a case names
//! are known only with the policy (`total`, `specialty`… are the policy's), so a misspelt key
//! such as `statsu` is found here, with the closest known key, once the policy is loaded.

use super::cases::{FigureExpect, TestFile, TestFileError};
use crate::policy::Policy;

/// The keys `expect` takes besides the policy's figures.
const EXPECT_KEYS: [&str; 4] = ["status", "activities", "errors", "years"];
/// The keys a year of `expect.years` takes besides the policy's figures.
const YEAR_KEYS: [&str; 3] = ["year", "status", "passes"];
/// The figure every year has, besides the policy's.
const SHORTFALL: &str = "shortfall";

/// Checks a test file's expectations against the policy it runs with: every figure a case
/// names must be one of the policy's (or `shortfall`), with a number; an unknown key is an
/// error with the closest known one. Each error is located at its line.
pub fn check_expectations(policy: &Policy, file: &TestFile) -> Vec<TestFileError> {
    let figures: Vec<&str> = policy
        .year
        .figures
        .iter()
        .map(|f| f.name.as_str())
        .chain([SHORTFALL])
        .collect();
    let mut errors = Vec::new();
    let mut check = |f: &FigureExpect, fixed: &[&str], within: &str| {
        if figures.contains(&f.name.as_str()) {
            if f.value.is_none() {
                errors.push(TestFileError {
                    message: format!("`{}` must be a number", f.name),
                    line: f.line,
                });
            }
            return;
        }
        let known: Vec<&str> = fixed.iter().chain(&figures).copied().collect();
        let mut message = format!(
            "unknown expectation `{}` {within}: it takes {}",
            f.name,
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(s) = crate::suggest::closest(&f.name, known.iter().copied()) {
            message.push_str(&format!(" (did you mean `{s}`?)"));
        }
        errors.push(TestFileError {
            message,
            line: f.line,
        });
    };
    for case in &file.cases {
        for f in &case.expect.figures {
            check(f, &EXPECT_KEYS, "in `expect`");
        }
        for y in &case.expect.years {
            for f in &y.figures {
                check(f, &YEAR_KEYS, "for a year");
            }
        }
    }
    errors.sort_by_key(|e| e.line);
    errors
}
