//! Runs every example of `docs/language.md`, so the language reference cannot drift from
//! the implementation.
//!
//! Fenced blocks with these info strings are examples:
//!
//! - ```` ```crossfoot ```` — a pack (or part of one) that must load without errors;
//! - ```` ```crossfoot-error ```` — a pack that must fail to load; a first line
//!   `# expect: rules::code` names the code of the first error;
//! - ```` ```crossfoot-check fixtures/NAME.yaml ```` — a pack that must load and is evaluated
//!   against the fixture; its first line says what must happen:
//!   `# expect: pass` (no findings), `# expect: fail ID[:kind] …` (exactly these rules have
//!   findings, optionally of these kinds), `# expect: not-checked KIND …` (no findings; the
//!   rules are not checked for parts of these kinds) or `# expect: bind-error rules::code` (binding the
//!   pack to the report fails, the first error with this code).
//!
//! The test also checks that the reference names every built-in function.

use crossfoot::report::{Limits, Report, load_report_file};
use crossfoot::rules::check::FUNCTIONS;
use crossfoot::rules::{PackError, PackErrors, evaluate, load_pack_str};

const DOC: &str = "docs/language.md";

#[derive(Debug)]
struct Example {
    line: usize,
    info: String,
    text: String,
}

/// Every fenced block whose info string starts with `crossfoot`.
fn examples(doc: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut current: Option<Example> = None;
    let mut in_other_fence = false;
    for (i, line) in doc.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(ex) = current.as_mut() {
            if trimmed.starts_with("```") {
                out.push(current.take().expect("open block"));
            } else {
                ex.text.push_str(line);
                ex.text.push('\n');
            }
        } else if in_other_fence {
            if trimmed.starts_with("```") {
                in_other_fence = false;
            }
        } else if let Some(info) = trimmed.strip_prefix("```") {
            if info.starts_with("crossfoot") {
                current = Some(Example {
                    line: i + 1,
                    info: info.trim().to_string(),
                    text: String::new(),
                });
            } else {
                in_other_fence = true;
            }
        }
    }
    assert!(current.is_none(), "{DOC}: unclosed example block");
    out
}

/// The words after `# expect:` on the block's first line.
fn expectation(ex: &Example) -> Vec<String> {
    let first = ex.text.lines().next().unwrap_or("");
    match first.trim().strip_prefix("# expect:") {
        Some(rest) => rest.split_whitespace().map(str::to_string).collect(),
        None => Vec::new(),
    }
}

fn describe(errs: &PackErrors) -> String {
    describe_errors(&errs.errors, "\n")
}

fn describe_errors(errors: &[PackError], sep: &str) -> String {
    errors
        .iter()
        .map(|e| {
            format!(
                "{} at {}:{}: {}",
                e.code(),
                e.loc.line,
                e.loc.column,
                e.kind
            )
        })
        .collect::<Vec<_>>()
        .join(sep)
}

fn report(path: &str, cache: &mut Vec<(String, Report)>) -> Report {
    if let Some((_, r)) = cache.iter().find(|(p, _)| p == path) {
        return r.clone();
    }
    let r = load_report_file(path, &Limits::default()).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    cache.push((path.to_string(), r.clone()));
    r
}

fn run(ex: &Example, reports: &mut Vec<(String, Report)>) -> Result<(), String> {
    let name = format!("{DOC}:{}", ex.line);
    let mut words = ex.info.split_whitespace();
    let kind = words.next().unwrap_or("");
    let loaded = load_pack_str(&name, &ex.text);
    let expect = expectation(ex);
    match kind {
        "crossfoot" => loaded
            .map(|_| ())
            .map_err(|e| format!("does not load:\n{}", describe(&e))),
        "crossfoot-error" => match loaded {
            Ok(_) => Err("loads, but should fail".into()),
            Err(e) => match expect.first() {
                Some(code) if e.errors[0].code() != code => Err(format!(
                    "fails with {} instead of {code}:\n{}",
                    e.errors[0].code(),
                    describe(&e)
                )),
                _ => Ok(()),
            },
        },
        "crossfoot-check" => {
            let fixture = words.next().ok_or("crossfoot-check needs a fixture path")?;
            let pack = loaded.map_err(|e| format!("does not load:\n{}", describe(&e)))?;
            let report = report(fixture, reports);
            let verdict = expect
                .first()
                .map(String::as_str)
                .ok_or("crossfoot-check needs `# expect: …`")?;
            match (verdict, evaluate(&pack, &report)) {
                ("bind-error", Err(errors)) => match expect.get(1) {
                    Some(code) if errors[0].code() != code => Err(format!(
                        "binding fails with {} instead of {code}",
                        errors[0].code()
                    )),
                    _ => Ok(()),
                },
                ("bind-error", Ok(_)) => Err("binds, but should not".into()),
                ("not-checked", Ok(o)) => {
                    let kinds: Vec<&str> = o
                        .not_checked
                        .iter()
                        .flat_map(|n| n.missing.iter().map(|m| m.kind.as_str()))
                        .collect();
                    if kinds
                        .iter()
                        .copied()
                        .eq(expect[1..].iter().map(String::as_str))
                        && o.findings.is_empty()
                    {
                        Ok(())
                    } else {
                        Err(format!(
                            "expected not checked {:?} and no findings, got {kinds:?} and {} finding(s)",
                            &expect[1..],
                            o.findings.len()
                        ))
                    }
                }
                (_, Err(errors)) => {
                    Err(format!("binding fails: {}", describe_errors(&errors, "; ")))
                }
                ("pass", Ok(o)) => {
                    if o.findings.is_empty() {
                        Ok(())
                    } else {
                        Err(format!(
                            "expected no findings, got: {}",
                            o.findings
                                .iter()
                                .map(|f| format!("{} {} ({})", f.rule, f.kind.as_str(), f.message))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ))
                    }
                }
                ("fail", Ok(o)) => {
                    let mut got: Vec<String> = Vec::new();
                    for f in &o.findings {
                        for w in [f.rule.clone(), format!("{}:{}", f.rule, f.kind.as_str())] {
                            if !got.contains(&w) {
                                got.push(w);
                            }
                        }
                    }
                    let mut failing: Vec<&str> =
                        o.findings.iter().map(|f| f.rule.as_str()).collect();
                    failing.dedup();
                    let wanted: Vec<&str> = expect[1..]
                        .iter()
                        .map(|w| w.split(':').next().unwrap_or(""))
                        .collect();
                    let missing: Vec<&String> =
                        expect[1..].iter().filter(|w| !got.contains(w)).collect();
                    let unexpected: Vec<&&str> =
                        failing.iter().filter(|r| !wanted.contains(r)).collect();
                    if missing.is_empty() && unexpected.is_empty() {
                        Ok(())
                    } else {
                        Err(format!(
                            "expected findings {:?}, got {:?} (missing {missing:?}, unexpected {unexpected:?})\n{}",
                            &expect[1..],
                            got,
                            o.findings
                                .iter()
                                .map(|f| format!("  {} {}: {}", f.rule, f.kind.as_str(), f.message))
                                .collect::<Vec<_>>()
                                .join("\n")
                        ))
                    }
                }
                (other, _) => Err(format!("unknown expectation `{other}`")),
            }
        }
        other => Err(format!("unknown block kind `{other}`")),
    }
}

#[test]
fn every_example_in_the_language_reference_does_what_it_says() {
    let doc = std::fs::read_to_string(DOC).expect("docs/language.md");
    let examples = examples(&doc);
    let count = |k: &str| {
        examples
            .iter()
            .filter(|e| e.info.split_whitespace().next() == Some(k))
            .count()
    };
    assert!(count("crossfoot") >= 2, "too few `crossfoot` examples");
    assert!(
        count("crossfoot-error") >= 5,
        "too few `crossfoot-error` examples"
    );
    assert!(
        count("crossfoot-check") >= 15,
        "too few `crossfoot-check` examples"
    );
    let mut reports = Vec::new();
    let failures: Vec<String> = examples
        .iter()
        .filter_map(|ex| {
            run(ex, &mut reports)
                .err()
                .map(|why| format!("{DOC}:{} ({}): {why}\n{}", ex.line, ex.info, ex.text))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} example(s) do not do what the reference says:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_reference_names_every_function() {
    let doc = std::fs::read_to_string(DOC).expect("docs/language.md");
    let missing: Vec<&str> = FUNCTIONS
        .iter()
        .map(|f| f.0)
        .filter(|name| !doc.contains(&format!("`{name}(")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/language.md does not document: {missing:?}"
    );
}

#[test]
fn the_reference_names_every_error_code_it_expects() {
    // every `# expect: rules::…` code of an error example appears in the text, so a reader
    // can look it up
    let doc = std::fs::read_to_string(DOC).expect("docs/language.md");
    for ex in examples(&doc) {
        for w in expectation(&ex) {
            if w.starts_with("rules::") {
                let prose_mentions = doc.matches(&format!("`{w}`")).count();
                assert!(
                    prose_mentions >= 1,
                    "{DOC}:{}: `{w}` is expected but not described",
                    ex.line
                );
            }
        }
    }
}
