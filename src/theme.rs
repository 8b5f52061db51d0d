//! Themes: Tera templates, UI strings and static files, with the site's own `templates/`
//! overriding a theme template of the same name.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::yaml::{self, Value};

/// A loaded theme, ready to render.
pub struct Theme {
    /// The compiled templates.
    pub tera: tera::Tera,
    /// UI strings of the site's language.
    pub strings: BTreeMap<String, String>,
    /// Folders copied to the output root, theme first, so the site's `static/` wins.
    pub static_dirs: Vec<PathBuf>,
    /// Template name → file it came from (relative to the site root), for error messages.
    pub sources: HashMap<String, PathBuf>,
    /// A hash of every template's name and text: a rebuild re-renders every page when it
    /// changes (see `crate::reuse`).
    pub fingerprint: u64,
}

impl Theme {
    /// A UI string, or its key when the theme lacks it (visible, never a crash).
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Whether the theme's or the site's `static/` has a file at `path` (which then takes
    /// the place of the generator's own, like the search client).
    pub fn ships(&self, path: &str) -> bool {
        self.static_dirs.iter().any(|d| d.join(path).is_file())
    }

    /// Turns a Tera error into a diagnostic naming the template file, line and column.
    pub fn diagnostic(&self, err: &tera::Error, doing: &str) -> Diagnostic {
        template_diagnostic(err, &self.sources, doing)
    }
}

fn template_diagnostic(
    err: &tera::Error,
    sources: &HashMap<String, PathBuf>,
    doing: &str,
) -> Diagnostic {
    use std::error::Error as _;
    let (report, kind) = match err.kind() {
        tera::ErrorKind::SyntaxError(r) => (Some(r), "syntax error"),
        tera::ErrorKind::RenderingError(r) => (Some(r), "error"),
        _ => (None, "error"),
    };
    match report {
        Some(r) => {
            let file = sources
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let span = r.span();
            Diagnostic::new(
                file,
                Pos::new(span.start_line.max(1), span.start_col + 1),
                format!("template {kind} while {doing}: {}", r.message()),
            )
            .hint("fix the template; `vinhdanh check` shows every problem without writing the site")
        }
        None => {
            let mut msg = err.to_string();
            let mut source = err.source();
            while let Some(s) = source {
                msg.push_str(&format!(": {s}"));
                source = s.source();
            }
            Diagnostic::new(
                "templates",
                Pos::START,
                format!("template {kind} while {doing}: {msg}"),
            )
        }
    }
}

/// Loads the theme named in `config`, overridden by `root/templates/`.
pub fn load(root: &Path, config: &Config, d: &mut Diagnostics) -> Option<Theme> {
    let theme_dir = Path::new("themes").join(&config.theme);
    if !root.join(&theme_dir).is_dir() {
        d.push(
            Diagnostic::new(
                "site.yaml",
                Pos::START,
                format!(
                    "the theme `{}` does not exist: there is no folder {}",
                    config.theme,
                    theme_dir.display()
                ),
            )
            .hint("set `theme: default` or copy a theme into themes/"),
        );
        return None;
    }
    let mut files: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    for dir in [theme_dir.join("templates"), PathBuf::from("templates")] {
        let abs = root.join(&dir);
        if !abs.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&abs)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&abs)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let rel = dir.join(entry.path().strip_prefix(&abs).unwrap_or(entry.path()));
            if let Some(text) = crate::content::read_text(entry.path(), &rel, d) {
                files.insert(name, (rel, text));
            }
        }
    }
    let sources: HashMap<String, PathBuf> = files
        .iter()
        .map(|(n, (p, _))| (n.clone(), p.clone()))
        .collect();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (name, (_, text)) in &files {
        h.update(name.as_bytes());
        h.update(&[0]);
        h.update(text.as_bytes());
        h.update(&[0]);
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    crate::locale::register_filters(&mut tera, &config.language);
    if let Err(e) = tera.add_raw_templates(files.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
    {
        d.push(template_diagnostic(&e, &sources, "loading the templates"));
        return None;
    }
    let strings = load_strings(root, &theme_dir, &config.language, d);
    let static_dirs = [root.join(&theme_dir).join("static"), root.join("static")]
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    Some(Theme {
        tera,
        strings,
        static_dirs,
        sources,
        fingerprint: h.digest(),
    })
}

fn load_strings(
    root: &Path,
    theme_dir: &Path,
    language: &str,
    d: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let rel = theme_dir.join("i18n").join(format!("{language}.yaml"));
    let mut strings = BTreeMap::new();
    let Some(text) = crate::content::read_text(&root.join(&rel), &rel, d) else {
        return strings;
    };
    match yaml::parse(&text, &rel, 0) {
        Err(e) => d.push(e),
        Ok(node) => match node.as_map() {
            Some(entries) => {
                for (k, v) in entries {
                    match (k.as_str(), &v.value) {
                        (Some(k), Value::Scalar { text, .. }) => {
                            strings.insert(k.to_string(), text.clone());
                        }
                        _ => d.push(Diagnostic::new(
                            &rel,
                            v.pos,
                            "each UI string must be `key: text`",
                        )),
                    }
                }
            }
            None => d.push(Diagnostic::new(
                &rel,
                node.pos,
                "a translation file must be a mapping of `key: text` lines",
            )),
        },
    }
    strings
}
