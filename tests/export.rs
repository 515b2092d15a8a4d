//! The exports read back as a spreadsheet or a script would: the CSVs with a real CSV
//! reader (BOM, quoting, Chinese intact), the HTML with everything from the files
//! escaped.

use nianbao::export::{findings_csv, html_report, tables_csv};
use nianbao::{check_all, BatchResult, Input};

mod common;

fn batch(reports: &[(&str, String)]) -> BatchResult {
    let inputs: Vec<Input> = reports
        .iter()
        .map(|(name, text)| Input {
            name,
            bytes: text.as_bytes(),
        })
        .collect();
    check_all(&inputs)
}

fn fixtures() -> BatchResult {
    let all: Vec<(&str, String)> = common::FIXTURES
        .iter()
        .map(|f| (*f, common::fixture(f)))
        .collect();
    batch(&all)
}

/// Reads a CSV as Excel does with a UTF-8 BOM: the BOM marks the encoding and is not
/// part of the first header.
fn read(csv_text: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    assert!(csv_text.starts_with('\u{feff}'), "UTF-8 BOM first");
    // Every record ends CRLF: no bare LF outside quoted fields.
    let mut reader = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a valid record"))
        .collect();
    (headers, rows)
}

#[test]
fn findings_csv_reads_back_with_the_chinese_intact() {
    let out = fixtures();
    let text = findings_csv(&out.reports);
    assert!(text.ends_with("\r\n"));
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let (headers, rows) = read(&text);
    assert_eq!(
        headers[0], "文件",
        "the BOM is not part of the first header"
    );
    assert_eq!(
        headers,
        [
            "文件",
            "机关",
            "年度",
            "结论",
            "代码",
            "严重程度",
            "名称",
            "说明",
            "行",
            "列",
            "表",
            "行键",
            "列键",
            "对比报告",
            "对比年度"
        ]
    );
    let diagnostics: Vec<_> = out
        .reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(move |d| (r, d)))
        .collect();
    assert_eq!(rows.len(), diagnostics.len());
    for (row, (r, d)) in rows.iter().zip(&diagnostics) {
        assert_eq!(row.len(), headers.len());
        assert_eq!(&row[0], r.source);
        assert_eq!(&row[4], d.code);
        assert_eq!(&row[7], d.message, "message read back unchanged");
        assert_eq!(
            row[8],
            d.span.map(|s| s.line.to_string()).unwrap_or_default()
        );
        assert_eq!(&row[12], d.column.unwrap_or(""));
    }
    let early = rows.iter().find(|r| &r[4] == "META-DATE-EARLY").unwrap();
    assert_eq!(&early[1], "河北沧州经济开发区党政办公室");
    assert_eq!(&early[3], "不通过");
    assert_eq!(&early[5], "错误");
    assert!(early[7].contains("2024年1月24日"));
}

#[test]
fn findings_csv_quotes_what_needs_quoting_and_keeps_passing_reports() {
    // A file name with a comma, quotes and a line break, and a report that passes.
    let mended = common::fx("003")
        .replace("1、 总体情况", "一、总体情况")
        .replace("2024年1月24日", "2025年1月24日");
    let odd = "报告,\"第一稿\"\n副本.txt";
    let out = batch(&[(odd, mended.clone()), ("=cmd.txt", mended)]);
    assert_eq!(out.reports[0].counts.error, 0);
    let (_, rows) = read(&findings_csv(&out.reports));
    let names: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert!(names.contains(&odd), "{names:?}");
    // A name that would start a formula is shown, not evaluated.
    assert!(names.contains(&"'=cmd.txt"), "{names:?}");
    // A report without findings still has its row (a sheet of a county's thirty
    // reports must list all thirty).
    let mut clean = out.reports[0].clone();
    clean.diagnostics.clear();
    let (_, rows) = read(&findings_csv(&[clean]));
    assert_eq!(rows.len(), 1);
    assert_eq!((&rows[0][3], &rows[0][4]), ("通过", ""));
}

#[test]
fn tables_csv_has_one_row_per_extracted_cell() {
    let out = fixtures();
    let (headers, rows) = read(&tables_csv(&out.reports));
    assert_eq!(
        headers,
        [
            "文件",
            "机关",
            "年度",
            "表",
            "表名",
            "表格式",
            "行键",
            "行名",
            "列键",
            "列名",
            "数值",
            "原文",
            "状态"
        ]
    );
    let cells: usize = out
        .reports
        .iter()
        .filter_map(|r| r.report.as_ref())
        .flat_map(|rep| [&rep.tables.t2, &rep.tables.t3, &rep.tables.t4])
        .flatten()
        .map(|t| t.rows.iter().map(|r| r.columns.len()).sum::<usize>())
        .sum();
    assert_eq!(rows.len(), cells);
    let find = |file: &str, table: &str, row: &str, column: &str| {
        rows.iter()
            .find(|r| r[0].starts_with(file) && &r[3] == table && &r[6] == row && &r[8] == column)
            .unwrap_or_else(|| panic!("{file} {table} {row} {column}"))
    };
    let fee = find("003", "t2", "fees", "amount_wan_yuan");
    assert_eq!((&fee[10], &fee[11], &fee[12]), ("127.9", "127.9", "数字"));
    assert_eq!(&fee[9], "本年收费金额（万元）");
    // 001's blank 法律服务机构 cell in 上年结转: no number, said why.
    let blank = find("001", "t3", "2", "legal_services");
    assert_eq!((&blank[10], &blank[12]), ("", "空白"));
    assert_eq!(&blank[7], "二、上年结转政府信息公开申请数量");
    // The values are the contract's, cell for cell.
    let json: serde_json::Value = serde_json::from_str(&out.to_json()).unwrap();
    for r in &rows {
        let i = common::FIXTURES.iter().position(|f| *f == &r[0]).unwrap();
        let v = &json["reports"][i]["report"]["tables"][&r[3]][&r[6]][&r[8]];
        let expected = if v.is_null() {
            String::new()
        } else {
            v.to_string()
        };
        assert_eq!(r[10], expected, "{r:?}");
    }
}

#[test]
fn html_report_escapes_the_files_text_and_lists_every_report() {
    // Markup inside the title (not at the start, where the text would be read as a
    // web page).
    let hostile = common::fx("001").replacen(
        "侯马经济开发区",
        "侯马经济开发区<script>alert('x')</script>&",
        1,
    );
    let out = batch(&[
        ("<img src=x onerror=alert(1)>.txt", hostile),
        ("004.txt", common::fx("004")),
    ]);
    let html = html_report(&out.reports, "测试");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(!html.contains("<script"), "no markup from the files");
    assert!(!html.contains("<img"));
    assert!(html.contains("侯马经济开发区&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.txt"));
    assert!(html.contains("涞源县"));
    assert!(html.contains("@media print"));
    for r in &out.reports {
        for d in &r.diagnostics {
            assert!(html.contains(d.code));
        }
    }
    assert_eq!(html.matches("<section").count(), 2);
}

#[test]
fn an_input_never_checked_is_unreadable_in_every_export() {
    // An empty text and a page of prose: IN-EMPTY and IN-NOT-REPORT stop the check, so
    // there is no verdict on a report (issue 13), beside a report that fails.
    let out = batch(&[
        ("empty.txt", String::new()),
        ("prose.txt", "今天天气很好。\n明天也好。".to_string()),
        ("004.txt", common::fx("004")),
    ]);
    let verdicts: Vec<_> = out.reports.iter().map(|r| r.verdict).collect();
    use nianbao::Verdict::*;
    assert_eq!(verdicts, vec![Unreadable, Unreadable, Fail]);
    assert_eq!(
        serde_json::to_value(&out).unwrap()["reports"][0]["verdict"],
        "unreadable"
    );
    let html = html_report(&out.reports, "测试");
    assert!(
        html.contains("共检查 3 份：通过 0，不通过 1，无法检查 2。"),
        "{html}"
    );
    assert!(html.contains("class=\"unreadable\">无法检查<"), "{html}");
    let (_, rows) = read(&findings_csv(&out.reports));
    assert_eq!(&rows[0][3], "无法检查");
    assert_eq!(&rows[1][3], "无法检查");
}

#[test]
fn skipped_files_are_rows_of_the_findings_csv() {
    use nianbao::export::{findings_csv_with_skipped, Skipped};
    let png = Skipped::new("报告/扫描件.png".into(), None);
    assert!(
        png.reason.starts_with("不支持的文件类型（.png"),
        "{}",
        png.reason
    );
    let big = Skipped::new("报告/大.txt".into(), Some("文件过大".into()));
    assert_eq!(big.reason, "文件过大");
    let report = common::check(&common::fx("003"));
    let csv = findings_csv_with_skipped(std::slice::from_ref(&report), &[png, big]);
    let mut rdr = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), report.diagnostics.len() + 2);
    let last = &rows[rows.len() - 1];
    assert_eq!(
        (&last[0], &last[3], &last[6], &last[7]),
        ("报告/大.txt", "未检查", "未检查的文件", "文件过大")
    );
    assert!(last.iter().skip(8).all(str::is_empty));
}
