//! A small YAML document tree that keeps what a report needs and generic YAML loaders drop:
//! every scalar's text exactly as written, whether it was quoted, and its [`Span`] in byte
//! offsets with 1-based line and column.
//!
//! The tree is built from `saphyr-parser` events with an explicit stack, never by recursion, and
//! refuses more than [`Limits::max_depth`](super::Limits) levels of nesting. Anchors, aliases
//! and tags are refused: a report has no use for them, and aliases are how "billion laughs"
//! bombs are built.
//!
//! Reports are first offered to [`parse_fast`] (`fast.rs`), a byte-level reader of the YAML
//! subset they are written in that builds the very same tree at a fraction of saphyr's cost
//! (at most 32 levels deep, by bounded recursion); whatever it does not read, every error
//! included, goes to saphyr.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::error::LoadErrorKind;
use super::model::Span;

mod fast;
pub use fast::parse_fast;

/// A YAML node with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub kind: NodeKind<'a>,
    pub span: Span,
}

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind<'a> {
    /// a scalar: its text (after YAML unquoting and folding; for a plain scalar the text as
    /// written) and whether it was quoted
    Scalar { text: Cow<'a, str>, quoted: bool },
    /// a sequence, in order
    Seq(Vec<Node<'a>>),
    /// a mapping, entries in written order (duplicate keys are kept; the loader rejects them)
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// The scalar text, when this is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether this is YAML's null: an unquoted `~`, `null` or nothing.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { text, quoted: false }
            if matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// `a map`, `a list`, `nothing`, `text`: for "expected …, found …" messages.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Map(_) => "a map",
            NodeKind::Seq(_) => "a list",
            NodeKind::Scalar { .. } if self.is_null() => "nothing (null)",
            NodeKind::Scalar { .. } => "a scalar",
        }
    }
}

/// Converts saphyr's character indices into byte offsets. Sources that are pure ASCII map
/// one to one; otherwise a checkpoint every [`Self::STRIDE`] characters bounds the walk.
pub(crate) struct CharIndex<'s> {
    source: &'s str,
    /// byte offset of character `k * STRIDE`; empty for ASCII sources
    checkpoints: Vec<u32>,
    /// the last (character index, byte offset) converted: events arrive in source order, so
    /// most conversions walk forward a few characters from here
    cursor: std::cell::Cell<(usize, usize)>,
}

impl<'s> CharIndex<'s> {
    const STRIDE: usize = 64;

    pub(crate) fn new(source: &'s str) -> Self {
        let checkpoints = if source.is_ascii() {
            Vec::new()
        } else {
            source
                .char_indices()
                .step_by(Self::STRIDE)
                .map(|(b, _)| b as u32)
                .collect()
        };
        CharIndex {
            source,
            checkpoints,
            cursor: std::cell::Cell::new((0, 0)),
        }
    }

    /// The byte offset of character `index`; the source length past the end.
    pub(crate) fn byte(&self, index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return index.min(self.source.len());
        }
        // start from the cursor when it is behind `index` and closer than the checkpoint
        let (ci, cb) = self.cursor.get();
        let (start_char, start) = if ci <= index && index - ci < Self::STRIDE {
            (ci, cb)
        } else {
            let Some(&b) = self.checkpoints.get(index / Self::STRIDE) else {
                return self.source.len();
            };
            (index - index % Self::STRIDE, b as usize)
        };
        // step over `rest` characters by their UTF-8 lead bytes (no decoding)
        let bytes = self.source.as_bytes();
        let mut byte = start;
        for _ in 0..index - start_char {
            if byte >= bytes.len() {
                break;
            }
            byte += 1;
            while bytes.get(byte).is_some_and(|b| b & 0xC0 == 0x80) {
                byte += 1;
            }
        }
        let byte = byte.min(bytes.len());
        self.cursor.set((index, byte));
        byte
    }

    pub(crate) fn span(&self, s: &saphyr_parser::Span) -> Span {
        self.span_between(&s.start, &s.end)
    }

    pub(crate) fn span_between(
        &self,
        start: &saphyr_parser::Marker,
        end: &saphyr_parser::Marker,
    ) -> Span {
        let from = self.byte(start.index());
        let to = self.byte(end.index()).max(from);
        Span {
            offset: from as u32,
            len: (to - from) as u32,
            line: start.line() as u32,
            column: start.col() as u32 + 1,
        }
    }
}

/// An open collection while its events arrive. Its items wait on a stack shared by all open
/// collections (`base` is where its own begin) and move into a vector of the exact size when
/// it ends: one allocation per collection instead of one per doubling.
enum Frame<'a> {
    Seq {
        start: Span,
        base: usize,
    },
    Map {
        start: Span,
        base: usize,
        key: Option<Node<'a>>,
    },
}

/// The deepest nesting accepted whatever [`Limits::max_depth`](super::Limits) says.
pub const DEPTH_CEILING: usize = 1000;

/// Parses one YAML document into a tree. `max_depth` bounds nesting (a scalar at the top
/// level is depth 0, the entries of the top-level map depth 1).
///
/// Reports go through [`parse_fast`], a reader of the YAML subset they are written in; what it
/// does not read (and every error) is left to [`parse_tree_saphyr`], which builds the same tree.
///
/// The source must already be within the size limit; the caller checks that.
pub fn parse_tree(source: &str, max_depth: usize) -> Result<Node<'_>, (Span, LoadErrorKind)> {
    let max_depth = max_depth.min(DEPTH_CEILING);
    if let Some(tree) = parse_fast(source, max_depth) {
        return Ok(tree);
    }
    parse_tree_saphyr(source, max_depth)
}

/// [`parse_tree`] through `saphyr-parser`'s events: any YAML, and the errors.
pub fn parse_tree_saphyr(
    source: &str,
    max_depth: usize,
) -> Result<Node<'_>, (Span, LoadErrorKind)> {
    // The tree is built without recursion, but dropping it recurses once per level: whatever
    // limit is asked for, stay far from the stack's end (a worker thread has 2 MiB).
    let max_depth = max_depth.min(DEPTH_CEILING);
    let index = CharIndex::new(source);
    let mut parser = Parser::new_from_str(source);
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut items: Vec<Node<'_>> = Vec::new();
    let mut entries: Vec<(Node<'_>, Node<'_>)> = Vec::new();
    let mut root: Option<Node<'_>> = None;
    let mut documents = 0usize;
    while let Some(event) = parser.next_event() {
        let (event, raw_span) = match event {
            Ok(e) => e,
            Err(e) => {
                let at = index.span_between(e.marker(), e.marker());
                // The scanner looks ahead through flow collections and gives up at 255 open
                // brackets, before this loop sees the depth limit pass.
                if e.info() == "recursion limit exceeded" {
                    return Err((
                        at,
                        LoadErrorKind::TooDeep {
                            limit: max_depth,
                            at: at.into(),
                        },
                    ));
                }
                return Err((at, LoadErrorKind::syntax(e.info(), at)));
            }
        };
        let span = index.span(&raw_span);
        let is_seq = matches!(event, Event::SequenceStart(..));
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err((span, LoadErrorKind::MultipleDocuments { at: span.into() }));
                }
                continue;
            }
            Event::Alias(_) => return Err((span, LoadErrorKind::Alias { at: span.into() })),
            Event::Scalar(text, style, anchor, tag) => {
                refuse_anchor_and_tag(anchor, tag.is_some(), span)?;
                let quoted = !matches!(style, ScalarStyle::Plain);
                Node {
                    kind: NodeKind::Scalar { text, quoted },
                    span,
                }
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                refuse_anchor_and_tag(anchor, tag.is_some(), span)?;
                if stack.len() >= max_depth {
                    return Err((
                        span,
                        LoadErrorKind::TooDeep {
                            limit: max_depth,
                            at: span.into(),
                        },
                    ));
                }
                stack.push(if is_seq {
                    Frame::Seq {
                        start: span,
                        base: items.len(),
                    }
                } else {
                    Frame::Map {
                        start: span,
                        base: entries.len(),
                        key: None,
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else {
                    return Err((
                        span,
                        LoadErrorKind::syntax("unbalanced end of collection", span),
                    ));
                };
                let (start, kind) = match frame {
                    // `drain(..).collect()` allocates the exact length once
                    Frame::Seq { start, base } => {
                        (start, NodeKind::Seq(items.drain(base..).collect()))
                    }
                    Frame::Map { start, base, .. } => {
                        (start, NodeKind::Map(entries.drain(base..).collect()))
                    }
                };
                let end = span.offset + span.len;
                let len = end.saturating_sub(start.offset);
                Node {
                    kind,
                    span: Span { len, ..start },
                }
            }
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { .. }) => items.push(node),
            Some(Frame::Map { key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
    root.ok_or_else(|| {
        let at = Span::default();
        (at, LoadErrorKind::EmptyDocument { at: at.into() })
    })
}

fn refuse_anchor_and_tag(
    anchor: usize,
    tagged: bool,
    span: Span,
) -> Result<(), (Span, LoadErrorKind)> {
    if anchor != 0 {
        return Err((span, LoadErrorKind::Anchor { at: span.into() }));
    }
    if tagged {
        return Err((span, LoadErrorKind::Tag { at: span.into() }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_matches_char_indices() {
        let text = format!("{}x{}", "一二三".repeat(50), "ab收入".repeat(40));
        let index = CharIndex::new(&text);
        for (n, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.byte(n), byte, "char {n}");
        }
        assert_eq!(index.byte(text.chars().count()), text.len());
        assert_eq!(index.byte(usize::MAX / 2), text.len());
        let ascii = CharIndex::new("abc");
        assert_eq!((ascii.byte(2), ascii.byte(9)), (2, 3));
    }

    #[test]
    fn scalars_keep_text_style_and_span() {
        let src = "a: [0.10, '2', \"收入\", ~]\n";
        let tree = parse_tree(src, 8).expect("valid");
        let NodeKind::Map(entries) = &tree.kind else {
            panic!("map")
        };
        let NodeKind::Seq(items) = &entries[0].1.kind else {
            panic!("seq")
        };
        let got: Vec<(&str, bool, &str)> = items
            .iter()
            .map(|n| match &n.kind {
                NodeKind::Scalar { text, quoted } => (text.as_ref(), *quoted, &src[n.span.range()]),
                _ => panic!("scalar"),
            })
            .collect();
        assert_eq!(
            got,
            [
                ("0.10", false, "0.10"),
                ("2", true, "'2'"),
                ("收入", true, "\"收入\""),
                ("~", false, "~")
            ]
        );
        assert!(items[3].is_null() && !items[1].is_null());
    }

    #[test]
    fn depth_limit_counts_collections() {
        assert!(parse_tree("[[1]]", 2).is_ok());
        let (_, kind) = parse_tree("[[[1]]]", 2).expect_err("too deep");
        assert!(matches!(kind, LoadErrorKind::TooDeep { limit: 2, .. }));
    }
}
