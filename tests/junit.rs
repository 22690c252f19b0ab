//! JUnit XML of `crossfoot check --format junit` and `crossfoot test --format junit`, read as
//! a CI server reads it: well-formed XML, one test case per rule per report (per case for
//! pack tests), failures carrying the message, not-checked rules skipped with the reason.

mod common;

use common::crossfoot;
use serde_json::Value;

fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"))
}

fn count(node: roxmltree::Node, attr: &str) -> usize {
    node.attribute(attr)
        .unwrap_or_else(|| panic!("no {attr}"))
        .parse()
        .expect("a count")
}

fn stdout(args: &[&str]) -> (String, i32) {
    let out = crossfoot(args);
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn one_case_per_rule_per_report_failures_as_in_the_json_output() {
    let reports = [
        "fixtures/hetang-cac-2023.yaml",
        "fixtures/putuo-finance-2024.yaml",
    ];
    let mut args = vec!["check", "--format", "junit"];
    args.extend(reports);
    let (xml, code) = stdout(&args);
    assert_eq!(code, 1);
    let doc = parse(&xml);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2);

    let mut json_args = vec!["check", "--format", "json"];
    json_args.extend(reports);
    let (j, _) = stdout(&json_args);
    let j: Value = serde_json::from_str(&j).unwrap();
    let mut total = 0;
    for (suite, report) in suites.iter().zip(j["reports"].as_array().unwrap()) {
        assert_eq!(suite.attribute("name"), report["path"].as_str());
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let rules = report["summary"]["rules"].as_u64().unwrap() as usize;
        assert_eq!(cases.len(), rules, "one test case per rule");
        assert_eq!(count(*suite, "tests"), rules);
        total += rules;
        // the rules with error or warning findings are exactly the failing cases
        let mut failing: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] != "info")
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        failing.dedup();
        let failed: Vec<(&str, roxmltree::Node)> = cases
            .iter()
            .filter_map(|c| {
                let f = c.children().find(|n| n.has_tag_name("failure"))?;
                Some((c.attribute("name")?.split(' ').next()?, f))
            })
            .collect();
        assert_eq!(
            failed.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            failing
        );
        assert_eq!(count(*suite, "failures"), failing.len());
        for (id, f) in &failed {
            let first = report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["rule"] == *id && x["severity"] != "info")
                .unwrap();
            assert_eq!(f.attribute("message"), first["message"].as_str());
            assert!(
                f.text()
                    .unwrap_or("")
                    .contains(first["message"].as_str().unwrap())
            );
        }
        // skipped: the rules not applicable or not checked
        let skipped = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("skipped")))
            .count();
        let s = &report["summary"];
        assert_eq!(
            skipped,
            (s["not_applicable"].as_u64().unwrap() + s["not_checked"].as_u64().unwrap()) as usize
        );
        assert_eq!(count(*suite, "skipped"), skipped);
    }
    assert_eq!(count(root, "tests"), total);
}

#[test]
fn not_checked_rules_are_skipped_with_the_reason_and_unusable_reports_are_errors() {
    let (xml, code) = stdout(&[
        "check",
        "--format",
        "junit",
        "-p",
        "tests/broken_packs/binding/needs_column.rules",
        "fixtures/hetang-cac-2023.yaml",
        "tests/bad_reports/missing_unit.yaml",
    ]);
    assert_eq!(code, 2);
    let doc = parse(&xml);
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("name").unwrap().starts_with("T03-1"))
        .expect("T03-1");
    let skipped = case
        .children()
        .find(|n| n.has_tag_name("skipped"))
        .expect("skipped");
    let reason = skipped.attribute("message").unwrap();
    assert!(reason.starts_with("未检查："), "{reason}");
    assert!(reason.contains("本年支出合计"), "{reason}");
    let error = doc
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .expect("an error case for the report that does not load");
    let suite = error.parent().unwrap().parent().unwrap();
    assert_eq!(
        suite.attribute("name"),
        Some("tests/bad_reports/missing_unit.yaml")
    );
    assert!(error.text().unwrap().contains("unit"));
    assert_eq!(count(doc.root_element(), "errors"), 1);
}

#[test]
fn pack_tests_as_junit_and_json() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("junit-packtest");
    std::fs::create_dir_all(&dir).unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/consistent-example.yaml");
    std::fs::copy(&fixture, dir.join("base.yaml")).unwrap();
    std::fs::write(
        dir.join("cases.yaml"),
        "base: base.yaml\ncases:\n  - name: as published\n    expect: []\n  - name: wrong expectation\n    set:\n      - {table: 收入支出决算总表, panel: 收入, row: 本年收入合计, column: 决算数, value: \"101.00\"}\n    expect: []\n  - name: no such row\n    set:\n      - {table: 收入支出决算总表, panel: 收入, row: 没有这一行, column: 决算数, value: \"1\"}\n    expect: []\n",
    )
    .unwrap();
    let path = dir.join("cases.yaml");
    let path = path.to_str().unwrap();
    let (xml, code) = stdout(&[
        "test",
        "--format",
        "junit",
        "-p",
        "tests/packs/ok.rules",
        path,
    ]);
    assert_eq!(code, 2, "a case that cannot run: exit 2");
    let doc = parse(&xml);
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(
        cases
            .iter()
            .map(|c| c.attribute("name").unwrap())
            .collect::<Vec<_>>(),
        ["as published", "wrong expectation", "no such row"]
    );
    assert!(cases[0].children().all(|n| !n.is_element()));
    let failure = cases[1]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    assert!(failure.text().unwrap().contains("T01-1"));
    assert!(cases[2].children().any(|n| n.has_tag_name("error")));
    let root = doc.root_element();
    assert_eq!(
        (
            count(root, "tests"),
            count(root, "failures"),
            count(root, "errors")
        ),
        (3, 1, 1)
    );

    let (json, _) = stdout(&[
        "test",
        "--format",
        "json",
        "-p",
        "tests/packs/ok.rules",
        path,
    ]);
    let v: Value = serde_json::from_str(&json).expect("one JSON document");
    let statuses: Vec<&str> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["passed", "failed", "error"]);
    assert_eq!(v["cases"][1]["unexpected"][0]["rule"], "T01-1");
    assert_eq!(v["summary"]["failed"], 1);
}

#[test]
fn the_same_bytes_whatever_the_number_of_jobs() {
    let run = |jobs: &str| {
        crossfoot(&[
            "check",
            "--format",
            "junit",
            "-j",
            jobs,
            "fixtures/hetang-cac-2023.yaml",
            "fixtures/putuo-finance-2024.yaml",
            "tests/bad_reports/missing_unit.yaml",
        ])
        .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("3"));
}
