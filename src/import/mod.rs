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
}

impl Imported {
    pub fn warnings(&self) -> impl Iterator<Item = &ImportNote> {
        self.notes.iter().filter(|n| n.level == NoteLevel::Warning)
    }
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
    let mut notes: Vec<ImportNote> = Vec::new();
    let mut tables: Vec<TableOut> = Vec::new();
    let mut prose: Vec<Prose> = Vec::new();
    // per table kept: its title line as printed and the unit its header prints
    let mut printed_tables: Vec<(String, Option<String>)> = Vec::new();
    let mut source: Option<String> = None;
    let mut currency: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
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
                if let Some(title) = known_title(t).filter(|_| starts_table(&lines, i)) {
                    let (table, next) =
                        tables::read_table(&lines, i, title, &mut currency, &mut notes);
                    if let Some(table) = table {
                        if tables.iter().any(|x| {
                            crate::report::normalize_name(&x.title)
                                == crate::report::normalize_name(&table.title)
                        }) {
                            warn(
                                &mut notes,
                                line.no,
                                format!(
                                    "table {} printed a second time (lines {}–{}); the first one is kept",
                                    table.title,
                                    line.no,
                                    lines[next.saturating_sub(1)].no
                                ),
                            );
                        } else {
                            info(
                                &mut notes,
                                line.no,
                                format!(
                                    "table {}{}: {} panel(s), {} row(s)",
                                    table.title,
                                    table
                                        .number
                                        .as_ref()
                                        .map(|n| format!(" ({n})"))
                                        .unwrap_or_default(),
                                    table.panels.len(),
                                    table.rows()
                                ),
                            );
                            tables.push(table);
                            printed_tables
                                .push((t.trim().to_string(), printed::issuer(&lines, i, next)));
                        }
                    }
                    i = next;
                } else if looks_like_title(t) && starts_table(&lines, i) {
                    let mut dummy = None;
                    let mut ignored = Vec::new();
                    let (_, next) = tables::read_table(&lines, i, t, &mut dummy, &mut ignored);
                    warn(
                        &mut notes,
                        line.no,
                        format!(
                            "table `{}` is not one of the nine public tables; lines {}–{} skipped",
                            squeeze(t),
                            line.no,
                            lines[next.saturating_sub(1)].no
                        ),
                    );
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
                    last = lines[i].no;
                    n += 1;
                    i += 1;
                }
                warn(
                    &mut notes,
                    first,
                    format!(
                        "{n} table row(s) at lines {first}–{last} are not under a known table title; skipped"
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
                format!("no year on the cover; `year` is {y}, the first `{y}年度` in the text"),
            );
        }
    }
    if unit.is_none() {
        warn(
            &mut notes,
            0,
            "no unit name found before the table of contents; `unit` is the file name".to_string(),
        );
    }
    if year.is_none() {
        warn(
            &mut notes,
            0,
            "no year found; `year` is 1900, correct it by hand".to_string(),
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
    let sections = narrative::read(&prose, &unit, &codes, &mut notes);
    for s in &sections {
        info(
            &mut notes,
            s.line,
            format!(
                "section {} ({}): {} claim(s)",
                s.key,
                s.title,
                s.claims.len()
            ),
        );
    }
    if tables.is_empty() {
        warn(&mut notes, 0, "no table recognised".to_string());
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
                let unit = rest.trim_start_matches(['年', ':', '：']).to_string();
                return ((!unit.is_empty()).then_some(unit), year);
            }
        }
        k += 1;
    }
    (None, year)
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
