//! The link check of `vinhdanh check`: broken internal links and missing `#anchors`
//! reported where a person fixes them, good links (pages, photos, static files, ids made by
//! the theme, relative links) left alone.

use crate::common::{assert_error, jpeg, TestSite};
use vinhdanh::build;

fn errors(site: &TestSite) -> Vec<String> {
    match build::check(&site.options()) {
        Ok(_) => panic!("check should have found broken links"),
        Err(e) => e.iter().map(|d| d.to_string()).collect(),
    }
}

const PERSON: &str = "---\nname: Nguyễn Văn Đức\nyear: 2023\nphoto: duc.jpg\n---\nCâu chuyện.\n";

#[test]
fn good_links_pass() {
    let site = TestSite::new(&[
        ("content/citizens/2023/nguyen-van-duc.md", PERSON),
        (
            "content/gioi-thieu.md",
            "---\ntitle: Giới thiệu\n---\n\
             [hồ sơ](/cong-dan-uu-tu/2023/nguyen-van-duc/), \
             [mục](/cong-dan-uu-tu/2023/nguyen-van-duc/#story-title), \
             [tương đối](../cong-dan-uu-tu/2023/), [năm](/cong-dan-uu-tu/2023), \
             [tệp](/tai-lieu/quy-che.pdf), chú thích[^1], [ngoài](https://example.org/x), \
             [thư](mailto:a@example.vn), [đầu trang](#top), [rss](https://vd.example.vn/atom.xml)\n\n\
             [^1]: Ghi chú.\n",
        ),
        ("static/tai-lieu/quy-che.pdf", "%PDF-1.4"),
    ]);
    site.write("content/citizens/2023/duc.jpg", &jpeg(64, 48));
    if let Err(e) = build::check(&site.options()) {
        panic!("{}", vinhdanh::diagnostics::report(&e, None));
    }
}

#[test]
fn broken_links_and_missing_anchors_point_at_the_source_file() {
    let site = TestSite::new(&[
        ("content/citizens/2023/nguyen-van-duc.md", PERSON),
        (
            "content/gioi-thieu.md",
            "---\ntitle: Giới thiệu\n---\n\nĐoạn một.\n\n\
             Xem [ông Đức](/cong-dan-uu-tu/2023/nguyen-van-dc/) và\n\
             [câu chuyện](/cong-dan-uu-tu/2023/nguyen-van-duc/#cau-chuyen).\n",
        ),
        (
            "content/citizens/2022.yaml",
            "year: 2022\nprofiles:\n  - name: Lê Thị Lan\n    body: \"[ảnh](../../2023/nguyen-van-duc/khong-co.jpg)\"\n",
        ),
    ]);
    site.write("content/citizens/2023/duc.jpg", &jpeg(64, 48));
    let errs = errors(&site);
    assert_error(
        &errs,
        "content/gioi-thieu.md:7:15:",
        "broken link `/cong-dan-uu-tu/2023/nguyen-van-dc/` on page /gioi-thieu/",
    );
    assert_error(
        &errs,
        "content/gioi-thieu.md:8:14:",
        "points to `#cau-chuyen`, but /cong-dan-uu-tu/2023/nguyen-van-duc/ has no element with that id",
    );
    assert_error(
        &errs,
        "content/citizens/2022.yaml:4:",
        "broken link `../../2023/nguyen-van-duc/khong-co.jpg` on page /cong-dan-uu-tu/2022/le-thi-lan/",
    );
    assert_eq!(errs.len(), 3, "{errs:#?}");
}

#[test]
fn a_template_link_is_reported_once_on_the_page() {
    let site = TestSite::new(&[("content/citizens/2023/a.md", PERSON)]);
    site.write("content/citizens/2023/duc.jpg", &jpeg(64, 48));
    let base = std::fs::read_to_string(site.root().join("themes/default/templates/base.html"))
        .unwrap()
        .replace(
            "</body>",
            "<a href=\"{{ site.root }}lien-he/\">Liên hệ</a></body>",
        );
    site.write("templates/base.html", base.as_bytes());
    let errs = errors(&site);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].starts_with("index.html:"), "{}", errs[0]);
    assert!(errs[0].contains("broken link `/lien-he/`"), "{}", errs[0]);
    assert!(errs[0].contains("other pages)"), "{}", errs[0]);
    assert!(errs[0].contains("a template made it"), "{}", errs[0]);
}

#[test]
fn a_sub_path_site_must_not_link_outside_it() {
    let site = TestSite::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.vn/vinh-danh/\n",
        ),
        (
            "content/gioi-thieu.md",
            "---\ntitle: Giới thiệu\n---\n[trang chủ](/) [đúng](/vinh-danh/) [cũng đúng](../)\n",
        ),
    ]);
    let errs = errors(&site);
    assert_error(
        &errs,
        "content/gioi-thieu.md:4:",
        "link `/` on page /vinh-danh/gioi-thieu/ leaves the site's folder",
    );
    assert_eq!(errs.len(), 1, "{errs:#?}");
}

#[test]
fn the_example_site_has_no_broken_links() {
    let opts = vinhdanh::build::Options {
        root: crate::common::repo(),
        ..Default::default()
    };
    if let Err(e) = build::check(&opts) {
        panic!("{}", vinhdanh::diagnostics::report(&e, None));
    }
}
