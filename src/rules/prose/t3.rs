//! TXT-T3: numbers in the prose that contradict table 三 (applications received,
//! carried over, and their outcomes), and a denial of any application while the table
//! counts some. [`check`](super::check) hands it each sentence that may speak of
//! applications.

use super::bind::{bind, Tok};
use super::scan::{
    clause_may_state, is_clause_sep, only_words, split_on, Fillers, Lexicon, Num, WordSet,
    NEGATIONS,
};
use super::{fmt, own_year_and_organ, quote_of, sum_rows, with_section, Ctx, Expect, Place};
use crate::diag::Finding;
use crate::model::{row_label, TypedTable};
use crate::text_util::Words;

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

compiled!(t3_lexicon: Lexicon<Tok<T3>> = Lexicon::new(T3_WORDS));
compiled!(t3_foreign: WordSet = WordSet::new(T3_FOREIGN));
compiled!(t3_part: WordSet = WordSet::new(T3_PART));
compiled!(t3_joiners: Fillers = Fillers::new(&[T3_JOINERS]));
compiled!(t3_neg_fillers: Fillers = Fillers::new(&[T3_NEG_FILLERS]));

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

pub(super) fn t3_sentence(
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
        !about_applications && at.para_about_applications() && !crate::has!(sentence, "主动");
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
    static VERBS: Words = Words::new(&["收到", "接到", "受理", "接收", "发生", "产生"]);
    for (v, finder) in VERBS.each() {
        for i in finder.find_iter(clause) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::prose::check;
    use crate::rules::testutil::*;

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
}
