//! The check, step by step, for one input: read ([`crate::read`]) → extract
//! ([`crate::extract`]) → the rules ([`crate::rules`]) → the findings sorted, capped
//! ([`cap_findings`]) and placed → a [`crate::result::InputResult`]. For a batch, each
//! input is checked on its own (on any thread) and [`combine`] runs the cross-year
//! rules over them.

use crate::diag::{Diagnostic, Finding};
use crate::doc::Document;
use crate::limits::MAX_FINDINGS_PER_CODE;
use crate::model::Report;
use crate::result::{BatchResult, Counts, ExtractedSummary, InputResult, Verdict, SCHEMA};
use crate::rules::cross_year::{self, Profile};
use crate::span::{LineIndex, Location};

/// One input to check: its name (a path or file name, used for the `source` field and
/// to recognise the file type) and its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// Everything known about one input before it is turned into a [`InputResult`]; batch
/// checks keep these to run the cross-year rules.
pub struct Analysis {
    pub source: String,
    pub doc: Document,
    pub report: Option<Report>,
    pub findings: Vec<Finding>,
    /// Whether `doc.text` differs from the input as given (so the result carries it).
    pub rendered: bool,
}

/// Reads, extracts and runs the single-report rules.
pub fn analyse(name: &str, bytes: &[u8]) -> Analysis {
    match crate::read::read_bytes(name, bytes) {
        Ok(read) => analyse_document(name, read.doc, read.rendered),
        Err(finding) => Analysis::failed(name, *finding),
    }
}

/// Like [`analyse`] for what a reader of its own crate made of a file (PDF, legacy
/// Word): natively the reader is called by [`analyse`]; the page's on-demand module
/// hands its result over here.
pub fn analyse_items(
    name: &str,
    given: Result<nianbao_items::Items, nianbao_items::ReadError>,
) -> Analysis {
    match crate::read::read_items(name, given) {
        Ok(read) => analyse_document(name, read.doc, read.rendered),
        Err(finding) => Analysis::failed(name, *finding),
    }
}

/// Like [`analyse`] for text already decoded (the page's paste box).
pub fn analyse_text(name: &str, text: &str) -> Analysis {
    // Text may be markup (a `.html` name, or a paste that starts like a page).
    match crate::read::read_text(name, text) {
        Ok(read) => analyse_document(name, read.doc, read.rendered),
        Err(finding) => Analysis::failed(name, *finding),
    }
}

pub(crate) fn analyse_document(name: &str, doc: Document, rendered: bool) -> Analysis {
    let (report, mut findings) = crate::extract::extract(&doc);
    let report = match report {
        Some(report) => {
            findings.extend(crate::rules::run(&doc, &report));
            Some(report)
        }
        None => None,
    };
    Analysis {
        source: name.to_string(),
        doc,
        report,
        findings,
        rendered,
    }
}

impl Analysis {
    /// An input that could not be read: no document, one finding saying why.
    pub fn failed(name: &str, finding: Finding) -> Analysis {
        Analysis {
            source: name.to_string(),
            doc: Document::default(),
            report: None,
            findings: vec![finding],
            rendered: false,
        }
    }

    /// Renders messages, places spans and computes the verdict.
    pub fn finish(mut self) -> InputResult {
        let (text, rendered) = (std::mem::take(&mut self.doc.text), self.rendered);
        let lines = std::mem::take(&mut self.doc.line_starts);
        let mut report = self.finish_with(&LineIndex::with_line_starts(&text, lines));
        if rendered {
            report.text = Some(text);
        }
        report
    }

    /// [`Analysis::finish`] with the document's line index already built (the document's
    /// text is taken out for it: the caller puts it in the result when `rendered`).
    fn finish_with(self, index: &LineIndex) -> InputResult {
        let mut findings = self.findings;
        // Stable order: by position, then by code; findings without a place go last.
        crate::sort::by(&mut findings, |a, b| {
            let ka = a.span.map(|s| s.start).unwrap_or(usize::MAX);
            let kb = b.span.map(|s| s.start).unwrap_or(usize::MAX);
            ka.cmp(&kb).then_with(|| a.code.cmp(b.code))
        });
        // At most MAX_FINDINGS_PER_CODE of one rule, the first by position; the rest
        // are counted in one IN-OMITTED note per rule, listed last.
        for (code, omitted) in cap_findings(&mut findings) {
            findings.push(omitted_note(code, omitted));
        }
        let diagnostics: Vec<Diagnostic> = findings
            .into_iter()
            .map(|f| {
                Diagnostic::from_finding(f, |s| Location {
                    page: self.doc.page_of(s.start),
                    ..index.locate(s)
                })
            })
            .collect();
        InputResult {
            source: self.source,
            verdict: Verdict::of(&diagnostics),
            report: self.report.map(|r| ExtractedSummary::of(r, index)),
            counts: Counts::of(&diagnostics),
            diagnostics,
            text: None,
        }
    }
}

impl Analysis {
    /// Like [`Analysis::finish`], also keeping what the cross-year rules need of the
    /// report; [`combine`] then runs them over the batch.
    pub fn finish_for_batch(mut self) -> (InputResult, Option<Profile>) {
        let (text, rendered) = (std::mem::take(&mut self.doc.text), self.rendered);
        // One line index for both: building it is a pass over the whole text.
        let lines = std::mem::take(&mut self.doc.line_starts);
        let index = LineIndex::with_line_starts(&text, lines);
        let profile = self
            .report
            .as_ref()
            .and_then(|r| Profile::with_index(&self.source, &self.doc, r, &index));
        let mut report = self.finish_with(&index);
        if rendered {
            report.text = Some(text);
        }
        (report, profile)
    }
}

/// Keeps at most [`MAX_FINDINGS_PER_CODE`] findings of each rule, the first ones in the
/// order given (sort them by position first), and returns how many of each rule were
/// left out, in the order the rules first appear.
pub fn cap_findings(findings: &mut Vec<Finding>) -> Vec<(&'static str, usize)> {
    let mut seen: Vec<(&'static str, usize)> = Vec::new();
    findings.retain(|f| {
        let i = match seen.iter().position(|(c, _)| *c == f.code) {
            Some(i) => i,
            None => {
                seen.push((f.code, 0));
                seen.len() - 1
            }
        };
        seen[i].1 += 1;
        seen[i].1 <= MAX_FINDINGS_PER_CODE
    });
    seen.into_iter()
        .filter(|(_, n)| *n > MAX_FINDINGS_PER_CODE)
        .map(|(c, n)| (c, n - MAX_FINDINGS_PER_CODE))
        .collect()
}

/// The `IN-OMITTED` note for `omitted` findings of rule `code` left out by
/// [`cap_findings`].
fn omitted_note(code: &'static str, omitted: usize) -> Finding {
    let title = crate::rules::catalog::rule(code).map_or(code, |r| r.title);
    let group = crate::limits::group;
    Finding::new("IN-OMITTED")
        .arg("code", code)
        .arg("title", title)
        .arg("omitted", group(omitted))
        .arg("shown", MAX_FINDINGS_PER_CODE)
        .arg("total", group(omitted + MAX_FINDINGS_PER_CODE))
        .evidence(
            MAX_FINDINGS_PER_CODE as i64,
            (omitted + MAX_FINDINGS_PER_CODE) as i64,
        )
}

/// Runs the cross-year rules over reports checked one by one (in any order or on any
/// thread) and returns the batch's result, in the order given.
pub fn combine(checked: Vec<(InputResult, Option<Profile>)>) -> BatchResult {
    BatchResult {
        schema: SCHEMA,
        reports: combine_kept(checked, InputResult::add_diagnostics),
    }
}

/// [`combine`] over what was kept of each report, in whatever form (the command line
/// keeps a report's extracted summary already written as JSON, a third of the memory of
/// its tables): `add` gives a report the cross-year findings about it.
pub fn combine_kept<K>(
    checked: Vec<(K, Option<Profile>)>,
    mut add: impl FnMut(&mut K, Vec<Diagnostic>),
) -> Vec<K> {
    // In place: unzipping would hold a second copy of every kept report while the
    // first is still there (a batch's largest moment).
    let mut checked = checked;
    let profiles: Vec<Option<Profile>> = checked.iter_mut().map(|(_, p)| p.take()).collect();
    let extra = cross_year::diagnostics(profiles);
    for ((k, _), extra) in checked.iter_mut().zip(extra) {
        add(k, extra);
    }
    // Collected into the same allocation (the elements only shrink).
    checked.into_iter().map(|(k, _)| k).collect()
}

/// Checks one input (any supported format).
pub fn check_bytes(name: &str, bytes: &[u8]) -> InputResult {
    analyse(name, bytes).finish()
}

/// Checks text already decoded, e.g. pasted into the page. Spans point into `text`.
pub fn check_text(name: &str, text: &str) -> InputResult {
    analyse_text(name, text).finish()
}

/// Checks a batch of inputs, including the cross-year rules between them; the result
/// keeps their order.
pub fn check_all(inputs: &[Input]) -> BatchResult {
    combine(
        inputs
            .iter()
            .map(|i| analyse(i.name, i.bytes).finish_for_batch())
            .collect(),
    )
}
