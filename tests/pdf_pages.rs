//! The optional `page` of tables, rows (`row_pages`) and claims: written by the importer from
//! the page markers, loaded, checked for length, and named in findings.

use crossfoot::report::{LoadErrorKind, load_report};

const WITH_PAGES: &str = "unit: 单位
year: 2024
currency: 万元
precision: 2
tables:
  - title: 收入决算表
    page: 8
    keys: [name]
    columns: [决算数]
    rows:
      - [合计, 3]
      - [甲, 1]
      - [乙, 1]
    row_pages: [8, 8, 9]
narrative:
  - key: 收入
    title: 二、收入决算情况说明
    claims:
      - {subject: 本年收入合计, 金额: 3, page: 20}
";

#[test]
fn pages_load_and_name_where_a_cell_is_printed() {
    let r = load_report("p.yaml", WITH_PAGES.to_string()).expect("loads");
    let t = r.table("收入决算表").expect("table");
    assert_eq!(t.page, Some(8));
    let pages: Vec<Option<u32>> = t.panels[0].rows.iter().map(|r| r.page).collect();
    assert_eq!(pages, [Some(8), Some(8), Some(9)]);
    let c = &r.narrative[0].claims[0];
    assert_eq!(c.page, Some(20));
    // page_at: by the offset of a cell in the source
    let at = |needle: &str| {
        let k = WITH_PAGES.find(needle).expect("in source") as u32;
        r.page_at(k)
    };
    assert_eq!(at("[乙, 1]"), Some(9));
    assert_eq!(at("[甲, 1]"), Some(8));
    assert_eq!(at("金额: 3"), Some(20));
    assert_eq!(at("unit"), None);
}

#[test]
fn row_pages_must_give_one_page_per_row() {
    let bad = WITH_PAGES.replace("row_pages: [8, 8, 9]", "row_pages: [8, 9]");
    let errors = load_report("p.yaml", bad).expect_err("length checked");
    assert!(
        errors.iter().any(|e| matches!(
            e.kind,
            LoadErrorKind::RowPagesLength {
                rows: 3,
                pages: 2,
                ..
            }
        )),
        "{errors:?}"
    );
    let zero = WITH_PAGES.replace("page: 20", "page: 0");
    assert!(load_report("p.yaml", zero).is_err(), "pages start at 1");
}

#[test]
fn a_report_without_pages_has_none() {
    let plain = WITH_PAGES
        .replace("    page: 8\n", "")
        .replace("    row_pages: [8, 8, 9]\n", "")
        .replace(", page: 20", "");
    let r = load_report("p.yaml", plain).expect("loads");
    assert!(r.tables[0].page.is_none());
    assert!(r.tables[0].panels[0].rows.iter().all(|r| r.page.is_none()));
    assert!(r.narrative[0].claims[0].page.is_none());
}

#[test]
fn imported_pdf_rows_and_claims_carry_their_pages() {
    let bytes = std::fs::read("fixtures/pdf/putuo-finance-2024.pdf").expect("fixture");
    let imported =
        crossfoot::import::import_pdf("putuo.pdf", &bytes, &crossfoot::pdf::Limits::default())
            .expect("imports");
    let r = load_report("putuo.pdf", imported.yaml).expect("loads");
    // 收入支出决算总表 starts on page 6 and runs onto page 7 (the pdfplumber text's markers)
    let t = r.table("收入支出决算总表").expect("table");
    assert_eq!(t.page, Some(6));
    let last = t.panels[0].rows.last().expect("rows");
    assert_eq!(last.page, Some(7));
    assert!(
        r.narrative
            .iter()
            .flat_map(|s| s.claims.iter())
            .all(|c| c.page.is_some_and(|p| p > 7)),
        "every claim is placed, after the tables"
    );
}
