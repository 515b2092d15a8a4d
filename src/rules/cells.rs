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
        // One finding per cause and table: the blank cells, by row; the placeholders.
        let mut blank_rows: Vec<BlankRow> = Vec::new();
        let mut placeholders: Vec<(&'static str, &'static str, &crate::model::DataCell)> =
            Vec::new();
        for row in &t.rows {
            // Looked up only for a finding: most rows have none.
            let rlabel = || row_label(table, row.key);
            let mut blanks: Vec<(&'static str, crate::span::Span)> = Vec::new();
            for (col, cell) in row.columns.iter().zip(&row.cells) {
                let Some(cell) = cell else { continue };
                // One finding about this cell: its place, and what it holds.
                let about = |code: &'static str, found: crate::diag::Value| {
                    Finding::new(code)
                        .arg("table", table_name_zh(table))
                        .arg("row", rlabel())
                        .arg("column", format!("“{}”", column_label(table, col)))
                        .arg("found", &cell.raw)
                        .cell(table, row.key, col)
                        .found(found)
                        .span(cell.span)
                };
                match cell.num {
                    CellNumber::Blank => blanks.push((col, cell.span)),
                    CellNumber::Placeholder => placeholders.push((row.key, col, cell)),
                    CellNumber::NotNumber => {
                        out.push(about("CELL-NOT-NUMBER", cell.raw.clone().into()))
                    }
                    CellNumber::Number(x) if x < 0.0 && !SIGNED_COLUMNS.contains(col) => {
                        out.push(about("CELL-NEGATIVE", x.into()))
                    }
                    CellNumber::Number(x) if has_fraction(x) && !AMOUNT_COLUMNS.contains(col) => {
                        out.push(about("CELL-FRACTION", x.into()))
                    }
                    CellNumber::Number(_) => {}
                }
            }
            if blanks.is_empty() {
                continue;
            }
            // A row left blank is one omission, named as the whole row.
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
            // A blank total is not read as 0 by the arithmetic (see arithmetic.rs).
            let total_left_blank = !all
                && blanks
                    .iter()
                    .any(|(c, _)| *c == "total" || row.key == "3.7");
            blank_rows.push(BlankRow {
                key: row.key,
                label: rlabel(),
                columns,
                all,
                total_left_blank,
                blanks,
            });
        }
        if let Some(f) = blank_finding(table, &blank_rows) {
            out.push(f);
        }
        if let Some(f) = placeholder_finding(table, &placeholders) {
            out.push(f);
        }
    }
}

/// The blank cells of one row.
struct BlankRow {
    key: &'static str,
    label: &'static str,
    /// “全部” or the columns, quoted and joined.
    columns: String,
    all: bool,
    total_left_blank: bool,
    blanks: Vec<(&'static str, crate::span::Span)>,
}

/// One CELL-BLANK finding for a table's blank cells: placed at the first, listing all
/// (each with its place in the text).
fn blank_finding(table: &'static str, rows: &[BlankRow]) -> Option<Finding> {
    let first = rows.first()?;
    let note = if rows.iter().any(|r| r.total_left_blank) {
        "（未填的总计不据此核对合计关系）"
    } else {
        ""
    };
    let count: usize = rows.iter().map(|r| r.blanks.len()).sum();
    let mut f = Finding::new("CELL-BLANK")
        .arg("table", table_name_zh(table))
        .arg("note", note);
    if let [r] = rows {
        f = f.arg("row", r.label).arg("columns", &r.columns);
    } else {
        let places = rows
            .iter()
            .map(|r| {
                if r.all {
                    format!("“{}”一行全部", r.label)
                } else {
                    format!("“{}”一行的{}", r.label, r.columns)
                }
            })
            .collect::<Vec<_>>()
            .join("；");
        f = f.variant("rows").arg("count", count).arg("places", places);
    }
    let mut started = false;
    for r in rows {
        for (c, span) in &r.blanks {
            f = if started {
                f.also_cell(table, r.key, c)
            } else {
                started = true;
                f.cell(table, r.key, c)
            };
            f = f.cell_span(*span);
        }
    }
    // The place: the first row's blank cells.
    let span = first
        .blanks
        .iter()
        .map(|b| b.1)
        .reduce(|a, b| a.cover(b))
        .expect("non-empty");
    f = f.span(span);
    if rows.len() > 1 || first.all {
        f.column = None;
    }
    if rows.len() > 1 {
        f.row = None;
    }
    Some(f)
}

/// One CELL-PLACEHOLDER finding for a table's placeholders.
fn placeholder_finding(
    table: &'static str,
    cells: &[(&'static str, &'static str, &crate::model::DataCell)],
) -> Option<Finding> {
    let (row, col, cell) = cells.first()?;
    let mut f = Finding::new("CELL-PLACEHOLDER")
        .arg("table", table_name_zh(table))
        .span(cell.span);
    if cells.len() == 1 {
        f = f
            .arg("row", row_label(table, row))
            .arg("column", format!("“{}”", column_label(table, col)))
            .arg("found", &cell.raw)
            .found(cell.raw.clone());
    } else {
        let places = cells
            .iter()
            .map(|(r, c, x)| {
                format!(
                    "“{}”一行“{}”（“{}”）",
                    row_label(table, r),
                    column_label(table, c),
                    x.raw
                )
            })
            .collect::<Vec<_>>()
            .join("、");
        f = f
            .variant("many")
            .arg("count", cells.len())
            .arg("places", places);
    }
    for (i, (r, c, x)) in cells.iter().enumerate() {
        f = if i == 0 {
            f.cell(table, r, c)
        } else {
            f.also_cell(table, r, c)
        };
        f = f.cell_span(x.span);
    }
    if cells.len() > 1 {
        f.row = None;
        f.column = None;
    }
    Some(f)
}

/// `x.fract() != 0.0`, without its call to `trunc` (a library call on the baseline
/// x86-64 target) for the values cells hold: below 2^53 in magnitude, an integer is
/// exactly what survives the round trip through `i64`.
fn has_fraction(x: f64) -> bool {
    if x.abs() < 9.0e15 {
        (x as i64) as f64 != x
    } else {
        x.fract() != 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::has_fraction;

    #[test]
    fn has_fraction_is_fract_not_zero() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -3.0,
            0.5,
            -2.25,
            1e-300,
            123456.789,
            8.9e15,
            8.9e15 + 1.0,
            9.5e15,
            1e300,
            -1e300,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            assert_eq!(has_fraction(x), x.fract() != 0.0, "{x}");
        }
    }
}
