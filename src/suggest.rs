//! "Did you mean": one place that picks a close candidate for an unknown name.

use crate::report::normalize_name;

/// The candidate closest to `input`, if it is close enough to be a likely typo. Returns
/// `None` on an exact (normalised) match and when nothing is close: suggesting an arbitrary
/// name helps nobody.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let norm = normalize_name(input);
    let n = norm.chars().count();
    // CJK labels are short and every character carries meaning: allow one edit for up to
    // four characters, two up to ten, three beyond.
    let limit = match n {
        0..=1 => 0,
        2..=4 => 1,
        5..=10 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let cn = normalize_name(c);
        if cn == norm {
            return None;
        }
        let d = strsim::levenshtein(&norm, &cn);
        // A label that contains the input or is contained in it is close too
        // (`收入合计` → `本年收入合计`).
        let contained = n >= 2 && (cn.contains(&norm) || norm.contains(&cn));
        let d = if contained { d.min(limit) } else { d };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_close_names() {
        assert_eq!(suggest("本年收入和计", ["本年收入合计", "本年支出合计"]), Some("本年收入合计".into()));
        assert_eq!(suggest("收入合计", ["本年收入合计", "总计"]), Some("本年收入合计".into()));
        assert_eq!(suggest("summ", ["sum", "pct"]), Some("sum".into()));
    }

    #[test]
    fn no_suggestion_when_nothing_is_close_or_exact() {
        assert_eq!(suggest("基本工资", ["公务接待费", "办公费"]), None);
        assert_eq!(suggest("总计", ["总计"]), None);
        assert_eq!(suggest("x", ["y"]), None);
    }
}
