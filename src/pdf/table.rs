//! Ruled tables rebuilt from drawn lines, the way pdfplumber's `lines` strategy does it:
//! snap nearby parallel rulings onto one line, join collinear pieces, find where horizontal
//! and vertical rulings cross, take the smallest box closed by rulings at each crossing as a
//! cell, group cells that share corners into tables (a lone box is not a table), and lay the
//! cells out in rows over the table's column starts.

use super::extract::Edge;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Tolerances, in PDF points (pdfplumber's defaults).
#[derive(Debug, Clone, Copy)]
pub struct Tolerances {
    /// rulings this close are moved onto one line
    pub snap: f64,
    /// collinear rulings with a gap this small are one ruling
    pub join: f64,
    /// rulings shorter than this are ignored (after joining)
    pub min_length: f64,
    /// how far a ruling may stop short of another and still cross it
    pub intersection: f64,
}

impl Default for Tolerances {
    fn default() -> Self {
        Tolerances {
            snap: 3.0,
            join: 3.0,
            min_length: 3.0,
            intersection: 3.0,
        }
    }
}

/// A cell: `x0, top, x1, bottom`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
}

impl Cell {
    /// pdfplumber's test: the middle of a character's box lies in the cell (left and top
    /// borders inclusive).
    pub fn holds(&self, x0: f64, x1: f64, top: f64, bottom: f64) -> bool {
        let h = (x0 + x1) / 2.0;
        let v = (top + bottom) / 2.0;
        self.x0 <= h && h < self.x1 && self.top <= v && v < self.bottom
    }
}

/// A table: its cells laid out in rows; `None` where a cell of a row above or to the left
/// spans the column (a merged cell).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub bbox: Cell,
    pub rows: Vec<Vec<Option<Cell>>>,
}

/// A total order on coordinates (they are finite; NaN never reaches here).
#[derive(Debug, Clone, Copy, PartialEq)]
struct F(f64);
impl Eq for F {}
impl PartialOrd for F {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for F {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Groups sorted values: a value more than `tol` above the previous one starts a new group.
/// Returns, for each input index, its group's mean.
fn snap_values(values: &[f64], tol: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut k = 0;
    while k < order.len() {
        let mut end = k + 1;
        while end < order.len() && values[order[end]] <= values[order[end - 1]] + tol {
            end += 1;
        }
        let mean = order[k..end].iter().map(|&i| values[i]).sum::<f64>() / (end - k) as f64;
        for &i in &order[k..end] {
            out[i] = mean;
        }
        k = end;
    }
    out
}

/// Snaps, joins and filters the rulings; returns (horizontal, vertical).
pub fn merge_edges(edges: &[Edge], tol: &Tolerances) -> (Vec<Edge>, Vec<Edge>) {
    let mut h: Vec<Edge> = edges
        .iter()
        .filter(|e| e.is_horizontal())
        .copied()
        .collect();
    let mut v: Vec<Edge> = edges
        .iter()
        .filter(|e| !e.is_horizontal() && e.x0 == e.x1)
        .copied()
        .collect();
    let ys = snap_values(&h.iter().map(|e| e.top).collect::<Vec<_>>(), tol.snap);
    for (e, y) in h.iter_mut().zip(ys) {
        e.top = y;
        e.bottom = y;
    }
    let xs = snap_values(&v.iter().map(|e| e.x0).collect::<Vec<_>>(), tol.snap);
    for (e, x) in v.iter_mut().zip(xs) {
        e.x0 = x;
        e.x1 = x;
    }
    let h = join(h, tol.join, true)
        .into_iter()
        .filter(|e| e.x1 - e.x0 >= tol.min_length)
        .collect();
    let v = join(v, tol.join, false)
        .into_iter()
        .filter(|e| e.bottom - e.top >= tol.min_length)
        .collect();
    (h, v)
}

/// Joins overlapping or nearly touching rulings on the same line.
fn join(mut edges: Vec<Edge>, tol: f64, horizontal: bool) -> Vec<Edge> {
    let key = |e: &Edge| {
        if horizontal {
            (F(e.top), F(e.x0))
        } else {
            (F(e.x0), F(e.top))
        }
    };
    edges.sort_by_key(key);
    let mut out: Vec<Edge> = Vec::with_capacity(edges.len());
    for e in edges {
        if let Some(last) = out.last_mut() {
            if horizontal && last.top == e.top && e.x0 <= last.x1 + tol {
                last.x1 = last.x1.max(e.x1);
                continue;
            }
            if !horizontal && last.x0 == e.x0 && e.top <= last.bottom + tol {
                last.bottom = last.bottom.max(e.bottom);
                continue;
            }
        }
        out.push(e);
    }
    out
}

/// Crossing points of the rulings, each with the rulings through it (indices into `h`, `v`).
type Crossings = BTreeMap<(F, F), (Vec<usize>, Vec<usize>)>;

fn crossings(h: &[Edge], v: &[Edge], tol: f64) -> Crossings {
    let mut out = Crossings::new();
    for (vi, ve) in v.iter().enumerate() {
        for (hi, he) in h.iter().enumerate() {
            if ve.top <= he.top + tol
                && ve.bottom >= he.top - tol
                && ve.x0 >= he.x0 - tol
                && ve.x0 <= he.x1 + tol
            {
                let entry = out.entry((F(ve.x0), F(he.top))).or_default();
                entry.0.push(hi);
                entry.1.push(vi);
            }
        }
    }
    out
}

/// The smallest box at each crossing whose four sides are rulings.
fn cells(crossings: &Crossings) -> Vec<Cell> {
    let points: Vec<(F, F)> = crossings.keys().copied().collect();
    let shares = |a: &(F, F), b: &(F, F)| -> bool {
        let (ea, eb) = (&crossings[a], &crossings[b]);
        if a.0 == b.0 {
            ea.1.iter().any(|i| eb.1.contains(i))
        } else if a.1 == b.1 {
            ea.0.iter().any(|i| eb.0.contains(i))
        } else {
            false
        }
    };
    let mut out = Vec::new();
    for (i, pt) in points.iter().enumerate() {
        let rest = &points[i + 1..];
        // points are sorted by x then y: those below share x and follow directly
        let below = rest.iter().take_while(|p| p.0 == pt.0);
        'search: for b in below {
            if !shares(pt, b) {
                continue;
            }
            for r in rest.iter().filter(|p| p.1 == pt.1) {
                if !shares(pt, r) {
                    continue;
                }
                let corner = (r.0, b.1);
                if crossings.contains_key(&corner) && shares(&corner, r) && shares(&corner, b) {
                    out.push(Cell {
                        x0: pt.0.0,
                        top: pt.1.0,
                        x1: corner.0.0,
                        bottom: corner.1.0,
                    });
                    break 'search;
                }
            }
        }
    }
    out
}

/// Groups cells sharing a corner into tables, top to bottom (then left to right); a group of
/// one cell is a box, not a table.
fn group(cells: Vec<Cell>) -> Vec<Vec<Cell>> {
    let corners = |c: &Cell| {
        [
            (F(c.x0), F(c.top)),
            (F(c.x0), F(c.bottom)),
            (F(c.x1), F(c.top)),
            (F(c.x1), F(c.bottom)),
        ]
    };
    let mut remaining = cells;
    let mut tables: Vec<Vec<Cell>> = Vec::new();
    while !remaining.is_empty() {
        let mut current = vec![remaining.remove(0)];
        let mut seen: BTreeSet<(F, F)> = corners(&current[0]).into_iter().collect();
        loop {
            let before = current.len();
            let mut k = 0;
            while k < remaining.len() {
                let cs = corners(&remaining[k]);
                if cs.iter().any(|c| seen.contains(c)) {
                    seen.extend(cs);
                    current.push(remaining.remove(k));
                } else {
                    k += 1;
                }
            }
            if current.len() == before {
                break;
            }
        }
        tables.push(current);
    }
    tables.retain(|t| t.len() > 1);
    tables.sort_by(|a, b| {
        let key = |t: &Vec<Cell>| {
            t.iter()
                .map(|c| (F(c.top), F(c.x0)))
                .min()
                .unwrap_or((F(0.0), F(0.0)))
        };
        key(a).cmp(&key(b))
    });
    tables
}

/// Lays a table's cells out in rows (by top) over its column starts (the cells' x0s).
fn layout(cells: Vec<Cell>) -> Table {
    let xs: BTreeSet<F> = cells.iter().map(|c| F(c.x0)).collect();
    let mut by_top: BTreeMap<F, Vec<Cell>> = BTreeMap::new();
    for c in &cells {
        by_top.entry(F(c.top)).or_default().push(*c);
    }
    let rows = by_top
        .values()
        .map(|row| {
            xs.iter()
                .map(|x| row.iter().find(|c| F(c.x0) == *x).copied())
                .collect()
        })
        .collect();
    let bbox = Cell {
        x0: cells.iter().map(|c| c.x0).fold(f64::INFINITY, f64::min),
        top: cells.iter().map(|c| c.top).fold(f64::INFINITY, f64::min),
        x1: cells.iter().map(|c| c.x1).fold(f64::NEG_INFINITY, f64::max),
        bottom: cells
            .iter()
            .map(|c| c.bottom)
            .fold(f64::NEG_INFINITY, f64::max),
    };
    Table { bbox, rows }
}

/// The most rulings of one direction a page may have before its tables are not rebuilt
/// (crossings grow with the product of the two counts).
pub const MAX_RULINGS: usize = 4000;

/// The ruled tables drawn by `edges`, top to bottom. `None` when the page has more than
/// [`MAX_RULINGS`] rulings of one direction.
pub fn find_tables(edges: &[Edge], tol: &Tolerances) -> Option<Vec<Table>> {
    let (h, v) = merge_edges(edges, tol);
    if h.len() > MAX_RULINGS || v.len() > MAX_RULINGS {
        return None;
    }
    let crossings = crossings(&h, &v, tol.intersection);
    Some(group(cells(&crossings)).into_iter().map(layout).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(x0: f64, x1: f64, y: f64) -> Edge {
        Edge {
            x0,
            x1,
            top: y,
            bottom: y,
        }
    }
    fn vl(x: f64, top: f64, bottom: f64) -> Edge {
        Edge {
            x0: x,
            x1: x,
            top,
            bottom,
        }
    }

    /// A grid: horizontal rulings at `ys`, vertical at `xs`, each spanning the whole grid.
    fn grid(xs: &[f64], ys: &[f64]) -> Vec<Edge> {
        let (l, r) = (xs[0], xs[xs.len() - 1]);
        let (t, b) = (ys[0], ys[ys.len() - 1]);
        ys.iter()
            .map(|&y| hl(l, r, y))
            .chain(xs.iter().map(|&x| vl(x, t, b)))
            .collect()
    }

    #[test]
    fn a_grid_is_one_table_of_its_cells() {
        let t = find_tables(
            &grid(&[0.0, 50.0, 120.0], &[10.0, 30.0, 50.0, 70.0]),
            &Tolerances::default(),
        )
        .unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 3);
        assert!(
            t[0].rows
                .iter()
                .all(|r| r.len() == 2 && r.iter().all(Option::is_some))
        );
        assert_eq!(
            t[0].rows[1][1],
            Some(Cell {
                x0: 50.0,
                top: 30.0,
                x1: 120.0,
                bottom: 50.0
            })
        );
        assert_eq!(
            t[0].bbox,
            Cell {
                x0: 0.0,
                top: 10.0,
                x1: 120.0,
                bottom: 70.0
            }
        );
    }

    #[test]
    fn near_rulings_snap_and_pieces_join() {
        // a thin filled rectangle gives two rulings 0.5 apart; a row ruling drawn in two
        // pieces with a 1-point gap; a vertical ruling 2 points off
        let mut e = grid(&[0.0, 50.0, 100.0], &[0.0, 20.0, 40.0]);
        e.push(hl(0.0, 100.0, 0.5));
        e.retain(|x| !(x.is_horizontal() && x.top == 20.0));
        e.push(hl(0.0, 49.0, 20.0));
        e.push(hl(50.0, 100.0, 20.0));
        e.push(vl(52.0, 0.0, 40.0));
        let (h, v) = merge_edges(&e, &Tolerances::default());
        assert_eq!(h.len(), 3, "{h:?}");
        assert_eq!(v.len(), 3, "{v:?}");
        assert_eq!(h[0].top, 0.25);
        assert_eq!(v[1].x0, 51.0);
        let t = find_tables(&e, &Tolerances::default()).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[0].len(), 2);
    }

    #[test]
    fn a_merged_cell_leaves_none_in_the_columns_it_spans() {
        // header row spanning both columns: no vertical ruling in the top row's middle
        let mut e = vec![
            hl(0.0, 100.0, 0.0),
            hl(0.0, 100.0, 20.0),
            hl(0.0, 100.0, 40.0),
            vl(0.0, 0.0, 40.0),
            vl(100.0, 0.0, 40.0),
        ];
        e.push(vl(50.0, 20.0, 40.0));
        let t = find_tables(&e, &Tolerances::default()).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows[0][0].map(|c| c.x1), Some(100.0));
        assert_eq!(t[0].rows[0][1], None);
        assert!(t[0].rows[1].iter().all(Option::is_some));
    }

    #[test]
    fn separate_grids_are_separate_tables_and_a_lone_box_is_none() {
        let mut e = grid(&[0.0, 50.0, 100.0], &[200.0, 220.0]);
        e.extend(grid(&[0.0, 100.0], &[0.0, 20.0, 40.0]));
        e.extend(grid(&[300.0, 400.0], &[500.0, 520.0])); // a box round a heading
        let t = find_tables(&e, &Tolerances::default()).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].bbox.top, 0.0);
        assert_eq!(t[1].bbox.top, 200.0);
    }

    #[test]
    fn rulings_that_stop_short_still_cross_within_tolerance() {
        let e = vec![
            hl(2.0, 98.0, 0.0),
            hl(2.0, 98.0, 20.0),
            hl(2.0, 98.0, 40.0),
            vl(0.0, 1.0, 39.0),
            vl(100.0, 1.0, 39.0),
        ];
        let t = find_tables(&e, &Tolerances::default()).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
        // a ruling too far off does not close cells
        let e = vec![
            hl(10.0, 98.0, 0.0),
            hl(10.0, 98.0, 20.0),
            vl(0.0, 0.0, 20.0),
            vl(100.0, 0.0, 20.0),
        ];
        assert!(find_tables(&e, &Tolerances::default()).unwrap().is_empty());
    }

    #[test]
    fn holds_uses_the_middle_of_the_box() {
        let c = Cell {
            x0: 0.0,
            top: 0.0,
            x1: 10.0,
            bottom: 10.0,
        };
        assert!(c.holds(8.0, 11.0, 1.0, 5.0));
        assert!(!c.holds(9.0, 12.0, 1.0, 5.0));
        assert!(c.holds(0.0, 0.0, 0.0, 0.0));
    }

    #[test]
    fn too_many_rulings_are_refused() {
        let e: Vec<Edge> = (0..=MAX_RULINGS)
            .map(|k| hl(0.0, 10.0, k as f64 * 10.0))
            .collect();
        assert!(find_tables(&e, &Tolerances::default()).is_none());
    }
}
