//! The normalised document: what every reader (plain text, HTML, .docx) produces and
//! what the extractor reads. It knows nothing of annual reports: just paragraphs and
//! tables, in reading order, each with its span in [`Document::text`].

use crate::span::Span;

/// A document ready for extraction.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// The text that every span refers to. For plain-text input this is the input itself
    /// (decoded); readers of other formats render their input to text in the same
    /// "copied out of Word" layout (cells as tab-indented lines) and point into that.
    pub text: String,
    pub blocks: Vec<Block>,
    /// Editing leftovers the reader removed, e.g. `[bookmark: _GoBack]`, page chrome.
    pub artifacts: Vec<Artifact>,
    /// Paged formats (PDF): the byte offset in `text` where each page starts, the first
    /// at 0. Empty for formats without pages.
    pub pages: Vec<usize>,
    /// Where pictures stood in the source (web pages, .docx), as offsets into `text`:
    /// nothing of them is in the text, but a table published as a picture leaves one
    /// where the table should be.
    pub images: Vec<usize>,
    /// Where each line of `text` starts (0, then after each line feed), when the reader
    /// found them on its way (the text reader does): the line index takes them instead of
    /// searching the text again. Empty when not known.
    pub line_starts: Vec<usize>,
}

#[derive(Clone, Debug)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// One paragraph (one line of copied text). `text` is trimmed of padding and has
/// reader artifacts removed; `span` covers the paragraph's text in the source.
#[derive(Clone, Debug)]
pub struct Paragraph {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub span: Span,
}

/// One table cell. `text` is trimmed of padding (ASCII space, NBSP, U+2002, U+3000);
/// a cell whose text spans several paragraphs keeps them joined by `\n`. An empty cell
/// has empty text and a span of zero width where the cell stands.
///
/// `colspan`/`rowspan` are 1 for text input. Readers of HTML and .docx keep the source's
/// spans on the cell that carries the content; the empty cells standing in for a merged
/// cell in later rows (as Word's copy has them) have `rowspan == 0`.
#[derive(Clone, Debug)]
pub struct Cell {
    pub text: String,
    pub span: Span,
    pub colspan: u32,
    pub rowspan: u32,
    /// A cell whose number is run together with its neighbours' with no separator and
    /// no unique split (text that is no report's own layout, e.g. a web page's text as an
    /// archive stores it): its value is unknown. `text` is empty and `span` covers the
    /// whole run of digits.
    pub undelimited: bool,
}

impl Cell {
    pub fn new(text: String, span: Span) -> Self {
        Cell {
            text,
            span,
            colspan: 1,
            rowspan: 1,
            undelimited: false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArtifactKind {
    /// Word's `[bookmark: _GoBack]` marker.
    Bookmark,
    /// A stray page number.
    PageNumber,
    /// Web page chrome around the article (print/close links, font-size switches …).
    PageChrome,
}

#[derive(Clone, Debug)]
pub struct Artifact {
    pub kind: ArtifactKind,
    pub span: Span,
}

impl Document {
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
    }

    /// The 1-based page a byte offset of `text` is on; `None` without pages.
    pub fn page_of(&self, offset: usize) -> Option<u32> {
        if self.pages.is_empty() {
            return None;
        }
        Some(self.pages.partition_point(|&s| s <= offset).max(1) as u32)
    }

    pub fn cell_count(&self) -> usize {
        self.tables()
            .flat_map(|t| t.rows.iter())
            .map(|r| r.cells.len())
            .sum()
    }
}

/// Characters that pad cells and paragraphs in copied Word text.
pub fn is_padding(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\r'
            | '\n'
            | '\u{a0}'
            | '\u{2002}'
            | '\u{2003}'
            | '\u{2009}'
            | '\u{3000}'
            | '\u{feff}'
            | '\u{200b}'
    )
}

/// Length in bytes of the padding character (see [`is_padding`]) that starts at byte `i`
/// of `b`, or 0. Works on the UTF-8 bytes: called for every cell and line, and the
/// size-optimised WebAssembly build does not inline `char` iteration, which made the
/// `trim_matches` version a tenth of a whole check there.
#[inline]
pub(crate) fn padding_at(b: &[u8], i: usize) -> usize {
    match b[i] {
        b' ' | b'\t' | b'\r' | b'\n' => 1,
        // U+00A0
        0xC2 if b.get(i + 1) == Some(&0xA0) => 2,
        // U+2002 U+2003 U+2009 U+200B
        0xE2 if b.get(i + 1) == Some(&0x80)
            && matches!(b.get(i + 2), Some(0x82 | 0x83 | 0x89 | 0x8B)) =>
        {
            3
        }
        // U+3000
        0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => 3,
        // U+FEFF
        0xEF if b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF) => 3,
        _ => 0,
    }
}

/// Trims padding on both sides, returning the trimmed slice and its byte offset in `s`.
pub fn trim_padding(s: &str) -> (&str, usize) {
    let b = s.as_bytes();
    // Most texts neither start nor end with a byte that a padding character starts or
    // ends with (see `padding_at`): answered from the two bytes.
    match (b.first(), b.last()) {
        (None, _) => return (s, 0),
        (Some(&first), Some(&last))
            if !matches!(
                first,
                b' ' | b'\t' | b'\r' | b'\n' | 0xC2 | 0xE2 | 0xE3 | 0xEF
            ) && !matches!(
                last,
                b' ' | b'\t' | b'\r' | b'\n' | 0xA0 | 0x80 | 0x82 | 0x83 | 0x89 | 0x8B | 0xBF
            ) =>
        {
            return (s, 0)
        }
        _ => {}
    }
    let mut start = 0;
    while start < b.len() {
        match padding_at(b, start) {
            0 => break,
            n => start += n,
        }
    }
    let mut end = b.len();
    while end > start {
        // The last character starts at most 3 bytes before `end` (padding is never 4).
        let last = b[end - 1];
        let n = if last < 0x80 {
            1
        } else if end >= start + 2 && b[end - 2] >= 0xC0 {
            2
        } else if end >= start + 3 {
            3
        } else {
            break;
        };
        if padding_at(b, end - n) == n {
            end -= n;
        } else {
            break;
        }
    }
    // Both ends are on character boundaries: only whole padding characters were removed.
    (&s[start..end], start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-level `trim_padding` against the obvious `char` version, on every string
    /// of up to four characters from padding, near-padding (same lead bytes) and text.
    #[test]
    fn trim_padding_matches_char_trimming() {
        let alphabet = [
            ' ', '\t', '\r', '\n', '\u{a0}', '\u{a1}', '\u{2002}', '\u{2003}', '\u{2004}',
            '\u{2009}', '\u{200b}', '\u{200c}', '\u{3000}', '\u{3001}', '\u{feff}', '\u{fefe}',
            'a', '中', '😀',
        ];
        let n = alphabet.len();
        let mut s = String::new();
        for len in 0..=4u32 {
            for mut k in 0..n.pow(len) {
                s.clear();
                for _ in 0..len {
                    s.push(alphabet[k % n]);
                    k /= n;
                }
                let expected = s.trim_matches(is_padding);
                let start = s.len() - s.trim_start_matches(is_padding).len();
                assert_eq!(trim_padding(&s), (expected, start), "{s:?}");
            }
        }
    }
}
