//! Rendering diagnostics as plain text: the edge where errors, which are data everywhere else,
//! become strings.

use std::sync::Arc;

use miette::{Diagnostic, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Renders `diag` the way snapshots and plain-text output need it: no colour, no hyperlinks,
/// lines wrapped at `width` columns; the same renderer as the CLI's ([`crate::render`]), so
/// over-long source lines are handled the same way.
pub fn render_plain(diag: &dyn Diagnostic, width: usize) -> String {
    crate::render::render_diagnostic(
        diag,
        crate::render::Style {
            color: false,
            width,
        },
    )
}

/// A named source file for diagnostics, shared between the diagnostics of one file.
///
/// Unlike [`miette::NamedSource`], the `file:line:column` it reports counts the column in
/// characters, not bytes, so a location in a CJK line matches what editors show.
///
/// Clones share the text and its index of line starts (built on first use), so that the
/// diagnostics of one file locate their spans by binary search instead of counting lines
/// from the start of the file for every label (which made many findings quadratic).
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    text: Arc<str>,
    lines: Arc<std::sync::OnceLock<Vec<usize>>>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: Arc<str>) -> Self {
        SourceFile {
            name: name.into(),
            text,
            lines: Arc::default(),
        }
    }

    /// Byte offsets where lines start (the first is 0).
    fn line_starts(&self) -> &[usize] {
        self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    self.text
                        .bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect()
        })
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette's reader counts lines from byte 0; give it only the lines around the span
        // (found by binary search, with a margin) and shift what it returns back.
        let starts = self.line_starts();
        let first = starts
            .partition_point(|&s| s <= span.offset())
            .saturating_sub(1);
        let end = span.offset() + span.len();
        let last = starts.partition_point(|&s| s <= end).saturating_sub(1);
        let from_line = first.saturating_sub(context_lines_before + 1);
        let to_line = (last + context_lines_after + 2).min(starts.len());
        let win_start = starts[from_line];
        let win_end = starts.get(to_line).copied().unwrap_or(self.text.len());
        let window = self.text.get(win_start..win_end).unwrap_or(&self.text);
        let (window, win_start, from_line) = if window.len() == self.text.len() {
            (&*self.text, 0, 0)
        } else {
            (window, win_start, from_line)
        };
        let local = SourceSpan::new((span.offset() - win_start).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        // miette counts the column in bytes; recount it in characters when it is meaningful
        // (it is only computed without leading context lines).
        let column = if context_lines_before == 0 {
            char_column(&self.text, span.offset()).unwrap_or(inner.column())
        } else {
            inner.column()
        };
        let data_span = SourceSpan::new(
            (inner.span().offset() + win_start).into(),
            inner.span().len(),
        );
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            data_span,
            inner.line() + from_line,
            column,
            inner.line_count() + from_line,
        )
        .with_language("yaml");
        Ok(Box::new(contents))
    }
}

/// The 0-based column, in characters, of byte `offset` in `text`.
fn char_column(text: &str, offset: usize) -> Option<usize> {
    let before = text.get(..offset)?;
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    before.get(line_start..).map(|l| l.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The windowed reader returns what miette's own reader returns on the whole text.
    #[test]
    fn a_window_reads_like_the_whole_text() {
        let text = "a: 1\nbb: 22\n\nccc: 333\nd\ne: 5\nf: 6\ng";
        let f = SourceFile::new("x", text.into());
        for off in 0..text.len() {
            for len in [0, 1, 3, 12] {
                if off + len > text.len() {
                    continue;
                }
                for ctx in 0..3 {
                    let span = SourceSpan::new(off.into(), len);
                    let a = text.read_span(&span, ctx, ctx).unwrap();
                    let b = f.read_span(&span, ctx, ctx).unwrap();
                    assert_eq!(
                        (a.data(), a.span(), a.line(), a.line_count()),
                        (b.data(), b.span(), b.line(), b.line_count()),
                        "offset {off} len {len} context {ctx}"
                    );
                }
            }
        }
    }
}
