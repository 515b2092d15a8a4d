//! `cargo bench --bench check`: reports checked per second on one core, over the five
//! fixtures (full check: read + extract + all rules + result with spans), what reading
//! the same reports costs as .docx and as Word 97–2003 .doc, then PDFs (the PDF reader
//! alone and the whole check). Prints figures; asserts nothing about time.

use std::hint::black_box;
use std::time::{Duration, Instant};

const FIXTURES: [(&str, &str); 5] = [
    (
        "000",
        include_str!("../tests/fixtures/000-julu-kaifaqu-2022.txt"),
    ),
    (
        "001",
        include_str!("../tests/fixtures/001-houma-kaifaqu-2022.txt"),
    ),
    (
        "002",
        include_str!("../tests/fixtures/002-guanting-zhen-2022.txt"),
    ),
    (
        "003",
        include_str!("../tests/fixtures/003-cangzhou-kaifaqu-2024.txt"),
    ),
    (
        "004",
        include_str!("../tests/fixtures/004-laiyuan-xian-2022.txt"),
    ),
];

/// Runs `f` repeatedly for about `budget`, returning the median time of one call over
/// many short batches (each about 5 ms, so that a 4 ms PDF gets as many samples as a
/// 0.2 ms text; the median of many resists the preemptions of a busy machine).
fn measure(budget: Duration, mut f: impl FnMut()) -> Duration {
    // Warm up, and size the batches from the warm-up's time.
    let t = Instant::now();
    for _ in 0..20 {
        f();
    }
    let one = t.elapsed() / 20;
    let batch = (Duration::from_millis(5).as_nanos() / one.as_nanos().max(1)).clamp(1, 1000) as u32;
    let mut samples = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget || samples.len() < 15 {
        let t = Instant::now();
        for _ in 0..batch {
            f();
        }
        samples.push(t.elapsed() / batch);
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let budget = Duration::from_millis(if quick { 100 } else { 1000 });
    println!("nianbao check benchmark (one thread, median per report)");
    let mut total = Duration::ZERO;
    for (name, text) in FIXTURES {
        let full = measure(budget, || {
            black_box(nianbao::check_text("bench.txt", black_box(text)));
        });
        let read = measure(budget / 4, || {
            black_box(nianbao::read::read_str(black_box(text)).ok());
        });
        let doc = nianbao::read::read_str(text).expect("readable");
        let extract = measure(budget / 4, || {
            black_box(nianbao::extract::extract(black_box(&doc)));
        });
        let (report, _) = nianbao::extract::extract(&doc);
        let report = report.expect("report");
        let rules = measure(budget / 4, || {
            black_box(nianbao::rules::run(black_box(&doc), black_box(&report)));
        });
        let json = measure(budget / 4, || {
            let r = nianbao::check_text("bench.txt", black_box(text));
            black_box(serde_json::to_string(&r).ok());
        });
        total += full;
        println!(
            "  fixture {name} ({:>5.1} KB): check {:>7.1} µs  (read {:>6.1}, extract {:>6.1}, rules {:>6.1} µs; check + JSON {:>7.1} µs)",
            text.len() as f64 / 1024.0,
            full.as_secs_f64() * 1e6,
            read.as_secs_f64() * 1e6,
            extract.as_secs_f64() * 1e6,
            rules.as_secs_f64() * 1e6,
            json.as_secs_f64() * 1e6,
        );
    }
    let mean = total / FIXTURES.len() as u32;
    println!(
        "  mean {:.1} µs per report = {:.0} reports per second on one core",
        mean.as_secs_f64() * 1e6,
        1.0 / mean.as_secs_f64()
    );
    // Text without tab-separated tables (read by the template: read/loose.rs).
    for (name, text) in REAL_TEXTS {
        let full = measure(budget, || {
            black_box(nianbao::check_text("bench.txt", black_box(text)));
        });
        let read = measure(budget / 4, || {
            black_box(nianbao::read::read_str(black_box(text)).ok());
        });
        println!(
            "  real {name} ({:>5.1} KB): check {:>7.1} µs  (read {:>6.1} µs)",
            text.len() as f64 / 1024.0,
            full.as_secs_f64() * 1e6,
            read.as_secs_f64() * 1e6,
        );
    }
    println!("binary formats (the same reports; read = bytes to document, check = all of it)");
    for (name, docx, doc) in BINARY {
        let doc_items = measure(budget / 4, || {
            black_box(nianbao_doc::read(black_box(doc)).ok());
        });
        let doc_read = measure(budget / 4, || {
            black_box(nianbao::read::read_bytes("bench.doc", black_box(doc)).ok());
        });
        let docx_read = measure(budget / 4, || {
            black_box(nianbao::read::read_bytes("bench.docx", black_box(docx)).ok());
        });
        let doc_check = measure(budget / 4, || {
            black_box(nianbao::check_bytes("bench.doc", black_box(doc)));
        });
        println!(
            "  fixture {name}: .doc ({:>4.1} KB) read {:>6.1} µs (of which the .doc reader {:>6.1} µs), check {:>7.1} µs; .docx ({:>4.1} KB) read {:>6.1} µs",
            doc.len() as f64 / 1024.0,
            doc_read.as_secs_f64() * 1e6,
            doc_items.as_secs_f64() * 1e6,
            doc_check.as_secs_f64() * 1e6,
            docx.len() as f64 / 1024.0,
            docx_read.as_secs_f64() * 1e6,
        );
    }
    pdf(budget);
}

/// PDFs: the real 6-page WPS report and the fixtures LibreOffice printed; the PDF
/// reader alone (file structure, inflating, fonts, layout) and the whole check.
fn pdf(budget: Duration) {
    const PDFS: [(&str, &[u8]); 3] = [
        (
            "huaian-shi-2024 (WPS, 6 pages)",
            include_bytes!("../tests/fixtures/real/huaian-shi-2024.pdf"),
        ),
        (
            "000.lo.pdf (LibreOffice)",
            include_bytes!("../tests/fixtures/formats/000.lo.pdf"),
        ),
        (
            "003.lo.pdf (LibreOffice)",
            include_bytes!("../tests/fixtures/formats/003.lo.pdf"),
        ),
    ];
    println!("PDF (one thread, median per file)");
    for (name, bytes) in PDFS {
        let read = measure(budget, || {
            black_box(nianbao_pdf::read(black_box(bytes)).ok());
        });
        let full = measure(budget, || {
            black_box(nianbao::check_bytes("bench.pdf", black_box(bytes)));
        });
        println!(
            "  {name} ({:>5.1} KB): PDF reader {:>7.1} µs; whole check {:>7.1} µs",
            bytes.len() as f64 / 1024.0,
            read.as_secs_f64() * 1e6,
            full.as_secs_f64() * 1e6,
        );
    }
}

const REAL_TEXTS: [(&str, &str); 4] = [
    (
        "pingtan-2022 (run-in)",
        include_str!("../tests/fixtures/real/pingtan-2022.txt"),
    ),
    (
        "caijinju-2024 (run-in)",
        include_str!("../tests/fixtures/real/pingtan-caijinju-2024.txt"),
    ),
    (
        "huaian-2024 (PDF layout)",
        include_str!("../tests/fixtures/real/huaian-shi-2024.layout.txt"),
    ),
    (
        "shanghai-2024 (Markdown)",
        include_str!("../tests/fixtures/real/shanghai-kewei-2024.md"),
    ),
];

/// The fixtures as .docx and as .doc (LibreOffice's conversion of that .docx).
const BINARY: [(&str, &[u8], &[u8]); 5] = [
    (
        "000",
        include_bytes!("../tests/fixtures/formats/000.docx"),
        include_bytes!("../tests/fixtures/formats/000.doc"),
    ),
    (
        "001",
        include_bytes!("../tests/fixtures/formats/001.docx"),
        include_bytes!("../tests/fixtures/formats/001.doc"),
    ),
    (
        "002",
        include_bytes!("../tests/fixtures/formats/002.docx"),
        include_bytes!("../tests/fixtures/formats/002.doc"),
    ),
    (
        "003",
        include_bytes!("../tests/fixtures/formats/003.docx"),
        include_bytes!("../tests/fixtures/formats/003.doc"),
    ),
    (
        "004",
        include_bytes!("../tests/fixtures/formats/004.docx"),
        include_bytes!("../tests/fixtures/formats/004.doc"),
    ),
];
