//! Watching the site's sources: `content/`, `static/`, `themes/`, `templates/` and
//! `site.yaml`, and nothing else (not `public/`, the photo cache or a `target/` folder that
//! happens to live in the site folder).
//!
//! The site folder itself is watched without recursion, so that `site.yaml` saved by an
//! editor that replaces the file, and source folders created after the server started, are
//! seen; each source folder is watched recursively once it exists.
//!
//! The quiet wait before a rebuild (see `serve::run`) is our own rather than
//! `notify-debouncer-full`'s: a rebuild needs only the set of changed paths, not the renames
//! stitched together and the duplicates folded that the debouncer offers (on macOS and
//! Windows by keeping the file id of every watched file), and the same inbox also takes the
//! editor's saves and Ctrl-C. Its 25 ms are most of the 30 ms from a save to the page.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use super::Msg;

/// The folders of a site that a change in should rebuild it.
const SOURCE_DIRS: [&str; 4] = ["content", "static", "themes", "templates"];

/// A file watcher over a site's sources.
pub(super) struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
    watched: HashSet<&'static str>,
}

impl Watcher {
    /// Starts watching; every relevant change sends [`Msg::Changed`] on `tx`, with the
    /// changed paths relative to the site folder.
    pub(super) fn start(root: &Path, tx: Sender<Msg>) -> notify::Result<Watcher> {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let root = root.canonicalize().unwrap_or(root);
        let filter_root = root.clone();
        let mut inner = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let Ok(event) = res else { return };
            if event.need_rescan() {
                // The system dropped events: a path outside `content/` has everything
                // looked at again.
                let _ = tx.send(Msg::Changed(vec![PathBuf::from("site.yaml")]));
                return;
            }
            if !matters(&event.kind) {
                return;
            }
            let changed: Vec<PathBuf> = event
                .paths
                .iter()
                .filter(|p| is_source(&filter_root, p))
                .filter_map(|p| p.strip_prefix(&filter_root).ok().map(Path::to_path_buf))
                .collect();
            if !changed.is_empty() {
                let _ = tx.send(Msg::Changed(changed));
            }
        })?;
        inner.watch(&root, RecursiveMode::NonRecursive)?;
        let mut w = Watcher {
            root,
            inner,
            watched: HashSet::new(),
        };
        w.refresh();
        Ok(w)
    }

    /// Watches source folders created since the last call, forgets removed ones.
    pub(super) fn refresh(&mut self) {
        for name in SOURCE_DIRS {
            let dir = self.root.join(name);
            if !dir.is_dir() {
                self.watched.remove(name);
            } else if !self.watched.contains(name)
                && self.inner.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(name);
            }
        }
    }
}

/// Reading a file (the build itself does) is not a change; closing a written one is.
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// True for `site.yaml` and anything in a source folder, except editors' scratch files.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.ends_with('~')
        || crate::content::is_lock_file(path)
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
    {
        return false;
    }
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first == "site.yaml" || SOURCE_DIRS.contains(&first.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/s");
        for yes in [
            "/s/site.yaml",
            "/s/content/a/b.md",
            "/s/themes/default/x.css",
            "/s/static",
            "/s/templates/t.html",
        ] {
            assert!(is_source(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/s/public/index.html",
            "/s/.vinhdanh-cache/x",
            "/s/target/debug/x",
            "/s/content/.a.md.swp",
            "/s/content/a.md~",
            "/other/site.yaml",
            "/s/site.yaml.bak",
        ] {
            assert!(!is_source(root, Path::new(no)), "{no}");
        }
    }
}
