//! The timeline of honours: year by year, each year's decisions and then the honours
//! without a dated decision, cut into pages a phone can open.

use super::{Honour, Register};
use crate::content::Profile;

/// One year of the timeline of honours.
#[derive(Debug, Clone)]
pub struct TimelineYear {
    /// The year.
    pub year: i64,
    /// Its decisions that honour someone, by index into `decisions`.
    pub decisions: Vec<usize>,
    /// The honours of that year whose decision has no year, or that cite none.
    pub others: Vec<Honour>,
    /// Its pages: each at most [`TIMELINE_ROWS`] honours, a large decision's honours going on
    /// over the pages that follow.
    pub pages: Vec<Vec<Part>>,
}

/// How many honours a page of the timeline lists at most: about 120 KB of HTML, so a year of
/// any size reads on a phone (a year's decision for 300 collectives is one page).
pub const TIMELINE_ROWS: usize = 500;

/// A run of honours on one page of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Honours `range` of decision `decision` (all of them, or a run that goes on).
    Decision {
        /// The decision, an index into `decisions`.
        decision: usize,
        /// Which of its honours.
        range: std::ops::Range<usize>,
    },
    /// Honours `range` of the year's `others`.
    Others(std::ops::Range<usize>),
}

/// Cuts a year's decisions (by their honour counts) and `others` honours into pages of at
/// most `rows` honours; a year with nothing has one empty page.
fn pages(decisions: &[(usize, usize)], others: usize, rows: usize) -> Vec<Vec<Part>> {
    let mut pages = vec![Vec::new()];
    let mut used = 0;
    let mut take = |count: usize, make: &dyn Fn(std::ops::Range<usize>) -> Part| {
        let mut start = 0;
        while start < count {
            if used == rows {
                pages.push(Vec::new());
                used = 0;
            }
            let end = count.min(start + rows - used);
            pages
                .last_mut()
                .expect("one page at least")
                .push(make(start..end));
            used += end - start;
            start = end;
        }
    };
    for &(decision, count) in decisions {
        take(count, &|range| Part::Decision { decision, range });
    }
    take(others, &|range| Part::Others(range));
    pages
}

/// The honours year by year: each year's decisions that honour someone (a decision that only
/// withdraws honours is in the register, not among the honours), then the standing awards of
/// that year without a dated decision.
pub(super) fn timeline(reg: &Register, profiles: &[Profile]) -> Vec<TimelineYear> {
    let mut years: std::collections::BTreeMap<i64, TimelineYear> = Default::default();
    let year = |y: i64| TimelineYear {
        year: y,
        decisions: Vec::new(),
        others: Vec::new(),
        pages: Vec::new(),
    };
    for (n, dec) in reg.decisions.iter().enumerate() {
        if let (Some(y), false) = (dec.year, dec.honours.is_empty()) {
            years.entry(y).or_insert_with(|| year(y)).decisions.push(n);
        }
    }
    for (i, p) in profiles.iter().enumerate() {
        for (k, a) in p.awards.iter().enumerate() {
            let h = Honour {
                profile: i,
                award: k,
            };
            let dated = reg
                .of_award
                .get(&h)
                .is_some_and(|&n| reg.decisions[n].year.is_some());
            if a.revoked.is_some() || dated {
                continue;
            }
            if let Some(y) = a.year.or(p.year) {
                years.entry(y).or_insert_with(|| year(y)).others.push(h);
            }
        }
    }
    let mut years: Vec<TimelineYear> = years.into_values().rev().collect();
    for y in &mut years {
        let counts: Vec<(usize, usize)> = y
            .decisions
            .iter()
            .map(|&n| (n, reg.decisions[n].honours.len()))
            .collect();
        y.pages = pages(&counts, y.others.len(), TIMELINE_ROWS);
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_decision_goes_on_over_pages_of_at_most_so_many_honours() {
        let p = pages(&[(0, 3), (1, 7), (2, 2)], 4, 5);
        assert_eq!(
            p,
            vec![
                vec![
                    Part::Decision {
                        decision: 0,
                        range: 0..3
                    },
                    Part::Decision {
                        decision: 1,
                        range: 0..2
                    }
                ],
                vec![Part::Decision {
                    decision: 1,
                    range: 2..7
                }],
                vec![
                    Part::Decision {
                        decision: 2,
                        range: 0..2
                    },
                    Part::Others(0..3)
                ],
                vec![Part::Others(3..4)],
            ]
        );
        assert_eq!(
            pages(&[], 0, 5),
            vec![Vec::<Part>::new()],
            "one page, empty"
        );
        assert_eq!(
            pages(&[(4, 5)], 0, 5).len(),
            1,
            "a full page opens no empty one"
        );
    }
}
