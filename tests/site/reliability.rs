//! Nothing lost: a corpus of broken sites (one defect each) must each fail with a precise
//! error and leave the previous output byte-for-byte as it was; builds killed at random
//! moments, or run twice at once, never leave a half site.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{copy_dir, jpeg, repo, snapshot};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_vinhdanh")
}

/// A copy of `case` (a fixture folder or nothing) with the default theme, a site.yaml and a
/// previous output folder.
fn prepare(case: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&repo().join("themes/default"), &root.join("themes/default"));
    std::fs::write(root.join("site.yaml"), "title: Thử nghiệm\n").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    if let Some(case) = case {
        copy_dir(case, root);
    }
    std::fs::create_dir_all(root.join("public/cong-dan-uu-tu")).unwrap();
    std::fs::write(
        root.join("public/index.html"),
        "<!doctype html><title>the previous site</title>",
    )
    .unwrap();
    std::fs::write(
        root.join("public/cong-dan-uu-tu/index.html"),
        "previous list",
    )
    .unwrap();
    dir
}

/// Runs a failing build and checks the error and that nothing was lost.
fn expect_failure(root: &Path, location: &str, fragments: &[&str], case: &str) {
    let before = snapshot(&root.join("public"));
    let out = Command::new(bin())
        .args(["build", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{case}: the build should fail");
    let line = stderr
        .lines()
        .find(|l| {
            l.strip_prefix("error: ")
                .is_some_and(|l| l.starts_with(location))
        })
        .unwrap_or_else(|| panic!("{case}: no error at {location}:\n{stderr}"));
    let block: String = stderr[stderr.find(line).unwrap()..]
        .lines()
        .take(2)
        .collect::<Vec<_>>()
        .join("\n");
    for f in fragments {
        assert!(block.contains(f), "{case}: {f:?} not in:\n{block}");
    }
    assert!(stderr.contains("Nothing was written"), "{case}: {stderr}");
    assert_eq!(
        before,
        snapshot(&root.join("public")),
        "{case}: the previous site changed"
    );
    let leftovers = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("vinhdanh-tmp"))
        .count();
    assert_eq!(leftovers, 0, "{case}: staging folder left behind");
}

#[test]
fn every_broken_site_of_the_corpus_fails_clearly_and_loses_nothing() {
    let corpus = repo().join("tests/fixtures/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 13);
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expect = std::fs::read_to_string(case.join("expect.txt")).unwrap();
        let mut lines = expect.lines();
        let location = lines.next().unwrap();
        let fragments: Vec<&str> = lines.collect();
        let dir = prepare(Some(&case));
        std::fs::remove_file(dir.path().join("expect.txt")).unwrap();
        expect_failure(dir.path(), location, &fragments, &name);
    }
}

/// The site's cache folder taken by a file (renamed by hand, or a file of that name copied
/// in): the build says so before writing anything, and the previous site stays.
#[test]
fn a_cache_folder_that_is_a_file_fails_clearly_and_loses_nothing() {
    let dir = prepare(None);
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/citizens/2023")).unwrap();
    std::fs::write(
        root.join("content/citizens/2023/a.md"),
        "---\nname: Nguyễn Văn A\nyear: 2023\n---\nCâu chuyện.\n",
    )
    .unwrap();
    std::fs::write(root.join(".vinhdanh-cache"), "not a folder").unwrap();
    let cache = root.join(".vinhdanh-cache").display().to_string();
    expect_failure(
        root,
        &cache,
        &["cannot write the stories aside", "writable"],
        "cache is a file",
    );
}

/// Builds the site at `root` with no file allowed over 64 KB (the signal that limit raises
/// ignored, so `write` fails instead), standing in for a full disk. The build must fail,
/// say what to check, and leave the previous site as it was. Returns what it printed on
/// standard error.
fn build_on_a_full_disk(root: &Path) -> String {
    let before = snapshot(&root.join("public"));
    let out = Command::new("bash")
        .args([
            "-c",
            r#"trap "" XFSZ; ulimit -f 64; exec "$0" build --root "$1""#,
        ])
        .arg(bin())
        .arg(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "the build should fail:\n{stderr}");
    assert!(stderr.contains("disk is not full"), "{stderr}");
    assert_eq!(
        before,
        snapshot(&root.join("public")),
        "the previous site changed"
    );
    stderr
}

/// Writes `n` citizens of 2023 into the site at `root`, each with `summary` and `story`.
fn citizens(root: &Path, n: usize, summary: &str, story: &str) {
    let dir = root.join("content/citizens/2023");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..n {
        std::fs::write(
            dir.join(format!("a{i}.md")),
            format!("---\nname: Nguyễn Văn A{i}\nyear: 2023\nsummary: {summary}\n---\n{story}\n"),
        )
        .unwrap();
    }
}

/// The disk fills while the stories are put aside (a file-size limit stands in for a full
/// disk): the build names the cache folder and the reason, and the previous site stays.
#[test]
fn a_full_disk_while_putting_stories_aside_fails_clearly_and_loses_nothing() {
    let dir = prepare(None);
    let root = dir.path();
    // 1.5 MB of stories: past the writer's 1 MB buffer, so a write fails while loading.
    let story = "Câu chuyện rất dài của một công dân ưu tú. ".repeat(2_000);
    citizens(root, 15, "Ngắn.", &story);
    let stderr = build_on_a_full_disk(root);
    let cache = root.join(".vinhdanh-cache").display().to_string();
    assert!(
        stderr.contains(&format!("error: {cache}"))
            && stderr.contains("cannot write the stories aside"),
        "{stderr}"
    );
}

/// 200 summaries of 500 bytes: the profiles' data file passes 64 KB, no page does.
fn long_data(root: &Path) {
    citizens(
        root,
        200,
        &"Một công dân tận tụy với cộng đồng, ".repeat(14),
        "Ngắn.",
    );
}

/// The disk fills while the open data is written a piece at a time (a file-size limit
/// stands in for a full disk): the build names the data file and the reason, and the
/// previous site stays.
#[test]
fn a_full_disk_while_writing_the_open_data_fails_clearly_and_loses_nothing() {
    let dir = prepare(None);
    let root = dir.path();
    long_data(root);
    let stderr = build_on_a_full_disk(root);
    assert!(
        stderr.contains("du-lieu/") && stderr.contains("cannot write the site"),
        "{stderr}"
    );
}

/// A full disk fails every write after the first: the build says so once, whichever step
/// met it first (here a page and the open data both pass the limit, made side by side).
#[test]
fn a_full_disk_is_one_error_whichever_file_meets_it_first() {
    let dir = prepare(None);
    let root = dir.path();
    long_data(root);
    // A summary of 90 KB: its page passes the limit too (a story that long would fail
    // earlier, when stories are put aside).
    let long = "Một người rất đáng được kể lại. ".repeat(2_800);
    std::fs::write(
        root.join("content/citizens/2023/dai.md"),
        format!("---\nname: Trần Thị Dài\nyear: 2023\nsummary: {long}\n---\nNgắn.\n"),
    )
    .unwrap();
    let stderr = build_on_a_full_disk(root);
    assert_eq!(
        stderr.matches("cannot write the site").count(),
        1,
        "one error for a full disk:\n{stderr}"
    );
}

/// Broken files that are binary or generated: made here rather than committed.
#[test]
fn broken_photos_bad_bytes_and_escaping_links_fail_clearly_and_lose_nothing() {
    let profile =
        |photo: &str| format!("---\nname: Nguyễn Văn A\nyear: 2023\nphoto: {photo}\n---\n");
    let full = jpeg(600, 400);
    // (case, files to write, error location, fragment of the message)
    type Case<'a> = (&'a str, Vec<(&'a str, Vec<u8>)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            "truncated photo",
            vec![("a.jpg", full[..full.len() / 3].to_vec())],
            "content/citizens/2023/a.md:4:8:",
            "cut off",
        ),
        (
            "not an image",
            vec![("a.jpg", b"<html>not a photo</html>".to_vec())],
            "content/citizens/2023/a.md:4:8:",
            "not an image",
        ),
        (
            "oversized photo",
            vec![("a.jpg", jpeg_claiming(20_000, 20_000))],
            "content/citizens/2023/a.md:4:8:",
            "megapixels",
        ),
    ];
    for (name, files, location, fragment) in cases {
        let dir = prepare(None);
        let folder = dir.path().join("content/citizens/2023");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("a.md"), profile("a.jpg")).unwrap();
        for (file, bytes) in files {
            std::fs::write(folder.join(file), bytes).unwrap();
        }
        expect_failure(dir.path(), location, &[fragment], name);
    }

    // A photo reached through a symbolic link that points outside the site.
    let dir = prepare(None);
    let folder = dir.path().join("content/citizens/2023");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("a.md"), profile("a.jpg")).unwrap();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), &full).unwrap();
    std::os::unix::fs::symlink(outside.path(), folder.join("a.jpg")).unwrap();
    expect_failure(
        dir.path(),
        "content/citizens/2023/a.md:4:8:",
        &["outside the site folder"],
        "symlink escape",
    );

    // A profile file that is itself a link to outside the site.
    let dir = prepare(None);
    let folder = dir.path().join("content/citizens/2023");
    std::fs::create_dir_all(&folder).unwrap();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "---\nname: X\nyear: 2023\n---\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), folder.join("x.md")).unwrap();
    expect_failure(
        dir.path(),
        "content/citizens/2023/x.md:1:1:",
        &["outside the site folder"],
        "symlinked profile",
    );

    // Invalid UTF-8 (a file saved as Windows-1258).
    let dir = prepare(None);
    let folder = dir.path().join("content/citizens/2023");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("a.md"),
        b"---\nname: Nguy\xd2n V\xe3n A\nyear: 2023\n---\n",
    )
    .unwrap();
    expect_failure(
        dir.path(),
        "content/citizens/2023/a.md:2:11:",
        &["not valid UTF-8"],
        "invalid UTF-8",
    );

    // A 50 MB Markdown file is refused at once, not processed for minutes.
    let dir = prepare(None);
    let folder = dir.path().join("content/citizens/2023");
    std::fs::create_dir_all(&folder).unwrap();
    let mut huge = b"---\nname: A\nyear: 2023\n---\n".to_vec();
    huge.extend(
        "Một câu chuyện rất dài. "
            .repeat(50_000_000 / 30)
            .into_bytes(),
    );
    std::fs::write(folder.join("a.md"), huge).unwrap();
    expect_failure(
        dir.path(),
        "content/citizens/2023/a.md:1:1:",
        &["MB", "at most"],
        "50 MB markdown",
    );
}

/// A JPEG whose header claims `w`×`h` pixels, with almost no data.
fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let small = jpeg(16, 16);
    let mut out = small.clone();
    // Patch the first SOF0 frame header (FF C0 len P H H W W).
    let at = small
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline JPEG");
    out[at + 5..at + 7].copy_from_slice(&h.to_be_bytes());
    out[at + 7..at + 9].copy_from_slice(&w.to_be_bytes());
    out
}

/// A site with enough photos that a cold build takes a moment.
fn photo_site() -> tempfile::TempDir {
    let dir = prepare(None);
    let root = dir.path();
    std::fs::remove_dir_all(root.join("public")).unwrap();
    for i in 0..8 {
        let folder = root.join(format!("content/citizens/2023/nguoi-{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("index.md"),
            format!("---\nname: Người số {i}\nyear: 2023\nphoto: a.jpg\n---\nChuyện.\n"),
        )
        .unwrap();
        std::fs::write(folder.join("a.jpg"), jpeg(1600 + i, 1200)).unwrap();
    }
    dir
}

fn build(root: &Path) -> bool {
    Command::new(bin())
        .args(["build", "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

#[test]
fn builds_killed_at_random_moments_never_lose_the_site() {
    let dir = photo_site();
    let root = dir.path();
    // Thousands of profiles besides the photos, so that a build takes long enough to be
    // killed in the middle of every step.
    let mut list = String::from("year: 2022\nprofiles:\n");
    for i in 0..3000 {
        list.push_str(&format!(
            "  - name: Người thứ {i}\n    summary: Gương mặt tiêu biểu số {i}.\n    district: Huyện {}\n    fields: [Lĩnh vực {}]\n",
            i % 10,
            i % 7
        ));
    }
    std::fs::write(root.join("content/citizens/2022.yaml"), list).unwrap();
    let started = std::time::Instant::now();
    assert!(build(root));
    // How long a build takes here, to aim the kills (not an assertion on speed).
    let full = started.elapsed();
    let old = snapshot(&root.join("public"));
    // A change that a finished build would publish.
    std::fs::write(
        root.join("content/citizens/2023/moi.md"),
        "---\nname: Người mới\nyear: 2023\n---\n",
    )
    .unwrap();
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    let mut new: Option<Vec<(String, Vec<u8>)>> = None;
    let (mut hit, mut completed) = (0, 0);
    for round in 0..8 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // Anywhere within a build's time; one round lets its build finish.
        let delay = full.mul_f64(((seed >> 33) % 1000) as f64 / 1000.0);
        // Without the cache, a build writes a fresh folder and processes the photos; with
        // it, it brings the spare tree up to date in place.
        if round % 2 == 0 {
            let _ = std::fs::remove_dir_all(root.join(".vinhdanh-cache"));
        }
        let mut child = Command::new(bin())
            .args(["build", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let status = if round == 5 {
            Some(child.wait().unwrap())
        } else {
            std::thread::sleep(delay);
            child.try_wait().unwrap()
        };
        match status {
            None => {
                // A hit only once the build is writing its staging folder.
                let writing = std::fs::read_dir(root).unwrap().flatten().any(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.contains("vinhdanh-tmp")
                        && !name.ends_with(".lock")
                        && !name.contains("trash")
                }) || std::fs::read_dir(root.join(".vinhdanh-cache/trees"))
                    .into_iter()
                    .flatten()
                    .flatten()
                    .any(|e| e.file_name().to_string_lossy().ends_with(".dirty"));
                hit += usize::from(writing);
                let _ = child.kill(); // SIGKILL
                let _ = child.wait();
            }
            Some(status) => {
                assert!(status.success(), "round {round}: the build failed");
                completed += 1;
            }
        }
        let now = snapshot(&root.join("public"));
        assert!(
            !now.is_empty(),
            "round {round} ({delay:?}): the site is gone"
        );
        if now != old {
            // The build finished before the kill: then the new site must be complete.
            assert!(
                now.iter()
                    .any(|(p, _)| p == "cong-dan-uu-tu/2023/moi/index.html"),
                "round {round}: a half site"
            );
            if let Some(n) = &new {
                assert_eq!(&now, n, "round {round}: differs from a complete build");
            }
            new = Some(now);
        }
    }
    assert!(
        hit >= 1,
        "no kill hit a build while it wrote (a build took {full:?})"
    );
    assert!(completed >= 1, "no build completed between the kills");
    assert!(
        new.is_some(),
        "the completed build did not publish the new site"
    );
    assert!(build(root), "the next build after the kills succeeds");
    let done = snapshot(&root.join("public"));
    assert!(done
        .iter()
        .any(|(p, _)| p == "cong-dan-uu-tu/2023/moi/index.html"));
    let leftovers = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            // The previous site is deleted in the background under a trash name.
            let name = e.file_name().to_string_lossy().into_owned();
            name.contains("vinhdanh-tmp") && !name.contains("vinhdanh-trash")
        })
        .count();
    assert_eq!(
        leftovers, 0,
        "staging folders of killed builds are cleaned up"
    );
}

#[test]
fn two_builds_at_once_leave_a_complete_site_and_a_sound_cache() {
    let dir = photo_site();
    let root = dir.path();
    let spawn = || {
        Command::new(bin())
            .args(["build", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let both = snapshot(&root.join("public"));
    // A third build uses the cache fully and produces the same site.
    let out = Command::new(bin())
        .args(["build", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("0 processed"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(both, snapshot(&root.join("public")));
    for (path, bytes) in &both {
        if path.ends_with(".jpg") {
            image::load_from_memory(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }
}
