//! The open data's page (`docs/themes.md` lists its values): what each file holds, its
//! licence and date, and the schema.org `Dataset` that lets data portals find it.

use serde_json::json;

use super::context::tv;
use super::ctx::{Ctx, Extra};
use super::seo::script_safe;
use crate::opendata::{self, DECISIONS_SCHEMA, PROFILES_SCHEMA};
use crate::paths::{self, Urls};

/// `data.html`.
pub(super) fn data(c: &Ctx, urls: &Urls, path: &str) -> (&'static str, Extra) {
    let site = c.site;
    let datasets = opendata::datasets(site, |k| c.theme.t(k));
    let licence = &site.config.data_licence;
    let files: Vec<tera::Value> = datasets
        .iter()
        .map(|d| {
            tv!({
                "title": d.title.as_str(),
                "url": urls.href(&d.path),
                "name": d.path.rsplit('/').next(),
                "format": if d.format == "text/csv" { "CSV" } else { "JSON" },
                "count": d.count,
            })
        })
        .collect();
    let title = c.theme.t("data_title");
    // Written out as JSON into the page: the one value here made with `json!`.
    let jsonld = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": format!("{} – {}", site.config.title, title),
        "description": c.theme.t("data_intro"),
        "url": urls.permalink(path),
        "license": licence.url,
        "dateModified": site.today.iso(),
        "inLanguage": site.config.language,
        "isAccessibleForFree": true,
        "creator": { "@type": "Organization", "name": site.config.title },
        "distribution": datasets.iter().map(|d| json!({
            "@type": "DataDownload",
            "name": d.title,
            "encodingFormat": d.format,
            "contentUrl": urls.permalink(&d.path),
        })).collect::<Vec<_>>(),
    });
    (
        "data.html",
        vec![
            ("page", c.plain_page(urls, path, &title, "data")),
            (
                "data",
                tv!({
                    "files": files,
                    "licence": tv!({ "name": licence.name.as_str(), "url": licence.url.as_str() }),
                    "date": site.today.iso(),
                    "date_text": crate::locale::date(&site.today.iso(), &site.config.language),
                    "schemas": vec![
                        tv!({ "name": PROFILES_SCHEMA, "url": urls.href(&paths::data_file(PROFILES_SCHEMA)) }),
                        tv!({ "name": DECISIONS_SCHEMA, "url": urls.href(&paths::data_file(DECISIONS_SCHEMA)) }),
                    ],
                }),
            ),
            ("jsonld", script_safe(&jsonld.to_string()).into()),
        ],
    )
}
