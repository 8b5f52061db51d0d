//! Live reload: each open page of the preview (and the editor's pages) holds one WebSocket
//! at `/__vinhdanh/live`, and hears the state of the builds on it: when one starts, and how
//! it ended. A page reloads when a newer good build exists and shows a failed build's
//! errors (see `reload.js`). One socket per page, not a waiting request: a browser keeps at
//! most six HTTP/1.1 connections to a host, and waits held on them made a seventh tab of
//! the preview queue behind the others.

use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State as Shared;
use axum::response::Response;
use serde::Serialize;
use tokio::sync::watch;

use super::State;

/// What every page is told: the builds' numbers, as in `/__vinhdanh/version`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct Status {
    /// Number of the last good build (0: none yet).
    pub(crate) good: u64,
    /// Number of the last build attempt that ended.
    pub(crate) attempt: u64,
    /// Whether that attempt succeeded.
    pub(crate) ok: bool,
    /// Whether a build is under way (a save is being taken in).
    pub(crate) building: bool,
}

/// The channel the build loop speaks on and every socket listens to.
pub(crate) type Channel = watch::Sender<Status>;

/// Answers `/__vinhdanh/live`: the state now, then each change, until the page goes.
pub(super) async fn live(ws: WebSocketUpgrade, Shared(state): Shared<Arc<State>>) -> Response {
    let status = state.status.subscribe();
    ws.on_upgrade(move |socket| tell(socket, status))
}

async fn tell(mut socket: WebSocket, mut status: watch::Receiver<Status>) {
    loop {
        let now = *status.borrow_and_update();
        let Ok(text) = serde_json::to_string(&now) else {
            return;
        };
        if socket.send(Message::Text(text.into())).await.is_err() {
            return;
        }
        // The page says nothing but a close (pings are answered by the socket itself).
        loop {
            tokio::select! {
                changed = status.changed() => match changed {
                    Ok(()) => break,
                    Err(_) => return, // the server is stopping
                },
                heard = socket.recv() => match heard {
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                    Some(Ok(_)) => {}
                },
            }
        }
    }
}
