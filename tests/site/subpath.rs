//! A site built for a sub-path (`base_url: http://HOST/vinh-danh/`), served by a real nginx
//! with the `location` block of docs/deploy.md, and crawled from its home page: every page, photo,
//! stylesheet, script, feed and search index it references answers 200, and nothing asks
//! for an address outside `/vinh-danh/`.
//!
//! nginx comes from Debian's packages (`scripts/test` installs it). Without it the test is
//! skipped with a message, but only when it cannot be installed here (not root); as root a
//! missing nginx is a failure, so CI cannot pass by skipping.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use scraper::{Html, Selector};
use vinhdanh::build::{self, Options};

use crate::common::repo;
use crate::http::{free_port, get, wait_for};

const PREFIX: &str = "/vinh-danh/";

fn find_nginx() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .map(|d| d.join("nginx"))
        .find(|p| p.is_file())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// nginx in the foreground, with every file it writes in `dir`; killed when dropped.
struct Nginx {
    child: Child,
}

impl Nginx {
    fn start(nginx: &Path, dir: &Path, port: u16, site: &Path) -> Nginx {
        let d = dir.display();
        let user = if is_root() { "user root;\n" } else { "" };
        let conf = format!(
            "{user}daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    types {{
        text/html html; text/css css; text/javascript js; application/json json;
        application/xml xml; text/plain txt; image/jpeg jpg; image/webp webp; image/png png;
    }}
    server {{
        listen 127.0.0.1:{port};
        # As in docs/deploy.md:
        location /vinh-danh/ {{
            alias {site}/;
            error_page 404 /vinh-danh/404.html;
            try_files $uri $uri/ =404;
        }}
    }}
}}
",
            site = site.display()
        );
        let conf_path = dir.join("nginx.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let child = Command::new(nginx)
            .arg("-p")
            .arg(dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(&conf_path)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        Nginx { child }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The path of `url` found on the page at `from`, if it is on this host; `None` for other
/// hosts and non-HTTP schemes. Fragments and queries are dropped.
fn same_host_path(addr: &str, from: &str, url: &str) -> Option<String> {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or("");
    let url = url.split('?').next().unwrap_or("");
    if url.is_empty() {
        return None;
    }
    let path = if let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("//"))
    {
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host != addr {
            return None;
        }
        if path.is_empty() { "/" } else { path }.to_string()
    } else if url.contains(':') && !url.starts_with('/') {
        return None; // https to elsewhere, mailto:, tel:, data:
    } else if url.starts_with('/') {
        url.to_string()
    } else {
        format!("{}{url}", &from[..from.rfind('/').map_or(0, |i| i + 1)])
    };
    // Resolve `.` and `..` as a browser would.
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            ".." => {
                parts.pop();
                if i + 1 == segments.len() {
                    parts.push("");
                }
            }
            "." if i + 1 == segments.len() => parts.push(""),
            "." => {}
            s => parts.push(s),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

/// Every address a page, stylesheet, feed or robots.txt asks the browser (or a reader) to
/// load.
fn references(content_type: &str, body: &str) -> Vec<String> {
    let mut out = Vec::new();
    if content_type.starts_with("text/html") {
        let doc = Html::parse_document(body);
        let sel = |s: &str| Selector::parse(s).unwrap();
        for (selector, attr) in [
            ("[href]", "href"),
            ("[src]", "src"),
            ("[poster]", "poster"),
            (
                "meta[property='og:image'], meta[name='twitter:image'], meta[property='og:url']",
                "content",
            ),
        ] {
            for el in doc.select(&sel(selector)) {
                out.extend(el.value().attr(attr).map(str::to_string));
            }
        }
        for el in doc.select(&sel("[srcset]")) {
            for candidate in el.value().attr("srcset").unwrap_or("").split(',') {
                out.extend(candidate.split_whitespace().next().map(str::to_string));
            }
        }
        // The search client fetches its index from the folder this names.
        for el in doc.select(&sel("meta[name='vinhdanh-search']")) {
            if let Some(base) = el.value().attr("content") {
                out.push(format!("{base}index.json"));
            }
        }
        for el in doc.select(&sel("meta[http-equiv='refresh']")) {
            let content = el.value().attr("content").unwrap_or("");
            if let Some(i) = content.to_ascii_lowercase().find("url=") {
                out.push(content[i + 4..].to_string());
            }
        }
    } else if content_type.starts_with("text/css") {
        for part in body.split("url(").skip(1) {
            let url = part.split(')').next().unwrap_or("");
            out.push(url.trim_matches(['"', '\'', ' ']).to_string());
        }
    } else if content_type.contains("xml") {
        for part in body.split("<loc>").skip(1) {
            out.push(part.split("</loc>").next().unwrap_or("").to_string());
        }
        for part in body.split("href=\"").skip(1) {
            out.push(part.split('"').next().unwrap_or("").replace("&amp;", "&"));
        }
    } else if content_type.starts_with("text/plain") {
        for line in body.lines() {
            if let Some(url) = line.strip_prefix("Sitemap:") {
                out.push(url.trim().to_string());
            }
        }
    }
    out
}

#[test]
fn the_site_works_under_a_sub_path_of_a_real_nginx() {
    let Some(nginx) = find_nginx() else {
        if is_root() {
            panic!(
                "nginx is not installed: run scripts/test, which installs Debian's `nginx` package"
            );
        }
        eprintln!("SKIPPED the_site_works_under_a_sub_path_of_a_real_nginx: nginx is not installed and cannot be installed without root (apt-get install nginx)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let opts = Options {
        root: repo(),
        output: Some(out.clone()),
        base_url: Some(format!("http://{addr}{PREFIX}")),
        ..Options::default()
    };
    build::build(&opts).unwrap_or_else(|e| panic!("{}", vinhdanh::diagnostics::report(&e, None)));
    let logs = dir.path().join("nginx");
    std::fs::create_dir_all(&logs).unwrap();
    let mut server = Nginx::start(&nginx, &logs, port, &out);
    let up = wait_for(20, || {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!(
                "nginx stopped ({status}): {}",
                std::fs::read_to_string(logs.join("error.log")).unwrap_or_default()
            );
        }
        get(&addr, PREFIX).map(|_| ())
    });
    assert!(up.is_some(), "nginx did not answer on {addr}");

    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    queue.push_back((PREFIX.to_string(), "(start)".into()));
    queue.push_back((format!("{PREFIX}404.html"), "(start)".into()));
    queue.push_back((format!("{PREFIX}robots.txt"), "(start)".into()));
    let mut seen: HashSet<String> = queue.iter().map(|(p, _)| p.clone()).collect();
    let mut broken = BTreeSet::new();
    let mut outside = BTreeSet::new();
    let mut pages = 0;
    while let Some((path, from)) = queue.pop_front() {
        assert!(seen.len() < 20_000, "the crawl does not end");
        let r = get(&addr, &path).unwrap_or_else(|| panic!("no answer for {path}"));
        if r.status != 200 {
            broken.insert(format!("{path} ({}) linked from {from}", r.status));
            continue;
        }
        let ct = r.header("content-type").unwrap_or("").to_string();
        if ct.starts_with("text/html") {
            pages += 1;
        }
        for url in references(&ct, &r.text()) {
            let Some(target) = same_host_path(&addr, &path, &url) else {
                continue;
            };
            if !target.starts_with(PREFIX) {
                outside.insert(format!("{url} on {path}"));
            } else if seen.insert(target.clone()) {
                queue.push_back((target, path.clone()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{broken:#?}");
    assert!(outside.is_empty(), "links outside {PREFIX}:\n{outside:#?}");
    assert!(pages >= 50, "only {pages} pages were reached");
    for kind in [
        "/media/",
        "/css/",
        "/js/",
        "/search/",
        "atom.xml",
        "sitemap.xml",
        "/tim-kiem/",
    ] {
        assert!(
            seen.iter().any(|p| p.contains(kind)),
            "nothing under {kind} was reached"
        );
    }

    // A missing page gets the site's own 404 page, whose links stay inside too.
    let missing = get(&addr, &format!("{PREFIX}khong-co/")).unwrap();
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains(&format!("href=\"{PREFIX}css/"))
            || missing.text().contains(&format!("href={PREFIX}css/"))
    );
}

#[test]
fn crawl_helpers() {
    let a = "127.0.0.1:1";
    let from = "/vinh-danh/a/b/";
    assert_eq!(
        same_host_path(a, from, "../c/").as_deref(),
        Some("/vinh-danh/a/c/")
    );
    assert_eq!(
        same_host_path(a, from, "x.jpg#y").as_deref(),
        Some("/vinh-danh/a/b/x.jpg")
    );
    assert_eq!(
        same_host_path(a, from, "http://127.0.0.1:1/z?q").as_deref(),
        Some("/z")
    );
    assert_eq!(same_host_path(a, from, "https://example.org/"), None);
    assert_eq!(same_host_path(a, from, "mailto:x@y.vn"), None);
    assert_eq!(same_host_path(a, from, "#top"), None);
    assert_eq!(
        same_host_path(a, "/vinh-danh/", "../../").as_deref(),
        Some("/")
    );
}
