//! The consultation rounds' pages (`docs/themes.md` lists their values): the list, open
//! rounds first, and each round's notice with its candidates, where to write and until when.

use serde_json::{json, Value};

use super::context::from_json;
use super::ctx::{Ctx, Extra};
use crate::consult::RoundIndex;
use crate::paths::{self, Urls};
use crate::site::Site;

/// Where a round stands on the day of the build.
fn status(site: &Site, r: &RoundIndex) -> (&'static str, Option<i64>) {
    let today = site.today;
    if today < r.round.opens {
        ("upcoming", Some(today.days_until(r.round.opens)))
    } else if r.open_on(today) {
        // The closing day counts: on it, one day is left.
        ("open", Some(today.days_until(r.round.closes) + 1))
    } else {
        ("closed", None)
    }
}

/// A round as lists show it.
fn summary(site: &Site, r: &RoundIndex, urls: &Urls) -> Value {
    let (state, days) = status(site, r);
    json!({
        "title": r.round.title,
        "url": urls.href(&r.round.path),
        "award": r.round.award.0,
        "year": r.round.year,
        "opens": r.round.opens.iso(),
        "opens_text": r.round.opens.ddmmyyyy(),
        "closes": r.round.closes.iso(),
        "closes_text": r.round.closes.ddmmyyyy(),
        "status": state,
        "days": days,
        "count": r.candidates.len(),
    })
}

/// `consultations.html`: every round, open ones first.
pub(super) fn rounds(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let site = c.site;
    let list: Vec<Value> = site.rounds.iter().map(|r| summary(site, r, urls)).collect();
    let title = c.theme.t("consultations_title");
    (
        "consultations.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "consultations")),
            ("rounds", from_json(&json!(list))),
        ],
    )
}

/// `consultation.html`: one round's notice.
pub(super) fn round(c: &Ctx, urls: &Urls, path: &str, n: usize) -> (&'static str, Extra) {
    let site = c.site;
    let r = &site.rounds[n];
    let mut value = summary(site, r, urls);
    value["html"] = json!(r.html);
    value["contact"] = json!(r.round.contact);
    value["candidates"] = json!(r.candidates);
    (
        "consultation.html",
        vec![
            (
                "page",
                c.plain_page(urls, path, &r.round.title, "consultation"),
            ),
            ("consultations_url", urls.href(paths::CONSULTATIONS).into()),
            ("round", from_json(&value)),
        ],
    )
}
