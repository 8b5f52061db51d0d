//! The pages of earlier builds that a build may keep instead of rendering them again (see
//! `reuse`, which says when a page is unchanged).

use std::collections::HashMap;
use std::path::PathBuf;

use super::Stamp;

/// What one written page was made from, and the file it became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Made {
    /// Fingerprint of the generator, theme, template and context.
    pub fingerprint: u64,
    /// The file written.
    pub file: Stamp,
}

/// The pages of finished sites, by path relative to their folders: the tree a build
/// updates, then the live site.
#[derive(Debug, Default)]
pub struct Previous {
    sites: Vec<(PathBuf, HashMap<String, Made>)>,
}

impl Previous {
    /// The pages of the sites in these folders, first first, as their records have them
    /// (see [`super::record`]).
    pub fn new(sites: Vec<(PathBuf, HashMap<String, Made>)>) -> Previous {
        Previous { sites }
    }

    /// The first previous file at `path` that was made from the same fingerprint and is
    /// still the file that build wrote.
    pub fn file(&self, path: &str, fingerprint: u64) -> Option<(PathBuf, Made)> {
        self.sites.iter().find_map(|(dir, pages)| {
            let made = pages.get(path)?;
            if made.fingerprint != fingerprint {
                return None;
            }
            let file = dir.join(path);
            let meta = std::fs::symlink_metadata(&file).ok()?;
            (meta.is_file() && Stamp::of(&meta) == made.file).then_some((file, *made))
        })
    }
}
