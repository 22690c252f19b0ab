//! Batches through the real binary: folders and globs, one unreadable report among a thousand,
//! output in input order whatever the number of jobs.

use std::path::PathBuf;
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_crossfoot"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--color")
        .arg("never");
    c
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("crossfoot-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// `n` copies of the consistent example, with report `bad` replaced by broken YAML.
fn batch(name: &str, n: usize, bad: Option<usize>) -> PathBuf {
    let dir = tempdir(name);
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/consistent-example.yaml"
    ))
    .expect("fixture");
    for i in 0..n {
        let text = if Some(i) == bad {
            "unit: [unclosed\ntables: 3\n".to_string()
        } else {
            good.clone()
        };
        std::fs::write(dir.join(format!("r{i:04}.yaml")), text).expect("write");
    }
    dir
}

fn run(args: &[&str], dir: &std::path::Path) -> Output {
    bin()
        .arg("check")
        .args(args)
        .arg(dir)
        .output()
        .expect("runs")
}

#[test]
fn one_malformed_report_among_a_thousand_is_named_and_the_rest_are_checked() {
    let dir = batch("thousand", 1000, Some(500));
    let out = run(&["--format", "jsonl", "-j", "2"], &dir);
    assert_eq!(
        out.status.code(),
        Some(2),
        "exit 2: one report could not be loaded"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1000, "every report given has its line");
    let mut unusable = Vec::new();
    for line in &lines {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        if v["status"] == "unusable" {
            assert!(
                v["errors"][0]["code"]
                    .as_str()
                    .unwrap()
                    .starts_with("report::")
            );
            assert!(v["errors"][0]["line"].is_u64(), "{v}");
            unusable.push(v["path"].as_str().unwrap().to_string());
        } else {
            assert_eq!(v["status"], "checked");
            assert_eq!(v["summary"]["error"], 0);
        }
    }
    assert_eq!(unusable.len(), 1, "the other 999 are checked");
    assert!(unusable[0].ends_with("r0500.yaml"), "{unusable:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("r0500.yaml 无法载入"), "{stderr}");
    assert!(stderr.contains("共检查 999 份报告"), "{stderr}");
    assert!(stderr.contains("无法检查：1 份"), "{stderr}");
    assert!(!stderr.contains("panicked"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_order_is_input_order_whatever_the_jobs() {
    let dir = batch("order", 40, None);
    // give the reports distinct contents so that order is visible
    for i in 0..40 {
        let p = dir.join(format!("r{i:04}.yaml"));
        let text = std::fs::read_to_string(&p)
            .expect("read")
            .replace("unit: 示例县示例局", &format!("unit: 单位{i:04}"));
        std::fs::write(&p, text).expect("write");
    }
    let one = run(&["--format", "json", "-j", "1"], &dir);
    let many = run(&["--format", "json", "-j", "8"], &dir);
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(
        one.stdout, many.stdout,
        "byte-identical whatever the number of jobs"
    );
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).expect("one JSON document");
    let units: Vec<String> = v["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["unit"].as_str().unwrap_or("").to_string())
        .collect();
    let expected: Vec<String> = (0..40).map(|i| format!("单位{i:04}")).collect();
    assert_eq!(units, expected);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn folders_globs_and_missing_inputs() {
    let dir = batch("inputs", 3, None);
    let pattern = format!("{}/r000[01].yaml", dir.display());
    let out = bin()
        .args(["check", "--format", "jsonl"])
        .arg(&pattern)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        2,
        "the glob matches two reports"
    );
    let out = bin()
        .args(["check", "--format", "jsonl"])
        .arg(&dir)
        .arg(dir.join("nothing.yaml"))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "a missing input makes the batch unusable"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let status: Vec<&str> = lines
        .iter()
        .map(|v| v["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        status,
        ["unusable", "checked", "checked", "checked"],
        "the missing input is recorded, the folder's reports are still checked"
    );
    assert!(lines[0]["path"].as_str().unwrap().ends_with("nothing.yaml"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing.yaml：没有这个文件或文件夹"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn human_batches_end_with_a_summary_of_the_rules_that_fail_most() {
    let dir = tempdir("summary");
    for name in ["hetang-cac-2023", "putuo-finance-2024"] {
        std::fs::copy(
            format!("{}/fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR")),
            dir.join(format!("{name}.yaml")),
        )
        .expect("copy");
    }
    let out = run(&[], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("共检查 2 份报告：错误 44 个，警告 17 个，提示 0 个"),
        "{}",
        stdout.lines().rev().take(3).collect::<Vec<_>>().join("\n")
    );
    assert!(
        stdout.contains("不通过报告最多的规则：N06-2 (2)"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
