//! The rules: report model → findings.
pub mod catalog;

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::Report;

pub fn run(_doc: &Document, _report: &Report) -> Vec<Finding> {
    Vec::new()
}
