//! TXT-T3, TXT-T4, TXT-T2: numbers in the prose that contradict tables 三, 四 and 二.
//!
//! These rules are errors, so they only speak when a clause plainly states the table's
//! own quantity for the report year. A statement is read clause by clause (clauses end
//! at ，；：), as a sequence of key words (收到, 上年结转, 行政复议, 制发 …), numbers
//! with their units, and "stop" words that start another quantity (较上年增加, 占,
//! 涉及 …). A key word takes the first count after it in its clause, or a count written
//! just before it ("6件予以公开"). The statement is then dropped whenever it could be
//! about something else: an approximation ("120余条"), another year or month, a
//! sub-unit ("县自然资源局收到…"), a part of the whole (其中 …, 网上申请 …, 自然人 …),
//! a subset of outcomes (维持, 纠正 …), or an object the table does not count
//! (咨询, 信访, 行政许可申请 …). What remains is compared with the 总计 column, and also
//! with the sum of the other columns, so a table that is itself inconsistent (its own
//! rules report that) does not make the prose look wrong.
//!
//! The scanning helpers here (paragraphs, sentences, numbers) are shared with
//! `percent.rs` and `duplicate.rs`.

use crate::diag::Finding;
use crate::doc::{Block, Document};
use crate::keywords::Keywords;
use crate::model::{column_label, row_label, Report, TypedTable, ORDINALS};
use crate::numbers::CellNumber;
use crate::span::Span;

// ==== Shared prose scanning ==========================================================

/// A paragraph of prose with where it lies.
pub(crate) struct ProsePara<'a> {
    pub text: &'a str,
    /// Byte offset of `text` in the document text.
    pub offset: usize,
    /// The standard section (1..=6) it belongs to; 0 for the preamble.
    pub section: usize,
}

/// The prose paragraphs: the preamble and the sections' paragraphs, without the section
/// headings, the title and the signature (落款). Table cells are not prose.
pub(crate) fn prose_paragraphs<'a>(doc: &'a Document, report: &Report) -> Vec<ProsePara<'a>> {
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
pub(crate) fn section_label(section: usize) -> Option<&'static str> {
    (1..=6).contains(&section).then(|| ORDINALS[section - 1])
}

/// Byte ranges of the pieces of `s` between separators (separators excluded, empty
/// pieces dropped).
pub(crate) fn split_on(s: &str, is_sep: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if is_sep(c) {
            if i > start {
                out.push((start, i));
            }
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

pub(crate) fn is_clause_sep(c: char) -> bool {
    matches!(c, '，' | ',' | '；' | ';' | '：' | ':') || is_sentence_end(c)
}

/// What a number counts, from the word after it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Unit {
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
pub(crate) struct Num {
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
pub(crate) fn scan_numbers(s: &str) -> Vec<Num> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    // Offsets before this are inside a number already read.
    let mut skip_to = 0;
    for (i, c) in s.char_indices() {
        if i < skip_to {
            prev = Some(c);
            continue;
        }
        let p = prev;
        prev = Some(c);
        // The common case: no digit, no numeral.
        let code = c as u32;
        let digit = code.wrapping_sub('0' as u32) < 10 || code.wrapping_sub('０' as u32) < 10;
        if !digit && !is_cn_numeral(c) {
            continue;
        }
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
                skip_to = end;
                continue;
            }
        }
        if digit {
            let Some((value, decimals, end)) = read_numeral(s, i) else {
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
            skip_to = end;
            continue;
        }
        // A Chinese numeral: only before a count word, or after 为 at a clause end.
        if p.is_some_and(is_cn_numeral) {
            continue;
        }
        let end = s[i..]
            .char_indices()
            .find(|&(_, d)| !is_cn_numeral(d))
            .map_or(s.len(), |(j, _)| i + j);
        skip_to = end;
        let next = s[end..].chars().next();
        let before_count = next.is_some_and(|n| COUNT_UNIT_CHARS.contains(n));
        let after_wei =
            p == Some('为') && next.is_none_or(|c| is_clause_sep(c) || c == '）' || c == ')');
        if !(before_count || after_wei)
            || p.is_some_and(|p| "第每单统唯逐进初之其某任同周星万".contains(p))
        {
            continue;
        }
        if let Some(v) = parse_cn(&s[i..end]) {
            let n = finish_num(s, i, end, v as f64, 0);
            if n.unit == Unit::Count || (n.unit == Unit::None && after_wei) {
                out.push(n);
            }
        }
    }
    out
}

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
fn countlike(s: &str, n: &Num, clause_end: usize) -> bool {
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
fn clause_may_state(sentence: &str, nums: &[Num], (c0, c1): (usize, usize)) -> bool {
    nums.iter().any(|n| {
        n.start >= c0
            && n.unit_end <= c1
            && (countlike(sentence, n, c1) || matches!(n.unit, Unit::Money(_)))
    }) || sentence[c0..c1].contains(['未', '没', '无'])
}

/// A list of filler words, compiled once for anchored matching.
pub(crate) struct Fillers(Keywords);

impl Fillers {
    fn new(lists: &[&[&str]]) -> Self {
        Fillers(Keywords::new(lists.iter().flat_map(|l| l.iter().copied())))
    }
}

/// Whether `text` consists only of the given words (longest first at each place) and
/// padding, e.g. the fillers between a negation and what it negates.
fn only_words(text: &str, words: &Fillers) -> bool {
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
pub(crate) struct Lexicon<T: 'static> {
    words: Keywords,
    tags: Vec<T>,
}

impl<T: Copy> Lexicon<T> {
    fn new(words: &[(&str, T)]) -> Self {
        Lexicon {
            words: Keywords::new(words.iter().map(|w| w.0)),
            tags: words.iter().map(|w| w.1).collect(),
        }
    }

    /// The key words in `clause`, as (start, end, tag) offset by `base`.
    fn find(&self, clause: &str, base: usize) -> Vec<(usize, usize, T)> {
        self.words
            .leftmost_longest(clause)
            .into_iter()
            .map(|m| (base + m.start, base + m.end, self.tags[m.word]))
            .collect()
    }
}

/// A list of words for "contains any of", compiled once.
pub(crate) struct WordSet(Keywords);

impl WordSet {
    fn new(words: &[&str]) -> Self {
        WordSet(Keywords::new(words.iter().copied()))
    }

    pub(crate) fn in_text(&self, s: &str) -> bool {
        self.0.is_match(s)
    }
}

macro_rules! compiled {
    ($name:ident: $ty:ty = $init:expr) => {
        fn $name() -> &'static $ty {
            static CELL: std::sync::OnceLock<$ty> = std::sync::OnceLock::new();
            CELL.get_or_init(|| $init)
        }
    };
}

compiled!(t3_lexicon: Lexicon<Tok<T3>> = Lexicon::new(T3_WORDS));
compiled!(t4_lexicon: Lexicon<Tok<T4>> = Lexicon::new(T4_WORDS));
compiled!(t2_lexicon: Lexicon<Tok<T2>> = Lexicon::new(&t2_words()));
compiled!(t3_foreign: WordSet = WordSet::new(T3_FOREIGN));
compiled!(t3_part: WordSet = WordSet::new(T3_PART));
compiled!(other_periods: WordSet = WordSet::new(&OTHER_PERIOD));
compiled!(t3_joiners: Fillers = Fillers::new(&[T3_JOINERS]));
compiled!(t4_joiners: Fillers = Fillers::new(&[T4_JOINERS]));
compiled!(t3_neg_fillers: Fillers = Fillers::new(&[T3_NEG_FILLERS]));
compiled!(t4_neg_fillers: Fillers = Fillers::new(&[T4_NEG_FILLERS]));
compiled!(t4_neg_tail: Fillers = Fillers::new(&[T4_NEG_FILLERS, &NEGATIONS]));
compiled!(t4_neg_head: Fillers = Fillers::new(&[T4_NEG_FILLERS, T4_TIME]));

/// Everything a statement check needs to know about the report.
pub(crate) struct Ctx<'a> {
    pub year: Option<i32>,
    pub organ: Option<&'a str>,
}

impl<'a> Ctx<'a> {
    pub fn new(report: &'a Report) -> Self {
        Ctx {
            year: report.year(),
            organ: report.organ.as_deref(),
        }
    }
}

/// Time words that put a statement in another period.
const OTHER_PERIOD: [&str; 15] = [
    "上年",
    "去年",
    "上一年",
    "前年",
    "明年",
    "下一年",
    "下年",
    "同期",
    "上半年",
    "下半年",
    "季度",
    "以来",
    "历年",
    "至今",
    "近年",
];

/// Organ words that, in front of a verb, make the statement about a sub-unit
/// ("县自然资源局收到…", "各乡镇共收到…").
const ORGAN_SUFFIXES: [&str; 19] = [
    "局", "办", "委", "厅", "乡", "镇", "街道", "中心", "部门", "单位", "站", "所", "院", "公司",
    "处", "科", "室", "队", "社区",
];
/// Words containing an organ suffix that are not organs.
const NOT_ORGANS: [&str; 10] = [
    "办理",
    "处理",
    "所有",
    "所收",
    "办结",
    "处罚",
    "科学",
    "中心工作",
    "院校",
    "所属",
];

/// Whether a statement at byte `at` of `sentence` (whose clause starts at
/// `clause_start`) is about the reporting organ and the report year. `at` is where the
/// statement's first key word starts.
fn own_year_and_organ(
    ctx: &Ctx,
    sentence: &str,
    nums: &[Num],
    clause_start: usize,
    at: usize,
) -> bool {
    if let Some(y) = year_of(sentence, nums, clause_start, at) {
        if ctx.year != Some(y) {
            return false;
        }
    }
    if other_period(&sentence[..at]) {
        return false;
    }
    if nums.iter().any(|n| n.unit == Unit::Month && n.end <= at) {
        return false;
    }
    !names_sub_unit(ctx, &sentence[clause_start..at])
}

/// The year a statement at `at` speaks of: the last year written in its own clause
/// before it ("2021年结转…"), else the last year that opens a clause of its own earlier
/// in the sentence ("2022年，共收到…"). A year inside another clause ("2021年结转2件，
/// 共办结10件") says nothing about the clauses after it.
fn year_of(sentence: &str, nums: &[Num], clause_start: usize, at: usize) -> Option<i32> {
    let mut topical = None;
    for n in nums.iter().filter(|n| n.unit == Unit::Year && n.end <= at) {
        if n.start >= clause_start {
            topical = Some(n.value as i32);
            continue;
        }
        let after = sentence[n.unit_end..].trim_start_matches('度');
        if after.starts_with(is_clause_sep) {
            topical = Some(n.value as i32);
        }
    }
    topical
}

/// Whether words before a statement put it in another period (上年, 上半年 …); the
/// 上年 of 上年结转 and the 下年 of 结转下年度 name rows of table 三, not periods.
fn other_period(before: &str) -> bool {
    if !other_periods().in_text(before) {
        return false;
    }
    OTHER_PERIOD.iter().any(|w| {
        before.match_indices(w).any(|(i, _)| {
            let after = &before[i + w.len()..];
            let prev = &before[..i];
            let carry_from = after.starts_with("结转") || after.starts_with("度结转");
            let carry_to = prev.ends_with("结转")
                || prev.ends_with("结转至")
                || prev.ends_with("结转到")
                || prev.ends_with("转入")
                || prev.ends_with("转至");
            !(carry_from || carry_to)
        })
    })
}

/// Whether the words before a verb name an organ other than the reporting one.
fn names_sub_unit(ctx: &Ctx, prefix: &str) -> bool {
    let p = crate::text_util::compact(prefix);
    // "全区各职能部门、镇街共收到…": the whole jurisdiction, i.e. the report's own.
    if p.is_empty() || p.starts_with('全') {
        return false;
    }
    if let Some(o) = ctx.organ {
        // "开发区党政办公室共收到" in the report of 河北沧州经济开发区党政办公室. (Not
        // "涞源县教育局收到…" in the report of 涞源县: that names a department.)
        let core = p.trim_end_matches(['共', '已', '均', '累', '计', '依', '法', '全', '年']);
        if !core.is_empty() && o.contains(core) {
            return false;
        }
        // "开发区管委会", "县政府": the organ's own government or committee.
        for form in ["管委会", "管理委员会", "人民政府", "政府"] {
            if let Some(head) = core.strip_suffix(form) {
                let head = head.trim_start_matches(['我', '本']);
                if head.is_empty() || o.contains(head) {
                    return false;
                }
            }
        }
    }
    for suf in ORGAN_SUFFIXES {
        for (i, _) in p.match_indices(suf) {
            if NOT_ORGANS.iter().any(|w| {
                let ws = i.saturating_sub(w.len() - suf.len());
                p.get(ws..).is_some_and(|r| r.starts_with(w))
                    || p.get(i..).is_some_and(|r| r.starts_with(w))
            }) {
                continue;
            }
            let self_marked = p[..i].ends_with(['我', '本', '全']);
            if !self_marked {
                return true;
            }
        }
    }
    false
}

/// The quote for a message: the whole sentence when short, else the clauses from
/// `from` to `to` (byte offsets in `sentence`).
fn quote_of(sentence: &str, from: usize, to: usize) -> String {
    let trimmed = sentence.trim_end_matches(|c: char| is_sentence_end(c) || c == '；');
    if trimmed.chars().count() <= 60 {
        return crate::text_util::quote(trimmed, 60);
    }
    let start = sentence[..from]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_clause_sep(c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let end = sentence[to..]
        .char_indices()
        .find(|&(_, c)| is_clause_sep(c))
        .map(|(i, _)| to + i)
        .unwrap_or(sentence.len());
    crate::text_util::quote(&sentence[start..end], 60)
}

/// A table value and the alternative reading of the same cells (the sum of the other
/// columns), either of which the prose may match.
#[derive(Clone, Copy, Debug)]
struct Expect {
    total: f64,
    alt: f64,
}

impl Expect {
    fn accepts(&self, v: f64) -> bool {
        (v - self.total).abs() < 1e-6 || (v - self.alt).abs() < 1e-6
    }
    fn add(self, o: Expect) -> Expect {
        Expect {
            total: self.total + o.total,
            alt: self.alt + o.alt,
        }
    }
    fn positive(&self) -> bool {
        self.total > 0.0 && self.alt > 0.0
    }
}

/// Sum of `total` over rows, and sum of the other columns over the same rows; a blank
/// or placeholder 总计 counts as the sum of its row's other cells. `None` when a row is
/// missing, a cell is not a number, or every cell is blank (nothing to compare with).
fn sum_rows(t: &TypedTable, rows: &[&str]) -> Option<Expect> {
    if rows.is_empty() {
        return None;
    }
    let mut e = Expect {
        total: 0.0,
        alt: 0.0,
    };
    let mut any_filled = false;
    for r in rows {
        let row = t.row(r)?;
        let total = row.cell("total")?;
        let mut alt = 0.0;
        let mut others_filled = false;
        for c in row.columns.iter().filter(|c| **c != "total") {
            let cell = row.cell(c)?;
            alt += cell.arith()?;
            others_filled |= matches!(cell.num, CellNumber::Number(_));
        }
        // A blank 总计 beside filled columns: the report left the sum to the reader.
        e.total += match total.num {
            CellNumber::Blank | CellNumber::Placeholder => alt,
            _ => total.arith()?,
        };
        e.alt += alt;
        any_filled |= others_filled || matches!(total.num, CellNumber::Number(_));
    }
    // Nothing filled in at all: nothing to judge by.
    any_filled.then_some(e)
}

pub fn check(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    if report.t2.is_none() && report.t3.is_none() && report.t4.is_none() {
        return;
    }
    let ctx = Ctx::new(report);
    for para in prose_paragraphs(doc, report) {
        let t = para.text;
        let want_t3 = report.t3.is_some()
            && (crate::has!(t, "申请") || crate::has!(t, "结转") || para.section == 3);
        let want_t4 = report.t4.is_some() && (crate::has!(t, "复议") || crate::has!(t, "诉讼"));
        let want_t2 = report.t2.is_some()
            && (crate::has!(t, "规章")
                || crate::has!(t, "规范性文件")
                || crate::has!(t, "行政许可")
                || crate::has!(t, "行政处罚")
                || crate::has!(t, "行政强制")
                || crate::has!(t, "收费"));
        if !(want_t3 || want_t4 || want_t2) {
            continue;
        }
        let para_about_applications =
            crate::has!(t, "公开申请") || crate::has!(t, "依申请") || crate::has!(t, "申请公开");
        for (s0, s1) in split_on(t, is_sentence_end) {
            let sentence = &t[s0..s1];
            let nums = scan_numbers(sentence);
            // Most sentences state no count and deny nothing: nothing to read.
            let counts = nums.iter().any(|n| match n.unit {
                Unit::Count | Unit::Money(_) => true,
                // A bare number only counts after 为 ("均为0"); "1." is a list marker.
                Unit::None => sentence[..n.start].ends_with('为'),
                _ => false,
            });
            let denies = sentence.contains(['未', '没', '无']);
            if !counts && !denies {
                continue;
            }
            let at = Place {
                base: para.offset + s0,
                section: para.section,
                para_about_applications,
            };
            if want_t3 {
                if let Some(t3) = &report.t3 {
                    t3_sentence(&ctx, t3, sentence, &nums, &at, out);
                }
            }
            let t4_words = crate::has!(sentence, "复议")
                || crate::has!(sentence, "诉讼")
                || crate::has!(sentence, "起诉");
            if want_t4 && t4_words {
                if let Some(t4) = &report.t4 {
                    t4_sentence(&ctx, t4, sentence, &nums, &at, out);
                }
            }
            if want_t2 && counts {
                if let Some(t2) = &report.t2 {
                    t2_sentence(&ctx, t2, sentence, &nums, &at, out);
                }
            }
        }
    }
}

/// Where a sentence lies: its byte offset in the document and its section.
struct Place {
    base: usize,
    section: usize,
    /// Whether its paragraph speaks of applications (依申请, 公开申请 …).
    para_about_applications: bool,
}

impl Place {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }
}

fn with_section(f: Finding, section: usize) -> Finding {
    match section_label(section) {
        // A cell sets the table's section; the prose's own section is where to look.
        Some(s) => f.section(s),
        None => f,
    }
}

// ==== Binding key words to numbers ======================================================

/// A key word bound to the count it states.
struct Bound<K> {
    /// The key words, with their byte ranges in the sentence, first to last.
    kws: Vec<(K, usize, usize)>,
    /// Byte offset of the first key word.
    kw_start: usize,
    num: Num,
    /// "各" before the count: each key word has that count, not their sum.
    each: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok<K> {
    Kw(K),
    Stop,
    /// A word that only keeps a shorter key word inside it from matching (继续办理).
    Skip,
}

/// Binds key words to counts in one clause `[c0, c1)` of `sentence`. Key words joined
/// only by `joiners` share the count that follows them; a count written straight before
/// a key word ("6件予以公开") is that key word's. A stop word between a key word and a
/// count unbinds it.
fn bind<K: Copy + PartialEq>(
    sentence: &str,
    nums: &[Num],
    (c0, c1): (usize, usize),
    words: &Lexicon<Tok<K>>,
    joiners: &Fillers,
    glue: fn(K, &str) -> bool,
) -> Vec<Bound<K>> {
    let clause = &sentence[c0..c1];
    let hits = words.find(clause, c0);
    let nums: Vec<&Num> = nums
        .iter()
        .filter(|n| n.start >= c0 && n.unit_end <= c1)
        .collect();
    let mut out: Vec<Bound<K>> = Vec::new();
    let mut pending: Vec<(usize, usize, K)> = Vec::new();
    let mut hi = 0;
    let mut ni = 0;
    // The last count not bound to a key word before it, for "6件予以公开".
    let mut loose: Option<&Num> = None;
    while hi < hits.len() || ni < nums.len() {
        let take_hit = match (hits.get(hi), nums.get(ni)) {
            (Some(h), Some(n)) => h.0 < n.start,
            (Some(_), None) => true,
            _ => false,
        };
        if take_hit {
            let (hs, he, tok) = hits[hi];
            hi += 1;
            // Key words inside a number's unit span cannot happen; skip defensively.
            match tok {
                Tok::Skip => {}
                Tok::Stop => {
                    pending.clear();
                    loose = None;
                }
                Tok::Kw(k) => {
                    if let Some(n) = loose.take() {
                        let gap = &sentence[n.unit_end..hs];
                        if gap.chars().count() <= 2 && !gap.contains(is_clause_sep) {
                            out.push(Bound {
                                kws: vec![(k, hs, he)],
                                kw_start: hs,
                                num: *n,
                                each: false,
                            });
                            continue;
                        }
                    }
                    if let Some(&(_, pe, pk)) = pending.last() {
                        if pe == hs || glue(pk, &sentence[pe..hs]) {
                            // "予以公开答复966件": one compound word, named by its first;
                            // "结转2024年办理3件": one phrase, named by 结转.
                            continue;
                        }
                        if !only_words(&sentence[pe..hs], joiners) {
                            pending.clear();
                        }
                    }
                    pending.push((hs, he, k));
                }
            }
        } else {
            let n = nums[ni];
            ni += 1;
            if !countlike(sentence, n, c1) {
                // A percentage, date or approximation ends what the key words say.
                if n.unit != Unit::Year {
                    pending.clear();
                }
                loose = None;
                continue;
            }
            if pending.is_empty() {
                loose = Some(n);
                continue;
            }
            let last_end = pending.last().map(|p| p.1).unwrap_or(n.start);
            // "各1件", "均为0": each key word has the count, not their sum.
            let each = sentence[last_end..n.start].contains(['各', '均']);
            out.push(Bound {
                kws: pending.iter().map(|&(s, e, k)| (k, s, e)).collect(),
                kw_start: pending[0].0,
                num: *n,
                each,
            });
            pending.clear();
            loose = None;
        }
    }
    out
}

// ==== TXT-T3 =============================================================================

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T3 {
    /// 本年新收.
    New,
    /// 收到, 接到, 受理: 本年新收, or 新收 + 上年结转.
    Received,
    /// 办理: received or decided.
    Handled,
    Carried,
    Next,
    /// 办结, 答复: （七）总计.
    Closed,
    Granted,
    Partial,
    Denied,
    Unable,
    /// 无法提供 because the organ does not hold the information (row 3.4.1).
    NotHeld,
    /// 无法提供 because it would have to be made (3.4.2).
    NeedsMaking,
    /// 无法提供 because the request stayed unclear (3.4.3).
    Unclear,
    NotProcessed,
    OtherProcessed,
    /// 结转 whose direction the words do not say.
    Carry,
}

const T3_WORDS: &[(&str, Tok<T3>)] = &[
    ("本年度新收", Tok::Kw(T3::New)),
    ("本年新收", Tok::Kw(T3::New)),
    ("新收到", Tok::Kw(T3::New)),
    ("新收", Tok::Kw(T3::New)),
    ("收到", Tok::Kw(T3::Received)),
    ("接到", Tok::Kw(T3::Received)),
    ("接收", Tok::Kw(T3::Received)),
    ("受理", Tok::Kw(T3::Received)),
    ("收悉", Tok::Kw(T3::Received)),
    ("办理", Tok::Kw(T3::Handled)),
    ("办结", Tok::Kw(T3::Closed)),
    ("答复", Tok::Kw(T3::Closed)),
    ("回复", Tok::Kw(T3::Closed)),
    ("予以公开", Tok::Kw(T3::Granted)),
    ("部分公开", Tok::Kw(T3::Partial)),
    ("不予公开", Tok::Kw(T3::Denied)),
    ("无法提供", Tok::Kw(T3::Unable)),
    ("不掌握", Tok::Kw(T3::NotHeld)),
    ("信息不存在", Tok::Kw(T3::NotHeld)),
    ("另行制作", Tok::Kw(T3::NeedsMaking)),
    ("仍不明确", Tok::Kw(T3::Unclear)),
    ("不予处理", Tok::Kw(T3::NotProcessed)),
    ("其他处理", Tok::Kw(T3::OtherProcessed)),
    ("上一年度结转", Tok::Kw(T3::Carried)),
    ("上一年结转", Tok::Kw(T3::Carried)),
    ("上年度结转", Tok::Kw(T3::Carried)),
    ("上年结转", Tok::Kw(T3::Carried)),
    ("去年结转", Tok::Kw(T3::Carried)),
    ("往年结转", Tok::Kw(T3::Carried)),
    ("结转", Tok::Kw(T3::Carry)),
    ("转入下年", Tok::Kw(T3::Next)),
    ("转至下年", Tok::Kw(T3::Next)),
    // "结转下年度继续办理2件": the count is the 结转's.
    ("继续办理", Tok::Skip),
    ("其中", Tok::Stop),
    ("较", Tok::Stop),
    ("比", Tok::Stop),
    ("增加", Tok::Stop),
    ("增长", Tok::Stop),
    ("减少", Tok::Stop),
    ("下降", Tok::Stop),
    ("上升", Tok::Stop),
    ("提高", Tok::Stop),
    ("占", Tok::Stop),
    ("平均", Tok::Stop),
    ("涉及", Tok::Stop),
    ("每", Tok::Stop),
    ("累计", Tok::Stop),
];

const T3_JOINERS: &[&str] = &["并", "和", "及", "与", "、", "且", "或", "以及", "均", "已"];

/// Objects the table does not count.
const T3_FOREIGN: &[&str] = &[
    "咨询",
    "来电",
    "来信",
    "留言",
    "建议",
    "提案",
    "投诉",
    "举报",
    "信访",
    "许可",
    "复议",
    "诉讼",
    "审批",
    "低保",
    "补贴",
    "救助",
    "登记",
    "赔偿",
    "处理费",
    "收费",
    "缴费",
    "补正",
    "撤回",
    "材料",
    "人大",
    "政协",
    "主动公开",
    "诉求",
    "网民",
    "热线",
    "来访",
    "问政",
    "意见",
];

/// Words that make a count a part of the applications (by applicant, channel, timing).
const T3_PART: &[&str] = &[
    "自然人",
    "法人",
    "企业",
    "组织",
    "公民",
    "个人",
    "网上",
    "网络",
    "在线",
    "信函",
    "邮寄",
    "当面",
    "现场",
    "电话",
    "传真",
    "邮件",
    "电子",
    "窗口",
    "平台",
    "微信",
    "来访",
    "书面",
    "延期",
    "逾期",
    "超期",
    "按时",
    "按期",
    "及时",
    "当场",
    "当日",
    "当天",
    "限时",
    "提前",
    "口头",
];

/// 答复书, 受理机构 …: the key word names a thing, not a count of applications.
fn t3_word_is_noun(clause_after: &str, kind: T3) -> bool {
    let nouns: &[&str] = match kind {
        T3::Closed => &["书", "函", "文书", "格式", "期限", "时限", "率"],
        T3::Received => &["机构", "流程", "渠道", "窗口", "点", "率", "后", "之日"],
        T3::Handled => &[
            "流程", "程序", "时限", "结果", "机制", "工作", "质量", "水平", "率",
        ],
        _ => &["率"],
    };
    nouns.iter().any(|n| clause_after.starts_with(n))
}

/// Whether the words between 结转 and a later key word only say when to: "结转2024年办理",
/// "结转至下年度继续办理" are one phrase about the carried-over applications.
fn carry_glue(first: T3, gap: &str) -> bool {
    if first != T3::Carry {
        return false;
    }
    let g = gap.trim_start_matches(['至', '到', '入', '于']);
    let g = match ["下一年", "下年", "次年"]
        .iter()
        .find(|w| g.starts_with(**w))
    {
        Some(w) => &g[w.len()..],
        None => {
            let digits = g.bytes().take_while(u8::is_ascii_digit).count();
            if digits != 4 || !g[4..].starts_with('年') {
                return false;
            }
            &g[4 + '年'.len_utf8()..]
        }
    };
    let g = g.trim_start_matches('度');
    g.is_empty() || g == "继续"
}

/// Resolves an undirected 结转 from the words after it.
fn carry_direction(after: &str, year: Option<i32>) -> Option<T3> {
    let a = after.trim_start_matches(['至', '到', '入', '于']);
    if a.starts_with("下年")
        || a.starts_with("下一年")
        || a.starts_with("次年")
        || a.starts_with("下个年度")
    {
        return Some(T3::Next);
    }
    if let Some(y) = year {
        let next = format!("{}年", y + 1);
        if a.starts_with(&next) {
            return Some(T3::Next);
        }
    }
    None
}

fn t3_expect(t3: &TypedTable, kind: T3) -> Option<(Expect, &'static str, Vec<Expect>)> {
    let keys_with = |prefix: &str| -> Vec<&'static str> {
        t3.rows
            .iter()
            .map(|r| r.key)
            .filter(|k| k.starts_with(prefix))
            .collect()
    };
    let row = |k: &str| sum_rows(t3, &[k]);
    Some(match kind {
        T3::New => (row("1")?, "1", vec![]),
        T3::Received => {
            let n = row("1")?;
            let c = row("2")?;
            (n, "1", vec![n.add(c)])
        }
        T3::Handled => {
            let n = row("1")?;
            let c = row("2")?;
            (n, "1", vec![n.add(c), row("3.7")?])
        }
        T3::Carried => (row("2")?, "2", vec![]),
        T3::Next => (row("4")?, "4", vec![]),
        T3::Closed => {
            let total = row("3.7")?;
            let n = row("1")?;
            let c = row("2")?;
            let next = row("4")?;
            let balance = Expect {
                total: n.total + c.total - next.total,
                alt: n.alt + c.alt - next.alt,
            };
            (total, "3.7", vec![balance])
        }
        T3::Granted => (row("3.1")?, "3.1", vec![]),
        T3::Partial => (row("3.2")?, "3.2", vec![]),
        T3::Denied => (sum_rows(t3, &keys_with("3.3."))?, "3.3", vec![]),
        T3::Unable => (sum_rows(t3, &keys_with("3.4."))?, "3.4", vec![]),
        // "因不掌握等原因无法提供": the row named, or the group ("等").
        T3::NotHeld => (
            row("3.4.1")?,
            "3.4.1",
            vec![sum_rows(t3, &keys_with("3.4."))?],
        ),
        T3::NeedsMaking => (
            row("3.4.2")?,
            "3.4.2",
            vec![sum_rows(t3, &keys_with("3.4."))?],
        ),
        T3::Unclear => (
            row("3.4.3")?,
            "3.4.3",
            vec![sum_rows(t3, &keys_with("3.4."))?],
        ),
        T3::NotProcessed => (sum_rows(t3, &keys_with("3.5."))?, "3.5", vec![]),
        T3::OtherProcessed => {
            let keys = if t3.row("3.6").is_some() {
                vec!["3.6"]
            } else {
                keys_with("3.6.")
            };
            (sum_rows(t3, &keys)?, "3.6", vec![])
        }
        T3::Carry => return None,
    })
}

fn t3_is_outcome(kind: T3) -> bool {
    matches!(
        kind,
        T3::Granted
            | T3::Partial
            | T3::Denied
            | T3::Unable
            | T3::NotHeld
            | T3::NeedsMaking
            | T3::Unclear
            | T3::NotProcessed
            | T3::OtherProcessed
    )
}

/// The row of （四）无法提供 that the words before 无法提供 give as the reason.
fn unable_reason(before: &str) -> Option<T3> {
    if crate::has!(before, "不掌握") || crate::has!(before, "不存在") {
        Some(T3::NotHeld)
    } else if crate::has!(before, "另行制作") || crate::has!(before, "没有现成") {
        Some(T3::NeedsMaking)
    } else if crate::has!(before, "不明确") {
        Some(T3::Unclear)
    } else {
        None
    }
}

fn t3_what(kind: T3) -> &'static str {
    match kind {
        T3::New | T3::Received => "本年新收政府信息公开申请数量",
        T3::Handled => "办理的政府信息公开申请数量",
        T3::Carried => "上年结转政府信息公开申请数量",
        T3::Next => "结转下年度继续办理数量",
        T3::Closed => "办理结果总计（办结、答复）",
        T3::Granted => "予以公开",
        T3::Partial => "部分公开",
        T3::Denied => "不予公开",
        T3::Unable => "无法提供",
        T3::NotHeld => "无法提供（本机关不掌握相关政府信息）",
        T3::NeedsMaking => "无法提供（没有现成信息需要另行制作）",
        T3::Unclear => "无法提供（补正后申请内容仍不明确）",
        T3::NotProcessed => "不予处理",
        T3::OtherProcessed => "其他处理",
        T3::Carry => "",
    }
}

/// The row a finding points at; groups point at their first row.
fn t3_cell_row(t3: &TypedTable, key: &'static str) -> &'static str {
    match key {
        "3.3" | "3.4" | "3.5" | "3.6" => t3
            .rows
            .iter()
            .map(|r| r.key)
            .find(|k| k.starts_with(key))
            .unwrap_or(key),
        k => k,
    }
}

fn fmt(x: f64) -> String {
    crate::numbers::format_decimal(x)
}

fn t3_sentence(
    ctx: &Ctx,
    t3: &TypedTable,
    sentence: &str,
    nums: &[Num],
    at: &Place,
    out: &mut Vec<Finding>,
) {
    // The sentence must be about applications for information: it says so, or it
    // stands in section 三 and speaks of 申请, or (for the outcome words only) its
    // paragraph is about applications and it does not speak of 主动公开.
    let strong = crate::has!(sentence, "公开申请")
        || crate::has!(sentence, "依申请")
        || crate::has!(sentence, "申请公开")
        || (crate::has!(sentence, "信息公开") && crate::has!(sentence, "申请"));
    let about_applications = strong || (at.section == 3 && crate::has!(sentence, "申请"));
    let outcomes_only =
        !about_applications && at.para_about_applications && !crate::has!(sentence, "主动");
    if !about_applications && !outcomes_only {
        return;
    }
    for (c0, c1) in split_on(sentence, is_clause_sep) {
        if !clause_may_state(sentence, nums, (c0, c1)) {
            continue;
        }
        let clause = &sentence[c0..c1];
        if t3_foreign().in_text(clause) {
            continue;
        }
        t3_negation(ctx, t3, sentence, nums, (c0, c1), at, out);
        let generic_applicants = crate::has!(clause, "其他组织")
            && (crate::has!(clause, "公民") || crate::has!(clause, "自然人"));
        let partial = (!generic_applicants && t3_part().in_text(clause))
            || clause
                .trim_start_matches(crate::doc::is_padding)
                .starts_with("其中");
        for b in bind(
            sentence,
            nums,
            (c0, c1),
            t3_lexicon(),
            t3_joiners(),
            carry_glue,
        ) {
            // "2021年结转…" in a 2022 report: carried over from the year before.
            let mut stmt_at = b.kw_start;
            let mut from_last_year = false;
            if let (Some(y), Some(&(T3::Carry, ks, _))) = (ctx.year, b.kws.first()) {
                for unit in ["年", "年度"] {
                    let tok = format!("{}{unit}", y - 1);
                    if sentence[c0..ks].ends_with(&tok) {
                        stmt_at = ks - tok.len();
                        from_last_year = true;
                    }
                }
            }
            if !own_year_and_organ(ctx, sentence, nums, c0, stmt_at) {
                continue;
            }
            // The key words that state this count, each with what the table has.
            let mut stated: Vec<(T3, Expect, &'static str, Vec<Expect>)> = Vec::new();
            for &(kind0, ks, ke) in &b.kws {
                let kind = match kind0 {
                    T3::Carry if from_last_year => T3::Carried,
                    // 结转 alone: its direction from the words after it.
                    T3::Carry => match carry_direction(&sentence[ke..c1], ctx.year) {
                        Some(k) => k,
                        None => continue,
                    },
                    // "因本机关不掌握等原因无法提供265件": the reason names the row.
                    T3::Unable => unable_reason(&sentence[c0..ks]).unwrap_or(T3::Unable),
                    k => k,
                };
                if t3_word_is_noun(&sentence[ke..c1], kind) {
                    continue;
                }
                let outcome = t3_is_outcome(kind);
                if outcomes_only && !outcome {
                    continue;
                }
                let receipt = matches!(kind, T3::New | T3::Received | T3::Handled);
                if receipt && (!crate::has!(clause, "申请") || partial) {
                    continue;
                }
                if matches!(kind, T3::Closed) && partial {
                    continue;
                }
                if !receipt && !matches!(kind, T3::Closed) && t3_part().in_text(clause) {
                    continue;
                }
                let Some((primary, row, others)) = t3_expect(t3, kind) else {
                    continue;
                };
                if stated.iter().all(|s| s.0 != kind) {
                    stated.push((kind, primary, row, others));
                }
            }
            let v = b.num.value;
            let fits = |p: &Expect, o: &[Expect]| p.accepts(v) || o.iter().any(|e| e.accepts(v));
            let row_text = |row: &'static str| -> &'static str {
                let cell_row = t3_cell_row(t3, row);
                match row {
                    "3.3" => "（三）不予公开（各项之和）",
                    "3.4" => "（四）无法提供（各项之和）",
                    "3.5" => "（五）不予处理（各项之和）",
                    "3.6" if cell_row != "3.6" => "（六）其他处理（各项之和）",
                    _ => row_label("t3", cell_row),
                }
            };
            let group_cells = |mut f: Finding, row: &'static str| -> Finding {
                if let "3.3" | "3.4" | "3.5" | "3.6" = row {
                    for r in t3.rows.iter().filter(|r| r.key.starts_with(row)).skip(1) {
                        f = f.also_cell("t3", r.key, "total");
                    }
                }
                f
            };
            // "予以公开及部分公开258件": distinct outcomes sharing one count are their sum
            // (or, with 各/均, each has it).
            if stated.len() >= 2 && !b.each && stated.iter().all(|s| t3_is_outcome(s.0)) {
                let sum = stated.iter().fold(
                    Expect {
                        total: 0.0,
                        alt: 0.0,
                    },
                    |a, s| a.add(s.1),
                );
                if sum.accepts(v) || stated.iter().all(|s| fits(&s.1, &s.3)) {
                    continue;
                }
                let what = stated
                    .iter()
                    .map(|s| t3_what(s.0))
                    .collect::<Vec<_>>()
                    .join("与");
                let rows = stated
                    .iter()
                    .map(|s| row_text(s.2))
                    .collect::<Vec<_>>()
                    .join("＋");
                let mut f = Finding::new("TXT-T3")
                    .arg("quote", quote_of(sentence, b.kw_start, b.num.unit_end))
                    .arg("what", format!("{what}合计"))
                    .arg("found", fmt(v))
                    .arg("row", rows)
                    .arg("expected", fmt(sum.total))
                    .span(at.span(b.num.start, b.num.unit_end))
                    .cell("t3", t3_cell_row(t3, stated[0].2), "total")
                    .evidence(sum.total, v);
                for (i, s) in stated.iter().enumerate() {
                    if i > 0 {
                        f = f.also_cell("t3", t3_cell_row(t3, s.2), "total");
                    }
                    f = group_cells(f, s.2);
                }
                out.push(with_section(f, at.section));
                continue;
            }
            for (kind, primary, row, others) in stated {
                if fits(&primary, &others) {
                    continue;
                }
                let cell_row = t3_cell_row(t3, row);
                let mut f = Finding::new("TXT-T3")
                    .arg("quote", quote_of(sentence, b.kw_start, b.num.unit_end))
                    .arg("what", t3_what(kind))
                    .arg("found", fmt(v))
                    .arg("row", row_text(row))
                    .arg("expected", fmt(primary.total))
                    .span(at.span(b.num.start, b.num.unit_end))
                    .cell("t3", cell_row, "total")
                    .evidence(primary.total, v);
                if kind == T3::Received && others[0].total != primary.total {
                    let carried = others[0].total - primary.total;
                    f = f
                        .variant("received")
                        .arg("carried", fmt(carried))
                        .arg("both", fmt(others[0].total))
                        .also_cell("t3", "2", "total");
                }
                f = group_cells(f, row);
                out.push(with_section(f, at.section));
            }
        }
    }
}

const NEGATIONS: [&str; 9] = [
    "没有", "未曾", "从未", "尚未", "并未", "均未", "未", "无", "没",
];

/// Words that may stand between "未收到" and 申请 without narrowing which applications.
const T3_NEG_FILLERS: &[&str] = &[
    "任何",
    "公民",
    "法人",
    "或者",
    "或",
    "和",
    "及",
    "其他组织",
    "其他",
    "组织",
    "单位",
    "个人",
    "群众",
    "社会",
    "的",
    "提出",
    "提交",
    "向",
    "本机关",
    "本单位",
    "我局",
    "我单位",
    "我办",
    "我委",
    "政府信息公开",
    "依申请公开",
    "信息公开",
    "政府信息",
    "公开",
    "申请",
    "事项",
    "件",
    "类",
    "相关",
    "有关",
    "方面",
    "情况",
    "、",
    "也",
    "均",
];

/// "未收到…政府信息公开申请" while 本年新收 > 0.
fn t3_negation(
    ctx: &Ctx,
    t3: &TypedTable,
    sentence: &str,
    nums: &[Num],
    (c0, c1): (usize, usize),
    at: &Place,
    out: &mut Vec<Finding>,
) {
    let clause = &sentence[c0..c1];
    let verbs = ["收到", "接到", "受理", "接收", "发生", "产生"];
    for v in verbs {
        for (i, _) in clause.match_indices(v) {
            let before = &clause[..i];
            let Some(neg) = NEGATIONS.iter().find(|n| before.ends_with(**n)) else {
                continue;
            };
            let obj = &clause[i + v.len()..];
            if !crate::has!(obj, "申请") || !only_words(obj, t3_neg_fillers()) {
                continue;
            }
            let neg_start = c0 + i - neg.len();
            if !own_year_and_organ(ctx, sentence, nums, c0, neg_start) {
                continue;
            }
            report_t3_none(t3, sentence, (neg_start, c1), at, out);
            return;
        }
    }
    // "无政府信息公开申请", "无依申请公开事项".
    for (i, _) in clause.match_indices('无') {
        let obj = &clause[i + '无'.len_utf8()..];
        let direct = ["政府信息公开申请", "依申请公开", "信息公开申请"]
            .iter()
            .any(|m| obj.starts_with(m));
        if !direct || !only_words(obj, t3_neg_fillers()) {
            continue;
        }
        if !own_year_and_organ(ctx, sentence, nums, c0, c0 + i) {
            continue;
        }
        report_t3_none(t3, sentence, (c0 + i, c1), at, out);
        return;
    }
}

fn report_t3_none(
    t3: &TypedTable,
    sentence: &str,
    (s, e): (usize, usize),
    at: &Place,
    out: &mut Vec<Finding>,
) {
    let Some(new) = sum_rows(t3, &["1"]) else {
        return;
    };
    if !new.positive() {
        return;
    }
    let f = Finding::new("TXT-T3")
        .variant("none")
        .arg("quote", quote_of(sentence, s, e))
        .arg("row", row_label("t3", "1"))
        .arg("expected", fmt(new.total))
        .span(at.span(s, e))
        .cell("t3", "1", "total")
        .evidence(new.total, 0i64);
    out.push(with_section(f, at.section));
}

// ==== TXT-T4 =============================================================================

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T4 {
    Review,
    Litigation,
    Direct,
    AfterReview,
}

const T4_WORDS: &[(&str, Tok<T4>)] = &[
    ("行政复议", Tok::Kw(T4::Review)),
    ("复议后起诉", Tok::Kw(T4::AfterReview)),
    ("未经复议直接起诉", Tok::Kw(T4::Direct)),
    ("直接起诉", Tok::Kw(T4::Direct)),
    ("复议", Tok::Kw(T4::Review)),
    ("行政诉讼", Tok::Kw(T4::Litigation)),
    ("诉讼", Tok::Kw(T4::Litigation)),
    ("起诉", Tok::Kw(T4::Litigation)),
    // Outcomes: a count after these is a part of the cases.
    ("维持", Tok::Stop),
    ("纠正", Tok::Stop),
    ("纠错", Tok::Stop),
    ("撤销", Tok::Stop),
    ("驳回", Tok::Stop),
    ("违法", Tok::Stop),
    ("败诉", Tok::Stop),
    ("胜诉", Tok::Stop),
    ("审结", Tok::Stop),
    ("结果", Tok::Stop),
    ("终止", Tok::Stop),
    ("撤回", Tok::Stop),
    ("撤诉", Tok::Stop),
    ("赔偿", Tok::Stop),
    ("调解", Tok::Stop),
    ("和解", Tok::Stop),
    ("其中", Tok::Stop),
    ("较", Tok::Stop),
    ("比", Tok::Stop),
    ("增加", Tok::Stop),
    ("减少", Tok::Stop),
    ("下降", Tok::Stop),
    ("占", Tok::Stop),
    ("平均", Tok::Stop),
    ("涉及", Tok::Stop),
    ("累计", Tok::Stop),
    ("申请人", Tok::Stop),
];

const T4_JOINERS: &[&str] = &[
    "、", "和", "及", "与", "或", "以及", "或者", "案件", "申请", "的", "/",
];

/// Words that may surround a negated 行政复议/行政诉讼 without narrowing it.
const T4_NEG_FILLERS: &[&str] = &[
    "发生",
    "出现",
    "产生",
    "收到",
    "接到",
    "被申请",
    "被提起",
    "被",
    "申请",
    "提起",
    "提出",
    "有",
    "涉及",
    "针对",
    "因",
    "由于",
    "关于",
    "对",
    "本机关",
    "本单位",
    "我局",
    "我单位",
    "我办",
    "我委",
    "我区",
    "我县",
    "我镇",
    "我市",
    "我乡",
    "作为",
    "为",
    "被告",
    "政府信息公开",
    "依申请公开",
    "信息公开",
    "政务公开",
    "公开",
    "工作",
    "事务",
    "事项",
    "方面",
    "引发",
    "引起",
    "导致",
    "的",
    "任何",
    "相关",
    "有关",
    "案件",
    "案",
    "件",
    "情况",
    "情形",
    "现象",
    "、",
    "和",
    "及",
    "或",
    "与",
    "或者",
    "以及",
    "申诉",
    "等",
    "也",
    "均",
    "一起",
    "一例",
    "一件",
    "行政复议",
    "行政诉讼",
    "复议",
    "诉讼",
    "起诉",
    "行政",
];

/// Time and scope words that may open a clause about the whole organ and year.
const T4_TIME: &[&str] = &[
    "本年度",
    "本年",
    "全年",
    "年内",
    "今年",
    "年度",
    "全县",
    "全区",
    "全市",
    "全镇",
    "全乡",
    "全局",
    "全",
];

/// The last negation word in `sentence[from..to]` (not the 未 of 未经复议).
fn negation_before(sentence: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let before = &sentence[from..to];
    let mut neg: Option<(usize, usize)> = None;
    for n in NEGATIONS {
        for (i, _) in before.match_indices(n) {
            if n == "未" && before[i..].starts_with("未经") {
                continue;
            }
            let s = from + i;
            // Prefer the latest, and the longest at the same place (没有 over 没).
            if neg.is_none_or(|(ps, pe)| s > ps || (s == ps && s + n.len() > pe)) {
                neg = Some((s, s + n.len()));
            }
        }
    }
    neg
}

fn t4_expect(t4: &TypedTable, kind: T4) -> Option<Expect> {
    Some(match kind {
        T4::Review => sum_rows(t4, &["review"])?,
        T4::Direct => sum_rows(t4, &["litigation_direct"])?,
        T4::AfterReview => sum_rows(t4, &["litigation_after_review"])?,
        T4::Litigation => sum_rows(t4, &["litigation_direct", "litigation_after_review"])?,
    })
}

fn t4_what(kind: T4) -> &'static str {
    match kind {
        T4::Review => "行政复议",
        T4::Litigation => "行政诉讼（未经复议直接起诉＋复议后起诉）",
        T4::Direct => "未经复议直接起诉的行政诉讼",
        T4::AfterReview => "复议后起诉的行政诉讼",
    }
}

fn t4_cells(f: Finding, kind: T4) -> Finding {
    match kind {
        T4::Review => f.cell("t4", "review", "total"),
        T4::Direct => f.cell("t4", "litigation_direct", "total"),
        T4::AfterReview => f.cell("t4", "litigation_after_review", "total"),
        T4::Litigation => f.cell("t4", "litigation_direct", "total").also_cell(
            "t4",
            "litigation_after_review",
            "total",
        ),
    }
}

fn t4_sentence(
    ctx: &Ctx,
    t4: &TypedTable,
    sentence: &str,
    nums: &[Num],
    at: &Place,
    out: &mut Vec<Finding>,
) {
    for (c0, c1) in split_on(sentence, is_clause_sep) {
        if !clause_may_state(sentence, nums, (c0, c1)) {
            continue;
        }
        if t4_negation(ctx, t4, sentence, nums, (c0, c1), at, out) {
            continue;
        }
        // Counts of all administrative reviews of an organ are not table 四's, which
        // only counts those about information disclosure: the count's own clause or the
        // words before it must say so ("因政府信息公开被申请行政复议2件"), unless it
        // stands in section 四. "办理行政复议案件5件，政府信息公开类1件" does not.
        if at.section != 4 && !crate::has!(sentence[..c1], "公开") {
            continue;
        }
        for b in bind(
            sentence,
            nums,
            (c0, c1),
            t4_lexicon(),
            t4_joiners(),
            |_, _| false,
        ) {
            if !own_year_and_organ(ctx, sentence, nums, c0, b.kw_start) {
                continue;
            }
            let v = b.num.value;
            let mut kinds: Vec<T4> = Vec::new();
            for &(k, _, _) in &b.kws {
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
            let exps: Option<Vec<Expect>> = kinds.iter().map(|k| t4_expect(t4, *k)).collect();
            let Some(exps) = exps else { continue };
            let quote = quote_of(sentence, b.kw_start, b.num.unit_end);
            let span = at.span(b.num.start, b.num.unit_end);
            if kinds.len() == 1 || b.each {
                for (k, e) in kinds.iter().zip(&exps) {
                    if e.accepts(v) {
                        continue;
                    }
                    let f = Finding::new("TXT-T4")
                        .arg("quote", quote.clone())
                        .arg("what", t4_what(*k))
                        .arg("found", fmt(v))
                        .arg("expected", fmt(e.total))
                        .span(span)
                        .evidence(e.total, v);
                    out.push(with_section(t4_cells(f, *k), at.section));
                }
            } else {
                // "行政复议、行政诉讼共2件": the sum, or each (when all agree).
                let sum = exps.iter().fold(
                    Expect {
                        total: 0.0,
                        alt: 0.0,
                    },
                    |a, e| a.add(*e),
                );
                if sum.accepts(v) || exps.iter().all(|e| e.accepts(v)) {
                    continue;
                }
                let what = kinds
                    .iter()
                    .map(|k| t4_what(*k))
                    .collect::<Vec<_>>()
                    .join("与");
                let mut f = Finding::new("TXT-T4")
                    .arg("quote", quote)
                    .arg("what", format!("{what}合计"))
                    .arg("found", fmt(v))
                    .arg("expected", fmt(sum.total))
                    .span(span)
                    .evidence(sum.total, v);
                for k in &kinds {
                    f = t4_cells(f, *k);
                }
                out.push(with_section(f, at.section));
            }
        }
    }
}

/// "未发生…行政复议、行政诉讼": each negated kind must total 0. Returns whether the
/// clause was a negation (so its words are not read as counts too).
fn t4_negation(
    ctx: &Ctx,
    t4: &TypedTable,
    sentence: &str,
    nums: &[Num],
    (c0, c1): (usize, usize),
    at: &Place,
    out: &mut Vec<Finding>,
) -> bool {
    let clause = &sentence[c0..c1];
    let hits: Vec<(usize, usize, T4)> = t4_lexicon()
        .find(clause, c0)
        .into_iter()
        .filter_map(|(s, e, t)| match t {
            Tok::Kw(k) => Some((s, e, k)),
            Tok::Stop | Tok::Skip => None,
        })
        .collect();
    let Some(first) = hits.first() else {
        return false;
    };
    let last = hits[hits.len() - 1];
    let (ns, ne) = match negation_before(sentence, c0, first.0) {
        // "未发生…行政复议、行政诉讼…": everything after the negation is generic.
        Some((ns, ne)) if only_words(&sentence[ne..c1], t4_neg_fillers()) => (ns, c1),
        _ => {
            // "行政复议、行政诉讼均未发生": a generic subject, then the negation.
            let tail = &sentence[last.1..c1];
            let negated_tail =
                NEGATIONS.iter().any(|n| tail.contains(n)) && only_words(tail, t4_neg_tail());
            let head_ok = only_words(&sentence[c0..first.0], t4_neg_head());
            if !(negated_tail
                && head_ok
                && only_words(&sentence[first.0..last.1], t4_neg_fillers()))
            {
                return false;
            }
            (first.0, c1)
        }
    };
    if !own_year_and_organ(ctx, sentence, nums, c0, ns) {
        return true;
    }
    let mut kinds: Vec<T4> = Vec::new();
    for h in &hits {
        if !kinds.contains(&h.2) {
            kinds.push(h.2);
        }
    }
    for k in kinds {
        let Some(e) = t4_expect(t4, k) else { continue };
        if !e.positive() {
            continue;
        }
        let f = Finding::new("TXT-T4")
            .variant("none")
            .arg("quote", quote_of(sentence, ns, ne))
            .arg("what", t4_what(k))
            .arg("expected", fmt(e.total))
            .span(at.span(ns, ne))
            .evidence(e.total, 0i64);
        out.push(with_section(t4_cells(f, k), at.section));
    }
    true
}

// ==== TXT-T2 =============================================================================

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T2 {
    Rules,
    Normative,
    /// 规范性文件 without 行政: the same row, unless the sentence also names 行政规范性文件
    /// (then it is the broader kind, 党内 documents included).
    NormativeBare,
    Licensing,
    Penalty,
    Coercion,
    Fees,
    Issued,
    Repealed,
    InForce,
    /// 决定, or a verb that makes a decision (作出, 实施 …).
    Decision,
}

/// Table 二 key words and stop words, for one automaton.
fn t2_words() -> Vec<(&'static str, Tok<T2>)> {
    T2_WORDS
        .iter()
        .map(|&(w, k)| (w, Tok::Kw(k)))
        .chain(T2_STOPS.iter().map(|&w| (w, Tok::Stop)))
        .collect()
}

const T2_WORDS: &[(&str, T2)] = &[
    ("行政规范性文件", T2::Normative),
    ("规范性文件", T2::NormativeBare),
    ("政府规章", T2::Rules),
    ("规章", T2::Rules),
    ("行政许可", T2::Licensing),
    ("行政处罚", T2::Penalty),
    ("行政强制", T2::Coercion),
    ("行政事业性收费", T2::Fees),
    ("制发", T2::Issued),
    ("印发", T2::Issued),
    ("制定", T2::Issued),
    ("出台", T2::Issued),
    ("颁布", T2::Issued),
    ("废止", T2::Repealed),
    ("废除", T2::Repealed),
    ("现行有效", T2::InForce),
    ("决定", T2::Decision),
    ("作出", T2::Decision),
    ("做出", T2::Decision),
    ("下达", T2::Decision),
    ("实施", T2::Decision),
];

/// Words that make a number in a clause about table 二 something else: other
/// quantities (清理, 审查, 公开 …), cumulative or comparative figures, and amounts
/// that are not fees collected (减免 …).
const T2_STOPS: &[&str] = &[
    "较",
    "比",
    "增加",
    "减少",
    "增长",
    "下降",
    "占",
    "涉及",
    "其中",
    "平均",
    "每",
    "累计",
    "历年",
    "以来",
    "至今",
    "先后",
    "清理",
    "修订",
    "修改",
    "审查",
    "审核",
    "备案",
    "解读",
    "起草",
    "评估",
    "征求",
    "公开",
    "公示",
    "发布",
    "上传",
    "报送",
    "办理",
    "受理",
    "申请",
    "事项",
    "清单",
    "目录",
    "标准",
    "减免",
    "免征",
    "免收",
    "减收",
    "降",
    "退还",
    "返还",
    "取消",
    "停征",
    "项目",
    "制度",
    "党内",
    "部门规章",
    "裁量",
    "权力",
    "其他",
    "双随机",
    "检查",
    // "废止和宣布失效…15件": repealed and expired together.
    "失效",
];

fn t2_kind_is_type(k: T2) -> bool {
    matches!(
        k,
        T2::Rules
            | T2::Normative
            | T2::NormativeBare
            | T2::Licensing
            | T2::Penalty
            | T2::Coercion
            | T2::Fees
    )
}

fn t2_row(k: T2) -> &'static str {
    match k {
        T2::Rules => "rules",
        T2::Normative => "normative_documents",
        T2::Licensing => "licensing",
        T2::Penalty => "penalty",
        T2::Coercion => "coercion",
        _ => "fees",
    }
}

fn t2_sentence(
    ctx: &Ctx,
    t2: &TypedTable,
    sentence: &str,
    nums: &[Num],
    at: &Place,
    out: &mut Vec<Finding>,
) {
    // "本年出台行政规范性文件：制发件数2件，…": a type heading the clauses after a colon.
    let mut heading: Option<T2> = None;
    let both_kinds = crate::has!(sentence, "行政规范性文件");
    for (c0, c1) in split_on(sentence, is_clause_sep) {
        let colon = sentence[c1..].starts_with(['：', ':']);
        let has_count = nums.iter().any(|n| {
            n.start >= c0 && n.unit_end <= c1 && matches!(n.unit, Unit::Count | Unit::Money(_))
        });
        if !has_count && !colon {
            continue;
        }
        let clause = &sentence[c0..c1];
        let found = t2_lexicon().find(clause, c0);
        let mut toks: Vec<(usize, usize, T2)> = Vec::with_capacity(found.len());
        let mut stops: Vec<(usize, usize)> = Vec::new();
        for (a, b, t) in found {
            match t {
                Tok::Kw(T2::NormativeBare) if both_kinds => stops.push((a, b)),
                Tok::Kw(T2::NormativeBare) => toks.push((a, b, T2::Normative)),
                Tok::Kw(k) => toks.push((a, b, k)),
                Tok::Stop => stops.push((a, b)),
                Tok::Skip => {}
            }
        }
        let types_here: Vec<T2> = toks
            .iter()
            .map(|t| t.2)
            .filter(|k| t2_kind_is_type(*k))
            .collect();
        if !has_count {
            // A colon clause: "本年出台行政规范性文件：" heads the rest of the sentence.
            heading = match (types_here.as_slice(), stops.is_empty()) {
                ([t], true) => Some(*t),
                _ => None,
            };
            continue;
        }
        if types_here.is_empty() && heading.is_none() {
            continue;
        }
        // Years do not end a segment: "行政许可2023年处理决定数量12项".
        let counts: Vec<&Num> = nums
            .iter()
            .filter(|n| n.start >= c0 && n.unit_end <= c1 && n.unit != Unit::Year)
            .collect();
        // Within the clause, segments end at each number; a document type and an action
        // carry over to later segments ("制发规范性文件4件、废止0件、现行有效7件").
        let mut seg_start = c0;
        let mut doc_type: Option<T2> = heading;
        let mut action: Option<T2> = None;
        for n in counts {
            let seg: Vec<&(usize, usize, T2)> = toks
                .iter()
                .filter(|t| t.0 >= seg_start && t.1 <= n.start)
                .collect();
            let stopped = stops.iter().any(|s| s.1 > seg_start && s.0 < n.start)
                || nums.iter().any(|y| {
                    y.unit == Unit::Year
                        && y.start >= seg_start
                        && y.end <= n.start
                        && ctx.year != Some(y.value as i32)
                });
            let prev_seg_start = seg_start;
            seg_start = n.unit_end;
            if stopped {
                doc_type = None;
                action = None;
                continue;
            }
            let types: Vec<T2> = seg
                .iter()
                .map(|t| t.2)
                .filter(|k| t2_kind_is_type(*k))
                .collect();
            let actions: Vec<T2> = seg
                .iter()
                .map(|t| t.2)
                .filter(|k| matches!(k, T2::Issued | T2::Repealed | T2::InForce))
                .collect();
            let decision = seg.iter().any(|t| t.2 == T2::Decision);
            if types.is_empty() && actions.is_empty() {
                // A number with nothing of its own: not a statement we can read.
                doc_type = None;
                action = None;
                continue;
            }
            // "4件规范性文件": the type straight after the count.
            let mut ty = match types.as_slice() {
                [t] => Some(*t),
                [] => doc_type,
                _ => None, // "规章和规范性文件共4件": combined, no single cell.
            };
            if types.is_empty() && n.is_count() {
                if let Some(t) = toks
                    .iter()
                    .find(|t| t.0 == n.unit_end && t2_kind_is_type(t.2))
                {
                    ty = Some(t.2);
                }
            }
            let act = match actions.as_slice() {
                [a] => Some(*a),
                [] => action,
                _ => None,
            };
            doc_type = ty;
            action = act;
            let Some(ty) = ty else { continue };
            let first_tok = seg.first().map(|t| t.0).unwrap_or(prev_seg_start);
            // Who and when: the words before the clause's first key word; the year, the
            // nearest one before this segment.
            let clause_tok = toks.first().map(|t| t.0).unwrap_or(first_tok);
            if !own_year_and_organ(ctx, sentence, nums, c0, clause_tok.min(n.start))
                || !own_year_and_organ(ctx, sentence, nums, first_tok, first_tok)
            {
                continue;
            }
            let (col, found_unit) = match ty {
                T2::Rules | T2::Normative => {
                    if !n.is_count() {
                        continue;
                    }
                    let Some(a) = act else { continue };
                    let layout_2019 = t2
                        .row(t2_row(ty))
                        .is_some_and(|r| r.columns.contains(&"new_made"));
                    match (a, layout_2019) {
                        (T2::Issued, false) => ("issued", "件"),
                        (T2::Issued, true) => ("new_made", "件"),
                        (T2::Repealed, false) => ("repealed", "件"),
                        (T2::InForce, false) => ("in_force", "件"),
                        _ => continue,
                    }
                }
                T2::Licensing | T2::Penalty | T2::Coercion => {
                    // Only decisions: "作出行政处罚决定2546件", "行政许可决定9570件".
                    if !n.is_count() || !decision || types.len() != 1 {
                        continue;
                    }
                    ("decisions", "件")
                }
                T2::Fees => {
                    let Unit::Money(_) = n.unit else { continue };
                    if n.approx || types.len() != 1 {
                        continue;
                    }
                    ("amount_wan_yuan", "万元")
                }
                _ => continue,
            };
            let row = t2_row(ty);
            let Some(cell) = t2.cell(row, col) else {
                continue;
            };
            let crate::numbers::CellNumber::Number(expected) = cell.num else {
                continue;
            };
            let (ok, found) = match n.unit {
                Unit::Money(factor) => {
                    let found = n.value * factor;
                    (money_agrees(expected, &cell.raw, found, n), found)
                }
                _ => ((n.value - expected).abs() < 1e-9, n.value),
            };
            if ok {
                continue;
            }
            let what = format!("{}{}", row_label("t2", row), column_label("t2", col));
            let found_text = match n.unit {
                Unit::Money(_) => sentence[n.start..n.unit_end].to_string(),
                _ => format!("{}{}", fmt(found), found_unit),
            };
            let f = Finding::new("TXT-T2")
                .arg(
                    "quote",
                    quote_of(sentence, first_tok.min(n.start), n.unit_end),
                )
                .arg("what", what)
                .arg("found", found_text)
                .arg("expected", format!("{}{}", fmt(expected), found_unit))
                .span(at.span(n.start, n.unit_end))
                .cell("t2", row, col)
                .evidence(expected, found);
            out.push(with_section(f, at.section));
        }
    }
}

/// Whether a fee amount in the prose agrees with the table's, at the coarser of the two
/// precisions: "1835.21万元" agrees with 1835, "128万元" with 127.9.
fn money_agrees(table: f64, raw: &str, prose_wan: f64, n: &Num) -> bool {
    let table_dec = raw
        .trim()
        .split(['.', '．'])
        .nth(1)
        .map(|f| f.chars().take_while(|c| c.is_ascii_digit()).count() as i32)
        .unwrap_or(0);
    // The prose's precision in 万元: 元 amounts are 4 places finer.
    let prose_dec = n.decimals as i32
        + match n.unit {
            Unit::Money(f) => (-(f.log10())).round() as i32,
            _ => 0,
        };
    let dec = table_dec.min(prose_dec).max(-4);
    let round = |x: f64| {
        let m = 10f64.powi(dec);
        (x * m + 0.5 + 1e-9).floor() / m
    };
    (round(table) - round(prose_wan)).abs() < 1e-9 || (table - prose_wan).abs() < 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

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

    fn t3(prose: &str) -> Vec<Finding> {
        let src = report_text(prose, &T3_004, &[0; 15]);
        run_rule(&src, check, "TXT-T3")
    }

    #[test]
    fn t3_fires_on_a_contradicted_receipt_count() {
        let f = t3("2022年，接到依申请公开事项1项，并依法答复。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].cells[0].row, "1");
        assert_eq!(
            f[0].evidence.as_ref().unwrap().expected,
            Some(crate::diag::Value::Int(7))
        );
        let src = report_text(
            "2022年，接到依申请公开事项1项，并依法答复。",
            &T3_004,
            &[0; 15],
        );
        let span = f[0].span.unwrap();
        assert_eq!(&src[span.start..span.end], "1项");
    }

    #[test]
    fn t3_accepts_new_or_new_plus_carried() {
        assert!(t3("2022年，共收到政府信息公开申请7件。").is_empty());
        let mut rows = T3_004;
        rows[1] = ("2", 2);
        rows[4] = ("3.7", 9);
        rows[2] = ("3.1", 9);
        let src = report_text("2022年，共收到政府信息公开申请9件。", &rows, &[0; 15]);
        assert!(run_rule(&src, check, "TXT-T3").is_empty());
        let src = report_text("2022年，共收到政府信息公开申请7件。", &rows, &[0; 15]);
        assert!(run_rule(&src, check, "TXT-T3").is_empty());
        let src = report_text("2022年，共收到政府信息公开申请8件。", &rows, &[0; 15]);
        let f = run_rule(&src, check, "TXT-T3");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].variant, "received");
    }

    #[test]
    fn t3_outcomes_carry_and_negation() {
        assert!(t3("本年度收到申请7件，其中予以公开7件，结转下年度0件。").is_empty());
        let f = t3("本年度收到政府信息公开申请7件，其中予以公开6件，结转下年度1件。");
        let rows: Vec<&str> = f.iter().map(|f| f.cells[0].row.as_str()).collect();
        assert_eq!(rows, vec!["3.1", "4"], "{f:?}");
        let f = t3("2022年，本机关未收到政府信息公开申请。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].variant, "none");
        assert!(t3("2022年，未收到涉及国家秘密的政府信息公开申请。").is_empty());
    }

    #[test]
    fn t3_reads_real_phrasings() {
        // "予以公开答复966件" is one compound word: 予以公开, not 答复.
        let f = t3("2022年，共收到政府信息公开申请7件。其中，予以公开答复6件，不予公开的1件。");
        let rows: Vec<&str> = f.iter().map(|f| f.cells[0].row.as_str()).collect();
        assert_eq!(rows, vec!["3.1", "3.3.1"], "{f:?}");
        // "结转2023年度继续办理2件": the count is the 结转's; "2021年结转…" is 上年结转.
        let f = t3("2022年，共收到10件依申请公开请求，2021年结转政府信息公开申请2件，结转2023年度继续办理2件。");
        let rows: Vec<&str> = f.iter().map(|f| f.cells[0].row.as_str()).collect();
        assert_eq!(rows, vec!["1", "2", "4"], "{f:?}");
        // A year opening an earlier clause governs the later ones; one inside a clause
        // does not.
        assert!(t3("2021年结转政府信息公开申请0件，2022年共收到政府信息公开申请7件。").is_empty());
        assert!(t3("2022年上半年，共受理政府信息公开申请3件。").is_empty());
    }

    #[test]
    fn t3_outcomes_joined_by_and_are_their_sum() {
        let rows = [("1", 258), ("3.1", 250), ("3.2", 8), ("3.7", 258)];
        let run = |p: &str| run_rule(&report_text(p, &rows, &[0; 15]), check, "TXT-T3");
        assert!(run("2022年，共收到政府信息公开申请258件，予以公开及部分公开258件。").is_empty());
        assert!(run("2022年，共收到政府信息公开申请258件，予以公开和部分公开共258件。").is_empty());
        let f = run("2022年，共收到政府信息公开申请258件，予以公开及部分公开259件。");
        assert_eq!(f.len(), 1, "{f:?}");
        let cells: Vec<&str> = f[0].cells.iter().map(|c| c.row.as_str()).collect();
        assert_eq!(cells, vec!["3.1", "3.2"]);
        assert_eq!(
            f[0].evidence.as_ref().unwrap().expected,
            Some(crate::diag::Value::Int(258))
        );
        // 各: each outcome has the count.
        let rows = [("1", 16), ("3.1", 8), ("3.2", 8), ("3.7", 16)];
        let src = report_text(
            "2022年，共收到政府信息公开申请16件，予以公开、部分公开各8件。",
            &rows,
            &[0; 15],
        );
        assert!(run_rule(&src, check, "TXT-T3").is_empty());
    }

    #[test]
    fn t3_blank_total_and_the_unable_reason() {
        // 总计 blank, the other columns filled: 265 = 252 + 12 + 1 in row 3.4.1.
        let rows = [("1", 268), ("3.4.1", 265), ("3.4.2", 3), ("3.7", 268)];
        let cells = [("3.4.1", ["252", "12", "0", "0", "0", "1", ""])];
        let run = |p: &str| run_rule(&report_with_t3_cells(p, &rows, &cells), check, "TXT-T3");
        assert!(
            run("2022年，共收到政府信息公开申请268件，因本机关不掌握等原因无法提供265件。")
                .is_empty()
        );
        let f = run("2022年，共收到政府信息公开申请268件，因本机关不掌握等原因无法提供264件。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].cells[0].row, "3.4.1");
        assert_eq!(
            f[0].evidence.as_ref().unwrap().expected,
            Some(crate::diag::Value::Int(265))
        );
        // A row left blank throughout is not judged.
        let cells = [("3.4.1", ["", "", "", "", "", "", ""])];
        let src = report_with_t3_cells(
            "2022年，共收到政府信息公开申请268件，本机关不掌握相关政府信息5件。",
            &rows,
            &cells,
        );
        assert!(run_rule(&src, check, "TXT-T3").is_empty());
    }

    #[test]
    fn t3_information_not_held_and_carry_to_a_named_year() {
        let rows = [("1", 7), ("3.1", 3), ("3.4.1", 4), ("3.7", 7), ("4", 2)];
        let run = |p: &str| run_rule(&report_text(p, &rows, &[0; 15]), check, "TXT-T3");
        let f = run("2022年，共收到政府信息公开申请7件，予以公开3件，因信息不存在的5件。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].cells[0].row, "3.4.1");
        assert!(
            run("2022年，共收到政府信息公开申请7件，予以公开3件，因信息不存在的4件。").is_empty()
        );
        let f = run("2022年，共收到政府信息公开申请7件，办结5件，结转2023年办理3件。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].cells[0].row, "4");
        assert!(run("2022年，共收到政府信息公开申请7件，办结5件，结转2023年办理2件。").is_empty());
    }

    #[test]
    fn t3_ignores_what_it_cannot_read() {
        for s in [
            "2022年，共收到政府信息公开申请120余件。",
            "2021年，共收到政府信息公开申请3件。",
            "其中，网上申请3件。",
            "2022年，共收到政府信息公开申请7件，其中自然人申请6件。",
            "县自然资源局收到政府信息公开申请3件。",
            "3月收到政府信息公开申请1件。",
            "自收到申请之日起15个工作日内予以答复。",
            "共收到人大代表建议3件。",
            "受理行政许可申请1200件。",
            "政府信息公开申请较上年增加2件。",
            "按时答复政府信息公开申请5件。",
            "对127条信息予以公开。",
        ] {
            assert!(t3(s).is_empty(), "{s}: {:?}", t3(s));
        }
    }

    #[test]
    fn own_organ_and_sub_units() {
        let ctx = Ctx {
            year: Some(2022),
            organ: Some("侯马经济开发区"),
        };
        for own in [
            "开发区管委会",
            "我区",
            "本机关",
            "全区各部门",
            "开发区",
            "我局",
            "",
        ] {
            assert!(!names_sub_unit(&ctx, own), "{own}");
        }
        for other in ["区教育局", "各乡镇", "县自然资源和规划局", "市政府办公室"]
        {
            assert!(names_sub_unit(&ctx, other), "{other}");
        }
        let ctx = Ctx {
            year: Some(2022),
            organ: Some("涞源县"),
        };
        assert!(!names_sub_unit(&ctx, "县政府"));
        assert!(names_sub_unit(&ctx, "涞源县教育局"));
    }

    fn t4(prose: &str, t4: &[i64; 15]) -> Vec<Finding> {
        let src = report_text(prose, &T3_004, t4);
        run_rule(&src, check, "TXT-T4")
    }

    #[test]
    fn t4_counts_and_negations() {
        let zero = [0; 15];
        let mut one = [0; 15];
        one[0] = 1;
        one[4] = 1; // review: upheld 1, total 1
        one[5] = 1;
        one[9] = 1; // direct litigation: upheld 1, total 1
        assert!(t4("未出现因依申请公开引发的行政复议、行政诉讼件。", &zero).is_empty());
        let f = t4(
            "全县未发生针对政府信息公开事务的行政复议申请、申诉和行政诉讼案件。",
            &one,
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|f| f.variant == "none"));
        assert!(t4("因政府信息公开被申请行政复议1件，提起行政诉讼1件。", &one).is_empty());
        let f = t4("因政府信息公开被申请行政复议2件，提起行政诉讼1件。", &one);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].cells[0].row, "review");
        let f = t4("因政府信息公开被申请行政复议1件，提起行政诉讼0件。", &one);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].cells.len(), 2);
        assert!(t4("政府信息公开行政复议、行政诉讼各1件。", &one).is_empty());
        assert!(t4("政府信息公开行政复议、行政诉讼共2件。", &one).is_empty());
        assert_eq!(t4("政府信息公开行政复议、行政诉讼共3件。", &one).len(), 1);
    }

    #[test]
    fn t4_ignores_parts_and_other_matters() {
        let mut one = [0; 15];
        one[0] = 1;
        one[4] = 1;
        for s in [
            "未发生行政复议被纠错的情况。",
            "全县共办理行政复议案件35件。",
            "全年办理行政复议案件5件，政府信息公开类1件。",
            "因政府信息公开被申请行政复议1件，结果维持1件。",
            "2021年因政府信息公开被申请行政复议3件。",
            "因政府信息公开被申请行政复议1件，较上年减少2件。",
        ] {
            assert!(t4(s, &one).is_empty(), "{s}: {:?}", t4(s, &one));
        }
    }

    fn t2(prose: &str) -> Vec<Finding> {
        let src = report_text(prose, &T3_004, &[0; 15]);
        run_rule(&src, check, "TXT-T2")
    }

    #[test]
    fn t2_documents_decisions_and_fees() {
        // Table 二 of the helper: 规范性文件 4/0/7, 许可 9570, 处罚 2546, 强制 198, 1835 万元.
        assert!(t2("2022年，制发行政规范性文件4件、废止0件，现行有效7件。").is_empty());
        let f = t2("2022年，制发行政规范性文件5件、废止0件、现行有效7件。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].cells[0].column, "issued");
        let f = t2("2022年，制发行政规范性文件4件、废止0件、现行有效8件。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].cells[0].column, "in_force");
        assert!(t2("全年作出行政处罚决定2546件。").is_empty());
        assert_eq!(t2("全年作出行政处罚决定2500件。").len(), 1);
        assert!(t2("收取行政事业性收费1835万元。").is_empty());
        assert!(t2("收取行政事业性收费18350000元。").is_empty());
        assert_eq!(t2("收取行政事业性收费1900万元。").len(), 1);
    }

    #[test]
    fn t2_type_heading_a_colon_and_a_year_inside() {
        let f = t2("本年出台行政规范性文件：制发件数2件，废止件数0件，现行有效件数7件。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].cells[0].column, "issued");
        assert!(
            t2("本年出台行政规范性文件：制发件数4件，废止件数0件，现行有效件数7件。").is_empty()
        );
        let f = t2("行政许可2022年处理决定数量12项。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].cells[0].row, "licensing");
        assert!(t2("行政许可2022年处理决定数量9570项。").is_empty());
        assert!(t2("行政许可2021年处理决定数量12项。").is_empty());
    }

    #[test]
    fn t2_ignores_other_quantities() {
        for s in [
            "清理规范性文件20件。",
            "公开行政处罚决定100条。",
            "行政许可事项312项。",
            "减免行政事业性收费200万元。",
            "制发规章和规范性文件共9件。",
            "累计制发规范性文件50件。",
            "2021年制发行政规范性文件9件。",
            "县市场监管局作出行政处罚决定300件。",
            "完善规章制度3项。",
            "受理行政许可申请1200件。",
            "制发规范性文件9件，其中行政规范性文件4件。",
        ] {
            assert!(t2(s).is_empty(), "{s}: {:?}", t2(s));
        }
    }
}
