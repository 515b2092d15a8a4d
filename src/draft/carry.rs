//! Starting this year's draft from last year's tables.

use super::tables::{Draft, Table, Tables, T3_COLUMN_KEYS};

/// A new draft from last year's tables: table 三's 上年结转 (row 2) is last year's
/// 结转下年度继续办理 (row 4), column by column; last year's tables stay in the draft,
/// so its check reports what 现行有效 should be (last year's + 制发 − 废止) and whether
/// 上年结转 still agrees.
pub fn carry_forward(last_year: &Tables) -> Draft {
    let mut tables = Tables::default();
    if let Some(l3) = &last_year.t3 {
        let mut t3 = Table::default();
        for col in T3_COLUMN_KEYS {
            if l3.has("4", col) {
                t3.set("2", col, l3.get("4", col));
            }
        }
        tables.t3 = Some(t3);
    }
    // Table 二 to fill: its check says at once what 现行有效 should be.
    if last_year.t2.is_some() {
        tables.t2 = Some(Table::default());
    }
    Draft {
        tables,
        last_year: Some(last_year.clone()),
        year: None,
    }
}
