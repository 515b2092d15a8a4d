//! Helpers shared by the integration tests.
#![allow(dead_code)]

use nianbao::InputResult;

pub const FIXTURES: [&str; 5] = [
    "000-julu-kaifaqu-2022.txt",
    "001-houma-kaifaqu-2022.txt",
    "002-guanting-zhen-2022.txt",
    "003-cangzhou-kaifaqu-2024.txt",
    "004-laiyuan-xian-2022.txt",
];

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fixture whose name starts with `prefix` ("000" …).
pub fn fx(prefix: &str) -> String {
    let name = FIXTURES
        .iter()
        .find(|f| f.starts_with(prefix))
        .expect("fixture");
    fixture(name)
}

pub fn check(text: &str) -> InputResult {
    nianbao::check_text("test.txt", text)
}

/// (code, line) of every diagnostic.
pub fn findings(text: &str) -> Vec<(String, u32)> {
    check(text)
        .diagnostics
        .iter()
        .map(|d| (d.code.to_string(), d.span.map(|s| s.line).unwrap_or(0)))
        .collect()
}

pub fn codes(text: &str) -> Vec<String> {
    findings(text).into_iter().map(|(c, _)| c).collect()
}

pub fn has(text: &str, code: &str) -> bool {
    codes(text).iter().any(|c| c == code)
}

/// Replaces exactly one occurrence of `from` (panics when it is absent or repeated, so a
/// mutation never silently does nothing).
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "expected exactly one {from:?}"
    );
    text.replacen(from, to, 1)
}

/// Replaces line `n` (1-based) of the text.
pub fn replace_line(text: &str, n: usize, to: &str) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines[n - 1] = to;
    lines.join("\n")
}

pub fn line(text: &str, n: usize) -> &str {
    text.split('\n').nth(n - 1).expect("line exists")
}

/// Rewrites one table cell in the source text, found through the extractor.
pub fn set_cell(text: &str, table: &str, row: &str, col: &str, value: &str) -> String {
    let doc = nianbao::read::read_str(text).expect("readable");
    let (report, _) = nianbao::extract::extract(&doc);
    let report = report.expect("a report");
    let cell = report
        .table(table)
        .and_then(|t| t.cell(row, col))
        .unwrap_or_else(|| panic!("no cell {table} {row} {col}"));
    format!(
        "{}{}{}",
        &text[..cell.span.start],
        value,
        &text[cell.span.end..]
    )
}

/// Removes lines `from..=to` (1-based).
pub fn remove_lines(text: &str, from: usize, to: usize) -> String {
    text.split('\n')
        .enumerate()
        .filter(|(i, _)| *i + 1 < from || *i + 1 > to)
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n")
}
