//! Spreadsheets as content: an office's own list (`.xlsx`, `.xls`, `.ods`, `.csv`), one
//! profile per row, read as the office saved it.
//!
//! Each row becomes the same tree of fields a YAML profile is, with each value at its cell
//! (the row is the line, the column the column), and is read and checked by
//! [`profile::read`](super::profile::read) like any other profile, so a spreadsheet has no
//! rules of its own. Columns are found by their header, which may be the field's name or
//! the words offices write ("Họ và tên", "Năm sinh"); the header row is searched for below
//! title rows. Workbooks are read with `calamine`, CSV with `csv`.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader};
use unicode_normalization::UnicodeNormalization;

use super::model::Profile;
use super::profile::{self, Origin};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::slug::slugify;
use crate::yaml::{Fields, Node, Value};

/// The largest spreadsheet read: an office list of thousands of rows is a few MB.
pub const MAX_FILE: u64 = 50_000_000;

/// What the parts of a workbook may unpack to, in all. A workbook is a zip archive, which a
/// hostile file can make expand a thousandfold.
pub const MAX_UNPACKED: u64 = 400_000_000;

/// How far down the header row is looked for, below title rows.
const HEADER_SEARCH: usize = 30;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// A profile field, by its name in content.
    Field(&'static str),
    /// One part of the row's award(s).
    Award(&'static str),
    /// The story (`body`).
    Story,
    /// Recognised and left out: "STT", "Ghi chú".
    Ignored,
}

/// Headers offices write, compared without case, marks, punctuation or extra spaces, and
/// what each holds. A field's own name is also a header.
const HEADERS: &[(&str, Column)] = &[
    ("Họ và tên", Column::Field("name")),
    ("Họ tên", Column::Field("name")),
    ("Tên tập thể", Column::Field("name")),
    ("Tên đơn vị", Column::Field("name")),
    ("Năm sinh", Column::Field("birth_year")),
    ("Giới tính", Column::Field("gender")),
    ("Chức vụ", Column::Field("title")),
    ("Nghề nghiệp", Column::Field("title")),
    ("Chức danh", Column::Field("title")),
    ("Chức vụ, nghề nghiệp", Column::Field("title")),
    ("Nghề nghiệp, chức vụ", Column::Field("title")),
    ("Đơn vị", Column::Field("organization")),
    ("Nơi công tác", Column::Field("organization")),
    ("Huyện", Column::Field("district")),
    ("Huyện, thành phố", Column::Field("district")),
    ("Huyện, thị xã, thành phố", Column::Field("district")),
    ("Xã", Column::Field("commune")),
    ("Xã, phường, thị trấn", Column::Field("commune")),
    ("Lĩnh vực", Column::Field("fields")),
    ("Thành phần", Column::Field("group")),
    ("Đối tượng", Column::Field("group")),
    ("Tóm tắt thành tích", Column::Field("summary")),
    ("Thành tích", Column::Field("summary")),
    ("Năm", Column::Field("year")),
    ("Năm vinh danh", Column::Field("year")),
    ("Loại hình", Column::Field("kind")),
    ("Năm thành lập", Column::Field("founded")),
    ("Số thành viên", Column::Field("members")),
    ("Người đứng đầu", Column::Field("leader")),
    ("Địa chỉ", Column::Field("address")),
    ("Trang web", Column::Field("website")),
    ("Ảnh", Column::Field("photo")),
    ("Hình thức khen thưởng", Column::Award("title")),
    ("Danh hiệu", Column::Award("title")),
    ("Số quyết định", Column::Award("decision")),
    ("Quyết định", Column::Award("decision")),
    ("Năm khen thưởng", Column::Award("year")),
    ("Cấp khen thưởng", Column::Award("level")),
    ("Câu chuyện", Column::Story),
    ("Nội dung", Column::Story),
    ("STT", Column::Ignored),
    ("Số thứ tự", Column::Ignored),
    ("Ghi chú", Column::Ignored),
];

/// Field names that are also headers as they are.
const FIELD_NAMES: &[&str] = &[
    "name",
    "year",
    "summary",
    "title",
    "organization",
    "birth_year",
    "gender",
    "group",
    "district",
    "commune",
    "fields",
    "tags",
    "photo",
    "photo_alt",
    "photo_credit",
    "photo_focus",
    "kind",
    "founded",
    "members",
    "leader",
    "address",
    "website",
    "slug",
    "weight",
    "draft",
];

/// Fields whose cell may hold several values, one per line or separated by `;`.
const LISTS: &[&str] = &["fields", "tags"];

/// Fields that are years: a date typed there gives its year.
const YEARS: &[&str] = &["year", "birth_year"];

/// What a header means.
fn column(header: &str) -> Option<Column> {
    let key = slugify(header);
    if key.is_empty() {
        return None;
    }
    if let Some(name) = FIELD_NAMES.iter().find(|f| slugify(f) == key) {
        return Some(Column::Field(name));
    }
    HEADERS
        .iter()
        .find(|(h, _)| slugify(h) == key)
        .map(|(_, c)| *c)
}

/// One cell as a person typed it.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
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
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().nfc().collect(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            Cell::Error(_) => String::new(),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty | Cell::Error(_))
            || matches!(self, Cell::Text(t) if t.trim().is_empty())
    }

    /// A date typed as text (`15/8/2023`, `15-08-2023`), as a date cell would be.
    fn date_of_text(self) -> Cell {
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
struct Table {
    sheet: Option<String>,
    rows: Vec<Vec<Cell>>,
    first_row: usize,
    first_col: usize,
    /// A CSV file's line of each row (blank lines are skipped, a quoted cell may span
    /// lines), 1-based; none for a workbook, whose rows are consecutive.
    lines: Option<Vec<usize>>,
}

impl Table {
    /// The position of `rows[r][c]`, 1-based as people count rows and columns.
    fn pos(&self, r: usize, c: usize) -> Pos {
        let row = match &self.lines {
            Some(lines) => lines.get(r).copied().unwrap_or(r + 1),
            None => self.first_row + r + 1,
        };
        Pos::new(row, self.first_col + c + 1)
    }
}

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

/// A CSV file as one table: UTF-8 (with or without a BOM), separated by `,`, `;` or tabs.
fn csv_table(abs: &Path, rel: &Path, d: &mut Diagnostics) -> Option<Table> {
    let bytes = super::read_bytes(abs, rel, d)?;
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
fn workbook_tables(abs: &Path, rel: &Path, d: &mut Diagnostics) -> Vec<Table> {
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

/// Finds the header row: the first row, within [`HEADER_SEARCH`], that has a name column
/// and one more known column. Its unknown headers are errors, with a hint.
fn header(table: &Table, rel: &Path, d: &mut Diagnostics) -> Option<(usize, Vec<Option<Column>>)> {
    let at = table.rows.iter().take(HEADER_SEARCH).position(|row| {
        let known: Vec<Column> = row.iter().filter_map(|c| column(&c.text())).collect();
        known.contains(&Column::Field("name"))
            && known.iter().filter(|c| **c != Column::Ignored).count() >= 2
    })?;
    let mut columns = Vec::new();
    let names: Vec<&str> = HEADERS
        .iter()
        .map(|(h, _)| *h)
        .chain(FIELD_NAMES.iter().copied())
        .collect();
    for (c, head) in table.rows[at].iter().enumerate() {
        let text = head.text();
        if text.is_empty() {
            columns.push(None);
            continue;
        }
        let col = column(&text);
        if col.is_none() {
            let hint = match did_you_mean(&text, names.iter().copied()) {
                Some(close) => format!("did you mean \"{close}\"?"),
                None => "use one of the headers in the README's table (\"Họ và tên\", \"Năm sinh\", \"Giới tính\", \"Tóm tắt thành tích\"…), or delete the column; \"STT\" and \"Ghi chú\" columns are left out".to_string(),
            };
            d.push(
                Diagnostic::new(
                    rel,
                    table.pos(at, c),
                    format!("the column \"{text}\" is not a field of a profile"),
                )
                .hint(hint),
            );
        }
        // Two columns for one field ("Chức vụ" and "Nghề nghiệp"): one would be lost.
        let twin = col
            .filter(|c| *c != Column::Ignored)
            .and_then(|col| columns.iter().position(|other| *other == Some(col)));
        if let Some(first) = twin {
            d.push(
                Diagnostic::new(
                    rel,
                    table.pos(at, c),
                    format!(
                        "the column \"{text}\" holds the same field as column {}",
                        crate::diagnostics::cell_name(table.pos(at, first))
                    ),
                )
                .hint("keep one of the two columns, or join them in one"),
            );
            columns.push(None);
            continue;
        }
        columns.push(col);
    }
    Some((at, columns))
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
        profiles.extend(profile::read(f, origin, d));
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
                let fields = awards
                    .iter()
                    .filter_map(|(part, values, pos)| {
                        let v = values.get(i).or(if values.len() == 1 {
                            values.first()
                        } else {
                            None
                        })?;
                        Some((scalar(part, *pos), scalar(v, *pos)))
                    })
                    .collect();
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
    fn headers_are_found_without_case_marks_or_punctuation() {
        assert_eq!(column("HỌ VÀ TÊN"), Some(Column::Field("name")));
        assert_eq!(column("Họ  tên:"), Some(Column::Field("name")));
        assert_eq!(column("Huyện, thành phố"), Some(Column::Field("district")));
        assert_eq!(column("birth_year"), Some(Column::Field("birth_year")));
        assert_eq!(column("Số quyết định"), Some(Column::Award("decision")));
        assert_eq!(column("STT"), Some(Column::Ignored));
        assert_eq!(column("Quê quán"), None);
    }

    #[test]
    fn cells_read_as_typed() {
        assert_eq!(Cell::Number(1968.0).text(), "1968");
        assert_eq!(
            Cell::Text("15/8/2023".into()).date_of_text(),
            Cell::Date(2023, 8, 15)
        );
        assert_eq!(Cell::Date(2023, 8, 15).text(), "2023-08-15");
        assert_eq!(
            split("Y tế\nGiáo dục; Nông nghiệp"),
            ["Y tế", "Giáo dục", "Nông nghiệp"]
        );
    }
}
