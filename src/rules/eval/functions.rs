//! The built-in functions (`sum`, `pct`, `growth`, `children`, `row`, …).

use super::*;

impl<'a> Ev<'a> {
    // ---- functions --------------------------------------------------------------------

    #[inline(never)]
    pub(super) fn call(&mut self, e: &'a Expr, name: &Name, args: &'a [Expr]) -> R<Val<'a>> {
        let arith = |r: Arith| r.map_err(|k| Stop::Arith(k, e.loc));
        if let Some(r) = self.text_function(&name.text, args) {
            return r;
        }
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
                    // `sum(children(r))`, the hierarchy rules' inner loop: the children's cells
                    // straight from the panel's index, without a list of them; the same steps
                    // are counted as `eval` counts (not when tracing, which records each value)
                    if self.trace.is_none()
                        && let ExprKind::Call(f, fargs) = &a.kind
                        && f.text == "children"
                        && fargs.len() == 1
                    {
                        self.steps += 1;
                        if self.steps > self.max_steps {
                            return Err(Stop::Limit);
                        }
                        let r = self.row_arg(&fargs[0])?;
                        let kids = self.children_rows(r);
                        self.steps += kids.len() as u64;
                        if self.steps > self.max_steps {
                            return Err(Stop::Limit);
                        }
                        for &row in kids {
                            let n = self.cell(RowRef { row, ..r }, a.loc)?;
                            add(n)?;
                        }
                        continue;
                    }
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
                // nothing over nothing (决算 0 of a 预算 0): 0%, not a division by zero
                if whole.may_be_zero() && part.may_be_zero() {
                    return Ok(Val::Num(Num::over_zero_base(ZeroBase::ZeroOverZero)));
                }
                Ok(Val::Num(arith(Num::pct(&part, &whole))?))
            }
            "growth" => {
                let v = self.eval(&args[0])?;
                let current = self.num(v, args[0].loc)?;
                let v = self.eval(&args[1])?;
                let change = self.num(v, args[1].loc)?;
                let prior = arith(current.sub(&change, Unit::Amount))?;
                // a prior year of zero: no change is 0%, growth from nothing is stated as 100%
                if prior.may_be_zero() {
                    let z = if change.may_be_zero() {
                        ZeroBase::ZeroOverZero
                    } else {
                        ZeroBase::GrowthFromZero
                    };
                    return Ok(Val::Num(Num::over_zero_base(z)));
                }
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
                    Err(Stop::Bind(_) | Stop::Missing(_) | Stop::NotApplicable) => false,
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
            "layout_name" => Ok(Val::Word(
                self.layout
                    .map(|l| self.pack.layouts[l].name.text.clone())
                    .unwrap_or_default(),
            )),
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
                let kids = self.children_rows(r);
                Ok(Val::Rows(
                    kids.iter().map(|&row| RowRef { row, ..r }).collect(),
                ))
            }
            "rows" => {
                // a table or panel: its rows by level straight from the panels, counted as
                // listing them would count
                if let Some(tp) = self.table_panels(&args[0]) {
                    let (t, panels) = tp?;
                    let table = &self.report.tables[t];
                    let listed: usize = panels.iter().map(|&p| table.panels[p].rows.len()).sum();
                    self.steps += 1 + listed as u64;
                    if self.steps > self.max_steps {
                        return Err(Stop::Limit);
                    }
                    let lv = self.eval(&args[1])?;
                    let level = self.num(lv, args[1].loc)?.mid;
                    // `level() == level` as decimals: only a whole level can match
                    let want = if level.fract().is_zero() {
                        rust_decimal::prelude::ToPrimitive::to_u32(&level)
                    } else {
                        None
                    };
                    let mut rows = Vec::new();
                    for &p in &panels {
                        for (row, r) in table.panels[p].rows.iter().enumerate() {
                            if want.is_some() && r.level() == want {
                                rows.push(RowRef {
                                    table: t,
                                    panel: p,
                                    row,
                                    col: None,
                                });
                            }
                        }
                    }
                    return Ok(Val::Rows(rows));
                }
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
                // a table or panel: its first panel with rows, without listing (or counting)
                // its rows, so `for k in columns(t)` inside `for r in t` stays linear
                if let Some(tp) = self.table_panels(&args[0]) {
                    let (t, panels) = tp?;
                    self.steps += 1;
                    if self.steps > self.max_steps {
                        return Err(Stop::Limit);
                    }
                    let table = &self.report.tables[t];
                    return match panels.iter().find(|&&p| !table.panels[p].rows.is_empty()) {
                        Some(&p) => Ok(Val::Columns(t, p)),
                        None => Err(self.bad(args[0].loc, "columns(…) takes a table or a row")),
                    };
                }
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
                let report: &'a Report = self.report;
                let key: (Option<&str>, &str) = match self.eval(&args[1])? {
                    Val::Claim(_, claim) => (
                        claim.code.as_ref().map(|c| c.text.as_str()),
                        claim.subject.text.as_str(),
                    ),
                    Val::Row(r) => {
                        let row = &report.tables[r.table].panels[r.panel].rows[r.row];
                        (
                            row.code.as_ref().map(|c| c.text.as_str()),
                            row.name.as_ref().map_or("", |n| n.text.as_str()),
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
                let hit = panels.iter().find_map(|&(t, p)| {
                    let panel = &report.tables[t].panels[p];
                    // by code, else by label (01 and 04 print no codes)
                    let row = key
                        .0
                        .and_then(|code| panel.row_by_code(code))
                        .or_else(|| panel.rows_named(key.1).first().copied())?;
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
    pub(super) fn panels_of(&mut self, e: &'a Expr) -> R<Vec<(usize, usize)>> {
        let key = e as *const Expr as usize;
        if let Some(p) = self.plan_panels(key) {
            return Ok(p);
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
            self.plan.panel_sets.insert(key, panels.clone());
        }
        Ok(panels)
    }

    /// The report table and panels a table expression (`t02`, `t04.支出`) stands for, without
    /// listing its rows; `None` when the expression is anything else (a variable, a row, a
    /// definition), which the general evaluation handles.
    #[allow(clippy::type_complexity)]
    pub(super) fn table_panels(
        &mut self,
        e: &'a Expr,
    ) -> Option<R<(usize, smallvec::SmallVec<[usize; 4]>)>> {
        // tracing records the table expression as a step of its own
        if self.trace.is_some() {
            return None;
        }
        let ExprKind::Ref(r) = &e.kind else {
            return None;
        };
        let h = r.head.text.as_str();
        let key = r as *const Reference as usize;
        if r.segments.len() > 1
            || self.lookup_ref(h).is_some()
            || self.plan_row(key).is_some()
            || self.claims.contains_key(&key)
            || h == "说明"
        {
            return None;
        }
        let decl = self.head_decls(r).0?;
        let t = match self.table(decl) {
            Ok(t) => t,
            Err(stop) => {
                // counted as `eval` would have counted the reference that stopped
                self.steps += 1;
                if self.steps > self.max_steps {
                    return Some(Err(Stop::Limit));
                }
                return Some(Err(stop));
            }
        };
        let table = &self.report.tables[t];
        let Some(seg) = r.segments.first() else {
            return Some(Ok((t, (0..table.panels.len()).collect())));
        };
        // a panel, as `table_ref` reads one: a name of a panel that is not also a row's
        if let SegmentKind::Name(_) = &seg.kind
            && let Some(p) = table
                .panels
                .iter()
                .position(|p| p.norm_name.as_deref() == Some(seg.norm.as_str()))
            && (table.panels.len() > 1 || self.find_rows(t, &table.panels[p], seg).is_empty())
        {
            return Some(Ok((t, smallvec::smallvec![p])));
        }
        None
    }

    /// The rows of a row's children (by code, through the panel's index); none without a code.
    pub(super) fn children_rows(&self, r: RowRef) -> &'a [usize] {
        let report: &'a Report = self.report;
        let panel = &report.tables[r.table].panels[r.panel];
        match &panel.rows[r.row].code {
            Some(c) if !c.text.is_empty() => panel.children_of(&c.text),
            _ => &[],
        }
    }

    pub(super) fn row_arg(&mut self, a: &'a Expr) -> R<RowRef> {
        // a row variable (`level(r)`, `children(r)`): one step, as `eval` counts it
        if self.trace.is_none()
            && let ExprKind::Ref(r) = &a.kind
            && r.segments.is_empty()
            && let Some(Val::Row(row)) = self.lookup_ref(&r.head.text)
        {
            let row = *row;
            self.steps += 1;
            if self.steps > self.max_steps {
                return Err(Stop::Limit);
            }
            return Ok(row);
        }
        match self.eval(a)? {
            Val::Row(r) => Ok(r),
            Val::Rows(rows) if rows.len() == 1 => Ok(rows[0]),
            _ => Err(self.bad(a.loc, "this takes one row")),
        }
    }
}
