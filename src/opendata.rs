//! The open data at `/du-lieu/`: the profiles of each section as CSV (UTF-8 with a BOM, so
//! Excel opens it as Vietnamese, under the headers offices write, so that `vinhdanh import`
//! reads it back), the profiles and the register of decisions as JSON, and a JSON Schema of
//! each JSON file. Rebuilt with every build from the site model; candidates are not in it
//! (they are not in the model's profiles), withdrawn honours are, marked.

use serde_json::{json, Value};

use crate::config::Kind;
use std::io::{self, Write};

use crate::output::{OutFile, Streamed};
use crate::paths::{self, Urls};
use crate::site::Site;

/// The JSON of the profiles.
pub const PROFILES_JSON: &str = "ho-so.json";
/// The JSON of the register.
pub const DECISIONS_JSON: &str = "quyet-dinh.json";
/// The schema of [`PROFILES_JSON`].
pub const PROFILES_SCHEMA: &str = "ho-so.schema.json";
/// The schema of [`DECISIONS_JSON`].
pub const DECISIONS_SCHEMA: &str = "quyet-dinh.schema.json";

/// One file of the open data, as the data page lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Dataset {
    /// Its site path.
    pub path: String,
    /// `text/csv` or `application/json`.
    pub format: &'static str,
    /// What it holds, in the site's language.
    pub title: String,
    /// How many rows or records.
    pub count: usize,
}

/// The CSV file of a section: `du-lieu/cong-dan-uu-tu.csv`.
fn csv_path(section_path: &str) -> String {
    paths::data_file(&format!("{section_path}.csv"))
}

/// The files the data page describes, in its order. `title` gives a UI string.
pub fn datasets(site: &Site, title: impl Fn(&str) -> String) -> Vec<Dataset> {
    let mut out: Vec<Dataset> = site
        .sections
        .iter()
        .map(|s| Dataset {
            path: csv_path(&s.section.path),
            format: "text/csv",
            title: s.section.title.clone(),
            count: rows(site, &s.section.key).count(),
        })
        .collect();
    out.push(Dataset {
        path: paths::data_file(PROFILES_JSON),
        format: "application/json",
        title: title("data_profiles_json"),
        count: site.profiles.len(),
    });
    out.push(Dataset {
        path: paths::data_file(DECISIONS_JSON),
        format: "application/json",
        title: title("data_decisions_json"),
        count: site.register.decisions.len(),
    });
    out
}

/// The profiles of section `key`, withdrawn ones too (their honours marked), in the
/// site's order.
fn rows<'a>(site: &'a Site, key: &'a str) -> impl Iterator<Item = usize> + 'a {
    (0..site.profiles.len()).filter(move |&i| site.profiles[i].section == key)
}

/// Every file of `/du-lieu/`, each written as it is made.
pub fn files<'a>(site: &'a Site, urls: &Urls) -> Vec<Streamed<'a>> {
    let mut out: Vec<Streamed<'a>> = site
        .sections
        .iter()
        .map(|s| Streamed {
            path: csv_path(&s.section.path),
            write: Box::new(move |w| section_csv(site, &s.section.key, s.section.kind, w)),
        })
        .collect();
    let u = urls.clone();
    out.push(Streamed {
        path: paths::data_file(PROFILES_JSON),
        write: Box::new(move |w| profiles_json(site, &u, w)),
    });
    let u = urls.clone();
    out.push(Streamed {
        path: paths::data_file(DECISIONS_JSON),
        write: Box::new(move |w| decisions_json(site, &u, w)),
    });
    let json_file = |name: &str, v: &Value| {
        Streamed::ready(OutFile {
            path: paths::data_file(name),
            bytes: serde_json::to_vec_pretty(v).unwrap_or_default(),
        })
    };
    out.push(json_file(PROFILES_SCHEMA, &profiles_schema(urls)));
    out.push(json_file(DECISIONS_SCHEMA, &decisions_schema(urls)));
    out
}

/// The columns of a section's CSV: the header offices write, and the value of a profile.
type Column = (&'static str, fn(&crate::content::Profile) -> String);

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn number(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

const PERSON_COLUMNS: &[Column] = &[
    ("Họ và tên", |p| p.name.clone()),
    ("Năm vinh danh", |p| number(p.year)),
    ("Năm sinh", |p| {
        number(p.person().and_then(|x| x.birth_year))
    }),
    ("Giới tính", |p| {
        text(&p.person().and_then(|x| x.gender.clone()))
    }),
    ("Chức danh", |p| {
        text(&p.person().and_then(|x| x.title.clone()))
    }),
    ("Nơi công tác", |p| {
        text(&p.person().and_then(|x| x.organization.clone()))
    }),
    ("Thành phần", |p| {
        text(&p.person().and_then(|x| x.group.clone()))
    }),
];

const COLLECTIVE_COLUMNS: &[Column] = &[
    ("Tên tập thể", |p| p.name.clone()),
    ("Loại hình", |p| {
        text(&p.collective().and_then(|x| x.kind.clone()))
    }),
    ("Năm thành lập", |p| {
        text(&p.collective().and_then(|x| x.founded.clone()))
    }),
    ("Số thành viên", |p| {
        text(&p.collective().and_then(|x| x.members.clone()))
    }),
    ("Người đứng đầu", |p| {
        text(&p.collective().and_then(|x| x.leader.clone()))
    }),
    ("Địa chỉ", |p| {
        text(&p.collective().and_then(|x| x.address.clone()))
    }),
    ("Trang web", |p| {
        text(&p.collective().and_then(|x| x.website.clone()))
    }),
];

const SHARED_COLUMNS: &[Column] = &[
    ("Huyện, thị xã, thành phố", |p| text(&p.district)),
    ("Xã, phường, thị trấn", |p| text(&p.commune)),
    ("Lĩnh vực", |p| p.fields.join("; ")),
    ("Tóm tắt thành tích", |p| text(&p.summary)),
];

/// An award's column: its header, and the value of an award.
type AwardColumn = (&'static str, fn(&crate::content::Award) -> String);

/// The award columns: one line per award in each, so several awards share a row as offices
/// write them (a part an award lacks is an empty line, keeping the lines in step).
const AWARD_COLUMNS: &[AwardColumn] = &[
    ("Danh hiệu", |a| a.title.clone()),
    ("Năm khen thưởng", |a| number(a.year)),
    ("Cấp khen thưởng", |a| text(&a.level)),
    ("Số quyết định", |a| text(&a.decision)),
    ("Cơ quan ban hành", |a| text(&a.issuer)),
    ("Quyết định thu hồi", |a| {
        text(&a.revoked.as_ref().map(|r| r.decision.clone()))
    }),
    ("Lý do thu hồi", |a| {
        text(&a.revoked.as_ref().and_then(|r| r.reason.clone()))
    }),
];

/// A section's CSV, with a BOM.
fn section_csv(site: &Site, key: &str, kind: Kind, out: &mut dyn Write) -> io::Result<()> {
    let own = match kind {
        Kind::Person => PERSON_COLUMNS,
        Kind::Collective => COLLECTIVE_COLUMNS,
    };
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let header = own
        .iter()
        .chain(SHARED_COLUMNS)
        .map(|(h, _)| *h)
        .chain(AWARD_COLUMNS.iter().map(|(h, _)| *h))
        .chain(["Địa chỉ trang"]);
    w.write_record(header)?;
    for i in rows(site, key) {
        let p = &site.profiles[i];
        let awards = AWARD_COLUMNS.iter().map(|(_, value)| {
            let lines: Vec<String> = p.awards.iter().map(value).collect();
            if lines.iter().all(String::is_empty) {
                String::new()
            } else {
                lines.join("\n")
            }
        });
        let record = own
            .iter()
            .chain(SHARED_COLUMNS)
            .map(|(_, value)| value(p))
            .chain(awards)
            .chain([site.config.urls().permalink(&p.path)]);
        w.write_record(record.map(|v| formula_safe(&v)))?;
    }
    w.flush()
}

/// A cell text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) gets
/// a leading apostrophe: data published by a province must not run in a reader's Excel.
fn formula_safe(v: &str) -> String {
    match v.chars().next() {
        Some('=' | '+' | '@') => format!("'{v}"),
        Some('-') if v.len() > 1 && !v[1..].starts_with(|c: char| c.is_ascii_digit()) => {
            format!("'{v}")
        }
        _ => v.to_string(),
    }
}

/// A profile of `ho-so.json`. Its fields in the order of their names, as the file has them.
#[derive(serde::Serialize)]
struct ProfileRecord<'a> {
    address: Option<&'a str>,
    awards: Vec<AwardRecord<'a>>,
    birth_year: Option<i64>,
    commune: Option<&'a str>,
    district: Option<&'a str>,
    fields: &'a [String],
    founded: Option<&'a str>,
    gender: Option<&'a str>,
    group: Option<&'a str>,
    kind: Kind,
    leader: Option<&'a str>,
    members: Option<&'a str>,
    name: &'a str,
    organization: Option<&'a str>,
    section: &'a str,
    summary: Option<&'a str>,
    title: Option<&'a str>,
    unit_kind: Option<&'a str>,
    url: String,
    website: Option<&'a str>,
    withdrawn: bool,
    year: Option<i64>,
}

/// An honour of a profile in `ho-so.json`.
#[derive(serde::Serialize)]
struct AwardRecord<'a> {
    decision: Option<&'a str>,
    decision_url: Option<String>,
    issuer: Option<&'a str>,
    level: Option<&'a str>,
    revoked: Option<RevokedRecord<'a>>,
    title: &'a str,
    year: Option<i64>,
}

#[derive(serde::Serialize)]
struct RevokedRecord<'a> {
    decision: &'a str,
    decision_url: Option<String>,
    reason: Option<&'a str>,
}

/// A decision of `quyet-dinh.json`.
#[derive(serde::Serialize)]
struct DecisionRecord<'a> {
    date: Option<String>,
    honours: Vec<HonourRecord<'a>>,
    issuer: Option<&'a str>,
    number: &'a str,
    url: String,
    withdraws: Vec<HonourRecord<'a>>,
    year: Option<i64>,
}

/// An honour a decision gives or withdraws.
#[derive(serde::Serialize)]
struct HonourRecord<'a> {
    award: &'a str,
    decision: Option<&'a str>,
    name: &'a str,
    url: String,
    withdrawn: bool,
    year: Option<i64>,
}

/// `ho-so.json`.
fn profiles_json(site: &Site, urls: &Urls, out: &mut dyn Write) -> io::Result<()> {
    let profiles = site.profiles.iter().enumerate().map(|(i, p)| {
        let person = p.person();
        let unit = p.collective();
        let dec = |k: usize, map: &std::collections::HashMap<crate::register::Honour, usize>| {
            map.get(&crate::register::Honour {
                profile: i,
                award: k,
            })
            .map(|&n| urls.permalink(&site.register.decisions[n].path()))
        };
        let awards = (p.awards.iter().enumerate())
            .map(|(k, a)| AwardRecord {
                decision: a.decision.as_deref(),
                decision_url: dec(k, &site.register.of_award),
                issuer: a.issuer.as_deref(),
                level: a.level.as_deref(),
                revoked: a.revoked.as_ref().map(|r| RevokedRecord {
                    decision: &r.decision,
                    decision_url: dec(k, &site.register.revoked_by),
                    reason: r.reason.as_deref(),
                }),
                title: &a.title,
                year: a.year,
            })
            .collect();
        ProfileRecord {
            address: unit.and_then(|x| x.address.as_deref()),
            awards,
            birth_year: person.and_then(|x| x.birth_year),
            commune: p.commune.as_deref(),
            district: p.district.as_deref(),
            fields: &p.fields,
            founded: unit.and_then(|x| x.founded.as_deref()),
            gender: person.and_then(|x| x.gender.as_deref()),
            group: person.and_then(|x| x.group.as_deref()),
            kind: p.kind(),
            leader: unit.and_then(|x| x.leader.as_deref()),
            members: unit.and_then(|x| x.members.as_deref()),
            name: &p.name,
            organization: person.and_then(|x| x.organization.as_deref()),
            section: &p.section,
            summary: p.summary.as_deref(),
            title: person.and_then(|x| x.title.as_deref()),
            unit_kind: unit.and_then(|x| x.kind.as_deref()),
            url: urls.permalink(&p.path),
            website: unit.and_then(|x| x.website.as_deref()),
            withdrawn: p.withdrawn(),
            year: p.year,
        }
    });
    records(site, urls, PROFILES_SCHEMA, "profiles", profiles, out)
}

/// A data file: the envelope (schema, site, licence, date) and the records under `key`, one
/// a line. Each record is written as it is made, straight from the site's values: 100,000
/// profiles as one JSON tree took hundreds of megabytes, and as one file in memory a
/// hundred.
fn records<T: serde::Serialize>(
    site: &Site,
    urls: &Urls,
    schema: &str,
    key: &str,
    items: impl Iterator<Item = T>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let head = json!({
        "$schema": urls.permalink(&paths::data_file(schema)),
        "site": site.config.title,
        "licence": { "name": site.config.data_licence.name, "url": site.config.data_licence.url },
        "date": site.today.iso(),
    });
    let mut head = serde_json::to_vec(&head)?;
    head.pop(); // the closing brace: the records follow
    out.write_all(&head)?;
    write!(out, ",{}:[", json!(key))?;
    for (n, item) in items.enumerate() {
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &item)?;
    }
    out.write_all(b"\n]}\n")
}

/// `quyet-dinh.json`.
fn decisions_json(site: &Site, urls: &Urls, out: &mut dyn Write) -> io::Result<()> {
    let honour = |h: &crate::register::Honour| {
        let p = &site.profiles[h.profile];
        let a = &p.awards[h.award];
        HonourRecord {
            award: &a.title,
            decision: a.decision.as_deref(),
            name: &p.name,
            url: urls.permalink(&p.path),
            withdrawn: a.revoked.is_some(),
            year: a.year.or(p.year),
        }
    };
    let decisions = site.register.decisions.iter().map(|d| DecisionRecord {
        date: d.date.map(|x| x.iso()),
        honours: d.honours.iter().map(honour).collect(),
        issuer: d.issuer.as_deref(),
        number: &d.number,
        url: urls.permalink(&d.path()),
        withdraws: d.withdraws.iter().map(honour).collect(),
        year: d.year,
    });
    records(site, urls, DECISIONS_SCHEMA, "decisions", decisions, out)
}

fn nullable(kind: &str) -> Value {
    json!({ "type": [kind, "null"] })
}

/// The part both schemas share: where the data comes from and under what licence.
fn envelope(urls: &Urls, name: &str, title: &str, key: &str, item: Value) -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": urls.permalink(&paths::data_file(name)),
        "title": title,
        "type": "object",
        "required": ["site", "licence", "date", key],
        "properties": {
            "$schema": { "type": "string" },
            "site": { "type": "string" },
            "licence": {
                "type": "object",
                "required": ["name", "url"],
                "properties": { "name": { "type": "string" }, "url": { "type": "string" } },
            },
            "date": { "type": "string", "format": "date" },
            key: { "type": "array", "items": item },
        },
        "additionalProperties": false,
    })
}

fn profiles_schema(urls: &Urls) -> Value {
    let award = json!({
        "type": "object",
        "required": ["title", "year", "level", "decision", "decision_url", "issuer", "revoked"],
        "properties": {
            "title": { "type": "string", "minLength": 1 },
            "year": nullable("integer"),
            "level": nullable("string"),
            "decision": nullable("string"),
            "decision_url": nullable("string"),
            "issuer": nullable("string"),
            "revoked": {
                "description": "The decision that cancelled and withdrew the honour, when it was withdrawn.",
                "oneOf": [
                    { "type": "null" },
                    {
                        "type": "object",
                        "required": ["decision", "decision_url", "reason"],
                        "properties": {
                            "decision": { "type": "string" },
                            "decision_url": nullable("string"),
                            "reason": nullable("string"),
                        },
                        "additionalProperties": false,
                    },
                ],
            },
        },
        "additionalProperties": false,
    });
    let mut props = serde_json::Map::new();
    for key in ["name", "section", "url"] {
        props.insert(key.into(), json!({ "type": "string", "minLength": 1 }));
    }
    props.insert("kind".into(), json!({ "enum": ["person", "collective"] }));
    for key in ["year", "birth_year"] {
        props.insert(key.into(), nullable("integer"));
    }
    for key in [
        "gender",
        "group",
        "title",
        "organization",
        "unit_kind",
        "founded",
        "members",
        "leader",
        "address",
        "website",
        "district",
        "commune",
        "summary",
    ] {
        props.insert(key.into(), nullable("string"));
    }
    props.insert(
        "fields".into(),
        json!({ "type": "array", "items": { "type": "string" } }),
    );
    props.insert(
        "withdrawn".into(),
        json!({ "type": "boolean", "description": "Every honour of the profile is withdrawn." }),
    );
    props.insert("awards".into(), json!({ "type": "array", "items": award }));
    let required: Vec<String> = props.keys().cloned().collect();
    let profile = json!({
        "type": "object",
        "required": required,
        "properties": props,
        "additionalProperties": false,
    });
    envelope(
        urls,
        PROFILES_SCHEMA,
        "Honoured people and collectives",
        "profiles",
        profile,
    )
}

fn decisions_schema(urls: &Urls) -> Value {
    let honour = json!({
        "type": "object",
        "required": ["name", "url", "award", "year", "decision", "withdrawn"],
        "properties": {
            "name": { "type": "string" },
            "url": { "type": "string" },
            "award": { "type": "string" },
            "year": nullable("integer"),
            "decision": nullable("string"),
            "withdrawn": { "type": "boolean" },
        },
        "additionalProperties": false,
    });
    let decision = json!({
        "type": "object",
        "required": ["number", "date", "year", "issuer", "url", "honours", "withdraws"],
        "properties": {
            "number": { "type": "string", "minLength": 1 },
            "date": { "type": ["string", "null"], "format": "date" },
            "year": nullable("integer"),
            "issuer": nullable("string"),
            "url": { "type": "string" },
            "honours": { "type": "array", "items": honour },
            "withdraws": { "type": "array", "items": honour },
        },
        "additionalProperties": false,
    });
    envelope(
        urls,
        DECISIONS_SCHEMA,
        "Register of decisions",
        "decisions",
        decision,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_do_not_run_in_a_spreadsheet() {
        assert_eq!(formula_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(formula_safe("+84 912"), "'+84 912");
        assert_eq!(formula_safe("-2"), "-2");
        assert_eq!(formula_safe("Nguyễn Văn Đức"), "Nguyễn Văn Đức");
    }
}
