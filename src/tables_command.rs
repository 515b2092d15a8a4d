//! `nianbao tables 报告 --format docx|html|json|tsv [-o 文件]`: a checked report's
//! tables written out in the template's layout (the table assistant's export, issue 14).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli_args::OptionWord;
use nianbao::draft::{self, Draft, Tables};
use nianbao::model::Template;

pub const USAGE: &str = "用法：nianbao tables 报告 [--format docx|html|json|tsv] [-o 文件]

读取并检查报告（与 check 相同的读法：文本、HTML、.docx、PDF、.doc、.wps），按统一格式写出其中的统计表
（表二、表三、表四，合并单元格与模板相同；2019 年试行格式的表格仍按试行格式写出）。

选项：
  -f, --format docx|html|json|tsv   docx：Word 文档；html：带合并单元格和边框的表格（可粘贴到 Word、WPS）；
                                    json：表格数据（约定的行列键，默认）；tsv：制表符分隔的文字，每行一个模板行
  -o, --output 文件                 写入文件；省略或为 - 时写到标准输出（docx 不写到终端）

退出状态：0 已写出；1 报告无法读取或没有统计表；2 用法错误或文件无法写出。";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Docx,
    Html,
    Json,
    Tsv,
}

struct Args {
    format: Format,
    output: Option<PathBuf>,
    report: PathBuf,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut format = Format::Json;
    let mut output = None;
    let mut report: Option<PathBuf> = None;
    let mut i = 0;
    let mut options = true;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if options && a == "--" {
            options = false;
            continue;
        }
        if !options || !a.starts_with('-') || a == "-" {
            if report.replace(PathBuf::from(a)).is_some() {
                return Err("tables 一次只导出一份报告".into());
            }
            continue;
        }
        let word = OptionWord::new(a);
        let name = word.name;
        let mut value = || word.value(args, &mut i);
        match name {
            "--format" | "-f" => {
                format = match value()?.as_str() {
                    "docx" => Format::Docx,
                    "html" => Format::Html,
                    "json" => Format::Json,
                    "tsv" => Format::Tsv,
                    v => {
                        return Err(format!(
                            "tables 不支持 {v} 格式（可用 docx、html、json、tsv）"
                        ))
                    }
                }
            }
            "--output" | "-o" => {
                let v = value()?;
                output = (v != "-").then(|| PathBuf::from(v));
            }
            _ => return Err(format!("不认识的选项 {a}")),
        }
    }
    let report = report.ok_or("没有给出报告文件")?;
    Ok(Args {
        format,
        output,
        report,
    })
}

/// Runs the command; `Err` is a usage error (exit 2, with the usage).
pub fn run(args: &[String]) -> Result<ExitCode, String> {
    if args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "-h" || a == "--help")
    {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let a = parse(args).map_err(|e| format!("{e}\n\n{USAGE}"))?;
    let name = a.report.display().to_string();
    let fail = |msg: String| {
        eprintln!("nianbao：{msg}");
        Ok(ExitCode::from(1))
    };
    if a.format == Format::Docx && a.output.is_none() && std::io::stdout().is_terminal() {
        return Err("docx 是二进制文件，不能写到终端：请用 -o 文件名.docx 指定输出文件".into());
    }
    let bytes = match std::fs::read(&a.report) {
        Ok(b) => b,
        Err(e) => {
            return fail(format!(
                "无法读取 {name}：{}",
                nianbao::batch::io_error_zh(&e)
            ))
        }
    };
    let analysis = nianbao::pipeline::analyse(&name, &bytes);
    let Some(report) = analysis.report.as_ref() else {
        let result = analysis.finish();
        let why = result
            .diagnostics
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_default();
        return fail(format!("无法读取 {name}：{why}"));
    };
    let tables = Tables::of_report(report);
    if tables.is_empty() {
        return fail(format!(
            "{name} 中没有找到统计表（表二、表三、表四），没有可导出的内容"
        ));
    }
    let template = match report.template {
        Some(Template::Y2019) => Template::Y2019,
        _ => Template::Y2021,
    };
    // The tables are written as they stand; say so when their arithmetic fails.
    let result = analysis.finish();
    let wrong = result
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("T3-") || d.code.starts_with("T4-"))
        .count();
    if wrong > 0 {
        eprintln!("nianbao：注意：{name} 的表格有 {wrong} 处勾稽关系不成立，按原样导出（用 nianbao check 查看）");
    }
    let draft = Draft {
        tables,
        ..Draft::default()
    };
    let out: Vec<u8> = match a.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&draft.tables).expect("tables serialise");
            s.push('\n');
            s.into_bytes()
        }
        Format::Tsv => draft::to_tsv(&draft, template).into_bytes(),
        Format::Html => html_document(&name, &draft::to_html(&draft, template)).into_bytes(),
        Format::Docx => nianbao_docx::write(&draft::to_items(&draft, template)),
    };
    let written = match &a.output {
        Some(path) => std::fs::write(path, &out).map_err(|e| (path.display().to_string(), e)),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&out)
                .and_then(|_| stdout.flush())
                .map_err(|e| ("标准输出".to_string(), e))
        }
    };
    match written {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err((to, e)) => {
            eprintln!(
                "nianbao：无法写入 {to}：{}",
                nianbao::batch::io_error_zh(&e)
            );
            Ok(ExitCode::from(2))
        }
    }
}

fn html_document(source: &str, tables: &str) -> String {
    let title: String = source
        .chars()
        .map(|c| match c {
            '<' | '>' | '&' | '"' => '_',
            c => c,
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>统计表：{title}</title>\n</head>\n<body>\n<h1>{}</h1>\n{tables}</body>\n</html>\n",
        draft::export::TITLE
    )
}
