//! The fast YAML reader against saphyr: wherever it accepts a text, its tree is the one saphyr's
//! events build — kinds, scalar text, quoting and spans to the byte, line and column — and it
//! accepts the reports that matter (fixtures, test reports, synthetic and imported reports).

use std::path::{Path, PathBuf};

use crossfoot::report::yaml::{Node, parse_fast, parse_tree, parse_tree_saphyr};

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

/// Compares the two readers on `text`; `true` when the fast one accepted it.
fn same_tree(name: &str, text: &str) -> bool {
    for max_depth in [64, 4] {
        let slow = parse_tree_saphyr(text, max_depth);
        if let Some(fast) = parse_fast(text, max_depth) {
            match &slow {
                Ok(tree) => assert_eq!(&fast, tree, "{name}: trees differ"),
                Err(e) => panic!("{name}: the fast reader accepted what saphyr rejects: {e:?}"),
            }
        }
        // whichever reader answers, `parse_tree` answers as saphyr
        assert_eq!(
            format!("{:?}", parse_tree(text, max_depth)),
            format!("{slow:?}"),
            "{name}"
        );
    }
    parse_fast(text, 64).is_some()
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml") {
            out.push(p);
        }
    }
}

#[test]
fn every_yaml_file_of_the_repository() {
    let mut files = Vec::new();
    for dir in ["fixtures", "rules", "tests", "schema", "docs"] {
        yaml_files(Path::new(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 50, "found {} YAML files", files.len());
    let mut accepted = 0;
    for f in &files {
        let bytes = std::fs::read(f).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        let name = f.display().to_string();
        let fast = same_tree(&name, &text);
        accepted += usize::from(fast);
        // the reports people check must take the fast path
        let report = name.starts_with("fixtures") || name.starts_with("rules/test-reports");
        assert!(!report || fast, "{name} fell back to saphyr");
    }
    assert!(
        accepted * 4 > files.len() * 3,
        "{accepted} of {}",
        files.len()
    );
}

/// The fuzz corpora, when `fuzz/seed.sh` or a fuzz run has filled them (not in the repository).
#[test]
fn fuzz_corpora_when_present() {
    for dir in ["fuzz/corpus/yaml_fast", "fuzz/corpus/load_report"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            if let Ok(bytes) = std::fs::read(e.path()) {
                same_tree(
                    &e.path().display().to_string(),
                    &String::from_utf8_lossy(&bytes),
                );
            }
        }
    }
}

#[test]
fn synthetic_reports() {
    for n in 0..12 {
        let rows = [20, 150, 400][n % 3];
        let mut rng = synth::Rng(1_000_003 + n as u64 * 7919);
        let (yaml, _) = synth::report(&mut rng, n, rows, n % 4 == 0);
        assert!(
            same_tree(&format!("synthetic {n}"), &yaml),
            "synthetic {n} fell back"
        );
    }
}

#[test]
fn imported_reports() {
    let mut n = 0;
    for e in std::fs::read_dir("fixtures/text")
        .expect("fixtures/text")
        .flatten()
    {
        let text = std::fs::read_to_string(e.path()).expect("text");
        let imported = crossfoot::import::import_text("report.txt", &text);
        let name = format!("import of {}", e.path().display());
        assert!(same_tree(&name, &imported.yaml), "{name} fell back");
        n += 1;
    }
    assert!(n >= 3);
}

/// Texts the fast reader must accept, each with what makes its spans tricky.
const ACCEPTED: &[(&str, &str)] = &[
    ("quoted with a comment", "a: \"x\"   # c\nb: 'it''s'  \n"),
    ("quoted in a flow", "a: [1, \"2\" , '3',\"4\"]\n"),
    (
        "escapes",
        "a: \"\\u4e00\\x41\\\\ \\\" \\t\\n\\U0001F600\\/\"\n",
    ),
    ("empty values", "a:\nb:   # c\nc:\n  d:\ne: 1\n"),
    ("null", "a: ~\nb: [~, null, '']\n"),
    (
        "nested flow",
        "a: [[1, [2]], {k: [x, y], m: {}}, []]   # c\n",
    ),
    (
        "flow map rows",
        "claims:\n  - {subject: 收入合计, 金额: 75.01, 占比: 96.15%}\n",
    ),
    ("no final newline", "a: 1\nb: [x]"),
    ("no final newline after a key", "a: 1\nb:"),
    (
        "CRLF",
        "a: 1\r\nb:\r\n  - x\r\n  -\r\nc: |\r\n  t\r\n\r\nd: '4'\r\n",
    ),
    ("byte order mark", "\u{feff}a: 1\nb: 2\n"),
    ("byte order mark and comment", "\u{feff}# c\na: 1\n"),
    ("document start", "# c\n--- # d\na: 1\n"),
    ("indentless sequence", "a:\n- x\n-\n- y: 1\n  z: 2\nb: 1\n"),
    ("indentless sequence, empty first", "a:\n-   # c\n- x\n"),
    ("nested sequences", "a:\n  -\n    - 1\n  - 2\n"),
    (
        "compact maps",
        "t:\n  - title: 收入\n    rows:\n      - [一、收入, 1, 800.00]\n      - [\"1,000.00\", ~]\n  - title: 支出\n",
    ),
    (
        "CJK columns",
        "名称: [一、一般公共预算财政拨款收入, 1, 800.00]\n",
    ),
    ("literal", "a: |\n  one\n   two\n\n  three\nb: 1\n"),
    ("literal, strip", "a: |-\n    one\n\n    two\n  # c\nb: 1\n"),
    ("literal at the end", "a: |\n  x"),
    ("literal, blank lines at the end", "a: |\n  x\n\n\n"),
    ("literal, spaces at the end", "a: |\n  x\n   "),
    (
        "literal in a compact map",
        "n:\n  - key: 总体\n    text: |\n      收支总计\n    claims: []\n",
    ),
    ("plain with spaces", "a: one two  three   # c\nb: x#y\n"),
    ("colons in plain", "a: 12:30\nb: [x:y]\n"),
    ("dashes", "a: -5.00\nb: [-1, -x]\n"),
    ("trailing spaces", "a: 1   \nb:    \n  c: 2  \n"),
    (
        "comments between",
        "a:\n  # c\n  b: 1\n    # d\n\n# e\nc: 2\n# end",
    ),
];

/// Texts left to saphyr (accepted or not), so that its behaviour decides.
const FALLBACK: &[(&str, &str)] = &[
    ("tab", "a:\t1\n"),
    ("anchor", "a: &x 1\nb: *x\n"),
    ("tag", "a: !t 1\n"),
    ("multi-line plain", "a: one\n  two\n"),
    ("multi-line flow", "a: [1,\n  2]\n"),
    ("folded", "a: >\n  x\n"),
    ("keep", "a: |+\n  x\n"),
    ("implicit flow pair", "a: [x: 1]\n"),
    ("trailing comma", "a: [x, y,]\n"),
    ("quoted key", "\"a\": 1\n"),
    ("lone CR", "a: 1\rb: 2\n"),
    ("NUL", "a: 1\0\n"),
    ("odd indentation", "a:\n  b: 1\n c: 2\n"),
    ("a second document", "a: 1\n---\nb: 2\n"),
    ("document end", "a: 1\n...\n"),
    ("syntax error", "a: [1, 2\n"),
    ("comment glued", "a: [1]#c\n"),
    ("mapping in a value", "a: b: c\n"),
    ("root sequence", "- a\n"),
    ("empty", "# nothing\n"),
    ("long key", "KEY: 1\n"),
];

#[test]
fn tricky_spans() {
    for (name, text) in ACCEPTED {
        assert!(same_tree(name, text), "{name} fell back");
    }
    for (name, text) in FALLBACK {
        let text = text.replace("KEY", &"k".repeat(1100));
        assert!(
            !same_tree(name, &text),
            "{name} was read by the fast reader"
        );
    }
}

#[test]
fn depth_limit_falls_back() {
    let text = "a:\n  b:\n    c: [[1]]\n";
    // depth: root map 0, b's map 1, c's map 2, the flows 3 and 4
    assert!(parse_fast(text, 5).is_some());
    for limit in 0..5 {
        assert!(parse_fast(text, limit).is_none(), "limit {limit}");
        assert!(parse_tree(text, limit).is_err(), "limit {limit}");
    }
}

/// Spans checked by hand (not only against saphyr): where each kind of node starts and ends.
#[test]
fn spans_by_hand() {
    let text = "a: \"x\"  # c\nb:\n- [1, 二]\nc:\n";
    let tree = parse_fast(text, 64).expect("accepted");
    let crossfoot::report::yaml::NodeKind::Map(entries) = &tree.kind else {
        panic!("map")
    };
    let show = |n: &Node<'_>| (&text[n.span.range()], n.span.line, n.span.column);
    assert_eq!(show(&tree), (text, 1, 1));
    // a quoted scalar runs on over the spaces and comment after it
    assert_eq!(show(&entries[0].1), ("\"x\"  # c", 1, 4));
    // an indentless sequence starts at its first entry's content and ends at the next key
    assert_eq!(show(&entries[1].1), ("[1, 二]\n", 3, 3));
    let crossfoot::report::yaml::NodeKind::Seq(items) = &entries[1].1.kind else {
        panic!("seq")
    };
    let crossfoot::report::yaml::NodeKind::Seq(cells) = &items[0].kind else {
        panic!("row")
    };
    assert_eq!(show(&cells[1]), ("二", 3, 7));
    // an empty value is an empty span at its key's colon
    assert_eq!(show(&entries[2].1), ("", 4, 2));
}
