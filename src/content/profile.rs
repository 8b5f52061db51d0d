//! The profile model (people and collectives) and reading one profile from its fields.

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::config::{Kind, Section};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::paths;
use crate::slug::{is_slug, slugify};
use crate::yaml::Fields;

/// A file the profile refers to (a photo), resolved and checked to be inside the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The file on disk.
    pub abs: PathBuf,
    /// The path relative to the site root, for messages.
    pub rel: PathBuf,
    /// Where the path was written in the profile.
    pub pos: Pos,
}

/// Where a square crop keeps the important part of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Focus {
    /// The middle (default).
    #[default]
    Center,
    /// The top edge (faces in portrait photos).
    Top,
    /// The bottom edge.
    Bottom,
    /// The left edge.
    Left,
    /// The right edge.
    Right,
}

/// One honour, with the decision that makes it verifiable.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Award {
    /// "Công dân Bắc Giang ưu tú".
    pub title: String,
    /// The year it was given.
    pub year: Option<i64>,
    /// "Quyết định số 1234/QĐ-UBND ngày 15/8/2023".
    pub decision: Option<String>,
    /// "Tỉnh", "Trung ương", …
    pub level: Option<String>,
}

/// A press article about the profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Link {
    /// The article's headline.
    pub title: String,
    /// Its address (http or https).
    pub url: String,
    /// The newspaper.
    pub outlet: Option<String>,
    /// When it appeared, as written.
    pub date: Option<String>,
}

/// A photo of a collective's gallery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GalleryItem {
    /// The image file.
    pub src: Asset,
    /// The caption, also its alt text.
    pub caption: Option<String>,
}

/// One honoured person or collective.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The section key (`citizens`).
    pub section: String,
    /// Person or collective (from the section).
    pub kind: Kind,
    /// The file it was read from, relative to the site root.
    pub source: PathBuf,
    /// Where the profile starts in that file.
    pub pos: Pos,
    /// Full name, with diacritics.
    pub name: String,
    /// Year honoured.
    pub year: Option<i64>,
    /// One or two sentences.
    pub summary: Option<String>,
    /// The main photo.
    pub photo: Option<Asset>,
    /// Alt text of the photo (defaults to the name).
    pub photo_alt: Option<String>,
    /// Credit line of the photo.
    pub photo_credit: Option<String>,
    /// Square-crop anchor.
    pub photo_focus: Focus,
    /// Collectives: more photos.
    pub gallery: Vec<GalleryItem>,
    /// People: their role.
    pub title: Option<String>,
    /// Collectives: what kind of unit ("Hợp tác xã").
    pub unit_kind: Option<String>,
    /// People: workplace.
    pub organization: Option<String>,
    /// People: year of birth.
    pub birth_year: Option<i64>,
    /// People: `nam` or `nữ`.
    pub gender: Option<String>,
    /// People: occupation group.
    pub group: Option<String>,
    /// Collectives: founding year or date.
    pub founded: Option<String>,
    /// Collectives: number of members.
    pub members: Option<String>,
    /// Collectives: the head.
    pub leader: Option<String>,
    /// Collectives: postal address.
    pub address: Option<String>,
    /// Collectives: web site.
    pub website: Option<String>,
    /// District (taxonomy).
    pub district: Option<String>,
    /// Commune.
    pub commune: Option<String>,
    /// Fields of work (taxonomy).
    pub fields: Vec<String>,
    /// Honours received.
    pub awards: Vec<Award>,
    /// Press coverage.
    pub links: Vec<Link>,
    /// Free tags.
    pub tags: Vec<String>,
    /// The URL segment and where it came from.
    pub slug: String,
    /// Earlier URL paths (relative to the site root, ending in `/`), each with its position.
    pub aliases: Vec<(String, Pos)>,
    /// Order within its year or list (smaller first).
    pub weight: i64,
    /// Left out unless drafts are built.
    pub draft: bool,
    /// The story, in Markdown. Emptied by `site::build`, which keeps it as HTML.
    pub body: String,
    /// The page's path relative to the site root (`cong-dan-uu-tu/2023/nguyen-van-duc/`).
    pub path: String,
}

impl Profile {
    /// Where: "commune, district", or either alone.
    pub fn place(&self) -> Option<String> {
        match (&self.commune, &self.district) {
            (Some(c), Some(d)) => Some(format!("{c}, {d}")),
            (Some(c), None) => Some(c.clone()),
            (None, Some(d)) => Some(d.clone()),
            (None, None) => None,
        }
    }

    /// A person's role or a collective's kind.
    pub fn role(&self) -> Option<&str> {
        if self.kind == Kind::Person {
            self.title.as_deref()
        } else {
            self.unit_kind.as_deref()
        }
    }
}

/// The occupation groups of the spec, as written in content.
pub const GROUPS: &[&str] = &[
    "nông dân",
    "công nhân",
    "chiến sĩ",
    "người lao động trực tiếp",
    "cán bộ",
    "doanh nhân",
    "trí thức",
    "học sinh – sinh viên",
    "khác",
];

/// The same groups as keys for templates and translations (`group_farmer`), in the order
/// of [`GROUPS`].
pub const GROUP_KEYS: &[&str] = &[
    "farmer",
    "worker",
    "soldier",
    "direct_worker",
    "official",
    "entrepreneur",
    "intellectual",
    "student",
    "other",
];

/// How many of the first [`GROUPS`] count as direct workers: farmers, workers, soldiers and
/// direct labourers, the share the honour councils report.
pub const DIRECT_GROUPS: usize = 4;

/// The key of an occupation group written in content.
pub fn group_key(group: &str) -> Option<&'static str> {
    GROUPS
        .iter()
        .position(|g| *g == group)
        .map(|i| GROUP_KEYS[i])
}

const PERSON_ONLY: &[(&str, &str)] = &[
    (
        "title",
        "`title` (role) is a field of people; for a collective use `kind`",
    ),
    (
        "organization",
        "`organization` is a field of people; a collective's place goes in `address`",
    ),
    ("birth_year", "`birth_year` is a field of people"),
    ("gender", "`gender` is a field of people"),
    ("group", "`group` is a field of people"),
];

const COLLECTIVE_ONLY: &[(&str, &str)] = &[
    (
        "gallery",
        "`gallery` is a field of collectives; a person has one `photo`",
    ),
    (
        "kind",
        "`kind` is a field of collectives; for a person's role use `title`",
    ),
    ("founded", "`founded` is a field of collectives"),
    ("members", "`members` is a field of collectives"),
    ("leader", "`leader` is a field of collectives"),
    ("address", "`address` is a field of collectives"),
    ("website", "`website` is a field of collectives"),
];

/// What the loader knows about where a profile comes from.
pub struct Origin<'a> {
    /// The site root on disk.
    pub root: &'a Path,
    /// The section it belongs to.
    pub section: &'a Section,
    /// Its file, relative to the root.
    pub source: &'a Path,
    /// The slug the file or folder name gives, if the profile has its own file.
    pub file_slug: Option<String>,
    /// The Markdown story, when it comes from a `.md` file.
    pub body: Option<&'a str>,
}

/// The current calendar year, for range checks.
pub fn current_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    1970 + (secs / 31_556_952) as i64
}

/// Reads one profile. Every problem is recorded in `d`; `None` when it is unusable.
pub fn read(mut f: Fields<'_>, origin: &Origin<'_>, d: &mut Diagnostics) -> Option<Profile> {
    let path = f.path();
    let start = f.pos();
    let kind = origin.section.kind;
    let is_person = kind == Kind::Person;
    let this_year = current_year();

    let name = f
        .text("name", d)
        .filter(|n| !n.is_empty())
        .map(|n| n.nfc().collect::<String>());
    if name.is_none() {
        d.push(
            Diagnostic::new(path, f.pos(), "this profile has no `name`")
                .hint("add the full name with diacritics, e.g. `name: Nguyễn Văn Đức`"),
        );
    }
    let year = ranged(&mut f, "year", 1945, this_year + 1, d);
    if is_person && year.is_none() && f.node("year").is_none() {
        d.push(
            Diagnostic::new(path, f.pos(), "this person has no `year`").hint(
                "add the year honoured, e.g. `year: 2023`: the citizens' list is grouped by it",
            ),
        );
    }
    let summary = f.text("summary", d);
    let photo = f
        .node("photo")
        .and_then(|n| resolve_asset(n, origin, "photo", d));
    let photo_alt = f.text("photo_alt", d);
    let photo_credit = f.text("photo_credit", d);
    let photo_focus = focus(&mut f, d);

    let (mut title, mut organization, mut birth_year, mut gender, mut group) =
        (None, None, None, None, None);
    let (
        mut gallery,
        mut unit_kind,
        mut founded,
        mut members,
        mut leader,
        mut address,
        mut website,
    ) = (Vec::new(), None, None, None, None, None, None);
    if is_person {
        title = f.text("title", d);
        organization = f.text("organization", d);
        birth_year = ranged(&mut f, "birth_year", 1880, this_year, d);
        gender = one_of(&mut f, "gender", &["nam", "nữ"], d);
        group = one_of(&mut f, "group", GROUPS, d);
    } else {
        gallery = f.list_of("gallery", d, |mut g, d| {
            let src = match g.node("src") {
                Some(n) => resolve_asset(n, origin, "gallery image", d),
                None => {
                    d.push(Diagnostic::new(g.path(), g.pos(), "a gallery item has no `src`").hint("give the image file, e.g. `- { src: vuon-sam.jpg, caption: Vườn sâm }`"));
                    None
                }
            };
            let caption = g.text("caption", d);
            g.finish(d, &[]);
            Some(GalleryItem { src: src?, caption })
        });
        unit_kind = f.text("kind", d);
        founded = f.text("founded", d);
        members = f.text("members", d);
        leader = f.text("leader", d);
        address = f.text("address", d);
        website = f
            .node("website")
            .and_then(|n| web_url(n.as_str().unwrap_or(""), n.pos, path, "website", d));
    }
    let district = f.text("district", d);
    let commune = f.text("commune", d);
    let mut fields: Vec<String> = f.texts("field", d).into_iter().map(|(s, _)| s).collect();
    fields.extend(f.texts("fields", d).into_iter().map(|(s, _)| s));
    let awards = f.list_of("awards", d, |mut a, d| {
        let title = a.text("title", d);
        if title.is_none() {
            d.push(Diagnostic::new(a.path(), a.pos(), "an award has no `title`").hint("e.g. `- { title: Công dân Bắc Giang ưu tú, year: 2023, decision: Quyết định số 1234/QĐ-UBND }`"));
        }
        let award = Award {
            title: title.unwrap_or_default(),
            year: ranged(&mut a, "year", 1900, this_year + 1, d),
            decision: a.text("decision", d),
            level: a.text("level", d),
        };
        a.finish(d, &[]);
        Some(award)
    });
    let links = f.list_of("links", d, |mut l, d| {
        let title = l.text("title", d);
        let url = match l.node("url") {
            Some(n) => web_url(n.as_str().unwrap_or(""), n.pos, path, "url", d),
            None => {
                d.push(Diagnostic::new(path, l.pos(), "a press link has no `url`"));
                None
            }
        };
        let outlet = l.text("outlet", d);
        let date = l.text("date", d);
        l.finish(d, &[]);
        let url = url?;
        Some(Link {
            title: title.unwrap_or_else(|| url.clone()),
            url,
            outlet,
            date,
        })
    });
    let tags = f.texts("tags", d).into_iter().map(|(s, _)| s).collect();
    let slug = match f.node("slug") {
        Some(n) => {
            let s = n.as_str().unwrap_or("").trim().to_string();
            if !is_slug(&s) {
                d.push(
                    Diagnostic::new(path, n.pos, format!("`{s}` is not a valid slug")).hint(
                        format!(
                            "use lowercase letters without marks, digits and hyphens, e.g. `{}`",
                            slugify(&s)
                        ),
                    ),
                );
            }
            s
        }
        None => origin
            .file_slug
            .clone()
            .unwrap_or_else(|| slugify(name.as_deref().unwrap_or(""))),
    };
    let aliases = f
        .texts("aliases", d)
        .into_iter()
        .filter_map(|(a, pos)| match alias_path(&a) {
            Ok(p) => Some((p, pos)),
            Err(msg) => {
                d.push(Diagnostic::new(path, pos, msg).hint("write the earlier address as a path from the site root, e.g. `/cong-dan-uu-tu/2023/ten-cu/`"));
                None
            }
        })
        .collect();
    let weight = f.int("weight", d).unwrap_or(0);
    let draft = f.bool("draft", d).unwrap_or(false);
    let body = match origin.body {
        Some(b) => b.to_string(),
        None => f.text("body", d).unwrap_or_default(),
    };
    // A `.md` story lives below the front matter; `body` there would be a second story.
    if origin.body.is_some() {
        if let Some(n) = f.node("body") {
            d.push(Diagnostic::new(path, n.pos, "`body` is for YAML profiles; in a Markdown file the story goes below the closing `---`"));
        }
    }
    f.finish(
        d,
        if is_person {
            COLLECTIVE_ONLY
        } else {
            PERSON_ONLY
        },
    );

    let name = name?;
    let year_segment = if is_person { year } else { None };
    let path_str = paths::profile(&origin.section.path, year_segment, &slug);
    Some(Profile {
        section: origin.section.key.clone(),
        kind,
        source: origin.source.to_path_buf(),
        pos: start,
        name,
        year,
        summary,
        photo,
        photo_alt,
        photo_credit,
        photo_focus,
        gallery,
        title,
        unit_kind,
        organization,
        birth_year,
        gender,
        group,
        founded,
        members,
        leader,
        address,
        website,
        district,
        commune,
        fields,
        awards,
        links,
        tags,
        slug,
        aliases,
        weight,
        draft,
        body,
        path: path_str,
    })
}

fn ranged(
    f: &mut Fields<'_>,
    key: &'static str,
    min: i64,
    max: i64,
    d: &mut Diagnostics,
) -> Option<i64> {
    let value = f.int(key, d)?;
    if (min..=max).contains(&value) {
        return Some(value);
    }
    let pos = f.node(key).map_or(f.pos(), |n| n.pos);
    d.push(
        Diagnostic::new(
            f.path(),
            pos,
            format!("`{key}` {value} is not a plausible year"),
        )
        .hint(format!("use a year from {min} to {max}")),
    );
    None
}

fn one_of(
    f: &mut Fields<'_>,
    key: &'static str,
    allowed: &[&str],
    d: &mut Diagnostics,
) -> Option<String> {
    let value = f.text(key, d)?;
    let wanted = comparable(&value);
    if let Some(found) = allowed.iter().find(|a| comparable(a) == wanted) {
        return Some(found.to_string());
    }
    let pos = f.node(key).map_or(f.pos(), |n| n.pos);
    let list = allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    d.push(
        Diagnostic::new(f.path(), pos, format!("`{key}` cannot be `{value}`"))
            .hint(format!("use one of {list}")),
    );
    None
}

/// Lowercase NFC with every kind of dash the same, so `Học sinh - sinh viên` matches.
fn comparable(s: &str) -> String {
    s.nfc()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if matches!(c, '-' | '–' | '—') {
                '-'
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn focus(f: &mut Fields<'_>, d: &mut Diagnostics) -> Focus {
    match one_of(
        f,
        "photo_focus",
        &["center", "top", "bottom", "left", "right"],
        d,
    )
    .as_deref()
    {
        Some("top") => Focus::Top,
        Some("bottom") => Focus::Bottom,
        Some("left") => Focus::Left,
        Some("right") => Focus::Right,
        _ => Focus::Center,
    }
}

/// Accepts only absolute http(s) addresses; `javascript:`, `data:` and the like are refused.
fn web_url(url: &str, pos: Pos, path: &Path, key: &str, d: &mut Diagnostics) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty()
                && !host.starts_with('/')
                && !url.contains(char::is_whitespace)
                && !url.contains(['"', '<', '>']) =>
        {
            Some(url.to_string())
        }
        _ => {
            d.push(Diagnostic::new(path, pos, format!("`{key}` must be a web address starting with https:// or http://, not `{url}`")).hint("copy the full address from the browser's address bar"));
            None
        }
    }
}

/// An alias as a path relative to the site root, ending in `/` (or `.html`).
pub fn alias_path(alias: &str) -> Result<String, String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let bad = trimmed.is_empty()
        || trimmed.contains("://")
        || trimmed.split('/').any(|seg| seg == ".." || seg == ".")
        || trimmed.contains("//")
        || trimmed.contains(|c: char| {
            c.is_whitespace() || matches!(c, '?' | '#' | '"' | '<' | '>' | '\\')
        });
    if bad {
        return Err(format!("`{alias}` is not a usable earlier address"));
    }
    if trimmed.ends_with('/') || trimmed.ends_with(".html") {
        Ok(trimmed.to_string())
    } else {
        Ok(format!("{trimmed}/"))
    }
}

/// Resolves a file path written in a profile, relative to the profile's folder, and checks
/// that it exists and stays inside the site folder (also through symbolic links).
fn resolve_asset(
    node: &crate::yaml::Node,
    origin: &Origin<'_>,
    what: &str,
    d: &mut Diagnostics,
) -> Option<Asset> {
    let path = origin.source;
    let Some(written) = node.as_str().map(str::trim) else {
        d.push(Diagnostic::new(
            path,
            node.pos,
            format!("the {what} must be a file path"),
        ));
        return None;
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut rel = PathBuf::new();
    let mut escapes = Path::new(written).is_absolute();
    for part in dir.join(written).components() {
        match part {
            std::path::Component::Normal(p) => rel.push(p),
            std::path::Component::ParentDir => escapes |= !rel.pop(),
            std::path::Component::CurDir => {}
            _ => escapes = true,
        }
    }
    let leaves = || {
        Diagnostic::new(
            path,
            node.pos,
            format!("the {what} `{written}` is outside the site folder"),
        )
        .hint("copy the photo next to the profile and write just its file name")
    };
    if escapes {
        d.push(leaves());
        return None;
    }
    let abs = origin.root.join(&rel);
    if !abs.is_file() {
        let hint = match abs.parent().and_then(|p| std::fs::read_dir(p).ok()) {
            Some(entries) => {
                let names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                let file = Path::new(written)
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match crate::diagnostics::did_you_mean(&file, names.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "paths are relative to the profile file's folder; check the spelling and the file's extension".to_string(),
                }
            }
            None => "paths are relative to the profile file's folder".to_string(),
        };
        d.push(
            Diagnostic::new(
                path,
                node.pos,
                format!("the {what} `{written}` does not exist"),
            )
            .hint(hint),
        );
        return None;
    }
    // A symbolic link may point anywhere; what counts is where the file really is.
    let inside = match (abs.canonicalize(), origin.root.canonicalize()) {
        (Ok(real), Ok(root)) => real.starts_with(root),
        _ => false,
    };
    if !inside {
        d.push(leaves());
        return None;
    }
    Some(Asset {
        abs,
        rel,
        pos: node.pos,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_normalised_and_checked() {
        assert_eq!(alias_path("/cong-dan/2023/a").unwrap(), "cong-dan/2023/a/");
        assert_eq!(alias_path("old.html").unwrap(), "old.html");
        assert!(alias_path("/../etc/").is_err());
        assert!(alias_path("https://x.vn/a").is_err());
    }

    #[test]
    fn groups_compare_without_case_or_dash_style() {
        assert_eq!(
            comparable("Học sinh - Sinh viên"),
            comparable("học sinh – sinh viên")
        );
    }
}
