//! Extraction: normalised document → report model.
use crate::diag::Finding;
use crate::doc::Document;
use crate::model::Report;

pub fn extract(_doc: &Document) -> (Option<Report>, Vec<Finding>) {
    (Some(Report::default()), Vec::new())
}
