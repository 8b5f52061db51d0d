//! The values templates see of the site as a whole and of its lists (documented in
//! `docs/themes.md`): the shared `site` value, `page`, sections, paginators, taxonomies,
//! terms and statistics.

use super::charts::{bar_chart, Bar, MAX_BARS};
use crate::images::Image;
use crate::locale::{number, percent};
use crate::paths::{self, Urls};
use crate::site::{SectionIndex, Site, Taxonomy, Term};
use crate::stats::Stats;
use crate::theme::Theme;

/// A template value written as JSON is, made straight into tera's values: `tv!({ "key":
/// value, … })`, or `tv!(map { … })` for the map itself, to add to; each value anything
/// `Into<tera::Value>` (a nested object is `tv!({ … })` again). Every page's values are made
/// this way (`json!` is for the JSON written into pages, JSON-LD): made as JSON and then
/// converted, each value was made twice, a third of the time a one-change rebuild spent on
/// contexts.
macro_rules! tv {
    (map { $($key:literal : $value:expr),* $(,)? }) => {{
        let mut map = tera::Map::with_capacity([$($key),*].len());
        $(map.insert(tera::value::Key::Str($key), tera::Value::from($value));)*
        map
    }};
    ({ $($key:literal : $value:expr),* $(,)? }) => {
        tera::Value::from($crate::render::context::tv!(map { $($key: $value),* }))
    };
}
pub(crate) use tv;

/// The page links of a list: the first and last pages and two on each side of the current
/// one, so a list of 2,000 pages does not put 2,000 links on each of them. `gap_before`
/// marks where numbers are skipped.
pub(super) fn paginator(
    base: &str,
    n: usize,
    total: usize,
    per: usize,
    urls: &Urls,
) -> tera::Value {
    let mut shown: Vec<usize> = [0, total - 1]
        .into_iter()
        .chain(n.saturating_sub(2)..(n + 3).min(total))
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let mut pages = Vec::new();
    let mut last = None;
    for k in shown {
        pages.push(tv!({
            "number": k + 1,
            "url": urls.href(&paths::paged(base, k)),
            "current": k == n,
            "gap_before": last.is_some_and(|l: usize| k > l + 1),
        }));
        last = Some(k);
    }
    tv!({
        "current": n + 1,
        "total": total,
        "first": n * per + 1,
        "prev_url": (n > 0).then(|| urls.href(&paths::paged(base, n - 1))),
        "next_url": (n + 1 < total).then(|| urls.href(&paths::paged(base, n + 1))),
        "pages": pages,
    })
}

/// The values every page shares: `site` and `t`.
pub(super) fn base_context(site: &Site, theme: &Theme, urls: &Urls) -> tera::Context {
    let c = &site.config;
    let mut menu: Vec<(&str, String)> = (site.pages.iter())
        .filter(|p| p.menu)
        .map(|p| (p.title.as_str(), urls.href(&p.path)))
        .collect();
    menu.dedup();
    let menu: Vec<tera::Value> = (menu.into_iter())
        .map(|(title, url)| tv!({ "title": title, "url": url }))
        .collect();
    let taxonomies: Vec<tera::Value> = (site.taxonomies.iter())
        .map(|t| {
            tv!({
                "key": t.key,
                "title": theme.t(&format!("taxonomy_{}", t.key)),
                "url": urls.href(&paths::taxonomy(t.path)),
            })
        })
        .collect();
    let site_value = tv!({
        "title": c.title.as_str(),
        "description": c.description.as_str(),
        "language": c.language.as_str(),
        "base_url": urls.permalink(""),
        "root": urls.root(),
        "home_url": urls.href(""),
        "sections": site.sections.iter().map(|s| section_value(s, urls)).collect::<Vec<_>>(),
        "taxonomies": taxonomies,
        "feed_url": urls.href(paths::FEED),
        "search_url": urls.href(paths::SEARCH),
        "stats_url": theme.sources.contains_key("statistics.html").then(|| urls.href(paths::STATS)),
        "search_index": format!("{}{}", urls.root(), paths::SEARCH_INDEX),
        "register_url": (!site.register.decisions.is_empty() || !site.register.unparsed.is_empty())
            .then(|| urls.href(paths::DECISIONS)),
        "timeline_url": (!site.profiles.is_empty()).then(|| urls.href(paths::TIMELINE)),
        "consultations_url": (!site.rounds.is_empty()).then(|| urls.href(paths::CONSULTATIONS)),
        "open_rounds": site.rounds.iter().filter(|r| r.open_on(site.today)).count(),
        "data_url": urls.href(paths::DATA),
        // The office's own files in `static/`, when it has them.
        "favicon_url": theme.ships("favicon.svg").then(|| urls.href("favicon.svg")),
        "logo_url": theme.ships("logo.svg").then(|| urls.href("logo.svg")),
        "menu": menu,
    });
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", site_value);
    ctx.insert("t", &theme.strings);
    ctx
}

pub(super) fn section_value(s: &SectionIndex, urls: &Urls) -> tera::Value {
    tv!({
        "key": s.section.key.as_str(),
        "kind": s.section.kind.as_str(),
        "path": s.section.path.as_str(),
        "title": s.section.title.as_str(),
        "url": urls.href(&paths::section(&s.section.path)),
        "feed_url": urls.href(&paths::section_feed(&s.section.path)),
        "count": s.profiles.len(),
    })
}

/// The `page` value of the page at `path`, as a map (a profile's page adds to it).
pub(super) fn page_map(
    urls: &Urls,
    path: &str,
    title: &str,
    description: Option<&str>,
    kind: &str,
    share: Option<&Image>,
    site: &Site,
) -> tera::Map {
    tv!(map {
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
pub(super) fn paged_title(theme: &Theme, title: &str, n: usize) -> String {
    if n == 0 {
        title.to_string()
    } else {
        format!("{title} ({} {})", theme.t("page_label"), n + 1)
    }
}

/// A taxonomy with its terms (without their profiles).
pub fn taxonomy(tax: &Taxonomy, title: &str, urls: &Urls) -> tera::Value {
    tv!({
        "key": tax.key,
        "title": title,
        "url": urls.href(&paths::taxonomy(tax.path)),
        "terms": tax.terms.iter().map(|t| term_summary(tax, t, urls)).collect::<Vec<_>>(),
    })
}

/// A term without its profiles.
pub fn term_summary(tax: &Taxonomy, term: &Term, urls: &Urls) -> tera::Value {
    tv!({
        "name": term.name.as_str(),
        "slug": term.slug.as_str(),
        "url": urls.href(&tax.term_path(term)),
        "count": term.profiles.len(),
    })
}

/// The statistics page's numbers, with labels in the site's language and a chart for each.
pub fn stats(s: &Stats, theme: &Theme, lang: &str, urls: &Urls) -> tera::Value {
    let charts: Vec<tera::Value> = s
        .charts
        .iter()
        .map(|chart| {
            let title = theme.t(&format!("stats_{}", chart.key));
            let labels: Vec<String> = chart
                .rows
                .iter()
                .map(|r| {
                    if r.translate {
                        theme.t(&r.label)
                    } else {
                        r.label.clone()
                    }
                })
                .collect();
            let mut bars: Vec<Bar> = chart
                .rows
                .iter()
                .zip(&labels)
                .map(|(r, label)| Bar {
                    label,
                    count: r.count,
                    value: number(r.count as i64, lang),
                })
                .collect();
            // Years run oldest first; when there are more than a chart draws, keep the
            // latest ones (the table lists them all).
            if chart.key == "year" && bars.len() > MAX_BARS {
                bars.drain(..bars.len() - MAX_BARS);
            }
            let svg = bar_chart(&format!("chart-{}", chart.key), &title, &bars);
            let rows: Vec<tera::Value> = (chart.rows.iter().zip(&labels))
                .map(|(r, label)| {
                    tv!({
                        "label": label.as_str(),
                        "count": r.count,
                        "percent": percent(r.count, chart.whole, lang),
                        "url": r.path.as_ref().map(|p| urls.href(p)),
                    })
                })
                .collect();
            tv!({
                "key": chart.key,
                "title": title,
                "whole": chart.whole,
                "svg": svg,
                "rows": rows,
            })
        })
        .collect();
    tv!({
        "total": s.total,
        "people": s.people,
        "collectives": s.collectives,
        "direct": tv!({ "count": s.direct, "percent": percent(s.direct, s.people, lang) }),
        "charts": charts,
        "max_bars": MAX_BARS,
    })
}
