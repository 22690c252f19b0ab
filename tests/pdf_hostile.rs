//! Hostile and broken PDFs, generated here byte by byte: each gives a clear error (exit 2 on
//! the command line) or a located warning, within bounded work, and never a panic.

use crossfoot::pdf::{Limits, PdfError, pdf_to_text};
use std::io::Write;
use std::process::Command;

/// A PDF from object bodies (object k+1 is `objects[k]`; object 1 is the catalog), with a
/// correct cross-reference table. `extra_trailer` goes into the trailer dictionary.
fn pdf(objects: &[Vec<u8>], extra_trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (k, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", k + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {extra_trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

fn b(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// One page drawing `content` with Helvetica as /F1 (objects 1–5).
fn one_page(content: &[u8], font: &str) -> Vec<Vec<u8>> {
    vec![
        b("<< /Type /Catalog /Pages 2 0 R >>"),
        b("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        b(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        ),
        stream("", content),
        b(font),
    ]
}

const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

#[test]
fn a_plain_page_reads() {
    let bytes = pdf(
        &one_page(b"BT /F1 12 Tf 72 700 Td (Hello 2024) Tj ET", HELVETICA),
        "",
    );
    let t = pdf_to_text(&bytes, &Limits::default()).expect("reads");
    assert_eq!(t.text, "[第1页]\nHello 2024\n\n");
    assert!(t.notes.is_empty());
}

#[test]
fn not_a_pdf_and_too_large_are_refused_before_parsing() {
    assert_eq!(
        pdf_to_text(b"hello", &Limits::default()).unwrap_err(),
        PdfError::NotPdf
    );
    let limits = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let bytes = pdf(&one_page(b"", HELVETICA), "");
    assert!(matches!(
        pdf_to_text(&bytes, &limits),
        Err(PdfError::TooLarge { limit: 100, .. })
    ));
}

#[test]
fn an_encrypted_pdf_is_an_error_that_says_so() {
    let mut objs = one_page(b"BT /F1 12 Tf 72 700 Td (secret) Tj ET", HELVETICA);
    // a standard security handler whose user password is not empty: the owner and user
    // hashes are arbitrary, so the empty password does not open it
    objs.push(b(&format!(
        "<< /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P -4 >>",
        "11".repeat(32),
        "22".repeat(32)
    )));
    let bytes = pdf(
        &objs,
        "/Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]",
    );
    let e = pdf_to_text(&bytes, &Limits::default()).unwrap_err();
    assert_eq!(e, PdfError::Encrypted);
    assert!(e.to_string().contains("加密"));
}

#[test]
fn a_scan_without_a_text_layer_asks_for_ocr() {
    let objs = vec![
        b("<< /Type /Catalog /Pages 2 0 R >>"),
        b("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        b(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
        ),
        stream("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        stream(
            "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
            &[0, 255, 255, 0],
        ),
    ];
    let e = pdf_to_text(&pdf(&objs, ""), &Limits::default()).unwrap_err();
    assert_eq!(
        e,
        PdfError::NoTextLayer {
            pages: 1,
            images: 1
        }
    );
    let msg = e.to_string();
    assert!(msg.contains("没有文字层") && msg.contains("OCR"), "{msg}");
}

#[test]
fn a_truncated_pdf_is_an_error_or_what_survives_never_a_panic() {
    let full = std::fs::read("fixtures/pdf/template-shanghai-2024.pdf").expect("fixture");
    let whole = pdf_to_text(&full, &Limits::default()).expect("the whole file reads");
    for cut in [10, 1000, full.len() / 3, full.len() / 2, full.len() - 200] {
        match pdf_to_text(&full[..cut], &Limits::default()) {
            Err(e) => assert!(
                matches!(
                    e,
                    PdfError::Invalid
                        | PdfError::NotPdf
                        | PdfError::NoPages
                        | PdfError::NoTextLayer { .. }
                ),
                "cut at {cut}: {e:?}"
            ),
            // the reader rebuilds what it can from a damaged file; never more than the whole
            Ok(t) => assert!(t.pages <= whole.pages, "cut at {cut}"),
        }
    }
    // a file cut right after its header is nothing usable
    assert_eq!(
        pdf_to_text(&full[..10], &Limits::default()).unwrap_err(),
        PdfError::Invalid
    );
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_inflated() {
    // 8 MiB of zeros deflate to a few KiB; the cap here is 1 MiB (64 MiB by default)
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![0u8; 8 << 20]).expect("deflate");
    let packed = enc.finish().expect("deflate");
    assert!(packed.len() < 64 << 10);
    let mut objs = one_page(b"", HELVETICA);
    objs[3] = stream("/Filter /FlateDecode", &packed);
    let limits = Limits {
        max_stream_bytes: 1 << 20,
        ..Limits::default()
    };
    let e = pdf_to_text(&pdf(&objs, ""), &limits).unwrap_err();
    assert!(matches!(e, PdfError::Bomb { .. }), "{e:?}");
    assert!(e.to_string().contains("解压"), "{e}");
    // an image is never decoded (pages' images are only counted), so a compressed image is
    // not inflated either: the page is a scan without text, not a bomb
    let image_objs = vec![
        b("<< /Type /Catalog /Pages 2 0 R >>"),
        b("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        b(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
        ),
        stream("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        stream(
            "/Type /XObject /Subtype /Image /Width 4096 /Height 2048 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
            &packed,
        ),
    ];
    let limits_1m = Limits {
        max_stream_bytes: 1 << 20,
        ..Limits::default()
    };
    assert!(matches!(
        pdf_to_text(&pdf(&image_objs, ""), &limits_1m),
        Err(PdfError::NoTextLayer { images: 1, .. })
    ));
    // the total over all streams is bounded too
    let limits = Limits {
        max_total_stream_bytes: 4 << 20,
        ..Limits::default()
    };
    assert!(matches!(
        pdf_to_text(&pdf(&objs, ""), &limits),
        Err(PdfError::Bomb { .. })
    ));
}

#[test]
fn deeply_nested_objects_do_not_overflow_the_stack() {
    // hayro stops at its own nesting limit; deeper input only costs parsing time
    let depth = 20_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let mut objs = one_page(b"BT /F1 12 Tf 72 700 Td (ok) Tj ET", HELVETICA);
    objs[2] = b(&format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Junk {nested} >>"
    ));
    objs.push(b(&nested));
    let deep_dicts = format!("{}{}", "<< /A ".repeat(depth), ">>".repeat(depth));
    objs.push(b(&deep_dicts));
    // whatever the parser makes of it, an answer and no crash
    let _ = pdf_to_text(&pdf(&objs, ""), &Limits::default());
    let content = format!(
        "{}BT /F1 12 Tf 72 700 Td (ok) Tj ET{}",
        "q ".repeat(depth),
        " Q".repeat(depth)
    );
    let objs = one_page(content.as_bytes(), HELVETICA);
    let t = pdf_to_text(&pdf(&objs, ""), &Limits::default()).expect("reads");
    assert!(t.text.contains("ok"));
}

fn many_pages(n: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..n).map(|k| format!("{} 0 R", k + 5)).collect();
    let mut objs = vec![
        b("<< /Type /Catalog /Pages 2 0 R >>"),
        b(&format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            kids.join(" ")
        )),
        stream("", b"BT /F1 12 Tf 72 700 Td (page) Tj ET"),
        b(HELVETICA),
    ];
    for _ in 0..n {
        objs.push(b("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"));
    }
    pdf(&objs, "")
}

#[test]
fn thousands_of_pages_are_refused_by_count() {
    let e = pdf_to_text(&many_pages(3000), &Limits::default()).unwrap_err();
    assert_eq!(
        e,
        PdfError::TooManyPages {
            pages: 3000,
            limit: 1000
        }
    );
    assert!(e.to_string().contains("3000 页"));
    let t = pdf_to_text(&many_pages(30), &Limits::default()).expect("30 pages read");
    assert_eq!(t.pages, 30);
    assert!(t.text.contains("[第30页]\npage\n"));
}

#[test]
fn a_font_without_a_unicode_map_is_named_by_page_and_codes_not_guessed() {
    // glyph names outside the Adobe Glyph List and no ToUnicode: codes 0x41 and 0x42 cannot
    // be read; the Helvetica text next to them can
    let objs = vec![
        b("<< /Type /Catalog /Pages 2 0 R >>"),
        b("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        b(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        ),
        stream(
            "",
            b"BT /F1 12 Tf 72 700 Td (total) Tj /F2 12 Tf 60 0 Td (AB) Tj ET",
        ),
        b(HELVETICA),
        b(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [65 /xq1 /xq2] >> >>",
        ),
    ];
    let t = pdf_to_text(&pdf(&objs, ""), &Limits::default()).expect("reads");
    assert!(t.text.contains("total \u{fffd}\u{fffd}"), "{}", t.text);
    assert_eq!(t.notes.len(), 1, "{:?}", t.notes);
    assert_eq!(t.notes[0].page, 1);
    let m = &t.notes[0].message;
    assert!(
        m.contains("2 个字符") && m.contains("0x0041") && m.contains("0x0042"),
        "{m}"
    );
    assert!(m.contains("未作猜测"), "{m}");
}

#[test]
fn garbage_after_the_header_never_panics() {
    // a few deterministic corruptions of a real report: every byte of a window flipped
    let full = std::fs::read("fixtures/pdf/template-shanghai-2024.pdf").expect("fixture");
    for (k, start) in [100usize, 5_000, 50_000, 150_000, 300_000]
        .into_iter()
        .enumerate()
    {
        let mut bytes = full.clone();
        for x in bytes.iter_mut().skip(start).take(2_000) {
            *x = x.wrapping_mul(31).wrapping_add(k as u8);
        }
        let _ = pdf_to_text(&bytes, &Limits::default());
    }
}

fn crossfoot(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_crossfoot"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("run crossfoot")
}

fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("crossfoot-pdf-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

#[test]
fn the_command_line_exits_2_with_the_file_named_when_nothing_usable_came_out() {
    let scan = {
        let objs = vec![
            b("<< /Type /Catalog /Pages 2 0 R >>"),
            b("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            b(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
            ),
            stream("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
            stream(
                "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
                &[0],
            ),
        ];
        pdf(&objs, "")
    };
    let text_only = pdf(
        &one_page(b"BT /F1 12 Tf 72 700 Td (no tables here) Tj ET", HELVETICA),
        "",
    );
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("scan.pdf", scan, "OCR"),
        ("cut.pdf", b"%PDF-1.7\n1 0 obj <<".to_vec(), "截断"),
        ("plain.pdf", text_only, "未识别出任何表格"),
    ];
    for (name, bytes, needle) in cases {
        let path = scratch(name, &bytes);
        let p = path.to_str().expect("utf-8 temp path");
        for cmd in ["import", "check"] {
            let o = crossfoot(&[cmd, p]);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{cmd} {name}: {err}");
            assert!(err.contains(p), "{cmd} {name} names the file: {err}");
            if cmd == "import" {
                assert!(err.contains(needle), "{cmd} {name}: {err}");
            }
        }
    }
    // English for developers
    let path = scratch("cut-en.pdf", b"%PDF-1.7\n1 0 obj <<");
    let o = crossfoot(&[
        "--lang",
        "en",
        "import",
        path.to_str().expect("utf-8 temp path"),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("error:") && err.contains("truncated"), "{err}");
}

#[test]
fn a_font_that_cannot_be_loaded_is_a_warning_for_its_page() {
    // a composite font without descendant fonts: the interpreter falls back to Helvetica,
    // whose reading of the codes is a guess, so the page says so
    let objs = vec![
        b("<< /Type /Catalog /Pages 2 0 R >>"),
        b("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        b(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        ),
        stream(
            "",
            b"BT /F1 12 Tf 72 700 Td (fine) Tj /F2 12 Tf 0 -20 Td <00410042> Tj ET",
        ),
        b(HELVETICA),
        b(
            "<< /Type /Font /Subtype /Type0 /BaseFont /Broken /Encoding /Identity-H /DescendantFonts [] >>",
        ),
    ];
    let t = pdf_to_text(&pdf(&objs, ""), &Limits::default()).expect("reads");
    assert!(t.text.contains("fine"), "{}", t.text);
    let notes: Vec<&str> = t.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        t.notes
            .iter()
            .any(|n| n.page == 1 && n.message.contains("字体无法加载")),
        "{notes:?}"
    );
}
