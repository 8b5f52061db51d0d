//! The search index: built in memory from one [`Entry`] per profile, written as many small
//! JSON files so that a browser fetches only the parts a query needs.
//!
//! Layout under `search/` (every list of document ids is sorted and [`encode`]d):
//!
//! - `index.json`, the manifest: `v` format version, `n` documents, `c` documents per chunk,
//!   `h` a hash of the whole index (the client adds it to every other URL, so a cached old
//!   file is never mixed with new ones), `s` the sections as `[key, kind]`, `t` the shard
//!   keys, `f` the facet names.
//! - `t/{key}.json`, a shard: every word and phrase pair whose folded form starts with `key`
//!   (and with no longer shard key). A word maps each exact form seen in the content to four
//!   id lists: where it is in the name, the place, the role or field, the summary (each
//!   document in its best field only). A pair (`"tan yen"`) maps to one id list. Shard keys
//!   are the first two characters of the folded word, one more character at a time for
//!   shards that would exceed [`MAX_SHARD_BYTES`].
//! - `d/{n}.json`: documents `n·c … n·c+c-1`, each `[name, url, thumb, role, place, year,
//!   section]` (`""` and `0` when absent). Document ids follow the names in the Vietnamese
//!   collation (letters first, tones after), so the
//!   profiles a name query finds sit side by side, in one or two chunks.
//! - `f/{facet}.json`: the ids of `section-citizens`, `year-2023`, `field-giao-duc`,
//!   `district-tan-yen`…

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde_json::{json, Value};

use super::terms::Terms;
use crate::kept::Store;
use crate::output::OutFile;

pub use super::ids::{decode, encode, DIGITS};

/// Format version of the files, bumped on any incompatible change.
pub const VERSION: u32 = 2;
/// Documents per chunk file. A first query shows eight results, which lie in four to six
/// chunks: at 32 a chunk, 19 KB of the 34 KB a query fetched were documents not shown.
pub const CHUNK: usize = 8;
/// A shard bigger than this (JSON bytes) is split by one more character.
pub const MAX_SHARD_BYTES: usize = 4 * 1024;
/// Entries whose words are worked out at once (see [`SearchIndex::build`]).
const TERMS_BATCH: usize = 4096;

/// Where a word was found, best first; the index into a word's four id lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The profile's name.
    Name = 0,
    /// Commune and district.
    Place = 1,
    /// A person's role, a collective's kind, organisation, fields, tags.
    Role = 2,
    /// The summary.
    Summary = 3,
}

/// What a result shows: one profile, as the client receives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// Full name.
    pub name: String,
    /// Link to the profile page (through the site's `Urls`).
    pub url: String,
    /// Link to the square thumbnail, if the profile has a photo.
    pub thumb: Option<String>,
    /// Role or kind.
    pub role: Option<String>,
    /// "commune, district".
    pub place: Option<String>,
    /// Year honoured.
    pub year: Option<i64>,
    /// Index of the profile's section in the manifest's `s`.
    pub section: usize,
}

/// What one profile brings to the index.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// Searched as [`Field::Name`].
    pub name: String,
    /// Searched as [`Field::Place`].
    pub place: Vec<String>,
    /// Searched as [`Field::Role`].
    pub role: Vec<String>,
    /// Searched as [`Field::Summary`].
    pub summary: String,
    /// Texts whose adjacent words are also indexed as pairs (commune, district, fields), so
    /// "tan yen" ranks the district Tân Yên above a Tân commune in Yên Thế.
    pub phrases: Vec<String>,
    /// Facets it belongs to (`year-2023`).
    pub facets: Vec<String>,
    /// What its result shows.
    pub doc: Doc,
}

/// The four id lists of one exact form of a word, by [`Field`].
pub type Postings = [Vec<u32>; 4];

/// The whole index, in memory.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Documents by id.
    pub docs: Vec<Doc>,
    /// Folded word → exact form → ids by field.
    pub words: BTreeMap<String, BTreeMap<String, Postings>>,
    /// Folded pair of adjacent words (`"tan yen"`) → ids.
    pub pairs: BTreeMap<String, Vec<u32>>,
    /// Facet (`year-2023`) → ids.
    pub facets: BTreeMap<String, Vec<u32>>,
    /// Sections as (key, kind: `person` or `collective`); `Doc::section` indexes into this.
    pub sections: Vec<(String, String)>,
}

impl SearchIndex {
    /// Builds the index. Document ids follow the names in the Vietnamese collation (ties
    /// keep `entries` order), which is also the order of equally good results. The words
    /// of an entry whose texts are those of the last build are taken from `kept`.
    pub fn build(
        entries: Vec<Entry>,
        sections: Vec<(String, String)>,
        kept: Option<&Store>,
    ) -> SearchIndex {
        // Each entry with its place in the order and what the last build kept of it (read
        // once: its place in the order, then its words).
        let mut keyed: Vec<_> = entries
            .into_par_iter()
            .map(|e| {
                let key = e.key();
                let record = kept.and_then(|k| k.get(key));
                let collation = record
                    .as_deref()
                    .and_then(|mut bytes| Some(crate::kept::raw(&mut bytes)?.to_vec()))
                    .unwrap_or_else(|| crate::collate::key(&e.name));
                (collation, key, record, e)
            })
            .collect();
        keyed.par_sort_by(|a, b| a.0.cmp(&b.0));
        let mut entries = keyed.into_iter();
        // Millions of additions to some tens of thousands of keys: hashed while merging,
        // sorted once at the end. The words are merged in parts, each part the words whose
        // first letters fall to it, the parts side by side (the merge was the longest step
        // once the words of unchanged profiles were kept).
        let parts_n = (rayon::current_num_threads() * 2).clamp(1, 32);
        let mut parts: Vec<HashMap<String, HashMap<String, Postings>>> =
            (0..parts_n).map(|_| HashMap::new()).collect();
        let mut pairs: HashMap<String, Vec<u32>> = HashMap::new();
        let mut facets: HashMap<String, Vec<u32>> = HashMap::new();
        let mut docs = Vec::new();
        // Splitting and folding every text needs no shared state, so it runs in parallel,
        // a batch at a time: the words of 100,000 entries at once were a fifth of a build's
        // peak memory. The next batch is worked out beside the merge of this one.
        let mut batch = |n| -> Vec<Terms> {
            let batch: Vec<_> = entries.by_ref().take(n).collect();
            batch
                .into_par_iter()
                .map(|(collation, key, record, e)| {
                    Terms::kept_or_made(collation, key, record, e, kept)
                })
                .collect()
        };
        let mut terms = batch(TERMS_BATCH);
        while !terms.is_empty() {
            let merge = || {
                let first = docs.len() as u32;
                parts.par_iter_mut().enumerate().for_each(|(p, words)| {
                    for (n, t) in terms.iter().enumerate() {
                        for (folded, exact, field) in &t.words {
                            if part(folded, parts_n) == p {
                                add(words, folded, exact, *field, first + n as u32);
                            }
                        }
                    }
                });
                for (n, t) in terms.into_iter().enumerate() {
                    let id = first + n as u32;
                    for pair in t.pairs {
                        pairs.entry(pair).or_default().push(id);
                    }
                    for facet in t.facets {
                        facets.entry(facet).or_default().push(id);
                    }
                    docs.push(t.doc);
                }
            };
            terms = rayon::join(merge, || batch(TERMS_BATCH)).1;
        }
        let mut words: Vec<(String, BTreeMap<String, Postings>)> = parts
            .into_par_iter()
            .flat_map_iter(|words| words.into_iter().map(|(k, v)| (k, v.into_iter().collect())))
            .collect();
        words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        SearchIndex {
            docs,
            words: words.into_iter().collect(),
            pairs: pairs.into_iter().collect(),
            facets: facets.into_iter().collect(),
            sections,
        }
    }

    /// Hands every file of the index to `put` as soon as it is made, in parallel, the
    /// manifest last (its hash covers the others); stops at the first error of `put`.
    pub fn write(
        &self,
        dir: &str,
        put: &(dyn Fn(OutFile) -> std::io::Result<()> + Sync),
    ) -> std::io::Result<()> {
        // Each file's own hash, combined in path order below: the same index always gets
        // the same hash, whatever order the threads finish in.
        let made = |f: OutFile| -> std::io::Result<(String, u64)> {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(f.path.as_bytes());
            h.update(&[0]);
            h.update(&f.bytes);
            let path = f.path.clone();
            put(f)?;
            Ok((path, h.digest()))
        };
        let entries = self.shard_entries();
        let shards = shard(&entries);
        let shard_list: Vec<_> = shards.iter().collect();
        let mut hashes: Vec<(String, u64)> = shard_list
            .into_par_iter()
            .map(|(key, members)| {
                let mut json = String::with_capacity(MAX_SHARD_BYTES + 256);
                json.push('{');
                for (i, e) in members.iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    push_json_str(&mut json, e.key);
                    json.push(':');
                    json.push_str(&e.value);
                }
                json.push('}');
                made(OutFile {
                    path: format!("{dir}t/{}.json", file_key(key)),
                    bytes: json.into_bytes(),
                })
            })
            .collect::<std::io::Result<_>>()?;
        let shard_keys: Vec<String> = shards.into_keys().collect();
        drop(entries);
        hashes.par_extend(
            self.docs
                .par_chunks(CHUNK)
                .enumerate()
                .map(|(n, chunk)| {
                    let docs: Vec<Value> = chunk.iter().map(doc_value).collect();
                    made(OutFile {
                        path: format!("{dir}d/{n}.json"),
                        bytes: Value::Array(docs).to_string().into_bytes(),
                    })
                })
                .collect::<std::io::Result<Vec<_>>>()?,
        );
        for (facet, ids) in &self.facets {
            hashes.push(made(OutFile {
                path: format!("{dir}f/{}.json", file_key(facet)),
                bytes: json!(encode(ids)).to_string().into_bytes(),
            })?);
        }
        hashes.par_sort_unstable();
        let mut all = xxhash_rust::xxh3::Xxh3::new();
        for (_, h) in &hashes {
            all.update(&h.to_le_bytes());
        }
        let hash = all.digest() as u32;
        let manifest = json!({
            "v": VERSION,
            "n": self.docs.len(),
            "c": CHUNK,
            "h": format!("{hash:08x}"),
            "s": self.sections,
            "t": shard_keys,
            "f": self.facets.keys().collect::<Vec<_>>(),
        });
        put(OutFile {
            path: format!("{dir}index.json"),
            bytes: manifest.to_string().into_bytes(),
        })
    }

    /// Each word and pair with its JSON text, in key order.
    fn shard_entries(&self) -> Vec<ShardEntry<'_>> {
        let words: Vec<_> = self.words.iter().collect();
        let mut out: Vec<ShardEntry<'_>> = words
            .into_par_iter()
            .map(|(k, variants)| {
                // `{"exact":["ids by name","by place",…]}`, trailing empty lists left out.
                let mut json = String::from("{");
                for (i, (exact, postings)) in variants.iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    push_json_str(&mut json, exact);
                    json.push_str(":[");
                    let used = postings.iter().rposition(|ids| !ids.is_empty());
                    for (j, ids) in postings[..used.map_or(0, |u| u + 1)].iter().enumerate() {
                        if j > 0 {
                            json.push(',');
                        }
                        // The digits need no escaping.
                        json.push('"');
                        json.push_str(&encode(ids));
                        json.push('"');
                    }
                    json.push(']');
                }
                json.push('}');
                ShardEntry::new(k, json)
            })
            .collect();
        let pairs: Vec<_> = self.pairs.iter().collect();
        out.par_extend(
            pairs
                .into_par_iter()
                .map(|(k, ids)| ShardEntry::new(k, format!("\"{}\"", encode(ids)))),
        );
        out.par_sort_by(|a, b| a.key.cmp(b.key));
        out
    }
}

/// Appends `s` as a JSON string.
fn push_json_str(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("a string always serialises"));
}

/// Which of `n` parts of the merge a folded word is merged in: by its first two letters,
/// which spread Vietnamese words well enough, and cost nothing to read.
fn part(folded: &str, n: usize) -> usize {
    let b = folded.as_bytes();
    let first = usize::from(b.first().copied().unwrap_or(0));
    let second = usize::from(b.get(1).copied().unwrap_or(0));
    (first * 31 + second) % n
}

/// Adds document `id` to the postings of `exact` (folded `folded`) in `field`, copying the
/// word only when it is new to `words`.
fn add(
    words: &mut HashMap<String, HashMap<String, Postings>>,
    folded: &str,
    exact: &str,
    field: Field,
    id: u32,
) {
    if !words.contains_key(folded) {
        words.insert(folded.to_string(), HashMap::new());
    }
    let Some(forms) = words.get_mut(folded) else {
        return;
    };
    if !forms.contains_key(exact) {
        forms.insert(exact.to_string(), Postings::default());
    }
    if let Some(postings) = forms.get_mut(exact) {
        postings[field as usize].push(id);
    }
}

/// A word or pair as written in its shard (its value as JSON text), with the size it adds.
struct ShardEntry<'a> {
    key: &'a str,
    value: String,
    size: usize,
}

impl<'a> ShardEntry<'a> {
    fn new(key: &'a str, value: String) -> ShardEntry<'a> {
        let size = key.len() + value.len() + 4;
        ShardEntry { key, value, size }
    }
}

/// Shards by key: the entries of each.
type Shards<'a> = BTreeMap<String, Vec<&'a ShardEntry<'a>>>;

fn doc_value(d: &Doc) -> Value {
    json!([
        d.name,
        d.url,
        d.thumb.as_deref().unwrap_or(""),
        d.role.as_deref().unwrap_or(""),
        d.place.as_deref().unwrap_or(""),
        d.year.unwrap_or(0),
        d.section,
    ])
}

/// Groups entries into shards: by the first two characters of the key, then one more
/// character at a time while a shard is over [`MAX_SHARD_BYTES`]. A key no longer than its
/// shard's prefix stays in the shard named by itself.
fn shard<'a>(entries: &'a [ShardEntry<'a>]) -> Shards<'a> {
    let mut out = Shards::new();
    let mut groups = Shards::new();
    for e in entries {
        groups.entry(prefix(e.key, 2)).or_default().push(e);
    }
    let mut todo: Vec<(String, Vec<&'a ShardEntry<'a>>)> = groups.into_iter().collect();
    while let Some((key, members)) = todo.pop() {
        let size: usize = members.iter().map(|e| e.size).sum();
        let len = key.chars().count();
        if size <= MAX_SHARD_BYTES || members.iter().all(|e| e.key.chars().count() <= len) {
            out.insert(key, members);
            continue;
        }
        let mut sub = Shards::new();
        for e in members {
            sub.entry(prefix(e.key, len + 1)).or_default().push(e);
        }
        todo.extend(sub);
    }
    out
}

/// The first `n` characters of `s` (all of it when shorter).
fn prefix(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// A file name for a key: `a`–`z`, `0`–`9` and `-` as they are, any other character as
/// `_{hex}_` (`"tan yen"` → `tan_20_yen`). The client escapes the same way.
pub fn file_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lists_round_trip() {
        for ids in [
            vec![],
            vec![0],
            vec![5],
            vec![0, 1],
            vec![0, 1, 2, 3, 7],
            vec![2, 3, 4, 9, 10, 20, 21, 22, 23, 40],
        ] {
            assert_eq!(
                decode(&encode(&ids)),
                Some(ids.clone()),
                "{:?}",
                encode(&ids)
            );
        }
        assert_eq!(encode(&[0, 1, 2, 3, 7]), "036");
        assert_eq!(encode(&[4, 5]), "80");
        // Distances past one digit: 32 → 2·31 = 62 = 1·32 + 30.
        assert_eq!(encode(&[31, 63]), "XUXU");
        assert_eq!(
            decode(&encode(&[0, 40_000, 40_001, 40_002])),
            Some(vec![0, 40_000, 40_001, 40_002])
        );
        assert_eq!(decode("0!"), None);
        // Cut off after a leading digit, or past any id.
        assert_eq!(decode("0X"), None);
        assert_eq!(decode("0W"), None);
        assert_eq!(decode(&"_".repeat(20)), None);
        assert_eq!(decode("_______0"), None);
    }

    #[test]
    fn file_keys_are_safe() {
        assert_eq!(file_key("ng"), "ng");
        assert_eq!(file_key("tan yen"), "tan_20_yen");
        assert_eq!(file_key("year-2023"), "year-2023");
        assert_eq!(file_key("ø"), "_f8_");
    }

    /// Every file of `index`, parsed, by path.
    fn parsed(index: &SearchIndex) -> BTreeMap<String, Value> {
        let files = std::sync::Mutex::new(BTreeMap::new());
        index
            .write("search/", &|f| {
                let v =
                    serde_json::from_slice(&f.bytes).unwrap_or_else(|e| panic!("{}: {e}", f.path));
                files.lock().unwrap().insert(f.path, v);
                Ok(())
            })
            .unwrap();
        files.into_inner().unwrap()
    }

    #[test]
    fn shards_written_as_text_are_json_whatever_the_words() {
        // Quotes, backslashes, control characters and markup in what staff type. They end
        // words rather than entering them, but the shards are written as text, not through
        // a JSON value: each must parse, with every word and form where the client looks.
        let entries = vec![Entry {
            name: "Nguyễn \"Tèo\" Văn\u{7}Ba".into(),
            role: vec!["a\\b </script> x\u{1f}y".into()],
            phrases: vec!["Tân \"Yên\"".into()],
            ..Entry::default()
        }];
        let index = SearchIndex::build(entries, vec![], None);
        let files = parsed(&index);
        let shards: Vec<&Value> = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/t/"))
            .map(|(_, v)| v)
            .collect();
        for word in index.words.keys().chain(index.pairs.keys()) {
            assert!(
                shards.iter().any(|s| s.get(word).is_some()),
                "{word:?} in no shard"
            );
        }
        for (folded, exact) in &index.words {
            for form in exact.keys() {
                assert!(
                    shards
                        .iter()
                        .any(|s| s.get(folded).and_then(|v| v.get(form)).is_some()),
                    "{form:?} of {folded:?} lost"
                );
            }
        }
        assert!(index.words.contains_key("teo"), "{:?}", index.words.keys());
    }

    #[test]
    fn big_shards_split_and_every_key_is_in_the_shard_of_its_longest_prefix() {
        let entries: Vec<Entry> = (0..400)
            .map(|i| Entry {
                name: format!("Nguyễn Văn Ngọc{i} Nghĩa{}", i % 7),
                phrases: vec![format!("Tân Yên {i}")],
                ..Entry::default()
            })
            .collect();
        let index = SearchIndex::build(entries, vec![], None);
        let files = parsed(&index);
        let manifest = &files["search/index.json"];
        let keys: Vec<&str> = manifest["t"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert!(keys.contains(&"ngu") && keys.contains(&"ngoc1"), "{keys:?}");
        for key in index.words.keys().chain(index.pairs.keys()) {
            let shard = keys
                .iter()
                .filter(|k| key.starts_with(**k))
                .max_by_key(|k| k.len())
                .unwrap();
            let file = &files[&format!("search/t/{}.json", file_key(shard))];
            assert!(file.get(key).is_some(), "{key} not in shard {shard}");
        }
        for (path, v) in &files {
            if path.starts_with("search/t/") {
                let n = v.to_string().len();
                assert!(
                    n <= MAX_SHARD_BYTES || v.as_object().unwrap().len() == 1,
                    "{path}: {n}"
                );
            }
        }
        assert_eq!(manifest["n"], 400);
        let last = 400usize.div_ceil(CHUNK) - 1;
        assert!(files.contains_key(&format!("search/d/{last}.json")));
        assert!(!files.contains_key(&format!("search/d/{}.json", last + 1)));
    }
}
