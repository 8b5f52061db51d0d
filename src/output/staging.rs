//! The staging folder: a build writes into a fresh folder beside the output and swaps it
//! in only when everything succeeded; a failed or killed build leaves the previous site as
//! it was.

use std::path::{Path, PathBuf};

use super::owned::Owned;
use super::{OutFile, Sink, Stamp};
use crate::diagnostics::{Diagnostic, Pos};

/// Resolves `path` to an absolute path without requiring it to exist.
fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // Canonicalise the longest existing prefix so symlinked folders compare equal.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// Refuses an output folder whose replacement would destroy the site's sources: the site
/// root, one of its source folders, or anything containing them.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let out = absolute(output);
    let root = absolute(root);
    let protected = ["", "content", "static", "themes", "templates"];
    for name in protected {
        let p = if name.is_empty() {
            root.clone()
        } else {
            root.join(name)
        };
        if out == p || p.starts_with(&out) || (!name.is_empty() && out.starts_with(&p)) {
            return Err(Diagnostic::new(
                output,
                Pos::START,
                format!(
                    "refusing to write the site into {}: it would replace the site's own files",
                    output.display()
                ),
            )
            .hint("choose a separate folder, e.g. `--output public`"));
        }
    }
    Ok(())
}

/// A staging folder that becomes the output on [`Staging::commit`], and disappears otherwise.
pub struct Staging {
    /// The folder, locked for as long as this build runs.
    owned: Owned,
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Folders made so far: asking the file system again for a folder that exists costs a
    /// failed `mkdir` and a `stat` under the folder's lock, which the other writers wait on.
    made: std::sync::RwLock<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    /// Creates the staging folder next to `target`, removing ones left by killed builds.
    pub fn new(target: &Path) -> std::io::Result<Staging> {
        let target = absolute(target);
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let prefix = format!(".{name}.vinhdanh-tmp-");
        remove_stale(&parent, &prefix, &target);
        let owned = Owned::create(&parent, &prefix)?;
        Ok(Staging {
            dir: owned.dir().to_path_buf(),
            owned,
            target,
            committed: false,
            made: Default::default(),
        })
    }

    /// Makes the folder `dest` goes in, unless this build made it already.
    fn parent_of(&self, dest: &Path) -> std::io::Result<()> {
        let Some(p) = dest.parent() else {
            return Ok(());
        };
        if self
            .made
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains(p)
        {
            return Ok(());
        }
        std::fs::create_dir_all(p)?;
        // Its parents exist now too: a page's folder is often made by its `embed/`.
        let mut made = self.made.write().unwrap_or_else(|e| e.into_inner());
        for dir in p.ancestors().take_while(|d| d.starts_with(&self.dir)) {
            if !made.insert(dir.to_path_buf()) {
                break;
            }
        }
        Ok(())
    }

    /// Where files are written until the commit.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes a static file the binary carries (a built-in theme's), replacing none.
    pub fn write_static(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let dest = self.dir.join(rel);
        if let Some(p) = dest.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(dest, bytes)
    }

    /// Copies every file of `src` (a `static/` folder) into the staging folder's root.
    pub fn copy_dir(&self, src: &Path) -> std::io::Result<()> {
        for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
            let entry = entry.map_err(std::io::Error::other)?;
            let rel = entry.path().strip_prefix(src).unwrap_or(entry.path());
            let dest = self.dir.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest)?;
            } else if entry.path().is_file() {
                std::fs::copy(entry.path(), &dest)?;
            }
        }
        Ok(())
    }

    /// Swaps the staging folder in place of the target. On Linux the two folders are
    /// exchanged in one atomic step, so there is no moment without a site, even if the
    /// build is killed; elsewhere the old site is moved aside first and restored by the
    /// next build if a kill falls between the two renames.
    pub fn commit(mut self) -> std::io::Result<()> {
        if self.target.is_dir() && exchange(&self.dir, &self.target).is_ok() {
            self.committed = true;
            // The staging path now holds the previous site.
            discard(&self.dir);
            return Ok(());
        }
        let old = self.dir.with_file_name(format!(
            "{}.old",
            self.dir.file_name().unwrap_or_default().to_string_lossy()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            discard(&old);
        }
        Ok(())
    }
}

impl Sink for Staging {
    /// Always a new file: two sources for one path are refused (the validation should have
    /// said which), and a file already there may be a hard link into the previous site,
    /// which writing through would change.
    fn put(&self, file: OutFile) -> std::io::Result<Option<Stamp>> {
        use std::io::Write;
        let dest = self.dir.join(&file.path);
        self.parent_of(&dest)?;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&dest)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => super::written_twice(&file.path),
                _ => e,
            })?;
        f.write_all(&file.bytes)?;
        Ok(Some(Stamp::of(&f.metadata()?)))
    }

    fn location(&self, path: &str) -> PathBuf {
        self.target.join(path)
    }

    /// A hard link where the file system allows (the old site is deleted after the swap,
    /// the link keeps the file), a copy elsewhere. The link must be the expected file: the
    /// previous site may have been swapped by another build since it was checked.
    fn reuse(&self, from: &Path, expected: Stamp, path: &str) -> std::io::Result<Stamp> {
        let dest = self.dir.join(path);
        self.parent_of(&dest)?;
        match std::fs::hard_link(from, &dest) {
            Ok(()) => {
                let placed = Stamp::of(&std::fs::metadata(&dest)?);
                if placed == expected {
                    return Ok(placed);
                }
                std::fs::remove_file(&dest)?;
                return Err(std::io::Error::other("the previous file changed meanwhile"));
            }
            // Another file is there already (a static one): never replaced.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(super::written_twice(path));
            }
            Err(_) => {}
        }
        // No hard links here: a copy, as a new file too.
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&dest)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => super::written_twice(path),
                _ => e,
            })?;
        std::io::copy(&mut std::fs::File::open(from)?, &mut out)?;
        drop(out);
        let placed = Stamp::of(&std::fs::metadata(&dest)?);
        if placed.size == expected.size {
            Ok(placed)
        } else {
            std::fs::remove_file(&dest)?;
            Err(std::io::Error::other("the previous file changed meanwhile"))
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        self.owned.release();
    }
}

/// Exchanges two folders atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated paths for the duration of the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("atomic exchange is not available"))
}

/// Removes staging folders of builds that are no longer running (killed mid-build), and
/// puts back a previous site that a build killed mid-swap had moved aside. A build holds
/// the lock of its folder while it runs (see [`Owned`]), so a live build's folder is never
/// taken for a dead one, on any system.
fn remove_stale(parent: &Path, prefix: &str, target: &Path) {
    super::owned::remove_stale(parent, prefix, |path, name| {
        if name.ends_with(".old") && !target.exists() {
            let _ = std::fs::rename(path, target);
        } else {
            discard(path);
        }
    });
}

/// Removes a folder that is no longer part of the site (the previous site after a swap, or
/// what a killed build left), without making the build wait for it.
///
/// Deleting tens of thousands of files that are already on disk can take longer than the
/// whole build (seconds to a minute on virtual disks with `discard`), so the folder is
/// renamed to a `.vinhdanh-trash-` name at once and deleted by a detached `rm -rf`, which
/// goes on after vinhdanh exits. Where that is not possible it is deleted here and now.
fn discard(dir: &Path) {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let trash = if name.contains(".vinhdanh-trash-") {
        dir.to_path_buf()
    } else {
        let renamed = dir.with_file_name(format!("{}.vinhdanh-trash-{}", name, std::process::id()));
        match std::fs::rename(dir, &renamed) {
            Ok(()) => renamed,
            Err(_) => dir.to_path_buf(),
        }
    };
    let spawned = cfg!(unix)
        && std::process::Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(&trash)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .is_ok();
    if !spawned {
        let _ = std::fs::remove_dir_all(&trash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_sources_and_their_ancestors() {
        let root = std::env::temp_dir().join("vinhdanh-out-test");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output(&root, &root).is_err());
        assert!(check_output(&root, &root.join("content")).is_err());
        assert!(check_output(&root, &root.join("content/x")).is_err());
        assert!(check_output(&root, root.parent().unwrap()).is_err());
        assert!(check_output(&root, &root.join("public")).is_ok());
    }
}
