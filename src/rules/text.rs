//! The words of findings: every sentence the evaluator and the renderer show a reviewer comes
//! from this module, so that wording can be changed (or translated into Chinese) in one place.
//! Rule titles and messages are the pack's own words and do not pass through here.

/// The message of a failing comparison when the rule gives none.
pub fn comparison_fails(
    src: &str,
    left: &str,
    right: &str,
    difference: &str,
    slack: &str,
) -> String {
    format!(
        "`{src}` does not hold: {left} vs {right}, a difference of {difference} where rounding allows {slack}"
    )
}

/// The message of a failing condition when the rule gives none.
pub fn condition_fails(src: &str, sides: Option<(&str, &str)>) -> String {
    match sides {
        Some((a, b)) => format!("`{src}` does not hold: {a} vs {b}"),
        None => format!("`{src}` does not hold"),
    }
}

pub fn division_by_zero(src: &str) -> String {
    format!("`{src}` divides by zero: the divisor is 0 or blank, so no rate or share can be stated")
}

pub fn overflow(src: &str) -> String {
    format!("`{src}` is beyond the range of exact decimals")
}

pub fn truncated(stated: &str, computed: &str, decimals: u32, rounded: &str) -> String {
    format!(
        "the stated {stated}% is {computed}% truncated to {decimals} decimal(s); rounded it is {rounded}%"
    )
}

pub fn nudged(stated: &str, rounded: &str, computed: &str) -> String {
    format!(
        "the stated {stated}% is one unit in the last place off {rounded}% (= {computed}% rounded): a nudge so that shares add up to 100%, or a typo"
    )
}

pub const ROUNDING_COULD_EXPLAIN: &str =
    "the rounding of the printed amounts could explain it; the unrounded amounts would tell";

pub const BLANK_COUNTS_AS_ZERO: &str = "a blank cell counts as 0; a total that is printed blank while its parts are not is itself an error";

/// A denominator among the pack's `bases` that makes a stated percentage hold.
pub fn other_base(
    stated: &str,
    part: &str,
    base: &str,
    quotient: &str,
    base_src: &str,
    whole: &str,
) -> String {
    format!(
        "{stated}% is {part} / {base} = {quotient}%: the percentage was taken over {base_src} ({base}), not over {whole}"
    )
}

/// The help line under a failing comparison.
pub fn values_help(
    left: &str,
    right: &str,
    difference: &str,
    slack: &str,
    tolerance: bool,
) -> String {
    let allows = if tolerance {
        "the tolerance allows"
    } else {
        "rounding allows"
    };
    format!("left {left} · right {right} · difference {difference} · {allows} {slack}")
}

/// The heading of the report snippet of a finding.
pub fn cells_heading(rule: &str, hidden: usize) -> String {
    if hidden > 0 {
        format!("the report cells read by {rule} ({hidden} more that are 0 or blank not shown)")
    } else {
        format!("the report cells read by {rule}")
    }
}

pub const CELLS_CONTINUED: &str = "and";
pub const THIS_DOES_NOT_HOLD: &str = "this does not hold";
pub const BLANK: &str = "blank";

pub fn rule_label(rule: &str) -> String {
    format!("rule {rule}")
}

/// The closing line for one report.
#[allow(clippy::too_many_arguments)]
pub fn summary(
    path: &str,
    rules: usize,
    passed: usize,
    not_applicable: usize,
    not_checked: usize,
    errors: usize,
    warnings: usize,
    info: usize,
) -> String {
    format!(
        "{path}: {rules} rules, {passed} passed, {not_applicable} not applicable, {not_checked} not checked; {errors} error(s), {warnings} warning(s), {info} info"
    )
}

pub fn not_checked_heading(n: usize) -> String {
    format!("not checked: {n} rule(s) need parts this report does not print")
}

pub fn outside_layout(layout: &str, rules: &str) -> String {
    format!("not applicable to the {layout} layout: {rules}")
}

// ---- binding: parts a report lacks ----------------------------------------------------

/// Between the accepted titles of a table.
pub const OR: &str = " or ";
pub const NO_ROW_WITH_CODE: &str = "no row has this code; codes are 3, 5 or 7 digits (类, 款, 项)";
pub const NO_ROW_WITH_LINE: &str = "no row has this 行次";

pub fn did_you_mean(s: &str) -> String {
    format!("did you mean `{s}`?")
}

pub fn the_columns_are(list: &str) -> String {
    format!("the columns are: {list}")
}

pub fn name_a_column(list: &str) -> String {
    format!("name one of the columns: {list}")
}

pub fn table_did_you_mean(title: &str, alias: &str) -> String {
    format!(
        "the report has a table titled \"{title}\": if it is the same table, add the title to the alias: table {alias} = … | \"{title}\""
    )
}

pub fn ambiguous_help(candidates: &str) -> String {
    format!("the label matches {candidates}; name the panel or the code")
}

/// One part a rule could not find, for a line of output.
pub fn missing_part(m: &crate::rules::MissingPart) -> String {
    use crate::rules::MissingKind::*;
    match m.kind {
        Table => format!("the report has no table {} ({})", m.name, m.table),
        Row => format!("no row `{}` in {}", m.name, m.table),
        Column => format!("no column `{}` in {}", m.name, m.table),
        Ambiguous => format!("`{}` is printed more than once in {}", m.name, m.table),
        WhichColumn => format!(
            "`{}` reads a row of several columns in {} without naming one",
            m.name, m.table
        ),
    }
}

/// `explain`'s verdict for an assertion that could not be checked.
pub fn not_checked_step(m: &crate::rules::MissingPart) -> String {
    format!("not checked: {}", missing_part(m))
}

/// A completeness finding: the report does not print a table of its layout.
pub fn table_not_printed(titles: &[&str], alias: &str) -> String {
    let t: Vec<String> = titles.iter().map(|t| format!("“{t}”")).collect();
    format!(
        "the report does not print the table {} ({alias}); a table with no data is still printed, with a note that the unit had none",
        t.join(OR)
    )
}

/// Where a row of a table printed without rows was looked for.
pub const PRINTED_EMPTY: &str = "a table printed without rows";

// ---- zero bases ------------------------------------------------------------------------

pub fn growth_from_zero_stated() -> String {
    "the prior year is 0 (current amount = change): growth from nothing is stated as 100% by convention; no rate can be computed".into()
}

pub fn growth_from_zero_wrong(stated: &str) -> String {
    format!(
        "the prior year is 0 (current amount = change), so no rate can be computed: only 100% (or 不适用) may be stated, not {stated}"
    )
}

pub fn zero_over_zero_wrong(stated: &str) -> String {
    format!("both amounts are 0, so the only rate that can be stated is 0%, not {stated}")
}

/// A narrative amount that equals another of the report's totals than the one it is compared with.
pub fn other_total(stated: &str, base_src: &str, expected: &str) -> String {
    format!(
        "{stated} is exactly {base_src}: the narrative may give that total under this name (the total it names is {expected})"
    )
}
