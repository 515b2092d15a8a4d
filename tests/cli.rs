//! The command line as a user runs it: exit codes, JSON contract, unreadable files.

use std::process::Command;

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

#[test]
fn json_follows_the_contract_in_the_order_given() {
    let (code, out, _) = nianbao(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/003-cangzhou-kaifaqu-2024.txt",
        "tests/fixtures/001-houma-kaifaqu-2022.txt",
    ]);
    assert_eq!(code, 1, "003 fails");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["schema"], 1);
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(
        reports[0]["source"],
        "tests/fixtures/003-cangzhou-kaifaqu-2024.txt"
    );
    assert_eq!(reports[0]["verdict"], "fail");
    assert_eq!(reports[0]["report"]["year"], 2024);
    assert_eq!(reports[0]["report"]["template"], "2021");
    assert_eq!(
        reports[0]["report"]["tables"]["t2"]["fees"]["amount_wan_yuan"],
        127.9
    );
    assert_eq!(
        reports[1]["report"]["tables"]["t3"]["2"]["legal_services"],
        serde_json::Value::Null
    );
    let d = reports[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "META-DATE-EARLY")
        .expect("the impossible date");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["span"]["line"], 409);
    assert!(d["message"].as_str().unwrap().contains("2024年1月24日"));
}

#[test]
fn exit_zero_when_all_pass() {
    let dir = std::env::temp_dir().join(format!("nianbao-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Fixture 003 with its two errors mended passes.
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/003-cangzhou-kaifaqu-2024.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replace("1、 总体情况", "一、总体情况")
    .replace("2024年1月24日", "2025年1月24日");
    let p = dir.join("mended.txt");
    std::fs::write(&p, text).unwrap();
    let (code, out, _) = nianbao(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("结论：通过"), "{out}");
}

#[test]
fn unreadable_file_is_reported_and_the_rest_go_on() {
    let (code, out, _) = nianbao(&[
        "check",
        "--format=json",
        "no/such/file.txt",
        "tests/fixtures/004-laiyuan-xian-2022.txt",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let r = v["reports"].as_array().unwrap();
    assert_eq!(r[0]["diagnostics"][0]["code"], "IN-UNSUPPORTED");
    assert!(r[0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("no/such/file.txt"));
    assert_eq!(r[1]["report"]["organ"], "涞源县");
    // A file never read gets no verdict on the report: 无法检查, still exit status 1.
    assert_eq!(r[0]["verdict"], "unreadable");
    assert_eq!(r[1]["verdict"], "fail");
    let (code, out, _) = nianbao(&[
        "check",
        "no/such/file.txt",
        "tests/fixtures/004-laiyuan-xian-2022.txt",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("结论：无法检查"), "{out}");
    assert!(
        out.contains("共检查 2 份：通过 0，不通过 1，无法检查 1。"),
        "{out}"
    );
    let (code, _, _) = nianbao(&["check", "no/such/file.txt"]);
    assert_eq!(code, 1, "unreadable alone is no success");
    let (_, out, _) = nianbao(&["check", "-f", "csv", "no/such/file.txt"]);
    assert!(out.contains("无法检查"), "{out}");
}

#[test]
fn text_output_is_chinese_with_lines() {
    let (code, out, _) = nianbao(&["check", "tests/fixtures/003-cangzhou-kaifaqu-2024.txt"]);
    assert_eq!(code, 1);
    assert!(out.contains("结论：不通过"));
    assert!(out.contains("第409行"));
    assert!(out.contains("[META-DATE-EARLY]"));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(nianbao(&[]).0, 2);
    assert_eq!(nianbao(&["check"]).0, 2);
    assert_eq!(nianbao(&["check", "--format", "xml", "a.txt"]).0, 2);
    assert_eq!(nianbao(&["frobnicate"]).0, 2);
    let (code, _, err) = nianbao(&["check", "--bogus", "a.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("用法"));
}

#[test]
fn rules_doc_is_generated_from_the_catalogue() {
    let (code, out, _) = nianbao(&["rules", "--format", "markdown"]);
    assert_eq!(code, 0);
    let committed =
        std::fs::read_to_string(format!("{}/docs/rules.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert_eq!(
        out, committed,
        "docs/rules.md is stale: run `cargo run -- rules > docs/rules.md`"
    );
    for r in nianbao::rules::catalog::RULES {
        assert!(out.contains(&format!("## {}", r.code)));
    }
    let (_, json, _) = nianbao(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        nianbao::rules::catalog::RULES.len()
    );
}

#[test]
fn help_and_version_exit_zero() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["check", "--help"],
        &["check", "-h", "a.txt"],
        &["rules", "--help"],
    ] {
        let (code, out, err) = nianbao(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            out.contains("用法：") && out.contains("nianbao check"),
            "{args:?}"
        );
        assert!(err.is_empty(), "{args:?}: {err}");
    }
    for args in [&["--version"][..], &["-V"], &["version"]] {
        let (code, out, _) = nianbao(args);
        assert_eq!(code, 0);
        assert_eq!(
            out.trim(),
            format!("nianbao {} (schema 1)", env!("CARGO_PKG_VERSION"))
        );
    }
    // After `--`, `--help` is a file name, not a request for help.
    let (code, _, _) = nianbao(&["check", "--", "--help"]);
    assert_eq!(code, 1);
}
