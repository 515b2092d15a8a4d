//! TXT-T2: numbers in the prose that contradict table 二 (rules and normative documents
//! issued, repealed and in force; licensing, penalty and coercion decisions; fees).
//! [`check`](super::check) hands it each sentence with a count or an amount in a
//! paragraph that names one of the table's rows.

use super::bind::Tok;
use super::scan::{is_clause_sep, split_on, Lexicon, Num, Unit};
use super::{fmt, own_year_and_organ, quote_of, with_section, Ctx, Place};
use crate::diag::Finding;
use crate::model::{column_label, row_label, TypedTable};

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

compiled!(t2_lexicon: Lexicon<Tok<T2>> = Lexicon::new(&t2_words()));

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

pub(super) fn t2_sentence(
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
    use crate::rules::prose::check;
    use crate::rules::testutil::*;

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
