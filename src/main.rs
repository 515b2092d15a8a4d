//! The command line: `nianbao check [--format text|json] FILE...`,
//! `nianbao rules [--format markdown|json]`.

use std::io::Write;
use std::process::ExitCode;

use nianbao::diag::Severity;
use nianbao::{FileReport, Output, Verdict};

const USAGE: &str = "用法：
  nianbao check [--format text|json] 文件...   检查年度报告（文本、HTML 或 .docx）
  nianbao rules [--format markdown|json]       列出全部规则

退出状态：0 全部通过；1 有报告不通过或无法读取；2 用法错误。";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("nianbao：{msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse_format(args: &[String], default: Format) -> Result<(Format, Vec<&String>), String> {
    let mut format = default;
    let mut files = Vec::new();
    let mut i = 0;
    let mut only_files = false;
    while i < args.len() {
        let a = &args[i];
        if only_files {
            files.push(a);
        } else if a == "--" {
            only_files = true;
        } else if a == "--format" || a == "-f" {
            i += 1;
            let v = args.get(i).ok_or("--format 后面缺少格式名")?;
            format = format_name(v)?;
        } else if let Some(v) = a.strip_prefix("--format=") {
            format = format_name(v)?;
        } else if a.starts_with('-') && a.len() > 1 {
            return Err(format!("不认识的选项 {a}"));
        } else {
            files.push(a);
        }
        i += 1;
    }
    Ok((format, files))
}

fn format_name(v: &str) -> Result<Format, String> {
    match v {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        "markdown" | "md" => Ok(Format::Markdown),
        _ => Err(format!("不支持的格式 {v}（可用：text、json）")),
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(cmd) = args.first() else {
        return Err("缺少子命令".into());
    };
    match cmd.as_str() {
        "check" => {
            let (format, files) = parse_format(&args[1..], Format::Text)?;
            if files.is_empty() {
                return Err("没有给出要检查的文件".into());
            }
            if format == Format::Markdown {
                return Err("check 只支持 text 或 json 格式".into());
            }
            Ok(check(&files, format))
        }
        "rules" => {
            let (format, rest) = parse_format(&args[1..], Format::Markdown)?;
            if !rest.is_empty() {
                return Err("rules 不接受文件参数".into());
            }
            let out = match format {
                Format::Json => serde_json::to_string_pretty(&nianbao::rules::catalog::entries())
                    .expect("catalogue serialises"),
                _ => nianbao::rules::catalog::markdown(),
            };
            print!("{out}");
            Ok(ExitCode::SUCCESS)
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("不认识的子命令 {other}")),
    }
}

fn check(files: &[&String], format: Format) -> ExitCode {
    let mut reports = Vec::with_capacity(files.len());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in files {
        let report = match std::fs::read(path.as_str()) {
            Ok(bytes) => nianbao::check_bytes(path, &bytes),
            Err(e) => nianbao::output::read_error(path, &e.to_string()),
        };
        if format == Format::Text {
            let _ = out.write_all(render_text(&report).as_bytes());
        }
        reports.push(report);
    }
    let all_pass = reports.iter().all(|r| r.verdict == Verdict::Pass);
    if format == Format::Json {
        let output = Output {
            schema: nianbao::output::SCHEMA,
            reports,
        };
        let _ = writeln!(out, "{}", output.to_json());
    } else if files.len() > 1 {
        let failed = reports
            .iter()
            .filter(|r| r.verdict == Verdict::Fail)
            .count();
        let _ = writeln!(
            out,
            "共检查 {} 份：通过 {}，不通过 {}。",
            reports.len(),
            reports.len() - failed,
            failed
        );
    }
    if all_pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn render_text(r: &FileReport) -> String {
    let mut s = String::new();
    let verdict = match r.verdict {
        Verdict::Pass => "通过",
        Verdict::Fail => "不通过",
    };
    s.push_str(&format!("== {}\n", r.source));
    if let Some(rep) = &r.report {
        let mut meta = Vec::new();
        if let Some(o) = &rep.organ {
            meta.push(format!("机关：{o}"));
        }
        if let Some(y) = rep.year {
            meta.push(format!("年度：{y}"));
        }
        if let Some(t) = rep.template {
            meta.push(format!("格式：{}", t.label_zh()));
        }
        if !meta.is_empty() {
            s.push_str(&format!("   {}\n", meta.join("  ")));
        }
    }
    s.push_str(&format!(
        "   结论：{verdict}（错误 {}，警告 {}，提示 {}）\n",
        r.counts.error, r.counts.warning, r.counts.info
    ));
    for d in &r.diagnostics {
        let place = d
            .span
            .map(|p| format!("第{}行第{}列", p.line, p.column))
            .unwrap_or_else(|| "—".into());
        let sev = match d.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        };
        s.push_str(&format!("   {place} {sev} [{}] {}\n", d.code, d.message));
    }
    s.push('\n');
    s
}
