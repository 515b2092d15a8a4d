//! CNT-OVERVIEW, CNT-GOV-ASSESS, CNT-PROBLEMS, CNT-FEE, CNT-CITATION, CNT-ARTIFACT:
//! what the prose must cover, how it cites the template, and editing leftovers.

use crate::diag::Finding;
use crate::doc::{ArtifactKind, Block, Document, Paragraph};
use crate::extract::meta_helpers::is_page_number_text;
use crate::model::{OrganKind, Report};
use crate::span::Span;
use crate::text_util::{Groups, Words};

pub fn check(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    let all = AllParagraphs::new(doc);
    overview(doc, report, out);
    gov_assess(&all, report, out);
    problems(doc, report, out);
    fee(doc, report, out);
    citation(&all, out);
    outdated_citation(doc, &all, report, out);
    artifacts(doc, report, out);
}

/// The paragraphs of section `n` after its heading.
fn section_paragraphs<'a>(
    doc: &'a Document,
    report: &Report,
    n: usize,
) -> Option<Vec<&'a Paragraph>> {
    let s = report.section(n)?;
    let mut end = s.end_block;
    // Section 六 runs to the end of the text; the signature is not its content.
    if n == 6 {
        if let Some(sig) = report.signature_date.as_ref().or(None) {
            end = doc.blocks[..end]
                .iter()
                .position(|b| matches!(b, Block::Paragraph(p) if p.span.end >= sig.span.start))
                .unwrap_or(end);
        }
        if let Some(org) = &report.signature_organ {
            end = end.min(
                doc.blocks[..end]
                    .iter()
                    .position(
                        |b| matches!(b, Block::Paragraph(p) if p.span.start >= org.span.start),
                    )
                    .unwrap_or(end),
            );
        }
    }
    Some(
        doc.blocks[s.block + 1..end.max(s.block + 1)]
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) if !is_page_number_text(&p.text) => Some(p),
                _ => None,
            })
            .collect(),
    )
}

/// All paragraphs of the document, and their texts joined by line feeds (which no word
/// searched for holds), made once for the rules that search the whole text: one search
/// per word instead of one per word and paragraph, most paragraphs being short.
struct AllParagraphs<'a> {
    paras: Vec<&'a Paragraph>,
    joined: String,
    /// Where each paragraph's text starts in `joined`.
    starts: Vec<usize>,
}

impl<'a> AllParagraphs<'a> {
    fn new(doc: &'a Document) -> Self {
        let paras: Vec<&Paragraph> = doc.paragraphs().collect();
        let mut joined = String::with_capacity(paras.iter().map(|p| p.text.len() + 1).sum());
        let mut starts = Vec::with_capacity(paras.len());
        for p in &paras {
            starts.push(joined.len());
            joined.push_str(&p.text);
            joined.push('\n');
        }
        AllParagraphs {
            paras,
            joined,
            starts,
        }
    }
}

fn joined(paras: &[&Paragraph]) -> String {
    paras
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The five aspects of 总体情况 (国办公开办函〔2021〕30号 一（一）) and words that show
/// each is covered.
static ASPECTS: Groups = Groups::new(&[
    ("主动公开", &["主动公开"]),
    ("依申请公开", &["依申请", "公开申请"]),
    (
        "政府信息管理",
        &["信息管理", "保密审查", "属性审查", "公开属性"],
    ),
    (
        "政府信息公开平台建设",
        &["平台", "网站", "新媒体", "公众号", "政务微博"],
    ),
    ("监督保障", &["监督", "监管"]),
]);

fn overview(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    let Some(paras) = section_paragraphs(doc, report, 1) else {
        return;
    };
    let missing = ASPECTS.missing(paras.iter().map(|p| p.text.as_str()));
    if missing.is_empty() {
        return;
    }
    let heading = report.section(1).expect("has paragraphs").span;
    out.push(
        Finding::new("CNT-OVERVIEW")
            .arg("missing", missing.join("、"))
            .section("一")
            .found(missing.join("、"))
            .span(heading),
    );
}

fn gov_assess(all: &AllParagraphs, report: &Report, out: &mut Vec<Finding>) {
    if report.kind != Some(OrganKind::Government) {
        return;
    }
    static PARTS: Groups = Groups::new(&[
        ("工作考核", &["考核"]),
        ("社会评议", &["评议"]),
        ("责任追究", &["责任追究", "追责", "问责"]),
    ]);
    // The joined text ends in a line feed that the paragraphs joined by `missing` lack:
    // no word holds one, so the same words are found.
    let bits = PARTS.found_in(&all.joined);
    let missing = PARTS.missing_of(bits);
    if missing.is_empty() {
        return;
    }
    let organ = report.organ.clone().unwrap_or_else(|| "本机关".into());
    let at = report.section(1).map(|s| s.span).unwrap_or_default();
    out.push(
        Finding::new("CNT-GOV-ASSESS")
            .arg("organ", organ)
            .arg(
                "missing",
                missing
                    .iter()
                    .map(|m| format!("“{m}”"))
                    .collect::<Vec<_>>()
                    .join("、"),
            )
            .section("一")
            .found(missing.join("、"))
            .span(at),
    );
}

/// Words that name a shortcoming (as opposed to plans).
static PROBLEMS: Groups = Groups::new(&[(
    "问题",
    &[
        "问题",
        "不足",
        "差距",
        "短板",
        "薄弱",
        "欠缺",
        "有待",
        "不够",
        "不到位",
        "不完善",
        "不平衡",
        "不及时",
        "滞后",
        "仍需",
        "需进一步",
        "还需",
        "亟待",
        "弱项",
        "不高",
        "不强",
        "较少",
        "偏少",
        "不充分",
        "不规范",
    ],
)]);

/// Whether a section body is just "无" (or nothing).
fn is_nothing(text: &str) -> bool {
    if text.len() > 64 {
        return false;
    }
    let t: String = text
        .chars()
        .filter(|c| !crate::doc::is_padding(*c) && !"。.；;".contains(*c))
        .collect();
    t.is_empty() || t == "无" || t == "暂无" || t == "无其他需要报告的事项"
}

fn problems(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    let Some(paras) = section_paragraphs(doc, report, 5) else {
        return;
    };
    let text = joined(&paras);
    let detail = if text.trim().is_empty() {
        "为空"
    } else if is_nothing(&text) {
        "只写了“无”"
    } else if text.chars().take(10).count() < 10 {
        "过于简短"
    } else if PROBLEMS.found([text.as_str()]) == 0 {
        "只写了下一步打算"
    } else {
        return;
    };
    let span = paras
        .iter()
        .map(|p| p.span)
        .reduce(|a, b| a.cover(b))
        .or(report.section(5).map(|s| s.span));
    out.push(
        Finding::new("CNT-PROBLEMS")
            .arg("detail", detail)
            .section("五")
            .maybe_span(span),
    );
}

fn fee(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    // The 信息处理费 exists from 2021 on (国办函〔2020〕109号, in force 2021-01-01); the
    // 2019 template's reports had nothing of the kind to state.
    if report
        .year()
        .is_some_and(|y| y < crate::rules::template::FIRST_2021_YEAR)
    {
        return;
    }
    let Some(paras) = section_paragraphs(doc, report, 6) else {
        return;
    };
    let text = joined(&paras);
    // The heading line may carry the statement ("六、其他需要报告的事项：本年度未收取…").
    let heading = report
        .section(6)
        .and_then(|s| match doc.blocks.get(s.block) {
            Some(Block::Paragraph(p)) => Some(p.text.as_str()),
            _ => None,
        })
        .unwrap_or("");
    if states_fee(&text) || states_fee(heading) || stated_elsewhere(doc, report) {
        return;
    }
    let detail = if text.trim().is_empty() {
        "为空".to_string()
    } else if is_nothing(&text) {
        format!("只写了“{}”", text.trim())
    } else {
        "没有提到".to_string()
    };
    let span = paras
        .iter()
        .map(|p| p.span)
        .reduce(|a, b| a.cover(b))
        .or(report.section(6).map(|s| s.span));
    out.push(
        Finding::new("CNT-FEE")
            .arg("detail", detail)
            .section("六")
            .maybe_span(span),
    );
}

/// Whether section 六 says whether fees were charged for disclosure: it names the
/// 信息处理费 (in any wording: 信息处理费, 信息公开处理费, 政府信息处理费用), or a clause
/// says that charges were or were not made ("未发生收费情况", "没有收费", "不涉及收费",
/// "未收取任何费用", "零收费", "免收", "收取费用120元", "收费情况：无"). A clause about other
/// charges (行政事业性收费, 涉企收费 …) does not count, nor does a mention of charging that
/// says nothing of what happened ("严格执行收费规定").
fn states_fee(text: &str) -> bool {
    // Without padding and line breaks: "3940 元", "信息处理费管理\n办法" (wrapped lines).
    let t = crate::text_util::compact(text);
    names_processing_fee(&t)
        || t.split(['。', '；', ';', '！', '!', '？', '?'])
            .any(states_charge)
}

/// Whether the prose sections (一 总体情况, where 依申请公开 is told, and 五) state what was
/// charged: the report has told its readers, if not in section 六. Here a mention is not
/// enough ("严格落实《政府信息公开信息处理费管理办法》"): a sentence must say what happened.
fn stated_elsewhere(doc: &Document, report: &Report) -> bool {
    [1, 5].into_iter().any(|n| {
        section_paragraphs(doc, report, n).is_some_and(|paras| {
            paras.iter().any(|p| {
                // Every statement below names 收 or 费 (收费, 免收, 计收, 收取, 费用,
                // 处理费), and dropping padding adds no character: a paragraph with
                // neither is passed over without being copied and split.
                if !crate::has!(p.text, "收") && !crate::has!(p.text, "费") {
                    return false;
                }
                let t = crate::text_util::compact(&p.text);
                // A statement is a short sentence; a long run is table text read as
                // prose (a page whose cells run together), not a statement.
                t.split(['。', '；', ';', '！', '!', '？', '?'])
                    .filter(|s| s.chars().count() <= 150)
                    .any(|s| states_charge(s) || (names_processing_fee(s) && has_outcome(s)))
            })
        })
    })
}

/// "处理费" right after 信息 or 公开 (信息处理费, 信息公开处理费), not 污水处理费.
fn names_processing_fee(t: &str) -> bool {
    crate::find_iter_str!(t, "处理费").any(|i| t[..i].ends_with("信息") || t[..i].ends_with("公开"))
}

/// Words that make a clause about charging.
fn mentions_charge(clause: &str) -> bool {
    ["收费", "免收", "计收", "费用"]
        .iter()
        .any(|w| clause.contains(w))
        || (clause.contains("收取") && (clause.contains('费') || clause.contains('元')))
}

/// Charges that are not the disclosure fee: the organ's administrative fees (table 二's
/// 行政事业性收费 and its 收费项目), fees on businesses, fee lists, and table 三's row
/// about fee notices.
fn other_charge(clause: &str) -> bool {
    [
        "行政事业性",
        "涉企",
        "乱收费",
        "违规收费",
        "收费清单",
        "收费目录",
        "收费项目",
        "收费公示",
        "经营服务性",
        "逾期未按",
    ]
    .iter()
    .any(|w| clause.contains(w))
}

/// What happened: none charged (未收取, 没有, 无, 不涉及, 零, 免收 …) or an amount or
/// count ("120元", "0件").
fn has_outcome(clause: &str) -> bool {
    if [
        "未",
        "没有",
        "无",
        "不涉及",
        "不存在",
        "零",
        "免收",
        "免予",
        "不收",
    ]
    .iter()
    .any(|w| clause.contains(w))
    {
        return true;
    }
    let mut digits = false;
    for c in clause.chars() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '.' && digits {
            digits = true;
        } else {
            if digits && matches!(c, '元' | '件' | '笔' | '次' | '万') {
                return true;
            }
            digits = false;
        }
    }
    false
}

/// A sentence with a clause that says what was charged for disclosure. The outcome may
/// stand in the clause after a colon ("收费情况：无").
fn states_charge(sentence: &str) -> bool {
    // Every word of `mentions_charge` holds 收 or 费: a sentence with neither (most of
    // them) has no clause about charging, and is not split nor searched word by word.
    (crate::has!(sentence, "收") || crate::has!(sentence, "费")) && clause_states_charge(sentence)
}

/// [`states_charge`] without its gate: each clause looked at.
fn clause_states_charge(sentence: &str) -> bool {
    let clauses: Vec<&str> = sentence.split(['，', ',', '：', ':', '、']).collect();
    clauses.iter().enumerate().any(|(i, c)| {
        mentions_charge(c)
            && !other_charge(c)
            && (has_outcome(c)
                || clauses
                    .get(i + 1)
                    .is_some_and(|next| matches!(*next, "无" | "没有" | "0" | "0元" | "零")))
    })
}

/// Wrong forms of the template notice's citation and their corrections.
const CITATIONS: [(&str, &str); 6] = [
    ("国办公开函〔2021〕30号", "国办公开办函〔2021〕30号"),
    ("国办公开函[2021]30号", "国办公开办函〔2021〕30号"),
    ("国办公开办函[2021]30号", "国办公开办函〔2021〕30号"),
    ("国办公开办函(2021)30号", "国办公开办函〔2021〕30号"),
    ("国办公开办函（2021）30号", "国办公开办函〔2021〕30号"),
    (
        "国务院办公厅信息与政务公开办公室",
        "国务院办公厅政府信息与政务公开办公室",
    ),
];

/// The wrong forms of [`CITATIONS`], with their searchers.
static WRONG_CITATIONS: Words = Words::new(&WRONG_FORMS);
const WRONG_FORMS: [&str; CITATIONS.len()] = {
    let mut wrong = [""; CITATIONS.len()];
    let mut i = 0;
    while i < wrong.len() {
        wrong[i] = CITATIONS[i].0;
        i += 1;
    }
    wrong
};

fn citation(all: &AllParagraphs, out: &mut Vec<Finding>) {
    // Every wrong form holds "30号" or "政务公开办公室", and a wrong title mark needs a
    // '<': the paragraphs that hold one are found by searching all of them joined by line
    // feeds (which none of these holds), one search per word instead of one per word and
    // paragraph, most paragraphs being short.
    let (paras, joined, starts) = (&all.paras, &all.joined, &all.starts);
    // Bit 0: may cite the notice wrongly; bit 1: holds a '<'.
    let mut marks = vec![0u8; paras.len()];
    let mut mark = |hits: &mut dyn Iterator<Item = usize>, bit: u8| {
        for at in hits {
            marks[starts.partition_point(|&s| s <= at) - 1] |= bit;
        }
    };
    static NUMBER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    static OFFICE: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let number = NUMBER.get_or_init(|| memchr::memmem::Finder::new("30号"));
    let office = OFFICE.get_or_init(|| memchr::memmem::Finder::new("政务公开办公室"));
    mark(&mut number.find_iter(joined.as_bytes()), 1);
    mark(&mut office.find_iter(joined.as_bytes()), 1);
    mark(&mut memchr::memchr_iter(b'<', joined.as_bytes()), 2);
    for (p, &m) in paras.iter().zip(&marks) {
        let cites = m & 1 != 0;
        for ((wrong, finder), &(_, right)) in WRONG_CITATIONS.each().zip(&CITATIONS) {
            if !cites {
                break;
            }
            for i in finder.find_iter(&p.text) {
                out.push(
                    Finding::new("CNT-CITATION")
                        .arg("found", wrong)
                        .arg("expected", right)
                        .evidence(right, wrong)
                        .span(Span::new(p.span.start + i, p.span.start + i + wrong.len())),
                );
            }
        }
        // ASCII angle brackets inside a 《…》 title: 〈…〉 is the nested title mark.
        if m & 2 == 0 {
            continue;
        }
        let mut search = 0;
        while let Some(open) = crate::find_str!(p.text[search..], "《").map(|i| search + i) {
            let inner_start = open + '《'.len_utf8();
            let Some(close) =
                crate::find_str!(p.text[inner_start..], "》").map(|i| inner_start + i)
            else {
                break;
            };
            let inner = &p.text[inner_start..close];
            // Only the template notice's citation is this rule's business.
            let cites_template =
                crate::has!(inner, "年度报告格式") || crate::has!(inner, "政府信息公开条例");
            if let (Some(a), Some(b), true) = (inner.find('<'), inner.rfind('>'), cites_template) {
                if a < b {
                    let nested = &inner[a + 1..b];
                    out.push(
                        Finding::new("CNT-CITATION")
                            .arg("found", format!("<{nested}>"))
                            .arg("expected", format!("〈{nested}〉"))
                            .evidence(format!("〈{nested}〉"), format!("<{nested}>"))
                            .span(Span::new(
                                p.span.start + inner_start + a,
                                p.span.start + inner_start + b + 1,
                            )),
                    );
                }
            }
            search = close + '》'.len_utf8();
        }
    }
}

/// Forms of the 2019 trial template's notice: its number (国办公开办函〔2019〕60号) or
/// its name.
const NOTICE_2019: [&str; 6] = [
    "国办公开办函〔2019〕60号",
    "国办公开办函[2019]60号",
    "国办公开办函(2019)60号",
    "国办公开办函（2019）60号",
    "国办公开办函【2019】60号",
    NOTICE_2019_NAME,
];
static NOTICE_2019_WORDS: Words = Words::new(&NOTICE_2019);
const NOTICE_2019_NAME: &str = "关于政府信息公开工作年度报告有关事项的通知";
const NOTICE_2021: &str = "国办公开办函〔2021〕30号";
const NOTICE_2021_NAME: &str = "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知";

/// A report for 2021 or later that names the 2019 trial template's notice as its basis,
/// and never the 2021 one: it was written to the superseded template.
fn outdated_citation(doc: &Document, all: &AllParagraphs, report: &Report, out: &mut Vec<Finding>) {
    if report
        .year()
        .is_none_or(|y| y < crate::rules::template::FIRST_2021_YEAR)
    {
        return;
    }
    // A report names its basis in the intro: the preamble, or the first paragraph of
    // section 一 where the intro stands under it. Most name no 2019 notice; only then is
    // the whole text searched for the 2021 notice.
    let intro_end = report
        .sections
        .first()
        .map_or(doc.blocks.len(), |s| (s.block + 2).min(s.end_block));
    let first = doc.blocks[..intro_end].iter().find_map(|b| match b {
        // Every form has one of these: look for the forms only where they stand.
        Block::Paragraph(p)
            if crate::has!(p.text, "60号") || crate::has!(p.text, "有关事项的通知") =>
        {
            NOTICE_2019_WORDS
                .each()
                .find_map(|(n, f)| f.find(&p.text).map(|i| (n, p.span.start + i)))
        }
        _ => None,
    });
    if first.is_none() {
        return;
    }
    // The 2021 notice cited by number or by name ("年度报告格式"): nothing to say.
    // (Neither word holds the line feeds that join the paragraphs.)
    if crate::has!(all.joined, "30号") || crate::has!(all.joined, "年度报告格式") {
        return;
    }
    if let Some((wrong, at)) = first {
        let right = if wrong == NOTICE_2019_NAME {
            NOTICE_2021_NAME
        } else {
            NOTICE_2021
        };
        out.push(
            Finding::new("CNT-CITATION")
                .arg("found", wrong)
                .arg("expected", right)
                .evidence(right, wrong)
                .span(Span::new(at, at + wrong.len())),
        );
    }
}

fn artifacts(doc: &Document, report: &Report, out: &mut Vec<Finding>) {
    for a in &doc.artifacts {
        let what = match a.kind {
            ArtifactKind::Bookmark => "Word 书签标记",
            ArtifactKind::PageNumber => "页码",
            ArtifactKind::PageChrome => "网页上的按钮或栏目文字",
        };
        out.push(
            Finding::new("CNT-ARTIFACT")
                .arg("what", what)
                .arg("found", &doc.text[a.span.start..a.span.end])
                .span(a.span),
        );
    }
    // A paragraph that is only a small number, outside any table: a page number.
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Paragraph(p) = b else { continue };
        if i < report.body_start || !is_page_number_text(&p.text) {
            continue;
        }
        out.push(
            Finding::new("CNT-ARTIFACT")
                .arg("what", "页码")
                .arg("found", &p.text)
                .span(p.span),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gate changes nothing: on the fixtures' sentences and on random sentences of
    /// the words the clauses are judged by.
    #[test]
    fn gated_states_charge_agrees() {
        let mut sentences: Vec<String> = Vec::new();
        for t in crate::rules::testutil::fixture_texts() {
            sentences.extend(t.split(['。', '；', '\n']).map(str::to_string));
        }
        let pieces = [
            "收费",
            "免收",
            "计收",
            "费用",
            "收取",
            "费",
            "收",
            "元",
            "120",
            "未",
            "无",
            "没有",
            "行政事业性",
            "涉企",
            "，",
            "：",
            "、",
            "信息处理费",
            "情况",
            "本年度",
            "0",
        ];
        let mut rng = crate::test_rng::Rng::new(5);
        for _ in 0..20_000 {
            let n = rng.below(8) as usize;
            sentences.push((0..n).map(|_| *rng.pick(&pieces)).collect());
        }
        let mut both = [0; 2];
        for s in &sentences {
            let old = clause_states_charge(s);
            assert_eq!(states_charge(s), old, "{s}");
            both[usize::from(old)] += 1;
        }
        assert!(both[0] > 1000 && both[1] > 1000, "{both:?}");
    }
}
