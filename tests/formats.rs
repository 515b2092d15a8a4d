//! Every format a report comes in reads the same: the five text fixtures rendered by
//! `scripts/make_format_fixtures.py` into saved web pages (UTF-8 and GBK), Word's "save as
//! web page" (GB2312), clipboard HTML, a bare page without merges, an old table-laid-out
//! page, .docx, the .docx saved by LibreOffice as Word 97–2003 .doc, UTF-16 and GB18030
//! text, the .docx (its tables ruled) printed to PDF by LibreOffice and a CMS page printed
//! to PDF by Chromium (with its running header and footer, rows cut by page breaks), must
//! give the same document, the same tables cell for cell and the same findings as the text
//! itself. The differences allowed: Word's `[bookmark: _GoBack]` is text in a copy but an
//! invisible mark in a page, a .docx, a .doc or a PDF, so its CNT-ARTIFACT appears only
//! where the text is; and a cell's paragraphs read run together in a bare page and in a
//! PDF (where they look like one paragraph's wrapped lines).
//! Plus the hand-written edge cases: bad files get a clear message, never a panic.

mod common;

use common::FIXTURES;
use nianbao::doc::{Block, Document};
use nianbao::{check_bytes, check_text, InputResult};

const FORMATS: [&str; 12] = [
    "page.html",
    "gbk.html",
    "word.htm",
    "clip.html",
    "bare.html",
    "layout.html",
    "docx",
    "doc",
    "utf16.txt",
    "gbk.txt",
    "lo.pdf",
    "chrome.pdf",
];

fn format_file(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Paragraphs and tables as lines: "P text", "R", "C text" (cell texts as read).
fn shape(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Paragraph(p) => out.push(format!("P {}", p.text)),
            Block::Table(t) => {
                out.push("T".into());
                for r in &t.rows {
                    out.push("R".into());
                    out.extend(r.cells.iter().map(|c| format!("C {}", c.text)));
                }
            }
        }
    }
    out
}

/// The Word bookmark marker is text in a copy but an invisible mark in a page or a
/// .docx: the only finding a format may lack.
fn is_bookmark(d: &nianbao::diag::Diagnostic) -> bool {
    d.code == "CNT-ARTIFACT" && d.message.contains("书签")
}

/// Findings without their positions (lines differ between a text and its rendering).
fn findings(r: &InputResult, skip_bookmarks: bool) -> Vec<String> {
    let mut v: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| !(skip_bookmarks && is_bookmark(d)))
        .map(|d| format!("{} {:?} {:?} {}", d.code, d.row, d.column, d.message))
        .collect();
    v.sort();
    v
}

fn tables(r: &InputResult) -> serde_json::Value {
    serde_json::to_value(&r.report.as_ref().expect("a report").tables).unwrap()
}

/// Numbers and blanks in the typed tables.
fn count_cells(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(m) => m.values().map(count_cells).sum(),
        serde_json::Value::Number(_) | serde_json::Value::Null => 1,
        _ => 0,
    }
}

#[test]
fn every_format_reads_as_the_same_document() {
    for fixture in FIXTURES {
        let text = common::fixture(fixture);
        let want = shape(&nianbao::read::read_str(&text).unwrap());
        let stem = &fixture[..3];
        for format in FORMATS {
            let name = format!("{stem}.{format}");
            let read = nianbao::read::read_bytes(&name, &format_file(&name))
                .unwrap_or_else(|f| panic!("{name}: {:?}", f.args));
            let mut got = shape(&read.doc);
            let mut want = want.clone();
            if format == "bare.html" || format.ends_with(".pdf") {
                // A line break in HTML source is whitespace, and between Chinese
                // characters none at all: "本年新\n制作数量" reads "本年新制作数量".
                // In a PDF a cell's paragraphs and its wrapped lines look alike.
                for v in [&mut got, &mut want] {
                    for line in v.iter_mut() {
                        *line = line.replace('\n', "");
                    }
                }
            }
            if got != want {
                let first = got.iter().zip(&want).position(|(a, b)| a != b);
                panic!(
                    "{name}: differs from the text at item {first:?}: got {:?}, want {:?}",
                    first.map(|i| &got[i]),
                    first.map(|i| &want[i])
                );
            }
            assert!(
                read.rendered,
                "{name}: the result must carry the text it read"
            );
            // The rendering reads back the same through the text reader.
            let again = nianbao::read::read_str(&read.doc.text).unwrap();
            assert_eq!(
                shape(&again),
                shape(&read.doc),
                "{name}: rendering read back"
            );
        }
    }
}

#[test]
fn every_format_gives_the_same_tables_and_findings() {
    let mut total = 0;
    for fixture in FIXTURES {
        let text = common::fixture(fixture);
        let base = check_text(fixture, &text);
        let want_tables = tables(&base);
        total += count_cells(&want_tables);
        let stem = &fixture[..3];
        for format in FORMATS {
            let name = format!("{stem}.{format}");
            let got = check_bytes(&name, &format_file(&name));
            assert_eq!(tables(&got), want_tables, "{name}: tables");
            // Text in another encoding is the same text: every finding, bookmark included.
            let markup = !format.ends_with(".txt");
            assert_eq!(
                findings(&got, markup),
                findings(&base, markup),
                "{name}: findings"
            );
            assert_eq!(got.verdict, base.verdict, "{name}: verdict");
            assert!(got.text.is_some(), "{name}: the rendered text comes back");
        }
    }
    assert_eq!(total, 982, "data cells over the five fixtures");
}

#[test]
fn merged_cells_keep_their_spans_and_add_no_values() {
    let read = nianbao::read::read_bytes("m.html", &format_file("edge-merged.html")).unwrap();
    let t = read.doc.tables().next().expect("a table");
    let row = |i: usize| -> Vec<(String, u32, u32)> {
        t.rows[i]
            .cells
            .iter()
            .map(|c| (c.text.as_str().to_owned(), c.colspan, c.rowspan))
            .collect()
    };
    let c = |t: &str, cs: u32, rs: u32| (t.to_string(), cs, rs);
    assert_eq!(row(0)[0].1, 3);
    assert_eq!(row(0)[0].2, 3);
    assert_eq!(
        row(1),
        vec![
            c("", 3, 0),
            c("自然人", 1, 2),
            c("法人或其他组织", 5, 1),
            c("总计", 1, 2)
        ]
    );
    assert_eq!(row(2)[0], c("", 3, 0));
    assert_eq!(row(2)[1], c("", 1, 0));
    assert_eq!(row(2)[2], c("商业\n企业", 1, 1));
    assert_eq!(row(2)[7], c("", 1, 0));
    // Padding (&nbsp;, U+3000) trimmed, nested markup read through, a blank kept blank.
    let values: Vec<String> = row(3)[1..].iter().map(|x| x.0.clone()).collect();
    assert_eq!(values, ["1", "0", "0", "0", "", "0", "1"]);
    assert_eq!(row(5)[0], c("", 1, 0));
    assert_eq!(row(5).len(), 9);
    let report = check_bytes("m.html", &format_file("edge-merged.html"));
    let t3 = &tables(&report)["t3"];
    assert_eq!(t3["1"]["natural_person"], 1);
    assert_eq!(t3["1"]["legal_services"], serde_json::Value::Null);
    assert_eq!(t3["3.2"]["total"], 0);
}

#[test]
fn chrome_inside_the_article_is_pointed_out_not_read() {
    let r = check_bytes("c.html", &format_file("edge-chrome-inside.html"));
    let chrome: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "CNT-ARTIFACT" && d.message.contains("网页"))
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(chrome.len(), 2, "{chrome:?}");
    let read =
        nianbao::read::read_bytes("c.html", &format_file("edge-chrome-inside.html")).unwrap();
    let paras: Vec<&str> = read.doc.paragraphs().map(|p| p.text.as_str()).collect();
    assert!(
        paras
            .iter()
            .all(|p| !p.contains("打印") && !p.contains("版权")),
        "{paras:?}"
    );
    assert_eq!(paras[0], "某某县2022年政府信息公开工作年度报告");
}

fn refused(name: &str) -> String {
    let r = check_bytes(name, &format_file(name));
    assert_eq!(r.diagnostics.len(), 1, "{name}: {:?}", r.diagnostics);
    let d = &r.diagnostics[0];
    assert_eq!(d.code, "IN-UNSUPPORTED", "{name}: {}", d.message);
    // Not a verdict on the report: it was never read.
    assert_eq!(r.verdict, nianbao::Verdict::Unreadable);
    d.message.clone()
}

#[test]
fn bad_files_get_a_clear_message() {
    let cases = [
        ("edge-photo.docx", "图片"),
        ("edge-old.doc", "另存为"),
        ("edge-password.docx", "密码"),
        ("edge-report.pdf", "PDF"),
        ("edge-truncated.docx", "损坏或不完整"),
        ("edge-bomb.docx", "32.0 MB"),
        ("edge-encrypted.docx", "加密"),
        ("edge-archive.zip", "压缩包"),
    ];
    for (name, says) in cases {
        let m = refused(name);
        assert!(m.contains(says), "{name}: {m}");
        assert!(m.contains(name), "{name}: the message names the file: {m}");
    }
}

#[test]
fn utf16_without_a_bom_is_read() {
    let read = nianbao::read::read_bytes("x.txt", &format_file("edge-nobom-utf16.txt")).unwrap();
    assert_eq!(read.doc.paragraphs().next().unwrap().text, "一、总体情况");
    assert_eq!(read.doc.tables().next().unwrap().rows[0].cells[1].text, "0");
}

#[test]
fn any_prefix_of_a_docx_or_page_is_a_finding_or_a_document_never_a_panic() {
    for name in ["001.docx", "001.doc", "001.page.html", "001.gbk.html"] {
        let bytes = format_file(name);
        for cut in (0..bytes.len()).step_by(bytes.len() / 97 + 1) {
            let _ = check_bytes(name, &bytes[..cut]);
        }
    }
}

#[test]
fn pages_and_docx_keep_the_templates_merges() {
    for name in [
        "001.page.html",
        "001.gbk.html",
        "001.word.htm",
        "001.clip.html",
        "001.docx",
        "001.doc",
    ] {
        let read = nianbao::read::read_bytes(name, &format_file(name)).unwrap();
        let cells: Vec<&nianbao::doc::Cell> = read
            .doc
            .tables()
            .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
            .collect();
        let find = |text: &str| cells.iter().find(|c| c.text == text).copied().unwrap();
        // Table 三: the outcome group spans its 22 rows; 一 spans the three label columns.
        assert_eq!(find("三、本年度办理结果").rowspan, 22, "{name}");
        assert_eq!(
            find("一、本年新收政府信息公开申请数量").colspan,
            3,
            "{name}"
        );
        assert_eq!(find("（三）不予公开").rowspan, 8, "{name}");
        // Table 四's header.
        assert_eq!(find("行政诉讼").colspan, 10, "{name}");
        // Placeholders: 三's header (勾稽 2, 自然人 1, 总计 1), the outcome group 21,
        // （三）（四）（五）（六） 7 + 2 + 4 + 2, and 四's five header cells.
        let placeholders = cells.iter().filter(|c| c.rowspan == 0).count();
        assert_eq!(placeholders, 4 + 21 + 7 + 2 + 4 + 2 + 5, "{name}");
    }
}

fn text_tables(stem: &str) -> serde_json::Value {
    let name = common::FIXTURES
        .iter()
        .find(|f| f.starts_with(stem))
        .expect("fixture");
    tables(&check_text(name, &common::fixture(name)))
}

/// Tables not fully ruled (issue 10), printed to PDF by a real producer
/// (scripts/make_format_fixtures.py, UNRULED): ruled only between their rows, no
/// vertical rule (the .docx by LibreOffice; the CMS page by Chromium with a rule under
/// each cell), or with no rule at all (the .docx with its borders removed, by
/// LibreOffice; the CMS page with `border: none`, by Chromium, its cells centred
/// vertically, or aligned left and top). Each reads with the text's tables 二, 三 and 四 cell for cell, columns
/// found from the text's alignment, rows from the rules or the text's flow, a table
/// continued on the next page with the columns it had there (004: a label cut by the
/// page break).
#[test]
fn tables_not_fully_ruled_read_cell_for_cell() {
    for name in [
        "000.lo-rows.pdf",
        "002.lo-rows.pdf",
        "004.lo-rows.pdf",
        "001.chrome-rows.pdf",
        "004.chrome-rows.pdf",
        "000.lo-none.pdf",
        "001.lo-none.pdf",
        "003.lo-none.pdf",
        "001.chrome-none.pdf",
        "004.chrome-none.pdf",
        "004.chrome-left.pdf",
    ] {
        let stem = &name[..3];
        let got = check_bytes(name, &format_file(name));
        let want = text_tables(stem);
        assert!(
            count_cells(&want) >= 186,
            "{name}: the text has its three tables"
        );
        assert_eq!(tables(&got), want, "{name}: tables");
        // The same findings, but that a lone number under a table (a page number Word
        // copied into it, CNT-ARTIFACT in the text) is no row of an unruled table.
        let base = check_text(stem, &common::fx(stem));
        let no_artifact = |r: &InputResult| -> Vec<String> {
            findings(r, true)
                .into_iter()
                .filter(|f| !f.starts_with("CNT-ARTIFACT"))
                .collect()
        };
        assert_eq!(no_artifact(&got), no_artifact(&base), "{name}: findings");
        assert_eq!(
            got.verdict,
            check_text(stem, &common::fx(stem)).verdict,
            "{name}"
        );
    }
}
