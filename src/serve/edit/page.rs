//! The editor's pages, as HTML made on the server: plain forms that work with the keyboard
//! and a screen reader, a little script (`editor.js`) for adding rows, photos and the story's
//! preview. Words in Vietnamese, or English when the site's `language` is not `vi`.

use std::collections::HashMap;

use crate::content::schema::{Field, Input};
use crate::render::feeds::escape;
use crate::yaml::edit::Value;

/// The editor's words.
pub(super) fn t(lang: &str, key: &str) -> &'static str {
    let vi = lang == "vi";
    macro_rules! w {
        ($v:expr, $e:expr) => {
            if vi {
                $v
            } else {
                $e
            }
        };
    }
    match key {
        "editor" => w!("Sửa nội dung", "Edit the site"),
        "view" => w!("Xem trang", "View the site"),
        "find" => w!("Tìm theo tên", "Find by name"),
        "section" => w!("Mục", "Section"),
        "year" => w!("Năm", "Year"),
        "all" => w!("Tất cả", "All"),
        "filter" => w!("Lọc", "Filter"),
        "name" => w!("Tên", "Name"),
        "file" => w!("Tệp", "File"),
        "profiles" => w!("Hồ sơ", "Profiles"),
        "pages" => w!("Trang", "Pages"),
        "new_person" => w!("Thêm người", "New person"),
        "new_collective" => w!("Thêm tập thể", "New collective"),
        "new_page" => w!("Thêm trang", "New page"),
        "trash" => w!("Thùng rác", "Trash"),
        "save" => w!("Lưu", "Save"),
        "delete" => w!("Chuyển vào thùng rác", "Move to the trash"),
        "restore" => w!("Khôi phục", "Restore"),
        "story" => w!("Câu chuyện (Markdown)", "Story (Markdown)"),
        "preview" => w!("Xem trước", "Preview"),
        "add" => w!("Thêm", "Add"),
        "remove" => w!("Bỏ", "Remove"),
        "one_per_line" => w!("mỗi dòng một giá trị", "one per line"),
        "choose_photo" => w!("Chọn hoặc thả ảnh vào đây (từ điện thoại cũng được)", "Choose or drop a photo here (from a phone too)"),
        "crop" => w!("Ảnh vuông trên thẻ", "Square crop on cards"),
        "problems" => w!("Chưa lưu: hãy sửa các lỗi được đánh dấu bên dưới.", "Not saved: fix the problems marked below."),
        "conflict" => w!("Tệp này đã được sửa ở nơi khác từ khi bạn mở biểu mẫu, nên chưa được lưu đè. Mở lại để thấy bản mới (những gì bạn gõ vẫn còn dưới đây để chép lại).", "This file was changed elsewhere since you opened the form, so it was not overwritten. Open it again to see the new version (what you typed is still below, to copy)."),
        "reload" => w!("Mở lại bản mới", "Open the new version"),
        "read_only" => w!("Hồ sơ này lấy từ bảng tính nên không sửa ở đây được. Hãy sửa trong bảng tính:", "This profile comes from a spreadsheet, so it is not edited here. Edit it in the spreadsheet:"),
        "row" => w!("dòng", "row"),
        "sheet" => w!("trang tính", "sheet"),
        "empty_trash" => w!("Thùng rác trống.", "The trash is empty."),
        "none" => w!("Không có hồ sơ nào khớp.", "No profile matches."),
        "required" => w!("bắt buộc", "required"),
        "candidate" => w!("đề nghị, đang lấy ý kiến", "proposed, under consultation"),
        "list_entry" => w!("Hồ sơ này nằm trong một tệp danh sách; chỉ phần của nó thay đổi.", "This profile is one entry of a list file; only its entry changes."),
        "deleted" => w!("Đã chuyển vào thùng rác:", "Moved to the trash:"),
        "publish" => w!("Xuất bản", "Publish"),
        "no_targets" => w!("site.yaml chưa ghi nơi xuất bản. Thêm một mục deploy như sau (hỏi bộ phận kỹ thuật địa chỉ máy chủ):", "site.yaml names no place to publish to. Add a deploy list like this (ask the IT staff for the server's address):"),
        "password" => w!("Mật khẩu máy chủ", "The server's password"),
        "password_memory" => w!("Chỉ giữ trong bộ nhớ của lần chạy này, không ghi ra tệp.", "Kept in this run's memory only, never written to a file."),
        "remembered" => w!("đã nhớ cho", "remembered for"),
        "target" => w!("Nơi xuất bản", "Publish to"),
        "dry_run" => w!("Xem thay đổi", "Show the changes"),
        "publish_failed" => w!("Chưa xuất bản xong. Trang trên máy chủ vẫn nguyên vẹn; sửa lỗi rồi bấm Xuất bản lần nữa.", "Not published. The site on the server is whole; fix the problem and publish again."),
        "other_files" => w!("tệp khác (ảnh, chỉ mục tìm kiếm…)", "other files (photos, search index…)"),
        "would" => w!("Nếu xuất bản lên", "Publishing to"),
        "to_send" => w!("tệp sẽ gửi", "files would be sent"),
        "to_delete" => w!("tệp sẽ xoá", "deleted"),
        "unchanged" => w!("tệp không đổi", "unchanged"),
        "up_to_date" => w!("đã cập nhật, không có gì để gửi.", "is up to date: nothing to send."),
        "published" => w!("Đã xuất bản lên", "Published to"),
        "sent" => w!("tệp đã gửi", "files sent"),
        "deleted_files" => w!("tệp đã xoá", "deleted"),
        "new_pages" => w!("Trang mới", "New pages"),
        "changed_pages" => w!("Trang thay đổi", "Changed pages"),
        "removed_pages" => w!("Trang bị gỡ", "Removed pages"),
        _ => "",
    }
}

/// A whole page of the editor.
pub(super) fn layout(lang: &str, title: &str, token: &str, main: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"vinhdanh-token\" content=\"{token}\"><title>{title} · vinhdanh</title><link rel=\"stylesheet\" href=\"/_edit/editor.css\"><script src=\"/_edit/editor.js\" defer></script></head><body><header class=\"bar\"><a href=\"/_edit/\">{editor}</a><a href=\"/\">{view}</a></header><main id=\"main\">{main}</main></body></html>",
        title = escape(title),
        editor = t(lang, "editor"),
        view = t(lang, "view"),
    )
}

/// One row of the list of profiles.
pub(super) struct Row {
    pub(super) name: String,
    pub(super) section: String,
    pub(super) year: Option<i64>,
    pub(super) file: String,
    pub(super) entry: Option<usize>,
}

/// The open link of a row.
pub(super) fn open_href(file: &str, entry: Option<usize>) -> String {
    let mut href = format!("/_edit/open?file={}", query_escape(file));
    if let Some(n) = entry {
        href.push_str(&format!("&entry={n}"));
    }
    href
}

/// `s` for a URL's query.
pub(super) fn query_escape(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The start page: filter, the profiles that pass it, the pages.
pub(super) fn list(
    lang: &str,
    rows: &[Row],
    pages: &[(String, String)],
    sections: &[(String, String)],
    years: &[i64],
    filter: (&str, &str, &str),
) -> String {
    let (q, section, year) = filter;
    let mut s = format!("<h1>{}</h1>", t(lang, "editor"));
    s.push_str(&format!(
        "<p class=\"actions\"><a class=\"button\" href=\"/_edit/new?kind=person\">{}</a> <a class=\"button\" href=\"/_edit/new?kind=collective\">{}</a> <a class=\"button\" href=\"/_edit/new?kind=page\">{}</a> <a href=\"/_edit/trash\">{}</a> <a href=\"/_edit/xuat-ban\">{}</a></p>",
        t(lang, "new_person"),
        t(lang, "new_collective"),
        t(lang, "new_page"),
        t(lang, "trash"),
        t(lang, "publish")
    ));
    s.push_str("<form class=\"filter\" method=\"get\" action=\"/_edit/\" role=\"search\">");
    s.push_str(&format!(
        "<p><label for=\"q\">{}</label> <input id=\"q\" name=\"q\" type=\"search\" value=\"{}\" autocomplete=\"off\"></p>",
        t(lang, "find"),
        escape(q)
    ));
    s.push_str(&format!("<p><label for=\"section\">{}</label> <select id=\"section\" name=\"section\"><option value=\"\">{}</option>", t(lang, "section"), t(lang, "all")));
    for (key, title) in sections {
        let sel = if key == section { " selected" } else { "" };
        s.push_str(&format!(
            "<option value=\"{}\"{sel}>{}</option>",
            escape(key),
            escape(title)
        ));
    }
    s.push_str(&format!("</select></p><p><label for=\"year\">{}</label> <select id=\"year\" name=\"year\"><option value=\"\">{}</option>", t(lang, "year"), t(lang, "all")));
    for y in years {
        let sel = if y.to_string() == year {
            " selected"
        } else {
            ""
        };
        s.push_str(&format!("<option{sel}>{y}</option>"));
    }
    s.push_str(&format!(
        "</select></p><p><button type=\"submit\">{}</button></p></form>",
        t(lang, "filter")
    ));
    s.push_str(&format!(
        "<h2>{} ({})</h2>",
        t(lang, "profiles"),
        rows.len()
    ));
    if rows.is_empty() {
        s.push_str(&format!("<p>{}</p>", t(lang, "none")));
    } else {
        s.push_str(&format!(
            "<table class=\"rows\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            t(lang, "name"),
            t(lang, "section"),
            t(lang, "year"),
            t(lang, "file")
        ));
        for r in rows {
            s.push_str(&format!(
                "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                escape(&open_href(&r.file, r.entry)),
                escape(&r.name),
                escape(&r.section),
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                escape(&r.file)
            ));
        }
        s.push_str("</tbody></table>");
    }
    s.push_str(&format!("<h2>{}</h2><ul>", t(lang, "pages")));
    for (title, file) in pages {
        s.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <code>{}</code></li>",
            escape(&open_href(file, None)),
            escape(title),
            escape(file)
        ));
    }
    s.push_str("</ul>");
    s
}

/// What a form shows.
pub(super) struct Form<'a> {
    pub(super) lang: &'a str,
    pub(super) heading: String,
    /// The file, relative to the site folder (empty for a new one).
    pub(super) file: String,
    pub(super) entry: Option<usize>,
    pub(super) fields: Vec<&'static Field>,
    pub(super) values: HashMap<&'static str, Value>,
    /// The Markdown story, for Markdown files.
    pub(super) story: Option<String>,
    /// Problems by field key (`""`: not of one field).
    pub(super) errors: HashMap<String, Vec<String>>,
    /// Hash of the file as it was read, to refuse a save over a newer one.
    pub(super) hash: String,
    pub(super) token: &'a str,
    /// The page of the profile, when it has one.
    pub(super) page: Option<String>,
    /// The folder photos are saved in.
    pub(super) photo_dir: String,
    pub(super) conflict: bool,
    /// Hidden fields of a new profile or page (kind, section).
    pub(super) hidden: Vec<(&'static str, String)>,
    /// Extra controls before the fields (a new profile's section and year).
    pub(super) before: String,
}

fn described(key: &str, hint: bool, error: bool) -> String {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("h-{key}"));
    }
    if error {
        ids.push(format!("e-{key}"));
    }
    if ids.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{}\"", ids.join(" "))
    }
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::Text(t)) => t.clone(),
        Some(Value::List(items)) => items.join("\n"),
        _ => String::new(),
    }
}

/// The control of one field (not a group) named `name` with id `id`.
fn control(
    f: &Field,
    name: &str,
    id: &str,
    value: &str,
    aria: &str,
    photo_dir: &str,
    lang: &str,
) -> String {
    let v = escape(value);
    let req = if f.required { " required" } else { "" };
    match f.input {
        Input::Long => format!("<textarea id=\"{id}\" name=\"{name}\" rows=\"3\"{req}{aria}>{v}</textarea>"),
        Input::List => format!("<textarea id=\"{id}\" name=\"{name}\" rows=\"3\"{aria}>{v}</textarea>"),
        Input::Number => format!("<input id=\"{id}\" name=\"{name}\" type=\"text\" inputmode=\"numeric\" value=\"{v}\"{req}{aria}>"),
        Input::Choice(options) => {
            let mut s = format!("<select id=\"{id}\" name=\"{name}\"{aria}><option value=\"\"></option>");
            let mut found = false;
            for o in options {
                let sel = if *o == value { found = true; " selected" } else { "" };
                s.push_str(&format!("<option{sel}>{}</option>", escape(o)));
            }
            if !found && !value.is_empty() {
                // A value the list does not have stays visible, marked by its error.
                s.push_str(&format!("<option selected>{v}</option>"));
            }
            s.push_str("</select>");
            s
        }
        Input::Photo => format!(
            "<input id=\"{id}\" name=\"{name}\" type=\"text\" value=\"{v}\" data-photo-dir=\"{dir}\"{req}{aria}><span class=\"drop\" data-for=\"{id}\"><label>{choose} <input type=\"file\" accept=\"image/*\" data-upload=\"{id}\"></label></span>",
            dir = escape(photo_dir),
            choose = t(lang, "choose_photo"),
        ),
        Input::Flag => {
            let checked = if value == "true" { " checked" } else { "" };
            format!("<input id=\"{id}\" name=\"{name}\" type=\"checkbox\" value=\"true\"{checked}{aria}>")
        }
        Input::Text | Input::Group(_) => format!("<input id=\"{id}\" name=\"{name}\" type=\"text\" value=\"{v}\"{req}{aria}>"),
    }
}

fn errors_of(form: &Form, key: &str) -> String {
    match form.errors.get(key) {
        Some(list) if !list.is_empty() => format!(
            "<p class=\"error\" id=\"e-{key}\">{}</p>",
            list.iter()
                .map(|e| escape(e))
                .collect::<Vec<_>>()
                .join("<br>")
        ),
        _ => String::new(),
    }
}

fn group_item(
    form: &Form,
    f: &Field,
    subs: &[Field],
    n: &str,
    values: &[(String, String)],
) -> String {
    let lang = form.lang;
    let mut s = format!(
        "<fieldset class=\"item\"><legend>{} {}</legend>",
        escape(f.label(lang)),
        if n == "__i__" { "" } else { n }
    );
    for sub in subs {
        let name = format!("{}[{n}].{}", f.key, sub.key);
        let id = format!("f-{}-{n}-{}", f.key, sub.key);
        let value = values
            .iter()
            .find(|(k, _)| k == sub.key)
            .map_or("", |(_, v)| v.as_str());
        let hint = sub.hint(lang);
        let hint_id = format!("{}-{n}-{}", f.key, sub.key);
        let aria = described(&hint_id, !hint.is_empty(), false);
        s.push_str(&format!(
            "<div class=\"field\"><label for=\"{id}\">{}</label>{}",
            escape(sub.label(lang)),
            control(sub, &name, &id, value, &aria, &form.photo_dir, lang)
        ));
        if !hint.is_empty() {
            s.push_str(&format!(
                "<p class=\"hint\" id=\"h-{hint_id}\">{}</p>",
                escape(hint)
            ));
        }
        s.push_str("</div>");
    }
    s.push_str(&format!(
        "<button type=\"button\" class=\"remove\" data-remove>{}</button></fieldset>",
        t(lang, "remove")
    ));
    s
}

/// The form of a profile or page.
pub(super) fn form(form: &Form) -> String {
    let lang = form.lang;
    let mut s = format!("<h1>{}</h1>", escape(&form.heading));
    if !form.file.is_empty() {
        s.push_str(&format!(
            "<p>{}: <code>{}</code>",
            t(lang, "file"),
            escape(&form.file)
        ));
        if let Some(page) = &form.page {
            s.push_str(&format!(
                " · <a href=\"{}\">{}</a>",
                escape(page),
                t(lang, "view")
            ));
        }
        s.push_str("</p>");
    }
    if form.entry.is_some() {
        s.push_str(&format!("<p>{}</p>", t(lang, "list_entry")));
    }
    if form.conflict {
        s.push_str(&format!(
            "<div class=\"alert\" role=\"alert\"><p>{}</p><p><a href=\"{}\">{}</a></p></div>",
            t(lang, "conflict"),
            escape(&open_href(&form.file, form.entry)),
            t(lang, "reload")
        ));
    } else if form.errors.values().any(|e| !e.is_empty()) {
        s.push_str(&format!(
            "<div class=\"alert\" role=\"alert\"><p>{}</p>",
            t(lang, "problems")
        ));
        if let Some(general) = form.errors.get("") {
            for e in general {
                s.push_str(&format!("<p>{}</p>", escape(e)));
            }
        }
        s.push_str("</div>");
    }
    s.push_str("<form method=\"post\" action=\"/_edit/save\" class=\"edit\" novalidate>");
    s.push_str(&format!(
        "<input type=\"hidden\" name=\"_token\" value=\"{}\">",
        escape(form.token)
    ));
    s.push_str(&format!(
        "<input type=\"hidden\" name=\"_hash\" value=\"{}\">",
        escape(&form.hash)
    ));
    s.push_str(&format!(
        "<input type=\"hidden\" name=\"_file\" value=\"{}\">",
        escape(&form.file)
    ));
    if let Some(n) = form.entry {
        s.push_str(&format!(
            "<input type=\"hidden\" name=\"_entry\" value=\"{n}\">"
        ));
    }
    for (k, v) in &form.hidden {
        s.push_str(&format!(
            "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
            escape(v)
        ));
    }
    s.push_str(&form.before);
    for f in &form.fields {
        let key = f.key;
        let hint = f.hint(lang);
        let has_error = form.errors.get(key).is_some_and(|e| !e.is_empty());
        let invalid = if has_error {
            " aria-invalid=\"true\""
        } else {
            ""
        };
        let label = format!(
            "{}{}",
            escape(f.label(lang)),
            if f.required {
                format!(" <span class=\"req\">({})</span>", t(lang, "required"))
            } else {
                String::new()
            }
        );
        match f.input {
            Input::Group(subs) => {
                let items = match form.values.get(key) {
                    Some(Value::Group(g)) => g.clone(),
                    _ => Vec::new(),
                };
                s.push_str(&format!("<fieldset class=\"group\" id=\"field-{key}\" data-group=\"{key}\" data-next=\"{}\"><legend>{label}</legend>", items.len() + 1));
                if !hint.is_empty() {
                    s.push_str(&format!(
                        "<p class=\"hint\" id=\"h-{key}\">{}</p>",
                        escape(hint)
                    ));
                }
                s.push_str(&errors_of(form, key));
                for (n, item) in items.iter().enumerate() {
                    s.push_str(&group_item(form, f, subs, &n.to_string(), item));
                }
                // One empty row, so that adding works without the script too.
                s.push_str(&group_item(form, f, subs, &items.len().to_string(), &[]));
                s.push_str(&format!(
                    "<template>{}</template>",
                    group_item(form, f, subs, "__i__", &[])
                ));
                s.push_str(&format!(
                    "<button type=\"button\" data-add=\"{key}\">{} · {}</button></fieldset>",
                    t(lang, "add"),
                    escape(f.label(lang))
                ));
            }
            _ => {
                let value = match form.values.get(key) {
                    Some(Value::Flag(true)) => "true".to_string(),
                    v => text_of(v),
                };
                let mut hint_text = hint.to_string();
                if f.input == Input::List {
                    hint_text = format!("{hint_text} ({})", t(lang, "one_per_line"));
                }
                let aria = format!(
                    "{}{invalid}",
                    described(key, !hint_text.is_empty(), has_error)
                );
                let id = format!("f-{key}");
                s.push_str(&format!(
                    "<div class=\"field\" id=\"field-{key}\"><label for=\"{id}\">{label}</label>{}",
                    control(f, key, &id, &value, &aria, &form.photo_dir, lang)
                ));
                if !hint_text.trim().is_empty() {
                    s.push_str(&format!(
                        "<p class=\"hint\" id=\"h-{key}\">{}</p>",
                        escape(hint_text.trim())
                    ));
                }
                s.push_str(&errors_of(form, key));
                if f.input == Input::Photo && key == "photo" {
                    let src = if value.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "/_edit/file?path={}",
                            query_escape(&format!("{}/{}", form.photo_dir, value))
                        )
                    };
                    let focus = text_of(form.values.get("photo_focus"));
                    s.push_str(&format!(
                        "<figure class=\"crop\"><img id=\"crop\" alt=\"\" src=\"{}\" data-focus=\"{}\"{}><figcaption>{}</figcaption></figure>",
                        escape(&src),
                        escape(if focus.is_empty() { "center" } else { &focus }),
                        if src.is_empty() { " hidden" } else { "" },
                        t(lang, "crop")
                    ));
                }
                s.push_str("</div>");
            }
        }
    }
    if let Some(story) = &form.story {
        let has_error = form.errors.get("body").is_some_and(|e| !e.is_empty());
        s.push_str(&format!(
            "<div class=\"field story\" id=\"field-body\"><label for=\"f-body\">{}</label><textarea id=\"f-body\" name=\"body\" rows=\"14\"{}>{}</textarea>{}<p><button type=\"button\" id=\"preview-button\">{}</button></p><div id=\"preview\" class=\"preview\" aria-live=\"polite\"></div></div>",
            t(lang, "story"),
            described("body", false, has_error),
            escape(story),
            errors_of(form, "body"),
            t(lang, "preview")
        ));
    }
    s.push_str(&format!(
        "<p class=\"actions\"><button type=\"submit\" class=\"primary\">{}</button>",
        t(lang, "save")
    ));
    if !form.file.is_empty() && form.entry.is_none() {
        s.push_str(&format!(
            " <button type=\"submit\" formaction=\"/_edit/delete\" class=\"danger\">{}</button>",
            t(lang, "delete")
        ));
    }
    s.push_str("</p></form>");
    s
}
