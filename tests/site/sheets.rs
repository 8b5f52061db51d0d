//! Spreadsheets as content: real `.xlsx`, `.ods` and CSV files written here, as offices
//! save them (title rows, merged cells, Vietnamese headers, number and date cells, blank
//! rows, a notes sheet), and the broken ones they also send.

use std::io::Write;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::common::{assert_error, jpeg, snapshot, TestSite};

/// The annex of a commendation decision: a merged title row, a blank row, the header, two
/// people (one with two awards), a blank row, a totals row; and a notes sheet.
fn annex(path: &std::path::Path, gender_of_second: &str) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách").unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            9,
            "DANH SÁCH CÔNG DÂN ƯU TÚ NĂM 2024 (dữ liệu mẫu)",
            &Format::new(),
        )
        .unwrap();
    let headers = [
        "STT",
        "Họ và tên",
        "Năm sinh",
        "Giới tính",
        "Chức vụ",
        "Huyện, thành phố",
        "Lĩnh vực",
        "Tóm tắt thành tích",
        "Hình thức khen thưởng",
        "Số quyết định",
        "Năm khen thưởng",
        "Ảnh",
        "Ghi chú",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    // Row 4: numbers typed as numbers, a date cell for the award's year, a photo.
    sheet.write_number(3, 0, 1).unwrap();
    sheet.write_string(3, 1, " Nguyễn Văn Đức ").unwrap();
    sheet.write_number(3, 2, 1968.0).unwrap();
    sheet.write_string(3, 3, "Nam").unwrap();
    sheet
        .write_string(3, 4, "Chủ trang trại vải thiều")
        .unwrap();
    sheet.write_string(3, 5, "Lục Ngạn").unwrap();
    sheet.write_string(3, 6, "Nông nghiệp; Kinh tế").unwrap();
    sheet
        .write_string(3, 7, "Đi đầu trồng vải theo VietGAP.")
        .unwrap();
    sheet
        .write_string(
            3,
            8,
            "Công dân Bắc Giang ưu tú\nBằng khen của Chủ tịch UBND tỉnh",
        )
        .unwrap();
    sheet
        .write_string(3, 9, "1234/QĐ-UBND ngày 15/8/2024\n88/QĐ-UBND")
        .unwrap();
    sheet
        .write_datetime_with_format(3, 10, ExcelDateTime::from_ymd(2024, 8, 15).unwrap(), &date)
        .unwrap();
    sheet.write_string(3, 11, "duc.jpg").unwrap();
    // Row 5.
    sheet.write_number(4, 0, 2).unwrap();
    sheet.write_string(4, 1, "Trần Thị Hoa").unwrap();
    sheet.write_string(4, 2, "1975").unwrap();
    sheet.write_string(4, 3, gender_of_second).unwrap();
    sheet.write_string(4, 5, "Tân Yên").unwrap();
    sheet
        .write_string(4, 7, "Giáo viên dạy giỏi nhiều năm.")
        .unwrap();
    sheet.write_string(4, 12, "Đã xác minh").unwrap();
    // Row 6 blank; row 7 the total.
    sheet.write_string(6, 0, "Tổng cộng: 2 người").unwrap();
    let notes = book.add_worksheet();
    notes.set_name("Ghi chú").unwrap();
    notes
        .write_string(0, 0, "Danh sách kèm theo Quyết định số 1234/QĐ-UBND.")
        .unwrap();
    book.save(path).unwrap();
}

fn site_with_annex(gender: &str) -> TestSite {
    let site = TestSite::new(&[]);
    std::fs::create_dir_all(site.root().join("content/citizens")).unwrap();
    annex(&site.root().join("content/citizens/2024.xlsx"), gender);
    site.write("content/citizens/duc.jpg", &jpeg(800, 600));
    site
}

#[test]
fn an_xlsx_annex_builds_its_profiles() {
    let site = site_with_annex("Nữ");
    let summary = site.build().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(summary.profiles, 2);
    assert!(
        summary.notes.iter().any(|n| n.contains("\"Ghi chú\"")),
        "the notes sheet is said to be left out: {:?}",
        summary.notes
    );
    let duc = site.read("cong-dan-uu-tu/2024/nguyen-van-duc/index.html");
    assert!(duc.contains(">Nguyễn Văn Đức</h1>"), "{duc}");
    assert!(duc.contains("1968"), "birth year without .0");
    assert!(duc.contains("Công dân Bắc Giang ưu tú"));
    assert!(duc.contains("1234/QĐ-UBND ngày 15/8/2024"));
    assert!(duc.contains("Bằng khen của Chủ tịch UBND tỉnh"));
    assert!(
        duc.contains("88/QĐ-UBND"),
        "the second award keeps its own decision"
    );
    assert!(duc.contains("/linh-vuc/kinh-te/"), "two fields in one cell");
    assert!(
        duc.contains("<picture>") && duc.contains("/media/"),
        "the photo beside the workbook"
    );
    let hoa = site.read("cong-dan-uu-tu/2024/tran-thi-hoa/index.html");
    assert!(hoa.contains(">Trần Thị Hoa</h1>"), "{hoa}");
    assert!(!hoa.contains("Đã xác minh"), "notes are left out");
    // Like every profile: the year's list, the search index, the statistics.
    assert!(site
        .read("cong-dan-uu-tu/2024/index.html")
        .contains("Trần Thị Hoa"));
    assert!(site.read("thong-ke/index.html").contains("2024"));
}

#[test]
fn a_wrong_value_names_the_sheet_and_cell() {
    let site = site_with_annex("Male");
    let errors = site.errors();
    assert_error(
        &errors,
        "content/citizens/2024.xlsx: sheet \"Danh sách\", cell D5:",
        "`gender` cannot be `Male`",
    );
}

#[test]
fn an_unknown_column_gets_a_hint() {
    let site = TestSite::new(&[(
        "content/citizens/2023.csv",
        "Họ và tên,Năm sinh,Tóm tắt thành tch\nLê Văn Nam,19x0,Cán bộ giỏi\n",
    )]);
    let errors = site.errors();
    assert_error(
        &errors,
        "content/citizens/2023.csv: cell C1:",
        "the column \"Tóm tắt thành tch\" is not a field",
    );
    assert!(
        errors.iter().any(|e| e.contains("Tóm tắt thành tích")),
        "{errors:?}"
    );
    // A cell's hint speaks of the cell, not of a YAML line.
    assert_error(
        &errors,
        "content/citizens/2023.csv: cell B2:",
        "type only the number in the cell",
    );
}

#[test]
fn csv_with_a_bom_or_semicolons_and_an_ods_build() {
    let site = TestSite::new(&[
        (
            "content/citizens/2023.csv",
            "\u{feff}STT,Họ và tên,Giới tính,Tóm tắt thành tích\n1,Lê Văn Nam,nam,\"Cán bộ giỏi, tận tụy\"\n",
        ),
        (
            "content/citizens/2022/danh-sach.csv",
            "Họ tên;Năm sinh;Lĩnh vực\nPhạm Thị Mai;1990;Y tế\n;;\n",
        ),
    ]);
    ods(&site.root().join("content/collectives/tap-the.ods"));
    site.build().unwrap_or_else(|e| panic!("{e:?}"));
    let nam = site.read("cong-dan-uu-tu/2023/le-van-nam/index.html");
    assert!(nam.contains("Cán bộ giỏi, tận tụy"), "{nam}");
    let mai = site.read("cong-dan-uu-tu/2022/pham-thi-mai/index.html");
    assert!(mai.contains(">Phạm Thị Mai</h1>"), "{mai}");
    let htx = site.read("tap-the-dien-hinh/htx-sam-nui-danh/index.html");
    assert!(htx.contains(">HTX Sâm núi Dành</h1>"), "{htx}");
    assert!(htx.contains("Hợp tác xã"), "{htx}");
}

/// A small OpenDocument spreadsheet, as LibreOffice writes one.
fn ods(path: &std::path::Path) {
    use zip::write::SimpleFileOptions;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
        .unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#).unwrap();
    z.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    let row = |cells: &[&str]| {
        let cells: String = cells
            .iter()
            .map(|c| format!("<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>"))
            .collect();
        format!("<table:table-row>{cells}</table:table-row>")
    };
    let body = format!(
        "{}{}{}",
        row(&["Danh sách tập thể (dữ liệu mẫu)"]),
        row(&["Tên tập thể", "Loại hình", "Huyện"]),
        row(&["HTX Sâm núi Dành", "Hợp tác xã", "Tân Yên"]),
    );
    z.write_all(format!(r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Tập thể">{body}</table:table></office:spreadsheet></office:body>
</office:document-content>"#).as_bytes()).unwrap();
    z.finish().unwrap();
}

/// Each broken file fails with its own clear error, and the site built before stays.
#[test]
fn broken_spreadsheets_fail_clearly_and_lose_nothing() {
    let good = site_with_annex("Nữ");
    good.build().unwrap();
    let before = snapshot(&good.root().join("public"));
    let xlsx = std::fs::read(good.root().join("content/citizens/2024.xlsx")).unwrap();
    let mut cp1258 = b"H\xd8 v\xe0 t\xean,N\xe3m sinh\n".to_vec();
    cp1258.extend(b"L\xea V\xe3n Nam,1980\n");
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            "2024.xlsx",
            xlsx[..xlsx.len() / 2].to_vec(),
            "cannot be read",
        ),
        (
            "renamed",
            "2024.xlsx",
            b"Day khong phai bang tinh".to_vec(),
            "cannot be read",
        ),
        ("not UTF-8", "2024.csv", cp1258, "CSV UTF-8"),
        ("zip bomb", "2024.xlsx", bomb(), "unpack"),
    ];
    for (case, name, bytes, fragment) in cases {
        let _ = std::fs::remove_file(good.root().join("content/citizens/2024.xlsx"));
        let _ = std::fs::remove_file(good.root().join("content/citizens/2024.csv"));
        good.write(&format!("content/citizens/{name}"), &bytes);
        let errors = good.errors();
        assert_error(&errors, &format!("content/citizens/{name}:"), fragment);
        assert_eq!(
            before,
            snapshot(&good.root().join("public")),
            "{case}: the site changed"
        );
    }
}

/// A workbook-looking zip whose one part unpacks to 410 MB of zeros (a few hundred KB on
/// disk).
fn bomb() -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file(
        "xl/worksheets/sheet1.xml",
        SimpleFileOptions::default().large_file(true),
    )
    .unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..410 {
        z.write_all(&zeros).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn office_lock_files_are_not_content() {
    let site = site_with_annex("Nữ");
    site.write("content/citizens/~$2024.xlsx", b"lock");
    site.write("content/citizens/.~lock.2024.xlsx#", b"lock");
    assert_eq!(site.build().unwrap().profiles, 2);
}

/// `vinhdanh import` writes one Markdown profile per row, never over a file, and the
/// site it gives is the one the spreadsheet gave, byte for byte.
#[test]
fn import_writes_profiles_that_build_the_same_site() {
    let from_sheet = site_with_annex("Nữ");
    from_sheet.build().unwrap();
    let outside = tempfile::tempdir().unwrap();
    annex(&outside.path().join("2024.xlsx"), "Nữ");
    std::fs::write(outside.path().join("duc.jpg"), jpeg(800, 600)).unwrap();
    let imported = TestSite::new(&[]);
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_vinhdanh"))
            .arg("import")
            .arg(outside.path().join("2024.xlsx"))
            .arg("--root")
            .arg(imported.root())
            .output()
            .unwrap()
    };
    let out = run();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("2 profiles written, 1 photos copied"),
        "{stdout}"
    );
    let duc = std::fs::read_to_string(
        imported
            .root()
            .join("content/citizens/2024/nguyen-van-duc.md"),
    )
    .unwrap();
    assert!(duc.contains("birth_year: 1968 "), "{duc}");
    assert!(
        duc.contains("# slug: nguyen-van-duc"),
        "the explanations stay: {duc}"
    );
    imported.build().unwrap();
    let (a, b) = (
        snapshot(&from_sheet.root().join("public")),
        snapshot(&imported.root().join("public")),
    );
    let differ: Vec<&String> = a
        .iter()
        .chain(&b)
        .filter(|f| !a.contains(f) || !b.contains(f))
        .map(|(p, _)| p)
        .collect();
    assert!(
        differ.is_empty(),
        "the imported profiles build another site: {differ:?}"
    );
    // Again: every file exists, nothing is replaced.
    let before = snapshot(&imported.root().join("content"));
    let again = run();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(before, snapshot(&imported.root().join("content")));
}

#[test]
fn csv_cells_are_named_by_their_real_line_and_lost_values_are_errors() {
    let site = TestSite::new(&[(
        "content/citizens/2023.csv",
        "Họ và tên,Chức vụ,Nghề nghiệp,Giới tính\n\nLê Văn An,Kỹ sư,Kỹ sư,Male\n,Tổng giám đốc,,nam\nLê Văn Bình,Kỹ sư,,nam\nTổng cộng: 2 người\nNgười lập biểu,,,\n",
    )]);
    let errors = site.errors();
    // Line 2 is blank: Lê Văn An's row is line 3.
    assert_error(
        &errors,
        "content/citizens/2023.csv: cell D3:",
        "`gender` cannot be `Male`",
    );
    // Two columns for one field, one of them would be lost.
    assert_error(
        &errors,
        "content/citizens/2023.csv: cell C1:",
        "holds the same field as column B1",
    );
    // A row without a name is an error, even with "Tổng" in it; the rows after the total
    // (signatures) are not.
    assert_error(&errors, "content/citizens/2023.csv: cell A4:", "no `name`");
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

/// `import` of a list in a folder named after the year, whose cell holds a value with a
/// comma: the year comes from the folder and the value stays one field.
#[test]
fn import_keeps_a_folder_s_year_and_values_with_commas() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("2024")).unwrap();
    let file = outside.path().join("2024/danh-sach.csv");
    std::fs::write(
        &file,
        "Họ và tên,Lĩnh vực\nLê Văn An,\"Văn hóa, nghệ thuật\"\n",
    )
    .unwrap();
    let site = TestSite::new(&[]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vinhdanh"))
        .arg("import")
        .arg(&file)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md =
        std::fs::read_to_string(site.root().join("content/citizens/2024/le-van-an.md")).unwrap();
    assert!(md.contains("fields: [\"Văn hóa, nghệ thuật\"]"), "{md}");
    site.build().unwrap();
    assert!(site
        .read("linh-vuc/van-hoa-nghe-thuat/index.html")
        .contains("Lê Văn An"));
}
