//! Writes a generated honour-roll site for benchmarks and scale tests, and optionally the
//! same content as a Hugo site, so both tools can be measured on identical input.
//!
//! ```sh
//! cargo run --release --example corpus -- --profiles 10000 --out /tmp/site10k
//! cargo run --release --example corpus -- --profiles 20 --photos 20 --photo-size 4000x3000 \
//!     --out /tmp/photos20 --hugo /tmp/photos20-hugo
//! ```
//!
//! Profiles have realistic Vietnamese names, places, fields, awards and stories, and use all
//! four profile forms (Markdown, bundle, single YAML, list YAML). `--shape offices` (the
//! default) shares decisions the way offices do: about ten citizens of a year per decision,
//! and a decision per year for a few hundred collectives, with stories of six paragraphs;
//! `--shape each` gives every award a decision of its own and three-paragraph stories, the
//! corpus of the benchmarks before 2026-12-07, kept for comparison. Photos are distinct,
//! photo-like JPEGs (smooth light, texture and noise, so encoders work as hard as on real
//! photos); every third is stored rotated with EXIF orientation 6, and every photo carries
//! GPS coordinates, as phones write them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Thân", "Chu", "Giáp", "Đào",
];
const MIDDLE_M: &[&str] = &[
    "Văn", "Đức", "Quang", "Minh", "Hữu", "Công", "Xuân", "Thành", "Đình", "Ngọc",
];
const MIDDLE_F: &[&str] = &[
    "Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Minh", "Thuỳ", "Phương", "Kim", "Diệu",
];
const GIVEN_M: &[&str] = &[
    "Đức", "Hùng", "Dũng", "Tuấn", "Thắng", "Huy", "Nam", "Sơn", "Long", "Quân", "Khoa", "Phúc",
    "Tài", "Hải", "Việt", "Trung", "Hiếu", "Lực", "Thịnh", "Khải",
];
const GIVEN_F: &[&str] = &[
    "Hoa", "Hoà", "Lan", "Hương", "Thuỷ", "Yến", "Nga", "Hằng", "Mai", "Linh", "Thảo", "Ngọc",
    "Trang", "Huyền", "Dung", "Oanh", "Khuê", "Loan", "Nhung", "Vân",
];
const PLACES: &[(&str, &[&str])] = &[
    (
        "Tân Yên",
        &["Liên Chung", "Cao Xá", "Ngọc Thiện", "Phúc Hoà", "Lam Cốt"],
    ),
    (
        "Lục Ngạn",
        &[
            "Phượng Sơn",
            "Quý Sơn",
            "Hồng Giang",
            "Nam Dương",
            "Tân Quang",
        ],
    ),
    (
        "Lục Nam",
        &["Bảo Sơn", "Cẩm Lý", "Đông Phú", "Tiên Hưng", "Vũ Xá"],
    ),
    (
        "Yên Thế",
        &["Bố Hạ", "Đồng Kỳ", "Phồn Xương", "Tam Tiến", "Xuân Lương"],
    ),
    (
        "Việt Yên",
        &["Quang Châu", "Vân Trung", "Hoàng Ninh", "Tăng Tiến", "Nếnh"],
    ),
    (
        "Hiệp Hòa",
        &["Thắng", "Danh Thắng", "Đoan Bái", "Hoàng Vân", "Mai Đình"],
    ),
    (
        "Lạng Giang",
        &["Vôi", "Kép", "Tân Thanh", "Yên Mỹ", "Dĩnh Trì"],
    ),
    (
        "Yên Dũng",
        &["Nham Biền", "Tân An", "Đồng Phúc", "Lãng Sơn", "Tư Mại"],
    ),
    (
        "Sơn Động",
        &["An Châu", "Tây Yên Tử", "Yên Định", "Vân Sơn", "Long Sơn"],
    ),
    (
        "Thành phố Bắc Giang",
        &[
            "Trần Phú",
            "Ngô Quyền",
            "Hoàng Văn Thụ",
            "Dĩnh Kế",
            "Đa Mai",
        ],
    ),
];
const FIELDS: &[&str] = &[
    "Giáo dục",
    "Y tế",
    "Nông nghiệp",
    "Công nghiệp",
    "Quốc phòng – An ninh",
    "Văn hoá – Xã hội",
    "Khoa học – Công nghệ",
    "Thương mại – Dịch vụ",
];
const ROLES: &[&str] = &[
    "Giáo viên Trường THCS",
    "Bác sĩ Trung tâm Y tế",
    "Chủ trang trại",
    "Công nhân Công ty",
    "Chiến sĩ Công an xã",
    "Kỹ sư nông nghiệp",
    "Chủ nhiệm Hợp tác xã",
    "Sinh viên Trường Đại học Nông Lâm",
];
const KINDS: &[&str] = &[
    "Hợp tác xã",
    "Trường học",
    "Doanh nghiệp",
    "Bệnh viện",
    "Đồn Công an",
    "Tổ hợp tác",
];
const AWARDS: &[&str] = &[
    "Công dân Bắc Giang ưu tú",
    "Chiến sĩ thi đua cấp tỉnh",
    "Bằng khen của Chủ tịch UBND tỉnh",
    "Bằng khen của Thủ tướng Chính phủ",
    "Cờ thi đua của UBND tỉnh",
    "Lao động xuất sắc",
];
const SENTENCES: &[&str] = &[
    "Với tinh thần trách nhiệm cao, {} luôn đi đầu trong phong trào thi đua của địa phương.",
    "Nhiều năm liền, {} được bà con tin yêu và đồng nghiệp quý trọng.",
    "Từ những ngày đầu khó khăn, {} đã mạnh dạn áp dụng cách làm mới, mang lại hiệu quả rõ rệt.",
    "Câu chuyện của {} là tấm gương sáng về lòng kiên trì và tinh thần vượt khó.",
    "{} thường xuyên tham gia các hoạt động thiện nguyện, giúp đỡ hộ nghèo trong thôn.",
    "Những sáng kiến của {} đã được nhân rộng ra nhiều xã trong huyện.",
];

/// A small deterministic random source (SplitMix64), so corpora are reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
    fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Args {
    profiles: usize,
    photos: usize,
    photo_size: (u32, u32),
    out: PathBuf,
    hugo: Option<PathBuf>,
    /// Embed the Display P3 ICC profile in every photo, as phones do.
    p3: bool,
    /// Decisions shared as offices share them (`offices`), or one per award (`each`).
    shared: bool,
}

fn parse_args() -> Args {
    let mut a = Args {
        profiles: 1000,
        photos: 0,
        photo_size: (4000, 3000),
        out: PathBuf::from("corpus"),
        hugo: None,
        p3: false,
        shared: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--profiles" => a.profiles = value.parse().expect("--profiles N"),
            "--photos" => a.photos = value.parse().expect("--photos N"),
            "--photo-size" => {
                let (w, h) = value.split_once('x').expect("--photo-size WxH");
                a.photo_size = (w.parse().expect("width"), h.parse().expect("height"));
            }
            "--out" => a.out = PathBuf::from(value),
            "--hugo" => a.hugo = Some(PathBuf::from(value)),
            "--icc" if value == "p3" => a.p3 = true,
            "--shape" if value == "offices" => a.shared = true,
            "--shape" if value == "each" => a.shared = false,
            _ => panic!("unknown flag {flag}; use --profiles N --photos N --photo-size WxH --out DIR [--hugo DIR]"),
        }
    }
    a
}

struct Person {
    name: String,
    slug: String,
    year: i64,
    collective: bool,
    yaml: String,
    body: String,
    photo: Option<usize>,
}

fn slugify(s: &str) -> String {
    vinhdanh::slug::slugify(s)
}

fn make(i: usize, rng: &mut Rng, photos: usize, shared: bool) -> Person {
    let collective = i % 5 == 4;
    let (district, communes) = *rng.pick(PLACES);
    let commune = *rng.pick(communes);
    let field = *rng.pick(FIELDS);
    let year = 2015 + (i % 10) as i64;
    let name = if collective {
        format!("{} {} {}", rng.pick(KINDS), commune, i)
    } else {
        let female = rng.below(2) == 0;
        let (mid, given) = if female {
            (MIDDLE_F, GIVEN_F)
        } else {
            (MIDDLE_M, GIVEN_M)
        };
        format!("{} {} {}", rng.pick(FAMILY), rng.pick(mid), rng.pick(given))
    };
    let slug = format!("{}-{i}", slugify(&name));
    let mut y = String::new();
    fn q(s: &str) -> String {
        format!("\"{}\"", s.replace('"', "'"))
    }
    writeln!(y, "name: {}", q(&name)).unwrap();
    writeln!(y, "year: {year}").unwrap();
    writeln!(
        y,
        "summary: {}",
        q(&format!(
            "{} tiêu biểu trong lĩnh vực {} tại {commune}, {district}.",
            if collective {
                "Đơn vị"
            } else {
                "Gương mặt"
            },
            field.to_lowercase()
        ))
    )
    .unwrap();
    if collective {
        writeln!(y, "kind: {}", q(rng.word(KINDS))).unwrap();
        writeln!(y, "founded: {}", 1960 + rng.below(60)).unwrap();
        writeln!(y, "members: {}", 5 + rng.below(300)).unwrap();
    } else {
        writeln!(y, "title: {}", q(&format!("{} {commune}", rng.pick(ROLES)))).unwrap();
        writeln!(y, "birth_year: {}", 1950 + rng.below(55)).unwrap();
        writeln!(
            y,
            "gender: {}",
            if rng.below(2) == 0 { "nam" } else { "nữ" }
        )
        .unwrap();
        writeln!(
            y,
            "group: {}",
            q(rng.word(vinhdanh::content::groups::GROUPS))
        )
        .unwrap();
    }
    writeln!(y, "district: {}", q(district)).unwrap();
    writeln!(y, "commune: {}", q(commune)).unwrap();
    writeln!(y, "fields: [{}]", q(field)).unwrap();
    writeln!(
        y,
        "awards:\n  - title: {}\n    year: {year}\n    decision: {}\n    level: Tỉnh",
        q(rng.word(AWARDS)),
        q(&if !shared {
            format!("Quyết định số {}/QĐ-UBND ngày 15/8/{year}", 100 + i)
        } else if collective {
            // The year's collectives: 300 to a decision. (`i / 10` counts within a year.)
            format!(
                "Quyết định số {}/QĐ-UBND ngày 20/9/{year}",
                5000 + i / 10 / 300
            )
        } else {
            format!(
                "Quyết định số {}/QĐ-UBND ngày 15/8/{year}",
                1000 + i / 10 / 10
            )
        })
    )
    .unwrap();
    writeln!(y, "links:\n  - {{ title: {}, url: \"https://baobacgiang.example.vn/bai-{i}\", outlet: Báo Bắc Giang }}", q(&format!("Chuyện về {name}"))).unwrap();
    writeln!(y, "weight: {}", i % 10 + 1).unwrap();
    let mut body = String::new();
    for _ in 0..if shared { 6 } else { 3 } {
        body.push_str(&rng.pick(SENTENCES).replace("{}", &name));
        body.push(' ');
        body.push_str(&rng.pick(SENTENCES).replace("{}", &name));
        body.push_str("\n\n");
    }
    let photo = (i < photos).then_some(i);
    Person {
        name,
        slug,
        year,
        collective,
        yaml: y,
        body,
        photo,
    }
}

/// A distinct photo-like picture: soft light, textured surfaces and sensor noise.
fn photo(seed: u64, (w, h): (u32, u32)) -> Vec<u8> {
    let mut rng = Rng(seed);
    let (r0, g0, b0) = (
        rng.below(120) as f32 + 60.0,
        rng.below(120) as f32 + 60.0,
        rng.below(120) as f32 + 60.0,
    );
    let (fx, fy) = (rng.below(7) as f32 + 2.0, rng.below(5) as f32 + 2.0);
    let (cx, cy) = (rng.below(w as u64) as f32, rng.below(h as u64) as f32);
    let mut noise = Rng(seed ^ 0xABCD);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (u, v) = (x as f32 / w as f32, y as f32 / h as f32);
        let d = (((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt() / w as f32).min(1.0);
        let light = 1.15 - 0.6 * d;
        let tex = ((u * fx * std::f32::consts::TAU).sin() * (v * fy * std::f32::consts::TAU).cos())
            * 28.0
            + ((u * 97.0 + v * 53.0).sin()) * 6.0;
        let n = (noise.next() % 17) as f32 - 8.0;
        let px = |base: f32, k: f32| ((base + tex * k + n) * light).clamp(0.0, 255.0) as u8;
        image::Rgb([px(r0, 1.0), px(g0, 0.8), px(b0, 0.6)])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .expect("encode");
    let jpeg = out.into_inner();
    with_exif(&jpeg, if seed.is_multiple_of(3) { 6 } else { 1 }, seed)
}

/// Inserts the Display P3 ICC profile as an APP2 segment after the start of the JPEG.
fn with_p3(jpeg: &[u8]) -> Vec<u8> {
    let icc = moxcms::ColorProfile::new_display_p3()
        .encode()
        .expect("P3 profile");
    let mut seg = b"ICC_PROFILE\0\x01\x01".to_vec();
    seg.extend(&icc);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE2]);
    out.extend(((seg.len() + 2) as u16).to_be_bytes());
    out.extend(seg);
    out.extend(&jpeg[2..]);
    out
}

/// Inserts an Exif segment with an orientation and GPS latitude/longitude.
fn with_exif(jpeg: &[u8], orientation: u16, seed: u64) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    let gps = 8 + 2 + 2 * 12 + 4;
    entry(&mut t, 0x8825, 4, 1, gps);
    t.extend(0u32.to_le_bytes());
    t.extend(4u16.to_le_bytes());
    let data = gps + 2 + 4 * 12 + 4;
    entry(&mut t, 1, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 2, 5, 3, data);
    entry(&mut t, 3, 2, 2, u32::from_le_bytes(*b"E\0\0\0"));
    entry(&mut t, 4, 5, 3, data + 24);
    t.extend(0u32.to_le_bytes());
    for (n, d) in [
        (21u32, 1u32),
        (17, 1),
        ((seed % 6000) as u32, 100),
        (106, 1),
        (12, 1),
        (3000, 100),
    ] {
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

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn main() {
    let args = parse_args();
    let out = &args.out;
    let _ = std::fs::remove_dir_all(out.join("content"));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    write(
        &out.join("site.yaml"),
        "title: Vinh danh (dữ liệu sinh tự động)\nbase_url: https://vinhdanh.example.gov.vn/\n",
    );
    copy_dir(&repo.join("themes"), &out.join("themes"));
    let mut rng = Rng(42);
    let people: Vec<Person> = (0..args.profiles)
        .map(|i| make(i, &mut rng, args.photos, args.shared))
        .collect();
    let photo_bytes: Vec<Option<Vec<u8>>> = {
        use rayon::prelude::*;
        people
            .par_iter()
            .map(|p| {
                p.photo
                    .map(|i| photo(i as u64 + 1, args.photo_size))
                    .map(|jpeg| if args.p3 { with_p3(&jpeg) } else { jpeg })
            })
            .collect()
    };
    let mut lists: std::collections::BTreeMap<i64, String> = Default::default();
    for (i, (p, bytes)) in people.iter().zip(&photo_bytes).enumerate() {
        let section = if p.collective {
            "collectives"
        } else {
            "citizens"
        };
        let dir = out.join("content").join(section);
        let form = if bytes.is_some() { i % 2 } else { i % 4 };
        match (form, p.collective) {
            // Markdown file (photo beside it).
            (0, _) => {
                let mut y = p.yaml.clone();
                if bytes.is_some() {
                    writeln!(y, "photo: {}.jpg", p.slug).unwrap();
                }
                let sub = if p.collective {
                    dir.clone()
                } else {
                    dir.join(p.year.to_string())
                };
                write(
                    &sub.join(format!("{}.md", p.slug)),
                    format!("---\n{y}---\n{}", p.body),
                );
                if let Some(b) = bytes {
                    write(&sub.join(format!("{}.jpg", p.slug)), b);
                }
            }
            // Bundle folder.
            (1, _) => {
                let mut y = p.yaml.clone();
                if bytes.is_some() {
                    writeln!(y, "photo: anh.jpg").unwrap();
                }
                let sub = if p.collective {
                    dir.join(&p.slug)
                } else {
                    dir.join(p.year.to_string()).join(&p.slug)
                };
                write(&sub.join("index.md"), format!("---\n{y}---\n{}", p.body));
                if let Some(b) = bytes {
                    write(&sub.join("anh.jpg"), b);
                }
            }
            // Single YAML file.
            (2, _) | (3, true) => {
                let body: String = p.body.lines().map(|l| format!("  {l}\n")).collect();
                let sub = if p.collective {
                    dir.clone()
                } else {
                    dir.join(p.year.to_string())
                };
                write(
                    &sub.join(format!("{}.yaml", p.slug)),
                    format!("{}body: |\n{body}", p.yaml),
                );
            }
            // An entry of the year's list file.
            _ => {
                let entry: String = p
                    .yaml
                    .lines()
                    .filter(|l| !l.starts_with("year:"))
                    .enumerate()
                    .map(|(n, l)| {
                        if n == 0 {
                            format!("  - {l}\n")
                        } else {
                            format!("    {l}\n")
                        }
                    })
                    .collect();
                lists
                    .entry(p.year)
                    .or_default()
                    .push_str(&format!("{entry}    slug: {}\n", p.slug));
            }
        }
    }
    for (year, entries) in lists {
        write(
            &out.join("content/citizens").join(format!("{year}.yaml")),
            format!("year: {year}\nprofiles:\n{entries}"),
        );
    }
    if let Some(hugo) = &args.hugo {
        write_hugo(hugo, &people, &photo_bytes);
    }
    eprintln!(
        "wrote {} profiles ({} with photos) to {}",
        people.len(),
        photo_bytes.iter().flatten().count(),
        out.display()
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let dest = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// The same profiles as a Hugo site with equivalent templates: a page per profile (photo
/// auto-oriented and resized to the same outputs), year and section lists, taxonomies.
fn write_hugo(dir: &Path, people: &[Person], photos: &[Option<Vec<u8>>]) {
    let _ = std::fs::remove_dir_all(dir);
    write(&dir.join("hugo.toml"), "baseURL = 'https://vinhdanh.example.gov.vn/'\ntitle = 'Vinh danh'\ndisableKinds = ['RSS']\n[taxonomies]\nfield = 'fields'\ndistrict = 'districts'\naward = 'awards'\n[imaging]\nquality = 80\nresampleFilter = 'Lanczos'\n");
    write(&dir.join("layouts/_default/baseof.html"), "<!doctype html><html lang=vi><head><meta charset=utf-8><title>{{ .Title }} – {{ site.Title }}</title><link rel=stylesheet href=/css/style.css></head><body><header><a href=/>{{ site.Title }}</a><form action=/tim-kiem/><input type=search name=q></form></header><main>{{ block \"main\" . }}{{ end }}</main></body></html>");
    write(&dir.join("layouts/_default/list.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ol>{{ end }}");
    write(&dir.join("layouts/_default/terms.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}");
    write(&dir.join("layouts/_default/single.html"), concat!(
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.role }}</p><p>{{ .Params.summary }}</p>",
        "{{ with .Resources.GetMatch \"photo.jpg\" }}{{ $o := . | images.Filter images.AutoOrient }}",
        "{{ $a := $o.Resize \"320x webp q80\" }}{{ $b := $o.Resize \"640x webp q80\" }}{{ $c := $o.Resize \"1280x webp q80\" }}",
        "{{ $d := $o.Resize \"320x jpg q80\" }}{{ $e := $o.Resize \"640x jpg q80\" }}{{ $f := $o.Resize \"1280x jpg q80\" }}",
        "{{ $sq := $o.Fill \"320x320 Center jpg q80\" }}{{ $og := $o.Fill \"1200x630 Center jpg q80\" }}",
        "<picture><source type=image/webp srcset=\"{{ $a.RelPermalink }} 320w, {{ $b.RelPermalink }} 640w, {{ $c.RelPermalink }} 1280w\">",
        "<img src=\"{{ $f.RelPermalink }}\" srcset=\"{{ $d.RelPermalink }} 320w, {{ $e.RelPermalink }} 640w, {{ $f.RelPermalink }} 1280w\" width={{ $f.Width }} height={{ $f.Height }} alt=\"\"></picture>",
        "<img src=\"{{ $sq.RelPermalink }}\" alt=\"\"><meta property=og:image content=\"{{ $og.Permalink }}\">{{ end }}",
        "<ul>{{ range .Params.awards }}<li>{{ .title }} – {{ .decision }}</li>{{ end }}</ul>{{ .Content }}</article>{{ end }}",
    ));
    for (p, photo) in people.iter().zip(photos) {
        let section = if p.collective {
            "tap-the-dien-hinh".to_string()
        } else {
            format!("cong-dan-uu-tu/{}", p.year)
        };
        let page = dir.join("content").join(section).join(&p.slug);
        let mut fm = String::new();
        writeln!(fm, "title: \"{}\"", p.name).unwrap();
        for line in p.yaml.lines() {
            if line.starts_with("name:") {
                continue;
            }
            let line = line
                .replace("district:", "districts: [")
                .replace("title:", "role:");
            if line.starts_with("districts: [") {
                fm.push_str(&line);
                fm.push_str("]\n");
            } else {
                fm.push_str(&line);
                fm.push('\n');
            }
        }
        write(&page.join("index.md"), format!("---\n{fm}---\n{}", p.body));
        if let Some(b) = photo {
            write(&page.join("photo.jpg"), b);
        }
    }
}
