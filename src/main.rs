//! The command line: `nianbao check [选项] 文件或目录...`,
//! `nianbao rules [--format markdown|json]`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use cli_args::OptionWord;
use nianbao::batch;
use nianbao::diag::Severity;
use nianbao::export::{self, Skipped};
use nianbao::result::KeptResult;
use nianbao::{BatchResult, InputResult, Verdict};

#[cfg(not(target_arch = "wasm32"))]
mod alloc;
mod cli_args;
mod tables_command;

// A batch allocates and frees hundreds of small strings and vectors per report: mimalloc
// takes a tenth fewer instructions than glibc's malloc over a batch (callgrind) and about
// 15 % less time (see Cargo.toml for its options, src/alloc.rs for how it is called).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOC: alloc::Mimalloc = alloc::Mimalloc;

const USAGE: &str = "用法：
  nianbao check [选项] 文件或目录...   检查年度报告（文本、网页、.docx、PDF、.doc、.wps）
  nianbao rules [--format markdown|json]   列出全部规则
  nianbao tables 报告 --format docx|html|json|tsv [-o 文件]   按统一格式导出报告的统计表
  nianbao --version                        显示版本
  nianbao --help                           显示本说明（也可用于子命令：nianbao check --help）

目录会逐级展开，只检查其中能读取的文件（{extensions}，按名称排序），其余文件在最后列出并说明原因；
直接给出的文件无论扩展名都检查。同一机关相邻两年的报告一起检查时，还核对跨年度规则（XY-*）。

check 的选项：
  -f, --format text|json|csv   输出格式：text 文字（默认）、json 机器可读结果、csv 问题清单（Excel 可直接打开）
      --summary                text 格式只输出汇总表，不逐份列出问题
      --csv 文件               另存问题清单 CSV
      --tables-csv 文件        另存全部报告的统计表数据 CSV（每个单元格一行，供研究使用）
      --html 文件              另存可打印的 HTML 检查报告
  -j, --jobs N                 同时检查的线程数（默认：全部处理器核心）

退出状态：0 全部通过；1 有报告不通过或无法检查；2 用法错误或结果文件无法写出。";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Csv,
    Markdown,
}

/// What `check` was asked to do.
struct CheckArgs {
    format: Format,
    summary_only: bool,
    csv: Option<PathBuf>,
    tables_csv: Option<PathBuf>,
    html: Option<PathBuf>,
    jobs: usize,
    paths: Vec<PathBuf>,
}

/// The usage text, with the extensions this build reads from a directory.
fn usage() -> String {
    USAGE.replace("{extensions}", &extensions_zh())
}

/// ".txt、.htm、.html、.docx": the readers' list.
fn extensions_zh() -> String {
    nianbao::read::SUPPORTED_EXTENSIONS
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join("、")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("nianbao：{msg}\n\n{}", usage());
            ExitCode::from(2)
        }
    }
}

fn format_name(v: &str) -> Result<Format, String> {
    match v {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        "csv" => Ok(Format::Csv),
        "markdown" | "md" => Ok(Format::Markdown),
        _ => Err(format!("不支持的格式 {v}（可用：text、json、csv）")),
    }
}

/// Parses options and operands; `--opt value` and `--opt=value` both work, `--` ends
/// the options.
fn parse(args: &[String], default: Format) -> Result<CheckArgs, String> {
    let mut c = CheckArgs {
        format: default,
        summary_only: false,
        csv: None,
        tables_csv: None,
        html: None,
        jobs: 0,
        paths: Vec::new(),
    };
    let mut i = 0;
    let mut only_paths = false;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if only_paths || a == "-" || !a.starts_with('-') {
            c.paths.push(PathBuf::from(a));
            continue;
        }
        if a == "--" {
            only_paths = true;
            continue;
        }
        if a == "--summary" {
            c.summary_only = true;
            continue;
        }
        let word = OptionWord::new(a);
        let name = word.name;
        let mut value = || word.value(args, &mut i);
        match name {
            "--format" | "-f" => c.format = format_name(&value()?)?,
            "--csv" => c.csv = Some(PathBuf::from(value()?)),
            "--tables-csv" => c.tables_csv = Some(PathBuf::from(value()?)),
            "--html" => c.html = Some(PathBuf::from(value()?)),
            "--jobs" | "-j" => {
                let v = value()?;
                c.jobs = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("--jobs 应为正整数，而不是 {v}"))?;
            }
            _ => return Err(format!("不认识的选项 {a}")),
        }
    }
    Ok(c)
}

/// Whether the options (before a `--`) ask for help.
fn wants_help(args: &[String]) -> bool {
    args.iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "-h" || a == "--help")
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(cmd) = args.first() else {
        return Err("缺少子命令".into());
    };
    if cmd == "tables" {
        return tables_command::run(&args[1..]);
    }
    if wants_help(args) {
        println!("{}", usage());
        return Ok(ExitCode::SUCCESS);
    }
    match cmd.as_str() {
        "-V" | "--version" | "version" => {
            println!("nianbao {}", nianbao::api::version());
            Ok(ExitCode::SUCCESS)
        }
        "check" => {
            let c = parse(&args[1..], Format::Text)?;
            if c.paths.is_empty() {
                return Err("没有给出要检查的文件".into());
            }
            if c.format == Format::Markdown {
                return Err("check 只支持 text、json 或 csv 格式".into());
            }
            check(c)
        }
        "rules" => {
            let c = parse(&args[1..], Format::Markdown)?;
            if !c.paths.is_empty() {
                return Err("rules 不接受文件参数".into());
            }
            let out = match c.format {
                Format::Json => serde_json::to_string_pretty(&nianbao::rules::catalog::entries())
                    .expect("catalogue serialises"),
                Format::Markdown => nianbao::rules::catalog::markdown(),
                _ => return Err("rules 只支持 markdown 或 json 格式".into()),
            };
            print!("{out}");
            Ok(ExitCode::SUCCESS)
        }
        "help" => {
            println!("{}", usage());
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("不认识的子命令 {other}")),
    }
}

fn check(c: CheckArgs) -> Result<ExitCode, String> {
    let batch::Expanded { sources, skipped } = batch::expand_all(&c.paths);
    if sources.is_empty() {
        let mut msg = format!(
            "nianbao：给出的目录中没有可检查的文件（{}）。\n",
            extensions_zh()
        );
        msg.push_str(&skipped_text(&skipped));
        eprint!("{msg}");
        return Ok(ExitCode::from(1));
    }
    let jobs = if c.jobs > 0 {
        c.jobs
    } else {
        batch::default_jobs()
    };
    let exporting = c.csv.is_some() || c.tables_csv.is_some() || c.html.is_some();
    if c.format == Format::Json && !exporting {
        // Only the JSON: each report's extracted summary is written as JSON as soon as it
        // is checked, so the batch does not hold every report's tables until the end.
        let reports = batch::check_sources_kept(
            &sources,
            jobs,
            KeptResult::keep,
            KeptResult::add_diagnostics,
        );
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, unbuffered_stdout());
        let _ = batch::write_json(&mut out, &reports, &skipped)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush());
        let all_pass = reports.iter().all(|r| r.verdict() == Verdict::Pass);
        return Ok(if all_pass {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let output = if c.tables_csv.is_none() && c.html.is_none() {
        // Nothing that is written needs the tables' cells: let each go once checked.
        BatchResult {
            schema: nianbao::result::SCHEMA,
            reports: batch::check_sources_kept(
                &sources,
                jobs,
                |mut r| {
                    if let Some(summary) = r.report.as_mut() {
                        summary.tables = Default::default();
                    }
                    r
                },
                InputResult::add_diagnostics,
            ),
        }
    } else {
        batch::check_sources(&sources, jobs)
    };
    let reports = &output.reports;

    // Files first: a failure to write them is reported before the (long) output.
    let generated = format!("由 nianbao {} 生成。", env!("CARGO_PKG_VERSION"));
    type Export = fn(&[InputResult], &[Skipped], &str) -> String;
    let exports: [(&Option<PathBuf>, &str, Export); 3] = [
        (&c.csv, "问题清单 CSV", |r, s, _| {
            export::findings_csv_with_skipped(r, s)
        }),
        (&c.tables_csv, "统计表 CSV", |r, _, _| {
            export::tables_csv(r)
        }),
        (&c.html, "HTML 检查报告", |r, _, g| {
            export::html_report(r, g)
        }),
    ];
    for (path, what, make) in exports {
        let Some(path) = path else { continue };
        if let Err(e) = std::fs::write(path, make(reports, &skipped, &generated)) {
            eprintln!(
                "nianbao：{what}无法写入 {}（{}）",
                path.display(),
                nianbao::batch::io_error_zh(&e)
            );
            return Ok(ExitCode::from(2));
        }
    }

    // Large, so that the text and CSV outputs make few writes; smaller than the JSON
    // printer's pieces (`json::CHUNK`), which then pass through without a copy.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, unbuffered_stdout());
    let _ = match c.format {
        Format::Json => write_json(&mut out, &output, &skipped),
        Format::Csv => {
            out.write_all(export::findings_csv_with_skipped(reports, &skipped).as_bytes())
        }
        _ => write_text(&mut out, &output, &skipped, c.summary_only),
    };
    let _ = out.flush();
    let all_pass = reports.iter().all(|r| r.verdict == Verdict::Pass);
    Ok(if all_pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Standard output without std's line buffering. `Stdout` is line-buffered even into a
/// file or a pipe: every write looks for the last line break in what it is given (a
/// byte-by-byte search, about 1.5 % of a JSON batch's instructions) and copies what
/// follows it. Our own `BufWriter` already makes the writes large. On Unix the same
/// file descriptor, duplicated; elsewhere std's `Stdout`.
fn unbuffered_stdout() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let stdout = std::io::stdout();
        // Nothing was written through `Stdout` before (its buffer is empty), so the
        // order of the output is kept.
        if let Ok(fd) = stdout.as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout().lock())
}

/// The result as JSON: the contract's `{schema, reports}` and, beside `reports`, the files
/// found in the directories and not checked (`skipped: [{source, reason}]`). Written
/// straight into `out`, not built as one string first.
fn write_json(
    out: &mut impl Write,
    output: &BatchResult,
    skipped: &[Skipped],
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Batch<'a> {
        #[serde(flatten)]
        output: &'a BatchResult,
        skipped: &'a [Skipped],
    }
    nianbao::result::write_json_pretty(&mut *out, &Batch { output, skipped })?;
    writeln!(out)
}

/// The files found and not checked, one a line with the reason ("" when none).
fn skipped_text(skipped: &[Skipped]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let mut s = format!("另有 {} 个文件未检查：\n", skipped.len());
    for f in skipped {
        s.push_str(&format!("   {}：{}\n", f.source, f.reason));
    }
    s
}

fn write_text(
    out: &mut impl Write,
    output: &BatchResult,
    skipped: &[Skipped],
    summary_only: bool,
) -> std::io::Result<()> {
    let reports = &output.reports;
    if !summary_only {
        for r in reports {
            out.write_all(render_text(r).as_bytes())?;
        }
    }
    if reports.len() > 1 || summary_only {
        out.write_all(summary_table(reports).as_bytes())?;
    }
    if reports.len() > 1 {
        writeln!(out, "{}", export::tally_zh(reports))?;
    }
    out.write_all(skipped_text(skipped).as_bytes())?;
    Ok(())
}

/// Columns a terminal gives a character: two for CJK and full-width forms.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// The summary of a batch as an aligned table: file, organ, year, verdict, counts.
fn summary_table(reports: &[InputResult]) -> String {
    let header = ["文件", "机关", "年度", "结论", "错误", "警告", "提示"];
    let rows: Vec<[String; 7]> = export::summary(reports)
        .into_iter()
        .map(|r| {
            [
                r.source,
                r.organ.unwrap_or_else(|| "—".into()),
                r.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
                export::verdict_zh(r.verdict).to_string(),
                r.errors.to_string(),
                r.warnings.to_string(),
                r.infos.to_string(),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    let line = |cells: &[&str]| -> String {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w - display_width(cell));
            // Counts and years align right, text left.
            if i >= 2 && i != 3 {
                s.push_str(&pad);
                s.push_str(cell);
            } else {
                s.push_str(cell);
                if i + 1 < cells.len() {
                    s.push_str(&pad);
                }
            }
            if i + 1 < cells.len() {
                s.push_str("  ");
            }
        }
        s.push('\n');
        s
    };
    let mut s = String::from("== 汇总\n");
    s.push_str(&line(&header));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    s.push_str(&line(&rule.iter().map(String::as_str).collect::<Vec<_>>()));
    for row in &rows {
        s.push_str(&line(&row.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    s.push('\n');
    s
}

fn render_text(r: &InputResult) -> String {
    let mut s = String::new();
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
        "   结论：{}（错误 {}，警告 {}，提示 {}）\n",
        export::verdict_zh(r.verdict),
        r.counts.error,
        r.counts.warning,
        r.counts.info
    ));
    for d in &r.diagnostics {
        let place = d
            .span
            .map(|p| match p.page {
                Some(page) => format!("第{page}页 第{}行第{}列", p.line, p.column),
                None => format!("第{}行第{}列", p.line, p.column),
            })
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
