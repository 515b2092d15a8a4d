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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub start_utf16: u32,
    pub end_utf16: u32,
    /// The 1-based page the span starts on, for paged formats (PDF).
    pub page: Option<u32>,
}

/// The fields of a [`Location`] as its JSON has them: `page` left out when there is none.
#[derive(Serialize)]
#[serde(rename = "Location")]
struct LocationFields {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    start_utf16: u32,
    end_utf16: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
}

/// The keys of [`LocationFields`], in order.
const LOCATION_KEYS: &[&str] = &[
    "line",
    "column",
    "end_line",
    "end_column",
    "start_utf16",
    "end_utf16",
    "page",
];

/// A diagnostic has one or more locations: the JSON printer writes them in a loop of its
/// own ([`crate::json::IntegerObject`]); other serializers get [`LocationFields`].
impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let l = *self;
        let values = [
            l.line,
            l.column,
            l.end_line,
            l.end_column,
            l.start_utf16,
            l.end_utf16,
            l.page.unwrap_or(0),
        ];
        let n = if l.page.is_some() { 7 } else { 6 };
        let fields = LocationFields {
            line: l.line,
            column: l.column,
            end_line: l.end_line,
            end_column: l.end_column,
            start_utf16: l.start_utf16,
            end_utf16: l.end_utf16,
            page: l.page,
        };
        crate::json::serialize_integer_object(
            s,
            &crate::json::IntegerObject {
                keys: &LOCATION_KEYS[..n],
                values: &values[..n],
            },
            &fields,
        )
    }
}

/// Words of eight bytes with every byte set to 1, and to 0x80.
const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = LO << 7;

/// The word of eight bytes at the start of `b`.
#[inline]
fn word(b: &[u8]) -> u64 {
    u64::from_le_bytes(b[..8].try_into().expect("eight bytes"))
}

/// The top bit of each continuation byte (0b10xx_xxxx) of a word.
#[inline]
fn continuation(w: u64) -> u64 {
    w & !(w << 1) & HI
}

/// The top bit of each four-byte lead (0b1111_0xxx in UTF-8) of a word.
#[inline]
fn four_byte_lead(w: u64) -> u64 {
    w & (w << 1) & (w << 2) & (w << 3) & HI
}

/// The sum of the eight bytes of `lanes` (at most 255 in all).
#[inline]
fn lane_sum(lanes: u64) -> u32 {
    (lanes.wrapping_mul(LO) >> 56) as u32
}

/// Characters and UTF-16 code units in UTF-8 bytes (any byte range, even one that cuts
/// a character: the character counts where its first byte is). Every byte that is not a
/// continuation byte starts a character, which is one UTF-16 unit, or two when it lies
/// outside the BMP (a four-byte lead, 0xF0..).
fn counts(bytes: &[u8]) -> (u32, u32) {
    // Eight bytes at a time, the flags of each byte summed in its own byte of a word (a
    // count of set bits is a dozen instructions on x86-64 without POPCNT), 31 words at
    // most between sums so that no sum passes 255. A plain loop, not iterator adapters:
    // the size-optimised WebAssembly build does not inline those.
    let mut words = bytes.chunks_exact(8);
    let (mut cont, mut four) = (0, 0);
    loop {
        let (mut c, mut f) = (0u64, 0u64);
        let mut n = 0;
        for w in words.by_ref().take(31) {
            let w = word(w);
            c += continuation(w) >> 7;
            f += four_byte_lead(w) >> 7;
            n += 1;
        }
        cont += lane_sum(c);
        four += lane_sum(f);
        if n < 31 {
            break;
        }
    }
    for &b in words.remainder() {
        cont += u32::from(b & 0xC0 == 0x80);
        four += u32::from(b >= 0xF0);
    }
    let chars = bytes.len() as u32 - cont;
    (chars, chars + four)
}

/// Bytes between the checkpoints of [`LineIndex`].
/// (64: a lookup counts at most 63 bytes from its checkpoint, and a report of 7 KB keeps
/// about a hundred checkpoints.)
const BLOCK: usize = 64;

/// (characters, UTF-16 units) before every [`BLOCK`]-th byte, and before the end.
fn checkpoints(bytes: &[u8]) -> Vec<(u32, u32)> {
    let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 2);
    // In valid UTF-8 a byte from 0xF0 up is a four-byte lead: without one (nearly every
    // text) a UTF-16 count is the character count. (A fold of `max` is a vector loop.)
    let bmp_only = bytes.iter().fold(0, |m, &b| m.max(b)) < 0xF0;
    let (mut chars, mut utf16) = (0, 0);
    for block in bytes.chunks(BLOCK) {
        blocks.push((chars, utf16));
        let (c, u) = if bmp_only && block.len() == BLOCK {
            // The bytes that start a character (not 0b10xx_xxxx), counted into a u8: a
            // vector compare and subtract per 16 bytes.
            let c = block
                .iter()
                .fold(0u8, |n, &b| n + u8::from((b as i8) >= -0x40));
            (u32::from(c), u32::from(c))
        } else {
            counts(block)
        };
        chars += c;
        utf16 += u;
    }
    blocks.push((chars, utf16));
    blocks
}

/// Where each line starts: 0, and after each line feed.
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    // A report has a line every few dozen bytes.
    let mut starts = Vec::with_capacity(bytes.len() / 16 + 1);
    starts.push(0);
    let mut blocks = bytes.chunks_exact(BLOCK);
    for (k, block) in blocks.by_ref().enumerate() {
        // The line feeds of 64 bytes as a bit mask: the exact zero-byte test on
        // `w ^ '\n'…` sets the top bit of each line feed, and a multiplication gathers
        // the eight top bits of a word into its top byte (each on its own bit, without
        // carries). The bits are taken off with `trailing_zeros`.
        let mut feeds = 0u64;
        for (j, w) in block.chunks_exact(8).enumerate() {
            let x = word(w) ^ (LO * u64::from(b'\n'));
            let zero = !(((x & !HI) + !HI) | x) & HI;
            feeds |= (zero.wrapping_mul(0x0002_0408_1020_4081) >> 56) << (8 * j);
        }
        while feeds != 0 {
            starts.push(k * BLOCK + feeds.trailing_zeros() as usize + 1);
            feeds &= feeds - 1;
        }
    }
    let at = bytes.len() - blocks.remainder().len();
    starts.extend(memchr::memchr_iter(b'\n', blocks.remainder()).map(|nl| at + nl + 1));
    starts
}

/// [`counts`] of `bytes[from..to]`, less than [`BLOCK`] bytes: a lookup's count, into
/// u8 counters (which the compiler turns into vector compares and subtractions).
#[inline]
fn counts_within(bytes: &[u8], from: usize, to: usize) -> (u32, u32) {
    debug_assert!(from <= to && to - from < BLOCK);
    let (mut chars, mut four) = (0u8, 0u8);
    for &b in &bytes[from..to] {
        chars += u8::from((b as i8) >= -0x40);
        four += u8::from(b >= 0xF0);
    }
    (u32::from(chars), u32::from(chars) + u32::from(four))
}

/// Maps byte offsets to lines, columns and UTF-16 offsets in one text.
///
/// Built once per document: the start of every line (from the text reader, or found in
/// one pass) and the character and UTF-16 counts at every [`BLOCK`] bytes (counted in
/// one pass), so a lookup scans at most two blocks (the offset's and its line start's):
/// locating all diagnostics stays linear in the size of the text even when they all lie
/// on one very long line (scanning from the line's start made 23 000 findings on one
/// 0.2 MB line take half a second).
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
        LineIndex {
            text,
            line_starts: line_starts(bytes),
            blocks: checkpoints(bytes),
        }
    }

    /// [`LineIndex::new`] with the line starts already found (`Document::line_starts`:
    /// the text reader finds them on its way), so that only the characters are counted
    /// here. When `line_starts` is empty they are found here.
    pub fn with_line_starts(text: &'a str, line_starts: Vec<usize>) -> Self {
        if line_starts.is_empty() {
            return LineIndex::new(text);
        }
        debug_assert_eq!(
            line_starts,
            self::line_starts(text.as_bytes()),
            "the line starts of another text"
        );
        LineIndex {
            text,
            line_starts,
            blocks: checkpoints(text.as_bytes()),
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
        let (c, u) = counts_within(self.text.as_bytes(), block * BLOCK, offset);
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
            counts_within(self.text.as_bytes(), line_start, offset).0
        } else {
            chars - self.counts_before(line_start).0
        } + 1;
        (line as u32 + 1, column, utf16)
    }

    pub fn locate(&self, span: Span) -> Location {
        let (line, column, start_utf16) = self.position(span.start);
        let (start, end) = (self.clamp(span.start), self.clamp(span.end.max(span.start)));
        // An end on the start's line and near it (most spans: a cell, a number, a
        // phrase) is counted from the start, not looked up again.
        let next_line = self.line_starts.get(line as usize).copied();
        let (end_line, end_column, end_utf16) =
            if next_line.is_none_or(|next| end < next) && end - start < BLOCK {
                let (c, u) = counts_within(self.text.as_bytes(), start, end);
                (line, column + c, start_utf16 + u)
            } else {
                self.position(end)
            };
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
        for i in 0..400 {
            s.push_str(pieces[(i * 7 + i / 3) % pieces.len()]);
            for start in s.char_indices().map(|(i, _)| i).take(9) {
                let t = &s[start..];
                let expected = (t.chars().count() as u32, t.encode_utf16().count() as u32);
                assert_eq!(counts(t.as_bytes()), expected, "{t:?}");
            }
        }
    }

    /// The lookup's count on whole words against the plain count, for every range
    /// shorter than a block of a text with every kind of character, up to its end.
    #[test]
    fn counts_within_agree_with_counts() {
        let text = "a中😀\u{a0}\né\u{10ffff}𠀀表三\t12\u{3000}一、总体情况ab\r\n".repeat(4);
        let b = text.as_bytes();
        for from in 0..b.len() {
            for to in from..b.len().min(from + BLOCK - 1) + 1 {
                assert_eq!(
                    counts_within(b, from, to),
                    counts(&b[from..to]),
                    "{from}..{to}"
                );
            }
        }
    }

    /// Line starts from the reader give the same index as line starts found here.
    #[test]
    fn line_starts_given_or_found_alike() {
        let text = "标题\n\t规章\r\n\t0\n\n三、收到和处理政府信息公开申请情况".repeat(20);
        let doc = crate::read::text::read(&text);
        let given = LineIndex::with_line_starts(&text, doc.line_starts.clone());
        let found = LineIndex::new(&text);
        assert_eq!(given.line_starts, found.line_starts);
        assert_eq!(found.line_starts.len(), text.matches('\n').count() + 1);
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(given.position(at), found.position(at));
        }
    }

    /// Every char boundary of a text with long and short lines, several blocks long,
    /// against positions counted from the start; with characters outside the BMP and
    /// without (the index counts such a text another way).
    #[test]
    fn positions_across_blocks_match_counting_from_the_start() {
        for astral in ["𠀀", "\u{ff}"] {
            let pieces = [
                "一、总体情况",
                "ab",
                astral,
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
            assert_eq!(
                idx.line_starts.len(),
                text.matches('\n').count() + 1,
                "{astral}"
            );
        }
    }

    /// The JSON printer writes locations in a loop of its own: the bytes are
    /// serde_json's, with a page and without, alone and among other values, at several
    /// depths.
    #[test]
    fn locations_print_as_serde_json_prints_them() {
        let at = |page| Location {
            line: 12,
            column: 1,
            end_line: 100_000_000,
            end_column: 0,
            start_utf16: 4_294_967_295,
            end_utf16: 12_345,
            page,
        };
        let value = (
            at(None),
            vec![at(Some(3)), at(None), at(Some(0))],
            [[Some(at(None))], [None]],
            vec![vec![vec![at(Some(7)), at(None)]]],
        );
        let mut mine = Vec::new();
        crate::json::write_pretty_to_vec(&mut mine, &value).unwrap();
        assert_eq!(
            String::from_utf8(mine).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
        let v = serde_json::to_value(at(Some(3))).unwrap();
        assert_eq!(v["page"], 3);
        assert_eq!(v["end_line"], 100_000_000);
        assert!(serde_json::to_value(at(None))
            .unwrap()
            .get("page")
            .is_none());
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

    /// A span's end counted from its start gives what looking it up gives, for spans
    /// of every length up to past a block, across lines and past the end.
    #[test]
    fn locate_agrees_with_positions() {
        let text = "一、总体情况\n\t规章\t12\r\n𠀀ab\u{a0}é\n\n".repeat(6);
        let idx = LineIndex::new(&text);
        for start in 0..text.len() + 2 {
            for end in start.saturating_sub(3)..(start + BLOCK + 9) {
                let loc = idx.locate(Span::new(start, end));
                let (line, column, start_utf16) = idx.position(start);
                let (end_line, end_column, end_utf16) = idx.position(end.max(start));
                assert_eq!(
                    (loc.line, loc.column, loc.start_utf16),
                    (line, column, start_utf16)
                );
                assert_eq!(
                    (loc.end_line, loc.end_column, loc.end_utf16),
                    (end_line, end_column, end_utf16),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn offsets_inside_a_char_are_clamped() {
        let text = "年报";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(1), (1, 1, 0));
        assert_eq!(idx.position(99), (1, 3, 2));
    }
}
