//! Making the renditions of one photo: decode once, then resize (Lanczos3) and crop for
//! every output, and encode each as WebP and JPEG. Encoders here write pixels only, so no
//! EXIF, GPS, XMP or comment of the original reaches the site.

use fast_image_resize::images::Image as FirImage;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

use crate::decode::{self, Header, Problem};

/// An encoded output file: the rendition's name and extension, and its bytes.
pub struct Encoded {
    /// `640.webp`, `sq.jpg`, …
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Which formats a rendition is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formats {
    /// WebP and a JPEG fallback.
    Both,
    /// JPEG only (the sharing image: social networks want JPEG).
    JpegOnly,
}

/// One rendition to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// Its name in file names (`640`, `sq`, `og`).
    pub name: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Cropped to this aspect ratio around the point given as fractions of the width and the
    /// height (`(0.5, 0.0)`: centred, at the top), or `None` for the whole photo scaled.
    pub crop: Option<(f64, f64)>,
    /// The formats it is written in.
    pub formats: Formats,
}

/// Produces every rendition of a photo.
pub fn render(
    bytes: &[u8],
    header: &Header,
    outputs: &[Output],
    quality: u8,
) -> Result<Vec<Encoded>, Problem> {
    // The largest reduction any output needs decides how small the JPEG may be decoded.
    let max_ratio = outputs
        .iter()
        .map(|r| {
            let (cw, ch) = crop_size(header.width, header.height, r);
            (f64::from(r.width) / f64::from(cw)).max(f64::from(r.height) / f64::from(ch))
        })
        .fold(0.0, f64::max);
    let (img, _) = decode::decode(bytes, header, max_ratio)?;
    let src = FirImage::from_vec_u8(img.width(), img.height(), img.into_raw(), PixelType::U8x3)
        .map_err(|e| Problem {
            message: format!("cannot resize the photo: {e}"),
            hint: "save it again as JPEG",
        })?;
    let mut resizer = Resizer::new();
    let mut out = Vec::new();
    for r in outputs {
        let mut dst = FirImage::new(r.width, r.height, PixelType::U8x3);
        let mut options =
            ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
        if let Some(centre) = r.crop {
            options = options.fit_into_destination(Some(centre));
        }
        resizer
            .resize(&src, &mut dst, &options)
            .map_err(|e| Problem {
                message: format!("cannot resize the photo: {e}"),
                hint: "save it again as JPEG",
            })?;
        let rgb = RgbImage::from_raw(r.width, r.height, dst.into_vec()).ok_or_else(|| Problem {
            message: "cannot resize the photo".into(),
            hint: "save it again as JPEG",
        })?;
        if r.formats == Formats::Both {
            out.push(Encoded {
                name: format!("{}.webp", r.name),
                bytes: webp(&rgb, quality)?,
            });
        }
        out.push(Encoded {
            name: format!("{}.jpg", r.name),
            bytes: jpeg(&rgb, quality)?,
        });
    }
    Ok(out)
}

/// The part of the photo a rendition shows, in the photo's pixels.
fn crop_size(width: u32, height: u32, r: &Output) -> (u32, u32) {
    if r.crop.is_none() {
        return (width, height);
    }
    let (w, h) = (f64::from(width), f64::from(height));
    let ratio = f64::from(r.width) / f64::from(r.height);
    if w / h > ratio {
        ((h * ratio).round() as u32, height)
    } else {
        (width, (w / ratio).round() as u32)
    }
}

/// libwebp effort level: 4 is its default; 2 makes files 5–7% larger (still smaller than
/// Hugo's at the same quality) for about 30% less processing time (bench/photos.sh).
const WEBP_METHOD: i32 = 2;

fn webp(img: &RgbImage, quality: u8) -> Result<Vec<u8>, Problem> {
    let mut config = webp::WebPConfig::new().map_err(|_| encode_problem("WebP settings"))?;
    config.quality = f32::from(quality);
    config.method = WEBP_METHOD;
    webp::Encoder::from_rgb(img.as_raw(), img.width(), img.height())
        .encode_advanced(&config)
        .map(|m| m.to_vec())
        .map_err(|e| encode_problem(&format!("{e:?}")))
}

/// Baseline JPEG with 4:2:0 chroma subsampling (as cameras and Hugo write it) and Huffman
/// tables optimised for the picture, which saves 5–10% at identical pixels.
fn jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>, Problem> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    encoder.set_optimized_huffman_tables(true);
    let (w, h) = (u16::try_from(img.width()), u16::try_from(img.height()));
    let (Ok(w), Ok(h)) = (w, h) else {
        return Err(encode_problem("too large for JPEG"));
    };
    encoder
        .encode(img.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| encode_problem(&e.to_string()))?;
    Ok(out)
}

fn encode_problem(what: &str) -> Problem {
    Problem {
        message: format!("cannot encode the photo: {what}"),
        hint: "save it again as JPEG and report the problem if it persists",
    }
}
