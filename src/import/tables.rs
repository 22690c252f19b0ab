//! Tables: title detection, header parsing (multi-row headers with spanning cells), panel
//! splitting (收入 | 支出 side by side, the three 经济分类 panels of 06), code joining
//! (`208 | 05 | 05` → `2080505`) and row reading.
//!
//! A table is found by its printed title, then read from the TAB rows that follow it (across
//! page markers) until prose resumes. Its header rows are the rows before the first data row;
//! each column's role (行次, 科目编码 part, 科目名称, value) comes from the header text above it.

use super::lines::{Kind, Line, squeeze};
use super::{ImportNote, NoteLevel};
use crate::report::normalize_name;
use crate::report::number::{is_blank, parse_decimal, parse_line};

/// The nine public tables under their Hunan and Shanghai titles.
pub(crate) const KNOWN_TITLES: &[&str] = &[
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算明细表",
    "一般公共预算财政拨款基本支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
    "财政拨款“三公”经费支出决算表",
    "一般公共预算财政拨款“三公”经费支出决算表",
];

/// What the leading cells of a row are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Line,
    Code,
    Name,
}

impl Key {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Key::Line => "line",
            Key::Code => "code",
            Key::Name => "name",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct TableOut {
    pub title: String,
    pub number: Option<String>,
    /// the page (第N页) the title is printed on; set by the caller from the page markers
    pub page: Option<usize>,
    pub panels: Vec<PanelOut>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct PanelOut {
    pub name: Option<String>,
    pub keys: Vec<Key>,
    pub columns: Vec<String>,
    pub numbers: Option<Vec<u32>>,
    pub rows: Vec<RowOut>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RowOut {
    /// the input line the row was read from (0 for a row made from a header label)
    pub line_no: usize,
    /// the page (第N页) the row is printed on; set by the caller from the page markers
    pub page: Option<usize>,
    pub line: Option<u32>,
    pub code: Option<String>,
    pub name: Option<String>,
    pub values: Vec<Option<String>>,
}

impl TableOut {
    pub(crate) fn rows(&self) -> usize {
        self.panels.iter().map(|p| p.rows.len()).sum()
    }
}

/// The known title `text` prints, if any (ordinal-prefixed table-of-contents entries match
/// too; [`starts_table`] tells them apart).
pub(crate) fn known_title(text: &str) -> Option<&'static str> {
    let n = normalize_name(text);
    KNOWN_TITLES
        .iter()
        .copied()
        .find(|t| normalize_name(t) == n)
        .or_else(|| {
            // `某某局2023年度收入决算表`: the unit and year printed before the title (the
            // longest known title that ends the line after `…年度` / `…年`)
            KNOWN_TITLES
                .iter()
                .copied()
                .filter(|t| {
                    n.strip_suffix(normalize_name(t).as_str())
                        .is_some_and(|p| p.ends_with("年度") || p.ends_with('年'))
                })
                .max_by_key(|t| t.len())
        })
}

/// A title printed with its table number (`表 1：高等学校收支决算总表`): the number (`表1`) and
/// the title; `None` for a line without one.
pub(crate) fn numbered_title(text: &str) -> Option<(String, String)> {
    let s = squeeze(text);
    let rest = s.strip_prefix('表')?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let title = rest[digits..].strip_prefix(['：', ':', '、', '.', '．'])?;
    (!title.is_empty()).then(|| (format!("表{}", &rest[..digits]), title.to_string()))
}

/// A line that looks like the title of some table: short, ends in 表, no sentence punctuation
/// (after a `表 N：` number).
pub(crate) fn looks_like_title(text: &str) -> bool {
    let s = numbered_title(text).map_or_else(|| squeeze(text), |(_, t)| t);
    let n = s.chars().count();
    (4..=40).contains(&n)
        && s.ends_with('表')
        && !s.contains(['，', '。', '：', ':', '；'])
        && !s.starts_with("公开")
}

/// Whether the title at `lines[i]` is followed by a table: only meta lines (公开NN表, 单位,
/// 部门), blanks and page markers stand between it and a TAB row.
pub(crate) fn starts_table(lines: &[Line], i: usize) -> bool {
    for line in lines.iter().skip(i + 1).take(12) {
        match &line.kind {
            Kind::Blank | Kind::Page | Kind::Source(_) => {}
            Kind::Row(_) => return true,
            Kind::Text(t) if meta(t).is_some() => {}
            Kind::Text(_) => return false,
        }
    }
    false
}

enum Meta {
    Number(String),
    Currency(String),
    Other,
}

fn meta(text: &str) -> Option<Meta> {
    let s = squeeze(text);
    if s.starts_with("公开") && s.ends_with('表') && s.chars().count() <= 8 {
        return Some(Meta::Number(s));
    }
    // `单位名称： 单位：万元`, `单位： 单位：万元` (a blank 单位名称 before the unit)
    for c in ["万元", "元"] {
        for unit in ["单位：", "单位:"] {
            let tail = format!("{unit}{c}");
            if s.ends_with(&tail) && s.len() > tail.len() && s.starts_with("单位") {
                return Some(Meta::Currency(c.to_string()));
            }
        }
    }
    if s.starts_with("单位名称") {
        return Some(Meta::Other);
    }
    for prefix in ["金额单位", "单位"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let rest = rest.trim_start_matches([':', '：']);
            if rest == "万元" || rest == "元" {
                return Some(Meta::Currency(rest.to_string()));
            }
        }
    }
    if (s.starts_with("部门") || s.starts_with("编制单位")) && s.contains([':', '：'])
        || s == "部门"
    {
        return Some(Meta::Other);
    }
    None
}

/// Reads the table whose title is at `lines[start]`; returns it and the index of the first
/// line after it. `currency` receives the 单位 line's currency.
pub(crate) fn read_table(
    lines: &[Line],
    start: usize,
    title: &str,
    currency: &mut Option<String>,
    notes: &mut Vec<ImportNote>,
) -> (Option<TableOut>, usize) {
    let mut i = start + 1;
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut table_notes: Vec<String> = Vec::new();
    let mut number = None;
    let mut in_notes = false;
    let mut after_blank = false;
    while i < lines.len() {
        match &lines[i].kind {
            Kind::Blank => after_blank = true,
            Kind::Page | Kind::Source(_) => {}
            Kind::Row(cells) => {
                if in_notes {
                    break;
                }
                rows.push((lines[i].no, cells.clone()));
                after_blank = false;
            }
            Kind::Text(t) => {
                if (known_title(t).is_some() || looks_like_title(t)) && starts_table(lines, i) {
                    break;
                }
                match meta(t) {
                    Some(Meta::Number(n)) if rows.is_empty() => number = Some(n),
                    Some(Meta::Currency(c)) if rows.is_empty() => {
                        currency.get_or_insert(c);
                    }
                    Some(_) if rows.is_empty() => {}
                    _ => {
                        if let Some(note) = note_start(t) {
                            table_notes.push(note);
                            in_notes = true;
                        } else if in_notes && starts_with_number_ordinal(t) {
                            table_notes.push(t.clone());
                        } else if in_notes && !after_blank {
                            if let Some(last) = table_notes.last_mut() {
                                last.push_str(t);
                            }
                        } else {
                            break;
                        }
                    }
                }
                after_blank = false;
            }
        }
        i += 1;
    }
    let table = build(title, lines[start].no, number, rows, table_notes, notes);
    (table, i)
}

/// `注：…` (the prefix is dropped) or `说明：…` (kept: it is part of the printed note).
fn note_start(t: &str) -> Option<String> {
    for p in ["注：", "注:"] {
        if let Some(rest) = t.strip_prefix(p) {
            return Some(rest.trim().to_string());
        }
    }
    if t.starts_with("说明：") || t.starts_with("说明:") {
        return Some(t.to_string());
    }
    None
}

fn starts_with_number_ordinal(t: &str) -> bool {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && t[digits..].starts_with(['.', '、', '．'])
}

/// The role of a column, from the header text above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Key(Key),
    Value,
    Unknown,
}

const TOTAL_LABELS: &[&str] = &[
    "合计",
    "总计",
    "本年收入合计",
    "本年支出合计",
    "人员经费合计",
    "公用经费合计",
];

fn is_ordinal_label(s: &str) -> bool {
    let head: String = s
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .collect();
    !head.is_empty() && s[head.len()..].starts_with('、')
}

/// `…`, `………`, `...`: a template's "more rows here".
fn is_placeholder(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '…' | '.' | '。' | '─'))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A 栏次 row: labelled 栏次, or consecutive integers 1, 2, 3, … and nothing else.
fn is_lanci(cells: &[String]) -> bool {
    if cells.iter().any(|c| squeeze(c) == "栏次") {
        return true;
    }
    let nums: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    nums.len() >= 2
        && nums
            .iter()
            .enumerate()
            .all(|(i, c)| c.parse::<usize>().ok() == Some(i + 1))
}

fn is_amount(s: &str) -> bool {
    parse_decimal(s).is_ok()
}

/// Whether a row (in the header phase) is the first data row.
fn is_data(cells: &[String]) -> bool {
    if cells.iter().any(|c| is_amount(c)) {
        return true;
    }
    let Some(first) = cells.iter().find(|c| !c.is_empty()) else {
        return false;
    };
    let first = squeeze(first);
    if is_digits(&first) && matches!(first.len(), 3 | 5 | 7) {
        return true;
    }
    if is_ordinal_label(&first) {
        return true;
    }
    TOTAL_LABELS.contains(&first.as_str()) && cells.iter().filter(|c| !c.is_empty()).count() == 1
}

/// A header row naming the panels: only 收入 / 支出.
fn is_panel_row(cells: &[String]) -> bool {
    let filled: Vec<String> = cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| squeeze(c))
        .collect();
    filled.len() >= 2 && filled.iter().all(|c| c == "收入" || c == "支出")
}

fn role_of(text: &str) -> Role {
    if text.is_empty() {
        return Role::Unknown;
    }
    // `项目(按功能分类)`: the name column, whatever its parenthesis says
    if text.starts_with("项目(") || text.starts_with("项目（") {
        return Role::Key(Key::Name);
    }
    if text.contains("行次") {
        return Role::Key(Key::Line);
    }
    if ["编码", "代码", "功能分类", "经济分类"]
        .iter()
        .any(|k| text.contains(k))
        || matches!(text, "类" | "款" | "项")
    {
        return Role::Key(Key::Code);
    }
    if text == "项目" || text.contains("名称") {
        return Role::Key(Key::Name);
    }
    Role::Value
}

struct PanelLayout {
    name: Option<String>,
    /// (column index, key kind) in printed order
    keys: Vec<(usize, Key)>,
    values: Vec<usize>,
}

fn build(
    title: &str,
    title_line: usize,
    number: Option<String>,
    rows: Vec<(usize, Vec<String>)>,
    table_notes: Vec<String>,
    notes: &mut Vec<ImportNote>,
) -> Option<TableOut> {
    let warn = |notes: &mut Vec<ImportNote>, line: usize, message: String| {
        notes.push(ImportNote {
            level: NoteLevel::Warning,
            line,
            message,
        })
    };
    if rows.is_empty() {
        warn(
            notes,
            title_line,
            crate::lang::pick(
                format!("表 {title}：标题下没有找到数据行，该表未导入"),
                format!("table {title}: no rows found under the title; table skipped"),
            ),
        );
        return None;
    }
    // header phase
    let mut header: Vec<Vec<String>> = Vec::new();
    let mut header_lines: Vec<usize> = Vec::new();
    let mut panel_row: Option<Vec<String>> = None;
    let mut lanci: Option<Vec<String>> = None;
    let mut first_data = rows.len();
    let mut header_totals: Vec<(usize, String)> = Vec::new();
    for (k, (no, cells)) in rows.iter().enumerate() {
        if is_lanci(cells) && lanci.is_none() {
            lanci = Some(cells.clone());
            continue;
        }
        if is_data(cells) {
            first_data = k;
            break;
        }
        if is_panel_row(cells) && panel_row.is_none() {
            panel_row = Some(cells.clone());
            continue;
        }
        // a 合计 label printed on a header line (templates): a blank row, if its column is a
        // key column (decided below)
        if let Some(first) = cells.first() {
            let f = squeeze(first);
            if TOTAL_LABELS.contains(&f.as_str()) && !header.is_empty() {
                header_totals.push((header.len(), f));
            }
        }
        header.push(cells.iter().map(|c| squeeze(c)).collect());
        header_lines.push(*no);
    }
    let width = header
        .iter()
        .map(Vec::len)
        .chain(panel_row.iter().map(Vec::len))
        .chain(lanci.iter().map(Vec::len))
        .max()
        .unwrap_or_else(|| rows.get(first_data).map_or(0, |r| r.1.len()));
    if width == 0 {
        return None;
    }
    // column roles
    let mut roles: Vec<Role> = (0..width)
        .map(|c| {
            let text: String = header
                .iter()
                .filter_map(|r| r.get(c).map(String::as_str))
                .collect();
            role_of(&text)
        })
        .collect();
    // unnamed columns between a code column and the name column are code parts (类 款 项)
    for c in 0..width {
        if roles[c] == Role::Unknown && c > 0 && roles[c - 1] == Role::Key(Key::Code) {
            let name_follows = roles[c + 1..]
                .iter()
                .find(|r| **r != Role::Unknown)
                .is_some_and(|r| *r == Role::Key(Key::Name) || *r == Role::Key(Key::Code));
            if name_follows {
                roles[c] = Role::Key(Key::Code);
            }
        }
    }
    // a name column with no header of its own right after a code column (合计⇥⇥78.01)
    let any_name = roles.contains(&Role::Key(Key::Name));
    for c in 0..width {
        if roles[c] == Role::Unknown && c > 0 && roles[c - 1] == Role::Key(Key::Code) && !any_name {
            roles[c] = Role::Key(Key::Name);
        }
    }
    // a total label in a key column of a header line is a row label, not a header
    header_totals.retain(|(k, _)| matches!(roles.first(), Some(Role::Key(_))) && *k < header.len());
    for (k, _) in &header_totals {
        header[*k][0] = String::new();
    }
    // panels: a key column after a value column starts a new panel
    let mut layouts: Vec<PanelLayout> = Vec::new();
    let mut seen_value = true;
    for (c, role) in roles.iter().enumerate() {
        match role {
            Role::Key(k) => {
                if seen_value || layouts.is_empty() {
                    layouts.push(PanelLayout {
                        name: None,
                        keys: Vec::new(),
                        values: Vec::new(),
                    });
                    seen_value = false;
                }
                if let Some(p) = layouts.last_mut() {
                    p.keys.push((c, *k));
                }
            }
            Role::Value | Role::Unknown => {
                if layouts.is_empty() {
                    layouts.push(PanelLayout {
                        name: None,
                        keys: Vec::new(),
                        values: Vec::new(),
                    });
                }
                if let Some(p) = layouts.last_mut() {
                    p.values.push(c);
                }
                seen_value = true;
            }
        }
    }
    // panel names
    let panel_count = layouts.len();
    let bounds: Vec<(usize, usize)> = (0..panel_count)
        .map(|k| {
            let lo = layouts[k]
                .keys
                .first()
                .map(|x| x.0)
                .or_else(|| layouts[k].values.first().copied())
                .unwrap_or(0);
            let hi = if k + 1 < panel_count {
                layouts[k + 1]
                    .keys
                    .first()
                    .map(|x| x.0)
                    .or_else(|| layouts[k + 1].values.first().copied())
                    .unwrap_or(width)
            } else {
                width
            };
            (lo, hi)
        })
        .collect();
    for (k, p) in layouts.iter_mut().enumerate() {
        if panel_count > 1 {
            let (lo, hi) = bounds[k];
            let from_row = panel_row.as_ref().and_then(|r| {
                r.iter()
                    .skip(lo)
                    .take(hi - lo)
                    .find(|c| !c.is_empty())
                    .map(|c| squeeze(c))
            });
            p.name = Some(from_row.unwrap_or_else(|| (k + 1).to_string()));
        }
    }
    let mut panels: Vec<PanelOut> = layouts
        .iter()
        .map(|p| {
            let mut keys: Vec<Key> = Vec::new();
            for (_, k) in &p.keys {
                if !keys.contains(k) {
                    keys.push(*k);
                }
            }
            if keys.is_empty() {
                keys.push(Key::Name);
            }
            let columns = column_names(&header, &p.values);
            let numbers = lanci.as_ref().and_then(|r| {
                p.values
                    .iter()
                    // the loader's rule for 栏次: a positive integer, no leading zero
                    .map(|&c| r.get(c).and_then(|t| parse_line(t)))
                    .collect::<Option<Vec<u32>>>()
            });
            PanelOut {
                name: p.name.clone(),
                keys,
                columns,
                numbers,
                rows: Vec::new(),
            }
        })
        .collect();
    for (k, panel) in panels.iter().enumerate() {
        for (j, c) in panel.columns.iter().enumerate() {
            if c.starts_with('栏') && c[3..].parse::<usize>().is_ok() {
                warn(
                    notes,
                    header_lines.first().copied().unwrap_or(title_line),
                    {
                        let (col, panel) = (j + 1, k + 1);
                        crate::lang::pick(
                            format!(
                                "表 {title}：第 {panel} 栏的第 {col} 列没有印出列名，暂称“{c}”"
                            ),
                            format!(
                                "table {title}: column {col} of panel {panel} has no printed name; named {c}"
                            ),
                        )
                    },
                );
            }
        }
    }
    for (_, label) in &header_totals {
        if let Some(p) = panels.first_mut() {
            let n = p.columns.len();
            p.rows.push(RowOut {
                name: Some(label.clone()),
                values: vec![None; n],
                ..RowOut::default()
            });
        }
    }
    // data rows
    for (no, cells) in rows.iter().skip(first_data) {
        let squeezed: Vec<String> = cells.iter().map(|c| squeeze(c)).collect();
        if header.contains(&squeezed) || lanci.as_ref() == Some(cells) {
            continue; // a header repeated on a new page
        }
        let mut cells = cells.clone();
        while cells.len() > width && cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        // a continuation page ruled with one code column where the first page has 类 | 款 | 项
        // (swu 2023, 财政拨款支出决算表): the code is printed whole in the first code cell
        let code_cols: Vec<usize> = layouts
            .first()
            .map(|l| {
                l.keys
                    .iter()
                    .filter(|(_, k)| *k == Key::Code)
                    .map(|(c, _)| *c)
                    .collect()
            })
            .unwrap_or_default();
        if code_cols.len() > 1 && cells.len() + code_cols.len() - 1 == width {
            let at = code_cols[0] + 1;
            for _ in 1..code_cols.len() {
                cells.insert(at.min(cells.len()), String::new());
            }
        }
        if cells.len() != width {
            warn(notes, *no, {
                let n = cells.len();
                crate::lang::pick(
                    format!("表 {title}：该行有 {n} 个单元格，表头有 {width} 列，该行未导入"),
                    format!(
                        "table {title}: ragged row with {n} cells where the header has {width}; row skipped"
                    ),
                )
            });
            continue;
        }
        match read_row(&cells, &layouts) {
            Ok(segments) => {
                for (k, seg) in segments.into_iter().enumerate() {
                    if let Some(mut row) = seg {
                        row.line_no = *no;
                        panels[k].rows.push(row);
                    }
                }
            }
            Err(why) => warn(
                notes,
                *no,
                crate::lang::pick(
                    format!("表 {title}：该行未导入：{why}"),
                    format!("table {title}: row skipped: {why}"),
                ),
            ),
        }
    }
    Some(TableOut {
        page: None,
        title: squeeze(title),
        number,
        panels,
        notes: table_notes,
    })
}

/// Reads one data row into one optional row per panel (`None` where the panel's part of the
/// printed line is empty).
fn read_row(cells: &[String], layouts: &[PanelLayout]) -> Result<Vec<Option<RowOut>>, String> {
    let mut out: Vec<Option<RowOut>> = Vec::with_capacity(layouts.len());
    for p in layouts {
        let mut row = RowOut::default();
        let mut code = String::new();
        let mut empty = true;
        for &(c, k) in &p.keys {
            let text = cells[c].trim();
            if text.is_empty() {
                continue;
            }
            empty = false;
            match k {
                Key::Line => match parse_line(text) {
                    Some(n) => row.line = Some(n),
                    None => {
                        if row.name.is_none() {
                            row.name = Some(squeeze(text));
                        } else {
                            return Err(crate::lang::pick(
                                format!("行次 `{text}` 不是行号"),
                                format!("行次 `{text}` is not a line number"),
                            ));
                        }
                    }
                },
                Key::Code => {
                    let t = squeeze(text);
                    if is_placeholder(&t) {
                        return Err(crate::lang::pick(
                            format!("科目编码处是占位符 `{text}`"),
                            format!("placeholder `{text}` instead of a code"),
                        ));
                    }
                    if is_digits(&t) {
                        code.push_str(&t);
                    } else if matches!(t.as_str(), "类" | "款" | "项") {
                        // the 类/款/项 header printed on the first data line
                    } else if row.name.is_none() {
                        row.name = Some(t);
                    } else {
                        return Err(crate::lang::pick(
                            format!("`{text}` 不是科目编码"),
                            format!("`{text}` is not a classification code"),
                        ));
                    }
                }
                Key::Name => {
                    let t = squeeze(text);
                    match &row.name {
                        None => row.name = Some(t),
                        Some(_) => {
                            return Err(crate::lang::pick(
                                format!("一行中有两个科目名称（`{text}`）"),
                                format!("two names in one row (`{text}`)"),
                            ));
                        }
                    }
                }
            }
        }
        if !code.is_empty() {
            if !matches!(code.len(), 3 | 5 | 7) {
                let n = code.len();
                return Err(crate::lang::pick(
                    format!("科目编码 `{code}` 有 {n} 位（应为 3、5 或 7 位）"),
                    format!("code `{code}` has {n} digits (a code has 3, 5 or 7)"),
                ));
            }
            row.code = Some(code);
        }
        for &c in &p.values {
            let text = cells[c].trim();
            if is_blank(text, false) {
                row.values.push(None);
                continue;
            }
            empty = false;
            let t = squeeze(text);
            if parse_decimal(&t).is_ok() {
                row.values.push(Some(t));
            } else {
                return Err(crate::lang::pick(
                    format!("单元格 `{text}` 不是金额"),
                    format!("cell `{text}` is not an amount"),
                ));
            }
        }
        if let Some(name) = &row.name
            && name
                .chars()
                .all(|c| matches!(c, '…' | '.' | '。' | '─' | '-'))
        {
            return Err(crate::lang::pick(
                format!("行名处是占位符 `{name}`"),
                format!("placeholder `{name}` instead of a row label"),
            ));
        }
        out.push((!empty).then_some(row));
    }
    // a label with its amount printed at the far right of the line (人员经费合计 … 4.43)
    let n = out.len();
    for k in 0..n {
        let labelled_blank = out[k].as_ref().is_some_and(|r| {
            (r.name.is_some() || r.code.is_some()) && r.values.iter().all(Option::is_none)
        });
        if !labelled_blank {
            continue;
        }
        let later: Vec<usize> = (k + 1..n).filter(|&j| out[j].is_some()).collect();
        let movable = later.len() == 1
            && out[later[0]]
                .as_ref()
                .is_some_and(|r| r.name.is_none() && r.code.is_none() && r.line.is_none());
        if movable {
            let j = later[0];
            let values = out[j].take().map(|r| r.values).unwrap_or_default();
            if let Some(r) = out[k].as_mut()
                && values.len() == r.values.len()
            {
                r.values = values;
            }
        }
    }
    Ok(out)
}

/// Value column names from the header rows: spanning cells are carried right over the columns
/// that have labels below them; a level every column shares (`本年支出` over 小计/基本支出/项目支出)
/// is dropped; levels are joined with `/` only where the lowest labels would repeat.
fn column_names(header: &[Vec<String>], vcols: &[usize]) -> Vec<String> {
    let n = vcols.len();
    let rows = header.len();
    let orig: Vec<Vec<String>> = header
        .iter()
        .map(|r| {
            vcols
                .iter()
                .map(|&c| r.get(c).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    let mut lab = orig.clone();
    #[allow(clippy::needless_range_loop)] // rows above and below are read by index
    for r in 0..rows {
        for j in 1..n {
            if lab[r][j].is_empty() && !lab[r][j - 1].is_empty() {
                let below = (r + 1..rows).any(|rr| !orig[rr][j].is_empty());
                let boundary = (0..r).any(|rr| !orig[rr][j].is_empty());
                if below && !boundary {
                    lab[r][j] = lab[r][j - 1].clone();
                }
            }
        }
    }
    let mut paths: Vec<Vec<String>> = (0..n)
        .map(|j| {
            let mut p: Vec<String> = Vec::new();
            for row in &lab {
                let l = &row[j];
                if !l.is_empty() && p.last() != Some(l) {
                    p.push(l.clone());
                }
            }
            p
        })
        .collect();
    // drop a level that spans every column
    if n > 1 {
        loop {
            let first = paths.first().and_then(|p| p.first()).cloned();
            let Some(first) = first else { break };
            if paths
                .iter()
                .all(|p| p.len() > 1 && p.first() == Some(&first))
            {
                for p in &mut paths {
                    p.remove(0);
                }
            } else {
                break;
            }
        }
    }
    let leaves: Vec<String> = paths
        .iter()
        .map(|p| p.last().cloned().unwrap_or_default())
        .collect();
    let unique = leaves
        .iter()
        .enumerate()
        .all(|(i, l)| !leaves[..i].contains(l));
    paths
        .iter()
        .enumerate()
        .map(|(j, p)| {
            if p.is_empty() {
                format!("栏{}", j + 1)
            } else if unique {
                p[p.len() - 1].clone()
            } else {
                p.join("/")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(rows: &[&str]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.split('\t').map(squeeze).collect())
            .collect()
    }

    #[test]
    fn spanning_headers() {
        let header = h(&[
            "预算数\t\t\t\t\t\t决算数\t\t\t\t\t",
            "合计\t因公出国 （境）费\t公务用车购置及运行维护费\t\t\t公务接待 费\t合计\t因公出国 （境）费\t公务用车购置及运行维护费\t\t\t公务接待 费",
            "\t\t小计\t公务用车 购置费\t公务用车 运行维护 费\t\t\t\t小计\t公务用车 购置费\t公务用车 运行维护 费\t",
        ]);
        let cols: Vec<usize> = (0..12).collect();
        let names = column_names(&header, &cols);
        assert_eq!(names[0], "预算数/合计");
        assert_eq!(names[3], "预算数/公务用车购置及运行维护费/公务用车购置费");
        assert_eq!(names[5], "预算数/公务接待费");
        assert_eq!(names[8], "决算数/公务用车购置及运行维护费/小计");
    }

    #[test]
    fn shared_top_level_is_dropped() {
        let header = h(&[
            "项 目\t\t本年支出\t\t",
            "编码\t科目名称\t小计\t基本支出\t项目支出",
        ]);
        assert_eq!(
            column_names(&header, &[2, 3, 4]),
            vec!["小计", "基本支出", "项目支出"]
        );
    }
}
