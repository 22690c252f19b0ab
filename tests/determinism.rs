//! The JSON output is byte-identical from run to run and whatever the number of threads.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_crossfoot");

/// Every report the repository has, and a few broken ones, in one batch.
const INPUTS: &[&str] = &[
    "fixtures",
    "tests/data",
    "rules/test-reports",
    "tests/bad/reports/bom.yaml",
    "tests/bad/reports/negative_zero.yaml",
    "tests/bad/reports/percent_over_1000.yaml",
    "tests/bad/reports/truncated.yaml",
];

fn run(format: &str, jobs: &str) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let out = Command::new(BIN)
        .args([
            "--color", "never", "check", "--format", format, "--jobs", jobs,
        ])
        .args(INPUTS)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run crossfoot");
    (out.stdout, out.stderr, out.status.code())
}

#[test]
fn json_is_identical_across_runs_and_thread_counts() {
    for format in ["json", "jsonl"] {
        let (first, first_err, code) = run(format, "1");
        assert_eq!(code, Some(2), "a truncated report is in the batch");
        assert!(!first.is_empty());
        serde_json::from_slice::<serde_json::Value>(&first)
            .or_else(|_| {
                first
                    .split(|&b| b == b'\n')
                    .filter(|l| !l.is_empty())
                    .try_for_each(|l| serde_json::from_slice::<serde_json::Value>(l).map(|_| ()))
                    .map(|_| serde_json::Value::Null)
            })
            .expect("valid JSON");
        for jobs in ["1", "2", "3", "8", "1", "8"] {
            let (again, again_err, again_code) = run(format, jobs);
            assert_eq!(again_code, code, "{format} --jobs {jobs}: exit status");
            assert!(again == first, "{format} --jobs {jobs}: stdout differs");
            assert!(
                again_err == first_err,
                "{format} --jobs {jobs}: stderr differs"
            );
        }
    }
}

#[test]
fn json_snapshot_of_a_small_batch() {
    let out = Command::new(BIN)
        .args([
            "--color", "never", "check", "--format", "json", "--jobs", "4",
        ])
        .args(["--pack", "tests/packs/hostile.rules"])
        .args([
            "tests/data/small.yaml",
            "tests/bad/reports/bom.yaml",
            "tests/bad/reports/negative_zero.yaml",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run crossfoot");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    insta::assert_snapshot!("small_batch_json", text);
}
