//! The register of decisions, attached decision files and the Vietnamese order, as a user
//! meets them: generated sites, real PDFs written here with lopdf, real errors.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{dictionary, Document, Object, Stream};
use scraper::{Html, Selector};

use crate::common::{assert_error, jpeg, snapshot, TestSite};

/// A one-page PDF; `extra` adds entries to its catalog.
fn pdf(extra: Vec<(&str, Object)>, info: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    );
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 14 Tf 72 760 Td (Quyet dinh so 1234) Tj ET".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    for (k, v) in extra {
        if k == "Encrypt" {
            // What a password-protected file's trailer says (a Standard security handler).
            let enc = doc.add_object(
                dictionary! { "Filter" => "Standard", "V" => 2, "R" => 3, "Length" => 128 },
            );
            doc.trailer.set("Encrypt", enc);
        } else {
            catalog.set(k, v);
        }
    }
    let catalog = doc.add_object(catalog);
    doc.trailer.set("Root", catalog);
    if info {
        let info = doc.add_object(dictionary! {
            "Author" => Object::string_literal("Nguyen Van Thu Ky"),
            "Producer" => Object::string_literal("ScanSoft PDF Create 7"),
        });
        doc.trailer.set("Info", info);
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn person(name: &str, year: i64, decision: &str, file: Option<&str>) -> String {
    let file = file.map_or(String::new(), |f| format!("\n    decision_file: {f}"));
    format!(
        "---\nname: {name}\nyear: {year}\ntitle: Nông dân\nawards:\n  - title: Công dân ưu tú\n    year: {year}\n    level: Tỉnh\n    decision: \"{decision}\"{file}\n---\n"
    )
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn every_decision_page_lists_exactly_the_profiles_that_cite_it() {
    // 60 people sharing 12 decisions over three years; what cites what is computed here,
    // apart from the build.
    let mut files: Vec<(String, String)> = Vec::new();
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let given = [
        "An", "Bình", "Cúc", "Dũng", "Đạt", "Giang", "Hà", "Khoa", "Lan", "Minh",
    ];
    let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"];
    for n in 0..60 {
        let number = 100 + n % 12;
        let name = format!("{} Văn {}", family[n % 6], given[n / 6]);
        let slug = vinhdanh::slug::slugify(&name);
        let text = format!(
            "Quyết định số {number}/QĐ-UBND ngày 1/9/{}",
            2021 + (number % 3)
        );
        // The award's year is the decision's or the one after.
        let dyear = 2021 + (number % 3) as i64;
        let path = format!("content/citizens/{dyear}/{slug}.md");
        files.push((path, person(&name, dyear, &text, None)));
        expected
            .entry(format!("quyet-dinh/{number}-qd-ubnd-{dyear}/"))
            .or_default()
            .insert(format!("/cong-dan-uu-tu/{dyear}/{slug}/"));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let s = TestSite::new(&refs);
    s.build().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(expected.len(), 12);
    let register = Html::parse_document(&s.read("quyet-dinh/index.html"));
    let listed: BTreeSet<String> = register
        .select(&sel(".decision-row a"))
        .filter_map(|a| a.value().attr("href"))
        .map(|h| h.trim_start_matches('/').to_string())
        .collect();
    assert_eq!(
        listed,
        expected.keys().cloned().collect::<BTreeSet<String>>()
    );
    // Grouped by year, newest first.
    let years: Vec<String> = register
        .select(&sel("main h2 a"))
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(years, ["Năm 2023", "Năm 2022", "Năm 2021"]);
    // Each year has its own page, listing its decisions.
    let y2022 = s.read("quyet-dinh/2022/index.html");
    for page in expected.keys().filter(|p| p.ends_with("-2022/")) {
        assert!(
            y2022.contains(&format!("href=\"/{page}\"")),
            "{page} on the page of 2022"
        );
    }
    assert!(
        !y2022.contains("-2023/\""),
        "only 2022's decisions on its page"
    );
    let sitemap = s.read("sitemap.xml");
    for (page, profiles) in &expected {
        let doc = Html::parse_document(&s.read(&format!("{page}index.html")));
        let got: BTreeSet<String> = doc
            .select(&sel(".honour-row a"))
            .filter_map(|a| a.value().attr("href"))
            .map(str::to_string)
            .collect();
        assert_eq!(&got, profiles, "{page}");
        assert!(
            sitemap.contains(&format!("https://vd.example.vn/{page}</loc>")),
            "{page} in the sitemap"
        );
        // And back: each profile's award line links to its decision's page.
        for p in profiles {
            let html = s.read(&format!("{}index.html", p.trim_start_matches('/')));
            assert!(
                html.contains(&format!("href=\"/{page}\"")),
                "{p} links to {page}"
            );
        }
    }
    assert!(sitemap.contains("/dong-thoi-gian/</loc>"));
    let timeline = s.read("dong-thoi-gian/index.html");
    assert!(timeline.find(">2023<").unwrap() < timeline.find(">2021<").unwrap());
    assert!(
        sitemap.contains("/dong-thoi-gian/2021/</loc>")
            && sitemap.contains("/quyet-dinh/2021/</loc>")
    );
}

#[test]
fn a_reference_without_a_number_is_listed_as_written() {
    let s = TestSite::new(&[(
        "content/citizens/2023/a.md",
        &person("Lò Văn A", 2023, "Bằng khen của Chủ tịch UBND tỉnh", None),
    )]);
    s.build().unwrap();
    let register = s.read("quyet-dinh/index.html");
    assert!(register.contains("Bằng khen của Chủ tịch UBND tỉnh"));
    assert!(register.contains("href=\"/cong-dan-uu-tu/2023/a/\""));
    // A file attached to such a reference would have no page: an error, not a loss.
    s.write(
        "content/citizens/2023/a.md",
        person(
            "Lò Văn A",
            2023,
            "Bằng khen của Chủ tịch UBND tỉnh",
            Some("bk.pdf"),
        )
        .as_bytes(),
    );
    s.write("content/citizens/2023/bk.pdf", &pdf(vec![], false));
    assert_error(
        &s.errors(),
        "content/citizens/2023/a.md:",
        "has no decision number",
    );
}

#[test]
fn what_cannot_be_true_is_an_error_and_the_previous_site_stays() {
    let good = person(
        "Lê Văn An",
        2023,
        "Quyết định số 1234/QĐ-UBND ngày 15/8/2023",
        None,
    );
    let s = TestSite::new(&[
        ("content/citizens/2023/a.md", &good),
        (
            "content/citizens/2023/b.md",
            &person(
                "Trần Văn Bình",
                2023,
                "Quyết định số 1234/QĐ-UBND ngày 15/8/2023",
                None,
            ),
        ),
    ]);
    s.build().unwrap();
    let before = snapshot(&s.root().join("public"));
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "content/citizens/2023/b.md",
            person("Trần Văn Bình", 2023, "Quyết định số 1234/QĐ-UBND ngày 16/8/2023", None),
            "content/citizens/2023/b.md:6:5",
            "decision 1234/QĐ-UBND is dated 16/8/2023 here but 15/8/2023 in content/citizens/2023/a.md:6:5",
        ),
        (
            "content/citizens/2023/b.md",
            person("Trần Văn Bình", 2019, "Quyết định số 1234/QĐ-UBND ngày 15/8/2023", None),
            "content/citizens/2023/b.md:6:5",
            "the award is of 2019, but its decision 1234/QĐ-UBND is dated 15/8/2023",
        ),
        (
            "content/citizens/2023/b.md",
            person("Trần Văn Bình", 2023, "Quyết định số 77/QĐ-UBND ngày 1/1/2099", None),
            "content/citizens/2023/b.md:6:5",
            "is in the future",
        ),
    ];
    for (file, text, at, message) in cases {
        s.write(file, text.as_bytes());
        let errors = s.errors();
        assert_error(&errors, at, message);
        assert_eq!(
            snapshot(&s.root().join("public")),
            before,
            "{message}: the site is unchanged"
        );
    }
}

#[test]
fn an_attached_pdf_is_published_once_without_its_metadata() {
    let text = "Quyết định số 1234/QĐ-UBND ngày 15/8/2023";
    let s = TestSite::new(&[
        (
            "content/citizens/2023/a.md",
            &person("Lê Văn An", 2023, text, Some("qd-1234.pdf")),
        ),
        (
            "content/citizens/2023/b.md",
            &person("Trần Văn Bình", 2023, text, Some("ban-sao.pdf")),
        ),
    ]);
    let file = pdf(vec![], true);
    assert!(String::from_utf8_lossy(&file).contains("Nguyen Van Thu Ky"));
    s.write("content/citizens/2023/qd-1234.pdf", &file);
    s.write("content/citizens/2023/ban-sao.pdf", &file);
    s.build().unwrap_or_else(|e| panic!("{e:?}"));
    let published = std::fs::read(
        s.root()
            .join("public/quyet-dinh/1234-qd-ubnd-2023/1234-qd-ubnd-2023.pdf"),
    )
    .unwrap();
    let text = String::from_utf8_lossy(&published);
    assert!(
        !text.contains("Nguyen Van Thu Ky") && !text.contains("ScanSoft"),
        "metadata removed"
    );
    let doc = Document::load_mem(&published).expect("still a PDF");
    assert_eq!(doc.get_pages().len(), 1);
    let pdfs: Vec<_> = walkdir::WalkDir::new(s.root().join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "same bytes, one file");
    let page = s.read("quyet-dinh/1234-qd-ubnd-2023/index.html");
    assert!(
        page.contains("href=\"/quyet-dinh/1234-qd-ubnd-2023/1234-qd-ubnd-2023.pdf\""),
        "{page}"
    );
    assert!(page.contains("KB)"), "linked with its size");
}

#[test]
fn a_scanned_decision_goes_through_the_photo_pipeline() {
    let s = TestSite::new(&[(
        "content/citizens/2023/a.md",
        &person(
            "Lê Văn An",
            2023,
            "Quyết định số 9/QĐ-UBND ngày 1/8/2023",
            Some("quyet-dinh.jpg"),
        ),
    )]);
    s.write("content/citizens/2023/quyet-dinh.jpg", &jpeg(1200, 1700));
    s.build().unwrap();
    let page = s.read("quyet-dinh/9-qd-ubnd-2023/index.html");
    let doc = Html::parse_document(&page);
    let href = doc
        .select(&sel("a.decision-file"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("a link to the scan");
    assert!(
        href.starts_with("/media/") && href.ends_with(".jpg"),
        "{href}"
    );
    assert!(s
        .root()
        .join("public")
        .join(href.trim_start_matches('/'))
        .is_file());
    assert!(
        !walkdir::WalkDir::new(s.root().join("public"))
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_name() == "quyet-dinh.jpg"),
        "the original is not published"
    );
}

#[test]
fn a_bad_decision_file_is_refused_with_a_clear_error() {
    let text = "Quyết định số 1234/QĐ-UBND ngày 15/8/2023";
    let s = TestSite::new(&[(
        "content/citizens/2023/a.md",
        &person("Lê Văn An", 2023, text, Some("qd.pdf")),
    )]);
    s.write("content/citizens/2023/qd.pdf", &pdf(vec![], false));
    s.build().unwrap();
    let before = snapshot(&s.root().join("public"));
    let script = pdf(
        vec![(
            "OpenAction",
            Object::Dictionary(
                dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert(1)") },
            ),
        )],
        false,
    );
    let encrypted = pdf(vec![("Encrypt", Object::Null)], false);
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(40 * 1024 * 1024, b' ');
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (script, "the PDF contains JavaScript"),
        (
            crate::common::png(40, 40),
            "it is a PNG image with a .pdf name",
        ),
        (encrypted, "encrypted"),
        (big, "more than the 20 MB"),
        (b"%PDF-1.4\n1 0 obj << /Type /Cat".to_vec(), "cut off"),
    ];
    for (bytes, message) in cases {
        s.write("content/citizens/2023/qd.pdf", &bytes);
        let errors = s.errors();
        assert_error(
            &errors,
            "content/citizens/2023/a.md:",
            "decision file `content/citizens/2023/qd.pdf`: ",
        );
        assert_error(&errors, "content/citizens/2023/a.md:", message);
        assert_eq!(snapshot(&s.root().join("public")), before, "{message}");
    }
    // Two different files for one decision.
    s.write("content/citizens/2023/qd.pdf", &pdf(vec![], false));
    s.write(
        "content/citizens/2023/b.md",
        person("Trần Văn Bình", 2023, text, Some("khac.pdf")).as_bytes(),
    );
    s.write("content/citizens/2023/khac.pdf", &pdf(vec![], true));
    assert_error(
        &s.errors(),
        "content/citizens/2023/",
        "decision 1234/QĐ-UBND has two different files",
    );
}

#[test]
fn lists_follow_the_vietnamese_alphabet() {
    // Byte order, "letters without marks" order and the vi collation all differ here.
    let people = [
        "Lê Văn Ưng",
        "Lê Thị Uyên",
        "Lê Văn Ơn",
        "Lê Văn Ông",
        "Lê Văn Đạt",
        "Lê Văn Dũng",
        "Lê Văn Ân",
        "Lê Văn Ánh",
        "Lê Văn Anh",
        "Trần Văn An",
        "Nguyễn Thị Bình",
    ];
    // Anh and Ánh have one slug, so each file names its own.
    let mut files: Vec<(String, String)> = people
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                format!("content/citizens/2023/p{i}.md"),
                format!("---\nname: {n}\nyear: 2023\n---\n"),
            )
        })
        .collect();
    for n in [
        "Ủy ban Mặt trận xã Yên Lư",
        "Trường Tiểu học Đông Phú",
        "Trường Tiểu học Dĩnh Trì",
        "Ấp Bắc",
    ] {
        files.push((
            format!("content/collectives/{}.md", vinhdanh::slug::slugify(n)),
            format!("---\nname: {n}\n---\n"),
        ));
    }
    // A compound given name kept together by `sort_name`.
    files.push((
        "content/citizens/2023/ton-nu.md".into(),
        "---\nname: Tôn Nữ Thị Bạch Tuyết\nyear: 2023\nsort_name: Bạch Tuyết Tôn Nữ Thị\n---\n"
            .into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let s = TestSite::new(&refs);
    s.build().unwrap();
    let names = |page: &str| -> Vec<String> {
        Html::parse_document(&s.read(page))
            .select(&sel("main .card__name"))
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    };
    assert_eq!(
        names("cong-dan-uu-tu/2023/index.html"),
        [
            "Trần Văn An",
            "Lê Văn Anh",
            "Lê Văn Ánh",
            "Lê Văn Ân",
            "Tôn Nữ Thị Bạch Tuyết",
            "Nguyễn Thị Bình",
            "Lê Văn Dũng",
            "Lê Văn Đạt",
            "Lê Văn Ông",
            "Lê Văn Ơn",
            "Lê Thị Uyên",
            "Lê Văn Ưng"
        ]
    );
    assert_eq!(
        names("tap-the-dien-hinh/index.html"),
        [
            "Ấp Bắc",
            "Trường Tiểu học Dĩnh Trì",
            "Trường Tiểu học Đông Phú",
            "Ủy ban Mặt trận xã Yên Lư"
        ]
    );
}

/// Where the honour rows of a page link, in order.
fn honour_links(html: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&sel(".honour-row a"))
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_decision_for_more_honours_than_a_page_holds_goes_on_over_the_timelines_pages() {
    // 1,200 collectives honoured by one decision, as a province's yearly list can be.
    let mut list = String::from("profiles:\n");
    for i in 0..1200 {
        list.push_str(&format!(
            "  - {{ name: Tập thể {i}, slug: tap-the-{i}, awards: [{{ title: Tập thể lao động xuất sắc, year: 2024, decision: \"Quyết định số 77/QĐ-UBND ngày 1/8/2024\" }}] }}\n"
        ));
    }
    let s = TestSite::new(&[("content/collectives/2024.yaml", &list)]);
    s.build().unwrap_or_else(|e| panic!("{e:?}"));
    let mut reached = BTreeSet::new();
    for page in ["", "trang/2/", "trang/3/"] {
        let html = s.read(&format!("dong-thoi-gian/2024/{page}index.html"));
        let rows = honour_links(&html);
        assert!(rows.len() <= 500, "{page}: {} honours", rows.len());
        assert_eq!(html.contains("(tiếp theo)"), !page.is_empty(), "{page}");
        reached.extend(rows);
    }
    assert_eq!(
        reached.len(),
        1200,
        "every honour on one of the three pages"
    );
    assert!(!s.root().join("public/dong-thoi-gian/2024/trang/4").exists());

    // The decision's own page likewise: 500, 500 and 200 honours, with links between them.
    let mut listed = BTreeSet::new();
    for (page, n) in [("", 500), ("trang/2/", 500), ("trang/3/", 200)] {
        let html = s.read(&format!("quyet-dinh/77-qd-ubnd-2024/{page}index.html"));
        let rows = honour_links(&html);
        assert_eq!(rows.len(), n, "{page}");
        assert!(
            html.contains("(1.200)") || html.contains("(1,200)") || html.contains("(1 200)"),
            "{page}: the count is the decision's whole"
        );
        assert!(
            html.contains("/quyet-dinh/77-qd-ubnd-2024/trang/3/\""),
            "{page}: links to the last page"
        );
        listed.extend(rows);
    }
    assert_eq!(listed, reached, "the same 1,200 honours as the timeline");
    assert!(!s
        .root()
        .join("public/quyet-dinh/77-qd-ubnd-2024/trang/4")
        .exists());
    assert!(s
        .read("sitemap.xml")
        .contains("/quyet-dinh/77-qd-ubnd-2024/trang/2/"));
}
