//! Row, column and table name normalisation: the one place that decides when two printed
//! names are "the same name". Reports are typed by hand or extracted from PDFs, so the same
//! label arrives with full- or half-width characters, stray spaces, ordinal prefixes
//! (`一、`, `（一）`, `1.`) and classification markers (`（类）`).

/// Normalises a printed label for lookup.
///
/// - full-width ASCII (`Ａ`, `１`, `（`) becomes half-width, and the ideographic space a space;
/// - all whitespace is removed (PDF extraction splits `因 公 出 国`);
/// - a leading ordinal is removed: `一、` `（一）` `(一)` `1.` `1、` `1．` `第一部分`-style
///   prefixes are not touched, only list ordinals;
/// - classification markers `(类)` `(款)` `(项)` are removed wherever they occur, so
///   `一般公共服务（类）支出` and `一般公共服务支出（类）` both become `一般公共服务支出`;
/// - quotes `“”‘’"'` are removed (`“三公”经费` = `三公经费`).
pub fn normalize_name(s: &str) -> String {
    // Most labels have nothing to convert or drop: only the ordinal step applies.
    if all_untouched(s) {
        return strip_ordinal(s).to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = to_half_width(c);
        if c.is_whitespace() || matches!(c, '“' | '”' | '‘' | '’' | '"' | '\'') {
            continue;
        }
        out.push(c);
    }
    if out.contains('(') {
        for marker in ["(类)", "(款)", "(项)"] {
            while let Some(i) = out.find(marker) {
                out.replace_range(i..i + marker.len(), "");
            }
        }
    }
    strip_ordinal(&out).to_string()
}

/// Whether normalising leaves `c` as it is (the ordinal step aside).
fn untouched(c: char) -> bool {
    !(c.is_whitespace()
        || matches!(
            c,
            '“' | '”' | '‘' | '’' | '"' | '\'' | '(' | '\u{3000}' | '\u{FF01}'..='\u{FF5E}'
        ))
}

/// `s.chars().all(untouched)`, decoding only the characters that can be touched: ASCII and
/// those led by these bytes (U+0085, U+00A0; U+1680; U+2000–U+205F; U+3000; U+FF01–U+FF5E).
fn all_untouched(s: &str) -> bool {
    s.bytes().enumerate().all(|(i, b)| match b {
        0..=0x7F => untouched(b as char),
        0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => s[i..].chars().next().is_none_or(untouched),
        _ => true,
    })
}

fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A Chinese numeral of a list ordinal.
fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零' | '〇'
    )
}

/// Removes one leading list ordinal. `s` is already half-width and without spaces.
fn strip_ordinal(s: &str) -> &str {
    // (一) (1)
    if let Some(rest) = s.strip_prefix('(') {
        if let Some(end) = rest.find(')') {
            let inner = &rest[..end];
            if !inner.is_empty() && inner.chars().all(|c| is_cn_digit(c) || c.is_ascii_digit()) {
                return &rest[end + 1..];
            }
        }
        return s;
    }
    // 一、 十二、 1、 1. 1．
    let digits_end = s
        .char_indices()
        .find(|&(_, c)| !(is_cn_digit(c) || c.is_ascii_digit()))
        .map_or(s.len(), |(i, _)| i);
    if digits_end == 0 {
        return s;
    }
    let rest = &s[digits_end..];
    for sep in ['、', '.', '．'] {
        if let Some(r) = rest.strip_prefix(sep) {
            // `1.5` is a number, not an ordinal.
            if sep == '.' && r.starts_with(|c: char| c.is_ascii_digit()) {
                return s;
            }
            if !r.is_empty() {
                return r;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::normalize_name as n;

    #[test]
    fn strips_ordinals_widths_spaces_and_markers() {
        assert_eq!(
            n("一、一般公共预算财政拨款收入"),
            "一般公共预算财政拨款收入"
        );
        assert_eq!(n("（一）内设机构"), "内设机构");
        assert_eq!(n("(3) 其他"), "其他");
        assert_eq!(n("十二、农林水支出"), "农林水支出");
        assert_eq!(n("1、行政运行"), "行政运行");
        assert_eq!(n("1.行政运行"), "行政运行");
        assert_eq!(n("因 公 出 国 （ 境 ） 费用"), "因公出国(境)费用");
        assert_eq!(n("一般公共服务（类）支出"), "一般公共服务支出");
        assert_eq!(n("一般公共服务支出（类）"), "一般公共服务支出");
        assert_eq!(n("“三公”经费"), "三公经费");
        assert_eq!(n("ＡＢ１２"), "AB12");
    }

    #[test]
    fn untouched_by_bytes_as_by_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("一{c}a");
            assert_eq!(
                super::all_untouched(&text),
                text.chars().all(super::untouched),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn keeps_what_is_not_an_ordinal() {
        assert_eq!(n("本年收入合计"), "本年收入合计");
        assert_eq!(n("一般公共服务支出"), "一般公共服务支出");
        assert_eq!(n("十"), "十");
        assert_eq!(n("1.5"), "1.5");
        assert_eq!(n("(含专用结余)"), "(含专用结余)");
        assert_eq!(
            n("使用非财政拨款结余（含专用结余）"),
            "使用非财政拨款结余(含专用结余)"
        );
    }
}
