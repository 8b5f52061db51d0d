//! Themes, overrides, languages and sub-path sites.

use crate::common::TestSite;

const PERSON: &str = "---\nname: Nguyễn Văn Đức\nyear: 2023\nsummary: Nông dân giỏi.\nfields: [Nông nghiệp]\ndistrict: Tân Yên\n---\nCâu chuyện.\n";

#[test]
fn a_site_template_overrides_the_theme() {
    let site = TestSite::new(&[
        ("content/citizens/2023/duc.md", PERSON),
        (
            "templates/partials/card.html",
            "<p class=\"my-card\">{{ card.name }}</p>",
        ),
    ]);
    site.build().unwrap();
    let year = site.read("cong-dan-uu-tu/2023/index.html");
    assert!(year.contains("my-card"), "{year}");
}

#[test]
fn a_sub_path_base_url_prefixes_every_link() {
    let site = TestSite::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.vn/vinh-danh\n",
        ),
        ("content/citizens/2023/duc.md", PERSON),
    ]);
    site.build().unwrap();
    let home = site.read("index.html");
    let doc = scraper::Html::parse_document(&home);
    let sel = scraper::Selector::parse("a[href], link[href], script[src], form[action]").unwrap();
    for el in doc.select(&sel) {
        let v = el.value();
        let url = v
            .attr("href")
            .or(v.attr("src"))
            .or(v.attr("action"))
            .unwrap();
        assert!(
            url.starts_with("/vinh-danh/")
                || url.starts_with("https://example.vn/vinh-danh/")
                || url.starts_with('#'),
            "{url} escapes the sub-path"
        );
    }
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://example.vn/vinh-danh/cong-dan-uu-tu/2023/duc/</loc>"));
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = TestSite::new(&[("content/citizens/2023/duc.md", PERSON)]);
    let mut opts = site.options();
    opts.base_url = Some("https://other.vn/sub/".into());
    vinhdanh::build::build(&opts).unwrap();
    assert!(site
        .read("robots.txt")
        .contains("https://other.vn/sub/sitemap.xml"));
}

#[test]
fn english_ui_uses_the_english_strings() {
    let site = TestSite::new(&[
        ("site.yaml", "title: T\nlanguage: en\n"),
        ("content/citizens/2023/duc.md", PERSON),
    ]);
    site.build().unwrap();
    let page = site.read("cong-dan-uu-tu/2023/duc/index.html");
    assert!(page.contains("lang=\"en\""), "{page}");
    assert!(page.contains("Search"), "{page}");
    assert!(!page.contains("Tìm kiếm"), "{page}");
}

#[test]
fn all_four_profile_forms_and_pages_are_built() {
    let site = TestSite::new(&[
        ("content/_index.md", "---\ntitle: Chào mừng\n---\nGiới thiệu **trang**.\n"),
        ("content/gioi-thieu.md", "---\ntitle: Giới thiệu\nmenu: true\n---\nNội dung.\n"),
        ("content/citizens/2023/duc.md", PERSON),
        ("content/citizens/2023/hoa.yaml", "name: Trần Thị Hoà\nyear: 2023\nbody: |\n  Chuyện *hay*.\n"),
        ("content/citizens/2022.yaml", "year: 2022\ndistrict: Lục Nam\nprofiles:\n  - name: Lê Văn A\n  - name: Lê Văn B\n    year: 2021\n"),
        ("content/collectives/htx/index.md", "---\nname: HTX Sâm\nkind: Hợp tác xã\nphoto: a.jpg\ngallery:\n  - { src: b.jpg, caption: Vườn }\n---\nChuyện.\n"),
    ]);
    site.write(
        "content/collectives/htx/a.jpg",
        &crate::common::jpeg(40, 30),
    );
    site.write(
        "content/collectives/htx/b.jpg",
        &crate::common::jpeg(30, 40),
    );
    site.build().unwrap();
    assert!(site.read("index.html").contains("<strong>trang</strong>"));
    assert!(site.read("gioi-thieu/index.html").contains("Nội dung."));
    assert!(site
        .read("cong-dan-uu-tu/2023/hoa/index.html")
        .contains("<em>hay</em>"));
    // File-level defaults apply, and a profile's own value wins.
    assert!(site
        .read("cong-dan-uu-tu/2022/le-van-a/index.html")
        .contains("Lục Nam"));
    assert!(site
        .read("cong-dan-uu-tu/2021/le-van-b/index.html")
        .contains("Lê Văn B"));
    let htx = site.read("tap-the-dien-hinh/htx/index.html");
    assert!(htx.contains("Vườn"));
    assert!(site.read("dia-ban/luc-nam/index.html").contains("Lê Văn A"));
}

#[test]
fn slugs_from_names_are_the_same_for_nfc_and_nfd_input() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "Nguyễn Thị Hoà".nfd().collect();
    let list = format!("year: 2022\nprofiles:\n  - name: {nfd}\n");
    let site = TestSite::new(&[("content/citizens/list.yaml", &list)]);
    site.build().unwrap();
    assert!(site
        .read("cong-dan-uu-tu/2022/nguyen-thi-hoa/index.html")
        .contains("Nguyễn Thị Hoà"));
}

#[test]
fn a_site_without_a_theme_folder_builds_with_the_built_in_default_theme() {
    let site = TestSite::new(&[("content/citizens/2023/duc.md", PERSON)]);
    let with_folder = tempfile::tempdir().unwrap();
    crate::common::copy_dir(
        &site.root().join("themes"),
        &with_folder.path().join("themes"),
    );
    std::fs::remove_dir_all(site.root().join("themes")).unwrap();
    let bare = site.build().unwrap();
    assert_eq!(bare.notes.len(), 1, "{:?}", bare.notes);
    assert!(
        bare.notes[0].contains("built into vinhdanh"),
        "{:?}",
        bare.notes
    );
    // The same site with the theme written out makes the same files, byte for byte.
    let themed = TestSite::new(&[("content/citizens/2023/duc.md", PERSON)]);
    assert!(themed.build().unwrap().notes.is_empty());
    assert_eq!(
        crate::common::snapshot(&site.root().join("public")),
        crate::common::snapshot(&themed.root().join("public"))
    );
    assert!(
        site.read("css/style.css").contains("--"),
        "the theme's stylesheet is copied"
    );
}

#[test]
fn a_theme_without_a_ui_string_falls_back_to_the_built_in_one() {
    let site = TestSite::new(&[("content/citizens/2023/duc.md", PERSON)]);
    let strings = site.root().join("themes/default/i18n/vi.yaml");
    let text = std::fs::read_to_string(&strings).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("skip_link:") && !l.starts_with("search:"))
        .collect();
    assert!(
        kept.len() + 2 == text.lines().count(),
        "the keys were in the file"
    );
    std::fs::write(&strings, kept.join("\n")).unwrap();
    site.build().unwrap();
    let page = site.read("cong-dan-uu-tu/2023/duc/index.html");
    assert!(page.contains(">Bỏ qua đến nội dung<"), "{page}");
    assert!(page.contains("Tìm kiếm"), "{page}");
}

#[test]
fn a_theme_overrides_a_template_the_generator_provides() {
    let site = TestSite::new(&[
        ("content/citizens/2023/duc.md", PERSON),
        (
            "themes/default/templates/partials/search_form.html",
            "<form class=\"my-search\" action=\"{{ site.search_url }}\"><input type=\"search\" name=\"q\"></form>",
        ),
    ]);
    site.build().unwrap();
    let home = site.read("index.html");
    assert!(home.contains("my-search"), "{home}");
    // The generator's own share tags are still there.
    assert!(home.contains("og:site_name"), "{home}");
}

#[test]
fn check_passes_on_a_site_without_a_theme_folder() {
    let site = TestSite::new(&[("content/citizens/2023/duc.md", PERSON)]);
    std::fs::remove_dir_all(site.root().join("themes")).unwrap();
    let summary = vinhdanh::build::check(&site.options()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(summary.profiles, 1);
}
