//! `vinhdanh deploy`: builds the site, then brings a server up to date, sending only what
//! changed.
//!
//! The build's record says what every file of the site hashes to (see
//! [`crate::output::record`]); the server's record says what it holds (see [`manifest`]).
//! The difference is sent in an order that never breaks the live site (see [`plan`]):
//! each file is uploaded under a temporary name and renamed into place, and what it
//! replaces or removes goes only after the pages that use it. A deploy stopped at any
//! moment leaves a working site, and the next one finishes the job.

pub mod folder;
pub mod ftp;
pub mod manifest;
pub mod plan;
pub mod sftp;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::build;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::output::record;
use crate::targets::{Place, Target};
use crate::timings::{Step, Timings};
use manifest::{server_files, Held};
use plan::{Known, Plan};

/// What a target can do; paths are relative to the target's folder, `/`-separated.
pub trait Remote: Send + Sync {
    /// A whole (small) file, or `None` when there is none.
    fn read(&self, path: &str) -> std::io::Result<Option<Vec<u8>>>;
    /// Writes a file, replacing one of that name.
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Adds to the end of a file, making it if missing.
    fn append(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Renames a file, replacing one at `to` in one step.
    fn rename(&self, from: &str, to: &str) -> std::io::Result<()>;
    /// Removes a file; one already gone is not an error.
    fn remove(&self, path: &str) -> std::io::Result<()>;
    /// Makes a folder whose parent exists; one already there is not an error.
    fn mkdir(&self, path: &str) -> std::io::Result<()>;
    /// Removes an empty folder.
    fn rmdir(&self, path: &str) -> std::io::Result<()>;
    /// Every file under the target, with its size (when its record is missing).
    fn list(&self) -> std::io::Result<Vec<(String, u64)>>;
    /// How many transfers may run at once.
    fn lanes(&self) -> usize;
}

/// A connection that failed, in words for the person: what happened and what to do.
#[derive(Debug)]
pub struct Failure {
    message: String,
    hint: String,
}

impl Failure {
    /// What happened, and what to do about it.
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// What the command line (or the editor) asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The build to make first.
    pub build: build::Options,
    /// The target's name; the first target when not given.
    pub target: Option<String>,
    /// List what would be sent and deleted, changing nothing on the server.
    pub dry_run: bool,
    /// Refuse a deploy that would delete more files than this.
    pub max_deletes: usize,
    /// The password, when the target needs one.
    pub password: Option<String>,
}

/// The default of `--max-deletes`.
pub const MAX_DELETES: usize = 256;

/// What a deploy did (or, for a dry run, would do).
#[derive(Debug, Default)]
pub struct Report {
    /// The target's name and address.
    pub target: String,
    /// What was (or would be) sent and deleted.
    pub plan: Plan,
    /// Bytes sent.
    pub bytes: u64,
    /// Seconds taken by the build.
    pub build_seconds: f64,
    /// Seconds taken to bring the server up to date.
    pub seconds: f64,
    /// The server's record was missing: the server was listed instead.
    pub listed: bool,
    /// What the person should know (plain FTP).
    pub warnings: Vec<String>,
    /// Seconds per step, the build's then the sending's, for `--timings`.
    pub timings: Vec<crate::timings::Step>,
}

/// Progress of the sending, for a bar or the editor's page.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Files sent or deleted so far.
    pub done: usize,
    /// Files to send and delete.
    pub total: usize,
    /// Bytes sent so far.
    pub bytes: u64,
}

/// Picks the target named `name` (the first when `None`) of the site at `root`.
pub fn target(root: &Path, name: Option<&str>) -> Result<Target, Vec<Diagnostic>> {
    let mut d = Diagnostics::new();
    let config = crate::config::load(root, &mut d);
    if !d.is_empty() {
        return Err(d.into_sorted());
    }
    let targets = config.map(|c| c.deploy).unwrap_or_default();
    let found = match name {
        None => targets.first(),
        Some(n) => targets.iter().find(|t| t.name == n),
    };
    found.cloned().ok_or_else(|| {
        let msg = match name {
            Some(n) if !targets.is_empty() => format!("site.yaml has no deploy target named `{n}`"),
            _ => "site.yaml names no place to publish to".to_string(),
        };
        let names: Vec<_> = targets.iter().map(|t| format!("`{}`", t.name)).collect();
        let hint = if targets.is_empty() {
            "add a `deploy:` list to site.yaml, e.g.\n  deploy:\n    - name: live\n      url: sftp://user@example.gov.vn/var/www/html/".to_string()
        } else {
            format!("the targets are: {}", names.join(", "))
        };
        vec![Diagnostic::new("site.yaml", Pos::START, msg).hint(hint)]
    })
}

/// Builds the site, then brings `target` up to date. Nothing is sent when the build fails.
/// `kept`: what `serve` has read of the site already (see [`build::build_with`]).
pub fn deploy(
    opts: &Options,
    target: &Target,
    kept: Option<&build::Kept>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report, Vec<Diagnostic>> {
    let root = &opts.build.root;
    // The server is reached, and what it holds read, while the site builds: over a real
    // network, logging in takes as long as a one-change build. Nothing is written there
    // before the build has succeeded.
    let (built, reached) = std::thread::scope(|s| {
        let reaching = s.spawn(|| reach(target, opts.password.as_deref(), root));
        let built = build::build_with(&opts.build, kept);
        (built, reaching.join())
    });
    let built = built?;
    let (remote, held, mut reaching) = reached.unwrap_or_else(|_| {
        Err(vec![at(
            target,
            "the connection stopped unexpectedly".to_string(),
            "deploy again; nothing was sent",
        )])
    })?;
    let mut t = Timings::default();
    t.start();
    let fail = |msg: String, hint: &str| vec![at(target, msg, hint)];
    let out = std::path::absolute(opts.build.output_dir()).unwrap_or(opts.build.output_dir());
    let local = local_files(root, &out).map_err(|e| {
        fail(
            format!("cannot read the built site in {}: {e}", out.display()),
            "build it again with `vinhdanh build`",
        )
    })?;
    t.lap("list the built files");
    let started = Instant::now();
    let mut report = send(&*remote, target, &out, &local, held, opts, progress, &mut t)?;
    report.build_seconds = built.seconds;
    report.seconds = started.elapsed().as_secs_f64();
    report.timings = built.timings;
    report.timings.append(&mut reaching);
    report.timings.append(&mut t.steps);
    if matches!(target.place, Place::Ftp { tls: false, .. }) {
        report.warnings.push(format!(
            "`{}` is plain FTP: the password and every file crossed the network unencrypted",
            target.name
        ));
    }
    Ok(report)
}

/// A server reached: the connection, what it holds, and how long each took.
type Reached = (Box<dyn Remote>, Held, Vec<Step>);

/// Connects to `target` and reads what it holds, with the time of each (for `--timings`).
fn reach(target: &Target, password: Option<&str>, root: &Path) -> Result<Reached, Vec<Diagnostic>> {
    let started = Instant::now();
    let remote = connect(target, password, root)?;
    let connected = started.elapsed();
    let held = server_files(&*remote, root, &target.url)
        .map_err(|e| vec![remote_error(target, "reading what the server holds", &e)])?;
    let step = |name, seconds: std::time::Duration| Step {
        name,
        seconds: seconds.as_secs_f64(),
        memory: None,
    };
    let steps = vec![
        step("connect and log in (beside the build)", connected),
        step(
            "read what the server holds (beside the build)",
            started.elapsed() - connected,
        ),
    ];
    Ok((remote, held, steps))
}

/// The files of the built site with what their bytes hash to, from the build's record
/// (hashing a file only where the record lacks it).
fn local_files(root: &Path, out: &Path) -> std::io::Result<Vec<(String, Known)>> {
    let files = record::of_site(root, out)
        .ok_or_else(|| std::io::Error::other("the build left no record of its files"))?;
    files
        .into_iter()
        .map(|(path, e)| {
            let hash = match e.hash {
                Some(h) => h,
                None => xxhash_rust::xxh3::xxh3_64(&std::fs::read(out.join(&path))?),
            };
            let known = Known {
                hash: Some(hash),
                size: e.stamp.size,
            };
            Ok((path, known))
        })
        .collect()
}

/// Opens the connection to `target`.
fn connect(
    target: &Target,
    password: Option<&str>,
    _root: &Path,
) -> Result<Box<dyn Remote>, Vec<Diagnostic>> {
    let failed = |f: Failure| vec![at(target, f.message, &f.hint)];
    match &target.place {
        Place::Folder(dir) => folder::Folder::open(dir)
            .map(|f| Box::new(f) as Box<dyn Remote>)
            .map_err(|e| {
                vec![at(
                    target,
                    format!("cannot open the folder {}: {e}", dir.display()),
                    "check that the folder (or the share it is on) is there and writable",
                )]
            }),
        Place::Sftp(server) => sftp::open(target, server, password)
            .map(|s| Box::new(s) as Box<dyn Remote>)
            .map_err(failed),
        Place::Ftp { server, tls } => ftp::open(target, server, *tls, password)
            .map(|f| Box::new(f) as Box<dyn Remote>)
            .map_err(failed),
    }
}

/// A problem with `target`, pointed at its entry in `site.yaml`.
fn at(target: &Target, msg: String, hint: &str) -> Diagnostic {
    Diagnostic::new(
        "site.yaml",
        target.pos,
        format!("deploy to `{}` ({}): {msg}", target.name, target.url),
    )
    .hint(hint.to_string())
}

/// The diagnostic for a failed step on the server, in the words of its cause.
fn remote_error(target: &Target, what: &str, e: &std::io::Error) -> Diagnostic {
    use std::io::ErrorKind as K;
    let (msg, hint) = match e.kind() {
        K::PermissionDenied => (
            format!("the {} refused {what}: no permission", target.kind()),
            "check that the login may write in the site's folder on the server",
        ),
        K::StorageFull | K::QuotaExceeded => (
            format!("the {}'s disk is full ({what})", target.kind()),
            "free space on the server (or ask its administrator), then deploy again: what was sent is kept",
        ),
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::TimedOut | K::UnexpectedEof => (
            format!("the connection was lost while {what}: {e}"),
            "deploy again: the site on the server is whole, and what was sent is not sent again",
        ),
        _ => (
            format!("{what} failed: {e}"),
            "deploy again; if it fails the same way, check the server's folder and its permissions",
        ),
    };
    at(target, msg, hint)
}

/// One entry of a server's folder: its name, whether it is a folder, its size.
pub type Listed = (String, bool, u64);

/// Every file under a server's folder `base`, with its size, walking it folder by folder
/// with `entries` (which lists one folder, given its full path).
fn walk(
    base: &str,
    mut entries: impl FnMut(&str) -> std::io::Result<Vec<Listed>>,
) -> std::io::Result<Vec<(String, u64)>> {
    let mut files = Vec::new();
    let mut folders = vec![String::new()];
    while let Some(folder) = folders.pop() {
        let at = if folder.is_empty() {
            base.to_string()
        } else {
            format!("{base}/{folder}")
        };
        for (name, is_dir, size) in entries(&at)? {
            if name == "." || name == ".." {
                continue;
            }
            let rel = if folder.is_empty() {
                name
            } else {
                format!("{folder}/{name}")
            };
            if is_dir {
                folders.push(rel);
            } else {
                files.push((rel, size));
            }
        }
    }
    Ok(files)
}

/// Turns an error of `what` on the server into the diagnostics of a failed deploy.
fn failed(target: &Target, what: String) -> impl Fn(std::io::Error) -> Vec<Diagnostic> + '_ {
    move |e| vec![remote_error(target, &what, &e)]
}

/// Brings the server, which holds `held`, up to date with the site in `out`.
#[allow(clippy::too_many_arguments)]
fn send(
    remote: &dyn Remote,
    target: &Target,
    out: &Path,
    local: &[(String, Known)],
    held: Held,
    opts: &Options,
    progress: &(dyn Fn(Progress) + Sync),
    t: &mut Timings,
) -> Result<Report, Vec<Diagnostic>> {
    let err = |what: &str| failed(target, what.to_string());
    let root = &opts.build.root;
    let (server, listed) = (&held.files, held.listed);
    let plan = plan::plan(local, server);
    let mut report = Report {
        target: format!("{} ({})", target.name, target.url),
        listed,
        ..Report::default()
    };
    if plan.delete.len() > opts.max_deletes {
        return Err(vec![at(
            target,
            format!(
                "{} files would be deleted from the server, more than the limit of {}",
                plan.delete.len(),
                opts.max_deletes
            ),
            &format!(
                "`vinhdanh deploy --dry-run` lists them; if the site really lost those pages, deploy with `--max-deletes {}`",
                plan.delete.len()
            ),
        )]);
    }
    if opts.dry_run {
        report.plan = plan;
        return Ok(report);
    }
    let journal = Journal::default();
    let uploads = manifest::UPLOADS;
    remote
        .mkdir(uploads)
        .map_err(err("making the upload folder"))?;
    // Known folders: those of the files on the server.
    let mut folders: BTreeSet<String> = server
        .keys()
        .flat_map(|p| plan::folders(p).map(str::to_string))
        .collect();
    let total = plan.sends().count() + plan.delete.len();
    let done = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    let sizes: HashMap<&str, Known> = local.iter().map(|(p, k)| (p.as_str(), *k)).collect();
    let counter = AtomicUsize::new(0);
    // A file placed (`Some`) or deleted: into the journal, and one step of the bar.
    let finished = |path: &str, placed: Option<Known>| {
        journal
            .add(remote, &manifest::journal_line(path, placed))
            .map_err(err("writing the deploy's journal"))?;
        progress(Progress {
            done: done.fetch_add(1, Ordering::Relaxed) + 1,
            total,
            bytes: bytes.load(Ordering::Relaxed),
        });
        Ok(())
    };
    for (n, phase) in plan.send.iter().enumerate() {
        // The phase's new folders, a level at a time (a folder needs its parent), each
        // level's at once: a first upload makes a folder for every profile.
        let mut new: Vec<&str> = phase
            .iter()
            .flat_map(|p| plan::folders(p))
            .filter(|f| folders.insert(f.to_string()))
            .collect();
        new.sort_by_key(|f| f.matches('/').count());
        for level in new.chunk_by(|a, b| a.matches('/').count() == b.matches('/').count()) {
            parallel(remote.lanes(), level, |f| {
                remote
                    .mkdir(f)
                    .map_err(err(&format!("making the folder /{f}")))
            })?;
        }
        parallel(remote.lanes(), phase, |path| {
            let data = std::fs::read(out.join(path)).map_err(|e| {
                vec![at(
                    target,
                    format!("cannot read {}: {e}", out.join(path).display()),
                    "build the site again",
                )]
            })?;
            let what = format!("sending /{path}");
            if n < plan::FIRST_LINKED && !server.contains_key(path) {
                // Nothing on the server links to a new asset or page before a later phase,
                // so it is written in place: one request fewer a file. A deploy stopped
                // midway leaves it unrecorded, and the next one sends it again.
                remote.write(path, &data).map_err(err(&what))?;
            } else {
                let tmp = format!("{uploads}/{}", counter.fetch_add(1, Ordering::Relaxed));
                remote.write(&tmp, &data).map_err(err(&what))?;
                remote.rename(&tmp, path).map_err(err(&what))?;
            }
            bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
            finished(path, sizes.get(path.as_str()).copied())
        })?;
        journal
            .flush(remote)
            .map_err(err("writing the deploy's journal"))?;
    }
    t.lap("send files");
    parallel(remote.lanes(), &plan.delete, |path| {
        remote
            .remove(path)
            .map_err(err(&format!("deleting /{path}")))?;
        finished(path, None)
    })?;
    journal
        .flush(remote)
        .map_err(err("writing the deploy's journal"))?;
    for dir in &plan.rmdirs {
        // A folder the server keeps other files in stays.
        let _ = remote.rmdir(dir);
    }
    // The journal holds this deploy's lines: a new record only when it has grown enough.
    let journal_bytes = held.journal.map(|j| j + journal.written());
    if listed || journal_bytes.is_none_or(|j| manifest::time_to_fold(held.record, j)) {
        let record = manifest::write(local);
        let (tmp, tmp_journal) = (format!("{uploads}/record"), format!("{uploads}/journal"));
        remote
            .write(&tmp, record.as_bytes())
            .and_then(|()| remote.rename(&tmp, manifest::RECORD))
            .and_then(|()| {
                remote.write(
                    &tmp_journal,
                    manifest::base_line(record.as_bytes()).as_bytes(),
                )
            })
            .and_then(|()| remote.rename(&tmp_journal, manifest::JOURNAL))
            .map_err(err("writing the server's record"))?;
        manifest::keep_copy(root, &target.url, record.as_bytes());
    }
    let _ = remote.rmdir(uploads);
    t.lap("delete files, write the record");
    report.bytes = bytes.into_inner();
    report.plan = plan;
    Ok(report)
}

/// Runs `job` on every item, `lanes` at a time; the first failure stops the rest.
fn parallel<T: Sync>(
    lanes: usize,
    items: &[T],
    job: impl Fn(&T) -> Result<(), Vec<Diagnostic>> + Sync,
) -> Result<(), Vec<Diagnostic>> {
    let next = AtomicUsize::new(0);
    let failed: Mutex<Option<Vec<Diagnostic>>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..lanes.clamp(1, items.len().max(1)) {
            s.spawn(|| loop {
                if failed.lock().unwrap_or_else(|e| e.into_inner()).is_some() {
                    return;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else {
                    return;
                };
                if let Err(e) = job(item) {
                    failed
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .get_or_insert(e);
                    return;
                }
            });
        }
    });
    match failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The journal's lines not yet on the server, sent in batches, and how many bytes were.
#[derive(Default)]
struct Journal(Mutex<String>, AtomicUsize);

impl Journal {
    /// Lines per append (about; a line is some 64 bytes): one round trip for many files.
    const BATCH: usize = 200;

    fn add(&self, remote: &dyn Remote, line: &str) -> std::io::Result<()> {
        let mut pending = self.0.lock().unwrap_or_else(|e| e.into_inner());
        pending.push_str(line);
        if pending.len() >= Self::BATCH * 64 {
            // Appended while held: two appends never interleave.
            remote.append(manifest::JOURNAL, pending.as_bytes())?;
            self.1.fetch_add(pending.len(), Ordering::Relaxed);
            pending.clear();
        }
        Ok(())
    }

    fn flush(&self, remote: &dyn Remote) -> std::io::Result<()> {
        let mut pending = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !pending.is_empty() {
            remote.append(manifest::JOURNAL, pending.as_bytes())?;
            self.1.fetch_add(pending.len(), Ordering::Relaxed);
            pending.clear();
        }
        Ok(())
    }

    /// Bytes appended to the server's journal.
    fn written(&self) -> usize {
        self.1.load(Ordering::Relaxed)
    }
}

/// Where a relative folder target is, for messages.
pub fn describe(place: &Place) -> String {
    match place {
        Place::Folder(p) => p.display().to_string(),
        Place::Sftp(s) | Place::Ftp { server: s, .. } => {
            format!("{}@{}:{}", s.user, s.host, s.path)
        }
    }
}
