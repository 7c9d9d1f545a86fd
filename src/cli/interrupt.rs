//! What an interrupted run leaves behind: nothing. The temporary files a verb is writing
//! (`eval -o` writes beside its output, then renames) are registered here; on SIGINT,
//! SIGTERM or SIGHUP a watching thread removes every registered file and ends the process
//! with the conventional status, 128 + the signal's number (130, 143, 129). The file being
//! replaced is never touched: it stays as it was.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// The temporary files being written now.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Starts the watching thread, once per process.
fn watch() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            // Without the thread a signal ends the process as before (the temporary file
            // stays): nothing worse than not having this.
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    remove_all();
                    std::process::exit(128 + signal);
                }
            });
        }
    });
}

/// Removes every registered file (a file already renamed into place is not there).
fn remove_all() {
    let paths = match TEMPORARY.lock() {
        Ok(paths) => paths,
        Err(poisoned) => poisoned.into_inner(),
    };
    for path in paths.iter() {
        // Gone already (renamed into place, or removed by its owner): nothing to do.
        let _ = std::fs::remove_file(path);
    }
}

/// A temporary file registered for removal on a signal while this guard lives.
pub(crate) struct Registered {
    path: PathBuf,
}

/// Creates a temporary file with `create` and registers it (its path by `path_of`) for
/// removal on SIGINT, SIGTERM or SIGHUP, until the guard is dropped. The watching thread is
/// started first, and the file is created and registered under the lock it removes files
/// under: a signal at any moment finds the file registered, or not yet created, never an
/// unwatched file (nor a process that ignores the signal because its handler was not there
/// yet and the signal was ignored when the process started, as a background job's SIGINT).
pub(crate) fn create_registered<T>(
    create: impl FnOnce() -> std::io::Result<T>,
    path_of: impl Fn(&T) -> &Path,
) -> std::io::Result<(T, Registered)> {
    watch();
    let mut paths = match TEMPORARY.lock() {
        Ok(paths) => paths,
        Err(poisoned) => poisoned.into_inner(),
    };
    let file = create()?;
    let path = path_of(&file).to_path_buf();
    paths.push(path.clone());
    Ok((file, Registered { path }))
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut paths) = TEMPORARY.lock() {
            paths.retain(|p| p != &self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_file_is_removed_until_its_guard_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".tmp-test");
        let create = || std::fs::write(&path, "x").map(|()| path.clone());
        let (_, guard) = create_registered(create, PathBuf::as_path).unwrap();
        remove_all();
        assert!(!path.exists());
        std::fs::write(&path, "x").unwrap();
        drop(guard);
        remove_all();
        assert!(path.exists(), "no longer registered");
    }
}
