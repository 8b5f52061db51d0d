//! Themes: Tera templates, UI strings and static files, with the site's own `templates/`
//! overriding a theme template of the same name. What is not a look (the `<head>` share
//! tags, JSON-LD, search hooks, photo markup, the UI strings the generator needs) comes
//! from the binary ([`builtin`]), and so does the whole default theme when a site has no
//! folder for it.

pub mod builtin;

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
    /// The theme is the default one built into the binary (the site has no folder for it):
    /// its static files come from [`builtin::DEFAULT_THEME`], before the site's `static/`.
    pub built_in: bool,
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
            || (self.built_in && builtin::default_file(&format!("static/{path}")).is_some())
    }

    /// Every file of the `static/` folders, as (path in the site, file relative to `root`).
    pub fn static_files(&self, root: &Path) -> Vec<(String, PathBuf)> {
        let mut out = Vec::new();
        for dir in &self.static_dirs {
            for entry in walkdir::WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
            {
                let Ok(rel) = entry.path().strip_prefix(dir) else {
                    continue;
                };
                let file = entry.path().strip_prefix(root).unwrap_or(entry.path());
                out.push((rel.to_string_lossy().replace('\\', "/"), file.to_path_buf()));
            }
        }
        out
    }

    /// The static files of the built-in theme, as (path in the output, bytes); none for a
    /// theme with a folder of its own.
    pub fn built_in_static(&self) -> impl Iterator<Item = (&'static str, &'static [u8])> {
        let built_in = self.built_in;
        builtin::DEFAULT_THEME
            .iter()
            .filter(move |_| built_in)
            .filter_map(|(rel, bytes)| Some((rel.strip_prefix("static/")?, *bytes)))
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

/// Where the templates of a theme come from, for error messages: a file of the site, or
/// the binary.
const BUILT_IN: &str = "(built into vinhdanh)";

/// Loads the theme named in `config`, overridden by `root/templates/`. Without a folder
/// `themes/default/`, the default theme is the one built into the binary; the templates
/// every theme shares come from the binary unless the theme or site has its own.
pub fn load(root: &Path, config: &Config, d: &mut Diagnostics) -> Option<Theme> {
    let theme_dir = Path::new("themes").join(&config.theme);
    let built_in = !root.join(&theme_dir).is_dir();
    if built_in && config.theme != "default" {
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
            .hint("set `theme: default` (built in) or copy a theme into themes/"),
        );
        return None;
    }
    let mut files: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    for (name, text) in builtin::SHARED_TEMPLATES {
        files.insert(
            name.to_string(),
            (Path::new(BUILT_IN).join(name), text.to_string()),
        );
    }
    if built_in {
        for (rel, bytes) in builtin::DEFAULT_THEME {
            if let Some(name) = rel.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(bytes).into_owned();
                files.insert(name.to_string(), (Path::new(BUILT_IN).join(rel), text));
            }
        }
    }
    let dirs = if built_in {
        vec![PathBuf::from("templates")]
    } else {
        vec![theme_dir.join("templates"), PathBuf::from("templates")]
    };
    for dir in dirs {
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
    // The built-in strings first, so a theme that lacks one shows the built-in text.
    let rel = Path::new("i18n").join(format!("{}.yaml", config.language));
    let mut strings = builtin::default_file(&rel.to_string_lossy().replace('\\', "/"))
        .map(|bytes| {
            let text = String::from_utf8_lossy(bytes);
            load_strings(&text, &Path::new(BUILT_IN).join(&rel), d)
        })
        .unwrap_or_default();
    if !built_in {
        let rel = theme_dir.join(&rel);
        if let Some(text) = crate::content::read_text(&root.join(&rel), &rel, d) {
            strings.extend(load_strings(&text, &rel, d));
        }
    }
    let static_dirs = [root.join(&theme_dir).join("static"), root.join("static")]
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    Some(Theme {
        tera,
        strings,
        static_dirs,
        built_in,
        sources,
        fingerprint: h.digest(),
    })
}

/// The UI strings of one file: a flat mapping of `key: text`.
fn load_strings(text: &str, rel: &Path, d: &mut Diagnostics) -> BTreeMap<String, String> {
    let mut strings = BTreeMap::new();
    match yaml::parse(text, rel, 0) {
        Err(e) => d.push(e),
        Ok(node) => match node.as_map() {
            Some(entries) => {
                for (k, v) in entries {
                    match (k.as_str(), &v.value) {
                        (Some(k), Value::Scalar { text, .. }) => {
                            strings.insert(k.to_string(), text.clone());
                        }
                        _ => d.push(Diagnostic::new(
                            rel,
                            v.pos,
                            "each UI string must be `key: text`",
                        )),
                    }
                }
            }
            None => d.push(Diagnostic::new(
                rel,
                node.pos,
                "a translation file must be a mapping of `key: text` lines",
            )),
        },
    }
    strings
}
