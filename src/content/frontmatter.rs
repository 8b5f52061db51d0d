//! Splitting a Markdown file into its YAML front matter and its body.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos};

/// A Markdown file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines (empty when the file has none).
    pub yaml: &'a str,
    /// How many lines of the file come before the YAML, to add to YAML line numbers.
    pub yaml_line_offset: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// Whether the file had front matter at all.
    pub has_front_matter: bool,
}

/// Splits `text`. A file without a first `---` line has no front matter; one whose front
/// matter is never closed is an error pointing at the opening line.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Ok(Split {
            yaml: "",
            yaml_line_offset: 0,
            body: text,
            has_front_matter: false,
        });
    }
    let start = first.len();
    let mut offset = start;
    for line in lines {
        let end = offset + line.len();
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[start..offset],
                yaml_line_offset: 1,
                body: &text[end..],
                has_front_matter: true,
            });
        }
        offset = end;
    }
    Err(Diagnostic::new(
        path,
        Pos::START,
        "the front matter that starts here is never closed",
    )
    .hint("add a line with only `---` after the last field, before the story"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\nname: A\n---\nStory\n", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "name: A\n");
        assert_eq!(s.body, "Story\n");
        assert_eq!(s.yaml_line_offset, 1);
        assert!(s.has_front_matter);
    }

    #[test]
    fn windows_line_endings_and_bom() {
        let s = split("\u{feff}---\r\nname: A\r\n---\r\nStory", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "name: A\r\n");
        assert_eq!(s.body, "Story");
    }

    #[test]
    fn no_front_matter_and_unclosed() {
        let s = split("# Title\n", Path::new("a.md")).unwrap();
        assert!(!s.has_front_matter);
        assert_eq!(s.body, "# Title\n");
        let e = split("---\nname: A\nStory\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.pos, Pos::START);
    }
}
