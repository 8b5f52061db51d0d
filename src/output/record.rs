//! The record of an output tree: every file it holds, with what its bytes hash to, what
//! made it and the stamp it had when written.
//!
//! The record lets the next build bring a tree up to date by writing only the files whose
//! bytes changed, and lets `deploy` know what it sends without reading the site again. A
//! tree is named by its folder's device and inode, which stay with the folder when the
//! output and the spare tree are exchanged. Records live in the site's
//! `.vinhdanh-cache/trees/`; a `.dirty` mark beside one says a build was changing its tree
//! when it stopped, so its files are checked before they are trusted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Stamp;

/// Bumped when the record's lines change.
const FORMAT: &str = "vinhdanh-tree 1";

/// One file of a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entry {
    /// The fingerprint of what a page was rendered from (0 for other files).
    pub fingerprint: u64,
    /// What the bytes hash to (a photo: its entry in the photo cache); `None` when unknown.
    pub hash: Option<u64>,
    /// The file when it was written: a file edited or replaced since has another.
    pub stamp: Stamp,
}

/// Every file of a tree, by path relative to it (`/`-separated).
pub type Files = HashMap<String, Entry>;

/// Where the records of the trees of a site are kept.
pub fn folder(root: &Path) -> PathBuf {
    root.join(".vinhdanh-cache").join("trees")
}

/// The name a tree is known by: its folder's device and inode.
pub fn key(dir: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::symlink_metadata(dir).ok()?;
        meta.is_dir()
            .then(|| format!("{:x}-{:x}", meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        // No stable name for a folder: trees are never taken for known ones.
        let _ = dir;
        None
    }
}

fn path(root: &Path, key: &str) -> PathBuf {
    folder(root).join(format!("{key}.tsv"))
}

fn mark(root: &Path, key: &str) -> PathBuf {
    folder(root).join(format!("{key}.dirty"))
}

/// The record of the tree `key`, and whether a build stopped while changing it. `None`
/// when there is no readable record.
pub fn load(root: &Path, key: &str) -> Option<(Files, bool)> {
    let text = std::fs::read_to_string(path(root, key)).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(FORMAT) {
        return None;
    }
    let mut files = Files::new();
    for line in lines {
        let f: Vec<&str> = line.splitn(6, '\t').collect();
        let [fp, hash, size, mtime, inode, rel] = f[..] else {
            return None;
        };
        let hash = match hash {
            "-" => None,
            h => Some(u64::from_str_radix(h, 16).ok()?),
        };
        let entry = Entry {
            fingerprint: u64::from_str_radix(fp, 16).ok()?,
            hash,
            stamp: Stamp {
                size: size.parse().ok()?,
                mtime: mtime.parse().ok()?,
                inode: inode.parse().ok()?,
            },
        };
        files.insert(rel.to_string(), entry);
    }
    Some((files, mark(root, key).exists()))
}

/// Marks the tree `key` as being changed: until [`save`], its record is not to be trusted
/// without checking.
pub fn begin(root: &Path, key: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(folder(root))?;
    std::fs::write(mark(root, key), b"")
}

/// Saves the record of the tree `key` and clears its mark. Written aside and renamed, so
/// it is whole or absent.
pub fn save(root: &Path, key: &str, files: &Files) -> std::io::Result<()> {
    std::fs::create_dir_all(folder(root))?;
    let mut sorted: Vec<_> = files.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut text = String::with_capacity(files.len() * 72 + 32);
    text.push_str(FORMAT);
    text.push('\n');
    for (rel, e) in sorted {
        let hash = e
            .hash
            .map_or_else(|| "-".to_string(), |h| format!("{h:016x}"));
        let s = e.stamp;
        text.push_str(&format!(
            "{:016x}\t{hash}\t{}\t{}\t{}\t{rel}\n",
            e.fingerprint, s.size, s.mtime, s.inode
        ));
    }
    let file = path(root, key);
    let tmp = file.with_extension(format!("tsv.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &file)?;
    let _ = std::fs::remove_file(mark(root, key));
    Ok(())
}

/// Forgets the tree `key` (it is being deleted).
pub fn forget(root: &Path, key: &str) {
    let _ = std::fs::remove_file(path(root, key));
    let _ = std::fs::remove_file(mark(root, key));
}

/// The files of the site in `dir` as its last build recorded them, when the record is
/// there and whole: what `deploy` sends. Paths sorted.
pub fn of_site(root: &Path, dir: &Path) -> Option<Vec<(String, Entry)>> {
    let key = key(dir)?;
    let (files, dirty) = load(root, &key)?;
    if dirty {
        return None;
    }
    let mut files: Vec<_> = files.into_iter().collect();
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written_and_a_mark_says_dirty() {
        let root = std::env::temp_dir().join(format!("vinhdanh-record-{}", std::process::id()));
        let mut files = Files::new();
        files.insert(
            "a b/index.html".into(),
            Entry {
                fingerprint: 7,
                hash: Some(u64::MAX),
                stamp: Stamp {
                    size: 3,
                    mtime: 4,
                    inode: 5,
                },
            },
        );
        files.insert("media/x.jpg".into(), Entry::default());
        save(&root, "1-2", &files).unwrap();
        assert_eq!(load(&root, "1-2"), Some((files.clone(), false)));
        begin(&root, "1-2").unwrap();
        assert_eq!(load(&root, "1-2"), Some((files.clone(), true)));
        save(&root, "1-2", &files).unwrap();
        assert_eq!(load(&root, "1-2").map(|r| r.1), Some(false));
        std::fs::write(path(&root, "1-2"), "vinhdanh-tree 1\nbad line\n").unwrap();
        assert_eq!(load(&root, "1-2"), None);
        forget(&root, "1-2");
        assert_eq!(load(&root, "1-2"), None);
        let _ = std::fs::remove_dir_all(&root);
    }
}
