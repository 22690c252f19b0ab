//! "Did you mean": the one place that decides when a misspelt name is close enough to a known
//! one to be worth suggesting. Used for unknown report keys; the rule engine reuses it for
//! rule, table and function names.

/// Returns the candidate closest to `input`, or `None` when `input` is itself a candidate or no
/// candidate is close.
///
/// Distance is Levenshtein with adjacent transpositions counted as one edit (optimal string
/// alignment), in characters, so `金額` → `金额` is one edit. A candidate is close when its
/// distance is at most a third of the input's length (at least 1) and smaller than the input's
/// length: a one-character input never gets a suggestion, a two-character one only when one
/// character differs (many report keys are two CJK characters). Ties go to the first candidate.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let input_len = input.chars().count();
    let threshold = (input_len / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == input {
            return None;
        }
        let distance = strsim::osa_distance(input, candidate);
        let close = distance <= threshold && distance < input_len;
        if close && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::suggest;

    const KEYS: [&str; 7] = [
        "title", "aliases", "number", "notes", "panels", "columns", "rows",
    ];

    #[test]
    fn suggests_close_names() {
        assert_eq!(suggest("colums", KEYS).as_deref(), Some("columns"));
        assert_eq!(suggest("titel", KEYS).as_deref(), Some("title"));
        assert_eq!(suggest("Rows", KEYS).as_deref(), Some("rows"));
        assert_eq!(suggest("金額", ["金额", "占比"]).as_deref(), Some("金额"));
    }

    #[test]
    fn no_suggestion_on_exact_match() {
        assert_eq!(suggest("title", KEYS), None);
    }

    #[test]
    fn no_suggestion_when_nothing_is_close() {
        assert_eq!(suggest("currency", KEYS), None);
        assert_eq!(suggest("x", KEYS), None);
        assert_eq!(suggest("ab", ["cd", "xy"]), None);
        assert_eq!(suggest("变动", ["金额", "占比", "预算"]), None);
        assert_eq!(suggest("标题", KEYS), None);
        assert_eq!(suggest("anything", []), None);
    }

    #[test]
    fn first_of_equally_close_candidates_wins() {
        assert_eq!(suggest("cart", ["card", "carp"]).as_deref(), Some("card"));
    }
}
