//! `vinhdanh serve`, the real binary: pages served, changes picked up, errors shown over the
//! last good page and recovered from, a busy port refused, a clean stop on Ctrl-C.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::TestSite;
use crate::http::{get, wait_for};

const BIN: &str = env!("CARGO_BIN_EXE_vinhdanh");

/// A running `vinhdanh serve`, killed when dropped (so a failing test leaves nothing behind).
struct Serving {
    child: Child,
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Serving {
    fn start(root: &Path) -> Serving {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let mut addr = None;
        while let Ok(line) = rx.recv_timeout(Duration::from_secs(120)) {
            if let Some(rest) = line.split("http://").nth(1) {
                addr = rest.split('/').next().map(str::to_string);
                break;
            }
        }
        let addr = addr.unwrap_or_else(|| {
            let _ = child.kill();
            panic!("the server did not start: {}", stderr.lock().unwrap())
        });
        Serving {
            child,
            addr,
            stderr,
        }
    }

    fn page(&self, path: &str) -> (u16, String) {
        let r = get(&self.addr, path).unwrap_or_else(|| panic!("no answer for {path}"));
        (r.status, r.text())
    }

    fn json(&self, path: &str) -> serde_json::Value {
        serde_json::from_str(&self.page(path).1).unwrap()
    }

    /// Waits until `path` is served with `text` in it.
    #[track_caller]
    fn wait_for_text(&self, path: &str, text: &str) -> String {
        wait_for(60, || {
            let (status, body) = self.page(path);
            (status == 200 && body.contains(text)).then_some(body)
        })
        .unwrap_or_else(|| {
            panic!(
                "{path} never showed {text:?}; server said:\n{}",
                self.stderr.lock().unwrap()
            )
        })
    }
}

impl Drop for Serving {
    /// Ctrl-C first, so the server removes its temporary folder; a kill if it hangs.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        if wait_for(10, || self.child.try_wait().ok().flatten()).is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn profile(summary: &str, extra: &str) -> String {
    format!("---\nname: Nguyễn Văn Đức\nyear: 2023\nsummary: {summary}\n{extra}---\nCâu chuyện.\n")
}

#[test]
fn serves_rebuilds_shows_errors_and_recovers() {
    let site = TestSite::new(&[(
        "content/citizens/2023/nguyen-van-duc.md",
        &profile("Phiên bản một", ""),
    )]);
    let server = Serving::start(site.root());
    let page = "/cong-dan-uu-tu/2023/nguyen-van-duc/";

    // The page, with the reload script added on the way out; plain files as they are.
    let body = server.wait_for_text(page, "Phiên bản một");
    assert!(
        body.contains("<script src=\"/__vinhdanh/reload.js\""),
        "{body}"
    );
    let css = get(&server.addr, "/css/style.css").unwrap();
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.text().contains("__vinhdanh"));
    let js = get(&server.addr, "/__vinhdanh/reload.js").unwrap();
    assert!(js.text().contains("/__vinhdanh/errors"));
    let moved = get(&server.addr, "/cong-dan-uu-tu/2023/nguyen-van-duc").unwrap();
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some(page));
    let (status, missing) = server.page("/khong-co/");
    assert_eq!(status, 404);
    assert!(
        missing.contains("__vinhdanh/reload.js"),
        "the 404 page reloads too"
    );
    assert_eq!(server.page("/../site.yaml").0, 400);
    // The preview never touches the site's own output folder.
    assert!(!site.root().join("public").exists());
    let first = server.json("/__vinhdanh/version")["good"].as_u64().unwrap();

    // A change is served.
    site.write(
        "content/citizens/2023/nguyen-van-duc.md",
        profile("Phiên bản hai", "").as_bytes(),
    );
    server.wait_for_text(page, "Phiên bản hai");
    let v = server.json("/__vinhdanh/version");
    assert!(
        v["good"].as_u64().unwrap() > first && v["ok"] == true,
        "{v}"
    );

    // A mistake: the errors are served, the last good page stays.
    site.write(
        "content/citizens/2023/nguyen-van-duc.md",
        profile("Phiên bản hỏng", "gender: male\n").as_bytes(),
    );
    let errors = wait_for(60, || {
        let e = server.json("/__vinhdanh/errors");
        (e["ok"] == false).then_some(e)
    })
    .expect("the broken profile was never reported");
    let e = &errors["errors"][0];
    assert_eq!(
        e["path"], "content/citizens/2023/nguyen-van-duc.md",
        "{errors}"
    );
    assert_eq!(
        (e["line"].as_u64(), e["col"].as_u64()),
        (Some(5), Some(9)),
        "{errors}"
    );
    assert!(
        e["message"].as_str().unwrap().contains("gender"),
        "{errors}"
    );
    assert!(e["hint"].as_str().unwrap().contains("nữ"), "{errors}");
    assert_eq!(server.json("/__vinhdanh/version")["ok"], false);
    let (status, body) = server.page(page);
    assert_eq!(status, 200);
    assert!(body.contains("Phiên bản hai") && body.contains("reload.js"));

    // Fixed: served again, errors gone.
    site.write(
        "content/citizens/2023/nguyen-van-duc.md",
        profile("Phiên bản ba", "").as_bytes(),
    );
    server.wait_for_text(page, "Phiên bản ba");
    let e = server.json("/__vinhdanh/errors");
    assert_eq!(e["ok"], true, "{e}");
    assert_eq!(e["errors"].as_array().map(Vec::len), Some(0));

    // site.yaml is watched too.
    site.write("site.yaml", "title: Tên mới của trang\n".as_bytes());
    server.wait_for_text("/", "Tên mới của trang");
}

#[test]
fn ctrl_c_stops_cleanly_and_removes_the_preview_folder() {
    let site = TestSite::new(&[("content/citizens/2023/a.md", &profile("Một", ""))]);
    let mut server = Serving::start(site.root());
    let pid = server.child.id();
    let folders = || -> Vec<String> {
        std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&format!("vinhdanh-serve-{pid}-")))
            .collect()
    };
    let mut found = folders();
    found.sort();
    assert_eq!(
        found.len(),
        2,
        "the preview is built in a temporary folder, with its lock beside it: {found:?}"
    );
    assert_eq!(format!("{}.lock", found[0]), found[1]);
    let killed = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = wait_for(30, || server.child.try_wait().unwrap())
        .expect("the server did not stop on Ctrl-C");
    assert!(status.success(), "{status:?}");
    assert!(
        folders().is_empty(),
        "the preview folder or its lock was left behind"
    );
}

#[test]
fn a_busy_port_gets_a_clear_message() {
    let site = TestSite::new(&[]);
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let out = Command::new(BIN)
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("port {port} is in use: pass --port N")),
        "{stderr}"
    );
}
