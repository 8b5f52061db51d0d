//! The default theme, carried inside the binary so that `vinhdanh init` works anywhere.
//!
//! The list of files is generated at compile time by the crate's build script from
//! `themes/default/` (see `build.rs`); a test below checks it against the folder.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Every file of `themes/default/`: path relative to the theme folder (with `/`), bytes.
pub const DEFAULT_THEME: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Writes the embedded default theme into `root/themes/default/`, refusing to replace any
/// file that exists.
pub fn write_default(root: &Path) -> Result<usize, Diagnostic> {
    let dir = Path::new("themes").join("default");
    for (rel, bytes) in DEFAULT_THEME {
        super::write_new(root, &dir.join(rel), bytes)?;
    }
    Ok(DEFAULT_THEME.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded list is exactly the repository's theme folder, byte for byte.
    #[test]
    fn embedded_theme_matches_the_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter(|e| {
                let n = e.file_name().to_string_lossy();
                !n.starts_with('.') && !n.ends_with('~')
            })
            .map(|e| {
                let rel = e.path().strip_prefix(&dir).unwrap().to_string_lossy();
                (rel.replace('\\', "/"), std::fs::read(e.path()).unwrap())
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<(String, Vec<u8>)> = DEFAULT_THEME
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&embedded), names(&on_disk));
        assert!(
            embedded == on_disk,
            "an embedded file differs from the folder"
        );
        assert!(embedded.iter().any(|(p, _)| p == "templates/base.html"));
    }
}
