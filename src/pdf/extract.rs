//! Reading one page with hayro-interpret: the characters it draws (with their boxes) and the
//! straight horizontal and vertical strokes and thin rectangles it draws (the rulings of tables).
//! Coordinates are PDF points with the origin at the top left of the page, y growing down.

use hayro_interpret::font::{Glyph, GlyphRun};
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::page::Page;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
    InterpreterCache, InterpreterSettings, SoftMask, TransformExt, interpret_page,
};

/// A character drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Char {
    /// the text (usually one character; ligatures give more); empty when the font has no
    /// Unicode map for the glyph
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub top: f64,
    pub bottom: f64,
    /// the glyph's code in its font, named when the text cannot be read
    pub code: u32,
}

impl Char {
    pub fn size(&self) -> f64 {
        self.bottom - self.top
    }
}

/// A horizontal or vertical ruling: a straight segment (x0 == x1 for a vertical one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub x0: f64,
    pub x1: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Edge {
    pub fn is_horizontal(&self) -> bool {
        self.top == self.bottom
    }
}

/// What a page draws.
#[derive(Debug, Default)]
pub struct PageContent {
    pub chars: Vec<Char>,
    pub edges: Vec<Edge>,
    /// images drawn (a page of images and no characters is a scan)
    pub images: usize,
    pub width: f64,
    pub height: f64,
}

/// Limits a page's work: content streams may draw millions of glyphs or paths.
pub(crate) const MAX_ITEMS_PER_PAGE: usize = 200_000;

/// Runs the page's content through the interpreter into a [`PageContent`].
pub fn read_page<'a>(
    page: &Page<'a>,
    cache: &InterpreterCache<'a>,
    settings: &InterpreterSettings,
) -> PageContent {
    let (w, h) = page.render_dimensions();
    let mut collector = Collector {
        content: PageContent {
            width: f64::from(w),
            height: f64::from(h),
            ..PageContent::default()
        },
        dropped: 0,
    };
    let mut context = Context::new(
        page.initial_transform(true).to_kurbo(),
        Rect::new(0.0, 0.0, f64::from(w), f64::from(h)),
        cache,
        page.xref(),
        settings.clone(),
    );
    interpret_page(page, &mut context, &mut collector);
    collector.content
}

struct Collector {
    content: PageContent,
    dropped: usize,
}

impl Collector {
    fn full(&mut self) -> bool {
        let n = self.content.chars.len() + self.content.edges.len();
        if n >= MAX_ITEMS_PER_PAGE {
            self.dropped += 1;
            true
        } else {
            false
        }
    }

    fn edge(&mut self, a: Point, b: Point) {
        const FLAT: f64 = 0.01;
        if !(a.x.is_finite() && a.y.is_finite() && b.x.is_finite() && b.y.is_finite()) {
            return;
        }
        if (a.y - b.y).abs() < FLAT {
            let y = (a.y + b.y) / 2.0;
            self.content.edges.push(Edge {
                x0: a.x.min(b.x),
                x1: a.x.max(b.x),
                top: y,
                bottom: y,
            });
        } else if (a.x - b.x).abs() < FLAT {
            let x = (a.x + b.x) / 2.0;
            self.content.edges.push(Edge {
                x0: x,
                x1: x,
                top: a.y.min(b.y),
                bottom: a.y.max(b.y),
            });
        }
    }
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, _mode: &DrawMode) {
        // Every straight axis-parallel segment counts, stroked or filled: Word draws table
        // borders as thin filled rectangles, other producers as stroked lines (as pdfplumber,
        // which turns a rectangle into its four sides).
        let t: Affine = props.transform;
        let mut start = Point::ZERO;
        let mut last = Point::ZERO;
        for el in path.elements() {
            if self.full() {
                return;
            }
            match *el {
                PathEl::MoveTo(p) => {
                    start = t * p;
                    last = start;
                }
                PathEl::LineTo(p) => {
                    let p = t * p;
                    self.edge(last, p);
                    last = p;
                }
                PathEl::ClosePath => {
                    self.edge(last, start);
                    last = start;
                }
                PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => last = t * p,
            }
        }
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        for g in run.glyphs() {
            if self.full() {
                return;
            }
            let t = props.transform * g.transform();
            let advance = match &**g {
                Glyph::Outline(o) => o.advance_width(),
                Glyph::Type3(t3) => t3.advance_width(),
            }
            .map_or(1000.0, f64::from);
            let advance = if advance > 0.0 { advance } else { 500.0 };
            // glyph space is 1000 units per em; the box runs from the descender (-0.2 em) to the
            // ascender (0.8 em) of a nominal font
            let corners = [
                t * Point::new(0.0, -200.0),
                t * Point::new(advance, -200.0),
                t * Point::new(0.0, 800.0),
                t * Point::new(advance, 800.0),
            ];
            let x0 = corners.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
            let x1 = corners
                .iter()
                .map(|p| p.x)
                .fold(f64::NEG_INFINITY, f64::max);
            let top = corners.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
            let bottom = corners
                .iter()
                .map(|p| p.y)
                .fold(f64::NEG_INFINITY, f64::max);
            if !(x0.is_finite() && x1.is_finite() && top.is_finite() && bottom.is_finite()) {
                continue;
            }
            let text = match g.as_unicode() {
                Some(BfString::Char(c)) => c.to_string(),
                Some(BfString::String(s)) => s,
                None => String::new(),
            };
            self.content.chars.push(Char {
                text,
                x0,
                x1,
                top,
                bottom,
                code: g.char_code(),
            });
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.content.images += 1;
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}
