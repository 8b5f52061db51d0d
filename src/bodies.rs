//! The profiles' stories as HTML: after loading, the largest part of the site model
//! (100,000 stories of six paragraphs are some 200 MB). `serve`, which replaces them as staff
//! edit, keeps them in memory. A build puts them aside in a temporary file once they are
//! converted and reads each back when its profile's page is made: no page but a profile's
//! own shows its story, so rendering does not need them all in memory at once.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Every profile's story, by profile index.
pub struct Bodies(Store);

enum Store {
    Memory(Vec<String>),
    Aside {
        file: Mutex<File>,
        /// Where the file is, when it could not be removed at once (not on Unix).
        path: Option<PathBuf>,
        /// Each story's offset and length in the file.
        spans: Vec<(u64, usize)>,
    },
}

impl Bodies {
    /// Stories kept in memory.
    pub fn in_memory(stories: Vec<String>) -> Bodies {
        Bodies(Store::Memory(stories))
    }

    /// How many stories there are.
    pub fn len(&self) -> usize {
        match &self.0 {
            Store::Memory(v) => v.len(),
            Store::Aside { spans, .. } => spans.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Story `i`.
    pub fn get(&self, i: usize) -> io::Result<Cow<'_, str>> {
        match &self.0 {
            Store::Memory(v) => Ok(Cow::Borrowed(v.get(i).map_or("", String::as_str))),
            Store::Aside { file, spans, .. } => {
                let Some(&(at, len)) = spans.get(i) else {
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
        if let Store::Aside { .. } = self.0 {
            // Not done by the builds that put stories aside; kept correct all the same.
            let all = (0..self.len())
                .map(|n| self.get(n).map(Cow::into_owned).unwrap_or_default())
                .collect();
            self.0 = Store::Memory(all);
        }
        if let Store::Memory(v) = &mut self.0 {
            if let Some(slot) = v.get_mut(i) {
                *slot = story;
            }
        }
    }

    /// Moves the stories held in memory to a new file in `dir`, gone when this is dropped
    /// (on Unix at once: a build that is killed leaves nothing behind).
    pub fn put_aside(&mut self, dir: &Path) -> io::Result<()> {
        let Store::Memory(stories) = &mut self.0 else {
            return Ok(());
        };
        // Builds run side by side in one process (the tests) and in several: a name each.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        std::fs::create_dir_all(dir)?;
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!("stories-{}-{n}.tmp", std::process::id()));
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)?;
        let kept = if cfg!(unix) && std::fs::remove_file(&path).is_ok() {
            None
        } else {
            Some(path)
        };
        let spans = match write_all(&mut file, stories) {
            Ok(spans) => spans,
            Err(e) => {
                if let Some(path) = &kept {
                    let _ = std::fs::remove_file(path);
                }
                return Err(e);
            }
        };
        self.0 = Store::Aside {
            file: Mutex::new(file),
            path: kept,
            spans,
        };
        Ok(())
    }
}

/// Writes `stories` one after another; each one's offset and length.
fn write_all(file: &mut File, stories: &[String]) -> io::Result<Vec<(u64, usize)>> {
    let mut spans = Vec::with_capacity(stories.len());
    let mut at = 0u64;
    let mut out = io::BufWriter::with_capacity(1 << 20, file);
    for story in stories {
        out.write_all(story.as_bytes())?;
        spans.push((at, story.len()));
        at += story.len() as u64;
    }
    out.flush()?;
    Ok(spans)
}

impl Drop for Bodies {
    fn drop(&mut self) {
        if let Store::Aside {
            path: Some(path), ..
        } = &self.0
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
            "<p>Câu chuyện của Nguyễn Văn Đức.</p>".to_string(),
            String::new(),
            "<p>Thứ ba: ".to_string() + &"đ".repeat(10_000) + "</p>",
        ];
        let mut bodies = Bodies::in_memory(stories.clone());
        bodies.put_aside(dir.path()).unwrap();
        assert!(matches!(bodies.0, Store::Aside { .. }));
        #[cfg(unix)]
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the file is unlinked at once"
        );
        // Read in any order, from several threads.
        std::thread::scope(|s| {
            for i in [2, 0, 1, 2] {
                let (bodies, stories) = (&bodies, &stories);
                s.spawn(move || assert_eq!(bodies.get(i).unwrap(), stories[i]));
            }
        });
        assert_eq!(bodies.get(7).unwrap(), "", "past the end: no story");
        bodies.replace(1, "<p>Sửa.</p>".into());
        assert_eq!(bodies.get(1).unwrap(), "<p>Sửa.</p>");
        assert_eq!(bodies.get(2).unwrap(), stories[2]);
        drop(bodies);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
