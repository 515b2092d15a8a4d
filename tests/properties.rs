//! Property tests (proptest): whatever the input, the check does not panic, gives the
//! same result twice, and places every span inside the text on char boundaries with
//! lines, columns and UTF-16 offsets that agree with the text (recomputed here); and a
//! report's tables, rendered back to copied-Word text, read back the same.

mod common;
#[path = "../fuzz/src/invariants.rs"]
mod invariants;

use common::{fixture, FIXTURES};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// Runs the whole check on `text` and asserts every invariant; returns the JSON.
fn check_consistent(text: &str) -> String {
    // The limits' one-pass count agrees with the reader.
    let doc = nianbao::read::text::read(text);
    let m = nianbao::limits::measure(text);
    assert_eq!(
        m.cells,
        doc.cell_count(),
        "cells counted as the reader reads them"
    );
    assert_eq!(m.lines, nianbao::span::LineIndex::new(text).line_count());
    let analysis = nianbao::pipeline::analyse_text("property.txt", text);
    invariants::assert_analysis(&analysis);
    let report = analysis.finish();
    invariants::assert_file_report(text, &report);
    serde_json::to_string(&report).expect("serialises")
}

// ---- Inputs ------------------------------------------------------------------------

/// Pieces of reports and of hostile text: layout, punctuation, numbers, dates, labels,
/// bidi and zero-width controls, characters outside the BMP.
const TOKENS: &[&str] = &[
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\t\t",
    " ",
    "\u{3000}",
    "\u{a0}",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "\u{2066}",
    "\u{0}",
    "𠀀",
    "😀",
    "一、",
    "二、",
    "三、",
    "四、",
    "五、",
    "六、",
    "1.",
    "（一）",
    "（七）",
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
    "本年新收",
    "上年结转",
    "予以公开",
    "不予处理",
    "其他处理",
    "3.其他",
    "总计",
    "规章",
    "行政规范性文件",
    "本年制发件数",
    "行政许可",
    "行政复议",
    "复议后起诉",
    "未经复议直接起诉",
    "尚未审结",
    "2022年1月1日至12月31日",
    "二〇二三年一月十六日",
    "2023年",
    "年",
    "月",
    "日",
    "至",
    "。",
    "，",
    "；",
    "：",
    "、",
    "《",
    "》",
    "<",
    ">",
    "〔2021〕30号",
    "[bookmark: _GoBack]",
    "[bookmark:",
    "]",
    "0",
    "7",
    "１２",
    "1,835",
    "127.9",
    "-2",
    "—",
    "／",
    "无",
    "99999999999999999999999",
    "0.0000001",
    "<script>alert(1)</script>",
    "<b onmouseover=alert(1)>",
    "javascript:alert(1)",
    "人民政府",
    "报告",
];

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(TOKENS).prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

/// Text made of report pieces and arbitrary characters.
fn report_like_text() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..120).prop_map(|v| v.concat())
}

#[derive(Clone, Debug)]
enum Edit {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    InsertLine(Index, String),
    ReplaceLine(Index, String),
    /// Inserts text at a char boundary.
    Insert(Index, String),
    DeleteChar(Index),
    /// Replaces the n-th ASCII digit.
    ReplaceDigit(Index, char),
    /// Removes a tab (a cell merges with its row or becomes a paragraph).
    DeleteTab(Index),
    /// Joins a line with the next.
    JoinLines(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<Index>().prop_map(Edit::DeleteLine),
        any::<Index>().prop_map(Edit::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<Index>(), report_like_line()).prop_map(|(i, s)| Edit::InsertLine(i, s)),
        (any::<Index>(), report_like_line()).prop_map(|(i, s)| Edit::ReplaceLine(i, s)),
        (any::<Index>(), token()).prop_map(|(i, s)| Edit::Insert(i, s)),
        any::<Index>().prop_map(Edit::DeleteChar),
        (
            any::<Index>(),
            prop::sample::select(&['0', '1', '9', '５', '.', ',', '-', ' ', '一'][..])
        )
            .prop_map(|(i, c)| Edit::ReplaceDigit(i, c)),
        any::<Index>().prop_map(Edit::DeleteTab),
        any::<Index>().prop_map(Edit::JoinLines),
    ]
}

fn report_like_line() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..6).prop_map(|v| v.concat())
}

fn apply(text: &str, e: &Edit) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let n = lines.len();
    match e {
        Edit::DeleteLine(i) => {
            lines.remove(i.index(n));
        }
        Edit::DuplicateLine(i) => {
            let k = i.index(n);
            lines.insert(k, lines[k].clone());
        }
        Edit::SwapLines(a, b) => lines.swap(a.index(n), b.index(n)),
        Edit::InsertLine(i, s) => lines.insert(i.index(n + 1), s.clone()),
        Edit::ReplaceLine(i, s) => lines[i.index(n)] = s.clone(),
        Edit::JoinLines(i) if n > 1 => {
            let k = i.index(n - 1);
            let next = lines.remove(k + 1);
            lines[k].push_str(&next);
        }
        Edit::JoinLines(_) => {}
        Edit::Insert(i, s) => {
            let at = boundaries(text);
            let k = at[i.index(at.len())];
            return format!("{}{}{}", &text[..k], s, &text[k..]);
        }
        Edit::DeleteChar(i) => {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            if chars.is_empty() {
                return String::new();
            }
            let (k, c) = chars[i.index(chars.len())];
            return format!("{}{}", &text[..k], &text[k + c.len_utf8()..]);
        }
        Edit::ReplaceDigit(i, c) => {
            return replace_nth(text, |b| b.is_ascii_digit(), i, &c.to_string());
        }
        Edit::DeleteTab(i) => return replace_nth(text, |b| b == b'\t', i, ""),
    }
    lines.join("\n")
}

fn boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// Replaces the `i`-th ASCII byte matching `pick` (if any) by `to`.
fn replace_nth(text: &str, pick: impl Fn(u8) -> bool, i: &Index, to: &str) -> String {
    let at: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| pick(*b))
        .map(|(k, _)| k)
        .collect();
    if at.is_empty() {
        return text.to_string();
    }
    let k = at[i.index(at.len())];
    format!("{}{}{}", &text[..k], to, &text[k + 1..])
}

fn fixtures() -> Vec<String> {
    FIXTURES.iter().map(|f| fixture(f)).collect()
}

fn mutated_fixture() -> impl Strategy<Value = String> {
    let all = fixtures();
    (0..all.len(), prop::collection::vec(edit(), 1..12))
        .prop_map(move |(k, edits)| edits.iter().fold(all[k].clone(), |t, e| apply(&t, e)))
}

// ---- Properties --------------------------------------------------------------------

/// `cases` cases from a fixed seed, so that `cargo test` is reproducible; set
/// `PROPTEST_RNG_SEED` (and `PROPTEST_CASES`) to explore further. Failures are not
/// written to files: a failing input found here becomes a test in `tests/regressions.rs`.
fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = proptest::test_runner::RngSeed::Fixed(0x6e69_616e_6261_6f06);
    }
    if let Some(n) = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        c.cases = n;
    }
    c
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_strings_check_consistently(text in any::<String>()) {
        check_consistent(&text);
    }

    #[test]
    fn report_like_strings_check_consistently(text in report_like_text()) {
        check_consistent(&text);
    }

    #[test]
    fn mutated_fixtures_check_consistently(text in mutated_fixture()) {
        check_consistent(&text);
    }

    #[test]
    fn the_check_is_deterministic(text in mutated_fixture()) {
        let a = check_consistent(&text);
        let b = check_consistent(&text);
        prop_assert_eq!(a, b);
        // Bytes in, too (the file path of the page and the command line).
        let a = serde_json::to_string(&nianbao::check_bytes("p.txt", text.as_bytes())).unwrap();
        let b = serde_json::to_string(&nianbao::check_bytes("p.txt", text.as_bytes())).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn arbitrary_bytes_check_consistently(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let report = nianbao::check_bytes("p.txt", &bytes);
        let input = std::str::from_utf8(&bytes).unwrap_or("");
        invariants::assert_file_report(input, &report);
    }
}

#[test]
fn the_fixtures_check_consistently() {
    for text in fixtures() {
        check_consistent(&text);
    }
}

// ---- Round trip: tables → copied-Word text → tables --------------------------------

/// How the renderer lays out a table row.
#[derive(Clone, Copy, Debug)]
enum Layout {
    /// Word copied: each cell on its own line after a tab, a blank line between rows.
    Word,
    /// Copied from a web page or spreadsheet: one row per line, cells separated by tabs.
    TabSeparated,
}

fn render_row(out: &mut String, cells: &[String], layout: Layout) {
    match layout {
        Layout::Word => {
            for c in cells {
                out.push('\t');
                out.push_str(c);
                out.push('\n');
            }
            out.push('\n');
        }
        Layout::TabSeparated => {
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
}

fn render_value(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Number(n) => n.to_string(),
        other => panic!("a table value is a number or null, not {other}"),
    }
}

/// Renders the tables of a result (`report.tables` of the JSON) as a whole report in the
/// layout of text copied out of Word, from the tables' keys and the template's labels
/// alone.
fn render_report(tables: &Value, template: &str, layout: Layout) -> String {
    use nianbao::model::{
        column_label, row_label, t2_columns_2019, t2_columns_2021, T3_COLUMNS, T4_COLUMNS,
        T4_GROUPS,
    };
    let mut out = String::from("某某市某某局2022年政府信息公开工作年度报告\n\n");
    out.push_str("一、总体情况\n\n本机关主动公开政府信息。\n\n");
    out.push_str("二、主动公开政府信息情况\n\n");
    if let Some(Value::Object(t2)) = tables.get("t2") {
        for (key, row) in t2 {
            let Value::Object(cols) = row else { panic!() };
            // The JSON's maps are sorted by key: take the template's column order.
            let has_all =
                |c: &[&str]| c.len() == cols.len() && c.iter().all(|k| cols.contains_key(*k));
            let order = [t2_columns_2021(key), t2_columns_2019(key)]
                .into_iter()
                .find(|c| has_all(c))
                .unwrap_or_else(|| panic!("t2 {key}: columns {cols:?} of neither template"));
            let mut header = vec!["信息内容".to_string()];
            header.extend(order.iter().map(|c| match (*c, template) {
                ("decisions", "2019") => "处理决定数量".to_string(),
                (c, _) => column_label("t2", c).to_string(),
            }));
            render_row(&mut out, &header, layout);
            let label = match (key.as_str(), template) {
                ("normative_documents", "2019") => "规范性文件",
                (k, _) => row_label("t2", k),
            };
            let mut cells = vec![label.to_string()];
            cells.extend(order.iter().map(|c| render_value(&cols[*c])));
            render_row(&mut out, &cells, layout);
        }
    }
    out.push_str("\n三、收到和处理政府信息公开申请情况\n\n");
    if let Some(Value::Object(t3)) = tables.get("t3") {
        let mut header = vec![String::new()];
        header.extend(T3_COLUMNS.iter().map(|c| c.1.to_string()));
        render_row(&mut out, &header, layout);
        for (key, row) in t3 {
            let Value::Object(cols) = row else { panic!() };
            // "（三）不予公开 1.属于国家秘密": the group and the item in cells of their own.
            let mut cells: Vec<String> = nianbao::model::t3_row_label(key)
                .split(' ')
                .map(str::to_string)
                .collect();
            cells.extend(
                T3_COLUMNS
                    .iter()
                    .map(|(c, _)| cols.get(*c).map(render_value).unwrap_or_default()),
            );
            render_row(&mut out, &cells, layout);
        }
    }
    out.push_str("\n四、政府信息公开行政复议、行政诉讼情况\n\n");
    if let Some(Value::Object(t4)) = tables.get("t4") {
        let groups: Vec<String> = T4_GROUPS.iter().map(|g| g.1.to_string()).collect();
        render_row(&mut out, &groups, layout);
        let header: Vec<String> = T4_GROUPS
            .iter()
            .flat_map(|_| T4_COLUMNS.iter().map(|c| c.1.to_string()))
            .collect();
        render_row(&mut out, &header, layout);
        // A leading label keeps a blank first value a cell in the tab-separated layout.
        let mut values = vec!["件数".to_string()];
        for (g, _) in T4_GROUPS {
            let cols = t4.get(g).and_then(Value::as_object);
            for (c, _) in T4_COLUMNS {
                values.push(
                    cols.and_then(|m| m.get(c))
                        .map(render_value)
                        .unwrap_or_default(),
                );
            }
        }
        render_row(&mut out, &values, layout);
    }
    out.push_str("\n五、存在的主要问题及改进情况\n\n存在的问题是公开不够及时。\n\n");
    out.push_str(
        "六、其他需要报告的事项\n\n本年度未收取信息处理费。\n\n某某市某某局\n2023年1月16日\n",
    );
    out
}

fn tables_and_template(text: &str) -> (Value, String) {
    let json: Value = serde_json::to_value(nianbao::check_text("rt.txt", text)).unwrap();
    let report = &json["report"];
    (
        report["tables"].clone(),
        report["template"].as_str().unwrap_or("2021").to_string(),
    )
}

fn assert_round_trip(tables: &Value, template: &str) {
    for layout in [Layout::Word, Layout::TabSeparated] {
        let text = render_report(tables, template, layout);
        let (back, _) = tables_and_template(&text);
        assert_eq!(
            &back, tables,
            "tables read back from the {layout:?} rendering differ:\n{text}"
        );
    }
}

#[test]
fn fixture_tables_render_and_read_back_the_same() {
    for name in FIXTURES {
        let (tables, template) = tables_and_template(&fixture(name));
        assert!(
            tables.get("t3").is_some(),
            "{name}: the fixture has a table 三"
        );
        assert_round_trip(&tables, &template);
    }
}

/// A cell value as a report writes it: a count, a blank, or an amount with a fraction;
/// in the JSON form the result gives it.
fn cell_value() -> impl Strategy<Value = Value> {
    let json = |x: f64| serde_json::to_value(nianbao::diag::Value::num(x)).unwrap();
    prop_oneof![
        6 => (0u32..100_000).prop_map(move |n| json(f64::from(n))),
        1 => Just(Value::Null),
        1 => (0u32..100_000).prop_map(move |n| json(f64::from(n) / 10.0)),
    ]
}

/// Replaces every value in the tables with one drawn from `values` (cycling).
fn refill(tables: &Value, values: &[Value]) -> Value {
    let mut k = 0;
    let mut t = tables.clone();
    for table in t.as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
        for row in table
            .as_object_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            for v in row.as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
                *v = values[k % values.len()].clone();
                k += 1;
            }
        }
    }
    t
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn any_table_values_render_and_read_back_the_same(
        k in 0..FIXTURES.len(),
        values in prop::collection::vec(cell_value(), 1..64),
    ) {
        let (tables, template) = tables_and_template(&fixture(FIXTURES[k]));
        let tables = refill(&tables, &values);
        assert_round_trip(&tables, &template);
    }
}

// ---- Exports: nothing from the input becomes markup or a formula ----------------------

/// The tags the HTML report writes itself; any other `<` came from a checked file.
const REPORT_TAGS: &[&str] = &[
    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "table",
    "thead", "tbody", "tr", "th", "td", "a", "section", "span", "code",
];

fn assert_exports_inert(reports: &[nianbao::InputResult]) {
    let html = nianbao::export::html_report(reports, "<script>生成</script>");
    for (i, _) in html.match_indices('<') {
        let rest = html[i + 1..].trim_start_matches('/');
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            REPORT_TAGS.contains(&name.as_str()),
            "markup <{name} in the HTML report: {}",
            &html[i..(i + 60).min(html.len())]
        );
    }
    for csv in [
        nianbao::export::findings_csv(reports),
        nianbao::export::tables_csv(reports),
    ] {
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        for rec in rd.records() {
            for field in rec.expect("the CSV parses").iter() {
                assert!(
                    !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a CSV field a spreadsheet would evaluate: {field:?}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn exports_of_hostile_reports_are_inert(
        texts in prop::collection::vec(
            prop_oneof![report_like_text(), mutated_fixture()],
            1..3,
        ),
        names in prop::collection::vec(
            prop::sample::select(&["=cmd|' /C calc'!A0.txt", "<img src=x onerror=alert(1)>.txt", "+1.txt", "报告.txt"][..]),
            3,
        ),
    ) {
        let inputs: Vec<nianbao::Input> = texts
            .iter()
            .zip(names.iter().cycle())
            .map(|(t, n)| nianbao::Input { name: n, bytes: t.as_bytes() })
            .collect();
        let out = nianbao::check_all(&inputs);
        assert_exports_inert(&out.reports);
    }
}

#[test]
fn exports_of_a_report_full_of_markup_are_inert() {
    // A real report whose title, organ, labels and cells carry markup and formulas.
    let text = common::fx("000")
        .replacen(
            "巨鹿县",
            "巨鹿县<script>alert(1)</script>=HYPERLINK(\"x\")",
            1,
        )
        .replace("规章", "<b onmouseover=alert(1)>规章</b>");
    let out = nianbao::check_all(&[nianbao::Input {
        name: "=1+1.txt",
        bytes: text.as_bytes(),
    }]);
    assert!(out.reports[0].report.is_some());
    assert_exports_inert(&out.reports);
}
