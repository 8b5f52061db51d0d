//! Changing one field of a YAML mapping in its text, leaving every other byte as it was:
//! other fields with their quoting and order, comments, blank lines, the Markdown story.
//! What the editor in `serve` writes with, so that a staff member's file stays their own.
//!
//! A mapping is a run of lines whose keys start at one column (the front matter at column
//! 0, a list item's after its `- `). A field is its key's line and the more indented lines
//! under it; comments and blank lines after it belong to what follows.

/// A field's new value, as the form gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// One piece of text (a number is text too); written plain when that reads back the
    /// same, quoted otherwise.
    Text(String),
    /// `true` or `false`.
    Flag(bool),
    /// A list of short texts, written `[a, b]`.
    List(Vec<String>),
    /// A list of mappings (awards, links), each a list of (key, text).
    Group(Vec<Vec<(String, String)>>),
}

/// Where a mapping is in a text: lines `start..end` (counted from 0), keys at `indent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// First line.
    pub start: usize,
    /// Line after the last.
    pub end: usize,
    /// Column of the keys.
    pub indent: usize,
}

/// One field found in a block: its key and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Its key's line.
    pub start: usize,
    /// The line after its last.
    pub end: usize,
}

/// The key starting at column `indent` of `line`, when the line holds one there: only
/// spaces before it (or a list item's `- `), and `key:` followed by a space or the end.
fn key_at(line: &str, indent: usize) -> Option<&str> {
    let (before, rest) = (line.get(..indent)?, line.get(indent..)?);
    let before_ok = before.chars().all(|c| c == ' ')
        || (before.trim_end().ends_with('-') && before.trim_end().trim_start() == "-");
    if !before_ok || rest.starts_with([' ', '#', '-', '\t']) {
        return None;
    }
    let colon = rest.find(':')?;
    let after = &rest[colon + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\r', '\n'])) {
        return None;
    }
    let key = rest[..colon].trim_matches(['"', '\'']);
    (!key.is_empty() && !key.contains(' ')).then_some(key)
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The fields of `block`, in order.
pub fn entries(lines: &[&str], block: Block) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut last_content = block.start;
    let end = block.end.min(lines.len());
    for (i, &line) in lines.iter().enumerate().take(end).skip(block.start) {
        if let Some(key) = key_at(line, block.indent) {
            if let Some(prev) = out.last_mut() {
                prev.end = last_content + 1;
            }
            out.push(Entry {
                key: key.to_string(),
                start: i,
                end: i + 1,
            });
            last_content = i;
        } else if !is_blank_or_comment(line) && indent_of(line) > block.indent {
            last_content = i;
        } else if !is_blank_or_comment(line) {
            // Something at the keys' column that is not a key: the block ends here.
            break;
        }
    }
    if let Some(prev) = out.last_mut() {
        prev.end = last_content + 1;
    }
    out
}

/// Writes `value` as the field `key` at column `indent`: the lines, each ending in `\n`.
pub fn render(key: &str, value: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match value {
        Value::Text(t) => format!("{pad}{key}: {}\n", scalar(t, false)),
        Value::Flag(b) => format!("{pad}{key}: {b}\n"),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(|s| scalar(s, true)).collect();
            format!("{pad}{key}: [{}]\n", items.join(", "))
        }
        Value::Group(groups) => {
            let mut s = format!("{pad}{key}:\n");
            // A whole number (a year) is written plain: vinhdanh reads every scalar as text,
            // and `year: 2026` is how people write it.
            let value = |v: &str| {
                if v.parse::<i64>().is_ok() {
                    v.to_string()
                } else {
                    scalar(v, false)
                }
            };
            for group in groups {
                let mut opened: Option<&str> = None;
                for (n, (k, v)) in group.iter().enumerate() {
                    let lead = if n == 0 { "  - " } else { "    " };
                    // `revoked.decision` is `decision` in the item's mapping `revoked`.
                    match k.split_once('.') {
                        Some((outer, inner)) => {
                            if opened != Some(outer) {
                                s.push_str(&format!("{pad}{lead}{outer}:\n"));
                                opened = Some(outer);
                            }
                            s.push_str(&format!("{pad}      {inner}: {}\n", value(v)));
                        }
                        None => {
                            opened = None;
                            s.push_str(&format!("{pad}{lead}{k}: {}\n", value(v)));
                        }
                    }
                }
            }
            s
        }
    }
}

/// `s` as a YAML scalar: plain when that reads back as the same text, double-quoted (a JSON
/// string is a YAML double-quoted scalar) otherwise. In a flow list `,[]{}` quote too.
pub fn scalar(s: &str, in_flow: bool) -> String {
    let first = s.chars().next().unwrap_or(' ');
    let plain = !s.is_empty()
        && !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !first.is_whitespace()
        && !s.ends_with(char::is_whitespace)
        && !s.ends_with(':')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(char::is_control)
        && !(in_flow && s.contains([',', '[', ']', '{', '}']))
        && s.parse::<f64>().is_err()
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::Value::String(s.to_string()).to_string()
    }
}

/// A number written plain (it must stay a number: `year: 2023`, not `"2023"`).
pub fn number(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// `text` with the field `key` of `block` set to `value` (`None` removes it). Only that
/// field's lines change; a field not there yet goes after the commented-out example of it
/// that `vinhdanh new` writes (`# summary: …`), or at the end of the block.
pub fn set(text: &str, block: Block, key: &str, value: Option<&Value>) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let found = entries(&lines, block);
    let new = value.map(|v| {
        let r = render(key, v, block.indent);
        // Numbers are written as given, unquoted.
        match v {
            Value::Text(t) if t.parse::<f64>().is_ok() && is_numeric_key(key) => {
                format!("{}{key}: {t}\n", " ".repeat(block.indent))
            }
            _ => r,
        }
    });
    let mut out = String::with_capacity(text.len() + 64);
    match found.iter().find(|e| e.key == key) {
        Some(e) => {
            for (i, line) in lines.iter().enumerate() {
                if i == e.start {
                    if let Some(new) = &new {
                        // A list item's first field keeps its `- `, a one-line field the
                        // comment written after it.
                        let mut first =
                            format!("{}{}", &lines[i][..block.indent], &new[block.indent..]);
                        if e.end == e.start + 1 && new.lines().count() == 1 {
                            if let Some((col, comment)) = trailing_comment(line) {
                                let value = first.trim_end().to_string();
                                let width = value.chars().count();
                                let pad = if width + 2 <= col { col - width } else { 2 };
                                first = format!("{value}{}{comment}\n", " ".repeat(pad));
                            }
                        }
                        out.push_str(&first);
                    }
                } else if !(e.start..e.end).contains(&i) {
                    out.push_str(line);
                }
            }
        }
        None => {
            let Some(new) = new else {
                return text.to_string();
            };
            let at = example_line(&lines, block, key)
                .or_else(|| found.last().map(|e| e.end))
                .unwrap_or(block.end);
            for (i, line) in lines.iter().enumerate() {
                if i == at {
                    out.push_str(&new);
                }
                out.push_str(line);
                if i + 1 == lines.len() && !line.ends_with('\n') && at > i {
                    out.push('\n');
                }
            }
            if at >= lines.len() {
                out.push_str(&new);
            }
        }
    }
    out
}

/// The comment at the end of a line (`name: Đức   # họ và tên`): the column it starts at
/// (in characters) and its text from the `#`. A `#` inside quotes, or not after a space, is
/// part of the value.
fn trailing_comment(line: &str) -> Option<(usize, &str)> {
    let (mut single, mut double, mut prev_space) = (false, false, false);
    for (col, (at, c)) in line.char_indices().enumerate() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && prev_space => {
                return Some((col, line[at..].trim_end_matches(['\n', '\r'])));
            }
            _ => {}
        }
        prev_space = c == ' ' || c == '\t';
    }
    None
}

fn is_numeric_key(key: &str) -> bool {
    matches!(key, "year" | "birth_year" | "weight")
}

/// The line after the commented-out example of `key` in `block` (`# key: …` at the keys'
/// column, with the commented lines under it), if there is one.
fn example_line(lines: &[&str], block: Block, key: &str) -> Option<usize> {
    let pad = " ".repeat(block.indent);
    let head = format!("{pad}# {key}:");
    let start = (block.start..block.end.min(lines.len())).find(|&i| lines[i].starts_with(&head))?;
    let under = format!("{pad}#   ");
    let mut end = start + 1;
    while end < block.end.min(lines.len()) && lines[end].starts_with(&under) {
        end += 1;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# A comment\nname: \"Nguyễn Văn Đức\"   # full name\nyear: 2023\n\n# summary: example  # hint\n# title: x\nawards:\n  - title: A\n    year: 2022\n# links:\n#   - title: T\n#     url: u\nweight: 1\n";

    fn block(text: &str) -> Block {
        Block {
            start: 0,
            end: text.lines().count(),
            indent: 0,
        }
    }

    #[test]
    fn finds_fields_and_their_lines() {
        let lines: Vec<&str> = FILE.split_inclusive('\n').collect();
        let e = entries(&lines, block(FILE));
        let keys: Vec<_> = e.iter().map(|e| (e.key.as_str(), e.start, e.end)).collect();
        assert_eq!(
            keys,
            [
                ("name", 1, 2),
                ("year", 2, 3),
                ("awards", 6, 9),
                ("weight", 12, 13)
            ]
        );
    }

    #[test]
    fn a_change_touches_only_its_lines() {
        let out = set(FILE, block(FILE), "year", Some(&Value::Text("2024".into())));
        assert_eq!(out, FILE.replace("year: 2023", "year: 2024"));
        let out = set(FILE, block(FILE), "weight", None);
        assert_eq!(out, FILE.replace("weight: 1\n", ""));
        let awards = Value::Group(vec![vec![("title".into(), "B: hai".into())]]);
        let out = set(FILE, block(FILE), "awards", Some(&awards));
        assert_eq!(
            out,
            FILE.replace("  - title: A\n    year: 2022\n", "  - title: \"B: hai\"\n")
        );
    }

    #[test]
    fn a_dotted_key_is_a_field_of_a_mapping_in_the_item() {
        let awards = Value::Group(vec![vec![
            ("title".into(), "A".into()),
            ("revoked.decision".into(), "Quyết định số 7/QĐ-UBND".into()),
            ("revoked.reason".into(), "Sai: khai man".into()),
            ("level".into(), "Tỉnh".into()),
        ]]);
        let text = render("awards", &awards, 0);
        assert_eq!(
            text,
            "awards:\n  - title: A\n    revoked:\n      decision: Quyết định số 7/QĐ-UBND\n      reason: \"Sai: khai man\"\n    level: Tỉnh\n"
        );
        let node = crate::yaml::parse(&text, std::path::Path::new("a.yaml"), 0).unwrap();
        let crate::yaml::Value::Seq(items) = &node.get("awards").unwrap().value else {
            panic!("a list")
        };
        let item = &items[0];
        let reason = item.get("revoked").and_then(|r| r.get("reason"));
        assert_eq!(reason.and_then(|r| r.as_str()), Some("Sai: khai man"));
    }

    #[test]
    fn a_new_field_goes_under_its_example() {
        let out = set(
            FILE,
            block(FILE),
            "summary",
            Some(&Value::Text("Một câu.".into())),
        );
        assert_eq!(out, FILE.replace("# hint\n", "# hint\nsummary: Một câu.\n"));
        let links = Value::Group(vec![vec![
            ("title".into(), "T".into()),
            ("url".into(), "https://a.vn/".into()),
        ]]);
        let out = set(FILE, block(FILE), "links", Some(&links));
        assert!(
            out.contains("#     url: u\nlinks:\n  - title: T\n    url: https://a.vn/\nweight: 1\n"),
            "{out}"
        );
        let out = set(
            FILE,
            block(FILE),
            "tags",
            Some(&Value::List(vec!["a, b".into(), "c".into()])),
        );
        assert!(out.ends_with("weight: 1\ntags: [\"a, b\", c]\n"), "{out}");
    }

    #[test]
    fn a_changed_value_keeps_the_comment_after_it() {
        let out = set(
            FILE,
            block(FILE),
            "name",
            Some(&Value::Text("Lê Văn An".into())),
        );
        assert_eq!(
            out,
            FILE.replace(
                "name: \"Nguyễn Văn Đức\"   # full name",
                "name: Lê Văn An          # full name"
            )
        );
        let long = "Một cái tên rất dài, dài hơn chỗ trống trước ghi chú";
        let out = set(FILE, block(FILE), "name", Some(&Value::Text(long.into())));
        assert!(
            out.contains(&format!("name: {long}  # full name\n")),
            "{out}"
        );
        assert_eq!(trailing_comment("a: \"x # y\"  # z"), Some((12, "# z")));
        assert_eq!(trailing_comment("url: https://a.vn/#top"), None);
    }

    #[test]
    fn a_list_item_keeps_its_dash() {
        let text =
            "year: 2022\nprofiles:\n  - name: A\n    summary: x\n  - name: B\n    summary: y\n";
        let item = Block {
            start: 4,
            end: 6,
            indent: 4,
        };
        let out = set(text, item, "name", Some(&Value::Text("Bê".into())));
        assert_eq!(out, text.replace("- name: B", "- name: Bê"));
        let out = set(text, item, "summary", Some(&Value::Text("z".into())));
        assert_eq!(out, text.replace("summary: y", "summary: z"));
        let out = set(text, item, "title", Some(&Value::Text("t".into())));
        assert_eq!(out, format!("{text}    title: t\n"));
    }
}
