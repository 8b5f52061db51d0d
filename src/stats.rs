//! The numbers of the statistics page, counted from the site model at build time: how many
//! were honoured each year, in which fields and districts, in which occupation groups, by
//! gender, and the most frequent award titles.
//!
//! Rows carry keys rather than words where the words depend on the UI language (groups,
//! genders); the render step translates them.

use std::collections::BTreeMap;

use crate::config::Kind;
use crate::content::groups::{group_key, DIRECT_GROUPS, GROUP_KEYS};
use crate::paths;
use crate::site::Site;

/// How many award titles the award chart lists.
const TOP_AWARDS: usize = 10;

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What is counted: a year, a term's name, or a translation key (`group_farmer`,
    /// `gender_male`, `stats_unknown`) when `translate` is set.
    pub label: String,
    /// Whether `label` is a UI-string key.
    pub translate: bool,
    /// How many profiles.
    pub count: usize,
    /// The page listing them (a site path), if there is one.
    pub path: Option<String>,
}

/// One chart: its key (`year`, `field`, `district`, `group`, `gender`, `award`), the whole
/// its shares are taken of, and its rows in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// Names the chart and its UI strings (`stats_year`).
    pub key: &'static str,
    /// The whole the percentages refer to: all profiles, or all people.
    pub whole: usize,
    /// Its bars.
    pub rows: Vec<Row>,
}

/// Everything the statistics page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// All profiles.
    pub total: usize,
    /// Profiles of people.
    pub people: usize,
    /// Profiles of collectives.
    pub collectives: usize,
    /// People who are farmers, workers, soldiers or direct labourers.
    pub direct: usize,
    /// The charts, in page order.
    pub charts: Vec<Chart>,
}

/// Counts the site's profiles.
pub fn compute(site: &Site) -> Stats {
    // Those whose every honour is withdrawn are not counted.
    let honoured = || site.profiles.iter().filter(|p| !p.withdrawn());
    let total = honoured().count();
    let people = honoured().filter(|p| p.kind() == Kind::Person).count();

    let mut years: BTreeMap<i64, usize> = BTreeMap::new();
    for p in honoured() {
        if let Some(y) = p.year {
            *years.entry(y).or_default() += 1;
        }
    }
    let person_section = site
        .sections
        .iter()
        .find(|s| s.section.kind == Kind::Person);
    let year_rows = years
        .into_iter()
        .map(|(year, count)| Row {
            label: year.to_string(),
            translate: false,
            count,
            path: person_section
                .filter(|s| s.years.iter().any(|y| y.year == year))
                .map(|s| paths::year(&s.section.path, year)),
        })
        .collect();

    let mut groups = vec![0usize; GROUP_KEYS.len()];
    let (mut unknown_group, mut male, mut female, mut unknown_gender) = (0, 0, 0, 0);
    for p in honoured().filter_map(|p| p.person()) {
        match p.group.as_deref().and_then(group_key) {
            Some(k) => groups[GROUP_KEYS.iter().position(|g| *g == k).unwrap_or(0)] += 1,
            None => unknown_group += 1,
        }
        match p.gender.as_deref() {
            Some("nam") => male += 1,
            Some("nữ") => female += 1,
            _ => unknown_gender += 1,
        }
    }
    let direct = groups[..DIRECT_GROUPS].iter().sum();
    let key_row = |label: &str, count: usize| Row {
        label: label.to_string(),
        translate: true,
        count,
        path: None,
    };
    let mut group_rows: Vec<Row> = GROUP_KEYS
        .iter()
        .zip(&groups)
        .filter(|(_, &n)| n > 0)
        .map(|(k, &n)| key_row(&format!("group_{k}"), n))
        .collect();
    if unknown_group > 0 {
        group_rows.push(key_row("stats_unknown", unknown_group));
    }
    let mut gender_rows: Vec<Row> = [("gender_female", female), ("gender_male", male)]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| key_row(k, n))
        .collect();
    if unknown_gender > 0 {
        gender_rows.push(key_row("stats_unknown", unknown_gender));
    }

    let term_rows = |key: &str, limit: usize| -> Vec<Row> {
        site.taxonomies
            .iter()
            .filter(|t| t.key == key)
            .flat_map(|t| {
                t.terms.iter().take(limit).map(move |term| Row {
                    label: term.name.clone(),
                    translate: false,
                    count: term.profiles.len(),
                    path: Some(t.term_path(term)),
                })
            })
            .collect()
    };

    let mut charts = vec![Chart {
        key: "year",
        whole: total,
        rows: year_rows,
    }];
    charts.push(Chart {
        key: "field",
        whole: total,
        rows: term_rows("field", usize::MAX),
    });
    charts.push(Chart {
        key: "district",
        whole: total,
        rows: term_rows("district", usize::MAX),
    });
    if people > 0 {
        charts.push(Chart {
            key: "group",
            whole: people,
            rows: group_rows,
        });
        charts.push(Chart {
            key: "gender",
            whole: people,
            rows: gender_rows,
        });
    }
    charts.push(Chart {
        key: "award",
        whole: total,
        rows: term_rows("award", TOP_AWARDS),
    });
    charts.retain(|c| !c.rows.is_empty());
    Stats {
        total,
        people,
        collectives: total - people,
        direct,
        charts,
    }
}
