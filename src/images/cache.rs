//! The photo cache, `.vinhdanh-cache/images/` in the site folder (outside the output, so a
//! build never writes into the sources and the output can be deleted at will).
//!
//! Each processed photo is a folder named by its key: a hash of the photo's bytes and of
//! everything that shapes its outputs (widths, quality, crop focus, pipeline version), so
//! changing any of them makes a new entry. A small table remembers each source file's size,
//! modification time, hash and upright size, so a rebuild of unchanged photos reads no photo
//! at all. Entries are written to a temporary folder and renamed into place, so a killed or
//! concurrent build never leaves a half-written entry. After a successful build, entries
//! and table rows it did not use are pruned.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What the table knows about one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// File size when it was hashed.
    pub size: u64,
    /// Modification time (nanoseconds since the epoch) when it was hashed.
    pub mtime: u128,
    /// Hash of its bytes.
    pub hash: u64,
    /// Upright width.
    pub width: u32,
    /// Upright height.
    pub height: u32,
}

/// The cache of one site.
pub struct Cache {
    dir: PathBuf,
    table: Mutex<HashMap<PathBuf, Known>>,
    used_keys: Mutex<HashSet<String>>,
    used_sources: Mutex<HashSet<PathBuf>>,
}

const TABLE: &str = "sources.tsv";

impl Cache {
    /// Opens (without creating) the cache under `root`.
    pub fn open(root: &Path) -> Cache {
        let dir = crate::output::cache_dir(root).join("images");
        let mut table = HashMap::new();
        if let Ok(text) = std::fs::read_to_string(dir.join(TABLE)) {
            for line in text.lines() {
                let f: Vec<&str> = line.split('\t').collect();
                if let [path, size, mtime, hash, w, h] = f[..] {
                    let parsed = (
                        size.parse(),
                        mtime.parse(),
                        u64::from_str_radix(hash, 16),
                        w.parse(),
                        h.parse(),
                    );
                    if let (Ok(size), Ok(mtime), Ok(hash), Ok(width), Ok(height)) = parsed {
                        table.insert(
                            PathBuf::from(path),
                            Known {
                                size,
                                mtime,
                                hash,
                                width,
                                height,
                            },
                        );
                    }
                }
            }
        }
        Cache {
            dir,
            table: Mutex::new(table),
            used_keys: Mutex::default(),
            used_sources: Mutex::default(),
        }
    }

    /// What is known about `path` if it has not changed since (same size and time).
    pub fn known(&self, path: &Path, size: u64, mtime: u128) -> Option<Known> {
        self.used_sources
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf());
        let table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        table
            .get(path)
            .copied()
            .filter(|k| k.size == size && k.mtime == mtime)
    }

    /// Records what was learnt about `path`.
    pub fn remember(&self, path: &Path, known: Known) {
        self.table
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), known);
    }

    /// The folder of entry `key`, marked as used by this build.
    pub fn entry(&self, key: &str) -> PathBuf {
        self.used_keys
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string());
        self.dir.join(key)
    }

    /// Whether entry `key` is complete.
    pub fn has(&self, key: &str) -> bool {
        self.dir.join(key).is_dir()
    }

    /// Stores the files of entry `key` atomically.
    pub fn store(&self, key: &str, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let tmp = self.dir.join(
            format!(
                ".{key}.tmp-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            )
            .replace(['(', ')'], ""),
        );
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir(&tmp)?;
        for (name, bytes) in files {
            std::fs::write(tmp.join(name), bytes)?;
        }
        match std::fs::rename(&tmp, self.dir.join(key)) {
            Ok(()) => Ok(()),
            // Another build stored the same entry first: theirs is as good as ours.
            Err(_) if self.has(key) => {
                let _ = std::fs::remove_dir_all(&tmp);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Saves the table and removes entries and rows this build did not use.
    pub fn save_and_prune(&self) -> std::io::Result<()> {
        if !self.dir.is_dir() {
            return Ok(());
        }
        let used_keys = self.used_keys.lock().unwrap_or_else(|e| e.into_inner());
        let used_sources = self.used_sources.lock().unwrap_or_else(|e| e.into_inner());
        for entry in std::fs::read_dir(&self.dir)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !used_keys.contains(&name) && !name.contains(".tmp-") {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        let mut rows: Vec<String> = table
            .iter()
            .filter(|(p, _)| used_sources.contains(*p))
            .map(|(p, k)| {
                format!(
                    "{}\t{}\t{}\t{:016x}\t{}\t{}",
                    p.display(),
                    k.size,
                    k.mtime,
                    k.hash,
                    k.width,
                    k.height
                )
            })
            .collect();
        rows.sort();
        let tmp = self.dir.join(format!(".{TABLE}.{}", std::process::id()));
        std::fs::write(&tmp, rows.join("\n") + "\n")?;
        std::fs::rename(tmp, self.dir.join(TABLE))
    }
}
