//! The site model: content arranged the way pages show it.
//!
//! Built once from validated [`Content`], it holds every index the pages need (sections by
//! year, taxonomy terms, related profiles, planned photos), so that rendering a list page
//! never scans all profiles.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::collate;
use crate::config::{Config, Kind, Section};
use crate::content::{Content, Profile};
use crate::diagnostics::Diagnostics;
use crate::images::{PhotoSet, Photos};
use crate::markdown;
use crate::paths::{self, TAXONOMIES};
use crate::slug::slugify;

/// Profiles of one year of a section.
#[derive(Debug)]
pub struct Year {
    /// The year.
    pub year: i64,
    /// Indexes into `Site::profiles`, in display order.
    pub profiles: Vec<usize>,
}

/// A section with its profiles in display order.
#[derive(Debug)]
pub struct SectionIndex {
    /// The section's settings.
    pub section: Section,
    /// All its profiles, in display order.
    pub profiles: Vec<usize>,
    /// People: by year, newest first. Empty for collectives.
    pub years: Vec<Year>,
    /// How many profiles of each kind of collective (`""` for none given).
    pub kind_counts: HashMap<String, usize>,
}

/// One value of a taxonomy ("Giáo dục").
#[derive(Debug)]
pub struct Term {
    /// As first written in content.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Profiles with this value, in display order.
    pub profiles: Vec<usize>,
}

/// Field, district or award, with its terms.
#[derive(Debug)]
pub struct Taxonomy {
    /// `field`, `district` or `award`.
    pub key: &'static str,
    /// URL segment.
    pub path: &'static str,
    /// Terms, most profiles first.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// The path of a term page.
    pub fn term_path(&self, term: &Term) -> String {
        paths::term(self.path, &term.slug)
    }
}

/// Everything rendering needs.
pub struct Site {
    /// Settings.
    pub config: Config,
    /// All profiles (drafts removed unless asked for).
    pub profiles: Vec<Profile>,
    /// Each profile's story in Markdown, by index (HTML only when its page is rendered).
    pub bodies: crate::bodies::Bodies,
    /// Each profile's photo, by index.
    pub photos: Vec<Option<PhotoSet>>,
    /// Each profile's gallery photos, by index.
    pub galleries: Vec<Vec<(PhotoSet, Option<String>)>>,
    /// Plain pages (their Markdown dropped once it is HTML).
    pub pages: Vec<crate::content::Page>,
    /// Each plain page's content as sanitised HTML, by index.
    pub page_bodies: Vec<String>,
    /// The home page's introduction (its Markdown dropped once it is HTML).
    pub home: Option<crate::content::Page>,
    /// The home page's introduction as sanitised HTML.
    pub home_html: String,
    /// Sections in configuration order.
    pub sections: Vec<SectionIndex>,
    /// Field, district, award.
    pub taxonomies: Vec<Taxonomy>,
    /// Related profiles, by index.
    pub related: Vec<Vec<usize>>,
    /// What loading found worth saying although nothing is wrong (sheets left out).
    pub notes: Vec<String>,
    /// Every decision the awards refer to.
    pub register: crate::register::Register,
    /// The consultation rounds, open ones first, with their candidates (who are not in
    /// `profiles`).
    pub rounds: Vec<crate::consult::RoundIndex>,
    /// The profiles only proposed for honours (see [`crate::consult`]): for the editor's
    /// list, never for a page.
    pub candidates: Vec<Profile>,
    /// The day of the build: whether a round is open, and its days left, are counted from it.
    pub today: crate::content::decision::Date,
}

/// Arranges validated content. Photo problems are recorded in `d`.
pub fn build(config: Config, content: Content, photos: &Photos, d: &mut Diagnostics) -> Site {
    build_with(config, content, photos, None, d)
}

/// [`build`], with the stories where loading put them `aside` (`content::load_with`), or in
/// memory without it.
pub fn build_with(
    config: Config,
    content: Content,
    photos: &Photos,
    aside: Option<crate::bodies::Aside>,
    d: &mut Diagnostics,
) -> Site {
    let mut profiles = content.profiles;
    let mut notes = content.notes;
    let today = crate::content::decision::Date::today();
    let crate::consult::Consultation {
        mut rounds,
        candidates,
    } = crate::consult::arrange(content.rounds, &mut profiles, today, d, &mut notes);
    crate::consult::order(&mut rounds, today);
    // The name key is made once per profile: made in the comparison, it was the largest
    // cost of arranging 100,000 profiles.
    let mut keys: Vec<Vec<u8>> = profiles.par_iter().map(name_key).collect();
    let mut order: Vec<usize> = (0..profiles.len()).collect();
    order.par_sort_by(|&a, &b| {
        let (pa, pb) = (&profiles[a], &profiles[b]);
        (
            &pa.section,
            std::cmp::Reverse(pa.year),
            pa.weight,
            &keys[a],
            &pa.path,
        )
            .cmp(&(
                &pb.section,
                std::cmp::Reverse(pb.year),
                pb.weight,
                &keys[b],
                &pb.path,
            ))
    });
    // Moved into that order where they are: a sorted copy of 100,000 profiles beside them
    // was some 150 MB more at the peak.
    permute(&mut profiles, &mut keys, order);

    let bodies = match aside {
        Some(aside) => {
            let spans = profiles
                .iter()
                .map(|p| p.story.unwrap_or_default())
                .collect();
            aside.finish(spans).unwrap_or_else(|e| {
                d.push(e);
                crate::bodies::Bodies::in_memory(Vec::new())
            })
        }
        None => crate::bodies::Bodies::in_memory(
            profiles
                .iter_mut()
                .map(|p| std::mem::take(&mut p.body))
                .collect(),
        ),
    };
    let planned: Vec<_> = profiles
        .par_iter()
        .map(|p| {
            let mut d = Diagnostics::new();
            let photo = p.photo.as_ref().and_then(|a| {
                photos
                    .plan(a, &p.source, p.photo_focus)
                    .map_err(|e| d.push(e))
                    .ok()
            });
            let gallery = p
                .gallery()
                .iter()
                .filter_map(|g| {
                    photos
                        .plan(&g.src, &p.source, Default::default())
                        .map_err(|e| d.push(e))
                        .ok()
                        .map(|set| (set, g.caption.clone()))
                })
                .collect();
            (photo, gallery, d)
        })
        .collect();
    let mut photo_sets = Vec::with_capacity(profiles.len());
    let mut galleries = Vec::with_capacity(profiles.len());
    for (photo, gallery, diags) in planned {
        d.extend(diags);
        photo_sets.push(photo);
        galleries.push(gallery);
    }

    let sections = config
        .sections
        .iter()
        .map(|s| {
            // A profile whose every honour is withdrawn keeps its page and leaves the lists.
            let members: Vec<usize> = (0..profiles.len())
                .filter(|&i| profiles[i].section == s.key && !profiles[i].withdrawn())
                .collect();
            let mut years: Vec<Year> = Vec::new();
            if s.kind == Kind::Person {
                for &i in &members {
                    let y = profiles[i].year.unwrap_or(0);
                    match years.last_mut() {
                        Some(last) if last.year == y => last.profiles.push(i),
                        _ => years.push(Year {
                            year: y,
                            profiles: vec![i],
                        }),
                    }
                }
            }
            let mut kind_counts = HashMap::new();
            for &i in &members {
                let k = profiles[i].unit_kind().unwrap_or_default().to_string();
                *kind_counts.entry(k).or_insert(0) += 1;
            }
            SectionIndex {
                section: s.clone(),
                profiles: members,
                years,
                kind_counts,
            }
        })
        .collect();

    let taxonomies: Vec<Taxonomy> = TAXONOMIES
        .par_iter()
        .map(|(key, path)| {
            let mut terms: Vec<Term> = Vec::new();
            let mut by_slug: HashMap<String, usize> = HashMap::new();
            // Names repeat across thousands of profiles: each spelling is slugified once.
            let mut by_name: HashMap<&str, Option<usize>> = HashMap::new();
            for (i, p) in profiles.iter().enumerate() {
                if p.withdrawn() {
                    continue;
                }
                for name in terms_of(p, key) {
                    let t = *by_name.entry(name).or_insert_with(|| {
                        let slug = slugify(name);
                        (!slug.is_empty()).then(|| {
                            *by_slug.entry(slug.clone()).or_insert_with(|| {
                                terms.push(Term {
                                    name: name.to_string(),
                                    slug,
                                    profiles: Vec::new(),
                                });
                                terms.len() - 1
                            })
                        })
                    });
                    let Some(t) = t else { continue };
                    if terms[t].profiles.last() != Some(&i) {
                        terms[t].profiles.push(i);
                    }
                }
            }
            terms.sort_by_cached_key(|t| {
                (std::cmp::Reverse(t.profiles.len()), collate::key(&t.name))
            });
            Taxonomy { key, path, terms }
        })
        .collect();

    let register = crate::register::build(&profiles, &keys, photos, d);
    let mut related = related_profiles(&profiles, &taxonomies);
    for list in &mut related {
        list.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }
    let mut pages = content.pages;
    pages.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
    // Every introduction and page becomes HTML here, once: a page kept from the last build
    // then costs no Markdown work. (The stories, many more, when their page is rendered.)
    let page_bodies = pages
        .iter_mut()
        .map(|p| markdown::to_html(&std::mem::take(&mut p.body)))
        .collect();
    let mut home = content.home;
    let home_html = home
        .as_mut()
        .map(|p| markdown::to_html(&std::mem::take(&mut p.body)))
        .unwrap_or_default();
    if config.origin().is_empty() && !profiles.is_empty() {
        notes.push(format!(
            "QR codes are left out: `base_url` ({}) is not a full address, so a code would lead nowhere from a phone; set `base_url: https://…` in site.yaml to have them",
            config.base_url
        ));
    }
    Site {
        config,
        profiles,
        bodies,
        photos: photo_sets,
        galleries,
        pages,
        page_bodies,
        home,
        home_html,
        notes,
        register,
        rounds,
        candidates,
        today,
        sections,
        taxonomies,
        related,
    }
}

/// Whether `new` can take the place of `old` in an arranged site without arranging it again:
/// nothing the arrangement or a check across files reads differs (where it is listed and in
/// what order, its terms, awards and decisions, its address, aliases and photos). A changed
/// summary, story, role or link passes; a changed name or award does not.
pub fn same_place(old: &Profile, new: &Profile) -> bool {
    fn awards(p: &Profile) -> Vec<AwardPlace<'_>> {
        p.awards
            .iter()
            .map(|a| {
                let file = a.decision_file.as_ref().map(|f| &f.rel);
                let revoked = a.revoked.as_ref().map(|r| &r.decision);
                (
                    &a.title,
                    a.year,
                    &a.decision,
                    &a.level,
                    &a.issuer,
                    file,
                    revoked,
                )
            })
            .collect()
    }
    fn aliases(p: &Profile) -> Vec<&str> {
        p.aliases.iter().map(|(a, _)| a.as_str()).collect()
    }
    fn photos(
        p: &Profile,
    ) -> (
        Option<&std::path::PathBuf>,
        crate::content::Focus,
        Vec<&std::path::PathBuf>,
    ) {
        let photo = p.photo.as_ref().map(|a| &a.rel);
        let gallery = p.gallery().iter().map(|g| &g.src.rel).collect();
        (photo, p.photo_focus, gallery)
    }
    old.section == new.section
        && old.source == new.source
        && old.path == new.path
        && old.name == new.name
        && old.sort_name == new.sort_name
        && old.year == new.year
        && old.weight == new.weight
        && old.draft == new.draft
        && old.fields == new.fields
        && old.district == new.district
        && old.unit_kind() == new.unit_kind()
        && old.kind() == new.kind()
        && awards(old) == awards(new)
        && old.proposed.is_empty()
        && new.proposed.is_empty()
        && aliases(old) == aliases(new)
        && photos(old) == photos(new)
}

/// What of an award the arrangement reads (not where it is written).
type AwardPlace<'a> = (
    &'a String,
    Option<i64>,
    &'a Option<String>,
    &'a Option<String>,
    &'a Option<String>,
    Option<&'a std::path::PathBuf>,
    Option<&'a String>,
);

impl Site {
    /// Every alias of a profile or page (a path relative to the site root) with the path
    /// of the page it redirects to.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, &str)> {
        (self.profiles.iter().map(|p| (&p.aliases, &p.path)))
            .chain(self.pages.iter().map(|p| (&p.aliases, &p.path)))
            .flat_map(|(aliases, target)| {
                aliases
                    .iter()
                    .map(move |(alias, _)| (alias.as_str(), target.as_str()))
            })
    }

    /// Puts `profile` (which passed [`same_place`] with the one there) at index `i`, with its
    /// story.
    pub fn replace(&mut self, i: usize, mut profile: Profile) {
        let body = std::mem::take(&mut profile.body);
        // The photos are the same files; only the captions may have changed.
        for (item, (_, caption)) in profile.gallery().iter().zip(self.galleries[i].iter_mut()) {
            caption.clone_from(&item.caption);
        }
        self.profiles[i] = profile;
        self.bodies.replace(i, body);
    }
}

/// The values a profile has in a taxonomy.
pub fn terms_of<'p>(p: &'p Profile, key: &str) -> Vec<&'p str> {
    match key {
        "field" => p.fields.iter().map(String::as_str).collect(),
        "district" => p.district.as_deref().into_iter().collect(),
        "award" => p.standing().map(|a| a.title.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// Puts `a[order[k]]` (and `b[order[k]]`) at `k`, for every `k`, in place: each cycle of
/// the permutation is followed once, swapping along it.
fn permute<A, B>(a: &mut [A], b: &mut [B], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            a.swap(at, from);
            b.swap(at, from);
            at = from;
        }
    }
}

/// The key a profile is alphabetised by, in the Vietnamese collation: a person by given
/// name first (or `sort_name`), a collective by its whole name.
pub fn name_key(p: &Profile) -> Vec<u8> {
    p.sort_key()
}

/// Up to four profiles sharing a field or district, taken next to the profile in each
/// term's list, so the work stays proportional to the number of profiles.
fn related_profiles(profiles: &[Profile], taxonomies: &[Taxonomy]) -> Vec<Vec<usize>> {
    let mut related: Vec<Vec<usize>> = vec![Vec::new(); profiles.len()];
    for tax in taxonomies.iter().filter(|t| t.key != "award") {
        for term in &tax.terms {
            let n = term.profiles.len();
            for (pos, &i) in term.profiles.iter().enumerate() {
                for step in 1..n.min(5) {
                    let other = term.profiles[(pos + step) % n];
                    let list = &mut related[i];
                    if list.len() < 4 && !list.contains(&other) {
                        list.push(other);
                    }
                }
            }
        }
    }
    related
}

#[cfg(test)]
mod tests {
    #[test]
    fn permute_moves_every_item_to_its_place_in_place() {
        for order in [
            vec![],
            vec![0],
            vec![1, 0],
            vec![2, 0, 1, 3],
            vec![4, 3, 0, 1, 2, 6, 5],
        ] {
            let mut a: Vec<String> = (0..order.len()).map(|i| format!("p{i}")).collect();
            let mut b: Vec<usize> = (0..order.len()).collect();
            let want: Vec<String> = order.iter().map(|i| format!("p{i}")).collect();
            super::permute(&mut a, &mut b, order.clone());
            assert_eq!(a, want);
            assert_eq!(b, order);
        }
    }
}
