//! Ranking, the same as the browser's: the reference the shared table of cases checks, and
//! what the tests of the written index query through.
//!
//! Each query word scores a document by its best match: the match level (exact, other tone
//! placement, folded; see [`fold::level`]), then the field (name, place, role, summary), then
//! whether it matched a whole word rather than the start of one. Documents are ordered by how
//! many query words they match, then by the sum of their word scores plus [`PAIR_BONUS`] for
//! each pair of adjacent query words found together in a place or field, then by id (folded
//! name order).

use std::collections::HashMap;

use super::fold::{self, Forms};
use super::index::{Postings, SearchIndex};

/// Bonus for two adjacent query words found as adjacent words of a place or field.
pub const PAIR_BONUS: u32 = 50;
/// Query words beyond this many are ignored.
pub const MAX_WORDS: usize = 8;

/// A parsed query word.
#[derive(Debug, Clone)]
pub struct QueryWord {
    /// Its forms.
    pub forms: Forms,
    /// True for the last word while it is being typed: it matches the start of words.
    pub prefix: bool,
}

/// Splits a query into words (repeats dropped). The last word is a prefix unless the query
/// ends with a separator or it has fewer than two folded characters.
pub fn parse(query: &str) -> Vec<QueryWord> {
    let mut out: Vec<QueryWord> = Vec::new();
    for w in fold::words(query) {
        if out.len() < MAX_WORDS && !out.iter().any(|q| q.forms.exact == w) {
            out.push(QueryWord {
                forms: Forms::of(&w),
                prefix: false,
            });
        }
    }
    let open = query.chars().last().is_some_and(fold::is_word_char);
    if let Some(last) = out.last_mut() {
        last.prefix = open && last.forms.folded.chars().count() >= 2;
    }
    out
}

/// The score of one word matched in one field: level, field, whole word.
pub fn word_score(level: u8, field: usize, whole: bool) -> u32 {
    u32::from(level) * 100 + (3 - field as u32) * 10 + u32::from(whole)
}

/// One ranked result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Document id.
    pub id: u32,
    /// Query words it matches.
    pub matched: u32,
    /// Sum of its word scores and pair bonuses.
    pub score: u32,
}

impl SearchIndex {
    /// Ranks the documents matching at least one word of `query` and every facet of
    /// `facets` (`year-2023`). With no words, every document of the facets, in id order.
    pub fn search(&self, query: &str, facets: &[&str]) -> Vec<Hit> {
        let words = parse(query);
        let allowed: Option<Vec<&Vec<u32>>> = (!facets.is_empty()).then(|| {
            facets
                .iter()
                .map(|f| self.facets.get(*f).unwrap_or(&EMPTY))
                .collect()
        });
        let keep = |id: u32| {
            allowed
                .as_ref()
                .is_none_or(|sets| sets.iter().all(|s| s.binary_search(&id).is_ok()))
        };
        if words.is_empty() {
            return match &allowed {
                None => Vec::new(),
                Some(_) => (0..self.docs.len() as u32)
                    .filter(|&id| keep(id))
                    .map(|id| Hit {
                        id,
                        matched: 0,
                        score: 0,
                    })
                    .collect(),
            };
        }
        let mut best: Vec<HashMap<u32, u32>> = vec![HashMap::new(); words.len()];
        for (w, scores) in words.iter().zip(best.iter_mut()) {
            for (key, variants) in self.candidates(w) {
                let whole = *key == w.forms.folded;
                for (exact, postings) in variants {
                    let level = fold::level(&w.forms, exact, !whole);
                    add(scores, postings, level, whole);
                }
            }
        }
        let mut hits: HashMap<u32, Hit> = HashMap::new();
        for scores in &best {
            for (&id, &s) in scores {
                let h = hits.entry(id).or_insert(Hit {
                    id,
                    matched: 0,
                    score: 0,
                });
                h.matched += 1;
                h.score += s;
            }
        }
        for (i, pair) in words.windows(2).enumerate() {
            let key = format!("{} {}", pair[0].forms.folded, pair[1].forms.folded);
            let mut found: Vec<u32> = Vec::new();
            for (k, ids) in self.pairs.range(key.clone()..) {
                if !(k == &key || (pair[1].prefix && k.starts_with(&key))) {
                    break;
                }
                found.extend(ids);
            }
            found.sort_unstable();
            found.dedup();
            for id in found {
                if best[i].contains_key(&id) && best[i + 1].contains_key(&id) {
                    if let Some(h) = hits.get_mut(&id) {
                        h.score += PAIR_BONUS;
                    }
                }
            }
        }
        let mut out: Vec<Hit> = hits.into_values().filter(|h| keep(h.id)).collect();
        out.sort_by(|a, b| {
            b.matched
                .cmp(&a.matched)
                .then(b.score.cmp(&a.score))
                .then(a.id.cmp(&b.id))
        });
        out
    }

    /// The indexed words a query word can match: its folded form, or any word starting with
    /// it when it is a prefix.
    fn candidates<'a>(
        &'a self,
        w: &'a QueryWord,
    ) -> impl Iterator<Item = (&'a String, &'a std::collections::BTreeMap<String, Postings>)> + 'a
    {
        self.words
            .range(w.forms.folded.clone()..)
            .take_while(move |(k, _)| {
                **k == w.forms.folded || (w.prefix && k.starts_with(&w.forms.folded))
            })
    }
}

static EMPTY: Vec<u32> = Vec::new();

fn add(scores: &mut HashMap<u32, u32>, postings: &Postings, level: u8, whole: bool) {
    for (field, ids) in postings.iter().enumerate() {
        let s = word_score(level, field, whole);
        for &id in ids {
            let e = scores.entry(id).or_insert(0);
            *e = (*e).max(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{Doc, Entry};
    use serde_json::Value;
    use unicode_normalization::UnicodeNormalization;

    fn strings(v: &Value) -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn ranking_follows_the_shared_table() {
        let table: Value =
            serde_json::from_str(include_str!("../../tests/fixtures/folding.json")).unwrap();
        for case in table["rank"].as_array().unwrap() {
            let entries: Vec<Entry> = case["docs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| Entry {
                    name: d["name"].as_str().unwrap().to_string(),
                    place: strings(&d["place"]),
                    role: strings(&d["role"]),
                    summary: d["summary"].as_str().unwrap_or("").to_string(),
                    phrases: strings(&d["place"]),
                    doc: Doc {
                        name: d["name"].as_str().unwrap().to_string(),
                        ..Doc::default()
                    },
                    ..Entry::default()
                })
                .collect();
            let index = SearchIndex::build(entries, vec![], None);
            for q in case["queries"].as_array().unwrap() {
                let query = q["query"].as_str().unwrap();
                let expected = strings(&q["expect"]);
                for text in [query.to_string(), query.nfd().collect::<String>()] {
                    let got: Vec<&str> = index
                        .search(&text, &[])
                        .iter()
                        .map(|h| index.docs[h.id as usize].name.as_str())
                        .collect();
                    assert_eq!(got, expected, "query {query:?}");
                }
            }
        }
    }

    #[test]
    fn the_last_word_is_a_prefix_only_while_typed() {
        let p = |q: &str| parse(q).iter().map(|w| w.prefix).collect::<Vec<_>>();
        assert_eq!(p("nguyen van du"), [false, false, true]);
        assert_eq!(p("nguyen van du "), [false, false, false]);
        assert_eq!(p("nguyen van d"), [false, false, false]);
        assert_eq!(p("hoa hoa"), [true]);
        assert!(p("").is_empty());
    }

    #[test]
    fn facets_filter_and_alone_list_everything_in_them() {
        let entries = ["Nguyễn Văn Đức", "Đỗ Văn Dục", "Lê Văn Đức"]
            .iter()
            .enumerate()
            .map(|(i, name)| Entry {
                name: name.to_string(),
                facets: vec![format!("year-{}", 2022 + i % 2)],
                ..Entry::default()
            })
            .collect();
        let index = SearchIndex::build(entries, vec![], None);
        let ids = |q: &str, f: &[&str]| index.search(q, f).iter().map(|h| h.id).collect::<Vec<_>>();
        // ids by folded name: do van duc 0, le van duc 1, nguyen van duc 2
        assert_eq!(ids("duc", &[]), [0, 1, 2]);
        assert_eq!(ids("duc", &["year-2022"]), [1, 2]);
        assert_eq!(ids("", &["year-2023"]), [0]);
        assert_eq!(ids("duc", &["year-1999"]), Vec::<u32>::new());
        assert_eq!(ids("", &[]), Vec::<u32>::new());
    }
}
