//! TXT-PERCENT and TXT-PARTS: shares and parts of a whole stated in the prose.
//!
//! Both rules need to know the whole, and only trust it where the text makes it plain:
//! a count written straight before 其中 ("发布信息284条。其中，…"), or a count inside
//! the 占 phrase itself ("占全年发布总量284条的56.7%"). The parts are the counts of the
//! same unit after 其中, up to the end of the sentence; a part's share is a percentage
//! after 占 ("通知公告类77条，占信息总量的27.7%") or in brackets ("77条（27.1%）").
//!
//! TXT-PERCENT checks each share against part ÷ whole at the precision written: "27.7%"
//! must be 27.7 after rounding half up, or after truncation (both are common). Growth
//! rates, completion rates and shares of something else (占全市的…) name no part and
//! whole here and are left alone.
//!
//! TXT-PARTS (a warning) checks the list as a whole, but only where the list claims to
//! be complete or cannot be: the parts add up to more than the whole; the parts fall
//! short although the list ends in 其他/其余; the shares add up to more than 100% beyond
//! what rounding at their precisions allows, or (for a complete list) to less. Shares
//! already reported wrong by TXT-PERCENT are not reported again as a wrong sum.

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::Report;
use crate::rules::prose::scan::{
    is_sentence_end, prose_paragraphs, scan_numbers, section_label, Num, ProsePara, Unit,
};
use crate::span::Span;

/// A share names another population, or is a change rather than a share.
const NOT_A_SHARE: [&str; 16] = [
    "全市", "全省", "全国", "全县", "全区", "全镇", "全乡", "上级", "同比", "上年", "去年", "比上",
    "较", "增", "降", "减",
];

/// Whether `s` holds a word of [`NOT_A_SHARE`]: `NOT_A_SHARE.iter().any(|w| s.contains(w))`
/// in one pass over the (short) text, trying the words only after a character one of
/// them starts with, where `str::contains` would build a searcher for each word.
fn names_other_share(s: &str) -> bool {
    s.char_indices().any(|(i, c)| {
        matches!(
            c,
            '全' | '上' | '同' | '去' | '比' | '较' | '增' | '降' | '减'
        ) && NOT_A_SHARE.iter().any(|w| s[i..].starts_with(w))
    })
}

/// Labels that make a list complete: the rest is in the last item.
const REST: [&str; 4] = ["其他", "其余", "剩余", "另有"];

// The character sets below are `matches!`, not `"…".contains(c)`: that searches the
// set's text for the character, a `CharSearcher` per character tested.
fn is_punct(c: char) -> bool {
    crate::doc::is_padding(c)
        || matches!(c, '，' | '。' | '：' | ',' | ':' | '；' | ';' | '、')
        || is_sentence_end(c)
}

/// Punctuation and brackets that may stand around an item of a list.
fn is_item_edge(c: char) -> bool {
    is_punct(c) || matches!(c, '（' | '）' | '(' | ')')
}

fn only_punct(s: &str) -> bool {
    s.chars().all(is_punct)
}

/// One part of a list after 其中.
struct Item {
    /// Where the item's words start (after the previous item).
    start: usize,
    count: Option<Num>,
    share: Option<Num>,
}

/// Whether `s` between a part and its percentage reads "，占…的" or "（": a share of
/// the whole being listed.
fn share_link(between: &str) -> bool {
    let b = between.trim_matches(crate::doc::is_padding);
    if b == "（" || b == "(" {
        return true;
    }
    let Some(i) = b.find('占') else {
        return false;
    };
    only_punct(&b[..i]) && !names_other_share(&b[i..])
}

/// The exact share in percent, and whether the stated one agrees at its precision.
fn judge(part: f64, whole: f64, stated: &Num) -> (f64, f64, bool) {
    let exact = part / whole * 100.0;
    let m = 10f64.powi(stated.decimals as i32);
    let scaled = exact * m;
    let rounded = (scaled + 0.5 + 1e-9).floor();
    let truncated = (scaled + 1e-9).floor();
    let s = (stated.value * m).round();
    // Truncation is a common way of writing a share with decimals (66.6% for 2/3); a
    // whole percentage is rounded (5 of 12 is 42%, not 41%).
    let truncation_ok = stated.decimals > 0 && s == truncated;
    (exact, rounded / m, s == rounded || truncation_ok)
}

fn fmt(x: f64) -> String {
    crate::numbers::format_decimal(x)
}

pub fn check(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    check_paras(&prose_paragraphs(doc, report), out);
}

/// [`check`] over the prose paragraphs [`crate::rules::run`] found once for every rule.
pub(super) fn check_paras(paras: &[ProsePara], out: &mut Vec<Finding>) {
    for para in paras {
        let t = para.text;
        // memchr's SIMD search for '%': `str::contains` of an ASCII character is core's
        // word-at-a-time `memchr`, several times slower on a paragraph without one. The
        // WebAssembly build has no SIMD to gain and keeps `contains` (a smaller module).
        #[cfg(not(target_arch = "wasm32"))]
        let has_percent_sign = memchr::memchr(b'%', t.as_bytes()).is_some();
        #[cfg(target_arch = "wasm32")]
        let has_percent_sign = t.contains('%');
        let has_pct = has_percent_sign || crate::has!(t, "％") || crate::has!(t, "百分之");
        let has_list = crate::has!(t, "其中");
        if !has_pct && !has_list {
            continue;
        }
        let nums = scan_numbers(t);
        if nums.is_empty() {
            continue;
        }
        let mut judged: Vec<usize> = Vec::new(); // starts of percentages judged in lists
        for (q, _) in t.match_indices("其中") {
            list_after(t, para.offset, para.section, &nums, q, &mut judged, out);
        }
        if has_pct {
            explicit_wholes(t, para.offset, para.section, &nums, &judged, out);
        }
    }
}

/// Checks the list after the 其中 at byte `q` of paragraph text `t`.
fn list_after(
    t: &str,
    offset: usize,
    section: usize,
    nums: &[Num],
    q: usize,
    judged: &mut Vec<usize>,
    out: &mut Vec<Finding>,
) {
    // The whole: a count straight before 其中.
    let Some(whole) = nums
        .iter()
        .rev()
        .find(|n| n.unit_end <= q)
        .filter(|n| only_punct(&t[n.unit_end..q]))
        .copied()
    else {
        return;
    };
    let money = matches!(whole.unit, Unit::Money(_));
    if whole.approx || !(whole.unit == Unit::Count || money) || whole.value <= 0.0 {
        return;
    }
    // A count that is itself a part ("…答复1453件，包括上年结转30件。其中，…") is no whole.
    let clause_start = t[..whole.start]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_punct(c) && !crate::doc::is_padding(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let clause = t[clause_start..whole.start].trim_start_matches(is_item_edge);
    if ["包括", "含", "其中", "包含"]
        .iter()
        .any(|w| clause.starts_with(w))
    {
        return;
    }
    let unit = whole.unit_text(t);
    let from = q + "其中".len();
    // The list runs to the end of the sentence, or to a nested 其中.
    let end = t[from..]
        .char_indices()
        .find(|&(i, c)| is_sentence_end(c) || t[from + i..].starts_with("其中"))
        .map_or(t.len(), |(i, _)| from + i);
    let mut items: Vec<Item> = Vec::new();
    let mut uniform = true; // every count in the list is an exact count of the whole's unit
    let mut prev_end = from;
    for n in nums.iter().filter(|n| n.start >= from && n.unit_end <= end) {
        if n.unit == Unit::Percent {
            let own = items
                .last_mut()
                .filter(|it| it.share.is_none())
                .filter(|it| {
                    it.count
                        .is_some_and(|c| share_link(&t[c.unit_end..n.start]))
                });
            match own {
                Some(it) => it.share = Some(*n),
                None => {
                    // A share without its own count: "其中A类占30%".
                    let between = &t[prev_end..n.start];
                    if !between.contains('占') || names_other_share(between) {
                        return;
                    }
                    items.push(Item {
                        start: prev_end,
                        count: None,
                        share: Some(*n),
                    });
                }
            }
            prev_end = n.unit_end;
            continue;
        }
        if n.unit == Unit::Year || n.unit == Unit::Month {
            return;
        }
        if n.approx || n.unit_text(t) != unit {
            uniform = false;
            prev_end = n.unit_end;
            continue;
        }
        items.push(Item {
            start: prev_end,
            count: Some(*n),
            share: None,
        });
        prev_end = n.unit_end;
    }
    if items.is_empty() {
        return;
    }
    let at = |s: usize, e: usize| Span::new(offset + s, offset + e);
    let label = |it: &Item| -> &str {
        let e = it.count.or(it.share).map_or(it.start, |n| n.start);
        t[it.start..e].trim_matches(is_item_edge)
    };

    let counts: Vec<&Num> = items.iter().filter_map(|it| it.count.as_ref()).collect();
    let shares: Vec<&Num> = items.iter().filter_map(|it| it.share.as_ref()).collect();
    let all_counted = items.iter().all(|it| it.count.is_some());
    let all_shared = items.iter().all(|it| it.share.is_some());
    let sum: f64 = counts.iter().map(|n| n.value).sum();
    let sum_off = (sum - whole.value).abs() > 1e-9;
    // Every share right against the sum of the parts, but not against the stated whole:
    // the whole is the number in error, which is one TXT-PARTS, not a TXT-PERCENT per
    // share.
    let whole_is_off = uniform
        && all_counted
        && all_shared
        && items.len() >= 2
        && sum_off
        && sum > 0.0
        && items.iter().all(|it| {
            judge(
                it.count.map_or(0.0, |c| c.value),
                sum,
                &it.share.unwrap_or(whole),
            )
            .2
        });

    // TXT-PERCENT: each share against its part.
    let mut flagged: Vec<usize> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let (Some(c), Some(p)) = (it.count, it.share) else {
            continue;
        };
        judged.push(p.start);
        if whole_is_off || c.value > whole.value || p.value > 100.0 {
            continue;
        }
        let (exact, expected, ok) = judge(c.value, whole.value, &p);
        if ok {
            continue;
        }
        flagged.push(i);
        let qs = it.start
            + t[it.start..]
                .char_indices()
                .find(|&(_, ch)| !is_item_edge(ch))
                .map_or(0, |(i, _)| i);
        out.push(percent_finding(
            t,
            &c,
            &whole,
            &p,
            exact,
            expected,
            qs,
            at(p.start, p.unit_end),
            section,
        ));
    }
    let wrong_share = !flagged.is_empty();

    // TXT-PARTS.
    let last_is_rest = items
        .last()
        .is_some_and(|it| REST.iter().any(|w| label(it).contains(w)));
    let list_span = at(
        q,
        items
            .last()
            .and_then(|it| it.share.or(it.count))
            .map_or(end, |n| n.unit_end),
    );
    let quote = crate::text_util::quote(&t[q..end], 60);
    let mut parts_fired = false;
    if uniform && all_counted && counts.len() >= 2 && sum_off {
        // A list of counts is only a list of parts when its items are parallel: each
        // carries a share of the whole, or their labels end alike (…类, …申请).
        let parallel = all_shared || last_is_rest || {
            let labels: Vec<&str> = items.iter().map(label).collect();
            labels.iter().all(|l| {
                !l.is_empty() && l.chars().count() <= 16 && !l.chars().any(|c| c.is_ascii_digit())
            }) && labels
                .windows(2)
                .all(|w| w[0].chars().last() == w[1].chars().last())
        };
        let exceeds = sum > whole.value;
        // Fewer parts than the whole is only wrong for a list that claims to be complete:
        // one ending in 其他, or one whose shares add up to the whole.
        let short = !exceeds && (last_is_rest || whole_is_off);
        // A count whose own share is wrong explains the difference when the counts its
        // share implies would make the parts add up ("161条，占56.7%" written 171条).
        let explained = wrong_share && {
            let fixed: f64 = items
                .iter()
                .enumerate()
                .filter(|(i, _)| !flagged.contains(i))
                .map(|(_, it)| it.count.map_or(0.0, |c| c.value))
                .sum();
            let (mut lo, mut hi) = (fixed, fixed);
            for &i in &flagged {
                let p = items[i].share.unwrap_or(whole);
                let u = 10f64.powi(-(p.decimals as i32));
                lo += (p.value - 0.5 * u) * whole.value / 100.0;
                hi += (p.value + u) * whole.value / 100.0;
            }
            (lo - 1e-9..=hi + 1e-9).contains(&whole.value)
        };
        if parallel && (exceeds || short) && !explained {
            parts_fired = true;
            let parts = counts
                .iter()
                .map(|n| fmt(n.value))
                .collect::<Vec<_>>()
                .join("＋");
            let f = Finding::new("TXT-PARTS")
                .arg("quote", quote.clone())
                .arg("whole", format!("{}{}", fmt(whole.value), unit))
                .arg("sum", format!("{}{}", fmt(sum), unit))
                .arg("parts", parts)
                .span(list_span)
                .evidence(whole.value, sum);
            out.push(with_section(f, section));
        }
    }
    if !parts_fired && !wrong_share && all_shared && shares.len() >= 2 {
        let unit_of = |n: &Num| 10f64.powi(-(n.decimals as i32));
        let sum: f64 = shares.iter().map(|n| n.value).sum();
        let lo: f64 = shares.iter().map(|n| n.value - 0.5 * unit_of(n)).sum();
        let hi: f64 = shares.iter().map(|n| n.value + unit_of(n)).sum();
        let complete = last_is_rest || (all_counted && !sum_off);
        let relation = if lo > 100.0 + 1e-9 {
            Some("超过")
        } else if complete && hi < 100.0 - 1e-9 {
            Some("不足")
        } else {
            None
        };
        if let Some(relation) = relation {
            let parts = shares
                .iter()
                .map(|n| format!("{}%", fmt(n.value)))
                .collect::<Vec<_>>()
                .join("＋");
            let f = Finding::new("TXT-PARTS")
                .variant("share")
                .arg("quote", quote)
                .arg("sum", fmt((sum * 1e6).round() / 1e6))
                .arg("parts", parts)
                .arg("relation", relation)
                .span(list_span)
                .evidence(100i64, (sum * 1e6).round() / 1e6);
            out.push(with_section(f, section));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn percent_finding(
    t: &str,
    part: &Num,
    whole: &Num,
    p: &Num,
    exact: f64,
    expected: f64,
    quote_from: usize,
    span: Span,
    section: usize,
) -> Finding {
    let exact_text = crate::numbers::fixed(exact, p.decimals as usize + 2);
    // "通知类30条（33%）": close the bracket the quote opened.
    let mut quote_to = p.unit_end;
    if let Some(c) = t[quote_to..]
        .chars()
        .next()
        .filter(|c| *c == '）' || *c == ')')
    {
        quote_to += c.len_utf8();
    }
    let f = Finding::new("TXT-PERCENT")
        .arg(
            "quote",
            crate::text_util::quote(&t[quote_from..quote_to], 60),
        )
        .arg("part", fmt(part.value))
        .arg("whole", fmt(whole.value))
        .arg("exact", exact_text)
        .arg(
            "expected",
            crate::numbers::fixed(expected, p.decimals as usize),
        )
        .arg("found", t[p.start..p.end].to_string())
        .span(span)
        .evidence(expected, p.value);
    with_section(f, section)
}

fn with_section(f: Finding, section: usize) -> Finding {
    match section_label(section) {
        Some(s) => f.section(s),
        None => f,
    }
}

/// "A类161条，占全年发布总量284条的56.7%": the whole named inside the 占 phrase.
fn explicit_wholes(
    t: &str,
    offset: usize,
    section: usize,
    nums: &[Num],
    judged: &[usize],
    out: &mut Vec<Finding>,
) {
    for (i, p) in nums.iter().enumerate() {
        if p.unit != Unit::Percent || judged.contains(&p.start) {
            continue;
        }
        // The 占 phrase: from the last 占 before the percentage, in its clause.
        let head = &t[..p.start];
        let Some(z) = head.rfind('占') else { continue };
        if head[z..].contains(['，', '。', '；', ';', '！', '？']) {
            continue;
        }
        let inside: Vec<&Num> = nums[..i]
            .iter()
            .filter(|n| n.start > z && n.unit_end <= p.start)
            .collect();
        if names_other_share(&t[z..p.start]) {
            continue;
        }
        if inside.is_empty() {
            implicit_whole(t, offset, section, nums, i, z, out);
            continue;
        }
        let [whole] = inside.as_slice() else { continue };
        if !whole.is_count() {
            continue;
        }
        // The part: the count straight before 占 (only punctuation between).
        let Some(part) = nums[..i]
            .iter()
            .rev()
            .find(|n| n.unit_end <= z)
            .filter(|n| only_punct(&t[n.unit_end..z]))
        else {
            continue;
        };
        if !part.is_count()
            || part.unit_text(t) != whole.unit_text(t)
            || part.value > whole.value
            || whole.value <= 0.0
        {
            continue;
        }
        let (exact, expected, ok) = judge(part.value, whole.value, p);
        if ok {
            continue;
        }
        // Quote from the clause of the part.
        let qs = t[..part.start]
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '，' | '。' | '；' | ';' | '：' | ':' | '！' | '？'))
            .map_or(0, |(j, c)| j + c.len_utf8());
        out.push(percent_finding(
            t,
            part,
            whole,
            p,
            exact,
            expected,
            qs,
            Span::new(offset + p.start, offset + p.unit_end),
            section,
        ));
    }
}

/// Whether the words of a 占 phrase without a count name the whole of what the prose
/// counted: "占", "占比", "占总数的", "占信息总量的".
fn names_the_whole(phrase: &str) -> bool {
    let p = phrase.trim_matches(crate::doc::is_padding);
    matches!(
        p,
        "" | "比" | "比为" | "比达" | "总数的" | "总量的" | "全部的"
    ) || (p.ends_with('的')
        && p.chars().count() <= 8
        && (crate::has!(p, "总数") || crate::has!(p, "总量") || crate::has!(p, "总件数")))
}

/// "答复申请805件，予以公开258件，占33.9%": a share whose whole is a count earlier in
/// the sentence or the one before. Which count is the whole is not said, so the share
/// is only wrong when it fits none of them.
fn implicit_whole(
    t: &str,
    offset: usize,
    section: usize,
    nums: &[Num],
    i: usize,
    z: usize,
    out: &mut Vec<Finding>,
) {
    let p = &nums[i];
    if !names_the_whole(&t[z + '占'.len_utf8()..p.start]) || p.value > 100.0 {
        return;
    }
    // The part: the count straight before 占, in a clause that is not a change.
    let Some(pi) = nums[..i].iter().rposition(|n| n.unit_end <= z) else {
        return;
    };
    let part = &nums[pi];
    if !part.is_count() || !only_punct(&t[part.unit_end..z]) {
        return;
    }
    let clause_start = t[..part.start]
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '！' | '？'))
        .map_or(0, |(j, c)| j + c.len_utf8());
    let clause = &t[clause_start..part.start];
    if names_other_share(clause) {
        return;
    }
    // Candidates: counts of the same unit, at least the part, from the start of the
    // previous sentence on.
    let sentence_start = |at: usize| {
        t[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_sentence_end(c))
            .map_or(0, |(j, c)| j + c.len_utf8())
    };
    let here = sentence_start(part.start);
    let from = t[..here]
        .char_indices()
        .next_back()
        .map_or(0, |(j, _)| sentence_start(j));
    let unit = part.unit_text(t);
    let mut whole: Option<&Num> = None;
    for n in nums[..pi].iter().filter(|n| n.start >= from) {
        if !n.is_count() || n.unit_text(t) != unit || n.value < part.value || n.value <= 0.0 {
            continue;
        }
        if judge(part.value, n.value, p).2 {
            return;
        }
        if whole.is_none_or(|w| n.value > w.value) {
            whole = Some(n);
        }
    }
    let Some(whole) = whole else { return };
    let (exact, expected, _) = judge(part.value, whole.value, p);
    out.push(percent_finding(
        t,
        part,
        whole,
        p,
        exact,
        expected,
        clause_start,
        Span::new(offset + p.start, offset + p.unit_end),
        section,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    const HOUMA: &str = "2022年开发区公开发布信息284条。其中，开发区要闻类161条，占信息总量的56.7%；通知公告类77条，占信息总量的27.7%；开发区文件类2条，占信息比重的0.7%；政策解读类20条，占信息比重的7%；政策兑现类4条，占信息比重的1.4%；预决算类20条，占信息比重的7%。";

    fn run(prose: &str, code: &str) -> (String, Vec<Finding>) {
        let src = report_text(prose, &T3_004, &[0; 15]);
        let f = run_rule(&src, check, code);
        (src, f)
    }

    #[test]
    fn percent_fires_only_on_the_wrong_share() {
        let (src, f) = run(HOUMA, "TXT-PERCENT");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(spanned(&src, &f[0]), "27.7%");
        let ev = f[0].evidence.as_ref().unwrap();
        assert_eq!(ev.expected, Some(crate::diag::Value::Num(27.1)));
        // Mended: clean.
        let (_, f) = run(&HOUMA.replace("27.7%", "27.1%"), "TXT-PERCENT");
        assert!(f.is_empty());
        // Truncation is accepted too: 2/3 = 66.67 → 66.6 or 66.7.
        for s in ["66.6%", "66.7%", "67%"] {
            let p = format!("共收到申请3件，其中予以公开2件，占{s}。");
            assert!(run(&p, "TXT-PERCENT").1.is_empty(), "{s}");
        }
        assert_eq!(
            run("共收到申请3件，其中予以公开2件，占60%。", "TXT-PERCENT")
                .1
                .len(),
            1
        );
    }

    #[test]
    fn percent_with_the_whole_in_the_phrase() {
        let s = "要闻类161条，占全年发布总量284条的56.7%。";
        assert!(run(s, "TXT-PERCENT").1.is_empty());
        let s = "要闻类161条，占全年发布总量284条的57.7%。";
        assert_eq!(run(s, "TXT-PERCENT").1.len(), 1);
    }

    #[test]
    fn percent_with_the_whole_in_an_earlier_clause() {
        // 5 of 12 is 42% (a whole percentage is rounded, not truncated).
        for s in [
            "累计发布文件12条，其中规章1条，占8%；其他公文5条，占41%。",
            "累计发布文件12条信息，其中规章1条，占8%；其他公文5条，占41%。",
        ] {
            let (src, f) = run(s, "TXT-PERCENT");
            assert_eq!(f.len(), 1, "{s}: {f:?}");
            assert_eq!(spanned(&src, &f[0]), "41%");
            assert!(run(&s.replace("41%", "42%"), "TXT-PERCENT").1.is_empty());
        }
        let s = "共答复政府信息公开申请805件，予以公开及部分公开258件，占33.9%；不予公开35件，占4.35%。";
        let (src, f) = run(s, "TXT-PERCENT");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(spanned(&src, &f[0]), "33.9%");
        assert_eq!(
            f[0].evidence.as_ref().unwrap().expected,
            Some(crate::diag::Value::Int(32))
        );
        assert!(run(&s.replace("33.9%", "32.0%"), "TXT-PERCENT")
            .1
            .is_empty());
        // The whole in the sentence before.
        let s = "共答复政府信息公开申请805件。予以公开258件，占33.9%。";
        assert_eq!(run(s, "TXT-PERCENT").1.len(), 1);
        // Any earlier count of the unit may be the whole: no finding if one fits.
        let s = "共收到申请805件，办结800件，予以公开258件，占32.25%。";
        assert!(run(s, "TXT-PERCENT").1.is_empty());
    }

    #[test]
    fn percent_leaves_other_percentages_alone() {
        for s in [
            "共收到申请3件，同比增长50%。",
            "按时办结率100%。",
            "共发布信息284条，其中要闻161条，占全市的5%。",
            "共发布信息284条，其中要闻161条，较上年增长27.7%。",
            "发布信息120余条，其中要闻16条，占10%。",
            "共收到申请100件，较上年增加20件，占25%。",
            "共收到申请100件，予以公开20件，占全市的5%。",
            "共收到申请100件，予以公开20件，办结率95%。",
            "共收到申请100件，网上申请20件，占市级平台受理量的5%。",
        ] {
            assert!(run(s, "TXT-PERCENT").1.is_empty(), "{s}");
        }
    }

    #[test]
    fn parts_within_rounding_do_not_fire() {
        // Shares sum to 100.5%, within rounding given "7%"; 27.7% is TXT-PERCENT's.
        assert!(run(HOUMA, "TXT-PARTS").1.is_empty());
        assert!(run(&HOUMA.replace("27.7%", "27.1%"), "TXT-PARTS")
            .1
            .is_empty());
    }

    #[test]
    fn one_change_one_finding() {
        // The whole changed: every share is right against the parts' sum → TXT-PARTS only.
        let s = HOUMA
            .replace("27.7%", "27.1%")
            .replace("信息284条", "信息274条");
        let (_, p) = run(&s, "TXT-PERCENT");
        let (_, q) = run(&s, "TXT-PARTS");
        assert_eq!((p.len(), q.len()), (0, 1), "{p:?} {q:?}");
        // One count changed, its share still the old one → TXT-PERCENT only.
        let s = HOUMA
            .replace("27.7%", "27.1%")
            .replace("要闻类161条", "要闻类171条");
        let (_, p) = run(&s, "TXT-PERCENT");
        let (_, q) = run(&s, "TXT-PARTS");
        assert_eq!((p.len(), q.len()), (1, 0), "{p:?} {q:?}");
        // One count changed within its share's rounding → the sum is off: TXT-PARTS.
        let s = HOUMA
            .replace("27.7%", "27.1%")
            .replace("政策解读类20条", "政策解读类21条");
        let (_, p) = run(&s, "TXT-PERCENT");
        let (_, q) = run(&s, "TXT-PARTS");
        assert_eq!((p.len(), q.len()), (0, 1), "{p:?} {q:?}");
    }

    #[test]
    fn parts_fire_when_they_exceed_or_fall_short_of_a_complete_whole() {
        let s = HOUMA
            .replace("预决算类20条", "预决算类30条")
            .replace("占信息比重的7%。", "占信息比重的10.6%。");
        let (_, f) = run(&s, "TXT-PARTS");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].evidence.as_ref().unwrap().found,
            Some(crate::diag::Value::Int(294))
        );
        let s = "共收到申请10件，其中自然人申请6件、法人或其他组织申请5件。";
        assert_eq!(run(s, "TXT-PARTS").1.len(), 1);
        // Fewer parts than the whole: fine unless the list ends in 其他.
        let s = "共发布信息100条，其中要闻类30条、通知类20条。";
        assert!(run(s, "TXT-PARTS").1.is_empty());
        let s = "共发布信息100条，其中要闻类30条、通知类20条、其他类40条。";
        assert_eq!(run(s, "TXT-PARTS").1.len(), 1);
        // Shares alone, over 100%.
        let s = "共发布信息100条，其中要闻类占60%，通知类占50%。";
        let (_, f) = run(s, "TXT-PARTS");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].variant, "share");
        // A count introduced by 包括 is a part itself, not the whole of the list after it.
        let s = "共完成依申请公开答复1453件，包括上年结转信息公开申请30件。其中，予以公开966件，占66.48%；不予公开81件，占5.57%。";
        assert!(run(s, "TXT-PARTS").1.is_empty());
        assert!(run(s, "TXT-PERCENT").1.is_empty());
        // Parts larger than the whole.
        let s = "全县政务公开培训3次，其中县级培训1次，乡镇培训4次。";
        assert_eq!(run(s, "TXT-PARTS").1.len(), 1);
        // Different dimensions in one list are no parts of one whole.
        let s = "共收到申请10件，其中自然人申请8件，予以公开7件。";
        assert!(run(s, "TXT-PARTS").1.is_empty());
    }
}
