//! Exhaustive one-cell changes: every data cell of tables 三 and 四 in every fixture,
//! raised by one, must get exactly the arithmetic findings that cell's identities
//! deserve — no more, no fewer — and nothing else new but prose contradictions.

mod common;

use common::*;
use nianbao::model::{T3_COLUMNS, T4_COLUMNS, T4_GROUPS};
use nianbao::numbers::CellNumber;
use std::collections::BTreeSet;

type Key = (String, Option<String>, Option<String>); // (code, row, column)

fn arithmetic(text: &str) -> BTreeSet<Key> {
    check(text)
        .diagnostics
        .into_iter()
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

fn other_codes(text: &str) -> BTreeSet<String> {
    codes(text)
        .into_iter()
        .filter(|c| {
            !c.starts_with("T3-")
                && !c.starts_with("T4-")
                && !c.starts_with("TXT-")
                && c != "CELL-BLANK"
        })
        .collect()
}

fn key(code: &str, row: &str, col: &str) -> Key {
    (
        code.to_string(),
        Some(row.to_string()),
        Some(col.to_string()),
    )
}

#[test]
fn every_table_three_cell() {
    for name in FIXTURES {
        let text = fixture(name);
        let r = check(&text).report.unwrap();
        let t3 = r.tables.t3.as_ref().unwrap();
        assert!(arithmetic(&text).is_empty(), "{name}: the fixtures balance");
        let before_other = other_codes(&text);
        let rows: Vec<&str> = t3.rows.iter().map(|r| r.key).collect();
        for row in &rows {
            for (col, _) in T3_COLUMNS {
                let v = t3.value(row, col).unwrap();
                let m = set_cell(&text, "t3", row, col, &format!("{}", v as i64 + 1));
                let mut want = BTreeSet::new();
                // The row's 总计 no longer equals the sum of its six columns — unless the
                // 总计 was left blank (not stated, so not judged) and stays so.
                let total_blank = t3
                    .cell(row, "total")
                    .is_some_and(|c| c.num == CellNumber::Blank);
                if !(total_blank && col != "total") {
                    want.insert(key("T3-ROW-TOTAL", row, "total"));
                }
                let col_balance = matches!(*row, "1" | "2" | "3.7" | "4");
                let col_sum = row.starts_with("3.");
                if col_balance {
                    want.insert(key("T3-BALANCE", "3.7", col));
                }
                if col_sum {
                    want.insert(key("T3-SUM", "3.7", col));
                }
                assert_eq!(arithmetic(&m), want, "{name}: t3 {row} {col} +1");
                assert_eq!(other_codes(&m), before_other, "{name}: t3 {row} {col} +1");
            }
        }
    }
}

#[test]
fn every_table_four_cell() {
    for name in FIXTURES {
        let text = fixture(name);
        for (group, _) in T4_GROUPS {
            for (col, _) in T4_COLUMNS {
                let m = set_cell(&text, "t4", group, col, "1");
                let want: BTreeSet<Key> = [key("T4-SUM", group, "total")].into_iter().collect();
                assert_eq!(arithmetic(&m), want, "{name}: t4 {group} {col}");
            }
        }
    }
}

#[test]
fn mended_cells_come_back_clean() {
    // Raising a row consistently (a column and its 总计, in 本年新收 and in an outcome
    // row and （七）总计) keeps every identity.
    for name in FIXTURES {
        let text = fixture(name);
        let mut m = text.clone();
        for (row, col) in [
            ("1", "commercial"),
            ("1", "total"),
            ("3.2", "commercial"),
            ("3.2", "total"),
        ] {
            m = set_cell(
                &m,
                "t3",
                row,
                col,
                &format!(
                    "{}",
                    check(&m)
                        .report
                        .unwrap()
                        .tables
                        .t3
                        .unwrap()
                        .value(row, col)
                        .unwrap() as i64
                        + 2
                ),
            );
        }
        for (row, col) in [("3.7", "commercial"), ("3.7", "total")] {
            let v = check(&m)
                .report
                .unwrap()
                .tables
                .t3
                .unwrap()
                .value(row, col)
                .unwrap() as i64;
            m = set_cell(&m, "t3", row, col, &format!("{}", v + 2));
        }
        assert!(arithmetic(&m).is_empty(), "{name}: {:?}", arithmetic(&m));
    }
}
