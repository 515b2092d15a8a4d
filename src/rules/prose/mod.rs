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
//! The files: `scan.rs` reads the prose (paragraphs, sentences, clauses, numbers with
//! their units, word lists) and is shared with `percent.rs` and `duplicate.rs`; `bind.rs`
//! binds key words to the counts they state; `t3.rs`, `t4.rs` and `t2.rs` hold one rule
//! each. This file holds [`check`], which reads the paragraphs once for all three, and
//! what they share about a statement: whether it is about the report's own year and
//! organ, what the table has for it, and how a finding quotes and places it.

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::{Report, TypedTable};
use crate::numbers::CellNumber;
use crate::span::Span;
use crate::text_util::Words;

use scan::{
    is_clause_sep, is_sentence_end, prose_paragraphs, scan_numbers, section_label, split_on, Num,
    ProsePara, Unit, WordSet,
};
use t2::t2_sentence;
use t3::t3_sentence;
use t4::t4_sentence;

/// A word list compiled once, on first use.
macro_rules! compiled {
    ($name:ident: $ty:ty = $init:expr) => {
        fn $name() -> &'static $ty {
            static CELL: std::sync::OnceLock<$ty> = std::sync::OnceLock::new();
            CELL.get_or_init(|| $init)
        }
    };
}

mod bind;
pub(super) mod scan;
mod t2;
mod t3;
mod t4;

compiled!(other_periods: WordSet = WordSet::new(&OTHER_PERIOD));
compiled!(head_gui: memchr::memmem::Finder<'static> = memchr::memmem::Finder::new("规"));
compiled!(head_xingzheng: memchr::memmem::Finder<'static> = memchr::memmem::Finder::new("行政"));

/// Whether `text` holds the head `finder` looks for followed by one of `tails`: one
/// search for words that share their head (规章, 规范性文件).
fn head_then(text: &str, finder: &memchr::memmem::Finder<'static>, tails: &[&str]) -> bool {
    let head = finder.needle().len();
    finder
        .find_iter(text.as_bytes())
        .any(|i| tails.iter().any(|w| text[i + head..].starts_with(w)))
}

/// Everything a statement check needs to know about the report.
struct Ctx<'a> {
    year: Option<i32>,
    organ: Option<&'a str>,
}

impl<'a> Ctx<'a> {
    fn new(report: &'a Report) -> Self {
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
    static WORDS: Words = Words::new(&OTHER_PERIOD);
    WORDS.each().any(|(w, finder)| {
        finder.find_iter(before).any(|i| {
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
    organ_suffix_in(&p)
}

/// Whether an organ suffix in `p` names an organ other than the reporting one (see
/// [`organ_at`]). Every place where a suffix starts, in one pass over the characters:
/// no suffix can overlap itself, so these are the places `match_indices` finds for each
/// suffix (19 searches, each building its searcher, cost more than this pass).
#[cfg(not(target_arch = "wasm32"))]
fn organ_suffix_in(p: &str) -> bool {
    p.char_indices()
        .filter(|&(_, c)| organ_suffix_head(c))
        .any(|(i, _)| {
            ORGAN_SUFFIXES
                .iter()
                .any(|suf| p[i..].starts_with(suf) && organ_at(p, i, suf))
        })
}

/// The WebAssembly build searches for each suffix, as before: the one pass pays
/// natively, and there only made the browser's module bigger.
#[cfg(any(test, target_arch = "wasm32"))]
fn organ_suffix_by_search(p: &str) -> bool {
    ORGAN_SUFFIXES
        .iter()
        .any(|suf| p.match_indices(suf).any(|(i, _)| organ_at(p, i, suf)))
}
#[cfg(target_arch = "wasm32")]
use organ_suffix_by_search as organ_suffix_in;

/// Whether a character starts one of [`ORGAN_SUFFIXES`].
#[cfg(any(test, not(target_arch = "wasm32")))]
#[inline]
fn organ_suffix_head(c: char) -> bool {
    matches!(
        c,
        '局' | '办'
            | '委'
            | '厅'
            | '乡'
            | '镇'
            | '街'
            | '中'
            | '部'
            | '单'
            | '站'
            | '所'
            | '院'
            | '公'
            | '处'
            | '科'
            | '室'
            | '队'
            | '社'
    )
}

/// Whether the organ suffix `suf` at byte `i` of `p` names an organ other than the
/// reporting one: it is not part of a word that is no organ (办理, 所有 …), and not
/// marked as the organ's own (我局, 本单位, 全镇).
fn organ_at(p: &str, i: usize, suf: &str) -> bool {
    if NOT_ORGANS.iter().any(|w| {
        let ws = i.saturating_sub(w.len() - suf.len());
        p.get(ws..).is_some_and(|r| r.starts_with(w))
            || p.get(i..).is_some_and(|r| r.starts_with(w))
    }) {
        return false;
    }
    !p[..i].ends_with(['我', '本', '全'])
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
    check_paras(report, &prose_paragraphs(doc, report), out);
}

/// [`check`] over the prose paragraphs [`crate::rules::run`] found once for every rule.
pub(super) fn check_paras(report: &Report, paras: &[ProsePara], out: &mut Vec<Finding>) {
    if report.t2.is_none() && report.t3.is_none() && report.t4.is_none() {
        return;
    }
    let ctx = Ctx::new(report);
    for para in paras {
        let t = para.text;
        // Most paragraphs name none of the tables' words, and each word is a search of
        // the whole paragraph: words with a common head are found by one search for the
        // head, and the gates of tables 四 and 二 are only searched for when table 三's
        // does not decide already whether to read the paragraph.
        let want_t3 = report.t3.is_some()
            && (para.section == 3 || crate::has!(t, "申请") || crate::has!(t, "结转"));
        let t4_gate = std::cell::OnceCell::new();
        let want_t4 = || {
            *t4_gate.get_or_init(|| {
                report.t4.is_some() && (crate::has!(t, "复议") || crate::has!(t, "诉讼"))
            })
        };
        let t2_gate = std::cell::OnceCell::new();
        let want_t2 = || {
            *t2_gate.get_or_init(|| {
                report.t2.is_some()
                    && (head_then(t, head_gui(), &["章", "范性文件"])
                        || head_then(t, head_xingzheng(), &["许可", "处罚", "强制"])
                        || crate::has!(t, "收费"))
            })
        };
        if !(want_t3 || want_t4() || want_t2()) {
            continue;
        }
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
            // A search per character with memchr: `contains` of a char set decodes every
            // character.
            let denies = || {
                crate::has!(sentence, "未")
                    || crate::has!(sentence, "没")
                    || crate::has!(sentence, "无")
            };
            if !counts && !denies() {
                continue;
            }
            let at = Place {
                base: para.offset + s0,
                section: para.section,
                para: t,
            };
            if want_t3 {
                if let Some(t3) = &report.t3 {
                    t3_sentence(&ctx, t3, sentence, &nums, &at, out);
                }
            }
            let t4_words = || {
                crate::has!(sentence, "复议")
                    || crate::has!(sentence, "诉讼")
                    || crate::has!(sentence, "起诉")
            };
            // The sentence's words first: most sentences have none, and the paragraph's
            // are then never looked for (unless already known not to be there).
            if report.t4.is_some() && t4_gate.get() != Some(&false) && t4_words() && want_t4() {
                if let Some(t4) = &report.t4 {
                    t4_sentence(&ctx, t4, sentence, &nums, &at, out);
                }
            }
            if counts && want_t2() {
                if let Some(t2) = &report.t2 {
                    t2_sentence(&ctx, t2, sentence, &nums, &at, out);
                }
            }
        }
    }
}

/// Where a sentence lies: its byte offset in the document, its section and its
/// paragraph.
struct Place<'a> {
    base: usize,
    section: usize,
    para: &'a str,
}

impl Place<'_> {
    /// Whether the sentence's paragraph speaks of applications (依申请, 公开申请 …):
    /// looked for only when a rule asks, which few sentences make it do.
    fn para_about_applications(&self) -> bool {
        crate::has!(self.para, "公开申请")
            || crate::has!(self.para, "依申请")
            || crate::has!(self.para, "申请公开")
    }

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

fn fmt(x: f64) -> String {
    crate::numbers::format_decimal(x)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The suffix search as it was: each suffix looked for with `match_indices`.
    fn names_sub_unit_by_suffix(ctx: &Ctx, prefix: &str) -> bool {
        let p = crate::text_util::compact(prefix);
        if p.is_empty() || p.starts_with('全') {
            return false;
        }
        if let Some(o) = ctx.organ {
            let core = p.trim_end_matches(['共', '已', '均', '累', '计', '依', '法', '全', '年']);
            if !core.is_empty() && o.contains(core) {
                return false;
            }
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

    /// The heads are the suffixes' first characters, and no other.
    #[test]
    fn organ_suffix_heads_are_the_suffixes_first_characters() {
        for c in ('\u{3000}'..='\u{9fff}').chain(['a', ' ', '1']) {
            assert_eq!(
                organ_suffix_head(c),
                ORGAN_SUFFIXES.iter().any(|s| s.starts_with(c)),
                "{c}"
            );
        }
    }

    /// One pass over the characters finds what a search per suffix found, on the
    /// fixtures' sentence heads and on random texts of suffixes, words that hold them,
    /// self marks and other characters.
    #[test]
    fn sub_units_as_found_by_suffix() {
        let ctxs = [
            Ctx {
                year: Some(2022),
                organ: Some("侯马经济开发区"),
            },
            Ctx {
                year: None,
                organ: None,
            },
        ];
        let mut prefixes: Vec<String> = Vec::new();
        for f in crate::rules::testutil::fixture_texts() {
            for s in f.split(['。', '，', '；']) {
                let s: String = s.chars().take(24).collect();
                prefixes.push(s);
            }
        }
        let pieces: Vec<&str> = ORGAN_SUFFIXES
            .iter()
            .chain(&NOT_ORGANS)
            .copied()
            .chain([
                "我", "本", "全", "县", "区", "道", "心", " ", "侯马", "政府", "共",
            ])
            .collect();
        let mut rng = crate::test_rng::Rng::new(7);
        for _ in 0..20_000 {
            let n = rng.below(6) as usize;
            prefixes.push((0..n).map(|_| *rng.pick(&pieces)).collect());
        }
        let mut both = [0; 2];
        for ctx in &ctxs {
            for p in &prefixes {
                let old = names_sub_unit_by_suffix(ctx, p);
                assert_eq!(names_sub_unit(ctx, p), old, "{p}");
                let c = crate::text_util::compact(p);
                assert_eq!(organ_suffix_in(&c), organ_suffix_by_search(&c), "{p}");
                both[usize::from(old)] += 1;
            }
        }
        assert!(both[0] > 1000 && both[1] > 1000, "{both:?}");
    }
}
