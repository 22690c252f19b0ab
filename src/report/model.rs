//! The report model: what the loader builds and what rule references bind against.
//!
//! Every value keeps the [`Span`] of the YAML text it came from. Blank cells are `None`,
//! never zero: a blank where a total belongs is a finding of its own.

use crate::hash::FastMap as HashMap;

use rust_decimal::Decimal;

use super::normalize::normalize_name;

/// A location in a source file: byte offsets (for miette) and 1-based line/column
/// (column counted in characters) for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub offset: u32,
    pub len: u32,
    pub line: u32,
    pub column: u32,
}

impl Span {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.offset as usize..(self.offset + self.len) as usize
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.offset as usize, s.len as usize).into()
    }
}

/// A loaded report: its [`ReportParts`] (read through `Deref`: `report.tables`, `report.path`)
/// and the lookup indexes built from them.
#[derive(Debug, Clone)]
pub struct Report {
    parts: ReportParts,
    /// normalised title -> index into `tables`
    table_index: HashMap<String, usize>,
    /// section key -> index into `narrative`
    section_index: HashMap<String, usize>,
}

/// What a report holds; [`Report::new`] adds the lookup indexes.
#[derive(Debug, Clone, Default)]
pub struct ReportParts {
    /// the path as given on the command line (used in diagnostics)
    pub path: String,
    /// the whole YAML text, for rendering snippets
    pub source: String,
    /// 单位: the department or unit that published the report
    pub unit: String,
    pub year: Option<u32>,
    /// 万元 or 元
    pub currency: String,
    /// the number of decimals amounts are printed with (usually 2)
    pub precision: u32,
    /// where the report was published (the `source` key: a URL or file name)
    pub origin: Option<String>,
    pub tables: Vec<Table>,
    pub narrative: Vec<Section>,
    /// the cover (or first page) as printed: the unit's name and the year (`cover:`)
    pub cover: Option<Cover>,
    /// the entries of the 目录 as printed, in order (`contents:`); empty when not transcribed
    pub contents: Vec<Text>,
}

/// What the cover (or the first page) prints, for the text checks: unit names and years are
/// compared as printed (`202 年度` with a digit missing is a finding of its own).
#[derive(Debug, Clone, Default)]
pub struct Cover {
    /// the unit's name as printed on the cover, lines joined
    pub unit: Option<Text>,
    /// the year as printed (`2023年度`, `2024`)
    pub year: Option<Text>,
    pub span: Span,
}

/// A piece of the report's printed text, with where it is: what the text checks read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintedText<'r> {
    /// what the text is
    pub kind: TextKind,
    /// the section key (narrative texts) or the table title (table texts)
    pub owner: &'r str,
    pub text: &'r str,
    pub span: Span,
}

/// Which printed text a [`PrintedText`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKind {
    /// the cover's unit name
    CoverUnit,
    /// the cover's year
    CoverYear,
    /// an entry of the 目录
    Contents,
    /// a table's title line as printed
    TableTitle,
    /// the unit a table header prints (`编制单位：` / `部门：`)
    TableIssuer,
    /// a note under a table (注：/说明：)
    TableNote,
    /// a narrative section's heading
    SectionTitle,
    /// a narrative section's prose
    SectionText,
    /// the sentence a claim comes from (its span is the claim's)
    ClaimSentence,
}

impl std::ops::Deref for Report {
    type Target = ReportParts;
    fn deref(&self) -> &ReportParts {
        &self.parts
    }
}

impl Report {
    /// The PDF page (第N页) of the row or claim whose text holds `offset` of the report's
    /// source (a row without a page of its own is on its table's page); `None` when the report
    /// does not say. For naming pages in findings.
    pub fn page_at(&self, offset: u32) -> Option<u32> {
        let inside = |s: &Span| s.offset <= offset && offset < s.offset + s.len;
        for t in &self.tables {
            if !inside(&t.span) {
                continue;
            }
            let row = t
                .panels
                .iter()
                .flat_map(|p| p.rows.iter())
                .find(|r| inside(&r.span));
            return row.and_then(|r| r.page).or(t.page);
        }
        self.narrative
            .iter()
            .flat_map(|s| s.claims.iter())
            .find(|c| inside(&c.span))
            .and_then(|c| c.page)
    }

    /// Builds a report and its lookup indexes. Duplicate titles or section keys must have been
    /// rejected by the loader; here the first one wins.
    pub fn new(parts: ReportParts) -> Self {
        let mut table_index = HashMap::default();
        for (i, t) in parts.tables.iter().enumerate() {
            table_index.entry(normalize_name(&t.title)).or_insert(i);
            for alt in &t.aliases {
                table_index.entry(normalize_name(alt)).or_insert(i);
            }
        }
        let mut section_index = HashMap::default();
        for (i, s) in parts.narrative.iter().enumerate() {
            section_index.entry(s.key.clone()).or_insert(i);
        }
        Report {
            parts,
            table_index,
            section_index,
        }
    }

    /// The index of the table with this printed title or alias (normalised), O(1).
    pub fn table_index(&self, title: &str) -> Option<usize> {
        self.table_index.get(&normalize_name(title)).copied()
    }

    /// Finds a table by its printed title (normalised), O(1).
    pub fn table(&self, title: &str) -> Option<&Table> {
        self.table_index
            .get(&normalize_name(title))
            .map(|&i| &self.tables[i])
    }

    /// Finds a narrative section by its key (`收入`, `三公`, …), O(1).
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.section_index.get(key).map(|&i| &self.narrative[i])
    }

    /// The unit's name as printed on the cover, when transcribed.
    pub fn cover_unit(&self) -> Option<&Text> {
        self.cover.as_ref().and_then(|c| c.unit.as_ref())
    }

    /// The year as printed on the cover (`2023年度`), when transcribed.
    pub fn cover_year(&self) -> Option<&Text> {
        self.cover.as_ref().and_then(|c| c.year.as_ref())
    }

    /// The 目录 entries as printed, in order (empty when not transcribed).
    pub fn contents(&self) -> &[Text] {
        &self.contents
    }

    /// Every printed text of the report the text checks read, with its span, in this order:
    /// cover, 目录, each table's title line, issuer and notes, each section's heading, prose
    /// and claim sentences. A table's notes share the table's span (notes have none of their
    /// own); a section's heading and prose have theirs when the YAML gives them.
    pub fn printed_texts(&self) -> Vec<PrintedText<'_>> {
        let mut v: Vec<PrintedText<'_>> = Vec::new();
        if let Some(c) = &self.cover {
            if let Some(u) = &c.unit {
                v.push(PrintedText {
                    kind: TextKind::CoverUnit,
                    owner: "",
                    text: &u.text,
                    span: u.span,
                });
            }
            if let Some(y) = &c.year {
                v.push(PrintedText {
                    kind: TextKind::CoverYear,
                    owner: "",
                    text: &y.text,
                    span: y.span,
                });
            }
        }
        for e in &self.contents {
            v.push(PrintedText {
                kind: TextKind::Contents,
                owner: "",
                text: &e.text,
                span: e.span,
            });
        }
        for t in &self.tables {
            if let Some(p) = &t.printed_title {
                v.push(PrintedText {
                    kind: TextKind::TableTitle,
                    owner: &t.title,
                    text: &p.text,
                    span: p.span,
                });
            }
            if let Some(i) = &t.issuer {
                v.push(PrintedText {
                    kind: TextKind::TableIssuer,
                    owner: &t.title,
                    text: &i.text,
                    span: i.span,
                });
            }
            for n in &t.notes {
                v.push(PrintedText {
                    kind: TextKind::TableNote,
                    owner: &t.title,
                    text: n,
                    span: t.span,
                });
            }
        }
        for s in &self.narrative {
            if !s.title.is_empty() {
                v.push(PrintedText {
                    kind: TextKind::SectionTitle,
                    owner: &s.key,
                    text: &s.title,
                    span: s.title_span.unwrap_or(s.span),
                });
            }
            if !s.text.is_empty() {
                v.push(PrintedText {
                    kind: TextKind::SectionText,
                    owner: &s.key,
                    text: &s.text,
                    span: s.text_span.unwrap_or(s.span),
                });
            }
            for c in &s.claims {
                if let Some(sentence) = &c.sentence {
                    v.push(PrintedText {
                        kind: TextKind::ClaimSentence,
                        owner: &s.key,
                        text: sentence,
                        span: c.span,
                    });
                }
            }
        }
        v
    }
}

/// A printed table. Single-panel tables have one panel with `name: None`.
#[derive(Debug, Clone)]
pub struct Table {
    pub title: String,
    /// other printed titles of the same table (as given in the report)
    pub aliases: Vec<String>,
    /// the printed table number, e.g. `公开01表`
    pub number: Option<String>,
    /// notes printed under the table (注：/说明：)
    pub notes: Vec<String>,
    pub panels: Vec<Panel>,
    /// the PDF page (第N页) the table's title is printed on, when the report says
    pub page: Option<u32>,
    pub span: Span,
    /// the title line as printed, with the unit's name when the line carries one
    /// (`printed_title:`); `title` is the table's standard name
    pub printed_title: Option<Text>,
    /// the unit the table's header prints (`编制单位：…` / `部门：…`), as printed (`issuer:`)
    pub issuer: Option<Text>,
}

impl Table {
    /// The title line as printed (`中共…办公室2023年度收入支出决算总表`), when transcribed.
    pub fn printed_title(&self) -> Option<&Text> {
        self.printed_title.as_ref()
    }

    /// The unit printed on the table's header (`编制单位：`/`部门：`), when there is one.
    pub fn issuer(&self) -> Option<&Text> {
        self.issuer.as_ref()
    }
}

/// What the leading cells of a row hold, before the value columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// 行次
    Line,
    /// 科目编码 (功能分类 3/5/7 digits, 经济分类 3/5 digits)
    Code,
    /// 项目 / 科目名称
    Name,
}

/// One side of a table (收入 | 支出), or the whole table when it has one panel.
#[derive(Debug, Clone)]
pub struct Panel {
    pub name: Option<String>,
    /// the name normalised, for lookups
    pub norm_name: Option<String>,
    pub keys: Vec<KeyKind>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub span: Span,
    by_name: HashMap<String, Vec<usize>>,
    by_code: HashMap<String, usize>,
    by_line: HashMap<u32, usize>,
    column_by_name: HashMap<String, usize>,
    /// each column's name normalised, in order (for finding the same column in another panel
    /// without normalising again on every row)
    column_norm: Vec<String>,
    column_by_number: HashMap<u32, usize>,
    /// code -> the rows one level below it, in printed order
    children: HashMap<String, Vec<usize>>,
}

impl Panel {
    pub fn new(
        name: Option<String>,
        keys: Vec<KeyKind>,
        columns: Vec<Column>,
        rows: Vec<Row>,
        span: Span,
    ) -> Self {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::default();
        let mut by_code = HashMap::default();
        let mut by_line = HashMap::default();
        for (i, r) in rows.iter().enumerate() {
            if let Some(n) = &r.name {
                by_name.entry(normalize_name(&n.text)).or_default().push(i);
            }
            if let Some(c) = &r.code {
                by_code.entry(c.text.clone()).or_insert(i);
            }
            if let Some(l) = &r.line {
                by_line.entry(l.value).or_insert(i);
            }
        }
        let mut children: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, r) in rows.iter().enumerate() {
            if let Some(c) = &r.code
                && c.text.len() >= 5
                && let Some(parent) = c.text.get(..c.text.len() - 2)
            {
                // siblings share their parent's entry: allocate its key once
                match children.get_mut(parent) {
                    Some(rows) => rows.push(i),
                    None => {
                        children.insert(parent.to_string(), vec![i]);
                    }
                }
            }
        }
        let mut column_by_name = HashMap::default();
        let mut column_by_number = HashMap::default();
        let column_norm: Vec<String> = columns.iter().map(|c| normalize_name(&c.name)).collect();
        for (i, c) in columns.iter().enumerate() {
            column_by_name.entry(column_norm[i].clone()).or_insert(i);
            if let Some(n) = c.number {
                column_by_number.entry(n).or_insert(i);
            }
        }
        Panel {
            norm_name: name.as_deref().map(normalize_name),
            name,
            keys,
            columns,
            rows,
            span,
            by_name,
            by_code,
            by_line,
            column_by_name,
            column_norm,
            column_by_number,
            children,
        }
    }

    /// Rows whose normalised name equals `name` (normalised here), O(1).
    pub fn rows_named(&self, name: &str) -> &[usize] {
        self.by_name
            .get(&normalize_name(name))
            .map_or(&[], Vec::as_slice)
    }
    /// Every normalised row name with its rows, in no particular order.
    pub fn normalized_row_names(&self) -> impl Iterator<Item = (&str, &[usize])> {
        self.by_name.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
    /// Rows whose normalised name equals `normalized` (already normalised), O(1).
    pub fn rows_named_normalized(&self, normalized: &str) -> &[usize] {
        self.by_name.get(normalized).map_or(&[], Vec::as_slice)
    }
    /// The row with this classification code, O(1).
    pub fn row_by_code(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }
    /// The row with this 行次, O(1).
    pub fn row_by_line(&self, line: u32) -> Option<usize> {
        self.by_line.get(&line).copied()
    }
    /// The column with this name (normalised here), O(1).
    pub fn column_named(&self, name: &str) -> Option<usize> {
        self.column_by_name.get(&normalize_name(name)).copied()
    }
    /// The column with this name, already normalised with [`normalize_name`], O(1).
    pub fn column_normalized(&self, normalized: &str) -> Option<usize> {
        self.column_by_name.get(normalized).copied()
    }
    /// Column `i`'s name normalised with [`normalize_name`] ("" past the last column).
    pub fn column_norm_name(&self, i: usize) -> &str {
        self.column_norm.get(i).map_or("", String::as_str)
    }
    /// The column with this 栏次, O(1).
    pub fn column_by_number(&self, number: u32) -> Option<usize> {
        self.column_by_number.get(&number).copied()
    }
    /// Rows whose code starts with `code` and is one level deeper (功能分类 3→5→7,
    /// 经济分类 3→5), in printed order, O(1).
    pub fn children_of(&self, code: &str) -> &[usize] {
        self.children.get(code).map_or(&[], Vec::as_slice)
    }
}

/// A value column: its printed name and, when printed, its 栏次.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub number: Option<u32>,
    pub span: Span,
}

/// A text with the span it came from.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    pub span: Span,
}

/// A 行次 with its span.
#[derive(Debug, Clone)]
pub struct Line {
    pub value: u32,
    pub span: Span,
}

/// One printed row.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: Option<Line>,
    pub code: Option<Text>,
    pub name: Option<Text>,
    /// one cell per column of the panel, in column order
    pub cells: Vec<Cell>,
    /// the PDF page (第N页) the row is printed on, when the report says (`row_pages`)
    pub page: Option<u32>,
    pub span: Span,
}

impl Row {
    /// The label used in diagnostics: name, else code, else 第N行.
    pub fn label(&self) -> String {
        match (&self.code, &self.name, &self.line) {
            (Some(c), Some(n), _) => format!("{} {}", c.text, n.text),
            (None, Some(n), _) => n.text.clone(),
            (Some(c), None, _) => c.text.clone(),
            (None, None, Some(l)) => format!("第{}行", l.value),
            (None, None, None) => "(unnamed row)".to_string(),
        }
    }
    /// Classification level from the code length: 1 for 类 (3 digits), 2 for 款 (5),
    /// 3 for 项 (7); `None` without a code.
    pub fn level(&self) -> Option<u32> {
        self.code.as_ref().map(|c| match c.text.len() {
            0..=3 => 1,
            4..=5 => 2,
            _ => 3,
        })
    }
}

/// A table cell. `value: None` is a blank cell (also `-`/`—` in print), distinct from 0.
#[derive(Debug, Clone)]
pub struct Cell {
    pub value: Option<Decimal>,
    pub span: Span,
}

/// A narrative section of the 情况说明 and the numbers it states.
#[derive(Debug, Clone)]
pub struct Section {
    /// the stable key rules use (`收入`, `支出`, `三公`, … see docs/report-format.md)
    pub key: String,
    /// the printed heading
    pub title: String,
    /// the prose, as printed
    pub text: String,
    pub claims: Vec<Claim>,
    pub span: Span,
    /// where the heading is, when the YAML gives one
    pub title_span: Option<Span>,
    /// where the prose is, when the YAML gives it
    pub text_span: Option<Span>,
    by_subject: HashMap<String, usize>,
}

impl Section {
    pub fn new(key: String, title: String, text: String, claims: Vec<Claim>, span: Span) -> Self {
        let mut by_subject = HashMap::default();
        for (i, c) in claims.iter().enumerate() {
            by_subject
                .entry(normalize_name(&c.subject.text))
                .or_insert(i);
        }
        Section {
            key,
            title,
            text,
            claims,
            span,
            title_span: None,
            text_span: None,
            by_subject,
        }
    }
    /// The claim about this subject, already normalised, O(1).
    pub fn claim_normalized(&self, normalized: &str) -> Option<&Claim> {
        self.by_subject.get(normalized).map(|&i| &self.claims[i])
    }
    /// The claim about this subject (normalised), O(1).
    pub fn claim(&self, subject: &str) -> Option<&Claim> {
        self.by_subject
            .get(&normalize_name(subject))
            .map(|&i| &self.claims[i])
    }
}

/// The numbers one sentence states about one subject, e.g.
/// `财政拨款收入75.01万元，占96.15%` → subject 财政拨款收入, 金额 75.01, 占比 96.15%.
#[derive(Debug, Clone)]
pub struct Claim {
    pub subject: Text,
    /// a classification code the transcriber attached (the prose names, it does not print codes)
    pub code: Option<Text>,
    /// attribute name (金额, 占比, 增加, 预算, 决算, 完成率, 数量, …) -> value, in the order
    /// written; after each worded change (增加/减少/持平, 增长/下降) the loader adds its signed
    /// form (变动, 变动率)
    pub attrs: Vec<(String, Stated)>,
    /// the sentence the numbers come from, when given
    pub sentence: Option<String>,
    /// the PDF page (第N页) the sentence is printed on, when the report says
    pub page: Option<u32>,
    pub span: Span,
}

impl Claim {
    pub fn attr(&self, name: &str) -> Option<&Stated> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// A number stated in the narrative, exactly as written.
#[derive(Debug, Clone)]
pub struct Stated {
    pub value: StatedValue,
    /// the unit printed after a count (`人`, `台（套）`); `None` for other values
    pub unit: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatedValue {
    /// an amount in the report's currency; its scale is its printed precision
    Amount(Decimal),
    /// a percentage: `96.15%` is `Percent(96.15)`, scale = printed precision
    Percent(Decimal),
    /// a count of people, vehicles, items
    Count(Decimal),
    /// a word: 持平, 大于/小于/等于
    Word(String),
}
