//! Reusing the unchanged pages of the previous build.
//!
//! A page is its template applied to its context, so a page whose template and context are
//! the same as last time is the same page. Every build records, for each page it writes, a
//! fingerprint of what made it (the generator, the theme's templates, the template's name,
//! the whole context). The next build works out each page's context as usual, and where the
//! fingerprint matches, links the previous file into the new site instead of rendering and
//! writing it again. Editing one profile of 10,000 then re-renders that profile, its
//! neighbours' "related" boxes and the list pages that show its card, not the whole site.
//!
//! The record lives in `.vinhdanh-cache/pages.tsv` and names the folder it describes, so a
//! build into another folder, or after that folder was replaced by hand, starts afresh.
//! A file whose size differs from the record is rendered again too.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

use crate::theme::Theme;

/// Bumped when what a fingerprint covers changes.
const FORMAT: &str = "vinhdanh-pages 1";

/// What one written page was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Made {
    /// Fingerprint of the generator, theme, template and context.
    pub fingerprint: u64,
    /// Size of the file written.
    pub size: u64,
}

/// The pages of a finished site, by path relative to its folder.
#[derive(Debug, Default)]
pub struct Previous {
    dir: PathBuf,
    pages: HashMap<String, Made>,
}

impl Previous {
    /// The record of the site in `dir`, or nothing to reuse when the record is missing,
    /// describes another folder or cannot be read.
    pub fn load(root: &Path, dir: &Path) -> Previous {
        let none = Previous::default();
        let Ok(text) = std::fs::read_to_string(record_path(root)) else {
            return none;
        };
        let mut lines = text.lines();
        if lines.next() != Some(FORMAT) || lines.next() != Some(&*dir.to_string_lossy()) {
            return none;
        }
        let mut pages = HashMap::new();
        for line in lines {
            let mut f = line.splitn(3, '\t');
            let (Some(fp), Some(size), Some(path)) = (f.next(), f.next(), f.next()) else {
                return none;
            };
            let (Ok(fingerprint), Ok(size)) = (u64::from_str_radix(fp, 16), size.parse()) else {
                return none;
            };
            pages.insert(path.to_string(), Made { fingerprint, size });
        }
        Previous {
            dir: dir.to_path_buf(),
            pages,
        }
    }

    /// The previous file at `path` when it was made from the same fingerprint and is still
    /// as it was written.
    pub fn file(&self, path: &str, fingerprint: u64) -> Option<PathBuf> {
        let made = self.pages.get(path)?;
        if made.fingerprint != fingerprint {
            return None;
        }
        let file = self.dir.join(path);
        let meta = std::fs::symlink_metadata(&file).ok()?;
        (meta.is_file() && meta.len() == made.size).then_some(file)
    }

    /// How many pages the record holds.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// True when there is nothing to reuse.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

fn record_path(root: &Path) -> PathBuf {
    root.join(".vinhdanh-cache").join("pages.tsv")
}

/// Records the pages of the site just written to `dir`, for the next build. A failure only
/// costs the next build its reuse, so it is not an error.
pub fn save(root: &Path, dir: &Path, pages: &[(String, Made)]) {
    let mut text = String::with_capacity(pages.len() * 64);
    text.push_str(FORMAT);
    text.push('\n');
    text.push_str(&dir.to_string_lossy());
    text.push('\n');
    for (path, made) in pages {
        text.push_str(&format!(
            "{:016x}\t{}\t{path}\n",
            made.fingerprint, made.size
        ));
    }
    let file = record_path(root);
    if let Some(parent) = file.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let tmp = file.with_extension("tsv.tmp");
    if std::fs::write(&tmp, text).is_ok() {
        let _ = std::fs::rename(&tmp, &file);
    }
}

/// Forgets the record, so the next build renders everything (after a build that failed
/// halfway, for instance).
pub fn forget(root: &Path) {
    let _ = std::fs::remove_file(record_path(root));
}

/// A running fingerprint.
#[derive(Clone)]
pub struct Fingerprint(Xxh3);

impl Fingerprint {
    /// What every page depends on: this generator (its version and its very binary, so a
    /// rebuilt generator renders everything again), the theme's templates and the settings
    /// that change pages after rendering.
    pub fn site(theme: &Theme, minify: bool) -> Fingerprint {
        let mut h = Xxh3::new();
        h.update(FORMAT.as_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        if let Some(meta) = std::env::current_exe()
            .ok()
            .and_then(|p| std::fs::metadata(p).ok())
        {
            h.update(&meta.len().to_le_bytes());
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.update(&mtime.to_le_bytes());
        }
        h.update(&theme.fingerprint.to_le_bytes());
        h.update(&[u8::from(minify)]);
        Fingerprint(h)
    }

    /// Adds a name (a template's, a context key's).
    pub fn name(&mut self, name: &str) {
        self.0.update(name.as_bytes());
        self.0.update(&[0]);
    }

    /// Adds a template value, as the JSON it serialises to.
    pub fn value(&mut self, value: &tera::Value) {
        // Writing into the hash cannot fail.
        let _ = serde_json::to_writer(&mut *self, value);
        self.0.update(&[0]);
    }

    /// The fingerprint so far.
    pub fn finish(&self) -> u64 {
        self.0.digest()
    }
}

impl Write for Fingerprint {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
