//! An arbitrary pack against an arbitrary report, rendered as text and JSON.
//!
//! Input layout: byte 0 chooses the pack. Even: the built-in standard pack, and the rest of
//! the input is the report. Odd: bytes 1–2 (little endian) are the pack's length, then the
//! pack text, then the report.
#![no_main]

use std::sync::LazyLock;

use crossfoot::render::{Style, render_finding, render_pack_error, report_json, summary_line};
use crossfoot::rules::{EvalLimits, Pack, evaluate_with, load_pack_str, standard_pack};
use libfuzzer_sys::fuzz_target;

static STANDARD: LazyLock<Pack> =
    LazyLock::new(|| standard_pack().expect("the standard pack loads"));

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let own;
    let (pack, report_bytes) = if mode % 2 == 0 {
        (&*STANDARD, rest)
    } else {
        if rest.len() < 2 {
            return;
        }
        let n = usize::from(u16::from_le_bytes([rest[0], rest[1]]));
        let rest = &rest[2..];
        let (pack_bytes, report_bytes) = rest.split_at(n.min(rest.len()));
        match load_pack_str("fuzz.rules", &String::from_utf8_lossy(pack_bytes)) {
            Ok(p) => own = p,
            Err(_) => return,
        }
        (&own, report_bytes)
    };
    let text = String::from_utf8_lossy(report_bytes).into_owned();
    let Ok(report) = crossfoot::report::load_report("fuzz.yaml", text) else {
        return;
    };
    // A small budget keeps each run fast; the limit itself is under test too.
    let limits = EvalLimits {
        max_steps: 2_000_000,
    };
    match evaluate_with(pack, &report, &limits) {
        Ok(outcome) => {
            for f in &outcome.findings {
                let _ = render_finding(f, pack, &report, Style::plain());
            }
            let _ = summary_line(&report, &outcome);
            let json = report_json(&report, pack, &outcome);
            let _ = serde_json::to_string(&json);
        }
        Err(errors) => {
            for e in errors.iter().take(20) {
                let _ = render_pack_error(e, &pack.files, Style::plain());
            }
        }
    }
});
