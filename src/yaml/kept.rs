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

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Node, Value, MAX_DEPTH};
use crate::diagnostics::Pos;

/// Bumped when the encoding changes.
const FORMAT: &[u8] = b"vinhdanh-yaml 1\n";

/// The trees of the last build, and those of this one for the next.
pub struct Kept {
    file: PathBuf,
    /// The last build's file: its header, then its trees.
    before: Vec<u8>,
    /// Where each tree of `before` is, by the hash of its text.
    index: HashMap<u128, std::ops::Range<usize>>,
    /// This build's trees, written as they are parsed or taken (held until the end, the
    /// trees of 100,000 profiles were 200 MB more at the peak); `None` once writing failed.
    now: Mutex<Option<Next>>,
    /// The file `now` is written to, renamed to `file` when it is whole.
    tmp: PathBuf,
}

/// The file of the next build, being written.
struct Next {
    out: std::io::BufWriter<std::fs::File>,
    /// What the file's bytes so far hash to.
    sum: xxhash_rust::xxh3::Xxh3,
}

impl Next {
    fn put(&mut self, part: &[u8]) -> std::io::Result<()> {
        self.sum.update(part);
        self.out.write_all(part)
    }
}

impl Kept {
    /// The trees kept in the cache folder `dir` (none when there are none, or they were
    /// written by another generator, or do not read back whole).
    pub fn open(dir: &Path) -> Kept {
        // Two builds of one site in one process (tests) write files of their own.
        static BUILDS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let file = dir.join("yaml");
        let before = std::fs::read(&file).unwrap_or_default();
        let index = index(&before).unwrap_or_default();
        let n = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!("yaml.{}-{n}.tmp", std::process::id()));
        // A build killed while loading leaves its file (a hundred megabytes at 100,000
        // profiles). Removing one still being written only costs its build the saving.
        remove_unfinished(dir);
        let next = std::fs::File::create(&tmp).ok().and_then(|f| {
            let mut next = Next {
                out: std::io::BufWriter::new(f),
                sum: xxhash_rust::xxh3::Xxh3::new(),
            };
            next.put(&header()).ok()?;
            Some(next)
        });
        Kept {
            file,
            before,
            index,
            now: Mutex::new(next),
            tmp,
        }
    }

    /// The tree of `source` starting at line `line_offset`, parsed only when not kept.
    pub fn parse(
        &self,
        source: &str,
        path: &Path,
        line_offset: usize,
    ) -> Result<Node, crate::diagnostics::Diagnostic> {
        let key = key(source, line_offset);
        let kept = self.index.get(&key).and_then(|range| {
            let bytes = self.before.get(range.clone())?;
            let mut rest = bytes;
            let node = decode(&mut rest, 0)?;
            rest.is_empty().then_some((node, bytes))
        });
        let parsed;
        let (node, bytes) = match kept {
            Some(kept) => kept,
            None => {
                let node = super::parse(source, path, line_offset)?;
                let mut bytes = Vec::new();
                encode(&node, &mut bytes);
                parsed = bytes;
                (node, &parsed[..])
            }
        };
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(next) = now.as_mut() {
            let written = (next.put(&key.to_le_bytes()))
                .and_then(|()| next.put(&(bytes.len() as u64).to_le_bytes()))
                .and_then(|()| next.put(bytes));
            if written.is_err() {
                *now = None;
            }
        }
        Ok(node)
    }

    /// Puts this build's trees in place for the next one (the file is whole or absent). A
    /// cache: failing to save costs the next build time, nothing more.
    pub fn save(self) {
        let next = self.now.into_inner().unwrap_or_else(|e| e.into_inner());
        let saved = next.is_some_and(|mut next| {
            let sum = next.sum.digest().to_le_bytes();
            next.out.write_all(&sum).is_ok()
                && next.out.into_inner().is_ok()
                && std::fs::rename(&self.tmp, &self.file).is_ok()
        });
        if !saved {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Removes the files of builds that did not finish (`yaml.*.tmp`).
fn remove_unfinished(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("yaml.") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The first line of the file: the format and the generator (its version and its binary's
/// size and time, as [`crate::reuse::Fingerprint::site`]).
fn header() -> Vec<u8> {
    let mut h = FORMAT.to_vec();
    h.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        let s = crate::output::Stamp::of(&meta);
        h.extend_from_slice(format!(" {} {}", s.size, s.mtime).as_bytes());
    }
    h.push(b'\n');
    h
}

fn key(source: &str, line_offset: usize) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&(line_offset as u64).to_le_bytes());
    h.update(source.as_bytes());
    h.digest128()
}

/// Where each tree of a file is; `None` when the file is of another generator or does not
/// read back whole.
fn index(file: &[u8]) -> Option<HashMap<u128, std::ops::Range<usize>>> {
    let (file, sum) = file.split_at_checked(file.len().checked_sub(8)?)?;
    if xxhash_rust::xxh3::xxh3_64(file).to_le_bytes() != sum {
        return None;
    }
    let mut rest = file.strip_prefix(header().as_slice())?;
    let mut at = file.len() - rest.len();
    let mut index = HashMap::new();
    while !rest.is_empty() {
        let key = u128::from_le_bytes(rest.get(..16)?.try_into().ok()?);
        let len = usize::try_from(u64::from_le_bytes(rest.get(16..24)?.try_into().ok()?)).ok()?;
        let end = 24usize.checked_add(len)?;
        rest.get(24..end)?;
        index.insert(key, at + 24..at + end);
        rest = &rest[end..];
        at += end;
    }
    Some(index)
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

/// A number in seven-bit groups, low first.
fn number(mut n: usize, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_number(bytes: &mut &[u8]) -> Option<usize> {
    let mut n: usize = 0;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= usize::from(b & 0x7f).checked_shl(shift)?;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
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
        assert_eq!(second.index.len(), 1);
        assert_eq!(second.parse(TEXT, path, 1).unwrap(), parsed);
        // The same text on another line is another tree (its positions differ).
        let lower = second.parse(TEXT, path, 5).unwrap();
        assert_eq!(lower.pos.line, parsed.pos.line + 4);
        // A text with a problem is reported, and not kept.
        assert!(second.parse("name: [", path, 1).is_err());
        second.save();
        assert_eq!(Kept::open(dir.path()).index.len(), 2);
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
            assert!(Kept::open(dir.path()).index.is_empty(), "cut at {cut}");
        }
        let other = [b"vinhdanh-yaml 0\n".as_slice(), &whole[FORMAT.len()..]].concat();
        std::fs::write(dir.path().join("yaml"), other).unwrap();
        assert!(Kept::open(dir.path()).index.is_empty());
        // A byte changed anywhere: the same.
        let mut garbled = whole.clone();
        let n = garbled.len();
        garbled[n - 20] ^= 1;
        std::fs::write(dir.path().join("yaml"), garbled).unwrap();
        let kept = Kept::open(dir.path());
        assert!(kept.index.is_empty());
        assert_eq!(
            kept.parse(TEXT, path, 1).unwrap(),
            crate::yaml::parse(TEXT, path, 1).unwrap()
        );
    }
}
