//! The language of the output: Chinese by default, English with `--lang en` or
//! `CROSSFOOT_LANG=en`; `LANG` is not read. Snapshots of both languages for a failing
//! finding, a pack error, a report load error, the not-checked block and `explain`.

use std::process::Command;

const HETANG: &str = "fixtures/hetang-cac-2023.yaml";
const SMALL: &str = "tests/packs/small.rules";

/// Runs the binary from the crate root without colour; `env` is set on top of a clean
/// `CROSSFOOT_LANG` and `LANG` so that the caller's environment does not leak in.
fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_crossfoot"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("CROSSFOOT_LANG")
        .env_remove("LANG")
        .args(["--color", "never"])
        .args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("run crossfoot");
    (
        o.status.code().expect("exit status"),
        String::from_utf8(o.stdout).expect("utf-8 stdout"),
        String::from_utf8(o.stderr).expect("utf-8 stderr"),
    )
}

/// The output without the lines quoted from rule files and reports (their words are the
/// pack's and the report's own), i.e. what crossfoot itself says.
fn own_words(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let t = l.trim_start();
            // `12 | source`, `,-[file:line:col]`, `` `----``
            let gutter = t
                .split_once(" |")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            !(gutter || t.starts_with(",-[") || t.starts_with("`----"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// English words that must not appear in the default (Chinese) output.
const ENGLISH: &[&str] = &[
    "blank",
    "does not hold",
    "rounding allows",
    "difference",
    "error(s)",
    "warning(s)",
    "help:",
    "Advice",
    "not checked",
    "not applicable",
    "left ",
    "right ",
    "divides by zero",
    "the report cells",
    "rules,",
    "passed",
];

#[test]
fn the_default_output_of_check_on_hetang_has_no_english_sentence() {
    let (code, out, err) = run(&["check", HETANG], &[]);
    assert_eq!(code, 1, "{err}");
    let own = own_words(&format!("{out}{err}"));
    for w in ENGLISH {
        let at = own.lines().find(|l| l.contains(w));
        assert!(
            at.is_none(),
            "`{w}` in the Chinese output: {}",
            at.unwrap_or("")
        );
    }
    // and it does say the things in Chinese
    for w in ["左边", "空白", "差额", "舍入容差", "单元格", "错误 41 个"] {
        assert!(own.contains(w), "no `{w}` in\n{own}");
    }
    // `LANG` (often en_US.UTF-8 on servers) does not switch the language
    let (_, out_lang, _) = run(&["check", HETANG], &[("LANG", "en_US.UTF-8")]);
    assert_eq!(out_lang, out);
    // nor in the miette snippets of --verbose, whose frame words are Chinese
    let (_, verbose, _) = run(&["check", "--verbose", HETANG], &[]);
    let own = own_words(&verbose);
    for w in ENGLISH {
        let at = own.lines().find(|l| l.contains(w));
        assert!(
            at.is_none(),
            "`{w}` in the Chinese --verbose output: {}",
            at.unwrap_or("")
        );
    }
    for w in ["不成立", "帮助："] {
        assert!(own.contains(w), "no `{w}` in\n{own}");
    }
}

#[test]
fn lang_en_and_crossfoot_lang_en_give_english() {
    let (_, zh, _) = run(&["check", "--pack", SMALL, HETANG], &[]);
    let (_, flag, _) = run(&["check", "--lang", "en", "--pack", SMALL, HETANG], &[]);
    let (_, env, _) = run(
        &["check", "--pack", SMALL, HETANG],
        &[("CROSSFOOT_LANG", "en")],
    );
    // the flag may come before the subcommand too
    let (_, global, _) = run(&["--lang", "en", "check", "--pack", SMALL, HETANG], &[]);
    assert_eq!(flag, env);
    assert_eq!(flag, global);
    for w in [
        "does not hold",
        "rounding allows",
        "blank",
        "1 error(s), 2 warning(s)",
    ] {
        assert!(flag.contains(w), "no `{w}` in\n{flag}");
        assert!(!own_words(&zh).contains(w), "`{w}` in the Chinese output");
    }
    // the flag wins over the environment
    let (_, zh_flag, _) = run(
        &["check", "--lang", "zh", "--pack", SMALL, HETANG],
        &[("CROSSFOOT_LANG", "en")],
    );
    assert_eq!(zh_flag, zh);
    // an unknown --lang is a command-line mistake
    let (code, _, _) = run(&["check", "--lang", "fr", HETANG], &[]);
    assert_eq!(code, 2);
}

#[test]
fn json_keeps_its_machine_values_in_both_languages() {
    let (_, zh, _) = run(&["check", "--format", "json", "--pack", SMALL, HETANG], &[]);
    let (_, en, _) = run(
        &[
            "check", "--lang", "en", "--format", "json", "--pack", SMALL, HETANG,
        ],
        &[],
    );
    let zh: serde_json::Value = serde_json::from_str(&zh).expect("json");
    let en: serde_json::Value = serde_json::from_str(&en).expect("json");
    let (fz, fe) = (
        &zh["reports"][0]["findings"][0],
        &en["reports"][0]["findings"][0],
    );
    for key in [
        "rule",
        "severity",
        "kind",
        "values",
        "cells",
        "rule_location",
    ] {
        assert_eq!(fz[key], fe[key], "{key}");
    }
    assert_eq!(fz["values"]["left"], "blank");
    assert!(fz["message"].as_str().unwrap().contains("不成立"));
    assert!(fe["message"].as_str().unwrap().contains("does not hold"));
}

fn both(name: &str, args: &[&str]) {
    for lang in ["zh", "en"] {
        let mut a = vec!["--lang", lang];
        a.extend_from_slice(args);
        let (code, out, err) = run(&a, &[]);
        insta::assert_snapshot!(
            format!("{name}_{lang}"),
            format!("exit {code}\n--- stdout\n{out}--- stderr\n{err}")
        );
    }
}

#[test]
fn snapshot_a_failing_finding() {
    // every finding drawn in full (no cause folds it)
    both(
        "finding",
        &[
            "check",
            "--max-cause-evaluations",
            "0",
            "--pack",
            SMALL,
            HETANG,
        ],
    );
}

#[test]
fn snapshot_causes() {
    both("causes", &["check", "--pack", SMALL, HETANG]);
}

#[test]
fn snapshot_a_pack_error() {
    both(
        "pack_error",
        &["check", "--pack", "tests/broken_packs/arity.rules", HETANG],
    );
}

#[test]
fn snapshot_a_report_load_error() {
    both(
        "load_error",
        &[
            "check",
            "--pack",
            SMALL,
            "tests/bad_reports/ragged_row.yaml",
        ],
    );
}

#[test]
fn snapshot_the_not_checked_block() {
    both(
        "not_checked",
        &[
            "check",
            "--pack",
            "tests/broken_packs/binding/table_not_in_report.rules",
            HETANG,
        ],
    );
}

#[test]
fn snapshot_explain() {
    both("explain", &["explain", "BRIEF-1", HETANG, "--pack", SMALL]);
}

#[test]
fn library_callers_choose_the_language_per_thread() {
    use crossfoot::lang::{Lang, with};
    let report =
        crossfoot::report::load_report_file(HETANG, &Default::default()).expect("hetang loads");
    let pack = crossfoot::rules::load_packs(&[SMALL.into()]).expect("small pack loads");
    let message = |l| {
        with(l, || {
            let o = crossfoot::rules::evaluate(&pack, &report).expect("binds");
            o.findings[0].message.clone()
        })
    };
    // two threads at once, one in each language
    std::thread::scope(|s| {
        let en = s.spawn(|| message(Lang::En));
        let zh = s.spawn(|| message(Lang::Zh));
        let (en, zh) = (en.join().unwrap(), zh.join().unwrap());
        assert!(en.contains("does not hold: blank vs 78.01"), "{en}");
        assert!(zh.contains("不成立：左边 空白，右边 78.01"), "{zh}");
    });
}

#[test]
fn miettes_frame_words_are_chinese_also_in_colour() {
    let o = Command::new(env!("CARGO_BIN_EXE_crossfoot"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CROSSFOOT_LANG")
        .args([
            "--color",
            "always",
            "check",
            "--verbose",
            "--pack",
            SMALL,
            HETANG,
        ])
        .output()
        .expect("run crossfoot");
    let out = String::from_utf8(o.stdout).expect("utf-8 stdout");
    assert!(out.contains('\u{1b}'), "coloured");
    assert!(out.contains("帮助："), "{out}");
    assert!(out.contains("参见："), "{out}");
    assert!(!out.contains("help:") && !out.contains("Advice"), "{out}");
}

#[test]
fn help_follows_the_language() {
    let (code, zh, _) = run(&["check", "--help"], &[]);
    assert_eq!(code, 0);
    assert!(zh.contains("用规则包检查报告"), "{zh}");
    let (_, en, _) = run(&["check", "--help", "--lang", "en"], &[]);
    assert!(en.contains("Check reports against a rule pack"), "{en}");
    let (_, env, _) = run(&["--help"], &[("CROSSFOOT_LANG", "en")]);
    assert!(env.contains("Check published 部门决算 reports"), "{env}");
}

#[test]
fn pack_text_errors_follow_the_language() {
    // a full-width mark typed in place of syntax, a zero-width joiner, a bidi override
    for (pack, zh, en) in [
        (
            "tests/broken_packs/full_width.rules",
            "请用半角 `==` 代替全角 `＝＝`",
            "use `==` instead of `＝＝`",
        ),
        (
            "tests/broken_packs/invisible_name.rules",
            "名称中有不可见字符 U+200D（零宽连字）",
            "invisible character U+200D (ZERO WIDTH JOINER) in a name",
        ),
        (
            "tests/broken_packs/bidi_comment.rules",
            "双向文本控制字符 U+202E（从右至左覆盖）",
            "bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE)",
        ),
    ] {
        let (code, _, err) = run(&["check", "--pack", pack, HETANG], &[]);
        assert_eq!(code, 2, "{err}");
        // miette wraps long messages: compare without line breaks and the gutter
        let flat = |s: &str| {
            s.lines()
                .map(|l| l.trim_start().trim_start_matches(['|', 'x', '!']))
                .collect::<String>()
                .split_whitespace()
                .collect::<String>()
        };
        assert!(flat(&err).contains(&flat(zh)), "{pack}: {err}");
        let (code, _, err) = run(&["check", "--lang", "en", "--pack", pack, HETANG], &[]);
        assert_eq!(code, 2, "{err}");
        assert!(flat(&err).contains(&flat(en)), "{pack}: {err}");
    }
}
