//! The 情况说明: prose lines are joined into paragraphs, paragraphs are assigned to sections
//! by their headings (一、收入支出决算总体情况说明 → `总体`, …), and each paragraph is read for
//! the numbers it states.
//!
//! Reading a paragraph: every number followed by 万元, % or (in sections that count people,
//! vehicles and items) a count unit is a *mention*. The clause before a mention says what the
//! number is: `…增加` a change, `…增长/下降` a rate, `占…的` a share, `年初预算为` a budget,
//! `支出决算为` a 决算, `完成…预算的` a completion rate, anything else an amount whose subject is
//! the clause itself (`其中：财政拨款收入75.01万元` → 财政拨款收入). Attributes without a subject
//! of their own (`，占96.15%`, `与上年相比，增加27.33万元`) belong to the claim before them.

use super::lines::squeeze;
use super::{ImportNote, NoteLevel};
use crate::report::normalize_name;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Attr {
    Amount(String),
    Percent(String),
    Count(String),
    Word(String),
    Flag,
}

#[derive(Debug, Clone)]
pub(crate) struct ClaimOut {
    pub subject: String,
    pub code: Option<String>,
    pub attrs: Vec<(String, Attr)>,
    pub sentence: Option<String>,
    /// the page (第N页) the sentence is printed on; set after reading (import/mod.rs)
    pub page: Option<usize>,
}

impl ClaimOut {
    fn has(&self, name: &str) -> bool {
        self.attrs.iter().any(|(k, _)| k == name)
    }
    fn set(&mut self, name: &str, v: Attr) -> bool {
        if self.has(name) {
            return false;
        }
        // 增加/减少/持平 and 增长/下降 are exclusive groups
        let group: &[&str] = match name {
            "增加" | "减少" | "持平" => &["增加", "减少", "持平"],
            "增长" | "下降" => &["增长", "下降"],
            _ => &[],
        };
        if group.iter().any(|g| self.has(g)) {
            return false;
        }
        self.attrs.push((name.to_string(), v));
        true
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SectionOut {
    pub key: String,
    pub title: String,
    pub text: Vec<String>,
    pub claims: Vec<ClaimOut>,
    pub line: usize,
}

/// A prose line, or a blank line (a possible paragraph break).
pub(crate) enum Prose {
    Text(usize, String),
    /// a line of cells under no table (a list such as the 单位构成), cells joined by a space:
    /// kept as words of its section, never read for claims
    Row(usize, String),
    Break,
}

/// A paragraph: its text and, for each source line joined into it, the char offset it starts at.
struct Para {
    text: String,
    starts: Vec<(usize, usize)>,
    heading: bool,
    /// a row of a list under no table: its words are kept, its numbers are not claims
    listed: bool,
}

impl Para {
    /// A paragraph of one source line, numbered `no`.
    fn line(text: &str, no: usize, heading: bool, listed: bool) -> Para {
        Para {
            text: text.to_string(),
            starts: vec![(0, no)],
            heading,
            listed,
        }
    }

    fn line_at(&self, char_pos: usize) -> usize {
        self.starts
            .iter()
            .rev()
            .find(|(off, _)| *off <= char_pos)
            .or(self.starts.first())
            .map_or(0, |(_, l)| *l)
    }
    fn first_line(&self) -> usize {
        self.starts.first().map_or(0, |s| s.1)
    }
}

const CN_NUM: &str = "一二三四五六七八九十";

/// `一、` `十二、` `（一）` `(一)` `第三部分`: the start of a heading.
fn heading_ordinal(t: &str) -> bool {
    let head: String = t.chars().take_while(|c| CN_NUM.contains(*c)).collect();
    if !head.is_empty() && t[head.len()..].starts_with('、') {
        return true;
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open) {
            let inner: String = rest.chars().take_while(|c| CN_NUM.contains(*c)).collect();
            if !inner.is_empty() && rest[inner.len()..].starts_with(close) {
                return true;
            }
        }
    }
    t.starts_with('第') && t.contains("部分")
}

fn is_heading(t: &str) -> bool {
    let s = squeeze(t);
    if s == "附件" || s.contains("绩效评价报告") && s.chars().count() <= 30 {
        return true;
    }
    if s.contains("名词解释") && s.chars().count() <= 12 {
        return true;
    }
    if !heading_ordinal(&s) || s.chars().count() > 40 {
        return false;
    }
    // a heading states no amounts and ends at most with one 。
    let body = s.trim_end_matches('。');
    !body.contains('。') && !body.contains("万元") && !body.contains('%')
}

/// `1、` `2.` `（1）`: a numbered item.
fn item_ordinal(t: &str) -> Option<usize> {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && t[digits..].starts_with(['、', '.', '．']) {
        let sep = t[digits..].chars().next().map_or(1, char::len_utf8);
        return Some(digits + sep);
    }
    None
}

fn ends_terminal(s: &str) -> bool {
    s.trim_end()
        .ends_with(['。', '：', '；', ':', ';', '！', '？', '）'])
}

fn paragraphs(prose: &[Prose]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut cur: Option<Para> = None;
    let mut pending_break = false;
    for p in prose {
        match p {
            Prose::Break => pending_break = true,
            Prose::Row(no, t) => {
                out.extend(cur.take());
                out.push(Para::line(t, *no, false, true));
                pending_break = false;
            }
            Prose::Text(no, t) => {
                let t = t.trim();
                if is_heading(t) {
                    out.extend(cur.take());
                    out.push(Para::line(t, *no, true, false));
                } else {
                    let start_new = match &cur {
                        None => true,
                        Some(c) => {
                            item_ordinal(t).is_some() && ends_terminal(&c.text)
                                || pending_break && ends_terminal(&c.text)
                                || heading_ordinal(t) && ends_terminal(&c.text)
                        }
                    };
                    if start_new {
                        out.extend(cur.take());
                        cur = Some(Para::line(t, *no, false, false));
                    } else if let Some(c) = cur.as_mut() {
                        let off = c.text.chars().count();
                        c.starts.push((off, *no));
                        c.text.push_str(t);
                    }
                }
                pending_break = false;
            }
        }
    }
    out.extend(cur);
    out
}

/// The section key a heading opens: `Some(Some(key))`, `Some(None)` for a heading whose prose
/// is not kept (a part's heading: 第一部分 …), `None` when the heading is not recognised.
fn section_key(heading: &str) -> Option<Option<&'static str>> {
    let h = squeeze(heading);
    let has = |k: &str| h.contains(k);
    let key = if has("名词解释") {
        Some("名词解释")
    } else if has("部门职责") || has("主要职能") {
        Some("职能")
    } else if has("概况") && !has("部分") {
        // 一、学校概况: the unit described in prose (its counts are of students, not staff)
        Some("基本情况")
    } else if has("机构设置") || has("单位构成") || has("人员构成") {
        Some("概况")
    } else if has("基本支出") && has("一般公共预算") {
        Some("基本支出")
    } else if has("三公") {
        Some(if has("具体") {
            "三公具体"
        } else {
            "三公"
        })
    } else if has("政府性基金") {
        Some("政府性基金")
    } else if has("国有资本经营") {
        Some("国有资本经营")
    } else if has("一般公共预算") && has("支出") {
        Some(if has("结构") {
            "一般公共预算结构"
        } else if has("具体") {
            "一般公共预算具体"
        } else {
            "一般公共预算总体"
        })
    } else if has("高等学校财政拨款支出决算表") {
        Some("财政拨款支出")
    } else if has("收支决算总表") {
        Some("总体")
    } else if has("财政拨款收入支出决算总体") {
        Some("财政拨款总体")
    } else if has("收入支出决算总体") {
        Some("总体")
    } else if has("收入决算") {
        Some("收入")
    } else if has("支出决算") {
        Some("支出")
    } else if has("机关运行经费") {
        Some("机关运行经费")
    } else if has("一般性支出") {
        Some("一般性支出")
    } else if has("政府采购") {
        Some("政府采购")
    } else if has("国有资产") {
        Some("国有资产")
    } else if has("绩效") {
        Some("绩效")
    } else if has("其他重要事项") || has("部分") {
        None
    } else {
        return None;
    };
    Some(key)
}

/// `一、…`, `第三部分…`, `名词解释`, `附件`: a heading that is not a sub-heading (（一）…).
fn top_heading(t: &str) -> bool {
    let s = squeeze(t);
    !(s.starts_with(['（', '(']) || item_ordinal(&s).is_some())
}

/// Sections kept for their words only (the text checks read them): what they state are
/// duties and definitions, and their numbers (classification codes, list numbers) are no claims.
fn prose_only(key: &str) -> bool {
    matches!(key, "职能" | "基本情况" | "名词解释")
}

/// Sections whose prose counts people, vehicles and items.
fn counts_in(key: &str) -> bool {
    matches!(key, "概况" | "三公具体" | "国有资产" | "绩效")
}

const COUNT_UNITS: &[&str] = &[
    "人次",
    "台（套）",
    "台(套)",
    "人",
    "名",
    "个",
    "辆",
    "台",
    "套",
    "家",
    "分",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MentionKind {
    Amount,
    Percent,
    Count,
}

/// A number stated in a paragraph, or a comparison / 持平 word.
#[derive(Debug, Clone)]
enum Event {
    Number {
        kind: MentionKind,
        /// chars: number start, number end, unit end
        start: usize,
        end: usize,
        number: String,
        unit: String,
    },
    Compare {
        start: usize,
        end: usize,
        word: &'static str,
    },
    Flat {
        start: usize,
        end: usize,
    },
    /// template residue that is no comparison: 决算数大于（小于）预算数
    Residue {
        start: usize,
        end: usize,
        word: String,
    },
}

impl Event {
    fn start(&self) -> usize {
        match self {
            Event::Number { start, .. }
            | Event::Compare { start, .. }
            | Event::Flat { start, .. }
            | Event::Residue { start, .. } => *start,
        }
    }
    fn end(&self) -> usize {
        match self {
            Event::Number { end, .. }
            | Event::Compare { end, .. }
            | Event::Flat { end, .. }
            | Event::Residue { end, .. } => *end,
        }
    }
}

fn starts_at(chars: &[char], i: usize, s: &str) -> bool {
    s.chars()
        .enumerate()
        .all(|(n, c)| chars.get(i + n) == Some(&c))
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

fn events(chars: &[char], counts: bool) -> Vec<Event> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev_ok = i == 0
            || !(chars[i - 1].is_ascii_alphanumeric()
                || chars[i - 1] == '.'
                || chars[i - 1] == '-');
        if c.is_ascii_digit() && prev_ok {
            let start = i;
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit()
                    || (chars[j] == '.' || chars[j] == ',')
                        && chars.get(j + 1).is_some_and(char::is_ascii_digit))
            {
                j += 1;
            }
            let number: String = chars[start..j].iter().collect();
            // `2,07%` is no number the report format accepts (a comma groups three digits):
            // leave it unread rather than write a value the loader refuses
            if crate::report::number::parse_decimal(&number).is_err() {
                i = j;
                continue;
            }
            let u = skip_spaces(chars, j);
            let mut ev = None;
            if starts_at(chars, u, "万元") {
                let after = skip_spaces(chars, u + 2);
                let threshold = starts_at(chars, after, "以上")
                    || starts_at(chars, after, "（含）")
                    || starts_at(chars, after, "(含)")
                    || starts_at(chars, after, "以下");
                if !threshold {
                    ev = Some((MentionKind::Amount, u + 2, "万元".to_string()));
                }
            } else if matches!(chars.get(u), Some('%' | '％')) {
                ev = Some((MentionKind::Percent, u + 1, "%".to_string()));
            } else if counts {
                for unit in COUNT_UNITS {
                    if starts_at(chars, u, unit) {
                        ev = Some((
                            MentionKind::Count,
                            u + unit.chars().count(),
                            unit.replace('(', "（").replace(')', "）"),
                        ));
                        break;
                    }
                }
            }
            if let Some((kind, end, unit)) = ev {
                out.push(Event::Number {
                    kind,
                    start,
                    end,
                    number,
                    unit,
                });
                i = end;
            } else {
                i = j;
            }
            continue;
        }
        // 决算数大于（小于）年初预算数 / 决算数与预算数基本持平 / …持平
        if starts_at(chars, i, "决算数") {
            let k = i + 3;
            for (w, word) in [("大于", "大于"), ("小于", "小于"), ("等于", "等于")] {
                if starts_at(chars, k, w) {
                    let other = [
                        "（大于）",
                        "（小于）",
                        "（等于）",
                        "(大于)",
                        "(小于)",
                        "(等于)",
                    ]
                    .into_iter()
                    .find(|o| starts_at(chars, k + 2, o));
                    match other {
                        Some(o) => out.push(Event::Residue {
                            start: i,
                            end: k + 2 + o.chars().count(),
                            word: format!("{w}{o}"),
                        }),
                        None => out.push(Event::Compare {
                            start: i,
                            end: k + 2,
                            word,
                        }),
                    }
                }
            }
            for w in [
                "与预算数基本持平",
                "与年初预算数基本持平",
                "与预算数持平",
                "与年初预算数持平",
            ] {
                if starts_at(chars, k, w) {
                    out.push(Event::Compare {
                        start: i,
                        end: k + w.chars().count(),
                        word: "等于",
                    });
                }
            }
        }
        if starts_at(chars, i, "持平") {
            let covered = out.iter().any(|e| e.start() <= i && i < e.end());
            let before: String = chars[i.saturating_sub(3)..i].iter().collect();
            let adjective = chars.get(i + 2) == Some(&'的'); // 预决算持平的不用说明
            if !covered && !adjective && !before.contains('如') && !before.contains('作') {
                out.push(Event::Flat {
                    start: i,
                    end: i + 2,
                });
            }
        }
        i += 1;
    }
    out.sort_by_key(Event::start);
    out
}

const CLAUSE_SEPS: &[char] = &['，', ',', '。', '；', ';', '：', ':'];

/// The clauses of `s`, split at commas, colons and sentence ends; a parenthesis left open or
/// closed by the split is dropped (`（其中，…` → `其中`).
fn clauses(s: &str) -> Vec<String> {
    s.split(CLAUSE_SEPS)
        .map(|c| {
            let c = squeeze(c);
            let opens = c.matches(['（', '(']).count();
            let closes = c.matches(['）', ')']).count();
            let mut c = c.as_str();
            if opens > closes {
                c = c.trim_start_matches(['（', '(']);
            }
            if closes > opens {
                c = c.trim_end_matches(['）', ')']);
            }
            c.to_string()
        })
        .collect()
}

fn strip_year_prefix(s: &str) -> Option<&str> {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits == 4 {
        let rest = &s[4..];
        if let Some(r) = rest.strip_prefix("年度") {
            return Some(r);
        }
        if let Some(r) = rest.strip_prefix('年') {
            return Some(r);
        }
    }
    None
}

fn strip_ordinal(s: &str) -> &str {
    if let Some(n) = item_ordinal(s) {
        return &s[n..];
    }
    if heading_ordinal(s)
        && let Some(i) = s.find(['、', '）', ')'])
    {
        let w = s[i..].chars().next().map_or(1, char::len_utf8);
        return &s[i + w..];
    }
    s
}

const PREFIXES: &[&str] = &[
    "其中包括",
    "其中",
    "主要包括",
    "主要用于以下方面",
    "主要用于",
    "本部门",
    "本单位",
    "我单位",
    "本年度",
    "开支财政拨款的",
    "财政拨款的",
    "开支",
    "全年共",
    "全年安排",
    "全年",
    "累计",
    "共计",
    "未举办",
    "此外",
    "以及",
    "学校",
    "、",
];

/// Cleans a subject: ordinals, the unit's name, the year, connective words and a trailing
/// 为 are dropped; `…费支出` is named by the fee.
fn clean_subject(raw: &str, unit: &str) -> String {
    let mut s = squeeze(raw);
    s = strip_ordinal(&s).to_string();
    loop {
        let before = s.clone();
        if !unit.is_empty()
            && let Some(r) = s.strip_prefix(unit)
        {
            s = r.to_string();
        }
        if let Some(r) = strip_year_prefix(&s) {
            s = r.to_string();
        }
        for p in PREFIXES {
            if let Some(r) = s.strip_prefix(p) {
                s = r.to_string();
            }
        }
        if s == before {
            break;
        }
    }
    for k in ["共有", "现有"] {
        if let Some(i) = s.rfind(k) {
            s = s[i + k.len()..].to_string();
        }
    }
    // （以合同签订为准）
    if let Some(i) = s.find("（以")
        && let Some(j) = s[i..].find('）')
    {
        s.replace_range(i..i + j + '）'.len_utf8(), "");
    }
    for suffix in ["为", "达到", "达"] {
        if let Some(r) = s.strip_suffix(suffix) {
            s = r.to_string();
        }
    }
    s
}

/// `X费支出` → `X费`.
fn fee_name(s: &str) -> Option<String> {
    s.strip_suffix("支出")
        .filter(|r| r.ends_with('费'))
        .map(str::to_string)
}

/// Removes a trailing `与上年相比` / `比2023年度` style comparison from a clause.
fn strip_comparison(s: &str) -> String {
    let mut s = s.to_string();
    for k in [
        "与上年相比",
        "与上年度相比",
        "比上年决算数",
        "比上年度",
        "比上年",
        "较上年",
        "同比",
        "与上一年度相比",
        "与上一年相比",
        "比上一年度",
        "较上一年度",
        "与上一年度",
        "与上年度",
        "与上年",
    ] {
        if let Some(i) = s.find(k) {
            s.replace_range(i..i + k.len(), "");
        }
    }
    // 与2023年度相比 / 比2023年度 / 与2023年度
    for lead in ["与", "比", "较"] {
        let mut from = 0;
        while let Some(rel) = s[from..].find(lead) {
            let i = from + rel;
            let rest = &s[i + lead.len()..];
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            if digits == 4 {
                let mut end = i + lead.len() + 4;
                for tail in ["年度", "年"] {
                    if s[end..].starts_with(tail) {
                        end += tail.len();
                        break;
                    }
                }
                for tail in ["决算数", "相比"] {
                    if s[end..].starts_with(tail) {
                        end += tail.len();
                    }
                }
                s.replace_range(i..end, "");
                continue;
            }
            from = i + lead.len();
        }
    }
    s
}

/// Direction and comparison words the templates print in pairs: `增加（减少）`.
const DIRECTION_WORDS: &[&str] = &[
    "增加", "减少", "增长", "下降", "上升", "降低", "大于", "小于", "等于",
];

/// The template residue that ends `s`, if any: a direction word followed by another in
/// parentheses (`减少（增加）`, `下降（增长）`). The report has not said which of the two it
/// means, so a number after it is no claim (the text rules flag the residue itself).
fn residue_at_end(s: &str) -> Option<String> {
    for (o, c) in [('（', '）'), ('(', ')')] {
        if s.ends_with(c)
            && let Some(i) = s.rfind(o)
        {
            let inner = &s[i + o.len_utf8()..s.len() - c.len_utf8()];
            if DIRECTION_WORDS.contains(&inner)
                && DIRECTION_WORDS.iter().any(|w| s[..i].ends_with(w))
            {
                let w = DIRECTION_WORDS.iter().find(|w| s[..i].ends_with(**w))?;
                return Some(format!("{w}{o}{inner}{c}"));
            }
        }
    }
    None
}

/// How a scope of a paragraph (see [`Reader::read`]) begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// the paragraph's start
    Start,
    /// after 。
    Sentence,
    /// after ；
    Semicolon,
    /// at 其中 or 主要原因 (the numbers after them are parts or reasons, not the subject's)
    Connective,
}

/// The scopes of `chars`: (char position a scope starts at, how it opens), in order. A rate or
/// an amount without a subject of its own belongs to the claim named earlier in its scope.
fn scopes(chars: &[char]) -> Vec<(usize, Opening)> {
    let mut out = vec![(0, Opening::Start)];
    for i in 0..chars.len() {
        match chars[i] {
            '。' => out.push((i + 1, Opening::Sentence)),
            '；' | ';' => out.push((i + 1, Opening::Semicolon)),
            _ => {
                let connective = ["其中", "主要原因", "主要是因为", "原因是"]
                    .iter()
                    .any(|w| starts_at(chars, i, w))
                    // 主要原因是: one connective
                    && !(starts_at(chars, i, "原因是") && i >= 2 && starts_at(chars, i - 2, "主要"));
                if !connective {
                    continue;
                }
                match out.last_mut() {
                    // `。其中：…`: the sentence is a list of parts
                    Some((p, opening)) if chars[*p..i].iter().all(|c| c.is_whitespace()) => {
                        *opening = Opening::Connective;
                    }
                    _ => out.push((i, Opening::Connective)),
                }
            }
        }
    }
    out
}

struct Reader<'a> {
    unit: &'a str,
    key: &'a str,
    claims: Vec<ClaimOut>,
    current: Option<usize>,
    budget: Option<usize>,
    notes: &'a mut Vec<ImportNote>,
    /// the last heading of the section, cleaned (`项目支出情况` → `项目支出`)
    heading_subject: String,
    /// the attribute a list (`其中包括…`) states, within one sentence
    list_attr: Option<(&'static str, String)>,
    /// the scope (index into [`scopes`]) of the event being read
    scope: usize,
    /// the scope in which `current` was named or last given an attribute
    current_scope: usize,
    /// the numbered 五(三) item the paragraph is about (its subject for 预算 without one)
    item: Option<usize>,
    /// whether the event's scope continues the one before: a sentence that opens with a
    /// comparison only (`…总计78.01万元。与上年相比，增加27.33万元`), after a sentence that
    /// is not a list of parts
    continues: bool,
}

fn sentence_around(chars: &[char], start: usize, end: usize) -> String {
    let mut a = start;
    while a > 0 && !matches!(chars[a - 1], '。' | '；' | ';') {
        a -= 1;
    }
    let mut b = end;
    while b < chars.len() && !matches!(chars[b], '。' | '；' | ';') {
        b += 1;
    }
    if b < chars.len() && chars[b] == '。' {
        b += 1;
    }
    chars[a..b].iter().collect::<String>().trim().to_string()
}

impl Reader<'_> {
    /// The current claim, when it was named in the scope of the event being read (or in the
    /// scope this one continues): the claim a number without a subject of its own belongs to.
    fn in_scope(&mut self) -> Option<usize> {
        let c = self.current?;
        let ok = self.current_scope == self.scope
            || self.continues && self.current_scope + 1 == self.scope;
        if ok {
            self.current_scope = self.scope;
        }
        ok.then_some(c)
    }

    /// Makes `t` the claim being read about, in the scope of the event being read.
    fn focus(&mut self, t: usize) {
        self.current = Some(t);
        self.current_scope = self.scope;
    }

    /// Leaves a number out of the claims: its clause names no subject and no claim was named
    /// before it in its sentence (or since 其中 / 主要原因).
    fn unattributed(&mut self, line: usize, what: &str, sentence: &str) {
        let key = self.key;
        let shown = shorten(sentence);
        self.warn(
            line,
            crate::lang::pick(
                format!(
                    "{key}：{what} 所在分句没有主语，同一句中（“其中”“主要原因”之后另算）也没有在它之前的主语，无法确定属于哪一项，未读入：`{shown}`"
                ),
                format!(
                    "{key}: `{}` has no subject in its clause and none before it in its sentence (counted anew after 其中/主要原因), so it cannot be attributed; not read: `{shown}`",
                    what.trim_start_matches('“').trim_end_matches('”')
                ),
            ),
        );
    }

    fn find(&self, subject: &str) -> Option<usize> {
        let n = normalize_name(subject);
        self.claims
            .iter()
            .rposition(|c| normalize_name(&c.subject) == n)
    }

    fn new_claim(&mut self, subject: String, sentence: String) -> usize {
        // 小学教育（2050202）: the subject and its 功能分类 code
        let (subject, code) = match subject
            .strip_suffix('）')
            .and_then(|r| r.rsplit_once('（'))
            .filter(|(n, c)| {
                !n.is_empty()
                    && matches!(c.len(), 3 | 5 | 7)
                    && c.bytes().all(|b| b.is_ascii_digit())
            }) {
            Some((n, c)) => (n.to_string(), Some(c.to_string())),
            None => (subject, None),
        };
        self.claims.push(ClaimOut {
            subject,
            code,
            attrs: Vec::new(),
            sentence: Some(sentence),
            page: None,
        });
        self.claims.len() - 1
    }

    /// The claim `attr` goes to: the named subject (an existing claim without `attr`, else a new
    /// one; on a clash the `…支出` form), or the current claim when there is no subject.
    fn target(&mut self, subject: &str, full: &str, attr: &str, sentence: &str) -> Option<usize> {
        if subject.is_empty() {
            return self.in_scope();
        }
        let mut subject = subject.to_string();
        let mut alt = full.to_string();
        if let Some(fee) = fee_name(&subject) {
            alt = subject.clone();
            subject = fee;
        }
        if let Some(i) = self.find(&subject) {
            if !self.claims[i].has(attr) {
                return Some(i);
            }
            if !alt.is_empty() && alt != subject && self.find(&alt).is_none() {
                return Some(self.new_claim(alt, sentence.to_string()));
            }
        }
        Some(self.new_claim(subject, sentence.to_string()))
    }

    fn warn(&mut self, line: usize, message: String) {
        self.notes.push(ImportNote {
            level: NoteLevel::Warning,
            line,
            message,
        });
    }

    fn read(&mut self, para: &Para, from: usize) {
        let chars: Vec<char> = para.text.chars().collect();
        let evs = events(&chars, counts_in(self.key));
        let scopes = scopes(&chars);
        let scope_of = |pos: usize| scopes.iter().rposition(|(p, _)| *p <= pos).unwrap_or(0);
        let mut prev_end = from;
        if from > 0 {
            // an item's subject (read_items) is named before `from`
            self.current_scope = scope_of(from.saturating_sub(1));
        }
        for ev in evs {
            if ev.start() < from {
                continue;
            }
            let pre: String = chars[prev_end.min(ev.start())..ev.start()].iter().collect();
            prev_end = ev.end();
            let sentence = sentence_around(&chars, ev.start(), ev.end());
            let line = para.line_at(ev.start());
            self.scope = scope_of(ev.start());
            let (open_at, opening) = scopes[self.scope];
            // 。与上年相比，增加…: the sentence goes on about the subject before it
            let lead: String = chars[open_at..ev.start()].iter().collect();
            let lead_clauses = clauses(&lead);
            // (not after a list of parts: `其中：A…，B…。与上年相比，增长r%` is ambiguous)
            self.continues = matches!(opening, Opening::Sentence | Opening::Semicolon)
                && self.scope > 0
                && scopes[self.scope - 1].1 != Opening::Connective
                && lead_clauses
                    .iter()
                    .take(lead_clauses.len().saturating_sub(1))
                    .all(|c| strip_comparison(c).is_empty());
            match ev {
                Event::Compare { word, .. } => {
                    if let Some(b) = self.budget.or(self.current) {
                        self.claims[b].set("比较", Attr::Word(word.to_string()));
                    }
                }
                Event::Flat { .. } => {
                    let cl = clauses(&pre);
                    let last = cl.last().cloned().unwrap_or_default();
                    let mut subj = strip_comparison(&last);
                    for suffix in ["决算数", "支出决算", "决算", "均", "基本"] {
                        if let Some(r) = subj.strip_suffix(suffix) {
                            subj = r.to_string();
                        }
                    }
                    let subj = clean_subject(&subj, self.unit);
                    let target = if subj.is_empty() {
                        let t = self.in_scope();
                        if t.is_none() {
                            self.unattributed(line, "“持平”", &sentence);
                        }
                        t
                    } else {
                        let fee = fee_name(&subj).unwrap_or_else(|| subj.clone());
                        self.find(&subj)
                            .or_else(|| self.find(&fee))
                            .or_else(|| Some(self.new_claim(fee, sentence.clone())))
                    };
                    if let Some(t) = target {
                        self.claims[t].set("持平", Attr::Flag);
                        self.focus(t);
                    }
                }
                Event::Number {
                    kind, number, unit, ..
                } => self.number(kind, &number, &unit, &pre, &sentence, line),
                Event::Residue { word, .. } => {
                    let (key, shown) = (self.key, shorten(&sentence));
                    self.warn(
                        line,
                        crate::lang::pick(
                            format!(
                                "{key}：“{word}”是模板用语，报告未写明是哪一种比较，未读入：`{shown}`"
                            ),
                            format!(
                                "{key}: `{word}` is template wording that does not say which comparison the report makes; not read: `{shown}`"
                            ),
                        ),
                    );
                }
            }
        }
    }

    /// A change (`增加 X万元`) or a rate (`增长 r%`): to the subject its clause names (a new
    /// claim when none has that name yet), else to the claim named before it in its scope;
    /// left out with a warning when there is none or that claim already states the direction.
    fn change(&mut self, attr: &str, value: Attr, subj: &str, sentence: &str, line: usize) {
        let shown = match &value {
            Attr::Amount(a) => format!("{attr}{a}万元"),
            Attr::Percent(p) => format!("{attr}{p}"),
            _ => attr.to_string(),
        };
        let t = if subj.is_empty() {
            self.in_scope()
        } else {
            let fee = fee_name(subj).unwrap_or_else(|| subj.to_string());
            let found = self.find(subj).or_else(|| self.find(&fee));
            Some(found.unwrap_or_else(|| self.new_claim(fee, sentence.to_string())))
        };
        let Some(t) = t else {
            self.unattributed(line, &format!("“{shown}”"), sentence);
            return;
        };
        if self.claims[t].set(attr, value) {
            self.focus(t);
        } else {
            let subject = self.claims[t].subject.clone();
            let (key, around) = (self.key, shorten(sentence));
            self.warn(
                line,
                crate::lang::pick(
                    format!(
                        "{key}：“{shown}”与“{subject}”已读入的增减说法重复或相反，未读入：`{around}`"
                    ),
                    format!(
                        "{key}: `{shown}` repeats or contradicts the direction already read for `{subject}`; not read: `{around}`"
                    ),
                ),
            );
        }
    }

    fn number(
        &mut self,
        kind: MentionKind,
        number: &str,
        unit: &str,
        pre: &str,
        sentence: &str,
        line: usize,
    ) {
        let cl = clauses(pre);
        let clause = cl.last().cloned().unwrap_or_default();
        if let Some(word) = residue_at_end(&clause) {
            let (key, around) = (self.key, shorten(sentence));
            self.warn(
                line,
                crate::lang::pick(
                    format!(
                        "{key}：{number}{unit} 前是模板用语“{word}”，报告未写明增减方向，未读入：`{around}`"
                    ),
                    format!(
                        "{key}: {number}{unit} follows the template wording `{word}`, which does not say whether it is an increase or a decrease; not read: `{around}`"
                    ),
                ),
            );
            return;
        }
        // the clause before this one in the same sentence (for subjects printed apart)
        let context: Vec<String> = {
            let joined: String = pre.to_string();
            let sent = joined
                .rsplit(['。', '；', ';'])
                .next()
                .unwrap_or_default()
                .to_string();
            clauses(&sent)
        };
        let previous_clause = || {
            context
                .iter()
                .rev()
                .skip(1)
                .map(|c| clean_subject(c, self.unit))
                .find(|c| !c.is_empty())
                .unwrap_or_default()
        };
        match kind {
            MentionKind::Percent => {
                let value = Attr::Percent(format!("{number}%"));
                if clause.ends_with("完成年初预算的")
                    || clause.ends_with("完成预算的")
                    || clause.ends_with("完成年初预算")
                    || clause.ends_with("完成预算")
                {
                    let current = self
                        .in_scope()
                        .filter(|&c| self.claims[c].has("决算") || self.claims[c].has("预算"));
                    if let Some(t) = current.or(self.budget) {
                        self.claims[t].set("完成率", value);
                    }
                    return;
                }
                if let Some(i) = clause.find('占') {
                    let subj = clean_subject(&clause[..i], self.unit);
                    match self.target(&subj, &subj, "占比", sentence) {
                        Some(t) => {
                            self.claims[t].set("占比", value);
                            self.focus(t);
                        }
                        None => self.unattributed(line, &format!("占{number}%"), sentence),
                    }
                    return;
                }
                for (w, attr) in [
                    ("增长", "增长"),
                    ("增加", "增长"),
                    ("上升", "增长"),
                    ("下降", "下降"),
                    ("减少", "下降"),
                    ("降低", "下降"),
                ] {
                    if let Some(rest) = clause.strip_suffix(w) {
                        let subj = clean_subject(&strip_comparison(rest), self.unit);
                        self.change(attr, value, &subj, sentence, line);
                        return;
                    }
                }
                self.warn(
                    line,
                    crate::lang::pick(
                        format!(
                            "{}：“{clause}”之后的百分比 {number}% 未读入（之前没有“占”“增长”“下降”“完成…的”等说法）",
                            self.key
                        ),
                        format!(
                            "{}: percentage {number}% after `{clause}` not read (no 占/增长/下降/完成…的 before it)",
                            self.key
                        ),
                    ),
                );
            }
            MentionKind::Count => {
                let mut subj = clean_subject(&clause, self.unit);
                if subj.is_empty() {
                    subj = clause.clone();
                }
                if subj.is_empty() {
                    self.warn(
                        line,
                        crate::lang::pick(
                            format!("{}：{number}{unit} 没有主语，未读入", self.key),
                            format!("{}: count {number}{unit} has no subject", self.key),
                        ),
                    );
                    return;
                }
                let i = self.new_claim(subj, sentence.to_string());
                self.claims[i].set("数量", Attr::Count(format!("{number}{unit}")));
                self.focus(i);
            }
            MentionKind::Amount => {
                let value = Attr::Amount(number.to_string());
                // a change: 增加/减少 X万元
                for w in ["增加", "减少"] {
                    if let Some(rest) = clause.strip_suffix(w) {
                        let subj = clean_subject(&strip_comparison(rest), self.unit);
                        self.change(w, value, &subj, sentence, line);
                        return;
                    }
                }
                if clause.ends_with("涉及预算金额") {
                    if let Some(t) = self.current {
                        self.claims[t].set("预算", value);
                    }
                    return;
                }
                // 年初预算为 / 预算数为 / 支出预算为
                for k in [
                    "年初预算数为",
                    "年初预算为",
                    "年初预算数",
                    "年初预算",
                    "预算数为",
                    "预算为",
                ] {
                    if let Some(rest) = clause.strip_suffix(k) {
                        let rest = rest.strip_suffix("支出").map_or(rest.to_string(), |r| {
                            if r.is_empty() {
                                String::new()
                            } else {
                                format!("{r}支出")
                            }
                        });
                        if !(k.contains("年初")
                            || rest.is_empty()
                            || rest.ends_with("支出")
                            || rest.ends_with('费'))
                        {
                            break; // 一般公共预算为 X万元: an amount named 一般公共预算
                        }
                        let subj = clean_subject(&rest, self.unit);
                        // 1、…（项）。主要用于：…。年初预算为…: the item is the paragraph's subject
                        let t = if subj.is_empty() {
                            match self.in_scope().or(self.item) {
                                Some(c) if !self.claims[c].has("预算") => Some(c),
                                _ => {
                                    let mut s = previous_clause();
                                    if s.is_empty() {
                                        s = self.heading_subject.clone();
                                    }
                                    if s.is_empty() {
                                        self.current
                                    } else {
                                        let s = if k.contains("年初") {
                                            format!("{s}年初预算")
                                        } else {
                                            s
                                        };
                                        Some(self.new_claim(s, sentence.to_string()))
                                    }
                                }
                            }
                        } else {
                            self.target(&subj, &subj, "预算", sentence)
                        };
                        if let Some(t) = t {
                            self.claims[t].set("预算", value);
                            self.focus(t);
                            self.budget = Some(t);
                        }
                        return;
                    }
                }
                for k in [
                    "支出决算数为",
                    "支出决算为",
                    "决算数为",
                    "决算为",
                    "支出决算数",
                    "支出决算",
                    "决算数",
                    "决算",
                ] {
                    if let Some(rest) = clause.strip_suffix(k) {
                        let subj = clean_subject(rest, self.unit);
                        let full = if k.starts_with("支出") && !subj.is_empty() {
                            format!("{subj}支出")
                        } else {
                            subj.clone()
                        };
                        // 1.小学教育（2050202），2023年度决算数为…: the subject is the clause before
                        let prev = previous_clause();
                        let t = match self.target(&subj, &full, "决算", sentence) {
                            None if self.item.is_some() => self.item,
                            None if !prev.is_empty() => {
                                Some(self.new_claim(prev, sentence.to_string()))
                            }
                            t => t,
                        };
                        match t {
                            Some(t) => {
                                self.claims[t].set("决算", value);
                                self.focus(t);
                                if self.claims[t].has("预算") || self.budget.is_none() {
                                    self.budget = Some(t);
                                }
                            }
                            None => self.unattributed(line, &format!("决算{number}万元"), sentence),
                        }
                        return;
                    }
                }
                // a plain amount: 在…中，由…的，采购金额 X万元 names its subject over several clauses
                let sent_clauses: Vec<&String> = context.iter().filter(|c| !c.is_empty()).collect();
                let mut subj = if sent_clauses.len() > 1 && sent_clauses[0].starts_with('在') {
                    let joined: String = sent_clauses.iter().map(|c| c.as_str()).collect();
                    joined.trim_start_matches('在').to_string()
                } else {
                    clean_subject(&clause, self.unit)
                };
                if subj.is_empty() {
                    subj = previous_clause();
                } else if self.find(&subj).is_some_and(|i| self.claims[i].has("金额")) {
                    let p = previous_clause();
                    if !p.is_empty() && self.find(&p).is_none() {
                        subj = p;
                    }
                }
                if subj.is_empty() {
                    match self.in_scope() {
                        Some(t) if !self.claims[t].has("金额") => {
                            self.claims[t].set("金额", value);
                        }
                        _ => self.unattributed(line, &format!("{number}万元"), sentence),
                    }
                    return;
                }
                // 机关运行经费支出 X万元 → 机关运行经费 (other `…费支出` amounts keep their name)
                if let Some(fee) =
                    fee_name(&subj).filter(|f| f.ends_with("经费") && self.find(f).is_none())
                {
                    subj = fee;
                }
                // 年初预算数为 37.96 万元。其中包括基本工资 22.65 万元、…: the list states budgets
                if clause.starts_with("其中包括")
                    && self
                        .current
                        .is_some_and(|c| self.claims[c].has("预算") && !self.claims[c].has("金额"))
                {
                    self.list_attr = Some(("预算", sentence.to_string()));
                }
                let attr = match &self.list_attr {
                    Some((a, s)) if s == sentence => *a,
                    _ => "金额",
                };
                let t = match self.find(&subj) {
                    Some(i) if !self.claims[i].has(attr) && self.claims[i].attrs.is_empty() => i,
                    _ => self.new_claim(subj, sentence.to_string()),
                };
                self.claims[t].set(attr, value);
                if attr == "金额" {
                    self.focus(t);
                }
            }
        }
    }
}

/// Where classification codes can be looked up: (code, name) of the 功能分类 rows of the
/// imported tables.
pub(crate) type CodeIndex = Vec<(String, String)>;

/// `一般公共服务支出（类）财政事务（款）行政运行（项）` → its 7-digit code, when the tables
/// print one row per level with these names.
fn lookup_code(subject: &str, index: &CodeIndex) -> Option<String> {
    let parts: Vec<String> = subject
        .split(['）', ')'])
        .filter_map(|p| {
            let p = p.trim();
            let i = p.rfind(['（', '('])?;
            let marker = &p[i..];
            if marker.ends_with('项') || marker.ends_with('款') || marker.ends_with('类') {
                Some(normalize_name(&p[..i]))
            } else {
                None
            }
        })
        .collect();
    if parts.len() != 3 {
        return None;
    }
    let name_of = |code: &str| {
        index
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| normalize_name(n))
    };
    let mut found: Vec<String> = index
        .iter()
        .filter(|(c, n)| c.len() == 7 && normalize_name(n) == parts[2])
        .filter(|(c, _)| {
            name_of(&c[..5]).is_none_or(|n| n == parts[1])
                && name_of(&c[..3]).is_none_or(|n| n == parts[0])
        })
        .map(|(c, _)| c.clone())
        .collect();
    found.dedup();
    (found.len() == 1).then(|| found.remove(0))
}

/// Reads the narrative out of the prose lines.
pub(crate) fn read(
    prose: &[Prose],
    unit: &str,
    codes: &CodeIndex,
    notes: &mut Vec<ImportNote>,
) -> Vec<SectionOut> {
    let paras = paragraphs(prose);
    // group paragraphs by section
    struct Group<'p> {
        key: Option<&'static str>,
        title: String,
        line: usize,
        paras: Vec<&'p Para>,
    }
    let mut groups: Vec<Group<'_>> = vec![Group {
        key: None,
        title: String::new(),
        line: 0,
        paras: Vec::new(),
    }];
    let mut appendix = false;
    for p in &paras {
        if p.heading {
            let s = squeeze(&p.text);
            if !appendix && (s == "附件" || s.contains("绩效评价报告")) {
                appendix = true;
                groups.push(Group {
                    key: Some("附件"),
                    title: p.text.clone(),
                    line: p.first_line(),
                    paras: Vec::new(),
                });
                continue;
            }
            if appendix {
                if s.contains("绩效评价报告")
                    && let Some(g) = groups.last_mut()
                {
                    g.title = p.text.clone();
                }
                if let Some(g) = groups.last_mut() {
                    g.paras.push(p);
                }
                continue;
            }
            let current = groups.last().and_then(|g| g.key);
            // in duties and definitions, a numbered sub-heading is an item of the list (（五）拟订
            // …国有资产管理…), not a section; a sub-heading of the section's own topic
            // ((一) 绩效管理工作… under 十三、…绩效…) is part of it
            let inside = current.is_some_and(|k| {
                prose_only(k) && !top_heading(&p.text)
                    || section_key(&p.text) == Some(Some(k)) && !top_heading(&p.text)
            });
            if inside {
                if let Some(g) = groups.last_mut() {
                    g.paras.push(p);
                }
                continue;
            }
            match section_key(&p.text) {
                Some(key) => groups.push(Group {
                    key,
                    title: p.text.clone(),
                    line: p.first_line(),
                    paras: Vec::new(),
                }),
                // an unrecognised top heading ends a description kept for its words (三、决算报表
                // 说明 after 一、学校概况); the 名词解释's entries (一、财政拨款收入：指…) are
                // printed like headings and stay in it
                None if current.is_some_and(|k| prose_only(k) && k != "名词解释")
                    && top_heading(&p.text) =>
                {
                    groups.push(Group {
                        key: None,
                        title: p.text.clone(),
                        line: p.first_line(),
                        paras: Vec::new(),
                    })
                }
                None => {
                    // an unrecognised sub-heading stays in its section
                    if let Some(g) = groups.last_mut() {
                        g.paras.push(p);
                    }
                }
            }
        } else if let Some(g) = groups.last_mut() {
            g.paras.push(p);
        }
    }
    let mut sections: Vec<SectionOut> = Vec::new();
    for g in &groups {
        let Some(key) = g.key else {
            for p in &g.paras {
                warn_numbers(
                    p,
                    notes,
                    crate::lang::pick(
                        "不在导入程序所读的说明部分之内",
                        "outside the sections the importer reads",
                    ),
                );
            }
            continue;
        };
        if prose_only(key) {
            let paras: Vec<&Para> = g.paras.to_vec();
            sections.push(finish(key, &g.title, g.line, &paras, Vec::new(), notes));
        } else if key == "一般公共预算具体" {
            let split = g
                .paras
                .iter()
                .position(|p| !p.heading && item_ordinal(&p.text).is_some())
                .unwrap_or(g.paras.len());
            let tl = (g.title.as_str(), g.line);
            sections.push(read_section(key, tl, &g.paras[..split], unit, notes));
            sections.push(read_items(tl, &g.paras[split..], unit, codes, notes));
        } else {
            let tl = (g.title.as_str(), g.line);
            sections.push(read_section(key, tl, &g.paras, unit, notes));
        }
    }
    merge(sections)
}

fn warn_numbers(p: &Para, notes: &mut Vec<ImportNote>, why: &str) {
    if p.heading || p.listed {
        return;
    }
    let chars: Vec<char> = p.text.chars().collect();
    let evs = events(&chars, false);
    if let Some(e) = evs.iter().find(|e| matches!(e, Event::Number { .. })) {
        let text: String = sentence_around(&chars, e.start(), e.end());
        notes.push(ImportNote {
            level: NoteLevel::Warning,
            line: p.line_at(e.start()),
            message: crate::lang::pick(
                format!("{why}的数字未读入：`{}`", shorten(&text)),
                format!("numbers {why} not read: `{}`", shorten(&text)),
            ),
        });
    }
}

fn shorten(s: &str) -> String {
    let n = s.chars().count();
    if n <= 60 {
        s.to_string()
    } else {
        let head: String = s.chars().take(57).collect();
        format!("{head}…")
    }
}

fn group_reader<'a>(key: &'a str, unit: &'a str, notes: &'a mut Vec<ImportNote>) -> Reader<'a> {
    Reader {
        unit,
        key,
        claims: Vec::new(),
        current: None,
        budget: None,
        notes,
        heading_subject: String::new(),
        list_attr: None,
        scope: 0,
        current_scope: 0,
        item: None,
        continues: false,
    }
}

/// Warns about `万元` / `%` the reader did not turn into a claim attribute (placeholders such as
/// `XXX 万元`, prose patterns it does not know).
fn warn_unread(p: &Para, key: &str, notes: &mut Vec<ImportNote>) {
    let chars: Vec<char> = p.text.chars().collect();
    let evs = events(&chars, counts_in(key));
    let covered = |i: usize| {
        evs.iter()
            .any(|e| matches!(e, Event::Number { .. }) && e.start() <= i && i < e.end())
    };
    let mut i = 0;
    while i < chars.len() {
        let unit_here = starts_at(&chars, i, "万元") || matches!(chars[i], '%' | '％');
        if unit_here && !covered(i) {
            // thresholds such as 100万元以上 are part of a name
            let mut k = i;
            while k > 0 && chars[k - 1].is_whitespace() {
                k -= 1;
            }
            let numeric_before = k > 0 && chars[k - 1].is_ascii_digit();
            let mut a = k;
            while a > 0 && (chars[a - 1].is_ascii_digit() || matches!(chars[a - 1], '.' | ',')) {
                a -= 1;
            }
            let token: String = chars[a..k].iter().collect();
            if numeric_before && crate::report::number::parse_decimal(&token).is_err() {
                notes.push(ImportNote {
                    level: NoteLevel::Warning,
                    line: p.line_at(i),
                    message: {
                        let around = shorten(&sentence_around(&chars, i, i + 1));
                        crate::lang::pick(
                            format!(
                                "{key}：`{token}` 不是报告格式接受的数字（千分位逗号每三位一组），未读入：`{around}`"
                            ),
                            format!(
                                "{key}: `{token}` is not a number the report format accepts (a comma groups three digits); it is left out: `{around}`"
                            ),
                        )
                    },
                });
            } else if !numeric_before {
                notes.push(ImportNote {
                    level: NoteLevel::Warning,
                    line: p.line_at(i),
                    message: {
                        let around = shorten(&sentence_around(&chars, i, i + 1));
                        crate::lang::pick(
                            format!("{key}：`{around}` 写了金额单位，但没有可读的数字"),
                            format!(
                                "{key}: `{around}` states an amount without a number the importer can read"
                            ),
                        )
                    },
                });
            }
        }
        i += 1;
    }
}

fn read_section(
    key: &'static str,
    (title, line): (&str, usize),
    paras: &[&Para],
    unit: &str,
    notes: &mut Vec<ImportNote>,
) -> SectionOut {
    let mut r = group_reader(key, unit, notes);
    for p in paras {
        if p.heading {
            let s = clean_subject(&p.text, unit);
            let s = s
                .trim_end_matches('。')
                .trim_end_matches("情况")
                .to_string();
            r.heading_subject = s;
            continue;
        }
        if p.listed {
            continue;
        }
        // a claim does not carry over into the next paragraph
        r.current = None;
        r.budget = None;
        r.read(p, 0);
        warn_unread(p, key, r.notes);
    }
    finish(key, title, line, paras, r.claims, r.notes)
}

fn read_items(
    (title, line): (&str, usize),
    paras: &[&Para],
    unit: &str,
    codes: &CodeIndex,
    notes: &mut Vec<ImportNote>,
) -> SectionOut {
    let key = "一般公共预算具体项";
    let mut r = group_reader(key, unit, notes);
    for p in paras {
        if p.listed {
            continue;
        }
        if !p.heading
            && let Some(n) = item_ordinal(&p.text)
        {
            let body = &p.text[n..];
            let end = body
                .rfind("（项）")
                .map(|i| i + "（项）".len())
                .or_else(|| body.find('。'))
                .unwrap_or(body.len());
            let subject = squeeze(&body[..end]);
            let sentence = body[..end].to_string();
            let i = r.new_claim(subject.clone(), p.text.clone());
            r.claims[i].sentence = Some(format!("{}{}", &p.text[..n], sentence));
            r.claims[i].code = lookup_code(&subject, codes);
            r.current = Some(i);
            r.item = Some(i);
            r.budget = Some(i);
            let from = p.text[..n + end].chars().count();
            r.read(p, from);
            warn_unread(p, key, r.notes);
            continue;
        }
        r.read(p, 0);
        warn_unread(p, key, r.notes);
    }
    finish(key, title, line, paras, r.claims, r.notes)
}

fn finish(
    key: &str,
    title: &str,
    line: usize,
    paras: &[&Para],
    claims: Vec<ClaimOut>,
    notes: &mut Vec<ImportNote>,
) -> SectionOut {
    let mut kept = Vec::new();
    for c in claims {
        if c.attrs.iter().all(|(k, _)| k == "比较") {
            notes.push(ImportNote {
                level: NoteLevel::Warning,
                line,
                message: crate::lang::pick(
                    format!("{key}：提到“{}”但没有写数字，不作为表述", c.subject),
                    format!(
                        "{key}: `{}` is named but states no number; no claim",
                        c.subject
                    ),
                ),
            });
        } else {
            kept.push(c);
        }
    }
    SectionOut {
        key: key.to_string(),
        title: title.to_string(),
        text: paras.iter().map(|p| p.text.clone()).collect(),
        claims: kept,
        line,
    }
}

/// Sections with the same key (a table-of-contents heading, a parent heading and its first
/// sub-heading) become one; sections with neither text nor claims are dropped. A section
/// that states no number is kept for its words (text checks read them).
fn merge(sections: Vec<SectionOut>) -> Vec<SectionOut> {
    let mut out: Vec<SectionOut> = Vec::new();
    for s in sections {
        if s.claims.is_empty() && s.text.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        match out.iter_mut().find(|o| o.key == s.key) {
            Some(o) => {
                o.text.extend(s.text);
                o.claims.extend(s.claims);
            }
            None => out.push(s),
        }
    }
    out
}

/// The claims the importer reads from prose `text` of the report of `unit` (no tables:
/// classification codes are not looked up), one line per claim: `section › subject | attr value | …`, in order, with the
/// warnings. For regression tests of clause attribution (tests/narrative_claims.rs).
pub fn describe_claims(unit: &str, text: &str) -> (Vec<String>, Vec<ImportNote>) {
    use super::lines::{Kind, classify};
    let prose: Vec<Prose> = classify(text)
        .into_iter()
        .filter_map(|l| match l.kind {
            Kind::Text(t) => Some(Prose::Text(l.no, t)),
            Kind::Blank => Some(Prose::Break),
            _ => None,
        })
        .collect();
    let mut notes = Vec::new();
    let sections = read(&prose, unit, &CodeIndex::new(), &mut notes);
    let mut out = Vec::new();
    for s in &sections {
        for c in &s.claims {
            let mut line = format!("{} › {}", s.key, c.subject);
            if let Some(code) = &c.code {
                line.push_str(&format!(" | code {code}"));
            }
            for (name, v) in &c.attrs {
                let v = match v {
                    Attr::Amount(a) => a.clone(),
                    Attr::Percent(p) | Attr::Count(p) | Attr::Word(p) => p.clone(),
                    Attr::Flag => "是".to_string(),
                };
                line.push_str(&format!(" | {name} {v}"));
            }
            out.push(line);
        }
    }
    notes.retain(|n| n.level == NoteLevel::Warning);
    (out, notes)
}
