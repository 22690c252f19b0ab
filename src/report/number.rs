//! Exact numbers from their printed text.
//!
//! Amounts, percentages and counts are read digit by digit into a [`Decimal`] whose scale is the
//! number of decimals printed (`0.10` has scale 2, `2` scale 0). Nothing goes through binary
//! floating point. Every rejected form has its own [`NumberError`] so a diagnostic can say what
//! is accepted instead.

use rust_decimal::Decimal;

/// Why a text is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NumberError {
    /// `""`
    Empty,
    /// `+5`
    PlusSign,
    /// `1e-2`
    Exponent,
    /// `.5`
    LeadingDot,
    /// `5.`
    TrailingDot,
    /// `0x1F`, `0o17`, `0b101`
    Radix,
    /// `inf`, `.nan`
    InfNan,
    /// `2,94.05`, `29,40.05`
    Grouping,
    /// more than 28 significant digits, or more than 28 decimals
    TooManyDigits,
    /// anything else: `abc`, `1.2.3`, `１２`
    NotANumber,
    /// `12%` where an amount belongs
    Percent,
    /// more than [`MAX_NUMBER_TEXT`] bytes: `000…0001`
    TooLong,
}

impl NumberError {
    /// What is wrong with the text, as a phrase: "has an exponent".
    pub fn reason(self) -> &'static str {
        match self {
            NumberError::Empty => "is empty",
            NumberError::PlusSign => "has a `+` sign",
            NumberError::Exponent => "has an exponent",
            NumberError::LeadingDot => "has no digit before the decimal point",
            NumberError::TrailingDot => "has no digit after the decimal point",
            NumberError::Radix => "is not decimal",
            NumberError::InfNan => "is not a finite number",
            NumberError::Grouping => "has thousands separators not in groups of three",
            NumberError::TooManyDigits => "has more than 28 significant digits or decimals",
            NumberError::NotANumber => "is not a number",
            NumberError::Percent => "is a percentage",
            NumberError::TooLong => "is longer than 64 characters",
        }
    }
}

/// The most significant digits (and decimals) a [`Decimal`] holds exactly.
const MAX_DIGITS: usize = 28;

/// The longest text read as a number, in bytes: 28 digits with separators, sign and point
/// fit with room to spare (see docs/limits.md).
pub const MAX_NUMBER_TEXT: usize = 64;

/// Reads a decimal number exactly as printed: an optional `-`, digits (optionally grouped by
/// `,` in threes), and optionally `.` followed by digits. The scale is the number of decimals
/// written.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    if text.len() > MAX_NUMBER_TEXT {
        return Err(NumberError::TooLong);
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if let Some(d) = plain_decimal(body, negative) {
        return Ok(d);
    }
    if body.starts_with('+') || (!negative && text.starts_with('+')) {
        return Err(NumberError::PlusSign);
    }
    let lower = body.to_ascii_lowercase();
    let bare = lower.trim_start_matches('.');
    if matches!(bare, "inf" | "infinity" | "nan") {
        return Err(NumberError::InfNan);
    }
    if lower.starts_with("0x") || lower.starts_with("0o") || lower.starts_with("0b") {
        return Err(NumberError::Radix);
    }
    if body.ends_with('%') || body.ends_with('％') {
        return Err(NumberError::Percent);
    }
    if let Some(e) = lower.find('e') {
        let (mantissa, exponent) = (&lower[..e], &lower[e + 1..]);
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        if numeric(mantissa) && numeric(exponent) {
            return Err(NumberError::Exponent);
        }
        return Err(NumberError::NotANumber);
    }
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if !body
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(NumberError::NotANumber);
    }
    if frac_part.is_some_and(|f| f.contains(['.', ','])) {
        return Err(NumberError::NotANumber);
    }
    if int_part.is_empty() {
        return Err(if frac_part.is_some_and(|f| !f.is_empty()) {
            NumberError::LeadingDot
        } else {
            NumberError::NotANumber
        });
    }
    if frac_part == Some("") {
        return Err(NumberError::TrailingDot);
    }
    if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first = groups.next().unwrap_or_default();
        let first_ok =
            (1..=3).contains(&first.len()) && !(first.len() > 1 && first.starts_with('0'));
        if !first_ok || first == "0" || !groups.all(|g| g.len() == 3) {
            return Err(NumberError::Grouping);
        }
    }
    let frac = frac_part.unwrap_or("");
    if frac.len() > MAX_DIGITS {
        return Err(NumberError::TooManyDigits);
    }
    let int_digits = int_part
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&b| b == b'0');
    let mut mantissa: i128 = 0;
    let mut significant = 0usize;
    for b in int_digits.chain(frac.bytes()) {
        if significant > 0 || b != b'0' {
            significant += 1;
        }
        if significant > MAX_DIGITS {
            return Err(NumberError::TooManyDigits);
        }
        mantissa = mantissa * 10 + i128::from(b - b'0');
    }
    if negative {
        mantissa = -mantissa;
    }
    // `frac.len() <= 28` and at most 28 significant digits: always representable.
    Decimal::try_from_i128_with_scale(mantissa, frac.len() as u32)
        .map_err(|_| NumberError::TooManyDigits)
}

/// The common case without allocating: up to 18 digits with at most one inner `.` (`1234.56`,
/// `0`, `12.30`); `None` for anything else, which the full reader then accepts or explains.
/// The result is the one the full reader gives: the same mantissa and scale.
fn plain_decimal(body: &str, negative: bool) -> Option<Decimal> {
    let bytes = body.as_bytes();
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let mut mantissa: i64 = 0;
    let mut digits = 0usize;
    let mut scale: Option<u32> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                digits += 1;
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            // one `.` with digits on both sides
            b'.' if scale.is_none() && i > 0 && i + 1 < bytes.len() => scale = Some(0),
            _ => return None,
        }
    }
    if digits > 18 {
        return None;
    }
    Some(Decimal::new(
        if negative { -mantissa } else { mantissa },
        scale.unwrap_or(0),
    ))
}

/// Whether a cell's text is a printed blank. `~`, `null` and the empty text are YAML's nulls
/// and count only when unquoted; `-`, `—` and the empty text count in any style.
pub fn is_blank(text: &str, plain: bool) -> bool {
    // most cells are amounts: a leading digit is never a blank
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let t = text.trim();
    matches!(t, "" | "-" | "—" | "－" | "–" | "——")
        || (plain && matches!(t, "~" | "null" | "Null" | "NULL"))
}

/// Reads a percentage written with `%` (or `％`): `96.15%` is 96.15 with scale 2.
/// `Ok(None)` when there is no `%`.
pub fn parse_percent(text: &str) -> Result<Option<Decimal>, NumberError> {
    let t = text.trim();
    match t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
        Some(number) => parse_decimal(number).map(Some),
        None => Ok(None),
    }
}

/// Reads a count with its unit as printed: `4人` is (4, `人`), `2台（套）` is (2, `台（套）`),
/// `7` is (7, ``).
pub fn parse_count(text: &str) -> Result<(Decimal, &str), NumberError> {
    let t = text.trim();
    let end = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == '+'))
        .map_or(t.len(), |(i, _)| i);
    let (number, unit) = t.split_at(end);
    if number.is_empty() {
        return Err(NumberError::NotANumber);
    }
    Ok((parse_decimal(number)?, unit.trim()))
}

/// Reads a 行次: a positive integer without sign, separators or leading zeros.
pub fn parse_line(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() || t.starts_with('0') || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Whether `text` is a classification code: 3, 5 or 7 ASCII digits.
pub fn is_code(text: &str) -> bool {
    matches!(text.len(), 3 | 5 | 7) && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> (String, u32) {
        let d = parse_decimal(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        (d.to_string(), d.scale())
    }

    #[test]
    fn the_shortcut_agrees_with_the_full_reader() {
        // `plain_decimal` takes these; with it bypassed, the full reader must give the same
        // value and scale (and refuse what the shortcut refuses to take)
        for text in [
            "0",
            "7",
            "007",
            "0.00",
            "12.30",
            "1234.56",
            "999999999999999999",
            "99999999999999999.9",
            "0.000000000000000001",
            "-12.5",
            "1.",
            ".5",
            "1..2",
            "1.2.3",
            "",
            "-",
            "+1",
            "1e5",
            "1,234",
            "1234567890123456789",
        ] {
            let (negative, body) = match text.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, text),
            };
            let Some(fast) = plain_decimal(body, negative) else {
                continue;
            };
            let full = Decimal::from_str_exact(text).expect("a plain decimal is a decimal");
            assert_eq!(
                (fast.to_string(), fast.scale()),
                (full.to_string(), full.scale()),
                "{text}"
            );
        }
        assert!(plain_decimal("1.", false).is_none() && plain_decimal(".5", false).is_none());
        assert!(plain_decimal("1,234", false).is_none() && plain_decimal("1e5", false).is_none());
        assert!(plain_decimal("1234567890123456789", false).is_none());
        // `-0.00` is zero without a sign, as the full reader makes it
        let zero = plain_decimal("0.00", true).expect("taken");
        assert!(zero.is_zero() && !zero.is_sign_negative() && zero.scale() == 2);
    }

    #[test]
    fn accepts_printed_amounts_and_keeps_scale() {
        assert_eq!(ok("75.01"), ("75.01".into(), 2));
        assert_eq!(ok("2"), ("2".into(), 0));
        assert_eq!(ok("0.10"), ("0.10".into(), 2));
        assert_eq!(ok("2,940.05"), ("2940.05".into(), 2));
        assert_eq!(ok("1,234,567"), ("1234567".into(), 0));
        assert_eq!(ok("-3.5"), ("-3.5".into(), 1));
        assert_eq!(ok("0"), ("0".into(), 0));
        assert_eq!(ok("0.00"), ("0.00".into(), 2));
        assert_eq!(ok("007"), ("7".into(), 0));
        assert_eq!(
            ok("1234567890123456789012345678"),
            ("1234567890123456789012345678".into(), 0)
        );
        assert_eq!(
            ok("0.0000000000000000000000000001"),
            ("0.0000000000000000000000000001".into(), 28)
        );
    }

    #[test]
    fn rejects_other_forms_with_a_reason() {
        use NumberError::*;
        let long = "0".repeat(65);
        let cases = [
            ("", Empty),
            ("1e-2", Exponent),
            ("1E5", Exponent),
            ("2.5e+3", Exponent),
            (".5", LeadingDot),
            ("5.", TrailingDot),
            ("0x1F", Radix),
            ("0o17", Radix),
            ("inf", InfNan),
            (".inf", InfNan),
            ("-.inf", InfNan),
            (".NaN", InfNan),
            ("+5", PlusSign),
            ("-+5", PlusSign),
            ("2,94.05", Grouping),
            ("29,40.05", Grouping),
            ("1234,567", Grouping),
            (",123", Grouping),
            ("0,123", Grouping),
            ("12345678901234567890123456789", TooManyDigits),
            ("0.00000000000000000000000000001", TooManyDigits),
            ("abc", NotANumber),
            ("1.2.3", NotANumber),
            ("１２", NotANumber),
            ("12元", NotANumber),
            ("-", NotANumber),
            ("1.5,0", NotANumber),
            ("12%", Percent),
            ("e5", NotANumber),
            (long.as_str(), TooLong),
        ];
        for (text, want) in cases {
            assert_eq!(parse_decimal(text), Err(want), "{text:?}");
        }
    }

    #[test]
    fn blanks() {
        for b in ["~", "null", "", "-", "—", " "] {
            assert!(is_blank(b, true), "{b:?}");
        }
        assert!(is_blank("-", false));
        assert!(!is_blank("~", false));
        assert!(!is_blank("0", true));
    }

    #[test]
    fn percents_counts_lines_codes() {
        let p = parse_percent("96.15%").unwrap().unwrap();
        assert_eq!((p.to_string(), p.scale()), ("96.15".into(), 2));
        let p = parse_percent("53%").unwrap().unwrap();
        assert_eq!(p.scale(), 0);
        assert_eq!(parse_percent("53"), Ok(None));
        assert_eq!(parse_percent("1e2%"), Err(NumberError::Exponent));

        let (n, unit) = parse_count("2台（套）").unwrap();
        assert_eq!((n, unit), (Decimal::from(2), "台（套）"));
        assert_eq!(parse_count("4人").unwrap().1, "人");
        assert_eq!(parse_count("四人"), Err(NumberError::NotANumber));
        assert_eq!(parse_count(""), Err(NumberError::NotANumber));

        assert_eq!(parse_line("14"), Some(14));
        for bad in ["0", "-1", "01", "1.0", "a", "99999999999"] {
            assert_eq!(parse_line(bad), None, "{bad}");
        }
        assert!(is_code("201") && is_code("20106") && is_code("2010601"));
        assert!(!is_code("2010") && !is_code("20a") && !is_code("") && !is_code("201060101"));
    }
}
