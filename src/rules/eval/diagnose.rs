//! Explaining failures: the finding for a failed assertion, its message and values, the
//! diagnosis of a stated percentage (truncated, nudged, taken over another base), and how
//! cells and values are shown.

use super::*;

impl<'a> Ev<'a> {
    pub(super) fn stop(&mut self, stop: Stop, rule: &'a Rule, e: &Expr, out: &mut Outcome) {
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
            Stop::Missing(m) => self.missing.push(*m),
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
                        label: text::HERE.into(),
                    }],
                    notes: vec![note],
                    sides: None,
                };
                out.findings.push(self.finding(rule, f));
            }
        }
    }

    pub(super) fn finding(&mut self, rule: &'a Rule, f: Failure) -> Finding {
        let severity = match f.kind {
            FindingKind::Truncated | FindingKind::Nudged => rule.severity.min(Severity::Warning),
            FindingKind::ZeroBase => Severity::Info,
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

    pub(super) fn interpolate(&mut self, m: &str, f: &Failure) -> String {
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
                "match" => self.last_match.clone(),
                // where the text in hand is printed: its table, section, 目录 or 封面
                "place" => self.subjects.iter().rev().find_map(|v| match v {
                    Val::Text(t) => Some(t.place.to_string()),
                    _ => None,
                }),
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
    pub(super) fn named_value(&mut self, name: &str) -> Option<String> {
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
    pub(super) fn show_value(&mut self, v: Val<'a>) -> String {
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

    pub(super) fn numeric_failure(
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
                _ if n.blank => return text::BLANK.into(),
                Origin::Written { .. } => n.mid.to_string(),
                Origin::Computed => fixed2(n.mid),
            };
            if pct { format!("{v}%") } else { v }
        };
        let amounts = a.unit == Unit::Amount || b.unit == Unit::Amount;
        let slack = match self.pack.tolerance {
            Some(t) if !pct && amounts => t,
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
        if !pct && op == CmpOp::Eq && kind == FindingKind::Mismatch {
            notes.extend(self.other_totals(a, b));
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

    /// `a == b` where one side is a rate over a zero base: the conventions reviewers accept
    /// (0% for nothing over nothing, 100% for growth from nothing; an info saying why) hold,
    /// any other stated rate is wrong. `None`: the comparison holds with nothing to say.
    pub(super) fn zero_base(
        &mut self,
        e: &Expr,
        z: ZeroBase,
        a: &Num,
        b: &Num,
        locs: (Loc, Loc),
        detail: bool,
    ) -> Option<Verdict> {
        let (conv, stated) = if a.zero_base.is_some() {
            (a, b)
        } else {
            (b, a)
        };
        let holds = conv.can_equal(stated) || stated.zero_base == Some(z);
        let kind = match (z, holds) {
            (ZeroBase::ZeroOverZero, true) => return None,
            (ZeroBase::GrowthFromZero, true) => FindingKind::ZeroBase,
            (_, false) => FindingKind::DivisionByZero,
        };
        if !detail {
            // inside a condition: the conventional value is the value
            return (!holds).then(|| Verdict::Fail(Box::new(Failure::bare(kind, e.loc))));
        }
        let mut f = self.numeric_failure(e, CmpOp::Eq, a, b, locs.0, locs.1);
        f.kind = kind;
        f.values = None;
        f.notes = vec![match (z, holds) {
            (ZeroBase::GrowthFromZero, true) => text::growth_from_zero_stated(),
            (ZeroBase::GrowthFromZero, false) => text::growth_from_zero_wrong(&show_stated(stated)),
            (ZeroBase::ZeroOverZero, _) => text::zero_over_zero_wrong(&show_stated(stated)),
        }];
        Some(Verdict::Fail(Box::new(f)))
    }

    /// A narrative amount that misses the total it is labelled with but is exactly another of
    /// the report's totals (the pack's `bases`): say which, since the narrative most likely
    /// names the wrong total (swu-2023 states 收入总计 430,725.03, its 本年收入合计).
    fn other_totals(&mut self, a: &Num, b: &Num) -> Vec<String> {
        // the side a narrative claim states
        let stated_claim = self.cells.iter().find_map(|t| match t {
            Touch::Claim { stated, .. } => match stated.value {
                StatedValue::Amount(d) if d == a.mid || d == b.mid => Some(d),
                _ => None,
            },
            _ => None,
        });
        let Some(stated) = stated_claim else {
            return Vec::new();
        };
        let other = if stated == a.mid { b } else { a };
        let saved_cells = std::mem::take(&mut self.cells);
        let saved_trace = self.trace.take();
        let mut notes = Vec::new();
        for base in &self.pack.bases {
            let Ok(v) = self.eval(base) else { continue };
            let Ok(n) = self.num(v, base.loc) else {
                continue;
            };
            if n.unit != Unit::Amount || n.blank || n.mid.is_zero() || n.mid == other.mid {
                continue;
            }
            if n.mid == stated {
                notes.push(text::other_total(
                    &fmt_dec(stated),
                    self.src(base.loc),
                    &fmt_dec(other.mid),
                ));
                break;
            }
        }
        self.cells = saved_cells;
        self.trace = saved_trace;
        notes
    }

    /// The pack's `bases` that would make `part / base` match the stated percentage.
    pub(super) fn other_bases(&mut self, part: &Num, whole: &Num, stated: &Num) -> Vec<String> {
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

    /// The rows, claims or columns the quantifiers are at: `支出 › 一、一般公共服务支出`.
    pub(super) fn subject(&self) -> Option<String> {
        if self.subjects.is_empty() {
            return None;
        }
        let labels: Vec<String> = self
            .subjects
            .iter()
            .map(|v| match v {
                Val::Row(r) => row_label(self.report, *r),
                Val::Claim(_, c) => c.subject.text.clone(),
                Val::Text(t) => short_text(t.text),
                Val::Column(c) => self.column_name(*c).to_string(),
                other => display_val(self.report, other),
            })
            .collect();
        Some(labels.join(" › "))
    }

    /// A cell or claim read, as text for a finding.
    pub(super) fn materialise(&self, t: &Touch<'a>) -> CellRef {
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
            Touch::Text(t) => CellRef {
                reference: t.place.to_string(),
                place: t.place.to_string(),
                short: short_text(t.text),
                value: Some(t.text.to_string()),
                span: t.span,
            },
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
}

/// A value rounded half up to exactly two decimals: `88` → `88.00`.
pub(super) fn fixed2(v: Decimal) -> String {
    let mut r = round_half_up(v, 2);
    r.rescale(2);
    let s = r.to_string();
    if s == "-0.00" { "0.00".into() } else { s }
}

/// In a comparison of two percentages, the stated one (written in the report or the rule)
/// and the computed one.
pub(super) fn stated_and_computed<'n>(a: &'n Num, b: &'n Num) -> Option<(&'n Num, &'n Num)> {
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
pub(super) fn percent_diagnosis(stated: &Num, computed: &Num) -> Option<(FindingKind, String)> {
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

pub(super) fn row_label(report: &Report, r: RowRef) -> String {
    let t = &report.tables[r.table];
    let p = &t.panels[r.panel];
    let row = &p.rows[r.row];
    match &p.name {
        Some(pn) if t.panels.len() > 1 => format!("{pn} › {}", row.label()),
        _ => row.label(),
    }
}

pub(super) fn display_val(report: &Report, v: &Val) -> String {
    match v {
        Val::Num(n) => {
            if n.blank {
                text::BLANK.into()
            } else if n.unit == Unit::Percent {
                format!("{}%", show(n.mid, 4))
            } else {
                show(n.mid, 4)
            }
        }
        Val::Bool(b) => text::truth(*b).into(),
        Val::Row(r) => row_label(report, *r),
        Val::Rows(rs) => text::n_rows(rs.len()),
        Val::Claims(s) => text::section(&s.key),
        Val::Claim(_, c) => c.subject.text.clone(),
        Val::Columns(..) => text::COLUMNS.into(),
        Val::Column(c) => report.tables[c.table].panels[c.panel].columns[c.col]
            .name
            .clone(),
        Val::Word(w) => w.clone(),
        Val::Texts(ts) => text::n_texts(ts.len()),
        Val::Text(t) => short_text(t.text),
        Val::Nums(ns) => text::n_values(ns.len()),
    }
}

pub(super) fn show_interval(n: &Num) -> String {
    let pct = if n.unit == Unit::Percent { "%" } else { "" };
    if n.blank {
        return text::BLANK_COUNTS_AS_0.into();
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

pub(super) fn default_message(src: &str, f: &Failure) -> String {
    let src = src.split_whitespace().collect::<Vec<_>>().join(" ");
    match (&f.kind, &f.values) {
        (
            FindingKind::DivisionByZero
            | FindingKind::Overflow
            | FindingKind::MissingTable
            | FindingKind::ZeroBase,
            _,
        ) => f.notes.first().cloned().unwrap_or_default(),
        (_, Some(v)) => text::comparison_fails(&src, &v.left, &v.right, &v.difference, &v.slack),
        (_, None) => text::condition_fails(
            &src,
            f.sides.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
        ),
    }
}

/// A stated percentage as written (`100%`, `53.93%`).
fn show_stated(n: &Num) -> String {
    format!("{}%", fmt_dec(n.mid))
}

/// A text as a subject: its first 40 characters.
pub(super) fn short_text(s: &str) -> String {
    let s = s.trim();
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}
