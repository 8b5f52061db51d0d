//! Where finished files go, so that nothing is ever lost.
//!
//! Every step that makes files (pages, feeds, the search index, photos) hands them to a
//! [`Sink`]: the [`Tree`] of a build, swapped in for the output only when everything
//! succeeded, or memory ([`Collect`]) for `check` and tests. A sink takes each path once:
//! two sources for one file are an error, never a silent replace.

mod files;
mod owned;
mod previous;
pub mod record;
mod swap;
mod tree;

pub use owned::{remove_stale, Owned};
pub use previous::{Made, Previous};
pub use swap::check_output;
pub use tree::Tree;

use crate::diagnostics::{Diagnostic, Pos};
use std::path::{Path, PathBuf};

/// A file of the built site.
#[derive(Debug)]
pub struct OutFile {
    /// Path relative to the output folder.
    pub path: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// A file made only when it is written, a piece at a time: the largest files of a build
/// (the open data, tens of megabytes at 100,000 profiles) are then never in memory whole.
pub struct Streamed<'a> {
    /// Path relative to the output folder.
    pub path: String,
    /// Writes the file's content.
    pub write: WriteFn<'a>,
}

/// What writes a [`Streamed`] file.
pub type WriteFn<'a> = Box<dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + Send + 'a>;

impl Streamed<'_> {
    /// A file already made.
    pub fn ready(file: OutFile) -> Self {
        Streamed {
            path: file.path,
            write: Box::new(move |w| w.write_all(&file.bytes)),
        }
    }

    /// The whole file, made in memory.
    pub fn into_file(self) -> std::io::Result<OutFile> {
        let mut bytes = Vec::new();
        (self.write)(&mut bytes)?;
        Ok(OutFile {
            path: self.path,
            bytes,
        })
    }
}

/// What identifies a file's version without reading it: size, modification time, inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stamp {
    /// Bytes.
    pub size: u64,
    /// Modification time, nanoseconds since 1970.
    pub mtime: u64,
    /// Inode number (0 where the system has none).
    pub inode: u64,
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Stamp {
            size: meta.len(),
            mtime: meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64),
            inode,
        }
    }
}

/// Where finished files go: the tree of a build (written as they come, so the
/// whole site is never held in memory), or memory for `check` and tests.
pub trait Sink: Sync {
    /// Takes one finished file, and returns its stamp when it went to disk (for the next
    /// build's reuse). A second file at the same path is refused.
    fn put(&self, file: OutFile) -> std::io::Result<Option<Stamp>>;

    /// [`Sink::put`] for a file made as it is written; a sink that keeps files in memory
    /// makes it there.
    fn put_streamed(&self, file: Streamed) -> std::io::Result<Option<Stamp>> {
        self.put(file.into_file()?)
    }

    /// Where the file at `path` ends up, for error messages.
    fn location(&self, path: &str) -> std::path::PathBuf {
        path.into()
    }

    /// Takes the file `from` of the previous build, which should be `expected`, as the file
    /// at `path`, and returns the stamp of the file placed. Fails when the file turns out
    /// not to be the expected one (replaced meanwhile): the page is then rendered.
    fn reuse(&self, from: &std::path::Path, expected: Stamp, path: &str) -> std::io::Result<Stamp> {
        let _ = (from, expected, path);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// The error of a second file at `path`.
fn written_twice(path: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("two parts of the site would both be written at /{path} (a static file and a page, or two pages)"),
    )
}

/// The site's folder of what builds keep between runs (photo renditions, the records of
/// output trees, a build's stories put aside): `.vinhdanh-cache/` in the site's root.
pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(".vinhdanh-cache")
}

/// The first write of a build that failed: the one error a build reports of its writes,
/// whichever step (search index, pages, feeds, open data) met it first. A full disk fails
/// every write after it, and one error says it all; the steps stop making files once it is
/// set.
#[derive(Default)]
pub struct FirstFailure(std::sync::Mutex<Option<Diagnostic>>);

impl FirstFailure {
    /// Keeps the failure to write `path`, unless one came before it.
    pub fn note(&self, sink: &dyn Sink, path: &str, e: &std::io::Error) {
        let mut first = self.0.lock().unwrap_or_else(|e| e.into_inner());
        first.get_or_insert_with(|| write_error(sink, path, e));
    }

    /// Whether a write has failed.
    pub fn failed(&self) -> bool {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }

    /// The failure, if a write failed.
    pub fn into_error(self) -> Option<Diagnostic> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// The diagnostic for a file that could not be written.
pub fn write_error(sink: &dyn Sink, path: &str, e: &std::io::Error) -> Diagnostic {
    let d = Diagnostic::new(
        sink.location(path),
        Pos::START,
        format!("cannot write the site: {e}"),
    );
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        d.hint("rename or remove one of them: a file in static/ may not have the path of a page")
    } else {
        d.hint("check that the output folder is writable and the disk is not full")
    }
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Collect(
    std::sync::Mutex<Vec<OutFile>>,
    std::sync::Mutex<std::collections::HashSet<String>>,
);

impl Collect {
    /// The files received, home page first, then by path (so reports built from them do
    /// not depend on which thread finished first).
    pub fn into_files(self) -> Vec<OutFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| {
            (a.path != "index.html", &a.path).cmp(&(b.path != "index.html", &b.path))
        });
        files
    }
}

impl Sink for Collect {
    fn put(&self, file: OutFile) -> std::io::Result<Option<Stamp>> {
        let mut seen = self.1.lock().unwrap_or_else(|e| e.into_inner());
        if !seen.insert(file.path.clone()) {
            return Err(written_twice(&file.path));
        }
        drop(seen);
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_file_at_one_path_is_refused() {
        let sink = Collect::default();
        let file = |b: &[u8]| OutFile {
            path: "dia-ban/tan-yen/index.html".into(),
            bytes: b.to_vec(),
        };
        sink.put(file(b"term page")).unwrap();
        let e = sink.put(file(b"a page")).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        let files = sink.into_files();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].bytes, b"term page");
    }
}
