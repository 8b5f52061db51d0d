//! What each page shows: one small function per page kind gives its template and the values
//! it adds to the shared context (`docs/themes.md` lists them all).

use super::context::{page_map, paged_title, paginator, section_value, tv};
use super::ctx::{Ctx, Extra};
use super::jobs::{page_count, page_slice, year_path, Job};
use super::profile::embed_code;
use super::{context, data, print, profile, register, rounds, seo};
use crate::config::Kind;
use crate::paths::{self, Urls};
use crate::reuse::Fingerprint;
use crate::site::{SectionIndex, Site};

/// How many cards a person section's page shows of each year; the year's page has them all.
const YEAR_PREVIEW: usize = 10;

/// The template and page-specific context of `job`, whose page is at `path` (a profile's
/// story is put in when the page is rendered: `render::with_story`).
pub(super) fn context(c: &Ctx, urls: &Urls, job: Job, path: &str) -> (&'static str, Extra) {
    match job {
        Job::Home => home(c, urls, path),
        Job::Section { section, page } => {
            let sec = &c.site.sections[section];
            match sec.section.kind {
                Kind::Person => person_section(c, urls, path, section),
                Kind::Collective => collective_section(c, urls, path, sec, page),
            }
        }
        Job::Year {
            section,
            year,
            page,
        } => year_page(c, urls, path, section, year, page),
        Job::Profile { profile } => profile_page(c, urls, profile),
        Job::Embed => embed(c, urls, path),
        Job::Certificates {
            section,
            year,
            part,
        } => print::certificates(c, urls, path, section, year, part),
        Job::Board { section, year } => print::board(c, urls, path, section, year),
        Job::Kiosk => print::kiosk(c, urls, path),
        Job::Register => register::register(c, urls, path),
        Job::RegisterYear { year, page } => register::register_year(c, urls, path, year, page),
        Job::Unnumbered { page } => register::unnumbered(c, urls, path, page),
        Job::TimelineYear { year, page } => register::timeline_year(c, urls, path, year, page),
        Job::Decision { decision, page } => register::decision(c, urls, path, decision, page),
        Job::Timeline => register::timeline(c, urls, path),
        Job::Rounds => rounds::rounds(c, urls, path),
        Job::Round { round } => rounds::round(c, urls, path, round),
        Job::Data => data::data(c, urls, path),
        Job::Taxonomy { taxonomy } => taxonomy_page(c, urls, path, taxonomy),
        Job::Term {
            taxonomy,
            term,
            page,
        } => term_page(c, urls, path, taxonomy, term, page),
        Job::Page { page } => plain_page(c, urls, path, page),
        Job::Search => search(c, urls, path),
        Job::Statistics => statistics(c, urls, path),
        Job::NotFound => not_found(c, urls),
    }
}

/// A year of a section with the cards of `list` (all of the year, one page, or a preview).
fn year_value(c: &Ctx, s: usize, y: usize, list: &[usize], urls: &Urls) -> tera::Value {
    let year = &c.site.sections[s].years[y];
    tv!({
        "year": year.year,
        "url": urls.href(&year_path(c.site, s, y)),
        "count": year.profiles.len(),
        "profiles": c.cards(list, urls),
    })
}

/// A page's `page` value, for pages without a share image.
fn page(
    c: &Ctx,
    urls: &Urls,
    path: &str,
    title: &str,
    description: Option<&str>,
    kind: &str,
) -> tera::Value {
    page_map(urls, path, title, description, kind, None, c.site).into()
}

/// `home.html`: the introduction, the latest year's first cards, featured collectives.
fn home(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let site = c.site;
    let latest = site
        .sections
        .iter()
        .position(|s| s.section.kind == Kind::Person && !s.years.is_empty())
        .map(|s| {
            let all = &site.sections[s].years[0].profiles;
            year_value(c, s, 0, &all[..all.len().min(YEAR_PREVIEW)], urls)
        });
    let featured = featured(site);
    let intro = site.home.as_ref();
    let title = intro
        .map(|p| p.title.as_str())
        .filter(|t| !t.is_empty())
        .unwrap_or(&site.config.title);
    let description = intro.and_then(|p| p.description.as_deref());
    (
        "home.html",
        vec![
            ("page", page(c, urls, path, title, description, "home")),
            ("intro_title", title.into()),
            ("intro_html", site.home_html.as_str().into()),
            ("latest_year", latest.into()),
            ("featured", c.cards(&featured, urls)),
        ],
    )
}

/// The collectives the home page and the kiosk show: the first of each collective section.
pub(super) fn featured(site: &Site) -> Vec<usize> {
    site.sections
        .iter()
        .filter(|s| s.section.kind == Kind::Collective)
        .flat_map(|s| s.profiles.iter().take(8).copied())
        .collect()
}

/// `section_person.html`: a person section, each year with its first cards.
fn person_section(c: &Ctx, urls: &Urls, path: &str, s: usize) -> (&'static str, Extra) {
    let sec = &c.site.sections[s];
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
            (
                "page",
                page(c, urls, path, &sec.section.title, None, "section"),
            ),
            ("section", section_value(sec, urls)),
            ("years", years.into()),
        ],
    )
}

/// `section_collective.html`: one page of a collective section, its cards grouped by kind.
fn collective_section(
    c: &Ctx,
    urls: &Urls,
    path: &str,
    sec: &SectionIndex,
    n: usize,
) -> (&'static str, Extra) {
    let (site, theme) = (c.site, c.theme);
    let per = site.config.paginate;
    let list = page_slice(&sec.profiles, n, per);
    // The kinds of collective on this page, in order of first appearance.
    let mut kinds: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in list {
        let k = site.profiles[i]
            .unit_kind()
            .map_or_else(|| theme.t("kind_other"), str::to_string);
        match kinds.iter_mut().find(|(name, _)| *name == k) {
            Some((_, l)) => l.push(i),
            None => kinds.push((k, vec![i])),
        }
    }
    let kinds: Vec<tera::Value> = kinds
        .into_iter()
        .map(|(name, l)| {
            let kind = site.profiles[l[0]].unit_kind().unwrap_or_default();
            let count = sec.kind_counts.get(kind).copied().unwrap_or(0);
            tv!({ "name": name, "count": count, "profiles": c.cards(&l, urls) })
        })
        .collect();
    let title = paged_title(theme, &sec.section.title, n);
    let base = paths::section(&sec.section.path);
    let total = page_count(sec.profiles.len(), per);
    (
        "section_collective.html",
        vec![
            ("page", page(c, urls, path, &title, None, "section")),
            ("section", section_value(sec, urls)),
            ("profiles", c.cards(list, urls)),
            ("kinds", kinds.into()),
            ("paginator", paginator(&base, n, total, per, urls)),
        ],
    )
}

/// `year.html`: one page of a year's cards.
fn year_page(
    c: &Ctx,
    urls: &Urls,
    path: &str,
    s: usize,
    y: usize,
    n: usize,
) -> (&'static str, Extra) {
    let site = c.site;
    let per = site.config.paginate;
    let sec = &site.sections[s];
    let all = &sec.years[y].profiles;
    let title = paged_title(
        c.theme,
        &format!("{} {}", sec.section.title, sec.years[y].year),
        n,
    );
    let total = page_count(all.len(), per);
    let board = (sec.section.kind == Kind::Person)
        .then(|| urls.href(&paths::print(&year_path(site, s, y))));
    let certificates = (sec.section.kind == Kind::Person && !all.is_empty())
        .then(|| urls.href(&paths::certificates(&year_path(site, s, y), 0)));
    (
        "year.html",
        vec![
            ("board_url", board.into()),
            ("certificates_url", certificates.into()),
            ("page", page(c, urls, path, &title, None, "year")),
            ("section", section_value(sec, urls)),
            ("year", year_value(c, s, y, page_slice(all, n, per), urls)),
            (
                "paginator",
                paginator(&year_path(site, s, y), n, total, per, urls),
            ),
        ],
    )
}

/// `profile.html`: a profile with its related cards and JSON-LD.
fn profile_page(c: &Ctx, urls: &Urls, i: usize) -> (&'static str, Extra) {
    let site = c.site;
    let p = &site.profiles[i];
    let share = site.photos[i].as_ref().map(|s| &s.share);
    // Its story is put in when the page is rendered (`render::with_story`).
    let mut value = profile::profile(site, i, urls);
    let mut set = |k: &'static str, v: tera::Value| value.insert(tera::value::Key::Str(k), v);
    // The code is pasted into other sites, so it needs the site's full address. A profile
    // whose honours are all withdrawn has no card, certificate or term page to link to.
    let honoured = !p.withdrawn();
    if c.embeds && !site.config.origin().is_empty() && honoured {
        set("embed_url", urls.href(&paths::embed(&p.path)).into());
        set("embed_code", embed_code(p, urls).into());
    }
    if let Some(certificate) = c.certificate(i) {
        set("print_url", urls.href(&certificate).into());
    }
    if !honoured {
        set("fields", tera::Value::from(Vec::<tera::Value>::new()));
        set("district_term", tera::Value::none());
        // Its year may have no one else, and then no page.
        set("year_url", tera::Value::none());
    }
    set("award_years", register::award_years(site, i, urls));
    set("qr", c.qr(i).into());
    let mut page = page_map(
        urls,
        &p.path,
        &p.name,
        p.summary.as_deref(),
        "profile",
        share,
        site,
    );
    // Every honour withdrawn: the page stays for the links to it, out of search engines.
    page.insert(tera::value::Key::Str("noindex"), p.withdrawn().into());
    (
        "profile.html",
        vec![
            ("page", page.into()),
            ("section", c.section_of(i, urls)),
            ("profile", value.into()),
            ("related", c.cards(&site.related[i], urls)),
            ("jsonld", seo::profile_jsonld(site, i, urls).into()),
        ],
    )
}

/// Adds to `print` what [`profile_page`] makes its values from, without making them: the
/// profiles' pages are most of a site's, and making each one's values only to compare them
/// with the last build's was most of a one-change rebuild. Whatever `profile_page` comes to
/// read must be added here (the site's settings, theme and shared values are in `print`
/// already). A debug build renders every page kept this way and compares it with the kept
/// file (`render::pages`), so the tests that rebuild a site find an input left out.
pub(super) fn profile_inputs(c: &Ctx, urls: &Urls, i: usize, fp: &mut Fingerprint) {
    use std::hash::Hash;
    let site = c.site;
    let p = &site.profiles[i];
    fp.name("profile.html");
    c.profile_digest(i, fp);
    fp.number(site.bodies.hash(i));
    site.galleries[i].hash(fp);
    // The register: where each honour's decision is, and what withdrew it.
    for k in 0..p.awards.len() {
        register::decision_url(site, i, k, urls).hash(fp);
        match register::withdrawal(site, i, k, urls) {
            Some(w) => fp.value(&w),
            None => fp.name("-"),
        }
    }
    c.certificate(i).hash(fp);
    fp.value(&c.section_of(i, urls));
    for &j in &site.related[i] {
        match c.shared_card(j, urls) {
            Some(card) => fp.value(card),
            None => fp.value(&profile::card(site, j, urls)),
        }
    }
}

/// `embed.html`: the page other sites show in an `<iframe>`, whose script puts in it the
/// card a profile's page carries (`partials/embed_card.html`).
fn embed(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let title = &c.site.config.title;
    (
        "embed.html",
        vec![("page", page(c, urls, path, title, None, "embed"))],
    )
}

/// `taxonomy.html`: a taxonomy with all its terms.
fn taxonomy_page(c: &Ctx, urls: &Urls, path: &str, t: usize) -> (&'static str, Extra) {
    let tax = &c.site.taxonomies[t];
    let title = c.theme.t(&format!("taxonomy_{}", tax.key));
    (
        "taxonomy.html",
        vec![
            ("page", page(c, urls, path, &title, None, "taxonomy")),
            ("taxonomy", context::taxonomy(tax, &title, urls)),
        ],
    )
}

/// `term.html`: one page of a term's cards.
fn term_page(
    c: &Ctx,
    urls: &Urls,
    path: &str,
    t: usize,
    k: usize,
    n: usize,
) -> (&'static str, Extra) {
    let per = c.site.config.paginate;
    let tax = &c.site.taxonomies[t];
    let term = &tax.terms[k];
    let title = c.theme.t(&format!("taxonomy_{}", tax.key));
    let mut term_value = (context::term_summary(tax, term, urls).into_map()).unwrap_or_default();
    let cards = c.cards(page_slice(&term.profiles, n, per), urls);
    term_value.insert(tera::value::Key::Str("profiles"), cards);
    let page_title = paged_title(c.theme, &format!("{}: {}", title, term.name), n);
    let total = page_count(term.profiles.len(), per);
    (
        "term.html",
        vec![
            ("page", page(c, urls, path, &page_title, None, "term")),
            (
                "taxonomy",
                tv!({
                    "key": tax.key,
                    "title": title.as_str(),
                    "url": urls.href(&paths::taxonomy(tax.path)),
                }),
            ),
            ("term", term_value.into()),
            (
                "paginator",
                paginator(&tax.term_path(term), n, total, per, urls),
            ),
        ],
    )
}

/// `page.html`: a plain page of `content/`.
fn plain_page(c: &Ctx, urls: &Urls, path: &str, n: usize) -> (&'static str, Extra) {
    let p = &c.site.pages[n];
    (
        "page.html",
        vec![
            (
                "page",
                page(c, urls, path, &p.title, p.description.as_deref(), "page"),
            ),
            ("title", p.title.as_str().into()),
            ("description", p.description.clone().into()),
            ("content_html", c.site.page_bodies[n].as_str().into()),
        ],
    )
}

/// `search.html`: the sections, years and terms the search page filters by.
fn search(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let site = c.site;
    let mut seen = std::collections::HashSet::new();
    let mut years: Vec<tera::Value> = Vec::new();
    for (s, sec) in site.sections.iter().enumerate() {
        for (y, year) in sec.years.iter().enumerate() {
            if seen.insert(year.year) {
                years.push(year_value(c, s, y, &[], urls));
            }
        }
    }
    let taxonomies: Vec<tera::Value> = site
        .taxonomies
        .iter()
        .map(|t| context::taxonomy(t, &c.theme.t(&format!("taxonomy_{}", t.key)), urls))
        .collect();
    let sections: Vec<tera::Value> = site
        .sections
        .iter()
        .map(|s| section_value(s, urls))
        .collect();
    (
        "search.html",
        vec![
            (
                "page",
                page(c, urls, path, &c.theme.t("search"), None, "search"),
            ),
            ("sections", sections.into()),
            ("years", years.into()),
            ("taxonomies", taxonomies.into()),
        ],
    )
}

/// `statistics.html`: the statistics with their charts.
fn statistics(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let stats = c
        .stats
        .map(|s| context::stats(s, c.theme, &c.site.config.language, urls))
        .unwrap_or_else(tera::Value::none);
    (
        "statistics.html",
        vec![
            (
                "page",
                page(c, urls, path, &c.theme.t("stats_title"), None, "statistics"),
            ),
            ("stats", stats),
        ],
    )
}

/// `404.html`: the page for missing addresses.
fn not_found(c: &Ctx, urls: &Urls) -> (&'static str, Extra) {
    let title = c.theme.t("not_found");
    (
        "404.html",
        vec![("page", page(c, urls, paths::NOT_FOUND, &title, None, "404"))],
    )
}
