//! The printed text the text checks read, kept as printed: the cover's year, the 目录 entries,
//! each table's title line and the unit its header prints (`编制单位：` / `部门：`).
//! Nothing here changes what the other stages read.

use super::lines::{Kind, Line, squeeze};

/// What the importer keeps of the printed text (see docs/report-format.md, "Printed text").
#[derive(Debug, Clone, Default)]
pub(crate) struct Printed {
    /// the unit's name on the cover, lines joined (`None` when no cover was found)
    pub cover_unit: Option<String>,
    /// the year on the cover as printed (`2023年度`, `2024`, `202 年度`)
    pub cover_year: Option<String>,
    /// the 目录 entries, each line as printed
    pub contents: Vec<String>,
}

/// Whether a text line is the 目录 heading (`目录`, `目 录`).
fn is_contents_heading(t: &str) -> bool {
    squeeze(t) == "目录"
}

/// The cover's text lines: the lines before the 目录 (or before `第一部分` when there is no
/// 目录), at most the first 80 lines. `附件1：` style labels are not the cover.
fn cover_lines(lines: &[Line]) -> Vec<&str> {
    let mut out = Vec::new();
    for l in lines.iter().take(80) {
        if let Kind::Text(t) = &l.kind {
            let s = squeeze(t);
            if s == "目录" || s.starts_with("第一部分") || s.starts_with("第二部分") {
                break;
            }
            if s.starts_with("附件") && s.chars().count() <= 5 {
                continue;
            }
            out.push(t.as_str());
        }
    }
    out
}

/// The year on the cover as printed: the first run of 2–4 ASCII digits followed by `年度` or
/// `年` (spaces allowed between, kept), else the first run of exactly 4 digits.
fn cover_year(cover: &[&str]) -> Option<String> {
    for line in cover {
        let chars: Vec<char> = line.chars().collect();
        let mut k = 0;
        while k < chars.len() {
            if chars[k].is_ascii_digit() && (k == 0 || !chars[k - 1].is_ascii_digit()) {
                let mut j = k;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    j += 1;
                }
                let mut after = j;
                while after < chars.len() && chars[after] == ' ' {
                    after += 1;
                }
                let digits = j - k;
                if (2..=4).contains(&digits) && chars.get(after) == Some(&'年') {
                    let end = if chars.get(after + 1) == Some(&'度') {
                        after + 2
                    } else {
                        after + 1
                    };
                    return Some(chars[k..end].iter().collect());
                }
                k = j;
                continue;
            }
            k += 1;
        }
    }
    cover.iter().find_map(|line| {
        let chars: Vec<char> = line.chars().collect();
        (0..chars.len()).find_map(|k| {
            let run = chars[k..].iter().take_while(|c| c.is_ascii_digit()).count();
            (run == 4 && (k == 0 || !chars[k - 1].is_ascii_digit()))
                .then(|| chars[k..k + 4].iter().collect())
        })
    })
}

/// The 目录 entries: the text lines after the 目录 heading, up to the line where the body
/// begins (a line that repeats the first entry, or its start, such as `第一部分`), a table
/// title or row, or 60 lines.
fn contents(lines: &[Line]) -> Vec<String> {
    let Some((start, end)) = contents_lines(lines) else {
        return Vec::new();
    };
    lines[start + 1..end]
        .iter()
        .filter_map(|l| match &l.kind {
            Kind::Text(t) => Some(t.trim().to_string()),
            _ => None,
        })
        .collect()
}

/// Where the 目录 is: the index of its heading line and the index after its last entry.
/// Its lines are the report's table of contents, not prose of the sections they name.
pub(crate) fn contents_lines(lines: &[Line]) -> Option<(usize, usize)> {
    let start = lines
        .iter()
        .take(120)
        .position(|l| matches!(&l.kind, Kind::Text(t) if is_contents_heading(t)))?;
    let mut first: Option<String> = None;
    let mut end = start + 1;
    for (i, l) in lines.iter().enumerate().skip(start + 1).take(60) {
        match &l.kind {
            Kind::Text(t) => {
                if super::tables::known_title(t).is_some() && super::tables::starts_table(lines, i)
                {
                    break;
                }
                let s = squeeze(t);
                if let Some(f) = &first
                    && (s == *f || f.starts_with(&s))
                {
                    break;
                }
                // a 目录 entry is a heading: a line that states an amount or is a sentence of
                // prose means the body has begun (a 目录 whose end was not recognised)
                if s.contains("万元") || s.contains('%') || s.chars().count() > 50 {
                    break;
                }
                if first.is_none() {
                    first = Some(s);
                }
                end = i + 1;
            }
            Kind::Row(_) => break,
            Kind::Blank | Kind::Page | Kind::Source(_) => {}
        }
    }
    Some((start, end))
}

/// Reads the cover's year and the 目录; `cover_unit` is the unit the importer found on the
/// cover, if any.
pub(crate) fn read(lines: &[Line], cover_unit: Option<String>) -> Printed {
    let cover = cover_lines(lines);
    Printed {
        cover_unit,
        cover_year: cover_year(&cover),
        contents: contents(lines),
    }
}

/// The unit line a table's header prints, label and name as printed (`编制单位：某某局`,
/// `部门：`, `单位名称：`): kept also when the name is left blank, since a blank 部门： is a
/// template slot nobody filled in. `None` when the header prints no such label. The currency
/// label that may follow on the same cell (`单位名称： 单位：万元`) is not part of it.
pub(crate) fn issuer(lines: &[Line], title: usize, next: usize) -> Option<String> {
    const LABELS: &[&str] = &["编制单位", "填报单位", "单位名称", "部门名称", "部门"];
    let from_cell = |cell: &str| -> Option<String> {
        let t = cell.trim();
        let (label, rest) = match LABELS.iter().find(|l| t.starts_with(**l)) {
            Some(label) => (*label, t[label.len()..].trim_start()),
            // `单位： 单位：万元`: a bare 单位： before the currency label names the unit
            None => {
                let rest = t.strip_prefix("单位")?.trim_start();
                let after = rest.strip_prefix(['：', ':'])?;
                if !(after.contains("单位：") || after.contains("单位:")) {
                    return None;
                }
                ("单位", rest)
            }
        };
        let colon = rest.chars().next().filter(|c| matches!(c, '：' | ':'))?;
        let rest = rest[colon.len_utf8()..].trim();
        let name = match rest.find("单位：").or_else(|| rest.find("单位:")) {
            Some(i) => rest[..i].trim(),
            None => rest,
        };
        Some(format!("{label}{colon}{name}"))
    };
    let end = next.min(lines.len()).min(title + 12);
    for l in lines.get(title + 1..end).unwrap_or_default() {
        let found = match &l.kind {
            Kind::Text(t) => from_cell(t),
            Kind::Row(cells) => cells.iter().find_map(|c| from_cell(c)),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::lines::classify;
    use super::*;

    #[test]
    fn cover_year_as_printed() {
        assert_eq!(cover_year(&["**2023年度"]).as_deref(), Some("2023年度"));
        assert_eq!(
            cover_year(&["西南大学 2023 年度部门决算"]).as_deref(),
            Some("2023 年度")
        );
        assert_eq!(
            cover_year(&["上海市普陀区财政局", "年度部门决算", "2024"]).as_deref(),
            Some("2024")
        );
        // a digit missing is kept as printed, for the text checks
        assert_eq!(
            cover_year(&["202 年度部门决算"]).as_deref(),
            Some("202 年度")
        );
        assert_eq!(cover_year(&["某某局部门决算"]), None);
    }

    #[test]
    fn contents_stop_where_the_body_begins() {
        let lines = classify(
            "封面\n目 录\n第一部分 某局概况\n一、主要职能\n[第2页]\n第二部分 部门决算表\n\n第一部分\n一、主要职能\n",
        );
        assert_eq!(
            contents(&lines),
            vec!["第一部分 某局概况", "一、主要职能", "第二部分 部门决算表"]
        );
        assert!(contents(&classify("没有目录\n一、概况\n")).is_empty());
        // the body begins where a line states an amount, even when it repeats no entry
        let lines = classify(
            "目 录\n一、收入支出决算总体情况说明\n二、收入决算情况说明\n\n本年收入合计78.01万元。\n",
        );
        assert_eq!(
            contents(&lines),
            vec!["一、收入支出决算总体情况说明", "二、收入决算情况说明"]
        );
        assert_eq!(contents_lines(&lines), Some((0, 3)));
    }

    #[test]
    fn issuer_is_the_label_and_the_name_as_printed() {
        let lines = classify("收入决算表\n编制单位：某某局\t\t单位：万元\n项目\t合计\n");
        assert_eq!(
            issuer(&lines, 0, lines.len()).as_deref(),
            Some("编制单位：某某局")
        );
        let lines = classify("收入决算表\n部门：\n单位：万元\n");
        assert_eq!(issuer(&lines, 0, lines.len()).as_deref(), Some("部门："));
        let lines = classify("收入决算表\n单位名称： 单位：万元\n");
        assert_eq!(
            issuer(&lines, 0, lines.len()).as_deref(),
            Some("单位名称：")
        );
        let lines = classify("收入决算表\n单位： 单位：万元\n");
        assert_eq!(issuer(&lines, 0, lines.len()).as_deref(), Some("单位："));
        // the currency label alone names no unit
        let lines = classify("收入决算表\n单位：万元\n");
        assert_eq!(issuer(&lines, 0, lines.len()), None);
        let lines = classify("收入决算表\n部门：中共某某区委办公室\n");
        assert_eq!(
            issuer(&lines, 0, lines.len()).as_deref(),
            Some("部门：中共某某区委办公室")
        );
    }
}
