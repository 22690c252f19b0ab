//! Resolving references against a report: tables by title, rows by name, code or 行次, columns
//! by header labels, claims by section and subject. A part the report lacks is a
//! [`Missing`](super::Stop::Missing) fact about the report, not an error of the pack.

use super::*;

impl<'a> Ev<'a> {
    // ---- references -------------------------------------------------------------------

    pub(super) fn reference(&mut self, r: &'a Reference) -> R<Val<'a>> {
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
        // a bare column name inside `in ROW { … }` (neither a table, a definition nor 说明, so
        // none of the lookups below could answer it): straight to the row's column
        if let Some(row) = self.ctx.in_row
            && r.segments.is_empty()
            && h != "说明"
            && let (None, None) = self.head_decls(r)
        {
            return self.in_row_column(row, r);
        }
        // A reference node that resolved once resolves the same way again in this report:
        // scoping is lexical, so no variable can shadow its head at one visit and not another.
        let key = r as *const Reference as usize;
        if let Some(row) = self.plan_row(key) {
            return Ok(Val::Row(row));
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
        let (table_decl, let_decl) = self.head_decls(r);
        if let Some(decl) = table_decl {
            let t = self.table(decl)?;
            let v = self.table_ref(t, decl, &r.segments, r)?;
            if let Val::Row(row) = v {
                self.plan.resolved.insert(key, row);
            }
            return Ok(v);
        }
        if let Some(l) = let_decl {
            if self.let_stack.iter().any(|n| n == h) {
                return Err(Stop::Bind(Box::new(PackError::new(
                    PackErrorKind::CyclicLet {
                        name: h.to_string(),
                        chain: self.let_stack.join(" → "),
                    },
                    r.loc,
                ))));
            }
            if self.let_stack.len() > crate::rules::check::MAX_LET_DEPTH {
                return Err(Stop::Bind(Box::new(PackError::new(
                    PackErrorKind::TooComplex {
                        what: format!("the chain of definitions that `{h}` uses"),
                        limit: crate::rules::check::MAX_LET_DEPTH,
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
            return self.in_row_column(row, r);
        }
        Err(Stop::Bind(Box::new(PackError::new(
            PackErrorKind::UnknownName {
                name: h.to_string(),
            },
            r.head.loc,
        ))))
    }

    /// A bare column name inside `in ROW { … }`: the same answer for every row of the panel,
    /// so it is looked up once (as a segment after a row variable is), then memoised.
    fn in_row_column(&mut self, row: RowRef, r: &'a Reference) -> R<Val<'a>> {
        let h = r.head.text.as_str();
        let key = (&r.head as *const Name as usize, row.table, row.panel);
        let slot = (key.0 >> 3) % COLUMN_MEMO;
        let m = self.column_memo[slot];
        let col = if (m.0, m.1, m.2) == key {
            m.3
        } else {
            let c = match self.plan_column(key) {
                Some(c) => c,
                None => {
                    let report: &'a Report = self.report;
                    let panel = &report.tables[row.table].panels[row.panel];
                    let c = self.find_column(row.table, panel, h);
                    self.plan.columns.insert(key, c);
                    c
                }
            };
            self.column_memo[slot] = (key.0, key.1, key.2, c);
            c
        };
        match col {
            Some(c) => Ok(Val::Row(RowRef {
                col: Some(c),
                ..row
            })),
            None => Err(self.unknown_column(row.table, row.panel, h, r.head.loc)),
        }
    }

    /// The table and definition a reference's head names in the pack (either may be absent),
    /// looked up once per reference node.
    pub(super) fn head_decls(
        &mut self,
        r: &'a Reference,
    ) -> (Option<&'a TableDecl>, Option<&'a LetDecl>) {
        let key = r as *const Reference as usize;
        if let Some(&d) = self.heads.get(&key) {
            return d;
        }
        let pack: &'a Pack = self.pack;
        let d = (pack.table(&r.head.text), pack.let_decl(&r.head.text));
        self.heads.insert(key, d);
        d
    }

    pub(super) fn var_segments(&mut self, v: Val<'a>, r: &'a Reference) -> R<Val<'a>> {
        let segs = &r.segments;
        if segs.is_empty() {
            return Ok(v);
        }
        match v {
            Val::Row(row) if segs.len() == 1 => self.row_column(row, &segs[0]).map(Val::Row),
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

    /// `r.column`: the cell of a row variable's row in the column a segment names.
    pub(super) fn row_column(&mut self, row: RowRef, seg: &'a Segment) -> R<RowRef> {
        let key = (seg as *const Segment as usize, row.table, row.panel);
        // the same segment read on every row of a panel: a direct-mapped memo before the plan
        let slot = (key.0 >> 3) % COLUMN_MEMO;
        let m = self.column_memo[slot];
        let col = if (m.0, m.1, m.2) == key {
            m.3
        } else {
            let c = self.column_of_segment(key, row, seg);
            self.column_memo[slot] = (key.0, key.1, key.2, c);
            c
        };
        match col {
            Some(c) => Ok(RowRef {
                col: Some(c),
                ..row
            }),
            None => Err(self.unknown_column(row.table, row.panel, &seg.kind.display(), seg.loc)),
        }
    }

    fn column_of_segment(
        &mut self,
        key: (usize, usize, usize),
        row: RowRef,
        seg: &'a Segment,
    ) -> Option<usize> {
        let report: &'a Report = self.report;
        let panel = &report.tables[row.table].panels[row.panel];
        // found or not, the answer is the same for every row of the panel
        match self.plan_column(key) {
            Some(c) => c,
            None => {
                let c = match &seg.kind {
                    SegmentKind::Name(n) => self.find_column(row.table, panel, n),
                    SegmentKind::Column(n) => panel.column_by_number(*n),
                    SegmentKind::Line(_) | SegmentKind::Code(_) => None,
                };
                self.plan.columns.insert(key, c);
                c
            }
        }
    }

    pub(super) fn claim_value(
        &mut self,
        s: &'a Section,
        c: &'a Claim,
        attr: &str,
        loc: Loc,
    ) -> R<Val<'a>> {
        if let Some(st) = c.attr(attr)
            && let StatedValue::Word(w) = &st.value
        {
            return Ok(Val::Word(w.clone()));
        }
        Ok(Val::Num(self.claim_attr(s, c, attr, loc)?))
    }

    pub(super) fn claim_ref(&mut self, r: &'a Reference) -> R<Val<'a>> {
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

    pub(super) fn table(&mut self, decl: &'a TableDecl) -> R<usize> {
        if let Some(r) = self.plan_table(&decl.alias.text) {
            return match r.clone() {
                Ok(t) => Ok(t),
                Err(m) => Err(self.table_stop(decl, &m)),
            };
        }
        // through the report's index of titles and aliases
        let found = decl
            .titles
            .iter()
            .find_map(|t| self.report.table_index(&t.text));
        let r = match found {
            Some(t) => {
                if self.alias_of(t).is_none() {
                    self.plan.aliases.insert(t, decl.alias.text.clone());
                }
                Ok(t)
            }
            None => {
                // a table of another layout is never reported missing (see `table_stop`): no
                // suggestion is worth computing for it
                let help = if self.outside_report_layout(&decl.alias.text) {
                    None
                } else {
                    let titles: Vec<&str> = self
                        .report
                        .tables
                        .iter()
                        .map(|t| t.title.as_str())
                        .collect();
                    decl.titles
                        .iter()
                        .find_map(|t| suggest(&t.text, titles.iter().copied()))
                        .map(|s| text::table_did_you_mean(&s, &decl.alias.text))
                };
                Err(Box::new(MissingPart {
                    kind: MissingKind::Table,
                    name: decl
                        .titles
                        .iter()
                        .map(|t| format!("“{}”", t.text))
                        .collect::<Vec<_>>()
                        .join(text::OR.get()),
                    table: decl.alias.text.clone(),
                    loc: decl.alias.loc,
                    report_span: None,
                    help,
                }))
            }
        };
        self.plan.tables.insert(decl.alias.text.clone(), r.clone());
        match r {
            Ok(t) => Ok(t),
            Err(m) => Err(self.table_stop(decl, &m)),
        }
    }

    /// Why a table the report lacks stops a rule: the rule does not apply when the report's
    /// layout has no such table, else it is not checked.
    fn table_stop(&mut self, decl: &TableDecl, m: &MissingPart) -> Stop {
        if self.outside_report_layout(&decl.alias.text) {
            self.outside_layout = true;
            return Stop::NotApplicable;
        }
        if self.probing {
            return Stop::NotApplicable;
        }
        Stop::Missing(Box::new(m.clone()))
    }

    /// Whether a table alias belongs to a declared layout other than the report's.
    fn outside_report_layout(&self, alias: &str) -> bool {
        let Some(l) = self.layout else {
            return false;
        };
        let in_report_layout = self.pack.layouts[l].tables.iter().any(|t| t.text == alias);
        let in_some_layout = self
            .pack
            .layouts
            .iter()
            .any(|x| x.tables.iter().any(|t| t.text == alias));
        in_some_layout && !in_report_layout
    }

    /// The declared variants of a normalised label in table `t`, the label itself first.
    pub(super) fn variants(&self, t: usize, norm: &str) -> smallvec::SmallVec<[&'a str; 4]> {
        let pack: &'a Pack = self.pack;
        let alias = self.alias_of(t);
        let mut out = smallvec::SmallVec::new();
        for n in &pack.names {
            if !n.norms.iter().any(|x| x == norm) {
                continue;
            }
            if !n.tables.is_empty() && !alias.is_some_and(|a| n.applies_to(a)) {
                continue;
            }
            for v in &n.norms {
                if v != norm && !out.contains(&v.as_str()) {
                    out.push(v.as_str());
                }
            }
        }
        out
    }

    /// A label's canonical form in table `t`: the first name of its `names` declaration.
    fn canonical<'s>(&self, t: usize, norm: &'s str) -> std::borrow::Cow<'s, str> {
        let alias = self.alias_of(t);
        for n in &self.pack.names {
            if n.norms.iter().any(|x| x == norm)
                && (n.tables.is_empty() || alias.is_some_and(|a| n.applies_to(a)))
            {
                return std::borrow::Cow::Owned(n.norms[0].clone());
            }
        }
        std::borrow::Cow::Borrowed(norm)
    }

    /// Rows of a panel that a segment names: by 行次, code or normalised name, then by a
    /// declared variant of the name.
    pub(super) fn find_rows(
        &self,
        t: usize,
        panel: &crate::report::Panel,
        seg: &Segment,
    ) -> Vec<usize> {
        let rows = find_rows(panel, seg);
        if !rows.is_empty() || !matches!(seg.kind, SegmentKind::Name(_)) {
            return rows;
        }
        for v in self.variants(t, &seg.norm) {
            let rows = panel.rows_named_normalized(v);
            if !rows.is_empty() {
                return rows.to_vec();
            }
        }
        Vec::new()
    }

    /// A column by its header labels: the exact name; else the column whose labels are the
    /// same set (in any order, variants declared with `names` counted as one); else the one
    /// column whose labels include all of the reference's (`小计` finds `本年支出/小计`,
    /// `因公出国（境）费/决算数` finds `决算数/因公出国（境）费`); else the one column named by
    /// the reference's last label alone (`事业收入/金额` finds `金额`).
    pub(super) fn find_column(
        &self,
        t: usize,
        panel: &crate::report::Panel,
        name: &str,
    ) -> Option<usize> {
        if let Some(c) = panel.column_named(name) {
            return Some(c);
        }
        let labels = |s: &str| -> Vec<String> {
            let mut v: Vec<String> = s
                .split('/')
                .map(normalize_name)
                .filter(|l| !l.is_empty())
                .map(|l| self.canonical(t, &l).into_owned())
                .collect();
            v.sort();
            v
        };
        let wanted = labels(name);
        if wanted.is_empty() {
            return None;
        }
        let cols: Vec<Vec<String>> = panel.columns.iter().map(|c| labels(&c.name)).collect();
        let same: Vec<usize> = (0..cols.len()).filter(|&i| cols[i] == wanted).collect();
        if same.len() == 1 {
            return Some(same[0]);
        }
        if !same.is_empty() {
            return None;
        }
        let within: Vec<usize> = (0..cols.len())
            .filter(|&i| is_sub_multiset(&wanted, &cols[i]))
            .collect();
        if !within.is_empty() {
            return (within.len() == 1).then(|| within[0]);
        }
        // a report that names a column by its lowest label alone (`金额` under 事业收入): the
        // reference's last label, when exactly one column is named so
        let last = self
            .canonical(t, &normalize_name(name.rsplit('/').next().unwrap_or(name)))
            .into_owned();
        let lowest: Vec<usize> = (0..cols.len())
            .filter(|&i| cols[i].len() == 1 && cols[i][0] == last)
            .collect();
        (lowest.len() == 1).then(|| lowest[0])
    }

    pub(super) fn table_ref(
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
            && (table.panels.len() > 1 || self.find_rows(t, &table.panels[p], &segs[0]).is_empty())
        {
            panels = vec![p];
            i = 1;
            if segs.len() == 1 {
                return Ok(Val::Rows(self.panel_rows(t, &panels)));
            }
        }
        let seg = &segs[i];
        // A table printed empty (本表无数据) reads as blank cells: its template rows and
        // columns are checked against the layout when the pack loads.
        if panels.iter().all(|&p| table.panels[p].rows.is_empty()) {
            return Ok(Val::Num(Num::blank(Unit::Amount)));
        }
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for &p in &panels {
            for row in self.find_rows(t, &table.panels[p], seg) {
                matches.push((p, row));
            }
        }
        if matches.is_empty()
            && let SegmentKind::Name(n) = &seg.kind
        {
            // suffix match: `收入合计` finds `本年收入合计` when only one label ends so
            // (through the names normalised at load, then in printed order)
            let norm = normalize_name(n);
            for &p in &panels {
                for (name, rows) in table.panels[p].normalized_row_names() {
                    if name.ends_with(&norm) {
                        matches.extend(rows.iter().map(|&ri| (p, ri)));
                    }
                }
            }
            matches.sort_unstable();
            // a column of a one-row panel (the 三公 table prints one unlabelled row)
            if matches.is_empty() {
                for &p in &panels {
                    let panel = &table.panels[p];
                    if panel.rows.len() == 1
                        && let Some(c) = self.find_column(t, panel, n)
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
        // one row printed twice (a 合计 at the head and again at the foot of the table): the
        // same label with the same values in every cell is one row, not an ambiguity
        if matches.len() > 1 {
            let (p0, r0) = matches[0];
            let first = &table.panels[p0].rows[r0].cells;
            if matches.iter().all(|&(p, r)| {
                p == p0
                    && table.panels[p].rows[r]
                        .cells
                        .iter()
                        .map(|c| c.value)
                        .eq(first.iter().map(|c| c.value))
            }) {
                matches.truncate(1);
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
            // a one-row panel reads a name that is no row as a column of its row (above):
            // what is missing is a column, and the suggestions are its columns
            0 if matches!(seg.kind, SegmentKind::Name(_))
                && panels.iter().all(|&p| table.panels[p].rows.len() == 1) =>
            {
                return Err(self.unknown_column(t, panels[0], &seg.kind.display(), seg.loc));
            }
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
                        suggest(n, names.iter().copied()).map(|s| text::did_you_mean(&s))
                    }
                    SegmentKind::Code(_) => Some(text::NO_ROW_WITH_CODE.into()),
                    SegmentKind::Line(_) => Some(text::NO_ROW_WITH_LINE.into()),
                    SegmentKind::Column(_) => {
                        return Err(self.bad(seg.loc, "第N栏 names a column; put a row before it"));
                    }
                };
                return Err(Stop::Missing(Box::new(MissingPart {
                    kind: MissingKind::Row,
                    name: seg.kind.display(),
                    table: table.title.clone(),
                    loc: seg.loc,
                    report_span: Some(table.span),
                    help,
                })));
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
                if self.probing {
                    return Err(Stop::NotApplicable);
                }
                return Err(Stop::Missing(Box::new(MissingPart {
                    kind: MissingKind::Ambiguous,
                    name: seg.kind.display(),
                    table: table.title.clone(),
                    loc: seg.loc,
                    report_span: Some(table.span),
                    help: Some(text::ambiguous_help(&candidates)),
                })));
            }
        };
        i += 1;
        let mut col = None;
        if let Some(cseg) = segs.get(i) {
            let panel = &table.panels[p];
            col = match &cseg.kind {
                SegmentKind::Name(n) => self.find_column(t, panel, n),
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

    pub(super) fn panel_rows(&self, t: usize, panels: &[usize]) -> Vec<RowRef> {
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

    pub(super) fn unknown_column(&self, t: usize, p: usize, name: &str, loc: Loc) -> Stop {
        if self.probing {
            return Stop::NotApplicable;
        }
        let table = &self.report.tables[t];
        let panel = &table.panels[p];
        let names: Vec<&str> = panel.columns.iter().map(|c| c.name.as_str()).collect();
        let help = suggest(name, names.iter().copied())
            .map(|s| text::did_you_mean(&s))
            .unwrap_or_else(|| text::the_columns_are(&names.join("、")));
        Stop::Missing(Box::new(MissingPart {
            kind: MissingKind::Column,
            name: name.to_string(),
            table: table.title.clone(),
            loc,
            report_span: Some(table.span),
            help: Some(help),
        }))
    }

    pub(super) fn range(&mut self, a: &'a Reference, b: &'a Reference) -> R<Vec<RowRef>> {
        // the start is a row, or a panel (`t04.收入 .. 本年收入合计`: from its first row)
        let start = match self.reference(a)? {
            Val::Row(r) => r,
            Val::Rows(rows)
                if !rows.is_empty()
                    && rows
                        .iter()
                        .all(|r| (r.table, r.panel) == (rows[0].table, rows[0].panel)) =>
            {
                rows[0]
            }
            // an empty table (本表无数据): nothing to add up
            Val::Rows(rows) if rows.is_empty() => return Ok(Vec::new()),
            Val::Num(n) if n.blank => return Ok(Vec::new()),
            _ => return Err(self.bad(a.loc, "a range runs from one row to another")),
        };
        let end = if self.pack.table(&b.head.text).is_some() {
            self.reference(b)?
        } else {
            // `..第8行` or `..其他收入`: relative to the start's table and panel
            let kind = parse_line_name(&b.head.text);
            let norm = normalize_name(&b.head.text);
            let panel = &self.report.tables[start.table].panels[start.panel];
            let rows = self.find_rows(
                start.table,
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

    /// The elements a `for` runs over, made one at a time (rows and columns without a list of
    /// values).
    pub(super) fn element_iter(&mut self, v: Val<'a>, loc: Loc) -> R<Elements<'a>> {
        Ok(match v {
            Val::Rows(rows) => Elements::Rows(rows.into_iter()),
            Val::Columns(table, panel) => Elements::Columns {
                table,
                panel,
                next: 0,
                end: self.report.tables[table].panels[panel].columns.len(),
            },
            other => Elements::Vals(self.elements(other, loc)?.into_iter()),
        })
    }

    /// The elements a `for` runs over.
    pub(super) fn elements(&mut self, v: Val<'a>, loc: Loc) -> R<Vec<Val<'a>>> {
        let report = self.report;
        Ok(match v {
            Val::Rows(rows) => rows.into_iter().map(Val::Row).collect(),
            Val::Row(r) => vec![Val::Row(r)],
            Val::Claims(s) => s.claims.iter().map(|c| Val::Claim(s, c)).collect(),
            Val::Texts(ts) => ts.into_iter().map(Val::Text).collect(),
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
}

/// Rows of a panel that a segment names: by 行次, code or normalised name.
pub(super) fn find_rows(panel: &crate::report::Panel, seg: &Segment) -> Vec<usize> {
    match &seg.kind {
        SegmentKind::Line(l) => panel.row_by_line(*l).into_iter().collect(),
        SegmentKind::Code(c) => panel.row_by_code(c).into_iter().collect(),
        SegmentKind::Name(_) => panel.rows_named_normalized(&seg.norm).to_vec(),
        SegmentKind::Column(_) => Vec::new(),
    }
}

/// Whether every element of `a` is in `b`, as often (both sorted).
fn is_sub_multiset(a: &[String], b: &[String]) -> bool {
    let mut j = 0;
    for x in a {
        while j < b.len() && b[j] < *x {
            j += 1;
        }
        if j == b.len() || b[j] != *x {
            return false;
        }
        j += 1;
    }
    true
}

pub(super) fn parse_line_name(s: &str) -> SegmentKind {
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

/// The declared layout a report is read as: the one of which it prints the most tables (the
/// first declared on a tie); `None` when the pack declares no layout.
pub(super) fn report_layout(pack: &Pack, report: &Report) -> Option<usize> {
    let present = |alias: &str| {
        pack.table(alias).is_some_and(|d| {
            d.titles
                .iter()
                .any(|t| report.table_index(&t.text).is_some())
        })
    };
    let mut best: Option<(usize, usize)> = None;
    for (i, l) in pack.layouts.iter().enumerate() {
        let n = l.tables.iter().filter(|t| present(&t.text)).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((i, n));
        }
    }
    best.map(|(i, _)| i)
}

/// The elements of a quantifier, one at a time.
pub(super) enum Elements<'a> {
    Rows(std::vec::IntoIter<RowRef>),
    Columns {
        table: usize,
        panel: usize,
        next: usize,
        end: usize,
    },
    Vals(std::vec::IntoIter<Val<'a>>),
}

impl<'a> Iterator for Elements<'a> {
    type Item = Val<'a>;

    fn next(&mut self) -> Option<Val<'a>> {
        match self {
            Elements::Rows(rows) => rows.next().map(Val::Row),
            Elements::Columns {
                table,
                panel,
                next,
                end,
            } => (*next < *end).then(|| {
                *next += 1;
                Val::Column(ColumnRef {
                    table: *table,
                    panel: *panel,
                    col: *next - 1,
                })
            }),
            Elements::Vals(vals) => vals.next(),
        }
    }
}
