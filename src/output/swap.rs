//! Putting a finished tree in place of the output: the checks on the output folder, the
//! atomic exchange of two folders, and the removal of what killed builds left.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Pos};

/// Resolves `path` to an absolute path without requiring it to exist.
pub(super) fn absolute(path: &Path) -> PathBuf {
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

/// Exchanges two folders atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
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
pub(super) fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("atomic exchange is not available"))
}

/// Removes staging folders of builds that are no longer running (killed mid-build), and
/// puts back a previous site that a build killed mid-swap had moved aside. A build holds
/// the lock of its folder while it runs (see [`Owned`]), so a live build's folder is never
/// taken for a dead one, on any system.
pub(super) fn remove_stale(parent: &Path, prefix: &str, target: &Path) {
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
pub(super) fn discard(dir: &Path) {
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
        // A folder of its own, removed when the test ends.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output(&root, &root).is_err());
        assert!(check_output(&root, &root.join("content")).is_err());
        assert!(check_output(&root, &root.join("content/x")).is_err());
        assert!(check_output(&root, root.parent().unwrap()).is_err());
        assert!(check_output(&root, &root.join("public")).is_ok());
    }
}
