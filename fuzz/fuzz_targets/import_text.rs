//! Any text as an extracted text report (`crossfoot::import::import_text`). Listed in
//! Cargo.toml once the importer is merged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = crossfoot::import::import_text("fuzz.txt", &text);
});
