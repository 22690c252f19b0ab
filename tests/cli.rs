//! The real binary: exit statuses, where errors go, the JSON document of docs/output.md, and a
//! snapshot of the human output. Runs from the crate root with relative paths and without
//! colour, so the output does not depend on the checkout's location or on a terminal.

mod common;

use std::process::Output;

use serde_json::Value;

const HETANG: &str = "fixtures/hetang-cac-2023.yaml";
const CONSISTENT: &str = "fixtures/consistent-example.yaml";
const SMALL: &str = "tests/packs/small.rules";
const OK: &str = "tests/packs/ok.rules";

use common::crossfoot;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

fn status(o: &Output) -> i32 {
    o.status.code().expect("exit status")
}

#[test]
fn a_valid_pack_on_a_consistent_report_exits_0() {
    let o = crossfoot(&["check", "--pack", OK, CONSISTENT]);
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o),
        "fixtures/consistent-example.yaml：规则 3 条，通过 3 条，不适用 0 条，未检查 0 条；错误 0 个，警告 0 个，提示 0 个\n"
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn error_findings_exit_1() {
    let o = crossfoot(&["check", "--pack", SMALL, HETANG]);
    assert_eq!(status(&o), 1, "{}", stderr(&o));
}

#[test]
fn warnings_alone_exit_0() {
    // the same pack with its only error-severity rule lowered to a warning
    let dir = std::env::temp_dir().join(format!("crossfoot-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let small = std::fs::read_to_string(SMALL).expect("small pack");
    let path = dir.join("warn.rules");
    std::fs::write(&path, format!("{small}\nseverity BRIEF-1 warning\n")).expect("write pack");
    let o = crossfoot(&[
        "check",
        "--pack",
        path.to_str().expect("utf-8 path"),
        HETANG,
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with("错误 0 个，警告 3 个，提示 0 个\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_broken_pack_exits_2_with_locations_on_stderr() {
    let o = crossfoot(&[
        "check",
        "--pack",
        "tests/broken_packs/several_syntax_errors.rules",
        HETANG,
    ]);
    assert_eq!(status(&o), 2);
    assert_eq!(stdout(&o), "", "nothing is checked");
    let err = stderr(&o);
    for at in [
        "several_syntax_errors.rules:7:1",
        "several_syntax_errors.rules:10:",
        "several_syntax_errors.rules:13:",
    ] {
        assert!(err.contains(at), "missing {at} in\n{err}");
    }
    assert!(
        err.contains("错误：规则包有 3 个问题；未进行任何检查"),
        "{err}"
    );
}

#[test]
fn a_report_that_does_not_load_exits_2_and_the_others_are_checked() {
    let o = crossfoot(&[
        "check",
        "--pack",
        OK,
        "tests/bad_reports/ragged_row.yaml",
        CONSISTENT,
    ]);
    assert_eq!(status(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("tests/bad_reports/ragged_row.yaml:"), "{err}");
    assert!(
        err.contains("错误：tests/bad_reports/ragged_row.yaml 无法载入"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("fixtures/consistent-example.yaml：规则 3 条，通过 3 条"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_missing_report_exits_2() {
    let o = crossfoot(&["check", "--pack", OK, "fixtures/no-such-report.yaml"]);
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("fixtures/no-such-report.yaml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_pack_typo_exits_2_at_load_before_any_report_is_read() {
    let o = crossfoot(&[
        "check",
        "--pack",
        "tests/broken_packs/binding/unknown_row.rules",
        HETANG,
    ]);
    assert_eq!(status(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("tests/broken_packs/binding/unknown_row.rules:4:"),
        "{err}"
    );
    assert!(err.contains("是否应为 `本年收入合计`？"), "{err}");
    assert!(err.contains("未进行任何检查"), "{err}");
}

#[test]
fn a_report_that_lacks_a_part_is_checked_and_lists_the_rule_not_checked() {
    let args = [
        "check",
        "--pack",
        "tests/broken_packs/binding/table_not_in_report.rules",
        HETANG,
    ];
    let o = crossfoot(&args);
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("未检查：1 条规则"), "{out}");
    assert!(out.contains("T10-1"), "{out}");
    assert!(out.contains("未检查 1 条"), "{out}");
    // a pipeline may insist that every rule is checked
    let mut strict = args.to_vec();
    strict.insert(1, "--require-all");
    assert_eq!(status(&crossfoot(&strict)), 1);
}

#[test]
fn json_has_the_documented_shape_and_is_stable() {
    let args = [
        "check", "--format", "json", "--pack", SMALL, HETANG, CONSISTENT,
    ];
    let first = crossfoot(&args);
    let second = crossfoot(&args);
    assert_eq!(status(&first), 1);
    assert_eq!(first.stdout, second.stdout, "same input, same bytes");
    assert!(stdout(&first).ends_with("}\n"));
    let doc: Value = serde_json::from_slice(&first.stdout).expect("valid JSON");
    let keys = |v: &Value| {
        v.as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&doc), ["reports"]);
    let reports = doc["reports"].as_array().expect("reports array");
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["path"], HETANG);
    assert_eq!(reports[1]["path"], CONSISTENT);
    for r in reports {
        assert_eq!(
            keys(r),
            [
                "path",
                "status",
                "unit",
                "year",
                "layout",
                "findings",
                "not_checked",
                "not_applicable_to_layout",
                "summary",
                "causes"
            ]
        );
        assert!(r["unit"].is_string() && r["year"].is_u64());
        assert_eq!(
            keys(&r["summary"]),
            [
                "rules",
                "passed",
                "failed",
                "not_applicable",
                "not_checked",
                "error",
                "warning",
                "info"
            ]
        );
        assert!(
            r["summary"]
                .as_object()
                .expect("summary")
                .values()
                .all(Value::is_u64)
        );
    }
    let findings = reports[0]["findings"].as_array().expect("findings");
    // the small pack is written for Hetang: on the consistent report 收入合计 (1,000) is not the
    // 财政拨款 总计 (850), and the literal 52.79% and the 84.62% share are not its figures
    let on_consistent: Vec<&Value> = reports[1]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| &f["rule"])
        .collect();
    assert_eq!(on_consistent, ["BRIEF-1", "BRIEF-2", "N05"]);
    let rules: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().expect("rule id"))
        .collect();
    assert_eq!(rules, ["BRIEF-1", "N01", "N05"], "pack order");
    for f in findings {
        assert_eq!(
            keys(f),
            [
                "rule",
                "severity",
                "kind",
                "title",
                "message",
                "subject",
                "rule_location",
                "values",
                "notes",
                "cells",
                "cause"
            ]
        );
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().expect("severity")));
        assert_eq!(keys(&f["rule_location"]), ["file", "line", "column"]);
        assert_eq!(f["rule_location"]["file"], SMALL);
        assert!(f["subject"].is_null() || f["subject"].is_string());
        let values = &f["values"];
        assert_eq!(keys(values), ["left", "right", "difference", "slack"]);
        for v in values.as_object().expect("values").values() {
            let s = v.as_str().expect("values are strings, not JSON numbers");
            let digits = s.trim_end_matches('%').trim_start_matches('-');
            assert!(
                s == "blank"
                    || (!digits.is_empty()
                        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')),
                "{s}"
            );
        }
        assert!(
            f["notes"]
                .as_array()
                .expect("notes")
                .iter()
                .all(Value::is_string)
        );
        for c in f["cells"].as_array().expect("cells") {
            assert_eq!(keys(c), ["ref", "place", "value", "file", "line", "column"]);
            assert!(c["value"].is_null() || c["value"].is_string());
            assert_eq!(c["file"], HETANG);
            assert!(
                c["line"].as_u64().is_some_and(|l| l >= 1)
                    && c["column"].as_u64().is_some_and(|l| l >= 1)
            );
        }
    }
    // the blank total: left is "blank", the cell value null; percentages end in %
    assert_eq!(findings[0]["kind"], "mismatch");
    assert_eq!(findings[0]["values"]["left"], "blank");
    assert_eq!(findings[0]["cells"][0]["value"], Value::Null);
    assert_eq!(findings[1]["kind"], "truncated");
    assert_eq!(findings[1]["severity"], "warning");
    assert_eq!(findings[1]["values"]["right"], "53%");
    assert!(
        findings[2]["notes"][0]
            .as_str()
            .expect("note")
            .contains("t01.本年支出合计")
    );
    assert_eq!(reports[0]["summary"]["error"], 1);
    assert_eq!(reports[0]["summary"]["warning"], 2);
}

#[test]
fn rules_lists_ids_severities_and_titles() {
    let o = crossfoot(&["rules", "--pack", SMALL]);
    assert_eq!(status(&o), 0);
    insta::assert_snapshot!("rules_small", stdout(&o));
    let o = crossfoot(&["rules", "--pack", "tests/broken_packs/empty.rules"]);
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("规则包中没有规则"), "{}", stderr(&o));
}

#[test]
fn explain_prints_a_trace_and_a_verdict() {
    let o = crossfoot(&["explain", "BRIEF-2", HETANG, "--pack", SMALL]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("规则 BRIEF-2 warning \"基本支出占比\"  (tests/packs/small.rules:13:1)\n"),
        "{out}"
    );
    assert!(
        out.contains("在 fixtures/hetang-cac-2023.yaml 上的计算："),
        "{out}"
    );
    assert!(out.contains("pct(基本支出)  =  52.79"), "{out}");
    assert!(out.ends_with("结论：规则 BRIEF-2 通过\n"), "{out}");

    let o = crossfoot(&["explain", "BRIEF-1", HETANG, "--pack", SMALL]);
    assert_eq!(status(&o), 1);
    assert!(
        stdout(&o).contains("结论：规则 BRIEF-1 不通过"),
        "{}",
        stdout(&o)
    );

    let o = crossfoot(&["explain", "BRIEF-3", HETANG, "--pack", SMALL]);
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("是否应为 `BRIEF-1`？") || stderr(&o).contains("是否应为 `BRIEF-2`？"),
        "{}",
        stderr(&o)
    );
}

/// The trace should show the value a bare column name reads inside `in`, and the report cell
/// it came from, as it does for other references.
#[test]

fn explain_shows_the_value_of_a_cell_read_inside_in() {
    let o = crossfoot(&["explain", "BRIEF-2", HETANG, "--pack", SMALL]);
    let out = stdout(&o);
    assert!(out.contains("基本支出  =  39.6"), "{out}");
    assert!(
        out.contains("← 支出决算表 › 合计 › 基本支出 (fixtures/hetang-cac-2023.yaml:108:"),
        "{out}"
    );
}

#[test]
fn human_output_of_a_small_pack_on_hetang() {
    let o = crossfoot(&["check", "--pack", SMALL, HETANG]);
    assert_eq!(status(&o), 1);
    assert_eq!(stderr(&o), "");
    let out = stdout(&o);
    assert!(!out.contains('\u{1b}'), "no colour codes");
    insta::assert_snapshot!("check_small_hetang", out);
}

#[test]
fn command_line_mistakes_exit_2_and_help_exits_0() {
    assert_eq!(status(&crossfoot(&["check"])), 2);
    assert_eq!(status(&crossfoot(&["check", "--format", "xml", HETANG])), 2);
    assert_eq!(status(&crossfoot(&["--help"])), 0);
}

#[test]
fn human_output_is_compact_verbose_or_one_line_per_report() {
    // the forms of findings themselves: without the cause search, which folds some of them
    // (tests/causes.rs covers it; the folded count is checked below)
    let with_causes = stdout(&crossfoot(&["check", HETANG]));
    let compact = stdout(&crossfoot(&[
        "check",
        "--max-cause-evaluations",
        "0",
        HETANG,
    ]));
    let verbose_o = crossfoot(&["check", "--max-cause-evaluations", "0", "--verbose", HETANG]);
    let verbose = stdout(&verbose_o);
    let summary_o = crossfoot(&["check", "--summary", HETANG, CONSISTENT]);
    let summary = stdout(&summary_o);
    // the same findings in each form, and the same exit status
    assert_eq!(status(&verbose_o), 1);
    assert_eq!(status(&summary_o), 1);
    let heads = compact
        .lines()
        .filter(|l| l.starts_with("× ") || l.starts_with("! "))
        .count();
    assert_eq!(heads, 57, "{compact}");
    // with the search: 14 folded under the 4 causes that explain them, 43 in blocks of their own
    let count = |p: &dyn Fn(&str) -> bool| with_causes.lines().filter(|l| p(l)).count();
    let blocks = count(&|l| l.starts_with("× ") || l.starts_with("! "));
    let folded = count(&|l| l.starts_with("    错误 ") || l.starts_with("    警告 "));
    assert_eq!((blocks, folded), (43, 14), "{with_causes}");
    let verbose_heads = verbose
        .lines()
        .filter(|l| l.starts_with("  x ") || l.starts_with("  ! "))
        .count();
    assert_eq!(verbose_heads, 57);
    // compact: each block says where the rule is and lists the cells by line:column
    let block = compact.split("\n\n").next().expect("a block");
    assert!(block.starts_with("× 错误 T01-1 "), "{block}");
    assert!(
        block.contains("\n  规则 rules/tables.rules:16:5 · error::mismatch\n"),
        "{block}"
    );
    assert!(
        block.contains("\n  单元格 fixtures/hetang-cac-2023.yaml\n"),
        "{block}"
    );
    assert!(
        block.contains(
            "\n    53:33  收入支出决算总表 › 收入 › 一、一般公共预算财政拨款收入 › 决算数 = 75.01\n"
        ),
        "{block}"
    );
    assert!(!compact.contains("帮助："), "no snippets by default");
    assert!(verbose.contains("帮助：") && verbose.contains(",-[rules/tables.rules:16:5]"));
    // a person can scan it: a fraction of the verbose form
    let (c, v) = (compact.lines().count(), verbose.lines().count());
    assert!(c * 3 < v, "compact {c} lines, verbose {v}");
    // --summary: one line per report, then the batch summary
    let lines: Vec<&str> = summary.lines().collect();
    assert!(
        lines[0].starts_with("fixtures/hetang-cac-2023.yaml：规则 98 条"),
        "{summary}"
    );
    assert!(
        lines[1].starts_with("fixtures/consistent-example.yaml：规则 98 条"),
        "{summary}"
    );
    assert_eq!(lines[2], "", "{summary}");
    assert!(lines[3].starts_with("共检查 2 份报告"), "{summary}");
    assert!(!summary.contains("单元格"));
    // the two are alternatives
    assert_eq!(
        status(&crossfoot(&["check", "--summary", "--verbose", HETANG])),
        2
    );
}
