//! Span conversion (`span::LineIndex`): byte offsets → 1-based line and column and
//! UTF-16 offsets, compared with a naive recount; offsets past the end or inside a
//! char are clamped, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::span::{LineIndex, Span};
use nianbao_fuzz::invariants::naive_position;

fuzz_target!(|data: &[u8]| {
    // The first four bytes pick two offsets; the rest is the text.
    if data.len() < 4 {
        return;
    }
    let a = usize::from(u16::from_le_bytes([data[0], data[1]]));
    let b = usize::from(u16::from_le_bytes([data[2], data[3]]));
    let text = String::from_utf8_lossy(&data[4..]);
    let index = LineIndex::new(&text);
    let clamp = |mut o: usize| {
        o = o.min(text.len());
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    for o in [a, b, 0, text.len(), text.len() + 1] {
        assert_eq!(
            index.position(o),
            naive_position(&text, clamp(o)),
            "offset {o}"
        );
    }
    let loc = index.locate(Span::new(a, b));
    let (l, c, u) = naive_position(&text, clamp(a));
    assert_eq!((loc.line, loc.column, loc.start_utf16), (l, c, u));
    let (l, c, u) = naive_position(&text, clamp(a.max(b)));
    assert_eq!((loc.end_line, loc.end_column, loc.end_utf16), (l, c, u));
    let lines = text.split('\n').count() - usize::from(text.ends_with('\n'));
    assert_eq!(index.line_count(), lines);
});
