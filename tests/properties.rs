//! Property tests of the rounding semantics. Exact amounts in 元 (with 分) are drawn at random,
//! then printed as a publisher prints them: in 万元, rounded half away from zero to 0.01. A true
//! identity on the exact amounts — a parent is the sum of its children, a share is part / whole —
//! must never fail on the printed figures; a change larger than the slack rounding allows must
//! always fail.

use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

use crossfoot::report::load_report;
use crossfoot::rules::ast::Severity;
use crossfoot::rules::{evaluate, load_pack_str};

/// 分 → 万元 as printed: 1 万元 = 1,000,000 分, two decimals, half away from zero.
fn printed(fen: i64) -> Decimal {
    Decimal::new(fen, 6).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A one-column table `支出决算表` with rows `r0`, `r1`, … and `合计`.
fn report(rows: &[(String, Decimal)]) -> String {
    let mut y = String::from(
        "unit: 示例\nyear: 2023\ncurrency: 万元\nprecision: 2\ntables:\n  - title: 测试表\n    keys: [name]\n    columns: [决算数]\n    rows:\n",
    );
    for (name, v) in rows {
        y.push_str(&format!("      - [{name}, {v:.2}]\n"));
    }
    y
}

/// Errors found by `rule` (one statement) on `yaml`.
fn errors(rule: &str, yaml: String) -> usize {
    let pack = format!("table t = \"测试表\"\nrule P-1 error \"p\" {{\n    {rule}\n}}\n");
    let pack = load_pack_str("p.rules", &pack).unwrap_or_else(|e| panic!("{:?}", e.errors));
    let report = load_report("r.yaml", yaml).unwrap_or_else(|e| panic!("{e:?}"));
    let outcome = evaluate(&pack, &report).unwrap_or_else(|e| panic!("{e:?}"));
    outcome.count(Severity::Error)
}

fn sum_case(children: &[i64], nudge: Decimal) -> usize {
    let total: i64 = children.iter().sum();
    let mut rows: Vec<(String, Decimal)> = children
        .iter()
        .enumerate()
        .map(|(i, &c)| (format!("r{i}"), printed(c)))
        .collect();
    rows.push(("合计".to_string(), printed(total) + nudge));
    let terms: Vec<String> = (0..children.len()).map(|i| format!("t.r{i}")).collect();
    errors(&format!("t.合计 == {}", terms.join(" + ")), report(&rows))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_true_sum_never_fails(children in prop::collection::vec(0i64..100_000_000_000, 1..12)) {
        prop_assert_eq!(sum_case(&children, Decimal::ZERO), 0);
    }

    /// Each printed figure is within 0.005 of the truth, so the parent of n children can be
    /// (n + 1) × 0.005 off; a change past that fails, either way.
    #[test]
    fn a_sum_changed_past_the_slack_always_fails(
        children in prop::collection::vec(0i64..100_000_000_000, 1..12),
        extra in 1i64..1_000_000,
        negative in any::<bool>(),
    ) {
        let n = children.len() as i64;
        // (n + 1) × 0.005, rounded up to a printable 0.01, plus at least 0.01
        let slack_cents = (n + 1 + 1) / 2;
        let nudge = Decimal::new(slack_cents + extra, 2);
        let nudge = if negative { -nudge } else { nudge };
        prop_assert_eq!(sum_case(&children, nudge), 1);
    }

    /// A share computed by the publisher from exact amounts and printed to 0.01% holds against
    /// the printed amounts.
    #[test]
    fn a_true_share_never_fails(whole in 1_000_000i64..100_000_000_000, part_per_mille in 0i64..=1000) {
        let part = whole / 1000 * part_per_mille;
        let pct = (Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let rows = vec![("部分".to_string(), printed(part)), ("合计".to_string(), printed(whole))];
        prop_assert_eq!(errors(&format!("pct(t.部分, t.合计) == {pct:.2}%"), report(&rows)), 0);
    }

    /// With a whole of at least 100 万元 the printed amounts pin the share to within 0.01%;
    /// a stated share 0.1% or more away always fails.
    #[test]
    fn a_share_changed_past_the_slack_always_fails(
        whole in 100_000_000i64..100_000_000_000,
        part_per_mille in 0i64..=1000,
        off in 10i64..5000,
        negative in any::<bool>(),
    ) {
        let part = whole / 1000 * part_per_mille;
        let pct = (Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let off = Decimal::new(if negative { -off } else { off }, 2);
        let rows = vec![("部分".to_string(), printed(part)), ("合计".to_string(), printed(whole))];
        prop_assert_eq!(errors(&format!("pct(t.部分, t.合计) == {:.2}%", pct + off), report(&rows)), 1);
    }
}
