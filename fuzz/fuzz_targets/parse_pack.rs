//! Any text as a rule pack: parsed, checked, and every diagnostic rendered.
#![no_main]

use crossfoot::render::{Style, render_pack_error};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = crossfoot::rules::load_pack_str("fuzz.rules", &text) {
        for err in e.errors.iter().take(20) {
            let _ = render_pack_error(err, &e.files, Style::plain());
        }
    }
});
