//! The values templates see of a profile (documented in `docs/themes.md`): its card in
//! lists, its page, its embed card and its photos.

use serde_json::{json, Value};

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

/// The card of profile `i`.
pub fn card(site: &Site, i: usize, urls: &Urls) -> Value {
    let p = &site.profiles[i];
    json!({
        "name": p.name,
        "url": urls.href(&p.path),
        "section": p.section,
        "kind": p.kind(),
        "role": p.role(),
        "place": p.place(),
        "year": p.year,
        "summary": p.summary,
        "thumb": site.photos[i].as_ref().map(|s| image(&s.thumb, urls)),
    })
}

/// The link to a profile's value in a taxonomy. Every value of every profile is a term
/// (see `site::build`), so its page is known from its slug without searching the terms.
pub(super) fn term_link(key: &str, name: &str, urls: &Urls) -> Option<Value> {
    let path = paths::taxonomy_path(key)?;
    let slug = slugify(name);
    (!slug.is_empty()).then(|| json!({ "name": name, "url": urls.href(&paths::term(path, &slug)) }))
}

/// Everything about profile `i`, for its page, but its story's HTML (`body_html`, put in
/// when the page is rendered).
pub fn profile(site: &Site, i: usize, urls: &Urls) -> Value {
    let p = &site.profiles[i];
    let alt = p.photo_alt.clone().unwrap_or_else(|| p.name.clone());
    // Templates see one flat profile: the other kind's fields are there, empty.
    let (none, no_unit) = (Person::default(), Collective::default());
    let person = p.person().unwrap_or(&none);
    let unit = p.collective().unwrap_or(&no_unit);
    json!({
        "name": p.name,
        "year": p.year,
        "summary": p.summary,
        "title": person.title,
        "kind": unit.kind,
        "organization": person.organization,
        "birth_year": person.birth_year,
        "gender": person.gender,
        "group": person.group,
        "group_key": person.group.as_deref().and_then(group_key),
        "founded": unit.founded,
        "members": unit.members,
        "leader": unit.leader,
        "address": unit.address,
        "website": unit.website,
        "district": p.district,
        "commune": p.commune,
        "tags": p.tags,
        "links": p.links,
        "weight": p.weight,
        "url": urls.href(&p.path),
        "permalink": urls.permalink(&p.path),
        "year_url": match (p.kind(), p.year, site.config.section(&p.section)) {
            (Kind::Person, Some(y), Some(s)) => Some(urls.href(&paths::year(&s.path, y))),
            _ => None,
        },
        "profile_kind": p.kind(),
        "role": p.role(),
        "place": p.place(),
        "photo": site.photos[i].as_ref().map(|s| photo(s, &alt, p.photo_credit.as_deref(), urls)),
        "gallery": site.galleries[i].iter().map(|(set, caption)| json!({
            "photo": photo(set, caption.as_deref().unwrap_or(&p.name), None, urls),
            "caption": caption,
        })).collect::<Vec<_>>(),
        "fields": p.fields.iter().filter_map(|f| term_link("field", f, urls)).collect::<Vec<_>>(),
        "district_term": p.district.as_deref().and_then(|d| term_link("district", d, urls)),
        "awards": p.awards.iter().enumerate().map(|(k, a)| json!({
            "title": a.title,
            "year": a.year,
            "decision": a.decision,
            "level": a.level,
            "url": a.stands().then(|| term_link("award", &a.title, urls).map(|t| t["url"].clone())).flatten(),
            "withdrawn": super::register::withdrawal(site, i, k, urls),
        })).collect::<Vec<_>>(),
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
