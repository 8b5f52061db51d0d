//! Numbers and dates written the way the site's language writes them: Vietnamese groups
//! thousands with dots and writes days first (`1.234`, `27/11/2026`), English with commas
//! (`1,234`, `27 November 2026`).

/// An integer with grouped thousands.
pub fn number(n: i64, language: &str) -> String {
    let sep = if language == "en" { ',' } else { '.' };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A share of a whole as a percentage with one decimal (`12,5 %` in Vietnamese, `12.5%` in
/// English); `0,0 %` when the whole is empty.
pub fn percent(part: usize, whole: usize, language: &str) -> String {
    let tenths = if whole == 0 {
        0
    } else {
        (part as u64 * 1000 + whole as u64 / 2) / whole as u64
    };
    let (int, frac) = (tenths / 10, tenths % 10);
    if language == "en" {
        format!("{int}.{frac}%")
    } else {
        format!("{int},{frac} %")
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date written `YYYY-MM-DD` or `YYYY-MM` in the language's order. Anything else (a year,
/// free text) is returned as written.
pub fn date(text: &str, language: &str) -> String {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = match parts.as_slice() {
        [y, m] => (num(y, 4), num(m, 2), Some(0)),
        [y, m, d] => (num(y, 4), num(m, 2), num(d, 2)),
        _ => return text.to_string(),
    };
    let (Some(year), Some(month @ 1..=12), Some(day @ 0..=31)) = (year, month, day) else {
        return text.to_string();
    };
    match (language, day) {
        ("en", 0) => format!("{} {year}", MONTHS_EN[month as usize - 1]),
        ("en", d) => format!("{d} {} {year}", MONTHS_EN[month as usize - 1]),
        (_, 0) => format!("{month:02}/{year}"),
        (_, d) => format!("{d:02}/{month:02}/{year}"),
    }
}

/// Registers the `num` and `fmt_date` filters for `language` on a template set.
pub fn register_filters(tera: &mut tera::Tera, language: &str) {
    let lang = language.to_string();
    tera.register_filter(
        "num",
        move |v: tera::Value, _: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            Ok(match (v.as_i64(), v.as_str()) {
                (Some(n), _) => number(n, &lang),
                (None, Some(s)) => s.trim().parse().map_or(s.to_string(), |n| number(n, &lang)),
                _ if v.is_none() || v.is_undefined() => String::new(),
                _ => v.to_string(),
            })
        },
    );
    let lang = language.to_string();
    tera.register_filter(
        "fmt_date",
        move |v: tera::Value, _: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            Ok(match v.as_str() {
                Some(s) => date(s, &lang),
                None if v.is_none() || v.is_undefined() => String::new(),
                None => v.to_string(),
            })
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands_per_language() {
        assert_eq!(number(1234, "vi"), "1.234");
        assert_eq!(number(1234, "en"), "1,234");
        assert_eq!(number(100_000, "vi"), "100.000");
        assert_eq!(number(999, "vi"), "999");
        assert_eq!(number(-1_234_567, "en"), "-1,234,567");
        assert_eq!(number(0, "en"), "0");
    }

    #[test]
    fn percentages_round_to_one_decimal() {
        assert_eq!(percent(1, 8, "vi"), "12,5 %");
        assert_eq!(percent(1, 3, "en"), "33.3%");
        assert_eq!(percent(2, 3, "en"), "66.7%");
        assert_eq!(percent(0, 0, "vi"), "0,0 %");
        assert_eq!(percent(5, 5, "en"), "100.0%");
    }

    #[test]
    fn dates_follow_the_language() {
        assert_eq!(date("2026-11-27", "vi"), "27/11/2026");
        assert_eq!(date("2026-11-27", "en"), "27 November 2026");
        assert_eq!(date("2024-03", "vi"), "03/2024");
        assert_eq!(date("2024-03", "en"), "March 2024");
        assert_eq!(date("2024", "en"), "2024");
        assert_eq!(date("tháng 5", "vi"), "tháng 5");
        assert_eq!(date("2024-13-01", "vi"), "2024-13-01");
    }
}
