//! Policy revisions: a folder holds the revisions of a policy, each with the date it takes
//! effect; the revision in force on a date is the one that took effect last on or before it.

use crate::policy::Policy;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// Why no single revision is in force.
#[derive(Debug, Clone, PartialEq)]
pub enum RevisionError {
    /// The folder holds no policy file.
    Empty,
    /// Every revision takes effect after the date.
    NoneInForce {
        /// The date asked about.
        as_of: NaiveDate,
        /// The earliest date a revision takes effect.
        earliest: NaiveDate,
    },
    /// Two revisions took effect on the same, latest date.
    Ambiguous {
        /// The date asked about.
        as_of: NaiveDate,
        /// The date both took effect.
        effective: NaiveDate,
        /// The files.
        files: Vec<PathBuf>,
    },
}

impl std::fmt::Display for RevisionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RevisionError::Empty => write!(f, "the folder holds no `.policy` file"),
            RevisionError::NoneInForce { as_of, earliest } => write!(
                f,
                "no revision is in force on {as_of}: the earliest takes effect on {earliest}"
            ),
            RevisionError::Ambiguous {
                as_of,
                effective,
                files,
            } => {
                let names: Vec<String> =
                    files.iter().map(|p| format!("`{}`", p.display())).collect();
                let all = if names.len() == 2 { "both" } else { "all" };
                write!(
                    f,
                    "two revisions are in force on {as_of}: {} {all} take effect on {effective}",
                    names.join(", ")
                )
            }
        }
    }
}

/// The `.policy` files of a folder, sorted by name.
pub fn policy_files(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "policy") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// The index of the revision in force on `as_of`.
pub fn in_force(revisions: &[(PathBuf, Policy)], as_of: NaiveDate) -> Result<usize, RevisionError> {
    let earliest = revisions
        .iter()
        .map(|(_, p)| p.info.effective)
        .min()
        .ok_or(RevisionError::Empty)?;
    let latest = revisions
        .iter()
        .map(|(_, p)| p.info.effective)
        .filter(|d| *d <= as_of)
        .max()
        .ok_or(RevisionError::NoneInForce { as_of, earliest })?;
    let chosen: Vec<(usize, &PathBuf)> = revisions
        .iter()
        .enumerate()
        .filter(|(_, (_, p))| p.info.effective == latest)
        .map(|(i, (file, _))| (i, file))
        .collect();
    match chosen.as_slice() {
        [(one, _)] => Ok(*one),
        many => Err(RevisionError::Ambiguous {
            as_of,
            effective: latest,
            files: many.iter().map(|(_, file)| (*file).clone()).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn policy(effective: &str) -> Policy {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policies/notice-2022.policy"
        ))
        .unwrap()
        .replace("effective 2022-07-01", &format!("effective {effective}"));
        crate::compile_policy(SourceFile::new("p", text)).0.unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_latest_revision_in_force_is_chosen() {
        let revisions = vec![
            ("a.policy".into(), policy("2022-07-01")),
            ("b.policy".into(), policy("2024-01-01")),
        ];
        assert_eq!(in_force(&revisions, date("2023-12-31")), Ok(0));
        assert_eq!(in_force(&revisions, date("2024-01-01")), Ok(1));
        assert_eq!(in_force(&revisions, date("2030-01-01")), Ok(1));
        assert!(matches!(
            in_force(&revisions, date("2022-06-30")),
            Err(RevisionError::NoneInForce { .. })
        ));
    }

    #[test]
    fn two_revisions_on_one_date_are_an_error() {
        let revisions = vec![
            ("a.policy".into(), policy("2024-01-01")),
            ("b.policy".into(), policy("2024-01-01")),
        ];
        let err = in_force(&revisions, date("2024-06-01")).unwrap_err();
        assert!(
            err.to_string().contains("two revisions are in force"),
            "{err}"
        );
    }
}
