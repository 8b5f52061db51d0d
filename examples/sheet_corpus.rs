//! The spreadsheet benchmark's data: the same N invented citizens as one workbook (a site
//! whose `content/citizens/2024.xlsx` has N rows) and as N Markdown files (a site with
//! `content/citizens/2024/*.md`). Used by `bench/sheets.sh`.
//!
//! ```sh
//! cargo run --release --example sheet_corpus -- --rows 10000 --out /tmp/sheets
//! ```

use std::path::Path;

use rust_xlsxwriter::Workbook;

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ",
];
const MIDDLE: &[&str] = &["Văn", "Thị", "Minh", "Quốc", "Thu", "Đức", "Ngọc", "Hữu"];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dung", "Hà", "Hải", "Lan", "Long", "Mai", "Nam", "Phúc", "Quân", "Sơn",
    "Trang", "Tuấn", "Yến",
];
const DISTRICTS: &[&str] = &[
    "Lục Ngạn",
    "Tân Yên",
    "Sơn Động",
    "Lạng Giang",
    "Lục Nam",
    "Yên Thế",
];
const FIELDS: &[&str] = &["Nông nghiệp", "Y tế", "Giáo dục", "Công nghiệp", "Thể thao"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let rows: usize = arg("--rows").and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let out = arg("--out").unwrap_or_else(|| "/tmp/vinhdanh-sheets".into());
    let out = Path::new(&out);
    let (sheet_site, md_site) = (out.join("sheet"), out.join("markdown"));
    for site in [&sheet_site, &md_site] {
        let _ = std::fs::remove_dir_all(site);
        std::fs::create_dir_all(site.join("content/citizens/2024")).unwrap();
        std::fs::write(site.join("site.yaml"), "title: Benchmark\n").unwrap();
    }
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let headers = [
        "STT",
        "Họ và tên",
        "Năm sinh",
        "Giới tính",
        "Huyện",
        "Lĩnh vực",
        "Tóm tắt thành tích",
        "Hình thức khen thưởng",
        "Số quyết định",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..rows {
        let name = format!(
            "{} {} {} {}",
            FAMILY[i % FAMILY.len()],
            MIDDLE[(i / 7) % MIDDLE.len()],
            GIVEN[(i / 3) % GIVEN.len()],
            i + 1
        );
        let born = 1950 + (i % 55) as u16;
        let gender = if i % 2 == 0 { "nam" } else { "nữ" };
        let district = DISTRICTS[i % DISTRICTS.len()];
        let field = FIELDS[(i / 5) % FIELDS.len()];
        let summary = format!("Gương mặt tiêu biểu số {} của huyện {district}.", i + 1);
        let decision = format!("Quyết định số {}/QĐ-UBND", 1000 + i % 50);
        let r = (i + 1) as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, &name).unwrap();
        sheet.write_number(r, 2, f64::from(born)).unwrap();
        sheet.write_string(r, 3, gender).unwrap();
        sheet.write_string(r, 4, district).unwrap();
        sheet.write_string(r, 5, field).unwrap();
        sheet.write_string(r, 6, &summary).unwrap();
        sheet.write_string(r, 7, "Công dân ưu tú").unwrap();
        sheet.write_string(r, 8, &decision).unwrap();
        let md = format!(
            "---\nname: {name}\nyear: 2024\nbirth_year: {born}\ngender: {gender}\ndistrict: {district}\nfields: [{field}]\nsummary: {summary}\nawards:\n  - title: Công dân ưu tú\n    decision: {decision}\n---\n"
        );
        let slug = vinhdanh::slug::slugify(&name);
        std::fs::write(md_site.join(format!("content/citizens/2024/{slug}.md")), md).unwrap();
    }
    std::fs::remove_dir_all(sheet_site.join("content/citizens/2024")).unwrap();
    book.save(sheet_site.join("content/citizens/2024.xlsx"))
        .unwrap();
    println!(
        "{rows} profiles: {} and {}",
        sheet_site.display(),
        md_site.display()
    );
}
