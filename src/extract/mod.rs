//! Extraction: normalised [`Document`] → [`Report`]. Finds the six sections, the title,
//! period and signature, and types the three tables. Problems met while doing so that
//! only extraction can see (malformed table rows, stray page numbers) come back as
//! findings; everything else is judged by the rules.

mod meta;
pub(crate) mod scan;
mod tables;

/// Helpers the rules share with extraction.
pub mod meta_helpers {
    pub use super::meta::{first_year, is_page_number_text, title_year};
}

use crate::diag::Finding;
use crate::doc::{Block, Document};
use crate::heading::parse_parts;
use crate::model::{Report, Section, Template};

/// The template's header text of a table-二 column (the table assistant lays it out).
pub(crate) use tables::t2_marker_text;
pub use tables::TableKind;

/// Extracts the report model. `None` (with `IN-NOT-REPORT`) when the input has neither
/// section headings nor tables.
pub fn extract(doc: &Document) -> (Option<Report>, Vec<Finding>) {
    let mut findings = Vec::new();
    let sections = find_sections(doc);
    let has_tables = doc.tables().next().is_some();
    // A report in the pre-2019 outline has none of the template's headings nor tables;
    // it is still a report (TPL-LEGACY says what is wrong with it).
    let legacy = sections.is_empty() && crate::heading::looks_legacy(doc);
    if sections.is_empty() && !has_tables && !legacy {
        findings.push(Finding::new("IN-NOT-REPORT"));
        return (None, findings);
    }
    let mut report = Report {
        body_start: sections.first().map(|s| s.block).unwrap_or(0),
        sections,
        ..Report::default()
    };
    meta::extract_meta(doc, &mut report);
    tables::extract_tables(doc, &mut report, &mut findings);
    let before_2019 = report.year().is_some_and(|y| y < 2019);
    if report.sections.is_empty()
        && report.t2.is_none()
        && report.t3.is_none()
        && report.t4.is_none()
        && (!legacy || before_2019)
    {
        // Tables, but none of the report's: still not a report.
        return (None, vec![Finding::new("IN-NOT-REPORT")]);
    }
    report.template = combine_templates(&report);
    (Some(report), findings)
}

/// Finds section headings among paragraphs, in document order.
fn find_sections(doc: &Document) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Paragraph(p) = b else { continue };
        // Parts only: the copies are made for the few paragraphs that are headings.
        let Some(h) = parse_parts(&p.text) else {
            continue;
        };
        // A title on its own, without ordinal, only counts where it is the template's.
        if h.written.is_empty() && !h.exact {
            continue;
        }
        out.push(Section {
            number: h.number,
            heading: p.text.as_str().to_owned(),
            written_ordinal: h.written.to_owned(),
            ordinal_ok: h.ordinal_ok,
            exact: h.exact,
            span: p.span,
            block: i,
            end_block: doc.blocks.len(),
        });
    }
    for k in 1..out.len() {
        out[k - 1].end_block = out[k].block;
    }
    out
}

/// The report's template from its tables' layouts. Tables whose structure shows a
/// template decide; a table known only by a row label's wording counts when no table
/// shows its structure.
fn combine_templates(r: &Report) -> Option<Template> {
    let tables: Vec<&crate::model::TypedTable> = [&r.t2, &r.t3].into_iter().flatten().collect();
    let structural = tables.iter().any(|t| t.has_structure());
    let layouts: Vec<Template> = tables
        .iter()
        .filter(|t| !structural || t.has_structure())
        .filter_map(|t| t.layout)
        .collect();
    let mut it = layouts.iter();
    let first = *it.next()?;
    if layouts.contains(&Template::Mixed) {
        return Some(Template::Mixed);
    }
    if it.any(|t| *t != first) {
        Some(Template::Mixed)
    } else {
        Some(first)
    }
}
