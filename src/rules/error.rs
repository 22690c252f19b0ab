//! Errors in a rule pack: syntax, structure (includes, duplicates), static checks (unknown
//! names, arity, types) and binding against a report (unknown rows, columns, ambiguous
//! labels). They are plain data with a location; [`crate::render`] turns them into text.

use super::ast::Loc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub kind: PackErrorKind,
    pub loc: Loc,
    /// how to fix it ("did you mean …", the accepted forms)
    pub help: Option<String>,
    /// where in a report the problem was found (binding errors): (report path, line, column)
    pub report: Option<(String, u32, u32)>,
}

impl PackError {
    pub fn new(kind: PackErrorKind, loc: Loc) -> Self {
        PackError {
            kind,
            loc,
            help: None,
            report: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// A stable code for the kind, e.g. `rules::unknown_row`.
    pub fn code(&self) -> &'static str {
        use PackErrorKind::*;
        match &self.kind {
            Syntax { .. } => "rules::syntax",
            BadNumber { .. } => "rules::bad_number",
            Io { .. } => "rules::io",
            IncludeEscapes { .. } => "rules::include_escapes",
            IncludeCycle { .. } => "rules::include_cycle",
            DuplicateRule { .. } => "rules::duplicate_rule",
            DuplicateTable { .. } => "rules::duplicate_table",
            DuplicateLet { .. } => "rules::duplicate_let",
            DuplicateLayout { .. } => "rules::duplicate_layout",
            BadPattern { .. } => "rules::bad_pattern",
            NotInLayout { .. } => "rules::not_in_layout",
            UnknownRuleId { .. } => "rules::unknown_rule_id",
            UnknownTable { .. } => "rules::unknown_table",
            UnknownFunction { .. } => "rules::unknown_function",
            Arity { .. } => "rules::arity",
            UnknownName { .. } => "rules::unknown_name",
            TypeMismatch { .. } => "rules::type_mismatch",
            NotCondition { .. } => "rules::not_a_condition",
            CyclicLet { .. } => "rules::cyclic_let",
            UnknownRow { .. } => "rules::unknown_row",
            AmbiguousRow { .. } => "rules::ambiguous_row",
            UnknownColumn { .. } => "rules::unknown_column",
            NeedsColumn { .. } => "rules::needs_column",
            TableNotInReport { .. } => "rules::table_not_in_report",
            BadReference { .. } => "rules::bad_reference",
            UnknownSection { .. } => "rules::unknown_section",
            EmptyPack => "rules::empty_pack",
            BadMessage { .. } => "rules::bad_message",
            WorkLimit { .. } => "rules::work_limit",
            TooComplex { .. } => "rules::too_complex",
            Internal(_) => "rules::internal",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackErrorKind {
    /// `rule T1 error "x" { t01.a == }`
    #[error("syntax error: expected {expected}, found {found}")]
    Syntax { expected: String, found: String },
    /// `tolerance 1.2.3`
    #[error("`{text}` is not a number")]
    BadNumber { text: String },
    /// `include "missing.rules"`
    #[error("cannot read `{path}`: {message}")]
    Io { path: String, message: String },
    /// `include "../other/x.rules"`
    #[error("`{path}` is outside the pack's folder")]
    IncludeEscapes { path: String },
    /// a.rules includes b.rules includes a.rules
    #[error("`{path}` includes itself (through {chain})")]
    IncludeCycle { path: String, chain: String },
    /// two `rule T01-1`
    #[error("rule `{id}` is defined twice")]
    DuplicateRule { id: String },
    /// two `table t01 = …`
    #[error("table alias `{alias}` is declared twice")]
    DuplicateTable { alias: String },
    /// `matches(s, "(增长")`
    #[error("`{pattern}` is not a valid pattern: {message}")]
    BadPattern { pattern: String, message: String },
    /// two `layout 部门 = …`
    #[error("layout `{name}` is declared twice")]
    DuplicateLayout { name: String },
    /// `t01.收入.本年收入合记`: a row or column that no layout of the national template prints
    /// and no `names` declaration of the pack gives
    #[error("no {what} `{name}` in {table} in any layout of the template ({layouts})")]
    NotInLayout {
        what: String,
        name: String,
        table: String,
        layouts: String,
    },
    /// two `let x = …`
    #[error("`{name}` is defined twice")]
    DuplicateLet { name: String },
    /// `severity T99 warning` with no rule T99
    #[error("there is no rule `{id}`")]
    UnknownRuleId { id: String },
    /// `t99.总计` with no `table t99 = …`
    #[error("unknown table alias `{alias}`")]
    UnknownTable { alias: String },
    /// `summ(…)`
    #[error("unknown function `{name}`")]
    UnknownFunction { name: String },
    /// `pct(a, b, c)`
    #[error("`{name}` takes {expected}, but {got} given")]
    Arity {
        name: String,
        expected: String,
        got: usize,
    },
    /// `x == 1` with no `x` in scope
    #[error("unknown name `{name}`")]
    UnknownName { name: String },
    /// `t01.本年收入合计 == 52.79%`
    #[error("cannot {op} {left} and {right}")]
    TypeMismatch {
        op: String,
        left: String,
        right: String,
    },
    /// `rule R error "x" { t01.本年收入合计 }`
    #[error("this is {found}, not a condition: an assertion must compare or test something")]
    NotCondition { found: String },
    /// `let a = b` and `let b = a`
    #[error("`{name}` is defined in terms of itself ({chain})")]
    CyclicLet { name: String, chain: String },
    /// a row label not found in the report's table
    #[error("no row `{row}` in {table}")]
    UnknownRow { table: String, row: String },
    /// a row label found in several places
    #[error("`{row}` is ambiguous in {table}: it matches {candidates}")]
    AmbiguousRow {
        table: String,
        row: String,
        candidates: String,
    },
    #[error("no column `{column}` in {table}")]
    UnknownColumn { table: String, column: String },
    /// `t02.合计` where 合计 has seven columns
    #[error("`{reference}` has {count} columns; say which one")]
    NeedsColumn { reference: String, count: usize },
    /// the report has no table with any of the alias's titles
    #[error("the report has no table titled {titles}")]
    TableNotInReport { titles: String },
    #[error("cannot use `{reference}` here: {reason}")]
    BadReference { reference: String, reason: String },
    #[error("unknown narrative section `{section}`")]
    UnknownSection { section: String },
    #[error("the pack has no rules")]
    EmptyPack,
    #[error("message refers to `{{{name}}}`, which is not defined")]
    BadMessage { name: String },
    /// nested quantifiers over very large tables
    #[error("evaluating the pack on {report} took more than {steps} steps; evaluation stopped")]
    WorkLimit { steps: u64, report: String },
    /// an expression or a pack past a structural limit (see docs/limits.md)
    #[error("{what} is over the limit of {limit}")]
    TooComplex { what: String, limit: usize },
    #[error("internal error: {0}")]
    Internal(String),
}
