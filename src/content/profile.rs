//! Reading one profile from its fields, checking each: the person's or the collective's own
//! fields by the section's kind, every problem with its position.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use super::assets::resolve_asset;
use super::decision;
use super::groups::GROUPS;
use super::model::{Award, Collective, Focus, GalleryItem, Link, Own, Person, Profile, Revocation};
use crate::config::{Kind, Section};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::paths;
use crate::slug::{is_slug, slugify};
use crate::yaml::Fields;

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
    let is_person = origin.section.kind == Kind::Person;
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

    let own = if is_person {
        Own::Person(read_person(&mut f, this_year, d))
    } else {
        Own::Collective(read_collective(&mut f, origin, d))
    };
    let district = f.text("district", d);
    let commune = f.text("commune", d);
    let mut fields: Vec<String> = f.texts("field", d).into_iter().map(|(s, _)| s).collect();
    fields.extend(f.texts("fields", d).into_iter().map(|(s, _)| s));
    let (mut proposed, mut awards): (Vec<Award>, Vec<Award>) = f
        .list_of("awards", d, |a, d| read_award(a, origin, this_year, d))
        .into_iter()
        .partition(|a| a.proposed);
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
    let sort_name = f.text("sort_name", d);
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
    // Lists grown one item at a time hold room for four: an award or two kept room for a
    // kilobyte, in every profile of the build (a fifth of 30,000 profiles' peak memory).
    fields.shrink_to_fit();
    awards.shrink_to_fit();
    proposed.shrink_to_fit();
    Some(Profile {
        section: origin.section.key.clone(),
        source: origin.source.to_path_buf(),
        pos: start,
        name,
        year,
        summary,
        photo,
        photo_alt,
        photo_credit,
        photo_focus,
        district,
        commune,
        fields,
        awards,
        proposed,
        links,
        tags,
        slug,
        aliases,
        weight,
        sort_name,
        sheet: None,
        draft,
        body,
        story: None,
        path: path_str,
        own,
    })
}

/// The values of `status`, by what each means (the spreadsheet column "Trạng thái" is
/// written in Vietnamese).
const STATUS: &[(&str, bool)] = &[
    ("proposed", true),
    ("đề nghị", true),
    ("đề xuất", true),
    ("decided", false),
    ("đã quyết định", false),
];

/// One award, its status and its withdrawal checked.
fn read_award(
    mut a: Fields<'_>,
    origin: &Origin<'_>,
    this_year: i64,
    d: &mut Diagnostics,
) -> Option<Award> {
    let path = a.path();
    let title = a.text("title", d);
    if title.is_none() {
        d.push(Diagnostic::new(path, a.pos(), "an award has no `title`").hint("e.g. `- { title: Công dân Bắc Giang ưu tú, year: 2023, decision: Quyết định số 1234/QĐ-UBND }`"));
    }
    let proposed = match a.text("status", d) {
        None => false,
        Some(value) => {
            let wanted = crate::slug::slugify(&value);
            match STATUS
                .iter()
                .find(|(s, _)| crate::slug::slugify(s) == wanted)
            {
                Some(&(_, proposed)) => proposed,
                None => {
                    let pos = a.node("status").map_or(a.pos(), |n| n.pos);
                    d.push(
                        Diagnostic::new(path, pos, format!("`status` cannot be `{value}`"))
                            .hint("write `status: proposed` (đề nghị) for a candidate not decided yet, or leave `status` out once the decision is entered"),
                    );
                    false
                }
            }
        }
    };
    let decision = a.text("decision", d);
    if proposed && decision.is_some() {
        let pos = a.node("decision").map_or(a.pos(), |n| n.pos);
        d.push(
            Diagnostic::new(path, pos, "this award is `status: proposed` but has a `decision`")
                .hint("once the honour is decided, delete the line `status: proposed`; while it is only proposed, leave `decision` out"),
        );
    }
    let revoked = a.node("revoked").and_then(|n| {
        let mut r = Fields::of(n, path, "`revoked`", d);
        let decision = r.text("decision", d);
        let reason = r.text("reason", d);
        r.finish(d, &[]);
        let Some(revoking) = decision else {
            d.push(
                Diagnostic::new(path, n.pos, "`revoked` has no `decision`")
                    .hint("name the decision that withdraws the honour, e.g. `revoked: { decision: Quyết định số 77/QĐ-UBND ngày 2/3/2025, reason: Hồ sơ khai không trung thực }`"),
            );
            return None;
        };
        Some(Revocation {
            decision: revoking,
            reason,
            pos: n.pos,
        })
    });
    if let Some(r) = &revoked {
        check_revocation(r, decision.as_deref(), proposed, path, d);
    }
    let award = Award {
        title: title.unwrap_or_default(),
        year: ranged(&mut a, "year", 1900, this_year + 1, d),
        decision,
        level: a.text("level", d),
        issuer: a.text("issuer", d),
        decision_file: a
            .node("decision_file")
            .and_then(|n| resolve_asset(n, origin, "decision file", d)),
        proposed,
        revoked,
        pos: a.pos(),
    };
    a.finish(d, &[]);
    Some(award)
}

/// What cannot be true of a withdrawal: withdrawing what was never decided, a revoking
/// decision without a number, or one signed before the decision it revokes.
fn check_revocation(
    r: &Revocation,
    decision: Option<&str>,
    proposed: bool,
    path: &Path,
    d: &mut Diagnostics,
) {
    if proposed {
        d.push(
            Diagnostic::new(
                path,
                r.pos,
                "a proposed award cannot be revoked: nothing was decided yet",
            )
            .hint("delete `revoked`, or the line `status: proposed` if the honour was decided"),
        );
        return;
    }
    let Some(revoking) = decision::parse(&r.decision) else {
        d.push(
            Diagnostic::new(path, r.pos, format!("the revoking decision `{}` has no decision number", r.decision))
                .hint("write it as its office does, e.g. `decision: Quyết định số 77/QĐ-UBND ngày 2/3/2025`"),
        );
        return;
    };
    let Some(original) = decision.and_then(decision::parse) else {
        d.push(
            Diagnostic::new(path, r.pos, "this award is revoked but has no `decision` of its own")
                .hint("enter the decision that gave the honour, so readers can see which decision was revoked"),
        );
        return;
    };
    if let (Some(then), Some(now)) = (original.date, revoking.date) {
        if now < then {
            d.push(
                Diagnostic::new(path, r.pos, format!(
                    "the revoking decision {} is dated {}, before the decision {} it revokes ({})",
                    revoking.number, now.dmy(), original.number, then.dmy()
                ))
                .hint("check both dates (written day/month/year): a decision can only revoke one signed before it"),
            );
        }
    }
}

/// A person's own fields.
fn read_person(f: &mut Fields<'_>, this_year: i64, d: &mut Diagnostics) -> Person {
    Person {
        title: f.text("title", d),
        organization: f.text("organization", d),
        birth_year: ranged(f, "birth_year", 1880, this_year, d),
        gender: one_of(f, "gender", &["nam", "nữ"], d),
        group: one_of(f, "group", GROUPS, d),
    }
}

/// A collective's own fields, its gallery's files resolved next to it.
fn read_collective(f: &mut Fields<'_>, origin: &Origin<'_>, d: &mut Diagnostics) -> Collective {
    let path = f.path();
    let gallery = f.list_of("gallery", d, |mut g, d| {
        let src = match g.node("src") {
            Some(n) => resolve_asset(n, origin, "gallery image", d),
            None => {
                d.push(
                    Diagnostic::new(g.path(), g.pos(), "a gallery item has no `src`").hint(
                        "give the image file, e.g. `- { src: vuon-sam.jpg, caption: Vườn sâm }`",
                    ),
                );
                None
            }
        };
        let caption = g.text("caption", d);
        g.finish(d, &[]);
        Some(GalleryItem { src: src?, caption })
    });
    Collective {
        kind: f.text("kind", d),
        founded: f.text("founded", d),
        members: f.text("members", d),
        leader: f.text("leader", d),
        address: f.text("address", d),
        website: f
            .node("website")
            .and_then(|n| web_url(n.as_str().unwrap_or(""), n.pos, path, "website", d)),
        gallery,
    }
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
    // Most values are written as listed; the normalised comparison is for the others.
    if let Some(found) = allowed.iter().find(|a| **a == value) {
        return Some(found.to_string());
    }
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
