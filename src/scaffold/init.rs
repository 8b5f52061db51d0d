//! `vinhdanh init DIR`: a new site that builds at once.
//!
//! It writes `site.yaml`, a home page introduction, an about page, one sample person and
//! one sample collective (clearly marked as samples), a `.gitignore`, and a copy of the
//! default theme embedded in this binary into `themes/default/`, so the site is complete
//! on its own and its theme can be edited in place. It refuses a folder that is not empty.

use std::path::{Path, PathBuf};

use crate::content::profile::current_year;
use crate::diagnostics::{Diagnostic, Pos};
use crate::theme::builtin::DEFAULT_THEME;

const SITE_YAML: &str = "\
# Cấu hình trang vinh danh. Chỉ `title` là bắt buộc; các dòng khác là giá trị mặc định.
title: Vinh danh điển hình tiên tiến
# Địa chỉ trang khi đăng lên mạng, có thể gồm thư mục con (https://example.vn/vinh-danh/).
# Bỏ dấu # và sửa trước khi đăng: đường dẫn chia sẻ, sitemap.xml và atom.xml cần nó.
# base_url: https://vinhdanh.example.gov.vn/
language: vi          # vi hoặc en: ngôn ngữ giao diện
theme: default        # thư mục giao diện trong themes/
description: Những tấm gương công dân ưu tú và tập thể điển hình tiên tiến.
# Hồ sơ là tệp .md hoặc .yaml trong content/citizens/ và content/collectives/; danh sách
# trong bảng tính (.xlsx, .ods, .csv, như content/citizens/2024.xlsx) cũng được: mỗi dòng
# một hồ sơ, cột nhận theo tiêu đề (Họ và tên, Năm sinh, Tóm tắt thành tích…).
sections:             # thư mục trong content/ → đường dẫn trên trang
  citizens:    { kind: person,     path: cong-dan-uu-tu,    title: Công dân ưu tú }
  collectives: { kind: collective, path: tap-the-dien-hinh, title: Tập thể điển hình tiên tiến }
images:
  widths: [320, 640, 1280]   # chiều rộng các bản ảnh, tính bằng điểm ảnh
  quality: 80                # chất lượng nén ảnh, 1–100
# Nơi xuất bản (`vinhdanh deploy`, hoặc nút \"Xuất bản\" trong trình soạn thảo). Bỏ dấu # và
# sửa theo địa chỉ bộ phận kỹ thuật cho. Không bao giờ ghi mật khẩu vào tệp này: chương
# trình sẽ hỏi khi xuất bản.
# deploy:
#   - name: live
#     url: sftp://ten-dang-nhap@vinhdanh.example.gov.vn/var/www/vinhdanh/
#     identity: ~/.ssh/id_ed25519     # khoá đăng nhập (nếu không có: dùng mật khẩu)
#     host_key: SHA256:...            # dấu vân tay khoá máy chủ, do bộ phận kỹ thuật cho
#   - name: hosting
#     url: ftps://ten-dang-nhap@ftp.example.vn/public_html/
";

const HOME: &str = "\
---
title: Vinh danh điển hình tiên tiến
---

Trang giới thiệu những **công dân ưu tú** và **tập thể điển hình tiên tiến** của địa phương.
Bạn có thể tìm theo tên, theo xã, huyện hoặc lĩnh vực, gõ có dấu hay không dấu đều được.

> Đây là trang mới tạo bằng `vinhdanh init`: hai hồ sơ đầu tiên là **hồ sơ mẫu**.
> Sửa tệp `content/_index.md` để thay lời giới thiệu này.
";

const ABOUT: &str = "\
---
title: Giới thiệu
description: Về trang vinh danh điển hình tiên tiến.
menu: true
---

Trang này do Hội đồng Thi đua – Khen thưởng thực hiện. Sửa tệp `content/gioi-thieu.md` để
viết về cách bình chọn và liên hệ.
";

const GITIGNORE: &str = "\
# Made by `vinhdanh build`: the site to copy to the server, and the photo cache.
/public/
/.vinhdanh-cache/
/.public.vinhdanh-*
# Lock files of Excel and LibreOffice while a spreadsheet is open.
~$*
.~lock.*#
";

fn sample_person(year: i64) -> String {
    format!(
        "\
---
# Hồ sơ mẫu: sửa hoặc xoá tệp này. `vinhdanh new person \"Họ Tên\"` tạo một hồ sơ mới.
name: Nguyễn Thị Mẫu
year: {year}
summary: Hồ sơ mẫu của một giáo viên vùng cao nhiều năm vận động học sinh đến lớp.
title: Giáo viên Trường Tiểu học Phúc Sơn
organization: Trường Tiểu học Phúc Sơn
gender: nữ
group: trí thức
district: Sơn Động
commune: Phúc Sơn
fields: [Giáo dục]
awards:
  - title: Công dân ưu tú
    year: {year}
    decision: Quyết định số 0000/QĐ-UBND (mẫu)
    level: Tỉnh
---

Đây là **câu chuyện mẫu**. Viết câu chuyện thật bằng Markdown: các đoạn cách nhau một dòng
trống, *chữ nghiêng*, **chữ đậm**, danh sách và [liên kết](https://example.vn/).
"
    )
}

const SAMPLE_COLLECTIVE: &str = "\
---
# Hồ sơ mẫu: sửa hoặc xoá tệp này. `vinhdanh new collective \"Tên tập thể\"` tạo một hồ sơ mới.
name: Hợp tác xã Nông nghiệp Mẫu
kind: Hợp tác xã
summary: Hồ sơ mẫu của một hợp tác xã giúp xã viên sản xuất theo tiêu chuẩn an toàn.
founded: 2010
members: 150
district: Lục Ngạn
commune: Phượng Sơn
fields: [Nông nghiệp]
---

Đây là **câu chuyện mẫu** của một tập thể. Ảnh đặt cạnh tệp này và khai báo bằng `photo:`.
";

/// Creates a new site in `dir` (which must not exist or be empty) and returns the files
/// written, relative to `dir`.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Diagnostic::new(
                dir,
                Pos::START,
                "this is a file, not a folder; nothing was written",
            )
            .hint("give the name of a new folder, e.g. `vinhdanh init vinh-danh`"));
        }
        let not_empty = std::fs::read_dir(dir)
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(true);
        if not_empty {
            return Err(Diagnostic::new(
                dir,
                Pos::START,
                "this folder is not empty; nothing was written",
            )
            .hint("give the name of a new or empty folder, e.g. `vinhdanh init vinh-danh`; to work on an existing site, run vinhdanh inside it"));
        }
    }
    let year = current_year();
    let files: Vec<(PathBuf, String)> = vec![
        ("site.yaml".into(), SITE_YAML.into()),
        (".gitignore".into(), GITIGNORE.into()),
        ("content/_index.md".into(), HOME.into()),
        ("content/gioi-thieu.md".into(), ABOUT.into()),
        (
            format!("content/citizens/{year}/nguyen-thi-mau.md").into(),
            sample_person(year),
        ),
        (
            "content/collectives/htx-nong-nghiep-mau.md".into(),
            SAMPLE_COLLECTIVE.into(),
        ),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        super::write_new(dir, &rel, text.as_bytes()).map_err(|e| in_dir(dir, e))?;
        written.push(rel);
    }
    write_default_theme(dir).map_err(|e| in_dir(dir, e))?;
    written.extend(
        DEFAULT_THEME
            .iter()
            .map(|(rel, _)| Path::new("themes/default").join(rel)),
    );
    Ok(written)
}

/// Names the file with the new site's folder, since the person ran the command outside it.
fn in_dir(dir: &Path, mut d: Diagnostic) -> Diagnostic {
    d.path = dir.join(&d.path);
    d
}

/// Writes the built-in default theme into `root/themes/default/`, refusing to replace any
/// file that exists.
fn write_default_theme(root: &Path) -> Result<usize, Diagnostic> {
    let dir = Path::new("themes").join("default");
    for (rel, bytes) in DEFAULT_THEME {
        super::write_new(root, &dir.join(rel), bytes)?;
    }
    Ok(DEFAULT_THEME.len())
}
