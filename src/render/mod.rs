//! Rendering: every page of the site, in parallel, as bytes ready to write.
//!
//! Each page is a template of the theme plus a context built from the site model: [`jobs`]
//! lists the pages, `pages` gives each page kind's context (see `docs/themes.md` for what
//! templates receive). Render only renders: the statistics and the search index are facts
//! about the site, computed before and handed in. Pages are written as the templates make
//! them: minifying every page tripled the render time for 2–3 % fewer bytes after gzip, so
//! it is an option (`minify: true`). The sitemap, Atom feeds, `robots.txt` and alias
//! redirects are made here too.

pub mod charts;
pub mod context;
pub mod feeds;
mod jobs;
mod pages;
mod print;
pub mod profile;
mod register;
pub mod seo;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{write_error, OutFile, Sink};
use crate::reuse::{Fingerprint, Made, Previous};
use crate::site::Site;
use crate::stats::Stats;
use crate::theme::Theme;
use crate::timings::Timings;
use context::{base_context, tv};
use pages::Ctx;
use profile::card;

/// Every page's template and the values it receives (its whole context, `site` and `t`
/// included), without rendering: what a theme can read, for the test that holds
/// `docs/themes.md` to it and for tools that show a theme author the data.
pub fn contexts(
    site: &Site,
    stats: Option<&Stats>,
    theme: &Theme,
) -> Vec<(String, &'static str, tera::Value)> {
    let urls = site.config.urls();
    let c = Ctx {
        site,
        theme,
        cards: Vec::new(),
        stats,
        embeds: theme.sources.contains_key("embed.html"),
        qr: pages::qr_codes(site, &urls),
    };
    jobs::plan(site, stats.is_some(), c.embeds)
        .into_iter()
        .map(|job| {
            let path = job.path(site);
            let page_urls = urls.for_page(&path);
            let (template, extra) = pages::context(&c, &page_urls, job, &path);
            let base = base_context(site, theme, &page_urls);
            let mut map = tera::Map::new();
            for key in ["site", "t"] {
                if let Some(v) = base.get(key) {
                    map.insert(key.into(), v.clone());
                }
            }
            for (k, v) in extra {
                map.insert(k.into(), v);
            }
            (path, template, tera::Value::from(map))
        })
        .collect()
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
    stats: Option<&Stats>,
    theme: &Theme,
    sink: &dyn Sink,
    previous: &Previous,
    d: &mut Diagnostics,
    t: &mut Timings,
) -> Rendered {
    let urls = site.config.urls();
    let base = base_context(site, theme, &urls);
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
        stats,
        embeds: theme.sources.contains_key("embed.html"),
        qr: pages::qr_codes(site, &urls),
    };
    let jobs = jobs::plan(site, stats.is_some(), c.embeds);
    t.lap("cards");

    let mut site_print = Fingerprint::site(theme, site.config.minify, site.config.portable);
    if !site.config.portable {
        fingerprint_context(&mut site_print, &base);
    }
    // After a failed write (a full disk), the remaining pages are not rendered: one error
    // says it all.
    let stop = std::sync::atomic::AtomicBool::new(false);
    let bar = crate::progress::Progress::new("pages", jobs.len());
    let rendered: Vec<Result<Option<Page>, Diagnostic>> = jobs
        .par_iter()
        .map(|&job| {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(None);
            }
            bar.inc();
            let path = job.path(site);
            let page_urls = urls.for_page(&path);
            let (template, extra) = pages::context(&c, &page_urls, job, &path);
            // A portable site's links differ from page to page, so its shared part does too.
            let portable_base = site
                .config
                .portable
                .then(|| base_context(site, theme, &page_urls));
            let out = job.file(&path);
            let listed = job.listed();
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

    bar.finish();
    // The cards are not needed by what follows.
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
    t.lap("feeds, sitemap");
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
