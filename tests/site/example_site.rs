//! The repository's own example site, built as a user would, checked page by page.

use std::collections::BTreeSet;

use crate::common::{copy_dir, repo};
use scraper::{Html, Selector};
use vinhdanh::build::{self, Options};

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let opts = Options {
        root: repo(),
        output: Some(out.clone()),
        ..Options::default()
    };
    let summary = build::build(&opts)
        .unwrap_or_else(|e| panic!("{}", vinhdanh::diagnostics::report(&e, None)));
    assert!(summary.profiles >= 28, "{summary:?}");
    (dir, out)
}

fn html_files(out: &std::path::Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn every_kind_of_page_exists() {
    let (_d, out) = built();
    for page in [
        "index.html",
        "404.html",
        "cong-dan-uu-tu/index.html",
        "cong-dan-uu-tu/2023/index.html",
        "cong-dan-uu-tu/2022/index.html",
        "cong-dan-uu-tu/2023/nguyen-van-duc/index.html",
        "cong-dan-uu-tu/2023/bac-si-do-quang-huy/index.html",
        "cong-dan-uu-tu/2023/pham-thi-hoa/index.html",
        "tap-the-dien-hinh/index.html",
        "tap-the-dien-hinh/htx-sam-lien-chung/index.html",
        "linh-vuc/index.html",
        "linh-vuc/giao-duc/index.html",
        "dia-ban/index.html",
        "dia-ban/tan-yen/index.html",
        "danh-hieu/index.html",
        "gioi-thieu/index.html",
        "tim-kiem/index.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "css/style.css",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    // The draft is left out; the explicit slug wins over the file name.
    assert!(!out
        .join("cong-dan-uu-tu/2023/than-thi-hang/index.html")
        .exists());
    assert!(!out
        .join("cong-dan-uu-tu/2023/do-quang-huy/index.html")
        .exists());
}

#[test]
fn every_page_keeps_html_head_body_and_one_h1_and_a_search_box() {
    let (_d, out) = built();
    for file in html_files(&out) {
        let text = std::fs::read_to_string(&file).unwrap();
        // A template's content is not part of the page (a profile's card for other sites).
        let text = without_templates(&text);
        if text.contains("http-equiv=refresh") || text.contains("http-equiv=\"refresh\"") {
            continue; // alias redirect
        }
        if file.ends_with("nhung.html") {
            continue; // the page of embeddable cards: tested in tests/site/statistics.rs
        }
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("chung-nhan")
            || file
                .parent()
                .is_some_and(|p| p.ends_with("ban-in") || p.ends_with("trinh-chieu"))
        {
            continue; // paper and the kiosk have no site search: tests/site/paper.rs
        }
        for tag in ["<html", "<head", "<body"] {
            assert!(text.contains(tag), "{tag} missing in {}", file.display());
        }
        let doc = Html::parse_document(&text);
        assert_eq!(
            doc.select(&sel("h1")).count(),
            1,
            "one <h1> in {}",
            file.display()
        );
        assert!(
            doc.select(&sel("input[type=search]")).next().is_some(),
            "search box in {}",
            file.display()
        );
        assert!(
            doc.select(&sel("[data-search-results]")).next().is_some(),
            "results area in {}",
            file.display()
        );
    }
}

#[test]
fn profile_pages_show_name_photo_awards_and_valid_jsonld() {
    let (_d, out) = built();
    let text =
        std::fs::read_to_string(out.join("cong-dan-uu-tu/2023/nguyen-van-duc/index.html")).unwrap();
    let doc = Html::parse_document(&text);
    let h1: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1.trim(), "Nguyễn Văn Đức");
    let img = doc.select(&sel("main img")).next().expect("a photo");
    assert!(img.value().attr("width").is_some() && img.value().attr("height").is_some());
    assert!(img.value().attr("src").unwrap().starts_with("/media/"));
    assert!(text.contains("1234/QĐ-UBND"), "award decision shown");
    let ld = doc
        .select(&sel("script[type=\"application/ld+json\"]"))
        .next()
        .expect("JSON-LD");
    let json: serde_json::Value = serde_json::from_str(&ld.inner_html()).unwrap();
    assert_eq!(json["@type"], "Person");
    assert_eq!(json["name"], "Nguyễn Văn Đức");
    assert!(json["award"].as_array().is_some_and(|a| !a.is_empty()));
    let og: Vec<_> = doc.select(&sel("meta[property=\"og:image\"]")).collect();
    assert!(og[0]
        .value()
        .attr("content")
        .unwrap()
        .starts_with("https://vinhdanh.example.gov.vn/media/"));

    let text = std::fs::read_to_string(out.join("tap-the-dien-hinh/htx-sam-lien-chung/index.html"))
        .unwrap();
    let doc = Html::parse_document(&text);
    let ld = doc
        .select(&sel("script[type=\"application/ld+json\"]"))
        .next()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&ld.inner_html()).unwrap();
    assert_eq!(json["@type"], "Organization");
    assert!(
        doc.select(&sel("main img")).count() >= 4,
        "photo and gallery of the bundle"
    );
}

#[test]
fn sitemap_lists_every_page_and_the_feed_is_valid_atom() {
    let (_d, out) = built();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let listed: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    for file in html_files(&out) {
        let rel = file
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&file).unwrap();
        if rel == "404.html" || text.contains("noindex") {
            continue;
        }
        let url = format!(
            "https://vinhdanh.example.gov.vn/{}",
            rel.trim_end_matches("index.html")
        );
        assert!(listed.contains(&url), "{url} not in sitemap");
    }
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let feed = roxmltree::Document::parse(&atom).unwrap();
    let entries: Vec<_> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert!(entries.len() >= 20);
    let first_title = entries[0]
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    assert!(!first_title.is_empty());
}

#[test]
fn aliases_redirect_to_the_profile() {
    let (_d, out) = built();
    let text = std::fs::read_to_string(out.join("cong-dan-uu-tu/2023/ten-cu/index.html")).unwrap();
    assert!(
        text.contains("url=/cong-dan-uu-tu/2023/duong-thi-thu/"),
        "{text}"
    );
    assert!(text.contains("rel=\"canonical\" href=\"https://vinhdanh.example.gov.vn/cong-dan-uu-tu/2023/duong-thi-thu/\""), "{text}");
}

#[test]
fn drafts_flag_includes_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for part in ["site.yaml", "content", "themes"] {
        let from = repo().join(part);
        if from.is_dir() {
            copy_dir(&from, &root.join(part));
        } else {
            std::fs::create_dir_all(&root).unwrap();
            std::fs::copy(&from, root.join(part)).unwrap();
        }
    }
    let opts = Options {
        root: root.clone(),
        drafts: true,
        ..Options::default()
    };
    build::build(&opts).unwrap();
    assert!(root
        .join("public/cong-dan-uu-tu/2023/than-thi-hang/index.html")
        .is_file());
}

#[test]
fn year_pages_list_their_ten_citizens_in_order() {
    let (_d, out) = built();
    for year in ["2022", "2023"] {
        let text =
            std::fs::read_to_string(out.join(format!("cong-dan-uu-tu/{year}/index.html"))).unwrap();
        let doc = Html::parse_document(&text);
        let links: BTreeSet<String> = doc
            .select(&sel("main a"))
            .filter_map(|a| a.value().attr("href"))
            .filter(|h| h.starts_with(&format!("/cong-dan-uu-tu/{year}/")) && h.len() > 21)
            .filter(|h| !h.ends_with("/ban-in/") && !h.ends_with("/chung-nhan.html"))
            .map(String::from)
            .collect();
        assert_eq!(links.len(), 10, "{year}: {links:?}");
    }
}

#[test]
fn pages_pass_a_strict_content_security_policy() {
    // script-src 'self'; style-src 'self': no inline scripts, handlers, styles or
    // javascript: URLs anywhere in the built site.
    let (_d, out) = built();
    for file in html_files(&out) {
        let doc = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        for el in doc.select(&sel("*")) {
            let v = el.value();
            if v.name() == "script" {
                assert!(
                    v.attr("src").is_some() || v.attr("type") == Some("application/ld+json"),
                    "inline script in {}",
                    file.display()
                );
            }
            for (attr, value) in v.attrs() {
                assert!(
                    !attr.starts_with("on"),
                    "{attr} handler in {}",
                    file.display()
                );
                assert!(
                    attr != "style",
                    "inline style in {}: {}",
                    file.display(),
                    el.html()
                );
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "javascript: URL in {}",
                    file.display()
                );
            }
        }
    }
}

/// `html` without the contents of its `<template>` elements, which browsers do not show.
fn without_templates(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<template") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</template>") {
            Some(end) => rest = &rest[start + end + "</template>".len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}
