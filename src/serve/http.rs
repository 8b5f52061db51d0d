//! Answering the browser: files of the last good build, with the live-reload script added
//! to HTML pages on the way out, and four endpoints of our own under `/__vinhdanh/`.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tiny_http::{Header, Method, Request, Response, Server};

use super::State;

/// The script that reloads pages and shows build errors.
const RELOAD_JS: &str = include_str!("reload.js");

/// Our own addresses; a site cannot have a folder named like this (slugs have no `_`).
const PREFIX: &str = "/__vinhdanh/";

/// How long a page's wait for the next build is held open before it is answered anyway.
const WAIT: Duration = Duration::from_secs(25);

/// Waits held open at most at once (each holds a thread): more are answered at once.
const MAX_WAITING: usize = 64;

static WAITING: AtomicUsize = AtomicUsize::new(0);

/// Answers requests until the server is stopped (`stopping` set, then one
/// [`Server::unblock`] per worker).
pub(super) fn serve(server: &Server, state: &Arc<State>, stopping: &AtomicBool) {
    loop {
        match server.recv() {
            Ok(request) => {
                if request.url().starts_with("/_edit") {
                    super::edit::handle(request, state);
                    continue;
                }
                if let Some(after) = wait_request(&request) {
                    if WAITING.fetch_add(1, Ordering::SeqCst) < MAX_WAITING {
                        // Held on a thread of its own, so waiting pages never take a worker.
                        let state = Arc::clone(state);
                        std::thread::spawn(move || {
                            let answer = {
                                let inner = state.wait_after(after, WAIT);
                                version(&inner)
                            };
                            let _ = request.respond(answer);
                            WAITING.fetch_sub(1, Ordering::SeqCst);
                        });
                        continue;
                    }
                    WAITING.fetch_sub(1, Ordering::SeqCst);
                }
                let response = respond(&request, state);
                // A browser that went away mid-answer is not our problem.
                let _ = request.respond(response);
            }
            Err(_) if stopping.load(Ordering::SeqCst) => return,
            // A failed accept concerns one connection, not the server.
            Err(_) => {}
        }
    }
}

type Answer = Response<std::io::Cursor<Vec<u8>>>;

/// The build a `/__vinhdanh/wait?after=N` request waits to be over.
fn wait_request(request: &Request) -> Option<u64> {
    let rest = request
        .url()
        .strip_prefix(PREFIX)?
        .strip_prefix("wait?after=")?;
    rest.parse().ok()
}

fn version(inner: &super::Inner) -> Answer {
    json_answer(json!({
        "good": inner.good,
        "attempt": inner.attempt,
        "ok": inner.errors.is_empty(),
    }))
}

fn respond(request: &Request, state: &State) -> Answer {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return text(405, "only GET and HEAD are served\n");
    }
    let url = request.url();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let inner = state.lock();
    if let Some(name) = path.strip_prefix(PREFIX) {
        return match name {
            "reload.js" => bytes(
                200,
                RELOAD_JS.as_bytes().to_vec(),
                "text/javascript; charset=utf-8",
            ),
            "version" => version(&inner),
            "errors" => json_answer(json!({
                "ok": inner.errors.is_empty(),
                "attempt": inner.attempt,
                "errors": inner.errors.iter().map(|e| json!({
                    "path": e.path.to_string_lossy(),
                    "line": e.pos.line,
                    "col": e.pos.col,
                    "message": e.message,
                    "hint": e.hint,
                })).collect::<Vec<_>>(),
            })),
            // Every file of the site, for the test that compares it with a fresh build.
            "files" => match &inner.current {
                Some(site) => json_answer(json!(site.all_files())),
                None => json_answer(json!([])),
            },
            _ => text(404, "no such endpoint\n"),
        };
    }
    let mut build = Build {
        good: inner.good,
        attempt: inner.attempt,
        edit: None,
    };
    let Some(site) = inner.current.clone() else {
        drop(inner);
        let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Building…</title></head><body><p>The site has not been built yet: fix the problems shown, and this page reloads by itself.</p></body></html>";
        return html(503, page.as_bytes().to_vec(), build);
    };
    drop(inner);
    let Some(rel) = safe_path(path) else {
        return text(400, "bad address\n");
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    let file = if path.ends_with('/') || rel.is_empty() {
        format!("{rel}{}index.html", if rel.is_empty() { "" } else { "/" })
    } else {
        rel.clone()
    };
    if !path.ends_with('/') && !site.has(&file) && site.has(&format!("{rel}/index.html")) {
        let query = url.find('?').map_or("", |i| &url[i..]);
        let mut r = text(301, "moved\n");
        r.add_header(header("Location", &format!("{path}/{query}")));
        return r;
    }
    if state.editor.is_some() {
        build.edit = Some(format!(
            "/_edit/open?page={}",
            form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>()
        ));
    }
    match site.get(&file) {
        Some(Ok(body)) => {
            let mime = content_type(Path::new(&file));
            if mime.starts_with("text/html") {
                html(200, body.to_vec(), build)
            } else {
                bytes(200, body.to_vec(), mime)
            }
        }
        Some(Err(e)) => {
            let page = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Template problem</title></head><body><h1>This page could not be made</h1><pre>{}</pre></body></html>",
                crate::render::feeds::escape(&report(&[e]))
            );
            html(500, page.into_bytes(), build)
        }
        None => match site.get(crate::paths::NOT_FOUND) {
            Some(Ok(body)) => html(
                404,
                body.to_vec(),
                Build {
                    edit: None,
                    ..build
                },
            ),
            _ => text(404, "not found\n"),
        },
    }
}

fn report(errors: &[crate::diagnostics::Diagnostic]) -> String {
    crate::diagnostics::report(errors, None)
}

/// Which build a page comes from, so its script knows when a newer one exists.
#[derive(Clone)]
struct Build {
    good: u64,
    attempt: u64,
    /// The editor's form for the page, when the editor is on.
    edit: Option<String>,
}

/// The file path of a URL path, or `None` when it tries to leave the folder.
fn safe_path(url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut out = PathBuf::new();
    for part in decoded.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        if part.contains('\\') || part.contains('\0') {
            return None;
        }
        let p = Path::new(part);
        match p.components().next() {
            Some(Component::Normal(_)) => out.push(p),
            _ => return None,
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` of a file of the site, by its extension.
pub(super) fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "webp" => "image/webp",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// An HTML answer with the reload script added before `</body>`.
fn html(status: u16, mut body: Vec<u8>, build: Build) -> Answer {
    let edit = build
        .edit
        .map(|e| {
            format!(
                " data-edit=\"{}\"",
                e.replace('&', "&amp;").replace('"', "&quot;")
            )
        })
        .unwrap_or_default();
    let tag = format!(
        "<script src=\"{PREFIX}reload.js\" data-build=\"{}\" data-attempt=\"{}\"{edit} defer></script>",
        build.good, build.attempt
    );
    let at = rfind_ci(&body, b"</body>").unwrap_or(body.len());
    body.splice(at..at, tag.into_bytes());
    bytes(status, body, "text/html; charset=utf-8")
}

fn rfind_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

fn json_answer(value: serde_json::Value) -> Answer {
    bytes(
        200,
        value.to_string().into_bytes(),
        "application/json; charset=utf-8",
    )
}

fn text(status: u16, body: &str) -> Answer {
    bytes(
        status,
        body.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

fn bytes(status: u16, body: Vec<u8>, mime: &str) -> Answer {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", mime))
        .with_header(header("Cache-Control", "no-store"))
}

fn header(name: &str, value: &str) -> Header {
    // Both are ASCII strings of our own making.
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("valid header"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(safe_path("/a/b/").unwrap(), PathBuf::from("a/b"));
        assert_eq!(safe_path("/").unwrap(), PathBuf::new());
        assert_eq!(
            safe_path("/a/%C4%91.jpg").unwrap(),
            PathBuf::from("a/đ.jpg")
        );
        assert!(safe_path("/../etc/passwd").is_none());
        assert!(safe_path("/a/%2e%2e/%2e%2e/x").is_none());
        assert!(safe_path("/a%5c..%5cx").is_none());
        assert!(safe_path("/%zz").is_none());
    }

    #[test]
    fn content_types() {
        for (f, t) in [
            ("a.webp", "image/webp"),
            ("atom.xml", "application/xml; charset=utf-8"),
            ("i.json", "application/json; charset=utf-8"),
            ("s.JS", "text/javascript; charset=utf-8"),
            ("c.css", "text/css; charset=utf-8"),
            ("x.bin", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(f)), t);
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let r = html(
            200,
            b"<html><body><p>x</BODY></html>".to_vec(),
            Build {
                good: 3,
                attempt: 4,
                edit: None,
            },
        );
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut r.into_reader(), &mut body).unwrap();
        let body = String::from_utf8(body).unwrap();
        assert!(
            body.contains(
                "<p>x<script src=\"/__vinhdanh/reload.js\" data-build=\"3\" data-attempt=\"4\" defer></script></BODY>"
            ),
            "{body}"
        );
    }
}
