//! Evaluation: binds a checked pack against one report and runs every rule.
//!
//! References are resolved against the report as they are evaluated (a pack is checked once
//! and evaluated against many reports, whose layouts differ). Three things stop an
//! assertion early, each with its own meaning ([`Stop`]): a reference that does not resolve
//! (a binding error, reported with the pack's errors), a claim the report does not state (the
//! assertion does not apply), and a division by zero or overflow (a finding of its own kind).

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::ast::*;
use super::error::{PackError, PackErrorKind};
use super::finding::*;
use super::pack::Pack;
use super::text;
use super::value::*;
use crate::report::{Claim, Report, Section, StatedValue, normalize_name};
use crate::suggest::suggest;

use crate::hash::BuildFastHasher as BuildPtrHasher;
type PtrMap<V> = HashMap<usize, V, BuildPtrHasher>;

/// A column of a panel: (table, panel, column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ColumnRef {
    table: usize,
    panel: usize,
    col: usize,
}

/// A row of a report table, and optionally one of its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef {
    pub table: usize,
    pub panel: usize,
    pub row: usize,
    pub col: Option<usize>,
}

#[derive(Debug, Clone)]
enum Val<'a> {
    Num(Num),
    Bool(bool),
    Row(RowRef),
    Rows(Vec<RowRef>),
    Claims(&'a Section),
    Claim(&'a Section, &'a Claim),
    /// the columns of a panel: (table, panel)
    Columns(usize, usize),
    /// a column, as the current column of a `for k in columns(…)`
    Column(ColumnRef),
    Word(String),
    /// the values of `… for x in …`
    Nums(Vec<Num>),
}

/// A cell or stated claim an assertion read; kept as references so that passing assertions
/// cost no text.
#[derive(Debug, Clone, Copy)]
enum Touch<'a> {
    Cell {
        r: RowRef,
        col: usize,
        loc: Loc,
    },
    Claim {
        s: &'a Section,
        c: &'a Claim,
        attr: &'a str,
        stated: &'a crate::report::Stated,
    },
}

/// Why an assertion stopped before a verdict.
#[derive(Debug)]
enum Stop {
    /// a reference that does not resolve against the report
    Bind(Box<PackError>),
    /// the report does not state a claim the assertion reads
    NotApplicable,
    /// a division by zero or an overflow
    Arith(ArithError, Loc),
    /// the evaluation work limit was reached: the report is abandoned
    Limit,
}

/// Limits on evaluating one report (see docs/limits.md).
#[derive(Debug, Clone, Copy)]
pub struct EvalLimits {
    /// expression evaluations per report; bounds nested quantifiers over large tables
    pub max_steps: u64,
}

impl Default for EvalLimits {
    fn default() -> Self {
        EvalLimits {
            max_steps: 20_000_000,
        }
    }
}

type R<T> = Result<T, Stop>;

/// Evaluates every rule of `pack` against `report`. Binding errors (rows, columns or
/// tables the report does not have) are returned together, each located in the pack.
pub fn evaluate(pack: &Pack, report: &Report) -> Result<Outcome, Vec<PackError>> {
    evaluate_with(pack, report, &EvalLimits::default())
}

/// [`evaluate`] with explicit limits.
pub fn evaluate_with(
    pack: &Pack,
    report: &Report,
    limits: &EvalLimits,
) -> Result<Outcome, Vec<PackError>> {
    let mut ev = Ev::new(pack, report, None);
    ev.max_steps = limits.max_steps;
    let mut out = Outcome {
        rules: pack.rules.len(),
        ..Outcome::default()
    };
    for rule in &pack.rules {
        if ev.exhausted {
            break;
        }
        let before = out.findings.len();
        let applied = ev.run_rule(rule, &mut out);
        if out.findings.len() == before {
            if applied {
                out.passed += 1;
            } else {
                out.not_applicable += 1;
            }
        }
    }
    if ev.bind_errors.is_empty() {
        Ok(out)
    } else {
        let mut errs = ev.bind_errors;
        errs.sort_by_key(|e| (e.loc.file, e.loc.offset));
        errs.dedup();
        Err(errs)
    }
}

/// A rule's trace and its outcome, or the binding errors that stopped it.
pub type Explained = Result<(Vec<TraceStep>, Outcome), Vec<PackError>>;

/// Evaluates one rule with a trace of every reference and intermediate result. `None` when
/// the pack has no such rule.
pub fn explain(pack: &Pack, report: &Report, rule_id: &str) -> Option<Explained> {
    let rule = pack.rule(rule_id)?;
    let mut ev = Ev::new(pack, report, Some(Vec::new()));
    let mut out = Outcome {
        rules: 1,
        ..Outcome::default()
    };
    let applied = ev.run_rule(rule, &mut out);
    if out.findings.is_empty() {
        if applied {
            out.passed = 1;
        } else {
            out.not_applicable = 1;
        }
    }
    if !ev.bind_errors.is_empty() {
        return Some(Err(ev.bind_errors));
    }
    Some(Ok((ev.trace.unwrap_or_default(), out)))
}

#[derive(Clone, Default)]
struct Ctx<'a> {
    /// the row of an enclosing `in ROW { … }`
    in_row: Option<RowRef>,
    /// the base of one-argument `pct`
    base: Option<Num>,
    /// the current column of a `for k in columns(…)`, its name normalised once
    column: Option<ColumnRef>,
    message: Option<&'a str>,
}

struct Ev<'a> {
    pack: &'a Pack,
    report: &'a Report,
    tables: HashMap<String, Result<usize, Box<PackError>>>,
    /// the variables in scope, innermost last (blocks truncate back to their start)
    vars: Vec<(&'a str, Val<'a>)>,
    ctx: Ctx<'a>,
    /// the cells and claims the current assertion read, turned into text only for findings
    cells: Vec<Touch<'a>>,
    /// the rows, claims or columns the enclosing quantifiers are at
    subjects: Vec<Val<'a>>,
    /// resolved table references: the same text always resolves the same way in one report
    resolved: PtrMap<RowRef>,
    /// resolved claim references (`说明.section.subject[.attribute]`)
    claims: PtrMap<(&'a Section, &'a Claim)>,
    /// the panels of table expressions used as `row(t, …)` arguments
    panel_sets: PtrMap<Vec<(usize, usize)>>,
    /// the column a `var.column` segment names, per panel
    columns: HashMap<(usize, usize, usize), Option<usize>, BuildPtrHasher>,
    bind_errors: Vec<PackError>,
    trace: Option<Vec<TraceStep>>,
    depth: usize,
    /// guards against `let` definitions evaluated inside themselves (checked statically too)
    let_stack: Vec<String>,
    steps: u64,
    max_steps: u64,
    /// inside `has(…)`: a reference that does not resolve is an answer, not an error
    probing: bool,
    exhausted: bool,
}

/// The outcome of one assertion.
enum Verdict {
    Pass,
    Fail(Box<Failure>),
}

struct Failure {
    kind: FindingKind,
    loc: Loc,
    values: Option<Values>,
    operands: Vec<Operand>,
    notes: Vec<String>,
    /// the two sides, for message interpolation
    sides: Option<(String, String)>,
}

impl Failure {
    /// A failure without values, where only the verdict matters.
    fn bare(kind: FindingKind, loc: Loc) -> Failure {
        Failure {
            kind,
            loc,
            values: None,
            operands: Vec::new(),
            notes: Vec::new(),
            sides: None,
        }
    }
}

impl<'a> Ev<'a> {
    fn new(pack: &'a Pack, report: &'a Report, trace: Option<Vec<TraceStep>>) -> Self {
        Ev {
            pack,
            report,
            tables: HashMap::new(),
            vars: Vec::new(),
            ctx: Ctx::default(),
            cells: Vec::new(),
            subjects: Vec::new(),
            resolved: PtrMap::default(),
            claims: PtrMap::default(),
            columns: HashMap::default(),
            panel_sets: PtrMap::default(),
            bind_errors: Vec::new(),
            trace,
            depth: 0,
            let_stack: Vec::new(),
            steps: 0,
            probing: false,
            max_steps: EvalLimits::default().max_steps,
            exhausted: false,
        }
    }

    fn src(&self, loc: Loc) -> &'a str {
        self.pack
            .files
            .get(loc.file as usize)
            .and_then(|f| {
                f.text
                    .get(loc.offset as usize..(loc.offset + loc.len) as usize)
            })
            .unwrap_or("")
    }

    /// Runs a rule; returns whether any assertion applied.
    fn run_rule(&mut self, rule: &'a Rule, out: &mut Outcome) -> bool {
        self.vars.clear();
        self.ctx = Ctx::default();
        let mut applied = false;
        self.block(&rule.body, rule, out, &mut applied);
        applied
    }

    fn block(&mut self, stmts: &'a [Stmt], rule: &'a Rule, out: &mut Outcome, applied: &mut bool) {
        let scope = self.vars.len();
        let saved_msg = self.ctx.message;
        if let Some(Stmt::Message(m, _)) = stmts.iter().find(|s| matches!(s, Stmt::Message(..))) {
            self.ctx.message = Some(m.as_str());
        }
        for s in stmts {
            match s {
                Stmt::Message(..) => {}
                Stmt::When(e) => match self.eval(e).and_then(|v| self.truth(v, e.loc)) {
                    Ok(true) => {}
                    Ok(false) | Err(Stop::NotApplicable) => break,
                    Err(stop) => {
                        self.stop(stop, rule, e, out);
                        break;
                    }
                },
                Stmt::Let(n, e) => match self.eval(e) {
                    Ok(v) => self.bind(&n.text, v),
                    Err(Stop::NotApplicable) => break,
                    Err(stop) => {
                        self.stop(stop, rule, e, out);
                        break;
                    }
                },
                Stmt::For {
                    var,
                    source,
                    filter,
                    body,
                    loc,
                } => {
                    let items = match self.eval(source) {
                        Ok(v) => self.elements(v, source.loc),
                        Err(e) => Err(e),
                    };
                    let items = match items {
                        Ok(items) => items,
                        Err(Stop::NotApplicable) => continue,
                        Err(stop) => {
                            self.stop(stop, rule, source, out);
                            continue;
                        }
                    };
                    for item in items {
                        if self.exhausted {
                            break;
                        }
                        let saved_column = self.enter(&var.text, &item);
                        self.subjects.push(item);
                        if self.trace.is_some() {
                            let at = self.subject().unwrap_or_default();
                            self.note_step(
                                *loc,
                                format!("for {} in {}", var.text, self.src(source.loc)),
                                format!("at {at}"),
                            );
                        }
                        match self.passes(filter.as_ref()) {
                            Ok(true) => self.block(body, rule, out, applied),
                            Ok(false) | Err(Stop::NotApplicable) => {}
                            Err(stop) => {
                                if let Some(f) = filter {
                                    self.stop(stop, rule, f, out);
                                }
                            }
                        }
                        self.subjects.pop();
                        self.leave(saved_column);
                    }
                }
                Stmt::In {
                    target, base, body, ..
                } => {
                    let row = match self.eval(target) {
                        Ok(Val::Row(r)) => r,
                        Ok(_) => {
                            self.bind_errors.push(PackError::new(
                                PackErrorKind::BadReference {
                                    reference: self.src(target.loc).to_string(),
                                    reason: "`in` takes one row, e.g. `in t03.合计 { … }`".into(),
                                },
                                target.loc,
                            ));
                            continue;
                        }
                        Err(Stop::NotApplicable) => continue,
                        Err(stop) => {
                            self.stop(stop, rule, target, out);
                            continue;
                        }
                    };
                    let saved = self.ctx.clone();
                    self.ctx.in_row = Some(row);
                    if let Some(b) = base {
                        match self.eval(b).and_then(|v| self.num(v, b.loc)) {
                            Ok(n) => self.ctx.base = Some(n),
                            Err(Stop::NotApplicable) => {
                                self.ctx = saved;
                                continue;
                            }
                            Err(stop) => {
                                self.stop(stop, rule, b, out);
                                self.ctx = saved;
                                continue;
                            }
                        }
                    }
                    self.block(body, rule, out, applied);
                    self.ctx = saved;
                }
                Stmt::Assert(e) => {
                    self.cells.clear();
                    out.checks += 1;
                    let verdict = self.assert(e);
                    if self.trace.is_some() {
                        let v = match &verdict {
                            Ok(Verdict::Pass) => "holds".to_string(),
                            Ok(Verdict::Fail(f)) => match &f.values {
                                Some(v) => format!(
                                    "FAILS: {} vs {}, difference {}, rounding allows {}",
                                    v.left, v.right, v.difference, v.slack
                                ),
                                None => format!("FAILS ({})", f.kind.as_str()),
                            },
                            Err(Stop::NotApplicable) => {
                                "does not apply (a claim it reads is not stated)".into()
                            }
                            Err(_) => "stopped (see below)".into(),
                        };
                        self.note_step(e.loc, format!("assert {}", self.src(e.loc)), v);
                    }
                    match verdict {
                        Ok(Verdict::Pass) => *applied = true,
                        Ok(Verdict::Fail(f)) => {
                            *applied = true;
                            out.findings.push(self.finding(rule, *f));
                        }
                        Err(Stop::NotApplicable) => {}
                        Err(stop) => {
                            *applied = true;
                            self.stop(stop, rule, e, out);
                        }
                    }
                }
            }
        }
        self.ctx.message = saved_msg;
        self.vars.truncate(scope);
    }

    fn stop(&mut self, stop: Stop, rule: &'a Rule, e: &Expr, out: &mut Outcome) {
        match stop {
            Stop::NotApplicable => {}
            Stop::Limit => {
                if !self.exhausted {
                    self.exhausted = true;
                    self.bind_errors.push(
                        PackError::new(
                            PackErrorKind::WorkLimit {
                                steps: self.max_steps,
                                report: self.report.path.clone(),
                            },
                            rule.id.loc,
                        )
                        .with_help("a quantifier inside a quantifier over large tables multiplies the work; narrow it with `where`, or raise the limit with --max-eval-steps"),
                    );
                }
            }
            Stop::Bind(err) => self.bind_errors.push(*err),
            Stop::Arith(kind, loc) => {
                let (kind, note) = match kind {
                    ArithError::DivisionByZero => (
                        FindingKind::DivisionByZero,
                        text::division_by_zero(self.src(loc)),
                    ),
                    ArithError::Overflow => (FindingKind::Overflow, text::overflow(self.src(loc))),
                };
                let f = Failure {
                    kind,
                    loc: e.loc,
                    values: None,
                    operands: vec![Operand {
                        loc,
                        label: "here".into(),
                    }],
                    notes: vec![note],
                    sides: None,
                };
                out.findings.push(self.finding(rule, f));
            }
        }
    }

    fn finding(&mut self, rule: &'a Rule, f: Failure) -> Finding {
        let severity = match f.kind {
            FindingKind::Truncated | FindingKind::Nudged => rule.severity.min(Severity::Warning),
            _ => rule.severity,
        };
        // A division by zero or overflow has no sides to show: a message written for a
        // comparison would print `?`, so such findings keep the default message.
        let needs_values = |m: &str| {
            ["{left}", "{right}", "{difference}", "{slack}"]
                .iter()
                .any(|p| m.contains(p))
        };
        let message = match self
            .ctx
            .message
            .filter(|m| f.values.is_some() || f.sides.is_some() || !needs_values(m))
        {
            Some(m) => self.interpolate(m, &f),
            None => default_message(self.src(f.loc), &f),
        };
        let mut cells: Vec<CellRef> = std::mem::take(&mut self.cells)
            .into_iter()
            .map(|t| self.materialise(&t))
            .collect();
        cells.dedup();
        Finding {
            rule: rule.id.text.clone(),
            severity,
            title: rule.title.clone(),
            message,
            kind: f.kind,
            rule_loc: rule.id.loc,
            expr_loc: f.loc,
            values: f.values,
            operands: f.operands,
            cells,
            subject: self.subject(),
            notes: f.notes,
        }
    }

    fn interpolate(&mut self, m: &str, f: &Failure) -> String {
        let mut out = String::new();
        let mut rest = m;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let name = &after[..j];
            let v = match name {
                "left" => f
                    .values
                    .as_ref()
                    .map(|v| v.left.clone())
                    .or_else(|| f.sides.as_ref().map(|s| s.0.clone())),
                "right" => f
                    .values
                    .as_ref()
                    .map(|v| v.right.clone())
                    .or_else(|| f.sides.as_ref().map(|s| s.1.clone())),
                "difference" => f.values.as_ref().map(|v| v.difference.clone()),
                "slack" => f.values.as_ref().map(|v| v.slack.clone()),
                "row" | "claim" => self.subject(),
                "column" => self.ctx.column.map(|c| self.column_name(c).to_string()),
                "note" => f.notes.first().cloned(),
                other => self.named_value(other),
            };
            out.push_str(&v.unwrap_or_else(|| "?".into()));
            rest = &after[j + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The value of a `let` (of the rule, else of the pack) as shown in a message: a row or
    /// claim shows its amount, not its label.
    fn named_value(&mut self, name: &str) -> Option<String> {
        let v = match self.lookup(name) {
            Some(v) => v,
            None => {
                let l = self.pack.let_decl(name)?;
                let saved_cells = self.cells.len();
                let saved_scopes = std::mem::take(&mut self.vars);
                let v = self.eval(&l.value);
                self.vars = saved_scopes;
                self.cells.truncate(saved_cells);
                v.ok()?
            }
        };
        Some(self.show_value(v))
    }

    /// A value for people: numbers as numbers (a row or claim as its amount), else a label.
    fn show_value(&mut self, v: Val<'a>) -> String {
        match v {
            Val::Row(_) | Val::Claim(..) => {
                let saved = self.cells.len();
                let n = self.num(v.clone(), Loc::default());
                self.cells.truncate(saved);
                match n {
                    Ok(n) => display_val(self.report, &Val::Num(n)),
                    Err(_) => display_val(self.report, &v),
                }
            }
            other => display_val(self.report, &other),
        }
    }

    fn bind(&mut self, name: &'a str, v: Val<'a>) {
        self.vars.push((name, v));
    }

    fn lookup_ref(&self, name: &str) -> Option<&Val<'a>> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    fn lookup(&self, name: &str) -> Option<Val<'a>> {
        self.lookup_ref(name).cloned()
    }

    // ---- assertions -------------------------------------------------------------------

    fn assert(&mut self, e: &'a Expr) -> R<Verdict> {
        match &e.kind {
            ExprKind::Paren(inner) => self.assert(inner),
            ExprKind::Compare(operands, ops) => self.compare(e, operands, ops, true),
            ExprKind::And(a, b) => match self.assert(a)? {
                Verdict::Pass => self.assert(b),
                fail => Ok(fail),
            },
            ExprKind::Or(a, b) => match self.assert(a)? {
                Verdict::Pass => Ok(Verdict::Pass),
                Verdict::Fail(_) => self.assert(b),
            },
            ExprKind::If(c, t, f) => {
                let cv = self.eval(c)?;
                if self.truth(cv, c.loc)? {
                    self.assert(t)
                } else {
                    self.assert(f)
                }
            }
            _ => {
                let v = self.eval(e)?;
                if self.truth(v, e.loc)? {
                    Ok(Verdict::Pass)
                } else {
                    Ok(Verdict::Fail(Box::new(Failure {
                        kind: FindingKind::Failed,
                        loc: e.loc,
                        values: None,
                        operands: Vec::new(),
                        notes: Vec::new(),
                        sides: None,
                    })))
                }
            }
        }
    }

    /// Compares; `detail` builds the failure's values and notes (only an assertion needs them).
    fn compare(
        &mut self,
        e: &'a Expr,
        operands: &'a [Expr],
        ops: &[(CmpOp, Loc)],
        detail: bool,
    ) -> R<Verdict> {
        // Every operand is evaluated first: a claim the report does not state makes the
        // comparison not applicable, whatever side it is on and whatever else failed.
        let mut vals: smallvec::SmallVec<[Val<'a>; 2]> =
            smallvec::SmallVec::with_capacity(operands.len());
        let mut first_stop = None;
        for o in operands {
            match self.eval(o) {
                Ok(v) => vals.push(v),
                Err(Stop::NotApplicable) => return Err(Stop::NotApplicable),
                Err(stop) => {
                    if first_stop.is_none() {
                        first_stop = Some(stop);
                    }
                }
            }
        }
        if let Some(stop) = first_stop {
            return Err(stop);
        }
        // Numbers (the usual case) are converted once, by value: no operand is cloned.
        let numeric = vals
            .iter()
            .all(|v| !matches!(v, Val::Bool(_) | Val::Word(_)));
        let nums: smallvec::SmallVec<[Num; 2]> = if numeric {
            let mut nums = smallvec::SmallVec::with_capacity(vals.len());
            for (v, o) in std::mem::take(&mut vals).into_iter().zip(operands) {
                nums.push(self.num(v, o.loc)?);
            }
            nums
        } else {
            smallvec::SmallVec::new()
        };
        for (i, (op, _)) in ops.iter().enumerate() {
            let (la, lb) = (operands[i].loc, operands[i + 1].loc);
            if numeric {
                let (na, nb) = (&nums[i], &nums[i + 1]);
                if self.holds(*op, na, nb) {
                    // Rounding of the amounts may explain a stated percentage that a reader
                    // recomputing from the printed amounts would not get: say so, as a
                    // warning, when it looks truncated or nudged. Only for a ratio of
                    // amounts: a sum of stated shares may honestly miss 100 by residues.
                    if detail
                        && *op == CmpOp::Eq
                        && let Some((stated, computed)) = stated_and_computed(na, nb)
                        && computed.ratio.is_some()
                        && let Some((kind, note)) = percent_diagnosis(stated, computed)
                    {
                        let mut f = self.numeric_failure(e, *op, na, nb, la, lb);
                        f.kind = kind;
                        f.notes = vec![note, text::ROUNDING_COULD_EXPLAIN.into()];
                        return Ok(Verdict::Fail(Box::new(f)));
                    }
                    continue;
                }
                if !detail {
                    return Ok(Verdict::Fail(Box::new(Failure::bare(
                        FindingKind::Mismatch,
                        e.loc,
                    ))));
                }
                return Ok(Verdict::Fail(Box::new(
                    self.numeric_failure(e, *op, na, nb, la, lb),
                )));
            }
            let (a, b) = (&vals[i], &vals[i + 1]);
            let holds = match (a, b) {
                (Val::Bool(x), Val::Bool(y)) => match op {
                    CmpOp::Eq => x == y,
                    _ => x != y,
                },
                (Val::Word(x), Val::Word(y)) => match op {
                    CmpOp::Eq => x == y,
                    _ => x != y,
                },
                // the checker rejects these; a number and a condition or word cannot compare
                _ => {
                    return Err(self.bad(
                        e.loc,
                        "a number cannot be compared with a condition or a word",
                    ));
                }
            };
            if !holds && !detail {
                return Ok(Verdict::Fail(Box::new(Failure::bare(
                    FindingKind::Failed,
                    e.loc,
                ))));
            }
            if !holds {
                let (sa, sb) = (display_val(self.report, a), display_val(self.report, b));
                return Ok(Verdict::Fail(Box::new(Failure {
                    kind: FindingKind::Failed,
                    loc: e.loc,
                    values: None,
                    operands: vec![
                        Operand {
                            loc: la,
                            label: sa.clone(),
                        },
                        Operand {
                            loc: lb,
                            label: sb.clone(),
                        },
                    ],
                    notes: Vec::new(),
                    sides: Some((sa, sb)),
                })));
            }
        }
        Ok(Verdict::Pass)
    }

    fn holds(&self, op: CmpOp, a: &Num, b: &Num) -> bool {
        if let Some(tol) = self.pack.tolerance
            && a.unit != Unit::Percent
            && b.unit != Unit::Percent
        {
            let d = a.mid - b.mid;
            return match op {
                CmpOp::Eq => d.abs() <= tol,
                CmpOp::Ne => d.abs() > tol,
                CmpOp::Lt => d < tol,
                CmpOp::Le => d <= tol,
                CmpOp::Gt => d > -tol,
                CmpOp::Ge => d >= -tol,
            };
        }
        match op {
            CmpOp::Eq => a.can_equal(b),
            CmpOp::Ne => !a.can_equal(b),
            CmpOp::Lt => a.can_be_less(b),
            CmpOp::Le => a.lo <= b.hi,
            CmpOp::Gt => b.can_be_less(a),
            CmpOp::Ge => b.lo <= a.hi,
        }
    }

    fn numeric_failure(
        &mut self,
        e: &Expr,
        op: CmpOp,
        a: &Num,
        b: &Num,
        la: Loc,
        lb: Loc,
    ) -> Failure {
        let pct = a.unit == Unit::Percent || b.unit == Unit::Percent;
        // a written value as written (53%, 0.3); a computed one to two decimals, as amounts and
        // shares are printed (88.00%, 39.60)
        let show_n = |n: &Num| {
            let v = match n.origin {
                _ if n.blank => return "blank".to_string(),
                Origin::Written { .. } => n.mid.to_string(),
                Origin::Computed => fixed2(n.mid),
            };
            if pct { format!("{v}%") } else { v }
        };
        let slack = match self.pack.tolerance {
            Some(t) if !pct => t,
            _ => a.radius() + b.radius(),
        };
        let unit = if pct { "%" } else { "" };
        let values = Values {
            left: show_n(a),
            right: show_n(b),
            difference: format!("{}{unit}", show(a.mid - b.mid, 4)),
            slack: format!("{}{unit}", show(slack, 4)),
        };
        let mut kind = FindingKind::Mismatch;
        let mut notes = Vec::new();
        if op == CmpOp::Eq
            && let Some((stated, computed)) = stated_and_computed(a, b)
        {
            if let Some((k, note)) = percent_diagnosis(stated, computed) {
                kind = k;
                notes.push(note);
            }
            if kind == FindingKind::Mismatch
                && let Some(ratio) = &computed.ratio
            {
                notes.extend(self.other_bases(&ratio.0, &ratio.1, stated));
            }
        }
        if a.blank || b.blank {
            notes.push(text::BLANK_COUNTS_AS_ZERO.into());
        }
        let la_label = values.left.clone();
        Failure {
            kind,
            loc: e.loc,
            sides: Some((values.left.clone(), values.right.clone())),
            values: Some(values),
            operands: vec![
                Operand {
                    loc: la,
                    label: la_label,
                },
                Operand {
                    loc: lb,
                    label: show_n(b),
                },
            ],
            notes,
        }
    }

    /// The pack's `bases` that would make `part / base` match the stated percentage.
    fn other_bases(&mut self, part: &Num, whole: &Num, stated: &Num) -> Vec<String> {
        let mut notes = Vec::new();
        let mut seen: Vec<Decimal> = Vec::new();
        let saved_cells = std::mem::take(&mut self.cells);
        let saved_trace = self.trace.take();
        for b in &self.pack.bases {
            let Ok(v) = self.eval(b) else { continue };
            let Ok(n) = self.num(v, b.loc) else { continue };
            if n.mid == whole.mid || n.mid.is_zero() {
                continue;
            }
            if let Ok(p) = Num::pct(part, &n)
                && p.can_equal(stated)
            {
                let line = text::other_base(
                    &fmt_dec(stated.mid),
                    &show(part.mid, 2),
                    &show(n.mid, 2),
                    &show(p.mid, 4),
                    self.src(b.loc),
                    &show(whole.mid, 2),
                );
                // two bases of the same value explain it equally: name the first
                if !seen.contains(&n.mid) {
                    seen.push(n.mid);
                    notes.push(line);
                }
            }
        }
        self.cells = saved_cells;
        self.trace = saved_trace;
        notes.truncate(2);
        notes
    }

    // ---- expressions ------------------------------------------------------------------

    fn eval(&mut self, e: &'a Expr) -> R<Val<'a>> {
        self.steps += 1;
        if self.steps > self.max_steps {
            return Err(Stop::Limit);
        }
        if self.trace.is_none() {
            return self.eval_inner(e);
        }
        self.depth += 1;
        let cells_before = self.cells.len();
        let r = self.eval_inner(e);
        self.depth -= 1;
        if let Ok(v) = &r {
            self.record(e, v, cells_before);
        }
        r
    }

    fn column_name(&self, c: ColumnRef) -> &'a str {
        let report: &'a Report = self.report;
        &report.tables[c.table].panels[c.panel].columns[c.col].name
    }

    /// Binds a quantifier's variable to one element (a column also becomes the current column
    /// of rows read without one); returns what [`Self::leave`] restores.
    fn enter(&mut self, var: &'a str, item: &Val<'a>) -> Option<ColumnRef> {
        self.vars.push((var, item.clone()));
        match item {
            Val::Column(c) => self.ctx.column.replace(*c),
            _ => self.ctx.column,
        }
    }

    fn leave(&mut self, saved_column: Option<ColumnRef>) {
        self.ctx.column = saved_column;
        self.vars.pop();
    }

    /// Whether a quantifier's element passes its `where` (no filter: it does).
    fn passes(&mut self, filter: Option<&'a Expr>) -> R<bool> {
        match filter {
            None => Ok(true),
            Some(f) => self.eval(f).and_then(|v| self.truth(v, f.loc)),
        }
    }

    /// `EXPR for VAR in LIST where COND`: the values, leaving out unstated claims.
    #[inline(never)]
    fn each(
        &mut self,
        body: &'a Expr,
        var: &'a Name,
        source: &'a Expr,
        filter: Option<&'a Expr>,
    ) -> R<Val<'a>> {
        let src = self.eval(source)?;
        let items = self.elements(src, source.loc)?;
        let mut nums = Vec::new();
        for item in items {
            let saved_column = self.enter(&var.text, &item);
            let r = match self.passes(filter) {
                Ok(true) => self
                    .eval(body)
                    .and_then(|v| self.num(v, body.loc))
                    .map(Some),
                Ok(false) => Ok(None),
                Err(stop) => Err(stop),
            };
            self.leave(saved_column);
            match r {
                Ok(Some(n)) => nums.push(n),
                Ok(None) | Err(Stop::NotApplicable) => {}
                Err(stop) => return Err(stop),
            }
        }
        Ok(Val::Nums(nums))
    }

    /// A statement-level line of `explain`'s trace: a quantifier's element, an assertion's verdict.
    #[cold]
    fn note_step(&mut self, loc: Loc, what: String, value: String) {
        let depth = self.depth;
        if let Some(t) = self.trace.as_mut() {
            t.push(TraceStep {
                depth,
                loc,
                what,
                value,
                cell: None,
            });
        }
    }

    /// One step of `explain`'s trace (kept out of `eval` so the hot path stays small).
    #[cold]
    #[inline(never)]
    fn record(&mut self, e: &'a Expr, v: &Val<'a>, cells_before: usize) {
        let mut cell = (self.cells.len() > cells_before && matches!(e.kind, ExprKind::Ref(_)))
            .then(|| self.cells[self.cells.len() - 1]);
        let shown = match v {
            Val::Num(n) => show_interval(n),
            // a row or claim: show the amount it stands for and the cell it is read from
            Val::Row(_) | Val::Claim(..) => {
                let saved = self.cells.len();
                let n = self.num(v.clone(), e.loc);
                if self.cells.len() > saved {
                    cell = Some(self.cells[self.cells.len() - 1]);
                }
                self.cells.truncate(saved);
                match n {
                    Ok(n) => show_interval(&n),
                    Err(_) => display_val(self.report, v),
                }
            }
            other => display_val(self.report, other),
        };
        let step = TraceStep {
            depth: self.depth,
            loc: e.loc,
            what: self.src(e.loc).to_string(),
            value: shown,
            cell: cell.map(|t| self.materialise(&t)),
        };
        if let Some(t) = self.trace.as_mut() {
            t.push(step);
        }
    }

    fn eval_inner(&mut self, e: &'a Expr) -> R<Val<'a>> {
        Ok(match &e.kind {
            ExprKind::Number(d) => Val::Num(Num::exact(Unit::Scalar, *d)),
            ExprKind::Percent(d) => Val::Num(Num::printed(Unit::Percent, *d, d.scale())),
            ExprKind::Bool(b) => Val::Bool(*b),
            ExprKind::Word(w) => Val::Word(w.clone()),
            ExprKind::Each {
                body,
                var,
                source,
                filter,
            } => self.each(body, var, source, filter.as_deref())?,
            ExprKind::Paren(x) => self.eval(x)?,
            ExprKind::Ref(r) => self.reference(r)?,
            ExprKind::Range(a, b) => Val::Rows(self.range(a, b)?),
            ExprKind::Neg(x) => {
                let v = self.eval(x)?;
                Val::Num(self.num(v, x.loc)?.neg())
            }
            ExprKind::Not(x) => {
                let v = self.eval(x)?;
                Val::Bool(!self.truth(v, x.loc)?)
            }
            ExprKind::And(a, b) => {
                let va = self.eval(a)?;
                if !self.truth(va, a.loc)? {
                    Val::Bool(false)
                } else {
                    let vb = self.eval(b)?;
                    Val::Bool(self.truth(vb, b.loc)?)
                }
            }
            ExprKind::Or(a, b) => {
                let va = self.eval(a)?;
                if self.truth(va, a.loc)? {
                    Val::Bool(true)
                } else {
                    let vb = self.eval(b)?;
                    Val::Bool(self.truth(vb, b.loc)?)
                }
            }
            ExprKind::If(c, t, f) => {
                let cv = self.eval(c)?;
                if self.truth(cv, c.loc)? {
                    self.eval(t)?
                } else {
                    self.eval(f)?
                }
            }
            ExprKind::Arith(op, a, b) => self.arith(e, *op, a, b)?,
            ExprKind::Compare(operands, ops) => {
                let v = self.compare(e, operands, ops, false)?;
                Val::Bool(matches!(v, Verdict::Pass))
            }
            ExprKind::Call(name, args) => self.call(e, name, args)?,
        })
    }

    /// `a + b`, `a - b`, `a * b`, `a / b` on intervals.
    #[inline(never)]
    fn arith(&mut self, e: &'a Expr, op: ArithOp, a: &'a Expr, b: &'a Expr) -> R<Val<'a>> {
        let va = self.eval(a)?;
        let na = self.num(va, a.loc)?;
        let vb = self.eval(b)?;
        let nb = self.num(vb, b.loc)?;
        let unit = result_unit(op, na.unit, nb.unit);
        let r = match op {
            ArithOp::Add => na.add(&nb, unit),
            ArithOp::Sub => na.sub(&nb, unit),
            ArithOp::Mul => {
                // an amount times a percentage is an amount: scale the percentage
                if na.unit == Unit::Percent && nb.unit == Unit::Amount
                    || nb.unit == Unit::Percent && na.unit == Unit::Amount
                {
                    na.mul(&nb, unit)
                        .and_then(|x| x.div(&Num::exact(Unit::Scalar, Decimal::ONE_HUNDRED), unit))
                } else {
                    na.mul(&nb, unit)
                }
            }
            ArithOp::Div => na.div(&nb, unit),
        };
        Ok(Val::Num(r.map_err(|k| Stop::Arith(k, e.loc))?))
    }

    fn truth(&mut self, v: Val<'a>, loc: Loc) -> R<bool> {
        match v {
            Val::Bool(b) => Ok(b),
            _ => Err(self.bad(loc, "this is not a condition")),
        }
    }

    fn bad(&self, loc: Loc, reason: &str) -> Stop {
        Stop::Bind(Box::new(PackError::new(
            PackErrorKind::BadReference {
                reference: self.src(loc).to_string(),
                reason: reason.to_string(),
            },
            loc,
        )))
    }

    /// The number a value stands for: a cell's amount, a claim's 金额, a row's value in the
    /// current column.
    fn num(&mut self, v: Val<'a>, loc: Loc) -> R<Num> {
        match v {
            Val::Num(n) => Ok(n),
            Val::Row(r) => self.cell(r, loc),
            Val::Claim(s, c) => self.claim_attr(s, c, "金额", loc),
            Val::Rows(rows) => {
                if rows.len() == 1 {
                    self.cell(rows[0], loc)
                } else {
                    Err(self.bad(
                        loc,
                        &format!("this is {} rows; add them up with sum(…)", rows.len()),
                    ))
                }
            }
            _ => Err(self.bad(loc, "this is not a number")),
        }
    }

    fn cell(&mut self, r: RowRef, loc: Loc) -> R<Num> {
        let table = &self.report.tables[r.table];
        let panel = &table.panels[r.panel];
        let row = &panel.rows[r.row];
        let col = match r.col {
            Some(c) => c,
            None => match self.ctx.column.and_then(|c| {
                if (c.table, c.panel) == (r.table, r.panel) {
                    Some(c.col)
                } else {
                    // the current column of another panel: the column of this one with its name
                    panel.column_named(self.column_name(c))
                }
            }) {
                Some(c) => c,
                None if panel.columns.len() == 1 => 0,
                None => {
                    return Err(Stop::Bind(Box::new(
                        PackError::new(
                            PackErrorKind::NeedsColumn {
                                reference: self.src(loc).to_string(),
                                count: panel.columns.len(),
                            },
                            loc,
                        )
                        .with_help(format!(
                            "name a column: {}",
                            panel
                                .columns
                                .iter()
                                .map(|c| format!("`{}`", c.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    )));
                }
            },
        };
        let Some(cell) = row.cells.get(col) else {
            return Err(self.bad(loc, "the row has fewer cells than columns"));
        };
        self.cells.push(Touch::Cell { r, col, loc });
        Ok(match cell.value {
            None => Num::blank(Unit::Amount),
            Some(v) => self.amount(v),
        })
    }

    fn amount(&self, v: Decimal) -> Num {
        match self.pack.tolerance {
            Some(_) => Num::exact(Unit::Amount, v),
            None => Num::printed(Unit::Amount, v, self.report.precision),
        }
    }

    fn claim_attr(&mut self, s: &'a Section, c: &'a Claim, attr: &str, loc: Loc) -> R<Num> {
        let _ = loc;
        let Some((name, stated)) = c.attrs.iter().find(|(k, _)| k == attr) else {
            return Err(Stop::NotApplicable);
        };
        self.cells.push(Touch::Claim {
            s,
            c,
            attr: name.as_str(),
            stated,
        });
        match &stated.value {
            StatedValue::Amount(d) => Ok(self.amount(*d)),
            StatedValue::Percent(d) => Ok(Num::printed(Unit::Percent, *d, d.scale())),
            StatedValue::Count(d) => Ok(Num::exact(Unit::Scalar, *d)),
            StatedValue::Word(_) => {
                Err(self.bad(loc, "this claim attribute is a word, not a number"))
            }
        }
    }

    // ---- references -------------------------------------------------------------------

    fn reference(&mut self, r: &'a Reference) -> R<Val<'a>> {
        let h = r.head.text.as_str();
        if let Some(v) = self.lookup_ref(h) {
            // rows and claims are copied, not cloned through the whole enum
            let v = match v {
                Val::Row(row) => Val::Row(*row),
                Val::Claim(s, c) => Val::Claim(s, c),
                other => other.clone(),
            };
            return self.var_segments(v, r);
        }
        // A reference node that resolved once resolves the same way again in this report:
        // scoping is lexical, so no variable can shadow its head at one visit and not another.
        let key = r as *const Reference as usize;
        if let Some(row) = self.resolved.get(&key) {
            return Ok(Val::Row(*row));
        }
        if let Some(&(s, c)) = self.claims.get(&key) {
            return match r.segments.get(2) {
                None => Ok(Val::Claim(s, c)),
                Some(attr) => self.claim_value(s, c, &attr.kind.text(), r.loc),
            };
        }
        if h == "说明" {
            return self.claim_ref(r);
        }
        if let Some(decl) = self.pack.table(h) {
            let t = self.table(decl)?;
            let v = self.table_ref(t, decl, &r.segments, r)?;
            if let Val::Row(row) = v {
                self.resolved.insert(key, row);
            }
            return Ok(v);
        }
        if let Some(l) = self.pack.let_decl(h) {
            if self.let_stack.iter().any(|n| n == h) {
                return Err(Stop::Bind(Box::new(PackError::new(
                    PackErrorKind::CyclicLet {
                        name: h.to_string(),
                        chain: self.let_stack.join(" → "),
                    },
                    r.loc,
                ))));
            }
            if self.let_stack.len() > super::check::MAX_LET_DEPTH {
                return Err(Stop::Bind(Box::new(PackError::new(
                    PackErrorKind::TooComplex {
                        what: format!("the chain of definitions that `{h}` uses"),
                        limit: super::check::MAX_LET_DEPTH,
                    },
                    r.loc,
                ))));
            }
            self.let_stack.push(h.to_string());
            let saved = std::mem::take(&mut self.vars);
            let v = self.eval(&l.value);
            self.vars = saved;
            self.let_stack.pop();
            return self.var_segments(v?, r);
        }
        if let Some(row) = self.ctx.in_row
            && r.segments.is_empty()
        {
            let panel = &self.report.tables[row.table].panels[row.panel];
            return match find_column(panel, h) {
                Some(c) => Ok(Val::Row(RowRef {
                    col: Some(c),
                    ..row
                })),
                None => Err(self.unknown_column(row.table, row.panel, h, r.head.loc)),
            };
        }
        Err(Stop::Bind(Box::new(PackError::new(
            PackErrorKind::UnknownName {
                name: h.to_string(),
            },
            r.head.loc,
        ))))
    }

    fn var_segments(&mut self, v: Val<'a>, r: &'a Reference) -> R<Val<'a>> {
        let segs = &r.segments;
        if segs.is_empty() {
            return Ok(v);
        }
        match v {
            Val::Row(row) if segs.len() == 1 => {
                let panel = &self.report.tables[row.table].panels[row.panel];
                let key = (&segs[0] as *const Segment as usize, row.table, row.panel);
                // found or not, the answer is the same for every row of the panel
                let col = match self.columns.get(&key) {
                    Some(&c) => c,
                    None => {
                        let c = match &segs[0].kind {
                            SegmentKind::Name(n) => find_column(panel, n),
                            SegmentKind::Column(n) => panel.column_by_number(*n),
                            SegmentKind::Line(_) | SegmentKind::Code(_) => None,
                        };
                        self.columns.insert(key, c);
                        c
                    }
                };
                match col {
                    Some(c) => Ok(Val::Row(RowRef {
                        col: Some(c),
                        ..row
                    })),
                    None => Err(self.unknown_column(
                        row.table,
                        row.panel,
                        &segs[0].kind.display(),
                        segs[0].loc,
                    )),
                }
            }
            Val::Claim(s, c) if segs.len() == 1 => {
                let attr = segs[0].kind.text();
                self.claim_value(s, c, &attr, segs[0].loc)
            }
            Val::Claims(s) => {
                let c = s
                    .claim_normalized(&segs[0].norm)
                    .ok_or(Stop::NotApplicable)?;
                match segs.get(1) {
                    None => Ok(Val::Claim(s, c)),
                    Some(seg) => self.claim_value(s, c, &seg.kind.text(), seg.loc),
                }
            }
            _ => Err(self.bad(r.loc, "this value has no parts")),
        }
    }

    fn claim_value(&mut self, s: &'a Section, c: &'a Claim, attr: &str, loc: Loc) -> R<Val<'a>> {
        if let Some(st) = c.attr(attr)
            && let StatedValue::Word(w) = &st.value
        {
            return Ok(Val::Word(w.clone()));
        }
        Ok(Val::Num(self.claim_attr(s, c, attr, loc)?))
    }

    fn claim_ref(&mut self, r: &'a Reference) -> R<Val<'a>> {
        let segs = &r.segments;
        let Some(sec_seg) = segs.first() else {
            return Err(self.bad(r.loc, "name a section"));
        };
        let key = sec_seg.kind.text().into_owned();
        let Some(section) = self.report.section(&key) else {
            // A standard section the report does not have: the claims are not stated. Any
            // other key is a typo until a report has it.
            if SECTION_KEYS.contains(&key.as_str()) {
                return Err(Stop::NotApplicable);
            }
            let mut keys: Vec<&str> = SECTION_KEYS.to_vec();
            keys.extend(self.report.narrative.iter().map(|s| s.key.as_str()));
            let help = suggest(&key, keys.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    format!("the standard section keys are {}", SECTION_KEYS.join("、"))
                });
            let mut e = PackError::new(PackErrorKind::UnknownSection { section: key }, sec_seg.loc)
                .with_help(help);
            e.report = Some((self.report.path.clone(), 1, 1));
            return Err(Stop::Bind(Box::new(e)));
        };
        let Some(subj) = segs.get(1) else {
            return Ok(Val::Claims(section));
        };
        let Some(claim) = section.claim_normalized(&subj.norm) else {
            return Err(Stop::NotApplicable);
        };
        self.claims
            .insert(r as *const Reference as usize, (section, claim));
        match segs.get(2) {
            None => Ok(Val::Claim(section, claim)),
            Some(attr) => self.claim_value(section, claim, &attr.kind.display(), r.loc),
        }
    }

    fn table(&mut self, decl: &TableDecl) -> R<usize> {
        if let Some(r) = self.tables.get(&decl.alias.text) {
            return r.clone().map_err(Stop::Bind);
        }
        // through the report's index of titles and aliases
        let found = decl
            .titles
            .iter()
            .find_map(|t| self.report.table_index(&t.text));
        let r = found.ok_or_else(|| {
            let titles: Vec<&str> = self
                .report
                .tables
                .iter()
                .map(|t| t.title.as_str())
                .collect();
            let help = decl
                .titles
                .iter()
                .find_map(|t| suggest(&t.text, titles.iter().copied()))
                .map(|s| {
                    format!(
                        "did you mean \"{s}\"? add it to the alias: table {} = … | \"{s}\"",
                        decl.alias.text
                    )
                })
                .unwrap_or_else(|| format!("the report's tables are: {}", titles.join("、")));
            let mut e = PackError::new(
                PackErrorKind::TableNotInReport {
                    titles: decl
                        .titles
                        .iter()
                        .map(|t| format!("\"{}\"", t.text))
                        .collect::<Vec<_>>()
                        .join(" or "),
                },
                decl.alias.loc,
            )
            .with_help(help);
            e.report = Some((self.report.path.clone(), 1, 1));
            Box::new(e)
        });
        self.tables.insert(decl.alias.text.clone(), r.clone());
        r.map_err(Stop::Bind)
    }

    fn table_ref(
        &mut self,
        t: usize,
        decl: &TableDecl,
        segs: &'a [Segment],
        r: &'a Reference,
    ) -> R<Val<'a>> {
        let table = &self.report.tables[t];
        let all: Vec<usize> = (0..table.panels.len()).collect();
        if segs.is_empty() {
            return Ok(Val::Rows(self.panel_rows(t, &all)));
        }
        let mut i = 0;
        let mut panels = all.clone();
        if let SegmentKind::Name(_) = &segs[0].kind
            && let Some(p) = table
                .panels
                .iter()
                .position(|p| p.norm_name.as_deref() == Some(segs[0].norm.as_str()))
            && (table.panels.len() > 1 || find_rows(&table.panels[p], &segs[0]).is_empty())
        {
            panels = vec![p];
            i = 1;
            if segs.len() == 1 {
                return Ok(Val::Rows(self.panel_rows(t, &panels)));
            }
        }
        let seg = &segs[i];
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for &p in &panels {
            for row in find_rows(&table.panels[p], seg) {
                matches.push((p, row));
            }
        }
        if matches.is_empty()
            && let SegmentKind::Name(n) = &seg.kind
        {
            // suffix match: `收入合计` finds `本年收入合计` when only one label ends so
            let norm = normalize_name(n);
            for &p in &panels {
                for (ri, row) in table.panels[p].rows.iter().enumerate() {
                    if row
                        .name
                        .as_ref()
                        .is_some_and(|rn| normalize_name(&rn.text).ends_with(&norm))
                    {
                        matches.push((p, ri));
                    }
                }
            }
            // a column of a one-row panel (the 三公 table prints one unlabelled row)
            if matches.is_empty() {
                for &p in &panels {
                    let panel = &table.panels[p];
                    if panel.rows.len() == 1
                        && let Some(c) = find_column(panel, n)
                    {
                        if i + 1 < segs.len() {
                            return Err(self.bad(segs[i + 1].loc, "nothing comes after a column"));
                        }
                        return Ok(Val::Row(RowRef {
                            table: t,
                            panel: p,
                            row: 0,
                            col: Some(c),
                        }));
                    }
                }
            }
        }
        if matches.len() > 1 {
            let panels_hit: Vec<usize> = {
                let mut v: Vec<usize> = matches.iter().map(|m| m.0).collect();
                v.dedup();
                v
            };
            if panels_hit.len() > 1
                && let Some(dp) = &decl.default_panel
                && let Some(p) = table.panels.iter().position(|p| {
                    p.name
                        .as_deref()
                        .is_some_and(|pn| normalize_name(pn) == normalize_name(&dp.text))
                })
            {
                matches.retain(|m| m.0 == p);
            }
        }
        let (p, row) = match matches.len() {
            1 => matches[0],
            // inside has(…) only the answer matters, not the suggestion
            0 if self.probing => return Err(Stop::NotApplicable),
            0 => {
                let mut names: Vec<&str> = Vec::new();
                for &p in &panels {
                    names.extend(
                        table.panels[p]
                            .rows
                            .iter()
                            .filter_map(|r| r.name.as_ref().map(|n| n.text.as_str())),
                    );
                }
                let help = match &seg.kind {
                    SegmentKind::Name(n) => {
                        suggest(n, names.iter().copied()).map(|s| format!("did you mean `{s}`?"))
                    }
                    SegmentKind::Code(_) => {
                        Some("no row has this code; codes are 3, 5 or 7 digits (类, 款, 项)".into())
                    }
                    SegmentKind::Line(_) => Some("no row has this 行次".into()),
                    SegmentKind::Column(_) => {
                        Some("第N栏 names a column; put a row before it".into())
                    }
                };
                let mut e = PackError::new(
                    PackErrorKind::UnknownRow {
                        table: format!("{} ({})", r.head.text, table.title),
                        row: seg.kind.display(),
                    },
                    seg.loc,
                )
                .with_help_opt(help);
                e.report = Some((self.report.path.clone(), table.span.line, table.span.column));
                return Err(Stop::Bind(Box::new(e)));
            }
            _ => {
                let candidates = matches
                    .iter()
                    .map(|&(p, ri)| {
                        let pn = table.panels[p]
                            .name
                            .as_deref()
                            .map(|n| format!("{n}."))
                            .unwrap_or_default();
                        let row = &table.panels[p].rows[ri];
                        format!(
                            "`{}.{pn}{}` (line {})",
                            r.head.text,
                            row.name.as_ref().map_or(row.label(), |n| n.text.clone()),
                            row.span.line
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let e = PackError::new(
                    PackErrorKind::AmbiguousRow {
                        table: format!("{} ({})", r.head.text, table.title),
                        row: seg.kind.display(),
                        candidates,
                    },
                    seg.loc,
                )
                .with_help(format!(
                    "name the panel (e.g. `{}.{}.{}`), or declare a default panel: table {} = \"…\" default {}",
                    r.head.text,
                    table.panels[matches[0].0].name.as_deref().unwrap_or("收入"),
                    seg.kind.display(),
                    r.head.text,
                    table.panels[matches[0].0].name.as_deref().unwrap_or("收入"),
                ));
                return Err(Stop::Bind(Box::new(e)));
            }
        };
        i += 1;
        let mut col = None;
        if let Some(cseg) = segs.get(i) {
            let panel = &table.panels[p];
            col = match &cseg.kind {
                SegmentKind::Name(n) => find_column(panel, n),
                SegmentKind::Column(n) => panel.column_by_number(*n),
                _ => None,
            };
            if col.is_none() {
                return Err(self.unknown_column(t, p, &cseg.kind.display(), cseg.loc));
            }
            i += 1;
        }
        if let Some(extra) = segs.get(i) {
            return Err(self.bad(
                extra.loc,
                "a cell reference is table.[panel.]row[.column]; this part is one too many",
            ));
        }
        Ok(Val::Row(RowRef {
            table: t,
            panel: p,
            row,
            col,
        }))
    }

    fn panel_rows(&self, t: usize, panels: &[usize]) -> Vec<RowRef> {
        let table = &self.report.tables[t];
        panels
            .iter()
            .flat_map(|&p| {
                (0..table.panels[p].rows.len()).map(move |row| RowRef {
                    table: t,
                    panel: p,
                    row,
                    col: None,
                })
            })
            .collect()
    }

    fn unknown_column(&self, t: usize, p: usize, name: &str, loc: Loc) -> Stop {
        if self.probing {
            return Stop::NotApplicable;
        }
        let table = &self.report.tables[t];
        let panel = &table.panels[p];
        let names: Vec<&str> = panel.columns.iter().map(|c| c.name.as_str()).collect();
        let help = suggest(name, names.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| format!("the columns are: {}", names.join("、")));
        Stop::Bind(Box::new(
            PackError::new(
                PackErrorKind::UnknownColumn {
                    table: table.title.clone(),
                    column: name.to_string(),
                },
                loc,
            )
            .with_help(help),
        ))
    }

    fn range(&mut self, a: &'a Reference, b: &'a Reference) -> R<Vec<RowRef>> {
        let Val::Row(start) = self.reference(a)? else {
            return Err(self.bad(a.loc, "a range runs from one row to another"));
        };
        let end = if self.pack.table(&b.head.text).is_some() {
            self.reference(b)?
        } else {
            // `..第8行` or `..其他收入`: relative to the start's table and panel
            let kind = parse_line_name(&b.head.text);
            let norm = normalize_name(&b.head.text);
            let panel = &self.report.tables[start.table].panels[start.panel];
            let rows = find_rows(
                panel,
                &Segment {
                    kind,
                    loc: b.loc,
                    norm,
                },
            );
            match rows.as_slice() {
                [r] => Val::Row(RowRef { row: *r, ..start }),
                _ => return Err(self.bad(
                    b.loc,
                    "this row is not in the same panel as the start of the range, or is ambiguous",
                )),
            }
        };
        let Val::Row(end) = end else {
            return Err(self.bad(b.loc, "a range runs from one row to another"));
        };
        if (end.table, end.panel) != (start.table, start.panel) {
            return Err(self.bad(
                b.loc,
                "both ends of a range must be in the same table and panel",
            ));
        }
        let (lo, hi) = (start.row.min(end.row), start.row.max(end.row));
        Ok((lo..=hi)
            .map(|row| RowRef {
                row,
                col: start.col,
                ..start
            })
            .collect())
    }

    /// The elements a `for` runs over.
    fn elements(&mut self, v: Val<'a>, loc: Loc) -> R<Vec<Val<'a>>> {
        let report = self.report;
        Ok(match v {
            Val::Rows(rows) => rows.into_iter().map(Val::Row).collect(),
            Val::Row(r) => vec![Val::Row(r)],
            Val::Claims(s) => s.claims.iter().map(|c| Val::Claim(s, c)).collect(),
            Val::Columns(t, p) => (0..report.tables[t].panels[p].columns.len())
                .map(|col| {
                    Val::Column(ColumnRef {
                        table: t,
                        panel: p,
                        col,
                    })
                })
                .collect(),
            _ => return Err(self.bad(loc, "`for` runs over rows, columns or claims")),
        })
    }

    /// The rows, claims or columns the quantifiers are at: `支出 › 一、一般公共服务支出`.
    fn subject(&self) -> Option<String> {
        if self.subjects.is_empty() {
            return None;
        }
        let labels: Vec<String> = self
            .subjects
            .iter()
            .map(|v| match v {
                Val::Row(r) => row_label(self.report, *r),
                Val::Claim(_, c) => c.subject.text.clone(),
                Val::Column(c) => self.column_name(*c).to_string(),
                other => display_val(self.report, other),
            })
            .collect();
        Some(labels.join(" › "))
    }

    /// A cell or claim read, as text for a finding.
    fn materialise(&self, t: &Touch<'a>) -> CellRef {
        match *t {
            Touch::Cell { r, col, loc } => {
                let table = &self.report.tables[r.table];
                let panel = &table.panels[r.panel];
                let row = &panel.rows[r.row];
                let column = &panel.columns[col];
                let cell = &row.cells[col];
                let mut place = vec![table.title.clone()];
                if let Some(p) = &panel.name {
                    place.push(p.clone());
                }
                place.push(row.label());
                place.push(column.name.clone());
                let unlabelled = row.name.is_none() && row.code.is_none() && row.line.is_none();
                let short = if unlabelled {
                    // the one unlabelled row of the 三公 table: its column says it all
                    column.name.clone()
                } else if panel.columns.len() > 1 {
                    format!("{}.{}", row.label(), column.name)
                } else {
                    row.label()
                };
                CellRef {
                    reference: self.src(loc).to_string(),
                    place: place.join(" › "),
                    short,
                    value: cell.value.map(|v| v.to_string()),
                    span: cell.span,
                }
            }
            Touch::Claim { s, c, attr, stated } => CellRef {
                reference: format!("说明.{}.{}.{}", s.key, c.subject.text, attr),
                place: format!("{} › {} › {}", s.title, c.subject.text, attr),
                short: format!("{}.{}", c.subject.text, attr),
                value: Some(match &stated.value {
                    StatedValue::Amount(d) | StatedValue::Count(d) => d.to_string(),
                    StatedValue::Percent(d) => format!("{d}%"),
                    StatedValue::Word(w) => w.clone(),
                }),
                span: stated.span,
            },
        }
    }

    // ---- functions --------------------------------------------------------------------

    #[inline(never)]
    fn call(&mut self, e: &'a Expr, name: &Name, args: &'a [Expr]) -> R<Val<'a>> {
        let arith = |r: Arith| r.map_err(|k| Stop::Arith(k, e.loc));
        match name.text.as_str() {
            "sum" => {
                // folded as the values come: no list of the values is built
                let mut acc = Num::zero(Unit::Scalar);
                let mut unit = Unit::Scalar;
                let mut add = |n: Num| -> R<()> {
                    if unit == Unit::Scalar {
                        unit = n.unit;
                    }
                    acc = arith(acc.add(&n, unit))?;
                    Ok(())
                };
                for a in args {
                    match self.eval(a)? {
                        Val::Rows(rows) => {
                            for r in rows {
                                let n = self.cell(r, a.loc)?;
                                add(n)?;
                            }
                        }
                        Val::Claims(s) => {
                            for c in &s.claims {
                                if c.attr("金额").is_some() {
                                    let n = self.claim_attr(s, c, "金额", a.loc)?;
                                    add(n)?;
                                }
                            }
                        }
                        Val::Nums(ns) => {
                            for n in ns {
                                add(n)?;
                            }
                        }
                        other => {
                            let n = self.num(other, a.loc)?;
                            add(n)?;
                        }
                    }
                }
                acc.unit = unit;
                Ok(Val::Num(acc))
            }
            "min" | "max" => {
                let mut items = Vec::new();
                for a in args {
                    let v = self.eval(a)?;
                    match v {
                        Val::Rows(rows) => {
                            for r in rows {
                                items.push(self.cell(r, a.loc)?);
                            }
                        }
                        Val::Claims(s) => {
                            for c in &s.claims {
                                if c.attr("金额").is_some() {
                                    items.push(self.claim_attr(s, c, "金额", a.loc)?);
                                }
                            }
                        }
                        Val::Nums(ns) => items.extend(ns),
                        other => items.push(self.num(other, a.loc)?),
                    }
                }
                let unit = items
                    .iter()
                    .map(|n| n.unit)
                    .find(|u| *u != Unit::Scalar)
                    .unwrap_or(Unit::Scalar);
                if name.text == "sum" {
                    let mut acc = Num::zero(unit);
                    for n in &items {
                        acc = arith(acc.add(n, unit))?;
                    }
                    Ok(Val::Num(acc))
                } else {
                    let pick = items.into_iter().reduce(|a, b| {
                        let take_b = if name.text == "min" {
                            b.mid < a.mid
                        } else {
                            b.mid > a.mid
                        };
                        if take_b { b } else { a }
                    });
                    Ok(Val::Num(pick.unwrap_or_else(|| Num::zero(unit))))
                }
            }
            "pct" => {
                let v = self.eval(&args[0])?;
                let part = self.num(v, args[0].loc)?;
                let whole = match args.get(1) {
                    Some(w) => {
                        let v = self.eval(w)?;
                        self.num(v, w.loc)?
                    }
                    None => match &self.ctx.base {
                        Some(b) => b.clone(),
                        None => return Err(self.bad(e.loc, "one-argument pct needs a base: write it inside `in ROW base TOTAL { … }`, or give the whole: pct(part, whole)")),
                    },
                };
                Ok(Val::Num(arith(Num::pct(&part, &whole))?))
            }
            "growth" => {
                let v = self.eval(&args[0])?;
                let current = self.num(v, args[0].loc)?;
                let v = self.eval(&args[1])?;
                let change = self.num(v, args[1].loc)?;
                let prior = arith(current.sub(&change, Unit::Amount))?;
                Ok(Val::Num(arith(Num::pct(&change, &prior))?))
            }
            "abs" => {
                let v = self.eval(&args[0])?;
                Ok(Val::Num(self.num(v, args[0].loc)?.abs()))
            }
            "sign" => {
                let v = self.eval(&args[0])?;
                let n = self.num(v, args[0].loc)?;
                let s = if n.mid.is_zero() {
                    Decimal::ZERO
                } else if n.mid.is_sign_negative() {
                    Decimal::NEGATIVE_ONE
                } else {
                    Decimal::ONE
                };
                Ok(Val::Num(Num::exact(Unit::Scalar, s)))
            }
            "blank" => {
                let v = self.eval(&args[0])?;
                Ok(Val::Bool(match v {
                    Val::Rows(rows) => {
                        let mut all = true;
                        for r in rows {
                            all &= self.cell(r, args[0].loc)?.blank;
                        }
                        all
                    }
                    other => self.num(other, args[0].loc)?.blank,
                }))
            }
            "has" => {
                let saved = self.cells.len();
                let probing = std::mem::replace(&mut self.probing, true);
                let r = self.eval(&args[0]);
                self.probing = probing;
                self.cells.truncate(saved);
                Ok(Val::Bool(match r {
                    Ok(_) => true,
                    Err(Stop::Bind(_) | Stop::NotApplicable) => false,
                    Err(s) => return Err(s),
                }))
            }
            "exists" => {
                let ExprKind::Ref(r) = &args[0].kind else {
                    return Err(self.bad(args[0].loc, "exists(…) takes a table alias"));
                };
                let Some(decl) = self.pack.table(&r.head.text) else {
                    return Err(self.bad(args[0].loc, "exists(…) takes a table alias"));
                };
                Ok(Val::Bool(self.table(decl).is_ok()))
            }
            "level" => {
                let r = self.row_arg(&args[0])?;
                let row = &self.report.tables[r.table].panels[r.panel].rows[r.row];
                Ok(Val::Num(Num::exact(
                    Unit::Scalar,
                    Decimal::from(row.level().unwrap_or(0)),
                )))
            }
            "children" => {
                let r = self.row_arg(&args[0])?;
                let panel = &self.report.tables[r.table].panels[r.panel];
                let code = panel.rows[r.row]
                    .code
                    .as_ref()
                    .map(|c| c.text.as_str())
                    .unwrap_or("");
                let kids: &[usize] = if code.is_empty() {
                    &[]
                } else {
                    panel.children_of(code)
                };
                Ok(Val::Rows(
                    kids.iter().map(|&row| RowRef { row, ..r }).collect(),
                ))
            }
            "rows" => {
                let v = self.eval(&args[0])?;
                let lv = self.eval(&args[1])?;
                let level = self.num(lv, args[1].loc)?.mid;
                let rows = match v {
                    Val::Rows(rows) => rows,
                    Val::Row(r) => vec![r],
                    _ => return Err(self.bad(args[0].loc, "rows(…) takes a table or panel")),
                };
                let report = self.report;
                Ok(Val::Rows(
                    rows.into_iter()
                        .filter(|r| {
                            report.tables[r.table].panels[r.panel].rows[r.row]
                                .level()
                                .map(Decimal::from)
                                == Some(level)
                        })
                        .collect(),
                ))
            }
            "columns" => {
                let v = self.eval(&args[0])?;
                match v {
                    Val::Row(r) => Ok(Val::Columns(r.table, r.panel)),
                    Val::Rows(rows) if !rows.is_empty() => {
                        Ok(Val::Columns(rows[0].table, rows[0].panel))
                    }
                    _ => Err(self.bad(args[0].loc, "columns(…) takes a table or a row")),
                }
            }
            "row" => {
                let panels = self.panels_of(&args[0])?;
                let key = match self.eval(&args[1])? {
                    Val::Claim(_, claim) => (
                        claim.code.as_ref().map(|c| c.text.clone()),
                        claim.subject.text.clone(),
                    ),
                    Val::Row(r) => {
                        let row = &self.report.tables[r.table].panels[r.panel].rows[r.row];
                        (
                            row.code.as_ref().map(|c| c.text.clone()),
                            row.name
                                .as_ref()
                                .map(|n| n.text.clone())
                                .unwrap_or_default(),
                        )
                    }
                    _ => {
                        return Err(self.bad(
                            args[1].loc,
                            "row(table, x) takes a narrative claim or a row second",
                        ));
                    }
                };
                // by code when there is one, else by label, through the panels' indexes
                let report = self.report;
                let hit = panels.iter().find_map(|&(t, p)| {
                    let panel = &report.tables[t].panels[p];
                    // by code, else by label (01 and 04 print no codes)
                    let row = key
                        .0
                        .as_deref()
                        .and_then(|code| panel.row_by_code(code))
                        .or_else(|| panel.rows_named(&key.1).first().copied())?;
                    Some(RowRef {
                        table: t,
                        panel: p,
                        row,
                        col: None,
                    })
                });
                hit.map(Val::Row).ok_or(Stop::NotApplicable)
            }
            "within" => {
                // the code and label of the first argument (a claim or a row)
                let (code, label) = match self.eval(&args[0])? {
                    Val::Claim(_, c) => (
                        c.code.as_ref().map(|x| x.text.clone()),
                        c.subject.text.clone(),
                    ),
                    Val::Row(r) => {
                        let row = &self.report.tables[r.table].panels[r.panel].rows[r.row];
                        (
                            row.code.as_ref().map(|x| x.text.clone()),
                            row.name
                                .as_ref()
                                .map(|n| n.text.clone())
                                .unwrap_or_default(),
                        )
                    }
                    _ => {
                        return Err(
                            self.bad(args[0].loc, "within(x, r) takes a claim or a row first")
                        );
                    }
                };
                let r = self.row_arg(&args[1])?;
                let row = &self.report.tables[r.table].panels[r.panel].rows[r.row];
                let inside = match (&code, &row.code) {
                    // by code: 2013701 is within 201 and 20137
                    (Some(c), Some(rc)) => {
                        c.starts_with(rc.text.as_str()) && c.len() > rc.text.len()
                    }
                    // by label: 一般公共服务（类）网信事务（款）… is within 一、一般公共服务支出
                    _ => {
                        let class =
                            normalize_name(row.name.as_ref().map_or("", |n| n.text.as_str()));
                        let class = class.strip_suffix("支出").unwrap_or(&class);
                        !class.is_empty() && normalize_name(&label).starts_with(class)
                    }
                };
                Ok(Val::Bool(inside))
            }
            "empty" => {
                // every cell of every row, in every column, is blank or 0
                let rows = match self.eval(&args[0])? {
                    Val::Rows(rows) => rows,
                    Val::Row(r) => vec![r],
                    _ => {
                        return Err(
                            self.bad(args[0].loc, "empty(…) takes a table, panel or list of rows")
                        );
                    }
                };
                let report = self.report;
                Ok(Val::Bool(rows.iter().all(|r| {
                    report.tables[r.table].panels[r.panel].rows[r.row]
                        .cells
                        .iter()
                        .all(|c| c.value.is_none_or(|v| v.is_zero()))
                })))
            }
            "note" => {
                let v = self.eval(&args[0])?;
                let t = match v {
                    Val::Rows(rows) if !rows.is_empty() => rows[0].table,
                    Val::Row(r) => r.table,
                    _ => return Err(self.bad(args[0].loc, "note(…) takes a table first")),
                };
                let Val::Word(w) = self.eval(&args[1])? else {
                    return Err(self.bad(
                        args[1].loc,
                        "note(table, \"word\") takes a quoted word second",
                    ));
                };
                let wanted = normalize_name(&w);
                Ok(Val::Bool(
                    self.report.tables[t]
                        .notes
                        .iter()
                        .any(|n| normalize_name(n).contains(&wanted)),
                ))
            }
            "count" => {
                let v = self.eval(&args[0])?;
                let n = match v {
                    Val::Rows(r) => r.len(),
                    Val::Claims(s) => s.claims.len(),
                    Val::Nums(ns) => ns.len(),
                    _ => 1,
                };
                Ok(Val::Num(Num::exact(Unit::Scalar, Decimal::from(n))))
            }
            other => Err(Stop::Bind(Box::new(PackError::new(
                PackErrorKind::UnknownFunction {
                    name: other.to_string(),
                },
                name.loc,
            )))),
        }
    }

    /// The (table, panel) pairs a table or panel expression stands for, without listing its
    /// rows: `row(t03, r)` inside a quantifier over a large table stays linear.
    fn panels_of(&mut self, e: &'a Expr) -> R<Vec<(usize, usize)>> {
        let key = e as *const Expr as usize;
        if let Some(p) = self.panel_sets.get(&key) {
            return Ok(p.clone());
        }
        let cacheable = matches!(&e.kind, ExprKind::Ref(r) if self.lookup_ref(&r.head.text).is_none() && self.pack.table(&r.head.text).is_some());
        let panels: Vec<(usize, usize)> = match self.eval(e)? {
            Val::Rows(rows) => {
                let mut p: Vec<(usize, usize)> = rows.iter().map(|r| (r.table, r.panel)).collect();
                p.dedup();
                p
            }
            Val::Row(r) => vec![(r.table, r.panel)],
            _ => return Err(self.bad(e.loc, "this takes a table or panel")),
        };
        if cacheable {
            self.panel_sets.insert(key, panels.clone());
        }
        Ok(panels)
    }

    fn row_arg(&mut self, a: &'a Expr) -> R<RowRef> {
        match self.eval(a)? {
            Val::Row(r) => Ok(r),
            Val::Rows(rows) if rows.len() == 1 => Ok(rows[0]),
            _ => Err(self.bad(a.loc, "this takes one row")),
        }
    }
}

/// The narrative section keys of docs/report-format.md. A rule may name any of them whether
/// or not a report has the section; other keys must exist in the report.
pub const SECTION_KEYS: &[&str] = &[
    "概况",
    "总体",
    "收入",
    "支出",
    "财政拨款总体",
    "一般公共预算总体",
    "一般公共预算结构",
    "一般公共预算具体",
    "一般公共预算具体项",
    "基本支出",
    "三公",
    "三公具体",
    "机关运行经费",
    "一般性支出",
    "政府采购",
    "国有资产",
    "附件",
    "绩效",
];

/// A value rounded half up to exactly two decimals: `88` → `88.00`.
fn fixed2(v: Decimal) -> String {
    let mut r = round_half_up(v, 2);
    r.rescale(2);
    let s = r.to_string();
    if s == "-0.00" { "0.00".into() } else { s }
}

/// In a comparison of two percentages, the stated one (written in the report or the rule)
/// and the computed one.
fn stated_and_computed<'n>(a: &'n Num, b: &'n Num) -> Option<(&'n Num, &'n Num)> {
    if a.unit != Unit::Percent || b.unit != Unit::Percent {
        return None;
    }
    match (&a.origin, &b.origin) {
        (Origin::Written { .. }, Origin::Computed) => Some((a, b)),
        (Origin::Computed, Origin::Written { .. }) => Some((b, a)),
        _ => None,
    }
}

/// Whether a stated percentage is the computed one truncated, or one unit in the last place
/// off the rounded value (a nudge so that shares add up to 100%).
fn percent_diagnosis(stated: &Num, computed: &Num) -> Option<(FindingKind, String)> {
    let Origin::Written { scale } = stated.origin else {
        return None;
    };
    let rounded = round_half_up(computed.mid, scale);
    if rounded == stated.mid {
        return None;
    }
    if truncate(computed.mid, scale) == stated.mid {
        return Some((
            FindingKind::Truncated,
            text::truncated(
                &fmt_dec(stated.mid),
                &show(computed.mid, 4),
                scale,
                &fmt_dec(rounded),
            ),
        ));
    }
    if (rounded - stated.mid).abs() == Decimal::new(1, scale) {
        return Some((
            FindingKind::Nudged,
            text::nudged(
                &fmt_dec(stated.mid),
                &fmt_dec(rounded),
                &show(computed.mid, 4),
            ),
        ));
    }
    None
}

fn result_unit(op: ArithOp, a: Unit, b: Unit) -> Unit {
    match (op, a, b) {
        (ArithOp::Div, x, y) if x == y => Unit::Scalar,
        (ArithOp::Div, x, Unit::Scalar) => x,
        (ArithOp::Mul, Unit::Amount, Unit::Percent)
        | (ArithOp::Mul, Unit::Percent, Unit::Amount) => Unit::Amount,
        (_, Unit::Scalar, y) => y,
        (_, x, _) => x,
    }
}

/// Rows of a panel that a segment names: by 行次, code or normalised name.
fn find_rows(panel: &crate::report::Panel, seg: &Segment) -> Vec<usize> {
    match &seg.kind {
        SegmentKind::Line(l) => panel.row_by_line(*l).into_iter().collect(),
        SegmentKind::Code(c) => panel.row_by_code(c).into_iter().collect(),
        SegmentKind::Name(_) => panel.rows_named_normalized(&seg.norm).to_vec(),
        SegmentKind::Column(_) => Vec::new(),
    }
}

/// A column by exact normalised name, or by the last part of a multi-level header
/// (`因公出国（境）费` finds `决算数/因公出国（境）费` when only one column ends so).
fn find_column(panel: &crate::report::Panel, name: &str) -> Option<usize> {
    if let Some(c) = panel.column_named(name) {
        return Some(c);
    }
    let norm = normalize_name(name);
    let hits: Vec<usize> = panel
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| normalize_name(&c.name).ends_with(&format!("/{norm}")))
        .map(|(i, _)| i)
        .collect();
    (hits.len() == 1).then(|| hits[0])
}

fn parse_line_name(s: &str) -> SegmentKind {
    if let Some(n) = s
        .strip_prefix('第')
        .and_then(|r| r.strip_suffix('行'))
        .and_then(|d| d.parse().ok())
    {
        SegmentKind::Line(n)
    } else {
        SegmentKind::Name(s.to_string())
    }
}

fn row_label(report: &Report, r: RowRef) -> String {
    let t = &report.tables[r.table];
    let p = &t.panels[r.panel];
    let row = &p.rows[r.row];
    match &p.name {
        Some(pn) if t.panels.len() > 1 => format!("{pn} › {}", row.label()),
        _ => row.label(),
    }
}

fn display_val(report: &Report, v: &Val) -> String {
    match v {
        Val::Num(n) => {
            if n.blank {
                "blank".into()
            } else if n.unit == Unit::Percent {
                format!("{}%", show(n.mid, 4))
            } else {
                show(n.mid, 4)
            }
        }
        Val::Bool(b) => b.to_string(),
        Val::Row(r) => row_label(report, *r),
        Val::Rows(rs) => format!("{} rows", rs.len()),
        Val::Claims(s) => format!("section {}", s.key),
        Val::Claim(_, c) => c.subject.text.clone(),
        Val::Columns(..) => "columns".into(),
        Val::Column(c) => report.tables[c.table].panels[c.panel].columns[c.col]
            .name
            .clone(),
        Val::Word(w) => w.clone(),
        Val::Nums(ns) => format!("{} values", ns.len()),
    }
}

fn show_interval(n: &Num) -> String {
    let pct = if n.unit == Unit::Percent { "%" } else { "" };
    if n.blank {
        return "blank (counts as 0)".into();
    }
    if n.lo == n.hi {
        format!("{}{pct}", show(n.mid, 6))
    } else {
        format!(
            "{}{pct}  [{}, {}]",
            show(n.mid, 6),
            show(n.lo, 6),
            show(n.hi, 6)
        )
    }
}

fn default_message(src: &str, f: &Failure) -> String {
    let src = src.split_whitespace().collect::<Vec<_>>().join(" ");
    match (&f.kind, &f.values) {
        (FindingKind::DivisionByZero | FindingKind::Overflow, _) => {
            f.notes.first().cloned().unwrap_or_default()
        }
        (_, Some(v)) => text::comparison_fails(&src, &v.left, &v.right, &v.difference, &v.slack),
        (_, None) => text::condition_fails(
            &src,
            f.sides.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
        ),
    }
}
