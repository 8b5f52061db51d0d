//! The editor at `/_edit/` while `serve` runs: staff fill in forms, and the files they get
//! are the ones they would have written by hand.
//!
//! - The form is made from [`crate::content::schema`], the fields `new` writes and the
//!   reader checks. A save puts only the changed fields into the file's text
//!   ([`crate::yaml::edit`]): comments, key order, quoting and the story stay byte for byte.
//! - A save is checked by the reader the build uses; with a problem nothing is written and
//!   each problem shows at its field with everything typed kept. A file changed on disk since
//!   the form was opened is never overwritten. A good save is written atomically and goes
//!   through the same rebuild as any change, then the updated page is shown.
//! - Deleting moves the file into `.vinhdanh-trash/` in the site folder, which the build
//!   never reads, and from where the editor restores it.
//! - Only requests from the editor's own pages are obeyed: every change must come from this
//!   origin (its `Origin` header) with the token of this run, which the editor's pages carry.
//!   Requests for another host name are refused (a web page cannot reach the editor through
//!   a name of its own that points at this computer). Files are written only under
//!   `content/`, never through a link leading out of it.

mod actions;
mod forms;
mod page;
mod publish;
mod request;
mod source;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use axum::http::header;

use super::http::{bytes, with_header, Answer};
use super::State;
use crate::config::Kind;
use crate::content::schema::{self, Field};
use actions::{delete, restore, save, trash_page, upload};
use forms::{new_form, open};
use page::{t, Row};
pub(in crate::serve) use request::handle;

/// The largest form accepted (a long story is 50 KB).
const MAX_FORM: u64 = 4_000_000;
/// The largest photo accepted for upload (a phone's photo is 3–10 MB).
pub(super) const MAX_UPLOAD: u64 = 30_000_000;
/// How long a request's body may pause before the upload is taken as cut off.
const BODY_PAUSE: Duration = Duration::from_secs(30);
/// Where deleted files go, in the site folder.
const TRASH: &str = ".vinhdanh-trash";

const EDITOR_JS: &str = include_str!("editor.js");
const EDITOR_CSS: &str = include_str!("editor.css");

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The editor of one `serve` run.
pub(crate) struct Editor {
    /// The secret its pages carry; a change without it is refused.
    pub(crate) token: String,
    /// `host:port` the server answers as, when bound to one loopback address; `None` when
    /// bound to every interface (then every request needs the token).
    pub(crate) host: Option<String>,
    /// Deploy passwords typed in this run, by target: kept in memory only.
    passwords: std::sync::Mutex<HashMap<String, String>>,
    /// Where a deploy started here stands.
    sending: publish::Sending,
}

impl Editor {
    /// An editor with a fresh token.
    pub(crate) fn new(host: Option<String>) -> Editor {
        let mut bytes = [0u8; 16];
        // Without the system's randomness there is no secret: refuse every change.
        let token = match getrandom::fill(&mut bytes) {
            Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
            Err(_) => String::new(),
        };
        Editor {
            token,
            host,
            passwords: Default::default(),
            sending: Default::default(),
        }
    }

    /// Whether `t` is this run's token (never when there is none).
    fn token_ok(&self, t: Option<&str>) -> bool {
        !self.token.is_empty() && t == Some(self.token.as_str())
    }
}

/// Problems found in a posted form, by the key of the field they are at (`""`: none).
type Problems = HashMap<String, Vec<String>>;

fn answer(status: u16, body: Vec<u8>, mime: &str) -> Answer {
    let r = bytes(status, body, mime);
    let r = with_header(r, header::CONTENT_SECURITY_POLICY, CSP);
    let r = with_header(r, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    with_header(r, header::REFERRER_POLICY, "same-origin")
}

fn html(status: u16, body: String) -> Answer {
    answer(status, body.into_bytes(), "text/html; charset=utf-8")
}

fn refused(why: &str) -> Answer {
    answer(
        403,
        format!("refused: {why}\n").into_bytes(),
        "text/plain; charset=utf-8",
    )
}

fn see_other(to: &str) -> Answer {
    with_header(
        answer(303, Vec::new(), "text/plain; charset=utf-8"),
        header::LOCATION,
        to,
    )
}

/// The site's language and the sections, from the served build.
struct Site {
    lang: String,
    config: crate::config::Config,
}

fn site(state: &State) -> Option<Site> {
    let current = state.lock().current.clone()?;
    current.site(|s| {
        Some(Site {
            lang: s.config.language.clone(),
            config: s.config.clone(),
        })
    })
}

fn get(state: &State, editor: &Editor, path: &str, q: &HashMap<String, String>) -> Answer {
    let Some(info) = site(state) else {
        return html(503, "<!doctype html><title>Building…</title><p>The site has not been built yet: fix the problems `vinhdanh serve` shows, then reload.</p>".into());
    };
    let lang = info.lang.as_str();
    let arg = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    match path {
        "/_edit/" | "/_edit" => {
            let current = state.lock().current.clone();
            let Some(current) = current else {
                return html(503, String::new());
            };
            let mut entries = Entries::new(&state.opts.root);
            let (rows, pages, years) = current.site(|s| {
                // Each word typed starts a word of the name, with or without diacritics.
                let folded = |s: &str| -> Vec<String> {
                    crate::search::fold::words(s)
                        .iter()
                        .map(|w| crate::search::fold::fold(w))
                        .collect()
                };
                let wanted = folded(arg("q"));
                let mut years: Vec<i64> = s.profiles.iter().filter_map(|p| p.year).collect();
                years.extend(s.candidates.iter().filter_map(|p| p.year));
                years.sort_unstable_by(|a, b| b.cmp(a));
                years.dedup();
                // Candidates have no page yet, and their file is where the decision is entered.
                let rows: Vec<Row> = s
                    .profiles
                    .iter()
                    .chain(&s.candidates)
                    .filter(|p| {
                        let name = folded(&p.name);
                        wanted
                            .iter()
                            .all(|w| name.iter().any(|n| n.starts_with(w.as_str())))
                            && (arg("section").is_empty() || p.section == arg("section"))
                            && (arg("year").is_empty()
                                || p.year.map(|y| y.to_string()).as_deref() == Some(arg("year")))
                    })
                    .map(|p| Row {
                        name: if p.candidate() {
                            format!("{} ({})", p.name, t(lang, "candidate"))
                        } else {
                            p.name.clone()
                        },
                        section: s
                            .config
                            .section(&p.section)
                            .map(|x| x.title.clone())
                            .unwrap_or_default(),
                        year: p.year,
                        file: p.source.to_string_lossy().replace('\\', "/"),
                        entry: entries.of(p),
                    })
                    .collect();
                let mut pages: Vec<(String, String)> = s
                    .pages
                    .iter()
                    .map(|p| {
                        (
                            p.title.clone(),
                            p.source.to_string_lossy().replace('\\', "/"),
                        )
                    })
                    .collect();
                if let Some(home) = &s.home {
                    pages.insert(
                        0,
                        (
                            home.title.clone(),
                            home.source.to_string_lossy().replace('\\', "/"),
                        ),
                    );
                }
                (rows, pages, years)
            });
            let sections: Vec<(String, String)> = info
                .config
                .sections
                .iter()
                .map(|s| (s.key.clone(), s.title.clone()))
                .collect();
            let main = page::list(
                lang,
                &rows,
                &pages,
                &sections,
                &years,
                (arg("q"), arg("section"), arg("year")),
            );
            html(
                200,
                page::layout(lang, t(lang, "editor"), &editor.token, &main),
            )
        }
        "/_edit/open" => {
            if let Some(page_path) = q.get("page") {
                return open_page(state, page_path);
            }
            let Some(rel) = content_path(&state.opts.root, arg("file")) else {
                return html(
                    400,
                    page::layout(
                        lang,
                        "?",
                        &editor.token,
                        "<p>This is not a file of content/.</p>",
                    ),
                );
            };
            let entry = q.get("entry").and_then(|e| e.parse().ok());
            open(state, editor, &info, &rel, entry, None)
        }
        "/_edit/new" => new_form(state, editor, &info, arg("kind"), None),
        "/_edit/trash" => trash_page(state, editor, &info),
        "/_edit/xuat-ban" => publish::page(state, editor, &info, ""),
        "/_edit/xuat-ban/tien-do" => publish::progress(editor),
        "/_edit/file" => {
            let Some(rel) = content_path(&state.opts.root, arg("path")) else {
                return answer(404, Vec::new(), "text/plain");
            };
            let mime = crate::serve::http::content_type(&rel);
            if !mime.starts_with("image/") {
                return answer(404, Vec::new(), "text/plain");
            }
            match std::fs::read(state.opts.root.join(&rel)) {
                Ok(b) => answer(200, b, mime),
                Err(_) => answer(404, Vec::new(), "text/plain"),
            }
        }
        _ => html(
            404,
            page::layout(lang, "404", &editor.token, "<p>Not found.</p>"),
        ),
    }
}

/// The place of a list file's profile in its `profiles:` list (a spreadsheet profile's
/// row); `None` for a profile with a file of its own.
fn entry_of(root: &Path, p: &crate::content::Profile) -> Option<usize> {
    Entries::new(root).of(p)
}

/// Where list files' profiles are in their lists, each file read and parsed once (the start
/// page asks for every profile).
struct Entries<'a> {
    root: &'a Path,
    /// The first line of each item of a file's `profiles:` list.
    items: HashMap<PathBuf, Vec<usize>>,
}

impl<'a> Entries<'a> {
    fn new(root: &'a Path) -> Entries<'a> {
        Entries {
            root,
            items: HashMap::new(),
        }
    }

    fn of(&mut self, p: &crate::content::Profile) -> Option<usize> {
        let ext = p.source.extension()?.to_str()?.to_ascii_lowercase();
        if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods" | "csv") {
            // A spreadsheet's row, to name it.
            return Some(p.pos.line);
        }
        if !matches!(ext.as_str(), "yaml" | "yml") {
            return None;
        }
        let root = self.root;
        let lines = self.items.entry(p.source.clone()).or_insert_with(|| {
            let items = || -> Option<Vec<usize>> {
                let text = std::fs::read_to_string(root.join(&p.source)).ok()?;
                let node = crate::yaml::parse(&text, &p.source, 0).ok()?;
                let crate::yaml::Value::Seq(items) = &node.get("profiles")?.value else {
                    return None;
                };
                Some(items.iter().map(|i| i.pos.line).collect())
            };
            items().unwrap_or_default()
        });
        lines.iter().position(|&l| l == p.pos.line)
    }
}

/// The served page (its URL path) of the profile from `rel` that `is_it` picks, or of the
/// page from `rel`.
fn page_url(
    state: &State,
    rel: &Path,
    is_it: impl Fn(&crate::content::Profile) -> bool,
) -> Option<String> {
    let current = state.lock().current.clone()?;
    current.site(|s| {
        s.profiles
            .iter()
            .find(|p| p.source == rel && is_it(p))
            .map(|p| p.path.as_str())
            .or_else(|| {
                s.pages
                    .iter()
                    .chain(s.home.iter())
                    .find(|p| p.source == rel)
                    .map(|p| p.path.as_str())
            })
            .map(|path| format!("/{path}"))
    })
}

/// From a page of the preview to the form of its source.
fn open_page(state: &State, page_path: &str) -> Answer {
    let Some(current) = state.lock().current.clone() else {
        return see_other("/_edit/");
    };
    let path = page_path.trim_start_matches('/');
    let found = current.site(|s| {
        if let Some(p) = s.profiles.iter().find(|p| p.path == path) {
            return Some((
                p.source.to_string_lossy().replace('\\', "/"),
                entry_of(&state.opts.root, p),
            ));
        }
        s.pages
            .iter()
            .chain(s.home.iter())
            .find(|p| p.path == path)
            .map(|p| (p.source.to_string_lossy().replace('\\', "/"), None))
    });
    match found {
        Some((file, entry)) => see_other(&page::open_href(&file, entry)),
        None => see_other("/_edit/"),
    }
}

fn hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// Whether `rel` is a profile (and of which kind) or a page.
fn kind_of(config: &crate::config::Config, rel: &Path) -> Option<Kind> {
    let section = rel.strip_prefix("content").ok()?.components().next()?;
    let section = config.section(section.as_os_str().to_str()?)?;
    (rel.components().count() > 2).then_some(section.kind)
}

fn fields_for(kind: Option<Kind>) -> Vec<&'static Field> {
    match kind {
        Some(k) => schema::FIELDS.iter().filter(|f| f.applies(k)).collect(),
        None => schema::PAGE_FIELDS.iter().collect(),
    }
}

fn all_fields(kind: Option<Kind>) -> Vec<Field> {
    fields_for(kind).into_iter().copied().collect()
}

/// `written` as a path under `content/` of `root`, when it is one: relative, no `..`, and
/// not leading out of `content/` through a link.
fn content_path(root: &Path, written: &str) -> Option<PathBuf> {
    let rel = PathBuf::from(written.trim());
    if rel.as_os_str().is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    if rel.components().next()?.as_os_str() != "content" || rel.components().count() < 2 {
        return None;
    }
    let content = root.join("content").canonicalize().ok()?;
    // The deepest part that exists must be inside content/ once links are followed.
    let mut probe = root.join(&rel);
    while !probe.exists() {
        probe = probe.parent()?.to_path_buf();
    }
    probe
        .canonicalize()
        .ok()?
        .starts_with(&content)
        .then_some(rel)
}

fn post(
    state: &State,
    path: &str,
    q: &HashMap<String, String>,
    form: &HashMap<String, String>,
    body: Vec<u8>,
) -> Answer {
    let Some(info) = site(state) else {
        return html(503, "The site has not been built yet.".into());
    };
    let Some(editor) = &state.editor else {
        return refused("the editor is off");
    };
    match path {
        "/_edit/save" => save(state, editor, &info, form),
        "/_edit/delete" => delete(state, form),
        "/_edit/restore" => restore(state, form),
        "/_edit/xuat-ban" => publish::run(state, editor, &info, form),
        "/_edit/preview" => {
            let text = String::from_utf8_lossy(&body);
            answer(
                200,
                crate::markdown::to_html(&text).into_bytes(),
                "text/html; charset=utf-8",
            )
        }
        "/_edit/photo" => upload(state, q, &body),
        _ => answer(404, Vec::new(), "text/plain"),
    }
}
