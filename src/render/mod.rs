//! Rendering: every page of the site, in parallel, as bytes ready to write.
//!
//! Each page is a template of the theme plus a context built from the site model (see
//! `docs/themes.md` for what templates receive). HTML is minified; the sitemap, the Atom
//! feed, `robots.txt` and alias redirects are made here too.

pub mod context;
pub mod feeds;
pub mod seo;
pub mod urls;

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::config::Kind;
use crate::diagnostics::Diagnostics;
use crate::site::{Site, SEARCH_PATH};
use crate::theme::Theme;
use context::card;
use urls::Urls;

/// A file of the built site.
#[derive(Debug)]
pub struct OutFile {
    /// Path relative to the output folder.
    pub path: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// One HTML page to render.
enum Job {
    Home,
    Section(usize),
    Year(usize, usize),
    Profile(usize),
    Taxonomy(usize),
    Term(usize, usize),
    Page(usize),
    Search,
    NotFound,
}

/// The HTML file a page path is written to.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Renders the whole site. Template problems are recorded in `d`.
pub fn render(
    site: &Site,
    theme: &Theme,
    d: &mut Diagnostics,
    t: &mut crate::build::Timings,
) -> Vec<OutFile> {
    let urls = Urls::new(&site.config);
    let base = base_context(site, theme, &urls);
    let mut jobs = vec![Job::Home, Job::Search, Job::NotFound];
    for (s, sec) in site.sections.iter().enumerate() {
        jobs.push(Job::Section(s));
        jobs.extend((0..sec.years.len()).map(|y| Job::Year(s, y)));
    }
    jobs.extend((0..site.profiles.len()).map(Job::Profile));
    for (t, tax) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        jobs.extend((0..tax.terms.len()).map(|k| Job::Term(t, k)));
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));

    let rendered: Vec<Result<(String, OutFile), crate::diagnostics::Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let page_urls = urls.for_page(&job_path(site, job));
            let (template, path, extra) = page_context(site, theme, &page_urls, job);
            let mut ctx = if site.config.portable {
                base_context(site, theme, &page_urls)
            } else {
                base.clone()
            };
            for (k, v) in extra {
                ctx.insert(k, &v);
            }
            let html = theme
                .tera
                .render(template, &ctx)
                .map_err(|e| theme.diagnostic(&e, &format!("rendering /{path}")))?;
            let out = if matches!(job, Job::NotFound) {
                "404.html".to_string()
            } else {
                file_of(&path)
            };
            Ok((
                path,
                OutFile {
                    path: out,
                    bytes: minify(html.as_bytes()),
                },
            ))
        })
        .collect();

    t.lap("render pages");
    let mut files = Vec::with_capacity(rendered.len() + 8);
    let mut sitemap_paths = Vec::new();
    for r in rendered {
        match r {
            Ok((path, file)) => {
                if file.path != "404.html" {
                    sitemap_paths.push(path);
                }
                files.push(file);
            }
            Err(e) => d.push(e),
        }
    }
    files.extend(feeds::redirects(site, theme, &urls));
    sitemap_paths.sort();
    files.push(feeds::sitemap(&sitemap_paths, &urls));
    files.push(feeds::atom(site, theme, &urls));
    files.push(feeds::robots(&urls));
    t.lap("feeds, sitemap");
    files.extend(crate::search::index_files(site, &urls));
    t.lap("search index");
    files
}

/// Minifies HTML, keeping the `<html>`, `<head>` and `<body>` tags that tools indexing
/// static sites look for.
pub fn minify(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_css = false;
    cfg.minify_js = false;
    minify_html::minify(html, &cfg)
}

fn base_context(site: &Site, theme: &Theme, urls: &Urls) -> tera::Context {
    let c = &site.config;
    let mut menu: Vec<Value> = site
        .pages
        .iter()
        .filter(|p| p.menu)
        .map(|p| json!({ "title": p.title, "url": urls.href(&p.path) }))
        .collect();
    menu.dedup();
    let site_value = json!({
        "title": c.title,
        "description": c.description,
        "language": c.language,
        "base_url": urls.permalink(""),
        "root": urls.root(),
        "home_url": urls.href(""),
        "sections": site.sections.iter().map(|s| section_value(s, urls)).collect::<Vec<_>>(),
        "taxonomies": site.taxonomies.iter().map(|t| json!({
            "key": t.key,
            "title": theme.t(&format!("taxonomy_{}", t.key)),
            "url": urls.href(&format!("{}/", t.path)),
        })).collect::<Vec<_>>(),
        "feed_url": urls.href("atom.xml"),
        "search_url": urls.href(SEARCH_PATH),
        "search_index": format!("{}{}", urls.root(), crate::search::INDEX_DIR),
        "menu": menu,
    });
    let mut ctx = tera::Context::new();
    ctx.insert("site", &site_value);
    ctx.insert("t", &theme.strings);
    ctx
}

fn section_value(s: &crate::site::SectionIndex, urls: &Urls) -> Value {
    json!({
        "key": s.section.key,
        "kind": s.section.kind,
        "path": s.section.path,
        "title": s.section.title,
        "url": urls.href(&format!("{}/", s.section.path)),
        "count": s.profiles.len(),
    })
}

fn year_value(site: &Site, s: usize, y: usize, urls: &Urls) -> Value {
    let sec = &site.sections[s];
    let year = &sec.years[y];
    json!({
        "year": year.year,
        "url": urls.href(&format!("{}/{}/", sec.section.path, year.year)),
        "count": year.profiles.len(),
        "profiles": year.profiles.iter().map(|&i| card(site, i, urls)).collect::<Vec<_>>(),
    })
}

fn page_value(
    urls: &Urls,
    path: &str,
    title: &str,
    description: Option<&str>,
    kind: &str,
    share: Option<&crate::images::Image>,
    site: &Site,
) -> Value {
    json!({
        "url": urls.href(path),
        "permalink": urls.permalink(path),
        "title": title,
        "description": description.unwrap_or(&site.config.description),
        "share_image": share.map(|s| urls.permalink(&s.src)),
        "share_width": share.map(|s| s.width),
        "share_height": share.map(|s| s.height),
        "kind": kind,
        "og_type": if kind == "profile" { "profile" } else { "website" },
    })
}

/// The path of a job's page, cheaply, before its context is built.
fn job_path(site: &Site, job: &Job) -> String {
    match *job {
        Job::Home | Job::NotFound => String::new(),
        Job::Search => SEARCH_PATH.to_string(),
        Job::Section(s) => format!("{}/", site.sections[s].section.path),
        Job::Year(s, y) => format!(
            "{}/{}/",
            site.sections[s].section.path, site.sections[s].years[y].year
        ),
        Job::Profile(i) => site.profiles[i].path.clone(),
        Job::Taxonomy(t) => format!("{}/", site.taxonomies[t].path),
        Job::Term(t, k) => site.taxonomies[t].term_path(&site.taxonomies[t].terms[k]),
        Job::Page(n) => site.pages[n].path.clone(),
    }
}

/// The template, page path and page-specific context of a job.
fn page_context(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    job: &Job,
) -> (&'static str, String, Vec<(&'static str, Value)>) {
    match *job {
        Job::Home => {
            let latest = site
                .sections
                .iter()
                .position(|s| s.section.kind == Kind::Person && !s.years.is_empty())
                .map(|s| year_value(site, s, 0, urls));
            let featured: Vec<Value> = site
                .sections
                .iter()
                .filter(|s| s.section.kind == Kind::Collective)
                .flat_map(|s| s.profiles.iter().take(8))
                .map(|&i| card(site, i, urls))
                .collect();
            let intro = site.home.as_ref();
            let title = intro
                .map(|p| p.title.as_str())
                .filter(|t| !t.is_empty())
                .unwrap_or(&site.config.title);
            (
                "home.html",
                String::new(),
                vec![
                    (
                        "page",
                        page_value(
                            urls,
                            "",
                            title,
                            intro.and_then(|p| p.description.as_deref()),
                            "home",
                            None,
                            site,
                        ),
                    ),
                    ("intro_title", json!(title)),
                    (
                        "intro_html",
                        json!(intro
                            .map(|p| crate::markdown::to_html(&p.body))
                            .unwrap_or_default()),
                    ),
                    ("latest_year", json!(latest)),
                    ("featured", json!(featured)),
                ],
            )
        }
        Job::Section(s) => {
            let sec = &site.sections[s];
            let path = format!("{}/", sec.section.path);
            let page = page_value(urls, &path, &sec.section.title, None, "section", None, site);
            if sec.section.kind == Kind::Person {
                let years: Vec<Value> = (0..sec.years.len())
                    .map(|y| year_value(site, s, y, urls))
                    .collect();
                (
                    "section_person.html",
                    path,
                    vec![
                        ("page", page),
                        ("section", section_value(sec, urls)),
                        ("years", json!(years)),
                    ],
                )
            } else {
                let mut kinds: Vec<(String, Vec<Value>)> = Vec::new();
                for &i in &sec.profiles {
                    let k = site.profiles[i]
                        .unit_kind
                        .clone()
                        .unwrap_or_else(|| theme.t("other"));
                    match kinds.iter_mut().find(|(name, _)| *name == k) {
                        Some((_, list)) => list.push(card(site, i, urls)),
                        None => kinds.push((k, vec![card(site, i, urls)])),
                    }
                }
                let profiles: Vec<Value> =
                    sec.profiles.iter().map(|&i| card(site, i, urls)).collect();
                let kinds: Vec<Value> = kinds
                    .into_iter()
                    .map(|(name, profiles)| json!({ "name": name, "profiles": profiles }))
                    .collect();
                (
                    "section_collective.html",
                    path,
                    vec![
                        ("page", page),
                        ("section", section_value(sec, urls)),
                        ("profiles", json!(profiles)),
                        ("kinds", json!(kinds)),
                    ],
                )
            }
        }
        Job::Year(s, y) => {
            let sec = &site.sections[s];
            let year = sec.years[y].year;
            let path = format!("{}/{year}/", sec.section.path);
            let title = format!("{} {year}", sec.section.title);
            (
                "year.html",
                path.clone(),
                vec![
                    (
                        "page",
                        page_value(urls, &path, &title, None, "year", None, site),
                    ),
                    ("section", section_value(sec, urls)),
                    ("year", year_value(site, s, y, urls)),
                ],
            )
        }
        Job::Profile(i) => {
            let p = &site.profiles[i];
            let sec = site.sections.iter().find(|s| s.section.key == p.section);
            let share = site.photos[i].as_ref().map(|s| &s.share);
            (
                "profile.html",
                p.path.clone(),
                vec![
                    (
                        "page",
                        page_value(
                            urls,
                            &p.path,
                            &p.name,
                            p.summary.as_deref(),
                            "profile",
                            share,
                            site,
                        ),
                    ),
                    (
                        "section",
                        sec.map(|s| section_value(s, urls)).unwrap_or(Value::Null),
                    ),
                    ("profile", context::profile(site, i, urls)),
                    (
                        "related",
                        json!(site.related[i]
                            .iter()
                            .map(|&r| card(site, r, urls))
                            .collect::<Vec<_>>()),
                    ),
                    ("jsonld", json!(seo::profile_jsonld(site, i, urls))),
                ],
            )
        }
        Job::Taxonomy(t) => {
            let tax = &site.taxonomies[t];
            let title = theme.t(&format!("taxonomy_{}", tax.key));
            let path = format!("{}/", tax.path);
            (
                "taxonomy.html",
                path.clone(),
                vec![
                    (
                        "page",
                        page_value(urls, &path, &title, None, "taxonomy", None, site),
                    ),
                    ("taxonomy", context::taxonomy(tax, &title, urls)),
                ],
            )
        }
        Job::Term(t, k) => {
            let tax = &site.taxonomies[t];
            let term = &tax.terms[k];
            let title = theme.t(&format!("taxonomy_{}", tax.key));
            let path = tax.term_path(term);
            let mut term_value = context::term_summary(tax, term, urls);
            term_value["profiles"] = json!(term
                .profiles
                .iter()
                .map(|&i| card(site, i, urls))
                .collect::<Vec<_>>());
            (
                "term.html",
                path.clone(),
                vec![
                    (
                        "page",
                        page_value(
                            urls,
                            &path,
                            &format!("{}: {}", title, term.name),
                            None,
                            "term",
                            None,
                            site,
                        ),
                    ),
                    (
                        "taxonomy",
                        json!({ "key": tax.key, "title": title, "url": urls.href(&format!("{}/", tax.path)) }),
                    ),
                    ("term", term_value),
                ],
            )
        }
        Job::Page(n) => {
            let p = &site.pages[n];
            (
                "page.html",
                p.path.clone(),
                vec![
                    (
                        "page",
                        page_value(
                            urls,
                            &p.path,
                            &p.title,
                            p.description.as_deref(),
                            "page",
                            None,
                            site,
                        ),
                    ),
                    ("title", json!(p.title)),
                    ("description", json!(p.description)),
                    ("content_html", json!(crate::markdown::to_html(&p.body))),
                ],
            )
        }
        Job::Search => {
            let mut years: Vec<Value> = Vec::new();
            for (s, sec) in site.sections.iter().enumerate() {
                for y in 0..sec.years.len() {
                    let mut v = year_value(site, s, y, urls);
                    v["profiles"] = Value::Null;
                    if !years.iter().any(|o| o["year"] == v["year"]) {
                        years.push(v);
                    }
                }
            }
            let taxonomies: Vec<Value> = site
                .taxonomies
                .iter()
                .map(|t| context::taxonomy(t, &theme.t(&format!("taxonomy_{}", t.key)), urls))
                .collect();
            (
                "search.html",
                SEARCH_PATH.to_string(),
                vec![
                    (
                        "page",
                        page_value(
                            urls,
                            SEARCH_PATH,
                            &theme.t("search"),
                            None,
                            "search",
                            None,
                            site,
                        ),
                    ),
                    (
                        "sections",
                        json!(site
                            .sections
                            .iter()
                            .map(|s| section_value(s, urls))
                            .collect::<Vec<_>>()),
                    ),
                    ("years", json!(years)),
                    ("taxonomies", json!(taxonomies)),
                ],
            )
        }
        Job::NotFound => (
            "404.html",
            "404.html".to_string(),
            vec![(
                "page",
                page_value(
                    urls,
                    "404.html",
                    &theme.t("not_found"),
                    None,
                    "404",
                    None,
                    site,
                ),
            )],
        ),
    }
}
