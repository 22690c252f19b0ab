//! Findings: what evaluation returns. Plain data; the CLI renders it.

use rust_decimal::Decimal;

use super::ast::{Loc, Severity};
use crate::report::Span;

/// Why a rule failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// the two sides differ by more than rounding explains
    Mismatch,
    /// a condition (`blank(…)`, `and`, `not`) does not hold
    Failed,
    /// a stated percentage is the computed one truncated, not rounded
    Truncated,
    /// a stated percentage is one unit in the last place off the rounded one
    Nudged,
    /// a rate or share divides by a zero (or blank) amount
    DivisionByZero,
    /// a result beyond the decimal range
    Overflow,
    /// a table of the report's layout is not printed (`exists(t03)` as an assertion)
    MissingTable,
    /// a rate over a zero base stated by convention (增长 100% from a prior year of zero): info
    ZeroBase,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Mismatch => "mismatch",
            FindingKind::Failed => "failed",
            FindingKind::Truncated => "truncated",
            FindingKind::Nudged => "nudged",
            FindingKind::DivisionByZero => "division_by_zero",
            FindingKind::Overflow => "overflow",
            FindingKind::MissingTable => "missing_table",
            FindingKind::ZeroBase => "zero_base",
        }
    }
}

/// The two sides of a failing comparison, as displayed (percentages end in `%`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    pub left: String,
    pub right: String,
    pub difference: String,
    pub slack: String,
}

/// A report cell or stated claim the failing assertion read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRef {
    /// how the rule named it, resolved: `t01.本年收入合计`, `说明.收入.财政拨款收入.占比`
    pub reference: String,
    /// where it is in the report: `收入支出决算总表 › 收入 › 本年收入合计 › 决算数`
    pub place: String,
    /// the row (and column, when the panel has several) or claim, for labels
    pub short: String,
    /// the value as written (`None` for a blank cell)
    pub value: Option<String>,
    pub span: Span,
}

/// A labelled operand of the failing expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operand {
    pub loc: Loc,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    pub kind: FindingKind,
    /// the rule's id in the pack
    pub rule_loc: Loc,
    /// the failing expression
    pub expr_loc: Loc,
    pub values: Option<Values>,
    pub operands: Vec<Operand>,
    pub cells: Vec<CellRef>,
    /// the row or claim a quantifier was at
    pub subject: Option<String>,
    /// the diagnosis: truncation, the base that would explain a percentage, …
    pub notes: Vec<String>,
}

/// What kind of part a rule needed and the report lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingKind {
    Table,
    Row,
    Column,
    /// a label the report prints more than once where the rule names one
    Ambiguous,
    /// a row of several columns read without naming one (this report prints more columns
    /// than the rule expected)
    WhichColumn,
}

impl MissingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MissingKind::Table => "table",
            MissingKind::Row => "row",
            MissingKind::Column => "column",
            MissingKind::Ambiguous => "ambiguous",
            MissingKind::WhichColumn => "which_column",
        }
    }
}

/// A part of the report a rule needs and the report lacks: a fact about the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPart {
    pub kind: MissingKind,
    /// the name looked for: a row or column label, or the accepted titles of a table
    pub name: String,
    /// the table it was looked for in (its printed title), or the alias of a missing table
    pub table: String,
    /// where the rule asks for it
    pub loc: Loc,
    /// the report's table it looked in, when the report has it
    pub report_span: Option<Span>,
    /// what was found instead: did you mean, the candidates of an ambiguous label
    pub help: Option<String>,
}

/// A rule that could not be checked on a report, with every part it needed and did not find.
/// A rule may have findings from its other assertions and still be listed here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotChecked {
    pub rule: String,
    pub severity: Severity,
    pub title: String,
    pub rule_loc: Loc,
    pub missing: Vec<MissingPart>,
}

/// The verdict of one rule on one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleVerdict {
    Passed,
    /// it has findings
    Failed,
    /// its guards say it does not apply (or the claims it reads are not stated, or its tables
    /// are not part of the report's layout)
    NotApplicable,
    /// it needs a part the report lacks
    NotChecked,
}

impl RuleVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleVerdict::Passed => "passed",
            RuleVerdict::Failed => "failed",
            RuleVerdict::NotApplicable => "not_applicable",
            RuleVerdict::NotChecked => "not_checked",
        }
    }
}

/// The result of evaluating a pack against one report.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// rules that needed a part the report lacks, in pack order
    pub not_checked: Vec<NotChecked>,
    /// the verdict of every rule, in pack order: (rule id, verdict)
    pub verdicts: Vec<(String, RuleVerdict)>,
    /// the pack layout the report was read as (`部门`, `高等学校`), when the pack declares any
    pub layout: Option<String>,
    /// rules that do not apply because their tables are not part of the report's layout
    pub outside_layout: Vec<String>,
    /// rules in the pack
    pub rules: usize,
    /// rules with no finding
    pub passed: usize,
    /// rules whose guard did not hold or whose claims the report does not state
    pub not_applicable: usize,
    /// assertions checked (a quantifier counts once per row)
    pub checks: usize,
    /// the corrections that explain findings, when they were searched (see
    /// [`super::causes::find_causes`])
    pub causes: Vec<super::causes::Cause>,
}

impl Outcome {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// The cause that explains each finding (by index), when causes were searched.
    pub fn causes_of_findings(&self) -> Vec<Option<usize>> {
        super::causes::cause_of_findings(&self.causes, self.findings.len())
    }

    /// How many rules ended with this verdict.
    pub fn verdict_count(&self, v: RuleVerdict) -> usize {
        self.verdicts.iter().filter(|(_, x)| *x == v).count()
    }
}

/// One step of `crossfoot explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceStep {
    pub depth: usize,
    pub loc: Loc,
    /// what was evaluated (rule text)
    pub what: String,
    /// the value, with its interval: `78.01 [78.005, 78.015]`
    pub value: String,
    /// the report cell or claim it read, if any
    pub cell: Option<CellRef>,
}

/// Decimal to display string.
pub fn fmt_dec(d: Decimal) -> String {
    let s = d.normalize().to_string();
    if s == "-0" { "0".into() } else { s }
}
