//! The scripts the binary carries (the search client, the kiosk's), minified before they are
//! written: a first search on a cheap phone downloads the search client before anything
//! else, and its comments and long names are a third of a first query's bytes.
//!
//! The sources stay readable in the repository; `oxc` (already built for `minify-html`)
//! compresses and renames them once per run. A script it cannot parse is written as it is:
//! the build must not fail over a smaller download, and the browser tests run the
//! minified scripts, so a minifier fault shows there.

use std::borrow::Cow;

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions, CommentOptions};
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// `source` minified, or unchanged when it does not parse or would not shrink.
pub fn minify(source: &[u8]) -> Cow<'_, [u8]> {
    let Ok(text) = std::str::from_utf8(source) else {
        return Cow::Borrowed(source);
    };
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, SourceType::cjs()).parse();
    if parsed.panicked || !parsed.errors.is_empty() {
        return Cow::Borrowed(source);
    }
    let mut program = parsed.program;
    // The safest compression: names kept where code could read them, no guesses about
    // what a call does.
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions::safest()),
    };
    let done = Minifier::new(options).minify(&allocator, &mut program);
    let code = Codegen::new()
        .with_options(CodegenOptions {
            minify: true,
            comments: CommentOptions::disabled(),
            ..CodegenOptions::default()
        })
        .with_scoping(done.scoping)
        .build(&program)
        .code;
    if code.len() < source.len() {
        Cow::Owned(code.into_bytes())
    } else {
        Cow::Borrowed(source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_local_names_go_strings_and_globals_stay() {
        let source = b"// The greeting.\n(function () {\n  var greeting = 'xin ch\xc3\xa0o';\n  window.vinhdanhSearch = function (longName) { return greeting + longName; };\n})();\n";
        let min = minify(source);
        let text = std::str::from_utf8(&min).unwrap();
        assert!(min.len() < source.len(), "{text}");
        assert!(
            !text.contains("greeting") && !text.contains("longName"),
            "{text}"
        );
        assert!(
            text.contains("xin chào") && text.contains("window.vinhdanhSearch"),
            "{text}"
        );
    }

    #[test]
    fn a_script_that_does_not_parse_is_written_unchanged() {
        let broken = b"function ( { nope";
        assert_eq!(&*minify(broken), broken);
        let not_utf8 = b"var a = '\xff';";
        assert_eq!(&*minify(not_utf8), not_utf8);
    }
}
