//! Reference data: the occupation groups of people, as content writes them and as keys.

/// The occupation groups of the spec, as written in content.
pub const GROUPS: &[&str] = &[
    "nông dân",
    "công nhân",
    "chiến sĩ",
    "người lao động trực tiếp",
    "cán bộ",
    "doanh nhân",
    "trí thức",
    "học sinh – sinh viên",
    "khác",
];

/// The same groups as keys for templates and translations (`group_farmer`), in the order
/// of [`GROUPS`].
pub const GROUP_KEYS: &[&str] = &[
    "farmer",
    "worker",
    "soldier",
    "direct_worker",
    "official",
    "entrepreneur",
    "intellectual",
    "student",
    "other",
];

/// How many of the first [`GROUPS`] count as direct workers: farmers, workers, soldiers and
/// direct labourers, the share the honour councils report.
pub const DIRECT_GROUPS: usize = 4;

/// The key of an occupation group written in content.
pub fn group_key(group: &str) -> Option<&'static str> {
    GROUPS
        .iter()
        .position(|g| *g == group)
        .map(|i| GROUP_KEYS[i])
}
