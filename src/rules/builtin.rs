//! The standard pack, compiled into the binary so `crossfoot check REPORT` works anywhere.

/// The entry file of the standard pack.
pub const ENTRY: &str = "pack.rules";

/// Every file of `rules/`. A test checks that this list matches the folder.
pub const FILES: &[(&str, &str)] = &[
    ("pack.rules", include_str!("../../rules/pack.rules")),
    (
        "completeness.rules",
        include_str!("../../rules/completeness.rules"),
    ),
    ("tables.rules", include_str!("../../rules/tables.rules")),
    ("gaoxiao.rules", include_str!("../../rules/gaoxiao.rules")),
    ("words.rules", include_str!("../../rules/words.rules")),
    (
        "narrative.rules",
        include_str!("../../rules/narrative.rules"),
    ),
];

pub fn file(name: &str) -> Option<&'static str> {
    FILES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
