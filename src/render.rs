//! Rendering findings and pack errors: miette diagnostics for people, JSON for machines.
//!
//! This is the only place that turns findings into text. The human form underlines the
//! failing expression in the rule file, labels the operands with their values, states the
//! difference and the slack rounding allows, and shows the report cells in a second snippet.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use crate::diagnostic::SourceFile;
use serde_json::{Value, json};

use crate::report::Report;
use crate::rules::ast::{Loc, Severity};
use crate::rules::text;
use crate::rules::{Finding, Outcome, Pack, PackError};

/// How to draw diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// Fixed width, no colour: stable text for snapshots and pipes.
    pub fn plain() -> Self {
        Style {
            color: false,
            width: 100,
        }
    }
}

fn handler(style: Style) -> GraphicalReportHandler {
    // Without colour, also without box-drawing: plain output goes to pipes, logs and
    // snapshots, and miette's ASCII theme still colours.
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::none()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_urls(false)
        .with_context_lines(1)
}

/// Renders any diagnostic to a string.
pub fn render_diagnostic(d: &dyn Diagnostic, style: Style) -> String {
    let mut out = String::new();
    let result = if too_wide(d) {
        handler(style).render_report(&mut out, &Unsnipped::new(d))
    } else {
        handler(style).render_report(&mut out, d)
    };
    if result.is_err() {
        out = format!("{d}\n");
    }
    if crate::lang::is_en() {
        out
    } else {
        localize_frame(&out)
    }
}

/// miette writes the words of its frame (`help:`, `Advice:`) in English; in Chinese output
/// they are replaced where they begin a line (after indentation and colour codes). The
/// Chinese words are as wide as the English ones, so continuation lines stay aligned.
fn localize_frame(rendered: &str) -> String {
    let mut out = String::with_capacity(rendered.len() + 64);
    for line in rendered.split_inclusive('\n') {
        // skip indentation and colour codes (`\x1b[36m`) before the word
        let mut word_at = 0;
        loop {
            let rest = &line[word_at..];
            if rest.starts_with(' ') {
                word_at += 1;
            } else if let Some(code) = rest.strip_prefix("\x1b[")
                && let Some(end) = code.find('m')
            {
                word_at += 2 + end + 1;
            } else {
                break;
            }
        }
        let (before, word) = line.split_at(word_at);
        if let Some(after) = word.strip_prefix("help:") {
            out.push_str(before);
            out.push_str(text::FRAME_HELP.zh);
            out.push_str(after.strip_prefix(' ').unwrap_or(after));
        } else if let Some(after) = word.strip_prefix("Advice:") {
            out.push_str(before);
            out.push_str(text::FRAME_SEE.zh);
            out.push_str(after.strip_prefix(' ').unwrap_or(after));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Source lines longer than this (in bytes) are not drawn. miette pads underlines with
/// `{:width$}`, which panics past 65,535 columns, and a snippet of a megabyte-long line (a
/// report written as one line of JSON) helps no one.
const MAX_SNIPPET_LINE: usize = 4096;

/// Whether the line around byte `offset` is longer than [`MAX_SNIPPET_LINE`]: `offset` is
/// far into its line, or the line goes on that far after it.
fn long_line(src: &dyn SourceCode, offset: usize) -> bool {
    let far_in = src
        .read_span(&(offset, 0).into(), 0, 0)
        .is_ok_and(|c| c.column() > MAX_SNIPPET_LINE);
    let goes_on = src
        .read_span(&(offset, MAX_SNIPPET_LINE).into(), 0, 0)
        .is_ok_and(|c| !c.data().contains(&b'\n'));
    far_in || goes_on
}

/// Whether a label of `d` (or of a related diagnostic) sits on a line too long to draw.
fn too_wide(d: &dyn Diagnostic) -> bool {
    let wide = match (d.source_code(), d.labels()) {
        (Some(src), Some(mut labels)) => {
            labels.any(|l| long_line(src, l.offset()) || long_line(src, l.offset() + l.len()))
        }
        _ => false,
    };
    wide || d.related().is_some_and(|mut r| r.any(too_wide))
}

/// A diagnostic drawn without its source snippet: the location is stated in the message.
struct Unsnipped<'a> {
    inner: &'a dyn Diagnostic,
    /// `file:line:column` of the first label
    at: Option<String>,
    related: Vec<Unsnipped<'a>>,
}

impl<'a> Unsnipped<'a> {
    fn new(inner: &'a dyn Diagnostic) -> Self {
        let at = match (inner.source_code(), inner.labels()) {
            (Some(src), Some(mut labels)) => labels.next().and_then(|l| {
                let c = src.read_span(&(l.offset(), 0).into(), 0, 0).ok()?;
                Some(format!(
                    "{}:{}:{}",
                    c.name().unwrap_or("<source>"),
                    c.line() + 1,
                    c.column() + 1
                ))
            }),
            _ => None,
        };
        let related = inner
            .related()
            .map(|r| r.map(Unsnipped::new).collect())
            .unwrap_or_default();
        Unsnipped { inner, at, related }
    }
}

impl fmt::Debug for Unsnipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
impl fmt::Display for Unsnipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.inner)?;
        match &self.at {
            Some(at) => write!(f, "{}", text::line_too_long(at)),
            None => Ok(()),
        }
    }
}
impl std::error::Error for Unsnipped<'_> {}
impl Diagnostic for Unsnipped<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.help()
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        (!self.related.is_empty())
            .then(|| Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)) as Box<_>)
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

fn pack_source(pack: &Pack, loc: Loc) -> SourceFile {
    match pack.file(loc) {
        Some(f) => shared_source(&f.path, &f.text),
        None => SourceFile::new("<pack>", "".into()),
    }
}

/// The source of a file for diagnostics, shared by every diagnostic of the same text that
/// this thread renders: one copy of the text and one index of its lines, not one per finding.
/// The few texts last used are kept; a text is recognised by its content (a comparison of
/// bytes, far cheaper than the copy and the line count it saves).
fn shared_source(name: &str, text: &str) -> SourceFile {
    use std::cell::RefCell;
    thread_local! {
        static RECENT: RefCell<Vec<(String, SourceFile)>> = const { RefCell::new(Vec::new()) };
    }
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        if let Some((_, f)) = recent.iter().find(|(n, f)| n == name && f.text() == text) {
            return f.clone();
        }
        let f = SourceFile::new(name.to_string(), text.into());
        if recent.len() >= 4 {
            recent.remove(0);
        }
        recent.push((name.to_string(), f.clone()));
        f
    })
}

// ---- findings -------------------------------------------------------------------------

struct FindingDiag {
    head: String,
    severity: Severity,
    help: String,
    source: SourceFile,
    labels: Vec<LabeledSpan>,
    related: Vec<CellsDiag>,
    code: String,
}

impl fmt::Debug for FindingDiag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.head)
    }
}
impl fmt::Display for FindingDiag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.head)
    }
}
impl std::error::Error for FindingDiag {}

impl Diagnostic for FindingDiag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette_severity(self.severity))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
    }
}

struct CellsDiag {
    head: String,
    source: SourceFile,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for CellsDiag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.head)
    }
}
impl fmt::Display for CellsDiag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.head)
    }
}
impl std::error::Error for CellsDiag {}
impl Diagnostic for CellsDiag {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// What a finding adds below its message, in both human forms: its values (left, right,
/// difference, slack) and its notes.
fn finding_help(f: &Finding, pack: &Pack) -> Vec<String> {
    let mut help = Vec::new();
    if let Some(v) = &f.values {
        help.push(text::values_help(
            &v.left,
            &v.right,
            &v.difference,
            &v.slack,
            pack.tolerance.is_some(),
        ));
    }
    help.extend(f.notes.iter().cloned());
    help
}

/// The human rendering of one finding.
pub fn render_finding(f: &Finding, pack: &Pack, report: &Report, style: Style) -> String {
    let subject = f
        .subject
        .as_deref()
        .map(|s| format!(" [{s}]"))
        .unwrap_or_default();
    let head = format!(
        "{} {}{}{}{}",
        f.rule,
        f.title,
        subject,
        text::HEAD_SEP,
        f.message
    );
    let help = finding_help(f, pack);
    // Operands are labelled with their values; the whole expression is underlined only when
    // there are none (miette cannot draw a label inside another on the same line).
    let mut labels = Vec::new();
    for (i, o) in f.operands.iter().enumerate() {
        let span = o.loc.offset as usize..(o.loc.offset + o.loc.len) as usize;
        labels.push(if i == 0 {
            LabeledSpan::new_primary_with_span(Some(o.label.clone()), span)
        } else {
            LabeledSpan::new_with_span(Some(o.label.clone()), span)
        });
    }
    if labels.is_empty() {
        labels.push(LabeledSpan::new_primary_with_span(
            Some(text::THIS_DOES_NOT_HOLD.into()),
            f.expr_loc.offset as usize..(f.expr_loc.offset + f.expr_loc.len) as usize,
        ));
    }
    labels.push(LabeledSpan::new_with_span(
        Some(text::rule_label(&f.rule)),
        f.rule_loc.offset as usize..(f.rule_loc.offset + f.rule_loc.len) as usize,
    ));
    let mut related = Vec::new();
    if !f.cells.is_empty() {
        // Long lists (a 类 and its thirty 款) keep the cells that carry a value.
        const MAX_CELLS: usize = 12;
        let shown: Vec<_> = if f.cells.len() > MAX_CELLS {
            f.cells
                .iter()
                .filter(|c| c.value.as_deref().is_some_and(|v| v != "0"))
                .take(MAX_CELLS)
                .collect()
        } else {
            f.cells.iter().collect()
        };
        let hidden = f.cells.len() - shown.len();
        // Cells far apart in the report (a table row and a narrative claim) get snippets of
        // their own: one snippet would print every line between them.
        let mut sorted = shown;
        sorted.sort_by_key(|c| c.span.offset);
        let source = shared_source(&report.path, &report.source);
        let mut groups: Vec<Vec<&crate::rules::CellRef>> = Vec::new();
        for c in sorted {
            match groups.last_mut() {
                Some(g) if g.last().is_some_and(|p| c.span.line <= p.span.line + 4) => g.push(c),
                _ => groups.push(vec![c]),
            }
        }
        for (k, g) in groups.into_iter().enumerate() {
            let labels = g
                .iter()
                .map(|c| {
                    let v = c.value.as_deref().unwrap_or(text::BLANK.get());
                    // a report imported from a PDF says where the cell is printed
                    let page = report
                        .page_at(c.span.offset)
                        .map(|p| format!("（第{p}页）"))
                        .unwrap_or_default();
                    LabeledSpan::new_with_span(
                        Some(format!("{} = {v}{page}", cell_label(c))),
                        c.span.range(),
                    )
                })
                .collect();
            let head = if k == 0 {
                text::cells_heading(&f.rule, hidden)
            } else {
                text::CELLS_CONTINUED.to_string()
            };
            related.push(CellsDiag {
                head,
                source: source.clone(),
                labels,
            });
        }
    }
    let d = FindingDiag {
        head,
        severity: f.severity,
        help: help.join("\n"),
        source: pack_source(pack, f.rule_loc),
        labels,
        related,
        code: format!("{}::{}", f.severity.as_str(), f.kind.as_str()),
    };
    render_diagnostic(&d, style)
}

/// A cell's label: the rule's own reference when it names the cell directly, else the row.
fn cell_label(c: &crate::rules::CellRef) -> &str {
    let direct = c.reference.contains('.')
        && !c
            .reference
            .contains(|ch: char| ch.is_whitespace() || ch == '(');
    if direct { &c.reference } else { &c.short }
}

/// The closing line for one report.
pub fn summary_line(report: &Report, o: &Outcome) -> String {
    text::summary(
        &report.path,
        o.rules,
        o.passed,
        o.not_applicable,
        o.not_checked.len(),
        o.count(Severity::Error),
        o.count(Severity::Warning),
        o.count(Severity::Info),
    )
}

/// Where a pack location is, as `file:line:column`.
fn pack_place(pack: &Pack, loc: crate::rules::ast::Loc) -> String {
    let file = pack.file(loc).map_or("<pack>", |f| f.path.as_str());
    format!("{file}:{}:{}", loc.line, loc.column)
}

/// The rules a report could not be checked by, compactly: one line per rule and missing part,
/// after the findings; and the rules that do not apply to the report's layout.
pub fn not_checked_block(report: &Report, pack: &Pack, o: &Outcome) -> String {
    let mut out = String::new();
    if !o.not_checked.is_empty() {
        out.push_str(&text::not_checked_heading(o.not_checked.len()));
        out.push('\n');
        for nc in &o.not_checked {
            for m in &nc.missing {
                let report_at = m
                    .report_span
                    .map(|s| format!(" · {}:{}:{}", report.path, s.line, s.column))
                    .unwrap_or_default();
                out.push_str(&text::not_checked_line(
                    &nc.rule,
                    &nc.title,
                    &text::missing_part(m),
                    &format!("{}{report_at}", pack_place(pack, m.loc)),
                ));
                out.push('\n');
                if let Some(h) = &m.help {
                    out.push_str(&format!("      {h}\n"));
                }
            }
        }
    }
    // Rules of another layout are listed for reports read as a layout other than the pack's
    // first (a 高等学校 report), where they say what the standard pack leaves out.
    let first_layout = pack.layouts.first().map(|l| l.name.text.as_str());
    if !o.outside_layout.is_empty() && o.layout.as_deref() != first_layout {
        out.push_str(&text::outside_layout(
            o.layout.as_deref().unwrap_or(""),
            &o.outside_layout.join(", "),
        ));
        out.push('\n');
    }
    out
}

// ---- pack errors ----------------------------------------------------------------------

struct PackErrorDiag<'a> {
    err: &'a PackError,
    source: SourceFile,
}

impl fmt::Debug for PackErrorDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.err.kind)
    }
}
impl fmt::Display for PackErrorDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.err.kind)
    }
}
impl std::error::Error for PackErrorDiag<'_> {}
impl Diagnostic for PackErrorDiag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.err.code()))
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let mut parts: Vec<String> = Vec::new();
        if let Some(h) = &self.err.help {
            // help built as English data where the error was found reads in the current
            // language (text::phrase leaves text it does not know as it is)
            let h = if crate::lang::is_en() {
                h.clone()
            } else {
                h.lines().map(text::phrase).collect::<Vec<_>>().join("\n")
            };
            parts.push(h);
        }
        if let Some((path, line, col)) = &self.err.report {
            parts.push(text::while_binding(&format!("{path}:{line}:{col}")));
        }
        (!parts.is_empty()).then(|| Box::new(parts.join("\n")) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let l = self.err.loc;
        if self.source.text().is_empty() {
            return None;
        }
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(
                Some(text::HERE.into()),
                l.offset as usize..(l.offset + l.len) as usize,
            ),
        )))
    }
}

/// Renders a pack error with the line of the pack file it points at.
pub fn render_pack_error(
    e: &PackError,
    pack_files: &[crate::rules::PackFile],
    style: Style,
) -> String {
    let (source, location) = match pack_files.get(e.loc.file as usize) {
        Some(f) => (
            shared_source(&f.path, &f.text),
            format!("{}:{}:{}", f.path, e.loc.line, e.loc.column),
        ),
        None => (SourceFile::new("<pack>", "".into()), "<pack>".to_string()),
    };
    let d = PackErrorDiag { err: e, source };
    let body = render_diagnostic(&d, style);
    if pack_files.get(e.loc.file as usize).is_some() {
        body
    } else {
        format!("{location}: {body}")
    }
}

// ---- JSON -----------------------------------------------------------------------------

/// A value of `values` for machines: numbers as printed, and a blank cell as `"blank"` in
/// every language (it is data, not a message).
fn machine_value(v: &str) -> &str {
    if v == text::BLANK.zh || v == text::BLANK.en {
        "blank"
    } else {
        v
    }
}

/// The JSON object for one report (see docs/output.md).
pub fn report_json(report: &Report, pack: &Pack, o: &Outcome) -> Value {
    let findings: Vec<Value> = o
        .findings
        .iter()
        .map(|f| {
            let file = pack.file(f.rule_loc).map_or("", |pf| pf.path.as_str());
            let values = match &f.values {
                Some(v) => json!({"left": machine_value(&v.left), "right": machine_value(&v.right), "difference": v.difference, "slack": v.slack}),
                None => Value::Null,
            };
            json!({
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "kind": f.kind.as_str(),
                "title": f.title,
                "message": f.message,
                "subject": f.subject,
                "rule_location": {"file": file, "line": f.rule_loc.line, "column": f.rule_loc.column},
                "values": values,
                "notes": f.notes,
                "cells": f.cells.iter().map(|c| json!({
                    "ref": c.reference,
                    "place": c.place,
                    "value": c.value,
                    "file": report.path,
                    "line": c.span.line,
                    "column": c.span.column,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let not_checked: Vec<Value> = o
        .not_checked
        .iter()
        .map(|nc| {
            let file = pack.file(nc.rule_loc).map_or("", |pf| pf.path.as_str());
            json!({
                "rule": nc.rule,
                "severity": nc.severity.as_str(),
                "title": nc.title,
                "rule_location": {"file": file, "line": nc.rule_loc.line, "column": nc.rule_loc.column},
                "missing": nc.missing.iter().map(|m| {
                    let mfile = pack.file(m.loc).map_or("", |pf| pf.path.as_str());
                    json!({
                        "kind": m.kind.as_str(),
                        "name": m.name,
                        "table": m.table,
                        "message": text::missing_part(m),
                        "help": m.help,
                        "pack_location": {"file": mfile, "line": m.loc.line, "column": m.loc.column},
                        "report_location": m.report_span.map(|s| json!({"file": report.path, "line": s.line, "column": s.column})),
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut v = json!({
        "path": report.path,
        "status": "checked",
        "unit": report.unit,
        "year": report.year,
        "layout": o.layout,
        "findings": findings,
        "not_checked": not_checked,
        "not_applicable_to_layout": o.outside_layout,
        "summary": {
            "rules": o.rules,
            "passed": o.passed,
            "failed": o.verdict_count(crate::rules::RuleVerdict::Failed),
            "not_applicable": o.not_applicable,
            "not_checked": o.not_checked.len(),
            "error": o.count(Severity::Error),
            "warning": o.count(Severity::Warning),
            "info": o.count(Severity::Info),
        }
    });
    add_causes_json(&mut v, report, o);
    v
}

// ---- causes ---------------------------------------------------------------------------

fn tr(zh: String, en: String) -> String {
    if crate::lang::is_en() { en } else { zh }
}

fn cause_kind_words(k: crate::rules::causes::CauseKind) -> String {
    use crate::rules::causes::CauseKind::*;
    let (zh, en) = match k {
        Fill => ("漏填", "blank"),
        Set => ("数字有误", "wrong figure"),
        Move => ("错行错栏", "misplaced"),
        Swap => ("两数互换", "swapped"),
        Narrative => ("说明数字有误", "narrative figure"),
        Percent => ("百分比基数", "percentage base"),
    };
    tr(zh.into(), en.into())
}

fn change_value(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| text::BLANK.to_string())
}

/// The causes of one report, for people: each correction, where it is, and the findings it
/// explains folded to one line each. Empty when no cause was found. It leads the report's
/// output; the findings it explains are not drawn again.
pub fn causes_block(report: &Report, o: &Outcome) -> String {
    if o.causes.is_empty() {
        return String::new();
    }
    let explained: usize = o.causes.iter().map(|c| c.explains.len()).sum();
    let mut out = tr(
        format!(
            "{}：{} 处更正可解释 {explained} 条发现（共 {} 条）\n",
            report.path,
            o.causes.len(),
            o.findings.len()
        ),
        format!(
            "{}: {} correction(s) explain {explained} of {} findings\n",
            report.path,
            o.causes.len(),
            o.findings.len()
        ),
    );
    for (n, c) in o.causes.iter().enumerate() {
        out.push_str(&tr(
            format!(
                "\n原因 {}（{}）：{}\n",
                n + 1,
                cause_kind_words(c.kind),
                c.correction
            ),
            format!(
                "\ncause {} ({}): {}\n",
                n + 1,
                cause_kind_words(c.kind),
                c.correction
            ),
        ));
        for ch in &c.changes {
            out.push_str(&tr(
                format!(
                    "  更正 {}：{} → {}（{}:{}:{}）\n",
                    ch.place,
                    change_value(&ch.from),
                    change_value(&ch.to),
                    report.path,
                    ch.span.line,
                    ch.span.column
                ),
                format!(
                    "  correct {}: {} → {} ({}:{}:{})\n",
                    ch.place,
                    change_value(&ch.from),
                    change_value(&ch.to),
                    report.path,
                    ch.span.line,
                    ch.span.column
                ),
            ));
        }
        out.push_str(&tr(
            format!("  解释 {} 条发现：\n", c.explains.len()),
            format!("  explains {} finding(s):\n", c.explains.len()),
        ));
        for &i in &c.explains {
            let Some(f) = o.findings.get(i) else { continue };
            let subject = f
                .subject
                .as_deref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default();
            out.push_str(&format!(
                "    {} {}{}{}{}\n",
                text::severity_word(f.severity),
                f.rule,
                subject,
                text::HEAD_SEP,
                f.message
            ));
        }
    }
    let rest = o.findings.len() - explained.min(o.findings.len());
    if rest > 0 {
        out.push_str(&tr(
            format!("\n其余 {rest} 条发现逐条列于下方。\n\n"),
            format!("\nThe other {rest} finding(s) follow.\n\n"),
        ));
    } else {
        out.push('\n');
    }
    out
}

/// The `causes` array of a report's JSON object, and each explained finding's `cause` (the
/// index of its cause in that array; null when none): see docs/output.md.
pub fn add_causes_json(v: &mut Value, report: &Report, o: &Outcome) {
    let causes: Vec<Value> = o
        .causes
        .iter()
        .map(|c| {
            json!({
                "kind": c.kind.as_str(),
                "correction": c.correction,
                "changes": c.changes.iter().map(|ch| json!({
                    "place": ch.place,
                    "from": ch.from,
                    "to": ch.to,
                    "file": report.path,
                    "line": ch.span.line,
                    "column": ch.span.column,
                })).collect::<Vec<_>>(),
                "explains": c.explains,
            })
        })
        .collect();
    let of = o.causes_of_findings();
    if let Some(fs) = v.get_mut("findings").and_then(Value::as_array_mut) {
        for (f, c) in fs.iter_mut().zip(of) {
            if let Some(obj) = f.as_object_mut() {
                obj.insert("cause".into(), json!(c));
            }
        }
    }
    if let Some(obj) = v.as_object_mut() {
        obj.insert("causes".into(), Value::Array(causes));
    }
}

/// Why each candidate correction was or was not reported as a cause (`crossfoot explain
/// causes REPORT`).
pub fn cause_trials(report: &Report, s: &crate::rules::causes::CauseSearch) -> String {
    use crate::rules::causes::TrialVerdict::*;
    let mut out = tr(
        format!(
            "在 {} 上寻找原因：试了 {} 个候选更正，重新计算 {} 次，{} 个因计算次数上限未试",
            report.path,
            s.trials.len(),
            s.evaluations,
            s.untried
        ),
        format!(
            "causes of {}: {} candidate corrections tried, {} evaluations, {} not tried for the evaluation limit",
            report.path,
            s.trials.len(),
            s.evaluations,
            s.untried
        ),
    );
    if s.settled > 0 {
        out.push_str(&tr(
            format!("，{} 个不必再试（已有一处更正解释了全部发现）", s.settled),
            format!(
                ", {} not needed (one change already explained every finding)",
                s.settled
            ),
        ));
    }
    out.push('\n');
    for t in &s.trials {
        let verdict = match t.verdict {
            Accepted => tr(
                format!("采纳：解释 {}", t.explained.join("、")),
                format!("accepted: explains {}", t.explained.join(", ")),
            ),
            Breaks => tr(
                format!("不采纳：会使原本通过的检查失败（{}）", t.broken.join("、")),
                format!(
                    "rejected: makes checks fail that passed ({})",
                    t.broken.join(", ")
                ),
            ),
            ExplainsNothing => tr(
                "不采纳：没有任何发现因此消失".into(),
                "rejected: no finding goes away".into(),
            ),
            TooLittle => tr(
                format!(
                    "不采纳：只解释 {}，报告中也看不出错误从何而来",
                    t.explained.join("、")
                ),
                format!(
                    "rejected: explains only {} and nothing in the report shows how the mistake was made",
                    t.explained.join(", ")
                ),
            ),
            Outranked => tr(
                format!(
                    "成立但未选：解释 {}，另一更正解释得更多或改动更小",
                    t.explained.join("、")
                ),
                format!(
                    "holds but not chosen: explains {}; another correction explains more or changes less",
                    t.explained.join(", ")
                ),
            ),
            NotEvaluated => tr(
                "不采纳：更正后的报告无法计算".into(),
                "rejected: the corrected report could not be evaluated".into(),
            ),
        };
        out.push_str(&format!("  · {}\n    {verdict}\n", t.correction));
    }
    out
}

// ---- compact human output ---------------------------------------------------------------

/// Cells a compact finding lists; the rest are counted (JSON lists them all).
const COMPACT_CELLS: usize = 8;

/// The compact human rendering of one finding: a block a person can scan — the head (severity,
/// rule, title, subject), the message, the values, the notes, where the rule is, and the cells
/// read with their `line:column` in the report. The miette form ([`render_finding`]) is
/// `--verbose`.
pub fn render_finding_compact(f: &Finding, pack: &Pack, report: &Report, style: Style) -> String {
    let (mark, colour) = match f.severity {
        Severity::Error => ("×", "\x1b[31;1m"),
        Severity::Warning => ("!", "\x1b[33;1m"),
        Severity::Info => ("i", "\x1b[36;1m"),
    };
    let subject = f
        .subject
        .as_deref()
        .map(|s| format!(" [{s}]"))
        .unwrap_or_default();
    let head = format!(
        "{mark} {} {} {}{subject}",
        text::severity_word(f.severity),
        f.rule,
        f.title
    );
    let mut out = String::new();
    if style.color {
        out.push_str(&format!("{colour}{head}\x1b[0m\n"));
    } else {
        out.push_str(&head);
        out.push('\n');
    }
    let mut lines: Vec<String> = vec![f.message.clone()];
    lines.extend(finding_help(f, pack));
    lines.push(text::compact_rule_line(
        &pack_place(pack, f.expr_loc),
        &format!("{}::{}", f.severity.as_str(), f.kind.as_str()),
    ));
    for l in lines {
        for part in l.lines() {
            out.push_str("  ");
            out.push_str(part);
            out.push('\n');
        }
    }
    let mut cells: Vec<&crate::rules::CellRef> = Vec::new();
    for c in &f.cells {
        if !cells.iter().any(|p| p.span == c.span) {
            cells.push(c);
        }
    }
    if !cells.is_empty() {
        out.push_str("  ");
        out.push_str(&text::compact_cells_heading(&report.path));
        out.push('\n');
        // a report imported from a PDF has no file a line could point into: its cells are
        // placed by page; a YAML report's by line:column (and page, when it records them)
        let from_pdf = crate::import::is_pdf_path(std::path::Path::new(&report.path));
        let page_of = |c: &crate::rules::CellRef| report.page_at(c.span.offset);
        let at: Vec<String> = cells
            .iter()
            .map(|c| match page_of(c) {
                Some(p) if from_pdf => format!("第{p}页"),
                _ => format!("{}:{}", c.span.line, c.span.column),
            })
            .collect();
        let width = at
            .iter()
            .take(COMPACT_CELLS)
            .map(|a| a.chars().count() + a.chars().filter(|c| !c.is_ascii()).count())
            .max()
            .unwrap_or(0);
        for (c, at) in cells.iter().zip(&at).take(COMPACT_CELLS) {
            // CJK characters are two columns wide
            let pad = width - (at.chars().count() + at.chars().filter(|c| !c.is_ascii()).count());
            let v = c.value.as_deref().unwrap_or(text::BLANK.get());
            let page = match page_of(c) {
                Some(p) if !from_pdf => format!("（第{p}页）"),
                _ => String::new(),
            };
            // the place of a whole section or table is its title: keep the line short
            let place = c.place.lines().next().unwrap_or("");
            // a text the rule read (a heading, a section) has no value of its own
            let value = if v.is_empty() {
                String::new()
            } else {
                format!(" = {v}")
            };
            out.push_str(&format!(
                "    {at}{}  {place}{value}{page}\n",
                " ".repeat(pad)
            ));
        }
        if cells.len() > COMPACT_CELLS {
            out.push_str("    ");
            out.push_str(&text::compact_more_cells(cells.len() - COMPACT_CELLS));
            out.push('\n');
        }
    }
    out
}
