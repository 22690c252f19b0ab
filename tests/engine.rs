//! The rule engine end to end: each language capability is exercised by a rule that passes and
//! one that fails, against small inline reports and the real fixtures.

use crossfoot::report::{Report, load_report, load_report_file};
use crossfoot::rules::{FindingKind, Outcome, PackErrors, evaluate, load_pack_str};

const REPORT: &str = r#"
unit: 测试局
year: 2023
precision: 2
tables:
  - title: 收入支出决算总表
    panels:
      - name: 收入
        keys: [name, line]
        columns: [决算数]
        rows:
          - [一、一般公共预算财政拨款收入, 1, 75.01]
          - [二、其他收入, 2, 3]
          - [本年收入合计, 3, ~]
          - [总计, 4, 78.01]
      - name: 支出
        keys: [name, line]
        columns: [决算数]
        rows:
          - [一、一般公共服务支出, 5, 66.01]
          - [二、科学技术支出, 6, 2]
          - [本年支出合计, 7, 68.01]
          - [总计, 8, 68.01]
  - title: 一般公共预算财政拨款基本支出决算明细表
    keys: [code, name]
    columns: [决算数]
    rows:
      - [301, 工资福利支出, 3.00]
      - [30101, 基本工资, 1.00]
      - [30102, 津贴补贴, 1.00]
      - [30103, 奖金, 1.01]
      - [302, 商品和服务支出, 4.43]
      - [30201, 办公费, 9.18]
  - title: 支出决算表
    keys: [code, name]
    columns: [本年支出合计, 基本支出, 项目支出]
    rows:
      - [~, 合计, 75.01, 39.60, 35.41]
  - title: 三公经费表
    keys: [name]
    columns: [预算数/合计, 决算数/合计]
    rows:
      - [~, 0, 0]
narrative:
  - key: 支出
    title: 三、支出决算情况说明
    text: 支出合计75.01万元，其中：基本支出39.60万元，占52.79%；项目支出35.41万元，占47.21%。
    claims:
      - {subject: 支出合计, 金额: 75.01}
      - {subject: 基本支出, 金额: 39.60, 占比: 52.79%}
      - {subject: 项目支出, 金额: 35.41, 占比: 47.21%}
  - key: 总体
    title: 一、总体情况
    text: 收支总计78.01万元，增加27.33万元，增长53%。
    claims:
      - {subject: 收支总计, 金额: 78.01, 增加: 27.33, 增长: 53%}
  - key: 结构
    title: 五（二）
    text: 一般公共服务66.01万元，占84.62%；科学技术2万元，占2.67%；卫生健康7万元，占9.32%。
    claims:
      - {subject: 一般公共服务支出, 金额: 66.01, 占比: 84.62%}
      - {subject: 科学技术支出, 金额: 2, 占比: 2.67%}
      - {subject: 卫生健康支出, 金额: 7, 占比: 9.32%}
"#;

const TABLES: &str = r#"
table t01 = "收入支出决算总表"
table t03 = "支出决算表"
table t06 = "一般公共预算财政拨款基本支出决算明细表"
table t09 = "三公经费表"
"#;

fn report() -> Report {
    load_report("test.yaml", REPORT.to_string()).expect("the test report loads")
}

fn pack_errors(pack: &str) -> PackErrors {
    load_pack_str("test.rules", pack).expect_err("the pack must not load")
}

fn run_on(pack: &str, report: &Report) -> Outcome {
    let pack = match load_pack_str("test.rules", pack) {
        Ok(p) => p,
        Err(e) => panic!("pack errors: {:?}", e.errors),
    };
    match evaluate(&pack, report) {
        Ok(o) => o,
        Err(e) => panic!("binding errors: {e:?}"),
    }
}

fn run(rules: &str) -> Outcome {
    run_on(&format!("{TABLES}\n{rules}"), &report())
}

/// (rule, severity, kind) of every finding.
fn found(o: &Outcome) -> Vec<(String, &'static str, &'static str)> {
    o.findings
        .iter()
        .map(|f| (f.rule.clone(), f.severity.as_str(), f.kind.as_str()))
        .collect()
}

fn ids(o: &Outcome) -> Vec<String> {
    o.findings.iter().map(|f| f.rule.clone()).collect()
}

#[test]
fn the_two_brief_expressions_work_as_written() {
    let hetang = load_report_file("fixtures/hetang-cac-2023.yaml", &Default::default()).unwrap();
    let pack = r#"
        table t01 = "收入支出决算总表"
        table t03 = "支出决算表"
        table t04 = "财政拨款收入支出决算总表" default 收入
        rule B1 error "brief 1" { t01.收入合计 == t04.总计 }
        rule B2 error "brief 2" { in t03.合计 base 本年支出合计 { pct(基本支出) == 52.79% } }
    "#;
    let o = run_on(pack, &hetang);
    // hetang prints 本年收入合计 blank while table 04's 总计 is 78.01: a genuine error
    assert_eq!(ids(&o), ["B1"]);
    let f = &o.findings[0];
    let v = f.values.as_ref().unwrap();
    // a blank cell prints as 空白 (Chinese is the default language)
    assert_eq!((v.left.as_str(), v.right.as_str()), ("空白", "78.01"));
    let o_en = crossfoot::lang::with(crossfoot::lang::Lang::En, || run_on(pack, &hetang));
    let v_en = o_en.findings[0].values.as_ref().unwrap();
    assert_eq!(
        (v_en.left.as_str(), v_en.right.as_str()),
        ("blank", "78.01")
    );
    assert_eq!(f.cells.len(), 2);
    assert_eq!(
        f.cells[1].span.line, 136,
        "the cell snippet points at table 04's 总计 line"
    );
    // 39.60 / 75.01 = 52.7929…%: the second holds
    assert_eq!(o.passed, 1);
}

#[test]
fn rounding_aware_equality_passes_residues_and_fails_real_misses() {
    // 1.00 + 1.00 + 1.01 = 3.01 against a printed 3.00: a residue of 0.01 within 4 × 0.005
    let o = run("rule R error \"x\" { t06.301 == sum(children(t06.301)) }");
    assert!(o.findings.is_empty(), "{:?}", found(&o));
    // 9.18 against 4.43 cannot be rounding
    let o = run("rule R error \"x\" { t06.302 == sum(children(t06.302)) }");
    assert_eq!(found(&o), [("R".into(), "error", "mismatch")]);
    let v = o.findings[0].values.clone().unwrap();
    assert_eq!((v.difference.as_str(), v.slack.as_str()), ("-4.75", "0.01"));
}

#[test]
fn tolerance_mode_replaces_intervals() {
    let o = run("tolerance 0\nrule R error \"x\" { t06.301 == sum(children(t06.301)) }");
    assert_eq!(ids(&o), ["R"]);
    let o = run("tolerance 0.02\nrule R error \"x\" { t06.301 == sum(children(t06.301)) }");
    assert!(o.findings.is_empty());
}

#[test]
fn references_by_name_code_line_column_number_and_suffix() {
    let o = run(r#"
        rule A error "by normalised name" { t01.一般公共预算财政拨款收入 == 75.01 }
        rule B error "by 行次" { t01.第1行 == 75.01 }
        rule C error "by code" { t06.30201 == 9.18 }
        rule D error "by column name" { t03.合计.基本支出 == 39.60 }
        rule E error "a column of a one-row table" { t09."决算数/合计" == 0 }
        rule F error "by panel" { t01.支出.总计 == 68.01 }
        rule G error "by suffix of a label" { t01.收入.收入合计 == 0 }
    "#);
    assert!(o.findings.is_empty(), "{:?}", found(&o));
    assert_eq!(o.passed, 7);
}

#[test]
fn ambiguous_and_unknown_references_are_binding_errors_with_suggestions() {
    // a name no layout of the template prints is a pack error when the pack loads
    let errs = pack_errors(&format!(
        "{TABLES}\nrule B error \"y\" {{ t01.本年收入和计 == 1 }}"
    ));
    let codes: Vec<&str> = errs.errors.iter().map(|e| e.code()).collect();
    assert_eq!(codes, ["rules::not_in_layout"]);
    assert_eq!(
        errs.errors[0].help.as_deref(),
        Some("是否应为 `本年收入合计`？")
    );
    // a label this report prints twice, or a row without the column to read: not checked,
    // with the part and the candidates; never an abort
    let pack = crossfoot::rules::load_pack_str("p.rules", &format!("{TABLES}\nrule A error \"x\" {{ t01.总计 == 1 }}\nrule C error \"z\" {{ t03.合计 == 1 }}\nrule D error \"w\" {{ t09.没有的列 == 1 }}")).unwrap();
    let o = evaluate(&pack, &report()).expect("a report that lacks parts is still checked");
    let parts: Vec<(&str, &str)> = o
        .not_checked
        .iter()
        .flat_map(|n| {
            n.missing
                .iter()
                .map(move |m| (n.rule.as_str(), m.kind.as_str()))
        })
        .collect();
    assert_eq!(
        parts,
        [("A", "ambiguous"), ("C", "which_column"), ("D", "column")]
    );
    assert!(o.findings.is_empty());
    assert_eq!(
        o.verdicts
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>(),
        ["not_checked", "not_checked", "not_checked"]
    );
    // a default panel resolves the ambiguity
    let o = run_on(
        &format!(
            "{}\nrule A error \"x\" {{ t01.总计 == 78.01 }}",
            TABLES.replace("\"收入支出决算总表\"", "\"收入支出决算总表\" default 收入")
        ),
        &report(),
    );
    assert!(o.findings.is_empty());
}

#[test]
fn quantifiers_report_every_failing_row() {
    let o = run(
        r#"rule Q error "类 = Σ款" { for r in t06 where level(r) == 1 { r == sum(children(r)) } }"#,
    );
    assert_eq!(ids(&o), ["Q"]);
    assert_eq!(o.findings[0].subject.as_deref(), Some("302 商品和服务支出"));
    let o = run(r#"rule Q error "all rows positive" { for r in t06 { r > 5 } }"#);
    assert_eq!(o.findings.len(), 5, "each failing row is its own finding");
    assert_eq!(o.checks, 6);
}

#[test]
fn comparisons_chain_and_combine() {
    let o = run(r#"
        rule C1 error "chain holds" { 0 <= t06.30101 <= t06.301 }
        rule C2 error "chain fails at the second link" { 0 <= t06.301 <= t06.30101 }
        rule C3 error "and" { t06.301 == 3 and t06.302 == 1 }
        rule C4 error "or" { t06.302 == 1 or t06.302 == 4.43 }
        rule C5 error "not" { not (t06.302 == 4.43) }
        rule C6 error "if" { if t06.302 > 4 then t06.302 < 5 else false }
    "#);
    assert_eq!(ids(&o), ["C2", "C3", "C5"]);
}

#[test]
fn guards_make_rules_not_applicable() {
    let o = run(r#"
        rule G1 error "guard false" { when t06.302 > 100
            t06.302 == 0 }
        rule G2 error "guard true" { when exists(t03)
            t06.302 == 0 }
        rule G3 error "has" { when has(t09.没有的行)
            t09.没有的行 == 0 }
    "#);
    assert_eq!(ids(&o), ["G2"]);
    assert_eq!(o.not_applicable, 2);
}

#[test]
fn blank_is_zero_in_arithmetic_but_testable() {
    let o = run(r#"
        rule B1 error "blank counts as 0" { t01.本年收入合计 + 1 == 1 }
        rule B2 error "a total left blank" { not blank(t01.本年收入合计) }
        rule B3 error "a printed zero is not blank" { not blank(t09."预算数/合计") }
    "#);
    assert_eq!(ids(&o), ["B2"]);
}

#[test]
fn percentages_one_and_two_argument_growth_and_precision() {
    let o = run(r#"
        rule P1 error "two-argument pct" { pct(t03.合计.基本支出, t03.合计.本年支出合计) == 52.79% }
        rule P2 error "one-argument pct in a scope" { in t03.合计 base 本年支出合计 { pct(项目支出) == 47.21% } }
        rule P3 error "the written precision counts" { pct(t03.合计.基本支出, t03.合计.本年支出合计) == 52.8% }
        rule P4 error "a wrong share" { pct(t03.合计.基本支出, t03.合计.本年支出合计) == 52.70% }
    "#);
    assert_eq!(ids(&o), ["P4"]);
}

#[test]
fn truncated_and_nudged_percentages_are_warnings_that_say_so() {
    let o = run(r#"
        rule T error "growth" { growth(说明.总体.收支总计, 说明.总体.收支总计.变动) == 说明.总体.收支总计.变动率 }
        rule N error "share" { pct(说明.结构.科学技术支出, 75.01) == 说明.结构.科学技术支出.占比 }
        rule M error "share off" { pct(t06.302, 75.01) == 8.00% }
    "#);
    // 27.33 / 50.68 = 53.93%, stated 53%: truncated; 2 / 75.01 = 2.666%, stated 2.67%: holds
    assert_eq!(
        found(&o),
        [
            ("T".into(), "warning", "truncated"),
            ("M".into(), "error", "mismatch")
        ]
    );
    assert!(
        o.findings[0].notes[0].contains("截去"),
        "{}",
        o.findings[0].notes[0]
    );
    let o = run(r#"rule N error "nudged" { pct(625, 1000) == 62.49% }"#);
    assert_eq!(found(&o), [("N".into(), "warning", "nudged")]);
}

#[test]
fn a_failing_share_names_the_base_it_was_taken_over() {
    let o = run(r#"
        bases t01.收入.总计, t01.本年支出合计
        rule S error "share over 75.01" { for c in 说明.结构 { pct(c.金额, t03.合计.本年支出合计) == c.占比 } }
    "#);
    // 66.01 / 75.01 = 88.00% but 84.62% stated: over 78.01; 7 / 75.01 = 9.332% vs 9.32%: the
    // rounding of 7 and 75.01 could explain it, but not as a reader recomputes it: a nudge
    assert_eq!(
        found(&o),
        [
            ("S".into(), "error", "mismatch"),
            ("S".into(), "warning", "nudged")
        ]
    );
    assert!(
        o.findings[0]
            .notes
            .iter()
            .any(|n| n.contains("t01.收入.总计（78.01）为基数")),
        "{:?}",
        o.findings[0].notes
    );
}

#[test]
fn division_by_zero_and_overflow_are_findings() {
    let o = run(r#"
        rule Z error "completion against a zero budget" { pct(t06.302, t09."预算数/合计") == 0% }
        rule O error "overflow" { t06.302 * 79228162514264337593543950335 * 10 > 0 }
    "#);
    assert_eq!(
        found(&o),
        [
            ("Z".into(), "error", "division_by_zero"),
            ("O".into(), "error", "overflow")
        ]
    );
}

#[test]
fn claims_are_addressable_and_absent_claims_do_not_apply() {
    let o = run(r#"
        rule N1 error "amount" { 说明.支出.基本支出 == t03.合计.基本支出 }
        rule N2 error "share" { in t03.合计 base 本年支出合计 { pct(基本支出) == 说明.支出.基本支出.占比 } }
        rule N3 error "absent" { 说明.支出.经营支出.占比 == 0% }
        rule N4 error "absent section" { 说明.三公.三公经费 == 0 }
        rule N5 error "signed change" { 说明.总体.收支总计.变动 == 27.33 }
    "#);
    assert!(o.findings.is_empty(), "{:?}", found(&o));
    assert_eq!(o.not_applicable, 2);
}

#[test]
fn messages_interpolate_values_and_lets() {
    let o = run(r#"
        rule M error "m" {
            let 差 = t06.302 - sum(children(t06.302))
            t06.302 == sum(children(t06.302))
            message "302 {left} 与明细 {right} 相差 {差}"
        }
    "#);
    assert_eq!(o.findings[0].message, "302 4.43 与明细 9.18 相差 -4.75");
}

#[test]
fn severities_come_from_the_rule() {
    let o = run(r#"
        rule E error "e" { t06.302 == 0 }
        rule W warning "w" { t06.302 == 0 }
        rule I info "i" { t06.302 == 0 }
    "#);
    assert_eq!(
        found(&o).iter().map(|f| f.1).collect::<Vec<_>>(),
        ["error", "warning", "info"]
    );
}

#[test]
fn a_local_pack_extends_overrides_severities_and_disables() {
    let dir = tempdir();
    std::fs::write(dir.join("base.rules"), format!("{TABLES}\nrule A error \"a\" {{ t06.302 == 0 }}\nrule B error \"b\" {{ t06.301 == 0 }}\nrule C error \"c\" {{ t06.301 == 1 }}")).unwrap();
    std::fs::write(dir.join("pack.rules"), "extends \"base.rules\"\nseverity A warning\ndisable B\nrule L info \"local\" { t06.30101 == 2 }\n").unwrap();
    let pack = crossfoot::rules::load_packs(std::slice::from_ref(&dir)).unwrap();
    let o = evaluate(&pack, &report()).unwrap();
    assert_eq!(
        found(&o),
        [
            ("A".into(), "warning", "mismatch"),
            ("C".into(), "error", "mismatch"),
            ("L".into(), "info", "mismatch")
        ]
    );
    assert_eq!(pack.disabled, ["B"]);
}

#[test]
fn includes_are_confined_to_the_pack_folder() {
    let dir = tempdir();
    std::fs::create_dir_all(dir.join("pack")).unwrap();
    std::fs::write(dir.join("outside.rules"), "rule X error \"x\" { 1 == 1 }").unwrap();
    std::fs::write(dir.join("pack/more.rules"), "rule Y error \"y\" { 1 == 1 }").unwrap();
    std::fs::write(
        dir.join("pack/pack.rules"),
        "include \"more.rules\"\ninclude \"../outside.rules\"\n",
    )
    .unwrap();
    let errs = crossfoot::rules::load_packs(&[dir.join("pack")]).unwrap_err();
    let codes: Vec<&str> = errs.errors.iter().map(|e| e.code()).collect();
    assert_eq!(codes, ["rules::include_escapes"]);
    assert_eq!((errs.errors[0].loc.line, errs.errors[0].loc.column), (2, 9));
}

#[test]
fn a_broken_pack_reports_all_its_errors_at_once() {
    let e = pack_errors(&format!(
        "{TABLES}\nrule A error \"a\" {{ t99.x == 1 }}\nrule B error \"b\" {{ summ(t06) == 1 }}\nrule C error \"c\" {{ t06.302 == 5% }}\nrule D error \"d\" {{ t06.302 }}\nrule E error \"e\" {{ t06.302 == }}\nrule F error \"f\" {{ pct(1, 2, 3) == 1% }}\n"
    ));
    let codes: Vec<&str> = e.errors.iter().map(|e| e.code()).collect();
    assert_eq!(
        codes,
        [
            "rules::unknown_table",
            "rules::unknown_function",
            "rules::type_mismatch",
            "rules::not_a_condition",
            "rules::syntax",
            "rules::arity"
        ]
    );
    assert_eq!(e.errors[1].help.as_deref(), Some("did you mean `sum`?"));
    assert!(e.errors.iter().all(|e| e.loc.line > 0));
}

#[test]
fn findings_are_deterministic() {
    let rules = r#"rule Q error "q" { for r in t06 { r > 5 } }"#;
    let a: Vec<_> = run(rules).findings;
    let b: Vec<_> = run(rules).findings;
    assert_eq!(a, b);
}

fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "crossfoot-engine-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn finding_kinds_are_stable_strings() {
    assert_eq!(FindingKind::DivisionByZero.as_str(), "division_by_zero");
}

/// Two `names` groups are different labels: a column named in one group is never found
/// through a column of another (the `names` keyword once counted as every group's first
/// variant, so all groups shared one canonical form and `人员经费` found `基本支出`).
#[test]
fn names_groups_do_not_stand_for_each_other() {
    let pack = |rules: &str| {
        format!("{TABLES}\nnames 基本支出 | 基本经费\nnames 人员经费 | 工资福利\n{rules}")
    };
    let p = load_pack_str(
        "test.rules",
        &pack("rule B error \"b\" { t03.合计.基本经费 == 39.60 }"),
    )
    .expect("a declared variant of a column is a column");
    assert_eq!(
        p.names[0]
            .names
            .iter()
            .map(|n| n.text.as_str())
            .collect::<Vec<_>>(),
        ["基本支出", "基本经费"]
    );
    let o = evaluate(&p, &report()).expect("binds");
    assert!(o.findings.is_empty(), "{:?}", found(&o));
    // 人员经费 is no column of t03: not 基本支出 through a shared canonical form
    let e = pack_errors(&pack("rule A error \"a\" { t03.合计.人员经费 == 39.60 }"));
    assert!(
        e.errors
            .iter()
            .any(|e| format!("{:?}", e.kind).contains("人员经费")),
        "{:?}",
        e.errors
    );
}
