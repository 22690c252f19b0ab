//! Real reports differ from the template in small ways. Every shipped fixture is changed in
//! each way seen in other departments' reports — a spelling, header labels in another order,
//! 小计 printed as 合计, a title variant, tables in another order, a table printed empty with a
//! note, a table or a total row left out — and checked with the standard pack. Whatever the
//! change, the report is checked (never an abort); a change that loses nothing gives the same
//! verdicts and findings as the original; a change that loses a part leaves every rule that
//! does not need it as it was, and the part shows as not checked or as a completeness finding.

use crossfoot::report::{Panel, Report, ReportParts, load_report_file};
use crossfoot::rules::{Finding, Outcome, Pack, RuleVerdict, evaluate, standard_pack};
use proptest::prelude::*;

const FIXTURES: &[&str] = &[
    "fixtures/consistent-example.yaml",
    "fixtures/hetang-cac-2023.yaml",
    "fixtures/putuo-finance-2024.yaml",
    "fixtures/swu-2023.yaml",
];

fn pack() -> &'static Pack {
    static PACK: std::sync::OnceLock<Pack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| standard_pack().unwrap_or_else(|e| panic!("{:?}", e.errors)))
}

fn load(path: &str) -> Report {
    load_report_file(path, &Default::default()).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

/// A finding as compared across variants: what a reviewer reads, not where it is.
fn key(f: &Finding) -> String {
    let v = f
        .values
        .as_ref()
        .map(|v| format!("{} {} {}", v.left, v.right, v.difference))
        .unwrap_or_default();
    format!(
        "{} {} {} {v} {:?}",
        f.rule,
        f.severity.as_str(),
        f.kind.as_str(),
        f.subject
    )
}

fn findings_of(o: &Outcome, rule: &str) -> Vec<String> {
    let mut v: Vec<String> = o
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(key)
        .collect();
    v.sort();
    v
}

fn verdict(o: &Outcome, rule: &str) -> RuleVerdict {
    o.verdicts
        .iter()
        .find(|(r, _)| r == rule)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("no verdict for {rule}"))
}

/// Rebuilds a report from changed parts (panels re-indexed).
fn rebuild(mut parts: ReportParts) -> Report {
    for t in &mut parts.tables {
        t.panels = t
            .panels
            .drain(..)
            .map(|p| Panel::new(p.name, p.keys, p.columns, p.rows, p.span))
            .collect();
    }
    Report::new(parts)
}

/// One change of a report, and whether it loses a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// 公务用车购置及运行维护费 → 公务用车购置及运行费, 公务用车运行维护费 → 公务用车运行费
    Spelling,
    /// `预算数/合计` → `合计/预算数`
    HeaderOrder,
    /// the 本年支出 total column 小计 printed as 合计 (05, 07)
    SubtotalAsTotal,
    /// a title variant of 06 and 09
    TitleVariant,
    /// the tables in reverse order
    Reordered,
    /// the 三公 table printed without rows, with the note 本表无数据
    EmptyWithNote,
    /// one table left out (by index)
    DropTable(usize),
    /// the 01 (高等学校: g01) line 本年收入合计 left out
    DropRow,
}

impl Change {
    fn lossless(self) -> bool {
        !matches!(
            self,
            Change::EmptyWithNote | Change::DropTable(_) | Change::DropRow
        )
    }
}

/// Every change but dropping a table (which takes the table's index).
const EVERY_CHANGE: [Change; 7] = [
    Change::Spelling,
    Change::HeaderOrder,
    Change::SubtotalAsTotal,
    Change::TitleVariant,
    Change::Reordered,
    Change::EmptyWithNote,
    Change::DropRow,
];

const SANGONG: &str = "三公";

fn apply(parts: &mut ReportParts, c: Change) {
    match c {
        Change::Spelling => {
            for t in &mut parts.tables {
                for p in &mut t.panels {
                    for col in &mut p.columns {
                        col.name = col
                            .name
                            .replace("公务用车购置及运行维护费", "公务用车购置及运行费")
                            .replace("公务用车运行维护费", "公务用车运行费");
                    }
                }
            }
        }
        Change::HeaderOrder => {
            for t in &mut parts.tables {
                for p in &mut t.panels {
                    for col in &mut p.columns {
                        let mut labels: Vec<&str> = col.name.split('/').collect();
                        labels.reverse();
                        col.name = labels.join("/");
                    }
                }
            }
        }
        Change::SubtotalAsTotal => {
            for t in &mut parts.tables {
                if t.title == "一般公共预算财政拨款支出决算表"
                    || t.title == "政府性基金预算财政拨款收入支出决算表"
                {
                    for p in &mut t.panels {
                        if p.columns.iter().any(|c| c.name == "合计") {
                            continue;
                        }
                        for col in &mut p.columns {
                            if col.name == "小计" {
                                col.name = "合计".into();
                            }
                        }
                    }
                }
            }
        }
        Change::TitleVariant => {
            for t in &mut parts.tables {
                t.title = match t.title.as_str() {
                    "一般公共预算财政拨款基本支出决算明细表" => {
                        "一般公共预算财政拨款基本支出决算表".into()
                    }
                    "一般公共预算财政拨款基本支出决算表" => {
                        "一般公共预算财政拨款基本支出决算明细表".into()
                    }
                    x if x.contains(SANGONG) => "“三公”经费、行政参公单位机关运行经费情况表".into(),
                    x => x.to_string(),
                };
            }
        }
        Change::Reordered => parts.tables.reverse(),
        Change::EmptyWithNote => {
            for t in &mut parts.tables {
                if t.title.contains(SANGONG) {
                    for p in &mut t.panels {
                        p.rows.clear();
                    }
                    t.notes.push("本表无数据。".into());
                }
            }
        }
        Change::DropTable(i) => {
            if i < parts.tables.len() {
                parts.tables.remove(i);
            }
        }
        Change::DropRow => {
            for t in &mut parts.tables {
                if t.title == "收入支出决算总表" || t.title == "高等学校收支决算总表"
                {
                    for p in &mut t.panels {
                        p.rows
                            .retain(|r| r.name.as_ref().is_none_or(|n| n.text != "本年收入合计"));
                    }
                }
            }
        }
    }
}

/// Checks a changed report against the original; returns a description of any violation.
fn compare(original: &Report, changes: &[Change]) -> Result<(), String> {
    let base = evaluate(pack(), original).map_err(|e| format!("original: {e:?}"))?;
    let mut parts: ReportParts = (**original).clone();
    for &c in changes {
        apply(&mut parts, c);
    }
    let changed = rebuild(parts);
    // never an abort: evaluation returns an outcome whatever the change
    let o = evaluate(pack(), &changed).map_err(|e| format!("{changes:?}: exit 2: {e:?}"))?;
    let lossless = changes.iter().all(|c| c.lossless());
    let not_checked: Vec<&str> = o.not_checked.iter().map(|n| n.rule.as_str()).collect();
    // rules a lost part may change: those not checked, the completeness rules, and (for a table
    // printed empty, which reads as blank cells) those that read the 三公 table
    let touched = |rule: &str| {
        !lossless
            && (not_checked.contains(&rule)
                || rule.starts_with("C-")
                // text rules read the titles and notes of what was left out
                || rule.starts_with("W-")
                || changes.contains(&Change::EmptyWithNote)
                    && (rule.starts_with("T09")
                        || rule.starts_with("N09")
                        || rule == "E-2"
                        || rule == "W-6"))
    };
    for rule in &pack().rules {
        let id = rule.id.text.as_str();
        if touched(id) {
            continue;
        }
        if verdict(&base, id) != verdict(&o, id) {
            return Err(format!(
                "{changes:?}: {id} was {:?}, is {:?}",
                verdict(&base, id),
                verdict(&o, id)
            ));
        }
        if findings_of(&base, id) != findings_of(&o, id) {
            return Err(format!(
                "{changes:?}: {id} findings changed:\n{:#?}\nvs\n{:#?}",
                findings_of(&base, id),
                findings_of(&o, id)
            ));
        }
    }
    if lossless && !o.not_checked.is_empty() {
        return Err(format!(
            "{changes:?}: lost nothing, but not checked: {not_checked:?}"
        ));
    }
    Ok(())
}

#[test]
fn every_fixture_survives_every_variant() {
    let mut generated = 0;
    for path in FIXTURES {
        let original = load(path);
        let mut changes = EVERY_CHANGE.to_vec();
        changes.extend((0..original.tables.len()).map(Change::DropTable));
        for c in changes {
            generated += 1;
            compare(&original, &[c]).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }
    assert_eq!(generated, 4 * 7 + 9 + 9 + 9 + 4, "variants generated");
}

/// A table left out is one completeness finding naming it, and the rules that read it are not
/// checked; a row left out is listed as the part the rules lack.
#[test]
fn a_lost_part_is_a_completeness_finding_or_a_not_checked_entry() {
    for path in FIXTURES {
        let original = load(path);
        for i in 0..original.tables.len() {
            let title = original.tables[i].title.clone();
            let mut parts: ReportParts = (*original).clone();
            apply(&mut parts, Change::DropTable(i));
            let o = evaluate(pack(), &rebuild(parts)).expect("checked");
            let completeness: Vec<&Finding> = o
                .findings
                .iter()
                .filter(|f| f.rule.starts_with("C-"))
                .collect();
            assert_eq!(completeness.len(), 1, "{path} without {title}");
            assert!(
                completeness[0].message.contains(&title)
                    || completeness[0].notes.iter().any(|n| n.contains(&title)),
                "{path}: the completeness finding does not name {title}: {:?}",
                completeness[0]
            );
            assert!(
                !o.not_checked.is_empty(),
                "{path} without {title}: no rule needed it?"
            );
        }
        let mut parts: ReportParts = (*original).clone();
        apply(&mut parts, Change::DropRow);
        let o = evaluate(pack(), &rebuild(parts)).expect("checked");
        assert!(
            o.not_checked
                .iter()
                .flat_map(|n| &n.missing)
                .any(|m| m.name.contains("本年收入合计")),
            "{path}: the dropped row is not named: {:?}",
            o.not_checked
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    /// Random combinations of the changes on random fixtures.
    #[test]
    fn random_combinations_of_variants(
        fixture in 0..FIXTURES.len(),
        flags in proptest::collection::vec(any::<bool>(), 7),
        drop in proptest::option::of(0usize..9),
    ) {
        let original = load(FIXTURES[fixture]);
        let mut changes: Vec<Change> =
            EVERY_CHANGE.iter().zip(&flags).filter(|(_, f)| **f).map(|(c, _)| *c).collect();
        if let Some(i) = drop {
            changes.push(Change::DropTable(i));
        }
        let r = compare(&original, &changes);
        prop_assert!(r.is_ok(), "{}", r.unwrap_err());
    }
}
