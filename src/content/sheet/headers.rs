//! The header row: which column holds which field, by the field's name or by the words
//! offices write, and where the header row is below title rows.

use super::table::Table;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::slug::slugify;
use std::path::Path;

/// How far down the header row is looked for, below title rows.
const HEADER_SEARCH: usize = 30;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    /// A profile field, by its name in content.
    Field(&'static str),
    /// One part of the row's award(s).
    Award(&'static str),
    /// The story (`body`).
    Story,
    /// Recognised and left out: "STT", "Ghi chú".
    Ignored,
}

/// Headers offices write, compared without case, marks, punctuation or extra spaces, and
/// what each holds. A field's own name is also a header.
const HEADERS: &[(&str, Column)] = &[
    ("Họ và tên", Column::Field("name")),
    ("Họ tên", Column::Field("name")),
    ("Tên tập thể", Column::Field("name")),
    ("Tên đơn vị", Column::Field("name")),
    ("Năm sinh", Column::Field("birth_year")),
    ("Giới tính", Column::Field("gender")),
    ("Chức vụ", Column::Field("title")),
    ("Nghề nghiệp", Column::Field("title")),
    ("Chức danh", Column::Field("title")),
    ("Chức vụ, nghề nghiệp", Column::Field("title")),
    ("Nghề nghiệp, chức vụ", Column::Field("title")),
    ("Đơn vị", Column::Field("organization")),
    ("Nơi công tác", Column::Field("organization")),
    ("Huyện", Column::Field("district")),
    ("Huyện, thành phố", Column::Field("district")),
    ("Huyện, thị xã, thành phố", Column::Field("district")),
    ("Xã", Column::Field("commune")),
    ("Xã, phường, thị trấn", Column::Field("commune")),
    ("Lĩnh vực", Column::Field("fields")),
    ("Thành phần", Column::Field("group")),
    ("Đối tượng", Column::Field("group")),
    ("Tóm tắt thành tích", Column::Field("summary")),
    ("Thành tích", Column::Field("summary")),
    ("Năm", Column::Field("year")),
    ("Năm vinh danh", Column::Field("year")),
    ("Loại hình", Column::Field("kind")),
    ("Năm thành lập", Column::Field("founded")),
    ("Số thành viên", Column::Field("members")),
    ("Người đứng đầu", Column::Field("leader")),
    ("Địa chỉ", Column::Field("address")),
    ("Trang web", Column::Field("website")),
    ("Ảnh", Column::Field("photo")),
    ("Hình thức khen thưởng", Column::Award("title")),
    ("Danh hiệu", Column::Award("title")),
    ("Số quyết định", Column::Award("decision")),
    ("Quyết định", Column::Award("decision")),
    ("Năm khen thưởng", Column::Award("year")),
    ("Cấp khen thưởng", Column::Award("level")),
    ("Tệp quyết định", Column::Award("decision_file")),
    ("Cơ quan ban hành", Column::Award("issuer")),
    ("Trạng thái", Column::Award("status")),
    ("Quyết định thu hồi", Column::Award("revoked_decision")),
    ("Lý do thu hồi", Column::Award("revoked_reason")),
    ("Tên sắp xếp", Column::Field("sort_name")),
    ("Câu chuyện", Column::Story),
    ("Nội dung", Column::Story),
    ("STT", Column::Ignored),
    ("Địa chỉ trang", Column::Ignored),
    ("Số thứ tự", Column::Ignored),
    ("Ghi chú", Column::Ignored),
];

/// Field names that are also headers as they are.
const FIELD_NAMES: &[&str] = &[
    "name",
    "year",
    "summary",
    "title",
    "organization",
    "birth_year",
    "gender",
    "group",
    "district",
    "commune",
    "fields",
    "tags",
    "photo",
    "photo_alt",
    "photo_credit",
    "photo_focus",
    "kind",
    "founded",
    "members",
    "leader",
    "address",
    "website",
    "slug",
    "weight",
    "sort_name",
    "draft",
];

/// Fields whose cell may hold several values, one per line or separated by `;`.
pub(super) const LISTS: &[&str] = &["fields", "tags"];

/// Fields that are years: a date typed there gives its year.
pub(super) const YEARS: &[&str] = &["year", "birth_year"];

/// What a header means.
fn column(header: &str) -> Option<Column> {
    let key = slugify(header);
    if key.is_empty() {
        return None;
    }
    if let Some(name) = FIELD_NAMES.iter().find(|f| slugify(f) == key) {
        return Some(Column::Field(name));
    }
    HEADERS
        .iter()
        .find(|(h, _)| slugify(h) == key)
        .map(|(_, c)| *c)
}

/// Finds the header row: the first row, within [`HEADER_SEARCH`], that has a name column
/// and one more known column. Its unknown headers are errors, with a hint.
pub(super) fn header(
    table: &Table,
    rel: &Path,
    d: &mut Diagnostics,
) -> Option<(usize, Vec<Option<Column>>)> {
    let at = table.rows.iter().take(HEADER_SEARCH).position(|row| {
        let known: Vec<Column> = row.iter().filter_map(|c| column(&c.text())).collect();
        known.contains(&Column::Field("name"))
            && known.iter().filter(|c| **c != Column::Ignored).count() >= 2
    })?;
    let mut columns = Vec::new();
    let names: Vec<&str> = HEADERS
        .iter()
        .map(|(h, _)| *h)
        .chain(FIELD_NAMES.iter().copied())
        .collect();
    for (c, head) in table.rows[at].iter().enumerate() {
        let text = head.text();
        if text.is_empty() {
            columns.push(None);
            continue;
        }
        let col = column(&text);
        if col.is_none() {
            let hint = match did_you_mean(&text, names.iter().copied()) {
                Some(close) => format!("did you mean \"{close}\"?"),
                None => "use one of the headers in the README's table (\"Họ và tên\", \"Năm sinh\", \"Giới tính\", \"Tóm tắt thành tích\"…), or delete the column; \"STT\" and \"Ghi chú\" columns are left out".to_string(),
            };
            d.push(
                Diagnostic::new(
                    rel,
                    table.pos(at, c),
                    format!("the column \"{text}\" is not a field of a profile"),
                )
                .hint(hint),
            );
        }
        // Two columns for one field ("Chức vụ" and "Nghề nghiệp"): one would be lost.
        let twin = col
            .filter(|c| *c != Column::Ignored)
            .and_then(|col| columns.iter().position(|other| *other == Some(col)));
        if let Some(first) = twin {
            d.push(
                Diagnostic::new(
                    rel,
                    table.pos(at, c),
                    format!(
                        "the column \"{text}\" holds the same field as column {}",
                        crate::diagnostics::cell_name(table.pos(at, first))
                    ),
                )
                .hint("keep one of the two columns, or join them in one"),
            );
            columns.push(None);
            continue;
        }
        columns.push(col);
    }
    Some((at, columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_without_case_marks_or_punctuation() {
        assert_eq!(column("HỌ VÀ TÊN"), Some(Column::Field("name")));
        assert_eq!(column("Họ  tên:"), Some(Column::Field("name")));
        assert_eq!(column("Huyện, thành phố"), Some(Column::Field("district")));
        assert_eq!(column("birth_year"), Some(Column::Field("birth_year")));
        assert_eq!(column("Số quyết định"), Some(Column::Award("decision")));
        assert_eq!(column("STT"), Some(Column::Ignored));
        assert_eq!(column("Quê quán"), None);
    }
}
