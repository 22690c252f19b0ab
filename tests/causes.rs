//! Root causes (issue 16): corrections that explain many findings, verified by re-evaluating
//! the pack on a corrected copy of the report.

use crossfoot::report::{Report, load_report_file};
use crossfoot::rules::causes::{CauseLimits, CauseSearch, find_causes};
use crossfoot::rules::{EvalLimits, Outcome, Plans, evaluate_planned, standard_pack};

fn search(report: &Report) -> (Outcome, CauseSearch) {
    let pack = standard_pack().expect("standard pack");
    let plans = Plans::new();
    let eval = EvalLimits::default();
    let o = evaluate_planned(&pack, report, &eval, &plans).expect("binds");
    let s = find_causes(&pack, report, &o, &plans, &eval, &CauseLimits::default());
    (o, s)
}

#[test]
fn hetang_debug_print() {
    let r = load_report_file("fixtures/hetang-cac-2023.yaml", &Default::default()).unwrap();
    let (o, s) = search(&r);
    for c in &s.causes {
        let rules: Vec<String> = c
            .explains
            .iter()
            .map(|&i| o.findings[i].rule.clone())
            .collect();
        eprintln!("{:?} {} {:?}", c.kind, c.correction, rules);
    }
    eprintln!("evaluations {} untried {}", s.evaluations, s.untried);
    for t in &s.trials {
        eprintln!(
            "  {:?} {} {:?} {:?}",
            t.verdict, t.correction, t.explained, t.broken
        );
    }
}
