//! Loading `content/`: every profile and page of the site, read in parallel.
//!
//! A file's place decides what it is. Under a section folder (`content/citizens/`) a `.md`
//! file, a bundle folder's `index.md`, a `.yaml` file, or a `.yaml` file with a `profiles:`
//! list hold profiles; `content/_index.md` is the home page's introduction; any other `.md`
//! file is a plain page at its own path. Other files (photos) are only used when a profile
//! names them.

mod assets;
mod cache;
pub mod frontmatter;
pub mod groups;
pub mod model;
pub mod page;
pub mod profile;
mod read;
pub mod round;
pub mod schema;
pub mod sheet;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::paths;
use crate::slug::slugify;
use crate::yaml;

pub mod decision;
pub use cache::{reread, FileCache};
pub use model::{Asset, Award, Collective, Focus, GalleryItem, Link, Own, Person, Profile};
pub use page::Page;
pub use read::check_text;
use read::read_file;
pub use round::Round;

/// Everything read from `content/`.
#[derive(Debug, Default, Clone)]
pub struct Content {
    /// Profiles of every section, in file order.
    pub profiles: Vec<Profile>,
    /// Plain pages.
    pub pages: Vec<Page>,
    /// The home page's introduction (`content/_index.md`).
    pub home: Option<Page>,
    /// Consultation rounds (`content/lay-y-kien/`).
    pub rounds: Vec<Round>,
    /// What the person should know although nothing is wrong (sheets left out).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum FileKind {
    Home,
    Page {
        path: String,
    },
    ProfileMarkdown {
        section: String,
        file_slug: Option<String>,
    },
    ProfileYaml {
        section: String,
        file_slug: String,
    },
    ProfileSheet {
        section: String,
    },
    Round {
        path: String,
    },
}

/// Reads all of `content/` under `root`. Drafts are kept only when `drafts` is true.
pub fn load(root: &Path, config: &Config, drafts: bool, d: &mut Diagnostics) -> Content {
    load_with(root, config, drafts, Reading::Fresh, d)
}

/// How [`load_with`] reads the files: one way or another, never two (a cache of profiles
/// whose stories went aside would hold profiles without their stories).
pub enum Reading<'a> {
    /// Every file, each profile keeping its story.
    Fresh,
    /// `serve`'s: unchanged files taken from a cache, and what is read kept there.
    Kept {
        /// The files read before.
        cache: &'a FileCache,
        /// The paths a file watcher saw change since the last load with this cache: only
        /// those are looked at again, the others taken as they were, unchecked. `None`:
        /// every file is looked at (size, time, inode).
        changed: Option<&'a [PathBuf]>,
    },
    /// A build's: each published profile's story written aside as its file is read
    /// ([`Profile::story`]), the YAML of unchanged texts taken from the last build's.
    Aside {
        /// Where the stories go.
        aside: &'a crate::bodies::Aside,
        /// The last build's YAML trees, and this build's for the next.
        parsed: &'a yaml::Kept,
    },
}

/// [`load`], reading as `reading` says.
pub fn load_with(
    root: &Path,
    config: &Config,
    drafts: bool,
    reading: Reading<'_>,
    d: &mut Diagnostics,
) -> Content {
    let (cache, changed, aside, parsed) = match reading {
        Reading::Fresh => (None, None, None, None),
        Reading::Kept { cache, changed } => (Some(cache), changed, None, None),
        Reading::Aside { aside, parsed } => (None, None, Some(aside), Some(parsed)),
    };
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        d.push(Diagnostic::new("content", Pos::START, "there is no `content` folder").hint("create `content/` with a folder per section, e.g. `content/citizens/2023/nguyen-van-duc.md`"));
        return Content::default();
    }
    let relisted = cache
        .zip(changed)
        .and_then(|(c, ch)| c.relist(root, config, ch));
    let trusted: Option<HashSet<&PathBuf>> = match (&relisted, changed) {
        (Some(_), Some(ch)) => Some(ch.iter().collect()),
        _ => None,
    };
    let files = match relisted.clone() {
        Some(files) => files,
        None => list_files(root, &content_dir, config, d),
    };
    if let Some(c) = cache {
        *c.listing.lock().unwrap_or_else(|e| e.into_inner()) = Some(files.clone());
    }
    let bar = crate::progress::Progress::new("files", files.len());
    let results: Vec<(Content, Diagnostics)> = files
        .par_iter()
        .map(|(rel, kind)| {
            let mut d = Diagnostics::new();
            if let (Some(cache), Some(trusted)) = (cache, &trusted) {
                if !trusted.contains(rel) {
                    if let Some(c) = cache.get_any(rel, kind) {
                        return (c, d);
                    }
                }
            }
            // The stamp is taken before reading: a file saved meanwhile is read again next time.
            let stamp = cache.and_then(|_| {
                std::fs::metadata(root.join(rel))
                    .ok()
                    .map(|m| crate::output::Stamp::of(&m))
            });
            if let (Some(cache), Some(stamp)) = (cache, stamp) {
                if let Some(c) = cache.get(rel, stamp, kind) {
                    return (c, d);
                }
            }
            let mut c = read_file(root, rel, kind, config, parsed, &mut d);
            if let Some(aside) = aside {
                // Drafts are left out below: their stories need not go aside.
                for p in c.profiles.iter_mut().filter(|p| drafts || !p.draft) {
                    p.story = Some(aside.put(&std::mem::take(&mut p.body)));
                }
            }
            if let (Some(cache), Some(stamp), true) = (cache, stamp, d.is_empty()) {
                cache.put(rel, stamp, kind, &c);
            }
            bar.inc();
            (c, d)
        })
        .collect();
    bar.finish();
    if let Some(cache) = cache {
        let listed: HashSet<&Path> = files.iter().map(|(rel, _)| rel.as_path()).collect();
        let mut kept = cache.files.lock().unwrap_or_else(|e| e.into_inner());
        kept.retain(|rel, _| listed.contains(rel.as_path()));
    }
    let mut content = Content::default();
    // Sized once: grown by doubling, the last copy of 100,000 profiles was made beside the one
    // before it.
    content
        .profiles
        .reserve_exact(results.iter().map(|(c, _)| c.profiles.len()).sum());
    for (c, diags) in results {
        d.extend(diags);
        content
            .profiles
            .extend(c.profiles.into_iter().filter(|p| drafts || !p.draft));
        content
            .pages
            .extend(c.pages.into_iter().filter(|p| drafts || !p.draft));
        content
            .rounds
            .extend(c.rounds.into_iter().filter(|r| drafts || !r.draft));
        if c.home.is_some() {
            content.home = c.home;
        }
        content.notes.extend(c.notes);
    }
    content
}

/// Finds and classifies every content file, sorted by path so builds are deterministic.
fn list_files(
    root: &Path,
    content_dir: &Path,
    config: &Config,
    d: &mut Diagnostics,
) -> Vec<(PathBuf, FileKind)> {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(content_dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(Path::new("content"));
                d.push(Diagnostic::new(
                    rel,
                    Pos::START,
                    format!("cannot read this folder: {e}"),
                ));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.path_is_symlink() {
            let inside = entry
                .path()
                .canonicalize()
                .map(|p| p.starts_with(&real_root))
                .unwrap_or(false);
            if !inside {
                d.push(
                    Diagnostic::new(
                        &rel,
                        Pos::START,
                        "this is a link to a file outside the site folder",
                    )
                    .hint("copy the file into the site folder instead of linking to it"),
                );
                continue;
            }
        }
        // The listing says what an entry is; only a link must be followed to know.
        let is_file =
            entry.file_type().is_file() || (entry.path_is_symlink() && entry.path().is_file());
        if is_file && !is_lock_file(entry.path()) {
            paths.push(rel);
        }
    }
    // Folders with an index.md are bundles: their other files are the bundle's own.
    let bundles: HashSet<PathBuf> = paths
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    let in_bundle = |p: &Path| p.ancestors().skip(1).any(|a| bundles.contains(a));
    let mut files = Vec::new();
    for rel in paths {
        let bundled = in_bundle(&rel);
        let Some(kind) = classify(&rel, config, bundled) else {
            continue;
        };
        files.push((rel, kind));
    }
    files
}

/// What the content file `rel` is, by its place; `None` for files that are not content
/// (photos). `bundled`: it lies in a bundle folder below its `index.md`.
fn classify(rel: &Path, config: &Config, bundled: bool) -> Option<FileKind> {
    let ext = rel
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let inner = rel.strip_prefix("content").unwrap_or(rel);
    let section = inner
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .filter(|first| config.section(first).is_some() && inner.components().count() > 1);
    let stem = rel
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let consultation = paths::CONSULTATIONS.trim_end_matches('/');
    let kind = match (section, ext.as_str()) {
        (None, "md") if inner == Path::new("_index.md") => FileKind::Home,
        (None, "md" | "yaml" | "yml") if inner.starts_with(consultation) => {
            if inner.components().count() != 2 {
                return None;
            }
            FileKind::Round {
                path: paths::round(&slugify(&stem)),
            }
        }
        (None, "md") => {
            let segments: Vec<String> = inner
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            FileKind::Page {
                path: paths::page(&segments),
            }
        }
        (Some(s), "md") if stem == "index" => {
            let folder = rel
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str());
            let file_slug = folder.filter(|f| *f != s).map(slugify);
            FileKind::ProfileMarkdown {
                section: s.to_string(),
                file_slug,
            }
        }
        (Some(_), "md" | "yaml" | "yml") if bundled => return None,
        (Some(s), "md") => FileKind::ProfileMarkdown {
            section: s.to_string(),
            file_slug: Some(slugify(&stem)),
        },
        (Some(s), "yaml" | "yml") => FileKind::ProfileYaml {
            section: s.to_string(),
            file_slug: slugify(&stem),
        },
        (Some(_), "xlsx" | "xlsm" | "xls" | "ods" | "csv") if bundled => return None,
        (Some(s), "xlsx" | "xlsm" | "xls" | "ods" | "csv") => FileKind::ProfileSheet {
            section: s.to_string(),
        },
        _ => return None,
    };
    Some(kind)
}

/// The lock files office programs keep beside an open document (`~$2024.xlsx`,
/// `.~lock.2024.xlsx#`): never content.
pub fn is_lock_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$") || (n.starts_with(".~lock.") && n.ends_with('#')))
}

/// Reads a file, reporting a failure at the file.
pub fn read_bytes(abs: &Path, rel: &Path, d: &mut Diagnostics) -> Option<Vec<u8>> {
    std::fs::read(abs)
        .map_err(|e| {
            d.push(Diagnostic::new(
                rel,
                Pos::START,
                format!("cannot read this file: {e}"),
            ))
        })
        .ok()
}

/// The largest text file read (a long story is 50 KB; this leaves room for any real one).
pub const MAX_TEXT_FILE: u64 = 8_000_000;

/// Reads a file as UTF-8 text, reporting where the first invalid byte is.
pub fn read_text(abs: &Path, rel: &Path, d: &mut Diagnostics) -> Option<String> {
    if let Ok(meta) = std::fs::metadata(abs) {
        if meta.len() > MAX_TEXT_FILE {
            d.push(
                Diagnostic::new(rel, Pos::START, format!("this file is {:.1} MB; a profile, page or template may be at most {} MB", meta.len() as f64 / 1e6, MAX_TEXT_FILE / 1_000_000))
                    .hint("a profile's story is a few pages of text: check that the right file was saved here, or split the text"),
            );
            return None;
        }
    }
    let bytes = read_bytes(abs, rel, d)?;
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            let line = text.matches('\n').count() + 1;
            let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            d.push(
                Diagnostic::new(
                    rel,
                    Pos::new(line, col),
                    "this file is not valid UTF-8 text",
                )
                .hint("save it as UTF-8 (in most editors: Save As → Encoding: UTF-8)"),
            );
            None
        }
    }
}
