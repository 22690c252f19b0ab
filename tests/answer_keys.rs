//! The answer keys (tests/answer_keys/*.yaml) are well-formed: one per shared sample, ids unique,
//! severities valid, every entry complete, and every rule id named is a rule of the standard
//! pack. (Whether the pack finds each entry is the keys' harness, written with the text rules.)

mod common;

use std::collections::BTreeSet;

use common::{files, stem, to_json};
use crossfoot::report::yaml::parse_tree;
use crossfoot::rules::{self, Pack};
use serde_json::Value;

const SAMPLES: &[&str] = &[
    "hetang-cac-2023",
    "putuo-finance-2024",
    "swu-2023",
    "template-shanghai-2024",
];

fn keys_of(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// (entries, entries an existing rule finds, false alarms) of a key, or its problems.
type Counts = (usize, usize, usize);

/// Checks one answer key; `sample` is the name it must give.
fn check(source: &str, sample: &str, pack: &Pack) -> Result<Counts, Vec<String>> {
    let mut problems = Vec::new();
    let mut bad = |p: String| problems.push(p);
    let tree = match parse_tree(source, 16) {
        Ok(t) => t,
        Err(e) => return Err(vec![format!("not YAML: {e:?}")]),
    };
    let doc = to_json(&tree);
    let text = |v: &Value, key: &str| -> Option<String> {
        v.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    };
    let figures_ok = |v: &Value| {
        v.get("figures").and_then(Value::as_array).is_some_and(|l| {
            !l.is_empty()
                && l.iter()
                    .all(|f| f.as_str().is_some_and(|s| !s.trim().is_empty()))
        })
    };
    if keys_of(&doc) != BTreeSet::from(["sample", "findings", "false_alarms"]) {
        bad(format!("top-level keys {:?}", keys_of(&doc)));
    }
    if text(&doc, "sample").as_deref() != Some(sample) {
        bad(format!("sample is not {sample}"));
    }
    let empty = Vec::new();
    let findings = doc["findings"].as_array().unwrap_or(&empty);
    if findings.is_empty() {
        bad("no findings".into());
    }
    let mut ids = BTreeSet::new();
    let mut by_rule = 0;
    for (i, f) in findings.iter().enumerate() {
        let at = format!("findings[{i}]");
        if keys_of(f) != BTreeSet::from(["id", "severity", "where", "what", "figures", "rule"]) {
            bad(format!("{at}: keys {:?}", keys_of(f)));
        }
        match text(f, "id") {
            Some(id) if !ids.insert(id.clone()) => bad(format!("{at}: id {id} used twice")),
            Some(_) => {}
            None => bad(format!("{at}: no id")),
        }
        if !matches!(text(f, "severity").as_deref(), Some("error" | "warning")) {
            bad(format!("{at}: severity must be error or warning"));
        }
        if text(f, "where").is_none() {
            bad(format!("{at}: no `where`"));
        }
        match text(f, "what") {
            Some(w) if w.ends_with('。') || w.ends_with('”') => {}
            _ => bad(format!("{at}: `what` must be one sentence ending in 。")),
        }
        if !figures_ok(f) {
            bad(format!(
                "{at}: `figures` must be a non-empty list of text (quote numbers)"
            ));
        }
        match &f["rule"] {
            Value::Null => {}
            Value::String(r) if pack.rule(r).is_some() => by_rule += 1,
            other => bad(format!(
                "{at}: `rule` {other} is no rule of the standard pack"
            )),
        }
    }
    let alarms = doc["false_alarms"].as_array().unwrap_or(&empty);
    for (i, a) in alarms.iter().enumerate() {
        let at = format!("false_alarms[{i}]");
        if keys_of(a) != BTreeSet::from(["rule", "subject", "figures", "why"]) {
            bad(format!("{at}: keys {:?}", keys_of(a)));
        }
        if text(a, "rule").is_none_or(|r| pack.rule(&r).is_none()) {
            bad(format!("{at}: `rule` is no rule of the standard pack"));
        }
        if text(a, "subject").is_none() || text(a, "why").is_none() || !figures_ok(a) {
            bad(format!("{at}: needs subject, figures and why"));
        }
    }
    if problems.is_empty() {
        Ok((findings.len(), by_rule, alarms.len()))
    } else {
        Err(problems)
    }
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("readable")
}

#[test]
fn every_answer_key_is_well_formed() {
    let pack = rules::standard_pack().expect("the standard pack loads");
    let paths = files("tests/answer_keys", "yaml");
    let names: Vec<String> = paths.iter().map(|p| stem(p)).collect();
    assert_eq!(names, SAMPLES, "one answer key per shared sample");
    let mut totals = Vec::new();
    for path in &paths {
        match check(&read(path), &stem(path), &pack) {
            Ok(counts) => totals.push((stem(path), counts)),
            Err(problems) => panic!("{}:\n{}", path.display(), problems.join("\n")),
        }
    }
    // the counts the keys were written with (tests/answer_keys/README.md)
    let expected: Vec<(String, Counts)> = [
        ("hetang-cac-2023", (44, 32, 9)),
        ("putuo-finance-2024", (4, 3, 2)),
        ("swu-2023", (6, 0, 0)),
        ("template-shanghai-2024", (23, 0, 0)),
    ]
    .into_iter()
    .map(|(n, c)| (n.to_string(), c))
    .collect();
    assert_eq!(totals, expected);
}

#[test]
fn malformed_keys_are_refused() {
    let pack = rules::standard_pack().expect("the standard pack loads");
    let good = read(std::path::Path::new(
        "tests/answer_keys/putuo-finance-2024.yaml",
    ));
    assert!(check(&good, "putuo-finance-2024", &pack).is_ok());
    for (edit, needle) in [
        (("id: PT-02", "id: PT-01"), "used twice"),
        (("severity: warning", "severity: info"), "severity"),
        (("rule: N06-2", "rule: N99-9"), "no rule"),
        (("rule: N06-3", "rule: [N06-3]"), "no rule"),
        (("why: 三公表因公出国", "reason: 三公表因公出国"), "keys"),
        (("figures: [\"100.07%\"]", "figures: []"), "figures"),
        (("sample: putuo-finance-2024", "sample: putuo"), "sample"),
    ] {
        let bad = good.replacen(edit.0, edit.1, 1);
        assert_ne!(bad, good, "{edit:?} changes the key");
        let problems = check(&bad, "putuo-finance-2024", &pack).expect_err("refused");
        assert!(
            problems.iter().any(|p| p.contains(needle)),
            "{edit:?}: {problems:?}"
        );
    }
}
