//! `schema/report.schema.json` accepts every valid report (fixtures, rules/test-reports and
//! tests/data) and rejects malformed ones.
//!
//! Reports are read as an editor reads them (yaml-language-server, any YAML 1.2 library): by a
//! generic YAML reader, not crossfoot's loader, so `75.01` is a number, `"75.01"` a string,
//! `~` null. The malformed reports are also read through the loader's own tree (numbers kept
//! as text), which catches what the schema's patterns say about the text.

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

/// A YAML value as JSON, typed by the YAML 1.2 core schema as a generic reader (yaml-rust2)
/// resolves it. Floats go through f64: only their JSON type matters here, never their value.
fn standard_json(y: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(text) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(text.clone()), Value::Number),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(standard_json).collect()),
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) | Yaml::Real(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        other => format!("{other:?}"),
                    };
                    (key, standard_json(v))
                })
                .collect(),
        ),
        Yaml::Null | Yaml::Alias(_) | Yaml::BadValue => Value::Null,
    }
}

/// A report file as an editor's YAML reader reads it.
fn editor_json(path: &Path) -> Value {
    let source = std::fs::read_to_string(path).expect("readable");
    let docs = yaml_rust2::YamlLoader::load_from_str(&source)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(docs.len(), 1, "{}: one document", path.display());
    standard_json(&docs[0])
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("schema/report.schema.json").expect("schema exists");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft202012::new(&schema).expect("schema compiles")
}

#[test]
fn valid_reports_match_the_schema_as_an_editor_reads_them() {
    let v = validator();
    let files: Vec<PathBuf> = yaml_files("fixtures")
        .into_iter()
        .chain(yaml_files("rules/test-reports"))
        .chain(yaml_files("tests/data"))
        .collect();
    assert!(files.len() >= 10, "{files:?}");
    let mut numbers = 0;
    for path in files {
        let json = editor_json(&path);
        numbers += count_numbers(&json);
        let errors: Vec<String> = v
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
    // the reader did read amounts as numbers (the fixtures print hundreds of them)
    assert!(numbers > 500, "{numbers} numbers read");
}

fn count_numbers(v: &Value) -> usize {
    match v {
        Value::Number(n) => usize::from(n.is_f64()),
        Value::Array(a) => a.iter().map(count_numbers).sum(),
        Value::Object(o) => o.values().map(count_numbers).sum(),
        _ => 0,
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
    // read as an editor reads them: numbers are accepted where amounts go, and only there
    let editor = |source: &str| {
        let docs = yaml_rust2::YamlLoader::load_from_str(source).expect("valid YAML");
        standard_json(&docs[0])
    };
    let ok = "unit: u\nyear: 2023\ntables: [{title: t, keys: [code, name], columns: [a], rows: [[201, x, 75.01], [~, 合计, \"2,940.05\"]]}]\nnarrative: [{key: k, claims: [{subject: s, 金额: 0.10, 数量: 4}]}]";
    let errors: Vec<String> = v.iter_errors(&editor(ok)).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    for source in [
        "unit: u\nyear: 2023.5\ntables: []",
        "unit: u\nyear: 2023\ntables: [{title: t, columns: [a], rows: [[x, true]]}]",
        "unit: u\nyear: 2023\ntables: []\nnarrative: [{key: k, claims: [{subject: s, 占比: 60.5}]}]",
        "unit: u\nyear: 2023\ntables: []\nnarrative: [{key: k, claims: [{subject: s, 金额: 12 万元}]}]",
        "unit: u\nyear: 2023\nprecision: 2.5\ntables: []",
    ] {
        assert!(
            !v.is_valid(&editor(source)),
            "should not match the schema: {source}"
        );
    }
}

/// The modelines docs/report-format.md gives for the repository's report folders point at
/// the schema from those folders (yaml-language-server resolves them against the report).
#[test]
fn documented_modelines_resolve_to_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/report-format.md")).expect("doc");
    let schema = root
        .join("schema/report.schema.json")
        .canonicalize()
        .unwrap();
    let mut seen = 0;
    for line in doc.lines() {
        // | `fixtures/` | `# yaml-language-server: $schema=../schema/report.schema.json` |
        let cells: Vec<&str> = line
            .split('|')
            .map(|c| c.trim().trim_matches('`'))
            .collect();
        let [_, folder, modeline, _] = cells.as_slice() else {
            continue;
        };
        let Some(path) = modeline.strip_prefix("# yaml-language-server: $schema=") else {
            continue;
        };
        let dir = root.join(folder);
        assert!(dir.is_dir(), "{folder} is a folder of the repository");
        assert!(
            !yaml_files(dir.to_str().unwrap()).is_empty(),
            "{folder} holds reports"
        );
        assert_eq!(
            dir.join(path).canonicalize().ok().as_ref(),
            Some(&schema),
            "{line}"
        );
        seen += 1;
    }
    assert!(
        seen >= 2,
        "the doc gives the modelines of fixtures/ and rules/test-reports/"
    );
}

/// What `crossfoot import` writes validates too, read as an editor reads it (the text
/// extractions of the four sample reports).
#[test]
fn imported_reports_match_the_schema_as_an_editor_reads_them() {
    let v = validator();
    let samples: Vec<PathBuf> = std::fs::read_dir("fixtures/text")
        .expect("fixtures/text")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    assert!(samples.len() >= 3);
    for path in samples {
        let text = std::fs::read_to_string(&path).unwrap();
        let imported = crossfoot::import::import_text(&path.display().to_string(), &text);
        let docs = yaml_rust2::YamlLoader::load_from_str(&imported.yaml).expect("YAML");
        let errors: Vec<String> = v
            .iter_errors(&standard_json(&docs[0]))
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}
