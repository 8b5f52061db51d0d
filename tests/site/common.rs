//! Small sites written to a temporary folder, with the repository's default theme.

use std::path::{Path, PathBuf};

use vinhdanh::build::{self, Options, Summary};
use vinhdanh::diagnostics::Diagnostic;

pub const SITE_YAML: &str = "title: Thử nghiệm\nbase_url: https://vd.example.vn/\n";

/// The repository root (the example site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site folder holding `files` (path, content) plus the default theme, and `site.yaml`
/// unless `files` has one.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new(files: &[(&str, &str)]) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &repo().join("themes/default"),
            &dir.path().join("themes/default"),
        );
        if !files.iter().any(|(p, _)| *p == "site.yaml") {
            std::fs::write(dir.path().join("site.yaml"), SITE_YAML).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let site = TestSite { dir };
        for (path, text) in files {
            site.write(path, text.as_bytes());
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, bytes: &[u8]) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn options(&self) -> Options {
        Options {
            root: self.root().to_path_buf(),
            ..Options::default()
        }
    }

    pub fn build(&self) -> Result<Summary, Vec<Diagnostic>> {
        let result = build::build(&self.options());
        // The stories put aside while rendering (src/bodies.rs) leave nothing behind.
        let cache = self.root().join(".vinhdanh-cache");
        let left: Vec<_> = std::fs::read_dir(&cache)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("stories-"))
            .collect();
        assert!(left.is_empty(), "left in {}: {left:?}", cache.display());
        result
    }

    /// Builds and expects failure; returns every diagnostic as `path:line:col: message` text.
    pub fn errors(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(errors) => errors.iter().map(|e| e.to_string()).collect(),
        }
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join("public").join(path))
            .unwrap_or_else(|e| panic!("public/{path}: {e}"))
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A small real JPEG.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 5) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// A small real PNG.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 60]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Asserts that one of `errors` starts with `location` and contains `text`.
#[track_caller]
pub fn assert_error(errors: &[String], location: &str, text: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(location) && e.contains(text)),
        "no error at {location} containing {text:?}; got:\n{}",
        errors.join("\n")
    );
}

/// Every file below `dir` with its bytes, sorted: two snapshots are equal only when the
/// folders are byte-for-byte the same.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
