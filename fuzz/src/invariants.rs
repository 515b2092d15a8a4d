//! Invariants every result must satisfy, whatever the input. Shared by the fuzz targets
//! (`fuzz/fuzz_targets/*`) and the property tests (`tests/properties.rs`, which include
//! this file by path). Each check panics with a description of what broke.
//!
//! Locations are recomputed here independently of `span::LineIndex`: by walking the
//! text char by char, counting lines, columns and UTF-16 units.

use nianbao::diag::Finding;
use nianbao::doc::{Block, Document};
use nianbao::pipeline::Analysis;
use nianbao::span::{Location, Span};
use nianbao::InputResult;

/// A byte span that lies inside `text` and on char boundaries.
pub fn assert_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end,
        "{what}: span {span:?} runs backwards"
    );
    assert!(
        span.end <= text.len(),
        "{what}: span {span:?} ends past the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} is not on char boundaries"
    );
}

/// The reader's document: spans inside the text, texts equal to what they point at.
pub fn assert_document(doc: &Document) {
    let text = &doc.text;
    for b in &doc.blocks {
        match b {
            Block::Paragraph(p) => {
                assert_span(text, p.span, "paragraph");
                assert_eq!(
                    &text[p.span.start..p.span.end],
                    p.text,
                    "a paragraph's text is the text at its span"
                );
                assert!(!p.text.is_empty(), "no empty paragraphs");
            }
            Block::Table(t) => {
                assert_span(text, t.span, "table");
                assert!(!t.rows.is_empty(), "no empty tables");
                for r in &t.rows {
                    assert_span(text, r.span, "row");
                    assert!(
                        t.span.start <= r.span.start && r.span.end <= t.span.end,
                        "the table's span {:?} covers its row {:?}",
                        t.span,
                        r.span
                    );
                    for c in &r.cells {
                        assert_span(text, c.span, "cell");
                        assert!(
                            r.span.start <= c.span.start && c.span.end <= r.span.end,
                            "the row's span {:?} covers its cell {:?}",
                            r.span,
                            c.span
                        );
                        let at = &text[c.span.start..c.span.end];
                        if c.text.contains('\n') {
                            // A cell of several paragraphs: each lies inside the span.
                            for part in c.text.split('\n') {
                                assert!(at.contains(part), "cell paragraph {part:?} in {at:?}");
                            }
                        } else {
                            assert_eq!(at, c.text, "a cell's text is the text at its span");
                        }
                    }
                }
            }
        }
    }
    for a in &doc.artifacts {
        assert_span(text, a.span, "artifact");
    }
}

fn assert_finding(text: &str, f: &Finding) {
    if let Some(s) = f.span {
        assert_span(text, s, f.code);
    }
    assert!(
        nianbao::rules::catalog::rule(f.code).is_some(),
        "unknown code {}",
        f.code
    );
}

/// Everything the analysis holds points into its document's text.
pub fn assert_analysis(a: &Analysis) {
    assert_document(&a.doc);
    let text = &a.doc.text;
    for f in &a.findings {
        assert_finding(text, f);
    }
    let Some(r) = &a.report else { return };
    for s in &r.sections {
        assert_span(text, s.span, "section");
        assert!(s.block < s.end_block && s.end_block <= a.doc.blocks.len());
    }
    for (what, l) in [
        ("title", r.title.as_ref().map(|l| l.span)),
        ("year", r.year.as_ref().map(|l| l.span)),
        ("period", r.period.as_ref().map(|l| l.span)),
        (
            "signature organ",
            r.signature_organ.as_ref().map(|l| l.span),
        ),
        ("signature date", r.signature_date.as_ref().map(|l| l.span)),
    ] {
        if let Some(s) = l {
            assert_span(text, s, what);
        }
    }
    for t in [&r.t2, &r.t3, &r.t4].into_iter().flatten() {
        assert_span(text, t.span, t.key);
        for m in &t.markers {
            assert_span(text, m.span, "marker");
        }
        for row in &t.rows {
            assert_span(text, row.span, row.key);
            assert_span(text, row.label_span, row.key);
            assert_eq!(row.cells.len(), row.columns.len(), "one cell per column");
            for c in row.cells.iter().flatten() {
                assert_span(text, c.span, "data cell");
            }
        }
    }
}

/// The location of byte offset `at`, recomputed from scratch: (line, column, UTF-16).
pub fn naive_position(text: &str, at: usize) -> (u32, u32, u32) {
    let (mut line, mut column, mut utf16) = (1u32, 1u32, 0u32);
    for (i, c) in text.char_indices() {
        if i >= at {
            break;
        }
        utf16 += c.len_utf16() as u32;
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column, utf16)
}

/// The byte offset of a UTF-16 offset, if it falls on a char boundary in `text`.
pub fn byte_of_utf16(text: &str, utf16: u32) -> Option<usize> {
    let mut u = 0u32;
    for (i, c) in text.char_indices() {
        if u == utf16 {
            return Some(i);
        }
        if u > utf16 {
            return None;
        }
        u += c.len_utf16() as u32;
    }
    (u == utf16).then_some(text.len())
}

/// A location as output: its UTF-16 offsets fall on char boundaries inside `text`, and
/// its lines and columns are those of these offsets.
pub fn assert_location(text: &str, loc: &Location, what: &str) {
    assert!(
        loc.start_utf16 <= loc.end_utf16,
        "{what}: {loc:?} runs backwards"
    );
    let start = byte_of_utf16(text, loc.start_utf16)
        .unwrap_or_else(|| panic!("{what}: start_utf16 of {loc:?} is not a char boundary"));
    let end = byte_of_utf16(text, loc.end_utf16)
        .unwrap_or_else(|| panic!("{what}: end_utf16 of {loc:?} is not a char boundary"));
    let (l, c, _) = naive_position(text, start);
    assert_eq!((loc.line, loc.column), (l, c), "{what}: start of {loc:?}");
    let (l, c, _) = naive_position(text, end);
    assert_eq!(
        (loc.end_line, loc.end_column),
        (l, c),
        "{what}: end of {loc:?}"
    );
}

/// The result for `input` (the text given to the check): every location consistent
/// with the text the result's spans point into, counts and verdict consistent, and the
/// JSON well formed.
pub fn assert_file_report(input: &str, r: &InputResult) {
    let text = r.text.as_deref().unwrap_or(input);
    let mut counts = (0, 0, 0);
    for d in &r.diagnostics {
        if let Some(loc) = &d.span {
            assert_location(text, loc, d.code);
        }
        for c in &d.cells {
            if let Some(loc) = &c.span {
                assert_location(text, loc, d.code);
            }
        }
        assert!(!d.message.is_empty(), "{}: empty message", d.code);
        match d.severity {
            nianbao::diag::Severity::Error => counts.0 += 1,
            nianbao::diag::Severity::Warning => counts.1 += 1,
            nianbao::diag::Severity::Info => counts.2 += 1,
        }
    }
    assert_eq!(
        (r.counts.error, r.counts.warning, r.counts.info),
        counts,
        "counts match the diagnostics"
    );
    // Pass without errors; unreadable when an input error (IN-*) stopped the check;
    // fail otherwise.
    let stopped = r
        .diagnostics
        .iter()
        .any(|d| d.code.starts_with("IN-") && d.severity == nianbao::diag::Severity::Error);
    let want = if r.counts.error == 0 {
        nianbao::Verdict::Pass
    } else if stopped {
        nianbao::Verdict::Unreadable
    } else {
        nianbao::Verdict::Fail
    };
    assert_eq!(r.verdict, want, "the verdict follows the errors");
    let json = serde_json::to_string(r).expect("the result serialises");
    let back: serde_json::Value = serde_json::from_str(&json).expect("the JSON parses back");
    assert!(back.get("diagnostics").is_some());
}
