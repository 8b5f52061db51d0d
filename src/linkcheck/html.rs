//! A small, tolerant reader of HTML start tags and their attributes, with the byte offset of
//! every attribute value, so a broken link can be reported at its line and column.
//!
//! It is not an HTML parser: it builds no tree and does not repair markup. It skips
//! comments, doctypes, end tags and the raw text of `<script>`, `<style>`, `<textarea>` and
//! `<title>`, reads quoted and unquoted attribute values, and decodes the character
//! references that matter in URLs and ids. That is all a link checker needs, and it keeps
//! positions, which tree-building parsers throw away.

/// One attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attr {
    /// The name, lowercased.
    pub(super) name: String,
    /// The value with character references decoded (empty for a bare attribute).
    pub(super) value: String,
    /// Byte offset of the value (or of the name, for a bare attribute) in the document.
    pub(super) offset: usize,
}

/// One start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tag {
    /// The element name, lowercased.
    pub(super) name: String,
    /// Its attributes in document order.
    pub(super) attrs: Vec<Attr>,
}

impl Tag {
    /// The value of attribute `name`, if present.
    pub(super) fn get(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// Every start tag of `html`, in document order.
pub(super) fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = find(b, i, b"<") {
        i = lt + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        match b.get(i) {
            Some(b'!' | b'?' | b'/') => {
                i = find(b, i, b">").map_or(b.len(), |e| e + 1);
                continue;
            }
            Some(c) if c.is_ascii_alphabetic() => {}
            _ => continue,
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let (attrs, end) = attributes(html, i);
        i = end;
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            i = find_ci(b, i, format!("</{name}").as_bytes()).unwrap_or(b.len());
        }
        out.push(Tag { name, attrs });
    }
    out
}

/// Reads attributes from `i` to the end of the tag; returns them and the index after `>`.
fn attributes(html: &str, mut i: usize) -> (Vec<Attr>, usize) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (attrs, i);
        }
        if b[i] == b'>' {
            return (attrs, i + 1);
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        // A stray `=` or quote would otherwise stop progress.
        if i == start {
            i += 1;
            continue;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let (raw, offset, end) = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = find(b, j + 1, &[q]).unwrap_or(b.len());
                    (&html[j + 1..end], j + 1, (end + 1).min(b.len()))
                }
                _ => {
                    let mut end = j;
                    while end < b.len() && !b[end].is_ascii_whitespace() && b[end] != b'>' {
                        end += 1;
                    }
                    (&html[j..end], j, end)
                }
            };
            attrs.push(Attr {
                name,
                value: decode(raw),
                offset,
            });
            i = end;
        } else {
            attrs.push(Attr {
                name,
                value: String::new(),
                offset: start,
            });
        }
    }
}

/// Decodes the character references of an attribute value (`&amp;`, `&#39;`, `&#x2F;`…).
/// Unknown named references stay as written.
pub(super) fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let entity = &rest[1..end];
        let semi = rest[end..].starts_with(';');
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + usize::from(semi)..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr<'t>(tags: &'t [Tag], tag: &str, name: &str) -> Vec<&'t str> {
        tags.iter()
            .filter(|t| t.name == tag)
            .filter_map(|t| t.get(name).map(|a| a.value.as_str()))
            .collect()
    }

    #[test]
    fn reads_quoted_unquoted_and_bare_attributes() {
        let html = r#"<!doctype html><A HREF="/a/?x=1&amp;y=2" class=x>t</a><img src=/p.jpg alt='It&#39;s'><input disabled><a href = '/b/' >"#;
        let t = tags(html);
        assert_eq!(attr(&t, "a", "href"), ["/a/?x=1&y=2", "/b/"]);
        assert_eq!(attr(&t, "img", "src"), ["/p.jpg"]);
        assert_eq!(attr(&t, "img", "alt"), ["It's"]);
        assert_eq!(attr(&t, "input", "disabled"), [""]);
        let a = t[0].get("href").unwrap();
        assert_eq!(&html[a.offset..a.offset + 3], "/a/");
    }

    #[test]
    fn skips_comments_scripts_and_end_tags() {
        let html = "<!-- <a href=/c/> --><script>var s = '<a href=/s/>';</script><style>a{}</style></p><a href=/ok/>";
        let t = tags(html);
        assert_eq!(attr(&t, "a", "href"), ["/ok/"]);
        assert_eq!(
            t.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["script", "style", "a"]
        );
    }

    #[test]
    fn tolerates_broken_markup() {
        for html in [
            "<a href=",
            "<a href=\"/x",
            "<",
            "<a =x>",
            "a < b",
            "<a\u{0}>",
            "<p title=\"é",
        ] {
            tags(html);
        }
    }

    #[test]
    fn decodes_references_and_positions() {
        assert_eq!(decode("a&amp;b&#x2F;&#47;&unknown;&"), "a&b//&unknown;&");
        assert_eq!(line_col("ab\ncdé f", 8), (2, 5));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
