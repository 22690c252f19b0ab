//! SARIF 2.1.0 output of `crossfoot check --format sarif`, for code-scanning services and
//! editors (see docs/output.md).
//!
//! One log, one run: the pack's rules are the driver's `rules`, each with its place in the
//! pack; every finding is a result whose `locations` are the report cells it read (a mismatch
//! can be fixed at any of them) and whose `relatedLocations` are the failing expression and
//! the rule in the pack. A rule that could not be checked is a result of kind `open` (SARIF's
//! "could not be determined"), level `none`. A report that could not be loaded is a tool
//! notification of the invocation, which is then not successful.
//!
//! Library code: builds text; the CLI prints it. Results are built per report (in the worker
//! threads of a batch) and streamed between the log's head and tail, so a batch is not held
//! in memory twice.

use serde_json::{Map, Value, json};

use crate::report::{Report, Span};
use crate::rules::ast::{Loc, Severity};
use crate::rules::text;
use crate::rules::{Outcome, Pack};

/// The `$schema` of the log: the OASIS standard's schema (a copy is in tests/data).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The `uriBaseId` of the files of the built-in standard pack (`<builtin>/tables.rules`).
pub const BUILTIN_BASE: &str = "CROSSFOOT_STANDARD_PACK";

const BUILTIN_PREFIX: &str = "<builtin>/";

/// Placeholder for the streamed results inside the log skeleton.
const MARKER: &str = "\u{1}crossfoot-results\u{1}";

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a path for a URI reference: unreserved characters and `/` stay, anything
/// else (CJK, spaces, `%`) becomes `%XX` of its UTF-8 bytes.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The SARIF `artifactLocation` of a file as crossfoot names it: a relative path stays
/// relative (to the directory crossfoot ran in, `%SRCROOT%` for most consumers), an absolute
/// one becomes a `file://` URI, and a file of the built-in pack is relative to
/// [`BUILTIN_BASE`].
pub fn artifact_location(path: &str) -> Value {
    if let Some(name) = path.strip_prefix(BUILTIN_PREFIX) {
        return json!({"uri": encode_path(name), "uriBaseId": BUILTIN_BASE});
    }
    let slashed = path.replace('\\', "/");
    if slashed.starts_with('/') {
        return json!({"uri": format!("file://{}", encode_path(&slashed))});
    }
    // a Windows drive path (`C:/…`)
    if slashed.as_bytes().get(1) == Some(&b':') {
        return json!({"uri": format!("file:///{}", encode_path(&slashed))});
    }
    json!({"uri": encode_path(slashed.strip_prefix("./").unwrap_or(&slashed))})
}

/// A region from a 1-based line and column (in characters) and the text it covers. A span
/// over several lines (a table, a whole rule) is given by its first line only.
fn region(line: u32, column: u32, covered: Option<&str>) -> Value {
    let mut r = Map::new();
    r.insert("startLine".into(), json!(line.max(1)));
    r.insert("startColumn".into(), json!(column.max(1)));
    let first = covered.map(|t| t.lines().next().unwrap_or("").trim_end());
    if let Some(t) = first.filter(|t| !t.is_empty()) {
        r.insert(
            "endColumn".into(),
            json!(column.max(1) as usize + t.chars().count()),
        );
        r.insert("snippet".into(), json!({"text": t}));
    }
    Value::Object(r)
}

fn physical(artifact: Value, region: Option<Value>) -> Value {
    let mut p = Map::new();
    p.insert("artifactLocation".into(), artifact);
    if let Some(r) = region {
        p.insert("region".into(), r);
    }
    Value::Object(p)
}

/// The physical location of a place in the pack.
fn pack_location(pack: &Pack, loc: Loc) -> Value {
    let file = pack.file(loc);
    let covered = file.and_then(|f| {
        f.text
            .get(loc.offset as usize..(loc.offset + loc.len) as usize)
    });
    physical(
        artifact_location(file.map_or("", |f| f.path.as_str())),
        Some(region(loc.line, loc.column, covered)),
    )
}

/// The physical location of a span of the report. A report checked from its PDF has no
/// line to point at (the spans are in the YAML imported in memory): the PDF itself, and the
/// page goes into the location's properties.
fn report_location(report: &Report, span: Span) -> Value {
    if from_pdf(report) {
        return physical(artifact_location(&report.path), None);
    }
    physical(
        artifact_location(&report.path),
        Some(region(
            span.line,
            span.column,
            report.source.get(span.range()),
        )),
    )
}

fn from_pdf(report: &Report) -> bool {
    crate::import::is_pdf_path(std::path::Path::new(&report.path))
}

/// A location of the report (see [`report_location`]) with its message and, for a report
/// checked from its PDF, the page.
fn report_place(report: &Report, span: Span, message: Option<String>) -> Value {
    let mut l = Map::new();
    l.insert("physicalLocation".into(), report_location(report, span));
    let page = if from_pdf(report) {
        report.page_at(span.offset)
    } else {
        None
    };
    if let Some(mut m) = message {
        if let Some(p) = page {
            m.push_str(&crate::lang::pick(
                format!("（第{p}页）"),
                format!(" (page {p})"),
            ));
        }
        l.insert("message".into(), json!({ "text": m }));
    }
    if let Some(p) = page {
        l.insert("properties".into(), json!({ "page": p }));
    }
    Value::Object(l)
}

/// The rule's source text as written in the pack.
fn rule_text(pack: &Pack, loc: Loc) -> Option<&str> {
    pack.file(loc)?
        .text
        .get(loc.offset as usize..(loc.offset + loc.len) as usize)
}

/// The driver's `rules`: every rule in effect, in pack order, with its place in the pack.
pub fn rules(pack: &Pack) -> Vec<Value> {
    pack.rules
        .iter()
        .map(|r| {
            let mut d = Map::new();
            d.insert("id".into(), json!(r.id.text));
            d.insert("shortDescription".into(), json!({"text": r.title}));
            if let Some(t) = rule_text(pack, r.loc) {
                d.insert("fullDescription".into(), json!({"text": t}));
            }
            d.insert(
                "defaultConfiguration".into(),
                json!({"level": level(r.severity)}),
            );
            d.insert(
                "properties".into(),
                json!({
                    "severity": r.severity.as_str(),
                    "packLocation": pack_location(pack, r.loc),
                }),
            );
            Value::Object(d)
        })
        .collect()
}

/// The results of one report: its findings, then its rules that could not be checked.
pub fn results(report: &Report, pack: &Pack, o: &Outcome) -> Vec<Value> {
    let index = |id: &str| pack.rules.iter().position(|r| r.id.text == id);
    let mut out = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for f in &o.findings {
        let mut locations: Vec<Value> = f
            .cells
            .iter()
            .map(|c| {
                let value = c.value.as_deref().unwrap_or(text::BLANK.get());
                let mut l =
                    report_place(report, c.span, Some(format!("{} = {value}", c.reference)));
                l["logicalLocations"] = json!([{"fullyQualifiedName": c.place, "kind": "element"}]);
                l
            })
            .collect();
        if locations.is_empty() {
            locations
                .push(json!({"physicalLocation": physical(artifact_location(&report.path), None)}));
        }
        let related = vec![
            json!({
                "id": 1,
                "physicalLocation": pack_location(pack, f.expr_loc),
                "message": {"text": crate::lang::pick("此处不成立", "this does not hold")},
            }),
            json!({
                "id": 2,
                "physicalLocation": pack_location(pack, f.rule_loc),
                "message": {"text": text::rule_label(&f.rule)},
            }),
        ];
        let mut props = Map::new();
        props.insert("kind".into(), json!(f.kind.as_str()));
        props.insert("title".into(), json!(f.title));
        if let Some(s) = &f.subject {
            props.insert("subject".into(), json!(s));
        }
        if let Some(v) = &f.values {
            props.insert(
                "values".into(),
                json!({"left": machine_value(&v.left), "right": machine_value(&v.right), "difference": v.difference, "slack": v.slack}),
            );
        }
        if !f.notes.is_empty() {
            props.insert("notes".into(), json!(f.notes));
        }
        let mut message = f.message.clone();
        for n in &f.notes {
            message.push('\n');
            message.push_str(n);
        }
        let mut print = fingerprint(report, pack, f);
        // a second finding with all the same parts (the same expression met twice)
        let n = seen.entry(print.clone()).or_insert(0usize);
        *n += 1;
        if *n > 1 {
            print.push_str(&format!(":{n}"));
        }
        let mut r = Map::new();
        r.insert("ruleId".into(), json!(f.rule));
        if let Some(i) = index(&f.rule) {
            r.insert("ruleIndex".into(), json!(i));
        }
        r.insert("kind".into(), json!("fail"));
        r.insert("level".into(), json!(level(f.severity)));
        r.insert("message".into(), json!({"text": message}));
        r.insert("locations".into(), Value::Array(locations));
        r.insert("relatedLocations".into(), Value::Array(related));
        r.insert(
            "partialFingerprints".into(),
            json!({ "crossfoot/v1": print }),
        );
        r.insert("properties".into(), Value::Object(props));
        out.push(Value::Object(r));
    }
    for nc in &o.not_checked {
        for m in &nc.missing {
            let mut message = text::missing_part(m);
            if let Some(h) = &m.help {
                message.push('\n');
                message.push_str(h);
            }
            let location = match m.report_span {
                Some(s) => report_place(report, s, None),
                None => {
                    json!({"physicalLocation": physical(artifact_location(&report.path), None)})
                }
            };
            let mut r = Map::new();
            r.insert("ruleId".into(), json!(nc.rule));
            if let Some(i) = index(&nc.rule) {
                r.insert("ruleIndex".into(), json!(i));
            }
            r.insert("kind".into(), json!("open"));
            r.insert("level".into(), json!("none"));
            r.insert("message".into(), json!({"text": message}));
            r.insert("locations".into(), json!([location]));
            r.insert(
                "relatedLocations".into(),
                json!([{
                    "id": 1,
                    "physicalLocation": pack_location(pack, m.loc),
                    "message": {"text": text::rule_label(&nc.rule)},
                }]),
            );
            r.insert(
                "properties".into(),
                json!({"notChecked": true, "missing": m.kind.as_str(), "name": m.name, "table": m.table}),
            );
            out.push(Value::Object(r));
        }
    }
    out
}

/// A value of `values` as in the JSON output: a blank cell is `"blank"` in every language.
fn machine_value(v: &str) -> &str {
    if v == text::BLANK.zh || v == text::BLANK.en {
        "blank"
    } else {
        v
    }
}

/// A fingerprint (FNV-1a, 64 bits, hex) of what identifies a finding across runs and
/// languages: the report, the rule, the failing expression's text, the kind, the subject and
/// the references of the cells read — not the values (a corrected figure that still fails
/// stays the same alert) nor line numbers (moving a rule in its file changes nothing).
fn fingerprint(report: &Report, pack: &Pack, f: &crate::rules::Finding) -> String {
    let mut parts: Vec<&str> = vec![
        &report.path,
        &f.rule,
        rule_text(pack, f.expr_loc).unwrap_or(""),
        f.kind.as_str(),
        f.subject.as_deref().unwrap_or(""),
    ];
    parts.extend(f.cells.iter().map(|c| c.reference.as_str()));
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// One report's results as text to stream into the log (see [`Stream`]); empty when the
/// report has none.
pub fn results_text(report: &Report, pack: &Pack, o: &Outcome) -> String {
    results(report, pack, o)
        .iter()
        .map(|r| serde_json::to_string_pretty(r).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(",\n")
}

/// A SARIF log written as reports are checked: [`Stream::head`], then [`Stream::push`] for
/// each report's [`results_text`], then [`Stream::tail`].
#[derive(Debug)]
pub struct Stream {
    driver: Value,
    language: &'static str,
    /// the indentation of a result in the pretty-printed log
    indent: String,
    any: bool,
    notifications: Vec<Value>,
}

impl Stream {
    pub fn new(pack: &Pack) -> Stream {
        let mut props = Map::new();
        if let Some(n) = &pack.name {
            props.insert("pack".into(), json!(n));
        }
        if let Some(v) = &pack.version {
            props.insert("packVersion".into(), json!(v));
        }
        let mut driver = Map::new();
        driver.insert("name".into(), json!("crossfoot"));
        driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
        driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
        driver.insert("rules".into(), Value::Array(rules(pack)));
        if !props.is_empty() {
            driver.insert("properties".into(), Value::Object(props));
        }
        let mut s = Stream {
            driver: Value::Object(driver),
            language: crate::lang::pick("zh-CN", "en-US"),
            indent: String::new(),
            any: false,
            notifications: Vec::new(),
        };
        let (head, _) = s.split();
        // the marker's line up to the marker: the indentation of a result
        s.indent = head.rsplit('\n').next().unwrap_or_default().to_string();
        s
    }

    /// The whole log pretty-printed around the results marker: (head, tail). Results come
    /// before the invocation, so the head does not depend on what the batch meets.
    fn split(&self) -> (String, String) {
        let doc = json!({
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": self.driver},
                "language": self.language,
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {
                    BUILTIN_BASE: {"description": {"text": crate::lang::pick(
                        "crossfoot 内置的标准规则包（源代码中的 rules/ 文件夹）",
                        "the standard pack built into crossfoot (the rules/ folder of its source)",
                    )}}
                },
                "results": [MARKER],
                "invocations": [{
                    "executionSuccessful": self.notifications.is_empty(),
                    "toolExecutionNotifications": self.notifications,
                }],
            }],
        });
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        let quoted = serde_json::to_string(MARKER).unwrap_or_default();
        match text.split_once(&quoted) {
            Some((h, t)) => (h.to_string(), t.to_string()),
            None => (text, String::new()),
        }
    }

    /// Everything before the first result.
    pub fn head(&self) -> String {
        let (head, _) = self.split();
        head.trim_end().to_string()
    }

    /// One report's results (from [`results_text`]), indented into place.
    pub fn push(&mut self, results: &str) -> String {
        if results.is_empty() {
            return String::new();
        }
        let sep = if self.any { "," } else { "" };
        self.any = true;
        let body = results.replace('\n', &format!("\n{}", self.indent));
        format!("{sep}\n{}{body}", self.indent)
    }

    /// A report that could not be checked: a notification of the run, located at the report.
    pub fn unusable(&mut self, path: &str, message: &str) {
        self.notifications.push(json!({
            "level": "error",
            "message": {"text": strip_ansi(message).trim_end()},
            "locations": [{"physicalLocation": physical(artifact_location(path), None)}],
        }));
    }

    /// Everything after the last result, ending in a newline.
    pub fn tail(&self) -> String {
        let (_, tail) = self.split();
        // without results the array is written `[]`
        let tail = if self.any { &tail } else { tail.trim_start() };
        format!("{tail}\n")
    }
}

/// Text without terminal colour codes (`ESC [ … m`).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            artifact_location("fixtures/荷塘 2023.yaml")["uri"],
            "fixtures/%E8%8D%B7%E5%A1%98%202023.yaml"
        );
        assert_eq!(artifact_location("./a.yaml")["uri"], "a.yaml");
        assert_eq!(
            artifact_location("/srv/r/a.yaml")["uri"],
            "file:///srv/r/a.yaml"
        );
        let b = artifact_location("<builtin>/tables.rules");
        assert_eq!(b["uri"], "tables.rules");
        assert_eq!(b["uriBaseId"], BUILTIN_BASE);
    }

    #[test]
    fn regions_count_characters() {
        let r = region(3, 5, Some("合计"));
        assert_eq!(r["endColumn"], 7);
        let r = region(3, 5, Some("title: t\n  rows: []\n"));
        assert_eq!(r["endColumn"], 13);
        assert_eq!(r["snippet"]["text"], "title: t");
    }

    #[test]
    fn colour_codes_are_removed() {
        assert_eq!(strip_ansi("\u{1b}[31merror\u{1b}[0m: x"), "error: x");
    }
}
