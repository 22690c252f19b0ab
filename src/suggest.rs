//! "Did you mean": the one place that decides when a misspelt name is close enough to a known
//! one to be worth suggesting. Used for unknown report keys, rule ids, table aliases, row and
//! column labels, and functions.

use crate::report::normalize_name;

/// Returns the candidate closest to `input`, or `None` when `input` is itself a candidate
/// (after name normalisation) or no candidate is close.
///
/// Distance is Levenshtein with adjacent transpositions counted as one edit (optimal string
/// alignment), in characters, on normalised names, so `金額` → `金额` is one edit and
/// `一、收入` equals `收入`. A candidate is close when its distance is at most a third of the
/// input's length (at least 1) and smaller than the input's length: one- and two-letter
/// inputs never get an arbitrary suggestion. A label that contains the input (or is contained
/// in it, two characters or more) is close too: rule authors drop prefixes such as 本年
/// (`收入合计` → `本年收入合计`). Ties go to the first candidate.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let norm = normalize_name(input);
    let input_len = norm.chars().count();
    let threshold = (input_len / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let cn = normalize_name(candidate);
        if cn == norm {
            return None;
        }
        // ASCII case is one edit's worth of nothing: `SUM` is `sum`, `T01` is `t01`; and an
        // alias written without its zero (`t1`) is the alias (`t01`)
        let (fa, fb) = (fold(&norm), fold(&cn));
        let mut distance = if fa == fb {
            0
        } else {
            strsim::osa_distance(&norm.to_ascii_lowercase(), &cn.to_ascii_lowercase())
                .min(strsim::osa_distance(&fa, &fb))
        };
        if input_len >= 2 && (cn.contains(&norm) || norm.contains(&cn)) && !cn.is_empty() {
            distance = distance.min(threshold);
        }
        // A CJK character carries a word's meaning, so two-character labels may be one edit
        // off; two ASCII letters one edit apart are arbitrary.
        let short_ok = input_len > 2 || !norm.is_ascii();
        let close = distance <= threshold && distance < input_len && short_ok;
        if close && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// For names matched exactly (table aliases, functions, `let` names): like [`suggest`], and
/// a candidate that differs from `input` only in width, ASCII case or leading zeros
/// (`ｓｕｍ`, `SUM`, `t1`) is suggested too, since the exact lookup did not find it.
pub fn suggest_exact<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<String> {
    let key = fold(&normalize_name(input));
    candidates
        .clone()
        .into_iter()
        .find(|c| *c != input && fold(&normalize_name(c)) == key)
        .map(str::to_string)
        .or_else(|| suggest(input, candidates))
}

/// ASCII lower case, and every run of ASCII digits without its leading zeros.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_digits = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let next_is_digit = chars.peek().is_some_and(char::is_ascii_digit);
            if c == '0' && !in_digits && next_is_digit {
                continue;
            }
            in_digits = true;
        } else {
            in_digits = false;
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{suggest, suggest_exact};

    const KEYS: [&str; 7] = [
        "title", "aliases", "number", "notes", "panels", "columns", "rows",
    ];

    #[test]
    fn suggests_close_names() {
        assert_eq!(suggest("colums", KEYS).as_deref(), Some("columns"));
        assert_eq!(suggest("titel", KEYS).as_deref(), Some("title"));
        assert_eq!(suggest("Rows", KEYS).as_deref(), Some("rows"));
        assert_eq!(suggest("金額", ["金额", "占比"]).as_deref(), Some("金额"));
        assert_eq!(
            suggest("本年收入和计", ["本年收入合计", "本年支出合计"]).as_deref(),
            Some("本年收入合计")
        );
        assert_eq!(
            suggest("收入合计", ["本年收入合计", "总计"]).as_deref(),
            Some("本年收入合计")
        );
        assert_eq!(suggest("summ", ["sum", "pct"]).as_deref(), Some("sum"));
    }

    #[test]
    fn exact_names_differing_in_case_width_or_zeros() {
        let aliases = ["t01", "t03", "t09"];
        assert_eq!(suggest_exact("t1", aliases).as_deref(), Some("t01"));
        assert_eq!(suggest_exact("T09", aliases).as_deref(), Some("t09"));
        assert_eq!(suggest_exact("t003", aliases).as_deref(), Some("t03"));
        assert_eq!(suggest_exact("t2", aliases), None);
        let functions = ["sum", "pct", "growth"];
        assert_eq!(suggest_exact("SUM", functions).as_deref(), Some("sum"));
        assert_eq!(suggest_exact("ｐｃｔ", functions).as_deref(), Some("pct"));
        assert_eq!(
            suggest_exact("Growht", functions).as_deref(),
            Some("growth")
        );
        assert_eq!(suggest_exact("sum", functions), None);
    }

    #[test]
    fn no_suggestion_on_exact_match() {
        assert_eq!(suggest("title", KEYS), None);
        assert_eq!(suggest("一般公共服务支出", ["一、一般公共服务支出"]), None);
    }

    #[test]
    fn no_suggestion_when_nothing_is_close() {
        assert_eq!(suggest("currency", KEYS), None);
        assert_eq!(suggest("x", KEYS), None);
        assert_eq!(suggest("ab", ["ac", "bb"]), None);
        assert_eq!(suggest("标题", KEYS), None);
        assert_eq!(suggest("anything", []), None);
        assert_eq!(suggest("基本工资", ["公务接待费", "办公费"]), None);
    }
}
