//! A pass over a pack file before it is parsed, for characters that look like something they
//! are not (docs/language.md §2, "Characters that are not what they look like"):
//!
//! - **full-width punctuation typed with a Chinese input method** where the language has
//!   syntax: `pct（a， b）`, `＝＝`, `＜＝`, `“标题”`. Full-width marks are part of names
//!   (`因公出国（境）费`, `其中：…`, `“三公”经费`), so each is an error only where it stands in
//!   place of syntax, and the error says which ASCII mark to type. The text handed to the
//!   parser has the ASCII mark there (padded with spaces to keep every byte offset), so the
//!   rest of the file parses as meant and the fix is the only error it causes.
//! - **invisible characters** (zero-width spaces and joiners) outside comments, which make two
//!   names that look the same differ (`x`, and `x` followed by U+200D);
//! - **bidirectional controls** anywhere, comments included: they make a line display in
//!   another order than it is read (the Trojan Source pattern).

use crate::rules::check::FUNCTIONS;

/// What is wrong at a place of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// a full-width mark where the language has syntax: (as written, the ASCII to type)
    FullWidth { found: String, ascii: String },
    /// an invisible character outside comments
    Invisible { ch: char, in_string: bool },
    /// a bidirectional control anywhere
    Bidi { ch: char },
}

/// The result of the pass: the problems with their byte spans in the original text, and the
/// text to parse when it differs from the original (same length, same line breaks).
#[derive(Debug, Default)]
pub struct Scan {
    pub problems: Vec<(usize, usize, Problem)>,
    pub text: Option<String>,
}

/// Bidirectional formatting characters (Unicode Bidi_Control).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that print as nothing: zero-width space, non-joiner, joiner, word joiner and
/// invisible operators, soft hyphen, Mongolian vowel separator, variation selectors.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}'
    )
}

/// The ASCII mark a full-width one stands for.
fn ascii_of(c: char) -> Option<char> {
    Some(match c {
        '（' => '(',
        '）' => ')',
        '［' => '[',
        '］' => ']',
        '｛' => '{',
        '｝' => '}',
        '，' => ',',
        '：' => ':',
        '＝' => '=',
        '＜' => '<',
        '＞' => '>',
        '！' => '!',
        '“' | '”' => '"',
        '；' => ';',
        '｜' => '|',
        '％' => '%',
        _ => return None,
    })
}

/// The characters the grammar does not allow in a bare name (`ident_char` in
/// grammar/rules.pest), besides whitespace.
pub(super) fn is_ascii_syntax(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '+'
            | '-'
            | '*'
            | '/'
            | '<'
            | '>'
            | '='
            | '!'
            | '|'
            | '&'
            | '#'
            | '"'
            | '\''
            | '%'
            | '×'
            | '÷'
            | '≤'
            | '≥'
    )
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{FEFF}')
}

/// Marks that always stand for syntax: no label of the template contains them.
fn always_syntax(c: char) -> bool {
    matches!(
        c,
        '＝' | '＜' | '＞' | '！' | '［' | '］' | '｛' | '｝' | '，' | '；' | '｜'
    )
}

fn is_operator_char(c: char) -> bool {
    matches!(c, '=' | '<' | '>' | '!' | '＝' | '＜' | '＞' | '！')
}

/// Words after which a string is expected: a rule's title, a message, a file, a pack name.
const STRING_AFTER: [&str; 8] = [
    "error", "warning", "info", "message", "include", "extends", "pack", "version",
];

struct Line<'a> {
    text: &'a str,
    /// byte offset of the line in the file
    base: usize,
}

pub fn scan(text: &str) -> Scan {
    let mut problems: Vec<(usize, usize, Problem)> = Vec::new();
    // (start, end, replacement of the same byte length)
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut base = 0;
    for line in text.split_inclusive('\n') {
        // only these characters make a problem; most lines have none (a tenth of reading the
        // standard pack went to looking at each character of every line in detail)
        // (each of them starts with one of these bytes in UTF-8; CJK ideographs do not)
        if line
            .bytes()
            .any(|b| matches!(b, 0xC2 | 0xD8 | 0xE1 | 0xE2 | 0xEF))
            && line
                .chars()
                .any(|c| is_bidi_control(c) || is_invisible(c) || ascii_of(c).is_some())
        {
            scan_line(&Line { text: line, base }, &mut problems, &mut edits);
        }
        base += line.len();
    }
    problems.sort_by_key(|p| (p.0, p.1));
    let text = (!edits.is_empty()).then(|| {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        edits.sort_by_key(|e| e.0);
        for (s, e, r) in edits {
            if s < at {
                continue;
            }
            out.push_str(&text[at..s]);
            debug_assert_eq!(r.len(), e - s);
            out.push_str(&r);
            at = e;
        }
        out.push_str(&text[at..]);
        out
    });
    Scan { problems, text }
}

/// `ascii` padded with spaces to `len` bytes (after it, or before it for an opening quote).
fn padded(ascii: &str, len: usize, before: bool) -> String {
    let pad = " ".repeat(len.saturating_sub(ascii.len()));
    if before {
        format!("{pad}{ascii}")
    } else {
        format!("{ascii}{pad}")
    }
}

fn scan_line(
    line: &Line,
    problems: &mut Vec<(usize, usize, Problem)>,
    edits: &mut Vec<(usize, usize, String)>,
) {
    let chars: Vec<(usize, char)> = line.text.char_indices().collect();
    let abs = |i: usize| line.base + chars.get(i).map_or(line.text.len(), |c| c.0);
    let end_of = |i: usize| abs(i) + chars[i].1.len_utf8();
    // Bidi controls anywhere, comments and strings included.
    for (i, &(_, c)) in chars.iter().enumerate() {
        if is_bidi_control(c) {
            problems.push((abs(i), end_of(i), Problem::Bidi { ch: c }));
        }
    }
    // The code of the line: (start, end) char index ranges outside strings and comments.
    let mut code: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    let mut start = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c == '#' {
            code.push((start, i));
            start = chars.len();
            break;
        }
        if c == '"' {
            code.push((start, i));
            let mut j = i + 1;
            while j < chars.len() {
                match chars[j].1 {
                    '\\' => j += 1,
                    '"' | '\n' => break,
                    ch if is_invisible(ch) => problems.push((
                        abs(j),
                        end_of(j),
                        Problem::Invisible {
                            ch,
                            in_string: true,
                        },
                    )),
                    _ => {}
                }
                j += 1;
            }
            i = j + 1;
            start = i;
            continue;
        }
        if c == '“' && string_expected(&chars, i, line.text) {
            // a string typed with the input method's quotes
            let close = closing_quote(&chars, i);
            code.push((start, i));
            let (s, e) = (abs(i), end_of(i));
            match close {
                Some(k) => {
                    let (cs, ce) = (abs(k), end_of(k));
                    let content: String = chars[i + 1..k].iter().map(|c| c.1).collect();
                    problems.push((
                        s,
                        ce,
                        Problem::FullWidth {
                            found: format!("“{content}”"),
                            ascii: format!("\"{content}\""),
                        },
                    ));
                    edits.push((s, e, padded("\"", e - s, true)));
                    edits.push((cs, ce, padded("\"", ce - cs, false)));
                    i = k + 1;
                }
                None => {
                    problems.push((
                        s,
                        e,
                        Problem::FullWidth {
                            found: "“".into(),
                            ascii: "\"".into(),
                        },
                    ));
                    edits.push((s, e, padded("\"", e - s, true)));
                    i = chars.len();
                }
            }
            start = i;
            continue;
        }
        i += 1;
    }
    if start < chars.len() {
        code.push((start, chars.len()));
    }
    for (from, to) in code {
        scan_code(&chars, from, to, line, problems, edits);
    }
}

/// Whether a `“` at `i` is where a string is expected (a title, a message, a table title).
fn string_expected(chars: &[(usize, char)], i: usize, line: &str) -> bool {
    let mut j = i;
    while j > 0 && is_space(chars[j - 1].1) {
        j -= 1;
    }
    if j == 0 {
        return false;
    }
    let prev = chars[j - 1].1;
    if matches!(prev, '=' | '＝' | '|') {
        return line.starts_with("table ");
    }
    let mut k = j;
    while k > 0 && !is_space(chars[k - 1].1) && !is_ascii_syntax(chars[k - 1].1) {
        k -= 1;
    }
    let word: String = chars[k..j].iter().map(|c| c.1).collect();
    STRING_AFTER.contains(&word.as_str())
}

/// The `”` that closes a string opened at `i`: the first one followed by the end of the
/// line or by what may follow a string (`|`, `{`, `#`, `default`, `version`).
fn closing_quote(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let mut last = None;
    for k in i + 1..chars.len() {
        if chars[k].1 != '”' {
            continue;
        }
        last = Some(k);
        let rest: String = chars[k + 1..].iter().map(|c| c.1).collect();
        let rest = rest.trim_start_matches(is_space);
        if rest.is_empty()
            || rest.starts_with(['|', '{', '#', '｛'])
            || rest.starts_with("default")
            || rest.starts_with("version")
        {
            return Some(k);
        }
    }
    last
}

fn scan_code(
    chars: &[(usize, char)],
    from: usize,
    to: usize,
    line: &Line,
    problems: &mut Vec<(usize, usize, Problem)>,
    edits: &mut Vec<(usize, usize, String)>,
) {
    let abs = |i: usize| line.base + chars[i].0;
    let end_of = |i: usize| abs(i) + chars[i].1.len_utf8();
    let flag = |problems: &mut Vec<(usize, usize, Problem)>,
                s: usize,
                e: usize,
                found: String,
                ascii: String| {
        problems.push((s, e, Problem::FullWidth { found, ascii }));
    };
    let mut i = from;
    while i < to {
        let c = chars[i].1;
        if is_invisible(c) {
            problems.push((
                abs(i),
                end_of(i),
                Problem::Invisible {
                    ch: c,
                    in_string: false,
                },
            ));
        }
        // a run of comparison marks: `＝＝`, `＜=`, `！＝`
        if is_operator_char(c) {
            let mut j = i;
            while j < to && is_operator_char(chars[j].1) {
                j += 1;
            }
            if chars[i..j].iter().any(|x| !x.1.is_ascii()) {
                let found: String = chars[i..j].iter().map(|x| x.1).collect();
                let ascii: String = chars[i..j]
                    .iter()
                    .map(|x| ascii_of(x.1).unwrap_or(x.1))
                    .collect();
                let (s, e) = (abs(i), end_of(j - 1));
                edits.push((s, e, padded(&ascii, e - s, false)));
                flag(problems, s, e, found, ascii);
            }
            i = j;
            continue;
        }
        if always_syntax(c) {
            let (s, e) = (abs(i), end_of(i));
            let a = ascii_of(c).unwrap_or(c).to_string();
            edits.push((s, e, padded(&a, e - s, false)));
            flag(problems, s, e, c.to_string(), a);
        }
        i += 1;
    }
    // Words: runs of name characters, the marks above counting as the syntax they stand for.
    let mut i = from;
    while i < to {
        let c = chars[i].1;
        if is_space(c) || is_ascii_syntax(c) || always_syntax(c) || is_operator_char(c) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < to {
            let c = chars[j].1;
            if is_space(c) || is_ascii_syntax(c) || always_syntax(c) || is_operator_char(c) {
                break;
            }
            j += 1;
        }
        word(chars, i, j, line, problems, edits);
        i = j;
    }
}

/// Full-width parentheses and colons in the word `chars[from..to]`: a pair is part of a name
/// (`因公出国（境）费`) unless it follows a function's name (`pct（…）`); a parenthesis without
/// its pair in the word is syntax (`pct（基本支出`, `本年支出合计）`), and so is a colon at
/// either end of a word.
fn word(
    chars: &[(usize, char)],
    from: usize,
    to: usize,
    line: &Line,
    problems: &mut Vec<(usize, usize, Problem)>,
    edits: &mut Vec<(usize, usize, String)>,
) {
    let abs = |i: usize| line.base + chars[i].0;
    let end_of = |i: usize| abs(i) + chars[i].1.len_utf8();
    let mut syntax: Vec<usize> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for k in from..to {
        match chars[k].1 {
            '（' => open.push(k),
            '）' => match open.pop() {
                Some(o) => {
                    let head: String = chars[from..o].iter().map(|c| c.1).collect();
                    if FUNCTIONS.iter().any(|f| f.0 == head) {
                        syntax.extend([o, k]);
                    }
                }
                None => syntax.push(k),
            },
            '：' if k == from || k + 1 == to => syntax.push(k),
            // `52.79％`: a percent sign after a number (a name cannot start with a digit)
            '％' if k > from && chars[from..k].iter().all(|c| c.1.is_ascii_digit()) => {
                syntax.push(k)
            }
            _ => {}
        }
    }
    syntax.extend(open);
    syntax.sort_unstable();
    for k in syntax {
        let c = chars[k].1;
        let (s, e) = (abs(k), end_of(k));
        let a = ascii_of(c).unwrap_or(c).to_string();
        edits.push((s, e, padded(&a, e - s, false)));
        problems.push((
            s,
            e,
            Problem::FullWidth {
                found: c.to_string(),
                ascii: a,
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_that_makes_a_problem_starts_with_a_byte_the_filter_looks_for() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            if is_bidi_control(c) || is_invisible(c) || ascii_of(c).is_some() {
                let mut buf = [0; 4];
                let first = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(matches!(first, 0xC2 | 0xD8 | 0xE1 | 0xE2 | 0xEF), "{c:?}");
            }
        }
    }

    fn fixes(text: &str) -> Vec<(String, String)> {
        scan(text)
            .problems
            .into_iter()
            .filter_map(|(_, _, p)| match p {
                Problem::FullWidth { found, ascii } => Some((found, ascii)),
                _ => None,
            })
            .collect()
    }

    fn parsed(text: &str) -> String {
        let s = scan(text);
        let t = s.text.unwrap_or_else(|| text.to_string());
        assert_eq!(t.len(), text.len());
        t
    }

    #[test]
    fn marks_in_place_of_syntax_are_found_and_replaced() {
        assert_eq!(
            fixes("pct（基本支出, 本年支出合计） == 1"),
            [("（".into(), "(".into()), ("）".into(), ")".into())]
        );
        assert_eq!(parsed("pct（a）"), "pct(  a)  ");
        assert_eq!(parsed("a ＝＝ b"), "a ==     b");
        assert_eq!(parsed("a ＜＝ b"), "a <=     b");
        assert_eq!(parsed("a !＝ b"), "a !=   b");
        assert_eq!(fixes("sum(a， b)"), [("，".into(), ",".into())]);
        assert_eq!(parsed("x == 52.79％"), "x == 52.79%  ");
        assert_eq!(parsed("names 甲 ｜ 乙"), "names 甲 |   乙");
        assert_eq!(fixes("（a + b） * 2").len(), 2);
        assert_eq!(
            fixes("rule A error “标题” ｛ x ｝"),
            [
                ("“标题”".into(), "\"标题\"".into()),
                ("｛".into(), "{".into()),
                ("｝".into(), "}".into())
            ]
        );
        assert_eq!(
            parsed("message “差 {left}”\n"),
            "message   \"差 {left}\"  \n"
        );
        assert_eq!(
            parsed("table t09 = “A” | “B”"),
            "table t09 =   \"A\"   |   \"B\"  "
        );
    }

    #[test]
    fn marks_that_are_part_of_names_are_left_alone() {
        for ok in [
            "t09.因公出国（境）费 == 1",
            "t01.（一）财政拨款收入 == 1",
            "说明.三公.“三公”经费财政拨款支出.决算 == 1",
            "t03.其中：基本支出 == 1",
            "rule A error \"（标题，：＝）\" { x == 1 } # 注释（，＝",
        ] {
            assert_eq!(scan(ok).problems, [], "{ok}");
            assert!(scan(ok).text.is_none(), "{ok}");
        }
    }

    #[test]
    fn invisible_and_bidi_characters() {
        let p = scan("let x\u{200D} = 1 # ok\u{200B}\n# \u{202E}evil\n\"a\u{200B}\"").problems;
        let kinds: Vec<&Problem> = p.iter().map(|x| &x.2).collect();
        assert_eq!(
            kinds,
            [
                &Problem::Invisible {
                    ch: '\u{200D}',
                    in_string: false
                },
                &Problem::Bidi { ch: '\u{202E}' },
                &Problem::Invisible {
                    ch: '\u{200B}',
                    in_string: true
                },
            ]
        );
        assert_eq!(p[0].0, 5);
    }
}
