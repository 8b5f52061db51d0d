//! The values templates see (documented in `docs/themes.md`), built from the site model.

use serde_json::{json, Value};

use crate::config::Kind;
use crate::images::{Image, PhotoSet};
use crate::render::urls::Urls;
use crate::site::{Site, Taxonomy, Term};
use crate::slug::slugify;

/// `sizes` for profile photos: the width of the screen on phones, at most 26rem (the
/// shipped themes' photo column) on anything wider; a theme with another layout writes its
/// own `sizes`.
const SIZES: &str = "(min-width: 28rem) 26rem, 100vw";

fn image(img: &Image, urls: &Urls) -> Value {
    json!({
        "src": urls.href(&img.src),
        "width": img.width,
        "height": img.height,
        "webp": img.webp.as_ref().map(|w| urls.href(w)),
    })
}

fn srcset(images: &[Image], urls: &Urls) -> String {
    images
        .iter()
        .map(|i| format!("{} {}w", urls.href(&i.src), i.width))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A photo set as templates see it.
pub fn photo(set: &PhotoSet, alt: &str, credit: Option<&str>, urls: &Urls) -> Value {
    let largest = set.largest();
    json!({
        "alt": alt,
        "credit": credit,
        "focus": set.focus,
        "width": largest.width,
        "height": largest.height,
        "src": urls.href(&largest.src),
        "srcset": srcset(&set.fallback, urls),
        "sizes": SIZES,
        "sources": set.sources.iter().map(|s| json!({ "type": s.mime, "srcset": srcset(&s.images, urls) })).collect::<Vec<_>>(),
        "thumb": image(&set.thumb, urls),
        "share": image(&set.share, urls),
    })
}

/// "commune, district".
pub fn place(p: &crate::content::Profile) -> Option<String> {
    match (&p.commune, &p.district) {
        (Some(c), Some(d)) => Some(format!("{c}, {d}")),
        (Some(c), None) => Some(c.clone()),
        (None, Some(d)) => Some(d.clone()),
        (None, None) => None,
    }
}

/// A person's role or a collective's kind.
pub fn role(p: &crate::content::Profile) -> Option<&str> {
    if p.kind == Kind::Person {
        p.title.as_deref()
    } else {
        p.unit_kind.as_deref()
    }
}

/// The card of profile `i`.
pub fn card(site: &Site, i: usize, urls: &Urls) -> Value {
    let p = &site.profiles[i];
    json!({
        "name": p.name,
        "url": urls.href(&p.path),
        "section": p.section,
        "kind": p.kind,
        "role": role(p),
        "place": place(p),
        "year": p.year,
        "summary": p.summary,
        "thumb": site.photos[i].as_ref().map(|s| image(&s.thumb, urls)),
    })
}

/// The link to a profile's value in a taxonomy. Every value of every profile is a term
/// (see `site::build`), so its page is known from its slug without searching the terms.
fn term_link(key: &str, name: &str, urls: &Urls) -> Option<Value> {
    let (_, path) = crate::site::TAXONOMIES.iter().find(|(k, _)| *k == key)?;
    let slug = slugify(name);
    (!slug.is_empty())
        .then(|| json!({ "name": name, "url": urls.href(&format!("{path}/{slug}/")) }))
}

/// Everything about profile `i`, for its page.
pub fn profile(site: &Site, i: usize, urls: &Urls) -> Value {
    let p = &site.profiles[i];
    let alt = p.photo_alt.clone().unwrap_or_else(|| p.name.clone());
    json!({
        "name": p.name,
        "year": p.year,
        "summary": p.summary,
        "title": p.title,
        "kind": p.unit_kind,
        "organization": p.organization,
        "birth_year": p.birth_year,
        "gender": p.gender,
        "group": p.group,
        "group_key": p.group.as_deref().and_then(crate::content::profile::group_key),
        "founded": p.founded,
        "members": p.members,
        "leader": p.leader,
        "address": p.address,
        "website": p.website,
        "district": p.district,
        "commune": p.commune,
        "tags": p.tags,
        "links": p.links,
        "weight": p.weight,
        "url": urls.href(&p.path),
        "permalink": urls.permalink(&p.path),
        "year_url": match (p.kind, p.year, site.config.section(&p.section)) {
            (Kind::Person, Some(y), Some(s)) => Some(urls.href(&format!("{}/{y}/", s.path))),
            _ => None,
        },
        "profile_kind": p.kind,
        "role": role(p),
        "place": place(p),
        "body_html": site.bodies[i],
        "photo": site.photos[i].as_ref().map(|s| photo(s, &alt, p.photo_credit.as_deref(), urls)),
        "gallery": site.galleries[i].iter().map(|(set, caption)| json!({
            "photo": photo(set, caption.as_deref().unwrap_or(&p.name), None, urls),
            "caption": caption,
        })).collect::<Vec<_>>(),
        "fields": p.fields.iter().filter_map(|f| term_link("field", f, urls)).collect::<Vec<_>>(),
        "district_term": p.district.as_deref().and_then(|d| term_link("district", d, urls)),
        "awards": p.awards.iter().map(|a| json!({
            "title": a.title,
            "year": a.year,
            "decision": a.decision,
            "level": a.level,
            "url": term_link("award", &a.title, urls).map(|t| t["url"].clone()),
        })).collect::<Vec<_>>(),
    })
}

/// What an embed card shows of profile `i`: a few fields of [`profile`], not the story.
pub fn embed(site: &Site, i: usize, urls: &Urls) -> Value {
    let p = &site.profiles[i];
    let alt = p.photo_alt.as_deref().unwrap_or(&p.name);
    json!({
        "name": p.name,
        "year": p.year,
        "summary": p.summary,
        "profile_kind": p.kind,
        "role": role(p),
        "place": place(p),
        "url": urls.href(&p.path),
        "permalink": urls.permalink(&p.path),
        "photo": site.photos[i].as_ref().map(|s| photo(s, alt, p.photo_credit.as_deref(), urls)),
    })
}

/// A taxonomy with its terms (without their profiles).
pub fn taxonomy(tax: &Taxonomy, title: &str, urls: &Urls) -> Value {
    json!({
        "key": tax.key,
        "title": title,
        "url": urls.href(&format!("{}/", tax.path)),
        "terms": tax.terms.iter().map(|t| term_summary(tax, t, urls)).collect::<Vec<_>>(),
    })
}

/// A term without its profiles.
pub fn term_summary(tax: &Taxonomy, term: &Term, urls: &Urls) -> Value {
    json!({
        "name": term.name,
        "slug": term.slug,
        "url": urls.href(&tax.term_path(term)),
        "count": term.profiles.len(),
    })
}

/// The statistics page's numbers, with labels in the site's language and a chart for each.
pub fn stats(
    s: &crate::stats::Stats,
    theme: &crate::theme::Theme,
    lang: &str,
    urls: &Urls,
) -> Value {
    use crate::locale::{number, percent};
    use crate::render::charts::{bar_chart, Bar};
    let charts: Vec<Value> = s
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
            if chart.key == "year" && bars.len() > crate::render::charts::MAX_BARS {
                bars.drain(..bars.len() - crate::render::charts::MAX_BARS);
            }
            json!({
                "key": chart.key,
                "title": title,
                "whole": chart.whole,
                "svg": bar_chart(&format!("chart-{}", chart.key), &title, &bars),
                "rows": chart.rows.iter().zip(&labels).map(|(r, label)| json!({
                    "label": label,
                    "count": r.count,
                    "percent": percent(r.count, chart.whole, lang),
                    "url": r.path.as_ref().map(|p| urls.href(p)),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "total": s.total,
        "people": s.people,
        "collectives": s.collectives,
        "direct": { "count": s.direct, "percent": percent(s.direct, s.people, lang) },
        "charts": charts,
        "max_bars": crate::render::charts::MAX_BARS,
    })
}
