//! What each page shows: the jobs of a build (one per page) and, for each, its template
//! and the context built from the site model (documented in `docs/themes.md`).

use serde_json::{json, Value};

use super::context::{self, card};
use super::urls::Urls;
use super::{feeds, page_count, page_slice, paged_path, seo, EMBED_SUFFIX};
use crate::config::Kind;
use crate::site::{Site, SEARCH_PATH};
use crate::stats::STATS_PATH;
use crate::theme::Theme;

/// One HTML page to render. List pages carry their page number (0 for the first).
pub(super) enum Job {
    Home,
    Section(usize, usize),
    Year(usize, usize, usize),
    Profile(usize),
    Embed(usize),
    Taxonomy(usize),
    Term(usize, usize, usize),
    Page(usize),
    Search,
    Statistics,
    NotFound,
}

/// What every page's context is built from.
pub(super) struct Ctx<'a> {
    pub(super) site: &'a Site,
    pub(super) theme: &'a Theme,
    /// Cards of every profile, built once as template values (none on a portable site,
    /// whose links differ from page to page). Lists of cards are most of what list pages
    /// and "related" boxes hold; converted per page, they were a tenth of the build.
    pub(super) cards: Vec<tera::Value>,
    pub(super) stats: Option<crate::stats::Stats>,
    /// Whether the theme has the optional templates.
    pub(super) embeds: bool,
}

impl Ctx<'_> {
    fn card(&self, i: usize, urls: &Urls) -> tera::Value {
        match self.cards.get(i) {
            Some(c) => c.clone(),
            None => tv(&card(self.site, i, urls)),
        }
    }

    fn cards(&self, list: &[usize], urls: &Urls) -> tera::Value {
        tera::Value::from(list.iter().map(|&i| self.card(i, urls)).collect::<Vec<_>>())
    }
}

/// A value as templates see it.
pub(super) fn tv(v: &Value) -> tera::Value {
    tera::Value::from_serializable(v)
}

/// The JSON object `base` with more fields that are template values already (cards).
fn with(base: &Value, more: impl IntoIterator<Item = (&'static str, tera::Value)>) -> tera::Value {
    let mut map = tv(base).into_map().unwrap_or_default();
    for (k, v) in more {
        map.insert(k.into(), v);
    }
    tera::Value::from(map)
}

/// How many cards a person section's page shows of each year; the year's page has them all.
const YEAR_PREVIEW: usize = 10;

/// The page links of a list: the first and last pages and two on each side of the current
/// one, so a list of 2,000 pages does not put 2,000 links on each of them. `gap_before`
/// marks where numbers are skipped.
fn paginator(base: &str, n: usize, total: usize, per: usize, urls: &Urls) -> Value {
    let mut shown: Vec<usize> = [0, total - 1]
        .into_iter()
        .chain(n.saturating_sub(2)..(n + 3).min(total))
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let mut pages = Vec::new();
    let mut last = None;
    for k in shown {
        pages.push(json!({
            "number": k + 1,
            "url": urls.href(&paged_path(base, k)),
            "current": k == n,
            "gap_before": last.is_some_and(|l: usize| k > l + 1),
        }));
        last = Some(k);
    }
    json!({
        "current": n + 1,
        "total": total,
        "first": n * per + 1,
        "prev_url": (n > 0).then(|| urls.href(&paged_path(base, n - 1))),
        "next_url": (n + 1 < total).then(|| urls.href(&paged_path(base, n + 1))),
        "pages": pages,
    })
}

pub(super) fn base_context(site: &Site, theme: &Theme, urls: &Urls) -> tera::Context {
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
        "stats_url": theme.sources.contains_key("statistics.html").then(|| urls.href(STATS_PATH)),
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
        "feed_url": urls.href(&feeds::section_feed_path(&s.section)),
        "count": s.profiles.len(),
    })
}

/// A year of a section with the cards of `list` (all of the year, one page, or a preview).
fn year_value(c: &Ctx, s: usize, y: usize, list: &[usize], urls: &Urls) -> tera::Value {
    let sec = &c.site.sections[s];
    let year = &sec.years[y];
    with(
        &json!({
            "year": year.year,
            "url": urls.href(&year_path(c.site, s, y)),
            "count": year.profiles.len(),
        }),
        [("profiles", c.cards(list, urls))],
    )
}

fn year_path(site: &Site, s: usize, y: usize) -> String {
    let sec = &site.sections[s];
    format!("{}/{}/", sec.section.path, sec.years[y].year)
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

/// A list page's title: "Title" on the first page, "Title (trang 2)" after.
fn paged_title(c: &Ctx, title: &str, n: usize) -> String {
    if n == 0 {
        title.to_string()
    } else {
        format!("{title} ({} {})", c.theme.t("page_label"), n + 1)
    }
}

/// The path of a job's page, cheaply, before its context is built.
pub(super) fn job_path(site: &Site, job: &Job) -> String {
    match *job {
        Job::Home | Job::NotFound => String::new(),
        Job::Search => SEARCH_PATH.to_string(),
        Job::Statistics => STATS_PATH.to_string(),
        Job::Section(s, n) => paged_path(&format!("{}/", site.sections[s].section.path), n),
        Job::Year(s, y, n) => paged_path(&year_path(site, s, y), n),
        Job::Profile(i) => site.profiles[i].path.clone(),
        Job::Embed(i) => format!("{}{EMBED_SUFFIX}", site.profiles[i].path),
        Job::Taxonomy(t) => format!("{}/", site.taxonomies[t].path),
        Job::Term(t, k, n) => paged_path(
            &site.taxonomies[t].term_path(&site.taxonomies[t].terms[k]),
            n,
        ),
        Job::Page(n) => site.pages[n].path.clone(),
    }
}

/// The `<iframe>` a newspaper pastes to show a profile's card.
fn embed_code(p: &crate::content::Profile, urls: &Urls) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"400\" height=\"440\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>",
        feeds::escape(&urls.permalink(&format!("{}{EMBED_SUFFIX}", p.path))),
        feeds::escape(&p.name)
    )
}

type Extra = Vec<(&'static str, tera::Value)>;

/// The template and page-specific context of a job whose page is at `path`.
pub(super) fn page_context(c: &Ctx, urls: &Urls, job: &Job, path: &str) -> (&'static str, Extra) {
    let (site, theme) = (c.site, c.theme);
    let per = site.config.paginate;
    let page = |title: &str, description: Option<&str>, kind: &str| {
        tv(&page_value(
            urls,
            path,
            title,
            description,
            kind,
            None,
            site,
        ))
    };
    match *job {
        Job::Home => {
            let latest = site
                .sections
                .iter()
                .position(|s| s.section.kind == Kind::Person && !s.years.is_empty())
                .map(|s| {
                    let all = &site.sections[s].years[0].profiles;
                    year_value(c, s, 0, &all[..all.len().min(YEAR_PREVIEW)], urls)
                });
            let featured: Vec<usize> = site
                .sections
                .iter()
                .filter(|s| s.section.kind == Kind::Collective)
                .flat_map(|s| s.profiles.iter().take(8).copied())
                .collect();
            let intro = site.home.as_ref();
            let title = intro
                .map(|p| p.title.as_str())
                .filter(|t| !t.is_empty())
                .unwrap_or(&site.config.title);
            (
                "home.html",
                vec![
                    (
                        "page",
                        page(title, intro.and_then(|p| p.description.as_deref()), "home"),
                    ),
                    ("intro_title", title.into()),
                    (
                        "intro_html",
                        intro
                            .map(|p| crate::markdown::to_html(&p.body))
                            .unwrap_or_default()
                            .into(),
                    ),
                    ("latest_year", latest.into()),
                    ("featured", c.cards(&featured, urls)),
                ],
            )
        }
        Job::Section(s, n) => {
            let sec = &site.sections[s];
            let base = format!("{}/", sec.section.path);
            let title = paged_title(c, &sec.section.title, n);
            if sec.section.kind == Kind::Person {
                let years: Vec<tera::Value> = sec
                    .years
                    .iter()
                    .enumerate()
                    .map(|(y, year)| {
                        let list = &year.profiles[..year.profiles.len().min(YEAR_PREVIEW)];
                        year_value(c, s, y, list, urls)
                    })
                    .collect();
                (
                    "section_person.html",
                    vec![
                        ("page", page(&title, None, "section")),
                        ("section", tv(&section_value(sec, urls))),
                        ("years", years.into()),
                    ],
                )
            } else {
                let list = page_slice(&sec.profiles, n, per);
                let mut kinds: Vec<(String, Vec<usize>)> = Vec::new();
                for &i in list {
                    let k = site.profiles[i]
                        .unit_kind
                        .clone()
                        .unwrap_or_else(|| theme.t("kind_other"));
                    match kinds.iter_mut().find(|(name, _)| *name == k) {
                        Some((_, l)) => l.push(i),
                        None => kinds.push((k, vec![i])),
                    }
                }
                let kinds: Vec<tera::Value> = kinds
                    .into_iter()
                    .map(|(name, l)| {
                        let kind = site.profiles[l[0]].unit_kind.as_deref().unwrap_or_default();
                        let count = sec.kind_counts.get(kind).copied().unwrap_or(0);
                        with(
                            &json!({ "name": name, "count": count }),
                            [("profiles", c.cards(&l, urls))],
                        )
                    })
                    .collect();
                (
                    "section_collective.html",
                    vec![
                        ("page", page(&title, None, "section")),
                        ("section", tv(&section_value(sec, urls))),
                        ("profiles", c.cards(list, urls)),
                        ("kinds", kinds.into()),
                        (
                            "paginator",
                            tv(&paginator(
                                &base,
                                n,
                                page_count(sec.profiles.len(), per),
                                per,
                                urls,
                            )),
                        ),
                    ],
                )
            }
        }
        Job::Year(s, y, n) => {
            let sec = &site.sections[s];
            let all = &sec.years[y].profiles;
            let title = paged_title(
                c,
                &format!("{} {}", sec.section.title, sec.years[y].year),
                n,
            );
            (
                "year.html",
                vec![
                    ("page", page(&title, None, "year")),
                    ("section", tv(&section_value(sec, urls))),
                    ("year", year_value(c, s, y, page_slice(all, n, per), urls)),
                    (
                        "paginator",
                        tv(&paginator(
                            &year_path(site, s, y),
                            n,
                            page_count(all.len(), per),
                            per,
                            urls,
                        )),
                    ),
                ],
            )
        }
        Job::Profile(i) => {
            let p = &site.profiles[i];
            let sec = site.sections.iter().find(|s| s.section.key == p.section);
            let share = site.photos[i].as_ref().map(|s| &s.share);
            let mut profile = context::profile(site, i, urls);
            // The code is pasted into other sites, so it needs the site's full address.
            if c.embeds && !site.config.origin().is_empty() {
                profile["embed_url"] = json!(urls.href(&format!("{}{EMBED_SUFFIX}", p.path)));
                profile["embed_code"] = json!(embed_code(p, urls));
            }
            (
                "profile.html",
                vec![
                    (
                        "page",
                        tv(&page_value(
                            urls,
                            &p.path,
                            &p.name,
                            p.summary.as_deref(),
                            "profile",
                            share,
                            site,
                        )),
                    ),
                    (
                        "section",
                        tv(&sec.map(|s| section_value(s, urls)).unwrap_or(Value::Null)),
                    ),
                    ("profile", tv(&profile)),
                    ("related", c.cards(&site.related[i], urls)),
                    ("jsonld", seo::profile_jsonld(site, i, urls).into()),
                ],
            )
        }
        Job::Embed(i) => {
            let p = &site.profiles[i];
            let sec = site.sections.iter().find(|s| s.section.key == p.section);
            (
                "embed.html",
                vec![
                    ("page", page(&p.name, p.summary.as_deref(), "embed")),
                    (
                        "section",
                        tv(&sec.map(|s| section_value(s, urls)).unwrap_or(Value::Null)),
                    ),
                    ("profile", tv(&context::embed(site, i, urls))),
                ],
            )
        }
        Job::Taxonomy(t) => {
            let tax = &site.taxonomies[t];
            let title = theme.t(&format!("taxonomy_{}", tax.key));
            (
                "taxonomy.html",
                vec![
                    ("page", page(&title, None, "taxonomy")),
                    ("taxonomy", tv(&context::taxonomy(tax, &title, urls))),
                ],
            )
        }
        Job::Term(t, k, n) => {
            let tax = &site.taxonomies[t];
            let term = &tax.terms[k];
            let title = theme.t(&format!("taxonomy_{}", tax.key));
            let term_value = with(
                &context::term_summary(tax, term, urls),
                [(
                    "profiles",
                    c.cards(page_slice(&term.profiles, n, per), urls),
                )],
            );
            (
                "term.html",
                vec![
                    (
                        "page",
                        page(
                            &paged_title(c, &format!("{}: {}", title, term.name), n),
                            None,
                            "term",
                        ),
                    ),
                    (
                        "taxonomy",
                        tv(
                            &json!({ "key": tax.key, "title": title, "url": urls.href(&format!("{}/", tax.path)) }),
                        ),
                    ),
                    ("term", term_value),
                    (
                        "paginator",
                        tv(&paginator(
                            &tax.term_path(term),
                            n,
                            page_count(term.profiles.len(), per),
                            per,
                            urls,
                        )),
                    ),
                ],
            )
        }
        Job::Page(n) => {
            let p = &site.pages[n];
            (
                "page.html",
                vec![
                    ("page", page(&p.title, p.description.as_deref(), "page")),
                    ("title", p.title.as_str().into()),
                    ("description", p.description.clone().into()),
                    ("content_html", crate::markdown::to_html(&p.body).into()),
                ],
            )
        }
        Job::Search => {
            let mut seen = std::collections::HashSet::new();
            let mut years: Vec<tera::Value> = Vec::new();
            for (s, sec) in site.sections.iter().enumerate() {
                for (y, year) in sec.years.iter().enumerate() {
                    if seen.insert(year.year) {
                        years.push(year_value(c, s, y, &[], urls));
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
                vec![
                    ("page", page(&theme.t("search"), None, "search")),
                    (
                        "sections",
                        tv(&json!(site
                            .sections
                            .iter()
                            .map(|s| section_value(s, urls))
                            .collect::<Vec<_>>())),
                    ),
                    ("years", years.into()),
                    ("taxonomies", tv(&json!(taxonomies))),
                ],
            )
        }
        Job::Statistics => (
            "statistics.html",
            vec![
                ("page", page(&theme.t("stats_title"), None, "statistics")),
                (
                    "stats",
                    tv(&c
                        .stats
                        .as_ref()
                        .map(|s| context::stats(s, theme, &site.config.language, urls))
                        .unwrap_or(Value::Null)),
                ),
            ],
        ),
        Job::NotFound => (
            "404.html",
            vec![(
                "page",
                tv(&page_value(
                    urls,
                    "404.html",
                    &theme.t("not_found"),
                    None,
                    "404",
                    None,
                    site,
                )),
            )],
        ),
    }
}
