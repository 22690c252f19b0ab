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

/// The result of evaluating a pack against one report.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// rules in the pack
    pub rules: usize,
    /// rules with no finding
    pub passed: usize,
    /// rules whose guard did not hold or whose claims the report does not state
    pub not_applicable: usize,
    /// assertions checked (a quantifier counts once per row)
    pub checks: usize,
}

impl Outcome {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
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
