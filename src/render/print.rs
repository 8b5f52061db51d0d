//! The pages for paper and for the lobby's screen: a profile's certificate, a year's board
//! and the kiosk's loop (`docs/themes.md` lists their values). Paper does not scroll, so
//! long text is cut here, at a word, rather than left to spill onto a second sheet.

use tera::value::Key;

use super::context::{section_value, tv};
use super::ctx::{Ctx, Extra};
use super::jobs::{certificate_list, list_path, page_count, page_slice, year_path};
use super::pages::featured;
use super::profile::photo;
use crate::config::{Kind, Paper};
use crate::content::Award;
use crate::paths::{self, Urls};
use crate::reuse::Fingerprint;

/// The most a certificate shows of a summary, in characters: what fits the space under
/// the name in the shipped templates at their type size.
const CERTIFICATE_SUMMARY: usize = 420;
/// The most a kiosk slide shows of a summary, in characters, at a size read from 3 m.
const SLIDE_SUMMARY: usize = 260;
/// The most a board shows: beyond 48 citizens a photo and a code would be too small to
/// read on A4 (the year's page lists them all).
pub(super) const BOARD_MAX: usize = 48;

/// `text` cut to at most `max` characters at the end of a word, with an ellipsis.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    // Unless the cut falls between words already, it goes back to the last space (but not
    // so far back that half the room is lost to one long word).
    let at_word_end = text[end..].starts_with(char::is_whitespace);
    let head = match head.rfind(char::is_whitespace) {
        Some(i) if !at_word_end && i > end / 2 => &head[..i],
        _ => head,
    };
    format!(
        "{}…",
        head.trim_end_matches(|c: char| c.is_whitespace() || ",;:.-–".contains(c))
    )
}

/// How long a name is, for the templates to choose a type size that keeps it on its lines.
fn name_length(name: &str) -> &'static str {
    match name.chars().count() {
        0..=28 => "short",
        29..=56 => "long",
        _ => "longer",
    }
}

/// The award a certificate shows: the latest by year, the first listed among equals.
fn latest_award<'a>(awards: impl Iterator<Item = &'a Award>) -> Option<&'a Award> {
    awards
        .enumerate()
        .max_by_key(|(n, a)| (a.year, std::cmp::Reverse(*n)))
        .map(|(_, a)| a)
}

/// What paper and screen show of profile `i`.
fn essentials(c: &Ctx, i: usize, urls: &Urls, summary: usize) -> tera::Map {
    let site = c.site;
    let p = &site.profiles[i];
    let alt = p.photo_alt.as_deref().unwrap_or(&p.name);
    let award = latest_award(p.standing());
    let role = p.role();
    // Often the role already names the workplace ("Giáo viên Trường THCS Liên Chung").
    let organization = p
        .person()
        .and_then(|x| x.organization.as_deref())
        .filter(|o| !role.is_some_and(|r| r.contains(o)));
    tv!(map {
        "name": p.name.as_str(),
        "name_length": name_length(&p.name),
        "role": role.map(|r| cut(r, 120)),
        "place": p.place().map(|r| cut(&r, 120)),
        "organization": organization.map(|o| cut(o, 120)),
        "year": p.year,
        "summary": p.summary.as_deref().map(|s| cut(s, summary)),
        "url": urls.href(&p.path),
        "permalink": urls.permalink(&p.path),
        "photo": site.photos[i].as_ref().map(|s| photo(s, alt, None, urls)),
        "thumb": site.photos[i].as_ref().map(|s| urls.href(&s.thumb.src)),
        "award": award.map(|a| tv!({
            "title": cut(&a.title, 160),
            "year": a.year,
            "level": a.level.as_deref(),
            "decision": a.decision.as_deref().map(|d| cut(d, 160)),
        })),
        "qr": c.qr(i),
    })
}

/// Adds to `fp` what [`certificates`] makes part `part` of a list from, without making its
/// values (see `pages::profile_inputs`: the same rule, and the same debug check).
pub(super) fn certificates_inputs(
    c: &Ctx,
    urls: &Urls,
    s: usize,
    year: Option<usize>,
    part: usize,
    fp: &mut Fingerprint,
) {
    let site = c.site;
    let sec = &site.sections[s];
    let all = certificate_list(site, s, year);
    fp.name("print.html");
    fp.value(&section_value(sec, urls));
    fp.number(year.map_or(0, |y| sec.years[y].year as u64 + 1));
    fp.number(part as u64);
    fp.number(all.len() as u64);
    for &i in page_slice(all, part, paths::CERTIFICATES_PER_FILE) {
        c.profile_digest(i, fp);
    }
}

/// `print.html`: part `part` of the certificates of a list (year `year` of section `s`, or
/// the collective section `s`), one A4 portrait sheet each. A sheet is also one profile's
/// certificate: its anchor is the profile's slug, and the page then shows and prints it
/// alone.
pub(super) fn certificates(
    c: &Ctx,
    urls: &Urls,
    path: &str,
    s: usize,
    year: Option<usize>,
    part: usize,
) -> (&'static str, Extra) {
    let site = c.site;
    let sec = &site.sections[s];
    let all = certificate_list(site, s, year);
    let per = paths::CERTIFICATES_PER_FILE;
    let parts = page_count(all.len(), per);
    let list = list_path(site, s, year);
    let mut title = match year {
        Some(y) => format!("{} {}", sec.section.title, sec.years[y].year),
        None => sec.section.title.clone(),
    };
    title = format!("{} – {title}", c.theme.t("certificates_title"));
    if parts > 1 {
        title = format!("{title} ({}/{parts})", part + 1);
    }
    let profiles: Vec<tera::Value> = page_slice(all, part, per)
        .iter()
        .map(|&i| {
            let mut v = essentials(c, i, urls, CERTIFICATE_SUMMARY);
            v.insert(Key::Str("anchor"), site.profiles[i].slug.as_str().into());
            v.into()
        })
        .collect();
    (
        "print.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "print")),
            ("section", section_value(sec, urls)),
            (
                "certificates",
                tv!({
                    "list_url": urls.href(&list),
                    "list_permalink": urls.permalink(&list),
                    "all_url": urls.href(path),
                    "part": part + 1,
                    "parts": (0..parts).map(|n| tv!({
                        "number": n + 1,
                        "url": urls.href(&paths::certificates(&list, n)),
                    })).collect::<Vec<_>>(),
                    "profiles": profiles,
                }),
            ),
        ],
    )
}

/// Columns and rows of a board of `n` cards on a landscape sheet: one row up to five,
/// then rows of five (the ten citizens of a year: 5 × 2), six and eight.
pub(super) fn grid(n: usize) -> (usize, usize) {
    let cols = match n {
        0..=5 => n.max(1),
        6..=10 => 5,
        11..=18 => 6,
        _ => 8,
    };
    (cols, n.div_ceil(cols).max(1))
}

/// `board.html`: the citizens of year `y` of section `s` on one landscape sheet.
pub(super) fn board(c: &Ctx, urls: &Urls, path: &str, s: usize, y: usize) -> (&'static str, Extra) {
    let sec = &c.site.sections[s];
    let year = &sec.years[y];
    let shown = &year.profiles[..year.profiles.len().min(BOARD_MAX)];
    let (cols, rows) = grid(shown.len());
    let title = format!(
        "{} {} – {}",
        sec.section.title,
        year.year,
        c.theme.t("board_title")
    );
    let paper = match c.site.config.board_paper {
        Paper::A4 => "A4",
        Paper::A3 => "A3",
    };
    (
        "board.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "board")),
            ("section", section_value(sec, urls)),
            (
                "board",
                tv!({
                    "year": year.year,
                    "year_url": urls.href(&year_path(c.site, s, y)),
                    "count": year.profiles.len(),
                    "left_out": year.profiles.len() - shown.len(),
                    "paper": paper,
                    "columns": cols,
                    "rows": rows,
                    "profiles": shown.iter().map(|&i| essentials(c, i, urls, 0)).collect::<Vec<_>>(),
                }),
            ),
        ],
    )
}

/// `kiosk.html`: one slide per profile of the latest year of citizens (up to [`BOARD_MAX`]),
/// then the featured collectives, each with what its opened view shows.
pub(super) fn kiosk(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let site = c.site;
    let mut slides: Vec<tera::Value> = Vec::new();
    if let Some(sec) = site
        .sections
        .iter()
        .find(|s| s.section.kind == Kind::Person && !s.years.is_empty())
    {
        // The ten citizens of a year, or the first of a larger year as its board shows them:
        // a kiosk of every profile of a big year would be a page of tens of megabytes.
        for &i in sec.years[0].profiles.iter().take(BOARD_MAX) {
            slides.push(slide(c, i, urls, &sec.section.title));
        }
    }
    for i in featured(site) {
        let title = site
            .config
            .section(&site.profiles[i].section)
            .map_or("", |s| s.title.as_str());
        slides.push(slide(c, i, urls, title));
    }
    let k = site.config.kiosk;
    (
        "kiosk.html",
        vec![
            (
                "page",
                c.plain_page(urls, path, &c.theme.t("kiosk_title"), "kiosk"),
            ),
            (
                "kiosk",
                tv!({ "interval": k.interval, "idle": k.idle, "slides": slides }),
            ),
        ],
    )
}

fn slide(c: &Ctx, i: usize, urls: &Urls, section_title: &str) -> tera::Value {
    let p = &c.site.profiles[i];
    let mut v = essentials(c, i, urls, SLIDE_SUMMARY);
    v.insert(Key::Str("section_title"), section_title.into());
    let awards: Vec<tera::Value> = (p.standing().take(4))
        .map(|a| tv!({ "title": cut(&a.title, 160), "year": a.year, "decision": a.decision.as_deref() }))
        .collect();
    v.insert(Key::Str("awards"), awards.into());
    v.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_at_a_word() {
        assert_eq!(cut("ngắn", 10), "ngắn");
        assert_eq!(cut("Một hai ba bốn năm sáu", 12), "Một hai ba…");
        assert_eq!(cut("Một, hai, ba", 9), "Một, hai…");
        // A word longer than half the space is cut inside.
        assert_eq!(cut("Aaaaaaaaaaaaaaaaaaaa", 5), "Aaaaa…");
        assert!(cut(&"ư ".repeat(400), 420).chars().count() <= 421);
    }

    #[test]
    fn boards_fill_their_rows() {
        assert_eq!(grid(1), (1, 1));
        assert_eq!(grid(10), (5, 2));
        assert_eq!(grid(12), (6, 2));
        assert_eq!(grid(48), (8, 6));
    }
}
