//! The values templates see of a profile (documented in `docs/themes.md`): its card in
//! lists, its page, its embed card and its photos.

use super::context::tv;
use super::feeds::escape;
use crate::config::Kind;
use crate::content::groups::group_key;
use crate::content::{Collective, Person, Profile};
use crate::images::{Image, PhotoSet};
use crate::paths::{self, Urls};
use crate::site::Site;
use crate::slug::slugify;

/// `sizes` for profile photos: the width of the screen on phones, at most 26rem (the
/// shipped themes' photo column) on anything wider; a theme with another layout writes its
/// own `sizes`.
const SIZES: &str = "(min-width: 28rem) 26rem, 100vw";

fn image(img: &Image, urls: &Urls) -> tera::Value {
    tv!({
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
pub fn photo(set: &PhotoSet, alt: &str, credit: Option<&str>, urls: &Urls) -> tera::Value {
    let largest = set.largest();
    let sources: Vec<tera::Value> = (set.sources.iter())
        .map(|s| tv!({ "type": s.mime.as_str(), "srcset": srcset(&s.images, urls) }))
        .collect();
    tv!({
        "alt": alt,
        "credit": credit,
        "focus": tera::Value::from_serializable(&set.focus),
        "width": largest.width,
        "height": largest.height,
        "src": urls.href(&largest.src),
        "srcset": srcset(&set.fallback, urls),
        "sizes": SIZES,
        "sources": sources,
        "thumb": image(&set.thumb, urls),
        "share": image(&set.share, urls),
    })
}

/// The card of profile `i`.
pub fn card(site: &Site, i: usize, urls: &Urls) -> tera::Value {
    let p = &site.profiles[i];
    tv!({
        "name": p.name.as_str(),
        "url": urls.href(&p.path),
        "section": p.section.as_str(),
        "kind": p.kind().as_str(),
        "role": p.role(),
        "place": p.place(),
        "year": p.year,
        "summary": p.summary.as_deref(),
        "thumb": site.photos[i].as_ref().map(|s| image(&s.thumb, urls)),
    })
}

/// The page of a profile's value in a taxonomy. Every value of every profile is a term
/// (see `site::build`), so its page is known from its slug without searching the terms.
pub(super) fn term_url(key: &str, name: &str, urls: &Urls) -> Option<String> {
    let path = paths::taxonomy_path(key)?;
    let slug = slugify(name);
    (!slug.is_empty()).then(|| urls.href(&paths::term(path, &slug)))
}

/// The link to a profile's value in a taxonomy: its name and [`term_url`].
pub(super) fn term_link(key: &str, name: &str, urls: &Urls) -> Option<tera::Value> {
    term_url(key, name, urls).map(|url| tv!({ "name": name, "url": url }))
}

/// Everything about profile `i`, for its page, but its story's HTML (`body_html`, put in
/// when the page is rendered), as a map for the page to add to.
pub fn profile(site: &Site, i: usize, urls: &Urls) -> tera::Map {
    let p = &site.profiles[i];
    let alt = p.photo_alt.as_deref().unwrap_or(&p.name);
    // Templates see one flat profile: the other kind's fields are there, empty.
    let (none, no_unit) = (Person::default(), Collective::default());
    let person = p.person().unwrap_or(&none);
    let unit = p.collective().unwrap_or(&no_unit);
    let text = |v: &[String]| {
        v.iter()
            .map(String::as_str)
            .map(tera::Value::from)
            .collect::<Vec<_>>()
    };
    let links: Vec<tera::Value> = (p.links.iter())
        .map(|l| {
            tv!({
                "title": l.title.as_str(),
                "url": l.url.as_str(),
                "outlet": l.outlet.as_deref(),
                "date": l.date.as_deref(),
            })
        })
        .collect();
    let gallery: Vec<tera::Value> = (site.galleries[i].iter())
        .map(|(set, caption)| {
            tv!({
                "photo": photo(set, caption.as_deref().unwrap_or(&p.name), None, urls),
                "caption": caption.as_deref(),
            })
        })
        .collect();
    let awards: Vec<tera::Value> = (p.awards.iter().enumerate())
        .map(|(k, a)| {
            tv!({
                "title": a.title.as_str(),
                "year": a.year,
                "decision": a.decision.as_deref(),
                "level": a.level.as_deref(),
                "url": a.stands().then(|| term_url("award", &a.title, urls)).flatten(),
                "decision_url": super::register::decision_url(site, i, k, urls),
                "withdrawn": super::register::withdrawal(site, i, k, urls),
            })
        })
        .collect();
    tv!(map {
        "name": p.name.as_str(),
        "year": p.year,
        "summary": p.summary.as_deref(),
        "title": person.title.as_deref(),
        "kind": unit.kind.as_deref(),
        "organization": person.organization.as_deref(),
        "birth_year": person.birth_year,
        "gender": person.gender.as_deref(),
        "group": person.group.as_deref(),
        "group_key": person.group.as_deref().and_then(group_key),
        "founded": unit.founded.as_deref(),
        "members": unit.members.as_deref(),
        "leader": unit.leader.as_deref(),
        "address": unit.address.as_deref(),
        "website": unit.website.as_deref(),
        "district": p.district.as_deref(),
        "commune": p.commune.as_deref(),
        "tags": text(&p.tags),
        "links": links,
        "weight": p.weight,
        "url": urls.href(&p.path),
        "permalink": urls.permalink(&p.path),
        "year_url": match (p.kind(), p.year, site.config.section(&p.section)) {
            (Kind::Person, Some(y), Some(s)) => Some(urls.href(&paths::year(&s.path, y))),
            _ => None,
        },
        "profile_kind": p.kind().as_str(),
        "role": p.role(),
        "place": p.place(),
        "photo": site.photos[i].as_ref().map(|s| photo(s, alt, p.photo_credit.as_deref(), urls)),
        "gallery": gallery,
        "fields": p.fields.iter().filter_map(|f| term_link("field", f, urls)).collect::<Vec<_>>(),
        "district_term": p.district.as_deref().and_then(|d| term_link("district", d, urls)),
        "awards": awards,
        "withdrawn": p.withdrawn(),
    })
}

/// The `<iframe>` a newspaper pastes to show a profile's card.
pub(super) fn embed_code(p: &Profile, urls: &Urls) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"400\" height=\"440\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>",
        escape(&urls.permalink(&paths::embed(&p.path))),
        escape(&p.name)
    )
}
