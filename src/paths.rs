//! The site's URL scheme: every path the build publishes or keeps for itself, and every
//! function that makes one. Nothing else in the crate formats a site path.
//!
//! A site path is relative to the site root and ends in `/` for a page (`cong-dan-uu-tu/2023/`,
//! the home page is `""`) or names a file (`atom.xml`). [`Urls`] turns site paths into the
//! links pages carry, so where a site is hosted (a domain root, a sub-path, a folder opened
//! from a USB stick) is decided in one place too.

/// The search page.
pub const SEARCH: &str = "tim-kiem/";
/// The statistics page (made when the theme has `statistics.html`).
pub const STATS: &str = "thong-ke/";
/// The folder of the search index files.
pub const SEARCH_INDEX: &str = "search/";
/// The search client script, unless a theme or the site ships its own.
pub const SEARCH_CLIENT: &str = "js/search.js";
/// The print pages' style sheet, unless a theme or the site ships its own.
pub const PRINT_CSS: &str = "css/print.css";
/// The kiosk's style sheet, likewise.
pub const KIOSK_CSS: &str = "css/kiosk.css";
/// The kiosk's script, likewise.
pub const KIOSK_JS: &str = "js/kiosk.js";
/// The site's Atom feed.
pub const FEED: &str = "atom.xml";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";

/// Part `n` (from 1) of the sitemap of a site too large for one: at the root, since a
/// sitemap may only list addresses below its own folder.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}
/// The one page that shows any profile's embeddable card: `nhung.html#<profile path>`.
pub const EMBED: &str = "nhung.html";
/// Its script, unless a theme or the site ships its own.
pub const EMBED_JS: &str = "js/nhung.js";
/// The crawlers' instructions.
pub const ROBOTS: &str = "robots.txt";
/// The page web servers show for a missing address.
pub const NOT_FOUND: &str = "404.html";
/// The kiosk's attract loop (kept for the kiosk).
pub const KIOSK: &str = "trinh-chieu/";
/// The register of decisions; each decision's page is below it (kept for the register).
pub const DECISIONS: &str = "quyet-dinh/";
/// The honours year by year (kept for the timeline).
pub const TIMELINE: &str = "dong-thoi-gian/";
/// The consultation rounds ("lấy ý kiến nhân dân"); their files are in `content/lay-y-kien/`
/// and each round's page is below it.
pub const CONSULTATIONS: &str = "lay-y-kien/";
/// The open data: the profiles and the register as CSV and JSON, with their schemas.
pub const DATA: &str = "du-lieu/";
/// The editor of `vinhdanh serve`, never part of a built site.
pub const EDITOR: &str = "_edit/";
/// The folder of every photo rendition.
pub const MEDIA: &str = "media/";

/// Below a list page: its later pages, `…/trang/2/`.
const PAGE_SEGMENT: &str = "trang";
/// In a list's folder (a year of people, a section of collectives): the file of its
/// certificates, `chung-nhan.html`, then `chung-nhan-2.html` and on.
const CERTIFICATES_FILE: &str = "chung-nhan";
/// How many certificates one file of a list holds. Staff print a year's ten citizens at
/// once; a list of thousands is cut so that one certificate never costs a large download.
pub const CERTIFICATES_PER_FILE: usize = 20;
/// Below a year: its board, for printing.
const PRINT_SEGMENT: &str = "ban-in";

/// The taxonomies: key, URL segment of their list.
pub const TAXONOMIES: &[(&str, &str)] = &[
    ("field", "linh-vuc"),
    ("district", "dia-ban"),
    ("award", "danh-hieu"),
];

/// The top-level folders the build publishes itself, with what each is, in a phrase.
/// A section may not take one, and content may not be published inside one.
pub fn top_level() -> Vec<(&'static str, &'static str)> {
    let mut own = vec![
        (SEARCH, "search page"),
        (STATS, "statistics page"),
        (SEARCH_INDEX, "search index"),
        (KIOSK, "kiosk"),
        (DECISIONS, "register of decisions"),
        (TIMELINE, "timeline"),
        (DATA, "open data"),
        (CONSULTATIONS, "consultation rounds"),
        (EDITOR, "editor"),
        (MEDIA, "photos"),
    ];
    for (_, path) in TAXONOMIES {
        own.push((path, "list of a taxonomy (fields, districts or awards)"));
    }
    own
}

/// The files the build writes at the site root, each as an alias to it would be written
/// (`atom.xml/`), so that an alias cannot put a folder where the file goes.
pub fn root_files() -> [(String, &'static str); 6] {
    [
        (EMBED.to_string(), "page for embedded cards"),
        (format!("{EMBED}/"), "page for embedded cards"),
        (format!("{FEED}/"), "feed"),
        (format!("{SITEMAP}/"), "sitemap"),
        (format!("{ROBOTS}/"), "robots.txt"),
        (NOT_FOUND.to_string(), "page for missing addresses"),
    ]
}

/// What the build writes at paths of this shape whatever the content, in a phrase: later
/// pages of a list, certificates and print pages.
pub fn kept_shape(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match segments.as_slice() {
        [.., PAGE_SEGMENT, n] if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            Some("the later pages of a list")
        }
        [_, .., name] if certificates_part(name).is_some() => Some("certificates for printing"),
        [_, .., PRINT_SEGMENT] => Some("print pages"),
        [name]
            if name
                .strip_prefix("sitemap-")
                .and_then(|n| n.strip_suffix(".xml"))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            Some("the parts of a large site's sitemap")
        }
        _ => None,
    }
}

/// Whether `file` has the shape of a file made beside the pages once they are all known:
/// `robots.txt`, the sitemap and its parts, a feed, the open data (alias redirects aside,
/// which only the site's aliases name).
pub fn beside_pages(file: &str) -> bool {
    file == ROBOTS
        || (file.starts_with("sitemap") && file.ends_with(".xml") && !file.contains('/'))
        || file == FEED
        || file.ends_with(&format!("/{FEED}"))
        || file.starts_with(DATA)
}

/// A plain page of `content/` from its file's path without the extension, one segment
/// each (`["gioi-thieu"]` → `gioi-thieu/`; a folder's `index` is the folder).
pub fn page(segments: &[String]) -> String {
    let mut path = String::new();
    for (i, s) in segments.iter().enumerate() {
        if i + 1 == segments.len() && s == "index" {
            break;
        }
        path.push_str(&crate::slug::slugify(s));
        path.push('/');
    }
    path
}

/// The register's page of one year's decisions (`quyet-dinh/2023/`), or of the decisions
/// whose year no reference gives (`quyet-dinh/khong-ro-nam/`). A decision's own page never
/// takes these: its segment starts with its number and ends with its year.
pub fn register_year(year: Option<i64>) -> String {
    match year {
        Some(y) => format!("{DECISIONS}{y}/"),
        None => format!("{DECISIONS}khong-ro-nam/"),
    }
}

/// The register's list of the references written without a decision number.
pub fn register_unnumbered() -> String {
    format!("{DECISIONS}khong-so/")
}

/// The timeline of one year: `dong-thoi-gian/2023/`.
pub fn timeline_year(year: i64) -> String {
    format!("{TIMELINE}{year}/")
}

/// A consultation round's page: `lay-y-kien/cong-dan-uu-tu-2026/`.
pub fn round(slug: &str) -> String {
    format!("{CONSULTATIONS}{slug}/")
}

/// A file of the open data: `du-lieu/cong-dan-uu-tu.csv`.
pub fn data_file(name: &str) -> String {
    format!("{DATA}{name}")
}

/// A section's list page: `cong-dan-uu-tu/`.
pub fn section(section_path: &str) -> String {
    format!("{section_path}/")
}

/// A section's own feed: `cong-dan-uu-tu/atom.xml`.
pub fn section_feed(section_path: &str) -> String {
    format!("{section_path}/{FEED}")
}

/// A year of a person section: `cong-dan-uu-tu/2023/`.
pub fn year(section_path: &str, year: i64) -> String {
    format!("{section_path}/{year}/")
}

/// A profile: `cong-dan-uu-tu/2023/nguyen-van-duc/`, or `tap-the-dien-hinh/htx-a/` without
/// a year.
pub fn profile(section_path: &str, year: Option<i64>, slug: &str) -> String {
    match year {
        Some(y) => format!("{section_path}/{y}/{slug}/"),
        None => format!("{section_path}/{slug}/"),
    }
}

/// A profile's embeddable card: the site's one card page with the profile's path as its
/// fragment; its script takes the card from the profile's page. A file of its own per
/// profile was a quarter of a site's entries, and newspapers embed a handful of profiles.
pub fn embed(profile_path: &str) -> String {
    format!("{EMBED}#{profile_path}")
}

/// Part `part` (from 0) of the certificates of the list at `list_path` (a year's page or
/// a collective section's): `cong-dan-uu-tu/2023/chung-nhan.html`, `…/chung-nhan-2.html`.
/// One file for many profiles: a file of its own per profile was a quarter of a site's
/// entries, and staff print a year's certificates together anyway.
pub fn certificates(list_path: &str, part: usize) -> String {
    match part {
        0 => format!("{list_path}{CERTIFICATES_FILE}.html"),
        n => format!("{list_path}{CERTIFICATES_FILE}-{}.html", n + 1),
    }
}

/// One profile's certificate: the sheet with the profile's slug as its anchor in its
/// list's file, which then shows and prints that sheet alone.
pub fn certificate(list_path: &str, part: usize, slug: &str) -> String {
    format!("{}#{slug}", certificates(list_path, part))
}

/// The part number (from 1) a file name of [`certificates`] carries.
fn certificates_part(name: &str) -> Option<usize> {
    let rest = name
        .strip_prefix(CERTIFICATES_FILE)?
        .strip_suffix(".html")?;
    match rest.strip_prefix('-') {
        None if rest.is_empty() => Some(1),
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n.parse().ok(),
        _ => None,
    }
}

/// The print page of a year (its board), below the year's page.
pub fn print(path: &str) -> String {
    format!("{path}{PRINT_SEGMENT}/")
}

/// The list of a taxonomy's terms: `dia-ban/`.
pub fn taxonomy(taxonomy_path: &str) -> String {
    format!("{taxonomy_path}/")
}

/// The URL segment of the taxonomy `key`.
pub fn taxonomy_path(key: &str) -> Option<&'static str> {
    TAXONOMIES.iter().find(|(k, _)| *k == key).map(|(_, p)| *p)
}

/// A term's page: `dia-ban/tan-yen/`.
pub fn term(taxonomy_path: &str, slug: &str) -> String {
    format!("{taxonomy_path}/{slug}/")
}

/// Page `n` (0-based) of a list whose first page is `base`: `base` itself, then
/// `base/trang/2/` and on.
pub fn paged(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}{PAGE_SEGMENT}/{}/", n + 1)
    }
}

/// The base name of one photo's renditions (`media/nguyen-van-duc-1a2b3c`), to which each
/// rendition adds its width and format.
pub fn media(stem: &str, key: &str) -> String {
    format!("{MEDIA}{stem}-{key}")
}

/// The page path an output file shows, the inverse of [`file_of`]: `a/index.html` → `a/`,
/// `index.html` → the home page, other files as they are.
pub fn page_of_file(file: &str) -> &str {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => file,
    }
}

/// The HTML file a page path is written to.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The site's addresses: site paths into links.
#[derive(Debug, Clone)]
pub struct Urls {
    origin: String,
    /// The published path of the site root (`/vinh-danh/`), for absolute URLs.
    base: String,
    /// What links start with: `base`, or `../…` on a portable site.
    root: String,
    /// `--portable`: links relative to the page, with explicit `index.html`, so the site
    /// works opened from a folder or USB stick (file://).
    portable: bool,
}

impl Urls {
    /// From the origin (`https://example.vn`, or empty) and the root path (`/vinh-danh/`)
    /// of the base URL.
    pub fn new(origin: &str, root: &str, portable: bool) -> Urls {
        Urls {
            origin: origin.to_string(),
            base: root.to_string(),
            root: if portable {
                "./".to_string()
            } else {
                root.to_string()
            },
            portable,
        }
    }

    /// The addresses as seen from the page at `page_path`. Only portable sites depend on
    /// it: their links climb back to the root with `../`.
    pub fn for_page(&self, page_path: &str) -> Urls {
        if !self.portable {
            return self.clone();
        }
        let depth = page_path.matches('/').count();
        let root = if depth == 0 {
            "./".to_string()
        } else {
            "../".repeat(depth)
        };
        Urls {
            root,
            ..self.clone()
        }
    }

    /// The link to `path` from any page (`/vinh-danh/cong-dan-uu-tu/`).
    pub fn href(&self, path: &str) -> String {
        if self.portable && (path.is_empty() || path.ends_with('/')) {
            format!("{}{}index.html", self.root, path)
        } else {
            format!("{}{}", self.root, path)
        }
    }

    /// The absolute URL of `path`, for sitemaps, feeds and share tags. Without an origin in
    /// the base URL this is the same as [`Urls::href`].
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}{}", self.origin, self.base, path)
    }

    /// The path prefix of every link (`/` or `/vinh-danh/`).
    pub fn root(&self) -> &str {
        &self.root
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_certificates_and_print_pages_keep_their_shapes() {
        assert!(kept_shape("cong-dan-uu-tu/2023/trang/2/").is_some());
        assert!(kept_shape("linh-vuc/y-te/trang/12/").is_some());
        assert!(kept_shape("cong-dan-uu-tu/2023/chung-nhan.html").is_some());
        assert!(kept_shape("tap-the-dien-hinh/chung-nhan-12.html").is_some());
        assert!(kept_shape("tap-the-dien-hinh/chung-nhan-.html").is_none());
        assert!(kept_shape("tap-the-dien-hinh/chung-nhan/").is_none());
        assert!(kept_shape("cong-dan-uu-tu/2023/ban-in/").is_some());
        assert!(kept_shape("cong-dan-uu-tu/2023/trang/").is_none());
        assert!(kept_shape("trang-chu/").is_none());
        assert!(kept_shape("embed/").is_none());
        assert!(kept_shape("gioi-thieu/").is_none());
    }

    #[test]
    fn files_made_beside_the_pages_are_known_by_their_shape() {
        for file in [
            "robots.txt",
            "sitemap.xml",
            "sitemap-3.xml",
            "atom.xml",
            "cong-dan-uu-tu/atom.xml",
            "du-lieu/ho-so.json",
        ] {
            assert!(beside_pages(file), "{file}");
        }
        for file in [
            "favicon.ico",
            "cong-dan-uu-tu/2023/a/index.html",
            "a/sitemap.xml",
            "atom.xml.html",
        ] {
            assert!(!beside_pages(file), "{file}");
        }
    }

    #[test]
    fn paths_are_made_one_way() {
        assert_eq!(
            paged(&year("cong-dan-uu-tu", 2023), 1),
            "cong-dan-uu-tu/2023/trang/2/"
        );
        assert_eq!(
            embed(&profile("c", Some(2023), "a")),
            "nhung.html#c/2023/a/"
        );
        assert_eq!(
            certificate(&year("c", 2023), 0, "a"),
            "c/2023/chung-nhan.html#a"
        );
        assert_eq!(certificates(&section("t"), 2), "t/chung-nhan-3.html");
        assert_eq!(certificates_part("chung-nhan-3.html"), Some(3));
        assert_eq!(print(&year("c", 2023)), "c/2023/ban-in/");
        assert!(kept_shape(&print(&year("c", 2023))).is_some());
        assert_eq!(
            term(taxonomy_path("district").unwrap(), "tan-yen"),
            "dia-ban/tan-yen/"
        );
        assert_eq!(file_of(""), "index.html");
        assert_eq!(file_of(NOT_FOUND), "404.html");
        assert_eq!(page_of_file("a/b/index.html"), "a/b/");
        assert_eq!(page_of_file("index.html"), "");
        assert_eq!(page_of_file("404.html"), "404.html");
        assert_eq!(page_of_file("xindex.html"), "xindex.html");
        let page_of = |s: &[&str]| page(&s.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(page_of(&["Giới thiệu"]), "gioi-thieu/");
        assert_eq!(page_of(&["ve-chung-toi", "index"]), "ve-chung-toi/");
        assert_eq!(page_of(&["index"]), "");
    }
}
