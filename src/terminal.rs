//! What reaches a terminal: outside text (row names, titles, sentences, file names, pack
//! text) is shown, never obeyed. Control characters and the invisible characters that reorder
//! or join text (bidi overrides, zero-width joiners: the "Trojan Source" pattern) are written
//! as visible escapes (`\u{1b}`, `\u{202e}`), so a report cannot retitle the window, clear the
//! screen or make a line read otherwise than it is.
//!
//! The escaping is done once, at the output boundary ([`Escaping`]), for every byte of human
//! output; machine formats (JSON, YAML) are data and are escaped by their own rules.

use std::io::{self, Write};

/// Whether `c` must not reach a terminal raw. Newline and tab are layout.
pub fn is_unsafe(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        c if c.is_control() => true, // C0, DEL, C1
        // bidi embeddings, overrides, isolates and marks
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => true,
        '\u{061c}' => true,
        // zero-width characters and the BOM: invisible, and they make two names look alike
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => true,
        _ => false,
    }
}

/// `s` with every unsafe character written as `\u{…}`; a `\r` that ends a line is dropped.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Quoted text (between backticks) longer than this many characters is shortened.
const MAX_QUOTED: usize = 80;

/// `message` with every `` `quoted` `` part longer than [`MAX_QUOTED`] characters shortened to
/// its start and end and its length: outside text of any size gives a message of a few lines.
pub fn clip_quoted(message: &str) -> std::borrow::Cow<'_, str> {
    let parts: Vec<&str> = message.split('`').collect();
    // odd-numbered parts are inside backticks (when they are closed)
    if parts.len() < 3
        || !parts
            .iter()
            .skip(1)
            .step_by(2)
            .any(|q| q.chars().count() > MAX_QUOTED)
    {
        return message.into();
    }
    let mut out = String::with_capacity(message.len().min(4096));
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        let n = part.chars().count();
        if i % 2 == 1 && i + 1 < parts.len() && n > MAX_QUOTED {
            let head: String = part.chars().take(40).collect();
            let tail: String = part.chars().skip(n - 12).collect();
            out.push_str(&head);
            out.push_str(&crate::lang::pick(
                format!("…（共 {n} 个字符）…"),
                format!("… ({n} characters) …"),
            ));
            out.push_str(&tail);
        } else {
            out.push_str(part);
        }
    }
    out.into()
}

/// The colour codes crossfoot's own diagnostics use (reset, bold, dim, italic, underline,
/// foreground colours): with colour on these pass; every other escape sequence, and every
/// sequence with another parameter (conceal, backgrounds, cursor moves), is escaped.
fn allowed_sgr(params: &str) -> bool {
    params.split(';').all(|p| {
        matches!(
            p.parse::<u8>(),
            Ok(0..=4 | 22..=24 | 39 | 30..=37 | 90..=97)
        ) || p.is_empty()
    })
}

/// A writer that escapes what it writes (see [`escape`]) and remembers the first error, so
/// that a failed write (a full disk, a closed pipe) is never lost behind `let _ = write!(…)`.
pub struct Escaping<'a> {
    inner: &'a mut dyn Write,
    /// escape unsafe characters (human output); off for data (JSON, YAML)
    escape: bool,
    /// let crossfoot's colour codes through
    keep_colour: bool,
    /// bytes of an incomplete UTF-8 character at the end of the last write
    pending: Vec<u8>,
    error: Option<io::Error>,
}

impl<'a> Escaping<'a> {
    pub fn new(inner: &'a mut dyn Write, escape: bool, keep_colour: bool) -> Self {
        Escaping {
            inner,
            escape,
            keep_colour,
            pending: Vec::new(),
            error: None,
        }
    }

    /// The first write error, if any.
    pub fn error(&self) -> Option<&io::Error> {
        self.error.as_ref()
    }

    /// Escapes `text` for the terminal; colour codes pass when colour is on.
    fn escape_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find('\x1b') {
            out.push_str(&escape(&rest[..at]));
            let seq = &rest[at..];
            // ESC [ params m
            let sgr = seq.strip_prefix("\x1b[").and_then(|s| {
                let end = s.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
                (s.as_bytes()[end] == b'm' && allowed_sgr(&s[..end])).then_some(end + 3)
            });
            match sgr {
                Some(len) if self.keep_colour => {
                    out.push_str(&seq[..len]);
                    rest = &seq[len..];
                }
                _ => {
                    out.push_str("\\u{1b}");
                    rest = &seq[1..];
                }
            }
        }
        out.push_str(&escape(rest));
        out
    }

    fn fail(&mut self, e: io::Error) -> io::Error {
        let kind = e.kind();
        let msg = e.to_string();
        if self.error.is_none() {
            self.error = Some(e);
        }
        io::Error::new(kind, msg)
    }
}

impl Write for Escaping<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.error.is_some() {
            // after a failure nothing more is written: the output is already incomplete
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "output failed before",
            ));
        }
        let result = if !self.escape {
            self.inner.write_all(buf)
        } else {
            self.pending.extend_from_slice(buf);
            let valid = match std::str::from_utf8(&self.pending) {
                Ok(_) => self.pending.len(),
                Err(e) if e.error_len().is_none() => e.valid_up_to(), // incomplete at the end
                Err(_) => self.pending.len(),
            };
            let text = String::from_utf8_lossy(&self.pending[..valid]).into_owned();
            self.pending.drain(..valid);
            let escaped = self.escape_text(&text);
            self.inner.write_all(escaped.as_bytes())
        };
        match result {
            Ok(()) => Ok(buf.len()),
            Err(e) => Err(self.fail(e)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = String::from_utf8_lossy(&self.pending).into_owned();
            self.pending.clear();
            let escaped = self.escape_text(&rest);
            if let Err(e) = self.inner.write_all(escaped.as_bytes()) {
                return Err(self.fail(e));
            }
        }
        match self.inner.flush() {
            Ok(()) => Ok(()),
            Err(e) => Err(self.fail(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(text: &str, colour: bool) -> String {
        let mut sink: Vec<u8> = Vec::new();
        {
            let mut w = Escaping::new(&mut sink, true, colour);
            // in two pieces, splitting a character, as a writer may be handed it
            let bytes = text.as_bytes();
            let cut = bytes.len() / 2;
            w.write_all(&bytes[..cut]).unwrap();
            w.write_all(&bytes[cut..]).unwrap();
            w.flush().unwrap();
        }
        String::from_utf8(sink).unwrap()
    }

    #[test]
    fn control_and_invisible_characters_are_shown_not_obeyed() {
        let hostile = "行名\x1b]0;pwned\x07\x1b[2J合计\u{202e}abc\u{200d}x\r\n下一行\t列";
        let shown = through(hostile, false);
        assert_eq!(
            shown,
            "行名\\u{1b}]0;pwned\\u{7}\\u{1b}[2J合计\\u{202e}abc\\u{200d}x\n下一行\t列"
        );
        assert!(!shown.chars().any(is_unsafe));
    }

    #[test]
    fn colour_codes_pass_only_with_colour_and_only_crossfoots_own() {
        let coloured = "\x1b[31;1m错误\x1b[0m \x1b[8m隐藏\x1b[0m \x1b[2J";
        assert_eq!(
            through(coloured, true),
            "\x1b[31;1m错误\x1b[0m \\u{1b}[8m隐藏\x1b[0m \\u{1b}[2J"
        );
        assert!(!through(coloured, false).contains('\x1b'));
    }

    #[test]
    fn long_quoted_text_is_shortened() {
        let long = "1".repeat(100_000);
        let m = format!("`{long}` 不是金额：它超过 64 个字符");
        let clipped = clip_quoted(&m);
        assert!(clipped.chars().count() < 120, "{clipped}");
        assert!(clipped.contains("100000"));
        assert!(clipped.ends_with("` 不是金额：它超过 64 个字符"));
        assert_eq!(clip_quoted("`t01` 未声明"), "`t01` 未声明");
    }

    #[test]
    fn the_first_write_error_is_kept() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "no space"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut full = Full;
        let mut w = Escaping::new(&mut full, false, false);
        assert!(writeln!(w, "x").is_err());
        assert!(writeln!(w, "y").is_err());
        assert_eq!(w.error().unwrap().kind(), io::ErrorKind::StorageFull);
    }
}
