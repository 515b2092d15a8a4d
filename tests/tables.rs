//! The table assistant (issue 14) on real reports: a report's tables written out by
//! `nianbao::draft` (HTML, reader items, .docx, JSON) and read back by the checker give
//! exactly the same `report.tables`, for all five fixtures (2019, 2021 and mixed
//! templates).

mod common;

use common::*;
use nianbao::draft::{self, Draft, Tables};
use nianbao::model::Template;

/// The report's `tables` as the checker's JSON result has them.
fn tables_json(r: &nianbao::FileReport) -> serde_json::Value {
    let v = serde_json::to_value(r).unwrap();
    v["report"]["tables"].clone()
}

/// The fixture checked, and its tables as a draft.
fn fixture_draft(name: &str) -> (nianbao::FileReport, Draft, Template) {
    let text = fixture(name);
    let checked = check(&text);
    let json = serde_json::to_string(&tables_json(&checked)).unwrap();
    let tables = Tables::from_json(&json).unwrap();
    let template = match checked.report.as_ref().unwrap().template {
        Some(Template::Y2019) => Template::Y2019,
        _ => Template::Y2021,
    };
    (
        checked,
        Draft {
            tables,
            ..Draft::default()
        },
        template,
    )
}

#[test]
fn every_fixture_round_trips_through_html() {
    for name in FIXTURES {
        let (checked, draft, template) = fixture_draft(name);
        let html = draft::to_html(&draft, template);
        let back = nianbao::check_bytes("tables.html", html.as_bytes());
        assert_eq!(tables_json(&back), tables_json(&checked), "{name}");
    }
}

#[test]
fn every_fixture_round_trips_through_reader_items() {
    for name in FIXTURES {
        let (checked, draft, template) = fixture_draft(name);
        let items = draft::to_items(&draft, template);
        let back = nianbao::output::analyse_items("tables.docx", Ok(items)).finish();
        assert_eq!(tables_json(&back), tables_json(&checked), "{name}");
    }
}

#[test]
fn every_fixture_round_trips_through_json() {
    for name in FIXTURES {
        let (checked, draft, _) = fixture_draft(name);
        let json = serde_json::to_string(&draft).unwrap();
        let again = Draft::from_json(&json).unwrap();
        assert_eq!(again, draft, "{name}");
        let a: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(a, tables_json(&checked), "{name}");
    }
}

#[test]
fn every_fixture_round_trips_through_docx() {
    for name in FIXTURES {
        let (checked, draft, template) = fixture_draft(name);
        let bytes = nianbao_docx::write(&draft::to_items(&draft, template));
        // The normal .docx reading path of the checker.
        let back = nianbao::check_bytes("tables.docx", &bytes);
        assert_eq!(tables_json(&back), tables_json(&checked), "{name}");
        // Nothing about the tables' shape is wrong in what was written.
        let shape: Vec<_> = back
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("TBL-") || d.code.starts_with("TPL-LABEL"))
            .map(|d| d.code)
            .collect();
        assert!(shape.is_empty(), "{name}: {shape:?}");
    }
}

// ---- The command line: `nianbao tables` -------------------------------------------------

fn nianbao(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// `report.tables` of `nianbao check --format json FILE`.
fn checked_tables(path: &str) -> serde_json::Value {
    let (_, out, _) = nianbao(&["check", "--format", "json", path]);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    v["reports"][0]["report"]["tables"].clone()
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-tables-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn cli_json_is_the_reports_tables() {
    let path = "tests/fixtures/004-laiyuan-xian-2022.txt";
    let (code, out, err) = nianbao(&["tables", path, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v, checked_tables(path));
    assert_eq!(v["t3"]["1"]["total"], 7);
}

#[test]
fn cli_docx_and_html_read_back_as_the_same_tables() {
    for name in FIXTURES {
        let path = format!("tests/fixtures/{name}");
        let expected = checked_tables(&path);
        let docx = temp(&format!("{name}.docx"));
        let (code, out, err) =
            nianbao(&["tables", &path, "-f", "docx", "-o", docx.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.is_empty());
        assert_eq!(
            checked_tables(docx.to_str().unwrap()),
            expected,
            "{name} .docx"
        );
        let (code, html, err) = nianbao(&["tables", &path, "--format=html"]);
        assert_eq!(code, 0, "{err}");
        let file = temp(&format!("{name}.html"));
        std::fs::write(&file, &html).unwrap();
        assert_eq!(
            checked_tables(file.to_str().unwrap()),
            expected,
            "{name} .html"
        );
    }
}

#[test]
fn cli_tsv_has_one_line_per_template_row() {
    let (code, out, _) = nianbao(&[
        "tables",
        "tests/fixtures/003-cangzhou-kaifaqu-2024.txt",
        "-f",
        "tsv",
        "-o",
        "-",
    ]);
    assert_eq!(code, 0);
    let text = String::from_utf8(out).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("一、本年新收政府信息公开申请数量"))
        .unwrap();
    // The label spans three columns: its text, two empty fields, then 2 0 0 0 0 0 2.
    assert_eq!(
        line,
        "一、本年新收政府信息公开申请数量\t\t\t2\t0\t0\t0\t0\t0\t2"
    );
    assert!(text.contains("行政事业性收费\t127.9\t\t"));
}

#[test]
fn cli_refuses_what_it_cannot_export() {
    // A report without tables.
    let file = temp("no-tables.txt");
    std::fs::write(
        &file,
        "某局2023年政府信息公开工作年度报告\n一、总体情况\n无。\n二、主动公开政府信息情况\n无。\n",
    )
    .unwrap();
    let (code, out, err) = nianbao(&["tables", file.to_str().unwrap(), "-f", "json"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("没有找到统计表"), "{err}");
    // A file that does not exist.
    let (code, _, err) = nianbao(&["tables", "tests/fixtures/none.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("无法读取"), "{err}");
    // Usage errors.
    let (code, _, err) = nianbao(&[
        "tables",
        "tests/fixtures/003-cangzhou-kaifaqu-2024.txt",
        "-f",
        "pdf",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("不支持 pdf 格式"), "{err}");
    let (code, _, err) = nianbao(&["tables"]);
    assert_eq!(code, 2);
    assert!(err.contains("没有给出报告文件"), "{err}");
    let (code, out, _) = nianbao(&["tables", "--help"]);
    assert_eq!(code, 0);
    assert!(String::from_utf8(out)
        .unwrap()
        .contains("nianbao tables 报告"));
}

/// The .docx opens in LibreOffice (when it is installed): converted to PDF, its text
/// has the tables' labels and numbers.
#[test]
fn the_docx_opens_in_libreoffice() {
    let has = |tool: &str, flag: &str| {
        std::process::Command::new(tool)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !has("soffice", "--version") || !has("pdftotext", "-v") {
        eprintln!("soffice or pdftotext not installed: not run");
        return;
    }
    let (checked, draft, template) = fixture_draft("003-cangzhou-kaifaqu-2024.txt");
    assert!(checked.report.is_some());
    let dir = temp("soffice");
    std::fs::create_dir_all(&dir).unwrap();
    let docx = dir.join("tables.docx");
    std::fs::write(
        &docx,
        nianbao_docx::write(&draft::to_items(&draft, template)),
    )
    .unwrap();
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&docx)
        .env("HOME", &dir)
        .output()
        .expect("soffice runs");
    assert!(status.status.success());
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(dir.join("tables.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8(text.stdout).unwrap();
    let line = |label: &str| {
        text.lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no {label} in {text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(text.contains(draft::export::TITLE));
    assert_eq!(line("行政事业性收费"), "行政事业性收费 127.9");
    assert_eq!(
        line("一、本年新收"),
        "一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2"
    );
    assert!(text.contains("四、政府信息公开行政复议、行政诉讼情况"));
    assert!(text.contains("未经复议直接起诉"));
}
