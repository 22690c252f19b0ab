//! Literals mean what they say (docs/language.md §10.5): a percentage written in a pack is an
//! exact threshold in `<`, `<=`, `>`, `>=`, and stands for a stated value, with its written
//! precision, in `==` and `!=`. Values read from the report keep their printed precision in
//! every comparison.

use crossfoot::report::{Limits, Report, load_report_file};
use crossfoot::rules::{evaluate, load_pack_str};

const HETANG: &str = "fixtures/hetang-cac-2023.yaml";

fn hetang() -> Report {
    load_report_file(HETANG, &Limits::default()).expect("the Hetang fixture loads")
}

/// The ids of the rules with a finding, in pack order.
fn failing(pack: &str, report: &Report) -> Vec<String> {
    let pack = load_pack_str("literals.rules", pack).expect("the pack loads");
    let o = evaluate(&pack, report).expect("the pack binds");
    let mut ids: Vec<String> = o.findings.iter().map(|f| f.rule.clone()).collect();
    ids.dedup();
    ids
}

#[test]
fn a_percent_threshold_is_exact_in_ordering_comparisons() {
    // Hetang states a growth of 53% (说明.总体); printed precision makes it [52.5%, 53.5%].
    let pack = r#"
rule LE-52 warning "增长率不超过52%" { 说明.总体.收、支总计.变动率 <= 52% }
rule LE-53 warning "增长率不超过53%" { 说明.总体.收、支总计.变动率 <= 53% }
rule LT-52.6 warning "x" { 说明.总体.收、支总计.变动率 < 52.6% }
rule GE-54 warning "x" { 说明.总体.收、支总计.变动率 >= 54% }
rule GT-53.4 warning "x" { 说明.总体.收、支总计.变动率 > 53.4% }
rule NEG warning "x" { -10% < 说明.总体.收、支总计.变动率 }
rule LIT warning "两个字面量" { 5.4% <= 5% }
rule LET warning "let 绑定的字面量" {
    let 上限 = 5%
    5.4% <= 上限
}
"#;
    // 52% was read as [51.5%, 52.5%] and let 53% (≥ 52.5%) pass; 54% as [53.5%, 54.5%]
    // met 53.5%; 5.4% <= 5% held because 5% reached 5.5%.
    assert_eq!(failing(pack, &hetang()), ["LE-52", "GE-54", "LIT", "LET"]);
}

#[test]
fn a_percent_literal_in_equality_stands_for_a_stated_value() {
    // the brief's expression: 39.60 / 75.01 = 52.7930% is 52.79% as written
    let pack = r#"
table t03 = "支出决算表"
rule BRIEF-2 warning "基本支出占比" {
    in t03.合计 base 本年支出合计 { pct(基本支出) == 52.79% }
}
rule EQ-53 warning "x" { 说明.总体.收、支总计.变动率 == 53% }
rule NE-53.4 warning "x" { 说明.总体.收、支总计.变动率 != 53.4% }
rule NE-51 warning "x" { 说明.总体.收、支总计.变动率 != 51% }
"#;
    // 53% and 53.4% can be equal (53.4% is within the stated 53%'s rounding): `!=` fails
    assert_eq!(failing(pack, &hetang()), ["NE-53.4"]);
}

#[test]
fn explain_says_how_a_percent_literal_is_read() {
    let pack = load_pack_str(
        "literals.rules",
        "rule CAP warning \"x\" { 说明.总体.收、支总计.变动率 <= 52% }",
    )
    .expect("the pack loads");
    let (steps, _) = crossfoot::rules::explain(&pack, &hetang(), "CAP")
        .expect("the rule exists")
        .expect("the pack binds");
    let literal = steps
        .iter()
        .find(|s| s.what == "52%")
        .expect("a step for the literal");
    assert_eq!(
        literal.value,
        "52%  [51.5, 52.5]（用于 == 和 !=；用于 <、<=、>、>= 时是精确的界限）"
    );
}
