//! Any bytes as a report PDF (`crossfoot::import::import_pdf`): the PDF reader and the import
//! must not panic (hayro runs under catch_unwind, but a panic in crossfoot's own table
//! rebuilder is a bug), and whenever a table is recognised the YAML must load.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = crossfoot::pdf::Limits {
        max_pages: 50,
        max_stream_bytes: 4 << 20,
        max_total_stream_bytes: 16 << 20,
        ..crossfoot::pdf::Limits::default()
    };
    if let Ok(imported) = crossfoot::import::import_pdf("fuzz.pdf", data, &limits)
        && imported.tables > 0
    {
        let loaded = crossfoot::report::load_report("fuzz.yaml", imported.yaml.clone());
        assert!(loaded.is_ok(), "the imported YAML does not load:\n{}", imported.yaml);
    }
});
