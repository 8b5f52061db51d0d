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

/// The code of a file without its comments and the insides of its string and char
/// literals (newlines kept, so every use keeps its line).
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let newlines = |s: &[char], out: &mut String| out.extend(s.iter().filter(|&&ch| ch == '\n'));
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            let start = i;
            i += 2;
            while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                i += 1;
            }
            i = (i + 2).min(c.len());
            newlines(&c[start..i], &mut out);
        } else if c[i] == '"' || (c[i] == 'r' && matches!(next, Some('"') | Some('#'))) {
            // "…", r"…", r#"…"#
            let start = i;
            let mut hashes = 0;
            if c[i] == 'r' {
                i += 1;
                while c.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
                if c.get(i) != Some(&'"') {
                    out.extend(&c[start..i]);
                    continue;
                }
            }
            i += 1;
            while i < c.len() {
                if c[i] == '\\' && hashes == 0 {
                    i += 2;
                    continue;
                }
                if c[i] == '"' && (0..hashes).all(|k| c.get(i + 1 + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            i = i.min(c.len());
            newlines(&c[start..i], &mut out);
            out.push_str("\"\"");
        } else if c[i] == '\'' && (c.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A char literal ('x', '\n', '{'), not a lifetime ('a).
            i += if next == Some('\\') { 3 } else { 2 };
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The crate modules a file's code uses, with the line of each use: `crate::a::…` and
/// `crate::{a, b::{c, d}}` over any number of lines (and `vinhdanh::` in the binary, which
/// reaches the library by its name).
fn uses(text: &str, prefixes: &[&str]) -> Vec<(usize, String)> {
    let code = code_only(text);
    let mut found = Vec::new();
    for prefix in prefixes {
        let mut from = 0;
        while let Some(at) = code[from..].find(prefix) {
            let at = from + at;
            from = at + prefix.len();
            if code[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            {
                continue;
            }
            let line = code[..at].matches('\n').count() + 1;
            let rest = &code[from..];
            let Some(group) = rest.strip_prefix('{') else {
                found.push((line, first_segment(rest)));
                continue;
            };
            // The top-level items of the group, up to its own closing brace.
            let (mut depth, mut item) = (0, String::new());
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push((line, first_segment(&item)));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(ch);
            }
            found.push((line, first_segment(&item)));
        }
    }
    found.retain(|(_, m)| !m.is_empty() && m != "self");
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
        for (line, used) in uses(&text, prefixes) {
            {
                if used == module {
                    continue;
                }
                let Some(&theirs) = layer_of.get(used.as_str()) else {
                    continue;
                };
                let place = format!("{shown}:{line}");
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
    let lib = "//! # Layers\n//!\n//! - ground: `paths`, `yaml`, `slug`\n//! - top: `build`\n";
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    std::fs::write(src.join("paths.rs"), "use crate::{yaml, build::Options};\n").unwrap();
    std::fs::write(
        src.join("yaml.rs"),
        "fn f() { crate::paths::file_of(\"\"); }\n",
    )
    .unwrap();
    std::fs::write(
        src.join("build.rs"),
        "use crate::paths; // crate::yaml\nconst S: &str = \"crate::yaml\";\n/* crate::yaml */ fn f() -> char { '{' }\n",
    )
    .unwrap();
    // A group over several lines, nested: `build` is a use of the higher layer.
    std::fs::write(
        src.join("slug.rs"),
        "use crate::{\n    paths::{file_of, Urls},\n    build::Options,\n};\n",
    )
    .unwrap();
    std::fs::create_dir(src.join("extra")).unwrap();
    std::fs::write(src.join("extra/mod.rs"), "").unwrap();
    let mut problems = breaches(src, lib);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("src/slug.rs:1: `slug` (ground) uses `build`")),
        "{problems:#?}"
    );
    // Only the real use of `build.rs` counts: comments and strings naming yaml do not.
    assert!(
        !problems
            .iter()
            .any(|p| p.starts_with("src/build.rs") && p.contains("`yaml`")),
        "{problems:#?}"
    );
    problems.retain(|p| !p.starts_with("src/slug.rs"));
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
