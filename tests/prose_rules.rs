//! The prose rules (TXT-T2, TXT-T3, TXT-T4, TXT-PERCENT, TXT-PARTS, CNT-DUPLICATE) on
//! the five fixtures: exactly the findings of report-format.md §9 and nothing else; each
//! rule firing on a one-place change of a real report; and the mended report clean.

mod common;

use common::*;

const PROSE_CODES: [&str; 6] = [
    "TXT-T2",
    "TXT-T3",
    "TXT-T4",
    "TXT-PERCENT",
    "TXT-PARTS",
    "CNT-DUPLICATE",
];

/// (code, line) of the prose rules' findings, sorted.
fn prose(text: &str) -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = findings(text)
        .into_iter()
        .filter(|(c, _)| PROSE_CODES.contains(&c.as_str()))
        .collect();
    v.sort();
    v
}

fn pairs(expected: &[(&str, u32)]) -> Vec<(String, u32)> {
    expected.iter().map(|(c, l)| (c.to_string(), *l)).collect()
}

fn diag<'a>(r: &'a nianbao::InputResult, code: &str) -> &'a nianbao::diag::Diagnostic {
    r.diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

#[test]
fn fixture_000_repeats_a_passage() {
    // §9 000.7: lines 5 and 7 share "通过巨鹿县人民政府网站主动公开内容17余条，…134条".
    let text = fx("000");
    assert_eq!(prose(&text), pairs(&[("CNT-DUPLICATE", 7)]));
    let r = check(&text);
    let d = diag(&r, "CNT-DUPLICATE");
    assert!(d.message.contains("第5行"), "{}", d.message);
    assert!(d
        .message
        .contains("通过巨鹿县人民政府网站主动公开内容17余条，开发区微信公众号公开信息134条"));
    // Mended: the second copy removed.
    let mended = replace_once(
        &text,
        "有效解决信息公开不规范问题，通过巨鹿县人民政府网站主动公开内容17余条，开发区微信公众号公开信息134条。",
        "有效解决信息公开不规范问题。",
    );
    assert_eq!(prose(&mended), vec![]);
}

#[test]
fn fixture_001_has_one_wrong_percentage() {
    // §9 001.1: 77/284 = 27.1%, not 27.7%; the other shares are right, and the share sum
    // (100.5%) is within rounding, so no TXT-PARTS.
    let text = fx("001");
    assert_eq!(prose(&text), pairs(&[("TXT-PERCENT", 11)]));
    let r = check(&text);
    let d = diag(&r, "TXT-PERCENT");
    let ev = d.evidence.as_ref().unwrap();
    assert_eq!(
        (ev.expected.clone(), ev.found.clone()),
        (
            Some(nianbao::diag::Value::Num(27.1)),
            Some(nianbao::diag::Value::Num(27.7))
        )
    );
    let span = d.span.unwrap();
    let line = line(&text, 11);
    let col: usize = (span.column - 1) as usize;
    let spanned: String = line
        .chars()
        .skip(col)
        .take((span.end_column - span.column) as usize)
        .collect();
    assert_eq!(spanned, "27.7%");
    let mended = replace_once(&text, "27.7%", "27.1%");
    assert_eq!(prose(&mended), vec![]);
}

#[test]
fn fixtures_002_and_003_are_clean() {
    // 003: "共收到依申请公开信息共计2条" = 新收 2; "未出现…行政复议、行政诉讼件" with 四 all 0.
    assert_eq!(prose(&fx("002")), vec![]);
    assert_eq!(prose(&fx("003")), vec![]);
}

#[test]
fn fixture_004_receipts_contradict_table_three() {
    // §9 004.2: "接到依申请公开事项1项" but 本年新收 总计 is 7.
    let text = fx("004");
    assert_eq!(prose(&text), pairs(&[("TXT-T3", 9)]));
    let r = check(&text);
    let d = diag(&r, "TXT-T3");
    assert_eq!(d.table, Some("t3"));
    assert_eq!(d.row.as_deref(), Some("1"));
    assert_eq!(d.column, Some("total"));
    let ev = d.evidence.as_ref().unwrap();
    assert_eq!(ev.expected, Some(nianbao::diag::Value::Int(7)));
    assert_eq!(ev.found, Some(nianbao::diag::Value::Int(1)));
    assert!(d.message.contains("接到依申请公开事项1项"), "{}", d.message);
    let mended = replace_once(&text, "接到依申请公开事项1项", "接到依申请公开事项7项");
    assert_eq!(prose(&mended), vec![]);
}

#[test]
fn t3_fires_on_one_changed_number_in_003() {
    let text = fx("003");
    let changed = replace_once(
        &text,
        "共收到依申请公开信息共计2条",
        "共收到依申请公开信息共计3条",
    );
    assert_eq!(prose(&changed), pairs(&[("TXT-T3", 9)]));
    // A changed table row instead (总计 and a column, so the row stays consistent).
    let changed = set_cell(&text, "t3", "1", "total", "5");
    let changed = set_cell(&changed, "t3", "1", "natural_person", "5");
    assert!(prose(&changed).contains(&("TXT-T3".to_string(), 9)));
    // Only the 总计 cell changed: the other columns still agree with the prose, so the
    // table contradicts itself (T3-ROW-TOTAL), not the prose.
    let changed = set_cell(&text, "t3", "1", "total", "5");
    assert!(!prose(&changed).contains(&("TXT-T3".to_string(), 9)));
}

#[test]
fn t4_fires_when_the_table_has_cases_the_prose_denies() {
    // 003 line 9: "未出现因依申请公开引发的行政复议、行政诉讼件".
    let text = fx("003");
    let changed = set_cell(&text, "t4", "review", "total", "1");
    let changed = set_cell(&changed, "t4", "review", "upheld", "1");
    let found = prose(&changed);
    assert!(found.contains(&("TXT-T4".to_string(), 9)), "{found:?}");
    // 004 line 10: "全县未发生针对政府信息公开事务的行政复议申请、申诉和行政诉讼案件".
    let text = fx("004");
    let changed = set_cell(&text, "t4", "litigation_after_review", "total", "2");
    let changed = set_cell(&changed, "t4", "litigation_after_review", "pending", "2");
    let found = prose(&changed);
    assert_eq!(
        found.iter().filter(|f| f.0 == "TXT-T4").count(),
        1,
        "{found:?}"
    );
    assert!(found.contains(&("TXT-T4".to_string(), 10)));
}

#[test]
fn t4_and_t2_fire_on_stated_counts() {
    let text = fx("004");
    let with = |sentence: &str| {
        replace_once(
            &text,
            "2022年，全县未发生针对政府信息公开事务的行政复议申请、申诉和行政诉讼案件。",
            sentence,
        )
    };
    let ok = with("2022年，全县因政府信息公开被申请行政复议0件，被提起行政诉讼0件。");
    assert_eq!(prose(&ok), pairs(&[("TXT-T3", 9)]));
    let bad = with("2022年，全县因政府信息公开被申请行政复议2件，被提起行政诉讼0件。");
    assert_eq!(prose(&bad), pairs(&[("TXT-T3", 9), ("TXT-T4", 10)]));
    // Table 二 of 004: 行政规范性文件 4/0/7, 行政处罚 2546.
    let ok = with(
        "2022年，全县制发行政规范性文件4件，现行有效行政规范性文件7件，作出行政处罚决定2546件。",
    );
    assert_eq!(prose(&ok), pairs(&[("TXT-T3", 9)]));
    let bad = with("2022年，全县制发行政规范性文件5件，作出行政处罚决定2546件。");
    assert_eq!(prose(&bad), pairs(&[("TXT-T2", 10), ("TXT-T3", 9)]));
}

#[test]
fn parts_fire_when_counts_exceed_the_whole() {
    let text = fx("001");
    let changed = replace_once(&text, "公开发布信息284条", "公开发布信息274条");
    let found = prose(&changed);
    // The shares are now all computed against a wrong whole, and the parts exceed it.
    assert!(found.contains(&("TXT-PARTS".to_string(), 11)), "{found:?}");
}

#[test]
fn duplicate_fires_on_a_copied_sentence() {
    let text = fx("002");
    let sentence = "不断加强政务新媒体监管力度，安排专人监督做好政务新媒体发布、巡查等工作，确保政务新媒体稳定运转。";
    assert_eq!(text.matches(sentence).count(), 1);
    let changed = replace_once(
        &text,
        "进一步加大政府信息公开的宣传力度。",
        &format!("进一步加大政府信息公开的宣传力度。{sentence}"),
    );
    let found = prose(&changed);
    assert_eq!(found, pairs(&[("CNT-DUPLICATE", 397)]), "{found:?}");
}
