//! The consultation rounds' pages (`docs/themes.md` lists their values): the list, open
//! rounds first, and each round's notice with its candidates, where to write and until when.

use tera::value::Key;

use super::context::tv;
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
fn summary(site: &Site, r: &RoundIndex, urls: &Urls) -> tera::Map {
    let (state, days) = status(site, r);
    tv!(map {
        "title": r.round.title.as_str(),
        "url": urls.href(&r.round.path),
        "award": r.round.award.0.as_str(),
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
    let list: Vec<tera::Map> = site.rounds.iter().map(|r| summary(site, r, urls)).collect();
    let title = c.theme.t("consultations_title");
    (
        "consultations.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "consultations")),
            ("rounds", list.into()),
        ],
    )
}

/// `consultation.html`: one round's notice.
pub(super) fn round(c: &Ctx, urls: &Urls, path: &str, n: usize) -> (&'static str, Extra) {
    let site = c.site;
    let r = &site.rounds[n];
    let mut value = summary(site, r, urls);
    value.insert(Key::Str("html"), r.html.as_str().into());
    value.insert(
        Key::Str("contact"),
        tera::Value::from_serializable(&r.round.contact),
    );
    value.insert(
        Key::Str("candidates"),
        tera::Value::from_serializable(&r.candidates),
    );
    (
        "consultation.html",
        vec![
            (
                "page",
                c.plain_page(urls, path, &r.round.title, "consultation"),
            ),
            ("consultations_url", urls.href(paths::CONSULTATIONS).into()),
            ("round", value.into()),
        ],
    )
}
