//! The site as `serve` keeps it: loaded and arranged in memory, its pages rendered when the
//! browser asks for them.
//!
//! A rebuild reads again only the files that changed (see [`build::Kept`]) and arranges
//! the site anew (a few tens of milliseconds for 10,000 profiles); no page is rendered
//! until it is asked for, so the page being looked at is served a moment after its file
//! was saved. Each page is rendered by the code that renders a build's pages, so it is the
//! same page (tested against a fresh build after edits, additions and removals). Nothing is
//! written but new photos into the photo cache.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use crate::build::{self, Kept, Options};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::Photos;
use crate::paths;
use crate::render::OnDemand;
use crate::site::Site;
use crate::stats::{self, Stats};
use crate::theme::Theme;

/// Bytes of a file of the site.
pub(super) type Bytes = Arc<Vec<u8>>;

/// Where a file that is not a page comes from.
enum Source {
    /// Made by the build (the search client, an attached decision) or carried by the binary.
    Made(Bytes),
    /// A file on disk, read when asked for: a static file or a photo in the cache.
    Disk(PathBuf),
}

/// One good build of the site, with the edits taken in since (see [`Generation::patch`]).
pub(super) struct Generation {
    shown: std::sync::RwLock<Shown>,
    /// Static files, photos and the files every build writes, by file.
    files: HashMap<String, Source>,
    /// Index of each profile, by its source file.
    by_source: HashMap<PathBuf, Vec<usize>>,
}

/// The site and what is made of it on request.
struct Shown {
    site: Site,
    theme: Theme,
    pages: OnDemand,
    /// Pages rendered since the last change, by file.
    rendered: Mutex<HashMap<String, Bytes>>,
    stats: OnceLock<Option<Stats>>,
    /// The search index, made when first asked for.
    index: OnceLock<HashMap<String, Bytes>>,
    /// Feeds, the sitemap, `robots.txt` and redirects, made when first asked for.
    others: OnceLock<HashMap<String, Bytes>>,
}

impl Generation {
    /// Loads, validates and arranges the site, taking what did not change from `kept`, and
    /// makes the photos the cache lacks.
    /// `changed`: the paths changed since the last build with `kept` (`None`: look at all).
    pub(super) fn build(
        opts: &Options,
        kept: &Kept,
        changed: Option<&[PathBuf]>,
    ) -> Result<Generation, Vec<Diagnostic>> {
        let (site, photos, theme) = build::arrange_kept(opts, kept, changed)?;
        let mut d = Diagnostics::new();
        photos.process(&mut d);
        if !d.is_empty() {
            return Err(d.into_sorted());
        }
        let files = files(&opts.root, &site, &theme, &photos);
        photos.finish();
        let stats = theme.sources.contains_key("statistics.html");
        let mut by_source: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (i, p) in site.profiles.iter().enumerate() {
            by_source.entry(p.source.clone()).or_default().push(i);
        }
        Ok(Generation {
            shown: std::sync::RwLock::new(Shown {
                pages: OnDemand::new(&site, &theme, stats),
                site,
                theme,
                rendered: Mutex::default(),
                stats: OnceLock::new(),
                index: OnceLock::new(),
                others: OnceLock::new(),
            }),
            files,
            by_source,
        })
    }

    /// Takes in the edits of the `changed` files when each is a profile file read before
    /// whose profiles keep their place in the arrangement (see [`crate::site::same_place`]):
    /// the most common change, a summary or a story, then costs the reading of one file.
    /// False, changing nothing, when the site must be built again.
    pub(super) fn patch(&self, opts: &Options, kept: &Kept, changed: &[PathBuf]) -> bool {
        let shown = self.shown.read().unwrap_or_else(|e| e.into_inner());
        let config = &shown.site.config;
        let mut edits = Vec::new();
        for rel in changed {
            // Anything there at all: a file, or a folder whose files the watcher may not
            // have reported one by one.
            let exists = std::fs::symlink_metadata(opts.root.join(rel)).is_ok();
            let known = kept.files.knows(rel);
            if !rel.starts_with("content") || (!exists && known) {
                return false;
            }
            if !known {
                // Gone already and never read: an editor's temporary file, unless it was a
                // folder of read files (moved away whole).
                if exists || kept.files.knows_below(rel) {
                    return false;
                }
                continue;
            }
            let Some((old, new)) =
                crate::content::reread(&opts.root, config, opts.drafts, rel, &kept.files)
            else {
                return false;
            };
            // Only profiles are replaced in place; a page or a consultation round (and with
            // it its candidates' list) is arranged again.
            if old.home.is_some()
                || new.home.is_some()
                || !old.pages.is_empty()
                || !new.pages.is_empty()
                || !old.rounds.is_empty()
                || !new.rounds.is_empty()
            {
                return false;
            }
            let at = self.by_source.get(rel).map_or(&[][..], Vec::as_slice);
            if new.profiles.len() != at.len() || old.profiles.len() != at.len() {
                return false;
            }
            // A profile keeps its address (`same_place`), which is unique in the site.
            for p in new.profiles {
                let found = at.iter().find(|&&i| shown.site.profiles[i].path == p.path);
                match found {
                    Some(&i) if crate::site::same_place(&shown.site.profiles[i], &p) => {
                        edits.push((i, p));
                    }
                    _ => return false,
                }
            }
        }
        drop(shown);
        let mut shown = self.shown.write().unwrap_or_else(|e| e.into_inner());
        for (i, p) in edits {
            shown.site.replace(i, p);
        }
        let s = &mut *shown;
        s.pages.forget();
        s.rendered = Mutex::default();
        s.stats = OnceLock::new();
        s.index = OnceLock::new();
        s.others = OnceLock::new();
        true
    }

    /// Profiles of the site.
    pub(super) fn profiles(&self) -> usize {
        self.read().site.profiles.len()
    }

    /// What the build found worth saying although nothing is wrong.
    pub(super) fn notes(&self) -> Vec<String> {
        self.read().site.notes.clone()
    }

    /// What `f` makes of the site model (for the editor's lists).
    pub(super) fn site<R>(&self, f: impl FnOnce(&Site) -> R) -> R {
        f(&self.read().site)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Shown> {
        self.shown.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether there is a file at `file` (a path relative to the site's folder).
    pub(super) fn has(&self, file: &str) -> bool {
        let shown = self.read();
        shown.pages.has(file)
            || self.files.contains_key(file)
            || shown.made_later(file).is_some_and(|m| m.contains_key(file))
    }

    /// The file at `file`: a page rendered now (or earlier in this build), a static file, a
    /// photo, a feed. `None` when there is none; an error when its template fails.
    pub(super) fn get(&self, file: &str) -> Option<Result<Bytes, Diagnostic>> {
        let shown = self.read();
        if shown.pages.has(file) {
            return Some(shown.page(file));
        }
        match self.files.get(file) {
            Some(Source::Made(bytes)) => return Some(Ok(Arc::clone(bytes))),
            Some(Source::Disk(path)) => {
                return std::fs::read(path).ok().map(|b| Ok(Arc::new(b)));
            }
            None => {}
        }
        shown.made_later(file)?.get(file).map(|b| Ok(Arc::clone(b)))
    }

    /// The path of every file of the site, sorted: what a fresh build writes.
    pub(super) fn all_files(&self) -> Vec<String> {
        let shown = self.read();
        let mut all: Vec<String> = shown.pages.files().map(str::to_string).collect();
        all.extend(self.files.keys().cloned());
        all.extend(shown.index().keys().cloned());
        all.extend(shown.others().keys().cloned());
        all.sort();
        all
    }
}

impl Shown {
    fn page(&self, file: &str) -> Result<Bytes, Diagnostic> {
        if let Some(done) = self
            .rendered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(file)
        {
            return Ok(Arc::clone(done));
        }
        let stats = if self.pages.needs_stats(file) {
            self.stats
                .get_or_init(|| Some(stats::compute(&self.site)))
                .as_ref()
        } else {
            None
        };
        let bytes = match self.pages.render(&self.site, &self.theme, stats, file) {
            Some(result) => Arc::new(result?),
            None => {
                return Err(Diagnostic::new(
                    file,
                    crate::diagnostics::Pos::START,
                    "no such page",
                ))
            }
        };
        self.rendered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_string(), Arc::clone(&bytes));
        Ok(bytes)
    }

    /// The files made only when asked for: the search index for a path under `search/`,
    /// the feeds and the others for a path that can be one of them. `None` for any other
    /// path: a missing address (a removed profile's page, a browser's `favicon.ico`) is a
    /// 404 without making the open data, feeds and sitemap of the whole site first.
    fn made_later(&self, file: &str) -> Option<&HashMap<String, Bytes>> {
        if file.starts_with(paths::SEARCH_INDEX) {
            Some(self.index())
        } else if paths::beside_pages(file) || self.is_alias(file) {
            Some(self.others())
        } else {
            None
        }
    }

    /// Whether an alias of a profile or page redirects from `file`.
    fn is_alias(&self, file: &str) -> bool {
        self.site
            .aliases()
            .any(|(alias, _)| paths::file_of(alias) == file)
    }

    fn index(&self) -> &HashMap<String, Bytes> {
        self.index.get_or_init(|| {
            let urls = self.site.config.urls();
            by_path(crate::search::index_files(&self.site, &urls))
        })
    }

    fn others(&self) -> &HashMap<String, Bytes> {
        self.others
            .get_or_init(|| by_path(self.pages.others(&self.site, &self.theme)))
    }
}

fn by_path(files: Vec<crate::output::OutFile>) -> HashMap<String, Bytes> {
    files
        .into_iter()
        .map(|f| (f.path, Arc::new(f.bytes)))
        .collect()
}

/// Static files (the site's over the theme's over the built-in theme's), photos and the
/// files every build writes, by path in the site.
fn files(
    root: &std::path::Path,
    site: &Site,
    theme: &Theme,
    photos: &Photos,
) -> HashMap<String, Source> {
    let mut files = HashMap::new();
    for (path, bytes) in theme.built_in_static() {
        files.insert(path.to_string(), Source::Made(Arc::new(bytes.to_vec())));
    }
    for (path, file) in theme.static_files(root) {
        files.insert(path, Source::Disk(root.join(file)));
    }
    for f in build::fixed_files(site, theme) {
        files.insert(f.path, Source::Made(Arc::new(f.bytes)));
    }
    let photos: BTreeMap<String, PathBuf> = photos.files();
    for (path, cached) in photos {
        files.insert(path, Source::Disk(cached));
    }
    files
}
