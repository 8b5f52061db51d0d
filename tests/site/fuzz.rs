//! Property-based fuzzing of the parsers that read what people type: the front-matter
//! splitter, the YAML reader with the profile loader, and the slugger. A short run is part
//! of the test suite; for a long run:
//!
//! ```sh
//! PROPTEST_CASES=200000 cargo test --release --test site fuzz
//! ```

use std::path::Path;

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use vinhdanh::config::{Kind, Section};
use vinhdanh::content::{frontmatter, profile};
use vinhdanh::diagnostics::Diagnostics;
use vinhdanh::slug::{is_slug, slugify};
use vinhdanh::yaml::{self, Fields};

/// Text made of the pieces YAML front matter is made of, so the fuzzer reaches deep
/// instead of failing on the first character.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_string()),
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("\t".to_string()),
        Just("- ".to_string()),
        Just(": ".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("{ ".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("|\n".to_string()),
        prop::sample::select(vec![
            "name", "year", "photo", "awards", "title", "links", "url", "gallery", "src",
            "profiles", "slug", "aliases", "fields", "gender", "group", "draft", "weight"
        ])
        .prop_map(String::from),
        "[a-zA-Z0-9đĐ ]{0,8}",
        "\\PC{0,4}",
        any::<u16>().prop_map(|n| n.to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// The values in a YAML tree.
fn count(node: &yaml::Node) -> usize {
    1 + match &node.value {
        yaml::Value::Seq(items) => items.iter().map(count).sum(),
        yaml::Value::Map(entries) => entries.iter().map(|(k, v)| count(k) + count(v)).sum(),
        _ => 0,
    }
}

fn section(kind: Kind) -> Section {
    Section {
        key: "citizens".into(),
        kind,
        path: "cong-dan-uu-tu".into(),
        title: "Công dân".into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn frontmatter_split_never_panics_and_keeps_the_text(text in yamlish()) {
        if let Ok(split) = frontmatter::split(&text, Path::new("a.md")) {
            prop_assert!(text.contains(split.yaml));
            prop_assert!(text.ends_with(split.body));
        }
    }

    #[test]
    fn the_profile_loader_never_panics_and_every_error_has_a_position(text in yamlish(), person in any::<bool>()) {
        let root = std::env::temp_dir();
        let sec = section(if person { Kind::Person } else { Kind::Collective });
        let path = Path::new("content/citizens/a.yaml");
        let mut d = Diagnostics::new();
        match yaml::parse(&text, path, 0) {
            Err(e) => prop_assert!(e.pos.line >= 1 && e.pos.col >= 1),
            Ok(node) => {
                let origin = profile::Origin { root: &root, section: &sec, source: path, file_slug: None, body: None };
                let f = Fields::of(&node, path, "a profile", &mut d);
                let _ = profile::read(f, &origin, &mut d);
                let lines = text.lines().count().max(1) + 1;
                for e in d.iter() {
                    prop_assert!(e.pos.line >= 1 && e.pos.line <= lines, "{e} beyond {lines} lines");
                    prop_assert!(!e.message.is_empty());
                }
            }
        }
    }

    /// Anchors whose aliases nest: whatever the shape, the parse ends with a tree within the
    /// alias budget or an error at a position, never an expansion without bound.
    #[test]
    fn nested_aliases_stay_within_their_bound(widths in prop::collection::vec(1usize..40, 1..12), flow in any::<bool>()) {
        let mut text = String::from("a0: &a0 x\n");
        for (level, width) in widths.iter().enumerate() {
            let prev = format!("*a{level}");
            let items = vec![prev; *width];
            let n = level + 1;
            if flow {
                text.push_str(&format!("a{n}: &a{n} [{}]\n", items.join(", ")));
            } else {
                text.push_str(&format!("a{n}: &a{n}\n"));
                for item in &items {
                    text.push_str(&format!("  - {item}\n"));
                }
            }
        }
        match yaml::parse(&text, Path::new("a.yaml"), 0) {
            Err(e) => {
                prop_assert!(e.pos.line >= 1 && e.pos.line <= text.lines().count());
                prop_assert!(e.message.contains("aliases"), "{e}");
            }
            Ok(node) => prop_assert!(count(&node) <= yaml::alias_budget(text.len()) + text.len()),
        }
    }

    #[test]
    fn slugs_are_url_safe_idempotent_and_normalisation_blind(text in "\\PC{0,40}") {
        let s = slugify(&text);
        prop_assert!(s.is_empty() || is_slug(&s), "{s:?}");
        prop_assert_eq!(slugify(&s), s.clone());
        let nfd: String = text.nfd().collect();
        let nfc: String = text.nfc().collect();
        prop_assert_eq!(slugify(&nfd), slugify(&nfc));
    }
}

/// Vietnamese-looking words: letters with any of the marks, in NFC or NFD.
fn vietnamese_word() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y', 'd', 'đ', 'Đ', 'Ð', 'Ɖ',
            'q', 'g', 'h', 'n', 't', 'c', 'à', 'á', 'ả', 'ã', 'ạ', 'ò', 'ó', 'ỏ', 'ọ', 'ù', 'ú',
            'ủ', 'ụ', 'ỳ', 'ý', 'ẻ', 'ẹ', 'ộ', 'ợ', 'ữ', 'ậ', 'ẫ', 'ệ', 'Ò', 'Ý',
        ]),
        1..7,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn search_folding_is_normalisation_blind_and_tone_placement_keeps_the_folded_word(
        word in vietnamese_word(), nfd in any::<bool>(), text in "\\PC{0,30}"
    ) {
        use vinhdanh::search::fold;
        let input: String = if nfd { word.nfd().collect() } else { word.nfc().collect() };
        let exact = fold::exact(&input);
        prop_assert_eq!(&exact, &fold::exact(&word.nfc().collect::<String>()));
        let folded = fold::fold(&exact);
        prop_assert!(!folded.contains('đ') && folded.nfd().all(|c| !unicode_normalization::char::is_combining_mark(c)), "{folded:?}");
        let toned = fold::tone(&exact);
        prop_assert_eq!(fold::fold(&toned), folded.clone(), "tone placement changed the letters");
        prop_assert_eq!(fold::tone(&toned), toned.clone(), "tone placement is not stable");
        for w in fold::words(&text) {
            prop_assert!(!w.is_empty());
        }
    }
}
