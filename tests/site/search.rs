//! The search index as written to disk, on the fixture site `tests/fixtures/search`
//! (published under `/vinh-danh/`), and ranking over the real site model.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{copy_dir, repo};
use scraper::{Html, Selector};
use serde_json::Value;
use vinhdanh::build::{self, Options};
use vinhdanh::search::index::{decode, file_key, CHUNK};
use vinhdanh::search::{self, SearchIndex};

/// A copy of the fixture site with the default theme.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/search"), dir.path());
    copy_dir(
        &repo().join("themes/default"),
        &dir.path().join("themes/default"),
    );
    dir
}

fn options(root: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        ..Options::default()
    }
}

/// Builds the fixture; returns it and its output folder.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = fixture();
    let opts = options(dir.path());
    build::build(&opts).unwrap_or_else(|e| panic!("{}", vinhdanh::diagnostics::report(&e, None)));
    let out = opts.output_dir();
    (dir, out)
}

fn json(out: &Path, path: &str) -> Value {
    let text = std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn list(v: &Value) -> &str {
    v.as_str().unwrap()
}

/// Every index file, path → bytes.
fn index_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out.join("search"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The shard holding `key`: the longest shard key it starts with.
fn shard_of(manifest: &Value, key: &str) -> String {
    let keys: Vec<&str> = manifest["t"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    let best = keys
        .iter()
        .filter(|k| key.starts_with(**k))
        .max_by_key(|k| k.len())
        .unwrap();
    format!("search/t/{}.json", file_key(best))
}

/// The document of `id`, from its chunk.
fn doc(out: &Path, manifest: &Value, id: u32) -> Value {
    let c = manifest["c"].as_u64().unwrap() as u32;
    json(out, &format!("search/d/{}.json", id / c))[(id % c) as usize].clone()
}

#[test]
fn the_manifest_lists_every_shard_and_facet_and_nothing_else_is_written() {
    let (_d, out) = built();
    let manifest = json(&out, "search/index.json");
    assert_eq!(manifest["v"], vinhdanh::search::index::VERSION);
    // Twelve profiles and the one decision an award names.
    assert_eq!(manifest["n"], 13 + 1);
    assert_eq!(manifest["s"][0], serde_json::json!(["citizens", "person"]));
    let files = index_files(&out);
    let mut expected: Vec<String> = vec!["search/index.json".into()];
    for k in manifest["t"].as_array().unwrap() {
        expected.push(format!("search/t/{}.json", file_key(k.as_str().unwrap())));
    }
    for f in manifest["f"].as_array().unwrap() {
        expected.push(format!("search/f/{}.json", file_key(f.as_str().unwrap())));
    }
    expected.extend((0..14usize.div_ceil(CHUNK)).map(|n| format!("search/d/{n}.json")));
    expected.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), expected);
    for facet in [
        "section-citizens",
        "year-2022",
        "field-giao-duc",
        "district-tan-yen",
    ] {
        assert!(
            files.contains_key(&format!("search/f/{facet}.json")),
            "{facet}"
        );
    }
}

#[test]
fn words_keep_every_exact_form_with_the_field_it_was_found_in() {
    let (_d, out) = built();
    let manifest = json(&out, "search/index.json");
    let shard = json(&out, &shard_of(&manifest, "duc"));
    let duc = &shard["duc"];
    // Đức: two names (Nguyễn Văn Đức) and one commune (Đức Thắng); dục: a name and fields.
    let names: Vec<String> = decode(list(&duc["đức"][0]))
        .unwrap()
        .into_iter()
        .map(|id| doc(&out, &manifest, id)[1].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "/vinh-danh/cong-dan-uu-tu/2023/nguyen-van-duc/",
            "/vinh-danh/cong-dan-uu-tu/2022/nguyen-van-duc/"
        ]
    );
    assert_eq!(
        decode(list(&duc["đức"][1])).unwrap().len(),
        1,
        "the commune Đức Thắng"
    );
    assert_eq!(decode(list(&duc["dục"][0])).unwrap().len(), 1, "Đỗ Văn Dục");
    assert_eq!(
        decode(list(&duc["dục"][2])).unwrap().len(),
        3,
        "the field Giáo dục"
    );
    // Tân Yên is indexed as a pair, for the two profiles in that district.
    let pairs = json(&out, &shard_of(&manifest, "tan yen"));
    assert_eq!(decode(list(&pairs["tan yen"])).unwrap().len(), 2);
}

#[test]
fn documents_link_through_the_sub_path_and_show_their_thumbnail() {
    let (_d, out) = built();
    let manifest = json(&out, "search/index.json");
    let chunks = 14usize.div_ceil(CHUNK);
    let docs: Vec<Value> = (0..chunks)
        .flat_map(|n| {
            json(&out, &format!("search/d/{n}.json"))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    assert_eq!(docs.len(), 14, "twelve profiles and one decision");
    assert!(!out.join(format!("search/d/{chunks}.json")).exists());
    let decision = docs
        .iter()
        .find(|d| d[0] == "1234/QĐ-UBND")
        .expect("the decision");
    assert_eq!(decision[1], "/vinh-danh/quyet-dinh/1234-qd-ubnd-2022/");
    assert_eq!(
        manifest["s"][decision[6].as_u64().unwrap() as usize],
        serde_json::json!(["quyet-dinh", "decision"])
    );
    for d in &docs {
        let url = d[1].as_str().unwrap();
        assert!(url.starts_with("/vinh-danh/"), "{url}");
        assert!(
            out.join(url.trim_start_matches("/vinh-danh/"))
                .join("index.html")
                .is_file(),
            "{url}"
        );
    }
    let duc = docs
        .iter()
        .find(|d| d[1] == "/vinh-danh/cong-dan-uu-tu/2023/nguyen-van-duc/")
        .unwrap();
    assert_eq!(duc[0], "Nguyễn Văn Đức");
    assert_eq!(duc[3], "Chủ trang trại vải thiều");
    assert_eq!(duc[4], "Phượng Sơn, Lục Ngạn");
    assert_eq!(duc[5], 2023);
    assert_eq!(
        manifest["s"][duc[6].as_u64().unwrap() as usize][0],
        "citizens"
    );
    let thumb = duc[2].as_str().unwrap();
    assert!(thumb.starts_with("/vinh-danh/media/"), "{thumb}");
    assert!(
        out.join(thumb.trim_start_matches("/vinh-danh/")).is_file(),
        "{thumb}"
    );
    // Documents follow the names in the Vietnamese collation, so namesakes are neighbours
    // and equally good results come in alphabetical order (Dũng before Đức).
    let names: Vec<String> = docs
        .iter()
        .map(|d| d[0].as_str().unwrap().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_cached_key(|n| vinhdanh::collate::key(n));
    assert_eq!(names, sorted);
    let at = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert!(at("Nguyễn Văn Dũng") < at("Nguyễn Văn Đức"));
}

#[test]
fn pages_tell_the_client_where_the_index_is() {
    let (_d, out) = built();
    for page in ["index.html", "tim-kiem/index.html", "404.html"] {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(page)).unwrap());
        let meta = doc
            .select(&Selector::parse("meta[name=vinhdanh-search]").unwrap())
            .next()
            .unwrap_or_else(|| panic!("no search meta in {page}"));
        assert_eq!(meta.value().attr("content"), Some("/vinh-danh/search/"));
        assert_eq!(meta.value().attr("data-many"), Some("{n} kết quả"));
        let script = doc
            .select(&Selector::parse("script[src]").unwrap())
            .next()
            .unwrap();
        assert_eq!(script.value().attr("src"), Some("/vinh-danh/js/search.js"));
        assert!(script.value().attr("defer").is_some());
    }
    let page = std::fs::read_to_string(out.join("tim-kiem/index.html")).unwrap();
    assert!(page.contains("data-search-page"));
}

#[test]
fn ranking_over_the_site_puts_the_district_tan_yen_first() {
    let dir = fixture();
    let (site, _, _, _) = build::prepare(&options(dir.path())).unwrap();
    let urls = site.config.urls();
    let index = SearchIndex::build(search::entries(&site, &urls), vec![], None);
    let names = |q: &str, facets: &[&str]| -> Vec<String> {
        index
            .search(q, facets)
            .iter()
            .map(|h| index.docs[h.id as usize].name.clone())
            .collect()
    };
    assert_eq!(
        names("tan yen", &[])[..4],
        [
            "Hợp tác xã Sâm núi Liên Chung",
            "Nguyễn Thị Hoa",
            "Lê Thị Hòa",
            "Nguyễn Văn Dũng"
        ]
    );
    assert_eq!(
        names("hoa", &[])[..3],
        ["Lê Thị Hòa", "Nguyễn Thị Hoa", "Phạm Thị Hoà"]
    );
    assert_eq!(names("nguyen van duc", &["year-2022"])[0], "Nguyễn Văn Đức");
    assert_eq!(
        names("", &["district-tan-yen", "section-citizens"]),
        ["Nguyễn Thị Hoa"]
    );
}

#[test]
fn the_index_is_the_same_on_every_build() {
    let (dir, out) = built();
    let first = index_files(&out);
    build::build(&options(dir.path())).unwrap();
    assert_eq!(index_files(&out), first);
}

#[test]
fn the_build_writes_the_search_client_unless_the_site_has_its_own() {
    let site = crate::common::TestSite::new(&[(
        "content/citizens/2023/a.md",
        "---\nname: Nguyễn Văn A\nyear: 2023\n---\n",
    )]);
    site.build().unwrap();
    let written = site.read("js/search.js");
    assert_eq!(written.as_bytes(), search::client());
    // Minified: under two thirds of the source, no comments, and the names the pages and
    // the index files use kept.
    assert!(
        written.len() * 3 < search::CLIENT.len() * 2,
        "{} bytes",
        written.len()
    );
    assert!(!written.contains("Word forms"), "comments kept");
    for kept in ["vinhdanhSearch", "index.json", "data-search-results"] {
        assert!(written.contains(kept), "{kept} lost");
    }
    site.write("static/js/search.js", b"// the site's own client\n");
    site.build().unwrap();
    assert_eq!(site.read("js/search.js"), "// the site's own client\n");
}
