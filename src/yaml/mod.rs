//! YAML with positions: every value remembers the line and column it came from.
//!
//! serde-based YAML loaders stop at the first problem and forget where a value was once it
//! is parsed, so an unknown field or a wrong type could only be reported without a line.
//! Here YAML is read into a small tree of [`Node`]s (with `saphyr-parser`, a YAML 1.2 event
//! parser), and [`Fields`] pulls typed values out of a mapping, recording a diagnostic with
//! the exact position for every problem and carrying on.

use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

pub mod edit;
mod fields;
mod kept;

pub use fields::Fields;
pub use kept::Kept;

use crate::diagnostics::{Diagnostic, Pos};

/// One YAML value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts in the file.
    pub pos: Pos,
}

/// The shapes a YAML value can take. Scalars stay text until a field asks for a type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// Text; `quoted` is true when it was written in quotes or as a block, so `"2023"`
    /// stays a string.
    Scalar {
        /// The text.
        text: String,
        /// Written in quotes or as a block.
        quoted: bool,
    },
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in file order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The entries when this is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The text of a scalar, quoted or not.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The value under `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// How a person would call this kind of value in an error message.
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Null => "nothing".into(),
            Value::Scalar { text, .. } => format!("`{}`", shorten(text)),
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping (key: value lines)".into(),
        }
    }
}

fn shorten(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

/// Parses `source` (one YAML document). `line_offset` is added to every line, so YAML
/// cut out of a larger file (front matter) reports lines of that file. On a syntax error
/// the returned diagnostic points at the problem.
pub fn parse(source: &str, path: &Path, line_offset: usize) -> Result<Node, Diagnostic> {
    let mut builder = Builder {
        parser: Parser::new_from_str(source),
        source,
        path,
        line_offset,
        anchors: HashMap::new(),
        expanded: 0,
        depth: 0,
    };
    builder.document()
}

/// How many values aliases may add to one file: this many, or twice the file's length in
/// bytes when that is more (a long list file may repeat an anchored award in every entry).
/// An alias copies its anchor's whole value, so nine lines of nested aliases can stand for
/// hundreds of millions of values (a "billion laughs" file).
pub const ALIAS_BUDGET: usize = 10_000;

/// The alias budget of a file of `len` bytes.
pub fn alias_budget(len: usize) -> usize {
    ALIAS_BUDGET.max(len.saturating_mul(2))
}

/// How deep lists and mappings may nest; profiles need three or four levels, and each level
/// costs stack while the tree is built.
pub const MAX_DEPTH: usize = 64;

struct Builder<'a> {
    source: &'a str,
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    path: &'a Path,
    line_offset: usize,
    /// Each anchored value with the number of values in it.
    anchors: HashMap<usize, (Node, usize)>,
    /// Values added by aliases so far, against [`alias_budget`].
    expanded: usize,
    depth: usize,
}

impl<'a> Builder<'a> {
    fn pos(&self, span: Span) -> Pos {
        Pos::new(span.start.line() + self.line_offset, span.start.col() + 1)
    }

    fn next(&mut self) -> Result<(Event<'a>, Span), Diagnostic> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => {
                let m = e.marker();
                let (line, col) = if e.info().contains("tab") {
                    first_tab(self.source, m.line())
                } else {
                    (m.line(), m.col() + 1)
                };
                let pos = Pos::new(line + self.line_offset, col);
                Err(syntax_error(self.path, pos, e.info()))
            }
            None => Err(Diagnostic::new(
                self.path,
                Pos::START,
                "unexpected end of YAML",
            )),
        }
    }

    fn document(&mut self) -> Result<Node, Diagnostic> {
        let mut root = None;
        loop {
            let (ev, span) = self.next()?;
            match ev {
                Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd => {}
                Event::StreamEnd => break,
                _ if root.is_some() => {
                    return Err(Diagnostic::new(
                        self.path,
                        self.pos(span),
                        "this file holds more than one YAML document",
                    )
                    .hint("remove the `---` line that starts the second document"))
                }
                ev => root = Some(self.node(ev, span)?.0),
            }
        }
        Ok(root.unwrap_or(Node {
            value: Value::Null,
            pos: Pos::START,
        }))
    }

    /// Builds the value that starts with `ev`, and says how many values it holds.
    fn node(&mut self, ev: Event<'a>, span: Span) -> Result<(Node, usize), Diagnostic> {
        let pos = self.pos(span);
        let (node, size, anchor) = match ev {
            Event::Alias(id) => {
                let (node, size) = self.anchors.get(&id).cloned().ok_or_else(|| {
                    Diagnostic::new(self.path, pos, "this alias (`*name`) refers to no anchor")
                })?;
                self.expanded += size;
                let budget = alias_budget(self.source.len());
                if self.expanded > budget {
                    return Err(Diagnostic::new(
                        self.path,
                        pos,
                        format!(
                            "the aliases (`*name`) of this file stand for more than {budget} values"
                        ),
                    )
                    .hint("write the values out instead of repeating them through aliases, or split the file"));
                }
                return Ok((Node { pos, ..node }, size));
            }
            Event::Scalar(text, style, anchor, _) => {
                let quoted = style != ScalarStyle::Plain;
                let value = if !quoted && matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
                    Value::Null
                } else {
                    Value::Scalar {
                        text: text.into_owned(),
                        quoted,
                    }
                };
                (Node { value, pos }, 1, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                self.enter(pos)?;
                let mut items = Vec::new();
                let mut size = 1;
                loop {
                    let (ev, span) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    let (item, n) = self.node(ev, span)?;
                    items.push(item);
                    size += n;
                }
                self.depth -= 1;
                (
                    Node {
                        value: Value::Seq(items),
                        pos,
                    },
                    size,
                    anchor,
                )
            }
            Event::MappingStart(anchor, _) => {
                self.enter(pos)?;
                let mut entries: Vec<(Node, Node)> = Vec::new();
                let mut size = 1;
                loop {
                    let (ev, span) = self.next()?;
                    if matches!(ev, Event::MappingEnd) {
                        break;
                    }
                    let (key, k) = self.node(ev, span)?;
                    let (ev, span) = self.next()?;
                    let (value, v) = self.node(ev, span)?;
                    size += k + v;
                    if let Some(text) = key.as_str() {
                        if let Some((first, _)) =
                            entries.iter().find(|(k, _)| k.as_str() == Some(text))
                        {
                            return Err(Diagnostic::new(
                                self.path,
                                key.pos,
                                format!("`{text}` is given twice in the same mapping"),
                            )
                            .hint(format!(
                                "keep one of them; the first is on line {}",
                                first.pos.line
                            )));
                        }
                    }
                    entries.push((key, value));
                }
                self.depth -= 1;
                (
                    Node {
                        value: Value::Map(entries),
                        pos,
                    },
                    size,
                    anchor,
                )
            }
            _ => {
                return Err(Diagnostic::new(self.path, pos, "unexpected YAML structure"));
            }
        };
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        Ok((node, size))
    }

    /// Goes one level deeper into lists and mappings, within [`MAX_DEPTH`].
    fn enter(&mut self, pos: Pos) -> Result<(), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Diagnostic::new(
                self.path,
                pos,
                format!("lists and mappings are nested more than {MAX_DEPTH} levels deep here"),
            )
            .hint("a profile needs a few levels at most: check the brackets and the indentation"));
        }
        Ok(())
    }
}

/// The parser reports a tab at the value before it; people need the tab itself: the first
/// tab in the indentation of a line from `line` on (1-based line, 1-based column).
fn first_tab(source: &str, line: usize) -> (usize, usize) {
    for (i, text) in source.lines().enumerate().skip(line.saturating_sub(1)) {
        let indent = text.len() - text.trim_start_matches([' ', '\t']).len();
        if let Some(col) = text[..indent].find('\t') {
            return (i + 1, col + 1);
        }
    }
    (line, 1)
}

/// Turns a parser message into one a non-programmer can act on.
fn syntax_error(path: &Path, pos: Pos, info: &str) -> Diagnostic {
    if info.contains("recursion limit") {
        return Diagnostic::new(path, pos, "lists and mappings are nested too deeply here")
            .hint("a profile needs a few levels at most: check the brackets and the indentation");
    }
    let hint = if info.contains("tab") {
        "YAML does not allow tabs for indentation: indent with spaces"
    } else if info.contains("quoted scalar") {
        "a quoted text is not closed: add the missing closing quote (\" or ')"
    } else if info.contains("mapping values are not allowed") {
        "a value contains `: `; put the whole value in quotes, e.g. title: \"Giáo viên: Toán\""
    } else if info.contains("did not find expected") || info.contains("block") {
        "check the indentation: keys of one mapping must start in the same column, and list items with `- `"
    } else {
        "check the YAML syntax near this position: indentation, colons after keys, and quotes"
    };
    Diagnostic::new(path, pos, format!("invalid YAML: {info}")).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> Result<Node, Diagnostic> {
        parse(src, Path::new("a.yaml"), 0)
    }

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let n = p("name: A\nyear: 2023\nfields:\n  - Giáo dục\n").unwrap();
        let m = n.as_map().unwrap();
        assert_eq!(m[1].0.pos, Pos::new(2, 1));
        assert_eq!(m[1].1.pos, Pos::new(2, 7));
        let Value::Seq(items) = &m[2].1.value else {
            panic!()
        };
        assert_eq!(items[0].pos, Pos::new(4, 5));
    }

    #[test]
    fn line_offset_is_added() {
        let n = parse("name: A\n", Path::new("a.md"), 1).unwrap();
        assert_eq!(n.as_map().unwrap()[0].0.pos, Pos::new(2, 1));
    }

    #[test]
    fn syntax_errors_have_a_position_and_a_hint() {
        let e = p("name: \"Nguyễn\nyear: 2023\n").unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{e}");
        assert!(e.hint.is_some());
        let e = p("name: A\n\tyear: 2023\n").unwrap_err();
        assert_eq!(e.pos.line, 2, "{e}");
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let e = p("name: A\nname: B\n").unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 1));
    }

    #[test]
    fn quoted_numbers_stay_text_and_null_is_absent() {
        let n = p("a: \"2023\"\nb: ~\n").unwrap();
        assert!(matches!(
            &n.get("a").unwrap().value,
            Value::Scalar { quoted: true, .. }
        ));
        assert_eq!(n.get("b").unwrap().value, Value::Null);
    }

    /// Nine lines whose aliases stand for 10^9 values: refused at an alias, quickly.
    #[test]
    fn alias_bombs_are_refused_at_the_alias() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
            src.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let e = p(&src).unwrap_err();
        assert!(e.message.contains("aliases"), "{e}");
        assert!(e.pos.line >= 2 && e.pos.line <= 9, "{e}");
    }

    /// A long list that repeats one anchored award in every entry is no bomb.
    #[test]
    fn a_long_list_may_repeat_an_anchor_in_every_entry() {
        let mut src = String::from(
            "award: &a [{ title: Công dân ưu tú, year: 2023, level: Tỉnh }]\nprofiles:\n",
        );
        for i in 0..3000 {
            src.push_str(&format!("  - {{ name: Người {i}, awards: *a }}\n"));
        }
        let n = p(&src).unwrap();
        let Value::Seq(items) = &n.get("profiles").unwrap().value else {
            panic!()
        };
        assert_eq!(items.len(), 3000);
    }

    #[test]
    fn a_few_aliases_still_work() {
        let n = p("base: &b { level: Tỉnh }\nx: *b\ny: *b\n").unwrap();
        assert_eq!(
            n.get("y").unwrap().get("level").unwrap().as_str(),
            Some("Tỉnh")
        );
        assert_eq!(n.get("y").unwrap().pos, Pos::new(3, 4));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let depth = 100_000;
        let src = format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        let e = p(&src).unwrap_err();
        assert!(e.message.contains("nested"), "{e}");
        assert_eq!(e.pos.line, 1);
        // Block style, which the parser itself does not bound.
        let mut src = String::new();
        for level in 0..200 {
            src.push_str(&format!("{}k{level}:\n", "  ".repeat(level)));
        }
        let e = p(&src).unwrap_err();
        assert!(
            e.message.contains(&format!("more than {MAX_DEPTH} levels")),
            "{e}"
        );
        assert_eq!(e.pos.line, MAX_DEPTH + 1, "{e}");
    }
}
