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

/// One good build of the site.
pub(super) struct Generation {
    site: Site,
    theme: Theme,
    pages: OnDemand,
    /// Pages rendered since this build, by file.
    rendered: Mutex<HashMap<String, Bytes>>,
    stats: OnceLock<Option<Stats>>,
    /// Static files, photos and the files every build writes, by file.
    files: HashMap<String, Source>,
    /// The search index, made when first asked for.
    index: OnceLock<HashMap<String, Bytes>>,
    /// Feeds, the sitemap, `robots.txt` and redirects, made when first asked for.
    others: OnceLock<HashMap<String, Bytes>>,
}

impl Generation {
    /// Loads, validates and arranges the site, taking what did not change from `kept`, and
    /// makes the photos the cache lacks.
    pub(super) fn build(opts: &Options, kept: &Kept) -> Result<Generation, Vec<Diagnostic>> {
        let (site, photos, theme) = build::arrange_kept(opts, kept)?;
        let mut d = Diagnostics::new();
        photos.process(&mut d);
        if !d.is_empty() {
            return Err(d.into_sorted());
        }
        let files = files(&opts.root, &site, &theme, &photos);
        photos.finish();
        let stats = theme.sources.contains_key("statistics.html");
        Ok(Generation {
            pages: OnDemand::new(&site, &theme, stats),
            site,
            theme,
            rendered: Mutex::default(),
            stats: OnceLock::new(),
            files,
            index: OnceLock::new(),
            others: OnceLock::new(),
        })
    }

    /// Profiles of the site.
    pub(super) fn profiles(&self) -> usize {
        self.site.profiles.len()
    }

    /// What the build found worth saying although nothing is wrong.
    pub(super) fn notes(&self) -> &[String] {
        &self.site.notes
    }

    /// Whether there is a file at `file` (a path relative to the site's folder).
    pub(super) fn has(&self, file: &str) -> bool {
        self.pages.has(file)
            || self.files.contains_key(file)
            || self.made_later(file).contains_key(file)
    }

    /// The file at `file`: a page rendered now (or earlier in this build), a static file, a
    /// photo, a feed. `None` when there is none; an error when its template fails.
    pub(super) fn get(&self, file: &str) -> Option<Result<Bytes, Diagnostic>> {
        if self.pages.has(file) {
            return Some(self.page(file));
        }
        match self.files.get(file) {
            Some(Source::Made(bytes)) => return Some(Ok(Arc::clone(bytes))),
            Some(Source::Disk(path)) => {
                return std::fs::read(path).ok().map(|b| Ok(Arc::new(b)));
            }
            None => {}
        }
        self.made_later(file).get(file).map(|b| Ok(Arc::clone(b)))
    }

    /// The path of every file of the site, sorted: what a fresh build writes.
    pub(super) fn all_files(&self) -> Vec<String> {
        let mut all: Vec<String> = self.pages.files().map(str::to_string).collect();
        all.extend(self.files.keys().cloned());
        all.extend(self.index().keys().cloned());
        all.extend(self.others().keys().cloned());
        all.sort();
        all
    }

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
    /// the feeds and the others for the rest.
    fn made_later(&self, file: &str) -> &HashMap<String, Bytes> {
        if file.starts_with(paths::SEARCH_INDEX) {
            self.index()
        } else {
            self.others()
        }
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
