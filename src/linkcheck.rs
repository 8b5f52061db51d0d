//! The link check of `vinhdanh check`: every internal link and `#anchor` of the rendered
//! site must lead somewhere, so a newspaper's link or a reader's click never ends on a 404.
//!
//! It reads the HTML the build would write (in memory, nothing is written), collects every
//! `href`, `src`, `srcset` and share-image address, and resolves each against the files the
//! build would produce: rendered pages, feeds, search index, theme and site static files,
//! and photo renditions. A `#fragment` must name an `id` on the target page. A link is
//! internal when it is relative, starts with `/`, or starts with the site's own origin;
//! anything else (other hosts, `mailto:`, `tel:`) is not checked, since checking the web is
//! slow and flaky and a build must not depend on the network.
//!
//! Each broken link is reported where a person can fix it: in the profile or page file
//! whose text contains it (with its line and column there), or else on the rendered page,
//! which means a template made it; a template's broken link is reported once, with the
//! number of pages it breaks.

mod html;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Pos};
use crate::output::OutFile;
use crate::paths::{file_of, page_of_file};
use crate::site::Site;
use crate::theme::Theme;

/// Why a link leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Broken {
    /// No file of the site has this address.
    Missing,
    /// The address is outside the site's path (`/other/` when the site is at `/vinh-danh/`).
    OutsideRoot,
    /// The page exists but has no element with this id.
    Anchor { page: String, id: String },
}

/// A link found on a page.
struct Found {
    /// As written in the attribute (references decoded).
    href: String,
    /// Byte offset in the page.
    offset: usize,
    problem: Broken,
}

/// What the site's files are, for resolving links.
struct Index<'a> {
    /// Every output file, relative to the output folder (`cong-dan-uu-tu/index.html`).
    files: HashSet<String>,
    /// Ids of every HTML page.
    ids: HashMap<&'a str, HashSet<String>>,
    origin: String,
    root: String,
}

/// Checks every internal link of the rendered `files`. `root` is the site folder, for
/// reading the source files that links are reported in.
pub fn check(
    root: &Path,
    site: &Site,
    files: &[OutFile],
    theme: &Theme,
) -> Result<(), Vec<Diagnostic>> {
    let pages: Vec<(&OutFile, &str)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| std::str::from_utf8(&f.bytes).ok().map(|t| (f, t)))
        .collect();
    let parsed: Vec<Vec<html::Tag>> = pages.par_iter().map(|(_, t)| html::tags(t)).collect();
    let index = Index {
        files: output_files(root, site, files, theme),
        ids: pages
            .iter()
            .zip(&parsed)
            .map(|((f, _), tags)| (f.path.as_str(), ids(tags)))
            .collect(),
        origin: site.config.origin().to_string(),
        root: site.config.root().to_string(),
    };
    let broken: Vec<(usize, Vec<Found>)> = parsed
        .par_iter()
        .enumerate()
        .map(|(i, tags)| (i, index.broken_links(&pages[i].0.path, tags)))
        .filter(|(_, found)| !found.is_empty())
        .collect();
    if broken.is_empty() {
        return Ok(());
    }

    let sources = sources(site);
    let mut texts: HashMap<PathBuf, Option<String>> = HashMap::new();
    let mut errors = Vec::new();
    // Template links: (href, problem) → (first page, its text, offset), number of pages.
    let mut from_templates: BTreeMap<(String, Broken), (String, usize, usize)> = BTreeMap::new();
    for (i, found) in broken {
        let page = pages[i].0;
        let url = format!("{}{}", index.root, page_of_file(&page.path));
        for f in found {
            let source = sources.get(page.path.as_str());
            let located = source.and_then(|src| {
                let text = texts
                    .entry(src.clone())
                    .or_insert_with(|| std::fs::read_to_string(root.join(src)).ok());
                let at = text.as_deref()?.find(&f.href)?;
                let (line, col) = html::line_col(text.as_deref()?, at);
                Some((src.clone(), Pos::new(line, col)))
            });
            match located {
                Some((src, pos)) => errors.push(diagnostic(&src, pos, &f, &url, None)),
                None => {
                    let entry = from_templates
                        .entry((f.href.clone(), f.problem.clone()))
                        .or_insert((page.path.clone(), f.offset, 0));
                    entry.2 += 1;
                }
            }
        }
    }
    let by_path: HashMap<&str, &str> = pages.iter().map(|(f, t)| (f.path.as_str(), *t)).collect();
    for ((href, problem), (page, offset, count)) in from_templates {
        let text = by_path.get(page.as_str()).copied().unwrap_or("");
        let (line, col) = html::line_col(text, offset);
        let url = format!("{}{}", index.root, page_of_file(&page));
        let found = Found {
            href,
            offset,
            problem,
        };
        errors.push(diagnostic(
            Path::new(&page),
            Pos::new(line, col),
            &found,
            &url,
            Some(count),
        ));
    }
    errors.sort_by(|a, b| (&a.path, a.pos.line, a.pos.col).cmp(&(&b.path, b.pos.line, b.pos.col)));
    Err(errors)
}

fn diagnostic(
    path: &Path,
    pos: Pos,
    f: &Found,
    page_url: &str,
    template_pages: Option<usize>,
) -> Diagnostic {
    let href = &f.href;
    let (what, hint) = match &f.problem {
        Broken::Missing => (
            format!("broken link `{href}` on page {page_url}: nothing in the site has this address"),
            "check the spelling against the page's address in the built site; a profile's address is /section/year/slug/ (or /section/slug/), and a page that moved keeps its old address when you list it under `aliases`".to_string(),
        ),
        Broken::OutsideRoot => (
            format!("link `{href}` on page {page_url} leaves the site's folder"),
            "the site is published under its base_url's path; link to addresses inside it (start them with that path, or write them relative to the page)".to_string(),
        ),
        Broken::Anchor { page, id } => (
            format!("link `{href}` on page {page_url} points to `#{id}`, but {page} has no element with that id"),
            "link to an id the page has (headings of stories get none), or remove the `#…` part".to_string(),
        ),
    };
    let (message, hint) = match template_pages {
        None => (what, hint),
        Some(n) => (
            match n {
                1 => what,
                n => format!("{what} (and on {} other pages)", n - 1),
            },
            "the page's content file does not contain this link, so a template made it: fix the address in the site's templates/ or in the theme's templates/".to_string(),
        ),
    };
    Diagnostic::new(path, pos, message).hint(hint)
}

impl Index<'_> {
    /// The broken links of the page written to `page` (an output path).
    fn broken_links(&self, page: &str, tags: &[html::Tag]) -> Vec<Found> {
        let mut out = Vec::new();
        for tag in tags {
            for (href, offset) in links(tag) {
                if let Some(problem) = self.resolve(page, &href) {
                    out.push(Found {
                        href,
                        offset,
                        problem,
                    });
                }
            }
        }
        out
    }

    /// `None` when `href` on `page` is fine or external.
    fn resolve(&self, page: &str, href: &str) -> Option<Broken> {
        let href = href.trim();
        let (rest, fragment) = match href.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (href, None),
        };
        let rest = rest.split('?').next().unwrap_or("");
        let target = if rest.is_empty() {
            page.to_string()
        } else {
            let path = self.site_path(page, rest)?;
            let Some(rel) = path.strip_prefix(&self.root) else {
                return Some(Broken::OutsideRoot);
            };
            let rel = percent_decode(rel);
            if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else if self.files.contains(&rel) {
                rel
            } else {
                // `/cong-dan-uu-tu` is served as its folder's index.html after a redirect.
                format!("{rel}/index.html")
            }
        };
        if !self.files.contains(&target) {
            return Some(Broken::Missing);
        }
        let id = percent_decode(fragment.unwrap_or(""));
        // The card page's fragment is the path of the profile whose card it shows.
        if target == crate::paths::EMBED {
            let shown = file_of(&id);
            return (!id.is_empty() && !self.files.contains(&shown)).then_some(Broken::Missing);
        }
        if id.is_empty() || id.eq_ignore_ascii_case("top") {
            return None;
        }
        let ids = self.ids.get(target.as_str())?;
        (!ids.contains(&id)).then(|| Broken::Anchor {
            page: format!("{}{}", self.root, page_of_file(&target)),
            id,
        })
    }

    /// The absolute URL path (`/vinh-danh/a/b/`) of an internal link, with `.` and `..`
    /// resolved; `None` for external links.
    fn site_path(&self, page: &str, href: &str) -> Option<String> {
        let scheme_end = href.find(':').filter(|&i| {
            href[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        let raw = if let Some(i) = scheme_end {
            let scheme = href[..i].to_ascii_lowercase();
            if scheme != "http" && scheme != "https" {
                return None;
            }
            let after = href
                .strip_prefix(&self.origin)
                .filter(|_| !self.origin.is_empty())?;
            if !(after.is_empty() || after.starts_with('/')) {
                return None;
            }
            if after.is_empty() { "/" } else { after }.to_string()
        } else if let Some(net) = href.strip_prefix("//") {
            let host = self.origin.split("://").nth(1).unwrap_or("");
            let after = net.strip_prefix(host).filter(|_| !host.is_empty())?;
            if !(after.is_empty() || after.starts_with('/')) {
                return None;
            }
            if after.is_empty() { "/" } else { after }.to_string()
        } else if href.starts_with('/') {
            href.to_string()
        } else {
            let url = format!("{}{}", self.root, page_of_file(page));
            let dir = &url[..url.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{href}")
        };
        Some(normalize(&raw))
    }
}

/// Every address-bearing attribute of a tag: (value, offset of the value).
fn links(tag: &html::Tag) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for a in &tag.attrs {
        match a.name.as_str() {
            "href" | "src" | "poster" if tag.name != "base" => {
                out.push((a.value.clone(), a.offset));
            }
            "srcset" | "imagesrcset" => {
                for candidate in a.value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        out.push((url.to_string(), a.offset));
                    }
                }
            }
            _ => {}
        }
    }
    if tag.name == "meta" {
        let key = tag
            .get("property")
            .or_else(|| tag.get("name"))
            .map(|a| a.value.to_ascii_lowercase());
        let refresh = tag
            .get("http-equiv")
            .is_some_and(|a| a.value.eq_ignore_ascii_case("refresh"));
        if let Some(content) = tag.get("content") {
            if matches!(
                key.as_deref(),
                Some("og:image" | "og:url" | "twitter:image")
            ) {
                out.push((content.value.clone(), content.offset));
            } else if refresh {
                let lower = content.value.to_ascii_lowercase();
                if let Some(i) = lower.find("url=") {
                    let url = content.value[i + 4..].trim().trim_matches(['\'', '"']);
                    out.push((url.to_string(), content.offset));
                }
            }
        }
    }
    out
}

/// The ids a page defines (`id` on any element, `name` on `<a>`).
fn ids(tags: &[html::Tag]) -> HashSet<String> {
    tags.iter()
        .flat_map(|t| {
            let name = (t.name == "a").then(|| t.get("name")).flatten();
            t.get("id").into_iter().chain(name)
        })
        .map(|a| a.value.clone())
        .collect()
}

/// Every file the build would write: rendered files, static files of the theme and the
/// site, and photo renditions.
fn output_files(root: &Path, site: &Site, files: &[OutFile], theme: &Theme) -> HashSet<String> {
    let mut set: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    set.extend(theme.built_in_static().map(|(rel, _)| rel.to_string()));
    set.extend(theme.static_files(root).into_iter().map(|(rel, _)| rel));
    let photos = site
        .photos
        .iter()
        .flatten()
        .chain(site.galleries.iter().flatten().map(|(p, _)| p));
    for p in photos {
        let images = p
            .fallback
            .iter()
            .chain(p.sources.iter().flat_map(|s| &s.images))
            .chain([&p.thumb, &p.share]);
        for img in images {
            set.insert(img.src.clone());
            set.extend(img.webp.clone());
        }
    }
    set
}

/// Output page → the content file it shows.
fn sources(site: &Site) -> HashMap<String, PathBuf> {
    let mut map: HashMap<String, PathBuf> = HashMap::new();
    for p in &site.profiles {
        map.insert(file_of(&p.path), p.source.clone());
    }
    for p in &site.pages {
        map.insert(file_of(&p.path), p.source.clone());
    }
    if let Some(home) = &site.home {
        map.insert("index.html".into(), home.source.clone());
    }
    map
}

/// Resolves `.` and `..` segments of an absolute URL path, as browsers do.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if i == last {
                    parts.push("");
                }
            }
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
                if i == last {
                    parts.push("");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// Decodes `%XX` escapes (as UTF-8); malformed escapes stay as written.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(files: &[&str], root: &str) -> Index<'static> {
        let mut ids = HashMap::new();
        ids.insert(
            "a/index.html",
            ["x".to_string(), "đ".to_string()].into_iter().collect(),
        );
        Index {
            files: files.iter().map(|s| s.to_string()).collect(),
            ids,
            origin: "https://vd.example.vn".into(),
            root: root.into(),
        }
    }

    #[test]
    fn resolves_relative_absolute_and_own_origin_links() {
        let ix = index(
            &[
                "index.html",
                "a/index.html",
                "media/p.jpg",
                "b/c/index.html",
            ],
            "/",
        );
        let page = "b/c/index.html";
        for ok in [
            "/a/",
            "/a",
            "../../a/",
            "../../media/p.jpg",
            "https://vd.example.vn/a/#x",
            "//vd.example.vn/",
            "#",
            "#top",
            "/a/#%C4%91",
            "https://other.example/zzz",
            "mailto:a@b.vn",
            "/a/?q=1",
            "./",
        ] {
            assert_eq!(ix.resolve(page, ok), None, "{ok}");
        }
        assert_eq!(ix.resolve(page, "/zzz/"), Some(Broken::Missing));
        assert_eq!(ix.resolve(page, "zzz"), Some(Broken::Missing));
        assert_eq!(
            ix.resolve(page, "/a/#y"),
            Some(Broken::Anchor {
                page: "/a/".into(),
                id: "y".into()
            })
        );
    }

    #[test]
    fn the_card_page_shows_a_profile_that_exists() {
        let ix = index(&["index.html", "a/index.html", "nhung.html"], "/");
        assert_eq!(ix.resolve("a/index.html", "/nhung.html#a/"), None);
        assert_eq!(ix.resolve("a/index.html", "../nhung.html"), None);
        assert_eq!(
            ix.resolve("a/index.html", "/nhung.html#b/"),
            Some(Broken::Missing)
        );
    }

    #[test]
    fn sub_path_sites_stay_inside() {
        let ix = index(&["index.html", "a/index.html"], "/vinh-danh/");
        assert_eq!(ix.resolve("index.html", "/vinh-danh/a/"), None);
        assert_eq!(ix.resolve("index.html", "a/"), None);
        assert_eq!(ix.resolve("a/index.html", "../"), None);
        assert_eq!(ix.resolve("index.html", "/a/"), Some(Broken::OutsideRoot));
        assert_eq!(
            ix.resolve("a/index.html", "../../"),
            Some(Broken::OutsideRoot)
        );
        assert_eq!(
            ix.resolve("index.html", "https://vd.example.vn/x"),
            Some(Broken::OutsideRoot)
        );
    }

    #[test]
    fn paths_and_escapes() {
        assert_eq!(normalize("/a/b/../c/./d"), "/a/c/d");
        assert_eq!(normalize("/a/.."), "/");
        assert_eq!(normalize("/../x"), "/x");
        assert_eq!(percent_decode("%C4%91%zz%4"), "đ%zz%4");
    }
}
