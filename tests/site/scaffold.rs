//! `vinhdanh new` and `vinhdanh init`, run as a person would: the files they write pass
//! `vinhdanh check` as they are, every field they offer is a real one, nothing is ever
//! overwritten, and a new site builds at once.

use std::path::Path;
use std::process::{Command, Output};

use unicode_normalization::UnicodeNormalization;
use vinhdanh::build::{self, Options};

use crate::common::{jpeg, TestSite};

const BIN: &str = env!("CARGO_BIN_EXE_vinhdanh");

fn run(args: &[&str], root: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn check(root: &Path) {
    let opts = Options {
        root: root.to_path_buf(),
        ..Options::default()
    };
    if let Err(e) = build::check(&opts) {
        panic!("{}", vinhdanh::diagnostics::report(&e, None));
    }
}

/// Removes the `# ` in front of every field line (and of the lines of its lists), as a
/// person using every field would.
fn uncomment_fields(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest.starts_with("  ")
                    || rest.split_once(':').is_some_and(|(k, _)| {
                        !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    }) =>
            {
                rest.to_string()
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn new_person_lands_in_its_year_and_passes_check_as_written() {
    let site = TestSite::new(&[]);
    let out = run(
        &["new", "person", "Nguyễn Thị Hoà", "--year", "2023"],
        site.root(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rel = "content/citizens/2023/nguyen-thi-hoa.md";
    assert!(String::from_utf8_lossy(&out.stdout).contains(rel));
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    assert!(text.contains("name: Nguyễn Thị Hoà"));
    assert!(text.contains("year: 2023"));
    for field in [
        "summary",
        "photo",
        "photo_alt",
        "photo_credit",
        "photo_focus",
        "title",
        "organization",
        "birth_year",
        "gender",
        "group",
        "district",
        "commune",
        "fields",
        "awards",
        "links",
        "tags",
        "slug",
        "aliases",
        "weight",
        "draft",
    ] {
        assert!(
            text.contains(&format!("# {field}: ")) || text.contains(&format!("# {field}:\n")),
            "no {field}"
        );
    }
    for collective_only in [
        "# kind:",
        "# founded:",
        "# members:",
        "# leader:",
        "# gallery:",
    ] {
        assert!(
            !text.contains(collective_only),
            "{collective_only} is not for people"
        );
    }
    check(site.root());
    site.build().unwrap();
    let page = site.read("cong-dan-uu-tu/2023/nguyen-thi-hoa/index.html");
    assert!(page.contains("Nguyễn Thị Hoà"));
    assert!(
        !page.contains("Viết câu chuyện"),
        "the writing note must not be published"
    );

    // Never overwrites: same name again, and an NFD spelling of it.
    std::fs::write(site.root().join(rel), "mine").unwrap();
    let nfd: String = "Nguyễn Thị Hoà".nfd().collect();
    for name in ["Nguyễn Thị Hoà", nfd.as_str()] {
        let again = run(&["new", "person", name, "--year", "2023"], site.root());
        assert!(!again.status.success());
        let err = String::from_utf8_lossy(&again.stderr);
        assert!(err.contains(rel) && err.contains("already exists"), "{err}");
    }
    assert_eq!(
        std::fs::read_to_string(site.root().join(rel)).unwrap(),
        "mine"
    );
}

#[test]
fn new_collective_and_default_year() {
    let site = TestSite::new(&[]);
    let out = run(
        &["new", "collective", "Hợp tác xã Sâm: núi Dành"],
        site.root(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rel = "content/collectives/hop-tac-xa-sam-nui-danh.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    assert!(
        text.contains("name: \"Hợp tác xã Sâm: núi Dành\""),
        "{text}"
    );
    for field in [
        "kind", "founded", "members", "leader", "address", "website", "gallery",
    ] {
        assert!(text.contains(&format!("# {field}:")), "no {field}");
    }
    assert!(!text.contains("# gender:"));
    let person = run(&["new", "person", "Trần Văn Bình"], site.root());
    assert!(person.status.success());
    let year = vinhdanh::content::profile::current_year();
    assert!(site
        .root()
        .join(format!("content/citizens/{year}/tran-van-binh.md"))
        .is_file());
    check(site.root());

    let bad = run(&["new", "person", "Lê An", "--year", "1800"], site.root());
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--year"));
    let empty = run(&["new", "person", " -- "], site.root());
    assert!(!empty.status.success());
}

#[test]
fn every_offered_field_is_a_real_field() {
    for kind in ["person", "collective"] {
        let site = TestSite::new(&[]);
        let out = run(
            &["new", kind, "Đặng Văn Mẫu", "--year", "2023"],
            site.root(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let folder = if kind == "person" {
            "content/citizens/2023"
        } else {
            "content/collectives"
        };
        let path = site.root().join(folder).join("dang-van-mau.md");
        // Every field but `draft`, which would leave the profile (and its photos) out.
        let full = uncomment_fields(&std::fs::read_to_string(&path).unwrap())
            .replace("\ndraft: true", "\ndraft: false");
        assert!(full.contains("\nawards:\n  - title:"), "{full}");
        std::fs::write(&path, full).unwrap();
        site.write(&format!("{folder}/dang-van-mau.jpg"), &jpeg(40, 30));
        site.write(&format!("{folder}/dang-van-mau-2.jpg"), &jpeg(40, 30));
        check(site.root());
    }
}

#[test]
fn new_refuses_a_site_without_a_section_of_that_kind() {
    let site = TestSite::new(&[(
        "site.yaml",
        "title: T\nsections:\n  people: { kind: person, path: nguoi, title: Người }\n",
    )]);
    let out = run(&["new", "collective", "Đội A"], site.root());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no section holds collectives"), "{err}");
    let ok = run(&["new", "person", "Lê Bình", "--year", "2022"], site.root());
    assert!(ok.status.success());
    assert!(site.root().join("content/people/2022/le-binh.md").is_file());
}

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("vinh-danh");
    let out = Command::new(BIN).arg("init").arg(&root).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in [
        "site.yaml",
        "content/_index.md",
        "themes/default/templates/base.html",
        "themes/default/static/css/style.css",
        "themes/default/i18n/vi.yaml",
    ] {
        assert!(root.join(f).is_file(), "{f}");
    }
    check(&root);
    let built = Command::new(BIN)
        .args(["build", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for page in [
        "index.html",
        "cong-dan-uu-tu/index.html",
        "tap-the-dien-hinh/htx-nong-nghiep-mau/index.html",
        "gioi-thieu/index.html",
        "css/style.css",
    ] {
        assert!(root.join("public").join(page).is_file(), "{page}");
    }
    // `new` works in it straight away.
    let new = run(&["new", "person", "Phạm Văn Tư"], &root);
    assert!(new.status.success());
    check(&root);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let out = Command::new(BIN)
        .arg("init")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not empty"), "{err}");
    assert!(!dir.path().join("site.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    // An empty existing folder is fine.
    let empty = tempfile::tempdir().unwrap();
    let ok = Command::new(BIN)
        .arg("init")
        .arg(empty.path())
        .output()
        .unwrap();
    assert!(ok.status.success());
}
