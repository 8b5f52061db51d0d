//! A target reached by SFTP (an SSH server: a VPS, most hosting with a shell).
//!
//! One SSH connection carries a lane of two SFTP channels: one for files, whose requests
//! run many at once, and one for the `posix-rename@openssh.com` extension, which replaces a
//! file in one step (plain SFTP refuses to rename over a file). The server's key must be pinned in
//! `site.yaml` or known in `~/.ssh/known_hosts`; an unknown key is refused with its
//! fingerprint and how to accept it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client::{self, Handle};
use russh::keys::{HashAlg, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh_sftp::client::error::Error as SftpError;
use russh_sftp::client::{RawSftpSession, SftpSession};
use russh_sftp::protocol::{OpenFlags, Packet, StatusCode};
use tokio::io::AsyncWriteExt;

use super::{Failure, Remote};
use crate::targets::{Server, Target};

/// An open SFTP target.
pub struct Sftp {
    rt: tokio::runtime::Runtime,
    ssh: Handle<Checker>,
    lanes: Vec<Lane>,
    next: std::sync::atomic::AtomicUsize,
    posix_rename: bool,
    base: String,
}

/// A pair of SFTP channels.
struct Lane {
    files: SftpSession,
    raw: RawSftpSession,
}

/// Lanes opened per connection. Four lanes (OpenSSH allows 10 sessions) made the first
/// upload of a 10,000-profile site slower on a 2-core machine with the server on it: 41.8 s
/// against 22.1 s with one (`bench/publish.sh`), the server's processes competing for the
/// cores; one channel already keeps 16 requests in flight.
const CHANNELS: usize = 1;

/// Checks the server's key against the pinned fingerprint or `known_hosts`.
struct Checker {
    host: String,
    port: u16,
    pinned: Option<String>,
    known_hosts: Option<PathBuf>,
    /// The key's fingerprint and what was wrong with it, for the message.
    seen: Arc<Mutex<Option<(String, Verdict)>>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Verdict {
    Trusted,
    Unknown,
    Changed,
    NotPinned,
}

impl client::Handler for Checker {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        server: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let key = server.public_key();
        let print = key.fingerprint(HashAlg::Sha256).to_string();
        let verdict = match &self.pinned {
            Some(pin) if *pin == print => Verdict::Trusted,
            Some(_) => Verdict::NotPinned,
            None => match &self.known_hosts {
                None => Verdict::Unknown,
                Some(path) => {
                    match russh::keys::known_hosts::known_host_keys_path(
                        &self.host, self.port, path,
                    ) {
                        Ok(keys) if keys.iter().any(|(_, k)| *k == key) => Verdict::Trusted,
                        Ok(keys) if keys.iter().any(|(_, k)| k.algorithm() == key.algorithm()) => {
                            Verdict::Changed
                        }
                        _ => Verdict::Unknown,
                    }
                }
            },
        };
        *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = Some((print, verdict));
        Ok(verdict == Verdict::Trusted)
    }
}

/// Connects and logs in: with the target's key file, else with `password`.
pub fn open(target: &Target, server: &Server, password: Option<&str>) -> Result<Sftp, Failure> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::new(format!("cannot start the connection: {e}"), ""))?;
    let seen = Arc::new(Mutex::new(None));
    let checker = Checker {
        host: server.host.clone(),
        port: server.port,
        pinned: target.host_key.clone(),
        known_hosts: std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".ssh/known_hosts")),
        seen: seen.clone(),
    };
    let address = format!("{}:{}", server.host, server.port);
    // Compressed when the server agrees (OpenSSH does by default): a site is text, and
    // one edit sends the open data whole (8 MB at 10,000 profiles), which zlib makes a
    // sixth. (russh uses zlib's fastest level: the link stays the limit, not the CPU.)
    use russh::compression::{NONE, ZLIB, ZLIB_LEGACY};
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(15)),
        nodelay: true,
        preferred: russh::Preferred {
            compression: std::borrow::Cow::Borrowed(&[ZLIB_LEGACY, ZLIB, NONE]),
            ..Default::default()
        },
        ..Default::default()
    });
    let (ssh, lanes, posix_rename) = rt.block_on(async {
        let connecting = client::connect(config, (server.host.as_str(), server.port), checker);
        let mut ssh = match tokio::time::timeout(Duration::from_secs(20), connecting).await {
            Err(_) => {
                return Err(Failure::new(
                    format!("no answer from {address} in 20 s"),
                    "check the server's name and port, and that this computer may reach it",
                ))
            }
            Ok(Err(e)) => return Err(refused(e, &seen, target, server)),
            Ok(Ok(ssh)) => ssh,
        };
        login(&mut ssh, target, server, password).await?;
        let mut lanes = Vec::new();
        let mut posix_rename = true;
        for _ in 0..CHANNELS {
            match lane(&ssh).await {
                Ok((lane, posix)) => {
                    posix_rename &= posix;
                    lanes.push(lane);
                }
                // A server that allows fewer sessions: the lanes it gave are enough.
                Err(_) if !lanes.is_empty() => break,
                Err(e) => return Err(e),
            }
        }
        Ok((ssh, lanes, posix_rename))
    })?;
    let base = server.path.trim_end_matches('/').to_string();
    let sftp = Sftp {
        rt,
        ssh,
        lanes,
        next: Default::default(),
        posix_rename,
        base,
    };
    // The site's folder, made if missing (its parents must exist).
    let mut made = String::new();
    for part in sftp.base.split('/').filter(|p| !p.is_empty()) {
        made.push('/');
        made.push_str(part);
        let files = &sftp.lane().files;
        let exists = sftp
            .rt
            .block_on(files.try_exists(made.clone()))
            .unwrap_or(false);
        if !exists {
            sftp.rt
                .block_on(files.create_dir(made.clone()))
                .map_err(|e| {
                    Failure::new(
                        format!("cannot make the folder {made} on the server: {}", words(&e)),
                        "check the folder in the url, and that the login may write there",
                    )
                })?;
        }
    }
    Ok(sftp)
}

async fn login(
    ssh: &mut Handle<Checker>,
    target: &Target,
    server: &Server,
    password: Option<&str>,
) -> Result<(), Failure> {
    let who = format!("{}@{}", server.user, server.host);
    let result = if let Some(path) = &target.identity {
        let key = russh::keys::load_secret_key(path, password).map_err(|e| {
            let hint = match e {
                russh::keys::Error::KeyIsEncrypted => "the key has a passphrase: give it as the password (VINHDANH_DEPLOY_PASSWORD or the prompt)",
                _ => "check `identity` in site.yaml: it must be a private key file, like ~/.ssh/id_ed25519",
            };
            Failure::new(format!("cannot read the key {}: {e}", path.display()), hint)
        })?;
        let hash = if key.algorithm().is_rsa() {
            ssh.best_supported_rsa_hash().await.map_err(lost)?.flatten()
        } else {
            None
        };
        let key = PrivateKeyWithHashAlg::new(Arc::new(key), hash);
        ssh.authenticate_publickey(&server.user, key)
            .await
            .map_err(lost)?
    } else {
        let Some(password) = password else {
            return Err(Failure::new(
                format!("logging in as {who} needs a password or a key"),
                "set VINHDANH_DEPLOY_PASSWORD, run deploy at a terminal to be asked, or give `identity: ~/.ssh/id_ed25519` in site.yaml",
            ));
        };
        ssh.authenticate_password(&server.user, password)
            .await
            .map_err(lost)?
    };
    if result.success() {
        return Ok(());
    }
    let what = if target.identity.is_some() {
        "key"
    } else {
        "password"
    };
    Err(Failure::new(
        format!("the server refused the {what} for {who}"),
        if target.identity.is_some() {
            "check that the key's public half (the .pub file) is in ~/.ssh/authorized_keys of that login on the server"
        } else {
            "check the login name in the url and the password"
        },
    ))
}

/// The failure of a connection refused before login: mostly the server's key.
fn refused(
    e: russh::Error,
    seen: &Mutex<Option<(String, Verdict)>>,
    target: &Target,
    server: &Server,
) -> Failure {
    let seen = seen.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let host = if server.port == 22 {
        server.host.clone()
    } else {
        format!("[{}]:{}", server.host, server.port)
    };
    match seen {
        Some((print, Verdict::Unknown)) => Failure::new(
            format!("the server's key is not known to this computer; its fingerprint is {print}"),
            format!("check the fingerprint with the server's administrator (on the server: `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`), then add `host_key: {print}` to the target `{}` in site.yaml, or connect once with `ssh -p {} {}@{}` and accept it", target.name, server.port, server.user, server.host),
        ),
        Some((print, Verdict::Changed)) => Failure::new(
            format!("the server's key has CHANGED since ~/.ssh/known_hosts recorded it for {host}; it is now {print}"),
            "someone may be standing between this computer and the server: ask the server's administrator whether its key was replaced before going on; if so, remove the old line with `ssh-keygen -R` and accept the new key",
        ),
        Some((print, Verdict::NotPinned)) => Failure::new(
            format!("the server's key {print} is not the one pinned in site.yaml ({})", target.host_key.as_deref().unwrap_or_default()),
            "someone may be standing between this computer and the server: ask the server's administrator whether its key was replaced, and only then change `host_key`",
        ),
        _ => {
            let text = e.to_string();
            if text.contains("onnection refused") {
                Failure::new(
                    format!("nothing answers at {}:{}", server.host, server.port),
                    "check the server's name and port in the url",
                )
            } else {
                Failure::new(format!("cannot connect to {}:{}: {text}", server.host, server.port), "check the server's name and port in the url")
            }
        }
    }
}

/// A lane: two SFTP channels, and whether the server renames over a file in one step.
async fn lane(ssh: &Handle<Checker>) -> Result<(Lane, bool), Failure> {
    let no_sftp = |e: SftpError| {
        Failure::new(
            format!("the server offers no SFTP: {e}"),
            "ask its administrator to turn SFTP on",
        )
    };
    let config = russh_sftp::client::Config {
        request_timeout_secs: 60,
        ..Default::default()
    };
    let files = SftpSession::new_with_config(channel(ssh).await?, config)
        .await
        .map_err(no_sftp)?;
    let raw = RawSftpSession::new(channel(ssh).await?);
    let version = raw.init().await.map_err(no_sftp)?;
    let posix = version.extensions.contains_key("posix-rename@openssh.com");
    Ok((Lane { files, raw }, posix))
}

/// A new SFTP channel on the connection.
async fn channel(ssh: &Handle<Checker>) -> Result<russh::ChannelStream<client::Msg>, Failure> {
    let ch = ssh.channel_open_session().await.map_err(lost)?;
    ch.request_subsystem(true, "sftp").await.map_err(lost)?;
    Ok(ch.into_stream())
}

fn lost(e: russh::Error) -> Failure {
    Failure::new(
        format!("the connection failed: {e}"),
        "deploy again; if it fails again, check the network and the server",
    )
}

/// An SFTP error in the words of `std::io`, so the deploy can say what went wrong.
fn io(e: SftpError) -> std::io::Error {
    use std::io::ErrorKind as K;
    let kind = match &e {
        SftpError::Status(s) => match s.status_code {
            StatusCode::NoSuchFile => K::NotFound,
            StatusCode::PermissionDenied => K::PermissionDenied,
            StatusCode::ConnectionLost | StatusCode::NoConnection => K::ConnectionReset,
            _ => K::Other,
        },
        SftpError::Timeout => K::TimedOut,
        SftpError::IO(_) => K::ConnectionReset,
        _ => K::Other,
    };
    std::io::Error::new(kind, words(&e))
}

fn words(e: &SftpError) -> String {
    match e {
        SftpError::Status(s) if !s.error_message.is_empty() => {
            format!("{} ({})", s.error_message, s.status_code)
        }
        other => other.to_string(),
    }
}

impl Sftp {
    fn at(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }

    /// The next lane, in turn.
    fn lane(&self) -> &Lane {
        let i = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        &self.lanes[i % self.lanes.len()]
    }
}

fn ssh_string(buf: &mut Vec<u8>, s: &str) {
    buf.extend_from_slice(&(s.len() as u32).to_be_bytes());
    buf.extend_from_slice(s.as_bytes());
}

impl Remote for Sftp {
    fn read(&self, path: &str) -> std::io::Result<Option<Vec<u8>>> {
        match self.rt.block_on(self.lane().files.read(self.at(path))) {
            Ok(b) => Ok(Some(b)),
            Err(SftpError::Status(s)) if s.status_code == StatusCode::NoSuchFile => Ok(None),
            Err(e) => Err(io(e)),
        }
    }

    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.rt.block_on(async {
            let mut f = self.lane().files.create(self.at(path)).await.map_err(io)?;
            f.write_all(bytes).await?;
            // Waits for every write's answer: a full disk is told here.
            f.close().await
        })
    }

    fn append(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.rt.block_on(async {
            let flags = OpenFlags::CREATE | OpenFlags::APPEND | OpenFlags::WRITE;
            let mut f = self
                .lane()
                .files
                .open_with_flags(self.at(path), flags)
                .await
                .map_err(io)?;
            f.write_all(bytes).await?;
            f.close().await
        })
    }

    fn rename(&self, from: &str, to: &str) -> std::io::Result<()> {
        let (from, to) = (self.at(from), self.at(to));
        self.rt.block_on(async {
            if self.posix_rename {
                let mut data = Vec::with_capacity(8 + from.len() + to.len());
                ssh_string(&mut data, &from);
                ssh_string(&mut data, &to);
                return match self
                    .lane()
                    .raw
                    .extended("posix-rename@openssh.com", data)
                    .await
                    .map_err(io)?
                {
                    Packet::Status(s) if s.status_code == StatusCode::Ok => Ok(()),
                    Packet::Status(s) => Err(io(SftpError::Status(s))),
                    _ => Err(std::io::Error::other("unexpected answer to a rename")),
                };
            }
            // Without the extension: the old file goes first (a moment without it).
            match self.lane().files.remove_file(to.clone()).await {
                Err(SftpError::Status(s)) if s.status_code != StatusCode::NoSuchFile => {
                    return Err(io(SftpError::Status(s)))
                }
                _ => {}
            }
            self.lane().files.rename(from, to).await.map_err(io)
        })
    }

    fn remove(&self, path: &str) -> std::io::Result<()> {
        match self
            .rt
            .block_on(self.lane().files.remove_file(self.at(path)))
        {
            Err(SftpError::Status(s)) if s.status_code == StatusCode::NoSuchFile => Ok(()),
            r => r.map_err(io),
        }
    }

    fn mkdir(&self, path: &str) -> std::io::Result<()> {
        let at = self.at(path);
        self.rt.block_on(async {
            match self.lane().files.create_dir(at.clone()).await {
                Ok(()) => Ok(()),
                // SFTP has no "exists" answer: a folder that is there is fine.
                Err(e) => match self.lane().files.metadata(at).await {
                    Ok(m) if m.is_dir() => Ok(()),
                    _ => Err(io(e)),
                },
            }
        })
    }

    fn rmdir(&self, path: &str) -> std::io::Result<()> {
        self.rt
            .block_on(self.lane().files.remove_dir(self.at(path)))
            .map_err(io)
    }

    fn list(&self) -> std::io::Result<Vec<(String, u64)>> {
        super::walk(&self.base, |at| {
            let entries = self
                .rt
                .block_on(self.lane().files.read_dir(at))
                .map_err(io)?;
            Ok(entries
                .map(|e| (e.file_name(), e.metadata().is_dir(), e.metadata().len()))
                .collect())
        })
    }

    fn lanes(&self) -> usize {
        16
    }
}

impl Drop for Sftp {
    fn drop(&mut self) {
        let _ = self.rt.block_on(
            self.ssh
                .disconnect(russh::Disconnect::ByApplication, "", "en"),
        );
    }
}
