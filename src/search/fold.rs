//! Vietnamese-aware word forms for search, identical to the search client, `src/search/client.js`.
//!
//! Each word of the index and of a query is kept in three forms, one per match level:
//!
//! - **exact**: lowercase NFC, with the look-alikes of `đ` (`ð` U+00F0, `ɖ` U+0256, and so
//!   their capitals `Ð`, `Ɖ`) written as `đ`: `Hoà`, typed as NFC or NFD, gives `hoà`;
//! - **tone**: the exact form with its tone mark moved to one canonical vowel, so both
//!   placements in use are equal: `hòa` and `hoà` give `hoà`, `thủy` and `thuỷ` give `thuỷ`;
//! - **folded**: no marks at all and `đ` as `d`: `Nguyễn Văn Đức` gives `nguyen van duc`.
//!
//! The browser runs the same steps in the same order, and `tests/fixtures/folding.json` holds
//! the cases both sides are tested against. Change one side, change the other.
//!
//! This module does not stem, correct spelling or know which syllables are real Vietnamese:
//! a word that is not a syllable (a name in another language, a typo with two tone marks) is
//! left as it is by the tone step.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The five tone marks of Vietnamese: grave, acute, tilde, hook above, dot below.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
/// The marks that make a different vowel (â ê ô, ă, ơ ư): circumflex, breve, horn.
const QUALITY: [char; 3] = ['\u{302}', '\u{306}', '\u{31b}'];

/// One word in the three forms search compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forms {
    /// Lowercase NFC, `đ` look-alikes unified.
    pub exact: String,
    /// `exact` with its tone mark on the canonical vowel.
    pub tone: String,
    /// No marks, `đ` as `d`.
    pub folded: String,
}

impl Forms {
    /// The forms of one word (already split by [`words`], or a single word).
    pub fn of(word: &str) -> Forms {
        let exact = exact(word);
        Forms {
            tone: tone(&exact),
            folded: fold(&exact),
            exact,
        }
    }

    /// True when the word was typed with marks (`đức`, `hoà`), false for `duc`, `hoa`.
    pub fn has_marks(&self) -> bool {
        self.exact != self.folded
    }
}

/// Lowercase NFC, with `ð` and `ɖ` (and their capitals) written as `đ`.
pub fn exact(text: &str) -> String {
    // Indexing 100,000 profiles runs this on every text: plain ASCII, and text that is NFC
    // already (most of it), skip the normalisation.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let lower = text.to_lowercase();
    let unify = |c| match c {
        'ð' | 'ɖ' => 'đ',
        c => c,
    };
    if unicode_normalization::is_nfc_quick(lower.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        lower.chars().map(unify).collect()
    } else {
        lower.nfc().map(unify).collect()
    }
}

/// Drops every mark and writes `đ` as `d`. Expects an [`exact`] form.
pub fn fold(exact: &str) -> String {
    if exact.is_ascii() {
        return exact.to_string();
    }
    // Each letter decomposed on its own: the marks are all dropped, so their canonical
    // order (what `nfd()` spends its time on) does not matter.
    let mut bare = String::with_capacity(exact.len());
    for c in exact.chars() {
        if c.is_ascii() {
            bare.push(c);
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| {
                if d == 'đ' {
                    bare.push('d');
                } else if !is_combining_mark(d) {
                    bare.push(d);
                }
            });
        }
    }
    // Without marks, Vietnamese is ASCII, which is NFC as it is.
    if bare.is_ascii() {
        bare
    } else {
        bare.nfc().collect()
    }
}

/// The words of `text`, in their exact form, in order (repeats kept).
///
/// A word is a run of letters, digits and combining marks; everything else separates words.
pub fn words(text: &str) -> Vec<String> {
    exact(text)
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Letters (Unicode `Alphabetic`), numbers (category `N`) and marks (category `M`); in JS
/// `/[\p{Alphabetic}\p{N}\p{M}]/u`.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || is_combining_mark(c)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// A letter and the combining marks after it, in NFD.
struct Letter {
    base: char,
    marks: Vec<char>,
}

impl Letter {
    fn has_quality(&self) -> bool {
        self.marks.iter().any(|m| QUALITY.contains(m))
    }
}

/// Moves the tone mark of an [`exact`] word to its canonical vowel.
///
/// The rule is the one of the 2018 spelling rules ("kiểu mới"): the tone goes on the vowel
/// with a quality mark (the last one in `ươ`), else on the middle of three vowels, else on
/// the second of two when a consonant follows or the pair is `oa`, `oe` or `uy`, else on the
/// first. `qu` and `gi` before another vowel count as consonants. A word with no tone mark,
/// more than one, or a tone mark on a consonant is returned unchanged.
pub fn tone(word: &str) -> String {
    let mut letters: Vec<Letter> = Vec::new();
    for c in word.nfd() {
        if is_combining_mark(c) {
            match letters.last_mut() {
                Some(l) => l.marks.push(c),
                None => return word.to_string(),
            }
        } else {
            letters.push(Letter {
                base: c,
                marks: Vec::new(),
            });
        }
    }
    let toned: Vec<(usize, usize)> = letters
        .iter()
        .enumerate()
        .flat_map(|(i, l)| {
            l.marks
                .iter()
                .enumerate()
                .filter(|(_, m)| TONES.contains(m))
                .map(move |(k, _)| (i, k))
        })
        .collect();
    let [(at, mark_index)] = toned[..] else {
        return word.to_string();
    };
    if !is_vowel(letters[at].base) {
        return word.to_string();
    }
    let mut start = at;
    while start > 0 && is_vowel(letters[start - 1].base) {
        start -= 1;
    }
    let mut end = at + 1;
    while end < letters.len() && is_vowel(letters[end].base) {
        end += 1;
    }
    if end - start > 1 && start > 0 {
        let prev = letters[start - 1].base;
        let first = &letters[start];
        if ((prev == 'q' && first.base == 'u') || (prev == 'g' && first.base == 'i'))
            && !first.has_quality()
        {
            start += 1;
        }
    }
    let target = canonical_vowel(&letters, start, end);
    let mark = letters[at].marks.remove(mark_index);
    letters[target].marks.push(mark);
    letters
        .iter()
        .flat_map(|l| std::iter::once(l.base).chain(l.marks.iter().copied()))
        .nfc()
        .collect()
}

/// Which letter of the vowel cluster `start..end` carries the tone.
fn canonical_vowel(letters: &[Letter], start: usize, end: usize) -> usize {
    if let Some(i) = (start..end).rev().find(|&i| letters[i].has_quality()) {
        return i;
    }
    match end - start {
        0 | 1 => start,
        2 => {
            let pair = (letters[start].base, letters[start + 1].base);
            let has_final = end < letters.len();
            if has_final || matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) {
                start + 1
            } else {
                start
            }
        }
        _ => start + 1,
    }
}

/// How well a query word matches an indexed word of the same folded form: 3 for the same
/// exact form, 2 for the same after tone placement, 1 for folded only. A query word typed
/// without marks always matches at level 1. With `prefix`, the query word may be the start
/// of the indexed word.
pub fn level(query: &Forms, indexed_exact: &str, prefix: bool) -> u8 {
    if !query.has_marks() {
        return 1;
    }
    let same = |a: &str, b: &str| if prefix { a.starts_with(b) } else { a == b };
    if same(indexed_exact, &query.exact) {
        3
    } else if same(&tone(indexed_exact), &query.tone) {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn table() -> Value {
        serde_json::from_str(include_str!("../../tests/fixtures/folding.json")).unwrap()
    }

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn forms_follow_the_shared_table() {
        let table = table();
        for case in table["forms"].as_array().unwrap() {
            let input = case["in"].as_str().unwrap();
            for text in [input.to_string(), nfd(input), input.nfc().collect()] {
                let got: Vec<Forms> = words(&text).iter().map(|w| Forms::of(w)).collect();
                let field = |f: fn(&Forms) -> &str| got.iter().map(f).collect::<Vec<_>>().join(" ");
                assert_eq!(field(|f| &f.exact), case["exact"], "exact of {input:?}");
                assert_eq!(field(|f| &f.tone), case["tone"], "tone of {input:?}");
                assert_eq!(field(|f| &f.folded), case["folded"], "folded of {input:?}");
            }
        }
    }

    #[test]
    fn levels_follow_the_shared_table() {
        let table = table();
        for case in table["levels"].as_array().unwrap() {
            let query = case["query"].as_str().unwrap();
            let word = case["word"].as_str().unwrap();
            let prefix = case["prefix"].as_bool().unwrap_or(false);
            let q = Forms::of(query);
            let w = Forms::of(word);
            let expected = case["level"].as_u64().unwrap() as u8;
            let matches = if prefix {
                w.folded.starts_with(&q.folded)
            } else {
                w.folded == q.folded
            };
            let got = if matches {
                level(&q, &w.exact, prefix)
            } else {
                0
            };
            assert_eq!(
                got, expected,
                "{query:?} against {word:?} (prefix: {prefix})"
            );
        }
    }

    #[test]
    fn words_split_on_anything_but_letters_digits_and_marks() {
        assert_eq!(
            words("Quyết định số 1234/QĐ-UBND, ngày 15/8"),
            ["quyết", "định", "số", "1234", "qđ", "ubnd", "ngày", "15", "8"]
        );
        assert_eq!(words("  "), Vec::<String>::new());
    }

    #[test]
    fn a_word_with_two_tone_marks_is_left_alone() {
        assert_eq!(tone("hòá"), "hòá");
        assert_eq!(tone("ḿ"), "ḿ");
    }
}
