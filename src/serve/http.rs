//! The web server of `serve`: hyper on tokio, one task per connection, with a time limit
//! on reading a request's head (which also closes a kept-alive connection left idle) and on
//! each part of a body. The routes are the table below; the site's own files are answered
//! by [`site`], with the live-reload script added to HTML pages on the way out.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State as Shared};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::{any, get};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde_json::json;

use super::State;

/// The script that reloads pages and shows build errors.
const RELOAD_JS: &str = include_str!("reload.js");

/// Our own addresses; a site cannot have a folder named like this (slugs have no `_`).
pub(super) const PREFIX: &str = "/__vinhdanh/";

/// How long a connection may take to send a request's head, and how long a kept-alive
/// connection may stay idle before it is closed (browsers open another when they need one).
const HEAD_TIME: Duration = Duration::from_secs(20);

/// Connections served at once; more wait in the kernel's queue until one ends. Each is a
/// small task, so this bounds memory, not speed.
const MAX_CONNECTIONS: usize = 2048;

/// An answer to the browser.
pub(crate) type Answer = Response;

/// The server's table of contents.
fn routes(state: Arc<State>) -> Router {
    Router::new()
        .route("/__vinhdanh/live", get(super::reload::live))
        .route("/_edit", any(super::edit::handle))
        .route("/_edit/", any(super::edit::handle))
        .route("/_edit/{*rest}", any(super::edit::handle))
        .fallback(site)
        .with_state(state)
}

/// Accepts connections on `listener` until `stop` changes, each served on a task of its own.
pub(super) async fn run(
    listener: std::net::TcpListener,
    state: Arc<State>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let app = routes(state);
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return Ok(());
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was taken: the
                // server goes on after a breath.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = stop.changed() => return Ok(()),
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIME)
                // A client that closes its side after sending still gets its answer (an
                // upload cut off is told so).
                .half_close(true)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            // A browser that went away mid-answer is not our problem.
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// Files of the last good build, and our endpoints under [`PREFIX`].
async fn site(Shared(state): Shared<Arc<State>>, request: Request) -> Answer {
    let (parts, _) = request.into_parts();
    // Pages are rendered when first asked for, under the state's locks: off the reactor.
    tokio::task::spawn_blocking(move || respond(&parts.method, &parts.uri, &state))
        .await
        .unwrap_or_else(|_| text(500, "the page could not be made: see the terminal\n"))
}

fn respond(method: &Method, uri: &axum::http::Uri, state: &State) -> Answer {
    if method != Method::GET && method != Method::HEAD {
        return text(405, "only GET and HEAD are served\n");
    }
    let path = uri.path();
    let inner = state.lock();
    if let Some(name) = path.strip_prefix(PREFIX) {
        return match name {
            "reload.js" => bytes(
                200,
                RELOAD_JS.as_bytes().to_vec(),
                "text/javascript; charset=utf-8",
            ),
            "version" => json_answer(json!(inner.status())),
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
        return html(503, page.as_bytes().to_vec(), &build);
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
        let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
        return with_header(
            text(301, "moved\n"),
            header::LOCATION,
            &format!("{path}/{query}"),
        );
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
                html(200, body.to_vec(), &build)
            } else {
                bytes(200, body.to_vec(), mime)
            }
        }
        Some(Err(e)) => {
            let page = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Template problem</title></head><body><h1>This page could not be made</h1><pre>{}</pre></body></html>",
                crate::render::feeds::escape(&crate::diagnostics::report(&[e], None))
            );
            html(500, page.into_bytes(), &build)
        }
        None => match site.get(crate::paths::NOT_FOUND) {
            Some(Ok(body)) => html(
                404,
                body.to_vec(),
                &Build {
                    edit: None,
                    ..build
                },
            ),
            _ => text(404, "not found\n"),
        },
    }
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
fn html(status: u16, body: Vec<u8>, build: &Build) -> Answer {
    bytes(
        status,
        with_reload_script(body, build),
        "text/html; charset=utf-8",
    )
}

fn with_reload_script(mut body: Vec<u8>, build: &Build) -> Vec<u8> {
    let edit = build
        .edit
        .as_ref()
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
    body
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

/// An answer that no cache keeps (the preview changes with every save).
pub(crate) fn bytes(status: u16, body: Vec<u8>, mime: &str) -> Answer {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let r = with_header(r, header::CONTENT_TYPE, mime);
    with_header(r, header::CACHE_CONTROL, "no-store")
}

/// `r` with the header `name: value`; a value that is not a valid header (it never is: they
/// are ASCII of our own making or percent-encoded) is left out.
pub(crate) fn with_header(mut r: Answer, name: header::HeaderName, value: &str) -> Answer {
    if let Ok(v) = HeaderValue::from_str(value) {
        r.headers_mut().insert(name, v);
    }
    r
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
        let body = with_reload_script(
            b"<html><body><p>x</BODY></html>".to_vec(),
            &Build {
                good: 3,
                attempt: 4,
                edit: None,
            },
        );
        let body = String::from_utf8(body).unwrap();
        assert!(
            body.contains(
                "<p>x<script src=\"/__vinhdanh/reload.js\" data-build=\"3\" data-attempt=\"4\" defer></script></BODY>"
            ),
            "{body}"
        );
    }
}
