//! The reader for text with no tab-separated tables: a report as an archive stores a web
//! page's text (the whole report on one line, headings mid-line, table cells run
//! together), as a PDF viewer copies it (cells separated by spaces or one per line, page
//! numbers, lines wrapped mid-sentence) or as a converter writes Markdown (`#` headings,
//! pipe tables).
//!
//! Nothing here moves text: every paragraph is a slice of the input and every cell's span
//! points at its number in the input, so spans point into the text the user gave. The
//! pre-pass works on a copy of the input of the same length in which page numbers,
//! Markdown markup (`#`, `|`, `|---|` rows) are blanked out, so offsets carry over.
//!
//! Headings are found where they stand, also mid-line. Tables are read by their
//! template: the template fixes every row label and the number of cells in each row, so
//! each label is found in the text (also broken over lines, with or without its ordinal)
//! and the numbers after it are its cells. Where a row's digits run together with no
//! separator, the one split that satisfies the row's own identity (the parts add up to
//! the total) is taken; with none or several the cells are left unknown
//! ([`Cell::undelimited`]) and the extractor says so (`TBL-UNDELIMITED`).

use crate::doc::{
    trim_padding, Artifact, ArtifactKind, Block, Cell, Document, Paragraph, Row, Table,
};
use crate::heading::{classify_title, parse_heading};
use crate::span::Span;

/// Whether the text has a tab-separated table (Word's copy, or rows copied from a page
/// or spreadsheet): those texts are read by [`super::text::read`].
pub fn has_tab_table(text: &str) -> bool {
    memchr::memchr(b'\t', text.as_bytes()).is_some()
}

pub fn read(input: &str) -> Document {
    let mut artifacts = Vec::new();
    let work = prepare(input, &mut artifacts);
    let heads = find_headings(&work);
    let mut tables: Vec<(Span, Table)> = Vec::new();
    let cut = |s: usize| {
        heads
            .iter()
            .map(|h| h.0)
            .find(|&h| h > s)
            .unwrap_or(work.len())
    };
    if let Some(t) = read_t2(input, &work, &heads, &cut) {
        tables.push(t);
    }
    if let Some(t) = read_t3(input, &work, &heads, &cut) {
        tables.push(t);
    }
    if let Some(t) = read_t4(input, &work, &heads, &cut) {
        tables.push(t);
    }
    // Overlapping regions would give one text to two tables: keep the first.
    crate::sort::by_key(&mut tables, |t| t.0.start);
    let mut kept: Vec<(Span, Table)> = Vec::new();
    for t in tables {
        if kept.last().is_some_and(|k| k.0.end > t.0.start) {
            continue;
        }
        kept.push(t);
    }
    let mut excluded: Vec<Span> = artifacts.iter().map(|a: &Artifact| a.span).collect();
    excluded.extend(kept.iter().map(|t| t.0));
    crate::sort::by_key(&mut excluded, |s| s.start);
    // A page number inside a table's part: one excluded span.
    let mut merged: Vec<Span> = Vec::with_capacity(excluded.len());
    for s in excluded {
        match merged.last_mut() {
            Some(m) if s.start < m.end => m.end = m.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let excluded = merged;
    let mut marks: Vec<Span> = artifacts.iter().map(|a| a.span).collect();
    crate::sort::by_key(&mut marks, |s| s.start);
    let paragraphs = paragraphs(input, &work, &heads, &excluded, &marks);
    let mut blocks: Vec<(usize, Block)> = paragraphs
        .into_iter()
        .map(|p| (p.span.start, Block::Paragraph(p)))
        .collect();
    blocks.extend(kept.into_iter().map(|(s, t)| (s.start, Block::Table(t))));
    crate::sort::by_key(&mut blocks, |b| b.0);
    crate::sort::by_key(&mut artifacts, |a| a.span.start);
    Document {
        text: input.to_string(),
        blocks: blocks.into_iter().map(|b| b.1).collect(),
        artifacts,
        ..Document::default()
    }
}

// ---- Pre-pass ----------------------------------------------------------------------

/// A page number on a line of its own: "-1-", "— 2 —", "第 3 页", "3/12". A bare number
/// is not one (one-cell-per-line tables are made of them).
fn is_page_mark(t: &str) -> bool {
    if t.is_empty() || t.len() > 24 {
        return false;
    }
    let mut digits = 0;
    let mut marks = 0;
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if "-—－–‐第页/共".contains(c) {
            marks += 1;
        } else if !crate::doc::is_padding(c) {
            return false;
        }
    }
    let dash = |c: char| "-—－–‐".contains(c);
    let framed = t.starts_with(dash) && t.ends_with(dash);
    let page = t.contains('第') && t.contains('页');
    (1..=3).contains(&digits) && marks > 0 && (framed || page || t.contains('/'))
}

/// A Markdown table's rule row: `|---|:---:|`.
fn is_md_rule(t: &str) -> bool {
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The working copy: the input with page numbers, Markdown rule rows, `#` heading marks
/// and `|` replaced by spaces (byte for byte, so offsets and char boundaries outside
/// the blanked parts are the input's).
fn prepare(input: &str, artifacts: &mut Vec<Artifact>) -> String {
    let mut work = input.as_bytes().to_vec();
    let blank = |w: &mut Vec<u8>, a: usize, b: usize| w[a..b].fill(b' ');
    // A page's text as an archive stores it: fields of the crawl ("标题: …", "发布时间:
    // …") above a rule line naming the 正文. The fields are page chrome; the 标题 field's
    // value is the title.
    let body_rule = crate::text_util::lines(input).take(30).position(|(_, l)| {
        let t = trim_padding(l).0;
        crate::has!(t, "正文")
            && t.chars().count() <= 60
            && t.chars()
                .filter(|c| matches!(c, '=' | '-' | '*' | '—'))
                .count()
                >= 6
    });
    let mut skip_lines = 0;
    if let Some(k) = body_rule {
        for (ls, line) in crate::text_util::lines(input).take(k + 1) {
            let (t, lead) = trim_padding(line);
            let start = ls + lead;
            if t.is_empty() {
                continue;
            }
            let key = ["标题:", "标题："].iter().find(|k| t.starts_with(**k));
            match key {
                Some(k) => blank(&mut work, start, start + k.len()),
                None => {
                    artifacts.push(Artifact {
                        kind: ArtifactKind::PageChrome,
                        span: Span::new(start, start + t.len()),
                    });
                    blank(&mut work, start, start + t.len());
                }
            }
        }
        skip_lines = k + 1;
    }
    for (ls, line) in crate::text_util::lines(input).skip(skip_lines) {
        let (t, lead) = trim_padding(line);
        let start = ls + lead;
        if is_page_mark(t) {
            artifacts.push(Artifact {
                kind: ArtifactKind::PageNumber,
                span: Span::new(start, start + t.len()),
            });
            blank(&mut work, start, start + t.len());
            continue;
        }
        if is_md_rule(t) {
            blank(&mut work, start, start + t.len());
            continue;
        }
        let hashes = t.len() - t.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            blank(&mut work, start, start + hashes);
        }
        // A form feed starts each page of a PDF viewer's text.
        for b in &mut work[ls..ls + line.len()] {
            if *b == 0x0c {
                *b = b' ';
            }
        }
        if t.starts_with('|') {
            for b in &mut work[start..start + t.len()] {
                if *b == b'|' {
                    *b = b' ';
                }
            }
        }
    }
    running_headers(input, &mut work, artifacts);
    // Only whole characters or ASCII bytes were replaced.
    String::from_utf8(work).unwrap_or_else(|_| input.to_string())
}

/// Running headers and footers: a short line that recurs next to page numbers (within
/// two lines of one, at two page breaks or more) is page chrome.
fn running_headers(input: &str, work: &mut [u8], artifacts: &mut Vec<Artifact>) {
    let marks: Vec<usize> = artifacts
        .iter()
        .filter(|a| a.kind == ArtifactKind::PageNumber)
        .map(|a| a.span.start)
        .collect();
    if marks.len() < 2 {
        return;
    }
    let lines: Vec<(usize, &str)> = crate::text_util::lines(input)
        .map(|(ls, l)| {
            let (t, lead) = trim_padding(l);
            (ls + lead, t)
        })
        .collect();
    let mark_lines: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, (s, t))| !t.is_empty() && marks.binary_search(s).is_ok())
        .map(|(i, _)| i)
        .collect();
    let mut near: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for &m in &mark_lines {
        let from = m.saturating_sub(2);
        for (i, &(_, t)) in lines.iter().enumerate().take(m + 3).skip(from) {
            if i == m
                || t.is_empty()
                || t.chars().count() > 40
                || mark_lines.binary_search(&i).is_ok()
            {
                continue;
            }
            let v = near.entry(t).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }
    for (t, at) in near {
        // Chinese words, not a table's numbers ("0" near two page breaks).
        if at.len() < 2
            || !crate::text_util::has_cjk(t)
            || crate::heading::looks_like_section_heading(t)
        {
            continue;
        }
        for i in at {
            let (s, t) = lines[i];
            artifacts.push(Artifact {
                kind: ArtifactKind::PageChrome,
                span: Span::new(s, s + t.len()),
            });
            work[s..s + t.len()].fill(b' ');
        }
    }
}

// ---- Headings ----------------------------------------------------------------------

const CN: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// Section headings: (start, end, number). A line that is a heading, or a heading
/// standing mid-line: "一、" … "六、" after a sentence, a space or a table's last
/// number, then the section's title (it ends in 情况 or 事项, holds no digit, and names
/// the section of its ordinal).
fn find_headings(work: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for (ls, line) in crate::text_util::lines(work) {
        let (t, lead) = trim_padding(line);
        if t.is_empty() {
            continue;
        }
        if let Some(h) = parse_heading(t) {
            if !h.written_ordinal.is_empty() || h.exact {
                out.push((ls + lead, ls + lead + t.len(), h.number));
                continue;
            }
        }
        let mut prev: Option<char> = None;
        for (i, c) in t.char_indices() {
            if let Some(n) = CN.iter().position(|&d| d == c) {
                let after = &t[i + c.len_utf8()..];
                let ok_before = match prev {
                    None => true,
                    Some(p) => {
                        crate::doc::is_padding(p)
                            || p.is_ascii_digit()
                            || "。；！？.;!?）)】」』”".contains(p)
                    }
                };
                if ok_before && after.starts_with('、') {
                    if let Some(len) = mid_title(&after['、'.len_utf8()..], n + 1) {
                        let s = ls + lead + i;
                        let e = s + c.len_utf8() + '、'.len_utf8() + len;
                        out.push((s, e, n + 1));
                    }
                }
            }
            prev = Some(c);
        }
    }
    out
}

/// The byte length of a section title at the start of `s` naming section `number`.
fn mid_title(s: &str, number: usize) -> Option<usize> {
    let mut title = String::new();
    for (count, (i, c)) in s.char_indices().enumerate() {
        if count >= 40 || c.is_ascii_digit() || matches!(c, '。' | '；' | '，') {
            return None;
        }
        if !crate::doc::is_padding(c) {
            title.push(c);
        }
        if (title.ends_with("情况") || title.ends_with("事项"))
            && classify_title(&title) == Some(number)
        {
            return Some(i + c.len_utf8());
        }
    }
    None
}

// ---- Letters: keyword search across line breaks and numbers ------------------------

/// The characters of part of the working copy without padding and digits, with where
/// each stands: labels are found in it even when broken over lines or by numbers.
struct Letters {
    text: String,
    at: Vec<usize>,
    ends: Vec<usize>,
}

impl Letters {
    fn new(work: &str, from: usize, to: usize) -> Letters {
        let mut text = String::new();
        let mut at = Vec::new();
        let mut ends = Vec::new();
        for (i, c) in work[from..to].char_indices() {
            if crate::doc::is_padding(c) || c.is_ascii_digit() {
                continue;
            }
            for _ in 0..c.len_utf8() {
                at.push(from + i);
                ends.push(from + i + c.len_utf8());
            }
            text.push(c);
        }
        Letters { text, at, ends }
    }

    /// The first of `words` (in order of preference) at or after work offset `from`:
    /// its span in the working copy.
    fn find(&self, words: &[&str], from: usize) -> Option<(usize, usize)> {
        let k = self.at.partition_point(|&a| a < from);
        for w in words {
            if let Some(i) = self.text.get(k..).and_then(|t| t.find(w)) {
                let i = k + i;
                return Some((self.at[i], self.ends[i + w.len() - 1]));
            }
        }
        None
    }
}

/// Where the first of `words` (in order of preference) stands at or after `from`, as
/// written: a table's first key words are searched for in the whole text this way, and
/// the table's part is then read through [`Letters`].
fn find_first(work: &str, from: usize, words: &[&str]) -> Option<usize> {
    let hay = work.get(from..)?;
    words.iter().find_map(|w| hay.find(w)).map(|i| from + i)
}

// ---- Numbers -----------------------------------------------------------------------

/// The first run of numbers in `work[from..to]`: numbers separated only by padding.
/// Anything may stand before the first (the rest of a label). A number is digits with
/// at most one decimal point inside.
fn first_run(work: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let b = work.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = from;
    while i < to {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < to && b[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < to && (b[i] == b'.') && b[i + 1].is_ascii_digit() {
                i += 1;
                while i < to && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            out.push((s, i));
            continue;
        }
        if !out.is_empty() {
            // Only padding may separate the numbers of one run.
            let c = work[i..].chars().next().unwrap_or(' ');
            if !crate::doc::is_padding(c) {
                break;
            }
            i += c.len_utf8();
        } else {
            i += work[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// An identity of a row: the cells `parts` add up to cell `total`.
#[derive(Clone)]
struct Identity {
    parts: std::ops::Range<usize>,
    total: usize,
}

enum Split {
    /// The cells' byte ranges.
    Cells(Vec<(usize, usize)>),
    /// No unique split: the run's span.
    Unknown(Span),
}

/// The cells of a row from its run of numbers: as written when the count is right;
/// otherwise, when the run has fewer numbers than cells but enough digits, the one split
/// of its digit groups into cells (no number with a leading zero) — the only one there
/// is, or else the only one satisfying the row's identities.
fn split_run(work: &str, run: &[(usize, usize)], n: usize, ids: &[Identity]) -> Split {
    if run.len() >= n || run.is_empty() {
        return Split::Cells(run.to_vec());
    }
    let b = work.as_bytes();
    let digits: usize = run.iter().map(|&(s, e)| e - s).sum();
    let decimal = run.iter().any(|&(s, e)| b[s..e].contains(&b'.'));
    let whole = Span::new(run[0].0, run[run.len() - 1].1);
    if digits < n || decimal {
        return Split::Cells(run.to_vec());
    }
    let mut search = Search {
        b,
        run,
        n,
        ids,
        cells: Vec::with_capacity(n),
        found: Vec::new(),
        count: 0,
        budget: 200_000,
        check: false,
    };
    search.go(0, run[0].0);
    if search.budget > 0 && search.count == 1 {
        return Split::Cells(search.found);
    }
    if ids.is_empty() || search.budget == 0 {
        return Split::Unknown(whole);
    }
    search.check = true;
    search.count = 0;
    search.budget = 200_000;
    search.found.clear();
    search.cells.clear();
    search.go(0, run[0].0);
    if search.budget > 0 && search.count == 1 {
        Split::Cells(search.found)
    } else {
        Split::Unknown(whole)
    }
}

struct Search<'a> {
    b: &'a [u8],
    run: &'a [(usize, usize)],
    n: usize,
    ids: &'a [Identity],
    cells: Vec<(usize, usize)>,
    found: Vec<(usize, usize)>,
    count: usize,
    budget: usize,
    /// Whether splits must satisfy the identities.
    check: bool,
}

impl Search<'_> {
    fn value(&self, (s, e): (usize, usize)) -> u64 {
        self.b[s..e]
            .iter()
            .fold(0u64, |v, d| v * 10 + u64::from(d - b'0'))
    }

    /// Splits from number `k` of the run, at byte `at` inside it.
    fn go(&mut self, k: usize, at: usize) {
        if self.count >= 2 || self.budget == 0 {
            return;
        }
        self.budget -= 1;
        if k == self.run.len() {
            if self.cells.len() == self.n {
                self.count += 1;
                self.found = self.cells.clone();
            }
            return;
        }
        let end = self.run[k].1;
        // Each remaining number gives at least one cell; each cell takes a digit.
        let later_min = self.run.len() - k - 1;
        let later_digits: usize = self.run[k + 1..].iter().map(|&(s, e)| e - s).sum();
        let left = self.n - self.cells.len();
        let digits = later_digits + (end - at);
        if left == 0 || left < later_min + 1 || left > digits || digits > left * 9 {
            return;
        }
        let max = (end - at).min(9);
        for len in 1..=max {
            // No leading zeros: "0" is a cell, "05" is not.
            if len > 1 && self.b[at] == b'0' {
                break;
            }
            let piece = (at, at + len);
            self.cells.push(piece);
            if self.identities_hold() {
                if at + len == end {
                    let next = self.run.get(k + 1).map_or(end, |r| r.0);
                    self.go(k + 1, next);
                } else {
                    self.go(k, at + len);
                }
            }
            self.cells.pop();
            if self.count >= 2 {
                return;
            }
        }
    }

    /// The identities whose total is the cell just placed.
    fn identities_hold(&self) -> bool {
        if !self.check {
            return true;
        }
        let last = self.cells.len() - 1;
        self.ids.iter().filter(|id| id.total == last).all(|id| {
            let parts: u64 = id.parts.clone().map(|i| self.value(self.cells[i])).sum();
            parts == self.value(self.cells[last])
        })
    }
}

/// Empty cells of a pipe table after a row's last number ("| 1 | 0 |  |"): where
/// each stands (between its pipes).
fn pipe_blanks(input: &str, last_end: usize) -> Vec<usize> {
    let line_start = input[..last_end].rfind('\n').map_or(0, |i| i + 1);
    let line_end = input[last_end..]
        .find('\n')
        .map_or(input.len(), |i| last_end + i);
    if !trim_padding(&input[line_start..line_end])
        .0
        .starts_with('|')
    {
        return Vec::new();
    }
    let rest = &input[last_end..line_end];
    let Some(first) = rest.find('|') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = first + 1;
    while let Some(next) = rest[at..].find('|') {
        if !trim_padding(&rest[at..at + next]).0.is_empty() {
            break;
        }
        out.push(last_end + at);
        at += next + 1;
    }
    out
}

/// The data cells of a row. A pipe table's empty cells after the numbers are blank
/// cells.
fn data_cells(
    input: &str,
    work: &str,
    run: &[(usize, usize)],
    n: usize,
    ids: &[Identity],
) -> Vec<Cell> {
    // A pipe table's cells are delimited: nothing to split.
    let piped = run.first().is_some_and(|&(s, _)| {
        let line_start = input[..s].rfind('\n').map_or(0, |i| i + 1);
        trim_padding(&input[line_start..s]).0.starts_with('|')
    });
    let split = if piped {
        Split::Cells(run.to_vec())
    } else {
        split_run(work, run, n, ids)
    };
    match split {
        Split::Cells(mut cells) => {
            let mut blanks = Vec::new();
            if let Some(&(_, last)) = cells.last().filter(|_| cells.len() < n) {
                blanks = pipe_blanks(input, last);
                blanks.truncate(n - cells.len());
            }
            cells.extend(blanks.into_iter().map(|b| (b, b)));
            cells
                .into_iter()
                .map(|(s, e)| Cell::new(&input[s..e], Span::new(s, e)))
                .collect()
        }
        Split::Unknown(span) => (0..n)
            .map(|_| {
                let mut c = Cell::new(&input[span.start..span.end], span);
                c.undelimited = true;
                c
            })
            .collect(),
    }
}

fn row(cells: Vec<Cell>) -> Row {
    let span = cells
        .iter()
        .map(|c| c.span)
        .reduce(|a, b| a.cover(b))
        .unwrap_or_default();
    Row { cells, span }
}

fn table(rows: Vec<Row>) -> Option<(Span, Table)> {
    let span = rows.iter().map(|r| r.span).reduce(|a, b| a.cover(b))?;
    Some((span, Table { rows, span }))
}

/// Where the search for a table starts: after its section's heading when there is one.
fn section_start(heads: &[(usize, usize, usize)], number: usize) -> usize {
    heads.iter().find(|h| h.2 == number).map_or(0, |h| h.1)
}

// ---- Table 二 ----------------------------------------------------------------------

/// Row key, label words (preferred first), cells in the 2021 and the 2019 template.
const T2_ROWS: [(&str, &[&str], usize, usize); 8] = [
    ("rules", &["规章"], 3, 3),
    (
        "normative_documents",
        &["行政规范性文件", "规范性文件"],
        3,
        3,
    ),
    ("licensing", &["行政许可"], 1, 3),
    ("other_services", &["其他对外管理服务事项"], 0, 3),
    ("penalty", &["行政处罚"], 1, 3),
    ("coercion", &["行政强制"], 1, 3),
    ("fees", &["行政事业性收费"], 1, 2),
    ("procurement", &["政府集中采购"], 0, 2),
];

type Cut<'a> = &'a dyn Fn(usize) -> usize;

fn read_t2(
    input: &str,
    work: &str,
    heads: &[(usize, usize, usize)],
    cut: Cut,
) -> Option<(Span, Table)> {
    let from = section_start(heads, 2);
    let anchor = find_first(work, from, &["第二十条", "信息内容"])?;
    let end = cut(anchor);
    let letters = Letters::new(work, anchor, end);
    let y2019 = [
        "新制作",
        "新公开数量",
        "上一年项目",
        "政府集中采购",
        "其他对外管理服务事项",
    ]
    .iter()
    .any(|w| letters.text.contains(w));
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (_, words, n21, n19) in T2_ROWS {
        let n = if y2019 { n19 } else { n21 };
        if n == 0 {
            continue;
        }
        if let Some((s, e)) = letters.find(words, anchor) {
            if found.iter().any(|f| f.0 <= s && s < f.1) {
                continue;
            }
            found.push((s, e, n));
        }
    }
    crate::sort::by_key(&mut found, |f| f.0);
    let mut rows = Vec::new();
    for (i, &(s, e, n)) in found.iter().enumerate() {
        let next = found.get(i + 1).map_or(end, |f| f.0);
        let run = first_run(work, e, next);
        let mut cells = vec![Cell::new(label_text(input, s, e), Span::new(s, e))];
        cells.extend(data_cells(input, work, &run, n, &[]));
        rows.push(row(cells));
    }
    let (mut span, t) = table(rows)?;
    span.start = anchor.min(span.start);
    Some((span, t))
}

// ---- Table 三 ----------------------------------------------------------------------

/// Row key, label words, the sub-item number written before the label ("2." of
/// "2.其他法律…"), and whether the words are common enough to be searched for only
/// after the row before.
const T3_ROWS: [(&str, &[&str], u32, bool); 25] = [
    ("1", &["本年新收", "本年度新收"], 0, false),
    ("2", &["上年结转", "上年度结转"], 0, false),
    ("3.1", &["予以公开"], 0, false),
    ("3.2", &["部分公开"], 0, false),
    ("3.3.1", &["国家秘密"], 1, false),
    ("3.3.2", &["法律行政法规禁止"], 2, false),
    ("3.3.3", &["三安全一稳定"], 3, false),
    ("3.3.4", &["第三方合法权益"], 4, false),
    ("3.3.5", &["三类内部事务"], 5, false),
    ("3.3.6", &["四类过程性"], 6, false),
    ("3.3.7", &["行政执法案卷"], 7, false),
    ("3.3.8", &["行政查询事项"], 8, false),
    ("3.4.1", &["不掌握相关政府信息", "不掌握"], 1, false),
    ("3.4.2", &["另行制作"], 2, false),
    ("3.4.3", &["仍不明确"], 3, false),
    ("3.5.1", &["信访举报投诉"], 1, false),
    ("3.5.2", &["重复申请"], 2, false),
    ("3.5.3", &["公开出版物"], 3, false),
    ("3.5.4", &["大量反复申请", "大量、反复"], 4, false),
    ("3.5.5", &["确认或重新出具"], 5, false),
    ("3.6.1", &["逾期不补正"], 1, false),
    ("3.6.2", &["收费通知", "缴纳费用"], 2, false),
    ("3.6.3", &["其他"], 3, true),
    ("3.7", &["总计"], 0, true),
    (
        "4",
        &["结转下年度", "结转下一年度", "结转至下年度", "继续办理"],
        0,
        false,
    ),
];

/// A label cell's text: the label as written, in pieces where line breaks, spaces or
/// numbers a PDF viewer put inside it split it (each piece is text at the cell's span;
/// the extractor reads the pieces joined).
fn label_text(input: &str, s: usize, e: usize) -> String {
    let mut pieces: Vec<&str> = Vec::new();
    let t = &input[s..e];
    let mut start: Option<usize> = None;
    let mut seen_text = false;
    for (i, c) in t.char_indices() {
        let sep = crate::doc::is_padding(c) || (c.is_ascii_digit() && seen_text);
        if !c.is_ascii_digit() && !sep {
            seen_text = true;
        }
        match (sep, start) {
            (true, Some(a)) => {
                pieces.push(&t[a..i]);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(a) = start {
        pieces.push(&t[a..]);
    }
    pieces.join("\n")
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || "“”\"（）()".contains(c)
}

/// Where a label starts: back from its key words over the rest of its wording, and over
/// its sub-item number when that is written ("2.其他法律…", "1、申请人…"), even when
/// the number is run into the numbers before it.
fn label_start(work: &str, kw: usize, ordinal: u32) -> usize {
    let mut p = kw;
    while let Some(c) = work[..p].chars().next_back() {
        if is_ideograph(c) {
            p -= c.len_utf8();
            // "（一）" opens a label: what stands before it is another's.
            if matches!(c, '（' | '(') {
                return p;
            }
        } else {
            break;
        }
    }
    if ordinal > 0 {
        if let Some(c) = work[..p].chars().next_back() {
            if matches!(c, '.' | '．' | '、') {
                let before = &work[..p - c.len_utf8()];
                let n = ordinal.to_string();
                if before.ends_with(&n) {
                    return p - c.len_utf8() - n.len();
                }
            }
        }
    }
    p
}

fn read_t3(
    input: &str,
    work: &str,
    heads: &[(usize, usize, usize)],
    cut: Cut,
) -> Option<(Span, Table)> {
    let from = section_start(heads, 3);
    // The row's whole label first: the section's prose may name 本年新收 before it.
    let anchor = find_first(
        work,
        from,
        &[
            "本年新收政府信息公开申请数量",
            "本年度新收政府信息公开申请数量",
        ],
    )
    .or_else(|| find_first(work, from, T3_ROWS[0].1))
    .or_else(|| find_first(work, from, T3_ROWS[1].1))?;
    let end = cut(anchor);
    let letters = Letters::new(work, anchor, end);
    let header = find_first(work, from, &["申请人情况"]).filter(|&h| h < anchor);
    // (key word start, end, key, ordinal)
    let mut found: Vec<(usize, usize, &'static str, u32)> = Vec::new();
    let mut after = anchor;
    for (key, words, ordinal, common) in T3_ROWS {
        let search_from = if common { after } else { anchor };
        let Some((s, e)) = letters.find(words, search_from) else {
            continue;
        };
        if found.iter().any(|f| f.0 <= s && s < f.1) {
            continue;
        }
        found.push((s, e, key, ordinal));
        after = after.max(e);
    }
    // Rows without the group heading of their own template form: the 2019 （六）其他处理
    // is one row when none of its 2021 sub-items is there.
    let mut starts: Vec<(usize, usize, &'static str)> = found
        .iter()
        .map(|&(s, e, k, o)| (label_start(work, s, o).max(anchor.min(s)), e, k))
        .collect();
    crate::sort::by_key(&mut starts, |f| f.0);
    let columns = Identity {
        parts: 0..6,
        total: 6,
    };
    let mut rows = Vec::new();
    for (i, &(s, e, _)) in starts.iter().enumerate() {
        let next = starts.get(i + 1).map_or(end, |f| f.0);
        // The numbers may stand inside the label's wording where a PDF viewer wrapped it
        // ("5.要求行政机关确认或重新出 1 0 0 0 0 0 1 具已获取信息"): from after the
        // ordinal.
        let skip = work[s..e]
            .bytes()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let from = if skip > 0 { s + skip } else { s };
        let run = first_run(work, from, next);
        let mut cells = vec![Cell::new(label_text(input, s, e), Span::new(s, e))];
        cells.extend(data_cells(
            input,
            work,
            &run,
            7,
            std::slice::from_ref(&columns),
        ));
        rows.push(row(cells));
    }
    let (mut span, t) = table(rows)?;
    if let Some(h) = header {
        span.start = span.start.min(h);
    }
    Some((span, t))
}

// ---- Table 四 ----------------------------------------------------------------------

fn read_t4(
    input: &str,
    work: &str,
    heads: &[(usize, usize, usize)],
    cut: Cut,
) -> Option<(Span, Table)> {
    let from = section_start(heads, 4);
    let cue_at = find_first(work, from, &["复议后起诉", "直接起诉", "尚未审结"])?;
    let all = Letters::new(work, cue_at, cut(cue_at));
    let cue = all.find(&["复议后起诉", "直接起诉", "尚未审结"], cue_at)?;
    // The table starts at its section's heading, or at its header's first line.
    let anchor = if from > 0 && cue.0 - from < 300 {
        from
    } else {
        work[..cue.0].rfind('\n').map_or(0, |i| i + 1)
    };
    let end = cut(cue.0);
    let header_end = all
        .find(&["总计"], cue.0)
        .filter(|t| t.1 <= end)
        .map_or(cue.1, |t| t.1);
    let run = first_run(work, header_end, end);
    if run.is_empty() {
        return None;
    }
    let ids: Vec<Identity> = (0..3)
        .map(|g| Identity {
            parts: g * 5..g * 5 + 4,
            total: g * 5 + 4,
        })
        .collect();
    let (hs, he) = {
        let (t, lead) = trim_padding(&input[anchor..run[0].0]);
        (anchor + lead, anchor + lead + t.len())
    };
    let header = Cell::new(&input[hs..he], Span::new(hs, he));
    let data = data_cells(input, work, &run, 15, &ids);
    let (mut span, t) = table(vec![row(vec![header]), row(data)])?;
    span.start = span.start.min(anchor);
    Some((span, t))
}

// ---- Paragraphs --------------------------------------------------------------------

/// Display width of a line (CJK and full-width characters count two).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

fn starts_like_item(t: &str) -> bool {
    let mut cs = t.chars();
    match (cs.next(), cs.next(), cs.next()) {
        (Some('（' | '('), Some(c), Some('）' | ')')) => {
            CN.contains(&c) || "七八九十".contains(c) || c.is_ascii_digit()
        }
        (Some(c), Some('、' | '.' | '．'), _) => c.is_ascii_digit() || CN.contains(&c),
        _ => false,
    }
}

/// The paragraphs: what lies outside tables and artifacts, split at headings; lines
/// wrapped mid-sentence (the line reaches the right margin and the sentence goes on) are
/// one paragraph. Each paragraph's text is its slice of the input.
fn paragraphs(
    input: &str,
    work: &str,
    heads: &[(usize, usize, usize)],
    excluded: &[Span],
    marks: &[Span],
) -> Vec<Paragraph> {
    // Pieces: (start, end, is heading, starts its line, ends its line, line index).
    let mut pieces: Vec<(usize, usize, bool, bool, bool, usize)> = Vec::new();
    let mut widths = Vec::new();
    for (li, (ls, line)) in crate::text_util::lines(work).enumerate() {
        let le = ls + line.len();
        // Prose lines set the margin; a table's columns spread wider.
        let body = trim_padding(line).0;
        widths.push(if body.contains("  ") {
            0
        } else {
            width(line.trim_end_matches(crate::doc::is_padding))
        });
        // Cut points: excluded spans and headings on this line.
        let mut segs: Vec<(usize, usize, bool)> = Vec::new();
        let mut at = ls;
        // Both lists are sorted and do not overlap among themselves: find this line's
        // part by bisection (a text may have very many lines and headings).
        let ex_from = excluded.partition_point(|s| s.end <= ls);
        let h_from = heads.partition_point(|h| h.0 < ls);
        let mut cuts: Vec<(usize, usize, bool)> = excluded[ex_from..]
            .iter()
            .take_while(|s| s.start < le)
            .map(|s| (s.start.max(ls), s.end.min(le), false))
            .chain(
                heads[h_from..]
                    .iter()
                    .take_while(|h| h.0 < le)
                    .filter(|h| h.1 <= le)
                    .map(|h| (h.0, h.1, true)),
            )
            .collect();
        crate::sort::by_key(&mut cuts, |c| c.0);
        for (s, e, is_head) in cuts {
            if s < at {
                continue;
            }
            segs.push((at, s, false));
            if is_head {
                segs.push((s, e, true));
            }
            at = e;
        }
        segs.push((at, le, false));
        let segs: Vec<(usize, usize, bool)> = segs
            .into_iter()
            .flat_map(|(s, e, h)| {
                if h {
                    return vec![(s, e, h)];
                }
                let mut cuts = sub_heading_cuts(work, s, e);
                cuts.push(e);
                let mut out = Vec::with_capacity(cuts.len());
                let mut a = s;
                for c in cuts {
                    out.push((a, c, false));
                    a = c;
                }
                out
            })
            .collect();
        let n = segs.len();
        for (k, (s, e, is_head)) in segs.into_iter().enumerate() {
            let (t, lead) = trim_padding(&work[s..e]);
            if t.is_empty() {
                continue;
            }
            let start = s + lead;
            pieces.push((start, start + t.len(), is_head, k == 0, k + 1 == n, li));
        }
    }
    let mut sorted: Vec<usize> = widths.iter().copied().filter(|&w| w > 20).collect();
    crate::sort::natural(&mut sorted);
    let margin = sorted
        .get(sorted.len() * 4 / 5)
        .copied()
        .unwrap_or(usize::MAX);
    let mut out: Vec<Paragraph> = Vec::new();
    let mut prev: Option<(bool, bool, usize)> = None; // (heading, ends line, line)
    for (s, e, is_head, starts_line, ends_line, li) in pieces {
        let text = &input[s..e];
        let join = match (prev, out.last()) {
            (Some((false, true, pl)), Some(p)) => {
                !is_head
                    && starts_line
                    && (pl + 1 == li || page_break_between(marks, p.span.end, s))
                    && clause_break(&p.text, text, widths[pl] + 4 >= margin)
                    && !starts_like_item(text)
                    && parse_heading(text).is_none()
            }
            _ => false,
        };
        if join {
            let p = out.last_mut().expect("checked");
            p.span = p.span.cover(Span::new(s, e));
            p.text = input[p.span.start..p.span.end].into();
        } else {
            out.push(Paragraph {
                text: text.into(),
                span: Span::new(s, e),
            });
        }
        prev = Some((is_head, ends_line, li));
    }
    split_signature(input, &mut out);
    out
}

/// Where run-in prose holds sub-headings ("…保障。 （二）依申请公开方面 一是…",
/// "…公告。(二)主动公开政府信息的主要类别2023年，…"): before each "（N）" that follows a
/// sentence or a space, and after its title where a space or a number ends it, so the
/// text after the sub-heading is a paragraph of its own as in the report.
fn sub_heading_cuts(work: &str, s: usize, e: usize) -> Vec<usize> {
    let text = &work[s..e];
    let mut cuts = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let starts = matches!(c, '（' | '(')
            && prev.is_none_or(|p| crate::doc::is_padding(p) || "。；！？;!?".contains(p));
        prev = Some(c);
        if !starts || i == 0 {
            if starts && i == 0 {
                if let Some(t) = sub_title_end(&text[i..]) {
                    cuts.push(s + i + t);
                }
            }
            continue;
        }
        let rest = &text[i + c.len_utf8()..];
        let mut rc = rest.chars();
        let (Some(n), Some(close)) = (rc.next(), rc.next()) else {
            continue;
        };
        if !("一二三四五六七八九十".contains(n) && matches!(close, '）' | ')')) {
            continue;
        }
        cuts.push(s + i);
        if let Some(t) = sub_title_end(&text[i..]) {
            cuts.push(s + i + t);
        }
    }
    cuts.dedup();
    cuts.retain(|&c| c > s && c < e);
    cuts
}

/// The end of a sub-heading's title at the start of `t` ("（二）依申请公开方面 …"): a
/// space or a digit within 30 characters, before any punctuation.
fn sub_title_end(t: &str) -> Option<usize> {
    let open = t.chars().next()?.len_utf8();
    let close_at = t[open..].find(['）', ')'])? + open;
    let after = close_at + t[close_at..].chars().next()?.len_utf8();
    for (k, (i, c)) in t[after..].char_indices().enumerate() {
        if k >= 30 || "。，；：、,;:！？（(《“".contains(c) {
            return None;
        }
        if (crate::doc::is_padding(c) || c.is_ascii_digit()) && k >= 2 {
            return Some(after + i);
        }
    }
    None
}

/// Whether a line break between two lines of one sentence falls between clauses (after
/// "，" or "、", or, on a line that reaches the margin, before punctuation): only such
/// lines are joined. A break inside a
/// phrase ("答\n复") stays a paragraph break, since the rules read a paragraph's text as
/// written and would not see the phrase through the break.
fn clause_break(before: &str, after: &str, at_margin: bool) -> bool {
    // No paragraph ends in "，": the line was wrapped wherever it stops.
    before.ends_with(['，', '、', ','])
        || (at_margin
            && after.starts_with(['，', '、', '。', '；', '：', '）', '”', ',', ';', ':', ')']))
}

/// Whether only blank lines and a page number stand between two offsets (a paragraph
/// that goes on over a page break).
fn page_break_between(marks: &[Span], a: usize, b: usize) -> bool {
    let i = marks.partition_point(|s| s.start < a);
    marks.get(i).is_some_and(|s| s.end <= b)
}

/// A 落款 run into the last line ("…情况。 平潭综合实验区财政金融局 2025年1月23日"):
/// the words after the last full stop, when they end in a date, are a paragraph.
fn split_signature(input: &str, out: &mut Vec<Paragraph>) {
    let Some(last) = out.last().cloned() else {
        return;
    };
    let Some(stop) = last.text.rfind('。') else {
        return;
    };
    let tail_at = stop + '。'.len_utf8();
    let (tail, lead) = trim_padding(&last.text[tail_at..]);
    if tail.is_empty() || tail.chars().count() > 40 {
        return;
    }
    let Some(d) = crate::dates::find_dates(tail).last().copied() else {
        return;
    };
    if d.end != tail.len() {
        return;
    }
    let span = last.span;
    let head_end = span.start + tail_at;
    let tail_start = head_end + lead;
    let n = out.len();
    out[n - 1] = Paragraph {
        text: input[span.start..head_end].into(),
        span: Span::new(span.start, head_end),
    };
    out.push(Paragraph {
        text: tail.into(),
        span: Span::new(tail_start, tail_start + tail.len()),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(doc: &Document, label: &str) -> Vec<String> {
        for t in doc.tables() {
            for r in &t.rows {
                if r.cells
                    .first()
                    .is_some_and(|c| c.text.replace('\n', "") == label)
                {
                    return r.cells[1..]
                        .iter()
                        .map(|c| c.text.as_str().to_owned())
                        .collect();
                }
            }
        }
        panic!("no row {label}");
    }

    #[test]
    fn run_together_rows_split_by_their_identity() {
        let work = "713000074";
        let run = first_run(work, 0, work.len());
        let id = Identity {
            parts: 0..6,
            total: 6,
        };
        let Split::Cells(c) = split_run(work, &run, 7, std::slice::from_ref(&id)) else {
            panic!()
        };
        let got: Vec<&str> = c.iter().map(|&(s, e)| &work[s..e]).collect();
        assert_eq!(got, ["71", "3", "0", "0", "0", "0", "74"]);
        // Only one split at all (one digit per cell): taken whatever it adds up to.
        let work = "0100000";
        let run = first_run(work, 0, work.len());
        assert!(matches!(
            split_run(work, &run, 7, std::slice::from_ref(&id)),
            Split::Cells(_)
        ));
        // Two splits satisfy 11 = 1 + 10 … : unknown.
        let work = "1101111";
        let run = first_run(work, 0, work.len());
        assert!(matches!(split_run(work, &run, 3, &[]), Split::Unknown(_)));
        // Spaces where some cells are run together.
        let work = "20 0 0 0 02";
        let run = first_run(work, 0, work.len());
        let Split::Cells(c) = split_run(work, &run, 7, &[id]) else {
            panic!()
        };
        let got: Vec<&str> = c.iter().map(|&(s, e)| &work[s..e]).collect();
        assert_eq!(got, ["2", "0", "0", "0", "0", "0", "2"]);
    }

    #[test]
    fn run_in_text_headings_and_tables() {
        let src = "前言。 一、总体情况 今年如何。 二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章000行政规范性文件8855698第二十条第（五）项信息内容本年处理决定数量行政许可10690 三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 713000074二、上年结转政府信息公开申请数量 1000001三、本年度办理结果 （一）予以公开 210000021（三）不予公开 1.属于国家秘密00000002.其他法律行政法规禁止公开 0000000（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 20000022.申请人逾期未按收费通知要求缴纳费用 00000003.其他 0200002（七）总计 723000075四、结转下年度继续办理 0000000 四、政府信息公开行政复议、行政诉讼情况行政复议 未经复议直接起诉 复议后起诉 结果维持总计 0 1 1 0 2 1 0 0 0 1 0 0 0 0 0 五、存在的主要问题及改进情况 问题。 六、其他需要报告的事项 无。 某某局 2025年1月23日";
        let doc = read(src);
        let heads: Vec<&str> = doc
            .paragraphs()
            .filter(|p| parse_heading(&p.text).is_some())
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(heads.len(), 6, "{heads:?}");
        assert_eq!(cells(&doc, "规章"), ["0", "0", "0"]);
        assert_eq!(cells(&doc, "行政规范性文件"), ["8855698"; 3]);
        assert_eq!(cells(&doc, "行政许可"), ["10690"]);
        assert_eq!(
            cells(&doc, "本年新收"),
            ["71", "3", "0", "0", "0", "0", "74"]
        );
        assert_eq!(cells(&doc, "1.属于国家秘密"), ["0"; 7]);
        assert_eq!(
            cells(&doc, "1.申请人无正当理由逾期不补正"),
            ["2", "0", "0", "0", "0", "0", "2"]
        );
        assert_eq!(cells(&doc, "3.其他"), ["0", "2", "0", "0", "0", "0", "2"]);
        assert_eq!(
            cells(&doc, "（七）总计"),
            ["72", "3", "0", "0", "0", "0", "75"]
        );
        // Every cell's span is its text in the input.
        for t in doc.tables() {
            for r in &t.rows[..] {
                for c in &r.cells {
                    if !c.undelimited && c.text.bytes().all(|b| b.is_ascii_digit()) {
                        assert_eq!(&src[c.span.start..c.span.end], c.text);
                    }
                }
            }
        }
        let last = doc.paragraphs().last().unwrap();
        assert_eq!(last.text, "某某局 2025年1月23日");
    }

    #[test]
    fn page_marks() {
        assert!(is_page_mark("-1-"));
        assert!(is_page_mark("— 2 —"));
        assert!(is_page_mark("第 3 页"));
        assert!(!is_page_mark("3"));
        assert!(!is_page_mark("-"));
    }
}
