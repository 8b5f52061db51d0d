//! Starting points that people fill in, so nobody has to remember the content format.
//!
//! [`profile`] writes one new profile (`vinhdanh new`) with every field of the format
//! present and explained in Vietnamese; [`init`] writes a whole new site (`vinhdanh init`)
//! with the default theme the binary carries; [`import`] turns a spreadsheet's rows into
//! profiles like those `new` writes. None ever replaces a file that exists: a person's work
//! is never lost to a scaffold.

pub mod import;
pub mod init;
pub mod profile;

use std::io::Write;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos};

/// Writes `text` to `root/rel`, creating folders, and fails if the file already exists
/// (checked atomically by the operating system, not by a separate look).
fn write_new(root: &Path, rel: &Path, text: &[u8]) -> Result<(), Diagnostic> {
    let abs = root.join(rel);
    let io = |e: std::io::Error| {
        Diagnostic::new(rel, Pos::START, format!("cannot write this file: {e}"))
            .hint("check that the folder is writable and the disk is not full")
    };
    if let Some(parent) = abs.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&abs)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(already_exists(rel));
        }
        Err(e) => return Err(io(e)),
    };
    file.write_all(text).map_err(io)
}

fn already_exists(rel: &Path) -> Diagnostic {
    Diagnostic::new(
        rel,
        Pos::START,
        "this file already exists; nothing was written",
    )
    .hint("edit the existing file, or give another name (two profiles cannot share an address)")
}
