//! Legacy Word files (.doc, .wps) through the whole check: defects injected into a
//! fixture's .doc are found exactly as in its text; hand-made and damaged files get the
//! right message.

mod common;

use common::{set_cell, FIXTURES};
use nianbao::{check_bytes, check_text, InputResult};
use nianbao_items::Item;
use std::collections::BTreeSet;

fn format_file(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

type Key = (String, Option<String>, Option<String>);

fn arithmetic(r: &InputResult) -> BTreeSet<Key> {
    r.diagnostics
        .iter()
        .filter(|d| d.code.starts_with("T3-") || d.code.starts_with("T4-"))
        .map(|d| {
            (
                d.code.to_string(),
                d.row.clone(),
                d.column.map(str::to_string),
            )
        })
        .collect()
}

fn key(code: &str, row: &str, col: &str) -> Key {
    (code.into(), Some(row.into()), Some(col.into()))
}

/// Every finding but the bookmark's (a .doc keeps bookmarks out of its text).
fn findings(r: &InputResult) -> Vec<String> {
    let mut v: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| !(d.code == "CNT-ARTIFACT" && d.message.contains("书签")))
        .map(|d| format!("{} {:?} {:?} {}", d.code, d.row, d.column, d.message))
        .collect();
    v.sort();
    v
}

/// Changes, in place in the .doc's UTF-16 text, the last digit of the value of the
/// cell that `pick` chooses among the tables' rows (table index, row, cell); returns
/// the cell's new text. The cell is found by counting cell marks (0x07): each row's
/// cells, then its row-end mark.
fn inject(
    doc: &mut [u8],
    first_para: &str,
    pick: impl Fn(usize, &[String]) -> Option<usize>,
) -> String {
    let items = nianbao_doc::read(doc).unwrap().items;
    let mut ordinal = 0usize;
    let mut target = None;
    'tables: for (ti, rows) in items
        .iter()
        .filter_map(|i| match i {
            Item::Table(rows) => Some(rows),
            _ => None,
        })
        .enumerate()
    {
        for row in rows {
            let texts: Vec<String> = row.cells.iter().map(|c| c.lines.concat()).collect();
            if let Some(ci) = pick(ti, &texts) {
                target = Some((ordinal + ci, texts[ci].clone()));
                break 'tables;
            }
            ordinal += row.cells.len() + 1;
        }
    }
    let (mark, old) = target.expect("the cell to change");
    let start = doc
        .windows(utf16(first_para).len())
        .position(|w| w == utf16(first_para).as_slice())
        .expect("the text's start");
    let mut seen = 0usize;
    let mut at = start;
    loop {
        if doc[at] == 7 && doc[at + 1] == 0 {
            if seen == mark {
                break;
            }
            seen += 1;
        }
        at += 2;
    }
    // The value's last digit: before the cell mark, after any padding (no-break spaces).
    let mut p = at;
    loop {
        p -= 2;
        match u16::from_le_bytes([doc[p], doc[p + 1]]) {
            0xA0 | 0x20 | 0x2002 | 0x2003 | 0x2009 | 0x200B | 0x3000 | 0xFEFF => continue,
            u if (0x30..=0x39).contains(&u) => break,
            u => panic!("a digit before the mark, found U+{u:04X}"),
        }
    }
    let new = b'0' + (doc[p] - b'0' + 1) % 10;
    doc[p] = new;
    let digits = old.trim_matches(|c: char| !c.is_ascii_digit());
    let mut value = digits.to_string();
    value.pop();
    value.push(new as char);
    value
}

#[test]
fn defects_injected_into_a_doc_are_found_exactly_as_in_the_text() {
    for fixture in FIXTURES {
        let text = common::fixture(fixture);
        let stem = &fixture[..3];
        let first_para: String = text.trim_start().chars().take(6).collect();
        let original = format_file(&format!("{stem}.doc"));
        let base = check_bytes("a.doc", &original);
        assert!(arithmetic(&base).is_empty(), "{stem}: the fixture balances");

        // Table 三: （二）部分公开, 自然人 (the first value after the row's label).
        let mut doc = original.clone();
        let value = inject(&mut doc, &first_para, |ti, cells| {
            let label = cells.iter().position(|c| c.starts_with("（二）部分公开"))?;
            (ti == 1).then_some(label + 1)
        });
        let got = check_bytes("a.doc", &doc);
        // The row's 总计 no longer adds up, nor does （七）总计's 自然人 column.
        let want: BTreeSet<Key> = [
            key("T3-ROW-TOTAL", "3.2", "total"),
            key("T3-SUM", "3.7", "natural_person"),
        ]
        .into_iter()
        .collect();
        assert_eq!(arithmetic(&got), want, "{stem}: 三 (二) 自然人 → {value}");
        let same = check_text(
            "a.txt",
            &set_cell(&text, "t3", "3.2", "natural_person", &value),
        );
        assert_eq!(findings(&got), findings(&same), "{stem}: as in the text");

        // Table 四: the first value of its last row (行政复议 · 结果维持).
        let mut doc = original.clone();
        let value = inject(&mut doc, &first_para, |ti, cells| {
            (ti == 2 && cells.len() == 15 && cells.iter().all(|c| !c.is_empty())).then_some(0)
        });
        let got = check_bytes("a.doc", &doc);
        let want: BTreeSet<Key> = [key("T4-SUM", "review", "total")].into_iter().collect();
        assert_eq!(arithmetic(&got), want, "{stem}: 四 复议 维持 → {value}");
        let same = check_text("a.txt", &set_cell(&text, "t4", "review", "upheld", &value));
        assert_eq!(findings(&got), findings(&same), "{stem}: as in the text");
    }
}

fn refused(name: &str) -> String {
    let r = check_bytes(name, &format_file(name));
    assert_eq!(r.diagnostics.len(), 1, "{name}: {:?}", r.diagnostics);
    let d = &r.diagnostics[0];
    assert_eq!(d.code, "IN-UNSUPPORTED", "{name}: {}", d.message);
    assert!(
        d.message.contains(name),
        "{name}: names the file: {}",
        d.message
    );
    d.message.clone()
}

#[test]
fn unreadable_legacy_files_say_why() {
    for (name, says) in [
        ("edge-doc-encrypted.doc", "密码"),
        ("edge-doc-cycle.doc", "损坏"),
        ("edge-doc-sheet.xls", "Excel"),
        ("edge-old.doc", "损坏"),
    ] {
        let m = refused(name);
        assert!(m.contains(says), "{name}: {m}");
    }
    // A download cut short.
    let doc = format_file("001.doc");
    let r = check_bytes("cut.doc", &doc[..doc.len() * 6 / 10]);
    assert_eq!(r.diagnostics[0].code, "IN-UNSUPPORTED");
    assert!(
        r.diagnostics[0].message.contains("不完整"),
        "{}",
        r.diagnostics[0].message
    );
}

#[test]
fn hand_made_files_read_through_the_check() {
    // WPS's unpadded file, as dropped on the page or given to the command line.
    let r = check_bytes("报告.wps", &format_file("edge-doc-unpadded.wps"));
    assert!(r.text.as_deref().unwrap().starts_with("一、总体情况\n"));
    let r = check_bytes("m.doc", &format_file("edge-doc-merged.doc"));
    let text = r.text.unwrap();
    // The merged cell is written once, a placeholder in each later row.
    assert!(text.contains("\t丙\n\n\t1\n\t2\n\t3\n\t\n\n"), "{text}");
}

#[test]
fn list_numbers_read_alike_from_docx_and_its_doc() {
    // LibreOffice wrote the .doc's list tables from the .docx's numbering.xml.
    let docx = nianbao::read::read_bytes("l.docx", &format_file("edge-lists.docx")).unwrap();
    let doc = nianbao::read::read_bytes("l.doc", &format_file("edge-lists.doc")).unwrap();
    assert_eq!(
        doc.doc.text,
        "某某县2022年政府信息公开工作年度报告\n一、总体情况\n本年度……\n二、主动公开政府信息情况\n\
         （一）规章\n1.制发\n2.废止\n三、收到和处理政府信息公开申请情况\n"
    );
    assert_eq!(doc.doc.text, docx.doc.text);
}
