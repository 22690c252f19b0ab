//! Parsing: pest grammar (`grammar/rules.pest`) to the AST of [`super::ast`].
//!
//! Naming: `build_*` turns a pest pair into a node; locations are computed here, once, from
//! byte offsets through [`LineIndex`]. A syntax error does not stop the file: parsing resumes
//! at the next line that starts a declaration, so one run reports every broken rule.

use pest::Parser as _;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::LazyLock;

use super::ast::*;
use super::error::{PackError, PackErrorKind};

mod fast;
mod scan;
pub use scan::{is_bidi_control, is_invisible};

mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/rules.pest"]
    pub struct RulesParser;
}
use grammar::{Rule as R, RulesParser};

/// One parsed file: its top-level items in order.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub items: Vec<Item>,
}

#[derive(Debug)]
pub enum Item {
    Pack {
        name: String,
        version: Option<String>,
    },
    Include(Name),
    Extends(Name),
    Tolerance(Decimal, Loc),
    Table(TableDecl),
    Names(NamesDecl),
    Layout(LayoutDecl),
    Bases(Vec<Expr>),
    Let(LetDecl),
    Severity(Name, Severity, Loc),
    Disable(Name),
    Rule(Rule),
}

/// Maps byte offsets of one file to line and column.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn loc(&self, file: u32, start: usize, end: usize) -> Loc {
        // The parser reads a text where a full-width mark became an ASCII one and spaces
        // (scan.rs): a span may start or end inside the mark as this text has it.
        let start = floor_boundary(self.text, start);
        let end = ceil_boundary(self.text, end.max(start));
        let line = self.starts.partition_point(|&s| s <= start).max(1);
        let line_start = self.starts[line - 1];
        let column = self
            .text
            .get(line_start..start)
            .map_or(1, |s| s.chars().count() + 1);
        Loc {
            file,
            offset: start as u32,
            len: (end - start) as u32,
            line: line as u32,
            column: column as u32,
        }
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The errors of the pass over characters (scan.rs), located.
fn scan_errors(
    file: u32,
    index: &LineIndex,
    problems: &[(usize, usize, scan::Problem)],
) -> Vec<PackError> {
    let mut out: Vec<PackError> = problems
        .iter()
        .take(MAX_SYNTAX_ERRORS)
        .map(|(s, e, p)| {
            let loc = index.loc(file, *s, *e);
            match p {
                scan::Problem::FullWidth { found, ascii } => PackError::new(
                    PackErrorKind::FullWidth {
                        found: found.clone(),
                        ascii: ascii.clone(),
                    },
                    loc,
                )
                .with_help(super::error::FULL_WIDTH_HELP),
                scan::Problem::Invisible { ch, in_string } => PackError::new(
                    PackErrorKind::InvisibleChar {
                        ch: *ch,
                        in_string: *in_string,
                    },
                    loc,
                ),
                scan::Problem::Bidi { ch } => {
                    PackError::new(PackErrorKind::BidiControl { ch: *ch }, loc)
                }
            }
        })
        .collect();
    if problems.len() > MAX_SYNTAX_ERRORS {
        let (s, e, _) = &problems[MAX_SYNTAX_ERRORS];
        out.push(
            PackError::new(
                PackErrorKind::TooComplex {
                    what: "the number of syntax errors in one file".into(),
                    limit: MAX_SYNTAX_ERRORS,
                },
                index.loc(file, *s, *e),
            )
            .with_help("the problems from here on are not shown; fix the ones above first"),
        );
    }
    out
}

/// Parses one file. Returns the items it could read and every syntax error.
pub fn parse_file(file: u32, original: &str) -> (ParsedFile, Vec<PackError>) {
    let index = LineIndex::new(original);
    let scanned = scan::scan(original);
    // the text as meant: full-width marks in place of syntax read as their ASCII forms
    let text = scanned.text.as_deref().unwrap_or(original);
    let (parsed, mut errors) = parse_text(file, &index, original, text);
    if !scanned.problems.is_empty() {
        // a syntax error at a character already reported (a full-width mark, a zero-width
        // joiner inside a rule id) is that character's consequence
        errors.retain(|e| {
            !matches!(e.kind, PackErrorKind::Syntax { .. })
                || !scanned
                    .problems
                    .iter()
                    .any(|(s, end, _)| (*s..*end).contains(&(e.loc.offset as usize)))
        });
        errors.extend(scan_errors(file, &index, &scanned.problems));
        errors.sort_by_key(|e| e.loc.offset);
    }
    (parsed, errors)
}

/// Parses `text` (the file as meant; `original` as written, for the words of errors).
fn parse_text(
    file: u32,
    index: &LineIndex,
    original: &str,
    text: &str,
) -> (ParsedFile, Vec<PackError>) {
    // a file without a mistake is read by the fast reader; pest reads the rest (fast.rs)
    if let Some(items) = fast::parse(file, index, text) {
        return (ParsedFile { items }, Vec::new());
    }
    parse_pest(file, index, original, text)
}

/// Parses `text` with pest, resuming after each syntax error.
fn parse_pest(
    file: u32,
    index: &LineIndex,
    original: &str,
    text: &str,
) -> (ParsedFile, Vec<PackError>) {
    let mut parsed = ParsedFile::default();
    let mut errors = Vec::new();
    let mut start = 0;
    loop {
        let rest = &text[start..];
        match RulesParser::parse(R::pack_file, rest) {
            Ok(mut pairs) => {
                let b = Builder::new(file, index, start);
                if let Some(file_pair) = pairs.next() {
                    for pair in file_pair.into_inner() {
                        if pair.as_rule() != R::EOI {
                            match b.item(pair) {
                                Ok(item) => parsed.items.push(item),
                                Err(e) => errors.push(e),
                            }
                        }
                    }
                }
                break;
            }
            Err(e) => {
                let pos = match e.location {
                    pest::error::InputLocation::Pos(p) => p,
                    pest::error::InputLocation::Span((p, _)) => p,
                };
                let abs = start + pos;
                // Failing at a line that begins a declaration means the declaration before it
                // did not end (a `}` left out): that one is the broken one, and this line is
                // read again from its start. Skipping it would lose a `table` declared there
                // and report every use of its alias as unknown.
                let unended = abs > start && starts_decl_at(text, abs);
                let mut err = syntax_error(file, index, original, abs, &e);
                if unended && let Some(help) = unended_help(text, start, abs) {
                    err = err.with_help(help);
                }
                errors.push(err);
                if errors.len() >= MAX_SYNTAX_ERRORS {
                    // Each recovery scans the text again: stop before that adds up.
                    let loc = index.loc(file, abs, abs);
                    errors.push(
                        PackError::new(
                            PackErrorKind::TooComplex {
                                what: "the number of syntax errors in one file".into(),
                                limit: MAX_SYNTAX_ERRORS,
                            },
                            loc,
                        )
                        .with_help("the rest of the file was not read; fix the errors above first"),
                    );
                    break;
                }
                // Keep what parsed before the error: re-parse the prefix up to the start of
                // the declaration that failed.
                let failed_decl = if unended {
                    decl_start_before(text, abs - 1).max(start)
                } else {
                    decl_start_before(text, abs).max(start)
                };
                if failed_decl > start {
                    let prefix = parse_prefix(file, index, text, start, failed_decl);
                    parsed.items.extend(prefix.items);
                }
                let next = if unended {
                    Some(abs)
                } else {
                    next_decl_start(text, abs)
                };
                match next {
                    Some(next) if next > start => start = next,
                    _ => break,
                }
            }
        }
    }
    (parsed, errors)
}

/// Parses `text[start..end]` when it is a clean run of declarations (used after an error).
fn parse_prefix(file: u32, index: &LineIndex, text: &str, start: usize, end: usize) -> ParsedFile {
    let mut parsed = ParsedFile::default();
    let Ok(mut pairs) = RulesParser::parse(R::pack_file, &text[start..end]) else {
        return parsed;
    };
    let b = Builder::new(file, index, start);
    if let Some(file_pair) = pairs.next() {
        for pair in file_pair.into_inner() {
            if pair.as_rule() != R::EOI
                && let Ok(item) = b.item(pair)
            {
                parsed.items.push(item);
            }
        }
    }
    parsed
}

const DECL_WORDS: [&str; 12] = [
    "rule ",
    "names ",
    "layout ",
    "table ",
    "let ",
    "include ",
    "extends ",
    "pack ",
    "severity ",
    "disable ",
    "tolerance ",
    "bases ",
];

fn starts_decl(line: &str) -> bool {
    DECL_WORDS.iter().any(|w| line.starts_with(w))
}

/// Whether `pos` is the start of a line that begins a declaration.
fn starts_decl_at(text: &str, pos: usize) -> bool {
    (pos == 0 || text.as_bytes().get(pos - 1) == Some(&b'\n'))
        && text.get(pos..).is_some_and(starts_decl)
}

/// The help for a declaration that did not end before the one at `pos`: a rule whose `{` is
/// not closed. `None` when the declaration before is not a rule with an open block.
fn unended_help(text: &str, start: usize, pos: usize) -> Option<String> {
    let decl = decl_start_before(text, pos - 1).max(start);
    let body = text.get(decl..pos)?;
    let id = body.strip_prefix("rule ")?.split_whitespace().next()?;
    // braces outside strings and comments: more opened than closed means a missing `}`
    let mut depth = 0i32;
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' | '\n' => break,
                        _ => {}
                    }
                }
            }
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
    }
    let line = text[..decl].matches('\n').count() + 1;
    (depth > 0).then(|| format!("{UNCLOSED_PREFIX}{id} (line {line}); put `}}` before this line"))
}

/// The start of English help for a rule whose block is not closed (see [`unended_help`];
/// its Chinese form is in [`super::error::help_zh`]).
pub(crate) const UNCLOSED_PREFIX: &str =
    "a declaration cannot begin inside a block: close the block of rule ";

/// The start of the line at or before `pos` that begins a declaration.
fn decl_start_before(text: &str, pos: usize) -> usize {
    let mut best = 0;
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        if off > pos {
            break;
        }
        if starts_decl(line) {
            best = off;
        }
        off += line.len();
    }
    best
}

/// The start of the first line after `pos` that begins a declaration.
fn next_decl_start(text: &str, pos: usize) -> Option<usize> {
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        if off > pos && starts_decl(line) {
            return Some(off);
        }
        off += line.len();
    }
    None
}

fn is_operator(kind: R) -> bool {
    matches!(
        kind,
        R::op_or
            | R::op_and
            | R::op_not
            | R::op_eq
            | R::op_ne
            | R::op_le
            | R::op_ge
            | R::op_lt
            | R::op_gt
            | R::op_add
            | R::op_sub
            | R::op_mul
            | R::op_div
            | R::op_neg
    )
}

fn syntax_error(
    file: u32,
    index: &LineIndex,
    text: &str,
    pos: usize,
    e: &pest::error::Error<R>,
) -> PackError {
    let pos = floor_boundary(text, pos);
    let end = text[pos..]
        .chars()
        .next()
        .map_or(pos, |c| pos + c.len_utf8());
    let loc = index.loc(file, pos, end);
    let found = text[pos..]
        .split(|c: char| c.is_whitespace())
        .next()
        .filter(|s| !s.is_empty())
        .map_or_else(
            || "end of file".to_string(),
            |s| format!("`{}`", s.chars().take(20).collect::<String>()),
        );
    let expected = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    PackError::new(PackErrorKind::Syntax { expected, found }, loc)
}

fn describe_expected(rules: &[R]) -> String {
    let mut words: Vec<&str> = rules
        .iter()
        .filter_map(|r| {
            Some(match r {
                R::expr => "an expression",
                R::ident | R::reference | R::access | R::name => "a name",
                R::string => "a quoted string",
                R::number | R::percent => "a number",
                R::rule_id => "a rule id such as `T01-1`",
                R::severity | R::kw_error | R::kw_warning | R::kw_info => {
                    "a severity (`error`, `warning` or `info`)"
                }
                R::block => "`{`",
                R::EOI => "a declaration (`rule`, `table`, `let`, `include`, …)",
                R::rule | R::table_decl | R::let_decl | R::pack_decl | R::include_decl => {
                    "a declaration (`rule`, `table`, `let`, `include`, …)"
                }
                R::op_eq | R::op_ne | R::op_le | R::op_ge | R::op_lt | R::op_gt => "a comparison",
                R::op_add | R::op_sub | R::op_mul | R::op_div | R::op_and | R::op_or => {
                    "an operator"
                }
                R::when_stmt
                | R::let_stmt
                | R::for_stmt
                | R::in_stmt
                | R::message_stmt
                | R::assert_stmt => "a statement or `}`",
                R::kw_in => "`in`",
                R::kw_then => "`then`",
                R::kw_else => "`else`",
                R::segment | R::line_seg | R::column_seg | R::code_seg => "a row, column or code",
                _ => return None,
            })
        })
        .collect();
    let mut seen = Vec::new();
    words.retain(|w| {
        if seen.contains(w) {
            false
        } else {
            seen.push(*w);
            true
        }
    });
    match words.len() {
        0 => "something else".to_string(),
        1 => words[0].to_string(),
        _ => {
            let last = words.pop().unwrap_or_default();
            format!("{} or {}", words.join(", "), last)
        }
    }
}

static PRATT: LazyLock<PrattParser<R>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(R::op_or, Assoc::Left))
        .op(Op::infix(R::op_and, Assoc::Left))
        .op(Op::prefix(R::op_not))
        .op(Op::infix(R::op_eq, Assoc::Left)
            | Op::infix(R::op_ne, Assoc::Left)
            | Op::infix(R::op_le, Assoc::Left)
            | Op::infix(R::op_ge, Assoc::Left)
            | Op::infix(R::op_lt, Assoc::Left)
            | Op::infix(R::op_gt, Assoc::Left))
        .op(Op::infix(R::op_add, Assoc::Left) | Op::infix(R::op_sub, Assoc::Left))
        .op(Op::infix(R::op_mul, Assoc::Left) | Op::infix(R::op_div, Assoc::Left))
        .op(Op::prefix(R::op_neg))
});

/// The deepest nesting of expressions (parentheses, calls, `if`) and blocks in a pack. Rules
/// are evaluated recursively, so the nesting must be bounded (see docs/limits.md).
pub const MAX_NESTING: usize = 64;
/// The most operators in one statement or declaration: a chain `a + b + …` nests one level
/// per operator.
pub const MAX_OPERATORS: usize = 1000;
/// Syntax errors reported per file before the rest of the file is skipped.
pub const MAX_SYNTAX_ERRORS: usize = 100;

struct Builder<'a> {
    file: u32,
    index: &'a LineIndex<'a>,
    base: usize,
    /// open expressions and blocks around the node being built
    depth: std::cell::Cell<usize>,
    /// operators in the current statement or declaration so far
    operators: std::cell::Cell<usize>,
}

// Parse errors are rare and built once per broken declaration; their size does not matter.
#[allow(clippy::result_large_err)]
type Built<T> = Result<T, PackError>;

#[allow(clippy::result_large_err)]
impl<'a> Builder<'a> {
    fn new(file: u32, index: &'a LineIndex<'a>, base: usize) -> Self {
        Builder {
            file,
            index,
            base,
            depth: std::cell::Cell::new(0),
            operators: std::cell::Cell::new(0),
        }
    }

    /// Runs `f` one nesting level deeper; an error when that passes [`MAX_NESTING`].
    fn nested<T>(&self, pair: &Pair<R>, f: impl FnOnce() -> Built<T>) -> Built<T> {
        let depth = self.depth.get();
        if depth >= MAX_NESTING {
            return Err(PackError::new(
                PackErrorKind::TooComplex {
                    what: "the nesting of expressions and blocks".into(),
                    limit: MAX_NESTING,
                },
                self.loc(pair),
            )
            .with_help("split the rule, or name parts of the expression with `let`"));
        }
        self.depth.set(depth + 1);
        let result = f();
        self.depth.set(depth);
        result
    }

    fn loc(&self, pair: &Pair<R>) -> Loc {
        let start = pair.as_span().start();
        self.index
            .loc(self.file, self.base + start, self.base + span_end(pair))
    }

    fn name(&self, pair: Pair<R>) -> Name {
        let loc = self.loc(&pair);
        let text = match pair.as_rule() {
            R::string => unescape(pair.into_inner().next().map_or("", |p| p.as_str())),
            _ => pair.as_str().to_string(),
        };
        Name { text, loc }
    }

    fn string(&self, pair: Pair<R>) -> String {
        unescape(pair.into_inner().next().map_or("", |p| p.as_str()))
    }

    fn item(&self, pair: Pair<R>) -> Built<Item> {
        self.operators.set(0);
        let loc = self.loc(&pair);
        let kind = pair.as_rule();
        let has_default = pair
            .clone()
            .into_inner()
            .any(|p| p.as_rule() == R::kw_default);
        // `names`: `in` divides the variants from the tables; every other keyword is syntax,
        // as in the other items (the `names` keyword was once taken for a variant)
        let pair_items: Vec<Pair<R>> = if kind == R::names_decl {
            pair.clone()
                .into_inner()
                .filter(|p| p.as_rule() == R::kw_in || !is_keyword(p.as_rule()))
                .collect()
        } else {
            Vec::new()
        };
        let mut inner = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
        let mut next = || inner.next();
        Ok(match kind {
            R::pack_decl => {
                let name = next().map(|p| self.string(p)).unwrap_or_default();
                let version = next().map(|p| self.string(p));
                Item::Pack { name, version }
            }
            R::include_decl => Item::Include(self.name(expect(next(), loc)?)),
            R::extends_decl => Item::Extends(self.name(expect(next(), loc)?)),
            R::tolerance_decl => {
                let p = expect(next(), loc)?;
                Item::Tolerance(self.decimal(&p)?, loc)
            }
            R::table_decl => {
                let alias = self.name(expect(next(), loc)?);
                // the titles, then (after `default`) the default panel: every pair after the
                // alias is a name, and the grammar allows one after the titles
                let mut titles: Vec<Name> =
                    std::iter::from_fn(next).map(|p| self.name(p)).collect();
                let default_panel = if has_default { titles.pop() } else { None };
                Item::Table(TableDecl {
                    alias,
                    titles,
                    default_panel,
                })
            }
            R::names_decl => {
                // the variants, then (after `in`) the tables
                let mut names = Vec::new();
                let mut tables = Vec::new();
                let mut after_in = false;
                for p in pair_items {
                    match p.as_rule() {
                        R::kw_in => after_in = true,
                        _ if after_in => tables.push(self.name(p)),
                        _ => names.push(self.name(p)),
                    }
                }
                let norms = names
                    .iter()
                    .map(|n: &Name| crate::report::normalize_name(&n.text))
                    .collect();
                Item::Names(NamesDecl {
                    names,
                    norms,
                    tables,
                    loc,
                })
            }
            R::layout_decl => {
                let name = self.name(expect(next(), loc)?);
                let tables = std::iter::from_fn(next).map(|p| self.name(p)).collect();
                Item::Layout(LayoutDecl { name, tables })
            }
            R::bases_decl => {
                let exprs: Built<Vec<Expr>> =
                    std::iter::from_fn(next).map(|p| self.expr(p)).collect();
                Item::Bases(exprs?)
            }
            R::let_decl => {
                let name = self.name(expect(next(), loc)?);
                let value = self.expr(expect(next(), loc)?)?;
                Item::Let(LetDecl { name, value })
            }
            R::severity_decl => {
                let id = self.name(expect(next(), loc)?);
                let sev = severity(&expect(next(), loc)?);
                Item::Severity(id, sev, loc)
            }
            R::disable_decl => Item::Disable(self.name(expect(next(), loc)?)),
            R::rule => {
                let id = self.name(expect(next(), loc)?);
                let sev = severity(&expect(next(), loc)?);
                let title = self.string(expect(next(), loc)?);
                let body = self.block(expect(next(), loc)?)?;
                Item::Rule(super::ast::Rule {
                    id,
                    severity: sev,
                    title,
                    body,
                    loc,
                })
            }
            _ => {
                return Err(PackError::new(
                    PackErrorKind::Internal("unexpected item".into()),
                    loc,
                ));
            }
        })
    }

    fn block(&self, pair: Pair<R>) -> Built<Vec<Stmt>> {
        self.nested(&pair.clone(), || {
            pair.into_inner().map(|p| self.stmt(p)).collect()
        })
    }

    fn stmt(&self, pair: Pair<R>) -> Built<Stmt> {
        // Statements of a block are evaluated one after the other, so each has its own budget.
        self.operators.set(0);
        let loc = self.loc(&pair);
        let kind = pair.as_rule();
        let mut inner = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
        Ok(match kind {
            R::when_stmt => Stmt::When(self.expr(expect(inner.next(), loc)?)?),
            R::let_stmt => {
                let name = self.name(expect(inner.next(), loc)?);
                Stmt::Let(name, self.expr(expect(inner.next(), loc)?)?)
            }
            R::for_stmt => {
                let var = self.name(expect(inner.next(), loc)?);
                let source = self.expr(expect(inner.next(), loc)?)?;
                let third = expect(inner.next(), loc)?;
                let (filter, block) = if third.as_rule() == R::block {
                    (None, third)
                } else {
                    (Some(self.expr(third)?), expect(inner.next(), loc)?)
                };
                Stmt::For {
                    var,
                    source,
                    filter,
                    body: self.block(block)?,
                    loc,
                }
            }
            R::in_stmt => {
                let target = self.expr(expect(inner.next(), loc)?)?;
                let second = expect(inner.next(), loc)?;
                let (base, block) = if second.as_rule() == R::block {
                    (None, second)
                } else {
                    (Some(self.expr(second)?), expect(inner.next(), loc)?)
                };
                Stmt::In {
                    target,
                    base,
                    body: self.block(block)?,
                    loc,
                }
            }
            R::message_stmt => Stmt::Message(self.string(expect(inner.next(), loc)?), loc),
            R::assert_stmt => Stmt::Assert(self.expr(expect(inner.next(), loc)?)?),
            _ => {
                return Err(PackError::new(
                    PackErrorKind::Internal("unexpected statement".into()),
                    loc,
                ));
            }
        })
    }

    fn decimal(&self, pair: &Pair<R>) -> Built<Decimal> {
        let text = pair.as_str().trim_end_matches('%');
        Decimal::from_str_exact(text).map_err(|_| {
            PackError::new(
                PackErrorKind::BadNumber {
                    text: pair.as_str().to_string(),
                },
                self.loc(pair),
            )
        })
    }

    fn expr(&self, pair: Pair<R>) -> Built<Expr> {
        // The Pratt parser recurses once per prefix operator and the tree it builds is one
        // level deeper per operator: bound both before parsing.
        let operators = pair
            .clone()
            .into_inner()
            .filter(|p| is_operator(p.as_rule()))
            .count();
        let total = self.operators.get() + operators;
        self.operators.set(total);
        if total > MAX_OPERATORS {
            return Err(PackError::new(
                PackErrorKind::TooComplex {
                    what: "the number of operators in one statement".into(),
                    limit: MAX_OPERATORS,
                },
                self.loc(&pair),
            )
            .with_help("split the statement, or name parts of it with `let`"));
        }
        self.nested(&pair.clone(), || self.expr_inner(pair))
    }

    fn expr_inner(&self, pair: Pair<R>) -> Built<Expr> {
        PRATT
            .map_primary(|p| self.primary(p))
            .map_prefix(|op, rhs| {
                let rhs = rhs?;
                let loc = self.loc(&op).to(rhs.loc);
                Ok(Expr {
                    kind: match op.as_rule() {
                        R::op_neg => ExprKind::Neg(Box::new(rhs)),
                        _ => ExprKind::Not(Box::new(rhs)),
                    },
                    loc,
                })
            })
            .map_infix(|lhs, op, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                let loc = lhs.loc.to(rhs.loc);
                let op_loc = self.loc(&op);
                // Operands move into the node: cloning them made a chain of n terms quadratic.
                let arith = |o, lhs, rhs| ExprKind::Arith(o, Box::new(lhs), Box::new(rhs));
                let kind = match op.as_rule() {
                    R::op_add => arith(ArithOp::Add, lhs, rhs),
                    R::op_sub => arith(ArithOp::Sub, lhs, rhs),
                    R::op_mul => arith(ArithOp::Mul, lhs, rhs),
                    R::op_div => arith(ArithOp::Div, lhs, rhs),
                    R::op_and => ExprKind::And(Box::new(lhs), Box::new(rhs)),
                    R::op_or => ExprKind::Or(Box::new(lhs), Box::new(rhs)),
                    r => {
                        let cmp = match r {
                            R::op_eq => CmpOp::Eq,
                            R::op_ne => CmpOp::Ne,
                            R::op_lt => CmpOp::Lt,
                            R::op_le => CmpOp::Le,
                            R::op_gt => CmpOp::Gt,
                            _ => CmpOp::Ge,
                        };
                        // `a == b == c` is a chain; `(a == b) == c` is not.
                        match lhs.kind {
                            ExprKind::Compare(mut operands, mut ops) => {
                                operands.push(rhs);
                                ops.push((cmp, op_loc));
                                ExprKind::Compare(operands, ops)
                            }
                            _ => ExprKind::Compare(vec![lhs, rhs], vec![(cmp, op_loc)]),
                        }
                    }
                };
                Ok(Expr { kind, loc })
            })
            .parse(pair.into_inner())
    }

    fn primary(&self, pair: Pair<R>) -> Built<Expr> {
        let loc = self.loc(&pair);
        let kind = match pair.as_rule() {
            R::number => ExprKind::Number(self.decimal(&pair)?),
            R::percent => ExprKind::Percent(self.decimal(&pair)?),
            R::boolean => ExprKind::Bool(pair.as_str() == "true"),
            R::paren => {
                ExprKind::Paren(Box::new(self.expr(expect(pair.into_inner().next(), loc)?)?))
            }
            R::if_expr => {
                let mut it = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
                let c = self.expr(expect(it.next(), loc)?)?;
                let t = self.expr(expect(it.next(), loc)?)?;
                let e = self.expr(expect(it.next(), loc)?)?;
                ExprKind::If(Box::new(c), Box::new(t), Box::new(e))
            }
            R::access => return self.access(pair),
            _ => {
                return Err(PackError::new(
                    PackErrorKind::Internal("unexpected expression".into()),
                    loc,
                ));
            }
        };
        Ok(Expr { kind, loc })
    }

    /// A name and what follows it: a call, a reference or a range (`access` in the grammar).
    fn access(&self, pair: Pair<R>) -> Built<Expr> {
        let span = pair.as_span();
        let input = span.get_input();
        let loc = self.loc(&pair);
        let mut it = pair.into_inner().peekable();
        let head = expect(it.next(), loc)?;
        if let Some(args) = it.next_if(|p| p.as_rule() == R::args) {
            let name = self.name(head);
            return Ok(Expr {
                kind: ExprKind::Call(name, self.args(args)?),
                loc,
            });
        }
        // a reference, and after `..` the reference that ends the range
        let start = head.as_span().start();
        let head_end = head.as_span().end();
        let quoted = head.as_rule() == R::string;
        let head = self.name(head);
        let mut segments = Vec::new();
        let mut segments_end = None;
        let mut last = None;
        for p in it {
            if p.as_rule() == R::reference {
                last = Some(self.reference(p)?);
                break;
            }
            segments_end = Some(p.as_span().end());
            segments.push(self.segment(p)?);
        }
        // The spans are those of the rule `reference = { name ~ ("." ~ segment)* }`: up to
        // the last segment, or the name and the whitespace after it when there is none.
        let reference_loc = |end| {
            self.index
                .loc(self.file, self.base + start, self.base + end)
        };
        let kind = match last {
            Some(last) => ExprKind::Range(
                Reference {
                    head,
                    segments,
                    loc: reference_loc(segments_end.unwrap_or_else(|| skip(input, head_end))),
                },
                last,
            ),
            // a quoted string alone is a word (a pattern, a layout name), not a reference
            None if quoted && segments.is_empty() => ExprKind::Word(head.text),
            None => {
                let loc = segments_end.map_or(loc, reference_loc);
                return Ok(Expr {
                    kind: ExprKind::Ref(Reference {
                        head,
                        segments,
                        loc,
                    }),
                    loc,
                });
            }
        };
        Ok(Expr { kind, loc })
    }

    /// The arguments of a call; a first argument followed by `for …` is a comprehension.
    fn args(&self, pair: Pair<R>) -> Built<Vec<Expr>> {
        let mut it = pair.into_inner().peekable();
        let mut args = Vec::new();
        while let Some(p) = it.next() {
            let arg = self.expr(p.clone())?;
            match it.next_if(|p| p.as_rule() == R::each) {
                Some(each) => args.push(self.each(arg, &p, each)?),
                None => args.push(arg),
            }
        }
        Ok(args)
    }

    /// `body for var in source where filter`, from its body (built) and its `for …` part.
    fn each(&self, body: Expr, body_pair: &Pair<R>, pair: Pair<R>) -> Built<Expr> {
        let loc = self.index.loc(
            self.file,
            self.base + body_pair.as_span().start(),
            self.base + span_end(&pair),
        );
        let mut it = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
        let var = self.name(expect(it.next(), loc)?);
        let source = self.expr(expect(it.next(), loc)?)?;
        let filter = it.next().map(|p| self.expr(p)).transpose()?;
        Ok(Expr {
            kind: ExprKind::Each {
                body: Box::new(body),
                var,
                source: Box::new(source),
                filter: filter.map(Box::new),
            },
            loc,
        })
    }

    fn reference(&self, pair: Pair<R>) -> Built<Reference> {
        let loc = self.loc(&pair);
        let mut it = pair.into_inner();
        let head = self.name(expect(it.next(), loc)?);
        let segments = it.map(|p| self.segment(p)).collect::<Built<Vec<_>>>()?;
        Ok(Reference {
            head,
            segments,
            loc,
        })
    }

    fn segment(&self, p: Pair<R>) -> Built<Segment> {
        let sloc = self.loc(&p);
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        let number = |s: &str| {
            digits(s).parse::<u32>().map_err(|_| {
                PackError::new(
                    PackErrorKind::BadNumber {
                        text: s.to_string(),
                    },
                    sloc,
                )
            })
        };
        let kind = match p.as_rule() {
            R::line_seg => SegmentKind::Line(number(p.as_str())?),
            R::column_seg => SegmentKind::Column(number(p.as_str())?),
            R::code_seg => SegmentKind::Code(p.as_str().to_string()),
            _ => SegmentKind::Name(self.name(p).text),
        };
        let norm = match &kind {
            SegmentKind::Name(n) => crate::report::normalize_name(n),
            _ => String::new(),
        };
        Ok(Segment {
            kind,
            loc: sloc,
            norm,
        })
    }
}

/// Where `pair` ends, as the grammar had it before calls, ranges and references became one rule
/// (`access`): every location stays as it was. An `access` that ends with a segment now takes
/// the whitespace after it into its span, which `reference` did not (pest leaves the whitespace
/// before an optional part that did not match inside the rule, and an optional range follows
/// the segments). So does every rule that ends with such an access without an optional part
/// of its own after it.
fn span_end(pair: &Pair<R>) -> usize {
    let end = pair.as_span().end();
    let last_child = || pair.clone().into_inner().last();
    match pair.as_rule() {
        R::access => {
            let mut segments_end = None;
            for p in pair.clone().into_inner().skip(1) {
                match p.as_rule() {
                    R::args | R::reference => return end,
                    _ => segments_end = Some(p.as_span().end()),
                }
            }
            segments_end.unwrap_or(end)
        }
        // `prefix* ~ primary ~ (infix ~ prefix* ~ primary)*`: with no infix, the repetition that
        // did not match takes the whitespace in both grammars
        R::expr => {
            let mut infix = false;
            let mut last = None;
            for p in pair.clone().into_inner() {
                infix |= is_operator(p.as_rule()) && !matches!(p.as_rule(), R::op_not | R::op_neg);
                last = Some(p);
            }
            match last {
                Some(last) if infix => span_end(&last),
                _ => end,
            }
        }
        // rules that end with an expression
        R::if_expr | R::when_stmt | R::let_stmt | R::let_decl => {
            last_child().map_or(end, |p| span_end(&p))
        }
        // `kw_bases ~ expr ~ ("," ~ expr)*`, `kw_for ~ ident ~ kw_in ~ expr ~ (kw_where ~ expr)?`:
        // only when the repetition or option matched
        R::bases_decl
            if pair
                .clone()
                .into_inner()
                .filter(|p| p.as_rule() == R::expr)
                .count()
                > 1 =>
        {
            last_child().map_or(end, |p| span_end(&p))
        }
        R::each
            if pair
                .clone()
                .into_inner()
                .any(|p| p.as_rule() == R::kw_where) =>
        {
            last_child().map_or(end, |p| span_end(&p))
        }
        _ => end,
    }
}

/// The end of the whitespace and comments from `pos` (the grammar's `WHITESPACE` and `COMMENT`).
fn skip(input: &str, mut pos: usize) -> usize {
    let bytes = input.as_bytes();
    loop {
        let rest = &input[pos..];
        if let Some(c) = rest.chars().next()
            && matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{FEFF}')
        {
            pos += c.len_utf8();
        } else if bytes.get(pos) == Some(&b'#') {
            pos += rest.find('\n').unwrap_or(rest.len());
        } else {
            return pos;
        }
    }
}

#[allow(clippy::result_large_err)]
fn expect<'i>(p: Option<Pair<'i, R>>, loc: Loc) -> Built<Pair<'i, R>> {
    p.ok_or_else(|| PackError::new(PackErrorKind::Internal("malformed parse tree".into()), loc))
}

fn is_keyword(r: R) -> bool {
    matches!(
        r,
        R::kw_rule
            | R::kw_table
            | R::kw_let
            | R::kw_for
            | R::kw_in
            | R::kw_where
            | R::kw_when
            | R::kw_base
            | R::kw_message
            | R::kw_if
            | R::kw_then
            | R::kw_else
            | R::kw_include
            | R::kw_extends
            | R::kw_pack
            | R::kw_version
            | R::kw_severity
            | R::kw_disable
            | R::kw_tolerance
            | R::kw_default
            | R::kw_bases
            | R::kw_names
            | R::kw_layout
    )
}

fn severity(p: &Pair<R>) -> Severity {
    match p.as_str() {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => Severity::Info,
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(o @ ('"' | '\\')) => out.push(o),
                // any other escape is kept as written: patterns use `\s`, `\d`, `\.`
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Parses a single expression (used by tests).
#[allow(clippy::result_large_err)]
pub fn parse_expr(file: u32, text: &str) -> Result<Expr, PackError> {
    let index = LineIndex::new(text);
    let mut pairs = RulesParser::parse(R::expr, text).map_err(|e| {
        let pos = match e.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((p, _)) => p,
        };
        syntax_error(file, &index, text, pos, &e)
    })?;
    let b = Builder::new(file, &index, 0);

    let pair = pairs
        .next()
        .ok_or_else(|| PackError::new(PackErrorKind::Internal("empty".into()), Loc::default()))?;
    b.expr(pair)
}

impl FromStr for Severity {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            "info" => Ok(Severity::Info),
            _ => Err(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(s: &str) -> Expr {
        parse_expr(0, s).expect("parses")
    }

    /// The fast reader (fast.rs) against pest on one text: where pest finds an error the fast
    /// reader must give up, and where it does not the fast reader either gives up or builds the
    /// same items (the same nodes, names and locations). Whether the fast reader read it.
    fn fast_as_pest(text: &str) -> bool {
        let index = LineIndex::new(text);
        let scanned = scan::scan(text);
        let meant = scanned.text.as_deref().unwrap_or(text);
        let fast = fast::parse(0, &index, meant);
        let (pest, errors) = parse_pest(0, &index, text, meant);
        let Some(items) = fast else {
            return false;
        };
        assert!(
            errors.is_empty(),
            "the fast reader read {text:?}, where pest finds {errors:?}"
        );
        assert_eq!(
            format!("{items:#?}"),
            format!("{:#?}", pest.items),
            "{text:?}"
        );
        true
    }

    fn pack_texts(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("a folder of the repository")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                pack_texts(&path, out);
            } else if path.extension().is_some_and(|e| e == "rules")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// Runs `f` with the stack of a main thread: pest recurses deeply on the deliberately deep
    /// packs of tests/bad, more than a test thread's stack holds in a debug build.
    fn with_big_stack(f: impl FnOnce() + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(f)
            .expect("a thread")
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
    }

    #[test]
    fn the_fast_reader_builds_what_pest_builds_on_every_pack_of_the_repository() {
        with_big_stack(every_pack_of_the_repository);
    }

    fn every_pack_of_the_repository() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        pack_texts(&root.join("rules"), &mut texts);
        pack_texts(&root.join("tests"), &mut texts);
        // the examples of the documentation, each fenced block as a pack
        for doc in ["README.md", "docs/language.md"] {
            let text = std::fs::read_to_string(root.join(doc)).expect("a document");
            for (i, block) in text.split("```").enumerate().filter(|(i, _)| i % 2 == 1) {
                let body = block.split_once('\n').map_or("", |(_, b)| b);
                texts.push((format!("{doc}, block {i}"), body.to_string()));
            }
        }
        assert!(texts.len() > 50, "{} texts", texts.len());
        let mut fast = 0;
        for (name, text) in &texts {
            if fast_as_pest(text) {
                fast += 1;
            } else {
                assert!(
                    !name.contains("/rules/") || name.contains("/rules/tests"),
                    "the fast reader gave up on {name}, a file of the standard pack"
                );
            }
        }
        assert!(
            fast > texts.len() / 2,
            "{fast} of {} read fast",
            texts.len()
        );
        // the standard pack as the binary has it: every file read fast
        for (name, text) in super::super::builtin::FILES {
            assert!(fast_as_pest(text), "the fast reader gave up on {name}");
        }
    }

    #[test]
    fn the_fast_reader_builds_what_pest_builds_on_broken_variants_of_the_standard_pack() {
        // each declaration of the standard pack, cut or with a character removed or a token
        // inserted at every twentieth boundary between tokens
        let inserts = [
            "(", ")", "..", " for ", ",", ".", "%", " ", "#", "\"", "-", "第1行",
        ];
        let (mut cases, mut fast) = (0, 0);
        for (_, text) in super::super::builtin::FILES {
            let mut decls = Vec::new();
            let mut current = String::new();
            for line in text.split_inclusive('\n') {
                if starts_decl(line) && !current.is_empty() {
                    decls.push(std::mem::take(&mut current));
                }
                current.push_str(line);
            }
            decls.push(current);
            for decl in decls.iter().filter(|d| d.len() < 3000) {
                let mut boundaries = Vec::new();
                let mut previous = None;
                for (i, c) in decl.char_indices() {
                    let class = (c.is_whitespace(), c.is_ascii_punctuation());
                    if previous != Some(class) || class.1 {
                        boundaries.push(i);
                    }
                    previous = Some(class);
                }
                for &i in boundaries.iter().step_by(20) {
                    let next = decl[i..].chars().next().map_or(i, |c| i + c.len_utf8());
                    let mut variants = vec![
                        decl[..i].to_string(),
                        format!("{}{}", &decl[..i], &decl[next..]),
                    ];
                    variants.extend(
                        inserts
                            .iter()
                            .map(|s| format!("{}{s}{}", &decl[..i], &decl[i..])),
                    );
                    for v in variants {
                        cases += 1;
                        fast += usize::from(fast_as_pest(&v));
                    }
                }
            }
        }
        assert!(
            cases > 5000 && fast > cases / 10,
            "{fast} of {cases} read fast"
        );
    }

    #[test]
    fn the_fast_reader_builds_what_pest_builds_on_tricky_expressions() {
        let exprs = [
            "sum(c.决算 for c in 说明.一般公共预算具体项 where has(c.预算)) == 说明.合计",
            "sum(r.决算 for r in t03 ) > 0",
            "count(x for x in t01.第1行 .. t01.第8行) == 8",
            "t01.第1行..第8行 == t01.第1行 .. t01.第8行",
            "sum(t01.收入.第1行..第8行, t02.合计.第2栏) <= 100.5",
            "pct(基本支出) == 52.79% and 12% < 13.0%",
            "-(-a) * - b / c ÷ d × e - -1 ≥ f ≤ g",
            "not a == b or !c && d || not (e != f)",
            "a == b == c < d",
            "(a == b) == c",
            "if 预算 > 0 then 决算 / 预算 else 0 == 1",
            "if a then b else t.x + t.y  # trailing\n == 1",
            "max(abs(t06.30101 - t06.\"30102\"), min(r, s), f()) == 0",
            "sum ( a , b ) == t01 . 收入 . 总计",
            "\"小于\" == r.比较",
            "matches(说明.标题, \"表\\s*$\") # comment\n",
            "说明.收入.财政拨款收入.占比 == 75.01",
            "\"a (b)\".\"c.d\" == r # x\n  .第2栏",
            "a.b .. c  == d",
            "a .. b",
        ];
        for e in exprs {
            for text in [
                format!("rule X error \"t\" {{ {e} }}\n"),
                format!(
                    "rule X error \"t\" {{\n  for r in t03 where {e} {{ {e}; }}\n  in t03.合计 base {e} {{ {e} }}\n}}\n"
                ),
                format!("let v = {e}\nbases {e}, {e}\n"),
            ] {
                assert!(fast_as_pest(&text), "the fast reader gave up on {text:?}");
            }
        }
        for broken in [
            "sum(a for b in c, d)",
            "a..b..c",
            "f(",
            "t01.",
            "1.2.3",
            "a +",
            "5万",
        ] {
            let text = format!("rule X error \"t\" {{ {broken} }}\n");
            assert!(!fast_as_pest(&text), "{text:?}");
        }
    }

    #[test]
    fn locations_count_characters_and_lines() {
        let (f, errs) = parse_file(
            0,
            "table t01 = \"收入支出决算总表\"\nrule R-1 error \"标题\" {\n  t01.本年收入合计 == 1\n}\n",
        );
        assert!(errs.is_empty(), "{errs:?}");
        let Item::Rule(r) = &f.items[1] else {
            panic!("a rule")
        };
        let Stmt::Assert(e) = &r.body[0] else {
            panic!("an assertion")
        };
        let ExprKind::Compare(ops, _) = &e.kind else {
            panic!("a comparison")
        };
        let ExprKind::Ref(reference) = &ops[0].kind else {
            panic!("a reference")
        };
        assert_eq!((reference.loc.line, reference.loc.column), (3, 3));
        assert_eq!(reference.segments[0].loc.column, 7);
        assert_eq!(
            reference.segments[0].kind,
            SegmentKind::Name("本年收入合计".into())
        );
    }

    #[test]
    fn comparisons_chain_unless_parenthesised() {
        assert!(matches!(&expr("a == b == c").kind, ExprKind::Compare(o, _) if o.len() == 3));
        assert!(matches!(&expr("(a == b) == c").kind, ExprKind::Compare(o, _) if o.len() == 2));
    }

    #[test]
    fn precedence_and_segments() {
        let ExprKind::Arith(ArithOp::Add, _, rhs) = expr("1 + 2 * 3").kind else {
            panic!("+ at the top")
        };
        assert!(matches!(rhs.kind, ExprKind::Arith(ArithOp::Mul, ..)));
        let ExprKind::Ref(r) = expr("t06.30101").kind else {
            panic!("a reference")
        };
        assert_eq!(r.segments[0].kind, SegmentKind::Code("30101".into()));
        let ExprKind::Ref(r) = expr("t01.第10行.第2栏").kind else {
            panic!("a reference")
        };
        assert_eq!(r.segments[0].kind, SegmentKind::Line(10));
        assert_eq!(r.segments[1].kind, SegmentKind::Column(2));
        assert!(matches!(expr("t01.第1行..第8行").kind, ExprKind::Range(..)));
        assert!(matches!(expr("a and not b or c").kind, ExprKind::Or(..)));
        let ExprKind::Percent(p) = expr("52.790%").kind else {
            panic!("a percentage")
        };
        assert_eq!(p.scale(), 3, "the written precision is kept");
    }

    #[test]
    fn every_short_text_of_tricky_characters_parses_without_panic() {
        // full-width marks, their ASCII forms, invisible and bidi characters, multi-byte
        // letters and line breaks, in every combination of up to three: the pass over
        // characters keeps every offset, and every location is on a character boundary
        let alphabet = [
            "（", "）", "，", "：", "＝", "＜", "！", "“", "”", "｛", "\"", "#", "\n", "a", "收",
            "\u{200D}", "\u{202E}", "=", "(", "rule ", "pct", " ",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            texts = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}")))
                .collect();
            for t in &texts {
                let scanned = scan::scan(t);
                if let Some(s) = &scanned.text {
                    assert_eq!(s.len(), t.len(), "{t:?}");
                    assert_eq!(
                        s.match_indices('\n').map(|m| m.0).collect::<Vec<_>>(),
                        t.match_indices('\n').map(|m| m.0).collect::<Vec<_>>()
                    );
                }
                let (_, errs) = parse_file(0, &format!("rule A error \"x\" {{ {t} }}\n{t}"));
                for e in errs {
                    let text = format!("rule A error \"x\" {{ {t} }}\n{t}");
                    let (s, end) = (e.loc.offset as usize, (e.loc.offset + e.loc.len) as usize);
                    assert!(text.get(s..end).is_some(), "{t:?}: {e:?}");
                }
            }
        }
    }

    #[test]
    fn parsing_resumes_after_a_syntax_error() {
        let text = "rule A error \"a\" { t01.x == }\nrule B error \"b\" { 1 == 1 }\nrule C error { }\nrule D info \"d\" { 2 == 2 }\n";
        let (f, errs) = parse_file(0, text);
        assert_eq!(errs.len(), 2);
        assert_eq!((errs[0].loc.line, errs[1].loc.line), (1, 3));
        let ids: Vec<&str> = f
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rule(r) => Some(r.id.text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, ["B", "D"]);
    }
}
