//! The site's machine-readable files: `sitemap.xml`, the Atom feed, `robots.txt`, and the
//! redirect pages that keep earlier URLs (aliases) working.

use crate::output::OutFile;
use crate::paths::Urls;
use crate::paths::{self, file_of};
use crate::site::Site;
use crate::theme::Theme;

/// Escapes text for XML and HTML text or attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The most addresses one sitemap file may list (the sitemaps protocol; search engines
/// ignore a longer file).
const SITEMAP_MAX: usize = 50_000;

/// `sitemap.xml` listing every page path given; above [`SITEMAP_MAX`] pages, a sitemap
/// index naming the parts ([`paths::sitemap_part`]) of up to that many each.
pub fn sitemaps(pages: &[String], urls: &Urls) -> Vec<OutFile> {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    const XMLNS: &str = "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
    let urlset = |path: String, pages: &[String]| {
        let mut xml = format!("{HEAD}<urlset {XMLNS}>\n");
        for p in pages {
            xml.push_str("<url><loc>");
            xml.push_str(&escape(&urls.permalink(p)));
            xml.push_str("</loc></url>\n");
        }
        xml.push_str("</urlset>\n");
        OutFile {
            path,
            bytes: xml.into_bytes(),
        }
    };
    if pages.len() <= SITEMAP_MAX {
        return vec![urlset(paths::SITEMAP.into(), pages)];
    }
    let mut files: Vec<OutFile> = pages
        .chunks(SITEMAP_MAX)
        .enumerate()
        .map(|(n, part)| urlset(paths::sitemap_part(n + 1), part))
        .collect();
    let mut index = format!("{HEAD}<sitemapindex {XMLNS}>\n");
    for f in &files {
        index.push_str("<sitemap><loc>");
        index.push_str(&escape(&urls.permalink(&f.path)));
        index.push_str("</loc></sitemap>\n");
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutFile {
        path: paths::SITEMAP.into(),
        bytes: index.into_bytes(),
    });
    files
}

/// `robots.txt` allowing everything and naming the sitemap.
pub fn robots(urls: &Urls) -> OutFile {
    let text = format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        urls.permalink(paths::SITEMAP)
    );
    OutFile {
        path: paths::ROBOTS.into(),
        bytes: text.into_bytes(),
    }
}

/// How many profiles the feed carries.
const FEED_SIZE: usize = 50;

/// The Atom feed of the newest profiles, of the whole site or of one section: latest year
/// first. Profiles carry no publication date, so an entry's date is the first day of the
/// year it was honoured.
pub fn atom(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    section: Option<&crate::site::SectionIndex>,
) -> OutFile {
    let mut order: Vec<usize> = match section {
        Some(s) => s.profiles.clone(),
        None => (0..site.profiles.len())
            .filter(|&i| !site.profiles[i].withdrawn())
            .collect(),
    };
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(site.profiles[i].year.unwrap_or(0)),
            site.profiles[i].weight,
        )
    });
    order.truncate(FEED_SIZE);
    let (path, title, home) = match section {
        Some(s) => (
            paths::section_feed(&s.section.path),
            format!("{} – {}", site.config.title, s.section.title),
            paths::section(&s.section.path),
        ),
        None => (
            paths::FEED.to_string(),
            format!("{} – {}", site.config.title, theme.t("feed_title")),
            String::new(),
        ),
    };
    let date = |y: Option<i64>| format!("{:04}-01-01T00:00:00Z", y.unwrap_or(2000));
    let updated = date(order.first().and_then(|&i| site.profiles[i].year));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    xml.push_str(&format!(
        " xml:lang=\"{}\">\n",
        escape(&site.config.language)
    ));
    xml.push_str(&format!("<title>{}</title>\n", escape(&title)));
    xml.push_str(&format!(
        "<id>{}</id>\n<updated>{updated}</updated>\n",
        escape(&urls.permalink(&home))
    ));
    xml.push_str(&format!(
        "<link rel=\"self\" href=\"{}\"/>\n<link href=\"{}\"/>\n",
        escape(&urls.permalink(&path)),
        escape(&urls.permalink(&home))
    ));
    xml.push_str(&format!(
        "<author><name>{}</name></author>\n",
        escape(&site.config.title)
    ));
    for i in order {
        let p = &site.profiles[i];
        let link = escape(&urls.permalink(&p.path));
        xml.push_str(&format!(
            "<entry><title>{}</title><link href=\"{link}\"/><id>{link}</id><updated>{}</updated>",
            escape(&p.name),
            date(p.year)
        ));
        if let Some(s) = &p.summary {
            xml.push_str(&format!("<summary>{}</summary>", escape(s)));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    OutFile {
        path,
        bytes: xml.into_bytes(),
    }
}

/// A small page at each alias that sends visitors (and search engines) to the current URL.
pub fn redirects(site: &Site, theme: &Theme, urls: &Urls) -> Vec<OutFile> {
    site.aliases()
        .map(|(alias, target)| {
            let canonical = escape(&urls.permalink(target));
            let href = escape(&urls.for_page(alias).href(target));
            let html = format!(
                "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><link rel=\"canonical\" href=\"{canonical}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={href}\"></head><body><p>{} <a href=\"{href}\">{canonical}</a></p></body></html>\n",
                escape(&site.config.language),
                escape(&theme.t("redirect_text")),
                escape(&theme.t("redirect_text")),
            );
            OutFile {
                path: file_of(alias),
                bytes: html.into_bytes(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locs(f: &OutFile) -> Vec<String> {
        let xml = String::from_utf8(f.bytes.clone()).unwrap();
        xml.split("<loc>")
            .skip(1)
            .map(|s| s.split("</loc>").next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_small_site_has_one_sitemap() {
        let urls = Urls::new("https://example.vn", "/vinh-danh/", false);
        let files = sitemaps(&["".into(), "a/".into()], &urls);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "sitemap.xml");
        assert!(String::from_utf8_lossy(&files[0].bytes).contains("<urlset"));
        assert_eq!(
            locs(&files[0]),
            [
                "https://example.vn/vinh-danh/",
                "https://example.vn/vinh-danh/a/"
            ]
        );
    }

    #[test]
    fn more_pages_than_a_sitemap_may_list_are_split_under_an_index() {
        let urls = Urls::new("https://example.vn", "/", false);
        let pages: Vec<String> = (0..SITEMAP_MAX * 2 + 1).map(|i| format!("p{i}/")).collect();
        let files = sitemaps(&pages, &urls);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = files.last().unwrap();
        assert!(String::from_utf8_lossy(&index.bytes).contains("<sitemapindex"));
        assert_eq!(
            locs(index),
            [
                "https://example.vn/sitemap-1.xml",
                "https://example.vn/sitemap-2.xml",
                "https://example.vn/sitemap-3.xml"
            ]
        );
        let listed: Vec<String> = files[..3].iter().flat_map(locs).collect();
        assert_eq!(listed.len(), pages.len(), "every page once, in order");
        assert_eq!(
            listed[SITEMAP_MAX],
            format!("https://example.vn/p{SITEMAP_MAX}/")
        );
        assert!(files[..2].iter().all(|f| locs(f).len() == SITEMAP_MAX));
    }
}
