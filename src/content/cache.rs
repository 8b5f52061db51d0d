//! What `serve` keeps of the files it read, so that after a change only the changed files
//! are read again (and only the changed paths looked at on disk).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{classify, is_lock_file, read_file, Content, FileKind};
use crate::config::Config;
use crate::diagnostics::Diagnostics;

/// One file as a load read it: its stamp then, what it is, what it held.
type Cached = (crate::output::Stamp, FileKind, std::sync::Arc<Content>);

/// What earlier loads read, for `serve`: a file whose size, modification time and inode are
/// unchanged is not read again. Only files read without a problem are kept (a profile with
/// a missing photo is read again, so the photo added since is seen); the cache belongs to
/// one configuration, and is emptied when `site.yaml` changes.
#[derive(Default)]
pub struct FileCache {
    pub(super) files: Mutex<HashMap<PathBuf, Cached>>,
    /// The content files the last load found, sorted.
    pub(super) listing: Mutex<Option<Vec<(PathBuf, FileKind)>>>,
}

impl FileCache {
    /// Forgets everything (the settings changed).
    pub fn clear(&self) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).clear();
        *self.listing.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    pub(super) fn get_any(&self, rel: &Path, kind: &FileKind) -> Option<Content> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let (_, k, c) = files.get(rel)?;
        // Copied outside the lock: the threads loading in parallel do not wait on each other.
        let c = (k == kind).then(|| std::sync::Arc::clone(c));
        drop(files);
        c.map(|c| (*c).clone())
    }

    /// The last listing with the `changed` paths taken into account, without walking
    /// `content/` again: a file saved stays, a new one is classified and put in its place, a
    /// removed one goes. `None` (walk again) when a change could change what other files
    /// are: a folder, a link, a bundle's `index.md`, a path outside `content/`.
    pub(super) fn relist(
        &self,
        root: &Path,
        config: &Config,
        changed: &[PathBuf],
    ) -> Option<Vec<(PathBuf, FileKind)>> {
        let mut list = self
            .listing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()?;
        for rel in changed {
            if !rel.starts_with("content") || rel.file_name().is_some_and(|n| n == "index.md") {
                return None;
            }
            let listed = list.binary_search_by(|(p, _)| p.as_path().cmp(rel));
            match std::fs::symlink_metadata(root.join(rel)) {
                Ok(meta) if meta.is_file() => {
                    if listed.is_ok() || is_lock_file(rel) {
                        continue;
                    }
                    let bundled = rel.ancestors().skip(1).any(|a| {
                        list.binary_search_by(|(p, _)| p.as_path().cmp(&a.join("index.md")))
                            .is_ok()
                    });
                    if let (Some(kind), Err(at)) = (classify(rel, config, bundled), listed) {
                        list.insert(at, (rel.clone(), kind));
                    }
                }
                Ok(_) => return None,
                Err(_) => match listed {
                    Ok(at) => {
                        list.remove(at);
                    }
                    // A folder removed or moved away: its files are not known one by one.
                    Err(_) if list.iter().any(|(p, _)| p.starts_with(rel)) => return None,
                    Err(_) => {}
                },
            }
        }
        Some(list)
    }

    /// Whether the last load read a content file at `rel` or below it (a folder).
    pub fn knows_below(&self, rel: &Path) -> bool {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .any(|k| k.starts_with(rel))
    }

    /// Whether `rel` is a content file the last load read.
    pub fn knows(&self, rel: &Path) -> bool {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(rel)
    }

    pub(super) fn get(
        &self,
        rel: &Path,
        stamp: crate::output::Stamp,
        kind: &FileKind,
    ) -> Option<Content> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let (s, k, c) = files.get(rel)?;
        let c = (*s == stamp && k == kind).then(|| std::sync::Arc::clone(c));
        drop(files);
        c.map(|c| (*c).clone())
    }

    pub(super) fn put(
        &self,
        rel: &Path,
        stamp: crate::output::Stamp,
        kind: &FileKind,
        c: &Content,
    ) {
        let c = std::sync::Arc::new(c.clone());
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.to_path_buf(), (stamp, kind.clone(), c));
    }
}

/// One file the last load with `cache` read, read again now that it changed on disk: what it
/// held then and what it holds now (drafts left out unless `drafts`). `None` when the file
/// was not read by that load, is gone, or now has a problem: then the whole site is loaded
/// again, and the problem reported from there.
pub fn reread(
    root: &Path,
    config: &Config,
    drafts: bool,
    rel: &Path,
    cache: &FileCache,
) -> Option<(Content, Content)> {
    let (kind, old) = {
        let files = cache.files.lock().unwrap_or_else(|e| e.into_inner());
        let (_, kind, old) = files.get(rel)?;
        (kind.clone(), (**old).clone())
    };
    let stamp = crate::output::Stamp::of(&std::fs::metadata(root.join(rel)).ok()?);
    let mut d = Diagnostics::new();
    let new = read_file(root, rel, &kind, config, None, &mut d);
    if !d.is_empty() {
        return None;
    }
    cache.put(rel, stamp, &kind, &new);
    let published = |mut c: Content| {
        c.profiles.retain(|p| drafts || !p.draft);
        c.pages.retain(|p| drafts || !p.draft);
        c.rounds.retain(|r| drafts || !r.draft);
        c
    };
    Some((published(old), published(new)))
}
