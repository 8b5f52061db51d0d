//! Consultation rounds matched with their candidates: a profile whose award is
//! `status: proposed` is a candidate of the round for that honour and year, and of nothing
//! else. Candidates leave the site's profiles here, before anything lists them, so no page,
//! count, feed or index can honour someone who is only proposed.

use std::collections::HashMap;

use crate::content::decision::Date;
use crate::content::{Profile, Round};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::slug::slugify;

/// How long after a round closes its candidates may wait for a decision before a build
/// says so (a note, not an error: councils take time).
const DECISION_DUE_DAYS: i64 = 60;

/// One candidate as a round's notice lists them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Candidate {
    /// Full name.
    pub name: String,
    /// A person's year of birth.
    pub birth_year: Option<i64>,
    /// "commune, district".
    pub place: Option<String>,
    /// A person's role or a collective's kind.
    pub role: Option<String>,
    /// A person's workplace.
    pub organization: Option<String>,
    /// One or two sentences.
    pub summary: Option<String>,
    /// The honour proposed.
    pub award: String,
    /// `person` or `collective`.
    pub kind: crate::config::Kind,
}

/// A round with its candidates, in Vietnamese order.
#[derive(Debug, Clone)]
pub struct RoundIndex {
    /// The round (its announcement's Markdown emptied; see `html`).
    pub round: Round,
    /// The announcement as sanitised HTML.
    pub html: String,
    /// Its candidates.
    pub candidates: Vec<Candidate>,
}

impl RoundIndex {
    /// Whether comments are taken on `today`.
    pub fn open_on(&self, today: Date) -> bool {
        self.round.opens <= today && today <= self.round.closes
    }
}

/// How a title is compared: without case, marks or punctuation.
fn title_key(title: &str) -> String {
    slugify(title)
}

/// What [`arrange`] made: the rounds with their candidates, and the candidates themselves
/// (taken out of the site's profiles).
pub struct Consultation {
    /// The rounds, in the order of their files.
    pub rounds: Vec<RoundIndex>,
    /// The profiles only proposed for honours, for the editor's list.
    pub candidates: Vec<Profile>,
}

/// Matches `rounds` with the proposed awards of `profiles`, takes the candidates (the
/// profiles with no decided award) out of `profiles`, and reports a round no one is proposed
/// for and a proposed award no round announces. `today`: the build's date.
pub fn arrange(
    rounds: Vec<Round>,
    profiles: &mut Vec<Profile>,
    today: Date,
    d: &mut Diagnostics,
    notes: &mut Vec<String>,
) -> Consultation {
    let mut by_key: HashMap<(String, i64), usize> = HashMap::new();
    for (n, r) in rounds.iter().enumerate() {
        let key = (title_key(&r.award.0), r.year);
        if let Some(&first) = by_key.get(&key) {
            d.push(
                Diagnostic::new(&r.source, r.award.1, format!(
                    "{} {} is already consulted on in {}",
                    r.award.0, r.year, rounds[first].source.display()
                ))
                .hint("one round per honour and year: merge the two files, or correct the `award` or `year` of one"),
            );
            continue;
        }
        by_key.insert(key, n);
    }
    let mut candidates: Vec<Vec<(Vec<u8>, Candidate)>> = vec![Vec::new(); rounds.len()];
    for p in profiles.iter() {
        for a in &p.proposed {
            let year = a.year.or(p.year);
            let round = year.and_then(|y| by_key.get(&(title_key(&a.title), y)));
            let Some(&n) = round else {
                let year_text = year.map_or_else(|| "no year".to_string(), |y| y.to_string());
                d.push(
                    Diagnostic::new(&p.source, a.pos, format!(
                        "{} is proposed for {} ({year_text}), but no consultation round announces it",
                        p.name, a.title
                    ))
                    .hint(format!(
                        "add a round in content/lay-y-kien/ with `award: {}` and `year: {}`, or correct this award's title or year",
                        a.title,
                        year.map_or_else(|| "…".to_string(), |y| y.to_string())
                    )),
                );
                continue;
            };
            let person = p.person();
            candidates[n].push((
                p.sort_key(),
                Candidate {
                    name: p.name.clone(),
                    birth_year: person.and_then(|x| x.birth_year),
                    place: p.place(),
                    role: p.role().map(str::to_string),
                    organization: person.and_then(|x| x.organization.clone()),
                    summary: p.summary.clone(),
                    award: a.title.clone(),
                    kind: p.kind(),
                },
            ));
        }
    }
    let (kept, only_proposed): (Vec<Profile>, Vec<Profile>) = std::mem::take(profiles)
        .into_iter()
        .partition(|p| !p.candidate());
    *profiles = kept;
    let rounds = rounds
        .into_iter()
        .zip(candidates)
        .map(|(mut round, mut list)| {
            if list.is_empty() {
                d.push(
                    Diagnostic::new(&round.source, round.award.1, format!(
                        "no candidate is proposed for {} {}",
                        round.award.0, round.year
                    ))
                    .hint(format!(
                        "give each candidate's award `status: proposed` with `title: {}` and `year: {}`, or check the spelling of `award`",
                        round.award.0, round.year
                    )),
                );
            }
            let waited = round.closes.days_until(today);
            if !list.is_empty() && waited > DECISION_DUE_DAYS {
                notes.push(format!(
                    "{}: the round closed on {}, {waited} days ago, and its {} candidate(s) still have no decision: enter each decision (and delete `status: proposed`) once it is signed",
                    round.source.display(),
                    round.closes.dmy(),
                    list.len()
                ));
            }
            list.sort_by(|(a, _), (b, _)| a.cmp(b));
            let html = crate::markdown::to_html(&std::mem::take(&mut round.body));
            RoundIndex {
                round,
                html,
                candidates: list.into_iter().map(|(_, c)| c).collect(),
            }
        })
        .collect();
    Consultation {
        rounds,
        candidates: only_proposed,
    }
}

/// The rounds in the order `/lay-y-kien/` lists them: open ones first (closing soonest
/// first), then the others, newest first.
pub fn order(rounds: &mut [RoundIndex], today: Date) {
    rounds.sort_by(|a, b| {
        let (oa, ob) = (a.open_on(today), b.open_on(today));
        ob.cmp(&oa).then_with(|| {
            if oa {
                a.round.closes.cmp(&b.round.closes)
            } else {
                b.round.closes.cmp(&a.round.closes)
            }
        })
    });
}
