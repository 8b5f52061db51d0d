//! The life of an honour as an office lives it: candidates announced in a consultation
//! round and honoured nowhere else, an honour revoked, and the open data, exported and
//! imported back. Dates are counted from the day the test runs, as the build counts them.

use std::collections::BTreeSet;

use vinhdanh::content::decision::Date;

use crate::common::{assert_error, copy_dir, repo, snapshot, TestSite};

/// A round of `award` in `year`, taking comments from `opens` to `closes` days from today.
fn round(award: &str, year: i64, opens: i64, closes: i64) -> String {
    let today = Date::today();
    format!(
        "---\ntitle: Lấy ý kiến về {award} năm {year}\naward: {award}\nyear: {year}\nopens: {}\ncloses: {}\ncontact:\n  agency: Ban Thi đua – Khen thưởng tỉnh\n  address: Số 1 đường Mẫu, thành phố Bắc Giang\n  email: tdkt@example.gov.vn\n  phone: 0204 3000 000\n---\nKính đề nghị nhân dân góp ý **bằng văn bản**.\n",
        today.plus_days(opens).iso(),
        today.plus_days(closes).iso(),
    )
}

/// A candidate proposed for `award` in 2026.
fn candidate(name: &str, award: &str) -> String {
    format!("---\nname: {name}\nyear: 2026\nbirth_year: 1980\ndistrict: Lục Ngạn\ncommune: Phượng Sơn\ntitle: Nông dân\nsummary: Tóm tắt của {name}.\nfields: [Ứng viên riêng]\nawards:\n  - title: {award}\n    year: 2026\n    status: proposed\n---\n")
}

const HONOURED: &str = "---\nname: Nguyễn Văn Đức\nyear: 2024\nfields: [Nông nghiệp]\nawards:\n  - title: Công dân Bắc Giang ưu tú\n    year: 2024\n    decision: Quyết định số 1234/QĐ-UBND ngày 15/8/2024\n---\n";

/// Honoured in 2024, and proposed again in 2026 for another honour: a candidate of that
/// round who keeps the page the first honour gives.
const HONOURED_AND_PROPOSED: &str = "---\nname: Trần Văn Bình\nyear: 2024\nawards:\n  - title: Công dân Bắc Giang ưu tú\n    year: 2024\n    decision: Quyết định số 1234/QĐ-UBND ngày 15/8/2024\n  - title: Gương sáng vùng cao\n    year: 2026\n    status: proposed\n---\n";

fn consultation_site(theme: &str) -> TestSite {
    let award = "Công dân Bắc Giang ưu tú";
    let files = [
        (
            "site.yaml".to_string(),
            format!("title: Thử nghiệm\nbase_url: https://vd.example.vn/\ntheme: {theme}\n"),
        ),
        (
            "content/citizens/2024/nguyen-van-duc.md".into(),
            HONOURED.into(),
        ),
        (
            "content/citizens/2024/tran-van-binh.md".into(),
            HONOURED_AND_PROPOSED.into(),
        ),
        (
            "content/citizens/2026/vu-thi-an.md".into(),
            candidate("Vũ Thị Ấn", award),
        ),
        (
            "content/citizens/2026/an-van-ba.md".into(),
            candidate("An Văn Bá", award),
        ),
        (
            "content/citizens/2026/hoang-thi-yen.md".into(),
            candidate("Hoàng Thị Yến", award),
        ),
        (
            "content/lay-y-kien/cong-dan-2026.md".into(),
            round(award, 2026, -3, 10),
        ),
        (
            "content/lay-y-kien/guong-sang-2026.md".into(),
            round("Gương sáng vùng cao", 2026, -100, -80),
        ),
    ];
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let s = TestSite::new(&refs);
    copy_dir(
        &repo().join("themes/formal"),
        &s.root().join("themes/formal"),
    );
    s
}

/// Every file of the built site whose text holds `needle`, by path.
fn files_naming(s: &TestSite, needle: &str) -> BTreeSet<String> {
    snapshot(&s.root().join("public"))
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn candidates_are_announced_and_honoured_nowhere_else_in_both_themes() {
    for theme in ["default", "formal"] {
        let s = consultation_site(theme);
        let summary = s.build().unwrap_or_else(|e| panic!("{theme}: {e:?}"));
        assert_eq!(
            summary.profiles, 2,
            "{theme}: the candidates are not profiles"
        );
        let note = summary.notes.join("\n");
        assert!(
            note.contains("content/lay-y-kien/guong-sang-2026.md") && note.contains("80 days ago"),
            "{theme}: a round closed 80 days ago with no decision is noted: {note}"
        );

        let list = s.read("lay-y-kien/index.html");
        let open = list.find("Công dân Bắc Giang ưu tú năm 2026").unwrap();
        let closed = list.find("Gương sáng vùng cao năm 2026").unwrap();
        assert!(open < closed, "{theme}: the open round comes first");

        let page = s.read("lay-y-kien/cong-dan-2026/index.html");
        let closes = Date::today().plus_days(10).ddmmyyyy();
        assert!(
            page.contains(&closes),
            "{theme}: the closing date as dd/mm/yyyy"
        );
        assert!(
            page.contains("còn 11 ngày"),
            "{theme}: ten days and the closing day left"
        );
        assert!(
            page.contains("tdkt@example.gov.vn") && page.contains("<strong>bằng văn bản</strong>")
        );
        // Vietnamese order: by given name (Ấn, Bá, Yến), not by family name.
        let at = |n: &str| {
            page.find(n)
                .unwrap_or_else(|| panic!("{theme}: {n} on the round's page"))
        };
        assert!(at("Vũ Thị Ấn") < at("An Văn Bá") && at("An Văn Bá") < at("Hoàng Thị Yến"));
        let closed_page = s.read("lay-y-kien/guong-sang-2026/index.html");
        assert!(closed_page.contains("Đã hết hạn góp ý") && closed_page.contains("Trần Văn Bình"));

        for name in ["Vũ Thị Ấn", "An Văn Bá", "Hoàng Thị Yến"] {
            assert_eq!(
                files_naming(&s, name),
                BTreeSet::from(["lay-y-kien/cong-dan-2026/index.html".to_string()]),
                "{theme}: {name} is only on the round's page"
            );
        }
        // The one honoured before keeps the page of that honour, and the proposed one is not
        // on it (nor in its JSON-LD, its term pages or the open data).
        let binh = s.read("cong-dan-uu-tu/2024/tran-van-binh/index.html");
        assert!(
            !binh.contains("Gương sáng vùng cao"),
            "{theme}: a proposed honour is not shown"
        );
        assert!(files_naming(&s, "Gương sáng vùng cao")
            .iter()
            .all(|p| p.starts_with("lay-y-kien/") || p.starts_with("search/")));
        // The term of a field only candidates have is not made.
        assert!(!s.root().join("public/linh-vuc/ung-vien-rieng").exists());
        let sitemap = s.read("sitemap.xml");
        assert!(sitemap.contains("/lay-y-kien/cong-dan-2026/") && sitemap.contains("/du-lieu/"));
    }
}

#[test]
fn a_revoked_honour_is_shown_withdrawn_and_leaves_every_count() {
    let sole = "---\nname: Lê Văn Sai\nyear: 2023\ndistrict: Yên Thế\nfields: [Nông nghiệp]\nawards:\n  - title: Công dân Bắc Giang ưu tú\n    year: 2023\n    decision: Quyết định số 1102/QĐ-UBND ngày 10/8/2023\n    revoked:\n      decision: Quyết định số 77/QĐ-UBND ngày 2/3/2025\n      reason: Hồ sơ khai không trung thực\n---\nCâu chuyện cũ.\n";
    let second = "---\nname: Phạm Thị Hai\nyear: 2023\nawards:\n  - title: Công dân Bắc Giang ưu tú\n    year: 2023\n    decision: Quyết định số 1102/QĐ-UBND ngày 10/8/2023\n  - title: Chiến sĩ thi đua cơ sở\n    year: 2023\n    decision: Quyết định số 2210/QĐ-UBND ngày 20/12/2023\n    revoked:\n      decision: Quyết định số 77/QĐ-UBND ngày 2/3/2025\n      reason: Thành tích tính trùng\n---\n";
    let s = TestSite::new(&[
        ("content/citizens/2023/le-van-sai.md", sole),
        ("content/citizens/2023/pham-thi-hai.md", second),
    ]);
    s.build().unwrap();

    // The sole honour withdrawn: the page stays, with the notice, out of search engines.
    let page = s.read("cong-dan-uu-tu/2023/le-van-sai/index.html");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(page.contains("withdrawn-notice") && page.contains("Hồ sơ khai không trung thực"));
    assert!(page.contains("/quyet-dinh/77-qd-ubnd-2025/"));
    assert!(
        !page.contains("id=\"nhung-the\""),
        "no card for other sites to embed"
    );
    let ld = &page[page.find("application/ld+json").unwrap()..];
    assert!(
        !ld[..ld.find("</script>").unwrap()].contains("\"award\""),
        "no award in its JSON-LD"
    );
    // … and leaves the lists, search, sitemap, feeds, statistics, kiosk and boards.
    assert_eq!(
        files_naming(&s, "Lê Văn Sai"),
        BTreeSet::from([
            "cong-dan-uu-tu/2023/le-van-sai/index.html".to_string(),
            "quyet-dinh/1102-qd-ubnd-2023/index.html".to_string(),
            "quyet-dinh/77-qd-ubnd-2025/index.html".to_string(),
            "dong-thoi-gian/2023/index.html".to_string(),
            "du-lieu/cong-dan-uu-tu.csv".to_string(),
            "du-lieu/ho-so.json".to_string(),
            "du-lieu/quyet-dinh.json".to_string(),
        ]),
        "the withdrawn profile is only where the record of the decisions needs it"
    );
    assert!(!s.read("sitemap.xml").contains("le-van-sai"));
    assert!(!s
        .read("cong-dan-uu-tu/2023/chung-nhan.html")
        .contains("le-van-sai"));
    assert!(
        !s.read("dia-ban/index.html").contains("Yên Thế"),
        "its district has no one left"
    );

    // The second honour withdrawn: shown as withdrawn, out of the counts and the JSON-LD.
    let hai = s.read("cong-dan-uu-tu/2023/pham-thi-hai/index.html");
    assert!(hai.contains("Đã thu hồi") && hai.contains("Thành tích tính trùng"));
    assert!(
        hai.contains("id=\"nhung-the\""),
        "a standing honour keeps its card"
    );
    assert!(!hai.contains("noindex"));
    let jsonld = &hai[hai.find("application/ld+json").unwrap()..];
    let jsonld = &jsonld[..jsonld.find("</script>").unwrap()];
    assert!(jsonld.contains("Công dân Bắc Giang ưu tú") && !jsonld.contains("Chiến sĩ thi đua"));
    assert!(!s
        .root()
        .join("public/danh-hieu/chien-si-thi-dua-co-so")
        .exists());
    let board = s.read("cong-dan-uu-tu/2023/ban-in/index.html");
    assert!(board.contains("Phạm Thị Hai") && !board.contains("Chiến sĩ thi đua"));

    // The register: the revoking decision names whom it concerns and what it revokes; the
    // revoked decision shows the withdrawal.
    let revoking = s.read("quyet-dinh/77-qd-ubnd-2025/index.html");
    assert!(revoking.contains("Danh hiệu bị thu hồi theo quyết định này (2)"));
    assert!(
        revoking.contains("/quyet-dinh/2210-qd-ubnd-2023/") && revoking.contains("Phạm Thị Hai")
    );
    let revoked = s.read("quyet-dinh/2210-qd-ubnd-2023/index.html");
    assert!(revoked.contains("Đã thu hồi") && revoked.contains("/quyet-dinh/77-qd-ubnd-2025/"));
    let register = s.read("quyet-dinh/index.html");
    assert!(register.contains("thu hồi danh hiệu: 2"));
    let stats = s.read("thong-ke/index.html");
    assert!(
        !stats.contains("Chiến sĩ thi đua"),
        "the award chart counts standing honours"
    );
}

#[test]
fn what_cannot_be_true_of_an_honour_is_an_error_and_the_site_stays() {
    let award = "Công dân Bắc Giang ưu tú";
    let s = TestSite::new(&[
        ("content/citizens/2024/nguyen-van-duc.md", HONOURED),
        (
            "content/citizens/2026/vu-thi-an.md",
            &candidate("Vũ Thị Ấn", award),
        ),
        (
            "content/lay-y-kien/cong-dan-2026.md",
            &round(award, 2026, -3, 10),
        ),
    ]);
    s.build().unwrap();
    let before = snapshot(&s.root().join("public"));

    s.write(
        "content/lay-y-kien/sai-ngay.md",
        round("Gương sáng", 2026, 5, 1).as_bytes(),
    );
    s.write(
        "content/lay-y-kien/khong-ai.md",
        round("Không ai được đề nghị", 2026, -1, 9).as_bytes(),
    );
    s.write(
        "content/citizens/2026/lac-dot.md",
        candidate("Lạc Đợt", "Danh hiệu không có đợt").as_bytes(),
    );
    s.write(
        "content/citizens/2026/co-quyet-dinh.md",
        "---\nname: Có Quyết Định\nyear: 2026\nawards:\n  - title: Công dân Bắc Giang ưu tú\n    status: proposed\n    decision: Quyết định số 5/QĐ-UBND\n---\n".as_bytes(),
    );
    s.write(
        "content/citizens/2024/thu-hoi-som.md",
        "---\nname: Thu Hồi Sớm\nyear: 2024\nawards:\n  - title: Công dân Bắc Giang ưu tú\n    year: 2024\n    decision: Quyết định số 1234/QĐ-UBND ngày 15/8/2024\n    revoked: { decision: Quyết định số 9/QĐ-UBND ngày 1/8/2024, reason: Sai }\n  - title: Khác\n    status: chờ\n---\n".as_bytes(),
    );
    let errors = s.errors();
    assert_error(&errors, "content/lay-y-kien/sai-ngay.md:6:", "closes on");
    assert_error(
        &errors,
        "content/lay-y-kien/sai-ngay.md:3:",
        "no candidate is proposed for Gương sáng 2026",
    );
    assert_error(
        &errors,
        "content/lay-y-kien/khong-ai.md:3:",
        "no candidate is proposed",
    );
    assert_error(
        &errors,
        "content/citizens/2026/lac-dot.md:11:",
        "no consultation round announces it",
    );
    assert_error(
        &errors,
        "content/citizens/2026/co-quyet-dinh.md:7:",
        "`status: proposed` but has a `decision`",
    );
    assert_error(
        &errors,
        "content/citizens/2024/thu-hoi-som.md:8:",
        "before the decision 1234/QĐ-UBND it revokes",
    );
    assert_error(
        &errors,
        "content/citizens/2024/thu-hoi-som.md:10:",
        "`status` cannot be `chờ`",
    );
    assert_eq!(
        snapshot(&s.root().join("public")),
        before,
        "a failed build leaves the previous site byte for byte"
    );
}

#[test]
fn the_open_data_reads_back_into_the_same_profiles() {
    let revoked = "---\nname: Lê Văn Sai\nyear: 2023\nawards:\n  - title: Công dân Bắc Giang ưu tú\n    year: 2023\n    decision: Quyết định số 1102/QĐ-UBND ngày 10/8/2023\n  - title: Chiến sĩ thi đua cơ sở\n    year: 2023\n    decision: Quyết định số 2210/QĐ-UBND ngày 20/12/2023\n    revoked:\n      decision: Quyết định số 77/QĐ-UBND ngày 2/3/2025\n      reason: Hồ sơ khai không trung thực, có dấu \"ngoặc\", phẩy\n---\n";
    let formula = "---\nname: \"=HYPERLINK(1)\"\nyear: 2023\nsummary: \"Dòng một\\ndòng hai; có chấm phẩy\"\n---\n";
    let s = TestSite::new(&[
        ("content/citizens/2024/nguyen-van-duc.md", HONOURED),
        ("content/citizens/2023/le-van-sai.md", revoked),
        ("content/citizens/2023/cong-thuc.md", formula),
        (
            "content/collectives/htx.md",
            "---\nname: Hợp tác xã Sâm, Liên Chung\nkind: Hợp tác xã\n---\n",
        ),
    ]);
    s.build().unwrap();
    let csv = std::fs::read(s.root().join("public/du-lieu/cong-dan-uu-tu.csv")).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBFH\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan,"),
        "a BOM, then the office's headers"
    );
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.contains("Quyết định thu hồi,Lý do thu hồi"));
    assert!(
        text.contains("'=HYPERLINK(1)"),
        "a formula is not run by a spreadsheet"
    );
    let json: serde_json::Value = serde_json::from_str(&s.read("du-lieu/ho-so.json")).unwrap();
    let sai = json["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Lê Văn Sai")
        .unwrap();
    assert_eq!(
        sai["awards"][1]["revoked"]["decision_url"],
        "https://vd.example.vn/quyet-dinh/77-qd-ubnd-2025/"
    );
    let page = s.read("du-lieu/index.html");
    assert!(
        page.contains("\"@type\":\"Dataset\"")
            && page.contains("creativecommons.org/licenses/by/4.0/")
    );

    // Export → import → build: the same people, the withdrawal kept.
    let other = TestSite::new(&[]);
    for (file, section) in [
        ("cong-dan-uu-tu.csv", "citizens"),
        ("tap-the-dien-hinh.csv", "collectives"),
    ] {
        let copy = other.root().join(file);
        std::fs::copy(s.root().join("public/du-lieu").join(file), &copy).unwrap();
        vinhdanh::scaffold::import::run(
            other.root(),
            &vinhdanh::scaffold::import::Import {
                file: copy,
                section: Some(section.into()),
                year: None,
            },
        )
        .unwrap_or_else(|e| panic!("{file}: {e:?}"));
    }
    other.build().unwrap();
    let names = |site: &TestSite| -> BTreeSet<String> {
        let v: serde_json::Value = serde_json::from_str(&site.read("du-lieu/ho-so.json")).unwrap();
        v["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p["name"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches('\'')
                    .to_string()
            })
            .collect()
    };
    assert_eq!(names(&s), names(&other));
    let again = other.read("cong-dan-uu-tu/2023/le-van-sai/index.html");
    assert!(again.contains("Đã thu hồi") && again.contains("Hồ sơ khai không trung thực, có dấu"));
}

#[test]
fn a_spreadsheet_names_the_status_and_the_withdrawal_in_its_own_words() {
    let sheet = "STT,Họ và tên,Năm sinh,Danh hiệu,Năm khen thưởng,Số quyết định,Trạng thái,Quyết định thu hồi,Lý do thu hồi\n\
1,Nguyễn Văn Một,1970,Công dân ưu tú,2024,Quyết định số 1/QĐ-UBND ngày 1/8/2024,,Quyết định số 2/QĐ-UBND ngày 1/3/2025,Khai sai\n\
2,Trần Văn Hai,1980,Công dân ưu tú,2026,,Đề nghị,,\n";
    let s = TestSite::new(&[
        ("content/citizens/2024.csv", sheet),
        (
            "content/lay-y-kien/dot-2026.md",
            &round("Công dân ưu tú", 2026, -1, 5),
        ),
    ]);
    let summary = s.build().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(summary.profiles, 1);
    let page = s.read("cong-dan-uu-tu/2024/nguyen-van-mot/index.html");
    assert!(page.contains("Đã thu hồi") && page.contains("Khai sai"));
    assert!(s
        .read("lay-y-kien/dot-2026/index.html")
        .contains("Trần Văn Hai"));
}
