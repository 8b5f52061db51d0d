//! Work kept from one build to the next, under a hash of what it was made from: the YAML
//! trees of unchanged front matter ([`crate::yaml::Kept`]) and the search terms of unchanged
//! profiles ([`crate::search::index`]).
//!
//! A store is one file of the site's `.vinhdanh-cache`: a header naming the kind of work
//! and the generator that made it (a new generator may work differently: it starts afresh),
//! then `key, length, bytes` records, then a hash of all that. A file that does not read
//! back whole is not used at all. A build checks the last build's file once through, reads
//! its records one at a time as they are asked for, and writes what it
//! uses or makes to the next one as it goes (held until the end, the trees of 100,000
//! profiles were 200 MB more at the peak), which is renamed into place when the build's
//! step is done. A cache: failing to read or save it costs time, never a wrong result.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The work of the last build, and this build's for the next.
pub struct Store {
    file: PathBuf,
    /// The last build's file, read a record at a time: held whole, the trees of 100,000
    /// profiles were 115 MB more at the peak of a rebuild.
    before: Option<std::fs::File>,
    /// Where each record of `before` is, by its key.
    index: HashMap<u128, (u64, usize)>,
    /// This build's records, written as they come; `None` once writing failed.
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

impl Store {
    /// The store `name` of the cache folder `dir`, whose records are encoded as `format`
    /// says (a line such as `vinhdanh-yaml 1`, changed with the encoding). Empty when there
    /// is none, or it was written by another generator or format, or does not read back whole.
    pub fn open(dir: &Path, name: &str, format: &str) -> Store {
        // Two builds of one site in one process (tests) write files of their own.
        static BUILDS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let file = dir.join(name);
        let header = header(format);
        let read = std::fs::File::open(&file)
            .ok()
            .and_then(|f| Some((index(&f, &header)?, f)));
        let (index, before) = match read {
            Some((index, f)) => (index, Some(f)),
            None => (HashMap::new(), None),
        };
        let n = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!("{name}.{}-{n}.tmp", std::process::id()));
        // A build killed midway leaves its file (a hundred megabytes at 100,000 profiles).
        // Removing one still being written only costs its build the saving.
        remove_unfinished(dir, name);
        let next = std::fs::File::create(&tmp).ok().and_then(|f| {
            let mut next = Next {
                out: std::io::BufWriter::new(f),
                sum: xxhash_rust::xxh3::Xxh3::new(),
            };
            next.put(&header).ok()?;
            Some(next)
        });
        Store {
            file,
            before,
            index,
            now: Mutex::new(next),
            tmp,
        }
    }

    /// The bytes kept under `key` by the last build.
    pub fn get(&self, key: u128) -> Option<Vec<u8>> {
        let &(at, len) = self.index.get(&key)?;
        let mut bytes = vec![0; len];
        read_at(self.before.as_ref()?, &mut bytes, at).ok()?;
        Some(bytes)
    }

    /// Keeps `bytes` under `key` for the next build.
    pub fn put(&self, key: u128, bytes: &[u8]) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(next) = now.as_mut() {
            let written = (next.put(&key.to_le_bytes()))
                .and_then(|()| next.put(&(bytes.len() as u64).to_le_bytes()))
                .and_then(|()| next.put(bytes));
            if written.is_err() {
                *now = None;
            }
        }
    }

    /// How many records the last build's file held.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the last build's file held nothing (or was not used).
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Puts this build's records in place for the next one (the file is whole or absent).
    pub fn save(self) {
        let next = self.now.lock().unwrap_or_else(|e| e.into_inner()).take();
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

impl Drop for Store {
    /// Not saved (the build stopped at a problem): its unfinished file goes.
    fn drop(&mut self) {
        let next = self.now.get_mut().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(next) = next {
            drop(next);
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Fills `buf` from `file` at `at`, without a shared cursor: many threads read at once.
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            let n =
                std::os::windows::fs::FileExt::seek_read(file, &mut buf[done..], at + done as u64)?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            done += n;
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        // Elsewhere the work is done again.
        let _ = (file, buf, at);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// Removes the files of builds that did not finish (`{name}.*.tmp`).
fn remove_unfinished(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        if file.starts_with(&prefix) && file.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// This generator's binary, by its size and time: what the work of another binary (a
/// rebuilt one, which may work differently) is told apart by, here and in the pages'
/// fingerprints.
pub fn generator() -> Option<crate::output::Stamp> {
    let meta = std::env::current_exe().and_then(std::fs::metadata).ok()?;
    Some(crate::output::Stamp::of(&meta))
}

/// The first line of a file: its format and the generator (its version and its binary's
/// size and time, as [`crate::reuse::Fingerprint::site`]).
fn header(format: &str) -> Vec<u8> {
    let mut h = format.as_bytes().to_vec();
    h.push(b'\n');
    h.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(s) = generator() {
        h.extend_from_slice(format!(" {} {}", s.size, s.mtime).as_bytes());
    }
    h.push(b'\n');
    h
}

/// Where each record of a file is (where its bytes start, how many); `None` when the file
/// is of another generator or format, or does not read back whole. Read once through, a
/// record's head at a time.
fn index(file: &std::fs::File, header: &[u8]) -> Option<HashMap<u128, (u64, usize)>> {
    use std::io::Read;
    let total = file.metadata().ok()?.len();
    let end = total.checked_sub(8)?;
    let mut r = std::io::BufReader::with_capacity(1 << 20, file);
    let mut sum = xxhash_rust::xxh3::Xxh3::new();
    let mut head = vec![0; header.len()];
    r.read_exact(&mut head).ok()?;
    if head != header {
        return None;
    }
    sum.update(&head);
    let mut at = head.len() as u64;
    let mut index = HashMap::new();
    let mut scratch = vec![0; 64 * 1024];
    while at < end {
        let mut rec = [0u8; 24];
        r.read_exact(&mut rec).ok()?;
        sum.update(&rec);
        let key = u128::from_le_bytes(rec[..16].try_into().ok()?);
        let len = u64::from_le_bytes(rec[16..].try_into().ok()?);
        at = at.checked_add(24)?;
        if at.checked_add(len)? > end {
            return None;
        }
        index.insert(key, (at, usize::try_from(len).ok()?));
        let mut left = len;
        while left > 0 {
            let n = left.min(scratch.len() as u64) as usize;
            r.read_exact(&mut scratch[..n]).ok()?;
            sum.update(&scratch[..n]);
            left -= n as u64;
        }
        at += len;
    }
    let mut tail = [0u8; 8];
    r.read_exact(&mut tail).ok()?;
    (at == end && sum.digest().to_le_bytes() == tail).then_some(index)
}

/// Appends a number in seven-bit groups, low first.
pub fn put_number(mut n: usize, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads back a number of [`put_number`].
pub fn number(bytes: &mut &[u8]) -> Option<usize> {
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

/// Appends a text: its length, then its bytes.
pub fn put_text(text: &str, out: &mut Vec<u8>) {
    put_raw(text.as_bytes(), out);
}

/// Reads back a text of [`put_text`].
pub fn text<'a>(bytes: &mut &'a [u8]) -> Option<&'a str> {
    std::str::from_utf8(raw(bytes)?).ok()
}

/// Appends bytes: their length, then them.
pub fn put_raw(bytes: &[u8], out: &mut Vec<u8>) {
    put_number(bytes.len(), out);
    out.extend_from_slice(bytes);
}

/// Reads back bytes of [`put_raw`].
pub fn raw<'a>(bytes: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = number(bytes)?;
    let taken = bytes.get(..len)?;
    *bytes = &bytes[len..];
    Some(taken)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn what_one_build_keeps_the_next_gets() {
        let dir = tempfile::tempdir().unwrap();
        let first = Store::open(dir.path(), "work", "test 1");
        assert!(first.is_empty() && first.get(1).is_none());
        first.put(1, b"one");
        first.put(2, b"");
        first.save();
        let second = Store::open(dir.path(), "work", "test 1");
        assert_eq!(
            (second.get(1), second.get(2), second.len()),
            (Some(b"one".to_vec()), Some(Vec::new()), 2)
        );
        // What the second build does not put is gone from the third.
        second.put(2, b"two");
        second.save();
        let third = Store::open(dir.path(), "work", "test 1");
        assert_eq!((third.get(1), third.get(2)), (None, Some(b"two".to_vec())));
        // Another format: nothing.
        assert!(Store::open(dir.path(), "work", "test 2").is_empty());
        assert_eq!(names(dir.path()), ["work"]);
    }

    #[test]
    fn a_damaged_file_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "work", "test 1");
        store.put(7, b"seven");
        store.save();
        let whole = std::fs::read(dir.path().join("work")).unwrap();
        for cut in [1, 8, whole.len() / 2, whole.len() - 1] {
            std::fs::write(dir.path().join("work"), &whole[..cut]).unwrap();
            assert!(
                Store::open(dir.path(), "work", "test 1").is_empty(),
                "cut at {cut}"
            );
        }
        let mut garbled = whole.clone();
        let n = garbled.len();
        garbled[n - 10] ^= 1;
        std::fs::write(dir.path().join("work"), garbled).unwrap();
        assert!(Store::open(dir.path(), "work", "test 1").is_empty());
    }

    #[test]
    fn a_record_longer_than_its_file_is_not_used() {
        // Whole by its hash (xxh3 is no seal: anyone can write one), but a record that says
        // it runs past the end: not an index into nothing, nor an allocation of its length.
        let dir = tempfile::tempdir().unwrap();
        for len in [9u64, u64::MAX] {
            let mut file = header("test 1");
            file.extend_from_slice(&7u128.to_le_bytes());
            file.extend_from_slice(&len.to_le_bytes());
            file.extend_from_slice(b"short");
            let sum = xxhash_rust::xxh3::xxh3_64(&file).to_le_bytes();
            file.extend_from_slice(&sum);
            std::fs::write(dir.path().join("work"), &file).unwrap();
            let store = Store::open(dir.path(), "work", "test 1");
            assert!(store.is_empty() && store.get(7).is_none(), "length {len}");
        }
    }

    #[test]
    fn a_build_killed_midway_leaves_nothing_behind_the_next() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("work.999999-0.tmp"), vec![0u8; 4096]).unwrap();
        std::fs::write(dir.path().join("other.999999-0.tmp"), b"not ours").unwrap();
        Store::open(dir.path(), "work", "test 1").save();
        assert_eq!(names(dir.path()), ["other.999999-0.tmp", "work"]);
    }

    #[test]
    fn numbers_and_texts_read_back() {
        let mut out = Vec::new();
        for n in [0, 127, 128, 300, usize::MAX] {
            put_number(n, &mut out);
        }
        put_text("Nguyễn Văn Đức", &mut out);
        let mut bytes = &out[..];
        for n in [0, 127, 128, 300, usize::MAX] {
            assert_eq!(number(&mut bytes), Some(n));
        }
        assert_eq!(text(&mut bytes), Some("Nguyễn Văn Đức"));
        assert!(bytes.is_empty() && text(&mut bytes).is_none());
    }
}
