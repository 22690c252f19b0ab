//! Pack tests (`crossfoot test DIR`): each case is a report — a base report, optionally with
//! some cells or claims changed — and the findings the pack must produce on it. The same
//! files serve as compliance snapshots: a folder of real reports with their expected
//! findings, re-run when the rules change; `--bless` rewrites the expectations.
//!
//! The case format (every field, the `index:` selector, `--bless`, `--coverage`) is
//! documented in docs/testing.md; in short:
//!
//! ```yaml
//! base: ../../fixtures/consistent-example.yaml     # relative to this file
//! pack: ../pack.rules                              # optional, relative to this file
//! cases:
//!   - name: 本年收入合计 off by one
//!     set:
//!       - {table: 收入支出决算总表, panel: 收入, row: 本年收入合计, column: 决算数, value: "101.00"}
//!       - {table: 支出决算表, index: 1, column: 基本支出, value: "~"}
//!       - {section: 收入, subject: 财政拨款收入, attr: 占比, value: "96.00%"}
//!     expect:
//!       - {rule: T01-1, severity: error}
//!     not_checked: [T07-1]      # optional: exactly the rules the report lacks a part for
//! ```

use std::path::{Path, PathBuf};

use crate::report::yaml::{Node, NodeKind, parse_tree};
use crate::report::{Limits, Report, load_report_with};
use crate::rules::{Finding, Pack, RuleVerdict, evaluate};

/// One expected (or found) finding: rule id, severity, and optionally a text that must occur
/// in the finding's subject or in one of its cells' places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    pub rule: String,
    pub severity: String,
    pub at: Option<String>,
}

impl Expect {
    fn matches(&self, f: &Finding) -> bool {
        self.rule == f.rule
            && self.severity == f.severity.as_str()
            && self.at.as_deref().is_none_or(|at| {
                f.subject.as_deref().is_some_and(|s| s.contains(at))
                    || f.cells.iter().any(|c| c.place.contains(at))
            })
    }

    fn of(f: &Finding) -> Expect {
        Expect {
            rule: f.rule.clone(),
            severity: f.severity.as_str().to_string(),
            at: f.subject.clone(),
        }
    }

    /// The one-line YAML form.
    pub fn yaml(&self) -> String {
        match &self.at {
            Some(at) => format!(
                "{{rule: {}, severity: {}, at: {}}}",
                self.rule,
                self.severity,
                yaml_str(at)
            ),
            None => format!("{{rule: {}, severity: {}}}", self.rule, self.severity),
        }
    }
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A change to the base report before it is loaded.
#[derive(Debug, Clone)]
enum Set {
    Cell {
        table: String,
        panel: Option<String>,
        row: String,
        column: Option<String>,
        value: String,
    },
    Claim {
        section: String,
        subject: String,
        attr: String,
        value: String,
    },
}

#[derive(Debug, Clone)]
struct Case {
    name: String,
    sets: Vec<Set>,
    expect: Vec<Expect>,
    /// byte range of the `expect` value in the case file (for `--bless`), and the indentation
    /// of its key
    expect_span: Option<(usize, usize, usize)>,
    /// when given, exactly the rules that must end not checked (the report lacks a part)
    not_checked: Option<Vec<String>>,
}

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub file: String,
    pub name: String,
    /// expected findings that were not produced
    pub missing: Vec<Expect>,
    /// produced findings that were not expected, with their messages
    pub unexpected: Vec<(Expect, String)>,
    /// the case could not be run (bad case file, a change that names no cell, a report that
    /// does not load, a pack that does not bind)
    pub error: Option<String>,
    /// every finding produced, for `--bless`
    pub found: Vec<Expect>,
    /// the verdict of every rule on the case's report, for `--coverage`
    pub verdicts: Vec<(String, RuleVerdict)>,
    /// the base report, as the file names it resolved against the file's folder
    pub base: Option<PathBuf>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.missing.is_empty() && self.unexpected.is_empty()
    }
}

/// The largest case file read (a case file is a few hundred lines).
const MAX_CASE_FILE_BYTES: u64 = 4 << 20;

/// A file read as text through the bounded reader (regular files only, at most `limit`).
fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = crate::fsio::read_bounded(path, limit).map_err(|e| e.to_string())?;
    String::from_utf8(bytes)
        .map_err(|_| crate::lang::pick("不是 UTF-8 文本", "not UTF-8 text").to_string())
}

/// The text of a case file, for [`bless`] and the diff it prints.
pub fn read_case_file(file: &Path) -> Result<String, String> {
    read_text(file, MAX_CASE_FILE_BYTES)
}

/// Every `*.yaml` case file under `dir`, sorted.
pub fn case_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| {
            crate::lang::pick(
                format!("无法读取 {}：{e}", d.display()),
                format!("cannot read {}: {e}", d.display()),
            )
        })?;
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Runs every case of one file.
pub fn run_file(pack: &Pack, file: &Path) -> Vec<CaseResult> {
    let display = file.display().to_string();
    let fail = |msg: String| {
        vec![CaseResult {
            file: display.clone(),
            name: "(file)".into(),
            missing: Vec::new(),
            unexpected: Vec::new(),
            error: Some(msg),
            found: Vec::new(),
            verdicts: Vec::new(),
            base: None,
        }]
    };
    let text = match read_case_file(file) {
        Ok(t) => t,
        Err(e) => {
            return fail(crate::lang::pick(
                format!("无法读取：{e}"),
                format!("cannot read: {e}"),
            ));
        }
    };
    let CaseFile { base, cases, .. } = match parse_cases(&text) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let base_path = file.parent().unwrap_or(Path::new(".")).join(&base);
    let base_text = match read_text(&base_path, Limits::default().max_bytes as u64) {
        Ok(t) => t,
        Err(e) => {
            return fail(crate::lang::pick(
                format!("无法读取基础报告 {}：{e}", base_path.display()),
                format!("cannot read base report {}: {e}", base_path.display()),
            ));
        }
    };
    let base_display = base_path.display().to_string();
    let base_report = match load_report_with(&base_display, base_text.clone(), &Limits::default()) {
        Ok(r) => r,
        Err(errs) => {
            return fail(crate::lang::pick(
                format!(
                    "基础报告无法载入：{}",
                    errs.first().map(|e| e.to_string()).unwrap_or_default()
                ),
                format!(
                    "the base report does not load: {}",
                    errs.first().map(|e| e.to_string()).unwrap_or_default()
                ),
            ));
        }
    };
    cases
        .into_iter()
        .map(|case| {
            run_case(
                pack,
                &display,
                &base_display,
                &base_text,
                &base_report,
                case,
            )
        })
        .map(|mut r| {
            r.base = Some(base_path.clone());
            r
        })
        .collect()
}

fn run_case(
    pack: &Pack,
    file: &str,
    base_display: &str,
    base_text: &str,
    base: &Report,
    case: Case,
) -> CaseResult {
    let mut result = CaseResult {
        file: file.to_string(),
        name: case.name.clone(),
        missing: Vec::new(),
        unexpected: Vec::new(),
        error: None,
        found: Vec::new(),
        verdicts: Vec::new(),
        base: None,
    };
    let mut edits = Vec::new();
    for s in &case.sets {
        match locate(base, s) {
            Ok(e) => edits.push(e),
            Err(msg) => {
                result.error = Some(msg);
                return result;
            }
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut text = base_text.to_string();
    for (start, end, value) in edits {
        text.replace_range(start..end, &value);
    }
    let path = if case.sets.is_empty() {
        base_display.to_string()
    } else {
        format!("{base_display} ({})", case.name)
    };
    let report = match load_report_with(&path, text, &Limits::default()) {
        Ok(r) => r,
        Err(errs) => {
            result.error = Some(crate::lang::pick(
                format!(
                    "修改后的报告无法载入：{}",
                    errs.first().map(|e| e.to_string()).unwrap_or_default()
                ),
                format!(
                    "the changed report does not load: {}",
                    errs.first().map(|e| e.to_string()).unwrap_or_default()
                ),
            ));
            return result;
        }
    };
    let outcome = match evaluate(pack, &report) {
        Ok(o) => o,
        Err(errs) => {
            result.error = Some(crate::lang::pick(
                format!(
                    "规则包与报告绑定失败：{}",
                    errs.first().map(|e| e.kind.to_string()).unwrap_or_default()
                ),
                format!(
                    "the pack does not bind to the report: {}",
                    errs.first().map(|e| e.kind.to_string()).unwrap_or_default()
                ),
            ));
            return result;
        }
    };
    let mut unmatched: Vec<&Finding> = outcome.findings.iter().collect();
    for e in &case.expect {
        match unmatched.iter().position(|f| e.matches(f)) {
            Some(i) => {
                unmatched.remove(i);
            }
            None => result.missing.push(e.clone()),
        }
    }
    result.unexpected = unmatched
        .into_iter()
        .map(|f| (Expect::of(f), f.message.clone()))
        .collect();
    result.found = outcome.findings.iter().map(Expect::of).collect();
    result.verdicts = outcome.verdicts.clone();
    if let Some(want) = &case.not_checked {
        let got: Vec<&str> = outcome
            .not_checked
            .iter()
            .map(|n| n.rule.as_str())
            .collect();
        let as_expect = |rule: &str| Expect {
            rule: rule.to_string(),
            severity: "not_checked".into(),
            at: None,
        };
        for w in want {
            if !got.contains(&w.as_str()) {
                result.missing.push(as_expect(w));
            }
        }
        for g in got {
            if !want.iter().any(|w| w == g) {
                result.unexpected.push((
                    as_expect(g),
                    crate::lang::pick("本报告未检查", "not checked on this report").into(),
                ));
            }
        }
    }
    result
}

/// The byte range of the value a change targets, and the replacement text.
fn locate(report: &Report, s: &Set) -> Result<(usize, usize, String), String> {
    match s {
        Set::Cell {
            table,
            panel,
            row,
            column,
            value,
        } => {
            let t = report.table(table).ok_or_else(|| {
                crate::lang::pick(
                    format!("set：报告中没有表 `{table}`"),
                    format!("set: the report has no table `{table}`"),
                )
            })?;
            let p = match panel {
                Some(pn) => t
                    .panels
                    .iter()
                    .find(|p| p.name.as_deref() == Some(pn.as_str()))
                    .ok_or_else(|| {
                        crate::lang::pick(
                            format!("set：表 `{table}` 没有分栏 `{pn}`"),
                            format!("set: table `{table}` has no panel `{pn}`"),
                        )
                    })?,
                None if t.panels.len() == 1 => &t.panels[0],
                None => {
                    return Err(crate::lang::pick(
                        format!("set：表 `{table}` 有多个分栏；请用 `panel:` 指明一个"),
                        format!("set: table `{table}` has several panels; name one with `panel:`"),
                    ));
                }
            };
            let r = if let Some(index) = row.strip_prefix("index:") {
                index
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .filter(|&i| i < p.rows.len())
            } else if let Some(code) = row.strip_prefix("code:") {
                p.row_by_code(code.trim())
            } else if let Some(line) = row.strip_prefix("line:") {
                line.trim().parse().ok().and_then(|l| p.row_by_line(l))
            } else {
                match p.rows_named(row) {
                    [one] => Some(*one),
                    [] => None,
                    _ => {
                        return Err(crate::lang::pick(
                            format!("set：有多行名为 `{row}`；请用 `code:` 或 `line:`"),
                            format!("set: several rows are named `{row}`; use `code:` or `line:`"),
                        ));
                    }
                }
            }
            .ok_or_else(|| {
                crate::lang::pick(
                    format!("set：`{table}` 中没有行 `{row}`"),
                    format!("set: no row `{row}` in `{table}`"),
                )
            })?;
            let c = match column {
                Some(cn) => p.column_named(cn).ok_or_else(|| {
                    crate::lang::pick(
                        format!("set：`{table}` 中没有列 `{cn}`"),
                        format!("set: no column `{cn}` in `{table}`"),
                    )
                })?,
                None if p.columns.len() == 1 => 0,
                None => {
                    return Err(crate::lang::pick(
                        format!("set：表 `{table}` 有多列；请用 `column:` 指明一列"),
                        format!(
                            "set: table `{table}` has several columns; name one with `column:`"
                        ),
                    ));
                }
            };
            let cell = p.rows[r].cells.get(c).ok_or_else(|| {
                crate::lang::pick("set：该行的单元格不够", "set: the row is short of cells")
                    .to_string()
            })?;
            Ok((
                cell.span.offset as usize,
                (cell.span.offset + cell.span.len) as usize,
                value.clone(),
            ))
        }
        Set::Claim {
            section,
            subject,
            attr,
            value,
        } => {
            let sec = report.section(section).ok_or_else(|| {
                crate::lang::pick(
                    format!("set：报告中没有说明部分 `{section}`"),
                    format!("set: the report has no narrative section `{section}`"),
                )
            })?;
            let c = sec.claim(subject).ok_or_else(|| {
                crate::lang::pick(
                    format!("set：说明部分 `{section}` 中没有关于 `{subject}` 的表述"),
                    format!("set: section `{section}` has no claim about `{subject}`"),
                )
            })?;
            let a = c.attr(attr).ok_or_else(|| {
                crate::lang::pick(
                    format!("set：表述 `{subject}` 没有 `{attr}`"),
                    format!("set: the claim `{subject}` has no `{attr}`"),
                )
            })?;
            Ok((
                a.span.offset as usize,
                (a.span.offset + a.span.len) as usize,
                value.clone(),
            ))
        }
    }
}

fn scalar<'a>(n: &'a Node) -> Option<&'a str> {
    n.scalar()
}

fn get<'a, 'b>(map: &'a [(Node<'b>, Node<'b>)], key: &str) -> Option<&'a Node<'b>> {
    map.iter()
        .find(|(k, _)| k.scalar() == Some(key))
        .map(|(_, v)| v)
}

fn at(n: &Node) -> String {
    crate::lang::pick(
        format!("第 {} 行第 {} 列", n.span.line, n.span.column),
        format!("line {}, column {}", n.span.line, n.span.column),
    )
}

/// A parsed case file.
struct CaseFile {
    base: String,
    /// the pack the cases are written for (`pack:`), as written: paths relative to the file
    pack: Vec<String>,
    cases: Vec<Case>,
}

fn parse_cases(text: &str) -> Result<CaseFile, String> {
    let root = parse_tree(text, 32).map_err(|(span, kind)| {
        crate::lang::pick(
            format!("第 {} 行第 {} 列：{kind}", span.line, span.column),
            format!("line {}, column {}: {kind}", span.line, span.column),
        )
    })?;
    let NodeKind::Map(top) = &root.kind else {
        return Err(crate::lang::pick(
            "用例文件是一个映射，含 `base` 和 `cases`",
            "a case file is a map with `base` and `cases`",
        )
        .into());
    };
    let base = get(top, "base")
        .and_then(scalar)
        .ok_or(crate::lang::pick(
            "用例文件需要 `base: REPORT.yaml`",
            "the case file needs `base: REPORT.yaml`",
        ))?
        .to_string();
    let pack = match get(top, "pack") {
        None => Vec::new(),
        Some(n) => match &n.kind {
            NodeKind::Seq(items) => items
                .iter()
                .map(|i| scalar(i).map(str::to_string).ok_or_else(|| pack_shape(i)))
                .collect::<Result<_, _>>()?,
            _ => vec![scalar(n).ok_or_else(|| pack_shape(n))?.to_string()],
        },
    };
    let Some(Node {
        kind: NodeKind::Seq(items),
        ..
    }) = get(top, "cases")
    else {
        return Err(crate::lang::pick(
            "用例文件需要 `cases:`，写用例的列表",
            "the case file needs `cases:` with a list of cases",
        )
        .into());
    };
    let mut cases = Vec::new();
    for item in items {
        let NodeKind::Map(m) = &item.kind else {
            return Err(crate::lang::pick(
                format!("{}：用例是一个映射，含 `name`、`set` 和 `expect`", at(item)),
                format!(
                    "{}: a case is a map with `name`, `set` and `expect`",
                    at(item)
                ),
            ));
        };
        let name = get(m, "name")
            .and_then(scalar)
            .unwrap_or("(unnamed)")
            .to_string();
        let mut sets = Vec::new();
        if let Some(Node {
            kind: NodeKind::Seq(ss),
            ..
        }) = get(m, "set")
        {
            for s in ss {
                let NodeKind::Map(sm) = &s.kind else {
                    return Err(crate::lang::pick(
                        format!("{}：修改是一个映射", at(s)),
                        format!("{}: a change is a map", at(s)),
                    ));
                };
                let f = |k: &str| get(sm, k).and_then(scalar).map(str::to_string);
                let value = f("value").ok_or_else(|| {
                    crate::lang::pick(
                        format!("{}：修改需要 `value`", at(s)),
                        format!("{}: a change needs `value`", at(s)),
                    )
                })?;
                let set = if let Some(section) = f("section") {
                    Set::Claim {
                        section,
                        subject: f("subject").ok_or_else(|| {
                            crate::lang::pick(
                                format!("{}：修改表述需要 `subject`", at(s)),
                                format!("{}: a claim change needs `subject`", at(s)),
                            )
                        })?,
                        attr: f("attr").unwrap_or_else(|| "金额".into()),
                        value,
                    }
                } else {
                    let row = match (f("row"), f("code"), f("line"), f("index")) {
                        (Some(r), ..) => r,
                        (None, Some(c), ..) => format!("code:{c}"),
                        (None, None, Some(l), _) => format!("line:{l}"),
                        (None, None, None, Some(i)) => format!("index:{i}"),
                        _ => {
                            return Err(crate::lang::pick(
                                format!(
                                    "{}：修改单元格需要 `row`（名称）、`code`、`line`（行次）或 `index`（第一个印刷行为 1）",
                                    at(s)
                                ),
                                format!(
                                    "{}: a cell change needs `row` (a label), `code`, `line` (行次) or `index` (1 for the first printed row)",
                                    at(s)
                                ),
                            ));
                        }
                    };
                    Set::Cell {
                        table: f("table").ok_or_else(|| {
                            crate::lang::pick(
                                format!("{}：修改单元格需要 `table`", at(s)),
                                format!("{}: a cell change needs `table`", at(s)),
                            )
                        })?,
                        panel: f("panel"),
                        row,
                        column: f("column"),
                        value,
                    }
                };
                sets.push(set);
            }
        }
        let mut expect = Vec::new();
        let mut expect_span = None;
        if let Some((k, v)) = m.iter().find(|(k, _)| k.scalar() == Some("expect")) {
            if let NodeKind::Seq(es) = &v.kind {
                for e in es {
                    let NodeKind::Map(em) = &e.kind else {
                        return Err(crate::lang::pick(
                            format!("{}：预期的问题写作 {{rule: ID, severity: LEVEL}}", at(e)),
                            format!(
                                "{}: an expected finding is {{rule: ID, severity: LEVEL}}",
                                at(e)
                            ),
                        ));
                    };
                    let f = |key: &str| get(em, key).and_then(scalar).map(str::to_string);
                    expect.push(Expect {
                        rule: f("rule").ok_or_else(|| {
                            crate::lang::pick(
                                format!("{}：预期的问题需要 `rule`", at(e)),
                                format!("{}: an expected finding needs `rule`", at(e)),
                            )
                        })?,
                        severity: f("severity").unwrap_or_else(|| "error".into()),
                        at: f("at"),
                    });
                }
            }
            // from just after `expect:` to the end of its value
            let key_end = (k.span.offset + k.span.len) as usize;
            let colon = text[key_end..]
                .find(':')
                .map_or(key_end, |i| key_end + i + 1);
            let value_end = (v.span.offset + v.span.len) as usize;
            expect_span = Some((colon, value_end.max(colon), k.span.column as usize - 1));
        }
        let not_checked = match get(m, "not_checked").map(|n| &n.kind) {
            Some(NodeKind::Seq(ids)) => Some(
                ids.iter()
                    .filter_map(|n| scalar(n).map(str::to_string))
                    .collect(),
            ),
            _ => None,
        };
        cases.push(Case {
            name,
            sets,
            expect,
            expect_span,
            not_checked,
        });
    }
    Ok(CaseFile { base, pack, cases })
}

fn pack_shape(n: &Node) -> String {
    crate::lang::pick(
        format!(
            "{}：`pack:` 写一个规则文件或规则包文件夹的路径（相对于用例文件），或路径的列表",
            at(n)
        ),
        format!(
            "{}: `pack:` is the path of a rule file or pack folder (relative to the case file), or a list of them",
            at(n)
        ),
    )
}

/// The pack a case file names (`pack:`), its paths resolved against the file's folder;
/// `None` when it names none.
pub fn pack_of(file: &Path) -> Result<Option<Vec<PathBuf>>, String> {
    let text = read_case_file(file).map_err(|e| {
        crate::lang::pick(
            format!("无法读取 {}：{e}", file.display()),
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    let parsed = parse_cases(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    if parsed.pack.is_empty() {
        return Ok(None);
    }
    let dir = file.parent().unwrap_or(Path::new("."));
    Ok(Some(parsed.pack.iter().map(|p| dir.join(p)).collect()))
}

/// Rewrites the `expect` lists of a case file with what was found. Returns the new text.
pub fn bless(file: &Path, results: &[CaseResult]) -> Result<String, String> {
    let text = read_case_file(file)?;
    let CaseFile { cases, .. } = parse_cases(&text)?;
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (case, result) in cases.iter().zip(results) {
        if result.error.is_some() {
            continue;
        }
        let Some((start, end, indent)) = case.expect_span else {
            continue;
        };
        let pad = " ".repeat(indent + 2);
        let mut body: String = if result.found.is_empty() {
            " []".to_string()
        } else {
            result
                .found
                .iter()
                .map(|e| format!("\n{pad}- {}", e.yaml()))
                .collect()
        };
        // a block list's span runs to the start of what follows: keep the line break and
        // indentation that separated it from the next entry
        let old = &text[start..end];
        body.push_str(&old[old.trim_end().len()..]);
        edits.push((start, end, body));
    }
    let mut out = text;
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (s, e, b) in edits {
        out.replace_range(s..e, &b);
    }
    Ok(out)
}

/// What a failing case differs in, one line each: `- expected, not found: {…}` and
/// `+ found, not expected: {…}  (message)`.
pub fn difference_lines(r: &CaseResult) -> Vec<String> {
    let mut out: Vec<String> = r
        .missing
        .iter()
        .map(|m| format!("- {}{}", crate::rules::text::EXPECTED_NOT_FOUND, m.yaml()))
        .collect();
    out.extend(r.unexpected.iter().map(|(u, msg)| {
        format!(
            "+ {}{}  ({msg})",
            crate::rules::text::FOUND_NOT_EXPECTED,
            u.yaml()
        )
    }));
    out
}

fn expect_json(e: &Expect) -> serde_json::Value {
    serde_json::json!({"rule": e.rule, "severity": e.severity, "at": e.at})
}

/// One case's result for `crossfoot test --format json` (see docs/testing.md).
pub fn result_json(r: &CaseResult) -> serde_json::Value {
    let status = if r.error.is_some() {
        "error"
    } else if r.passed() {
        "passed"
    } else {
        "failed"
    };
    serde_json::json!({
        "file": r.file,
        "name": r.name,
        "status": status,
        "error": r.error,
        "missing": r.missing.iter().map(expect_json).collect::<Vec<_>>(),
        "unexpected": r.unexpected.iter().map(|(e, msg)| {
            let mut v = expect_json(e);
            v["message"] = serde_json::json!(msg);
            v
        }).collect::<Vec<_>>(),
    })
}

/// A line diff of `old` to `new` in unified form (`---`/`+++` headers, `@@` hunks with two
/// lines of context); empty when they are equal. Case files are small: a plain LCS table.
pub fn unified_diff(old: &str, new: &str, label: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a == b {
        return String::new();
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..]
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // the edit script: (' ' | '-' | '+', old line index, new line index, text)
    let mut ops: Vec<(char, usize, usize, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i, j, a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // removals before additions, as diff prints them
            ops.push(('-', i, j, a[i]));
            i += 1;
        } else {
            ops.push(('+', i, j, b[j]));
            j += 1;
        }
    }
    const CONTEXT: usize = 2;
    let mut out = format!("--- {label}\n+++ {label}\n");
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 2 * CONTEXT + 1 {
            end = changed[k];
            k += 1;
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        let hunk = &ops[start..end];
        let old_len = hunk.iter().filter(|o| o.0 != '+').count();
        let new_len = hunk.iter().filter(|o| o.0 != '-').count();
        let (old_start, new_start) = (hunk[0].1 + 1, hunk[0].2 + 1);
        out.push_str(&format!(
            "@@ -{old_start},{old_len} +{new_start},{new_len} @@\n"
        ));
        for (op, _, _, line) in hunk {
            out.push_str(&format!("{op}{line}\n"));
        }
    }
    out
}

/// What the cases of a run cover: for each rule of the pack, the cases (that passed) in
/// which it held and those in which it failed as expected; and for each base report, the
/// cells with a value and the stated numbers no rule reads.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub rules: Vec<RuleCoverage>,
    pub reports: Vec<ReportCoverage>,
}

#[derive(Debug, Clone)]
pub struct RuleCoverage {
    pub rule: String,
    /// `file › case` of each passing case in which the rule held
    pub passing: Vec<String>,
    /// `file › case` of each passing case in which the rule failed (its findings expected)
    pub failing: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ReportCoverage {
    pub path: String,
    /// cells with a value, and stated numbers, in the report
    pub total: usize,
    /// those no rule of the pack reads on the report
    pub unread: Vec<UnreadCell>,
}

#[derive(Debug, Clone)]
pub struct UnreadCell {
    /// `表 › 分栏 › 行 › 列`, or `说明部分 › 表述 › 属性`
    pub place: String,
    pub line: u32,
    pub column: u32,
}

/// Every cell with a value and every stated number of a report, with its place.
fn readable_cells(report: &Report) -> Vec<(String, crate::report::Span)> {
    let mut out = Vec::new();
    for t in &report.tables {
        for p in &t.panels {
            for row in &p.rows {
                let label = row
                    .name
                    .as_ref()
                    .map(|n| n.text.clone())
                    .or_else(|| row.code.as_ref().map(|c| c.text.clone()))
                    .or_else(|| row.line.as_ref().map(|l| l.value.to_string()))
                    .unwrap_or_default();
                for (c, cell) in row.cells.iter().enumerate() {
                    if cell.value.is_none() {
                        continue;
                    }
                    let mut place = vec![t.title.as_str()];
                    if let Some(n) = &p.name {
                        place.push(n);
                    }
                    place.push(&label);
                    if let Some(col) = p.columns.get(c) {
                        place.push(&col.name);
                    }
                    out.push((place.join(" › "), cell.span));
                }
            }
        }
    }
    for s in &report.narrative {
        for c in &s.claims {
            for (attr, stated) in &c.attrs {
                // a word (持平, 大于) is no number
                if matches!(stated.value, crate::report::StatedValue::Word(_)) {
                    continue;
                }
                out.push((
                    format!("{} › {} › {attr}", s.key, c.subject.text),
                    stated.span,
                ));
            }
        }
    }
    out
}

/// A path with `x/..` and `.` taken out, as written (no file system look-up):
/// `rules/tests/../../fixtures/a.yaml` is `fixtures/a.yaml`.
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out.iter().collect()
}

/// The coverage of a run's results (see [`Coverage`]). Base reports are read again and every
/// rule is traced on each (as `crossfoot explain` does) to learn which cells it reads.
pub fn coverage(pack: &Pack, results: &[CaseResult]) -> Coverage {
    let mut cov = Coverage::default();
    for rule in &pack.rules {
        let id = rule.id.text.as_str();
        let mut rc = RuleCoverage {
            rule: id.to_string(),
            passing: Vec::new(),
            failing: Vec::new(),
        };
        for r in results.iter().filter(|r| r.passed()) {
            let label = format!("{} › {}", r.file, r.name);
            match r.verdicts.iter().find(|(v, _)| v == id).map(|(_, v)| *v) {
                Some(RuleVerdict::Passed) => rc.passing.push(label),
                Some(RuleVerdict::Failed) => rc.failing.push(label),
                _ => {}
            }
        }
        cov.rules.push(rc);
    }
    let mut bases: Vec<&PathBuf> = results.iter().filter_map(|r| r.base.as_ref()).collect();
    bases.sort();
    bases.dedup();
    for base in bases {
        let path = tidy(base).display().to_string();
        let Ok(text) = read_text(base, Limits::default().max_bytes as u64) else {
            continue;
        };
        let Ok(report) = load_report_with(&path, text, &Limits::default()) else {
            continue;
        };
        let mut read = std::collections::HashSet::new();
        for rule in &pack.rules {
            if let Some(Ok((trace, _))) = crate::rules::explain(pack, &report, &rule.id.text) {
                for step in trace {
                    if let Some(c) = step.cell {
                        read.insert(c.span.offset);
                    }
                }
            }
        }
        let cells = readable_cells(&report);
        let total = cells.len();
        let unread = cells
            .into_iter()
            .filter(|(_, span)| !read.contains(&span.offset))
            .map(|(place, span)| UnreadCell {
                place,
                line: span.line,
                column: span.column,
            })
            .collect();
        cov.reports.push(ReportCoverage {
            path,
            total,
            unread,
        });
    }
    cov
}

impl Coverage {
    /// The rules that lack a passing or a failing case.
    pub fn incomplete(&self) -> impl Iterator<Item = &RuleCoverage> {
        self.rules
            .iter()
            .filter(|r| r.passing.is_empty() || r.failing.is_empty())
    }

    /// The coverage report for people, in the current language.
    pub fn human(&self) -> String {
        let mut out = String::new();
        let complete = self.rules.len() - self.incomplete().count();
        out.push_str(&crate::lang::pick(
            format!(
                "覆盖情况：{} 条规则中 {complete} 条既有通过的用例也有不通过的用例\n",
                self.rules.len()
            ),
            format!(
                "coverage: {complete} of {} rules have both a passing and a failing case\n",
                self.rules.len()
            ),
        ));
        for r in self.incomplete() {
            let what = match (r.passing.is_empty(), r.failing.is_empty()) {
                (true, true) => crate::lang::pick("没有任何用例检验", "no case exercises it"),
                (true, false) => crate::lang::pick("没有它通过的用例", "no case in which it holds"),
                _ => crate::lang::pick("没有它不通过的用例", "no case in which it fails"),
            };
            out.push_str(&format!("  {}  {what}\n", r.rule));
        }
        for rep in &self.reports {
            out.push_str(&crate::lang::pick(
                format!(
                    "{}：{} 个有数值的单元格和表述中，{} 个没有任何规则读取\n",
                    rep.path,
                    rep.total,
                    rep.unread.len()
                ),
                format!(
                    "{}: {} of {} cells with a value and stated numbers are read by no rule\n",
                    rep.path,
                    rep.unread.len(),
                    rep.total
                ),
            ));
            for c in &rep.unread {
                out.push_str(&format!(
                    "  {}:{}:{}  {}\n",
                    rep.path, c.line, c.column, c.place
                ));
            }
        }
        out
    }

    /// The coverage report for machines (see docs/testing.md).
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "rules": self.rules.iter().map(|r| serde_json::json!({
                "rule": r.rule,
                "passing": r.passing,
                "failing": r.failing,
            })).collect::<Vec<_>>(),
            "reports": self.reports.iter().map(|r| serde_json::json!({
                "path": r.path,
                "cells": r.total,
                "unread": r.unread.iter().map(|c| serde_json::json!({
                    "place": c.place, "line": c.line, "column": c.column,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unified_diff_shows_the_changed_lines_with_context() {
        let old = "a\nb\nexpect:\n  - {rule: X, severity: error}\nz\n";
        let new = "a\nb\nexpect:\n  - {rule: Y, severity: warning}\nz\n";
        let d = unified_diff(old, new, "f.yaml");
        assert_eq!(
            d,
            "--- f.yaml\n+++ f.yaml\n@@ -2,4 +2,4 @@\n b\n expect:\n-  - {rule: X, severity: error}\n+  - {rule: Y, severity: warning}\n z\n"
        );
        assert_eq!(unified_diff(old, old, "f.yaml"), "");
    }
}
