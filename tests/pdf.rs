//! PDF reports: a real one as published, and the reader's behaviour on the cases the
//! field has (fonts, encodings, filters, damaged files, encryption, scans).

use nianbao::check_bytes;
use serde_json::{json, Value};

fn real(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/real/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn tables(r: &nianbao::InputResult) -> Value {
    serde_json::to_value(&r.report.as_ref().expect("a report").tables).unwrap()
}

/// 淮安市人民政府 2024 (WPS): every value as the corpus notes read them by hand.
#[test]
fn huaian_2024_reads_all_three_tables() {
    let r = check_bytes("huaian-shi-2024.pdf", &real("huaian-shi-2024.pdf"));
    let report = r.report.as_ref().expect("read as a report");
    let numbers: Vec<usize> = report.sections.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6], "all six sections");
    let t = tables(&r);
    assert_eq!(
        t["t2"]["rules"],
        json!({"issued": 1, "repealed": 0, "in_force": 11})
    );
    assert_eq!(
        t["t2"]["normative_documents"],
        json!({"issued": 8, "repealed": 26, "in_force": 66})
    );
    let row = |key: &str| -> Vec<i64> {
        let cols = [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_services",
            "other",
            "total",
        ];
        cols.iter()
            .map(|c| t["t3"][key][c].as_i64().unwrap_or(-1))
            .collect()
    };
    assert_eq!(row("1"), [3001, 53, 0, 0, 61, 4, 3119]);
    assert_eq!(row("2"), [34, 0, 0, 0, 0, 0, 34]);
    assert_eq!(row("3.1"), [1288, 21, 0, 0, 50, 3, 1362]);
    assert_eq!(row("3.2"), [447, 7, 0, 0, 0, 0, 454]);
    // Rows on the page after the break, under the merged label cut by it.
    assert_eq!(row("3.4.2"), [11, 0, 0, 0, 0, 0, 11]);
    assert_eq!(row("3.7"), [2932, 53, 0, 0, 61, 4, 3050]);
    assert_eq!(row("4"), [103, 0, 0, 0, 0, 0, 103]);
    assert_eq!(
        t["t4"]["review"],
        json!({"upheld": 72, "corrected": 64, "other": 178, "pending": 37, "total": 351})
    );
    assert_eq!(
        t["t4"]["litigation_direct"],
        json!({"upheld": 13, "corrected": 4, "other": 8, "pending": 1, "total": 26})
    );
    assert_eq!(
        t["t4"]["litigation_after_review"],
        json!({"upheld": 12, "corrected": 1, "other": 1, "pending": 6, "total": 20})
    );
    // Clean: no error from the tables, their arithmetic or the template.
    let bad: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == nianbao::diag::Severity::Error)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    // Findings name their page; page numbers, running footers are gone from the text.
    assert!(r
        .diagnostics
        .iter()
        .all(|d| d.span.is_none_or(|s| s.page.is_some())));
    let text = r.text.as_deref().expect("the text read");
    assert!(!text
        .lines()
        .any(|l| l.trim() == "-1-" || l.trim() == "- 1 -"));
    // Paragraphs wrapped over lines (and pages) are one paragraph again.
    assert!(text.contains(
        "（以下简称《条例》）规定编制。报告所列统计期限自2024年1月1日至2024年12月31日。"
    ));
}

/// Page numbers of findings: in the JSON (`span.page`) and in the text output.
#[test]
fn findings_name_their_page() {
    let r = check_bytes("huaian-shi-2024.pdf", &real("huaian-shi-2024.pdf"));
    let sig = r
        .diagnostics
        .iter()
        .find(|d| d.code == "META-SIGNATURE")
        .expect("the report ends without a signature");
    assert_eq!(sig.span.unwrap().page, Some(6));
    let v = serde_json::to_value(&r).unwrap();
    let pages: Vec<i64> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["span"]["page"].as_i64())
        .collect();
    assert!(pages.contains(&6));
    // Unpaged formats carry no page.
    let t = nianbao::check_text("a.txt", "一、总体情况\n");
    let v = serde_json::to_value(&t).unwrap();
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["span"].get("page").is_none()));
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The paragraphs a hand-made PDF reads as (scripts/make_pdf_fixtures.py).
fn paras(name: &str) -> Vec<String> {
    let items = nianbao_pdf::read(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    items
        .items
        .iter()
        .filter_map(|i| match i {
            nianbao_items::Item::Para(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn simple_font_winansi_with_differences_and_digits_out_of_order() {
    assert_eq!(
        paras("winansi.pdf"),
        ["Annual report “open”", "一、总体情况", "2024", "Café"]
    );
}

#[test]
fn identity_h_with_tounicode_in_an_object_stream_and_an_update() {
    // bfchar, bfrange (offset and array forms), a Kangxi radical folded to 一, the page
    // as the incremental update left it.
    assert_eq!(paras("objstm.pdf"), ["一、总体情况", "一2024"]);
}

#[test]
fn predefined_chinese_cmaps_without_tounicode() {
    assert_eq!(paras("gbk.pdf"), ["一、总体情况 2024年"]);
    assert_eq!(paras("ucs2.pdf"), ["一、总体情况"]);
    assert_eq!(paras("gb-euc.pdf"), ["一、总体情况 2024年"]);
    // Two UTF-16 units make one character.
    assert_eq!(paras("utf16.pdf"), ["二、主动公开𠀀"]);
    // The vertical forms decode as the horizontal ones; the text reads top to bottom.
    assert_eq!(paras("gbk-v.pdf"), ["三、收到申请"]);
    assert_eq!(paras("utf16-v.pdf"), ["四、行政复议"]);
}

#[test]
fn a_damaged_cross_reference_table_is_rebuilt() {
    assert_eq!(paras("damaged.pdf"), paras("winansi.pdf"));
}

#[test]
fn the_empty_user_password_opens_rc4_and_aes() {
    for name in ["rc4-40.pdf", "rc4-128.pdf", "aes-128.pdf", "aes-256.pdf"] {
        assert_eq!(paras(name), ["一、总体情况", "一2024"], "{name}");
    }
}

#[test]
fn a_table_from_ruling_lines_with_merged_cells() {
    use nianbao_items::{CellIn, Item};
    let items = nianbao_pdf::read(&fixture("table.pdf")).unwrap();
    let Item::Table(rows) = &items.items[0] else {
        panic!("a table first: {:?}", items.items)
    };
    let cell = |t: &[&str], c, r| CellIn::new(t.iter().map(|s| s.to_string()).collect(), c, r);
    assert_eq!(
        rows[0].cells,
        [cell(&["Item"], 1, 1), cell(&["Head"], 2, 1)]
    );
    assert_eq!(
        rows[1].cells,
        [
            cell(&["Label", "wrapped"], 1, 2),
            cell(&["12"], 1, 1),
            cell(&["0"], 1, 1)
        ]
    );
    assert_eq!(
        rows[2].cells,
        [
            CellIn::placeholder(1),
            cell(&["3"], 1, 1),
            cell(&["4"], 1, 1)
        ]
    );
    assert_eq!(items.items[1], Item::Para("After the table.".into()));
}

#[test]
fn stroked_glyph_outlines_are_no_table() {
    // cairo writes a fill-and-stroke (fake bold) run as text plus each glyph's outline
    // stroked as a path; the outline of an "H" crosses like rules. Before, the heading
    // lost its first letters to a one-character "table".
    assert_eq!(
        nianbao_pdf::read(&fixture("outlines.pdf")).unwrap().items,
        [
            nianbao_items::Item::Para("Heading in bold".into()),
            nianbao_items::Item::Para("The next paragraph.".into()),
        ]
    );
}

/// What the user is told: a finding, never IN-NOT-REPORT, never a panic; and no
/// verdict on the report, which was never read (issue 13: 无法检查).
fn only_finding(name: &str) -> nianbao::diag::Diagnostic {
    let r = check_bytes(name, &fixture(name));
    assert_eq!(r.diagnostics.len(), 1, "{name}: {:?}", r.diagnostics);
    assert_eq!(r.verdict, nianbao::Verdict::Unreadable);
    r.diagnostics[0].clone()
}

#[test]
fn scans_undecodable_fonts_passwords_and_unknown_filters_are_named() {
    let d = only_finding("scanned.pdf");
    assert_eq!(d.code, "IN-SCANNED");
    assert!(d.message.contains('2'), "{}", d.message);
    let d = only_finding("no-tounicode.pdf");
    assert_eq!(d.code, "IN-SCANNED");
    assert!(d.message.contains("ToUnicode"), "{}", d.message);
    let d = only_finding("user-password.pdf");
    assert_eq!(d.code, "IN-UNSUPPORTED");
    assert!(d.message.contains("密码"), "{}", d.message);
    let d = only_finding("brotli.pdf");
    assert_eq!(d.code, "IN-UNSUPPORTED");
    assert!(d.message.contains("BrotliDecode"), "{}", d.message);
}

/// The command line names the page: "第6页 第…行第…列".
#[test]
fn the_command_line_names_the_page() {
    let path = format!(
        "{}/tests/fixtures/real/huaian-shi-2024.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", &path])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.contains("META-SIGNATURE"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.trim_start().starts_with("第6页 第"), "{line}");
    assert!(stdout.contains("结论：通过"), "{stdout}");
}
