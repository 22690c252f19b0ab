//! Binding against the template, once per pack: every row and column a pack names in a table
//! of the national template must exist in some printing of that template (the layout
//! skeletons in `rules/layouts/`), or be given by the pack's own `names` declarations. A typo
//! is a pack error when the pack loads, before any report is read. Tables the template does not
//! know (a local pack's own tables) are checked against each report only.

use super::*;
use crate::rules::check::visit_refs;

/// The layout skeletons: (file name, YAML). A test checks this list matches the folder.
pub const LAYOUTS: &[(&str, &str)] = &[
    (
        "national.yaml",
        include_str!("../../../rules/layouts/national.yaml"),
    ),
    (
        "shanghai.yaml",
        include_str!("../../../rules/layouts/shanghai.yaml"),
    ),
    (
        "gaoxiao.yaml",
        include_str!("../../../rules/layouts/gaoxiao.yaml"),
    ),
];

/// The skeletons, loaded once per process.
pub(super) fn skeletons() -> &'static [Report] {
    static SKELETONS: std::sync::OnceLock<Vec<Report>> = std::sync::OnceLock::new();
    SKELETONS.get_or_init(|| {
        LAYOUTS
            .iter()
            .filter_map(|(name, text)| {
                crate::report::load_report(&format!("<template>/{name}"), (*text).to_string()).ok()
            })
            .collect()
    })
}

/// The fixed row labels the templates print (rows without a code), normalised, once per
/// process.
pub(super) fn template_labels() -> &'static std::collections::HashSet<String> {
    static LABELS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    LABELS.get_or_init(|| {
        skeletons()
            .iter()
            .flat_map(|r| r.tables.iter())
            .flat_map(|t| t.panels.iter())
            .flat_map(|p| p.rows.iter())
            .filter(|r| r.code.is_none())
            .filter_map(|r| r.name.as_ref())
            .map(|n| normalize_name(&n.text))
            .collect()
    })
}

/// The template label that `label` misses by one character (same length, one character
/// replaced: 抗役特别国债安排的支出 for 抗疫特别国债安排的支出), if there is exactly one such
/// label; `None` when `label` is a template label, is shorter than 6 characters, or is near
/// none. Labels printed with another wording (运行费 / 运行维护费) differ in length and are
/// variants, not slips.
pub(super) fn near_template_label(label: &str) -> Option<&'static str> {
    let l = normalize_name(label);
    let labels = template_labels();
    if labels.contains(&l) {
        return None;
    }
    let lc: Vec<char> = l.chars().collect();
    if lc.len() < 6 {
        return None;
    }
    let mut near = labels.iter().filter(|t| {
        let tc: Vec<char> = t.chars().collect();
        tc.len() == lc.len()
            && tc.iter().zip(&lc).filter(|(a, b)| a != b).count() == 1
            && tc
                .iter()
                .zip(&lc)
                .all(|(a, b)| a == b || !(a.is_ascii_digit() || b.is_ascii_digit()))
    });
    let first = near.next()?;
    near.next().is_none().then_some(first.as_str())
}

/// Checks every table reference of `pack` against the template's layouts.
pub fn check_against_template(pack: &Pack) -> Vec<PackError> {
    let skeletons = skeletons();
    let mut evs: Vec<Ev> = skeletons.iter().map(|r| Ev::new(pack, r, None)).collect();
    let mut refs: Vec<(&Reference, Option<&Reference>)> = Vec::new();
    for l in &pack.lets {
        visit_refs(&l.value, &mut |r| refs.push((r, None)));
    }
    for b in &pack.bases {
        visit_refs(b, &mut |r| refs.push((r, None)));
    }
    for rule in &pack.rules {
        let mut vars: Vec<(&str, &Reference)> = Vec::new();
        visit_block(&rule.body, &mut vars, &mut refs);
    }
    let mut errors: Vec<PackError> = refs
        .into_iter()
        .filter_map(|(r, var)| check_reference(pack, &mut evs, r, var))
        .collect();
    errors.sort_by_key(|e| (e.loc.file, e.loc.offset));
    errors.dedup();
    errors
}

/// The references of an expression, each with the table its head variable runs over.
fn expr_refs<'p>(
    e: &'p Expr,
    vars: &[(&'p str, &'p Reference)],
    out: &mut Vec<(&'p Reference, Option<&'p Reference>)>,
) {
    visit_refs(e, &mut |r| {
        let var = vars
            .iter()
            .rev()
            .find(|(n, _)| *n == r.head.text)
            .map(|(_, t)| *t);
        out.push((r, var));
    });
}

/// Collects the references of a block; `vars` maps a quantifier's variable to the table
/// reference it runs over, so that `r.本年收入合计` is checked as a column of that table.
fn visit_block<'p>(
    stmts: &'p [Stmt],
    vars: &mut Vec<(&'p str, &'p Reference)>,
    out: &mut Vec<(&'p Reference, Option<&'p Reference>)>,
) {
    let scope = vars.len();
    for s in stmts {
        match s {
            Stmt::When(e) | Stmt::Assert(e) | Stmt::Let(_, e) => expr_refs(e, vars, out),
            Stmt::Message(..) => {}
            Stmt::For {
                var,
                source,
                filter,
                body,
                ..
            } => {
                expr_refs(source, vars, out);
                let inner = vars.len();
                if let ExprKind::Ref(r) = &source.kind
                    && r.segments.len() <= 1
                {
                    vars.push((var.text.as_str(), r));
                }
                if let Some(f) = filter {
                    expr_refs(f, vars, out);
                }
                visit_block(body, vars, out);
                vars.truncate(inner);
            }
            Stmt::In {
                target, base, body, ..
            } => {
                expr_refs(target, vars, out);
                if let Some(b) = base {
                    expr_refs(b, vars, out);
                }
                visit_block(body, vars, out);
            }
        }
    }
    vars.truncate(scope);
}

/// The error for a reference that no layout of the template resolves, if any.
fn check_reference<'a>(
    pack: &'a Pack,
    evs: &mut [Ev<'a>],
    r: &'a Reference,
    var_table: Option<&'a Reference>,
) -> Option<PackError> {
    // `r.列` inside `for r in t02`: a column of the table the variable runs over
    let (table_ref, column_seg) = match var_table {
        Some(t) if r.segments.len() == 1 => (t, Some(&r.segments[0])),
        Some(_) => return None,
        None => (r, None),
    };
    let decl = pack.table(&table_ref.head.text)?;
    if column_seg.is_none() && r.segments.is_empty() {
        return None;
    }
    let mut misses: Vec<MissingPart> = Vec::new();
    let mut layouts_with_table: Vec<&str> = Vec::new();
    for ev in evs.iter_mut() {
        let Ok(t) = ev.table(decl) else { continue };
        layouts_with_table.push(ev.report.path.trim_start_matches("<template>/"));
        ev.vars.clear();
        ev.ctx = Ctx::default();
        let found = match column_seg {
            None => ev.reference(r),
            Some(seg) => match &seg.kind {
                SegmentKind::Name(n) => {
                    // a column of any panel the variable's table expression covers
                    let report: &Report = ev.report;
                    let panels = match ev.reference(table_ref) {
                        Ok(Val::Rows(rows)) => {
                            let mut p: Vec<usize> = rows.iter().map(|x| x.panel).collect();
                            p.dedup();
                            p
                        }
                        Ok(Val::Row(x)) => vec![x.panel],
                        _ => (0..report.tables[t].panels.len()).collect(),
                    };
                    if panels
                        .iter()
                        .any(|&p| ev.find_column(t, &report.tables[t].panels[p], n).is_some())
                    {
                        Ok(Val::Bool(true))
                    } else {
                        Err(ev.unknown_column(t, panels.first().copied().unwrap_or(0), n, seg.loc))
                    }
                }
                _ => Ok(Val::Bool(true)),
            },
        };
        // Rows of classification panels (功能分类, 经济分类: rows with codes) are the report's
        // own data, not the template's: only their columns and fixed rows can be checked.
        let data_rows = |ev: &Ev, m: &MissingPart| {
            m.kind == MissingKind::Row
                && (r
                    .segments
                    .iter()
                    .any(|s| matches!(s.kind, SegmentKind::Code(_)))
                    || ev.report.tables[t]
                        .panels
                        .iter()
                        .any(|p| p.rows.iter().any(|row| row.code.is_some())))
        };
        match found {
            Err(Stop::Missing(m)) if data_rows(ev, &m) => return None,
            Err(Stop::Missing(m)) if matches!(m.kind, MissingKind::Row | MissingKind::Column) => {
                misses.push(*m)
            }
            // resolved, ambiguous in this printing, or not a question of names
            _ => return None,
        }
    }
    let first = misses.into_iter().next()?;
    let what = match first.kind {
        MissingKind::Column => "column",
        _ => "row",
    };
    Some(
        PackError::new(
            PackErrorKind::NotInLayout {
                what: what.into(),
                name: first.name.clone(),
                table: format!("{} ({})", table_ref.head.text, first.table),
                layouts: layouts_with_table.join(", "),
            },
            first.loc,
        )
        .with_help(first.help.clone().unwrap_or_else(|| {
            "if a report prints it under another name, declare the variant: names A | B".into()
        })),
    )
}
