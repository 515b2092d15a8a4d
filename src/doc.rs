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
    pub text: Text,
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
    pub text: Text,
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
    pub fn new(text: impl Into<Text>, span: Span) -> Self {
        Cell {
            text: text.into(),
            span,
            colspan: 1,
            rowspan: 1,
            undelimited: false,
        }
    }
}

/// The text of a paragraph or cell (and of a data cell as read, `model::DataCell::raw`):
/// a string that keeps up to [`Text::INLINE`] bytes in itself and only longer ones on the
/// heap. A report has a few hundred cells, nearly all a number or a short label, and one
/// allocation (and copy, and free) each was a sixth of reading and of typing the tables;
/// copying a short one (a data cell's `raw`) is now a copy of 24 bytes. Reads as a `&str`
/// (it dereferences to one), so code that reads text does not see the difference.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// The first `len` bytes of `bytes`, valid UTF-8 (copied from a `&str`).
    Inline {
        len: u8,
        bytes: [u8; Text::INLINE],
    },
    Heap(Box<str>),
}

impl Text {
    /// The longest text kept inline: as much as fits beside the length and the tag in the
    /// size of a `String` (24 bytes).
    pub const INLINE: usize = 22;

    pub const fn new() -> Self {
        Text(Repr::Inline {
            len: 0,
            bytes: [0; Text::INLINE],
        })
    }

    /// `Text::from(&text[start..end])`, for a piece of a longer text: a short piece is
    /// copied as the [`Text::INLINE`] bytes from `start` when the text has them (a fixed
    /// copy, where a piece's own length made it a call of `memcpy`).
    #[inline]
    pub fn from_within(text: &str, start: usize, end: usize) -> Self {
        let piece = &text[start..end];
        match text.as_bytes().get(start..start + Text::INLINE) {
            Some(window) if piece.len() <= Text::INLINE => {
                let bytes: [u8; Text::INLINE] = window.try_into().expect("INLINE bytes");
                // The bytes past `len` are never read.
                Text(Repr::Inline {
                    len: piece.len() as u8,
                    bytes,
                })
            }
            _ => Text::from(piece),
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let b = &bytes[..usize::from(*len)];
                // SAFETY: `Inline` holds the bytes of a `&str` (see `From<&str>`), cut at
                // its end: valid UTF-8.
                unsafe { std::str::from_utf8_unchecked(b) }
            }
            Repr::Heap(s) => s,
        }
    }

    /// Appends a line feed and `line` (a cell's further paragraph).
    pub fn push_line(&mut self, line: &str) {
        let mut joined = String::with_capacity(self.len() + 1 + line.len());
        joined.push_str(self.as_str());
        joined.push('\n');
        joined.push_str(line);
        *self = Text::from(joined);
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::new()
    }
}

impl From<&str> for Text {
    #[inline]
    fn from(s: &str) -> Self {
        if s.len() <= Text::INLINE {
            let mut bytes = [0; Text::INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Text(Repr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            Text(Repr::Heap(s.into()))
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        if s.len() <= Text::INLINE {
            Text::from(s.as_str())
        } else {
            Text(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::from(s.as_str())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        match t.0 {
            Repr::Heap(s) => s.into_string(),
            Repr::Inline { .. } => t.as_str().to_string(),
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
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

    /// Short and long texts, whole or cut out of a longer one, read back as given, at the
    /// edge of what is kept inline too; a further line is joined with a line feed.
    #[test]
    fn text_keeps_what_it_is_given() {
        let source = "0规章12行政规范性文件本年新收政府信息公开申请数量😀a";
        let bounds: Vec<usize> = source
            .char_indices()
            .map(|(i, _)| i)
            .chain([source.len()])
            .collect();
        for (k, &start) in bounds.iter().enumerate() {
            for &end in &bounds[k..] {
                let piece = &source[start..end];
                for t in [Text::from(piece), Text::from_within(source, start, end)] {
                    assert_eq!(t.as_str(), piece);
                    assert_eq!(t, *piece);
                    assert_eq!(t.len(), piece.len());
                    assert_eq!(format!("{t:?}"), format!("{piece:?}"));
                    assert_eq!(String::from(t.clone()), piece);
                    let mut joined = t.clone();
                    joined.push_line("新收");
                    assert_eq!(joined, format!("{piece}\n新收"));
                }
            }
        }
        assert_eq!(Text::default(), "");
        assert_eq!(Text::from("a".repeat(40)), "a".repeat(40));
    }

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
