//! Rendering diagnostics as plain text: the edge where errors, which are data everywhere else,
//! become strings.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

/// Renders `diag` the way snapshots and plain-text output need it: ASCII art, no colour, no
/// hyperlinks, lines wrapped at `width` columns. The result does not depend on the terminal or
/// on environment variables.
pub fn render_plain(diag: &dyn Diagnostic, width: usize) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::none())
        .with_width(width)
        .with_links(false)
        .with_urls(false);
    let mut out = String::new();
    // Writing into a String cannot fail; a failing Display impl in a diagnostic would leave a
    // partial rendering, which is still the best we can show.
    let _ = handler.render_report(&mut out, diag);
    out
}
