//! Decision references as offices write them: "Quyết định số 1234/QĐ-UBND ngày 15/8/2023"
//! gives the number `1234/QĐ-UBND`, the date 15 August 2023 and, from the number's suffix,
//! the issuing body.

use unicode_normalization::UnicodeNormalization;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Date {
    /// The year.
    pub year: i64,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

impl Date {
    fn new(year: i64, month: u32, day: u32) -> Option<Date> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2200).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `d/m/yyyy`, as offices write a date.
    pub fn dmy(self) -> String {
        format!("{}/{}/{}", self.day, self.month, self.year)
    }

    /// `dd/mm/yyyy`, as a notice prints a deadline.
    pub fn ddmmyyyy(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days() - self.days()
    }

    /// Days since 1970-01-01.
    fn days(self) -> i64 {
        // The inverse of `today`'s civil-from-days.
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// A date as written in a file: `2026-12-01` or `1/12/2026`.
    pub fn read(text: &str) -> Option<Date> {
        let text = text.trim();
        let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
        let num = |s: &str| s.trim().parse::<i64>().ok();
        match parts.as_slice() {
            [y, m, d] if y.len() == 4 => Date::new(num(y)?, num(m)? as u32, num(d)? as u32),
            [d, m, y] if y.len() == 4 => Date::new(num(y)?, num(m)? as u32, num(d)? as u32),
            _ => None,
        }
    }

    /// Today, from the system clock (UTC).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Date::from_days(secs.div_euclid(86_400))
    }

    /// The day `n` days after this one (before it when `n` is negative).
    pub fn plus_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// The date `days` days after 1970-01-01 (the proleptic Gregorian calendar).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }
}

/// What a decision reference says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The number with its sign, as written (`1234/QĐ-UBND`).
    pub number: String,
    /// When it was signed, when the reference says.
    pub date: Option<Date>,
    /// Who issued it, from the sign after the number (`UBND` → Ủy ban nhân dân).
    pub issuer: Option<String>,
}

impl Reference {
    /// The number in one form, for comparing references written differently
    /// (`1234/qđ-ubnd`, `1234 / QĐ-UBND`).
    pub fn key(&self) -> String {
        self.number
            .nfc()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    }
}

/// Issuing bodies by the sign that ends a decision's number.
const ISSUERS: &[(&str, &str)] = &[
    ("TTG", "Thủ tướng Chính phủ"),
    ("CTN", "Chủ tịch nước"),
    ("UBND", "Ủy ban nhân dân"),
    ("CT", "Chủ tịch Ủy ban nhân dân"),
    ("BCA", "Bộ Công an"),
    ("BQP", "Bộ Quốc phòng"),
    ("BGDĐT", "Bộ Giáo dục và Đào tạo"),
    ("BYT", "Bộ Y tế"),
    ("TLĐ", "Tổng Liên đoàn Lao động Việt Nam"),
    ("HĐTĐKT", "Hội đồng Thi đua – Khen thưởng"),
];

/// Reads a reference; `None` when it has no number with a sign (`1234/QĐ-UBND`).
pub fn parse(text: &str) -> Option<Reference> {
    let text: String = text.nfc().collect();
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(' || c == ')')
        .filter(|t| !t.is_empty())
        .collect();
    // The number: a token that starts with a digit and has a sign after a slash.
    let at = tokens.iter().position(|t| {
        t.starts_with(|c: char| c.is_ascii_digit())
            && t.split_once('/')
                .is_some_and(|(_, sign)| sign.chars().any(char::is_alphabetic))
    })?;
    let number = tokens[at].trim_end_matches(['.', ':']).to_string();
    let sign = number.rsplit('/').next().unwrap_or("");
    let code = sign.rsplit('-').next().unwrap_or(sign).to_uppercase();
    let issuer = ISSUERS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| name.to_string());
    let date = date_after(&tokens[at + 1..]);
    Some(Reference {
        number,
        date,
        issuer,
    })
}

/// The first date in `tokens`: `15/8/2023`, `15-8-2023`, `15.8.2023` or
/// `15 tháng 8 năm 2023`.
fn date_after(tokens: &[&str]) -> Option<Date> {
    let num = |s: &str| s.trim_end_matches('.').parse::<i64>().ok();
    for (i, t) in tokens.iter().enumerate() {
        let parts: Vec<&str> = t.split(['/', '-', '.']).filter(|p| !p.is_empty()).collect();
        if let [d, m, y] = parts.as_slice() {
            if let (Some(d), Some(m), Some(y)) = (num(d), num(m), num(y)) {
                return Date::new(y, m as u32, d as u32);
            }
        }
        if let [d, thang, m, nam, y, ..] = &tokens[i..] {
            let folded = |s: &str| crate::slug::slugify(s);
            if folded(thang) == "thang" && folded(nam) == "nam" {
                if let (Some(d), Some(m), Some(y)) = (num(d), num(m), num(y)) {
                    return Date::new(y, m as u32, d as u32);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_offices_write() {
        let r = parse("Quyết định số 1234/QĐ-UBND ngày 15/8/2023").unwrap();
        assert_eq!(r.number, "1234/QĐ-UBND");
        assert_eq!(
            r.date,
            Some(Date {
                year: 2023,
                month: 8,
                day: 15
            })
        );
        assert_eq!(r.issuer.as_deref(), Some("Ủy ban nhân dân"));
        let r = parse("QĐ số 56/QĐ-TTg, ngày 5 tháng 1 năm 2024").unwrap();
        assert_eq!(
            (r.number.as_str(), r.date.unwrap().iso()),
            ("56/QĐ-TTg", "2024-01-05".into())
        );
        assert_eq!(r.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        let r = parse("1089/QĐ-UBND").unwrap();
        assert_eq!(r.date, None);
        assert_eq!(
            parse("Quyết định số 1234/qđ-ubnd ngày 15-08-2023")
                .unwrap()
                .key(),
            "1234/QĐ-UBND"
        );
        assert_eq!(
            parse("Số 9/QĐ-XYZ ngày 31/2/2023").unwrap().date,
            None,
            "no 31 February"
        );
    }

    #[test]
    fn text_without_a_number_is_not_a_reference() {
        assert_eq!(parse("Bằng khen của Chủ tịch UBND tỉnh"), None);
        assert_eq!(parse("năm 2023"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn dates_count_days_and_read_both_ways() {
        let a = Date::read("2024-02-28").unwrap();
        let b = Date::read("1/3/2024").unwrap();
        assert_eq!(a.days_until(b), 2, "2024 is a leap year");
        assert_eq!(b.days_until(a), -2);
        assert_eq!(Date::read("1970-01-01").unwrap().days(), 0);
        assert_eq!(a.plus_days(2), b);
        assert_eq!(b.plus_days(-2), a);
        assert_eq!(
            Date::read("2024-12-31").unwrap().plus_days(1).iso(),
            "2025-01-01"
        );
        assert_eq!(b.ddmmyyyy(), "01/03/2024");
        assert_eq!(Date::read("31/2/2024"), None);
        assert_eq!(Date::read("2024"), None);
        let t = Date::today();
        assert_eq!(Date::read(&t.iso()).unwrap().days_until(t), 0);
    }

    #[test]
    fn today_is_a_real_date() {
        let t = Date::today();
        assert!(t.year >= 2024 && (1..=12).contains(&t.month) && (1..=31).contains(&t.day));
    }
}
