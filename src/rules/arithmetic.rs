//! (rules being written)

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::Report;

pub fn check(_doc: &Document, _report: &Report, _out: &mut Vec<Finding>) {}
