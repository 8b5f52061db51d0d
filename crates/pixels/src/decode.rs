//! Reading photos as they come from phones and cameras: checking what a file really is,
//! refusing decompression bombs and truncated files, decoding JPEGs at a reduced scale in the
//! DCT domain when the outputs are much smaller, turning the pixels upright, and into sRGB
//! (see [`crate::colour`]).

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, RgbImage};

/// Largest photo accepted, in pixels (a 100-megapixel camera is far beyond any phone).
pub const MAX_PIXELS: u64 = 100_000_000;
/// Memory the PNG and WebP decoders may use.
const MAX_ALLOC: u64 = 1 << 30;

/// What is wrong with a photo, in words for the person who supplied it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

fn problem(message: impl Into<String>, hint: &'static str) -> Problem {
    Problem {
        message: message.into(),
        hint,
    }
}

const RESAVE: &str = "open it in an image viewer or editor and save it again as JPEG";

/// The formats we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JPEG (decoded with DCT scaling).
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    WebP,
}

/// What the header says: format and upright size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The format.
    pub format: Format,
    /// Width once the EXIF orientation is applied.
    pub width: u32,
    /// Height once the EXIF orientation is applied.
    pub height: u32,
    /// The EXIF orientation.
    pub orientation: Orientation,
}

/// Recognises the format by content (not by file name), reads the size and orientation, and
/// checks the limits, without decoding pixels.
pub fn header(bytes: &[u8]) -> Result<Header, Problem> {
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = String::from_utf8_lossy(&bytes[8..12]).to_string();
        if ["heic", "heix", "hevc", "mif1", "msf1", "heim", "heis"].contains(&brand.as_str()) {
            return Err(problem(
                "this is a HEIC photo (the iPhone's format), whatever its file name says",
                "convert it to JPEG first: on the iPhone set Settings → Camera → Formats → Most Compatible, or export as JPEG, or run `heif-convert photo.heic photo.jpg`",
            ));
        }
        if brand.starts_with("avi") {
            return Err(problem(
                "this is an AVIF image, which is not supported yet",
                "save it as JPEG",
            ));
        }
    }
    let format = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => Format::Jpeg,
        Ok(image::ImageFormat::Png) => Format::Png,
        Ok(image::ImageFormat::WebP) => Format::WebP,
        Ok(other) => {
            return Err(problem(
                format!("{other:?} images are not supported"),
                "save the photo as JPEG (or PNG for screenshots)",
            ))
        }
        Err(_) if bytes.is_empty() => {
            return Err(problem(
                "the photo file is empty",
                "copy the photo again from the camera or phone",
            ))
        }
        Err(_) => {
            return Err(problem(
                "this file is not an image",
                "use a JPEG photo, or a PNG for screenshots",
            ))
        }
    };
    let image_format = match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::WebP => image::ImageFormat::WebP,
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), image_format);
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(),
        e => problem(format!("the photo is damaged: {e}"), RESAVE),
    })?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(problem(
            format!(
                "the photo is {w}×{h} pixels, more than the {} megapixels allowed",
                MAX_PIXELS / 1_000_000
            ),
            TOO_LARGE_HINT,
        ));
    }
    if w == 0 || h == 0 {
        return Err(problem("the photo has no pixels", RESAVE));
    }
    if format == Format::Jpeg && !has_jpeg_end(bytes) {
        return Err(problem(
            "the photo is cut off (the end of the JPEG is missing)",
            "copy it again from the original: the file was not completely transferred",
        ));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (width, height) = if swaps_sides(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    Ok(Header {
        format,
        width,
        height,
        orientation,
    })
}

const TOO_LARGE_HINT: &str = "resize it to at most 4000 pixels wide before adding it";

fn too_large() -> Problem {
    problem(
        format!(
            "the photo is too large to process safely (over {} megapixels or {} MiB of memory)",
            MAX_PIXELS / 1_000_000,
            MAX_ALLOC >> 20
        ),
        TOO_LARGE_HINT,
    )
}

fn limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_alloc = Some(MAX_ALLOC);
    l.max_image_width = Some(60_000);
    l.max_image_height = Some(60_000);
    l
}

/// A complete JPEG ends with the EOI marker (some cameras append a few bytes after it).
fn has_jpeg_end(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

fn swaps_sides(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Decodes the photo upright, as RGB. JPEGs are decoded at 1/2, 1/4 or 1/8 scale when every
/// output is at most `max_ratio` of the photo's size, which is far faster than decoding
/// 12–50 megapixels and throwing most away. Returns the image and the scale divisor used.
pub fn decode(bytes: &[u8], header: &Header, max_ratio: f64) -> Result<(RgbImage, u32), Problem> {
    let (img, divisor) = match header.format {
        Format::Jpeg => decode_jpeg(bytes, max_ratio)?,
        Format::Png | Format::WebP => {
            let format = if header.format == Format::Png {
                image::ImageFormat::Png
            } else {
                image::ImageFormat::WebP
            };
            let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
            reader.limits(limits());
            let damaged =
                |e: image::ImageError| problem(format!("the photo is damaged: {e}"), RESAVE);
            let mut decoder = reader.into_decoder().map_err(damaged)?;
            let icc = decoder.icc_profile().ok().flatten();
            let img = DynamicImage::from_decoder(decoder).map_err(damaged)?;
            let mut img = flatten(img);
            if let Some(icc) = icc {
                crate::colour::to_srgb(&mut img, &icc);
            }
            (img, 1)
        }
    };
    let mut upright = DynamicImage::ImageRgb8(img);
    upright.apply_orientation(header.orientation);
    Ok((upright.into_rgb8(), divisor))
}

fn decode_jpeg(bytes: &[u8], max_ratio: f64) -> Result<(RgbImage, u32), Problem> {
    let mut d = jpeg_decoder::Decoder::new(bytes);
    d.read_info()
        .map_err(|e| problem(format!("the photo is damaged: {e}"), RESAVE))?;
    let info = d
        .info()
        .ok_or_else(|| problem("the photo is damaged: no image header", RESAVE))?;
    let divisor = [8u32, 4, 2]
        .into_iter()
        .find(|k| max_ratio * f64::from(*k) <= 1.0)
        .unwrap_or(1);
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    if divisor > 1 {
        d.scale(w.div_ceil(divisor) as u16, h.div_ceil(divisor) as u16)
            .map_err(|e| problem(format!("the photo is damaged: {e}"), RESAVE))?;
    }
    let pixels = d
        .decode()
        .map_err(|e| problem(format!("the photo is damaged or cut off: {e}"), RESAVE))?;
    let info = d
        .info()
        .ok_or_else(|| problem("the photo is damaged", RESAVE))?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let rgb: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels,
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&v| [v, v, v]).collect(),
        jpeg_decoder::PixelFormat::L16 => pixels
            .chunks_exact(2)
            .flat_map(|c| [c[0], c[0], c[0]])
            .collect(),
        // Adobe CMYK JPEGs store inverted values.
        jpeg_decoder::PixelFormat::CMYK32 => pixels
            .chunks_exact(4)
            .flat_map(|c| {
                let k = u16::from(c[3]);
                [
                    (u16::from(c[0]) * k / 255) as u8,
                    (u16::from(c[1]) * k / 255) as u8,
                    (u16::from(c[2]) * k / 255) as u8,
                ]
            })
            .collect(),
    };
    let mut img =
        RgbImage::from_raw(w, h, rgb).ok_or_else(|| problem("the photo is damaged", RESAVE))?;
    // CMYK photos were turned into RGB above; their profile describes ink, not these numbers.
    if info.pixel_format == jpeg_decoder::PixelFormat::RGB24 {
        if let Some(icc) = d.icc_profile() {
            crate::colour::to_srgb(&mut img, &icc);
        }
    }
    Ok((img, divisor))
}

/// Transparent pixels (PNG screenshots, logos) are put on white: JPEG has no transparency.
fn flatten(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u16::from(p[3]);
        let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
    })
}
