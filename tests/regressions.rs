//! Inputs that once crashed the check or broke its invariants, found by fuzzing
//! (`fuzz/`) and the property tests (`tests/properties.rs`). Each stays here so that
//! the crash never comes back.
//!
//! A test marked `#[ignore = "open: …"]` records a crash whose fix is not in yet; remove
//! the mark with the fix.

#[path = "../fuzz/src/invariants.rs"]
mod invariants;

/// Checks `text` as pasted and as a dropped `.txt` file, asserting every invariant.
fn check_both(text: &str) {
    let analysis = nianbao::pipeline::analyse_text("regression.txt", text);
    invariants::assert_analysis(&analysis);
    invariants::assert_file_report(text, &analysis.finish());
    let analysis = nianbao::pipeline::analyse("regression.txt", text.as_bytes());
    invariants::assert_analysis(&analysis);
    invariants::assert_file_report(text, &analysis.finish());
}

/// Found by the property tests (mutated fixture 001: a digit of the title's year became
/// 一). A title on two lines whose year is written in Chinese numerals panicked in
/// `extract::meta::locate_in_title` (`&joined[a..b]` with `b = start + 4` bytes, inside
/// 〇); on one line the year's span ended inside a character. Fixed in cd53a3a.
#[test]
fn a_title_whose_year_is_in_chinese_numerals() {
    for (text, year, written) in [
        (
            "某某县人民政府\n二〇二二年政府信息公开工作年度报告\n一、总体情况\n内容。\n",
            2022,
            "二〇二二",
        ),
        (
            "某某县人民政府二〇二二年政府信息公开工作年度报告\n一、总体情况\n内容。\n",
            2022,
            "二〇二二",
        ),
        (
            "侯马经济开发区20一2年度政府信息公开年度报告\n一、总体情况\n内容。\n",
            2012,
            "20一2",
        ),
        (
            "某某县人民政府\n二0二二年政府信息公开工作年度报告\n一、总体情况\n内容。\n",
            2022,
            "二0二二",
        ),
    ] {
        check_both(text);
        let a = nianbao::pipeline::analyse_text("t.txt", text);
        let y = a
            .report
            .as_ref()
            .and_then(|r| r.year.as_ref())
            .expect("a year");
        assert_eq!(y.value, year, "{text}");
        assert_eq!(
            &text[y.span.start..y.span.end],
            written,
            "the year's span covers its four numerals"
        );
    }
}

/// Found by the property tests (fixture 002 dropped as a file): sniffing for HTML cut
/// the text at byte 2048, inside a character (`read::html::looks_like_html`).
#[test]
fn a_text_file_cut_inside_a_character_where_html_is_sniffed() {
    for pad in 0..3 {
        // Byte 2048 falls on each byte of a three-byte character in turn.
        let text = format!(
            "{}{}一、总体情况\n",
            "x".repeat(pad),
            "年".repeat(2048 / 3 + 2)
        );
        check_both(&text);
        let r = nianbao::check_bytes("t.txt", text.as_bytes());
        assert!(r.diagnostics.iter().all(|d| d.code != "IN-UNSUPPORTED"));
    }
}

/// Found by fuzzing `numbers_dates` (crash-74cdec3c…, a run of 116 ASCII digits):
/// `numbers::parse_year_digits` multiplied on past four digits and overflowed `i32`
/// (a panic in debug builds). Every caller passes four characters, so no input reached
/// it through the check; the function itself is public.
#[test]
fn year_digits_of_a_long_run() {
    assert_eq!(nianbao::numbers::parse_year_digits(&"4".repeat(116)), None);
    assert_eq!(
        nianbao::numbers::parse_year_digits("二〇二二二〇二二二〇二二"),
        None
    );
    assert_eq!(nianbao::numbers::parse_year_digits("二〇二二"), Some(2022));
}

/// Found by the property tests (`exports_of_hostile_reports_are_inert`, report-like text
/// dropped as `.html`): an attribute name starting with a character of more than one
/// byte panicked in the HTML tokenizer (`read/html/tokenizer.rs`, `rest[1..]`).
#[test]
fn an_attribute_name_starting_with_a_chinese_character() {
    for page in [
        "<p （一）>一、总体情况</p>",
        "𑴋¡0𑿀  a<A\t（一）",
        "<table><tr><td 中=1>规章</td></tr></table>",
        "<a ￥>",
    ] {
        let analysis = nianbao::pipeline::analyse("page.html", page.as_bytes());
        invariants::assert_analysis(&analysis);
        invariants::assert_file_report(page, &analysis.finish());
    }
}

/// Found by reading `extract::meta` after cd53a3a, confirmed by the invariants: the year
/// taken from "截至YYYY年12月31日" in the introduction (when the title has none) spans
/// `d.start + 4` bytes, inside a character when the year is written in Chinese
/// numerals.
#[test]
fn a_cut_off_date_whose_year_is_in_chinese_numerals() {
    for text in [
        "某某局政府信息公开工作年度报告\n截至二〇二二年十二月三十一日，本机关主动公开信息。\n一、总体情况\n内容。\n",
        "某某局政府信息公开工作年度报告\n本报告数据截至二〇二二年12月31日。\n一、总体情况\n内容。\n",
    ] {
        check_both(text);
        let a = nianbao::pipeline::analyse_text("t.txt", text);
        let y = a.report.as_ref().and_then(|r| r.year.as_ref()).expect("a year");
        assert_eq!(y.value, 2022);
        assert_eq!(&text[y.span.start..y.span.end], "二〇二二");
    }
}

/// Found by the fuzz target read_pdf: an object stream whose header gives an offset near
/// the largest integer (the reader added it to /First and overflowed); an inline image
/// whose `ID` ends the content stream (the lexer was placed past the end). Every PDF kept
/// in tests/fixtures/pdf/crashes/ reads without a panic.
#[test]
fn pdf_fuzz_crashes() {
    let dir = format!("{}/tests/fixtures/pdf/crashes", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the crashes directory") {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let _ = nianbao_pdf::read(&bytes);
        let r = nianbao::check_bytes("crash.pdf", &bytes);
        assert!(!r.diagnostics.is_empty() || r.report.is_some(), "{path:?}");
        n += 1;
    }
    assert!(n >= 1);
}
