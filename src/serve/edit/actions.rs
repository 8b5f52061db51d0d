//! What the editor's forms do to files: save (checked first, written atomically, never over
//! a file changed since it was read), delete into the trash and restore, and photo uploads.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use super::page::{self, t};
use super::source::{self, Shape};
use super::{
    all_fields, answer, content_path, hash, html, kind_of, new_form, open, see_other, Editor,
    Problems, Site, TRASH,
};
use crate::config::Kind;
use crate::diagnostics::Diagnostic;
use crate::render::feeds::escape;
use crate::serve::{Msg, State};
use crate::slug::slugify;

/// Has the change to `rel` served: asks for a rebuild and waits until one that began after
/// the file was written has ended.
fn rebuild_now(state: &State, rel: &Path) {
    let after = state.lock().started;
    if let Ok(tx) = state.tx.lock() {
        let _ = tx.send(Msg::Changed(vec![rel.to_path_buf()]));
    }
    drop(state.wait_after(after, Duration::from_secs(120)));
}

/// Writes `text` to `root/rel` through a temporary file renamed over it, so the file is
/// never half-written. With `expect`, the file must still have that hash just before.
fn write_atomic(
    root: &Path,
    rel: &Path,
    text: &str,
    expect: Option<&str>,
) -> std::io::Result<bool> {
    let dest = root.join(rel);
    let dir = dest.parent().unwrap_or(root);
    std::fs::create_dir_all(dir)?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.vinhdanh-{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    let still = match expect {
        Some(h) => std::fs::read(&dest).map(|b| hash(&b) == h).unwrap_or(false),
        None => !dest.exists(),
    };
    if !still {
        let _ = std::fs::remove_file(&tmp);
        return Ok(false);
    }
    std::fs::rename(&tmp, &dest)?;
    Ok(true)
}

/// The problems the reader finds in `text` as the file `rel`, by the field they are in.
fn problems(
    state: &State,
    info: &Site,
    rel: &Path,
    shape: Shape,
    text: &str,
) -> HashMap<String, Vec<String>> {
    let (content, d) =
        crate::content::check_text(&state.opts.root, &info.config, rel, text, &state.kept.files);
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let say = |e: &Diagnostic| match &e.hint {
        Some(h) => format!("{} ({h})", e.message),
        None => e.message.clone(),
    };
    for e in d.iter() {
        let key = if e.path == rel {
            source::field_at(text, shape, rel, e.pos.line).unwrap_or_default()
        } else {
            String::new()
        };
        out.entry(key).or_default().push(say(e));
    }
    // The one check across files a single profile can fail: its address.
    if let Some(current) = state.lock().current.clone() {
        current.site(|s| {
            for p in &content.profiles {
                if let Some(other) = s
                    .profiles
                    .iter()
                    .find(|o| o.path == p.path && o.source != rel)
                {
                    out.entry("slug".into()).or_default().push(format!(
                        "{} already has the address /{} (set another `slug`)",
                        other.source.display(),
                        p.path
                    ));
                }
            }
        });
    }
    out
}

/// Saves a form: a new file, or the changed fields of an existing one.
pub(super) fn save(
    state: &State,
    editor: &Editor,
    info: &Site,
    form: &HashMap<String, String>,
) -> super::Answer {
    if let Some(kind) = form.get("_new") {
        return save_new(state, editor, info, kind, form);
    }
    let root = &state.opts.root;
    let Some(rel) = form.get("_file").and_then(|f| content_path(root, f)) else {
        return super::refused("this is not a file of content/");
    };
    let entry = form.get("_entry").and_then(|e| e.parse().ok());
    let Some(shape) = Shape::of(&rel, entry) else {
        return super::refused("a spreadsheet's profile is edited in the spreadsheet");
    };
    // The form again: with the problems found, or saying the file changed meanwhile.
    let again = |errors: Problems, conflict: bool| {
        open(
            state,
            editor,
            info,
            &rel,
            entry,
            Some((form, errors, conflict)),
        )
    };
    let general = |msg: String| Problems::from([(String::new(), vec![msg])]);
    let bytes = std::fs::read(root.join(&rel)).unwrap_or_default();
    if form.get("_hash").map(String::as_str) != Some(hash(&bytes).as_str()) {
        return again(Problems::new(), true);
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return super::refused("this file is not UTF-8 text");
    };
    let fields = all_fields(kind_of(&info.config, &rel));
    let Some(new) = source::apply(&text, shape, &rel, &fields, form) else {
        return again(
            general(
                "this file's fields cannot be read: fix it in a text editor (the build says where)"
                    .into(),
            ),
            false,
        );
    };
    if new != text {
        let errors = problems(state, info, &rel, shape, &new);
        if !errors.is_empty() {
            return again(errors, false);
        }
        match write_atomic(root, &rel, &new, form.get("_hash").map(String::as_str)) {
            Ok(true) => {}
            Ok(false) => return again(Problems::new(), true),
            Err(e) => return again(general(format!("cannot write the file: {e}")), false),
        }
        rebuild_now(state, &rel);
    }
    let page = page_of(state, &rel, shape, &new);
    see_other(&page.unwrap_or_else(|| page::open_href(&rel.to_string_lossy(), entry)))
}

/// The served page of the profile or page in `text` at `rel`.
fn page_of(state: &State, rel: &Path, shape: Shape, text: &str) -> Option<String> {
    let line = match shape {
        Shape::Entry(_) => source::mapping(text, shape, rel).map(|(b, _)| b.start + 1),
        _ => None,
    };
    super::page_url(state, rel, |p| line.is_none_or(|l| p.pos.line == l))
}

fn save_new(
    state: &State,
    editor: &Editor,
    info: &Site,
    kind: &str,
    form: &HashMap<String, String>,
) -> super::Answer {
    let root = &state.opts.root;
    let k = match kind {
        "person" => Some(Kind::Person),
        "collective" => Some(Kind::Collective),
        _ => None,
    };
    let field = |key: &str| {
        form.get(key)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let fail = |key: &str, msg: String| {
        let errors = HashMap::from([(key.to_string(), vec![msg])]);
        new_form(state, editor, info, kind, Some((form, errors)))
    };
    let title_key = if k.is_some() { "name" } else { "title" };
    let Some(name) = field(title_key) else {
        return fail(title_key, t(&info.lang, "required").to_string());
    };
    let slug = field("slug").unwrap_or_else(|| slugify(&name));
    if slug.is_empty() {
        return fail(
            title_key,
            "this name has no letters or digits to make a web address from".into(),
        );
    }
    let (rel, text) = match k {
        Some(kind) => {
            let key = form.get("_section").cloned().unwrap_or_default();
            let Some(section) = info.config.section(&key).filter(|s| s.kind == kind) else {
                return fail("", "choose a section".into());
            };
            let year = match field("year").map(|y| y.parse::<i64>()) {
                Some(Ok(y)) => Some(y),
                Some(Err(_)) => return fail("year", "the year must be a number, e.g. 2024".into()),
                None if kind == Kind::Person => Some(crate::content::profile::current_year()),
                None => None,
            };
            let folder = match (kind, year) {
                (Kind::Person, Some(y)) => {
                    Path::new("content").join(&section.key).join(y.to_string())
                }
                _ => Path::new("content").join(&section.key),
            };
            let text = crate::scaffold::profile::text(kind, &name, year, &slug, section);
            (folder.join(format!("{slug}.md")), text)
        }
        None => (
            Path::new("content").join(format!("{slug}.md")),
            format!(
                "---\ntitle: {}\n---\n",
                crate::yaml::edit::scalar(&name, false)
            ),
        ),
    };
    if root.join(&rel).exists() {
        return fail(
            title_key,
            format!(
                "{} exists already: open it from the list, or set another `slug`",
                rel.display()
            ),
        );
    }
    if content_path(root, &rel.to_string_lossy()).is_none() {
        return super::refused("this is not a file of content/");
    }
    let fields = all_fields(k);
    let Some(new) = source::apply(&text, Shape::Markdown, &rel, &fields, form) else {
        return fail("", "the new file could not be made".into());
    };
    let errors = problems(state, info, &rel, Shape::Markdown, &new);
    if !errors.is_empty() {
        return new_form(state, editor, info, kind, Some((form, errors)));
    }
    match write_atomic(root, &rel, &new, None) {
        Ok(true) => {}
        Ok(false) => return fail(title_key, format!("{} exists already", rel.display())),
        Err(e) => return fail("", format!("cannot write the file: {e}")),
    }
    rebuild_now(state, &rel);
    let page = page_of(state, &rel, Shape::Markdown, &new);
    see_other(&page.unwrap_or_else(|| page::open_href(&rel.to_string_lossy(), None)))
}

fn now_id() -> String {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format!("{}-{:09}", d.as_secs(), d.subsec_nanos())
}

/// Moves a profile's or page's file (a bundle's whole folder) into the trash.
pub(super) fn delete(state: &State, form: &HashMap<String, String>) -> super::Answer {
    let root = &state.opts.root;
    let Some(rel) = form.get("_file").and_then(|f| content_path(root, f)) else {
        return super::refused("this is not a file of content/");
    };
    let bytes = std::fs::read(root.join(&rel)).unwrap_or_default();
    if form.get("_hash").map(String::as_str) != Some(hash(&bytes).as_str()) {
        return super::refused("the file changed since the form was opened: open it again");
    }
    let moved = if rel.file_name().is_some_and(|n| n == "index.md") {
        rel.parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| rel.clone())
    } else {
        rel.clone()
    };
    let id = now_id();
    let dest = root.join(TRASH).join(&id).join(&moved);
    let result = dest
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            std::fs::write(
                root.join(TRASH).join(&id).join("moved.txt"),
                moved.to_string_lossy().as_bytes(),
            )
        })
        .and_then(|()| std::fs::rename(root.join(&moved), &dest));
    if let Err(e) = result {
        return answer(
            500,
            format!("cannot move the file to the trash: {e}\n").into_bytes(),
            "text/plain; charset=utf-8",
        );
    }
    rebuild_now(state, &rel);
    see_other("/_edit/trash")
}

/// What the trash holds: (id, path the item had).
fn trashed(root: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(root.join(TRASH))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let id = e.file_name().to_string_lossy().into_owned();
            let moved = std::fs::read_to_string(e.path().join("moved.txt")).ok()?;
            Some((id, moved))
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0));
    out
}

/// The trash, newest first, each with a button that puts it back.
pub(super) fn trash_page(state: &State, editor: &Editor, info: &Site) -> super::Answer {
    let lang = info.lang.as_str();
    let items = trashed(&state.opts.root);
    let mut main = format!("<h1>{}</h1>", t(lang, "trash"));
    if items.is_empty() {
        main.push_str(&format!("<p>{}</p>", t(lang, "empty_trash")));
    }
    main.push_str("<ul class=\"trash\">");
    for (id, moved) in items {
        main.push_str(&format!(
            "<li><code>{}</code> <form method=\"post\" action=\"/_edit/restore\"><input type=\"hidden\" name=\"_token\" value=\"{}\"><input type=\"hidden\" name=\"id\" value=\"{}\"><button type=\"submit\" aria-label=\"{} {}\">{}</button></form></li>",
            escape(&moved),
            escape(&editor.token),
            escape(&id),
            t(lang, "restore"),
            escape(&moved),
            t(lang, "restore")
        ));
    }
    main.push_str("</ul>");
    html(
        200,
        page::layout(lang, t(lang, "trash"), &editor.token, &main),
    )
}

/// Puts an item of the trash back where it was, unless something is there now.
pub(super) fn restore(state: &State, form: &HashMap<String, String>) -> super::Answer {
    let root = &state.opts.root;
    let id = form.get("id").cloned().unwrap_or_default();
    if id.is_empty()
        || !Path::new(&id)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        || id.contains('/')
    {
        return super::refused("no such item in the trash");
    }
    let Ok(moved) = std::fs::read_to_string(root.join(TRASH).join(&id).join("moved.txt")) else {
        return super::refused("no such item in the trash");
    };
    let Some(rel) = content_path(root, &moved) else {
        return super::refused("no such item in the trash");
    };
    if root.join(&rel).exists() {
        return answer(
            409,
            format!("{} exists again: move or rename it first\n", rel.display()).into_bytes(),
            "text/plain; charset=utf-8",
        );
    }
    if let Some(parent) = root.join(&rel).parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(e) = std::fs::rename(root.join(TRASH).join(&id).join(&rel), root.join(&rel)) {
        return answer(
            500,
            format!("cannot restore: {e}\n").into_bytes(),
            "text/plain; charset=utf-8",
        );
    }
    let _ = std::fs::remove_dir_all(root.join(TRASH).join(&id));
    rebuild_now(state, &rel);
    let file = if root.join(&rel).is_dir() {
        rel.join("index.md")
    } else {
        rel
    };
    see_other(&page::open_href(&file.to_string_lossy(), None))
}

const PHOTO_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "webp", "heic", "heif", "avif", "gif", "tif", "tiff", "bmp",
];

fn json(status: u16, value: serde_json::Value) -> super::Answer {
    answer(
        status,
        value.to_string().into_bytes(),
        "application/json; charset=utf-8",
    )
}

/// Saves an uploaded photo in the profile's folder under a name made from its own
/// (`Ảnh chân dung.JPG` → `anh-chan-dung.jpg`), after the checks the build makes of photos.
pub(super) fn upload(state: &State, q: &HashMap<String, String>, body: &[u8]) -> super::Answer {
    let root = &state.opts.root;
    let Some(dir) = q.get("dir").and_then(|d| content_path(root, d)) else {
        return json(
            403,
            serde_json::json!({"ok": false, "message": "the folder is not in content/"}),
        );
    };
    let name = q.get("name").cloned().unwrap_or_default();
    let file = Path::new(&name);
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let fail = |message: String, hint: &str| {
        json(
            422,
            serde_json::json!({"ok": false, "message": message, "hint": hint}),
        )
    };
    if !PHOTO_EXTENSIONS.contains(&ext.as_str()) {
        return fail(
            format!("`{name}` is not a photo"),
            "choose a JPEG, PNG or WebP photo",
        );
    }
    if let Err(p) = crate::images::decode::header(body) {
        return fail(format!("`{name}`: {}", p.message), p.hint);
    }
    let stem = slugify(file.file_stem().and_then(|s| s.to_str()).unwrap_or(""));
    let stem = if stem.is_empty() {
        "anh".to_string()
    } else {
        stem
    };
    let ext = if ext == "jpeg" {
        "jpg".to_string()
    } else {
        ext
    };
    let _ = std::fs::create_dir_all(root.join(&dir));
    let mut chosen: Option<PathBuf> = None;
    for n in 1..1000 {
        let candidate = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = root.join(&dir).join(&candidate);
        // Never over a file that is there: a new name instead.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                if std::io::Write::write_all(&mut f, body).is_err() {
                    let _ = std::fs::remove_file(&path);
                    return fail(
                        "cannot save the photo".into(),
                        "check that the disk is not full",
                    );
                }
                chosen = Some(PathBuf::from(candidate));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return fail(
                    format!("cannot save the photo: {e}"),
                    "check that the folder is writable",
                )
            }
        }
    }
    let Some(saved) = chosen else {
        return fail("too many photos of that name".into(), "rename the photo");
    };
    let saved = saved.to_string_lossy().into_owned();
    let url = format!(
        "/_edit/file?path={}",
        page::query_escape(&format!("{}/{saved}", dir.to_string_lossy()))
    );
    json(
        200,
        serde_json::json!({"ok": true, "name": saved, "url": url}),
    )
}
