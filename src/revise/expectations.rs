//! A test file's expectations against the policy it runs with: the figures a case names
//! are known only with the policy (`total`, `specialty`… are the policy's), so a misspelt key
//! such as `statsu` is found here, with the closest known key, once the policy is loaded.

use super::cases::{FigureExpect, TestFile, TestFileError};
use crate::messages::{Lang, Msg, fill, join, text};
use crate::policy::Policy;

/// The keys `expect` takes besides the policy's figures.
const EXPECT_KEYS: [&str; 4] = ["status", "activities", "errors", "years"];
/// The keys a year of `expect.years` takes besides the policy's figures.
const YEAR_KEYS: [&str; 3] = ["year", "status", "passes"];
/// The keys an activity of `expect.activities` takes besides the policy's credit key.
const ACTIVITY_KEYS: [&str; 3] = ["index", "rejected", "reason"];
/// The figure every year has, besides the policy's.
const SHORTFALL: &str = "shortfall";

/// Checks a test file's cases against the policy it runs with, wording each error in
/// `lang`: a case must expect something (a case without expectations cannot fail), and every
/// figure it names must be one of the policy's (or `shortfall`), with a number; an unknown key
/// is an error with the closest known one. Each error is located at its line.
pub fn check_expectations(policy: &Policy, file: &TestFile, lang: Lang) -> Vec<TestFileError> {
    let figures: Vec<&str> = policy
        .year
        .figures
        .iter()
        .map(|f| f.name.as_str())
        .chain([SHORTFALL])
        .collect();
    let mut errors = Vec::new();
    let mut check = |f: &FigureExpect, figures: &[&str], fixed: &[&str], within: Msg| {
        if figures.contains(&f.name.as_str()) {
            if f.value.is_none() {
                errors.push(TestFileError {
                    message: fill(lang, Msg::TestFigureNotANumber, &[("name", &f.name)]),
                    line: f.line,
                });
            }
            return;
        }
        let known: Vec<&str> = fixed.iter().chain(figures).copied().collect();
        let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        let mut message = fill(
            lang,
            Msg::TestUnknownExpectation,
            &[
                ("name", &f.name),
                ("within", &text(lang, within)),
                ("keys", &join(lang, &quoted, Msg::And)),
            ],
        );
        let suggestion = crate::suggest::closest(&f.name, known.iter().copied());
        message.push_str(&crate::messages::did_you_mean(lang, suggestion.as_deref()));
        errors.push(TestFileError {
            message,
            line: f.line,
        });
    };
    let amount = [policy.credit_key()];
    for case in &file.cases {
        for f in &case.expect.figures {
            check(f, &figures, &EXPECT_KEYS, Msg::TestWithinExpect);
        }
        for a in &case.expect.activities {
            for f in &a.amounts {
                check(f, &amount, &ACTIVITY_KEYS, Msg::TestWithinActivity);
            }
        }
        for y in &case.expect.years {
            for f in &y.figures {
                check(f, &figures, &YEAR_KEYS, Msg::TestWithinYear);
            }
        }
    }
    for case in file.cases.iter().filter(|c| c.expect.is_empty()) {
        errors.push(TestFileError {
            message: text(lang, Msg::TestNoExpectations).to_string(),
            line: case.line,
        });
    }
    errors.sort_by_key(|e| e.line);
    errors
}
