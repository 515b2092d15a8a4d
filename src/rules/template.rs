//! TPL-OUTDATED, TPL-MIXED, TPL-LABEL: which template the tables follow, against the
//! report year, and row labels left in the 2019 wording in a 2021 table.
//! The 2021 template (国办公开办函〔2021〕30号) applies from the 2021 reporting year on.

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::{table_name_zh, Marker, Report, Template, TypedTable};

/// The first reporting year that must use the 2021 template.
pub const FIRST_2021_YEAR: i32 = 2021;

fn expected_2021(table: &str) -> &'static str {
    match table {
        "t2" => "本年制发件数、本年废止件数、现行有效件数；行政许可、行政处罚、行政强制填本年处理决定数量；行政事业性收费填本年收费金额（万元）；删去其他对外管理服务事项和政府集中采购",
        _ => "（六）其他处理分为“1.申请人无正当理由逾期不补正”“2.申请人逾期未按收费通知要求缴纳费用”“3.其他”三行",
    }
}

pub fn check(_doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    let tables: Vec<&TypedTable> = [&report.t2, &report.t3].into_iter().flatten().collect();
    old_labels(&tables, report.template, out);
    if report.template == Some(Template::Mixed) {
        // What each table is built as; a label's wording is TPL-LABEL's business. Tables
        // known only by a label's wording count when none shows its structure (as the
        // report's template is decided).
        let structural = tables.iter().any(|t| t.has_structure());
        fn marker(t: &TypedTable, tpl: Template, structural: bool) -> Option<&Marker> {
            if structural {
                t.first_structural_marker(tpl)
            } else {
                t.first_marker(tpl)
            }
        }
        let new: Vec<&str> = tables
            .iter()
            .filter(|t| marker(t, Template::Y2021, structural).is_some())
            .map(|t| table_name_zh(t.key))
            .collect();
        let old: Vec<&TypedTable> = tables
            .iter()
            .copied()
            .filter(|t| marker(t, Template::Y2019, structural).is_some())
            .collect();
        if let Some(first_old) = old.first() {
            let marker = marker(first_old, Template::Y2019, structural).expect("filtered on it");
            let old_names: Vec<&str> = old.iter().map(|t| table_name_zh(t.key)).collect();
            out.push(
                Finding::new("TPL-MIXED")
                    .arg("new_part", new.join("、"))
                    .arg("old_part", old_names.join("、"))
                    .arg("marker", marker.text)
                    .table(first_old.key)
                    .evidence("2021", "mixed")
                    .span(marker.span),
            );
        }
        return;
    }
    let Some(year) = report.year() else { return };
    if year < FIRST_2021_YEAR {
        return;
    }
    let structural = tables.iter().any(|t| t.has_structure());
    for t in tables {
        // A table known only by a row label's wording follows the tables whose structure
        // shows (TPL-LABEL names the label).
        if t.layout != Some(Template::Y2019) || (structural && !t.has_structure()) {
            continue;
        }
        let Some(marker) = t.first_marker(Template::Y2019) else {
            continue;
        };
        out.push(
            Finding::new("TPL-OUTDATED")
                .arg("year", year)
                .arg("table", table_name_zh(t.key))
                .arg("marker", marker.text)
                .arg("expected", expected_2021(t.key))
                .table(t.key)
                .evidence("2021", "2019")
                .span(marker.span),
        );
    }
}

/// A row label in the 2019 wording in a table built to the 2021 template (规范性文件 under
/// 本年制发件数 …), or in a table that shows nothing but that label in a 2021 report: one
/// old name, not a report in two templates.
fn old_labels(tables: &[&TypedTable], report: Option<Template>, out: &mut Vec<Finding>) {
    for t in tables {
        let built_2021 = t.layout == Some(Template::Y2021)
            || (!t.has_structure() && report == Some(Template::Y2021));
        if !built_2021 {
            continue;
        }
        for m in &t.markers {
            let (Template::Y2019, Some(expected)) = (m.template, m.other_name) else {
                continue;
            };
            let mut f = Finding::new("TPL-LABEL")
                .arg("table", table_name_zh(t.key))
                .arg("found", m.text)
                .arg("expected", expected)
                .table(t.key)
                .evidence(expected, m.text)
                .span(m.span);
            if let Some(row) = t.rows.iter().find(|r| r.label_span == m.span) {
                f = f.row(row.key);
            }
            out.push(f);
        }
    }
}
