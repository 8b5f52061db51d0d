//! A target reached by FTPS (explicit TLS), or by plain FTP when `insecure: true` says so:
//! the shared hosting most offices have.
//!
//! An FTP connection does one transfer at a time, so several are opened (one per lane) and
//! taken from a pool. The server's certificate must verify against the system's
//! authorities, or be the one `tls_certificate` names (a server's own, self-signed).

use std::io::Cursor;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use suppaftp::rustls::pki_types::pem::PemObject;
use suppaftp::rustls::pki_types::CertificateDer;
use suppaftp::rustls::{self, ClientConfig, RootCertStore};
use suppaftp::types::FileType;
use suppaftp::{FtpError, Mode, RustlsConnector, RustlsFtpStream};

use super::{Failure, Remote};
use crate::targets::{Server, Target};

const TIMEOUT: Duration = Duration::from_secs(30);
const LANES: usize = 4;

/// An open FTP(S) target.
pub struct Ftp {
    address: SocketAddr,
    server: Server,
    password: String,
    tls: Option<Arc<ClientConfig>>,
    base: String,
    idle: Mutex<Vec<RustlsFtpStream>>,
}

/// Connects and logs in once (so that a wrong password or certificate is told at once).
pub fn open(
    target: &Target,
    server: &Server,
    tls: bool,
    password: Option<&str>,
) -> Result<Ftp, Failure> {
    let Some(password) = password else {
        return Err(Failure::new(
            format!(
                "logging in as {}@{} needs a password",
                server.user, server.host
            ),
            "set VINHDANH_DEPLOY_PASSWORD, or run deploy at a terminal to be asked",
        ));
    };
    let address = (server.host.as_str(), server.port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| {
            Failure::new(
                format!("cannot find the server {}", server.host),
                "check the server's name in the url, and the network",
            )
        })?;
    let tls = if tls { Some(tls_config(target)?) } else { None };
    let ftp = Ftp {
        address,
        server: server.clone(),
        password: password.to_string(),
        tls,
        base: server.path.trim_end_matches('/').to_string(),
        idle: Mutex::default(),
    };
    let first = ftp.connect()?;
    ftp.idle
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(first);
    // The site's folder, made if missing.
    let mut made = String::new();
    for part in ftp.base.split('/').filter(|p| !p.is_empty()) {
        made.push('/');
        made.push_str(part);
        ftp.with(|c| match c.mkdir(&made) {
            Err(_) if c.cwd(&made).is_ok() => Ok(()),
            r => r,
        })
        .map_err(|e| {
            Failure::new(
                format!("cannot make the folder {made} on the server: {e}"),
                "check the folder in the url, and that the login may write there",
            )
        })?;
    }
    Ok(ftp)
}

fn tls_config(target: &Target) -> Result<Arc<ClientConfig>, Failure> {
    let mut roots = RootCertStore::empty();
    match &target.tls_certificate {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path).map_err(|e| {
                Failure::new(
                    format!("cannot read the certificate {}: {e}", path.display()),
                    "check `tls_certificate` in site.yaml: it must be a PEM file (-----BEGIN CERTIFICATE-----)",
                )
            })?;
            for cert in certs.flatten() {
                let _ = roots.add(cert);
            }
            if roots.is_empty() {
                return Err(Failure::new(
                    format!("{} holds no certificate", path.display()),
                    "give the server's certificate as a PEM file (-----BEGIN CERTIFICATE-----)",
                ));
            }
        }
        None => {
            roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        }
    }
    // ring, not aws-lc-rs: no C library to build; rustls marks it deprecated for lacking
    // post-quantum key exchange, which FTPS servers do not offer anyway.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // TLS 1.2: over TLS 1.3, vsftpd (the most common FTPS server) fails uploads ("426
    // Failure reading network stream") and, when it asks for the data connections to
    // resume the control connection's session, refuses them after a few files.
    let config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS12])
        .map_err(|e| Failure::new(format!("TLS: {e}"), ""))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

impl Ftp {
    /// A new logged-in connection.
    fn connect(&self) -> Result<RustlsFtpStream, Failure> {
        let s = &self.server;
        let tcp = TcpStream::connect_timeout(&self.address, TIMEOUT).map_err(|e| {
            Failure::new(
                format!("cannot reach {}:{}: {e}", s.host, s.port),
                "check the server's name and port in the url, and that this computer may reach it",
            )
        })?;
        let _ = tcp.set_read_timeout(Some(TIMEOUT));
        let _ = tcp.set_write_timeout(Some(TIMEOUT));
        let c = RustlsFtpStream::connect_with_stream(tcp)
            .map_err(|e| {
                Failure::new(
                    format!("the FTP server did not greet: {e}"),
                    "check the port in the url",
                )
            })?
            .passive_stream_builder(|data: SocketAddr| {
                let s = TcpStream::connect_timeout(&data, TIMEOUT)
                    .map_err(FtpError::ConnectionError)?;
                let _ = s.set_read_timeout(Some(TIMEOUT));
                let _ = s.set_write_timeout(Some(TIMEOUT));
                Ok(s)
            });
        let mut c = match &self.tls {
            Some(config) => c
                .into_secure(RustlsConnector::from(config.clone()), &s.host)
                .map_err(|e| tls_failure(&e, s))?,
            None => c,
        };
        c.login(s.user.as_str(), self.password.as_str())
            .map_err(|e| match code(&e) {
                Some(530) | Some(430) => Failure::new(
                    format!("the server refused the password for {}@{}", s.user, s.host),
                    "check the login name in the url and the password",
                ),
                _ if tls_error(&e) => tls_failure(&e, s),
                _ => Failure::new(
                    format!("logging in failed: {e}"),
                    "check the login name and the password",
                ),
            })?;
        c.transfer_type(FileType::Binary)
            .map_err(|e| Failure::new(format!("the server refused binary transfers: {e}"), ""))?;
        c.set_mode(Mode::Passive);
        Ok(c)
    }

    /// Runs `op` on an idle connection (a new one when none is idle); a connection that
    /// failed is dropped rather than reused.
    fn with<T>(
        &self,
        op: impl FnOnce(&mut RustlsFtpStream) -> Result<T, FtpError>,
    ) -> std::io::Result<T> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut c = match idle {
            Some(c) => c,
            None => self.connect().map_err(|f| {
                std::io::Error::new(std::io::ErrorKind::ConnectionRefused, f.message)
            })?,
        };
        match op(&mut c) {
            Ok(v) => {
                self.idle.lock().unwrap_or_else(|e| e.into_inner()).push(c);
                Ok(v)
            }
            Err(e) => {
                let transient = matches!(e, FtpError::UnexpectedResponse(_));
                if transient {
                    // A refusal (550…): the connection itself is fine.
                    self.idle.lock().unwrap_or_else(|e| e.into_inner()).push(c);
                }
                Err(io(&e))
            }
        }
    }

    fn at(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }
}

/// The reply code of a refusal.
fn code(e: &FtpError) -> Option<u32> {
    match e {
        FtpError::UnexpectedResponse(r) => match r.status.code() {
            0 => std::str::from_utf8(r.body.get(..3)?).ok()?.parse().ok(),
            c => Some(c),
        },
        _ => None,
    }
}

fn tls_error(e: &FtpError) -> bool {
    match e {
        FtpError::ConnectionError(e) => e
            .get_ref()
            .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some()),
        FtpError::SecureError(_) => true,
        _ => false,
    }
}

fn tls_failure(e: &FtpError, s: &Server) -> Failure {
    let text = e.to_string();
    if tls_error(e) || text.contains("certificate") || text.contains("Certificate") {
        Failure::new(
            format!("the certificate of {} did not verify: {text}", s.host),
            "if the server uses its own certificate, ask its administrator for it and give it as `tls_certificate: cert.pem` in site.yaml",
        )
    } else {
        Failure::new(
            format!("{} refused an encrypted connection: {text}", s.host),
            "check that the server offers FTPS (AUTH TLS); ftp:// with `insecure: true` sends everything unencrypted",
        )
    }
}

/// An FTP error in the words of `std::io`.
fn io(e: &FtpError) -> std::io::Error {
    use std::io::ErrorKind as K;
    let kind = match code(e) {
        Some(550) => K::NotFound,
        Some(553) | Some(530) | Some(532) => K::PermissionDenied,
        Some(451) | Some(452) | Some(552) => K::StorageFull,
        Some(421) | Some(425) | Some(426) => K::ConnectionReset,
        _ => match e {
            FtpError::ConnectionError(e) => e.kind(),
            _ => K::Other,
        },
    };
    let text = match e {
        FtpError::UnexpectedResponse(r) => String::from_utf8_lossy(&r.body).trim().to_string(),
        other => other.to_string(),
    };
    std::io::Error::new(kind, text)
}

impl Remote for Ftp {
    fn read(&self, path: &str) -> std::io::Result<Option<Vec<u8>>> {
        let at = self.at(path);
        // SIZE first: a download the server refuses can leave the connection waiting.
        match self.with(|c| c.size(&at)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            r => r?,
        };
        self.with(|c| c.retr_as_buffer(&at))
            .map(|b| Some(b.into_inner()))
    }

    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let at = self.at(path);
        self.with(|c| c.put_file(&at, &mut Cursor::new(bytes)))
            .map(drop)
    }

    fn append(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let at = self.at(path);
        self.with(|c| c.append_file(&at, &mut Cursor::new(bytes)))
            .map(drop)
    }

    fn rename(&self, from: &str, to: &str) -> std::io::Result<()> {
        let (from, to) = (self.at(from), self.at(to));
        self.with(|c| c.rename(from.as_str(), to.as_str()))
    }

    fn remove(&self, path: &str) -> std::io::Result<()> {
        let at = self.at(path);
        match self.with(|c| c.rm(&at)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            r => r,
        }
    }

    fn mkdir(&self, path: &str) -> std::io::Result<()> {
        let at = self.at(path);
        // FTP has no "exists" answer: a folder one can enter is there.
        self.with(|c| match c.mkdir(&at) {
            Err(_) if c.cwd(&at).is_ok() => Ok(()),
            r => r,
        })
    }

    fn rmdir(&self, path: &str) -> std::io::Result<()> {
        let at = self.at(path);
        self.with(|c| c.rmdir(&at))
    }

    fn list(&self) -> std::io::Result<Vec<(String, u64)>> {
        super::walk(&self.base, |at| {
            let lines = self.with(|c| c.list(Some(at)))?;
            Ok(lines
                .iter()
                .filter_map(|l| l.parse::<suppaftp::list::File>().ok())
                .map(|e| (e.name().to_string(), e.is_directory(), e.size() as u64))
                .collect())
        })
    }

    fn lanes(&self) -> usize {
        LANES
    }
}

impl Drop for Ftp {
    fn drop(&mut self) {
        for mut c in self
            .idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
        {
            let _ = c.quit();
        }
    }
}
