//! A request to the editor, from the wire to the work: the checks its head must pass (the
//! host it was sent to, the secret link, the editor's own origin), its body read within a
//! bound of size and time, then the token and the page or action it asks for.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State as Shared};
use axum::http::{header, request::Parts, HeaderName, Method};
use http_body_util::BodyExt;

use super::{
    answer, get, post, refused, Answer, Editor, BODY_PAUSE, EDITOR_CSS, EDITOR_JS, MAX_FORM,
    MAX_UPLOAD,
};
use crate::serve::http::with_header;
use crate::serve::State;

fn head<'r>(parts: &'r Parts, name: &str) -> Option<&'r str> {
    parts.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The fields of a query string (after the `?`).
fn query(q: &str) -> HashMap<String, String> {
    form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}

/// Answers a request under `/_edit/`: the checks that need only the request's head, then
/// its body (bounded, and given a time limit), then the editor's work, off the reactor.
pub(in crate::serve) async fn handle(
    Shared(state): Shared<Arc<State>>,
    request: Request,
) -> Answer {
    let Some(editor) = &state.editor else {
        return answer(
            404,
            b"the editor is off: start `vinhdanh serve --edit` to use it\n".to_vec(),
            "text/plain; charset=utf-8",
        );
    };
    let (parts, body) = request.into_parts();
    let asked = match gate(&parts, editor) {
        Ok(asked) => asked,
        Err(refusal) => return refusal,
    };
    let body = if parts.method == Method::POST {
        let limit = if asked.path == "/_edit/photo" {
            MAX_UPLOAD
        } else {
            MAX_FORM
        };
        match read_body(body, limit).await {
            Ok(body) => body,
            Err(refusal) => return refusal,
        }
    } else {
        Vec::new()
    };
    let state = Arc::clone(&state);
    tokio::task::spawn_blocking(move || route(&state, &parts, asked, body))
        .await
        .unwrap_or_else(|_| refused("the editor failed on this request: see the terminal"))
}

/// What a request that passed [`gate`] asks for.
struct Asked {
    path: String,
    query: HashMap<String, String>,
    /// Whether it carries the secret link's cookie.
    has_cookie: bool,
}

/// The checks of a request's head: the host it was sent to, the secret link on a network
/// address, and for a change, the editor's own origin.
fn gate(parts: &Parts, editor: &Editor) -> Result<Asked, Answer> {
    let path = parts.uri.path().to_string();
    let query = query(parts.uri.query().unwrap_or(""));
    // A name of another site pointing at this computer must not reach the editor.
    let host = head(parts, "host").unwrap_or("").to_string();
    if let Some(own) = &editor.host {
        let local = own.replacen("127.0.0.1", "localhost", 1);
        if host != *own && host != local {
            return Err(refused("this address is not the editor's"));
        }
    }
    let cookie = head(parts, "cookie").unwrap_or("");
    let has_cookie = cookie
        .split(';')
        .any(|c| c.trim() == format!("vinhdanh_edit={}", editor.token));
    if editor.host.is_none()
        && !has_cookie
        && !editor.token_ok(query.get("token").map(String::as_str))
    {
        return Err(refused(
            "open the editor with the link `vinhdanh serve` printed",
        ));
    }
    if parts.method == Method::POST {
        // A change must come from the editor's own page, which carries the token.
        let origin = head(parts, "origin").unwrap_or("");
        if origin.is_empty() || origin != format!("http://{host}") {
            return Err(refused("a change must come from the editor's own page"));
        }
    }
    Ok(Asked {
        path,
        query,
        has_cookie,
    })
}

/// The body of a posted request, up to `limit` bytes. One larger is read to its end (up to
/// four times the limit) before it is refused, so that the browser, still sending, hears
/// the refusal rather than a reset connection.
async fn read_body(mut body: Body, limit: u64) -> Result<Vec<u8>, Answer> {
    let mut kept = Vec::new();
    let mut seen: u64 = 0;
    loop {
        let frame = match tokio::time::timeout(BODY_PAUSE, body.frame()).await {
            Ok(Some(Ok(frame))) => frame,
            Ok(None) => break,
            Ok(Some(Err(_))) | Err(_) => {
                return Err(json_answer(
                    400,
                    "the upload was cut off before its end: nothing was saved; send it again",
                ))
            }
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen += data.len() as u64;
        if seen <= limit {
            kept.extend_from_slice(&data);
        } else if seen > limit.saturating_mul(4) {
            break;
        }
    }
    if seen > limit {
        return Err(json_answer(413, &too_large(limit)));
    }
    Ok(kept)
}

fn json_answer(status: u16, message: &str) -> Answer {
    answer(
        status,
        serde_json::json!({"ok": false, "message": message})
            .to_string()
            .into_bytes(),
        "application/json; charset=utf-8",
    )
}

fn route(state: &State, parts: &Parts, asked: Asked, body: Vec<u8>) -> Answer {
    let Some(editor) = &state.editor else {
        return refused("the editor is off");
    };
    let Asked {
        path,
        query: q,
        has_cookie,
    } = asked;
    match (&parts.method, path.as_str()) {
        (&Method::GET, "/_edit/editor.js") => answer(
            200,
            EDITOR_JS.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        ),
        (&Method::GET, "/_edit/editor.css") => answer(
            200,
            EDITOR_CSS.as_bytes().to_vec(),
            "text/css; charset=utf-8",
        ),
        (&Method::GET, _) => {
            let r = get(state, editor, &path, &q);
            if editor.host.is_none() && !has_cookie {
                // The secret link's token, kept for the editor's other pages.
                with_header(
                    r,
                    header::SET_COOKIE,
                    &format!(
                        "vinhdanh_edit={}; Path=/_edit/; HttpOnly; SameSite=Strict",
                        editor.token
                    ),
                )
            } else {
                r
            }
        }
        (&Method::POST, _) => {
            let form: HashMap<String, String> =
                if path == "/_edit/photo" || path == "/_edit/preview" {
                    HashMap::new()
                } else {
                    form_urlencoded::parse(&body).into_owned().collect()
                };
            let token = head(parts, TOKEN_HEADER.as_str())
                .map(str::to_string)
                .or_else(|| form.get("_token").cloned());
            if !editor.token_ok(token.as_deref()) {
                return refused("the editor's token is missing or wrong: reload the editor's page");
            }
            post(state, &path, &q, &form, body)
        }
        _ => answer(
            405,
            b"only GET and POST\n".to_vec(),
            "text/plain; charset=utf-8",
        ),
    }
}

/// The header the editor's script sends its token in.
const TOKEN_HEADER: HeaderName = HeaderName::from_static("x-vinhdanh-token");

fn too_large(limit: u64) -> String {
    format!(
        "this file is larger than {} MB: send a smaller one",
        limit / 1_000_000
    )
}
