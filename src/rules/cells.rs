//! CELL-BLANK, CELL-PLACEHOLDER, CELL-NOT-NUMBER, CELL-NEGATIVE, CELL-FRACTION: what
//! each data cell holds.

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::{column_label, row_label, table_name_zh, Report};
use crate::numbers::CellNumber;

/// Columns that are amounts, not counts: they may have decimals.
const AMOUNT_COLUMNS: [&str; 2] = ["amount_wan_yuan", "amount"];
/// Columns that are differences (2019 本年增/减): they may be negative.
const SIGNED_COLUMNS: [&str; 1] = ["change"];

pub fn check(_doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    for t in [&report.t2, &report.t3, &report.t4].into_iter().flatten() {
        let table = t.key;
        for row in &t.rows {
            let rlabel = row_label(table, row.key);
            let mut blanks: Vec<(&'static str, crate::span::Span)> = Vec::new();
            for (col, cell) in row.columns.iter().zip(&row.cells) {
                let Some(cell) = cell else { continue };
                // One finding about this cell: its place, and what it holds.
                let about = |code: &'static str, found: crate::diag::Value| {
                    Finding::new(code)
                        .arg("table", table_name_zh(table))
                        .arg("row", rlabel)
                        .arg("column", format!("“{}”", column_label(table, col)))
                        .arg("found", &cell.raw)
                        .cell(table, row.key, col)
                        .found(found)
                        .span(cell.span)
                };
                match cell.num {
                    CellNumber::Blank => blanks.push((col, cell.span)),
                    CellNumber::Placeholder => {
                        out.push(about("CELL-PLACEHOLDER", cell.raw.clone().into()))
                    }
                    CellNumber::NotNumber => {
                        out.push(about("CELL-NOT-NUMBER", cell.raw.clone().into()))
                    }
                    CellNumber::Number(x) if x < 0.0 && !SIGNED_COLUMNS.contains(col) => {
                        out.push(about("CELL-NEGATIVE", x.into()))
                    }
                    CellNumber::Number(x) if x.fract() != 0.0 && !AMOUNT_COLUMNS.contains(col) => {
                        out.push(about("CELL-FRACTION", x.into()))
                    }
                    CellNumber::Number(_) => {}
                }
            }
            if blanks.is_empty() {
                continue;
            }
            // One finding per row: a row left blank is one omission, not seven.
            let all = blanks.len() == row.columns.len() && row.columns.len() > 1;
            let columns = if all {
                "全部".to_string()
            } else {
                blanks
                    .iter()
                    .map(|(c, _)| format!("“{}”", column_label(table, c)))
                    .collect::<Vec<_>>()
                    .join("、")
            };
            let span = blanks
                .iter()
                .map(|b| b.1)
                .reduce(|a, b| a.cover(b))
                .expect("non-empty");
            // A blank total is not read as 0 by the arithmetic (see arithmetic.rs).
            let total_left_blank = !all
                && blanks
                    .iter()
                    .any(|(c, _)| *c == "total" || row.key == "3.7");
            let note = if total_left_blank {
                "（未填的总计不据此核对合计关系）"
            } else {
                ""
            };
            let mut f = Finding::new("CELL-BLANK")
                .arg("table", table_name_zh(table))
                .arg("row", rlabel)
                .arg("columns", columns)
                .arg("note", note)
                .cell(table, row.key, blanks[0].0)
                .span(span);
            for (c, _) in &blanks[1..] {
                f = f.also_cell(table, row.key, c);
            }
            if all {
                f.column = None;
            }
            out.push(f);
        }
    }
}
