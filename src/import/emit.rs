//! The YAML writer. Reports are written by hand, not through a serializer, so the layout is
//! the one people read against the PDF: one table row per line as a flow sequence, printed
//! order, blanks as `~`, amounts exactly as printed (`"2,940.05"` quoted, since a bare comma
//! separates flow items).

use std::fmt::Write;

use super::narrative::{Attr, ClaimOut, SectionOut};
use super::printed::Printed;
use super::tables::{PanelOut, TableOut};

pub(crate) struct Header<'a> {
    pub unit: &'a str,
    pub year: Option<u32>,
    pub currency: &'a str,
    pub source: &'a str,
    pub path: &'a str,
}

/// Whether `s` can be written as a plain scalar anywhere (block or flow context) and reads
/// back as the same string.
fn plain_ok(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`~".contains(first) {
        return false;
    }
    if s.chars()
        .any(|c| matches!(c, ',' | '[' | ']' | '{' | '}' | '#' | ':' | '\t') || invisible(c))
    {
        return false;
    }
    // would read as something other than a string
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) {
        return false;
    }
    if s.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E' | '_'))
    {
        return false;
    }
    true
}

/// Characters YAML does not allow as printed (controls, byte order marks, separators).
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
        )
}

/// A string scalar, quoted when needed.
pub(crate) fn text(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if invisible(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An amount as printed: plain unless it has a thousands separator.
fn amount(s: &str) -> String {
    if s.contains(',') {
        quoted(s)
    } else {
        s.to_string()
    }
}

fn opt_amount(v: &Option<String>) -> String {
    v.as_deref().map_or_else(|| "~".to_string(), amount)
}

/// Writes the report YAML; `printed_tables[i]` is the title line as printed and the header's
/// unit of `tables[i]`.
pub(crate) fn write(
    h: &Header<'_>,
    tables: &[TableOut],
    sections: &[SectionOut],
    printed: &Printed,
    printed_tables: &[(String, Option<String>)],
) -> String {
    let mut y = String::new();
    let _ = writeln!(
        y,
        "{}",
        crate::lang::pick(
            format!("# 由 `crossfoot import` 从 {} 导入。", h.path),
            format!("# Imported by `crossfoot import` from {}.", h.path),
        )
    );
    let _ = writeln!(
        y,
        "{}",
        crate::lang::pick(
            "# 请与印出的报告核对；导入时的警告说明了哪些内容未能读入。",
            "# Check it against the printed report; the importer's warnings say what it could not place.",
        )
    );
    let _ = writeln!(y, "unit: {}", text(h.unit));
    match h.year {
        Some(year) => {
            let _ = writeln!(y, "year: {year}");
        }
        None => {
            let _ = writeln!(y, "year: 1900");
        }
    }
    let _ = writeln!(y, "currency: {}", text(h.currency));
    let _ = writeln!(y, "precision: 2");
    let _ = writeln!(y, "source: {}", text(h.source));
    if printed.cover_unit.is_some() || printed.cover_year.is_some() {
        let _ = writeln!(y, "cover:");
        if let Some(u) = &printed.cover_unit {
            let _ = writeln!(y, "  unit: {}", text(u));
        }
        if let Some(year) = &printed.cover_year {
            // quoted: `2024` is the year as printed, text like `2023年度`
            let _ = writeln!(y, "  year: {}", quoted(year));
        }
    }
    if !printed.contents.is_empty() {
        let _ = writeln!(y, "contents:");
        for e in &printed.contents {
            let _ = writeln!(y, "  - {}", text(e));
        }
    }
    if tables.is_empty() {
        let _ = writeln!(y, "tables: []");
    } else {
        let _ = writeln!(y, "tables:");
    }
    for (k, t) in tables.iter().enumerate() {
        if k > 0 {
            y.push('\n');
        }
        let _ = writeln!(y, "  - title: {}", text(&t.title));
        if let Some(n) = &t.number {
            let _ = writeln!(y, "    number: {}", text(n));
        }
        if let Some((title, issuer)) = printed_tables.get(k) {
            let _ = writeln!(y, "    printed_title: {}", text(title));
            if let Some(i) = issuer {
                let _ = writeln!(y, "    issuer: {}", text(i));
            }
        }
        if let Some(p) = t.page {
            let _ = writeln!(y, "    page: {p}");
        }
        if t.panels.len() == 1 && t.panels[0].name.is_none() {
            write_panel_body(&mut y, &t.panels[0], "    ");
        } else {
            let _ = writeln!(y, "    panels:");
            for p in &t.panels {
                let _ = writeln!(
                    y,
                    "      - name: {}",
                    text(p.name.as_deref().unwrap_or_default())
                );
                write_panel_body(&mut y, p, "        ");
            }
        }
        if !t.notes.is_empty() {
            let _ = writeln!(y, "    notes:");
            for n in &t.notes {
                let _ = writeln!(y, "      - {}", text(n));
            }
        }
    }
    if !sections.is_empty() {
        let _ = writeln!(y, "\nnarrative:");
    }
    for (k, s) in sections.iter().enumerate() {
        if k > 0 {
            y.push('\n');
        }
        let _ = writeln!(y, "  - key: {}", text(&s.key));
        let _ = writeln!(y, "    title: {}", text(&s.title));
        let body: Vec<&String> = s.text.iter().filter(|l| !l.trim().is_empty()).collect();
        if !body.is_empty() {
            let _ = writeln!(y, "    text: |");
            for l in body {
                let _ = writeln!(y, "      {}", l.trim());
            }
        }
        if s.claims.is_empty() {
            // a section kept for its words states no number
            let _ = writeln!(y, "    claims: []");
        } else {
            let _ = writeln!(y, "    claims:");
        }
        for c in &s.claims {
            let _ = writeln!(y, "      - {}", claim(c));
        }
    }
    y
}

fn write_panel_body(y: &mut String, p: &PanelOut, ind: &str) {
    let keys: Vec<&str> = p.keys.iter().map(|k| k.as_str()).collect();
    let _ = writeln!(y, "{ind}keys: [{}]", keys.join(", "));
    let cols: Vec<String> = p.columns.iter().map(|c| text(c)).collect();
    let _ = writeln!(y, "{ind}columns: [{}]", cols.join(", "));
    if let Some(ns) = &p.numbers {
        let ns: Vec<String> = ns.iter().map(u32::to_string).collect();
        let _ = writeln!(y, "{ind}column_numbers: [{}]", ns.join(", "));
    }
    if p.rows.is_empty() {
        let _ = writeln!(y, "{ind}rows: []");
        return;
    }
    let _ = writeln!(y, "{ind}rows:");
    for r in &p.rows {
        let mut cells: Vec<String> = Vec::with_capacity(p.keys.len() + r.values.len());
        for k in &p.keys {
            cells.push(match k {
                super::tables::Key::Line => r.line.map_or_else(|| "~".into(), |l| l.to_string()),
                super::tables::Key::Code => r.code.clone().unwrap_or_else(|| "~".into()),
                super::tables::Key::Name => r.name.as_deref().map_or_else(|| "~".into(), text),
            });
        }
        cells.extend(r.values.iter().map(opt_amount));
        let _ = writeln!(y, "{ind}  - [{}]", cells.join(", "));
    }
    // the page of each row, when the input marks pages (a row of a header label has none:
    // it is on its table's first page)
    if p.rows.iter().any(|r| r.page.is_some()) {
        let first = p.rows.iter().find_map(|r| r.page).unwrap_or(1);
        let pages: Vec<String> = p
            .rows
            .iter()
            .map(|r| r.page.unwrap_or(first).to_string())
            .collect();
        let _ = writeln!(y, "{ind}row_pages: [{}]", pages.join(", "));
    }
}

fn claim(c: &ClaimOut) -> String {
    let mut parts = vec![format!("subject: {}", text(&c.subject))];
    if let Some(code) = &c.code {
        parts.push(format!("code: {code}"));
    }
    for (name, v) in &c.attrs {
        let v = match v {
            Attr::Amount(a) => amount(a),
            Attr::Percent(p) => text(p),
            Attr::Count(n) => text(n),
            Attr::Word(w) => text(w),
            Attr::Flag => "true".to_string(),
        };
        parts.push(format!("{name}: {v}"));
    }
    if let Some(p) = c.page {
        parts.push(format!("page: {p}"));
    }
    if let Some(s) = &c.sentence {
        parts.push(format!("sentence: {}", text(s)));
    }
    format!("{{{}}}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(text("一、一般公共服务支出"), "一、一般公共服务支出");
        assert_eq!(text("1"), "\"1\"");
        assert_eq!(text("a, b"), "\"a, b\"");
        assert_eq!(text("-x"), "\"-x\"");
        assert_eq!(text("说\"明"), "说\"明");
        assert_eq!(text("~"), "\"~\"");
        assert_eq!(amount("2,940.05"), "\"2,940.05\"");
    }
}
