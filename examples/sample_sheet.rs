//! Writes the example site's sample spreadsheet, `content/citizens/2024.xlsx`: the list of a
//! year's outstanding citizens as an office keeps it (a merged title row, Vietnamese
//! headers, numbers and dates typed as such, a totals row, a notes sheet). Every person in
//! it is invented. Run again to make it anew:
//!
//! ```sh
//! cargo run --example sample_sheet -- content/citizens/2024.xlsx
//! ```

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// Name, year of birth, gender, role, district, field, occupation group, summary.
type Person = (
    &'static str,
    u16,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const PEOPLE: &[Person] = &[
    (
        "Lưu Thị Kim Dung",
        1979,
        "Nữ",
        "Y sĩ trạm y tế xã",
        "Sơn Động",
        "Y tế",
        "trí thức",
        "Hai mươi năm chăm sóc sức khỏe đồng bào vùng cao.",
    ),
    (
        "Giáp Minh Khôi",
        1990,
        "Nam",
        "Kỹ sư cơ khí",
        "Lạng Giang",
        "Công nghiệp",
        "công nhân",
        "Cải tiến dây chuyền, tiết kiệm hàng trăm triệu đồng mỗi năm.",
    ),
    (
        "Hà Thị Lệ",
        1984,
        "Nữ",
        "Chủ nhiệm tổ hợp tác chè",
        "Lục Nam",
        "Nông nghiệp",
        "nông dân",
        "Đưa chè sạch của xã vào các siêu thị lớn.",
    ),
    (
        "Thân Quốc Bảo",
        2001,
        "Nam",
        "Sinh viên",
        "Lạng Giang",
        "Thể thao",
        "học sinh – sinh viên",
        "Huy chương vàng điền kinh toàn quốc.",
    ),
    (
        "Mẫn Thị Yến",
        1972,
        "Nữ",
        "Cán bộ hội phụ nữ xã",
        "Sơn Động",
        "Xã hội",
        "cán bộ",
        "Vận động hàng trăm hộ thoát nghèo bền vững.",
    ),
    (
        "Ong Thế Vinh",
        1968,
        "Nam",
        "Chủ doanh nghiệp gỗ",
        "Lục Nam",
        "Kinh tế",
        "doanh nhân",
        "Tạo việc làm ổn định cho hơn ba trăm lao động.",
    ),
    (
        "Lã Thị Hằng",
        1995,
        "Nữ",
        "Giáo viên mầm non",
        "Sơn Động",
        "Mầm non",
        "trí thức",
        "Mở lớp học ở thôn xa nhất của xã.",
    ),
    (
        "Chu Minh Trí",
        1987,
        "Nam",
        "Chiến sĩ phòng cháy chữa cháy",
        "Lạng Giang",
        "An ninh",
        "chiến sĩ",
        "Cứu sáu người khỏi đám cháy khu trọ.",
    ),
    (
        "Tạ Thị Ngân",
        1981,
        "Nữ",
        "Công nhân may",
        "Lục Nam",
        "Công nghiệp",
        "công nhân",
        "Mười năm liền đạt danh hiệu lao động giỏi.",
    ),
    (
        "Diêm Quang Hải",
        1976,
        "Nam",
        "Nông dân trồng na",
        "Lục Nam",
        "Nông nghiệp",
        "nông dân",
        "Giống na mới cho năng suất gấp đôi.",
    ),
];

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "content/citizens/2024.xlsx".into());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách").unwrap();
    let bold = Format::new().set_bold();
    sheet
        .merge_range(
            0,
            0,
            0,
            11,
            "DANH SÁCH CÔNG DÂN ƯU TÚ NĂM 2024 (DỮ LIỆU MẪU, NHÂN VẬT HƯ CẤU)",
            &bold,
        )
        .unwrap();
    sheet
        .merge_range(
            1,
            0,
            1,
            11,
            "Kèm theo Quyết định số 2468/QĐ-UBND ngày 20/8/2024 (mẫu)",
            &Format::new(),
        )
        .unwrap();
    let headers = [
        "STT",
        "Họ và tên",
        "Năm sinh",
        "Giới tính",
        "Chức vụ, nghề nghiệp",
        "Huyện",
        "Lĩnh vực",
        "Thành phần",
        "Tóm tắt thành tích",
        "Hình thức khen thưởng",
        "Số quyết định",
        "Năm khen thưởng",
        "Ghi chú",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
        sheet.set_cell_format(3, c as u16, &bold).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (i, (name, born, gender, title, district, field, group, summary)) in
        PEOPLE.iter().enumerate()
    {
        let r = 4 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        sheet.write_number(r, 2, f64::from(*born)).unwrap();
        sheet.write_string(r, 3, *gender).unwrap();
        sheet.write_string(r, 4, *title).unwrap();
        sheet.write_string(r, 5, *district).unwrap();
        sheet.write_string(r, 6, *field).unwrap();
        sheet.write_string(r, 7, *group).unwrap();
        sheet
            .write_string(r, 8, format!("{summary} (Dữ liệu mẫu.)"))
            .unwrap();
        sheet
            .write_string(r, 9, "Công dân Bắc Giang ưu tú")
            .unwrap();
        sheet
            .write_string(r, 10, "Quyết định số 2468/QĐ-UBND ngày 20/8/2024")
            .unwrap();
        sheet
            .write_datetime_with_format(r, 11, ExcelDateTime::from_ymd(2024, 8, 20).unwrap(), &date)
            .unwrap();
    }
    let total = 4 + PEOPLE.len() as u32 + 1;
    sheet
        .write_string(total, 1, format!("Tổng cộng: {} người", PEOPLE.len()))
        .unwrap();
    sheet.set_column_width(1, 24).unwrap();
    sheet.set_column_width(8, 48).unwrap();
    let notes = book.add_worksheet();
    notes.set_name("Ghi chú").unwrap();
    notes
        .write_string(
            0,
            0,
            "Bảng tính mẫu của vinhdanh: mỗi dòng của trang \"Danh sách\" là một hồ sơ.",
        )
        .unwrap();
    book.save(&out).unwrap();
    println!("Wrote {out}");
}
