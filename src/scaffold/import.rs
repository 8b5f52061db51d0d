//! `vinhdanh import FILE`: a spreadsheet's rows as Markdown profiles, one file per row,
//! each written as `vinhdanh new` writes a profile (every field present and explained) with
//! the row's values filled in, for staff who want to write a long story per person.
//!
//! The rows are read and checked exactly as a build reads a spreadsheet in `content/`, so a
//! row with a problem is reported at its cell and nothing is written. Photos named in the
//! rows are copied beside the new files under their own names. Nothing is ever replaced.

use std::path::{Path, PathBuf};

use super::profile::{text, yaml_scalar};
use crate::config::{self, Config, Kind, Section};
use crate::content::profile::Origin;
use crate::content::{sheet, Profile};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};

/// What `vinhdanh import` was asked for.
#[derive(Debug, Clone)]
pub struct Import {
    /// The spreadsheet, anywhere.
    pub file: PathBuf,
    /// The section to write into (default: the folder the file is in under `content/`, or
    /// the first section of people).
    pub section: Option<String>,
    /// The year of rows without one (default: the one the file's name gives).
    pub year: Option<i64>,
}

/// Writes one profile per row under `root` and returns the files written, relative to it.
pub fn run(root: &Path, import: &Import) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut d = Diagnostics::new();
    let Some(config) = config::load(root, &mut d) else {
        return Err(d.into_sorted());
    };
    if !d.is_empty() {
        return Err(d.into_sorted());
    }
    let section = pick_section(root, &config, import).map_err(|e| vec![e])?;
    let abs = std::path::absolute(&import.file).unwrap_or_else(|_| import.file.clone());
    if !abs.is_file() {
        return Err(vec![Diagnostic::new(&import.file, Pos::START, "there is no such file")
            .hint("give the path of the spreadsheet, e.g. `vinhdanh import ~/Downloads/danh-sach-2024.xlsx`")]);
    }
    // The spreadsheet's own folder is the root its photos are found from.
    let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
    let name = PathBuf::from(abs.file_name().unwrap_or_default());
    let origin = Origin {
        root: &dir,
        section,
        source: &name,
        file_slug: None,
        body: None,
    };
    // The year a folder gives (`content/citizens/2024/danh-sach.xlsx`), as the build reads it.
    let folder_year = dir
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse().ok());
    let stem_is_year = name
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()));
    let year = import
        .year
        .or(if stem_is_year { None } else { folder_year });
    let read = sheet::read(&dir, &origin, year, &mut d);
    let shown = import.file.clone();
    let errors: Vec<Diagnostic> = d
        .into_sorted()
        .into_iter()
        .map(|mut e| {
            if e.path == name {
                e.path = shown.clone();
            }
            e
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    if read.profiles.is_empty() {
        return Err(vec![Diagnostic::new(
            &import.file,
            Pos::START,
            "this spreadsheet has no rows to import",
        )]);
    }
    // Every file is planned before one is written: a clash writes nothing.
    let mut d = Diagnostics::new();
    let mut plan: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for p in &read.profiles {
        let folder = match (p.kind(), p.year) {
            (Kind::Person, Some(y)) => Path::new("content").join(&section.key).join(y.to_string()),
            _ => Path::new("content").join(&section.key),
        };
        let photo = p.photo.as_ref().map(|a| {
            let file = a
                .rel
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (folder.join(&file), a.abs.clone(), file)
        });
        let md = markdown(p, section, photo.as_ref().map(|(_, _, f)| f.as_str()));
        plan.push((folder.join(format!("{}.md", p.slug)), md.into_bytes()));
        if let Some((to, from, _)) = photo {
            match std::fs::read(&from) {
                Ok(bytes) => plan.push((to, bytes)),
                Err(e) => d.push(Diagnostic::new(
                    &from,
                    Pos::START,
                    format!("cannot read this photo: {e}"),
                )),
            }
        }
    }
    // Two rows may name the same photo: it is copied once.
    let mut seen = std::collections::HashSet::new();
    plan.retain(|(rel, bytes)| seen.insert((rel.clone(), xxhash_rust::xxh3::xxh3_64(bytes))));
    for (rel, _) in &plan {
        if root.join(rel).exists() || plan.iter().filter(|(r, _)| r == rel).count() > 1 {
            d.push(super::already_exists(rel));
        }
    }
    if !d.is_empty() {
        return Err(d.into_sorted());
    }
    let mut written = Vec::new();
    for (rel, bytes) in plan {
        super::write_new(root, &rel, &bytes).map_err(|e| vec![e])?;
        written.push(rel);
    }
    Ok(written)
}

/// The section: asked for, the one the file is in, or the first of people.
fn pick_section<'c>(
    root: &Path,
    config: &'c Config,
    import: &Import,
) -> Result<&'c Section, Diagnostic> {
    if let Some(key) = &import.section {
        return config.section(key).ok_or_else(|| {
            Diagnostic::new(
                "--section",
                Pos::START,
                format!("there is no section `{key}` in site.yaml"),
            )
            .hint(format!(
                "use one of {}",
                config
                    .sections
                    .iter()
                    .map(|s| format!("`{}`", s.key))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        });
    }
    let content = std::path::absolute(root.join("content")).unwrap_or_default();
    let abs = std::path::absolute(&import.file).unwrap_or_default();
    let inside = abs
        .strip_prefix(&content)
        .ok()
        .and_then(|rest| rest.components().next())
        .and_then(|c| config.section(&c.as_os_str().to_string_lossy()));
    inside
        .or_else(|| config.sections.iter().find(|s| s.kind == Kind::Person))
        .or(config.sections.first())
        .ok_or_else(|| Diagnostic::new("site.yaml", Pos::START, "the site has no sections"))
}

/// The profile as `vinhdanh new` writes it, with the row's values in place of the examples.
fn markdown(p: &Profile, section: &Section, photo: Option<&str>) -> String {
    let mut s = text(p.kind(), &p.name, p.year, &p.slug, section);
    let person = p.person();
    let unit = p.collective();
    // In `[a, b]` a comma or bracket ends an item: such items are quoted.
    let item = |x: &String| {
        if x.contains([',', '[', ']', '{', '}']) {
            serde_json::Value::String(x.clone()).to_string()
        } else {
            yaml_scalar(x)
        }
    };
    let list = |v: &[String]| format!("[{}]", v.iter().map(item).collect::<Vec<_>>().join(", "));
    let values: Vec<(&str, Option<String>)> = vec![
        ("summary", p.summary.as_deref().map(yaml_scalar)),
        (
            "title",
            person.and_then(|x| x.title.as_deref()).map(yaml_scalar),
        ),
        (
            "organization",
            person
                .and_then(|x| x.organization.as_deref())
                .map(yaml_scalar),
        ),
        (
            "birth_year",
            person.and_then(|x| x.birth_year).map(|y| y.to_string()),
        ),
        (
            "gender",
            person.and_then(|x| x.gender.as_deref()).map(yaml_scalar),
        ),
        (
            "group",
            person.and_then(|x| x.group.as_deref()).map(yaml_scalar),
        ),
        (
            "kind",
            unit.and_then(|x| x.kind.as_deref()).map(yaml_scalar),
        ),
        (
            "founded",
            unit.and_then(|x| x.founded.as_deref()).map(yaml_scalar),
        ),
        (
            "members",
            unit.and_then(|x| x.members.as_deref()).map(yaml_scalar),
        ),
        (
            "leader",
            unit.and_then(|x| x.leader.as_deref()).map(yaml_scalar),
        ),
        (
            "address",
            unit.and_then(|x| x.address.as_deref()).map(yaml_scalar),
        ),
        (
            "website",
            unit.and_then(|x| x.website.as_deref()).map(yaml_scalar),
        ),
        ("district", p.district.as_deref().map(yaml_scalar)),
        ("commune", p.commune.as_deref().map(yaml_scalar)),
        ("fields", (!p.fields.is_empty()).then(|| list(&p.fields))),
        ("photo", photo.map(yaml_scalar)),
        ("photo_alt", p.photo_alt.as_deref().map(yaml_scalar)),
        ("photo_credit", p.photo_credit.as_deref().map(yaml_scalar)),
        (
            "photo_focus",
            (p.photo_focus != crate::content::Focus::Center).then(|| {
                serde_json::to_value(p.photo_focus)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            }),
        ),
        ("tags", (!p.tags.is_empty()).then(|| list(&p.tags))),
        ("weight", (p.weight != 0).then(|| p.weight.to_string())),
        ("sort_name", p.sort_name.clone()),
        ("draft", p.draft.then(|| "true".to_string())),
    ];
    for (field, value) in values {
        if let Some(value) = value {
            fill(&mut s, field, &value);
        }
    }
    if !p.awards.is_empty() || !p.proposed.is_empty() {
        let mut block = String::from("awards:\n");
        for a in p.awards.iter().chain(&p.proposed) {
            block.push_str(&format!("  - title: {}\n", yaml_scalar(&a.title)));
            if let Some(y) = a.year {
                block.push_str(&format!("    year: {y}\n"));
            }
            if let Some(dec) = &a.decision {
                block.push_str(&format!("    decision: {}\n", yaml_scalar(dec)));
            }
            if let Some(level) = &a.level {
                block.push_str(&format!("    level: {}\n", yaml_scalar(level)));
            }
            if let Some(issuer) = &a.issuer {
                block.push_str(&format!("    issuer: {}\n", yaml_scalar(issuer)));
            }
            if a.proposed {
                block.push_str("    status: proposed\n");
            }
            if let Some(r) = &a.revoked {
                block.push_str("    revoked:\n");
                block.push_str(&format!("      decision: {}\n", yaml_scalar(&r.decision)));
                if let Some(reason) = &r.reason {
                    block.push_str(&format!("      reason: {}\n", yaml_scalar(reason)));
                }
            }
        }
        // In place of the commented example.
        let lines: Vec<&str> = s.lines().collect();
        if let Some(at) = lines.iter().position(|l| l.starts_with("# awards:")) {
            let end = lines[at + 1..]
                .iter()
                .position(|l| !l.starts_with("#   "))
                .map_or(lines.len(), |n| at + 1 + n);
            let mut out: Vec<String> = lines[..at].iter().map(|l| l.to_string()).collect();
            out.push(block.trim_end().to_string());
            out.extend(lines[end..].iter().map(|l| l.to_string()));
            s = out.join("\n") + "\n";
        }
    }
    if !p.body.is_empty() {
        s.push('\n');
        s.push_str(p.body.trim());
        s.push('\n');
    }
    s
}

/// Replaces the commented example of `field` with its value, keeping the explanation.
fn fill(s: &mut String, field: &str, value: &str) {
    let prefix = format!("# {field}:");
    let Some(line) = s
        .lines()
        .find(|l| l.starts_with(&prefix))
        .map(str::to_string)
    else {
        return;
    };
    let comment = line[2..]
        .find("  # ")
        .map(|i| line[2 + i..].trim_start().to_string());
    let set = format!("{field}: {value}");
    let new = match comment {
        Some(c) => {
            let width = 34.max(set.chars().count() + 2);
            format!("{set:<width$}{c}")
        }
        None => set,
    };
    *s = s.replacen(&line, &new, 1);
}
