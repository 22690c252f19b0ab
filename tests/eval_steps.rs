//! The evaluation work limit (`--max-eval-steps`) counts work that grows with the report, not
//! with its square: the hierarchy rules (`for r in t02 … for k in columns(t02) { r ==
//! sum(children(r)) }`) read `columns(t02)` once per row, and that names the table's columns
//! without visiting its rows. Counted in steps, never timed.

use crossfoot::report::{Report, load_report};
use crossfoot::rules::{EvalLimits, RuleVerdict, evaluate_with, load_pack_str, standard_pack};

const COLUMNS: &str =
    "[本年收入合计, 财政拨款收入, 上级补助收入, 事业收入, 经营收入, 附属单位上缴收入, 其他收入]";

/// A 收入决算表 of `1 + classes × 51` rows (类, 10 款 each and 4 项 each, with codes), every total
/// the sum of its parts; `break_one` makes one 款 miss the sum of its 项 by 1.00. Two in five
/// rows are 类 or 款, which the hierarchy rules visit.
fn report(classes: u32, break_one: bool) -> Report {
    let mut rows = Vec::new();
    let mut total = 0u64;
    for c in 0..classes {
        let class = 101 + c;
        let mut class_sum = 0u64;
        let mut class_rows = Vec::new();
        for k in 1..=10u32 {
            let mut kuan_sum = 0u64;
            let mut items = Vec::new();
            for x in 1..=4u32 {
                // cents, so every amount prints with two decimals
                let v = u64::from((class * 7919 + k * 104_729 + x * 1_299_709) % 100_000);
                kuan_sum += v;
                items.push(format!(
                    "[{class}{k:02}{x:02}, 项{c}-{k}-{x}, {}]",
                    amount(v)
                ));
            }
            class_sum += kuan_sum;
            let shown = if break_one && c == 0 && k == 1 {
                kuan_sum + 100
            } else {
                kuan_sum
            };
            class_rows.push(format!("[{class}{k:02}, 款{c}-{k}, {}]", amount(shown)));
            class_rows.extend(items);
        }
        total += class_sum;
        rows.push(format!("[{class}, 类{c}, {}]", amount(class_sum)));
        rows.extend(class_rows);
    }
    rows.insert(0, format!("[~, 合计, {}]", amount(total)));
    let mut yaml = format!(
        "unit: 示例单位\nyear: 2023\ncurrency: 万元\nprecision: 2\ntables:\n  - title: 收入决算表\n    keys: [code, name]\n    columns: {COLUMNS}\n    rows:\n"
    );
    for r in rows {
        // the amount in 本年收入合计 and 财政拨款收入, the other columns blank
        let (head, v) = r.rsplit_once(", ").expect("a row");
        let v = v.trim_end_matches(']');
        yaml.push_str(&format!("      - {head}, {v}, {v}, ~, ~, ~, ~, ~]\n"));
    }
    load_report("big.yaml", yaml).unwrap_or_else(|e| panic!("loads: {e:?}"))
}

fn amount(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn verdict(o: &crossfoot::rules::Outcome, id: &str) -> RuleVerdict {
    o.verdicts
        .iter()
        .find(|(r, _)| r == id)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("no verdict for {id}"))
}

/// The standard pack's rules over 收入决算表 alone: the table identities and the hierarchy.
fn table_rules() -> crossfoot::rules::Pack {
    let pack = standard_pack().expect("the standard pack");
    let src = format!(
        "{}\n{}\n",
        r#"table t02 = "收入决算表""#,
        pack.rules
            .iter()
            .filter(|r| r.id.text == "T02-1" || r.id.text == "T02-2")
            .map(|r| {
                let file = &pack.files[r.id.loc.file as usize].text;
                // the rule's text as written in the standard pack, from `rule` to its `}`
                let start = file[..r.id.loc.offset as usize]
                    .rfind("rule ")
                    .expect("rule keyword");
                let end = file[start..].find("\n}").expect("rule end") + start + 2;
                file[start..end].to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    );
    load_pack_str("hierarchy.rules", &src).unwrap_or_else(|e| panic!("{:?}", e.errors))
}

#[test]
fn ten_thousand_rows_check_within_the_default_limit() {
    // 2,200 类 and 款 rows, 10,201 rows in all: counting every row for each 类 and 款 (the
    // count before columns(t) named its columns without visiting rows) was 22M steps, over the
    // default 20M
    let r = report(200, false);
    let rows = r.tables[0].panels[0].rows.len();
    assert!(rows > 10_000, "{rows} rows");
    let pack = table_rules();
    let o = evaluate_with(&pack, &r, &EvalLimits::default()).expect("within the default limit");
    assert_eq!(verdict(&o, "T02-1"), RuleVerdict::Passed);
    assert_eq!(verdict(&o, "T02-2"), RuleVerdict::Passed);
    // the whole standard pack too
    let o = evaluate_with(&standard_pack().unwrap(), &r, &EvalLimits::default())
        .expect("the standard pack within the default limit");
    assert_eq!(verdict(&o, "T02-2"), RuleVerdict::Passed);
}

#[test]
fn steps_grow_with_the_rows_not_their_square() {
    // twice the rows need about twice the steps: a budget that the small report needs a third
    // of still checks a report twice its size, which a count growing with the square would not
    let pack = table_rules();
    let small = report(40, false);
    let large = report(80, false);
    let need = |r: &Report| {
        // the smallest limit (to within 1%) that checks the report
        let (mut lo, mut hi) = (1u64, 50_000_000u64);
        while hi - lo > lo / 100 {
            let mid = lo + (hi - lo) / 2;
            if evaluate_with(&pack, r, &EvalLimits { max_steps: mid }).is_ok() {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    };
    let (a, b) = (need(&small), need(&large));
    assert!(b < a * 5 / 2, "{a} steps for 40 classes, {b} for 80");
    assert!(b > a * 3 / 2, "{a} steps for 40 classes, {b} for 80");
}

#[test]
fn a_broken_sum_is_still_found_in_a_large_table() {
    let r = report(200, true);
    let o = evaluate_with(&table_rules(), &r, &EvalLimits::default()).expect("within the limit");
    assert_eq!(verdict(&o, "T02-2"), RuleVerdict::Failed);
    // the 款 itself and its 类 (whose sum of 款 now misses too), in the two columns with data
    let found: Vec<&str> = o
        .findings
        .iter()
        .filter(|f| f.rule == "T02-2")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(found.len(), 4, "{found:?}");
    for (row, column) in [
        ("101 类0", "本年收入合计"),
        ("101 类0", "财政拨款收入"),
        ("10101 款0-1", "本年收入合计"),
        ("10101 款0-1", "财政拨款收入"),
    ] {
        let at = format!("{row} › {column}");
        assert!(found.iter().any(|m| m.contains(&at)), "{at} in {found:?}");
    }
}
