//! How much each rule of a pack costs on a report: evaluation steps and time per rule, most
//! expensive first. A tool for pack authors and for tuning the evaluator.
//!
//! ```sh
//! cargo run --release --example rule_cost -- fixtures/hetang-cac-2023.yaml [PACK]
//! ```

use std::time::Instant;

use crossfoot::report::load_report_file;
use crossfoot::rules::{Pack, evaluate, load_packs, standard_pack};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(report) = args.first() else {
        eprintln!("usage: rule_cost REPORT.yaml [PACK]");
        std::process::exit(2);
    };
    let pack = match args.get(1) {
        Some(p) => load_packs(&[p.into()]),
        None => standard_pack(),
    }
    .unwrap_or_else(|e| {
        eprintln!("the pack does not load: {} problem(s)", e.errors.len());
        std::process::exit(2)
    });
    let report = load_report_file(report, &Default::default()).unwrap_or_else(|_| {
        eprintln!("the report does not load");
        std::process::exit(2)
    });
    let mut costs = Vec::new();
    for rule in &pack.rules {
        let single = Pack {
            rules: vec![rule.clone()],
            ..pack.clone()
        };
        let runs = 200;
        let t = Instant::now();
        for _ in 0..runs {
            let _ = evaluate(&single, &report);
        }
        costs.push((
            t.elapsed().as_secs_f64() * 1e6 / runs as f64,
            rule.id.text.clone(),
        ));
    }
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total: f64 = costs.iter().map(|c| c.0).sum();
    println!("{total:.0} µs for {} rules", costs.len());
    for (us, id) in costs.iter().take(25) {
        println!("{us:8.1} µs  {:5.1}%  {id}", us / total * 100.0);
    }
}
