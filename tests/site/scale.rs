//! Correctness at scale, at a size that keeps the suite quick: 2,000 profiles must each
//! appear in the sitemap, their year and taxonomy pages and the search index, and two builds
//! must produce identical output.

use std::collections::BTreeSet;

use crate::common::{snapshot, TestSite};

const DISTRICTS: &[&str] = &["Tân Yên", "Lục Ngạn", "Lục Nam", "Yên Thế", "Việt Yên"];
const FIELDS: &[&str] = &["Giáo dục", "Y tế", "Nông nghiệp", "Công nghiệp"];

fn site(n: usize) -> TestSite {
    let site = TestSite::new(&[]);
    let mut by_year: Vec<String> = vec![String::new(); 5];
    for i in 0..n {
        let y = i % 5;
        by_year[y].push_str(&format!(
            "  - name: Người Số {i}\n    slug: nguoi-{i}\n    district: {}\n    fields: [{}]\n    awards: [{{ title: Giải {}, decision: \"Quyết định số {}/QĐ-UBND ngày 1/8/{}\" }}]\n    summary: Tóm tắt {i}.\n",
            DISTRICTS[i % DISTRICTS.len()],
            FIELDS[i % FIELDS.len()],
            i % 3,
            i / 10 + 1,
            2019 + y
        ));
    }
    for (y, list) in by_year.iter().enumerate() {
        site.write(
            &format!("content/citizens/{}.yaml", 2019 + y),
            format!("year: {}\nprofiles:\n{list}", 2019 + y).as_bytes(),
        );
    }
    site
}

/// Every profile link of a paginated list, following its `rel=next` links from the first
/// page, and checking that each page's numbered links name every page of the list.
fn list_links(site: &TestSite, first: &str) -> BTreeSet<String> {
    links_of(site, first, "main .cards a[href]")
}

/// The links `selector` finds on every page of the paginated list at `first`, following its
/// `rel=next` links and checking its numbered links as [`list_links`] does.
fn links_of(site: &TestSite, first: &str, selector: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut page = first.to_string();
    let mut seen = 0;
    let mut total = None;
    loop {
        let html = site.read(&format!("{page}index.html"));
        seen += 1;
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse(selector).unwrap();
        found.extend(
            doc.select(&sel)
                .filter_map(|a| a.value().attr("href"))
                .map(String::from),
        );
        let numbers: Vec<usize> = doc
            .select(&scraper::Selector::parse(".pagination a:not([rel])").unwrap())
            .map(|a| {
                a.text()
                    .collect::<String>()
                    .split_whitespace()
                    .last()
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .collect();
        if let Some(&last) = numbers.last() {
            assert_eq!(numbers[0], 1, "first page linked from {page}");
            assert!(
                numbers.contains(&seen),
                "page {seen} links itself in {page}"
            );
            assert_eq!(
                *total.get_or_insert(last),
                last,
                "same last page everywhere"
            );
        }
        let next = scraper::Selector::parse("a[rel=next]").unwrap();
        match doc.select(&next).next() {
            Some(a) => {
                let href = a.value().attr("href").unwrap();
                assert_eq!(href, format!("/{first}trang/{}/", seen + 1));
                page = href.trim_start_matches('/').to_string();
            }
            None => break,
        }
    }
    assert_eq!(seen, total.unwrap_or(1), "every page of {first} reached");
    found
}

#[test]
fn two_thousand_profiles_are_everywhere_they_belong_and_builds_are_deterministic() {
    let n = 2000;
    let site = site(n);
    let summary = site.build().unwrap();
    assert_eq!(summary.profiles, n);
    let sitemap = site.read("sitemap.xml");
    let mut in_year: BTreeSet<String> = BTreeSet::new();
    for y in 2019..2024 {
        in_year.extend(list_links(&site, &format!("cong-dan-uu-tu/{y}/")));
    }
    let mut in_district = BTreeSet::new();
    for d in ["tan-yen", "luc-ngan", "luc-nam", "yen-the", "viet-yen"] {
        in_district.extend(list_links(&site, &format!("dia-ban/{d}/")));
    }
    let mut in_field = BTreeSet::new();
    for f in ["giao-duc", "y-te", "nong-nghiep", "cong-nghiep"] {
        in_field.extend(list_links(&site, &format!("linh-vuc/{f}/")));
    }
    let mut in_award = BTreeSet::new();
    for a in ["giai-0", "giai-1", "giai-2"] {
        in_award.extend(list_links(&site, &format!("danh-hieu/{a}/")));
    }
    for i in 0..n {
        let path = format!("/cong-dan-uu-tu/{}/nguoi-{i}/", 2019 + i % 5);
        assert!(
            sitemap.contains(&format!("https://vd.example.vn{path}<")),
            "{path} not in sitemap"
        );
        assert!(in_year.contains(&path), "{path} not on its year page");
        assert!(
            in_district.contains(&path),
            "{path} not on its district page"
        );
        assert!(in_field.contains(&path), "{path} not on its field page");
        assert!(in_award.contains(&path), "{path} not on its award page");
    }
    // Every profile is in the search index's documents.
    let docs_dir = site.root().join("public/search/d");
    let mut urls = BTreeSet::new();
    for entry in std::fs::read_dir(&docs_dir).unwrap() {
        let docs: serde_json::Value =
            serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        for d in docs.as_array().unwrap() {
            urls.insert(d[1].as_str().unwrap().to_string());
        }
    }
    let profiles = urls
        .iter()
        .filter(|u| u.starts_with("/cong-dan-uu-tu/"))
        .count();
    assert_eq!(profiles, n, "search index documents of profiles");
    assert_eq!(urls.len(), n + 1000, "and one per decision");

    // The register and the timeline are paged: each year's pages reach every decision of
    // the year, no page lists more than `paginate` (48) of them, and no page is heavy.
    let mut in_register = BTreeSet::new();
    let mut in_timeline = BTreeSet::new();
    for y in 2019..2024 {
        in_register.extend(links_of(
            &site,
            &format!("quyet-dinh/{y}/"),
            ".decision-row__number a",
        ));
        in_timeline.extend(links_of(
            &site,
            &format!("dong-thoi-gian/{y}/"),
            "main h3 a",
        ));
    }
    // Decision k of each year honours profiles 10(k-1) … 10k-1 of that year.
    let decisions: BTreeSet<String> = (0..n)
        .map(|i| format!("/quyet-dinh/{}-qd-ubnd-{}/", i / 10 + 1, 2019 + i % 5))
        .collect();
    assert_eq!(decisions.len(), 1000);
    assert_eq!(
        in_register, decisions,
        "the register's year pages list every decision"
    );
    assert_eq!(
        in_timeline, decisions,
        "the timeline's year pages list every decision"
    );
    let index = scraper::Html::parse_document(&site.read("quyet-dinh/index.html"));
    let rows = scraper::Selector::parse(".decision-row").unwrap();
    assert_eq!(
        index.select(&rows).count(),
        5 * 48,
        "the index: each year's first 48"
    );
    let first = snapshot(&site.root().join("public"));
    let heaviest = first
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .max_by_key(|(_, bytes)| bytes.len())
        .unwrap();
    assert!(
        heaviest.1.len() < 300_000,
        "{} is {} bytes",
        heaviest.0,
        heaviest.1.len()
    );
    site.build().unwrap();
    let second = snapshot(&site.root().join("public"));
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert!(a == b, "{} differs between two builds", a.0);
    }
}
