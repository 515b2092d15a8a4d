//! The limits (`src/limits.rs`, `read::MAX_INPUT_BYTES`): each tested at its edge and
//! just past it, with the Chinese message it gives.
//!
//! Also the worst-case timing survey (ignored by default; run it in release):
//!
//!     cargo test --release --test limits -- --ignored --nocapture worst_case

mod common;

use nianbao::limits::{
    self, check_document, check_text, measure, MAX_FINDINGS_PER_CODE, MAX_INPUT_BYTES, MAX_LINES,
    MAX_LINE_BYTES, MAX_TABLE_CELLS,
};
use nianbao::pipeline::cap_findings;
use nianbao::InputResult;

/// `n` lines of `width` bytes each (the line end included), `x` and `\n`.
fn lines_of(n: usize, width: usize) -> String {
    let mut line = "x".repeat(width - 1);
    line.push('\n');
    line.repeat(n)
}

fn too_large(r: &InputResult) -> Option<&nianbao::diag::Diagnostic> {
    r.diagnostics.iter().find(|d| d.code == "IN-TOO-LARGE")
}

// ---- Input size ----------------------------------------------------------------------

/// A text of exactly `size` bytes inside every other limit: 100-byte lines.
fn text_of_size(size: usize) -> String {
    let mut t = lines_of(size / 100, 100);
    t.push_str(&"y".repeat(size - t.len()));
    assert_eq!(t.len(), size);
    t
}

#[test]
fn input_size_at_the_limit_is_checked() {
    let text = text_of_size(MAX_INPUT_BYTES);
    assert!(check_text(&text).is_none());
    let r = nianbao::check_text("edge.txt", &text);
    assert!(too_large(&r).is_none(), "{:?}", r.diagnostics);
    // It was read and judged: not a report.
    assert_eq!(r.diagnostics[0].code, "IN-NOT-REPORT");
    let r = nianbao::check_bytes("edge.txt", text.as_bytes());
    assert!(too_large(&r).is_none());
}

#[test]
fn input_size_past_the_limit_is_refused_with_a_message() {
    let text = text_of_size(MAX_INPUT_BYTES + 1);
    for r in [
        nianbao::check_text("big.txt", &text),
        nianbao::check_bytes("big.txt", text.as_bytes()),
    ] {
        assert_eq!(r.diagnostics.len(), 1);
        let d = too_large(&r).expect("IN-TOO-LARGE");
        assert_eq!(r.verdict, nianbao::Verdict::Unreadable);
        assert!(d.message.contains("16.0 MB"), "{}", d.message);
        assert!(d.message.contains("上限"), "{}", d.message);
        let ev = serde_json::to_value(&d.evidence).unwrap();
        assert_eq!(ev["expected"], MAX_INPUT_BYTES as u64);
        assert_eq!(ev["found"], MAX_INPUT_BYTES as u64 + 1);
    }
    assert!(check_text(&text).is_some());
}

#[test]
fn fifty_and_a_hundred_megabytes_are_refused_at_once() {
    for mb in [50, 100] {
        let bytes = vec![b'a'; mb * 1024 * 1024];
        let r = nianbao::check_bytes("huge.txt", &bytes);
        let text = std::str::from_utf8(&bytes).unwrap();
        let r2 = nianbao::check_text("huge.txt", text);
        assert!(too_large(&r).is_some() && too_large(&r2).is_some());
        assert!(
            too_large(&r)
                .unwrap()
                .message
                .contains(&format!("{mb}.0 MB")),
            "{}",
            too_large(&r).unwrap().message
        );
        // The size alone decides: nothing is read (no other finding, no text). How long
        // that takes is measured by the worst-case survey, not asserted here: a timed
        // assertion fails at random on a loaded machine.
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.text.is_none() && r.report.is_none());
    }
}

// ---- Lines ---------------------------------------------------------------------------

#[test]
fn lines_at_the_limit_pass_and_one_more_is_refused() {
    let at = lines_of(MAX_LINES, 2);
    assert_eq!(measure(&at).lines, MAX_LINES);
    assert!(check_text(&at).is_none());
    // A last line without a line end counts.
    let past = format!("{at}x");
    assert_eq!(measure(&past).lines, MAX_LINES + 1);
    let f = check_text(&past).expect("past the limit");
    let d = render(f);
    assert!(d.message.contains("200,001 行"), "{}", d.message);
    assert!(d.message.contains("200,000 行"), "{}", d.message);
    assert!(d.message.contains("上限"));
}

// ---- Line length ---------------------------------------------------------------------

#[test]
fn a_line_at_the_limit_passes_and_one_byte_more_is_refused() {
    let at = format!("标题\n{}\n结尾", "x".repeat(MAX_LINE_BYTES));
    assert!(check_text(&at).is_none());
    let past = format!("标题\n{}\n结尾", "x".repeat(MAX_LINE_BYTES + 1));
    let f = check_text(&past).expect("past the limit");
    assert_eq!(f.variant, "line");
    assert!(f.args.contains(&("line", "2".to_string())), "{:?}", f.args);
    let d = render(f);
    assert!(d.message.contains("256.0 KB"), "{}", d.message);
    // A carriage return is a line end's, not the line's.
    let crlf = format!("{}\r\n", "x".repeat(MAX_LINE_BYTES));
    assert!(check_text(&crlf).is_none());
}

#[test]
fn a_long_line_of_chinese_counts_bytes() {
    // 3 bytes a character: the limit is about 87 000 characters.
    let n = MAX_LINE_BYTES / 3;
    assert!(check_text(&"年".repeat(n)).is_none());
    assert!(check_text(&"年".repeat(n + 1)).is_some());
}

// ---- Table cells ---------------------------------------------------------------------

#[test]
fn cells_at_the_limit_pass_and_one_more_is_refused() {
    // Word's layout: a cell per line after a tab, a blank line between rows of 10.
    let row = "\t0\n".repeat(10) + "\n";
    let at = row.repeat(MAX_TABLE_CELLS / 10);
    assert_eq!(measure(&at).cells, MAX_TABLE_CELLS);
    assert!(check_text(&at).is_none());
    let past = format!("{at}\t0\n");
    assert_eq!(measure(&past).cells, MAX_TABLE_CELLS + 1);
    let d = render(check_text(&past).expect("past the limit"));
    assert!(d.message.contains("100,001 个表格单元格"), "{}", d.message);
    assert!(d.message.contains("100,000 个单元格"), "{}", d.message);
}

#[test]
fn tab_separated_cells_count_one_per_field() {
    // One row per line: "a\tb\tc" is three cells.
    let at = "a\tb\tc\td\te\n".repeat(MAX_TABLE_CELLS / 5);
    assert_eq!(measure(&at).cells, MAX_TABLE_CELLS);
    assert!(check_text(&at).is_none());
    let past = format!("{at}x\ty");
    assert_eq!(measure(&past).cells, MAX_TABLE_CELLS + 2);
    assert!(check_text(&past).is_some());
}

#[test]
fn the_measure_counts_what_the_reader_reads() {
    for name in common::FIXTURES {
        let text = common::fixture(name);
        let doc = nianbao::read::text::read(&text);
        let m = measure(&text);
        assert_eq!(m.cells, doc.cell_count(), "{name}");
        assert_eq!(
            m.lines,
            nianbao::span::LineIndex::new(&text).line_count(),
            "{name}"
        );
        assert!(check_text(&text).is_none());
        assert!(check_document(&doc).is_none());
    }
}

#[test]
fn documents_at_and_past_the_cell_limit() {
    let row = "\t0\n".repeat(10) + "\n";
    let doc = nianbao::read::text::read(&row.repeat(MAX_TABLE_CELLS / 10));
    assert_eq!(doc.cell_count(), MAX_TABLE_CELLS);
    assert!(check_document(&doc).is_none());
    let doc = nianbao::read::text::read(&(row.repeat(MAX_TABLE_CELLS / 10) + "\t0\n"));
    let f = check_document(&doc).expect("past the limit");
    assert_eq!(f.code, "IN-TOO-LARGE");
    assert_eq!(f.variant, "cells");
}

#[test]
fn documents_at_and_past_the_block_limit() {
    let at = nianbao::read::text::read(&lines_of(MAX_LINES, 2));
    assert_eq!(at.blocks.len(), MAX_LINES);
    assert!(check_document(&at).is_none());
    let past = nianbao::read::text::read(&lines_of(MAX_LINES + 1, 2));
    assert_eq!(check_document(&past).map(|f| f.variant), Some("lines"));
}

/// The finding as the user reads it.
fn render(f: nianbao::diag::Finding) -> nianbao::diag::Diagnostic {
    assert_eq!(f.code, "IN-TOO-LARGE");
    let d = nianbao::diag::Diagnostic::from_finding(f, |_| unreachable!("no span"));
    assert!(d.message.contains("未检查"), "{}", d.message);
    d
}

#[test]
fn the_limits_sit_far_above_a_real_report() {
    for name in common::FIXTURES {
        let text = common::fixture(name);
        let m = measure(&text);
        assert!(m.lines * 100 < MAX_LINES, "{name}: {m:?}");
        assert!(m.cells * 100 < MAX_TABLE_CELLS, "{name}: {m:?}");
        assert!(m.longest_line * 100 < MAX_LINE_BYTES, "{name}: {m:?}");
        assert!(text.len() * 1000 < MAX_INPUT_BYTES, "{name}");
    }
    let _ = limits::TextMeasure::default();
}

// ---- The whole check at and past the text limits --------------------------------------

/// Texts at each limit of `limits::check_text`, and one past it, with the variant.
fn edge_texts() -> Vec<(&'static str, String, String)> {
    let cells = |n: usize| format!("一、总体情况\n{}", "\t0\n".repeat(n));
    let line = |n: usize| format!("一、总体情况\n{}\n", "x".repeat(n));
    vec![
        ("lines", lines_of(MAX_LINES, 2), lines_of(MAX_LINES + 1, 2)),
        ("cells", cells(MAX_TABLE_CELLS), cells(MAX_TABLE_CELLS + 1)),
        ("line", line(MAX_LINE_BYTES), line(MAX_LINE_BYTES + 1)),
    ]
}

#[test]
fn the_check_reads_texts_at_the_limits() {
    for (what, at, _) in edge_texts() {
        for r in [
            nianbao::check_text("edge.txt", &at),
            nianbao::check_bytes("edge.txt", at.as_bytes()),
        ] {
            assert!(too_large(&r).is_none(), "{what}: {:?}", codes(&r));
        }
    }
}

#[test]
fn the_check_refuses_texts_past_the_limits() {
    for (what, _, past) in edge_texts() {
        for r in [
            nianbao::check_text("past.txt", &past),
            nianbao::check_bytes("past.txt", past.as_bytes()),
        ] {
            assert_eq!(codes(&r), ["IN-TOO-LARGE"], "{what}");
            assert!(r.diagnostics[0].message.contains("上限"), "{what}");
        }
    }
}

// ---- Findings of one rule -----------------------------------------------------------

/// A report body followed by `n` stray page numbers: `n` CNT-ARTIFACT findings.
fn page_numbers(n: usize) -> Vec<nianbao::diag::Finding> {
    let text = format!("一、总体情况\n内容。\n{}", "12\n".repeat(n));
    let a = nianbao::pipeline::analyse_text("t.txt", &text);
    let mut f = a.findings;
    f.sort_by_key(|f| f.span.map(|s| s.start));
    f
}

fn count(f: &[nianbao::diag::Finding], code: &str) -> usize {
    f.iter().filter(|f| f.code == code).count()
}

#[test]
fn findings_of_one_rule_up_to_the_cap_are_all_kept() {
    let mut f = page_numbers(MAX_FINDINGS_PER_CODE);
    assert_eq!(count(&f, "CNT-ARTIFACT"), MAX_FINDINGS_PER_CODE);
    let others = f.len() - MAX_FINDINGS_PER_CODE;
    assert_eq!(cap_findings(&mut f), []);
    assert_eq!(f.len(), MAX_FINDINGS_PER_CODE + others);
}

#[test]
fn findings_of_one_rule_past_the_cap_are_counted_not_listed() {
    let mut f = page_numbers(MAX_FINDINGS_PER_CODE + 1);
    let first: Vec<_> = f
        .iter()
        .filter(|f| f.code == "CNT-ARTIFACT")
        .map(|f| f.span)
        .collect();
    let others = f.len() - first.len();
    assert_eq!(cap_findings(&mut f), [("CNT-ARTIFACT", 1)]);
    assert_eq!(count(&f, "CNT-ARTIFACT"), MAX_FINDINGS_PER_CODE);
    assert_eq!(
        f.len(),
        MAX_FINDINGS_PER_CODE + others,
        "other rules keep theirs"
    );
    // The first ones, in order, are kept.
    let kept: Vec<_> = f
        .iter()
        .filter(|f| f.code == "CNT-ARTIFACT")
        .map(|f| f.span)
        .collect();
    assert_eq!(kept, first[..MAX_FINDINGS_PER_CODE]);
    // 100 000 page numbers: 100 listed, the rest counted.
    let mut f = page_numbers(100_000);
    assert_eq!(
        cap_findings(&mut f),
        [("CNT-ARTIFACT", 100_000 - MAX_FINDINGS_PER_CODE)]
    );
    assert!(f.len() < 2 * MAX_FINDINGS_PER_CODE);
}

/// The whole check applies the cap: the result lists the first findings of the rule
/// and ends with one IN-OMITTED note that counts the rest; at the cap there is no note.
#[test]
fn the_result_lists_the_cap_and_a_note_with_the_rest() {
    let text = |n: usize| format!("一、总体情况\n内容。\n{}", "12\n".repeat(n));
    let at = nianbao::check_text("t.txt", &text(MAX_FINDINGS_PER_CODE));
    assert_eq!(
        at.diagnostics
            .iter()
            .filter(|d| d.code == "CNT-ARTIFACT")
            .count(),
        MAX_FINDINGS_PER_CODE
    );
    assert!(at.diagnostics.iter().all(|d| d.code != "IN-OMITTED"));

    let past = nianbao::check_text("t.txt", &text(MAX_FINDINGS_PER_CODE + 7));
    let artifacts: Vec<_> = past
        .diagnostics
        .iter()
        .filter(|d| d.code == "CNT-ARTIFACT")
        .collect();
    assert_eq!(artifacts.len(), MAX_FINDINGS_PER_CODE);
    // The first page numbers by position: the first is on line 3.
    assert_eq!(artifacts[0].span.map(|s| s.line), Some(3));
    let last = past.diagnostics.last().unwrap();
    assert_eq!(last.code, "IN-OMITTED");
    assert_eq!(last.severity, nianbao::diag::Severity::Info);
    assert_eq!(
        last.message,
        format!(
            "“编辑遗留痕迹”（CNT-ARTIFACT）共发现 {} 处，只列出前 {} 处，其余 7 处未列出。",
            MAX_FINDINGS_PER_CODE + 7,
            MAX_FINDINGS_PER_CODE
        )
    );
    assert_eq!(
        past.diagnostics
            .iter()
            .filter(|d| d.code == "IN-OMITTED")
            .count(),
        1
    );
    // The rule's explanation names the cap.
    let rule = nianbao::rules::catalog::rule("IN-OMITTED").unwrap();
    assert!(rule
        .explanation
        .contains(&format!("超过 {MAX_FINDINGS_PER_CODE} 处")));
}

// ---- Readers: HTML nesting, archives ------------------------------------------------

/// `read::html::tree::MAX_DEPTH`, which is private to the reader: deeper elements are
/// attached flat to the one at this depth.
const HTML_MAX_DEPTH: usize = 200;

fn codes(r: &InputResult) -> Vec<&'static str> {
    r.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn html_nesting_at_past_and_far_past_the_depth_limit_reads_the_text() {
    for depth in [
        HTML_MAX_DEPTH - 1,
        HTML_MAX_DEPTH,
        HTML_MAX_DEPTH + 1,
        100_000,
    ] {
        let page = format!(
            "<html><body>{}<p>一、总体情况</p><p>本机关主动公开政府信息。</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let r = nianbao::check_bytes("deep.html", page.as_bytes());
        let text = r.text.as_deref().unwrap_or_default();
        assert!(text.contains("一、总体情况"), "depth {depth}: {text:?}");
        assert!(text.contains("本机关主动公开政府信息。"), "depth {depth}");
    }
}

/// A .docx whose `word/document.xml` is exactly `size` bytes (a heading, then an XML
/// comment as padding), deflated and padded to `compressed` bytes.
fn docx_of(size: usize, compressed: usize) -> Vec<u8> {
    let head = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p><!--"#;
    let tail = "--></w:body></w:document>";
    let mut xml = String::with_capacity(size);
    xml.push_str(head);
    xml.push_str(&"x".repeat(size - head.len() - tail.len()));
    xml.push_str(tail);
    assert_eq!(xml.len(), size);
    assert!(
        miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 6).len() <= compressed,
        "padding reaches the size"
    );
    nianbao_docx::write_zip(
        &[nianbao_docx::NewEntry {
            name: "word/document.xml",
            data: xml.as_bytes(),
            deflate: true,
            pad_to: compressed,
        }],
        0,
    )
}

/// The .docx is read (whatever the check then says of its content).
fn assert_read(r: &InputResult, what: &str) {
    let c = codes(r);
    assert!(
        !c.contains(&"IN-UNSUPPORTED") && !c.contains(&"IN-TOO-LARGE"),
        "{what}: {:?}",
        r.diagnostics.first().map(|d| &d.message)
    );
    assert!(r
        .text
        .as_deref()
        .unwrap_or_default()
        .contains("一、总体情况"));
}

/// The .docx is refused as a possible zip bomb, with the limits in the message.
fn assert_bomb(r: &InputResult, what: &str) {
    assert_eq!(codes(r), ["IN-UNSUPPORTED"], "{what}");
    let m = &r.diagnostics[0].message;
    assert!(m.contains("压缩炸弹"), "{what}: {m}");
    assert!(
        m.contains(&format!("{} 倍", nianbao::read::MAX_EXPANSION_RATIO)),
        "{m}"
    );
}

#[test]
fn archive_parts_up_to_the_ratio_free_size_are_read_past_it_refused() {
    use nianbao::read::{MAX_EXPANSION_RATIO, RATIO_FREE_BYTES};
    // 2 000 compressed bytes may expand 200 times: far less than the free size.
    let compressed = 2000;
    assert!(compressed * MAX_EXPANSION_RATIO < RATIO_FREE_BYTES);
    let r = nianbao::check_bytes("free.docx", &docx_of(RATIO_FREE_BYTES, compressed));
    assert_read(&r, "at the ratio-free size");
    let r = nianbao::check_bytes("free.docx", &docx_of(RATIO_FREE_BYTES + 1, compressed));
    assert_bomb(&r, "one byte past the ratio-free size");
}

#[test]
fn archive_parts_up_to_the_expansion_ratio_are_read_past_it_refused() {
    use nianbao::read::MAX_EXPANSION_RATIO;
    let compressed = 10_000;
    let limit = compressed * MAX_EXPANSION_RATIO; // 2 000 000 bytes
    let r = nianbao::check_bytes("ratio.docx", &docx_of(limit, compressed));
    assert_read(&r, "at the ratio");
    let r = nianbao::check_bytes("ratio.docx", &docx_of(limit + 1, compressed));
    assert_bomb(&r, "one byte past the ratio");
    // The same part, one compressed byte less: past the ratio too.
    let r = nianbao::check_bytes("ratio.docx", &docx_of(limit, compressed - 1));
    assert_bomb(&r, "one compressed byte less");
}

#[test]
fn archive_parts_up_to_the_unpacked_size_are_read_past_it_refused() {
    use nianbao::read::{MAX_EXPANSION_RATIO, MAX_UNPACKED_BYTES};
    // Enough compressed bytes that the ratio allows more than the total limit.
    let compressed = MAX_UNPACKED_BYTES / MAX_EXPANSION_RATIO + 1000;
    let r = nianbao::check_bytes("total.docx", &docx_of(MAX_UNPACKED_BYTES, compressed));
    assert_read(&r, "at the unpacked size");
    let r = nianbao::check_bytes("total.docx", &docx_of(MAX_UNPACKED_BYTES + 1, compressed));
    assert_bomb(&r, "one byte past the unpacked size");
    assert!(r.diagnostics[0].message.contains("32.0 MB"));
}

/// `read::zip::MAX_ENTRIES`, private to the reader.
const ZIP_MAX_ENTRIES: usize = 10_000;

#[test]
fn archives_up_to_the_entry_limit_are_read_past_it_refused() {
    let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:body></w:document>"#.as_bytes();
    let names: Vec<String> = (1..=ZIP_MAX_ENTRIES)
        .map(|i| format!("media/{i}"))
        .collect();
    let zip_of = |n: usize| {
        let mut entries = vec![nianbao_docx::NewEntry {
            name: "word/document.xml",
            data: xml,
            ..Default::default()
        }];
        entries.extend(names[..n - 1].iter().map(|name| nianbao_docx::NewEntry {
            name,
            ..Default::default()
        }));
        nianbao_docx::write_zip(&entries, 0)
    };
    let r = nianbao::check_bytes("many.docx", &zip_of(ZIP_MAX_ENTRIES));
    assert_read(&r, "at the entry limit");
    let r = nianbao::check_bytes("many.docx", &zip_of(ZIP_MAX_ENTRIES + 1));
    assert_eq!(codes(&r), ["IN-UNSUPPORTED"]);
    assert!(
        r.diagnostics[0].message.contains("10000 个"),
        "{}",
        r.diagnostics[0].message
    );
}

/// Merged cells cannot multiply a small page into millions of cells: a row of cells
/// merged down "to the end of the table" (`rowspan=0`) over as many rows, or cells
/// spanning 1 000 000 rows and columns.
#[test]
fn merged_cells_cannot_multiply_a_page() {
    let n = 3000;
    let mut down = String::from("<html><body><p>一、总体情况</p><table><tr>");
    down.push_str(&"<td rowspan=0>a</td>".repeat(n));
    down.push_str("</tr>");
    down.push_str(&"<tr><td>b</td></tr>".repeat(n));
    down.push_str("</table></body></html>");
    let mut wide = String::from("<html><body><p>一、总体情况</p><table>");
    wide.push_str(&"<tr><td colspan=1000000 rowspan=1000000>a</td></tr>".repeat(n));
    wide.push_str("</table></body></html>");
    for page in [down, wide] {
        assert!(page.len() < 200 * 1024);
        let a = nianbao::pipeline::analyse("merged.html", page.as_bytes());
        let refused = a.findings.iter().any(|f| f.code == "IN-TOO-LARGE");
        assert!(
            refused || a.doc.cell_count() <= MAX_TABLE_CELLS,
            "{} cells from {} KB of markup",
            a.doc.cell_count(),
            page.len() / 1024
        );
    }
}

// ---- Worst-case timings --------------------------------------------------------------

/// Makes a shape of input of about `n` bytes.
type Shape = Box<dyn Fn(usize) -> String>;

/// Hostile shapes of input, each grown to about `n` bytes.
fn shapes() -> Vec<(&'static str, Shape)> {
    let fixture = common::fixture(common::FIXTURES[0]);
    let grow = |unit: String| move |n: usize| unit.repeat(n / unit.len().max(1) + 1);
    vec![
        ("fixture repeated", Box::new(grow(fixture.clone()))),
        (
            "one line of Chinese",
            Box::new(|n| format!("一、总体情况\n{}", "政府信息公开".repeat(n / 18))),
        ),
        (
            "one line of date ranges (preamble)",
            Box::new(|n| {
                format!(
                    "某局2022年政府信息公开工作年度报告\n{}\n一、总体情况\n",
                    "2022年1月1日至某日，".repeat(n / 30)
                )
            }),
        ),
        (
            "one row of empty cells (Word)",
            Box::new(|n| {
                format!(
                    "三、收到和处理政府信息公开申请情况\n\t本年新收\n{}",
                    "\t\n".repeat(n / 2)
                )
            }),
        ),
        (
            "one row of number cells (Word)",
            Box::new(|n| {
                format!(
                    "四、政府信息公开行政复议、行政诉讼情况\n\t复议后起诉\n{}",
                    "\t0\n".repeat(n / 3)
                )
            }),
        ),
        (
            "one tab-separated line of cells",
            Box::new(|n| format!("规章{}", "\t0".repeat(n / 2))),
        ),
        (
            "repeated table-三 rows",
            Box::new(grow(
                "\t本年新收\n\t1\n\t2\n\t3\n\t4\n\t5\n\t6\n\t21\n\n".to_string(),
            )),
        ),
        (
            "repeated table-二 rows (tab-separated)",
            Box::new(grow("规章\t0\t1\t2\n".to_string())),
        ),
        (
            "repeated headings",
            Box::new(grow("一、总体情况\n".to_string())),
        ),
        (
            "page numbers after a heading",
            Box::new(|n| format!("一、总体情况\n{}", "12\n".repeat(n / 3))),
        ),
        (
            "bookmarks",
            Box::new(grow("[bookmark: _GoBack]一、总体情况\n".to_string())),
        ),
        (
            "unclosed bookmarks on one line",
            Box::new(|n| format!("一、总体情况\n{}]", "[bookmark:".repeat(n / 10))),
        ),
        (
            "citations with angle brackets",
            Box::new(|n| {
                format!(
                    "一、总体情况\n{}",
                    "《国务院办公厅<政府信息公开条例>》国办公开函〔2021〕30号".repeat(n / 90)
                )
            }),
        ),
        (
            "years and numerals",
            Box::new(|n| {
                format!(
                    "一、总体情况\n{}",
                    "二〇二二年一二三四五六七八九十月".repeat(n / 48)
                )
            }),
        ),
        (
            "only line ends (CR)",
            Box::new(move |n| fixture.replace('\n', "\r").repeat(n / fixture.len() + 1)),
        ),
        ("blank lines", Box::new(|n| "\n".repeat(n))),
    ]
}

#[test]
#[ignore = "a timing survey: cargo test --release --test limits -- --ignored --nocapture"]
fn worst_case_timings() {
    const MB: usize = 1024 * 1024;
    println!(
        "{:<40} {:>6} {:>10} {:>10} {:>12} {:>10}",
        "shape", "MB", "check ms", "json ms", "diagnostics", "json MB"
    );
    for (name, make) in shapes() {
        let mut last: Option<f64> = None;
        for size in [MB / 4, MB / 2, MB, 2 * MB, 4 * MB, 10 * MB] {
            let text = make(size);
            let start = std::time::Instant::now();
            let r = nianbao::check_text("t.txt", &text);
            let check = start.elapsed().as_secs_f64();
            let start = std::time::Instant::now();
            let json = serde_json::to_string(&r).unwrap();
            let ser = start.elapsed().as_secs_f64();
            let scan = {
                let s = std::time::Instant::now();
                let _ = check_text(&text);
                s.elapsed().as_secs_f64()
            };
            println!(
                "{:<40} {:>6.2} {:>10.1} {:>10.1} {:>12} {:>10.1}   limits::check_text {:.1} ms → {}",
                name,
                text.len() as f64 / MB as f64,
                check * 1000.0,
                ser * 1000.0,
                r.diagnostics.len(),
                json.len() as f64 / MB as f64,
                scan * 1000.0,
                check_text(&text).map(|f| f.variant).unwrap_or("ok"),
            );
            // Stop growing a shape that takes more than twice as long per byte as
            // before, or over 20 s: it is super-linear, reported from these lines.
            let per_byte = check / text.len() as f64;
            if check > 20.0 || last.is_some_and(|l| per_byte > 2.5 * l && check > 0.5) {
                println!("{:<40} super-linear: stopped growing", name);
                break;
            }
            last = Some(per_byte);
        }
    }
}
