//! The syntax tree of a rule pack. Every node carries the [`Loc`] it was parsed from, so
//! binding and evaluation errors point at the rule text without recomputing anything.

use rust_decimal::Decimal;

/// A location in one of the pack's files: the file's index in [`crate::rules::Pack::files`],
/// byte offsets, and 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Loc {
    pub file: u32,
    pub offset: u32,
    pub len: u32,
    pub line: u32,
    pub column: u32,
}

impl Loc {
    /// The smallest location covering `self` and `other` (same file).
    pub fn to(self, other: Loc) -> Loc {
        let end = (other.offset + other.len).max(self.offset + self.len);
        Loc {
            len: end - self.offset,
            ..self
        }
    }
}

/// A name as written, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TableDecl {
    pub alias: Name,
    pub titles: Vec<Name>,
    pub default_panel: Option<Name>,
}

/// `names A | B | C [in t05, t07]`: printed variants of one row or column label.
#[derive(Debug, Clone)]
pub struct NamesDecl {
    /// the variants as written; the first is the one rules use
    pub names: Vec<Name>,
    /// the same, normalised once ([`crate::report::normalize_name`])
    pub norms: Vec<String>,
    /// the table aliases they hold in; empty: every table
    pub tables: Vec<Name>,
    pub loc: Loc,
}

impl NamesDecl {
    /// Whether these variants hold in the table with this alias.
    pub fn applies_to(&self, alias: &str) -> bool {
        self.tables.is_empty() || self.tables.iter().any(|t| t.text == alias)
    }
}

/// `layout 部门 = t01, t02, …`: the tables of one report template.
#[derive(Debug, Clone)]
pub struct LayoutDecl {
    pub name: Name,
    pub tables: Vec<Name>,
}

#[derive(Debug, Clone)]
pub struct LetDecl {
    pub name: Name,
    pub value: Expr,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: Name,
    pub severity: Severity,
    pub title: String,
    pub body: Vec<Stmt>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub enum Stmt {
    /// `when EXPR`: the rest of the block applies only if it holds.
    When(Expr),
    /// `let x = EXPR`
    Let(Name, Expr),
    /// `for r in SOURCE where FILTER { … }`
    For {
        var: Name,
        source: Expr,
        filter: Option<Expr>,
        body: Vec<Stmt>,
        loc: Loc,
    },
    /// `in ROW base EXPR { … }`
    In {
        target: Expr,
        base: Option<Expr>,
        body: Vec<Stmt>,
        loc: Loc,
    },
    /// `message "…"`
    Message(String, Loc),
    /// an assertion
    Assert(Expr),
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    /// `75.01`
    Number(Decimal),
    /// `true`, `false`
    Bool(bool),
    /// `52.79%`, holding 52.79
    Percent(Decimal),
    /// `t01.收入.总计`
    Ref(Reference),
    /// `t01.第1行 .. t01.第8行`
    Range(Reference, Reference),
    /// `sum(…)`
    Call(Name, Vec<Expr>),
    /// `c.决算 for c in 说明.一般公共预算具体项 where …`, only as the argument of a call
    Each {
        body: Box<Expr>,
        var: Name,
        source: Box<Expr>,
        filter: Option<Box<Expr>>,
    },
    /// `"小于"`: a word, to compare with word attributes (`比较`) or to search notes
    Word(String),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    /// `a == b`, `a <= b <= c`: operands and the operators between them
    Compare(Vec<Expr>, Vec<(CmpOp, Loc)>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// a parenthesised expression (kept so that `(a == b) == c` is not a chain)
    Paren(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArithOp {
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// `head.segment.segment…`
#[derive(Debug, Clone)]
pub struct Reference {
    pub head: Name,
    pub segments: Vec<Segment>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Segment {
    pub kind: SegmentKind,
    pub loc: Loc,
    /// a name segment's text normalised once, at parse time ([`crate::report::normalize_name`])
    pub norm: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentKind {
    /// a row, column, panel, section, subject or attribute name
    Name(String),
    /// a classification code: `30101`
    Code(String),
    /// 第N行
    Line(u32),
    /// 第N栏
    Column(u32),
}

impl SegmentKind {
    /// The segment as written, borrowed when it is a name.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            SegmentKind::Name(n) => std::borrow::Cow::Borrowed(n),
            other => std::borrow::Cow::Owned(other.display()),
        }
    }

    pub fn display(&self) -> String {
        match self {
            SegmentKind::Name(n) => n.clone(),
            SegmentKind::Code(c) => c.clone(),
            SegmentKind::Line(l) => format!("第{l}行"),
            SegmentKind::Column(c) => format!("第{c}栏"),
        }
    }
}

impl Reference {
    pub fn display(&self) -> String {
        let mut s = self.head.text.clone();
        for seg in &self.segments {
            s.push('.');
            s.push_str(&seg.kind.display());
        }
        s
    }
}
