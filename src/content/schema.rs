//! The fields of a profile, each with its label and hint in Vietnamese and English: what the
//! editor in `serve` makes its form from and `vinhdanh new` writes beside each field. The
//! reader in [`super::profile`] checks the values; a test holds the two to the same fields.

use crate::config::Kind;

/// What kind of control a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// One line of text.
    Text,
    /// A whole number.
    Number,
    /// Several lines of text.
    Long,
    /// One of a fixed list of values.
    Choice(&'static [&'static str]),
    /// Several short values (`fields: [Giáo dục, Y tế]`), one per line in the form.
    List,
    /// A photo file next to the profile.
    Photo,
    /// Yes or no.
    Flag,
    /// A repeated group of sub-fields (awards, links, gallery).
    Group(&'static [Field]),
}

/// Who has a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum For {
    /// People and collectives.
    Both,
    /// People only.
    Person,
    /// Collectives only.
    Collective,
}

/// One field of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Its key in the file.
    pub key: &'static str,
    /// Its control.
    pub input: Input,
    /// Who has it.
    pub of: For,
    /// Must be given.
    pub required: bool,
    /// Label, Vietnamese and English.
    pub label: (&'static str, &'static str),
    /// What to write, Vietnamese and English (empty when the label says it all).
    pub hint: (&'static str, &'static str),
}

impl Field {
    /// Whether a profile of `kind` has this field.
    pub fn applies(&self, kind: Kind) -> bool {
        match self.of {
            For::Both => true,
            For::Person => kind == Kind::Person,
            For::Collective => kind == Kind::Collective,
        }
    }

    /// The label in the site's language.
    pub fn label(&self, language: &str) -> &'static str {
        if language == "vi" {
            self.label.0
        } else {
            self.label.1
        }
    }

    /// The hint in the site's language.
    pub fn hint(&self, language: &str) -> &'static str {
        if language == "vi" {
            self.hint.0
        } else {
            self.hint.1
        }
    }
}

const fn f(
    key: &'static str,
    input: Input,
    of: For,
    label: (&'static str, &'static str),
    hint: (&'static str, &'static str),
) -> Field {
    Field {
        key,
        input,
        of,
        required: false,
        label,
        hint,
    }
}

/// Where a photo's square crop is anchored.
pub const FOCUS: &[&str] = &["center", "top", "bottom", "left", "right"];

/// The sub-fields of an award.
pub const AWARD: &[Field] = &[
    Field {
        required: true,
        ..f(
            "title",
            Input::Text,
            For::Both,
            ("Danh hiệu", "Title"),
            ("tên danh hiệu", "the honour's name"),
        )
    },
    f(
        "year",
        Input::Number,
        For::Both,
        ("Năm", "Year"),
        ("năm tặng", "the year it was given"),
    ),
    f(
        "decision",
        Input::Text,
        For::Both,
        ("Quyết định", "Decision"),
        ("số, ngày quyết định", "the decision's number and date"),
    ),
    f(
        "level",
        Input::Text,
        For::Both,
        ("Cấp", "Level"),
        ("cấp: Tỉnh, Trung ương…", "level: province, national…"),
    ),
    f(
        "issuer",
        Input::Text,
        For::Both,
        ("Cơ quan ban hành", "Issued by"),
        (
            "cơ quan ra quyết định, khi số quyết định không ghi",
            "the body that decided, when the number does not say",
        ),
    ),
    f(
        "decision_file",
        Input::Text,
        For::Both,
        ("Tệp quyết định", "Decision file"),
        (
            "bản quét hoặc PDF của quyết định, cạnh tệp này",
            "a scan or PDF of the decision, next to this file",
        ),
    ),
    f(
        "status",
        Input::Choice(&["proposed"]),
        For::Both,
        ("Trạng thái", "Status"),
        (
            "proposed: mới đề nghị, đang lấy ý kiến (chưa có quyết định); để trống khi đã có quyết định",
            "proposed: put forward for public consultation, not decided yet; empty once decided",
        ),
    ),
    f(
        "revoked.decision",
        Input::Text,
        For::Both,
        ("Quyết định thu hồi", "Revoked by"),
        (
            "số, ngày quyết định hủy bỏ, thu hồi danh hiệu",
            "the number and date of the decision withdrawing the honour",
        ),
    ),
    f(
        "revoked.reason",
        Input::Text,
        For::Both,
        ("Lý do thu hồi", "Reason for revocation"),
        ("lý do thu hồi, như ghi trong quyết định", "why, as the decision says"),
    ),
];

/// The sub-fields of a link to a story in the press.
pub const LINK: &[Field] = &[
    Field {
        required: true,
        ..f(
            "title",
            Input::Text,
            For::Both,
            ("Tên bài báo", "Headline"),
            ("", ""),
        )
    },
    Field {
        required: true,
        ..f(
            "url",
            Input::Text,
            For::Both,
            ("Địa chỉ", "Address"),
            ("địa chỉ bài báo", "the article's address"),
        )
    },
    f(
        "outlet",
        Input::Text,
        For::Both,
        ("Báo", "Outlet"),
        ("tên báo", "the newspaper's name"),
    ),
    f(
        "date",
        Input::Text,
        For::Both,
        ("Ngày đăng", "Date"),
        ("ngày đăng, năm-tháng-ngày", "published, year-month-day"),
    ),
];

/// The sub-fields of a gallery photo.
pub const GALLERY: &[Field] = &[
    Field {
        required: true,
        ..f(
            "src",
            Input::Photo,
            For::Both,
            ("Ảnh", "Photo"),
            ("tên tệp ảnh", "the photo's file name"),
        )
    },
    f(
        "caption",
        Input::Text,
        For::Both,
        ("Chú thích", "Caption"),
        ("", ""),
    ),
];

/// Every field of a profile, in the order the form and `new` show them. The story is not a
/// field: it is the Markdown after the front matter.
pub const FIELDS: &[Field] = &[
    Field {
        required: true,
        ..f(
            "name",
            Input::Text,
            For::Both,
            ("Họ và tên", "Name"),
            ("họ và tên đầy đủ, có dấu", "the full name, with diacritics"),
        )
    },
    f(
        "year",
        Input::Number,
        For::Both,
        ("Năm vinh danh", "Year honoured"),
        (
            "năm được vinh danh: danh sách công dân xếp theo năm",
            "the year of the honour: people are listed by year",
        ),
    ),
    f(
        "summary",
        Input::Long,
        For::Both,
        ("Tóm tắt", "Summary"),
        (
            "hiện trên thẻ, trong tìm kiếm và khi chia sẻ",
            "shown on cards, in search and when shared",
        ),
    ),
    f(
        "title",
        Input::Text,
        For::Person,
        ("Chức danh", "Role"),
        ("chức danh, công việc", "role or work"),
    ),
    f(
        "organization",
        Input::Text,
        For::Person,
        ("Nơi làm việc", "Organisation"),
        ("nơi làm việc", "where they work"),
    ),
    f(
        "birth_year",
        Input::Number,
        For::Person,
        ("Năm sinh", "Year of birth"),
        ("năm sinh", "year of birth"),
    ),
    f(
        "gender",
        Input::Choice(&["nam", "nữ"]),
        For::Person,
        ("Giới tính", "Gender"),
        (
            "nam hoặc nữ (dùng cho thống kê)",
            "nam or nữ (for the statistics)",
        ),
    ),
    f(
        "group",
        Input::Choice(super::groups::GROUPS),
        For::Person,
        ("Nhóm nghề", "Group"),
        (
            "nhóm nghề, dùng cho thống kê",
            "occupational group, for the statistics",
        ),
    ),
    f(
        "kind",
        Input::Text,
        For::Collective,
        ("Loại tập thể", "Kind"),
        (
            "loại tập thể: Hợp tác xã, Trường học, Doanh nghiệp…",
            "kind: cooperative, school, company…",
        ),
    ),
    f(
        "founded",
        Input::Text,
        For::Collective,
        ("Thành lập", "Founded"),
        ("năm (hoặc ngày) thành lập", "year (or date) founded"),
    ),
    f(
        "members",
        Input::Text,
        For::Collective,
        ("Số thành viên", "Members"),
        ("số thành viên", "number of members"),
    ),
    f(
        "leader",
        Input::Text,
        For::Collective,
        ("Người đứng đầu", "Leader"),
        ("người đứng đầu", "who leads it"),
    ),
    f(
        "address",
        Input::Text,
        For::Collective,
        ("Địa chỉ", "Address"),
        ("địa chỉ", "postal address"),
    ),
    f(
        "website",
        Input::Text,
        For::Collective,
        ("Trang web", "Website"),
        ("trang web của tập thể", "its website"),
    ),
    f(
        "district",
        Input::Text,
        For::Both,
        ("Huyện, thị xã, thành phố", "District"),
        (
            "huyện, thị xã, thành phố: có trang liệt kê theo địa bàn",
            "district: it has a page listing its profiles",
        ),
    ),
    f(
        "commune",
        Input::Text,
        For::Both,
        ("Xã, phường, thị trấn", "Commune"),
        ("xã, phường, thị trấn", "commune or ward"),
    ),
    f(
        "fields",
        Input::List,
        For::Both,
        ("Lĩnh vực", "Fields"),
        (
            "lĩnh vực, có thể nhiều: Giáo dục, Y tế, Nông nghiệp…",
            "fields, one or more: education, health, farming…",
        ),
    ),
    f(
        "photo",
        Input::Photo,
        For::Both,
        ("Ảnh", "Photo"),
        (
            "tên tệp ảnh, tính từ thư mục chứa tệp này",
            "the photo's file name, next to this file",
        ),
    ),
    f(
        "photo_alt",
        Input::Text,
        For::Both,
        ("Mô tả ảnh", "Photo description"),
        (
            "mô tả ảnh cho người không xem được ảnh (mặc định: tên)",
            "what the photo shows, for those who cannot see it (default: the name)",
        ),
    ),
    f(
        "photo_credit",
        Input::Text,
        For::Both,
        ("Nguồn ảnh", "Photo credit"),
        ("tác giả hoặc nguồn ảnh", "who took or gave the photo"),
    ),
    f(
        "photo_focus",
        Input::Choice(FOCUS),
        For::Both,
        ("Phần giữ khi cắt vuông", "Square crop keeps"),
        (
            "phần giữ lại khi cắt ảnh vuông: center, top, bottom, left, right",
            "the part kept in the square crop: center, top, bottom, left, right",
        ),
    ),
    f(
        "gallery",
        Input::Group(GALLERY),
        For::Collective,
        ("Thêm ảnh", "Gallery"),
        (
            "thêm ảnh, mỗi ảnh kèm chú thích",
            "more photos, each with a caption",
        ),
    ),
    f(
        "awards",
        Input::Group(AWARD),
        For::Both,
        ("Danh hiệu", "Awards"),
        (
            "danh hiệu, kèm số quyết định để người đọc kiểm chứng",
            "honours, with the decision so readers can check",
        ),
    ),
    f(
        "links",
        Input::Group(LINK),
        For::Both,
        ("Bài báo", "Press"),
        ("bài báo viết về hồ sơ này", "articles about this profile"),
    ),
    f(
        "tags",
        Input::List,
        For::Both,
        ("Từ khoá", "Tags"),
        ("từ khoá tự do, giúp tìm kiếm", "free keywords, for search"),
    ),
    f(
        "slug",
        Input::Text,
        For::Both,
        ("Địa chỉ trang", "Address"),
        (
            "phần cuối địa chỉ trang (mặc định: tên tệp này)",
            "the last part of the page's address (default: the file's name)",
        ),
    ),
    f(
        "aliases",
        Input::List,
        For::Both,
        ("Địa chỉ cũ", "Old addresses"),
        (
            "địa chỉ cũ của trang, vẫn dẫn về đây",
            "old addresses of the page, which still lead here",
        ),
    ),
    f(
        "weight",
        Input::Number,
        For::Both,
        ("Thứ tự", "Order"),
        (
            "thứ tự trong danh sách: số nhỏ đứng trước",
            "order in lists: smaller first",
        ),
    ),
    f(
        "sort_name",
        Input::Text,
        For::Both,
        ("Tên sắp xếp", "Sort name"),
        (
            "khi tên gồm hai chữ trở lên: cách xếp A, B, C (mặc định theo tên, tên đệm, rồi họ)",
            "how to alphabetise an unusual name (default: given name, middle, family name)",
        ),
    ),
    f(
        "draft",
        Input::Flag,
        For::Both,
        ("Bản nháp", "Draft"),
        ("bản nháp: chưa đăng", "a draft: not published"),
    ),
];

/// Every field of a plain page (its text is the Markdown after the front matter).
pub const PAGE_FIELDS: &[Field] = &[
    Field {
        required: true,
        ..f(
            "title",
            Input::Text,
            For::Both,
            ("Tiêu đề", "Title"),
            ("", ""),
        )
    },
    f(
        "description",
        Input::Long,
        For::Both,
        ("Mô tả", "Description"),
        (
            "một câu cho máy tìm kiếm và khi chia sẻ",
            "one sentence for search engines and sharing",
        ),
    ),
    f(
        "menu",
        Input::Flag,
        For::Both,
        ("Trong trình đơn", "In the menu"),
        (
            "hiện trong trình đơn của trang",
            "listed in the site's menu",
        ),
    ),
    f(
        "weight",
        Input::Number,
        For::Both,
        ("Thứ tự", "Order"),
        (
            "thứ tự trong trình đơn: số nhỏ đứng trước",
            "order in the menu: smaller first",
        ),
    ),
    f(
        "aliases",
        Input::List,
        For::Both,
        ("Địa chỉ cũ", "Old addresses"),
        (
            "địa chỉ cũ của trang, vẫn dẫn về đây",
            "old addresses of the page, which still lead here",
        ),
    ),
    f(
        "draft",
        Input::Flag,
        For::Both,
        ("Bản nháp", "Draft"),
        ("bản nháp: chưa đăng", "a draft: not published"),
    ),
];

/// The field of `key`.
pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The hint of `key` in `language` (empty for an unknown key).
pub fn hint(key: &str, language: &str) -> &'static str {
    field(key).map_or("", |f| f.hint(language))
}
