//! What a profile is: a person or a collective, with what both have and what only each has.

use std::path::PathBuf;

use crate::config::Kind;
use crate::diagnostics::Pos;

/// A file the profile refers to (a photo), resolved and checked to be inside the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Asset {
    /// The file on disk.
    pub abs: PathBuf,
    /// The path relative to the site root, for messages.
    pub rel: PathBuf,
    /// Where the path was written in the profile.
    pub pos: Pos,
}

/// Where a square crop keeps the important part of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Award {
    /// "Công dân Bắc Giang ưu tú".
    pub title: String,
    /// The year it was given.
    pub year: Option<i64>,
    /// "Quyết định số 1234/QĐ-UBND ngày 15/8/2023".
    pub decision: Option<String>,
    /// "Tỉnh", "Trung ương", …
    pub level: Option<String>,
    /// Who issued the decision, when its number's sign does not say.
    pub issuer: Option<String>,
    /// The decision itself, a PDF or a scan next to the profile.
    #[serde(skip)]
    pub decision_file: Option<Asset>,
    /// Proposed, not decided yet (`status: proposed`): the profile is a candidate of a
    /// consultation round for it, and not honoured by it anywhere else.
    pub proposed: bool,
    /// Withdrawn by a later decision.
    pub revoked: Option<Revocation>,
    /// Where the award is written.
    #[serde(skip)]
    pub pos: Pos,
}

/// The withdrawal of an honour (Luật Thi đua, khen thưởng 2022, Điều 93).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Revocation {
    /// The revoking decision, in the usual reference form.
    pub decision: String,
    /// Why it was withdrawn.
    pub reason: Option<String>,
    /// Where `revoked` is written.
    #[serde(skip)]
    pub pos: Pos,
}

impl Award {
    /// Decided and not withdrawn: what counts as an honour.
    pub fn stands(&self) -> bool {
        !self.proposed && self.revoked.is_none()
    }
}

/// A press article about the profile.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GalleryItem {
    /// The image file.
    pub src: Asset,
    /// The caption, also its alt text.
    pub caption: Option<String>,
}

/// One honoured person or collective.
#[derive(Debug, Clone, Hash)]
pub struct Profile {
    /// The section key (`citizens`).
    pub section: String,
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
    /// District (taxonomy).
    pub district: Option<String>,
    /// Commune.
    pub commune: Option<String>,
    /// Fields of work (taxonomy).
    pub fields: Vec<String>,
    /// Honours decided (standing or withdrawn), in file order.
    pub awards: Vec<Award>,
    /// Honours proposed for a consultation round, not decided yet.
    pub proposed: Vec<Award>,
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
    /// The name as it is alphabetised, when the usual order (a person's given name first)
    /// is wrong for it: compound given names.
    pub sort_name: Option<String>,
    /// The sheet of a spreadsheet the profile is a row of (none for a CSV file or a text file).
    pub sheet: Option<String>,
    /// Left out unless drafts are built.
    pub draft: bool,
    /// The story, in Markdown. Emptied when it joins the others ([`crate::bodies::Bodies`]):
    /// by `site::build`, or by a build's loading, which puts it aside at once.
    pub body: String,
    /// Where a build put its story aside (see [`crate::bodies::Aside`]), `body` then being
    /// empty.
    pub story: Option<crate::bodies::Span>,
    /// The page's path relative to the site root (`cong-dan-uu-tu/2023/nguyen-van-duc/`).
    pub path: String,
    /// What only a person or only a collective has.
    pub own: Own,
}

/// The fields of one kind of profile (its section decides which).
#[derive(Debug, Clone, Hash)]
pub enum Own {
    /// An outstanding citizen.
    Person(Person),
    /// An exemplary collective.
    Collective(Collective),
}

/// What only a person has.
#[derive(Debug, Clone, Default, Hash)]
pub struct Person {
    /// Their role ("Chủ trang trại vải thiều").
    pub title: Option<String>,
    /// Workplace.
    pub organization: Option<String>,
    /// Year of birth.
    pub birth_year: Option<i64>,
    /// `nam` or `nữ`.
    pub gender: Option<String>,
    /// Occupation group, one of [`super::groups::GROUPS`].
    pub group: Option<String>,
}

/// What only a collective has.
#[derive(Debug, Clone, Default, Hash)]
pub struct Collective {
    /// What kind of unit ("Hợp tác xã"): `kind` in content.
    pub kind: Option<String>,
    /// Founding year or date.
    pub founded: Option<String>,
    /// Number of members.
    pub members: Option<String>,
    /// The head.
    pub leader: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// More photos.
    pub gallery: Vec<GalleryItem>,
}

impl Profile {
    /// Person or collective.
    pub fn kind(&self) -> Kind {
        match self.own {
            Own::Person(_) => Kind::Person,
            Own::Collective(_) => Kind::Collective,
        }
    }

    /// A person's own fields, when this is a person.
    pub fn person(&self) -> Option<&Person> {
        match &self.own {
            Own::Person(p) => Some(p),
            Own::Collective(_) => None,
        }
    }

    /// A collective's own fields, when this is a collective.
    pub fn collective(&self) -> Option<&Collective> {
        match &self.own {
            Own::Collective(c) => Some(c),
            Own::Person(_) => None,
        }
    }

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
        match &self.own {
            Own::Person(p) => p.title.as_deref(),
            Own::Collective(c) => c.kind.as_deref(),
        }
    }

    /// A collective's kind of unit.
    pub fn unit_kind(&self) -> Option<&str> {
        self.collective().and_then(|c| c.kind.as_deref())
    }

    /// The key it is alphabetised by, in the Vietnamese collation: a person by given name
    /// first (or `sort_name`), a collective by its whole name.
    pub fn sort_key(&self) -> Vec<u8> {
        match self.kind() {
            Kind::Person => crate::collate::person_key(&self.name, self.sort_name.as_deref()),
            Kind::Collective => {
                crate::collate::key(self.sort_name.as_deref().unwrap_or(&self.name))
            }
        }
    }

    /// The honours that stand: decided and not withdrawn.
    pub fn standing(&self) -> impl Iterator<Item = &Award> {
        self.awards.iter().filter(|a| a.stands())
    }

    /// Every honour it had is withdrawn: its page stays (a newspaper may link to it), with
    /// the notice, and it leaves every list.
    pub fn withdrawn(&self) -> bool {
        !self.awards.is_empty() && self.awards.iter().all(|a| a.revoked.is_some())
    }

    /// Only proposed for honours: shown on its consultation round's page and nowhere else.
    pub fn candidate(&self) -> bool {
        self.awards.is_empty() && !self.proposed.is_empty()
    }

    /// The photos of a collective's gallery (none for a person).
    pub fn gallery(&self) -> &[GalleryItem] {
        self.collective().map_or(&[], |c| &c.gallery)
    }
}
