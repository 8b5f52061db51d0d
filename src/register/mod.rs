//! The register of decisions: every decision the awards refer to, with the profiles it
//! honours, so a reader can verify an honour from the site. A typo here is what
//! transparency must not publish, so what cannot be true is an error: one decision with two
//! dates or issuers, an award given years before its decision, a decision dated in the
//! future, two different files for one decision.
//!
//! A decision is its number and year: offices number decisions from 1 each year, so
//! `1234/QĐ-UBND` of 2022 and of 2023 are two decisions.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::content::decision::{self, Date, Reference};
use crate::content::{Asset, Profile};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::images::{PhotoSet, Photos};
use crate::paths;
use crate::slug::slugify;

mod timeline;
pub use timeline::{Part, TimelineYear, TIMELINE_ROWS};

/// One award of one profile: indexes into the site's profiles and the profile's awards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Honour {
    /// The profile.
    pub profile: usize,
    /// Its award.
    pub award: usize,
}

/// The decision itself, as published.
#[derive(Debug, Clone)]
pub enum Attached {
    /// A PDF, checked and without its document metadata, published at `path`.
    Pdf {
        /// Its site path.
        path: String,
        /// The bytes to publish.
        bytes: Vec<u8>,
    },
    /// A scan, through the photo pipeline (upright, no metadata, a readable size).
    Scan(PhotoSet),
}

/// One decision of the register.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Its URL segment below `/quyet-dinh/`.
    pub slug: String,
    /// The number as first written (`1234/QĐ-UBND`).
    pub number: String,
    /// When it was signed, when a reference says.
    pub date: Option<Date>,
    /// Its year: of the date, else of the awards.
    pub year: Option<i64>,
    /// Who issued it.
    pub issuer: Option<String>,
    /// What it honours, in the Vietnamese order of the profiles' names.
    pub honours: Vec<Honour>,
    /// The honours it withdraws (a revoking decision), in the same order.
    pub withdraws: Vec<Honour>,
    /// The decision itself, when a profile attaches it.
    pub file: Option<Attached>,
}

impl Decision {
    /// The decision's page.
    pub fn path(&self) -> String {
        format!("{}{}/", paths::DECISIONS, self.slug)
    }
}

/// A reference without a number, listed as written.
#[derive(Debug, Clone)]
pub struct Unparsed {
    /// The text.
    pub text: String,
    /// The awards that give it.
    pub honours: Vec<Honour>,
}

/// The decisions of one year, a run of [`Register::decisions`].
#[derive(Debug, Clone)]
pub struct Year {
    /// The year (none: no reference gives it).
    pub year: Option<i64>,
    /// Where its decisions are in `decisions`.
    pub range: std::ops::Range<usize>,
}

/// Every decision of the site.
#[derive(Debug, Clone, Default)]
pub struct Register {
    /// Newest first.
    pub decisions: Vec<Decision>,
    /// The years of `decisions`, newest first (the undated last): each has its pages.
    pub years: Vec<Year>,
    /// The timeline's years, newest first.
    pub timeline: Vec<TimelineYear>,
    /// References that could not be read, by first appearance.
    pub unparsed: Vec<Unparsed>,
    /// The decision of each award that has one.
    pub of_award: HashMap<Honour, usize>,
    /// The decision withdrawing each revoked award.
    pub revoked_by: HashMap<Honour, usize>,
}

/// Where a decision was first seen with each of its facts, for messages naming both places.
#[derive(Default)]
struct Seen {
    date: Option<(Date, PathBuf, Pos)>,
    issuer: Option<(String, PathBuf, Pos)>,
    file: Option<(u64, PathBuf, Pos, Asset)>,
}

/// Each honour of `list` (what a decision gives, or withdraws) with its decision's index.
fn by_decision(
    decisions: &[Decision],
    list: impl Fn(&Decision) -> &Vec<Honour>,
) -> HashMap<Honour, usize> {
    (decisions.iter().enumerate())
        .flat_map(|(n, dec)| list(dec).iter().map(move |&h| (h, n)))
        .collect()
}

fn place(p: &std::path::Path, pos: Pos) -> String {
    format!("{}:{}:{}", p.display(), pos.line, pos.col)
}

/// Builds the register from the awards of `profiles` (`keys`: their sort keys), checking
/// what spans them; problems go to `d`.
pub fn build(
    profiles: &[Profile],
    keys: &[Vec<u8>],
    photos: &Photos,
    d: &mut Diagnostics,
) -> Register {
    let today = Date::today();
    let mut reg = Register::default();
    let mut index: HashMap<(String, Option<i64>), usize> = HashMap::new();
    let mut seen: Vec<Seen> = Vec::new();
    let mut unparsed: HashMap<String, usize> = HashMap::new();
    // One decision honours many: each text is read once, in parallel (read one by one for
    // every award, they were a third of the register's time when `serve` arranged again).
    let texts: std::collections::HashSet<&str> = profiles
        .iter()
        .flat_map(|p| &p.awards)
        .flat_map(|a| {
            let revoking = a.revoked.as_ref().map(|r| r.decision.as_str());
            a.decision.as_deref().into_iter().chain(revoking)
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    let read: HashMap<&str, Option<(Reference, String)>> = texts
        .into_par_iter()
        .map(|text| {
            let parsed = decision::parse(text).map(|r| {
                let key = r.key();
                (r, key)
            });
            (text, parsed)
        })
        .collect();
    for (i, p) in profiles.iter().enumerate() {
        for (k, a) in p.awards.iter().enumerate() {
            let honour = Honour {
                profile: i,
                award: k,
            };
            // The revoking decision is a decision of the register too (its number was checked
            // when the profile was read).
            if let Some(rev) = &a.revoked {
                if let Some((r, key)) = read.get(rev.decision.trim()).and_then(Option::as_ref) {
                    let year = r.date.map(|dt| dt.year);
                    let n = slot(&mut index, &mut reg, &mut seen, r, key, year);
                    dated(
                        &mut reg.decisions[n],
                        &mut seen[n],
                        r,
                        &p.source,
                        rev.pos,
                        today,
                        d,
                    );
                    reg.decisions[n].withdraws.push(honour);
                }
            }
            let Some(text) = a
                .decision
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
            else {
                continue;
            };
            let Some((r, key)) = read.get(text).and_then(Option::as_ref) else {
                if let Some(asset) = &a.decision_file {
                    // Without a number there is no decision page to publish it on.
                    d.push(
                        Diagnostic::new(&p.source, asset.pos, format!(
                            "decision file `{}`: the award's `decision` has no decision number, so the file has no page to be published on",
                            asset.rel.display()
                        ))
                        .hint("write the decision as its office does, e.g. `decision: Quyết định số 1234/QĐ-UBND ngày 15/8/2023`"),
                    );
                }
                let n = *unparsed.entry(text.to_string()).or_insert_with(|| {
                    reg.unparsed.push(Unparsed {
                        text: text.to_string(),
                        honours: Vec::new(),
                    });
                    reg.unparsed.len() - 1
                });
                reg.unparsed[n].honours.push(honour);
                continue;
            };
            let year = r.date.map(|dt| dt.year).or(a.year);
            let n = slot(&mut index, &mut reg, &mut seen, r, key, year);
            check(&mut reg.decisions[n], &mut seen[n], r, p, a, today, d);
            reg.decisions[n].honours.push(honour);
        }
    }
    attach(&mut reg, &seen, photos, d);
    for dec in &mut reg.decisions {
        dec.honours
            .sort_by(|x, y| keys[x.profile].cmp(&keys[y.profile]));
        dec.withdraws
            .sort_by(|x, y| keys[x.profile].cmp(&keys[y.profile]));
    }
    // Newest first; the map of awards is derived once the order is final.
    reg.decisions.sort_by(|a, b| {
        (b.year, b.date)
            .cmp(&(a.year, a.date))
            .then_with(|| a.number.cmp(&b.number))
    });
    reg.of_award = by_decision(&reg.decisions, |dec| &dec.honours);
    reg.revoked_by = by_decision(&reg.decisions, |dec| &dec.withdraws);
    for u in &mut reg.unparsed {
        u.honours
            .sort_by(|x, y| keys[x.profile].cmp(&keys[y.profile]));
    }
    reg.years = years_of(&reg.decisions);
    reg.timeline = timeline::timeline(&reg, profiles);
    reg
}

/// The runs of one year in `decisions` (sorted newest first, the undated last).
fn years_of(decisions: &[Decision]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for (n, dec) in decisions.iter().enumerate() {
        match years.last_mut() {
            Some(y) if y.year == dec.year => y.range.end = n + 1,
            _ => years.push(Year {
                year: dec.year,
                range: n..n + 1,
            }),
        }
    }
    years
}

/// The index of decision `key` of `year` in the register, added when first met.
fn slot(
    index: &mut HashMap<(String, Option<i64>), usize>,
    reg: &mut Register,
    seen: &mut Vec<Seen>,
    r: &Reference,
    key: &str,
    year: Option<i64>,
) -> usize {
    *index.entry((key.to_string(), year)).or_insert_with(|| {
        reg.decisions.push(new_decision(r, year));
        seen.push(Seen::default());
        reg.decisions.len() - 1
    })
}

fn new_decision(r: &Reference, year: Option<i64>) -> Decision {
    let mut slug = slugify(&r.number);
    if let Some(y) = year {
        slug.push_str(&format!("-{y}"));
    }
    Decision {
        slug,
        number: r.number.clone(),
        date: r.date,
        year,
        issuer: r.issuer.clone(),
        honours: Vec::new(),
        withdraws: Vec::new(),
        file: None,
    }
}

/// The date of a reference against what earlier ones said of the same decision, and against
/// today.
fn dated(
    dec: &mut Decision,
    seen: &mut Seen,
    r: &Reference,
    source: &std::path::Path,
    pos: Pos,
    today: Date,
    d: &mut Diagnostics,
) {
    if let Some(date) = r.date {
        match &seen.date {
            Some((first, path, first_pos)) if *first != date => d.push(
                Diagnostic::new(source, pos, format!(
                    "decision {} is dated {} here but {} in {}",
                    r.number, date.dmy(), first.dmy(), place(path, *first_pos)
                ))
                .hint("one decision has one date: correct the one that is wrong, in both places if need be"),
            ),
            Some(_) => {}
            None => {
                seen.date = Some((date, source.to_path_buf(), pos));
                dec.date = Some(date);
            }
        }
        if date > today {
            d.push(
                Diagnostic::new(
                    source,
                    pos,
                    format!(
                        "decision {} is dated {}, which is in the future",
                        r.number,
                        date.dmy()
                    ),
                )
                .hint("check the day, month and year of the decision (written day/month/year)"),
            );
        }
    }
}

/// The checks of one reference against what earlier ones said of the same decision.
fn check(
    dec: &mut Decision,
    seen: &mut Seen,
    r: &Reference,
    p: &Profile,
    a: &crate::content::Award,
    today: Date,
    d: &mut Diagnostics,
) {
    dated(dec, seen, r, &p.source, a.pos, today, d);
    if let Some(date) = r.date {
        if let Some(y) = a.year.filter(|&y| y < date.year - 1) {
            d.push(
                Diagnostic::new(&p.source, a.pos, format!(
                    "the award is of {y}, but its decision {} is dated {}",
                    r.number, date.dmy()
                ))
                .hint("an award is given in the year of its decision or the year after; correct the award's `year` or the decision's date"),
            );
        }
    }
    let issuer = a.issuer.clone().or_else(|| r.issuer.clone());
    if let Some(issuer) = issuer {
        match &seen.issuer {
            Some((first, path, pos)) if first != &issuer => d.push(
                Diagnostic::new(
                    &p.source,
                    a.pos,
                    format!(
                        "decision {} is issued by {issuer} here but by {first} in {}",
                        r.number,
                        place(path, *pos)
                    ),
                )
                .hint("one decision has one issuer: correct the `issuer` that is wrong"),
            ),
            Some(_) => {}
            None => {
                seen.issuer = Some((issuer.clone(), p.source.clone(), a.pos));
                dec.issuer = Some(issuer);
            }
        }
    }
    if let Some(asset) = &a.decision_file {
        let hash = std::fs::read(&asset.abs)
            .map(|b| xxhash_rust::xxh3::xxh3_64(&b))
            .unwrap_or(0);
        match &seen.file {
            Some((first, path, pos, file)) if *first != hash => d.push(
                Diagnostic::new(&p.source, asset.pos, format!(
                    "decision {} has two different files: `{}` here and `{}` in {}",
                    r.number, asset.rel.display(), file.rel.display(), place(path, *pos)
                ))
                .hint("attach the same file to every profile the decision honours (or attach it once)"),
            ),
            Some(_) => {}
            None => seen.file = Some((hash, p.source.clone(), asset.pos, asset.clone())),
        }
    }
}

/// Checks and prepares each decision's file: PDFs in parallel, scans through the photos.
fn attach(reg: &mut Register, seen: &[Seen], photos: &Photos, d: &mut Diagnostics) {
    let results: Vec<(usize, Result<Attached, Diagnostic>)> = seen
        .par_iter()
        .enumerate()
        .filter_map(|(n, s)| s.file.as_ref().map(|f| (n, f)))
        .map(|(n, (_, owner, _, asset))| {
            let is_pdf = asset
                .rel
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            let result = if is_pdf {
                pdf_file(asset, owner).map(|bytes| Attached::Pdf {
                    path: format!("{}{}.pdf", reg.decisions[n].path(), reg.decisions[n].slug),
                    bytes,
                })
            } else {
                photos
                    .plan(asset, owner, Default::default())
                    .map(Attached::Scan)
            };
            (n, result)
        })
        .collect();
    for (n, r) in results {
        match r {
            Ok(file) => reg.decisions[n].file = Some(file),
            Err(e) => d.push(e),
        }
    }
}

fn pdf_file(asset: &Asset, owner: &std::path::Path) -> Result<Vec<u8>, Diagnostic> {
    let fail = |what: String, hint: String| {
        Diagnostic::new(
            owner,
            asset.pos,
            format!("decision file `{}`: {what}", asset.rel.display()),
        )
        .hint(hint)
    };
    let size = std::fs::metadata(&asset.abs)
        .map_err(|e| {
            fail(
                format!("cannot read it: {e}"),
                "check that the file is there, next to the profile".into(),
            )
        })?
        .len();
    if size > crate::pdf::MAX_BYTES {
        // Refused before it is read into memory.
        return Err(fail(
            format!("the PDF is {:.1} MB, more than the 20 MB a decision may be", size as f64 / 1_048_576.0),
            "scan the decision again at 150–200 dpi in black and white, or attach a JPEG of each page".into(),
        ));
    }
    let bytes = std::fs::read(&asset.abs).map_err(|e| {
        fail(
            format!("cannot read it: {e}"),
            "check the file's permissions".into(),
        )
    })?;
    crate::pdf::clean(&bytes).map_err(|r| fail(r.what, r.hint))
}
