//! The HTML review of a batch (`crossfoot review`): static, self-contained pages a reviewer
//! opens from disk, prints on A4 and hands on. No server, no external asset: the CSS and the
//! little script (sorting and filtering the index) are inline.
//!
//! Each report gets a page with its findings, then its tables drawn as printed (panels side by
//! side, 科目编码, 项目, 行次, 栏次) and its narrative prose with every stated number marked.
//! Every cell or stated number a finding read is highlighted and linked both ways: the finding
//! lists its cells (`#c<offset>`), the cell carries the numbers of its findings (`#f<n>`).
//! Anchors are the byte offsets of the values in the report's YAML, unique within a page.
//!
//! This module returns strings; the CLI writes the files. All report and pack text is
//! HTML-escaped here ([`esc`]).

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use crate::lang;
use crate::report::{Claim, KeyKind, Report, Span, StatedValue, Table};
use crate::rules::ast::Severity;
use crate::rules::text;
use crate::rules::{Finding, Outcome, Pack};

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn t(zh: &'static str, en: &'static str) -> &'static str {
    lang::pick(zh, en)
}

/// `问题（4）`, `Findings (4)`.
fn counted(what: &str, n: usize) -> String {
    lang::pick(format!("{what}（{n}）"), format!("{what} ({n})"))
}

fn sev_class(s: Severity) -> &'static str {
    s.as_str()
}

/// The file name of report `index` (0-based) of a batch: a number (names repeat across
/// folders) and the file's stem, reduced to characters safe in a URL and a file system.
pub fn page_file_name(index: usize, path: &str) -> String {
    let stem = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric()
                || c == '-'
                || c == '_'
                || (!c.is_ascii() && c.is_alphanumeric())
            {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    format!("{:04}-{safe}.html", index + 1)
}

// ---- the index --------------------------------------------------------------------------

/// One line of the index: a checked report, or one that could not be checked.
#[derive(Debug, Clone)]
pub struct IndexRow {
    pub path: String,
    pub unit: String,
    pub year: Option<u32>,
    /// the report's page, when it was checked
    pub href: Option<String>,
    /// findings by severity: error, warning, info
    pub counts: [usize; 3],
    pub not_checked: usize,
    pub rules: usize,
    pub passed: usize,
    /// (rule id, severity) of every finding, for the filters
    pub findings: Vec<(String, Severity)>,
    /// why the report could not be checked
    pub problem: Option<String>,
}

impl IndexRow {
    pub fn checked(report: &Report, outcome: &Outcome, href: String) -> Self {
        IndexRow {
            path: report.path.clone(),
            unit: report.unit.clone(),
            year: report.year,
            href: Some(href),
            counts: [
                outcome.count(Severity::Error),
                outcome.count(Severity::Warning),
                outcome.count(Severity::Info),
            ],
            not_checked: outcome.not_checked.len(),
            rules: outcome.rules,
            passed: outcome.passed,
            findings: outcome
                .findings
                .iter()
                .map(|f| (f.rule.clone(), f.severity))
                .collect(),
            problem: None,
        }
    }

    pub fn unusable(path: &str, problem: &str) -> Self {
        IndexRow {
            path: path.to_string(),
            unit: String::new(),
            year: None,
            href: None,
            counts: [0; 3],
            not_checked: 0,
            rules: 0,
            passed: 0,
            findings: Vec::new(),
            problem: Some(problem.to_string()),
        }
    }
}

/// The index page: every report with its counts; sortable by any column, filterable by rule,
/// severity and a search text.
pub fn index_page(pack: &Pack, rows: &[IndexRow]) -> String {
    let mut h = String::new();
    head(&mut h, t("审核报告：索引", "Review: index"));
    let pack_name = match (&pack.name, &pack.version) {
        (Some(n), Some(v)) => format!("{n}（{v}）"),
        (Some(n), None) => n.clone(),
        _ => t("内置标准规则包", "the built-in standard pack").to_string(),
    };
    let totals = rows.iter().fold([0usize; 3], |mut a, r| {
        for (k, n) in r.counts.iter().enumerate() {
            a[k] += n;
        }
        a
    });
    let _ = writeln!(
        h,
        "<header><h1>{}</h1><p class=\"meta\">{} {} · {} {} · {} {} · {} {} · {} {}</p></header>",
        t("部门决算审核报告", "Final-accounts review"),
        t("规则包", "pack"),
        esc(&pack_name),
        t("报告", "reports"),
        rows.len(),
        t("错误", "errors"),
        totals[0],
        t("警告", "warnings"),
        totals[1],
        t("提示", "info"),
        totals[2],
    );
    // the rules that have findings anywhere, in pack order, for the rule filter
    let found: HashSet<&str> = rows
        .iter()
        .flat_map(|r| r.findings.iter().map(|(id, _)| id.as_str()))
        .collect();
    h.push_str("<div class=\"filters\" role=\"search\">");
    let _ = write!(
        h,
        "<label>{} <select id=\"rule\"><option value=\"\">{}</option>",
        t("规则", "rule"),
        t("全部", "all")
    );
    for r in pack
        .rules
        .iter()
        .filter(|r| found.contains(r.id.text.as_str()))
    {
        let _ = write!(
            h,
            "<option value=\"{}\">{} {}</option>",
            esc(&r.id.text),
            esc(&r.id.text),
            esc(&r.title)
        );
    }
    let _ = writeln!(
        h,
        "</select></label> <label>{} <select id=\"sev\"><option value=\"\">{}</option>\
         <option value=\"error\">{}</option><option value=\"warning\">{}</option>\
         <option value=\"info\">{}</option></select></label> \
         <label>{} <input id=\"q\" type=\"search\"></label> <span id=\"shown\"></span></div>",
        t("严重程度", "severity"),
        t("全部", "all"),
        t("错误", "error"),
        t("警告", "warning"),
        t("提示", "info"),
        t("搜索单位或文件", "search unit or file"),
    );
    let cols = [
        ("text", t("单位", "unit")),
        ("num", t("年度", "year")),
        ("text", t("文件", "file")),
        ("num", t("错误", "errors")),
        ("num", t("警告", "warnings")),
        ("num", t("提示", "info")),
        ("num", t("未检查", "not checked")),
        ("num", t("通过 / 规则", "passed / rules")),
    ];
    h.push_str("<table id=\"reports\" class=\"index\"><thead><tr>");
    for (kind, name) in cols {
        let _ = write!(
            h,
            "<th data-type=\"{kind}\" tabindex=\"0\" title=\"{}\">{name}</th>",
            t("点击排序", "click to sort")
        );
    }
    h.push_str("</tr></thead><tbody>\n");
    for r in rows {
        let findings: Vec<String> = r
            .findings
            .iter()
            .map(|(id, s)| format!("{}:{}", esc(id), s.as_str()))
            .collect();
        let class = if r.problem.is_some() {
            "unusable"
        } else if r.counts[0] > 0 {
            "has-error"
        } else if r.counts[1] > 0 {
            "has-warning"
        } else {
            "clean"
        };
        let _ = write!(
            h,
            "<tr class=\"{class}\" data-findings=\"{}\">",
            findings.join(" ")
        );
        let unit = if r.unit.is_empty() {
            t("（无法检查）", "(not checked)").to_string()
        } else {
            r.unit.clone()
        };
        match &r.href {
            Some(href) => {
                let _ = write!(h, "<td><a href=\"{}\">{}</a></td>", esc(href), esc(&unit));
            }
            None => {
                let _ = write!(h, "<td>{}</td>", esc(&unit));
            }
        }
        let year = r.year.map(|y| y.to_string()).unwrap_or_default();
        let _ = write!(
            h,
            "<td data-v=\"{year}\">{year}</td><td class=\"path\">{}",
            esc(&r.path)
        );
        if let Some(p) = &r.problem {
            let _ = write!(h, "<pre class=\"problem\">{}</pre>", esc(p));
        }
        h.push_str("</td>");
        for (k, n) in r.counts.iter().enumerate() {
            let cls = ["error", "warning", "info"][k];
            let zero = if *n == 0 { " zero" } else { "" };
            let _ = write!(h, "<td class=\"n {cls}{zero}\" data-v=\"{n}\">{n}</td>");
        }
        let zero = if r.not_checked == 0 { " zero" } else { "" };
        let _ = writeln!(
            h,
            "<td class=\"n{zero}\" data-v=\"{0}\">{0}</td><td class=\"n\" data-v=\"{1}\">{1} / {2}</td></tr>",
            r.not_checked, r.passed, r.rules
        );
    }
    h.push_str("</tbody></table>\n");
    let _ = writeln!(
        h,
        "<script>{}</script>",
        INDEX_SCRIPT
            .replace("__SHOWN__", t("显示 ", "showing "))
            .replace("__OF__", t(" / ", " of "))
    );
    h.push_str("</body></html>\n");
    h
}

/// Sorting (click a heading; again to reverse) and filtering (rule, severity, text) of the
/// index. Reads only attributes and text; writes only `hidden`, classes and `textContent`.
const INDEX_SCRIPT: &str = r#"
(function () {
  var table = document.getElementById('reports');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = table.tHead.rows[0].cells;
  var state = { col: -1, dir: 1 };
  function key(row, i, num) {
    var c = row.cells[i];
    if (num) { var v = parseFloat(c.getAttribute('data-v')); return isNaN(v) ? -1 : v; }
    return c.textContent;
  }
  function sortBy(i) {
    var num = heads[i].getAttribute('data-type') === 'num';
    state.dir = state.col === i ? -state.dir : (num ? -1 : 1);
    state.col = i;
    rows.sort(function (a, b) {
      var x = key(a, i, num), y = key(b, i, num);
      var c = num ? x - y : x.localeCompare(y, 'zh');
      return c * state.dir;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var k = 0; k < heads.length; k++) {
      heads[k].classList.remove('asc', 'desc');
    }
    heads[i].classList.add(state.dir > 0 ? 'asc' : 'desc');
  }
  for (var i = 0; i < heads.length; i++) {
    (function (i) {
      heads[i].addEventListener('click', function () { sortBy(i); });
      heads[i].addEventListener('keydown', function (e) { if (e.key === 'Enter') sortBy(i); });
    })(i);
  }
  var rule = document.getElementById('rule'), sev = document.getElementById('sev');
  var q = document.getElementById('q'), shown = document.getElementById('shown');
  function filter() {
    var r = rule.value, s = sev.value, text = q.value.trim();
    var n = 0;
    rows.forEach(function (row) {
      var ok = true;
      if (r || s) {
        ok = (row.getAttribute('data-findings') || '').split(' ').some(function (f) {
          var at = f.lastIndexOf(':');
          return f && (!r || f.slice(0, at) === r) && (!s || f.slice(at + 1) === s);
        });
      }
      if (ok && text) { ok = row.textContent.indexOf(text) >= 0; }
      row.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = '__SHOWN__' + n + '__OF__' + rows.length;
  }
  // the filters live in the address too (#rule=T01-1&sev=error), to share or bookmark a view
  function readHash() {
    location.hash.slice(1).split('&').forEach(function (kv) {
      var at = kv.indexOf('=');
      if (at < 0) return;
      var k = kv.slice(0, at), v = decodeURIComponent(kv.slice(at + 1));
      if (k === 'rule') rule.value = v; else if (k === 'sev') sev.value = v; else if (k === 'q') q.value = v;
      else if (k === 'sort') {
        // `sort=3`: by column 3 (0-based) as a first click would; `sort=3r`: reversed
        var col = parseInt(v, 10);
        if (col >= 0 && col < heads.length) { sortBy(col); if (/r$/.test(v)) sortBy(col); }
      }
    });
  }
  function writeHash() {
    var parts = [];
    if (rule.value) parts.push('rule=' + encodeURIComponent(rule.value));
    if (sev.value) parts.push('sev=' + encodeURIComponent(sev.value));
    if (q.value) parts.push('q=' + encodeURIComponent(q.value));
    try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname); } catch (e) {}
  }
  function changed() { filter(); writeHash(); }
  rule.addEventListener('change', changed);
  sev.addEventListener('change', changed);
  q.addEventListener('input', changed);
  readHash();
  filter();
})();
"#;

// ---- a report's page ----------------------------------------------------------------------

/// Where a finding's cell is drawn on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    /// a table cell, a row's label, a stated number, a title: its own anchor
    Cell(u32),
    /// somewhere in table `i` with no element of its own (a note)
    Table(usize),
    /// somewhere in narrative section `i` (a heading's empty text, the whole section)
    Section(usize),
    /// a sentence of section `i`'s prose the rule read as text: its byte range in the prose
    Sentence(usize, usize, usize),
}

impl Target {
    fn id(self) -> String {
        match self {
            Target::Cell(o) => format!("c{o}"),
            Target::Table(i) => format!("t{i}"),
            Target::Section(i) => format!("s{i}"),
            Target::Sentence(i, start, _) => format!("s{i}-{start}"),
        }
    }
}

fn inside(outer: Span, inner: Span) -> bool {
    outer.offset <= inner.offset && inner.offset < outer.offset + outer.len.max(1)
}

/// The offsets of every element drawn with an anchor of its own.
fn drawable(report: &Report) -> HashSet<u32> {
    let mut d = HashSet::new();
    for tb in &report.tables {
        if let Some(p) = &tb.printed_title {
            d.insert(p.span.offset);
        }
        if let Some(i) = &tb.issuer {
            d.insert(i.span.offset);
        }
        for p in &tb.panels {
            for c in &p.columns {
                d.insert(c.span.offset);
            }
            for r in &p.rows {
                for s in [
                    r.line.as_ref().map(|l| l.span),
                    r.code.as_ref().map(|c| c.span),
                    r.name.as_ref().map(|n| n.span),
                ]
                .into_iter()
                .flatten()
                {
                    d.insert(s.offset);
                }
                for c in &r.cells {
                    d.insert(c.span.offset);
                }
            }
        }
    }
    for s in &report.narrative {
        if let Some(ts) = s.title_span {
            d.insert(ts.offset);
        }
        for c in &s.claims {
            d.insert(c.subject.span.offset);
            for (_, v) in &c.attrs {
                d.insert(v.span.offset);
            }
        }
    }
    d
}

/// Findings per place on the page: (finding number from 1, severity).
type Hits = HashMap<Target, Vec<(usize, Severity)>>;

fn targets(report: &Report, findings: &[Finding]) -> (Vec<Vec<Option<Target>>>, Hits) {
    let drawn = drawable(report);
    let mut hits: Hits = HashMap::new();
    let mut per_finding = Vec::new();
    for (k, f) in findings.iter().enumerate() {
        let mut ts = Vec::new();
        for c in &f.cells {
            let target = if drawn.contains(&c.span.offset) {
                Some(Target::Cell(c.span.offset))
            } else if let Some(i) = report.tables.iter().position(|tb| inside(tb.span, c.span)) {
                Some(Target::Table(i))
            } else {
                report
                    .narrative
                    .iter()
                    .position(|s| inside(s.span, c.span))
                    .map(|i| {
                        // a sentence the rule read is marked in the prose when it is found there
                        let found = c
                            .value
                            .as_deref()
                            .filter(|v| !v.trim().is_empty())
                            .and_then(|v| {
                                prose_of(&report.narrative[i])
                                    .find(v)
                                    .map(|at| (at, at + v.len()))
                            });
                        match found {
                            Some((start, end)) => Target::Sentence(i, start, end),
                            None => Target::Section(i),
                        }
                    })
            };
            if let Some(tg) = target {
                let e = hits.entry(tg).or_default();
                if !e.iter().any(|(n, _)| *n == k + 1) {
                    e.push((k + 1, f.severity));
                }
            }
            ts.push(target);
        }
        per_finding.push(ts);
    }
    (per_finding, hits)
}

/// `class="…"` and the back links of an element the findings `hits` read.
fn hit_parts(hits: Option<&Vec<(usize, Severity)>>) -> (String, String) {
    match hits {
        Some(list) if !list.is_empty() => {
            let worst = list.iter().map(|(_, s)| *s).max().unwrap_or(Severity::Info);
            let links: String = list
                .iter()
                .map(|(n, s)| {
                    format!(
                        "<a class=\"fref {}\" href=\"#f{n}\" title=\"{} {n}\">{n}</a>",
                        sev_class(*s),
                        t("问题", "finding")
                    )
                })
                .collect();
            (
                format!(" hit hit-{}", sev_class(worst)),
                format!("<span class=\"frefs\">{links}</span>"),
            )
        }
        _ => (String::new(), String::new()),
    }
}

/// The page of one checked report.
pub fn report_page(pack: &Pack, report: &Report, outcome: &Outcome, index_href: &str) -> String {
    let (cell_targets, hits) = targets(report, &outcome.findings);
    let mut h = String::new();
    let title = if report.unit.is_empty() {
        report.path.clone()
    } else {
        report.unit.clone()
    };
    head(&mut h, &title);
    let _ = write!(
        h,
        "<nav><a href=\"{}\">← {}</a></nav>\n<header><h1>{}</h1><p class=\"meta\">{}{} · {}{}</p>\
         <p class=\"summary\">{}</p></header>\n",
        esc(index_href),
        t("返回索引", "back to the index"),
        esc(&title),
        report
            .year
            .map(|y| format!("{y}{} · ", t("年度", "")))
            .unwrap_or_default(),
        esc(&report.path),
        t("版式：", "layout: "),
        esc(outcome.layout.as_deref().unwrap_or("—")),
        esc(&crate::render::summary_line(report, outcome)),
    );

    // the causes lead: a correction that explains several findings, linked to them
    if !outcome.causes.is_empty() {
        let _ = writeln!(
            h,
            "<section class=\"causes\"><h2>{}</h2>",
            counted(t("可能的原因", "Causes"), outcome.causes.len())
        );
        for (c, cause) in outcome.causes.iter().enumerate() {
            let _ = write!(
                h,
                "<article id=\"cause{}\" class=\"cause\"><h3><span class=\"num\">{}</span> {}</h3>",
                c + 1,
                c + 1,
                esc(&cause.correction)
            );
            for ch in &cause.changes {
                let shown =
                    |v: &Option<String>| v.clone().unwrap_or_else(|| text::BLANK.get().to_string());
                let _ = write!(
                    h,
                    "<p class=\"change\">{} {}：{} → <b>{}</b> <small>{}:{}</small></p>",
                    t("更正", "correct"),
                    esc(&ch.place),
                    esc(&shown(&ch.from)),
                    esc(&shown(&ch.to)),
                    ch.span.line,
                    ch.span.column
                );
            }
            let _ = write!(h, "<p>{}", t("解释的问题：", "explains: "));
            for &k in &cause.explains {
                if let Some(f) = outcome.findings.get(k) {
                    let _ = write!(
                        h,
                        " <a class=\"explained\" href=\"#f{}\">{} {}</a>",
                        k + 1,
                        k + 1,
                        esc(&f.rule)
                    );
                }
            }
            h.push_str("</p></article>\n");
        }
        h.push_str("</section>\n");
    }
    let caused = outcome.causes_of_findings();

    // findings
    let _ = writeln!(
        h,
        "<section class=\"findings\"><h2>{}</h2>",
        counted(t("问题", "Findings"), outcome.findings.len())
    );
    if outcome.findings.is_empty() {
        let _ = write!(h, "<p>{}</p>", t("没有问题。", "No findings."));
    }
    for (k, f) in outcome.findings.iter().enumerate() {
        let cause = caused.get(k).copied().flatten();
        finding(&mut h, pack, report, f, k + 1, &cell_targets[k], cause);
    }
    h.push_str("</section>\n");

    // not checked
    if !outcome.not_checked.is_empty() {
        let _ = write!(
            h,
            "<section class=\"not-checked\"><h2>{}</h2><ul>",
            counted(
                t("未检查的规则", "Rules not checked"),
                outcome.not_checked.len()
            )
        );
        for nc in &outcome.not_checked {
            for m in &nc.missing {
                let _ = write!(
                    h,
                    "<li><b>{}</b> {}{}{}",
                    esc(&nc.rule),
                    esc(&nc.title),
                    text::HEAD_SEP.get(),
                    esc(&text::missing_part(m))
                );
                if let Some(help) = &m.help {
                    let _ = write!(h, "<br><small>{}</small>", esc(help));
                }
                h.push_str("</li>");
            }
        }
        h.push_str("</ul></section>\n");
    }

    // the tables as printed
    let _ = writeln!(
        h,
        "<section class=\"tables\"><h2>{}</h2>",
        t("决算表", "Tables")
    );
    for (i, tb) in report.tables.iter().enumerate() {
        table(&mut h, &report.source, tb, i, &hits);
    }
    h.push_str("</section>\n");

    // the narrative
    if !report.narrative.is_empty() {
        let _ = writeln!(
            h,
            "<section class=\"narrative\"><h2>{}</h2>",
            t("情况说明", "Narrative")
        );
        for (i, s) in report.narrative.iter().enumerate() {
            let (cls, refs) = hit_parts(hits.get(&Target::Section(i)));
            let _ = write!(h, "<article id=\"s{i}\" class=\"section{cls}\">");
            let tcell = s.title_span.map(|sp| Target::Cell(sp.offset));
            let (tcls, trefs) = hit_parts(tcell.and_then(|tc| hits.get(&tc)));
            let tid = s
                .title_span
                .map(|sp| format!(" id=\"c{}\"", sp.offset))
                .unwrap_or_default();
            let _ = write!(
                h,
                "<h3{tid} class=\"{}\">{}{trefs}</h3>{refs}",
                tcls.trim(),
                esc(&s.title)
            );
            let prose = prose_of(s);
            let sentences: Vec<(usize, usize)> = hits
                .keys()
                .filter_map(|tg| match *tg {
                    Target::Sentence(k, a, b) if k == i => Some((a, b)),
                    _ => None,
                })
                .collect();
            let (marked, unplaced) = mark_prose(&prose, i, &s.claims, &sentences, &hits);
            let _ = write!(h, "<div class=\"prose\">{marked}</div>");
            if !unplaced.is_empty() {
                let _ = write!(
                    h,
                    "<p class=\"unplaced\">{}：{}</p>",
                    t(
                        "未在正文中找到的表述",
                        "stated numbers not found in the prose"
                    ),
                    unplaced.join("；")
                );
            }
            h.push_str("</article>\n");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</body></html>\n");
    h
}

fn finding(
    h: &mut String,
    pack: &Pack,
    report: &Report,
    f: &Finding,
    n: usize,
    targets: &[Option<Target>],
    cause: Option<usize>,
) {
    let sev = sev_class(f.severity);
    let _ = write!(
        h,
        "<article id=\"f{n}\" class=\"finding {sev}\" data-rule=\"{}\" data-severity=\"{sev}\">\
         <h3><span class=\"num\">{n}</span> <span class=\"badge {sev}\">{}</span> \
         <span class=\"rule-id\">{}</span> {}",
        esc(&f.rule),
        text::severity_word(f.severity),
        esc(&f.rule),
        esc(&f.title),
    );
    if let Some(s) = &f.subject {
        let _ = write!(h, " <span class=\"subject\">[{}]</span>", esc(s));
    }
    let _ = write!(h, "</h3><p class=\"message\">{}</p>", esc(&f.message));
    if let Some(v) = &f.values {
        let slack = if pack.tolerance.is_some() {
            t("容差", "tolerance")
        } else {
            t("舍入容差", "rounding allows")
        };
        let _ = write!(
            h,
            "<table class=\"values\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{slack}</th></tr>\
             <tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr></table>",
            t("左边", "left"),
            t("右边", "right"),
            t("差额", "difference"),
            esc(&v.left),
            esc(&v.right),
            esc(&v.difference),
            esc(&v.slack)
        );
    }
    if !f.notes.is_empty() {
        h.push_str("<ul class=\"notes\">");
        for note in &f.notes {
            let _ = write!(h, "<li>{}</li>", esc(note));
        }
        h.push_str("</ul>");
    }
    if !f.cells.is_empty() {
        let _ = write!(
            h,
            "<div class=\"cells\"><b>{}</b><ol>",
            t("读取的单元格", "cells read")
        );
        let mut seen = HashSet::new();
        for (c, tg) in f.cells.iter().zip(targets) {
            if !seen.insert(c.span.offset) {
                continue;
            }
            let v = c.value.as_deref().unwrap_or(text::BLANK.get());
            let value = if v.is_empty() {
                String::new()
            } else {
                format!(" = <b>{}</b>", esc(v))
            };
            // a report imported from a PDF is placed by page: its YAML is not a file
            let from_pdf = crate::import::is_pdf_path(std::path::Path::new(&report.path));
            let (page, at) = match report.page_at(c.span.offset) {
                Some(p) if from_pdf => (String::new(), format!("第{p}页")),
                Some(p) => (
                    format!("（第{p}页）"),
                    format!("{}:{}", c.span.line, c.span.column),
                ),
                None => (String::new(), format!("{}:{}", c.span.line, c.span.column)),
            };
            let place = esc(c.place.lines().next().unwrap_or(""));
            let at = format!("<span class=\"at\">{at}</span>");
            match tg {
                Some(tg) => {
                    let _ = write!(
                        h,
                        "<li><a href=\"#{}\">{place}</a>{value}{page} {at}</li>",
                        tg.id()
                    );
                }
                None => {
                    let _ = write!(h, "<li>{place}{value}{page} {at}</li>");
                }
            }
        }
        h.push_str("</ol></div>");
    }
    // the rule's text, the failing expression marked
    if let Some(r) = pack.rule(&f.rule)
        && let Some(file) = pack.file(r.loc)
    {
        let (start, end) = (r.loc.offset as usize, (r.loc.offset + r.loc.len) as usize);
        let (es, ee) = (
            f.expr_loc.offset as usize,
            (f.expr_loc.offset + f.expr_loc.len) as usize,
        );
        let src = &file.text;
        let rule_html = if f.expr_loc.file == r.loc.file
            && start <= es
            && es <= ee
            && ee <= end
            && src.is_char_boundary(es)
            && src.is_char_boundary(ee)
            && let Some(before) = src.get(start..es)
            && let Some(expr) = src.get(es..ee)
            && let Some(after) = src.get(ee..end)
        {
            format!("{}<mark>{}</mark>{}", esc(before), esc(expr), esc(after))
        } else {
            esc(src.get(start..end).unwrap_or(""))
        };
        let _ = write!(
            h,
            "<div class=\"rule\"><b>{}</b> <span class=\"at\">{}:{}:{} · {}::{}</span>\
             <pre>{rule_html}</pre></div>",
            t("规则", "rule"),
            esc(&file.path),
            f.expr_loc.line,
            f.expr_loc.column,
            f.severity.as_str(),
            f.kind.as_str(),
        );
    }
    if let Some(c) = cause {
        // linked back to the cause that explains it
        let _ = write!(
            h,
            "<p class=\"by-cause\"><a href=\"#cause{}\">{} {}</a></p>",
            c + 1,
            t("由此更正解释：原因", "explained by cause"),
            c + 1
        );
    }
    h.push_str("</article>\n");
}

fn key_heading(k: KeyKind) -> &'static str {
    match k {
        KeyKind::Line => t("行次", "line"),
        KeyKind::Code => t("科目编码", "code"),
        KeyKind::Name => t("项目", "item"),
    }
}

/// A value as the report writes it (`2,961.68`, `0.60`), without YAML quotes; `None` when the
/// span does not hold a plain value.
fn as_written(source: &str, span: Span) -> Option<String> {
    let raw = source.get(span.range())?.trim();
    let raw = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .unwrap_or(raw);
    let plain = !raw.is_empty()
        && raw.len() <= 40
        && raw
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%' | ' '));
    plain.then(|| raw.to_string())
}

fn table(h: &mut String, report_source: &str, tb: &Table, i: usize, hits: &Hits) {
    let (cls, refs) = hit_parts(hits.get(&Target::Table(i)));
    let _ = write!(h, "<article id=\"t{i}\" class=\"table{cls}\"><h3>");
    if let Some(n) = &tb.number {
        let _ = write!(h, "<span class=\"number\">{}</span> ", esc(n));
    }
    let _ = write!(h, "{}{refs}", esc(&tb.title));
    if let Some(p) = tb.page {
        let _ = write!(h, " <span class=\"page\">第{p}页</span>");
    }
    h.push_str("</h3>");
    let labelled = |h: &mut String, class: &str, s: Option<&crate::report::Text>| {
        if let Some(x) = s {
            let (c, r) = hit_parts(hits.get(&Target::Cell(x.span.offset)));
            let _ = write!(
                h,
                "<p id=\"c{}\" class=\"{class}{c}\">{}{r}</p>",
                x.span.offset,
                esc(&x.text)
            );
        }
    };
    if tb
        .printed_title
        .as_ref()
        .is_some_and(|p| p.text != tb.title)
    {
        labelled(h, "printed-title", tb.printed_title.as_ref());
    }
    labelled(h, "issuer", tb.issuer.as_ref());
    h.push_str("<div class=\"panels\">");
    for p in &tb.panels {
        h.push_str("<table class=\"printed\">");
        if let Some(name) = &p.name {
            let _ = write!(h, "<caption>{}</caption>", esc(name));
        }
        h.push_str("<thead><tr>");
        for k in &p.keys {
            let _ = write!(h, "<th class=\"key\">{}</th>", key_heading(*k));
        }
        for c in &p.columns {
            let (hc, hr) = hit_parts(hits.get(&Target::Cell(c.span.offset)));
            let number = c
                .number
                .map(|n| format!("<span class=\"colno\">{n}</span>"))
                .unwrap_or_default();
            let _ = write!(
                h,
                "<th id=\"c{}\" class=\"col{hc}\">{}{number}{hr}</th>",
                c.span.offset,
                esc(&c.name)
            );
        }
        h.push_str("</tr></thead><tbody>");
        for r in &p.rows {
            let level = r.level().unwrap_or(0);
            h.push_str("<tr>");
            for k in &p.keys {
                let (text, span, class) = match k {
                    KeyKind::Line => (
                        r.line.as_ref().map(|l| l.value.to_string()),
                        r.line.as_ref().map(|l| l.span),
                        "line",
                    ),
                    KeyKind::Code => (
                        r.code.as_ref().map(|c| c.text.clone()),
                        r.code.as_ref().map(|c| c.span),
                        "code",
                    ),
                    KeyKind::Name => (
                        r.name.as_ref().map(|n| n.text.clone()),
                        r.name.as_ref().map(|n| n.span),
                        "name",
                    ),
                };
                let indent = if *k == KeyKind::Name && level > 1 {
                    format!(" lvl{}", level.min(3))
                } else {
                    String::new()
                };
                match span {
                    Some(sp) => {
                        let (hc, hr) = hit_parts(hits.get(&Target::Cell(sp.offset)));
                        let _ = write!(
                            h,
                            "<td id=\"c{}\" class=\"{class}{indent}{hc}\">{}{hr}</td>",
                            sp.offset,
                            esc(text.as_deref().unwrap_or(""))
                        );
                    }
                    None => {
                        let _ = write!(h, "<td class=\"{class}\"></td>");
                    }
                }
            }
            for c in &r.cells {
                let (hc, hr) = hit_parts(hits.get(&Target::Cell(c.span.offset)));
                let value = match c.value {
                    Some(v) => {
                        esc(&as_written(report_source, c.span).unwrap_or_else(|| v.to_string()))
                    }
                    // a blank read by a finding says so; other blanks stay blank as printed
                    None if !hc.is_empty() => {
                        format!("<span class=\"blank\">{}</span>", text::BLANK.get())
                    }
                    None => String::new(),
                };
                let _ = write!(
                    h,
                    "<td id=\"c{}\" class=\"v{hc}\">{value}{hr}</td>",
                    c.span.offset
                );
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</div>");
    if !tb.notes.is_empty() {
        h.push_str("<div class=\"notes\">");
        for n in &tb.notes {
            let _ = write!(h, "<p>{}</p>", esc(n));
        }
        h.push_str("</div>");
    }
    h.push_str("</article>\n");
}

// ---- the narrative: stated numbers marked in the prose ------------------------------------

/// The ways a stated value can be printed in prose.
fn printed_forms(v: &StatedValue) -> Vec<String> {
    match v {
        StatedValue::Amount(d) | StatedValue::Count(d) => {
            let plain = d.to_string();
            let mut forms = vec![plain.clone()];
            if let Some(grouped) = grouped(&plain) {
                forms.insert(0, grouped);
            }
            forms
        }
        StatedValue::Percent(d) => vec![format!("{d}%"), format!("{d}％")],
        StatedValue::Word(w) => vec![w.clone()],
    }
}

/// `2961.68` as `2,961.68`; `None` below 1,000.
fn grouped(plain: &str) -> Option<String> {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(a, b)| (a, Some(b)));
    if int.len() <= 3 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    Some(match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    })
}

/// Finds `form` in `text` at or after `from`, not inside a longer number.
fn find_number(text: &str, form: &str, from: usize, numeric: bool) -> Option<usize> {
    let mut at = from;
    while let Some(k) = text.get(at..).and_then(|s| s.find(form)) {
        let start = at + k;
        let end = start + form.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let digitish =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
        let ends_in_percent = form.ends_with('%') || form.ends_with('％');
        let bad_after = !ends_in_percent
            && (after.is_some_and(|c| c.is_ascii_digit())
                || (after == Some('.')
                    && text[end + 1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit())));
        if !numeric || !(digitish(before) || bad_after) {
            return Some(start);
        }
        at = start + form.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The prose with every stated number of `claims` marked (in the claims' order, each after
/// its subject), and the stated numbers it could not find (escaped).
fn mark_prose(
    prose: &str,
    section: usize,
    claims: &[Claim],
    sentences: &[(usize, usize)],
    hits: &Hits,
) -> (String, Vec<String>) {
    // (start, end, span offset of the stated value, subject)
    let mut marks: Vec<(usize, usize, u32, String)> = Vec::new();
    let mut unplaced = Vec::new();
    let mut pos = 0;
    for c in claims {
        let mut at = match prose.get(pos..).and_then(|s| s.find(&c.subject.text)) {
            Some(k) if !c.subject.text.is_empty() => pos + k + c.subject.text.len(),
            _ => pos,
        };
        let mut seen_spans = HashSet::new();
        for (name, v) in &c.attrs {
            // derived attributes (变动 after 增加) share their span with the worded one
            if !seen_spans.insert(v.span.offset) {
                continue;
            }
            let numeric = !matches!(v.value, StatedValue::Word(_));
            let forms = printed_forms(&v.value);
            let found = forms
                .iter()
                .find_map(|f| find_number(prose, f, at, numeric).map(|s| (s, s + f.len())));
            match found {
                Some((s, e)) => {
                    marks.push((s, e, v.span.offset, format!("{} · {name}", c.subject.text)));
                    at = e;
                    pos = e;
                }
                None => {
                    let (cls, refs) = hit_parts(hits.get(&Target::Cell(v.span.offset)));
                    unplaced.push(format!(
                        "<span id=\"c{}\" class=\"stated{cls}\">{} · {} {}</span>{refs}",
                        v.span.offset,
                        esc(&c.subject.text),
                        esc(name),
                        esc(&forms[0])
                    ));
                }
            }
        }
    }
    // sentences read as text enclose the numbers they state: tags are opened outermost
    // first and closed innermost first; a range that would cross another is left unmarked
    // (start, end, opening tag, closing tag and back links)
    let mut ranges: Vec<(usize, usize, String, String)> = Vec::new();
    for &(a, b) in sentences {
        let tg = Target::Sentence(section, a, b);
        let (cls, refs) = hit_parts(hits.get(&tg));
        ranges.push((
            a,
            b,
            format!("<span id=\"{}\" class=\"sentence{cls}\">", tg.id()),
            format!("</span>{refs}"),
        ));
    }
    for (a, b, off, title) in marks {
        let (cls, refs) = hit_parts(hits.get(&Target::Cell(off)));
        ranges.push((
            a,
            b,
            format!(
                "<mark id=\"c{off}\" class=\"stated{cls}\" title=\"{}\">",
                esc(&title)
            ),
            format!("</mark>{refs}"),
        ));
    }
    ranges.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
    let mut kept: Vec<(usize, usize, String, String)> = Vec::new();
    for r in ranges {
        let crosses = kept
            .iter()
            .any(|k| (r.0 < k.1 && r.1 > k.1) || (r.0 == k.0 && r.1 == k.1));
        if !crosses && prose.is_char_boundary(r.0) && prose.is_char_boundary(r.1) {
            kept.push(r);
        }
    }
    let mut out = String::new();
    let mut open: Vec<usize> = Vec::new(); // indexes into kept, innermost last
    let mut last = 0;
    let mut points: Vec<usize> = kept.iter().flat_map(|r| [r.0, r.1]).collect();
    points.sort_unstable();
    points.dedup();
    for p in points {
        out.push_str(&esc(&prose[last..p]));
        last = p;
        while let Some(&k) = open.last() {
            if kept[k].1 != p {
                break;
            }
            out.push_str(&kept[k].3);
            open.pop();
        }
        for (k, r) in kept.iter().enumerate() {
            if r.0 == p && r.1 > p {
                out.push_str(&r.2);
                open.push(k);
            }
        }
    }
    out.push_str(&esc(&prose[last..]));
    for k in open.into_iter().rev() {
        out.push_str(&kept[k].3);
    }
    (out, unplaced)
}

/// The prose of a section as drawn: its text, or (when only claims were transcribed) the
/// distinct sentences of its claims.
fn prose_of(s: &crate::report::Section) -> String {
    if s.text.trim().is_empty() {
        let mut seen: Vec<&str> = Vec::new();
        for c in &s.claims {
            if let Some(sent) = &c.sentence
                && !seen.contains(&sent.as_str())
            {
                seen.push(sent);
            }
        }
        seen.join("\n")
    } else {
        s.text.clone()
    }
}

// ---- the frame --------------------------------------------------------------------------

fn head(h: &mut String, title: &str) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"crossfoot\"><title>{}</title><style>{CSS}</style></head><body>\n",
        t("zh-CN", "en"),
        esc(title)
    );
}

const CSS: &str = r#"
:root { --err: #b3261e; --err-bg: #fde7e5; --warn: #8a5a00; --warn-bg: #fff1c7; --info: #0b57a4; --info-bg: #e3eefc; --line: #c9c9c9; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; font-size: 14px; line-height: 1.5; color: #1d1d1d; margin: 0 auto; padding: 16px 24px; max-width: 1400px; }
h1 { font-size: 22px; margin: 8px 0; } h2 { font-size: 18px; border-bottom: 2px solid #333; padding-bottom: 2px; margin-top: 28px; } h3 { font-size: 15px; margin: 6px 0; }
a { color: #0b57a4; } .meta, .summary, .at { color: #555; } .at { font-size: 12px; font-family: monospace; }
nav { font-size: 13px; }
.filters { margin: 12px 0; display: flex; gap: 16px; flex-wrap: wrap; align-items: center; }
.filters select { max-width: 28em; }
table.index { border-collapse: collapse; width: 100%; }
table.index th, table.index td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.index th { cursor: pointer; background: #f2f2f2; user-select: none; white-space: nowrap; }
table.index th.asc::after { content: " ▲"; } table.index th.desc::after { content: " ▼"; }
td.n { text-align: right; font-variant-numeric: tabular-nums; } td.n.zero { color: #aaa; }
td.n.error:not(.zero) { color: var(--err); font-weight: bold; } td.n.warning:not(.zero) { color: var(--warn); font-weight: bold; }
td.path { font-family: monospace; font-size: 12px; word-break: break-all; }
tr.unusable td { background: #f6f6f6; } pre.problem { white-space: pre-wrap; font-size: 11px; margin: 4px 0; max-height: 8em; overflow: auto; }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--line); padding: 6px 12px; margin: 10px 0; break-inside: avoid; }
.finding.error { border-left-color: var(--err); } .finding.warning { border-left-color: #d49b00; } .finding.info { border-left-color: var(--info); }
.num { display: inline-block; min-width: 1.8em; text-align: center; background: #333; color: #fff; border-radius: 9px; font-size: 12px; }
.badge { font-size: 12px; padding: 0 6px; border-radius: 3px; } .badge.error { background: var(--err); color: #fff; } .badge.warning { background: #d49b00; color: #fff; } .badge.info { background: var(--info); color: #fff; }
.rule-id { font-family: monospace; } .subject { color: #555; font-weight: normal; }
.message { margin: 4px 0; }
table.values { border-collapse: collapse; margin: 4px 0; } table.values th, table.values td { border: 1px solid var(--line); padding: 1px 10px; font-size: 13px; } table.values th { background: #f2f2f2; font-weight: normal; } table.values td { font-variant-numeric: tabular-nums; }
.notes { margin: 4px 0; color: #333; } .cells ol { margin: 2px 0 4px; padding-left: 2em; }
.rule pre { background: #f6f6f6; padding: 6px 8px; margin: 4px 0; white-space: pre-wrap; font-size: 12px; }
.rule mark { background: var(--err-bg); outline: 1px solid var(--err); }
.not-checked li { margin: 2px 0; }
.table { margin: 14px 0 22px; } .table h3 .number { color: #555; font-weight: normal; } .table .page { color: #777; font-weight: normal; font-size: 12px; }
.printed-title, .issuer { margin: 2px 0; font-size: 13px; width: fit-content; padding: 0 4px; }
.panels { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
table.printed { border-collapse: collapse; font-size: 13px; flex: 1 1 420px; }
table.printed caption { text-align: left; font-weight: bold; padding: 2px 0; }
table.printed th, table.printed td { border: 1px solid #999; padding: 2px 6px; vertical-align: top; }
table.printed th { background: #f2f2f2; font-weight: normal; }
.colno { display: block; font-size: 11px; color: #777; }
td.v { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } td.line, td.code { text-align: center; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.printed td.lvl2 { padding-left: 1.6em; } table.printed td.lvl3 { padding-left: 3em; }
.hit-error { background: var(--err-bg); outline: 2px solid var(--err); outline-offset: -2px; }
.hit-warning { background: var(--warn-bg); outline: 2px solid #d49b00; outline-offset: -2px; }
.hit-info { background: var(--info-bg); outline: 2px solid var(--info); outline-offset: -2px; }
.blank { color: var(--err); font-size: 11px; }
.frefs { margin-left: 3px; } a.fref { display: inline-block; font-size: 10px; line-height: 14px; min-width: 14px; padding: 0 2px; text-align: center; border-radius: 7px; color: #fff; text-decoration: none; margin-left: 1px; vertical-align: super; }
a.fref.error { background: var(--err); } a.fref.warning { background: #d49b00; } a.fref.info { background: var(--info); }
.section { margin: 12px 0; } .prose { white-space: pre-wrap; }
mark.stated { background: #eef3e8; border-bottom: 2px solid #5b8c3a; padding: 0 1px; }
mark.stated.hit-error { background: var(--err-bg); border-bottom-color: var(--err); }
mark.stated.hit-warning { background: var(--warn-bg); border-bottom-color: #d49b00; }
.sentence.hit-error, .sentence.hit-warning, .sentence.hit-info { outline: none; border-radius: 2px; }
.sentence.hit-error { background: var(--err-bg); box-shadow: 0 2px 0 var(--err); }
.sentence.hit-warning { background: var(--warn-bg); box-shadow: 0 2px 0 #d49b00; }
.unplaced { font-size: 13px; color: #555; }
:target { outline: 3px solid #1a73e8 !important; outline-offset: 1px; scroll-margin-top: 40px; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10pt; padding: 0; max-width: none; }
  nav, .filters { display: none; }
  h2 { break-after: avoid; } h3 { break-after: avoid; }
  section.tables, section.narrative { break-before: page; }
  .finding, table.values, .rule pre { break-inside: avoid; }
  table.printed { font-size: 8.5pt; } table.printed tr { break-inside: avoid; } table.printed thead { display: table-header-group; }
  .panels { display: block; } table.printed { width: 100%; margin-bottom: 6px; }
  a { color: inherit; text-decoration: none; }
  .hit-error, .hit-warning, .hit-info, mark.stated, .badge, .num, a.fref { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr[hidden] { display: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn page_names_are_numbered_and_safe() {
        assert_eq!(
            page_file_name(0, "a/b/hetang-cac-2023.yaml"),
            "0001-hetang-cac-2023.html"
        );
        assert_eq!(page_file_name(11, "x/荷塘 #1?.pdf"), "0012-荷塘--1-.html");
    }

    #[test]
    fn numbers_are_grouped_and_found_whole() {
        assert_eq!(grouped("2961.68").as_deref(), Some("2,961.68"));
        assert_eq!(grouped("961.68"), None);
        let src = "- [总计, \"2,961.68\", 0.60, ~]";
        let at = |s: &str| {
            let o = src.find(s).unwrap() as u32;
            Span {
                offset: o,
                len: s.len() as u32,
                line: 1,
                column: 1,
            }
        };
        assert_eq!(
            as_written(src, at("\"2,961.68\"")).as_deref(),
            Some("2,961.68")
        );
        assert_eq!(as_written(src, at("0.60")).as_deref(), Some("0.60"));
        assert_eq!(as_written(src, at("总计")), None);
        let prose = "收入2023.5万元，其中0万元，占10%";
        // `0` is not the 0 of 2023 nor of 10%
        assert_eq!(find_number(prose, "0", 0, true), prose.find("0万"));
        assert_eq!(find_number(prose, "10%", 0, true), prose.find("10%"));
        assert_eq!(find_number(prose, "2023", 0, true), None);
    }
}
