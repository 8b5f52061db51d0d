//! The places a site is published to: the `deploy:` list of `site.yaml`.
//!
//! ```yaml
//! deploy:
//!   - name: live
//!     url: sftp://user@host:22/var/www/vinhdanh/
//!     identity: ~/.ssh/id_ed25519
//!     host_key: SHA256:…
//! ```
//!
//! Secrets never go in the file: a `password` there is an error that says where it goes.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::yaml::Fields;

/// One place to publish to.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// What `--target` calls it.
    pub name: String,
    /// How it is reached.
    pub place: Place,
    /// The `url` as written, for messages (never holds a password).
    pub url: String,
    /// SFTP: the private key to log in with.
    pub identity: Option<PathBuf>,
    /// SFTP: the server's key fingerprint (`SHA256:…`), when pinned.
    pub host_key: Option<String>,
    /// FTPS: a certificate to trust (a server's own, self-signed).
    pub tls_certificate: Option<PathBuf>,
    /// Plain `ftp://` was accepted knowingly.
    pub insecure: bool,
    /// Where the target is written in `site.yaml`.
    pub pos: Pos,
}

/// How a target is reached.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// A folder of this computer, or one mounted on it (a share of the IT centre).
    Folder(PathBuf),
    /// An SSH server.
    Sftp(Server),
    /// An FTP server; `tls` for FTPS (explicit TLS).
    Ftp {
        /// The server.
        server: Server,
        /// Whether the connection is encrypted.
        tls: bool,
    },
}

/// A server's address, login and folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The login name.
    pub user: String,
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// The site's folder on the server.
    pub path: String,
}

impl Target {
    /// The kind of server, in the words of messages.
    pub fn kind(&self) -> &'static str {
        match &self.place {
            Place::Folder(_) => "folder",
            Place::Sftp(_) => "SFTP server",
            Place::Ftp { tls: true, .. } => "FTPS server",
            Place::Ftp { tls: false, .. } => "FTP server",
        }
    }

    /// Whether logging in may need a password (none for a folder, nor for SFTP with a key).
    pub fn needs_password(&self) -> bool {
        match &self.place {
            Place::Folder(_) => false,
            Place::Sftp(_) => self.identity.is_none(),
            Place::Ftp { .. } => true,
        }
    }
}

/// Refuses two targets of one name.
pub fn check_names(targets: &[Target], rel: &Path, d: &mut Diagnostics) {
    for (i, t) in targets.iter().enumerate() {
        if targets[..i].iter().any(|o| o.name == t.name) {
            d.push(
                Diagnostic::new(
                    rel,
                    t.pos,
                    format!("two deploy targets are named `{}`", t.name),
                )
                .hint("give each target its own `name`"),
            );
        }
    }
}

/// Reads one item of the `deploy` list, relative paths taken from the site folder `root`.
pub fn read(f: Fields<'_>, root: &Path, d: &mut Diagnostics) -> Option<Target> {
    one(f, root, d)
}

fn one(mut f: Fields<'_>, root: &Path, d: &mut Diagnostics) -> Option<Target> {
    let rel = f.path();
    let pos = f.pos();
    if let Some(n) = f.node("password") {
        d.push(
            Diagnostic::new(rel, n.pos, "a password must not be written in site.yaml: the file is shared and kept with the site")
                .hint("remove this line; vinhdanh deploy asks for the password, or reads it from the environment variable VINHDANH_DEPLOY_PASSWORD, and the editor's \"Xuất bản\" page has a field for it"),
        );
    }
    let name = f.text("name", d);
    let url_node = f.node("url");
    let url = f.text("url", d);
    let identity = f.text("identity", d).map(|p| home(&p, root));
    let host_key = f.text("host_key", d);
    let tls_certificate = f.text("tls_certificate", d).map(|p| home(&p, root));
    let insecure = f.bool("insecure", d).unwrap_or(false);
    f.finish(d, &[]);
    let Some(url) = url else {
        d.push(
            Diagnostic::new(rel, pos, "a deploy target has no `url`")
                .hint("add where to publish, like `url: sftp://user@example.gov.vn/var/www/html/` or a folder path"),
        );
        return None;
    };
    let url_pos = url_node.map_or(pos, |n| n.pos);
    let place = match parse_url(&url, root) {
        Ok(p) => p,
        Err((msg, hint)) => {
            d.push(Diagnostic::new(rel, url_pos, msg).hint(hint));
            return None;
        }
    };
    if let Some(key) = &host_key {
        if !key.starts_with("SHA256:") {
            d.push(
                Diagnostic::new(rel, pos, format!("`host_key: {key}` is not a key fingerprint"))
                    .hint("copy the server's fingerprint as `ssh-keygen -lf` shows it, starting with `SHA256:`"),
            );
        }
    }
    if matches!(place, Place::Ftp { tls: false, .. }) && !insecure {
        d.push(
            Diagnostic::new(rel, url_pos, "plain ftp:// sends the password and every file unencrypted")
                .hint("use ftps:// if the server offers it (most do); if it truly does not, add `insecure: true` to this target"),
        );
    }
    Some(Target {
        name: name.unwrap_or_else(|| "default".into()),
        place,
        url,
        identity,
        host_key,
        tls_certificate,
        insecure,
        pos,
    })
}

/// Expands `~/` and makes a relative path relative to the site folder.
fn home(path: &str, root: &Path) -> PathBuf {
    if let Some(rest) = path.strip_prefix("~/") {
        if let Some(home) = std::env::var_os("HOME") {
            return PathBuf::from(home).join(rest);
        }
    }
    let p = PathBuf::from(path);
    if p.is_absolute() {
        p
    } else {
        root.join(p)
    }
}

/// Reads a target's `url`: `sftp://`, `ftps://`, `ftp://`, `file://` or a folder path.
pub fn parse_url(url: &str, root: &Path) -> Result<Place, (String, String)> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Ok(Place::Folder(home(url, root)));
    };
    let default_port = match scheme {
        "file" => return Ok(Place::Folder(PathBuf::from(rest))),
        "sftp" | "ssh" => 22,
        "ftps" | "ftp" => 21,
        other => {
            return Err((
                format!("`{other}://` is not a way vinhdanh can publish"),
                "use sftp://, ftps://, ftp:// or the path of a folder".into(),
            ))
        }
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let Some((user, hostport)) = authority.rsplit_once('@') else {
        return Err((
            format!("`{url}` does not say whom to log in as"),
            format!("write the login name before the server: `{scheme}://user@{authority}{path}`"),
        ));
    };
    if user.contains(':') {
        return Err((
            "a password must not be written in the url: the file is shared and kept with the site".into(),
            "remove `:password` from the url; vinhdanh deploy asks for it, or reads the environment variable VINHDANH_DEPLOY_PASSWORD".into(),
        ));
    }
    let (host, port) = split_port(hostport).ok_or_else(|| {
        (
            format!("`{hostport}` is not a server address with an optional port"),
            "write it like `example.gov.vn`, `example.gov.vn:2222` or `[2001:db8::1]:22`".into(),
        )
    })?;
    if host.is_empty() || user.is_empty() {
        return Err((
            format!("`{url}` lacks the server or the login name"),
            format!("write it like `{scheme}://user@example.gov.vn/var/www/html/`"),
        ));
    }
    let server = Server {
        user: percent_decode(user),
        host: host.to_string(),
        port: port.unwrap_or(default_port),
        path: percent_decode(path),
    };
    Ok(match scheme {
        "sftp" | "ssh" => Place::Sftp(server),
        "ftps" => Place::Ftp { server, tls: true },
        _ => Place::Ftp { server, tls: false },
    })
}

fn split_port(hostport: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = hostport.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(p) => Some((host, Some(p.parse().ok()?))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match hostport.rsplit_once(':') {
        Some((host, p)) => Some((host, Some(p.parse().ok()?))),
        None => Some((hostport, None)),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_every_kind() {
        let root = Path::new("/site");
        let s = |url| match parse_url(url, root).unwrap() {
            Place::Sftp(s) | Place::Ftp { server: s, .. } => (s.user, s.host, s.port, s.path),
            Place::Folder(p) => ("".into(), "".into(), 0, p.display().to_string()),
        };
        assert_eq!(
            s("sftp://web@example.gov.vn/var/www/"),
            (
                "web".into(),
                "example.gov.vn".into(),
                22,
                "/var/www/".into()
            )
        );
        assert_eq!(
            s("ftps://a%40b@[::1]:2121/html"),
            ("a@b".into(), "::1".into(), 2121, "/html".into())
        );
        assert_eq!(s("ftp://u@h").2, 21);
        assert_eq!(s("mirror").3, "/site/mirror");
        assert_eq!(s("file:///srv/www").3, "/srv/www");
        assert!(parse_url("sftp://u:secret@h/", root)
            .unwrap_err()
            .0
            .contains("password"));
        assert!(parse_url("sftp://h/", root).unwrap_err().0.contains("whom"));
        assert!(parse_url("http://u@h/", root).is_err());
        assert!(parse_url("sftp://u@h:99999/", root).is_err());
    }
}
