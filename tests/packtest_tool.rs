//! `crossfoot test` as a tool (docs/testing.md): a case file names its pack, `--bless` shows
//! the diff it accepts, `--coverage` says which rules lack a passing or a failing case and
//! which report cells no rule reads.

mod common;

use std::path::{Path, PathBuf};

use common::crossfoot;
use serde_json::Value;

/// A fresh folder under the target directory with the consistent example as `base.yaml`
/// and a pack `local.rules` of one rule, which reads two cells of 01.
fn workspace(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("packs")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/consistent-example.yaml"),
        dir.join("base.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("packs/local.rules"),
        "table t01 = \"收入支出决算总表\"\n\nrule L-1 error \"收入总计 = 支出总计\" {\n    t01.收入.总计 == t01.支出.总计\n}\n",
    )
    .unwrap();
    dir
}

const CHANGED: &str = "    set:\n      - {table: 收入支出决算总表, panel: 收入, row: 总计, column: 决算数, value: \"1.00\"}\n";

fn run(args: &[&str]) -> (String, String, i32) {
    let out = crossfoot(args);
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// A case file in `dir` whose one case expects L-1, a rule only `packs/local.rules` has.
fn local_pack_case(dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("cases.yaml");
    std::fs::write(
        &file,
        format!(
            "base: base.yaml\npack: packs/local.rules\ncases:\n  - name: 总计 changed\n{CHANGED}    expect:\n      - {{rule: L-1, severity: error}}\n"
        ),
    )
    .unwrap();
    file
}

#[test]
fn a_case_file_names_its_pack_relative_to_itself() {
    let dir = workspace("packtest-pack-field");
    let file = local_pack_case(&dir);
    // L-1 exists only in the file's pack: the case passes only when that pack is used
    let (out, _, code) = run(&["test", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("通过 1 个"), "{out}");
    // a list of paths is accepted too
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("pack: packs/local.rules", "pack: [packs/local.rules]");
    std::fs::write(&file, text).unwrap();
    let (out, _, code) = run(&["test", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    // `--pack` on the command line wins over the file's: the standard pack has no L-1
    let (out, _, code) = run(&["test", "-p", "rules", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("L-1"), "{out}");
    // a pack that does not exist: the file cannot run, exit 2, and the pack's error is shown
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("packs/local.rules", "packs/none.rules");
    std::fs::write(&file, text).unwrap();
    let (_, err, code) = run(&["test", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("none.rules"), "{err}");
}

#[test]
fn bless_prints_the_diff_it_accepts() {
    let dir = workspace("packtest-bless");
    let file = dir.join("cases.yaml");
    let original = format!(
        "base: base.yaml\npack: packs/local.rules\ncases:\n  - name: 总计 changed\n{CHANGED}    expect: []\n  - name: unchanged\n    expect: []\n"
    );
    std::fs::write(&file, &original).unwrap();
    let path = file.to_str().unwrap();
    let (out, _, code) = run(&["test", "--bless", path]);
    assert_eq!(code, 0, "{out}");
    // a unified diff of the file: the old line removed, the finding added, context around
    let at = out
        .find(&format!("--- {path}\n+++ {path}\n@@ "))
        .expect(&out);
    let diff = &out[at..];
    assert!(diff.contains("\n-    expect: []\n"), "{diff}");
    assert!(
        diff.contains("\n+      - {rule: L-1, severity: error}\n"),
        "{diff}"
    );
    assert!(diff.contains("\n   - name: unchanged\n"), "{diff}");
    assert!(out.contains("已更新预期结果"), "{out}");
    // what the diff says is what the file now holds, and the file passes
    let now = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        now,
        original.replacen(
            "    expect: []\n  - name: unchanged",
            "    expect:\n      - {rule: L-1, severity: error}\n  - name: unchanged",
            1
        )
    );
    let (out, _, code) = run(&["test", path]);
    assert_eq!(code, 0, "{out}");
    // nothing to bless: no diff
    let (out, _, _) = run(&["test", "--bless", path]);
    assert!(!out.contains("---"), "{out}");
}

#[test]
fn coverage_names_rules_without_a_passing_or_failing_case_and_unread_cells() {
    let dir = workspace("packtest-coverage");
    let file = local_pack_case(&dir);
    let path = file.to_str().unwrap();
    let (out, _, code) = run(&["test", "--coverage", path]);
    assert_eq!(code, 0);
    assert!(
        out.contains("1 条规则中 0 条既有通过的用例也有不通过的用例"),
        "{out}"
    );
    assert!(out.contains("L-1  没有它通过的用例"), "{out}");
    let (out, _, _) = run(&["--lang", "en", "test", "--coverage", path]);
    assert!(out.contains("L-1  no case in which it holds"), "{out}");

    // with a case in which L-1 holds, the rule is covered both ways
    let text = std::fs::read_to_string(&file).unwrap() + "  - name: as published\n    expect: []\n";
    std::fs::write(&file, text).unwrap();
    let (json, _, code) = run(&["test", "--coverage", "--format", "json", path]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&json).unwrap();
    let cov = &v["coverage"][0];
    assert_eq!(cov["rules"][0]["rule"], "L-1");
    assert_eq!(cov["rules"][0]["passing"].as_array().unwrap().len(), 1);
    assert_eq!(cov["rules"][0]["failing"].as_array().unwrap().len(), 1);
    // L-1 reads the two 总计 cells of 01: every other cell with a value is unread
    let report = &cov["reports"][0];
    let cells = report["cells"].as_u64().unwrap();
    let unread = report["unread"].as_array().unwrap();
    assert_eq!(unread.len() as u64, cells - 2, "{report}");
    let places: Vec<&str> = unread
        .iter()
        .map(|c| c["place"].as_str().unwrap())
        .collect();
    assert!(
        !places
            .iter()
            .any(|p| p.starts_with("收入支出决算总表 › 收入 › 总计"))
    );
    assert!(places.contains(&"收入支出决算总表 › 收入 › 本年收入合计 › 决算数"));
    // the base report is named as its path, `..` taken out
    assert!(
        report["path"].as_str().unwrap().ends_with("base.yaml")
            && !report["path"].as_str().unwrap().contains("/./")
    );
}

#[test]
fn the_standard_pack_cases_cover_almost_every_rule() {
    let (json, _, code) = run(&["test", "--coverage", "--format", "json", "rules/tests"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&json).unwrap();
    let rules = v["coverage"][0]["rules"].as_array().unwrap();
    assert!(rules.len() > 50);
    let both = rules
        .iter()
        .filter(|r| {
            !r["passing"].as_array().unwrap().is_empty()
                && !r["failing"].as_array().unwrap().is_empty()
        })
        .count();
    // a floor, not an exact figure: new rules come with cases
    assert!(both * 10 >= rules.len() * 9, "{both} of {}", rules.len());
    let reports = v["coverage"][0]["reports"].as_array().unwrap();
    assert!(
        reports
            .iter()
            .any(|r| r["path"] == "fixtures/consistent-example.yaml")
    );
}

/// The fenced blocks of docs/testing.md of one language (`yaml`, `text`), in order.
fn doc_blocks(lang: &str) -> Vec<String> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/testing.md"))
            .unwrap();
    let fence = format!("```{lang}\n");
    doc.split(&fence)
        .skip(1)
        .map(|b| b.split("```").next().unwrap().to_string())
        .collect()
}

/// The example case file of docs/testing.md, placed where it says (`rules/tests/`) with its
/// `base` and `pack` pointing into the repository.
fn doc_example(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = doc_blocks("yaml").remove(0);
    assert!(example.contains("base: ../../fixtures/consistent-example.yaml"));
    assert!(example.contains("pack: ../pack.rules"));
    let text = example
        .replace(
            "../../fixtures/consistent-example.yaml",
            root.join("fixtures/consistent-example.yaml")
                .to_str()
                .unwrap(),
        )
        .replace(
            "../pack.rules",
            root.join("rules/pack.rules").to_str().unwrap(),
        );
    let file = dir.join("example.yaml");
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn the_documented_example_passes_and_its_bless_diff_is_what_bless_prints() {
    let dir = workspace("packtest-doc-example");
    let file = doc_example(&dir);
    let path = file.to_str().unwrap();
    let (out, _, code) = run(&["test", path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("通过 4 个，失败 0 个"), "{out}");

    // the doc's --bless diff: the second case written with `expect: []`, then blessed
    let text = std::fs::read_to_string(&file).unwrap();
    let emptied = text.replacen(
        "    expect:\n      - {rule: T01-1, severity: error}\n      - {rule: T01-3, severity: error}\n      - {rule: T02-3, severity: error}\n",
        "    expect: []\n",
        1,
    );
    assert_ne!(emptied, text);
    std::fs::write(&file, &emptied).unwrap();
    let (out, _, code) = run(&["test", "--bless", path]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text,
        "bless restores the doc's file"
    );
    let printed = &out[out.find("@@").unwrap()..];
    let documented = doc_blocks("text")
        .into_iter()
        .find(|b| b.starts_with("--- "))
        .expect("the doc shows a diff");
    let documented = &documented[documented.find("@@").unwrap()..];
    assert!(
        printed.starts_with(documented),
        "{printed}\n---\n{documented}"
    );
}
