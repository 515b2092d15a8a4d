//! T3-BALANCE, T3-SUM, T3-ROW-TOTAL, T4-SUM: the identities that bind the tables.
//! Blank cells and placeholders count as 0 (their own rules say so); an identity with a
//! cell that is no number, or with a row the table lacks, is not judged (TBL-SHAPE and
//! CELL-NOT-NUMBER already say why). Nor is one whose total (总计, （七）总计) was left
//! blank: a report that leaves totals empty beside filled cells (the official 2019
//! Shanghai report does) has not stated them as 0, and CELL-BLANK says so.

use crate::diag::{Finding, Value};
use crate::doc::Document;
use crate::model::same_key;
use crate::model::{
    row_label, DataRow, Report, Template, TypedTable, T3_COLUMNS, T4_COLUMNS, T4_GROUPS,
};

/// Exact for counts; the tolerance only absorbs float noise.
const EPS: f64 = 1e-9;

/// The value of a present cell for arithmetic; `None` when the row or cell is missing,
/// holds text that is no number, or is a total (the 总计 column, the （七）总计 row)
/// left blank beside filled cells: a blank part counts as 0, such a total was not stated.
pub(crate) fn val(t: &TypedTable, row: &str, col: &str) -> Option<f64> {
    val_in(t.row(row)?, col)
}

/// [`val`] for a row in hand.
fn val_in(r: &DataRow, col: &str) -> Option<f64> {
    if !r.complete {
        return None;
    }
    let c = r.cell(col)?;
    let is_number =
        |c: &crate::model::DataCell| matches!(c.num, crate::numbers::CellNumber::Number(_));
    let is_total = same_key(col, "total") || same_key(r.key, "3.7");
    // A blank total beside filled cells was not stated; in a row left wholly blank
    // every cell reads as 0 like any blank.
    if is_total && !is_number(c) && r.cells.iter().flatten().any(is_number) {
        return None;
    }
    c.arith()
}

fn is_outcome(key: &str) -> bool {
    key.starts_with("3.") && !same_key(key, "3.7")
}

/// The outcome rows whose sum is （七）总计, for the rows this table has.
fn outcome_rows(t: &TypedTable) -> Vec<&'static str> {
    t.rows
        .iter()
        .map(|r| r.key)
        .filter(|k| is_outcome(k))
        .collect()
}

/// One identity of a table, as the T3-* and T4-SUM rules judge it: Σ coef × cell = 0,
/// with the cell it totals. The suspect search and the table assistant's totals
/// ([`crate::draft`]) take the identities from here, so each is written once.
#[derive(Clone, Debug)]
pub struct Identity {
    /// The rule that judges it.
    pub code: &'static str,
    /// The cell that is the sum of the others: （七）总计, a row's 总计, a group's 总计,
    /// or for the balance 结转下年度继续办理 (= 本年新收 + 上年结转 − （七）总计).
    pub total: (&'static str, &'static str),
    /// (row, column, coefficient), in the order the rule reads them.
    pub terms: Vec<(&'static str, &'static str, f64)>,
}

/// The identities of table 三 or 四 that the rules judge for this table's shape (the
/// T3-SUM identity only when every outcome row is there), whatever its cells hold.
pub fn identities(t: &TypedTable) -> Vec<Identity> {
    let mut out = Vec::new();
    each_identity(t, |id| out.push(id));
    out
}

/// [`identities`] one at a time (the suspect search takes them so, which keeps the
/// base WebAssembly module from growing).
pub fn each_identity(t: &TypedTable, mut out: impl FnMut(Identity)) {
    match t.key {
        "t3" => {
            let outcomes = outcome_rows(t);
            let sums = outcomes_complete(t);
            for (col, _) in T3_COLUMNS {
                out(Identity {
                    code: "T3-BALANCE",
                    total: ("4", col),
                    terms: vec![
                        ("1", col, 1.0),
                        ("2", col, 1.0),
                        ("3.7", col, -1.0),
                        ("4", col, -1.0),
                    ],
                });
                if sums {
                    let mut terms = vec![("3.7", col, 1.0)];
                    terms.extend(outcomes.iter().map(|r| (*r, col, -1.0)));
                    out(Identity {
                        code: "T3-SUM",
                        total: ("3.7", col),
                        terms,
                    });
                }
            }
            for row in t.rows.iter().filter(|r| r.complete) {
                let mut terms = vec![(row.key, "total", 1.0)];
                terms.extend(T3_COLUMNS[..6].iter().map(|(c, _)| (row.key, *c, -1.0)));
                out(Identity {
                    code: "T3-ROW-TOTAL",
                    total: (row.key, "total"),
                    terms,
                });
            }
        }
        "t4" => {
            for (group, _) in T4_GROUPS {
                let mut terms = vec![(group, "total", 1.0)];
                terms.extend(T4_COLUMNS[..4].iter().map(|(c, _)| (group, *c, -1.0)));
                out(Identity {
                    code: "T4-SUM",
                    total: (group, "total"),
                    terms,
                });
            }
        }
        _ => {}
    }
}

pub fn check(_doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    if let Some(t3) = &report.t3 {
        let start = out.len();
        check_t3(t3, out);
        name_suspects(t3, &mut out[start..]);
    }
    if let Some(t4) = &report.t4 {
        let start = out.len();
        check_t4(t4, out);
        name_suspects(t4, &mut out[start..]);
    }
}

/// Every arithmetic finding of a table carries its suspects (when one set of cells is
/// the only smallest fix) and says so in its message.
fn name_suspects(t: &TypedTable, found: &mut [Finding]) {
    if found.is_empty() {
        return;
    }
    let suspects = super::suspects::find(t);
    if suspects.is_empty() {
        return;
    }
    let sentence = super::suspects::sentence(&suspects);
    for f in found {
        if let Some(a) = f.args.iter_mut().find(|a| a.0 == "suspect") {
            a.1 = sentence.clone();
        }
        f.suspects = suspects.clone();
    }
}

/// Whether table 三 has every outcome row, so （七）总计 can be judged (with one
/// missing, TBL-SHAPE says why).
pub(super) fn outcomes_complete(t: &TypedTable) -> bool {
    complete_with(t, outcome_rows(t).len())
}

/// Whether `outcomes` outcome rows are all that table 三's layout has.
fn complete_with(t: &TypedTable, outcomes: usize) -> bool {
    let expected = match t.layout {
        Some(Template::Y2019) => 19,
        Some(Template::Y2021) => 21,
        _ => usize::MAX,
    };
    outcomes >= expected
}

/// The values of table 三 as [`val_in`] reads them, by row (in the table's order) and by
/// column of [`T3_COLUMNS`]: read once, where the identities below read most cells
/// three or four times, each time finding the row and the column by their keys.
struct T3Values {
    rows: Vec<[Option<f64>; 7]>,
}

impl T3Values {
    fn of(t: &TypedTable) -> T3Values {
        // Where each column of T3_COLUMNS stands in a row's cells: the rows share one
        // column list (the reader's), so it is looked up once, not per cell.
        let mut columns: (&[&str], [Option<usize>; 7]) = (&[], [None; 7]);
        T3Values {
            rows: t
                .rows
                .iter()
                .map(|r| {
                    if !std::ptr::eq(columns.0, r.columns) {
                        columns = (
                            r.columns,
                            std::array::from_fn(|ci| {
                                r.columns.iter().position(|c| same_key(c, T3_COLUMNS[ci].0))
                            }),
                        );
                    }
                    T3Values::row(r, &columns.1)
                })
                .collect(),
        }
    }

    /// [`val_in`] of each column of one row (`at`: where each column of T3_COLUMNS is in
    /// its cells), with what the columns share worked out once per row rather than once
    /// per cell: whether the row is complete, whether it is the （七）总计 row, and
    /// whether it has a number at all (asked only for a total that is not one itself).
    fn row(r: &DataRow, at: &[Option<usize>; 7]) -> [Option<f64>; 7] {
        if !r.complete {
            return [None; 7];
        }
        let total_row = same_key(r.key, "3.7");
        let is_number =
            |c: &crate::model::DataCell| matches!(c.num, crate::numbers::CellNumber::Number(_));
        let mut any_number = None;
        std::array::from_fn(|ci| {
            let c = r.cells.get(at[ci]?)?.as_ref()?;
            // T3_COLUMNS ends in the 总计 column.
            let is_total = ci == T3_COLUMNS.len() - 1 || total_row;
            if is_total
                && !is_number(c)
                && *any_number.get_or_insert_with(|| r.cells.iter().flatten().any(is_number))
            {
                return None;
            }
            c.arith()
        })
    }

    /// [`val`] of the row at `row` (from [`row_at`]) and column number `ci`.
    fn val(&self, row: Option<usize>, ci: usize) -> Option<f64> {
        self.rows[row?][ci]
    }
}

/// Where the (first) row `key` is in the table: looked up once, not once per column.
fn row_at(t: &TypedTable, key: &str) -> Option<usize> {
    t.rows.iter().position(|r| same_key(r.key, key))
}

fn check_t3(t: &TypedTable, out: &mut Vec<Finding>) {
    // The rows each column's identities read, found once for all seven columns.
    let outcome_at: Vec<usize> = (0..t.rows.len())
        .filter(|&i| is_outcome(t.rows[i].key))
        .collect();
    let outcomes_complete = complete_with(t, outcome_at.len());
    let (new_at, carried_at, total_at, next_at) = (
        row_at(t, "1"),
        row_at(t, "2"),
        row_at(t, "3.7"),
        row_at(t, "4"),
    );
    let values = T3Values::of(t);
    for (ci, (col, clabel)) in T3_COLUMNS.into_iter().enumerate() {
        // 一 + 二 = 三（七） + 四
        if let (Some(new), Some(carried), Some(total), Some(next)) = (
            values.val(new_at, ci),
            values.val(carried_at, ci),
            values.val(total_at, ci),
            values.val(next_at, ci),
        ) {
            let left = new + carried;
            let right = total + next;
            if (left - right).abs() > EPS {
                let span = t.cell("3.7", col).map(|c| c.span);
                out.push(
                    Finding::new("T3-BALANCE")
                        .arg("suspect", "")
                        .arg("column", clabel)
                        .arg("new", Value::num(new))
                        .arg("carried", Value::num(carried))
                        .arg("left", Value::num(left))
                        .arg("total", Value::num(total))
                        .arg("next", Value::num(next))
                        .arg("right", Value::num(right))
                        .cell("t3", "3.7", col)
                        .also_cell("t3", "1", col)
                        .also_cell("t3", "2", col)
                        .also_cell("t3", "4", col)
                        .evidence(left, right)
                        .maybe_span(span),
                );
            }
        }
        // （七）总计 = Σ outcomes
        if outcomes_complete {
            let sum_outcomes = outcome_at
                .iter()
                .map(|&i| values.rows[i][ci])
                .sum::<Option<f64>>();
            if let (Some(total), Some(parts)) = (values.val(total_at, ci), sum_outcomes) {
                if (total - parts).abs() > EPS {
                    let span = t.cell("3.7", col).map(|c| c.span);
                    let mut f = Finding::new("T3-SUM")
                        .arg("suspect", "")
                        .arg("column", clabel)
                        .arg("expected", Value::num(parts))
                        .arg("found", Value::num(total))
                        .cell("t3", "3.7", col)
                        .evidence(parts, total)
                        .maybe_span(span);
                    for &i in &outcome_at {
                        f = f.also_cell("t3", t.rows[i].key, col);
                    }
                    out.push(f);
                }
            }
        }
    }
    // Each row: 总计 = 自然人 + five kinds of 法人或其他组织.
    let parts: Vec<&str> = T3_COLUMNS[..6].iter().map(|c| c.0).collect();
    for (row, v) in t.rows.iter().zip(&values.rows).filter(|(r, _)| r.complete) {
        let Some(total) = v[6] else {
            continue;
        };
        let Some(s) = v[..6].iter().copied().sum::<Option<f64>>() else {
            continue;
        };
        if (total - s).abs() > EPS {
            let mut f = Finding::new("T3-ROW-TOTAL")
                .arg("suspect", "")
                .arg("row", row_label("t3", row.key))
                .arg("expected", Value::num(s))
                .arg("found", Value::num(total))
                .cell("t3", row.key, "total")
                .evidence(s, total)
                .maybe_span(row.cell("total").map(|c| c.span));
            for c in &parts {
                f = f.also_cell("t3", row.key, c);
            }
            out.push(f);
        }
    }
}

fn check_t4(t: &TypedTable, out: &mut Vec<Finding>) {
    let parts: Vec<&str> = T4_COLUMNS[..4].iter().map(|c| c.0).collect();
    for (group, glabel) in T4_GROUPS {
        let Some(total) = val(t, group, "total") else {
            continue;
        };
        let Some(s) = parts.iter().map(|c| val(t, group, c)).sum::<Option<f64>>() else {
            continue;
        };
        if (total - s).abs() > EPS {
            let mut f = Finding::new("T4-SUM")
                .arg("suspect", "")
                .arg("group", glabel)
                .arg("expected", Value::num(s))
                .arg("found", Value::num(total))
                .cell("t4", group, "total")
                .evidence(s, total)
                .maybe_span(t.cell(group, "total").map(|c| c.span));
            for c in &parts {
                f = f.also_cell("t4", group, c);
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows found once give the values and the outcome sums that looking each row
    /// up by key for every column gave, on the fixtures' tables three and on copies with
    /// rows dropped, repeated and moved at random.
    #[test]
    fn rows_found_once_read_as_rows_looked_up() {
        let mut tables: Vec<TypedTable> = crate::rules::testutil::fixture_texts()
            .iter()
            .filter_map(|t| crate::rules::testutil::model(t).1.t3)
            .collect();
        assert!(tables.len() >= 5);
        let mut rng = crate::test_rng::Rng::new(13);
        for k in 0..400 {
            let mut t = tables[k % 5].clone();
            for _ in 0..rng.below(4) {
                let i = rng.below(t.rows.len() as u64) as usize;
                match rng.below(3) {
                    0 => {
                        t.rows.remove(i);
                    }
                    1 => {
                        let r = t.rows[i].clone();
                        t.rows.push(r);
                    }
                    _ => {
                        let r = t.rows.remove(i);
                        t.rows
                            .insert(rng.below(t.rows.len() as u64 + 1) as usize, r);
                    }
                }
            }
            tables.push(t);
        }
        for t in &tables {
            let values = T3Values::of(t);
            let outcome_at: Vec<usize> = (0..t.rows.len())
                .filter(|&i| is_outcome(t.rows[i].key))
                .collect();
            assert_eq!(complete_with(t, outcome_at.len()), outcomes_complete(t));
            let keys: Vec<&str> = outcome_at.iter().map(|&i| t.rows[i].key).collect();
            assert_eq!(keys, outcome_rows(t));
            for ci in 0..T3_COLUMNS.len() {
                for key in ["1", "2", "3.7", "4"] {
                    let by_key = t
                        .rows
                        .iter()
                        .position(|r| same_key(r.key, key))
                        .and_then(|i| values.rows[i][ci]);
                    assert_eq!(values.val(row_at(t, key), ci), by_key);
                }
                let old = t
                    .rows
                    .iter()
                    .zip(&values.rows)
                    .filter(|(r, _)| is_outcome(r.key))
                    .map(|(_, v)| v[ci])
                    .sum::<Option<f64>>();
                let new = outcome_at
                    .iter()
                    .map(|&i| values.rows[i][ci])
                    .sum::<Option<f64>>();
                assert_eq!(new.map(f64::to_bits), old.map(f64::to_bits));
            }
        }
    }

    /// `T3Values::row` takes the last column for the 总计 one that `val_in` finds by key.
    #[test]
    fn t3_total_is_the_last_column() {
        let totals: Vec<usize> = (0..T3_COLUMNS.len())
            .filter(|&ci| same_key(T3_COLUMNS[ci].0, "total"))
            .collect();
        assert_eq!(totals, vec![T3_COLUMNS.len() - 1]);
    }
}
