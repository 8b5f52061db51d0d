//! Build script: embeds the default theme (`themes/default/`) in the binary, so that
//! `vinhdanh init` can start a new site anywhere without a copy of this repository.
//!
//! It writes `$OUT_DIR/default_theme.rs`: a sorted list of `(path, include_bytes!(...))`
//! pairs, one per file of the theme. Cargo reruns the script whenever anything under the
//! folder changes (a directory given to `rerun-if-changed` is scanned as a whole), so files
//! added or removed are picked up too, which `include_dir`-style macros cannot track on
//! stable Rust. `theme::builtin`'s tests compare the list with the folder.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let theme = manifest.join("themes").join("default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut code = String::from("&[\n");
    for (rel, _) in &files {
        // Relative to the crate being compiled, not to where this script ran, so a target
        // folder shared by two checkouts never embeds the other checkout's files.
        code.push_str(&format!(
            "    ({rel:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?})) as &[u8]),\n",
            format!("/themes/default/{rel}")
        ));
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("default_theme.rs"), code).expect("OUT_DIR is writable");
}

/// Every regular file under `dir`, as (path relative to `base` with `/`, absolute path).
fn collect(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("readable folder entry");
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            // Editor swap and backup files are not part of the theme.
            continue;
        }
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            collect(base, &path, out);
        } else if path.is_file() {
            let rel = path
                .strip_prefix(base)
                .expect("inside the theme")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
}
