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
    /// The 1-based page the span starts on, for paged formats (PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// Characters and UTF-16 code units in UTF-8 bytes (any byte range, even one that cuts
/// a character: the character counts where its first byte is). Every byte that is not a
/// continuation byte starts a character, which is one UTF-16 unit, or two when it lies
/// outside the BMP (a four-byte lead, 0xF0..).
fn counts(bytes: &[u8]) -> (u32, u32) {
    // Eight bytes at a time: a continuation byte is 0b10xx_xxxx (top bit set, next
    // clear); a four-byte lead is 0b1111_0xxx (top four bits set). A plain loop, not
    // iterator adapters: the size-optimised WebAssembly build does not inline those.
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let (mut chars, mut four) = (0, 0);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        chars += 8 - (w & !(w << 1) & HIGH).count_ones();
        four += (w & (w << 1) & (w << 2) & (w << 3) & HIGH).count_ones();
    }
    for &b in chunks.remainder() {
        chars += u32::from(b & 0xC0 != 0x80);
        four += u32::from(b >= 0xF0);
    }
    (chars, chars + four)
}

/// Bytes between the checkpoints of [`LineIndex`].
/// (64: a lookup counts at most 63 bytes from its checkpoint, and a report of 7 KB keeps
/// about a hundred checkpoints.)
const BLOCK: usize = 64;

/// Maps byte offsets to lines, columns and UTF-16 offsets in one text.
///
/// Built once per document in a single pass over its bytes. Besides the start of every
/// line it keeps the character and UTF-16 counts at every [`BLOCK`] bytes, so a lookup
/// scans at most two blocks (the offset's and its line start's): locating all diagnostics stays linear in the size of the
/// text even when they all lie on one very long line (scanning from the line's start
/// made 23 000 findings on one 0.2 MB line take half a second).
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the first byte of each line.
    line_starts: Vec<usize>,
    /// (characters, UTF-16 units) before byte `i * BLOCK`.
    blocks: Vec<(u32, u32)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let (mut chars, mut utf16) = (0, 0);
        for block in bytes.chunks(BLOCK) {
            blocks.push((chars, utf16));
            let (c, u) = counts(block);
            chars += c;
            utf16 += u;
        }
        blocks.push((chars, utf16));
        // Only where lines start: the characters before a line start are counted from
        // the block checkpoints when a position on that line is asked for, so the text
        // is counted once here, not twice.
        let mut line_starts = Vec::with_capacity(bytes.len() / 64 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|nl| nl + 1));
        LineIndex {
            text,
            line_starts,
            blocks,
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

    /// (characters, UTF-16 units) before byte `offset`.
    fn counts_before(&self, offset: usize) -> (u32, u32) {
        let block = offset / BLOCK;
        let (chars, utf16) = self.blocks[block];
        let (c, u) = counts(&self.text.as_bytes()[block * BLOCK..offset]);
        (chars + c, utf16 + u)
    }

    /// (1-based line, 1-based column, UTF-16 offset) of a byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32, u32) {
        let offset = self.clamp(offset);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let line_start = self.line_starts[line];
        let (chars, utf16) = self.counts_before(offset);
        // Within one block, the characters between the line's start and the offset;
        // otherwise from both checkpoints.
        let column = if line_start / BLOCK == offset / BLOCK {
            counts(&self.text.as_bytes()[line_start..offset]).0
        } else {
            chars - self.counts_before(line_start).0
        } + 1;
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
            page: None,
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
    fn counts_agree_with_chars_and_encode_utf16() {
        let pieces = ["a", "中", "😀", "\u{a0}", "\n", "é", "\u{10ffff}", "𠀀"];
        let mut s = String::new();
        // Every length from 0 to 40 bytes and every alignment of each kind of character.
        for i in 0..200 {
            s.push_str(pieces[(i * 7 + i / 3) % pieces.len()]);
            for start in s.char_indices().map(|(i, _)| i).take(9) {
                let t = &s[start..];
                let expected = (t.chars().count() as u32, t.encode_utf16().count() as u32);
                assert_eq!(counts(t.as_bytes()), expected, "{t:?}");
            }
        }
    }

    /// Every char boundary of a text with long and short lines, several blocks long,
    /// against positions counted from the start.
    #[test]
    fn positions_across_blocks_match_counting_from_the_start() {
        let pieces = [
            "一、总体情况",
            "ab",
            "𠀀",
            "\n",
            "表三\t12\t",
            "\u{a0}é",
            "\n\n",
        ];
        let mut text = String::new();
        for i in 0..600 {
            text.push_str(pieces[(i * 5 + i / 7) % pieces.len()]);
            if i % 50 == 0 {
                text.push_str(&"长".repeat(300));
            }
        }
        assert!(text.len() > 8 * BLOCK);
        let idx = LineIndex::new(&text);
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let before = &text[..at];
            let line = before.matches('\n').count() as u32 + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..at].chars().count() as u32 + 1;
            let utf16 = before.encode_utf16().count() as u32;
            assert_eq!(idx.position(at), (line, column, utf16), "at {at}");
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
