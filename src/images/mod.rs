//! Photos: the one API through which templates receive images, and the pipeline behind it.
//!
//! The build first *plans* every photo ([`Photos::plan`]): it checks the file is a readable
//! image, reads its upright size and decides every rendition and file name, so templates get
//! a complete [`PhotoSet`] before a pixel is decoded. [`Photos::process`] then makes the
//! renditions that the cache does not have yet, in parallel across cores (each photo decoded
//! once, at reduced scale when possible), and [`Photos::write`] links them into the staging
//! folder. Originals are never published, and outputs carry no metadata.
//!
//! Each photo gets: the configured widths (never upscaled) as WebP and JPEG, a square
//! thumbnail cropped at `photo_focus` (WebP and JPEG), and a 1200×630 JPEG for sharing.

pub mod cache;
pub mod plan;

/// Reading photos (format, size, orientation, limits) and decoding them: in the `pixels` crate.
pub use pixels::decode;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::config::ImageSettings;
use crate::content::{Asset, Focus};
use crate::diagnostics::{Diagnostic, Diagnostics};
use cache::{Cache, Known};
use pixels::render::{Formats, Output};
use plan::Rendition;

/// Bumped whenever the pipeline's output changes, so cached renditions are remade.
const PIPELINE_VERSION: u32 = 2;

/// One rendition of a photo: a file and its size.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Image {
    /// Path relative to the site root (templates get it as a URL).
    pub src: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The same rendition as WebP, when there is one.
    pub webp: Option<String>,
}

/// A modern-format alternative for `<picture>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Source {
    /// MIME type, e.g. `image/webp`.
    #[serde(rename = "type")]
    pub mime: String,
    /// Renditions in that format.
    pub images: Vec<Image>,
}

/// Everything a template needs to show one photo well.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

/// A photo that the cache does not have yet.
struct Job {
    src: PathBuf,
    owner: PathBuf,
    asset_rel: PathBuf,
    pos: crate::diagnostics::Pos,
    focus: Focus,
    outputs: Vec<(Rendition, Formats)>,
}

/// The photos of one build: planned while the model is built, processed and written with
/// the site.
pub struct Photos {
    settings: ImageSettings,
    cache: Cache,
    /// Cache key → work to do, for entries the cache lacks.
    jobs: Mutex<BTreeMap<String, Job>>,
    /// Output path (relative to the site root) → cached file.
    links: Mutex<BTreeMap<String, PathBuf>>,
    processed: AtomicUsize,
}

impl Photos {
    /// An empty plan for the site at `root`.
    pub fn new(root: &Path, settings: ImageSettings) -> Photos {
        Photos {
            settings,
            cache: Cache::open(root),
            jobs: Mutex::default(),
            links: Mutex::default(),
            processed: AtomicUsize::new(0),
        }
    }

    /// Checks `asset` is a readable image and decides its renditions. `owner` is the profile
    /// file that names the photo, for the error message.
    pub fn plan(&self, asset: &Asset, owner: &Path, focus: Focus) -> Result<PhotoSet, Diagnostic> {
        let fail = |message: String, hint: &str| {
            Diagnostic::new(
                owner,
                asset.pos,
                format!("photo `{}`: {message}", asset.rel.display()),
            )
            .hint(hint)
        };
        let meta = std::fs::metadata(&asset.abs).map_err(|e| {
            fail(
                format!("cannot read it: {e}"),
                "check the file's permissions",
            )
        })?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let known = match self.cache.known(&asset.abs, meta.len(), mtime) {
            Some(k) => k,
            None => {
                let bytes = std::fs::read(&asset.abs).map_err(|e| {
                    fail(
                        format!("cannot read it: {e}"),
                        "check the file's permissions",
                    )
                })?;
                let header = decode::header(&bytes).map_err(|p| fail(p.message, p.hint))?;
                let known = Known {
                    size: meta.len(),
                    mtime,
                    hash: xxhash_rust::xxh3::xxh3_64(&bytes),
                    width: header.width,
                    height: header.height,
                };
                self.cache.remember(&asset.abs, known);
                known
            }
        };
        let s = &self.settings;
        let key_text = format!(
            "{:016x}|{:?}|{}|{:?}|{PIPELINE_VERSION}",
            known.hash, s.widths, s.quality, focus
        );
        let key = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key_text.as_bytes()));
        let stem = crate::slug::slugify(
            asset
                .abs
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("photo"),
        );
        let stem = if stem.is_empty() {
            "photo".to_string()
        } else {
            stem
        };
        let base = crate::paths::media(&stem, &key);

        let (w, h) = (known.width, known.height);
        let mut outputs: Vec<(Rendition, Formats)> = plan::widths(s, w, h)
            .into_iter()
            .map(|(width, height)| {
                (
                    Rendition {
                        width,
                        height,
                        crop: false,
                        tag: "",
                    },
                    Formats::Both,
                )
            })
            .collect();
        let (tw, th) = plan::thumb(w, h);
        outputs.push((
            Rendition {
                width: tw,
                height: th,
                crop: true,
                tag: "sq",
            },
            Formats::Both,
        ));
        let (sw, sh) = plan::share(w, h);
        outputs.push((
            Rendition {
                width: sw,
                height: sh,
                crop: true,
                tag: "og",
            },
            Formats::JpegOnly,
        ));

        let entry = self.cache.entry(&key);
        let mut links = self.links.lock().unwrap_or_else(|e| e.into_inner());
        let mut image = |r: &Rendition, formats: Formats| {
            let tag = r.name();
            let jpg = format!("{base}-{tag}.jpg");
            links.insert(jpg.clone(), entry.join(format!("{tag}.jpg")));
            let webp = (formats == Formats::Both).then(|| {
                let webp = format!("{base}-{tag}.webp");
                links.insert(webp.clone(), entry.join(format!("{tag}.webp")));
                webp
            });
            Image {
                src: jpg,
                width: r.width,
                height: r.height,
                webp,
            }
        };
        let mut fallback = Vec::new();
        for (r, f) in &outputs {
            fallback.push(image(r, *f));
        }
        let share = fallback.pop().expect("share rendition planned above");
        let thumb = fallback.pop().expect("thumb rendition planned above");
        drop(links);
        let webps: Vec<Image> = fallback
            .iter()
            .filter_map(|i| {
                i.webp.clone().map(|src| Image {
                    src,
                    width: i.width,
                    height: i.height,
                    webp: None,
                })
            })
            .collect();
        if !self.cache.has(&key) {
            self.jobs.lock().unwrap_or_else(|e| e.into_inner()).insert(
                key,
                Job {
                    src: asset.abs.clone(),
                    owner: owner.to_path_buf(),
                    asset_rel: asset.rel.clone(),
                    pos: asset.pos,
                    focus,
                    outputs,
                },
            );
        }
        Ok(PhotoSet {
            fallback,
            sources: vec![Source {
                mime: "image/webp".into(),
                images: webps,
            }],
            thumb,
            share,
            focus,
        })
    }

    /// Makes every rendition the cache lacks, in parallel, with a progress bar on a
    /// terminal. Problems (a photo that turns out damaged) are recorded in `d`.
    pub fn process(&self, d: &mut Diagnostics) {
        let jobs = std::mem::take(&mut *self.jobs.lock().unwrap_or_else(|e| e.into_inner()));
        if jobs.is_empty() {
            return;
        }
        let bar = crate::progress::Progress::with_min("photos", jobs.len(), 1);
        let quality = self.settings.quality;
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|(key, job)| {
                let result = self.process_one(key, job, quality);
                bar.inc();
                result.err()
            })
            .collect();
        bar.finish();
        for e in errors {
            d.push(e);
        }
    }

    fn process_one(&self, key: &str, job: &Job, quality: u8) -> Result<(), Diagnostic> {
        let fail = |message: String, hint: &str| {
            Diagnostic::new(
                &job.owner,
                job.pos,
                format!("photo `{}`: {message}", job.asset_rel.display()),
            )
            .hint(hint)
        };
        let bytes = std::fs::read(&job.src).map_err(|e| {
            fail(
                format!("cannot read it: {e}"),
                "check the file's permissions",
            )
        })?;
        let header = decode::header(&bytes).map_err(|p| fail(p.message, p.hint))?;
        let outputs: Vec<Output> = job
            .outputs
            .iter()
            .map(|(r, formats)| Output {
                name: r.name(),
                width: r.width,
                height: r.height,
                crop: r.crop.then(|| centre(job.focus)),
                formats: *formats,
            })
            .collect();
        let files = pixels::render::render(&bytes, &header, &outputs, quality)
            .map_err(|p| fail(p.message, p.hint))?;
        let files: Vec<(String, Vec<u8>)> = files.into_iter().map(|e| (e.name, e.bytes)).collect();
        self.cache.store(key, &files).map_err(|e| {
            fail(
                format!("cannot write to the photo cache: {e}"),
                "check that .vinhdanh-cache/ in the site folder is writable",
            )
        })?;
        self.processed.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// How many photos this build had to process (the rest came from the cache).
    pub fn processed(&self) -> usize {
        self.processed.load(Ordering::Relaxed)
    }

    /// Places every planned file in the tree being built.
    pub fn write(&self, tree: &crate::output::Tree, d: &mut Diagnostics) {
        let links = std::mem::take(&mut *self.links.lock().unwrap_or_else(|e| e.into_inner()));
        let errors: Vec<Diagnostic> = links
            .par_iter()
            .filter_map(|(out, cached)| {
                tree.link(cached, out).err().map(|e| {
                    Diagnostic::new(
                        cached,
                        crate::diagnostics::Pos::START,
                        format!("cannot write the photo {out}: {e}"),
                    )
                })
            })
            .collect();
        for e in errors {
            d.push(e);
        }
    }

    /// Every planned file, as (path in the site, cached file): what `serve` answers photo
    /// requests from.
    pub fn files(&self) -> BTreeMap<String, PathBuf> {
        self.links.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Saves the cache's table and prunes what this build did not use.
    pub fn finish(&self) {
        let _ = self.cache.save_and_prune();
    }
}

/// Where a crop keeps the photo, as fractions of its width and height.
fn centre(focus: Focus) -> (f64, f64) {
    match focus {
        Focus::Center => (0.5, 0.5),
        Focus::Top => (0.5, 0.0),
        Focus::Bottom => (0.5, 1.0),
        Focus::Left => (0.0, 0.5),
        Focus::Right => (1.0, 0.5),
    }
}
