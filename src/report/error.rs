//! What can be wrong with a report file. Errors are data: a [`LoadErrorKind`] says what is
//! wrong and where (its labels), a [`LoadError`] adds the file so it renders on its own.
//! Each variant's doc comment is a YAML snippet that triggers it.

use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use thiserror::Error;

use super::model::Span;
use crate::diagnostic::SourceFile;

/// One problem in a report file, with the file it is in. It reads in the current language
/// ([`crate::lang`]); the kind's own Display is the English form.
#[derive(Debug, Error)]
#[error("{}", self.message())]
pub struct LoadError {
    /// the path as given
    pub path: String,
    /// where the problem is (line and column are 1-based; column in characters)
    pub span: Span,
    /// what the problem is
    pub kind: LoadErrorKind,
    source_code: SourceFile,
}

impl LoadError {
    /// `source` is the whole file, shared between the errors of one file.
    pub fn new(path: &str, source: Arc<str>, span: Span, kind: LoadErrorKind) -> Self {
        LoadError {
            path: path.to_string(),
            span,
            kind,
            source_code: SourceFile::new(path, source),
        }
    }

    /// The file and its text, for rendering.
    pub fn source_file(&self) -> &SourceFile {
        &self.source_code
    }

    /// What is wrong, in the current language.
    pub fn message(&self) -> String {
        let message = if crate::lang::is_en() {
            self.kind.to_string()
        } else {
            self.kind.message_zh()
        };
        // a 100 KB number is named by its start and length, not echoed
        crate::terminal::clip_quoted(&message).into_owned()
    }

    /// The stable code, e.g. `report::ragged_row`.
    pub fn code_str(&self) -> String {
        self.kind.code().map(|c| c.to_string()).unwrap_or_default()
    }
}

impl Diagnostic for LoadError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.kind.code()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        if crate::lang::is_en() {
            return self.kind.help();
        }
        let en = self.kind.help()?.to_string();
        Some(Box::new(zh::help(&en)))
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source_code)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels = self.kind.labels()?;
        if crate::lang::is_en() {
            return Some(labels);
        }
        Some(Box::new(labels.map(|l| {
            let text = l.label().map(zh::label);
            if l.primary() {
                LabeledSpan::new_primary_with_span(text, *l.inner())
            } else {
                LabeledSpan::new_with_span(text, *l.inner())
            }
        })))
    }
}

/// What is wrong. Every variant has a primary label `at`.
#[derive(Debug, Error, Diagnostic)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// a file larger than [`Limits::max_bytes`](super::Limits)
    #[error("the report is {size} bytes, more than the limit of {limit} bytes")]
    #[diagnostic(
        code(report::too_large),
        help("a report holds one published 部门决算; split the file, or raise the size limit")
    )]
    TooLarge {
        size: usize,
        limit: usize,
        #[label("this file")]
        at: SourceSpan,
    },

    /// a file that cannot be read
    #[error("cannot read the report: {message}")]
    #[diagnostic(code(report::io), help("check the path and the file's permissions"))]
    Io {
        message: String,
        #[label("here")]
        at: SourceSpan,
    },

    /// a file in GBK
    #[error("the report is not UTF-8 text")]
    #[diagnostic(
        code(report::not_utf8),
        help("save the report as UTF-8 (without BOM is best)")
    )]
    NotUtf8 {
        #[label("the first byte that is not UTF-8")]
        at: SourceSpan,
    },

    /// `rows: [[a, 1]`
    #[error("YAML syntax error: {message}")]
    #[diagnostic(
        code(report::yaml_syntax),
        help(
            "fix the YAML here: rows are flow lists like `[名称, 1.00]`; quote text that starts \
             with `*`, `&`, `!`, `%`, `@`, `` ` `` or contains `: `"
        )
    )]
    Syntax {
        message: String,
        #[label("here")]
        at: SourceSpan,
    },

    /// an empty file
    #[error("the report is empty")]
    #[diagnostic(
        code(report::empty),
        help("a report is a map with at least `unit`, `year` and `tables`")
    )]
    EmptyDocument {
        #[label("expected a report here")]
        at: SourceSpan,
    },

    /// `---` twice
    #[error("the file holds more than one YAML document")]
    #[diagnostic(code(report::multiple_documents), help("put one report in each file"))]
    MultipleDocuments {
        #[label("a second document starts here")]
        at: SourceSpan,
    },

    /// `name: &a 一般公共服务支出`
    #[error("YAML anchors are not allowed in a report")]
    #[diagnostic(
        code(report::anchor),
        help("write the value out in full; reports are read side by side with the printed tables")
    )]
    Anchor {
        #[label("anchored here")]
        at: SourceSpan,
    },

    /// `name: *a`
    #[error("YAML aliases are not allowed in a report")]
    #[diagnostic(
        code(report::alias),
        help("write the value out in full instead of referring to an anchor")
    )]
    Alias {
        #[label("alias used here")]
        at: SourceSpan,
    },

    /// `year: !!str 2023`
    #[error("YAML tags are not allowed in a report")]
    #[diagnostic(
        code(report::tag),
        help("remove the tag; every value is read from its text")
    )]
    Tag {
        #[label("tagged here")]
        at: SourceSpan,
    },

    /// `[[[[[…` nested deeper than [`Limits::max_depth`](super::Limits)
    #[error("the YAML is nested more than {limit} levels deep")]
    #[diagnostic(
        code(report::too_deep),
        help(
            "a report nests only a few levels (report → tables → panels → rows); check the brackets"
        )
    )]
    TooDeep {
        limit: usize,
        #[label("too deep here")]
        at: SourceSpan,
    },

    /// `colums: [决算数]` in a table
    #[error("unknown key `{key}` in {context}")]
    #[diagnostic(code(report::unknown_key))]
    UnknownKey {
        key: String,
        context: &'static str,
        #[help]
        help: String,
        #[label("unknown key")]
        at: SourceSpan,
    },

    /// a table without `title`
    #[error("{context} has no `{key}`")]
    #[diagnostic(code(report::missing_key))]
    MissingKey {
        key: &'static str,
        context: &'static str,
        #[help]
        help: String,
        #[label("`{key}` is missing here")]
        at: SourceSpan,
    },

    /// `tables: 收入支出决算总表`
    #[error("`{what}` must be {expected}, found {found}")]
    #[diagnostic(code(report::wrong_type))]
    WrongType {
        what: String,
        expected: &'static str,
        found: &'static str,
        #[help]
        help: Option<String>,
        #[label("expected {expected}")]
        at: SourceSpan,
    },

    /// `title:` twice in one table
    #[error("key `{key}` is written twice")]
    #[diagnostic(code(report::duplicate_key), help("remove one of them"))]
    DuplicateKey {
        key: String,
        #[label(primary, "written again here")]
        at: SourceSpan,
        #[label("first written here")]
        first: SourceSpan,
    },

    /// two tables titled `支出决算表`
    #[error("two tables are titled `{title}`")]
    #[diagnostic(
        code(report::duplicate_table),
        help("tables are found by title: merge the two, or fix the title of one of them")
    )]
    DuplicateTable {
        title: String,
        #[label(primary, "second table with this title")]
        at: SourceSpan,
        #[label("first table with this title")]
        first: SourceSpan,
    },

    /// two narrative sections with `key: 支出`
    #[error("two narrative sections have the key `{key}`")]
    #[diagnostic(
        code(report::duplicate_section),
        help("rules address claims by section key: put all claims of `{key}` in one section")
    )]
    DuplicateSection {
        key: String,
        #[label(primary, "second section with this key")]
        at: SourceSpan,
        #[label("first section with this key")]
        first: SourceSpan,
    },

    /// two panels named `收入` in one table
    #[error("two panels of this table are named `{name}`")]
    #[diagnostic(
        code(report::duplicate_panel),
        help("give each panel its printed name")
    )]
    DuplicatePanel {
        name: String,
        #[label(primary, "second panel with this name")]
        at: SourceSpan,
        #[label("first panel with this name")]
        first: SourceSpan,
    },

    /// `[一般公共服务支出, 1.00]` where keys are `[code, name]` and there are 3 columns
    #[error(
        "this row has {got} cells, expected {expected} ({keys} key cells + {columns} value columns)"
    )]
    #[diagnostic(
        code(report::ragged_row),
        help(
            "write every printed cell in order, `~` for each blank one; check that no cell was split or merged"
        )
    )]
    RaggedRow {
        expected: usize,
        got: usize,
        keys: usize,
        columns: usize,
        #[label("{got} cells")]
        at: SourceSpan,
    },

    /// a cell `abc`, `1e-2`, `.5`
    #[error("`{text}` is not an amount: it {reason}")]
    #[diagnostic(
        code(report::not_an_amount),
        help(
            "write amounts as printed, in decimal: `75.01`, `2`, `0.10`, `-3.5`, `2,940.05` \
             (separators in groups of three), at most 28 digits; `~` for a blank cell"
        )
    )]
    NotAnAmount {
        text: String,
        reason: &'static str,
        #[label("not an amount")]
        at: SourceSpan,
    },

    /// `占比: 60` or `占比: 6O%`
    #[error("`{text}` is not a percentage: it {reason}")]
    #[diagnostic(
        code(report::not_a_percent),
        help("write percentages as printed, with `%`: `96.15%`, `53%`, `0%`")
    )]
    NotAPercent {
        text: String,
        reason: &'static str,
        #[label("not a percentage")]
        at: SourceSpan,
    },

    /// `数量: 四人`
    #[error("`{text}` is not a count: it {reason}")]
    #[diagnostic(
        code(report::not_a_count),
        help("write a count as a number followed by its printed unit: `4人`, `0辆`, `2台（套）`")
    )]
    NotACount {
        text: String,
        reason: &'static str,
        #[label("not a count")]
        at: SourceSpan,
    },

    /// `比较: 多于`, `持平: 是`
    #[error("`{text}` is not a value of `{attr}`")]
    #[diagnostic(code(report::bad_word), help("`{attr}` takes {expected}"))]
    BadWord {
        attr: &'static str,
        text: String,
        expected: &'static str,
        #[label("unexpected value")]
        at: SourceSpan,
    },

    /// a claim with both `增加` and `减少`
    #[error("a claim states both `{first}` and `{second}`")]
    #[diagnostic(
        code(report::conflicting_change),
        help("a sentence states one change per subject: keep the one the prose prints")
    )]
    ConflictingChange {
        first: &'static str,
        second: &'static str,
        #[label(primary, "`{second}` here")]
        at: SourceSpan,
        #[label("`{first}` here")]
        first_at: SourceSpan,
    },

    /// `{subject: 支出合计}`
    #[error("the claim about `{subject}` states no number")]
    #[diagnostic(
        code(report::empty_claim),
        help("add the numbers the prose states, e.g. `金额: 100`, `占比: 60%`, `增加: 5`")
    )]
    EmptyClaim {
        subject: String,
        #[label("no attribute")]
        at: SourceSpan,
    },

    /// a code cell `20106a` or `2010`
    #[error("`{text}` is not a classification code")]
    #[diagnostic(
        code(report::bad_code),
        help(
            "a code is 3 (类), 5 (款) or 7 (项) digits, written joined (`208 | 05 | 01` is \
             `2080501`); `~` for a row without a code"
        )
    )]
    BadCode {
        text: String,
        #[label("not a 3-, 5- or 7-digit code")]
        at: SourceSpan,
    },

    /// a line cell `0` or `1.5`
    #[error("`{text}` is not a line number (行次)")]
    #[diagnostic(
        code(report::bad_line),
        help("a 行次 is a positive integer: `1`, `14`; `~` when none is printed")
    )]
    BadLine {
        text: String,
        #[label("not a positive integer")]
        at: SourceSpan,
    },

    /// `year: 二〇二三`, `precision: -1`, `column_numbers: [a]`
    #[error("`{what}` must be {expected}, found `{text}`")]
    #[diagnostic(code(report::bad_integer))]
    BadInteger {
        what: &'static str,
        expected: &'static str,
        text: String,
        #[label("expected {expected}")]
        at: SourceSpan,
    },

    /// 3 columns but `column_numbers: [1, 2]`
    #[error("`column_numbers` has {numbers} entries but `columns` has {columns}")]
    #[diagnostic(
        code(report::column_numbers_length),
        help("give one 栏次 per column, in the order of `columns`, or leave `column_numbers` out")
    )]
    ColumnNumbersLength {
        columns: usize,
        numbers: usize,
        #[label(primary, "{numbers} entries")]
        at: SourceSpan,
        #[label("{columns} entries")]
        columns_at: SourceSpan,
    },

    /// 3 rows but `row_pages: [6, 7]`
    #[error("`row_pages` has {pages} entries but `rows` has {rows}")]
    #[diagnostic(
        code(report::row_pages_length),
        help("give one page per row, in the order of `rows`, or leave `row_pages` out")
    )]
    RowPagesLength {
        rows: usize,
        pages: usize,
        #[label(primary, "{pages} entries")]
        at: SourceSpan,
        #[label("{rows} rows")]
        rows_at: SourceSpan,
    },

    /// `keys: [name, amount]`
    #[error("`{text}` is not a key kind")]
    #[diagnostic(code(report::bad_key_kind))]
    BadKeyKind {
        text: String,
        #[help]
        help: String,
        #[label("not `line`, `code` or `name`")]
        at: SourceSpan,
    },

    /// `currency: 亿元`
    #[error("unknown currency `{text}`")]
    #[diagnostic(code(report::currency))]
    BadCurrency {
        text: String,
        #[help]
        help: String,
        #[label("not `万元` or `元`")]
        at: SourceSpan,
    },

    /// a table with both `panels` and `rows`
    #[error("a table has either `panels` or `keys`/`columns`/`column_numbers`/`rows`, not both")]
    #[diagnostic(
        code(report::panels_and_rows),
        help("move `{key}` into one of the panels, or write the table without `panels`")
    )]
    PanelsAndRows {
        key: &'static str,
        #[label("`{key}` next to `panels`")]
        at: SourceSpan,
    },
}

impl LoadErrorKind {
    pub(crate) fn syntax(message: &str, at: Span) -> Self {
        LoadErrorKind::Syntax {
            message: message.to_string(),
            at: at.into(),
        }
    }
}

impl LoadErrorKind {
    /// The Chinese form of the message (the English form is the Display).
    pub fn message_zh(&self) -> String {
        use LoadErrorKind::*;
        use zh::phrase as p;
        match self {
            TooLarge { size, limit, .. } => {
                format!("报告文件有 {size} 字节，超过了上限 {limit} 字节")
            }
            Io { message, .. } => format!("无法读取报告：{message}"),
            NotUtf8 { .. } => "报告不是 UTF-8 文本".into(),
            Syntax { message, .. } => format!("YAML 语法错误：{message}"),
            EmptyDocument { .. } => "报告是空的".into(),
            MultipleDocuments { .. } => "文件中有不止一个 YAML 文档".into(),
            RowPagesLength { rows, pages, .. } => {
                format!("`row_pages` 有 {pages} 项，而 `rows` 有 {rows} 行")
            }
            Anchor { .. } => "报告中不允许使用 YAML 锚点".into(),
            Alias { .. } => "报告中不允许使用 YAML 别名".into(),
            Tag { .. } => "报告中不允许使用 YAML 标签".into(),
            TooDeep { limit, .. } => format!("YAML 的嵌套超过了 {limit} 层"),
            UnknownKey { key, context, .. } => format!("{}中有未知的键 `{key}`", p(context)),
            MissingKey { key, context, .. } => format!("{}缺少 `{key}`", p(context)),
            WrongType {
                what,
                expected,
                found,
                ..
            } => format!("{}应为{}，实际为{}", zh::named(what), p(expected), p(found)),
            DuplicateKey { key, .. } => format!("键 `{key}` 写了两次"),
            DuplicateTable { title, .. } => format!("有两张表的标题都是 `{title}`"),
            DuplicateSection { key, .. } => format!("有两个说明部分的键都是 `{key}`"),
            DuplicatePanel { name, .. } => format!("这张表有两个分栏都叫 `{name}`"),
            RaggedRow {
                expected,
                got,
                keys,
                columns,
                ..
            } => format!(
                "这一行有 {got} 个单元格，应为 {expected} 个（{keys} 个键单元格 + {columns} 个数值列）"
            ),
            NotAnAmount { text, reason, .. } => {
                format!("`{text}` 不是金额：它{}", p(reason))
            }
            NotAPercent { text, reason, .. } => {
                format!("`{text}` 不是百分比：它{}", p(reason))
            }
            NotACount { text, reason, .. } => format!("`{text}` 不是数量：它{}", p(reason)),
            BadWord { attr, text, .. } => format!("`{text}` 不是 `{attr}` 的取值"),
            ConflictingChange { first, second, .. } => {
                format!("一条表述同时写了 `{first}` 和 `{second}`")
            }
            EmptyClaim { subject, .. } => format!("关于 `{subject}` 的表述没有任何数字"),
            BadCode { text, .. } => format!("`{text}` 不是科目编码"),
            BadLine { text, .. } => format!("`{text}` 不是行次"),
            BadInteger {
                what,
                expected,
                text,
                ..
            } => format!("{}应为{}，实际为 `{text}`", zh::named(what), p(expected)),
            ColumnNumbersLength {
                columns, numbers, ..
            } => format!("`column_numbers` 有 {numbers} 项，而 `columns` 有 {columns} 项"),
            BadKeyKind { text, .. } => format!("`{text}` 不是键的种类"),
            BadCurrency { text, .. } => format!("未知的货币单位 `{text}`"),
            PanelsAndRows { .. } => {
                "一张表要么有 `panels`，要么有 `keys`/`columns`/`column_numbers`/`rows`，不能两者都有"
                    .into()
            }
        }
    }
}

/// Chinese for the phrases of report errors: the fragments the loader puts into them (what a
/// value should be, why a number is not one) and the help and label lines, matched on their
/// English form so that the loader stays as it is.
mod zh {
    use std::borrow::Cow;

    const PHRASES: &[(&str, &str)] = &[
        (
            "give one page per row, in the order of `rows`, or leave `row_pages` out",
            "请按 `rows` 的顺序为每行给出一个页码，或不写 `row_pages`",
        ),
        ("{pages} entries", "{pages} 项"),
        ("{rows} rows", "{rows} 行"),
        // contexts and types
        ("the report", "报告"),
        ("a report", "报告"),
        ("a table", "表"),
        ("a panel", "分栏"),
        ("a row", "行"),
        ("a cell", "单元格"),
        ("a claim", "表述"),
        ("a narrative section", "说明部分"),
        ("a map", "映射（map）"),
        ("a list", "列表"),
        ("a scalar", "单个值"),
        ("nothing (null)", "空（null）"),
        ("a single value", "单个值"),
        ("a list of cells", "单元格列表"),
        ("a column name", "列名"),
        ("a column number (栏次)", "栏次"),
        ("a count", "数量"),
        ("a key kind", "键的种类"),
        ("a key", "键"),
        (
            "a number of decimals from 0 to 28",
            "0 到 28 之间的小数位数",
        ),
        ("a percentage", "百分比"),
        ("a positive integer", "正整数"),
        ("a word", "词语"),
        ("an amount", "金额"),
        ("a year such as `2023`", "年份，如 `2023`"),
        ("`true`", "`true`"),
        (
            "`true` (leave `持平` out when the prose does not say it)",
            "`true`（正文没有说“持平”时不写 `持平`）",
        ),
        (
            "`大于`, `小于` or `等于`, as worded",
            "`大于`、`小于` 或 `等于`，照原文",
        ),
        // why a text is not a number
        ("is empty", "是空的"),
        ("has a `+` sign", "带有 `+` 号"),
        ("has an exponent", "带有指数"),
        ("has no digit before the decimal point", "小数点前没有数字"),
        ("has no digit after the decimal point", "小数点后没有数字"),
        ("is not decimal", "不是十进制数"),
        ("is not a finite number", "不是有限的数"),
        (
            "has thousands separators not in groups of three",
            "千位分隔符不是每三位一组",
        ),
        (
            "has more than 28 significant digits or decimals",
            "有效数字或小数位超过 28 位",
        ),
        ("is not a number", "不是数值"),
        ("is a percentage", "是百分比"),
        ("is longer than 64 characters", "超过 64 个字符"),
        ("has no `%`", "没有 `%`"),
        // help lines
        (
            "a report holds one published 部门决算; split the file, or raise the size limit",
            "一个报告文件只放一份公开的部门决算；请拆分文件，或提高大小上限",
        ),
        (
            "check the path and the file's permissions",
            "请检查路径和文件权限",
        ),
        (
            "save the report as UTF-8 (without BOM is best)",
            "请把报告另存为 UTF-8 编码（最好不带 BOM）",
        ),
        (
            "fix the YAML here: rows are flow lists like `[名称, 1.00]`; quote text that starts with `*`, `&`, `!`, `%`, `@`, `` ` `` or contains `: `",
            "请修正此处的 YAML：每行写成 `[名称, 1.00]` 这样的流式列表；以 `*`、`&`、`!`、`%`、`@`、`` ` `` 开头或含有 `: ` 的文字要加引号",
        ),
        (
            "a report is a map with at least `unit`, `year` and `tables`",
            "报告是一个映射，至少包含 `unit`、`year` 和 `tables`",
        ),
        ("put one report in each file", "每个文件只放一份报告"),
        (
            "write the value out in full; reports are read side by side with the printed tables",
            "请把值完整写出；报告要与印刷的表格对照阅读",
        ),
        (
            "write the value out in full instead of referring to an anchor",
            "请把值完整写出，不要引用锚点",
        ),
        (
            "remove the tag; every value is read from its text",
            "请删除标签；每个值都按其文字读取",
        ),
        (
            "a report nests only a few levels (report → tables → panels → rows); check the brackets",
            "报告只有几层嵌套（报告 → 表 → 分栏 → 行）；请检查括号",
        ),
        ("remove one of them", "请删除其中一个"),
        (
            "tables are found by title: merge the two, or fix the title of one of them",
            "表按标题查找：请合并这两张表，或改正其中一张的标题",
        ),
        (
            "give each panel its printed name",
            "请给每个分栏写上印刷的名称",
        ),
        (
            "write every printed cell in order, `~` for each blank one; check that no cell was split or merged",
            "请按顺序写出每个印刷的单元格，空白单元格写 `~`；检查有没有单元格被拆分或合并",
        ),
        (
            "write amounts as printed, in decimal: `75.01`, `2`, `0.10`, `-3.5`, `2,940.05` (separators in groups of three), at most 28 digits; `~` for a blank cell",
            "金额照印刷写成十进制数：`75.01`、`2`、`0.10`、`-3.5`、`2,940.05`（分隔符每三位一组），最多 28 位数字；空白单元格写 `~`",
        ),
        (
            "write percentages as printed, with `%`: `96.15%`, `53%`, `0%`",
            "百分比照印刷写出，带 `%`：`96.15%`、`53%`、`0%`",
        ),
        (
            "write a count as a number followed by its printed unit: `4人`, `0辆`, `2台（套）`",
            "数量写成数字加印刷的单位：`4人`、`0辆`、`2台（套）`",
        ),
        (
            "a sentence states one change per subject: keep the one the prose prints",
            "一句话对一个主语只表述一种变动：保留正文印刷的那一个",
        ),
        (
            "add the numbers the prose states, e.g. `金额: 100`, `占比: 60%`, `增加: 5`",
            "请加上正文表述的数字，如 `金额: 100`、`占比: 60%`、`增加: 5`",
        ),
        (
            "a code is 3 (类), 5 (款) or 7 (项) digits, written joined (`208 | 05 | 01` is `2080501`); `~` for a row without a code",
            "科目编码为 3 位（类）、5 位（款）或 7 位（项）数字，连写（`208 | 05 | 01` 写作 `2080501`）；没有编码的行写 `~`",
        ),
        (
            "a 行次 is a positive integer: `1`, `14`; `~` when none is printed",
            "行次是正整数：`1`、`14`；没有印刷行次时写 `~`",
        ),
        (
            "give one 栏次 per column, in the order of `columns`, or leave `column_numbers` out",
            "请按 `columns` 的顺序为每列写一个栏次，或者不写 `column_numbers`",
        ),
        (
            "each of `line`, `code` and `name` appears at most once",
            "`line`、`code` 和 `name` 各自最多出现一次",
        ),
        (
            "add `subject:` with the subject as printed, e.g. `subject: 财政拨款收入`",
            "请加上 `subject:`，写印刷的主语，如 `subject: 财政拨款收入`",
        ),
        (
            "add `columns:` with the value columns' printed names",
            "请加上 `columns:`，写各数值列印刷的名称",
        ),
        (
            "add `key:` with the section key rules use (`收入`, `支出`, `三公`, … see docs/report-format.md)",
            "请加上 `key:`，写规则使用的说明部分键（`收入`、`支出`、`三公` 等，见 docs/report-format.md）",
        ),
        (
            "add `tables:` with the report's tables in printed order",
            "请加上 `tables:`，按印刷顺序写出报告的各表",
        ),
        (
            "add `title:` with the table's printed title",
            "请加上 `title:`，写表的印刷标题",
        ),
        (
            "add `unit:` with the department or unit as printed",
            "请加上 `unit:`，写印刷的部门或单位名称",
        ),
        (
            "add `year:` with the budget year, e.g. `year: 2023`",
            "请加上 `year:`，写预算年度，如 `year: 2023`",
        ),
        (
            "add the panel's `rows`, one flow list per printed row",
            "请加上分栏的 `rows`，每个印刷行写一个流式列表",
        ),
        (
            "give the table's `keys`, `columns` and `rows`, or its `panels`",
            "请写出表的 `keys`、`columns` 和 `rows`，或写出它的 `panels`",
        ),
        (
            "keys are `line` (行次), `code` (科目编码) and `name` (项目)",
            "键的种类有 `line`（行次）、`code`（科目编码）和 `name`（项目）",
        ),
        (
            "a report's currency is `万元` or `元`",
            "报告的货币单位是 `万元` 或 `元`",
        ),
        (
            "name each panel as printed: `收入`, `支出`, or `1`, `2`, `3`",
            "请照印刷给每个分栏命名：`收入`、`支出`，或 `1`、`2`、`3`",
        ),
        (
            "quote a cell that contains `[`, `]`, `{`, `}` or `, `",
            "含有 `[`、`]`、`{`、`}` 或 `, ` 的单元格要加引号",
        ),
        (
            "write a claim as `{subject: 支出合计, 金额: 100}`",
            "表述写作 `{subject: 支出合计, 金额: 100}`",
        ),
        (
            "write each row as a flow list: `[一、一般公共服务支出, 1, 100.00]`",
            "每行写成流式列表：`[一、一般公共服务支出, 1, 100.00]`",
        ),
        // labels
        ("this file", "此文件"),
        ("here", "此处"),
        (
            "the first byte that is not UTF-8",
            "第一个不是 UTF-8 的字节",
        ),
        ("expected a report here", "此处应为报告"),
        ("a second document starts here", "第二个文档从这里开始"),
        ("anchored here", "此处设了锚点"),
        ("alias used here", "此处使用了别名"),
        ("tagged here", "此处有标签"),
        ("too deep here", "此处嵌套太深"),
        ("unknown key", "未知的键"),
        ("written again here", "此处再次写出"),
        ("first written here", "第一次写在这里"),
        ("second table with this title", "第二张同标题的表"),
        ("first table with this title", "第一张同标题的表"),
        ("second section with this key", "第二个同键的说明部分"),
        ("first section with this key", "第一个同键的说明部分"),
        ("second panel with this name", "第二个同名分栏"),
        ("first panel with this name", "第一个同名分栏"),
        ("not an amount", "不是金额"),
        ("not a percentage", "不是百分比"),
        ("not a count", "不是数量"),
        ("unexpected value", "不认识的取值"),
        ("no attribute", "没有属性"),
        ("not a 3-, 5- or 7-digit code", "不是 3、5 或 7 位编码"),
        ("not a positive integer", "不是正整数"),
        (
            "not `line`, `code` or `name`",
            "不是 `line`、`code` 或 `name`",
        ),
        ("not `万元` or `元`", "不是 `万元` 或 `元`"),
    ];

    /// What a message is about: a known phrase in Chinese (`报告`), else the key in backticks.
    pub(super) fn named(what: &str) -> String {
        match PHRASES.iter().find(|(e, _)| *e == what) {
            Some((_, zh)) => zh.to_string(),
            None => format!("`{what}` "),
        }
    }

    pub(super) fn phrase(en: &str) -> Cow<'_, str> {
        match PHRASES.iter().find(|(e, _)| *e == en) {
            Some((_, zh)) => Cow::Borrowed(zh),
            None => Cow::Borrowed(en),
        }
    }

    /// A help text: known sentences, `did you mean …?` and `the keys of … are …`.
    pub(super) fn help(en: &str) -> String {
        if let Some((_, zh)) = PHRASES.iter().find(|(e, _)| *e == en) {
            return zh.to_string();
        }
        if let Some(rest) = en.strip_prefix("did you mean ")
            && let Some((s, after)) = rest.split_once('?')
        {
            let after = after.trim();
            return if after.is_empty() {
                format!("是否应为 {s}？")
            } else {
                format!("是否应为 {s}？{}", phrase(after))
            };
        }
        if let Some(rest) = en.strip_prefix("the keys of ")
            && let Some((context, keys)) = rest.split_once(" are ")
        {
            return format!("{}的键有：{keys}", phrase(context));
        }
        if let Some(key) = en
            .strip_prefix("rules address claims by section key: put all claims of ")
            .and_then(|r| r.strip_suffix(" in one section"))
        {
            return format!("规则按说明部分的键查找表述：请把 {key} 的所有表述放在一个说明部分中");
        }
        if let Some(key) = en.strip_prefix("move ").and_then(|r| {
            r.strip_suffix(" into one of the panels, or write the table without `panels`")
        }) {
            return format!("请把 {key} 移到某个分栏中，或者不用 `panels` 来写这张表");
        }
        if let Some(attr) = en.strip_prefix('`')
            && let Some((attr, expected)) = attr.split_once("` takes ")
        {
            return format!("`{attr}` 的取值为{}", phrase(expected));
        }
        phrase(en).into_owned()
    }

    /// A label: known labels and their patterns (`` `unit` is missing here ``, `3 cells`).
    pub(super) fn label(en: &str) -> String {
        if let Some((_, zh)) = PHRASES.iter().find(|(e, _)| *e == en) {
            return zh.to_string();
        }
        if let Some(k) = en.strip_suffix(" is missing here") {
            return format!("此处缺少 {k}");
        }
        if let Some(e) = en.strip_prefix("expected ") {
            return format!("应为{}", phrase(e));
        }
        if let Some(n) = en.strip_suffix(" cells") {
            return format!("{n} 个单元格");
        }
        if let Some(n) = en.strip_suffix(" entries") {
            return format!("{n} 项");
        }
        if let Some(k) = en.strip_suffix(" next to `panels`") {
            return format!("{k} 与 `panels` 并列");
        }
        if let Some(w) = en.strip_suffix(" here") {
            return format!("此处是 {w}");
        }
        en.to_string()
    }
}
