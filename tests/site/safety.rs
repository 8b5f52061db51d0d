//! Hostile text never becomes markup; failed builds lose nothing.

use crate::common::{snapshot, TestSite};
use scraper::{Html, Selector};

const HOSTILE: &str = r#"---
name: "<script>alert('name')</script>Nguyễn"
year: 2023
summary: "\"><img src=x onerror=alert('summary')>"
title: "</script><script>alert('title')</script>"
awards:
  - { title: "<b onmouseover=alert(1)>Giải</b>", decision: "</script>" }
links:
  - { title: "<svg onload=alert(1)>", url: "https://e.vn/?a=1&b='x'" }
---
Story <script>alert('story')</script> <a href="javascript:alert(1)">x</a>
<img src="x" onerror="alert('img')"> [y](javascript:alert(2))
"#;

#[test]
fn profile_text_never_becomes_markup() {
    let site = TestSite::new(&[("content/citizens/2023/x.md", HOSTILE)]);
    site.build().unwrap();
    for page in [
        "cong-dan-uu-tu/2023/x/index.html",
        "cong-dan-uu-tu/2023/index.html",
        "index.html",
        "danh-hieu/index.html",
    ] {
        let html = site.read(page);
        let doc = Html::parse_document(&html);
        for script in doc.select(&Selector::parse("script").unwrap()) {
            let v = script.value();
            let ok = v.attr("type") == Some("application/ld+json")
                || v.attr("src")
                    .is_some_and(|s| s.ends_with("/js/search.js") || s.ends_with("/js/share.js"));
            assert!(ok, "unexpected script in {page}: {}", script.html());
            if v.attr("type") == Some("application/ld+json") {
                let json: serde_json::Value =
                    serde_json::from_str(&script.inner_html()).expect("JSON-LD still parses");
                assert!(
                    json["name"].as_str().unwrap().contains("<script>"),
                    "the name survives as text"
                );
            }
        }
        for el in doc.select(&Selector::parse("*").unwrap()) {
            for (attr, value) in el.value().attrs() {
                assert!(!attr.starts_with("on"), "event handler {attr} in {page}");
                assert!(
                    !value
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "javascript: URL in {page}"
                );
            }
            // The one SVG a profile page has is its QR code, drawn by the build.
            let own_qr = el.value().name() == "svg" && el.value().attr("class") == Some("qr");
            assert!(
                own_qr || !matches!(el.value().name(), "svg" | "iframe" | "object"),
                "{} element in {page}",
                el.value().name()
            );
        }
    }
    let atom = site.read("atom.xml");
    roxmltree::Document::parse(&atom).expect("feed stays well-formed");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = TestSite::new(&[(
        "content/citizens/2023/a.md",
        "---\nname: A\nyear: 2023\n---\n",
    )]);
    site.build().unwrap();
    let before = snapshot(&site.root().join("public"));
    site.write(
        "content/citizens/2023/b.md",
        b"---\nname: B\nyear: [\n---\n",
    );
    site.errors();
    assert_eq!(before, snapshot(&site.root().join("public")));
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("vinhdanh-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

#[test]
fn the_output_may_not_be_the_site_or_its_sources() {
    let site = TestSite::new(&[(
        "content/citizens/2023/a.md",
        "---\nname: A\nyear: 2023\n---\n",
    )]);
    for out in [
        site.root().to_path_buf(),
        site.root().join("content"),
        site.root().parent().unwrap().to_path_buf(),
    ] {
        let mut opts = site.options();
        opts.output = Some(out.clone());
        let errors = vinhdanh::build::build(&opts).unwrap_err();
        assert!(
            errors[0].message.contains("refusing"),
            "{out:?}: {errors:?}"
        );
    }
    assert!(site.root().join("content/citizens/2023/a.md").is_file());
}
