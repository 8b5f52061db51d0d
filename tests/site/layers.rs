//! The house stays one-way: every `crate::` path in `src/` must respect the layers declared
//! in the doc comment of `src/lib.rs`, and no two modules may use each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers of `src/lib.rs`, ground first: each a list of top-level modules.
fn declared_layers(lib: &str) -> Vec<Vec<String>> {
    let mut in_section = false;
    let mut layers = Vec::new();
    for line in lib.lines() {
        let Some(text) = line.strip_prefix("//!") else {
            continue;
        };
        let text = text.trim();
        if text.starts_with("# ") {
            in_section = text == "# Layers";
            continue;
        }
        if !in_section || !text.starts_with("- ") {
            continue;
        }
        // `- name: `a`, `b` (what they are)`: the modules are the backticked words before
        // the parenthesis.
        let list = text.split('(').next().unwrap_or_default();
        let modules: Vec<String> = list
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        layers.push(modules);
    }
    layers
}

/// The top-level module a source file belongs to (`src/render/pages.rs` → `render`).
fn module_of(rel: &Path) -> Option<String> {
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (name != "lib").then_some(name)
}

/// The crate modules a line of code uses: `crate::a::…`, `crate::{a, b::c}` (and
/// `vinhdanh::` in the binary, which reaches the library by its name).
fn uses(line: &str, prefixes: &[&str]) -> Vec<String> {
    let code = line.split("//").next().unwrap_or_default();
    let mut found = Vec::new();
    for prefix in prefixes {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                // Nested groups (`{a::{b, c}, d}`) only matter by their first segment.
                let mut depth = 0;
                let mut item = String::new();
                for ch in group[..end].chars() {
                    match ch {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            found.push(first_segment(&item));
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    item.push(ch);
                }
                found.push(first_segment(&item));
            } else {
                found.push(first_segment(rest));
            }
        }
    }
    found.retain(|m| !m.is_empty() && m != "self");
    found
}

fn first_segment(s: &str) -> String {
    s.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every breach of the layers in the sources under `src`, as `file:line: what`.
fn breaches(src: &Path, lib: &str) -> Vec<String> {
    let layers = declared_layers(lib);
    let layer_of: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.iter().map(move |m| (m.as_str(), i)))
        .collect();
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    // Who uses whom, with the first place it does.
    let mut edges: BTreeMap<(String, String), String> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(src).unwrap();
        let Some(module) = module_of(rel) else {
            continue;
        };
        let shown = format!("src/{}", rel.display());
        let Some(&own) = layer_of.get(module.as_str()) else {
            problems.push(format!(
                "{shown}: the module `{module}` is in no layer: add it to the layers in src/lib.rs"
            ));
            continue;
        };
        let binary = module == "main" || module == "cli";
        let prefixes: &[&str] = if binary {
            &["crate::", "vinhdanh::"]
        } else {
            &["crate::"]
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            for used in uses(line, prefixes) {
                if used == module {
                    continue;
                }
                let Some(&theirs) = layer_of.get(used.as_str()) else {
                    continue;
                };
                let place = format!("{shown}:{}", n + 1);
                if theirs > own {
                    problems.push(format!(
                        "{place}: `{module}` ({}) uses `{used}` of the higher layer {}",
                        layer_name(lib, own),
                        layer_name(lib, theirs)
                    ));
                }
                edges.entry((module.clone(), used)).or_insert(place);
            }
        }
    }
    // Two modules of one layer using each other, directly or around a circle.
    let graph: BTreeMap<&str, BTreeSet<&str>> =
        edges.keys().fold(BTreeMap::new(), |mut g, (a, b)| {
            g.entry(a.as_str()).or_default().insert(b.as_str());
            g
        });
    // Every circle has a use from a module to one later in the alphabet: report that one.
    for ((a, b), place) in &edges {
        if a < b && reaches(&graph, b, a) {
            let back = edges
                .iter()
                .find(|((x, y), _)| x == b && reaches(&graph, y, a))
                .map(|(_, p)| p.as_str())
                .unwrap_or_default();
            problems.push(format!(
                "{place}: `{a}` uses `{b}`, and `{b}` comes back to `{a}` ({back}): one of them must not use the other"
            ));
        }
    }
    problems
}

fn layer_name(lib: &str, i: usize) -> String {
    let lines: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//! - "))
        .collect();
    lines
        .get(i)
        .map(|l| l.split(':').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Whether `to` can be reached from `from` along the uses.
fn reaches(graph: &BTreeMap<&str, BTreeSet<&str>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(m) = stack.pop() {
        if m == to {
            return true;
        }
        if seen.insert(m) {
            stack.extend(graph.get(m).into_iter().flatten().copied());
        }
    }
    false
}

#[test]
fn the_sources_keep_to_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let layers = declared_layers(&lib);
    assert!(
        layers.len() >= 5,
        "the layers of src/lib.rs were not found: {layers:?}"
    );
    let problems = breaches(&src, &lib);
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// The check itself finds what it is for: a use upwards, and two modules using each other.
#[test]
fn the_layer_check_finds_breaches() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let lib = "//! # Layers\n//!\n//! - ground: `paths`, `yaml`\n//! - top: `build`\n";
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    std::fs::write(src.join("paths.rs"), "use crate::{yaml, build::Options};\n").unwrap();
    std::fs::write(
        src.join("yaml.rs"),
        "fn f() { crate::paths::file_of(\"\"); }\n",
    )
    .unwrap();
    std::fs::write(
        src.join("build.rs"),
        "use crate::paths; // crate::nothing\n",
    )
    .unwrap();
    std::fs::create_dir(src.join("extra")).unwrap();
    std::fs::write(src.join("extra/mod.rs"), "").unwrap();
    let problems = breaches(src, lib);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(
        problems[0].contains("`extra` is in no layer"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1]
            .starts_with("src/paths.rs:1: `paths` (ground) uses `build` of the higher layer top"),
        "{}",
        problems[1]
    );
    // The use upwards closes a circle too.
    assert!(
        problems[2].contains("`build` uses `paths`, and `paths` comes back"),
        "{}",
        problems[2]
    );
    assert!(
        problems[3].contains("`paths` uses `yaml`, and `yaml` comes back"),
        "{}",
        problems[3]
    );
    assert!(problems[3].contains("src/yaml.rs:1"), "{}", problems[3]);
}
