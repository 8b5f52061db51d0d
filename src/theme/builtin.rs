//! What the binary carries of themes: the default theme, so that a site needs no theme
//! folder and `vinhdanh init` works anywhere, and the templates every theme shares (the
//! share tags of `<head>`, the JSON-LD, the search hooks and form, photo markup), which a
//! theme or site overrides with a template of the same name, and the pages that are one
//! sheet of paper or a lobby's screen (a profile's certificate, a year's board, the kiosk),
//! with their style sheets and script.
//!
//! The default theme's list of files is generated at compile time by the crate's build
//! script from `themes/default/` (see `build.rs`); a test below checks it against the folder.

#[cfg(test)]
use std::path::Path;

/// Every file of `themes/default/`: path relative to the theme folder (with `/`), bytes.
pub const DEFAULT_THEME: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// The templates the generator provides to every theme (documented in `docs/themes.md`).
pub const SHARED_TEMPLATES: &[(&str, &str)] = &[
    (
        "partials/share_tags.html",
        include_str!("shared/partials/share_tags.html"),
    ),
    (
        "partials/search_head.html",
        include_str!("shared/partials/search_head.html"),
    ),
    (
        "partials/search_form.html",
        include_str!("shared/partials/search_form.html"),
    ),
    (
        "partials/search_page_form.html",
        include_str!("shared/partials/search_page_form.html"),
    ),
    (
        "partials/jsonld.html",
        include_str!("shared/partials/jsonld.html"),
    ),
    (
        "partials/photo.html",
        include_str!("shared/partials/photo.html"),
    ),
    ("partials/qr.html", include_str!("shared/partials/qr.html")),
    (
        "partials/withdrawn.html",
        include_str!("shared/partials/withdrawn.html"),
    ),
    (
        "partials/withdrawn_notice.html",
        include_str!("shared/partials/withdrawn_notice.html"),
    ),
    ("print.html", include_str!("shared/print.html")),
    ("board.html", include_str!("shared/board.html")),
    ("kiosk.html", include_str!("shared/kiosk.html")),
    ("register.html", include_str!("shared/register.html")),
    ("decision.html", include_str!("shared/decision.html")),
    ("timeline.html", include_str!("shared/timeline.html")),
    (
        "consultations.html",
        include_str!("shared/consultations.html"),
    ),
    (
        "consultation.html",
        include_str!("shared/consultation.html"),
    ),
    (
        "partials/round_status.html",
        include_str!("shared/partials/round_status.html"),
    ),
    ("data.html", include_str!("shared/data.html")),
    (
        "partials/open_rounds.html",
        include_str!("shared/partials/open_rounds.html"),
    ),
];

/// The static files of the shared pages (certificate, board, kiosk, embedded card): path in the output,
/// bytes. Written unless the theme or the site ships a file at the same path.
pub const SHARED_STATIC: &[(&str, &[u8])] = &[
    (
        crate::paths::PRINT_CSS,
        include_bytes!("shared/static/css/print.css"),
    ),
    (
        crate::paths::KIOSK_CSS,
        include_bytes!("shared/static/css/kiosk.css"),
    ),
    (
        crate::paths::KIOSK_JS,
        include_bytes!("shared/static/js/kiosk.js"),
    ),
    (
        crate::paths::EMBED_JS,
        include_bytes!("shared/static/js/nhung.js"),
    ),
];

/// The file of the default theme at `rel` (`i18n/vi.yaml`).
pub fn default_file(rel: &str) -> Option<&'static [u8]> {
    DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == rel)
        .map(|(_, b)| *b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded list is exactly the repository's theme folder, byte for byte.
    #[test]
    fn embedded_theme_matches_the_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter(|e| {
                let n = e.file_name().to_string_lossy();
                !n.starts_with('.') && !n.ends_with('~')
            })
            .map(|e| {
                let rel = e.path().strip_prefix(&dir).unwrap().to_string_lossy();
                (rel.replace('\\', "/"), std::fs::read(e.path()).unwrap())
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<(String, Vec<u8>)> = DEFAULT_THEME
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&embedded), names(&on_disk));
        assert!(
            embedded == on_disk,
            "an embedded file differs from the folder"
        );
        assert!(embedded.iter().any(|(p, _)| p == "templates/base.html"));
    }
}
