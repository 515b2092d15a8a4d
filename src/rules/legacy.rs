//! TPL-LEGACY: a report for 2019 or later written in the pre-2019 outline.
//!
//! Until 2018 reports followed 条例 (2007) 第三十二条: 概述; 主动公开政府信息的情况;
//! 依申请公开政府信息和不予公开政府信息的情况; 政府信息公开的收费及减免情况; 因政府信息公开
//! 申请行政复议、提起行政诉讼的情况; 存在的主要问题及改进情况; 其他需要报告的事项 — with no
//! template tables. Some bodies kept that outline later. Such a report is one defect: its
//! missing tables, sections and wording all follow from it, so it gets this finding
//! instead of a list of them (or of `IN-NOT-REPORT` when no heading is the template's).

use crate::diag::Finding;
use crate::doc::Document;
use crate::heading::{legacy_headings, looks_legacy};
use crate::model::Report;

/// Whether the report is one the rule applies to: the old outline, no template table,
/// and a report year from 2019 on (or none stated).
pub fn applies(doc: &Document, report: &Report) -> bool {
    report.t2.is_none()
        && report.t3.is_none()
        && report.t4.is_none()
        && report.year().is_none_or(|y| y >= 2019)
        && looks_legacy(doc)
}

pub fn check(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    let found = legacy_headings(doc);
    let Some(first) = found.first() else { return };
    let listed = found
        .iter()
        .map(|h| format!("“{}”", h.1))
        .collect::<Vec<_>>()
        .join("、");
    // “{year}年度报告”: “本年度报告” when no year is stated.
    let year = report
        .year()
        .map(|y| y.to_string())
        .unwrap_or_else(|| "本".to_string());
    out.push(
        Finding::new("TPL-LEGACY")
            .arg("year", year)
            .arg("headings", listed)
            .found(first.1.clone())
            .span(first.2),
    );
}
