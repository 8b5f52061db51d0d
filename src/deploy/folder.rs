//! A target that is a folder: on this computer, or a network share mounted on it.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Remote;

/// A folder target.
pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    /// The folder `dir`, made if missing.
    pub fn open(dir: &Path) -> std::io::Result<Folder> {
        std::fs::create_dir_all(dir)?;
        Ok(Folder {
            dir: dir.to_path_buf(),
        })
    }

    fn at(&self, path: &str) -> PathBuf {
        self.dir.join(path)
    }
}

impl Remote for Folder {
    fn read(&self, path: &str) -> std::io::Result<Option<Vec<u8>>> {
        match std::fs::read(self.at(path)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::write(self.at(path), bytes)
    }

    fn append(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(self.at(path))?
            .write_all(bytes)
    }

    fn rename(&self, from: &str, to: &str) -> std::io::Result<()> {
        std::fs::rename(self.at(from), self.at(to))
    }

    fn remove(&self, path: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.at(path)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            r => r,
        }
    }

    fn mkdir(&self, path: &str) -> std::io::Result<()> {
        match std::fs::create_dir(self.at(path)) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            r => r,
        }
    }

    fn rmdir(&self, path: &str) -> std::io::Result<()> {
        std::fs::remove_dir(self.at(path))
    }

    fn list(&self) -> std::io::Result<Vec<(String, u64)>> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&self.dir).min_depth(1) {
            let entry = entry.map_err(std::io::Error::other)?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry.path().strip_prefix(&self.dir).unwrap_or(entry.path());
            let size = entry.metadata().map_or(0, |m| m.len());
            files.push((rel.to_string_lossy().replace('\\', "/"), size));
        }
        Ok(files)
    }

    fn lanes(&self) -> usize {
        4
    }
}
