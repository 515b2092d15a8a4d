//! The hand-made files of scripts/make_doc_fixtures.py, each showing one thing real
//! writers do, and damaged files: what each must read as, or why it is refused.

use nianbao_items::{Item, ReadError};

fn file(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/fixtures/formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Paragraphs as "P text", tables as "T" then each row's cells "text/colspan/rowspan".
fn shape(items: &[Item]) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Item::Para(p) => out.push(format!("P {p}")),
            Item::Table(rows) => {
                out.push("T".into());
                for r in rows {
                    let cells: Vec<String> = r
                        .cells
                        .iter()
                        .map(|c| {
                            let lines: Vec<&str> = c
                                .lines
                                .iter()
                                .map(|l| l.as_str())
                                .filter(|l| !l.is_empty())
                                .collect();
                            format!("{}/{}/{}", lines.join("|"), c.colspan, c.rowspan)
                        })
                        .collect();
                    out.push(cells.join(" "));
                }
            }
            Item::Chrome(c) => out.push(format!("C {c}")),
            Item::PageBreak => out.push("PB".into()),
            Item::Image => out.push("IMG".into()),
        }
    }
    out
}

fn read(name: &str) -> Vec<String> {
    shape(
        &nianbao_doc::read(&file(name))
            .unwrap_or_else(|e| panic!("{name}: {e:?}"))
            .items,
    )
}

fn reason(e: ReadError) -> String {
    match e {
        ReadError::Unsupported { reason } | ReadError::Encrypted { reason } => reason,
        other => format!("{other:?}"),
    }
}

#[test]
fn merged_cells_by_edges_flags_and_vertical_merges() {
    // The grid lines of the whole table: 0, 1000, 1500, 2000, 3000. Row 0's first cell
    // (0–2000) spans three columns; in row 1 乙 and the empty cell after it are joined by
    // the old merge flags; 丙 is merged down over rows 1–3 (TC flags in row 2,
    // sprmTVertMerge in row 3).
    assert_eq!(
        read("edge-doc-merged.doc"),
        [
            "P 合并单元格",
            "T",
            "宽/3/1 右/1/1",
            "甲/1/1 乙/2/1 丙/1/3",
            "1/1/1 2/1/1 3/1/1 /1/0",
            "4/1/1 5/1/1 6/1/1 /1/0",
            "P 表后",
        ]
    );
}

#[test]
fn fast_saved_pieces_fields_and_hidden_text() {
    // Seven pieces stored out of order, 8-bit (cp1252: curly quotes, en dash, é) and
    // UTF-16; a PAGE field shows its result "12", not its code; "隐藏文字" is hidden;
    // the cell's in-table property comes from its piece's Prm.
    assert_eq!(
        read("edge-doc-fastsave.doc"),
        [
            "P Fast \u{201c}saved\u{201d} \u{2013} caf\u{e9}",
            "P 一、总体情况",
            "P 本年度共12件。",
            "T",
            "表格/1/1",
            "P 结束",
        ]
    );
}

#[test]
fn wps_file_with_an_unpadded_last_sector() {
    let bytes = file("edge-doc-unpadded.wps");
    assert_ne!(bytes.len() % 512, 0, "the fixture ends inside a sector");
    let items = nianbao_doc::read(&bytes).unwrap();
    assert_eq!(items.producer.as_deref(), Some("WPS Office"));
    assert_eq!(
        shape(&items.items),
        [
            "P 一、总体情况",
            "P WPS 文字保存的文件，最后一个扇区没有补齐。"
        ]
    );
    // Cut further, inside the last stream's sectors: damaged, not a panic.
    let cut = &bytes[..bytes.len() - 600];
    assert!(reason(nianbao_doc::read(cut).unwrap_err()).contains("不完整"));
}

/// Numbered in the paragraph's own properties or through its style (总体情况 and
/// 依申请公开 are of a heading style in the list; one paragraph of that style turns its
/// number off).
#[test]
fn automatic_list_numbers() {
    assert_eq!(
        read("edge-doc-lists.doc"),
        [
            "P 一、总体情况",
            "P （一）这一行的编号是手写的，不是自动编号。",
            "P 二、主动公开",
            "P （一）规章",
            "P （二）规范性文件",
            "P 三、依申请公开",
            "P 这一段的样式有编号，段落自己取消了。",
            "P （一）收到申请",
        ]
    );
}

#[test]
fn a_table_in_a_cell_is_read_as_the_cells_lines() {
    assert_eq!(
        read("edge-doc-nested.doc"),
        ["P 外表", "T", "左/1/1 内1|内2/1/1", "P 完"]
    );
}

#[test]
fn password_protected_files_are_refused_as_encrypted() {
    match nianbao_doc::read(&file("edge-doc-encrypted.doc")) {
        Err(ReadError::Encrypted { reason }) => assert!(reason.contains("密码"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn word_95_files_are_refused_by_version() {
    let e = nianbao_doc::read(&file("edge-doc-word95.doc")).unwrap_err();
    assert!(reason(e).contains("Word 6.0/95"));
}

#[test]
fn a_looping_chain_is_damage_not_a_hang() {
    let e = nianbao_doc::read(&file("edge-doc-cycle.doc")).unwrap_err();
    assert!(reason(e).contains("成环"));
}

#[test]
fn libreoffice_doc_reads_the_templates_tables() {
    let items = nianbao_doc::read(&file("001.doc")).unwrap().items;
    let tables: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            Item::Table(rows) => Some(rows),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 3);
    let t3 = tables[1];
    // 25 rows of the 2021 template's table 三 under its three header rows.
    assert_eq!(t3.len(), 28);
    assert_eq!(t3[0].cells[0].colspan, 3);
    assert_eq!(t3[0].cells[0].rowspan, 3);
    assert_eq!(t3[5].cells[0].lines, ["三、本年度办理结果"]);
    assert_eq!(t3[5].cells[0].rowspan, 22);
    let t4 = tables[2];
    assert_eq!(t4[0].cells[1].colspan, 10);
    assert_eq!(t4[3].cells.len(), 15);
}

#[test]
fn every_prefix_and_damage_is_an_error_or_items_never_a_panic() {
    let whole = file("001.doc");
    for cut in (0..whole.len()).step_by(97) {
        let r = nianbao_doc::read(&whole[..cut]);
        if cut < 512 {
            assert!(r.is_err(), "a {cut}-byte prefix has no directory");
        }
    }
    // Overwritten bytes (a fixed pseudo-random walk): anything but a panic.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..300 {
        let mut b = whole.clone();
        for _ in 0..8 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let at = (x % b.len() as u64) as usize;
            b[at] = (x >> 32) as u8;
        }
        let _ = nianbao_doc::read(&b);
    }
    // Not a compound file at all.
    assert!(reason(nianbao_doc::read(b"PK\x03\x04").unwrap_err()).contains("OLE"));
    // A compound file with no Word stream.
    let e = nianbao_doc::read(&file("edge-doc-sheet.xls")).unwrap_err();
    assert!(reason(e).contains("Excel"));
}

#[test]
fn too_large_is_refused_before_reading() {
    let big = vec![0u8; nianbao_doc::MAX_FILE_BYTES + 1];
    assert!(matches!(
        nianbao_doc::read(&big),
        Err(ReadError::TooLarge { .. })
    ));
}

/// Inputs that once made the reader panic, found by fuzzing (`fuzz_targets/read_doc.rs`).
#[test]
fn fuzz_regressions() {
    // A list table whose recorded size runs past the end of the table stream
    // (lists.rs indexed the last LSTF's flags out of bounds).
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let _ = nianbao_doc::read(&bytes);
        n += 1;
    }
    assert!(n >= 1);
}
