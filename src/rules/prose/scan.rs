//! The shared prose scanning: the prose paragraphs of a report, their sentences and
//! clauses, the numbers written in them with their units, and word lists compiled for
//! matching. The prose rules here read statements with it, and so do `percent.rs`
//! (shares and parts) and `duplicate.rs` (repeated passages).

use crate::doc::{Block, Document};
use crate::keywords::Keywords;
use crate::model::{Report, ORDINALS};
use crate::span::Span;
use crate::text_util::Words;

/// A paragraph of prose with where it lies.
pub(in crate::rules) struct ProsePara<'a> {
    pub text: &'a str,
    /// Byte offset of `text` in the document text.
    pub offset: usize,
    /// The standard section (1..=6) it belongs to; 0 for the preamble.
    pub section: usize,
}

/// The prose paragraphs: the preamble and the sections' paragraphs, without the section
/// headings, the title and the signature (落款). Table cells are not prose.
pub(in crate::rules) fn prose_paragraphs<'a>(
    doc: &'a Document,
    report: &Report,
) -> Vec<ProsePara<'a>> {
    let secs = &report.sections;
    let not_prose: Vec<Span> = [
        report.title.as_ref().map(|t| t.span),
        report.signature_organ.as_ref().map(|t| t.span),
        report.signature_date.as_ref().map(|t| t.span),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut out = Vec::new();
    let mut next = 0; // sections[..next] start at or before the current block
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Paragraph(p) = b else { continue };
        while next < secs.len() && secs[next].block <= i {
            next += 1;
        }
        let section = if next == 0 {
            0
        } else {
            if secs[next - 1].block == i {
                continue;
            }
            secs[next - 1].number
        };
        if not_prose
            .iter()
            .any(|s| s.start < p.span.end && p.span.start < s.end)
        {
            continue;
        }
        out.push(ProsePara {
            text: &p.text,
            offset: p.span.start,
            section,
        });
    }
    out
}

/// The section ordinal for a finding's `section` field.
pub(in crate::rules) fn section_label(section: usize) -> Option<&'static str> {
    (1..=6).contains(&section).then(|| ORDINALS[section - 1])
}

/// Byte ranges of the pieces of `s` between separators (separators excluded, empty
/// pieces dropped). The separators are punctuation: CJK ideographs (those of
/// U+5000..=U+9FFF, most of the text) are passed over by their lead byte, not decoded.
pub(super) fn split_on(s: &str, is_sep: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    debug_assert!(!is_sep('\u{5000}') && !is_sep('\u{9fff}'));
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // E5..=E9 lead exactly U+5000..=U+9FFF.
        if (0xE5..=0xE9).contains(&b) {
            i += 3;
            continue;
        }
        let c = s[i..].chars().next().expect("a character at a boundary");
        if is_sep(c) {
            if i > start {
                out.push((start, i));
            }
            start = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

pub(in crate::rules) fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

pub(super) fn is_clause_sep(c: char) -> bool {
    matches!(c, '，' | ',' | '；' | ';' | '：' | ':') || is_sentence_end(c)
}

/// What a number counts, from the word after it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(in crate::rules) enum Unit {
    /// No unit.
    None,
    /// A count: 件, 条, 项 …
    Count,
    /// Money, with the factor that converts it to 万元.
    Money(f64),
    Percent,
    Year,
    Month,
    Other,
}

/// A number written in the prose.
#[derive(Clone, Copy, Debug)]
pub(in crate::rules) struct Num {
    /// Byte range of the numeral (for a percentage written 百分之…, of the whole phrase).
    pub start: usize,
    pub end: usize,
    /// End of the unit (equal to `end` without one).
    pub unit_end: usize,
    /// Byte range of the unit word, to compare units.
    pub unit_at: (usize, usize),
    pub value: f64,
    /// Digits after the decimal point, as written.
    pub decimals: u32,
    pub unit: Unit,
    /// "120余条", "近百件", "1600多条", "5件以上": not an exact count.
    pub approx: bool,
}

impl Num {
    pub fn unit_text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.unit_at.0..self.unit_at.1]
    }

    /// An exact count or amount that may be compared with a table.
    pub fn is_count(&self) -> bool {
        !self.approx && self.unit == Unit::Count
    }
}

/// The count words, as one string for a quick test of the character after a number.
const COUNT_UNIT_CHARS: &str = "件条项宗起次份篇例家场期幅部批个";

/// Count words that also start other words (个工作日, 部门, 次日 …): only a count when
/// no ideograph follows, or one of the words in [`COUNT_FOLLOWERS`].
const GUARDED_UNITS: [&str; 8] = ["个", "部", "场", "期", "家", "批", "次", "起"];
const COUNT_FOLLOWERS: [&str; 5] = ["案件", "申请", "政府信息", "行政", "件"];

const APPROX_BEFORE: [&str; 11] = [
    "近", "约", "逾", "超过", "超", "多达", "大约", "将近", "不足", "不到", "上",
];
const APPROX_AFTER: [&str; 4] = ["以上", "左右", "上下", "多"];

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn cn_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_cn_numeral(c: char) -> bool {
    // Most characters are rejected by one bit test before the full comparison.
    let bit = 1u64 << (c as u32 & 63);
    CN_NUMERAL_BITS & bit != 0 && (cn_digit(c).is_some() || matches!(c, '十' | '百' | '千'))
}

/// Bit `code & 63` set for each Chinese numeral's code point.
const CN_NUMERAL_BITS: u64 = {
    let chars = [
        '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千',
    ];
    let mut bits = 0u64;
    let mut i = 0;
    while i < chars.len() {
        bits |= 1u64 << (chars[i] as u32 & 63);
        i += 1;
    }
    bits
};

/// Reads a Chinese numeral: "七", "十二", "二十一", "一百零五", "两千".
fn parse_cn(s: &str) -> Option<u64> {
    let mut total = 0u64;
    let mut cur: Option<u64> = None;
    let mut any_mult = false;
    let mut digits = 0;
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            cur = Some(d);
            digits += 1;
        } else {
            let m = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                _ => return None,
            };
            any_mult = true;
            total += cur.unwrap_or(1) * m;
            cur = None;
        }
    }
    // "二〇二二" is a year written digit by digit, not a count.
    if !any_mult && digits > 1 {
        return None;
    }
    Some(total + cur.unwrap_or(0))
}

/// All numbers in `s`, with units. Numerals glued to Latin letters ("IPV6", "H5") and
/// ordinals (第3) are left out; Chinese numerals only count before a count unit (so
/// 一是、统一、进一步 are not numbers) or after 为 at the end of a clause ("均为零").
pub(in crate::rules) fn scan_numbers(s: &str) -> Vec<Num> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    // The text is stepped through by its bytes: a character that cannot be a digit or
    // a numeral is passed over without decoding it (only ASCII digits and characters of
    // three bytes can be, and of these most are told apart by their last byte).
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b >= 0x80 {
            let len = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            if len != 3 || CANDIDATE_BITS & (1u64 << (bytes[i + 2] & 63)) == 0 {
                i += len;
                continue;
            }
        } else if !b.is_ascii_digit() {
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().expect("a character at a boundary");
        let next_char = i + c.len_utf8();
        let code = c as u32;
        let digit = code.wrapping_sub('0' as u32) < 10 || code.wrapping_sub('０' as u32) < 10;
        if !digit && !is_cn_numeral(c) {
            i = next_char;
            continue;
        }
        // The character before, whether or not it was part of a number read.
        let p = s[..i].chars().next_back();
        // 百分之… : a percentage written out.
        if c == '百' && s[i..].starts_with("百分之") {
            let at = i + "百分之".len();
            let read = read_numeral(s, at).or_else(|| {
                let end = s[at..]
                    .char_indices()
                    .find(|&(_, c)| !is_cn_numeral(c))
                    .map_or(s.len(), |(j, _)| at + j);
                let v = parse_cn(&s[at..end]).filter(|_| end > at)?;
                Some((v as f64, 0, end))
            });
            if let Some((value, decimals, end)) = read {
                out.push(Num {
                    start: i,
                    end,
                    unit_end: end,
                    unit_at: (i, at),
                    value,
                    decimals,
                    unit: Unit::Percent,
                    approx: false,
                });
                i = end;
                continue;
            }
        }
        if digit {
            let Some((value, decimals, end)) = read_numeral(s, i) else {
                i = next_char;
                continue;
            };
            let glued = p.is_some_and(|p| p.is_ascii_alphabetic())
                || s[end..].starts_with(|c: char| c.is_ascii_alphabetic());
            let ordinal = p == Some('第');
            let mut n = finish_num(s, i, end, value, decimals);
            if glued || ordinal {
                n.unit = Unit::Other;
            }
            out.push(n);
            i = end;
            continue;
        }
        // A Chinese numeral: only before a count word, or after 为 at a clause end.
        if p.is_some_and(is_cn_numeral) {
            i = next_char;
            continue;
        }
        let end = s[i..]
            .char_indices()
            .find(|&(_, d)| !is_cn_numeral(d))
            .map_or(s.len(), |(j, _)| i + j);
        let start = i;
        i = end;
        let next = s[end..].chars().next();
        let before_count = next.is_some_and(|n| COUNT_UNIT_CHARS.contains(n));
        let after_wei =
            p == Some('为') && next.is_none_or(|c| is_clause_sep(c) || c == '）' || c == ')');
        if !(before_count || after_wei)
            || p.is_some_and(|p| "第每单统唯逐进初之其某任同周星万".contains(p))
        {
            continue;
        }
        if let Some(v) = parse_cn(&s[start..end]) {
            let n = finish_num(s, start, end, v as f64, 0);
            if n.unit == Unit::Count || (n.unit == Unit::None && after_wei) {
                out.push(n);
            }
        }
    }
    out
}

/// Bit `last byte & 63` set for the three-byte characters [`scan_numbers`] must look
/// at: the Chinese numerals and the full-width digits (a character's code point and its
/// last byte agree in their low six bits).
const CANDIDATE_BITS: u64 = {
    let mut bits = CN_NUMERAL_BITS;
    let mut d = '０' as u32;
    while d <= '９' as u32 {
        bits |= 1u64 << (d & 63);
        d += 1;
    }
    bits
};

/// Reads digits at `at`: ASCII or full-width, one decimal point, thousands commas.
/// Returns (value, decimals, end).
fn read_numeral(s: &str, at: usize) -> Option<(f64, u32, usize)> {
    let mut int: f64 = 0.0;
    let mut frac: f64 = 0.0;
    let mut scale = 1.0;
    let mut decimals = 0;
    let mut in_frac = false;
    let mut end = at;
    let mut digits = 0;
    let mut it = s[at..].char_indices().peekable();
    while let Some((j, c)) = it.next() {
        if let Some(d) = ascii_digit(c) {
            if in_frac {
                scale /= 10.0;
                frac += d as f64 * scale;
                decimals += 1;
            } else {
                int = int * 10.0 + d as f64;
            }
            digits += 1;
            end = at + j + c.len_utf8();
            continue;
        }
        let next_is_digit = it.peek().is_some_and(|&(_, n)| ascii_digit(n).is_some());
        if (c == '.' || c == '．') && !in_frac && digits > 0 && next_is_digit {
            in_frac = true;
            continue;
        }
        if c == ',' && !in_frac && digits > 0 && next_is_digit {
            // A thousands separator only before exactly three digits.
            let rest = &s[at + j + 1..];
            let run = rest
                .chars()
                .take_while(|c| ascii_digit(*c).is_some())
                .count();
            if run == 3 {
                continue;
            }
        }
        break;
    }
    (digits > 0).then_some((int + frac, decimals, end))
}

/// Completes a number: approximation marks and the unit after it.
fn finish_num(s: &str, start: usize, end: usize, value: f64, decimals: u32) -> Num {
    let before = &s[..start];
    // Approximation words end in one of these characters; test the rest only then.
    let mut approx = before
        .chars()
        .next_back()
        .is_some_and(|c| "近约逾过超达足到上".contains(c))
        && APPROX_BEFORE.iter().any(|w| before.ends_with(w));
    let mut at = end;
    let mut next = s[at..].chars().next();
    // Padding between number and unit.
    while let Some(c @ (' ' | '\u{a0}' | '\u{3000}')) = next {
        at += c.len_utf8();
        next = s[at..].chars().next();
    }
    if let Some(c @ ('余' | '多' | '来')) = next {
        approx = true;
        at += c.len_utf8();
        next = s[at..].chars().next();
    }
    let rest = &s[at..];
    let (unit, len) = match next {
        None => (Unit::None, 0),
        Some('%') => (Unit::Percent, 1),
        Some('％') => (Unit::Percent, '％'.len_utf8()),
        Some('元') => (Unit::Money(0.0001), '元'.len_utf8()),
        Some('亿') if rest.starts_with("亿元") => (Unit::Money(10000.0), "亿元".len()),
        Some('万') if rest.starts_with("万元") => (Unit::Money(1.0), "万元".len()),
        Some('千') if rest.starts_with("千元") => (Unit::Money(0.1), "千元".len()),
        Some('年') => {
            let four = decimals == 0 && (1900.0..2100.0).contains(&value) && end - start >= 4;
            (if four { Unit::Year } else { Unit::Other }, '年'.len_utf8())
        }
        Some('月') => (Unit::Month, '月'.len_utf8()),
        Some(c) if COUNT_UNIT_CHARS.contains(c) => {
            let len = c.len_utf8();
            let after = &rest[len..];
            let guarded = GUARDED_UNITS.contains(&&rest[..len])
                && after.chars().next().is_some_and(is_ideograph)
                && !COUNT_FOLLOWERS.iter().any(|f| after.starts_with(f));
            if guarded {
                (Unit::Other, 0)
            } else {
                (Unit::Count, len)
            }
        }
        Some(c) if is_ideograph(c) => (Unit::Other, 0),
        Some(_) => (Unit::None, 0),
    };
    let unit_at = (at, at + len);
    let unit_end = if len == 0 { end } else { at + len };
    if s[unit_end..].starts_with(['以', '左', '上', '多'])
        && APPROX_AFTER.iter().any(|w| s[unit_end..].starts_with(w))
    {
        approx = true;
    }
    Num {
        start,
        end,
        unit_end,
        unit_at,
        value,
        decimals,
        unit,
        approx,
    }
}

/// A number that may stand for a table value: an exact count, or a bare integer
/// straight after 为 at the end of a clause ("结转下年度数量为0").
pub(super) fn countlike(s: &str, n: &Num, clause_end: usize) -> bool {
    if n.approx {
        return false;
    }
    match n.unit {
        Unit::Count => true,
        Unit::None => {
            n.decimals == 0
                && s[..n.start].ends_with('为')
                && s[n.end..clause_end]
                    .chars()
                    .all(|c| c == '）' || c == ')' || crate::doc::is_padding(c))
        }
        _ => false,
    }
}

/// Whether clause `[c0, c1)` of `sentence` may state something: it holds a count or
/// amount, or a negation. Most clauses do neither and are skipped before any matching.
pub(super) fn clause_may_state(sentence: &str, nums: &[Num], (c0, c1): (usize, usize)) -> bool {
    nums.iter().any(|n| {
        n.start >= c0
            && n.unit_end <= c1
            && (countlike(sentence, n, c1) || matches!(n.unit, Unit::Money(_)))
    }) || sentence[c0..c1].contains(['未', '没', '无'])
}

/// A list of filler words, compiled once for anchored matching.
pub(super) struct Fillers(Keywords);

impl Fillers {
    pub(super) fn new(lists: &[&[&str]]) -> Self {
        Fillers(Keywords::new(lists.iter().flat_map(|l| l.iter().copied())))
    }
}

/// Whether `text` consists only of the given words (longest first at each place) and
/// padding, e.g. the fillers between a negation and what it negates.
pub(super) fn only_words(text: &str, words: &Fillers) -> bool {
    let mut at = 0;
    while at < text.len() {
        let c = text[at..].chars().next().unwrap_or(' ');
        if crate::doc::is_padding(c) {
            at += c.len_utf8();
            continue;
        }
        match words.0.longest_at(text, at) {
            Some(m) => at = m.end,
            None => return false,
        }
    }
    true
}

/// A set of key words compiled once into one automaton: a single pass over a clause
/// finds them all, leftmost first and longest at the same start, without overlaps.
pub(super) struct Lexicon<T: 'static> {
    words: Keywords,
    tags: Vec<T>,
}

impl<T: Copy> Lexicon<T> {
    pub(super) fn new(words: &[(&str, T)]) -> Self {
        Lexicon {
            words: Keywords::new(words.iter().map(|w| w.0)),
            tags: words.iter().map(|w| w.1).collect(),
        }
    }

    /// The key words in `clause`, as (start, end, tag) offset by `base`.
    pub(super) fn find(&self, clause: &str, base: usize) -> Vec<(usize, usize, T)> {
        self.words
            .leftmost_longest(clause)
            .into_iter()
            .map(|m| (base + m.start, base + m.end, self.tags[m.word]))
            .collect()
    }
}

/// A list of words for "contains any of", compiled once.
pub(super) struct WordSet(Keywords);

impl WordSet {
    pub(super) fn new(words: &[&str]) -> Self {
        WordSet(Keywords::new(words.iter().copied()))
    }

    pub(super) fn in_text(&self, s: &str) -> bool {
        self.0.is_match(s)
    }
}

/// Words that negate what follows ("未收到", "没有发生").
pub(super) const NEGATIONS: [&str; 9] = [
    "没有", "未曾", "从未", "尚未", "并未", "均未", "未", "无", "没",
];

/// [`NEGATIONS`] with their searchers.
pub(super) fn negation_words() -> &'static Words {
    static WORDS: Words = Words::new(&NEGATIONS);
    &WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(s: &str) -> Vec<(f64, Unit, bool)> {
        scan_numbers(s)
            .into_iter()
            .map(|n| (n.value, n.unit, n.approx))
            .collect()
    }

    #[test]
    fn numbers_and_units() {
        assert_eq!(
            nums("接到依申请公开事项1项，共计2条。"),
            vec![(1.0, Unit::Count, false), (2.0, Unit::Count, false)]
        );
        assert_eq!(nums("主动公开120余条"), vec![(120.0, Unit::Count, true)]);
        assert_eq!(nums("约5件"), vec![(5.0, Unit::Count, true)]);
        assert_eq!(nums("15个工作日内"), vec![(15.0, Unit::Other, false)]);
        assert_eq!(nums("2022年"), vec![(2022.0, Unit::Year, false)]);
        assert_eq!(nums("占27.7%"), vec![(27.7, Unit::Percent, false)]);
        assert_eq!(nums("收到两件，一是"), vec![(2.0, Unit::Count, false)]);
        assert_eq!(nums("进一步统一"), vec![]);
        assert_eq!(nums("1,835万元"), vec![(1835.0, Unit::Money(1.0), false)]);
        assert_eq!(nums("IPV6改造"), vec![(6.0, Unit::Other, false)]);
        assert_eq!(nums("均为零"), vec![(0.0, Unit::None, false)]);
        assert_eq!(nums("百分之五十"), vec![(50.0, Unit::Percent, false)]);
    }
}
