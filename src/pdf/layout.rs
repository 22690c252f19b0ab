//! From a page's characters and tables to the lines the text importer reads: text lines
//! outside tables (characters clustered by their top, left to right, a space where the gap is
//! wider than 3 points), each table row as TAB-separated cells (a cell's wrapped lines joined),
//! all ordered top to bottom — what pdfplumber's `extract_text` and `extract_tables` give.

use super::extract::Char;
use super::table::{Cell, Table};

/// pdfplumber's `x_tolerance` / `y_tolerance`.
const X_TOL: f64 = 3.0;
const Y_TOL: f64 = 3.0;

/// Word draws "bold" CJK text as the same glyph twice, a fraction of a point apart: keep the
/// first of the same text drawn at (nearly) the same place.
pub fn dedupe(chars: &mut Vec<Char>) {
    const NEAR: f64 = 1.0;
    let mut order: Vec<usize> = (0..chars.len()).collect();
    order.sort_by(|&a, &b| {
        chars[a]
            .top
            .total_cmp(&chars[b].top)
            .then(chars[a].x0.total_cmp(&chars[b].x0))
    });
    let mut drop = vec![false; chars.len()];
    for (k, &i) in order.iter().enumerate() {
        if drop[i] {
            continue;
        }
        for &j in &order[k + 1..] {
            if chars[j].top - chars[i].top > NEAR {
                break;
            }
            if !drop[j]
                && chars[j].text == chars[i].text
                && chars[j].code == chars[i].code
                && (chars[j].x0 - chars[i].x0).abs() <= NEAR
            {
                drop[j] = true;
            }
        }
    }
    let mut k = 0;
    chars.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// Characters grouped into lines: a character whose top is within `Y_TOL` of the previous one
/// (in top order) is on the same line; each line sorted left to right.
fn cluster_lines<'c>(chars: &[&'c Char]) -> Vec<Vec<&'c Char>> {
    let mut sorted: Vec<&Char> = chars.to_vec();
    sorted.sort_by(|a, b| a.top.total_cmp(&b.top));
    let mut lines: Vec<Vec<&Char>> = Vec::new();
    let mut last_top = f64::NEG_INFINITY;
    for c in sorted {
        if c.top <= last_top + Y_TOL
            && let Some(line) = lines.last_mut()
        {
            line.push(c);
        } else {
            lines.push(vec![c]);
        }
        last_top = c.top;
    }
    for l in &mut lines {
        l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

/// One line's text: words separated by one space (a blank character or a gap wider than
/// `X_TOL` ends a word). Characters with no Unicode map are `\u{fffd}`.
fn line_text(line: &[&Char]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Char> = None;
    let mut pending_space = false;
    for c in line {
        if c.text.chars().all(char::is_whitespace) && !c.text.is_empty() {
            pending_space = prev.is_some();
            continue;
        }
        if let Some(p) = prev
            && (c.x0 > p.x1 + X_TOL || c.x0 < p.x0)
        {
            pending_space = true;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        if c.text.is_empty() {
            out.push('\u{fffd}');
        } else {
            out.push_str(&c.text);
        }
        prev = Some(c);
    }
    out
}

/// The text of some characters, one string per line, top to bottom (with each line's top).
pub fn text_lines(chars: &[&Char]) -> Vec<(f64, String)> {
    cluster_lines(chars)
        .into_iter()
        .map(|l| {
            let top = l.iter().map(|c| c.top).fold(f64::INFINITY, f64::min);
            (top, line_text(&l))
        })
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// A cell's text: its lines joined (a cell's line breaks are wraps of one label).
fn cell_text(cell: &Cell, chars: &[&Char]) -> String {
    let inside: Vec<&Char> = chars
        .iter()
        .copied()
        .filter(|c| cell.holds(c.x0, c.x1, c.top, c.bottom))
        .collect();
    text_lines(&inside)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("")
}

/// A table's rows, each as its cells' texts (`""` for a spanned or empty cell).
pub fn table_rows(table: &Table, chars: &[&Char]) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| c.map(|c| cell_text(&c, chars)).unwrap_or_default())
                .collect()
        })
        .collect()
}

/// One page as text lines (without the page marker): text outside the tables and the
/// tables' rows, top to bottom.
pub fn page_lines(chars: &[Char], tables: &[Table]) -> Vec<String> {
    let (inside, outside): (Vec<&Char>, Vec<&Char>) = chars.iter().partition(|c| {
        tables
            .iter()
            .any(|t| t.bbox.holds(c.x0, c.x1, c.top, c.bottom))
    });
    let mut blocks: Vec<(f64, Vec<String>)> = text_lines(&outside)
        .into_iter()
        .map(|(top, t)| (top, vec![t]))
        .collect();
    for t in tables {
        // rows with every cell empty are not printed (nor in the pdfplumber extractions)
        let rows: Vec<String> = table_rows(t, &inside)
            .into_iter()
            .filter(|cells| cells.iter().any(|c| !c.is_empty()))
            .map(|cells| cells.join("\t"))
            .collect();
        blocks.push((t.bbox.top, rows));
    }
    blocks.sort_by(|a, b| a.0.total_cmp(&b.0));
    blocks.into_iter().flat_map(|(_, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(text: &str, x0: f64, top: f64) -> Char {
        Char {
            text: text.to_string(),
            x0,
            x1: x0 + 10.0,
            top,
            bottom: top + 10.0,
            code: text.chars().next().map_or(0, u32::from),
        }
    }

    #[test]
    fn lines_words_and_spaces() {
        let chars = [
            ch("乙", 10.0, 101.0),
            ch("甲", 0.0, 100.0),
            ch("2", 30.0, 100.5), // a 10-point gap: a space
            ch(" ", 40.0, 100.0),
            ch(" ", 45.0, 100.0),
            ch("年", 50.0, 100.0),
            ch("下", 0.0, 120.0),
        ];
        let refs: Vec<&Char> = chars.iter().collect();
        let lines = text_lines(&refs);
        assert_eq!(
            lines.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
            ["甲乙 2 年", "下"]
        );
    }

    #[test]
    fn fake_bold_repeats_are_dropped_but_real_repeats_kept() {
        let mut chars = vec![
            ch("收", 0.0, 0.0),
            ch("收", 0.3, 0.2),
            ch("1", 10.0, 0.0),
            ch("1", 15.0, 0.0),
        ];
        dedupe(&mut chars);
        assert_eq!(chars.len(), 3);
        let refs: Vec<&Char> = chars.iter().collect();
        assert_eq!(text_lines(&refs)[0].1, "收11");
    }

    #[test]
    fn unreadable_glyphs_are_marked_not_guessed() {
        let mut c = ch("", 0.0, 0.0);
        c.code = 7;
        assert_eq!(text_lines(&[&c])[0].1, "\u{fffd}");
    }

    #[test]
    fn tables_interleave_with_text_and_wrapped_cells_join() {
        let table = Table {
            bbox: Cell {
                x0: 0.0,
                top: 50.0,
                x1: 200.0,
                bottom: 100.0,
            },
            rows: vec![vec![
                Some(Cell {
                    x0: 0.0,
                    top: 50.0,
                    x1: 100.0,
                    bottom: 100.0,
                }),
                None,
            ]],
        };
        let chars = [
            ch("标", 0.0, 10.0),
            ch("一", 5.0, 55.0),
            ch("二", 5.0, 75.0),
            ch("注", 0.0, 150.0),
        ];
        assert_eq!(page_lines(&chars, &[table]), ["标", "一二\t", "注"]);
    }
}
