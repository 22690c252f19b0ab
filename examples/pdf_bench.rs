//! PDF import figures for docs/performance.md:
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example pdf_bench
//! ```
//!
//! Prints, for each sample PDF in fixtures/pdf/: the time to read it and import it (median of
//! 7 runs, in this process), per report and per page; then the wall-clock time of the release
//! binary importing a batch of 300 PDFs (100 copies of each sample, under target/bench/pdf)
//! with `crossfoot import DIR -o OUTDIR -j 2`, and checking them with
//! `crossfoot check 'DIR/*.pdf' -j 2`. The machine is shared: read the figures as orders of
//! magnitude.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const SAMPLES: &[&str] = &["putuo-finance-2024", "template-shanghai-2024", "swu-2023"];

fn median(n: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut v: Vec<Duration> = (0..n).map(|_| f()).collect();
    v.sort();
    v[n / 2]
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let limits = crossfoot::pdf::Limits::default();
    println!("| report | size | pages | import | per page |");
    println!("|---|---|---|---|---|");
    for name in SAMPLES {
        let path = root.join(format!("fixtures/pdf/{name}.pdf"));
        let bytes = std::fs::read(&path).expect("sample PDF");
        let pages = crossfoot::pdf::pdf_to_text(&bytes, &limits)
            .expect("reads")
            .pages;
        let t = median(7, || {
            let t = Instant::now();
            let i = crossfoot::import::import_pdf(name, &bytes, &limits).expect("imports");
            assert!(i.tables > 0);
            t.elapsed()
        });
        println!(
            "| {name} | {} KB | {pages} | {:.1} ms | {:.2} ms |",
            bytes.len() / 1024,
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e3 / pages as f64
        );
    }

    let bin = root.join("target/release/crossfoot");
    if !bin.exists() {
        println!("(build the release binary first for the batch figures: cargo build --release)");
        return;
    }
    let dir = root.join("target/bench/pdf");
    let out = root.join("target/bench/pdf-yaml");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&dir).expect("bench dir");
    let mut n = 0;
    for name in SAMPLES {
        let src = root.join(format!("fixtures/pdf/{name}.pdf"));
        for k in 0..100 {
            let dst = dir.join(format!("{name}-{k:03}.pdf"));
            if !dst.exists() {
                std::fs::copy(&src, &dst).expect("copy");
            }
            n += 1;
        }
    }
    let t = Instant::now();
    let o = Command::new(&bin)
        .args(["import", "-j", "2", "-o"])
        .arg(&out)
        .arg(&dir)
        .output()
        .expect("run crossfoot import");
    let import = t.elapsed();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let written = std::fs::read_dir(&out).expect("out").count();
    println!(
        "batch import of {n} PDFs, -j 2: {:.1} s ({:.1} PDFs/s, {written} YAML files)",
        import.as_secs_f64(),
        n as f64 / import.as_secs_f64()
    );
    let t = Instant::now();
    let pattern = format!("{}/*.pdf", dir.display());
    let o = Command::new(&bin)
        .args(["check", "--format", "jsonl", "-j", "2", &pattern])
        .output()
        .expect("run crossfoot check");
    let check = t.elapsed();
    let reports = String::from_utf8_lossy(&o.stdout).lines().count();
    println!(
        "batch check of {n} PDFs (import in memory + standard pack), -j 2: {:.1} s ({:.1} PDFs/s, {reports} reports checked, exit {:?})",
        check.as_secs_f64(),
        n as f64 / check.as_secs_f64(),
        o.status.code()
    );
}
