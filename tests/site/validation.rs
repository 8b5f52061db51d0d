//! One real malformed site per problem: each must fail with a message at the right
//! `path:line:column`, and every problem of a build must be reported, not only the first.

use crate::common::{assert_error, jpeg, TestSite};

fn errors_of(files: &[(&str, &str)]) -> Vec<String> {
    TestSite::new(files).errors()
}

#[test]
fn unknown_field_in_front_matter_names_the_md_line_and_suggests() {
    let e = errors_of(&[(
        "content/citizens/2023/a.md",
        "---\nname: A\nyear: 2023\nsumary: x\n---\n",
    )]);
    assert_error(
        &e,
        "content/citizens/2023/a.md:4:1:",
        "unknown field `sumary`",
    );
    assert!(e[0].contains("did you mean `summary`?"), "{e:?}");
}

#[test]
fn a_field_of_the_other_kind_says_so() {
    let e = errors_of(&[(
        "content/citizens/2023/a.md",
        "---\nname: A\nyear: 2023\nmembers: 12\n---\n",
    )]);
    assert_error(
        &e,
        "content/citizens/2023/a.md:4:1:",
        "unknown field `members`",
    );
    assert!(e[0].contains("field of collectives"), "{e:?}");
}

#[test]
fn yaml_syntax_error_in_front_matter_reports_the_md_line() {
    let e = errors_of(&[(
        "content/citizens/2023/a.md",
        "---\nname: A\nyear: 2023\nsummary: \"unclosed\n---\nStory\n",
    )]);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("content/citizens/2023/a.md:"), "{e:?}");
    assert!(e[0].contains("invalid YAML"), "{e:?}");
    let line: usize = e[0].split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        (4..=6).contains(&line),
        "line {line} should be in the .md file's front matter: {e:?}"
    );
}

#[test]
fn tabs_in_yaml_are_explained() {
    let e = errors_of(&[(
        "content/citizens/2023/a.yaml",
        "name: A\nyear: 2023\nawards:\n\t- title: X\n",
    )]);
    assert_error(&e, "content/citizens/2023/a.yaml:4:", "invalid YAML");
    assert!(e[0].contains("tab"), "{e:?}");
}

#[test]
fn a_bad_entry_in_a_list_file_reports_its_own_line_and_the_rest_are_checked() {
    let e = errors_of(&[(
        "content/citizens/2022.yaml",
        "year: 2022\nprofiles:\n  - name: Tốt\n  - name: Xấu\n    gender: male\n  - name: Cũng tốt\n  - year: 2022\n",
    )]);
    assert_error(
        &e,
        "content/citizens/2022.yaml:5:13:",
        "`gender` cannot be `male`",
    );
    assert_error(&e, "content/citizens/2022.yaml:7:5:", "has no `name`");
    assert_eq!(e.len(), 2, "{e:?}");
}

#[test]
fn required_fields_and_ranges() {
    let e = errors_of(&[
        ("content/citizens/2023/a.md", "---\nname: A\n---\n"),
        (
            "content/citizens/2023/b.md",
            "---\nname: B\nyear: 1800\nbirth_year: abc\n---\n",
        ),
        (
            "content/citizens/2023/c.md",
            "---\nname: C\nyear: 2023\ngroup: quan chức\n---\n",
        ),
    ]);
    assert_error(&e, "content/citizens/2023/a.md:2:1:", "has no `year`");
    assert_error(
        &e,
        "content/citizens/2023/b.md:3:7:",
        "not a plausible year",
    );
    assert_error(
        &e,
        "content/citizens/2023/b.md:4:13:",
        "must be a whole number",
    );
    assert_error(
        &e,
        "content/citizens/2023/c.md:4:8:",
        "`group` cannot be `quan chức`",
    );
    assert_eq!(e.len(), 4, "all problems of all files are reported: {e:?}");
}

#[test]
fn press_links_must_be_http() {
    let e = errors_of(&[(
        "content/citizens/2023/a.md",
        "---\nname: A\nyear: 2023\nlinks:\n  - { title: x, url: \"javascript:alert(1)\" }\n  - { title: y, url: \"data:text/html,hi\" }\n---\n",
    )]);
    assert_error(
        &e,
        "content/citizens/2023/a.md:5:",
        "must be a web address starting with https://",
    );
    assert_error(&e, "content/citizens/2023/a.md:6:", "data:text/html");
}

#[test]
fn photos_must_exist_and_stay_inside_the_site() {
    let site = TestSite::new(&[
        (
            "content/citizens/2023/a.md",
            "---\nname: A\nyear: 2023\nphoto: a.jpeg\n---\n",
        ),
        (
            "content/citizens/2023/b.md",
            "---\nname: B\nyear: 2023\nphoto: ../../../../etc/passwd\n---\n",
        ),
        (
            "content/citizens/2023/c.md",
            "---\nname: C\nyear: 2023\nphoto: c.jpg\n---\n",
        ),
        (
            "content/citizens/2023/d.md",
            "---\nname: D\nyear: 2023\nphoto: d.jpg\n---\n",
        ),
    ]);
    site.write("content/citizens/2023/a.jpg", &jpeg(10, 10));
    site.write("content/citizens/2023/d.jpg", b"this is not an image");
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), jpeg(10, 10)).unwrap();
    std::os::unix::fs::symlink(
        outside.path(),
        site.root().join("content/citizens/2023/c.jpg"),
    )
    .unwrap();
    let e = site.errors();
    assert_error(&e, "content/citizens/2023/a.md:4:8:", "does not exist");
    assert!(
        e.iter().any(|x| x.contains("did you mean `a.jpg`?")),
        "{e:?}"
    );
    assert_error(
        &e,
        "content/citizens/2023/b.md:4:8:",
        "outside the site folder",
    );
    assert_error(
        &e,
        "content/citizens/2023/c.md:4:8:",
        "outside the site folder",
    );
    assert_error(
        &e,
        "content/citizens/2023/d.md:4:8:",
        "this file is not an image",
    );
}

#[test]
fn duplicate_urls_name_both_files() {
    let e = errors_of(&[
        (
            "content/citizens/2023/a.md",
            "---\nname: Nguyễn Văn A\nyear: 2023\nslug: nguyen-van-a\n---\n",
        ),
        (
            "content/citizens/list.yaml",
            "year: 2023\nprofiles:\n  - name: Nguyễn Văn A\n",
        ),
    ]);
    assert_error(&e, "content/citizens/2023/a.md:2:1:", "same URL /cong-dan-uu-tu/2023/nguyen-van-a/ as the profile of Nguyễn Văn A in content/citizens/list.yaml:3");
    assert_error(
        &e,
        "content/citizens/list.yaml:3:5:",
        "content/citizens/2023/a.md:2",
    );
}

#[test]
fn invalid_utf8_and_empty_files() {
    let site = TestSite::new(&[("content/citizens/2023/empty.md", "")]);
    site.write(
        "content/citizens/2023/latin1.md",
        b"---\nname: Nguy\xe1n\nyear: 2023\n---\n",
    );
    let e = site.errors();
    assert_error(&e, "content/citizens/2023/empty.md:1:1:", "empty");
    assert_error(
        &e,
        "content/citizens/2023/latin1.md:2:11:",
        "not valid UTF-8",
    );
}

#[test]
fn site_yaml_problems() {
    let e = errors_of(&[(
        "site.yaml",
        "titel: X\nlanguage: fr\nimages:\n  quality: 500\n",
    )]);
    assert_error(&e, "site.yaml:1:1:", "has no `title`");
    assert_error(&e, "site.yaml:1:1:", "unknown field `titel`");
    assert_error(&e, "site.yaml:2:11:", "unsupported language `fr`");
    assert_error(&e, "site.yaml:4:12:", "quality 500 is out of range");
}

#[test]
fn template_errors_name_the_template_file() {
    let e = errors_of(&[
        ("content/citizens/2023/a.md", "---\nname: A\nyear: 2023\n---\n"),
        ("templates/year.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ year.nope.deeper }}\n{% endblock %}\n"),
    ]);
    assert_error(&e, "templates/year.html:3:", "template error");
}

#[test]
fn unclosed_front_matter() {
    let e = errors_of(&[(
        "content/citizens/2023/a.md",
        "---\nname: A\nyear: 2023\nStory without the closing line\n",
    )]);
    assert_error(&e, "content/citizens/2023/a.md:1:1:", "never closed");
}

#[test]
fn urls_the_build_keeps_for_list_pages_and_the_card_page_are_refused() {
    let e = errors_of(&[
        (
            "content/citizens/2023/a.md",
            "---\nname: Nguyễn Văn A\nyear: 2023\naliases: [/cong-dan-uu-tu/2023/trang/2/]\n---\n",
        ),
        (
            "content/citizens/2023/b.md",
            "---\nname: Trần Thị B\nyear: 2023\naliases: [/nhung.html, /nhung.html/]\n---\n",
        ),
    ]);
    assert_error(
        &e,
        "content/citizens/2023/a.md:4:",
        "the later pages of a list",
    );
    assert_error(
        &e,
        "content/citizens/2023/b.md:4:",
        "page for embedded cards",
    );
}

#[test]
fn a_section_may_not_take_a_path_the_site_publishes_itself() {
    let yaml = "title: T\nsections:\n  citizens: { kind: person, path: tim-kiem }\n  units: { kind: collective, path: dia-ban }\n";
    let e = errors_of(&[("site.yaml", yaml)]);
    assert_error(
        &e,
        "site.yaml:3:",
        "/tim-kiem/, which is the site's search page",
    );
    assert_error(
        &e,
        "site.yaml:4:",
        "/dia-ban/, which is the site's list of a taxonomy",
    );
}

#[test]
fn an_alias_may_not_put_a_folder_where_a_feed_goes() {
    let e = errors_of(&[(
        "content/citizens/2023/a.md",
        "---\nname: A\nyear: 2023\naliases: [/cong-dan-uu-tu/atom.xml, /sitemap.xml, /sitemap-1.xml]\n---\n",
    )]);
    assert_error(
        &e,
        "content/citizens/2023/a.md:4:",
        "/sitemap-1.xml/, which the site keeps for the parts of a large site's sitemap",
    );
    assert_error(
        &e,
        "content/citizens/2023/a.md:4:",
        "/cong-dan-uu-tu/atom.xml/, which is the site's feed of",
    );
    assert_error(
        &e,
        "content/citizens/2023/a.md:4:",
        "which is the site's sitemap",
    );
}

#[test]
fn the_statistics_path_is_free_when_the_theme_has_no_statistics_page() {
    let files = [(
        "content/citizens/2023/a.md",
        "---\nname: A\nyear: 2023\naliases: [/thong-ke/]\n---\n",
    )];
    let e = errors_of(&files);
    assert_error(&e, "content/citizens/2023/a.md:4:", "statistics page");
    let site = TestSite::new(&files);
    std::fs::remove_file(site.root().join("themes/default/templates/statistics.html")).unwrap();
    site.build().unwrap();
    assert!(site.read("thong-ke/index.html").contains("refresh"));
}

#[test]
fn a_static_file_may_not_take_a_page_s_place() {
    let site = TestSite::new(&[
        (
            "content/citizens/2023/a.md",
            "---\nname: Nguyễn Văn A\nyear: 2023\n---\n",
        ),
        ("static/robots.txt", "User-agent: *\n"),
        ("static/cong-dan-uu-tu/index.html", "<p>a list by hand</p>"),
        ("static/css/extra.css", "p{}"),
        // Where a site of over 50,000 pages writes the parts of its sitemap.
        ("static/sitemap-2.xml", "<urlset/>"),
        ("static/sitemap-old.xml", "<urlset/>"),
    ]);
    let errors = site.errors();
    assert_error(
        &errors,
        "static/sitemap-2.xml:1:1:",
        "/sitemap-2.xml, which the site keeps for the parts of a large site's sitemap",
    );
    assert_error(
        &errors,
        "static/robots.txt:1:1:",
        "where the site's robots.txt goes",
    );
    assert_error(
        &errors,
        "static/cong-dan-uu-tu/index.html:1:1:",
        "where the site's list page of Công dân ưu tú goes",
    );
    assert_eq!(errors.len(), 3, "{errors:?}");
}

#[test]
fn an_alias_to_a_page_s_index_html_is_that_page() {
    let site = TestSite::new(&[
        ("content/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\n"),
        (
            "content/citizens/2023/a.md",
            "---\nname: Nguyễn Văn A\nyear: 2023\naliases: [/gioi-thieu/index.html]\n---\n",
        ),
    ]);
    let errors = site.errors();
    assert_error(
        &errors,
        "content/citizens/2023/a.md:4:11:",
        "same URL /gioi-thieu/",
    );
}
