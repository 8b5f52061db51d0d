//! Search on any static host: an index written at build time, split so that a browser fetches
//! only what a query needs, and read by the small search client the build writes to `js/search.js`.
//!
//! Why not an existing static search tool: they get Vietnamese wrong (`đ` not folded to `d`,
//! the two tone placements of `hoà`/`hòa` treated as different words, accented letters
//! trimmed) and they load a WebAssembly runtime and large index chunks before the first
//! result. Here [`fold`] gives every word its exact, tone-normalised and folded forms (the
//! same steps as the script, tested with one shared table), [`index`] writes the sharded
//! index, and [`query`] ranks the way the script does.
//!
//! Only profiles are indexed (name, place, role, organisation, fields, tags and summary),
//! not their stories, taxonomy pages or plain pages.

pub mod fold;
mod ids;
pub mod index;
pub mod query;
mod terms;

pub use index::{Doc, Entry, SearchIndex};
pub use terms::KEPT;

use rayon::prelude::*;

use crate::kept::Store;
use crate::output::OutFile;
use crate::paths::{self, Urls};
use crate::site::Site;
use crate::slug::slugify;

/// One index entry per profile of the site, then one per decision of the register (a
/// decision number typed in the box finds its page).
pub fn entries(site: &Site, urls: &Urls) -> Vec<Entry> {
    let mut entries = profile_entries(site, urls);
    let section = site.config.sections.len();
    entries.extend(site.register.decisions.iter().map(|dec| {
        let date = dec
            .date
            .map(|d| crate::locale::date(&d.iso(), &site.config.language));
        let awards: Vec<String> = dec
            .honours
            .iter()
            .map(|h| site.profiles[h.profile].awards[h.award].title.clone())
            .collect();
        Entry {
            name: dec.number.clone(),
            role: dec
                .issuer
                .iter()
                .cloned()
                .chain(awards.first().cloned())
                .collect(),
            place: Vec::new(),
            summary: String::new(),
            phrases: Vec::new(),
            facets: dec.year.map(|y| format!("year-{y}")).into_iter().collect(),
            doc: Doc {
                name: dec.number.clone(),
                url: urls.href(&dec.path()),
                thumb: None,
                role: dec.issuer.clone(),
                place: date,
                year: dec.year,
                section,
            },
        }
    }));
    // A round is found by its title and honour; its candidates' names are not indexed, so a
    // name typed in the box never finds someone who is only proposed.
    entries.extend(site.rounds.iter().map(|r| Entry {
        name: r.round.title.clone(),
        role: vec![r.round.award.0.clone()],
        place: Vec::new(),
        summary: String::new(),
        phrases: Vec::new(),
        facets: vec![format!("year-{}", r.round.year)],
        doc: Doc {
            name: r.round.title.clone(),
            url: urls.href(&r.round.path),
            thumb: None,
            role: Some(r.round.award.0.clone()),
            place: Some(r.round.closes.ddmmyyyy()),
            year: Some(r.round.year),
            section: section + 1,
        },
    }));
    entries
}

/// One index entry per profile.
fn profile_entries(site: &Site, urls: &Urls) -> Vec<Entry> {
    site.profiles
        .par_iter()
        .enumerate()
        .filter(|(_, p)| !p.withdrawn())
        .map(|(i, p)| {
            let mut facets = vec![format!("section-{}", p.section)];
            facets.extend(p.year.map(|y| format!("year-{y}")));
            facets.extend(
                p.fields
                    .iter()
                    .map(|f| slugify(f))
                    .filter(|s| !s.is_empty())
                    .map(|s| format!("field-{s}")),
            );
            facets.extend(
                p.district
                    .as_deref()
                    .map(slugify)
                    .filter(|s| !s.is_empty())
                    .map(|s| format!("district-{s}")),
            );
            let place_parts: Vec<String> = p.commune.iter().chain(&p.district).cloned().collect();
            let role_parts: Vec<String> = p
                .role()
                .map(str::to_string)
                .into_iter()
                .chain(p.person().and_then(|x| x.organization.clone()))
                .chain(p.fields.iter().cloned())
                .chain(p.tags.iter().cloned())
                .collect();
            Entry {
                name: p.name.clone(),
                phrases: place_parts.iter().chain(&p.fields).cloned().collect(),
                place: place_parts,
                role: role_parts,
                summary: p.summary.clone().unwrap_or_default(),
                facets,
                doc: Doc {
                    name: p.name.clone(),
                    url: urls.href(&p.path),
                    // WebP when the pipeline made one: smaller than the JPEG (Safari shows it
                    // since version 14, older ones show no thumbnail).
                    thumb: site.photos[i]
                        .as_ref()
                        .map(|s| urls.href(s.thumb.webp.as_deref().unwrap_or(&s.thumb.src))),
                    role: p.role().map(str::to_string),
                    place: p.place(),
                    year: p.year,
                    section: site
                        .config
                        .sections
                        .iter()
                        .position(|s| s.key == p.section)
                        .unwrap_or(0),
                },
            }
        })
        .collect()
}

/// The index of the site's profiles, with the words of unchanged profiles from `kept`.
pub fn index(site: &Site, urls: &Urls, kept: Option<&Store>) -> SearchIndex {
    let sections = site
        .config
        .sections
        .iter()
        .map(|s| (s.key.clone(), s.kind.as_str().to_string()))
        // Decisions' documents name this one past the sections.
        .chain(std::iter::once((
            paths::DECISIONS.trim_end_matches('/').to_string(),
            "decision".to_string(),
        )))
        // And consultation rounds the one after.
        .chain(std::iter::once((
            paths::CONSULTATIONS.trim_end_matches('/').to_string(),
            "consultation".to_string(),
        )))
        .collect();
    SearchIndex::build(entries(site, urls), sections, kept)
}

/// The search client every theme uses: written to `js/search.js` unless the theme's or the
/// site's `static/` has its own (see `docs/themes.md`, "Search").
pub const CLIENT: &[u8] = include_bytes!("client.js");

/// The search client as written to the site: [`CLIENT`] minified, once per run.
pub fn client() -> &'static [u8] {
    static MINIFIED: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| crate::script::minify(CLIENT).into_owned())
}

/// The index of the site's profiles as files of the output, under [`paths::SEARCH_INDEX`].
pub fn index_files(site: &Site, urls: &Urls) -> Vec<OutFile> {
    let files = std::sync::Mutex::new(Vec::new());
    write_index(site, urls, None, &|f| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        Ok(())
    })
    .expect("collecting in memory does not fail");
    files.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Hands each file of [`index_files`] to `put` as soon as it is made (a build writes them
/// without holding them all); how many there were. The words of unchanged profiles are
/// taken from `kept`.
pub fn write_index(
    site: &Site,
    urls: &Urls,
    kept: Option<&Store>,
    put: &(dyn Fn(OutFile) -> std::io::Result<()> + Sync),
) -> std::io::Result<usize> {
    let count = std::sync::atomic::AtomicUsize::new(0);
    let portable = site.config.portable;
    index(site, urls, kept).write(paths::SEARCH_INDEX, &|f| {
        if portable && f.path.ends_with(".json") {
            // Browsers refuse `fetch` on file://, but load scripts: each file gets a twin
            // that hands its data to the client (`js/search.js`, `viaScript`).
            let name = f.path.strip_prefix(paths::SEARCH_INDEX).unwrap_or(&f.path);
            let mut bytes = format!("vinhdanhSearch({},", serde_json::json!(name)).into_bytes();
            bytes.extend(&f.bytes);
            bytes.extend(b");\n");
            put(OutFile {
                path: format!("{}.js", f.path),
                bytes,
            })?;
            count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        put(f)?;
        count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    })?;
    Ok(count.into_inner())
}
