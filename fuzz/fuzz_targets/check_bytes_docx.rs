//! The whole check on a dropped `.docx` (`check_bytes` with a `.docx` name): the zip
//! reader with its limits, the XML reader, rendering and the check. Never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_fuzz::invariants;

fuzz_target!(|data: &[u8]| {
    let analysis = nianbao::pipeline::analyse("fuzz.docx", data);
    invariants::assert_analysis(&analysis);
    let report = analysis.finish();
    let input = std::str::from_utf8(data).unwrap_or("");
    invariants::assert_file_report(input, &report);
});
