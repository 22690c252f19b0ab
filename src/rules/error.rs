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

/// What is wrong. The message (Display) is in the current language ([`crate::lang`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackErrorKind {
    /// `rule T1 error "x" { t01.a == }`
    Syntax {
        expected: String,
        found: String,
    },
    /// `tolerance 1.2.3`
    BadNumber {
        text: String,
    },
    /// `include "missing.rules"`
    Io {
        path: String,
        message: String,
    },
    /// `include "../other/x.rules"`
    IncludeEscapes {
        path: String,
    },
    /// a.rules includes b.rules includes a.rules
    IncludeCycle {
        path: String,
        chain: String,
    },
    /// two `rule T01-1`
    DuplicateRule {
        id: String,
    },
    /// two `table t01 = …`
    DuplicateTable {
        alias: String,
    },
    /// `matches(s, "(增长")`
    BadPattern {
        pattern: String,
        message: String,
    },
    /// two `layout 部门 = …`
    DuplicateLayout {
        name: String,
    },
    /// `t01.收入.本年收入合记`: a row or column that no layout of the national template prints
    /// and no `names` declaration of the pack gives
    NotInLayout {
        what: String,
        name: String,
        table: String,
        layouts: String,
    },
    /// two `let x = …`
    DuplicateLet {
        name: String,
    },
    /// `severity T99 warning` with no rule T99
    UnknownRuleId {
        id: String,
    },
    /// `t99.总计` with no `table t99 = …`
    UnknownTable {
        alias: String,
    },
    /// `summ(…)`
    UnknownFunction {
        name: String,
    },
    /// `pct(a, b, c)`
    Arity {
        name: String,
        expected: String,
        got: usize,
    },
    /// `x == 1` with no `x` in scope
    UnknownName {
        name: String,
    },
    /// `t01.本年收入合计 == 52.79%`
    TypeMismatch {
        op: String,
        left: String,
        right: String,
    },
    /// `rule R error "x" { t01.本年收入合计 }`
    NotCondition {
        found: String,
    },
    /// `let a = b` and `let b = a`
    CyclicLet {
        name: String,
        chain: String,
    },
    /// a row label not found in the report's table
    UnknownRow {
        table: String,
        row: String,
    },
    /// a row label found in several places
    AmbiguousRow {
        table: String,
        row: String,
        candidates: String,
    },
    UnknownColumn {
        table: String,
        column: String,
    },
    /// `t02.合计` where 合计 has seven columns
    NeedsColumn {
        reference: String,
        count: usize,
    },
    /// the report has no table with any of the alias's titles
    TableNotInReport {
        titles: String,
    },
    BadReference {
        reference: String,
        reason: String,
    },
    UnknownSection {
        section: String,
    },
    EmptyPack,
    BadMessage {
        name: String,
    },
    /// nested quantifiers over very large tables
    WorkLimit {
        steps: u64,
        report: String,
    },
    /// an expression or a pack past a structural limit (see docs/limits.md)
    TooComplex {
        what: String,
        limit: usize,
    },
    Internal(String),
}

impl std::error::Error for PackErrorKind {}

impl std::fmt::Display for PackErrorKind {
    /// The message with any quoted text too long to read shortened (a 100 KB number in a pack
    /// is named by its start and length, not echoed).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Raw<'a>(&'a PackErrorKind);
        impl std::fmt::Display for Raw<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt_raw(f)
            }
        }
        f.write_str(&crate::terminal::clip_quoted(&Raw(self).to_string()))
    }
}

impl PackErrorKind {
    fn fmt_raw(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::rules::text::phrase as p;
        use PackErrorKind::*;
        if crate::lang::is_en() {
            return self.fmt_en(f);
        }
        match self {
            Syntax { expected, found } => {
                write!(f, "语法错误：此处应为{}，实际为 {}", p(expected), p(found))
            }
            BadNumber { text } => write!(f, "`{text}` 不是数值"),
            Io { path, message } => write!(f, "无法读取 `{path}`：{}", p(message)),
            IncludeEscapes { path } => write!(f, "`{path}` 不在规则包的文件夹内"),
            IncludeCycle { path, chain } => write!(f, "`{path}` 包含了它自身（经由 {chain}）"),
            DuplicateRule { id } => write!(f, "规则 `{id}` 定义了两次"),
            DuplicateTable { alias } => write!(f, "表别名 `{alias}` 声明了两次"),
            DuplicateLayout { name } => write!(f, "版式 `{name}` 声明了两次"),
            BadPattern { pattern, message } => {
                write!(f, "`{pattern}` 不是有效的匹配模式：{message}")
            }
            NotInLayout {
                what,
                name,
                table,
                layouts,
            } => {
                // `t01 (收入支出决算总表)` with Chinese brackets, layouts listed with 、
                let table = match table.strip_suffix(')').and_then(|t| t.split_once(" (")) {
                    Some((alias, title)) => format!("{alias}（{title}）"),
                    None => table.clone(),
                };
                write!(
                    f,
                    "模板的任何版式（{}）中，{table}都没有{} `{name}`",
                    layouts.replace(", ", "、"),
                    p(what)
                )
            }
            DuplicateLet { name } => write!(f, "`{name}` 定义了两次"),
            UnknownRuleId { id } => write!(f, "没有规则 `{id}`"),
            UnknownTable { alias } => write!(f, "未知的表别名 `{alias}`"),
            UnknownFunction { name } => write!(f, "未知的函数 `{name}`"),
            Arity {
                name,
                expected,
                got,
            } => write!(f, "`{name}` 需要{}，但给了 {got} 个参数", p(expected)),
            UnknownName { name } => write!(f, "未知的名称 `{name}`"),
            TypeMismatch { op, left, right } => match op.as_str() {
                "iterate over" => write!(f, "无法遍历{}：只能遍历{}", p(left), p(right)),
                _ => match op.strip_prefix("take ").and_then(|o| o.strip_suffix(" of")) {
                    Some(function) => {
                        write!(f, "{function} 不能用于{}与{}", p(left), p(right))
                    }
                    None => write!(f, "无法对{}与{}进行{}", p(left), p(right), p(op)),
                },
            },
            NotCondition { found } => {
                write!(f, "这是{}，不是条件：断言必须进行比较或检验", p(found))
            }
            CyclicLet { name, chain } => write!(f, "`{name}` 的定义引用了它自身（{chain}）"),
            UnknownRow { table, row } => write!(f, "{table} 中没有行“{row}”"),
            AmbiguousRow {
                table,
                row,
                candidates,
            } => write!(f, "“{row}”在 {table} 中有歧义：它与 {candidates} 都匹配"),
            UnknownColumn { table, column } => write!(f, "{table} 中没有列“{column}”"),
            NeedsColumn { reference, count } => {
                write!(f, "`{reference}` 有 {count} 列；请指明是哪一列")
            }
            TableNotInReport { titles } => write!(f, "报告中没有标题为 {titles} 的表"),
            BadReference { reference, reason } => {
                write!(f, "此处不能使用 `{reference}`：{}", p(reason))
            }
            UnknownSection { section } => write!(f, "未知的说明部分 `{section}`"),
            EmptyPack => write!(f, "规则包中没有规则"),
            BadMessage { name } => write!(f, "消息引用了 `{{{name}}}`，但它没有定义"),
            WorkLimit { steps, report } => {
                write!(f, "在 {report} 上计算规则包超过了 {steps} 步；计算已停止")
            }
            TooComplex { what, limit } => write!(f, "{}超过了上限 {limit}", p(what)),
            Internal(m) => write!(f, "内部错误：{m}"),
        }
    }
}

impl PackErrorKind {
    fn fmt_en(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use PackErrorKind::*;
        match self {
            Syntax { expected, found } => {
                write!(f, "syntax error: expected {expected}, found {found}")
            }
            BadNumber { text } => write!(f, "`{text}` is not a number"),
            Io { path, message } => write!(f, "cannot read `{path}`: {message}"),
            IncludeEscapes { path } => write!(f, "`{path}` is outside the pack's folder"),
            IncludeCycle { path, chain } => {
                write!(f, "`{path}` includes itself (through {chain})")
            }
            DuplicateRule { id } => write!(f, "rule `{id}` is defined twice"),
            DuplicateTable { alias } => write!(f, "table alias `{alias}` is declared twice"),
            DuplicateLayout { name } => write!(f, "layout `{name}` is declared twice"),
            BadPattern { pattern, message } => {
                write!(f, "`{pattern}` is not a valid pattern: {message}")
            }
            NotInLayout {
                what,
                name,
                table,
                layouts,
            } => write!(
                f,
                "no {what} `{name}` in {table} in any layout of the template ({layouts})"
            ),
            DuplicateLet { name } => write!(f, "`{name}` is defined twice"),
            UnknownRuleId { id } => write!(f, "there is no rule `{id}`"),
            UnknownTable { alias } => write!(f, "unknown table alias `{alias}`"),
            UnknownFunction { name } => write!(f, "unknown function `{name}`"),
            Arity {
                name,
                expected,
                got,
            } => write!(f, "`{name}` takes {expected}, but {got} given"),
            UnknownName { name } => write!(f, "unknown name `{name}`"),
            TypeMismatch { op, left, right } => write!(f, "cannot {op} {left} and {right}"),
            NotCondition { found } => write!(
                f,
                "this is {found}, not a condition: an assertion must compare or test something"
            ),
            CyclicLet { name, chain } => {
                write!(f, "`{name}` is defined in terms of itself ({chain})")
            }
            UnknownRow { table, row } => write!(f, "no row `{row}` in {table}"),
            AmbiguousRow {
                table,
                row,
                candidates,
            } => write!(
                f,
                "`{row}` is ambiguous in {table}: it matches {candidates}"
            ),
            UnknownColumn { table, column } => write!(f, "no column `{column}` in {table}"),
            NeedsColumn { reference, count } => {
                write!(f, "`{reference}` has {count} columns; say which one")
            }
            TableNotInReport { titles } => write!(f, "the report has no table titled {titles}"),
            BadReference { reference, reason } => {
                write!(f, "cannot use `{reference}` here: {reason}")
            }
            UnknownSection { section } => write!(f, "unknown narrative section `{section}`"),
            EmptyPack => write!(f, "the pack has no rules"),
            BadMessage { name } => {
                write!(f, "message refers to `{{{name}}}`, which is not defined")
            }
            WorkLimit { steps, report } => write!(
                f,
                "evaluating the pack on {report} took more than {steps} steps; evaluation stopped"
            ),
            TooComplex { what, limit } => write!(f, "{what} is over the limit of {limit}"),
            Internal(m) => write!(f, "internal error: {m}"),
        }
    }
}
