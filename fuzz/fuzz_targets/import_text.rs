//! Any text as an extracted text report (`crossfoot::import::import_text`): the import must
//! not panic, and whenever it recognises a table its YAML must load.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let imported = crossfoot::import::import_text("fuzz.txt", &text);
    if imported.tables > 0 {
        let loaded = crossfoot::report::load_report("fuzz.yaml", imported.yaml.clone());
        assert!(loaded.is_ok(), "the imported YAML does not load:\n{}", imported.yaml);
    }
});
