//! The command line on many files: directories, the summary table, formats, threads,
//! unreadable files, and the cross-year rules between files given together.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn nianbao(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// A fresh temporary directory for one test, removed when the test ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("nianbao-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).expect("valid JSON")
}

fn sources(v: &serde_json::Value) -> Vec<String> {
    v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_string())
        .collect()
}

/// Fixture 001 moved on to 2023, with 2 applications carried over from 2022 that the
/// 2022 report does not show (its 结转下年度 is 0), and its figures changed.
fn houma_2023() -> String {
    let t = common::fx("001")
        .replace("2023年", "2024年")
        .replace("2022年", "2023年");
    let t = common::set_cell(&t, "t3", "2", "natural_person", "2");
    common::set_cell(&t, "t3", "2", "total", "2").replace("信息284条", "信息301条")
}

#[test]
fn directories_are_walked_recursively_in_sorted_order() {
    let dir = temp_dir("walk");
    write(&dir.join("b/2.txt"), &common::fx("002"));
    write(&dir.join("a/z/4.HTML"), "<p>不是报告</p>");
    write(&dir.join("a/1.txt"), &common::fx("001"));
    write(&dir.join("a/~$1.docx"), "Word lock file");
    write(&dir.join(".hidden/3.txt"), &common::fx("003"));
    write(&dir.join("notes.pdf"), "%PDF-1.4");
    write(&dir.join("scan.png"), "\u{89}PNG");
    write(&dir.join("README"), "no extension");
    // Named explicitly, a file is checked whatever its extension.
    let explicit = dir.join("README");
    let d = dir.to_str().unwrap();
    let (code, out, _) = nianbao(&["check", "-f", "json", d, explicit.to_str().unwrap()]);
    assert_eq!(code, 1);
    let v = json(&out);
    // A PDF is read (and this one, cut short, says why it cannot be); a picture is not.
    let expected: Vec<String> = ["a/1.txt", "a/z/4.HTML", "b/2.txt", "notes.pdf", "README"]
        .iter()
        .map(|p| dir.join(p).to_string_lossy().into_owned())
        .collect();
    assert_eq!(sources(&v), expected);
    assert_eq!(v["reports"][0]["report"]["organ"], "侯马经济开发区");
    assert_eq!(v["reports"][1]["diagnostics"][0]["code"], "IN-NOT-REPORT");
}

/// Issue 15: a folder of .txt, .html, .docx, .png, .xlsx and .pdf files. Every file the
/// readers of this build read is checked; every other one is listed, with the reason,
/// at the end of the text, beside `reports` in the JSON and as rows of the CSV. Which
/// files are read comes from the core (`read::is_supported_name`).
#[test]
fn files_not_read_are_listed_with_the_reason() {
    let dir = temp_dir("skipped");
    let formats = format!("{}/tests/fixtures/formats", env!("CARGO_MANIFEST_DIR"));
    let copy = |from: &str, to: &str| {
        std::fs::create_dir_all(dir.join(to).parent().unwrap()).unwrap();
        std::fs::copy(format!("{formats}/{from}"), dir.join(to)).unwrap();
    };
    write(&dir.join("1-houma.txt"), &common::fx("001"));
    copy("003.page.html", "2-cangzhou.html");
    copy("edge-report.pdf", "3-report.pdf");
    copy("000.docx", "sub/4-julu.docx");
    std::fs::write(dir.join("5-photo.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    // An .xlsx is a zip like a .docx; the name alone keeps it out.
    copy("000.docx", "6-tables.xlsx");
    let names = [
        "1-houma.txt",
        "2-cangzhou.html",
        "3-report.pdf",
        "5-photo.png",
        "6-tables.xlsx",
        "sub/4-julu.docx",
    ];
    let path = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let read: Vec<String> = names
        .iter()
        .filter(|n| nianbao::read::is_supported_name(n))
        .map(|n| path(n))
        .collect();
    let skipped: Vec<(String, String)> = names
        .iter()
        .filter_map(|n| nianbao::read::skip_reason(n).map(|r| (path(n), r)))
        .collect();
    // What this build reads for certain, whatever else lands.
    for n in ["1-houma.txt", "2-cangzhou.html", "sub/4-julu.docx"] {
        assert!(read.contains(&path(n)), "{n}");
    }
    for n in ["5-photo.png", "6-tables.xlsx"] {
        let (_, reason) = skipped.iter().find(|(p, _)| *p == path(n)).expect(n);
        assert!(reason.starts_with("不支持的文件类型"), "{reason}");
    }
    assert_eq!(read.len() + skipped.len(), names.len());

    let d = dir.to_str().unwrap();
    let (_, out, _) = nianbao(&["check", "-f", "json", d]);
    let v = json(&out);
    assert_eq!(sources(&v), read);
    let listed: Vec<(String, String)> = v["skipped"]
        .as_array()
        .expect("skipped beside reports")
        .iter()
        .map(|s| {
            (
                s["source"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(listed, skipped);
    assert_eq!(v["reports"][0]["report"]["organ"], "侯马经济开发区");

    // Text: the files checked, then the skipped ones with their reasons, at the end.
    let (_, text, _) = nianbao(&["check", d]);
    let tail = &text[text.find("另有").expect("the skipped files")..];
    assert!(
        tail.starts_with(&format!("另有 {} 个文件未检查：\n", skipped.len())),
        "{tail}"
    );
    let lines: Vec<&str> = tail.lines().skip(1).collect();
    assert_eq!(lines.len(), skipped.len(), "{tail}");
    for (line, (p, reason)) in lines.iter().zip(&skipped) {
        assert_eq!(line.trim(), format!("{p}：{reason}"));
    }
    assert!(
        text.contains(&format!("共检查 {} 份", read.len())),
        "{text}"
    );

    // CSV: one row per skipped file, verdict 未检查 and the reason in 说明.
    let (_, csv_out, _) = nianbao(&["check", "-f", "csv", d]);
    let mut rdr = csv::Reader::from_reader(csv_out.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let not_checked: Vec<(String, String)> = rows
        .iter()
        .filter(|r| &r[3] == "未检查")
        .map(|r| (r[0].to_string(), r[7].to_string()))
        .collect();
    assert_eq!(not_checked, skipped);
    for p in &read {
        assert!(rows.iter().any(|r| &r[0] == p && &r[3] != "未检查"), "{p}");
    }
}

#[test]
fn a_folder_with_nothing_to_read_says_what_it_holds() {
    let dir = temp_dir("nothing");
    std::fs::write(dir.join("photo.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let (code, out, err) = nianbao(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("没有可检查的文件"), "{err}");
    assert!(err.contains("另有 1 个文件未检查"), "{err}");
    assert!(err.contains("photo.png：不支持的文件类型（.png"), "{err}");
}

/// A directory holding the five text fixtures.
fn five_fixtures(name: &str) -> TempDir {
    let dir = temp_dir(name);
    for f in common::FIXTURES {
        write(&dir.join(f), &common::fixture(f));
    }
    dir
}

#[test]
fn text_output_ends_with_a_summary_table() {
    let dir = five_fixtures("summary");
    let d = dir.to_str().unwrap();
    let (code, out, _) = nianbao(&["check", d]);
    assert_eq!(code, 1);
    let table = &out[out.find("== 汇总").expect("a summary")..];
    let lines: Vec<&str> = table.lines().collect();
    for h in ["文件", "机关", "年度", "结论", "错误", "警告"] {
        assert!(lines[1].contains(h), "{}", lines[1]);
    }
    // One line per file, in order, with organ, year, verdict and counts from the result.
    let (_, j, _) = nianbao(&["check", "-f", "json", d]);
    let v = json(&j);
    for (i, r) in v["reports"].as_array().unwrap().iter().enumerate() {
        let line = lines[3 + i];
        assert!(line.starts_with(r["source"].as_str().unwrap()), "{line}");
        assert!(
            line.contains(r["report"]["organ"].as_str().unwrap()),
            "{line}"
        );
        assert!(line.contains(&r["report"]["year"].to_string()), "{line}");
        let verdict = if r["verdict"] == "pass" {
            "通过"
        } else {
            "不通过"
        };
        let cells: Vec<&str> = line.split_whitespace().collect();
        let n = cells.len();
        assert_eq!(cells[n - 4], verdict, "{line}");
        assert_eq!(cells[n - 3], r["counts"]["error"].to_string(), "{line}");
        assert_eq!(cells[n - 2], r["counts"]["warning"].to_string(), "{line}");
    }
    assert!(
        out.trim_end().ends_with("共检查 5 份：通过 0，不通过 5。"),
        "{out}"
    );
    // --summary leaves out the per-report details.
    let (_, short, _) = nianbao(&["check", "--summary", d]);
    assert!(short.starts_with("== 汇总"));
    assert!(!short.contains("[META-TITLE]"));
}

#[test]
fn an_unreadable_path_is_that_files_error_and_the_rest_go_on() {
    let dir = temp_dir("unreadable");
    write(&dir.join("1.txt"), &common::fx("004"));
    let d = dir.to_str().unwrap();
    let (code, out, _) = nianbao(&["check", "-f", "json", "no/such/file.txt", d]);
    assert_eq!(code, 1);
    let v = json(&out);
    assert_eq!(v["reports"][0]["diagnostics"][0]["code"], "IN-UNSUPPORTED");
    assert_eq!(v["reports"][1]["report"]["organ"], "涞源县");
    // A directory with nothing to check is no success either.
    let empty = temp_dir("empty");
    let (code, _, err) = nianbao(&["check", empty.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("没有可检查的文件"), "{err}");
}

#[test]
fn cross_year_findings_between_files_of_a_directory() {
    let dir = temp_dir("xy");
    write(&dir.join("houma/2022.txt"), &common::fx("001"));
    write(&dir.join("houma/2023.txt"), &houma_2023());
    write(&dir.join("other/2022.txt"), &common::fx("004"));
    let d = dir.to_str().unwrap();
    let (_, out, _) = nianbao(&["check", "-f", "json", d]);
    let v = json(&out);
    let earlier = dir.join("houma/2022.txt").to_string_lossy().into_owned();
    let later = &v["reports"][1];
    let codes = |r: &serde_json::Value| -> Vec<String> {
        r["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .filter(|c| c.starts_with("XY-"))
            .collect()
    };
    assert_eq!(codes(later), ["XY-REUSE", "XY-CARRY", "XY-CARRY"]);
    let carry = later["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "XY-CARRY")
        .unwrap();
    assert_eq!(carry["severity"], "warning");
    assert_eq!(carry["compared_with"]["source"], earlier.as_str());
    assert_eq!(carry["compared_with"]["year"], 2022);
    assert!(carry["message"].as_str().unwrap().contains(&earlier));
    assert_eq!(
        codes(&v["reports"][0]),
        ["XY-CARRY", "XY-CARRY"],
        "mirrored as info"
    );
    assert!(
        codes(&v["reports"][2]).is_empty(),
        "another organ is not paired"
    );
    // The text output says it too.
    let (_, text, _) = nianbao(&["check", d]);
    assert!(text.contains("[XY-CARRY]") && text.contains("[XY-REUSE]"));
}

#[test]
fn the_result_does_not_depend_on_the_number_of_threads() {
    let dir = temp_dir("threads");
    for i in 0..12 {
        let f = common::FIXTURES[i % 5];
        write(&dir.join(format!("{i:02}.txt")), &common::fixture(f));
    }
    write(&dir.join("12.txt"), &houma_2023());
    let d = dir.to_str().unwrap();
    let (_, one, _) = nianbao(&["check", "-f", "json", "-j", "1", d]);
    let (_, four, _) = nianbao(&["check", "-f", "json", "--jobs=4", d]);
    assert_eq!(one, four);
    assert_eq!(sources(&json(&one)).len(), 13);
    assert_eq!(nianbao(&["check", "-j", "0", d]).0, 2);
}

#[test]
fn csv_on_stdout_and_export_files() {
    let dir = temp_dir("exports");
    let five = five_fixtures("exports-in");
    let fixtures = five.to_str().unwrap();
    let csv_path = dir.join("问题.csv");
    let tables = dir.join("tables.csv");
    let html = dir.join("report.html");
    let (code, out, _) = nianbao(&[
        "check",
        "--format",
        "csv",
        "--csv",
        csv_path.to_str().unwrap(),
        "--tables-csv",
        tables.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
        fixtures,
    ]);
    assert_eq!(code, 1);
    assert!(out.starts_with('\u{feff}'));
    assert_eq!(std::fs::read_to_string(&csv_path).unwrap(), out);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let (_, j, _) = nianbao(&["check", "-f", "json", fixtures]);
    let total: u64 = json(&j)["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["diagnostics"].as_array().unwrap().len() as u64)
        .sum();
    assert_eq!(rows.len() as u64, total);
    assert!(std::fs::read_to_string(&tables).unwrap().contains("127.9"));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("河北沧州经济开发区党政办公室") && page.ends_with("</html>\n"));
    // A file that cannot be written is exit 2, and said so.
    let (code, _, err) = nianbao(&[
        "check",
        "--html",
        "/no/such/dir/r.html",
        "tests/fixtures/001-houma-kaifaqu-2022.txt",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("无法写入"), "{err}");
}
