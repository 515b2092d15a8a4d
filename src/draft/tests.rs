//! The table assistant against the checker: a draft's check gives what the checker gives
//! on a report with the same tables; the sentences pass the checker's prose rules.

use super::*;
use crate::model::Template;
use crate::rules::testutil::{model, report_in, report_with_t3_cells, T3_004};

/// The draft of a report's tables, as the checker read them.
fn draft_of(src: &str) -> Draft {
    let (_, report) = model(src);
    Draft {
        tables: Tables::of_report(&report),
        ..Draft::default()
    }
}

fn codes(diags: &[crate::diag::Diagnostic], prefix: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .filter(|d| prefix.iter().any(|p| d.code.starts_with(p)))
        .map(|d| d.code.to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn a_wrong_total_gives_the_checkers_finding_and_suspect() {
    // 涞源县's table 三 with （七）总计 of 自然人 written 8 instead of 7.
    let src = report_with_t3_cells("", &T3_004, &[("3.7", ["8", "0", "0", "0", "0", "0", "7"])]);
    let report = crate::check_text("t.txt", &src);
    let from_checker: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("T3-"))
        .collect();
    assert!(!from_checker.is_empty());
    let checked = check(&draft_of(&src));
    let from_draft: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("T3-"))
        .collect();
    assert_eq!(
        codes(&report.diagnostics, &["T3-", "T4-"]),
        codes(&checked.diagnostics, &["T3-", "T4-"])
    );
    for (a, b) in from_checker.iter().zip(&from_draft) {
        assert_eq!(a.message, b.message);
        assert_eq!(a.suspects, b.suspects);
        assert_eq!(a.cells.len(), b.cells.len());
    }
    // The suspect is the one wrong cell, with the value it needs.
    let s = &from_draft[0].suspects;
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].row.as_str(), s[0].column), ("3.7", "natural_person"));
    assert_eq!(s[0].expected, crate::numbers::Value::Int(7));
    // The totals say the same: （七）总计·自然人 should be 7, and 8 is there.
    let t = checked
        .totals
        .iter()
        .find(|t| t.rule == "T3-SUM" && t.column == "natural_person")
        .unwrap();
    assert_eq!(t.expected, Some(crate::numbers::Value::Int(7)));
    assert_eq!(t.found, Some(crate::numbers::Value::Int(8)));
    assert!(!t.ok);
    assert_eq!(t.parts.len(), 21);
}

#[test]
fn a_wrong_table_four_total_is_t4_sum() {
    let mut t4 = [0i64; 15];
    t4[0] = 1;
    t4[1] = 1;
    t4[4] = 3; // 1 + 1 ≠ 3
    let src = report_in(1, "", &T3_004, &t4);
    let report = crate::check_text("t.txt", &src);
    let checked = check(&draft_of(&src));
    assert_eq!(codes(&report.diagnostics, &["T4-"]), vec!["T4-SUM"]);
    assert_eq!(codes(&checked.diagnostics, &["T4-"]), vec!["T4-SUM"]);
    let a = report
        .diagnostics
        .iter()
        .find(|d| d.code == "T4-SUM")
        .unwrap();
    let b = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "T4-SUM")
        .unwrap();
    assert_eq!(a.message, b.message);
    assert_eq!(a.suspects, b.suspects);
    assert!(b.span.is_none());
    let t = checked
        .totals
        .iter()
        .find(|t| t.rule == "T4-SUM" && t.row == "review")
        .unwrap();
    assert_eq!(t.expected, Some(crate::numbers::Value::Int(2)));
    assert!(!t.ok);
}

#[test]
fn an_empty_draft_has_nothing_to_say() {
    let empty: Draft = Draft::from_json(r#"{"t2": {}, "t3": {}, "t4": {}}"#).unwrap();
    let c = check(&empty);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    assert!(!c.totals.is_empty());
    assert!(c.totals.iter().all(|t| t.expected.is_none() && t.ok));
    assert!(c.sentences.is_empty());
    // Nothing at all is no error either.
    assert!(check(&Draft::default()).diagnostics.is_empty());
}

#[test]
fn a_filled_total_needs_its_parts_and_a_blank_total_is_asked_for() {
    let d = Draft::from_json(
        r#"{"t3": {"1": {"natural_person": 3, "commercial": 1}, "3.1": {"natural_person": 3}}}"#,
    )
    .unwrap();
    let c = check(&d);
    // Totals left blank are not judged by the rules (nor reported as blank in a draft) …
    assert!(
        codes(&c.diagnostics, &["T3-"]).is_empty(),
        "{:?}",
        c.diagnostics
    );
    assert!(codes(&c.diagnostics, &["CELL-"]).is_empty());
    // … but the totals say what they should hold.
    let row1 = c
        .totals
        .iter()
        .find(|t| t.rule == "T3-ROW-TOTAL" && t.row == "1")
        .unwrap();
    assert_eq!(row1.expected, Some(crate::numbers::Value::Int(4)));
    assert_eq!(row1.found, None);
    assert!(!row1.ok);
    // 结转下年度 by the balance: 一 + 二 − （七）; （七） blank → unknown.
    let next = c
        .totals
        .iter()
        .find(|t| t.rule == "T3-BALANCE" && t.column == "natural_person")
        .unwrap();
    assert_eq!((next.row, next.parts.len(), next.minus.len()), ("4", 2, 1));
}

#[test]
fn negative_and_fractional_counts_are_cell_findings() {
    let d = Draft::from_json(r#"{"t3": {"1": {"natural_person": -1, "total": 1.5}}}"#).unwrap();
    let c = check(&d);
    let codes = codes(&c.diagnostics, &["CELL-"]);
    assert_eq!(codes, vec!["CELL-FRACTION", "CELL-NEGATIVE"]);
}

#[test]
fn malformed_drafts_are_refused_in_chinese() {
    for (json, says) in [
        ("[1]", "对象"),
        ("{", "JSON"),
        (r#"{"t5": {}}"#, "t5"),
        (r#"{"t3": {"9": {}}}"#, "“9”"),
        (r#"{"t3": {"1": {"amount": 1}}}"#, "amount"),
        (r#"{"t3": {"1": {"total": "3"}}}"#, "数字"),
        (r#"{"t3": [1]}"#, "表三"),
        (r#"{"year": "x"}"#, "年份"),
    ] {
        let e = Draft::from_json(json).unwrap_err();
        assert!(e.contains(says), "{json}: {e}");
    }
}

#[test]
fn carry_forward_fills_carried_over_and_checks_in_force() {
    let last = Tables::from_json(
        r#"{"t2": {"rules": {"issued": 0, "repealed": 0, "in_force": 2},
                   "normative_documents": {"issued": 4, "repealed": 0, "in_force": 7}},
            "t3": {"4": {"natural_person": 2, "commercial": 1, "research": 0,
                         "public_interest": 0, "legal_services": 0, "other": 0, "total": 3}}}"#,
    )
    .unwrap();
    let mut d = carry_forward(&last);
    let t3 = d.tables.t3.as_ref().unwrap();
    assert_eq!(t3.get("2", "natural_person"), Some(2.0));
    assert_eq!(t3.get("2", "commercial"), Some(1.0));
    assert_eq!(t3.get("2", "total"), Some(3.0));
    assert_eq!(t3.get("1", "total"), None);
    assert_eq!(d.last_year.as_ref(), Some(&last));
    // Before anything is filled, 现行有效 is what last year left: 7 (+ 0 − 0).
    let c = check(&d);
    let t = c
        .totals
        .iter()
        .find(|t| t.rule == "XY-IN-FORCE" && t.row == "normative_documents")
        .unwrap();
    assert_eq!(t.expected, Some(crate::numbers::Value::Int(7)));
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    // This year: 3 issued, 1 repealed → 现行有效 should be 7 + 3 − 1 = 9.
    d.tables.t2 = Some(
        Tables::from_json(
            r#"{"t2": {"normative_documents": {"issued": 3, "repealed": 1, "in_force": 8}}}"#,
        )
        .unwrap()
        .t2
        .unwrap(),
    );
    let c = check(&d);
    let t = c
        .totals
        .iter()
        .find(|t| t.rule == "XY-IN-FORCE" && t.row == "normative_documents")
        .unwrap();
    assert_eq!(t.expected, Some(crate::numbers::Value::Int(9)));
    assert_eq!(t.found, Some(crate::numbers::Value::Int(8)));
    assert!(!t.ok);
    let xy: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == "XY-IN-FORCE")
        .collect();
    assert_eq!(xy.len(), 1);
    assert!(xy[0].message.contains("上年的表格"), "{}", xy[0].message);
    assert!(!xy[0].message.contains("0年"), "{}", xy[0].message);
    // The carried-over cells agree; changing one is XY-CARRY.
    assert!(c.diagnostics.iter().all(|d| d.code != "XY-CARRY"));
    assert!(c
        .totals
        .iter()
        .filter(|t| t.rule == "XY-CARRY")
        .all(|t| t.ok));
    d.tables.t3.as_mut().unwrap().set("2", "total", Some(4.0));
    d.year = Some(2024);
    let c = check(&d);
    let carry: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == "XY-CARRY")
        .collect();
    assert_eq!(carry.len(), 1);
    assert!(
        carry[0].message.contains("2023年报告"),
        "{}",
        carry[0].message
    );
}

/// The prose rules' findings on a whole report.
fn prose_findings(src: &str) -> Vec<String> {
    let report = crate::check_text("t.txt", src);
    codes(&report.diagnostics, &["TXT-"])
}

#[test]
fn sentences_restate_the_tables_and_pass_the_prose_rules() {
    // 上年结转 1; 本年新收 9 (6 自然人, 3 法人); 予以公开 5, 部分公开 1, 不掌握 2,
    // 重复申请 1; 结转下年度 1.
    let totals = [
        ("1", 9),
        ("2", 1),
        ("3.1", 5),
        ("3.2", 1),
        ("3.4.1", 2),
        ("3.5.2", 1),
        ("3.7", 9),
        ("4", 1),
    ];
    let first_row = [("1", ["6", "3", "0", "0", "0", "0", "9"])];
    let mut t4 = [0i64; 15];
    (t4[0], t4[3], t4[4]) = (1, 1, 2);
    (t4[5], t4[9]) = (1, 1);
    let base = report_with_t3_cells("", &totals, &first_row);
    let base = base.replacen(
        &crate::rules::testutil::t4_table(&[0; 15]),
        &crate::rules::testutil::t4_table(&t4),
        1,
    );
    let d = draft_of(&base);
    let s = sentences::sentences(&d.tables);
    let text = |k: &str| s.iter().find(|x| x.key == k).unwrap().text.clone();
    assert_eq!(
        text("applications"),
        "上年结转政府信息公开申请1件。本年新收政府信息公开申请9件，其中自然人6件、法人或其他组织3件。"
    );
    assert_eq!(
        text("outcomes"),
        "本年度办结政府信息公开申请9件。其中，予以公开5件，占55.6%；部分公开1件，占11.1%；\
         无法提供2件，占22.2%；不予处理1件，占11.1%。结转下年度继续办理1件。"
    );
    assert_eq!(
        text("review_litigation"),
        "本年度因政府信息公开被申请行政复议2件，其中结果维持1件、尚未审结1件。被提起行政诉讼1件。"
    );
    // In the report's own sections, the checker finds them agreeing with its tables.
    let in_three = format!("{}{}", text("applications"), text("outcomes"));
    let with_prose = |section: usize, prose: &str| {
        let heading = [
            "",
            "一、总体情况\n",
            "",
            "三、收到和处理政府信息公开申请情况\n",
            "四、政府信息公开行政复议、行政诉讼情况\n",
        ][section];
        base.replacen(heading, &format!("{heading}{prose}\n"), 1)
    };
    assert_eq!(
        prose_findings(&with_prose(3, &in_three)),
        Vec::<String>::new()
    );
    assert_eq!(
        prose_findings(&with_prose(4, &text("review_litigation"))),
        Vec::<String>::new()
    );
    // The rules do read these sentences: a number changed is a finding.
    let wrong = in_three.replacen(
        "上年结转政府信息公开申请1件",
        "上年结转政府信息公开申请2件",
        1,
    );
    assert_eq!(prose_findings(&with_prose(3, &wrong)), vec!["TXT-T3"]);
    let wrong = in_three.replacen("占55.6%", "占50.6%", 1);
    assert_eq!(prose_findings(&with_prose(3, &wrong)), vec!["TXT-PERCENT"]);
    let wrong = text("review_litigation").replacen("行政复议2件", "行政复议3件", 1);
    assert!(prose_findings(&with_prose(4, &wrong)).contains(&"TXT-T4".to_string()));
}

#[test]
fn no_cases_is_said_as_none() {
    let src = report_in(1, "", &T3_004, &[0; 15]);
    let d = draft_of(&src);
    let s = sentences::sentences(&d.tables);
    let r = s.iter().find(|x| x.key == "review_litigation").unwrap();
    assert_eq!(
        r.text,
        "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。"
    );
    let with = src.replacen(
        "四、政府信息公开行政复议、行政诉讼情况\n",
        &format!("四、政府信息公开行政复议、行政诉讼情况\n{}\n", r.text),
        1,
    );
    assert_eq!(prose_findings(&with), Vec::<String>::new());
    // … and with a case in table 四, the same sentence is a finding.
    let mut t4 = [0i64; 15];
    (t4[0], t4[4]) = (1, 1);
    let with_case = with.replacen(
        &crate::rules::testutil::t4_table(&[0; 15]),
        &crate::rules::testutil::t4_table(&t4),
        1,
    );
    assert_eq!(prose_findings(&with_case), vec!["TXT-T4"]);
}

#[test]
fn the_template_of_a_draft_comes_from_its_keys() {
    let d = Draft::from_json(r#"{"t3": {"3.6": {"total": 1}}, "t2": {"fees": {"previous": 1}}}"#)
        .unwrap();
    assert_eq!(
        d.tables.templates(Template::Y2021),
        [Template::Y2019, Template::Y2019, Template::Y2021]
    );
    let d = Draft::from_json(r#"{"t3": {"3.6.1": {"total": 1}}}"#).unwrap();
    assert_eq!(d.tables.templates(Template::Y2019)[1], Template::Y2021);
}
