//! Checks across files: every page of the site must have an address of its own.
//!
//! Each file is checked on its own while it is loaded; what only shows when all files are
//! known (two profiles, pages or aliases claiming the same URL, or one claiming a URL the
//! generator needs for a list page) is checked here.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::{Config, Kind};
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::paths;

/// Who claims a URL.
#[derive(Clone)]
struct Claim {
    source: Option<(PathBuf, Pos)>,
    what: String,
}

/// The pages and files the build makes whatever the content, with a name for each.
/// Files (`atom.xml`) are listed the way an alias to them would be written (`atom.xml/`),
/// so an alias cannot put a folder where the file goes.
fn generated(config: &Config, content: &Content, has_stats: bool) -> Vec<(String, String)> {
    let mut out = vec![
        (String::new(), "home page".to_string()),
        (paths::SEARCH.to_string(), "search page".to_string()),
    ];
    out.extend(
        paths::root_files()
            .into_iter()
            .map(|(p, what)| (p, what.to_string())),
    );
    if has_stats {
        out.push((paths::STATS.to_string(), "statistics page".to_string()));
    }
    for s in &config.sections {
        out.push((paths::section(&s.path), format!("list page of {}", s.title)));
        out.push((
            format!("{}/", paths::section_feed(&s.path)),
            format!("feed of {}", s.title),
        ));
    }
    for p in &content.profiles {
        if let (Kind::Person, Some(y), Some(s)) = (p.kind(), p.year, config.section(&p.section)) {
            out.push((paths::year(&s.path, y), format!("list page of {y}")));
        }
    }
    out
}

/// What the site keeps at `path` for pages it makes itself, in a phrase: the folders it
/// publishes at the top (taxonomies and their terms, the search index, the register of
/// decisions…), and paths of the shapes of later list pages, embed cards and print pages.
fn reserved(path: &str) -> Option<String> {
    if let Some(what) = paths::kept_shape(path) {
        return Some(what.to_string());
    }
    let top = path.split('/').next().unwrap_or_default();
    paths::top_level()
        .into_iter()
        // The search and statistics pages are single pages: the generated list has them.
        .filter(|(p, _)| *p != paths::SEARCH && *p != paths::STATS)
        .find(|(p, _)| p.trim_end_matches('/') == top)
        .map(|(_, what)| format!("its {what}"))
}

/// Reports every URL claimed twice, and every URL claimed that the build keeps for pages
/// it makes itself. `has_stats`: the theme has a statistics page. `static_files` are the
/// files of the `static/` folders (path in the site, file relative to the site root), which
/// may not take a page's place either.
pub fn unique_urls(
    content: &Content,
    config: &Config,
    has_stats: bool,
    static_files: &[(String, PathBuf)],
    d: &mut Diagnostics,
) {
    let mut claims: HashMap<String, Claim> = HashMap::new();
    for (path, what) in generated(config, content, has_stats) {
        claims.insert(path, Claim { source: None, what });
    }
    let mut claim = |path: &str, source: &PathBuf, pos: Pos, what: String| {
        // `x/index.html` is the page `x/`.
        let path = paths::page_of_file(path);
        let new = Claim {
            source: Some((source.clone(), pos)),
            what,
        };
        if let Some(what) = reserved(path) {
            d.push(
                Diagnostic::new(
                    source,
                    pos,
                    format!(
                        "{} would take the URL /{path}, which the site keeps for {what}",
                        new.what
                    ),
                )
                .hint(if new.what.starts_with("the page") {
                    "move or rename the file: a page's URL is its path under content/"
                } else {
                    "give it a different `slug` or alias"
                }),
            );
            return;
        }
        match claims.get(path) {
            None => {
                claims.insert(path.to_string(), new);
            }
            Some(first) => {
                let url = format!("/{path}");
                match &first.source {
                    Some((first_file, first_pos)) => {
                        d.push(
                            Diagnostic::new(
                                source,
                                pos,
                                format!(
                                    "{} has the same URL {url} as {} in {}:{}",
                                    new.what,
                                    first.what,
                                    first_file.display(),
                                    first_pos.line
                                ),
                            )
                            .hint("give one of them a different `slug`, or remove the duplicate"),
                        );
                        d.push(
                            Diagnostic::new(
                                first_file,
                                *first_pos,
                                format!(
                                    "{} has the same URL {url} as {} in {}:{}",
                                    first.what,
                                    new.what,
                                    source.display(),
                                    pos.line
                                ),
                            )
                            .hint("give one of them a different `slug`, or remove the duplicate"),
                        );
                    }
                    None => d.push(
                        Diagnostic::new(
                            source,
                            pos,
                            format!(
                                "{} would take the URL {url}, which is the site's {}",
                                new.what, first.what
                            ),
                        )
                        .hint("give it a different `slug`"),
                    ),
                }
            }
        }
    };
    for p in &content.profiles {
        claim(
            &p.path,
            &p.source,
            p.pos,
            format!("the profile of {}", p.name),
        );
        for (alias, pos) in &p.aliases {
            claim(alias, &p.source, *pos, format!("an alias of {}", p.name));
        }
    }
    for page in &content.pages {
        claim(
            &page.path,
            &page.source,
            Pos::START,
            format!("the page “{}”", page.title),
        );
        for (alias, pos) in &page.aliases {
            claim(
                alias,
                &page.source,
                *pos,
                format!("an alias of “{}”", page.title),
            );
        }
    }
    for (path, file) in static_files {
        let key = paths::page_of_file(path).to_string();
        let taken = match claims.get(&key).or_else(|| claims.get(&format!("{key}/"))) {
            Some(Claim {
                source: Some((f, pos)),
                what,
            }) => format!("where {what} ({}:{}) goes", f.display(), pos.line),
            Some(Claim { source: None, what }) => format!("where the site's {what} goes"),
            None => match paths::kept_shape(&key) {
                Some(what) => format!("which the site keeps for {what}"),
                None => continue,
            },
        };
        d.push(
            Diagnostic::new(
                file,
                Pos::START,
                format!("this static file would be written at /{path}, {taken}"),
            )
            .hint("rename or move the file in static/, or remove it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::reserved;

    #[test]
    fn taxonomy_folders_and_list_shapes_are_reserved() {
        assert!(reserved("dia-ban/tan-yen/").is_some());
        assert!(reserved("dia-ban/").is_some());
        assert!(reserved("search/x/").is_some());
        assert!(reserved("quyet-dinh/").is_some());
        assert!(reserved("cong-dan-uu-tu/2023/trang/2/").is_some());
        assert!(
            reserved("tim-kiem/").is_none(),
            "a generated page, not a folder"
        );
        assert!(reserved("gioi-thieu/").is_none());
        assert!(reserved("dia-ban-cu/").is_none());
    }
}
