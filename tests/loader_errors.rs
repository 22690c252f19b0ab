//! Snapshots of the rendered diagnostics for every report in `tests/bad_reports/`, plus reports
//! generated here (deep nesting, size limit).

use crossfoot::diagnostic::render_plain;
use crossfoot::report::{Limits, LoadError, load_report, load_report_with};

fn render(errors: &[LoadError]) -> String {
    errors
        .iter()
        .map(|e| render_plain(e, 100))
        .collect::<Vec<_>>()
        .join("\n")
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots");
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

#[test]
fn bad_reports() {
    let mut paths: Vec<_> = std::fs::read_dir("tests/bad_reports")
        .expect("tests/bad_reports exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "bad reports found: {paths:?}");
    for path in paths {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_string();
        let shown = format!("tests/bad_reports/{name}.yaml");
        let source = std::fs::read_to_string(&path).expect("readable report");
        let errors = match load_report(&shown, source) {
            Ok(_) => panic!("{shown} loaded without errors"),
            Err(e) => e,
        };
        for e in &errors {
            assert!(!e.code_str().is_empty());
            assert!(e.span.line >= 1 && e.span.column >= 1, "{shown}: {e:?}");
        }
        let rendered = render(&errors);
        assert!(rendered.contains(&format!("{shown}:")), "{rendered}");
        settings().bind(|| insta::assert_snapshot!(name, rendered));
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    // one bracket per line keeps the snapshot small
    let source = format!("{}{}", "[\n".repeat(depth), "]".repeat(depth));
    let errors = load_report("deep.yaml", source).expect_err("too deep");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code_str(), "report::too_deep");
    settings().bind(|| insta::assert_snapshot!("deep_nesting", render(&errors)));

    let source = format!("{}1", "- ".repeat(depth));
    let errors = load_report("deep_block.yaml", source).expect_err("too deep");
    assert_eq!(errors[0].code_str(), "report::too_deep");

    let source = format!("{}1", "{a: ".repeat(depth));
    let errors = load_report("deep_map.yaml", source).expect_err("too deep");
    assert_eq!(errors[0].code_str(), "report::too_deep");
}

#[test]
fn size_limit() {
    let limits = Limits {
        max_bytes: 64,
        ..Limits::default()
    };
    let source = format!(
        "unit: 示例局\nyear: 2023\ntables: []\nsource: {}\n",
        "x".repeat(100)
    );
    let errors = load_report_with("big.yaml", source, &limits).expect_err("too large");
    assert_eq!(errors[0].code_str(), "report::too_large");
    settings().bind(|| insta::assert_snapshot!("size_limit", render(&errors)));
}

#[test]
fn error_count_is_limited() {
    let limits = Limits {
        max_errors: 3,
        ..Limits::default()
    };
    let mut source = String::from(
        "unit: 示例局\nyear: 2023\ntables:\n  - title: t\n    columns: [a]\n    rows:\n",
    );
    for _ in 0..10 {
        source.push_str("      - [x, abc]\n");
    }
    let errors = load_report_with("many.yaml", source, &limits).expect_err("bad cells");
    assert_eq!(errors.len(), 3);
}

#[test]
fn hostile_inputs_do_not_panic() {
    let inputs = [
        "",
        "~",
        "[]",
        "- a",
        "unit: [",
        "\u{feff}unit: a",
        "unit: a\nyear: 2023\ntables: [{title: t, rows: [[a]], columns: []}]",
        "unit: a\nyear: 99999999999999\ntables: []",
        "unit: a\nyear: 2023\ntables: [{title: t, columns: [a], rows: [[{x: 1}, [1]]]}]",
        "unit: a\nyear: 2023\ntables: []\nnarrative: [{key: k, claims: [{subject: s, 金额: [1]}, 3, {1: 2}]}]",
        "{? [a]: b}",
        "unit: a\nunit: b",
        "unit: !!str a",
        "%YAML 1.2\n---\na: 1\n---\nb: 2",
        "unit: '\\u{0}'",
        "unit: \"\\ud800\"",
    ];
    for input in inputs {
        let _ = load_report("x.yaml", input.to_string());
    }
}
