//! The standard pack against the answer keys (tests/answer_keys/*.yaml): on each of the four
//! shared samples it finds every entry of the key, and raises no error a reviewer would not
//! raise (every error-severity finding is explained by an entry of the key, and none is a
//! listed false alarm). An entry no rule can find would be listed in `NOT_FOUND_YET` with the
//! reason (none is today), asserted exactly: one found later must leave the list.
//!
//! Matching is by what a finding says: an entry is found when a finding (of its rule, when the
//! entry names one) mentions every figure of the entry, in its message, notes, subject or the
//! report cells and texts it read; thousands separators and spaces are ignored. An entry
//! without a rule whose figures are spread over several sentences (the template's placeholders)
//! is found when each figure is in some finding.

mod common;

use common::to_json;
use crossfoot::lang::{Lang, with};
use crossfoot::report::yaml::parse_tree;
use crossfoot::report::{Report, load_report, load_report_file};
use crossfoot::rules::ast::Severity;
use crossfoot::rules::{Finding, evaluate, standard_pack};
use serde_json::Value;

/// Entries no rule of the standard pack finds yet, and why: (id, reason).
const NOT_FOUND_YET: &[(&str, &str)] = &[];

fn report(sample: &str) -> Report {
    if sample == "template-shanghai-2024" {
        // the official template has no hand transcription: it is checked as imported
        let path = format!("fixtures/text/{sample}.txt");
        let text = std::fs::read_to_string(&path).expect("template text");
        let imported = crossfoot::import::import_text(&path, &text);
        return load_report(&path, imported.yaml).expect("the imported template loads");
    }
    load_report_file(&format!("fixtures/{sample}.yaml"), &Default::default())
        .unwrap_or_else(|e| panic!("{sample}: {e:?}"))
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, ',' | ' ')).collect()
}

/// Everything a finding says, for matching figures.
fn said(f: &Finding) -> String {
    let mut s = format!("{} {} {}", f.title, f.message, f.notes.join(" "));
    if let Some(subject) = &f.subject {
        s.push_str(subject);
    }
    for c in &f.cells {
        s.push_str(&c.place);
        s.push_str(c.value.as_deref().unwrap_or(""));
    }
    squeeze(&s)
}

struct Entry {
    id: String,
    rule: Option<String>,
    figures: Vec<String>,
}

fn entries(doc: &Value, key: &str) -> Vec<Entry> {
    doc[key]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|e| Entry {
                    id: e["id"].as_str().unwrap_or("").to_string(),
                    rule: e["rule"].as_str().map(str::to_string),
                    figures: e["figures"]
                        .as_array()
                        .map(|fs| fs.iter().filter_map(|f| f.as_str()).map(squeeze).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_standard_pack_finds_the_answer_keys_and_no_other_error() {
    let pack = standard_pack().expect("standard pack");
    let mut problems = Vec::new();
    let mut not_found = Vec::new();
    for sample in [
        "hetang-cac-2023",
        "putuo-finance-2024",
        "swu-2023",
        "template-shanghai-2024",
    ] {
        let text = std::fs::read_to_string(format!("tests/answer_keys/{sample}.yaml"))
            .expect("answer key");
        let doc = to_json(&parse_tree(&text, 16).expect("key is YAML"));
        let keys = entries(&doc, "findings");
        let report = report(sample);
        let outcome = with(Lang::Zh, || evaluate(&pack, &report)).expect("checked");
        let found: Vec<(&Finding, String)> =
            outcome.findings.iter().map(|f| (f, said(f))).collect();
        let mut hits = 0;
        for k in &keys {
            let by_rule = |f: &Finding| k.rule.as_deref().is_none_or(|r| r == f.rule);
            let one = found
                .iter()
                .any(|(f, s)| by_rule(f) && k.figures.iter().all(|x| s.contains(x)));
            let spread = k.rule.is_none()
                && k.figures
                    .iter()
                    .all(|x| found.iter().any(|(_, s)| s.contains(x)));
            if one || spread {
                hits += 1;
            } else {
                not_found.push(k.id.clone());
            }
        }
        // every error is an entry of the key
        let mut unexplained = 0;
        for (f, s) in &found {
            if f.severity != Severity::Error {
                continue;
            }
            let explained = keys.iter().any(|k| {
                k.rule.as_deref().is_none_or(|r| r == f.rule)
                    && k.figures.iter().any(|x| s.contains(x))
            });
            if !explained {
                unexplained += 1;
                problems.push(format!(
                    "{sample}: error {} [{}] is in no entry of the key: {}",
                    f.rule,
                    f.subject.as_deref().unwrap_or(""),
                    f.message
                ));
            }
        }
        // and no listed false alarm is raised
        for fa in doc["false_alarms"].as_array().into_iter().flatten() {
            let rule = fa["rule"].as_str().unwrap_or("");
            let subject = fa["subject"].as_str();
            if outcome.findings.iter().any(|f| {
                f.severity == Severity::Error && f.rule == rule && f.subject.as_deref() == subject
            }) {
                problems.push(format!(
                    "{sample}: false alarm {rule} {subject:?} is raised"
                ));
            }
        }
        eprintln!(
            "{sample}: {hits} of {} entries found; {} error finding(s), {unexplained} outside the key",
            keys.len(),
            outcome.count(Severity::Error)
        );
    }
    let expected: Vec<&str> = NOT_FOUND_YET.iter().map(|(id, _)| *id).collect();
    if not_found != expected {
        problems.push(format!(
            "entries not found: {not_found:?}; NOT_FOUND_YET lists {expected:?}"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
