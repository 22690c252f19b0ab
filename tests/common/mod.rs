//! Helpers shared by integration tests. Each test crate uses some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use crossfoot::report::yaml::{Node, NodeKind};
use serde_json::{Map, Value};

/// A YAML tree as JSON through crossfoot's own tree: null, booleans, integers, everything else
/// a string (so `0.10` stays the text "0.10"). Editors read `0.10` as a number: tests/schema.rs
/// validates reports that way too, with a generic YAML reader.
pub fn to_json(node: &Node<'_>) -> Value {
    match &node.kind {
        NodeKind::Scalar { text, quoted: true } => Value::String(text.to_string()),
        NodeKind::Scalar {
            text,
            quoted: false,
        } => match text.as_ref() {
            "" | "~" | "null" | "Null" | "NULL" => Value::Null,
            "true" | "True" | "TRUE" => Value::Bool(true),
            "false" | "False" | "FALSE" => Value::Bool(false),
            t => match t.parse::<i64>() {
                Ok(i) if !t.starts_with('+') => Value::from(i),
                _ => Value::String(t.to_string()),
            },
        },
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                let key = k.scalar().unwrap_or_default().to_string();
                map.insert(key, to_json(v));
            }
            Value::Object(map)
        }
    }
}

/// The files of a folder of the crate with this extension, sorted, as paths relative to the
/// crate root (`dir/name`), so diagnostics name them the same wherever the crate lives.
pub fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .flatten()
        .map(|e| Path::new(dir).join(e.file_name()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// A file's name without its extension.
pub fn stem(p: &Path) -> String {
    p.file_stem()
        .and_then(|s| s.to_str())
        .expect("utf-8 name")
        .to_string()
}

/// A finding as compared across imports of one report: rule, severity, kind, values, subject.
pub fn finding_line(f: &crossfoot::rules::Finding) -> String {
    let values = f
        .values
        .as_ref()
        .map(|v| format!("{} vs {} (Δ {})", v.left, v.right, v.difference))
        .unwrap_or_default();
    format!(
        "{} {:?} {} {values} {}",
        f.rule,
        f.severity,
        f.kind.as_str(),
        f.subject.clone().unwrap_or_default()
    )
}

/// Runs the binary from the crate root without colour.
pub fn crossfoot(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_crossfoot"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .arg("--color")
        .arg("never")
        .args(args)
        .output()
        .expect("run crossfoot")
}

/// A command for `bin` under a ceiling of CPU time (15 minutes, by the shell's `ulimit -t`): a
/// safety net so that a regression that hangs ends its test rather than the CI job. It bounds
/// work, not speed: nothing run this way needs more than a small part of it, even in a debug
/// build on a busy machine. Arguments added to the command go to `bin`.
pub fn limited(bin: &str) -> std::process::Command {
    let mut c = std::process::Command::new("sh");
    c.args(["-c", "ulimit -t 900 && exec \"$0\" \"$@\"", bin]);
    c
}
