//! The register of decisions, each decision's page and the timeline of honours
//! (`docs/themes.md` lists their values), and the links from awards to their decisions.

use tera::value::Key;

use super::context::{paged_title, paginator, tv};
use super::ctx::{Ctx, Extra};
use super::jobs::{page_count, page_slice};
use super::profile::term_url;
use crate::locale;
use crate::paths::{self, Urls};
use crate::register::{Attached, Decision, Honour, Part, Year, TIMELINE_ROWS};
use crate::reuse::Fingerprint;
use crate::site::Site;

/// A file size for people: `245 KB`, `1,2 MB`.
fn size_text(bytes: usize, language: &str) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000).max(1))
    } else {
        let tenths = (bytes as f64 / 100_000.0).round() as i64;
        let sep = if language == "vi" { ',' } else { '.' };
        format!("{}{sep}{} MB", tenths / 10, tenths % 10)
    }
}

/// A decision as lists show it, without the profiles it honours.
pub(super) fn summary(site: &Site, dec: &Decision, urls: &Urls) -> tera::Map {
    let language = &site.config.language;
    let file = dec.file.as_ref().map(|f| match f {
        Attached::Pdf { path, bytes } => tv!({
            "url": urls.href(path),
            "kind": "pdf",
            "size": size_text(bytes.len(), language),
        }),
        Attached::Scan(set) => {
            let img = set.largest();
            tv!({
                "url": urls.href(&img.src),
                "kind": "scan",
                "size": format!("{} × {} px", img.width, img.height),
                "thumb": urls.href(&set.thumb.src),
            })
        }
    });
    tv!(map {
        "number": dec.number.as_str(),
        "url": urls.href(&dec.path()),
        "date": dec.date.map(|d| d.iso()),
        "date_text": dec.date.map(|d| locale::date(&d.iso(), language)),
        "year": dec.year,
        "issuer": dec.issuer.as_deref(),
        "count": dec.honours.len(),
        "withdraws_count": dec.withdraws.len(),
        "file": file,
    })
}

/// How award `k` of profile `i` was withdrawn, if it was: the revoking decision (its page
/// when the register has it) and the reason.
pub(super) fn withdrawal(site: &Site, i: usize, k: usize, urls: &Urls) -> Option<tera::Value> {
    let r = site.profiles[i].awards[k].revoked.as_ref()?;
    let dec = site
        .register
        .revoked_by
        .get(&Honour {
            profile: i,
            award: k,
        })
        .map(|&n| &site.register.decisions[n]);
    let language = &site.config.language;
    Some(tv!({
        "decision": r.decision.as_str(),
        "number": dec.map(|d| d.number.as_str()),
        "url": dec.map(|d| urls.href(&d.path())),
        "date": dec.and_then(|d| d.date).map(|d| d.iso()),
        "date_text": dec.and_then(|d| d.date).map(|d| locale::date(&d.iso(), language)),
        "reason": r.reason.as_deref(),
    }))
}

/// One honour as the register's pages show it: the profile and the award.
fn honour(site: &Site, h: Honour, urls: &Urls) -> tera::Value {
    let p = &site.profiles[h.profile];
    let a = &p.awards[h.award];
    tv!({
        "decision": a.decision.as_deref(),
        "decision_url": decision_url(site, h.profile, h.award, urls),
        "withdrawn": withdrawal(site, h.profile, h.award, urls),
        "name": p.name.as_str(),
        "url": urls.href(&p.path),
        "kind": p.kind().as_str(),
        "role": p.role(),
        "place": p.place(),
        "award": a.title.as_str(),
        "level": a.level.as_deref(),
        "year": a.year.or(p.year),
        "thumb": site.photos[h.profile].as_ref().map(|s| urls.href(&s.thumb.src)),
    })
}

/// Adds to `fp` what [`honour`] makes its value from (the profile's digest covers its name,
/// path, award and thumbnail; the register's links are asked for as `honour` asks).
fn honour_inputs(c: &Ctx, h: Honour, urls: &Urls, fp: &mut Fingerprint) {
    use std::hash::Hash;
    c.profile_digest(h.profile, fp);
    h.award.hash(fp);
    decision_url(c.site, h.profile, h.award, urls).hash(fp);
    match withdrawal(c.site, h.profile, h.award, urls) {
        Some(w) => fp.value(&w),
        None => fp.name("-"),
    }
}

/// A year of the register as its pages list it: `decisions` those shown here.
fn register_year_value(site: &Site, y: &Year, shown: &[Decision], urls: &Urls) -> tera::Value {
    tv!({
        "year": y.year,
        "url": urls.href(&paths::register_year(y.year)),
        "count": y.range.len(),
        "more": y.range.len() > shown.len(),
        "decisions": shown.iter().map(|d| summary(site, d, urls)).collect::<Vec<_>>(),
    })
}

fn unparsed_value(
    site: &Site,
    list: &[crate::register::Unparsed],
    urls: &Urls,
) -> Vec<tera::Value> {
    list.iter()
        .map(|u| {
            let honours: Vec<tera::Value> =
                u.honours.iter().map(|&h| honour(site, h, urls)).collect();
            tv!({ "text": u.text.as_str(), "honours": honours })
        })
        .collect()
}

/// `register.html` at `/quyet-dinh/`: every year with its first `paginate` decisions, newest
/// first, and the first references written without a number.
pub(super) fn register(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let site = c.site;
    let reg = &site.register;
    let per = site.config.paginate;
    let years: Vec<tera::Value> = reg
        .years
        .iter()
        .map(|y| {
            let shown = &reg.decisions[y.range.start..y.range.end.min(y.range.start + per)];
            register_year_value(site, y, shown, urls)
        })
        .collect();
    let unparsed = unparsed_value(site, &reg.unparsed[..reg.unparsed.len().min(per)], urls);
    let title = c.theme.t("register_title");
    (
        "register.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "register")),
            (
                "register",
                tv!({
                    "count": reg.decisions.len(),
                    "years": years,
                    "unparsed": unparsed,
                    "unparsed_count": reg.unparsed.len(),
                    "unparsed_url": (!reg.unparsed.is_empty()).then(|| urls.href(&paths::register_unnumbered())),
                    "year": tera::Value::none(),
                }),
            ),
            ("paginator", tera::Value::none()),
        ],
    )
}

/// `register.html` at `/quyet-dinh/2023/` (and `trang/N/`): one page of one year's decisions.
pub(super) fn register_year(
    c: &Ctx,
    urls: &Urls,
    path: &str,
    n: usize,
    page: usize,
) -> (&'static str, Extra) {
    let site = c.site;
    let reg = &site.register;
    let per = site.config.paginate;
    let y = &reg.years[n];
    let start = (y.range.start + page * per).min(y.range.end);
    let shown = &reg.decisions[start..(start + per).min(y.range.end)];
    let total = page_count(y.range.len(), per);
    let year_text = y.year.map_or_else(
        || c.theme.t("register_undated"),
        |v| format!("{} {v}", c.theme.t("year_title")),
    );
    let title = paged_title(
        c.theme,
        &format!("{} – {year_text}", c.theme.t("register_title")),
        page,
    );
    (
        "register.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "register")),
            (
                "register",
                tv!({
                    "count": reg.decisions.len(),
                    "years": vec![register_year_value(site, y, shown, urls)],
                    "unparsed": Vec::<tera::Value>::new(),
                    "unparsed_count": reg.unparsed.len(),
                    "unparsed_url": (!reg.unparsed.is_empty()).then(|| urls.href(&paths::register_unnumbered())),
                    "year": tv!({
                        "year": y.year,
                        "title": year_text,
                        "url": urls.href(&paths::register_year(y.year)),
                    }),
                }),
            ),
            (
                "paginator",
                paginator(&paths::register_year(y.year), page, total, per, urls),
            ),
        ],
    )
}

/// `register.html` at `/quyet-dinh/khong-so/`: a page of the references without a number.
pub(super) fn unnumbered(c: &Ctx, urls: &Urls, path: &str, page: usize) -> (&'static str, Extra) {
    let site = c.site;
    let reg = &site.register;
    let per = site.config.paginate;
    let start = (page * per).min(reg.unparsed.len());
    let shown = &reg.unparsed[start..(start + per).min(reg.unparsed.len())];
    let total = page_count(reg.unparsed.len(), per);
    let heading = c.theme.t("register_unparsed");
    let title = paged_title(
        c.theme,
        &format!("{} – {heading}", c.theme.t("register_title")),
        page,
    );
    (
        "register.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "register")),
            (
                "register",
                tv!({
                    "count": reg.decisions.len(),
                    "years": Vec::<tera::Value>::new(),
                    "unparsed": unparsed_value(site, shown, urls),
                    "unparsed_count": reg.unparsed.len(),
                    "unparsed_url": tera::Value::none(),
                    "year": tv!({
                        "year": tera::Value::none(),
                        "title": heading,
                        "url": urls.href(&paths::register_unnumbered()),
                    }),
                }),
            ),
            (
                "paginator",
                paginator(&paths::register_unnumbered(), page, total, per, urls),
            ),
        ],
    )
}

/// `decision.html`: one decision with every profile it honours.
pub(super) fn decision(
    c: &Ctx,
    urls: &Urls,
    path: &str,
    n: usize,
    page: usize,
) -> (&'static str, Extra) {
    let site = c.site;
    let dec = &site.register.decisions[n];
    let mut value = summary(site, dec, urls);
    let per = TIMELINE_ROWS;
    let shown = page_slice(&dec.honours, page, per);
    let honours = |list: &[Honour]| {
        let all: Vec<tera::Value> = list.iter().map(|&h| honour(site, h, urls)).collect();
        tera::Value::from(all)
    };
    value.insert(Key::Str("honours"), honours(shown));
    // What it withdraws heads its first page.
    let withdraws = if page == 0 { &dec.withdraws[..] } else { &[] };
    value.insert(Key::Str("withdraws"), honours(withdraws));
    let pages = page_count(dec.honours.len(), per);
    let title = paged_title(
        c.theme,
        &format!("{} {}", c.theme.t("decision_title"), dec.number),
        page,
    );
    (
        "decision.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "decision")),
            ("register_url", urls.href(paths::DECISIONS).into()),
            ("decision", value.into()),
            ("paginator", paginator(&dec.path(), page, pages, per, urls)),
        ],
    )
}

/// Adds to `fp` what [`decision`] makes page `page` of decision `n` from, without making
/// its values (see `pages::profile_inputs`: the same rule, and the same debug check).
pub(super) fn decision_inputs(c: &Ctx, urls: &Urls, n: usize, page: usize, fp: &mut Fingerprint) {
    let dec = &c.site.register.decisions[n];
    fp.name("decision.html");
    fp.value(&summary(c.site, dec, urls).into());
    fp.number(page as u64);
    for &h in page_slice(&dec.honours, page, TIMELINE_ROWS) {
        honour_inputs(c, h, urls, fp);
    }
    fp.name("withdraws");
    if page == 0 {
        for &h in &dec.withdraws {
            honour_inputs(c, h, urls, fp);
        }
    }
}

/// How many decisions the timeline's index names for each year.
const TIMELINE_PREVIEW: usize = 5;

/// `timeline.html` at `/dong-thoi-gian/`: the years, newest first, each with its counts and
/// its first decisions (their honours are on the year's pages).
pub(super) fn timeline(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let site = c.site;
    let reg = &site.register;
    let years: Vec<tera::Value> = reg
        .timeline
        .iter()
        .map(|y| {
            let honours: usize = y
                .decisions
                .iter()
                .map(|&n| reg.decisions[n].honours.len())
                .sum::<usize>()
                + y.others.len();
            tv!({
                "year": y.year,
                "url": urls.href(&paths::timeline_year(y.year)),
                "decision_count": y.decisions.len(),
                "honour_count": honours,
                "decisions": y.decisions.iter().take(TIMELINE_PREVIEW).map(|&n| summary(site, &reg.decisions[n], urls)).collect::<Vec<_>>(),
                "others": Vec::<tera::Value>::new(),
            })
        })
        .collect();
    let title = c.theme.t("timeline_title");
    (
        "timeline.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "timeline")),
            ("register_url", urls.href(paths::DECISIONS).into()),
            ("timeline", years.into()),
            ("timeline_year", tera::Value::none()),
            ("paginator", tera::Value::none()),
        ],
    )
}

/// `timeline.html` at `/dong-thoi-gian/2023/` (and `trang/N/`): a page of one year's
/// decisions with whom they honoured, then the honours of that year without a decision.
/// Adds to `fp` what [`timeline_year`] makes page `page` of year `n` from, without making
/// its values (see `pages::profile_inputs`: the same rule, and the same debug check).
pub(super) fn timeline_year_inputs(
    c: &Ctx,
    urls: &Urls,
    n: usize,
    page: usize,
    fp: &mut Fingerprint,
) {
    let reg = &c.site.register;
    let y = &reg.timeline[n];
    fp.name("timeline.html");
    fp.number(y.year as u64);
    fp.number(page as u64);
    fp.number(y.pages.len() as u64);
    for part in &y.pages[page] {
        match part {
            Part::Decision { decision, range } => {
                let dec = &reg.decisions[*decision];
                fp.name("decision");
                fp.value(&summary(c.site, dec, urls).into());
                fp.number(range.start as u64);
                for &h in &dec.honours[range.clone()] {
                    honour_inputs(c, h, urls, fp);
                }
            }
            Part::Others(range) => {
                fp.name("others");
                for &h in &y.others[range.clone()] {
                    honour_inputs(c, h, urls, fp);
                }
            }
        }
    }
}

pub(super) fn timeline_year(
    c: &Ctx,
    urls: &Urls,
    path: &str,
    n: usize,
    page: usize,
) -> (&'static str, Extra) {
    let site = c.site;
    let reg = &site.register;
    let y = &reg.timeline[n];
    let (mut decisions, mut others) = (Vec::new(), Vec::new());
    for part in &y.pages[page] {
        match part {
            Part::Decision { decision, range } => {
                let dec = &reg.decisions[*decision];
                let mut v = summary(site, dec, urls);
                v.insert(Key::Str("continued"), (range.start > 0).into());
                let honours: Vec<tera::Value> = (dec.honours[range.clone()].iter())
                    .map(|&h| honour(site, h, urls))
                    .collect();
                v.insert(Key::Str("honours"), honours.into());
                decisions.push(tera::Value::from(v));
            }
            Part::Others(range) => {
                others.extend(
                    y.others[range.clone()]
                        .iter()
                        .map(|&h| honour(site, h, urls)),
                );
            }
        }
    }
    let title = paged_title(
        c.theme,
        &format!("{} {}", c.theme.t("timeline_title"), y.year),
        page,
    );
    (
        "timeline.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "timeline")),
            ("register_url", urls.href(paths::DECISIONS).into()),
            (
                "timeline",
                tera::Value::from(vec![tv!({
                    "year": y.year,
                    "url": urls.href(&paths::timeline_year(y.year)),
                    "decisions": decisions,
                    "others": others,
                })]),
            ),
            (
                "timeline_year",
                tv!({ "year": y.year, "url": urls.href(&paths::timeline_year(y.year)) }),
            ),
            (
                "paginator",
                paginator(
                    &paths::timeline_year(y.year),
                    page,
                    y.pages.len(),
                    TIMELINE_ROWS,
                    urls,
                ),
            ),
        ],
    )
}

/// Profile `i`'s awards by year, newest first, each with its decision's page when the
/// register has it: the short timeline of its page.
pub(super) fn award_years(site: &Site, i: usize, urls: &Urls) -> tera::Value {
    let p = &site.profiles[i];
    let mut years: Vec<(Option<i64>, Vec<tera::Value>)> = Vec::new();
    let mut order: Vec<usize> = (0..p.awards.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(p.awards[k].year.or(p.year)));
    for k in order {
        let a = &p.awards[k];
        let year = a.year.or(p.year);
        let value = tv!({
            "title": a.title.as_str(),
            "url": a.stands().then(|| term_url("award", &a.title, urls)).flatten(),
            "level": a.level.as_deref(),
            "decision": a.decision.as_deref(),
            "decision_url": decision_url(site, i, k, urls),
            "withdrawn": withdrawal(site, i, k, urls),
        });
        match years.last_mut() {
            Some((y, list)) if *y == year => list.push(value),
            _ => years.push((year, vec![value])),
        }
    }
    tera::Value::from(
        (years.into_iter())
            .map(|(year, awards)| tv!({ "year": year, "awards": awards }))
            .collect::<Vec<_>>(),
    )
}

/// The page of the decision of award `k` of profile `i`, if it has one.
pub(super) fn decision_url(site: &Site, i: usize, k: usize, urls: &Urls) -> Option<String> {
    site.register
        .of_award
        .get(&Honour {
            profile: i,
            award: k,
        })
        .map(|&n| urls.href(&site.register.decisions[n].path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(245_000, "vi"), "245 KB");
        assert_eq!(size_text(1_234_567, "vi"), "1,2 MB");
        assert_eq!(size_text(1_234_567, "en"), "1.2 MB");
        assert_eq!(size_text(10, "en"), "1 KB");
    }
}
