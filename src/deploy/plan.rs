//! What a deploy sends and deletes, and in which order, so that the live site is never
//! broken: a page is only placed once what it shows and links to is there, and nothing is
//! deleted before the pages that linked to it are replaced.
//!
//! 1. Assets: photos, styles, scripts, documents (what pages show).
//! 2. New pages, deepest first (nothing on the server links to them yet, and a new
//!    profile's print page is in place before the profile that links to it).
//!    New data files too: only changed files (the search index's manifest) name them.
//! 3. Changed pages and data (the search index, which names pages).
//! 4. The doors: the home page, feeds, the sitemap, `robots.txt`.
//! 5. Deletions, then the folders they leave empty.

use std::collections::{BTreeSet, HashMap};

/// What is known of a file: its bytes' hash (`None`: there, but of unknown content) and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// The hash of its bytes, as the build's record gives it.
    pub hash: Option<u64>,
    /// Bytes.
    pub size: u64,
}

/// The sending steps, in order.
pub const PHASES: [&str; 4] = [
    "assets",
    "new pages and data",
    "changed pages and data",
    "home page and feeds",
];

/// The first phase whose files live pages may already link to: files new to the server in
/// the phases before it are linked only from later phases.
pub const FIRST_LINKED: usize = 2;

/// One deploy's work.
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    /// Files to send, by phase (see [`PHASES`]), each sorted.
    pub send: [Vec<String>; 4],
    /// Files to delete, sorted.
    pub delete: Vec<String>,
    /// Folders to remove once the deletions are done, deepest first.
    pub rmdirs: Vec<String>,
    /// Files already right on the server.
    pub unchanged: usize,
}

impl Plan {
    /// Everything to send, phase after phase.
    pub fn sends(&self) -> impl Iterator<Item = &String> {
        self.send.iter().flatten()
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.sends().next().is_none() && self.delete.is_empty()
    }
}

/// Compares the site (`local`) with what the server holds (`remote`).
pub fn plan(local: &[(String, Known)], remote: &HashMap<String, Known>) -> Plan {
    let mut p = Plan::default();
    let mut kept = std::collections::HashSet::with_capacity(local.len());
    for (path, known) in local {
        kept.insert(path.as_str());
        let on_server = remote.get(path);
        if on_server.is_some_and(|r| r.hash.is_some() && r.hash == known.hash) {
            p.unchanged += 1;
            continue;
        }
        p.send[phase(path, on_server.is_some())].push(path.clone());
    }
    for list in &mut p.send {
        list.sort_unstable();
    }
    // A new list's new pages (the profiles below a new year's page) are deeper: they go first.
    p.send[1].sort_by(|a, b| {
        b.matches('/')
            .count()
            .cmp(&a.matches('/').count())
            .then(a.cmp(b))
    });
    p.delete = remote
        .keys()
        .filter(|k| !kept.contains(k.as_str()))
        .cloned()
        .collect();
    p.delete.sort_unstable();
    // Folders of deleted files that hold no file of the site.
    let used: BTreeSet<&str> = local.iter().flat_map(|(p, _)| folders(p)).collect();
    let mut empty: Vec<String> = p
        .delete
        .iter()
        .flat_map(|d| folders(d))
        .filter(|f| !used.contains(f))
        .map(str::to_string)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    empty.sort_unstable_by(|a, b| {
        b.matches('/')
            .count()
            .cmp(&a.matches('/').count())
            .then(a.cmp(b))
    });
    p.rmdirs = empty;
    p
}

/// Every folder `path` is in, outermost first (`a`, `a/b` for `a/b/c.html`).
pub fn folders(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

fn phase(path: &str, exists: bool) -> usize {
    let name = path.rsplit('/').next().unwrap_or(path);
    let door = path == "index.html"
        || name.ends_with(".xml")
        || path == "robots.txt"
        || path.starts_with("feed")
        || path == "404.html";
    if door {
        return 3;
    }
    let page = name.ends_with(".html") || name.ends_with(".htm");
    let data = name.ends_with(".json") || name.ends_with(".txt");
    match (page || data, exists) {
        (false, _) => 0,
        (true, false) => 1,
        (true, true) => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(hash: u64) -> Known {
        Known {
            hash: Some(hash),
            size: 1,
        }
    }

    #[test]
    fn files_go_in_an_order_that_never_breaks_a_link() {
        let local = vec![
            ("index.html".to_string(), k(2)),
            ("a/index.html".to_string(), k(1)),
            ("b/index.html".to_string(), k(5)),
            ("new/index.html".to_string(), k(3)),
            ("new/ban-in/index.html".to_string(), k(3)),
            ("media/x.jpg".to_string(), k(4)),
            ("search/index.json".to_string(), k(6)),
            ("search/new.json".to_string(), k(6)),
            ("sitemap.xml".to_string(), k(7)),
        ];
        let remote: HashMap<String, Known> = [
            ("index.html", k(1)),
            ("a/index.html", k(1)),
            ("b/index.html", k(1)),
            ("search/index.json", k(1)),
            ("old/deep/index.html", k(1)),
            ("old/index.html", k(1)),
            (
                "sitemap.xml",
                Known {
                    hash: None,
                    size: 1,
                },
            ),
        ]
        .into_iter()
        .map(|(p, k)| (p.to_string(), k))
        .collect();
        let p = plan(&local, &remote);
        assert_eq!(p.send[0], ["media/x.jpg"]);
        assert_eq!(
            p.send[1],
            ["new/ban-in/index.html", "new/index.html", "search/new.json"]
        );
        assert_eq!(p.send[2], ["b/index.html", "search/index.json"]);
        assert_eq!(
            p.send[3],
            ["index.html", "sitemap.xml"],
            "unknown content is sent"
        );
        assert_eq!(p.delete, ["old/deep/index.html", "old/index.html"]);
        assert_eq!(p.rmdirs, ["old/deep", "old"]);
        assert_eq!(p.unchanged, 1);
        assert_eq!(PHASES.len(), p.send.len());
    }
}
