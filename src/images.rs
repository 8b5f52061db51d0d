//! Photos: the one API through which templates receive images.
//!
//! The build first *plans* every photo ([`Photos::plan`]): it checks the file is an image,
//! reads its size and decides the output names, so templates get a complete [`PhotoSet`]
//! before anything is written. The files are produced later, in one pass
//! ([`Photos::write`]), into the staging folder.
//!
//! For now a photo is published as it is (one rendition, the original file); the image
//! pipeline replaces what is behind this API without changing the shapes templates see.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::config::ImageSettings;
use crate::content::{Asset, Focus};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// One rendition of a photo: a file and its size.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Image {
    /// Path relative to the site root (templates get it as a URL).
    pub src: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A modern-format alternative for `<picture>`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// MIME type, e.g. `image/webp`.
    #[serde(rename = "type")]
    pub mime: String,
    /// Renditions in that format.
    pub images: Vec<Image>,
}

/// Everything a template needs to show one photo well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoSet {
    /// Renditions in the fallback format (JPEG), smallest first.
    pub fallback: Vec<Image>,
    /// Modern formats, for `<source>` elements.
    pub sources: Vec<Source>,
    /// Square crop for cards.
    pub thumb: Image,
    /// 1200×630 (or smaller) image for social sharing.
    pub share: Image,
    /// Where the square crop is anchored.
    pub focus: Focus,
}

impl PhotoSet {
    /// The largest fallback rendition.
    pub fn largest(&self) -> &Image {
        // A set always has at least one rendition (see `plan`).
        self.fallback.last().unwrap_or(&self.thumb)
    }
}

/// The photos of one build: planned while the model is built, written with the site.
pub struct Photos {
    settings: ImageSettings,
    /// Output path (relative to the site root) → source file.
    jobs: Mutex<BTreeMap<String, PathBuf>>,
}

impl Photos {
    /// An empty plan.
    pub fn new(settings: ImageSettings) -> Photos {
        Photos {
            settings,
            jobs: Mutex::new(BTreeMap::new()),
        }
    }

    /// The settings photos are made with.
    pub fn settings(&self) -> &ImageSettings {
        &self.settings
    }

    /// Checks `asset` is a readable image and decides its renditions. `owner` is the profile
    /// file that names the photo, for the error message.
    pub fn plan(&self, asset: &Asset, owner: &Path, focus: Focus) -> Result<PhotoSet, Diagnostic> {
        let bytes = std::fs::read(&asset.abs).map_err(|e| {
            Diagnostic::new(
                owner,
                asset.pos,
                format!("cannot read the photo `{}`: {e}", asset.rel.display()),
            )
        })?;
        let format = image::guess_format(&bytes).map_err(|_| not_an_image(asset, owner))?;
        let ext = match format {
            image::ImageFormat::Jpeg => "jpg",
            image::ImageFormat::Png => "png",
            image::ImageFormat::WebP => "webp",
            _ => return Err(not_an_image(asset, owner)),
        };
        let reader = image::ImageReader::with_format(std::io::Cursor::new(&bytes), format);
        let (width, height) = reader.into_dimensions().map_err(|e| {
            Diagnostic::new(
                owner,
                asset.pos,
                format!("the photo `{}` is damaged: {e}", asset.rel.display()),
            )
            .hint("open it in an image viewer and save it again as JPEG")
        })?;
        let stem = asset
            .abs
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("photo");
        let out = format!(
            "media/{}-{:016x}.{ext}",
            crate::slug::slugify(stem),
            fnv1a(&bytes)
        );
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(out.clone(), asset.abs.clone());
        let image = Image {
            src: out,
            width,
            height,
        };
        Ok(PhotoSet {
            fallback: vec![image.clone()],
            sources: Vec::new(),
            thumb: image.clone(),
            share: image,
            focus,
        })
    }

    /// Produces every planned file under `out_dir`.
    pub fn write(&self, out_dir: &Path, d: &mut Diagnostics) {
        let jobs = std::mem::take(&mut *self.jobs.lock().unwrap_or_else(|e| e.into_inner()));
        for (out, src) in jobs {
            let dest = out_dir.join(&out);
            let result = dest
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|_| std::fs::copy(&src, &dest).map(|_| ()));
            if let Err(e) = result {
                d.push(Diagnostic::new(
                    &src,
                    crate::diagnostics::Pos::START,
                    format!("cannot write the photo to {}: {e}", dest.display()),
                ));
            }
        }
    }
}

fn not_an_image(asset: &Asset, owner: &Path) -> Diagnostic {
    Diagnostic::new(owner, asset.pos, format!("the photo `{}` is not a JPEG, PNG or WebP image", asset.rel.display()))
        .hint("photos from phones set to HEIC must be converted to JPEG first (e.g. in the Photos app: Export → JPEG, or `heif-convert photo.heic photo.jpg`)")
}

/// A small, stable content hash for cache-busting file names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
