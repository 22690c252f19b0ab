//! Guards against typos in the hand transcriptions: a handful of figures are re-derived from the
//! published text (fixtures/text/, extracted from the PDFs) and compared with the YAML fixtures.
//! The importer's test compares every cell; this test reads the text independently of it.

use crossfoot::report::{Report, StatedValue, load_report_file};
use rust_decimal::Decimal;
use std::str::FromStr;

fn fixture(name: &str) -> Report {
    load_report_file(&format!("fixtures/{name}.yaml"), &Default::default()).expect("loads")
}

fn text(name: &str) -> String {
    std::fs::read_to_string(format!("fixtures/text/{name}.txt")).expect("sample text")
}

/// The number printed right after `label` in a TAB-separated table line of the text.
fn after_tab(text: &str, label: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let cells: Vec<&str> = l.split('\t').collect();
        let i = cells.iter().position(|c| c.trim() == label)?;
        cells.get(i + 1).map(|s| s.trim().replace(',', ""))
    })
}

/// The number printed between `before` and `after` in the prose.
fn in_prose(text: &str, before: &str, after: &str) -> Option<String> {
    let flat: String = text.lines().collect();
    let start = flat.find(before)? + before.len();
    let end = flat[start..].find(after)? + start;
    Some(flat[start..end].trim().to_string())
}

fn cell(
    r: &Report,
    table: &str,
    panel: Option<&str>,
    row: &str,
    column: Option<&str>,
) -> Option<Decimal> {
    let t = r.table(table)?;
    let p = match panel {
        Some(name) => t.panels.iter().find(|p| p.name.as_deref() == Some(name))?,
        None => &t.panels[0],
    };
    let i = p
        .row_by_code(row)
        .or_else(|| p.rows_named(row).first().copied())?;
    let c = match column {
        Some(c) => p.column_named(c)?,
        None => 0,
    };
    p.rows[i].cells[c].value
}

fn claim(r: &Report, section: &str, subject: &str, attr: &str) -> Option<Decimal> {
    match &r.section(section)?.claim(subject)?.attr(attr)?.value {
        StatedValue::Amount(d) | StatedValue::Percent(d) | StatedValue::Count(d) => Some(*d),
        StatedValue::Word(_) => None,
    }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("`{s}` is a number"))
}

#[test]
fn hetang_figures_match_the_published_text() {
    let r = fixture("hetang-cac-2023");
    let t = text("hetang-cac-2023");
    // tables: the 302 line that disagrees with its items, and the 01 line holding 78.01
    let v302 = after_tab(&t, "商品和服务支出").expect("302 in the text");
    assert_eq!(
        cell(
            &r,
            "一般公共预算财政拨款基本支出决算明细表",
            Some("2"),
            "302",
            None
        ),
        Some(d(&v302))
    );
    assert_eq!(v302, "4.43");
    let balance = t
        .lines()
        .find(|l| l.starts_with("使用非财政拨款结余"))
        .expect("line 11");
    assert!(balance.contains("\t78.01\t"), "{balance}");
    assert_eq!(
        cell(
            &r,
            "收入支出决算总表",
            Some("收入"),
            "使用非财政拨款结余（含专用结余）",
            None
        ),
        Some(d("78.01"))
    );
    assert_eq!(
        cell(&r, "收入支出决算总表", Some("收入"), "本年收入合计", None),
        None,
        "printed blank"
    );
    assert_eq!(
        cell(&r, "支出决算表", None, "合计", Some("基本支出")),
        Some(d("39.60"))
    );
    // prose
    let share = in_prose(&t, "财政拨款收入75.01万元，占", "%").expect("二 share");
    assert_eq!(claim(&r, "收入", "财政拨款收入", "占比"), Some(d(&share)));
    let growth = in_prose(&t, "增加27.33万元，增长", "%").expect("growth");
    assert_eq!(claim(&r, "总体", "收、支总计", "增长"), Some(d(&growth)));
    let item3 = in_prose(&t, "支出决算为35.41万元，完成年初预算的", "%").expect("item 3");
    assert_eq!(item3, "99.65");
    let run = in_prose(&t, "本部门2023年度机关运行经费支出", "万元").expect("机关运行经费");
    assert_eq!(
        claim(&r, "机关运行经费", "机关运行经费", "金额"),
        Some(d(&run))
    );
}

#[test]
fn putuo_figures_match_the_published_text() {
    let r = fixture("putuo-finance-2024");
    let t = text("putuo-finance-2024");
    let income = t
        .lines()
        .find(|l| l.starts_with("一、一般公共预算财政拨款收入"))
        .expect("01 line 1");
    assert!(income.contains("2,940.05"));
    assert_eq!(
        cell(
            &r,
            "收入支出决算总表",
            Some("收入"),
            "一般公共预算财政拨款收入",
            None
        ),
        Some(d("2940.05"))
    );
    let total = in_prose(&t, "财政拨款收入支出总计", "万元").expect("四 total");
    assert_eq!(
        claim(&r, "财政拨款总体", "财政拨款收入支出总计", "金额"),
        Some(d(&total))
    );
    assert_eq!(total, "0.3", "the published 四 states 0.3");
    let share = in_prose(&t, "2106.66万元，占", "%").expect("一般公共服务 share");
    assert_eq!(share, "71.73");
    assert_eq!(
        cell(
            &r,
            "一般公共预算财政拨款基本支出决算表",
            Some("2"),
            "30201",
            None
        ),
        Some(d("21.21"))
    );
}
