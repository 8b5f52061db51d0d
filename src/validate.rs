//! Checks across files: every page of the site must have an address of its own.
//!
//! Each file is checked on its own while it is loaded; what only shows when all files are
//! known (two profiles, pages or aliases claiming the same URL, or one claiming a URL the
//! generator needs for a list page) is checked here.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};

/// Who claims a URL.
#[derive(Clone)]
struct Claim {
    source: Option<(PathBuf, Pos)>,
    what: String,
}

/// What the build writes at paths of this shape, whatever the content: later pages of a
/// list (`…/trang/2/`) and profiles' embed cards (`…/embed/`).
fn reserved(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match segments.as_slice() {
        [.., "trang", n] if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            Some("the later pages of a list")
        }
        [_, .., "embed"] => Some("profiles' embeddable cards"),
        _ => None,
    }
}

/// Reports every URL claimed twice. `generated` lists the paths of list pages the build
/// makes itself (section, year and taxonomy pages), with a name for each.
pub fn unique_urls(content: &Content, generated: &[(String, String)], d: &mut Diagnostics) {
    let mut claims: HashMap<String, Claim> = HashMap::new();
    for (path, what) in generated {
        claims.insert(
            path.clone(),
            Claim {
                source: None,
                what: what.clone(),
            },
        );
    }
    let mut claim = |path: &str, source: &PathBuf, pos: Pos, what: String| {
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
                .hint("give it a different `slug` or alias"),
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
}

#[cfg(test)]
mod tests {
    use super::reserved;

    #[test]
    fn list_pages_and_embed_cards_are_reserved() {
        assert!(reserved("cong-dan-uu-tu/2023/trang/2/").is_some());
        assert!(reserved("linh-vuc/y-te/trang/12/").is_some());
        assert!(reserved("cong-dan-uu-tu/2023/nguyen-van-a/embed/").is_some());
        assert!(reserved("cong-dan-uu-tu/2023/trang/").is_none());
        assert!(reserved("trang-chu/").is_none());
        assert!(reserved("embed/").is_none());
        assert!(reserved("gioi-thieu/").is_none());
    }
}
