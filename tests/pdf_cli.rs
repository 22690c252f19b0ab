//! The command line on PDFs: `import` of one PDF and of a batch, `check` on PDFs (findings
//! with pages, the same findings as on the hand transcription).

mod common;

use std::process::Output;

use common::crossfoot;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("crossfoot-pdf-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn import_of_one_pdf_writes_yaml_and_locates_warnings_by_page() {
    let o = crossfoot(&["import", "fixtures/pdf/swu-2023.pdf"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let yaml = text(&o.stdout);
    assert!(
        yaml.contains("  - title: 高等学校财政拨款支出决算表"),
        "{yaml}"
    );
    assert!(yaml.contains("row_pages: ["));
    // notes are located by page, not by a line of the intermediate text
    assert!(
        err.contains("fixtures/pdf/swu-2023.pdf:第3页: 提示:"),
        "{err}"
    );
    assert!(
        err.contains("导入了 4 张表、118 行、38 条表述；警告 0 个"),
        "{err}"
    );
}

#[test]
fn a_batch_imports_a_folder_into_a_folder() {
    let out = scratch("batch");
    let o = crossfoot(&[
        "import",
        "-j",
        "2",
        "-o",
        out.to_str().expect("utf-8"),
        "fixtures/pdf",
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("written")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "putuo-finance-2024.yaml",
            "swu-2023.yaml",
            "template-shanghai-2024.yaml"
        ]
    );
    assert!(err.contains("已导入 3 个文件"), "{err}");
    // not a terminal: no progress counter
    assert!(!err.contains('\r'));
    let _ = std::fs::remove_dir_all(&out);
    // several files need an output folder
    let o = crossfoot(&[
        "import",
        "fixtures/pdf/swu-2023.pdf",
        "fixtures/pdf/putuo-finance-2024.pdf",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("-o 输出文件夹"));
}

/// The findings' headlines (`  x RULE …`) of a human check.
fn headlines(o: &Output) -> Vec<String> {
    text(&o.stdout)
        .lines()
        .filter(|l| l.starts_with("× ") || l.starts_with("! ") || l.starts_with("i "))
        .map(str::to_string)
        .collect()
}

#[test]
fn check_on_the_putuo_pdf_gives_the_findings_of_its_yaml_with_pages() {
    let pdf = crossfoot(&["check", "fixtures/pdf/putuo-finance-2024.pdf"]);
    let yaml = crossfoot(&["check", "fixtures/putuo-finance-2024.yaml"]);
    assert_eq!(pdf.status.code(), Some(1), "{}", text(&pdf.stderr));
    assert_eq!(yaml.status.code(), Some(1));
    let h = headlines(&yaml);
    assert!(!h.is_empty());
    assert_eq!(headlines(&pdf), h);
    let out = text(&pdf.stdout);
    // cells of a PDF are placed by page (the YAML it was imported to is not a file)
    assert!(
        out.contains("    第13页  财政拨款收入支出决算总表 › 收入 › 总计 › 决算数 = 2961.68\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "    第21页  四、财政拨款收入支出决算总体情况说明 › 财政拨款收入支出总计 › 金额 = 0.3\n"
        ),
        "{out}"
    );
    let last = |o: &Output| {
        text(&o.stdout)
            .lines()
            .last()
            .and_then(|l| l.split_once(": ").map(|x| x.1.to_string()))
    };
    // the same summary (rules, passed, not applicable, counts)
    assert_eq!(last(&pdf), last(&yaml));
}

#[test]
fn check_takes_a_glob_of_pdfs() {
    let o = crossfoot(&[
        "check",
        "--format",
        "jsonl",
        "-j",
        "2",
        "fixtures/pdf/p*.pdf",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).lines().count(), 1);
}
