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
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    text: Arc<str>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: Arc<str>) -> Self {
        SourceFile {
            name: name.into(),
            text,
        }
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
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette counts the column in bytes; recount it in characters when it is meaningful
        // (it is only computed without leading context lines).
        let column = if context_lines_before == 0 {
            char_column(&self.text, span.offset()).unwrap_or(inner.column())
        } else {
            inner.column()
        };
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
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
