//! One test per rule: a real report changed in one place gets exactly that finding, and
//! the unchanged (or mended) report does not.

mod common;

use common::*;

fn count(text: &str, code: &str) -> usize {
    codes(text).iter().filter(|c| *c == code).count()
}

/// The codes a change adds, compared with the unchanged text.
fn added(before: &str, after: &str) -> Vec<String> {
    let mut b = codes(before);
    let mut out = Vec::new();
    for c in codes(after) {
        if let Some(i) = b.iter().position(|x| *x == c) {
            b.remove(i);
        } else {
            out.push(c);
        }
    }
    out.sort();
    out
}

#[test]
fn in_empty_and_not_report() {
    assert_eq!(codes(""), vec!["IN-EMPTY"]);
    assert_eq!(codes(" \n\u{3000}\t\n"), vec!["IN-EMPTY"]);
    assert_eq!(codes("今天天气很好。\n明天也好。"), vec!["IN-NOT-REPORT"]);
    assert_eq!(codes("姓名\t年龄\n张三\t3\n"), vec!["IN-NOT-REPORT"]);
    assert!(!has(&fx("001"), "IN-NOT-REPORT"));
    // Nothing was checked: the verdict is 无法检查, not fail.
    let r = check("");
    assert_eq!(r.verdict, nianbao::Verdict::Unreadable);
    let r = check("今天天气很好。\n明天也好。");
    assert_eq!(r.verdict, nianbao::Verdict::Unreadable);
    // A report with errors still fails.
    assert_eq!(check(&fx("003")).verdict, nianbao::Verdict::Fail);
}

#[test]
fn in_too_large_and_unsupported() {
    let big = vec![b'a'; nianbao::read::MAX_INPUT_BYTES + 1];
    let r = nianbao::check_bytes("big.txt", &big);
    assert_eq!(r.diagnostics[0].code, "IN-TOO-LARGE");
    let at_limit = vec![b' '; nianbao::read::MAX_INPUT_BYTES];
    let r = nianbao::check_bytes("limit.txt", &at_limit);
    assert_eq!(r.diagnostics[0].code, "IN-EMPTY");
    let r = nianbao::check_bytes("x.txt", &[0xff, 0xfe, 0x00, 0xd8, 0x00]);
    assert!(
        r.diagnostics.iter().all(|d| d.code.starts_with("IN-")),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn sec_missing() {
    let t = fx("003");
    assert_eq!(count(&t, "SEC-MISSING"), 0);
    let cut = replace_once(&t, "五、存在的主要问题及改进情况\n", "");
    assert_eq!(added(&t, &cut), vec!["SEC-MISSING"]);
    // A report cut off after section 三: 四, 五, 六 and table 四 are missing.
    let lines: Vec<&str> = t.split('\n').collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("四、政府信息公开"))
        .unwrap();
    let truncated = lines[..at].join("\n");
    assert_eq!(count(&truncated, "SEC-MISSING"), 3);
    assert_eq!(count(&truncated, "TBL-MISSING"), 1);
}

#[test]
fn sec_order() {
    let t = fx("001");
    // Section 六 (heading and content) moved before 五.
    let moved = {
        let lines: Vec<&str> = t.split('\n').collect();
        let five = lines.iter().position(|l| l.starts_with("五、")).unwrap();
        let six = lines.iter().position(|l| l.starts_with("六、")).unwrap();
        let mut v: Vec<&str> = lines[..five].to_vec();
        v.extend_from_slice(&lines[six..six + 2]);
        v.extend_from_slice(&lines[five..six]);
        v.extend_from_slice(&lines[six + 2..]);
        v.join("\n")
    };
    assert!(has(&moved, "SEC-ORDER"));
    assert!(!has(&t, "SEC-ORDER"));
    let repeated = replace_once(&t, "六、其他需要报告的事项", "五、存在的主要问题及改进情况");
    assert!(has(&repeated, "SEC-ORDER"));
}

#[test]
fn sec_ordinal() {
    let t = fx("003");
    assert_eq!(count(&t, "SEC-ORDINAL"), 1);
    let mended = replace_once(&t, "1、 总体情况", "一、总体情况");
    assert_eq!(count(&mended, "SEC-ORDINAL"), 0);
    let wrong_numeral = replace_once(
        &fx("001"),
        "二、主动公开政府信息情况",
        "三、主动公开政府信息情况",
    );
    assert_eq!(added(&fx("001"), &wrong_numeral), vec!["SEC-ORDINAL"]);
}

#[test]
fn sec_title() {
    let t = fx("001");
    let variant = replace_once(
        &t,
        "五、存在的主要问题及改进情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
    );
    assert_eq!(added(&t, &variant), vec!["SEC-TITLE"]);
    assert_eq!(count(&t, "SEC-TITLE"), 0);
}

#[test]
fn tbl_missing_and_shape() {
    let t = fx("001");
    let lines: Vec<&str> = t.split('\n').collect();
    let four = lines
        .iter()
        .position(|l| l.starts_with("四、政府信息公开"))
        .unwrap()
        + 1;
    let five = lines.iter().position(|l| l.starts_with("五、")).unwrap() + 1;
    let no_t4 = remove_lines(&t, four + 1, five - 1);
    assert_eq!(added(&t, &no_t4), vec!["TBL-MISSING"]);
    // Table 四's data row with 14 numbers.
    let last = lines[..five].iter().rposition(|l| *l == "\t0").unwrap() + 1;
    let fourteen = remove_lines(&t, last, last);
    assert_eq!(added(&t, &fourteen), vec!["TBL-SHAPE"]);
    // A table-三 row without its last cell.
    let short = set_cell(&t, "t3", "3.5.2", "total", "@@");
    let short = short.replace("\t@@\n", "");
    assert!(has(&short, "TBL-SHAPE"));
    // A row with a cell missing is not judged by the arithmetic (its cells may be
    // shifted): only TBL-SHAPE, even where numbers are not zero.
    let t4 = fx("004");
    let short = set_cell(&t4, "t3", "1", "natural_person", "@@").replace("\t@@\n", "");
    assert_eq!(added(&t4, &short), vec!["TBL-SHAPE"]);
    // A missing table-三 row with numbers in it: TBL-SHAPE, and （七）总计 is not judged.
    let lines: Vec<&str> = t4.split('\n').collect();
    let at = lines
        .iter()
        .position(|l| l.contains("（一）予以公开"))
        .unwrap();
    let end = at + lines[at..].iter().position(|l| l.is_empty()).unwrap();
    let no_row = remove_lines(&t4, at + 1, end + 1);
    assert_eq!(added(&t4, &no_row), vec!["TBL-SHAPE"]);
    let r = check(&t);
    assert!(!r
        .diagnostics
        .iter()
        .any(|d| d.code == "TBL-SHAPE" || d.code == "TBL-MISSING"));
}

#[test]
fn tpl_outdated() {
    let t = fx("000");
    assert_eq!(count(&t, "TPL-OUTDATED"), 2);
    // The same layout for the 2020 reporting year is right.
    let y2020 = t.replace("2022", "2020");
    assert_eq!(count(&y2020, "TPL-OUTDATED"), 0);
    assert_eq!(count(&fx("001"), "TPL-OUTDATED"), 0);
}

#[test]
fn tpl_mixed() {
    assert_eq!(count(&fx("004"), "TPL-MIXED"), 1);
    assert_eq!(count(&fx("004"), "TPL-OUTDATED"), 0);
    assert_eq!(count(&fx("001"), "TPL-MIXED"), 0);
}

fn template(text: &str) -> Option<nianbao::model::Template> {
    check(text).report.and_then(|r| r.template)
}

#[test]
fn tpl_label() {
    use nianbao::model::Template;
    // Fixtures 001 (2022) and 003 (2024) are 2021 reports; with table 二's row label in
    // the 2019 wording they stay 2021 reports with one wording slip.
    for prefix in ["001", "003"] {
        let t = fx(prefix);
        assert_eq!(count(&t, "TPL-LABEL"), 0);
        let old = replace_once(&t, "\t行政规范性文件\n", "\t规范性文件\n");
        assert_eq!(added(&t, &old), vec!["TPL-LABEL"], "fixture {prefix}");
        assert_eq!(template(&old), Some(Template::Y2021));
        let d = check(&old)
            .diagnostics
            .into_iter()
            .find(|d| d.code == "TPL-LABEL")
            .unwrap();
        assert_eq!(d.severity, nianbao::diag::Severity::Warning);
        assert_eq!(d.table, Some("t2"));
        assert_eq!(d.row.as_deref(), Some("normative_documents"));
        assert!(d.message.contains("“规范性文件”") && d.message.contains("“行政规范性文件”"));
    }
    // Fixtures 000 and 002 are 2019 tables: 规范性文件 is their wording, and the 2021
    // wording in one does not make the table mixed either (the columns are 2019's).
    for prefix in ["000", "002"] {
        let t = fx(prefix);
        assert_eq!(count(&t, "TPL-LABEL"), 0);
        assert_eq!(template(&t), Some(Template::Y2019));
        let new = replace_once(&t, "\t规范性文件\n", "\t行政规范性文件\n");
        assert_eq!(added(&t, &new), Vec::<String>::new(), "fixture {prefix}");
        assert_eq!(template(&new), Some(Template::Y2019));
    }
    // Fixture 004 mixes for real (2021 table 二, 2019 single-row （六）其他处理 in 三):
    // it stays TPL-MIXED, and an old label in its 2021 table 二 is also named.
    let t = fx("004");
    assert_eq!(template(&t), Some(Template::Mixed));
    let old = replace_once(&t, "\t行政规范性文件\n", "\t规范性文件\n");
    assert_eq!(added(&t, &old), vec!["TPL-LABEL"]);
    assert_eq!(count(&old, "TPL-MIXED"), 1);
    // A 2019 table 二 (columns) in a 2021 report stays TPL-MIXED, label or not.
    let t2_2019 = fx("000");
    let t2_start = t2_2019.find("二、主动公开政府信息情况").unwrap();
    let t3_start = t2_2019.find("三、收到和处理政府信息公开申请情况").unwrap();
    let t001 = fx("001");
    let (a, b) = (
        t001.find("二、主动公开政府信息情况").unwrap(),
        t001.find("三、收到和处理政府信息公开申请情况").unwrap(),
    );
    let mixed = format!(
        "{}{}{}",
        &t001[..a],
        &t2_2019[t2_start..t3_start],
        &t001[b..]
    );
    assert_eq!(template(&mixed), Some(Template::Mixed));
    assert_eq!(count(&mixed, "TPL-MIXED"), 1);
    assert_eq!(count(&mixed, "TPL-LABEL"), 0);
}

#[test]
fn cell_blank() {
    let t = fx("001");
    assert_eq!(count(&t, "CELL-BLANK"), 1);
    let mended = set_cell(&t, "t3", "2", "legal_services", "0");
    assert_eq!(count(&mended, "CELL-BLANK"), 0);
    assert!(check(&mended)
        .diagnostics
        .iter()
        .all(|d| !d.code.starts_with("CELL-")));
}

#[test]
fn cell_placeholder_not_number_negative_fraction() {
    let t = fx("001");
    let p = set_cell(&t, "t3", "3.3.1", "research", "/");
    assert_eq!(added(&t, &p), vec!["CELL-PLACEHOLDER"]);
    let p = set_cell(&t, "t4", "review", "pending", "—");
    assert_eq!(added(&t, &p), vec!["CELL-PLACEHOLDER"]);
    let n = set_cell(&t, "t3", "3.3.1", "research", "五");
    assert_eq!(added(&t, &n), vec!["CELL-NOT-NUMBER"]);
    // A negative count breaks the row total too.
    let neg = set_cell(&t, "t2", "rules", "issued", "-1");
    assert_eq!(added(&t, &neg), vec!["CELL-NEGATIVE"]);
    let frac = set_cell(&t, "t2", "licensing", "decisions", "3850.5");
    assert_eq!(added(&t, &frac), vec!["CELL-FRACTION"]);
    // The fee amount in 万元 may have decimals (fixture 003: 127.9).
    assert_eq!(count(&fx("003"), "CELL-FRACTION"), 0);
}

#[test]
fn t3_balance() {
    let t = fx("004");
    assert_eq!(count(&t, "T3-BALANCE"), 0);
    // One more carried over to next year, consistently in its row.
    let m = set_cell(&t, "t3", "4", "natural_person", "1");
    let m = set_cell(&m, "t3", "4", "total", "1");
    let r = check(&m);
    let cols: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "T3-BALANCE")
        .filter_map(|d| d.column)
        .collect();
    assert_eq!(cols, vec!["natural_person", "total"]);
    assert_eq!(added(&t, &m), vec!["T3-BALANCE", "T3-BALANCE"]);
}

#[test]
fn t3_sum() {
    let t = fx("004");
    // 予以公开 7 → 6 in both cells of its row: （七）总计 no longer the sum.
    let m = set_cell(&t, "t3", "3.1", "natural_person", "5");
    let m = set_cell(&m, "t3", "3.1", "total", "6");
    let added = added(&t, &m);
    assert_eq!(added, vec!["T3-SUM", "T3-SUM"]);
    assert_eq!(count(&t, "T3-SUM"), 0);
}

#[test]
fn t3_row_total() {
    let t = fx("004");
    let m = set_cell(&t, "t3", "3.7", "total", "8");
    let r = check(&m);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.code == "T3-ROW-TOTAL" && d.row.as_deref() == Some("3.7")));
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "T3-ROW-TOTAL")
        .unwrap();
    let ev = d.evidence.as_ref().unwrap();
    assert_eq!(ev.expected, Some(nianbao::diag::Value::Int(7)));
    assert_eq!(ev.found, Some(nianbao::diag::Value::Int(8)));
    assert_eq!(count(&t, "T3-ROW-TOTAL"), 0);
}

#[test]
fn t4_sum() {
    let t = fx("001");
    let m = set_cell(&t, "t4", "litigation_direct", "total", "2");
    assert_eq!(added(&t, &m), vec!["T4-SUM"]);
    let ok = set_cell(&t, "t4", "litigation_direct", "upheld", "2");
    let ok = set_cell(&ok, "t4", "litigation_direct", "total", "2");
    assert_eq!(count(&ok, "T4-SUM"), 0);
}

#[test]
fn meta_year() {
    let t = fx("001");
    assert_eq!(count(&t, "META-YEAR"), 0);
    let m = replace_once(
        &t,
        "自2022年1月1日起至2022年12月31日止",
        "自2021年1月1日起至2021年12月31日止",
    );
    assert_eq!(added(&t, &m), vec!["META-YEAR"]);
    let body = replace_once(
        &t,
        "2022年，侯马经济开发区管委会",
        "2021年，侯马经济开发区管委会",
    );
    assert_eq!(added(&t, &body), vec!["META-YEAR"]);
}

#[test]
fn meta_dates() {
    let t = fx("003");
    assert_eq!(count(&t, "META-DATE-EARLY"), 1);
    let mended = replace_once(&t, "2024年1月24日", "2025年1月24日");
    assert_eq!(count(&mended, "META-DATE-EARLY"), 0);
    assert_eq!(count(&mended, "META-DATE-LATE"), 0);
    let late = replace_once(&t, "2024年1月24日", "2025年2月24日");
    assert_eq!(added(&t, &late).len(), 1);
    assert_eq!(count(&late, "META-DATE-LATE"), 1);
    assert_eq!(count(&late, "META-DATE-EARLY"), 0);
    // A county government's own report is due by 3月31日.
    let gov = format!("{}\n涞源县人民政府\n2023年3月10日\n", fx("004").trim_end());
    assert_eq!(count(&gov, "META-DATE-LATE"), 0);
    assert_eq!(count(&gov, "META-SIGNATURE"), 0);
    let gov_late = format!("{}\n涞源县人民政府\n2023年4月10日\n", fx("004").trim_end());
    assert_eq!(count(&gov_late, "META-DATE-LATE"), 1);
    // Chinese numerals.
    let cn = replace_once(&t, "2024年1月24日", "二〇二五年一月二十四日");
    assert_eq!(
        count(&cn, "META-DATE-EARLY") + count(&cn, "META-SIGNATURE"),
        0
    );
}

#[test]
fn meta_signature() {
    assert_eq!(count(&fx("000"), "META-SIGNATURE"), 1);
    assert_eq!(count(&fx("001"), "META-SIGNATURE"), 0);
    let no_date = replace_once(&fx("001"), "2023年1月16日", "");
    assert_eq!(count(&no_date, "META-SIGNATURE"), 1);
}

#[test]
fn meta_title() {
    assert_eq!(count(&fx("000"), "META-TITLE"), 1);
    assert_eq!(count(&fx("004"), "META-TITLE"), 0);
    // Lines a web page puts above the title do not hide it.
    let web = format!(
        "索引号：000014349/2023-00012\n发布机构：涞源县人民政府办公室\n{}",
        fx("004")
    );
    assert_eq!(count(&web, "META-TITLE"), 0);
    assert_eq!(check(&web).report.unwrap().organ.as_deref(), Some("涞源县"));
    let mended = replace_once(
        &fx("001"),
        "2022年度政府信息公开年度报告",
        "2022年度政府信息公开工作年度报告",
    );
    assert_eq!(count(&mended, "META-TITLE"), 0);
    let r = check(&fx("001"));
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "META-TITLE")
        .unwrap();
    assert!(d.message.contains("工作"), "{}", d.message);
}

#[test]
fn meta_period() {
    assert_eq!(count(&fx("004"), "META-PERIOD"), 1);
    assert_eq!(count(&fx("001"), "META-PERIOD"), 0);
    assert_eq!(count(&fx("003"), "META-PERIOD"), 0);
}

#[test]
fn cnt_overview() {
    let t = fx("001");
    let r = check(&t);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "CNT-OVERVIEW")
        .unwrap();
    assert!(
        d.message.contains("依申请公开") && d.message.contains("平台建设"),
        "{}",
        d.message
    );
    assert!(!d.message.contains("监督保障"));
    assert_eq!(count(&fx("003"), "CNT-OVERVIEW"), 0);
}

#[test]
fn cnt_gov_assess() {
    assert_eq!(count(&fx("004"), "CNT-GOV-ASSESS"), 1);
    assert_eq!(count(&fx("003"), "CNT-GOV-ASSESS"), 0); // a department: not required
    let mended = replace_once(
        &fx("004"),
        "建立健全信息公开保障机制。各乡镇",
        "建立健全信息公开保障机制，年内开展社会评议1次。各乡镇",
    );
    assert_eq!(count(&mended, "CNT-GOV-ASSESS"), 0);
}

#[test]
fn cnt_problems() {
    assert_eq!(count(&fx("004"), "CNT-PROBLEMS"), 1);
    assert_eq!(count(&fx("001"), "CNT-PROBLEMS"), 0);
    let t = fx("003");
    let lines: Vec<&str> = t.split('\n').collect();
    let five = lines.iter().position(|l| l.starts_with("五、")).unwrap() + 1;
    let none = replace_line(&remove_lines(&t, five + 2, five + 2), five + 1, "无");
    assert_eq!(added(&t, &none), vec!["CNT-PROBLEMS"]);
}

#[test]
fn cnt_fee() {
    assert_eq!(count(&fx("000"), "CNT-FEE"), 1);
    assert_eq!(count(&fx("003"), "CNT-FEE"), 0);
    assert_eq!(count(&fx("004"), "CNT-FEE"), 0);
    let mended = replace_once(
        &fx("001"),
        "六、其他需要报告的事项\n无。",
        "六、其他需要报告的事项\n本年度未收取信息处理费。",
    );
    assert_eq!(count(&mended, "CNT-FEE"), 0);
}

/// Fixture 001 with section 六 (today "无。") replaced by `six`.
fn with_section_six(six: &str) -> String {
    replace_once(
        &fx("001"),
        "六、其他需要报告的事项\n无。",
        &format!("六、其他需要报告的事项\n{six}"),
    )
}

#[test]
fn cnt_fee_accepts_every_way_of_saying_it() {
    // As published (sources in the comments); then the other usual wordings.
    let said = [
        // A county 发展和改革局's 2023 report (issue 15): no 信息处理费 in the words.
        "2023年度，县发展和改革局政府信息公开未发生收费情况。",
        // 上海市科学技术委员会 2024 (the KIROGOVCOMPARE fixture of its PDF).
        "本年度信息公开处理费收费情况\n2024 年，市科委未发生政府信息公开收费事项。",
        "2024 年，市科委未发生政府信息公开收费事项。",
        // 平潭综合实验区 2022 and its 财政金融局 2024 (archived portal pages).
        "2022年，无收取信息处理费情况。",
        // 淮安市人民政府 2024 (its PDF as a viewer lays it out: wrapped mid-sentence).
        "2024 年，市政府严格落实《政府信息公开信息处理费管理\n办法》，全年收取政府信息公开信息处理费 3940 元。",
        // Hangzhou-style and Shanghai-style report texts in KIROGOVCOMPARE's tests.
        "依据《政府信息公开信息处理费管理办法》规定，2025年全市实际收取信息处理费共计400元。",
        "2025 年有 1 件政府信息公开申请案件收取信息处理费 380 元。",
        "本年度未收取信息处理费。",
        // Fixtures 003 and 004.
        "2024年度，开发区党政办公室未收取任何单位及个人政府信息处理费用。",
        "2022年我县各单位未收取信息处理费。",
        // Other wordings of the same statement.
        "本机关2022年度没有收费。",
        "本年度政府信息公开工作不涉及收费。",
        "本年度无收费。",
        "2022年，我区依申请公开政府信息未产生费用。",
        "2022年度政府信息公开零收费。",
        "依申请公开政府信息一律免收费用。",
        "本年度共收取信息处理费0元。",
        "收取信息处理费0元。",
        "共收取信息处理费 120 元。",
        "本年度收取费用120元。",
        "政府信息公开收费情况：无。",
        "本年度未收取任何费用。",
        "本年度发出收费通知0件，实际收取0元。",
    ];
    for six in said {
        assert_eq!(count(&with_section_six(six), "CNT-FEE"), 0, "{six}");
    }
}

#[test]
fn cnt_fee_still_fires_when_no_disclosure_fee_is_stated() {
    let silent = [
        "无。",
        "无其他需要报告的事项。",
        "本年度无其他需要报告的事项。",
        // Other charges: table 二's administrative fees, fees on businesses, 污水处理费.
        "2022年度行政事业性收费1835万元。",
        "全面公开涉企收费清单，本年度无新增收费项目。",
        "开展乱收费专项治理，未发现乱收费问题。",
        "本年度公开了污水处理费征收标准。",
        // Charging named, but nothing said of what was charged.
        "严格执行政府信息公开收费管理规定。",
        // Table 三's row about fee notices, copied as prose.
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请。",
        "认真落实政务公开工作要点，建议提案办理结果全部公开。",
    ];
    for six in silent {
        assert_eq!(count(&with_section_six(six), "CNT-FEE"), 1, "{six}");
    }
}

#[test]
fn cnt_fee_only_from_2021() {
    // Fixture 000 (2022, section 六 "无") as a 2020 report: the 信息处理费 did not exist yet.
    let t = fx("000");
    assert_eq!(count(&t, "CNT-FEE"), 1);
    assert_eq!(count(&t.replace("2022", "2020"), "CNT-FEE"), 0);
    assert_eq!(count(&t.replace("2022", "2021"), "CNT-FEE"), 1);
}

#[test]
fn cnt_fee_heading_line_and_other_sections() {
    // The statement on the heading's own line.
    let t = replace_once(
        &fx("001"),
        "六、其他需要报告的事项\n无。",
        "六、其他需要报告的事项：本年度未收取信息处理费。",
    );
    assert_eq!(count(&t, "CNT-FEE"), 0);
    // Told in section 一 (where 依申请公开 is reported) while 六 says 无: the readers know.
    let t = fx("001");
    let one = t.find("一、总体情况\n").unwrap() + "一、总体情况\n".len();
    let told = format!(
        "{}本年度未收取政府信息公开信息处理费。\n{}",
        &t[..one],
        &t[one..]
    );
    assert_eq!(count(&told, "CNT-FEE"), 0);
    // A mention without what happened is not a statement.
    let named = format!(
        "{}严格落实《政府信息公开信息处理费管理办法》。\n{}",
        &t[..one],
        &t[one..]
    );
    assert_eq!(count(&named, "CNT-FEE"), 1);
}

#[test]
fn cnt_citation() {
    assert_eq!(count(&fx("001"), "CNT-CITATION"), 3);
    let mended = fx("001")
        .replace("国办公开函〔2021〕30号", "国办公开办函〔2021〕30号")
        .replace(
            "国务院办公厅信息与政务公开办公室",
            "国务院办公厅政府信息与政务公开办公室",
        )
        .replace(
            "<中华人民共和国政府信息公开工作年度报告格式>",
            "〈中华人民共和国政府信息公开工作年度报告格式〉",
        );
    assert_eq!(count(&mended, "CNT-CITATION"), 0);
    // Angle brackets around another document's name are not this rule's business.
    assert_eq!(count(&fx("004"), "CNT-CITATION"), 0);
}

#[test]
fn cnt_artifact() {
    assert_eq!(count(&fx("000"), "CNT-ARTIFACT"), 2);
    let clean = fx("000").replace("[bookmark: _GoBack]", "");
    let clean = clean.trim_end().trim_end_matches('1').to_string();
    assert_eq!(count(&clean, "CNT-ARTIFACT"), 0);
}

#[test]
fn spans_point_at_the_finding_in_utf16() {
    let t = fx("003");
    let r = check(&t);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "META-DATE-EARLY")
        .unwrap();
    let s = d.span.unwrap();
    let utf16: Vec<u16> = t.encode_utf16().collect();
    let found = String::from_utf16(&utf16[s.start_utf16 as usize..s.end_utf16 as usize]).unwrap();
    assert_eq!(found, "2024年1月24日");
    assert_eq!((s.line, s.column), (409, 30));
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "SEC-ORDINAL")
        .unwrap();
    let s = d.span.unwrap();
    assert_eq!(
        String::from_utf16(&utf16[s.start_utf16 as usize..s.end_utf16 as usize]).unwrap(),
        "1、 总体情况"
    );
}

#[test]
fn tables_copied_from_a_web_page_as_tab_separated_lines() {
    // A browser copies a table as one line per row, cells separated by tabs; a caption
    // spanning the whole table comes out as a line without a tab.
    let t2 = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t4\t0\t7\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t9570\n第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t2546\n行政强制\t198\n第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t1835\n";
    let t = fx("004");
    let lines: Vec<&str> = t.split('\n').collect();
    let two = lines
        .iter()
        .position(|l| l.starts_with("二、主动公开"))
        .unwrap()
        + 1;
    let three = lines
        .iter()
        .position(|l| l.starts_with("三、收到"))
        .unwrap()
        + 1;
    let web = format!(
        "{}\n{}{}",
        lines[..two].join("\n"),
        t2,
        lines[three - 1..].join("\n")
    );
    let a = check(&t).report.unwrap();
    let b = check(&web).report.unwrap();
    assert_eq!(
        serde_json::to_value(&a.tables.t2).unwrap(),
        serde_json::to_value(&b.tables.t2).unwrap()
    );
    assert_eq!(codes(&t), codes(&web));
}

#[test]
fn a_blank_total_is_not_read_as_zero() {
    // A report that fills the cells of a row but leaves its 总计 blank gets CELL-BLANK,
    // not a row-total error claiming the total is 0.
    let t = fx("004");
    let m = set_cell(&t, "t3", "1", "total", "");
    assert_eq!(added(&t, &m), vec!["CELL-BLANK"]);
    let r = check(&m);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "CELL-BLANK")
        .unwrap();
    assert!(d.message.contains("未填的总计"), "{}", d.message);
    // A blank （七）总计 likewise: no T3-SUM or T3-BALANCE against 0.
    let m = set_cell(&t, "t3", "3.7", "natural_person", "");
    assert_eq!(added(&t, &m), vec!["CELL-BLANK"]);
    // A blank part still counts as 0: the row total no longer adds up.
    let m = set_cell(&t, "t3", "1", "natural_person", "");
    assert!(added(&t, &m).contains(&"T3-ROW-TOTAL".to_string()));
}

#[test]
fn blank_cells_and_placeholders_are_one_finding_per_table() {
    // Blank cells in three rows of table 三 and one of table 四; placeholders in two
    // cells of table 三: one CELL-BLANK per table, one CELL-PLACEHOLDER, each listing
    // every cell with its place, and the counts follow.
    let t = fx("003");
    let before = check(&t).counts.warning;
    let mut m = t.clone();
    for (table, row, col) in [
        ("t3", "3.2", "commercial"),
        ("t3", "3.2", "research"),
        ("t3", "3.5.1", "other"),
        ("t3", "4", "legal_services"),
        ("t4", "review", "pending"),
    ] {
        m = set_cell(&m, table, row, col, "");
    }
    m = set_cell(&m, "t3", "3.3.2", "research", "/");
    m = set_cell(&m, "t3", "3.6.1", "other", "无");
    let r = check(&m);
    let blank: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "CELL-BLANK")
        .collect();
    assert_eq!(blank.len(), 2, "one per table");
    let t3 = blank.iter().find(|d| d.table == Some("t3")).unwrap();
    let cells: Vec<(&str, &str)> = t3
        .cells
        .iter()
        .map(|c| (c.row.as_str(), c.column))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("3.2", "commercial"),
            ("3.2", "research"),
            ("3.5.1", "other"),
            ("4", "legal_services")
        ]
    );
    assert!(
        t3.cells.iter().all(|c| c.span.is_some()),
        "each cell placed"
    );
    let lines: std::collections::BTreeSet<u32> =
        t3.cells.iter().map(|c| c.span.unwrap().line).collect();
    assert_eq!(lines.len(), 4, "four places in the text");
    assert!(t3.message.contains("有4个单元格为空"), "{}", t3.message);
    assert!(
        t3.message
            .contains("“（二）部分公开”一行的“商业企业”、“科研机构”"),
        "{}",
        t3.message
    );
    assert!(t3
        .message
        .contains("“四、结转下年度继续办理”一行的“法律服务机构”"));
    assert_eq!(t3.row, None);
    let t4 = blank.iter().find(|d| d.table == Some("t4")).unwrap();
    assert!(
        t4.message
            .starts_with("表四（行政复议、行政诉讼情况）“行政复议”一行的“尚未审结”单元格为空"),
        "{}",
        t4.message
    );
    let ph: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "CELL-PLACEHOLDER")
        .collect();
    assert_eq!(ph.len(), 1);
    assert_eq!(ph[0].cells.len(), 2);
    assert!(
        ph[0].message.contains("有2个单元格填写了占位符"),
        "{}",
        ph[0].message
    );
    assert!(ph[0].message.contains("（“/”）") && ph[0].message.contains("（“无”）"));
    assert_eq!(r.counts.warning, before + 3, "{:?}", codes(&m));
}
