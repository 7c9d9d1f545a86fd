//! The policies a server serves, and their reloading: each `--policy` is a file or a folder
//! of revisions, loaded at start; on SIGHUP, or when a file's modification time or size
//! changes, it is loaded again. A new version that cannot be used (unreadable, with errors)
//! is reported and the one before it goes on being served.

use crate::messages::{Lang, Msg, fill};
use crate::policy::Policy;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

/// One policy as served: a file, or a folder of its revisions.
#[derive(Debug)]
pub struct Served {
    /// The id requests name it by: the file's name without `.policy`, or the folder's name.
    pub id: String,
    /// The path given with `--policy`.
    pub path: PathBuf,
    /// Its revisions (one for a file), each with its file.
    pub revisions: Vec<(PathBuf, Policy)>,
    /// Whether `path` is a folder of revisions.
    pub folder: bool,
    /// The modification time and size of every file read, to see a change.
    stamp: Stamp,
}

/// The modification time and size of each file of a policy.
type Stamp = Vec<(PathBuf, Option<SystemTime>, u64)>;

impl Served {
    /// Loads the file or the folder at `path`; the error is the CLI's report of it, in English.
    pub fn load(path: &Path) -> Result<Served, String> {
        let folder = path.is_dir();
        let files = if folder {
            crate::revise::revisions::policy_files(path)
                .map_err(|e| format!("`{}`: {e}", path.display()))?
        } else {
            vec![path.to_path_buf()]
        };
        if files.is_empty() {
            return Err(format!(
                "`{}`: {}",
                path.display(),
                crate::revise::revisions::RevisionError::Empty
            ));
        }
        let stamp = stamp_of(&files);
        let mut revisions = Vec::new();
        for file in files {
            let policy = crate::load_policy(&file).map_err(|e| e.to_string())?;
            revisions.push((file, policy));
        }
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Ok(Served {
            id,
            path: path.to_path_buf(),
            revisions,
            folder,
            stamp,
        })
    }

    /// The revision to use on `as_of`: for a file, the file (an error when `as_of` is before
    /// it takes effect); for a folder, the revision in force on `as_of` (today when not
    /// given). The error is the CLI's message.
    pub fn revision(&self, as_of: Option<NaiveDate>, lang: Lang) -> Result<&Policy, String> {
        if !self.folder {
            let (file, policy) = self
                .revisions
                .first()
                .ok_or_else(|| crate::revise::revisions::RevisionError::Empty.to_string())?;
            if let Some(date) = as_of
                && policy.info.effective > date
            {
                return Err(fill(
                    lang,
                    Msg::PolicyNotInForce,
                    &[
                        ("file", &file.display()),
                        ("effective", &policy.info.effective),
                        ("date", &date),
                    ],
                ));
            }
            return Ok(policy);
        }
        let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
        let i = crate::revise::revisions::in_force(&self.revisions, as_of)
            .map_err(|e| format!("`{}`: {e}", self.path.display()))?;
        self.revisions
            .get(i)
            .map(|(_, p)| p)
            .ok_or_else(|| crate::revise::revisions::RevisionError::Empty.to_string())
    }

    /// The modification times and sizes of its files now.
    fn stamp_now(&self) -> Stamp {
        let files = if self.folder {
            crate::revise::revisions::policy_files(&self.path).unwrap_or_default()
        } else {
            vec![self.path.clone()]
        };
        stamp_of(&files)
    }
}

fn stamp_of(files: &[PathBuf]) -> Stamp {
    files
        .iter()
        .map(|f| {
            let meta = std::fs::metadata(f).ok();
            (
                f.clone(),
                meta.as_ref().and_then(|m| m.modified().ok()),
                meta.map_or(0, |m| m.len()),
            )
        })
        .collect()
}

/// What is served at one moment: every policy, and the error of its last failed reload.
#[derive(Debug, Default)]
pub struct Catalog {
    /// The policies, in the order of `--policy`.
    pub served: Vec<Arc<Served>>,
    /// For each, why its newest version could not be loaded (the previous one is served).
    pub reload_errors: Vec<Option<String>>,
    /// For each, the stamp of its files when last loaded or tried: a file that failed is
    /// tried again only when it changes again.
    seen: Vec<Stamp>,
}

impl Catalog {
    /// The policy called `id`; with no id, the only policy served.
    pub fn find(&self, id: Option<&str>) -> Option<&Arc<Served>> {
        match id {
            Some(id) => self.served.iter().find(|s| s.id == id),
            None if self.served.len() == 1 => self.served.first(),
            None => None,
        }
    }

    /// The ids served.
    pub fn ids(&self) -> Vec<String> {
        self.served.iter().map(|s| s.id.clone()).collect()
    }
}

/// The catalog, swapped whole when policies are reloaded: a request keeps the catalog it
/// started with.
#[derive(Debug, Default)]
pub struct Store {
    current: RwLock<Arc<Catalog>>,
}

/// What a reload did.
#[derive(Debug, Default)]
pub struct Reload {
    /// Messages: each policy reloaded.
    pub reloaded: Vec<String>,
    /// Messages: each policy that changed but cannot be used.
    pub failed: Vec<String>,
}

impl Store {
    /// A store serving `served`.
    pub fn new(served: Vec<Served>) -> Store {
        let n = served.len();
        let seen = served.iter().map(|s| s.stamp.clone()).collect();
        Store {
            current: RwLock::new(Arc::new(Catalog {
                served: served.into_iter().map(Arc::new).collect(),
                reload_errors: vec![None; n],
                seen,
            })),
        }
    }

    /// The catalog now.
    pub fn catalog(&self) -> Arc<Catalog> {
        match self.current.read() {
            Ok(c) => c.clone(),
            // A writer never panics while holding the lock; if one did, its value is whole.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Loads again each policy that changed (every one when `all`); one that cannot be
    /// used keeps its previous version and is reported.
    pub fn reload(&self, all: bool) -> Reload {
        let old = self.catalog();
        let mut report = Reload::default();
        let mut served = Vec::with_capacity(old.served.len());
        let mut errors = Vec::with_capacity(old.served.len());
        let mut seen = Vec::with_capacity(old.served.len());
        let mut any = false;
        for ((s, error), stamp) in old.served.iter().zip(&old.reload_errors).zip(&old.seen) {
            let now = s.stamp_now();
            if !all && now == *stamp {
                served.push(s.clone());
                errors.push(error.clone());
                seen.push(now);
                continue;
            }
            any = true;
            seen.push(now);
            match Served::load(&s.path) {
                Ok(new) => {
                    for (file, p) in &new.revisions {
                        report.reloaded.push(fill(
                            Lang::En,
                            Msg::ServeReloaded,
                            &[
                                ("file", &file.display()),
                                ("name", &p.info.name),
                                ("version", &p.info.version),
                                ("sha", &p.info.sha256.get(..12).unwrap_or_default()),
                            ],
                        ));
                    }
                    served.push(Arc::new(new));
                    errors.push(None);
                }
                Err(reason) => {
                    let message = fill(
                        Lang::En,
                        Msg::ServeReloadFailed,
                        &[("file", &s.path.display()), ("reason", &reason)],
                    );
                    report.failed.push(message.clone());
                    served.push(s.clone());
                    errors.push(Some(message));
                }
            }
        }
        if any {
            let catalog = Arc::new(Catalog {
                served,
                reload_errors: errors,
                seen,
            });
            match self.current.write() {
                Ok(mut c) => *c = catalog,
                Err(poisoned) => *poisoned.into_inner() = catalog,
            }
        }
        report
    }
}
