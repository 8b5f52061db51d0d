//! Consultation rounds ("lấy ý kiến nhân dân"): before an honour is decided, its candidates
//! are announced for written comments until a closing date. A round is a file in
//! `content/lay-y-kien/`; its candidates are the profiles with a proposed award of its
//! title and year (matched in `crate::consult`).

use std::path::{Path, PathBuf};

use super::decision::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::yaml::Fields;

/// Where to send a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Contact {
    /// The body that receives comments ("Ban Thi đua – Khen thưởng tỉnh").
    pub agency: Option<String>,
    /// Its postal address.
    pub address: Option<String>,
    /// Its e-mail address.
    pub email: Option<String>,
    /// Its telephone.
    pub phone: Option<String>,
}

/// One consultation round.
#[derive(Debug, Clone)]
pub struct Round {
    /// Its file, relative to the site root.
    pub source: PathBuf,
    /// Where its fields start.
    pub pos: Pos,
    /// The page's path (`lay-y-kien/cong-dan-uu-tu-2026/`).
    pub path: String,
    /// "Lấy ý kiến nhân dân về danh sách đề nghị Công dân ưu tú năm 2026".
    pub title: String,
    /// The honour its candidates are proposed for, and where that is written.
    pub award: (String, Pos),
    /// The year they are proposed for.
    pub year: i64,
    /// The first day comments are taken.
    pub opens: Date,
    /// The last day comments are taken.
    pub closes: Date,
    /// Where to send comments.
    pub contact: Contact,
    /// The announcement, in Markdown. Emptied by `site::build`, which keeps it as HTML.
    pub body: String,
    /// Left out unless drafts are built.
    pub draft: bool,
}

/// Reads a round's fields; `None` when one it cannot do without is missing or wrong.
pub fn read(
    mut f: Fields<'_>,
    source: &Path,
    path: String,
    body: Option<&str>,
    d: &mut Diagnostics,
) -> Option<Round> {
    let pos = f.pos();
    let example = "e.g.\n  title: Lấy ý kiến nhân dân về Công dân ưu tú năm 2026\n  award: Công dân ưu tú\n  year: 2026\n  opens: 2026-11-20\n  closes: 2026-12-04\n  contact: { agency: Ban Thi đua – Khen thưởng tỉnh, address: …, email: …, phone: … }";
    let required = |f: &mut Fields<'_>, key: &'static str, d: &mut Diagnostics| {
        let v = f.text(key, d);
        if v.is_none() {
            d.push(
                Diagnostic::new(
                    source,
                    pos,
                    format!("this consultation round has no `{key}`"),
                )
                .hint(example),
            );
        }
        v
    };
    let title = required(&mut f, "title", d);
    let award_pos = f.node("award").map_or(pos, |n| n.pos);
    let award = required(&mut f, "award", d);
    let year = f.int("year", d);
    if year.is_none() && f.node("year").is_none() {
        d.push(
            Diagnostic::new(source, pos, "this consultation round has no `year`")
                .hint("the year its candidates are proposed for, e.g. `year: 2026`"),
        );
    }
    let date = |f: &mut Fields<'_>, key: &'static str, d: &mut Diagnostics| {
        let at = f.node(key).map_or(pos, |n| n.pos);
        let text = required(f, key, d)?;
        let date = Date::read(&text);
        if date.is_none() {
            d.push(
                Diagnostic::new(source, at, format!("`{key}` `{text}` is not a date"))
                    .hint("write the day as year-month-day (`2026-12-04`) or day/month/year (`4/12/2026`)"),
            );
        }
        date.map(|dt| (dt, at))
    };
    let opens = date(&mut f, "opens", d);
    let closes = date(&mut f, "closes", d);
    if let (Some((o, _)), Some((c, at))) = (opens, closes) {
        if c < o {
            d.push(
                Diagnostic::new(source, at, format!(
                    "this round closes on {} but opens on {}: it would take no comments",
                    c.dmy(), o.dmy()
                ))
                .hint("check both dates (the round takes comments from `opens` to `closes`, both days included)"),
            );
        }
    }
    let contact = match f.node("contact") {
        Some(n) => {
            let mut c = Fields::of(n, source, "`contact`", d);
            let contact = Contact {
                agency: c.text("agency", d),
                address: c.text("address", d),
                email: c.text("email", d),
                phone: c.text("phone", d),
            };
            c.finish(d, &[]);
            contact
        }
        None => Contact::default(),
    };
    if contact.address.is_none() && contact.email.is_none() {
        let at = f.node("contact").map_or(pos, |n| n.pos);
        d.push(
            Diagnostic::new(source, at, "this round says nowhere to send a comment")
                .hint("give `contact` an `address` or an `email` (and the `agency` and `phone`): people must know where to write"),
        );
    }
    let text = match body {
        Some(b) => b.to_string(),
        None => f.text("body", d).unwrap_or_default(),
    };
    let draft = f.bool("draft", d).unwrap_or(false);
    f.finish(
        d,
        &[(
            "name",
            "a round has a `title`; its candidates are profiles with `status: proposed`",
        )],
    );
    let ((opens, _), (closes, _)) = (opens?, closes?);
    Some(Round {
        source: source.to_path_buf(),
        pos,
        path,
        title: title?,
        award: (award?, award_pos),
        year: year?,
        opens,
        closes,
        contact,
        body: text,
        draft,
    })
}
