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

/// The narrative warnings in both languages: Chinese by default (as the data file asserts),
/// English with `--lang en` (here [`crossfoot::lang::with`]), with the report's words kept.
#[test]
fn narrative_warnings_are_chinese_by_default_and_english_on_request() {
    use crossfoot::lang::{Lang, with};
    let unit = "株洲市某区某局";
    let cases: &[(&str, &str, &str)] = &[
        (
            "二、收入决算情况说明\n2023年度收入合计500.00万元，其中：财政拨款收入480.00万元。与上年相比，增长8.00%。",
            "收入：“增长8.00%” 所在分句没有主语，同一句中（“其中”“主要原因”之后另算）也没有在它之前的主语，无法确定属于哪一项，未读入：`与上年相比，增长8.00%。`",
            "收入: `增长8.00%` has no subject in its clause and none before it in its sentence (counted anew after 其中/主要原因), so it cannot be attributed; not read: `与上年相比，增长8.00%。`",
        ),
        (
            "九、关于机关运行经费支出说明\n本部门2023年度机关运行经费支出30.50万元，比上年增加（减少）2.30万元。",
            "机关运行经费：2.30万元 前是模板用语“增加（减少）”，报告未写明增减方向，未读入：`本部门2023年度机关运行经费支出30.50万元，比上年增加（减少）2.30万元。`",
            "机关运行经费: 2.30万元 follows the template wording `增加（减少）`, which does not say whether it is an increase or a decrease; not read: `本部门2023年度机关运行经费支出30.50万元，比上年增加（减少）2.30万元。`",
        ),
        (
            "九、关于机关运行经费支出说明\n本部门2023年度机关运行经费支出30.50万元，比上年增长8.15%，下降2.00%。",
            "机关运行经费：“下降2.00%”与“机关运行经费”已读入的增减说法重复或相反，未读入：`本部门2023年度机关运行经费支出30.50万元，比上年增长8.15%，下降2.00%。`",
            "机关运行经费: `下降2.00%` repeats or contradicts the direction already read for `机关运行经费`; not read: `本部门2023年度机关运行经费支出30.50万元，比上年增长8.15%，下降2.00%。`",
        ),
        (
            "七、一般公共预算财政拨款支出决算具体情况\n决算数大于（小于）预算数的主要原因：XXXXXXXX。",
            "一般公共预算具体：“大于（小于）”是模板用语，报告未写明是哪一种比较，未读入：`决算数大于（小于）预算数的主要原因：XXXXXXXX。`",
            "一般公共预算具体: `大于（小于）` is template wording that does not say which comparison the report makes; not read: `决算数大于（小于）预算数的主要原因：XXXXXXXX。`",
        ),
    ];
    for (input, zh, en) in cases {
        let messages = |lang| {
            with(lang, || describe_claims(unit, input).1)
                .into_iter()
                .map(|n| n.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(messages(Lang::Zh), [*zh], "{input}");
        assert_eq!(messages(Lang::En), [*en], "{input}");
    }
}
