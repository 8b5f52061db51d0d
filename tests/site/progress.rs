//! Long steps show their progress on a terminal, and nothing extra when piped.

use std::process::Command;

use crate::common::TestSite;

fn big_site() -> TestSite {
    let mut list = String::from("year: 2023\nprofiles:\n");
    for i in 0..2500 {
        list.push_str(&format!(
            "  - name: Người thứ {i}\n    summary: Gương mặt số {i}.\n"
        ));
    }
    TestSite::new(&[("content/citizens/2023.yaml", list.as_str())])
}

#[test]
fn a_terminal_sees_progress_and_a_pipe_does_not() {
    let site = big_site();
    let bin = env!("CARGO_BIN_EXE_vinhdanh");
    let piped = Command::new(bin)
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(piped.status.success());
    let err = String::from_utf8_lossy(&piped.stderr);
    assert!(!err.contains("pages"), "a bar was drawn into a pipe: {err}");
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("`script` (util-linux) is missing: the terminal half is not checked");
        return;
    }
    // `script` runs the build on a pseudo-terminal and keeps what it drew.
    let log = site.root().join("typescript");
    let command = format!(
        "{bin} build --root {} --output {}",
        site.root().display(),
        site.root().join("out").display()
    );
    let run = Command::new("script")
        .args(["-qec", &command])
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let drawn = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    assert!(
        drawn.contains("pages"),
        "no progress on a terminal: {drawn}"
    );
    assert!(drawn.contains("Built 2500 profiles"), "{drawn}");
}
