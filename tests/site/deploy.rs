//! `vinhdanh deploy` against real servers started on loopback: OpenSSH's `sshd` for SFTP
//! (a throwaway host key and login key), and a folder.

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::common::{snapshot, TestSite};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_vinhdanh")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// An `sshd` on a loopback port, serving SFTP to the user running the tests with a key.
pub struct Sshd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub user: String,
    /// The host key's fingerprint (`SHA256:…`).
    pub fingerprint: String,
    child: Child,
}

impl Sshd {
    pub fn start() -> Sshd {
        Sshd::start_with("")
    }

    /// An `sshd` with `settings` before the usual ones (the first setting of a keyword
    /// wins), logging to `sshd.log` in its folder.
    pub fn start_with(settings: &str) -> Sshd {
        let sshd = Path::new("/usr/sbin/sshd");
        assert!(
            sshd.exists(),
            "OpenSSH's sshd is missing: install the Debian package openssh-server (scripts/test does)"
        );
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for (name, kind) in [("host", "ed25519"), ("id", "ed25519"), ("other", "ed25519")] {
            run(Command::new("ssh-keygen")
                .args(["-q", "-t", kind, "-N", "", "-C", name, "-f"])
                .arg(d.join(name)));
        }
        std::fs::copy(d.join("id.pub"), d.join("authorized_keys")).unwrap();
        let print = run(Command::new("ssh-keygen")
            .arg("-lf")
            .arg(d.join("host.pub")));
        let fingerprint = String::from_utf8_lossy(&print.stdout)
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string();
        let port = free_port();
        let config = format!(
            "{settings}Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host\nPidFile {d}/sshd.pid\n\
             AuthorizedKeysFile {d}/authorized_keys\nStrictModes no\nUsePAM no\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PermitRootLogin prohibit-password\nSubsystem sftp internal-sftp\nLogLevel ERROR\n",
            d = d.display()
        );
        std::fs::write(d.join("sshd_config"), config).unwrap();
        // Its privilege separation folder, when run as root.
        let _ = std::fs::create_dir_all("/run/sshd");
        let child = Command::new(sshd)
            .arg("-D")
            .arg("-E")
            .arg(d.join("sshd.log"))
            .arg("-f")
            .arg(d.join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let user = String::from_utf8(run(Command::new("id").arg("-un")).stdout)
            .unwrap()
            .trim()
            .to_string();
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed().as_secs() < 20, "sshd did not start");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Sshd {
            dir,
            port,
            user,
            fingerprint,
            child,
        }
    }

    /// The `deploy:` entry of a target in `folder` of this server.
    pub fn target(&self, name: &str, folder: &Path, extra: &str) -> String {
        format!(
            "  - name: {name}\n    url: sftp://{}@127.0.0.1:{}{}/\n    identity: {}\n{extra}",
            self.user,
            self.port,
            folder.display(),
            self.dir.path().join("id").display()
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn person(slug: &str, name: &str, summary: &str) -> (String, String) {
    (
        format!("content/citizens/2023/{slug}.md"),
        format!("---\nname: {name}\nyear: 2023\ndistrict: Tân Yên\nsummary: {summary}\n---\nCâu chuyện của {name}.\n"),
    )
}

fn site(deploy: &str) -> TestSite {
    let yaml = format!("title: Thử nghiệm\nbase_url: /\ndeploy:\n{deploy}");
    let site = TestSite::new(&[("site.yaml", &yaml)]);
    for (slug, name) in [
        ("nguyen-van-duc", "Nguyễn Văn Đức"),
        ("tran-thi-mai", "Trần Thị Mai"),
        ("le-van-hung", "Lê Văn Hùng"),
    ] {
        let (path, text) = person(slug, name, "Tóm tắt ban đầu.");
        site.write(&path, text.as_bytes());
    }
    site
}

fn deploy(site: &TestSite, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("deploy")
        .arg("--root")
        .arg(site.root())
        .args(args)
        .env_remove("VINHDANH_DEPLOY_PASSWORD")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// How many files the report says were sent.
fn sent(report: &str) -> usize {
    let at = report
        .find(" files sent")
        .unwrap_or_else(|| panic!("{report}"));
    report[..at].rsplit(' ').next().unwrap().parse().unwrap()
}

/// The server's folder without deploy's own record: what visitors get.
fn served(dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".vinhdanh-"))
        .collect()
}

#[test]
fn sftp_deploys_send_what_changed_and_the_server_equals_the_build() {
    let server = Sshd::start();
    let www = server.dir.path().join("www");
    let site = site(&server.target(
        "live",
        &www,
        &format!("    host_key: {}\n", server.fingerprint),
    ));
    let first = ok(&deploy(&site, &[]));
    assert!(first.contains("no record of an earlier deploy"), "{first}");
    assert_eq!(served(&www), snapshot(&site.root().join("public")));
    let record = std::fs::read(www.join(".vinhdanh-deploy")).unwrap();
    let journal = || std::fs::read_to_string(www.join(".vinhdanh-deploy.journal")).unwrap();
    assert_eq!(
        journal().lines().count(),
        1,
        "a new record: the journal only names it"
    );

    // One summary edited: its pages and the lists that show it, not the site. With where
    // the time went, the build's steps then the sending's.
    let (path, text) = person("tran-thi-mai", "Trần Thị Mai", "Một câu đã sửa.");
    site.write(&path, text.as_bytes());
    let edit = ok(&deploy(&site, &["--timings"]));
    let steps = [
        "load",
        "render pages",
        "connect and log in",
        "read what the server holds",
        "send files",
    ];
    let at: Vec<_> = steps.iter().map(|s| edit.find(&format!("  {s}"))).collect();
    assert!(at.iter().all(Option::is_some) && at.is_sorted(), "{edit}");
    let files = snapshot(&site.root().join("public")).len();
    assert!(sent(&edit) > 0 && sent(&edit) < files / 3, "{edit}");
    assert_eq!(served(&www), snapshot(&site.root().join("public")));
    // Said in the journal, a line a file: the record of every file is not sent again.
    assert_eq!(std::fs::read(www.join(".vinhdanh-deploy")).unwrap(), record);
    assert_eq!(journal().lines().count(), 1 + sent(&edit), "{}", journal());

    // Nothing changed: nothing sent.
    assert!(ok(&deploy(&site, &[])).contains("up to date"));

    // A build that fails sends nothing, though the server was reached beside it.
    let before = snapshot(&www);
    site.write("content/citizens/2023/hong.md", b"---\nname: [\n---\n");
    let failed = deploy(&site, &[]);
    assert!(!failed.status.success());
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(err.contains("hong.md"), "{err}");
    assert_eq!(snapshot(&www), before);
    std::fs::remove_file(site.root().join("content/citizens/2023/hong.md")).unwrap();

    // An addition and a removal; the dry run first changes nothing.
    let (path, text) = person("pham-thu-ha", "Phạm Thu Hà", "Người mới.");
    site.write(&path, text.as_bytes());
    std::fs::remove_file(site.root().join("content/citizens/2023/le-van-hung.md")).unwrap();
    let before = snapshot(&www);
    let dry = ok(&deploy(&site, &["--dry-run"]));
    assert!(
        dry.contains("send (new pages and data) /cong-dan-uu-tu/2023/pham-thu-ha/index.html"),
        "{dry}"
    );
    assert!(
        dry.contains("delete /cong-dan-uu-tu/2023/le-van-hung/index.html"),
        "{dry}"
    );
    assert_eq!(snapshot(&www), before, "a dry run changes nothing");

    // More deletions than allowed: refused, nothing sent.
    let refused = deploy(&site, &["--max-deletes", "1"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("would be deleted") && err.contains("--max-deletes"),
        "{err}"
    );
    assert_eq!(snapshot(&www), before);

    ok(&deploy(&site, &[]));
    assert_eq!(served(&www), snapshot(&site.root().join("public")));
    assert!(
        !www.join("cong-dan-uu-tu/2023/le-van-hung").exists(),
        "emptied folders go"
    );

    // Another computer (no local record of the server) sends only what changed.
    let copy = TestSite::new(&[]);
    crate::common::copy_dir(&site.root().join("content"), &copy.root().join("content"));
    std::fs::copy(site.root().join("site.yaml"), copy.root().join("site.yaml")).unwrap();
    let other = ok(&deploy(&copy, &[]));
    assert!(other.contains("up to date"), "{other}");

    // This computer's copy of the record the journal follows is what it reads: a record
    // garbled on the server is not read. Without the copy, the server is listed.
    std::fs::write(www.join(".vinhdanh-deploy"), "garbled").unwrap();
    let (path, text) = person("tran-thi-mai", "Trần Thị Mai", "Sửa lần nữa.");
    site.write(&path, text.as_bytes());
    let copied = ok(&deploy(&site, &[]));
    assert!(!copied.contains("no record"), "{copied}");
    assert_eq!(served(&www), snapshot(&site.root().join("public")));
    std::fs::remove_dir_all(site.root().join(".vinhdanh-cache/deploy")).unwrap();
    std::fs::write(www.join(".vinhdanh-deploy"), "garbled").unwrap();
    let (path, text) = person("tran-thi-mai", "Trần Thị Mai", "Và lần nữa.");
    site.write(&path, text.as_bytes());
    let listed = ok(&deploy(&site, &[]));
    assert!(
        listed.contains("no record of an earlier deploy"),
        "{listed}"
    );
    assert_eq!(served(&www), snapshot(&site.root().join("public")));

    // A journal grown past its limit is folded into a new record (here: the record's lines
    // said again and again, as years of edits would).
    let record = std::fs::read_to_string(www.join(".vinhdanh-deploy")).unwrap();
    let lines: String = record.lines().skip(1).map(|l| format!("{l}\n")).collect();
    let grown = journal() + &lines.repeat(64 * 1024 / lines.len() + 1);
    std::fs::write(www.join(".vinhdanh-deploy.journal"), grown).unwrap();
    let (path, text) = person("tran-thi-mai", "Trần Thị Mai", "Lần cuối.");
    site.write(&path, text.as_bytes());
    ok(&deploy(&site, &[]));
    assert_eq!(journal().lines().count(), 1, "{}", journal());
    assert_ne!(
        std::fs::read_to_string(www.join(".vinhdanh-deploy")).unwrap(),
        record
    );
    assert_eq!(served(&www), snapshot(&site.root().join("public")));

    // The server's record and journal lost, a stray file deep in a folder, and a record
    // naming a file outside the target: the server is listed, the stray file goes, nothing
    // outside does.
    std::fs::remove_file(www.join(".vinhdanh-deploy.journal")).unwrap();
    let outside = server.dir.path().join("outside.txt");
    std::fs::write(&outside, "not the site's").unwrap();
    std::fs::write(
        www.join(".vinhdanh-deploy"),
        "vinhdanh-deploy 1\n0000000000000001\t1\t../outside.txt\n",
    )
    .unwrap();
    std::fs::write(www.join("cong-dan-uu-tu/2023/stray.html"), "old").unwrap();
    let relisted = ok(&deploy(&site, &[]));
    assert!(
        relisted.contains("no record of an earlier deploy"),
        "{relisted}"
    );
    assert!(outside.exists(), "a file outside the target was deleted");
    assert_eq!(served(&www), snapshot(&site.root().join("public")));
}

/// SFTP is compressed when the server agrees, as OpenSSH does unless told not to (a site is
/// text, and one edit sends the open data whole); a server that refuses gets the site all
/// the same, uncompressed.
#[test]
fn sftp_is_compressed_when_the_server_agrees() {
    for (setting, negotiated) in [
        ("", "compression: zlib@openssh.com"),
        ("Compression no\n", "compression: none"),
    ] {
        let server = Sshd::start_with(&format!("LogLevel DEBUG1\n{setting}"));
        let www = server.dir.path().join("www");
        let site = site(&server.target(
            "live",
            &www,
            &format!("    host_key: {}\n", server.fingerprint),
        ));
        ok(&deploy(&site, &[]));
        assert_eq!(served(&www), snapshot(&site.root().join("public")));
        let log = std::fs::read_to_string(server.dir.path().join("sshd.log")).unwrap();
        assert!(
            log.contains("client->server cipher: ") && log.contains(negotiated),
            "{setting:?}: {negotiated} not in the server's log:\n{log}"
        );
    }
}

#[test]
fn an_unknown_or_changed_host_and_a_wrong_key_are_refused() {
    let server = Sshd::start();
    let www = server.dir.path().join("www");
    let home = tempfile::tempdir().unwrap();
    let other_key = server.dir.path().join("other");
    let targets = [
        server.target("unknown", &www, ""),
        server.target("pinned-other", &www, "    host_key: SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"),
        format!(
            "  - name: wrong-key\n    url: sftp://{}@127.0.0.1:{}{}/\n    identity: {}\n    host_key: {}\n",
            server.user,
            server.port,
            www.display(),
            other_key.display(),
            server.fingerprint
        ),
    ];
    let site = site(&targets.concat());
    let run = |name: &str| {
        let out = Command::new(bin())
            .args(["deploy", "--target", name, "--root"])
            .arg(site.root())
            .env("HOME", home.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(!out.status.success(), "{name} was not refused");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let unknown = run("unknown");
    assert!(
        unknown.contains("not known to this computer")
            && unknown.contains(&format!("host_key: {}", server.fingerprint)),
        "{unknown}"
    );
    assert!(unknown.contains("site.yaml:"), "{unknown}");
    // known_hosts with another key for this host: refused as changed.
    std::fs::create_dir_all(home.path().join(".ssh")).unwrap();
    let other_pub = std::fs::read_to_string(server.dir.path().join("other.pub")).unwrap();
    let key = other_pub
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    std::fs::write(
        home.path().join(".ssh/known_hosts"),
        format!("[127.0.0.1]:{} {key}\n", server.port),
    )
    .unwrap();
    assert!(run("unknown").contains("CHANGED"));
    // The right key in known_hosts: accepted.
    let host_pub = std::fs::read_to_string(server.dir.path().join("host.pub")).unwrap();
    let key = host_pub
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    std::fs::write(
        home.path().join(".ssh/known_hosts"),
        format!("[127.0.0.1]:{} {key}\n", server.port),
    )
    .unwrap();
    let accepted = Command::new(bin())
        .args(["deploy", "--target", "unknown", "--root"])
        .arg(site.root())
        .env("HOME", home.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    ok(&accepted);
    assert!(run("pinned-other").contains("not the one pinned"));
    let wrong = run("wrong-key");
    assert!(wrong.contains("refused the key"), "{wrong}");
    assert!(!www.join(".vinhdanh-upload").exists());
}

#[test]
fn a_password_in_site_yaml_is_an_error_at_its_line() {
    let site =
        site("  - name: live\n    url: sftp://web@example.gov.vn/var/www/\n    password: bí-mật\n");
    let out = deploy(&site, &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("site.yaml:6:") && err.contains("password must not be written"),
        "{err}"
    );
    assert!(err.contains("VINHDANH_DEPLOY_PASSWORD"), "{err}");
    // The build fails the same way: the file is wrong wherever it is read.
    assert!(site.build().is_err());
}

/// Every internal link of the pages a visitor reaches (from the home page and the
/// sitemap) that leads nowhere in `dir`.
fn broken_links(dir: &Path) -> Vec<String> {
    let mut queue: Vec<String> = vec!["/".into()];
    if let Ok(map) = std::fs::read_to_string(dir.join("sitemap.xml")) {
        for part in map.split("<loc>").skip(1) {
            let url = part.split("</loc>").next().unwrap_or_default();
            if let Some(i) = url
                .find("//")
                .and_then(|i| url[i + 2..].find('/').map(|j| i + 2 + j))
            {
                queue.push(url[i..].to_string());
            }
        }
    }
    let file = |url: &str| -> PathBuf {
        let path = url.split(['#', '?']).next().unwrap_or_default();
        let rel = path.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            dir.join(rel).join("index.html")
        } else {
            dir.join(rel)
        }
    };
    let mut seen = BTreeSet::new();
    let mut broken = Vec::new();
    let selector = scraper::Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    while let Some(url) = queue.pop() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let path = file(&url);
        let Ok(html) = std::fs::read_to_string(&path) else {
            continue;
        };
        for el in scraper::Html::parse_document(&html).select(&selector) {
            let v = el.value();
            let link = v.attr("href").or(v.attr("src")).unwrap_or_default();
            if !link.starts_with('/') || link.starts_with("//") {
                continue;
            }
            if !file(link).exists() {
                broken.push(format!("{url} → {link}"));
            } else if file(link).extension().is_some_and(|e| e == "html") {
                queue.push(link.split('#').next().unwrap_or_default().to_string());
            }
        }
    }
    broken
}

#[test]
fn deploys_killed_at_random_moments_never_break_the_live_site() {
    let server = Sshd::start();
    let www = server.dir.path().join("www");
    let site = site(&server.target(
        "live",
        &www,
        &format!("    host_key: {}\n", server.fingerprint),
    ));
    let mut list = String::from("year: 2022\nprofiles:\n");
    for i in 0..1500 {
        list.push_str(&format!(
            "  - name: Người thứ {i}\n    summary: Gương mặt tiêu biểu số {i}.\n    district: Huyện {}\n",
            i % 10
        ));
    }
    site.write("content/citizens/2022.yaml", list.as_bytes());
    ok(&deploy(&site, &[]));
    assert!(broken_links(&www).is_empty());
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    let mut killed = 0;
    for round in 0..6 {
        // Each round a new person and an edited one: new pages, changed lists.
        let (path, text) = person(
            &format!("moi-{round}"),
            &format!("Người mới {round}"),
            "Mới.",
        );
        site.write(&path, text.as_bytes());
        let (path, text) = person("tran-thi-mai", "Trần Thị Mai", &format!("Sửa lần {round}."));
        site.write(&path, text.as_bytes());
        // The build first, so that the kill falls in the sending.
        crate::common::TestSite::build(&site).unwrap();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = std::time::Duration::from_millis(150 + (seed >> 33) % 900);
        let mut child = Command::new(bin())
            .arg("deploy")
            .arg("--root")
            .arg(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            killed += 1;
            let _ = child.kill(); // SIGKILL
        }
        let _ = child.wait();
        let broken = broken_links(&www);
        assert!(
            broken.is_empty(),
            "round {round} ({delay:?}): {:?}",
            &broken[..broken.len().min(5)]
        );
    }
    assert!(killed >= 1, "no kill fell during a deploy");
    // The next deploy finishes the job without sending everything again.
    let last = ok(&deploy(&site, &[]));
    let files = snapshot(&site.root().join("public")).len();
    assert!(
        last.contains("up to date") || sent(&last) < files / 2,
        "{last}"
    );
    assert_eq!(served(&www), snapshot(&site.root().join("public")));
}

#[test]
fn a_folder_target_is_brought_up_to_date_too() {
    let site = site("  - name: share\n    url: mirror\n");
    ok(&deploy(&site, &[]));
    let mirror = site.root().join("mirror");
    assert_eq!(served(&mirror), snapshot(&site.root().join("public")));
    std::fs::remove_file(site.root().join("content/citizens/2023/le-van-hung.md")).unwrap();
    let out = ok(&deploy(&site, &["--target", "share"]));
    assert!(out.contains("deleted"), "{out}");
    assert_eq!(served(&mirror), snapshot(&site.root().join("public")));
}

/// A `vsftpd` on a loopback port with explicit TLS and a throwaway certificate, taking
/// anonymous uploads anywhere the tests' user may write (it runs as that user).
pub struct Vsftpd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
}

impl Vsftpd {
    pub fn start() -> Vsftpd {
        let vsftpd = Path::new("/usr/sbin/vsftpd");
        assert!(
            vsftpd.exists(),
            "vsftpd is missing: install the Debian package vsftpd (scripts/test does)"
        );
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        run(Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
            ])
            .args(["-subj", "/CN=localhost", "-keyout"])
            .arg(d.join("key.pem"))
            .arg("-out")
            .arg(d.join("cert.pem"))
            .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
            .args(["-addext", "basicConstraints=critical,CA:FALSE"])
            .args(["-addext", "extendedKeyUsage=serverAuth"]));
        std::fs::create_dir_all(d.join("anon")).unwrap();
        let port = free_port();
        let pasv = free_port();
        let config = format!(
            "listen=YES\nlisten_address=127.0.0.1\nlisten_port={port}\nbackground=NO\n\
             run_as_launching_user=YES\nanonymous_enable=YES\nlocal_enable=NO\nwrite_enable=YES\n\
             anon_upload_enable=YES\nanon_mkdir_write_enable=YES\nanon_other_write_enable=YES\n\
             anon_umask=022\nanon_root={d}/anon\nno_anon_password=YES\nseccomp_sandbox=NO\n\
             ssl_enable=YES\nallow_anon_ssl=YES\nforce_anon_logins_ssl=YES\nforce_anon_data_ssl=YES\n\
             require_ssl_reuse=NO\nrsa_cert_file={d}/cert.pem\nrsa_private_key_file={d}/key.pem\n\
             pasv_enable=YES\npasv_min_port={pasv}\npasv_max_port={}\npasv_address=127.0.0.1\n\
             xferlog_enable=NO\nmax_per_ip=0\nmax_clients=0\n",
            pasv.saturating_add(200),
            d = d.display()
        );
        std::fs::write(d.join("vsftpd.conf"), config).unwrap();
        let child = Command::new(vsftpd)
            .arg(d.join("vsftpd.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed().as_secs() < 20, "vsftpd did not start");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Vsftpd { dir, port, child }
    }
}

impl Drop for Vsftpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn deploy_with_password(site: &TestSite, args: &[&str], password: &str) -> Output {
    Command::new(bin())
        .arg("deploy")
        .arg("--root")
        .arg(site.root())
        .args(args)
        .env("VINHDANH_DEPLOY_PASSWORD", password)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn ftps_deploys_verify_the_certificate_and_send_what_changed() {
    let server = Vsftpd::start();
    let www = server.dir.path().join("www");
    let url = |user: &str| format!("ftps://{user}@127.0.0.1:{}{}/", server.port, www.display());
    let cert = server.dir.path().join("cert.pem");
    let site = site(&format!(
        "  - name: live\n    url: {}\n    tls_certificate: {}\n  - name: untrusted\n    url: {}\n  - name: stranger\n    url: {}\n    tls_certificate: {}\n",
        url("anonymous"),
        cert.display(),
        url("anonymous"),
        url("khach-la"),
        cert.display()
    ));
    let first = ok(&deploy_with_password(&site, &[], "x"));
    assert!(first.contains("files sent"), "{first}");
    assert_eq!(served(&www), snapshot(&site.root().join("public")));

    let (path, text) = person("tran-thi-mai", "Trần Thị Mai", "Một câu đã sửa.");
    site.write(&path, text.as_bytes());
    let edit = ok(&deploy_with_password(&site, &[], "x"));
    let files = snapshot(&site.root().join("public")).len();
    assert!(sent(&edit) > 0 && sent(&edit) < files / 2, "{edit}");
    assert_eq!(served(&www), snapshot(&site.root().join("public")));
    std::fs::remove_file(site.root().join("content/citizens/2023/le-van-hung.md")).unwrap();
    let removal = ok(&deploy_with_password(&site, &[], "x"));
    assert!(removal.contains("deleted"), "{removal}");
    assert_eq!(served(&www), snapshot(&site.root().join("public")));
    assert!(ok(&deploy_with_password(&site, &[], "x")).contains("up to date"));

    // A certificate no authority vouches for, not given in site.yaml: refused.
    let untrusted = deploy_with_password(&site, &["--target", "untrusted"], "x");
    assert!(!untrusted.status.success());
    let err = String::from_utf8_lossy(&untrusted.stderr);
    assert!(
        err.contains("did not verify") && err.contains("tls_certificate"),
        "{err}"
    );
    // A login the server refuses.
    let stranger = deploy_with_password(&site, &["--target", "stranger"], "sai");
    let err = String::from_utf8_lossy(&stranger.stderr);
    assert!(
        !stranger.status.success() && err.contains("refused the password"),
        "{err}"
    );
    // No password at all, and no terminal to ask at.
    let none = deploy(&site, &[]);
    let err = String::from_utf8_lossy(&none.stderr);
    assert!(
        !none.status.success() && err.contains("needs a password"),
        "{err}"
    );
}

#[test]
fn plain_ftp_needs_insecure_said_in_site_yaml() {
    let site = site("  - name: live\n    url: ftp://web@example.gov.vn/html/\n");
    let out = deploy(&site, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("site.yaml:5:") && err.contains("insecure: true"),
        "{err}"
    );
}
