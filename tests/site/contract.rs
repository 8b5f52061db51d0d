//! The theme contract is checked, not hoped for: every value a template of the example site
//! can read, in both shipped themes, is named in `docs/themes.md`, and each template's own
//! top-level values in that template's row of the table.

use std::collections::{BTreeMap, BTreeSet};

use vinhdanh::build::{self, Options};

use crate::common::repo;

/// Every word written in backticks in the docs (`` `{ name, url }` `` gives both).
fn named(docs: &str) -> BTreeSet<String> {
    docs.split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|code| {
            code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every key below `value`, as dotted paths (lists are looked through).
fn keys(value: &tera::Value, at: &str, out: &mut BTreeSet<String>) {
    if let Some(items) = value.as_array() {
        for item in items {
            keys(item, at, out);
        }
    } else if let Some(map) = value.as_map() {
        for (k, v) in map {
            let path = if at.is_empty() {
                k.to_string()
            } else {
                format!("{at}.{k}")
            };
            out.insert(path.clone());
            keys(v, &path, out);
        }
    }
}

#[test]
fn docs_name_every_value_templates_receive() {
    let docs = std::fs::read_to_string(repo().join("docs/themes.md")).unwrap();
    let words = named(&docs);
    // The row of each template in the table of templates.
    let rows: BTreeMap<String, &str> = docs
        .lines()
        .filter_map(|l| {
            let name = l.strip_prefix("| `")?.split('`').next()?;
            name.ends_with(".html").then(|| (name.to_string(), l))
        })
        .collect();
    let shared = docs
        .split("## Context present in every template")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the docs list the context of every template");
    let mut missing = BTreeSet::new();
    let mut templates = BTreeSet::new();
    for theme in ["default", "formal"] {
        let site = tempfile::tempdir().unwrap();
        crate::common::copy_dir(&repo().join("content"), &site.path().join("content"));
        crate::common::copy_dir(&repo().join("themes"), &site.path().join("themes"));
        let yaml = std::fs::read_to_string(repo().join("site.yaml")).unwrap();
        std::fs::write(
            site.path().join("site.yaml"),
            yaml.replace("theme: default", &format!("theme: {theme}")),
        )
        .unwrap();
        let opts = Options {
            root: site.path().to_path_buf(),
            ..Options::default()
        };
        let pages = build::contexts(&opts).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(pages.len() > 50, "{} pages", pages.len());
        for (path, template, ctx) in pages {
            templates.insert(template);
            let map = ctx.as_map().unwrap();
            for (k, v) in map {
                let k = k.to_string();
                let in_row = rows
                    .get(template)
                    .is_some_and(|row| named(row).contains(&k));
                let everywhere = named(shared).contains(&k);
                if !in_row && !everywhere {
                    missing.insert(format!("{template} (/{path}): `{k}` is not in its row"));
                }
                // UI strings are listed by the theme's i18n files, not here.
                if k == "t" {
                    continue;
                }
                let mut below = BTreeSet::new();
                keys(v, &k, &mut below);
                for key in below {
                    let last = key.rsplit('.').next().unwrap().to_string();
                    if !words.contains(&last) {
                        missing.insert(format!("`{key}` (in {template})"));
                    }
                }
            }
        }
    }
    for t in [
        "home.html",
        "profile.html",
        "year.html",
        "term.html",
        "statistics.html",
        "embed.html",
    ] {
        assert!(
            templates.contains(t),
            "{t} was not rendered by the example site"
        );
    }
    assert!(
        missing.is_empty(),
        "docs/themes.md does not name these values:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}
