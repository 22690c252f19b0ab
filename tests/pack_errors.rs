//! Snapshots of the rendered diagnostics for broken rule packs: every file in
//! `tests/broken_packs/*.rules` (static problems: syntax, names, types, duplicates), the
//! include cases in its subfolders, a symbolic link created at run time, and the binding
//! errors of `tests/broken_packs/binding/*.rules` against `fixtures/hetang-cac-2023.yaml`.
//!
//! Every snapshot must show `file:line:column`, so a rule author can jump to the problem.

mod common;

use common::stem;
use std::path::{Path, PathBuf};

use crossfoot::render::{Style, render_pack_error};
use crossfoot::report::{Limits, load_report_file};
use crossfoot::rules::{PackErrors, PackFile, evaluate, load_pack_str, load_packs};

const HETANG: &str = "fixtures/hetang-cac-2023.yaml";

/// The canonical crate root, as it appears in paths of included files.
fn root() -> String {
    std::fs::canonicalize(env!("CARGO_MANIFEST_DIR"))
        .expect("crate root")
        .display()
        .to_string()
}

/// Renders every error plainly, one after the other, with a count on top. Absolute paths of
/// included files (the loader shows them canonicalised) are replaced by `<root>` so the
/// snapshot does not depend on where the repository is checked out.
fn render_all(errs: &PackErrors) -> String {
    render_errors(&errs.errors, &errs.files, Style::plain())
}

/// Included files are shown with their canonical (absolute) path, and miette wraps long
/// messages at the style's width, so where a message wraps would depend on the checkout's
/// path. The include tests render without wrapping to keep their snapshots portable.
fn unwrapped() -> Style {
    Style {
        color: false,
        width: 10_000,
    }
}

fn render_errors(
    errors: &[crossfoot::rules::PackError],
    files: &[PackFile],
    style: Style,
) -> String {
    let mut out = format!("{} error(s)\n\n", errors.len());
    for e in errors {
        out.push_str(&format!("[{}]\n", e.code()));
        out.push_str(&render_pack_error(e, files, style));
        out.push('\n');
    }
    out.replace(&root(), "<root>")
}

/// `file:line:col` of the first error, as the renderer prints it in the snippet header.
fn assert_located(rendered: &str, name: &str) {
    let has_location = rendered.lines().any(|l| {
        let Some(start) = l.find("-[") else {
            return false;
        };
        let inner = &l[start + "-[".len()..];
        let inner = inner.trim_end_matches(']');
        let mut parts = inner.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.parse::<u32>().ok());
        let line = parts.next().and_then(|c| c.parse::<u32>().ok());
        col.is_some_and(|c| c >= 1) && line.is_some_and(|l| l >= 1)
    });
    assert!(has_location, "{name}: no file:line:column in\n{rendered}");
}

fn rules_files(dir: &str) -> Vec<PathBuf> {
    common::files(dir, "rules")
}

fn load_err(path: &Path) -> PackErrors {
    match load_packs(&[path.to_path_buf()]) {
        Ok(_) => panic!("{} loaded without errors", path.display()),
        Err(e) => e,
    }
}

#[test]
fn broken_packs() {
    let paths = rules_files("tests/broken_packs");
    assert!(paths.len() >= 24, "broken packs found: {}", paths.len());
    for path in paths {
        let name = stem(&path);
        let errs = load_err(&path);
        assert!(!errs.errors.is_empty(), "{name}");
        let rendered = render_all(&errs);
        if name != "empty" {
            assert_located(&rendered, &name);
            assert!(
                rendered.contains(&format!("{}:", path.display())),
                "{name}:\n{rendered}"
            );
        }
        insta::assert_snapshot!(name, rendered);
    }
}

/// The expected error code of each broken pack: the first error's code, so a pack that
/// breaks for another reason than intended is caught even if its snapshot is re-accepted.
#[test]
fn broken_packs_fail_for_the_intended_reason() {
    let expect = [
        ("add_percent_amount", "rules::type_mismatch"),
        ("arity", "rules::arity"),
        ("bad_message", "rules::bad_message"),
        ("bad_operator", "rules::syntax"),
        ("bidi_comment", "rules::bidi_control"),
        ("claim_too_deep", "rules::bad_reference"),
        ("cyclic_let", "rules::cyclic_let"),
        ("duplicate_let", "rules::duplicate_let"),
        ("duplicate_rule", "rules::duplicate_rule"),
        ("duplicate_table", "rules::duplicate_table"),
        ("empty", "rules::empty_pack"),
        ("exists_row", "rules::bad_reference"),
        ("exponent", "rules::syntax"),
        ("full_width", "rules::full_width"),
        ("invisible_name", "rules::invisible_char"),
        ("iterate_number", "rules::type_mismatch"),
        ("many_problems", "rules::syntax"),
        ("missing_brace", "rules::syntax"),
        ("missing_brace_before_table", "rules::syntax"),
        ("missing_severity", "rules::syntax"),
        ("not_a_condition", "rules::not_a_condition"),
        ("pct_of_percent", "rules::type_mismatch"),
        ("percent_vs_amount", "rules::type_mismatch"),
        ("several_syntax_errors", "rules::syntax"),
        ("unknown_disable_id", "rules::unknown_rule_id"),
        ("unknown_function", "rules::unknown_function"),
        ("unknown_name", "rules::unknown_name"),
        ("unknown_severity_id", "rules::unknown_rule_id"),
        ("unknown_table", "rules::unknown_table"),
        ("unterminated_string", "rules::syntax"),
    ];
    let names: Vec<String> = rules_files("tests/broken_packs")
        .iter()
        .map(|p| stem(p))
        .collect();
    assert_eq!(
        names,
        expect.iter().map(|e| e.0.to_string()).collect::<Vec<_>>(),
        "list every broken pack here"
    );
    for (name, code) in expect {
        let errs = load_err(Path::new(&format!("tests/broken_packs/{name}.rules")));
        assert_eq!(errs.errors[0].code(), code, "{name}: {:?}", errs.errors);
    }
}

#[test]
fn every_error_of_a_pack_is_reported_at_once() {
    // one syntax error, an unknown alias, an unknown function, a percentage compared with an
    // amount, a duplicate rule id and a severity for a rule that does not exist
    let errs = load_err(Path::new("tests/broken_packs/many_problems.rules"));
    let codes: Vec<&str> = errs.errors.iter().map(|e| e.code()).collect();
    assert_eq!(
        codes,
        [
            "rules::syntax",
            "rules::unknown_table",
            "rules::unknown_function",
            "rules::type_mismatch",
            "rules::duplicate_rule",
            "rules::unknown_rule_id",
        ],
        "{:#?}",
        errs.errors
    );
    // three broken rules in one file: three syntax errors, in file order
    let errs = load_err(Path::new("tests/broken_packs/several_syntax_errors.rules"));
    let lines: Vec<(&str, u32)> = errs.errors.iter().map(|e| (e.code(), e.loc.line)).collect();
    assert_eq!(
        lines,
        [
            ("rules::syntax", 7),
            ("rules::syntax", 10),
            ("rules::syntax", 13)
        ],
        "{:#?}",
        errs.errors
    );
}

#[test]
fn a_missing_brace_is_one_error_and_keeps_the_declarations_after_it() {
    // the declaration after the unclosed rule is read again, not skipped: t09 stays declared
    let errs = load_err(Path::new(
        "tests/broken_packs/missing_brace_before_table.rules",
    ));
    let found: Vec<(&str, u32)> = errs.errors.iter().map(|e| (e.code(), e.loc.line)).collect();
    assert_eq!(found, [("rules::syntax", 7)], "{:#?}", errs.errors);
    let help = errs.errors[0].help.as_deref().unwrap_or("");
    assert!(help.contains("rule T01-1 (line 4)"), "{help}");
    let zh = crossfoot::rules::text::phrase(help);
    assert!(zh.contains("规则 T01-1（第 4 行）的 `{` 没有闭合"), "{zh}");
}

/// The errors of an in-memory pack: (code, message, help), in English.
fn errors_en(pack: &str) -> Vec<(String, String, String)> {
    crossfoot::lang::with(crossfoot::lang::Lang::En, || {
        let errs = load_pack_str("p.rules", pack).expect_err("the pack must not load");
        errs.errors
            .iter()
            .map(|e| {
                (
                    e.code().to_string(),
                    e.kind.to_string(),
                    e.help.clone().unwrap_or_default(),
                )
            })
            .collect()
    })
}

#[test]
fn did_you_mean_for_aliases_functions_and_one_row_columns() {
    let tables = "table t01 = \"收入支出决算总表\"\ntable t09 = \"财政拨款“三公”经费支出决算表\"\n";
    // an alias written without its zero, or in capitals
    let e = errors_en(&format!(
        "{tables}rule A error \"x\" {{ t1.收入.总计 == T09.\"决算数/合计\" }}"
    ));
    let helps: Vec<&str> = e.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(
        helps,
        ["did you mean `t01`?", "did you mean `t09`?"],
        "{e:?}"
    );
    // an alias near none: the declared ones, not a canned example
    let e = errors_en(&format!(
        "{tables}rule A error \"x\" {{ 表一.收入.总计 == 0 }}"
    ));
    assert_eq!(e[0].0, "rules::unknown_table");
    assert!(e[0].2.contains("t01, t09"), "{e:?}");
    // functions in capitals, full width or misspelt
    let e = errors_en(&format!(
        "{tables}rule A error \"x\" {{ SUM(t01.第1行..第8行) == ｐｃｔ(1, 2) + summ(t01.第1行..第2行) }}"
    ));
    let helps: Vec<&str> = e.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(
        helps,
        [
            "did you mean `sum`?",
            "did you mean `pct`?",
            "did you mean `sum`?"
        ],
        "{e:?}"
    );
    // a column of the one-row 三公 table: "column", with the column suggested
    let e = errors_en(&format!(
        "{tables}rule A error \"x\" {{ t09.\"预算数/合记\" >= 0 }}"
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].1.starts_with("no column `预算数/合记` in t09"),
        "{e:?}"
    );
    assert_eq!(e[0].2, "did you mean `预算数/合计`?");
    let zh = load_pack_str(
        "p.rules",
        &format!("{tables}rule A error \"x\" {{ t09.\"预算数/合记\" >= 0 }}"),
    )
    .expect_err("the pack must not load");
    let zh = zh.errors[0].kind.to_string();
    assert!(zh.contains("都没有列 `预算数/合记`"), "{zh}");
}

/// Applies the fix each error states (`use X instead of Y`, at its location) to `text`.
fn apply_fixes(text: &str, errors: &[crossfoot::rules::PackError]) -> String {
    let mut out = text.to_string();
    for e in errors.iter().rev() {
        let crossfoot::rules::PackErrorKind::FullWidth { found, ascii } = &e.kind else {
            panic!("not a full-width mark: {e:?}");
        };
        let (s, end) = (e.loc.offset as usize, (e.loc.offset + e.loc.len) as usize);
        assert_eq!(&out[s..end], found, "the error is located at what it names");
        out.replace_range(s..end, ascii);
    }
    out
}

#[test]
fn full_width_marks_in_place_of_syntax_are_each_one_error_with_the_fix() {
    let path = Path::new("tests/broken_packs/full_width.rules");
    let errs = load_err(path);
    let found: Vec<(&str, u32)> = errs.errors.iter().map(|e| (e.code(), e.loc.line)).collect();
    assert_eq!(
        found,
        [
            ("rules::full_width", 4),
            ("rules::full_width", 4),
            ("rules::full_width", 7),
            ("rules::full_width", 8),
            ("rules::full_width", 8),
            ("rules::full_width", 10),
            ("rules::full_width", 11),
            ("rules::full_width", 12),
            ("rules::full_width", 13),
            ("rules::full_width", 14),
            ("rules::full_width", 15),
        ],
        "{:#?}",
        errs.errors
    );
    let zh: Vec<String> = errs.errors.iter().map(|e| e.kind.to_string()).collect();
    assert_eq!(zh[3], "请用半角 `(` 代替全角 `（`");
    assert_eq!(zh[8], "请用半角 `==` 代替全角 `＝＝`");
    assert_eq!(zh[9], "请用半角 `<=` 代替全角 `＜＝`");
    let en = crossfoot::lang::with(crossfoot::lang::Lang::En, || {
        errs.errors[6].kind.to_string()
    });
    assert_eq!(en, "use `,` instead of `，`");
    // doing what the errors say gives a pack that loads and passes on the consistent example:
    // the marks in names (使用非财政拨款结余（含专用结余）, “三公”经费) were names all along
    let text = std::fs::read_to_string(path).expect("read");
    let fixed = apply_fixes(&text, &errs.errors);
    let pack = load_pack_str("fixed.rules", &fixed).unwrap_or_else(|e| panic!("{:#?}", e.errors));
    let report = load_report_file("fixtures/consistent-example.yaml", &Limits::default())
        .expect("the consistent example");
    let o = evaluate(&pack, &report).expect("binds");
    assert!(o.findings.is_empty(), "{:#?}", o.findings);
    assert_eq!(o.passed, 6);
}

#[test]
fn invisible_characters_and_bidi_controls_are_located_errors() {
    // `let x` and `let x‍` (a zero-width joiner): two names that look the same
    let errs = load_err(Path::new("tests/broken_packs/invisible_name.rules"));
    let found: Vec<(&str, u32, u32)> = errs
        .errors
        .iter()
        .map(|e| (e.code(), e.loc.line, e.loc.column))
        .collect();
    assert_eq!(
        found,
        [
            ("rules::invisible_char", 3, 6),
            ("rules::invisible_char", 5, 28)
        ],
        "{:#?}",
        errs.errors
    );
    let en = crossfoot::lang::with(crossfoot::lang::Lang::En, || {
        errs.errors[0].kind.to_string()
    });
    assert!(
        en.starts_with("invisible character U+200D (ZERO WIDTH JOINER) in a name"),
        "{en}"
    );
    assert!(
        errs.errors[0]
            .kind
            .to_string()
            .contains("U+200D（零宽连字）")
    );
    // a right-to-left override and isolates in a comment: the Trojan Source pattern
    let errs = load_err(Path::new("tests/broken_packs/bidi_comment.rules"));
    let codes: Vec<&str> = errs.errors.iter().map(|e| e.code()).collect();
    assert_eq!(codes, ["rules::bidi_control"; 4], "{:#?}", errs.errors);
    assert_eq!(errs.errors[0].loc.line, 6);
    let en = crossfoot::lang::with(crossfoot::lang::Lang::En, || {
        errs.errors[0].kind.to_string()
    });
    assert!(
        en.contains("U+202E (RIGHT-TO-LEFT OVERRIDE)") && en.contains("delete it"),
        "{en}"
    );
    // zero-width characters in comments are harmless and allowed; in strings they are not
    let ok = "# 注释\u{200B}\ntable t01 = \"收入支出决算总表\"\nrule A error \"x\" { t01.收入.总计 == t01.支出.总计 }\n";
    assert!(load_pack_str("ok.rules", ok).is_ok());
    let bad = ok.replace("\"x\"", "\"x\u{200B}\"");
    let errs = load_pack_str("bad.rules", &bad).expect_err("a zero-width space in a string");
    assert_eq!(errs.errors[0].code(), "rules::invisible_char");
}

#[test]
fn include_escaping_the_folder() {
    let errs = load_err(Path::new(
        "tests/broken_packs/include_escape/inner/pack.rules",
    ));
    assert_eq!(errs.errors[0].code(), "rules::include_escapes");
    let rendered = render_errors(&errs.errors, &errs.files, unwrapped());
    assert!(
        rendered.contains("tests/broken_packs/include_escape/inner/pack.rules:2:9"),
        "{rendered}"
    );
    insta::assert_snapshot!("include_escape", rendered);
}

#[test]
fn include_cycle() {
    let errs = load_err(Path::new("tests/broken_packs/include_cycle/pack.rules"));
    assert_eq!(
        errs.errors.iter().map(|e| e.code()).collect::<Vec<_>>(),
        ["rules::include_cycle"]
    );
    let rendered = render_errors(&errs.errors, &errs.files, unwrapped());
    assert_located(&rendered, "include_cycle");
    insta::assert_snapshot!("include_cycle", rendered);
}

#[test]
fn include_missing() {
    let errs = load_err(Path::new("tests/broken_packs/include_missing/pack.rules"));
    assert_eq!(errs.errors[0].code(), "rules::io");
    let rendered = render_errors(&errs.errors, &errs.files, unwrapped());
    assert!(
        rendered.contains("tests/broken_packs/include_missing/pack.rules:1:9"),
        "{rendered}"
    );
    // the OS wording of "not found" differs between systems; keep the snapshot portable
    let rendered = rendered.replace("No such file or directory (os error 2)", "<not found>");
    insta::assert_snapshot!("include_missing", rendered);
}

/// A symbolic link inside the pack's folder that points outside it is caught: links are
/// resolved before the folder check. The folder is made at run time (symbolic links in git
/// are fragile across systems).
#[cfg(unix)]
#[test]
fn include_through_a_symlink_escaping_the_folder() {
    let base = std::env::temp_dir().join(format!("crossfoot-symlink-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let pack_dir = base.join("pack");
    let outside = base.join("outside");
    std::fs::create_dir_all(&pack_dir).expect("pack dir");
    std::fs::create_dir_all(&outside).expect("outside dir");
    std::fs::write(
        outside.join("secret.rules"),
        "table t01 = \"收入支出决算总表\"\n",
    )
    .expect("outside file");
    std::os::unix::fs::symlink(outside.join("secret.rules"), pack_dir.join("tables.rules"))
        .expect("symlink");
    let entry = pack_dir.join("pack.rules");
    std::fs::write(
        &entry,
        "include \"tables.rules\"\n\nrule T01-5 error \"总计\" {\n    t01.收入.总计 == t01.支出.总计\n}\n",
    )
    .expect("entry");
    let canonical_base = std::fs::canonicalize(&base).expect("temp dir");
    let result = load_packs(std::slice::from_ref(&entry));
    let _ = std::fs::remove_dir_all(&base);
    let errs = match result {
        Ok(_) => panic!("a symlink leaving the pack's folder was followed"),
        Err(e) => e,
    };
    let codes: Vec<&str> = errs.errors.iter().map(|e| e.code()).collect();
    assert!(
        codes.contains(&"rules::include_escapes"),
        "{:#?}",
        errs.errors
    );
    let err = &errs.errors[0];
    assert_eq!((err.loc.line, err.loc.column), (1, 9));
    let rendered = render_errors(std::slice::from_ref(err), &errs.files, unwrapped())
        .replace(&canonical_base.display().to_string(), "<tmp>")
        .replace(&base.display().to_string(), "<tmp>");
    assert!(rendered.contains("<tmp>/pack/pack.rules:1:9"), "{rendered}");
    insta::assert_snapshot!("include_symlink", rendered);
}

fn hetang() -> crossfoot::report::Report {
    load_report_file(HETANG, &Limits::default()).expect("hetang loads")
}

/// Binding cases: a name that no layout of the template prints is a pack error when the pack
/// loads (exit 2, with did-you-mean); a part that this report lacks (a table it does not
/// print, a label it prints twice, a row read without its column) leaves the rule not checked,
/// with the part, where the rule asked for it and where the report's table is.
#[test]
fn binding_errors_against_the_template_and_a_report() {
    let report = hetang();
    enum Want {
        LoadErrors(Vec<&'static str>),
        NotChecked(Vec<&'static str>),
    }
    use Want::*;
    let expect = [
        ("ambiguous_row", NotChecked(vec!["ambiguous"])),
        ("needs_column", NotChecked(vec!["which_column"])),
        (
            "several",
            LoadErrors(vec!["rules::not_in_layout", "rules::not_in_layout"]),
        ),
        ("table_not_in_report", NotChecked(vec!["table"])),
        ("unknown_column", LoadErrors(vec!["rules::not_in_layout"])),
        ("unknown_row", LoadErrors(vec!["rules::not_in_layout"])),
    ];
    let paths = rules_files("tests/broken_packs/binding");
    assert_eq!(
        paths.iter().map(|p| stem(p)).collect::<Vec<_>>(),
        expect.iter().map(|e| e.0).collect::<Vec<_>>(),
        "list every binding case here"
    );
    for (path, (name, want)) in paths.iter().zip(expect) {
        let loaded = load_packs(std::slice::from_ref(path));
        let rendered = match (want, loaded) {
            (LoadErrors(codes), Err(e)) => {
                assert_eq!(
                    e.errors.iter().map(|e| e.code()).collect::<Vec<_>>(),
                    codes,
                    "{name}"
                );
                let rendered = render_errors(&e.errors, &e.files, Style::plain());
                assert_located(&rendered, name);
                rendered
            }
            (NotChecked(kinds), Ok(pack)) => {
                let o = evaluate(&pack, &report).unwrap_or_else(|e| {
                    panic!("{name}: a report that lacks parts is checked: {e:?}")
                });
                let got: Vec<&str> = o
                    .not_checked
                    .iter()
                    .flat_map(|n| n.missing.iter().map(|m| m.kind.as_str()))
                    .collect();
                assert_eq!(got, kinds, "{name}");
                crossfoot::render::not_checked_block(&report, &pack, &o)
            }
            (_, Ok(_)) => panic!("{name} should not load"),
            (_, Err(e)) => panic!("{name} should load: {:#?}", e.errors),
        };
        insta::assert_snapshot!(format!("binding_{name}"), rendered);
    }
}

#[test]
fn in_memory_pack_errors_name_the_given_path() {
    let errs = match load_pack_str("inline.rules", "rule X error \"x\" { 1 == }\n") {
        Ok(_) => panic!("loaded"),
        Err(e) => e,
    };
    let rendered = render_all(&errs);
    assert!(rendered.contains("inline.rules:1:"), "{rendered}");
    insta::assert_snapshot!("inline", rendered);
}

// ---- known bugs (see the lead's list); each test states the behaviour the docs promise ----

#[test]

fn an_exponent_inside_a_rule_is_a_syntax_error() {
    let errs = load_pack_str(
        "exp.rules",
        "table t01 = \"收入支出决算总表\"\nrule X error \"x\" { t01.收入.总计 == 1e5 }\n",
    )
    .expect_err("must not load");
    assert_eq!(errs.errors[0].code(), "rules::syntax", "{:?}", errs.errors);
}

#[test]

fn an_in_memory_pack_can_include_a_file_of_its_folder() {
    // tests/packs/ok.rules is inside the crate root, which is the working directory of tests
    let pack = load_pack_str("inline.rules", "include \"tests/packs/ok.rules\"\n");
    assert!(pack.is_ok(), "{:#?}", pack.err().map(|e| e.errors));
}

#[test]

fn a_pack_level_let_is_interpolated_in_messages() {
    let pack = load_pack_str(
        "msg.rules",
        "table t01 = \"收入支出决算总表\"\nlet 合计 = t01.支出.总计\nrule M error \"x\" { t01.支出.总计 == 1\n message \"合计 {合计}\" }\n",
    )
    .expect("loads");
    let outcome = evaluate(&pack, &hetang()).expect("binds");
    assert_eq!(outcome.findings[0].message, "合计 78.01");
}

#[test]

fn an_unstated_claim_makes_a_comparison_not_applicable_whatever_the_operand_order() {
    let pack = load_pack_str(
        "order.rules",
        "rule O error \"x\" { for c in 说明.一般公共预算具体项 where c.决算 == 13.82 { pct(c.决算, c.预算) == c.完成率 } }\n",
    )
    .expect("loads");
    let outcome = evaluate(&pack, &hetang()).expect("binds");
    assert!(outcome.findings.is_empty(), "{:#?}", outcome.findings);
}

#[test]

fn a_misspelt_section_is_reported() {
    let pack = load_pack_str(
        "sec.rules",
        "rule S error \"x\" { 说明.收人.收入合计 == 0 }\n",
    )
    .expect("loads");
    let result = evaluate(&pack, &hetang());
    assert!(
        result.is_err(),
        "a typo in a section key passes silently: {result:?}"
    );
}
