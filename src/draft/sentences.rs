//! Standard sentences that restate tables 三 and 四 in the prose (申请、办理结果、复议
//! 诉讼), with every count and percentage computed from the tables, so the prose and the
//! tables cannot disagree. They are written the way reports state these numbers, so the
//! checker's prose rules (TXT-T3, TXT-T4, TXT-PERCENT, TXT-PARTS) read them and find
//! them agreeing with the same tables (tested).

use serde::Serialize;

use super::tables::{Table, Tables};
use crate::model::{row_label, T3_COLUMNS};
use crate::numbers::format_decimal;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sentence {
    /// "applications", "outcomes" or "review_litigation".
    pub key: &'static str,
    /// The section (1..=6) the sentence belongs in.
    pub section: usize,
    pub label: &'static str,
    pub text: String,
}

/// The sentences for the tables that have numbers.
pub fn sentences(tables: &Tables) -> Vec<Sentence> {
    let mut out = Vec::new();
    if let Some(t3) = tables.t3.as_ref().filter(|t| t.has_numbers()) {
        out.push(Sentence {
            key: "applications",
            section: 3,
            label: "申请情况",
            text: applications(t3),
        });
        out.push(Sentence {
            key: "outcomes",
            section: 3,
            label: "办理结果",
            text: outcomes(t3),
        });
    }
    if let Some(t4) = tables.t4.as_ref().filter(|t| t.has_numbers()) {
        out.push(Sentence {
            key: "review_litigation",
            section: 4,
            label: "行政复议、行政诉讼情况",
            text: review_litigation(t4),
        });
    }
    out
}

fn n(x: f64) -> String {
    format_decimal(x)
}

/// A row's 总计, or the sum of its applicants when the 总计 is blank.
fn total(t: &Table, row: &str) -> f64 {
    t.get(row, "total").unwrap_or_else(|| {
        T3_COLUMNS[..6]
            .iter()
            .map(|(c, _)| t.get(row, c).unwrap_or(0.0))
            .sum()
    })
}

/// Σ of the rows whose key starts with `prefix` (a group of outcomes), or the row itself.
fn group(t: &Table, prefix: &str) -> f64 {
    let rows: Vec<&str> = t
        .rows
        .iter()
        .map(|(r, _)| r.as_str())
        .filter(|r| *r == prefix || r.starts_with(&format!("{prefix}.")))
        .collect();
    rows.iter().map(|r| total(t, r)).sum()
}

/// `part` of `whole` in percent, one decimal, rounded half up ("33.3"; "100" when whole).
pub fn percent(part: f64, whole: f64) -> String {
    let tenths = (part / whole * 1000.0 + 0.5 + 1e-9).floor();
    n(tenths / 10.0)
}

fn applications(t: &Table) -> String {
    let new = total(t, "1");
    let carried = total(t, "2");
    let mut s = format!(
        "上年结转政府信息公开申请{}件。本年新收政府信息公开申请{}件",
        n(carried),
        n(new)
    );
    // Who applied: 自然人 and 法人或其他组织 (the five other columns together).
    let people = t.get("1", "natural_person").unwrap_or(0.0);
    let bodies: f64 = T3_COLUMNS[1..6]
        .iter()
        .map(|(c, _)| t.get("1", c).unwrap_or(0.0))
        .sum();
    if new > 0.0 && people + bodies == new && people > 0.0 && bodies > 0.0 {
        s.push_str(&format!(
            "，其中{}{}件、法人或其他组织{}件",
            T3_COLUMNS[0].1,
            n(people),
            n(bodies)
        ));
    }
    s.push('。');
    s
}

fn outcomes(t: &Table) -> String {
    let closed = total(t, "3.7");
    let next = total(t, "4");
    let mut s = format!("本年度办结政府信息公开申请{}件", n(closed));
    // The outcomes with a count, each with its share of all decided.
    let groups = ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"];
    let parts: Vec<(&str, f64)> = groups
        .iter()
        .map(|g| (outcome_name(g), group(t, g)))
        .filter(|(_, v)| *v > 0.0)
        .collect();
    if closed > 0.0 && !parts.is_empty() {
        s.push_str("。其中，");
        let items: Vec<String> = parts
            .iter()
            .map(|(name, v)| format!("{name}{}件，占{}%", n(*v), percent(*v, closed)))
            .collect();
        s.push_str(&items.join("；"));
    }
    s.push_str(&format!("。结转下年度继续办理{}件。", n(next)));
    s
}

/// "予以公开" of "（一）予以公开", "不予公开" of "（三）不予公开 1.…".
fn outcome_name(group: &str) -> &'static str {
    let row = match group {
        "3.1" | "3.2" => group,
        "3.3" => "3.3.1",
        "3.4" => "3.4.1",
        "3.5" => "3.5.1",
        _ => "3.6.1",
    };
    let label = row_label("t3", row);
    let head = label.split(' ').next().unwrap_or(label);
    head.rsplit('）').next().unwrap_or(head)
}

fn review_litigation(t: &Table) -> String {
    let sum = |g: &str| {
        t.get(g, "total").unwrap_or_else(|| {
            ["upheld", "corrected", "other", "pending"]
                .iter()
                .map(|c| t.get(g, c).unwrap_or(0.0))
                .sum()
        })
    };
    let review = sum("review");
    let direct = sum("litigation_direct");
    let after = sum("litigation_after_review");
    let litigation = direct + after;
    if review == 0.0 && litigation == 0.0 {
        return "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。".into();
    }
    let mut s = format!("本年度因政府信息公开被申请行政复议{}件", n(review));
    let outcomes = |g: &str| -> Vec<String> {
        crate::model::T4_COLUMNS[..4]
            .iter()
            .filter_map(|(c, l)| {
                let v = t.get(g, c).unwrap_or(0.0);
                (v > 0.0).then(|| format!("{l}{}件", n(v)))
            })
            .collect()
    };
    let r = outcomes("review");
    if review > 0.0 && !r.is_empty() {
        s.push_str(&format!("，其中{}", r.join("、")));
    }
    s.push_str(&format!("。被提起行政诉讼{}件", n(litigation)));
    if direct > 0.0 && after > 0.0 {
        s.push_str(&format!(
            "，其中未经复议直接起诉{}件、复议后起诉{}件",
            n(direct),
            n(after)
        ));
    }
    s.push('。');
    s
}
