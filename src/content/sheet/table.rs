//! The cells of a spreadsheet as a person typed them: a CSV file, or each sheet of a
//! workbook (read with `calamine`, after a look at its zip parts), as tables.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader};
use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};

/// What the parts of a workbook may unpack to, in all. A workbook is a zip archive, which a
/// hostile file can make expand a thousandfold.
pub const MAX_UNPACKED: u64 = 400_000_000;

/// One cell as a person typed it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell, or text written as a date (`15/8/2023`).
    Date(i64, u32, u32),
    /// A formula that failed (`#REF!`): its value is lost.
    Error(String),
}

impl Cell {
    /// The text a field reads: a whole number without `.0`, a date as `YYYY-MM-DD`, text
    /// trimmed and NFC (the YAML reader does the NFC part for names).
    pub(super) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().nfc().collect(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            Cell::Error(_) => String::new(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty | Cell::Error(_))
            || matches!(self, Cell::Text(t) if t.trim().is_empty())
    }

    /// A date typed as text (`15/8/2023`, `15-08-2023`), as a date cell would be.
    pub(super) fn date_of_text(self) -> Cell {
        if let Cell::Text(t) = &self {
            let parts: Vec<&str> = t.trim().split(['/', '-', '.']).collect();
            if let [d, m, y] = parts[..] {
                if let (Ok(d), Ok(m), Ok(y)) =
                    (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i64>())
                {
                    if (1..=31).contains(&d) && (1..=12).contains(&m) && (1000..=9999).contains(&y)
                    {
                        return Cell::Date(y, m, d);
                    }
                }
            }
        }
        self
    }
}

/// One table of cells: a sheet of a workbook, or a CSV file. `first_row`/`first_col` are
/// the 0-based position of `rows[0][0]` in the sheet.
pub(super) struct Table {
    pub(super) sheet: Option<String>,
    pub(super) rows: Vec<Vec<Cell>>,
    first_row: usize,
    first_col: usize,
    /// A CSV file's line of each row (blank lines are skipped, a quoted cell may span
    /// lines), 1-based; none for a workbook, whose rows are consecutive.
    lines: Option<Vec<usize>>,
}

impl Table {
    /// The position of `rows[r][c]`, 1-based as people count rows and columns.
    pub(super) fn pos(&self, r: usize, c: usize) -> Pos {
        let row = match &self.lines {
            Some(lines) => lines.get(r).copied().unwrap_or(r + 1),
            None => self.first_row + r + 1,
        };
        Pos::new(row, self.first_col + c + 1)
    }
}

/// A CSV file as one table: UTF-8 (with or without a BOM), separated by `,`, `;` or tabs.
pub(super) fn csv_table(abs: &Path, rel: &Path, d: &mut Diagnostics) -> Option<Table> {
    let bytes = crate::content::read_bytes(abs, rel, d)?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            d.push(
                Diagnostic::new(rel, Pos::new(line, 1), "this CSV file is not UTF-8 text: Vietnamese letters would come out wrong")
                    .hint("in Excel choose File → Save As → \"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice tick \"Edit filter settings\" and choose Unicode (UTF-8)"),
            );
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|&c| (first.bytes().filter(|&b| b == c).count(), c == b','))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let (mut rows, mut lines) = (Vec::new(), Vec::new());
    // A record's position may be that of the blank lines before it: its line is counted
    // from its first character, going on from the last record.
    let bytes = text.as_bytes();
    let (mut at, mut line) = (0usize, 1usize);
    for record in reader.records() {
        match record {
            Ok(r) => {
                let mut start = r.position().map_or(at, |p| p.byte() as usize).max(at);
                while matches!(bytes.get(start), Some(b'\n' | b'\r')) {
                    start += 1;
                }
                line += bytes[at..start.min(bytes.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                at = start.min(bytes.len());
                lines.push(line);
                rows.push(r.iter().map(|c| Cell::Text(c.to_string())).collect());
            }
            Err(e) => {
                let line = e.position().map_or(rows.len() + 1, |p| p.line() as usize);
                d.push(
                    Diagnostic::new(
                        rel,
                        Pos::new(line, 1),
                        format!("this CSV row cannot be read: {e}"),
                    )
                    .in_sheet(None),
                );
                return None;
            }
        }
    }
    Some(Table {
        sheet: None,
        rows,
        first_row: 0,
        first_col: 0,
        lines: Some(lines),
    })
}

/// Every sheet of a workbook. A damaged, encrypted or renamed file, or one whose parts
/// would unpack to more than [`MAX_UNPACKED`], is one clear error.
pub(super) fn workbook_tables(abs: &Path, rel: &Path, d: &mut Diagnostics) -> Vec<Table> {
    let unreadable = |why: String| {
        Diagnostic::new(rel, Pos::START, format!("this workbook cannot be read: {why}")).hint(
            "open it in Excel or LibreOffice and save it again (without a password) as .xlsx or .ods; if it will not open there either, the file is damaged",
        )
    };
    if let Err(why) = check_archive(abs) {
        d.push(unreadable(why));
        return Vec::new();
    }
    let mut book = match calamine::open_workbook_auto(abs) {
        Ok(b) => b,
        Err(e) => {
            d.push(unreadable(explain(&e.to_string())));
            return Vec::new();
        }
    };
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        match book.worksheet_range(&name) {
            Ok(range) => {
                let (first_row, first_col) = range
                    .start()
                    .map_or((0, 0), |(r, c)| (r as usize, c as usize));
                let rows = range
                    .rows()
                    .map(|row| row.iter().map(cell).collect())
                    .collect();
                tables.push(Table {
                    sheet: Some(name),
                    rows,
                    first_row,
                    first_col,
                    lines: None,
                });
            }
            Err(e) => d.push(unreadable(format!(
                "sheet \"{name}\": {}",
                explain(&e.to_string())
            ))),
        }
    }
    tables
}

/// A library's message in plain words where it is one of the usual ones.
fn explain(message: &str) -> String {
    let lower = message.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        "it is protected with a password".to_string()
    } else if lower.contains("zip") || lower.contains("eof") || lower.contains("end of central") {
        format!("it is not a complete workbook (cut off, damaged, or another kind of file renamed): {message}")
    } else {
        message.to_string()
    }
}

/// Refuses a zip-based workbook whose parts would unpack out of all proportion.
fn check_archive(abs: &Path) -> Result<(), String> {
    let mut file = std::fs::File::open(abs).map_err(|e| e.to_string())?;
    let mut magic = [0u8; 4];
    if file.read_exact(&mut magic).is_err() || magic != *b"PK\x03\x04" {
        // Not a zip archive (an .xls, or a renamed file): calamine says what it is.
        return Ok(());
    }
    let mut archive = zip::ZipArchive::new(std::fs::File::open(abs).map_err(|e| e.to_string())?)
        .map_err(|e| explain(&format!("zip: {e}")))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let size = archive.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
        total = total.saturating_add(size);
    }
    let packed = std::fs::metadata(abs).map(|m| m.len()).unwrap_or(0);
    if total > MAX_UNPACKED || (total > 50_000_000 && total > packed.saturating_mul(200)) {
        return Err(format!(
            "its parts would unpack to {} MB, more than a list of honourees ever holds ({} MB at most)",
            total / 1_000_000,
            MAX_UNPACKED / 1_000_000
        ));
    }
    Ok(())
}

/// A workbook cell as a person typed it; a formula gives its cached value.
fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Error(e) => Cell::Error(format!("{e:?}")),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(i64::from(y), u32::from(m), u32::from(d))
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            let date: Vec<&str> = s.get(..10).unwrap_or("").split('-').collect();
            match date[..] {
                [y, m, d] => match (y.parse(), m.parse(), d.parse()) {
                    (Ok(y), Ok(m), Ok(d)) => Cell::Date(y, m, d),
                    _ => Cell::Text(s.clone()),
                },
                _ => Cell::Text(s.clone()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_typed() {
        assert_eq!(Cell::Number(1968.0).text(), "1968");
        assert_eq!(
            Cell::Text("15/8/2023".into()).date_of_text(),
            Cell::Date(2023, 8, 15)
        );
        assert_eq!(Cell::Date(2023, 8, 15).text(), "2023-08-15");
    }
}
