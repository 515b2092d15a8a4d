//! The whole check on pasted text (`check_text`, what the page's paste box calls):
//! never panics; every finding's span lies in the text on char boundaries; every
//! location in the result agrees with the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_fuzz::{invariants, text_of};

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let analysis = nianbao::pipeline::analyse_text("fuzz.txt", &text);
    invariants::assert_analysis(&analysis);
    let report = analysis.finish();
    invariants::assert_file_report(&text, &report);
});
