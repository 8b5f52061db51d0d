//! The register of decisions, each decision's page and the timeline of honours
//! (`docs/themes.md` lists their values), and the links from awards to their decisions.

use serde_json::{json, Value};

use super::context::tv;
use super::pages::{Ctx, Extra};
use crate::locale;
use crate::paths::{self, Urls};
use crate::register::{Attached, Decision, Honour};
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
pub(super) fn summary(site: &Site, dec: &Decision, urls: &Urls) -> Value {
    let language = &site.config.language;
    let file = dec.file.as_ref().map(|f| match f {
        Attached::Pdf { path, bytes } => json!({
            "url": urls.href(path),
            "kind": "pdf",
            "size": size_text(bytes.len(), language),
        }),
        Attached::Scan(set) => {
            let img = set.largest();
            json!({
                "url": urls.href(&img.src),
                "kind": "scan",
                "size": format!("{} × {} px", img.width, img.height),
                "thumb": urls.href(&set.thumb.src),
            })
        }
    });
    json!({
        "number": dec.number,
        "url": urls.href(&dec.path()),
        "date": dec.date.map(|d| d.iso()),
        "date_text": dec.date.map(|d| locale::date(&d.iso(), language)),
        "year": dec.year,
        "issuer": dec.issuer,
        "count": dec.honours.len(),
        "withdraws_count": dec.withdraws.len(),
        "file": file,
    })
}

/// How award `k` of profile `i` was withdrawn, if it was: the revoking decision (its page
/// when the register has it) and the reason.
pub(super) fn withdrawal(site: &Site, i: usize, k: usize, urls: &Urls) -> Option<Value> {
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
    Some(json!({
        "decision": r.decision,
        "number": dec.map(|d| d.number.clone()),
        "url": dec.map(|d| urls.href(&d.path())),
        "date": dec.and_then(|d| d.date).map(|d| d.iso()),
        "date_text": dec.and_then(|d| d.date).map(|d| locale::date(&d.iso(), language)),
        "reason": r.reason,
    }))
}

/// One honour as the register's pages show it: the profile and the award.
fn honour(site: &Site, h: Honour, urls: &Urls) -> Value {
    let p = &site.profiles[h.profile];
    let a = &p.awards[h.award];
    json!({
        "decision": a.decision,
        "decision_url": decision_url(site, h.profile, h.award, urls),
        "withdrawn": withdrawal(site, h.profile, h.award, urls),
        "name": p.name,
        "url": urls.href(&p.path),
        "kind": p.kind(),
        "role": p.role(),
        "place": p.place(),
        "award": a.title,
        "level": a.level,
        "year": a.year.or(p.year),
        "thumb": site.photos[h.profile].as_ref().map(|s| urls.href(&s.thumb.src)),
    })
}

/// `register.html`: every decision, by year, newest first, and the references as written.
pub(super) fn register(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let site = c.site;
    let reg = &site.register;
    let mut years: Vec<Value> = Vec::new();
    let mut current: Option<Option<i64>> = None;
    for dec in &reg.decisions {
        if current != Some(dec.year) {
            current = Some(dec.year);
            years.push(json!({ "year": dec.year, "decisions": [] }));
        }
        let last = years.last_mut().expect("pushed above");
        last["decisions"]
            .as_array_mut()
            .expect("a list")
            .push(summary(site, dec, urls));
    }
    let unparsed: Vec<Value> = reg
        .unparsed
        .iter()
        .map(|u| json!({ "text": u.text, "honours": u.honours.iter().map(|&h| honour(site, h, urls)).collect::<Vec<_>>() }))
        .collect();
    let title = c.theme.t("register_title");
    (
        "register.html",
        vec![
            ("page", tv(&c.plain_page(urls, path, &title, "register"))),
            (
                "register",
                tv(&json!({ "count": reg.decisions.len(), "years": years, "unparsed": unparsed })),
            ),
        ],
    )
}

/// `decision.html`: one decision with every profile it honours.
pub(super) fn decision(c: &Ctx, urls: &Urls, path: &str, n: usize) -> (&'static str, Extra) {
    let site = c.site;
    let dec = &site.register.decisions[n];
    let mut value = summary(site, dec, urls);
    value["honours"] = json!(dec
        .honours
        .iter()
        .map(|&h| honour(site, h, urls))
        .collect::<Vec<_>>());
    value["withdraws"] = json!(dec
        .withdraws
        .iter()
        .map(|&h| honour(site, h, urls))
        .collect::<Vec<_>>());
    let title = format!("{} {}", c.theme.t("decision_title"), dec.number);
    (
        "decision.html",
        vec![
            ("page", tv(&c.plain_page(urls, path, &title, "decision"))),
            ("register_url", urls.href(paths::DECISIONS).into()),
            ("decision", tv(&value)),
        ],
    )
}

/// `timeline.html`: the site's honours year by year, newest first: each year's decisions
/// with whom they honoured, then the awards of that year without a decision.
pub(super) fn timeline(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let site = c.site;
    let reg = &site.register;
    let mut years: std::collections::BTreeMap<i64, (Vec<Value>, Vec<Value>)> = Default::default();
    // A decision that only withdraws honours is in the register, not among the honours.
    for dec in reg.decisions.iter().filter(|d| !d.honours.is_empty()) {
        if let Some(y) = dec.year {
            let mut v = summary(site, dec, urls);
            v["honours"] = json!(dec
                .honours
                .iter()
                .map(|&h| honour(site, h, urls))
                .collect::<Vec<_>>());
            years.entry(y).or_default().0.push(v);
        }
    }
    for (i, p) in site.profiles.iter().enumerate() {
        for (k, a) in p.awards.iter().enumerate() {
            let h = Honour {
                profile: i,
                award: k,
            };
            if a.revoked.is_some()
                || (reg.of_award.contains_key(&h) && reg.decisions[reg.of_award[&h]].year.is_some())
            {
                continue;
            }
            if let Some(y) = a.year.or(p.year) {
                years.entry(y).or_default().1.push(honour(site, h, urls));
            }
        }
    }
    let years: Vec<Value> = years
        .into_iter()
        .rev()
        .map(|(year, (decisions, others))| json!({ "year": year, "decisions": decisions, "others": others }))
        .collect();
    let title = c.theme.t("timeline_title");
    (
        "timeline.html",
        vec![
            ("page", tv(&c.plain_page(urls, path, &title, "timeline"))),
            ("register_url", urls.href(paths::DECISIONS).into()),
            ("timeline", tv(&json!(years))),
        ],
    )
}

/// Profile `i`'s awards by year, newest first, each with its decision's page when the
/// register has it: the short timeline of its page.
pub(super) fn award_years(site: &Site, i: usize, urls: &Urls) -> Value {
    let p = &site.profiles[i];
    let mut years: Vec<(Option<i64>, Vec<Value>)> = Vec::new();
    let mut order: Vec<usize> = (0..p.awards.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(p.awards[k].year.or(p.year)));
    for k in order {
        let a = &p.awards[k];
        let year = a.year.or(p.year);
        let value = json!({
            "title": a.title,
            "url": a
                .stands()
                .then(|| super::profile::term_link("award", &a.title, urls).map(|t| t["url"].clone()))
                .flatten(),
            "level": a.level,
            "decision": a.decision,
            "decision_url": decision_url(site, i, k, urls),
            "withdrawn": withdrawal(site, i, k, urls),
        });
        match years.last_mut() {
            Some((y, list)) if *y == year => list.push(value),
            _ => years.push((year, vec![value])),
        }
    }
    json!(years
        .into_iter()
        .map(|(year, awards)| json!({ "year": year, "awards": awards }))
        .collect::<Vec<_>>())
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
