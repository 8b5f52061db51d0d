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
            "  - name: Người Số {i}\n    slug: nguoi-{i}\n    district: {}\n    fields: [{}]\n    awards: [{{ title: Giải {} }}]\n    summary: Tóm tắt {i}.\n",
            DISTRICTS[i % DISTRICTS.len()],
            FIELDS[i % FIELDS.len()],
            i % 3
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
    let mut found = BTreeSet::new();
    let mut page = first.to_string();
    let mut seen = 0;
    let mut total = None;
    loop {
        let html = site.read(&format!("{page}index.html"));
        seen += 1;
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("main .cards a[href]").unwrap();
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
    assert_eq!(urls.len(), n, "search index documents");

    let first = snapshot(&site.root().join("public"));
    site.build().unwrap();
    let second = snapshot(&site.root().join("public"));
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert!(a == b, "{} differs between two builds", a.0);
    }
}
