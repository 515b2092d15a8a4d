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

use std::collections::{HashMap, HashSet};

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

/// What the cross-year rules need of one report.
#[derive(Clone, Debug)]
pub struct Profile {
    pub source: String,
    /// The organ as shown to users: the title's, else the signature's.
    pub organ: String,
    /// The organ normalised for pairing.
    pub key: String,
    pub year: i32,
    t2_2021: bool,
    cells: Vec<Cell>,
    /// Normalised prose paragraphs (see [`normalise_prose`]).
    prose: Vec<Vec<char>>,
    /// The title's span and location, where the report-wide `XY-REUSE` points.
    title: Option<(Span, Location)>,
}

#[derive(Clone, Debug)]
struct Cell {
    table: &'static str,
    row: &'static str,
    column: &'static str,
    value: Option<f64>,
    span: Span,
    location: Location,
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
        let signature_organ = report
            .signature_organ
            .as_ref()
            .and_then(|o| organ_key(&o.value).map(|k| (o.value.as_str(), k)));
        // The title's organ is the report's identity; the signature only stands in when
        // the title names none (a signature may be a sub-office of the titled organ).
        let (organ, key) = title_organ.or(signature_organ)?;
        let mut cells = Vec::new();
        let mut take = |table: &'static str, row: &'static str, column: &'static str| {
            if let Some(c) = report.table(table).and_then(|t| t.cell(row, column)) {
                cells.push(Cell {
                    table,
                    row,
                    column,
                    value: c.arith(),
                    span: c.span,
                    location: index.locate(c.span),
                });
            }
        };
        for (column, _) in model::T3_COLUMNS {
            take("t3", "2", column);
            take("t3", "4", column);
        }
        for row in IN_FORCE_ROWS {
            for column in ["issued", "repealed", "in_force"] {
                take("t2", row, column);
            }
        }
        Some(Profile {
            source: source.to_string(),
            organ: organ.to_string(),
            key,
            year,
            t2_2021: report.t2.as_ref().and_then(|t| t.layout) == Some(Template::Y2021),
            cells,
            prose: prose_paragraphs(doc, report),
            title: report
                .title
                .as_ref()
                .map(|t| (t.span, index.locate(t.span))),
        })
    }

    fn cell(&self, table: &str, row: &str, column: &str) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.table == table && c.row == row && c.column == column)
    }

    fn locate(&self, span: Span) -> Location {
        self.cells
            .iter()
            .map(|c| (c.span, c.location))
            .chain(self.title)
            .find(|(s, _)| *s == span)
            .map(|(_, l)| l)
            // Every span a cross-year finding carries comes from this profile.
            .expect("a span of this profile")
    }

    /// The normalised prose paragraphs the reuse measure compares.
    pub fn prose(&self) -> &[Vec<char>] {
        &self.prose
    }
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
        .filter(|c| !is_padding(*c) && !"《》〈〉<>“”\"'‘’".contains(*c))
        .map(fold_width)
        .collect();
    s = s.replace("人民政府", "政府");
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
fn prose_paragraphs(doc: &Document, report: &Report) -> Vec<Vec<char>> {
    let excluded: Vec<Span> = report
        .title
        .as_ref()
        .map(|t| t.span)
        .into_iter()
        .chain(report.signature_organ.as_ref().map(|o| o.span))
        .chain(report.signature_date.as_ref().map(|d| d.span))
        .collect();
    doc.blocks
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
        .map(|p| normalise_prose(&p.text))
        .filter(|p| !p.is_empty())
        .collect()
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
        if is_padding(c) {
            continue;
        }
        let c = fold_width(c);
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

/// The hash of every `k`-character window of `chars`, in order: a polynomial rolling
/// hash (mod 2^64, odd base), so each window costs one step instead of `k`. Equal
/// windows hash equal; different ones collide with negligible odds, which only nudges
/// a percentage.
fn shingle_hashes(chars: &[char], k: usize) -> Vec<u64> {
    const B: u64 = 0x0000_0100_0000_01b3;
    if k == 0 || chars.len() < k {
        return Vec::new();
    }
    // B^(k-1): the weight of the character leaving the window.
    let top = (1..k).fold(1u64, |a, _| a.wrapping_mul(B));
    let mut out = Vec::with_capacity(chars.len() - k + 1);
    let mut h = chars[..k]
        .iter()
        .fold(0u64, |h, &c| h.wrapping_mul(B).wrapping_add(c as u64));
    out.push(h);
    for i in k..chars.len() {
        h = h
            .wrapping_sub((chars[i - k] as u64).wrapping_mul(top))
            .wrapping_mul(B)
            .wrapping_add(chars[i] as u64);
        out.push(h);
    }
    out
}

/// Share of `later`'s prose characters that lie in a [`SHINGLE`]-character run also found
/// in `earlier`'s prose (0.0–1.0), with the number of prose characters of `later`.
///
/// This is "how much of this year's text could have been pasted from last year's": it
/// is not symmetric (a long new report that contains all of a short old one is mostly
/// new), and it does not care about order (moved paragraphs are still reused).
pub fn reuse_share(earlier: &[Vec<char>], later: &[Vec<char>]) -> (f64, usize) {
    reuse_share_with(earlier, later, SHINGLE)
}

/// [`reuse_share`] with another shingle length (for calibrating [`SHINGLE`]).
pub fn reuse_share_with(earlier: &[Vec<char>], later: &[Vec<char>], k: usize) -> (f64, usize) {
    Shingled::new(earlier, k).share_in(&Shingled::new(later, k))
}

/// One report's prose cut into shingles, each hashed once: a report of a batch is
/// compared as the later report of one pair and the earlier of another, and hashing its
/// windows is most of the work.
struct Shingled<'a> {
    prose: &'a [Vec<char>],
    k: usize,
    /// Each paragraph's window hashes in order (none for a paragraph shorter than `k`).
    windows: Vec<Vec<u64>>,
    /// Every window hash, for when this report is the earlier one (made on first use).
    seen: std::cell::OnceCell<HashSet64>,
}

impl<'a> Shingled<'a> {
    fn new(prose: &'a [Vec<char>], k: usize) -> Self {
        Shingled {
            prose,
            k,
            windows: prose.iter().map(|p| shingle_hashes(p, k)).collect(),
            seen: std::cell::OnceCell::new(),
        }
    }

    fn seen(&self) -> &HashSet64 {
        self.seen.get_or_init(|| {
            let mut seen = HashSet64::with_capacity(self.windows.iter().map(Vec::len).sum());
            for &h in self.windows.iter().flatten() {
                seen.insert(h);
            }
            seen
        })
    }

    /// [`reuse_share`] with `self` as the earlier report.
    fn share_in(&self, later: &Shingled) -> (f64, usize) {
        let k = self.k;
        let seen = self.seen();
        // A paragraph shorter than a shingle ("无。") counts as reused when last year has
        // the very same paragraph.
        let short: HashSet<&[char]> = self
            .prose
            .iter()
            .filter(|p| p.len() < k)
            .map(Vec::as_slice)
            .collect();
        let mut total = 0;
        let mut covered = 0;
        for (p, hashes) in later.prose.iter().zip(&later.windows) {
            total += p.len();
            if p.len() < k {
                if short.contains(p.as_slice()) {
                    covered += p.len();
                }
                continue;
            }
            // `reach` is one past the last character covered by a matching shingle so far.
            let mut reach = 0;
            for (i, h) in hashes.iter().enumerate() {
                if seen.contains(*h) {
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
}

/// A set of 64-bit hashes of a size known in advance (a report's shingles): open
/// addressing in a table at most half full, placed by a multiplicative hash of the key.
/// A fraction of the cost of a general hash set for these keys.
struct HashSet64 {
    /// 0 is an empty slot; the key 0 itself is `zero`.
    slots: Vec<u64>,
    shift: u32,
    zero: bool,
}

impl HashSet64 {
    fn with_capacity(n: usize) -> Self {
        let len = (2 * n).next_power_of_two().max(16);
        HashSet64 {
            slots: vec![0; len],
            shift: 64 - len.trailing_zeros(),
            zero: false,
        }
    }

    #[inline]
    fn slot(&self, h: u64) -> usize {
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Inserts `h`; the caller inserts at most the capacity asked for.
    fn insert(&mut self, h: u64) {
        if h == 0 {
            self.zero = true;
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
    }

    fn contains(&self, h: u64) -> bool {
        if h == 0 {
            return self.zero;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(h);
        loop {
            match self.slots[i] {
                0 => return false,
                s if s == h => return true,
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
            by_key.entry((p.key.as_str(), p.year)).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (later, p) in profiles.iter().enumerate() {
        let Some(p) = p else { continue };
        if let Some(earlier) = by_key.get(&(p.key.as_str(), p.year - 1)) {
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
    for (column, label) in model::T3_COLUMNS {
        let (Some(carried_in), Some(carried_out)) = (
            later.cell("t3", "2", column),
            earlier.cell("t3", "4", column),
        ) else {
            continue;
        };
        let (Some(found), Some(expected)) = (carried_in.value, carried_out.value) else {
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
                .span(carried_in.span)
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
                .span(carried_out.span)
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
    for row in IN_FORCE_ROWS {
        let get = |p: &Profile, column: &str| {
            p.cell("t2", row, column)
                .and_then(|c| c.value.map(|v| (v, c.span)))
        };
        let (
            Some((prev, prev_span)),
            Some((issued, _)),
            Some((repealed, _)),
            Some((now, now_span)),
        ) = (
            get(earlier, "in_force"),
            get(later, "issued"),
            get(later, "repealed"),
            get(later, "in_force"),
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
pub fn diagnostics(profiles: &[Option<Profile>]) -> Vec<Vec<Diagnostic>> {
    let mut out: Vec<Vec<Diagnostic>> = vec![Vec::new(); profiles.len()];
    let pairs = pairs(profiles);
    // Each report's prose is hashed once, when its first pair comes, and let go after
    // its last pair, so only the reports being compared hold their shingles.
    let mut last_pair = vec![0; profiles.len()];
    for (n, &(e, l)) in pairs.iter().enumerate() {
        last_pair[e] = n;
        last_pair[l] = n;
    }
    let mut shingled: Vec<Option<Shingled>> = profiles.iter().map(|_| None).collect();
    for (n, &(e, l)) in pairs.iter().enumerate() {
        let (Some(earlier), Some(later)) = (&profiles[e], &profiles[l]) else {
            continue;
        };
        for (i, p) in [(e, earlier), (l, later)] {
            shingled[i].get_or_insert_with(|| Shingled::new(&p.prose, SHINGLE));
        }
        let share = match (&shingled[e], &shingled[l]) {
            (Some(a), Some(b)) => a.share_in(b),
            _ => continue,
        };
        let (on_earlier, on_later) = check_measured_pair(earlier, later, share);
        for i in [e, l] {
            if last_pair[i] == n {
                shingled[i] = None;
            }
        }
        out[e].extend(
            on_earlier
                .into_iter()
                .map(|f| Diagnostic::from_finding(f, |s| earlier.locate(s))),
        );
        out[l].extend(
            on_later
                .into_iter()
                .map(|f| Diagnostic::from_finding(f, |s| later.locate(s))),
        );
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
        assert_eq!((a.key.as_str(), a.year + 1), (b.key.as_str(), b.year));
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
        assert_eq!(
            (p.organ.as_str(), p.year),
            ("河北沧州经济开发区党政办公室", 2025)
        );
        let out = batch(&[("cz-2024.txt", CANGZHOU_2024), ("cz-2025.txt", &later)]);
        assert_eq!(xy(&out, 1, "XY-REUSE").len(), 1);
    }

    #[test]
    fn normalised_prose_reads_as_padding_dropped_widths_folded_numbers_zeroed() {
        // The plain formulation, which the shortcut for ideographs must agree with.
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
}
