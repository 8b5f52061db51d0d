//! What every page's context is built from ([`Ctx`]), and what pages share and make once:
//! cards, QR codes (drawn only into rendered pages) and where each certificate is.

use super::context::{page_map, section_value};
use super::profile::card;
use crate::paths::{self, Urls};
use crate::reuse::Fingerprint;
use crate::site::Site;
use crate::stats::Stats;
use crate::theme::Theme;

/// What every page's context is built from.
pub(super) struct Ctx<'a> {
    pub(super) site: &'a Site,
    pub(super) theme: &'a Theme,
    /// What pages share and is made once, when first needed.
    pub(super) memo: &'a Memo,
    pub(super) stats: Option<&'a Stats>,
    /// Whether the theme has the optional embed card.
    pub(super) embeds: bool,
}

/// Per profile, what several pages show, made when a page first needs it and then kept:
/// its card as a template value (lists of cards are most of what list pages and "related"
/// boxes hold; converted per page, they were a tenth of the build), and its QR code (a
/// profile's page and its certificate both show it).
pub(super) struct Memo {
    cards: Vec<std::sync::OnceLock<tera::Value>>,
    qr: Vec<std::sync::OnceLock<Option<crate::qr::Code>>>,
    /// Each profile's index by its path, for the marks of [`Ctx::qr`].
    by_path: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
    /// Where each profile's certificate is, in its list's file (`jobs::certificates`).
    certificates: std::sync::OnceLock<Vec<Option<super::jobs::CertificateAt>>>,
    /// A hash of each profile as read with its photos: what list pages fingerprinted by
    /// their inputs take of each profile they show.
    digests: Vec<std::sync::OnceLock<u64>>,
}

impl Memo {
    /// Nothing made yet, for the profiles of `site`.
    pub(super) fn new(site: &Site) -> Memo {
        Memo::with_len(site.profiles.len())
    }

    /// How many profiles it is for.
    pub(super) fn len(&self) -> usize {
        self.cards.len()
    }

    pub(super) fn with_len(n: usize) -> Memo {
        Memo {
            cards: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
            qr: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
            by_path: std::sync::OnceLock::new(),
            certificates: std::sync::OnceLock::new(),
            digests: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
        }
    }
}

impl Ctx<'_> {
    fn card(&self, i: usize, urls: &Urls) -> tera::Value {
        // A portable site's links differ from page to page: its cards are made per page.
        match self.shared_card(i, urls) {
            Some(c) => c.clone(),
            None => card(self.site, i, urls),
        }
    }

    /// Adds profile `i` as read, with its photos, to `fp` (each profile hashed once).
    pub(super) fn profile_digest(&self, i: usize, fp: &mut Fingerprint) {
        use std::hash::Hash;
        let digest = || {
            let mut own = Fingerprint::default();
            self.site.profiles[i].hash(&mut own);
            self.site.photos[i].hash(&mut own);
            own.finish()
        };
        let d = match self.memo.digests.get(i) {
            Some(cell) => *cell.get_or_init(digest),
            None => digest(),
        };
        fp.number(d);
    }

    /// Profile `i`'s card made once for every page, on a site whose links are the same
    /// from every page (not a portable one).
    pub(super) fn shared_card(&self, i: usize, urls: &Urls) -> Option<&tera::Value> {
        let cell = self.memo.cards.get(i)?;
        (!self.site.config.portable).then(|| cell.get_or_init(|| card(self.site, i, urls)))
    }

    /// The cards of `list`, as one template value.
    pub(super) fn cards(&self, list: &[usize], urls: &Urls) -> tera::Value {
        tera::Value::from(list.iter().map(|&i| self.card(i, urls)).collect::<Vec<_>>())
    }

    /// Profile `i`'s QR code: none at all when the site's base URL has no origin, since a
    /// code must lead to the page from a phone that has never seen the site.
    pub(super) fn qr(&self, i: usize) -> Option<String> {
        if self.site.config.origin().is_empty() {
            return None;
        }
        // A mark, not the drawing: the context of every page is made to compare it with the
        // last build's, and drawing every code for that was a third of a one-change
        // rebuild. The mark names what the code encodes, so the comparison stays true;
        // `draw_codes` puts the drawing in its place in the pages that are rendered.
        Some(format!("{QR_MARK}{}\u{1}", self.site.profiles[i].path))
    }

    /// `html` with each QR code mark of [`Ctx::qr`] replaced by the code's `<svg>` (by
    /// nothing when the address is too long for a QR code).
    pub(super) fn draw_codes(&self, html: Vec<u8>) -> Vec<u8> {
        let mark = QR_MARK.as_bytes();
        let find = |hay: &[u8]| hay.windows(mark.len()).position(|w| w == mark);
        let Some(mut at) = find(&html) else {
            return html;
        };
        let index = self.memo.by_path.get_or_init(|| {
            (self.site.profiles.iter().enumerate())
                .map(|(i, p)| (p.path.clone(), i))
                .collect()
        });
        let urls = self.site.config.urls();
        let mut out = Vec::with_capacity(html.len() + 8 * 1024);
        let mut rest = &html[..];
        loop {
            out.extend_from_slice(&rest[..at]);
            let after = &rest[at + mark.len()..];
            let Some(end) = after.iter().position(|&b| b == 1) else {
                out.extend_from_slice(&rest[at..]);
                return out;
            };
            let code = std::str::from_utf8(&after[..end])
                .ok()
                .and_then(|path| index.get(path))
                .and_then(|&i| {
                    self.memo.qr[i]
                        .get_or_init(|| {
                            crate::qr::Code::new(&urls.permalink(&self.site.profiles[i].path))
                        })
                        .as_ref()
                });
            if let Some(code) = code {
                out.extend_from_slice(code.svg().as_bytes());
            }
            rest = &after[end + 1..];
            match find(rest) {
                Some(next) => at = next,
                None => {
                    out.extend_from_slice(rest);
                    return out;
                }
            }
        }
    }

    /// Profile `i`'s certificate: a site path with the sheet's anchor.
    pub(super) fn certificate(&self, i: usize) -> Option<String> {
        let all = (self.memo.certificates).get_or_init(|| super::jobs::certificates(self.site));
        let (s, year, part) = (*all.get(i)?)?;
        let list = super::jobs::list_path(self.site, s, year);
        Some(paths::certificate(&list, part, &self.site.profiles[i].slug))
    }

    /// A `page` value without a share image or description of its own.
    pub(super) fn plain_page(
        &self,
        urls: &Urls,
        path: &str,
        title: &str,
        kind: &str,
    ) -> tera::Value {
        page_map(urls, path, title, None, kind, None, self.site).into()
    }

    /// The section a profile belongs to, as templates see it.
    pub(super) fn section_of(&self, i: usize, urls: &Urls) -> tera::Value {
        let key = &self.site.profiles[i].section;
        let sec = self.site.sections.iter().find(|s| &s.section.key == key);
        sec.map_or_else(tera::Value::none, |s| section_value(s, urls))
    }
}

/// Starts the mark of a QR code in a page (see [`Ctx::qr`]). Text with the same control
/// character and a profile's path would only draw that profile's code.
const QR_MARK: &str = "\u{1}qr:";

/// What a page adds to the shared context: named values.
pub(super) type Extra = Vec<(&'static str, tera::Value)>;
