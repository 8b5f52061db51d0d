//! `vinhdanh serve`: see a change at once, without touching `public/`.
//!
//! The site is built into a temporary folder (each build into a fresh subfolder, switched
//! in only when it succeeded, so a page is never served half-written), served over HTTP on
//! the loopback address, and rebuilt whenever something under `content/`, `static/`,
//! `themes/`, `templates/` or `site.yaml` changes. Served HTML pages (not the built files)
//! get a small script that reloads them after each successful rebuild and, when a rebuild
//! fails, shows its errors over the last good page until the next good save.
//!
//! What it does not do: rebuild only what a change needs (every change rebuilds the whole
//! site; photos come from the cache, so that stays fast), or serve the site under its
//! `base_url`'s sub-path (it is served at the root of the local address).

mod http;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::build::{self, Options};
use crate::diagnostics::{report, Diagnostic};
use crate::output::{self, Owned};

/// Threads answering requests: a few, so a slow photo download does not hold up a page.
const WORKERS: usize = 4;

/// What `vinhdanh serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The address to listen on (127.0.0.1 unless asked otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Build drafts too.
    pub drafts: bool,
}

/// Why the server could not run.
#[derive(Debug)]
pub enum ServeError {
    /// Another program listens on the port.
    PortInUse(u16),
    /// Anything else, as a sentence for the terminal.
    Other(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::PortInUse(port) => write!(
                f,
                "port {port} is in use: pass --port N to use another one (another `vinhdanh serve` may already be running)"
            ),
            ServeError::Other(msg) => f.write_str(msg),
        }
    }
}

/// The served site, shared between the build loop and the HTTP workers.
pub(crate) struct State {
    inner: RwLock<Inner>,
}

impl State {
    /// The folder of the last good build.
    fn current(&self) -> Option<PathBuf> {
        self.inner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .current
            .clone()
    }
}

#[derive(Default)]
struct Inner {
    /// The folder of the last good build, if any build succeeded yet.
    current: Option<PathBuf>,
    /// Number of the last good build (0: none yet).
    good: u64,
    /// Number of the last build attempt.
    attempt: u64,
    /// The errors of the last attempt, empty when it succeeded.
    errors: Vec<Diagnostic>,
}

/// What the build loop waits for.
pub(crate) enum Msg {
    /// Files of the site changed.
    Changed,
    /// Ctrl-C or a termination signal.
    Quit,
}

/// Builds, serves and rebuilds until Ctrl-C. Prints what it does to the terminal.
pub fn run(opts: &ServeOptions) -> Result<(), ServeError> {
    let listener = bind(opts.bind, opts.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Other(format!("cannot read the server's address: {e}")))?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| ServeError::Other(format!("cannot start the web server: {e}")))?;
    let server = Arc::new(server);
    let temp = TempDir::create()?;

    let (tx, rx) = mpsc::channel();
    let quit = tx.clone();
    ctrlc::set_handler(move || {
        let _ = quit.send(Msg::Quit);
    })
    .map_err(|e| ServeError::Other(format!("cannot listen for Ctrl-C: {e}")))?;
    let mut watcher = watch::Watcher::start(&opts.root, tx).map_err(|e| {
        ServeError::Other(format!("cannot watch the site's files for changes: {e}"))
    })?;

    let state = Arc::new(State {
        inner: RwLock::new(Inner::default()),
    });
    let build_opts = Options {
        root: opts.root.clone(),
        base_url: Some(base_url(addr)),
        drafts: opts.drafts,
        ..Options::default()
    };
    let stopping = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, state) = (Arc::clone(&server), Arc::clone(&state));
            let stopping = Arc::clone(&stopping);
            std::thread::spawn(move || http::serve(&server, &state, &stopping))
        })
        .collect();
    rebuild(&state, &build_opts, temp.path());
    println!(
        "Serving the site in {} at http://{addr}/ (rebuilding on every change; Ctrl-C to stop)",
        std::path::absolute(&opts.root)
            .unwrap_or_else(|_| opts.root.clone())
            .display()
    );

    while let Ok(Msg::Changed) = rx.recv() {
        // Editors save in several steps: wait until the files are quiet for a moment.
        let started = Instant::now();
        let mut quit = false;
        while started.elapsed() < Duration::from_secs(2) {
            match rx.recv_timeout(Duration::from_millis(150)) {
                Ok(Msg::Changed) => continue,
                Ok(Msg::Quit) | Err(RecvTimeoutError::Disconnected) => {
                    quit = true;
                    break;
                }
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        if quit {
            break;
        }
        watcher.refresh();
        println!("Change detected, rebuilding…");
        rebuild(&state, &build_opts, temp.path());
    }

    println!("Stopping the server.");
    stopping.store(true, Ordering::SeqCst);
    for _ in 0..WORKERS {
        server.unblock();
    }
    for w in workers {
        let _ = w.join();
    }
    // The preview folder goes, and with it what the record of its pages describes.
    if let Some(dir) = state.current() {
        crate::reuse::forget(&opts.root, &dir);
    }
    drop(temp);
    Ok(())
}

/// Opens the listening socket, telling a busy port apart from other failures.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    TcpListener::bind(SocketAddr::new(ip, port)).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => ServeError::PortInUse(port),
        std::io::ErrorKind::PermissionDenied => ServeError::Other(format!(
            "not allowed to listen on port {port}: ports below 1024 need administrator rights; pass --port 1111"
        )),
        std::io::ErrorKind::AddrNotAvailable => ServeError::Other(format!(
            "{ip} is not an address of this computer: pass --bind 127.0.0.1 (the default) or an address of one of its network interfaces"
        )),
        _ => ServeError::Other(format!("cannot listen on {ip}:{port}: {e}")),
    })
}

/// The base URL the preview is built with: the local address, so that absolute links
/// (share tags, feeds) point at the preview. Listening on every interface gives no single
/// address, so links then start at `/` of whatever host the browser used.
fn base_url(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        "/".into()
    } else {
        format!("http://{addr}/")
    }
}

/// Builds into a fresh folder under `temp` and makes it the served site if it succeeded.
fn rebuild(state: &State, opts: &Options, temp: &Path) {
    let attempt = {
        let mut inner = state.inner.write().unwrap_or_else(|e| e.into_inner());
        inner.attempt += 1;
        inner.attempt
    };
    let out = temp.join(format!("build-{attempt}"));
    let opts = Options {
        output: Some(out.clone()),
        previous: state.current(),
        ..opts.clone()
    };
    let result = build::build(&opts);
    let old = {
        let mut inner = state.inner.write().unwrap_or_else(|e| e.into_inner());
        match &result {
            Ok(_) => {
                inner.good = attempt;
                inner.errors.clear();
                inner.current.replace(out)
            }
            Err(errors) => {
                inner.errors = errors.clone();
                None
            }
        }
    };
    match result {
        Ok(s) => {
            println!(
                "Built {} profiles ({} files, {} photos processed) in {:.2} s",
                s.profiles, s.files, s.photos_processed, s.seconds
            );
            // Said once, at the first build.
            if attempt == 1 {
                for note in &s.notes {
                    println!("  note: {note}");
                }
            }
        }
        Err(errors) => eprint!(
            "{}",
            report(
                &errors,
                Some("The browser shows them over the last good page until the next good save.")
            )
        ),
    }
    if let Some(old) = old {
        // A request that already opened a file keeps reading it; the folder goes away.
        let _ = std::fs::remove_dir_all(old);
    }
}

/// The temporary folder the preview is built in, removed when the server stops. It is
/// locked while the server runs, so another server's start-up never takes it for one a
/// killed server left (see [`Owned`]).
struct TempDir(Owned);

const TEMP_PREFIX: &str = "vinhdanh-serve-";

impl TempDir {
    fn create() -> Result<TempDir, ServeError> {
        let base = std::env::temp_dir();
        output::remove_stale(&base, TEMP_PREFIX, |path, _| {
            let _ = std::fs::remove_dir_all(path);
        });
        Owned::create(&base, TEMP_PREFIX).map(TempDir).map_err(|e| {
            ServeError::Other(format!(
                "cannot create the preview folder in {}: {e}",
                base.display()
            ))
        })
    }

    fn path(&self) -> &Path {
        self.0.dir()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.0.dir());
        self.0.release();
    }
}
