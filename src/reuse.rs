//! Reusing the unchanged pages of the previous build.
//!
//! A page is its template applied to its context, so a page whose template and context are
//! the same as last time is the same page. Every build records, for each page it writes, a
//! fingerprint of what made it (the generator, the theme's templates, the template's name,
//! the whole context). The next build works out each page's context as usual, and where the
//! fingerprint matches, links the previous file into the new site instead of rendering and
//! writing it again. Editing one profile of 10,000 then re-renders that profile, its
//! neighbours' "related" boxes and the list pages that show its card, not the whole site.
//!
//! The fingerprints are kept in the record of the output's trees (see
//! [`crate::output::record`]). A file is only taken when its size, modification time and
//! inode are those recorded: one edited or replaced by hand is rendered again.

use xxhash_rust::xxh3::Xxh3;

use crate::theme::Theme;

/// Bumped when what a fingerprint covers changes.
const FORMAT: &str = "vinhdanh-pages 7";

pub use crate::output::{Made, Previous};

/// A running fingerprint: what it covers is written out, then hashed once (many small
/// updates of a streaming hash cost more than the copy).
#[derive(Clone, Default)]
pub struct Fingerprint(Vec<u8>);

/// Writing into a fingerprint, as [`Fingerprint::value`] does for keys (`Hash`).
impl std::hash::Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        Fingerprint::finish(self)
    }
}

impl Fingerprint {
    /// What every page depends on: this generator (its version and its very binary, so a
    /// rebuilt generator renders everything again), the theme's templates and the settings
    /// that change pages after rendering.
    pub fn site(theme: &Theme, minify: bool, portable: bool) -> Fingerprint {
        let mut h = Xxh3::new();
        h.update(FORMAT.as_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        match crate::kept::generator() {
            Some(s) => {
                h.update(&s.size.to_le_bytes());
                h.update(&s.mtime.to_le_bytes());
            }
            // Which generator this is cannot be told: match nothing, render everything.
            None => h.update(
                &std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
                    .to_le_bytes(),
            ),
        }
        h.update(&theme.fingerprint.to_le_bytes());
        h.update(&[u8::from(minify), u8::from(portable)]);
        Fingerprint(h.digest().to_le_bytes().to_vec())
    }

    /// Adds a name (a template's, a context key's).
    pub fn name(&mut self, name: &str) {
        self.0.extend_from_slice(name.as_bytes());
        self.0.push(0);
    }

    /// Adds a number (a story's hash: its page is fingerprinted before the story is HTML).
    pub fn number(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// Adds a template value: every string, number and key with its kind and length, so
    /// no two different values feed the same bytes. (Walking the value directly is several
    /// times faster than hashing its JSON, and this runs on every page of every build.)
    pub fn value(&mut self, value: &tera::Value) {
        use std::hash::Hash;
        use tera::value::ValueKind;
        let h = &mut self.0;
        match value.kind() {
            ValueKind::String => {
                let s = value.as_str().unwrap_or_default();
                h.extend_from_slice(if value.is_safe() { b"S" } else { b"s" });
                h.extend_from_slice(&(s.len() as u64).to_le_bytes());
                h.extend_from_slice(s.as_bytes());
            }
            ValueKind::Array => {
                let items = value.as_array().unwrap_or_default();
                h.extend_from_slice(b"a");
                h.extend_from_slice(&(items.len() as u64).to_le_bytes());
                for item in items {
                    self.value(item);
                }
            }
            ValueKind::Map => {
                h.extend_from_slice(b"m");
                if let Some(map) = value.as_map() {
                    h.extend_from_slice(&(map.len() as u64).to_le_bytes());
                    for (k, v) in map {
                        k.hash(self);
                        self.value(v);
                    }
                }
            }
            ValueKind::Bool => h.extend_from_slice(if value.as_bool() == Some(true) {
                b"T"
            } else {
                b"F"
            }),
            ValueKind::None => h.extend_from_slice(b"z"),
            ValueKind::Undefined => h.extend_from_slice(b"u"),
            ValueKind::Bytes => {
                let b = value.as_bytes().unwrap_or_default();
                h.extend_from_slice(b"b");
                h.extend_from_slice(&(b.len() as u64).to_le_bytes());
                h.extend_from_slice(b);
            }
            _ => match value.as_number() {
                Some(tera::Number::Integer(i)) => {
                    h.extend_from_slice(b"i");
                    h.extend_from_slice(&i.to_le_bytes());
                }
                Some(tera::Number::Float(f)) => {
                    h.extend_from_slice(b"f");
                    h.extend_from_slice(&f.to_bits().to_le_bytes());
                }
                other => {
                    h.extend_from_slice(b"?");
                    h.extend_from_slice(format!("{other:?}").as_bytes());
                }
            },
        }
    }

    /// A fingerprint of what this one covers so far, eight bytes long: the start of each
    /// page's, cheap to copy.
    pub fn sealed(&self) -> Fingerprint {
        Fingerprint(self.finish().to_le_bytes().to_vec())
    }

    /// The fingerprint so far.
    pub fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}
