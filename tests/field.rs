//! Patterns met in a field test on real reports from other provinces and levels
//! (ministries, provincial departments, county offices, streets, townships; 2019–2025;
//! web pages with tables copied one row per line). Each test rebuilds the pattern in a
//! small report of our own, so that what the field showed stays read right: titles with
//! the year first, without 年 or after the words; web-page trails; reports whose title
//! stayed in the page header; loosely written periods; stray wording in table 三 labels;
//! the superseded template notice cited.

mod common;

use common::*;

/// A small clean report in the 2021 template, its tables as copied from a web page (one
/// row per line, cells joined by tabs).
fn base() -> String {
    let mut t3 = String::new();
    let zeros = "\t0\t0\t0\t0\t0\t0\t0";
    for (label, row) in [
        ("一、本年新收政府信息公开申请数量", "\t3\t0\t0\t0\t0\t0\t3"),
        ("二、上年结转政府信息公开申请数量", zeros),
        (
            "三、本年度办理结果\t（一）予以公开",
            "\t2\t0\t0\t0\t0\t0\t2",
        ),
        (
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            zeros,
        ),
        ("（三）不予公开\t1.属于国家秘密", zeros),
        ("2.其他法律行政法规禁止公开", zeros),
        ("3.危及“三安全一稳定”", zeros),
        ("4.保护第三方合法权益", zeros),
        ("5.属于三类内部事务信息", "\t1\t0\t0\t0\t0\t0\t1"),
        ("6.属于四类过程性信息", zeros),
        ("7.属于行政执法案卷", zeros),
        ("8.属于行政查询事项", zeros),
        ("（四）无法提供\t1.本机关不掌握相关政府信息", zeros),
        ("2.没有现成信息需要另行制作", zeros),
        ("3.补正后申请内容仍不明确", zeros),
        ("（五）不予处理\t1.信访举报投诉类申请", zeros),
        ("2.重复申请", zeros),
        ("3.要求提供公开出版物", zeros),
        ("4.无正当理由大量反复申请", zeros),
        ("5.要求行政机关确认或重新出具已获取信息", zeros),
        (
            "（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            zeros,
        ),
        (
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            zeros,
        ),
        ("3.其他", zeros),
        ("（七）总计", "\t3\t0\t0\t0\t0\t0\t3"),
        ("四、结转下年度继续办理", zeros),
    ] {
        t3.push_str(label);
        t3.push_str(row);
        t3.push('\n');
    }
    format!(
        "某某市某某局2023年政府信息公开工作年度报告\n\
         本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据统计期限为2023年1月1日至12月31日。\n\
         一、总体情况\n\
         2023年，本局做好主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障工作。\n\
         二、主动公开政府信息情况\n\
         第二十条第（一）项\n\
         信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
         规章\t0\t0\t0\n\
         行政规范性文件\t1\t0\t5\n\
         第二十条第（五）项\n\
         信息内容\t本年处理决定数量\n\
         行政许可\t10\n\
         第二十条第（六）项\n\
         信息内容\t本年处理决定数量\n\
         行政处罚\t2\n\
         行政强制\t0\n\
         第二十条第（八）项\n\
         信息内容\t本年收费金额（单位：万元）\n\
         行政事业性收费\t0\n\
         三、收到和处理政府信息公开申请情况\n\
         （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n\
         自然人\t法人或其他组织\t总计\n\
         商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n\
         {t3}\
         四、政府信息公开行政复议、行政诉讼情况\n\
         行政复议\t行政诉讼\n\
         结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n\
         结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n\
         0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n\
         五、存在的主要问题及改进情况\n\
         一是公开内容不够全面。下一步将加强培训。\n\
         六、其他需要报告的事项\n\
         本年度未收取信息处理费。\n\
         某某市某某局\n\
         2024年1月20日\n"
    )
}

const TITLE: &str = "某某市某某局2023年政府信息公开工作年度报告";

fn summary(text: &str) -> nianbao::result::ExtractedSummary {
    check(text).report.expect("a report")
}

/// The codes a change adds to the base report's (none).
fn sorted_codes(text: &str) -> Vec<String> {
    let mut c = codes(text);
    c.sort();
    c
}

fn message(text: &str, code: &str) -> String {
    check(text)
        .diagnostics
        .into_iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code}"))
        .message
        .to_string()
}

#[test]
fn the_base_report_is_clean() {
    let t = base();
    assert_eq!(codes(&t), Vec::<String>::new());
    let s = summary(&t);
    assert_eq!(s.organ.as_deref(), Some("某某市某某局"));
    assert_eq!(s.year, Some(2023));
}

#[test]
fn a_title_with_the_year_first_is_accepted_and_names_its_organ() {
    // "2019年上海市人民政府办公厅政府信息公开工作年度报告": governments title so.
    let t = replace_once(&base(), TITLE, "2023年某某市某某局政府信息公开工作年度报告");
    assert_eq!(codes(&t), Vec::<String>::new());
    let s = summary(&t);
    assert_eq!(s.organ.as_deref(), Some("某某市某某局"));
    assert_eq!(s.year, Some(2023));
    // Year first but not the canonical words: still a finding, with the organ named.
    let t = replace_once(&base(), TITLE, "2023年某某市某某局政府信息公开年度报告");
    assert_eq!(codes(&t), vec!["META-TITLE"]);
    assert!(message(&t, "META-TITLE").contains("某某市某某局2023年政府信息公开工作年度报告"));
}

#[test]
fn a_title_whose_year_lacks_nian_keeps_its_organ_and_year() {
    // "海南省生态环境厅" over "2022政府信息公开工作年度报告".
    let t = replace_once(&base(), TITLE, "某某市某某局\n2023政府信息公开工作年度报告");
    assert_eq!(codes(&t), vec!["META-TITLE"]);
    let m = message(&t, "META-TITLE");
    assert!(m.contains("缺少“年”"), "{m}");
    assert!(
        m.contains("应为“某某市某某局2023年政府信息公开工作年度报告”"),
        "{m}"
    );
    let s = summary(&t);
    assert_eq!(s.organ.as_deref(), Some("某某市某某局"));
    assert_eq!(s.year, Some(2023));
}

#[test]
fn a_title_with_the_year_after_the_words_names_the_organ_alone() {
    // "重庆市大足区人民政府外事办公室政府信息公开工作2022年度报告".
    let t = replace_once(&base(), TITLE, "某某市某某局政府信息公开工作2023年度报告");
    assert_eq!(codes(&t), vec!["META-TITLE"]);
    assert!(message(&t, "META-TITLE").contains("应为“某某市某某局2023年政府信息公开工作年度报告”"));
    assert_eq!(summary(&t).organ.as_deref(), Some("某某市某某局"));
}

#[test]
fn guanyu_is_no_organ() {
    // "关于2022年度政府信息公开情况的报告": the organ is the signature's.
    let t = replace_once(&base(), TITLE, "关于2023年度政府信息公开情况的报告");
    assert_eq!(codes(&t), vec!["META-TITLE"]);
    assert_eq!(summary(&t).organ.as_deref(), Some("某某市某某局"));
    assert!(message(&t, "META-TITLE").contains("应为“某某市某某局2023年"));
}

#[test]
fn a_web_page_trail_is_no_title() {
    let t = replace_once(
        &base(),
        TITLE,
        &format!(
            "首页 > 政务公开 > 政府信息公开年报 > 2023 > 部门政府信息公开工作年度报告\n{TITLE}"
        ),
    );
    assert_eq!(codes(&t), Vec::<String>::new());
    let s = summary(&t);
    assert_eq!(s.title.as_deref(), Some(TITLE));
    assert_eq!(s.organ.as_deref(), Some("某某市某某局"));
}

#[test]
fn without_a_title_the_intro_names_organ_and_year() {
    // The page header kept the title; the intro names the report.
    let t = replace_once(&base(), &format!("{TITLE}\n"), "");
    let t = replace_once(
        &t,
        "本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据统计期限为2023年1月1日至12月31日。",
        "根据《中华人民共和国政府信息公开条例》要求，现公布某某市某某局2023年政府信息公开工作年度报告。",
    );
    assert_eq!(sorted_codes(&t), vec!["META-PERIOD", "META-TITLE"]);
    let s = summary(&t);
    assert_eq!(s.year, Some(2023));
    assert!(message(&t, "META-TITLE").contains("应为“某某市某某局2023年"));
    // A pronoun is no organ; the year still counts.
    let t = replace_once(&t, "现公布某某市某某局2023年", "现公布我局2023年");
    assert_eq!(summary(&t).year, Some(2023));
    assert_eq!(
        summary(&t).organ.as_deref(),
        Some("某某市某某局"),
        "the signature's"
    );
}

#[test]
fn without_title_or_period_the_body_gives_the_year() {
    let t = replace_once(&base(), &format!("{TITLE}\n"), "");
    let t = replace_once(&t, "本报告中所列数据统计期限为2023年1月1日至12月31日。", "");
    assert_eq!(sorted_codes(&t), vec!["META-PERIOD", "META-TITLE"]);
    assert_eq!(summary(&t).year, Some(2023));
    // The body's year is a guess: a later paragraph on another year is no finding.
    let t = replace_once(
        &t,
        "二、主动公开政府信息情况\n",
        "2022年，本局已做好准备。\n二、主动公开政府信息情况\n",
    );
    assert!(!has(&t, "META-YEAR"));
    // The guess still dates the report: its signing date is judged against it.
    let t = replace_once(&t, "2024年1月20日", "2023年12月20日");
    assert!(has(&t, "META-DATE-EARLY"));
}

#[test]
fn periods_written_loosely_are_periods() {
    for period in [
        "统计期限为2023年1月至12月。",
        "统计期限为2023年度。",
        "统计时限为2023.1.1-2023.12.31。",
        "统计期限为2023年1月1日—2023年12月31日。",
    ] {
        let t = replace_once(&base(), "统计期限为2023年1月1日至12月31日。", period);
        assert_eq!(codes(&t), Vec::<String>::new(), "{period}");
    }
    // A whole year stated for another year is a contradiction.
    let t = replace_once(
        &base(),
        "统计期限为2023年1月1日至12月31日。",
        "统计期限为2022年度。",
    );
    assert_eq!(codes(&t), vec!["META-YEAR"]);
    // Other mentions of months are no period.
    let t = replace_once(
        &base(),
        "本报告中所列数据统计期限为2023年1月1日至12月31日。",
        "2023年1月至3月开展了专项检查。",
    );
    assert_eq!(codes(&t), vec!["META-PERIOD"]);
}

#[test]
fn a_full_stop_after_the_signing_date_keeps_the_signature() {
    let t = replace_once(&base(), "2024年1月20日", "2024年1月20日。");
    assert_eq!(codes(&t), Vec::<String>::new());
    let t = replace_once(&base(), "2024年1月20日", "2024年2月20日。");
    assert_eq!(codes(&t), vec!["META-DATE-LATE"]);
}

#[test]
fn table_three_labels_with_stray_wording_keep_their_rows() {
    for (from, to) in [
        // Seen in a real report: 内容 for 内部.
        ("5.属于三类内部事务信息", "5.属于三类内容事务信息"),
        ("6.属于四类过程性信息", "6.属于四类过程信息"),
        ("4.无正当理由大量反复申请", "4.无正当理由大量、反复申请"),
        ("2.没有现成信息需要另行制作", "2.没有现成信息需要另外制作"),
        ("四、结转下年度继续办理", "四、结转下一年度继续办理"),
        (
            "二、上年结转政府信息公开申请数量",
            "二、上年度结转政府信息公开申请数量",
        ),
    ] {
        let t = replace_once(&base(), from, to);
        assert_eq!(codes(&t), Vec::<String>::new(), "{to}");
    }
    // The row is read as its number says: its value counts where it belongs.
    let t = replace_once(&base(), "5.属于三类内部事务信息", "5.属于三类内容事务信息");
    let t3 = summary(&t).tables.t3.expect("table 三");
    assert_eq!(t3.value("3.3.5", "total"), Some(1.0));
    // …and a change of it is judged.
    let m = set_cell(&t, "t3", "3.3.5", "natural_person", "2");
    assert_eq!(sorted_codes(&m), vec!["T3-ROW-TOTAL", "T3-SUM"]);
}

#[test]
fn the_superseded_template_notice_cited_in_a_2021_template_year() {
    let cite = "本报告根据《中华人民共和国政府信息公开条例》编制。";
    let t = replace_once(
        &base(),
        cite,
        "本报告根据《中华人民共和国政府信息公开条例》和《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）编制。",
    );
    assert_eq!(codes(&t), vec!["CNT-CITATION"]);
    assert!(message(&t, "CNT-CITATION").contains("国办公开办函〔2021〕30号"));
    // Citing the 2021 notice as well is fine.
    let both = replace_once(&t, "）编制。", "）和国办公开办函〔2021〕30号编制。");
    assert_eq!(codes(&both), Vec::<String>::new());
    // For 2020 the 2019 notice is the right one.
    let t2020 = t
        .replace("2023年", "2020年")
        .replace("2024年1月20日", "2021年1月20日");
    assert!(!has(&t2020, "CNT-CITATION"));
}

#[test]
fn a_colon_or_full_stop_after_a_heading_is_no_new_wording() {
    for (from, to) in [
        ("一、总体情况\n", "一、总体情况：\n"),
        ("二、主动公开政府信息情况\n", "二、主动公开政府信息情况。\n"),
        ("六、其他需要报告的事项\n", "六、其他需要报告的事项:\n"),
    ] {
        let t = replace_once(&base(), from, to);
        assert_eq!(codes(&t), Vec::<String>::new(), "{to}");
    }
    // Other wording still is.
    let t = replace_once(&base(), "一、总体情况\n", "一、总体情况概述：\n");
    assert_eq!(codes(&t), vec!["SEC-TITLE"]);
}

#[test]
fn the_intro_naming_last_years_report_is_a_year_contradiction() {
    // "我镇认真编制了《某镇2020年政府信息公开工作年度报告》" over a 2021 period.
    let intro = "本报告根据《中华人民共和国政府信息公开条例》编制。";
    let t = replace_once(
        &base(),
        intro,
        "我局认真编制了《某某市某某局2022年政府信息公开工作年度报告》。",
    );
    assert_eq!(codes(&t), vec!["META-YEAR"]);
    assert!(message(&t, "META-YEAR").contains("引言所称的报告名称为2022年"));
    let mended = t.replace("局2022年政府", "局2023年政府");
    assert_eq!(codes(&mended), Vec::<String>::new());
    // Another document's name is no name of this report.
    let t = replace_once(
        &base(),
        intro,
        "根据《关于做好2022年政府信息公开工作年度报告相关工作的通知》编制。",
    );
    assert_eq!(codes(&t), Vec::<String>::new());
}

#[test]
fn the_superseded_template_notice_cited_by_name() {
    let t = replace_once(
        &base(),
        "本报告根据《中华人民共和国政府信息公开条例》编制。",
        "本报告根据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》编制。",
    );
    assert_eq!(codes(&t), vec!["CNT-CITATION"]);
    assert!(message(&t, "CNT-CITATION").contains("年度报告格式"));
}

#[test]
fn a_web_page_whose_title_is_only_in_its_head() {
    // Portals often show the report's title in the page header only; the body starts
    // with the intro. The page's <title> names the report.
    let body = fx("004");
    let body: Vec<&str> = body.split('\n').skip(1).collect(); // drop the title line
    let mut html = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>涞源县2022年政府信息公开工作年度报告_涞源县人民政府</title></head><body><div class=\"nav\">首页 &gt; 政务公开</div><div class=\"article\">",
    );
    let mut in_table = false;
    let mut row: Vec<String> = Vec::new();
    for l in &body {
        if let Some(cell) = l.strip_prefix('\t') {
            if !in_table {
                html.push_str("<table>");
                in_table = true;
            }
            row.push(cell.to_string());
        } else if l.trim().is_empty() {
            if !row.is_empty() {
                html.push_str("<tr>");
                for c in row.drain(..) {
                    html.push_str(&format!("<td>{c}</td>"));
                }
                html.push_str("</tr>");
            }
        } else {
            if in_table {
                html.push_str("</table>");
                in_table = false;
            }
            html.push_str(&format!("<p>{l}</p>"));
        }
    }
    html.push_str("</div></body></html>");
    let r = nianbao::check_bytes("laiyuan.html", html.as_bytes());
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
    assert!(!codes.contains(&"META-TITLE"), "{codes:?}");
    let rep = r.report.unwrap();
    assert_eq!(rep.organ.as_deref(), Some("涞源县"));
    assert_eq!(rep.year, Some(2022));
}

/// Issue 15: a county department's 2023 report as published. Table 二 keeps the 2019
/// row label 规范性文件 under the 2021 columns, every other row and column being the
/// 2021 template's; section 六 says "未发生收费情况" without the words 信息处理费. One old
/// label is a wording slip (TPL-LABEL, a warning naming both wordings), not a report in
/// two templates (TPL-MIXED, an error); the fee sentence is the statement CNT-FEE asks for.
#[test]
fn old_row_label_under_2021_columns_and_fees_without_the_word() {
    let t = base()
        .replace("行政规范性文件\t1\t0\t5", "规范性文件\t1\t0\t5")
        .replace(
            "本年度未收取信息处理费。",
            "2023年度，县发展和改革局政府信息公开未发生收费情况。",
        );
    assert_eq!(sorted_codes(&t), vec!["TPL-LABEL"]);
    assert_eq!(summary(&t).template, Some(nianbao::model::Template::Y2021));
    let r = check(&t);
    let d = &r.diagnostics[0];
    assert_eq!(d.severity, nianbao::diag::Severity::Warning);
    assert_eq!(r.verdict, nianbao::Verdict::Pass);
    assert!(d.message.contains("“规范性文件”"), "{}", d.message);
    assert!(d.message.contains("“行政规范性文件”"), "{}", d.message);
    // The numbers under the old label are read into the 2021 columns.
    let t2 = summary(&t).tables.t2.expect("table 二");
    assert_eq!(t2.value("normative_documents", "in_force"), Some(5.0));
}

/// Table 二 whose column headings were lost (only its row labels remain), with the 2019
/// label 规范性文件, in a report whose table 三 is the 2021 template's: the label follows
/// the report's template (TPL-LABEL), it does not make table 二 a 2019 table.
#[test]
fn old_row_label_in_a_table_without_headings() {
    let t = base()
        .replace("行政规范性文件\t1\t0\t5", "规范性文件\t1\t0\t5")
        .replace("信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n", "")
        .replace("信息内容\t本年处理决定数量\n", "")
        .replace("信息内容\t本年收费金额（单位：万元）\n", "");
    let codes = sorted_codes(&t);
    assert!(codes.contains(&"TPL-LABEL".to_string()), "{codes:?}");
    assert!(
        !codes
            .iter()
            .any(|c| c == "TPL-OUTDATED" || c == "TPL-MIXED"),
        "{codes:?}"
    );
    assert_eq!(summary(&t).template, Some(nianbao::model::Template::Y2021));
}
