//! Static checks of a pack, before any report is seen: unknown table aliases, functions and
//! names, arity, types (a percentage is never compared with an amount), assertions that are
//! not conditions, and `let` definitions that depend on themselves. Every error is collected.

use std::collections::{HashMap, HashSet};

use super::ast::*;
use super::error::{PackError, PackErrorKind};
use super::pack::Pack;
use crate::suggest::suggest_exact;

/// What an expression denotes, as far as the pack alone can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Amount,
    Percent,
    /// a plain number (`2`, a count, a ratio of two amounts): combines with anything
    Scalar,
    Bool,
    /// a table, panel or list of rows
    Rows,
    /// a row or cell reference: an amount in arithmetic, a row in `children(…)`
    Row,
    Claims,
    Claim,
    Columns,
    Column,
    /// a quoted word (`"小于"`), compared with word attributes
    Word,
    /// a list of report texts: narrative sentences, table titles, 目录 entries
    Texts,
    /// one report text
    Text,
    /// not known before binding (a bare name inside `in`, a word attribute)
    Unknown,
}

impl Ty {
    pub fn describe(self) -> &'static str {
        match self {
            Ty::Amount | Ty::Row => "an amount",
            Ty::Percent => "a percentage",
            Ty::Scalar => "a number",
            Ty::Bool => "a condition",
            Ty::Rows => "a list of rows",
            Ty::Claims => "a narrative section",
            Ty::Claim => "a narrative claim",
            Ty::Columns => "a list of columns",
            Ty::Column => "a column",
            Ty::Unknown => "a value",
            Ty::Word => "a word",
            Ty::Texts => "a list of texts",
            Ty::Text => "a text",
        }
    }
    fn numeric(self) -> Ty {
        match self {
            Ty::Row | Ty::Claim => Ty::Amount,
            t => t,
        }
    }
}

/// The built-in functions: name, minimum and maximum argument count, and a description of
/// the arity for messages.
pub const FUNCTIONS: &[(&str, usize, usize, &str)] = &[
    ("sum", 1, usize::MAX, "one or more arguments"),
    (
        "pct",
        1,
        2,
        "one or two arguments (part, or part and whole)",
    ),
    ("growth", 2, 2, "two arguments (current amount, change)"),
    ("abs", 1, 1, "one argument"),
    ("min", 1, usize::MAX, "one or more arguments"),
    ("max", 1, usize::MAX, "one or more arguments"),
    ("sign", 1, 1, "one argument"),
    ("blank", 1, 1, "one argument"),
    ("has", 1, 1, "one argument"),
    ("exists", 1, 1, "one argument (a table alias)"),
    ("layout_name", 0, 0, "no arguments"),
    (
        "sentences",
        1,
        1,
        "one argument (说明 or a section, e.g. 说明.三公)",
    ),
    ("titles", 0, 0, "no arguments"),
    ("notes", 0, 0, "no arguments"),
    ("issuers", 0, 0, "no arguments"),
    ("headings", 0, 0, "no arguments"),
    ("subheadings", 0, 0, "no arguments"),
    ("coded_names", 0, 0, "no arguments"),
    ("labels", 0, 0, "no arguments"),
    (
        "template_label",
        1,
        1,
        "one argument (a text from labels())",
    ),
    ("name_in", 1, 1, "one argument (a text from coded_names())"),
    (
        "code_name",
        1,
        1,
        "one argument (a text from coded_names())",
    ),
    ("under", 1, 1, "one argument (a heading from subheadings())"),
    ("cover", 0, 0, "no arguments"),
    ("cover_unit", 0, 0, "no arguments"),
    ("contents", 0, 0, "no arguments"),
    ("unit", 0, 0, "no arguments"),
    ("unit_of", 1, 1, "one argument (a text)"),
    (
        "matches",
        2,
        2,
        "two arguments (a text and a quoted pattern)",
    ),
    ("contains", 2, 2, "two arguments (a text and a quoted word)"),
    ("listed", 1, 1, "one argument (a table title)"),
    ("printed", 1, 1, "one argument (a 目录 entry)"),
    ("level", 1, 1, "one argument (a row)"),
    ("children", 1, 1, "one argument (a row)"),
    ("rows", 2, 2, "two arguments (a table and a level)"),
    ("columns", 1, 1, "one argument (a table or row)"),
    ("row", 2, 2, "two arguments (a table and a claim)"),
    (
        "count",
        1,
        1,
        "one argument (rows, claims, or `… for x in …`)",
    ),
    ("note", 2, 2, "two arguments (a table and a quoted word)"),
    (
        "empty",
        1,
        1,
        "one argument (a table, panel or list of rows)",
    ),
    (
        "within",
        2,
        2,
        "two arguments (a claim or row, and a classification row)",
    ),
];

/// Attribute names of narrative claims that hold percentages.
pub const PERCENT_ATTRS: &[&str] = &["占比", "变动率", "完成率", "增长", "下降"];
/// Attribute names that hold words, not numbers.
pub const WORD_ATTRS: &[&str] = &["比较", "变动方向", "变动率方向"];

/// The longest chain of `let` definitions that use other `let`s: they are evaluated
/// recursively (see docs/limits.md).
pub const MAX_LET_DEPTH: usize = 64;

pub fn check_pack(pack: &Pack) -> Vec<PackError> {
    let mut c = Checker {
        pack,
        errors: Vec::new(),
        scopes: Vec::new(),
        in_depth: 0,
        let_types: HashMap::new(),
    };
    c.check_lets();
    for e in &pack.bases {
        c.expr(e);
    }
    for rule in &pack.rules {
        c.scopes.clear();
        c.scopes.push(HashMap::new());
        c.block(&rule.body);
    }
    c.errors
}

struct Checker<'p> {
    pack: &'p Pack,
    errors: Vec<PackError>,
    scopes: Vec<HashMap<String, Ty>>,
    in_depth: usize,
    let_types: HashMap<String, Ty>,
}

impl Checker<'_> {
    fn err(&mut self, kind: PackErrorKind, loc: Loc) -> &mut PackError {
        self.errors.push(PackError::new(kind, loc));
        self.errors.last_mut().expect("just pushed")
    }

    fn check_lets(&mut self) {
        // Cycles first: a let that reaches itself through other lets.
        let names: HashMap<&str, &LetDecl> = self
            .pack
            .lets
            .iter()
            .map(|l| (l.name.text.as_str(), l))
            .collect();
        for l in &self.pack.lets {
            let mut path = vec![l.name.text.clone()];
            let mut seen = HashSet::new();
            let mut too_deep = false;
            let cycle = self.find_cycle(
                &l.value,
                &l.name.text,
                &mut path,
                &names,
                &mut seen,
                &mut too_deep,
            );
            if cycle.is_none() && too_deep {
                self.err(
                    PackErrorKind::TooComplex {
                        what: format!("the chain of definitions that `{}` uses", l.name.text),
                        limit: MAX_LET_DEPTH,
                    },
                    l.name.loc,
                )
                .help = Some("define some of them from table cells or claims directly".into());
                self.let_types.insert(l.name.text.clone(), Ty::Unknown);
            }
            if let Some(chain) = cycle {
                self.err(
                    PackErrorKind::CyclicLet {
                        name: l.name.text.clone(),
                        chain,
                    },
                    l.name.loc,
                )
                .help = Some(
                    "a definition cannot use itself; define it from table cells or claims".into(),
                );
                self.let_types.insert(l.name.text.clone(), Ty::Unknown);
            }
        }
        for l in &self.pack.lets {
            if self.let_types.contains_key(&l.name.text) {
                continue;
            }
            self.scopes.clear();
            self.scopes.push(HashMap::new());
            let t = self.expr(&l.value);
            self.let_types.insert(l.name.text.clone(), t);
        }
    }

    /// The chain by which `e` reaches `target`. `seen` holds the lets already explored from
    /// this root (without it, lets that share definitions made the search exponential);
    /// `too_deep` is set when a chain passes [`MAX_LET_DEPTH`], where the search stops.
    fn find_cycle(
        &self,
        e: &Expr,
        target: &str,
        path: &mut Vec<String>,
        names: &HashMap<&str, &LetDecl>,
        seen: &mut HashSet<String>,
        too_deep: &mut bool,
    ) -> Option<String> {
        let mut found = None;
        visit_refs(e, &mut |r: &Reference| {
            if found.is_some() {
                return;
            }
            let h = r.head.text.as_str();
            let Some(&decl) = names.get(h) else {
                return;
            };
            if h == target {
                let mut chain = path.clone();
                chain.push(h.to_string());
                found = Some(chain.join(" → "));
            } else if path.len() > MAX_LET_DEPTH {
                *too_deep = true;
            } else if !path.iter().any(|p| p == h) && seen.insert(h.to_string()) {
                path.push(h.to_string());
                found = self.find_cycle(&decl.value, target, path, names, seen, too_deep);
                path.pop();
            }
        });
        found
    }

    fn lookup(&self, name: &str) -> Option<Ty> {
        self.scopes.iter().rev().find_map(|s| s.get(name).copied())
    }

    fn block(&mut self, stmts: &[Stmt]) {
        self.scopes.push(HashMap::new());
        for s in stmts {
            match s {
                Stmt::When(e) => self.condition(e),
                Stmt::Let(n, e) => {
                    let t = self.expr(e);
                    if let Some(s) = self.scopes.last_mut() {
                        s.insert(n.text.clone(), t);
                    }
                }
                Stmt::For {
                    var,
                    source,
                    filter,
                    body,
                    ..
                } => {
                    let t = self.expr(source);
                    let elem = match t {
                        Ty::Rows | Ty::Row => Ty::Row,
                        Ty::Claims => Ty::Claim,
                        Ty::Columns => Ty::Column,
                        Ty::Texts => Ty::Text,
                        Ty::Unknown => Ty::Unknown,
                        other => {
                            self.err(
                                PackErrorKind::TypeMismatch {
                                    op: "iterate over".into(),
                                    left: other.describe().into(),
                                    right: "rows, claims or columns".into(),
                                },
                                source.loc,
                            )
                            .help = Some("`for` runs over a table (`t03`), a panel (`t01.支出`), `children(r)`, `rows(t, 1)`, `columns(t)`, a narrative section (`说明.收入`) or texts (`sentences(说明)`, `titles()`, `contents()`)".into());
                            Ty::Unknown
                        }
                    };
                    self.scopes.push(HashMap::from([(var.text.clone(), elem)]));
                    if let Some(f) = filter {
                        self.condition(f);
                    }
                    self.block(body);
                    self.scopes.pop();
                }
                Stmt::In {
                    target, base, body, ..
                } => {
                    self.expr(target);
                    self.in_depth += 1;
                    if let Some(b) = base {
                        self.expr(b);
                    }
                    self.block(body);
                    self.in_depth -= 1;
                }
                Stmt::Message(text, loc) => self.message(text, *loc),
                Stmt::Assert(e) => self.condition(e),
            }
        }
        self.scopes.pop();
    }

    fn message(&mut self, text: &str, loc: Loc) {
        const BUILTIN: &[&str] = &[
            "left",
            "right",
            "difference",
            "slack",
            "row",
            "claim",
            "column",
            "note",
            "match",
            "place",
        ];
        let mut rest = text;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else { break };
            let name = &after[..j];
            if !BUILTIN.contains(&name)
                && self.lookup(name).is_none()
                && self.pack.let_decl(name).is_none()
            {
                self.err(
                    PackErrorKind::BadMessage {
                        name: name.to_string(),
                    },
                    loc,
                )
                .help = Some(format!(
                    "available: {}, and names bound with `let` in the rule",
                    BUILTIN
                        .iter()
                        .map(|b| format!("{{{b}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            rest = &after[j + 1..];
        }
    }

    fn condition(&mut self, e: &Expr) {
        let t = self.expr(e);
        if !matches!(t, Ty::Bool | Ty::Unknown) {
            self.err(
                PackErrorKind::NotCondition {
                    found: t.describe().into(),
                },
                e.loc,
            )
            .help = Some(
                "compare it with something, e.g. `… == t03.合计`, or test it with `blank(…)`"
                    .into(),
            );
        }
    }

    fn expr(&mut self, e: &Expr) -> Ty {
        match &e.kind {
            ExprKind::Number(_) => Ty::Scalar,
            ExprKind::Percent(_) => Ty::Percent,
            ExprKind::Bool(_) => Ty::Bool,
            ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::Ref(r) => self.reference(r),
            ExprKind::Range(a, b) => {
                self.reference(a);
                if !b.segments.is_empty() {
                    self.reference(b);
                }
                Ty::Rows
            }
            ExprKind::Neg(x) => {
                let t = self.expr(x).numeric();
                self.numeric_operand(t, x.loc, "negate");
                t
            }
            ExprKind::Not(x) => {
                self.condition(x);
                Ty::Bool
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                self.condition(a);
                self.condition(b);
                Ty::Bool
            }
            ExprKind::If(c, t, f) => {
                self.condition(c);
                let (tt, ft) = (self.expr(t).numeric(), self.expr(f).numeric());
                combine_same(tt, ft).unwrap_or(Ty::Unknown)
            }
            ExprKind::Arith(op, a, b) => {
                let (ta, tb) = (self.expr(a).numeric(), self.expr(b).numeric());
                self.numeric_operand(ta, a.loc, "calculate with");
                self.numeric_operand(tb, b.loc, "calculate with");
                match arith_type(*op, ta, tb) {
                    Some(t) => t,
                    None => {
                        let verb = match op {
                            ArithOp::Add => "add",
                            ArithOp::Sub => "subtract",
                            ArithOp::Mul => "multiply",
                            ArithOp::Div => "divide",
                        };
                        self.err(
                            PackErrorKind::TypeMismatch {
                                op: verb.into(),
                                left: ta.describe().into(),
                                right: tb.describe().into(),
                            },
                            e.loc,
                        )
                        .help = Some("amounts combine with amounts and percentages with percentages; use pct(part, whole) to turn amounts into a percentage".into());
                        Ty::Unknown
                    }
                }
            }
            ExprKind::Compare(operands, ops) => {
                let types: Vec<Ty> = operands.iter().map(|o| self.expr(o).numeric()).collect();
                for (i, (op, _)) in ops.iter().enumerate() {
                    let (a, b) = (types[i], types[i + 1]);
                    // not yet known: decided against the report; a plain number compares with
                    // anything but a condition; otherwise the same kind, conditions by ==/!= only
                    let ok = match (a, b) {
                        (Ty::Unknown, _) | (_, Ty::Unknown) => true,
                        (Ty::Scalar, x) | (x, Ty::Scalar) => x != Ty::Bool,
                        (x, y) => x == y && (x != Ty::Bool || matches!(op, CmpOp::Eq | CmpOp::Ne)),
                    };
                    if !ok {
                        let help = if matches!(
                            (a, b),
                            (Ty::Amount, Ty::Percent) | (Ty::Percent, Ty::Amount)
                        ) {
                            "a percentage can only be compared with a percentage: wrap the amounts in pct(part, whole)"
                        } else {
                            "compare values of the same kind"
                        };
                        self.err(
                            PackErrorKind::TypeMismatch {
                                op: format!("compare (`{}`)", op.symbol()),
                                left: a.describe().into(),
                                right: b.describe().into(),
                            },
                            operands[i].loc.to(operands[i + 1].loc),
                        )
                        .help = Some(help.into());
                    }
                }
                Ty::Bool
            }
            ExprKind::Call(name, args) => self.call(name, args),
            ExprKind::Word(_) => Ty::Word,
            ExprKind::Each {
                body,
                var,
                source,
                filter,
            } => {
                let elem = match self.expr(source) {
                    Ty::Rows | Ty::Row => Ty::Row,
                    Ty::Claims => Ty::Claim,
                    Ty::Columns => Ty::Column,
                    _ => Ty::Unknown,
                };
                self.scopes.push(HashMap::from([(var.text.clone(), elem)]));
                if let Some(f) = filter {
                    self.condition(f);
                }
                let t = self.expr(body).numeric();
                self.scopes.pop();
                t
            }
        }
    }

    fn numeric_operand(&mut self, t: Ty, loc: Loc, verb: &str) {
        if matches!(
            t,
            Ty::Bool | Ty::Rows | Ty::Claims | Ty::Columns | Ty::Column
        ) {
            self.err(
                PackErrorKind::TypeMismatch {
                    op: verb.into(),
                    left: t.describe().into(),
                    right: "a number".into(),
                },
                loc,
            )
            .help = Some("use sum(…) to add up rows".into());
        }
    }

    fn call(&mut self, name: &Name, args: &[Expr]) -> Ty {
        let Some(&(_, min, max, arity)) = FUNCTIONS.iter().find(|f| f.0 == name.text) else {
            let help = suggest_exact(&name.text, FUNCTIONS.iter().map(|f| f.0)).map_or_else(
                || {
                    format!(
                        "the functions are {}",
                        FUNCTIONS.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
                    )
                },
                |s| format!("did you mean `{s}`?"),
            );
            self.err(
                PackErrorKind::UnknownFunction {
                    name: name.text.clone(),
                },
                name.loc,
            )
            .help = Some(help);
            for a in args {
                self.expr(a);
            }
            return Ty::Unknown;
        };
        if args.len() < min || args.len() > max {
            self.err(
                PackErrorKind::Arity {
                    name: name.text.clone(),
                    expected: arity.into(),
                    got: args.len(),
                },
                name.loc,
            );
        }
        // `has(…)` and `exists(…)` test references without requiring them to resolve.
        if name.text == "exists" {
            if let Some(a) = args.first() {
                match &a.kind {
                    ExprKind::Ref(r) if r.segments.is_empty() => {
                        if self.pack.table(&r.head.text).is_none() {
                            self.unknown_table(&r.head);
                        }
                    }
                    _ => {
                        self.err(
                            PackErrorKind::BadReference {
                                reference: "exists(…)".into(),
                                reason: "it takes a table alias".into(),
                            },
                            a.loc,
                        );
                    }
                }
            }
            return Ty::Bool;
        }
        // `sentences(说明)`: the whole narrative, not a claim
        if name.text == "sentences"
            && let Some(ExprKind::Ref(r)) = args.first().map(|a| &a.kind)
            && r.head.text == "说明"
            && r.segments.len() <= 1
        {
            return Ty::Texts;
        }
        // a pattern is checked when the pack loads, not when a report first reaches it
        if name.text == "matches"
            && let Some(p) = args.get(1)
        {
            match &p.kind {
                ExprKind::Word(w) => {
                    if let Err(e) = super::eval::compile_pattern(w) {
                        self.err(
                            PackErrorKind::BadPattern {
                                pattern: w.clone(),
                                message: e,
                            },
                            p.loc,
                        );
                    }
                }
                _ => {
                    self.err(
                        PackErrorKind::BadReference {
                            reference: "matches(…)".into(),
                            reason: "the pattern must be a quoted string".into(),
                        },
                        p.loc,
                    );
                }
            }
        }
        let types: Vec<Ty> = args.iter().map(|a| self.expr(a)).collect();
        let first = types.first().copied().unwrap_or(Ty::Unknown);
        match name.text.as_str() {
            "sum" | "min" | "max" => {
                let mut acc: Option<Ty> = None;
                for (t, a) in types.iter().zip(args) {
                    let t = match t {
                        Ty::Rows | Ty::Row | Ty::Claim => Ty::Amount,
                        Ty::Claims => Ty::Amount,
                        t => *t,
                    };
                    self.numeric_operand(t, a.loc, "add up");
                    acc = Some(match acc {
                        None => t,
                        Some(prev) => match combine_same(prev, t) {
                            Some(x) => x,
                            None => {
                                self.err(
                                    PackErrorKind::TypeMismatch {
                                        op: "add up".into(),
                                        left: prev.describe().into(),
                                        right: t.describe().into(),
                                    },
                                    a.loc,
                                );
                                Ty::Unknown
                            }
                        },
                    });
                }
                acc.unwrap_or(Ty::Unknown)
            }
            "pct" | "growth" => {
                for (t, a) in types.iter().zip(args) {
                    let t = t.numeric();
                    if matches!(t, Ty::Percent) {
                        self.err(
                            PackErrorKind::TypeMismatch {
                                op: format!("take {}(…) of", name.text),
                                left: "a percentage".into(),
                                right: "an amount".into(),
                            },
                            a.loc,
                        )
                        .help = Some("pct(part, whole) divides two amounts".into());
                    } else {
                        self.numeric_operand(t, a.loc, "take a percentage of");
                    }
                }
                Ty::Percent
            }
            "abs" => first.numeric(),
            "sign" | "level" | "count" => Ty::Scalar,
            "blank" | "has" | "note" | "within" | "empty" => Ty::Bool,
            "children" | "rows" => Ty::Rows,
            "columns" => Ty::Columns,
            "row" => Ty::Row,
            "layout_name" | "unit" | "unit_of" | "cover_unit" | "name_in" | "code_name"
            | "template_label" => Ty::Word,
            "sentences" | "titles" | "notes" | "issuers" | "contents" | "cover" | "headings"
            | "subheadings" | "coded_names" | "labels" => Ty::Texts,
            "under" => Ty::Text,
            "matches" | "contains" | "listed" | "printed" => Ty::Bool,
            _ => Ty::Unknown,
        }
    }

    fn unknown_table(&mut self, head: &Name) {
        let aliases: Vec<&str> = self
            .pack
            .tables
            .iter()
            .map(|t| t.alias.text.as_str())
            .collect();
        let help = suggest_exact(&head.text, aliases.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| {
                if aliases.is_empty() {
                    "declare it: table t01 = \"收入支出决算总表\"".into()
                } else {
                    format!(
                        "{}{}{}",
                        crate::rules::error::DECLARED_ALIASES_PREFIX,
                        aliases.join(", "),
                        crate::rules::error::DECLARED_ALIASES_SUFFIX
                    )
                }
            });
        self.err(
            PackErrorKind::UnknownTable {
                alias: head.text.clone(),
            },
            head.loc,
        )
        .help = Some(help);
    }

    fn reference(&mut self, r: &Reference) -> Ty {
        let h = r.head.text.as_str();
        if let Some(t) = self.lookup(h) {
            return match (t, r.segments.len()) {
                (t, 0) => t,
                (Ty::Claim, _) => attr_type(r.segments.last()),
                (Ty::Row, 1) => Ty::Amount,
                (Ty::Rows, _) => Ty::Row,
                (Ty::Unknown, _) => Ty::Unknown,
                _ => {
                    self.err(
                        PackErrorKind::BadReference {
                            reference: r.display(),
                            reason: format!("`{h}` is {} and has no parts", t.describe()),
                        },
                        r.loc,
                    );
                    Ty::Unknown
                }
            };
        }
        if h == "说明" {
            return match r.segments.len() {
                0 => {
                    self.err(
                        PackErrorKind::BadReference {
                            reference: r.display(),
                            reason: "name a section, e.g. `说明.收入.财政拨款收入.占比`".into(),
                        },
                        r.loc,
                    );
                    Ty::Unknown
                }
                1 => Ty::Claims,
                2 => Ty::Amount,
                3 => attr_type(r.segments.last()),
                _ => {
                    self.err(
                        PackErrorKind::BadReference {
                            reference: r.display(),
                            reason: "a claim reference is 说明.<section>.<subject>[.<attribute>]"
                                .into(),
                        },
                        r.loc,
                    );
                    Ty::Unknown
                }
            };
        }
        if self.pack.table(h).is_some() {
            return if r.segments.is_empty() {
                Ty::Rows
            } else {
                Ty::Row
            };
        }
        if let Some(t) = self.let_types.get(h).copied() {
            return if r.segments.is_empty() {
                t
            } else {
                Ty::Unknown
            };
        }
        if self.pack.let_decl(h).is_some() {
            return Ty::Unknown;
        }
        if self.in_depth > 0 {
            // a column of the `in` row, resolved against the report
            return Ty::Amount;
        }
        if r.segments.is_empty() && self.pack.tables.is_empty() {
            self.err(
                PackErrorKind::UnknownName {
                    name: h.to_string(),
                },
                r.head.loc,
            );
            return Ty::Unknown;
        }
        if r.segments.is_empty() {
            let mut names: Vec<String> =
                self.scopes.iter().flat_map(|s| s.keys().cloned()).collect();
            names.extend(self.pack.lets.iter().map(|l| l.name.text.clone()));
            names.extend(self.pack.tables.iter().map(|t| t.alias.text.clone()));
            let help = suggest_exact(h, names.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?")).unwrap_or_else(|| {
                "a bare name is a variable (`for`, `let`) or, inside `in ROW { … }`, a column of that row".into()
            });
            self.err(
                PackErrorKind::UnknownName {
                    name: h.to_string(),
                },
                r.head.loc,
            )
            .help = Some(help);
        } else {
            self.unknown_table(&r.head);
        }
        Ty::Unknown
    }
}

fn attr_type(seg: Option<&Segment>) -> Ty {
    match seg.map(|s| &s.kind) {
        Some(SegmentKind::Name(n)) if PERCENT_ATTRS.contains(&n.as_str()) => Ty::Percent,
        Some(SegmentKind::Name(n)) if n == "数量" => Ty::Scalar,
        Some(SegmentKind::Name(n)) if WORD_ATTRS.contains(&n.as_str()) => Ty::Unknown,
        _ => Ty::Amount,
    }
}

fn combine_same(a: Ty, b: Ty) -> Option<Ty> {
    match (a, b) {
        (Ty::Unknown, x) | (x, Ty::Unknown) => Some(x),
        (Ty::Scalar, x) | (x, Ty::Scalar) => Some(x),
        (x, y) if x == y => Some(x),
        _ => None,
    }
}

fn arith_type(op: ArithOp, a: Ty, b: Ty) -> Option<Ty> {
    use Ty::*;
    match (op, a, b) {
        (_, Unknown, _) | (_, _, Unknown) => Some(Unknown),
        (ArithOp::Add | ArithOp::Sub, x, y) => combine_same(x, y),
        (ArithOp::Mul, Scalar, x) | (ArithOp::Mul, x, Scalar) => Some(x),
        (ArithOp::Mul, Amount, Percent) | (ArithOp::Mul, Percent, Amount) => Some(Amount),
        (ArithOp::Mul, _, _) => None,
        (ArithOp::Div, x, Scalar) => Some(x),
        (ArithOp::Div, Scalar, _) => Some(Scalar),
        (ArithOp::Div, x, y) if x == y => Some(Scalar),
        (ArithOp::Div, _, _) => None,
    }
}

/// Calls `f` on every reference in `e` (including range ends).
pub fn visit_refs<'p>(e: &'p Expr, f: &mut impl FnMut(&'p Reference)) {
    match &e.kind {
        ExprKind::Ref(r) => f(r),
        ExprKind::Range(a, b) => {
            f(a);
            f(b);
        }
        ExprKind::Number(_) | ExprKind::Percent(_) | ExprKind::Bool(_) => {}
        ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::Paren(x) => visit_refs(x, f),
        ExprKind::Arith(_, a, b) | ExprKind::And(a, b) | ExprKind::Or(a, b) => {
            visit_refs(a, f);
            visit_refs(b, f);
        }
        ExprKind::If(a, b, c) => {
            visit_refs(a, f);
            visit_refs(b, f);
            visit_refs(c, f);
        }
        ExprKind::Word(_) => {}
        ExprKind::Each {
            body,
            source,
            filter,
            ..
        } => {
            visit_refs(body, f);
            visit_refs(source, f);
            if let Some(x) = filter {
                visit_refs(x, f);
            }
        }
        ExprKind::Compare(xs, _) | ExprKind::Call(_, xs) => {
            xs.iter().for_each(|x| visit_refs(x, f))
        }
    }
}
