//! Rendering: every page of the site, in parallel, as bytes ready to write.
//!
//! Each page is a template of the theme plus a context built from the site model (`pages`; see
//! `docs/themes.md` for what templates receive). Pages are written as the templates make
//! them: minifying every page tripled the render time for 2–3 % fewer bytes after gzip, so
//! it is an option (`minify: true`). The sitemap, Atom feeds, `robots.txt` and alias
//! redirects are made here too.

pub mod charts;
pub mod context;
pub mod feeds;
mod pages;
pub mod seo;
pub mod urls;

use rayon::prelude::*;

use crate::config::Kind;
use crate::diagnostics::Diagnostics;
use crate::reuse::{Fingerprint, Made, Previous};
use crate::site::Site;
use crate::theme::Theme;
use context::card;
use pages::{base_context, job_path, page_context, tv, Ctx, Job};
use urls::Urls;

/// A file of the built site.
#[derive(Debug)]
pub struct OutFile {
    /// Path relative to the output folder.
    pub path: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Where finished files go: the staging folder of a build (written as they come, so the
/// whole site is never held in memory), or memory for `check` and tests.
pub trait Sink: Sync {
    /// Takes one finished file, and returns its stamp when it went to disk (for the next
    /// build's reuse).
    fn put(&self, file: OutFile) -> std::io::Result<Option<crate::reuse::Stamp>>;

    /// Where the file at `path` ends up, for error messages.
    fn location(&self, path: &str) -> std::path::PathBuf {
        path.into()
    }

    /// Takes the file `from` of the previous build, which should be `expected`, as the file
    /// at `path`, and returns the stamp of the file placed. Fails when the file turns out
    /// not to be the expected one (replaced meanwhile): the page is then rendered.
    fn reuse(
        &self,
        from: &std::path::Path,
        expected: crate::reuse::Stamp,
        path: &str,
    ) -> std::io::Result<crate::reuse::Stamp> {
        let _ = (from, expected, path);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<OutFile>>);

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
    fn put(&self, file: OutFile) -> std::io::Result<Option<crate::reuse::Stamp>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(None)
    }
}

fn write_error(sink: &dyn Sink, path: &str, e: &std::io::Error) -> crate::diagnostics::Diagnostic {
    crate::diagnostics::Diagnostic::new(
        sink.location(path),
        crate::diagnostics::Pos::START,
        format!("cannot write the site: {e}"),
    )
    .hint("check that the output folder is writable and the disk is not full")
}

/// The path of page `n` (0-based) of a list whose first page is `base`.
pub fn paged_path(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}trang/{}/", n + 1)
    }
}

/// How many pages a list of `len` cards takes.
fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
}

/// The cards of page `n`.
fn page_slice(list: &[usize], n: usize, per: usize) -> &[usize] {
    let start = (n * per).min(list.len());
    &list[start..(start + per).min(list.len())]
}

/// Where a profile's embeddable card lives, below the profile's own path.
pub const EMBED_SUFFIX: &str = "embed/";

/// The HTML file a page path is written to.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// What [`render`] made.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Files made, pages and others.
    pub files: usize,
    /// Each page with what it was made from, for the next build's reuse.
    pub pages: Vec<(String, Made)>,
    /// Pages taken unchanged from the previous build.
    pub reused: usize,
}

/// Renders the whole site into `sink`. Pages whose template and context are those of a
/// page of `previous` are taken from it instead of being rendered (see [`crate::reuse`]).
/// Template and write problems are recorded in `d`.
pub fn render(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    previous: &Previous,
    d: &mut Diagnostics,
    t: &mut crate::build::Timings,
) -> Rendered {
    let urls = Urls::new(&site.config);
    let base = base_context(site, theme, &urls);
    let per = site.config.paginate;
    let has = |name: &str| theme.sources.contains_key(name);
    let c = Ctx {
        site,
        theme,
        cards: if site.config.portable {
            Vec::new()
        } else {
            (0..site.profiles.len())
                .into_par_iter()
                .map(|i| tv(&card(site, i, &urls)))
                .collect()
        },
        stats: has("statistics.html").then(|| crate::stats::compute(site)),
        embeds: has("embed.html"),
    };
    let mut jobs = vec![Job::Home, Job::Search, Job::NotFound];
    if c.stats.is_some() {
        jobs.push(Job::Statistics);
    }
    for (s, sec) in site.sections.iter().enumerate() {
        if sec.section.kind == Kind::Person {
            jobs.push(Job::Section(s, 0));
        } else {
            jobs.extend((0..page_count(sec.profiles.len(), per)).map(|n| Job::Section(s, n)));
        }
        for (y, year) in sec.years.iter().enumerate() {
            jobs.extend((0..page_count(year.profiles.len(), per)).map(|n| Job::Year(s, y, n)));
        }
    }
    jobs.extend((0..site.profiles.len()).map(Job::Profile));
    if c.embeds {
        jobs.extend((0..site.profiles.len()).map(Job::Embed));
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        for (k, term) in tax.terms.iter().enumerate() {
            jobs.extend((0..page_count(term.profiles.len(), per)).map(|n| Job::Term(t, k, n)));
        }
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    t.lap("cards, statistics");

    let mut site_print = Fingerprint::site(theme, site.config.minify, site.config.portable);
    if !site.config.portable {
        fingerprint_context(&mut site_print, &base);
    }
    // After a failed write (a full disk), the remaining pages are not rendered: one error
    // says it all.
    let stop = std::sync::atomic::AtomicBool::new(false);
    let rendered: Vec<Result<Option<Page>, crate::diagnostics::Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(None);
            }
            let path = job_path(site, job);
            let page_urls = urls.for_page(&path);
            let (template, extra) = page_context(&c, &page_urls, job, &path);
            // A portable site's links differ from page to page, so its shared part does too.
            let portable_base = site
                .config
                .portable
                .then(|| base_context(site, theme, &page_urls));
            let out = if matches!(job, Job::NotFound) {
                "404.html".to_string()
            } else {
                file_of(&path)
            };
            let listed = !matches!(job, Job::NotFound | Job::Embed(_));
            let mut print = site_print.clone();
            if let Some(b) = &portable_base {
                fingerprint_context(&mut print, b);
            }
            print.name(template);
            for (k, v) in &extra {
                print.name(k);
                print.value(v);
            }
            let fingerprint = print.finish();
            if let Some((from, made)) = previous.file(&out, fingerprint) {
                if let Ok(file) = sink.reuse(&from, made.file, &out) {
                    return Ok(Some(Page {
                        listed: listed.then_some(path),
                        made: Some((out, Made { fingerprint, file })),
                        reused: true,
                    }));
                }
            }
            let mut ctx = portable_base.unwrap_or_else(|| base.clone());
            for (k, v) in extra {
                ctx.insert_value(k, v);
            }
            // Into bytes: `render` would check the whole page is UTF-8 again.
            let mut html = Vec::with_capacity(16 * 1024);
            theme
                .tera
                .render_to(template, &ctx, &mut html)
                .map_err(|e| theme.diagnostic(&e, &format!("rendering /{path}")))?;
            let bytes = if site.config.minify {
                minify(&html)
            } else {
                html
            };
            let stamp = sink
                .put(OutFile {
                    path: out.clone(),
                    bytes,
                })
                .map_err(|e| {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    write_error(sink, &out, &e)
                })?;
            let made = stamp.map(|file| (out, Made { fingerprint, file }));
            Ok(Some(Page {
                listed: listed.then_some(path),
                made,
                reused: false,
            }))
        })
        .collect();

    // The cards are not needed by what follows; the search index wants the room.
    drop(c);
    t.lap("render and write pages");
    let mut count = rendered.len();
    let mut sitemap_paths = Vec::new();
    let mut pages = Vec::with_capacity(rendered.len());
    let mut reused = 0;
    for r in rendered {
        match r {
            Ok(Some(page)) => {
                sitemap_paths.extend(page.listed);
                pages.extend(page.made);
                reused += usize::from(page.reused);
            }
            Ok(None) => {}
            Err(e) => d.push(e),
        }
    }
    let mut files = feeds::redirects(site, theme, &urls);
    sitemap_paths.sort();
    files.push(feeds::sitemap(&sitemap_paths, &urls));
    files.push(feeds::atom(site, theme, &urls, None));
    files.extend(
        site.sections
            .iter()
            .map(|sec| feeds::atom(site, theme, &urls, Some(sec))),
    );
    files.push(feeds::robots(&urls));
    t.lap("feeds, sitemap");
    files.extend(crate::search::index_files(site, &urls));
    if !theme
        .static_dirs
        .iter()
        .any(|d| d.join("js/search.js").is_file())
    {
        files.push(OutFile {
            path: "js/search.js".into(),
            bytes: crate::search::CLIENT.to_vec(),
        });
    }
    t.lap("search index");
    count += files.len();
    let failures: Vec<_> = files
        .into_par_iter()
        .filter_map(|f| {
            let path = f.path.clone();
            sink.put(f).err().map(|e| write_error(sink, &path, &e))
        })
        .collect();
    if let Some(e) = failures.into_iter().next() {
        d.push(e);
    }
    t.lap("write feeds and index");
    Rendered {
        files: count,
        pages,
        reused,
    }
}

/// One page rendered or reused.
struct Page {
    /// Its path, when it belongs in the sitemap.
    listed: Option<String>,
    /// The file and what it was made from, when it is on disk.
    made: Option<(String, Made)>,
    reused: bool,
}

/// Adds the parts of a context every page shares.
fn fingerprint_context(print: &mut Fingerprint, ctx: &tera::Context) {
    for key in ["site", "t"] {
        print.name(key);
        if let Some(v) = ctx.get(key) {
            print.value(v);
        }
    }
}

/// Minifies HTML (`minify: true` in site.yaml), keeping the `<html>`, `<head>` and `<body>` tags that tools indexing
/// static sites look for.
pub fn minify(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_css = false;
    cfg.minify_js = false;
    minify_html::minify(html, &cfg)
}
