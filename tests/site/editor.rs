//! The editor of `vinhdanh serve`, from outside: what it refuses (and that a refusal writes
//! nothing), when it is on, and that a file written by `new` changes by the one line of the
//! one field changed. The forms used as a person uses them are in tests/browser/editor.test.js.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::{jpeg, snapshot, TestSite};
use crate::http::get;
use crate::serve::Serving;

/// Sends a POST; returns the status and the body.
fn post(addr: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("POST {path} HTTP/1.0\r\nContent-Length: {}\r\n", body.len());
    if !headers.iter().any(|(n, _)| *n == "Host") {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = s.write_all(head.as_bytes());
    // A refused upload may be answered before it is all sent.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// The form's fields as a browser would send them (checkboxes only when ticked).
fn form_fields(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let sel =
        scraper::Selector::parse("form.edit input, form.edit textarea, form.edit select").unwrap();
    let in_template = |e: &scraper::ElementRef| {
        e.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|x| x.name() == "template")
        })
    };
    let mut out = Vec::new();
    for e in doc.select(&sel) {
        if in_template(&e) {
            continue;
        }
        let v = e.value();
        let Some(name) = v.attr("name") else { continue };
        let value = match v.name() {
            "textarea" => e.text().collect::<String>(),
            "select" => e
                .select(&scraper::Selector::parse("option[selected]").unwrap())
                .next()
                .map(|o| {
                    o.value()
                        .attr("value")
                        .map(str::to_string)
                        .unwrap_or_else(|| o.text().collect())
                })
                .unwrap_or_default(),
            _ => match v.attr("type") {
                Some("checkbox") if v.attr("checked").is_none() => continue,
                Some("file") => continue,
                _ => v.attr("value").unwrap_or("").to_string(),
            },
        };
        out.push((name.to_string(), value));
    }
    out
}

fn encode(fields: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(n, _)| n == name) {
        Some(f) => f.1 = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
}

fn form(server: &Serving, file: &str) -> Vec<(String, String)> {
    let (status, html) = server.page(&format!(
        "/_edit/open?file={}",
        form_urlencoded::byte_serialize(file.as_bytes()).collect::<String>()
    ));
    assert_eq!(status, 200, "{html}");
    form_fields(&html)
}

fn token(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .find(|(n, _)| n == "_token")
        .map(|(_, v)| v.clone())
        .unwrap()
}

fn profile_site() -> TestSite {
    TestSite::new(&[(
        "content/citizens/2023/nguyen-van-duc.md",
        "---\nname: Nguyễn Văn Đức\nyear: 2023\nsummary: Một.\n---\nCâu chuyện.\n",
    )])
}

#[test]
fn changes_from_anywhere_but_its_own_page_are_refused_and_write_nothing() {
    let site = profile_site();
    let server = Serving::start(site.root());
    server.page("/cong-dan-uu-tu/2023/nguyen-van-duc/");
    // A link out of the site, made after the first build (the build refuses it).
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("x.md"),
        "---\nname: Ngoài\nyear: 2023\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path(),
        site.root().join("content/citizens/2023/ra-ngoai"),
    )
    .unwrap();
    let mut fields = form(&server, "content/citizens/2023/nguyen-van-duc.md");
    let token = token(&fields);
    set(&mut fields, "summary", "Đã bị đổi.");
    let origin = format!("http://{}", server.addr);
    let before = snapshot(site.root());
    let outside_before = snapshot(outside.path());
    let form_type = ("Content-Type", "application/x-www-form-urlencoded");
    let good = encode(&fields);

    // Another web page's form, or a request without an origin.
    let (s, _) = post(
        &server.addr,
        "/_edit/save",
        &[form_type, ("Origin", "http://evil.example")],
        good.as_bytes(),
    );
    assert_eq!(s, 403);
    let (s, _) = post(&server.addr, "/_edit/save", &[form_type], good.as_bytes());
    assert_eq!(s, 403);
    // Without the token, or a wrong one.
    let mut no_token = fields.clone();
    no_token.retain(|(n, _)| n != "_token");
    let (s, _) = post(
        &server.addr,
        "/_edit/save",
        &[form_type, ("Origin", &origin)],
        encode(&no_token).as_bytes(),
    );
    assert_eq!(s, 403);
    let mut wrong = fields.clone();
    set(&mut wrong, "_token", "00000000000000000000000000000000");
    let (s, _) = post(
        &server.addr,
        "/_edit/save",
        &[form_type, ("Origin", &origin)],
        encode(&wrong).as_bytes(),
    );
    assert_eq!(s, 403);
    // Reached through another host name (DNS rebinding).
    let (s, _) = post(
        &server.addr,
        "/_edit/save",
        &[
            form_type,
            ("Origin", "http://evil.example:80"),
            ("Host", "evil.example:80"),
        ],
        good.as_bytes(),
    );
    assert_eq!(s, 403);
    // Paths out of content/: `..`, absolute, through a link.
    for file in [
        "content/../site.yaml",
        "/etc/passwd",
        "site.yaml",
        "content/citizens/2023/ra-ngoai/x.md",
    ] {
        let mut f = fields.clone();
        set(&mut f, "_file", file);
        let (s, body) = post(
            &server.addr,
            "/_edit/save",
            &[form_type, ("Origin", &origin)],
            encode(&f).as_bytes(),
        );
        assert_eq!(s, 403, "{file}: {body}");
    }
    let photo = jpeg(64, 64);
    let q = |dir: &str| {
        format!(
            "/_edit/photo?dir={}&name=a.jpg",
            form_urlencoded::byte_serialize(dir.as_bytes()).collect::<String>()
        )
    };
    for dir in [
        "content/citizens/2023/ra-ngoai",
        "content/../static",
        "/tmp",
    ] {
        let (s, body) = post(
            &server.addr,
            &q(dir),
            &[("Origin", &origin), ("X-Vinhdanh-Token", &token)],
            &photo,
        );
        assert_eq!(s, 403, "{dir}: {body}");
    }
    // Too large an upload.
    let big = vec![0u8; 31_000_000];
    let (s, _) = post(
        &server.addr,
        &q("content/citizens/2023"),
        &[("Origin", &origin), ("X-Vinhdanh-Token", &token)],
        &big,
    );
    assert_eq!(s, 413);
    // An upload cut off mid-body (the browser closed, the network dropped): an error, and
    // nothing written (the snapshot below).
    let mut cut = TcpStream::connect(&server.addr).unwrap();
    cut.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        cut,
        "POST {} HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\nX-Vinhdanh-Token: {token}\r\nContent-Length: {}\r\n\r\n",
        q("content/citizens/2023"),
        server.addr,
        photo.len() * 4
    )
    .unwrap();
    cut.write_all(&photo).unwrap();
    cut.shutdown(std::net::Shutdown::Write).unwrap();
    let mut raw = Vec::new();
    let _ = cut.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.starts_with("HTTP/1.1 400"), "{raw}");
    assert!(raw.contains("cut off"), "{raw}");
    // A new page over a link leading out.
    let (s, _) = post(
        &server.addr,
        "/_edit/save",
        &[form_type, ("Origin", &origin)],
        encode(&[
            ("_token".into(), token.clone()),
            ("_new".into(), "page".into()),
            ("title".into(), "x".into()),
            ("slug".into(), "citizens/2023/ra-ngoai/y".into()),
        ])
        .as_bytes(),
    );
    assert_ne!(s, 303, "no page was made");

    std::thread::sleep(Duration::from_millis(300));
    assert!(
        snapshot(site.root()) == before,
        "a refused request wrote into the site"
    );
    assert!(
        snapshot(outside.path()) == outside_before,
        "a refused request wrote outside the site"
    );

    // The real page's request is taken.
    let (s, body) = post(
        &server.addr,
        "/_edit/save",
        &[form_type, ("Origin", &origin)],
        good.as_bytes(),
    );
    assert_eq!(s, 303, "{body}");
    let text = std::fs::read_to_string(site.root().join("content/citizens/2023/nguyen-van-duc.md"))
        .unwrap();
    assert!(text.contains("summary: Đã bị đổi.\n"), "{text}");
}

#[test]
fn on_a_network_address_the_editor_needs_edit_and_its_secret_link() {
    let site = profile_site();
    let off = Serving::start_with(site.root(), &["--bind", "0.0.0.0"]);
    off.line("editor is off");
    let r = get(&off.addr, "/_edit/").unwrap();
    assert_eq!(r.status, 404);
    assert!(r.text().contains("--edit"), "{}", r.text());
    drop(off);

    let on = Serving::start_with(site.root(), &["--bind", "0.0.0.0", "--edit"]);
    let line = on.line("?token=");
    let token = line.rsplit("token=").next().unwrap().trim().to_string();
    assert_eq!(token.len(), 32, "{line}");
    assert_eq!(
        get(&on.addr, "/_edit/").unwrap().status,
        403,
        "no token, no editor"
    );
    let r = get(&on.addr, &format!("/_edit/?token={token}")).unwrap();
    assert_eq!(r.status, 200);
    let cookie = r.header("set-cookie").unwrap();
    assert!(
        cookie.contains(&token)
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(r
        .header("content-security-policy")
        .unwrap()
        .contains("script-src 'self'"));
}

#[test]
fn a_file_written_by_new_changes_only_by_the_lines_of_its_changed_fields() {
    let site = TestSite::new(&[]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vinhdanh"))
        .args(["new", "person", "Lê Văn Thử", "--year", "2023", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = "content/citizens/2023/le-van-thu.md";
    let before = std::fs::read_to_string(site.root().join(file)).unwrap();
    let server = Serving::start(site.root());
    server.page("/cong-dan-uu-tu/2023/le-van-thu/");

    // Saved as opened: not a byte changes.
    let fields = form(&server, file);
    let origin = format!("http://{}", server.addr);
    let form_type = ("Content-Type", "application/x-www-form-urlencoded");
    let (s, body) = post(
        &server.addr,
        "/_edit/save",
        &[form_type, ("Origin", &origin)],
        encode(&fields).as_bytes(),
    );
    assert_eq!(s, 303, "{body}");
    assert_eq!(
        std::fs::read_to_string(site.root().join(file)).unwrap(),
        before
    );

    // A summary filled in: one line more, under its commented example.
    let mut fields = form(&server, file);
    set(&mut fields, "summary", "Người thử trình soạn thảo.");
    let (s, body) = post(
        &server.addr,
        "/_edit/save",
        &[form_type, ("Origin", &origin)],
        encode(&fields).as_bytes(),
    );
    assert_eq!(s, 303, "{body}");
    let after = std::fs::read_to_string(site.root().join(file)).unwrap();
    let example = before
        .lines()
        .find(|l| l.starts_with("# summary:"))
        .unwrap();
    assert_eq!(
        after,
        before.replacen(
            &format!("{example}\n"),
            &format!("{example}\nsummary: Người thử trình soạn thảo.\n"),
            1
        )
    );

    // The year changed: its line alone.
    let mut fields = form(&server, file);
    set(&mut fields, "year", "2024");
    let (s, _) = post(
        &server.addr,
        "/_edit/save",
        &[form_type, ("Origin", &origin)],
        encode(&fields).as_bytes(),
    );
    assert_eq!(s, 303);
    let again = std::fs::read_to_string(site.root().join(file)).unwrap();
    let year_line = after.lines().find(|l| l.starts_with("year: 2023")).unwrap();
    assert_eq!(
        again,
        after.replacen(year_line, &year_line.replacen("2023", "2024", 1), 1)
    );
}

#[test]
fn the_form_has_exactly_the_fields_the_reader_accepts() {
    use vinhdanh::config::Kind;
    use vinhdanh::content::schema::FIELDS;
    for (kind, file) in [
        (Kind::Person, "content/citizens/2023/a.md"),
        (Kind::Collective, "content/collectives/b.md"),
    ] {
        let site = TestSite::new(&[(file, "---\nname: A\nyear: 2023\nzzz: 1\n---\n")]);
        let errors = site.errors();
        let hint = errors
            .iter()
            .find(|e| e.contains("unknown field `zzz`"))
            .expect("zzz is unknown");
        let list = hint.split("the fields allowed here are: ").nth(1).unwrap();
        let mut known: Vec<&str> = list
            .split(", ")
            .map(|s| s.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_'))
            .collect();
        known.sort_unstable();
        let mut schema: Vec<&str> = FIELDS
            .iter()
            .filter(|f| f.applies(kind))
            .map(|f| f.key)
            .collect();
        // The story is the Markdown after the front matter (`body` in a YAML file or a
        // sheet), and `field` is read as a one-item `fields`: neither is a form control.
        schema.extend(["body", "field"]);
        schema.sort_unstable();
        assert_eq!(
            known, schema,
            "{kind:?}: the reader and the editor's schema differ"
        );
    }
}

/// "Xuất bản" builds from what `serve` has read already, reading again only the files
/// changed since: after a first publish, then after an edit, an added profile and a
/// removed one, the folder target holds exactly what a fresh `vinhdanh build` makes.
#[test]
fn publishing_from_the_editor_sends_what_a_fresh_build_makes() {
    let site = TestSite::new(&[
        (
            "content/citizens/2023/nguyen-van-duc.md",
            "---\nname: Nguyễn Văn Đức\nyear: 2023\nsummary: Một.\n---\nCâu chuyện của anh.\n",
        ),
        (
            "content/citizens/2023/tran-thi-mai.md",
            "---\nname: Trần Thị Mai\nyear: 2023\nsummary: Hai.\n---\nCâu chuyện của chị.\n",
        ),
    ]);
    let mirror = tempfile::tempdir().unwrap();
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!(
            "{settings}\ndeploy:\n  - name: mirror\n    url: {}\n",
            mirror.path().display()
        )
        .as_bytes(),
    );
    let server = Serving::start(site.root());
    server.page("/");
    let origin = format!("http://{}", server.addr);
    let publish = || -> String {
        let (status, html) = server.page("/_edit/xuat-ban");
        assert_eq!(status, 200, "{html}");
        let token = html
            .split("name=\"_token\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_string();
        let body = format!("_token={token}&target=mirror&action=send");
        let (status, answer) = post(
            &server.addr,
            "/_edit/xuat-ban",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Origin", &origin),
            ],
            body.as_bytes(),
        );
        assert_eq!(status, 200, "{answer}");
        answer
    };
    let fresh = || {
        let out = tempfile::tempdir().unwrap();
        let opts = vinhdanh::build::Options {
            output: Some(out.path().to_path_buf()),
            ..site.options()
        };
        vinhdanh::build::build(&opts).unwrap();
        snapshot(out.path())
    };
    let sent = || {
        let mut files = snapshot(mirror.path());
        files.retain(|(p, _)| !p.starts_with(".vinhdanh"));
        files
    };

    let published = |answer: String| assert!(answer.contains("Đã xuất bản lên"), "{answer}");
    published(publish());
    assert_eq!(sent(), fresh());

    site.write(
        "content/citizens/2023/nguyen-van-duc.md",
        "---\nname: Nguyễn Văn Đức\nyear: 2023\nsummary: Một câu đã sửa.\n---\nCâu chuyện mới.\n"
            .as_bytes(),
    );
    site.write(
        "content/citizens/2023/le-van-hung.md",
        "---\nname: Lê Văn Hùng\nyear: 2023\nsummary: Ba.\n---\nCâu chuyện thứ ba.\n".as_bytes(),
    );
    std::fs::remove_file(site.root().join("content/citizens/2023/tran-thi-mai.md")).unwrap();
    published(publish());
    let now = sent();
    assert_eq!(now, fresh());
    let page = |p: &str| {
        now.iter()
            .find(|(path, _)| path == p)
            .map(|(_, b)| b.clone())
    };
    let duc = page("cong-dan-uu-tu/2023/nguyen-van-duc/index.html").unwrap();
    assert!(String::from_utf8_lossy(&duc).contains("Câu chuyện mới."));
    assert!(page("cong-dan-uu-tu/2023/le-van-hung/index.html").is_some());
    assert!(page("cong-dan-uu-tu/2023/tran-thi-mai/index.html").is_none());

    // A file read before, then broken (no longer UTF-8, a frontmatter cut off): it is read
    // again, the publish stops at its error, and nothing on the server changes.
    site.write(
        "content/citizens/2023/nguyen-van-duc.md",
        b"---\nname: Nguy\xe1n V\xff\nyear: 2023\n",
    );
    let answer = publish();
    assert!(answer.contains("Chưa xuất bản xong"), "{answer}");
    assert!(answer.contains("nguyen-van-duc.md"), "{answer}");
    assert_eq!(sent(), now, "a failed build sends nothing");
}
