//! Hostile inputs through the real binary: every broken report in `tests/bad/reports/` (checked
//! with `tests/packs/hostile.rules`) and every broken pack in `tests/bad/packs/` (checked against
//! `tests/data/small.yaml`) must end with exit status 2, or 1 with a finding, and a diagnostic
//! that says `file:line:column` — never a panic. Each output is snapshotted with its status.
//!
//! Inputs too big to commit (a 200 MB report, 100,000-deep nesting, a billion-laughs bomb) are
//! generated into a temporary folder; the test bounds the peak memory of the child.

mod common;

use common::{files, stem};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_crossfoot");
const REPORT_PACK: &str = "tests/packs/hostile.rules";
const PACK_REPORT: &str = "tests/data/small.yaml";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// peak resident memory of the child, in KiB (VmHWM), when it could be read
    peak_kib: Option<u64>,
}

/// Runs the binary from the crate root, with files for output so the child never blocks on a
/// full pipe, polling its peak memory until it exits.
fn run(args: &[&str]) -> Run {
    let dir = scratch();
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let (out_path, err_path) = (dir.join(format!("out{n}")), dir.join(format!("err{n}")));
    let mut child = common::limited(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("run crossfoot");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = None;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            if hwm.is_some() {
                peak_kib = hwm.max(peak_kib);
            }
        }
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        // No wall-clock limit: a busy 2-core machine may take minutes for the 15 MiB input in
        // a debug build. The child runs under a CPU-time ceiling (common::limited) so that a
        // hang ends the test instead of the CI job; the bounds that are asserted are exit
        // status, diagnostics and peak memory.
        std::thread::sleep(Duration::from_millis(2));
    };
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: read(&out_path),
        stderr: read(&err_path),
        peak_kib,
    }
}

static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crossfoot-bad-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Whether `text` names a place as `something.yaml:LINE:COLUMN` or `something.rules:LINE:COLUMN`.
fn located(text: &str) -> bool {
    [".yaml:", ".rules:"].iter().any(|ext| {
        text.match_indices(ext).any(|(i, m)| {
            let rest = &text[i + m.len()..];
            let line_digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let after = &rest[line_digits..];
            line_digits > 0
                && after.starts_with(':')
                && after[1..]
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_digit())
        })
    })
}

fn check_input(kind: &str, name: &str, args: &[&str]) {
    let r = run(args);
    let text = format!(
        "args: {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        r.code,
        r.stdout,
        r.stderr
    );
    assert!(!text.contains("panicked"), "{name} panicked:\n{text}");
    // exit 0 only when the report lacks what the rules need, and the output says so
    assert!(
        r.code == 1 || r.code == 2 || (r.code == 0 && r.stdout.contains("未检查：")),
        "{name}: exit {} (want 1 with a finding, 2, or 0 with rules not checked)\n{text}",
        r.code
    );
    assert!(located(&text), "{name}: no file:line:column in\n{text}");
    insta::assert_snapshot!(format!("{kind}_{name}"), text);
    // The snapshot is the default (compact) output; the miette snippets of `--verbose` draw
    // the hostile lines themselves, and must not panic on them either.
    if let Some(at) = args.iter().position(|a| *a == "check") {
        let mut verbose: Vec<&str> = args.to_vec();
        verbose.insert(at + 1, "--verbose");
        let v = run(&verbose);
        let all = format!("{}{}", v.stdout, v.stderr);
        assert!(
            !all.contains("panicked"),
            "{name} --verbose panicked:\n{all}"
        );
        assert_eq!(v.code, r.code, "{name}: --verbose exits otherwise\n{all}");
        assert!(
            located(&all),
            "{name} --verbose: no file:line:column in\n{all}"
        );
    }
}

#[test]
fn broken_reports() {
    let reports = files("tests/bad/reports", "yaml");
    assert!(reports.len() >= 30, "{} reports", reports.len());
    for p in reports {
        let name = stem(&p);
        let rel = format!("tests/bad/reports/{name}.yaml");
        check_input(
            "report",
            &name,
            &["--color", "never", "check", "--pack", REPORT_PACK, &rel],
        );
    }
}

#[test]
fn broken_packs() {
    #[cfg(unix)]
    {
        let link = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/bad/packs/include_symlink/link.rules");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink("../outside.rules", &link).expect("symlink");
    }
    let mut packs: Vec<String> = files("tests/bad/packs", "rules")
        .iter()
        .map(|p| format!("tests/bad/packs/{}.rules", stem(p)))
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/packs");
    let mut dirs: Vec<String> = std::fs::read_dir(&root)
        .expect("tests/bad/packs")
        .flatten()
        .filter(|e| e.path().join("pack.rules").is_file())
        .map(|e| format!("tests/bad/packs/{}", e.file_name().to_string_lossy()))
        .collect();
    dirs.sort();
    if cfg!(not(unix)) {
        dirs.retain(|d| !d.ends_with("include_symlink"));
    }
    packs.extend(dirs);
    assert!(packs.len() >= 25, "{} packs", packs.len());
    for rel in packs {
        let name = rel
            .trim_start_matches("tests/bad/packs/")
            .trim_end_matches(".rules")
            .to_string();
        check_input(
            "pack",
            &name,
            &[
                "--color",
                "never",
                "check",
                "--max-eval-steps",
                "100",
                "--pack",
                &rel,
                PACK_REPORT,
            ],
        );
    }
}

/// A generated input: exit 2, a located diagnostic with the expected code, within `mib` MiB of
/// peak memory. Returns the run for the figures.
fn huge(name: &str, args: &[&str], code: &str, mib: u64) -> Run {
    let r = run(args);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(!all.contains("panicked"), "{name} panicked:\n{all}");
    assert_eq!(
        r.code,
        2,
        "{name}: exit {}\n{}",
        r.code,
        &all[..all.len().min(3000)]
    );
    assert!(
        all.contains(code),
        "{name}: no {code} in\n{}",
        &all[..all.len().min(3000)]
    );
    // no time is taken: machines here are shared and noisy; the bound that matters is that
    // the input is refused before it is read whole, which peak RSS shows
    if let Some(kib) = r.peak_kib {
        assert!(kib < mib * 1024, "{name}: peak RSS {kib} KiB");
    }
    eprintln!(
        "{name}: exit {}, peak RSS {} KiB",
        r.code,
        r.peak_kib.map_or("?".to_string(), |k| k.to_string())
    );
    r
}

fn write(name: &str, bytes: &[u8]) -> String {
    let p = scratch().join(name);
    std::fs::write(&p, bytes).expect("write input");
    p.display().to_string()
}

#[test]
fn huge_and_deep_inputs_end_quickly_in_bounded_memory() {
    // 200 MB: refused from its size before it is read (a sparse file: nothing is written).
    let big = scratch().join("big.yaml");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(200 * 1024 * 1024))
        .expect("sparse file");
    let big = big.display().to_string();
    huge(
        "200 MB report",
        &["--color", "never", "check", &big],
        "report::too_large",
        64,
    );

    // 100,000-deep nesting, block style (`- - - … x`) and flow style (`[[[…]]]`).
    let mut block = "- ".repeat(100_000);
    block.push_str("x\n");
    let block = write("deep-block.yaml", block.as_bytes());
    huge(
        "100,000-deep block nesting",
        &["--color", "never", "check", &block],
        "report::too_deep",
        64,
    );
    let flow = format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let flow = write("deep-flow.yaml", flow.as_bytes());
    huge(
        "100,000-deep flow nesting",
        &["--color", "never", "check", &flow],
        "report::too_deep",
        64,
    );
    // A limit raised past the ceiling of 1,000 levels is held at the ceiling.
    huge(
        "100,000-deep block nesting, --max-depth 200000",
        &["--color", "never", "check", "--max-depth", "200000", &block],
        "report::too_deep",
        256,
    );

    // Billion laughs: nine aliases of nine aliases, ten levels deep.
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names: Vec<char> = "abcdefghijk".chars().collect();
    for w in names.windows(2) {
        let (prev, next) = (w[0], w[1]);
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{next}: &{next} [{refs}]\n"));
    }
    let bomb = write("laughs.yaml", bomb.as_bytes());
    huge(
        "billion laughs",
        &["--color", "never", "check", &bomb],
        "report::anchor",
        64,
    );

    // A report of 16 MiB (just under the limit) of rows: loaded, then checked.
    let mut rows = String::from(
        "unit: 示例\nyear: 2023\ncurrency: 万元\ntables:\n  - title: 收入支出决算总表\n    keys: [name]\n    columns: [决算数]\n    rows:\n",
    );
    let mut i = 0;
    while rows.len() < 15 * 1024 * 1024 {
        rows.push_str(&format!("      - [第{i}项, 1.00]\n"));
        i += 1;
    }
    rows.push_str("      - [本年收入合计, x]\n");
    let rows = write("many-rows.yaml", rows.as_bytes());
    huge(
        "15 MiB report",
        &["--color", "never", "check", &rows],
        "report::not_an_amount",
        1024,
    );

    // Packs: 100,000 nested parentheses, prefix operators and broken lines.
    let report = "tests/data/small.yaml";
    let parens = format!(
        "rule A error \"t\" {{\n  {}1{} == 1\n}}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let parens = write("parens.rules", parens.as_bytes());
    huge(
        "100,000 parentheses",
        &["--color", "never", "check", "-p", &parens, report],
        "rules::",
        256,
    );
    let negs = format!(
        "rule A error \"t\" {{\n  {}1 == 1\n}}\n",
        "-".repeat(100_000)
    );
    let negs = write("negs.rules", negs.as_bytes());
    huge(
        "100,000 minus signs",
        &["--color", "never", "check", "-p", &negs, report],
        "rules::too_complex",
        256,
    );
    let broken = "rule ! x\n".repeat(100_000);
    let broken = write("broken.rules", broken.as_bytes());
    huge(
        "100,000 broken lines",
        &["--color", "never", "check", "-p", &broken, report],
        "rules::too_complex",
        256,
    );
    let many = (0..20_000)
        .map(|i| format!("rule R{i} error \"t\" {{ 1 == 1 }}\n"))
        .collect::<String>();
    let many = write("many.rules", many.as_bytes());
    huge(
        "20,000 rules",
        &["--color", "never", "check", "-p", &many, report],
        "rules::too_complex",
        512,
    );

    for f in [
        &big, &block, &flow, &bomb, &rows, &parens, &negs, &broken, &many,
    ] {
        let _ = std::fs::remove_file(f);
    }
}
