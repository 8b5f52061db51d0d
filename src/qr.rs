//! QR codes as inline SVG, so a printed certificate, a board or a phone held to a screen
//! leads to the profile without a script or an image request.

use std::fmt::Write;

use fast_qr::{QRBuilder, ECL};

/// Light modules around the code, as the standard asks, so scanners find its edges.
const QUIET: usize = 4;

/// A QR code's modules, one bit each: what a build keeps of a profile's code between the
/// pages that show it (its page, its certificate, its year's board). Kept as drawn SVG, the
/// codes of 100,000 profiles held over 500 MB; as bits, about 20 MB.
pub struct Code {
    width: usize,
    dark: Box<[u64]>,
}

impl Code {
    /// The QR code of `text`, or `None` when the text is too long for any QR code. Level M
    /// survives a scratched or folded print (15 % of the modules).
    pub fn new(text: &str) -> Option<Code> {
        let code = QRBuilder::new(text.as_bytes()).ecl(ECL::M).build().ok()?;
        let width = code.size;
        let mut dark = vec![0u64; (width * width).div_ceil(64)].into_boxed_slice();
        for (i, module) in code.data[..width * width].iter().enumerate() {
            if module.value() {
                dark[i / 64] |= 1 << (i % 64);
            }
        }
        Some(Code { width, dark })
    }

    #[cfg(test)]
    fn is_dark(&self, x: usize, y: usize) -> bool {
        let i = y * self.width + x;
        self.dark[i / 64] & (1 << (i % 64)) != 0
    }

    /// The first module from `from` (counted along the rows) up to `end` that is dark, or
    /// light, when `dark` is false; `end` when there is none. A word of 64 modules at a
    /// time: the runs of a code are looked for in every page and certificate drawn.
    fn next(&self, from: usize, end: usize, dark: bool) -> usize {
        let mut i = from;
        while i < end {
            let word = self.dark[i / 64];
            let word = if dark { word } else { !word } >> (i % 64);
            if word != 0 {
                return (i + word.trailing_zeros() as usize).min(end);
            }
            i = (i / 64 + 1) * 64;
        }
        end
    }

    /// The code as an `<svg>` element. The drawing is hidden from screen readers: the page
    /// says in words what it leads to.
    pub fn svg(&self) -> String {
        let width = self.width;
        let size = width + 2 * QUIET;
        // Written straight into one string: this runs for every profile of a build.
        let mut svg = String::with_capacity(width * width * 2);
        let _ = write!(
            svg,
            "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" fill=\"none\" d=\""
        );
        // Each run of dark modules in a row is a line one module thick through the row's
        // middle: `M{x} {y}.5h{run}` for a row's first, then `m{gap} 0h{run}` from the end
        // of the one before. Half the bytes of a rectangle per run (`M{x} {y}h{run}v1h-{run}z`),
        // and a code is in every profile's page and certificate.
        for y in 0..width {
            let (row, row_end) = (y * width, (y + 1) * width);
            let mut end = None;
            let mut at = self.next(row, row_end, true);
            while at < row_end {
                let run_end = self.next(at, row_end, false);
                let start = at - row;
                match end {
                    None => {
                        svg.push('M');
                        number(&mut svg, start + QUIET);
                        svg.push(' ');
                        number(&mut svg, y + QUIET);
                        svg.push_str(".5h");
                    }
                    Some(e) => {
                        svg.push('m');
                        number(&mut svg, start - e);
                        svg.push_str(" 0h");
                    }
                }
                number(&mut svg, run_end - at);
                end = Some(run_end - row);
                at = self.next(run_end, row_end, true);
            }
        }
        svg.push_str("\"/></svg>");
        svg
    }
}

/// The QR code of `text` as an `<svg>` element (see [`Code`]), or `None` when the text is
/// too long for any QR code.
pub fn svg(text: &str) -> Option<String> {
    Code::new(text).map(|c| c.svg())
}

/// Appends `n` (below 1,000; a version 40 code with its quiet zone is 185 wide) in decimal,
/// without the formatting machinery: a code's path has hundreds of numbers, and there is a
/// code for every profile of a build.
fn number(out: &mut String, n: usize) {
    if n >= 100 {
        out.push(char::from(b'0' + (n / 100 % 10) as u8));
    }
    if n >= 10 {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_decimals() {
        for n in 0..1000 {
            let mut s = String::new();
            number(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn a_code_has_its_quiet_zone_and_only_its_own_markup() {
        let svg = svg("https://vinhdanh.example.gov.vn/cong-dan-uu-tu/2023/a/").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""));
        // Version 4 for a URL of this length: 33 modules and 8 of quiet zone.
        assert!(svg.contains("viewBox=\"0 0 41 41\""), "{svg}");
        assert!(svg.contains("M4 4.5h7m"), "the finder pattern's top row");
        assert!(svg.contains("<path stroke=\"#000\" fill=\"none\" d=\"M4 4.5h7m"));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn the_kept_bits_are_the_encoder_s_modules() {
        let text = "https://vinhdanh.example.gov.vn/cong-dan-uu-tu/2023/nguyen-van-duc-12345/";
        let reference = QRBuilder::new(text.as_bytes()).ecl(ECL::M).build().unwrap();
        let code = Code::new(text).unwrap();
        assert_eq!(code.width, reference.size);
        for y in 0..code.width {
            for x in 0..code.width {
                let module = reference.data[y * reference.size + x].value();
                assert_eq!(code.is_dark(x, y), module, "module ({x}, {y})");
            }
        }
    }

    /// The path drawn back into modules: every run it strokes, row by row.
    fn modules_of(svg: &str) -> std::collections::BTreeSet<(usize, usize)> {
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut dark = std::collections::BTreeSet::new();
        let (mut x, mut y) = (0usize, 0usize);
        for part in d.split(['M', 'm']).skip(1) {
            let (moved, run) = part.split_once('h').unwrap();
            let (dx, dy) = moved.split_once(' ').unwrap();
            if dy == "0" {
                x += dx.parse::<usize>().unwrap();
            } else {
                x = dx.parse().unwrap();
                y = dy.trim_end_matches(".5").parse().unwrap();
            }
            let run: usize = run.parse().unwrap();
            dark.extend((x..x + run).map(|c| (c, y)));
            x += run;
        }
        dark
    }

    #[test]
    fn the_path_strokes_exactly_the_dark_modules() {
        // A short address, and one long enough that a row spans two words of 64 modules.
        let long = format!("https://vinhdanh.example.gov.vn/{}/", "a".repeat(300));
        for text in [
            "https://vinhdanh.example.gov.vn/tap-the-dien-hinh/htx-a/",
            &long,
        ] {
            strokes_exactly_the_dark_modules(text);
        }
    }

    fn strokes_exactly_the_dark_modules(text: &str) {
        let code = Code::new(text).unwrap();
        assert!(text.len() < 100 || code.width > 64, "{}", code.width);
        let mut expected = std::collections::BTreeSet::new();
        for y in 0..code.width {
            for x in 0..code.width {
                if code.is_dark(x, y) {
                    expected.insert((x + QUIET, y + QUIET));
                }
            }
        }
        assert_eq!(modules_of(&code.svg()), expected);
    }

    #[test]
    fn text_too_long_for_any_code_gives_none() {
        assert!(svg(&"x".repeat(5000)).is_none());
    }
}
