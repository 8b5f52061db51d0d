//! Honour beyond the screen, as built files: QR codes only where they can lead somewhere,
//! a certificate per profile, a board per year, the kiosk, and their settings checked.
//! (That the codes scan and the sheets print on one page is checked in Chromium:
//! `tests/browser/paper.test.js`.)

use crate::common::{assert_error, TestSite};

const PERSON: &str = "---\nname: Nguyễn Văn An\nyear: 2024\ntitle: Nông dân\nsummary: Trồng vải.\nawards:\n  - title: Công dân ưu tú\n    year: 2024\n    decision: Quyết định số 1/QĐ-UBND ngày 1/8/2024\n---\nChuyện.\n";

fn site(base_url: &str, extra: &str) -> TestSite {
    TestSite::new(&[
        (
            "site.yaml",
            &format!("title: Thử\nbase_url: {base_url}\n{extra}"),
        ),
        ("content/citizens/2024/nguyen-van-an.md", PERSON),
        (
            "content/collectives/htx-a.md",
            "---\nname: Hợp tác xã A\nkind: Hợp tác xã\n---\n",
        ),
    ])
}

#[test]
fn a_full_base_url_gives_every_profile_a_code_a_certificate_and_the_year_a_board() {
    let s = site("https://example.vn/vinh-danh", "");
    let summary = s.build().unwrap();
    assert!(
        !summary.notes.iter().any(|n| n.contains("QR")),
        "{:?}",
        summary.notes
    );
    let profile = s.read("cong-dan-uu-tu/2024/nguyen-van-an/index.html");
    assert!(profile.contains("<svg class=\"qr\""), "{profile}");
    assert!(
        profile.contains("href=\"/vinh-danh/cong-dan-uu-tu/2024/chung-nhan.html#nguyen-van-an\"")
    );
    let cert = s.read("cong-dan-uu-tu/2024/chung-nhan.html");
    for want in [
        "<meta name=\"robots\" content=\"noindex\">",
        "Nguyễn Văn An",
        "Công dân ưu tú",
        "Quyết định số 1/QĐ-UBND ngày 1/8/2024",
        "https://example.vn/vinh-danh/cong-dan-uu-tu/2024/nguyen-van-an/",
        "<svg class=\"qr\"",
        "href=\"/vinh-danh/css/print.css\"",
        "<article class=\"certificate-page\" id=\"nguyen-van-an\"",
        "href=\"/vinh-danh/cong-dan-uu-tu/2024/nguyen-van-an/\"",
    ] {
        assert!(cert.contains(want), "the certificate has {want}:\n{cert}");
    }
    let collectives = s.read("tap-the-dien-hinh/chung-nhan.html");
    assert!(collectives.contains("Hợp tác xã A") && collectives.contains("id=\"htx-a\""));
    assert!(s
        .read("tap-the-dien-hinh/htx-a/index.html")
        .contains("href=\"/vinh-danh/tap-the-dien-hinh/chung-nhan.html#htx-a\""));
    let board = s.read("cong-dan-uu-tu/2024/ban-in/index.html");
    assert!(board.contains("paper--a4-landscape") && board.contains("board--cols-1"));
    assert!(s
        .read("cong-dan-uu-tu/2024/index.html")
        .contains("href=\"/vinh-danh/cong-dan-uu-tu/2024/ban-in/\""));
    let kiosk = s.read("trinh-chieu/index.html");
    assert!(kiosk.contains("data-interval=\"10\" data-idle=\"90\""));
    assert_eq!(
        kiosk.matches("data-slide=").count(),
        2,
        "the citizen, then the collective"
    );
    assert!(kiosk.find("Nguyễn Văn An") < kiosk.find("Hợp tác xã A"));
    for file in ["css/print.css", "css/kiosk.css", "js/kiosk.js"] {
        assert!(!s.read(file).is_empty());
    }
    let sitemap = s.read("sitemap.xml");
    assert!(!sitemap.contains("ban-in") && !sitemap.contains("trinh-chieu"));
    assert!(!sitemap.contains("chung-nhan"));
}

#[test]
fn without_a_full_base_url_codes_are_left_out_and_the_build_says_so_once() {
    let s = site("/", "");
    let summary = s.build().unwrap();
    let notes: Vec<_> = summary.notes.iter().filter(|n| n.contains("QR")).collect();
    assert_eq!(notes.len(), 1, "{:?}", summary.notes);
    assert!(notes[0].contains("base_url"));
    for page in [
        "cong-dan-uu-tu/2024/nguyen-van-an/index.html",
        "cong-dan-uu-tu/2024/chung-nhan.html",
        "cong-dan-uu-tu/2024/ban-in/index.html",
        "trinh-chieu/index.html",
    ] {
        let html = s.read(page);
        assert!(!html.contains("<svg class=\"qr\""), "{page}");
        assert!(
            !html.contains("qr-code"),
            "{page}: no caption without a code"
        );
    }
}

#[test]
fn a_big_year_gives_the_kiosk_and_the_board_their_first_48() {
    let people: Vec<(String, String)> = (0..60)
        .map(|i| {
            (
                format!("content/citizens/2024/p{i:02}.md"),
                PERSON.replace("Nguyễn Văn An", &format!("Người {i:02}")),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> =
        vec![("site.yaml", "title: Thử\nbase_url: https://example.vn/\n")];
    files.extend(people.iter().map(|(p, c)| (p.as_str(), c.as_str())));
    let s = TestSite::new(&files);
    s.build().unwrap();
    let kiosk = s.read("trinh-chieu/index.html");
    assert_eq!(kiosk.matches("data-slide=").count(), 48);
    assert!(kiosk.contains("Người 47") && !kiosk.contains("Người 48"));
    let board = s.read("cong-dan-uu-tu/2024/ban-in/index.html");
    assert_eq!(board.matches("<svg class=\"qr\"").count(), 48);
}

#[test]
fn print_and_kiosk_settings_are_read_and_checked() {
    let s = site(
        "https://example.vn/",
        "print:\n  board: A3\nkiosk:\n  interval: 4\n  idle: 30\n",
    );
    s.build().unwrap();
    assert!(s
        .read("cong-dan-uu-tu/2024/ban-in/index.html")
        .contains("paper--a3-landscape"));
    assert!(s
        .read("trinh-chieu/index.html")
        .contains("data-interval=\"4\" data-idle=\"30\""));

    let bad = site(
        "https://example.vn/",
        "print:\n  board: A5\n  colour: red\nkiosk:\n  interval: 0\n  idle: 99999\n",
    );
    let errors = bad.errors();
    assert_error(&errors, "site.yaml:4:10", "`board: A5`");
    assert_error(&errors, "site.yaml:5:3", "colour");
    assert_error(&errors, "site.yaml:7:13", "`interval: 0` is out of range");
    assert_error(&errors, "site.yaml:8:9", "`idle: 99999` is out of range");
}

#[test]
fn a_theme_or_site_may_ship_its_own_print_style() {
    let s = site("https://example.vn/", "");
    s.write("static/css/print.css", b"/* ours */");
    s.build().unwrap();
    assert_eq!(s.read("css/print.css"), "/* ours */");
}
