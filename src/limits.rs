//! Limits on what is checked, so that no input (a mistaken drop, a 10 MB paste, a
//! crafted file) can freeze the page or exhaust its memory. Each limit is a named
//! constant; an input past one gets a finding (`IN-TOO-LARGE`) with a Chinese message
//! naming the limit, and is not checked further.
//!
//! The limits sit far above any real report: a report is 5–50 KB of text, a few hundred
//! lines and about 300 table cells.
//!
//! | Limit                                     | Where                             |
//! |-------------------------------------------|-----------------------------------|
//! | input size [`MAX_INPUT_BYTES`]            | `read::read_bytes`, `read_str`    |
//! | lines [`MAX_LINES`]                       | [`check_text`]                    |
//! | line length [`MAX_LINE_BYTES`]            | [`check_text`]                    |
//! | table cells [`MAX_TABLE_CELLS`]           | [`check_text`], [`check_document`]|
//! | HTML nesting, archive size and expansion  | `read::html`, `crates/docx`       |
//! | findings of one rule [`MAX_FINDINGS_PER_CODE`] | `pipeline::cap_findings`     |
//!
//! [`check_text`] scans the text once, without allocating, before the reader builds
//! the document (a 16 MB text of empty cells would otherwise become hundreds of MB of
//! cells); [`check_document`] checks a document built some other way.

use crate::diag::Finding;
use crate::doc::Document;

/// The largest input checked, in bytes. A report is rarely over 1 MB; the limit keeps a
/// mistaken drop (a video, a disk image) from freezing the page or the batch.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// A size for a message: "3.0 MB", "12.5 KB", "800 字节".
pub fn human_size(n: usize) -> String {
    if n >= 1024 * 1024 {
        format!(
            "{} MB",
            crate::numbers::fixed(n as f64 / (1024.0 * 1024.0), 1)
        )
    } else if n >= 1024 {
        format!("{} KB", crate::numbers::fixed(n as f64 / 1024.0, 1))
    } else {
        format!("{n} 字节")
    }
}

/// The most lines a text may have. A report copied out of Word has a few hundred (each
/// table cell is a line); 200 000 is several hundred reports.
pub const MAX_LINES: usize = 200_000;

/// The longest line, in bytes of UTF-8 (256 KB, about 87 000 Chinese characters). A
/// whole report on one line (a text file with old Mac line ends) stays far below it.
pub const MAX_LINE_BYTES: usize = 256 * 1024;

/// The most table cells a document may have. The three tables of a report have about
/// 300; 100 000 is several hundred reports.
pub const MAX_TABLE_CELLS: usize = 100_000;

/// The most findings of one rule listed for one input. A text can repeat one problem
/// without bound (a page number on each of 200 000 lines, a table row copied 100 000
/// times); past this many, more of the same tell the user nothing and would make the
/// result hundreds of MB. The pipeline applies it (`pipeline::cap_findings`).
pub const MAX_FINDINGS_PER_CODE: usize = 100;

/// How a text measures against the limits, counted the way the text reader reads it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextMeasure {
    /// Lines, counting a last line without a line end (`"a\nb"` has 2, `"a\n"` has 1).
    pub lines: usize,
    /// The longest line in bytes (without its line end), and its 1-based number.
    pub longest_line: usize,
    pub longest_line_number: usize,
    /// Table cells the text reader makes: a line with tabs is cells, one per field, the
    /// field before a leading tab not counting.
    pub cells: usize,
}

/// Measures a text in one pass over its bytes.
pub fn measure(text: &str) -> TextMeasure {
    // memchr for line ends and tabs: a byte-by-byte loop cost a twentieth of a whole
    // check in the WebAssembly build.
    let mut m = TextMeasure::default();
    for (_, line) in crate::text_util::lines(text) {
        let line = line.as_bytes();
        let tabs = memchr::memchr_iter(b'\t', line).count();
        if tabs > 0 {
            m.cells += if line[0] == b'\t' { tabs } else { tabs + 1 };
        }
        m.lines += 1;
        if line.len() > m.longest_line {
            m.longest_line = line.len();
            m.longest_line_number = m.lines;
        }
    }
    if text.ends_with('\n') {
        m.lines -= 1;
    }
    m
}

/// The longest text that cannot be past the lines, line length or cells limit: more
/// lines take more bytes than lines, a longer line more bytes, and more cells more than
/// half as many tabs (a line of n tabs is at most n + 1 cells).
const SHORT_TEXT: usize = min(min(MAX_LINES, MAX_LINE_BYTES), MAX_TABLE_CELLS / 2);

const fn min(a: usize, b: usize) -> usize {
    if a < b {
        a
    } else {
        b
    }
}

/// A text past a limit: the finding to report instead of checking it.
pub fn check_text(text: &str) -> Option<Finding> {
    if text.len() > MAX_INPUT_BYTES {
        return Some(too_many("size", text.len(), MAX_INPUT_BYTES));
    }
    // A text this short is inside every other limit, and measuring it would cost as
    // much as reading it: each line takes a byte, and each two cells at least a tab.
    if text.len() <= SHORT_TEXT {
        return None;
    }
    let m = measure(text);
    if m.lines > MAX_LINES {
        return Some(too_many("lines", m.lines, MAX_LINES));
    }
    if m.longest_line > MAX_LINE_BYTES {
        return Some(
            too_many("line", m.longest_line, MAX_LINE_BYTES).arg("line", m.longest_line_number),
        );
    }
    if m.cells > MAX_TABLE_CELLS {
        return Some(too_many("cells", m.cells, MAX_TABLE_CELLS));
    }
    None
}

/// A document past a limit (for documents not read from text through [`check_text`]).
pub fn check_document(doc: &Document) -> Option<Finding> {
    if doc.text.len() > MAX_INPUT_BYTES {
        return Some(too_many("size", doc.text.len(), MAX_INPUT_BYTES));
    }
    let cells = doc.cell_count();
    if cells > MAX_TABLE_CELLS {
        return Some(too_many("cells", cells, MAX_TABLE_CELLS));
    }
    if doc.blocks.len() > MAX_LINES {
        return Some(too_many("lines", doc.blocks.len(), MAX_LINES));
    }
    None
}

/// `IN-TOO-LARGE` for one limit. `size` and `limit` read in the default message
/// ("输入过大（{size}），超过 {limit} 的上限，未检查。…"); the variant names the limit, for a
/// message of its own where the catalogue has one.
fn too_many(what: &'static str, found: usize, limit: usize) -> Finding {
    let (found_text, limit_text) = match what {
        "size" => (human_size(found), human_size(limit)),
        "lines" => (
            format!("{} 行", group(found)),
            format!("{} 行", group(limit)),
        ),
        "line" => (
            format!("单行 {}", human_size(found)),
            format!("每行 {}", human_size(limit)),
        ),
        _ => (
            format!("{} 个表格单元格", group(found)),
            format!("{} 个单元格", group(limit)),
        ),
    };
    Finding::new("IN-TOO-LARGE")
        .variant(what)
        .arg("size", found_text)
        .arg("limit", limit_text)
        .evidence(limit as i64, found as i64)
}

/// 1234567 → "1,234,567".
pub(crate) fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_like_the_reader_reads() {
        let m = measure("标题\n\t信息内容\n\t规章\n\n规章\t0\t1\t2\r\n");
        assert_eq!(m.lines, 5);
        assert_eq!(m.cells, 2 + 4);
        assert_eq!((m.longest_line, m.longest_line_number), (13, 2));
        assert_eq!(measure("").lines, 1);
        assert_eq!(measure("a").lines, 1);
        assert_eq!(measure("a\nb").lines, 2);
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(group(100), "100");
    }
}
