//! The output and its spare: two trees that take turns.
//!
//! The output folder (`public/`) is the live site. Beside it, `.public.vinhdanh-spare/`
//! holds the site of the build before. A build brings the spare up to date from its
//! record (see [`super::record`]): a file whose bytes hash to what the record says, and
//! that is still the file written then, is left alone; another is written; a file the
//! build no longer makes is removed. Then the two folders are exchanged in one atomic
//! step, as a fresh build's folder was before, and the old live site is the next spare.
//! A build that fails or is killed has only changed the spare, never the live site; it
//! leaves the spare's record marked, and the next build checks that tree's files before it
//! trusts any.
//!
//! A rebuild thus writes about what changed in two builds (the spare is one build behind)
//! instead of every entry of the site, and the result is the fresh build's byte for byte.
//! The cost is disk: the output takes twice its size, the spare being a whole site. When
//! there is no spare with a sound record (the first builds, another generator's output),
//! the build writes a fresh folder as before, linking the unchanged pages of the live site.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::files::{
    aside, create_new, remove_files, rename_over, replace_with, with_parents, write_hashed,
};
use super::owned::Owned;
use super::record::{self, Entry, Files};
use super::swap::{absolute, discard, exchange, remove_stale};
use super::{Made, Previous};
use super::{OutFile, Sink, Stamp, Streamed};

/// The tree a build writes, and what becomes of it.
pub struct Tree {
    root: PathBuf,
    target: PathBuf,
    spare: PathBuf,
    dir: PathBuf,
    /// The fresh folder's ownership, when this build writes one; `None` when it updates the
    /// spare in place.
    fresh: Option<Owned>,
    /// The files `dir` held (updating the spare; none in a fresh folder).
    before: Files,
    /// The files of the live site: pages the spare lacks are linked from it.
    live: Files,
    /// The files this build made or kept, by path.
    made: Mutex<Files>,
    /// Files actually written (the rest were already right).
    written: AtomicUsize,
    /// Held for the whole build: one build at a time changes an output and its spare.
    _lock: File,
    committed: bool,
}

impl Tree {
    /// Takes the output `target` of the site at `root` for a build: waits for another
    /// build of it to end, then picks the spare when its record can be trusted, a fresh
    /// folder otherwise.
    pub fn open(root: &Path, target: &Path) -> std::io::Result<Tree> {
        let target = absolute(target);
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let lock = lock(&parent.join(format!(".{name}.vinhdanh-lock")))?;
        let prefix = format!(".{name}.vinhdanh-tmp-");
        remove_stale(&parent, &prefix, &target);
        let spare = spare_of(&target);
        let root = root.to_path_buf();
        let live = record::key(&target)
            .and_then(|k| record::load(&root, &k))
            .filter(|(_, dirty)| !dirty)
            .map(|(files, _)| files)
            .unwrap_or_default();
        let tree = |dir: PathBuf, fresh, before| Tree {
            root: root.clone(),
            target: target.clone(),
            spare: spare.clone(),
            dir,
            fresh,
            before,
            live,
            made: Mutex::default(),
            written: AtomicUsize::new(0),
            _lock: lock,
            committed: false,
        };
        if let Some(key) = record::key(&spare) {
            match record::load(&root, &key) {
                Some((mut files, dirty)) => {
                    if dirty {
                        unrecorded(&spare, &mut files);
                    }
                    record::begin(&root, &key)?;
                    return Ok(tree(spare.clone(), None, files));
                }
                None => {
                    record::forget(&root, &key);
                    discard(&spare);
                }
            }
        }
        let owned = Owned::create(&parent, &prefix)?;
        Ok(tree(owned.dir().to_path_buf(), Some(owned), Files::new()))
    }

    /// Where files are written until the commit.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether this build brings the spare up to date (rather than writing a fresh folder).
    pub fn updating(&self) -> bool {
        self.fresh.is_none()
    }

    /// Files written so far (those already right are not counted).
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// The pages the build may keep without rendering them: those of the spare it updates,
    /// then those of the live site, which are linked.
    pub fn previous(&self) -> Previous {
        let pages = |dir: &Path, files: &Files| {
            let pages: HashMap<String, Made> = files
                .iter()
                .filter(|(_, e)| e.fingerprint != 0)
                .map(|(p, e)| {
                    let made = Made {
                        fingerprint: e.fingerprint,
                        file: e.stamp,
                    };
                    (p.clone(), made)
                })
                .collect();
            (dir.to_path_buf(), pages)
        };
        Previous::new(vec![
            pages(&self.dir, &self.before),
            pages(&self.target, &self.live),
        ])
    }

    /// Writes a file of the theme's (built in, or of a `static/` folder).
    pub fn write_static(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.put(OutFile {
            path: rel.to_string(),
            bytes: bytes.to_vec(),
        })
        .map(drop)
    }

    /// Copies every file of `src` (a `static/` folder) into the tree's root.
    pub fn copy_dir(&self, src: &Path) -> std::io::Result<()> {
        for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
            let entry = entry.map_err(std::io::Error::other)?;
            if !entry.path().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(src).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            self.write_static(&rel, &std::fs::read(entry.path())?)?;
        }
        Ok(())
    }

    /// Places the photo rendition `cached` (a file of the photo cache, which never changes
    /// once made) at `rel`: a hard link where the file system allows, a copy elsewhere.
    pub fn link(&self, cached: &Path, rel: &str) -> std::io::Result<()> {
        // A rendition is named by what it was made from: the name stands for the bytes.
        let names: Vec<_> = cached.iter().rev().take(2).collect();
        let hash = xxhash_rust::xxh3::xxh3_64(format!("photo {names:?}").as_bytes());
        self.claim(rel)?;
        let dest = self.dir.join(rel);
        if let Some(entry) = self.unchanged(rel, &dest, hash) {
            return self.keep(rel, entry);
        }
        let replace = self.updating();
        let place = |to: &Path| -> std::io::Result<()> {
            with_parents(&self.dir, to, || {
                std::fs::hard_link(cached, to).or_else(|_| std::fs::copy(cached, to).map(drop))
            })
        };
        let stamp = if replace {
            let tmp = aside(&dest);
            let _ = std::fs::remove_file(&tmp);
            place(&tmp)?;
            let stamp = Stamp::of(&std::fs::metadata(&tmp)?);
            rename_over(&tmp, &dest)?;
            stamp
        } else {
            place(&dest)?;
            Stamp::of(&std::fs::metadata(&dest)?)
        };
        self.written.fetch_add(1, Ordering::Relaxed);
        self.keep(
            rel,
            Entry {
                fingerprint: 0,
                hash: Some(hash),
                stamp,
            },
        )
    }

    /// Takes `path` for this build; a second claim is two sources for one file.
    fn claim(&self, path: &str) -> std::io::Result<()> {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        if made.insert(path.to_string(), Entry::default()).is_some() {
            return Err(super::written_twice(path));
        }
        Ok(())
    }

    /// Records a file this build wrote at `path`.
    fn wrote(&self, path: &str, hash: Option<u64>, stamp: Stamp) -> std::io::Result<Option<Stamp>> {
        self.written.fetch_add(1, Ordering::Relaxed);
        self.keep(
            path,
            Entry {
                fingerprint: 0,
                hash,
                stamp,
            },
        )?;
        Ok(Some(stamp))
    }

    fn keep(&self, path: &str, entry: Entry) -> std::io::Result<()> {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.insert(path.to_string(), entry);
        Ok(())
    }

    /// The entry of the file at `dest` when the tree being updated holds it already with
    /// bytes hashing to `hash`, untouched since it was written.
    fn unchanged(&self, rel: &str, dest: &Path, hash: u64) -> Option<Entry> {
        if !self.updating() {
            return None;
        }
        let entry = *self.before.get(rel)?;
        if entry.hash != Some(hash) {
            return None;
        }
        let meta = std::fs::symlink_metadata(dest).ok()?;
        (meta.is_file() && Stamp::of(&meta) == entry.stamp).then_some(entry)
    }

    /// Removes what the build no longer makes, records the tree and swaps it in for the
    /// live site; the live site becomes the spare. `pages` gives each page's fingerprint.
    pub fn commit(mut self, pages: &[(String, Made)]) -> std::io::Result<()> {
        let mut made = std::mem::take(&mut *self.made.lock().unwrap_or_else(|e| e.into_inner()));
        for (path, m) in pages {
            if let Some(e) = made.get_mut(path) {
                e.fingerprint = m.fingerprint;
            }
        }
        if self.updating() {
            let gone: Vec<&String> = self
                .before
                .keys()
                .filter(|p| !made.contains_key(*p))
                .collect();
            remove_files(&self.dir, &gone)?;
        }
        let key = record::key(&self.dir);
        if let Some(key) = &key {
            record::save(&self.root, key, &self.target, &made)?;
        }
        let had_live = self.target.is_dir();
        if had_live && exchange(&self.dir, &self.target).is_ok() {
            self.committed = true;
            // `dir` now holds the previous site: it is the spare.
            if self.dir != self.spare {
                keep_as_spare(&self.root, &self.dir, &self.spare);
            }
        } else {
            // Without an atomic exchange: the live site is moved aside first, and restored
            // by the next build if a kill falls between the two renames.
            let old = self.dir.with_file_name(format!(
                "{}.old",
                self.dir.file_name().unwrap_or_default().to_string_lossy()
            ));
            if had_live {
                std::fs::rename(&self.target, &old)?;
            }
            if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                if had_live {
                    let _ = std::fs::rename(&old, &self.target);
                }
                return Err(e);
            }
            self.committed = true;
            if had_live {
                keep_as_spare(&self.root, &old, &self.spare);
            }
        }
        if let Some(owned) = &mut self.fresh {
            owned.release();
        }
        Ok(())
    }
}

impl Sink for Tree {
    fn put(&self, file: OutFile) -> std::io::Result<Option<Stamp>> {
        let hash = xxhash_rust::xxh3::xxh3_64(&file.bytes);
        self.claim(&file.path)?;
        let dest = self.dir.join(&file.path);
        if let Some(entry) = self.unchanged(&file.path, &dest, hash) {
            self.keep(&file.path, entry)?;
            return Ok(Some(entry.stamp));
        }
        // A file that may be there already is replaced, never written through: it may be
        // a hard link shared with the other tree or the photo cache.
        let replace = self.updating() && self.before.contains_key(&file.path);
        let stamp = if replace {
            replace_with(&self.dir, &dest, &file.bytes)?
        } else {
            match with_parents(&self.dir, &dest, || create_new(&dest, &file.bytes)) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && self.updating() => {
                    // Not recorded, yet there (put by hand): replaced all the same.
                    replace_with(&self.dir, &dest, &file.bytes)?
                }
                r => r?,
            }
        };
        self.wrote(&file.path, Some(hash), stamp)
    }

    /// Written under a temporary name while its hash is taken, then renamed into place;
    /// removed instead when the tree holds those very bytes already.
    fn put_streamed(&self, file: Streamed) -> std::io::Result<Option<Stamp>> {
        self.claim(&file.path)?;
        let dest = self.dir.join(&file.path);
        let tmp = aside(&dest);
        let (stamp, hash) = write_hashed(&self.dir, &tmp, file.write)?;
        if let Some(entry) = self.unchanged(&file.path, &dest, hash) {
            std::fs::remove_file(&tmp)?;
            self.keep(&file.path, entry)?;
            return Ok(Some(entry.stamp));
        }
        rename_over(&tmp, &dest)?;
        self.wrote(&file.path, Some(hash), stamp)
    }

    fn location(&self, path: &str) -> PathBuf {
        self.target.join(path)
    }

    /// The spare's own page, kept as it is; or a page of the live site linked in (a copy
    /// where there are no hard links). A link must be the expected file: the live site may
    /// have been replaced since it was checked.
    fn reuse(&self, from: &Path, expected: Stamp, path: &str) -> std::io::Result<Stamp> {
        self.claim(path)?;
        let dest = self.dir.join(path);
        // The spare's own file, or the very file already there (a link of the live site's):
        // kept, with the hash its record knows.
        let kept = if from == dest {
            Some(self.before.get(path).and_then(|e| e.hash))
        } else if self.updating()
            && std::fs::symlink_metadata(&dest).is_ok_and(|m| Stamp::of(&m) == expected)
        {
            Some(self.live.get(path).and_then(|e| e.hash))
        } else {
            None
        };
        if let Some(hash) = kept {
            let entry = Entry {
                fingerprint: 0,
                hash,
                stamp: expected,
            };
            self.keep(path, entry)?;
            return Ok(expected);
        }
        let hash = self.live.get(path).and_then(|e| e.hash);
        // In the spare, a file there is replaced, never written through.
        let to = if self.updating() {
            aside(&dest)
        } else {
            dest.clone()
        };
        if self.updating() {
            let _ = std::fs::remove_file(&to);
        }
        let linked = with_parents(&self.dir, &to, || std::fs::hard_link(from, &to));
        let placed = match &linked {
            Ok(()) => Stamp::of(&std::fs::metadata(&to)?),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(super::written_twice(path));
            }
            // No hard links here: a copy.
            Err(_) => create_new(&to, &std::fs::read(from)?)?,
        };
        let sound = if linked.is_ok() {
            placed == expected
        } else {
            placed.size == expected.size
        };
        if !sound {
            std::fs::remove_file(&to)?;
            self.made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(path);
            return Err(std::io::Error::other("the previous file changed meanwhile"));
        }
        if to != dest {
            rename_over(&to, &dest)?;
        }
        self.wrote(path, hash, placed)?;
        Ok(placed)
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        if !self.committed {
            if let Some(owned) = &mut self.fresh {
                let _ = std::fs::remove_dir_all(&self.dir);
                owned.release();
            }
            // An updated spare stays as it is, marked: the next build checks it.
        }
    }
}

/// The spare tree of the output folder `target`: `.public.vinhdanh-spare` beside `public`.
pub(super) fn spare_of(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(format!(".{name}.vinhdanh-spare"))
}

/// Takes the lock of an output, saying so when another build holds it.
fn lock(path: &Path) -> std::io::Result<File> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("waiting for another build of this site to end…");
            file.lock()?;
        }
        // A file system without locks: one build at a time is then up to the person.
        Err(std::fs::TryLockError::Error(_)) => {}
    }
    Ok(file)
}

/// Adds to `files` every file of `dir` its record does not know (left by a killed build),
/// so that the build removes or replaces it.
fn unrecorded(dir: &Path, files: &mut Files) {
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        files.entry(rel).or_insert(Entry {
            fingerprint: 0,
            hash: None,
            stamp: Stamp::default(),
        });
    }
}

/// Makes the previous site at `old` the spare, or lets it go when that cannot be done.
fn keep_as_spare(root: &Path, old: &Path, spare: &Path) {
    if spare.exists() || std::fs::rename(old, spare).is_err() {
        if let Some(key) = record::key(old) {
            record::forget(root, &key);
        }
        discard(old);
    }
}
