//! The rules: report model → findings. Each module holds one family of rules; every
//! rule's code, severity and messages live in [`catalog`].

pub mod arithmetic;
pub mod authority;
pub mod catalog;
pub mod cells;
pub mod content;
pub mod cross_year;
pub mod duplicate;
pub mod legacy;
pub mod meta;
pub mod percent;
pub mod prose;
pub mod structure;
pub mod suspects;
pub mod template;
#[cfg(test)]
pub mod testutil;

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::Report;

/// Runs every single-report rule.
pub fn run(doc: &Document, report: &Report) -> Vec<Finding> {
    let mut out = Vec::new();
    // The prose paragraphs, which three families read: found once.
    let paras = prose::scan::prose_paragraphs(doc, report);
    // A report in the pre-2019 outline is one defect: its sections, tables and wording
    // are not the template's, and the rules that read them have nothing to judge.
    if legacy::applies(doc, report) {
        legacy::check(doc, report, &mut out);
        meta::check(doc, report, &mut out);
        percent::check_paras(&paras, &mut out);
        duplicate::check_paras(doc, &paras, &mut out);
        return out;
    }
    structure::check(doc, report, &mut out);
    template::check(doc, report, &mut out);
    cells::check(doc, report, &mut out);
    arithmetic::check(doc, report, &mut out);
    authority::check(doc, report, &mut out);
    prose::check_paras(report, &paras, &mut out);
    percent::check_paras(&paras, &mut out);
    meta::check(doc, report, &mut out);
    content::check(doc, report, &mut out);
    duplicate::check_paras(doc, &paras, &mut out);
    out
}
