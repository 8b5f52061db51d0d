//! The build as a story: load → validate → arrange → (statistics, search index, photos) →
//! render → write.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::images::Photos;
use crate::output::{self, Collect, OutFile, Sink, Tree};
use crate::reuse::Previous;
use crate::site::{self, Site};
use crate::theme::{self, Theme};
use crate::timings::{peak_memory, Step, Timings};
use crate::{config, content, paths, render, search, stats, validate};

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site folder.
    pub root: PathBuf,
    /// Where to write; `root/public` when not given.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
    /// Build profiles and pages marked `draft: true`.
    pub drafts: bool,
    /// Make a site that also works opened from a folder (file://).
    pub portable: bool,
}

impl Options {
    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build or check made.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Profiles published.
    pub profiles: usize,
    /// HTML pages and other files made.
    pub files: usize,
    /// Pages taken unchanged from the previous build.
    pub reused: usize,
    /// Files written to disk (the others were already right in the tree brought up to date).
    pub written: usize,
    /// Photos used.
    pub photos: usize,
    /// Photos processed by this build (the others came from the cache).
    pub photos_processed: usize,
    /// Seconds per step and resident memory after it (build only).
    pub timings: Vec<Step>,
    /// Peak resident memory in bytes, where known.
    pub peak_memory: Option<u64>,
    /// Seconds taken.
    pub seconds: f64,
    /// What the person should know although nothing is wrong (the built-in theme is used).
    pub notes: Vec<String>,
}

/// Loads, validates, arranges and renders the site in memory: what `check` looks at.
/// Every problem of every file is in the error list.
pub fn prepare(opts: &Options) -> Result<(Site, Vec<OutFile>, Photos, Theme), Vec<Diagnostic>> {
    let mut t = Timings::default();
    let (site, photos, theme) = arrange(opts, &mut t)?;
    let files = Collect::default();
    let mut d = Diagnostics::new();
    make(
        &site,
        &theme,
        &files,
        &Previous::default(),
        None,
        &mut d,
        &mut t,
    );
    if !d.is_empty() {
        return Err(d.into_sorted());
    }
    Ok((site, files.into_files(), photos, theme))
}

/// The template and values of every page of the site (see [`render::contexts`]).
pub fn contexts(
    opts: &Options,
) -> Result<Vec<(String, &'static str, tera::Value)>, Vec<Diagnostic>> {
    let (site, _, theme) = arrange(opts, &mut Timings::default())?;
    let stats = theme
        .sources
        .contains_key("statistics.html")
        .then(|| stats::compute(&site));
    render::contexts(&site, stats.as_ref(), &theme).map_err(|e| vec![e])
}

/// Everything of the site but photos into `sink`: the facts about the site (statistics, the
/// search index), then the pages. Pages of `previous` whose context is unchanged are taken
/// from it; the search words of unchanged profiles from the cache folder `cache`.
fn make(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    previous: &Previous,
    cache: Option<&std::path::Path>,
    d: &mut Diagnostics,
    t: &mut Timings,
) -> render::Rendered {
    let stats = theme
        .sources
        .contains_key("statistics.html")
        .then(|| stats::compute(site));
    t.lap("statistics");
    // Each file written as it is made: the index is never in memory as files, nor beside
    // the pages' cards.
    let bar = crate::progress::Progress::spinner("search index", site.profiles.len() >= 2_000);
    let failure = output::FirstFailure::default();
    let put = |f: OutFile| -> std::io::Result<()> {
        let path = f.path.clone();
        sink.put(f)
            .map(|_| ())
            .inspect_err(|e| failure.note(sink, &path, e))
    };
    let kept = cache.map(|dir| crate::kept::Store::open(dir, "search", search::KEPT));
    let mut index_files =
        search::write_index(site, &site.config.urls(), kept.as_ref(), &put).unwrap_or(0);
    if let Some(kept) = kept {
        kept.save();
    }
    bar.finish();
    let fixed = fixed_files(site, theme);
    index_files += fixed.len();
    fixed.into_par_iter().for_each(|f| {
        let _ = put(f);
    });
    t.lap("search index");
    let mut rendered = render::render(site, stats.as_ref(), theme, sink, previous, &failure, d, t);
    rendered.files += index_files;
    if let Some(e) = failure.into_error() {
        d.push(e);
    }
    rendered
}

/// The files a build writes whatever the pages hold: the search client, attached decisions
/// and the built-in files of printing and the kiosk (each unless the theme ships its own).
pub fn fixed_files(site: &Site, theme: &Theme) -> Vec<OutFile> {
    let mut files = Vec::new();
    if !theme.ships(paths::SEARCH_CLIENT) {
        files.push(OutFile {
            path: paths::SEARCH_CLIENT.into(),
            bytes: search::client().to_vec(),
        });
    }
    for dec in &site.register.decisions {
        if let Some(crate::register::Attached::Pdf { path, bytes }) = &dec.file {
            files.push(OutFile {
                path: path.clone(),
                bytes: bytes.clone(),
            });
        }
    }
    for ((path, _), bytes) in crate::theme::builtin::SHARED_STATIC
        .iter()
        .zip(shared_static())
    {
        if !theme.ships(path) {
            files.push(OutFile {
                path: path.to_string(),
                bytes: bytes.clone(),
            });
        }
    }
    files
}

/// The built-in static files as written, their scripts minified once per run (`serve`
/// makes the fixed files again at every change).
fn shared_static() -> &'static [Vec<u8>] {
    static FILES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        crate::theme::builtin::SHARED_STATIC
            .iter()
            .map(|(path, bytes)| {
                if path.ends_with(".js") {
                    crate::script::minify(bytes).into_owned()
                } else {
                    bytes.to_vec()
                }
            })
            .collect()
    })
}

/// What `serve` keeps between builds, so that after one edit only the changed files are
/// read again.
#[derive(Default)]
pub struct Kept {
    /// The content files read.
    pub files: content::FileCache,
    /// Hash of the `site.yaml` the caches were made with.
    settings: std::sync::Mutex<Option<u64>>,
}

/// Loads, validates and arranges the site as [`arrange`] does, reading again only what
/// changed since the last call with the same `kept`.
pub fn arrange_kept(
    opts: &Options,
    kept: &Kept,
    changed: Option<&[PathBuf]>,
) -> Result<(Site, Photos, Theme), Vec<Diagnostic>> {
    arrange_kept_timed(opts, kept, changed, &mut Timings::default())
}

fn arrange_kept_timed(
    opts: &Options,
    kept: &Kept,
    changed: Option<&[PathBuf]>,
    t: &mut Timings,
) -> Result<(Site, Photos, Theme), Vec<Diagnostic>> {
    let settings = std::fs::read(opts.root.join("site.yaml"))
        .ok()
        .map(|b| xxhash_rust::xxh3::xxh3_64(&b));
    // Held while the files are read: `serve` rebuilds after an edit while the editor's
    // "Xuất bản" may load too, and a load under the old settings must not put its files in
    // the cache after a load under the new ones emptied it.
    let mut known = kept.settings.lock().unwrap_or_else(|e| e.into_inner());
    if *known != settings {
        kept.files.clear();
        *known = settings;
    }
    let arranged = arrange_with(opts, Source::Kept(kept, changed), t);
    drop(known);
    arranged
}

/// Loads, validates and arranges the site, recording the time of each step: everything
/// before rendering.
fn arrange(opts: &Options, t: &mut Timings) -> Result<(Site, Photos, Theme), Vec<Diagnostic>> {
    arrange_with(opts, Source::Fresh, t)
}

/// Where [`arrange_with`] takes the files from (see [`content::Reading`]).
enum Source<'a> {
    /// Read afresh, stories kept in memory (`check`, tests).
    Fresh,
    /// What `serve` kept, with the paths its watcher saw change.
    Kept(&'a Kept, Option<&'a [PathBuf]>),
    /// Read afresh, the stories put aside in the build's temporary file.
    Aside(crate::bodies::Aside),
}

/// [`arrange`], with what `serve` kept, or with the stories put aside as they are read.
fn arrange_with(
    opts: &Options,
    source: Source<'_>,
    t: &mut Timings,
) -> Result<(Site, Photos, Theme), Vec<Diagnostic>> {
    t.start();
    let mut d = Diagnostics::new();
    let root = &opts.root;
    let Some(mut config) = config::load(root, &mut d) else {
        return Err(d.into_sorted());
    };
    config.portable = opts.portable;
    if let Some(url) = &opts.base_url {
        match config::normalize_base_url(url) {
            Ok(u) => config.base_url = u,
            Err(msg) => d.push(Diagnostic::new("--base-url", Pos::START, msg)),
        }
    }
    let theme = theme::load(root, &config, &mut d);
    let mut parsed = None;
    let reading = match &source {
        Source::Fresh => content::Reading::Fresh,
        Source::Kept(kept, changed) => content::Reading::Kept {
            cache: &kept.files,
            changed: *changed,
        },
        Source::Aside(aside) => content::Reading::Aside {
            aside,
            parsed: parsed.insert(crate::yaml::Kept::open(&output::cache_dir(root))),
        },
    };
    let content = content::load_with(root, &config, opts.drafts, reading, &mut d);
    if let Some(parsed) = parsed {
        parsed.save();
    }
    t.lap("load");
    let has_stats = theme
        .as_ref()
        .is_some_and(|t| t.sources.contains_key("statistics.html"));
    let static_files = theme
        .as_ref()
        .map(|t| t.static_files(root))
        .unwrap_or_default();
    validate::unique_urls(&content, &config, has_stats, &static_files, &mut d);
    t.lap("validate");
    let photos = Photos::new(root, config.images.clone());
    let aside = match source {
        Source::Aside(aside) => Some(aside),
        _ => None,
    };
    let site = site::build_with(config, content, &photos, aside, &mut d);
    t.lap("arrange (indexes, photo plan)");
    let Some(theme) = theme else {
        return Err(d.into_sorted());
    };
    if !d.is_empty() {
        // Rendering with broken content would only add noise to the real problems.
        return Err(d.into_sorted());
    }
    Ok((site, photos, theme))
}

/// Checks everything a build would, writing nothing.
pub fn check(opts: &Options) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let (site, files, _, theme) = prepare(opts)?;
    crate::linkcheck::check(&opts.root, &site, &files, &theme)?;
    Ok(summary(&site, &theme, files.len(), start))
}

/// Builds the site into the output folder, replacing it only when everything succeeded.
pub fn build(opts: &Options) -> Result<Summary, Vec<Diagnostic>> {
    build_with(opts, None)
}

/// [`build`], taking from `kept` the files `serve` has read already (each file
/// whose size, time and inode are unchanged): the editor's "Xuất bản" then reads again
/// only what changed.
pub fn build_with(opts: &Options, kept: Option<&Kept>) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let out = opts.output_dir();
    output::check_output(&opts.root, &out).map_err(|e| vec![e])?;
    let mut t = Timings::default();
    let (site, photos, theme) = match kept {
        Some(kept) => arrange_kept_timed(opts, kept, None, &mut t)?,
        None => {
            // Only the profiles' own pages show their stories: the build need not hold
            // them all.
            let aside = crate::bodies::Aside::create(&output::cache_dir(&opts.root))
                .map_err(|e| vec![e])?;
            arrange_with(opts, Source::Aside(aside), &mut t)?
        }
    };
    let io = |e: std::io::Error| {
        vec![
            Diagnostic::new(&out, Pos::START, format!("cannot write the site: {e}"))
                .hint("check that the folder is writable and the disk is not full"),
        ]
    };
    let tree = Tree::open(&opts.root, &out).map_err(io)?;
    for (rel, bytes) in theme.built_in_static() {
        tree.write_static(rel, bytes).map_err(io)?;
    }
    for dir in &theme.static_dirs {
        tree.copy_dir(dir).map_err(io)?;
    }
    let previous = tree.previous();
    // Its own step: the output's records read back and the theme's files copied had been
    // counted in the statistics' time (0.07 s of a rebuild of 30,000 profiles).
    t.lap("open output, copy static files");
    // Pages go to disk as they are rendered, so memory holds the site model, not the site.
    let mut d = Diagnostics::new();
    let cache = output::cache_dir(&opts.root);
    let rendered = make(
        &site,
        &theme,
        &tree,
        &previous,
        Some(&cache),
        &mut d,
        &mut t,
    );
    drop(previous);
    if !d.is_empty() {
        return Err(d.into_sorted());
    }
    photos.process(&mut d);
    t.lap("photos");
    if d.is_empty() {
        photos.write(&tree, &mut d);
    }
    if !d.is_empty() {
        return Err(d.into_sorted());
    }
    t.lap("link photos");
    let written = tree.written();
    tree.commit(&rendered.pages).map_err(io)?;
    photos.finish();
    t.lap("swap in");
    let mut s = summary(&site, &theme, rendered.files, start);
    s.reused = rendered.reused;
    s.written = written;
    s.photos_processed = photos.processed();
    s.timings = t.steps;
    s.peak_memory = peak_memory();
    Ok(s)
}

fn summary(site: &Site, theme: &Theme, files: usize, start: Instant) -> Summary {
    let notes = theme
        .built_in
        .then(|| {
            "there is no themes/default/ folder: the default theme built into vinhdanh is used (`vinhdanh init` writes it out for editing)".to_string()
        })
        .into_iter()
        .chain(site.notes.iter().cloned())
        .collect();
    Summary {
        notes,
        profiles: site.profiles.len(),
        files,
        photos: site.photos.iter().flatten().count()
            + site.galleries.iter().map(Vec::len).sum::<usize>(),
        photos_processed: 0,
        reused: 0,
        written: 0,
        timings: Vec::new(),
        peak_memory: None,
        seconds: start.elapsed().as_secs_f64(),
    }
}
