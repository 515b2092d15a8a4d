//! The .docx XML reader, reached through a valid zip: the fuzz bytes are
//! `word/document.xml` of a stored .docx (so mutations land on the XML rather than on
//! the zip's checksums). Seeds are the document.xml of the .docx fixtures.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_fuzz::{invariants, zip_writer};

fuzz_target!(|data: &[u8]| {
    let docx = zip_writer::docx_stored(data);
    let analysis = nianbao::pipeline::analyse("fuzz.docx", &docx);
    invariants::assert_analysis(&analysis);
    invariants::assert_file_report("", &analysis.finish());
});
