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

fn links(html: &str) -> BTreeSet<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("main a[href]").unwrap();
    doc.select(&sel)
        .filter_map(|a| a.value().attr("href"))
        .map(String::from)
        .collect()
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
        in_year.extend(links(&site.read(&format!("cong-dan-uu-tu/{y}/index.html"))));
    }
    let mut in_district = BTreeSet::new();
    for d in ["tan-yen", "luc-ngan", "luc-nam", "yen-the", "viet-yen"] {
        in_district.extend(links(&site.read(&format!("dia-ban/{d}/index.html"))));
    }
    let mut in_field = BTreeSet::new();
    for f in ["giao-duc", "y-te", "nong-nghiep", "cong-nghiep"] {
        in_field.extend(links(&site.read(&format!("linh-vuc/{f}/index.html"))));
    }
    let mut in_award = BTreeSet::new();
    for a in ["giai-0", "giai-1", "giai-2"] {
        in_award.extend(links(&site.read(&format!("danh-hieu/{a}/index.html"))));
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
