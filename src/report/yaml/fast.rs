//! A byte-level reader for the YAML that reports are written in, several times faster than
//! `saphyr-parser`'s general scanner.
//!
//! It reads a subset of YAML: block mappings with plain keys, block sequences (indented or not),
//! one-line flow sequences and mappings, one-line plain, single- and double-quoted scalars,
//! literal block scalars (`|`, `|-`), comments, a leading byte order mark and `---`. For every
//! input it accepts it returns exactly the tree [`super::parse_tree_saphyr`] builds — the same
//! scalar text, the same `quoted` flag and the same spans to the byte, line and column, including
//! saphyr's conventions (a quoted scalar or a flow collection's span runs on to the end of the
//! line's spaces and comment; a block collection ends where the next token starts). Anything
//! else — tabs, control characters, anchors, aliases, tags, multi-line plain or flow scalars,
//! folded scalars, odd indentation, syntax errors, nesting past the limit — makes it give up
//! (`None`), and the caller falls back to saphyr, so errors and edge cases stay saphyr's. A
//! fallback costs only time; a divergence would be a bug (`tests/yaml_fast.rs` and the
//! `yaml_fast` fuzz target compare the two).

use std::borrow::Cow;

use super::{Node, NodeKind};
use crate::report::model::Span;

/// Nesting this reader handles before leaving a file to saphyr (a report needs 7).
const MAX_NESTING: usize = 32;
/// saphyr stops treating a block key as a key past 1024 characters; stay well below.
const MAX_KEY_BYTES: usize = 1000;
/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads `source` into the same tree as [`super::parse_tree_saphyr`], or `None` when it is
/// outside the subset this reader handles. `max_depth` as for [`super::parse_tree`].
pub fn parse_fast(source: &str, max_depth: usize) -> Option<Node<'_>> {
    if source.len() > (u32::MAX / 2) as usize || !plain_bytes(source.as_bytes()) {
        return None;
    }
    let mut reader = Reader {
        src: source,
        b: source.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        col_pos: 0,
        col_chars: 0,
        bom: false,
        max_depth: max_depth.min(MAX_NESTING),
        items: Vec::new(),
        entries: Vec::new(),
    };
    reader.document()
}

/// No tab, no control character but `\n` and `\r\n`, no byte order mark after the first
/// byte: the characters whose handling differs across YAML contexts are left to saphyr.
fn plain_bytes(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ok = |i: usize| match b[i] {
        b'\n' => true,
        b'\r' => b.get(i + 1) == Some(&b'\n'),
        c if c < 0x20 => false,
        0xEF => i == 0 || !b[i..].starts_with(BOM),
        _ => true,
    };
    // eight bytes at a time: only words with a byte below 0x20 or an 0xEF are looked into
    let mut chunks = b.chunks_exact(8);
    let mut i = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let below = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        let x = w ^ (ONES * 0xEF);
        let ef = x.wrapping_sub(ONES) & !x & HIGH;
        if below | ef != 0 && !(i..i + 8).all(ok) {
            return false;
        }
        i += 8;
    }
    (i..b.len()).all(ok)
}

/// A table of the bytes in `set`.
const fn byte_set(set: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < set.len() {
        table[set[i] as usize] = true;
        i += 1;
    }
    table
}

/// Bytes that may end a plain scalar in block context (or a block key).
static BLOCK_STOP: [bool; 256] = byte_set(b"\n\r: ");
/// Bytes that may end a plain scalar in a flow collection.
static FLOW_STOP: [bool; 256] = byte_set(b"\n\r: ,[]{}");
/// Bytes that interrupt the text of a quoted scalar.
static QUOTED_STOP: [bool; 256] = byte_set(b"\n\r'\"\\");

fn is_break(c: u8) -> bool {
    c == b'\n' || c == b'\r'
}

fn is_flow(c: u8) -> bool {
    matches!(c, b',' | b'[' | b']' | b'{' | b'}')
}

struct Reader<'a> {
    src: &'a str,
    b: &'a [u8],
    /// the byte being read
    pos: usize,
    /// the line of `pos`, from 1
    line: u32,
    /// where that line starts
    line_start: usize,
    /// a byte offset on the current line and its column in characters (from 0): columns are
    /// counted on from here, as marks on a line are taken left to right
    col_pos: usize,
    col_chars: u32,
    /// the source starts with a byte order mark (saphyr counts it in offsets, not in columns)
    bom: bool,
    max_depth: usize,
    /// items of the open sequences, moved into an exact-size vector when each ends
    items: Vec<Node<'a>>,
    /// entries of the open mappings, likewise
    entries: Vec<(Node<'a>, Node<'a>)>,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    /// A zero-length span at `off`, which is on the current line at or after the last mark.
    fn mark(&mut self, off: usize) -> Span {
        if off < self.col_pos {
            self.col_pos = self.first_column();
            self.col_chars = 0;
        }
        let chars = self.b[self.col_pos..off]
            .iter()
            .filter(|&&c| c & 0xC0 != 0x80)
            .count() as u32;
        self.col_chars += chars;
        self.col_pos = off;
        Span {
            offset: off as u32,
            len: 0,
            line: self.line,
            column: self.col_chars + 1,
        }
    }

    /// Where column 0 of the current line is: after the byte order mark on line 1.
    fn first_column(&self) -> usize {
        if self.bom && self.line == 1 {
            BOM.len()
        } else {
            self.line_start
        }
    }

    /// Steps over the line break at `pos` (`\n` or `\r\n`).
    fn newline(&mut self) {
        self.pos += if self.at(self.pos) == b'\r' { 2 } else { 1 };
        self.line += 1;
        self.line_start = self.pos;
        self.col_pos = self.pos;
        self.col_chars = 0;
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// Skips a comment at `pos` (which must follow a space or start the line) to its line
    /// break; `None` for a `#` glued to a token.
    fn skip_comment(&mut self) -> Option<()> {
        if self.pos > self.first_column() && self.at(self.pos - 1) != b' ' {
            return None;
        }
        while self.peek().is_some_and(|c| !is_break(c)) {
            self.pos += 1;
        }
        Some(())
    }

    /// Skips spaces, comments and line breaks to the next token (or the end).
    fn skip_to_token(&mut self) -> Option<()> {
        loop {
            self.skip_spaces();
            match self.peek() {
                Some(b'#') => self.skip_comment()?,
                Some(b'\n' | b'\r') => self.newline(),
                _ => return Some(()),
            }
        }
    }

    /// The rest of a line after a value: spaces and a comment, then the line break or the end;
    /// then on to the next token.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_spaces();
        if self.peek() == Some(b'#') {
            self.skip_comment()?;
        }
        match self.peek() {
            None | Some(b'\n' | b'\r') => self.skip_to_token(),
            _ => None,
        }
    }

    /// The column of the token at `pos`, which only spaces precede on its line.
    fn token_col(&self) -> usize {
        self.pos - self.first_column()
    }

    /// Whether `pos` is a block sequence entry: `-` then a space, a line break or the end.
    fn at_dash(&self) -> bool {
        self.peek() == Some(b'-') && matches!(self.at(self.pos + 1), 0 | b' ' | b'\n' | b'\r')
    }

    /// Whether a plain scalar may start at `pos` (no indicator; `-` only before text).
    fn plain_start(&self) -> bool {
        match self.peek() {
            None => false,
            Some(
                b'[' | b']' | b'{' | b'}' | b',' | b'*' | b'&' | b'!' | b'|' | b'>' | b'\'' | b'"'
                | b'%' | b'@' | b'`' | b'#' | b'?' | b':' | b' ' | b'\n' | b'\r',
            ) => false,
            Some(b'-') => {
                let n = self.at(self.pos + 1);
                !matches!(n, 0 | b' ' | b'\n' | b'\r') && !is_flow(n)
            }
            Some(_) => true,
        }
    }

    fn scalar(&mut self, start: usize, end: usize, text: Cow<'a, str>, quoted: bool) -> Node<'a> {
        let span = self.mark(start);
        Node {
            kind: NodeKind::Scalar { text, quoted },
            span: Span {
                len: (end - start) as u32,
                ..span
            },
        }
    }

    fn empty(at: Span) -> Node<'a> {
        Node {
            kind: NodeKind::Scalar {
                text: Cow::Borrowed(""),
                quoted: false,
            },
            span: at,
        }
    }

    fn document(&mut self) -> Option<Node<'a>> {
        if self.b.starts_with(BOM) {
            self.bom = true;
            self.pos = BOM.len();
            self.col_pos = self.pos;
        }
        self.skip_to_token()?;
        if self.b[self.pos..].starts_with(b"---") && self.token_col() == 0 {
            self.pos += 3;
            if !matches!(self.peek(), None | Some(b' ' | b'\n' | b'\r')) {
                return None;
            }
            self.end_of_line()?;
        }
        if self.pos >= self.b.len() || self.token_col() != 0 || self.at_dash() {
            return None;
        }
        let root = self.block_map(0, 0)?;
        (self.pos >= self.b.len()).then_some(root)
    }

    /// A block mapping whose first key is at `pos`, in column `ind`. Leaves `pos` at the next
    /// token after it (or the end), which is where saphyr ends it.
    fn block_map(&mut self, ind: usize, depth: usize) -> Option<Node<'a>> {
        if depth >= self.max_depth {
            return None;
        }
        let start = self.mark(self.pos);
        let base = self.entries.len();
        loop {
            let key = self.block_key()?;
            let colon = self.mark(self.pos - 1);
            let value = self.block_value(ind, colon, depth + 1)?;
            self.entries.push((key, value));
            if self.pos >= self.b.len() {
                break;
            }
            let col = self.token_col();
            if col < ind {
                break;
            }
            if col > ind || self.at_dash() {
                return None;
            }
        }
        let entries = self.entries.drain(base..).collect();
        Some(Node {
            kind: NodeKind::Map(entries),
            span: Span {
                len: self.pos as u32 - start.offset,
                ..start
            },
        })
    }

    /// A plain key and its `:` (followed by a space, a line break or the end); leaves `pos`
    /// after the `:`.
    fn block_key(&mut self) -> Option<Node<'a>> {
        let start = self.pos;
        if !self.plain_start()
            || self.b[start..].starts_with(b"---")
            || self.b[start..].starts_with(b"...")
        {
            return None;
        }
        let b = self.b;
        let mut i = start;
        loop {
            while i < b.len() && !BLOCK_STOP[b[i] as usize] {
                i += 1;
            }
            match *b.get(i)? {
                b':' if matches!(self.at(i + 1), 0 | b' ' | b'\n' | b'\r') => break,
                b'\n' | b'\r' => return None,
                b' ' if self.at(i + 1) == b'#' => return None,
                _ => i += 1,
            }
        }
        if self.at(i - 1) == b' ' || i - start > MAX_KEY_BYTES {
            return None;
        }
        let key = self.scalar(start, i, Cow::Borrowed(&self.src[start..i]), false);
        self.pos = i + 1;
        Some(key)
    }

    /// The value after a block key's `:` (at `pos`), the key being in column `ind`.
    fn block_value(&mut self, ind: usize, colon: Span, depth: usize) -> Option<Node<'a>> {
        self.skip_spaces();
        match self.peek() {
            None | Some(b'\n' | b'\r') => {}
            Some(b'#') => self.skip_comment()?,
            Some(b'|') => return self.literal(ind),
            Some(_) => return self.inline_value(ind, depth, false),
        }
        self.skip_to_token()?;
        if self.pos >= self.b.len() {
            return Some(Self::empty(colon));
        }
        let col = self.token_col();
        if col > ind {
            if self.at_dash() {
                self.block_seq(col, depth, false)
            } else {
                self.block_map(col, depth)
            }
        } else if col == ind && self.at_dash() {
            self.block_seq(ind, depth, true)
        } else {
            Some(Self::empty(colon))
        }
    }

    /// A value on the line of its key or its `- `: a flow collection, a quoted or plain scalar,
    /// or (in a sequence, `in_seq`) a mapping whose first key is on that line. `ind` is the
    /// column of the enclosing block collection.
    fn inline_value(&mut self, ind: usize, depth: usize, in_seq: bool) -> Option<Node<'a>> {
        let node = match self.peek()? {
            b'[' => self.flow_seq(depth)?,
            b'{' => self.flow_map(depth)?,
            b'"' => self.quoted(false, false)?,
            b'\'' => self.quoted(true, false)?,
            _ if !self.plain_start() => return None,
            _ => {
                let start = self.pos;
                let end = self.plain_block_end(start);
                if in_seq && self.at(end) == b':' {
                    // `- key: value`: a mapping in the column of its first key
                    let col = self.token_col();
                    return self.block_map(col, depth);
                }
                self.pos = end;
                self.scalar(start, end, Cow::Borrowed(&self.src[start..end]), false)
            }
        };
        self.end_of_line()?;
        // a more indented line would continue a plain scalar, or is out of place
        if self.pos < self.b.len() && self.token_col() > ind {
            return None;
        }
        Some(node)
    }

    /// The end of a one-line plain scalar in block context starting at `start`: before `: `,
    /// ` #`, trailing spaces or the line break.
    fn plain_block_end(&self, start: usize) -> usize {
        let b = self.b;
        let mut i = start;
        let mut end = start;
        loop {
            // a word: up to a space, a line break or `:` before a space or a line break
            let word = i;
            loop {
                while i < b.len() && !BLOCK_STOP[b[i] as usize] {
                    i += 1;
                }
                if i < b.len()
                    && b[i] == b':'
                    && !matches!(self.at(i + 1), 0 | b' ' | b'\n' | b'\r')
                {
                    i += 1;
                    continue;
                }
                break;
            }
            if i > word {
                end = i;
            }
            if i >= b.len() || b[i] != b' ' {
                return end;
            }
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
            if i >= b.len() || matches!(b[i], b'#' | b'\n' | b'\r') {
                return end;
            }
        }
    }

    /// A block sequence whose first `-` is at `pos`, in column `ind`; `indentless` when it is
    /// a mapping's value in the mapping's own column (saphyr starts such a sequence where its
    /// first entry's content does, not at the `-`).
    fn block_seq(&mut self, ind: usize, depth: usize, indentless: bool) -> Option<Node<'a>> {
        if depth >= self.max_depth {
            return None;
        }
        let mut start = self.mark(self.pos);
        let base = self.items.len();
        let mut first = true;
        loop {
            // at a `-` in column `ind`
            self.pos += 1;
            self.skip_spaces();
            if self.peek() == Some(b'#') {
                self.skip_comment()?;
            }
            let entry = self.mark(self.pos);
            if indentless && first {
                start = entry;
            }
            first = false;
            let item = match self.peek() {
                Some(c) if !is_break(c) => {
                    if c == b'|' || c == b'>' || self.at_dash() {
                        return None;
                    }
                    self.inline_value(ind, depth + 1, true)?
                }
                _ => {
                    self.skip_to_token()?;
                    if self.pos < self.b.len() && self.token_col() > ind {
                        if self.at_dash() {
                            let col = self.token_col();
                            self.block_seq(col, depth + 1, false)?
                        } else {
                            let col = self.token_col();
                            self.block_map(col, depth + 1)?
                        }
                    } else {
                        Self::empty(entry)
                    }
                }
            };
            self.items.push(item);
            if self.pos >= self.b.len() {
                break;
            }
            let col = self.token_col();
            if col == ind && self.at_dash() {
                continue;
            }
            if col > ind || (col == ind && !indentless) {
                return None;
            }
            break;
        }
        let items = self.items.drain(base..).collect();
        Some(Node {
            kind: NodeKind::Seq(items),
            span: Span {
                len: self.pos as u32 - start.offset,
                ..start
            },
        })
    }

    /// A flow collection's closing bracket at `pos`: steps over it and, as saphyr's token
    /// does, the spaces and comment after it. Returns the end of the token.
    fn close_flow(&mut self) -> Option<usize> {
        self.pos += 1;
        self.skip_spaces();
        if self.peek() == Some(b'#') {
            self.skip_comment()?;
        }
        Some(self.pos)
    }

    /// A one-line flow sequence at `pos` (`[`).
    fn flow_seq(&mut self, depth: usize) -> Option<Node<'a>> {
        if depth >= self.max_depth {
            return None;
        }
        let start = self.mark(self.pos);
        let base = self.items.len();
        self.pos += 1;
        self.skip_spaces();
        if self.peek() != Some(b']') {
            loop {
                let item = self.flow_item(depth + 1)?;
                self.items.push(item);
                self.skip_spaces();
                match self.peek()? {
                    b']' => break,
                    b',' => {
                        self.pos += 1;
                        self.skip_spaces();
                    }
                    _ => return None,
                }
            }
        }
        let end = self.close_flow()?;
        let items = self.items.drain(base..).collect();
        Some(Node {
            kind: NodeKind::Seq(items),
            span: Span {
                len: (end - start.offset as usize) as u32,
                ..start
            },
        })
    }

    /// A one-line flow mapping at `pos` (`{`) with plain keys, each followed by `: ` and a
    /// value.
    fn flow_map(&mut self, depth: usize) -> Option<Node<'a>> {
        if depth >= self.max_depth {
            return None;
        }
        let start = self.mark(self.pos);
        let base = self.entries.len();
        self.pos += 1;
        self.skip_spaces();
        if self.peek() != Some(b'}') {
            loop {
                let key_start = self.pos;
                if !self.plain_start() {
                    return None;
                }
                let (end, stop) = self.plain_flow_end(key_start)?;
                if stop != b':' {
                    return None;
                }
                let key = self.scalar(
                    key_start,
                    end,
                    Cow::Borrowed(&self.src[key_start..end]),
                    false,
                );
                self.pos = end + 1;
                if self.peek() != Some(b' ') {
                    return None;
                }
                self.skip_spaces();
                let value = self.flow_item(depth + 1)?;
                self.entries.push((key, value));
                self.skip_spaces();
                match self.peek()? {
                    b'}' => break,
                    b',' => {
                        self.pos += 1;
                        self.skip_spaces();
                    }
                    _ => return None,
                }
            }
        }
        let end = self.close_flow()?;
        let entries = self.entries.drain(base..).collect();
        Some(Node {
            kind: NodeKind::Map(entries),
            span: Span {
                len: (end - start.offset as usize) as u32,
                ..start
            },
        })
    }

    /// An item of a flow collection at `pos`; leaves `pos` after it.
    fn flow_item(&mut self, depth: usize) -> Option<Node<'a>> {
        match self.peek()? {
            b'[' => self.flow_seq(depth),
            b'{' => self.flow_map(depth),
            b'"' => self.quoted(false, true),
            b'\'' => self.quoted(true, true),
            _ if !self.plain_start() => None,
            _ => {
                let start = self.pos;
                let (end, stop) = self.plain_flow_end(start)?;
                if stop == b':' {
                    // an implicit mapping (`[a: b]`): left to saphyr
                    return None;
                }
                self.pos = end;
                Some(self.scalar(start, end, Cow::Borrowed(&self.src[start..end]), false))
            }
        }
    }

    /// The end of a plain scalar inside a flow collection and the byte that ends it: a flow
    /// indicator (`,[]{}`) after optional spaces, or `:` followed by a space (the end is then
    /// right before the `:`, or before spaces preceding it). `None` for a line break, a comment
    /// or anything saphyr reads otherwise.
    fn plain_flow_end(&self, start: usize) -> Option<(usize, u8)> {
        let b = self.b;
        let mut i = start;
        loop {
            // a word: up to a space, a line break, a flow indicator, or `:` before one of these
            loop {
                while i < b.len() && !FLOW_STOP[b[i] as usize] {
                    i += 1;
                }
                if i < b.len() && b[i] == b':' {
                    let n = self.at(i + 1);
                    if !(matches!(n, 0 | b' ' | b'\n' | b'\r') || is_flow(n)) {
                        i += 1;
                        continue;
                    }
                }
                break;
            }
            let end = i;
            match *b.get(i)? {
                c @ (b',' | b'[' | b']' | b'{' | b'}') => return Some((end, c)),
                b':' if self.at(i + 1) == b' ' => return Some((end, b':')),
                b' ' => {
                    while b.get(i) == Some(&b' ') {
                        i += 1;
                    }
                    let n = self.at(i);
                    if is_flow(n) {
                        return Some((end, n));
                    }
                    // a comment, a line break, `:` after a space, or a word `-` before a flow
                    // indicator (an error in saphyr)
                    if matches!(n, 0 | b'#' | b'\n' | b'\r' | b':')
                        || (n == b'-' && is_flow(self.at(i + 1)))
                    {
                        return None;
                    }
                }
                // a line break, or `:` before a line break or a flow indicator
                _ => return None,
            }
        }
    }

    /// A one-line quoted scalar at `pos`; its span runs on over the spaces and comment after
    /// it, as saphyr's token does. In block context only the line's end may follow; in a flow
    /// collection `,`, `]` or `}`.
    fn quoted(&mut self, single: bool, flow: bool) -> Option<Node<'a>> {
        let b = self.b;
        let start = self.pos;
        let quote = b[start];
        let mut owned: Option<String> = None;
        let mut seg = start + 1;
        let mut i = seg;
        loop {
            while i < b.len() && !QUOTED_STOP[b[i] as usize] {
                i += 1;
            }
            let c = *b.get(i)?;
            if is_break(c) {
                return None;
            }
            if c == quote {
                if single && self.at(i + 1) == b'\'' {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.src[seg..=i]);
                    i += 2;
                    seg = i;
                    continue;
                }
                break;
            }
            if c == b'\\' && !single {
                let (ch, len) = self.escape(i)?;
                let s = owned.get_or_insert_with(String::new);
                s.push_str(&self.src[seg..i]);
                s.push(ch);
                i += len;
                seg = i;
                continue;
            }
            i += 1;
        }
        let text = match owned {
            None => Cow::Borrowed(&self.src[start + 1..i]),
            Some(mut s) => {
                s.push_str(&self.src[seg..i]);
                Cow::Owned(s)
            }
        };
        self.pos = i + 1;
        self.skip_spaces();
        if self.peek() == Some(b'#') {
            if self.pos == i + 1 {
                return None;
            }
            self.skip_comment()?;
        }
        let end = self.pos;
        let ok = match self.peek() {
            None | Some(b'\n' | b'\r') => true,
            Some(b',' | b']' | b'}') => flow,
            Some(_) => false,
        };
        if !ok {
            return None;
        }
        Some(self.scalar(start, end, text, true))
    }

    /// The escape sequence at `i` (a `\` in a double-quoted scalar): its character and length.
    fn escape(&self, i: usize) -> Option<(char, usize)> {
        let ch = match self.at(i + 1) {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' => return self.hex(i + 2, 2),
            b'u' => return self.hex(i + 2, 4),
            b'U' => return self.hex(i + 2, 8),
            _ => return None,
        };
        Some((ch, 2))
    }

    fn hex(&self, from: usize, digits: usize) -> Option<(char, usize)> {
        let text = self.b.get(from..from + digits)?;
        let mut value = 0u32;
        for &d in text {
            value = (value << 4) + (d as char).to_digit(16)?;
        }
        Some((char::from_u32(value)?, digits + 2))
    }

    /// A literal block scalar (`|` or `|-`) at `pos`, the value of a key in column `ind`.
    /// Its span runs from its first content character to where saphyr stops reading it: the
    /// next line that is not content, after up to `indent` of its spaces.
    fn literal(&mut self, ind: usize) -> Option<Node<'a>> {
        let b = self.b;
        self.pos += 1;
        let strip = self.peek() == Some(b'-');
        if strip {
            self.pos += 1;
        }
        let header_end = self.pos;
        self.skip_spaces();
        match self.peek() {
            Some(b'#') if self.pos > header_end => self.skip_comment()?,
            Some(b'\n' | b'\r') => {}
            _ => return None,
        }
        // content must follow on the next lines
        self.peek()?;
        self.newline();
        self.skip_spaces();
        let indent = self.pos - self.line_start;
        if self.peek().is_none_or(is_break) || indent <= ind {
            return None;
        }
        let start = self.mark(self.pos);
        let mut text = String::new();
        let mut leading_break = false;
        let mut trailing_breaks = 0usize;
        // the content ended at the end of the source, not at a line break
        let mut at_content_end = false;
        loop {
            if leading_break {
                text.push('\n');
            }
            for _ in 0..trailing_breaks {
                text.push('\n');
            }
            leading_break = false;
            trailing_breaks = 0;
            let from = self.pos;
            while self.peek().is_some_and(|c| !is_break(c)) {
                self.pos += 1;
            }
            text.push_str(&self.src[from..self.pos]);
            if self.peek().is_none() {
                at_content_end = true;
                break;
            }
            self.newline();
            leading_break = true;
            // the next line's indentation, and empty lines
            loop {
                while self.pos - self.line_start < indent && self.peek() == Some(b' ') {
                    self.pos += 1;
                }
                if self.peek().is_some_and(is_break) {
                    trailing_breaks += 1;
                    self.newline();
                } else {
                    break;
                }
            }
            if self.pos - self.line_start != indent || self.peek().is_none() {
                break;
            }
        }
        let end = self.pos;
        if !strip {
            if leading_break {
                text.push('\n');
            }
            if self.pos >= b.len()
                && (at_content_end || self.pos - self.line_start >= indent.max(1))
            {
                text.push('\n');
            }
        }
        let node = Node {
            kind: NodeKind::Scalar {
                text: Cow::Owned(text),
                quoted: true,
            },
            span: Span {
                len: (end - start.offset as usize) as u32,
                ..start
            },
        };
        self.skip_to_token()?;
        if self.pos < b.len() && self.token_col() > ind {
            return None;
        }
        Some(node)
    }
}
