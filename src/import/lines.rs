//! Line classification: the text extraction of a PDF arrives as lines; each is a page marker,
//! a blank, a table row (TAB-separated cells) or text. Markdown emphasis (`**`) that some
//! extractors leave around headings is removed here, so later stages see the printed text.

/// What one input line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Blank,
    /// `[第N页]` (pdfplumber-style page marker) or a lone page number
    Page,
    /// the extractor's provenance line (`SOURCE: …`)
    Source(String),
    /// a table row: its cells, trimmed
    Row(Vec<String>),
    /// a line of text (heading, prose, meta line), trimmed
    Text(String),
}

/// One input line with its 1-based number.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub no: usize,
    pub kind: Kind,
}

/// Splits `text` into classified lines.
pub(crate) fn classify(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, raw)| Line {
            no: i + 1,
            kind: kind_of(raw, i == 0),
        })
        .collect()
}

fn kind_of(raw: &str, first: bool) -> Kind {
    // controls and byte order marks are not text (and YAML does not allow them)
    let raw: String = raw
        .chars()
        .filter(|&c| {
            c == '\t'
                || !(c.is_control()
                    || matches!(
                        c,
                        '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
                    ))
        })
        .collect();
    let raw = raw.as_str();
    if raw.contains('\t') {
        let cells: Vec<String> = raw.split('\t').map(clean_cell).collect();
        if cells.iter().all(String::is_empty) {
            return Kind::Blank;
        }
        return Kind::Row(cells);
    }
    let t = raw.replace("**", "");
    let t = t.trim();
    if t.is_empty() {
        return Kind::Blank;
    }
    if first && let Some(rest) = t.strip_prefix("SOURCE:") {
        return Kind::Source(rest.trim().to_string());
    }
    if is_page_marker(t) {
        return Kind::Page;
    }
    Kind::Text(t.to_string())
}

fn clean_cell(c: &str) -> String {
    c.replace(['\u{feff}', '\u{0}'], "")
        .replace("**", "")
        .trim()
        .to_string()
}

/// `[第12页]`, `第 12 页`, `- 12 -`, or a folio: a line of just a 1–3 digit number (a year on
/// a cover has four).
fn is_page_marker(t: &str) -> bool {
    let s = squeeze(t);
    if (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let inner = s
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(&s);
    if let Some(n) = inner.strip_prefix('第').and_then(|r| r.strip_suffix('页')) {
        return !n.is_empty() && n.chars().all(|c| c.is_ascii_digit());
    }
    if let Some(n) = s.strip_prefix('-').and_then(|r| r.strip_suffix('-')) {
        return !n.is_empty() && n.chars().all(|c| c.is_ascii_digit());
    }
    false
}

/// The text without any whitespace (PDF extraction scatters spaces inside CJK words:
/// `因 公 出 国`, `项 目`).
pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let lines = classify("SOURCE: x y\n[第1页]\n\n**标题**\na\tb\t\n\t\t\n12\n2024\n");
        assert_eq!(lines[0].kind, Kind::Source("x y".into()));
        assert_eq!(lines[1].kind, Kind::Page);
        assert_eq!(lines[2].kind, Kind::Blank);
        assert_eq!(lines[3].kind, Kind::Text("标题".into()));
        assert_eq!(
            lines[4].kind,
            Kind::Row(vec!["a".into(), "b".into(), String::new()])
        );
        assert_eq!(lines[5].kind, Kind::Blank);
        assert_eq!(lines[6].kind, Kind::Page);
        assert_eq!(lines[7].kind, Kind::Text("2024".into()));
    }
}
