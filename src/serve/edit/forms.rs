//! The editor's two forms: an existing file's (filled from the file, or after a refused save
//! with what was typed and the problems found) and a new profile's or page's.

use std::collections::HashMap;
use std::path::Path;

use super::page::{self, t, Form};
use super::source::{self, Shape};
use super::{
    all_fields, entry_of, fields_for, hash, html, kind_of, page_url, see_other, Answer, Editor,
    Problems, Site, State,
};
use crate::config::Kind;
use crate::render::feeds::escape;

/// The form of an existing file; with `posted`, the values typed and the problems found.
pub(super) fn open(
    state: &State,
    editor: &Editor,
    info: &Site,
    rel: &Path,
    entry: Option<usize>,
    posted: Option<(&HashMap<String, String>, Problems, bool)>,
) -> Answer {
    let lang = info.lang.as_str();
    let file = rel.to_string_lossy().replace('\\', "/");
    let kind = kind_of(&info.config, rel);
    let Some(shape) = Shape::of(rel, entry) else {
        // A spreadsheet row: edited in the spreadsheet.
        let sheet = state.lock().current.clone().and_then(|c| {
            c.site(|s| {
                s.profiles
                    .iter()
                    .find(|p| p.source == rel && Some(p.pos.line) == entry)
                    .and_then(|p| p.sheet.clone())
            })
        });
        let sheet = sheet
            .map(|s| format!(", {} “{}”", t(lang, "sheet"), escape(&s)))
            .unwrap_or_default();
        let row = entry
            .map(|r| format!("{sheet}, {} {r}", t(lang, "row")))
            .unwrap_or_default();
        let main = format!(
            "<h1>{}</h1><p>{}</p><p><code>{}</code>{}</p>",
            escape(&file),
            t(lang, "read_only"),
            escape(&file),
            row
        );
        return html(200, page::layout(lang, &file, &editor.token, &main));
    };
    let Ok(bytes) = std::fs::read(state.opts.root.join(rel)) else {
        return see_other("/_edit/");
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let fields = all_fields(kind);
    let (values, story, errors, conflict, hash_now) = match posted {
        Some((form, errors, conflict)) => {
            let values = source::posted(form, &fields)
                .into_iter()
                .filter_map(|(k, v)| Some((k, v?)))
                .collect();
            let story =
                (shape == Shape::Markdown).then(|| form.get("body").cloned().unwrap_or_default());
            let h = if conflict {
                hash(&bytes)
            } else {
                form.get("_hash").cloned().unwrap_or_default()
            };
            (values, story, errors, conflict, h)
        }
        None => {
            let values = source::mapping(&text, shape, rel)
                .map(|(_, n)| source::values(&n, &fields))
                .unwrap_or_default();
            let story = (shape == Shape::Markdown).then(|| source::story(&text, rel));
            (values, story, HashMap::new(), false, hash(&bytes))
        }
    };
    let name = match values.get("name").or_else(|| values.get("title")) {
        Some(crate::yaml::edit::Value::Text(n)) => n.clone(),
        _ => file.clone(),
    };
    let root = &state.opts.root;
    let page_url = page_url(state, rel, |p| {
        entry.is_none_or(|_| entry_of(root, p) == entry)
    });
    let form = Form {
        lang,
        heading: name,
        file,
        entry,
        fields: fields_for(kind),
        values,
        story,
        errors,
        hash: hash_now,
        token: &editor.token,
        page: page_url,
        photo_dir: rel
            .parent()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default(),
        conflict,
        hidden: Vec::new(),
        before: String::new(),
    };
    let status = if form.errors.is_empty() && !conflict {
        200
    } else {
        422
    };
    html(
        status,
        page::layout(lang, &form.heading, &editor.token, &page::form(&form)),
    )
}

/// The form of a new person, collective or page.
pub(super) fn new_form(
    state: &State,
    editor: &Editor,
    info: &Site,
    kind: &str,
    posted: Option<(&HashMap<String, String>, Problems)>,
) -> Answer {
    let _ = state;
    let lang = info.lang.as_str();
    let k = match kind {
        "person" => Some(Kind::Person),
        "collective" => Some(Kind::Collective),
        "page" => None,
        _ => return see_other("/_edit/"),
    };
    let sections: Vec<_> = info
        .config
        .sections
        .iter()
        .filter(|s| Some(s.kind) == k)
        .collect();
    if k.is_some() && sections.is_empty() {
        return html(
            400,
            page::layout(
                lang,
                "?",
                &editor.token,
                "<p>No section of site.yaml holds this kind of profile.</p>",
            ),
        );
    }
    let fields = all_fields(k);
    let chosen = posted
        .as_ref()
        .and_then(|(f, _)| f.get("_section").cloned())
        .unwrap_or_default();
    let (values, story, errors) = match posted {
        Some((form, errors)) => (
            source::posted(form, &fields)
                .into_iter()
                .filter_map(|(k, v)| Some((k, v?)))
                .collect(),
            form.get("body").cloned(),
            errors,
        ),
        None => (HashMap::new(), Some(String::new()), HashMap::new()),
    };
    let mut before = String::new();
    if k.is_some() {
        before.push_str(&format!("<div class=\"field\"><label for=\"f-section\">{}</label><select id=\"f-section\" name=\"_section\">", t(lang, "section")));
        for s in &sections {
            let sel = if s.key == chosen { " selected" } else { "" };
            before.push_str(&format!(
                "<option value=\"{}\"{sel}>{}</option>",
                escape(&s.key),
                escape(&s.title)
            ));
        }
        before.push_str("</select></div>");
    }
    let heading = t(
        lang,
        match kind {
            "person" => "new_person",
            "collective" => "new_collective",
            _ => "new_page",
        },
    );
    let first_section = sections.first().map(|s| s.key.clone()).unwrap_or_default();
    let form = Form {
        lang,
        heading: heading.to_string(),
        file: String::new(),
        entry: None,
        fields: fields_for(k),
        values,
        story,
        errors,
        hash: String::new(),
        token: &editor.token,
        page: None,
        photo_dir: format!(
            "content/{}",
            if chosen.is_empty() {
                first_section
            } else {
                chosen
            }
        ),
        conflict: false,
        hidden: vec![("_new", kind.to_string())],
        before,
    };
    let status = if form.errors.is_empty() { 200 } else { 422 };
    html(
        status,
        page::layout(lang, heading, &editor.token, &page::form(&form)),
    )
}
