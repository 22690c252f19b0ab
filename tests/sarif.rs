//! `crossfoot check --format sarif`: the log validates against the published SARIF 2.1.0
//! schema (the OASIS file, tests/data/sarif-schema-2.1.0.json) and carries what the JSON
//! output carries: every finding with its rule, level, message and report cells, the pack's
//! rules with their places, not-checked rules and reports that could not be loaded.

mod common;

use common::crossfoot;
use serde_json::Value;

fn sarif(args: &[&str]) -> (Value, i32) {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let out = crossfoot(&all);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    (v, out.status.code().unwrap_or(-1))
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = crossfoot(&all);
    serde_json::from_slice(&out.stdout).expect("json")
}

fn validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    );
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    // the schema declares draft-04
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn assert_valid(log: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_schema_is_the_published_one_and_rejects_a_broken_log() {
    let v = validator();
    assert!(v.is_valid(&serde_json::json!({"version": "2.1.0", "runs": []})));
    // a wrong version, a result without a message, a level that does not exist
    for bad in [
        serde_json::json!({"version": "2.0.0", "runs": []}),
        serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "a"}]}]}),
        serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}),
    ] {
        assert!(!v.is_valid(&bad), "{bad}");
    }
}

#[test]
fn findings_of_two_reports_validate_and_match_the_json_output() {
    let reports = [
        "fixtures/hetang-cac-2023.yaml",
        "fixtures/putuo-finance-2024.yaml",
    ];
    let (log, code) = sarif(&reports);
    assert_eq!(code, 1, "error findings: exit 1 as with the other formats");
    assert_valid(&log);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "crossfoot");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["language"], "zh-CN");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    // the rules are the pack's, each with its place in the pack
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let listed = crossfoot(&["rules"]);
    let listed = String::from_utf8(listed.stdout).expect("utf-8");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for line in listed.lines().filter(|l| l.contains("  ")) {
        let id = line.split_whitespace().next().unwrap();
        assert!(ids.contains(&id), "rule {id} missing from the SARIF rules");
    }
    for r in rules {
        let loc = &r["properties"]["packLocation"];
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1, "{r}");
        assert!(
            loc["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with(".rules"),
            "{r}"
        );
        assert!(
            r["fullDescription"]["text"]
                .as_str()
                .unwrap()
                .starts_with("rule ")
        );
    }

    // every finding of the JSON output is a `fail` result, in order, with its cells
    let j = json(&reports);
    let findings: Vec<(&Value, &Value)> = j["reports"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |f| (r, f))
        })
        .collect();
    let results: Vec<&Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "fail")
        .collect();
    assert!(findings.len() > 10, "the fixtures have findings");
    assert_eq!(results.len(), findings.len());
    for ((report, f), r) in findings.iter().zip(&results) {
        assert_eq!(r["ruleId"], f["rule"]);
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], f["rule"]);
        let level = match f["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level);
        // the message in the default language, with the notes after it
        assert!(
            r["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with(f["message"].as_str().unwrap())
        );
        let cells = f["cells"].as_array().unwrap();
        let locations = r["locations"].as_array().unwrap();
        if cells.is_empty() {
            assert_eq!(
                locations[0]["physicalLocation"]["artifactLocation"]["uri"],
                report["path"]
            );
        } else {
            assert_eq!(locations.len(), cells.len());
            for (c, l) in cells.iter().zip(locations) {
                let p = &l["physicalLocation"];
                assert_eq!(p["artifactLocation"]["uri"], c["file"]);
                assert_eq!(p["region"]["startLine"], c["line"]);
                assert_eq!(p["region"]["startColumn"], c["column"]);
                assert_eq!(l["logicalLocations"][0]["fullyQualifiedName"], c["place"]);
            }
        }
        // the failing expression and the rule in the pack
        let related = r["relatedLocations"].as_array().unwrap();
        assert_eq!(related.len(), 2);
        let rule_at = &related[1]["physicalLocation"];
        assert_eq!(rule_at["region"]["startLine"], f["rule_location"]["line"]);
        assert_eq!(rule_at["region"]["snippet"]["text"], f["rule"]);
    }
    // Chinese by default: the hetang T01-1 finding speaks of 空白
    assert!(
        results
            .iter()
            .any(|r| r["message"]["text"].as_str().unwrap().contains("空白"))
    );
}

#[test]
fn english_messages_with_lang_en() {
    let (log, _) = sarif(&["--lang", "en", "fixtures/hetang-cac-2023.yaml"]);
    assert_valid(&log);
    let run = &log["runs"][0];
    assert_eq!(run["language"], "en-US");
    let texts: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"]["text"].as_str().unwrap())
        .collect();
    assert!(texts.iter().any(|t| t.contains("blank")), "{texts:#?}");
    // fingerprints and values are data: the same in both languages
    let (zh, _) = sarif(&["fixtures/hetang-cac-2023.yaml"]);
    let data = |log: &Value| -> Vec<(Value, Value)> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"].clone(),
                    r["properties"]["values"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(data(&zh), data(&log));
    assert!(data(&zh).iter().any(|(_, v)| v["left"] == "blank"));
    let mut prints: Vec<String> = data(&zh).iter().map(|(p, _)| p.to_string()).collect();
    let n = prints.len();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), n, "one fingerprint per finding");
}

#[test]
fn not_checked_rules_and_unusable_reports() {
    let (log, code) = sarif(&[
        "-p",
        "tests/broken_packs/binding/needs_column.rules",
        "fixtures/hetang-cac-2023.yaml",
        "tests/bad_reports/missing_unit.yaml",
    ]);
    assert_eq!(code, 2, "an unusable report: exit 2");
    assert_valid(&log);
    let run = &log["runs"][0];
    let open: Vec<&Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "open")
        .collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["ruleId"], "T03-1");
    assert_eq!(open[0]["level"], "none");
    assert!(
        open[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("本年支出合计")
    );
    assert_eq!(
        open[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/broken_packs/binding/needs_column.rules"
    );
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = &inv["toolExecutionNotifications"][0];
    assert_eq!(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/bad_reports/missing_unit.yaml"
    );
    assert!(n["message"]["text"].as_str().unwrap().contains("unit"));
}

#[test]
fn a_report_without_findings_gives_an_empty_result_list() {
    let (log, code) = sarif(&[
        "-p",
        "tests/packs/ok.rules",
        "fixtures/consistent-example.yaml",
    ]);
    assert_valid(&log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(code, 0);
}

#[test]
fn the_built_in_pack_files_are_relative_to_a_base_id() {
    // the standard pack names its files `<builtin>/…` when no rules folder is at hand: the
    // URI is then relative to CROSSFOOT_STANDARD_PACK, described in originalUriBaseIds
    let loc = crossfoot::sarif::artifact_location("<builtin>/tables.rules");
    assert_eq!(loc["uri"], "tables.rules");
    assert_eq!(loc["uriBaseId"], crossfoot::sarif::BUILTIN_BASE);
    let (log, _) = sarif(&["fixtures/consistent-example.yaml"]);
    assert!(
        log["runs"][0]["originalUriBaseIds"][crossfoot::sarif::BUILTIN_BASE]["description"]["text"]
            .is_string()
    );
}

#[test]
fn the_same_bytes_whatever_the_number_of_jobs() {
    let run = |jobs: &str| {
        crossfoot(&[
            "check",
            "--format",
            "sarif",
            "-j",
            jobs,
            "fixtures/hetang-cac-2023.yaml",
            "fixtures/putuo-finance-2024.yaml",
            "fixtures/consistent-example.yaml",
            "tests/bad_reports/missing_unit.yaml",
        ])
        .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("3"));
}

#[test]
fn a_report_checked_from_its_pdf_is_located_by_page() {
    let (log, _) = sarif(&["fixtures/pdf/putuo-finance-2024.pdf"]);
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results.iter().filter(|r| r["kind"] == "fail") {
        for l in r["locations"].as_array().unwrap() {
            let p = &l["physicalLocation"];
            assert_eq!(
                p["artifactLocation"]["uri"],
                "fixtures/pdf/putuo-finance-2024.pdf"
            );
            // the YAML imported in memory has lines, the PDF has none
            assert!(p.get("region").is_none(), "{l}");
            if let Some(page) = l["properties"]["page"].as_u64() {
                assert!(
                    l["message"]["text"]
                        .as_str()
                        .unwrap()
                        .ends_with(&format!("（第{page}页）"))
                );
            }
        }
    }
    assert!(
        results
            .iter()
            .flat_map(|r| r["locations"].as_array().unwrap())
            .any(|l| l["properties"]["page"].is_u64())
    );
}
