//! Everything the page and the command line show is Chinese: every message template of
//! the catalogue rendered with typical arguments, and the messages real and broken
//! inputs get, hold no English (no ASCII letters but rule codes, file-type names and
//! units, and the text they quote from the report) and no unfilled `{placeholder}`.

mod common;

use common::*;
use nianbao::rules::catalog::RULES;

/// Words a Chinese reader of these messages meets as they are: file types and formats,
/// units, programs.
const KNOWN: &[&str] = &[
    "UTF-16",
    "UTF-8",
    "Markdown",
    "Excel",
    "Word",
    "WPS",
    "OCR",
    "PDF",
    "HTML",
    "html",
    "htm",
    "docx",
    "doc",
    "txt",
    "csv",
    "GBK",
    "JPEG",
    "PNG",
    "GIF",
    "BMP",
    "TIFF",
    "ZIP",
    "zip",
    "MB",
    "KB",
    "GB",
    "JSON",
    "wps",
    "pdf",
    "xlsx",
    "xls",
    "ofd",
    "OFD",
    "RTF",
    "rtf",
    "odt",
    "ODT",
    "ppt",
    "pptx",
    "Unicode",
    "Big5",
    "BIG5",
    "Office",
    "Adobe",
    "Acrobat",
    // The part of a .docx that holds its text, named where a zip lacks it.
    "word/document.xml",
];

/// The message with what it quotes from the report (“…”), rule codes and known words
/// taken out.
fn strip(message: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in message.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    for r in RULES {
        out = out.replace(r.code, "");
    }
    let mut known = KNOWN.to_vec();
    known.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for w in known {
        out = out.replace(w, "");
    }
    out
}

fn assert_chinese(message: &str, what: &str) {
    let rest = strip(message);
    assert!(
        !rest.chars().any(|c| c.is_ascii_alphabetic()),
        "{what}: English in {message:?} (left: {rest:?})"
    );
    let open = message.find('{');
    assert!(
        open.is_none_or(|i| !message[i..].contains('}')),
        "{what}: unfilled placeholder in {message:?}"
    );
}

/// A typical value for each argument name the catalogue uses.
fn typical(name: &str) -> &'static str {
    match name {
        "table" => "表三（收到和处理政府信息公开申请情况）",
        "row" => "一、本年新收政府信息公开申请数量",
        "column" => "“自然人”",
        "columns" => "“自然人”、“商业企业”",
        "group" => "行政复议",
        "found" | "expected" | "total" | "sum" | "whole" | "new" | "carried" | "left" | "right"
        | "next" | "prev" | "issued" | "repealed" | "both" | "part" | "count" | "shown"
        | "omitted" | "pages" | "line" | "exact" | "percent" => "12",
        "year" | "year_a" | "year_b" | "prev_year" | "next_year" => "2022",
        "a" | "b" => "标题",
        "name" | "prev_source" | "next_source" => "某县2022年报告.docx",
        "quote" => "共收到政府信息公开申请12件",
        "what" => "本年新收政府信息公开申请数量",
        "size" => "16.0 MB",
        "limit" => "16 MB",
        "reason" => "文件设有打开密码",
        "advice" => "请另存为 .docx 后再选择。",
        "title" => "总体情况",
        "ordinal" => "三",
        "section" => "二",
        "detail" => "（缺少“政府”）",
        "missing" => "监督保障",
        "note" => "（未填的总计不据此核对合计关系）",
        "suspect" => "很可能是表四“行政复议·总计”填错：按各项之和应为11。",
        "places" => "“（二）部分公开”一行的“商业企业”；“四、结转下年度继续办理”一行全部",
        "marker" => "本年新制作数量",
        "new_part" => "表二",
        "old_part" => "表三",
        "organ" => "某县人民政府",
        "date" => "2023年2月1日",
        "deadline" => "2023年1月31日",
        "who" => "县级以上人民政府部门",
        "suggest" => "2025年1月24日",
        "relation" => "大于",
        "parts" => "5＋7",
        "code" => "CELL-BLANK",
        "t" => "表三",
        "heading" => "主动公开政府信息情况",
        "headings" => "“主动公开政府信息情况”、“依申请公开政府信息情况”",
        "images" => "2",
        "level" => "乡镇",
        "value" => "3",
        _ => "",
    }
}

/// Placeholder names in a template.
fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        out.push(&rest[i + 1..i + j]);
        rest = &rest[i + j + 1..];
    }
    out
}

#[test]
fn every_catalogue_message_renders_in_chinese() {
    for r in RULES {
        assert_chinese(r.title, r.code);
        assert_chinese(r.explanation, r.code);
        for (variant, template) in r.messages {
            let names = placeholders(template);
            for n in &names {
                assert!(
                    !typical(n).is_empty(),
                    "{} {variant:?}: no typical value for {{{n}}}",
                    r.code
                );
            }
            let args: Vec<(&'static str, String)> = names
                .iter()
                .map(|n| {
                    let n: &'static str = Box::leak(n.to_string().into_boxed_str());
                    (n, typical(n).to_string())
                })
                .collect();
            let m = r.render(variant, &args);
            assert_chinese(&m, &format!("{} {variant:?}", r.code));
        }
    }
}

/// Inputs that between them reach most rules: the fixtures, their other formats, cell
/// errors, unreadable files.
fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for f in FIXTURES {
        let t = fixture(f);
        out.push((f.to_string(), t.clone().into_bytes()));
        let m = set_cell(&t, "t3", "3.1", "natural_person", "99");
        let m = set_cell(&m, "t3", "3.2", "commercial", "/");
        let m = set_cell(&m, "t3", "3.3.1", "research", "五");
        let m = set_cell(&m, "t3", "3.3.2", "research", "-1");
        let m = set_cell(&m, "t3", "3.3.3", "research", "1.5");
        let m = set_cell(&m, "t4", "review", "upheld", "7");
        out.push((format!("{f} mutated"), m.into_bytes()));
    }
    let dir = format!("{}/tests/fixtures/formats", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    names.sort();
    for p in names {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, std::fs::read(&p).unwrap()));
    }
    out.push(("empty.txt".into(), Vec::new()));
    out.push(("prose.txt".into(), "今天天气很好。".as_bytes().to_vec()));
    out.push((
        "picture.png".into(),
        vec![0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13],
    ));
    out.push((
        "old.doc".into(),
        vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0],
    ));
    out.push(("broken.docx".into(), vec![0x50, 0x4b, 3, 4, 1, 2, 3]));
    out
}

#[test]
fn messages_of_real_and_broken_inputs_are_chinese() {
    let all = inputs();
    let batch: Vec<nianbao::Input> = all
        .iter()
        .map(|(n, b)| nianbao::Input { name: n, bytes: b })
        .collect();
    let out = nianbao::check_all(&batch);
    let mut seen = std::collections::BTreeSet::new();
    for r in &out.reports {
        for d in &r.diagnostics {
            seen.insert(d.code);
            assert_chinese(&d.message, &format!("{}: {}", r.source, d.code));
            assert_chinese(d.title, d.code);
        }
    }
    // The inputs reach the families of rules this guards.
    for code in [
        "T3-SUM",
        "T4-SUM",
        "CELL-PLACEHOLDER",
        "CELL-NOT-NUMBER",
        "CELL-NEGATIVE",
        "CELL-FRACTION",
        "TPL-MIXED",
        "TPL-OUTDATED",
        "IN-UNSUPPORTED",
        "IN-EMPTY",
        "IN-NOT-REPORT",
    ] {
        assert!(seen.contains(code), "no {code} among {seen:?}");
    }
}

#[test]
fn the_command_lines_text_output_is_chinese() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "no/such/file.txt"])
        .args(
            FIXTURES
                .iter()
                .map(|f| format!("{}/tests/fixtures/{f}", env!("CARGO_MANIFEST_DIR"))),
        )
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        // File names are the user's own.
        if line.starts_with("== ") || line.contains("fixtures/") || line.contains("no/such") {
            let rest = line
                .split_whitespace()
                .filter(|w| !w.contains('/') && !w.ends_with(".txt"))
                .collect::<Vec<_>>()
                .join(" ");
            assert_chinese(&rest, "summary line");
            continue;
        }
        assert_chinese(line, "text output");
    }
    assert!(text.contains("格式：新旧格式混用"), "{text}");
    assert!(text.contains("文件或目录不存在"), "{text}");
}
