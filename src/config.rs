//! `site.yaml`: the site's settings, with a sensible default for everything but `title`.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::paths::{self, Urls};
use crate::slug::is_slug;
use crate::yaml::{self, Fields};

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Outstanding citizens: people, grouped by year.
    Person,
    /// Exemplary collectives: cooperatives, schools, units.
    Collective,
}

impl Kind {
    /// The word used in `site.yaml` and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Collective => "collective",
        }
    }
}

/// A folder of `content/` holding profiles of one kind, published under `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The folder name under `content/` (`citizens`).
    pub key: String,
    /// What its profiles are.
    pub kind: Kind,
    /// The URL segment (`cong-dan-uu-tu`).
    pub path: String,
    /// The heading (`Công dân ưu tú`).
    pub title: String,
}

/// Settings of the image pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSettings {
    /// Widths of the responsive renditions, in pixels.
    pub widths: Vec<u32>,
    /// Lossy encoding quality, 1–100.
    pub quality: u8,
}

/// A sheet of paper for print pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 297 × 420 mm, for a large notice board.
    A3,
}

/// The kiosk's timing (`kiosk` in site.yaml), in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KioskSettings {
    /// How long a slide stays before the next.
    pub interval: u32,
    /// How long an opened profile stays without a touch before the loop returns.
    pub idle: u32,
}

impl Default for KioskSettings {
    fn default() -> Self {
        KioskSettings {
            interval: 10,
            idle: 90,
        }
    }
}

/// The whole of `site.yaml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's name.
    pub title: String,
    /// One or two sentences about the site.
    pub description: String,
    /// Where the site is published, always ending in `/` (may include a path).
    pub base_url: String,
    /// UI language: `vi` or `en`.
    pub language: String,
    /// The theme folder name under `themes/`.
    pub theme: String,
    /// The sections, in the order of the file.
    pub sections: Vec<Section>,
    /// Photo settings.
    pub images: ImageSettings,
    /// How many cards a list page holds before it continues on `…/trang/2/`.
    pub paginate: usize,
    /// Minify every HTML page (smaller raw files, three times slower rendering).
    pub minify: bool,
    /// The paper of a year's board (`print: { board: A3 }`; A4 by default).
    pub board_paper: Paper,
    /// The kiosk's timing.
    pub kiosk: KioskSettings,
    /// Where `vinhdanh deploy` publishes the site (the first is the default).
    pub deploy: Vec<crate::targets::Target>,
    /// The licence of the open data at `/du-lieu/` (`data_licence`; CC BY 4.0 by default).
    pub data_licence: Licence,
    /// Relative links for a site opened from a folder (`--portable`; not set in site.yaml).
    pub portable: bool,
}

impl Config {
    /// The part of `base_url` before its path (`https://example.vn`), empty when the base
    /// URL is only a path.
    pub fn origin(&self) -> &str {
        match self.base_url.find("://") {
            Some(i) => match self.base_url[i + 3..].find('/') {
                Some(j) => &self.base_url[..i + 3 + j],
                None => &self.base_url,
            },
            None => "",
        }
    }

    /// The path every URL of the site starts with (`/` or `/vinh-danh/`).
    pub fn root(&self) -> &str {
        &self.base_url[self.origin().len()..]
    }

    /// The section of the folder `key`.
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// The site's addresses, as links from the site root.
    pub fn urls(&self) -> Urls {
        Urls::new(self.origin(), self.root(), self.portable)
    }
}

/// A licence of the open data: its name and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Licence {
    /// "CC BY 4.0".
    pub name: String,
    /// Its text's address.
    pub url: String,
}

/// Licences known by name, so `data_licence: CC0` is enough; any other is given as
/// `{ name, url }`.
const LICENCES: &[(&str, &str)] = &[
    ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    (
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    (
        "CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    ("CC0", "https://creativecommons.org/publicdomain/zero/1.0/"),
];

fn licence(f: &mut Fields<'_>, d: &mut Diagnostics) -> Licence {
    let default = Licence {
        name: LICENCES[0].0.into(),
        url: LICENCES[0].1.into(),
    };
    let Some(node) = f.node("data_licence") else {
        return default;
    };
    let path = f.path();
    if let Some(text) = node.as_str() {
        let key = crate::slug::slugify(text);
        if let Some((name, url)) = LICENCES
            .iter()
            .find(|(n, _)| crate::slug::slugify(n) == key)
        {
            return Licence {
                name: name.to_string(),
                url: url.to_string(),
            };
        }
        let names: Vec<&str> = LICENCES.iter().map(|(n, _)| *n).collect();
        d.push(
            Diagnostic::new(path, node.pos, format!("`data_licence` `{text}` is not a licence vinhdanh knows"))
                .hint(format!("use one of {}, or give the licence as `data_licence: {{ name: …, url: https://… }}`", names.join(", "))),
        );
        return default;
    }
    let mut l = Fields::of(node, path, "`data_licence`", d);
    let name = l.text("name", d);
    let url = l.text("url", d);
    l.finish(d, &[]);
    match (name, url) {
        (Some(name), Some(url)) if url.starts_with("https://") || url.starts_with("http://") => {
            Licence { name, url }
        }
        _ => {
            d.push(
                Diagnostic::new(path, node.pos, "`data_licence` needs a `name` and the `url` (http or https) of its text")
                    .hint("e.g. `data_licence: { name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/ }`, or just `data_licence: CC BY 4.0`"),
            );
            default
        }
    }
}

/// Cards per list page: divisible by 2, 3 and 4, so grids of any width end full.
pub const DEFAULT_PAGINATE: usize = 48;

fn default_sections() -> Vec<Section> {
    vec![
        Section {
            key: "citizens".into(),
            kind: Kind::Person,
            path: "cong-dan-uu-tu".into(),
            title: "Công dân ưu tú".into(),
        },
        Section {
            key: "collectives".into(),
            kind: Kind::Collective,
            path: "tap-the-dien-hinh".into(),
            title: "Tập thể điển hình tiên tiến".into(),
        },
    ]
}

/// Normalises a base URL so it ends with one `/`, and checks its form.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let ok = url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/');
    if !ok || url.contains(char::is_whitespace) || url.contains(['?', '#', '"', '<', '>']) {
        return Err(format!(
            "`{url}` is not a usable base URL: write the full address the site will have, like https://vinhdanh.example.gov.vn/ or https://example.vn/vinh-danh/"
        ));
    }
    let mut s = url.trim_end_matches('/').to_string();
    s.push('/');
    Ok(s)
}

/// Reads `site.yaml` in `root`. Problems are added to `d`; a config is returned whenever the
/// file could be parsed at all, so the rest of the site is still checked.
pub fn load(root: &Path, d: &mut Diagnostics) -> Option<Config> {
    let rel = Path::new("site.yaml");
    let source = match std::fs::read_to_string(root.join(rel)) {
        Ok(s) => s,
        Err(e) => {
            d.push(
                Diagnostic::new(rel, Pos::START, format!("cannot read the site settings: {e}"))
                    .hint("run vinhdanh in the site folder (the one with site.yaml), or pass --root DIR; `vinhdanh init DIR` starts a new site"),
            );
            return None;
        }
    };
    let node = match yaml::parse(&source, rel, 0) {
        Ok(n) => n,
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    let mut f = Fields::of(&node, rel, "site.yaml", d);
    let title = f.text("title", d);
    if title.is_none() {
        d.push(
            Diagnostic::new(rel, f.pos(), "the site has no `title`")
                .hint("add a line like `title: Vinh danh điển hình tiên tiến tỉnh Bắc Giang`"),
        );
    }
    let base_url = match f.node("base_url") {
        None => "/".to_string(),
        Some(n) => match n.as_str().map(normalize_base_url) {
            Some(Ok(url)) => url,
            Some(Err(msg)) => {
                d.push(Diagnostic::new(rel, n.pos, msg));
                "/".into()
            }
            None => {
                d.push(Diagnostic::new(rel, n.pos, "`base_url` must be a text"));
                "/".into()
            }
        },
    };
    let language = match f.text("language", d) {
        None => "vi".to_string(),
        Some(l) if l == "vi" || l == "en" => l,
        Some(l) => {
            let pos = f.node("language").map_or(f.pos(), |n| n.pos);
            d.push(
                Diagnostic::new(rel, pos, format!("unsupported language `{l}`"))
                    .hint("use `vi` or `en`"),
            );
            "vi".into()
        }
    };
    let theme = f.text("theme", d).unwrap_or_else(|| "default".into());
    let description = f.text("description", d).unwrap_or_default();
    let sections = match f.node("sections") {
        None => default_sections(),
        Some(node) => load_sections(node, rel, d),
    };
    let images = match f.node("images") {
        None => ImageSettings {
            widths: vec![320, 640, 1280],
            quality: 80,
        },
        Some(node) => load_images(node, rel, d),
    };
    let paginate = match f.int("paginate", d) {
        None => DEFAULT_PAGINATE,
        Some(n) if (1..=10_000).contains(&n) => n as usize,
        Some(n) => {
            let pos = f.node("paginate").map_or(f.pos(), |n| n.pos);
            d.push(
                Diagnostic::new(rel, pos, format!("`paginate: {n}` is out of range")).hint(
                    "give how many profiles a list page shows, between 1 and 10000 (default 48)",
                ),
            );
            DEFAULT_PAGINATE
        }
    };
    let minify = f.bool("minify", d).unwrap_or(false);
    let data_licence = licence(&mut f, d);
    let board_paper = f.node("print").map_or(Paper::A4, |n| load_print(n, rel, d));
    let kiosk = f
        .node("kiosk")
        .map_or_else(KioskSettings::default, |n| load_kiosk(n, rel, d));
    let deploy = f.list_of("deploy", d, |t, d| crate::targets::read(t, root, d));
    crate::targets::check_names(&deploy, rel, d);
    f.finish(d, &[]);
    Some(Config {
        title: title.unwrap_or_default(),
        description,
        base_url,
        language,
        theme,
        sections,
        images,
        paginate,
        minify,
        data_licence,
        board_paper,
        kiosk,
        deploy,
        portable: false,
    })
}

fn load_print(node: &yaml::Node, rel: &Path, d: &mut Diagnostics) -> Paper {
    let mut f = Fields::of(node, rel, "`print`", d);
    let paper = match f.text("board", d).as_deref() {
        None | Some("A4" | "a4") => Paper::A4,
        Some("A3" | "a3") => Paper::A3,
        Some(other) => {
            let pos = f.node("board").map_or(node.pos, |n| n.pos);
            d.push(
                Diagnostic::new(rel, pos, format!("`board: {other}` is not a paper size the board is made for"))
                    .hint("write `board: A4` (landscape, the default) or `board: A3` for a large notice board"),
            );
            Paper::A4
        }
    };
    f.finish(d, &[]);
    paper
}

fn load_kiosk(node: &yaml::Node, rel: &Path, d: &mut Diagnostics) -> KioskSettings {
    let mut f = Fields::of(node, rel, "`kiosk`", d);
    let mut seconds =
        |key: &'static str, default: u32, what: &str, d: &mut Diagnostics| match f.int(key, d) {
            None => default,
            Some(n) if (1..=3600).contains(&n) => n as u32,
            Some(n) => {
                let pos = f.node(key).map_or(node.pos, |n| n.pos);
                d.push(
                    Diagnostic::new(rel, pos, format!("`{key}: {n}` is out of range")).hint(
                        format!("give {what} in seconds, from 1 to 3600 (default {default})"),
                    ),
                );
                default
            }
        };
    let interval = seconds("interval", 10, "how long each slide shows", d);
    let idle = seconds(
        "idle",
        90,
        "how long an opened profile waits for a touch",
        d,
    );
    f.finish(d, &[]);
    KioskSettings { interval, idle }
}

fn load_sections(node: &yaml::Node, rel: &Path, d: &mut Diagnostics) -> Vec<Section> {
    let Some(entries) = node.as_map() else {
        d.push(Diagnostic::new(
            rel,
            node.pos,
            "`sections` must be a mapping of folder name to settings",
        ));
        return default_sections();
    };
    let mut sections: Vec<Section> = Vec::new();
    for (key, value) in entries {
        let name = key.as_str().unwrap_or_default().to_string();
        let mut f = Fields::of(value, rel, &format!("section `{name}`"), d);
        let kind = match f.text("kind", d).as_deref() {
            Some("person") => Kind::Person,
            Some("collective") => Kind::Collective,
            other => {
                let pos = f.node("kind").map_or(value.pos, |n| n.pos);
                let what = other.map_or("no `kind`".to_string(), |k| format!("unknown kind `{k}`"));
                d.push(
                    Diagnostic::new(rel, pos, format!("section `{name}` has {what}"))
                        .hint("use `kind: person` or `kind: collective`"),
                );
                Kind::Person
            }
        };
        let path = f
            .text("path", d)
            .unwrap_or_else(|| crate::slug::slugify(&name));
        if !path.split('/').all(is_slug) {
            let pos = f.node("path").map_or(value.pos, |n| n.pos);
            d.push(Diagnostic::new(rel, pos, format!("section path `{path}` is not a valid URL segment")).hint("use lowercase letters without marks, digits and hyphens, like `cong-dan-uu-tu`"));
        }
        let title = f.text("title", d).unwrap_or_else(|| name.clone());
        let path_pos = f.node("path").map_or(key.pos, |n| n.pos);
        f.finish(d, &[]);
        if sections.iter().any(|s| s.path == path) {
            d.push(Diagnostic::new(
                rel,
                key.pos,
                format!("two sections share the path `{path}`"),
            ));
        }
        if let Some(what) = site_path(&path) {
            d.push(
                Diagnostic::new(
                    rel,
                    path_pos,
                    format!("section `{name}` would be published at /{path}/, which is the site's {what}"),
                )
                .hint("give the section another `path`, like `cong-dan-uu-tu`"),
            );
        }
        sections.push(Section {
            key: name,
            kind,
            path,
            title,
        });
    }
    sections
}

/// What the build itself publishes at a top-level folder, which a section cannot take.
fn site_path(path: &str) -> Option<&'static str> {
    paths::top_level()
        .into_iter()
        .find(|(p, _)| p.trim_end_matches('/') == path)
        .map(|(_, what)| what)
}

fn load_images(node: &yaml::Node, rel: &Path, d: &mut Diagnostics) -> ImageSettings {
    let mut f = Fields::of(node, rel, "`images`", d);
    let mut widths: Vec<u32> = Vec::new();
    for (w, pos) in f.texts("widths", d) {
        match w.parse::<u32>() {
            Ok(n) if (16..=8192).contains(&n) => widths.push(n),
            _ => d.push(Diagnostic::new(
                rel,
                pos,
                format!("image width `{w}` must be a number of pixels between 16 and 8192"),
            )),
        }
    }
    if widths.is_empty() {
        widths = vec![320, 640, 1280];
    }
    widths.sort_unstable();
    widths.dedup();
    let quality = match f.int("quality", d) {
        None => 80,
        Some(q) if (1..=100).contains(&q) => q as u8,
        Some(q) => {
            let pos = f.node("quality").map_or(node.pos, |n| n.pos);
            d.push(
                Diagnostic::new(rel, pos, format!("image quality {q} is out of range"))
                    .hint("use a number from 1 to 100; 75–85 suits photos"),
            );
            80
        }
    };
    f.finish(d, &[]);
    ImageSettings { widths, quality }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_parts() {
        let mut c = Config {
            title: "t".into(),
            description: String::new(),
            base_url: normalize_base_url("https://example.vn/vinh-danh").unwrap(),
            language: "vi".into(),
            theme: "default".into(),
            sections: default_sections(),
            images: ImageSettings {
                widths: vec![320],
                quality: 80,
            },
            paginate: DEFAULT_PAGINATE,
            minify: false,
            board_paper: Paper::A4,
            kiosk: KioskSettings::default(),
            deploy: Vec::new(),
            data_licence: Licence {
                name: "CC BY 4.0".into(),
                url: String::new(),
            },
            portable: false,
        };
        assert_eq!(c.base_url, "https://example.vn/vinh-danh/");
        assert_eq!(c.origin(), "https://example.vn");
        assert_eq!(c.root(), "/vinh-danh/");
        c.base_url = "https://example.vn/".into();
        assert_eq!(c.root(), "/");
        c.base_url = "/".into();
        assert_eq!((c.origin(), c.root()), ("", "/"));
        assert!(normalize_base_url("example.vn").is_err());
    }
}
