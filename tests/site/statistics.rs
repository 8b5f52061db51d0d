//! The statistics page, counts on list pages, embeddable cards, section feeds and the
//! English UI, on a generated site whose expected numbers the test computes itself.

use std::collections::BTreeMap;

use scraper::{Html, Selector};

use crate::common::TestSite;

const GROUPS: &[(&str, &str)] = &[
    ("nông dân", "Nông dân"),
    ("công nhân", "Công nhân"),
    ("chiến sĩ", "Chiến sĩ"),
    ("người lao động trực tiếp", "Người lao động trực tiếp"),
    ("cán bộ", "Cán bộ"),
    ("trí thức", "Trí thức"),
];
const DISTRICTS: &[&str] = &["Tân Yên", "Lục Ngạn", "Yên Thế", "Hiệp Hoà"];
const FIELDS: &[&str] = &["Giáo dục", "Y tế", "Nông nghiệp"];

/// One generated person: (year, group index or none, gender, district, fields, award).
struct Person {
    year: i64,
    group: Option<usize>,
    gender: Option<&'static str>,
    district: &'static str,
    fields: Vec<&'static str>,
    award: String,
}

fn people() -> Vec<Person> {
    (0..57)
        .map(|i| Person {
            year: 2021 + (i % 4) as i64,
            group: (i % 7 != 6).then_some(i % GROUPS.len()),
            gender: match i % 5 {
                0 | 2 => Some("nam"),
                1 | 3 => Some("nữ"),
                _ => None,
            },
            district: DISTRICTS[(i * 3) % DISTRICTS.len()],
            fields: if i % 4 == 0 {
                vec![FIELDS[i % 3], FIELDS[(i + 1) % 3]]
            } else {
                vec![FIELDS[i % 3]]
            },
            award: format!("Giải {}", i % 13),
        })
        .collect()
}

/// 57 people over four years and 5 collectives (two without a year).
fn site() -> TestSite {
    let site = TestSite::new(&[]);
    let mut by_year: BTreeMap<i64, String> = BTreeMap::new();
    for (i, p) in people().iter().enumerate() {
        let mut entry = format!(
            "  - name: Người Thứ {i}\n    slug: nguoi-{i}\n    district: {}\n    fields: [{}]\n    awards: [{{ title: {} }}]\n",
            p.district,
            p.fields.join(", "),
            p.award
        );
        if let Some(g) = p.group {
            entry.push_str(&format!("    group: {}\n", GROUPS[g].0));
        }
        if let Some(g) = p.gender {
            entry.push_str(&format!("    gender: {g}\n"));
        }
        by_year.entry(p.year).or_default().push_str(&entry);
    }
    for (year, list) in &by_year {
        site.write(
            &format!("content/citizens/{year}.yaml"),
            format!("year: {year}\nprofiles:\n{list}").as_bytes(),
        );
    }
    for c in 0..5 {
        let year = if c < 3 {
            format!("year: {}\n", 2022 + c)
        } else {
            String::new()
        };
        site.write(
            &format!("content/collectives/tap-the-{c}.md"),
            format!("---\nname: Tập thể {c}\n{year}kind: Hợp tác xã\ndistrict: Tân Yên\nfields: [Nông nghiệp]\n---\nChuyện.\n").as_bytes(),
        );
    }
    site
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(el: scraper::ElementRef) -> String {
    el.text().collect::<String>().trim().to_string()
}

/// The table of chart `key` as label → count.
fn table(doc: &Html, key: &str) -> BTreeMap<String, usize> {
    let section = doc
        .select(&sel(&format!("section[aria-labelledby=stats-{key}]")))
        .next()
        .unwrap_or_else(|| panic!("no chart {key}"));
    section
        .select(&sel("tbody tr"))
        .map(|tr| {
            let label = text(tr.select(&sel("th")).next().unwrap());
            let count = text(tr.select(&sel("td")).next().unwrap());
            (label, count.replace('.', "").parse().unwrap())
        })
        .collect()
}

fn tally<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for i in items {
        *m.entry(i.to_string()).or_default() += 1;
    }
    m
}

#[test]
fn statistics_equal_the_counts_of_the_content() {
    let site = site();
    site.build().unwrap();
    let html = site.read("thong-ke/index.html");
    let doc = Html::parse_document(&html);
    let people = people();

    let tiles: Vec<String> = doc.select(&sel(".tile dd")).map(text).collect();
    assert_eq!(tiles[0], "62", "total");
    assert_eq!(tiles[1], "57", "people");
    assert_eq!(tiles[2], "5", "collectives");
    let direct = people
        .iter()
        .filter(|p| p.group.is_some_and(|g| g < 4))
        .count();
    assert!(
        tiles[3].starts_with(&format!("{},", direct * 1000 / 57 / 10))
            && tiles[3].ends_with(&format!("{direct} / 57")),
        "direct workers {direct}/57: {}",
        tiles[3]
    );

    let mut years = tally(
        people
            .iter()
            .map(|p| p.year.to_string())
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    );
    for y in ["2022", "2023", "2024"] {
        *years.get_mut(y).unwrap() += 1; // the collectives with a year
    }
    assert_eq!(table(&doc, "year"), years);

    let mut fields = tally(people.iter().flat_map(|p| p.fields.iter().copied()));
    *fields.get_mut("Nông nghiệp").unwrap() += 5;
    assert_eq!(table(&doc, "field"), fields);

    let mut districts = tally(people.iter().map(|p| p.district));
    *districts.get_mut("Tân Yên").unwrap() += 5;
    assert_eq!(table(&doc, "district"), districts);

    let mut groups = tally(people.iter().filter_map(|p| p.group.map(|g| GROUPS[g].1)));
    groups.insert(
        "Chưa ghi".into(),
        people.iter().filter(|p| p.group.is_none()).count(),
    );
    assert_eq!(table(&doc, "group"), groups);

    let genders = BTreeMap::from([
        (
            "Nam".to_string(),
            people.iter().filter(|p| p.gender == Some("nam")).count(),
        ),
        (
            "Nữ".to_string(),
            people.iter().filter(|p| p.gender == Some("nữ")).count(),
        ),
        (
            "Chưa ghi".to_string(),
            people.iter().filter(|p| p.gender.is_none()).count(),
        ),
    ]);
    assert_eq!(table(&doc, "gender"), genders);

    // The ten most frequent award titles, with their counts.
    let awards = tally(people.iter().map(|p| p.award.as_str()));
    let shown = table(&doc, "award");
    assert_eq!(shown.len(), 10);
    let mut counts: Vec<usize> = awards.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let mut shown_counts: Vec<usize> = shown.values().copied().collect();
    shown_counts.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(shown_counts, counts[..10]);
    for (title, n) in &shown {
        assert_eq!(awards[title], *n, "{title}");
    }

    // Each chart is well-formed SVG with one bar per row (at most 12) and a title.
    let svgs: Vec<_> = doc.select(&sel("figure svg")).collect();
    assert_eq!(svgs.len(), 6);
    for svg in svgs {
        let xml = svg.html();
        let tree = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("SVG not well-formed: {e}\n{xml}"));
        let root = tree.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root.children().any(|c| c.has_tag_name("title")));
        let bars = root
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .count();
        assert!((1..=12).contains(&bars));
    }
}

#[test]
fn list_pages_show_their_count_and_link_to_the_statistics() {
    let site = site();
    site.build().unwrap();
    for (page, count) in [
        ("cong-dan-uu-tu/2021/index.html", "15 người"),
        ("linh-vuc/index.html", "3 mục"),
        ("dia-ban/tan-yen/index.html", " hồ sơ"),
        ("danh-hieu/giai-0/index.html", "5 hồ sơ"),
        ("tap-the-dien-hinh/index.html", "5 hồ sơ"),
    ] {
        let html = site.read(page);
        let doc = Html::parse_document(&html);
        let head = doc
            .select(&sel(".page-head"))
            .next()
            .map(text)
            .unwrap_or_default();
        assert!(
            head.contains(count) || head.contains(&count.replace("người", "hồ sơ")),
            "{page}: `{head}` lacks its count `{count}`"
        );
        assert!(
            doc.select(&sel("main a[href='/thong-ke/']"))
                .next()
                .is_some(),
            "{page} links to the statistics"
        );
    }
}

/// The card inside `<template id="nhung-the">` of a profile's page, which `nhung.html` shows.
fn card_of(page: &str) -> Option<Html> {
    let open = "<template id=\"nhung-the\">";
    let start = page.find(open)? + open.len();
    let end = start + page[start..].find("</template>")?;
    Some(Html::parse_fragment(&page[start..end]))
}

#[test]
fn every_profile_has_a_self_contained_embed_card() {
    let site = site();
    site.build().unwrap();
    let sitemap = site.read("sitemap.xml");
    assert!(
        !sitemap.contains("nhung.html"),
        "the card page is not for search engines"
    );
    let profile = site.read("cong-dan-uu-tu/2021/nguoi-0/index.html");
    let doc = Html::parse_document(&profile);
    let code = doc
        .select(&sel("textarea#embed-code"))
        .next()
        .map(text)
        .expect("embed code on the profile page");
    assert!(
        code.starts_with(
            "<iframe src=\"https://vd.example.vn/nhung.html#cong-dan-uu-tu/2021/nguoi-0/\""
        ),
        "{code}"
    );
    assert!(code.contains("title=\"Người Thứ 0\""));
    let link = doc.select(&sel("input#share-link")).next().unwrap();
    assert_eq!(
        link.value().attr("value"),
        Some("https://vd.example.vn/cong-dan-uu-tu/2021/nguoi-0/")
    );

    // The card travels in the profile's page: no file of its own per profile.
    let card = card_of(&profile).expect("the card in the profile's page");
    assert_eq!(
        card.select(&sel("h1")).map(text).collect::<Vec<_>>(),
        ["Người Thứ 0"]
    );
    assert!(card.select(&sel("script")).next().is_none());
    let full = card
        .select(&sel("a[target=_blank]"))
        .next()
        .expect("link out");
    assert_eq!(
        full.value().attr("href"),
        Some("https://vd.example.vn/cong-dan-uu-tu/2021/nguoi-0/")
    );
    assert!(full.value().attr("rel").unwrap().contains("noopener"));
    assert!(!site
        .root()
        .join("public/cong-dan-uu-tu/2021/nguoi-0/embed.html")
        .exists());

    // The one card page: not indexed, loading only the site's own files.
    let host = Html::parse_document(&site.read("nhung.html"));
    assert!(host
        .select(&sel("meta[name=robots][content=noindex]"))
        .next()
        .is_some());
    let mut loads = Vec::new();
    for el in host.select(&sel("[src], link[href]")) {
        let url = el.value().attr("src").or(el.value().attr("href")).unwrap();
        assert!(
            url.starts_with('/'),
            "the card page loads only the site's own files: {url}"
        );
        loads.push(url.to_string());
    }
    assert_eq!(loads, ["/css/embed.css", "/js/nhung.js"]);
    for file in ["css/embed.css", "js/nhung.js"] {
        assert!(site.root().join("public").join(file).is_file(), "{file}");
    }
    // A collective without a year has a card too.
    let unit = site.read("tap-the-dien-hinh/tap-the-4/index.html");
    assert!(card_of(&unit).is_some());
}

#[test]
fn each_section_has_its_own_feed() {
    let site = site();
    site.build().unwrap();
    let entries = |path: &str| -> Vec<String> {
        let xml = site.read(path);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .map(|e| {
                e.children()
                    .find(|c| c.has_tag_name("link"))
                    .and_then(|l| l.attribute("href"))
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let people = entries("cong-dan-uu-tu/atom.xml");
    assert_eq!(people.len(), 50, "the feed keeps the newest 50");
    assert!(people
        .iter()
        .all(|u| u.starts_with("https://vd.example.vn/cong-dan-uu-tu/")));
    assert!(people[0].contains("/2024/"), "newest year first");
    let collectives = entries("tap-the-dien-hinh/atom.xml");
    assert_eq!(collectives.len(), 5);
    assert!(collectives
        .iter()
        .all(|u| u.contains("/tap-the-dien-hinh/")));
    let year_page = site.read("cong-dan-uu-tu/2021/index.html");
    assert!(
        year_page.contains("/cong-dan-uu-tu/atom.xml"),
        "the section feed is announced"
    );
}

/// Letters only Vietnamese uses (with their marks); an English page built from content
/// without them must show none.
fn vietnamese(c: char) -> bool {
    matches!(c, 'à'..='ã' | 'è'..='ê' | 'ì' | 'í' | 'ò'..='õ' | 'ù' | 'ú' | 'ý' | 'ă' | 'đ' | 'ĩ' | 'ũ' | 'ơ' | 'ư'
        | 'À'..='Ã' | 'È'..='Ê' | 'Ì' | 'Í' | 'Ò'..='Õ' | 'Ù' | 'Ú' | 'Ý' | 'Ă' | 'Đ' | 'Ĩ' | 'Ũ' | 'Ơ' | 'Ư'
        | '\u{1EA0}'..='\u{1EF9}')
}

#[test]
fn the_english_ui_has_no_vietnamese_left() {
    let site = TestSite::new(&[
        (
            "site.yaml",
            "title: Honour roll\nbase_url: https://vd.example.vn/\nlanguage: en\nsections:\n  citizens: { kind: person, path: citizens, title: Outstanding citizens }\n  collectives: { kind: collective, path: collectives, title: Exemplary collectives }\n",
        ),
        (
            "content/citizens/2023/a.md",
            "---\nname: Nguyen Van A\nyear: 2023\ngender: nam\ngroup: nông dân\ndistrict: Tan Yen\nfields: [Farming]\nawards: [{ title: Citizen of the year, year: 2023 }]\nlinks: [{ title: A story, url: 'https://news.example/a', outlet: News, date: 2023-05-04 }]\n---\nStory.\n",
        ),
        (
            "content/citizens/2023/b.md",
            "---\nname: Tran Thi B\nyear: 2023\ngender: nữ\ndistrict: Tan Yen\n---\n",
        ),
        ("content/collectives/c.md", "---\nname: Coop C\nkind: Cooperative\n---\n"),
        ("content/about.md", "---\ntitle: About\nmenu: true\n---\nAbout us.\n"),
    ]);
    site.build().unwrap();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.root().join("public")) {
        let entry = entry.unwrap();
        let ext = entry.path().extension().and_then(|e| e.to_str());
        if !matches!(ext, Some("html" | "xml")) {
            continue;
        }
        pages += 1;
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // The value `nông dân` of `group` is content, but pages show its translation.
        if let Some(bad) = text.lines().find(|l| l.chars().any(vietnamese)) {
            let at: String = bad
                .char_indices()
                .find(|(_, c)| vietnamese(*c))
                .map(|(i, _)| bad[i.saturating_sub(60)..].chars().take(120).collect())
                .unwrap_or_default();
            panic!("Vietnamese left in {}: …{at}…", entry.path().display());
        }
    }
    assert!(pages > 10);
    let profile = site.read("citizens/2023/a/index.html");
    assert!(profile.contains("Farmers"), "the group is translated");
    assert!(
        profile.contains("4 May 2023"),
        "dates written the English way"
    );
    assert!(profile.contains("lang=\"en\""));
    let stats = site.read("thong-ke/index.html");
    assert!(stats.contains("Male") && stats.contains("Female"));
}

#[test]
fn large_counts_are_grouped_the_vietnamese_way() {
    let site = TestSite::new(&[]);
    let mut list = String::from("year: 2024\nprofiles:\n");
    for i in 0..1234 {
        list.push_str(&format!("  - {{ name: Người {i}, slug: n-{i} }}\n"));
    }
    site.write("content/citizens/2024.yaml", list.as_bytes());
    site.build().unwrap();
    let html = site.read("cong-dan-uu-tu/2024/index.html");
    assert!(html.contains("1.234"), "1.234 in the year's count");
    let page2 = site.read("cong-dan-uu-tu/2024/trang/2/index.html");
    assert!(page2.contains("start=\"49\""), "ranks continue on page 2");
    let doc = Html::parse_document(&page2);
    let ranks: Vec<String> = doc.select(&sel(".cards .rank")).map(text).collect();
    assert_eq!(
        ranks.first().map(String::as_str),
        Some("49"),
        "the visible rank too"
    );
    assert_eq!(ranks.last().map(String::as_str), Some("96"));
    assert!(site.read("thong-ke/index.html").contains("1.234"));
}
