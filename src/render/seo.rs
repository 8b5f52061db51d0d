//! schema.org JSON-LD for profile pages, safe to embed in a `<script>` element.

use serde_json::{json, Map, Value};

use crate::config::Kind;
use crate::content::{Collective, Own, Person};
use crate::paths::Urls;
use crate::site::Site;

/// The JSON-LD of profile `i`: a `Person` or an `Organization`, with its awards.
pub fn profile_jsonld(site: &Site, i: usize, urls: &Urls) -> String {
    let p = &site.profiles[i];
    let mut o = Map::new();
    o.insert("@context".into(), json!("https://schema.org"));
    o.insert(
        "@type".into(),
        json!(if p.kind() == Kind::Person {
            "Person"
        } else {
            "Organization"
        }),
    );
    o.insert("name".into(), json!(p.name));
    o.insert("url".into(), json!(urls.permalink(&p.path)));
    if let Some(s) = &p.summary {
        o.insert("description".into(), json!(s));
    }
    if let Some(photo) = &site.photos[i] {
        o.insert("image".into(), json!(urls.permalink(&photo.share.src)));
    }
    // A withdrawn honour is no longer the profile's.
    let awards: Vec<String> = p
        .standing()
        .map(|a| match (&a.year, &a.decision) {
            (Some(y), Some(dec)) => format!("{} ({y}, {dec})", a.title),
            (Some(y), None) => format!("{} ({y})", a.title),
            (None, Some(dec)) => format!("{} ({dec})", a.title),
            (None, None) => a.title.clone(),
        })
        .collect();
    if !awards.is_empty() {
        o.insert("award".into(), json!(awards));
    }
    let mut address = Map::new();
    if let Some(c) = &p.commune {
        address.insert("addressLocality".into(), json!(c));
    }
    if let Some(dist) = &p.district {
        address.insert("addressRegion".into(), json!(dist));
    }
    if let Some(a) = p.collective().and_then(|c| c.address.as_ref()) {
        address.insert("streetAddress".into(), json!(a));
    }
    if !address.is_empty() {
        address.insert("@type".into(), json!("PostalAddress"));
        address.insert("addressCountry".into(), json!("VN"));
        let key = if p.kind() == Kind::Person {
            "homeLocation"
        } else {
            "address"
        };
        let value = if p.kind() == Kind::Person {
            json!({"@type": "Place", "address": Value::Object(address)})
        } else {
            Value::Object(address)
        };
        o.insert(key.into(), value);
    }
    match &p.own {
        Own::Person(person) => person_jsonld(&mut o, person),
        Own::Collective(unit) => collective_jsonld(&mut o, unit),
    }
    if !p.links.is_empty() {
        o.insert(
            "subjectOf".into(),
            p.links
                .iter()
                .map(|l| json!({"@type": "NewsArticle", "headline": l.title, "url": l.url}))
                .collect(),
        );
    }
    script_safe(&Value::Object(o).to_string())
}

/// JSON that cannot close its `<script>` element or open a comment: `<`, `>` and `&` are
/// written as `\u` escapes, which JSON parsers read back as the same characters.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// What schema.org says of a person's own fields.
fn person_jsonld(o: &mut Map<String, Value>, p: &Person) {
    if let Some(t) = &p.title {
        o.insert("jobTitle".into(), json!(t));
    }
    if let Some(org) = &p.organization {
        o.insert(
            "worksFor".into(),
            json!({"@type": "Organization", "name": org}),
        );
    }
    if let Some(y) = p.birth_year {
        o.insert("birthDate".into(), json!(y.to_string()));
    }
    match p.gender.as_deref() {
        Some("nam") => {
            o.insert("gender".into(), json!("Male"));
        }
        Some("nữ") => {
            o.insert("gender".into(), json!("Female"));
        }
        _ => {}
    }
}

/// What schema.org says of a collective's own fields.
fn collective_jsonld(o: &mut Map<String, Value>, p: &Collective) {
    if let Some(f) = &p.founded {
        o.insert("foundingDate".into(), json!(f));
    }
    if let Some(l) = &p.leader {
        o.insert("founder".into(), json!({"@type": "Person", "name": l}));
    }
    if let Some(w) = &p.website {
        o.insert("sameAs".into(), json!(w));
    }
    if let Some(m) = p.members.as_deref().and_then(|m| m.parse::<u64>().ok()) {
        o.insert(
            "numberOfEmployees".into(),
            json!({"@type": "QuantitativeValue", "value": m}),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_close_cannot_escape() {
        let s = script_safe(&json!({"name": "</script><script>alert(1)</script>"}).to_string());
        assert!(!s.contains("</script"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script>");
    }
}
