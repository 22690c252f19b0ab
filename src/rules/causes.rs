//! Root causes: the one correction that explains many findings.
//!
//! The failed rules of a checked report say which values would make them hold: a rule
//! `a == b` that misses by `d` asks each amount it read to be `d` larger or smaller, and a
//! blank cell the rule reads as 0 to be filled. Where several failed rules ask the same cell
//! for the same value, that is a candidate correction; so is a value printed a row or column
//! away from a blank one (a move), two values printed in each other's places (a swap), a
//! narrative figure that is another figure of the report (copied from the wrong line or year)
//! and a percentage that is its amount over another of the report's totals (the wrong base).
//!
//! A candidate is never reported on its looks: it is applied to a copy of the report and the
//! whole pack evaluated again (through the layout's plan, so binding is not repeated). It is a
//! cause only if findings disappear and no new finding appears. Causes are chosen greedily:
//! the candidate that explains most findings (then the smallest change) is accepted, applied,
//! and the search continues on the corrected report, so that two corrections that only hold
//! together (hetang's 收入总计 and its misplaced 本年收入合计) are found one after the other.
//! Table corrections are searched before narrative ones: the narrative quotes the tables, and
//! a narrative finding may be the echo of a table mistake.
//!
//! The work is bounded by a count, never by time: at most [`CauseLimits::max_evaluations`]
//! evaluations of the pack per report and [`CauseLimits::max_causes`] causes (see
//! docs/limits.md).

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;

use rust_decimal::Decimal;

use super::eval::{EvalLimits, Plans, evaluate_planned};
use super::finding::{Finding, Outcome, fmt_dec};
use super::pack::Pack;
use super::value::round_half_up;
use crate::lang;
use crate::report::{Report, ReportParts, Span, StatedValue};

/// How much work the search for causes may do on one report.
#[derive(Debug, Clone, Copy)]
pub struct CauseLimits {
    /// evaluations of the whole pack on corrected copies of the report (0: no search)
    pub max_evaluations: usize,
    /// causes reported at most
    pub max_causes: usize,
}

impl Default for CauseLimits {
    fn default() -> Self {
        CauseLimits {
            max_evaluations: 150,
            max_causes: 8,
        }
    }
}

/// A value of the report a correction changes: a table cell, or an attribute of a narrative
/// claim (indexes into the report's tables and narrative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Cell {
        table: usize,
        panel: usize,
        row: usize,
        col: usize,
    },
    Claim {
        section: usize,
        claim: usize,
        attr: usize,
    },
}

/// What kind of mistake a cause corrects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CauseKind {
    /// a blank cell where the rules need a value (a blank total)
    Fill,
    /// a cell printed with another value than the rules need
    Set,
    /// a value printed in the row or column next to the blank one it belongs in
    Move,
    /// two values printed in each other's places
    Swap,
    /// a narrative amount that should be another (often another figure of the report)
    Narrative,
    /// stated percentages computed over another base than the rule's
    Percent,
}

impl CauseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CauseKind::Fill => "fill",
            CauseKind::Set => "set",
            CauseKind::Move => "move",
            CauseKind::Swap => "swap",
            CauseKind::Narrative => "narrative",
            CauseKind::Percent => "percent",
        }
    }
}

/// One value a cause changes, for people and machines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// where it is: `收入支出决算总表 › 收入 › 本年收入合计（行 10）`
    pub place: String,
    /// the printed value (`None`: blank)
    pub from: Option<String>,
    /// the corrected value (`None`: blank)
    pub to: Option<String>,
    pub span: Span,
}

/// A correction that, applied to the report, makes failed rules pass and breaks none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    pub kind: CauseKind,
    /// the correction in words, in the current language
    pub correction: String,
    pub changes: Vec<Change>,
    /// the values it sets, as applied (for tests and tools)
    pub edits: Vec<(Target, Option<Decimal>)>,
    /// the findings it explains: indexes into [`Outcome::findings`]
    pub explains: Vec<usize>,
}

/// What became of one candidate, for `crossfoot explain causes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trial {
    /// the correction in words
    pub correction: String,
    pub verdict: TrialVerdict,
    /// findings (of the report as checked) it made pass: `rule [subject]`
    pub explained: Vec<String>,
    /// findings it made appear: `rule [subject]`
    pub broken: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrialVerdict {
    /// reported as a cause
    Accepted,
    /// it makes a rule fail that passed (or a new finding appear)
    Breaks,
    /// no finding disappears
    ExplainsNothing,
    /// it explains one finding and nothing in the report says how the mistake was made
    TooLittle,
    /// it holds, but another candidate explains more (or as much with a smaller change)
    Outranked,
    /// the pack could not be evaluated on the corrected copy
    NotEvaluated,
}

impl TrialVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            TrialVerdict::Accepted => "accepted",
            TrialVerdict::Breaks => "breaks",
            TrialVerdict::ExplainsNothing => "explains_nothing",
            TrialVerdict::TooLittle => "too_little",
            TrialVerdict::Outranked => "outranked",
            TrialVerdict::NotEvaluated => "not_evaluated",
        }
    }
}

/// The result of the search on one report.
#[derive(Debug, Clone, Default)]
pub struct CauseSearch {
    pub causes: Vec<Cause>,
    /// evaluations of the pack spent
    pub evaluations: usize,
    /// candidates generated and not tried for want of evaluations
    pub untried: usize,
    /// candidates not tried because one tried before them already explained every remaining
    /// finding with a single change: none of them could have been preferred to it
    pub settled: usize,
    /// every candidate tried, in order
    pub trials: Vec<Trial>,
}

/// Searches the causes of `outcome`'s findings (the outcome of `pack` on `report`).
pub fn find_causes(
    pack: &Pack,
    report: &Report,
    outcome: &Outcome,
    plans: &Plans,
    eval: &EvalLimits,
    limits: &CauseLimits,
) -> CauseSearch {
    if limits.max_evaluations == 0 || outcome.findings.is_empty() {
        // nothing to search: no copies of the report (this is every consistent report)
        return CauseSearch::default();
    }
    let mut s = Search {
        pack,
        plans,
        eval,
        limits,
        current: ReportParts::clone(report),
        original: ReportParts::clone(report),
        ever_touched: BTreeSet::new(),
        rejected: BTreeSet::new(),
        current_outcome: outcome.clone(),
        current_keys: keyed(outcome),
        origin: (0..outcome.findings.len()).collect(),
        out: CauseSearch::default(),
    };
    s.run();
    s.out
}

/// Points each finding at the cause that explains it: `result[i]` is the index of the cause
/// of finding `i`, if any.
pub fn cause_of_findings(causes: &[Cause], findings: usize) -> Vec<Option<usize>> {
    let mut v = vec![None; findings];
    for (c, cause) in causes.iter().enumerate() {
        for &i in &cause.explains {
            if let Some(slot) = v.get_mut(i)
                && slot.is_none()
            {
                *slot = Some(c);
            }
        }
    }
    v
}

fn tr(zh: String, en: String) -> String {
    if lang::is_en() { en } else { zh }
}

/// A finding's identity across evaluations of corrected copies: its rule, subject, assertion
/// and the places it read (values and messages change with the correction).
fn key(f: &Finding) -> String {
    let mut k = format!(
        "{}\u{1}{}\u{1}{}:{}",
        f.rule,
        f.subject.as_deref().unwrap_or(""),
        f.expr_loc.file,
        f.expr_loc.offset
    );
    for c in &f.cells {
        k.push('\u{2}');
        k.push_str(&c.place);
    }
    k
}

fn keyed(o: &Outcome) -> HashMap<String, Vec<usize>> {
    let mut m: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in o.findings.iter().enumerate() {
        m.entry(key(f)).or_default().push(i);
    }
    m
}

fn label(f: &Finding) -> String {
    match &f.subject {
        Some(s) => format!("{} [{s}]", f.rule),
        None => f.rule.clone(),
    }
}

/// Stated percentages that are their amount over one base: the base, the corrections, the
/// findings asking for them.
type ByBase = (Decimal, Vec<(Target, Decimal)>, BTreeSet<usize>);

#[derive(Debug, Clone)]
struct Candidate {
    kind: CauseKind,
    edits: Vec<(Target, Option<Decimal>)>,
    /// failed findings that ask for it
    support: usize,
    /// what in the report says how the mistake was made (a copied figure, another base)
    evidence: Option<String>,
}

impl Candidate {
    fn narrative(&self) -> bool {
        self.edits
            .iter()
            .any(|(t, _)| matches!(t, Target::Claim { .. }))
    }
    /// Findings it must explain to be reported: a change of one value that explains one
    /// finding only restates it, unless the report shows how the mistake was made.
    fn needs(&self) -> usize {
        match self.kind {
            CauseKind::Move | CauseKind::Swap => 1,
            _ if self.evidence.is_some() => 1,
            _ => 2,
        }
    }
}

struct Search<'a> {
    pack: &'a Pack,
    plans: &'a Plans,
    eval: &'a EvalLimits,
    limits: &'a CauseLimits,
    current: ReportParts,
    /// the report as checked: where a copied figure or a wrong base is printed
    original: ReportParts,
    /// cells read by failed findings of this or an earlier round
    ever_touched: BTreeSet<Target>,
    /// candidates that failed in an earlier round, not tried again until a cause changes a
    /// value of their table panel or narrative section
    rejected: BTreeSet<Vec<(Target, Option<Decimal>)>>,
    current_outcome: Outcome,
    /// [`keyed`] of `current_outcome`, computed once per accepted cause rather than per trial
    current_keys: HashMap<String, Vec<usize>>,
    /// finding of the current outcome -> finding of the original outcome
    origin: Vec<usize>,
    out: CauseSearch,
}

/// The result of trying one candidate.
struct Tried {
    outcome: Outcome,
    /// findings of the current outcome it made pass
    gone: Vec<usize>,
    broken: Vec<String>,
}

impl Search<'_> {
    fn run(&mut self) {
        // tables first, then the narrative that quotes them
        for narrative in [false, true] {
            while self.out.causes.len() < self.limits.max_causes {
                if !self.round(narrative) {
                    break;
                }
            }
        }
    }

    /// Tries this round's candidates and accepts the best; false when none is accepted.
    fn round(&mut self, narrative: bool) -> bool {
        let mut cands: Vec<Candidate> = self
            .candidates()
            .into_iter()
            .filter(|c| c.narrative() == narrative && !self.rejected.contains(&c.edits))
            .collect();
        // most asked for first, then the smallest change; generation order breaks ties
        cands.sort_by(|a, b| {
            b.support
                .cmp(&a.support)
                .then(a.edits.len().cmp(&b.edits.len()))
        });
        let mut best: Option<(usize, Candidate, Tried)> = None;
        for (n, c) in cands.iter().enumerate() {
            // A tried candidate that explains every remaining finding with one change cannot
            // be outranked (rank: findings explained, then fewer changes), so the rest need
            // no evaluation: a report with one mistake costs two or three, not dozens.
            if best.as_ref().is_some_and(|(_, b, bt)| {
                b.edits.len() <= 1 && bt.gone.len() == self.current_outcome.findings.len()
            }) {
                self.out.settled += cands.len() - n;
                break;
            }
            if self.out.evaluations >= self.limits.max_evaluations {
                self.out.untried += cands.len() - n;
                break;
            }
            self.out.evaluations += 1;
            let correction = self.describe(c);
            let Some(t) = self.try_candidate(c) else {
                self.out.trials.push(Trial {
                    correction,
                    verdict: TrialVerdict::NotEvaluated,
                    explained: Vec::new(),
                    broken: Vec::new(),
                });
                continue;
            };
            let explained: Vec<String> = t
                .gone
                .iter()
                .map(|&i| label(&self.current_outcome.findings[i]))
                .collect();
            let verdict = if !t.broken.is_empty() {
                TrialVerdict::Breaks
            } else if t.gone.is_empty() {
                TrialVerdict::ExplainsNothing
            } else if t.gone.len() < c.needs() {
                TrialVerdict::TooLittle
            } else {
                TrialVerdict::Outranked
            };
            if verdict != TrialVerdict::Outranked {
                self.rejected.insert(c.edits.clone());
            }
            self.out.trials.push(Trial {
                correction,
                verdict,
                explained,
                broken: t.broken.clone(),
            });
            if verdict == TrialVerdict::Outranked {
                let better = match &best {
                    None => true,
                    Some((_, b, bt)) => {
                        t.gone.len() > bt.gone.len()
                            || t.gone.len() == bt.gone.len() && c.edits.len() < b.edits.len()
                    }
                };
                if better {
                    best = Some((self.out.trials.len() - 1, c.clone(), t));
                }
            }
        }
        let Some((trial, c, t)) = best else {
            return false;
        };
        self.out.trials[trial].verdict = TrialVerdict::Accepted;
        let correction = self.out.trials[trial].correction.clone();
        let changes = c
            .edits
            .iter()
            .map(|&(tg, to)| self.change(tg, to))
            .collect();
        let explains: Vec<usize> = t.gone.iter().map(|&i| self.origin[i]).collect();
        self.out.causes.push(Cause {
            kind: c.kind,
            correction,
            changes,
            edits: c.edits.clone(),
            explains,
        });
        // continue on the corrected report: the findings that remain keep their origin
        let before = &self.current_keys;
        let after = keyed(&t.outcome);
        let mut origin = vec![0; t.outcome.findings.len()];
        for (k, idx) in &after {
            let old = before.get(k).map(Vec::as_slice).unwrap_or(&[]);
            for (j, &i) in idx.iter().enumerate() {
                origin[i] = old.get(j).map_or(usize::MAX, |&o| self.origin[o]);
            }
        }
        apply(&mut self.current, &c.edits);
        // what failed before may hold now where this correction changed a value
        let zones: BTreeSet<(usize, usize, usize)> =
            c.edits.iter().map(|(t, _)| zone(*t)).collect();
        self.rejected
            .retain(|e| !e.iter().any(|(t, _)| zones.contains(&zone(*t))));
        self.origin = origin;
        self.current_outcome = t.outcome;
        self.current_keys = after;
        true
    }

    fn try_candidate(&self, c: &Candidate) -> Option<Tried> {
        let mut parts = self.current.clone();
        apply(&mut parts, &c.edits);
        let copy = Report::new(parts);
        let outcome = evaluate_planned(self.pack, &copy, self.eval, self.plans).ok()?;
        let before = &self.current_keys;
        let after = keyed(&outcome);
        let mut broken = Vec::new();
        for (k, idx) in &after {
            let had = before.get(k).map_or(0, Vec::len);
            for &i in idx.iter().skip(had) {
                broken.push(label(&outcome.findings[i]));
            }
        }
        let mut gone = Vec::new();
        for (k, idx) in before {
            let left = after.get(k).map_or(0, Vec::len);
            gone.extend(idx.iter().skip(left).copied());
        }
        gone.sort_unstable();
        broken.sort();
        Some(Tried {
            outcome,
            gone,
            broken,
        })
    }

    // ---- candidates -------------------------------------------------------------------

    fn candidates(&mut self) -> Vec<Candidate> {
        let r = &self.current;
        let cells = span_index(r);
        let mut sets: Vec<((Target, Decimal), BTreeSet<usize>)> = Vec::new();
        let mut touched: Vec<(Target, usize)> = Vec::new();
        let mut percents: Vec<(usize, Target, Decimal)> = Vec::new();
        for (i, f) in self.current_outcome.findings.iter().enumerate() {
            let targets: Vec<Target> = f
                .cells
                .iter()
                .filter_map(|c| {
                    if let Some(rest) = c.reference.strip_prefix("说明.") {
                        let attr = rest.rsplit_once('.').map(|x| x.1)?;
                        cells
                            .claims
                            .get(&(c.span.offset, c.span.len, attr.to_string()))
                            .copied()
                    } else {
                        cells.cells.get(&(c.span.offset, c.span.len)).copied()
                    }
                })
                .collect();
            for &t in &targets {
                touched.push((t, i));
            }
            let Some(v) = &f.values else { continue };
            if v.difference.ends_with('%') {
                // a stated percentage: the side that is the claim's, and the computed one
                let strip = |s: &str| Decimal::from_str(s.trim_end_matches('%')).ok();
                for &t in &targets {
                    let Some((StatedValue::Percent(p), _)) = stated(r, t) else {
                        continue;
                    };
                    let other = if strip(&v.left) == Some(p) {
                        strip(&v.right)
                    } else if strip(&v.right) == Some(p) {
                        strip(&v.left)
                    } else {
                        None
                    };
                    if let Some(q) = other {
                        let mut q = round_half_up(q, p.scale());
                        q.rescale(p.scale());
                        if q != p {
                            percents.push((i, t, q));
                        }
                    }
                }
                continue;
            }
            let Ok(d) = Decimal::from_str(&v.difference) else {
                continue;
            };
            if d.is_zero() {
                continue;
            }
            for &t in &targets {
                let Some(old) = amount(r, t) else { continue };
                let base = old.unwrap_or_default();
                for new in [base + d, base - d] {
                    // a narrative may state 0 (上级补助收入0万元); a table leaves it blank
                    let zero_cell = new.is_zero() && matches!(t, Target::Cell { .. });
                    if Some(new) == old || new.is_sign_negative() || zero_cell {
                        continue;
                    }
                    match sets.iter_mut().find(|(k, _)| *k == (t, new)) {
                        Some((_, s)) => {
                            s.insert(i);
                        }
                        None => sets.push(((t, new), BTreeSet::from([i]))),
                    }
                }
            }
        }
        let mut out = Vec::new();
        // a value the rules ask for
        for ((t, new), askers) in &sets {
            let old = match amount(r, *t) {
                Some(Some(old)) => old,
                Some(None) => {
                    // a blank where the rules need a value: a blank total is a mistake of
                    // its own, another blank must be asked for by two rules
                    let c = Candidate {
                        kind: CauseKind::Fill,
                        edits: vec![(*t, Some(*new))],
                        support: askers.len(),
                        evidence: is_total(r, *t).then(String::new),
                    };
                    if askers.len() >= c.needs() {
                        out.push(c);
                    }
                    continue;
                }
                None => continue,
            };
            let (kind, evidence) = match t {
                Target::Cell { .. } => (CauseKind::Set, None),
                Target::Claim { .. } => (CauseKind::Narrative, self.copied_from(*t, old, *new)),
            };
            let c = Candidate {
                kind,
                edits: vec![(*t, Some(*new))],
                support: askers.len(),
                evidence,
            };
            if askers.len() >= c.needs() {
                out.push(c);
            }
        }
        // a value a row or column away from where it belongs; two values in each other's place
        let mut seen_pairs: BTreeSet<(Target, Target)> = BTreeSet::new();
        let support_of = |a: Target, b: Target| {
            touched
                .iter()
                .filter(|(t, _)| *t == a || *t == b)
                .map(|(_, i)| *i)
                .collect::<BTreeSet<_>>()
                .len()
        };
        let touched_cells: BTreeSet<Target> = touched
            .iter()
            .map(|(t, _)| *t)
            .filter(|t| matches!(t, Target::Cell { .. }))
            .collect();
        self.ever_touched.extend(touched_cells.iter().copied());
        let r = &self.current;
        for &t in &touched_cells {
            let Target::Cell {
                table,
                panel,
                row,
                col,
            } = t
            else {
                continue;
            };
            let p = &r.tables[table].panels[panel];
            let near = [(-1i64, 0i64), (1, 0), (-2, 0), (2, 0), (0, -1), (0, 1)];
            for (dr, dc) in near {
                let (nr, nc) = (row as i64 + dr, col as i64 + dc);
                if nr < 0 || nc < 0 || nr as usize >= p.rows.len() || nc as usize >= p.columns.len()
                {
                    continue;
                }
                let n = Target::Cell {
                    table,
                    panel,
                    row: nr as usize,
                    col: nc as usize,
                };
                let (a, b) = (t.min(n), t.max(n));
                // a value in the wrong place makes the rules of both places fail
                if !self.ever_touched.contains(&n) || !seen_pairs.insert((a, b)) {
                    continue;
                }
                let (va, vb) = (cell(r, a), cell(r, b));
                let edits = match (va, vb) {
                    (Some(x), None) if !x.is_zero() => vec![(b, Some(x)), (a, None)],
                    (None, Some(y)) if !y.is_zero() => vec![(a, Some(y)), (b, None)],
                    (Some(x), Some(y)) if x != y && (dr.abs() == 1 || dc.abs() == 1) => {
                        vec![(a, Some(y)), (b, Some(x))]
                    }
                    _ => continue,
                };
                let kind = if edits[1].1.is_none() {
                    CauseKind::Move
                } else {
                    CauseKind::Swap
                };
                out.push(Candidate {
                    kind,
                    edits,
                    support: support_of(a, b),
                    evidence: None,
                });
            }
        }
        // a narrative amount that is last year's: the rate or change it is stated with
        // fails, while the amount itself may pass the checks it takes part in
        let claim_targets: BTreeSet<Target> = touched
            .iter()
            .map(|(t, _)| *t)
            .filter(|t| matches!(t, Target::Claim { .. }))
            .collect();
        for &t in &claim_targets {
            let Target::Claim {
                section,
                claim,
                attr,
            } = t
            else {
                continue;
            };
            let c = &r.narrative[section].claims[claim];
            let (name, st) = &c.attrs[attr];
            let (StatedValue::Amount(old), Some(ch)) = (&st.value, c.attr("变动")) else {
                continue;
            };
            let StatedValue::Amount(ch) = ch.value else {
                continue;
            };
            if name != "金额" || ch.is_zero() {
                continue;
            }
            let support = touched.iter().filter(|(x, _)| *x == t).count();
            out.push(Candidate {
                kind: CauseKind::Narrative,
                edits: vec![(t, Some(*old + ch))],
                support,
                evidence: Some(tr("上年数".into(), "last year's figure".into())),
            });
        }
        // stated percentages over another base of the report, alone or together
        let bases = totals(r);
        let mut by_base: Vec<ByBase> = Vec::new();
        let mut single: Vec<Candidate> = Vec::new();
        for &(i, t, q) in &percents {
            let (Some((StatedValue::Percent(p), _)), Some(part)) =
                (stated(r, t), claim_amount(r, t))
            else {
                continue;
            };
            let found = (p.scale() >= 1)
                .then(|| {
                    bases.iter().find(|b| {
                        !b.is_zero()
                            && round_half_up(part / **b * Decimal::ONE_HUNDRED, p.scale()) == p
                    })
                })
                .flatten();
            match found {
                Some(&b) => match by_base.iter_mut().find(|(x, _, _)| *x == b) {
                    Some((_, edits, askers)) => {
                        if !edits.iter().any(|(x, _)| *x == t) {
                            edits.push((t, q));
                        }
                        askers.insert(i);
                    }
                    None => by_base.push((b, vec![(t, q)], BTreeSet::from([i]))),
                },
                None => single.push(Candidate {
                    kind: CauseKind::Percent,
                    edits: vec![(t, Some(q))],
                    support: 1,
                    evidence: None,
                }),
            }
        }
        for (b, edits, askers) in by_base {
            out.push(Candidate {
                kind: CauseKind::Percent,
                edits: edits.into_iter().map(|(t, q)| (t, Some(q))).collect(),
                support: askers.len(),
                evidence: Some(fmt_dec(b)),
            });
        }
        // one percentage: reported if it explains two findings (its share and the shares'
        // sum of 100%, which names no claim), so tried even when one rule asks for it
        for c in single {
            let n = touched
                .iter()
                .filter(|(t, _)| *t == c.edits[0].0)
                .map(|(_, i)| *i)
                .collect::<BTreeSet<_>>()
                .len();
            if !out
                .iter()
                .any(|o| o.kind == CauseKind::Percent && o.edits == c.edits)
            {
                out.push(Candidate { support: n, ..c });
            }
        }
        // one correction found two ways is tried once
        let mut unique: BTreeSet<Vec<(Target, Option<Decimal>)>> = BTreeSet::new();
        out.retain(|c| unique.insert(c.edits.clone()));
        out
    }

    /// Where else the report prints `old`, when a narrative figure stated as `old` should be
    /// `new`: another cell or claim (the wrong line), or last year's figure (the wrong year).
    fn copied_from(&self, t: Target, old: Decimal, new: Decimal) -> Option<String> {
        let Target::Claim { section, claim, .. } = t else {
            return None;
        };
        // a figure of fewer than three significant digits (20, 2.5) is printed elsewhere by
        // chance too often to say where it was copied from
        if significant_digits(old) < 3 {
            return None;
        }
        let r = &self.original;
        let c = &r.narrative[section].claims[claim];
        if let Some(ch) = c.attr("变动")
            && let StatedValue::Amount(ch) = ch.value
            && !ch.is_zero()
            && new - ch == old
        {
            return Some(tr("上年数".into(), "last year's figure".into()));
        }
        if let Some(p) = printed_at(r, old) {
            return Some(p);
        }
        for (si, s) in r.narrative.iter().enumerate() {
            for (ci, cl) in s.claims.iter().enumerate() {
                for (ai, (_, st)) in cl.attrs.iter().enumerate() {
                    let other = Target::Claim {
                        section: si,
                        claim: ci,
                        attr: ai,
                    };
                    if other != t
                        && st.value == StatedValue::Amount(old)
                        && (si, ci) != (section, claim)
                    {
                        return Some(place(r, other));
                    }
                }
            }
        }
        None
    }

    // ---- words ------------------------------------------------------------------------

    fn change(&self, t: Target, to: Option<Decimal>) -> Change {
        let r = &self.current;
        let (from, span) = match t {
            Target::Cell {
                table,
                panel,
                row,
                col,
            } => {
                let c = r.tables[table].panels[panel].rows[row].cells.get(col);
                (
                    c.and_then(|c| c.value).map(|v| v.to_string()),
                    c.map(|c| c.span).unwrap_or_default(),
                )
            }
            Target::Claim { .. } => match stated(r, t) {
                Some((v, span)) => (Some(show_stated(&v)), span),
                None => (None, Span::default()),
            },
        };
        let to = to.map(|v| match stated(r, t) {
            Some((StatedValue::Percent(_), _)) => format!("{v}%"),
            _ => shown(v, cell(r, t), r.precision),
        });
        Change {
            place: place(r, t),
            from,
            to,
            span,
        }
    }

    fn describe(&self, c: &Candidate) -> String {
        let r = &self.current;
        let blank = || tr("空白".into(), "blank".into());
        // a new value with the decimals of the one it replaces (of the report, for a blank)
        let new_of = |t: Target, v: Option<Decimal>| {
            v.map(|v| shown(v, cell(r, t), r.precision))
                .unwrap_or_else(blank)
        };
        let show = |v: Option<Decimal>| v.map(|v| v.to_string()).unwrap_or_else(blank);
        match c.kind {
            CauseKind::Fill => {
                let (t, v) = c.edits[0];
                tr(
                    format!("{} 漏填（空白），应为 {}", place(r, t), new_of(t, v)),
                    format!("{} is blank; it should be {}", place(r, t), new_of(t, v)),
                )
            }
            CauseKind::Set => {
                let (t, v) = c.edits[0];
                let old = show(cell(r, t));
                tr(
                    format!("{} 印为 {old}，应为 {}", place(r, t), new_of(t, v)),
                    format!(
                        "{} is printed as {old}; it should be {}",
                        place(r, t),
                        new_of(t, v)
                    ),
                )
            }
            CauseKind::Move => {
                let (to, v) = c.edits[0];
                let (from, _) = c.edits[1];
                let (zh, en) = direction(from, to);
                tr(
                    format!(
                        "{} 的 {} 误填在{zh}的 {}，应移回 {}",
                        place(r, to),
                        show(v),
                        short(r, from),
                        short(r, to)
                    ),
                    format!(
                        "{} belongs in {} but is printed {en}, in {}",
                        show(v),
                        place(r, to),
                        short(r, from)
                    ),
                )
            }
            CauseKind::Swap => {
                let (a, vb) = c.edits[0];
                let (b, va) = c.edits[1];
                tr(
                    format!(
                        "{}（{}）与 {}（{}）两数位置互换",
                        place(r, a),
                        show(va),
                        short(r, b),
                        show(vb)
                    ),
                    format!(
                        "{} ({}) and {} ({}) are swapped",
                        place(r, a),
                        show(va),
                        short(r, b),
                        show(vb)
                    ),
                )
            }
            CauseKind::Narrative => {
                let (t, v) = c.edits[0];
                let old = stated(r, t)
                    .map(|(s, _)| show_stated(&s))
                    .unwrap_or_default();
                let base = tr(
                    format!("情况说明 {} 所述 {old}，应为 {}", place(r, t), new_of(t, v)),
                    format!(
                        "the narrative's {} states {old}; it should be {}",
                        place(r, t),
                        new_of(t, v)
                    ),
                );
                match &c.evidence {
                    Some(e) => tr(
                        format!("{base}（{old} 恰为 {e}，可能抄错了行或年份）"),
                        format!(
                            "{base} ({old} is exactly {e}: copied from the wrong line or year)"
                        ),
                    ),
                    None => base,
                }
            }
            CauseKind::Percent => {
                let list: Vec<String> = c
                    .edits
                    .iter()
                    .map(|&(t, v)| {
                        let old = stated(r, t)
                            .map(|(s, _)| show_stated(&s))
                            .unwrap_or_default();
                        let new = v.map(|v| v.to_string()).unwrap_or_else(blank);
                        format!("{} {old} → {new}%", short(r, t))
                    })
                    .collect();
                let sep = tr("；".into(), "; ".into());
                match &c.evidence {
                    Some(b) => {
                        let bp = Decimal::from_str(b)
                            .ok()
                            .and_then(|v| printed_at(&self.original, v))
                            .unwrap_or_default();
                        tr(
                            format!(
                                "情况说明 {} 处百分比以 {b}（{bp}）为基数计算，基数用错：{}",
                                c.edits.len(),
                                list.join(&sep)
                            ),
                            format!(
                                "{} percentage(s) of the narrative are computed over {b} ({bp}), the wrong base: {}",
                                c.edits.len(),
                                list.join(&sep)
                            ),
                        )
                    }
                    None => tr(
                        format!("情况说明所述百分比有误：{}", list.join(&sep)),
                        format!("a stated percentage is wrong: {}", list.join(&sep)),
                    ),
                }
            }
        }
    }
}

/// Where a table prints `v`: a total row first, else the first cell.
fn printed_at(r: &ReportParts, v: Decimal) -> Option<String> {
    let mut first = None;
    for (ti, tb) in r.tables.iter().enumerate() {
        for (pi, p) in tb.panels.iter().enumerate() {
            for (ri, row) in p.rows.iter().enumerate() {
                for (ci, c) in row.cells.iter().enumerate() {
                    if c.value == Some(v) {
                        let t = Target::Cell {
                            table: ti,
                            panel: pi,
                            row: ri,
                            col: ci,
                        };
                        if is_total(r, t) {
                            return Some(place(r, t));
                        }
                        first.get_or_insert(t);
                    }
                }
            }
        }
    }
    first.map(|t| place(r, t))
}

/// The table panel or narrative section of a value.
fn zone(t: Target) -> (usize, usize, usize) {
    match t {
        Target::Cell { table, panel, .. } => (0, table, panel),
        Target::Claim { section, .. } => (1, section, 0),
    }
}

/// Whether a cell is in a total row (合计, 总计, 小计).
pub fn is_total(r: &ReportParts, t: Target) -> bool {
    let Target::Cell {
        table, panel, row, ..
    } = t
    else {
        return false;
    };
    r.tables[table].panels[panel].rows[row]
        .name
        .as_ref()
        .is_some_and(|n| total_name(&n.text))
}

fn total_name(n: &str) -> bool {
    n.contains("合计") || n.contains("总计") || n.contains("小计")
}

/// The printed totals of the report's tables, distinct: the bases a percentage may have been
/// computed over.
fn totals(r: &ReportParts) -> Vec<Decimal> {
    let mut v: Vec<Decimal> = Vec::new();
    for t in &r.tables {
        for p in &t.panels {
            for row in &p.rows {
                let total = row.name.as_ref().is_some_and(|n| {
                    n.text.contains("合计") || n.text.contains("总计") || n.text.contains("小计")
                });
                if !total {
                    continue;
                }
                for c in &row.cells {
                    if let Some(x) = c.value
                        && !x.is_zero()
                        && !v.contains(&x)
                    {
                        v.push(x);
                    }
                }
            }
        }
    }
    v
}

fn direction(from: Target, to: Target) -> (String, String) {
    let (
        Target::Cell {
            row: fr, col: fc, ..
        },
        Target::Cell {
            row: tr_, col: tc, ..
        },
    ) = (from, to)
    else {
        return (String::new(), String::new());
    };
    let dr = fr as i64 - tr_ as i64;
    let dc = fc as i64 - tc as i64;
    match (dr, dc) {
        (1, 0) => ("下一行".into(), "a row lower".into()),
        (-1, 0) => ("上一行".into(), "a row higher".into()),
        (n, 0) if n > 0 => (format!("下{n}行"), format!("{n} rows lower")),
        (n, 0) => (format!("上{}行", -n), format!("{} rows higher", -n)),
        (0, 1) => ("右一栏".into(), "a column to the right".into()),
        (0, -1) => ("左一栏".into(), "a column to the left".into()),
        _ => ("别处".into(), "elsewhere".into()),
    }
}

struct SpanIndex {
    cells: HashMap<(u32, u32), Target>,
    claims: HashMap<(u32, u32, String), Target>,
}

fn span_index(r: &ReportParts) -> SpanIndex {
    let mut cells = HashMap::new();
    for (ti, t) in r.tables.iter().enumerate() {
        for (pi, p) in t.panels.iter().enumerate() {
            for (ri, row) in p.rows.iter().enumerate() {
                for (ci, c) in row.cells.iter().enumerate() {
                    cells
                        .entry((c.span.offset, c.span.len))
                        .or_insert(Target::Cell {
                            table: ti,
                            panel: pi,
                            row: ri,
                            col: ci,
                        });
                }
            }
        }
    }
    let mut claims = HashMap::new();
    for (si, s) in r.narrative.iter().enumerate() {
        for (ci, c) in s.claims.iter().enumerate() {
            for (ai, (name, st)) in c.attrs.iter().enumerate() {
                claims
                    .entry((st.span.offset, st.span.len, name.clone()))
                    .or_insert(Target::Claim {
                        section: si,
                        claim: ci,
                        attr: ai,
                    });
            }
        }
    }
    SpanIndex { cells, claims }
}

fn cell(r: &ReportParts, t: Target) -> Option<Decimal> {
    match t {
        Target::Cell {
            table,
            panel,
            row,
            col,
        } => r.tables[table].panels[panel].rows[row]
            .cells
            .get(col)
            .and_then(|c| c.value),
        Target::Claim { .. } => match stated(r, t) {
            Some((StatedValue::Amount(d) | StatedValue::Percent(d), _)) => Some(d),
            _ => None,
        },
    }
}

/// An amount a correction may set: `Some(None)` for a blank cell, `None` for what is not an
/// amount (a percentage, a count, a word, a signed change the loader derived).
fn amount(r: &ReportParts, t: Target) -> Option<Option<Decimal>> {
    match t {
        Target::Cell { .. } => Some(cell(r, t)),
        Target::Claim {
            section,
            claim,
            attr,
        } => {
            let (name, st) = &r.narrative[section].claims[claim].attrs[attr];
            match st.value {
                StatedValue::Amount(d) if name != "变动" => Some(Some(d)),
                _ => None,
            }
        }
    }
}

fn stated(r: &ReportParts, t: Target) -> Option<(StatedValue, Span)> {
    let Target::Claim {
        section,
        claim,
        attr,
    } = t
    else {
        return None;
    };
    let st = &r
        .narrative
        .get(section)?
        .claims
        .get(claim)?
        .attrs
        .get(attr)?
        .1;
    Some((st.value.clone(), st.span))
}

/// The 金额 of the claim a percentage belongs to.
fn claim_amount(r: &ReportParts, t: Target) -> Option<Decimal> {
    let Target::Claim { section, claim, .. } = t else {
        return None;
    };
    match r.narrative[section].claims[claim].attr("金额")?.value {
        StatedValue::Amount(d) => Some(d),
        _ => None,
    }
}

fn significant_digits(v: Decimal) -> usize {
    v.normalize()
        .abs()
        .to_string()
        .trim_start_matches(['0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count()
}

/// A corrected value as it would be printed: with the decimals of the value it replaces, or the
/// report's precision where it fills a blank.
fn shown(v: Decimal, old: Option<Decimal>, precision: u32) -> String {
    let scale = old.map_or(precision, |o| o.scale());
    let mut v = v;
    if v.scale() < scale {
        v.rescale(scale);
    }
    v.to_string()
}

fn show_stated(v: &StatedValue) -> String {
    match v {
        StatedValue::Amount(d) | StatedValue::Count(d) => d.to_string(),
        StatedValue::Percent(d) => format!("{d}%"),
        StatedValue::Word(w) => w.clone(),
    }
}

/// A value's place: `收入支出决算总表 › 收入 › 本年收入合计（行 10）`, the column added when the
/// panel has several; a claim's section, subject and attribute.
pub fn place(r: &ReportParts, t: Target) -> String {
    match t {
        Target::Cell {
            table, panel, col, ..
        } => {
            let tb = &r.tables[table];
            let p = &tb.panels[panel];
            let mut parts = vec![tb.title.clone()];
            if let Some(n) = &p.name {
                parts.push(n.clone());
            }
            parts.push(row_words(r, t));
            if p.columns.len() > 1
                && let Some(c) = p.columns.get(col)
            {
                parts.push(c.name.clone());
            }
            parts.join(" › ")
        }
        Target::Claim {
            section,
            claim,
            attr,
        } => {
            let s = &r.narrative[section];
            let c = &s.claims[claim];
            let title = if s.title.is_empty() { &s.key } else { &s.title };
            format!("{title} › {} › {}", c.subject.text, c.attrs[attr].0)
        }
    }
}

/// A row's label with its 行次: `本年收入合计（行 10）`.
fn row_words(r: &ReportParts, t: Target) -> String {
    let Target::Cell {
        table, panel, row, ..
    } = t
    else {
        return String::new();
    };
    let row = &r.tables[table].panels[panel].rows[row];
    match &row.line {
        Some(l) if row.name.is_some() || row.code.is_some() => tr(
            format!("{}（行 {}）", row.label(), l.value),
            format!("{} (line {})", row.label(), l.value),
        ),
        _ => row.label(),
    }
}

/// A value's place within its table or claim: the row (and column), or the claim's subject.
fn short(r: &ReportParts, t: Target) -> String {
    match t {
        Target::Cell {
            table, panel, col, ..
        } => {
            let p = &r.tables[table].panels[panel];
            if p.columns.len() > 1 {
                let name = p.columns.get(col).map_or("", |c| c.name.as_str());
                format!("{} › {name}", row_words(r, t))
            } else {
                row_words(r, t)
            }
        }
        Target::Claim {
            section,
            claim,
            attr,
        } => {
            let c = &r.narrative[section].claims[claim];
            format!("{} › {}", c.subject.text, c.attrs[attr].0)
        }
    }
}

/// Applies a correction to report parts.
pub fn apply(r: &mut ReportParts, edits: &[(Target, Option<Decimal>)]) {
    for &(t, v) in edits {
        match t {
            Target::Cell {
                table,
                panel,
                row,
                col,
            } => {
                if let Some(c) = r
                    .tables
                    .get_mut(table)
                    .and_then(|x| x.panels.get_mut(panel))
                    .and_then(|p| p.rows.get_mut(row))
                    .and_then(|x| x.cells.get_mut(col))
                {
                    c.value = v;
                }
            }
            Target::Claim {
                section,
                claim,
                attr,
            } => {
                let Some(st) = r
                    .narrative
                    .get_mut(section)
                    .and_then(|s| s.claims.get_mut(claim))
                    .and_then(|c| c.attrs.get_mut(attr))
                    .map(|a| &mut a.1)
                else {
                    continue;
                };
                let Some(mut v) = v else { continue };
                match &mut st.value {
                    StatedValue::Amount(d) | StatedValue::Percent(d) | StatedValue::Count(d) => {
                        // a stated value keeps the precision it is printed with
                        if v.scale() < d.scale() {
                            v.rescale(d.scale());
                        }
                        *d = v;
                    }
                    StatedValue::Word(_) => {}
                }
            }
        }
    }
}
