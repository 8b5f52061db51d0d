//! The pages of a build: one [`Job`] per HTML page, and where each goes.

use crate::config::Kind;
use crate::paths;
use crate::site::Site;

/// One HTML page to render. Indexes point into the site model; `page` is the page number
/// of a list (0 for the first).
#[derive(Debug, Clone, Copy)]
pub(super) enum Job {
    Home,
    Section {
        section: usize,
        page: usize,
    },
    Year {
        section: usize,
        year: usize,
        page: usize,
    },
    Profile {
        profile: usize,
    },
    /// The one page of every profile's card for other sites.
    Embed,
    /// Certificates for printing: part `part` of a list's, the list being year `year` of
    /// a person section or, without a year, a collective section.
    Certificates {
        section: usize,
        year: Option<usize>,
        part: usize,
    },
    /// The board of a year of a person section, for printing.
    Board {
        section: usize,
        year: usize,
    },
    /// The kiosk's attract loop.
    Kiosk,
    /// The register of decisions: each year with its first decisions.
    Register,
    /// One year of the register, a page of `paginate` decisions.
    RegisterYear {
        year: usize,
        page: usize,
    },
    /// The references written without a number, a page of `paginate`.
    Unnumbered {
        page: usize,
    },
    /// One decision's page: at most `register::TIMELINE_ROWS` honours a page, as the
    /// timeline's (a province's list of collectives can have thousands).
    Decision {
        decision: usize,
        page: usize,
    },
    /// The honours year by year: the index of the years.
    Timeline,
    /// One year of the timeline, a page of `paginate` decisions and honours.
    TimelineYear {
        year: usize,
        page: usize,
    },
    /// The consultation rounds.
    Rounds,
    /// One round's notice with its candidates.
    Round {
        round: usize,
    },
    /// The open data's page.
    Data,
    Taxonomy {
        taxonomy: usize,
    },
    Term {
        taxonomy: usize,
        term: usize,
        page: usize,
    },
    Page {
        page: usize,
    },
    Search,
    Statistics,
    NotFound,
}

/// How many pages a list of `len` cards takes.
pub(super) fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
}

/// The cards of page `n`.
pub(super) fn page_slice<T>(list: &[T], n: usize, per: usize) -> &[T] {
    let start = (n * per).min(list.len());
    &list[start..(start + per).min(list.len())]
}

/// Every page of the site. `stats` and `embeds`: the theme has those optional templates.
pub(super) fn plan(site: &Site, stats: bool, embeds: bool) -> Vec<Job> {
    let per = site.config.paginate;
    let mut jobs = vec![Job::Home, Job::Search, Job::NotFound];
    if stats {
        jobs.push(Job::Statistics);
    }
    for (section, sec) in site.sections.iter().enumerate() {
        // A person section's page shows each year's first cards; the years are paginated.
        let pages = match sec.section.kind {
            Kind::Person => 1,
            Kind::Collective => page_count(sec.profiles.len(), per),
        };
        jobs.extend((0..pages).map(|page| Job::Section { section, page }));
        for (year, y) in sec.years.iter().enumerate() {
            if sec.section.kind == Kind::Person {
                jobs.push(Job::Board { section, year });
            }
            jobs.extend(
                (0..page_count(y.profiles.len(), per)).map(|page| Job::Year {
                    section,
                    year,
                    page,
                }),
            );
        }
    }
    jobs.extend((0..site.profiles.len()).map(|profile| Job::Profile { profile }));
    if embeds {
        jobs.push(Job::Embed);
    }
    for (section, year) in lists(site) {
        let len = certificate_list(site, section, year).len();
        let parts = len.div_ceil(paths::CERTIFICATES_PER_FILE);
        jobs.extend((0..parts).map(|part| Job::Certificates {
            section,
            year,
            part,
        }));
    }
    let reg = &site.register;
    if !site.profiles.is_empty() {
        jobs.extend([Job::Kiosk, Job::Timeline]);
        for (year, y) in reg.timeline.iter().enumerate() {
            jobs.extend((0..y.pages.len()).map(|page| Job::TimelineYear { year, page }));
        }
    }
    let decisions = &reg.decisions;
    if !decisions.is_empty() || !reg.unparsed.is_empty() {
        jobs.push(Job::Register);
    }
    // The register a page per year and `paginate` decisions: a phone opens each page.
    for (year, y) in reg.years.iter().enumerate() {
        let pages = page_count(y.range.len(), per);
        jobs.extend((0..pages).map(|page| Job::RegisterYear { year, page }));
    }
    if !reg.unparsed.is_empty() {
        let pages = page_count(reg.unparsed.len(), per);
        jobs.extend((0..pages).map(|page| Job::Unnumbered { page }));
    }
    for (decision, dec) in decisions.iter().enumerate() {
        let pages = page_count(dec.honours.len(), crate::register::TIMELINE_ROWS);
        jobs.extend((0..pages).map(|page| Job::Decision { decision, page }));
    }
    for (taxonomy, tax) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy { taxonomy });
        for (term, t) in tax.terms.iter().enumerate() {
            jobs.extend(
                (0..page_count(t.profiles.len(), per)).map(|page| Job::Term {
                    taxonomy,
                    term,
                    page,
                }),
            );
        }
    }
    jobs.extend((0..site.pages.len()).map(|page| Job::Page { page }));
    if !site.rounds.is_empty() {
        jobs.push(Job::Rounds);
        jobs.extend((0..site.rounds.len()).map(|round| Job::Round { round }));
    }
    jobs.push(Job::Data);
    jobs
}

impl Job {
    /// The site path of the page, cheaply, before its context is built.
    pub(super) fn path(self, site: &Site) -> String {
        match self {
            Job::Home | Job::NotFound => String::new(),
            Job::Search => paths::SEARCH.to_string(),
            Job::Statistics => paths::STATS.to_string(),
            Job::Section { section, page } => {
                paths::paged(&paths::section(&site.sections[section].section.path), page)
            }
            Job::Year {
                section,
                year,
                page,
            } => paths::paged(&year_path(site, section, year), page),
            Job::Profile { profile } => site.profiles[profile].path.clone(),
            Job::Embed => paths::EMBED.to_string(),
            Job::Certificates {
                section,
                year,
                part,
            } => paths::certificates(&list_path(site, section, year), part),
            Job::Board { section, year } => paths::print(&year_path(site, section, year)),
            Job::Kiosk => paths::KIOSK.to_string(),
            Job::Register => paths::DECISIONS.to_string(),
            Job::RegisterYear { year, page } => {
                paths::paged(&paths::register_year(site.register.years[year].year), page)
            }
            Job::Unnumbered { page } => paths::paged(&paths::register_unnumbered(), page),
            Job::TimelineYear { year, page } => paths::paged(
                &paths::timeline_year(site.register.timeline[year].year),
                page,
            ),
            Job::Decision { decision, page } => {
                paths::paged(&site.register.decisions[decision].path(), page)
            }
            Job::Timeline => paths::TIMELINE.to_string(),
            Job::Rounds => paths::CONSULTATIONS.to_string(),
            Job::Round { round } => site.rounds[round].round.path.clone(),
            Job::Data => paths::DATA.to_string(),
            Job::Taxonomy { taxonomy } => paths::taxonomy(site.taxonomies[taxonomy].path),
            Job::Term {
                taxonomy,
                term,
                page,
            } => {
                let tax = &site.taxonomies[taxonomy];
                paths::paged(&tax.term_path(&tax.terms[term]), page)
            }
            Job::Page { page } => site.pages[page].path.clone(),
        }
    }

    /// The file the page at `path` is written to.
    pub(super) fn file(self, path: &str) -> String {
        match self {
            Job::NotFound => paths::NOT_FOUND.to_string(),
            _ => paths::file_of(path),
        }
    }

    /// Whether the page belongs in the sitemap: not the cards for other sites, nor the
    /// pages for paper and for the lobby's screen.
    pub(super) fn listed(self, site: &Site) -> bool {
        match self {
            Job::NotFound
            | Job::Embed
            | Job::Certificates { .. }
            | Job::Board { .. }
            | Job::Kiosk => false,
            // Kept for the links to it, not offered to search engines.
            Job::Profile { profile } => !site.profiles[profile].withdrawn(),
            _ => true,
        }
    }
}

/// The page of year `y` of section `s`.
pub(super) fn year_path(site: &Site, s: usize, y: usize) -> String {
    let sec = &site.sections[s];
    paths::year(&sec.section.path, sec.years[y].year)
}

/// The profiles whose certificates the file of a list holds, in the list's order: year
/// `year` of section `s`, or the whole section when it has no years (collectives).
pub(super) fn certificate_list(site: &Site, s: usize, year: Option<usize>) -> &[usize] {
    let sec = &site.sections[s];
    match year {
        Some(y) => &sec.years[y].profiles,
        None => &sec.profiles,
    }
}

/// The page of the list of [`certificate_list`].
pub(super) fn list_path(site: &Site, s: usize, year: Option<usize>) -> String {
    match year {
        Some(y) => year_path(site, s, y),
        None => paths::section(&site.sections[s].section.path),
    }
}

/// Where a certificate is: its list (section, year of a person section) and the part of the
/// list's file.
pub(super) type CertificateAt = (usize, Option<usize>, usize);

/// Where each profile's certificate is; none for a profile with no standing honour, which
/// is in no list.
pub(super) fn certificates(site: &Site) -> Vec<Option<CertificateAt>> {
    let mut found = vec![None; site.profiles.len()];
    for (s, year) in lists(site) {
        for (n, &i) in certificate_list(site, s, year).iter().enumerate() {
            found[i] = Some((s, year, n / paths::CERTIFICATES_PER_FILE));
        }
    }
    found
}

/// The lists whose certificates are printed together: each year of a person section, each
/// collective section.
fn lists(site: &Site) -> impl Iterator<Item = (usize, Option<usize>)> + '_ {
    site.sections.iter().enumerate().flat_map(|(s, sec)| {
        let years: Vec<Option<usize>> = match sec.section.kind {
            Kind::Person => (0..sec.years.len()).map(Some).collect(),
            Kind::Collective => vec![None],
        };
        years.into_iter().map(move |y| (s, y))
    })
}
