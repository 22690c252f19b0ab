//! Hostile input, round two (issue 15): files that never end, folders that loop, text that
//! would drive a terminal, writes that fail, work that hides inside a step. Each test runs the
//! real binary on a reproducer and asserts the verdict, the message and what was (not) read.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_crossfoot");

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crossfoot-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn run(args: &[&str]) -> Output {
    common::limited(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CROSSFOOT_LANG")
        .args(["--color", "never"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run crossfoot")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .display()
        .to_string()
}

fn mkfifo(p: &Path) {
    let status = Command::new("mkfifo").arg(p).status().expect("mkfifo");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_folder_with_symlink_loops_is_walked_once() {
    let d = scratch("loops");
    std::fs::copy(fixture("consistent-example.yaml"), d.join("a.yaml")).unwrap();
    std::os::unix::fs::symlink(".", d.join("s1")).unwrap();
    std::os::unix::fs::symlink(".", d.join("s2")).unwrap();
    let o = run(&["check", "--format", "jsonl", d.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(out.lines().count(), 1, "the report is checked once:\n{out}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.matches("循环").count(),
        2,
        "each loop is said once:\n{err}"
    );
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_without_being_opened() {
    let d = scratch("special");
    std::fs::copy(fixture("consistent-example.yaml"), d.join("a.yaml")).unwrap();
    mkfifo(&d.join("b.yaml"));
    std::os::unix::fs::symlink("/dev/zero", d.join("z.yaml")).unwrap();
    let o = run(&["check", "--format", "jsonl", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    // every input appears in the machine output: two unusable, one checked
    let entries: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let status: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().rsplit('/').next().unwrap(),
                e["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("b.yaml", "unusable"),
            ("z.yaml", "unusable"),
            ("a.yaml", "checked")
        ]
    );
    assert!(text(&o).contains("不是普通文件"), "{}", text(&o));

    // given by name: refused the same way, from the report loader
    let fifo = d.join("b.yaml");
    let o = run(&["check", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("不是普通文件"), "{}", text(&o));
    let o = run(&["check", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("不是普通文件"), "{}", text(&o));
    let o = run(&["import", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("不是普通文件"), "{}", text(&o));
}

#[cfg(unix)]
#[test]
fn packs_read_only_regular_files_in_their_own_folder() {
    let d = scratch("packs");
    mkfifo(&d.join("f.rules"));
    std::fs::write(d.join("include-fifo.rules"), "include \"f.rules\"\n").unwrap();
    let o = run(&[
        "check",
        "-p",
        d.join("include-fifo.rules").to_str().unwrap(),
        "tests/data/small.yaml",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("不是普通文件"), "{}", text(&o));

    for target in ["/dev/zero", "/etc/passwd"] {
        std::fs::write(d.join("ext.rules"), format!("extends \"{target}\"\n")).unwrap();
        let o = run(&[
            "check",
            "-p",
            d.join("ext.rules").to_str().unwrap(),
            "tests/data/small.yaml",
        ]);
        let all = text(&o);
        assert_eq!(o.status.code(), Some(2), "{all}");
        assert!(all.contains("rules::include_escapes"), "{all}");
        assert!(
            !all.contains("root:"),
            "the file outside is never quoted:\n{all}"
        );
    }
}

#[test]
fn outside_text_reaches_the_terminal_escaped() {
    let d = scratch("terminal");
    let report = "unit: 示例单位\nyear: 2023\ncurrency: 万元\ntables:\n  - title: 收入支出决算总表\n    keys: [name]\n    columns: [决算数]\n    rows:\n      - [\"本年收入合计\\e]0;pwned\\a\\e[2J\\u202e\", 1.00]\n      - [收入总计, 2.00]\n";
    let path = d.join("hostile.yaml");
    std::fs::write(&path, report).unwrap();
    let pack = "table t01 = \"收入支出决算总表\"\nrule A error \"每行为 2\" {\n  for r in t01 { r == 2 }\n}\n";
    let pack_path = d.join("p.rules");
    std::fs::write(&pack_path, pack).unwrap();
    let o = run(&[
        "check",
        "-p",
        pack_path.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(all.contains("本年收入合计"), "{all}");
    assert!(
        !all.contains('\x1b'),
        "an escape character reached the terminal:\n{all}"
    );
    assert!(!all.contains('\x07') && !all.contains('\u{202e}'), "{all}");
    assert!(all.contains("\\u{1b}]0;pwned"), "shown, escaped:\n{all}");

    // JSON is data: the name is there, escaped by JSON's own rules
    let o = run(&[
        "check",
        "--format",
        "json",
        "-p",
        pack_path.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains('\x1b'));
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(v.to_string().contains("pwned"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_is_an_error_and_a_closed_pipe_is_not() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if let Ok(full) = full {
        let o = Command::new(BIN)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "check",
                "--format",
                "json",
                "fixtures/consistent-example.yaml",
            ])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("无法写入标准输出"));
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = Command::new(BIN)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["import", "fixtures/text/hetang-cac-2023.txt"])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
    }

    // a reader that stops after one line: the batch ends quietly, with the verdict so far
    let d = scratch("pipe");
    for i in 0..40 {
        std::fs::copy(
            fixture("hetang-cac-2023.yaml"),
            d.join(format!("r{i:02}.yaml")),
        )
        .unwrap();
    }
    let mut child = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--color", "never", "check", "-j", "1", d.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    use std::io::Read;
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        !err.contains("无法写入"),
        "a closed pipe is not an error:\n{err}"
    );
}

#[test]
fn import_never_destroys_its_input_or_an_existing_file() {
    let d = scratch("import");
    let input = d.join("h.txt");
    std::fs::copy(fixture("text/hetang-cac-2023.txt"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let o = run(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        input.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("正在读取的输入文件"), "{}", text(&o));
    assert_eq!(std::fs::read(&input).unwrap(), before);

    let out = d.join("h.yaml");
    let o = run(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    std::fs::write(&out, "kept").unwrap();
    let o = run(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--force"), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept");
    let o = run(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out).unwrap().contains("tables:"));
    // nothing but the input and the output: no temporary file left
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 2);

    // a text over the limit is refused from its size, before it is read
    let big = d.join("big.txt");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(84 << 20))
        .unwrap();
    let o = run(&["import", big.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("上限"), "{}", text(&o));
}

#[test]
fn a_set_costs_the_rows_it_visits() {
    let d = scratch("steps");
    let mut report = String::from(
        "unit: 示例单位\nyear: 2023\ncurrency: 万元\ntables:\n  - title: 收入支出决算总表\n    keys: [name]\n    columns: [决算数]\n    rows:\n",
    );
    for i in 0..1000 {
        report.push_str(&format!("      - [第{i}项, 1.00]\n"));
    }
    let path = d.join("rows.yaml");
    std::fs::write(&path, report).unwrap();
    let pack = d.join("p.rules");
    std::fs::write(
        &pack,
        "table t01 = \"收入支出决算总表\"\nrule A error \"t\" {\n  for a in t01 { sum(t01) >= a }\n}\n",
    )
    .unwrap();
    // 1,000 rows, each summing 1,000 rows: a million rows visited, over a limit of 100,000
    let o = run(&[
        "check",
        "--max-eval-steps",
        "100000",
        "-p",
        pack.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--max-eval-steps"), "{}", text(&o));
    // within the limit, the same rule holds
    let o = run(&[
        "check",
        "--max-eval-steps",
        "5000000",
        "-p",
        pack.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn a_tolerance_is_for_amounts_not_counts() {
    let d = scratch("tolerance");
    let pack = d.join("p.rules");
    std::fs::write(
        &pack,
        "tolerance 0.01\ntable t01 = \"收入支出决算总表\"\nrule A error \"零不大于零\" { 0 > 0 }\nrule B error \"金额容差\" { t01.本年收入合计 + 0.01 == t01.本年收入合计 }\n",
    )
    .unwrap();
    let o = run(&[
        "check",
        "--format",
        "json",
        "-p",
        pack.to_str().unwrap(),
        "fixtures/consistent-example.yaml",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let failed: Vec<&str> = v["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["A"], "0 > 0 fails; amounts keep their tolerance");

    // the standard pack with a tolerance: no guard `count(…) > 0` comes true for nothing
    std::fs::write(
        d.join("std.rules"),
        "extends \"standard\"\ntolerance 0.01\n",
    )
    .unwrap();
    let o = run(&[
        "check",
        "-p",
        d.join("std.rules").to_str().unwrap(),
        &fixture("hetang-cac-2023.yaml"),
    ]);
    let all = text(&o);
    assert!(
        !all.contains("下级科目之和 0.00"),
        "a false hierarchy finding:\n{all}"
    );
}

#[test]
fn a_huge_token_is_named_not_echoed() {
    let d = scratch("token");
    let report = format!(
        "unit: 示例单位\nyear: 2023\ncurrency: 万元\ntables:\n  - title: 收入支出决算总表\n    keys: [name]\n    columns: [决算数]\n    rows:\n      - [本年收入合计, {}]\n",
        "1".repeat(100_000)
    );
    let path = d.join("long.yaml");
    std::fs::write(&path, report).unwrap();
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let all = text(&o);
    assert!(all.lines().count() < 20, "{} lines", all.lines().count());
    assert!(all.contains("100000"), "{all}");
}

#[test]
fn fuzz_seeds_come_from_every_folder_of_bad_inputs() {
    let d = scratch("seeds");
    let o = Command::new("bash")
        .arg("fuzz/seed.sh")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CORPUS", &d)
        .output()
        .expect("bash");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let names = |t: &str| -> Vec<String> {
        std::fs::read_dir(d.join(t))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let packs = names("parse_pack");
    assert!(
        packs.iter().any(|n| n.starts_with("tests_bad_packs_")),
        "{packs:?}"
    );
    let reports = names("load_report");
    assert!(reports.iter().any(|n| n.starts_with("tests_bad_reports_")));
    assert!(!names("import_text").is_empty() && !names("check").is_empty());
}

#[test]
fn no_path_of_one_machine_is_in_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // spelled in pieces so that this file does not find itself
    let needles = [
        ["/", "work/"].concat(),
        ["/", "tmp/"].concat(),
        ["/", "home/"].concat(),
        ["/", "root/"].concat(),
    ];
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = [
        "src",
        "tests",
        "docs",
        "fixtures",
        "rules",
        "examples",
        "benches",
        "schema",
        "grammar",
        "README.md",
        "Cargo.toml",
        ".ci",
    ]
    .iter()
    .map(|p| root.join(p))
    .chain(std::iter::once(root.join("fuzz/seed.sh")))
    .chain(std::iter::once(root.join("fuzz/fuzz_targets")))
    .collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap().flatten() {
                stack.push(e.path());
            }
        } else if let Ok(text) = std::fs::read_to_string(&p) {
            for (i, line) in text.lines().enumerate() {
                if needles.iter().any(|n| line.contains(n.as_str())) {
                    found.push(format!("{}:{}: {line}", p.display(), i + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
