//! Bar charts drawn as SVG at build time: no chart library in the browser, nothing to run.
//!
//! Each bar has its label on its own line above it, so long names (districts, award titles)
//! stay readable on a phone without shrinking the text. The SVG scales to its container;
//! colours come from classes (`chart__bar`, `chart__label`, `chart__value`) so themes and
//! dark mode restyle them, with presentation attributes as the fallback.

use crate::render::feeds::escape;

/// The most bars a chart draws; the page's table lists every row.
pub const MAX_BARS: usize = 12;

const WIDTH: u32 = 400;
const ROW: u32 = 46;
const BAR: u32 = 16;
/// Room right of the longest bar for its number.
const VALUE_ROOM: u32 = 70;
/// The longest label that fits the chart's width at its font size; longer ones are cut
/// with "…" (the table under the chart has them in full).
const MAX_LABEL: usize = 42;

fn shorten(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        return label.to_string();
    }
    let cut: String = label.chars().take(MAX_LABEL - 1).collect();
    format!("{}…", cut.trim_end())
}

/// One bar: its label and its count, already formatted for the language.
pub struct Bar<'a> {
    /// The label, plain text.
    pub label: &'a str,
    /// The count.
    pub count: usize,
    /// The count as written on the page (`1.234`).
    pub value: String,
}

/// A horizontal bar chart titled `title`. `id` must be unique on the page.
pub fn bar_chart(id: &str, title: &str, bars: &[Bar]) -> String {
    let bars = &bars[..bars.len().min(MAX_BARS)];
    let height = ROW * bars.len() as u32 + 4;
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let span = WIDTH - VALUE_ROOM;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-title\" preserveAspectRatio=\"xMinYMin meet\">\
         <title id=\"{id}-title\">{}</title>",
        escape(title)
    );
    for (n, b) in bars.iter().enumerate() {
        let top = ROW * n as u32;
        // A bar is at least 2 units wide, so a count of one still shows.
        let w = ((b.count as u64 * span as u64) / max as u64).max(2) as u32;
        svg.push_str(&format!(
            "<g class=\"chart__row\">\
             <text class=\"chart__label\" x=\"0\" y=\"{ly}\" font-size=\"16\" fill=\"currentColor\">{label}</text>\
             <rect class=\"chart__bar\" x=\"0\" y=\"{by}\" width=\"{w}\" height=\"{BAR}\" rx=\"2\" fill=\"#9b1c1c\"/>\
             <text class=\"chart__value\" x=\"{vx}\" y=\"{vy}\" font-size=\"16\" font-weight=\"bold\" fill=\"currentColor\">{value}</text>\
             </g>",
            ly = top + 16,
            by = top + 22,
            vx = w + 8,
            vy = top + 36,
            label = escape(&shorten(b.label)),
            value = escape(&b.value),
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar<'a>(label: &'a str, count: usize) -> Bar<'a> {
        Bar {
            label,
            count,
            value: count.to_string(),
        }
    }

    #[test]
    fn bars_are_proportional_and_labels_escaped() {
        let svg = bar_chart(
            "c",
            "A & B",
            &[bar("Nông <nghiệp>", 10), bar("Giáo dục", 5)],
        );
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("<title id=\"c-title\">A &amp; B</title>"));
        assert!(svg.contains("Nông &lt;nghiệp&gt;"));
        assert!(svg.contains("width=\"330\""), "{svg}");
        assert!(svg.contains("width=\"165\""), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn long_lists_are_cut_and_tiny_counts_stay_visible() {
        let labels: Vec<String> = (0..30).map(|i| format!("x{i}")).collect();
        let mut bars: Vec<Bar> = labels.iter().map(|l| bar(l, 1000)).collect();
        bars.push(bar("tiny", 1));
        let svg = bar_chart("c", "t", &bars);
        assert_eq!(svg.matches("<rect").count(), MAX_BARS);
        let svg = bar_chart("c", "t", &[bar("a", 100_000), bar("b", 1)]);
        assert!(svg.contains("width=\"2\""), "{svg}");
        let long = "Bằng khen của Chủ tịch UBND tỉnh về thành tích dũng cảm cứu người";
        let svg = bar_chart("c", "t", &[bar(long, 1)]);
        assert!(
            svg.contains("Bằng khen của Chủ tịch UBND tỉnh về thành…<"),
            "{svg}"
        );
    }
}
