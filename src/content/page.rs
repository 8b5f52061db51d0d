//! Plain pages (about, contact) and the home page's introduction.

use std::path::{Path, PathBuf};

use super::profile::alias_path;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::yaml::Fields;

/// A Markdown page that is not a profile.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its file, relative to the site root.
    pub source: PathBuf,
    /// The title.
    pub title: String,
    /// For the meta description.
    pub description: Option<String>,
    /// The Markdown text. Emptied by `site::build`, which keeps it as HTML.
    pub body: String,
    /// The page's path relative to the site root (`gioi-thieu/`; empty for the home page).
    pub path: String,
    /// Earlier addresses.
    pub aliases: Vec<(String, Pos)>,
    /// Listed in the site's menu.
    pub menu: bool,
    /// Order in the menu.
    pub weight: i64,
    /// Left out unless drafts are built.
    pub draft: bool,
}

/// Reads a page's front matter fields. `path` is the URL path the file's location gives.
pub fn read(
    mut f: Fields<'_>,
    source: &Path,
    path: String,
    body: &str,
    d: &mut Diagnostics,
) -> Page {
    let title = f.text("title", d);
    let is_home = path.is_empty();
    if title.is_none() && !is_home {
        d.push(
            Diagnostic::new(source, f.pos(), "this page has no `title`")
                .hint("add front matter at the top:\n  ---\n  title: Giới thiệu\n  ---"),
        );
    }
    let description = f.text("description", d);
    let aliases = f
        .texts("aliases", d)
        .into_iter()
        .filter_map(|(a, pos)| match alias_path(&a) {
            Ok(p) => Some((p, pos)),
            Err(msg) => {
                d.push(Diagnostic::new(source, pos, msg));
                None
            }
        })
        .collect();
    let menu = f.bool("menu", d).unwrap_or(false);
    let weight = f.int("weight", d).unwrap_or(0);
    let draft = f.bool("draft", d).unwrap_or(false);
    f.finish(
        d,
        &[("name", "`name` is for profiles; a plain page has a `title`")],
    );
    Page {
        source: source.to_path_buf(),
        title: title.unwrap_or_default(),
        description,
        body: body.to_string(),
        path,
        aliases,
        menu,
        weight,
        draft,
    }
}
