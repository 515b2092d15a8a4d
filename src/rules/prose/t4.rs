//! TXT-T4: numbers in the prose that contradict table 四 (administrative reviews and
//! lawsuits about information disclosure), and a denial of any while the table counts
//! some. [`check`](super::check) hands it each sentence that names 复议, 诉讼 or 起诉.

use super::bind::{bind, Tok};
use super::scan::{
    clause_may_state, is_clause_sep, negation_words, only_words, split_on, Fillers, Lexicon, Num,
    NEGATIONS,
};
use super::{fmt, own_year_and_organ, quote_of, sum_rows, with_section, Ctx, Expect, Place};
use crate::diag::Finding;
use crate::model::TypedTable;

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

compiled!(t4_lexicon: Lexicon<Tok<T4>> = Lexicon::new(T4_WORDS));
compiled!(t4_joiners: Fillers = Fillers::new(&[T4_JOINERS]));
compiled!(t4_neg_fillers: Fillers = Fillers::new(&[T4_NEG_FILLERS]));
compiled!(t4_neg_tail: Fillers = Fillers::new(&[T4_NEG_FILLERS, &NEGATIONS]));
compiled!(t4_neg_head: Fillers = Fillers::new(&[T4_NEG_FILLERS, T4_TIME]));

/// The last negation word in `sentence[from..to]` (not the 未 of 未经复议).
fn negation_before(sentence: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let before = &sentence[from..to];
    let mut neg: Option<(usize, usize)> = None;
    for (n, finder) in negation_words().each() {
        for i in finder.find_iter(before) {
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

pub(super) fn t4_sentence(
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
            let negated_tail = negation_words().any_in(tail) && only_words(tail, t4_neg_tail());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::prose::check;
    use crate::rules::testutil::*;

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
}
