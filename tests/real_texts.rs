//! Text as it really comes (issue 11): real reports as an archive stores a portal page's
//! text (the whole report on one line, cells run together), as a PDF viewer lays a PDF
//! out, and as a converter writes Markdown (tests/fixtures/real, provenance there), plus
//! small texts of our own for each shape. Expected values come from reading the texts
//! (and the corpus README's hand-verified facts), not from the checker's output.

use nianbao::pipeline::analyse_text;
use serde_json::Value;

fn real(name: &str) -> String {
    let path = format!("{}/tests/fixtures/real/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("fixture")
}

fn check(text: &str) -> Value {
    serde_json::to_value(nianbao::check_text("t.txt", text)).unwrap()
}

fn codes(r: &Value) -> Vec<String> {
    r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn count(r: &Value, code: &str) -> usize {
    codes(r).iter().filter(|c| *c == code).count()
}

fn sections(r: &Value) -> Vec<u64> {
    r["report"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_u64().unwrap())
        .collect()
}

/// A table-三 row's seven cells (null for unknown or missing).
fn t3(r: &Value, row: &str) -> Vec<Value> {
    let cols = [
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other",
        "total",
    ];
    cols.iter()
        .map(|c| r["report"]["tables"]["t3"][row][c].clone())
        .collect()
}

fn nums(v: &[i64]) -> Vec<Value> {
    v.iter().map(|x| Value::from(*x)).collect()
}

fn t4(r: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for g in ["review", "litigation_direct", "litigation_after_review"] {
        for c in ["upheld", "corrected", "other", "pending", "total"] {
            out.push(r["report"]["tables"]["t4"][g][c].clone());
        }
    }
    out
}

const T3_KEYS: [&str; 25] = [
    "1", "2", "3.1", "3.2", "3.3.1", "3.3.2", "3.3.3", "3.3.4", "3.3.5", "3.3.6", "3.3.7", "3.3.8",
    "3.4.1", "3.4.2", "3.4.3", "3.5.1", "3.5.2", "3.5.3", "3.5.4", "3.5.5", "3.6.1", "3.6.2",
    "3.6.3", "3.7", "4",
];

/// Table 三 as rows of seven numbers, every row in the template's order.
fn assert_t3(r: &Value, expected: &[(&str, [i64; 7])]) {
    for key in T3_KEYS {
        let want = expected
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .unwrap_or([0; 7]);
        assert_eq!(t3(r, key), nums(&want), "table 三 row {key}");
    }
}

/// Every typed cell's span points at its number in the text the user gave.
fn assert_cells_point_into_the_input(text: &str) {
    let a = analyse_text("t.txt", text);
    assert_eq!(a.doc.text, text, "the document's text is the input");
    let report = a.report.expect("a report");
    let mut cells = 0;
    for t in [&report.t2, &report.t3, &report.t4].into_iter().flatten() {
        for row in &t.rows {
            for c in row.cells.iter().flatten() {
                assert_eq!(
                    &text[c.span.start..c.span.end],
                    c.raw,
                    "{} {}",
                    t.key,
                    row.key
                );
                cells += 1;
            }
        }
    }
    assert!(cells > 0);
    let r = nianbao::check_text("t.txt", text);
    assert!(r.text.is_none(), "plain text is not rendered");
}

#[test]
fn pingtan_2022_run_in_page_text() {
    let text = real("pingtan-2022.txt");
    let r = check(&text);
    assert_eq!(count(&r, "IN-NOT-REPORT"), 0);
    // All six headings, mid-line; the fourth with its typo (行政法复议).
    assert_eq!(sections(&r), [1, 2, 3, 4, 5, 6]);
    let h4 = &r["report"]["sections"][3]["heading"];
    assert_eq!(h4, "四、政府信息公开行政法复议、行政诉讼情况");
    assert_eq!(count(&r, "SEC-TITLE"), 1);
    assert_eq!(
        r["report"]["title"],
        "平潭综合实验区2022年度政府信息公开工作年度报告"
    );
    // Table 二: "规章000" has one split; "行政规范性文件8855698" has many and no
    // identity to choose one: unknown, and said so.
    let t2 = &r["report"]["tables"]["t2"];
    assert_eq!(t2["rules"]["issued"], 0);
    assert_eq!(t2["rules"]["in_force"], 0);
    assert!(t2["normative_documents"]["issued"].is_null());
    assert!(t2["normative_documents"]["in_force"].is_null());
    assert_eq!(t2["licensing"]["decisions"], 10690);
    assert_eq!(t2["penalty"]["decisions"], 2113);
    assert_eq!(t2["coercion"]["decisions"], 0);
    assert_eq!(t2["fees"]["amount_wan_yuan"], 9116.36);
    assert_eq!(count(&r, "TBL-UNDELIMITED"), 1);
    let d = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "TBL-UNDELIMITED")
        .unwrap();
    assert!(d["message"].as_str().unwrap().contains("行政规范性文件"));
    assert!(d["message"].as_str().unwrap().contains("8855698"));
    // Table 三: every row ran together ("713000074"); each split by its row total.
    assert_t3(
        &r,
        &[
            ("1", [71, 3, 0, 0, 0, 0, 74]),
            ("2", [1, 0, 0, 0, 0, 0, 1]),
            ("3.1", [21, 0, 0, 0, 0, 0, 21]),
            ("3.2", [8, 1, 0, 0, 0, 0, 9]),
            ("3.3.5", [1, 0, 0, 0, 0, 0, 1]),
            ("3.3.6", [2, 0, 0, 0, 0, 0, 2]),
            ("3.3.7", [1, 0, 0, 0, 0, 0, 1]),
            ("3.4.1", [37, 0, 0, 0, 0, 0, 37]),
            ("3.6.1", [2, 0, 0, 0, 0, 0, 2]),
            ("3.6.3", [0, 2, 0, 0, 0, 0, 2]),
            ("3.7", [72, 3, 0, 0, 0, 0, 75]),
        ],
    );
    // Table 四, space-separated.
    assert_eq!(t4(&r), nums(&[0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]));
    // 197 of 200 cells recovered, none wrong (above); the three left unknown are one row.
    let known: usize = T3_KEYS
        .iter()
        .map(|k| t3(&r, k).iter().filter(|v| v.is_number()).count())
        .sum::<usize>()
        + t4(&r).iter().filter(|v| v.is_number()).count()
        + 7;
    assert_eq!(known, 197);
    // The tables balance (一 74 + 二 1 = 75 + 0); the prose's 收到申请75件 is 新收 74 plus
    // 上年结转 1, a reading the prose rule accepts.
    for code in [
        "T3-BALANCE",
        "T3-SUM",
        "T3-ROW-TOTAL",
        "T4-SUM",
        "TBL-SHAPE",
        "TBL-MISSING",
        "TXT-T3",
        "TXT-T4",
    ] {
        assert_eq!(count(&r, code), 0, "{code}");
    }
    // The crawl fields above the 正文 rule are page chrome, not prose.
    assert_eq!(count(&r, "CNT-DUPLICATE"), 0);
    assert_cells_point_into_the_input(&text);
}

#[test]
fn pingtan_caijinju_2024_run_in_page_text() {
    let text = real("pingtan-caijinju-2024.txt");
    let r = check(&text);
    assert_eq!(sections(&r), [1, 2, 3, 4, 5, 6]);
    let t2 = &r["report"]["tables"]["t2"];
    assert_eq!(t2["normative_documents"]["issued"], 0);
    assert_eq!(t2["normative_documents"]["repealed"], 2);
    assert_eq!(t2["normative_documents"]["in_force"], 1);
    assert_eq!(t2["penalty"]["decisions"], 1);
    assert_eq!(t2["fees"]["amount_wan_yuan"], 18651.064104);
    // Cells separated by spaces, some run together ("20 0 0 0 02").
    assert_t3(
        &r,
        &[
            ("1", [2, 0, 0, 0, 0, 0, 2]),
            ("3.1", [1, 0, 0, 0, 0, 0, 1]),
            ("3.4.1", [1, 0, 0, 0, 0, 0, 1]),
            ("3.7", [2, 0, 0, 0, 0, 0, 2]),
        ],
    );
    assert_eq!(t4(&r), nums(&[0; 15]));
    // Its real defects: "2023年，在主动公开的61条…" in the 2024 report, and parts
    // 5 + 1 + 7 + 12 + 51 = 76 for a whole of 61.
    assert_eq!(count(&r, "META-YEAR"), 1);
    let parts = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "TXT-PARTS")
        .expect("TXT-PARTS");
    assert!(parts["message"].as_str().unwrap().contains("76"));
    // The 落款 run into the last line.
    assert_eq!(
        r["report"]["signature"]["organ"],
        "平潭综合实验区财政金融局"
    );
    assert_eq!(r["report"]["signature"]["date"], "2025-01-23");
    for code in [
        "T3-BALANCE",
        "T3-SUM",
        "T3-ROW-TOTAL",
        "T4-SUM",
        "TBL-SHAPE",
        "TBL-MISSING",
        "TBL-UNDELIMITED",
        "META-SIGNATURE",
    ] {
        assert_eq!(count(&r, code), 0, "{code}");
    }
    assert_cells_point_into_the_input(&text);
}

#[test]
fn huaian_2024_pdf_layout_text_is_clean() {
    let text = real("huaian-shi-2024.layout.txt");
    let r = check(&text);
    assert_eq!(sections(&r), [1, 2, 3, 4, 5, 6]);
    // A title over two lines, "2024 年" with a space.
    assert_eq!(
        r["report"]["title"],
        "淮安市人民政府2024年政府信息公开工作年度报告"
    );
    assert_eq!(r["report"]["year"], 2024);
    assert_eq!(r["report"]["period"]["start"], "2024-01-01");
    assert_eq!(r["report"]["period"]["end"], "2024-12-31");
    let t2 = &r["report"]["tables"]["t2"];
    assert_eq!(t2["rules"]["issued"], 1);
    assert_eq!(t2["rules"]["repealed"], 0);
    assert_eq!(t2["rules"]["in_force"], 11);
    assert_eq!(t2["normative_documents"]["issued"], 8);
    assert_eq!(t2["normative_documents"]["repealed"], 26);
    assert_eq!(t2["normative_documents"]["in_force"], 66);
    assert_eq!(t2["fees"]["amount_wan_yuan"], 96171.6);
    // Table 三 over a page break, labels wrapped around their numbers.
    assert_t3(
        &r,
        &[
            ("1", [3001, 53, 0, 0, 61, 4, 3119]),
            ("2", [34, 0, 0, 0, 0, 0, 34]),
            ("3.1", [1288, 21, 0, 0, 50, 3, 1362]),
            ("3.2", [447, 7, 0, 0, 0, 0, 454]),
            ("3.3.1", [2, 0, 0, 0, 0, 0, 2]),
            ("3.3.2", [30, 1, 0, 0, 0, 0, 31]),
            ("3.3.3", [5, 0, 0, 0, 0, 0, 5]),
            ("3.3.4", [6, 0, 0, 0, 0, 0, 6]),
            ("3.3.5", [7, 1, 0, 0, 0, 0, 8]),
            ("3.3.6", [12, 0, 0, 0, 0, 0, 12]),
            ("3.3.7", [9, 0, 0, 0, 0, 0, 9]),
            ("3.3.8", [105, 0, 0, 0, 0, 0, 105]),
            ("3.4.1", [746, 12, 0, 0, 10, 1, 769]),
            ("3.4.2", [11, 0, 0, 0, 0, 0, 11]),
            ("3.4.3", [1, 0, 0, 0, 0, 0, 1]),
            ("3.5.1", [56, 6, 0, 0, 0, 0, 62]),
            ("3.5.2", [25, 0, 0, 0, 0, 0, 25]),
            ("3.5.5", [1, 0, 0, 0, 0, 0, 1]),
            ("3.6.1", [67, 3, 0, 0, 1, 0, 71]),
            ("3.6.2", [6, 0, 0, 0, 0, 0, 6]),
            ("3.6.3", [108, 2, 0, 0, 0, 0, 110]),
            ("3.7", [2932, 53, 0, 0, 61, 4, 3050]),
            ("4", [103, 0, 0, 0, 0, 0, 103]),
        ],
    );
    assert_eq!(
        t4(&r),
        nums(&[72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20])
    );
    // Clean: no error at all, and nothing about tables, arithmetic or the template.
    assert_eq!(r["counts"]["error"], 0, "{:?}", codes(&r));
    for c in codes(&r) {
        assert!(
            !["TBL-", "T3-", "T4-", "TPL-", "TXT-", "CELL-", "SEC-", "IN-"]
                .iter()
                .any(|p| c.starts_with(p)),
            "{c}"
        );
    }
    // Page numbers are artifacts (info), not paragraphs or cells.
    assert_eq!(count(&r, "CNT-ARTIFACT"), 6);
    assert_cells_point_into_the_input(&text);
}

#[test]
fn shanghai_2024_markdown_with_broken_pipe_tables() {
    let text = real("shanghai-kewei-2024.md");
    let r = check(&text);
    assert_eq!(count(&r, "IN-NOT-REPORT"), 0);
    // Its narrative sections are numbered in its own order and its problems section has
    // no heading: 总体情况, then 主动公开 twice (三、主动公开工作情况 and the table's
    // 一、), 申请, 复议诉讼, 其他事项; 五 is missing.
    assert_eq!(sections(&r), [1, 2, 2, 3, 4, 6]);
    assert_eq!(count(&r, "SEC-MISSING"), 1);
    // All three tables found: broken rows are TBL-SHAPE for that row, never TBL-MISSING.
    assert_eq!(count(&r, "TBL-MISSING"), 0);
    assert!(count(&r, "TBL-SHAPE") >= 1);
    assert_eq!(t3(&r, "1"), nums(&[32, 2, 0, 0, 0, 0, 34]));
    assert_eq!(t3(&r, "2"), nums(&[2, 0, 0, 0, 0, 0, 2]));
    assert_eq!(t3(&r, "3.1"), nums(&[9, 0, 0, 0, 0, 0, 9]));
    assert_eq!(t3(&r, "3.7"), nums(&[33, 2, 0, 0, 0, 0, 35]));
    // "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |": the empty 总计 cell.
    let row4 = t3(&r, "4");
    assert_eq!(&row4[..6], &nums(&[1, 0, 0, 0, 0, 0])[..]);
    assert!(row4[6].is_null());
    assert!(r["diagnostics"].as_array().unwrap().iter().any(
        |d| d["code"] == "CELL-BLANK" && d["message"].as_str().unwrap().contains("结转下年度")
    ));
    assert_eq!(t4(&r), nums(&[1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    assert_eq!(
        r["report"]["title"],
        "2024年上海市科委政府信息公开工作年度报告"
    );
    assert_cells_point_into_the_input(&text);
}

// ---- Small texts of our own ----------------------------------------------------------

const T3_LABELS: [&str; 25] = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果 （一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开 1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供 1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理 1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
];

/// A small report whose table 三 rows are written by `row` (label, seven values) and
/// joined by `sep`; tables 二 and 四 as given.
fn report(sep: &str, row: impl Fn(&str, [i64; 7]) -> String, t2: &str, t4: &str) -> String {
    let mut values = vec![[0i64; 7]; 25];
    values[0] = [5, 1, 0, 0, 0, 0, 6];
    values[2] = [4, 1, 0, 0, 0, 0, 5];
    values[12] = [1, 0, 0, 0, 0, 0, 1];
    values[23] = [5, 1, 0, 0, 0, 0, 6];
    let t3: Vec<String> = T3_LABELS
        .iter()
        .zip(values)
        .map(|(l, v)| row(l, v))
        .collect();
    format!(
        "某某县人民政府2023年政府信息公开工作年度报告\n一、总体情况{sep}2023年，本县依法公开政府信息。{sep}二、主动公开政府信息情况{sep}{t2}{sep}三、收到和处理政府信息公开申请情况{sep}{}{sep}四、政府信息公开行政复议、行政诉讼情况{sep}行政复议 行政诉讼 未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计{sep}{t4}{sep}五、存在的主要问题及改进情况{sep}公开深度不够。{sep}六、其他需要报告的事项{sep}本年度未收取信息处理费。{sep}某某县人民政府办公室{sep}2024年1月20日",
        t3.join(sep)
    )
}

fn joined(v: [i64; 7], sep: &str) -> String {
    v.iter().map(i64::to_string).collect::<Vec<_>>().join(sep)
}

fn assert_small(text: &str) {
    let r = check(text);
    assert_eq!(sections(&r), [1, 2, 3, 4, 5, 6], "{text}");
    assert_eq!(t3(&r, "1"), nums(&[5, 1, 0, 0, 0, 0, 6]));
    assert_eq!(t3(&r, "3.1"), nums(&[4, 1, 0, 0, 0, 0, 5]));
    assert_eq!(t3(&r, "3.4.1"), nums(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(t3(&r, "3.7"), nums(&[5, 1, 0, 0, 0, 0, 6]));
    assert_eq!(t4(&r), nums(&[1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    let t2 = &r["report"]["tables"]["t2"];
    assert_eq!(t2["normative_documents"]["issued"], 2);
    assert_eq!(t2["normative_documents"]["in_force"], 30);
    assert_eq!(t2["licensing"]["decisions"], 12);
    for code in [
        "TBL-SHAPE",
        "TBL-MISSING",
        "T3-SUM",
        "T3-BALANCE",
        "T4-SUM",
        "IN-NOT-REPORT",
    ] {
        assert_eq!(count(&r, code), 0, "{code} in {text}");
    }
    assert_cells_point_into_the_input(text);
}

const T2_SPACED: &str = "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 3 行政规范性文件 2 1 30 第二十条第（五）项 信息内容 本年处理决定数量 行政许可 12 第二十条第（六）项 行政处罚 4 行政强制 0 第二十条第（八）项 行政事业性收费 1.5";

#[test]
fn cells_separated_by_spaces_on_one_line() {
    let text = report(
        " ",
        |l, v| format!("{l} {}", joined(v, " ")),
        T2_SPACED,
        "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0",
    );
    assert_small(&text);
}

#[test]
fn one_cell_per_line() {
    let t2 = T2_SPACED.replace(' ', "\n");
    let text = report(
        "\n",
        |l, v| format!("{}\n{}", l.replace(' ', "\n"), joined(v, "\n")),
        &t2,
        &"1 0 0 0 1 0 0 0 0 0 0 0 0 0 0".replace(' ', "\n"),
    );
    assert_small(&text);
}

#[test]
fn run_in_cells_split_by_the_row_identity() {
    let text = report(
        "",
        |l, v| format!("{l}{}", joined(v, "")),
        T2_SPACED,
        "100010000000000",
    );
    assert_small(&text);
}

#[test]
fn pipe_tables_and_markdown_headings() {
    let row = |l: &str, v: [i64; 7]| format!("| {l} | {} |", joined(v, " | "));
    let t2 = "## 表二\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 0 | 0 | 3 |\n| 行政规范性文件 | 2 | 1 | 30 |\n| 行政许可 | 12 |\n| 行政处罚 | 4 |\n| 行政强制 | 0 |\n| 行政事业性收费 | 1.5 |";
    let text = report(
        "\n",
        row,
        t2,
        "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    )
    .replace("\n一、", "\n# 一、")
    .replace("\n三、收到", "\n## 三、收到");
    assert_small(&text);
}

#[test]
fn a_header_row_repeated_after_a_page_break_is_no_row() {
    let text = report(
        "\n",
        |l, v| {
            let row = format!("{l} {}", joined(v, "   "));
            if l.starts_with("（四）") {
                format!("- 3 -\n申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构\n{row}")
            } else {
                row
            }
        },
        T2_SPACED,
        "1   0   0   0   1   0   0   0   0   0   0   0   0   0   0",
    );
    assert_small(&text);
    assert_eq!(count(&check(&text), "CNT-ARTIFACT"), 1);
}

#[test]
fn run_together_rows_with_no_unique_split_are_unknown_not_guessed() {
    // 二: "1010101111" splits into seven cells in 35 ways, and in none of them do the
    // six parts add up to the total: the row is left unknown, never guessed.
    let text = report(
        "",
        |l, v| {
            if l.starts_with("二、") {
                format!("{l}1010101111")
            } else {
                format!("{l}{}", joined(v, ""))
            }
        },
        T2_SPACED,
        "100010000000000",
    );
    let r = check(&text);
    assert_eq!(count(&r, "TBL-UNDELIMITED"), 1);
    assert!(t3(&r, "2").iter().all(Value::is_null));
    // The identities that need row 二 are not judged; nothing else is wrong.
    for code in ["T3-BALANCE", "T3-ROW-TOTAL", "TBL-SHAPE"] {
        assert_eq!(count(&r, code), 0, "{code}");
    }
}

#[test]
fn table_four_run_together_with_no_split_is_unknown() {
    // Seventeen digits for fifteen cells, and no split where each group's parts add up
    // to its total.
    let text = report(
        "",
        |l, v| format!("{l}{}", joined(v, "")),
        T2_SPACED,
        "99999999999999999",
    );
    let r = check(&text);
    assert_eq!(count(&r, "TBL-UNDELIMITED"), 1);
    assert!(t4(&r).iter().all(Value::is_null));
    assert_eq!(count(&r, "T4-SUM"), 0);
    assert_eq!(count(&r, "TBL-SHAPE"), 0);
}

#[test]
fn a_real_table_defect_in_run_in_text_is_found() {
    // 办理结果 rows add up to 7 while （七）总计 says 6 (each row's own total holds, so
    // every row splits; the column identity then fails).
    let text = report(
        "",
        |l, v| {
            if l.starts_with("2.重复申请") {
                format!("{l}1000001")
            } else {
                format!("{l}{}", joined(v, ""))
            }
        },
        T2_SPACED,
        "100010000000000",
    );
    let r = check(&text);
    assert_eq!(t3(&r, "3.5.2"), nums(&[1, 0, 0, 0, 0, 0, 1]));
    assert!(count(&r, "T3-SUM") >= 1, "{:?}", codes(&r));
}

#[test]
fn prose_before_the_table_is_not_a_row() {
    let text = report(
        "\n",
        |l, v| format!("{l} {}", joined(v, " ")),
        T2_SPACED,
        "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0",
    )
    .replace(
        "三、收到和处理政府信息公开申请情况\n",
        "三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请6件，予以公开5件。\n",
    );
    assert_small(&text);
}

#[test]
fn headings_mid_line_make_a_report() {
    let text = "某某局2023年政府信息公开工作年度报告 一、总体情况 本局依法公开。 二、主动公开政府信息情况 略。 三、收到和处理政府信息公开申请情况 略。 五、存在的主要问题及改进情况 略。";
    let r = check(text);
    assert_eq!(count(&r, "IN-NOT-REPORT"), 0);
    assert_eq!(sections(&r), [1, 2, 3, 5]);
    // A sentence naming the parts is no heading.
    let r = check("本报告包括一、总体情况，二、主动公开政府信息情况等内容。");
    assert_eq!(count(&r, "IN-NOT-REPORT"), 1);
}

#[test]
fn running_headers_next_to_page_numbers_are_page_chrome() {
    let text = "某某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本县依法公开。\n- 1 -\n\u{c}某某县政务公开年报\n二、主动公开政府信息情况\n略。\n- 2 -\n\u{c}某某县政务公开年报\n三、收到和处理政府信息公开申请情况\n略。\n";
    let a = analyse_text("t.txt", text);
    assert!(a.doc.paragraphs().all(|p| !p.text.contains("政务公开年报")));
    let r = check(text);
    assert_eq!(sections(&r), [1, 2, 3]);
    // Two page numbers and the header twice.
    assert_eq!(count(&r, "CNT-ARTIFACT"), 4, "{:?}", codes(&r));
}

#[test]
fn pdf_clean_up_years_page_numbers_and_wrapped_lines() {
    let text = "某某县人民政府\n  2023 年政府信息公开工作年度报告\n  本报告所列数据统计期限自 2023 年 1 月 1 日至 2023 年 12 月 31 日。\n一、总体情况\n  2023 年，本县依法公开政府信息，\n加强平台建设。\n\n- 1 -\n二、主动公开政府信息情况\n";
    let r = check(text);
    assert_eq!(
        r["report"]["title"],
        "某某县人民政府2023年政府信息公开工作年度报告"
    );
    assert_eq!(r["report"]["period"]["end"], "2023-12-31");
    assert_eq!(count(&r, "META-TITLE"), 0);
    assert_eq!(count(&r, "CNT-ARTIFACT"), 1);
    let a = analyse_text("t.txt", text);
    let joined = a
        .doc
        .paragraphs()
        .find(|p| p.text.contains("依法公开"))
        .unwrap();
    assert!(joined.text.ends_with("加强平台建设。"), "{:?}", joined.text);
}
