//! Whole-report tests over the five real fixtures: every data cell extracted exactly,
//! the defects report-format.md §9 lists found with the right codes and lines, nothing
//! the reports do not deserve, and a snapshot of the full result.

mod common;

use common::*;
use nianbao::model::{Report, TypedTable};
use nianbao::numbers::CellNumber;

fn model(text: &str) -> (nianbao::doc::Document, Report) {
    let doc = nianbao::read::read_str(text).expect("readable");
    let (report, _) = nianbao::extract::extract(&doc);
    (doc, report.expect("a report"))
}

fn tables(r: &Report) -> Vec<&TypedTable> {
    [&r.t2, &r.t3, &r.t4].into_iter().flatten().collect()
}

fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || c == '\u{a0}' || c == '\u{2002}' || c == '\u{3000}'
    })
}

/// An independent reading of the Word-copied layout: every tab-indented line that holds
/// a number is a data cell, except a lone number in a row of its own (a page number).
fn numeric_cell_lines(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(cell) = l.strip_prefix('\t') else {
            continue;
        };
        let v = trim(cell);
        if v.is_empty() || v.parse::<f64>().is_err() {
            continue;
        }
        let blank = |j: Option<&&str>| j.is_none_or(|s| trim(s).is_empty());
        let alone = blank(i.checked_sub(1).and_then(|j| lines.get(j))) && blank(lines.get(i + 1));
        if alone {
            continue;
        }
        out.push((i + 1, v.to_string()));
    }
    out
}

#[test]
fn every_data_cell_is_extracted_exactly() {
    let mut total = 0;
    for name in FIXTURES {
        let text = fixture(name);
        let (doc, report) = model(&text);
        let index = nianbao::span::LineIndex::new(&doc.text);
        let mut cells: Vec<(usize, &nianbao::model::DataCell)> = Vec::new();
        for t in tables(&report) {
            for row in &t.rows {
                assert_eq!(
                    row.cells.len(),
                    row.columns.len(),
                    "{name} {} {}",
                    t.key,
                    row.key
                );
                for c in row.cells.iter() {
                    let c = c.as_ref().unwrap_or_else(|| {
                        panic!("{name}: {} row {} lacks a cell", t.key, row.key)
                    });
                    cells.push((c.span.start, c));
                }
            }
        }
        total += cells.len();
        cells.sort_by_key(|c| c.0);
        // Numeric cells, in reading order, are exactly the numbers on the tab lines.
        let extracted: Vec<(usize, String)> = cells
            .iter()
            .filter(|(_, c)| matches!(c.num, CellNumber::Number(_)))
            .map(|(at, c)| (index.position(*at).0 as usize, c.raw.as_str().to_owned()))
            .collect();
        assert_eq!(extracted, numeric_cell_lines(&text), "{name}");
    }
    // 2019 layout: 22 + 161 + 15; 2021: 10 + 175 + 15; 004 mixes 10 + 161 + 15.
    assert_eq!(total, 198 + 200 + 198 + 200 + 186);
    assert_eq!(total, 982);
}

#[test]
fn blank_cells_stay_blank() {
    let blanks = |prefix: &str| -> Vec<(String, String)> {
        let (_, report) = model(&fx(prefix));
        let mut out = Vec::new();
        for t in tables(&report) {
            for row in &t.rows {
                for (col, c) in row.columns.iter().zip(&row.cells) {
                    if c.as_ref().is_some_and(|c| c.num == CellNumber::Blank) {
                        out.push((row.key.to_string(), col.to_string()));
                    }
                }
            }
        }
        out
    };
    // 000: the row 3.补正后申请内容仍不明确 is all blank (line 253 on).
    let cols = [
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other",
        "total",
    ];
    let expected: Vec<(String, String)> = cols
        .iter()
        .map(|c| ("3.4.3".to_string(), c.to_string()))
        .collect();
    assert_eq!(blanks("000"), expected);
    // 001: 上年结转, 法律服务机构 (line 95).
    assert_eq!(
        blanks("001"),
        vec![("2".to_string(), "legal_services".to_string())]
    );
    assert!(blanks("002").is_empty() && blanks("003").is_empty() && blanks("004").is_empty());
}

#[test]
fn metadata_as_written() {
    let (_, r) = model(&fx("001"));
    assert_eq!(r.organ.as_deref(), Some("侯马经济开发区"));
    assert_eq!(r.year(), Some(2022));
    assert_eq!(
        r.signature_organ.as_ref().unwrap().value,
        "侯马经济开发区综合工作部"
    );
    assert_eq!(
        r.signature_date.as_ref().unwrap().value.to_string(),
        "2023-01-16"
    );
    let (_, r) = model(&fx("003"));
    assert_eq!(
        r.signature_date.as_ref().unwrap().value.to_string(),
        "2024-01-24"
    );
    assert_eq!(r.period.as_ref().unwrap().value.1.to_string(), "2024-12-31");
    let (_, r) = model(&fx("004"));
    assert_eq!(r.kind, Some(nianbao::model::OrganKind::Government));
    assert_eq!(r.template, Some(nianbao::model::Template::Mixed));
    let t3 = r.t3.as_ref().unwrap();
    assert_eq!(t3.value("1", "total"), Some(7.0));
    assert_eq!(t3.value("1", "natural_person"), Some(6.0));
    assert_eq!(t3.value("1", "public_interest"), Some(1.0));
    let t2 = r.t2.as_ref().unwrap();
    assert_eq!(t2.value("fees", "amount_wan_yuan"), Some(1835.0));
    let (_, r) = model(&fx("003"));
    assert_eq!(
        r.t2.as_ref().unwrap().value("fees", "amount_wan_yuan"),
        Some(127.9)
    );
}

/// Codes owned by this test (the prose rules have their own, in prose_rules.rs).
fn structural(fs: Vec<(String, u32)>) -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = fs
        .into_iter()
        .filter(|(c, _)| !c.starts_with("TXT-") && c != "CNT-DUPLICATE")
        .collect();
    v.sort();
    v
}

fn expect(prefix: &str, expected: &[(&str, u32)]) {
    let mut e: Vec<(String, u32)> = expected.iter().map(|(c, l)| (c.to_string(), *l)).collect();
    e.sort();
    assert_eq!(structural(findings(&fx(prefix))), e, "fixture {prefix}");
}

#[test]
fn fixture_000_findings() {
    expect(
        "000",
        &[
            ("META-TITLE", 1),       // lacks 政府…工作
            ("CNT-ARTIFACT", 4),     // [bookmark: _GoBack]
            ("TPL-OUTDATED", 14),    // 2019 table 二 (本年新制作数量 …)
            ("CELL-BLANK", 254),     // 3.补正后申请内容仍不明确, all blank
            ("TPL-OUTDATED", 319),   // single-row （六）其他处理
            ("CNT-FEE", 399),        // 六 is just 无
            ("CNT-ARTIFACT", 400),   // page number "1"
            ("META-SIGNATURE", 400), // no 落款
        ],
    );
}

#[test]
fn fixture_001_findings() {
    expect(
        "001",
        &[
            ("META-TITLE", 1),    // lacks 工作
            ("CNT-CITATION", 4),  // 国务院办公厅信息与政务公开办公室
            ("CNT-CITATION", 4),  // <…> for 〈…〉
            ("CNT-CITATION", 4),  // 国办公开函
            ("CNT-OVERVIEW", 5),  // no 依申请公开, 平台建设
            ("CNT-ARTIFACT", 6),  // bookmark
            ("CNT-ARTIFACT", 59), // stray "\t1"
            ("CELL-BLANK", 95),   // 上年结转 / 法律服务机构
            ("CNT-FEE", 410),     // 无。
        ],
    );
}

#[test]
fn fixture_002_findings() {
    expect(
        "002",
        &[
            ("META-TITLE", 1),
            ("CNT-GOV-ASSESS", 3), // a township government without 考核/评议/追究
            ("META-PERIOD", 3),
            ("CNT-ARTIFACT", 6),
            ("TPL-OUTDATED", 14),
            ("TPL-OUTDATED", 320),
            ("CNT-FEE", 399),
            ("META-SIGNATURE", 399),
        ],
    );
}

#[test]
fn fixture_003_findings() {
    expect(
        "003",
        &[
            ("CNT-CITATION", 4),      // <…> inside 《…》
            ("SEC-ORDINAL", 5),       // "1、 总体情况"
            ("CNT-ARTIFACT", 402),    // bookmark
            ("META-DATE-EARLY", 409), // 2024年1月24日 for the 2024 report
        ],
    );
}

#[test]
fn fixture_004_findings() {
    expect(
        "004",
        &[
            ("CNT-GOV-ASSESS", 4), // no 社会评议
            ("CNT-OVERVIEW", 4),   // no 监督保障
            ("META-PERIOD", 4),
            ("CNT-ARTIFACT", 12),
            ("TPL-MIXED", 295),    // 2021 table 二 with 2019 （六）其他处理
            ("CNT-PROBLEMS", 371), // plans only
            ("META-SIGNATURE", 373),
        ],
    );
}

#[test]
fn snapshots() {
    for name in FIXTURES {
        let report = check(&fixture(name));
        insta::assert_json_snapshot!(name, report);
    }
}
