//! A hand-written reader for packs without a mistake, tried before pest (issue 14: one report
//! well under 20 ms; pest took most of a single run parsing the built-in pack).
//!
//! The grammar (`grammar/rules.pest`, read by pest) stays the definition of the language and the
//! source of every syntax error: this reader gives up (`None`) at anything it is not sure of —
//! a syntax error, a number that does not fit, deep nesting, many operators — and the file is
//! then parsed by pest as before. When it does not give up, it builds exactly the items pest's
//! tree gives (the same nodes, names and locations, including where pest's spans take in the
//! whitespace after a reference); the tests of `parse.rs` compare
//! the two on every pack of the repository and on mutations of them.

use super::{Item, LineIndex, unescape};
use crate::rules::ast::*;
use rust_decimal::Decimal;

/// Gives up well before the limits of the tree builder ([`super::MAX_NESTING`],
/// [`super::MAX_OPERATORS`]), so that pest reports them.
const NESTING: usize = 40;
const OPERATORS: usize = 400;

/// Reads a whole file; `None` when pest must read it.
pub(super) fn parse(file: u32, index: &LineIndex, text: &str) -> Option<Vec<Item>> {
    let mut p = Fast {
        file,
        index,
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        operators: 0,
    };
    let mut items = Vec::new();
    loop {
        p.skip();
        if p.pos == p.bytes.len() {
            return Some(items);
        }
        items.push(p.item()?);
    }
}

struct Fast<'a> {
    file: u32,
    index: &'a LineIndex<'a>,
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    operators: usize,
}

/// `WHITESPACE` of the grammar.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\t' | '\r' | '\u{3000}' | '\u{FEFF}')
}

/// `ident_char` of the grammar.
fn is_ident_char(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || c.is_ascii_alphanumeric()
        || !(is_space(c) || super::scan::is_ascii_syntax(c))
}

/// `keyword` of the grammar.
const KEYWORDS: [&str; 31] = [
    "rule",
    "table",
    "let",
    "for",
    "in",
    "where",
    "when",
    "base",
    "message",
    "if",
    "then",
    "else",
    "and",
    "or",
    "not",
    "error",
    "warning",
    "info",
    "include",
    "extends",
    "pack",
    "version",
    "severity",
    "disable",
    "tolerance",
    "default",
    "bases",
    "names",
    "layout",
    "true",
    "false",
];

/// What `expr` leaves between its operands, in the order pest's Pratt parser reads them.
// Operands are moved out once into the tree; boxing them would cost an allocation each.
#[allow(clippy::large_enum_variant)]
enum Tok {
    Prefix(bool, Loc), // true: `not`/`!`, false: unary minus
    Infix(Op, Loc),
    Operand(Expr, usize),
}

#[derive(Clone, Copy)]
enum Op {
    Or,
    And,
    Cmp(CmpOp),
    Arith(ArithOp),
}

impl Op {
    /// The precedences of `PRATT` in parse.rs (pest numbers them 20, 30, … in steps of 10).
    fn prec(self) -> u32 {
        match self {
            Op::Or => 20,
            Op::And => 30,
            Op::Cmp(_) => 50,
            Op::Arith(ArithOp::Add | ArithOp::Sub) => 60,
            Op::Arith(ArithOp::Mul | ArithOp::Div) => 70,
        }
    }
}

const PREC_NOT: u32 = 40;
const PREC_NEG: u32 = 80;

impl<'a> Fast<'a> {
    fn loc(&self, start: usize, end: usize) -> Loc {
        self.index.loc(self.file, start, end)
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// The grammar's implicit whitespace and comments.
    fn skip(&mut self) {
        self.pos = skip_from(self.text, self.pos);
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.text[self.pos..].starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// The end of the run of `ident_char` from `pos`.
    fn word_end(&self, pos: usize) -> usize {
        let rest = &self.text[pos..];
        pos + rest
            .char_indices()
            .find(|&(_, c)| !is_ident_char(c))
            .map_or(rest.len(), |(i, _)| i)
    }

    /// `kw_*`: the word, not followed by an `ident_char`.
    fn keyword_at(&self, word: &str) -> bool {
        self.text[self.pos..].starts_with(word)
            && self.text[self.pos + word.len()..]
                .chars()
                .next()
                .is_none_or(|c| !is_ident_char(c))
    }

    fn eat_keyword(&mut self, word: &str) -> Option<()> {
        self.skip();
        if self.keyword_at(word) {
            self.pos += word.len();
            Some(())
        } else {
            None
        }
    }

    fn ident(&mut self) -> Option<Name> {
        self.skip();
        let start = self.pos;
        let first = self.peek()?;
        if first.is_ascii_digit() {
            return None;
        }
        let end = self.word_end(start);
        let word = &self.text[start..end];
        if word.is_empty() || (first.is_ascii_lowercase() && KEYWORDS.contains(&word)) {
            return None;
        }
        self.pos = end;
        Some(Name {
            text: word.to_string(),
            loc: self.loc(start, end),
        })
    }

    fn string(&mut self) -> Option<Name> {
        self.skip();
        let start = self.pos;
        if self.bytes.get(start) != Some(&b'"') {
            return None;
        }
        let mut i = start + 1;
        loop {
            match *self.bytes.get(i)? {
                b'"' => break,
                b'\n' => return None,
                b'\\' => {
                    if matches!(self.bytes.get(i + 1), None | Some(b'\n')) {
                        return None;
                    }
                    i += 1 + self.text[i + 1..].chars().next()?.len_utf8();
                }
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        Some(Name {
            text: unescape(&self.text[start + 1..i]),
            loc: self.loc(start, i + 1),
        })
    }

    /// `name = _{ string | ident }`
    fn name(&mut self) -> Option<Name> {
        self.skip();
        if self.bytes.get(self.pos) == Some(&b'"') {
            self.string()
        } else {
            self.ident()
        }
    }

    fn rule_id(&mut self) -> Option<Name> {
        self.skip();
        let start = self.pos;
        let len = self.bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            .count();
        if len == 0 {
            return None;
        }
        self.pos += len;
        Some(Name {
            text: self.text[start..self.pos].to_string(),
            loc: self.loc(start, self.pos),
        })
    }

    fn severity(&mut self) -> Option<Severity> {
        self.skip();
        for (word, sev) in [
            ("error", Severity::Error),
            ("warning", Severity::Warning),
            ("info", Severity::Info),
        ] {
            if self.keyword_at(word) {
                self.pos += word.len();
                return Some(sev);
            }
        }
        None
    }

    /// `number = @{ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)? ~ !(ident_char | ".") }`, from
    /// `pos`; its end.
    fn number_end(&self, pos: usize) -> Option<usize> {
        let digits = |i: usize| {
            self.bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let n = digits(pos);
        if n == 0 {
            return None;
        }
        let mut end = pos + n;
        if self.bytes.get(end) == Some(&b'.') {
            let m = digits(end + 1);
            if m > 0 {
                end += 1 + m;
            }
        }
        let next = self.text[end..].chars().next();
        if next.is_some_and(|c| c == '.' || is_ident_char(c)) {
            return None;
        }
        Some(end)
    }

    fn decimal(&self, start: usize, end: usize) -> Option<Decimal> {
        Decimal::from_str_exact(&self.text[start..end]).ok()
    }

    fn item(&mut self) -> Option<Item> {
        self.operators = 0;
        let start = self.pos;
        let word = &self.text[start..self.word_end(start)];
        let item = match word {
            "pack" => {
                self.eat_keyword("pack")?;
                let name = self.string()?.text;
                let version = if self.eat_keyword_opt("version") {
                    Some(self.string()?.text)
                } else {
                    None
                };
                Item::Pack { name, version }
            }
            "include" => {
                self.eat_keyword("include")?;
                Item::Include(self.string()?)
            }
            "extends" => {
                self.eat_keyword("extends")?;
                Item::Extends(self.string()?)
            }
            "tolerance" => {
                self.eat_keyword("tolerance")?;
                self.skip();
                let s = self.pos;
                let end = self.number_end(s)?;
                self.pos = end;
                Item::Tolerance(self.decimal(s, end)?, self.loc(start, end))
            }
            "table" => {
                self.eat_keyword("table")?;
                let alias = self.ident()?;
                self.expect("=")?;
                let mut titles = vec![self.string()?];
                while self.eat_opt("|") {
                    titles.push(self.string()?);
                }
                let default_panel = if self.eat_keyword_opt("default") {
                    Some(self.name()?)
                } else {
                    None
                };
                Item::Table(TableDecl {
                    alias,
                    titles,
                    default_panel,
                })
            }
            "names" => {
                self.eat_keyword("names")?;
                let mut names = Vec::new();
                names.push(self.name()?);
                self.expect("|")?;
                names.push(self.name()?);
                while self.eat_opt("|") {
                    names.push(self.name()?);
                }
                let mut tables = Vec::new();
                // the span: `(kw_in ~ ident ~ ("," ~ ident)*)?` ends at the last table after a
                // comma; otherwise the whitespace after the last name or table is in it
                let end = if self.eat_keyword_opt("in") {
                    tables.push(self.ident()?);
                    let mut tight = false;
                    while self.eat_opt(",") {
                        tables.push(self.ident()?);
                        tight = true;
                    }
                    let last = self.pos;
                    if tight {
                        last
                    } else {
                        skip_from(self.text, last)
                    }
                } else {
                    skip_from(self.text, self.pos)
                };
                let norms = names
                    .iter()
                    .map(|n| crate::report::normalize_name(&n.text))
                    .collect();
                Item::Names(NamesDecl {
                    names,
                    norms,
                    tables,
                    loc: self.loc(start, end),
                })
            }
            "layout" => {
                self.eat_keyword("layout")?;
                let name = self.name()?;
                self.expect("=")?;
                let mut tables = vec![self.ident()?];
                while self.eat_opt(",") {
                    tables.push(self.ident()?);
                }
                Item::Layout(LayoutDecl { name, tables })
            }
            "bases" => {
                self.eat_keyword("bases")?;
                let mut exprs = vec![self.expr()?.0];
                while self.eat_opt(",") {
                    exprs.push(self.expr()?.0);
                }
                Item::Bases(exprs)
            }
            "let" => {
                self.eat_keyword("let")?;
                let name = self.ident()?;
                self.expect("=")?;
                let value = self.expr()?.0;
                Item::Let(LetDecl { name, value })
            }
            "severity" => {
                self.eat_keyword("severity")?;
                let id = self.rule_id()?;
                let sev = self.severity()?;
                Item::Severity(id, sev, self.loc(start, self.pos))
            }
            "disable" => {
                self.eat_keyword("disable")?;
                Item::Disable(self.rule_id()?)
            }
            "rule" => {
                self.eat_keyword("rule")?;
                let id = self.rule_id()?;
                let severity = self.severity()?;
                let title = self.string()?.text;
                let body = self.block()?;
                Item::Rule(Rule {
                    id,
                    severity,
                    title,
                    body,
                    loc: self.loc(start, self.pos),
                })
            }
            _ => return None,
        };
        Some(item)
    }

    /// After whitespace, `s`; `None` when it is not there.
    fn expect(&mut self, s: &str) -> Option<()> {
        self.skip();
        self.eat(s).then_some(())
    }

    /// After whitespace, `s` if it is there; the position is kept when it is not.
    fn eat_opt(&mut self, s: &str) -> bool {
        let save = self.pos;
        self.skip();
        if self.eat(s) {
            true
        } else {
            self.pos = save;
            false
        }
    }

    fn eat_keyword_opt(&mut self, word: &str) -> bool {
        let save = self.pos;
        if self.eat_keyword(word).is_some() {
            true
        } else {
            self.pos = save;
            false
        }
    }

    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.depth >= NESTING {
            return None;
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn block(&mut self) -> Option<Vec<Stmt>> {
        self.expect("{")?;
        self.nested(|p| {
            let mut body = Vec::new();
            loop {
                p.skip();
                if p.eat("}") {
                    return Some(body);
                }
                body.push(p.stmt()?);
            }
        })
    }

    fn stmt(&mut self) -> Option<Stmt> {
        self.operators = 0;
        let start = self.pos;
        let word = &self.text[start..self.word_end(start)];
        Some(match word {
            "when" => {
                self.eat_keyword("when")?;
                Stmt::When(self.expr()?.0)
            }
            "let" => {
                self.eat_keyword("let")?;
                let name = self.ident()?;
                self.expect("=")?;
                Stmt::Let(name, self.expr()?.0)
            }
            "for" => {
                self.eat_keyword("for")?;
                let var = self.ident()?;
                self.eat_keyword("in")?;
                let source = self.expr()?.0;
                let filter = if self.eat_keyword_opt("where") {
                    Some(self.expr()?.0)
                } else {
                    None
                };
                let body = self.block()?;
                Stmt::For {
                    var,
                    source,
                    filter,
                    body,
                    loc: self.loc(start, self.pos),
                }
            }
            "in" => {
                self.eat_keyword("in")?;
                let target = self.expr()?.0;
                let base = if self.eat_keyword_opt("base") {
                    Some(self.expr()?.0)
                } else {
                    None
                };
                let body = self.block()?;
                Stmt::In {
                    target,
                    base,
                    body,
                    loc: self.loc(start, self.pos),
                }
            }
            "message" => {
                self.eat_keyword("message")?;
                let text = self.string()?.text;
                Stmt::Message(text, self.loc(start, self.pos))
            }
            _ => {
                let e = self.expr()?.0;
                self.eat_opt(";");
                Stmt::Assert(e)
            }
        })
    }

    /// `expr = { prefix* ~ primary ~ (infix ~ prefix* ~ primary)* }`: the expression and where
    /// pest's span of it ends.
    fn expr(&mut self) -> Option<(Expr, usize)> {
        self.nested(|p| {
            let mut toks = Vec::new();
            p.operand(&mut toks)?;
            loop {
                let save = p.pos;
                p.skip();
                let Some((op, len)) = p.infix() else {
                    p.pos = save;
                    break;
                };
                let s = p.pos;
                p.pos += len;
                toks.push(Tok::Infix(op, p.loc(s, p.pos)));
                p.operand(&mut toks)?;
            }
            let operators = toks
                .iter()
                .filter(|t| !matches!(t, Tok::Operand(..)))
                .count();
            p.operators += operators;
            if p.operators > OPERATORS {
                return None;
            }
            let infix = toks.iter().any(|t| matches!(t, Tok::Infix(..)));
            let mut toks = toks.into_iter().peekable();
            let (e, last_end) = pratt(&mut toks, 0)?;
            // with no infix, the repetition that matched nothing takes the whitespace after
            let end = if infix {
                last_end
            } else {
                skip_from(p.text, last_end)
            };
            Some((e, end))
        })
    }

    /// `prefix* ~ primary`
    fn operand(&mut self, toks: &mut Vec<Tok>) -> Option<()> {
        loop {
            self.skip();
            let s = self.pos;
            if self.keyword_at("not") {
                self.pos += 3;
                toks.push(Tok::Prefix(true, self.loc(s, self.pos)));
            } else if self.eat("!") {
                toks.push(Tok::Prefix(true, self.loc(s, self.pos)));
            } else if self.eat("-") {
                toks.push(Tok::Prefix(false, self.loc(s, self.pos)));
            } else {
                break;
            }
        }
        let (e, end) = self.primary()?;
        toks.push(Tok::Operand(e, end));
        Some(())
    }

    /// The infix operator at the position, in the grammar's order of trial, and its length.
    fn infix(&self) -> Option<(Op, usize)> {
        let rest = &self.text[self.pos..];
        if self.keyword_at("or") {
            return Some((Op::Or, 2));
        }
        if rest.starts_with("||") {
            return Some((Op::Or, 2));
        }
        if self.keyword_at("and") {
            return Some((Op::And, 3));
        }
        const SYMBOLS: [(&str, Op); 15] = [
            ("&&", Op::And),
            ("==", Op::Cmp(CmpOp::Eq)),
            ("!=", Op::Cmp(CmpOp::Ne)),
            ("<=", Op::Cmp(CmpOp::Le)),
            ("≤", Op::Cmp(CmpOp::Le)),
            (">=", Op::Cmp(CmpOp::Ge)),
            ("≥", Op::Cmp(CmpOp::Ge)),
            ("<", Op::Cmp(CmpOp::Lt)),
            (">", Op::Cmp(CmpOp::Gt)),
            ("+", Op::Arith(ArithOp::Add)),
            ("-", Op::Arith(ArithOp::Sub)),
            ("*", Op::Arith(ArithOp::Mul)),
            ("×", Op::Arith(ArithOp::Mul)),
            ("/", Op::Arith(ArithOp::Div)),
            ("÷", Op::Arith(ArithOp::Div)),
        ];
        SYMBOLS
            .iter()
            .find(|(s, _)| rest.starts_with(s))
            .map(|(s, op)| (*op, s.len()))
    }

    /// A primary expression and where pest's span of it ends (see `span_end` in parse.rs).
    fn primary(&mut self) -> Option<(Expr, usize)> {
        self.skip();
        let start = self.pos;
        let c = self.peek()?;
        if c.is_ascii_digit() {
            let end = self.number_end(start)?;
            if self.bytes.get(end) == Some(&b'%') {
                self.pos = end + 1;
                let d = self.decimal(start, end)?;
                return Some((self.expr_at(ExprKind::Percent(d), start), self.pos));
            }
            self.pos = end;
            let d = self.decimal(start, end)?;
            return Some((self.expr_at(ExprKind::Number(d), start), end));
        }
        if c == '(' {
            self.pos += 1;
            let (inner, _) = self.expr()?;
            self.expect(")")?;
            return Some((
                self.expr_at(ExprKind::Paren(Box::new(inner)), start),
                self.pos,
            ));
        }
        if c == '"' {
            return self.access(start);
        }
        for (word, value) in [("true", true), ("false", false)] {
            if self.keyword_at(word) {
                self.pos += word.len();
                return Some((self.expr_at(ExprKind::Bool(value), start), self.pos));
            }
        }
        if self.keyword_at("if") {
            self.pos += 2;
            let (cond, _) = self.expr()?;
            self.eat_keyword("then")?;
            let (then, _) = self.expr()?;
            self.eat_keyword("else")?;
            let (otherwise, end) = self.expr()?;
            let kind = ExprKind::If(Box::new(cond), Box::new(then), Box::new(otherwise));
            return Some((
                Expr {
                    kind,
                    loc: self.loc(start, end),
                },
                end,
            ));
        }
        self.access(start)
    }

    fn expr_at(&self, kind: ExprKind, start: usize) -> Expr {
        Expr {
            kind,
            loc: self.loc(start, self.pos),
        }
    }

    /// `access = { ident ~ (args | ref_tail) | string ~ ref_tail }`
    fn access(&mut self, start: usize) -> Option<(Expr, usize)> {
        let quoted = self.bytes.get(start) == Some(&b'"');
        let head = if quoted {
            self.string()?
        } else {
            self.ident()?
        };
        let head_end = self.pos;
        if !quoted {
            let save = self.pos;
            self.skip();
            if self.eat("(") {
                let args = self.nested(|p| p.args())?;
                let e = self.expr_at(ExprKind::Call(head, args), start);
                return Some((e, self.pos));
            }
            self.pos = save;
        }
        let (segments, seg_end) = self.segments()?;
        let save = self.pos;
        self.skip();
        if self.eat("..") {
            let first_end = seg_end.unwrap_or_else(|| skip_from(self.text, head_end));
            let first = Reference {
                head,
                segments,
                loc: self.loc(start, first_end),
            };
            let (last, end) = self.reference()?;
            let e = Expr {
                kind: ExprKind::Range(first, last),
                loc: self.loc(start, end),
            };
            return Some((e, end));
        }
        self.pos = save;
        let end = seg_end.unwrap_or_else(|| skip_from(self.text, head_end));
        let loc = self.loc(start, end);
        let kind = if quoted && segments.is_empty() {
            ExprKind::Word(head.text)
        } else {
            ExprKind::Ref(Reference {
                head,
                segments,
                loc,
            })
        };
        Some((Expr { kind, loc }, end))
    }

    /// `reference = { name ~ ("." ~ segment)* }` and where pest's span of it ends.
    fn reference(&mut self) -> Option<(Reference, usize)> {
        self.skip();
        let start = self.pos;
        let head = self.name()?;
        let head_end = self.pos;
        let (segments, seg_end) = self.segments()?;
        let end = seg_end.unwrap_or_else(|| skip_from(self.text, head_end));
        let loc = self.loc(start, end);
        Some((
            Reference {
                head,
                segments,
                loc,
            },
            end,
        ))
    }

    /// `("." ~ segment)*`: the segments and the end of the last one.
    fn segments(&mut self) -> Option<(Vec<Segment>, Option<usize>)> {
        let mut segments = Vec::new();
        let mut end = None;
        loop {
            let save = self.pos;
            self.skip();
            if !self.text[self.pos..].starts_with('.') || self.text[self.pos..].starts_with("..") {
                self.pos = save;
                return Some((segments, end));
            }
            self.pos += 1;
            segments.push(self.segment()?);
            end = Some(self.pos);
        }
    }

    /// `segment = _{ line_seg | column_seg | code_seg | name }`
    fn segment(&mut self) -> Option<Segment> {
        self.skip();
        let start = self.pos;
        if self.bytes.get(start) == Some(&b'"') {
            let name = self.string()?;
            return Some(Segment {
                norm: crate::report::normalize_name(&name.text),
                kind: SegmentKind::Name(name.text),
                loc: name.loc,
            });
        }
        let end = self.word_end(start);
        let word = &self.text[start..end];
        let numbered = |mark: &str| {
            let digits = word.strip_prefix('第')?.strip_suffix(mark)?;
            (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse::<u32>().ok())
        };
        let kind = if let Some(n) = numbered("行") {
            SegmentKind::Line(n?)
        } else if let Some(n) = numbered("栏") {
            SegmentKind::Column(n?)
        } else if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
            SegmentKind::Code(word.to_string())
        } else {
            let name = self.ident()?;
            return Some(Segment {
                norm: crate::report::normalize_name(&name.text),
                kind: SegmentKind::Name(name.text),
                loc: name.loc,
            });
        };
        self.pos = end;
        Some(Segment {
            kind,
            loc: self.loc(start, end),
            norm: String::new(),
        })
    }

    /// `args = { "(" ~ (expr ~ (each | ("," ~ expr)*))? ~ ")" }`, after the `(`.
    fn args(&mut self) -> Option<Vec<Expr>> {
        self.skip();
        let mut args = Vec::new();
        if self.eat(")") {
            return Some(args);
        }
        let body_start = self.pos;
        let (first, _) = self.expr()?;
        if self.eat_keyword_opt("for") {
            // `each = { kw_for ~ ident ~ kw_in ~ expr ~ (kw_where ~ expr)? }`
            let var = self.ident()?;
            self.eat_keyword("in")?;
            let (source, source_end) = self.expr()?;
            let (filter, end) = if self.eat_keyword_opt("where") {
                let (f, end) = self.expr()?;
                (Some(Box::new(f)), end)
            } else {
                (None, skip_from(self.text, source_end))
            };
            args.push(Expr {
                kind: ExprKind::Each {
                    body: Box::new(first),
                    var,
                    source: Box::new(source),
                    filter,
                },
                loc: self.loc(body_start, end),
            });
        } else {
            args.push(first);
            while self.eat_opt(",") {
                args.push(self.expr()?.0);
            }
        }
        self.expect(")")?;
        Some(args)
    }
}

/// The end of the whitespace and comments from `pos`.
fn skip_from(text: &str, pos: usize) -> usize {
    super::skip(text, pos)
}

/// pest's Pratt parser over the operands and operators of one expression (`expr_inner` in
/// parse.rs): the expression and where the span of its last operand ends.
fn pratt(
    toks: &mut std::iter::Peekable<std::vec::IntoIter<Tok>>,
    rbp: u32,
) -> Option<(Expr, usize)> {
    let (mut lhs, mut end) = match toks.next()? {
        Tok::Prefix(not, loc) => {
            let (rhs, end) = pratt(toks, if not { PREC_NOT } else { PREC_NEG } - 1)?;
            let loc = loc.to(rhs.loc);
            let kind = if not {
                ExprKind::Not(Box::new(rhs))
            } else {
                ExprKind::Neg(Box::new(rhs))
            };
            (Expr { kind, loc }, end)
        }
        Tok::Operand(e, end) => (e, end),
        Tok::Infix(..) => return None,
    };
    while let Some(Tok::Infix(op, _)) = toks.peek() {
        let op = *op;
        if rbp >= op.prec() {
            break;
        }
        let Some(Tok::Infix(_, op_loc)) = toks.next() else {
            return None;
        };
        let (rhs, rhs_end) = pratt(toks, op.prec())?;
        end = rhs_end;
        let loc = lhs.loc.to(rhs.loc);
        let arith = |o, lhs, rhs| ExprKind::Arith(o, Box::new(lhs), Box::new(rhs));
        let kind = match op {
            Op::Arith(o) => arith(o, lhs, rhs),
            Op::And => ExprKind::And(Box::new(lhs), Box::new(rhs)),
            Op::Or => ExprKind::Or(Box::new(lhs), Box::new(rhs)),
            Op::Cmp(cmp) => match lhs.kind {
                ExprKind::Compare(mut operands, mut ops) => {
                    operands.push(rhs);
                    ops.push((cmp, op_loc));
                    ExprKind::Compare(operands, ops)
                }
                _ => ExprKind::Compare(vec![lhs, rhs], vec![(cmp, op_loc)]),
            },
        };
        lhs = Expr { kind, loc };
    }
    Some((lhs, end))
}
