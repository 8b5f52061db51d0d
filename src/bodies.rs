//! The profiles' stories, in Markdown: after loading, the largest part of the site model
//! (100,000 stories of six paragraphs are some 200 MB). `serve`, which replaces them as staff
//! edit, keeps them in memory. A build puts each story aside in a temporary file as soon as
//! its file is read ([`Aside`]) and reads it back when its profile's page is made: no page
//! but a profile's own shows its story, so the build never holds them all.
//!
//! A story becomes HTML only when its page is rendered. Whether a page kept from the last
//! build is still right is told from the hash of the story's Markdown ([`Bodies::hash`]),
//! so a rebuild neither converts nor reads back the stories of the pages it keeps.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Pos};

/// Every profile's story, by profile index.
pub struct Bodies {
    store: Store,
}

/// Where a story was put aside, and the hash of its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    /// Offset in the file.
    pub at: u64,
    /// Length in bytes.
    pub len: usize,
    /// [`hash`] of the story.
    pub hash: u64,
}

/// Nothing of a story goes into a profile's hash (its place in the file differs from build
/// to build, the stories being put aside in parallel): the pages that show it add the
/// story's own hash (`render::pages::profile_inputs`), and lists that do not show it are
/// not made again when only a story changed.
impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// The hash a story is known by.
pub fn hash(story: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(story.as_bytes())
}

enum Store {
    Memory {
        stories: Vec<String>,
        /// The hash of each story.
        hashes: Vec<u64>,
    },
    Aside {
        file: Mutex<File>,
        /// Where the file is, when it could not be removed at once (not on Unix).
        path: Option<PathBuf>,
        /// Where each story is in the file, and its hash.
        spans: Vec<Span>,
    },
}

impl Bodies {
    /// Stories kept in memory.
    pub fn in_memory(stories: Vec<String>) -> Bodies {
        Bodies {
            store: Store::Memory {
                hashes: stories.iter().map(|s| hash(s)).collect(),
                stories,
            },
        }
    }

    /// How many stories there are.
    pub fn len(&self) -> usize {
        match &self.store {
            Store::Memory { hashes, .. } => hashes.len(),
            Store::Aside { spans, .. } => spans.len(),
        }
    }

    /// The hash of story `i` (see [`hash`]).
    pub fn hash(&self, i: usize) -> u64 {
        let known = match &self.store {
            Store::Memory { hashes, .. } => hashes.get(i).copied(),
            Store::Aside { spans, .. } => spans.get(i).map(|s| s.hash),
        };
        known.unwrap_or_else(|| hash(""))
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Story `i`.
    pub fn get(&self, i: usize) -> io::Result<Cow<'_, str>> {
        match &self.store {
            Store::Memory { stories, .. } => {
                Ok(Cow::Borrowed(stories.get(i).map_or("", String::as_str)))
            }
            Store::Aside { file, spans, .. } => {
                let Some(&Span { at, len, .. }) = spans.get(i) else {
                    return Ok(Cow::Borrowed(""));
                };
                let mut bytes = vec![0; len];
                let mut f = file.lock().unwrap_or_else(|e| e.into_inner());
                f.seek(SeekFrom::Start(at))?;
                f.read_exact(&mut bytes)?;
                String::from_utf8(bytes)
                    .map(Cow::Owned)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
            }
        }
    }

    /// Puts story `i` in place of the one there (what `serve` does after an edit).
    pub fn replace(&mut self, i: usize, story: String) {
        if let Store::Aside { .. } = self.store {
            // Not done by the builds that put stories aside; kept correct all the same.
            let stories: Vec<String> = (0..self.len())
                .map(|n| self.get(n).map(Cow::into_owned).unwrap_or_default())
                .collect();
            let hashes = (0..stories.len()).map(|n| self.hash(n)).collect();
            self.store = Store::Memory { stories, hashes };
        }
        if let Store::Memory { stories, hashes } = &mut self.store {
            if let (Some(slot), Some(h)) = (stories.get_mut(i), hashes.get_mut(i)) {
                *h = hash(&story);
                *slot = story;
            }
        }
    }
}

/// A temporary file that stories are written to as they are read, gone when the [`Bodies`]
/// made from it are dropped (on Unix at once: a build that is killed leaves nothing behind).
pub struct Aside {
    /// The folder it is in, for messages.
    dir: PathBuf,
    out: Mutex<Out>,
    /// Where the file is, when it could not be removed at once (not on Unix).
    path: Option<PathBuf>,
}

struct Out {
    file: io::BufWriter<File>,
    at: u64,
    /// The first write that failed; nothing is written after it.
    failed: Option<io::Error>,
}

impl Aside {
    /// A new file in `dir` (the site's `.vinhdanh-cache`).
    pub fn create(dir: &Path) -> Result<Aside, Diagnostic> {
        Aside::open(dir).map_err(|e| write_error(dir, &e))
    }

    fn open(dir: &Path) -> io::Result<Aside> {
        // Builds run side by side in one process (the tests) and in several: a name each.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        std::fs::create_dir_all(dir)?;
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!("stories-{}-{n}.tmp", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)?;
        let path = if cfg!(unix) && std::fs::remove_file(&path).is_ok() {
            None
        } else {
            Some(path)
        };
        Ok(Aside {
            dir: dir.to_path_buf(),
            out: Mutex::new(Out {
                file: io::BufWriter::with_capacity(1 << 20, file),
                at: 0,
                failed: None,
            }),
            path,
        })
    }

    /// Writes `story`; where it is in the file. After a failed write nothing more is
    /// written: [`Aside::finish`] reports it.
    pub fn put(&self, story: &str) -> Span {
        let hash = hash(story);
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        if out.failed.is_some() {
            return Span::default();
        }
        let at = out.at;
        match out.file.write_all(story.as_bytes()) {
            Ok(()) => out.at += story.len() as u64,
            Err(e) => out.failed = Some(e),
        }
        Span {
            at,
            len: story.len(),
            hash,
        }
    }

    /// The stories at `spans` (by profile), or the first error writing them.
    pub fn finish(mut self, spans: Vec<Span>) -> Result<Bodies, Diagnostic> {
        let out = self.out.get_mut().unwrap_or_else(|e| e.into_inner());
        let file = match out.failed.take() {
            Some(e) => Err(e),
            None => out
                .file
                .flush()
                .and_then(|()| out.file.get_ref().try_clone()),
        }
        .map_err(|e| write_error(&self.dir, &e))?;
        Ok(Bodies {
            store: Store::Aside {
                file: Mutex::new(file),
                path: self.path.take(),
                spans,
            },
        })
    }
}

/// What a build says when the stories cannot be put aside.
fn write_error(dir: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::new(
        dir,
        Pos::START,
        format!("cannot write the stories aside while building: {e}"),
    )
    .hint("check that the site's folder is writable and the disk is not full")
}

impl Drop for Aside {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Drop for Bodies {
    fn drop(&mut self) {
        if let Store::Aside {
            path: Some(path), ..
        } = &self.store
        {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_put_aside_read_back_the_same_and_leave_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let stories = vec![
            "Câu chuyện của **Nguyễn Văn Đức**.".to_string(),
            String::new(),
            "Thứ ba: ".to_string() + &"đ".repeat(10_000),
        ];
        let aside = Aside::create(dir.path()).map_err(|d| d.message).unwrap();
        // Put aside in another order than the profiles', as parallel loading does.
        let mut spans = vec![Span::default(); stories.len()];
        for i in [1, 2, 0] {
            spans[i] = aside.put(&stories[i]);
        }
        #[cfg(unix)]
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the file is unlinked at once"
        );
        let mut bodies = aside.finish(spans).map_err(|d| d.message).unwrap();
        assert!(matches!(bodies.store, Store::Aside { .. }));
        // Each known by the hash of its text, without reading it back.
        for (i, story) in stories.iter().enumerate() {
            assert_eq!(bodies.hash(i), hash(story));
        }
        assert_ne!(bodies.hash(0), bodies.hash(2));
        // Read in any order, from several threads.
        std::thread::scope(|s| {
            for i in [2, 0, 1, 2] {
                let (bodies, stories) = (&bodies, &stories);
                s.spawn(move || assert_eq!(bodies.get(i).unwrap(), stories[i]));
            }
        });
        assert_eq!(bodies.get(7).unwrap(), "", "past the end: no story");
        bodies.replace(1, "Sửa.".into());
        assert_eq!(bodies.get(1).unwrap(), "Sửa.");
        assert_eq!(
            bodies.hash(1),
            hash("Sửa."),
            "a replaced story, its hash with it"
        );
        assert_eq!(bodies.get(2).unwrap(), stories[2]);
        drop(bodies);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
