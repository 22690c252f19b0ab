//! Prints the text crossfoot reads from a PDF (what `crossfoot import` then imports), and
//! the notes about pages it could not read fully: `cargo run --example pdf_text -- FILE.pdf`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_text FILE.pdf");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    match crossfoot::pdf::pdf_to_text(&bytes, &crossfoot::pdf::Limits::default()) {
        Ok(t) => {
            print!("{}", t.text);
            for n in t.notes {
                eprintln!("{path}: 第{}页: {}", n.page, n.message);
            }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    }
}
