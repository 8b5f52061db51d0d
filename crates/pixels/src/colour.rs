//! True colour. Phones save photos in Display P3 and cameras often in Adobe RGB, and say so
//! in an embedded ICC profile; the renditions carry no profile, and browsers read such
//! numbers as sRGB: reds and greens come out dull or shifted. So a photo with a profile other
//! than sRGB is converted to sRGB (with `moxcms`, the colour engine the `image` crate uses)
//! right after decoding, before it is resized, and the profile is then dropped.

use image::RgbImage;
use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};

/// Converts `img`, whose numbers are in the colour space of the ICC profile `icc`, to sRGB.
/// A profile that cannot be read, is not RGB, or is sRGB already leaves the pixels as they
/// are: a photo is never refused for its profile.
pub fn to_srgb(img: &mut RgbImage, icc: &[u8]) {
    let Ok(source) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    let srgb = ColorProfile::new_srgb();
    if source.color_space != DataColorSpace::Rgb || same_primaries(&source, &srgb) {
        return;
    }
    let Ok(transform) =
        source.create_transform_8bit(Layout::Rgb, &srgb, Layout::Rgb, TransformOptions::default())
    else {
        return;
    };
    let mut out = vec![0u8; img.as_raw().len()];
    if transform.transform(img.as_raw(), &mut out).is_ok() {
        if let Some(converted) = RgbImage::from_raw(img.width(), img.height(), out) {
            *img = converted;
        }
    }
}

/// Whether two profiles have the same primaries and white: an sRGB profile embedded by a
/// camera or an editor needs no conversion (most JPEGs with a profile have this one).
fn same_primaries(a: &ColorProfile, b: &ColorProfile) -> bool {
    let close = |x: moxcms::Xyzd, y: moxcms::Xyzd| {
        (x.x - y.x).abs() < 0.002 && (x.y - y.y).abs() < 0.002 && (x.z - y.z).abs() < 0.002
    };
    close(a.red_colorant, b.red_colorant)
        && close(a.green_colorant, b.green_colorant)
        && close(a.blue_colorant, b.blue_colorant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_srgb_profile_changes_nothing_and_a_broken_one_is_ignored() {
        let mut img = RgbImage::from_pixel(4, 4, image::Rgb([200, 80, 60]));
        let srgb = ColorProfile::new_srgb().encode().unwrap();
        to_srgb(&mut img, &srgb);
        assert_eq!(img.get_pixel(0, 0).0, [200, 80, 60]);
        to_srgb(&mut img, b"not a profile");
        assert_eq!(img.get_pixel(0, 0).0, [200, 80, 60]);
    }

    #[test]
    fn display_p3_becomes_srgb() {
        let mut img = RgbImage::from_pixel(4, 4, image::Rgb([200, 80, 60]));
        to_srgb(&mut img, &ColorProfile::new_display_p3().encode().unwrap());
        let [r, g, b] = img.get_pixel(0, 0).0;
        // The reference conversion (P3-D65 → sRGB, both with the sRGB curve): 217, 68, 50.
        assert!(
            r.abs_diff(217) <= 2 && g.abs_diff(68) <= 2 && b.abs_diff(50) <= 2,
            "{r} {g} {b}"
        );
    }
}
