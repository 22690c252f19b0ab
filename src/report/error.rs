//! What can be wrong with a report file. Errors are data: a [`LoadErrorKind`] says what is
//! wrong and where (its labels), a [`LoadError`] adds the file so it renders on its own.
//! Each variant's doc comment is a YAML snippet that triggers it.

use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use thiserror::Error;

use super::model::Span;
use crate::diagnostic::SourceFile;

/// One problem in a report file, with the file it is in.
#[derive(Debug, Error)]
#[error("{kind}")]
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
        self.kind.help()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source_code)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.kind.labels()
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
