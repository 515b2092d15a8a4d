//! Test helpers for the prose rules: minimal reports in the plain-text layout (cells on
//! tab-indented lines, a blank line between rows), with tables 二, 三 and 四 whose values
//! a test chooses.

use crate::diag::Finding;
use crate::doc::Document;
use crate::model::Report;

/// Table 三 totals of fixture 004: 本年新收 7, all 予以公开.
pub const T3_004: [(&str, i64); 6] = [
    ("1", 7),
    ("2", 0),
    ("3.1", 7),
    ("3.2", 0),
    ("3.7", 7),
    ("4", 0),
];

/// Table 三 rows of the 2021 template: key and label cells (a group's label stands in
/// its first row, as Word copies merged cells).
const T3_LABELS: [(&str, &[&str]); 25] = [
    ("1", &["一、本年新收政府信息公开申请数量"]),
    ("2", &["二、上年结转政府信息公开申请数量"]),
    ("3.1", &["三、本年度办理结果", "（一）予以公开"]),
    (
        "3.2",
        &["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
    ),
    ("3.3.1", &["（三）不予公开", "1.属于国家秘密"]),
    ("3.3.2", &["2.其他法律行政法规禁止公开"]),
    ("3.3.3", &["3.危及“三安全一稳定”"]),
    ("3.3.4", &["4.保护第三方合法权益"]),
    ("3.3.5", &["5.属于三类内部事务信息"]),
    ("3.3.6", &["6.属于四类过程性信息"]),
    ("3.3.7", &["7.属于行政执法案卷"]),
    ("3.3.8", &["8.属于行政查询事项"]),
    ("3.4.1", &["（四）无法提供", "1.本机关不掌握相关政府信息"]),
    ("3.4.2", &["2.没有现成信息需要另行制作"]),
    ("3.4.3", &["3.补正后申请内容仍不明确"]),
    ("3.5.1", &["（五）不予处理", "1.信访举报投诉类申请"]),
    ("3.5.2", &["2.重复申请"]),
    ("3.5.3", &["3.要求提供公开出版物"]),
    ("3.5.4", &["4.无正当理由大量反复申请"]),
    ("3.5.5", &["5.要求行政机关确认或重新出具已获取信息"]),
    (
        "3.6.1",
        &[
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ],
    ),
    (
        "3.6.2",
        &["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    ),
    ("3.6.3", &["3.其他"]),
    ("3.7", &["（七）总计"]),
    ("4", &["四、结转下年度继续办理"]),
];

fn row(out: &mut String, cells: &[&str]) {
    for c in cells {
        out.push('\t');
        out.push_str(c);
        out.push('\n');
    }
    out.push('\n');
}

/// Table 二 in the 2021 layout with fixture 004's values: 规章 0/0/0, 行政规范性文件
/// 4/0/7, 行政许可 9570, 行政处罚 2546, 行政强制 198, 行政事业性收费 1835 万元.
pub fn t2_table() -> String {
    let mut s = String::new();
    row(&mut s, &["第二十条第（一）项"]);
    row(
        &mut s,
        &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    );
    row(&mut s, &["规章", "0", "0", "0"]);
    row(&mut s, &["行政规范性文件", "4", "0", "7"]);
    row(&mut s, &["第二十条第（五）项"]);
    row(&mut s, &["信息内容", "本年处理决定数量"]);
    row(&mut s, &["行政许可", "9570"]);
    row(&mut s, &["第二十条第（六）项"]);
    row(&mut s, &["信息内容", "本年处理决定数量"]);
    row(&mut s, &["行政处罚", "2546"]);
    row(&mut s, &["行政强制", "198"]);
    row(&mut s, &["第二十条第（八）项"]);
    row(&mut s, &["信息内容", "本年收费金额（单位：万元）"]);
    row(&mut s, &["行政事业性收费", "1835"]);
    s
}

/// Table 三 with the given 总计 values (all from 自然人; rows not given are 0).
pub fn t3_table(totals: &[(&str, i64)]) -> String {
    let mut s = String::new();
    row(
        &mut s,
        &[
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "申请人情况",
        ],
    );
    for (key, labels) in T3_LABELS {
        let v = totals
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .unwrap_or(0);
        let v = v.to_string();
        let mut cells: Vec<&str> = labels.to_vec();
        cells.extend([v.as_str(), "0", "0", "0", "0", "0", v.as_str()]);
        row(&mut s, &cells);
    }
    s
}

/// [`t3_table`] with some rows' seven cells (自然人 … 其他, 总计) written as given,
/// e.g. a blank 总计.
pub fn t3_table_with(totals: &[(&str, i64)], cells: &[(&str, [&str; 7])]) -> String {
    let mut s = t3_table(totals);
    for (key, row_cells) in cells {
        let (_, labels) = T3_LABELS.iter().find(|(k, _)| k == key).expect("a row");
        let v = totals
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
            .unwrap_or(0)
            .to_string();
        let mut old = String::new();
        let mut new = String::new();
        let mut old_cells: Vec<&str> = labels.to_vec();
        old_cells.extend([v.as_str(), "0", "0", "0", "0", "0", v.as_str()]);
        row(&mut old, &old_cells);
        let mut new_cells: Vec<&str> = labels.to_vec();
        new_cells.extend(row_cells.iter().copied());
        row(&mut new, &new_cells);
        s = s.replacen(&old, &new, 1);
    }
    s
}

/// [`report_text`] with table 三 as in [`t3_table_with`].
pub fn report_with_t3_cells(
    prose: &str,
    totals: &[(&str, i64)],
    cells: &[(&str, [&str; 7])],
) -> String {
    report_text(prose, totals, &[0; 15]).replacen(
        &t3_table(totals),
        &t3_table_with(totals, cells),
        1,
    )
}

/// Table 四 with its 15 values (复议, 直接起诉, 复议后起诉; each 维持, 纠正, 其他,
/// 尚未审结, 总计).
pub fn t4_table(values: &[i64; 15]) -> String {
    let mut s = String::new();
    row(&mut s, &["行政复议", "行政诉讼"]);
    row(
        &mut s,
        &[
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "未经复议直接起诉",
            "复议后起诉",
        ],
    );
    let head = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut h2: Vec<&str> = head.to_vec();
    h2.extend(head);
    row(&mut s, &h2);
    let vals: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    let refs: Vec<&str> = vals.iter().map(|v| v.as_str()).collect();
    row(&mut s, &refs);
    s
}

/// A whole 2022 report of 涞源县 with `prose` as the body of section `section` (1..=6)
/// and the given tables 三 and 四 (table 二 as in [`t2_table`]).
pub fn report_in(section: usize, prose: &str, t3: &[(&str, i64)], t4: &[i64; 15]) -> String {
    let body = |n: usize, default: &str| {
        if n == section {
            format!("{prose}\n")
        } else {
            format!("{default}\n")
        }
    };
    let mut s = String::from("涞源县2022年政府信息公开工作年度报告\n");
    s.push_str("一、总体情况\n");
    s.push_str(&body(1, "全面推进政务公开。"));
    s.push_str("二、主动公开政府信息情况\n");
    s.push_str(&body(2, ""));
    s.push_str(&t2_table());
    s.push_str("三、收到和处理政府信息公开申请情况\n");
    s.push_str(&body(3, ""));
    s.push_str(&t3_table(t3));
    s.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
    s.push_str(&body(4, ""));
    s.push_str(&t4_table(t4));
    s.push_str("五、存在的主要问题及改进情况\n");
    s.push_str(&body(5, "信息公开的广度和深度还不够。"));
    s.push_str("六、其他需要报告的事项\n");
    s.push_str(&body(6, "未收取信息处理费。"));
    s
}

/// [`report_in`] with the prose in section 一.
pub fn report_text(prose: &str, t3: &[(&str, i64)], t4: &[i64; 15]) -> String {
    report_in(1, prose, t3, t4)
}

/// Reads and extracts a report.
pub fn model(src: &str) -> (Document, Report) {
    let doc = crate::read::text::read(src);
    let (report, _) = crate::extract::extract(&doc);
    (doc, report.expect("a report"))
}

/// Runs one rule module's `check` on `src` and keeps the findings with `code`.
pub fn run_rule(
    src: &str,
    check: fn(&Document, &Report, &mut Vec<Finding>),
    code: &str,
) -> Vec<Finding> {
    let (doc, report) = model(src);
    let mut out = Vec::new();
    check(&doc, &report, &mut out);
    out.retain(|f| f.code == code);
    out
}

/// The text a finding's span covers.
pub fn spanned<'a>(src: &'a str, f: &Finding) -> &'a str {
    let s = f.span.expect("a span");
    &src[s.start..s.end]
}

#[test]
fn helper_tables_are_read_as_intended() {
    let mut t4 = [0; 15];
    t4[4] = 3;
    t4[14] = 2;
    let (_, r) = model(&report_text("", &T3_004, &t4));
    let t3 = r.t3.as_ref().unwrap();
    assert_eq!(t3.value("1", "total"), Some(7.0));
    assert_eq!(t3.value("3.1", "natural_person"), Some(7.0));
    assert_eq!(t3.rows.len(), 25);
    assert!(t3.row("3.6.3").is_some());
    let t4t = r.t4.as_ref().unwrap();
    assert_eq!(t4t.value("review", "total"), Some(3.0));
    assert_eq!(t4t.value("litigation_after_review", "total"), Some(2.0));
    let t2 = r.t2.as_ref().unwrap();
    assert_eq!(t2.value("normative_documents", "in_force"), Some(7.0));
    assert_eq!(t2.value("fees", "amount_wan_yuan"), Some(1835.0));
    assert_eq!(r.year(), Some(2022));
    assert_eq!(r.sections.len(), 6);
}

/// The texts of the report fixtures (tests/fixtures/*.txt), for tests that compare a
/// new algorithm with the old one on real report text.
pub fn fixture_texts() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).expect("utf-8 text"))
        .collect();
    assert!(texts.len() >= 5);
    texts.sort();
    texts
}
