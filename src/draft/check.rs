//! Checking a draft with the checker's own rules: the draft's tables become a report
//! model holding just those tables, and the table rules run on it unchanged (cells,
//! arithmetic with its suspects, and the cross-year carry rules against last year's
//! tables). The totals come from the identities the arithmetic rules judge
//! ([`crate::rules::arithmetic::identities`]), so the page shows for every total what
//! the rules would ask of it.

use serde::Serialize;

use super::sentences::{sentences, Sentence};
use super::tables::Draft;
use crate::diag::{Diagnostic, Finding};
use crate::doc::Document;
use crate::model::{Located, Report, Template, TypedTable};
use crate::numbers::Value;
use crate::rules::arithmetic::{identities, val};
use crate::span::{LineIndex, Span};

/// What a draft's check gives the page.
#[derive(Clone, Debug, Serialize)]
pub struct DraftCheck {
    /// In the shape of a report's diagnostics, without places in a text (a draft has
    /// none): each names its table, row, column and cells, and its suspects.
    pub diagnostics: Vec<Diagnostic>,
    pub totals: Vec<Total>,
    pub sentences: Vec<Sentence>,
}

/// A cell that its parts determine, with what they give.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Total {
    pub table: &'static str,
    pub row: &'static str,
    pub column: &'static str,
    /// The rule whose identity this is (T3-SUM, T3-ROW-TOTAL, T3-BALANCE, T4-SUM,
    /// XY-CARRY, XY-IN-FORCE).
    pub rule: &'static str,
    /// What the parts give; `null` while they are all blank, or when one of them is a
    /// total left blank (it has to be filled first).
    pub expected: Option<Value>,
    pub found: Option<Value>,
    /// Whether the cell holds what its parts give (true while nothing is expected).
    pub ok: bool,
    /// Cells added: `[row, column]` of the same table.
    pub parts: Vec<[&'static str; 2]>,
    /// Cells subtracted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub minus: Vec<[&'static str; 2]>,
    /// Cells of last year's table added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub last_year: Vec<[&'static str; 2]>,
}

const EPS: f64 = 1e-9;

/// The name a draft gives last year's tables in the cross-year messages.
const LAST_YEAR_SOURCE: &str = "上年的表格";

/// Checks a draft.
pub fn check(draft: &Draft) -> DraftCheck {
    // A blank total is one not filled yet: the rules do not judge it (as they do not
    // judge a report's total left blank beside filled cells), and the totals say what
    // it should be. A blank part counts as 0, as in a report.
    let report = draft.tables.to_report(Template::Y2021, &is_total);
    let doc = Document::default();
    let mut findings = Vec::new();
    crate::rules::cells::check(&doc, &report, &mut findings);
    // A blank cell in a draft is one not filled yet, not a defect of a report; every
    // other cell holds a number (CELL-NOT-NUMBER only marks the blank totals unknown).
    findings.retain(|f| f.code != "CELL-BLANK" && f.code != "CELL-NOT-NUMBER");
    crate::rules::arithmetic::check(&doc, &report, &mut findings);
    let mut totals = table_totals(&report);
    if let Some(last) = &draft.last_year {
        // Across the years only what both drafts state is compared.
        let blank = |_: &str, _: &str, _: &str| true;
        let last_report = last.to_report(Template::Y2021, &blank);
        let this_report = draft.tables.to_report(Template::Y2021, &blank);
        findings.extend(cross_year(draft.year, &last_report, &this_report));
        totals.extend(carry_totals(&last_report, &this_report));
    }
    let index = LineIndex::new("");
    let mut diagnostics: Vec<Diagnostic> = findings
        .into_iter()
        .map(|mut f| {
            // The findings point at the draft's cells, which stand in no text.
            f.span = None;
            f.cell_spans.clear();
            Diagnostic::from_finding(f, |s| index.locate(s))
        })
        .collect();
    if draft.year.is_none() {
        // Without the year, last year's report is named without one.
        for d in &mut diagnostics {
            d.message = d
                .message
                .replace(&format!("0年报告（{LAST_YEAR_SOURCE}）"), LAST_YEAR_SOURCE);
            d.compared_with = None;
        }
    }
    DraftCheck {
        diagnostics,
        totals,
        sentences: sentences(&draft.tables),
    }
}

/// The cells that are sums of others: 总计 columns and the （七）总计 row.
fn is_total(table: &str, row: &str, column: &str) -> bool {
    column == "total" && table != "t2" || table == "t3" && row == "3.7"
}

fn cell_value(t: &TypedTable, row: &str, col: &str) -> Option<f64> {
    t.cell(row, col).and_then(|c| c.json())
}

/// Every total of tables 三 and 四, from the identities the rules judge.
fn table_totals(report: &Report) -> Vec<Total> {
    let mut out = Vec::new();
    for t in [&report.t3, &report.t4].into_iter().flatten() {
        for id in identities(t) {
            let (row, column) = id.total;
            let coef = id
                .terms
                .iter()
                .find(|(r, c, _)| (*r, *c) == id.total)
                .map_or(1.0, |x| x.2);
            let others: Vec<_> = id
                .terms
                .iter()
                .filter(|(r, c, _)| (*r, *c) != id.total)
                .collect();
            let any_filled = others.iter().any(|(r, c, _)| cell_value(t, r, c).is_some());
            // total × coef + Σ others = 0.
            let expected = if any_filled {
                others
                    .iter()
                    .map(|(r, c, k)| val(t, r, c).map(|v| v * k))
                    .sum::<Option<f64>>()
                    .map(|s| -s / coef)
            } else {
                None
            };
            let found = cell_value(t, row, column);
            // Parts enter with the sign opposite to the total's.
            let (parts, minus): (Vec<_>, Vec<_>) =
                others.iter().copied().partition(|(_, _, k)| k * coef < 0.0);
            out.push(Total {
                table: t.key,
                row,
                column,
                rule: id.code,
                ok: judge(expected, found),
                expected: expected.map(Value::num),
                found: found.map(Value::num),
                parts: parts.iter().map(|(r, c, _)| [*r, *c]).collect(),
                minus: minus.iter().map(|(r, c, _)| [*r, *c]).collect(),
                last_year: Vec::new(),
            });
        }
    }
    out
}

fn judge(expected: Option<f64>, found: Option<f64>) -> bool {
    match (expected, found) {
        (None, _) => true,
        (Some(e), Some(f)) => (e - f).abs() <= EPS,
        (Some(_), None) => false,
    }
}

/// The cells that carry over from last year: 上年结转 (XY-CARRY) and, when both years
/// use the 2021 table 二, 现行有效 (XY-IN-FORCE).
fn carry_totals(last: &Report, this: &Report) -> Vec<Total> {
    let mut out = Vec::new();
    if let (Some(l3), Some(t3)) = (&last.t3, &this.t3) {
        for col in super::tables::T3_COLUMN_KEYS {
            let expected = cell_value(l3, "4", col);
            let found = cell_value(t3, "2", col);
            out.push(Total {
                table: "t3",
                row: "2",
                column: col,
                rule: "XY-CARRY",
                ok: judge(expected, found),
                expected: expected.map(Value::num),
                found: found.map(Value::num),
                parts: Vec::new(),
                minus: Vec::new(),
                last_year: vec![["4", col]],
            });
        }
    }
    if let (Some(l2), Some(t2)) = (&last.t2, &this.t2) {
        if l2.layout == Some(Template::Y2021) && t2.layout == Some(Template::Y2021) {
            for row in crate::rules::cross_year::IN_FORCE_ROWS {
                let prev = cell_value(l2, row, "in_force");
                let issued = cell_value(t2, row, "issued");
                let repealed = cell_value(t2, row, "repealed");
                let expected = prev.map(|p| p + issued.unwrap_or(0.0) - repealed.unwrap_or(0.0));
                let found = cell_value(t2, row, "in_force");
                out.push(Total {
                    table: "t2",
                    row,
                    column: "in_force",
                    rule: "XY-IN-FORCE",
                    ok: judge(expected, found),
                    expected: expected.map(Value::num),
                    found: found.map(Value::num),
                    parts: vec![[row, "issued"]],
                    minus: vec![[row, "repealed"]],
                    last_year: vec![[row, "in_force"]],
                });
            }
        }
    }
    out
}

/// The cross-year rules between last year's tables and this year's, as two reports of
/// one organ for consecutive years.
fn cross_year(year: Option<i32>, last: &Report, this: &Report) -> Vec<Finding> {
    use crate::rules::cross_year::{check_pair, Profile};
    // Without the year, 0 stands for it; the messages are mended in `check`.
    let year = year.unwrap_or(1);
    let dated = |r: &Report, y: i32| Report {
        organ: Some("本机关".into()),
        year: Some(Located {
            value: y,
            span: Span::default(),
        }),
        ..r.clone()
    };
    let doc = Document::default();
    let (Some(earlier), Some(later)) = (
        Profile::of(LAST_YEAR_SOURCE, &doc, &dated(last, year - 1)),
        Profile::of("本年的表格", &doc, &dated(this, year)),
    ) else {
        return Vec::new();
    };
    let (_, on_later) = check_pair(&earlier, &later);
    // Only the table rules: the drafts have no prose to compare.
    on_later
        .into_iter()
        .filter(|f| f.code == "XY-CARRY" || f.code == "XY-IN-FORCE")
        .collect()
}
