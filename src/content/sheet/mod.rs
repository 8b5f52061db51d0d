//! Spreadsheets as content: an office's own list (`.xlsx`, `.xls`, `.ods`, `.csv`), one
//! profile per row, read as the office saved it.
//!
//! Each row becomes the same tree of fields a YAML profile is, with each value at its cell
//! (the row is the line, the column the column), and is read and checked by
//! [`profile::read`](super::profile::read) like any other profile, so a spreadsheet has no
//! rules of its own. Columns are found by their header, which may be the field's name or
//! the words offices write ("Họ và tên", "Năm sinh"); the header row is searched for below
//! title rows. Workbooks are read with `calamine`, CSV with `csv`.

mod headers;
mod table;

use std::path::Path;

use super::model::Profile;
use super::profile::{self, Origin};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::slug::slugify;
use crate::yaml::{Fields, Node, Value};
use headers::{header, Column, LISTS, YEARS};
use table::{csv_table, workbook_tables, Cell, Table};

pub use table::MAX_UNPACKED;

/// The largest spreadsheet read: an office list of thousands of rows is a few MB.
pub const MAX_FILE: u64 = 50_000_000;

/// What reading one spreadsheet gave.
#[derive(Default)]
pub struct SheetProfiles {
    /// Its profiles.
    pub profiles: Vec<Profile>,
    /// Sheets left out because no header row was found in them, by name.
    pub skipped: Vec<String>,
}

/// Reads the spreadsheet `origin.source` (under `root`) of the section in `origin`. Rows
/// without a year take `year`, or the year the file's name gives.
pub fn read(
    root: &Path,
    origin: &Origin<'_>,
    year: Option<i64>,
    d: &mut Diagnostics,
) -> SheetProfiles {
    let rel = origin.source;
    let abs = root.join(rel);
    let ext = rel
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let size = std::fs::metadata(&abs).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE {
        d.push(
            Diagnostic::new(rel, Pos::START, format!("this spreadsheet is {:.0} MB; at most {} MB is read", size as f64 / 1e6, MAX_FILE / 1_000_000))
                .hint("a list of honourees is a few MB: save only the list, without pictures pasted into the sheet"),
        );
        return SheetProfiles::default();
    }
    let tables = if ext == "csv" {
        csv_table(&abs, rel, d).into_iter().collect()
    } else {
        workbook_tables(&abs, rel, d)
    };
    let defaults = match year {
        Some(y) => vec![(
            scalar("year", Pos::START),
            scalar(&y.to_string(), Pos::START),
        )],
        None => defaults_of(rel),
    };
    let mut out = SheetProfiles::default();
    let mut any_header = false;
    for table in &tables {
        let mut local = Diagnostics::new();
        match header(table, rel, &mut local) {
            None => out.skipped.extend(
                table
                    .sheet
                    .clone()
                    .or_else(|| Some(rel.display().to_string())),
            ),
            Some((at, columns)) => {
                any_header = true;
                out.profiles.extend(rows(
                    table, at, &columns, &defaults, root, origin, &mut local,
                ));
            }
        }
        for mut e in local.into_sorted() {
            if e.path == rel {
                // The hints speak of YAML lines; in a cell only the value is typed.
                if e.hint
                    .as_deref()
                    .is_some_and(|h| h.contains("without quotes"))
                {
                    e.hint = Some("type only the number in the cell, like 1968".into());
                }
                e = e.in_sheet(table.sheet.as_deref());
            }
            d.push(e);
        }
    }
    if !any_header && !tables.is_empty() {
        d.push(
            Diagnostic::new(rel, Pos::START, "no sheet of this spreadsheet has a header row with a name column")
                .hint("give the list a header row with at least \"Họ và tên\" (or \"Tên tập thể\") and one more column, such as \"Năm sinh\" or \"Tóm tắt thành tích\""),
        );
        out.skipped.clear();
    }
    out
}

/// The defaults a file's name gives: `2024.xlsx`, or a file in a folder `2024/`, is of that
/// year.
fn defaults_of(rel: &Path) -> Vec<(Node, Node)> {
    let year = [rel.file_stem(), rel.parent().and_then(Path::file_name)]
        .into_iter()
        .flatten()
        .filter_map(|s| s.to_str())
        .find(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()));
    year.map(|y| vec![(scalar("year", Pos::START), scalar(y, Pos::START))])
        .unwrap_or_default()
}

fn scalar(text: &str, pos: Pos) -> Node {
    Node {
        value: Value::Scalar {
            text: text.to_string(),
            quoted: false,
        },
        pos,
    }
}

/// The profiles of the rows below the header.
fn rows(
    table: &Table,
    header: usize,
    columns: &[Option<Column>],
    defaults: &[(Node, Node)],
    root: &Path,
    origin: &Origin<'_>,
    d: &mut Diagnostics,
) -> Vec<Profile> {
    let rel = origin.source;
    let name_col = columns
        .iter()
        .position(|c| *c == Some(Column::Field("name")));
    let mut profiles = Vec::new();
    for (r, row) in table.rows.iter().enumerate().skip(header + 1) {
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        for (c, cell) in row.iter().enumerate() {
            if let (Cell::Error(e), Some(Some(_))) = (cell, columns.get(c)) {
                d.push(
                    Diagnostic::new(
                        rel,
                        table.pos(r, c),
                        format!("this cell's formula failed ({e}), so its value is lost"),
                    )
                    .hint("fix the formula in the spreadsheet, or type the value itself"),
                );
            }
        }
        let named = name_col
            .and_then(|c| row.get(c))
            .is_some_and(|c| !c.is_empty());
        if !named && is_totals(row) {
            // The totals row ends the list; what follows is signatures and notes.
            break;
        }
        let node = row_node(table, r, row, columns, root, rel);
        let f = Fields::of(&node, rel, "this row", d).with_defaults(defaults, "");
        profiles.extend(profile::read(f, origin, d).map(|mut p| {
            p.sheet.clone_from(&table.sheet);
            p
        }));
    }
    profiles
}

/// A totals row: "Tổng cộng: 10 người", "Tổng số", "Cộng".
fn is_totals(row: &[Cell]) -> bool {
    row.iter().any(|c| {
        let s = slugify(&c.text());
        s.starts_with("tong-cong")
            || s.starts_with("tong-so")
            || s == "cong"
            || s.starts_with("cong-")
    })
}

/// A row as the tree of fields a YAML profile is, each value at its cell.
fn row_node(
    table: &Table,
    r: usize,
    row: &[Cell],
    columns: &[Option<Column>],
    root: &Path,
    rel: &Path,
) -> Node {
    let mut entries: Vec<(Node, Node)> = Vec::new();
    let mut awards: Vec<(&'static str, Vec<String>, Pos)> = Vec::new();
    for (c, col) in columns.iter().enumerate() {
        let Some(col) = col else { continue };
        let Some(cell) = row.get(c).filter(|c| !c.is_empty()) else {
            continue;
        };
        let pos = table.pos(r, c);
        match *col {
            Column::Ignored => {}
            Column::Story => entries.push((scalar("body", pos), scalar(&cell.text(), pos))),
            Column::Award(part) => {
                let cell = cell.clone().date_of_text();
                let text = match (part, &cell) {
                    ("year", Cell::Date(y, ..)) => y.to_string(),
                    _ => cell.text(),
                };
                awards.push((part, split(&text), pos));
            }
            Column::Field(name) => {
                let cell = cell.clone().date_of_text();
                let text = match (YEARS.contains(&name), &cell) {
                    (true, Cell::Date(y, ..)) => y.to_string(),
                    _ => cell.text(),
                };
                let text = if name == "photo" {
                    photo_path(&text, root, rel)
                } else {
                    text
                };
                let value = if LISTS.contains(&name) {
                    Node {
                        value: Value::Seq(split(&text).iter().map(|v| scalar(v, pos)).collect()),
                        pos,
                    }
                } else {
                    scalar(&text, pos)
                };
                entries.push((scalar(name, pos), value));
            }
        }
    }
    if !awards.is_empty() {
        // Several awards in one row: one per line (or `;`) of the title cell, the other
        // cells' lines in the same order.
        let count = awards.iter().map(|(_, v, _)| v.len()).max().unwrap_or(0);
        let pos = awards[0].2;
        let items = (0..count)
            .map(|i| {
                let mut fields = Vec::new();
                let mut revoked = Vec::new();
                for (part, values, pos) in &awards {
                    let Some(v) = values.get(i).or(if values.len() == 1 {
                        values.first()
                    } else {
                        None
                    }) else {
                        continue;
                    };
                    // The two withdrawal columns are the award's `revoked: { decision, reason }`.
                    match part.strip_prefix("revoked_") {
                        Some(key) => revoked.push((scalar(key, *pos), scalar(v, *pos))),
                        None => fields.push((scalar(part, *pos), scalar(v, *pos))),
                    }
                }
                if let Some(at) = revoked.first().map(|(k, _)| k.pos) {
                    let value = Value::Map(revoked);
                    fields.push((scalar("revoked", at), Node { value, pos: at }));
                }
                Node {
                    value: Value::Map(fields),
                    pos,
                }
            })
            .collect();
        entries.push((
            scalar("awards", pos),
            Node {
                value: Value::Seq(items),
                pos,
            },
        ));
    }
    Node {
        value: Value::Map(entries),
        pos: table.pos(r, 0),
    }
}

/// Several values of one cell, on separate lines or separated by `;`.
fn split(text: &str) -> Vec<String> {
    text.split(['\n', ';'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// A photo named in a row: beside the spreadsheet, or in a folder named like it
/// (`2024.xlsx` → `2024/`).
fn photo_path(written: &str, root: &Path, rel: &Path) -> String {
    let dir = rel.parent().unwrap_or(Path::new(""));
    if root.join(dir).join(written).is_file() {
        return written.to_string();
    }
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let beside = Path::new(stem).join(written);
    if root.join(dir).join(&beside).is_file() {
        beside.to_string_lossy().replace('\\', "/")
    } else {
        written.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_values_in_one_cell() {
        assert_eq!(
            split("Y tế\nGiáo dục; Nông nghiệp"),
            ["Y tế", "Giáo dục", "Nông nghiệp"]
        );
    }
}
