//! The fast path of numeric comparisons: `r.合计 == r.a + r.b`, `r == sum(children(r))`,
//! `level(r) == 1`, `count(children(r)) > 0` — the shapes the table rules repeat for every row
//! and column. Intervals are added as fixed-point integers (10⁻⁸ units in an `i128`) instead
//! of three `rust_decimal` operations per addition, and no failure details are built.
//!
//! The fast path only ever answers "holds": whatever it cannot do exactly as the general path
//! would (a failing comparison, a tolerance, a percentage, a scale past 10⁻⁸, an error of any
//! kind), it gives up, the evaluator undoes what it counted and recorded, and the general path
//! evaluates the comparison from the start. A comparison that holds costs the same steps and
//! records the same cells in the same order as through the general path.
//!
//! Exactness: every value taken here has at most 8 decimals and stays below 10¹⁸ (10²⁶ units),
//! so the decimal arithmetic of the general path is exact on it too (its results never need
//! more than 8 decimals or 28 digits), and comparing the integers compares the same decimals.

use super::*;

/// Decimal places of a fixed-point value.
const SCALE: u32 = 8;
/// Magnitudes at or past this many units leave the fast path (no overflow, no rounding).
const BOUND: i128 = 100_000_000_000_000_000_000_000_000;
const POW10: [i128; SCALE as usize + 1] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
];

/// An interval in units of 10⁻⁸.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fx {
    lo: i128,
    hi: i128,
}

/// What an operand evaluated to before it is read as a number (a row is read in its cell
/// only after every operand is evaluated, as the general path does).
enum FxV {
    Num(Fx),
    Row(RowRef),
}

/// A decimal in units of 10⁻⁸, when it has at most 8 decimals and is within bounds.
fn units(v: Decimal) -> Option<i128> {
    let s = v.scale();
    if s > SCALE {
        return None;
    }
    // a mantissa has at most 96 bits: times 10⁸ it fits an i128
    let m = v.mantissa() * POW10[(SCALE - s) as usize];
    (m.abs() < BOUND).then_some(m)
}

fn bounded(f: Fx) -> Option<Fx> {
    (f.lo.abs() < BOUND && f.hi.abs() < BOUND).then_some(f)
}

fn whole(n: usize) -> Option<Fx> {
    let u = i128::try_from(n).ok()? * POW10[SCALE as usize];
    bounded(Fx { lo: u, hi: u })
}

fn exact(v: Decimal) -> Option<Fx> {
    let u = units(v)?;
    Some(Fx { lo: u, hi: u })
}

/// A number computed or read by the general path, when nothing but its interval matters.
fn of_num(n: &Num) -> Option<Fx> {
    if n.literal || n.ratio.is_some() || n.zero_base.is_some() {
        return None;
    }
    Some(Fx {
        lo: units(n.lo)?,
        hi: units(n.hi)?,
    })
}

/// Whether `a op b` holds for intervals, as the general path says.
fn holds(op: CmpOp, a: Fx, b: Fx) -> bool {
    super::interval_holds(op, (a.lo, a.hi), (b.lo, b.hi))
}

/// Whether an expression has a shape the fast path evaluates (values may still send it back).
fn supported(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Ref(_) | ExprKind::Number(_) => true,
        ExprKind::Paren(x) | ExprKind::Neg(x) => supported(x),
        ExprKind::Arith(ArithOp::Add | ArithOp::Sub, a, b) => supported(a) && supported(b),
        ExprKind::Call(f, args) => match f.text.as_str() {
            "sum" => args.iter().all(|a| match &a.kind {
                ExprKind::Ref(_) | ExprKind::Range(..) => true,
                ExprKind::Call(g, _) => g.text == "children" || g.text == "rows",
                _ => false,
            }),
            "level" | "count" => args.len() == 1,
            _ => false,
        },
        _ => false,
    }
}

impl<'a> Ev<'a> {
    /// Whether a numeric comparison holds, through the fast path: `Some(true)` when it holds;
    /// `Some(false)` or `None` when the general path must decide (the caller undoes the steps
    /// and cells recorded here first).
    pub(super) fn fast_compare(
        &mut self,
        operands: &'a [Expr],
        ops: &[(CmpOp, Loc)],
    ) -> Option<bool> {
        let key = operands.as_ptr() as usize;
        let ok = match self.fast_shapes.get(&key) {
            Some(&ok) => ok,
            None => {
                let ok = operands.iter().all(supported);
                self.fast_shapes.insert(key, ok);
                ok
            }
        };
        if !ok {
            return None;
        }
        // one comparison (the usual case): no lists
        if let ([a, b], [(op, _)]) = (operands, ops) {
            let va = self.fx(a)?;
            let vb = self.fx(b)?;
            let na = self.fx_num(va, a.loc)?;
            let nb = self.fx_num(vb, b.loc)?;
            return Some(holds(*op, na, nb));
        }
        let mut vals: smallvec::SmallVec<[FxV; 3]> = smallvec::SmallVec::new();
        for o in operands {
            vals.push(self.fx(o)?);
        }
        let mut nums: smallvec::SmallVec<[Fx; 3]> = smallvec::SmallVec::new();
        for (v, o) in vals.into_iter().zip(operands) {
            nums.push(self.fx_num(v, o.loc)?);
        }
        for (i, (op, _)) in ops.iter().enumerate() {
            if !holds(*op, nums[i], nums[i + 1]) {
                return Some(false);
            }
        }
        Some(true)
    }

    /// A comparison's verdict through the fast path, when it can give one: `Some(true)` when
    /// it holds, `Some(false)` when it does not and no details are wanted; `None` leaves it to
    /// the general path, with the steps and cells recorded here undone.
    pub(super) fn fast_verdict(
        &mut self,
        operands: &'a [Expr],
        ops: &[(CmpOp, Loc)],
        detail: bool,
    ) -> Option<bool> {
        if self.trace.is_some() || self.pack.tolerance.is_some() {
            return None;
        }
        let (steps, cells) = (self.steps, self.cells.len());
        match self.fast_compare(operands, ops) {
            Some(true) => return Some(true),
            Some(false) if !detail => return Some(false),
            _ => {}
        }
        self.steps = steps;
        self.cells.truncate(cells);
        None
    }

    /// One evaluation step, as `eval` counts it.
    fn tick(&mut self, n: u64) -> Option<()> {
        self.steps += n;
        (self.steps <= self.max_steps).then_some(())
    }

    fn fx(&mut self, e: &'a Expr) -> Option<FxV> {
        match &e.kind {
            ExprKind::Ref(r) => {
                // a row variable and its column, without the general evaluator's values
                if let Some(Val::Row(row)) = self.lookup_ref(&r.head.text) {
                    let row = *row;
                    self.tick(1)?;
                    return match r.segments.as_slice() {
                        [] => Some(FxV::Row(row)),
                        [seg] => self.row_column(row, seg).ok().map(FxV::Row),
                        _ => None,
                    };
                }
                match self.eval(e).ok()? {
                    Val::Row(r) => Some(FxV::Row(r)),
                    Val::Rows(rows) if rows.len() == 1 => Some(FxV::Row(rows[0])),
                    Val::Num(n) => of_num(&n).map(FxV::Num),
                    _ => None,
                }
            }
            ExprKind::Number(d) => {
                self.tick(1)?;
                exact(*d).map(FxV::Num)
            }
            ExprKind::Paren(x) => {
                self.tick(1)?;
                self.fx(x)
            }
            ExprKind::Neg(x) => {
                self.tick(1)?;
                let v = self.fx(x)?;
                let n = self.fx_num(v, x.loc)?;
                Some(FxV::Num(Fx {
                    lo: -n.hi,
                    hi: -n.lo,
                }))
            }
            ExprKind::Arith(op, a, b) => {
                self.tick(1)?;
                let va = self.fx(a)?;
                let na = self.fx_num(va, a.loc)?;
                let vb = self.fx(b)?;
                let nb = self.fx_num(vb, b.loc)?;
                let r = match op {
                    ArithOp::Add => Fx {
                        lo: na.lo + nb.lo,
                        hi: na.hi + nb.hi,
                    },
                    ArithOp::Sub => Fx {
                        lo: na.lo - nb.hi,
                        hi: na.hi - nb.lo,
                    },
                    _ => return None,
                };
                bounded(r).map(FxV::Num)
            }
            ExprKind::Call(f, args) => {
                self.tick(1)?;
                match (f.text.as_str(), args.as_slice()) {
                    ("sum", _) => self.fx_sum(args).map(FxV::Num),
                    ("level", [a]) => {
                        let r = self.row_arg(a).ok()?;
                        let row = &self.report.tables[r.table].panels[r.panel].rows[r.row];
                        whole(row.level().unwrap_or(0) as usize).map(FxV::Num)
                    }
                    ("count", [a]) => {
                        let n = match self.fx_children(a)? {
                            Some((_, kids)) => kids.len(),
                            None => match self.eval(a).ok()? {
                                Val::Rows(r) => r.len(),
                                Val::Claims(s) => s.claims.len(),
                                Val::Nums(ns) => ns.len(),
                                _ => 1,
                            },
                        };
                        whole(n).map(FxV::Num)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `children(r)` without a list of them: the row and its children's rows, counted as
    /// `eval` counts the call and its result; `Some(None)` when `a` is not such a call.
    #[allow(clippy::type_complexity)]
    fn fx_children(&mut self, a: &'a Expr) -> Option<Option<(RowRef, &'a [usize])>> {
        let ExprKind::Call(f, fargs) = &a.kind else {
            return Some(None);
        };
        if f.text != "children" || fargs.len() != 1 {
            return Some(None);
        }
        self.tick(1)?;
        let r = self.row_arg(&fargs[0]).ok()?;
        let kids = self.children_rows(r);
        self.tick(kids.len() as u64)?;
        Some(Some((r, kids)))
    }

    fn fx_sum(&mut self, args: &'a [Expr]) -> Option<Fx> {
        let mut acc = Fx { lo: 0, hi: 0 };
        let add = |acc: Fx, n: Fx| {
            bounded(Fx {
                lo: acc.lo + n.lo,
                hi: acc.hi + n.hi,
            })
        };
        for a in args {
            if let Some((r, kids)) = self.fx_children(a)? {
                for &row in kids {
                    let n = self.fx_cell(RowRef { row, ..r }, a.loc)?;
                    acc = add(acc, n)?;
                }
                continue;
            }
            match self.eval(a).ok()? {
                Val::Rows(rows) => {
                    for r in rows {
                        let n = self.fx_cell(r, a.loc)?;
                        acc = add(acc, n)?;
                    }
                }
                Val::Nums(ns) => {
                    for n in &ns {
                        acc = add(acc, of_num(n)?)?;
                    }
                }
                Val::Row(r) => {
                    let n = self.fx_cell(r, a.loc)?;
                    acc = add(acc, n)?;
                }
                Val::Num(n) => acc = add(acc, of_num(&n)?)?,
                _ => return None,
            }
        }
        Some(acc)
    }

    fn fx_num(&mut self, v: FxV, loc: Loc) -> Option<Fx> {
        match v {
            FxV::Num(n) => Some(n),
            FxV::Row(r) => self.fx_cell(r, loc),
        }
    }

    /// A cell as the interval its printed value stands for (see [`Num::printed`]).
    fn fx_cell(&mut self, r: RowRef, loc: Loc) -> Option<Fx> {
        let report: &'a Report = self.report;
        let value = match r.col {
            // the row's own column (`r.合计`, `t02.合计.事业收入`): read and recorded here
            Some(col) => {
                let cell = report.tables[r.table].panels[r.panel].rows[r.row]
                    .cells
                    .get(col)?;
                self.cells.push(Touch::Cell { r, col, loc });
                cell.value
            }
            None => self.cell_value(r, loc).ok()?,
        };
        let v = match value {
            None => return Some(Fx { lo: 0, hi: 0 }),
            Some(v) => v,
        };
        let d = self.report.precision.max(v.scale());
        if d >= SCALE {
            return None;
        }
        let m = units(v)?;
        // within 10²⁶ units and half a unit of 10⁻¹ at most from the value: sums are bounded
        let h = 5 * POW10[(SCALE - d - 1) as usize];
        Some(Fx {
            lo: m - h,
            hi: m + h,
        })
    }
}
