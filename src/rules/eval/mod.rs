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

mod diagnose;
mod fast;
mod functions;
mod plan;
mod resolve;
mod template;
mod texts;

pub use texts::compile_pattern;

pub use plan::{Plan, Plans, layout_fingerprint};

pub use template::{LAYOUTS, check_against_template};

use diagnose::*;

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
    /// report texts: narrative sentences, table titles, 目录 entries
    Texts(Vec<TextItem<'a>>),
    Text(TextItem<'a>),
}

/// A text of the report a text check reads: where it is and what it says.
#[derive(Debug, Clone, Copy)]
pub(super) struct TextItem<'a> {
    pub text: &'a str,
    /// what it is part of: a section's heading, `表格标题`, `目录`
    pub place: &'a str,
    pub span: crate::report::Span,
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
    Text(TextItem<'a>),
}

/// Why an assertion stopped before a verdict.
#[derive(Debug)]
enum Stop {
    /// a misuse of the language found only when evaluating (a pack error)
    Bind(Box<PackError>),
    /// a part of the report the rule needs and the report lacks: the rule is not checked
    Missing(Box<MissingPart>),
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
    evaluate_planned(pack, report, limits, &Plans::new())
}

/// [`evaluate_with`] through the plans of earlier reports of the same layout (a batch shares one
/// [`Plans`] per pack), adding to them what this report resolves.
pub fn evaluate_planned(
    pack: &Pack,
    report: &Report,
    limits: &EvalLimits,
    plans: &Plans,
) -> Result<Outcome, Vec<PackError>> {
    let fingerprint = layout_fingerprint(report);
    let mut ev = Ev::new(pack, report, None);
    ev.base = plans.get(fingerprint);
    ev.max_steps = limits.max_steps;
    let mut out = Outcome {
        rules: pack.rules.len(),
        layout: ev.layout.map(|l| pack.layouts[l].name.text.clone()),
        ..Outcome::default()
    };
    for rule in &pack.rules {
        if ev.exhausted {
            break;
        }
        ev.run_and_judge(rule, &mut out);
    }
    if !ev.exhausted {
        plans.add(fingerprint, ev.base.as_ref(), std::mem::take(&mut ev.plan));
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
        layout: ev.layout.map(|l| pack.layouts[l].name.text.clone()),
        ..Outcome::default()
    };
    ev.run_and_judge(rule, &mut out);
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
    /// the shared plan of this report's layout, when an earlier report made one
    base: Option<std::sync::Arc<Plan>>,
    /// what this evaluation resolved that `base` did not have
    plan: Plan,
    /// the variables in scope, innermost last (blocks truncate back to their start)
    vars: Vec<(&'a str, Val<'a>)>,
    ctx: Ctx<'a>,
    /// the cells and claims the current assertion read, turned into text only for findings
    cells: Vec<Touch<'a>>,
    /// the rows, claims or columns the enclosing quantifiers are at
    subjects: Vec<Val<'a>>,
    /// resolved claim references (`说明.section.subject[.attribute]`)
    claims: PtrMap<(&'a Section, &'a Claim)>,
    bind_errors: Vec<PackError>,
    /// the parts of the report the current rule needed and did not find
    missing: Vec<MissingPart>,
    /// the current rule reads a table that the report's layout does not have
    outside_layout: bool,
    /// the pack layout the report is read as (an index into `pack.layouts`)
    layout: Option<usize>,
    trace: Option<Vec<TraceStep>>,
    depth: usize,
    /// guards against `let` definitions evaluated inside themselves (checked statically too)
    let_stack: Vec<String>,
    steps: u64,
    max_steps: u64,
    /// inside `has(…)`: a reference that does not resolve is an answer, not an error
    probing: bool,
    /// the text the last `matches(…)` found, for `{match}` in messages
    last_match: Option<String>,
    /// compiled patterns of `matches(…)`, by pattern
    patterns: HashMap<&'a str, std::sync::Arc<regex::Regex>>,
    exhausted: bool,
    /// what the head of a reference node names in the pack (see `head_decls`)
    #[allow(clippy::type_complexity)]
    heads: PtrMap<(Option<&'a TableDecl>, Option<&'a LetDecl>)>,
    /// comparisons (by their operands' address) the fast path can evaluate
    fast_shapes: PtrMap<bool>,
    /// recently resolved `r.column` segments: (segment, table, panel) -> column
    column_memo: [(usize, usize, usize, Option<usize>); COLUMN_MEMO],
}

const COLUMN_MEMO: usize = 64;

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
            base: None,
            plan: Plan::default(),
            vars: Vec::new(),
            ctx: Ctx::default(),
            cells: Vec::new(),
            subjects: Vec::new(),
            claims: PtrMap::default(),
            bind_errors: Vec::new(),
            missing: Vec::new(),
            outside_layout: false,
            layout: resolve::report_layout(pack, report),
            trace,
            depth: 0,
            let_stack: Vec::new(),
            steps: 0,
            probing: false,
            last_match: None,
            patterns: HashMap::new(),
            max_steps: EvalLimits::default().max_steps,
            exhausted: false,
            fast_shapes: PtrMap::default(),
            heads: PtrMap::default(),
            column_memo: [(0, 0, 0, None); COLUMN_MEMO],
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

    /// Runs a rule and records its verdict (and what it could not check) in `out`.
    fn run_and_judge(&mut self, rule: &'a Rule, out: &mut Outcome) {
        let before = out.findings.len();
        self.missing.clear();
        self.outside_layout = false;
        let applied = self.run_rule(rule, out);
        let verdict = if out.findings.len() > before {
            RuleVerdict::Failed
        } else if !self.missing.is_empty() {
            RuleVerdict::NotChecked
        } else if applied {
            RuleVerdict::Passed
        } else {
            RuleVerdict::NotApplicable
        };
        match verdict {
            RuleVerdict::Passed => out.passed += 1,
            RuleVerdict::NotApplicable => {
                out.not_applicable += 1;
                if self.outside_layout {
                    out.outside_layout.push(rule.id.text.clone());
                }
            }
            _ => {}
        }
        if !self.missing.is_empty() {
            let mut missing = std::mem::take(&mut self.missing);
            missing.sort_by_key(|m| (m.loc.file, m.loc.offset));
            missing.dedup();
            out.not_checked.push(NotChecked {
                rule: rule.id.text.clone(),
                severity: rule.severity,
                title: rule.title.clone(),
                rule_loc: rule.id.loc,
                missing,
            });
        }
        out.verdicts.push((rule.id.text.clone(), verdict));
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
                        Ok(v) => self.element_iter(v, source.loc),
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
                                text::step_at(&at),
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
                        // a row of a table printed empty: there is no row to read columns of
                        Ok(Val::Num(n)) if n.blank => {
                            let m = MissingPart {
                                kind: MissingKind::Row,
                                name: self.src(target.loc).to_string(),
                                table: text::PRINTED_EMPTY.into(),
                                loc: target.loc,
                                report_span: None,
                                help: None,
                            };
                            self.stop(Stop::Missing(Box::new(m)), rule, target, out);
                            continue;
                        }
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
                            Ok(Verdict::Pass) => text::STEP_HOLDS.into(),
                            Ok(Verdict::Fail(f)) => match &f.values {
                                Some(v) => {
                                    text::step_fails(&v.left, &v.right, &v.difference, &v.slack)
                                }
                                None => text::step_fails_kind(f.kind.as_str()),
                            },
                            Err(Stop::NotApplicable) => text::STEP_NOT_APPLICABLE.into(),
                            Err(Stop::Missing(m)) => text::not_checked_step(m),
                            Err(_) => text::STEP_STOPPED.into(),
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
                        Err(stop @ Stop::Missing(_)) => self.stop(stop, rule, e, out),
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
            // `exists(t03)` as an assertion: the report must print the table
            ExprKind::Call(name, args)
                if name.text == "exists"
                    && let [
                        Expr {
                            kind: ExprKind::Ref(r),
                            ..
                        },
                    ] = args.as_slice()
                    && let Some(decl) = self.pack.table(&r.head.text) =>
            {
                if self.table(decl).is_ok() {
                    return Ok(Verdict::Pass);
                }
                let titles: Vec<&str> = decl.titles.iter().map(|t| t.text.as_str()).collect();
                let mut f = Failure::bare(FindingKind::MissingTable, e.loc);
                f.notes.push(text::table_not_printed(&titles, &r.head.text));
                Ok(Verdict::Fail(Box::new(f)))
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
        // A comparison that holds, over cells and sums of them, through the fast path; anything
        // else (and any failure, for its details) through the general path below, from the start.
        match self.fast_verdict(operands, ops, detail) {
            Some(true) => return Ok(Verdict::Pass),
            // a condition that does not hold needs no details either
            Some(false) => {
                return Ok(Verdict::Fail(Box::new(Failure::bare(
                    FindingKind::Mismatch,
                    e.loc,
                ))));
            }
            None => {}
        }
        self.compare_general(e, operands, ops, detail)
    }

    /// [`Self::compare`] without the fast path.
    fn compare_general(
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
                // A percentage written in the pack is a threshold, exact, in an ordering
                // comparison (`变动率 <= 5%` fails on a stated 5.4%); in `==` and `!=` it stands
                // for a stated value and keeps its written precision.
                let (ta, tb);
                let (na, nb) = if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    (&nums[i], &nums[i + 1])
                } else {
                    (ta, tb) = (nums[i].as_threshold(), nums[i + 1].as_threshold());
                    (&*ta, &*tb)
                };
                if *op == CmpOp::Eq
                    && let Some(z) = na.zero_base.or(nb.zero_base)
                {
                    match self.zero_base(e, z, na, nb, (la, lb), detail) {
                        Some(v) => return Ok(v),
                        None => continue,
                    }
                }
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
        // The tolerance is for amounts (docs/language.md §10.7): counts and other plain
        // numbers compare exactly, so `count(…) > 0` is false for 0 whatever the tolerance.
        if let Some(tol) = self.pack.tolerance
            && (a.unit == Unit::Amount || b.unit == Unit::Amount)
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
        interval_holds(op, (a.lo, a.hi), (b.lo, b.hi))
    }

    // ---- expressions ------------------------------------------------------------------

    fn eval(&mut self, e: &'a Expr) -> R<Val<'a>> {
        self.steps += 1;
        if self.steps > self.max_steps {
            return Err(Stop::Limit);
        }
        let r = if self.trace.is_none() {
            self.eval_inner(e)
        } else {
            self.depth += 1;
            let cells_before = self.cells.len();
            let r = self.eval_inner(e);
            self.depth -= 1;
            if let Ok(v) = &r {
                self.record(e, v, cells_before);
            }
            r
        };
        // A set costs what it holds: `sum(t01.收入)` visits every row, so it counts one step
        // per row, and a set built in a loop over a large table is bounded like nested loops.
        if let Ok(v) = &r {
            let visited = match v {
                Val::Rows(x) => x.len(),
                Val::Nums(x) => x.len(),
                Val::Texts(x) => x.len(),
                Val::Claims(s) => s.claims.len(),
                _ => 0,
            } as u64;
            self.steps += visited;
            if self.steps > self.max_steps {
                return Err(Stop::Limit);
            }
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
            ExprKind::Percent(d) => Val::Num(Num::literal_percent(*d)),
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
                if let Some(holds) = self.fast_verdict(operands, ops, false) {
                    return Ok(Val::Bool(holds));
                }
                let v = self.compare_general(e, operands, ops, false)?;
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
        Ok(match self.cell_value(r, loc)? {
            None => Num::blank(Unit::Amount),
            Some(v) => self.amount(v),
        })
    }

    /// The value of a cell (`None` when blank), recorded as read: the column is the row's
    /// own, else the current column (or the one of its name in this panel), else the only one.
    fn cell_value(&mut self, r: RowRef, loc: Loc) -> R<Option<Decimal>> {
        let report: &'a Report = self.report;
        let table = &report.tables[r.table];
        let panel = &table.panels[r.panel];
        let row = &panel.rows[r.row];
        let col = match r.col {
            Some(c) => c,
            None => match self.ctx.column.and_then(|c| {
                if (c.table, c.panel) == (r.table, r.panel) {
                    Some(c.col)
                } else {
                    // the current column of another panel: the column of this one with its
                    // name (normalised once, at load)
                    let current = &self.report.tables[c.table].panels[c.panel];
                    panel.column_normalized(current.column_norm_name(c.col))
                }
            }) {
                Some(c) => c,
                None if panel.columns.len() == 1 => 0,
                None => {
                    let table = &self.report.tables[r.table];
                    let names: Vec<&str> = panel.columns.iter().map(|c| c.name.as_str()).collect();
                    return Err(Stop::Missing(Box::new(MissingPart {
                        kind: MissingKind::WhichColumn,
                        name: self.src(loc).to_string(),
                        table: table.title.clone(),
                        loc,
                        report_span: Some(table.span),
                        help: Some(text::name_a_column(&names.join("、"))),
                    })));
                }
            },
        };
        let Some(cell) = row.cells.get(col) else {
            return Err(self.bad(loc, "the row has fewer cells than columns"));
        };
        self.cells.push(Touch::Cell { r, col, loc });
        Ok(cell.value)
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

/// Whether `a op b` can hold for values within the intervals `a` and `b` (printed amounts are
/// intervals: equal when they meet). One definition for the general path's decimals and the
/// fast path's fixed-point units, so the two cannot disagree.
pub(super) fn interval_holds<T: PartialOrd>(op: CmpOp, a: (T, T), b: (T, T)) -> bool {
    let meet = a.0 <= b.1 && b.0 <= a.1;
    match op {
        CmpOp::Eq => meet,
        CmpOp::Ne => !meet,
        CmpOp::Lt => a.0 < b.1,
        CmpOp::Le => a.0 <= b.1,
        CmpOp::Gt => b.0 < a.1,
        CmpOp::Ge => b.0 <= a.1,
    }
}
