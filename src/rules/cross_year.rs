//! Cross-year rules (`XY-*`): they compare two reports of one organ for consecutive
//! years, among the reports checked together.
//!
//! A batch keeps one small [`Profile`] per report (the organ, the year, the table cells
//! the rules compare, and the normalised prose), not the whole analysed document, so a
//! directory of thousands of reports stays cheap in memory. The profile carries the
//! locations of the cells it holds, so findings can be placed after the report itself is
//! finished.
//!
//! Pairing is deliberately conservative: a wrong pair produces confident nonsense about
//! two unrelated organs, while a missed pair only loses a warning. Two reports pair when
//! their organ keys (see [`organ_key`]) are equal and their years differ by exactly one.
//!
//! Where a finding shows: the rule's warning goes on the later report, with its cells
//! and spans; for `XY-CARRY` and `XY-IN-FORCE`, where either report may hold the wrong
//! number, the earlier report gets the same code as `info` (so the batch's warning count
//! counts the defect once) pointing at its own cell. Every finding names the other
//! report (`compared_with`: its `source` and year).

use std::collections::HashMap;
#[cfg(test)]
use std::collections::HashSet;

use crate::diag::{Diagnostic, Finding, Severity};
use crate::doc::{is_padding, Block, Document};
use crate::model::{self, Report, Template};
use crate::span::{LineIndex, Location, Span};

/// Share of this year's prose that may come from last year's before `XY-REUSE` fires
/// (the 宿迁 indicator: "与上年度重复率大于50%").
pub const REUSE_THRESHOLD: f64 = 0.5;

/// Length of the character shingles compared by `XY-REUSE`. Twelve characters is about
/// two short Chinese phrases: long enough that two independently written reports rarely
/// share one outside the template's fixed wording, short enough that a sentence with a
/// number or a word changed still matches on both sides of the change.
pub const SHINGLE: usize = 12;

/// Reports with less prose than this (in normalised characters) are not judged for
/// reuse: a report that says little more than the template's headings and "无" would be
/// "reused" by construction.
pub const MIN_PROSE_CHARS: usize = 200;

/// What the cross-year rules need of one report. A batch keeps one per report to its
/// end, so everything is held in boxes of the exact size (a growing vector may hold
/// twice what it needs).
#[derive(Clone, Debug)]
pub struct Profile {
    pub source: Box<str>,
    /// The organ normalised for pairing (the title's organ, else the signature's).
    pub key: Box<str>,
    pub year: i32,
    t2_2021: bool,
    /// The cells of [`slots`] the report has.
    cells: Box<[Cell]>,
    /// Where the cells a finding may point at stand (see [`Cell::location`]).
    locations: Box<[Location]>,
    /// Normalised prose paragraphs (see [`normalise_prose`]), compact.
    prose: Prose,
    /// The title's span and location, where the report-wide `XY-REUSE` points.
    title: Option<(Span, Location)>,
}

/// A cell the rules compare: which one (an index into [`slots`]) rather than its three
/// names, so a batch's thousands of profiles stay small (24 bytes a cell: its span in
/// 32-bit offsets, which a text within [`crate::limits::MAX_INPUT_BYTES`] never
/// exceeds, and its value with a flag beside it rather than an `Option`).
#[derive(Clone, Debug)]
struct Cell {
    value: f64,
    start: u32,
    end: u32,
    slot: u8,
    /// Whether the cell has a value (`DataCell::arith`); `value` is 0 when not.
    valued: bool,
    /// Where a finding may point, an index into the profile's `locations`
    /// ([`NOWHERE`] for none): only at a cell with a value, and of table 二 only at
    /// 现行有效 (locating a cell is most of a profile's cost outside the prose).
    location: u8,
}

impl Cell {
    fn value(&self) -> Option<f64> {
        self.valued.then_some(self.value)
    }

    fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// [`Cell::location`] of a cell no finding points at.
const NOWHERE: u8 = u8::MAX;

/// The first of table 三's row-2 cells in [`slots`] (one per column of
/// [`model::T3_COLUMNS`]); row 4 follows, then table 二's [`IN_FORCE_ROWS`], three
/// cells each ([`T2_COLUMNS`]).
const T3_ROW_2: usize = 0;
const T3_ROW_4: usize = model::T3_COLUMNS.len();
const T2_ROWS: usize = 2 * model::T3_COLUMNS.len();
/// The columns of table 二 kept for each of [`IN_FORCE_ROWS`], in their order in
/// [`slots`].
const T2_COLUMNS: [&str; 3] = ["issued", "repealed", "in_force"];

/// Indexes into [`T2_COLUMNS`].
const ISSUED: usize = 0;
const REPEALED: usize = 1;
const IN_FORCE: usize = 2;

/// The slot of table 二's `row` (an index into [`IN_FORCE_ROWS`]) and `column` (into
/// [`T2_COLUMNS`]).
const fn t2_slot(row: usize, column: usize) -> usize {
    T2_ROWS + 3 * row + column
}

/// Every cell a profile may keep, as (table, row, column), by slot.
#[cfg(test)]
fn slots() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    let t3 = |row| model::T3_COLUMNS.iter().map(move |(c, _)| ("t3", row, *c));
    let t2 = IN_FORCE_ROWS
        .iter()
        .flat_map(|row| T2_COLUMNS.iter().map(move |c| ("t2", *row, *c)));
    t3("2").chain(t3("4")).chain(t2)
}

impl Profile {
    /// Builds the profile of an analysed report; `None` when it has no year or no organ
    /// (such a report cannot be paired).
    pub fn of(source: &str, doc: &Document, report: &Report) -> Option<Profile> {
        Profile::with_index(source, doc, report, &LineIndex::new(&doc.text))
    }

    /// [`Profile::of`] with the line index of the document's text already built (the
    /// batch builds one for the result too); only the index is read of the text.
    pub fn with_index(
        source: &str,
        doc: &Document,
        report: &Report,
        index: &LineIndex,
    ) -> Option<Profile> {
        let year = report.year()?;
        let title_organ = report
            .organ
            .as_deref()
            .and_then(|o| organ_key(o).map(|k| (o, k)));
        // The title's organ is the report's identity; the signature only stands in when
        // the title names none (a signature may be a sub-office of the titled organ), so
        // its key is only made then.
        let (_, key) = title_organ.or_else(|| {
            report
                .signature_organ
                .as_ref()
                .and_then(|o| organ_key(&o.value).map(|k| (o.value.as_str(), k)))
        })?;
        // Each row found once, then its cells by column.
        let mut cells = Vec::with_capacity(T2_ROWS + 3 * IN_FORCE_ROWS.len());
        let mut locations = Vec::with_capacity(T2_ROWS + IN_FORCE_ROWS.len());
        let mut take = |first: usize, row: Option<&model::DataRow>, columns: &[&str]| {
            let Some(row) = row else { return };
            for (i, column) in columns.iter().enumerate() {
                if let Some(c) = row.cell(column) {
                    let slot = first + i;
                    let value = c.arith();
                    let pointed = value.is_some()
                        && (slot < T2_ROWS || (slot - T2_ROWS) % T2_COLUMNS.len() == IN_FORCE);
                    let location = if pointed {
                        locations.push(index.locate(c.span));
                        (locations.len() - 1) as u8
                    } else {
                        NOWHERE
                    };
                    cells.push(Cell {
                        value: value.unwrap_or(0.0),
                        start: c.span.start as u32,
                        end: c.span.end as u32,
                        slot: slot as u8,
                        valued: value.is_some(),
                        location,
                    });
                }
            }
        };
        let t3_columns = model::T3_COLUMNS.map(|(c, _)| c);
        let t3 = report.t3.as_ref();
        take(T3_ROW_2, t3.and_then(|t| t.row("2")), &t3_columns);
        take(T3_ROW_4, t3.and_then(|t| t.row("4")), &t3_columns);
        for (r, row) in IN_FORCE_ROWS.iter().enumerate() {
            let row = report.t2.as_ref().and_then(|t| t.row(row));
            take(t2_slot(r, 0), row, &T2_COLUMNS);
        }
        Some(Profile {
            source: source.into(),
            key: key.into_boxed_str(),
            year,
            t2_2021: report.t2.as_ref().and_then(|t| t.layout) == Some(Template::Y2021),
            cells: exact(&cells),
            locations: exact(&locations),
            prose: prose_paragraphs(doc, report),
            title: report
                .title
                .as_ref()
                .map(|t| (t.span, index.locate(t.span))),
        })
    }

    /// The cell of a slot (see [`slots`]), when the report has it.
    fn cell(&self, slot: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| usize::from(c.slot) == slot)
    }

    /// The (table, row, column) of every cell kept, for tests.
    #[cfg(test)]
    fn cell_names(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let all: Vec<_> = slots().collect();
        self.cells
            .iter()
            .map(|c| all[usize::from(c.slot)])
            .collect()
    }

    fn locate(&self, span: Span) -> Location {
        self.cells
            .iter()
            .filter_map(|c| Some((c.span(), *self.locations.get(usize::from(c.location))?)))
            .chain(self.title)
            .find(|(s, _)| *s == span)
            .map(|(_, l)| l)
            // Every span a cross-year finding carries comes from this profile.
            .expect("a span of this profile")
    }

    /// The normalised prose the reuse measure compares.
    pub fn prose(&self) -> &Prose {
        &self.prose
    }
}

/// A copy of `v` in a block of its size. Shrinking a vector in place is no use with the
/// allocator the command line uses (mimalloc), which keeps a block that shrinks by less
/// than half as it is; what a batch keeps to its end is copied instead.
fn exact<T: Clone>(v: &[T]) -> Box<[T]> {
    v.into()
}

/// The table-二 rows whose 现行有效 carries over from year to year (`XY-IN-FORCE`).
pub const IN_FORCE_ROWS: [&str; 2] = ["rules", "normative_documents"];

/// Normalises an organ name for pairing; `None` when nothing is left to pair on.
///
/// Removes whitespace and quotation marks, writes 人民政府 as 政府, and drops 政府 after
/// a place name (县, 镇 …) because a government's report is titled either way
/// (涞源县 / 涞源县人民政府). Nothing else is guessed: no abbreviations, no province
/// prefixes, no parent/sub-office equivalence.
pub fn organ_key(name: &str) -> Option<String> {
    let mut s: String = name
        .chars()
        .filter(|&c| {
            !is_padding(c)
                && !matches!(
                    c,
                    '《' | '》' | '〈' | '〉' | '<' | '>' | '“' | '”' | '"' | '\'' | '‘' | '’'
                )
        })
        .map(fold_width)
        .collect();
    if s.contains("人民政府") {
        s = s.replace("人民政府", "政府");
    }
    if let Some(base) = s.strip_suffix("政府") {
        if base
            .chars()
            .next_back()
            .is_some_and(|c| "省市县区旗镇乡州盟".contains(c))
        {
            s.truncate(base.len());
        }
    }
    (s.chars().count() >= 2).then_some(s)
}

/// Full-width ASCII variants (（）, ０–９ …) as ASCII.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The prose the reuse measure compares: every paragraph except the title, the section
/// headings (the template fixes their wording) and the signature, normalised.
fn prose_paragraphs(doc: &Document, report: &Report) -> Prose {
    let excluded: Vec<Span> = report
        .title
        .as_ref()
        .map(|t| t.span)
        .into_iter()
        .chain(report.signature_organ.as_ref().map(|o| o.span))
        .chain(report.signature_date.as_ref().map(|d| d.span))
        .collect();
    let paragraphs = doc
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            // Six headings at most: a scan, not a hash of every block's number.
            Block::Paragraph(p) if !report.sections.iter().any(|s| s.block == i) => Some(p),
            _ => None,
        })
        .filter(|p| {
            !excluded
                .iter()
                .any(|s| s.start < p.span.end && p.span.start < s.end)
        })
        .map(|p| p.text.as_str());
    Prose::of(paragraphs)
}

/// Drops whitespace, folds full-width forms and writes every number as `0`, so a
/// sentence copied with its figures (or its year) changed reads the same.
pub fn normalise_prose(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut in_number = false;
    for c in text.chars() {
        // Most of the prose: an ideograph is no padding, no full-width form and no digit.
        if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            in_number = false;
            out.push(c);
            continue;
        }
        normalise_char(c, &mut in_number, |c| out.push(c));
    }
    out
}

/// [`normalise_prose`] for a character other than an ideograph: what it writes, if
/// anything (`in_number`: whether the last character written was a number's `0`).
#[inline]
fn normalise_char(c: char, in_number: &mut bool, mut push: impl FnMut(char)) {
    if is_padding(c) {
        return;
    }
    let c = fold_width(c);
    if c.is_ascii_digit() || (*in_number && (c == '.' || c == ',')) {
        if !*in_number {
            push('0');
            *in_number = true;
        }
    } else {
        *in_number = false;
        push(c);
    }
}

/// A report's normalised prose, compact: the characters of all its (non-empty)
/// paragraphs one after another, with where each paragraph ends. A batch keeps one per
/// report until its end, so characters are 16 bits when all lie in the BMP (nearly
/// always), instead of a `Vec<char>` per paragraph, in boxes of the exact size.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prose {
    chars: Chars,
    /// One past the last character of each paragraph, in order.
    ends: Box<[u32]>,
}

#[derive(Clone, Debug, PartialEq)]
enum Chars {
    Bmp(Box<[u16]>),
    Wide(Box<[u32]>),
}

impl Default for Chars {
    fn default() -> Self {
        Chars::Bmp(Box::default())
    }
}

impl Prose {
    /// The normalised prose of these paragraphs ([`normalise_prose`] of each; the empty
    /// ones left out).
    pub fn of<'a>(paragraphs: impl Iterator<Item = &'a str> + Clone) -> Prose {
        let mut chars = Vec::new();
        let mut ends = Vec::new();
        let simd = simd_ideographs();
        for text in paragraphs.clone() {
            if !normalise_bmp(text, &mut chars, simd) {
                // A character outside the BMP (rare): all of it again, in 32 bits.
                let mut wide = Vec::new();
                ends.clear();
                for text in paragraphs {
                    let before = wide.len();
                    wide.extend(normalise_prose(text).into_iter().map(u32::from));
                    if wide.len() > before {
                        ends.push(wide.len() as u32);
                    }
                }
                return Prose {
                    chars: Chars::Wide(exact(&wide)),
                    ends: ends.into(),
                };
            }
            let end = chars.len() as u32;
            if ends.last().copied().unwrap_or(0) != end {
                ends.push(end);
            }
        }
        // The room made while normalising is given back (copied, see [`exact`]: shrinking
        // left about a third of the block unused): profiles are kept to the end.
        Prose {
            chars: Chars::Bmp(exact(&chars)),
            ends: exact(&ends),
        }
    }

    /// Paragraphs of characters as they are (tests and calibration).
    pub fn from_paragraphs(paragraphs: &[Vec<char>]) -> Prose {
        let mut bmp = Vec::new();
        let mut wide = Vec::new();
        let mut ends = Vec::new();
        for p in paragraphs.iter().filter(|p| !p.is_empty()) {
            wide.extend(p.iter().map(|&c| u32::from(c)));
            bmp.extend(p.iter().filter_map(|&c| u16::try_from(u32::from(c)).ok()));
            ends.push(wide.len() as u32);
        }
        let chars = if bmp.len() == wide.len() {
            Chars::Bmp(bmp.into())
        } else {
            Chars::Wide(wide.into())
        };
        Prose {
            chars,
            ends: ends.into(),
        }
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.ends.last().map_or(0, |&e| e as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The characters widened to 32 bits (for comparing with a prose that has them so).
    fn wide(&self) -> Vec<u32> {
        match &self.chars {
            Chars::Bmp(c) => c.iter().map(|&c| u32::from(c)).collect(),
            Chars::Wide(c) => c.to_vec(),
        }
    }
}

/// [`normalise_prose`] of `text` appended to `out` as 16-bit units; false (with `out`
/// in any state) when a character lies outside the BMP. Ideographs (three UTF-8 bytes
/// each, most of the prose) are found by their lead bytes and decoded in place; the
/// units are written into room made beforehand (a character gives at most one unit, and
/// takes at least one byte), which compiles to far less than a `push` per character.
/// With `simd` (see [`simd_ideographs`]), runs of ideographs are decoded five at a
/// time by [`ideographs_ssse3`] first.
fn normalise_bmp(text: &str, out: &mut Vec<u16>, simd: bool) -> bool {
    #[cfg(target_arch = "x86_64")]
    if simd {
        // SAFETY: `simd` is true only where the processor has SSSE3.
        return unsafe { normalise_bmp_ssse3(text, out) };
    }
    let _ = simd;
    normalise_bmp_with::<false>(text, out)
}

/// [`normalise_bmp`] compiled with SSSE3, so that [`ideographs_ssse3`] is inlined into
/// it (its shuffle masks loaded once per paragraph, not once per run of ideographs: the
/// runs are short, broken by numbers and punctuation).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3")]
fn normalise_bmp_ssse3(text: &str, out: &mut Vec<u16>) -> bool {
    normalise_bmp_with::<true>(text, out)
}

/// [`normalise_bmp`], with or without [`ideographs_ssse3`].
#[inline(always)]
fn normalise_bmp_with<const SIMD: bool>(text: &str, out: &mut Vec<u16>) -> bool {
    let bytes = text.as_bytes();
    let mut n = out.len();
    out.resize(n + bytes.len(), 0);
    let buf = &mut out[..];
    let mut in_number = false;
    let mut i = 0;
    while i < bytes.len() {
        // A run of ideographs: four at a time (one test of the four lead pairs, then
        // four units written), then one at a time to its end.
        let start = i;
        // Whether the run may go on (the SIMD path found where it ends unless near the
        // end of the text: then the portable loops are not needed). Only the SIMD path,
        // x86-64's alone, ever closes it.
        #[cfg_attr(not(target_arch = "x86_64"), allow(unused_mut))]
        let mut open = true;
        #[cfg(target_arch = "x86_64")]
        if SIMD {
            // SAFETY: SIMD is true only in `normalise_bmp_ssse3`, compiled with SSSE3.
            (i, n, open) = unsafe { ideographs_ssse3(bytes, i, buf, n) };
        }
        while let Some(block) = bytes.get(i..i + 12).filter(|_| open) {
            let block: &[u8; 12] = block.try_into().expect("twelve bytes");
            if !(is_ideograph(block[0], block[1])
                & is_ideograph(block[3], block[4])
                & is_ideograph(block[6], block[7])
                & is_ideograph(block[9], block[10]))
            {
                break;
            }
            let room: &mut [u16; 4] = (&mut buf[n..n + 4]).try_into().expect("four units");
            for (k, unit) in room.iter_mut().enumerate() {
                *unit = ideograph(block[3 * k], block[3 * k + 1], block[3 * k + 2]);
            }
            n += 4;
            i += 12;
        }
        while let Some(&[b0, b1, b2]) = bytes.get(i..i + 3).filter(|_| open) {
            if !is_ideograph(b0, b1) {
                break;
            }
            buf[n] = ideograph(b0, b1, b2);
            n += 1;
            i += 3;
        }
        if i > start {
            in_number = false;
            if i == bytes.len() {
                break;
            }
        }
        // ASCII (numbers, spaces, Latin letters; a third of a report's text) is decided
        // by its byte: padding is space, tab, CR and LF, and no ASCII folds.
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => {}
                b'0'..=b'9' => {
                    if !in_number {
                        buf[n] = u16::from(b'0');
                        n += 1;
                        in_number = true;
                    }
                }
                b'.' | b',' if in_number => {}
                _ => {
                    in_number = false;
                    buf[n] = u16::from(b);
                    n += 1;
                }
            }
            continue;
        }
        let c = if let Some(&[b0 @ 0xE0..=0xEF, b1, b2]) = bytes.get(i..i + 3) {
            // Three bytes (CJK punctuation, full-width forms): decoded as an ideograph
            // is; valid UTF-8 of three bytes is never a surrogate.
            i += 3;
            char::from_u32(u32::from(ideograph(b0, b1, b2))).expect("a scalar value")
        } else {
            let c = text[i..].chars().next().expect("a character at a boundary");
            i += c.len_utf8();
            c
        };
        let mut wide = false;
        normalise_char(c, &mut in_number, |c| match u16::try_from(u32::from(c)) {
            Ok(u) => {
                buf[n] = u;
                n += 1;
            }
            Err(_) => wide = true,
        });
        if wide {
            return false;
        }
    }
    out.truncate(n);
    true
}

/// Whether [`normalise_bmp`] may decode runs of ideographs with SSSE3 (x86-64 processors
/// have had it since about 2006; the portable path is the fallback and the browser's).
fn simd_ideographs() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("ssse3")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The ideographs that start at `bytes[i..]`, decoded five at a time (fifteen bytes, from
/// a load of sixteen) into `buf[n..]` while sixteen bytes remain: returns where `i`
/// and `n` have got to, and whether the run may go on (false: `i` is at a character
/// other than an ideograph; true: fewer than sixteen bytes remain, the end of the run
/// is left to the portable loops). Round 1
/// measured the portable loop at about 23 instructions per ideograph, from three byte
/// loads and a lead-pair test per character; here one shuffle per byte position of the
/// five characters gathers them into 16-bit lanes, and the test and the decoding are the
/// portable ones ([`is_ideograph`], [`ideograph`]) lane by lane.
///
/// `buf` must have room for eight units past every `n` it is called or advanced to
/// while sixteen bytes remain; [`normalise_bmp`] makes room for one unit per byte, and
/// never writes more units than it has read bytes, so `n + 8` stays below the end.
///
/// Callers must know that the processor has SSSE3 (hence `unsafe` to call).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3")]
#[inline]
fn ideographs_ssse3(
    bytes: &[u8],
    mut i: usize,
    buf: &mut [u16],
    mut n: usize,
) -> (usize, usize, bool) {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi16, _mm_cmpeq_epi16, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi16, _mm_setr_epi8, _mm_setzero_si128, _mm_shuffle_epi8, _mm_slli_epi16,
        _mm_storeu_si128, _mm_sub_epi16, _mm_subs_epu16,
    };
    // Lane k (k < 5) takes byte 3k + j of the block in its low byte, zero (index with
    // the high bit set) in its high byte; lanes 5 to 7 repeat lane 0, so that they pass
    // the test whenever the block's first character does (their units are written but
    // not counted, and the next block or loop overwrites them).
    let z = -128i8;
    let lanes = |j: i8| {
        _mm_setr_epi8(
            j,
            z,
            3 + j,
            z,
            6 + j,
            z,
            9 + j,
            z,
            12 + j,
            z,
            j,
            z,
            j,
            z,
            j,
            z,
        )
    };
    let (s0, s1, s2) = (lanes(0), lanes(1), lanes(2));
    let low = _mm_set1_epi16(0xE4B8u16 as i16);
    let span = _mm_set1_epi16((0xE9BF_u16 - 0xE4B8) as i16);
    let marks = _mm_set1_epi16((0x80 << 6) + 0x80);
    while let Some(block) = bytes.get(i..i + 16) {
        let room = &mut buf[n..n + 8];
        // SAFETY: the load reads `block`, sixteen bytes; the store writes `room`, eight
        // units (both slices checked above; unaligned access is allowed).
        let v = unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) };
        let b0 = _mm_shuffle_epi8(v, s0);
        let b1 = _mm_shuffle_epi8(v, s1);
        let b2 = _mm_shuffle_epi8(v, s2);
        // is_ideograph: the lead pair as a big-endian number, less E4B8, at most the
        // span (an unsigned saturating subtraction of the span leaves zero).
        let pair = _mm_sub_epi16(_mm_or_si128(_mm_slli_epi16::<8>(b0), b1), low);
        let over = _mm_subs_epu16(pair, span);
        // Two mask bits per lane, set for an ideograph; the leading ideographs are
        // taken even when the block has fewer than five (most runs are short).
        let ok = _mm_movemask_epi8(_mm_cmpeq_epi16(over, _mm_setzero_si128())) as u32;
        let k = ((!ok).trailing_zeros() / 2).min(5) as usize;
        // ideograph: b0 << 12 + b1 << 6 + b2 - the continuation marks, in 16 bits.
        let units = _mm_sub_epi16(
            _mm_add_epi16(
                _mm_add_epi16(_mm_slli_epi16::<12>(b0), _mm_slli_epi16::<6>(b1)),
                b2,
            ),
            marks,
        );
        // SAFETY: see the load.
        unsafe { _mm_storeu_si128(room.as_mut_ptr().cast::<__m128i>(), units) };
        i += 3 * k;
        n += k;
        if k < 5 {
            return (i, n, false);
        }
    }
    (i, n, true)
}

/// Whether the character whose UTF-8 starts with bytes `b0 b1` is an ideograph
/// (U+4E00..=U+9FFF): three bytes, E4 B8 80 to E9 BF BF, so its first two bytes read as
/// a big-endian number lie from E4B8 to E9BF (a second byte is a continuation, 80-BF).
#[inline(always)]
fn is_ideograph(b0: u8, b1: u8) -> bool {
    u16::from_be_bytes([b0, b1]).wrapping_sub(0xE4B8) <= 0xE9BF - 0xE4B8
}

/// The code unit of the ideograph (or any three-byte character) of UTF-8 bytes
/// `b0 b1 b2` (see [`is_ideograph`]):
/// its four low bits of `b0` and six of each continuation byte; in 16 bits the lead's
/// high bits shift out, and the continuations' marks (0x80 each) come off at once.
#[inline(always)]
fn ideograph(b0: u8, b1: u8, b2: u8) -> u16 {
    (u16::from(b0) << 12)
        .wrapping_add(u16::from(b1) << 6)
        .wrapping_add(u16::from(b2))
        .wrapping_sub((0x80 << 6) + 0x80)
}

/// A character of the compact prose, as the shingle hash reads it (its code point).
trait Unit: Copy + Eq + Ord + std::fmt::Debug {
    fn code(self) -> u64;
}

impl Unit for u16 {
    #[inline]
    fn code(self) -> u64 {
        u64::from(self)
    }
}

impl Unit for u32 {
    #[inline]
    fn code(self) -> u64 {
        u64::from(self)
    }
}

impl Unit for char {
    #[inline]
    fn code(self) -> u64 {
        u64::from(self)
    }
}

/// The base of the shingles' polynomial hash (mod 2^64, odd).
const SHINGLE_BASE: u64 = 0x0000_0100_0000_01b3;

/// The hash of one window of characters, computed on its own.
#[inline]
fn window_hash<T: Unit>(window: &[T]) -> u64 {
    window.iter().fold(0u64, |h, &c| {
        h.wrapping_mul(SHINGLE_BASE).wrapping_add(c.code())
    })
}

/// Calls `f(i, hash)` for every `k`-character window of `chars`, in order: a polynomial
/// rolling hash (mod 2^64, odd base), so each window costs one step instead of `k`.
/// Equal windows hash equal; different ones collide with negligible odds, which only
/// nudges a percentage.
fn for_each_shingle<T: Unit>(chars: &[T], k: usize, mut f: impl FnMut(usize, u64)) {
    if k == 0 || chars.len() < k {
        return;
    }
    let top = shingle_top(k);
    let mut h = window_hash(&chars[..k]);
    f(0, h);
    for (i, (gone, new)) in chars.iter().zip(&chars[k..]).enumerate() {
        h = h
            .wrapping_sub(gone.code().wrapping_mul(top))
            .wrapping_mul(SHINGLE_BASE)
            .wrapping_add(new.code());
        f(i + 1, h);
    }
}

/// The hash of every `k`-character window of `chars`, in order.
#[cfg(test)]
fn shingle_hashes<T: Unit>(chars: &[T], k: usize) -> Vec<u64> {
    let mut out = Vec::new();
    for_each_shingle(chars, k, |_, h| out.push(h));
    out
}

/// Normalised prose, as the reuse measure takes it: a profile's, or paragraphs of
/// characters (tests and calibration).
pub trait AsProse {
    fn as_prose(&self) -> std::borrow::Cow<'_, Prose>;
}

impl AsProse for Prose {
    fn as_prose(&self) -> std::borrow::Cow<'_, Prose> {
        std::borrow::Cow::Borrowed(self)
    }
}

impl AsProse for [Vec<char>] {
    fn as_prose(&self) -> std::borrow::Cow<'_, Prose> {
        std::borrow::Cow::Owned(Prose::from_paragraphs(self))
    }
}

impl AsProse for Vec<Vec<char>> {
    fn as_prose(&self) -> std::borrow::Cow<'_, Prose> {
        self.as_slice().as_prose()
    }
}

/// Share of `later`'s prose characters that lie in a [`SHINGLE`]-character run also found
/// in `earlier`'s prose (0.0–1.0), with the number of prose characters of `later`.
///
/// This is "how much of this year's text could have been pasted from last year's": it
/// is not symmetric (a long new report that contains all of a short old one is mostly
/// new), and it does not care about order (moved paragraphs are still reused).
pub fn reuse_share<A: AsProse + ?Sized, B: AsProse + ?Sized>(
    earlier: &A,
    later: &B,
) -> (f64, usize) {
    reuse_share_with(earlier, later, SHINGLE)
}

/// [`reuse_share`] with another shingle length (for calibrating [`SHINGLE`]).
pub fn reuse_share_with<A: AsProse + ?Sized, B: AsProse + ?Sized>(
    earlier: &A,
    later: &B,
    k: usize,
) -> (f64, usize) {
    let earlier = earlier.as_prose();
    let mut index = None;
    share_in(&earlier, &mut index, &later.as_prose(), k)
}

/// What the reuse measure looks up in the earlier report, built on first need: every
/// window hash with where it first occurs, and the short paragraphs.
struct EarlierIndex {
    windows: HashSet64,
    /// The paragraphs shorter than a shingle, as (start, end), sorted by their
    /// characters.
    short: Vec<(u32, u32)>,
}

/// [`reuse_share`] with the earlier report's index kept in `index` (built when first
/// needed: a report is often compared only where it matches in order).
fn share_in(
    earlier: &Prose,
    index: &mut Option<EarlierIndex>,
    later: &Prose,
    k: usize,
) -> (f64, usize) {
    match (&earlier.chars, &later.chars) {
        (Chars::Bmp(e), Chars::Bmp(l)) => share(e, &earlier.ends, index, l, &later.ends, k),
        (Chars::Wide(e), Chars::Wide(l)) => share(e, &earlier.ends, index, l, &later.ends, k),
        // One of them has characters outside the BMP: both widened (rare).
        _ => share(
            &earlier.wide(),
            &earlier.ends,
            index,
            &later.wide(),
            &later.ends,
            k,
        ),
    }
}

/// The paragraphs of `chars` with the `ends` given, as (start, end).
fn paragraphs(ends: &[u32]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let starts = std::iter::once(0).chain(ends.iter().map(|&e| e as usize));
    starts.zip(ends.iter().map(|&e| e as usize))
}

fn build_index<T: Unit>(chars: &[T], ends: &[u32], k: usize) -> EarlierIndex {
    let long = paragraphs(ends)
        .filter(|(s, e)| e - s >= k)
        .map(|(s, e)| e - s + 1 - k);
    let mut windows = HashSet64::with_capacity(long.sum());
    let mut short = Vec::new();
    for (s, e) in paragraphs(ends) {
        if e - s < k {
            short.push((s as u32, e as u32));
        } else {
            for_each_shingle(&chars[s..e], k, |i, h| windows.insert_at(h, (s + i) as u32));
        }
    }
    let text = |&(s, e): &(u32, u32)| &chars[s as usize..e as usize];
    short.sort_unstable_by(|a, b| text(a).cmp(text(b)));
    EarlierIndex { windows, short }
}

/// Length of the common prefix of two slices.
#[inline]
fn common_prefix<T: Unit>(a: &[T], b: &[T]) -> usize {
    // Sixteen at a time first: equal runs are long where a report was copied.
    let chunks = a.chunks_exact(16).zip(b.chunks_exact(16));
    let mut n = 0;
    for (x, y) in chunks {
        if x != y {
            break;
        }
        n += 16;
    }
    n + a[n..]
        .iter()
        .zip(&b[n..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// The reuse measure over the characters of both reports.
///
/// A window of `later` counts when its hash is among the hashes of `earlier`'s windows.
/// Where the text was copied, that is known without hashing: while `later` reads the
/// same as `earlier` from an aligned place on, every window inside the common run is a
/// window of `earlier` too (within one of its paragraphs), so has a hash among them.
/// Only the windows outside such runs are hashed and looked up (the lookup then also
/// finds where `earlier` may go on reading the same). The result is the same as
/// looking up every window.
fn share<T: Unit>(
    earlier: &[T],
    earlier_ends: &[u32],
    index: &mut Option<EarlierIndex>,
    later: &[T],
    later_ends: &[u32],
    k: usize,
) -> (f64, usize) {
    let total = later.len();
    if total == 0 {
        return (0.0, 0);
    }
    if k == 0 {
        return (0.0, total); // no shingle at all
    }
    let top = shingle_top(k);
    let earlier_paras: Vec<(usize, usize)> = paragraphs(earlier_ends).collect();
    // The earlier paragraph where the next later one is expected to start.
    let mut guess = 0;
    let mut covered = 0;
    for (ls, le) in paragraphs(later_ends) {
        let p = &later[ls..le];
        let n = p.len();
        if n < k {
            // A paragraph shorter than a shingle ("无。") counts as reused when last
            // year has the very same paragraph.
            let same = |&(s, e): &(usize, usize)| &earlier[s..e] == p;
            if earlier_paras.get(guess).is_some_and(same) {
                covered += n;
                guess += 1;
                continue;
            }
            let index = index.get_or_insert_with(|| build_index(earlier, earlier_ends, k));
            let text = |&(s, e): &(u32, u32)| &earlier[s as usize..e as usize];
            if index.short.binary_search_by(|x| text(x).cmp(p)).is_ok() {
                covered += n;
            }
            continue;
        }
        // `reach` is one past the last character covered by a matching shingle so far.
        let mut reach = 0;
        // Where `earlier` may read on as `later` does from window `i`: (position, end
        // of its paragraph).
        let mut aligned = earlier_paras.get(guess).map(|&(s, e)| (s, e));
        // The last window hashed and its hash, to roll on from.
        let mut hashed: Option<(usize, u64)> = None;
        let mut i = 0;
        while i + k <= n {
            if let Some((e, e_end)) = aligned.take() {
                let c = common_prefix(&p[i..], &earlier[e..e_end]);
                if c >= k {
                    // Windows i ..= i + c − k all lie in the common run.
                    covered += (i + c) - reach.max(i);
                    reach = i + c;
                    guess = earlier_paras.partition_point(|&(_, pe)| pe <= e) + 1;
                    // The next window reads past the run: looked up.
                    i += c - k + 1;
                    continue;
                }
            }
            let h = match hashed {
                Some((j, h)) if j + 1 == i => h
                    .wrapping_sub(p[j].code().wrapping_mul(top))
                    .wrapping_mul(SHINGLE_BASE)
                    .wrapping_add(p[i + k - 1].code()),
                _ => window_hash(&p[i..i + k]),
            };
            hashed = Some((i, h));
            let index = index.get_or_insert_with(|| build_index(earlier, earlier_ends, k));
            if let Some(q) = index.windows.position(h) {
                covered += (i + k) - reach.max(i);
                reach = i + k;
                // `earlier` may read on from the next window's place.
                let q = q as usize;
                let para = earlier_paras.partition_point(|&(_, pe)| pe <= q);
                let q_end = earlier_paras[para].1;
                aligned = Some((q + 1, q_end));
                guess = para + 1;
            }
            i += 1;
        }
    }
    (covered as f64 / total as f64, total)
}

/// B^(k-1): the weight of the character leaving a window of the rolling hash.
#[inline]
fn shingle_top(k: usize) -> u64 {
    (1..k).fold(1u64, |a, _| a.wrapping_mul(SHINGLE_BASE))
}

/// A set of 64-bit hashes of a size known in advance (a report's shingles), with where
/// each was first inserted: open addressing in a table at most half full, placed by a
/// multiplicative hash of the key. A fraction of the cost of a general hash map for
/// these keys.
struct HashSet64 {
    /// 0 is an empty slot; the key 0 itself is `zero`.
    slots: Vec<u64>,
    /// The position given with each slot's key.
    at: Vec<u32>,
    shift: u32,
    zero: Option<u32>,
}

impl HashSet64 {
    fn with_capacity(n: usize) -> Self {
        let len = (2 * n).next_power_of_two().max(16);
        HashSet64 {
            slots: vec![0; len],
            at: vec![0; len],
            shift: 64 - len.trailing_zeros(),
            zero: None,
        }
    }

    #[inline]
    fn slot(&self, h: u64) -> usize {
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Inserts `h`; the caller inserts at most the capacity asked for.
    #[cfg(test)]
    fn insert(&mut self, h: u64) {
        self.insert_at(h, 0);
    }

    /// Inserts `h` with a position, unless it is in already (the first one is kept).
    fn insert_at(&mut self, h: u64, at: u32) {
        if h == 0 {
            self.zero.get_or_insert(at);
            return;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(h);
        while self.slots[i] != 0 {
            if self.slots[i] == h {
                return;
            }
            i = (i + 1) & mask;
        }
        self.slots[i] = h;
        self.at[i] = at;
    }

    #[cfg(test)]
    fn contains(&self, h: u64) -> bool {
        self.position(h).is_some()
    }

    /// The position `h` was inserted with, if it was.
    fn position(&self, h: u64) -> Option<u32> {
        if h == 0 {
            return self.zero;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(h);
        loop {
            match self.slots[i] {
                0 => return None,
                s if s == h => return Some(self.at[i]),
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// Pairs of reports (earlier, later) by index: same organ key, consecutive years.
pub fn pairs(profiles: &[Option<Profile>]) -> Vec<(usize, usize)> {
    let mut by_key: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
    for (i, p) in profiles.iter().enumerate() {
        if let Some(p) = p {
            by_key.entry((&*p.key, p.year)).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (later, p) in profiles.iter().enumerate() {
        let Some(p) = p else { continue };
        if let Some(earlier) = by_key.get(&(&*p.key, p.year - 1)) {
            out.extend(earlier.iter().map(|&e| (e, later)));
        }
    }
    out
}

/// Findings for one pair: (on the earlier report, on the later report).
pub fn check_pair(earlier: &Profile, later: &Profile) -> (Vec<Finding>, Vec<Finding>) {
    check_measured_pair(earlier, later, reuse_share(&earlier.prose, &later.prose))
}

/// [`check_pair`] with the reuse share already measured.
fn check_measured_pair(
    earlier: &Profile,
    later: &Profile,
    (share, chars): (f64, usize),
) -> (Vec<Finding>, Vec<Finding>) {
    let mut on_earlier = Vec::new();
    let mut on_later = Vec::new();
    carry(earlier, later, &mut on_earlier, &mut on_later);
    in_force(earlier, later, &mut on_earlier, &mut on_later);
    reuse(earlier, later, share, chars, &mut on_later);
    (on_earlier, on_later)
}

fn carry(
    earlier: &Profile,
    later: &Profile,
    on_earlier: &mut Vec<Finding>,
    on_later: &mut Vec<Finding>,
) {
    for (i, (column, label)) in model::T3_COLUMNS.into_iter().enumerate() {
        let (Some(carried_in), Some(carried_out)) =
            (later.cell(T3_ROW_2 + i), earlier.cell(T3_ROW_4 + i))
        else {
            continue;
        };
        let (Some(found), Some(expected)) = (carried_in.value(), carried_out.value()) else {
            continue;
        };
        if found == expected {
            continue;
        }
        on_later.push(
            Finding::new("XY-CARRY")
                .arg("column", label)
                .arg("found", num(found))
                .arg("expected", num(expected))
                .arg("prev_year", earlier.year)
                .arg("prev_source", &earlier.source)
                .cell("t3", "2", column)
                .span(carried_in.span())
                .evidence(expected, found)
                .compared_with(&earlier.source, earlier.year),
        );
        on_earlier.push(
            Finding::new("XY-CARRY")
                .variant("next")
                .severity(Severity::Info)
                .arg("column", label)
                .arg("found", num(expected))
                .arg("expected", num(found))
                .arg("next_year", later.year)
                .arg("next_source", &later.source)
                .cell("t3", "4", column)
                .span(carried_out.span())
                .evidence(found, expected)
                .compared_with(&later.source, later.year),
        );
    }
}

fn in_force(
    earlier: &Profile,
    later: &Profile,
    on_earlier: &mut Vec<Finding>,
    on_later: &mut Vec<Finding>,
) {
    // The 2019 layout counts published documents, not documents in force: no identity.
    if !(earlier.t2_2021 && later.t2_2021) {
        return;
    }
    for (r, row) in IN_FORCE_ROWS.into_iter().enumerate() {
        let get = |p: &Profile, column: usize| {
            p.cell(t2_slot(r, column))
                .and_then(|c| c.value().map(|v| (v, c.span())))
        };
        let (
            Some((prev, prev_span)),
            Some((issued, _)),
            Some((repealed, _)),
            Some((now, now_span)),
        ) = (
            get(earlier, IN_FORCE),
            get(later, ISSUED),
            get(later, REPEALED),
            get(later, IN_FORCE),
        )
        else {
            continue;
        };
        let expected = prev + issued - repealed;
        if expected == now {
            continue;
        }
        let label = model::row_label("t2", row);
        on_later.push(
            Finding::new("XY-IN-FORCE")
                .arg("row", label)
                .arg("prev", num(prev))
                .arg("issued", num(issued))
                .arg("repealed", num(repealed))
                .arg("expected", num(expected))
                .arg("found", num(now))
                .arg("prev_year", earlier.year)
                .arg("prev_source", &earlier.source)
                .cell("t2", row, "in_force")
                .also_cell("t2", row, "issued")
                .also_cell("t2", row, "repealed")
                .span(now_span)
                .evidence(expected, now)
                .compared_with(&earlier.source, earlier.year),
        );
        let expected_prev = now - issued + repealed;
        on_earlier.push(
            Finding::new("XY-IN-FORCE")
                .variant("next")
                .severity(Severity::Info)
                .arg("row", label)
                .arg("found", num(prev))
                .arg("next", num(now))
                .arg("issued", num(issued))
                .arg("repealed", num(repealed))
                .arg("expected", num(expected_prev))
                .arg("next_year", later.year)
                .arg("next_source", &later.source)
                .cell("t2", row, "in_force")
                .span(prev_span)
                .evidence(expected_prev, prev)
                .compared_with(&later.source, later.year),
        );
    }
}

fn reuse(
    earlier: &Profile,
    later: &Profile,
    share: f64,
    chars: usize,
    on_later: &mut Vec<Finding>,
) {
    if chars < MIN_PROSE_CHARS || share <= REUSE_THRESHOLD {
        return;
    }
    // Rounded down, so a share just over the line never reads as "50%".
    let percent = ((share * 1000.0).floor() / 10.0).max(50.1);
    on_later.push(
        Finding::new("XY-REUSE")
            .arg("percent", crate::numbers::format_decimal(percent))
            .arg("prev_year", earlier.year)
            .arg("prev_source", &earlier.source)
            .maybe_span(later.title.map(|(s, _)| s))
            .evidence(
                "≤50%",
                format!("{}%", crate::numbers::format_decimal(percent)),
            )
            .compared_with(&earlier.source, earlier.year),
    );
}

fn num(x: f64) -> String {
    crate::numbers::format_decimal(x)
}

/// Runs the cross-year rules over a batch and renders their findings as diagnostics,
/// indexed like `profiles`.
/// The profiles are let go as soon as their last pair is compared (those in no pair
/// at once), so the diagnostics found take the place of the profiles done with rather
/// than adding to a batch's largest moment.
pub fn diagnostics(mut profiles: Vec<Option<Profile>>) -> Vec<Vec<Diagnostic>> {
    let mut out: Vec<Vec<Diagnostic>> = vec![Vec::new(); profiles.len()];
    let pairs = pairs(&profiles);
    // Each report's index (its prose's window hashes, see `share`) is built when a
    // pair first needs it, and let go after the report's last pair, so only the
    // reports being compared hold one.
    const NO_PAIR: usize = usize::MAX;
    let mut last_pair = vec![NO_PAIR; profiles.len()];
    for (n, &(e, l)) in pairs.iter().enumerate() {
        last_pair[e] = n;
        last_pair[l] = n;
    }
    for (p, &last) in profiles.iter_mut().zip(&last_pair) {
        if last == NO_PAIR {
            *p = None;
        }
    }
    let mut indexes: Vec<Option<EarlierIndex>> = profiles.iter().map(|_| None).collect();
    for (n, &(e, l)) in pairs.iter().enumerate() {
        if let (Some(earlier), Some(later)) = (&profiles[e], &profiles[l]) {
            let share = share_in(&earlier.prose, &mut indexes[e], &later.prose, SHINGLE);
            let (on_earlier, on_later) = check_measured_pair(earlier, later, share);
            // Room for just these: a vector of diagnostics grown by pushing holds four
            // at least, and the batch keeps what it is given.
            out[e].reserve_exact(on_earlier.len());
            out[e].extend(
                on_earlier
                    .into_iter()
                    .map(|f| Diagnostic::from_finding(f, |s| earlier.locate(s))),
            );
            out[l].reserve_exact(on_later.len());
            out[l].extend(
                on_later
                    .into_iter()
                    .map(|f| Diagnostic::from_finding(f, |s| later.locate(s))),
            );
        }
        for i in [e, l] {
            if last_pair[i] == n {
                indexes[i] = None;
                profiles[i] = None;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use crate::pipeline::check_all;
    use crate::{BatchResult, Input};

    const HOUMA_2022: &str = include_str!("../../tests/fixtures/001-houma-kaifaqu-2022.txt");
    const JULU_2022: &str = include_str!("../../tests/fixtures/000-julu-kaifaqu-2022.txt");
    const CANGZHOU_2024: &str = include_str!("../../tests/fixtures/003-cangzhou-kaifaqu-2024.txt");

    /// The report moved on by one year: every "N年" becomes "N+1年" (the signature's
    /// "N+1年" first, so it does not collide).
    fn next_year(text: &str, year: i32) -> String {
        text.replace(&format!("{}年", year + 1), &format!("{}年", year + 2))
            .replace(&format!("{year}年"), &format!("{}年", year + 1))
    }

    /// Writes `value` into one table cell, found through the extractor.
    fn set_cell(text: &str, table: &str, row: &str, column: &str, value: &str) -> String {
        let doc = crate::read::read_str(text).unwrap();
        let report = crate::extract::extract(&doc).0.unwrap();
        let span = report.table(table).unwrap().cell(row, column).unwrap().span;
        format!("{}{}{}", &text[..span.start], value, &text[span.end..])
    }

    fn batch(reports: &[(&str, &str)]) -> BatchResult {
        let inputs: Vec<Input> = reports
            .iter()
            .map(|(name, text)| Input {
                name,
                bytes: text.as_bytes(),
            })
            .collect();
        check_all(&inputs)
    }

    fn xy<'a>(out: &'a BatchResult, i: usize, code: &str) -> Vec<&'a Diagnostic> {
        out.reports[i]
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .collect()
    }

    fn all_xy(out: &BatchResult) -> usize {
        out.reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.code.starts_with("XY-"))
            .count()
    }

    /// 001 for 2023: its prose and tables, the year moved on, the carry-over of
    /// 2 applications from 2022 taken in, and the prose's figures changed (so the copy
    /// is "last year's report with the numbers changed").
    fn houma_2023() -> String {
        let t = next_year(HOUMA_2022, 2022);
        let t = set_cell(&t, "t3", "2", "natural_person", "2");
        let t = set_cell(&t, "t3", "2", "total", "2");
        t.replace("信息284条", "信息301条")
            .replace("要闻类161条", "要闻类170条")
    }

    fn houma_2022_carrying_two() -> String {
        let t = set_cell(HOUMA_2022, "t3", "4", "natural_person", "2");
        set_cell(&t, "t3", "4", "total", "2")
    }

    #[test]
    fn organ_keys_fold_only_safe_variants() {
        let k = |s: &str| organ_key(s).unwrap();
        assert_eq!(k("涞源县人民政府"), k("涞源县"));
        assert_eq!(k("涞源县政府"), k("涞源县"));
        assert_eq!(k("巨鹿县官亭镇政府"), k("巨鹿县官亭镇人民政府"));
        assert_eq!(k("某某市人民政府办公室"), k("某某市政府办公室"));
        assert_eq!(k(" 侯马经济开发区\u{3000}"), k("侯马经济开发区"));
        assert_eq!(k("某某局（某某办）"), k("某某局(某某办)"));
        assert_ne!(k("涞源县人民政府办公室"), k("涞源县"));
        assert_ne!(k("侯马经济开发区综合工作部"), k("侯马经济开发区"));
        assert_ne!(k("巨鹿县官亭镇"), k("官亭镇"));
        assert_eq!(organ_key("县"), None);
    }

    #[test]
    fn reuse_share_counts_characters_in_shared_shingles() {
        let earlier = vec![normalise_prose(
            "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥",
        )];
        // The first 16 characters copied (numbers changed), then 16 new ones.
        let later = vec![normalise_prose(
            "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳一二三四五六七八九十百千万亿兆京",
        )];
        let (share, chars) = reuse_share(&earlier, &later);
        assert_eq!(chars, 32);
        assert_eq!(share, 0.5);
        // Figures do not count as a difference; whitespace does not count at all.
        assert_eq!(
            normalise_prose("2022年 收到 12.5 件"),
            normalise_prose("2023年收到７件")
        );
    }

    #[test]
    fn carry_over_fires_on_the_later_report_with_a_mirror_on_the_earlier() {
        let later = houma_2023();
        // Given later first: pairing does not depend on the order.
        let out = batch(&[("houma-2023.txt", &later), ("houma-2022.txt", HOUMA_2022)]);
        let found = xy(&out, 0, "XY-CARRY");
        let columns: Vec<_> = found.iter().map(|d| d.column.unwrap()).collect();
        assert_eq!(columns, ["natural_person", "total"]);
        let d = found[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.row.as_deref(), Some("2"));
        assert!(
            d.message.contains("houma-2022.txt") && d.message.contains("2022年"),
            "{}",
            d.message
        );
        let pair = d.compared_with.as_ref().unwrap();
        assert_eq!((pair.source.as_str(), pair.year), ("houma-2022.txt", 2022));
        // The span is the 2023 report's own cell.
        let span = d.span.unwrap();
        let line = later.lines().nth(span.line as usize - 1).unwrap();
        assert!(line.contains('2'), "{line}");
        // The earlier report shows it too, as info, at its row 4.
        let mirror = xy(&out, 1, "XY-CARRY");
        assert_eq!(mirror.len(), 2);
        assert!(mirror
            .iter()
            .all(|d| d.severity == Severity::Info && d.row.as_deref() == Some("4")));
        assert_eq!(mirror[0].compared_with.as_ref().unwrap().year, 2023);
        assert_eq!(
            out.reports[1].counts.info,
            crate::check_text("x", HOUMA_2022).counts.info + 2
        );
    }

    #[test]
    fn carry_over_holds_when_last_year_carried_the_same() {
        let out = batch(&[
            ("houma-2022.txt", &houma_2022_carrying_two()),
            ("houma-2023.txt", &houma_2023()),
        ]);
        assert!(xy(&out, 0, "XY-CARRY").is_empty());
        assert!(xy(&out, 1, "XY-CARRY").is_empty());
    }

    #[test]
    fn in_force_fires_when_the_count_does_not_follow() {
        // 2022: 1 in force. 2023: 1 issued, 1 repealed, so 1 in force, not 5.
        let later = set_cell(&houma_2023(), "t2", "normative_documents", "in_force", "5");
        let out = batch(&[("houma-2022.txt", HOUMA_2022), ("houma-2023.txt", &later)]);
        let found = xy(&out, 1, "XY-IN-FORCE");
        assert_eq!(found.len(), 1);
        let d = found[0];
        assert_eq!(d.row.as_deref(), Some("normative_documents"));
        assert_eq!(d.column, Some("in_force"));
        assert_eq!(
            d.evidence.as_ref().unwrap().expected,
            Some(crate::diag::Value::Int(1))
        );
        assert_eq!(
            d.evidence.as_ref().unwrap().found,
            Some(crate::diag::Value::Int(5))
        );
        assert!(d.message.contains("行政规范性文件"), "{}", d.message);
        let mirror = xy(&out, 0, "XY-IN-FORCE");
        assert_eq!(mirror.len(), 1);
        assert_eq!(mirror[0].severity, Severity::Info);
        // The unchanged copy follows: 1 + 1 − 1 = 1.
        let out = batch(&[
            ("houma-2022.txt", HOUMA_2022),
            ("houma-2023.txt", &houma_2023()),
        ]);
        assert!(xy(&out, 1, "XY-IN-FORCE").is_empty());
    }

    #[test]
    fn in_force_needs_the_2021_layout_in_both_years() {
        // Last year in the 2019 layout (fixture 000's tables, given 侯马's name): its
        // 对外公开总数量 is no count of documents in force, so nothing is compared.
        let earlier = JULU_2022.replace("巨鹿经济开发区", "侯马经济开发区");
        let later = set_cell(&houma_2023(), "t2", "normative_documents", "in_force", "5");
        let out = batch(&[("a.txt", &earlier), ("b.txt", &later)]);
        assert!(xy(&out, 1, "XY-IN-FORCE").is_empty());
        // …while the pair itself is made (the carry-over is still compared).
        assert!(!xy(&out, 1, "XY-CARRY").is_empty() || !xy(&out, 1, "XY-REUSE").is_empty());
    }

    #[test]
    fn reuse_fires_on_last_years_report_with_the_numbers_changed() {
        let out = batch(&[
            ("houma-2022.txt", HOUMA_2022),
            ("houma-2023.txt", &houma_2023()),
        ]);
        let found = xy(&out, 1, "XY-REUSE");
        assert_eq!(found.len(), 1, "{:?}", out.reports[1].diagnostics);
        let d = found[0];
        assert!(
            d.message.contains("100%") && d.message.contains("houma-2022.txt"),
            "{}",
            d.message
        );
        assert_eq!(d.span.unwrap().line, 1, "points at the title");
        assert!(
            xy(&out, 0, "XY-REUSE").is_empty(),
            "the original is not the copy"
        );
    }

    #[test]
    fn reuse_does_not_fire_on_a_report_written_anew() {
        // 侯马's 2023 report written in other words (fixture 003's prose, renamed).
        let later = CANGZHOU_2024
            .replace("河北沧州经济开发区党政办公室", "侯马经济开发区")
            .replace("2024年", "2023年");
        let out = batch(&[("houma-2022.txt", HOUMA_2022), ("houma-2023.txt", &later)]);
        assert!(xy(&out, 1, "XY-REUSE").is_empty());
        // Paired all the same: the profile of each names the same organ and years.
        let a = profile_of(HOUMA_2022);
        let b = profile_of(&later);
        assert_eq!((&*a.key, a.year + 1), (&*b.key, b.year));
        let (share, _) = reuse_share(a.prose(), b.prose());
        assert!(share < 0.2, "{share}");
    }

    #[test]
    fn independent_reports_share_little() {
        // The five real reports, of five organs: far from the 50% line either way round.
        let texts = [
            JULU_2022,
            HOUMA_2022,
            include_str!("../../tests/fixtures/002-guanting-zhen-2022.txt"),
            CANGZHOU_2024,
            include_str!("../../tests/fixtures/004-laiyuan-xian-2022.txt"),
        ];
        let profiles: Vec<Profile> = texts.iter().map(|t| profile_of(t)).collect();
        for (i, a) in profiles.iter().enumerate() {
            for (j, b) in profiles.iter().enumerate() {
                if i != j {
                    let (share, chars) = reuse_share(a.prose(), b.prose());
                    assert!(share < 0.15, "{i}→{j}: {share}");
                    assert!(chars >= MIN_PROSE_CHARS);
                }
            }
            let (own, _) = reuse_share(a.prose(), a.prose());
            assert_eq!(own, 1.0);
        }
    }

    fn profile_of(text: &str) -> Profile {
        let doc = crate::read::read_str(text).unwrap();
        let report = crate::extract::extract(&doc).0.unwrap();
        Profile::of("p.txt", &doc, &report).unwrap()
    }

    #[test]
    fn different_organs_never_pair() {
        // A verbatim copy under another organ's name, a year later: no XY finding.
        let other = houma_2023().replace("侯马经济开发区", "侯马市");
        let out = batch(&[
            ("houma-2022.txt", HOUMA_2022),
            ("houma-shi-2023.txt", &other),
        ]);
        assert_eq!(all_xy(&out), 0);
        // Nor a sub-office of the organ (the 2022 report's signature) titled as itself.
        let office = houma_2023().replacen("侯马经济开发区", "侯马经济开发区综合工作部", 1);
        let out = batch(&[("houma-2022.txt", HOUMA_2022), ("office-2023.txt", &office)]);
        assert_eq!(all_xy(&out), 0);
        // Same organ, same year (two copies), or two years apart: no pair either.
        let two_years = next_year(&houma_2023(), 2023);
        let out = batch(&[
            ("a.txt", HOUMA_2022),
            ("b.txt", HOUMA_2022),
            ("c.txt", &two_years),
        ]);
        assert_eq!(all_xy(&out), 0);
    }

    #[test]
    fn the_signature_stands_in_for_a_missing_title() {
        // 003 of 2025 without its two title lines: the organ comes from the signature.
        let later = next_year(CANGZHOU_2024, 2024).replacen(
            "河北沧州经济开发区党政办公室\n2025年政府信息公开工作年度报告\n",
            "",
            1,
        );
        let p = profile_of(&later);
        assert_eq!((&*p.key, p.year), ("河北沧州经济开发区党政办公室", 2025));
        let out = batch(&[("cz-2024.txt", CANGZHOU_2024), ("cz-2025.txt", &later)]);
        assert_eq!(xy(&out, 1, "XY-REUSE").len(), 1);
    }

    /// The plain formulation of [`normalise_prose`], which the shortcuts for ideographs
    /// must agree with.
    fn plain(text: &str) -> Vec<char> {
        let mut out = Vec::new();
        let mut in_number = false;
        for c in text.chars().filter(|c| !is_padding(*c)).map(fold_width) {
            if c.is_ascii_digit() || (in_number && (c == '.' || c == ',')) {
                if !in_number {
                    out.push('0');
                    in_number = true;
                }
            } else {
                in_number = false;
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn normalised_prose_reads_as_padding_dropped_widths_folded_numbers_zeroed() {
        let mixed = "共１２.５件，\u{3000}2023年12月 收到3,400元；一丁\u{9fff}\u{a000}ＡＢ\n";
        for text in [JULU_2022, HOUMA_2022, CANGZHOU_2024, mixed] {
            assert_eq!(normalise_prose(text), plain(text));
        }
    }

    /// The rolling hashes are each window's hash computed on its own, and equal windows
    /// (here the repeated half of the text) hash equal.
    #[test]
    fn rolling_shingle_hashes_are_each_windows_own() {
        let half: Vec<char> = "本机关2023年主动公开政府信息０条，No.7".chars().collect();
        let chars: Vec<char> = half.iter().chain(&half).copied().collect();
        let direct = |w: &[char]| {
            w.iter().fold(0u64, |h, &c| {
                h.wrapping_mul(0x0000_0100_0000_01b3).wrapping_add(c as u64)
            })
        };
        for k in [1, 5, SHINGLE, chars.len()] {
            let hashes = shingle_hashes(&chars, k);
            assert_eq!(hashes.len(), chars.len() - k + 1);
            for (i, h) in hashes.iter().enumerate() {
                assert_eq!(*h, direct(&chars[i..i + k]), "k {k}, window {i}");
            }
            if k <= half.len() {
                assert_eq!(hashes[0], hashes[half.len()]);
            }
        }
        assert!(shingle_hashes(&chars[..3], 4).is_empty());
    }

    /// The shingle set answers as a standard set, for 0, for keys that land on the same
    /// slot, and filled to the capacity asked for.
    #[test]
    fn hash_set_answers_as_a_standard_set() {
        let mut rng = crate::test_rng::Rng::new(11);
        for n in [0usize, 1, 7, 8, 100, 1000] {
            let keys: Vec<u64> = (0..n)
                .map(|i| match i % 5 {
                    0 => 0,
                    1 => rng.below(16) << 58, // few values, same low bits
                    _ => rng.next(),
                })
                .collect();
            let mut mine = HashSet64::with_capacity(n);
            let mut std = HashSet::new();
            for &k in &keys {
                mine.insert(k);
                std.insert(k);
            }
            for probe in keys
                .iter()
                .copied()
                .chain((0..200).map(|_| rng.next() >> (rng.below(64))))
            {
                assert_eq!(mine.contains(probe), std.contains(&probe), "n {n}, {probe}");
            }
        }
    }

    #[test]
    fn short_prose_is_not_judged_for_reuse() {
        let a = vec![normalise_prose("无。")];
        let (share, chars) = reuse_share(&a, &a);
        assert!(chars < MIN_PROSE_CHARS && share <= 1.0);
    }

    /// The reuse measure as it was first written: every window of `later` hashed and
    /// looked up among all of `earlier`'s, short paragraphs compared whole.
    fn plain_share(earlier: &[Vec<char>], later: &[Vec<char>], k: usize) -> (f64, usize) {
        let seen: HashSet<u64> = earlier.iter().flat_map(|p| shingle_hashes(p, k)).collect();
        let short: HashSet<&[char]> = earlier
            .iter()
            .filter(|p| p.len() < k)
            .map(Vec::as_slice)
            .collect();
        let (mut total, mut covered) = (0, 0);
        for p in later {
            total += p.len();
            if p.len() < k {
                if short.contains(p.as_slice()) {
                    covered += p.len();
                }
                continue;
            }
            let mut reach = 0;
            for (i, h) in shingle_hashes(p, k).iter().enumerate() {
                if seen.contains(h) {
                    covered += (i + k) - reach.max(i);
                    reach = i + k;
                }
            }
        }
        if total == 0 {
            (0.0, 0)
        } else {
            (covered as f64 / total as f64, total)
        }
    }

    /// The measure that reads along copied runs and looks up only the rest gives the
    /// plain measure's very numbers: on random prose and its edited copies (paragraphs
    /// changed, moved, dropped, repeated, cut short), in 16 and 32 bits, for several
    /// shingle lengths.
    #[test]
    fn reuse_share_is_the_plain_measure() {
        let mut rng = crate::test_rng::Rng::new(3);
        let alphabet: Vec<char> = "甲乙丙丁戊0，。无".chars().chain(['😀']).collect();
        let paragraph = |rng: &mut crate::test_rng::Rng, wide: bool| -> Vec<char> {
            let n = [1, 3, 11, 12, 13, 40, 120][rng.below(7) as usize];
            let letters = if wide {
                alphabet.len()
            } else {
                alphabet.len() - 1
            };
            let small = 2 + rng.below(letters as u64 - 2);
            (0..n)
                .map(|_| alphabet[rng.below(small) as usize])
                .collect()
        };
        for case in 0..300 {
            let wide = case % 5 == 0;
            let earlier: Vec<Vec<char>> = (0..rng.below(8))
                .map(|_| paragraph(&mut rng, wide && case % 2 == 0))
                .collect();
            let mut later: Vec<Vec<char>> = Vec::new();
            for p in &earlier {
                match rng.below(6) {
                    0 => later.push(paragraph(&mut rng, wide)),
                    1 => {}
                    2 if !p.is_empty() => {
                        // One character changed.
                        let mut q = p.clone();
                        let at = rng.below(q.len() as u64) as usize;
                        q[at] = alphabet[rng.below(alphabet.len() as u64 - 1) as usize];
                        later.push(q);
                    }
                    3 => {
                        // Cut short, and an earlier paragraph again.
                        later.push(p[..p.len() / 2].to_vec());
                        later.push(rng.pick(&earlier).clone());
                    }
                    _ => later.push(p.clone()),
                }
            }
            if rng.below(3) == 0 && later.len() > 1 {
                let last = later.len() - 1;
                later.swap(0, last);
            }
            for k in [1, 4, SHINGLE] {
                assert_eq!(
                    reuse_share_with(&earlier, &later, k),
                    plain_share(&earlier, &later, k),
                    "case {case}, k {k}"
                );
            }
        }
    }

    /// The compact prose holds each non-empty paragraph's [`normalise_prose`], in 16 bits
    /// unless a character needs more.
    #[test]
    fn compact_prose_is_each_paragraphs_normalised_characters() {
        let mixed =
            "共１２.５件，\u{3000}2023年12月 收到3,400元；一丁\u{9fff}\u{a000}\u{4dff}ＡＢ\n";
        let texts = [
            JULU_2022,
            HOUMA_2022,
            CANGZHOU_2024,
            mixed,
            " \u{3000}",
            "",
            "无。",
        ];
        for with_wide in [false, true] {
            let mut paragraphs: Vec<&str> = texts.iter().flat_map(|t| t.lines()).collect();
            if with_wide {
                paragraphs.insert(3, "生僻字𠀀与😀");
            }
            let prose = Prose::of(paragraphs.iter().copied());
            let plain: Vec<Vec<char>> = paragraphs
                .iter()
                .map(|p| normalise_prose(p))
                .filter(|p| !p.is_empty())
                .collect();
            assert_eq!(prose, Prose::from_paragraphs(&plain));
            assert_eq!(matches!(prose.chars, Chars::Wide(_)), with_wide);
            assert_eq!(prose.len(), plain.iter().map(Vec::len).sum::<usize>());
        }
    }

    /// Random paragraphs, mostly ideographs in runs of every length (so the four-at-a-time
    /// path starts and stops at every offset) mixed with the characters around the
    /// ideograph range's edges, numbers, separators, padding and, rarely, characters
    /// outside the BMP: the compact prose is the plain formulation's, paragraph by
    /// paragraph.
    #[test]
    fn compact_prose_agrees_with_the_plain_normaliser_on_random_text() {
        let ideographs = [
            '\u{4e00}', '\u{4e01}', '年', '报', '告', '\u{9fa5}', '\u{9fff}', '\u{5fff}',
            '\u{6000}',
        ];
        let others = [
            '\u{4dff}', '\u{a000}', '\u{3007}', '\u{e000}', '\u{ffff}', '。', '，', '、', '；',
            '０', '９', '．', '（', 'Ａ', '0', '7', '.', ',', 'a', '-', ' ', '\t', '\n', '\u{a0}',
            '\u{3000}', '\u{200b}', '\u{feff}', '\u{2003}', 'é', '\u{7ff}', '\u{800}',
        ];
        let astral = ['𠀀', '😀'];
        let mut rng = crate::test_rng::Rng::new(16);
        for case in 0..400 {
            let paragraphs: Vec<String> = (0..rng.below(6))
                .map(|_| {
                    let mut p = String::new();
                    for _ in 0..rng.below(12) {
                        for _ in 0..rng.below(20) {
                            p.push(*rng.pick(&ideographs));
                        }
                        for _ in 0..rng.below(4) {
                            p.push(if case % 10 == 0 && rng.below(20) == 0 {
                                *rng.pick(&astral)
                            } else {
                                *rng.pick(&others)
                            });
                        }
                    }
                    p
                })
                .collect();
            let prose = Prose::of(paragraphs.iter().map(String::as_str));
            let expected: Vec<Vec<char>> = paragraphs
                .iter()
                .map(|p| plain(p))
                .filter(|p| !p.is_empty())
                .collect();
            assert_eq!(prose, Prose::from_paragraphs(&expected), "{paragraphs:?}");
            for p in &paragraphs {
                assert_eq!(normalise_prose(p), plain(p), "{p:?}");
            }
        }
    }

    /// The SSSE3 decoding of ideograph runs (where the processor has it) gives what the
    /// portable loops give, on random runs of every length and offset, broken by
    /// characters whose lead pairs lie just outside the ideographs' (U+4DFF, U+A000),
    /// other three-byte characters, ASCII and two-byte characters (which shift the
    /// ideographs against the sixteen-byte blocks).
    #[test]
    fn simd_ideograph_runs_agree_with_the_portable_loops() {
        if !simd_ideographs() {
            return;
        }
        let ideographs = [
            '\u{4e00}', '\u{4e3f}', '\u{4e40}', '年', '\u{9fff}', '\u{5fff}', '\u{6000}',
            '\u{4fc0}',
        ];
        let others = [
            '\u{4dff}', '\u{4db8}', '\u{a000}', '\u{e4b8}', '。', '０', '1', 'a', ' ', 'é',
            '\u{3000}', '\u{ffff}',
        ];
        let mut rng = crate::test_rng::Rng::new(61);
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..rng.below(6) {
                for _ in 0..rng.below(30) {
                    text.push(*rng.pick(&ideographs));
                }
                for _ in 0..rng.below(3) {
                    text.push(*rng.pick(&others));
                }
            }
            let (mut portable, mut simd) = (vec![7u16; rng.below(3) as usize], Vec::new());
            simd.clone_from(&portable);
            assert!(normalise_bmp(&text, &mut portable, false));
            assert!(normalise_bmp(&text, &mut simd, true));
            assert_eq!(simd, portable, "{text:?}");
        }
    }

    /// The profile keeps the cells the rules compare, as the reports have them.
    #[test]
    fn profiles_keep_the_compared_cells() {
        for text in [JULU_2022, HOUMA_2022, CANGZHOU_2024] {
            let doc = crate::read::read_str(text).unwrap();
            let report = crate::extract::extract(&doc).0.unwrap();
            let p = Profile::of("p.txt", &doc, &report).unwrap();
            let mut expected: Vec<_> = slots()
                .filter(|(t, r, c)| report.table(t).and_then(|t| t.cell(r, c)).is_some())
                .collect();
            let mut kept = p.cell_names();
            expected.sort();
            kept.sort();
            assert!(!kept.is_empty());
            assert_eq!(kept, expected);
            for (slot, (t, r, c)) in slots().enumerate() {
                let cell = report.table(t).and_then(|t| t.cell(r, c));
                let kept = p.cell(slot);
                assert_eq!(kept.map(Cell::span), cell.map(|c| c.span));
                assert_eq!(kept.and_then(Cell::value), cell.and_then(|c| c.arith()));
            }
        }
    }
}
