//! Reading a published report's PDF in pure Rust: the characters and rulings of each page
//! ([`extract`], with hayro-interpret), ruled tables rebuilt from the rulings ([`table`]) and
//! the page written as the text the importer reads ([`layout`]): text lines, table rows as
//! TAB-separated cells, a `[第N页]` marker before each page — the same text pdfplumber gives,
//! so [`crate::import`] reads both the same way.
//!
//! Hostile files are bounded before and while they are read (see [`Limits`] and
//! docs/limits.md); the third-party parser runs under `catch_unwind` as a last line of
//! defence, so a panic in it becomes an error for that page, never a crash.

pub mod extract;
pub mod layout;
pub mod table;

use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::hayro_syntax::object::Stream;
use hayro_interpret::hayro_syntax::{Filter, LoadPdfError};
use hayro_interpret::{InterpreterCache, InterpreterSettings, InterpreterWarning};
use std::io::Read;

/// Bounds on the work one PDF may cause.
#[derive(Debug, Clone)]
pub struct Limits {
    /// the file itself
    pub max_bytes: usize,
    /// pages read
    pub max_pages: usize,
    /// objects in the file's cross-reference table
    pub max_objects: usize,
    /// one compressed stream, decompressed
    pub max_stream_bytes: usize,
    /// all compressed streams together, decompressed
    pub max_total_stream_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_pages: 1000,
            max_objects: 500_000,
            max_stream_bytes: 64 << 20,
            max_total_stream_bytes: 512 << 20,
        }
    }
}

/// Why nothing usable came out of a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    TooLarge { bytes: usize, limit: usize },
    NotPdf,
    Encrypted,
    Invalid,
    TooManyPages { pages: usize, limit: usize },
    TooManyObjects { objects: usize, limit: usize },
    Bomb { object: String, detail: String },
    NoPages,
    NoTextLayer { pages: usize, images: usize },
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::lang::pick;
        let s = match self {
            PdfError::TooLarge { bytes, limit } => pick(
                format!(
                    "文件有 {bytes} 字节，超过 PDF 上限 {limit} 字节；请拆分文件或确认文件无误"
                ),
                format!(
                    "the file has {bytes} bytes, over the PDF limit of {limit}; split it or check it is the right file"
                ),
            ),
            PdfError::NotPdf => pick(
                "不是 PDF 文件（开头没有 %PDF-）；请确认文件完整且确是 PDF".into(),
                "not a PDF (it does not start with %PDF-); check the file is complete and a PDF"
                    .into(),
            ),
            PdfError::Encrypted => pick(
                "PDF 已加密，无法读取；请提供未加密的版本".into(),
                "the PDF is encrypted and cannot be read; provide an unencrypted copy".into(),
            ),
            PdfError::Invalid => pick(
                "PDF 结构损坏，无法读取（文件可能被截断）；请重新下载原文件".into(),
                "the PDF's structure is broken (the file may be truncated); download it again"
                    .into(),
            ),
            PdfError::TooManyPages { pages, limit } => pick(
                format!("PDF 有 {pages} 页，超过上限 {limit} 页；请只导入决算公开的那份文件"),
                format!(
                    "the PDF has {pages} pages, over the limit of {limit}; import the final-accounts report alone"
                ),
            ),
            PdfError::TooManyObjects { objects, limit } => pick(
                format!("PDF 有 {objects} 个对象，超过上限 {limit} 个；文件异常，未读取"),
                format!("the PDF has {objects} objects, over the limit of {limit}; not read"),
            ),
            PdfError::Bomb { object, detail } => pick(
                format!(
                    "PDF 的压缩数据解压后超过上限（对象 {object}：{detail}）；疑为解压炸弹，未读取"
                ),
                format!(
                    "the PDF's compressed data expands beyond the limit (object {object}: {detail}); a decompression bomb, not read"
                ),
            ),
            PdfError::NoPages => pick("PDF 没有页面".into(), "the PDF has no pages".into()),
            PdfError::NoTextLayer { pages, images } => pick(
                format!(
                    "PDF 的 {pages} 页都没有文字层（可能是扫描件，共 {images} 张图片）；需要先做文字识别（OCR）再导入"
                ),
                format!(
                    "none of the PDF's {pages} pages has a text layer (a scan? {images} images); it needs OCR before it can be imported"
                ),
            ),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for PdfError {}

/// Something about one page that the reader could not do fully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageNote {
    /// 1-based page
    pub page: usize,
    pub message: String,
}

/// A PDF read as text.
#[derive(Debug, Clone)]
pub struct PdfText {
    /// the text, as the text importer reads it
    pub text: String,
    pub pages: usize,
    /// pages with unreadable characters, no text layer, too much content, or a parser failure
    pub notes: Vec<PageNote>,
}

/// Reads `bytes` as a PDF and writes its text (see the module documentation).
pub fn pdf_to_text(bytes: &[u8], limits: &Limits) -> Result<PdfText, PdfError> {
    if bytes.len() > limits.max_bytes {
        return Err(PdfError::TooLarge {
            bytes: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let data = bytes.to_vec();
    let pdf = match std::panic::catch_unwind(|| Pdf::new(data)) {
        Ok(Ok(pdf)) => pdf,
        Ok(Err(LoadPdfError::Decryption(_))) => return Err(PdfError::Encrypted),
        Ok(Err(LoadPdfError::Invalid)) | Err(_) => return Err(PdfError::Invalid),
    };
    if pdf.len() > limits.max_objects {
        return Err(PdfError::TooManyObjects {
            objects: pdf.len(),
            limit: limits.max_objects,
        });
    }
    check_streams(&pdf, limits)?;
    let pages = pdf.pages();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    if pages.len() > limits.max_pages {
        return Err(PdfError::TooManyPages {
            pages: pages.len(),
            limit: limits.max_pages,
        });
    }
    // fonts the interpreter cannot load are replaced by Helvetica, whose reading of the codes
    // is a guess: count them per page and say so
    let bad_fonts = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let settings = InterpreterSettings {
        warning_sink: {
            let bad_fonts = bad_fonts.clone();
            std::sync::Arc::new(move |w| {
                if matches!(w, InterpreterWarning::UnsupportedFont) {
                    bad_fonts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            })
        },
        ..InterpreterSettings::default()
    };
    let cache = InterpreterCache::new();
    let mut text = String::new();
    let mut notes = Vec::new();
    let mut chars_total = 0;
    let mut images_total = 0;
    for (k, page) in pages.iter().enumerate() {
        let no = k + 1;
        text.push_str(&format!("[第{no}页]\n"));
        let fonts_before = bad_fonts.load(std::sync::atomic::Ordering::Relaxed);
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            extract::read_page(page, &cache, &settings)
        }));
        let unloaded = bad_fonts.load(std::sync::atomic::Ordering::Relaxed) - fonts_before;
        if unloaded > 0 {
            notes.push(PageNote {
                page: no,
                message: crate::lang::pick(
                    format!(
                        "本页有 {unloaded} 处字体无法加载，这些文字按替代字体读出，可能不对；请对照 PDF 核对本页"
                    ),
                    format!(
                        "{unloaded} font(s) on this page could not be loaded; their text was read with a substitute and may be wrong: compare with the PDF"
                    ),
                ),
            });
        }
        let Ok(mut content) = read else {
            notes.push(PageNote {
                page: no,
                message: crate::lang::pick(
                    "PDF 解析器在这一页出错，本页未读",
                    "the PDF parser failed on this page; the page was not read",
                )
                .to_string(),
            });
            text.push('\n');
            continue;
        };
        chars_total += content.chars.len();
        images_total += content.images;
        if content.chars.len() + content.edges.len() >= extract::MAX_ITEMS_PER_PAGE {
            notes.push(PageNote {
                page: no,
                message: crate::lang::pick(
                    format!(
                        "本页绘制的字符和线条超过上限 {}，其余部分未读",
                        extract::MAX_ITEMS_PER_PAGE
                    ),
                    format!(
                        "the page draws more than {} characters and lines; the rest was not read",
                        extract::MAX_ITEMS_PER_PAGE
                    ),
                ),
            });
        }
        if content.chars.is_empty() && content.images > 0 {
            notes.push(PageNote {
                page: no,
                message: crate::lang::pick(
                    "本页没有文字层（可能是扫描页），未读；需要文字识别（OCR）",
                    "the page has no text layer (a scan?); not read: it needs OCR",
                )
                .to_string(),
            });
        }
        let unreadable: Vec<u32> = content
            .chars
            .iter()
            .filter(|c| c.text.is_empty())
            .map(|c| c.code)
            .collect();
        if !unreadable.is_empty() {
            let mut codes = unreadable.clone();
            codes.sort_unstable();
            codes.dedup();
            let shown: Vec<String> = codes.iter().take(20).map(|c| format!("{c:#06x}")).collect();
            notes.push(PageNote {
                page: no,
                message: {
                    let n = unreadable.len();
                    let more = codes.len() > 20;
                    crate::lang::pick(
                        format!(
                            "本页有 {n} 个字符的字体没有 Unicode 映射，无法读出（字符码 {}{}），在文本中以 � 标出，未作猜测",
                            shown.join("、"),
                            if more { " 等" } else { "" }
                        ),
                        format!(
                            "{n} character(s) on this page have no Unicode mapping and cannot be read (codes {}{}); marked � in the text, not guessed",
                            shown.join(", "),
                            if more { " …" } else { "" }
                        ),
                    )
                },
            });
        }
        layout::dedupe(&mut content.chars);
        let tables = match table::find_tables(&content.edges, &table::Tolerances::default()) {
            Some(t) => t,
            None => {
                notes.push(PageNote {
                    page: no,
                    message: crate::lang::pick(
                        format!(
                            "本页的表格线超过 {} 条，表格未重建，只读出文字",
                            table::MAX_RULINGS
                        ),
                        format!(
                            "the page has more than {} ruling lines; no table rebuilt, only the text read",
                            table::MAX_RULINGS
                        ),
                    ),
                });
                Vec::new()
            }
        };
        for line in layout::page_lines(&content.chars, &tables) {
            text.push_str(&line);
            text.push('\n');
        }
        text.push('\n');
    }
    if chars_total == 0 {
        return Err(PdfError::NoTextLayer {
            pages: pages.len(),
            images: images_total,
        });
    }
    Ok(PdfText {
        text,
        pages: pages.len(),
        notes,
    })
}

/// Decompresses every Flate stream with a cap before the interpreter does so without one:
/// a few hundred bytes of deflate can claim gigabytes.
fn check_streams(pdf: &Pdf, limits: &Limits) -> Result<(), PdfError> {
    let mut total = 0usize;
    for obj in pdf.objects() {
        let Some(stream) = obj.into_stream() else {
            continue;
        };
        // images are never decoded here (a page's images are only counted), so their size
        // does not matter: only the streams the interpreter inflates (content, forms, fonts,
        // cmaps) are measured
        if !is_flate(&stream) || is_image(&stream) {
            continue;
        }
        let raw = stream.raw_data();
        let cap = limits.max_stream_bytes as u64 + 1;
        let mut dec = flate2::read::ZlibDecoder::new(&raw[..]).take(cap);
        let n = std::io::copy(&mut dec, &mut std::io::sink()).unwrap_or(0) as usize;
        let id = stream.obj_id();
        let object = format!("{} {}", id.obj_number, id.gen_number);
        if n > limits.max_stream_bytes {
            return Err(PdfError::Bomb {
                object,
                detail: crate::lang::pick(
                    format!("单个流超过 {} 字节", limits.max_stream_bytes),
                    format!("one stream over {} bytes", limits.max_stream_bytes),
                ),
            });
        }
        total += n;
        if total > limits.max_total_stream_bytes {
            return Err(PdfError::Bomb {
                object,
                detail: crate::lang::pick(
                    format!("累计超过 {} 字节", limits.max_total_stream_bytes),
                    format!("over {} bytes in all", limits.max_total_stream_bytes),
                ),
            });
        }
    }
    Ok(())
}

fn is_image(stream: &Stream<'_>) -> bool {
    stream
        .dict()
        .get::<hayro_interpret::hayro_syntax::object::Name<'_>>(b"Subtype".as_slice())
        .is_some_and(|n| n.as_ref() == b"Image")
}

fn is_flate(stream: &Stream<'_>) -> bool {
    stream
        .filters()
        .first()
        .is_some_and(|f| matches!(f, Filter::FlateDecode))
}
