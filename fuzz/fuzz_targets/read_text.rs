//! The plain-text reader (`read::read_str` → `read::text::read`): never panics, and
//! every paragraph, row and cell it reads points at itself in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_fuzz::{invariants, text_of};

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let doc = nianbao::read::text::read(&text);
    assert_eq!(doc.text, *text, "the document keeps the text as given");
    invariants::assert_document(&doc);
    if let Ok(doc) = nianbao::read::read_str(&text) {
        invariants::assert_document(&doc);
    }
});
