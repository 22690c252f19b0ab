//! Inputs that crashed a fuzz target (fuzz/), kept so the fixes stay fixed. Each folder is named
//! after its target; the files are the raw fuzz inputs.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("regression folder")
        .filter_map(|e| e.ok())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no inputs in {}", dir.display());
    v
}

/// The same property as fuzz/fuzz_targets/import_text.rs: whenever the importer recognises a
/// table, the YAML it writes loads.
#[test]
fn import_text_regressions() {
    for (name, data) in inputs("import_text") {
        let text = String::from_utf8_lossy(&data);
        let imported = crossfoot::import::import_text("fuzz.txt", &text);
        assert!(imported.tables > 0, "{name}: the input has tables");
        if let Err(errors) = crossfoot::report::load_report("fuzz.yaml", imported.yaml.clone()) {
            panic!("{name}: the imported YAML does not load: {}", errors[0]);
        }
    }
}
