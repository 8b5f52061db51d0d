//! The record of an output tree: every file it holds, with what its bytes hash to, what
//! made it and the stamp it had when written.
//!
//! The record lets the next build bring a tree up to date by writing only the files whose
//! bytes changed, and lets `deploy` know what it sends without reading the site again. A
//! tree is named by its folder's device and inode, which stay with the folder when the
//! output and the spare tree are exchanged. Records live in the site's
//! `.vinhdanh-cache/trees/`; a `.dirty` mark beside one says a build was changing its tree
//! when it stopped, so its files are checked before they are trusted. A record names the
//! output folder its tree serves, so that the records of folders since deleted (a preview
//! built into a temporary folder) are removed instead of piling up.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Stamp;

/// Bumped when the record's lines change.
const FORMAT: &str = "vinhdanh-tree 2";

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
    super::cache_dir(root).join("trees")
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
    lines.next()?; // the output folder, for `prune`
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
pub fn save(root: &Path, key: &str, output: &Path, files: &Files) -> std::io::Result<()> {
    std::fs::create_dir_all(folder(root))?;
    let mut sorted: Vec<_> = files.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut text = String::with_capacity(files.len() * 72 + 256);
    text.push_str(FORMAT);
    text.push('\n');
    text.push_str(&encode(output));
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
    prune(root, key);
    Ok(())
}

/// Forgets every tree but `keep` whose record is of an older format, or whose output
/// folder and spare both hold another tree or nothing: a build into a temporary folder
/// (a preview, a test) would otherwise leave its records forever. (A build of another
/// output of the same site that saved its record but has not yet put its tree in place
/// may lose that record: its next build then writes every file again.)
fn prune(root: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(folder(root)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(tree) = name.to_str().and_then(|n| n.strip_suffix(".tsv")) else {
            continue;
        };
        if tree != keep && !in_place(&entry.path(), tree) {
            forget(root, tree);
        }
    }
}

/// Whether the tree `tree`, whose record is at `record`, is still its output or that
/// output's spare.
fn in_place(record: &Path, tree: &str) -> bool {
    use std::io::BufRead;
    let Ok(file) = std::fs::File::open(record) else {
        return true; // unreadable now: left for a later build to judge
    };
    let mut lines = std::io::BufReader::new(file).lines();
    let (Some(Ok(format)), Some(Ok(output))) = (lines.next(), lines.next()) else {
        return false;
    };
    let Some(output) = decode(&output).filter(|_| format == FORMAT) else {
        return false;
    };
    [super::tree::spare_of(&output), output]
        .iter()
        .any(|dir| key(dir).as_deref() == Some(tree))
}

/// A folder's path as one line of hexadecimal: any name a file system allows survives.
fn encode(path: &Path) -> String {
    path.as_os_str()
        .as_encoded_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode(line: &str) -> Option<PathBuf> {
    let bytes = (0..line.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(line.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        // No records there (see `key`).
        String::from_utf8(bytes).ok().map(PathBuf::from)
    }
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
        let out = root.join("public");
        save(&root, "1-2", &out, &files).unwrap();
        assert_eq!(load(&root, "1-2"), Some((files.clone(), false)));
        begin(&root, "1-2").unwrap();
        assert_eq!(load(&root, "1-2"), Some((files.clone(), true)));
        save(&root, "1-2", &out, &files).unwrap();
        assert_eq!(load(&root, "1-2").map(|r| r.1), Some(false));
        std::fs::write(path(&root, "1-2"), "vinhdanh-tree 2\n00\nbad line\n").unwrap();
        assert_eq!(load(&root, "1-2"), None);
        forget(&root, "1-2");
        assert_eq!(load(&root, "1-2"), None);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn records_of_folders_gone_are_forgotten() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let dirs = tempfile::tempdir().unwrap();
        let (a, b) = (dirs.path().join("a"), dirs.path().join("b"));
        let b_spare = super::super::tree::spare_of(&b);
        for d in [&a, &b, &b_spare] {
            std::fs::create_dir(d).unwrap();
        }
        let files = Files::new();
        let [ka, kb, ks] = [&a, &b, &b_spare].map(|d| key(d).unwrap());
        save(root, &ka, &a, &files).unwrap();
        save(root, &kb, &b, &files).unwrap();
        save(root, &ks, &b, &files).unwrap();
        std::fs::write(path(root, "old-1"), "vinhdanh-tree 1\n").unwrap();
        std::fs::write(mark(root, "old-1"), "").unwrap();
        // A build of `b` keeps `a`, still there, and `b`'s spare; the old format goes.
        save(root, &kb, &b, &files).unwrap();
        assert!(load(root, &ka).is_some() && load(root, &ks).is_some());
        assert!(!path(root, "old-1").exists() && !mark(root, "old-1").exists());
        // `a` deleted (a preview's temporary folder): its record goes at the next save.
        std::fs::remove_dir(&a).unwrap();
        save(root, &kb, &b, &files).unwrap();
        assert!(
            load(root, &ka).is_none(),
            "the record of a deleted folder is kept"
        );
        assert!(load(root, &kb).is_some() && load(root, &ks).is_some());
    }
}
