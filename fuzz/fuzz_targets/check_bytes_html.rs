//! The whole check on a dropped web page (`check_bytes` with a `.html` name): sniffing,
//! decoding (UTF-8, GBK …, `<meta charset>`), the HTML reader, rendering to text and the
//! check. Never panics; the result is consistent with the rendered text it carries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_fuzz::invariants;

fuzz_target!(|data: &[u8]| {
    let analysis = nianbao::pipeline::analyse("fuzz.html", data);
    invariants::assert_analysis(&analysis);
    let report = analysis.finish();
    let input = std::str::from_utf8(data).unwrap_or("");
    invariants::assert_file_report(input, &report);
});
