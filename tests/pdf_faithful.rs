//! The PDF path against the text path: each sample PDF in fixtures/pdf/ is read by crossfoot's
//! own PDF reader and compared with the pdfplumber extraction of the same PDF
//! (fixtures/text/), line by line, and the two imports are compared report against report.
//! For putuo the import is also compared with the hand transcription, and `check` must give
//! the same findings on the PDF as on fixtures/putuo-finance-2024.yaml. Every difference is
//! listed below with its reason and asserted exactly.

mod common;

use crossfoot::import::{Imported, import_pdf, import_text};
use crossfoot::pdf::{Limits, pdf_to_text};
use crossfoot::report::{Report, StatedValue, load_report, normalize_name};
use crossfoot::rules;
use std::collections::BTreeMap;

/// A difference: lines only in the pdfplumber text, lines only in crossfoot's.
type Hunk<S> = (Vec<S>, Vec<S>);
/// Claims by (section, subject): their attributes.
type Claims = BTreeMap<(String, String), BTreeMap<String, String>>;

const SAMPLES: &[&str] = &["putuo-finance-2024", "template-shanghai-2024", "swu-2023"];

fn pdf_bytes(name: &str) -> Vec<u8> {
    std::fs::read(format!("fixtures/pdf/{name}.pdf")).expect("sample PDF")
}

fn reference_text(name: &str) -> String {
    std::fs::read_to_string(format!("fixtures/text/{name}.txt")).expect("sample text")
}

/// A line diff (longest common subsequence): the hunks as (lines only in `a`, lines only in
/// `b`), in order.
fn diff(a: &[&str], b: &[&str]) -> Vec<(Vec<String>, Vec<String>)> {
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut hunks: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut cur: (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            if !cur.0.is_empty() || !cur.1.is_empty() {
                hunks.push(std::mem::take(&mut cur));
            }
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            cur.1.push(b[j].to_string());
            j += 1;
        } else {
            cur.0.push(a[i].to_string());
            i += 1;
        }
    }
    if !cur.0.is_empty() || !cur.1.is_empty() {
        hunks.push(cur);
    }
    hunks
}

#[test]
fn pdf_text_is_the_pdfplumber_text_up_to_the_listed_differences() {
    // Lines pdfplumber and crossfoot place differently (both print every character):
    // - putuo's cover: `2024` is on the baseline of `年度部门决算`; pdfplumber puts it on a line
    //   of its own (its character boxes come from each font's descent, which differs between
    //   the Latin and CJK fonts), crossfoot keeps the line as printed.
    // - swu's table headers: `单位名称：` and `单位：万元` are 6.5 points apart vertically;
    //   on pages 10 and 12 pdfplumber joins them into one line, crossfoot keeps two lines (on
    //   page 8 both make one line). The importer reads both as meta lines.
    let allowed: BTreeMap<&str, Vec<Hunk<&str>>> = BTreeMap::from([
        (
            "putuo-finance-2024",
            vec![(vec!["年度部门决算", "2024"], vec!["2024年度部门决算"])],
        ),
        ("template-shanghai-2024", vec![]),
        (
            "swu-2023",
            vec![
                (
                    vec!["单位名称： 单位：万元"],
                    vec!["单位：万元", "单位名称："],
                ),
                (
                    vec!["单位名称： 单位：万元"],
                    vec!["单位：万元", "单位名称："],
                ),
            ],
        ),
    ]);
    for name in SAMPLES {
        let ours = pdf_to_text(&pdf_bytes(name), &Limits::default()).expect("reads");
        let reference = reference_text(name);
        // the extraction's provenance line and the blank after it are not page text
        let theirs: Vec<&str> = reference.lines().skip(2).collect();
        let mine: Vec<&str> = ours.text.lines().collect();
        // the reference has no blank line after its last page
        let mine = mine.strip_suffix(&[""]).unwrap_or(&mine);
        assert!(ours.notes.is_empty(), "{name}: {:?}", ours.notes);
        let hunks = diff(&theirs, mine);
        let want: Vec<(Vec<String>, Vec<String>)> = allowed[name]
            .iter()
            .map(|(a, b)| {
                (
                    a.iter().map(|s| s.to_string()).collect(),
                    b.iter().map(|s| s.to_string()).collect(),
                )
            })
            .collect();
        assert_eq!(hunks, want, "{name}: differences from the pdfplumber text");
    }
}

fn load(path: &str, yaml: &str) -> Report {
    load_report(path, yaml.to_string()).unwrap_or_else(|e| panic!("{path} does not load: {e:?}"))
}

fn import_both(name: &str) -> (Imported, Imported) {
    let pdf_path = format!("fixtures/pdf/{name}.pdf");
    let txt_path = format!("fixtures/text/{name}.txt");
    let p = import_pdf(&pdf_path, &pdf_bytes(name), &Limits::default()).expect("PDF imports");
    let t = import_text(&txt_path, &reference_text(name));
    (p, t)
}

/// The YAML without the lines naming where it came from (the comment and `source`).
fn body(yaml: &str) -> Vec<&str> {
    yaml.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("source:"))
        .collect()
}

#[test]
fn pdf_and_text_import_to_the_same_report() {
    // No difference is allowed: tables, rows, cells (blank stays blank), sections and claims
    // are the same, line for line.
    for name in SAMPLES {
        let (p, t) = import_both(name);
        assert_eq!(
            (p.tables, p.rows, p.claims),
            (t.tables, t.rows, t.claims),
            "{name}"
        );
        // putuo's cover: pdfplumber splits `2024年度部门决算` into `年度部门决算` and `2024`
        // (docs/import.md), so the text import reads the cover year as `2024`, the PDF import
        // as `2024年度`; nothing else differs
        let cover_year = |l: &&str| !(*name == "putuo-finance-2024" && l.starts_with("  year:"));
        let (tb, pb): (Vec<&str>, Vec<&str>) = (
            body(&t.yaml).into_iter().filter(cover_year).collect(),
            body(&p.yaml).into_iter().filter(cover_year).collect(),
        );
        let hunks = diff(&tb, &pb);
        assert!(hunks.is_empty(), "{name}: {hunks:#?}");
        load(name, &p.yaml);
    }
}

fn stated(v: &StatedValue) -> String {
    match v {
        StatedValue::Amount(d) | StatedValue::Count(d) => d.to_string(),
        StatedValue::Percent(p) => format!("{p}%"),
        StatedValue::Word(w) => w.clone(),
    }
}

/// Every table row as (table, panel, line, code, name, cells) and every claim as
/// (section, subject, attributes), names normalised.
fn content(r: &Report) -> (Vec<String>, Claims) {
    let mut rows = Vec::new();
    for t in &r.tables {
        for p in &t.panels {
            let cols: Vec<String> = p.columns.iter().map(|c| normalize_name(&c.name)).collect();
            rows.push(format!("{} › {:?} columns {cols:?}", t.title, p.name));
            for row in &p.rows {
                let cells: Vec<Option<String>> = row
                    .cells
                    .iter()
                    .map(|c| c.value.map(|v| v.to_string()))
                    .collect();
                rows.push(format!(
                    "{} › {:?}: {:?} {:?} {:?} {cells:?}",
                    t.title,
                    p.name,
                    row.line.as_ref().map(|l| l.value),
                    row.code.as_ref().map(|c| c.text.clone()),
                    row.name.as_ref().map(|n| normalize_name(&n.text)),
                ));
            }
        }
    }
    let mut claims = BTreeMap::new();
    for s in &r.narrative {
        for c in &s.claims {
            let mut attrs: BTreeMap<String, String> = c
                .attrs
                .iter()
                .map(|(k, v)| (k.clone(), stated(&v.value)))
                .collect();
            if let Some(code) = &c.code {
                attrs.insert("code".into(), code.text.clone());
            }
            claims.insert((s.key.clone(), normalize_name(&c.subject.text)), attrs);
        }
    }
    (rows, claims)
}

#[test]
fn putuo_pdf_matches_the_hand_transcription() {
    let (p, _) = import_both("putuo-finance-2024");
    let got = load("putuo.pdf", &p.yaml);
    let yaml = std::fs::read_to_string("fixtures/putuo-finance-2024.yaml").expect("fixture");
    let hand = load("fixtures/putuo-finance-2024.yaml", &yaml);
    let (hr, hc) = content(&hand);
    let (gr, gc) = content(&got);
    // every table, row and cell the same
    let hunks = diff(
        &hr.iter().map(String::as_str).collect::<Vec<_>>(),
        &gr.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(hunks.is_empty(), "{hunks:#?}");
    // claims: the same residue the text import has against this fixture (tests/import.rs,
    // docs/import.md "Residue"): subjects the transcriber composed from context in 三公具体,
    // 绩效 and 附件, and codes the tables do not print. Nothing else differs.
    let mut differ: Vec<String> = hc
        .keys()
        .chain(gc.keys())
        .filter(|k| hc.get(*k) != gc.get(*k))
        .map(|k| k.0.clone())
        .collect();
    differ.dedup();
    assert!(
        differ
            .iter()
            .all(|s| ["附件", "绩效", "三公具体", "一般公共预算具体项"].contains(&s.as_str())),
        "{differ:?}"
    );
    let same = hc.iter().filter(|(k, v)| gc.get(*k) == Some(v)).count();
    assert!(
        same >= hc.len() - 8,
        "{same} of {} claims the same",
        hc.len()
    );
}

fn findings(report: &Report) -> Vec<String> {
    let pack = rules::standard_pack().expect("standard pack");
    let outcome = rules::evaluate(&pack, report).expect("binds");
    outcome.findings.iter().map(common::finding_line).collect()
}

#[test]
fn check_on_the_putuo_pdf_finds_what_it_finds_on_the_yaml() {
    let (p, _) = import_both("putuo-finance-2024");
    let got = load("putuo.pdf", &p.yaml);
    let yaml = std::fs::read_to_string("fixtures/putuo-finance-2024.yaml").expect("fixture");
    let hand = load("fixtures/putuo-finance-2024.yaml", &yaml);
    let f = findings(&hand);
    assert!(!f.is_empty(), "the fixture has findings to compare");
    assert_eq!(findings(&got), f);
}

#[test]
fn swu_imports_its_four_tables_and_narrative_as_the_fixture_holds_them() {
    let (p, _) = import_both("swu-2023");
    let got = load("swu.pdf", &p.yaml);
    let titles: Vec<&str> = got.tables.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "高等学校收支决算总表",
            "高等学校收入决算表",
            "高等学校支出决算表",
            "高等学校财政拨款支出决算表"
        ]
    );
    // the 财政拨款支出决算表 runs over two pages, the second without a header and ruled with
    // one code column where the first has 类 | 款 | 项: one table
    let t4 = &got.tables[3];
    assert_eq!(t4.panels[0].rows.len(), 24);
    let keys: Vec<&str> = got.narrative.iter().map(|s| s.key.as_str()).collect();
    assert!(keys.contains(&"收入") && keys.contains(&"支出"), "{keys:?}");
    assert_eq!(p.claims, 38);
    // fixtures/swu-2023.yaml is this import, kept as published (its 0.01 rounding
    // differences included)
    let fixture = std::fs::read_to_string("fixtures/swu-2023.yaml").expect("fixture");
    let hand = load("fixtures/swu-2023.yaml", &fixture);
    assert_eq!(content(&hand), content(&got));
}
