//! A rebuild takes the previous build's unchanged pages instead of rendering them again,
//! and the site it makes is always the one a fresh build makes.

use crate::common::{snapshot, TestSite};
use vinhdanh::build::{self, Options, Summary};

fn profile(name: &str, district: &str, summary: &str) -> String {
    format!(
        "---\nname: {name}\nyear: 2023\ndistrict: {district}\nfields: [Giáo dục]\nsummary: {summary}\n---\nCâu chuyện của {name}.\n"
    )
}

fn site() -> TestSite {
    let site = TestSite::new(&[]);
    let people = [
        ("nguyen-van-duc", "Nguyễn Văn Đức", "Tân Yên"),
        ("tran-thi-mai", "Trần Thị Mai", "Tân Yên"),
        ("le-van-hung", "Lê Văn Hùng", "Lục Ngạn"),
        ("pham-thu-ha", "Phạm Thu Hà", "Lục Nam"),
    ];
    for (slug, name, district) in people {
        site.write(
            &format!("content/citizens/2023/{slug}.md"),
            profile(name, district, "Tóm tắt ban đầu.").as_bytes(),
        );
    }
    site
}

/// How many HTML pages the built site has.
fn pages(site: &TestSite) -> usize {
    snapshot(&site.root().join("public"))
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count()
}

/// The same site built from scratch into another folder (which has its own record, so the
/// next build into `public` still reuses).
fn fresh(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    // Without the work the site's builds kept (YAML trees, search words), or a wrong entry
    // there would be in both sites alike.
    let cache = site.root().join(".vinhdanh-cache");
    let aside = site.root().join("cache-aside");
    let had = std::fs::rename(&cache, &aside).is_ok();
    let other = site.root().join("fresh");
    let opts = Options {
        output: Some(other.clone()),
        ..site.options()
    };
    let s: Summary = build::build(&opts).unwrap();
    assert_eq!(s.reused, 0, "another folder has nothing to reuse");
    let snap = snapshot(&other);
    std::fs::remove_dir_all(&other).unwrap();
    let _ = std::fs::remove_dir_all(&cache);
    if had {
        std::fs::rename(&aside, &cache).unwrap();
    }
    snap
}

#[test]
fn a_rebuild_renders_only_what_changed_and_makes_the_same_site_as_a_fresh_build() {
    let site = site();
    assert_eq!(
        site.build().unwrap().reused,
        0,
        "the first build renders everything"
    );
    let total = pages(&site);

    let again = site.build().unwrap();
    assert_eq!(again.reused, total, "nothing changed: every page is kept");
    assert_eq!(snapshot(&site.root().join("public")), fresh(&site));
    let after = site.build().unwrap();
    assert_eq!(
        after.reused, total,
        "another folder's build changes nothing here"
    );

    // One name and summary change: its profile, embed card, and every list showing its card
    // (year, section, home, district and field pages, neighbours' "related" boxes) are
    // rendered again; a profile in another district and without it in its related box is not.
    site.write(
        "content/citizens/2023/nguyen-van-duc.md",
        profile("Nguyễn Văn Đức Anh", "Tân Yên", "Tóm tắt đã sửa.").as_bytes(),
    );
    let edited = site.build().unwrap();
    assert!(
        edited.reused > 0 && edited.reused < total,
        "{} of {total} kept",
        edited.reused
    );
    assert!(site
        .read("cong-dan-uu-tu/2023/nguyen-van-duc/index.html")
        .contains("Tóm tắt đã sửa."));
    for list in [
        "cong-dan-uu-tu/2023/index.html",
        "dia-ban/tan-yen/index.html",
        "index.html",
    ] {
        assert!(site.read(list).contains("Nguyễn Văn Đức Anh"), "{list}");
    }
    let public = snapshot(&site.root().join("public"));
    assert_eq!(
        public,
        fresh(&site),
        "a rebuild makes what a fresh build makes"
    );

    // Only a story changes: its page is known changed from the story's hash (the page is
    // planned before any story is HTML) and is the only page rendered again.
    site.build().unwrap();
    let text =
        std::fs::read_to_string(site.root().join("content/citizens/2023/le-van-hung.md")).unwrap();
    site.write(
        "content/citizens/2023/le-van-hung.md",
        text.replace(
            "Câu chuyện của Lê Văn Hùng.",
            "Một câu chuyện **khác** hẳn.",
        )
        .as_bytes(),
    );
    let story = site.build().unwrap();
    assert_eq!(
        story.reused,
        total - 1,
        "only the profile's page is rendered"
    );
    assert!(site
        .read("cong-dan-uu-tu/2023/le-van-hung/index.html")
        .contains("Một câu chuyện <strong>khác</strong> hẳn."));
    assert_eq!(snapshot(&site.root().join("public")), fresh(&site));
    site.build().unwrap();

    // A page changed by hand in the output (same length, so only its time and inode tell)
    // is rendered again, not kept.
    let page = site
        .root()
        .join("public/cong-dan-uu-tu/2023/le-van-hung/index.html");
    let len = std::fs::metadata(&page).unwrap().len() as usize;
    std::fs::remove_file(&page).unwrap();
    std::fs::write(&page, "x".repeat(len)).unwrap();
    site.build().unwrap();
    assert!(site
        .read("cong-dan-uu-tu/2023/le-van-hung/index.html")
        .contains("Lê Văn Hùng"));
    // The tree changed by hand is now the spare, which the next build brings up to date:
    // the page is replaced there (linked from the live site), the rest kept.
    let mended = site.build().unwrap();
    assert_eq!(mended.reused, total);
    assert_eq!(mended.written, 1);
    assert_eq!(snapshot(&site.root().join("public")), fresh(&site));

    // A template change renders every page again.
    let template = site.root().join("themes/default/templates/profile.html");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(
        &template,
        text.replace("</article>", "</article><!-- mới -->"),
    )
    .unwrap();
    assert_eq!(site.build().unwrap().reused, 0);
    assert!(site
        .read("cong-dan-uu-tu/2023/le-van-hung/index.html")
        .contains("<!-- mới -->"));

    // So does a changed UI string, and minification.
    let strings = site.root().join("themes/default/i18n/vi.yaml");
    let text = std::fs::read_to_string(&strings).unwrap();
    std::fs::write(&strings, format!("{text}\nextra_string: Thêm\n")).unwrap();
    assert_eq!(site.build().unwrap().reused, 0);
    site.write(
        "site.yaml",
        "title: Thử nghiệm\nbase_url: https://vd.example.vn/\nminify: true\n".as_bytes(),
    );
    assert_eq!(site.build().unwrap().reused, 0);
    assert!(site.build().unwrap().reused > 0);

    // So does a changed setting every page shows.
    site.write(
        "site.yaml",
        "title: Tên mới\nbase_url: https://vd.example.vn/\n".as_bytes(),
    );
    assert_eq!(site.build().unwrap().reused, 0);

    // A site removed by hand: the spare is brought up to date and put in its place.
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    site.build().unwrap();
    assert_eq!(snapshot(&site.root().join("public")), fresh(&site));
    // Both trees removed: everything is rendered.
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    let _ = std::fs::remove_dir_all(site.root().join(".public.vinhdanh-spare"));
    assert_eq!(site.build().unwrap().reused, 0);
    assert_eq!(snapshot(&site.root().join("public")), fresh(&site));
}

/// A profile's page is kept for its inputs, not its values (`render::pages::profile_inputs`);
/// what other files change of a profile's page reaches it all the same. (A debug build, as
/// the tests run, also renders every page kept that way and fails if it differs from the
/// kept file.)
#[test]
fn a_profile_page_follows_what_other_files_change_of_it() {
    // Twenty-one honoured in one year by one decision: their certificates are printed
    // twenty to a file, in the order of their names. Sai is the twentieth, in the first
    // file. The decision's page and the year's timeline list them all.
    let honoured = |name: &str, district: &str| {
        format!("---\nname: {name}\nyear: 2023\ndistrict: {district}\nawards:\n  - title: Công dân ưu tú\n    year: 2023\n    decision: Quyết định số 1102/QĐ-UBND ngày 10/8/2023\n---\n")
    };
    let before_sai = [
        "An", "Anh", "Ba", "Bảo", "Bình", "Cao", "Chi", "Cúc", "Dũng", "Đạt", "Giang", "Hà", "Hải",
        "Khoa", "Lan", "Long", "Minh", "Nam", "Ngọc",
    ];
    let mut files: Vec<(String, String)> = (before_sai.iter())
        .map(|given| {
            let name = format!("Lê Văn {given}");
            let slug = vinhdanh::slug::slugify(&name);
            (
                format!("content/citizens/2023/{slug}.md"),
                honoured(&name, "Lục Nam"),
            )
        })
        .collect();
    files.push((
        "content/citizens/2023/le-van-sai.md".into(),
        honoured("Lê Văn Sai", "Yên Thế"),
    ));
    files.push((
        "content/citizens/2023/le-van-xuan.md".into(),
        honoured("Lê Văn Xuân", "Lục Nam"),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = TestSite::new(&refs);
    site.build().unwrap();
    let page = "cong-dan-uu-tu/2023/le-van-sai/index.html";
    let before = site.read(page);
    let lists = [
        "quyet-dinh/1102-qd-ubnd-2023/index.html",
        "dong-thoi-gian/2023/index.html",
    ];
    assert!(lists.iter().all(|l| site.read(l).contains("Lê Văn Xuân")));
    let total = pages(&site);

    // Xuân is renamed Ai and goes before Sai, whose certificate moves to the second file:
    // Sai's file is untouched, its page is not.
    site.write(
        "content/citizens/2023/le-van-xuan.md",
        honoured("Lê Văn Ai", "Lục Nam").as_bytes(),
    );
    let rebuilt = site.build().unwrap();
    assert!(
        rebuilt.reused > 0 && rebuilt.reused < total,
        "{} of {total} kept",
        rebuilt.reused
    );
    let after = site.read(page);
    assert_ne!(
        after, before,
        "Sai's page shows where its certificate is now"
    );
    for list in lists {
        let html = site.read(list);
        assert!(
            html.contains("Lê Văn Ai") && !html.contains("Lê Văn Xuân"),
            "{list}"
        );
    }
    assert_eq!(snapshot(&site.root().join("public")), fresh(&site));

    // Back again: so is Sai's page.
    site.write(
        "content/citizens/2023/le-van-xuan.md",
        honoured("Lê Văn Xuân", "Lục Nam").as_bytes(),
    );
    site.build().unwrap();
    assert_eq!(site.read(page), before);
    assert_eq!(snapshot(&site.root().join("public")), fresh(&site));
}

/// The front matter parsed by the last build is taken from `.vinhdanh-cache/yaml` when its
/// text is unchanged (`yaml::Kept`), the search words of a profile whose texts are unchanged
/// from `.vinhdanh-cache/search`; a cache cut short, garbled or emptied is not used, and
/// the site is the same.
#[test]
fn a_damaged_cache_of_parsed_front_matter_or_search_words_is_not_used() {
    let site = site();
    site.build().unwrap();
    for name in ["yaml", "search"] {
        let cache = site.root().join(".vinhdanh-cache").join(name);
        let kept = std::fs::read(&cache).unwrap();
        assert!(kept.len() > 200, "the build kept its {name} work");
        let mut flipped = kept.clone();
        flipped[kept.len() / 2] ^= 0x20;
        let damaged = [
            kept[..kept.len() / 2].to_vec(),
            flipped,
            vec![0xff; 4096],
            Vec::new(),
        ];
        for (n, bytes) in damaged.into_iter().enumerate() {
            std::fs::write(&cache, &bytes).unwrap();
            let summary = format!("Tóm tắt {name} số {n}.");
            site.write(
                "content/citizens/2023/pham-thu-ha.md",
                profile("Phạm Thu Hà", "Lục Nam", &summary).as_bytes(),
            );
            site.build().unwrap();
            assert!(site
                .read("cong-dan-uu-tu/2023/pham-thu-ha/index.html")
                .contains(&summary));
            assert_eq!(
                snapshot(&site.root().join("public")),
                fresh(&site),
                "{name}, damage {n}"
            );
            assert!(
                std::fs::read(&cache).unwrap().len() > 200,
                "written whole again"
            );
        }
    }
}

/// The search index of a rebuild, with the words of unchanged profiles taken from the last
/// build, is the index of a fresh build: after a summary's edit (other words), a name's
/// (another place in the order, so every document's number moves) and a removal.
#[test]
fn a_rebuilt_search_index_is_the_fresh_one() {
    let site = site();
    site.build().unwrap();
    let index = |files: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|(p, _)| p.starts_with("search/"))
            .cloned()
            .collect()
    };
    let before = index(&snapshot(&site.root().join("public")));
    assert!(before.len() > 5, "{before:?}");
    let edits: [(&str, Option<(&str, &str)>); 3] = [
        (
            "tran-thi-mai",
            Some(("Trần Thị Mai", "Cứu người giữa dòng lũ.")),
        ),
        (
            "tran-thi-mai",
            Some(("Âu Thị Mai", "Cứu người giữa dòng lũ.")),
        ),
        ("le-van-hung", None),
    ];
    for (slug, edit) in edits {
        let path = format!("content/citizens/2023/{slug}.md");
        match edit {
            Some((name, summary)) => {
                site.write(&path, profile(name, "Tân Yên", summary).as_bytes())
            }
            None => std::fs::remove_file(site.root().join(&path)).unwrap(),
        }
        site.build().unwrap();
        let rebuilt = index(&snapshot(&site.root().join("public")));
        assert_ne!(rebuilt, before);
        assert_eq!(rebuilt, index(&fresh(&site)), "after {slug}: {edit:?}");
    }
}

#[test]
fn a_failed_build_keeps_the_record_of_the_site_still_in_place() {
    let site = site();
    site.build().unwrap();
    let total = pages(&site);
    site.write(
        "content/citizens/2023/hong.md",
        "---\nname: [\n---\n".as_bytes(),
    );
    assert!(site.build().is_err());
    std::fs::remove_file(site.root().join("content/citizens/2023/hong.md")).unwrap();
    assert_eq!(site.build().unwrap().reused, total);
}

#[test]
fn a_portable_rebuild_keeps_pages_and_matches_a_fresh_portable_build() {
    let site = site();
    let opts = Options {
        portable: true,
        ..site.options()
    };
    build::build(&opts).unwrap();
    let total = pages(&site);
    site.write(
        "content/citizens/2023/pham-thu-ha.md",
        profile("Phạm Thu Hà", "Lục Nam", "Tóm tắt mới.").as_bytes(),
    );
    let again = build::build(&opts).unwrap();
    assert!(
        again.reused > 0 && again.reused < total,
        "{} of {total}",
        again.reused
    );
    // A normal build into the same folder shares nothing with the portable one.
    let kept = snapshot(&site.root().join("public"));
    let other = site.root().join("fresh");
    build::build(&Options {
        output: Some(other.clone()),
        ..opts.clone()
    })
    .unwrap();
    assert_eq!(kept, snapshot(&other));
    assert_eq!(site.build().unwrap().reused, 0);
}

#[test]
fn a_rebuild_writes_only_what_changed_and_removes_what_is_gone() {
    let site = site();
    for _ in 0..3 {
        site.build().unwrap();
    }
    assert!(site.root().join(".public.vinhdanh-spare").is_dir());
    let quiet = site.build().unwrap();
    assert_eq!(quiet.written, 0, "nothing changed, nothing written");

    site.write(
        "content/citizens/2023/nguyen-van-duc.md",
        profile("Nguyễn Văn Đức", "Tân Yên", "Một câu khác.").as_bytes(),
    );
    let edited = site.build().unwrap();
    let files = snapshot(&site.root().join("public")).len();
    assert!(
        edited.written > 0 && edited.written < files / 3,
        "{} of {files} files written for one summary",
        edited.written
    );
    assert_eq!(snapshot(&site.root().join("public")), fresh(&site));

    // A profile removed: its folder goes from the site (and, a build later, from the spare).
    std::fs::remove_file(site.root().join("content/citizens/2023/le-van-hung.md")).unwrap();
    site.build().unwrap();
    assert!(!site
        .root()
        .join("public/cong-dan-uu-tu/2023/le-van-hung")
        .exists());
    assert_eq!(snapshot(&site.root().join("public")), fresh(&site));
    site.build().unwrap();
    assert!(!site
        .root()
        .join(".public.vinhdanh-spare/cong-dan-uu-tu/2023/le-van-hung")
        .exists());

    // A build stopped while changing the spare leaves it marked, with a stray file and a
    // half-written page: the next build checks the tree and mends it.
    let spare = site.root().join(".public.vinhdanh-spare");
    std::fs::write(spare.join("stray.html"), "left by a killed build").unwrap();
    let page = spare.join("cong-dan-uu-tu/2023/nguyen-van-duc/index.html");
    std::fs::write(&page, "half").unwrap();
    for mark in std::fs::read_dir(site.root().join(".vinhdanh-cache/trees")).unwrap() {
        let mark = mark.unwrap().path();
        std::fs::write(mark.with_extension("dirty"), "").unwrap();
    }
    site.build().unwrap();
    let public = snapshot(&site.root().join("public"));
    assert!(!public.iter().any(|(p, _)| p == "stray.html"));
    assert_eq!(public, fresh(&site));

    // Every page rendered anew, then kept across builds, the trees sharing files: no
    // replacement is ever left beside its file.
    let template = site.root().join("themes/default/templates/profile.html");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(
        &template,
        text.replace("</article>", "</article><!-- 2 -->"),
    )
    .unwrap();
    for round in 0..5 {
        if round == 3 {
            site.write(
                "content/citizens/2023/tran-thi-mai.md",
                profile("Trần Thị Mai", "Tân Yên", "Lần ba.").as_bytes(),
            );
        }
        site.build().unwrap();
        for tree in ["public", ".public.vinhdanh-spare"] {
            let left: Vec<_> = snapshot(&site.root().join(tree))
                .into_iter()
                .filter(|(p, _)| p.contains("vinhdanh"))
                .map(|(p, _)| p)
                .collect();
            assert!(left.is_empty(), "round {round}, {tree}: {left:?}");
        }
    }
    assert_eq!(snapshot(&site.root().join("public")), fresh(&site));
}
