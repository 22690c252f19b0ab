//! Text checks: the report's words, not its sums. Reviewers reject reports for template text
//! left in (增加（减少）, XX局, 202 年度), a unit name that differs between the cover, the
//! tables and the narrative, a 目录 that lists a table the report does not print. These
//! functions give rules the texts (`sentences(说明)`, `titles()`, `contents()`, `unit()`) and
//! the tests on them (`matches`, `contains`, `unit_of`, `listed`, `printed`).

use super::*;
use std::sync::Arc;

/// Compiles a pattern of `matches(…)` (the `regex` crate's syntax), with a size limit: a
/// pattern from a pack may not make matching slow or large. Through the process's cache: the
/// pack's static check compiles each pattern, and evaluation then finds it compiled (compiling
/// twice was a tenth of a single-report run).
pub fn compile_pattern(p: &str) -> Result<regex::Regex, String> {
    shared_pattern(p).map(|re| re.as_ref().clone())
}

fn build_pattern(p: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(p)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => "the pattern is too large".to_string(),
            other => other
                .to_string()
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .to_string(),
        })
}

/// A compiled pattern shared by every report of the process: a pack's patterns are compiled
/// once, not once per report (compiling costs far more than matching a narrative). Shared, not
/// cloned: a clone of a `Regex` starts with empty matching caches, and rebuilding the lazy
/// DFA's states for every report cost more than the matching.
fn shared_pattern(p: &str) -> Result<Arc<regex::Regex>, String> {
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<regex::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(re) = cache.lock().ok().and_then(|c| c.get(p).cloned()) {
        return Ok(re);
    }
    let re = Arc::new(build_pattern(p)?);
    if let Ok(mut c) = cache.lock()
        && c.len() < 1024
    {
        c.insert(p.to_string(), re.clone());
    }
    Ok(re)
}

/// Where narrative sentences end.
fn sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？' | '\n')
}

/// The sentences of a text, in order. A run of 。 (the template's placeholder `。。。`) is
/// part of its sentence, not the end of three empty ones.
fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !sentence_end(c) {
            continue;
        }
        let run = c == '。'
            && (chars.peek().is_some_and(|(_, n)| *n == '。') || text[start..i].ends_with('。'));
        if run {
            continue;
        }
        out.push(&text[start..i]);
        start = i + c.len_utf8();
    }
    out.push(&text[start..]);
    out
}

/// The place names of 目录 entries and the cover in findings.
const CONTENTS: &str = "目录";
const COVER: &str = "封面";

/// Whether a 目录 entry and a title name the same table: equal once normalised (ordinals,
/// quotes, widths), or the entry is the title after the unit and year (`XX局2024年度收入决算表`).
fn same_table(entry: &str, title: &str) -> bool {
    let (e, t) = (normalize_name(entry), normalize_name(title));
    if t.is_empty() {
        return false;
    }
    e == t
        || e.strip_suffix(t.as_str())
            .is_some_and(|head| head.ends_with("年度") || head.ends_with('年'))
        || t.strip_suffix(e.as_str())
            .is_some_and(|head| head.ends_with("年度") || head.ends_with('年'))
}

impl<'a> Ev<'a> {
    /// The text functions; `None` when `name` is not one of them.
    pub(super) fn text_function(&mut self, name: &str, args: &'a [Expr]) -> Option<R<Val<'a>>> {
        let report: &'a Report = self.report;
        Some(match name {
            "sentences" => self.sentences(args),
            // the title line as printed (with the unit and year it carries), else the title;
            // the place is the table's standard title
            "titles" => Ok(Val::Texts(
                report
                    .tables
                    .iter()
                    .map(|t| {
                        let printed = t.printed_title();
                        TextItem {
                            text: printed.map_or(t.title.as_str(), |p| p.text.as_str()),
                            place: t.title.as_str(),
                            span: printed.map_or(t.span, |p| p.span),
                        }
                    })
                    .collect(),
            )),
            "notes" => Ok(Val::Texts(
                report
                    .tables
                    .iter()
                    .flat_map(|t| {
                        t.notes.iter().map(move |n| TextItem {
                            text: n.as_str(),
                            place: t.title.as_str(),
                            span: t.span,
                        })
                    })
                    .collect(),
            )),
            // the unit line each table's header prints (`部门：`, `编制单位：某某局`), as printed
            "issuers" => Ok(Val::Texts(
                report
                    .tables
                    .iter()
                    .filter_map(|t| {
                        t.issuer().map(|i| TextItem {
                            text: i.text.as_str(),
                            place: t.title.as_str(),
                            span: i.span,
                        })
                    })
                    .collect(),
            )),
            // the numbered headings inside the narrative's sections ((一)…, 1.…), as printed
            "subheadings" => Ok(Val::Texts(
                report
                    .narrative
                    .iter()
                    .flat_map(|sec| {
                        lines_of(&sec.text)
                            .into_iter()
                            .filter(|l| heading_level(l).is_some())
                            .map(move |l| TextItem {
                                text: l,
                                place: sec.title.as_str(),
                                span: sec.span,
                            })
                    })
                    .collect(),
            )),
            "under" => self.text_arg(&args[0]).map(|h| {
                let text = report
                    .narrative
                    .iter()
                    .find_map(|sec| under(&sec.text, h.text))
                    .unwrap_or("");
                Val::Text(TextItem { text, ..h })
            }),
            // a name followed by its classification code in the narrative: 实验室及相关设施（2060204）
            "coded_names" => Ok(Val::Texts(
                report
                    .narrative
                    .iter()
                    .flat_map(|sec| {
                        coded_name_pattern()
                            .find_iter(&sec.text)
                            .map(move |m| TextItem {
                                text: m.as_str(),
                                place: sec.title.as_str(),
                                span: sec.span,
                            })
                    })
                    .collect(),
            )),
            // the name part of `名称（2060204）`, spaces removed
            "name_in" => self
                .text_arg(&args[0])
                .map(|t| Val::Word(split_coded(t.text).map_or_else(String::new, |(n, _)| n))),
            // the name the tables print for the code of `名称（2060204）`; "" when no table does
            "code_name" => self.text_arg(&args[0]).map(|t| {
                let name = split_coded(t.text).and_then(|(_, code)| {
                    report
                        .tables
                        .iter()
                        .flat_map(|t| t.panels.iter())
                        .flat_map(|p| p.rows.iter())
                        .find(|r| r.code.as_ref().is_some_and(|c| c.text.trim() == code))
                        .and_then(|r| r.name.as_ref())
                        .map(|n| n.text.split_whitespace().collect::<String>())
                });
                Val::Word(name.unwrap_or_default())
            }),
            // the fixed rows' labels (rows without a code), as printed, each with its table
            "labels" => Ok(Val::Texts(
                report
                    .tables
                    .iter()
                    .flat_map(|t| {
                        t.panels
                            .iter()
                            .flat_map(|p| p.rows.iter())
                            .filter(|r| r.code.is_none())
                            .filter_map(move |r| {
                                r.name.as_ref().map(|n| TextItem {
                                    text: n.text.as_str(),
                                    place: t.title.as_str(),
                                    span: n.span,
                                })
                            })
                    })
                    .collect(),
            )),
            // the template's label a row label misses by one character; "" when none
            "template_label" => self.text_arg(&args[0]).map(|t| {
                Val::Word(
                    super::template::near_template_label(t.text)
                        .unwrap_or_default()
                        .to_string(),
                )
            }),
            // the narrative's headings as printed
            "headings" => Ok(Val::Texts(
                report
                    .narrative
                    .iter()
                    .map(|sec| TextItem {
                        text: sec.title.as_str(),
                        place: sec.title.as_str(),
                        span: sec.title_span.unwrap_or(sec.span),
                    })
                    .collect(),
            )),
            "contents" => Ok(Val::Texts(
                report
                    .contents()
                    .iter()
                    .map(|e| TextItem {
                        text: e.text.as_str(),
                        place: CONTENTS,
                        span: e.span,
                    })
                    .collect(),
            )),
            // the cover's unit and year as printed
            "cover" => Ok(Val::Texts(
                [report.cover_unit(), report.cover_year()]
                    .into_iter()
                    .flatten()
                    .map(|t| TextItem {
                        text: t.text.as_str(),
                        place: COVER,
                        span: t.span,
                    })
                    .collect(),
            )),
            "cover_unit" => Ok(Val::Word(
                report
                    .cover_unit()
                    .map(|t| t.text.clone())
                    .unwrap_or_default(),
            )),
            "unit" => Ok(Val::Word(report.unit.clone())),
            "unit_of" => self.text_arg(&args[0]).map(|t| Val::Word(unit_of(t.text))),
            "matches" | "contains" => self.text_test(name, args),
            // a table the 目录 lists (true when the report keeps no 目录)
            "listed" => self.text_arg(&args[0]).map(|t| {
                let contents = report.contents();
                Val::Bool(
                    contents.is_empty()
                        || contents
                            .iter()
                            .any(|e| same_table(&e.text, t.place) || same_table(&e.text, t.text)),
                )
            }),
            // a 目录 entry whose table the report prints
            "printed" => self.text_arg(&args[0]).map(|e| {
                Val::Bool(report.tables.iter().any(|t| {
                    same_table(e.text, &t.title)
                        || t.aliases.iter().any(|a| same_table(e.text, a))
                        || t.printed_title()
                            .is_some_and(|p| same_table(e.text, &p.text))
                }))
            }),
            _ => return None,
        })
    }

    /// `matches(t, "pattern")` and `contains(t, "word")`: the found text is kept for `{match}`,
    /// and the text read is one of the finding's cells.
    fn text_test(&mut self, name: &str, args: &'a [Expr]) -> R<Val<'a>> {
        let t = self.text_arg(&args[0])?;
        let ExprKind::Word(p) = &args[1].kind else {
            return Err(self.bad(args[1].loc, "the pattern or word must be a quoted string"));
        };
        let found = if name == "matches" {
            if !self.patterns.contains_key(p.as_str()) {
                let re = shared_pattern(p).map_err(|msg| self.bad(args[1].loc, &msg))?;
                self.patterns.insert(p.as_str(), re);
            }
            self.patterns[p.as_str()]
                .find(t.text)
                .map(|m| m.as_str().to_string())
        } else {
            normalize_name(t.text)
                .contains(&normalize_name(p))
                .then(|| p.clone())
        };
        if found.is_some() {
            self.last_match = found.clone();
        }
        self.cells.push(Touch::Text(t));
        Ok(Val::Bool(found.is_some()))
    }

    /// `sentences(说明)` or `sentences(说明.三公)`: the sentences of the narrative, in order.
    fn sentences(&mut self, args: &'a [Expr]) -> R<Val<'a>> {
        let report: &'a Report = self.report;
        let sections: Vec<&'a Section> = match &args[0].kind {
            ExprKind::Ref(r) if r.head.text == "说明" && r.segments.is_empty() => {
                report.narrative.iter().collect()
            }
            _ => match self.eval(&args[0])? {
                Val::Claims(s) => vec![s],
                _ => {
                    return Err(self.bad(
                        args[0].loc,
                        "sentences(…) takes 说明 or a narrative section (说明.三公)",
                    ));
                }
            },
        };
        let mut out = Vec::new();
        for s in sections {
            for sentence in split_sentences(&s.text) {
                let t = sentence.trim();
                if !t.is_empty() {
                    out.push(TextItem {
                        text: t,
                        place: s.title.as_str(),
                        span: s.span,
                    });
                }
            }
        }
        Ok(Val::Texts(out))
    }

    fn text_arg(&mut self, a: &'a Expr) -> R<TextItem<'a>> {
        match self.eval(a)? {
            Val::Text(t) => Ok(t),
            _ => Err(self.bad(
                a.loc,
                "this takes a text (an element of sentences(…), titles() or contents())",
            )),
        }
    }
}

/// `名称（2060204）`: a name (no spaces, digits or punctuation, but a short bracketed part such
/// as （境） may be inside) and a 类/款/项 code of 3, 5 or 7 digits in brackets.
fn coded_name_pattern() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"[^\s\d.．、，。；：:（）()“”\[\]]+(?:（[^（）\d]{1,4}）[^\s\d.．、，。；：:（）()“”]*)*[（(](?:\d{7}|\d{5}|\d{3})[）)]",
        )
        .expect("a valid pattern")
    })
}

/// `名称（2060204）` → (`名称`, `2060204`), without a leading 其中 / 包括 / 用于.
fn split_coded(t: &str) -> Option<(String, &str)> {
    let t = t.trim().trim_end_matches(['）', ')']);
    let open = t.rfind(['（', '('])?;
    let code = &t[open..].trim_start_matches(['（', '(']);
    let name: String = t[..open].split_whitespace().collect();
    // the words that lead into a name without a comma (其中行政运行（2010101）) are not part of it
    const LEADS: &[&str] = &[
        "其中",
        "主要包括",
        "主要用于",
        "主要是",
        "主要为",
        "包括",
        "用于",
        "如",
    ];
    let name = LEADS
        .iter()
        .find_map(|l| name.strip_prefix(l))
        .map_or(name.clone(), str::to_string);
    Some((name, code))
}

/// The lines of a section's text, trimmed, as slices of it.
fn lines_of(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The level of a numbered heading line: `一、` 1, `（一）` 2, `1.`/`1、` 3, `（1）` 4; `None`
/// for a line that is no heading: longer than 40 characters, or stating something (a sentence:
/// ending in 。 or with 。，； inside, a definition after ：, an amount or a rate). A list item
/// that is one short sentence (（十二）完成区委、区政府交办的其他任务。) is content, not an outline.
fn heading_level(line: &str) -> Option<u8> {
    const CN: &str = "一二三四五六七八九十";
    let t = line.trim();
    let body = t.trim_end_matches(['：', ':']);
    if t.chars().count() > 40
        || body.contains(['。', '，', '；', '：', ':', '%', '％'])
        || body.contains("万元")
    {
        return None;
    }
    let lead = |s: &str, set: &dyn Fn(char) -> bool| -> usize {
        s.chars().take_while(|c| set(*c)).map(char::len_utf8).sum()
    };
    let cn = |c: char| CN.contains(c);
    let digit = |c: char| c.is_ascii_digit();
    let n = lead(t, &cn);
    if n > 0 && t[n..].starts_with('、') {
        return Some(1);
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open) {
            let n = lead(rest, &cn);
            if n > 0 && rest[n..].starts_with(close) {
                return Some(2);
            }
            let n = lead(rest, &digit);
            if n > 0 && rest[n..].starts_with(close) {
                return Some(4);
            }
        }
    }
    let n = lead(t, &digit);
    if n > 0 && t[n..].starts_with(['.', '、', '．']) && !t[n..].starts_with("..") {
        return Some(3);
    }
    None
}

/// The text under `heading` (a line of `text`, by address) up to the next heading of the same
/// or a higher level: `None` when the heading is not a line of this text, `Some("")` when
/// nothing is printed under it.
fn under<'t>(text: &'t str, heading: &str) -> Option<&'t str> {
    let start = text.as_ptr() as usize;
    let at = (heading.as_ptr() as usize).checked_sub(start)?;
    if at + heading.len() > text.len() {
        return None;
    }
    let level = heading_level(heading)?;
    let from = at + heading.len();
    let rest = &text[from..];
    let mut end = rest.len();
    let mut offset = 0;
    for raw in rest.split_inclusive('\n') {
        if heading_level(raw).is_some_and(|l| l <= level) {
            end = offset;
            break;
        }
        offset += raw.len();
    }
    Some(rest[..end].trim())
}

/// The unit name a title line or heading prints: before the year (`中共…办公室2023年度收入支出决算总表`)
/// or after `单位：`/`编制单位：`/`部门：`. Empty when it prints none.
pub(super) fn unit_of(text: &str) -> String {
    let t = text.trim();
    for key in ["编制单位", "单位名称", "部门名称", "单位", "部门"] {
        for colon in ['：', ':'] {
            let k = format!("{key}{colon}");
            if let Some(i) = t.find(&k) {
                let rest = t[i + k.len()..].trim_start();
                let name: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, '，' | '。' | '；'))
                    .collect();
                // `单位：万元` is the currency, not the unit
                if !name.is_empty() && name != "万元" && name != "元" {
                    return name;
                }
            }
        }
    }
    // before a year: 4 digits then 年
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    for w in 0..chars.len().saturating_sub(4) {
        let digits = chars[w..w + 4].iter().all(|(_, c)| c.is_ascii_digit());
        if digits && chars[w].1 == '2' && chars.get(w + 4).is_some_and(|(_, c)| *c == '年') {
            let prefix = t[..chars[w].0].trim();
            return prefix.to_string();
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::{
        coded_name_pattern, heading_level, lines_of, split_coded, split_sentences, under, unit_of,
    };

    #[test]
    fn names_with_their_codes() {
        let text = "8.重点实验室及相关设施（2060204）：反映…；因公出国（境）费（2010101），政府办公厅（室）及相关机构事务（20103）";
        let found: Vec<&str> = coded_name_pattern()
            .find_iter(text)
            .map(|m| m.as_str())
            .collect();
        assert_eq!(
            found,
            [
                "重点实验室及相关设施（2060204）",
                "因公出国（境）费（2010101）",
                "政府办公厅（室）及相关机构事务（20103）"
            ]
        );
        assert_eq!(
            split_coded(found[0]),
            Some(("重点实验室及相关设施".to_string(), "2060204"))
        );
        assert_eq!(
            split_coded("其中行政运行（2010101）"),
            Some(("行政运行".to_string(), "2010101"))
        );
        // a year or an amount in brackets is no code
        assert!(coded_name_pattern().find("增长（2023）年").is_none());
        assert!(coded_name_pattern().find("经费（12.5）").is_none());
    }

    #[test]
    fn headings_by_level_and_what_is_under_them() {
        assert_eq!(heading_level("一、部门职责"), Some(1));
        assert_eq!(heading_level("（一）绩效管理工作的开展情况"), Some(2));
        assert_eq!(heading_level("1.基本工资"), Some(3));
        assert_eq!(heading_level("（1）会议费"), Some(4));
        assert_eq!(
            heading_level("（十二）完成区委、区政府交办的其他任务。"),
            None
        );
        assert_eq!(
            heading_level("（一）内设机构设置。我单位属于正科级行政单位"),
            None
        );
        assert_eq!(
            heading_level("一、财政拨款收入：指单位从同级财政部门取得的资金"),
            None
        );
        assert_eq!(
            heading_level("1.小学教育（2050202），2023 年度决算数为 7,970.38万元"),
            None
        );
        let text =
            "（一）绩效管理工作的开展情况\n（二）整体支出绩效情况\n1.产出\n总结。\n（三）问题";
        let lines = lines_of(text);
        assert_eq!(under(text, lines[0]), Some(""));
        assert_eq!(under(text, lines[1]), Some("1.产出\n总结。"));
        assert_eq!(under(text, lines[2]), Some("总结。"));
        assert_eq!(under(text, lines[4]), Some(""));
        assert_eq!(under("另一段", lines[0]), None);
    }

    #[test]
    fn a_run_of_full_stops_stays_in_its_sentence() {
        assert_eq!(
            split_sentences("甲。乙；4 。。。\n丙"),
            ["甲", "乙", "4 。。。", "丙"]
        );
    }

    #[test]
    fn the_unit_a_title_line_prints() {
        assert_eq!(
            unit_of("中共株洲市荷塘区委网络安全和信息化委员会办公室2023年度收入支出决算总表"),
            "中共株洲市荷塘区委网络安全和信息化委员会办公室"
        );
        assert_eq!(
            unit_of("编制单位：上海市普陀区财政局 单位：万元"),
            "上海市普陀区财政局"
        );
        assert_eq!(unit_of("单位：万元"), "");
        assert_eq!(unit_of("2023年度收入支出决算总表"), "");
        assert_eq!(unit_of("收入支出决算总表"), "");
    }
}
