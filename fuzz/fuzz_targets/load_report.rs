//! Any bytes as a report: loaded, and every diagnostic rendered.
#![no_main]

use crossfoot::render::{Style, render_diagnostic};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Err(errors) = crossfoot::report::load_report("fuzz.yaml", text) {
        for e in errors.iter().take(20) {
            let _ = render_diagnostic(e, Style::plain());
        }
    }
});
