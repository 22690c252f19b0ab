//! JUnit XML output, the test report every CI server reads (see docs/output.md):
//! `crossfoot check --format junit` (one test suite per report, one test case per rule) and
//! `crossfoot test --format junit` (one test suite per case file, one test case per case).
//!
//! Library code: builds text; the CLI prints it. Suites are built per report (in the worker
//! threads of a batch) and gathered by a [`Document`], which writes the totals.

use std::fmt::Write as _;

use crate::packtest::CaseResult;
use crate::report::Report;
use crate::rules::ast::Severity;
use crate::rules::text;
use crate::rules::{Finding, Outcome, Pack, RuleVerdict};

/// Escapes text for an XML attribute or element. Characters XML 1.0 cannot carry (control
/// characters other than tab and line breaks) and terminal colour codes are left out.
pub fn escape(s: &str) -> String {
    let s = crate::sarif::strip_ansi(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The counts of a suite: tests, failures, errors, skipped.
type Counts = [usize; 4];

fn suite_open(name: &str, counts: Counts) -> String {
    format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
        escape(name),
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    )
}

/// Reads back the counts of a suite written by [`suite_open`] (for the document's totals).
fn counts_of(suite: &str) -> Counts {
    let head = suite.lines().next().unwrap_or("");
    let attr = |name: &str| -> usize {
        let key = format!(" {name}=\"");
        head.find(&key)
            .and_then(|i| {
                let rest = &head[i + key.len()..];
                rest[..rest.find('"')?].parse().ok()
            })
            .unwrap_or(0)
    };
    [
        attr("tests"),
        attr("failures"),
        attr("errors"),
        attr("skipped"),
    ]
}

fn finding_text(f: &Finding, report: &Report) -> String {
    let mut t = String::new();
    if let Some(s) = &f.subject {
        let _ = write!(t, "[{s}] ");
    }
    let level = match f.severity {
        Severity::Error => crate::lang::pick("错误", "error"),
        Severity::Warning => text::WARNING.get(),
        Severity::Info => text::INFO.get(),
    };
    let _ = writeln!(t, "{level}{}{}", crate::lang::pick("：", ": "), f.message);
    for n in &f.notes {
        let _ = writeln!(t, "  {n}");
    }
    // a report checked from its PDF has pages, not lines (its YAML was imported in memory)
    let pdf = crate::import::is_pdf_path(std::path::Path::new(&report.path));
    for c in &f.cells {
        let value = c.value.as_deref().unwrap_or(text::BLANK.get());
        let at = match (pdf, report.page_at(c.span.offset)) {
            (true, Some(p)) => format!(
                "{} {}",
                report.path,
                crate::lang::pick(format!("第{p}页"), format!("page {p}"))
            ),
            (true, None) => report.path.clone(),
            (false, _) => format!("{}:{}:{}", report.path, c.span.line, c.span.column),
        };
        let _ = writeln!(t, "  {} = {value}  ({at})", c.reference);
    }
    t
}

/// The test suite of one checked report: a test case per rule in effect, in pack order.
/// A rule with error or warning findings fails (`type` is the first one's `severity::kind`);
/// info findings are written to the case's `system-out`; a rule not checked or not
/// applicable is skipped, with the reason.
pub fn report_suite(report: &Report, pack: &Pack, o: &Outcome) -> String {
    let mut counts: Counts = [0; 4];
    let mut cases = String::new();
    for (id, verdict) in &o.verdicts {
        counts[0] += 1;
        let rule = pack.rule(id);
        let title = rule.map_or("", |r| r.title.as_str());
        let (file, line) = rule
            .and_then(|r| pack.file(r.loc).map(|f| (f.path.as_str(), r.loc.line)))
            .unwrap_or(("", 0));
        let _ = write!(
            cases,
            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{line}\"",
            escape(&format!("{id} {title}")),
            escape(&report.path),
            escape(file),
        );
        let findings: Vec<&Finding> = o.findings.iter().filter(|f| &f.rule == id).collect();
        let (failing, infos): (Vec<&Finding>, Vec<&Finding>) =
            findings.iter().partition(|f| f.severity != Severity::Info);
        let missing: Vec<String> = o
            .not_checked
            .iter()
            .filter(|n| &n.rule == id)
            .flat_map(|n| {
                n.missing.iter().map(|m| match &m.help {
                    Some(h) => format!("{} — {h}", text::missing_part(m)),
                    None => text::missing_part(m),
                })
            })
            .collect();
        let mut body = String::new();
        if let Some(first) = failing.first() {
            counts[1] += 1;
            let mut text: String = failing.iter().map(|f| finding_text(f, report)).collect();
            for m in &missing {
                let _ = writeln!(text, "{}{m}", not_checked_prefix());
            }
            let _ = writeln!(
                body,
                "      <failure message=\"{}\" type=\"{}::{}\">{}</failure>",
                escape(&first.message),
                first.severity.as_str(),
                first.kind.as_str(),
                escape(&text)
            );
        } else if *verdict == RuleVerdict::NotChecked {
            counts[3] += 1;
            let _ = writeln!(
                body,
                "      <skipped message=\"{}\"/>",
                escape(&format!("{}{}", not_checked_prefix(), missing.join("；")))
            );
        } else if *verdict == RuleVerdict::NotApplicable {
            counts[3] += 1;
            let why = if o.outside_layout.iter().any(|r| r == id) {
                crate::lang::pick(
                    format!("不适用：不属于“{}”版式", o.layout.as_deref().unwrap_or("")),
                    format!(
                        "not applicable: not part of the {} layout",
                        o.layout.as_deref().unwrap_or("")
                    ),
                )
            } else {
                crate::lang::pick(
                    "不适用：条件不成立或报告未陈述所读的数字".to_string(),
                    "not applicable: its guard does not hold or the report does not state what it reads"
                        .to_string(),
                )
            };
            let _ = writeln!(body, "      <skipped message=\"{}\"/>", escape(&why));
        }
        if !infos.is_empty() {
            let text: String = infos.iter().map(|f| finding_text(f, report)).collect();
            let _ = writeln!(body, "      <system-out>{}</system-out>", escape(&text));
        }
        if body.is_empty() {
            cases.push_str("/>\n");
        } else {
            let _ = write!(cases, ">\n{body}    </testcase>\n");
        }
    }
    let mut out = suite_open(&report.path, counts);
    out.push_str("    <properties>\n");
    for (k, v) in [
        ("unit", Some(report.unit.clone())),
        ("year", report.year.map(|y| y.to_string())),
        ("layout", o.layout.clone()),
    ] {
        if let Some(v) = v {
            let _ = writeln!(
                out,
                "      <property name=\"{k}\" value=\"{}\"/>",
                escape(&v)
            );
        }
    }
    out.push_str("    </properties>\n");
    out.push_str(&cases);
    out.push_str("  </testsuite>\n");
    out
}

fn not_checked_prefix() -> &'static str {
    crate::lang::pick("未检查：", "not checked: ")
}

/// The suite of a report that could not be loaded or checked: one case in error, carrying
/// what went wrong.
pub fn unusable_suite(path: &str, message: &str) -> String {
    let message = crate::sarif::strip_ansi(message);
    let first = message
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let mut out = suite_open(path, [1, 0, 1, 0]);
    let _ = writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\">",
        escape(crate::lang::pick(
            "载入并检查报告",
            "load and check the report"
        )),
        escape(path)
    );
    let _ = writeln!(
        out,
        "      <error message=\"{}\">{}</error>",
        escape(first.trim()),
        escape(&message)
    );
    out.push_str("    </testcase>\n  </testsuite>\n");
    out
}

/// The suite of one pack-test case file: a test case per case; a case whose findings differ
/// from its expectations fails, listing each difference; a case that could not run is in
/// error.
pub fn case_suite(file: &str, results: &[CaseResult]) -> String {
    let mut counts: Counts = [0; 4];
    let mut cases = String::new();
    for r in results {
        counts[0] += 1;
        let _ = write!(
            cases,
            "    <testcase name=\"{}\" classname=\"{}\"",
            escape(&r.name),
            escape(file)
        );
        if let Some(e) = &r.error {
            counts[2] += 1;
            let _ = write!(
                cases,
                ">\n      <error message=\"{}\">{}</error>\n    </testcase>\n",
                escape(e),
                escape(e)
            );
        } else if !r.passed() {
            counts[1] += 1;
            let text = crate::packtest::difference_lines(r).join("\n");
            let message = crate::lang::pick(
                format!(
                    "预期而未出现 {} 个，出现而未预期 {} 个",
                    r.missing.len(),
                    r.unexpected.len()
                ),
                format!(
                    "{} expected not found, {} found not expected",
                    r.missing.len(),
                    r.unexpected.len()
                ),
            );
            let _ = write!(
                cases,
                ">\n      <failure message=\"{}\" type=\"mismatch\">{}</failure>\n    </testcase>\n",
                escape(&message),
                escape(&text)
            );
        } else {
            cases.push_str("/>\n");
        }
    }
    let mut out = suite_open(file, counts);
    out.push_str(&cases);
    out.push_str("  </testsuite>\n");
    out
}

/// A JUnit document gathered from suites.
#[derive(Debug, Default)]
pub struct Document {
    suites: String,
    totals: Counts,
}

impl Document {
    pub fn new() -> Document {
        Document::default()
    }

    /// Adds a suite written by [`report_suite`], [`unusable_suite`] or [`case_suite`].
    pub fn push(&mut self, suite: &str) {
        let c = counts_of(suite);
        for (t, n) in self.totals.iter_mut().zip(c) {
            *t += n;
        }
        self.suites.push_str(suite);
    }

    /// The whole document, ending in a newline.
    pub fn finish(&self) -> String {
        let [tests, failures, errors, skipped] = self.totals;
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"crossfoot\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n{}</testsuites>\n",
            self.suites
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_or_control_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'\u{7}\u{1b}[31m>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }

    #[test]
    fn totals_add_the_suites() {
        let mut d = Document::new();
        d.push(&suite_open("a", [3, 1, 0, 1]));
        d.push(&unusable_suite("b", "错误：b 无法载入"));
        assert!(
            d.finish()
                .contains("tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\"")
        );
    }
}
