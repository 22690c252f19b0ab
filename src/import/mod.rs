//! `crossfoot import`: turns the text extraction of a published 部门决算 PDF into report YAML.
//!
//! The stages, each in its own file:
//! - [`lines`] classifies input lines (page markers, blanks, TAB rows, text);
//! - [`tables`] finds the nine public tables by title and reads their headers, panels and rows;
//! - [`narrative`] splits the 情况说明 into sections and reads the numbers each states;
//! - [`emit`] writes the YAML (one table row a line, printed order).
//!
//! Nothing is dropped silently: every line the importer could not place gets a warning with
//! its line number in [`Imported::notes`], next to an info note per table and section it read.
//! The library returns data; the CLI prints.

mod emit;
mod lines;
mod narrative;
mod printed;
mod tables;

use lines::{Kind, squeeze};
use narrative::Prose;
pub use narrative::describe_claims;
use tables::{TableOut, known_title, looks_like_title, starts_table};

/// How much a note matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteLevel {
    /// what was recognised (tables, rows, claims)
    Info,
    /// a line that could not be placed, or a table or claim that was skipped
    Warning,
}

/// One message about the input, at a 1-based line of the text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportNote {
    pub level: NoteLevel,
    pub line: usize,
    pub message: String,
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// the report YAML (loads with [`crate::report::load_report`])
    pub yaml: String,
    /// info and warnings, in line order (warnings about the document as a whole have line 0)
    pub notes: Vec<ImportNote>,
    /// tables recognised
    pub tables: usize,
    /// table rows imported
    pub rows: usize,
    /// narrative claims imported
    pub claims: usize,
    /// each `[第N页]` marker: its line and N, in line order (empty when the text has none)
    pub page_lines: Vec<(usize, usize)>,
    /// notes about PDF pages that could not be read fully (PDF input only)
    pub page_notes: Vec<crate::pdf::PageNote>,
}

impl Imported {
    pub fn warnings(&self) -> impl Iterator<Item = &ImportNote> {
        self.notes.iter().filter(|n| n.level == NoteLevel::Warning)
    }

    /// The printed page (第N页) that `line` of the text is on, from the page markers.
    pub fn page_of_line(&self, line: usize) -> Option<usize> {
        page_of(&self.page_lines, line)
    }
}

fn page_of(page_lines: &[(usize, usize)], line: usize) -> Option<usize> {
    match page_lines.partition_point(|&(l, _)| l <= line) {
        0 => None,
        k => Some(page_lines[k - 1].1),
    }
}

/// Sets each claim's page: the page of the prose line its sentence starts on (searched from
/// its section's heading on; spaces ignored, since paragraphs join wrapped lines).
fn place_claims(
    prose: &[Prose],
    page_lines: &[(usize, usize)],
    sections: &mut [narrative::SectionOut],
) {
    if page_lines.is_empty() {
        return;
    }
    // the prose squeezed into one string, with the line each character came from
    let mut flat: Vec<char> = Vec::new();
    let mut from: Vec<usize> = Vec::new();
    for p in prose {
        if let Prose::Text(no, t) = p {
            for c in t.chars().filter(|c| !c.is_whitespace()) {
                flat.push(c);
                from.push(*no);
            }
        }
    }
    for s in sections.iter_mut() {
        let start = from.partition_point(|&l| l < s.line);
        for c in &mut s.claims {
            let Some(sentence) = &c.sentence else {
                continue;
            };
            let needle: Vec<char> = sentence
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(24)
                .collect();
            if needle.is_empty() {
                continue;
            }
            let at = flat[start.min(flat.len())..]
                .windows(needle.len())
                .position(|w| w == needle.as_slice())
                .map(|k| k + start);
            c.page = at.and_then(|k| page_of(page_lines, from[k]));
        }
    }
}

/// `[第N页]` markers: (1-based line, N).
fn page_markers(text: &str) -> Vec<(usize, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let n = l.trim().strip_prefix("[第")?.strip_suffix("页]")?;
            // pages count from 1: `[第0页]` names no page (and a row on it could not be placed)
            Some((i + 1, n.parse().ok().filter(|&n: &usize| n > 0)?))
        })
        .collect()
}

/// Imports a published report's PDF: reads it as text ([`crate::pdf::pdf_to_text`]), then as
/// [`import_text`] does. Pages that could not be read fully are in [`Imported::page_notes`];
/// an error when nothing usable came out of the file.
pub fn import_pdf(
    path: &str,
    bytes: &[u8],
    limits: &crate::pdf::Limits,
) -> Result<Imported, crate::pdf::PdfError> {
    let read = crate::pdf::pdf_to_text(bytes, limits)?;
    let mut imported = import_text(path, &read.text);
    imported.page_notes = read.notes;
    Ok(imported)
}

/// Whether a file is read as a PDF: its name ends in `.pdf` (any case).
pub fn is_pdf_path(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
}

fn info(notes: &mut Vec<ImportNote>, line: usize, message: String) {
    notes.push(ImportNote {
        level: NoteLevel::Info,
        line,
        message,
    });
}

fn warn(notes: &mut Vec<ImportNote>, line: usize, message: String) {
    notes.push(ImportNote {
        level: NoteLevel::Warning,
        line,
        message,
    });
}

/// Imports the text extraction `text` of a report; `path` is named in the YAML's comment and
/// used as its `source` when the text does not name one.
pub fn import_text(path: &str, text: &str) -> Imported {
    let lines = lines::classify(text);
    let page_lines = page_markers(text);
    let mut notes: Vec<ImportNote> = Vec::new();
    let mut tables: Vec<TableOut> = Vec::new();
    let mut prose: Vec<Prose> = Vec::new();
    // per table kept: its title line as printed and the unit its header prints
    let mut printed_tables: Vec<(String, Option<String>)> = Vec::new();
    let mut source: Option<String> = None;
    let mut currency: Option<String> = None;
    // the 目录 is kept as `contents`; its lines are not prose of the sections they name
    let toc = printed::contents_lines(&lines);
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some((start, end)) = toc
            && (start..end).contains(&i)
        {
            i += 1;
            continue;
        }
        match &line.kind {
            Kind::Source(s) => {
                source = s.split_whitespace().next().map(str::to_string);
                i += 1;
            }
            Kind::Blank => {
                prose.push(Prose::Break);
                i += 1;
            }
            Kind::Page => i += 1,
            Kind::Text(t) => {
                let numbered = tables::numbered_title(t);
                let known = known_title(t)
                    .or_else(|| numbered.as_ref().and_then(|(_, title)| known_title(title)));
                if (known.is_some() || looks_like_title(t)) && starts_table(&lines, i) {
                    // a table is found by its structure (a title line, then rows); a title
                    // that is not one of the nine is still imported, under its printed words
                    let printed = numbered
                        .as_ref()
                        .map_or_else(|| squeeze(t), |(_, title)| title.clone());
                    let title = known.map_or(printed.clone(), str::to_string);
                    let (table, next) =
                        tables::read_table(&lines, i, &title, &mut currency, &mut notes);
                    if let Some(mut table) = table {
                        table.page = page_of(&page_lines, line.no);
                        for row in table.panels.iter_mut().flat_map(|p| p.rows.iter_mut()) {
                            row.page = page_of(&page_lines, row.line_no);
                        }
                        if table.number.is_none() {
                            table.number = numbered.map(|(n, _)| n);
                        }
                        if known.is_none() {
                            info(
                                &mut notes,
                                line.no,
                                crate::lang::pick(
                                    format!("表“{printed}”不是九张公开表之一，按其所印标题导入"),
                                    format!(
                                        "table `{printed}` is not one of the nine public tables; imported under its printed title"
                                    ),
                                ),
                            );
                        }
                        if tables.iter().any(|x| {
                            crate::report::normalize_name(&x.title)
                                == crate::report::normalize_name(&table.title)
                        }) {
                            warn(&mut notes, line.no, {
                                let (a, b) = (line.no, lines[next.saturating_sub(1)].no);
                                crate::lang::pick(
                                    format!(
                                        "{}重复印出（第 {a}–{b} 行），保留第一次出现的",
                                        table.title
                                    ),
                                    format!(
                                        "table {} printed a second time (lines {a}–{b}); the first one is kept",
                                        table.title
                                    ),
                                )
                            });
                        } else {
                            info(&mut notes, line.no, {
                                let number = table
                                    .number
                                    .as_ref()
                                    .map(|n| format!(" ({n})"))
                                    .unwrap_or_default();
                                let (panels, rows) = (table.panels.len(), table.rows());
                                crate::lang::pick(
                                    format!("表 {}{number}：{panels} 栏，{rows} 行", table.title),
                                    format!(
                                        "table {}{number}: {panels} panel(s), {rows} row(s)",
                                        table.title
                                    ),
                                )
                            });
                            tables.push(table);
                            printed_tables
                                .push((t.trim().to_string(), printed::issuer(&lines, i, next)));
                        }
                    }
                    i = next;
                } else {
                    prose.push(Prose::Text(line.no, t.clone()));
                    i += 1;
                }
            }
            Kind::Row(_) => {
                let first = line.no;
                let mut last = first;
                let mut n = 0;
                while i < lines.len() && matches!(lines[i].kind, Kind::Row(_)) {
                    if let Kind::Row(cells) = &lines[i].kind {
                        let words: Vec<&str> = cells
                            .iter()
                            .map(|c| c.trim())
                            .filter(|c| !c.is_empty())
                            .collect();
                        prose.push(Prose::Row(lines[i].no, words.join(" ")));
                    }
                    last = lines[i].no;
                    n += 1;
                    i += 1;
                }
                warn(
                    &mut notes,
                    first,
                    crate::lang::pick(
                        format!(
                            "第 {first}–{last} 行的 {n} 行表格不在可识别的表标题之下，未作为表导入（其文字留在所在部分的说明中）"
                        ),
                        format!(
                            "{n} table row(s) at lines {first}–{last} are not under a known table title; not imported as a table (their words are kept in their section's text)"
                        ),
                    ),
                );
            }
        }
    }
    let (unit, mut year) = unit_and_year(&lines);
    if year.is_none() {
        year = year_in_text(&lines);
        if let Some(y) = year {
            warn(
                &mut notes,
                0,
                crate::lang::pick(
                    format!("封面上没有年度；`year` 取正文中第一个“{y}年度”：{y}"),
                    format!("no year on the cover; `year` is {y}, the first `{y}年度` in the text"),
                ),
            );
        }
    }
    if unit.is_none() {
        warn(
            &mut notes,
            0,
            crate::lang::pick(
                "目录之前没有找到单位名称；`unit` 暂取文件名，请手工改正",
                "no unit name found before the table of contents; `unit` is the file name",
            )
            .to_string(),
        );
    }
    if year.is_none() {
        warn(
            &mut notes,
            0,
            crate::lang::pick(
                "没有找到年度；`year` 暂为 1900，请手工改正",
                "no year found; `year` is 1900, correct it by hand",
            )
            .to_string(),
        );
    }
    let printed = printed::read(&lines, unit.clone());
    let unit = unit.unwrap_or_else(|| {
        std::path::Path::new(path)
            .file_stem()
            .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned())
    });
    let codes: narrative::CodeIndex = tables
        .iter()
        .flat_map(|t| t.panels.iter())
        .flat_map(|p| p.rows.iter())
        .filter_map(|r| Some((r.code.clone()?, r.name.clone()?)))
        .collect();
    let mut sections = narrative::read(&prose, &unit, &codes, &mut notes);
    place_claims(&prose, &page_lines, &mut sections);
    for s in &sections {
        info(
            &mut notes,
            s.line,
            crate::lang::pick(
                format!("说明 {}（{}）：{} 条表述", s.key, s.title, s.claims.len()),
                format!(
                    "section {} ({}): {} claim(s)",
                    s.key,
                    s.title,
                    s.claims.len()
                ),
            ),
        );
    }
    if tables.is_empty() {
        warn(
            &mut notes,
            0,
            crate::lang::pick(
                "未识别出任何表格：请确认文件是部门决算公开文本（PDF，或 pdfplumber 导出、以 TAB 分隔单元格的文本）",
                "no table recognised",
            )
            .to_string(),
        );
    }
    notes.sort_by_key(|n| n.line);
    let rows = tables.iter().map(TableOut::rows).sum();
    let claims = sections.iter().map(|s| s.claims.len()).sum();
    let source = source.unwrap_or_else(|| path.to_string());
    let yaml = emit::write(
        &emit::Header {
            unit: &unit,
            year,
            currency: currency.as_deref().unwrap_or("万元"),
            source: &source,
            path,
        },
        &tables,
        &sections,
        &printed,
        &printed_tables,
    );
    Imported {
        yaml,
        notes,
        tables: tables.len(),
        rows,
        claims,
        page_lines,
        page_notes: Vec::new(),
    }
}

/// The unit and year from the cover: the text lines before the table of contents
/// (`2023年度 / 中共…办公室 / 部门决算`, `上海市普陀区财政局 / 年度部门决算 / 2024`).
fn unit_and_year(lines: &[lines::Line]) -> (Option<String>, Option<u32>) {
    let mut cover = String::new();
    for l in lines.iter().take(80) {
        if let Kind::Text(t) = &l.kind {
            let s = squeeze(t);
            if s == "目录" || s.starts_with("第一部分") || s.starts_with("第二部分") {
                break;
            }
            if s.starts_with("附件") && s.chars().count() <= 5 {
                continue;
            }
            cover.push_str(&s);
        }
    }
    let chars: Vec<char> = cover.chars().collect();
    let mut year = None;
    let mut k = 0;
    while k + 4 <= chars.len() {
        if chars[k..k + 4].iter().all(char::is_ascii_digit)
            && (k == 0 || !chars[k - 1].is_ascii_digit())
            && chars.get(k + 4).is_none_or(|c| !c.is_ascii_digit())
        {
            let y: String = chars[k..k + 4].iter().collect();
            year = y.parse::<u32>().ok().filter(|y| (1990..=2100).contains(y));
            if year.is_some() {
                let mut rest = cover.replacen(&y, "", 1);
                for w in ["年度", "部门决算", "决算"] {
                    rest = rest.replacen(w, "", 1);
                }
                let unit = strip_date(rest.trim_start_matches(['年', ':', '：'])).to_string();
                return ((!unit.is_empty()).then_some(unit), year);
            }
        }
        k += 1;
    }
    (None, year)
}

/// The unit without a trailing publication date (`西南大学2024年8月` → `西南大学`).
fn strip_date(unit: &str) -> &str {
    let Some(k) = unit.rfind('年') else {
        return unit;
    };
    let (head, tail) = unit.split_at(k);
    let year_digits = head.chars().rev().take_while(char::is_ascii_digit).count();
    let tail = &tail['年'.len_utf8()..];
    let month: String = tail.chars().take_while(char::is_ascii_digit).collect();
    let after = &tail[month.len()..];
    let date_rest = after.strip_prefix('月').map(|r| {
        r.trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches('日')
    });
    if year_digits == 4 && !month.is_empty() && date_rest == Some("") {
        &head[..head.len() - 4]
    } else {
        unit
    }
}

/// The first `20xx年度` / `20xx年` of the text, for reports without a cover.
fn year_in_text(lines: &[lines::Line]) -> Option<u32> {
    lines.iter().find_map(|l| match &l.kind {
        Kind::Text(t) => {
            let s = squeeze(t);
            let chars: Vec<char> = s.chars().collect();
            (0..chars.len().saturating_sub(4)).find_map(|k| {
                let y: String = chars[k..k + 4].iter().collect();
                (chars[k..k + 4].iter().all(char::is_ascii_digit)
                    && (k == 0 || !chars[k - 1].is_ascii_digit())
                    && chars.get(k + 4) == Some(&'年'))
                .then(|| y.parse::<u32>().ok())
                .flatten()
                .filter(|y| (1990..=2100).contains(y))
            })
        }
        _ => None,
    })
}
