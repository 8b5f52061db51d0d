//! "Xuất bản": publishing the site from the editor, to a target of `site.yaml`.
//!
//! The page lists the targets; "Xem thay đổi" shows what a deploy would send and delete
//! (the pages added, changed and removed since the last deploy), "Xuất bản" builds and
//! sends them, the bar above the button following the sending. A password typed here is
//! kept in this run's memory only, for the next deploy to the same target. The form is a
//! plain POST with the editor's token, under the editor's origin and Host rules, and works
//! without JavaScript.

use std::collections::HashMap;

use super::page::{self, t};
use super::{answer, html, Editor, Site};
use crate::deploy::{self, Report};
use crate::render::feeds::escape;
use crate::serve::State;
use crate::targets::Target;

/// Where the sending stands, for the page's bar.
#[derive(Default)]
pub(crate) struct Sending {
    /// Files done and to do; `None` while nothing is being sent.
    progress: std::sync::Mutex<Option<deploy::Progress>>,
}

/// The publishing page, with `outcome` (a former run's result) under the form.
pub(super) fn page(state: &State, editor: &Editor, info: &Site, outcome: &str) -> super::Answer {
    let lang = info.lang.as_str();
    let targets = targets(state);
    let mut main = format!("<h1>{}</h1>", t(lang, "publish"));
    if targets.is_empty() {
        main.push_str(&format!(
            "<p>{}</p><pre>deploy:\n  - name: live\n    url: sftp://user@example.gov.vn/var/www/vinhdanh/\n    identity: ~/.ssh/id_ed25519</pre>",
            t(lang, "no_targets")
        ));
    } else {
        let remembered = editor
            .passwords
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .cloned()
            .collect::<Vec<_>>();
        let options: String = targets
            .iter()
            .map(|tg| {
                format!(
                    "<option value=\"{n}\">{n} ({u})</option>",
                    n = escape(&tg.name),
                    u = escape(&tg.url)
                )
            })
            .collect();
        let password = if targets.iter().any(Target::needs_password) {
            format!(
                "<p><label for=\"password\">{}</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\"><small>{}{}</small></p>",
                t(lang, "password"),
                t(lang, "password_memory"),
                if remembered.is_empty() { String::new() } else { format!(" ({}: {})", t(lang, "remembered"), escape(&remembered.join(", "))) }
            )
        } else {
            String::new()
        };
        main.push_str(&format!(
            "<form method=\"post\" action=\"/_edit/xuat-ban\" class=\"publish\" data-publish><input type=\"hidden\" name=\"_token\" value=\"{token}\"><p><label for=\"target\">{where_}</label><select id=\"target\" name=\"target\">{options}</select></p>{password}<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"dry\">{dry}</button> <button type=\"submit\" name=\"action\" value=\"send\">{send}</button></p><p><progress id=\"sending\" max=\"1\" value=\"0\" hidden></progress> <span id=\"sending-text\" role=\"status\"></span></p></form>",
            token = escape(&editor.token),
            where_ = t(lang, "target"),
            dry = t(lang, "dry_run"),
            send = t(lang, "publish"),
        ));
    }
    main.push_str(outcome);
    html(
        200,
        page::layout(lang, t(lang, "publish"), &editor.token, &main),
    )
}

fn targets(state: &State) -> Vec<Target> {
    let mut d = crate::diagnostics::Diagnostics::new();
    crate::config::load(&state.opts.root, &mut d)
        .map(|c| c.deploy)
        .unwrap_or_default()
}

/// Runs a deploy (or its dry run) to the target of `form`, then shows the page with what it
/// did or what stopped it.
pub(super) fn run(
    state: &State,
    editor: &Editor,
    info: &Site,
    form: &HashMap<String, String>,
) -> super::Answer {
    let lang = info.lang.as_str();
    let name = form.get("target").cloned().unwrap_or_default();
    // Only the publish button sends; anything else is a look at what would be sent.
    let dry_run = form.get("action").map(String::as_str) != Some("send");
    let typed = form.get("password").filter(|p| !p.is_empty()).cloned();
    let password = typed.clone().or_else(|| {
        editor
            .passwords
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&name)
            .cloned()
    });
    let target = match deploy::target(&state.opts.root, Some(&name)) {
        Ok(tg) => tg,
        Err(errors) => return page(state, editor, info, &failure(lang, &errors)),
    };
    let opts = deploy::Options {
        build: crate::build::Options {
            root: state.opts.root.clone(),
            ..Default::default()
        },
        target: Some(name.clone()),
        dry_run,
        max_deletes: deploy::MAX_DELETES,
        password,
    };
    let sending = &editor.sending;
    let progress = |p: deploy::Progress| {
        *sending.progress.lock().unwrap_or_else(|e| e.into_inner()) = Some(p);
    };
    let result = deploy::deploy(&opts, &target, Some(&state.kept), &progress);
    *sending.progress.lock().unwrap_or_else(|e| e.into_inner()) = None;
    let outcome = match result {
        Ok(report) => {
            if let (Some(p), false) = (typed, dry_run) {
                editor
                    .passwords
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(name, p);
            }
            done(lang, &report, dry_run)
        }
        Err(errors) => failure(lang, &errors),
    };
    page(state, editor, info, &outcome)
}

/// What the bar shows while a deploy sends: `{"done":…,"total":…,"bytes":…}`, or `null`.
pub(super) fn progress(editor: &Editor) -> super::Answer {
    let p = *editor
        .sending
        .progress
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let body = match p {
        Some(p) => serde_json::json!({"done": p.done, "total": p.total, "bytes": p.bytes}),
        None => serde_json::Value::Null,
    };
    answer(200, body.to_string().into_bytes(), "application/json")
}

fn failure(lang: &str, errors: &[crate::diagnostics::Diagnostic]) -> String {
    format!(
        "<section class=\"outcome problems\" role=\"alert\"><h2>{}</h2><pre>{}</pre></section>",
        t(lang, "publish_failed"),
        escape(&crate::diagnostics::report(errors, None))
    )
}

/// The pages of a list of files, as links (the site's other files are counted, not listed).
fn pages<'a>(files: impl Iterator<Item = &'a String>) -> (Vec<String>, usize) {
    let mut pages = Vec::new();
    let mut others = 0;
    for f in files {
        match f.strip_suffix("index.html") {
            Some(dir) => pages.push(format!("/{dir}")),
            None => others += 1,
        }
    }
    pages.sort();
    (pages, others)
}

fn done(lang: &str, r: &Report, dry_run: bool) -> String {
    let p = &r.plan;
    let list = |title: &str, files: Vec<String>, others: usize, link: bool| {
        if files.is_empty() && others == 0 {
            return String::new();
        }
        let items: String = files
            .iter()
            .map(|u| {
                if link {
                    format!("<li><a href=\"{u}\">{u}</a></li>", u = escape(u))
                } else {
                    format!("<li>{}</li>", escape(u))
                }
            })
            .collect();
        format!(
            "<h3>{title} ({})</h3><ul>{items}</ul>{}",
            files.len(),
            if others > 0 {
                format!("<p>+ {others} {}</p>", t(lang, "other_files"))
            } else {
                String::new()
            }
        )
    };
    let (new, new_other) = pages(p.send[1].iter());
    let (changed, changed_other) = pages(p.send[2].iter().chain(&p.send[3]));
    let (gone, gone_other) = pages(p.delete.iter());
    let headline = if dry_run {
        format!(
            "{} {}: {} {}, {} {}, {} {}.",
            t(lang, "would"),
            escape(&r.target),
            p.sends().count(),
            t(lang, "to_send"),
            p.delete.len(),
            t(lang, "to_delete"),
            p.unchanged,
            t(lang, "unchanged")
        )
    } else if p.is_empty() {
        format!("{} {}", escape(&r.target), t(lang, "up_to_date"))
    } else {
        format!(
            "{} {}: {} {} ({:.1} MB), {} {}, {} {}, {:.1} s.",
            t(lang, "published"),
            escape(&r.target),
            p.sends().count(),
            t(lang, "sent"),
            r.bytes as f64 / 1e6,
            p.delete.len(),
            t(lang, "deleted_files"),
            p.unchanged,
            t(lang, "unchanged"),
            r.seconds + r.build_seconds
        )
    };
    format!(
        "<section class=\"outcome\" role=\"status\"><h2>{headline}</h2>{}{}{}<p>{}</p></section>",
        list(t(lang, "new_pages"), new, new_other + p.send[0].len(), true),
        list(t(lang, "changed_pages"), changed, changed_other, true),
        list(t(lang, "removed_pages"), gone, gone_other, false),
        r.warnings
            .iter()
            .map(|w| escape(w))
            .collect::<Vec<_>>()
            .join("<br>")
    )
}
