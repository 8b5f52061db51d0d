//! Problems found in a site's files, collected so that one build reports all of them.
//!
//! Every problem names a file, a line and a column (1-based), says what is wrong in plain
//! words and, where we can tell, how to fix it. Nothing here stops a build: the stages push
//! into a [`Diagnostics`] list and the caller decides, once everything was looked at, whether
//! to go on.

use std::fmt;
use std::path::PathBuf;

/// A position in a file, 1-based like editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Pos {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column in characters, starting at 1.
    pub col: usize,
}

impl Pos {
    /// The first character of a file.
    pub const START: Pos = Pos { line: 1, col: 1 };

    /// A position from a line and column, both 1-based.
    pub fn new(line: usize, col: usize) -> Pos {
        Pos { line, col }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root when it is inside it.
    pub path: PathBuf,
    /// Where in the file.
    pub pos: Pos,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
    /// In a spreadsheet, the position is a cell (`line` the row, `col` the column) and this
    /// is its sheet: a name, or none for a CSV file.
    pub sheet: Option<Option<String>>,
}

/// Writes problems the way a person reads them: one block per problem, then a count and
/// what it means for the command (`outcome`: "Nothing was written: …"). Every command prints
/// its problems through this.
pub fn report(errors: &[Diagnostic], outcome: Option<&str>) -> String {
    let mut s = String::new();
    for e in errors {
        s.push_str(&format!("error: {e}\n"));
    }
    let n = errors.len();
    s.push_str(&format!(
        "\n{n} problem{} found.",
        if n == 1 { "" } else { "s" }
    ));
    if let Some(outcome) = outcome {
        s.push(' ');
        s.push_str(outcome);
    }
    s.push('\n');
    s
}

impl Diagnostic {
    /// A problem at `pos` in `path`.
    pub fn new(path: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            pos,
            message: message.into(),
            hint: None,
            sheet: None,
        }
    }

    /// Says that the position is a cell of `sheet` (none for a CSV file).
    pub fn in_sheet(mut self, sheet: Option<&str>) -> Self {
        self.sheet = Some(sheet.map(str::to_string));
        self
    }

    /// Adds a suggestion on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            None => write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                self.pos.line,
                self.pos.col,
                self.message
            )?,
            Some(sheet) => {
                write!(f, "{}: ", self.path.display())?;
                if let Some(name) = sheet {
                    write!(f, "sheet \"{name}\", ")?;
                }
                write!(f, "cell {}: {}", cell_name(self.pos), self.message)?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A cell's name in A1 notation: `E7` for row 7, column 5.
pub fn cell_name(pos: Pos) -> String {
    let mut col = pos.col.max(1);
    let mut letters = Vec::new();
    while col > 0 {
        letters.push(b'A' + ((col - 1) % 26) as u8);
        col = (col - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), pos.line)
}

/// All problems found so far, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    /// Moves every problem of `other` into this list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The problems, sorted by file and position so a report reads top to bottom.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort_by(|a, b| {
            (&a.path, a.pos.line, a.pos.col).cmp(&(&b.path, b.pos.line, b.pos.col))
        });
        self.list.dedup();
        self.list
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }
}

/// The closest of `candidates` to a misspelt `word`, when it is close enough to be a likely
/// typo ("nmae" → "name"), for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["name", "year", "summary", "photo"];
        assert_eq!(did_you_mean("nmae", fields), Some("name"));
        assert_eq!(did_you_mean("Yaer", fields), Some("year"));
        assert_eq!(did_you_mean("colour", fields), None);
    }

    #[test]
    fn display_has_path_line_column_and_hint() {
        let d = Diagnostic::new("content/a.md", Pos::new(3, 5), "unknown field `nmae`")
            .hint("did you mean `name`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:5: unknown field `nmae`\n  hint: did you mean `name`?"
        );
    }

    #[test]
    fn a_spreadsheet_problem_names_its_sheet_and_cell() {
        let d = Diagnostic::new(
            "content/citizens/2024.xlsx",
            Pos::new(7, 5),
            "`gender` cannot be `Male`",
        )
        .in_sheet(Some("Danh sách"));
        assert_eq!(
            d.to_string(),
            "content/citizens/2024.xlsx: sheet \"Danh sách\", cell E7: `gender` cannot be `Male`"
        );
        let csv = Diagnostic::new("a.csv", Pos::new(2, 28), "x").in_sheet(None);
        assert_eq!(csv.to_string(), "a.csv: cell AB2: x");
        assert_eq!(cell_name(Pos::new(1, 26)), "Z1");
        assert_eq!(cell_name(Pos::new(1, 27)), "AA1");
    }
}
