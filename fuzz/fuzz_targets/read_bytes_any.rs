//! Every reader behind `read::read_bytes`, by name and signature: the first byte picks
//! the file name (text, web page, .docx, .doc, no extension …), the rest is the file.
//! Covers sniffing, UTF-16 and legacy encodings, and the refusals (PDF, images, .doc).
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_fuzz::invariants;

const NAMES: [&str; 8] = [
    "f.txt",
    "f.html",
    "f.htm",
    "f.docx",
    "f.doc",
    "f",
    "f.pdf",
    "报告.TXT",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    if let Ok(read) = nianbao::read::read_bytes(name, bytes) {
        invariants::assert_document(&read.doc);
    }
});
