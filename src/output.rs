//! The public API and the machine-readable result (the contract in `rules.md`).

use serde::Serialize;

use crate::diag::{Diagnostic, Finding, Severity};
use crate::doc::Document;
use crate::model::{OrganKind, Report, Template, TypedTable};
use crate::rules::cross_year::{self, Profile};
use crate::span::{LineIndex, Location};

/// Version of the result's shape (`"schema"` in the JSON).
pub const SCHEMA: u32 = 1;

/// One input to check: its name (a path or file name, used for the `source` field and
/// to recognise the file type) and its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// The result for a batch of inputs, in the order given.
#[derive(Clone, Debug, Serialize)]
pub struct Output {
    pub schema: u32,
    pub reports: Vec<FileReport>,
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

/// The result for one input.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    pub source: String,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportSummary>,
    pub counts: Counts,
    pub diagnostics: Vec<Diagnostic>,
    /// The text that the diagnostics' spans point into, when it is not the input itself
    /// (inputs in HTML, .docx or a legacy encoding are rendered or decoded first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// What the report model says, for the JSON result.
#[derive(Clone, Debug, Serialize)]
pub struct ReportSummary {
    pub year: Option<i32>,
    pub organ: Option<String>,
    pub template: Option<Template>,
    pub title: Option<String>,
    pub kind: Option<OrganKind>,
    pub period: Option<Period>,
    pub signature: Signature,
    pub sections: Vec<SectionSummary>,
    pub tables: Tables,
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

/// Everything known about one input before it is turned into a [`FileReport`]; batch
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

fn analyse_document(name: &str, doc: Document, rendered: bool) -> Analysis {
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
    pub fn finish(mut self) -> FileReport {
        let (text, rendered) = (std::mem::take(&mut self.doc.text), self.rendered);
        let mut report = self.finish_with(&LineIndex::new(&text));
        if rendered {
            report.text = Some(text);
        }
        report
    }

    /// [`Analysis::finish`] with the document's line index already built (the document's
    /// text is taken out for it: the caller puts it in the result when `rendered`).
    fn finish_with(self, index: &LineIndex) -> FileReport {
        let mut findings = self.findings;
        // Stable order: by position, then by code; findings without a place go last.
        findings.sort_by(|a, b| {
            let ka = a.span.map(|s| s.start).unwrap_or(usize::MAX);
            let kb = b.span.map(|s| s.start).unwrap_or(usize::MAX);
            ka.cmp(&kb).then_with(|| a.code.cmp(b.code))
        });
        // At most MAX_FINDINGS_PER_CODE of one rule, the first by position; the rest
        // are counted in one IN-OMITTED note per rule, listed last.
        for (code, omitted) in crate::limits::cap_findings(&mut findings) {
            findings.push(crate::limits::omitted(code, omitted));
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
        let mut counts = Counts::default();
        for d in &diagnostics {
            match d.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        let verdict = Verdict::of(&diagnostics);
        let report = self.report.map(|r| summarise(r, index));
        FileReport {
            source: self.source,
            verdict,
            report,
            counts,
            diagnostics,
            text: None,
        }
    }
}

impl Analysis {
    /// Like [`Analysis::finish`], also keeping what the cross-year rules need of the
    /// report; [`combine`] then runs them over the batch.
    pub fn finish_for_batch(mut self) -> (FileReport, Option<Profile>) {
        let (text, rendered) = (std::mem::take(&mut self.doc.text), self.rendered);
        // One line index for both: building it is a pass over the whole text.
        let index = LineIndex::new(&text);
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

impl FileReport {
    /// Adds diagnostics found later (the cross-year rules), keeping the order by
    /// position and the counts and verdict current.
    pub fn add_diagnostics(&mut self, extra: Vec<Diagnostic>) {
        if extra.is_empty() {
            return;
        }
        self.diagnostics.extend(extra);
        // UTF-16 offsets grow with byte offsets, so this is the order `finish` made.
        self.diagnostics.sort_by(|a, b| {
            let ka = a.span.map(|s| s.start_utf16).unwrap_or(u32::MAX);
            let kb = b.span.map(|s| s.start_utf16).unwrap_or(u32::MAX);
            ka.cmp(&kb).then_with(|| a.code.cmp(b.code))
        });
        let mut counts = Counts::default();
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        self.counts = counts;
        self.verdict = Verdict::of(&self.diagnostics);
    }
}

/// Runs the cross-year rules over reports checked one by one (in any order or on any
/// thread) and returns the batch's result, in the order given.
pub fn combine(checked: Vec<(FileReport, Option<Profile>)>) -> Output {
    let (mut reports, profiles): (Vec<FileReport>, Vec<Option<Profile>>) =
        checked.into_iter().unzip();
    for (report, extra) in reports.iter_mut().zip(cross_year::diagnostics(&profiles)) {
        report.add_diagnostics(extra);
    }
    Output {
        schema: SCHEMA,
        reports,
    }
}

fn summarise(r: Report, index: &LineIndex) -> ReportSummary {
    ReportSummary {
        year: r.year(),
        organ: r.organ.clone(),
        template: r.template,
        title: r.title.as_ref().map(|t| t.value.clone()),
        kind: r.kind,
        period: r.period.as_ref().map(|p| Period {
            start: p.value.0.to_string(),
            end: p.value.1.to_string(),
        }),
        signature: Signature {
            organ: r.signature_organ.as_ref().map(|o| o.value.clone()),
            date: r.signature_date.as_ref().map(|d| d.value.to_string()),
        },
        sections: r
            .sections
            .iter()
            .map(|s| SectionSummary {
                number: s.number,
                heading: s.heading.clone(),
                line: index.position(s.span.start).0,
            })
            .collect(),
        tables: Tables {
            t2: r.t2,
            t3: r.t3,
            t4: r.t4,
        },
    }
}

/// Checks one input (any supported format).
pub fn check_bytes(name: &str, bytes: &[u8]) -> FileReport {
    analyse(name, bytes).finish()
}

/// Checks text already decoded, e.g. pasted into the page. Spans point into `text`.
pub fn check_text(name: &str, text: &str) -> FileReport {
    analyse_text(name, text).finish()
}

/// Checks a batch of inputs, including the cross-year rules between them; the result
/// keeps their order.
pub fn check_all(inputs: &[Input]) -> Output {
    combine(
        inputs
            .iter()
            .map(|i| analyse(i.name, i.bytes).finish_for_batch())
            .collect(),
    )
}

impl Output {
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(16 * 1024 * self.reports.len().max(1));
        write_json_pretty(&mut out, self).expect("writing into memory cannot fail");
        // serde_json writes valid UTF-8 (it escapes nothing into invalid bytes).
        String::from_utf8(out).expect("JSON is UTF-8")
    }
}

/// Writes `value` as `serde_json::to_writer_pretty` does (the same bytes: two-space
/// indents, `": "`), with one write per line break and its indentation instead of one
/// per level, which is most of the cost of printing a large batch.
pub fn write_json_pretty<W: std::io::Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Pretty::default());
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// serde_json's `PrettyFormatter` with a two-space indent, writing each line break and
/// its indentation at once.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn line<W: ?Sized + std::io::Write>(w: &mut W, depth: usize) -> std::io::Result<()> {
        const LINE: &[u8] = b"\n                                                                ";
        let mut spaces = 2 * depth;
        let first = spaces.min(LINE.len() - 1);
        w.write_all(&LINE[..1 + first])?;
        spaces -= first;
        while spaces > 0 {
            let n = spaces.min(LINE.len() - 1);
            w.write_all(&LINE[1..1 + n])?;
            spaces -= n;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            Self::line(w, self.depth)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        Self::line(w, self.depth)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            Self::line(w, self.depth)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        Self::line(w, self.depth)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// What went wrong reading or writing a file, in Chinese (the system's own wording is
/// English and varies by platform).
pub fn io_error_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或目录不存在".into(),
        K::PermissionDenied => "没有读写权限".into(),
        K::AlreadyExists => "文件已存在".into(),
        K::InvalidData | K::InvalidInput => "内容或文件名无效".into(),
        K::UnexpectedEof => "文件意外结束".into(),
        K::OutOfMemory => "内存不足".into(),
        K::Interrupted | K::TimedOut => "读写被中断".into(),
        _ => match e.raw_os_error() {
            Some(21) => "这是一个目录".into(),
            Some(20) => "路径中有一部分不是目录".into(),
            Some(28) => "磁盘空间不足".into(),
            Some(n) => format!("系统错误，代码 {n}"),
            None => "读写出错".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
