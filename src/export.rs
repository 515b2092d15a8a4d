//! Exports of a batch's results, for the command line and the page: a CSV of the
//! findings, a CSV of the extracted tables, and a printable HTML report. Plain Rust
//! returning strings, so the page (WebAssembly) and the command line share them.
//!
//! The CSVs are written for Excel as much as for scripts: UTF-8 with a byte-order mark
//! (without it Excel reads UTF-8 as the local ANSI code page and the Chinese turns to
//! mojibake), CRLF line ends and RFC 4180 quoting. Headers are Chinese (the readers are
//! reviewing offices); the keys of the contract (`rules.md`) are kept in their own
//! columns where a script needs them.

use crate::diag::{Diagnostic, Severity};
use crate::model::{self, TypedTable};
use crate::numbers::CellNumber;
use crate::result::{InputResult, Verdict};

/// The UTF-8 byte-order mark that tells Excel the file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// One line of the summary of a batch (the command line's table, the page's list).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SummaryRow {
    pub source: String,
    pub organ: Option<String>,
    pub year: Option<i32>,
    pub verdict: Verdict,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// A file found in a folder and not checked, with the reason: the list `skipped` beside
/// `reports` in a batch's JSON, rows of their own in the findings CSV, and the end of
/// the command line's text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub source: String,
    pub reason: String,
}

impl Skipped {
    /// A file not checked, with the reason given, else the core's for its name
    /// ([`crate::read::skip_reason`]), else just 未检查.
    pub fn new(source: String, reason: Option<String>) -> Skipped {
        let reason = reason
            .or_else(|| crate::read::skip_reason(&source))
            .unwrap_or_else(|| SKIPPED_ZH.to_string());
        Skipped { source, reason }
    }
}

/// What the findings CSV and the text output call a skipped file's verdict.
pub const SKIPPED_ZH: &str = "未检查";

/// The organ a report is by: its title's, else its signature's.
pub fn organ_of(r: &InputResult) -> Option<&str> {
    let rep = r.report.as_ref()?;
    rep.organ.as_deref().or(rep.signature.organ.as_deref())
}

pub fn verdict_zh(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "通过",
        Verdict::Fail => "不通过",
        Verdict::Unreadable => "无法检查",
    }
}

/// The verdicts of a batch in a sentence: “共检查 N 份：通过 a，不通过 b。”, with
/// “无法检查 c” when some inputs could not be checked.
pub fn tally_zh(reports: &[InputResult]) -> String {
    let count = |v: Verdict| reports.iter().filter(|r| r.verdict == v).count();
    let unreadable = count(Verdict::Unreadable);
    format!(
        "共检查 {} 份：通过 {}，不通过 {}{}。",
        reports.len(),
        count(Verdict::Pass),
        count(Verdict::Fail),
        if unreadable > 0 {
            format!("，无法检查 {unreadable}")
        } else {
            String::new()
        }
    )
}

pub fn summary(reports: &[InputResult]) -> Vec<SummaryRow> {
    reports
        .iter()
        .map(|r| SummaryRow {
            source: r.source.clone(),
            organ: organ_of(r).map(str::to_string),
            year: r.report.as_ref().and_then(|rep| rep.year),
            verdict: r.verdict,
            errors: r.counts.error,
            warnings: r.counts.warning,
            infos: r.counts.info,
        })
        .collect()
}

// ---- CSV ---------------------------------------------------------------------------

/// A CSV document being written (RFC 4180, CRLF, with the BOM).
struct Csv {
    out: String,
}

impl Csv {
    fn new(header: &[&str]) -> Csv {
        let mut csv = Csv {
            out: String::from(BOM),
        };
        csv.row(header.iter().copied());
        csv
    }

    fn row<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            push_field(&mut self.out, f);
        }
        self.out.push_str("\r\n");
    }
}

/// One field: quoted when it holds a separator, a quote or a line break (quotes
/// doubled). Text from the checked files that starts like a formula (`=`, `+`, `-`,
/// `@`) gets a leading apostrophe, so a spreadsheet shows it instead of evaluating it.
fn push_field(out: &mut String, field: &str) {
    let formula = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = formula || field.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in field.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The findings of a batch, one row per finding; a report without findings still gets
/// one row (its finding columns empty) so every file checked is in the sheet.
pub fn findings_csv(reports: &[InputResult]) -> String {
    findings_csv_with_skipped(reports, &[])
}

/// [`findings_csv`], then one row for each file found and not checked: its verdict
/// 未检查 and the reason in 说明, so the sheet lists every file of the folder.
pub fn findings_csv_with_skipped(reports: &[InputResult], skipped: &[Skipped]) -> String {
    let mut csv = Csv::new(&[
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
        "对比年度",
    ]);
    for r in reports {
        let file = [
            r.source.clone(),
            opt(organ_of(r)),
            opt(r.report.as_ref().and_then(|rep| rep.year)),
            verdict_zh(r.verdict).to_string(),
        ];
        if r.diagnostics.is_empty() {
            csv.row(file.iter().map(String::as_str).chain([""; 11]));
        }
        for d in &r.diagnostics {
            let fields = [
                d.code.to_string(),
                d.severity.label_zh().to_string(),
                d.title.to_string(),
                d.message.clone(),
                opt(d.span.map(|s| s.line)),
                opt(d.span.map(|s| s.column)),
                opt(d.table),
                opt(d.row.as_deref()),
                opt(d.column),
                opt(d.compared_with.as_ref().map(|c| c.source.as_str())),
                opt(d.compared_with.as_ref().map(|c| c.year)),
            ];
            csv.row(file.iter().chain(fields.iter()).map(String::as_str));
        }
    }
    for s in skipped {
        csv.row(
            [
                s.source.as_str(),
                "",
                "",
                SKIPPED_ZH,
                "",
                "",
                "未检查的文件",
            ]
            .into_iter()
            .chain([s.reason.as_str()])
            .chain([""; 7]),
        );
    }
    csv.out
}

/// The extracted tables of a batch, for research: one row per report × table × row ×
/// column (a "long" layout). The three tables have different shapes and the 2019 and
/// 2021 templates different columns, so one wide sheet would be mostly empty and would
/// need a header per template; the long layout loads as it is into a pivot table,
/// pandas or R. `数值` is the number (empty when the cell is blank, a placeholder or
/// text), `原文` what the cell says, `状态` which of those it is.
pub fn tables_csv(reports: &[InputResult]) -> String {
    let mut csv = Csv::new(&[
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
        "状态",
    ]);
    for r in reports {
        let Some(rep) = &r.report else { continue };
        let file = [r.source.clone(), opt(organ_of(r)), opt(rep.year)];
        let tables = [
            ("t2", &rep.tables.t2),
            ("t3", &rep.tables.t3),
            ("t4", &rep.tables.t4),
        ];
        for (key, table) in tables {
            let Some(table) = table else { continue };
            table_rows(&mut csv, &file, key, table);
        }
    }
    csv.out
}

fn table_rows(csv: &mut Csv, file: &[String; 3], key: &'static str, table: &TypedTable) {
    let layout = match table.layout {
        Some(model::Template::Y2019) => "2019",
        Some(model::Template::Y2021) => "2021",
        Some(model::Template::Mixed) => "mixed",
        None => "",
    };
    for row in &table.rows {
        for (i, column) in row.columns.iter().enumerate() {
            let cell = row.cells.get(i).and_then(|c| c.as_ref());
            let (value, raw, state) = match cell {
                None => (String::new(), "", "缺失"),
                Some(c) => (
                    c.json()
                        .map(crate::numbers::format_decimal)
                        .unwrap_or_default(),
                    c.raw.as_str(),
                    match c.num {
                        CellNumber::Number(_) => "数字",
                        CellNumber::Blank => "空白",
                        CellNumber::Placeholder => "占位符",
                        CellNumber::NotNumber => "非数字",
                    },
                ),
            };
            let fields = [
                key,
                model::table_name_zh(key),
                layout,
                row.key,
                model::row_label(key, row.key),
                column,
                model::column_label(key, column),
                value.as_str(),
                raw,
                state,
            ];
            csv.row(file.iter().map(String::as_str).chain(fields));
        }
    }
}

// ---- HTML ----------------------------------------------------------------------------

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #111; line-height: 1.5; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: .9em; }
th, td { border: 1px solid #bbb; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #eee; } td.n { text-align: right; white-space: nowrap; }
.fail { color: #a00; font-weight: bold; } .pass { color: #060; font-weight: bold; }
.unreadable { color: #555; font-weight: bold; }
.error { color: #a00; } .warning { color: #a60; } .info { color: #555; }
.meta { color: #444; } .none { color: #666; font-style: italic; }
@media print {
  body { margin: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  section { break-before: page; }
  tr, td, th { break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

/// A printable HTML report of a batch: a summary table, then every report's findings.
/// Self-contained (no scripts, no external files); every text from the checked files is
/// escaped.
pub fn html_report(reports: &[InputResult], generated: &str) -> String {
    let mut h = String::with_capacity(4096 + reports.len() * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>政府信息公开工作年度报告检查结果</title>\n<style>");
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n<h1>政府信息公开工作年度报告检查结果</h1>\n");
    h.push_str(&format!(
        "<p class=\"meta\">{}{}</p>\n",
        tally_zh(reports),
        escape_html(generated)
    ));
    h.push_str("<table>\n<thead><tr><th>#</th><th>文件</th><th>机关</th><th>年度</th><th>结论</th><th>错误</th><th>警告</th><th>提示</th></tr></thead>\n<tbody>\n");
    for (i, row) in summary(reports).iter().enumerate() {
        h.push_str(&format!(
            "<tr><td class=\"n\">{}</td><td><a href=\"#r{}\">{}</a></td><td>{}</td><td class=\"n\">{}</td><td class=\"{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            i + 1,
            i + 1,
            escape_html(&row.source),
            escape_html(row.organ.as_deref().unwrap_or("—")),
            opt(row.year),
            verdict_class(row.verdict),
            verdict_zh(row.verdict),
            row.errors,
            row.warnings,
            row.infos,
        ));
    }
    h.push_str("</tbody>\n</table>\n");
    for (i, r) in reports.iter().enumerate() {
        report_section(&mut h, i + 1, r);
    }
    h.push_str("</body>\n</html>\n");
    h
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        Verdict::Unreadable => "unreadable",
    }
}

fn report_section(h: &mut String, n: usize, r: &InputResult) {
    h.push_str(&format!(
        "<section id=\"r{n}\">\n<h2>{n}. {}</h2>\n",
        escape_html(&r.source)
    ));
    let mut meta = Vec::new();
    if let Some(rep) = &r.report {
        if let Some(t) = &rep.title {
            meta.push(format!("标题：{}", escape_html(t)));
        }
        if let Some(o) = organ_of(r) {
            meta.push(format!("机关：{}", escape_html(o)));
        }
        if let Some(y) = rep.year {
            meta.push(format!("年度：{y}"));
        }
        if let Some(t) = rep.template {
            meta.push(format!("格式：{}", t.label_zh()));
        }
    }
    meta.push(format!(
        "结论：<span class=\"{}\">{}</span>（错误 {}，警告 {}，提示 {}）",
        verdict_class(r.verdict),
        verdict_zh(r.verdict),
        r.counts.error,
        r.counts.warning,
        r.counts.info
    ));
    h.push_str(&format!("<p class=\"meta\">{}</p>\n", meta.join("　")));
    if r.diagnostics.is_empty() {
        h.push_str("<p class=\"none\">没有发现问题。</p>\n</section>\n");
        return;
    }
    h.push_str("<table>\n<thead><tr><th>位置</th><th>严重程度</th><th>代码</th><th>说明</th></tr></thead>\n<tbody>\n");
    for d in &r.diagnostics {
        finding_row(h, d);
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn finding_row(h: &mut String, d: &Diagnostic) {
    let place = d
        .span
        .map(|s| format!("第{}行第{}列", s.line, s.column))
        .unwrap_or_else(|| "—".into());
    let class = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    h.push_str(&format!(
        "<tr><td class=\"n\">{}</td><td class=\"{class}\">{}</td><td><code>{}</code></td><td>{}</td></tr>\n",
        place,
        d.severity.label_zh(),
        d.code,
        escape_html(&d.message)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str) -> String {
        let mut out = String::new();
        push_field(&mut out, s);
        out
    }

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("侯马经济开发区"), "侯马经济开发区");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("说“好”\"x\""), "\"说“好”\"\"x\"\"\"");
        assert_eq!(field("两行\n文字"), "\"两行\n文字\"");
        assert_eq!(field("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(field(""), "");
    }

    #[test]
    fn html_escapes_everything_from_the_files() {
        assert_eq!(
            escape_html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
