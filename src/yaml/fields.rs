//! Typed fields out of a parsed mapping, each problem recorded at its value's position.

use std::path::Path;

use super::{Node, Value};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Pos};

/// Pulls typed fields out of one mapping, remembering which keys were asked for so that
/// [`Fields::finish`] can report the rest as unknown, with a "did you mean" hint.
pub struct Fields<'a> {
    path: &'a Path,
    pos: Pos,
    entries: Vec<&'a (Node, Node)>,
    known: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    /// Fields of `node`, which must be a mapping; otherwise a diagnostic is recorded and an
    /// empty set returned.
    pub fn of(node: &'a Node, path: &'a Path, what: &str, d: &mut Diagnostics) -> Fields<'a> {
        let entries = match &node.value {
            Value::Map(m) => m.iter().collect(),
            Value::Null => Vec::new(),
            _ => {
                d.push(
                    Diagnostic::new(
                        path,
                        node.pos,
                        format!(
                            "{what} must be a mapping of `key: value` lines, not {}",
                            node.describe()
                        ),
                    )
                    .hint("write one field per line, like `name: Nguyễn Văn A`"),
                );
                Vec::new()
            }
        };
        Fields {
            path,
            pos: node.pos,
            entries,
            known: Vec::new(),
        }
    }

    /// Entries from `defaults` that `self` does not set itself are added, keeping their own
    /// positions (file-level defaults of a list file).
    pub fn with_defaults(mut self, defaults: &'a [(Node, Node)], skip: &str) -> Fields<'a> {
        for entry in defaults {
            let key = entry.0.as_str();
            if key == Some(skip) || self.entries.iter().any(|(k, _)| k.as_str() == key) {
                continue;
            }
            self.entries.push(entry);
        }
        self
    }

    /// Where the mapping starts.
    pub fn pos(&self) -> Pos {
        self.pos
    }

    /// The file the mapping is in.
    pub fn path(&self) -> &'a Path {
        self.path
    }

    /// The raw node of `key`, if present and not null.
    pub fn node(&mut self, key: &'static str) -> Option<&'a Node> {
        self.known.push(key);
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    /// A text field. Numbers and booleans written without quotes are taken as their text.
    pub fn text(&mut self, key: &'static str, d: &mut Diagnostics) -> Option<String> {
        let node = self.node(key)?;
        match &node.value {
            Value::Scalar { text, .. } => Some(text.trim().to_string()),
            _ => {
                d.push(Diagnostic::new(
                    self.path,
                    node.pos,
                    format!("`{key}` must be a text, not {}", node.describe()),
                ));
                None
            }
        }
    }

    /// A whole-number field.
    pub fn int(&mut self, key: &'static str, d: &mut Diagnostics) -> Option<i64> {
        let node = self.node(key)?;
        let parsed = match &node.value {
            Value::Scalar { text, .. } => text.trim().parse::<i64>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            d.push(
                Diagnostic::new(
                    self.path,
                    node.pos,
                    format!("`{key}` must be a whole number, not {}", node.describe()),
                )
                .hint(format!(
                    "write it without quotes, for example `{key}: 2023`"
                )),
            );
        }
        parsed
    }

    /// A yes/no field.
    pub fn bool(&mut self, key: &'static str, d: &mut Diagnostics) -> Option<bool> {
        let node = self.node(key)?;
        match node.as_str().map(str::trim) {
            Some("true" | "True" | "yes") => Some(true),
            Some("false" | "False" | "no") => Some(false),
            _ => {
                d.push(Diagnostic::new(
                    self.path,
                    node.pos,
                    format!("`{key}` must be `true` or `false`, not {}", node.describe()),
                ));
                None
            }
        }
    }

    /// A list of texts; a single text is taken as a list of one.
    pub fn texts(&mut self, key: &'static str, d: &mut Diagnostics) -> Vec<(String, Pos)> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Scalar { text, .. } => vec![(text.trim().to_string(), node.pos)],
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| match &item.value {
                    Value::Scalar { text, .. } => Some((text.trim().to_string(), item.pos)),
                    Value::Null => None,
                    _ => {
                        d.push(Diagnostic::new(
                            self.path,
                            item.pos,
                            format!(
                                "each item of `{key}` must be a text, not {}",
                                item.describe()
                            ),
                        ));
                        None
                    }
                })
                .collect(),
            _ => {
                d.push(
                    Diagnostic::new(
                        self.path,
                        node.pos,
                        format!("`{key}` must be a list, not {}", node.describe()),
                    )
                    .hint(format!(
                        "write one item per line under `{key}:`, each starting with `- `"
                    )),
                );
                Vec::new()
            }
        }
    }

    /// A list of mappings, each read by `read`.
    pub fn list_of<T>(
        &mut self,
        key: &'static str,
        d: &mut Diagnostics,
        mut read: impl FnMut(Fields<'a>, &mut Diagnostics) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        let Value::Seq(items) = &node.value else {
            d.push(
                Diagnostic::new(
                    self.path,
                    node.pos,
                    format!("`{key}` must be a list, not {}", node.describe()),
                )
                .hint(format!("write each item under `{key}:` starting with `- `")),
            );
            return Vec::new();
        };
        let mut list: Vec<T> = items
            .iter()
            .filter_map(|item| {
                let fields = Fields::of(item, self.path, &format!("each item of `{key}`"), d);
                read(fields, d)
            })
            .collect();
        // Kept for the whole build, once per profile: no room for items that never come.
        list.shrink_to_fit();
        list
    }

    /// Reports every key that no accessor asked for. `elsewhere` names fields that exist but
    /// belong to another kind of profile, with the reason, for a precise hint.
    pub fn finish(self, d: &mut Diagnostics, elsewhere: &[(&str, &str)]) {
        for (key, _) in &self.entries {
            let Some(name) = key.as_str() else {
                d.push(Diagnostic::new(
                    self.path,
                    key.pos,
                    "a field name must be a text",
                ));
                continue;
            };
            if self.known.contains(&name) {
                continue;
            }
            let hint = if let Some((_, why)) = elsewhere.iter().find(|(f, _)| *f == name) {
                why.to_string()
            } else if let Some(close) = did_you_mean(name, self.known.iter().copied()) {
                format!("did you mean `{close}`?")
            } else {
                let mut known = self.known.clone();
                known.sort_unstable();
                known.dedup();
                format!("the fields allowed here are: {}", known.join(", "))
            };
            d.push(
                Diagnostic::new(self.path, key.pos, format!("unknown field `{name}`")).hint(hint),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> Node {
        super::super::parse(src, Path::new("a.yaml"), 0).unwrap()
    }

    #[test]
    fn unknown_fields_get_a_suggestion() {
        let n = p("nmae: A\nyear: x\n");
        let mut d = Diagnostics::new();
        let mut f = Fields::of(&n, Path::new("a.yaml"), "a profile", &mut d);
        assert_eq!(f.text("name", &mut d), None);
        assert_eq!(f.int("year", &mut d), None);
        f.finish(&mut d, &[]);
        let all: Vec<_> = d.into_sorted();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].pos, Pos::new(1, 1));
        assert_eq!(all[0].hint.as_deref(), Some("did you mean `name`?"));
        assert!(all[1].message.contains("whole number"));
    }
}
