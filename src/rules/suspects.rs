//! Suspect cells: which cell (or two) of table 三 or 四 is most likely wrong.
//!
//! The identities of a table overlap: in table 三 a cell of an outcome row lies in its
//! row's 总计 identity and in its column's （七）总计 identity, a cell of 本年新收 in its
//! row's and in its column's balance, （七）总计 in all three. So when some identities
//! fail, the failing ones often point at one cell: the only cell whose change makes
//! every identity hold again. We look for the smallest set of cells (one, else two)
//! whose change, to non-negative whole values, makes every judged identity of the table
//! hold; when exactly one such set exists, with one set of values, we name it. When
//! several sets would do (a cell that lies in one identity only, where any of its
//! parts could be the wrong one), we say nothing.
//!
//! Only identities the arithmetic rules judge take part: an identity with a cell that is
//! unknown (a total left blank beside filled cells, text that is no number, a row with
//! cells missing) constrains nothing, and such cells are never suspects.

use crate::diag::{Suspect, Value};
use crate::model::{column_label, row_label, TypedTable};

use super::arithmetic::val;

const EPS: f64 = 1e-9;

/// One identity: Σ coef × cell = 0.
struct Identity {
    terms: Vec<(usize, f64)>,
}

/// The cells the judged identities of a table use, and the identities.
struct System {
    cells: Vec<(&'static str, &'static str, f64)>,
    identities: Vec<Identity>,
}

impl System {
    fn new() -> Self {
        System {
            cells: Vec::new(),
            identities: Vec::new(),
        }
    }

    /// Adds an identity when every cell of it is known (the arithmetic rules judge it).
    fn add(&mut self, t: &TypedTable, terms: &[(&'static str, &'static str, f64)]) {
        let mut known = Vec::with_capacity(terms.len());
        for &(row, col, coef) in terms {
            let Some(v) = val(t, row, col) else { return };
            known.push((row, col, coef, v));
        }
        let terms = known
            .into_iter()
            .map(|(row, col, coef, v)| {
                let i = match self.cells.iter().position(|c| c.0 == row && c.1 == col) {
                    Some(i) => i,
                    None => {
                        self.cells.push((row, col, v));
                        self.cells.len() - 1
                    }
                };
                (i, coef)
            })
            .collect();
        self.identities.push(Identity { terms });
    }

    fn residual(&self, id: &Identity) -> f64 {
        id.terms.iter().map(|&(i, c)| c * self.cells[i].2).sum()
    }
}

/// The judged identities of a table: those of the T3-* and T4-SUM rules
/// ([`super::arithmetic::identities`]) whose cells are all known.
fn system(t: &TypedTable) -> System {
    let mut s = System::new();
    super::arithmetic::each_identity(t, |id| s.add(t, &id.terms));
    s
}

/// The suspects of a table (`"t3"` or `"t4"`), or none when no identity fails or the
/// wrong cells cannot be pinned down.
pub fn find(t: &TypedTable) -> Vec<Suspect> {
    if t.key != "t3" && t.key != "t4" {
        return Vec::new();
    }
    let sys = system(t);
    let mut fix = solve(&sys);
    // In the table's reading order.
    let place = |i: usize| {
        let (row, col, _) = sys.cells[i];
        let r = t
            .rows
            .iter()
            .position(|x| x.key == row)
            .unwrap_or(usize::MAX);
        let c = t
            .rows
            .get(r)
            .and_then(|x| x.columns.iter().position(|k| *k == col));
        (r, c)
    };
    crate::sort::by_key(&mut fix, |f| place(f.0));
    fix.into_iter()
        .map(|(i, expected)| {
            let (row, column, found) = sys.cells[i];
            Suspect {
                table: t.key,
                row: row.to_string(),
                column,
                found: Value::num(found),
                expected: Value::num(expected),
            }
        })
        .collect()
}

/// The unique smallest change (cell index, new value), or empty.
fn solve(sys: &System) -> Vec<(usize, f64)> {
    let residuals: Vec<f64> = sys.identities.iter().map(|id| sys.residual(id)).collect();
    let failing: Vec<usize> = (0..residuals.len())
        .filter(|&i| residuals[i].abs() > EPS)
        .collect();
    if failing.is_empty() {
        return Vec::new();
    }
    // Per cell: the identities it lies in, with its coefficient.
    let mut member: Vec<Vec<(usize, f64)>> = vec![Vec::new(); sys.cells.len()];
    for (k, id) in sys.identities.iter().enumerate() {
        for &(i, c) in &id.terms {
            member[i].push((k, c));
        }
    }
    // Two cells can break at most the identities they lie in.
    let widest = member.iter().map(Vec::len).max().unwrap_or(0);
    if failing.len() > 2 * widest {
        return Vec::new();
    }
    let mut candidates: Vec<usize> = failing
        .iter()
        .flat_map(|&k| sys.identities[k].terms.iter().map(|t| t.0))
        .collect();
    crate::sort::natural(&mut candidates);
    candidates.dedup();
    // Counts: a suggested value is whole and never negative.
    let valid = |_: usize, new: f64| new >= -EPS && (new - new.round()).abs() < 1e-6;

    // One cell: it must lie in every failing identity and in no holding one, and all
    // its identities must ask for the same change.
    let mut single = Vec::new();
    for &x in &candidates {
        if member[x].len() != failing.len() {
            continue;
        }
        let mut delta = None;
        let mut ok = true;
        for &(k, c) in &member[x] {
            let r = residuals[k];
            if r.abs() <= EPS {
                ok = false;
                break;
            }
            let d = -r / c;
            match delta {
                None => delta = Some(d),
                Some(d0) if (d - d0).abs() > EPS => {
                    ok = false;
                    break;
                }
                _ => {}
            }
        }
        if let (true, Some(d)) = (ok, delta) {
            let new = sys.cells[x].2 + d;
            if valid(x, new) {
                single.push((x, new.round()));
            }
        }
    }
    match single.len() {
        1 => return single,
        0 => {}
        _ => return Vec::new(),
    }

    // Two cells: every failing identity holds one of them; the identities either lies
    // in fix both changes, which must be unique, non-zero and leave whole values ≥ 0.
    let mut found: Option<[(usize, f64); 2]> = None;
    for (a, &x) in candidates.iter().enumerate() {
        for &y in &candidates[a + 1..] {
            let covers = failing.iter().all(|k| {
                member[x].iter().any(|m| m.0 == *k) || member[y].iter().any(|m| m.0 == *k)
            });
            if !covers {
                continue;
            }
            // Equations cx·dx + cy·dy = −r over the identities of x or y.
            let mut eqs: Vec<(f64, f64, f64)> = Vec::new();
            for &(k, c) in &member[x] {
                let cy = member[y].iter().find(|m| m.0 == k).map_or(0.0, |m| m.1);
                eqs.push((c, cy, -residuals[k]));
            }
            for &(k, c) in &member[y] {
                if !member[x].iter().any(|m| m.0 == k) {
                    eqs.push((0.0, c, -residuals[k]));
                }
            }
            let pivot = eqs.iter().enumerate().find_map(|(i, e)| {
                eqs[i + 1..]
                    .iter()
                    .find(|f| (e.0 * f.1 - e.1 * f.0).abs() > EPS)
                    .map(|f| (*e, *f))
            });
            let Some((e, f)) = pivot else {
                // Rank below two: either no solution, or a whole line of them (the two
                // cells lie in one identity only), which pins nothing down.
                let consistent = solvable_rank1(&eqs);
                if consistent {
                    return Vec::new();
                }
                continue;
            };
            let det = e.0 * f.1 - e.1 * f.0;
            let dx = (e.2 * f.1 - e.1 * f.2) / det;
            let dy = (e.0 * f.2 - e.2 * f.0) / det;
            if eqs.iter().any(|q| (q.0 * dx + q.1 * dy - q.2).abs() > 1e-6) {
                continue;
            }
            if dx.abs() <= EPS || dy.abs() <= EPS {
                continue;
            }
            let (nx, ny) = (sys.cells[x].2 + dx, sys.cells[y].2 + dy);
            if !valid(x, nx) || !valid(y, ny) {
                continue;
            }
            if found.is_some() {
                return Vec::new();
            }
            found = Some([(x, nx.round()), (y, ny.round())]);
        }
    }
    found.map(|f| f.to_vec()).unwrap_or_default()
}

/// Whether equations of rank ≤ 1 have a solution with both changes non-zero.
fn solvable_rank1(eqs: &[(f64, f64, f64)]) -> bool {
    let Some(base) = eqs.iter().find(|q| q.0.abs() > EPS || q.1.abs() > EPS) else {
        return false;
    };
    // Every equation must be a multiple of `base`, right-hand side included.
    let scale = |q: &(f64, f64, f64)| {
        if base.0.abs() > EPS {
            q.0 / base.0
        } else {
            q.1 / base.1
        }
    };
    eqs.iter().all(|q| {
        let s = scale(q);
        (q.0 - s * base.0).abs() < 1e-6
            && (q.1 - s * base.1).abs() < 1e-6
            && (q.2 - s * base.2).abs() < 1e-6
    }) && base.0.abs() > EPS
        && base.1.abs() > EPS
}

/// The sentence the arithmetic findings of a table end with when it has suspects.
pub fn sentence(suspects: &[Suspect]) -> String {
    let name = |s: &Suspect| {
        let table = if s.table == "t3" { "表三" } else { "表四" };
        let row = row_label(s.table, &s.row);
        // Table 三's row labels carry their numbering; keep them whole.
        format!("{table}“{row}·{}”", column_label(s.table, s.column))
    };
    let is_total = |s: &Suspect| s.column == "total" || s.row == "3.7";
    match suspects {
        [s] => format!(
            "很可能是{}填错：按{}应为{}。",
            name(s),
            if is_total(s) {
                "各项之和"
            } else {
                "表内其他数字"
            },
            s.expected
        ),
        [a, b] => format!(
            "很可能是{}和{}填错：按表内其他数字应分别为{}和{}。",
            name(a),
            name(b).trim_start_matches(if a.table == "t3" { "表三" } else { "表四" }),
            a.expected,
            b.expected
        ),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sys(cells: &[f64], ids: &[&[(usize, f64)]]) -> System {
        System {
            cells: cells.iter().map(|v| ("r", "c", *v)).collect(),
            identities: ids.iter().map(|t| Identity { terms: t.to_vec() }).collect(),
        }
    }

    #[test]
    fn one_identity_is_pinned_only_by_negativity() {
        // total (0) = a + b: a=5, b=6, total 0 → only the total can move (a or b would
        // need to go negative).
        let s = sys(&[0.0, 5.0, 6.0], &[&[(0, 1.0), (1, -1.0), (2, -1.0)]]);
        assert_eq!(solve(&s), vec![(0, 11.0)]);
        // total 12 = 5 + 6 + 1 missing: total, a or b could change → none.
        let s = sys(&[12.0, 5.0, 6.0], &[&[(0, 1.0), (1, -1.0), (2, -1.0)]]);
        assert!(solve(&s).is_empty());
    }

    #[test]
    fn intersection_is_pinned() {
        // Grid 2×2 with row totals and column totals: cell 0 wrong.
        // cells: a b | ra ; c d | rc ; column totals ca cb.
        // 0:a 1:b 2:c 3:d 4:ra 5:rc 6:ca 7:cb
        let ids: &[&[(usize, f64)]] = &[
            &[(4, 1.0), (0, -1.0), (1, -1.0)],
            &[(5, 1.0), (2, -1.0), (3, -1.0)],
            &[(6, 1.0), (0, -1.0), (2, -1.0)],
            &[(7, 1.0), (1, -1.0), (3, -1.0)],
        ];
        let s = sys(&[2.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0], ids);
        assert_eq!(solve(&s), vec![(0, 1.0)]);
        // Two wrong cells on a diagonal with equal errors: the other diagonal fits too.
        let s = sys(&[2.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0], ids);
        assert!(solve(&s).is_empty());
        // Unequal errors: only one pair fits.
        let s = sys(&[2.0, 1.0, 1.0, 3.0, 2.0, 2.0, 2.0, 2.0], ids);
        assert_eq!(solve(&s), vec![(0, 1.0), (3, 1.0)]);
    }
}
