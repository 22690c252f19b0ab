//! Clause attribution of the narrative importer, sentence by sentence.
//!
//! `tests/data/narrative_claims.txt` lists cases: `## name | unit`, the input lines (`> `: a
//! section heading and the prose as printed), the claims expected (`= section › subject | attr
//! value | …`, in order) and the import warnings expected (`! message`). Every claim of every
//! case is compared exactly, so any change of what the importer reads shows as a diff. Set
//! `NARRATIVE_CLAIMS=write` to rewrite the file from the importer's output (then review the diff).

use crossfoot::import::describe_claims;

const DATA: &str = "tests/data/narrative_claims.txt";

struct Case {
    name: String,
    unit: String,
    input: Vec<String>,
    claims: Vec<String>,
    warnings: Vec<String>,
}

fn parse(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for (no, line) in text.lines().enumerate() {
        if let Some(h) = line.strip_prefix("## ") {
            let (name, unit) = h.split_once(" | ").unwrap_or((h, ""));
            cases.push(Case {
                name: name.trim().to_string(),
                unit: unit.trim().to_string(),
                input: Vec::new(),
                claims: Vec::new(),
                warnings: Vec::new(),
            });
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let case = cases
            .last_mut()
            .unwrap_or_else(|| panic!("{DATA}:{}: a line before the first `## ` case", no + 1));
        if let Some(l) = line.strip_prefix("> ") {
            case.input.push(l.to_string());
        } else if line == ">" {
            case.input.push(String::new());
        } else if let Some(l) = line.strip_prefix("= ") {
            case.claims.push(l.to_string());
        } else if let Some(l) = line.strip_prefix("! ") {
            case.warnings.push(l.to_string());
        } else {
            panic!(
                "{DATA}:{}: a line must start with `## `, `> `, `= ` or `! `",
                no + 1
            );
        }
    }
    cases
}

fn run(case: &Case) -> (Vec<String>, Vec<String>) {
    let (claims, notes) = describe_claims(&case.unit, &case.input.join("\n"));
    let warnings = notes
        .into_iter()
        .map(|n| format!("{}: {}", n.line, n.message))
        .collect();
    (claims, warnings)
}

fn render(cases: &[Case], results: &[(Vec<String>, Vec<String>)], head: &str) -> String {
    let mut out = format!("{}\n", head.trim_end());
    for (c, (claims, warnings)) in cases.iter().zip(results) {
        out.push_str(&format!("\n## {} | {}\n", c.name, c.unit));
        for l in &c.input {
            if l.is_empty() {
                out.push_str(">\n");
            } else {
                out.push_str(&format!("> {l}\n"));
            }
        }
        for l in claims {
            out.push_str(&format!("= {l}\n"));
        }
        for l in warnings {
            out.push_str(&format!("! {l}\n"));
        }
    }
    out
}

#[test]
fn every_claim_of_every_case_is_as_written() {
    let text = std::fs::read_to_string(DATA).expect("regression data");
    let head: String = text
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .map(|l| format!("{l}\n"))
        .collect();
    let cases = parse(&text);
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let results: Vec<(Vec<String>, Vec<String>)> = cases.iter().map(run).collect();
    if std::env::var("NARRATIVE_CLAIMS").as_deref() == Ok("write") {
        std::fs::write(DATA, render(&cases, &results, &head)).expect("write");
        return;
    }
    let mut diffs = Vec::new();
    for (c, (claims, warnings)) in cases.iter().zip(&results) {
        if &c.claims != claims || &c.warnings != warnings {
            diffs.push(format!(
                "## {}\nexpected:\n  {}\n  {}\nimported:\n  {}\n  {}",
                c.name,
                c.claims.join("\n  "),
                c.warnings.join("\n  "),
                claims.join("\n  "),
                warnings.join("\n  ")
            ));
        }
    }
    assert!(
        diffs.is_empty(),
        "{} of {} cases differ (NARRATIVE_CLAIMS=write rewrites {DATA}):\n{}",
        diffs.len(),
        cases.len(),
        diffs.join("\n\n")
    );
}
