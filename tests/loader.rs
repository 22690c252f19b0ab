//! Loading valid reports: the model, exact numbers, lookups and spans.

use crossfoot::report::{KeyKind, Limits, Report, StatedValue, load_report, load_report_file};
use rust_decimal::Decimal;

fn load(path: &str) -> Report {
    match load_report_file(path, &Limits::default()) {
        Ok(r) => r,
        Err(errors) => panic!(
            "{}",
            errors
                .iter()
                .map(|e| crossfoot::diagnostic::render_plain(e, 100))
                .collect::<String>()
        ),
    }
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

#[test]
fn small_report_model() {
    let r = load("tests/data/small.yaml");
    assert_eq!(r.unit, "示例市示例局");
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.currency, "万元");
    assert_eq!(r.precision, 2);
    assert_eq!(r.tables.len(), 2);
    assert_eq!(r.narrative.len(), 1);

    let t = r.table("收入支出决算总表").expect("table by title");
    assert_eq!(t.number.as_deref(), Some("公开01表"));
    assert_eq!(t.panels.len(), 2);
    assert_eq!(t.notes.len(), 1);
    let income = &t.panels[0];
    assert_eq!(income.name.as_deref(), Some("收入"));
    assert_eq!(income.keys, vec![KeyKind::Name, KeyKind::Line]);

    // by name, with normalisation (ordinal prefix)
    let rows = income.rows_named("一般公共预算财政拨款收入");
    assert_eq!(rows, &[0]);
    assert_eq!(income.rows_named("一、一般公共预算财政拨款收入"), &[0]);
    assert!(income.rows_named("不存在").is_empty());
    // by line
    assert_eq!(income.row_by_line(2), Some(1));
    assert_eq!(income.row_by_line(99), None);
    // blank is None, not zero
    assert_eq!(income.rows[1].cells[0].value, None);
    let v = income.rows[0].cells[0].value.expect("amount");
    assert_eq!((v, v.scale()), (dec("100.00"), 2));
    // column by name and 栏次
    assert_eq!(income.column_named("决算数"), Some(0));
    assert_eq!(income.column_by_number(1), Some(0));
    assert_eq!(t.panels[1].column_by_number(2), Some(0));
    assert_eq!(t.panels[1].column_by_number(1), None);
    // scale 0 kept
    let spent = t.panels[1].rows[0].cells[0].value.expect("amount");
    assert_eq!(spent.scale(), 0);

    let t3 = r.table("支出决算表").expect("one-panel table");
    assert_eq!(t3.panels.len(), 1);
    let p = &t3.panels[0];
    assert_eq!(p.name, None);
    assert_eq!(p.row_by_code("201"), Some(1));
    assert_eq!(p.row_by_code("2010601"), Some(2));
    assert_eq!(p.rows[0].code.as_ref().map(|c| c.text.as_str()), None);
    assert_eq!(p.column_named("项目支出"), Some(2));
    assert_eq!(p.column_by_number(3), Some(2));
    assert_eq!(p.rows[2].cells[2].value, None);
    assert_eq!(p.rows[1].level(), Some(1));
    assert_eq!(p.rows[2].label(), "2010601 行政运行");

    let s = r.section("支出").expect("section");
    assert_eq!(s.title, "三、支出决算情况说明");
    let c = s.claim("基本支出").expect("claim");
    assert!(matches!(c.attr("金额"), Some(st) if st.value == StatedValue::Amount(dec("60"))));
    match c.attr("占比").map(|s| &s.value) {
        Some(StatedValue::Percent(p)) => assert_eq!((*p, p.scale()), (dec("60"), 0)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn children_of_follows_code_levels() {
    let source = "unit: u\nyear: 2023\ntables:\n  - title: t\n    keys: [code, name]\n    columns: [a]\n    rows:\n      - [201, 类, 1]\n      - [20101, 款一, 1]\n      - [2010101, 项, 1]\n      - [20102, 款二, ~]\n      - [202, 另一类, 1]\n      - [20201, 另一款, 1]\n";
    let r = load_report("t.yaml", source.to_string()).expect("valid");
    let p = &r.tables[0].panels[0];
    assert_eq!(p.children_of("201"), vec![1, 3]);
    assert_eq!(p.children_of("20101"), vec![2]);
    assert_eq!(p.children_of("2010101"), Vec::<usize>::new());
    assert_eq!(p.children_of("202"), vec![5]);
}

#[test]
fn amounts_blanks_and_claims() {
    let r = load("tests/data/claims.yaml");
    assert_eq!(r.currency, "元");
    assert_eq!(r.origin.as_deref(), Some("https://example.org/2023.pdf"));
    let t = r
        .table("一般公共预算财政拨款基本支出决算表")
        .expect("found by alias");
    let p = &t.panels[0];
    let cells: Vec<Option<Decimal>> = p
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.value))
        .collect();
    assert_eq!(
        cells,
        vec![
            Some(dec("2940.05")),
            None,
            Some(dec("9.92")),
            None,
            Some(dec("0.10")),
            None,
            None,
            Some(dec("-3.5"))
        ]
    );
    assert_eq!(p.rows[2].cells[0].value.map(|d| d.scale()), Some(2));
    assert_eq!(p.column_named("决算数/公用经费"), Some(1));

    let income = r.section("收入").expect("section");
    assert!(income.text.contains("增长6.85%"));
    let total = income.claim("收入合计").expect("claim");
    let names: Vec<&str> = total.attrs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["金额", "增加", "变动", "增长", "变动率"]);
    assert_eq!(
        total.attr("变动").map(|s| &s.value),
        Some(&StatedValue::Amount(dec("5.00")))
    );
    assert_eq!(
        total.attr("变动率").map(|s| &s.value),
        Some(&StatedValue::Percent(dec("6.85")))
    );
    assert_eq!(
        total.sentence.as_deref(),
        Some("比上年增加5.00万元，增长6.85%。")
    );

    let s = r.section("三公").expect("section");
    let c = s.claim("公务接待费").expect("claim");
    assert_eq!(
        c.attr("变动").map(|s| &s.value),
        Some(&StatedValue::Amount(dec("0")))
    );
    assert_eq!(
        c.attr("减少").map(|s| &s.value),
        Some(&StatedValue::Amount(dec("0")))
    );
    assert_eq!(
        c.attr("变动率").map(|s| &s.value),
        Some(&StatedValue::Percent(dec("0")))
    );
    assert_eq!(
        c.attr("比较").map(|s| &s.value),
        Some(&StatedValue::Word("小于".into()))
    );
    assert_eq!(
        c.attr("完成率").map(|s| &s.value),
        Some(&StatedValue::Percent(dec("80")))
    );
    let flat = s.claim("公务用车运行维护费").expect("claim");
    assert_eq!(
        flat.attr("持平").map(|s| &s.value),
        Some(&StatedValue::Word("持平".into()))
    );
    assert_eq!(
        flat.attr("变动").map(|s| &s.value),
        Some(&StatedValue::Amount(Decimal::ZERO))
    );
    let item = s
        .claim("一般公共服务网信事务行政运行")
        .expect("normalised subject");
    assert_eq!(item.code.as_ref().map(|c| c.text.as_str()), Some("2013101"));

    let assets = r.section("国有资产").expect("section");
    let d = assets.claim("设备").expect("claim");
    let n = d.attr("数量").expect("count");
    assert_eq!(n.value, StatedValue::Count(dec("2")));
    assert_eq!(n.unit.as_deref(), Some("台（套）"));
}

#[test]
fn negated_decrease_is_signed() {
    let source = "unit: u\nyear: 2023\ntables: []\nnarrative:\n  - key: 支出\n    claims:\n      - {subject: 支出, 减少: 3.50, 下降: 12.5%}\n";
    let r = load_report("t.yaml", source.to_string()).expect("valid");
    let c = r
        .section("支出")
        .and_then(|s| s.claim("支出"))
        .expect("claim");
    assert_eq!(
        c.attr("变动").map(|s| &s.value),
        Some(&StatedValue::Amount(dec("-3.50")))
    );
    assert_eq!(
        c.attr("变动率").map(|s| &s.value),
        Some(&StatedValue::Percent(dec("-12.5")))
    );
}

#[test]
fn spans_point_at_the_cell_in_a_cjk_file() {
    let r = load("tests/data/small.yaml");
    let p = &r.table("支出决算表").expect("table").panels[0];
    let row = &p.rows[2]; // - [2010601, 行政运行, 60.00, 60.00, ~]
    let name = row.name.as_ref().expect("name");
    assert_eq!(&r.source[name.span.range()], "行政运行");
    let cell = &row.cells[1];
    assert_eq!(&r.source[cell.span.range()], "60.00");
    let line_no = r
        .source
        .lines()
        .position(|l| l.contains("[2010601, 行政运行"))
        .expect("line")
        + 1;
    assert_eq!(cell.span.line as usize, line_no);
    // `      - [2010601, 行政运行, 60.00, 60.00, ~]`: the second 60.00 starts at character 32
    let line = r.source.lines().nth(line_no - 1).expect("line");
    let chars_before = line
        .char_indices()
        .filter(|(i, _)| *i < line.rfind("60.00").expect("cell"))
        .count();
    assert_eq!(cell.span.column as usize, chars_before + 1);
    assert_eq!(cell.span.column, 32);
    assert_eq!(
        &r.source[row.span.range()],
        "[2010601, 行政运行, 60.00, 60.00, ~]"
    );

    let s = r.section("支出").expect("section");
    let c = s.claim("项目支出").expect("claim");
    let pct = c.attr("占比").expect("percent");
    assert_eq!(&r.source[pct.span.range()], "40%");
}

#[test]
fn error_spans_have_line_and_character_column() {
    let source = "unit: 示例局\nyear: 2023\ntables:\n  - title: 表\n    columns: [决算数]\n    rows:\n      - [一般公共服务支出, abc]\n";
    let errors = load_report("e.yaml", source.to_string()).expect_err("bad cell");
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.path, "e.yaml");
    assert_eq!((e.span.line, e.span.column), (7, 20));
    assert_eq!(&source[e.span.range()], "abc");
    let rendered = crossfoot::diagnostic::render_plain(e, 100);
    assert!(rendered.contains("[e.yaml:7:20]"), "{rendered}");
}

/// Each source fails with exactly these codes, in this order.
#[test]
fn error_codes() {
    let head = "unit: u\nyear: 2023\n";
    let cases: &[(&str, &[&str])] = &[
        (
            "unit: a\nunit: b\nyear: 2023\ntables: []",
            &["report::duplicate_key"],
        ),
        (
            "unit: u\nyear: 2023\ntables: []\ntables: []",
            &["report::duplicate_key"],
        ),
        (
            "tables: []",
            &["report::missing_key", "report::missing_key"],
        ),
        (
            "unit: u\nyear: 2023\ntables: []\nnarrative: [{key: a}, {key: a}]",
            &["report::duplicate_section"],
        ),
        (
            "unit: u\nyear: 2023\ntables: [{title: t, panels: [{columns: [a], rows: []}, {columns: [a], rows: []}]}]",
            &["report::missing_key", "report::missing_key"],
        ),
        (
            "unit: u\nyear: 2023\ntables: [{title: t, panels: [{name: a, columns: [a], rows: []}, {name: a, columns: [a], rows: []}]}]",
            &["report::duplicate_panel"],
        ),
        (
            "unit: u\nyear: 2023\ntables: [{title: t, keys: [line], columns: [a], rows: [[0, 1], [\"~\", 1], [~, 1]]}]",
            &["report::bad_line", "report::bad_line"],
        ),
        (
            "unit: u\nyear: 2023\ntables: [{title: t, columns: [a], rows: [[x, 1%], [y, +1], [z, 0x10]]}]",
            &["report::not_an_amount"; 3],
        ),
        (
            "unit: u\nyear: 2023\ntables: [{title: t, columns: [a], rows: [[x, [1]]]}]",
            &["report::wrong_type"],
        ),
        (
            "unit: u\nyear: 2023\ntables: []\nnarrative: [{key: k, claims: [{subject: s, 持平: false}, {subject: t, 比较: 多于}]}]",
            &["report::bad_word"; 2],
        ),
        (
            "unit: u\nyear: 2023\ntables: []\nnarrative: [{key: k, claims: [{subject: s, 金額: 1}]}]",
            &["report::unknown_key"],
        ),
        (
            "unit: u\nyear: 2023\ntables: []\nnarrative: [{key: k, claims: [{subject: s, code: 2010, 金额: 1}]}]",
            &["report::bad_code"],
        ),
        (
            "unit: u\nyear: 2023\nprecision: 30\ntables: []",
            &["report::bad_integer"],
        ),
        (
            "unit: u\nyear: 2023\ntables: []\n---\nunit: v",
            &["report::multiple_documents"],
        ),
        ("unit: !!str u\nyear: 2023\ntables: []", &["report::tag"]),
        ("", &["report::empty"]),
    ];
    for (source, codes) in cases {
        let errors = load_report("t.yaml", source.to_string()).expect_err(source);
        let got: Vec<String> = errors.iter().map(|e| e.code_str()).collect();
        assert_eq!(&got, codes, "{source}");
    }
    let ok = load_report("t.yaml", format!("{head}tables: []")).expect("minimal report");
    assert_eq!((ok.currency.as_str(), ok.precision), ("万元", 2));
}

/// The printed text the text checks read (cover, 目录, title lines, header units, narrative
/// headings and prose) loads with spans that point at the text as written.
#[test]
fn printed_text_loads_with_spans() {
    use crossfoot::report::TextKind;
    let source = "unit: 示例市示例局
year: 2023
cover:
  unit: 示例市示例局
  year: \"2023年度\"
contents:
  - 第一部分 示例市示例局概况
  - 一、收入决算表
tables:
  - title: 收入决算表
    number: 公开02表
    printed_title: 示例市示例局2023年度收入决算表
    issuer: 示例市示例局
    columns: [合计]
    rows:
      - [合计, 1.00]
narrative:
  - key: 收入
    title: 二、收入决算情况说明
    text: |
      本年收入合计1.00万元。
    claims:
      - {subject: 本年收入合计, 金额: 1.00, sentence: 本年收入合计1.00万元。}
";
    let r = load_report("printed.yaml", source.to_string()).expect("loads");
    let at = |span: crossfoot::report::Span| &source[span.range()];
    let unit = r.cover_unit().expect("cover unit");
    assert_eq!(unit.text, "示例市示例局");
    assert_eq!((unit.span.line, unit.span.column), (4, 9));
    let year = r.cover_year().expect("cover year");
    assert_eq!(year.text, "2023年度");
    assert_eq!(at(year.span), "\"2023年度\"");
    let contents: Vec<&str> = r.contents().iter().map(|t| t.text.as_str()).collect();
    assert_eq!(contents, ["第一部分 示例市示例局概况", "一、收入决算表"]);
    assert_eq!(at(r.contents()[1].span), "一、收入决算表");
    let t = r.table("收入决算表").expect("table");
    let printed = t.printed_title().expect("printed title");
    assert_eq!(printed.text, "示例市示例局2023年度收入决算表");
    assert_eq!(printed.span.line, 12);
    assert_eq!(t.issuer().map(|i| i.text.as_str()), Some("示例市示例局"));
    let texts = r.printed_texts();
    let kinds: Vec<TextKind> = texts.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [
            TextKind::CoverUnit,
            TextKind::CoverYear,
            TextKind::Contents,
            TextKind::Contents,
            TextKind::TableTitle,
            TextKind::TableIssuer,
            TextKind::SectionTitle,
            TextKind::SectionText,
            TextKind::ClaimSentence,
        ]
    );
    for t in &texts {
        assert!(at(t.span).contains(t.text.trim_end()) || t.kind == TextKind::SectionText);
    }
    let prose = texts
        .iter()
        .find(|t| t.kind == TextKind::SectionText)
        .expect("prose");
    assert_eq!(prose.owner, "收入");
    assert_eq!(prose.span.line, 21);
    assert_eq!(texts[6].span.line, 19);
}

/// Reports written before the printed-text fields keep loading, with nothing printed.
#[test]
fn printed_text_is_optional() {
    let r = load("tests/data/small.yaml");
    assert!(r.cover_unit().is_none() && r.cover_year().is_none());
    assert!(r.contents().is_empty());
    assert!(
        r.tables
            .iter()
            .all(|t| t.printed_title().is_none() && t.issuer().is_none())
    );
    let hetang = load("fixtures/hetang-cac-2023.yaml");
    assert_eq!(
        hetang.cover_unit().map(|t| t.text.as_str()),
        Some("中共株洲市荷塘区委网络安全和信息化委员会办公室")
    );
    assert_eq!(
        hetang.cover_year().map(|t| t.text.as_str()),
        Some("2023年度")
    );
    assert_eq!(hetang.contents().len(), 29);
    assert_eq!(
        hetang
            .tables
            .iter()
            .filter(|t| t.printed_title().is_some())
            .count(),
        9
    );
}
