//! The plain-text reader: reports as copied out of Word (or saved as .txt).
//!
//! Word puts each table cell on its own line, indented by a tab, and a blank line
//! between rows; a cell holding several paragraphs continues on lines without the tab.
//! Tab-separated lines without a leading tab (a table copied from a web page or a
//! spreadsheet) are read as one row each. Everything else is a paragraph, one per line.

use crate::doc::{
    padding_at, trim_padding, Artifact, ArtifactKind, Block, Cell, Document, Paragraph, Row, Table,
    Text,
};
use crate::heading::looks_like_section_heading;
use crate::span::Span;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    Blank,
    Cell,
    Paragraph,
}

struct Builder {
    blocks: Vec<Block>,
    artifacts: Vec<Artifact>,
    /// The open table's rows (no table is open while there are none) and what they cover.
    rows: Vec<Row>,
    table_span: Span,
    /// The open row's cells (no row is open while there are none) and where its first
    /// cell started: kept here rather than in an `Option<Row>`, so that adding a cell, a
    /// report's most frequent step, does not first test and fill an option. The row's
    /// span ends where its last cell ends (cells come in the order of the text, so the
    /// last one ends last), which `close_row` reads once rather than every cell widening
    /// the span; the start is kept because a first cell that was empty takes the span
    /// of its further paragraph, and the row still covers where it stood.
    cells: Vec<Cell>,
    row_start: usize,
    /// Cells in the widest row closed so far: room for the next row's cells, so that
    /// they are allocated once rather than grown push by push. The widest rather than
    /// the last: a table's header rows are narrower than its data rows (merged cells),
    /// and each row that outgrew the last one's width was a reallocation.
    width: usize,
}

impl Builder {
    fn close_row(&mut self) {
        if self.cells.is_empty() {
            return;
        }
        self.width = self.width.max(self.cells.len());
        let end = self.cells.last().map_or(self.row_start, |c| c.span.end);
        let row = Row {
            cells: std::mem::take(&mut self.cells),
            span: Span::new(self.row_start, end),
        };
        if self.rows.is_empty() {
            if self.rows.capacity() == 0 {
                // A report's tables have a few to a few dozen rows.
                self.rows = Vec::with_capacity(16);
            }
            self.table_span = row.span;
        } else {
            self.table_span = self.table_span.cover(row.span);
        }
        self.rows.push(row);
    }

    fn close_table(&mut self) {
        self.close_row();
        if !self.rows.is_empty() {
            self.blocks.push(Block::Table(Table {
                rows: std::mem::take(&mut self.rows),
                span: self.table_span,
            }));
        }
    }

    /// Adds a cell for the field `input[start..end]` (untrimmed) to the open row.
    #[inline]
    fn push_cell(&mut self, input: &str, start: usize, end: usize) {
        let (start, end) = self.strip_bookmarks(input, trim(input.as_bytes(), start, end));
        let span = Span::new(start, end);
        if self.cells.is_empty() {
            if self.cells.capacity() == 0 {
                // Room for a row of the template's widest table (table 4, fifteen cells)
                // from the first row on: a row grown past its room is reallocated.
                self.cells = Vec::with_capacity(self.width.max(MIN_ROW_ROOM));
            }
            self.row_start = start;
        }
        self.cells
            .push(Cell::new(Text::from_within(input, start, end), span));
    }

    /// Removes Word's `[bookmark: …]` markers and padding at the start and end of the
    /// trimmed text `input[start..end]`; records each marker as an artifact. Returns the
    /// remaining range. Markers inside the text are left in place so that the text stays
    /// equal to its span in the source.
    #[inline]
    fn strip_bookmarks(&mut self, input: &str, (start, end): (usize, usize)) -> (usize, usize) {
        let b = input.as_bytes();
        // A marker starts with '[' or ends with ']': any other text is answered from its
        // two end bytes.
        if start < end && (b[start] == b'[' || b[end - 1] == b']') {
            self.strip_bookmarks_slow(input, start, end)
        } else {
            (start, end)
        }
    }

    #[cold]
    fn strip_bookmarks_slow(&mut self, input: &str, at: usize, end: usize) -> (usize, usize) {
        let mut t = &input[at..end];
        let mut start = at;
        loop {
            if t.starts_with("[bookmark:") {
                if let Some(close) = t.find(']') {
                    self.artifacts.push(Artifact {
                        kind: ArtifactKind::Bookmark,
                        span: Span::new(start, start + close + 1),
                    });
                    let (rest, lead) = trim_padding(&t[close + 1..]);
                    start += close + 1 + lead;
                    t = rest;
                    continue;
                }
            }
            if t.ends_with(']') {
                if let Some(open) = t.rfind("[bookmark:") {
                    self.artifacts.push(Artifact {
                        kind: ArtifactKind::Bookmark,
                        span: Span::new(start + open, start + t.len()),
                    });
                    t = trim_padding(&t[..open]).0;
                    continue;
                }
            }
            break;
        }
        (start, start + t.len())
    }
}

/// Cells a row has room for from its start, at least (see `Builder::push_cell`): the
/// template's widest table (table 4) has fifteen.
const MIN_ROW_ROOM: usize = 16;

/// Words of eight bytes with every byte set to 1, and to 0x80.
const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = LO << 7;

/// The tabs and line feeds of a text, in order ('\t' and '\n' never occur inside a
/// UTF-8 sequence), from a bit mask of each 64 bytes.
///
/// The lines of a report are short, so what matters is that finding the next one costs
/// little (a memchr call per line and per tab was a fifth of reading): a set bit of the
/// mask is taken off with `trailing_zeros`. The mask flags the tabs and line feeds
/// exactly with SSE2 ([`EXACT_MASK`]); elsewhere every byte below 0x0B (tab, line feed
/// and rare control characters, which are skipped).
struct Breaks<'a> {
    bytes: &'a [u8],
    /// Offset of the 64 bytes `mask` describes.
    at: usize,
    /// Bit `i` set: byte `at + i` is flagged by [`low_bytes`] and not yet returned.
    mask: u64,
}

/// Whether [`low_mask`] flags only tabs and line feeds (so `Breaks::next` need not look
/// at the byte again), rather than every byte below 0x0B.
const EXACT_MASK: bool = cfg!(target_arch = "x86_64");

impl<'a> Breaks<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Breaks {
            bytes,
            at: 0,
            mask: low_bytes(bytes, 0),
        }
    }

    /// The next tab or line feed, or the text's length when there is none.
    #[inline]
    fn next(&mut self) -> usize {
        loop {
            if self.mask != 0 {
                let i = self.at + self.mask.trailing_zeros() as usize;
                self.mask &= self.mask - 1;
                if EXACT_MASK || matches!(self.bytes[i], b'\t' | b'\n') {
                    return i;
                }
                continue;
            }
            if self.at + 64 >= self.bytes.len() {
                self.at = self.bytes.len();
                return self.bytes.len();
            }
            self.at += 64;
            self.mask = low_bytes(self.bytes, self.at);
        }
    }
}

/// Bit `i` set when byte `at + i` of `b` may be a tab or line feed ([`low_mask`]), for
/// the 64 bytes at `at` (fewer at the end of the text).
#[inline]
fn low_bytes(b: &[u8], at: usize) -> u64 {
    match b.get(at..at + 64) {
        Some(block) => low_mask(block.try_into().expect("64 bytes")),
        None => low_bytes_at_end(b, at),
    }
}

/// [`low_bytes`] of the text's last bytes: they are followed by bytes that are never
/// flagged (apart from the common case, so that it does not fill 64 bytes each time).
#[cold]
fn low_bytes_at_end(b: &[u8], at: usize) -> u64 {
    let mut padded = [0xFF; 64];
    let rest = &b[at.min(b.len())..];
    padded[..rest.len()].copy_from_slice(rest);
    low_mask(&padded)
}

/// The tabs and line feeds of 64 bytes, with SSE2 (every x86-64 processor has it):
/// sixteen bytes compared at once and their top bits gathered by one instruction, a
/// quarter of the instructions of the eight-byte words of [`low_mask_words`], and exact.
#[cfg(target_arch = "x86_64")]
#[inline]
fn low_mask(block: &[u8; 64]) -> u64 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let mut mask = 0;
    for (k, sixteen) in block.chunks_exact(16).enumerate() {
        // SAFETY: these intrinsics only need SSE2, which the x86-64 target always has
        // enabled (it is part of the architecture's baseline); the one load reads the
        // sixteen bytes of `sixteen` (an unaligned load: any address will do). Loaded as
        // two eight-byte words and joined, they cost three instructions instead of one.
        let bits = unsafe {
            let v = _mm_loadu_si128(sixteen.as_ptr().cast());
            let tab = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\t' as i8));
            let line_feed = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8));
            _mm_movemask_epi8(_mm_or_si128(tab, line_feed))
        };
        mask |= u64::from(bits as u16) << (16 * k);
    }
    mask
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn low_mask(block: &[u8; 64]) -> u64 {
    low_mask_words(block)
}

/// The bytes below 0x0B of 64 bytes (tabs, line feeds and rare control characters,
/// which `Breaks::next` skips), eight at a time: `!(((w & 0x7F…) + 0x75…) | w)` has the
/// top bit of exactly the bytes below 0x0B set (no carry leaves a byte), and a
/// multiplication gathers those eight bits into the top byte (each of them lands on its
/// own bit, without carries).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn low_mask_words(block: &[u8; 64]) -> u64 {
    let mut mask = 0;
    for (k, word) in block.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let low = !(((w & !HI) + LO * 0x75) | w) & HI;
        mask |= (low.wrapping_mul(0x0002_0408_1020_4081) >> 56) << (8 * k);
    }
    mask
}

/// What [`padding_at`] can make of each byte value, for [`trim`]: bit [`STARTS`] set when
/// a padding character may start with the byte, and the low two bits the length of the
/// padding character that may end with it (0 for none). One load answers what were
/// chains of comparisons for the bytes of Chinese text and digits, which most fields
/// start and end with.
const PAD_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let starts = matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0xC2 | 0xE2 | 0xE3 | 0xEF);
        let ends = match b {
            b' ' | b'\t' | b'\r' | b'\n' => 1,
            0xA0 => 2,
            0x80 | 0x82 | 0x83 | 0x89 | 0x8B | 0xBF => 3,
            _ => 0,
        };
        t[i] = ends | if starts { STARTS } else { 0 };
        i += 1;
    }
    t
};
const STARTS: u8 = 4;

/// `trim_padding` of `b[start..end]` (both on char boundaries), as a range of `b`.
///
/// A padding character never crosses `end`: a character that starts before it ends
/// before it, so `padding_at` may look at the bytes of `b` past a field's start byte.
#[inline]
fn trim(b: &[u8], mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && PAD_BYTES[usize::from(b[start])] & STARTS != 0 {
        match padding_at(b, start) {
            0 => break,
            n => start += n,
        }
    }
    while end > start {
        let n = usize::from(PAD_BYTES[usize::from(b[end - 1])] & 3);
        if n != 0 && end >= start + n && padding_at(b, end - n) == n {
            end -= n;
        } else {
            break;
        }
    }
    (start, end)
}

/// Where line `start..line_feed` ends without the `'\r'` before its line feed.
#[inline]
fn line_end(b: &[u8], start: usize, line_feed: usize) -> usize {
    // As `text_util::lines` (`limits` counts lines that way).
    if line_feed > start && b[line_feed - 1] == b'\r' {
        line_feed - 1
    } else {
        line_feed
    }
}

/// Reads copied Word text. Never fails: anything is some paragraphs and tables.
pub fn read(input: &str) -> Document {
    Document {
        text: input.to_string(),
        ..parse(input)
    }
}

/// [`read`] of a text the caller owns: it becomes the document's text without a copy.
pub(crate) fn read_string(input: String) -> Document {
    let doc = parse(&input);
    Document { text: input, ..doc }
}

/// The document of `input`, but its `text` (left empty).
fn parse(input: &str) -> Document {
    let mut b = Builder {
        // A report has a paragraph or table every few hundred bytes: room for them from
        // the start rather than grown four or five times.
        blocks: Vec::with_capacity(input.len() / 256 + 8),
        artifacts: Vec::new(),
        rows: Vec::new(),
        table_span: Span::default(),
        cells: Vec::new(),
        row_start: 0,
        width: 0,
    };
    let mut prev = Prev::Blank;
    let bytes = input.as_bytes();
    let len = bytes.len();
    let is_tab = |at: usize| at < len && bytes[at] == b'\t';
    // Lines as `str::split('\n')` gives them (a text ending in a line feed has an empty
    // last line) and the tabs in them, found together in one scan of the text: `stop`
    // is the first tab or line feed after the line start or the last tab.
    let mut breaks = Breaks::new(bytes);
    let mut line_start = 0;
    // For the line index (`Document::line_starts`): a report has a line every few dozen
    // bytes.
    let mut line_starts = Vec::with_capacity(len / 16 + 1);
    line_starts.push(0);
    loop {
        let mut stop = breaks.next();
        if is_tab(stop) {
            let leading = stop == line_start;
            // Word's cells (a tab before each, nearly every line of a report's tables)
            // start after the tab; a tab-separated row on one line stands alone, its
            // first cell at the line's start.
            let mut field_start = line_start;
            if leading {
                field_start = stop + 1;
                stop = breaks.next();
            } else {
                b.close_row();
            }
            loop {
                let at_tab = is_tab(stop);
                let field_end = if at_tab {
                    stop
                } else {
                    line_end(bytes, line_start, stop)
                };
                b.push_cell(input, field_start, field_end);
                if !at_tab {
                    break;
                }
                field_start = stop + 1;
                stop = breaks.next();
            }
            if !leading {
                b.close_row();
            }
            prev = Prev::Cell;
        } else {
            let end = line_end(bytes, line_start, stop);
            let (start, end) = trim(bytes, line_start, end);
            if start == end {
                b.close_row();
                prev = Prev::Blank;
            } else if prev == Prev::Cell
                && !b.cells.is_empty()
                && !looks_like_section_heading(&input[start..end])
            {
                // A cell's further paragraph.
                let (start, end) = b.strip_bookmarks(input, (start, end));
                let text = &input[start..end];
                if let Some(cell) = b.cells.last_mut() {
                    if cell.text.is_empty() {
                        cell.text = text.into();
                        cell.span = Span::new(start, end);
                    } else if !text.is_empty() {
                        cell.text.push_line(text);
                        cell.span = cell.span.cover(Span::new(start, end));
                    }
                }
            } else {
                b.close_table();
                let (start, end) = b.strip_bookmarks(input, (start, end));
                if start < end {
                    b.blocks.push(Block::Paragraph(Paragraph {
                        text: input[start..end].into(),
                        span: Span::new(start, end),
                    }));
                }
                prev = Prev::Paragraph;
            }
        }
        if stop >= len {
            break;
        }
        line_start = stop + 1;
        line_starts.push(line_start);
    }
    b.close_table();
    Document {
        blocks: b.blocks,
        artifacts: b.artifacts,
        line_starts,
        ..Document::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_rows_continuations_and_bookmarks() {
        let src = "标题\n[bookmark: _GoBack]一、总体情况\n\t信息内容\n\t本年新\n制作数量\n\n\t规章\n\t\u{3000}0\n\t\n（五）不予处理\n\n三、收到和处理政府信息公开申请情况\n";
        let doc = read(src);
        assert_eq!(doc.blocks.len(), 4);
        let Block::Paragraph(p) = &doc.blocks[1] else {
            panic!()
        };
        assert_eq!(p.text, "一、总体情况");
        assert_eq!(&src[p.span.start..p.span.end], "一、总体情况");
        assert_eq!(doc.artifacts.len(), 1);
        let Block::Table(t) = &doc.blocks[2] else {
            panic!()
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1].text, "本年新\n制作数量");
        assert_eq!(t.rows[1].cells[1].text, "0");
        assert_eq!(
            &src[t.rows[1].cells[1].span.start..t.rows[1].cells[1].span.end],
            "0"
        );
        assert_eq!(t.rows[1].cells[2].text, "（五）不予处理");
        let Block::Paragraph(p) = &doc.blocks[3] else {
            panic!()
        };
        assert!(p.text.starts_with("三、"));
    }

    #[test]
    fn tab_separated_lines_are_rows() {
        let doc = read("规章\t0\t1\t2\n行政规范性文件\t3\t4\t5\n");
        let t = doc.tables().next().unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells.len(), 4);
        assert_eq!(t.rows[1].cells[3].text, "5");
    }

    #[test]
    fn crlf_and_empty_cells_keep_spans_on_the_line() {
        let src = "\t0\r\n\t \r\n\r\n";
        let doc = read(src);
        let t = doc.tables().next().unwrap();
        let c = &t.rows[0].cells[1];
        assert_eq!(c.text, "");
        assert!(c.span.start >= 4 && c.span.start <= 7);
    }

    /// The reader as it was before it scanned bytes (lines by `text_util::lines`,
    /// tabs by memchr, `trim_padding` on each piece): the new one must read every text
    /// the same.
    mod reference {
        use super::super::Prev;
        use crate::doc::{
            trim_padding, Artifact, ArtifactKind, Block, Cell, Document, Paragraph, Row, Table,
        };
        use crate::heading::looks_like_section_heading;
        use crate::span::Span;

        struct Builder {
            blocks: Vec<Block>,
            artifacts: Vec<Artifact>,
            table: Option<Table>,
            row: Option<Row>,
            /// Cells in the last row closed: the next row's likely width, so its cells are
            /// allocated once rather than grown push by push.
            width: usize,
        }

        impl Builder {
            fn close_row(&mut self) {
                if let Some(row) = self.row.take() {
                    self.width = row.cells.len();
                    let table = self.table.get_or_insert_with(|| Table {
                        // A report's tables have a few to a few dozen rows.
                        rows: Vec::with_capacity(16),
                        ..Table::default()
                    });
                    table.span = if table.rows.is_empty() {
                        row.span
                    } else {
                        table.span.cover(row.span)
                    };
                    table.rows.push(row);
                }
            }

            fn close_table(&mut self) {
                self.close_row();
                if let Some(t) = self.table.take() {
                    if !t.rows.is_empty() {
                        self.blocks.push(Block::Table(t));
                    }
                }
            }

            fn push_cell(&mut self, text: &str, at: usize) {
                let (text, start) = self.strip_bookmarks(text, at);
                let cell = Cell::new(text, Span::new(start, start + text.len()));
                let width = self.width;
                let row = self.row.get_or_insert_with(|| Row {
                    cells: Vec::with_capacity(width.max(4)),
                    span: cell.span,
                });
                row.span = if row.cells.is_empty() {
                    cell.span
                } else {
                    row.span.cover(cell.span)
                };
                row.cells.push(cell);
            }

            /// Removes Word's `[bookmark: …]` markers and padding at the start and end of a
            /// piece of text at byte offset `at`; records each marker as an artifact. Returns the
            /// remaining text and its offset. Markers inside the text are left in place so that
            /// the text stays equal to its span in the source.
            fn strip_bookmarks<'a>(&mut self, text: &'a str, at: usize) -> (&'a str, usize) {
                let (mut t, lead) = trim_padding(text);
                let mut start = at + lead;
                loop {
                    if t.starts_with("[bookmark:") {
                        if let Some(close) = t.find(']') {
                            self.artifacts.push(Artifact {
                                kind: ArtifactKind::Bookmark,
                                span: Span::new(start, start + close + 1),
                            });
                            let (rest, lead) = trim_padding(&t[close + 1..]);
                            start += close + 1 + lead;
                            t = rest;
                            continue;
                        }
                    }
                    if t.ends_with(']') {
                        if let Some(open) = t.rfind("[bookmark:") {
                            self.artifacts.push(Artifact {
                                kind: ArtifactKind::Bookmark,
                                span: Span::new(start + open, start + t.len()),
                            });
                            t = trim_padding(&t[..open]).0;
                            continue;
                        }
                    }
                    break;
                }
                (t, start)
            }
        }

        /// Reads copied Word text. Never fails: anything is some paragraphs and tables.
        pub(super) fn read(input: &str) -> Document {
            let mut b = Builder {
                blocks: Vec::new(),
                artifacts: Vec::new(),
                table: None,
                row: None,
                width: 0,
            };
            let mut prev = Prev::Blank;
            // Fields are found with memchr like the lines ('\t' never occurs inside a UTF-8
            // sequence): `next_tab` is the first tab at or after the line being read, so each tab
            // of the text is searched for once, and a line without one costs no search.
            let bytes = input.as_bytes();
            let tab_from = |at: usize| memchr::memchr(b'\t', &bytes[at..]).map(|i| at + i);
            let mut next_tab = tab_from(0);
            for (line_start, line) in crate::text_util::lines(input) {
                let line_end = line_start + line.len();
                let in_line =
                    |t: Option<usize>| t.filter(|&t| t < line_end).map(|t| t - line_start);
                if let Some(first_tab) = in_line(next_tab) {
                    let leading = first_tab == 0;
                    if !leading {
                        // A tab-separated row on one line: it stands alone.
                        b.close_row();
                    }
                    let mut field_start = 0;
                    let mut tab = Some(first_tab);
                    loop {
                        let field_end = tab.unwrap_or(line.len());
                        if !(leading && field_start == 0) {
                            b.push_cell(&line[field_start..field_end], line_start + field_start);
                        }
                        let Some(t) = tab else { break };
                        field_start = t + 1;
                        next_tab = tab_from(line_start + field_start);
                        tab = in_line(next_tab);
                    }
                    if !leading {
                        b.close_row();
                    }
                    prev = Prev::Cell;
                    continue;
                }
                let (trimmed, lead) = trim_padding(line);
                if trimmed.is_empty() {
                    b.close_row();
                    prev = Prev::Blank;
                    continue;
                }
                if prev == Prev::Cell && b.row.is_some() && !looks_like_section_heading(trimmed) {
                    // A cell's further paragraph.
                    let (text, start) = b.strip_bookmarks(trimmed, line_start + lead);
                    if let Some(cell) = b.row.as_mut().and_then(|r| r.cells.last_mut()) {
                        if cell.text.is_empty() {
                            cell.text = text.into();
                            cell.span = Span::new(start, start + text.len());
                        } else if !text.is_empty() {
                            cell.text.push_line(text);
                            cell.span = cell.span.cover(Span::new(start, start + text.len()));
                        }
                        let span = cell.span;
                        if let Some(row) = b.row.as_mut() {
                            row.span = row.span.cover(span);
                        }
                    }
                    continue;
                }
                b.close_table();
                let (text, start) = b.strip_bookmarks(trimmed, line_start + lead);
                if !text.is_empty() {
                    b.blocks.push(Block::Paragraph(Paragraph {
                        text: text.into(),
                        span: Span::new(start, start + text.len()),
                    }));
                }
                prev = Prev::Paragraph;
            }
            b.close_table();
            Document {
                text: input.to_string(),
                blocks: b.blocks,
                artifacts: b.artifacts,
                ..Document::default()
            }
        }
    }

    /// Random texts of report pieces, padding, tabs, line breaks and bookmarks read the
    /// same by both readers (same blocks, cells, spans and artifacts).
    #[test]
    fn reads_as_the_line_by_line_reader() {
        let pieces = [
            "\t",
            "\t",
            "\n",
            "\n",
            "\r\n",
            "\r",
            " ",
            "\u{3000}",
            "\u{a0}",
            "\u{2002}",
            "\u{2009}",
            "\u{200b}",
            "\u{feff}",
            "\u{2004}",
            "\u{3001}",
            "\u{a1}",
            "\u{1}",
            "\u{b}",
            "0",
            "12",
            "规章",
            "一、总体情况",
            "（一）",
            "二、",
            "本年新收",
            "😀",
            "[bookmark: _GoBack]",
            "[bookmark:",
            "]",
            "[",
            "abcdefgh",
            "行政许可\t3\t4",
        ];
        let mut rng = crate::test_rng::Rng::new(11);
        let mut s = String::new();
        for round in 0..4000 {
            s.clear();
            let n = rng.below(if round % 10 == 0 { 200 } else { 30 }) as usize;
            for _ in 0..n {
                s.push_str(rng.pick::<&str>(&pieces));
            }
            let (mut new, old) = (read(&s), reference::read(&s));
            let expected: Vec<usize> = std::iter::once(0)
                .chain(s.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            assert_eq!(std::mem::take(&mut new.line_starts), expected, "{s:?}");
            assert_eq!(format!("{:?}", new), format!("{:?}", old), "{s:?}");
        }
    }

    /// `trim` (a byte table, then `padding_at`) trims every piece of text as
    /// `trim_padding` does, and `PAD_BYTES` flags the first and last byte of every
    /// padding character.
    #[test]
    fn trims_as_trim_padding() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if crate::doc::is_padding(c) {
                let mut buf = [0; 4];
                let e = c.encode_utf8(&mut buf).as_bytes();
                assert!(PAD_BYTES[usize::from(e[0])] & STARTS != 0, "{c:?}");
                assert_eq!(
                    usize::from(PAD_BYTES[usize::from(e[e.len() - 1])] & 3),
                    e.len(),
                    "{c:?}"
                );
            }
        }
        let pieces = [
            " ", "\t", "\r", "\n", "\u{a0}", "\u{2002}", "\u{2003}", "\u{2009}", "\u{200b}",
            "\u{3000}", "\u{feff}", "\u{2004}", "\u{2001}", "\u{3001}", "\u{a1}", "\u{100}",
            "\u{e0}", "\u{fefe}", "\u{3080}", "0", "规章", "a", "😀",
        ];
        let mut rng = crate::test_rng::Rng::new(7);
        let mut s = String::new();
        for _ in 0..20000 {
            s.clear();
            for _ in 0..rng.below(8) {
                s.push_str(rng.pick::<&str>(&pieces));
            }
            let (t, lead) = trim_padding(&s);
            assert_eq!(
                trim(s.as_bytes(), 0, s.len()),
                (lead, lead + t.len()),
                "{s:?}"
            );
        }
    }

    /// Both ways of finding tabs and line feeds agree with a byte-by-byte test, on every
    /// byte value at every position.
    #[test]
    fn low_masks_flag_the_tabs_and_line_feeds() {
        let mut rng = crate::test_rng::Rng::new(5);
        for round in 0..2000 {
            let block: [u8; 64] = std::array::from_fn(|i| {
                if round < 256 {
                    (round as usize + i) as u8
                } else {
                    rng.below(if round % 2 == 0 { 16 } else { 256 }) as u8
                }
            });
            let flagged =
                |f: fn(u8) -> bool| (0..64).fold(0u64, |m, i| m | (u64::from(f(block[i])) << i));
            let (below, breaks) = (flagged(|b| b < 0x0B), flagged(|b| matches!(b, 9 | 10)));
            assert_eq!(low_mask_words(&block), below, "{block:?}");
            let expected = if EXACT_MASK { breaks } else { below };
            assert_eq!(low_mask(&block), expected, "{block:?}");
        }
    }

    #[test]
    fn breaks_are_the_tabs_and_line_feeds() {
        let mut text =
            b"abc\x01\x0b\x0c\x00defgh\x08ijk\tlmnopqrs\t\ttu\x0a\xe4\xb8\x80vwxyz0123456789\n\t"
                .to_vec();
        // Three blocks and some: every break position modulo 64.
        text.extend_from_within(..);
        text.extend_from_within(..);
        text.extend_from_within(..41);
        for len in 0..=text.len() {
            let text = &text[..len];
            let mut breaks = Breaks::new(text);
            let found: Vec<usize> = std::iter::from_fn(|| Some(breaks.next()))
                .take_while(|&i| i < len)
                .collect();
            let expected: Vec<usize> = (0..len)
                .filter(|&i| matches!(text[i], b'\t' | b'\n'))
                .collect();
            assert_eq!(found, expected, "{len}");
            assert_eq!(breaks.next(), len);
        }
    }
}
