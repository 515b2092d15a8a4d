//! The result of a check, as every front end receives it: the types of the contract in
//! `rules.md` (`{schema, reports: [{source, verdict, report, counts, diagnostics, text}]}`)
//! and their JSON. [`crate::pipeline`] makes them.

use serde::Serialize;

use crate::diag::{Diagnostic, Severity};
use crate::model::{OrganKind, Report, TableValues, Template, TypedTable};
use crate::span::LineIndex;

/// Version of the result's shape (`"schema"` in the JSON).
pub const SCHEMA: u32 = 1;

/// The result for a batch of inputs, in the order given.
#[derive(Clone, Debug, Serialize)]
pub struct BatchResult {
    pub schema: u32,
    pub reports: Vec<InputResult>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    /// An `IN-*` error stopped the check (nothing to check, not a report, a file that
    /// cannot be read, too large): no verdict on the report itself.
    Unreadable,
}

impl Verdict {
    /// The verdict of a list of diagnostics: unreadable when an input error stopped the
    /// check, fail when any error, pass otherwise.
    pub fn of(diagnostics: &[Diagnostic]) -> Verdict {
        let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error);
        let mut fail = false;
        for d in errors {
            if d.code.starts_with("IN-") {
                return Verdict::Unreadable;
            }
            fail = true;
        }
        if fail {
            Verdict::Fail
        } else {
            Verdict::Pass
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    /// The diagnostics of each severity.
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }
}

/// The result for one input (one element of the contract's `reports`).
#[derive(Clone, Debug, Serialize)]
pub struct InputResult {
    pub source: String,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ExtractedSummary>,
    pub counts: Counts,
    pub diagnostics: Vec<Diagnostic>,
    /// The text that the diagnostics' spans point into, when it is not the input itself
    /// (inputs in HTML, .docx or a legacy encoding are rendered or decoded first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// What was extracted of the report ([`crate::model::Report`], the report as read),
/// for the JSON result (the contract's `report`).
///
/// `T` is how the tables are held: [`Tables`], the tables as read, or [`TablesValues`],
/// only their values (what a batch keeps until it writes its JSON).
#[derive(Clone, Debug, Serialize)]
pub struct ExtractedSummary<T = Tables> {
    pub year: Option<i32>,
    pub organ: Option<String>,
    pub template: Option<Template>,
    pub title: Option<String>,
    pub kind: Option<OrganKind>,
    pub period: Option<Period>,
    pub signature: Signature,
    pub sections: Vec<SectionSummary>,
    pub tables: T,
}

#[derive(Clone, Debug, Serialize)]
pub struct Period {
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Signature {
    pub organ: Option<String>,
    pub date: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SectionSummary {
    pub number: usize,
    pub heading: String,
    pub line: u32,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Tables {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t2: Option<TypedTable>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t3: Option<TypedTable>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t4: Option<TypedTable>,
}

/// [`Tables`] with only the values of each table ([`TableValues`]); the same JSON.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TablesValues {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t2: Option<TableValues>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t3: Option<TableValues>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t4: Option<TableValues>,
}

impl Tables {
    pub fn values(&self) -> TablesValues {
        TablesValues {
            t2: self.t2.as_ref().map(TableValues::of),
            t3: self.t3.as_ref().map(TableValues::of),
            t4: self.t4.as_ref().map(TableValues::of),
        }
    }
}

impl<T> ExtractedSummary<T> {
    /// The same summary with its tables held another way.
    pub fn map_tables<U>(self, f: impl FnOnce(T) -> U) -> ExtractedSummary<U> {
        ExtractedSummary {
            year: self.year,
            organ: self.organ,
            template: self.template,
            title: self.title,
            kind: self.kind,
            period: self.period,
            signature: self.signature,
            sections: self.sections,
            tables: f(self.tables),
        }
    }
}

impl InputResult {
    /// Adds diagnostics found later (the cross-year rules), keeping the order by
    /// position and the counts and verdict current.
    pub fn add_diagnostics(&mut self, extra: Vec<Diagnostic>) {
        if extra.is_empty() {
            return;
        }
        self.diagnostics.extend(extra);
        // UTF-16 offsets grow with byte offsets, so this is the order `finish` made.
        crate::sort::by(&mut self.diagnostics, |a, b| {
            let ka = a.span.map(|s| s.start_utf16).unwrap_or(u32::MAX);
            let kb = b.span.map(|s| s.start_utf16).unwrap_or(u32::MAX);
            ka.cmp(&kb).then_with(|| a.code.cmp(b.code))
        });
        self.counts = Counts::of(&self.diagnostics);
        self.verdict = Verdict::of(&self.diagnostics);
    }
}

impl ExtractedSummary {
    /// The summary of a report model; lines are counted in the text `index` covers.
    pub fn of(r: Report, index: &LineIndex) -> ExtractedSummary {
        // The report is ours: its strings are moved into the summary, not copied.
        ExtractedSummary {
            year: r.year(),
            organ: r.organ,
            template: r.template,
            title: r.title.map(|t| t.value),
            kind: r.kind,
            period: r.period.map(|p| Period {
                start: p.value.0.to_string(),
                end: p.value.1.to_string(),
            }),
            signature: Signature {
                organ: r.signature_organ.map(|o| o.value),
                date: r.signature_date.map(|d| d.value.to_string()),
            },
            sections: r
                .sections
                .into_iter()
                .map(|s| SectionSummary {
                    number: s.number,
                    line: index.position(s.span.start).0,
                    heading: s.heading,
                })
                .collect(),
            tables: Tables {
                t2: r.t2,
                t3: r.t3,
                t4: r.t4,
            },
        }
    }
}

impl BatchResult {
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(16 * 1024 * self.reports.len().max(1));
        crate::json::write_pretty_to_vec(&mut out, self).expect("the result always serialises");
        // Valid UTF-8: strings are copied whole or escaped into ASCII.
        String::from_utf8(out).expect("JSON is UTF-8")
    }
}

/// Writes `value` as `serde_json::to_writer_pretty` does (the same bytes), with
/// [`crate::json`]'s printer: large writes, strings scanned a word at a time.
pub fn write_json_pretty<W: std::io::Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
) -> std::io::Result<()> {
    crate::json::write_pretty(out, value)
}

/// What a batch keeps of a report until the cross-year rules have run, when only its
/// JSON is wanted: the result, its extracted summary with only the values of its tables
/// ([`TablesValues`]). The tables as read are most of a result's memory (about 22 KB of
/// a report's 29 KB; their values about 2 KB), and a batch of thousands held them all
/// until the end: every page of memory a batch touches costs a page fault (about 4 µs
/// on a virtual machine).
#[derive(Clone, Debug)]
pub struct KeptResult {
    /// The result, its `report` taken out.
    pub result: InputResult,
    /// The `report`, with its tables' values only.
    pub summary: Option<ExtractedSummary<TablesValues>>,
}

impl KeptResult {
    pub fn keep(mut result: InputResult) -> KeptResult {
        let summary = result.report.take().map(|s| s.map_tables(|t| t.values()));
        KeptResult { result, summary }
    }

    pub fn add_diagnostics(&mut self, extra: Vec<Diagnostic>) {
        self.result.add_diagnostics(extra);
    }
}

/// A kept report serialises as the whole [`InputResult`] does: the same fields in the
/// same order, with the same ones left out when empty (a test compares the bytes).
impl Serialize for KeptResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            source: &'a str,
            verdict: Verdict,
            #[serde(skip_serializing_if = "Option::is_none")]
            report: Option<&'a ExtractedSummary<TablesValues>>,
            counts: &'a Counts,
            diagnostics: &'a [Diagnostic],
            #[serde(skip_serializing_if = "Option::is_none")]
            text: Option<&'a str>,
        }
        let r = &self.result;
        View {
            source: &r.source,
            verdict: r.verdict,
            report: self.summary.as_ref(),
            counts: &r.counts,
            diagnostics: &r.diagnostics,
            text: r.text.as_deref(),
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{check_all, Input};

    /// The same bytes as serde_json's own pretty printer, on a real result (nested
    /// objects, arrays, empty ones, strings with escapes) and on values deeper than the
    /// indentation buffer.
    #[test]
    fn pretty_json_is_serde_jsons() {
        let text = include_str!("../tests/fixtures/004-laiyuan-xian-2022.txt");
        let out = check_all(&[
            Input {
                name: "a\"\\b\n.txt",
                bytes: text.as_bytes(),
            },
            Input {
                name: "empty.txt",
                bytes: b"",
            },
        ]);
        assert_eq!(out.to_json(), serde_json::to_string_pretty(&out).unwrap());
        let mut deep = serde_json::json!([]);
        for i in 0..40 {
            deep = serde_json::json!({ "k": [deep, i, {}, []] });
        }
        let mut mine = Vec::new();
        write_json_pretty(&mut mine, &deep).unwrap();
        assert_eq!(
            String::from_utf8(mine).unwrap(),
            serde_json::to_string_pretty(&deep).unwrap()
        );
    }
}
