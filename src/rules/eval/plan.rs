//! Plans: what binding a pack to one report layout produced — tables found by title, table
//! references resolved to (table, panel, row, column) indexes, columns found by header labels,
//! the panels of table expressions. A plan depends on the layout only (the tables' titles,
//! panels, rows and columns in printed order), never on values or narrative, so reports that
//! share a layout share one plan: the second report of a layout is evaluated without a single
//! name lookup for what the first one resolved.
//!
//! Plans are keyed by the layout's fingerprint and grow as reports of that layout reach
//! references the earlier ones did not (a guarded branch, an element that only some reports
//! have). Evaluation reads the shared plan and records what it adds in a plan of its own,
//! merged back when the report is done, so the shared plan is never copied in the steady state.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use super::*;

/// The resolutions of one report layout. Keys are addresses of the pack's syntax nodes, so a
/// plan is only meaningful with the pack it was made with ([`Plans`] belongs to one pack).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// table alias -> the report's table, or what the report lacks
    pub(super) tables: HashMap<String, Result<usize, Box<MissingPart>>, BuildPtrHasher>,
    /// a table reference node -> the cell or row it names
    pub(super) resolved: PtrMap<RowRef>,
    /// the panels of a table expression used as `row(t, …)` argument
    pub(super) panel_sets: PtrMap<Vec<(usize, usize)>>,
    /// (segment node, table, panel) -> the column a `var.column` segment names
    pub(super) columns: HashMap<(usize, usize, usize), Option<usize>, BuildPtrHasher>,
    /// report table -> the pack alias it was found under
    pub(super) aliases: HashMap<usize, String, BuildPtrHasher>,
}

impl Plan {
    fn is_empty(&self) -> bool {
        self.tables.is_empty()
            && self.resolved.is_empty()
            && self.panel_sets.is_empty()
            && self.columns.is_empty()
            && self.aliases.is_empty()
    }

    /// `self` with what `more` adds.
    fn merged(&self, more: Plan) -> Plan {
        let mut p = self.clone();
        p.tables.extend(more.tables);
        p.resolved.extend(more.resolved);
        p.panel_sets.extend(more.panel_sets);
        p.columns.extend(more.columns);
        p.aliases.extend(more.aliases);
        p
    }
}

/// The plans of one pack, by layout fingerprint; shared by the threads checking a batch. At
/// most [`Plans::CAPACITY`] layouts are kept (the oldest goes first), so a batch of reports
/// that all differ in layout does not grow memory with the number of reports.
#[derive(Debug, Default)]
pub struct Plans {
    by_layout: Mutex<PlanMap>,
}

/// The plans by fingerprint, and the fingerprints in the order they came.
type PlanMap = (HashMap<u64, Arc<Plan>>, std::collections::VecDeque<u64>);

impl Plans {
    /// Layouts with a plan at most.
    pub const CAPACITY: usize = 64;

    pub fn new() -> Self {
        Self::default()
    }

    /// How many layouts have a plan.
    pub fn layouts(&self) -> usize {
        self.by_layout.lock().map_or(0, |m| m.0.len())
    }

    pub(super) fn get(&self, fingerprint: u64) -> Option<Arc<Plan>> {
        self.by_layout
            .lock()
            .ok()
            .and_then(|m| m.0.get(&fingerprint).cloned())
    }

    /// Records what an evaluation added to the plan of its layout.
    pub(super) fn add(&self, fingerprint: u64, base: Option<&Arc<Plan>>, more: Plan) {
        if more.is_empty() {
            return;
        }
        let Ok(mut guard) = self.by_layout.lock() else {
            return;
        };
        let (map, order) = &mut *guard;
        // another thread may have grown the plan meanwhile: merge into the newest
        let newest = map.get(&fingerprint).cloned().or_else(|| base.cloned());
        let plan = match newest {
            Some(b) => b.merged(more),
            None => more,
        };
        if map.insert(fingerprint, Arc::new(plan)).is_none() {
            order.push_back(fingerprint);
            while order.len() > Self::CAPACITY {
                if let Some(old) = order.pop_front() {
                    map.remove(&old);
                }
            }
        }
    }
}

/// A hash of what a plan depends on: every table's title and aliases, and each panel's name,
/// key kinds, columns (names and 栏次) and rows (name, code, 行次), in printed order.
pub fn layout_fingerprint(report: &Report) -> u64 {
    // FxHash's multiply-rotate (crate::hash), not SipHash: this hashes every row of every
    // report, and SipHash's fixed keys protect no better against a crafted collision
    let mut h = crate::hash::FastHasher::default();
    report.tables.len().hash(&mut h);
    for t in &report.tables {
        t.title.hash(&mut h);
        t.aliases.hash(&mut h);
        t.panels.len().hash(&mut h);
        for p in &t.panels {
            p.name.hash(&mut h);
            p.keys.len().hash(&mut h);
            for c in &p.columns {
                c.name.hash(&mut h);
                c.number.hash(&mut h);
            }
            p.rows.len().hash(&mut h);
            for r in &p.rows {
                r.name.as_ref().map(|n| n.text.as_str()).hash(&mut h);
                r.code.as_ref().map(|c| c.text.as_str()).hash(&mut h);
                r.line.as_ref().map(|l| l.value).hash(&mut h);
            }
        }
    }
    h.finish()
}

impl<'a> Ev<'a> {
    pub(super) fn plan_table(&self, alias: &str) -> Option<&Result<usize, Box<MissingPart>>> {
        self.base
            .as_ref()
            .and_then(|b| b.tables.get(alias))
            .or_else(|| self.plan.tables.get(alias))
    }

    pub(super) fn plan_row(&self, key: usize) -> Option<RowRef> {
        self.base
            .as_ref()
            .and_then(|b| b.resolved.get(&key))
            .or_else(|| self.plan.resolved.get(&key))
            .copied()
    }

    pub(super) fn plan_column(&self, key: (usize, usize, usize)) -> Option<Option<usize>> {
        self.base
            .as_ref()
            .and_then(|b| b.columns.get(&key))
            .or_else(|| self.plan.columns.get(&key))
            .copied()
    }

    pub(super) fn plan_panels(&self, key: usize) -> Option<Vec<(usize, usize)>> {
        self.base
            .as_ref()
            .and_then(|b| b.panel_sets.get(&key))
            .or_else(|| self.plan.panel_sets.get(&key))
            .cloned()
    }

    /// The pack alias a report table was found under (for `names … in t05`).
    pub(super) fn alias_of(&self, t: usize) -> Option<&'a str> {
        let pack: &'a Pack = self.pack;
        let alias = self
            .base
            .as_ref()
            .and_then(|b| b.aliases.get(&t))
            .or_else(|| self.plan.aliases.get(&t))?;
        pack.table(alias).map(|d| d.alias.text.as_str())
    }
}
