//! The record of what a server holds, kept on the server itself so that another computer,
//! or one that lost its own files, still sends only what changed.
//!
//! `.vinhdanh-deploy` lists every file of the last complete deploy (hash, size, path). A
//! deploy appends what it has placed to `.vinhdanh-deploy.journal` as it goes, so a deploy
//! that was stopped is finished by the next one without sending everything again; a
//! complete deploy writes a new record and removes the journal.

use std::collections::HashMap;

use super::plan::Known;

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
