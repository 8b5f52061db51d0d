//! YAML trees kept from one build to the next, by the text they were parsed from.
//!
//! Parsing the front matter of every file was a quarter of a one-change rebuild, though
//! one file changed. A tree is a function of its text (and of the line its text starts
//! on), so the trees of the last build are kept in the site's `.vinhdanh-cache/yaml`, each
//! under a 128-bit hash of that text, and a build takes the tree of an unchanged text from
//! there instead of parsing it. Only trees parsed without an error are kept: a file with a
//! problem is parsed, and its problem reported, every time. The file names the generator
//! that wrote it (a new generator may parse differently: it starts afresh), and a file
//! that does not read back whole (its last eight bytes are the hash of the rest) is not
//! used at all.

use std::path::Path;

use super::{Node, Value, MAX_DEPTH};
use crate::diagnostics::Pos;
use crate::kept::{number as read_number, put_number as number, Store};

/// Bumped when the encoding changes.
const FORMAT: &str = "vinhdanh-yaml 1";

/// The trees of the last build, and those of this one for the next.
pub struct Kept(Store);

impl Kept {
    /// The trees kept in the cache folder `dir` (none when there are none, or they were
    /// written by another generator, or do not read back whole).
    pub fn open(dir: &Path) -> Kept {
        Kept(Store::open(dir, "yaml", FORMAT))
    }

    /// The tree of `source` starting at line `line_offset`, parsed only when not kept.
    pub fn parse(
        &self,
        source: &str,
        path: &Path,
        line_offset: usize,
    ) -> Result<Node, crate::diagnostics::Diagnostic> {
        let key = key(source, line_offset);
        let kept = self.0.get(key).and_then(|bytes| {
            let mut rest = &bytes[..];
            let node = decode(&mut rest, 0)?;
            rest.is_empty().then_some((node, bytes))
        });
        let (node, bytes) = match kept {
            Some(kept) => kept,
            None => {
                let node = super::parse(source, path, line_offset)?;
                let mut bytes = Vec::new();
                encode(&node, &mut bytes);
                (node, bytes)
            }
        };
        self.0.put(key, &bytes);
        Ok(node)
    }

    /// Puts this build's trees in place for the next one (see [`Store::save`]).
    pub fn save(self) {
        self.0.save();
    }
}

fn key(source: &str, line_offset: usize) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&(line_offset as u64).to_le_bytes());
    h.update(source.as_bytes());
    h.digest128()
}

/// Writes `node`: its position, then a tag (0 nothing, 1 text, 2 quoted text, 3 list, 4
/// mapping) and what the tag needs.
fn encode(node: &Node, out: &mut Vec<u8>) {
    number(node.pos.line, out);
    number(node.pos.col, out);
    match &node.value {
        Value::Null => out.push(0),
        Value::Scalar { text, quoted } => {
            out.push(if *quoted { 2 } else { 1 });
            number(text.len(), out);
            out.extend_from_slice(text.as_bytes());
        }
        Value::Seq(items) => {
            out.push(3);
            number(items.len(), out);
            for item in items {
                encode(item, out);
            }
        }
        Value::Map(entries) => {
            out.push(4);
            number(entries.len(), out);
            for (k, v) in entries {
                encode(k, out);
                encode(v, out);
            }
        }
    }
}

/// Reads back what [`encode`] wrote; `None` for anything else (no deeper than a parsed
/// tree can be, no list longer than the bytes left).
fn decode(bytes: &mut &[u8], depth: usize) -> Option<Node> {
    if depth > MAX_DEPTH + 1 {
        return None;
    }
    let pos = Pos {
        line: read_number(bytes)?,
        col: read_number(bytes)?,
    };
    let (&tag, rest) = bytes.split_first()?;
    *bytes = rest;
    let value = match tag {
        0 => Value::Null,
        1 | 2 => {
            let len = read_number(bytes)?;
            let text = std::str::from_utf8(bytes.get(..len)?).ok()?.to_string();
            *bytes = &bytes[len..];
            Value::Scalar {
                text,
                quoted: tag == 2,
            }
        }
        3 => {
            let n = read_number(bytes)?;
            // Every node takes three bytes at least.
            let mut items = Vec::with_capacity(n.min(bytes.len() / 3));
            for _ in 0..n {
                items.push(decode(bytes, depth + 1)?);
            }
            Value::Seq(items)
        }
        4 => {
            let n = read_number(bytes)?;
            let mut entries = Vec::with_capacity(n.min(bytes.len() / 6));
            for _ in 0..n {
                entries.push((decode(bytes, depth + 1)?, decode(bytes, depth + 1)?));
            }
            Value::Map(entries)
        }
        _ => return None,
    };
    Some(Node { value, pos })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name: \"Nguyễn Văn Đức\"\nyear: 2023\nfields: [Giáo dục, Y tế]\nawards:\n  - title: Công dân ưu tú\n    decision: ~\nstory: |\n  Dòng một.\n  Dòng hai.\n";

    #[test]
    fn a_kept_tree_is_the_tree_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let path = Path::new("a.md");
        let parsed = crate::yaml::parse(TEXT, path, 1).unwrap();
        let first = Kept::open(dir.path());
        assert_eq!(first.parse(TEXT, path, 1).unwrap(), parsed);
        first.save();
        let second = Kept::open(dir.path());
        assert_eq!(second.0.len(), 1);
        assert_eq!(second.parse(TEXT, path, 1).unwrap(), parsed);
        // The same text on another line is another tree (its positions differ).
        let lower = second.parse(TEXT, path, 5).unwrap();
        assert_eq!(lower.pos.line, parsed.pos.line + 4);
        // A text with a problem is reported, and not kept.
        assert!(second.parse("name: [", path, 1).is_err());
        second.save();
        assert_eq!(Kept::open(dir.path()).0.len(), 2);
    }

    #[test]
    fn a_build_killed_while_loading_leaves_nothing_behind_the_next() {
        let dir = tempfile::tempdir().unwrap();
        // What a killed build left: its unfinished file.
        std::fs::write(dir.path().join("yaml.999999-0.tmp"), vec![0u8; 4096]).unwrap();
        let kept = Kept::open(dir.path());
        kept.parse(TEXT, Path::new("a.md"), 1).unwrap();
        kept.save();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["yaml"]);
    }

    #[test]
    fn a_damaged_file_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = Path::new("a.md");
        let kept = Kept::open(dir.path());
        kept.parse(TEXT, path, 1).unwrap();
        kept.save();
        let whole = std::fs::read(dir.path().join("yaml")).unwrap();
        // Cut anywhere, or of another generator: nothing is taken from it.
        for cut in [1, 20, whole.len() / 2, whole.len() - 1] {
            std::fs::write(dir.path().join("yaml"), &whole[..cut]).unwrap();
            assert!(Kept::open(dir.path()).0.is_empty(), "cut at {cut}");
        }
        let other = [b"vinhdanh-yaml 0".as_slice(), &whole[FORMAT.len()..]].concat();
        std::fs::write(dir.path().join("yaml"), other).unwrap();
        assert!(Kept::open(dir.path()).0.is_empty());
        // A byte changed anywhere: the same.
        let mut garbled = whole.clone();
        let n = garbled.len();
        garbled[n - 20] ^= 1;
        std::fs::write(dir.path().join("yaml"), garbled).unwrap();
        let kept = Kept::open(dir.path());
        assert!(kept.0.is_empty());
        assert_eq!(
            kept.parse(TEXT, path, 1).unwrap(),
            crate::yaml::parse(TEXT, path, 1).unwrap()
        );
    }
}
