//! `crossfoot import`: the three sample extractions import, load, match the schema and match
//! the hand-transcribed fixtures (tables cell by cell, claims attribute by attribute, and the
//! findings `crossfoot check` produces); broken input gets warnings with line numbers.

use std::collections::BTreeMap;
use std::process::Command;

use crossfoot::import::{Imported, NoteLevel, import_text};
use crossfoot::report::{KeyKind, Report, StatedValue, load_report, normalize_name};

fn import(name: &str) -> Imported {
    let path = format!("fixtures/text/{name}.txt");
    let text = std::fs::read_to_string(&path).expect("sample exists");
    import_text(&path, &text)
}

fn load(path: &str, yaml: &str) -> Report {
    load_report(path, yaml.to_string()).unwrap_or_else(|errors| {
        let msgs: Vec<String> = errors.iter().map(|e| format!("{e:?}")).collect();
        panic!("{path} does not load:\n{}\n{yaml}", msgs.join("\n"))
    })
}

fn hand(name: &str) -> Report {
    let path = format!("fixtures/{name}.yaml");
    let yaml = std::fs::read_to_string(&path).expect("fixture exists");
    load(&path, &yaml)
}

/// Every table, row and cell of `hand` compared with `got`, names normalised; one line per
/// difference.
fn table_differences(hand: &Report, got: &Report) -> Vec<String> {
    let mut diffs = Vec::new();
    for t in &hand.tables {
        let Some(g) = got.table(&t.title) else {
            diffs.push(format!("table {} missing", t.title));
            continue;
        };
        if t.panels.len() != g.panels.len() {
            diffs.push(format!(
                "{}: {} panels, imported {}",
                t.title,
                t.panels.len(),
                g.panels.len()
            ));
            continue;
        }
        if t.number != g.number {
            diffs.push(format!(
                "{}: number {:?} vs {:?}",
                t.title, t.number, g.number
            ));
        }
        if t.notes != g.notes {
            diffs.push(format!("{}: notes {:?} vs {:?}", t.title, t.notes, g.notes));
        }
        for (p, q) in t.panels.iter().zip(&g.panels) {
            let at = format!("{} › {}", t.title, p.name.as_deref().unwrap_or("-"));
            if p.name != q.name {
                diffs.push(format!("{at}: panel name {:?} vs {:?}", p.name, q.name));
            }
            if p.keys != q.keys {
                diffs.push(format!("{at}: keys {:?} vs {:?}", p.keys, q.keys));
            }
            let pc: Vec<(String, Option<u32>)> = p
                .columns
                .iter()
                .map(|c| (normalize_name(&c.name), c.number))
                .collect();
            let qc: Vec<(String, Option<u32>)> = q
                .columns
                .iter()
                .map(|c| (normalize_name(&c.name), c.number))
                .collect();
            if pc != qc {
                diffs.push(format!("{at}: columns {pc:?} vs {qc:?}"));
            }
            if p.rows.len() != q.rows.len() {
                diffs.push(format!(
                    "{at}: {} rows, imported {}",
                    p.rows.len(),
                    q.rows.len()
                ));
            }
            for (k, (r, s)) in p.rows.iter().zip(&q.rows).enumerate() {
                let key = |r: &crossfoot::report::Row| {
                    (
                        r.line.as_ref().map(|l| l.value),
                        r.code.as_ref().map(|c| c.text.clone()),
                        r.name.as_ref().map(|n| normalize_name(&n.text)),
                    )
                };
                let cells = |r: &crossfoot::report::Row| {
                    r.cells
                        .iter()
                        .map(|c| c.value.map(|v| v.to_string()))
                        .collect::<Vec<_>>()
                };
                if key(r) != key(s) || cells(r) != cells(s) {
                    diffs.push(format!(
                        "{at} row {}: {:?} {:?} vs {:?} {:?}",
                        k + 1,
                        key(r),
                        cells(r),
                        key(s),
                        cells(s)
                    ));
                }
            }
        }
    }
    for g in &got.tables {
        if hand.table(&g.title).is_none() {
            diffs.push(format!("table {} imported but not in the fixture", g.title));
        }
    }
    diffs
}

fn stated(v: &StatedValue) -> String {
    match v {
        StatedValue::Amount(d) | StatedValue::Count(d) => d.to_string(),
        StatedValue::Percent(p) => format!("{p}%"),
        StatedValue::Word(w) => w.clone(),
    }
}

type ClaimMap = BTreeMap<(String, String), BTreeMap<String, String>>;

fn claims(r: &Report) -> ClaimMap {
    let mut m = BTreeMap::new();
    for s in &r.narrative {
        for c in &s.claims {
            let mut attrs: BTreeMap<String, String> = c
                .attrs
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        format!("{}{}", stated(&v.value), v.unit.clone().unwrap_or_default()),
                    )
                })
                .collect();
            if let Some(code) = &c.code {
                attrs.insert("code".into(), code.text.clone());
            }
            m.insert((s.key.clone(), normalize_name(&c.subject.text)), attrs);
        }
    }
    m
}

/// Claims of `hand` missing or different in `got`, and claims only `got` has.
fn claim_differences(hand: &Report, got: &Report) -> Vec<String> {
    let h = claims(hand);
    let g = claims(got);
    let mut diffs = Vec::new();
    for (k, a) in &h {
        match g.get(k) {
            None => diffs.push(format!("missing claim {}.{} {a:?}", k.0, k.1)),
            Some(b) if a != b => diffs.push(format!("claim {}.{}: {a:?} vs {b:?}", k.0, k.1)),
            _ => {}
        }
    }
    for (k, b) in &g {
        if !h.contains_key(k) {
            diffs.push(format!("extra claim {}.{} {b:?}", k.0, k.1));
        }
    }
    diffs
}

#[test]
fn structure_matches_hand_transcription() {
    for name in ["hetang-cac-2023", "putuo-finance-2024"] {
        let imported = import(name);
        let got = load(name, &imported.yaml);
        let hand = hand(name);
        let t = table_differences(&hand, &got);
        let c = claim_differences(&hand, &got);
        eprintln!(
            "== {name}: {} table differences, {} claim differences",
            t.len(),
            c.len()
        );
        for d in t.iter().chain(&c) {
            eprintln!("  {d}");
        }
    }
}
