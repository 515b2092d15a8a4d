//! Rules from the field (issue 13): 规章 reported by a body that cannot make them
//! (T2-AUTHORITY), a report in the pre-2019 outline (TPL-LEGACY), and tables published as
//! pictures (TBL-MISSING's picture variant).

mod common;

use common::*;

fn diags<'a>(r: &'a nianbao::InputResult, code: &str) -> Vec<&'a nianbao::diag::Diagnostic> {
    r.diagnostics.iter().filter(|d| d.code == code).collect()
}

// ---- T2-AUTHORITY ---------------------------------------------------------------------

#[test]
fn a_township_county_or_zone_reporting_rules_is_warned() {
    // 002: 巨鹿县官亭镇政府 (a township, 2019 table 二); 004: 涞源县 (a county);
    // 003: 河北沧州经济开发区党政办公室 (a zone's office); 001: 侯马经济开发区.
    for (name, col, what) in [
        ("002", "total_published", "对外公开总数量"),
        ("004", "in_force", "现行有效件数"),
        ("003", "issued", "本年制发件数"),
        ("001", "in_force", "现行有效件数"),
    ] {
        let t = fx(name);
        assert!(
            diags(&check(&t), "T2-AUTHORITY").is_empty(),
            "{name}: 0 规章"
        );
        let m = set_cell(&t, "t2", "rules", col, "6");
        let r = check(&m);
        let d = diags(&r, "T2-AUTHORITY");
        assert_eq!(d.len(), 1, "{name}");
        let d = d[0];
        assert_eq!(d.severity, nianbao::diag::Severity::Warning);
        assert_eq!(
            (d.table, d.row.as_deref(), d.column),
            (Some("t2"), Some("rules"), Some(col))
        );
        assert!(d.message.contains(&format!("“{what}”为6")), "{}", d.message);
        assert!(d.message.contains("无权制定规章"), "{}", d.message);
        // Only that one warning is new.
        let before = codes(&t);
        let prose = |c: &String| c.starts_with("TXT-");
        let mut after = codes(&m);
        after.retain(|c| c != "T2-AUTHORITY" && !prose(c));
        let before: Vec<String> = before.into_iter().filter(|c| !prose(c)).collect();
        assert_eq!(after, before, "{name}");
    }
    // Both 本年制发 and 现行有效: one finding naming both.
    let m = set_cell(&fx("004"), "t2", "rules", "issued", "1");
    let m = set_cell(&m, "t2", "rules", "in_force", "6");
    let r = check(&m);
    let d = diags(&r, "T2-AUTHORITY");
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message
            .contains("“本年制发件数”为1、“现行有效件数”为6"),
        "{}",
        d[0].message
    );
    assert!(d[0].message.contains("涞源县属于县级"), "{}", d[0].message);
    assert_eq!(d[0].cells.len(), 2);
    // 本年废止 alone says nothing of making 规章 now.
    let m = set_cell(&fx("004"), "t2", "rules", "repealed", "2");
    assert!(diags(&check(&m), "T2-AUTHORITY").is_empty());
}

#[test]
fn governments_that_may_make_rules_or_unclear_names_are_not_warned() {
    // The 2024 淮安市 report (a city with districts) has 规章 1 / 0 / 11; a 市 alone may
    // be a county-level city too, so the name leaves the level unclear: nothing said.
    for organ in [
        "淮安市人民政府",
        "上海市人民政府办公厅",
        "河北省人民政府",
        "某某自治州人民政府",
        "自然资源部",
    ] {
        let t = replace_line(
            &fx("004"),
            1,
            &format!("{organ}2022年政府信息公开工作年度报告"),
        );
        let m = set_cell(&t, "t2", "rules", "issued", "1");
        let m = set_cell(&m, "t2", "rules", "in_force", "11");
        let r = check(&m);
        assert_eq!(r.report.as_ref().unwrap().organ.as_deref(), Some(organ));
        assert!(diags(&r, "T2-AUTHORITY").is_empty(), "{organ}");
    }
    // A district of such a city may not.
    let t = replace_line(
        &fx("004"),
        1,
        "淮安市清江浦区人民政府2022年政府信息公开工作年度报告",
    );
    let m = set_cell(&t, "t2", "rules", "in_force", "3");
    assert_eq!(diags(&check(&m), "T2-AUTHORITY").len(), 1);
}

// ---- TPL-LEGACY ------------------------------------------------------------------------

/// A report in the pre-2019 outline (the sections as report-format.md §10 lists them).
fn legacy(year: i32, numbered: bool) -> String {
    let h = |n: &str, t: &str| {
        if numbered {
            format!("{n}、{t}")
        } else {
            t.to_string()
        }
    };
    [
        format!("某某管理区{year}年政府信息公开工作年度报告"),
        format!("本报告根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。"),
        h("一", "概述"),
        format!("{year}年，我区认真贯彻落实政府信息公开工作要求，不断完善工作机制。"),
        h("二", "主动公开政府信息的情况"),
        "全年共主动公开政府信息125条，其中通过门户网站公开98条。".into(),
        h("三", "依申请公开政府信息和不予公开政府信息的情况"),
        "全年共收到政府信息公开申请3件，均已按时答复。".into(),
        h("四", "政府信息公开的收费及减免情况"),
        "本年度未收取任何费用。".into(),
        h("五", "因政府信息公开申请行政复议、提起行政诉讼的情况"),
        "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。".into(),
        h("六", "政府信息公开工作存在的主要问题及改进情况"),
        "一是公开内容不够全面；二是更新不够及时。".into(),
        h("七", "其他需要报告的事项"),
        "无。".into(),
        "某某管理区管理委员会".into(),
        format!("{}年1月20日", year + 1),
    ]
    .join("\n")
}

#[test]
fn a_report_in_the_old_outline_is_one_legacy_error() {
    for year in [2019, 2022, 2025] {
        for numbered in [true, false] {
            let r = check(&legacy(year, numbered));
            // One error for the one cause; none of the section and table findings it
            // would otherwise set off (notes such as CNT-DUPLICATE may stay).
            let c: Vec<&str> = r
                .diagnostics
                .iter()
                .filter(|d| d.severity != nianbao::diag::Severity::Info)
                .map(|d| d.code)
                .collect();
            assert_eq!(c, vec!["TPL-LEGACY"], "{year} {numbered}");
            assert_eq!(r.verdict, nianbao::Verdict::Fail);
            let d = &r.diagnostics[0];
            assert_eq!(d.severity, nianbao::diag::Severity::Error);
            assert!(
                d.message
                    .starts_with(&format!("{year}年度报告仍按2019年以前的旧提纲编写")),
                "{}",
                d.message
            );
            assert!(d.message.contains("收费及减免情况"), "{}", d.message);
            assert!(
                d.message.contains("国办公开办函〔2021〕30号"),
                "{}",
                d.message
            );
            assert_eq!(d.span.unwrap().line, 5, "at the first old heading");
        }
    }
}

#[test]
fn the_old_outline_before_2019_and_one_old_heading_are_not_legacy() {
    // Before 2019 the old outline was the rule: unchanged behaviour (no sections of the
    // template found: not recognised as a report of this checker's scope).
    for numbered in [true, false] {
        let c = codes(&legacy(2018, numbered));
        assert!(!c.contains(&"TPL-LEGACY".to_string()), "{c:?}");
        assert!(c.contains(&"TBL-MISSING".to_string()), "{c:?}");
    }
    // Without the two closing sections no heading is the template's: such a text was
    // IN-NOT-REPORT; for 2019 on it is now a legacy report, before 2019 still not one.
    let short = |year| {
        let t = legacy(year, false);
        let cut = t.find("政府信息公开工作存在的主要问题").unwrap();
        t[..cut].to_string()
    };
    assert_eq!(codes(&short(2018)), vec!["IN-NOT-REPORT"]);
    assert_eq!(check(&short(2018)).verdict, nianbao::Verdict::Unreadable);
    let r = check(&short(2021));
    assert!(
        r.diagnostics.iter().any(|d| d.code == "TPL-LEGACY"),
        "{:?}",
        codes(&short(2021))
    );
    assert!(!r.diagnostics.iter().any(|d| d.code.starts_with("IN-")));
    assert_eq!(r.verdict, nianbao::Verdict::Fail);
    // A report in the template with one old-style sub-heading is no legacy report.
    let t = fx("004");
    let m = t.replacen(
        "五、存在的主要问题及改进情况",
        "五、存在的主要问题及改进情况\n（一）政府信息公开的收费及减免情况",
        1,
    );
    assert!(!has(&m, "TPL-LEGACY"));
    for name in FIXTURES {
        assert!(!has(&fixture(name), "TPL-LEGACY"), "{name}");
    }
}

// ---- TBL-MISSING as a picture ----------------------------------------------------------

fn page(with_pictures: bool) -> String {
    let pic = |name: &str| {
        if with_pictures {
            format!("<p><img src=\"{name}.png\" alt=\"\"></p>")
        } else {
            String::new()
        }
    };
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\
         <h1>某县教育局2022年政府信息公开工作年度报告</h1>\
         <p>一、总体情况</p><p>2022年，我局做好主动公开、依申请公开工作。</p>\
         <p>二、主动公开政府信息情况</p>{}\
         <p>三、收到和处理政府信息公开申请情况</p>{}{}\
         <p>四、政府信息公开行政复议、行政诉讼情况</p><p>本年度未发生行政复议、行政诉讼。</p>\
         <p>五、存在的主要问题及改进情况</p><p>公开内容不够全面。</p>\
         <p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>\
         <p>某县教育局</p><p>2023年1月20日</p></body></html>",
        pic("t2"),
        pic("t3a"),
        pic("t3b"),
    )
}

#[test]
fn tables_published_as_pictures_in_a_web_page_are_said_to_be_pictures() {
    let r = nianbao::check_bytes("report.html", page(true).as_bytes());
    let missing = diags(&r, "TBL-MISSING");
    assert_eq!(missing.len(), 3);
    let by = |t: &str| {
        missing
            .iter()
            .find(|d| d.table == Some(t))
            .unwrap()
            .message
            .clone()
    };
    assert!(
        by("t2").contains("这一部分有1张图片：表格很可能是以图片形式发布的"),
        "{}",
        by("t2")
    );
    assert!(by("t3").contains("这一部分有2张图片"), "{}", by("t3"));
    // Section 四 has no picture: the plain message.
    assert_eq!(
        by("t4"),
        "第四部分没有找到“表四（行政复议、行政诉讼情况）”统计表。"
    );
    // Without the pictures, the plain message everywhere.
    let r = nianbao::check_bytes("report.html", page(false).as_bytes());
    assert!(diags(&r, "TBL-MISSING")
        .iter()
        .all(|d| !d.message.contains("图片")));
}

#[test]
fn tables_published_as_pictures_in_a_docx_are_said_to_be_pictures() {
    let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let drawing = "<w:p><w:r><w:drawing><wp:inline xmlns:wp=\"x\"/></w:drawing></w:r></w:p>";
    let body = [
        p("某县教育局2022年政府信息公开工作年度报告"),
        p("一、总体情况"),
        p("2022年，我局做好主动公开、依申请公开工作。"),
        p("二、主动公开政府信息情况"),
        drawing.to_string(),
        p("三、收到和处理政府信息公开申请情况"),
        p("本年度收到申请2件。"),
        p("四、政府信息公开行政复议、行政诉讼情况"),
        drawing.to_string(),
        p("五、存在的主要问题及改进情况"),
        p("六、其他需要报告的事项"),
    ]
    .concat();
    let xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
    let docx = nianbao_docx::write_zip(
        &[nianbao_docx::NewEntry {
            name: "word/document.xml",
            data: xml.as_bytes(),
            ..Default::default()
        }],
        0,
    );
    let r = nianbao::check_bytes("report.docx", &docx);
    let missing = diags(&r, "TBL-MISSING");
    assert_eq!(
        missing.len(),
        3,
        "{:?}",
        r.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    for d in &missing {
        let picture = d.message.contains("表格很可能是以图片形式发布的");
        assert_eq!(picture, d.table != Some("t3"), "{}", d.message);
    }
}
