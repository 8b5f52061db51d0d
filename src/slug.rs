//! URL segments from Vietnamese names: `Nguyễn Văn Đức` → `nguyen-van-duc`.
//!
//! Letters are decomposed (so NFC and NFD input give the same result), their marks dropped,
//! `đ`/`Đ` and its look-alikes mapped to `d`, and every run of other characters becomes one
//! hyphen. Only ASCII letters, digits and hyphens remain, so a slug is safe in any URL and on
//! any file system.

use unicode_normalization::UnicodeNormalization;

/// The ASCII letter a Vietnamese letter is written as without its marks (`ơ` → `o`, `đ` → `d`).
pub fn fold_char(c: char) -> char {
    match c {
        'đ' | 'Đ' | 'Ð' | 'ð' | 'Ɖ' | 'ɖ' => 'd',
        _ => c,
    }
}

/// The longest slug, in bytes: file systems refuse a name over 255 bytes, and a long
/// award title becomes a folder name.
pub const MAX_SLUG: usize = 200;

/// The slug of `text`, cut at a hyphen to at most [`MAX_SLUG`] bytes.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = fold_char(c).to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c);
        } else {
            pending_hyphen = true;
        }
    }
    if out.len() > MAX_SLUG {
        let cut = out[..=MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        out.truncate(cut);
    }
    out
}

/// True when `s` is already a valid slug (what `slugify` could return, non-empty).
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_gives_a_slug_a_file_system_takes() {
        let title = "Bằng khen của Thủ tướng Chính phủ vì thành tích xuất sắc ".repeat(10);
        let s = slugify(&title);
        assert!(s.len() <= MAX_SLUG && is_slug(&s), "{s}");
        // Cut at a hyphen: the slug is a whole-word prefix of the uncut one.
        let uncut = ["bang-khen-cua-thu-tuong-chinh-phu-vi-thanh-tich-xuat-sac"; 10].join("-");
        assert!(uncut.starts_with(&format!("{s}-")), "{s}");
        assert!(!is_slug(&"a".repeat(MAX_SLUG + 1)));
    }

    #[test]
    fn vietnamese_names() {
        assert_eq!(slugify("Nguyễn Văn Đức"), "nguyen-van-duc");
        assert_eq!(
            slugify("Hợp tác xã Sâm núi Dành – Liên Chung"),
            "hop-tac-xa-sam-nui-danh-lien-chung"
        );
        assert_eq!(slugify("  ĐẶNG Thị Ánh  "), "dang-thi-anh");
        assert_eq!(slugify("Ɖinh Ðức"), "dinh-duc");
        assert_eq!(slugify("Trường THCS số 2"), "truong-thcs-so-2");
    }

    #[test]
    fn nfc_and_nfd_give_the_same_slug() {
        let nfc: String = "Nguyễn Thị Hoà".nfc().collect();
        let nfd: String = "Nguyễn Thị Hoà".nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(slugify(&nfc), slugify(&nfd));
        assert_eq!(slugify(&nfd), "nguyen-thi-hoa");
    }

    #[test]
    fn slugs_are_recognised() {
        assert!(is_slug("nguyen-van-duc"));
        assert!(!is_slug("Nguyen"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("../x"));
        assert!(!is_slug(""));
    }
}
