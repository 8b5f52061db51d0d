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
mod ctx;
mod data;
pub mod feeds;
mod jobs;
mod pages;
mod print;
pub mod profile;
mod register;
mod rounds;
pub mod seo;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{FirstFailure, OutFile, Sink, Streamed};
use crate::reuse::{Fingerprint, Made, Previous};
use crate::site::Site;
use crate::stats::Stats;
use crate::theme::Theme;
use crate::timings::Timings;
use context::base_context;
use ctx::{Ctx, Memo};
use jobs::Job;

/// Every page's template and the values it receives (its whole context, `site` and `t`
/// included), without rendering: what a theme can read, for the test that holds
/// `docs/themes.md` to it and for tools that show a theme author the data.
pub fn contexts(
    site: &Site,
    stats: Option<&Stats>,
    theme: &Theme,
) -> Result<Vec<(String, &'static str, tera::Value)>, Diagnostic> {
    let memo = Memo::new(site);
    let c = ctx(site, theme, &memo, stats);
    let base = base_context(site, theme, &site.config.urls());
    jobs::plan(site, stats.is_some(), c.embeds)
        .into_iter()
        .map(|job| {
            let mut page = plan_page(&c, &base, job);
            with_story(&c, &mut page)?;
            let mut map = tera::Map::new();
            for key in ["site", "t"] {
                if let Some(v) = page.base.get(key) {
                    map.insert(key.into(), v.clone());
                }
            }
            for (k, v) in page.extra {
                map.insert(k.into(), v);
            }
            Ok((page.path, page.template, tera::Value::from(map)))
        })
        .collect()
}

fn ctx<'a>(site: &'a Site, theme: &'a Theme, memo: &'a Memo, stats: Option<&'a Stats>) -> Ctx<'a> {
    Ctx {
        site,
        theme,
        memo,
        stats,
        embeds: theme.sources.contains_key("embed.html"),
    }
}

/// One page with its context worked out, not rendered yet.
struct Planned {
    /// Its site path.
    path: String,
    /// The file it is written to.
    out: String,
    template: &'static str,
    /// The shared part of its context (its own on a portable site, whose links differ from
    /// page to page).
    base: tera::Context,
    /// What the page adds to it.
    extra: ctx::Extra,
    /// The profile whose story the page shows as `profile.body_html`: put in only when the
    /// page is rendered ([`with_story`]), the page's fingerprint taking the story's hash.
    story: Option<usize>,
}

fn plan_page(c: &Ctx, base: &tera::Context, job: Job) -> Planned {
    let site = c.site;
    let path = job.path(site);
    let page_urls = site.config.urls().for_page(&path);
    let (template, extra) = pages::context(c, &page_urls, job, &path);
    let base = if site.config.portable {
        base_context(site, c.theme, &page_urls)
    } else {
        base.clone()
    };
    Planned {
        out: job.file(&path),
        path,
        template,
        base,
        extra,
        story: match job {
            Job::Profile { profile } => Some(profile),
            _ => None,
        },
    }
}

/// Puts the story of the page's profile in its context as HTML.
fn with_story(c: &Ctx, page: &mut Planned) -> Result<(), Diagnostic> {
    let Some(i) = page.story.take() else {
        return Ok(());
    };
    let p = &c.site.profiles[i];
    let markdown = c.site.bodies.get(i).map_err(|e| {
        Diagnostic::new(
            &p.source,
            p.pos,
            format!(
                "cannot read back the story of {} from the build's temporary file: {e}",
                p.name
            ),
        )
        .hint("check the disk that holds the site's folder (.vinhdanh-cache), then build again")
    })?;
    let html = crate::markdown::to_html(&markdown);
    if let Some((_, profile)) = page.extra.iter_mut().find(|(k, _)| *k == "profile") {
        let mut map = std::mem::replace(profile, tera::Value::none())
            .into_map()
            .unwrap_or_default();
        map.insert("body_html".into(), html.into());
        *profile = tera::Value::from(map);
    }
    Ok(())
}

/// Fills the page's template and draws its QR codes.
fn fill(c: &Ctx, mut page: Planned) -> Result<Vec<u8>, Diagnostic> {
    with_story(c, &mut page)?;
    let (theme, minify_pages) = (c.theme, c.site.config.minify);
    let mut ctx = page.base;
    for (k, v) in page.extra {
        ctx.insert_value(k, v);
    }
    // Into bytes: `render` would check the whole page is UTF-8 again.
    let mut html = Vec::with_capacity(16 * 1024);
    theme
        .tera
        .render_to(page.template, &ctx, &mut html)
        .map_err(|e| theme.diagnostic(&e, &format!("rendering /{}", page.path)))?;
    let html = c.draw_codes(html);
    Ok(if minify_pages { minify(&html) } else { html })
}

/// The pages of a site, rendered one at a time when asked for: what `serve` keeps of a
/// build, so that after an edit only the page the browser shows is rendered (by the same
/// code as a build's pages, so it is the same page).
pub struct OnDemand {
    memo: Memo,
    base: tera::Context,
    /// Job of each page's file.
    files: std::collections::HashMap<String, Job>,
    /// Paths of the pages in the sitemap, sorted.
    listed: Vec<String>,
}

impl OnDemand {
    /// Plans every page of `site`. `stats`: the theme has a statistics page.
    pub fn new(site: &Site, theme: &Theme, stats: bool) -> OnDemand {
        let embeds = theme.sources.contains_key("embed.html");
        // Tens of thousands of paths: worked out in parallel.
        let planned: Vec<(String, String, Job)> = jobs::plan(site, stats, embeds)
            .into_par_iter()
            .map(|job| {
                let path = job.path(site);
                (job.file(&path), path, job)
            })
            .collect();
        let mut files = std::collections::HashMap::with_capacity(planned.len());
        let mut listed = Vec::new();
        for (file, path, job) in planned {
            files.insert(file, job);
            if job.listed(site) {
                listed.push(path);
            }
        }
        listed.par_sort_unstable();
        OnDemand {
            memo: Memo::new(site),
            base: base_context(site, theme, &site.config.urls()),
            files,
            listed,
        }
    }

    /// Forgets the cards and codes made so far (the profiles changed).
    pub fn forget(&mut self) {
        // Made anew for the same profiles: the plan and the shared context stay.
        let n = self.memo.len();
        self.memo = Memo::with_len(n);
    }

    /// Whether `file` is a page (`index.html` of a folder, `404.html`).
    pub fn has(&self, file: &str) -> bool {
        self.files.contains_key(file)
    }

    /// Whether rendering `file` needs the statistics.
    pub fn needs_stats(&self, file: &str) -> bool {
        matches!(self.files.get(file), Some(Job::Statistics))
    }

    /// The files of every page.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Renders the page written to `file`, if there is one.
    pub fn render(
        &self,
        site: &Site,
        theme: &Theme,
        stats: Option<&Stats>,
        file: &str,
    ) -> Option<Result<Vec<u8>, Diagnostic>> {
        let &job = self.files.get(file)?;
        let c = ctx(site, theme, &self.memo, stats);
        Some(fill(&c, plan_page(&c, &self.base, job)))
    }

    /// The files made beside the pages: feeds, the sitemap, `robots.txt`, redirects.
    pub fn others(&self, site: &Site, theme: &Theme) -> Vec<OutFile> {
        others(site, theme, &self.listed)
            .into_iter()
            // Made in memory, writing cannot fail.
            .filter_map(|f| f.into_file().ok())
            .collect()
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
/// Template problems are recorded in `d`, a failed write in `failure` (nothing more is
/// rendered after it).
#[allow(clippy::too_many_arguments)]
pub fn render(
    site: &Site,
    stats: Option<&Stats>,
    theme: &Theme,
    sink: &dyn Sink,
    previous: &Previous,
    failure: &FirstFailure,
    d: &mut Diagnostics,
    t: &mut Timings,
) -> Rendered {
    let urls = site.config.urls();
    let base = base_context(site, theme, &urls);
    let memo = Memo::new(site);
    let c = ctx(site, theme, &memo, stats);
    let jobs = jobs::plan(site, stats.is_some(), c.embeds);
    // The sitemap lists the pages that will be made; it, the feeds and the open data are
    // made beside the pages, filling the cores where the pages leave one idle.
    let mut listed: Vec<String> = jobs
        .iter()
        .filter(|job| job.listed(site))
        .map(|job| job.path(site))
        .collect();
    listed.sort();
    let (rendered, others_count) = rayon::join(
        || pages(&c, &base, &jobs, sink, previous, failure),
        || {
            let files = others(site, theme, &listed);
            let count = files.len();
            files.into_par_iter().for_each(|f| {
                let path = f.path.clone();
                if let Err(e) = sink.put_streamed(f) {
                    failure.note(sink, &path, &e);
                }
            });
            count
        },
    );
    // The cards are not needed by what follows.
    drop(memo);
    t.lap("render pages, feeds, sitemap");
    let count = rendered.len() + others_count;
    let mut pages = Vec::with_capacity(rendered.len());
    let mut reused = 0;
    for r in rendered {
        match r {
            Ok(Some(page)) => {
                pages.extend(page.made);
                reused += usize::from(page.reused);
            }
            Ok(None) => {}
            Err(e) => d.push(e),
        }
    }
    Rendered {
        files: count,
        pages,
        reused,
    }
}

/// Renders the pages of `jobs` into `sink`, each taken from `previous` instead when its
/// fingerprint is unchanged. After a failed write (a full disk), here or in another step,
/// the remaining pages are not rendered: one error says it all.
fn pages(
    c: &Ctx,
    base: &tera::Context,
    jobs: &[Job],
    sink: &dyn Sink,
    previous: &Previous,
    failure: &FirstFailure,
) -> Vec<Result<Option<Page>, Diagnostic>> {
    let site = c.site;
    let mut site_print = Fingerprint::site(c.theme, site.config.minify, site.config.portable);
    if !site.config.portable {
        fingerprint_context(&mut site_print, base);
        // Every page starts from this: its digest, not the site's whole context again.
        site_print = site_print.sealed();
    }
    // Most pages are known by what they are made from (`inputs`), their values made only
    // when they are rendered. Not on a portable site: its links differ from page to page.
    let urls = site.config.urls();
    let by_inputs = (!site.config.portable).then(|| {
        let mut print = site_print.clone();
        print.name(&format!("{:?}", site.config));
        print.sealed()
    });
    let bar = crate::progress::Progress::new("pages", jobs.len());
    let rendered = jobs
        .par_iter()
        .map(|&job| {
            if failure.failed() {
                return Ok(None);
            }
            bar.inc();
            let keyed = by_inputs.as_ref().and_then(|start| {
                let mut print = start.clone();
                inputs(c, &urls, job, &mut print).then(|| {
                    let path = job.path(site);
                    print.name(&path);
                    (job.file(&path), print.finish())
                })
            });
            let (planned, out, fingerprint) = match keyed {
                Some((out, fingerprint)) => (None, out, fingerprint),
                None => {
                    let page = plan_page(c, base, job);
                    let fingerprint = context_fingerprint(&site_print, &page, site);
                    let out = page.out.clone();
                    (Some(page), out, fingerprint)
                }
            };
            if let Some((from, made)) = previous.file(&out, fingerprint) {
                #[cfg(debug_assertions)]
                if planned.is_none() {
                    same_as_kept(c, base, job, &from);
                }
                if let Ok(file) = sink.reuse(&from, made.file, &out) {
                    return Ok(Some(Page {
                        made: Some((out, Made { fingerprint, file })),
                        reused: true,
                    }));
                }
            }
            let page = planned.unwrap_or_else(|| plan_page(c, base, job));
            let bytes = fill(c, page)?;
            let put = sink.put(OutFile {
                path: out.clone(),
                bytes,
            });
            let stamp = match put {
                Ok(stamp) => stamp,
                Err(e) => {
                    failure.note(sink, &out, &e);
                    return Ok(None);
                }
            };
            let made = stamp.map(|file| (out, Made { fingerprint, file }));
            Ok(Some(Page {
                made,
                reused: false,
            }))
        })
        .collect();
    bar.finish();
    rendered
}

/// Feeds, the sitemap of the `listed` pages (sorted), `robots.txt`, alias redirects and the
/// open data: the open data written as it is made, the others (small) made here.
fn others<'a>(site: &'a Site, theme: &'a Theme, listed: &[String]) -> Vec<Streamed<'a>> {
    let urls = site.config.urls();
    let files = feeds::redirects(site, theme, &urls)
        .into_iter()
        .chain(feeds::sitemaps(listed, &urls))
        .chain([feeds::robots(&urls)])
        .map(Streamed::ready);
    // The open data first: the largest, started while the feeds are made beside them.
    let mut out = crate::opendata::files(site, &urls);
    let feeds = std::iter::once(None).chain(site.sections.iter().map(Some));
    out.extend(feeds.map(|sec| Streamed::ready(feeds::atom(site, theme, &urls, sec))));
    out.extend(files);
    out
}

/// One page rendered or reused.
struct Page {
    /// The file and what it was made from, when it is on disk.
    made: Option<(String, Made)>,
    reused: bool,
}

/// Adds to `fp` what the page of `job` is made from (its path is added after), for the
/// page kinds known by their inputs (most of a site's pages, whose values are made only
/// when they are rendered); false, adding nothing, for the others, known by their values.
fn inputs(c: &Ctx, urls: &crate::paths::Urls, job: Job, fp: &mut Fingerprint) -> bool {
    match job {
        Job::Profile { profile } => pages::profile_inputs(c, urls, profile, fp),
        Job::Decision { decision, page } => register::decision_inputs(c, urls, decision, page, fp),
        Job::TimelineYear { year, page } => register::timeline_year_inputs(c, urls, year, page, fp),
        Job::Certificates {
            section,
            year,
            part,
        } => print::certificates_inputs(c, urls, section, year, part, fp),
        _ => return false,
    }
    true
}

/// The fingerprint of a page by its values: the site's, then its template and context.
fn context_fingerprint(site_print: &Fingerprint, page: &Planned, site: &Site) -> u64 {
    let mut print = site_print.clone();
    if site.config.portable {
        fingerprint_context(&mut print, &page.base);
    }
    print.name(page.template);
    for (k, v) in &page.extra {
        print.name(k);
        print.value(v);
    }
    if let Some(i) = page.story {
        print.name("story");
        print.number(site.bodies.hash(i));
    }
    print.finish()
}

/// A debug build's check that a page kept for its inputs is the page its values make now:
/// an input left out of `pages::profile_inputs` would keep a stale page.
#[cfg(debug_assertions)]
fn same_as_kept(c: &Ctx, base: &tera::Context, job: Job, kept: &std::path::Path) {
    let page = plan_page(c, base, job);
    let out = page.out.clone();
    let (Ok(now), Ok(before)) = (fill(c, page), std::fs::read(kept)) else {
        return;
    };
    assert!(
        now == before,
        "{out} was kept from the last build for its unchanged inputs, but rendering it now \
         gives another page: pages::profile_inputs leaves out something the page shows"
    );
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
