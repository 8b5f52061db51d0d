//! Writing the files of an output tree so that no file is ever half there: new files made
//! with their folders, replacements written aside and renamed over, removals that take the
//! folders they empty.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Stamp;

/// Runs `op`, making the folders `dest` goes in when they are missing. A file standing
/// where a folder must go (the previous site had a page `x`, this one `x/index.html`) is
/// removed; it is no longer made.
pub(super) fn with_parents<T>(
    dir: &Path,
    dest: &Path,
    mut op: impl FnMut() -> std::io::Result<T>,
) -> std::io::Result<T> {
    match op() {
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                || e.kind() == std::io::ErrorKind::NotADirectory =>
        {
            let Some(parent) = dest.parent() else {
                return Err(e);
            };
            if std::fs::create_dir_all(parent).is_err() {
                for up in parent
                    .ancestors()
                    .take_while(|p| p.starts_with(dir) && *p != dir)
                {
                    if std::fs::symlink_metadata(up).is_ok_and(|m| !m.is_dir()) {
                        std::fs::remove_file(up)?;
                        break;
                    }
                }
                std::fs::create_dir_all(parent)?;
            }
            op()
        }
        r => r,
    }
}

/// Writes a new file, failing if one is there.
pub(super) fn create_new(dest: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dest)?;
    f.write_all(bytes)?;
    Ok(Stamp::of(&f.metadata()?))
}

/// The name a replacement is written under before it is renamed over the file.
pub(super) fn aside(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".vinhdanh-new");
    dest.with_file_name(name)
}

/// Writes `bytes` aside and renames them over `dest`.
pub(super) fn replace_with(dir: &Path, dest: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
    let tmp = aside(dest);
    let _ = std::fs::remove_file(&tmp);
    let stamp = with_parents(dir, &tmp, || create_new(&tmp, bytes))?;
    rename_over(&tmp, dest)?;
    Ok(stamp)
}

/// Renames `from` over `to`, removing a folder that stands there (the previous site had
/// `x/index.html`, this one a file `x`).
pub(super) fn rename_over(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::rename(from, to) {
        Err(_) if std::fs::symlink_metadata(to).is_ok_and(|m| m.is_dir()) => {
            std::fs::remove_dir_all(to)?;
            std::fs::rename(from, to)
        }
        // Two links of one file: `rename` then succeeds doing nothing, and `from` stays.
        Ok(()) if std::fs::symlink_metadata(from).is_ok() => std::fs::remove_file(from),
        r => r,
    }
}

/// Removes the files `gone` of `dir`, then the folders that this left empty.
pub(super) fn remove_files(dir: &Path, gone: &[&String]) -> std::io::Result<()> {
    use rayon::prelude::*;
    gone.par_iter().try_for_each(|rel| {
        match std::fs::remove_file(dir.join(rel.as_str())) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                // A folder where the record had a file: the build made neither.
                if dir.join(rel.as_str()).is_dir() {
                    std::fs::remove_dir_all(dir.join(rel.as_str()))
                } else {
                    Err(e)
                }
            }
            _ => Ok(()),
        }
    })?;
    let mut folders: Vec<PathBuf> = gone
        .iter()
        .filter_map(|rel| Path::new(rel.as_str()).parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    folders.sort_unstable_by(|a, b| (b.components().count(), b).cmp(&(a.components().count(), a)));
    folders.dedup();
    for folder in folders {
        // Up from the folder, while each is left empty (a folder still used refuses).
        for up in folder.ancestors().filter(|p| !p.as_os_str().is_empty()) {
            if std::fs::remove_dir(dir.join(up)).is_err() {
                break;
            }
        }
    }
    Ok(())
}
/// Writes a new file `tmp` (in the tree `dir`) with `write`, and returns its stamp and the
/// hash of what was written; nothing is left at `tmp` when writing fails.
pub(super) fn write_hashed(
    dir: &Path,
    tmp: &Path,
    write: super::WriteFn,
) -> std::io::Result<(Stamp, u64)> {
    let _ = std::fs::remove_file(tmp);
    let out = with_parents(dir, tmp, || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(tmp)
    })?;
    let mut w = Hashing {
        out: std::io::BufWriter::with_capacity(1 << 20, out),
        hash: xxhash_rust::xxh3::Xxh3::new(),
    };
    let written = write(&mut w).and_then(|()| {
        w.out.flush()?;
        Ok(Stamp::of(&w.out.get_ref().metadata()?))
    });
    match written {
        Ok(stamp) => Ok((stamp, w.hash.digest())),
        Err(e) => {
            let _ = std::fs::remove_file(tmp);
            Err(e)
        }
    }
}

/// A writer that hashes what passes through it.
struct Hashing<W> {
    out: W,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
