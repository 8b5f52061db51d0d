//! Vietnamese alphabetical order: the CLDR `vi` collation (ICU4X, with its data compiled
//! in), and the order of names that Vietnamese lists use.
//!
//! In the Vietnamese alphabet `ă` and `â` follow `a`, `đ` follows `d`, `ô` and `ơ` follow
//! `o`, `ư` follows `u`, and tones count only between words with the same letters. A
//! person is listed by given name, then middle names, then family name ("Trần Văn An"
//! before "Nguyễn Thị Bình"); a collective by its whole name.

use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        Collator::try_new(
            icu_locale_core::locale!("vi").into(),
            CollatorOptions::default(),
        )
        .expect("the vi collation is compiled into the binary")
    })
}

/// The sort key of `text`: keys compare as bytes in the order the collation gives, so a
/// list of 100,000 is sorted without collating each pair again.
pub fn key(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3);
    collator()
        .write_sort_key_to(text, &mut out)
        .expect("a sort key is written into a Vec");
    out
}

/// A person's name in the order it is alphabetised: given name, middle names, family name
/// ("Nguyễn Thị Bình" → "Bình Thị Nguyễn").
pub fn given_name_first(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        Some((given, rest)) if !rest.is_empty() => {
            let (family, middle) = rest.split_first().expect("rest is not empty");
            let mut out = String::with_capacity(name.len());
            out.push_str(given);
            for w in middle.iter().chain(std::iter::once(family)) {
                out.push(' ');
                out.push_str(w);
            }
            out
        }
        _ => name.trim().to_string(),
    }
}

/// The key a person is listed by: `sort_name` as written when the profile has one (for
/// compound given names), else the name with the given name first.
pub fn person_key(name: &str, sort_name: Option<&str>) -> Vec<u8> {
    match sort_name {
        Some(s) => key(s),
        None => key(&given_name_first(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str], by: impl Fn(&str) -> Vec<u8>) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by_cached_key(|s| by(s));
        v
    }

    #[test]
    fn letters_follow_the_vietnamese_alphabet_and_tones_come_last() {
        let names = [
            "Ưng", "Uyên", "Ơn", "Ông", "Đạt", "Dũng", "Ân", "Ánh", "Anh", "Ấn", "Ăn",
        ];
        let vi = sorted(&names, key);
        assert_eq!(
            vi,
            [
                "Anh", "Ánh", "Ăn", "Ân", "Ấn", "Dũng", "Đạt", "Ông", "Ơn", "Uyên", "Ưng"
            ]
        );
        // The orders this one replaces differ from it on these names.
        let bytes = sorted(&names, |s| s.as_bytes().to_vec());
        let folded = sorted(&names, |s| crate::slug::slugify(s).into_bytes());
        assert_ne!(bytes, vi);
        assert_ne!(folded, vi);
    }

    #[test]
    fn people_are_listed_by_given_name_then_middle_then_family() {
        assert_eq!(given_name_first("Nguyễn Thị Bình"), "Bình Thị Nguyễn");
        assert_eq!(given_name_first("Trần Văn An"), "An Văn Trần");
        assert_eq!(given_name_first("Hoa"), "Hoa");
        let mut names = ["Nguyễn Thị Bình", "Trần Văn An", "Lê Văn An", "Lê An"];
        names.sort_by_cached_key(|n| person_key(n, None));
        assert_eq!(
            names,
            ["Lê An", "Lê Văn An", "Trần Văn An", "Nguyễn Thị Bình"]
        );
        // A compound given name, alphabetised under its first part by `sort_name`.
        assert!(
            person_key("Tôn Nữ Thị Minh Khai", Some("Minh Khai Tôn Nữ Thị"))
                < person_key("Đặng Văn Ngữ", None)
        );
    }
}
