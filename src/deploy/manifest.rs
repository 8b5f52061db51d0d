//! The record of what a server holds, kept on the server itself so that another computer,
//! or one that lost its own files, still sends only what changed.
//!
//! `.vinhdanh-deploy` lists every file of a deploy (hash, size, path).
//! `.vinhdanh-deploy.journal` says what every deploy since placed and deleted, a line a
//! file, appended as it goes: a deploy that was stopped is finished by the next one
//! without sending everything again, and one that edited one profile writes a few lines,
//! not the record of every file again (a megabyte at 10,000 profiles, over an office's
//! uplink). When the journal grows past a quarter of the record (and 16 KB), a deploy writes a new
//! record and starts the journal afresh. The journal's first line names the record it
//! follows (a hash of its bytes), so a computer holding a copy of that record
//! (`.vinhdanh-cache/deploy/`) need not read it from the server again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::plan::Known;
use super::Remote;

/// The record's name at the top of the target.
pub const RECORD: &str = ".vinhdanh-deploy";
/// What a deploy under way has done.
pub const JOURNAL: &str = ".vinhdanh-deploy.journal";
/// Where files are uploaded before they are renamed into place.
pub const UPLOADS: &str = ".vinhdanh-upload";

const FORMAT: &str = "vinhdanh-deploy 1";

/// Whether a path on the server is one of deploy's own.
pub fn is_own(path: &str) -> bool {
    path.starts_with(".vinhdanh-")
}

/// Reads a record; `None` when it is not one.
pub fn parse(text: &str) -> Option<HashMap<String, Known>> {
    let mut lines = text.lines();
    if lines.next() != Some(FORMAT) {
        return None;
    }
    let mut files = HashMap::new();
    for line in lines {
        let (path, known) = entry(line)?;
        files.insert(path, known?);
    }
    Some(files)
}

/// Whether `path` stays inside the target: relative, `/`-separated, without `..` or empty
/// parts. The record is read from the server, and what it lists may be deleted: a record
/// that names `../x` (written by hand, or by someone else) must not reach outside.
pub fn inside(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\\', '\0'])
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

/// One line: `hash size path`, or `- - path` for a file deleted (journal only).
fn entry(line: &str) -> Option<(String, Option<Known>)> {
    let mut parts = line.splitn(3, '\t');
    let (hash, size, path) = (parts.next()?, parts.next()?, parts.next()?);
    if !inside(path) {
        return None;
    }
    if hash == "-" {
        return Some((path.to_string(), None));
    }
    let known = Known {
        hash: Some(u64::from_str_radix(hash, 16).ok()?),
        size: size.parse().ok()?,
    };
    Some((path.to_string(), Some(known)))
}

/// Applies a journal to `files`. A line cut short by a stop is ignored.
pub fn apply_journal(files: &mut HashMap<String, Known>, journal: &str) {
    for line in journal.lines() {
        match entry(line) {
            Some((path, Some(known))) => {
                files.insert(path, known);
            }
            Some((path, None)) => {
                files.remove(&path);
            }
            None => {}
        }
    }
}

/// The journal line of a file placed (`Some`) or deleted.
pub fn journal_line(path: &str, known: Option<Known>) -> String {
    match known {
        Some(Known {
            hash: Some(h),
            size,
        }) => format!("{h:016x}\t{size}\t{path}\n"),
        _ => format!("-\t-\t{path}\n"),
    }
}

/// The first line of a journal that follows the record `record`.
pub fn base_line(record: &[u8]) -> String {
    format!("#base\t{:016x}\n", xxhash_rust::xxh3::xxh3_64(record))
}

/// The hash of the record a journal follows, from its first line; `None` when it names none.
pub fn base(journal: &str) -> Option<u64> {
    let hex = journal.lines().next()?.strip_prefix("#base\t")?;
    u64::from_str_radix(hex, 16).ok()
}

/// Whether the journal has grown enough, against the record, to be folded into a new one:
/// past a quarter of the record, and past what a few hundred files' lines take.
pub fn time_to_fold(record: usize, journal: usize) -> bool {
    journal > (record / 4).max(16 * 1024)
}

/// Where this computer keeps its copy of the record of the target at `url`.
pub fn copy_path(root: &Path, url: &str) -> PathBuf {
    let name = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(url.as_bytes()));
    crate::output::cache_dir(root).join("deploy").join(name)
}

/// This computer's copy of a record, when it is the one a journal follows (`base`).
pub fn copy_of(root: &Path, url: &str, base: u64) -> Option<Vec<u8>> {
    let bytes = std::fs::read(copy_path(root, url)).ok()?;
    (xxhash_rust::xxh3::xxh3_64(&bytes) == base).then_some(bytes)
}

/// Keeps a copy of a target's record. A cache: failing costs the next deploy a read.
pub fn keep_copy(root: &Path, url: &str, record: &[u8]) {
    let path = copy_path(root, url);
    let tmp = path.with_extension("tmp");
    let _ = path
        .parent()
        .map(std::fs::create_dir_all)
        .unwrap_or(Ok(()))
        .and_then(|()| std::fs::write(&tmp, record))
        .and_then(|()| std::fs::rename(&tmp, &path));
}

/// The record of `files`.
pub fn write(files: &[(String, Known)]) -> String {
    let mut text = String::with_capacity(files.len() * 60 + 20);
    text.push_str(FORMAT);
    text.push('\n');
    for (path, known) in files {
        if known.hash.is_some() {
            text.push_str(&journal_line(path, Some(*known)));
        }
    }
    text
}

/// What the server holds, as its record and journal (or a listing) say.
pub struct Held {
    /// Every file it holds, as far as it is known.
    pub files: HashMap<String, Known>,
    /// The record was missing: the server was listed.
    pub listed: bool,
    /// The record's bytes.
    pub record: usize,
    /// The journal's bytes, when it follows the record read (else the next record is due).
    pub journal: Option<usize>,
}

/// What the server holds: its record (this computer's copy of it when the journal follows
/// that copy) and journal, or a listing when the record is missing.
pub fn server_files(remote: &dyn Remote, root: &Path, url: &str) -> std::io::Result<Held> {
    let journal = remote
        .read(JOURNAL)?
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    let followed = journal.as_deref().and_then(base);
    let copy = followed.and_then(|b| copy_of(root, url, b));
    let copied = copy.is_some();
    let record = match copy {
        Some(bytes) => Some(bytes),
        None => remote.read(RECORD)?,
    };
    let recorded = record
        .as_deref()
        .and_then(|b| parse(&String::from_utf8_lossy(b)));
    if let (Some(bytes), Some(_), false) = (&record, &recorded, copied) {
        keep_copy(root, url, bytes);
    }
    let follows =
        matches!((&record, followed), (Some(b), Some(h)) if xxhash_rust::xxh3::xxh3_64(b) == h);
    let listed = recorded.is_none();
    let mut files = match recorded {
        Some(files) => files,
        None => remote
            .list()?
            .into_iter()
            .filter(|(p, _)| !is_own(p) && inside(p))
            .map(|(p, size)| (p, Known { hash: None, size }))
            .collect(),
    };
    if let Some(journal) = &journal {
        apply_journal(&mut files, journal);
    }
    Ok(Held {
        files,
        listed,
        record: record.map_or(0, |r| r.len()),
        journal: (follows && !listed).then(|| journal.map_or(0, |j| j.len())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_and_its_journal_read_back() {
        let k = |h| Known {
            hash: Some(h),
            size: 10,
        };
        let text = write(&[("a b/index.html".into(), k(1)), ("x.jpg".into(), k(2))]);
        let mut files = parse(&text).unwrap();
        assert_eq!(files.len(), 2);
        let journal = format!(
            "{}{}0000000000000009\t1",
            journal_line("new.html", Some(k(3))),
            journal_line("x.jpg", None)
        );
        apply_journal(&mut files, &journal);
        assert_eq!(files.get("new.html"), Some(&k(3)));
        assert!(!files.contains_key("x.jpg"));
        assert_eq!(files.len(), 2, "the cut line is ignored");
        // The line naming the record a journal follows is not a file.
        let followed = format!("{}{journal}", base_line(text.as_bytes()));
        assert_eq!(
            base(&followed),
            Some(xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
        );
        assert_eq!(base(&journal), None);
        let mut again = parse(&text).unwrap();
        apply_journal(&mut again, &followed);
        assert_eq!(again, files);
        assert!(parse("something else\n").is_none());
        // A record naming a place outside the target is not one: nothing of it is deleted.
        for bad in [
            "../../etc/passwd",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "a\\..\\b",
        ] {
            let text = format!("vinhdanh-deploy 1\n0000000000000001\t1\t{bad}\n");
            assert!(parse(&text).is_none(), "{bad}");
        }
    }
}
