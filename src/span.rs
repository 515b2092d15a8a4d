//! Positions in the checked text.
//!
//! Internally every span is a pair of byte offsets into the document text (always on
//! `char` boundaries). For output they become 1-based line and column numbers (columns
//! count Unicode scalar values, so a Chinese character is one column) and UTF-16 code
//! unit offsets, which is what JavaScript strings and `textarea.setSelectionRange` use.

use serde::Serialize;

/// A half-open byte range `[start, end)` into the document text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// A span as the user sees it. Lines and columns are 1-based; `end_line`/`end_column`
/// point just past the last character (exclusive, as in LSP). UTF-16 offsets are
/// 0-based and half-open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub start_utf16: u32,
    pub end_utf16: u32,
}

/// UTF-16 length of UTF-8 bytes: every byte that starts a char is one unit, and a lead
/// byte of a char outside the BMP (0xF0..) one more. Branch-free, so it vectorises.
fn utf16_len(bytes: &[u8]) -> u32 {
    // A plain loop: the size-optimised WebAssembly build calls the closure of a
    // `map().sum()` once per byte instead of inlining it.
    // Eight bytes at a time: a continuation byte is 0b10xx_xxxx (top bit set, next
    // clear); a four-byte lead is 0b1111_0xxx (top four bits set).
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let continuation = w & !(w << 1) & HIGH;
        let four = w & (w << 1) & (w << 2) & (w << 3) & HIGH;
        n += 8 - continuation.count_ones() + four.count_ones();
    }
    for &b in chunks.remainder() {
        n += u32::from(b & 0xC0 != 0x80) + u32::from(b >= 0xF0);
    }
    n
}

/// Maps byte offsets to lines, columns and UTF-16 offsets in one text.
///
/// Built once per document in a single pass over its bytes; each lookup then scans at
/// most one line, so locating all diagnostics stays linear in the size of the text.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the first byte of each line.
    line_starts: Vec<usize>,
    /// UTF-16 offset of the first code unit of each line.
    line_starts_utf16: Vec<u32>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut line_starts_utf16 = vec![0];
        let mut utf16: u32 = 0;
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', bytes) {
            utf16 += utf16_len(&bytes[start..=nl]);
            start = nl + 1;
            line_starts.push(start);
            line_starts_utf16.push(utf16);
        }
        LineIndex {
            text,
            line_starts,
            line_starts_utf16,
        }
    }

    /// Clamps `offset` into the text and back onto a char boundary.
    fn clamp(&self, offset: usize) -> usize {
        let mut o = offset.min(self.text.len());
        while !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// (1-based line, 1-based column, UTF-16 offset) of a byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32, u32) {
        let offset = self.clamp(offset);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let prefix = &self.text[start..offset];
        let column = prefix.chars().count() as u32 + 1;
        let utf16 = self.line_starts_utf16[line] + prefix.encode_utf16().count() as u32;
        (line as u32 + 1, column, utf16)
    }

    pub fn locate(&self, span: Span) -> Location {
        let (line, column, start_utf16) = self.position(span.start);
        let (end_line, end_column, end_utf16) = self.position(span.end.max(span.start));
        Location {
            line,
            column,
            end_line,
            end_column,
            start_utf16,
            end_utf16,
        }
    }

    /// Number of lines in the text (a trailing newline does not open a new line).
    pub fn line_count(&self) -> usize {
        if self.text.ends_with('\n') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_len_counts_like_encode_utf16() {
        let pieces = ["a", "中", "😀", "\u{a0}", "\n", "é", "\u{10ffff}", "𠀀"];
        let mut s = String::new();
        // Every length from 0 to 40 bytes and every alignment of each kind of character.
        for i in 0..200 {
            s.push_str(pieces[(i * 7 + i / 3) % pieces.len()]);
            for start in s.char_indices().map(|(i, _)| i).take(9) {
                let t = &s[start..];
                assert_eq!(
                    utf16_len(t.as_bytes()) as usize,
                    t.encode_utf16().count(),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn chinese_columns_and_utf16() {
        let text = "标题\n一、总体情况\n数字𠀀12";
        let idx = LineIndex::new(text);
        let at = text.find("总体").unwrap();
        let loc = idx.locate(Span::new(at, at + "总体".len()));
        assert_eq!(
            (loc.line, loc.column, loc.end_line, loc.end_column),
            (2, 3, 2, 5)
        );
        // "标题\n一、" is 5 UTF-16 units.
        assert_eq!((loc.start_utf16, loc.end_utf16), (5, 7));
        // A character outside the BMP is one column but two UTF-16 units.
        let at = text.find("12").unwrap();
        let loc = idx.locate(Span::new(at, at + 2));
        assert_eq!((loc.line, loc.column), (3, 4));
        let expected: u32 = text[..at].encode_utf16().count() as u32;
        assert_eq!(loc.start_utf16, expected);
        assert_eq!(loc.end_utf16, expected + 2);
    }

    #[test]
    fn offsets_inside_a_char_are_clamped() {
        let text = "年报";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(1), (1, 1, 0));
        assert_eq!(idx.position(99), (1, 3, 2));
    }
}
