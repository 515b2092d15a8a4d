//! The HTML reader alone (`read::read_html_str`: tokenizer, tree, article selection,
//! rendering to text): never panics, and the document it renders points at itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_fuzz::{invariants, text_of};

fuzz_target!(|data: &[u8]| {
    let markup = text_of(data);
    if let Ok(read) = nianbao::read::read_html_str(&markup) {
        assert!(read.rendered);
        invariants::assert_document(&read.doc);
    }
});
