//! `vinhdanh new person|collective "NAME"`: one new profile file, in the right folder, with
//! every field of the format present. Optional fields are commented out with a Vietnamese
//! hint and an example value, so the file passes `vinhdanh check` as it is written and a
//! person only removes the `# ` in front of a field to use it.

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::config::{self, Config, Kind, Section};
use crate::content::profile::current_year;
use crate::content::schema;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::slug::slugify;

/// What `vinhdanh new` was asked to make.
#[derive(Debug, Clone)]
pub struct NewProfile {
    /// A person or a collective.
    pub kind: Kind,
    /// The full name, with diacritics.
    pub name: String,
    /// The year honoured: the folder of a person (default: this year); optional for a
    /// collective.
    pub year: Option<i64>,
    /// The section folder to write into (default: the first section of that kind).
    pub section: Option<String>,
}

/// Writes the new profile under `root` and returns its path relative to `root`.
/// Refuses to replace any file, and to take an address another profile file already has.
pub fn create(root: &Path, new: &NewProfile) -> Result<PathBuf, Vec<Diagnostic>> {
    let mut d = Diagnostics::new();
    let Some(config) = config::load(root, &mut d) else {
        return Err(d.into_sorted());
    };
    if !d.is_empty() {
        return Err(d.into_sorted());
    }
    let section = pick_section(&config, new).map_err(|e| vec![e])?;
    let name: String = new.name.trim().nfc().collect();
    let slug = slugify(&name);
    if slug.is_empty() {
        return Err(vec![Diagnostic::new(
            "NAME",
            Pos::START,
            format!(
                "`{}` has no letters or digits to make a web address from",
                new.name
            ),
        )
        .hint(
            "give the full name with diacritics, e.g. `vinhdanh new person \"Nguyễn Văn Đức\"`",
        )]);
    }
    let this_year = current_year();
    let year = match (new.kind, new.year) {
        (_, Some(y)) if !(1945..=this_year + 1).contains(&y) => {
            return Err(vec![Diagnostic::new(
                "--year",
                Pos::START,
                format!("{y} is not a plausible year for an honour"),
            )
            .hint(format!("use a year from 1945 to {}", this_year + 1))]);
        }
        (Kind::Person, None) => Some(this_year),
        (_, y) => y,
    };
    let folder = match (new.kind, year) {
        (Kind::Person, Some(y)) => Path::new("content").join(&section.key).join(y.to_string()),
        _ => Path::new("content").join(&section.key),
    };
    let rel = folder.join(format!("{slug}.md"));
    // The same address could come from a bundle or a YAML file of that name.
    for other in [
        folder.join(&slug).join("index.md"),
        folder.join(format!("{slug}.yaml")),
    ] {
        if root.join(&other).exists() {
            return Err(vec![super::already_exists(&other).hint(format!(
                "`{name}` already has a profile there; edit it, or set a different `slug`"
            ))]);
        }
    }
    let text = text(new.kind, &name, year, &slug, section);
    super::write_new(root, &rel, text.as_bytes()).map_err(|e| vec![e])?;
    Ok(rel)
}

fn pick_section<'c>(config: &'c Config, new: &NewProfile) -> Result<&'c Section, Diagnostic> {
    let kind = new.kind.as_str();
    match &new.section {
        Some(key) => match config.section(key) {
            Some(s) if s.kind == new.kind => Ok(s),
            Some(s) => Err(Diagnostic::new(
                "site.yaml",
                Pos::START,
                format!("section `{key}` holds {}s, not {kind}s", s.kind.as_str()),
            )
            .hint(format!("leave out --section, or name a section of kind `{kind}`"))),
            None => Err(Diagnostic::new(
                "site.yaml",
                Pos::START,
                format!("there is no section `{key}`"),
            )
            .hint(format!("the sections are: {}", keys(config)))),
        },
        None => config
            .sections
            .iter()
            .find(|s| s.kind == new.kind)
            .ok_or_else(|| {
                Diagnostic::new(
                    "site.yaml",
                    Pos::START,
                    format!("no section holds {kind}s"),
                )
                .hint(format!(
                    "add one under `sections:`, e.g. `citizens: {{ kind: {kind}, path: cong-dan-uu-tu, title: Công dân ưu tú }}`"
                ))
            }),
    }
}

fn keys(config: &Config) -> String {
    config
        .sections
        .iter()
        .map(|s| format!("`{}` ({})", s.key, s.kind.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes `s` as a YAML scalar: plain when that reads back as the same text, otherwise
/// double-quoted (the editor writes values the same way).
pub fn yaml_scalar(s: &str) -> String {
    crate::yaml::edit::scalar(s, false)
}

/// The text of a new profile file: front matter with every field, then a note where the
/// story goes (an HTML comment, which never reaches the page).
pub fn text(kind: Kind, name: &str, year: Option<i64>, slug: &str, section: &Section) -> String {
    let y = year.unwrap_or_else(current_year);
    let path = &section.path;
    let name = yaml_scalar(name);
    let mut s = String::from("---\n");
    let line = |s: &mut String, field: &str, comment: &str| {
        if comment.is_empty() {
            s.push_str(field);
        } else {
            // At least two spaces: `value# x` would make `# x` part of the value.
            let width = 34.max(field.chars().count() + 2);
            s.push_str(&format!("{field:<width$}# {comment}"));
        }
        s.push('\n');
    };
    match kind {
        Kind::Person => {
            s.push_str(
                "# Hồ sơ công dân ưu tú. Dòng bắt đầu bằng dấu # là ghi chú, trang web bỏ qua.\n",
            );
            s.push_str("# Muốn dùng một trường: xoá dấu \"# \" ở đầu dòng rồi sửa ví dụ thành nội dung thật.\n");
            s.push_str(
                "# Bắt buộc: name, year. Nên có: summary. Các trường khác có thể để trống.\n\n",
            );
            line(&mut s, &format!("name: {name}"), schema::hint("name", "vi"));
            line(&mut s, &format!("year: {y}"), schema::hint("year", "vi"));
        }
        Kind::Collective => {
            s.push_str("# Hồ sơ tập thể điển hình tiên tiến. Dòng bắt đầu bằng dấu # là ghi chú, trang web bỏ qua.\n");
            s.push_str("# Muốn dùng một trường: xoá dấu \"# \" ở đầu dòng rồi sửa ví dụ thành nội dung thật.\n");
            s.push_str("# Bắt buộc: name. Nên có: summary. Các trường khác có thể để trống.\n\n");
            line(
                &mut s,
                &format!("name: {name}"),
                "tên đầy đủ của tập thể, có dấu",
            );
            let year_line = format!("year: {y}");
            if year.is_some() {
                line(&mut s, &year_line, "năm được vinh danh");
            } else {
                line(&mut s, &format!("# {year_line}"), "năm được vinh danh");
            }
        }
    }
    line(
        &mut s,
        "# summary: Một, hai câu về thành tích nổi bật.",
        schema::hint("summary", "vi"),
    );
    s.push('\n');
    match kind {
        Kind::Person => {
            line(
                &mut s,
                "# title: Giáo viên Trường THCS Liên Chung",
                schema::hint("title", "vi"),
            );
            line(
                &mut s,
                "# organization: Trường THCS Liên Chung",
                schema::hint("organization", "vi"),
            );
            line(
                &mut s,
                "# birth_year: 1975",
                schema::hint("birth_year", "vi"),
            );
            line(&mut s, "# gender: nam", schema::hint("gender", "vi"));
            line(
                &mut s,
                "# group: trí thức",
                "nhóm nghề, một trong: nông dân, công nhân, chiến sĩ,",
            );
            line(
                &mut s,
                "#",
                "người lao động trực tiếp, cán bộ, doanh nhân, trí thức,",
            );
            line(&mut s, "#", "học sinh – sinh viên, khác");
        }
        Kind::Collective => {
            line(&mut s, "# kind: Hợp tác xã", schema::hint("kind", "vi"));
            line(&mut s, "# founded: 2009", schema::hint("founded", "vi"));
            line(&mut s, "# members: 120", schema::hint("members", "vi"));
            line(
                &mut s,
                "# leader: Ông Nguyễn Văn Quý, Giám đốc",
                schema::hint("leader", "vi"),
            );
            line(
                &mut s,
                "# address: Xã Hương Sơn, huyện Lạng Giang",
                schema::hint("address", "vi"),
            );
            line(
                &mut s,
                "# website: https://example.vn/",
                schema::hint("website", "vi"),
            );
        }
    }
    line(
        &mut s,
        "# district: Lục Ngạn",
        schema::hint("district", "vi"),
    );
    line(
        &mut s,
        "# commune: Phượng Sơn",
        schema::hint("commune", "vi"),
    );
    line(&mut s, "# fields: [Giáo dục]", schema::hint("fields", "vi"));
    s.push('\n');
    s.push_str("# Ảnh: chép tệp ảnh (chụp từ điện thoại hay máy ảnh đều được) vào cạnh tệp này.\n");
    line(
        &mut s,
        &format!("# photo: {slug}.jpg"),
        schema::hint("photo", "vi"),
    );
    line(
        &mut s,
        "# photo_alt: Ảnh chân dung",
        schema::hint("photo_alt", "vi"),
    );
    line(
        &mut s,
        "# photo_credit: Ảnh do đơn vị cung cấp",
        schema::hint("photo_credit", "vi"),
    );
    line(
        &mut s,
        "# photo_focus: top",
        schema::hint("photo_focus", "vi"),
    );
    if kind == Kind::Collective {
        line(
            &mut s,
            "# gallery:",
            "thêm ảnh, mỗi ảnh một dòng, kèm chú thích",
        );
        line(
            &mut s,
            &format!("#   - {{ src: {slug}-2.jpg, caption: Chú thích ảnh }}"),
            "",
        );
    }
    s.push('\n');
    s.push_str("# Danh hiệu, kèm số quyết định để người đọc kiểm chứng:\n");
    line(&mut s, "# awards:", "");
    line(&mut s, "#   - title: Công dân ưu tú", "tên danh hiệu");
    line(&mut s, &format!("#     year: {y}"), "năm tặng");
    line(
        &mut s,
        &format!("#     decision: Quyết định số 1234/QĐ-UBND ngày 15/8/{y}"),
        "số, ngày quyết định",
    );
    line(&mut s, "#     level: Tỉnh", "cấp: Tỉnh, Trung ương…");
    line(
        &mut s,
        "#     revoked:",
        "khi danh hiệu bị hủy bỏ, thu hồi:",
    );
    line(
        &mut s,
        &format!(
            "#       decision: Quyết định số 77/QĐ-UBND ngày 2/3/{}",
            y + 1
        ),
        "quyết định thu hồi",
    );
    line(
        &mut s,
        "#       reason: Hồ sơ khai không trung thực",
        "lý do thu hồi",
    );
    s.push_str(
        "# Khi danh hiệu mới được đề nghị, đang lấy ý kiến nhân dân, chưa có quyết định: ghi\n",
    );
    s.push_str("# `status: proposed` thay cho `decision` (xem content/lay-y-kien/).\n");
    s.push('\n');
    s.push_str("# Bài báo viết về hồ sơ này:\n");
    line(&mut s, "# links:", "");
    line(&mut s, "#   - title: Tên bài báo", "");
    line(
        &mut s,
        "#     url: https://example.vn/bai-bao",
        "địa chỉ bài báo",
    );
    line(&mut s, "#     outlet: Báo Bắc Giang", "tên báo");
    line(&mut s, &format!("#     date: {y}-09-05"), "ngày đăng");
    s.push('\n');
    line(&mut s, "# tags: [gương sáng]", schema::hint("tags", "vi"));
    line(
        &mut s,
        &format!("# slug: {slug}"),
        schema::hint("slug", "vi"),
    );
    let old = match kind {
        Kind::Person => format!("/{}", crate::paths::profile(path, Some(y), "ten-cu")),
        Kind::Collective => format!("/{}", crate::paths::profile(path, None, "ten-cu")),
    };
    line(
        &mut s,
        &format!("# aliases: [{old}]"),
        schema::hint("aliases", "vi"),
    );
    line(&mut s, "# weight: 1", schema::hint("weight", "vi"));
    if kind == Kind::Person {
        line(
            &mut s,
            "# sort_name: Bạch Tuyết Tôn Nữ Thị",
            schema::hint("sort_name", "vi"),
        );
    }
    line(
        &mut s,
        "# draft: true",
        "bản nháp: chưa đăng cho tới khi xoá dòng này",
    );
    s.push_str("---\n\n");
    s.push_str(
        "<!-- Viết câu chuyện bên dưới ghi chú này, bằng Markdown: các đoạn cách nhau một dòng\n",
    );
    s.push_str(
        "     trống; **chữ đậm**, *chữ nghiêng*, [liên kết](https://example.vn/). Ghi chú này\n",
    );
    s.push_str("     không hiện trên trang. -->\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_safe_yaml() {
        assert_eq!(yaml_scalar("Nguyễn Văn Đức"), "Nguyễn Văn Đức");
        assert_eq!(yaml_scalar("Đội: Thanh niên"), "\"Đội: Thanh niên\"");
        assert_eq!(yaml_scalar("#1 Hợp tác xã"), "\"#1 Hợp tác xã\"");
        assert_eq!(yaml_scalar("2023"), "\"2023\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("Trường \"Sao Mai\""), "Trường \"Sao Mai\"");
    }
}
