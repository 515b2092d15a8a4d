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
    /// Offered to the JSON printer (the browser's JSON is serde_json's: left as derived).
    #[cfg_attr(
        not(target_family = "wasm"),
        serde(serialize_with = "crate::json::serialize_diagnostics")
    )]
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
        crate::sort::by(&mut self.diagnostics, diagnostic_order);
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
/// a report's 29 KB; their values, held compactly, about 1 KB), and a batch of
/// thousands held them all until the end: every page of memory a batch touches costs a
/// page fault (about 4 µs on a virtual machine). For the same reason the rest is held tightly: boxes of the
/// exact size instead of growable vectors, the summary behind a pointer.
#[derive(Clone, Debug)]
pub struct KeptResult {
    source: Box<str>,
    verdict: Verdict,
    counts: Counts,
    /// The report's own diagnostics, in the order [`InputResult`] has them.
    diagnostics: Box<[Diagnostic]>,
    /// Diagnostics found later (the cross-year rules), sorted as
    /// [`InputResult::add_diagnostics`] sorts; merged into `diagnostics` when written.
    /// Kept apart because growing the report's own list would leave its old block (of
    /// a size little else asks for) unused and touch a new, larger one.
    added: Vec<Diagnostic>,
    text: Option<Box<str>>,
    /// The `report`, with its tables' values only.
    summary: Option<Box<ExtractedSummary<TablesValues>>>,
}

/// The order of diagnostics in a result: by UTF-16 offset (which grows with the byte
/// offset `finish` sorts by), then by code; those without a place last.
fn diagnostic_order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    let ka = a.span.map(|s| s.start_utf16).unwrap_or(u32::MAX);
    let kb = b.span.map(|s| s.start_utf16).unwrap_or(u32::MAX);
    ka.cmp(&kb).then_with(|| a.code.cmp(b.code))
}

impl KeptResult {
    pub fn keep(mut result: InputResult) -> KeptResult {
        // A message is rendered into room for its template and more (about half again
        // what it needs): copied into a block of its size when a smaller one would do.
        // A diagnostic's cells were pushed one by one, into room for four at least.
        for d in &mut result.diagnostics {
            if d.message.capacity() - d.message.len() > d.message.len() / 8 {
                d.message = d.message.as_str().into();
            }
            d.cells = exact_vec(std::mem::take(&mut d.cells));
        }
        KeptResult {
            source: result.source.into_boxed_str(),
            verdict: result.verdict,
            counts: result.counts,
            // Collected in the block of the findings, which may be larger.
            diagnostics: exact_vec(result.diagnostics).into_boxed_slice(),
            added: Vec::new(),
            text: result.text.map(String::into_boxed_str),
            summary: result.report.map(|mut s| {
                // Collected in the block of the sections as read (larger elements).
                s.sections = exact_vec(std::mem::take(&mut s.sections));
                Box::new(s.map_tables(|t| t.values()))
            }),
        }
    }

    pub fn verdict(&self) -> Verdict {
        self.verdict
    }

    /// [`InputResult::add_diagnostics`]: the same order, counts and verdict.
    pub fn add_diagnostics(&mut self, extra: Vec<Diagnostic>) {
        if extra.is_empty() {
            return;
        }
        // The own list as the sort of everything would put it: it already is, unless
        // notes without a place were listed after others by code (`IN-OMITTED` last).
        if !self
            .diagnostics
            .windows(2)
            .all(|w| diagnostic_order(&w[0], &w[1]).is_le())
        {
            crate::sort::by(&mut self.diagnostics, diagnostic_order);
        }
        if self.added.is_empty() {
            self.added = extra;
        } else {
            self.added.extend(extra);
        }
        // A stable sort of the own diagnostics (already in order) followed by the added
        // ones is the merge of the two, the own first among equals: so the added ones
        // are sorted on their own, and merged when written.
        crate::sort::by(&mut self.added, diagnostic_order);
        let (own, added) = (Counts::of(&self.diagnostics), Counts::of(&self.added));
        self.counts = Counts {
            error: own.error + added.error,
            warning: own.warning + added.warning,
            info: own.info + added.info,
        };
        // An input error decides whatever comes before or after it; otherwise any error.
        self.verdict = match (Verdict::of(&self.diagnostics), Verdict::of(&self.added)) {
            (Verdict::Unreadable, _) | (_, Verdict::Unreadable) => Verdict::Unreadable,
            (Verdict::Fail, _) | (_, Verdict::Fail) => Verdict::Fail,
            _ => Verdict::Pass,
        };
    }
}

/// `v` in a block of its length. Shrinking a vector in place is no use with the
/// command line's allocator (mimalloc), which keeps a block that shrinks by less than
/// half as it is: what a batch keeps to its end is moved into a new block instead.
fn exact_vec<T>(v: Vec<T>) -> Vec<T> {
    if v.capacity() == v.len() {
        return v;
    }
    let mut exact = Vec::with_capacity(v.len());
    exact.extend(v);
    exact
}

/// Two lists of diagnostics, each in order, written as one list in order (the first's
/// before the second's among equals).
struct Merged<'a>(&'a [Diagnostic], &'a [Diagnostic]);

impl Serialize for Merged<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let (mut a, mut b) = (self.0, self.1);
        let mut seq = s.serialize_seq(Some(a.len() + b.len()))?;
        loop {
            let next = match (a.first(), b.first()) {
                (Some(x), Some(y)) if diagnostic_order(y, x).is_lt() => {
                    b = &b[1..];
                    y
                }
                (Some(x), _) => {
                    a = &a[1..];
                    x
                }
                (None, Some(y)) => {
                    b = &b[1..];
                    y
                }
                (None, None) => break,
            };
            seq.serialize_element(&crate::json::Offered(next))?;
        }
        seq.end()
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
            diagnostics: Merged<'a>,
            #[serde(skip_serializing_if = "Option::is_none")]
            text: Option<&'a str>,
        }
        View {
            source: &self.source,
            verdict: self.verdict,
            report: self.summary.as_deref(),
            counts: &self.counts,
            diagnostics: Merged(&self.diagnostics, &self.added),
            text: self.text.as_deref(),
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{check_all, Input};

    /// Diagnostics added to a kept report land where [`InputResult::add_diagnostics`]
    /// puts them, with the same counts and verdict: before, between and after the
    /// report's own, on equal places (then by code, the own first), without a place,
    /// and when the own list ends with notes out of code order (`IN-OMITTED` after the
    /// findings without a place, which the sort moves).
    #[test]
    fn added_diagnostics_land_as_in_the_whole_result() {
        use crate::diag::Finding;
        use crate::span::{LineIndex, Span};
        let text = "一二三四五六七八九十\n".repeat(4);
        let index = LineIndex::new(&text);
        let d = |code: &'static str, at: Option<usize>| {
            Diagnostic::from_finding(
                Finding::new(code).maybe_span(at.map(|a| Span::new(a, a + 3))),
                |s| index.locate(s),
            )
        };
        let own = vec![
            d("CNT-ARTIFACT", Some(3)),
            d("CNT-FEE", Some(3)),
            d("META-TITLE", Some(33)),
            d("TPL-OUTDATED", None),
        ];
        let own_out_of_order = {
            let mut v = own.clone();
            v.push(d("IN-OMITTED", None));
            v
        };
        let added = [
            vec![d("XY-REUSE", Some(0))],
            vec![d("XY-REUSE", Some(3)), d("CNT-DUPLICATE", Some(3))],
            vec![
                d("XY-CARRY", Some(66)),
                d("XY-CARRY", Some(33)),
                d("XY-IN-FORCE", None),
            ],
            vec![d("IN-UNSUPPORTED", None)],
            vec![],
        ];
        for own in [own, own_out_of_order] {
            for extra in &added {
                let mut whole = InputResult {
                    source: "a.txt".into(),
                    verdict: Verdict::of(&own),
                    report: None,
                    counts: Counts::of(&own),
                    diagnostics: own.clone(),
                    text: None,
                };
                let mut kept = KeptResult::keep(whole.clone());
                // Twice: what is added second lands among what was added first.
                for half in [&extra[..extra.len() / 2], &extra[extra.len() / 2..]] {
                    whole.add_diagnostics(half.to_vec());
                    kept.add_diagnostics(half.to_vec());
                }
                assert_eq!(kept.verdict(), whole.verdict);
                assert_eq!(
                    serde_json::to_string_pretty(&kept).unwrap(),
                    serde_json::to_string_pretty(&whole).unwrap()
                );
            }
        }
    }

    /// A vector moved to a block of its length keeps its elements in order, whatever
    /// room it had.
    #[test]
    fn exact_vec_keeps_the_elements_in_a_block_of_their_size() {
        for (len, room) in [(0, 0), (0, 5), (1, 0), (3, 1), (9, 30)] {
            let mut v: Vec<String> = Vec::with_capacity(len + room);
            v.extend((0..len).map(|i| i.to_string()));
            let want = v.clone();
            let exact = exact_vec(v);
            assert_eq!(exact, want);
            assert_eq!(exact.capacity(), len);
        }
    }

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
