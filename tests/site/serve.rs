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
pub(crate) struct Serving {
    pub(crate) child: Child,
    pub(crate) addr: String,
    stderr: Arc<Mutex<String>>,
    /// Every line printed after the address.
    pub(crate) stdout: Arc<Mutex<Vec<String>>>,
}

impl Serving {
    pub(crate) fn start(root: &Path) -> Serving {
        Serving::start_with(root, &[])
    }

    /// With more arguments (`--bind 0.0.0.0`, `--edit`).
    pub(crate) fn start_with(root: &Path, args: &[&str]) -> Serving {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0"])
            .args(args)
            .arg("--root")
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
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&stdout);
        std::thread::spawn(move || {
            while let Ok(line) = rx.recv() {
                lines.lock().unwrap().push(line);
            }
        });
        // Listening on every interface: reached through the loopback address.
        let addr = addr.replace("0.0.0.0", "127.0.0.1");
        Serving {
            child,
            addr,
            stderr,
            stdout,
        }
    }

    /// Waits for a printed line containing `text`.
    pub(crate) fn line(&self, text: &str) -> String {
        wait_for(30, || {
            self.stdout
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(text))
                .cloned()
        })
        .unwrap_or_else(|| panic!("serve never printed {text:?}"))
    }

    pub(crate) fn page(&self, path: &str) -> (u16, String) {
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
fn ctrl_c_stops_cleanly_and_nothing_is_written() {
    let site = TestSite::new(&[("content/citizens/2023/a.md", &profile("Một", ""))]);
    let before = crate::common::snapshot(site.root());
    let mut server = Serving::start(site.root());
    server.wait_for_text("/cong-dan-uu-tu/2023/a/", "Một");
    let pid = server.child.id();
    let killed = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = wait_for(30, || server.child.try_wait().unwrap())
        .expect("the server did not stop on Ctrl-C");
    assert!(status.success(), "{status:?}");
    // The preview lives in memory: the site folder is as it was but for the photo cache,
    // and no temporary folder is left.
    let after: Vec<_> = crate::common::snapshot(site.root())
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".vinhdanh-cache"))
        .collect();
    assert!(after == before, "serve wrote into the site folder");
    let left: Vec<String> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("vinhdanh-serve-{pid}-")))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A served page as built: the script the server adds taken out.
fn without_reload_script(html: &str) -> String {
    let Some(start) = html.rfind("<script src=\"/__vinhdanh/reload.js\"") else {
        return html.to_string();
    };
    let end = html[start..]
        .find("</script>")
        .map_or(html.len(), |e| start + e + 9);
    format!("{}{}", &html[..start], &html[end..])
}

/// Percent-encodes what is not plain ASCII in a path, as a browser does.
fn encode(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn the_served_site_equals_a_fresh_build_after_edits_additions_and_removals() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for part in ["content", "themes"] {
        crate::common::copy_dir(&crate::common::repo().join(part), &root.join(part));
    }
    std::fs::copy(
        crate::common::repo().join("site.yaml"),
        root.join("site.yaml"),
    )
    .unwrap();
    let server = Serving::start(root);
    let page = "/cong-dan-uu-tu/2023/bac-si-do-quang-huy/";
    server.wait_for_text(page, "Đỗ Quang Huy");

    // An edit of a story and a summary, a new profile, a removed one, a renamed one, and
    // an entry of a list file changed: one after another, as staff work.
    let huy = root.join("content/citizens/2023/do-quang-huy.md");
    let text = std::fs::read_to_string(&huy).unwrap();
    let text = text.replacen("summary: ", "summary: Đã sửa trong lúc xem. ", 1);
    std::fs::write(&huy, format!("{text}\nMột đoạn mới của câu chuyện.\n")).unwrap();
    server.wait_for_text(page, "Đã sửa trong lúc xem.");
    std::fs::write(
        root.join("content/citizens/2023/tran-thi-moi.md"),
        "---\nname: Trần Thị Mới\nyear: 2023\nsummary: Hồ sơ thêm khi đang xem.\nfields: [Giáo dục]\ndistrict: Yên Thế\n---\nCâu chuyện.\n",
    )
    .unwrap();
    server.wait_for_text("/cong-dan-uu-tu/2023/", "Trần Thị Mới");
    // A missing address answers 404 without the feeds being made; an alias, which only the
    // profile names, still redirects.
    assert_eq!(server.page("/favicon.ico").0, 404);
    let (status, alias) = server.page("/cong-dan-uu-tu/2023/ten-cu/");
    assert_eq!(status, 200);
    assert!(
        alias.contains("url=/cong-dan-uu-tu/2023/duong-thi-thu/"),
        "{alias}"
    );
    std::fs::remove_file(root.join("content/citizens/2023/duong-thi-thu.md")).unwrap();
    wait_for(60, || {
        (server.page("/cong-dan-uu-tu/2023/duong-thi-thu/").0 == 404).then_some(())
    })
    .expect("the removed profile is still served");
    std::fs::rename(
        root.join("content/citizens/2023/hoang-van-son.md"),
        root.join("content/citizens/2023/hoang-van-son-bac-giang.md"),
    )
    .unwrap();
    server.wait_for_text(
        "/cong-dan-uu-tu/2023/hoang-van-son-bac-giang/",
        "Hoàng Văn Sơn",
    );
    let list = root.join("content/citizens/2022.yaml");
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(
        &list,
        text.replacen("Nông dân đưa giống na dai", "Người đưa giống na dai", 1),
    )
    .unwrap();
    server.wait_for_text(
        "/cong-dan-uu-tu/2022/giap-van-hung/",
        "Người đưa giống na dai",
    );
    // The consultation: the round's notice edited, and a candidate's decision entered (she
    // leaves the round's page and gets her own).
    let round = root.join("content/lay-y-kien/cong-dan-uu-tu-2026.md");
    let text = std::fs::read_to_string(&round).unwrap();
    std::fs::write(
        &round,
        text.replacen("công bố danh sách", "công bố lại danh sách", 1),
    )
    .unwrap();
    server.wait_for_text("/lay-y-kien/cong-dan-uu-tu-2026/", "công bố lại danh sách");
    let candidates = root.join("content/citizens/2026.yaml");
    let text = std::fs::read_to_string(&candidates).unwrap();
    std::fs::write(
        &candidates,
        text.replacen(
            "        status: proposed",
            "        decision: Quyết định số 2500/QĐ-UBND ngày 1/12/2026",
            1,
        ),
    )
    .unwrap();
    server.wait_for_text("/cong-dan-uu-tu/2026/nong-thi-thu-ha/", "Nông Thị Thu Hà");
    // A new folder with a profile, then the folder moved out of the site: what a file
    // watcher reports as one folder, not file by file.
    std::fs::create_dir_all(root.join("content/citizens/2021")).unwrap();
    std::fs::write(
        root.join("content/citizens/2021/nguoi-cu.md"),
        "---\nname: Người Cũ\nyear: 2021\n---\n",
    )
    .unwrap();
    server.wait_for_text("/cong-dan-uu-tu/2021/nguoi-cu/", "Người Cũ");
    std::fs::create_dir_all(root.join("moved")).unwrap();
    std::fs::rename(root.join("content/citizens/2021"), root.join("moved/2021")).unwrap();
    wait_for(60, || {
        (server.page("/cong-dan-uu-tu/2021/nguoi-cu/").0 == 404).then_some(())
    })
    .expect("the moved folder's profile is still served");

    // A fresh build of the same files with the same address, compared file by file.
    let out = tempfile::tempdir().unwrap();
    let fresh = vinhdanh::build::build(&vinhdanh::build::Options {
        root: root.to_path_buf(),
        output: Some(out.path().join("site")),
        base_url: Some(format!("http://{}/", server.addr)),
        ..Default::default()
    })
    .unwrap();
    assert!(fresh.profiles > 30);
    let built = crate::common::snapshot(&out.path().join("site"));
    let served: Vec<String> = serde_json::from_value(server.json("/__vinhdanh/files")).unwrap();
    let built_paths: Vec<&str> = built.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        served, built_paths,
        "the served files are not those of a build"
    );
    let mut differ = Vec::new();
    for (path, bytes) in &built {
        let url = format!("/{}", encode(path));
        let r = get(&server.addr, &url).unwrap_or_else(|| panic!("no answer for {url}"));
        let body = if path.ends_with(".html") {
            without_reload_script(&r.text()).into_bytes()
        } else {
            r.body.clone()
        };
        let status_ok = r.status == 200 || (path == "404.html" && r.status == 404);
        if !status_ok || &body != bytes {
            differ.push(format!("{path} ({})", r.status));
        }
    }
    assert!(
        differ.is_empty(),
        "served differently from the build: {differ:?}"
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
