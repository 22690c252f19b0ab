//! `schema/report.schema.json` accepts every valid report (fixtures and tests/data) and rejects
//! malformed ones.
//!
//! Reports are converted to JSON through the loader's own YAML tree: quoted scalars become
//! strings; plain scalars become null (`~`, `null`, empty), booleans, integers when they are
//! plain integers, and strings otherwise (so `0.10` is the string "0.10": no floats involved).

use std::path::{Path, PathBuf};

mod common;

use common::to_json;
use crossfoot::report::yaml::parse_tree;
use serde_json::Value;

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn json_of(path: &Path) -> Value {
    let source = std::fs::read_to_string(path).expect("readable");
    let tree = parse_tree(&source, 64).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    to_json(&tree)
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("schema/report.schema.json").expect("schema exists");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft202012::new(&schema).expect("schema compiles")
}

#[test]
fn valid_reports_match_the_schema() {
    let v = validator();
    let files: Vec<PathBuf> = yaml_files("fixtures")
        .into_iter()
        .chain(yaml_files("tests/data"))
        .collect();
    assert!(!files.is_empty());
    for path in files {
        let json = json_of(&path);
        let errors: Vec<String> = v
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn malformed_reports_are_rejected() {
    let v = validator();
    for name in [
        "unknown_table_key",
        "missing_unit",
        "wrong_type",
        "panels_and_rows",
        "several_problems",
    ] {
        let json = json_of(Path::new(&format!("tests/bad_reports/{name}.yaml")));
        assert!(!v.is_valid(&json), "{name} should not match the schema");
    }
    let inline = [
        "unit: u\nyear: 2023\ntables: []\nextra: 1",
        "unit: u\nyear: 2023\ntables: [{title: t, columns: [a], rows: [], colour: red}]",
        "unit: u\nyear: 2023\ntables: [{title: t, panels: [{columns: [a], rows: []}], rows: []}]",
        "unit: u\nyear: 2023\ncurrency: 亿元\ntables: []",
        "unit: u\nyear: 2023\ntables: []\nnarrative: [{key: k, claims: [{subject: s, 占比: 60}]}]",
        "unit: u\nyear: 2023\ntables: []\nnarrative: [{key: k, claims: [{subject: s, 金额: 1e-2}]}]",
        "unit: u\nyear: 2023\ntables: []\nnarrative: [{key: k, claims: [{subject: s}]}]",
        "unit: u\nyear: 2023\ntables: [{title: t, keys: [name, amount], columns: [a], rows: []}]",
    ];
    for source in inline {
        let tree = parse_tree(source, 64).expect("valid YAML");
        assert!(
            !v.is_valid(&to_json(&tree)),
            "should not match the schema: {source}"
        );
    }
}
