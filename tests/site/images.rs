//! The photo pipeline met as a user meets it: real JPEGs straight from a "phone" (rotated by
//! EXIF, with GPS coordinates), damaged files, and rebuilds that must reuse the cache.

use crate::common::{assert_error, jpeg, TestSite};

/// A 400×200 JPEG whose top-left corner is pure red, tagged with EXIF orientation 6 (shown
/// rotated 90° clockwise) and GPS coordinates, as phones write them.
fn phone_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(400, 200, |x, y| {
        if x < 40 && y < 40 {
            image::Rgb([255, 0, 0])
        } else {
            image::Rgb([20, 90, 200])
        }
    });
    let mut plain = std::io::Cursor::new(Vec::new());
    img.write_to(&mut plain, image::ImageFormat::Jpeg).unwrap();
    let plain = plain.into_inner();
    with_exif(&plain, 6)
}

/// Inserts an APP1 Exif segment (little-endian TIFF) with Orientation and a GPS IFD.
fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes()); // IFD0 at 8
                                  // IFD0: 2 entries: Orientation (0x0112), GPSInfo pointer (0x8825)
    t.extend(2u16.to_le_bytes());
    t.extend(0x0112u16.to_le_bytes());
    t.extend(3u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend((orientation as u32).to_le_bytes());
    t.extend(0x8825u16.to_le_bytes());
    t.extend(4u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    t.extend((gps_ifd as u32).to_le_bytes());
    t.extend(0u32.to_le_bytes()); // no next IFD
                                  // GPS IFD: GPSLatitudeRef 'N' and GPSLatitude 21/1 1/1 0/1
    t.extend(2u16.to_le_bytes());
    t.extend(0x0001u16.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend(2u32.to_le_bytes());
    t.extend(*b"N\0\0\0");
    t.extend(0x0002u16.to_le_bytes());
    t.extend(5u16.to_le_bytes());
    t.extend(3u32.to_le_bytes());
    let rationals = gps_ifd + 2 + 2 * 12 + 4;
    t.extend((rationals as u32).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    for (n, d) in [(21u32, 1u32), (1, 1), (0, 1)] {
        t.extend(n.to_le_bytes());
        t.extend(d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(&t);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

fn media(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(site.root().join("public/media"))
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

const PROFILE: &str = "---\nname: Nguyễn Văn Đức\nyear: 2023\nphoto: duc.jpg\n---\n";

#[test]
fn a_rotated_phone_photo_comes_out_upright_without_metadata() {
    let site = TestSite::new(&[("content/citizens/2023/duc.md", PROFILE)]);
    let original = phone_photo();
    site.write("content/citizens/2023/duc.jpg", &original);
    let summary = site.build().unwrap();
    assert_eq!(summary.photos_processed, 1);
    let files = media(&site);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    // 200 px wide once upright: narrower than every configured width, so one width only.
    assert!(names.iter().any(|n| n.ends_with("-200.jpg")), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with("-200.webp")), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with("-320.jpg") || n.ends_with("-640.jpg")),
        "upscaled: {names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with("-sq.jpg"))
            && names.iter().any(|n| n.ends_with("-og.jpg")),
        "{names:?}"
    );
    let (_, main) = files.iter().find(|(n, _)| n.ends_with("-200.jpg")).unwrap();
    let img = decode_jpeg(main);
    assert_eq!((img.width(), img.height()), (200, 400));
    // Orientation 6: the stored top-left corner is shown top-right.
    let marker = img.get_pixel(175, 15).0;
    assert!(
        marker[0] > 200 && marker[1] < 60 && marker[2] < 60,
        "top-right should be red: {marker:?}"
    );
    let other = img.get_pixel(5, 5).0;
    assert!(other[2] > 150, "top-left should be blue: {other:?}");
    for (name, bytes) in &files {
        assert!(
            !contains(bytes, b"Exif") && !contains(bytes, b"EXIF"),
            "{name} carries EXIF"
        );
        assert_ne!(bytes, &original, "{name} is the original file");
    }
    let page = site.read("cong-dan-uu-tu/2023/duc/index.html");
    assert!(page.contains("type=\"image/webp\""), "{page}");
    assert!(
        page.contains("width=\"200\"") && page.contains("height=\"400\""),
        "{page}"
    );
}

/// Decodes with jpeg-decoder (libjpeg-compatible); the image crate's own JPEG decoder gets
/// the chroma of the last partial block wrong on some valid 4:2:0 files.
fn decode_jpeg(bytes: &[u8]) -> image::RgbImage {
    let mut d = jpeg_decoder::Decoder::new(bytes);
    let pixels = d.decode().unwrap();
    let info = d.info().unwrap();
    assert_eq!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24);
    image::RgbImage::from_raw(info.width.into(), info.height.into(), pixels).unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn large_photos_get_every_width_a_square_and_a_share_image() {
    let site = TestSite::new(&[("content/citizens/2023/duc.md", PROFILE)]);
    site.write("content/citizens/2023/duc.jpg", &jpeg(2000, 1500));
    site.build().unwrap();
    let files = media(&site);
    let size = |suffix: &str| {
        let (_, b) = files
            .iter()
            .find(|(n, _)| n.ends_with(suffix))
            .unwrap_or_else(|| panic!("no {suffix}"));
        image::load_from_memory(b).unwrap().to_rgb8().dimensions()
    };
    assert_eq!(size("-320.jpg"), (320, 240));
    assert_eq!(size("-640.webp"), (640, 480));
    assert_eq!(size("-1280.jpg"), (1280, 960));
    assert_eq!(size("-sq.jpg"), (320, 320));
    assert_eq!(size("-og.jpg"), (1200, 630));
    let page = site.read("cong-dan-uu-tu/2023/duc/index.html");
    assert!(
        page.contains("-320.webp 320w") && page.contains("-1280.jpg 1280w"),
        "{page}"
    );
    assert!(
        page.contains("og:image") && page.contains("-og.jpg"),
        "{page}"
    );
}

#[test]
fn the_cache_is_reused_invalidated_and_pruned() {
    let site = TestSite::new(&[("content/citizens/2023/duc.md", PROFILE)]);
    site.write("content/citizens/2023/duc.jpg", &jpeg(700, 500));
    assert_eq!(site.build().unwrap().photos_processed, 1);
    assert_eq!(
        site.build().unwrap().photos_processed,
        0,
        "unchanged photo processed again"
    );
    site.write("content/citizens/2023/duc.jpg", &jpeg(701, 500));
    assert_eq!(
        site.build().unwrap().photos_processed,
        1,
        "changed photo not processed"
    );
    let entries = || {
        std::fs::read_dir(site.root().join(".vinhdanh-cache/images"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count()
    };
    assert_eq!(entries(), 1, "stale entry not pruned");
    site.write(
        "site.yaml",
        format!("{}images:\n  quality: 60\n", crate::common::SITE_YAML).as_bytes(),
    );
    assert_eq!(
        site.build().unwrap().photos_processed,
        1,
        "new settings must remake the photo"
    );
    assert_eq!(site.build().unwrap().photos_processed, 0);
}

#[test]
fn gallery_photos_go_through_the_pipeline() {
    let site = TestSite::new(&[(
        "content/collectives/htx/index.md",
        "---\nname: HTX\ngallery:\n  - { src: a.jpg, caption: Vườn sâm }\n---\n",
    )]);
    site.write("content/collectives/htx/a.jpg", &jpeg(900, 600));
    assert_eq!(site.build().unwrap().photos_processed, 1);
    let page = site.read("tap-the-dien-hinh/htx/index.html");
    assert!(page.contains("-640.webp 640w"), "{page}");
}

#[test]
fn damaged_and_unsupported_photos_fail_with_the_file_named() {
    let site = TestSite::new(&[
        (
            "content/citizens/2023/a.md",
            "---\nname: A\nyear: 2023\nphoto: heic.jpg\n---\n",
        ),
        (
            "content/citizens/2023/b.md",
            "---\nname: B\nyear: 2023\nphoto: cut.jpg\n---\n",
        ),
        (
            "content/citizens/2023/c.md",
            "---\nname: C\nyear: 2023\nphoto: bomb.png\n---\n",
        ),
        (
            "content/citizens/2023/d.md",
            "---\nname: D\nyear: 2023\nphoto: empty.jpg\n---\n",
        ),
    ]);
    let mut heic = vec![0, 0, 0, 24];
    heic.extend(b"ftypheic\0\0\0\0mif1heic");
    heic.extend(vec![0u8; 200]);
    site.write("content/citizens/2023/heic.jpg", &heic);
    let full = jpeg(800, 600);
    site.write("content/citizens/2023/cut.jpg", &full[..full.len() / 2]);
    site.write(
        "content/citizens/2023/bomb.png",
        &png_header(30_000, 30_000),
    );
    site.write("content/citizens/2023/empty.jpg", b"");
    let e = site.errors();
    assert_error(
        &e,
        "content/citizens/2023/a.md:4:8:",
        "photo `content/citizens/2023/heic.jpg`: this is a HEIC photo",
    );
    assert!(e.iter().any(|x| x.contains("heif-convert")), "{e:?}");
    assert_error(&e, "content/citizens/2023/b.md:4:8:", "cut off");
    assert_error(&e, "content/citizens/2023/c.md:4:8:", "30000×30000 pixels");
    assert_error(&e, "content/citizens/2023/d.md:4:8:", "empty");
    assert!(!site.root().join("public").exists(), "nothing written");
}

/// A PNG that claims huge dimensions: a valid signature and IHDR, no pixels.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let crc = crc32(&ihdr);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc.to_be_bytes());
    for (kind, data) in [
        (
            &b"IDAT"[..],
            &[0x78u8, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01][..],
        ),
        (b"IEND", &[]),
    ] {
        let mut chunk = kind.to_vec();
        chunk.extend(data);
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(&chunk);
        out.extend(crc32(&chunk).to_be_bytes());
    }
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A wide-gamut photo as a phone saves it: flat colours in Display P3, with the P3 ICC
/// profile embedded (and an Adobe RGB one as cameras do).
fn profiled_photo(profile: &[u8], rgb: [u8; 3]) -> Vec<u8> {
    let (w, h) = (1200u16, 800u16);
    let pixels: Vec<u8> = (0..u32::from(w) * u32::from(h)).flat_map(|_| rgb).collect();
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 100);
    encoder.add_icc_profile(profile).unwrap();
    encoder
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// The reference conversion to sRGB of an encoded colour of a space with the sRGB curve and
/// the given linear-RGB-to-linear-sRGB matrix (from the spaces' published primaries).
fn reference(rgb: [u8; 3], m: [[f64; 3]; 3], gamma: Option<f64>) -> [u8; 3] {
    let decode = |v: u8| {
        let v = f64::from(v) / 255.0;
        match gamma {
            Some(g) => v.powf(g),
            None if v <= 0.04045 => v / 12.92,
            None => ((v + 0.055) / 1.055).powf(2.4),
        }
    };
    let lin = rgb.map(decode);
    let encode = |v: f64| {
        let v = v.clamp(0.0, 1.0);
        let e = if v <= 0.003_130_8 {
            v * 12.92
        } else {
            1.055 * v.powf(1.0 / 2.4) - 0.055
        };
        (e * 255.0).round() as u8
    };
    let row = |r: [f64; 3]| encode(r[0] * lin[0] + r[1] * lin[1] + r[2] * lin[2]);
    [row(m[0]), row(m[1]), row(m[2])]
}

#[test]
fn wide_gamut_photos_are_converted_to_srgb() {
    let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let adobe = moxcms::ColorProfile::new_adobe_rgb().encode().unwrap();
    let colour = [200, 80, 60];
    let cases = [
        (
            "P3",
            p3,
            reference(
                colour,
                [
                    [1.2249, -0.2247, 0.0],
                    [-0.0420, 1.0419, 0.0],
                    [-0.0197, -0.0786, 1.0979],
                ],
                None,
            ),
        ),
        (
            "Adobe RGB",
            adobe,
            reference(
                colour,
                [
                    [1.3982, -0.3982, 0.0],
                    [0.0, 1.0, 0.0],
                    [0.0, -0.0429, 1.0429],
                ],
                Some(563.0 / 256.0),
            ),
        ),
    ];
    for (name, profile, expected) in cases {
        let site = TestSite::new(&[("content/citizens/2023/duc.md", PROFILE)]);
        site.write(
            "content/citizens/2023/duc.jpg",
            &profiled_photo(&profile, colour),
        );
        site.build().unwrap();
        let files = media(&site);
        let (_, jpg) = files.iter().find(|(n, _)| n.ends_with("-640.jpg")).unwrap();
        assert!(
            !contains(jpg, b"ICC_PROFILE"),
            "{name}: the rendition keeps the profile"
        );
        let px = decode_jpeg(jpg).get_pixel(320, 200).0;
        for c in 0..3 {
            assert!(
                px[c].abs_diff(expected[c]) <= 3,
                "{name}: {px:?}, expected {expected:?} (unconverted: {colour:?})"
            );
        }
        assert!(
            px[0].abs_diff(colour[0]) > 8,
            "{name}: the colour was not converted: {px:?}"
        );
    }
}
