//! Working folders that belong to a running process: a build's staging folder, the preview
//! folder of `vinhdanh serve`.
//!
//! A killed process leaves its folder behind, and the next one must tell a dead owner's
//! folder from one a live build is still writing. Process ids do not tell it (they are
//! reused, and `/proc` exists on Linux only), so each folder has a lock file beside it that
//! its owner holds locked for as long as it runs; the system releases the lock when the
//! process ends, however it ends. A folder whose lock can be taken is dead; one without a
//! lock file (left by an older vinhdanh, or on a file system without locks) is taken for
//! dead only once it is an hour old.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How old a folder without a lock file must be before it is taken for a dead one.
const ORPHAN_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// A folder `{prefix}{id}` with its held lock file `{prefix}{id}.lock`.
pub struct Owned {
    dir: PathBuf,
    lock_path: PathBuf,
    lock: Option<File>,
}

impl Owned {
    /// Creates a new folder named `{prefix}{id}` in `parent`, locked by this process.
    pub fn create(parent: &Path, prefix: &str) -> std::io::Result<Owned> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let id = format!(
            "{}-{nanos}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let lock_path = parent.join(format!("{prefix}{id}.lock"));
        let lock = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock_path)?;
        // Some network and FUSE file systems have no locks: the folder is then protected
        // only by its age (see `remove_stale`), as before locks.
        let lock = match lock.lock() {
            Ok(()) => Some(lock),
            Err(_) => {
                drop(lock);
                let _ = std::fs::remove_file(&lock_path);
                None
            }
        };
        // Only now does the folder appear: whoever finds it finds its lock held.
        let dir = parent.join(format!("{prefix}{id}"));
        if let Err(e) = std::fs::create_dir(&dir) {
            let _ = std::fs::remove_file(&lock_path);
            return Err(e);
        }
        Ok(Owned {
            dir,
            lock_path,
            lock,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Gives the folder up: call once it is gone or has been moved away.
    pub fn release(&mut self) {
        if let Some(lock) = self.lock.take() {
            // Removed while still held, so no other process can take a stale lock for a
            // live folder in between.
            let _ = std::fs::remove_file(&self.lock_path);
            drop(lock);
        }
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        self.release();
    }
}

/// Calls `dead(path, name)` for every entry of `parent` that is a folder `{prefix}{id}…`
/// (or a file or folder named after one, like `….old`) whose owner no longer runs, while
/// holding its lock so that no other process cleans it at the same time. Entries of live
/// owners are left alone.
pub fn remove_stale(parent: &Path, prefix: &str, mut dead: impl FnMut(&Path, &str)) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut by_id: std::collections::BTreeMap<String, Vec<(PathBuf, String)>> = Default::default();
    let mut locks = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix) else {
            continue;
        };
        let id = rest.split('.').next().unwrap_or_default().to_string();
        if rest == format!("{id}.lock") {
            locks.push((id, entry.path()));
        } else {
            by_id.entry(id).or_default().push((entry.path(), name));
        }
    }
    for (id, lock_path) in locks {
        // A lock file without a folder: its build died before making the folder, or
        // is about to make it. Removing it then is safe all the same: that folder will have
        // no lock file, which keeps it for an hour.
        if !by_id.contains_key(&id) && take(&lock_path).is_some() {
            let _ = std::fs::remove_file(&lock_path);
        }
    }
    for (id, entries) in by_id {
        let lock_path = parent.join(format!("{prefix}{id}.lock"));
        let held = if lock_path.exists() {
            match take(&lock_path) {
                Some(file) => Some(file),
                None => continue,
            }
        } else {
            let young = entries.iter().any(|(path, _)| {
                std::fs::symlink_metadata(path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_none_or(|age| age < ORPHAN_AGE)
            });
            if young {
                continue;
            }
            None
        };
        for (path, name) in &entries {
            dead(path, name);
        }
        if held.is_some() {
            let _ = std::fs::remove_file(&lock_path);
        }
    }
}

/// The lock at `path` when no running process holds it.
fn take(path: &Path) -> Option<File> {
    let file = OpenOptions::new().write(true).open(path).ok()?;
    match file.try_lock() {
        Ok(()) => Some(file),
        Err(TryLockError::WouldBlock) | Err(TryLockError::Error(_)) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_folder_is_kept_and_a_dead_one_removed() {
        let parent = tempfile_dir("owned");
        let live = Owned::create(&parent, ".p.x-").unwrap();
        // A dead owner's folder: its lock file is there but nobody holds it.
        let dead_dir = parent.join(".p.x-1-2-3");
        std::fs::create_dir(&dead_dir).unwrap();
        std::fs::write(parent.join(".p.x-1-2-3.lock"), "").unwrap();
        // One whose lock file is gone, an hour old, and one just made (kept).
        let old = parent.join(".p.x-4-5-6.old");
        std::fs::create_dir(&old).unwrap();
        let hour_ago = std::time::SystemTime::now() - ORPHAN_AGE * 2;
        std::fs::File::open(&old)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        std::fs::create_dir(parent.join(".p.x-7-8-9")).unwrap();
        let mut removed = Vec::new();
        remove_stale(&parent, ".p.x-", |path, name| {
            removed.push(name.to_string());
            std::fs::remove_dir_all(path).unwrap();
        });
        removed.sort();
        assert_eq!(removed, [".p.x-1-2-3", ".p.x-4-5-6.old"]);
        assert!(live.dir().is_dir());
        assert!(
            parent.join(".p.x-7-8-9").is_dir(),
            "a young folder without a lock is kept"
        );
        assert!(!parent.join(".p.x-1-2-3.lock").exists());
        drop(live);
        let left: Vec<_> = std::fs::read_dir(&parent).unwrap().flatten().collect();
        // The live folder itself is its owner's to remove; only its lock went with it.
        assert_eq!(left.len(), 2, "{left:?}");
        std::fs::remove_dir_all(&parent).unwrap();
    }

    fn tempfile_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "vinhdanh-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
