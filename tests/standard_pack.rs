//! The built-in standard pack: its own test cases (run through `crossfoot test`), coverage of
//! every rule, the findings it must produce on the published fixtures, and snapshots of the
//! human and JSON output on them.

use std::collections::BTreeSet;
use std::process::Command;
use std::str::FromStr;

use crossfoot::render::{Style, render_finding, report_json, summary_line};
use crossfoot::report::{Report, load_report_file};
use crossfoot::rules::{Outcome, Pack, evaluate, standard_pack};
use rust_decimal::Decimal;

fn pack() -> Pack {
    standard_pack().unwrap_or_else(|e| panic!("the standard pack loads: {:?}", e.errors))
}

fn fixture(name: &str) -> Report {
    load_report_file(&format!("fixtures/{name}.yaml"), &Default::default()).expect("fixture loads")
}

fn outcome(name: &str) -> (Report, Outcome) {
    let r = fixture(name);
    let o = evaluate(&pack(), &r).unwrap_or_else(|e| panic!("binding errors on {name}: {e:?}"));
    (r, o)
}

#[test]
fn the_pack_test_cases_pass_through_crossfoot_test() {
    let out = Command::new(env!("CARGO_BIN_EXE_crossfoot"))
        .args(["--color", "never", "test", "rules/tests"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("失败 0 个，无法运行 0 个"), "{stdout}");
}

#[test]
fn every_rule_has_a_failing_case_and_the_baseline_passes() {
    let mut expected = BTreeSet::new();
    let mut baseline = false;
    for entry in std::fs::read_dir("rules/tests").expect("rules/tests") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("case file");
        for part in text.split("rule: ").skip(1) {
            let id: String = part
                .chars()
                .take_while(|c| !matches!(c, ',' | '}' | ' '))
                .collect();
            expected.insert(id);
        }
        baseline |= text.contains("consistent-example.yaml") && text.contains("expect: []");
    }
    let missing: Vec<String> = pack()
        .rules
        .iter()
        .map(|r| r.id.text.clone())
        .filter(|id| !expected.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules with no failing case in rules/tests: {missing:?}"
    );
    assert!(
        baseline,
        "a case must check that the consistent example has no finding"
    );
}

#[test]
fn the_embedded_files_are_the_files_of_rules() {
    let mut on_disk: Vec<String> = std::fs::read_dir("rules")
        .expect("rules/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rules"))
        .collect();
    on_disk.sort();
    let p = pack();
    let mut embedded: Vec<String> = p
        .files
        .iter()
        .map(|f| f.path.trim_start_matches("rules/").to_string())
        .collect();
    embedded.sort();
    assert_eq!(
        embedded, on_disk,
        "src/rules/builtin.rs must list every file of rules/"
    );
    // and the disk version is the same pack
    let from_disk =
        crossfoot::rules::load_packs(&["rules".into()]).expect("rules/ loads from disk");
    assert_eq!(from_disk.rules.len(), p.rules.len());
}

#[test]
fn the_consistent_example_has_no_finding() {
    let (_, o) = outcome("consistent-example");
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    // every rule of the 部门 layout passes; the 高等学校 rules do not apply to it
    assert!(o.not_checked.is_empty(), "{:#?}", o.not_checked);
    assert_eq!(o.passed + o.not_applicable, o.rules);
    assert!(
        o.outside_layout.iter().all(|r| r.starts_with("G")) && o.outside_layout.len() == 12,
        "{:?}",
        o.outside_layout
    );
}

/// (rule, severity, left, right) of every finding, for assertions.
fn facts(o: &Outcome) -> Vec<(String, String, String, String)> {
    o.findings
        .iter()
        .map(|f| {
            let (l, r) = f
                .values
                .as_ref()
                .map_or((String::new(), String::new()), |v| {
                    (v.left.clone(), v.right.clone())
                });
            (f.rule.clone(), f.severity.as_str().to_string(), l, r)
        })
        .collect()
}

fn has(
    facts: &[(String, String, String, String)],
    rule: &str,
    severity: &str,
    a: &str,
    b: &str,
) -> bool {
    facts.iter().any(|(r, s, l, rt)| {
        r == rule && s == severity && ((l == a && rt == b) || (l == b && rt == a))
    })
}

#[test]
fn hetang_findings_include_the_known_errors_with_their_numbers() {
    let (_, o) = outcome("hetang-cac-2023");
    let f = facts(&o);
    let must = [
        ("T01-1", "error", "空白", "78.01"), // 本年收入合计 blank, 78.01 in 使用非财政拨款结余
        ("T01-3", "error", "空白", "78.01"), // 收入总计 blank
        ("T03-3", "error", "75.01", "78.01"), // 01 本年支出合计 78.01 vs 03 合计 75.01
        ("T04-2", "error", "空白", "75.01"), // 04 income line 1 blank
        ("T04-1", "error", "78.01", "0.00"), // its 本年收入合计 78.01
        ("T04-4", "error", "75.01", "78.01"), // 类 lines 78.01 vs 本年支出合计 75.01
        ("T06-1", "error", "4.43", "9.18"),  // 302 vs its items
        ("N01-2", "warning", "53%", "53.93%"), // growth truncated
        ("N06-2", "error", "84.62%", "88.00%"), // share over the wrong base
        ("N06-2", "error", "2.64%", "2.67%"), // 科学技术
        ("N06-3", "warning", "100.08%", "100.00%"), // shares sum
        ("N07-4", "error", "99.65%", "177.05%"), // item 3
        ("N07-5", "error", "98.42", "66.01"), // 项 lines vs their 类
        ("N07-6", "error", "67.19", "57.96"), // their budgets vs the total
        ("N08-1", "error", "78.01", "39.60"), // 基本支出
        ("N08-3", "error", "45.08%", "88.81%"), // 人员经费 share
        ("N10-1", "error", "49.19", "4.43"), // 机关运行经费 above 公用经费
    ];
    for (rule, sev, a, b) in must {
        assert!(
            has(&f, rule, sev, a, b),
            "missing {rule} {sev} {a} vs {b} in {f:#?}"
        );
    }
    // 五(一) 96.14%: stated over 78.01 where the rule's base is 03 合计 (75.01)
    let n05 = o
        .findings
        .iter()
        .find(|x| x.rule == "N05-2")
        .expect("N05-2");
    assert!(
        n05.notes
            .iter()
            .any(|n| n.contains("96.14%") && n.contains("78.01")),
        "{:?}",
        n05.notes
    );
    // 五(二): the note names the base the shares were taken over
    let n06 = o
        .findings
        .iter()
        .find(|x| x.rule == "N06-2")
        .expect("N06-2");
    assert!(
        n06.notes.iter().any(|n| n.contains("78.01")),
        "{:?}",
        n06.notes
    );
    // the 三公 lines state 0% for 决算 0 of 预算 0 (and 0% for no change from 0): the
    // convention for nothing over nothing, no finding (docs/standard-pack.md, "Zero bases")
    assert!(
        o.findings.iter().all(|x| !x.rule.starts_with("N09")),
        "{:?}",
        o.findings
            .iter()
            .filter(|x| x.rule.starts_with("N09"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn putuo_findings_and_no_error_from_rounding_residues() {
    let (_, o) = outcome("putuo-finance-2024");
    let f = facts(&o);
    assert!(has(&f, "N04-1", "error", "0.3", "2961.68"), "{f:#?}");
    assert!(has(&f, "N06-2", "error", "71.73%", "71.65%"), "{f:#?}");
    // 01 类 lines 326.71 vs 03 326.72 and 04 vs 05 residues of 0.01 are not findings
    for rule in ["T03-3", "T05-2", "T02-2", "T03-2", "T05-1"] {
        assert!(
            !f.iter().any(|x| x.0 == rule),
            "{rule} fires on a rounding residue: {f:#?}"
        );
    }
}

/// No error-severity mismatch on the fixtures is explained by rounding alone.
#[test]
fn no_error_is_explained_by_rounding_alone() {
    for name in ["hetang-cac-2023", "putuo-finance-2024"] {
        let (_, o) = outcome(name);
        for f in o
            .findings
            .iter()
            .filter(|f| f.severity == crossfoot::rules::ast::Severity::Error)
        {
            let Some(v) = &f.values else { continue };
            let num = |s: &str| Decimal::from_str(s.trim_end_matches('%')).expect("a decimal");
            let (d, slack) = (num(&v.difference).abs(), num(&v.slack));
            assert!(
                d > slack,
                "{name}: {} {} has difference {d} within the slack {slack}",
                f.rule,
                f.message
            );
        }
    }
}

fn human(name: &str) -> String {
    let p = pack();
    let (r, o) = outcome(name);
    let mut out = String::new();
    for f in &o.findings {
        out.push_str(&render_finding(f, &p, &r, Style::plain()));
        out.push('\n');
    }
    out.push_str(&summary_line(&r, &o));
    out
}

fn json(name: &str) -> String {
    let p = pack();
    let (r, o) = outcome(name);
    serde_json::to_string_pretty(&report_json(&r, &p, &o)).expect("serialises")
}

#[test]
fn snapshot_hetang_human() {
    insta::assert_snapshot!("hetang_human", human("hetang-cac-2023"));
}

#[test]
fn snapshot_hetang_json() {
    insta::assert_snapshot!("hetang_json", json("hetang-cac-2023"));
}

#[test]
fn snapshot_putuo_human() {
    insta::assert_snapshot!("putuo_human", human("putuo-finance-2024"));
}

#[test]
fn snapshot_putuo_json() {
    insta::assert_snapshot!("putuo_json", json("putuo-finance-2024"));
}
