//! A profile's or page's file as the editor sees it: where its fields are in the text, their
//! values, and the text with a form's values put in, changing only the fields that differ.

use std::collections::HashMap;
use std::path::Path;

use crate::content::frontmatter;
use crate::content::schema::{Field, Input};
use crate::yaml::edit::{self, Block, Value};
use crate::yaml::{self, Node};

/// How a file holds the profile or page being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Markdown: front matter, then the story.
    Markdown,
    /// A YAML file of one profile.
    Yaml,
    /// Entry `n` of a YAML file's `profiles:` list.
    Entry(usize),
}

impl Shape {
    /// The shape of `rel`'s file, `entry` being the place in a list file.
    pub(super) fn of(rel: &Path, entry: Option<usize>) -> Option<Shape> {
        let ext = rel.extension()?.to_str()?.to_ascii_lowercase();
        match (ext.as_str(), entry) {
            ("md", None) => Some(Shape::Markdown),
            ("yaml" | "yml", None) => Some(Shape::Yaml),
            ("yaml" | "yml", Some(n)) => Some(Shape::Entry(n)),
            _ => None,
        }
    }
}

/// The fields' mapping in `text`: where it is and its parsed values. `None` when the text
/// cannot be parsed (the form then cannot be filled; the build's error says why).
pub(super) fn mapping(text: &str, shape: Shape, rel: &Path) -> Option<(Block, Node)> {
    let lines = text.split_inclusive('\n').count();
    match shape {
        Shape::Markdown => {
            let split = frontmatter::split(text, rel).ok()?;
            let start = split.yaml_line_offset;
            let end = start + split.yaml.split_inclusive('\n').count();
            let node = yaml::parse(split.yaml, rel, start).ok()?;
            Some((
                Block {
                    start,
                    end,
                    indent: 0,
                },
                node,
            ))
        }
        Shape::Yaml => {
            let node = yaml::parse(text, rel, 0).ok()?;
            Some((
                Block {
                    start: 0,
                    end: lines,
                    indent: 0,
                },
                node,
            ))
        }
        Shape::Entry(n) => {
            let node = yaml::parse(text, rel, 0).ok()?;
            let yaml::Value::Seq(items) = &node.get("profiles")?.value else {
                return None;
            };
            let item = items.get(n)?;
            let end = items
                .get(n + 1)
                .map_or(lines, |next| next.pos.line.saturating_sub(1));
            let block = Block {
                start: item.pos.line.saturating_sub(1),
                end,
                indent: item.pos.col.saturating_sub(1),
            };
            Some((block, item.clone()))
        }
    }
}

/// The Markdown story of a Markdown file (after its front matter).
pub(super) fn story(text: &str, rel: &Path) -> String {
    frontmatter::split(text, rel)
        .map(|s| s.body.to_string())
        .unwrap_or_default()
}

fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        yaml::Value::Scalar { text, .. } => Some(text.clone()),
        _ => None,
    }
}

/// The value of each field written in `node`, as the form shows it.
pub(super) fn values(node: &Node, fields: &[Field]) -> HashMap<&'static str, Value> {
    let mut out = HashMap::new();
    for field in fields {
        let Some(n) = node.get(field.key) else {
            continue;
        };
        let value = match field.input {
            // `draft: false` is no draft, as an unticked box is.
            Input::Flag => scalar_text(n)
                .filter(|t| t == "true")
                .map(|_| Value::Flag(true)),
            Input::List => match &n.value {
                yaml::Value::Seq(items) => {
                    Some(Value::List(items.iter().filter_map(scalar_text).collect()))
                }
                yaml::Value::Scalar { text, .. } => Some(Value::List(vec![text.clone()])),
                _ => None,
            },
            Input::Group(subs) => match &n.value {
                yaml::Value::Seq(items) => Some(Value::Group(
                    items
                        .iter()
                        .map(|item| {
                            subs.iter()
                                .filter_map(|s| {
                                    // `revoked.decision`: a field of a mapping in the item.
                                    let v = s
                                        .key
                                        .split('.')
                                        .try_fold(item, |n, k| n.get(k))
                                        .and_then(scalar_text)?;
                                    Some((s.key.to_string(), v))
                                })
                                .collect()
                        })
                        .collect(),
                )),
                _ => None,
            },
            _ => scalar_text(n).map(Value::Text),
        };
        if let Some(v) = value {
            out.insert(field.key, v);
        }
    }
    out
}

/// A form's text: line ends as in files, no spaces around.
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_string()
}

/// The value of each field in a posted form (`None`: left empty, so not written).
pub(super) fn posted(
    form: &HashMap<String, String>,
    fields: &[Field],
) -> HashMap<&'static str, Option<Value>> {
    let get = |k: &str| form.get(k).map(|v| clean(v)).filter(|v| !v.is_empty());
    fields
        .iter()
        .map(|field| {
            let value = match field.input {
                Input::Flag => get(field.key).map(|_| Value::Flag(true)),
                Input::List => {
                    let items: Vec<String> = form
                        .get(field.key)
                        .map(|v| v.lines().map(clean).filter(|l| !l.is_empty()).collect())
                        .unwrap_or_default();
                    (!items.is_empty()).then_some(Value::List(items))
                }
                Input::Group(subs) => {
                    let mut n = 0;
                    let mut groups = Vec::new();
                    // Items are numbered from 0; a removed one leaves a gap, so look ahead.
                    while n < 200 {
                        let item: Vec<(String, String)> = subs
                            .iter()
                            .filter_map(|s| {
                                Some((
                                    s.key.to_string(),
                                    get(&format!("{}[{n}].{}", field.key, s.key))?,
                                ))
                            })
                            .collect();
                        if !item.is_empty() {
                            groups.push(item);
                        }
                        n += 1;
                    }
                    (!groups.is_empty()).then_some(Value::Group(groups))
                }
                _ => get(field.key).map(Value::Text),
            };
            (field.key, value)
        })
        .collect()
}

/// `text` with the form's values in it: each field whose value differs from the file's is
/// rewritten (only its lines), the others stay as they are, and so does the story unless it
/// changed. `None` when the text cannot be parsed.
pub(super) fn apply(
    text: &str,
    shape: Shape,
    rel: &Path,
    fields: &[Field],
    form: &HashMap<String, String>,
) -> Option<String> {
    let (_, node) = mapping(text, shape, rel)?;
    let now = values(&node, fields);
    let wanted = posted(form, fields);
    let mut text = text.to_string();
    for field in fields {
        let want = wanted.get(field.key).cloned().flatten();
        if now.get(field.key) == want.as_ref() {
            continue;
        }
        // Numbers are written as they were typed, never quoted.
        let want = match (field.input, want) {
            (Input::Number, Some(Value::Text(t))) => Some(edit::number(&t)),
            (_, w) => w,
        };
        let (block, _) = mapping(&text, shape, rel)?;
        text = edit::set(&text, block, field.key, want.as_ref());
    }
    if shape == Shape::Markdown {
        if let Some(body) = form.get("body") {
            let old = story(&text, rel);
            let new = body.replace("\r\n", "\n");
            if old.trim() != new.trim() {
                let keep = text.len() - old.len();
                let mut out = text[..keep].to_string();
                // A blank line between the front matter and the story, as `new` writes it.
                out.push('\n');
                out.push_str(new.trim_end());
                out.push('\n');
                text = out;
            }
        }
    }
    Some(text)
}

/// The field whose lines hold line `line` (counted from 1) of `text`: where a problem the
/// build found is shown in the form. Lines after the front matter are the story's.
pub(super) fn field_at(text: &str, shape: Shape, rel: &Path, line: usize) -> Option<String> {
    let (block, _) = mapping(text, shape, rel)?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = line.checked_sub(1)?;
    if shape == Shape::Markdown && at >= block.end {
        return Some("body".into());
    }
    edit::entries(&lines, block)
        .into_iter()
        .find(|e| (e.start..e.end).contains(&at))
        .map(|e| e.key)
}
