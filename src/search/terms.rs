//! What one entry brings to the index, worked out on its own (the words of its texts,
//! exact and folded, each in its best field, and the pairs of its phrases), and kept for the
//! next build under a hash of those texts: splitting and folding every profile's words was
//! most of the search index's time in a one-change rebuild.

use std::collections::{BTreeMap, BTreeSet};

use super::fold::{fold, words};
use super::index::{Doc, Entry, Field};
use crate::kept::Store;

/// The format of the words kept for the next build (see [`crate::kept`]), changed with
/// [`Terms::encode`].
pub const KEPT: &str = "vinhdanh-search 1";

impl Entry {
    /// A hash of the texts its words and its place in the order come from (not its facets
    /// and result, which are taken as they are): the key of its work in the cache.
    pub(super) fn key(&self) -> u128 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        let texts = std::iter::once(&self.name)
            .chain(&self.place)
            .chain(std::iter::once(&self.summary))
            .chain(&self.role)
            .chain(&self.phrases);
        // Lengths, then texts: no two different entries feed the same bytes.
        let counts = [self.place.len(), self.role.len(), self.phrases.len()];
        for n in counts {
            h.update(&(n as u64).to_le_bytes());
        }
        for t in texts {
            h.update(&(t.len() as u64).to_le_bytes());
            h.update(t.as_bytes());
        }
        h.digest128()
    }
}
/// What one entry adds to the index, worked out on its own.
pub(super) struct Terms {
    /// Each word once, in its best field: (folded, exact, field).
    pub(super) words: Vec<(String, String, Field)>,
    /// Folded pairs of adjacent words of the phrases.
    pub(super) pairs: BTreeSet<String>,
    /// Facets, each once.
    pub(super) facets: BTreeSet<String>,
    pub(super) doc: Doc,
}

impl Terms {
    /// The terms of `e`, taken from `record` (what the last build kept under the hash of
    /// its texts, `key`) when there is one, and kept for the next build.
    pub(super) fn kept_or_made(
        collation: Vec<u8>,
        key: u128,
        record: Option<Vec<u8>>,
        e: Entry,
        kept: Option<&Store>,
    ) -> Terms {
        let Some(kept) = kept else {
            return Terms::of(e);
        };
        let taken = record.and_then(|bytes| {
            let mut rest = &bytes[..];
            crate::kept::raw(&mut rest)?;
            let (words, pairs) = Terms::decode(&mut rest)?;
            rest.is_empty().then_some((words, pairs, bytes))
        });
        let (terms, bytes) = match taken {
            Some((words, pairs, bytes)) => {
                let terms = Terms {
                    words,
                    pairs,
                    facets: BTreeSet::from_iter(e.facets),
                    doc: e.doc,
                };
                (terms, bytes)
            }
            None => {
                let terms = Terms::of(e);
                let mut bytes = Vec::new();
                crate::kept::put_raw(&collation, &mut bytes);
                terms.encode(&mut bytes);
                (terms, bytes)
            }
        };
        kept.put(key, &bytes);
        terms
    }

    /// Writes the words and pairs (what takes the time to work out): each word's field,
    /// with 4 added when its folded form is its exact one, its exact form, its folded one
    /// when another; then the pairs.
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        use crate::kept::{put_number, put_text};
        put_number(self.words.len(), out);
        for (folded, exact, field) in &self.words {
            let same = folded == exact;
            out.push(*field as u8 | if same { 4 } else { 0 });
            put_text(exact, out);
            if !same {
                put_text(folded, out);
            }
        }
        put_number(self.pairs.len(), out);
        for pair in &self.pairs {
            put_text(pair, out);
        }
    }

    /// Reads back what [`Terms::encode`] wrote; `None` for anything else.
    #[allow(clippy::type_complexity)]
    fn decode(bytes: &mut &[u8]) -> Option<(Vec<(String, String, Field)>, BTreeSet<String>)> {
        use crate::kept::{number, text};
        let n = number(bytes)?;
        // Every word takes two bytes at least.
        let mut words = Vec::with_capacity(n.min(bytes.len() / 2));
        for _ in 0..n {
            let (&tag, rest) = bytes.split_first()?;
            *bytes = rest;
            let field = match tag & 3 {
                0 => Field::Name,
                1 => Field::Place,
                2 => Field::Role,
                _ => Field::Summary,
            };
            let exact = text(bytes)?.to_string();
            let folded = match tag {
                0..=3 => text(bytes)?.to_string(),
                4..=7 => exact.clone(),
                _ => return None,
            };
            words.push((folded, exact, field));
        }
        let n = number(bytes)?;
        let mut pairs = BTreeSet::new();
        for _ in 0..n {
            pairs.insert(text(bytes)?.to_string());
        }
        Some((words, pairs))
    }

    pub(super) fn of(e: Entry) -> Terms {
        let mut best: BTreeMap<String, Field> = BTreeMap::new();
        let texts = std::iter::once((Field::Name, &e.name))
            .chain(e.place.iter().map(|t| (Field::Place, t)))
            .chain(e.role.iter().map(|t| (Field::Role, t)))
            .chain(std::iter::once((Field::Summary, &e.summary)));
        for (field, text) in texts {
            for w in words(text) {
                best.entry(w).or_insert(field);
            }
        }
        let mut pairs = BTreeSet::new();
        for phrase in &e.phrases {
            let folded: Vec<String> = words(phrase).iter().map(|w| fold(w)).collect();
            for pair in folded.windows(2) {
                pairs.insert(format!("{} {}", pair[0], pair[1]));
            }
        }
        Terms {
            words: best.into_iter().map(|(w, f)| (fold(&w), w, f)).collect(),
            pairs,
            facets: BTreeSet::from_iter(e.facets),
            doc: e.doc,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchIndex;

    #[test]
    fn words_kept_by_the_last_build_make_the_same_index() {
        let dir = tempfile::tempdir().unwrap();
        let entries = || -> Vec<Entry> {
            [
                "Nguyễn Văn Đức",
                "Âu Thị Hoà",
                "Lê Văn Hùng",
                "Trần Thị Mai",
            ]
            .iter()
            .enumerate()
            .map(|(i, name)| Entry {
                name: name.to_string(),
                place: vec!["Tân Yên".into(), "Bắc Giang".into()],
                role: vec!["Giáo viên".into(), format!("tag{i}")],
                summary: format!("Cứu người giữa dòng lũ lần {i}; HOÀ hoà hòa."),
                phrases: vec!["Tân Yên".into()],
                facets: vec![format!("year-{}", 2020 + i)],
                ..Entry::default()
            })
            .collect()
        };
        let made = SearchIndex::build(entries(), vec![], None);
        let first = Store::open(dir.path(), "search", KEPT);
        SearchIndex::build(entries(), vec![], Some(&first));
        first.save();
        let second = Store::open(dir.path(), "search", KEPT);
        assert_eq!(second.len(), 4, "each entry's words kept");
        let taken = SearchIndex::build(entries(), vec![], Some(&second));
        assert_eq!(taken.words, made.words);
        assert_eq!(taken.pairs, made.pairs);
        assert_eq!(taken.facets, made.facets);
        assert_eq!(taken.docs, made.docs);

        // Taken, not made again: words planted under an entry's key are the ones indexed.
        let planted = tempfile::tempdir().unwrap();
        let store = Store::open(planted.path(), "search", KEPT);
        let e = &entries()[0];
        let terms = Terms {
            words: vec![("planted".into(), "planted".into(), Field::Name)],
            pairs: BTreeSet::new(),
            facets: BTreeSet::new(),
            doc: Doc::default(),
        };
        let mut bytes = Vec::new();
        crate::kept::put_raw(&crate::collate::key(&e.name), &mut bytes);
        terms.encode(&mut bytes);
        store.put(e.key(), &bytes);
        store.save();
        let store = Store::open(planted.path(), "search", KEPT);
        let index = SearchIndex::build(entries(), vec![], Some(&store));
        assert!(index.words.contains_key("planted"));
        assert!(!index.words.contains_key("duc"), "{:?}", index.words.keys());
    }
}
