//! The report loader: YAML text → [`Report`].
//!
//! Loading is two stages. [`parse_tree`] turns the text into a small [`Node`] tree (spans,
//! raw scalar text, no anchors, bounded depth). The [`Loader`] then walks the tree against the
//! format in `docs/report-format.md`, building the model and collecting every problem it finds
//! instead of stopping at the first. Naming: `expect_*` reads a value of one type and records
//! an error when it is something else; `load_*` builds a model node.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::error::{LoadError, LoadErrorKind};
use super::model::{
    Cell, Claim, Column, Cover, KeyKind, Line, Panel, Report, ReportParts, Row, Section, Span,
    Stated, StatedValue, Table, Text,
};
use super::normalize::normalize_name;
use super::number::{
    NumberError, is_blank, is_code, parse_count, parse_decimal, parse_line, parse_percent,
};
use super::yaml::{Node, NodeKind, parse_tree};
use crate::suggest::suggest;

/// Bounds on what the loader accepts, so a hostile file cannot exhaust memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// the largest file, in bytes (default 16 MiB)
    pub max_bytes: usize,
    /// the deepest YAML nesting (default 64; a report needs at most 7)
    pub max_depth: usize,
    /// errors reported per file before the rest are dropped (default 100)
    pub max_errors: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            max_depth: 64,
            max_errors: 100,
        }
    }
}

/// Loads a report from its YAML text with the default [`Limits`]. `path` is used in
/// diagnostics only.
pub fn load_report(path: &str, source: String) -> Result<Report, Vec<LoadError>> {
    load_report_with(path, source, &Limits::default())
}

/// Loads a report from its YAML text.
pub fn load_report_with(
    path: &str,
    source: String,
    limits: &Limits,
) -> Result<Report, Vec<LoadError>> {
    let errors = match Loader::run(&source, limits) {
        Ok(parts) => {
            return Ok(Report::new(ReportParts {
                path: path.to_string(),
                source,
                ..parts
            }));
        }
        Err(errors) => errors,
    };
    let shared: Arc<str> = Arc::from(source);
    Err(errors
        .into_iter()
        .map(|(span, kind)| LoadError::new(path, shared.clone(), span, kind))
        .collect())
}

/// Reads and loads a report file. A file that cannot be read, is not UTF-8 or is over the size
/// limit is one error.
pub fn load_report_file(path: &str, limits: &Limits) -> Result<Report, Vec<LoadError>> {
    let fail = |kind| Err(vec![LoadError::new(path, Arc::from(""), START, kind)]);
    // Only a regular file, read through a bounded reader: a FIFO or /dev/zero given as a
    // report must neither block nor fill memory.
    let bytes = match crate::fsio::read_bounded(Path::new(path), limits.max_bytes as u64) {
        Ok(b) => b,
        Err(crate::fsio::ReadError::TooLarge { size, .. }) => {
            return fail(LoadErrorKind::TooLarge {
                size: usize::try_from(size).unwrap_or(usize::MAX),
                limit: limits.max_bytes,
                at: START.into(),
            });
        }
        Err(e) => {
            return fail(LoadErrorKind::Io {
                message: e.to_string(),
                at: START.into(),
            });
        }
    };
    match String::from_utf8(bytes) {
        Ok(source) => load_report_with(path, source, limits),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let prefix = &e.as_bytes()[..valid];
            let line = prefix.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let line_start = prefix
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&prefix[line_start..])
                .chars()
                .count() as u32
                + 1;
            let span = Span {
                offset: valid as u32,
                len: 0,
                line,
                column,
            };
            Err(vec![LoadError::new(
                path,
                Arc::from(text),
                span,
                LoadErrorKind::NotUtf8 { at: span.into() },
            )])
        }
    }
}

/// The start of a file, for errors about the whole file.
const START: Span = Span {
    offset: 0,
    len: 0,
    line: 1,
    column: 1,
};

const REPORT_KEYS: &[&str] = &[
    "unit",
    "year",
    "currency",
    "precision",
    "tables",
    "narrative",
    "source",
    "cover",
    "contents",
];
/// the cover as printed (optional; for the text checks)
const COVER_KEYS: &[&str] = &["unit", "year"];
const TABLE_KEYS: &[&str] = &[
    "title",
    "aliases",
    "number",
    "notes",
    "panels",
    "keys",
    "columns",
    "column_numbers",
    "rows",
    "printed_title",
    "issuer",
    "row_pages",
    "page",
];
/// the keys of a table that describe its one panel
const ONE_PANEL_KEYS: &[&str] = &["keys", "columns", "column_numbers", "rows", "row_pages"];
const PANEL_KEYS: &[&str] = &[
    "name",
    "keys",
    "columns",
    "column_numbers",
    "rows",
    "row_pages",
];
const SECTION_KEYS: &[&str] = &["key", "title", "text", "claims"];
const KEY_KINDS: &[&str] = &["line", "code", "name"];
const CURRENCIES: &[&str] = &["万元", "元"];

/// What a claim attribute holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttrKind {
    Amount,
    Percent,
    Count,
    Comparison,
    Flat,
}

/// The signed attribute a worded change adds: its name and whether the worded value is negated.
type Derived = Option<(&'static str, bool)>;

/// Claim attributes, their kind, and the signed attribute derived from a worded change.
const CLAIM_ATTRS: &[(&str, AttrKind, Derived)] = &[
    ("金额", AttrKind::Amount, None),
    ("占比", AttrKind::Percent, None),
    ("增加", AttrKind::Amount, Some(("变动", false))),
    ("减少", AttrKind::Amount, Some(("变动", true))),
    ("增长", AttrKind::Percent, Some(("变动率", false))),
    ("下降", AttrKind::Percent, Some(("变动率", true))),
    ("持平", AttrKind::Flat, Some(("变动", false))),
    ("预算", AttrKind::Amount, None),
    ("决算", AttrKind::Amount, None),
    ("完成率", AttrKind::Percent, None),
    ("比较", AttrKind::Comparison, None),
    ("数量", AttrKind::Count, None),
    ("上年", AttrKind::Amount, None),
];
const CLAIM_FIELDS: &[&str] = &["subject", "code", "sentence", "page"];

/// The entries of a map checked against its known keys: `values[i]` is the entry for `keys[i]`.
struct Fields<'n, 'a> {
    keys: &'static [&'static str],
    values: Vec<Option<(&'n Node<'a>, &'n Node<'a>)>>,
    /// where to point when a key is missing
    head: Span,
    /// known keys suggested for unknown ones: not reported missing again
    suggested: Vec<&'static str>,
}

impl<'n, 'a> Fields<'n, 'a> {
    fn get(&self, key: &str) -> Option<&'n Node<'a>> {
        self.entry(key).map(|(_, v)| v)
    }
    fn entry(&self, key: &str) -> Option<(&'n Node<'a>, &'n Node<'a>)> {
        let i = self.keys.iter().position(|k| *k == key)?;
        self.values.get(i).copied().flatten()
    }
}

struct Loader<'s> {
    source: &'s str,
    limits: &'s Limits,
    errors: Vec<(Span, LoadErrorKind)>,
}

type Errors = Vec<(Span, LoadErrorKind)>;

impl<'s> Loader<'s> {
    fn run(source: &'s str, limits: &'s Limits) -> Result<ReportParts, Errors> {
        if source.len() > limits.max_bytes {
            let at = START;
            return Err(vec![(
                at,
                LoadErrorKind::TooLarge {
                    size: source.len(),
                    limit: limits.max_bytes,
                    at: at.into(),
                },
            )]);
        }
        let root = parse_tree(source, limits.max_depth).map_err(|e| vec![e])?;
        let mut loader = Loader {
            source,
            limits,
            errors: Vec::new(),
        };
        let parts = loader.load_report(&root);
        match parts {
            Some(p) if loader.errors.is_empty() => Ok(p),
            _ => {
                let mut errors = loader.errors;
                errors.sort_by_key(|(span, _)| span.offset);
                Err(errors)
            }
        }
    }

    fn error(&mut self, span: Span, kind: LoadErrorKind) {
        if self.errors.len() < self.limits.max_errors {
            self.errors.push((span, kind));
        }
    }

    /// Where to point for "missing key" in a map: the whole map when it is on one line,
    /// else its first key.
    fn head(&self, node: &Node<'_>) -> Span {
        let one_line = self
            .source
            .get(node.span.range())
            .is_some_and(|t| !t.contains('\n'));
        match &node.kind {
            NodeKind::Map(entries) if !one_line => {
                entries.first().map_or(node.span, |(k, _)| k.span)
            }
            _ => node.span,
        }
    }

    fn wrong_type(
        &mut self,
        node: &Node<'_>,
        what: &str,
        expected: &'static str,
        help: Option<String>,
    ) {
        self.error(
            node.span,
            LoadErrorKind::WrongType {
                what: what.to_string(),
                expected,
                found: node.describe(),
                help,
                at: node.span.into(),
            },
        );
    }

    /// Checks a map's keys against `keys`: unknown keys (with a suggestion), duplicates and
    /// non-scalar keys are errors. `None` when `node` is not a map.
    fn expect_fields<'n, 'a>(
        &mut self,
        node: &'n Node<'a>,
        keys: &'static [&'static str],
        context: &'static str,
        what: &str,
    ) -> Option<Fields<'n, 'a>> {
        let NodeKind::Map(entries) = &node.kind else {
            self.wrong_type(node, what, "a map", None);
            return None;
        };
        let mut values: Vec<Option<(&Node<'a>, &Node<'a>)>> = vec![None; keys.len()];
        let mut suggested = Vec::new();
        for (k, v) in entries {
            let Some(name) = k.scalar() else {
                self.wrong_type(k, "a key", "text", None);
                continue;
            };
            match keys.iter().position(|known| *known == name) {
                Some(i) => match values.get(i).copied().flatten() {
                    Some((first, _)) => self.duplicate_key(name, k.span, first.span),
                    None => {
                        if let Some(slot) = values.get_mut(i) {
                            *slot = Some((k, v));
                        }
                    }
                },
                None => {
                    if let Some(s) = self.unknown_key(name, k.span, context, keys.iter().copied()) {
                        suggested.extend(keys.iter().find(|k| **k == s));
                    }
                }
            }
        }
        Some(Fields {
            keys,
            values,
            head: self.head(node),
            suggested,
        })
    }

    fn duplicate_key(&mut self, key: &str, at: Span, first: Span) {
        self.error(
            at,
            LoadErrorKind::DuplicateKey {
                key: key.to_string(),
                at: at.into(),
                first: first.into(),
            },
        );
    }

    /// Records an unknown key and returns the suggestion made, if any.
    fn unknown_key<'k>(
        &mut self,
        key: &str,
        at: Span,
        context: &'static str,
        known: impl Iterator<Item = &'k str> + Clone,
    ) -> Option<String> {
        let suggestion = suggest(key, known.clone());
        let help = match &suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                let list: Vec<String> = known.map(|k| format!("`{k}`")).collect();
                format!("the keys of {context} are {}", list.join(", "))
            }
        };
        self.error(
            at,
            LoadErrorKind::UnknownKey {
                key: key.to_string(),
                context,
                help,
                at: at.into(),
            },
        );
        suggestion
    }

    fn missing(
        &mut self,
        fields: &Fields<'_, '_>,
        key: &'static str,
        context: &'static str,
        help: &str,
    ) {
        if fields.suggested.contains(&key) {
            return;
        }
        self.error(
            fields.head,
            LoadErrorKind::MissingKey {
                key,
                context,
                help: help.to_string(),
                at: fields.head.into(),
            },
        );
    }

    /// A non-null scalar as text.
    fn expect_text(&mut self, node: &Node<'_>, what: &str) -> Option<Text> {
        match node.scalar() {
            Some(text) if !node.is_null() => Some(Text {
                text: text.to_string(),
                span: node.span,
            }),
            _ => {
                self.wrong_type(node, what, "text", None);
                None
            }
        }
    }

    fn expect_list<'n, 'a>(&mut self, node: &'n Node<'a>, what: &str) -> Option<&'n [Node<'a>]> {
        match &node.kind {
            NodeKind::Seq(items) => Some(items),
            _ => {
                self.wrong_type(node, what, "a list", None);
                None
            }
        }
    }

    fn expect_texts(&mut self, node: &Node<'_>, what: &str) -> Vec<String> {
        let items = self.expect_list(node, what).unwrap_or_default();
        items
            .iter()
            .filter_map(|n| self.expect_text(n, what).map(|t| t.text))
            .collect()
    }

    /// An integer in `range`, written in plain digits.
    fn expect_integer(
        &mut self,
        node: &Node<'_>,
        what: &'static str,
        expected: &'static str,
        range: std::ops::RangeInclusive<u32>,
    ) -> Option<u32> {
        let Some(text) = node.scalar() else {
            self.wrong_type(node, what, expected, None);
            return None;
        };
        let value = (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
            .filter(|v| range.contains(v));
        if value.is_none() {
            self.error(
                node.span,
                LoadErrorKind::BadInteger {
                    what,
                    expected,
                    text: text.to_string(),
                    at: node.span.into(),
                },
            );
        }
        value
    }

    fn load_report(&mut self, root: &Node<'_>) -> Option<ReportParts> {
        let f = self.expect_fields(root, REPORT_KEYS, "a report", "the report")?;
        let unit = match f.get("unit") {
            Some(n) => self.expect_text(n, "unit").map(|t| t.text),
            None => {
                self.missing(
                    &f,
                    "unit",
                    "the report",
                    "add `unit:` with the department or unit as printed",
                );
                None
            }
        };
        let year = match f.get("year") {
            Some(n) => self.expect_integer(n, "year", "a year such as `2023`", 1900..=2999),
            None => {
                self.missing(
                    &f,
                    "year",
                    "the report",
                    "add `year:` with the budget year, e.g. `year: 2023`",
                );
                None
            }
        };
        let currency = f.get("currency").and_then(|n| self.load_currency(n));
        let precision = match f.get("precision") {
            Some(n) => {
                self.expect_integer(n, "precision", "a number of decimals from 0 to 28", 0..=28)
            }
            None => Some(2),
        };
        let origin = f
            .get("source")
            .and_then(|n| self.expect_text(n, "source"))
            .map(|t| t.text);
        let tables = match f.get("tables") {
            Some(n) => self.load_tables(n),
            None => {
                self.missing(
                    &f,
                    "tables",
                    "the report",
                    "add `tables:` with the report's tables in printed order",
                );
                Vec::new()
            }
        };
        let narrative = f
            .get("narrative")
            .map(|n| self.load_narrative(n))
            .unwrap_or_default();
        let cover = f.get("cover").and_then(|n| self.load_cover(n));
        let contents = f
            .get("contents")
            .map(|n| {
                let items = self.expect_list(n, "contents").unwrap_or_default();
                items
                    .iter()
                    .filter_map(|i| self.expect_text(i, "contents entry"))
                    .collect()
            })
            .unwrap_or_default();
        Some(ReportParts {
            path: String::new(),
            source: String::new(),
            unit: unit?,
            year: Some(year?),
            currency: currency.unwrap_or_else(|| "万元".to_string()),
            precision: precision?,
            origin,
            tables,
            narrative,
            cover,
            contents,
        })
    }

    /// `cover: {unit: …, year: …}`: both as printed, both optional.
    fn load_cover(&mut self, node: &Node<'_>) -> Option<Cover> {
        let f = self.expect_fields(node, COVER_KEYS, "the cover", "cover")?;
        let unit = f
            .get("unit")
            .and_then(|n| self.expect_text(n, "cover.unit"));
        let year = f
            .get("year")
            .and_then(|n| self.expect_text(n, "cover.year"));
        Some(Cover {
            unit,
            year,
            span: node.span,
        })
    }

    fn load_currency(&mut self, node: &Node<'_>) -> Option<String> {
        let t = self.expect_text(node, "currency")?;
        if CURRENCIES.contains(&t.text.as_str()) {
            return Some(t.text);
        }
        let help = match suggest(&t.text, CURRENCIES.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? a report's currency is `万元` or `元`"),
            None => "a report's currency is `万元` or `元`".to_string(),
        };
        self.error(
            t.span,
            LoadErrorKind::BadCurrency {
                text: t.text,
                help,
                at: t.span.into(),
            },
        );
        None
    }

    fn load_tables(&mut self, node: &Node<'_>) -> Vec<Table> {
        let Some(items) = self.expect_list(node, "tables") else {
            return Vec::new();
        };
        let mut tables = Vec::with_capacity(items.len());
        // normalised title or alias -> span of the first title
        let mut seen: HashMap<String, Span> = HashMap::new();
        for item in items {
            let Some(table) = self.load_table(item) else {
                continue;
            };
            let title_span = table.title_span;
            let table = table.table;
            for title in std::iter::once(&table.title).chain(&table.aliases) {
                match seen.get(&normalize_name(title)) {
                    Some(&first) => self.error(
                        title_span,
                        LoadErrorKind::DuplicateTable {
                            title: title.clone(),
                            at: title_span.into(),
                            first: first.into(),
                        },
                    ),
                    None => {
                        seen.insert(normalize_name(title), title_span);
                    }
                }
            }
            tables.push(table);
        }
        tables
    }

    /// A PDF page number (第N页): a positive integer.
    fn expect_page(&mut self, node: &Node<'_>) -> Option<u32> {
        self.expect_integer(node, "a page (第N页)", "a positive integer", 1..=u32::MAX)
    }

    fn load_table(&mut self, node: &Node<'_>) -> Option<LoadedTable> {
        let f = self.expect_fields(node, TABLE_KEYS, "a table", "a table")?;
        let title = match f.get("title") {
            Some(n) => self.expect_text(n, "title"),
            None => {
                self.missing(
                    &f,
                    "title",
                    "a table",
                    "add `title:` with the table's printed title",
                );
                None
            }
        };
        let aliases = f
            .get("aliases")
            .map(|n| self.expect_texts(n, "aliases"))
            .unwrap_or_default();
        let number = f
            .get("number")
            .and_then(|n| self.expect_text(n, "number"))
            .map(|t| t.text);
        let notes = f
            .get("notes")
            .map(|n| self.expect_texts(n, "notes"))
            .unwrap_or_default();
        let printed_title = f
            .get("printed_title")
            .and_then(|n| self.expect_text(n, "printed_title"));
        let issuer = f.get("issuer").and_then(|n| self.expect_text(n, "issuer"));
        let page = f.get("page").and_then(|n| self.expect_page(n));
        let panels = match f.get("panels") {
            Some(panels_node) => {
                for key in ONE_PANEL_KEYS {
                    if let Some((k, _)) = f.entry(key) {
                        self.error(
                            k.span,
                            LoadErrorKind::PanelsAndRows {
                                key,
                                at: k.span.into(),
                            },
                        );
                    }
                }
                self.load_panels(panels_node)
            }
            None if f.get("rows").is_none() => {
                self.missing(
                    &f,
                    "rows",
                    "a table",
                    "give the table's `keys`, `columns` and `rows`, or its `panels`",
                );
                Vec::new()
            }
            None => self.load_panel(None, &f, node.span).into_iter().collect(),
        };
        let title = title?;
        Some(LoadedTable {
            title_span: title.span,
            table: Table {
                title: title.text,
                aliases,
                number,
                notes,
                panels,
                page,
                span: node.span,
                printed_title,
                issuer,
            },
        })
    }

    fn load_panels(&mut self, node: &Node<'_>) -> Vec<Panel> {
        let Some(items) = self.expect_list(node, "panels") else {
            return Vec::new();
        };
        let mut panels = Vec::with_capacity(items.len());
        let mut names: Vec<Text> = Vec::new();
        for item in items {
            let Some(f) = self.expect_fields(item, PANEL_KEYS, "a panel", "a panel") else {
                continue;
            };
            let name = match f.get("name") {
                Some(n) => self.expect_text(n, "name"),
                None => {
                    if items.len() > 1 {
                        self.missing(
                            &f,
                            "name",
                            "a panel",
                            "name each panel as printed: `收入`, `支出`, or `1`, `2`, `3`",
                        );
                    }
                    None
                }
            };
            if let Some(name) = &name {
                if let Some(first) = names.iter().find(|n| n.text == name.text) {
                    let first = first.span;
                    self.error(
                        name.span,
                        LoadErrorKind::DuplicatePanel {
                            name: name.text.clone(),
                            at: name.span.into(),
                            first: first.into(),
                        },
                    );
                }
                names.push(name.clone());
            }
            if f.get("rows").is_none() {
                self.missing(
                    &f,
                    "rows",
                    "a panel",
                    "add the panel's `rows`, one flow list per printed row",
                );
                continue;
            }
            if let Some(p) = self.load_panel(name.map(|t| t.text), &f, item.span) {
                panels.push(p);
            }
        }
        panels
    }

    /// Builds a panel from the `keys`, `columns`, `column_numbers` and `rows` of `f` (a panel's
    /// map, or a one-panel table's).
    fn load_panel(
        &mut self,
        name: Option<String>,
        f: &Fields<'_, '_>,
        span: Span,
    ) -> Option<Panel> {
        let keys = match f.get("keys") {
            // without the key kinds the rows cannot be checked
            Some(n) => self.load_key_kinds(n)?,
            None => vec![KeyKind::Name],
        };
        let mut columns: Vec<Column> = match f.get("columns") {
            Some(n) => {
                // without columns the rows cannot be checked
                let items = self.expect_list(n, "columns")?;
                items
                    .iter()
                    .filter_map(|c| self.expect_text(c, "a column name"))
                    .map(|t| Column {
                        name: t.text,
                        number: None,
                        span: t.span,
                    })
                    .collect()
            }
            None => {
                self.missing(
                    f,
                    "columns",
                    "a panel",
                    "add `columns:` with the value columns' printed names",
                );
                // without columns the rows cannot be checked
                return None;
            }
        };
        if let Some(n) = f.get("column_numbers") {
            let items = self.expect_list(n, "column_numbers").unwrap_or_default();
            if items.len() != columns.len()
                && let Some(columns_node) = f.get("columns")
            {
                self.error(
                    n.span,
                    LoadErrorKind::ColumnNumbersLength {
                        columns: columns.len(),
                        numbers: items.len(),
                        at: n.span.into(),
                        columns_at: columns_node.span.into(),
                    },
                );
            }
            for (column, item) in columns.iter_mut().zip(items) {
                if item.is_null() {
                    continue;
                }
                column.number = self.expect_integer(
                    item,
                    "a column number (栏次)",
                    "a positive integer",
                    1..=u32::MAX,
                );
            }
        }
        let rows_node = f.get("rows")?;
        let items = self.expect_list(rows_node, "rows").unwrap_or_default();
        // `row_pages`: the page of each row, in row order (imported from a PDF)
        let mut pages: Vec<Option<u32>> = Vec::new();
        if let Some(n) = f.get("row_pages") {
            let page_items = self.expect_list(n, "row_pages").unwrap_or_default();
            if page_items.len() != items.len() {
                self.error(
                    n.span,
                    LoadErrorKind::RowPagesLength {
                        rows: items.len(),
                        pages: page_items.len(),
                        at: n.span.into(),
                        rows_at: rows_node.span.into(),
                    },
                );
            }
            pages = page_items.iter().map(|p| self.expect_page(p)).collect();
        }
        let mut rows = Vec::with_capacity(items.len());
        for (k, item) in items.iter().enumerate() {
            if let Some(mut row) = self.load_row(item, &keys, columns.len()) {
                row.page = pages.get(k).copied().flatten();
                rows.push(row);
            }
        }
        Some(Panel::new(name, keys, columns, rows, span))
    }

    /// The key kinds of a panel; `None` after an error.
    fn load_key_kinds(&mut self, node: &Node<'_>) -> Option<Vec<KeyKind>> {
        let errors_before = self.errors.len();
        let items = self.expect_list(node, "keys")?;
        let mut kinds = Vec::with_capacity(items.len());
        for item in items {
            let Some(t) = self.expect_text(item, "a key kind") else {
                continue;
            };
            let kind = match t.text.as_str() {
                "line" => KeyKind::Line,
                "code" => KeyKind::Code,
                "name" => KeyKind::Name,
                other => {
                    let help = match suggest(other, KEY_KINDS.iter().copied()) {
                        Some(s) => format!(
                            "did you mean `{s}`? keys are `line` (行次), `code` (科目编码) and `name` (项目)"
                        ),
                        None => "keys are `line` (行次), `code` (科目编码) and `name` (项目)"
                            .to_string(),
                    };
                    self.error(
                        t.span,
                        LoadErrorKind::BadKeyKind {
                            text: t.text.clone(),
                            help,
                            at: t.span.into(),
                        },
                    );
                    continue;
                }
            };
            if kinds.contains(&kind) {
                self.error(
                    t.span,
                    LoadErrorKind::BadKeyKind {
                        text: t.text.clone(),
                        help: "each of `line`, `code` and `name` appears at most once".to_string(),
                        at: t.span.into(),
                    },
                );
                continue;
            }
            kinds.push(kind);
        }
        (self.errors.len() == errors_before).then_some(kinds)
    }

    fn load_row(&mut self, node: &Node<'_>, keys: &[KeyKind], columns: usize) -> Option<Row> {
        let NodeKind::Seq(cells) = &node.kind else {
            self.wrong_type(
                node,
                "a row",
                "a list of cells",
                Some(
                    "write each row as a flow list: `[一、一般公共服务支出, 1, 100.00]`"
                        .to_string(),
                ),
            );
            return None;
        };
        let expected = keys.len() + columns;
        if cells.len() != expected {
            self.error(
                node.span,
                LoadErrorKind::RaggedRow {
                    expected,
                    got: cells.len(),
                    keys: keys.len(),
                    columns,
                    at: node.span.into(),
                },
            );
            return None;
        }
        let errors_before = self.errors.len();
        let (key_cells, value_cells) = cells.split_at(keys.len());
        let mut row = Row {
            line: None,
            code: None,
            name: None,
            cells: Vec::with_capacity(columns),
            page: None,
            span: node.span,
        };
        for (kind, cell) in keys.iter().zip(key_cells) {
            let Some(text) = self.expect_cell(cell) else {
                continue;
            };
            match kind {
                KeyKind::Name if cell.is_null() => {}
                KeyKind::Name => {
                    row.name = Some(Text {
                        text: text.to_string(),
                        span: cell.span,
                    });
                }
                KeyKind::Line | KeyKind::Code if is_blank(text, !is_quoted(cell)) => {}
                KeyKind::Line => match parse_line(text) {
                    Some(value) => {
                        row.line = Some(Line {
                            value,
                            span: cell.span,
                        })
                    }
                    None => self.error(
                        cell.span,
                        LoadErrorKind::BadLine {
                            text: text.to_string(),
                            at: cell.span.into(),
                        },
                    ),
                },
                KeyKind::Code if is_code(text) => {
                    row.code = Some(Text {
                        text: text.to_string(),
                        span: cell.span,
                    });
                }
                KeyKind::Code => self.error(
                    cell.span,
                    LoadErrorKind::BadCode {
                        text: text.to_string(),
                        at: cell.span.into(),
                    },
                ),
            }
        }
        for cell in value_cells {
            let Some(text) = self.expect_cell(cell) else {
                continue;
            };
            let value = if is_blank(text, !is_quoted(cell)) {
                None
            } else {
                match parse_decimal(text) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        self.not_an_amount(text, e, cell.span);
                        continue;
                    }
                }
            };
            row.cells.push(Cell {
                value,
                span: cell.span,
            });
        }
        (self.errors.len() == errors_before).then_some(row)
    }

    fn expect_cell<'n>(&mut self, cell: &'n Node<'_>) -> Option<&'n str> {
        let text = cell.scalar();
        if text.is_none() {
            self.wrong_type(
                cell,
                "a cell",
                "a single value",
                Some("quote a cell that contains `[`, `]`, `{`, `}` or `, `".to_string()),
            );
        }
        text
    }

    fn not_an_amount(&mut self, text: &str, e: NumberError, at: Span) {
        self.error(
            at,
            LoadErrorKind::NotAnAmount {
                text: text.to_string(),
                reason: e.reason(),
                at: at.into(),
            },
        );
    }

    fn load_narrative(&mut self, node: &Node<'_>) -> Vec<Section> {
        let Some(items) = self.expect_list(node, "narrative") else {
            return Vec::new();
        };
        let mut sections = Vec::with_capacity(items.len());
        let mut seen: HashMap<String, Span> = HashMap::new();
        for item in items {
            let Some(f) = self.expect_fields(
                item,
                SECTION_KEYS,
                "a narrative section",
                "a narrative section",
            ) else {
                continue;
            };
            let key = match f.get("key") {
                Some(n) => self.expect_text(n, "key"),
                None => {
                    self.missing(
                        &f,
                        "key",
                        "a narrative section",
                        "add `key:` with the section key rules use (`收入`, `支出`, `三公`, … see docs/report-format.md)",
                    );
                    None
                }
            };
            let title = f.get("title").and_then(|n| self.expect_text(n, "title"));
            let text = f.get("text").and_then(|n| self.expect_text(n, "text"));
            let claims = match f.get("claims") {
                Some(n) => {
                    let items = self.expect_list(n, "claims").unwrap_or_default();
                    items.iter().filter_map(|c| self.load_claim(c)).collect()
                }
                None => Vec::new(),
            };
            let Some(key) = key else { continue };
            if let Some(&first) = seen.get(&key.text) {
                self.error(
                    key.span,
                    LoadErrorKind::DuplicateSection {
                        key: key.text.clone(),
                        at: key.span.into(),
                        first: first.into(),
                    },
                );
                continue;
            }
            seen.insert(key.text.clone(), key.span);
            let title_span = title.as_ref().map(|t| t.span);
            let text_span = text.as_ref().map(|t| t.span);
            let mut section = Section::new(
                key.text,
                title.map(|t| t.text).unwrap_or_default(),
                text.map(|t| t.text).unwrap_or_default(),
                claims,
                item.span,
            );
            section.title_span = title_span;
            section.text_span = text_span;
            sections.push(section);
        }
        sections
    }

    fn load_claim(&mut self, node: &Node<'_>) -> Option<Claim> {
        let NodeKind::Map(entries) = &node.kind else {
            self.wrong_type(
                node,
                "a claim",
                "a map",
                Some("write a claim as `{subject: 支出合计, 金额: 100}`".to_string()),
            );
            return None;
        };
        let errors_before = self.errors.len();
        let mut subject = None;
        let mut code = None;
        let mut sentence = None;
        let mut page = None;
        let mut attrs: Vec<(String, Stated)> = Vec::new();
        // key text and span of each key seen, for duplicates
        let mut seen: Vec<(&str, Span)> = Vec::new();
        // the first worded change (增加/减少/持平) and rate (增长/下降), for conflicts
        let mut change: [Option<(&'static str, Span)>; 2] = [None, None];
        for (k, v) in entries {
            let Some(name) = k.scalar() else {
                self.wrong_type(k, "a key", "text", None);
                continue;
            };
            if let Some(&(_, first)) = seen.iter().find(|(s, _)| *s == name) {
                self.duplicate_key(name, k.span, first);
                continue;
            }
            seen.push((name, k.span));
            match name {
                "subject" => subject = self.expect_text(v, "subject"),
                "sentence" => sentence = self.expect_text(v, "sentence").map(|t| t.text),
                "page" => page = self.expect_page(v),
                "code" => {
                    code = self.expect_text(v, "code");
                    if let Some(t) = &code
                        && !is_code(&t.text)
                    {
                        self.error(
                            t.span,
                            LoadErrorKind::BadCode {
                                text: t.text.clone(),
                                at: t.span.into(),
                            },
                        );
                    }
                }
                _ => {
                    let Some(&(attr, kind, derived)) =
                        CLAIM_ATTRS.iter().find(|(a, _, _)| *a == name)
                    else {
                        let known = CLAIM_FIELDS
                            .iter()
                            .chain(CLAIM_ATTRS.iter().map(|(a, _, _)| a))
                            .copied();
                        let _ = self.unknown_key(name, k.span, "a claim", known);
                        continue;
                    };
                    let Some(stated) = self.load_stated(attr, kind, v) else {
                        continue;
                    };
                    if let Some((derived_name, negate)) = derived {
                        let slot = usize::from(derived_name == "变动率");
                        if let Some((first, first_at)) = change.get(slot).copied().flatten() {
                            self.error(
                                k.span,
                                LoadErrorKind::ConflictingChange {
                                    first,
                                    second: attr,
                                    at: k.span.into(),
                                    first_at: first_at.into(),
                                },
                            );
                            continue;
                        }
                        if let Some(s) = change.get_mut(slot) {
                            *s = Some((attr, k.span));
                        }
                        let signed = signed_change(&stated, kind, negate);
                        attrs.push((attr.to_string(), stated));
                        attrs.push((derived_name.to_string(), signed));
                    } else {
                        attrs.push((attr.to_string(), stated));
                    }
                }
            }
        }
        let Some(subject) = subject else {
            if !seen.iter().any(|(s, _)| *s == "subject") {
                let head = self.head(node);
                self.error(
                    head,
                    LoadErrorKind::MissingKey {
                        key: "subject",
                        context: "a claim",
                        help: "add `subject:` with the subject as printed, e.g. `subject: 财政拨款收入`".to_string(),
                        at: head.into(),
                    },
                );
            }
            return None;
        };
        if attrs.is_empty() && self.errors.len() == errors_before {
            self.error(
                node.span,
                LoadErrorKind::EmptyClaim {
                    subject: subject.text.clone(),
                    at: node.span.into(),
                },
            );
        }
        (self.errors.len() == errors_before).then_some(Claim {
            subject,
            code,
            attrs,
            sentence,
            page,
            span: node.span,
        })
    }

    /// Reads one claim attribute value.
    fn load_stated(&mut self, attr: &'static str, kind: AttrKind, v: &Node<'_>) -> Option<Stated> {
        let text = match v.scalar() {
            Some(t) if !v.is_null() => t,
            _ => {
                let expected = match kind {
                    AttrKind::Amount => "an amount",
                    AttrKind::Percent => "a percentage",
                    AttrKind::Count => "a count",
                    AttrKind::Comparison => "a word",
                    AttrKind::Flat => "`true`",
                };
                self.wrong_type(v, attr, expected, None);
                return None;
            }
        };
        let stated = |value| Stated {
            value,
            unit: None,
            span: v.span,
        };
        match kind {
            AttrKind::Amount => match parse_decimal(text) {
                Ok(d) => Some(stated(StatedValue::Amount(d))),
                Err(e) => {
                    self.not_an_amount(text, e, v.span);
                    None
                }
            },
            AttrKind::Percent => match parse_percent(text) {
                Ok(Some(d)) => Some(stated(StatedValue::Percent(d))),
                Ok(None) | Err(_) => {
                    let reason = match parse_percent(text) {
                        Err(e) => e.reason(),
                        _ => "has no `%`",
                    };
                    self.error(
                        v.span,
                        LoadErrorKind::NotAPercent {
                            text: text.to_string(),
                            reason,
                            at: v.span.into(),
                        },
                    );
                    None
                }
            },
            AttrKind::Count => match parse_count(text) {
                Ok((d, unit)) => Some(Stated {
                    value: StatedValue::Count(d),
                    unit: (!unit.is_empty()).then(|| unit.to_string()),
                    span: v.span,
                }),
                Err(e) => {
                    self.error(
                        v.span,
                        LoadErrorKind::NotACount {
                            text: text.to_string(),
                            reason: e.reason(),
                            at: v.span.into(),
                        },
                    );
                    None
                }
            },
            AttrKind::Comparison if matches!(text, "大于" | "小于" | "等于") => {
                Some(stated(StatedValue::Word(text.to_string())))
            }
            AttrKind::Flat if text == "true" && !is_quoted(v) => {
                Some(stated(StatedValue::Word("持平".to_string())))
            }
            AttrKind::Comparison | AttrKind::Flat => {
                let expected = if kind == AttrKind::Flat {
                    "`true` (leave `持平` out when the prose does not say it)"
                } else {
                    "`大于`, `小于` or `等于`, as worded"
                };
                self.error(
                    v.span,
                    LoadErrorKind::BadWord {
                        attr,
                        text: text.to_string(),
                        expected,
                        at: v.span.into(),
                    },
                );
                None
            }
        }
    }
}

struct LoadedTable {
    table: Table,
    title_span: Span,
}

fn is_quoted(node: &Node<'_>) -> bool {
    matches!(node.kind, NodeKind::Scalar { quoted: true, .. })
}

/// The signed 变动 / 变动率 for a worded change: 增加 x → +x, 减少 x → −x, 持平 → 0.
fn signed_change(stated: &Stated, kind: AttrKind, negate: bool) -> Stated {
    let value = match (&stated.value, kind) {
        (_, AttrKind::Flat) => StatedValue::Amount(Decimal::ZERO),
        (StatedValue::Amount(d), _) => StatedValue::Amount(signed(*d, negate)),
        (StatedValue::Percent(d), _) => StatedValue::Percent(signed(*d, negate)),
        (other, _) => other.clone(),
    };
    Stated {
        value,
        unit: None,
        span: stated.span,
    }
}

/// `-d` when `negate`, keeping zero unsigned (`减少: 0` is a 变动 of 0, not -0).
fn signed(d: Decimal, negate: bool) -> Decimal {
    if negate && !d.is_zero() { -d } else { d }
}
