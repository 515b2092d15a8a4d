//! Exhaustive one-cell changes: every data cell of tables 三 and 四 in every fixture,
//! raised by one, must get exactly the arithmetic findings that cell's identities
//! deserve — no more, no fewer — and nothing else new but prose contradictions. Each of
//! those findings names the changed cell as the suspect (with its old value) where the
//! table's identities pin it down, and no suspect where another cell could be the wrong
//! one just as well.

mod common;

use common::*;
use nianbao::model::{TypedTable, T3_COLUMNS, T4_COLUMNS, T4_GROUPS};
use nianbao::numbers::CellNumber;
use std::collections::BTreeSet;

type Key = (String, Option<String>, Option<String>); // (code, row, column)
/// (table, row, column, found, expected) of a suspect.
type Sus = (String, String, String, i64, i64);

/// The suspects of the arithmetic findings; all of them carry the same list.
fn suspects(text: &str) -> Vec<Sus> {
    let r = check(text);
    let lists: Vec<Vec<Sus>> = r
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("T3-") || d.code.starts_with("T4-"))
        .map(|d| {
            d.suspects
                .iter()
                .map(|s| {
                    let n = |v: &nianbao::diag::Value| v.to_string().parse::<i64>().unwrap();
                    (
                        s.table.to_string(),
                        s.row.clone(),
                        s.column.to_string(),
                        n(&s.found),
                        n(&s.expected),
                    )
                })
                .collect()
        })
        .collect();
    for l in &lists {
        assert_eq!(
            l, &lists[0],
            "every arithmetic finding carries the same suspects"
        );
    }
    for d in r.diagnostics.iter().filter(|d| !d.suspects.is_empty()) {
        assert!(d.message.contains("很可能是"), "{}", d.message);
    }
    lists.into_iter().next().unwrap_or_default()
}

fn sus(table: &str, row: &str, col: &str, found: i64, expected: i64) -> Sus {
    (
        table.to_string(),
        row.to_string(),
        col.to_string(),
        found,
        expected,
    )
}

/// The table-三 identities the rules judge once cell (row, col) holds a number, each as
/// its cells: a row's 总计 identity, a column's （七）总计 identity and a column's
/// balance, each unless a total in it is left blank beside filled cells (not stated, so
/// not judged). The fixtures hold only numbers and wholly blank rows.
fn t3_judged(t3: &TypedTable, row: &str, col: &str) -> Vec<Vec<(String, String)>> {
    let unknown = |r: &str, c: &str| {
        let rr = t3.row(r).unwrap();
        let is_total = c == "total" || r == "3.7";
        let number = |x: &nianbao::model::DataCell| matches!(x.num, CellNumber::Number(_));
        let filled = rr.cells.iter().flatten().any(number) || r == row;
        is_total && !number(rr.cell(c).unwrap()) && filled && !(r == row && c == col)
    };
    let rows: Vec<&str> = t3.rows.iter().map(|r| r.key).collect();
    let cols: Vec<&str> = T3_COLUMNS.iter().map(|c| c.0).collect();
    let mut ids: Vec<Vec<(&str, &str)>> = Vec::new();
    for r in &rows {
        ids.push(cols.iter().map(|c| (*r, *c)).collect());
    }
    for c in &cols {
        ids.push(
            rows.iter()
                .filter(|r| r.starts_with("3."))
                .map(|r| (*r, *c))
                .collect(),
        );
        ids.push(["1", "2", "3.7", "4"].iter().map(|r| (*r, *c)).collect());
    }
    ids.into_iter()
        .filter(|id| id.iter().all(|(r, c)| !unknown(r, c)))
        .map(|id| {
            id.into_iter()
                .map(|(r, c)| (r.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

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
                // A cell in two or three identities is the only one whose change mends
                // them all; one in a single identity (its row's 总计 left blank) shares
                // it with the others of that identity, which could as well be wrong.
                let ids = t3_judged(t3, row, col);
                let count = |r: &str, c: &str| {
                    ids.iter()
                        .filter(|id| id.iter().any(|x| x.0 == r && x.1 == c))
                        .count()
                };
                let pinned = match count(row, col) {
                    0 => unreachable!("a changed cell breaks an identity"),
                    1 => {
                        let own = ids
                            .iter()
                            .find(|id| id.iter().any(|x| x.0 == *row && x.1 == col))
                            .unwrap();
                        own.iter()
                            .filter(|x| !(x.0 == *row && x.1 == col))
                            .all(|x| count(&x.0, &x.1) >= 2)
                    }
                    _ => true,
                };
                let want_s = if pinned {
                    vec![sus("t3", row, col, v as i64 + 1, v as i64)]
                } else {
                    vec![]
                };
                assert_eq!(suspects(&m), want_s, "{name}: t3 {row} {col} +1 suspects");
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
                // A group is one identity: the changed cell is pinned down only when no
                // other cell of the group can take the change without going negative
                // (the 总计 always can, so a changed part never is).
                let t4 = check(&m).report.unwrap().tables.t4.unwrap();
                let v = |c: &str| t4.value(group, c).unwrap() as i64;
                let r = v("total")
                    - ["upheld", "corrected", "other", "pending"]
                        .iter()
                        .map(|c| v(c))
                        .sum::<i64>();
                let mut fixes = vec![("total", v("total") - r)];
                for c in ["upheld", "corrected", "other", "pending"] {
                    if v(c) + r >= 0 {
                        fixes.push((c, v(c) + r));
                    }
                }
                let want_s = if fixes.len() == 1 {
                    vec![sus("t4", group, fixes[0].0, v(fixes[0].0), fixes[0].1)]
                } else {
                    vec![]
                };
                assert_eq!(suspects(&m), want_s, "{name}: t4 {group} {col} suspects");
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

/// Adds `delta` to each (table, row, column) cell of the text, in turn.
fn bump(text: &str, changes: &[(&str, &str, &str, i64)]) -> String {
    let mut m = text.to_string();
    for (table, row, col, delta) in changes {
        let r = check(&m).report.unwrap();
        let t = match *table {
            "t3" => r.tables.t3.unwrap(),
            _ => r.tables.t4.unwrap(),
        };
        let v = t.value(row, col).unwrap() as i64;
        m = set_cell(&m, table, row, col, &format!("{}", v + delta));
    }
    m
}

#[test]
fn two_wrong_cells_in_table_three() {
    for name in FIXTURES {
        let text = fixture(name);
        let t3 = check(&text).report.unwrap().tables.t3.unwrap();
        let v = |r: &str, c: &str| t3.value(r, c).unwrap() as i64;
        // Two cells, each where two identities cross, in different rows and columns.
        let m = bump(
            &text,
            &[("t3", "3.1", "natural_person", 2), ("t3", "1", "other", 1)],
        );
        assert_eq!(
            suspects(&m),
            vec![
                sus("t3", "1", "other", v("1", "other") + 1, v("1", "other")),
                sus(
                    "t3",
                    "3.1",
                    "natural_person",
                    v("3.1", "natural_person") + 2,
                    v("3.1", "natural_person")
                ),
            ],
            "{name}"
        );
        // A wrong （七）总计 cell and a wrong outcome cell.
        let m = bump(
            &text,
            &[("t3", "3.7", "research", 3), ("t3", "3.2", "commercial", 1)],
        );
        assert_eq!(
            suspects(&m),
            vec![
                sus(
                    "t3",
                    "3.2",
                    "commercial",
                    v("3.2", "commercial") + 1,
                    v("3.2", "commercial")
                ),
                sus(
                    "t3",
                    "3.7",
                    "research",
                    v("3.7", "research") + 3,
                    v("3.7", "research")
                ),
            ],
            "{name}"
        );
        // A consistent base where 部分公开·自然人 and 予以公开·商业企业 hold 1 or more.
        let base = bump(
            &text,
            &[
                ("t3", "3.2", "natural_person", 1),
                ("t3", "3.2", "total", 1),
                ("t3", "3.1", "commercial", 1),
                ("t3", "3.1", "total", 1),
                ("t3", "3.7", "natural_person", 1),
                ("t3", "3.7", "commercial", 1),
                ("t3", "3.7", "total", 2),
                ("t3", "1", "natural_person", 1),
                ("t3", "1", "commercial", 1),
                ("t3", "1", "total", 2),
            ],
        );
        assert!(arithmetic(&base).is_empty(), "{name}");
        // Equal errors at two corners of a rectangle: lowering the other two corners
        // mends every identity just as well, so nothing is named.
        let m = bump(
            &base,
            &[
                ("t3", "3.1", "natural_person", 1),
                ("t3", "3.2", "commercial", 1),
            ],
        );
        assert_eq!(arithmetic(&m).len(), 4, "{name}");
        assert_eq!(suspects(&m), vec![], "{name}: rectangle");
        // Unequal errors there: only the changed corners fit.
        let m = bump(
            &base,
            &[
                ("t3", "3.1", "natural_person", 1),
                ("t3", "3.2", "commercial", 2),
            ],
        );
        let b3 = check(&base).report.unwrap().tables.t3.unwrap();
        let w = |r: &str, c: &str| b3.value(r, c).unwrap() as i64;
        assert_eq!(
            suspects(&m),
            vec![
                sus(
                    "t3",
                    "3.1",
                    "natural_person",
                    w("3.1", "natural_person") + 1,
                    w("3.1", "natural_person")
                ),
                sus(
                    "t3",
                    "3.2",
                    "commercial",
                    w("3.2", "commercial") + 2,
                    w("3.2", "commercial")
                ),
            ],
            "{name}"
        );
        // Three wrong cells: no set of one or two mends the table.
        let m = bump(
            &text,
            &[
                ("t3", "3.1", "natural_person", 2),
                ("t3", "1", "other", 1),
                ("t3", "3.3.1", "research", 5),
            ],
        );
        assert_eq!(arithmetic(&m).len(), 6, "{name}");
        assert_eq!(suspects(&m), vec![], "{name}: three cells");
    }
}

#[test]
fn wrong_cells_in_table_four() {
    for name in FIXTURES {
        let text = fixture(name);
        // The 总计 left at 0 under parts of 5 and 6: no part can be lowered to mend it,
        // so the 总计 is the one (the example).
        let m = bump(
            &text,
            &[
                ("t4", "review", "upheld", 5),
                ("t4", "review", "corrected", 6),
            ],
        );
        let got = suspects(&m);
        assert_eq!(got, vec![sus("t4", "review", "total", 0, 11)], "{name}");
        let msg = check(&m)
            .diagnostics
            .into_iter()
            .find(|d| d.code == "T4-SUM")
            .unwrap()
            .message;
        assert!(
            msg.contains("很可能是表四“行政复议·总计”填错：按各项之和应为11"),
            "{msg}"
        );
        // Two groups, each with its 总计 pinned the same way.
        let m = bump(
            &m,
            &[
                ("t4", "litigation_direct", "pending", 4),
                ("t4", "litigation_direct", "other", 3),
            ],
        );
        assert_eq!(
            suspects(&m),
            vec![
                sus("t4", "review", "total", 0, 11),
                sus("t4", "litigation_direct", "total", 0, 7),
            ],
            "{name}"
        );
        // A 总计 of 3 over parts of 1: the 总计 or any part could be wrong.
        let m = bump(
            &text,
            &[
                ("t4", "litigation_after_review", "upheld", 1),
                ("t4", "litigation_after_review", "total", 3),
            ],
        );
        assert_eq!(arithmetic(&m).len(), 1, "{name}");
        assert_eq!(suspects(&m), vec![], "{name}");
        // A suggestion is never negative: 总计 2 over parts 1 + 3 — lowering the 3 to 1
        // or the 总计 to 4 would do; the part of 1 cannot go to −1.
        let m = bump(
            &text,
            &[
                ("t4", "review", "upheld", 1),
                ("t4", "review", "corrected", 3),
                ("t4", "review", "total", 2),
            ],
        );
        assert_eq!(suspects(&m), vec![], "{name}: two ways, still ambiguous");
    }
}
