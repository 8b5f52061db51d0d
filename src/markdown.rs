//! Markdown stories to safe HTML.
//!
//! Profile stories often come from submissions by the public, so the HTML that
//! pulldown-cmark makes (including raw HTML written in the Markdown) goes through ammonia:
//! scripts, event handlers, inline styles and `javascript:`/`data:` URLs are removed, and external
//! links get `rel="noopener noreferrer"`.

use std::sync::OnceLock;

use pulldown_cmark::{html, Options, Parser};

/// Renders Markdown (tables, footnotes, strikethrough) and sanitises the result.
pub fn to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    // Table alignment becomes a class, so pages need no inline styles and a strict
    // Content-Security-Policy holds.
    if raw.contains(" style=\"text-align: ") {
        for align in ["left", "center", "right"] {
            raw = raw.replace(
                &format!(" style=\"text-align: {align}\""),
                &format!(" class=\"align-{align}\""),
            );
        }
    }
    let html = sanitizer().clean(&raw).to_string();
    // A story that is only a comment (as `vinhdanh new` writes it) is no story.
    if html.trim().is_empty() {
        String::new()
    } else {
        html
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // Footnotes link to their definitions by id; keep ids and the classes that style them.
        b.add_generic_attributes(["id"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("div", ["class"])
            .add_tag_attributes("td", ["class"])
            .add_tag_attributes("th", ["class"])
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_footnotes_strikethrough() {
        let html = to_html("| a | b |\n|---|--:|\n| 1 | 2 |\n\nText[^1] ~~old~~\n\n[^1]: Note.\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
        assert!(html.contains("class=\"align-right\""), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = to_html(
            "Hi <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) \
             <a href=\"JaVaScRiPt:alert(4)\">y</a> <iframe src=https://e.vn></iframe>",
        );
        for bad in [
            "<script",
            "onerror",
            "javascript",
            "JaVaScRiPt",
            "<iframe",
            "alert(1)",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
    }

    #[test]
    fn ordinary_links_get_rel() {
        let html = to_html("[báo](https://baobacgiang.vn/a)");
        assert!(html.contains("href=\"https://baobacgiang.vn/a\""), "{html}");
        assert!(html.contains("noopener"), "{html}");
    }
}
