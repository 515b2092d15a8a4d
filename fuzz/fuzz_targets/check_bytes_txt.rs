//! The whole check on a dropped `.txt` file (`check_bytes`): byte-order marks, UTF-16,
//! invalid UTF-8, then the check. Never panics; the result is consistent with the text
//! its spans point into (the input, or the decoded text it carries).
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_fuzz::invariants;

fuzz_target!(|data: &[u8]| {
    let analysis = nianbao::pipeline::analyse("fuzz.txt", data);
    invariants::assert_analysis(&analysis);
    let rendered = analysis.rendered;
    let report = analysis.finish();
    assert_eq!(rendered, report.text.is_some());
    let input = std::str::from_utf8(data).unwrap_or("");
    invariants::assert_file_report(input, &report);
});
