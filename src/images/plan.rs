//! Which renditions a photo gets, computed from its (upright) size alone, so that templates
//! know every file name and size before a pixel is decoded, and a cached photo needs no
//! decoding at all.

use crate::config::ImageSettings;

/// Side of the square card thumbnail, in pixels.
pub const THUMB: u32 = 320;
/// Size of the social-sharing image (Open Graph's recommended 1.91:1).
pub const SHARE: (u32, u32) = (1200, 630);

/// One output: its size, and whether it is cropped to that aspect ratio (true) or the
/// whole photo scaled (false).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rendition {
    /// Output width.
    pub width: u32,
    /// Output height.
    pub height: u32,
    /// Cropped to the output's aspect ratio at the photo's focus.
    pub crop: bool,
    /// Short name used in the file name (`640`, `sq`, `og`).
    pub tag: &'static str,
}

impl Rendition {
    /// The rendition's name in file names: its tag, or its width for responsive widths.
    pub fn name(&self) -> String {
        if self.tag.is_empty() {
            self.width.to_string()
        } else {
            self.tag.to_string()
        }
    }
}

/// The responsive widths of a `width`×`height` photo: every configured width narrower than
/// the photo, and the photo's own width once if any configured width is not (never
/// upscaled).
pub fn widths(settings: &ImageSettings, width: u32, height: u32) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = settings
        .widths
        .iter()
        .filter(|&&w| w < width)
        .map(|&w| (w, scaled(height, w, width)))
        .collect();
    if settings.widths.iter().any(|&w| w >= width) {
        out.push((width, height));
    }
    out
}

/// The square thumbnail: `THUMB` pixels, or the photo's short side when smaller.
pub fn thumb(width: u32, height: u32) -> (u32, u32) {
    let side = THUMB.min(width).min(height).max(1);
    (side, side)
}

/// The sharing image: 1200×630, or the largest 1.91:1 crop of a smaller photo.
pub fn share(width: u32, height: u32) -> (u32, u32) {
    let (sw, sh) = SHARE;
    // The largest crop of the photo with the sharing aspect ratio.
    let (cw, ch) = if u64::from(width) * u64::from(sh) > u64::from(height) * u64::from(sw) {
        (scaled(height, sw, sh), height)
    } else {
        (width, scaled(width, sh, sw))
    };
    if cw >= sw {
        (sw, sh)
    } else {
        (cw.max(1), ch.max(1))
    }
}

/// `value * num / den`, rounded, at least 1.
fn scaled(value: u32, num: u32, den: u32) -> u32 {
    ((u64::from(value) * u64::from(num) + u64::from(den) / 2) / u64::from(den)).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> ImageSettings {
        ImageSettings {
            widths: vec![320, 640, 1280],
            quality: 80,
        }
    }

    #[test]
    fn never_upscales_and_adds_the_own_width_once() {
        assert_eq!(
            widths(&settings(), 4000, 3000),
            vec![(320, 240), (640, 480), (1280, 960)]
        );
        assert_eq!(
            widths(&settings(), 900, 1200),
            vec![(320, 427), (640, 853), (900, 1200)]
        );
        assert_eq!(widths(&settings(), 200, 100), vec![(200, 100)]);
        assert_eq!(
            widths(&settings(), 1280, 720),
            vec![(320, 180), (640, 360), (1280, 720)]
        );
    }

    #[test]
    fn thumbs_and_share_images_are_never_upscaled() {
        assert_eq!(thumb(4000, 3000), (320, 320));
        assert_eq!(thumb(200, 500), (200, 200));
        assert_eq!(share(4000, 3000), (1200, 630));
        assert_eq!(share(900, 1200), (900, 473));
        assert_eq!(share(600, 200), (381, 200));
    }
}
