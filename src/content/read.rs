//! Reading one content file: what it holds, read as its kind says (a profile in Markdown or
//! YAML, a list of profiles, a spreadsheet, a page, a consultation round).

use std::path::Path;

use super::{
    classify, frontmatter, page, profile, read_text, round, sheet, Content, FileCache, FileKind,
};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::yaml::{self, Fields, Value};

pub(super) fn read_file(
    root: &Path,
    rel: &Path,
    kind: &FileKind,
    config: &Config,
    parsed: Option<&yaml::Kept>,
    d: &mut Diagnostics,
) -> Content {
    let mut content = Content::default();
    if let FileKind::ProfileSheet { section } = kind {
        let origin = origin(root, config, section, rel, None, None);
        let read = sheet::read(root, &origin, None, d);
        content.profiles = read.profiles;
        if !read.skipped.is_empty() {
            content.notes.push(format!(
                "{}: left out the sheets without a header row with a name column: {}",
                rel.display(),
                read.skipped
                    .iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        return content;
    }
    let Some(text) = read_text(&root.join(rel), rel, d) else {
        return content;
    };
    read_text_as(root, rel, kind, config, &text, parsed, d)
}

/// What `text` holds, read as the file `rel` of `kind` would be (for the editor, which checks
/// a profile before saving it). A spreadsheet is not text: it gives nothing.
pub fn check_text(
    root: &Path,
    config: &Config,
    rel: &Path,
    text: &str,
    cache: &FileCache,
) -> (Content, Diagnostics) {
    let mut d = Diagnostics::new();
    let known = cache
        .files
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(rel)
        .map(|(_, kind, _)| kind.clone());
    let kind = known.or_else(|| classify(rel, config, false));
    let content = match kind {
        Some(FileKind::ProfileSheet { .. }) | None => Content::default(),
        Some(kind) => read_text_as(root, rel, &kind, config, text, None, &mut d),
    };
    (content, d)
}

fn read_text_as(
    root: &Path,
    rel: &Path,
    kind: &FileKind,
    config: &Config,
    text: &str,
    parsed: Option<&yaml::Kept>,
    d: &mut Diagnostics,
) -> Content {
    // Taken from the last build when the same text was parsed there.
    let parse = |source: &str, offset: usize| match parsed {
        Some(kept) => kept.parse(source, rel, offset),
        None => yaml::parse(source, rel, offset),
    };
    let mut content = Content::default();
    if text.trim().is_empty() {
        d.push(
            Diagnostic::new(rel, Pos::START, "this file is empty")
                .hint("write the profile's fields in it, or delete it"),
        );
        return content;
    }
    match kind {
        FileKind::Home | FileKind::Page { .. } => {
            let Some((node, body)) = markdown_parts(text, rel, &parse, d) else {
                return content;
            };
            let url = match kind {
                FileKind::Page { path } => path.clone(),
                _ => String::new(),
            };
            let f = Fields::of(&node, rel, "the front matter", d);
            let page = page::read(f, rel, url, body, d);
            if matches!(kind, FileKind::Home) {
                content.home = Some(page);
            } else {
                content.pages.push(page);
            }
        }
        FileKind::ProfileMarkdown { section, file_slug } => {
            let Some((node, body)) = markdown_parts(text, rel, &parse, d) else {
                return content;
            };
            if node.value == Value::Null {
                d.push(Diagnostic::new(rel, Pos::START, "this profile has no front matter").hint("start the file with the fields between two `---` lines:\n  ---\n  name: Nguyễn Văn Đức\n  year: 2023\n  ---"));
                return content;
            }
            let origin = origin(root, config, section, rel, file_slug.clone(), Some(body));
            let f = Fields::of(&node, rel, "the front matter", d);
            content.profiles.extend(profile::read(f, &origin, d));
        }
        FileKind::ProfileYaml { section, file_slug } => {
            let node = match parse(text, 0) {
                Ok(n) => n,
                Err(e) => {
                    d.push(e);
                    return content;
                }
            };
            match (node.get("profiles"), node.as_map()) {
                (Some(list), Some(defaults)) => {
                    let origin = origin(root, config, section, rel, None, None);
                    let Value::Seq(items) = &list.value else {
                        d.push(Diagnostic::new(
                            rel,
                            list.pos,
                            "`profiles` must be a list of profiles, each starting with `- name: …`",
                        ));
                        return content;
                    };
                    for item in items {
                        let f = Fields::of(item, rel, "each profile", d)
                            .with_defaults(defaults, "profiles");
                        content.profiles.extend(profile::read(f, &origin, d));
                    }
                }
                _ => {
                    let origin = origin(root, config, section, rel, Some(file_slug.clone()), None);
                    let f = Fields::of(&node, rel, "a profile file", d);
                    content.profiles.extend(profile::read(f, &origin, d));
                }
            }
        }
        FileKind::Round { path } => {
            let is_md = rel.extension().is_some_and(|e| e == "md");
            let (node, body) = if is_md {
                let Some((node, body)) = markdown_parts(text, rel, &parse, d) else {
                    return content;
                };
                (node, Some(body))
            } else {
                match parse(text, 0) {
                    Ok(n) => (n, None),
                    Err(e) => {
                        d.push(e);
                        return content;
                    }
                }
            };
            let f = Fields::of(&node, rel, "a consultation round", d);
            content
                .rounds
                .extend(round::read(f, rel, path.clone(), body, d));
        }
        // Read above, as a workbook rather than text.
        FileKind::ProfileSheet { .. } => {}
    }
    content
}

fn origin<'a>(
    root: &'a Path,
    config: &'a Config,
    section: &str,
    rel: &'a Path,
    file_slug: Option<String>,
    body: Option<&'a str>,
) -> profile::Origin<'a> {
    profile::Origin {
        root,
        // The section exists: files were classified by it.
        section: config
            .section(section)
            .expect("section of a classified file"),
        source: rel,
        file_slug,
        body,
    }
}

fn markdown_parts<'t>(
    text: &'t str,
    rel: &Path,
    parse: &dyn Fn(&str, usize) -> Result<yaml::Node, Diagnostic>,
    d: &mut Diagnostics,
) -> Option<(yaml::Node, &'t str)> {
    let split = match frontmatter::split(text, rel) {
        Ok(s) => s,
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    match parse(split.yaml, split.yaml_line_offset) {
        Ok(node) => Some((node, split.body)),
        Err(e) => {
            d.push(e);
            None
        }
    }
}
