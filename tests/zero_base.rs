//! Rates over a zero base, as reviewers accept them (docs/standard-pack.md, "Zero bases"):
//! growth from a prior year of zero stated as 100% is an info that says why, any other rate on
//! a zero base is an error; a rate of nothing over nothing stated as 0% is no finding; a
//! non-zero amount over a zero base is an error. Each case both ways.

use crossfoot::report::load_report;
use crossfoot::rules::ast::Severity;
use crossfoot::rules::{Finding, FindingKind, evaluate, load_pack_str};

const REPORT: &str = r#"
unit: 新设局
year: 2024
precision: 2
tables:
  - title: 测试表
    keys: [name]
    columns: [预算数, 决算数]
    rows:
      - [公务接待费, 0.00, 0.00]
      - [因公出国（境）费, 0.00, 1.20]
      - [办公费, 10.00, 8.00]
narrative:
  - key: 总体
    title: 一、收入支出决算总体情况说明
    text: 2024年度收、支总计50.00万元，与上年相比增加50.00万元，增长100.00%。
    claims:
      - {subject: 新设单位, 金额: 50.00, 增加: 50.00, 增长: 100.00%}
      - {subject: 新设单位写错, 金额: 50.00, 增加: 50.00, 增长: 50.00%}
      - {subject: 持平项目, 金额: 0.00, 增加: 0.00, 增长: 0.00%}
      - {subject: 持平项目写错, 金额: 0.00, 增加: 0.00, 增长: 5.00%}
      - {subject: 普通项目, 金额: 120.00, 增加: 20.00, 增长: 20.00%}
      - {subject: 接待, 完成率: 0.00%}
      - {subject: 接待写错, 完成率: 100.00%}
      - {subject: 出国, 完成率: 100.00%}
"#;

const PACK: &str = r#"
table t = "测试表"
rule Z-1 error "增长率" {
    for c in 说明.总体 where has(c.增长) { c.增长 == growth(c.金额, c.增加) }
}
rule Z-2 error "完成率：接待" { 说明.总体.接待.完成率 == pct(t.公务接待费.决算数, t.公务接待费.预算数) }
rule Z-3 error "完成率：接待写错" { 说明.总体.接待写错.完成率 == pct(t.公务接待费.决算数, t.公务接待费.预算数) }
rule Z-4 error "完成率：出国" { 说明.总体.出国.完成率 == pct(t.因公出国（境）费.决算数, t.因公出国（境）费.预算数) }
"#;

fn findings() -> Vec<Finding> {
    let pack = load_pack_str("z.rules", PACK).unwrap_or_else(|e| panic!("{:?}", e.errors));
    let report = load_report("z.yaml", REPORT.to_string()).expect("loads");
    evaluate(&pack, &report).expect("checked").findings
}

fn at<'f>(fs: &'f [Finding], rule: &str, subject: Option<&str>) -> Vec<&'f Finding> {
    fs.iter()
        .filter(|f| f.rule == rule && (subject.is_none() || f.subject.as_deref() == subject))
        .collect()
}

#[test]
fn growth_from_a_zero_prior_year_stated_as_100_percent_is_an_info_that_says_why() {
    let fs = findings();
    let f = at(&fs, "Z-1", Some("新设单位"));
    assert_eq!(f.len(), 1, "{fs:#?}");
    assert_eq!(f[0].kind, FindingKind::ZeroBase);
    assert_eq!(f[0].severity, Severity::Info);
    assert!(f[0].notes[0].contains("100%"), "{:?}", f[0].notes);
}

#[test]
fn any_other_rate_on_a_zero_prior_year_is_an_error() {
    let fs = findings();
    let f = at(&fs, "Z-1", Some("新设单位写错"));
    assert_eq!(f.len(), 1, "{fs:#?}");
    assert_eq!(f[0].kind, FindingKind::DivisionByZero);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].notes[0].contains("50%"), "{:?}", f[0].notes);
}

#[test]
fn nothing_over_nothing_stated_as_zero_is_no_finding_and_any_other_rate_is_an_error() {
    let fs = findings();
    assert!(at(&fs, "Z-1", Some("持平项目")).is_empty(), "{fs:#?}");
    assert!(at(&fs, "Z-2", None).is_empty(), "{fs:#?}");
    let wrong = at(&fs, "Z-1", Some("持平项目写错"));
    assert_eq!(wrong.len(), 1, "{fs:#?}");
    assert_eq!(wrong[0].kind, FindingKind::DivisionByZero);
    let wrong = at(&fs, "Z-3", None);
    assert_eq!(wrong.len(), 1, "{fs:#?}");
    assert_eq!(wrong[0].severity, Severity::Error);
}

#[test]
fn a_non_zero_amount_over_a_zero_base_is_an_error_and_ordinary_rates_are_unchanged() {
    let fs = findings();
    let f = at(&fs, "Z-4", None);
    assert_eq!(f.len(), 1, "{fs:#?}");
    assert_eq!(f[0].kind, FindingKind::DivisionByZero);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(at(&fs, "Z-1", Some("普通项目")).is_empty(), "{fs:#?}");
    assert_eq!(fs.len(), 5, "{fs:#?}");
}
