//! `vinhdanh serve`: see a change at once, without touching `public/`.
//!
//! The site is loaded and arranged in memory and its pages rendered when the browser asks
//! for them ([`live`]); after a change under `content/`, `static/`, `themes/`, `templates/`
//! or `site.yaml`, only the changed files are read again and the site arranged anew, and
//! the new version replaces the old one only when it has no problem. Served HTML pages get
//! a small script that hears about builds on a WebSocket ([`reload`]) and reloads the page
//! as soon as a newer one is ready, or, when the build failed, shows its errors over the
//! last good page until the next good save.
//!
//! The build loop runs on the main thread; the web server ([`http`]) on a small tokio
//! runtime beside it.
//!
//! What it does not do: serve the site under its `base_url`'s sub-path (it is served at the
//! root of the local address).

mod edit;
mod http;
mod live;
mod reload;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::build::{Kept, Options};
use crate::diagnostics::{report, Diagnostic};
use live::Generation;

/// Threads of the web server: pages are rendered on others (tokio's blocking pool), so two
/// are enough to keep every connection moving.
const WORKERS: usize = 2;

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
    /// The editor also on a non-loopback address (it is always on for loopback).
    pub edit: bool,
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
    inner: Mutex<Inner>,
    /// Signalled when a build attempt ends.
    built: Condvar,
    /// What the site is built with.
    opts: Options,
    /// What rebuilds keep (the files read), for them and the editor's "Xuất bản".
    kept: Kept,
    /// The build loop's inbox, for the editor's saves.
    tx: Mutex<mpsc::Sender<Msg>>,
    /// The editor, when it is on.
    editor: Option<edit::Editor>,
    /// Where every open page hears about builds.
    status: reload::Channel,
}

impl State {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Tells whoever waits (the editor's saves, the open pages) that a build attempt ended.
    fn ended(&self) {
        let status = self.lock().status();
        self.built.notify_all();
        self.status.send_replace(status);
    }

    /// Tells the open pages that a build started.
    fn started(&self) {
        self.status.send_modify(|s| s.building = true);
    }

    /// Waits until a build attempt later than `after` has ended, or `timeout` passed;
    /// returns the state then.
    fn wait_after(&self, after: u64, timeout: Duration) -> std::sync::MutexGuard<'_, Inner> {
        let guard = self.lock();
        self.built
            .wait_timeout_while(guard, timeout, |i| i.attempt <= after)
            .map(|(g, _)| g)
            .unwrap_or_else(|e| e.into_inner().0)
    }
}

#[derive(Default)]
struct Inner {
    /// The last good build, if any build succeeded yet.
    current: Option<Arc<Generation>>,
    /// Number of the last good build (0: none yet).
    good: u64,
    /// Number of the last build attempt that ended.
    attempt: u64,
    /// Number of build attempts started.
    started: u64,
    /// The errors of the last attempt, empty when it succeeded.
    errors: Vec<Diagnostic>,
}

impl Inner {
    /// The state of the builds, as the open pages hear it.
    fn status(&self) -> reload::Status {
        reload::Status {
            good: self.good,
            attempt: self.attempt,
            ok: self.errors.is_empty(),
            building: self.started > self.attempt,
        }
    }
}

/// What the build loop waits for.
pub(crate) enum Msg {
    /// Files of the site changed (paths relative to its folder).
    Changed(Vec<PathBuf>),
    /// Ctrl-C or a termination signal.
    Quit,
}

/// How long the files must be quiet before a rebuild: editors save in several steps (write
/// a copy, rename it over the file), a few milliseconds apart.
const QUIET: Duration = Duration::from_millis(25);

/// Builds, serves and rebuilds until Ctrl-C. Prints what it does to the terminal.
pub fn run(opts: &ServeOptions) -> Result<(), ServeError> {
    let listener = bind(opts.bind, opts.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Other(format!("cannot read the server's address: {e}")))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .thread_name("vinhdanh-http")
        .enable_all()
        .build()
        .map_err(|e| ServeError::Other(format!("cannot start the web server: {e}")))?;

    let (tx, rx) = mpsc::channel();
    let quit = tx.clone();
    ctrlc::set_handler(move || {
        let _ = quit.send(Msg::Quit);
    })
    .map_err(|e| ServeError::Other(format!("cannot listen for Ctrl-C: {e}")))?;
    let mut watcher = watch::Watcher::start(&opts.root, tx.clone()).map_err(|e| {
        ServeError::Other(format!("cannot watch the site's files for changes: {e}"))
    })?;

    let build_opts = Options {
        root: opts.root.clone(),
        base_url: Some(base_url(addr)),
        drafts: opts.drafts,
        ..Options::default()
    };
    // On the loopback address only this computer reaches the editor; on others only who
    // has its secret link.
    let editor = if addr.ip().is_loopback() {
        Some(edit::Editor::new(Some(addr.to_string())))
    } else if opts.edit {
        Some(edit::Editor::new(None))
    } else {
        None
    };
    let state = Arc::new(State {
        inner: Mutex::new(Inner::default()),
        built: Condvar::new(),
        opts: build_opts.clone(),
        kept: Kept::default(),
        tx: Mutex::new(tx),
        editor,
        status: reload::Channel::new(reload::Status::default()),
    });
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let server = runtime.spawn(http::run(listener, Arc::clone(&state), stopped));
    let kept = &state.kept;
    rebuild(&state, &build_opts, kept, None);
    println!(
        "Serving the site in {} at http://{addr}/ (rebuilding on every change; Ctrl-C to stop)",
        std::path::absolute(&opts.root)
            .unwrap_or_else(|_| opts.root.clone())
            .display()
    );
    match &state.editor {
        Some(e) if e.host.is_some() => println!("Editor: http://{addr}/_edit/"),
        Some(e) => println!(
            "Editor (keep this link secret: whoever has it can change the site): http://<this computer's address>:{}/_edit/?token={}",
            addr.port(),
            e.token
        ),
        None => println!("The editor is off on a network address; add --edit to turn it on."),
    }

    while let Ok(Msg::Changed(mut changed)) = rx.recv() {
        let started = Instant::now();
        let mut quit = false;
        while started.elapsed() < Duration::from_secs(1) {
            match rx.recv_timeout(QUIET) {
                Ok(Msg::Changed(more)) => changed.extend(more),
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
        changed.sort();
        changed.dedup();
        if !patch(&state, &build_opts, kept, &changed) {
            rebuild(&state, &build_opts, kept, Some(&changed));
        }
    }

    println!("Stopping the server.");
    let _ = stop.send(true);
    state.built.notify_all();
    let served = runtime.block_on(server);
    // Open pages' sockets and requests still being answered end with the runtime.
    runtime.shutdown_timeout(Duration::from_secs(1));
    match served {
        Ok(Err(e)) => Err(ServeError::Other(format!("the web server stopped: {e}"))),
        _ => Ok(()),
    }
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

/// Takes the edits of `changed` into the served site without arranging it again, when they
/// are edits of profiles that change nothing of the arrangement (see [`live`]); false when
/// a rebuild is needed.
fn patch(state: &State, opts: &Options, kept: &Kept, changed: &[PathBuf]) -> bool {
    let (current, attempt) = {
        let mut inner = state.lock();
        let Some(current) = inner.current.clone().filter(|_| inner.errors.is_empty()) else {
            return false;
        };
        inner.started += 1;
        (current, inner.started)
    };
    state.started();
    let start = Instant::now();
    let done = current.patch(opts, kept, changed);
    if done {
        {
            let mut inner = state.lock();
            inner.attempt = attempt;
            inner.good = attempt;
        }
        state.ended();
        println!(
            "Updated {} in {:.0} ms",
            changed
                .iter()
                .filter(|p| opts.root.join(p).is_file())
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    done
}

/// Builds the site again, and makes it the served one if it succeeded.
fn rebuild(state: &State, opts: &Options, kept: &Kept, changed: Option<&[PathBuf]>) {
    let attempt = {
        let mut inner = state.lock();
        inner.started += 1;
        inner.started
    };
    state.started();
    let start = Instant::now();
    // After a failed build the watcher's paths may not say all that changed since the last
    // good one: every file is looked at again.
    let changed = changed.filter(|_| state.lock().errors.is_empty());
    let result = Generation::build(opts, kept, changed);
    let seconds = start.elapsed().as_secs_f64();
    let mut inner = state.lock();
    inner.attempt = attempt;
    let mut replaced = None;
    let built = match result {
        Ok(generation) => {
            let generation = Arc::new(generation);
            inner.good = attempt;
            inner.errors.clear();
            replaced = inner.current.replace(Arc::clone(&generation));
            Ok(generation)
        }
        Err(errors) => {
            inner.errors = errors.clone();
            Err(errors)
        }
    };
    drop(inner);
    state.ended();
    // Freeing the last site (10,000 profiles: tens of milliseconds) is nobody's wait.
    if let Some(old) = replaced {
        std::thread::spawn(move || drop(old));
    }
    match built {
        Ok(generation) => {
            println!(
                "Built {} profiles in {:.0} ms",
                generation.profiles(),
                seconds * 1000.0
            );
            // Said once, at the first build.
            if attempt == 1 {
                for note in generation.notes() {
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
}
