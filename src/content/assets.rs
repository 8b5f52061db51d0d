//! Files next to a profile (photos, gallery images): resolved from where the profile is,
//! and checked to exist and to stay inside the site folder.

use std::path::{Path, PathBuf};

use super::model::Asset;
use super::profile::Origin;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Resolves a file path written in a profile, relative to the profile's folder, and checks
/// that it exists and stays inside the site folder (also through symbolic links).
pub(super) fn resolve_asset(
    node: &crate::yaml::Node,
    origin: &Origin<'_>,
    what: &str,
    d: &mut Diagnostics,
) -> Option<Asset> {
    let path = origin.source;
    let Some(written) = node.as_str().map(str::trim) else {
        d.push(Diagnostic::new(
            path,
            node.pos,
            format!("the {what} must be a file path"),
        ));
        return None;
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut rel = PathBuf::new();
    let mut escapes = Path::new(written).is_absolute();
    for part in dir.join(written).components() {
        match part {
            std::path::Component::Normal(p) => rel.push(p),
            std::path::Component::ParentDir => escapes |= !rel.pop(),
            std::path::Component::CurDir => {}
            _ => escapes = true,
        }
    }
    let leaves = || {
        Diagnostic::new(
            path,
            node.pos,
            format!("the {what} `{written}` is outside the site folder"),
        )
        .hint("copy the photo next to the profile and write just its file name")
    };
    if escapes {
        d.push(leaves());
        return None;
    }
    let abs = origin.root.join(&rel);
    if !abs.is_file() {
        let hint = match abs.parent().and_then(|p| std::fs::read_dir(p).ok()) {
            Some(entries) => {
                let names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                let file = Path::new(written)
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match crate::diagnostics::did_you_mean(&file, names.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "paths are relative to the profile file's folder; check the spelling and the file's extension".to_string(),
                }
            }
            None => "paths are relative to the profile file's folder".to_string(),
        };
        d.push(
            Diagnostic::new(
                path,
                node.pos,
                format!("the {what} `{written}` does not exist"),
            )
            .hint(hint),
        );
        return None;
    }
    // A symbolic link may point anywhere; what counts is where the file really is.
    let inside = match (abs.canonicalize(), origin.root.canonicalize()) {
        (Ok(real), Ok(root)) => real.starts_with(root),
        _ => false,
    };
    if !inside {
        d.push(leaves());
        return None;
    }
    Some(Asset {
        abs,
        rel,
        pos: node.pos,
    })
}
