//! Throughput and scaling figures for issue #7, side by side in one run.
//!
//! ```sh
//! cargo bench --bench throughput            # all figures (generates reports under target/bench)
//! cargo bench --bench throughput -- quick   # fewer reports, for a quick look
//! ```
//!
//! Prints: reports/second for loading alone (the floor) and for `check` with the standard pack
//! (load + evaluate + render JSON), their ratio; peak RSS of `crossfoot check` for 1,000 and
//! 10,000 reports; time for one report of 10k, 20k, 40k and 80k rows; and pack parse + check
//! time for a 2,000-rule pack. Timings are wall-clock medians of several runs on whatever the
//! machine is doing: read the ratios, not the absolute numbers.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crossfoot::batch::ordered_parallel;
use crossfoot::render::report_json;
use crossfoot::report::{Limits, load_report_file};
use crossfoot::rules::{
    EvalLimits, Plans, evaluate, evaluate_planned, load_pack_str, standard_pack,
};

fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let n_small = if quick { 500 } else { 2000 };
    let dir = generate(&root, "batch", n_small, 150);
    let files = report_files(&dir);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!(
        "{} reports, {} KB on average",
        files.len(),
        bytes / files.len() as u64 / 1024
    );

    let pack = standard_pack().expect("standard pack");
    let limits = Limits::default();
    let jobs = 2;
    let load = median(5, || {
        let t = Instant::now();
        ordered_parallel(
            &files,
            jobs,
            jobs * 8,
            |_, p| load_report_file(&p.display().to_string(), &limits).is_ok(),
            |_, ok| assert!(ok),
        );
        t.elapsed()
    });
    let check = median(5, || {
        let t = Instant::now();
        ordered_parallel(
            &files,
            jobs,
            jobs * 8,
            |_, p| {
                let r = load_report_file(&p.display().to_string(), &limits).expect("loads");
                let o = evaluate(&pack, &r).expect("binds");
                serde_json::to_string(&report_json(&r, &pack, &o))
                    .map(|s| s.len())
                    .unwrap_or(0)
            },
            |_, n| assert!(n > 0),
        );
        t.elapsed()
    });
    let rate = |d: Duration| files.len() as f64 / d.as_secs_f64();
    println!("\n| measure ({jobs} jobs) | reports/s | target |");
    println!("|---|---|---|");
    println!("| load alone (floor) | {:.0} | |", rate(load));
    println!(
        "| check, standard pack, JSON | {:.0} | ≥ 2000 |",
        rate(check)
    );
    println!(
        "| check / load time | {:.2}× | ≤ 1.25× |",
        check.as_secs_f64() / load.as_secs_f64()
    );

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
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/crossfoot");
    if bin.exists() {
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
    } else {
        println!(
            "\n(build target/release/crossfoot with `cargo build --release` for the RSS figures)"
        );
    }

    // One report of growing size: time should grow linearly.
    println!("\n| rows in one report | load + check | vs 10k |");
    println!("|---|---|---|");
    let mut base = None;
    for rows in [10_000, 20_000, 40_000, 80_000] {
        let d = generate(&root, &format!("rows{rows}"), 1, rows);
        let f = report_files(&d).remove(0);
        let t = median(3, || {
            let t = Instant::now();
            let r = load_report_file(
                &f.display().to_string(),
                &Limits {
                    max_bytes: 1 << 30,
                    ..limits
                },
            )
            .expect("loads");
            let o = evaluate(&pack, &r).expect("binds");
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
