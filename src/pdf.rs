//! Decisions attached as PDF: checked to be real, harmless PDFs, and published without
//! their document metadata (author, software, dates), which is not the office's to publish.

use lopdf::{Document, Object};

/// The largest PDF a decision may be: a scanned page or a few is well under it.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// Why a file is refused, in words for the person who attached it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What is wrong.
    pub what: String,
    /// How to fix it.
    pub hint: String,
}

fn refused(what: impl Into<String>, hint: impl Into<String>) -> Refused {
    Refused {
        what: what.into(),
        hint: hint.into(),
    }
}

/// What a file that is not a PDF starts like, to say what it really is.
fn looks_like(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => Some("a PNG image"),
        [0xFF, 0xD8, 0xFF, ..] => Some("a JPEG image"),
        [b'P', b'K', 3, 4, ..] => Some("a zip file (a Word or Excel document?)"),
        [0xD0, 0xCF, 0x11, 0xE0, ..] => Some("an old Word or Excel document"),
        _ => None,
    }
}

/// Whether `name` (a PDF name like `/JS`) occurs in `bytes` as a whole name.
fn has_name(bytes: &[u8], name: &[u8]) -> bool {
    bytes.windows(name.len() + 1).any(|w| {
        w.starts_with(name) && !(w[name.len()].is_ascii_alphanumeric() || w[name.len()] == b'_')
    })
}

/// What in a parsed dictionary makes the file unsafe to publish, if anything.
fn active_content(dict: &lopdf::Dictionary) -> Option<&'static str> {
    let name_is = |key: &[u8], value: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| o.as_name().ok())
            .is_some_and(|n| n == value)
    };
    if dict.has(b"JS") || name_is(b"S", b"JavaScript") || dict.has(b"JavaScript") {
        return Some("JavaScript");
    }
    if name_is(b"S", b"Launch") {
        return Some("an action that starts a program (/Launch)");
    }
    if dict.has(b"EmbeddedFiles")
        || name_is(b"Type", b"EmbeddedFile")
        || name_is(b"Subtype", b"FileAttachment")
    {
        return Some("embedded files");
    }
    None
}

/// Checks `bytes` as a PDF to publish and returns it without document metadata.
pub fn clean(bytes: &[u8]) -> Result<Vec<u8>, Refused> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(refused(
            format!(
                "the PDF is {:.1} MB, more than the 20 MB a decision may be",
                bytes.len() as f64 / 1_048_576.0
            ),
            "scan the decision again at 150–200 dpi in black and white, or attach a JPEG of each page",
        ));
    }
    if !bytes.starts_with(b"%PDF-") {
        let what = looks_like(bytes).map_or_else(
            || "the file is not a PDF: it does not start with %PDF-".to_string(),
            |kind| format!("the file is not a PDF: it is {kind} with a .pdf name"),
        );
        return Err(refused(
            what,
            "attach the decision as a real PDF, or an image of it under its own extension (.jpg, .png)",
        ));
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(refused(
            "the PDF is cut off: it has no end-of-file marker",
            "copy or download the file again; the copy was not finished",
        ));
    }
    if has_name(bytes, b"/Encrypt") {
        return Err(refused(
            "the PDF is encrypted or password-protected, so a reader cannot be sure to open it",
            "save it again without a password (in the PDF program: Print → Save as PDF)",
        ));
    }
    for (name, what) in [
        (&b"/JavaScript"[..], "JavaScript"),
        (b"/JS", "JavaScript"),
        (b"/Launch", "an action that starts a program (/Launch)"),
        (b"/EmbeddedFiles", "embedded files"),
        (b"/EmbeddedFile", "embedded files"),
    ] {
        if has_name(bytes, name) {
            return Err(active(what));
        }
    }
    let mut doc = Document::load_mem(bytes).map_err(|e| {
        refused(
            format!("the PDF cannot be read: {e}"),
            "open it in a PDF reader and save or print it again as PDF",
        )
    })?;
    if doc.trailer.has(b"Encrypt") {
        return Err(refused(
            "the PDF is encrypted",
            "save it again without a password",
        ));
    }
    if doc.get_pages().is_empty() {
        return Err(refused(
            "the PDF has no pages",
            "attach the PDF of the signed decision",
        ));
    }
    // Inside compressed object streams the names above are not visible in the raw bytes.
    for object in doc.objects.values() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        if let Some(what) = active_content(dict) {
            return Err(active(what));
        }
    }
    strip_metadata(&mut doc);
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).map_err(|e| {
        refused(
            format!("the PDF cannot be written again: {e}"),
            "save or print it again as PDF",
        )
    })?;
    Ok(out)
}

fn active(what: &str) -> Refused {
    refused(
        format!("the PDF contains {what}, which a published decision must not"),
        "print the decision to a new PDF (Print → Save as PDF) and attach that one",
    )
}

/// Removes the document information dictionary and every XMP metadata stream.
fn strip_metadata(doc: &mut Document) {
    doc.trailer.remove(b"Info");
    for object in doc.objects.values_mut() {
        match object {
            Object::Dictionary(d) => {
                d.remove(b"Metadata");
                d.remove(b"PieceInfo");
            }
            Object::Stream(s) => {
                s.dict.remove(b"Metadata");
                s.dict.remove(b"PieceInfo");
            }
            _ => {}
        }
    }
    doc.prune_objects();
}
