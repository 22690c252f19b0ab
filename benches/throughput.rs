//! Throughput and scaling figures (issues #7 and #14), side by side in one run.
//!
//! ```sh
//! cargo bench --bench throughput            # all figures (generates reports under target/bench)
//! cargo bench --bench throughput -- quick   # fewer reports and rounds: about a minute on 2 cores
//! ```
//!
//! First, the comparison of issue #14 in CPU seconds (user + system time of the child
//! processes, from `/proc/self/stat`), on synthetic reports and on copies of
//! `fixtures/consistent-example.yaml`: saphyr-parser's events alone, loading alone, the CLI
//! with one trivial rule, with the 16 table rules the Python baseline also checks, with the
//! standard pack (JSON and human output), and `benches/python_baseline.py` (PyYAML with
//! libyaml's CSafeLoader, `Decimal`), loading alone and checking; then the ratios against
//! their targets. Each measure runs in its own process, all measures alternate within a round,
//! and the smallest CPU time of the rounds is kept: read the ratios, not the absolute numbers.
//!
//! Then: evaluation of the fixtures bound anew and through shared plans; the CPU time of one
//! single-report run; peak RSS of `crossfoot check` for 1,000 and 10,000 reports; time for one
//! report of 10k to 80k rows; and pack parse + check time for a 2,000-rule pack.
//!
//! The benchmark re-runs itself as a child (`throughput child events|load DIR`) for the two
//! in-process measures, so that every figure of the table is a child's CPU time.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crossfoot::batch::ordered_parallel;
use crossfoot::report::{Limits, load_report_file};
use crossfoot::rules::{
    EvalLimits, Plans, evaluate, evaluate_planned, load_pack_str, standard_pack,
};

/// The rules `benches/python_baseline.py` implements, from `rules/tables.rules`.
const TABLE_RULES: &[&str] = &[
    "T01-1", "T01-2", "T01-3", "T01-4", "T01-5", "T02-1", "T02-2", "T02-3", "T03-1", "T03-2",
    "T03-3", "T04-1", "T04-3", "T04-4", "T04-5", "T05-1",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).is_some_and(|a| a == "child") {
        child(&args[2], Path::new(&args[3]));
        return;
    }
    let quick = args.iter().any(|a| a == "quick");
    let root = manifest().join("target/bench");
    let n_small = if quick { 200 } else { 1000 };
    let dir = generate(&root, &format!("batch{n_small}"), n_small, 150);
    let copies = copies(&root, "consistent-example", n_small);
    let files = report_files(&dir);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!(
        "{} synthetic reports, {} KB on average; {} copies of consistent-example",
        files.len(),
        bytes / files.len() as u64 / 1024,
        n_small
    );

    compare(&root, &dir, &copies, if quick { 2 } else { 3 });
    single_report(if quick { 10 } else { 30 });

    let pack = standard_pack().expect("standard pack");
    let limits = Limits::default();
    // Plans: evaluation alone, each report bound anew vs reports of one layout sharing the plan
    // the first one made (the fixtures, 300 times each, already loaded).
    let fixtures: Vec<_> = [
        "fixtures/hetang-cac-2023.yaml",
        "fixtures/putuo-finance-2024.yaml",
        "fixtures/consistent-example.yaml",
    ]
    .iter()
    .map(|f| {
        let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(f);
        load_report_file(&p.display().to_string(), &limits).expect("fixture loads")
    })
    .collect();
    let rounds = if quick { 100 } else { 300 };
    let fresh = median(5, || {
        let t = Instant::now();
        for _ in 0..rounds {
            for r in &fixtures {
                assert!(evaluate(&pack, r).is_ok());
            }
        }
        t.elapsed()
    });
    let planned = median(5, || {
        let plans = Plans::new();
        let t = Instant::now();
        for _ in 0..rounds {
            for r in &fixtures {
                assert!(evaluate_planned(&pack, r, &EvalLimits::default(), &plans).is_ok());
            }
        }
        t.elapsed()
    });
    let per = |d: Duration| d.as_secs_f64() * 1e6 / (rounds * fixtures.len()) as f64;
    println!("\n| evaluation of one report (fixtures × {rounds}) | µs | vs bound anew |");
    println!("|---|---|---|");
    println!("| each report bound anew | {:.0} | 1.00× |", per(fresh));
    println!(
        "| plans shared by layout | {:.0} | {:.2}× |",
        per(planned),
        planned.as_secs_f64() / fresh.as_secs_f64()
    );

    // Peak RSS of the CLI for 1,000 and 10,000 reports (streaming: should not grow).
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_crossfoot"));
    {
        let (a, b) = if quick { (200, 1000) } else { (1000, 10000) };
        let d1 = generate(&root, &format!("rss{a}"), a, 150);
        let d2 = generate(&root, &format!("rss{b}"), b, 150);
        let (r1, t1) = peak_rss(&bin, &d1);
        let (r2, t2) = peak_rss(&bin, &d2);
        println!("\n| crossfoot check --format jsonl -j 2 | peak RSS | wall time |");
        println!("|---|---|---|");
        println!(
            "| {a} reports | {:.1} MB | {:.2} s |",
            r1 as f64 / 1024.0,
            t1.as_secs_f64()
        );
        println!(
            "| {b} reports | {:.1} MB | {:.2} s |",
            r2 as f64 / 1024.0,
            t2.as_secs_f64()
        );
        println!(
            "| ratio | {:.2}× (target ≤ 1.10×) | |",
            r2 as f64 / r1 as f64
        );
    }

    // One report of growing size: time should grow linearly.
    println!("\n| rows in one report | load + check | vs 10k |");
    println!("|---|---|---|");
    let mut base = None;
    let (sizes, runs): (&[usize], usize) = if quick {
        (&[10_000, 20_000, 40_000], 1)
    } else {
        (&[10_000, 20_000, 40_000, 80_000], 3)
    };
    let big_limits = EvalLimits {
        max_steps: u64::MAX / 2,
    };
    for &rows in sizes {
        let d = generate(&root, &format!("rows{rows}"), 1, rows);
        let f = report_files(&d).remove(0);
        let t = median(runs, || {
            let t = Instant::now();
            let r = load_report_file(
                &f.display().to_string(),
                &Limits {
                    max_bytes: 1 << 30,
                    ..limits
                },
            )
            .expect("loads");
            // `in row(t03, r)` over every row of 05 counts the rows of 03 each time: a
            // 10k-row report passes the default step limit, so this raises it (as
            // `--max-eval-steps` does)
            let o = evaluate_planned(&pack, &r, &big_limits, &Plans::new()).expect("binds");
            assert!(o.rules > 0);
            t.elapsed()
        });
        let b = *base.get_or_insert(t);
        println!(
            "| {rows} | {:.1} ms | {:.2}× |",
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() / b.as_secs_f64()
        );
    }

    // Parse + check a 2,000-rule pack.
    let text = big_pack(2000);
    let t = median(3, || {
        let t = Instant::now();
        let p = load_pack_str("big.rules", &text).expect("big pack loads");
        assert_eq!(p.rules.len(), 2000);
        t.elapsed()
    });
    println!(
        "\n2,000-rule pack: parse + check {:.1} ms",
        t.as_secs_f64() * 1e3
    );
}

fn median(n: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut v: Vec<Duration> = (0..n).map(|_| f()).collect();
    v.sort();
    v[n / 2]
}

fn generate(root: &Path, name: &str, count: usize, rows: usize) -> PathBuf {
    let dir = root.join(name);
    if report_files(&dir).len() == count {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let status = Command::new(env!("CARGO"))
        .args([
            "run",
            "--release",
            "--quiet",
            "--example",
            "synth",
            "--",
            "--out",
        ])
        .arg(&dir)
        .args([
            "--count",
            &count.to_string(),
            "--rows",
            &rows.to_string(),
            "--errors",
            "0.1",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("runs the generator");
    assert!(status.success());
    dir
}

fn report_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Peak resident set size (KB) of `crossfoot check` on a folder, polled from /proc.
fn peak_rss(bin: &Path, dir: &Path) -> (u64, Duration) {
    let t = Instant::now();
    let mut child = Command::new(bin)
        .args(["check", "--format", "jsonl", "-j", "2"])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("runs crossfoot");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status)
            && let Some(line) = s.lines().find(|l| l.starts_with("VmHWM:"))
        {
            peak = peak.max(
                line.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
            );
        }
        if child.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (peak, t.elapsed())
}

fn big_pack(n: usize) -> String {
    let mut s = String::from(
        "table t01 = \"收入支出决算总表\"\ntable t03 = \"支出决算表\"\ntable t06 = \"一般公共预算财政拨款基本支出决算明细表\"\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "rule R{i} error \"规则{i}\" {{\n    for r in t06 where level(r) == 1 {{ r == sum(children(r)) }}\n    t01.本年收入合计 == sum(t01.第1行 .. t01.第8行) + {i}\n    in t03.合计 base 本年支出合计 {{ pct(基本支出) <= 100% }}\n}}\n"
        ));
    }
    s
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `count` copies of a fixture in one folder (once; later runs reuse them).
fn copies(root: &Path, fixture: &str, count: usize) -> PathBuf {
    let dir = root.join(format!("{fixture}-{count}"));
    if report_files(&dir).len() == count {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creates the folder of copies");
    let text = std::fs::read(manifest().join(format!("fixtures/{fixture}.yaml"))).expect("fixture");
    for n in 0..count {
        std::fs::write(dir.join(format!("{fixture}-{n:05}.yaml")), &text).expect("writes a copy");
    }
    dir
}

/// The in-process measures, run as a child so their CPU time is counted like the others'.
fn child(mode: &str, dir: &Path) {
    let files = report_files(dir);
    let limits = Limits::default();
    ordered_parallel(
        &files,
        2,
        16,
        |_, p| match mode {
            // saphyr-parser's events, nothing built: the floor of any YAML-based loader
            "events" => {
                let text = std::fs::read_to_string(p).expect("reads");
                let mut parser = saphyr_parser::Parser::new_from_str(&text);
                let mut n = 0usize;
                while let Some(e) = parser.next_event() {
                    assert!(e.is_ok(), "{} parses", p.display());
                    n += 1;
                }
                n
            }
            "load" => usize::from(load_report_file(&p.display().to_string(), &limits).is_ok()),
            _ => panic!("unknown child mode {mode}"),
        },
        |_, n| assert!(n > 0),
    );
}

/// User + system CPU time of this process's waited-for children (`cutime` + `cstime` of
/// `/proc/self/stat`, in USER_HZ = 1/100 s), or `None` where there is no `/proc`.
fn children_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // fields after the command name start at field 3 (state); cutime and cstime are 16 and 17
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

/// Runs a command to the end with its output discarded; its CPU seconds (wall-clock seconds
/// where `/proc` is missing), or `None` when it failed (exit status 2 or worse, or a signal).
fn cpu_of(cmd: &mut Command) -> Option<f64> {
    let before = children_cpu();
    let t = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    let wall = t.elapsed().as_secs_f64();
    // crossfoot exits 1 when it finds errors: that is a successful run here
    if !matches!(status.code(), Some(0 | 1)) {
        return None;
    }
    Some(match (before, children_cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => wall,
    })
}

/// The standard pack's declarations (tables, layouts, names, lets) with only the given rules
/// of `rules/tables.rules`, written under `root`.
fn sub_pack(root: &Path, name: &str, ids: &[&str]) -> PathBuf {
    let rules = manifest().join("rules");
    let head = std::fs::read_to_string(rules.join("pack.rules")).expect("pack.rules");
    let tables = std::fs::read_to_string(rules.join("tables.rules")).expect("tables.rules");
    let mut out: String = head
        .lines()
        .filter(|l| !l.starts_with("include "))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut keep = false;
    let mut found = 0;
    for line in tables.lines() {
        if let Some(rest) = line.strip_prefix("rule ") {
            keep = ids.contains(&rest.split_whitespace().next().unwrap_or(""));
            found += usize::from(keep);
        }
        if keep {
            out.push_str(line);
            out.push('\n');
            if line == "}" {
                keep = false;
            }
        }
    }
    assert_eq!(found, ids.len(), "every rule of {name} is in tables.rules");
    let path = root.join(format!("{name}.rules"));
    std::fs::write(&path, out).expect("writes the pack");
    path
}

/// `python3` with PyYAML's libyaml loader, or why not.
fn python() -> Result<(), String> {
    let out = Command::new("python3")
        .args(["-c", "import yaml; yaml.CSafeLoader"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match out {
        Err(_) => Err("python3 not found".into()),
        Ok(s) if !s.success() => {
            Err("PyYAML with libyaml (yaml.CSafeLoader) not found: pip install pyyaml".into())
        }
        Ok(_) => Ok(()),
    }
}

/// The side-by-side comparison of issue #14, in CPU seconds.
fn compare(root: &Path, synthetic: &Path, consistent: &Path, rounds: usize) {
    let bin = env!("CARGO_BIN_EXE_crossfoot");
    let me = std::env::current_exe().expect("the benchmark's own path");
    let table16 = sub_pack(root, "table16", TABLE_RULES);
    let trivial = sub_pack(root, "trivial", &["T01-5"]);
    let baseline = manifest().join("benches/python_baseline.py");
    let py = python();

    let cli = |pack: Option<&Path>, format: &str, dir: &Path| {
        let mut c = Command::new(bin);
        c.args(["check", "--color", "never", "--format", format, "-j", "2"]);
        if let Some(p) = pack {
            c.arg("--pack").arg(p);
        }
        c.arg(dir);
        c
    };
    type Make<'a> = Box<dyn Fn(&Path) -> Command + 'a>;
    let mut measures: Vec<(&str, Make)> = vec![
        (
            "saphyr-parser events alone (no tree)",
            Box::new(|d: &Path| {
                let mut c = Command::new(&me);
                c.args(["child", "events"]).arg(d);
                c
            }),
        ),
        (
            "crossfoot: load alone (in process)",
            Box::new(|d: &Path| {
                let mut c = Command::new(&me);
                c.args(["child", "load"]).arg(d);
                c
            }),
        ),
        (
            "crossfoot check, one trivial rule (T01-5), jsonl",
            Box::new(|d: &Path| cli(Some(&trivial), "jsonl", d)),
        ),
        (
            "crossfoot check, the 16 table rules, jsonl",
            Box::new(|d: &Path| cli(Some(&table16), "jsonl", d)),
        ),
        (
            "crossfoot check, standard pack, jsonl",
            Box::new(|d: &Path| cli(None, "jsonl", d)),
        ),
        (
            "crossfoot check, standard pack, human",
            Box::new(|d: &Path| cli(None, "human", d)),
        ),
    ];
    if py.is_ok() {
        measures.push((
            "Python: yaml.load alone (CSafeLoader)",
            Box::new(|d: &Path| {
                let mut c = Command::new("python3");
                c.arg(&baseline).args(["-j", "2", "--load-only"]).arg(d);
                c
            }),
        ));
        measures.push((
            "Python: the 16 table rules",
            Box::new(|d: &Path| {
                let mut c = Command::new("python3");
                c.arg(&baseline).args(["-j", "2", "--quiet"]).arg(d);
                c
            }),
        ));
    }
    let corpora = [synthetic, consistent];
    // best[m][c]: the smallest CPU time of measure m on corpus c over the rounds
    let mut best = vec![[f64::INFINITY; 2]; measures.len()];
    for _ in 0..rounds {
        for (m, (name, make)) in measures.iter().enumerate() {
            for (c, dir) in corpora.iter().enumerate() {
                let cpu = cpu_of(&mut make(dir))
                    .unwrap_or_else(|| panic!("{name} failed on {}", dir.display()));
                best[m][c] = best[m][c].min(cpu);
            }
        }
    }
    let n = report_files(synthetic).len();
    println!(
        "\n| CPU seconds, 2 jobs (best of {rounds}) | {n} synthetic (150 rows, 10% errors) | {} × consistent-example |",
        report_files(consistent).len()
    );
    println!("|---|---|---|");
    for (m, (name, _)) in measures.iter().enumerate() {
        println!("| {name} | {:.2} | {:.2} |", best[m][0], best[m][1]);
    }
    if let Err(why) = &py {
        println!("| Python baseline | not run: {why} | |");
    }

    let at = |name: &str| measures.iter().position(|(n, _)| n.starts_with(name));
    let ratio = |label: &str, num: &str, den: &str, target: &str| {
        let (Some(a), Some(b)) = (at(num), at(den)) else {
            println!("| {label} | not measured | not measured | {target} |");
            return;
        };
        println!(
            "| {label} | {:.2}× | {:.2}× | {target} |",
            best[a][0] / best[b][0],
            best[a][1] / best[b][1]
        );
    };
    println!("\n| ratio | synthetic | consistent-example | target |");
    println!("|---|---|---|---|");
    ratio(
        "load alone / parser events",
        "crossfoot: load alone",
        "saphyr",
        "≤ 1.4×",
    );
    ratio(
        "standard pack / one trivial rule (CLI, jsonl)",
        "crossfoot check, standard pack, jsonl",
        "crossfoot check, one trivial",
        "≤ 1.25×",
    );
    ratio(
        "standard pack (CLI, jsonl) / load alone",
        "crossfoot check, standard pack, jsonl",
        "crossfoot: load alone",
        "",
    );
    ratio(
        "Python 16 rules / crossfoot 16 rules",
        "Python: the 16",
        "crossfoot check, the 16",
        "≥ 15×",
    );
    ratio(
        "Python 16 rules / crossfoot standard pack",
        "Python: the 16",
        "crossfoot check, standard pack, jsonl",
        "≥ 12×",
    );
    ratio(
        "Python yaml.load share of its check",
        "Python: yaml.load",
        "Python: the 16",
        "",
    );
    ratio(
        "human / JSON output, standard pack",
        "crossfoot check, standard pack, human",
        "crossfoot check, standard pack, jsonl",
        "≤ 1.5×",
    );
}

/// CPU time of one `crossfoot check` of one report, as an editor or a pre-commit hook runs
/// it: most of it is parsing and checking the built-in pack.
fn single_report(runs: usize) {
    let bin = env!("CARGO_BIN_EXE_crossfoot");
    println!("\n| one report, one process (mean of {runs} runs) | CPU ms |");
    println!("|---|---|");
    for fixture in ["hetang-cac-2023", "consistent-example"] {
        let path = manifest().join(format!("fixtures/{fixture}.yaml"));
        for format in ["json", "human"] {
            let mut total = 0.0;
            for _ in 0..runs {
                total += cpu_of(
                    Command::new(bin)
                        .args(["check", "--color", "never", "--format", format])
                        .arg(&path),
                )
                .expect("crossfoot runs");
            }
            println!(
                "| `crossfoot check --format {format}` {fixture}.yaml | {:.1} |",
                total * 1e3 / runs as f64
            );
        }
    }
}
